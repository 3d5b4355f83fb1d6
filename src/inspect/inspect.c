/*
 * inspect: questions about stored packets. Two steps each: under the
 * model lock only the store's own numbers are compared (a connection id,
 * layer bits) and sequence numbers listed; then, without the lock, each
 * listed packet's bytes are copied out (one brief hold per packet, a
 * memcpy) and whatever needs them runs: BPF (compiled here, never under
 * the lock), the summary for a host or a find text, the tree.
 */
#include "config.h"

#include "inspect/inspect.h"

#include <errno.h>
#include <fcntl.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/filter.h"
#include "base/i18n.h"
#include "base/outfile.h"
#include "base/pcap_writer.h"
#include "decode/flowstate.h"
#include "decode/keylog.h"
#include "decode/proto_table.h"
#include "decode/tree.h"
#include "inspect/packet_info.h"
#include "inspect/dfilter.h"

/* The largest frame read back: libpcap's largest snapshot length. */
#define INSPECT_FRAME_MAX 262144u
/* The capture filter compiled once per link type met in the store. */
#define INSPECT_FILTER_LINKTYPES 4

struct inspect {
	struct model *m;
	uint8_t *frame;     /* INSPECT_FRAME_MAX bytes */
	struct tree scratch; /* find: the Info line's tree, reused */
	struct packet_info pi;
	char *expr;         /* what filters[] were compiled from */
	struct filter *filters[INSPECT_FILTER_LINKTYPES];
	/* the display filter's tree walk: its tree and flow state */
	struct tree dtree;
	struct flowstate *dflows;
	const struct dfilter *dlast; /* the filter dflows has seen */
};

struct inspect *
inspect_new(struct model *m)
{
	struct inspect *in = calloc(1, sizeof(*in));

	if (in == NULL)
		return NULL;
	in->m = m;
	tree_init(&in->scratch);
	tree_init(&in->dtree);
	in->frame = malloc(INSPECT_FRAME_MAX);
	if (in->frame == NULL) {
		free(in);
		return NULL;
	}
	return in;
}

static void
inspect_filters_forget(struct inspect *in)
{
	for (size_t i = 0; i < INSPECT_FILTER_LINKTYPES; i++) {
		filter_free(in->filters[i]);
		in->filters[i] = NULL;
	}
	free(in->expr);
	in->expr = NULL;
}

void
inspect_free(struct inspect *in)
{
	if (in == NULL)
		return;
	inspect_filters_forget(in);
	tree_free(&in->scratch);
	tree_free(&in->dtree);
	flowstate_free(in->dflows);
	free(in->frame);
	free(in);
}

/* ---- select ---- */

static bool
inspect_needs_bytes(const struct inspect_scope *sc)
{
	return sc->by_host || (sc->filter != NULL && sc->filter[0]) ||
	       (sc->find != NULL && sc->find[0]) || sc->dfilter != NULL;
}

/* Under the model lock: numbers only. */
static bool
inspect_keep_ids(const struct model_packet *hdr, const uint8_t *data,
		 void *arg)
{
	const struct inspect_scope *sc = arg;
	const uint64_t ip = (1ull << PROTO_IPV4) | (1ull << PROTO_IPV6);

	(void)data;
	if (sc->conn_id != 0 && hdr->conn_id != sc->conn_id)
		return false;
	if (sc->by_host && !(hdr->layers & ip))
		return false;
	return true;
}

/* Whether the packet passes in->expr, compiled here on first use for
 * its link type. */
static bool
inspect_filter_pass(struct inspect *in, const struct model_packet *hdr,
		    const uint8_t *frame, size_t caplen)
{
	char err[256];
	size_t i;

	if (in->expr == NULL)
		return true; /* out of memory: as if it did not compile */
	for (i = 0; i < INSPECT_FILTER_LINKTYPES && in->filters[i]; i++)
		if (filter_linktype(in->filters[i]) == hdr->linktype)
			return filter_match(in->filters[i], frame, caplen,
					    hdr->len);
	if (i == INSPECT_FILTER_LINKTYPES)
		return true;
	in->filters[i] = filter_compile_match(in->expr, hdr->linktype, err,
					      sizeof(err));
	if (in->filters[i] == NULL)
		return true;
	return filter_match(in->filters[i], frame, caplen, hdr->len);
}

/* Find looks at what the hot path knows without the tree: addresses,
 * ports and protocol names, in lower case, space separated. */
static bool
inspect_find_pass(const struct decode_summary *s, const char *find)
{
	char text[2 * ADDR_TEXT_MAX + 64], a[ADDR_TEXT_MAX], b[ADDR_TEXT_MAX];
	unsigned p;
	size_t i;
	int n;

	a[0] = b[0] = '\0';
	if (s->ip_version) {
		addr_format(&s->src, a, sizeof(a));
		addr_format(&s->dst, b, sizeof(b));
	}
	n = snprintf(text, sizeof(text), " %s %u %s %u", a, s->sport, b,
		     s->dport);
	for (p = 1; p < PROTO_COUNT && n > 0 && (size_t)n < sizeof(text); p++)
		if (decode_has(s, p))
			n += snprintf(text + n, sizeof(text) - (size_t)n,
				      " %s", proto_table[p]->name);
	text[sizeof(text) - 2] = '\0';
	for (i = 0; text[i]; i++)
		if (text[i] >= 'A' && text[i] <= 'Z')
			text[i] = (char)(text[i] - 'A' + 'a');
	text[i] = ' ';
	text[i + 1] = '\0';
	return strstr(text, find) != NULL;
}

/* FIND (lower case) in TEXT, case aside. */
static bool
inspect_find_text(const char *text, const char *find)
{
	size_t n = strlen(find), i, j;

	for (i = 0; text[i]; i++) {
		for (j = 0; j < n && text[i + j]; j++) {
			char c = text[i + j];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != find[j])
				break;
		}
		if (j == n)
			return true;
	}
	return n == 0;
}

/* Outside the lock: the tests that read the packet's bytes. */
/* The display filter on the copied packet: the summary when it can
 * answer, else the tree (with the handle's flow state). */
static bool
inspect_dfilter_pass(struct inspect *in, const struct dfilter *df,
		     const struct model_packet *hdr, size_t caplen)
{
	struct decode_summary s;
	struct dfilter_packet dp = {
		.number = hdr->seq,
		.time = model_packet_time(hdr),
		.len = hdr->len,
		.caplen = (uint32_t)caplen,
		.data = in->frame,
	};
	int r;

	if (!dfilter_needs_tree(df))
		return dfilter_match(df, &dp);
	if (dfilter_summary_path(df)) {
		decode_summary(hdr->linktype, in->frame, caplen, hdr->len, &s);
		dp.s = &s;
		r = dfilter_match_summary(df, &dp);
		if (r >= 0)
			return r == 1;
	}
	if (in->dlast != df || in->dflows == NULL) {
		flowstate_free(in->dflows);
		in->dflows = flowstate_new();
		in->dlast = df;
	}
	tree_reset(&in->dtree);
	inspect_dissect_frame(in->dflows, dp.time, hdr->linktype, in->frame,
			      caplen, hdr->len, PROTO_NONE, &s, &in->dtree);
	dp.s = &s;
	dp.t = &in->dtree;
	return dfilter_match(df, &dp);
}

static bool
inspect_keep_bytes(struct inspect *in, const struct inspect_scope *sc,
		   uint64_t seq)
{
	struct model_packet hdr;
	struct decode_summary s;
	size_t caplen;

	if (model_packet_get(in->m, seq, &hdr, in->frame,
			     INSPECT_FRAME_MAX) < 0)
		return false; /* gone from the store meanwhile */
	caplen = hdr.caplen < INSPECT_FRAME_MAX ? hdr.caplen
						: INSPECT_FRAME_MAX;
	if (sc->filter != NULL && sc->filter[0] &&
	    !inspect_filter_pass(in, &hdr, in->frame, caplen))
		return false;
	if (sc->dfilter && !inspect_dfilter_pass(in, sc->dfilter, &hdr,
						  caplen))
		return false;
	if (!sc->by_host && (sc->find == NULL || !sc->find[0]))
		return true;
	decode_summary(hdr.linktype, in->frame, caplen, hdr.len, &s);
	if (sc->by_host && (!s.ip_version || (!addr_equal(&s.src, &sc->host) &&
					      !addr_equal(&s.dst, &sc->host))))
		return false;
	if (sc->find == NULL || !sc->find[0] || inspect_find_pass(&s, sc->find))
		return true;
	/* then the row as the list draws it: its columns and Info text
	 * ("client hello", "tlsv1.3", "[syn, ack]") */
	(void)inspect_flows_describe(sc->flows, &hdr, in->frame, caplen, 0,
				     &in->scratch, &in->pi);
	return inspect_find_text(in->pi.protocol, sc->find) ||
	       inspect_find_text(in->pi.info, sc->find) ||
	       inspect_find_text(in->pi.src, sc->find) ||
	       inspect_find_text(in->pi.dst, sc->find);
}

size_t
inspect_select(struct inspect *in, const struct inspect_scope *sc,
	       uint64_t from, uint64_t before, uint64_t *out, size_t max,
	       uint64_t *next)
{
	struct inspect_scope ids = *sc; /* the predicate's argument */
	size_t n, k = 0;

	/* a new expression: compiled again as link types come */
	if (sc->filter != NULL && sc->filter[0] &&
	    (in->expr == NULL || strcmp(in->expr, sc->filter) != 0)) {
		inspect_filters_forget(in);
		in->expr = strdup(sc->filter);
	}

	n = model_packet_seqs_before(in->m, from, before, inspect_keep_ids,
				     &ids, out, max);
	*next = n == max && n > 0 ? out[n - 1] + 1 : before;
	if (!inspect_needs_bytes(sc))
		return n;
	for (size_t i = 0; i < n; i++) {
		if (sc->stop != NULL && atomic_load(sc->stop)) {
			*next = out[i];
			break;
		}
		if (inspect_keep_bytes(in, sc, out[i]))
			out[k++] = out[i];
	}
	return k;
}

void
inspect_dfilter_reset(struct inspect *in)
{
	flowstate_free(in->dflows);
	in->dflows = NULL;
	in->dlast = NULL;
}

/* Packets looked at per inspect_feed call, at most. */
#define INSPECT_FEED_MAX 1024

size_t
inspect_feed(struct inspect *in, const struct inspect_scope *sc,
	     uint64_t from, uint64_t before, size_t max, struct model *dst,
	     struct model_batch *b, uint64_t *next)
{
	uint64_t seqs[INSPECT_FEED_MAX];
	struct model_packet hdr;
	struct pcap_pkthdr h;
	size_t n, i, fed = 0;

	if (max > INSPECT_FEED_MAX)
		max = INSPECT_FEED_MAX;
	n = inspect_select(in, sc, from, before, seqs, max, next);
	for (i = 0; i < n; i++) {
		if (model_packet_get(in->m, seqs[i], &hdr, in->frame,
				     INSPECT_FRAME_MAX) < 0)
			continue; /* gone from the store meanwhile */
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = (time_t)hdr.ts_sec;
		h.ts.tv_usec = (suseconds_t)hdr.ts_usec;
		h.caplen = hdr.caplen < INSPECT_FRAME_MAX ? hdr.caplen
							  : INSPECT_FRAME_MAX;
		h.len = hdr.len;
		if (!model_batch_add(b, hdr.linktype, &h, in->frame)) {
			model_batch_commit(dst, b);
			if (!model_batch_add(b, hdr.linktype, &h, in->frame))
				continue;
		}
		fed++;
	}
	if (fed)
		model_batch_commit(dst, b);
	return fed;
}

/* ---- dissect ---- */

int
inspect_keys_load(struct keylog *keys, const char *file,
		  const char *keylog_file, char *err, size_t errlen)
{
	char ebuf[256];

	/* secrets embedded in a pcapng (tshark reads them too), walked the
	 * first time a QUIC packet wants one: a 1.2M-packet pcapng no longer
	 * holds the first frame back; libpcap reports an unreadable file
	 * when the capture is opened */
	if (file != NULL && strcmp(file, "-") != 0)
		(void)keylog_defer_pcapng(keys, file, ebuf, sizeof(ebuf));
	if (keylog_file != NULL &&
	    keylog_load_file(keys, keylog_file, err, errlen) < 0)
		return -1;
	return 0;
}

struct keylog *
inspect_keys_open(const char *file, const char *keylog_file, char *err,
		  size_t errlen)
{
	struct keylog *keys = keylog_new();

	if (keys == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	if (inspect_keys_load(keys, file, keylog_file, err, errlen) < 0) {
		keylog_free(keys);
		return NULL;
	}
	return keys;
}

void
inspect_keys_free(struct keylog *keys)
{
	keylog_free(keys);
}

void
inspect_dissect_frame(struct flowstate *fs, double ts, int linktype,
		      const uint8_t *frame, size_t caplen, size_t len,
		      unsigned app, struct decode_summary *s, struct tree *t)
{
	if (fs != NULL)
		flowstate_set_time(fs, ts);
	decode_tree_flows(linktype, frame, caplen, len, app, fs, s, t);
}

struct inspect_same {
	uint64_t conn_id;
	uint64_t l4_bit;
};

/* Under the model lock: the same connection, its transport header read
 * (not a later fragment), as the flow state keys flows. */
static bool
inspect_same_flow(const struct model_packet *hdr, const uint8_t *data,
		  void *arg)
{
	const struct inspect_same *same = arg;

	(void)data;
	return hdr->conn_id == same->conn_id && (hdr->layers & same->l4_bit);
}

/* The flow of packet HDR (summary S) before it, through FS. */
static void
inspect_replay(struct model *m, struct flowstate *fs,
	       const struct model_packet *hdr, const struct decode_summary *s)
{
	struct inspect_same same = { .conn_id = hdr->conn_id };
	struct model_packet h;
	struct decode_summary rs;
	uint64_t *seqs = NULL;
	uint8_t *frame = NULL;
	struct tree t;
	size_t n, i;

	/* only flows with ports have state (flowstate_get) */
	if (hdr->conn_id == 0 || (s->l4_proto != PROTO_TCP &&
				  s->l4_proto != PROTO_UDP &&
				  s->l4_proto != PROTO_SCTP))
		return;
	same.l4_bit = 1ull << s->l4_proto;
	tree_init(&t);
	frame = malloc(INSPECT_FRAME_MAX);
	seqs = malloc(INSPECT_REPLAY_WINDOW * sizeof(*seqs));
	if (frame == NULL || seqs == NULL)
		goto out;
	n = model_packet_seqs_before(m,
				     hdr->seq > INSPECT_REPLAY_WINDOW
					     ? hdr->seq - INSPECT_REPLAY_WINDOW
					     : 0,
				     hdr->seq, inspect_same_flow, &same, seqs,
				     INSPECT_REPLAY_WINDOW);
	for (i = 0; i < n; i++) {
		/* the flow's first packets (a handshake) and its last ones
		 * (a header block going on); a long middle is skipped */
		if (i == INSPECT_REPLAY_HEAD && n > INSPECT_REPLAY_MAX)
			i = n - (INSPECT_REPLAY_MAX - INSPECT_REPLAY_HEAD);
		if (model_packet_get(m, seqs[i], &h, frame,
				     INSPECT_FRAME_MAX) < 0)
			continue;
		tree_reset(&t);
		t.discard = true;
		flowstate_set_frame(fs, h.seq);
		inspect_dissect_frame(fs, model_packet_time(&h), h.linktype,
				      frame,
				      h.caplen < INSPECT_FRAME_MAX
					      ? h.caplen
					      : INSPECT_FRAME_MAX,
				      h.len, PROTO_NONE, &rs, &t);
	}
out:
	tree_free(&t);
	free(frame);
	free(seqs);
}

int
inspect_dissect(struct model *m, uint64_t seq, unsigned app,
		struct keylog *keys, const char *keylog_file,
		struct model_packet *hdr, uint8_t *frame, size_t size,
		struct decode_summary *s, struct tree *t)
{
	struct flowstate *fs;
	size_t caplen;

	if (model_packet_get(m, seq, hdr, frame, size) < 0)
		return -1;
	caplen = hdr->caplen < size ? hdr->caplen : size;
	hdr->caplen = (uint32_t)caplen;
	if (keys != NULL && keylog_file != NULL) {
		char err[256];

		/* the lines already read are kept, so a failure costs none */
		(void)keylog_load_file(keys, keylog_file, err, sizeof(err));
	}
	/* what tshark would know by this packet: the flow's earlier ones
	 * (an HTTP header block going on, a QUIC connection's keys and
	 * CRYPTO data) */
	fs = flowstate_new();
	if (fs != NULL) {
		flowstate_set_keylog(fs, keys);
		decode_summary(hdr->linktype, frame, caplen, hdr->len, s);
		inspect_replay(m, fs, hdr, s);
	}
	tree_reset(t);
	if (fs != NULL)
		flowstate_set_frame(fs, hdr->seq);
	inspect_dissect_frame(fs, model_packet_time(hdr), hdr->linktype,
			      frame, caplen, hdr->len, app, s, t);
	flowstate_free(fs);
	return 0;
}

/* ---- save ---- */

/* One packet to F; the file header before the first. */
static void
inspect_save_one(struct inspect *in, FILE *f, uint64_t seq, int *linktype,
		 size_t *written, size_t *skipped)
{
	uint8_t hdr[PCAP_FILE_HEADER], rec[PCAP_RECORD_HEADER];
	struct model_packet p;
	size_t caplen;

	if (model_packet_get(in->m, seq, &p, in->frame, INSPECT_FRAME_MAX) < 0)
		return; /* gone from the store meanwhile */
	if (*linktype < 0) {
		*linktype = p.linktype;
		pcap_file_header(hdr, p.linktype, INSPECT_FRAME_MAX);
		fwrite(hdr, sizeof(hdr), 1, f);
	} else if (p.linktype != *linktype) {
		(*skipped)++;
		return;
	}
	caplen = p.caplen < INSPECT_FRAME_MAX ? p.caplen : INSPECT_FRAME_MAX;
	/* a classic pcap record has 32-bit seconds */
	pcap_file_record(rec, (uint32_t)p.ts_sec, p.ts_usec, (uint32_t)caplen,
			 p.len);
	fwrite(rec, sizeof(rec), 1, f);
	fwrite(in->frame, caplen, 1, f);
	(*written)++;
}

int
inspect_save(struct inspect *in, const uint64_t *seqs, size_t n,
	     const struct inspect_scope *sc, const char *path,
	     size_t *written, size_t *skipped, char *err, size_t errlen)
{
	enum { BATCH = 1024 };
	uint64_t batch[BATCH], from = 0, next;
	uint8_t hdr[PCAP_FILE_HEADER];
	int linktype = -1, fd;
	size_t i, got;
	FILE *f;

	*written = *skipped = 0;
	fd = outfile_open_named(path, OUTFILE_NEW, err, errlen);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "wb");
	if (f == NULL) {
		close(fd);
		goto io_error;
	}
	if (seqs != NULL) {
		for (i = 0; i < n; i++)
			inspect_save_one(in, f, seqs[i], &linktype, written,
					 skipped);
	} else {
		while (from != UINT64_MAX) {
			got = inspect_select(in, sc, from, UINT64_MAX, batch,
					     BATCH, &next);
			for (i = 0; i < got; i++)
				inspect_save_one(in, f, batch[i], &linktype,
						 written, skipped);
			from = next;
		}
	}
	if (linktype < 0) {
		/* nothing to save: an empty capture still opens */
		pcap_file_header(hdr, 1, INSPECT_FRAME_MAX);
		fwrite(hdr, sizeof(hdr), 1, f);
	}
	if (fclose(f) != 0)
		goto io_error;
	return 0;
io_error:
	snprintf(err, errlen, _("cannot save to '%s': %s"), path,
		 strerror(errno));
	outfile_unlink(path);
	return -1;
}
