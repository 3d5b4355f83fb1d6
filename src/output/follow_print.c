/*
 * follow_print: --follow. The file is read twice over in one pass: every
 * frame is numbered into tshark's streams (follow_index) and the frames
 * of the chosen one go to the reassembler (inspect/follow.c); then the
 * pieces are printed as tshark's follow tap prints them. Nothing from a
 * stream reaches the terminal as itself but printable ASCII and line
 * breaks (ascii, hex) or hex digits (raw).
 */
#include "config.h"

#include "output/follow_print.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "base/infile.h"
#include "base/i18n.h"
#include "inspect/follow.h"
#include "inspect/follow_http.h"
#include "inspect/follow_quic.h"
#include "inspect/inspect.h"

#define FOLLOW_PRINT_RULE \
	"==================================================================="

int
follow_print_format_parse(const char *text)
{
	if (strcmp(text, "ascii") == 0)
		return FOLLOW_PRINT_ASCII;
	if (strcmp(text, "hex") == 0)
		return FOLLOW_PRINT_HEX;
	if (strcmp(text, "raw") == 0)
		return FOLLOW_PRINT_RAW;
	return -1;
}

/* "ADDR:PORT" or "[ADDR6]:PORT" of length N at S. */
static int
follow_spec_endpoint(const char *s, size_t n, struct addr *a, uint16_t *port)
{
	char host[64], *end;
	const char *colon;
	unsigned long v;

	if (n == 0 || n >= sizeof(host))
		return -1;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (close == NULL || (size_t)(close - s) + 1 >= n ||
		    close[1] != ':')
			return -1;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		colon = close + 1;
	} else {
		colon = NULL;
		for (size_t i = 0; i < n; i++)
			if (s[i] == ':')
				colon = s + i;
		if (colon == NULL)
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	if (addr_parse(a, host) < 0)
		return -1;
	{
		char num[8];
		size_t k = n - (size_t)(colon + 1 - s);

		if (k == 0 || k >= sizeof(num))
			return -1;
		memcpy(num, colon + 1, k);
		num[k] = '\0';
		errno = 0;
		v = strtoul(num, &end, 10);
		if (errno || *end || num[0] < '0' || num[0] > '9' ||
		    v > 65535)
			return -1;
	}
	*port = (uint16_t)v;
	return 0;
}

int
follow_spec_parse(struct follow_spec *sp, const char *text, char *err,
		  size_t errlen)
{
	const char *rest, *comma;
	char *end;

	memset(sp, 0, sizeof(*sp));
	sp->quic_stream = -1;
	if (strncmp(text, "tcp,", 4) == 0)
		sp->l4 = 6;
	else if (strncmp(text, "udp,", 4) == 0)
		sp->l4 = 17;
	else if (strncmp(text, "http,", 5) == 0) {
		sp->l4 = 6;
		sp->http = true;
	} else if (strncmp(text, "quic,", 5) == 0) {
		sp->l4 = 17;
		sp->quic = true;
	} else
		goto bad;
	rest = text + (sp->http || sp->quic ? 5 : 4);
	comma = strchr(rest, ',');
	if (sp->quic && comma != NULL && strchr(comma + 1, ',') == NULL &&
	    strchr(comma + 1, ':') == NULL) {
		/* quic,N,S: one STREAM, tshark's follow,quic,FMT,N,S */
		long long v;

		errno = 0;
		v = strtoll(comma + 1, &end, 10);
		if (errno || *end || comma[1] < '0' || comma[1] > '9' ||
		    v < 0)
			goto bad;
		sp->quic_stream = v;
		errno = 0;
		v = strtoll(rest, &end, 10);
		if (errno || end != comma || rest[0] < '0' || rest[0] > '9' ||
		    v < 0)
			goto bad;
		sp->by_index = true;
		sp->index = v;
	} else if (comma == NULL) {
		long long v;

		errno = 0;
		v = strtoll(rest, &end, 10);
		if (errno || *end || rest[0] < '0' || rest[0] > '9' || v < 0)
			goto bad;
		sp->by_index = true;
		sp->index = v;
	} else if (follow_spec_endpoint(rest, (size_t)(comma - rest), &sp->a,
					&sp->a_port) < 0 ||
		   follow_spec_endpoint(comma + 1, strlen(comma + 1), &sp->b,
					&sp->b_port) < 0) {
		goto bad;
	}
	snprintf(sp->text, sizeof(sp->text), "%s", text);
	return 0;
bad:
	snprintf(err, errlen,
		 _("expected tcp,N, udp,N, http,N, quic,N or quic,N,S "
		   "(tshark's stream index, a QUIC stream id) or "
		   "tcp,ADDR:PORT,ADDR:PORT"));
	return -1;
}

/* ---- printing ---- */

static void
follow_print_node(FILE *out, int i, const struct follow *f)
{
	char a[64] = "";

	if (f->have_nodes)
		addr_format(&f->node[i], a, sizeof(a));
	if (f->have_nodes && f->node[i].family == 6)
		fprintf(out, "Node %d: [%s]:%u\n", i, a, f->port[i]);
	else
		fprintf(out, "Node %d: %s:%u\n", i, a, (unsigned)f->port[i]);
}

/* tshark writes a gap as this text (with its NUL) among the bytes. */
static size_t
follow_print_gap_text(const struct follow_chunk *c, char *buf, size_t size)
{
	int n = snprintf(buf, size, "[%d bytes missing in capture file]",
			 (int)c->len);

	if (n < 0 || (size_t)n >= size)
		return 0;
	return (size_t)n + 1;
}

static void
follow_print_ascii(FILE *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* line breaks kept (a CR only before its LF: a lone one
		 * would let a stream write over its own line) */
		if (p[i] == '\n' || (p[i] == '\r' && i + 1 < n &&
				     p[i + 1] == '\n'))
			fputc(p[i], out);
		else
			fputc(escape_ascii_dot(p[i]), out);
	}
}

static void
follow_print_hex_lines(FILE *out, const char *prefix, uint64_t offset,
		       const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i += 16) {
		char line[80];
		size_t k = n - i < 16 ? n - i : 16, end = 0;

		memset(line, ' ', sizeof(line));
		snprintf(line, 11, "%08llX", (unsigned long long)(offset + i));
		line[8] = ' ';
		for (size_t j = 0; j < k; j++) {
			size_t h = 10 + 3 * j + (j >= 8), a = 60 + j + (j >= 8);

			line[h] = hex[p[i + j] >> 4];
			line[h + 1] = hex[p[i + j] & 15];
			line[a] = escape_ascii_dot(p[i + j]);
			end = a + 1;
		}
		/* tshark's lines end at their last character shown */
		while (end > 0 && line[end - 1] == ' ')
			end--;
		line[end] = '\0';
		fprintf(out, "%s%s\n", prefix, line);
	}
}

/* A note on NOTES when COUNT is not zero, with COUNT its one number
 * (%u). A macro, not a table of formats: each format stays a literal
 * that -Wformat=2 checks against its argument. */
#define FOLLOW_NOTE_COUNT(notes, count, fmt)                          \
	do {                                                          \
		if ((count) != 0)                                     \
			fprintf((notes), (fmt), (unsigned)(count));   \
	} while (0)

/* What HTTP decoding could not do, said (stderr). */
static void
follow_print_http_notes(FILE *notes, const struct follow *f)
{
	if (!f->http)
		return;
	FOLLOW_NOTE_COUNT(notes, f->http_bad_coding,
			  _("pktop: follow: %u HTTP bodies with bad gzip, "
			    "deflate or chunked data: shown as captured from "
			    "the fault\n"));
	FOLLOW_NOTE_COUNT(notes, f->http_unsupported,
			  _("pktop: follow: %u HTTP bodies in a content coding "
			    "other than gzip or deflate: shown as captured\n"));
	if (f->http_bombs)
		fprintf(notes,
			_("pktop: follow: %u HTTP bodies decompressed past "
			  "%u MiB (the cap against decompression bombs): "
			  "the rest is not shown\n"),
			(unsigned)f->http_bombs, FOLLOW_HTTP_BODY_CAP >> 20);
	FOLLOW_NOTE_COUNT(notes, f->http_incomplete,
			  _("pktop: follow: %u HTTP messages end with the "
			    "capture: shown as far as they go\n"));
	for (int d = 0; d < 2; d++)
		if (f->http_raw_dirs & (1u << d))
			fprintf(notes,
				_("pktop: follow: node %d: bytes that are not "
				  "HTTP/1.x (or follow a gap): shown as "
				  "captured\n"),
				d);
}

static const char *
follow_print_proto(const struct follow *f)
{
	if (f->http)
		return "http";
	if (f->quic)
		return "quic";
	return f->l4 == 17 ? "udp" : "tcp";
}

/* What QUIC decoding opened and what not, and why (stderr). */
static void
follow_print_quic_notes(FILE *notes, const struct follow *f)
{
	if (!f->quic)
		return;
	fprintf(notes,
		_("pktop: follow: QUIC: %u Initial packets decrypted (keys "
		  "from the client's Destination Connection ID): their "
		  "CRYPTO data is shown\n"),
		(unsigned)f->quic_initial_opened);
	FOLLOW_NOTE_COUNT(notes, f->quic_initial_failed,
			  _("pktop: follow: QUIC: %u Initial packets not "
			    "opened (no client Initial first, or the tag did "
			    "not verify)\n"));
	if (f->quic_keyed_opened)
		fprintf(notes,
			_("pktop: follow: QUIC: %u Handshake, 0-RTT and "
			  "1-RTT packets decrypted with the TLS key log: "
			  "their CRYPTO and STREAM data (%u streams) is "
			  "shown\n"),
			(unsigned)f->quic_keyed_opened,
			(unsigned)f->quic_streams);
	FOLLOW_NOTE_COUNT(notes, f->quic_no_keylog,
			  _("pktop: follow: QUIC: %u Handshake, 0-RTT and "
			    "1-RTT packets not opened: no TLS secrets (give "
			    "--tls-keylog FILE, or a pcapng with them), so "
			    "their STREAM data is not shown\n"));
	FOLLOW_NOTE_COUNT(notes, f->quic_no_secret,
			  _("pktop: follow: QUIC: %u Handshake, 0-RTT and "
			    "1-RTT packets not opened: the key log has no "
			    "secret for this connection's ClientHello (or it "
			    "was not seen)\n"));
	FOLLOW_NOTE_COUNT(notes, f->quic_suite,
			  _("pktop: follow: QUIC: %u packets not opened: the "
			    "cipher suite is not TLS_AES_128_GCM_SHA256, the "
			    "one pktop decrypts\n"));
	FOLLOW_NOTE_COUNT(notes, f->quic_keyed_failed,
			  _("pktop: follow: QUIC: %u packets not opened: the "
			    "key log's keys did not verify them\n"));
	FOLLOW_NOTE_COUNT(notes, f->quic_unknown,
			  _("pktop: follow: QUIC: %u packets of a version "
			    "without known keys (or version negotiation)\n"));
	if (f->quic_dropped)
		fprintf(notes,
			_("pktop: follow: QUIC: %llu CRYPTO or STREAM bytes "
			  "left out (past 16 MiB of a stream, or too many "
			  "pieces waiting)\n"),
			(unsigned long long)f->quic_dropped);
}

/* The line before a QUIC piece of another stream than the one before:
 * a format token of the output, like "Follow:", so not translated. */
static void
follow_print_quic_label(FILE *out, int64_t stream)
{
	switch (stream) {
	case FOLLOW_CRYPTO_INITIAL:
		fputs("[QUIC CRYPTO, Initial]\n", out);
		break;
	case FOLLOW_CRYPTO_HANDSHAKE:
		fputs("[QUIC CRYPTO, Handshake]\n", out);
		break;
	case FOLLOW_CRYPTO_APP:
		fputs("[QUIC CRYPTO, 1-RTT]\n", out);
		break;
	default:
		fprintf(out, "[QUIC stream %lld]\n", (long long)stream);
		break;
	}
}

void
follow_print(FILE *out, FILE *notes, const struct follow *f,
	     enum follow_print_format format, const char *filter)
{
	follow_print_quic(out, notes, f, format, filter, -1);
}

void
follow_print_quic(FILE *out, FILE *notes, const struct follow *f,
		  enum follow_print_format format, const char *filter,
		  int64_t s)
{
	static const char *const names[] = { "ascii", "hex", "raw" };
	uint64_t pos[2] = { 0, 0 };
	int64_t last = FOLLOW_STREAM_NONE;

	fprintf(out, "\n%s\nFollow: %s,%s\nFilter: %s\n", FOLLOW_PRINT_RULE,
		follow_print_proto(f), names[format], filter);
	follow_print_node(out, 0, f);
	follow_print_node(out, 1, f);
	for (size_t i = 0; i < f->nchunks; i++) {
		const struct follow_chunk *c = &f->chunks[i];
		const char *prefix = c->dir ? "\t" : "";
		char gap[64];
		const uint8_t *p = f->data + c->data;
		size_t n = c->len;

		if (f->quic && s >= 0 && c->stream != s)
			continue;
		if (f->quic && s < 0 && c->stream != last)
			follow_print_quic_label(out, c->stream);
		last = c->stream;
		if (c->kind == FOLLOW_GAP) {
			n = follow_print_gap_text(c, gap, sizeof(gap));
			p = (const uint8_t *)gap;
		}
		switch (format) {
		case FOLLOW_PRINT_ASCII:
			fprintf(out, "%s%zu\n", prefix, n);
			follow_print_ascii(out, p, n);
			fputc('\n', out);
			break;
		case FOLLOW_PRINT_HEX:
			follow_print_hex_lines(out, prefix, pos[c->dir], p, n);
			break;
		case FOLLOW_PRINT_RAW:
			fputs(prefix, out);
			for (size_t j = 0; j < n; j++)
				fprintf(out, "%02x", p[j]);
			fputc('\n', out);
			break;
		}
		pos[c->dir] += n;
	}
	fprintf(out, "%s\n", FOLLOW_PRINT_RULE);
	if (notes == NULL)
		return;
	for (int d = 0; d < 2; d++) {
		if (f->missing[d])
			fprintf(notes,
				_("pktop: follow: node %d: %llu bytes "
				  "missing in the capture\n"),
				d, (unsigned long long)f->missing[d]);
		if (f->truncated[d])
			fprintf(notes,
				_("pktop: follow: node %d: %llu bytes "
				  "truncated by the snap length\n"),
				d, (unsigned long long)f->truncated[d]);
		if (f->unacked[d])
			fprintf(notes,
				_("pktop: follow: node %d: %llu bytes after "
				  "a gap never acknowledged: not shown (as "
				  "tshark)\n"),
				d, (unsigned long long)f->unacked[d]);
	}
	if (f->capped)
		fprintf(notes,
			_("pktop: follow: stopped at %u MiB (the cap of one "
			  "follow): the rest is not shown\n"),
			FOLLOW_CAP_BYTES >> 20);
	follow_print_http_notes(notes, f);
	follow_print_quic_notes(notes, f);
	if (f->dropped_waiting)
		fprintf(notes,
			_("pktop: follow: %llu out-of-order segments left "
			  "out (more than %d waiting)\n"),
			(unsigned long long)f->dropped_waiting,
			FOLLOW_MAX_WAITING);
}

int
follow_print_file(const struct follow_print_config *cfg, char *err,
		  size_t errlen)
{
	char filter[200];
	const struct follow_spec *sp = &cfg->spec;
	struct follow_index *x = NULL;
	struct follow *f = NULL;
	struct bpf_program prog;
	bool have_prog = false;
	struct pcap_pkthdr *h;
	const u_char *data;
	int64_t want = sp->by_index ? sp->index : -1;
	pcap_t *p = NULL;
	int rc = -1, r = 0, linktype;
	FILE *out = cfg->out ? cfg->out : stdout;
	struct keylog *keys = NULL;

	/* QUIC: the pcapng's own secrets, then --tls-keylog's */
	if (sp->quic) {
		keys = inspect_keys_open(cfg->file, cfg->keylog_file, err,
					 errlen);
		if (keys == NULL)
			return -1;
	}
	x = follow_index_new(sp->l4);
	f = follow_new(sp->l4, false);
	if (x == NULL || f == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	p = infile_open(cfg->file, false, cfg->filter, &prog, &have_prog, err,
			errlen);
	if (!p)
		goto out;
	linktype = pcap_datalink(p);
	while ((r = pcap_next_ex(p, &h, &data)) == 1) {
		int64_t s;

		if (have_prog && !pcap_offline_filter(&prog, h, data))
			continue;
		s = follow_index_add(x, linktype, data, h->caplen, h->len);
		if (s < 0)
			continue;
		/* by address: the first stream between the two */
		if (want < 0 &&
		    follow_index_is_between(sp->l4, linktype, data, h->caplen,
					    h->len, &sp->a, sp->a_port, &sp->b,
					    sp->b_port))
			want = s;
		if (s != want)
			continue;
		follow_add(f, linktype, h->ts.tv_sec, (uint32_t)h->ts.tv_usec,
			   data, h->caplen, h->len);
	}
	/* a cut file: what came before the cut is followed, then the
	 * error (status 2, as every mode: pktop(8) EXIT STATUS) */
	follow_finish(f);
	if (want < 0) {
		snprintf(filter, sizeof(filter), "%s.stream eq -1",
			 sp->l4 == 17 ? "udp" : "tcp");
		if (cfg->notes)
			fprintf(cfg->notes, "%s\n",
				_("pktop: follow: no such conversation in the "
				  "capture"));
	} else {
		snprintf(filter, sizeof(filter), "%s.stream eq %lld",
			 sp->l4 == 17 ? "udp" : "tcp", (long long)want);
	}
	if (sp->by_index && !f->have_nodes && cfg->notes)
		fprintf(cfg->notes, "%s\n",
			_("pktop: follow: no such stream in the capture"));
	if (sp->http || sp->quic) {
		struct follow *dec = sp->http ? follow_http_decode(f, 0)
					      : follow_quic_decode(f, keys);

		if (dec == NULL) {
			snprintf(err, errlen, "%s", _("out of memory"));
			goto out;
		}
		follow_free(f);
		f = dec;
	}
	if (sp->quic && sp->quic_stream >= 0)
		snprintf(filter + strlen(filter), sizeof(filter) - strlen(filter),
			 " and quic.stream.stream_id eq %lld",
			 (long long)sp->quic_stream);
	follow_print_quic(out, cfg->notes, f, cfg->format, filter,
			  sp->quic ? sp->quic_stream : -1);
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, _("cannot write the output: %s"),
			 strerror(errno));
		goto out;
	}
	if (r == PCAP_ERROR) {
		infile_stop_error(cfg->file, pcap_geterr(p), err, errlen);
		goto out;
	}
	rc = 0;
out:
	if (have_prog)
		pcap_freecode(&prog);
	if (p)
		pcap_close(p);
	follow_free(f);
	follow_index_free(x);
	inspect_keys_free(keys);
	return rc;
}
