/*
 * test_packet_print: -V and --fields output on real captures (values as
 * tshark -T fields prints them), -e order, -c and filters keeping
 * tshark's frame numbers, and hostile packet text that must neither
 * reach the terminal raw nor break a JSON line.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "output/packet_print.h"

static char out_buf[1 << 20];
/* --tls-keylog for the next run(), under tests/data; NULL for none. */
static const char *run_keylog;

/* Run packet_print_file on FILE (under tests/data unless absolute) and
 * return what it printed, NUL-terminated. */
static const char *
run(const char *file, enum packet_print_mode mode, const char *const *fields,
    size_t nfields, uint64_t count, const char *filter, int want_rc)
{
	char path[512], keys[512], err[256] = "";
	struct packet_print_config cfg = {
		.mode = mode,
		.fields = fields,
		.nfields = nfields,
		.count = count,
		.filter = filter,
	};
	FILE *f = tmpfile();
	size_t n;

	assert_non_null(f);
	if (file[0] == '/')
		snprintf(path, sizeof(path), "%s", file);
	else
		snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, file);
	cfg.file = path;
	cfg.out = f;
	if (run_keylog) {
		snprintf(keys, sizeof(keys), "%s/%s", TEST_DATA_DIR,
			 run_keylog);
		cfg.keylog_file = keys;
	}
	assert_int_equal(packet_print_file(&cfg, err, sizeof(err)), want_rc);
	if (want_rc < 0)
		assert_true(err[0] != '\0');
	rewind(f);
	n = fread(out_buf, 1, sizeof(out_buf) - 1, f);
	out_buf[n] = '\0';
	fclose(f);
	return out_buf;
}

static const char *
line(const char *text, unsigned k)
{
	static char buf[8192];
	const char *e;

	while (k-- > 0 && text) {
		text = strchr(text, '\n');
		if (text)
			text++;
	}
	assert_non_null(text);
	e = strchr(text, '\n');
	assert_non_null(e);
	assert_true((size_t)(e - text) < sizeof(buf));
	memcpy(buf, text, (size_t)(e - text));
	buf[e - text] = '\0';
	return buf;
}

static void
test_json_line_has_frame_fields_and_tshark_values(void **state)
{
	static const char *const f[] = {"frame.number", "frame.len",
					"ip.src", "dns.qry.name", "dns.a"};
	const char *o;

	(void)state;
	o = run("dns-udp.pcap", PACKET_PRINT_JSON, f, 5, 0, NULL, 0);
	/* tshark -T fields: 2  102  10.77.0.2  www.dev.example  10.77.0.2 */
	assert_string_equal(line(o, 1),
			    "{\"frame.number\":2,\"frame.len\":102,"
			    "\"ip.src\":\"10.77.0.2\",\"dns.qry.name\":"
			    "\"www.dev.example\",\"dns.a\":\"10.77.0.2\"}");
	/* a field the packet lacks is left out, not empty */
	assert_string_equal(line(o, 0),
			    "{\"frame.number\":1,\"frame.len\":98,"
			    "\"ip.src\":\"10.77.0.1\",\"dns.qry.name\":"
			    "\"www.dev.example\"}");
}

static void
test_repeated_field_is_an_array_and_joined_in_text(void **state)
{
	static const char *const f[] = {"dns.a"};
	const char *o;

	(void)state;
	/* tshark: frame 5 of dns.pcap has eight A records */
	o = run("dns.pcap", PACKET_PRINT_JSON, f, 1, 5, NULL, 0);
	assert_string_equal(line(o, 4),
			    "{\"dns.a\":[\"169.45.219.235\",\"169.47.40.142\","
			    "\"169.45.248.121\",\"108.168.176.234\","
			    "\"169.45.248.189\",\"169.45.248.180\","
			    "\"169.53.81.79\",\"169.45.219.232\"]}");
	o = run("dns.pcap", PACKET_PRINT_FIELDS, f, 1, 5, NULL, 0);
	assert_string_equal(line(o, 4),
			    "169.45.219.235,169.47.40.142,169.45.248.121,"
			    "108.168.176.234,169.45.248.189,169.45.248.180,"
			    "169.53.81.79,169.45.219.232");
}

static void
test_text_fields_keep_columns_in_e_order(void **state)
{
	static const char *const f[] = {"tcp.dstport", "frame.number",
					"no.such.field", "tcp.flags"};
	const char *o;

	(void)state;
	o = run("tls13.pcap", PACKET_PRINT_FIELDS, f, 4, 2, NULL, 0);
	assert_string_equal(line(o, 0), "443\t1\t\t0x0002");
	assert_string_equal(line(o, 1), "43744\t2\t\t0x0012");
	assert_null(strchr(line(o, 1) + 1, '\n'));
	assert_int_equal(strlen(o), strlen("443\t1\t\t0x0002\n") +
					    strlen("43744\t2\t\t0x0012\n"));
}

static void
test_filter_keeps_the_file_frame_numbers(void **state)
{
	static const char *const f[] = {"frame.number"};
	const char *o;

	(void)state;
	/* http.pcap starts with two ARP frames */
	o = run("http.pcap", PACKET_PRINT_FIELDS, f, 1, 2, "tcp", 0);
	assert_string_equal(o, "3\n4\n");
	run("http.pcap", PACKET_PRINT_FIELDS, f, 1, 0, "tcp and nonsense(",
	    -1);
	run("does-not-exist.pcap", PACKET_PRINT_FIELDS, f, 1, 0, NULL, -1);
}

/* What one packet leaves for the next of its flow, as tshark keeps it
 * (values from tshark 4.0 -T fields on the same files). */
static void
test_flows_carry_state_from_packet_to_packet(void **state)
{
	static const char *const hs[] = {"frame.number", "tls.handshake.type",
					 "tls.handshake.extensions_alpn_str"};
	static const char *const http[] = {"frame.number", "http.user_agent",
					   "http.content_type"};
	const char *o;

	(void)state;
	/* the server's Initial opens with keys from the client's first
	 * packet; its Handshake and 1-RTT packets with the secrets the
	 * pcapng carries: ServerHello, EncryptedExtensions (ALPN h3),
	 * Certificate, CertificateVerify, Finished, NewSessionTicket */
	o = run("quic-v2.pcapng", PACKET_PRINT_FIELDS, hs, 3, 4, NULL, 0);
	assert_string_equal(line(o, 0), "1\t1\th3");
	assert_string_equal(line(o, 1), "2\t2,8,11,15,20,4\th3");
	assert_string_equal(line(o, 2), "3\t\t");
	assert_string_equal(line(o, 3), "4\t20\t");
	/* a packet the filter hides still leaves its keys (tshark -Y) */
	o = run("quic-v2.pcapng", PACKET_PRINT_FIELDS, hs, 3, 1,
		"udp src port 4443", 0);
	assert_string_equal(o, "2\t2,8,11,15,20,4\th3\n");
	/* the same packets without the secrets, then with them from a key
	 * log file (--tls-keylog) */
	o = run("quic-v2-nokeys.pcap", PACKET_PRINT_FIELDS, hs, 3, 2, NULL, 0);
	assert_string_equal(o, "1\t1\th3\n2\t2\t\n");
	run_keylog = "quic-v2.keys";
	o = run("quic-v2-nokeys.pcap", PACKET_PRINT_FIELDS, hs, 3, 2, NULL, 0);
	assert_string_equal(o, "1\t1\th3\n2\t2,8,11,15,20,4\th3\n");
	run_keylog = "no-such.keys";
	run("quic-v2-nokeys.pcap", PACKET_PRINT_FIELDS, hs, 3, 2, NULL, -1);
	run_keylog = NULL;
	/* draft-29 with a Retry and a HelloRetryRequest: packet 3 sends
	 * the first ClientHello again (a retransmission, shown once), 5
	 * the second one, 6 the real ServerHello, 8 repeats it */
	o = run("quic-29.pcap", PACKET_PRINT_FIELDS, hs, 2, 8, NULL, 0);
	assert_string_equal(o, "1\t1\n2\t\n3\t\n4\t2\n5\t1\n6\t2\n7\t\n"
			       "8\t\n");
	/* a ClientHello over two packets shows where it is whole */
	o = run("quic_frags_ch_in_multiple_packets.pcapng",
		PACKET_PRINT_FIELDS, hs, 2, 2, NULL, 0);
	assert_string_equal(o, "1\t\n2\t1\n");
	/* tshark's TCP sequence analysis: frames 355 and 427 retransmit
	 * data (no TLS layer), 425 is a spurious retransmission of data
	 * already acknowledged (dissected) */
	{
		static const char *const rec[] = {"frame.number",
						  "tls.record.version"};

		o = run("tls_with_huge_ch.pcapng", PACKET_PRINT_FIELDS, rec, 2,
			430, NULL, 0);
		assert_string_equal(line(o, 354), "355\t");
		assert_string_equal(line(o, 423), "424\t0x0303");
		assert_string_equal(line(o, 424), "425\t0x0303");
		assert_string_equal(line(o, 426), "427\t");
	}
	/* header lines that go on from the segment before */
	o = run("http-lines-split.pcap", PACKET_PRINT_FIELDS, http, 3, 10,
		NULL, 0);
	assert_string_equal(line(o, 5), "6\tuclient-fetch\t");
	assert_string_equal(line(o, 8), "9\t\ttext/html; charset=UTF-8");
	assert_string_equal(line(o, 9), "10\t\t");
}

static void
test_verbose_tree_is_indented_with_a_frame_header(void **state)
{
	const char *o;

	(void)state;
	o = run("tls13.pcap", PACKET_PRINT_TREE, NULL, 0, 1, NULL, 0);
	assert_string_equal(line(o, 0), "Frame 1: 74 bytes on wire (592 bits), "
					"74 bytes captured (592 bits)");
	assert_non_null(strstr(o, "\nInternet Protocol Version 4, Src: "
				  "10.77.0.1, Dst: 10.77.0.2\n"));
	assert_non_null(strstr(o, "\n    Time to Live: 64\n"));
	assert_non_null(strstr(o, "[Protocols in frame: eth:ip:tcp]"));
}

/* One Ethernet/IPv4/TCP frame to port 80 carrying PAYLOAD, written to a
 * temporary pcap. */
static void
write_http_capture(const char *path, const char *payload, size_t n)
{
	uint8_t f[1514];
	size_t len = 54 + n;
	struct pcap_pkthdr h = {{1700000000, 5}, 0, 0};
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *d;

	assert_true(len <= sizeof(f));
	memset(f, 0, sizeof(f));
	f[12] = 0x08;                      /* IPv4 */
	f[14] = 0x45;
	f[16] = (uint8_t)((len - 14) >> 8);
	f[17] = (uint8_t)(len - 14);
	f[22] = 64;
	f[23] = 6;                         /* TCP */
	f[26] = 10, f[29] = 1, f[30] = 10, f[33] = 2;
	f[34] = 0xc0, f[35] = 0x00;        /* 49152 -> 80 */
	f[37] = 80;
	f[46] = 0x50;                      /* 20-byte header */
	f[47] = 0x18;                      /* PSH ACK */
	f[49] = 0xff;
	memcpy(f + 54, payload, n);
	h.caplen = h.len = (bpf_u_int32)len;
	d = pcap_dump_open(dead, path);
	assert_non_null(d);
	pcap_dump((u_char *)d, &h, f);
	pcap_dump_close(d);
	pcap_close(dead);
}

static void
test_hostile_text_is_escaped_in_every_mode(void **state)
{
	/* a terminal title change, a screen clear, a C1 CSI */
	static const char req[] = "GET /a\"b\\c HTTP/1.1\r\n"
				  "Host: a\"b\x1b]0;owned\x07\r\n"
				  "User-Agent: \xc2\x9b" "2J\x1b[2J\r\n\r\n";
	static const char *const f[] = {"http.request.uri", "http.host",
					"http.user_agent"};
	char path[] = "/tmp/test_packet_print_XXXXXX";
	const char *o;
	size_t k;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	write_http_capture(path, req, sizeof(req) - 1);
	o = run(path, PACKET_PRINT_TREE, NULL, 0, 0, NULL, 0);
	for (k = 0; o[k]; k++)
		assert_true((unsigned char)o[k] >= 0x20 || o[k] == '\n');
	assert_null(strstr(o, "\xc2\x9b"));
	o = run(path, PACKET_PRINT_FIELDS, f, 3, 0, NULL, 0);
	assert_string_equal(o, "/a\"b\\c\ta\"b\\x1b]0;owned\\x07\t"
			       "\\u{009b}2J\\x1b[2J\n");
	for (k = 0; o[k]; k++)
		assert_true((unsigned char)o[k] >= 0x20 || o[k] == '\n' ||
			    o[k] == '\t');
	o = run(path, PACKET_PRINT_JSON, NULL, 0, 0, NULL, 0);
	/* one line, every quote inside a value escaped */
	assert_int_equal(strchr(o, '\n') - o, (long)strlen(o) - 1);
	assert_non_null(strstr(o, "\"http.request.uri\":\"/a\\\"b\\\\c\""));
	assert_non_null(
		strstr(o, "\"http.host\":\"a\\\"b\\u001b]0;owned\\u0007\""));
	for (k = 0; o[k]; k++)
		assert_true((unsigned char)o[k] >= 0x20 || o[k] == '\n');
	close(fd);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_json_line_has_frame_fields_and_tshark_values),
		cmocka_unit_test(
			test_repeated_field_is_an_array_and_joined_in_text),
		cmocka_unit_test(test_text_fields_keep_columns_in_e_order),
		cmocka_unit_test(test_filter_keeps_the_file_frame_numbers),
		cmocka_unit_test(test_flows_carry_state_from_packet_to_packet),
		cmocka_unit_test(
			test_verbose_tree_is_indented_with_a_frame_header),
		cmocka_unit_test(test_hostile_text_is_escaped_in_every_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
