/*
 * view: a table view is a row type, a fetch call into the model, and a
 * const table of columns (title, width, what to sort by, how to format a
 * cell). screen.c draws any of them the same way; the drill-down is the
 * one view with its own layout (view_detail.h).
 */
#ifndef PKTOP_UI_VIEW_H
#define PKTOP_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "inspect/inspect.h"
#include "model/model.h"
#include "state.h"

struct resolver;
struct inspect;
struct save_marks;
struct view_packets_list;

/* Sort keys the model does not know, done in the UI on a full snapshot. */
#define UI_SORT_LAYER MODEL_SORT_COUNT
#define UI_SORT_NONE (-1)

/* What cells need to format a row. */
struct ui_ctx {
	const struct ui_state *s;
	struct resolver *res;            /* NULL when names are off */
	const struct model_totals *tot;  /* the totals shown in the header */
	double now;                      /* "now" (live: the wall clock), for ages */
	struct view_packets_list *pk;    /* the packet list's state */
	const struct save_marks *marks;  /* marked packets (save.h) */
	struct control *ctl;             /* the capture's filter; may be NULL */
};

/* How a cell too long for its column is cut; a cut is always marked
 * with theme.ellipsis. */
enum ui_cut {
	UI_CUT_END,      /* text: the end goes ("api5.shop.exa…") */
	UI_CUT_MIDDLE,   /* an address: the middle goes ("2001:db8…:1") */
	UI_CUT_ENDPOINT, /* "host:port": the host's middle goes, never the
			  * port ("[2001:db8…:1]:443") */
	UI_CUT_NEVER,    /* a number: the column takes its width or goes */
};

struct ui_column {
	const char *title;  /* N_() */
	short width;        /* cells it wants at least when there is room */
	short prio;         /* 0 always shown; higher ones go first when narrow */
	bool flex;          /* takes the spare width */
	bool right;         /* numbers: right-aligned, and never cut */
	unsigned char cut;  /* enum ui_cut (right columns: UI_CUT_NEVER) */
	short min;          /* cells it may shrink to with a cut (0: width) */
	short share;        /* percent of the table's width it keeps (0: none) */
	short with;         /* 0, or 1 + the index of the column it goes with:
			     * shown only while that one is (User with
			     * Process: never a user without its process;
			     * In with Out: never half a pair of rates) */
	/* live: seconds its text may stand while the value moves, the
	 * length of the window it shows or about it (steady.h); 0 redraws
	 * every refresh. Also how often rows sorted by it are re-sorted
	 * (a rate's order waits for its window: screen_sort_pace). */
	unsigned char pace;
	int sort;           /* enum model_sort, UI_SORT_*, or UI_SORT_NONE */
	void (*cell)(const struct ui_ctx *c, const void *row, char *buf,
		     size_t size);
	/* NULL, or the cell's theme colour (enum theme_role) when it has
	 * one of its own; -1 for the row's */
	int (*attr)(const struct ui_ctx *c, const void *row);
	/* NULL, or true when the column means nothing in this run (the
	 * Exporter without --collect): it takes no room and is not listed */
	bool (*off)(const struct ui_ctx *c);
	/* NULL, or true when the user asked for this column's text (Time
	 * once t chose the time of day): it is not dropped for room, and
	 * the flex column gives up cells of its share instead */
	bool (*asked)(const struct ui_ctx *c);
};

struct ui_view {
	const char *name;             /* N_() tab title */
	const struct ui_column *cols;
	size_t ncols;
	const int *sorts;             /* what s/S cycle through; [0] default */
	size_t nsorts;
	size_t row_size;
	/* Rows [q->offset, +q->max) into ROWS; the count of all matching rows
	 * into *MATCHED. */
	size_t (*fetch)(struct model *m, const struct ui_ctx *c,
			const struct model_query *q, void *rows,
			size_t *matched);
	/* 0..1: how much of the row's name (up to its first flex column
	 * shown) an iftop bar covers; NULL for none. */
	double (*bar)(const struct ui_ctx *c, const void *row);
	unsigned char bar_pace; /* the bar's pace, as a column's */
	/* The row's identity across refreshes (its address, its id), for
	 * paced cells and a paced order; NULL: rows are never paced. */
	uint64_t (*row_id)(const void *row);
	/* The rows of identities IDS[0..N) still in the model, into ROWS
	 * (room for N), however low they rank, but not those past EXPIRE
	 * seconds without a packet (model_query.expire: 0 none); returns
	 * how many. NULL: a row the model no longer lists leaves at once. */
	size_t (*rows_by_id)(struct model *m, const uint64_t *ids, size_t n,
			     double expire, void *rows);
	/* The row has ended (closed, reset) or gone quiet: drawn dim, on
	 * its way out of the live view; NULL for never. */
	bool (*ended)(const struct ui_ctx *c, const void *row);
};

/* Seconds without a packet after which a live row is drawn dim. */
#define VIEW_QUIET_SECONDS 10.0

extern const struct ui_view view_hosts;
extern const struct ui_view view_conns;
extern const struct ui_view view_protos;
extern const struct ui_view view_packets;
extern const struct ui_view view_procs;

/* The Processes view's label of a row without a process (view_procs.c);
 * T (may be NULL) tells whether attribution ran at all. */
const char *view_proc_label(const struct model_totals *t, uint8_t status);

/* Shared cell helpers (view_common.c). */
/* ADDR as a name when resolution is on and one has arrived. */
void view_format_host(const struct ui_ctx *c, const struct addr *a,
		      char *buf, size_t size);
/* "addr:port" (IPv6 in brackets), the port as a service name with P. */
void view_format_endpoint(const struct ui_ctx *c, const struct addr *a,
			  uint16_t port, uint8_t l4, char *buf, size_t size);
void view_format_rate(const struct ui_ctx *c, double bytes_per_s, char *buf,
		      size_t size);
/* A round trip in seconds as "12.3" ms ("-" when negative: none). */
void view_format_rtt(double seconds, char *buf, size_t size);
/* Line I (0 ..) of a TCP connection's health panel (the Packets view
 * scoped to it): text in BUF; false past the last line. */
bool view_health_line(const struct ui_ctx *c, const struct model_conn_row *r,
		      int i, char *buf, size_t size);
#define VIEW_HEALTH_LINES 6

/* iftop's bar scale: log10, 10 b/s to 1 Gb/s across the bar's span. */
double view_bar_fraction(double bytes_per_s);

/* The packets view's list: the sequence numbers that pass the filter
 * (and, after Enter on a connection, belong to it), extended as packets
 * arrive, so scrolling a long capture costs only the rows on screen.
 * UI thread only; the screen owns it (Enter on a packet opens the
 * drill-down on the selected one). */
struct view_packets_list {
	uint64_t *seqs;
	size_t n, cap;
	uint64_t next_from;  /* next sequence number to look at */
	bool valid;
	bool reversed;       /* r: row 0 is the newest packet */
	bool scoped;
	uint64_t scope_id;   /* the connection's id when scoped */
	unsigned scope_app;  /* and its application, for the Info column */
	char filter[8192];   /* the capture's expression */
	char find[128];      /* lower case; "" for none */
	/* the display filter bar's program (the screen owns it), or NULL;
	 * DF_GEN changes with it, so the list starts over */
	const struct dfilter *df;
	unsigned df_gen, df_seen;
	/* a display filter's walk of the store runs on WALK's thread
	 * (inspect/walk.h): each fetch takes what it found and posts the
	 * packets stored since. BEHIND while its job runs, FIRST where the
	 * walk started and DONE where it is (for the progress shown);
	 * DF_TEXT: the filter's text (the screen's), compiled again by the
	 * worker; RESTART: the next job starts the filter's flows over */
	const char *df_text;
	struct inspect_walk *walk;
	bool behind, walking, restart;
	uint64_t first, done;
	/* the list's TCP flow state (inspect/flowlist.h): a worker reads
	 * the store in order; a row it has not reached draws raw, and
	 * STALE (the highest such row + 1, else 0) asks for a redraw */
	struct inspect_flows *flows;
	uint64_t stale;
	struct inspect *in;  /* the selection's scratch and compiled filter */
	uint8_t *frame;      /* VIEW_PACKETS_FRAME bytes, for the Info text */
	struct tree scratch; /* reused: no allocation per row */
};
#define VIEW_PACKETS_FRAME 65536

/* 0, or -1 when memory ran out. */
int view_packets_init(struct view_packets_list *pk, struct model *m);
void view_packets_free(struct view_packets_list *pk);
uint64_t view_packets_seq_at(const struct view_packets_list *pk,
			     size_t index);
/* Percent of the store a display filter's walk has looked at, while it
 * is behind the store's END; -1 when it is not behind. */
int view_packets_progress(const struct view_packets_list *pk, uint64_t end);
/* Rows were drawn before the list's flow worker reached them: true once
 * it has, so they are fetched and drawn again (the screen polls while
 * view_packets_stale says so). */
bool view_packets_stale(const struct view_packets_list *pk);
bool view_packets_ripe(const struct view_packets_list *pk);
/* The filter or the scope changed: rebuild the list on the next fetch. */
void view_packets_reset(struct view_packets_list *pk);

#endif
