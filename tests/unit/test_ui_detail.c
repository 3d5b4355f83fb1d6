/*
 * test_ui_detail: the drill-down on a real frame (a TCP SYN from
 * generated/mixed.pcap): the tree has the fields at the right bytes, and
 * the arrow keys open, close and move as the help says.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>
#include <string.h>

#include "view_detail.h"

static const uint8_t syn[] = {
	0xa2, 0xd1, 0x03, 0xbe, 0xec, 0x0e, 0xde, 0xa6, 0x26, 0x0c, 0xe7, 0x15,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0xbc, 0xea, 0x40, 0x00, 0x40, 0x06,
	0x69, 0x35, 0x0a, 0x4d, 0x00, 0x01, 0x0a, 0x4d, 0x00, 0x02, 0x8b, 0xae,
	0x01, 0xbb, 0x47, 0xf7, 0x89, 0xc0, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
	0xfa, 0xf0, 0x14, 0xcb, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02,
	0x08, 0x0a, 0x75, 0xb7, 0x39, 0x54, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03,
	0x03, 0x0a,
};

static int
setup(void **state)
{
	static struct detail d;
	struct model_packet hdr = {
		.seq = 7, .ts_sec = 1700000000, .ts_usec = 500000,
		.caplen = sizeof(syn),
		.len = sizeof(syn), .linktype = 1, /* DLT_EN10MB */
	};

	detail_init(&d);
	if (detail_load(&d, &hdr, syn, 0) < 0)
		return -1;
	*state = &d;
	return 0;
}

static int
teardown(void **state)
{
	detail_free(*state);
	return 0;
}

static int
select_node(struct detail *d, int node)
{
	int i;

	for (i = 0; i < d->nvis; i++)
		if (d->vis[i] == node) {
			d->sel = i;
			return i;
		}
	return -1;
}

static void
test_tree_has_addresses_at_their_bytes(void **state)
{
	struct detail *d = *state;
	int src = tree_find(&d->tree, "ip.src", 0);
	int port = tree_find(&d->tree, "tcp.dstport", 0);
	int hidden = 0;

	assert_true(src >= 0);
	assert_string_equal(d->tree.nodes[src].value, "10.77.0.1");
	assert_int_equal(d->tree.nodes[src].offset, 26);
	assert_int_equal(d->tree.nodes[src].length, 4);
	assert_true(port >= 0);
	assert_string_equal(d->tree.nodes[port].value, "443");
	assert_int_equal(d->tree.nodes[port].offset, 36);
	/* Everything starts open but the hidden fields (ip.addr, tcp.port:
	 * tshark keeps them out of its tree too), the first node selected. */
	for (int i = 0; i < d->tree.count; i++)
		hidden += (d->tree.nodes[i].flags & TREE_FLAG_HIDDEN) != 0;
	assert_true(hidden > 0);
	assert_int_equal(d->nvis, d->tree.count - hidden);
	assert_int_equal(detail_selected(d), 0);
}

static void
test_left_closes_right_opens(void **state)
{
	struct detail *d = *state;
	int all = d->nvis, ip = tree_find(&d->tree, "ip", 0);

	assert_true(ip > 0);
	select_node(d, ip);
	assert_int_equal(detail_key(d, KEY_LEFT), UI_ACT_REDRAW);
	assert_true(d->nvis < all);
	assert_int_equal(detail_selected(d), ip);
	/* Right on a closed subtree opens it; again moves into it. */
	detail_key(d, KEY_RIGHT);
	assert_int_equal(d->nvis, all);
	detail_key(d, KEY_RIGHT);
	assert_int_equal(d->tree.nodes[detail_selected(d)].parent, ip);
	/* Left on a leaf closes its parent and selects it. */
	detail_key(d, KEY_LEFT);
	assert_int_equal(detail_selected(d), ip);
	assert_true(d->nvis < all);
	/* Enter toggles. */
	detail_key(d, '\n');
	assert_int_equal(d->nvis, all);
}

static void
test_moves_clamp_at_both_ends(void **state)
{
	struct detail *d = *state;

	detail_key(d, KEY_HOME);
	detail_key(d, KEY_UP);
	assert_int_equal(d->sel, 0);
	detail_key(d, KEY_END);
	assert_int_equal(d->sel, d->nvis - 1);
	detail_key(d, KEY_DOWN);
	assert_int_equal(d->sel, d->nvis - 1);
	d->page = 5;
	detail_key(d, KEY_PPAGE);
	assert_int_equal(d->sel, d->nvis - 6);
}

static void
test_brackets_ask_for_other_packets_and_other_keys_pass(void **state)
{
	struct detail *d = *state;

	assert_int_equal(detail_key(d, '['), UI_ACT_PREV_PACKET);
	assert_int_equal(detail_key(d, ']'), UI_ACT_NEXT_PACKET);
	assert_int_equal(detail_key(d, 'q'), UI_ACT_NONE);
	assert_int_equal(detail_key(d, 27), UI_ACT_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree_has_addresses_at_their_bytes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_left_closes_right_opens, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_moves_clamp_at_both_ends, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_brackets_ask_for_other_packets_and_other_keys_pass,
			setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
