/*
 * inspect: every question about stored packets, for the UI and -V:
 * which packets are in a scope (a connection, a host, a capture filter,
 * a find text), one packet's field tree with what its flow's earlier
 * packets left (the replay tshark's conversations amount to), and a set
 * of them written to a pcap file. The model lock is held only to compare
 * the numbers the store keeps with each packet (its connection id and
 * layer bits) and to copy bytes out; whatever reads bytes (BPF, a find
 * text, a host, a dissection) runs after the lock is let go.
 */
#ifndef PKTOP_INSPECT_H
#define PKTOP_INSPECT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "decode/decode.h"
#include "decode/tree.h"         /* the field trees it fills */
#include "inspect/dfilter.h"     /* the display filter bar's language */
#include "inspect/follow.h"      /* and Follow's reassembly */
#include "inspect/follow_http.h" /* and its HTTP decoding */
#include "inspect/follow_quic.h" /* and QUIC Initial CRYPTO data */
#include "inspect/packet_info.h" /* the room's one door: the Info line too */
#include "inspect/walk.h"        /* and the display filter's worker */
#include "inspect/flowlist.h"    /* and the list's TCP flow state */
#include "model/model.h"

struct keylog;
struct dfilter;

/* The selection's own state: a scratch frame, and the capture filter
 * compiled once per link type met. One per reader thread. */
struct inspect;
struct inspect *inspect_new(struct model *m);
void inspect_free(struct inspect *in);

/* What inspect_select keeps: every condition given must hold. */
struct inspect_scope {
	uint64_t conn_id;    /* model_conn_row.id; 0: any */
	bool by_host;        /* from or to HOST */
	struct addr host;
	const char *filter;  /* a BPF expression; NULL or "": none */
	const char *find;    /* lower case text; NULL or "": none */
	/* a display filter (inspect/dfilter.h), or NULL: plain packets on
	 * summary fields are answered from decode_summary; the rest are
	 * dissected (one flow state for the handle's selections, in the
	 * order they come: select oldest first for tshark's view) */
	const struct dfilter *dfilter;
	/* set by another thread: the selection stops before the next
	 * packet whose bytes it would read (*NEXT says where); NULL */
	const atomic_bool *stop;
	/* the list's TCP flow state (flowlist.h): a find text is matched
	 * against the Info as the list draws it; NULL: the raw one */
	struct inspect_flows *flows;
};

/* Sequence numbers of stored packets in SC, oldest first, from FROM on
 * and before BEFORE, at most MAX into OUT. *NEXT gets where to go on
 * from (BEFORE once the range is done). A filter expression that does
 * not compile for a packet's link type lets it through, as the capture
 * did before the filter changed. */
size_t inspect_select(struct inspect *in, const struct inspect_scope *sc,
		      uint64_t from, uint64_t before, uint64_t *out,
		      size_t max, uint64_t *next);

/* Forget the display filter's flow state: the next selection starts
 * the flows over (a list rebuilt from the store's first packet). */
void inspect_dfilter_reset(struct inspect *in);

/* The tables over the packets a display filter keeps (the UI's `D`):
 * select from FROM before BEFORE, at most MAX packets looked at, as
 * inspect_select with SC, and feed those kept into DST through the
 * batch B (model_batch_add, model_batch_commit), as the capture feeds
 * the real tables. *NEXT gets where to go on from. Returns how many
 * packets went to DST. */
size_t inspect_feed(struct inspect *in, const struct inspect_scope *sc,
		    uint64_t from, uint64_t before, size_t max,
		    struct model *dst, struct model_batch *b, uint64_t *next);

/* ---- one packet's tree ---- */

/* TLS secrets for the tree path: those a pcapng capture FILE carries
 * (NULL or "-": none; an unreadable one is not an error), then the key
 * log file KEYLOG_FILE (NULL: none). -1 with a message in ERR when the
 * key log cannot be read. */
int inspect_keys_load(struct keylog *keys, const char *file,
		      const char *keylog_file, char *err, size_t errlen);
/* A new key store loaded so; NULL with a message in ERR when memory ran
 * out or the key log cannot be read. */
struct keylog *inspect_keys_open(const char *file, const char *keylog_file,
				 char *err, size_t errlen);
void inspect_keys_free(struct keylog *keys);

/* Dissect one frame in capture order into S and T (T->discard: only for
 * what it leaves its flow), with FS carrying the flow state (may be
 * NULL); TS is its capture time in seconds. -V and the replay share it. */
void inspect_dissect_frame(struct flowstate *fs, double ts, int linktype,
			   const uint8_t *frame, size_t caplen, size_t len,
			   unsigned app, struct decode_summary *s,
			   struct tree *t);

/* Stored packet SEQ into HDR and FRAME (SIZE bytes at most), dissected
 * into S and T as tshark would have seen it reading the capture: the
 * connection's earlier stored packets (among the INSPECT_REPLAY_WINDOW
 * before it; the first INSPECT_REPLAY_HEAD and the last ones when more
 * than INSPECT_REPLAY_MAX) go through the flow state first. KEYS (may
 * be NULL) opens QUIC; KEYLOG_FILE, when given, is read again first (a
 * live browser appends a line per connection). APP: the connection's
 * application, or PROTO_NONE. -1 when SEQ has left the store. */
#define INSPECT_REPLAY_WINDOW 8192
#define INSPECT_REPLAY_MAX 256
#define INSPECT_REPLAY_HEAD 64
int inspect_dissect(struct model *m, uint64_t seq, unsigned app,
		    struct keylog *keys, const char *keylog_file,
		    struct model_packet *hdr, uint8_t *frame, size_t size,
		    struct decode_summary *s, struct tree *t);

/* ---- writing a set ---- */

/* Write stored packets to PATH, a name the user typed, as pcap (not
 * overwriting a file that exists): the N in SEQS when SEQS is not NULL,
 * else those in SC. 0 with
 * the count in *WRITTEN (and in *SKIPPED packets of another link type
 * than the first, which one pcap file cannot hold), or -1 with a message
 * in ERR. */
int inspect_save(struct inspect *in, const uint64_t *seqs, size_t n,
		 const struct inspect_scope *sc, const char *path,
		 size_t *written, size_t *skipped, char *err, size_t errlen);

#endif
