/*
 * test_control: the capture's control on real sources: the expression the
 * capture runs is the user's filter with our SSH session's clause while it
 * is hidden; a change is checked by every source before any takes it (a
 * wrong one changes nothing); hiding toggles the clause only; an unbound
 * control refuses and says why; stop reaches the sources.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "capture/control.h"
#include "capture/sources.h"
#include "model/model.h"

#define DATA(name) TEST_DATA_DIR "/" name
#define CLAUSE "tcp and host 192.0.2.7 and port 50522"

struct run {
	struct control *ctl;
	struct sources *s;
	struct model *m;
};

/* Open FILE as main does: the control first, the sources with what it
 * composed, then the binding. */
static void
run_open(struct run *r, const char *file, const char *user,
	 const char *clause, bool hiding)
{
	struct sources_config cfg = { .capture.read_file = file };
	char err[512] = "";
	char *expr;

	r->ctl = control_new(user, clause, hiding, err, sizeof(err));
	assert_non_null(r->ctl);
	expr = control_capture_filter(r->ctl);
	assert_non_null(expr);
	cfg.capture.filter = expr;
	r->s = sources_open(&cfg, err, sizeof(err));
	free(expr);
	assert_non_null(r->s);
	control_bind(r->ctl, r->s);
	r->m = model_new(NULL, sources_linktype(r->s), err, sizeof(err));
	assert_non_null(r->m);
}

static void
run_close(struct run *r)
{
	control_bind(r->ctl, NULL);
	sources_close(r->s);
	control_free(r->ctl);
	model_free(r->m);
}

static void
expect(struct control *ctl, const char *user, const char *capture)
{
	char buf[256];

	control_get_filter(ctl, buf, sizeof(buf));
	assert_string_equal(buf, user);
	control_get_capture_filter(ctl, buf, sizeof(buf));
	assert_string_equal(buf, capture);
}

static void
test_capture_filter_is_user_and_not_clause(void **state)
{
	char err[128];
	struct control *ctl;
	bool on;

	(void)state;
	ctl = control_new("port 53", CLAUSE, true, err, sizeof(err));
	assert_non_null(ctl);
	expect(ctl, "port 53", "(port 53) and not (" CLAUSE ")");
	assert_true(control_get_hiding(ctl, &on));
	assert_true(on);
	control_free(ctl);

	ctl = control_new(NULL, CLAUSE, true, err, sizeof(err));
	expect(ctl, "", "not (" CLAUSE ")");
	control_free(ctl);

	/* --show-self: the clause is known, not in force */
	ctl = control_new("port 53", CLAUSE, false, err, sizeof(err));
	expect(ctl, "port 53", "port 53");
	assert_true(control_get_hiding(ctl, &on));
	assert_false(on);
	control_free(ctl);

	/* not in an SSH session: nothing to hide, whatever was asked */
	ctl = control_new("", "", true, err, sizeof(err));
	expect(ctl, "", "");
	assert_false(control_get_hiding(ctl, &on));
	assert_false(on);
	control_free(ctl);
}

static void
test_unbound_control_refuses_and_keeps_its_state(void **state)
{
	char err[128] = "", buf[16] = "x";
	struct control *ctl;
	bool on = true;

	(void)state;
	ctl = control_new("udp", CLAUSE, true, err, sizeof(err));
	assert_int_equal(control_set_filter(ctl, "tcp", err, sizeof(err)), -1);
	assert_string_equal(err, "the capture filter cannot be changed for "
				 "this source");
	assert_int_equal(control_set_hiding(ctl, false, err, sizeof(err)), -1);
	expect(ctl, "udp", "(udp) and not (" CLAUSE ")");
	assert_false(control_stop(ctl));
	control_free(ctl);

	/* a UI run without a capture (tests) passes NULL */
	control_get_filter(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "");
	assert_false(control_get_hiding(NULL, &on));
	assert_false(on);
	assert_false(control_stop(NULL));
	assert_int_equal(control_set_filter(NULL, "tcp", err, sizeof(err)),
			 -1);
}

static void
test_wrong_filter_changes_nothing(void **state)
{
	char err[512] = "";
	struct run r;

	(void)state;
	run_open(&r, DATA("dns.pcap"), "udp", CLAUSE, true);
	assert_int_equal(control_set_filter(r.ctl, "udp and", err,
					    sizeof(err)), -1);
	/* the composed expression is what the sources compiled */
	assert_non_null(strstr(err, "bad capture filter '(udp and) and not"));
	expect(r.ctl, "udp", "(udp) and not (" CLAUSE ")");
	assert_int_equal(control_set_filter(r.ctl, "icmp", err, sizeof(err)),
			 0);
	expect(r.ctl, "icmp", "(icmp) and not (" CLAUSE ")");
	assert_int_equal(control_set_filter(r.ctl, "", err, sizeof(err)), 0);
	expect(r.ctl, "", "not (" CLAUSE ")");
	run_close(&r);
}

static void
test_hiding_toggles_the_clause_only(void **state)
{
	char err[512] = "";
	struct run r;
	bool on;

	(void)state;
	run_open(&r, DATA("dns.pcap"), "udp port 53", CLAUSE, true);
	assert_int_equal(control_set_hiding(r.ctl, false, err, sizeof(err)),
			 0);
	assert_true(control_get_hiding(r.ctl, &on));
	assert_false(on);
	expect(r.ctl, "udp port 53", "udp port 53");
	/* a new filter keeps the clause out while shown */
	assert_int_equal(control_set_filter(r.ctl, "udp", err, sizeof(err)),
			 0);
	expect(r.ctl, "udp", "udp");
	assert_int_equal(control_set_hiding(r.ctl, true, err, sizeof(err)),
			 0);
	assert_true(control_get_hiding(r.ctl, &on));
	assert_true(on);
	expect(r.ctl, "udp", "(udp) and not (" CLAUSE ")");
	run_close(&r);
}

/* The sources run what the control composed from the start. */
static void
test_sources_open_with_the_composed_filter(void **state)
{
	const struct timespec nap = { 0, 10 * 1000000 };
	char err[512] = "";
	struct model_totals t;
	struct run r;
	int i;

	(void)state;
	/* dns.pcap: 5 packets, 3 of them UDP port 53 (the other 2 in
	 * PPPoE); the clause here leaves out those 3 */
	run_open(&r, DATA("dns.pcap"), NULL, "udp port 53", true);
	assert_int_equal(sources_start(r.s, r.m, err, sizeof(err)), 0);
	for (i = 0; i < 1000 && !sources_done(r.s); i++)
		nanosleep(&nap, NULL);
	assert_true(sources_done(r.s));
	model_get_totals(r.m, &t);
	assert_int_equal(t.packets, 2);
	/* stopping a source that has ended is harmless */
	assert_true(control_stop(r.ctl));
	run_close(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capture_filter_is_user_and_not_clause),
		cmocka_unit_test(test_unbound_control_refuses_and_keeps_its_state),
		cmocka_unit_test(test_wrong_filter_changes_nothing),
		cmocka_unit_test(test_hiding_toggles_the_clause_only),
		cmocka_unit_test(test_sources_open_with_the_composed_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
