/*
 * model: where the engine and its readers (the curses UI, --batch) meet.
 * The capture thread feeds packets in batches; readers take snapshots:
 * the top rows of a table by a sort key, the totals, stored packets.
 * Every call here takes the model lock itself and holds it briefly; the
 * rows handed out are copies the caller owns. Nothing here knows about
 * colours, columns or curses.
 */
#ifndef PKTOP_MODEL_H
#define PKTOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/rate.h"

struct conn_key;
struct pcap_pkthdr;
struct model;
struct model_batch;

#define MODEL_NAME_MAX 256 /* server name kept per connection, with NUL */

/* iftop's three averaging windows (base/rate.h's) */
enum model_rate {
	MODEL_RATE_2S = RATE_2S,
	MODEL_RATE_10S = RATE_10S,
	MODEL_RATE_40S = RATE_40S,
	MODEL_RATE_COUNT = RATE_COUNT
};

enum model_sort {
	MODEL_SORT_RATE_2S,
	MODEL_SORT_RATE_10S,
	MODEL_SORT_RATE_40S,
	MODEL_SORT_BYTES,    /* total bytes, both directions */
	MODEL_SORT_PACKETS,  /* total packets, both directions */
	MODEL_SORT_ADDR,     /* address (hosts), endpoint a (connections), name (protocols) */
	MODEL_SORT_FIRST,    /* first seen (connections: age) */
	MODEL_SORT_LAST,     /* last seen */
	MODEL_SORT_RTT,      /* TCP round trip (hosts: worst connection's) */
	MODEL_SORT_RETR,     /* TCP retransmissions: % of data (hosts: count) */
	MODEL_SORT_HEALTH,   /* TCP trouble: zero windows, resets, Retr % */
	MODEL_SORT_COUNT
};

enum model_conn_state {
	MODEL_CONN_NONE = 0,     /* not TCP, or nothing seen yet */
	MODEL_CONN_SYN_SENT,
	MODEL_CONN_SYN_RECEIVED,
	MODEL_CONN_ESTABLISHED,
	MODEL_CONN_FIN_WAIT,     /* one side sent FIN */
	MODEL_CONN_CLOSED,       /* both FINs seen */
	MODEL_CONN_RESET,
	MODEL_CONN_STATE_COUNT
};

enum model_capture_state {
	MODEL_CAPTURE_RUNNING = 0,
	MODEL_CAPTURE_FINISHED,  /* end of file */
	MODEL_CAPTURE_STOPPED,   /* asked to stop */
	MODEL_CAPTURE_FAILED,    /* error: see capture_error */
};

struct model_limits {
	size_t max_hosts;       /* 0: default */
	size_t max_connections; /* 0: default */
	size_t ring_bytes;      /* packet store size; 0: default (64 MiB) */
	/* nothing reads the packets back (--batch): store none, and the
	 * store takes its smallest size instead of RING_BYTES */
	bool no_store;
};

#define MODEL_DEFAULT_MAX_HOSTS 65536
#define MODEL_DEFAULT_MAX_CONNECTIONS 262144
#define MODEL_DEFAULT_RING_BYTES (64u << 20)

/* A connection's health mark (model_tcp_health.health): set when its
 * segments show the trouble. */
enum {
	MODEL_HEALTH_ZERO_WINDOW = 1u << 0, /* a receiver's window was full */
	MODEL_HEALTH_RESET = 1u << 1,       /* an RST was sent */
	MODEL_HEALTH_RETRANS = 1u << 2,     /* Retr % at MODEL_HEALTH_RETR_PCT */
};
#define MODEL_HEALTH_RETR_PCT 1.0

/* The mark's letters, worst first: Z zero window, R reset, T
 * retransmissions; "" when healthy. BUF holds 4 bytes at least. */
static inline const char *
model_health_letters(unsigned h, char *buf, size_t size)
{
	size_t n = 0;

	if (size < 4)
		return "";
	if (h & MODEL_HEALTH_ZERO_WINDOW)
		buf[n++] = 'Z';
	if (h & MODEL_HEALTH_RESET)
		buf[n++] = 'R';
	if (h & MODEL_HEALTH_RETRANS)
		buf[n++] = 'T';
	buf[n] = '\0';
	return buf;
}

/* One direction of a TCP connection: the segments sent that way, as
 * tshark's sequence analysis counts them, and the round trip from them
 * to the ACKs coming back. */
struct model_tcp_dir {
	uint64_t data_segs;    /* with payload */
	uint64_t retrans;      /* any kind: tcp.analysis.retransmission */
	uint64_t fast, spurious, out_of_order, dup_acks;
	uint64_t zero_windows, window_full, keep_alives, resets;
	uint64_t lost;         /* lost_segment: previous segment not captured */
	uint64_t ack_unseen;   /* ack_lost_segment: ACKed data never seen */
	double zero_window_s;  /* total zero-window time (ended spells) */
	bool zero_window_now;  /* its last window was zero */
	double srtt, rttvar;   /* seconds (RFC 6298); -1 before a sample */
	double handshake;      /* its handshake half, seconds; -1 unknown */
};

struct model_tcp_health {
	bool tcp;              /* TCP segments were analysed */
	bool quic;             /* a QUIC handshake was seen (not TCP): only
				* hs_* and rtt are set, from its long-header
				* packets (model/connhealth.h) */
	struct model_tcp_dir d[2]; /* [CONN_A_TO_B]: sent by a */
	/* the handshake: client side SYN/ACK -> ACK, server side
	 * SYN -> SYN/ACK, total SYN -> ACK (tshark's initial_rtt); -1 */
	double hs_client, hs_server, hs_total;
	double rtt;            /* both sides' round trips added; -1 none */
	double retr_pct;       /* resent (retransmitted or out of order)
				* over data segments; -1 */
	unsigned health;       /* MODEL_HEALTH_* */
};

/* A host's TCP connections rolled up: counts of both directions. */
struct model_host_tcp {
	uint64_t retrans, zero_windows, resets, lost, dup_acks;
	double rtt_worst;      /* seconds; -1 none */
};

struct model_host_row {
	struct addr addr;
	uint64_t tx_packets, tx_bytes; /* this address as IP source */
	uint64_t rx_packets, rx_bytes; /* as IP destination */
	double tx_rate[MODEL_RATE_COUNT]; /* bytes per second */
	double rx_rate[MODEL_RATE_COUNT];
	double first_ts, last_ts;
	struct model_host_tcp tcp;
	/* seen only inside a tunnel of this kind (model_tunnel_name), 0
	 * once seen as a packet's own address */
	uint8_t tunnel;
};

/* Who owns a connection's local socket (issue 18): the answer the lookup
 * thread (capture/procattr.c) gives by connection id. */
enum model_proc_status {
	MODEL_PROC_NONE = 0,    /* not looked up: files, stdin, --remote, or not yet */
	MODEL_PROC_FOUND,       /* a local process owns the socket */
	MODEL_PROC_NO_OWNER,    /* a local socket, no process we may see holds it */
	MODEL_PROC_NOT_LOCAL,   /* no local endpoint: forwarded, mirrored */
	MODEL_PROC_OTHER_NETNS, /* a socket of another network namespace */
	MODEL_PROC_CLOSED,      /* local, but closed before the lookup saw it */
	MODEL_PROC_STATUS_COUNT
};

enum model_proc_match {
	MODEL_MATCH_NONE = 0,
	MODEL_MATCH_EXACT,      /* the socket's 4-tuple is the connection's */
	MODEL_MATCH_LISTENER,   /* a listening or unconnected socket on the port */
};

#define MODEL_COMM_MAX 16
#define MODEL_CONTAINER_MAX 64
#define MODEL_PATH_MAX 256

/* The process side of one connection (model_connection_proc). */
struct model_proc_info {
	uint8_t status;       /* enum model_proc_status */
	uint8_t match;        /* enum model_proc_match */
	bool uid_known;
	bool local_is_a;      /* read: the socket's end is endpoint a (first sender) */
	bool local_is_hi;     /* model_procs_answer: it is the key's hi end */
	int32_t pid;          /* 0 unless FOUND */
	uint32_t uid;
	uint64_t netns;
	char comm[MODEL_COMM_MAX];          /* raw: escape before printing */
	char container[MODEL_CONTAINER_MAX];
	char exe[MODEL_PATH_MAX];
	char cgroup[MODEL_PATH_MAX];
};

/* The kernel's tcp_info for a local TCP connection, as last read. */
struct model_kernel_tcp {
	double at;            /* when it was read (wall clock) */
	uint32_t srtt_us, rttvar_us, retransmits, total_retrans, snd_cwnd;
	uint64_t pacing_rate, delivery_rate;     /* bytes/s */
	uint64_t rwnd_limited_us, sndbuf_limited_us;
};

/* An HTTP connection's first request (method, target, User-Agent) and
 * first status code, as appid read them (decode/appid.h's struct
 * http_summary, same sizes). Raw packet bytes, NUL-terminated: escape
 * before printing. method_len 0: no request seen; status 0: none. */
#define MODEL_HTTP_METHOD 16
#define MODEL_HTTP_TARGET 192
#define MODEL_HTTP_UA 160
struct model_http {
	uint16_t status;
	uint8_t method_len, target_len, ua_len;
	uint8_t status_seen; /* status > 0 (the reports' test byte) */
	char method[MODEL_HTTP_METHOD];
	char target[MODEL_HTTP_TARGET];
	char ua[MODEL_HTTP_UA];
};

struct model_conn_row {
	uint64_t id;         /* stable while the connection is in the table */
	uint8_t l4;          /* IP protocol number: 6, 17, 132, 1, 58 */
	uint8_t app;         /* enum proto_id, PROTO_NONE when unknown */
	uint8_t state;       /* enum model_conn_state */
	/* a flow inside a tunnel: which (decode.h's enum decode_tunnel,
	 * model_tunnel_name), 0 for a packet's own flow */
	uint8_t tunnel;
	struct addr a, b;    /* a sent the first packet seen */
	uint16_t a_port, b_port;
	uint64_t a_to_b_packets, a_to_b_bytes;
	uint64_t b_to_a_packets, b_to_a_bytes;
	double a_to_b_rate[MODEL_RATE_COUNT];
	double b_to_a_rate[MODEL_RATE_COUNT];
	double first_ts, last_ts;
	struct model_tcp_health tcp;
	/* --collect: who reported it (0: captured here, else the exporter's
	 * slot), its address and Observation Domain ID */
	uint8_t exporter;
	bool collected;               /* exporter != 0 */
	uint32_t exporter_domain;
	struct addr exporter_addr;
	/* TLS SNI, HTTP Host or first DNS query name, raw bytes from the
	 * packet (not escaped: escape before printing), NUL-terminated. */
	char server_name[MODEL_NAME_MAX];
	/* the owner (enum model_proc_status, _match); comm raw */
	uint8_t proc_status, proc_match;
	bool uid_known, local_is_a;
	/* the kernel's tcp_info of the local socket, as last read (live
	 * captures on this host, TCP): has_kernel says whether there is one */
	bool has_kernel;
	struct model_kernel_tcp kernel;
	int32_t pid;
	uint32_t uid;
	char comm[MODEL_COMM_MAX];
	char container[MODEL_CONTAINER_MAX];
	char exe[MODEL_PATH_MAX];
	char cgroup[MODEL_PATH_MAX];
	/* HTTP connections: the first request and response (method_len 0
	 * and status 0 for the others) */
	struct model_http http;
};

/* A connection row's tunnel ("vxlan", "gre", ...), NULL for none. */
const char *model_tunnel_name(unsigned tunnel);

/* One row of the Processes view: a process, or one of the rows for
 * traffic no process we can see owns (pid 0, STATUS says which). In and
 * out are as the process's sockets see them. */
struct model_proc_row {
	uint8_t status;       /* FOUND or the reason there is no process */
	bool uid_known;
	int32_t pid;
	uint32_t uid;         /* UINT32_MAX when not known */
	uint32_t key;         /* model_query.proc_key for its connections */
	char comm[MODEL_COMM_MAX];
	char container[MODEL_CONTAINER_MAX];
	char exe[MODEL_PATH_MAX];
	char cgroup[MODEL_PATH_MAX];
	uint32_t connections;
	uint64_t in_packets, in_bytes, out_packets, out_bytes;
	double in_rate[MODEL_RATE_COUNT], out_rate[MODEL_RATE_COUNT];
	double first_ts, last_ts;
};

struct model_proto_row {
	uint8_t proto;       /* enum proto_id */
	uint64_t packets, bytes;
	double rate[MODEL_RATE_COUNT];
};

/* What -w has done, copied in by the capture module once a second. */
struct model_writer {
	bool on;                      /* -w was given */
	uint64_t packets, lost;       /* written; not written (disk, errors) */
	unsigned files;
	char file[512];               /* the file being written */
	char error[512];              /* the last write error, "" for none */
};

/* What the flow exporter (--ipfix, --flow-log) has done, copied in by
 * it once a second. */
struct model_export {
	bool on;
	uint64_t records;             /* flow records the engine made */
	uint64_t sent;                /* records sent (summed over collectors) */
	uint64_t dropped;             /* records lost: queue full, collector down */
	char error[256];              /* the last send error, "" for none */
};

/* What the collector (--collect) has read, copied in by it once a
 * second; exporters is the model's own count. */
struct model_collect {
	bool on;
	uint64_t messages;            /* IPFIX messages decoded */
	uint64_t records;             /* flow records counted */
	uint64_t malformed;           /* messages that contradict themselves */
	uint64_t no_template;         /* data sets of an unknown template */
	uint64_t unusable;            /* records without usable addresses */
	uint64_t unsupported;         /* not IPFIX (NetFlow v5/v9), templates
				       * too long to keep */
	uint64_t dropped;             /* records of exporters past the limit */
	uint32_t exporters;           /* exporters seen (model's count) */
	char error[256];              /* the last receive error, "" none */
};

struct model_totals {
	uint64_t packets, bytes;      /* every frame seen, wire length */
	uint64_t dropped, if_dropped; /* from pcap_stats, live only */
	uint64_t undecoded, truncated, malformed;
	uint64_t tunnelled;           /* packets carrying a tunnel (decode.h) */
	double first_ts, last_ts;     /* packet timestamps */
	double rate_bytes[MODEL_RATE_COUNT];   /* bytes/s, all traffic */
	double rate_packets[MODEL_RATE_COUNT]; /* packets/s */
	double in_rate[MODEL_RATE_COUNT];  /* bytes/s to local addresses */
	double out_rate[MODEL_RATE_COUNT]; /* bytes/s from local addresses */
	uint64_t hosts, connections;  /* rows in the tables now */
	uint64_t evicted_hosts, evicted_connections;
	/* process attribution: off for files, stdin and --remote */
	bool procs_on;
	uint64_t procs_owners, procs_evicted; /* owner records; let go at the cap */
	uint64_t procs_missed;  /* new connections the lookup queue dropped */
	char procs_status[160]; /* why attribution is off or failing, "" when fine */
	uint64_t ring_first_seq, ring_next_seq; /* stored: [first, next) */
	uint64_t ring_evicted;        /* packets the store let go */
	size_t ring_bytes_used, ring_bytes_max;
	size_t memory_bytes;          /* tables + store, counted */
	uint8_t capture_state;        /* enum model_capture_state */
	uint64_t source_bytes_read;   /* file input: bytes read so far */
	uint64_t source_bytes_total;  /* file size, 0 when unknown (stdin) */
	char capture_error[256];      /* FAILED: why; STOPPED: why, or "" */
	struct model_writer writer;   /* -w */
	size_t local_addrs;           /* addresses known to be local: in/out
				       * mean something only when > 0 */
	struct model_export export;   /* --ipfix, --flow-log */
	struct model_collect collect; /* --collect */
};

/* A stored packet's header; the bytes go to a caller buffer. */
struct model_packet {
	uint64_t seq;      /* 1 for the first packet ever seen */
	int64_t ts_sec;    /* capture time, as the capture gave it */
	uint32_t ts_usec;
	uint32_t caplen;   /* bytes stored */
	uint32_t len;      /* bytes on the wire */
	int linktype;      /* DLT_ value of its source */
	uint64_t conn_id;  /* model_conn_row.id it was counted in; 0: none */
	uint64_t layers;   /* 1 << PROTO_x per header its summary found */
};

/* Seconds since the epoch, for display and rates. */
static inline double
model_packet_time(const struct model_packet *p)
{
	return (double)p->ts_sec + (double)p->ts_usec * 1e-6;
}

/* What a table snapshot returns: rows [offset, offset+max) of the table
 * ordered by SORT, after keeping only rows whose text contains MATCH. */
struct model_query {
	enum model_sort sort;
	bool ascending;
	size_t offset;
	size_t max;
	const char *match; /* NULL or "": every row */
	/* hosts and connections: only rows with a packet in the last EXPIRE
	 * seconds of the model's clock (live: the wall clock); 0: all */
	double expire;
	uint32_t proc_key; /* connections: only a process row's (its key); 0 all */
	/* connections: leave this one out (H); hosts: its packets, bytes
	 * and rates taken off its two ends (a host it was all of goes);
	 * 0 none */
	uint64_t hide_id;
	/* processes and connections: only connections with this address at
	 * one end (a host's Enter); NULL: all */
	const struct addr *host;
};

/* ---- lifetime ---- */
struct model *model_new(const struct model_limits *limits, int linktype,
			char *err, size_t errlen);
void model_free(struct model *m);

/* Forget every counter and row (key 'c'); the packet store is kept. */
void model_clear(struct model *m);
/* model_clear and the packet store too, for a file read again from its
 * start (sources_reread): the next packet is seq 1, the capture RUNNING
 * at 0 bytes read. */
void model_reset(struct model *m);

/* Local addresses of the capture interface, for in/out rates. */
void model_set_local_addrs(struct model *m, const struct addr *addrs,
			   size_t n);

/* The clock rates are measured against: packet time for files, wall
 * clock for live capture (set by the capture module). */
void model_set_live(struct model *m, bool live);

/* ---- capture side: the capture thread owns a batch ---- */
struct model_batch *model_batch_new(size_t max_packets, size_t max_bytes);
void model_batch_free(struct model_batch *b);
/* Decode the frame and copy it into the batch (no lock taken). False when
 * the batch is full: commit it, then add again. */
bool model_batch_add(struct model_batch *b, int linktype,
		     const struct pcap_pkthdr *h, const uint8_t *data);
/* Apply the batch to the tables and the store under one lock hold, run
 * appid on the payload packets that hold listed without the lock, label
 * their connections in a second short hold, and empty the batch. The
 * labels come a few milliseconds after the counts: the readers may see a
 * new connection unlabelled for that long. */
void model_batch_commit(struct model *m, struct model_batch *b);

/* Drop counters from pcap_stats, set by the capture thread. */
void model_set_drops(struct model *m, uint64_t dropped, uint64_t if_dropped);

/* Where the capture stands; MSG (may be NULL) for FAILED. */
void model_set_capture_state(struct model *m, enum model_capture_state st,
			     const char *msg);
/* File progress: bytes read so far of TOTAL (0 when unknown). */
void model_set_progress(struct model *m, uint64_t read, uint64_t total);
void model_set_writer(struct model *m, const struct model_writer *w);

/* ---- flow export (model/flowq.h) ---- */
struct flowq;
/* Records of ended and timed-out connections go to Q from now on: idle
 * after IDLE seconds without a packet, a long one every ACTIVE seconds.
 * Packet time drives both for files, the clock for live captures. */
void model_set_flow_export(struct model *m, struct flowq *q, double idle,
			   double active);
/* The idle sweep by the clock, for a live capture with no packets to
 * commit: skipped (false) when the lock is busy. */
bool model_flows_tick(struct model *m);
/* Every connection's last record (forced end): the capture stopped. */
void model_flows_flush(struct model *m);
/* The exporter's counts; WAIT false: skipped (false) when the lock is
 * busy, as the exporter must be while a file's commit waits for it. */
bool model_set_export(struct model *m, const struct model_export *e,
		      bool wait);

/* ---- collected flows (--collect, capture/collect.c feeds them) ---- */

/* One flow record an exporter sent: the counts since its previous
 * record (delta counts), [0] from A (the record's source) to B, [1] the
 * reverse (RFC 5103 biflows; 0 for a one-way record). */
struct model_flow_in {
	struct addr a, b;
	uint16_t a_port, b_port;
	uint8_t l4;                   /* IP protocol number */
	uint8_t app;                  /* enum proto_id, PROTO_NONE */
	uint16_t name_len;
	uint64_t packets[2], bytes[2];
	double start, end;            /* the exporter's times; 0 unknown */
	char name[MODEL_NAME_MAX];    /* raw: escape before printing */
};

/* Exporters told apart (address and domain); the records of more are
 * dropped and counted. Slot 0 is "captured here". */
#define MODEL_EXPORTERS_MAX 240 /* base/flowkey.h's FLOWKEY_EXPORTER_SLOTS */

/* N flows from EXPORTER's domain DOMAIN into hosts, connections and
 * protocols, at the clock's time. Their connections are the exporter's
 * own: two exporters reporting one 5-tuple make two rows. */
void model_collect_add(struct model *m, const struct addr *exporter,
		       uint32_t domain, const struct model_flow_in *f,
		       size_t n);
void model_set_collect(struct model *m, const struct model_collect *c);

/* ---- reader side ---- */
void model_get_totals(struct model *m, struct model_totals *out);

/* Each fills at most q->max rows into OUT and returns how many it wrote;
 * *MATCHED (if not NULL) gets the number of rows that pass q->match.
 * Hosts and connections are selected in slices of the table, the lock let
 * go between them so the capture can commit: when it does, the rows and
 * *MATCHED are approximate (a row may miss a commit made during the walk;
 * one evicted meanwhile is left out, so fewer than q->max may come back
 * although more rows match). The answer is kept: the same query again
 * with no commit since is answered without walking the table. */
size_t model_hosts(struct model *m, const struct model_query *q,
		   struct model_host_row *out, size_t *matched);
size_t model_connections(struct model *m, const struct model_query *q,
			 struct model_conn_row *out, size_t *matched);
size_t model_protocols(struct model *m, const struct model_query *q,
		       struct model_proto_row *out, size_t *matched);

/* Every row of a large table in one order, for a report: the order is
 * taken once under one lock hold (one sort, not one selection per chunk
 * of rows), then the rows are copied out a chunk at a time, each under
 * its own. A row whose entry was evicted in between is left out. */
struct model_order;
struct model_order *model_hosts_order(struct model *m,
				      const struct model_query *q);
struct model_order *model_connections_order(struct model *m,
					    const struct model_query *q);
/* The next rows, at most MAX; 0 at the end (or after model_clear). */
size_t model_order_hosts(struct model *m, struct model_order *o,
			 struct model_host_row *out, size_t max);
size_t model_order_connections(struct model *m, struct model_order *o,
			       struct model_conn_row *out, size_t max);
size_t model_order_count(const struct model_order *o);
void model_order_free(struct model_order *o);

/* One connection by id; 0 when found, -1 when it has gone. */
int model_connection_get(struct model *m, uint64_t id,
			 struct model_conn_row *out);
/* The connections of IDS[0..NIDS) that are still there, in that order,
 * into OUT (room for NIDS); returns how many. With EXPIRE > 0, as
 * model_query.expire, those without a packet for EXPIRE seconds are
 * left out as model_connections leaves them out. */
size_t model_connections_by_id(struct model *m, const uint64_t *ids,
			       size_t nids, double expire,
			       struct model_conn_row *out);

/* A stored packet by sequence number: header into HDR, up to BUFSIZE
 * bytes into BUF. 0 when found, -1 when evicted or not yet seen. */
int model_packet_get(struct model *m, uint64_t seq, struct model_packet *hdr,
		     uint8_t *buf, size_t bufsize);

/* Sequence numbers of stored packets, oldest first, starting at FROM,
 * that pass KEEP (NULL: all). KEEP runs under the lock: it must be quick
 * (compare the header's conn_id and layers; never decode, never compile
 * a filter: inspect/inspect.h does that after the lock) and must not call
 * back into the model. Returns how many went to OUT. */
typedef bool (*model_packet_pred)(const struct model_packet *hdr,
				  const uint8_t *data, void *arg);
size_t model_packet_seqs(struct model *m, uint64_t from,
			 model_packet_pred keep, void *arg, uint64_t *out,
			 size_t max);
/* The same, stopping before sequence number BEFORE. */
size_t model_packet_seqs_before(struct model *m, uint64_t from,
				uint64_t before, model_packet_pred keep,
				void *arg, uint64_t *out, size_t max);

/* ---- process attribution (capture/procattr.c feeds it) ---- */

/* Turn the queue of new connections on (live capture on this host). */
void model_procs_enable(struct model *m, bool on);
/* Why attribution is off or failing ("" when it works), for the views. */
void model_procs_set_status(struct model *m, const char *why);
/* FN(ARG) is called by the committer, without the lock, after a commit
 * that queued new connections: the lookup thread wakes at once (a client
 * that lives 50 ms is still there to be named). FN must not block. Set
 * before the capture starts. */
void model_procs_set_wake(struct model *m, void (*fn)(void *), void *arg);

/* A new connection waiting for its owner: its id and canonical key. */
struct model_proc_ask {
	uint64_t conn_id;
	uint8_t l4;
	struct addr lo, hi;
	uint16_t lo_port, hi_port;
};
/* ASK's connection as the tables key it. */
struct conn_key model_proc_ask_key(const struct model_proc_ask *ask);
/* Take up to MAX connections created since the last call. */
size_t model_procs_take(struct model *m, struct model_proc_ask *out,
			size_t max);

/* What the lookup found for one connection (INFO's exe, cgroup, comm,
 * container are copied into the owner records). The connection is found
 * by ASK's key and must still carry ASK's id. */
void model_procs_answer(struct model *m, const struct model_proc_ask *ask,
			const struct model_proc_info *info);
/* The kernel's tcp_info for connection ASK. */
void model_procs_kernel(struct model *m, const struct model_proc_ask *ask,
			const struct model_kernel_tcp *k);

/* The owner and kernel figures of connection ID; -1 when it has gone.
 * K may be NULL; *HAS_K tells whether there are kernel figures. */
int model_connection_proc(struct model *m, uint64_t id,
			  struct model_proc_info *info,
			  struct model_kernel_tcp *k, bool *has_k);

/* The Processes table: every connection counted to its owner (or to its
 * no-owner row), so the rows sum to the connections' totals. Sorted by
 * Q (RATE_*, BYTES, PACKETS, ADDR: command name, FIRST: pid, LAST:
 * connections); one lock hold over the connection table. */
#define MODEL_PROCS_ROWS_MAX (4096 + MODEL_PROC_STATUS_COUNT)
size_t model_processes(struct model *m, const struct model_query *q,
		       struct model_proc_row *out, size_t *matched);

/* ---- names and labels for the readers ----
 * The rows carry numbers (enum proto_id, ports, addresses); these give
 * the words a reader shows for them. */

/* The protocols table has at most this many rows (a row's proto is one
 * byte). */
#define MODEL_PROTOS_ROWS_MAX 256

/* A protocol's layer, lowest first (decode's enum proto_layer). */
enum model_layer {
	MODEL_LAYER_LINK,
	MODEL_LAYER_NETWORK,
	MODEL_LAYER_TRANSPORT,
	MODEL_LAYER_APP,
};

/* PROTO (enum proto_id)'s label for people ("IPv4", "TLS", not
 * translated); NULL when there is no such protocol. */
const char *model_proto_label(unsigned proto);
/* Its enum model_layer; -1 when there is no such protocol. */
int model_proto_layer(unsigned proto);
/* A connection's application (enum proto_id): its label, or NULL when it
 * is PROTO_NONE (not identified) or no such protocol. */
const char *model_app_label(unsigned app);

/* The services database's name of PORT for IP protocol L4 (6, 17, 132),
 * or NULL when it has none. */
const char *model_port_name(uint16_t port, uint8_t l4);

/* Reverse DNS for the addresses a reader shows (base/resolver.h: worker
 * threads, a bounded cache, a lookup never blocks). NULL with a message
 * in ERR when no thread could start. Names come from the network: escape
 * them before display. */
struct resolver;
struct resolver *model_names_start(char *err, size_t errlen);
void model_names_stop(struct resolver *r);
/* The name of A into NAME when known (true); false when it is being
 * looked up, has none, or R is NULL. */
bool model_host_name(struct resolver *r, const struct addr *a, char *name,
		     size_t size);

#endif
