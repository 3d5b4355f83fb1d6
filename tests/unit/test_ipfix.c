/*
 * test_ipfix: the encoder's messages as RFC 7011 lays them out: a header
 * whose length is the message's, sets whose lengths add up, templates
 * whose field lengths add up to each data record's, sequence numbers
 * that count data records, messages never past 1400 bytes, a name of 255
 * bytes in the long variable-length form.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/addr.h"
#include "decode/proto_table.h"
#include "output/ipfix.h"
#include "capture/ipfix_in.h"

static uint32_t
be(const uint8_t *p, int n)
{
	uint32_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static void
rec_make(struct flowq_rec *r, int v6, unsigned app, size_t name_len)
{
	memset(r, 0, sizeof(*r));
	if (v6) {
		addr_parse(&r->a, "2001:db8::1");
		addr_parse(&r->b, "2001:db8::2");
	} else {
		addr_parse(&r->a, "10.0.0.1");
		addr_parse(&r->b, "10.0.0.2");
	}
	r->a_port = 40000;
	r->b_port = 443;
	r->l4 = 6;
	r->app = (uint8_t)app;
	r->packets[0] = 10;
	r->packets[1] = 8;
	r->bytes[0] = 1000;
	r->bytes[1] = 8000;
	r->start = 1700000000.25;
	r->end = 1700000001.5;
	r->reason = FLOWQ_END;
	memset(r->name, 'n', name_len);
	r->name_len = (uint16_t)name_len;
}

/* Walk a message: its sets' lengths must cover it exactly; templates
 * seen are remembered with the fixed length of their records (or -1 for
 * variable ones). Returns the data records found. */
static int tmpl_fixed[1024];

static unsigned
walk(const uint8_t *m, size_t len)
{
	size_t off = 16;
	unsigned records = 0;

	assert_int_equal(be(m, 2), 10);
	assert_int_equal(be(m + 2, 2), len);
	assert_true(len <= IPFIX_MSG_MAX);
	while (off < len) {
		uint32_t id = be(m + off, 2), slen = be(m + off + 2, 2);

		assert_true(slen >= 4 && off + slen <= len);
		if (id == 2) {
			size_t p = off + 4;

			while (p < off + slen) {
				uint32_t tid = be(m + p, 2), n = be(m + p + 2, 2);
				int fixed = 0;

				p += 4;
				for (uint32_t k = 0; k < n; k++) {
					uint32_t eid = be(m + p, 2), flen = be(m + p + 2, 2);

					p += (eid & 0x8000) ? 8 : 4;
					if (flen == IPFIX_VARLEN || fixed < 0)
						fixed = -1;
					else
						fixed += (int)flen;
				}
				tmpl_fixed[tid] = fixed;
			}
			assert_int_equal(p, off + slen);
		} else {
			assert_true(id >= IPFIX_TEMPLATE_FIRST &&
				    id < IPFIX_TEMPLATE_FIRST + IPFIX_TEMPLATES);
			if (tmpl_fixed[id] > 0)
				records += (slen - 4) / (unsigned)tmpl_fixed[id];
			else
				records++; /* counted by the caller */
		}
		off += slen;
	}
	assert_int_equal(off, len);
	return records;
}

static void
test_templates_fit_one_message(void **state)
{
	struct ipfix_msg msg;
	struct ipfix_enc e = { .domain = 7 };
	size_t len;

	(void)state;
	ipfix_msg_begin(&msg);
	for (int id = 0; id < IPFIX_TEMPLATES; id++)
		assert_int_equal(ipfix_msg_template(&msg, (uint16_t)(IPFIX_TEMPLATE_FIRST + id)), 0);
	len = ipfix_msg_finish(&msg, &e, 1700000000);
	assert_true(len > 16);
	assert_int_equal(walk(msg.buf, len), 0);
	assert_int_equal(be(msg.buf + 12, 4), 7);
	assert_int_equal(e.seq, 0);
	/* plain IPv4: 17 fields, applicationName variable */
	assert_int_equal(tmpl_fixed[IPFIX_TEMPLATE_FIRST], -1);
}

static void
test_shapes_pick_their_element(void **state)
{
	struct flowq_rec r;
	struct ipfix_elem_info el[64];
	size_t n;
	bool sni = false;

	(void)state;
	rec_make(&r, 0, PROTO_TLS, 11);
	assert_int_equal(ipfix_template_id(&r), IPFIX_TEMPLATE_FIRST + IPFIX_SNI);
	rec_make(&r, 1, PROTO_DNS, 11);
	assert_int_equal(ipfix_template_id(&r),
			 IPFIX_TEMPLATE_FIRST + IPFIX_KINDS + IPFIX_DNS);
	rec_make(&r, 0, PROTO_HTTP, 0);
	assert_int_equal(ipfix_template_id(&r), IPFIX_TEMPLATE_FIRST + IPFIX_PLAIN);
	n = ipfix_template_elems(IPFIX_TEMPLATE_FIRST + IPFIX_SNI, el, 64);
	for (size_t i = 0; i < n; i++)
		if (el[i].id == 188 && el[i].pen == IPFIX_PEN_NTOP)
			sni = true;
	assert_true(sni);
}

static void
test_records_fill_messages_and_count(void **state)
{
	struct ipfix_msg msg;
	struct ipfix_enc e = { .domain = 1 };
	struct flowq_rec r;
	unsigned sent = 0, msgs = 0, in_msgs = 0;
	uint32_t seq_expected = 0;

	(void)state;
	ipfix_msg_begin(&msg);
	for (int i = 0; i < 500; i++) {
		/* every shape, and the longest name */
		rec_make(&r, i % 2, i % 3 ? PROTO_TLS : PROTO_NONE,
			 i % 7 == 0 ? MODEL_NAME_MAX - 1 : (size_t)(i % 3 ? 20 : 0));
		if (ipfix_msg_record(&msg, &e, &r) < 0) {
			uint32_t records = msg.records;
			size_t len = ipfix_msg_finish(&msg, &e, 1);

			assert_true(len <= IPFIX_MSG_MAX);
			assert_int_equal(be(msg.buf + 8, 4), seq_expected);
			seq_expected += records;
			in_msgs += records;
			msgs++;
			ipfix_msg_begin(&msg);
			assert_int_equal(ipfix_msg_record(&msg, &e, &r), 0);
		}
		sent++;
	}
	in_msgs += msg.records;
	(void)ipfix_msg_finish(&msg, &e, 1);
	assert_int_equal(in_msgs, sent);
	assert_int_equal(e.seq, sent);
	assert_true(msgs > 10);
}

static void
test_long_name_uses_three_byte_length(void **state)
{
	struct ipfix_msg msg;
	struct ipfix_enc e = { 0 };
	struct flowq_rec r;
	size_t len;

	(void)state;
	rec_make(&r, 0, PROTO_TLS, 255);
	ipfix_msg_begin(&msg);
	assert_int_equal(ipfix_msg_record(&msg, &e, &r), 0);
	len = ipfix_msg_finish(&msg, &e, 1);
	/* the name is last: 255, then 0x00ff, then its bytes */
	assert_int_equal(msg.buf[len - 255 - 3], 255);
	assert_int_equal(be(msg.buf + len - 255 - 2, 2), 255);
	assert_int_equal(msg.buf[len - 1], 'n');
}

/* HTTP: the template carries 460, 459, 461, 457 and 468; a request
 * without a Host still takes it; a record with every string at its cap
 * (and the longest Host, command and user) fits one message. */
static void
test_http_elements_fit(void **state)
{
	static const uint16_t want[] = { 460, 459, 461, 457, 468 };
	struct ipfix_elem_info el[64];
	struct ipfix_msg msg;
	struct ipfix_enc e = { 0 };
	struct flowq_rec r;
	size_t n, len;

	(void)state;
	n = ipfix_template_elems(IPFIX_TEMPLATE_FIRST + IPFIX_HTTP, el, 64);
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		bool found = false;

		for (size_t i = 0; i < n; i++)
			if (el[i].id == want[k] && el[i].pen == 0)
				found = true;
		assert_true(found);
	}
	rec_make(&r, 0, PROTO_HTTP, 0);
	r.http.method_len = 3;
	memcpy(r.http.method, "GET", 3);
	assert_int_equal(ipfix_template_id(&r), IPFIX_TEMPLATE_FIRST + IPFIX_HTTP);
	rec_make(&r, 1, PROTO_HTTP, MODEL_NAME_MAX - 1);
	r.http.method_len = MODEL_HTTP_METHOD - 1;
	memset(r.http.method, 'M', MODEL_HTTP_METHOD - 1);
	r.http.target_len = MODEL_HTTP_TARGET - 1;
	memset(r.http.target, '/', MODEL_HTTP_TARGET - 1);
	r.http.ua_len = MODEL_HTTP_UA - 1;
	memset(r.http.ua, 'u', MODEL_HTTP_UA - 1);
	r.http.status = 599;
	r.http.status_seen = 1;
	memset(r.comm, 'c', sizeof(r.comm) - 1);
	memset(r.user, 'w', sizeof(r.user) - 1);
	assert_int_equal(ipfix_template_id(&r),
			 IPFIX_TEMPLATE_FIRST + IPFIX_KINDS + IPFIX_HTTP);
	ipfix_msg_begin(&msg);
	assert_int_equal(ipfix_msg_template(&msg, ipfix_template_id(&r)), 0);
	assert_int_equal(ipfix_msg_record(&msg, &e, &r), 0);
	len = ipfix_msg_finish(&msg, &e, 1);
	assert_true(len <= IPFIX_MSG_MAX);
	assert_int_equal(walk(msg.buf, len), 1);
	/* 468 is last: its value ends the message */
	assert_int_equal(msg.buf[len - 1], 'u');
	assert_int_equal(msg.buf[len - MODEL_HTTP_UA], MODEL_HTTP_UA - 1);
}

/* --collect's decoder reads back what the encoder writes. */
struct decoded {
	struct model_flow_in f[8];
	size_t n;
};

static void
on_flow(void *arg, uint32_t domain, const struct model_flow_in *f)
{
	struct decoded *d = arg;

	assert_int_equal(domain, 42);
	if (d->n < 8)
		d->f[d->n++] = *f;
}

static void
test_decoder_reads_the_encoder(void **state)
{
	struct ipfix_in *in = ipfix_in_new();
	struct ipfix_enc e = { .domain = 42 };
	struct ipfix_msg msg;
	struct flowq_rec r[3];
	struct decoded d = { .n = 0 };
	uint32_t domain;
	size_t len;

	(void)state;
	assert_non_null(in);
	rec_make(&r[0], 0, PROTO_TLS, 11);
	memcpy(r[0].name, "example.org", 11);
	rec_make(&r[1], 1, PROTO_DNS, 9);
	memcpy(r[1].name, "q.example", 9);
	rec_make(&r[2], 0, PROTO_NONE, 0);
	ipfix_msg_begin(&msg);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ipfix_msg_template(&msg, ipfix_template_id(&r[i])), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ipfix_msg_record(&msg, &e, &r[i]), 0);
	len = ipfix_msg_finish(&msg, &e, 1);
	assert_int_equal(ipfix_in_message(in, 1, msg.buf, len, &domain, on_flow, &d), 0);
	assert_int_equal(d.n, 3);
	for (int i = 0; i < 3; i++) {
		assert_true(addr_equal(&d.f[i].a, &r[i].a));
		assert_true(addr_equal(&d.f[i].b, &r[i].b));
		assert_int_equal(d.f[i].a_port, 40000);
		assert_int_equal(d.f[i].b_port, 443);
		assert_int_equal(d.f[i].l4, 6);
		assert_int_equal(d.f[i].packets[0], 10);
		assert_int_equal(d.f[i].packets[1], 8);
		assert_int_equal(d.f[i].bytes[0], 1000);
		assert_int_equal(d.f[i].bytes[1], 8000);
		assert_int_equal(d.f[i].app, r[i].app);
		assert_int_equal(d.f[i].name_len, r[i].name_len);
		assert_memory_equal(d.f[i].name, r[i].name, r[i].name_len);
	}
	assert_int_equal(in->st.malformed, 0);
	/* cut anywhere inside: malformed, and never a flow more */
	for (size_t cut = 0; cut < len; cut++) {
		struct ipfix_in *fresh = ipfix_in_new();

		d.n = 0;
		assert_int_equal(ipfix_in_message(fresh, 1, msg.buf, cut, &domain,
						  on_flow, &d), -1);
		assert_true(d.n <= 3);
		ipfix_in_free(fresh);
	}
	ipfix_in_free(in);
}

/* Unsigned elements in reduced-size encoding (RFC 7011 section 6.2) are
 * read up to their width; wider than the element is ignored. */
static void
test_decoder_reduced_size(void **state)
{
	static const uint8_t fields[][2] = {
		{ 7, 1 },  /* sourceTransportPort in one byte */
		{ 11, 3 }, /* destinationTransportPort wider than 16 bits */
		{ 4, 2 },  /* protocolIdentifier in two bytes */
		{ 8, 4 }, { 12, 4 },
		{ 1, 3 },  /* octetDeltaCount in three bytes */
		{ 2, 1 },  /* packetDeltaCount in one byte */
	};
	static const uint8_t rec[] = {
		53,                /* port 53 */
		0x00, 0x01, 0xbb,  /* ignored */
		0x00, 17,          /* UDP */
		10, 0, 0, 1, 10, 0, 0, 2,
		0x01, 0x00, 0x01,  /* 65537 bytes */
		9,                 /* 9 packets */
	};
	const size_t nf = sizeof(fields) / sizeof(fields[0]);
	uint8_t m[128];
	size_t n = 16, tset, dset;
	struct ipfix_in *in = ipfix_in_new();
	struct decoded d = { .n = 0 };
	uint32_t domain;

	(void)state;
	assert_non_null(in);
	memset(m, 0, sizeof(m));
	m[1] = 10;  /* version */
	m[15] = 42; /* observation domain */
	tset = n;
	m[n + 1] = 2; /* template set */
	m[n + 3] = (uint8_t)(8 + 4 * nf);
	m[n + 4] = 1; /* template 256 */
	m[n + 7] = (uint8_t)nf;
	n += 8;
	for (size_t i = 0; i < nf; i++, n += 4) {
		m[n + 1] = fields[i][0];
		m[n + 3] = fields[i][1];
	}
	assert_int_equal(n - tset, 8 + 4 * nf);
	dset = n;
	m[n] = 1; /* set 256 */
	m[n + 3] = (uint8_t)(4 + sizeof(rec));
	memcpy(m + n + 4, rec, sizeof(rec));
	n += 4 + sizeof(rec);
	assert_int_equal(n - dset, 4 + sizeof(rec));
	m[3] = (uint8_t)n; /* message length */
	assert_int_equal(ipfix_in_message(in, 1, m, n, &domain, on_flow, &d), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.f[0].a_port, 53);
	assert_int_equal(d.f[0].b_port, 0);
	assert_int_equal(d.f[0].l4, 17);
	assert_int_equal(d.f[0].bytes[0], 65537);
	assert_int_equal(d.f[0].packets[0], 9);
	ipfix_in_free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_templates_fit_one_message),
		cmocka_unit_test(test_shapes_pick_their_element),
		cmocka_unit_test(test_records_fill_messages_and_count),
		cmocka_unit_test(test_long_name_uses_three_byte_length),
		cmocka_unit_test(test_http_elements_fit),
		cmocka_unit_test(test_decoder_reads_the_encoder),
		cmocka_unit_test(test_decoder_reduced_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
