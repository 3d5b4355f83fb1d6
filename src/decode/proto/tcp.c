/*
 * tcp: the TCP header (RFC 9293 section 3.1) and its options (kinds from
 * the IANA registry: MSS, window scale RFC 7323, SACK RFC 2018,
 * timestamps RFC 7323). The data offset bounds the options; the rest of
 * the IP payload is the segment's data.
 */
#include "config.h"

#include "decode/proto/tcp.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decode/flowstate.h"
#include "decode/tcpseq.h"
#include "decode/proto/wire.h"

#define TCP_HEADER 20
#define TCP_OPT_END 0
#define TCP_OPT_NOP 1
#define TCP_OPT_MSS 2
#define TCP_OPT_WSCALE 3
#define TCP_OPT_SACK_PERM 4
#define TCP_OPT_SACK 5
#define TCP_OPT_TIMESTAMP 8

struct tcp_flag_row {
	const char *field;
	const char *label;
	uint16_t mask;
};

static const struct tcp_flag_row tcp_flags[] = {
	{ "tcp.flags.ae", "Accurate ECN", 0x100 },
	{ "tcp.flags.cwr", "Congestion Window Reduced", 0x080 },
	{ "tcp.flags.ece", "ECN-Echo", 0x040 },
	{ "tcp.flags.urg", "Urgent", 0x020 },
	{ "tcp.flags.ack", "Acknowledgment", 0x010 },
	{ "tcp.flags.push", "Push", 0x008 },
	{ "tcp.flags.reset", "Reset", 0x004 },
	{ "tcp.flags.syn", "Syn", 0x002 },
	{ "tcp.flags.fin", "Fin", 0x001 },
};

/* Tree only: what the packet list's Info shows, as the walk found it:
 * the nodes of the fields (-1: not in the tree) and their values. */
struct tcp_info {
	int sport, dport, len, seq, ack, flags, win;
	uint16_t sport_v, dport_v, flags_v;
	size_t len_v;
	/* the flow's analysis (flowstate.h), when packets are read in
	 * order; else the raw numbers are shown */
	const struct flowstate_tcp_view *view;
	/* the options' part of the Info, in their order in the header */
	char opts[256];
	size_t opts_len;
};

static void
tcp_info_opt(struct tcp_info *ti, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
tcp_info_opt(struct tcp_info *ti, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ti->opts_len + 1 >= sizeof(ti->opts))
		return;
	va_start(ap, fmt);
	n = vsnprintf(ti->opts + ti->opts_len, sizeof(ti->opts) - ti->opts_len,
		      fmt, ap);
	va_end(ap);
	if (n > 0)
		ti->opts_len += (size_t)n;
	if (ti->opts_len >= sizeof(ti->opts))
		ti->opts_len = sizeof(ti->opts) - 1;
}

/* tshark's analysis flags: the Info column's marks and the fields under
 * [SEQ/ACK analysis], in the order tshark prints them. */
struct tcp_analysis_row {
	unsigned flag;
	const char *mark;
	const char *field;
	const char *label;
};

static const struct tcp_analysis_row tcp_analysis[] = {
	{ FLOWSTATE_TCP_PORTS_REUSED, "[TCP Port numbers reused] ",
	  "tcp.analysis.reused_ports",
	  "A new tcp session is started with the same ports as an earlier "
	  "session in this trace" },
	{ TCPSEQ_ZWP_ACK, "[TCP ZeroWindowProbeAck] ",
	  "tcp.analysis.zero_window_probe_ack",
	  "This is an ACK to a TCP zero-window-probe" },
	{ TCPSEQ_ZERO_WINDOW, "[TCP ZeroWindow] ",
	  "tcp.analysis.zero_window", "This is a ZeroWindow segment" },
	{ TCPSEQ_ZWP, "[TCP ZeroWindowProbe] ",
	  "tcp.analysis.zero_window_probe", "This is a TCP zero-window-probe" },
	{ TCPSEQ_DUPACK, NULL, "tcp.analysis.duplicate_ack",
	  "This is a TCP duplicate ack" },
	{ TCPSEQ_KEEPALIVE_ACK, "[TCP Keep-Alive ACK] ",
	  "tcp.analysis.keep_alive_ack",
	  "This is an ACK to a TCP keep-alive segment" },
	{ TCPSEQ_KEEPALIVE, "[TCP Keep-Alive] ",
	  "tcp.analysis.keep_alive", "This is a TCP keep-alive segment" },
	{ TCPSEQ_WINDOW_FULL, "[TCP Window Full] ",
	  "tcp.analysis.window_full", "This is a TCP window full" },
	{ TCPSEQ_WINDOW_UPDATE, "[TCP Window Update] ",
	  "tcp.analysis.window_update", "This is a TCP window update" },
	{ TCPSEQ_ACK_UNSEEN, "[TCP ACKed unseen segment] ",
	  "tcp.analysis.ack_lost_segment",
	  "ACKed segment that wasn't captured (common at capture start)" },
	{ TCPSEQ_LOST, "[TCP Previous segment not captured] ",
	  "tcp.analysis.lost_segment",
	  "Previous segment(s) not captured (common at capture start)" },
	{ TCPSEQ_OOO, "[TCP Out-Of-Order] ",
	  "tcp.analysis.out_of_order",
	  "This frame is a (suspected) out-of-order segment" },
	{ TCPSEQ_SPURIOUS, "[TCP Spurious Retransmission] ",
	  "tcp.analysis.spurious_retransmission",
	  "This frame is a (suspected) spurious retransmission" },
	{ TCPSEQ_FAST, "[TCP Fast Retransmission] ",
	  "tcp.analysis.fast_retransmission",
	  "This frame is a (suspected) fast retransmission" },
	{ TCPSEQ_RETRANS, "[TCP Retransmission] ",
	  "tcp.analysis.retransmission",
	  "This frame is a (suspected) retransmission" },
};

#define TCP_ANALYSIS_ROWS (sizeof(tcp_analysis) / sizeof(tcp_analysis[0]))


const char *const tcp_flag_names[TCP_FLAG_NAMES] = {
	"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE",
};

/* The analysis marks before the Info text, fenced: an application's
 * text that follows replaces the TCP text, not the marks. */
static void
tcp_info_marks(struct tree *t, const struct flowstate_tcp_view *v)
{
	if (v == NULL || v->flags == 0)
		return;
	for (size_t k = 0; k < TCP_ANALYSIS_ROWS; k++) {
		if (!(v->flags & tcp_analysis[k].flag))
			continue;
		if (tcp_analysis[k].mark)
			tree_info(t, PROTO_TCP, "%s", tcp_analysis[k].mark);
		else
			tree_info(t, PROTO_TCP, "[TCP Dup ACK %llu#%u] ",
				  (unsigned long long)v->dup_frame,
				  v->dup_num);
	}
	tree_info_fence(t, PROTO_TCP);
}

/* The Info text tshark shows for a segment: its analysis marks, ports,
 * flags, sequence numbers relative to the flow's start when the flow
 * was followed (else raw; a SYN's own is 0 either way), the window
 * (scaled when the handshake was seen), length and the handshake's
 * options. */
static void
tcp_info_write(struct tree *t, const struct tcp_info *ti)
{
	unsigned flags = ti->flags >= 0 ? ti->flags_v : 0;
	const struct flowstate_tcp_view *v = ti->view;
	bool first = true;

	tcp_info_marks(t, v);
	tree_info(t, PROTO_TCP, "%u \xe2\x86\x92 %u",
		  ti->sport >= 0 ? ti->sport_v : 0,
		  ti->dport >= 0 ? ti->dport_v : 0);
	tree_info(t, PROTO_TCP, " [");
	for (size_t k = 0; k < TCP_FLAG_NAMES; k++) {
		if (!(flags & (1u << k)))
			continue;
		tree_info(t, PROTO_TCP, "%s%s", first ? "" : ", ",
			  tcp_flag_names[k]);
		first = false;
	}
	tree_info(t, PROTO_TCP, "%s]", first ? "<None>" : "");
	if (v != NULL) {
		tree_info(t, PROTO_TCP, " Seq=%u", v->seq);
		if (flags & 0x10)
			tree_info(t, PROTO_TCP, " Ack=%u", v->ack);
		tree_info(t, PROTO_TCP, " Win=%u", v->window);
	} else {
		if (flags & 0x02) {
			tree_info(t, PROTO_TCP, " Seq=0");
		} else if (ti->seq >= 0) {
			tree_info(t, PROTO_TCP, " Seq=");
			tree_info_node(t, PROTO_TCP, ti->seq);
		}
		/* a SYN/ACK seen alone: tshark takes the peer's start
		 * from its ack, which then reads 1 */
		if ((flags & 0x12) == 0x12) {
			tree_info(t, PROTO_TCP, " Ack=1");
		} else if ((flags & 0x10) && ti->ack >= 0) {
			tree_info(t, PROTO_TCP, " Ack=");
			tree_info_node(t, PROTO_TCP, ti->ack);
		}
	}
	if (v == NULL && ti->win >= 0) {
		tree_info(t, PROTO_TCP, " Win=");
		tree_info_node(t, PROTO_TCP, ti->win);
	}
	tree_info(t, PROTO_TCP, " Len=%zu", ti->len >= 0 ? ti->len_v : 0);
	if (ti->opts_len)
		tree_info(t, PROTO_TCP, "%s", ti->opts);
}

/* Node N (< 0: none) is derived, not read: [...] in the tree. */
static void
tcp_generated(struct tree *t, int n)
{
	if (n >= 0)
		t->nodes[n].flags |= TREE_FLAG_GENERATED;
}

/* The options tshark names in its "TCP Option - NAME" subtrees: the
 * subtree's field, its label and the name the Options line lists. */
struct tcp_opt_row {
	uint8_t kind;
	const char *field;
	const char *label;
	const char *name;
};

static const struct tcp_opt_row tcp_opt_rows[] = {
	{ TCP_OPT_END, "tcp.options.eol",
	  "TCP Option - End of Option List (EOL)", "End of Option List (EOL)" },
	{ TCP_OPT_NOP, "tcp.options.nop", "TCP Option - No-Operation (NOP)",
	  "No-Operation (NOP)" },
	{ TCP_OPT_MSS, "tcp.options.mss", "TCP Option - Maximum segment size",
	  "Maximum segment size" },
	{ TCP_OPT_WSCALE, "tcp.options.wscale", "TCP Option - Window scale",
	  "Window scale" },
	{ TCP_OPT_SACK_PERM, "tcp.options.sack_perm",
	  "TCP Option - SACK permitted", "SACK permitted" },
	{ TCP_OPT_SACK, "tcp.options.sack", "TCP Option - SACK", "SACK" },
	{ TCP_OPT_TIMESTAMP, "tcp.options.timestamp", "TCP Option - Timestamps",
	  "Timestamps" },
};

#define TCP_OPT_ROWS (sizeof(tcp_opt_rows) / sizeof(tcp_opt_rows[0]))

/* Opens option KIND's subtree at OFF (LEN bytes; 0 until its pop) and
 * appends its name to NAMES (the Options line). Returns its node, or -1
 * (left out: past the captured bytes; its pop is still owed). */
static int
tcp_opt_open(struct tree *t, size_t off, size_t len, uint8_t kind,
	     char *names, size_t size)
{
	const struct tcp_opt_row *r = NULL;
	size_t used = strlen(names);

	for (size_t k = 0; k < TCP_OPT_ROWS; k++)
		if (tcp_opt_rows[k].kind == kind)
			r = &tcp_opt_rows[k];
	if (used + 1 < size)
		snprintf(names + used, size - used, ", %s",
			 r ? r->name : "Unknown");
	return tree_do_push(t, r ? r->field : "tcp.options.unknown",
			    r ? r->label : "TCP Option - Unknown", off, len);
}

/* Tree only: the Options subtree, one "TCP Option - NAME" subtree per
 * option with its kind named (decode/valnames.h) and the values people
 * read, as tshark -V shows them. */
static void
tcp_tree_options(struct tree *t, struct cursor *o, struct tcp_info *ti)
{
	char names[256] = "";
	size_t start = o->pos, total = cursor_left(o);
	int opts = tree_do_push(t, "tcp.options", "Options", start, total);
	int n;

	while (cursor_has(o, 1)) {
		size_t off = o->pos;
		uint8_t kind = cursor_u8(o);
		struct cursor v;
		unsigned len;

		if (kind == TCP_OPT_END || kind == TCP_OPT_NOP) {
			tcp_opt_open(t, off, 1, kind, names, sizeof(names));
			tree_uint(t, "tcp.option_kind", "Kind", off, 1, kind);
			tree_pop(t, off + 1);
			if (kind == TCP_OPT_END)
				break;
			continue;
		}
		len = cursor_u8(o);
		if (o->err || len < 2 || cursor_left(o) < len - 2) {
			tree_uint(t, "tcp.option_kind", "Kind", off, 1, kind);
			tree_flag(t, TREE_FLAG_MALFORMED);
			break;
		}
		n = tcp_opt_open(t, off, len, kind, names, sizeof(names));
		tree_uint(t, "tcp.option_kind", "Kind", off, 1, kind);
		tree_uint(t, "tcp.option_len", "Length", off + 1, 1, len);
		v = cursor_sub(o, len - 2);
		cursor_skip(o, len - 2);
		switch (kind) {
		case TCP_OPT_MSS:
			if (len == 4) {
				uint16_t mss = cursor_be16(&v);

				if (tree_uint(t, "tcp.options.mss_val",
					      "MSS Value", off + 2, 2,
					      mss) >= 0)
					tcp_info_opt(ti, " MSS=%u", mss);
				tree_shown(t, n, "%u bytes", mss);
			}
			break;
		case TCP_OPT_WSCALE:
			if (len == 3) {
				uint8_t shift = cursor_u8(&v);
				unsigned mult = 1u << (shift < 15 ? shift : 14);
				int sh = tree_uint(t, "tcp.options.wscale.shift",
						   "Shift count", off + 2, 1,
						   shift);

				if (sh >= 0)
					tcp_info_opt(ti, " WS=%u", mult);
				tree_shown(t, n, "%u (multiply by %u)", shift,
					   mult);
				tcp_generated(t,
					      tree_uint(t,
							"tcp.options.wscale.multiplier",
							"Multiplier", off + 2, 1,
							mult));
			}
			break;
		case TCP_OPT_SACK_PERM:
			if (n >= 0)
				tcp_info_opt(ti, " SACK_PERM");
			break;
		case TCP_OPT_SACK:
			for (size_t b = off + 2; cursor_left(&v) >= 8; b += 8) {
				uint32_t le = cursor_be32(&v);
				uint32_t re = cursor_be32(&v);
				uint32_t base = ti->view ? ti->view->ack_base : 0;

				/* relative to the peer's numbers, as the
				 * ack (tshark's SLE, SRE) */
				if (tree_uint(t, "tcp.options.sack_le",
					      "left edge", b, 4,
					      le - base) >= 0 &&
				    tree_uint(t, "tcp.options.sack_re",
					      "right edge", b + 4, 4,
					      re - base) >= 0)
					tcp_info_opt(ti, " SLE=%u SRE=%u",
						     le - base, re - base);
			}
			break;
		case TCP_OPT_TIMESTAMP:
			if (len == 10) {
				uint32_t val = cursor_be32(&v);
				uint32_t ecr = cursor_be32(&v);
				int tsval = tree_uint(
					t, "tcp.options.timestamp.tsval",
					"Timestamp value", off + 2, 4, val);
				int tsecr = tree_uint(
					t, "tcp.options.timestamp.tsecr",
					"Timestamp echo reply", off + 6, 4,
					ecr);

				if (tsval >= 0 && tsecr >= 0)
					tcp_info_opt(ti, " TSval=%u TSecr=%u",
						     val, ecr);
				tree_shown(t, n, "TSval %u, TSecr %u", val, ecr);
			}
			break;
		default:
			break;
		}
		tree_pop(t, off + len);
	}
	tree_shown(t, opts, "(%zu bytes)%s", total, names);
	tree_pop(t, start + total);
}

/* [SEQ/ACK analysis]: one field per flag the flow's history raised. */
static void
tcp_tree_analysis(struct tree *t, size_t off,
		  const struct flowstate_tcp_view *v)
{
	int n;

	if (v == NULL || v->flags == 0)
		return;
	tree_push(t, "tcp.analysis", "SEQ/ACK analysis", off, 0);
	tcp_generated(t, t->open);
	tree_push(t, "tcp.analysis.flags", "TCP Analysis Flags", off, 0);
	tcp_generated(t, t->open);
	for (size_t k = TCP_ANALYSIS_ROWS; k-- > 0;) {
		if (!(v->flags & tcp_analysis[k].flag))
			continue;
		tcp_generated(t, tree_do_add(t, tcp_analysis[k].field,
					     tcp_analysis[k].label, off, 0,
					     "%s", ""));
	}
	tree_pop(t, off);
	if (v->flags & TCPSEQ_DUPACK) {
		n = tree_uint(t, "tcp.analysis.duplicate_ack_num",
			      "Duplicate ACK #", off, 0, v->dup_num);
		tcp_generated(t, n);
		n = tree_uint(t, "tcp.analysis.duplicate_ack_frame",
			      "Duplicate to the ACK in frame", off, 0,
			      v->dup_frame);
		tcp_generated(t, n);
	}
	tree_pop(t, off);
}

/* The data offset in bytes, read as tshark -V shows it: "40 bytes (10)". */
static void
tcp_tree_hdr_len(struct tree *t, size_t off, unsigned hlen)
{
	tree_shown(t, tree_uint(t, "tcp.hdr_len", "Header Length", off, 1,
				hlen),
		   "%u bytes (%u)", hlen, hlen / 4);
}

/* A flag bit as tshark -V reads it ("Syn: Set"), its value 0 or 1. */
static void
tcp_tree_bit(struct tree *t, const char *field, const char *label,
	     size_t off, size_t len, unsigned v)
{
	tree_shown(t, tree_uint(t, field, label, off, len, v), "%s",
		   v ? "Set" : "Not set");
}

/* The flags word with its bits nested under it, as tshark -V shows
 * them: "Flags: 0x012 (SYN, ACK)", the set flags named in bit order,
 * "Reserved" last, "<None>" when none is set; then one line per bit and
 * the generated one-letter picture ("[TCP Flags: ·······A··S·]", a dot
 * U+00B7 for a clear bit, R for each reserved one). */
static int
tcp_tree_flags(struct tree *t, size_t off, uint16_t flags)
{
	static const char letters[] = "RRRACEUAPRSF";
	char names[64], pic[sizeof(letters) * 2];
	size_t nl = 0, np = 0;
	int n = tree_hex(t, "tcp.flags", "Flags", off, 2, flags, 4);

	if (n < 0)
		return n;
	names[0] = '\0';
	for (size_t k = 0; k < TCP_FLAG_NAMES; k++)
		if (flags & (1u << k))
			nl += (size_t)snprintf(names + nl, sizeof(names) - nl,
					       "%s%s", nl ? ", " : "",
					       tcp_flag_names[k]);
	if (flags & 0x0e00)
		nl += (size_t)snprintf(names + nl, sizeof(names) - nl,
				       "%sReserved", nl ? ", " : "");
	tree_shown(t, n, "0x%03x (%s)", flags, nl ? names : "<None>");
	tree_open(t, n);
	tcp_tree_bit(t, "tcp.flags.res", "Reserved", off, 1, flags >> 9);
	for (size_t i = 0; i < sizeof(tcp_flags) / sizeof(tcp_flags[0]); i++)
		tcp_tree_bit(t, tcp_flags[i].field, tcp_flags[i].label, off, 2,
			     (flags & tcp_flags[i].mask) != 0);
	for (size_t i = 0; i + 1 < sizeof(letters); i++) {
		if (flags & (0x800u >> i)) {
			pic[np++] = letters[i];
		} else {
			pic[np++] = (char)0xc2; /* U+00B7 MIDDLE DOT */
			pic[np++] = (char)0xb7;
		}
	}
	pic[np] = '\0';
	tree_generated(t, tree_do_add(t, "tcp.flags.str", "TCP Flags", off, 2,
				      "%s", pic));
	tree_pop(t, off + 2);
	return n;
}

static void
tcp_tree_header(struct tree *t, size_t off, const uint8_t *p,
		unsigned hlen, size_t seglen, struct tcp_info *ti)
{
	uint16_t flags = wire_be16(p + 12) & 0x0fff;
	const struct flowstate_tcp_view *v = ti->view;
	int n;
	int sp = tree_uint(t, "tcp.srcport", "Source Port", off, 2,
			   wire_be16(p));
	int dp = tree_uint(t, "tcp.dstport", "Destination Port", off + 2, 2,
			   wire_be16(p + 2));

	tree_title(t, "Src Port", sp, "Dst Port", dp);
	ti->sport = sp;
	ti->dport = dp;
	ti->sport_v = wire_be16(p);
	ti->dport_v = wire_be16(p + 2);
	ti->flags_v = flags;
	ti->len_v = seglen;
	tree_hide(t, tree_uint(t, "tcp.port", "Source or Destination Port",
			       off, 2, wire_be16(p)));
	tree_hide(t, tree_uint(t, "tcp.port", "Source or Destination Port",
			       off + 2, 2, wire_be16(p + 2)));
	if (v && v->stream >= 0)
		tcp_generated(t, tree_uint(t, "tcp.stream", "Stream index",
					   off, 0, (uint64_t)v->stream));
	/* Wireshark leaves the length out of a header quoted by ICMP. */
	if (seglen != (size_t)-1) {
		ti->len = tree_uint(t, "tcp.len", "TCP Segment Len", off, 0,
				    seglen);
		tcp_generated(t, ti->len);
	}
	if (v) {
		n = tree_uint(t, "tcp.seq", "Sequence Number", off + 4, 4,
			      v->seq);
		if (v->relative)
			tree_shown(t, n, "%u    (relative sequence number)",
				   v->seq);
	}
	ti->seq = tree_uint(t, "tcp.seq_raw", "Sequence Number (raw)",
			    off + 4, 4, wire_be32(p + 4));
	if (v && v->relative) {
		n = tree_uint(t, "tcp.nxtseq", "Next Sequence Number", off, 0,
			      v->nextseq);
		tcp_generated(t, n);
		tree_shown(t, n, "%u    (relative sequence number)",
			   v->nextseq);
	}
	if (v) {
		n = tree_uint(t, "tcp.ack", "Acknowledgment Number", off + 8,
			      4, v->ack);
		if ((flags & 0x10) && v->relative)
			tree_shown(t, n, "%u    (relative ack number)", v->ack);
	}
	ti->ack = tree_uint(t, "tcp.ack_raw", "Acknowledgment number (raw)",
			    off + 8, 4, wire_be32(p + 8));
	tcp_tree_hdr_len(t, off + 12, hlen);
	if (hlen < TCP_HEADER)
		return; /* Wireshark stops at a bogus header length too */
	ti->flags = tcp_tree_flags(t, off + 12, flags);
	ti->win = tree_uint(t, "tcp.window_size_value", "Window", off + 14, 2,
			    wire_be16(p + 14));
	if (v) {
		tcp_generated(t, tree_uint(t, "tcp.window_size",
					   "Calculated window size", off + 14,
					   2, v->window));
		if (!(flags & 0x02)) {
			n = tree_do_add(t, "tcp.window_size_scalefactor",
					"Window size scaling factor", off + 14,
					2, "%d",
					v->win_scale >= 0 ? 1 << v->win_scale
							  : v->win_scale);
			tcp_generated(t, n);
			if (v->win_scale == -1)
				tree_shown(t, n, "-1 (unknown)");
			else if (v->win_scale == -2)
				tree_shown(t, n, "-2 (no window scaling used)");
		}
	}
	tree_hex(t, "tcp.checksum", "Checksum", off + 16, 2,
		 wire_be16(p + 16), 4);
	tree_uint(t, "tcp.urgent_pointer", "Urgent Pointer", off + 18, 2,
		  wire_be16(p + 18));
}

/* Tree only: the fields of a header cut short, as far as they go. */
static void
tcp_tree_partial(struct tree *t, size_t off, struct cursor *q,
		 const struct decode_summary *s, struct tcp_info *ti)
{
	int sp = tree_uint(t, "tcp.srcport", "Source Port", off, 2, s->sport);
	int dp = tree_uint(t, "tcp.dstport", "Destination Port", off + 2, 2,
			   s->dport);
	uint16_t w;

	tree_title(t, "Src Port", sp, "Dst Port", dp);
	ti->sport = sp;
	ti->dport = dp;
	ti->sport_v = s->sport;
	ti->dport_v = s->dport;

	/* Each field follows the last: one cut short ends the list (a
	 * later read would take its bytes for the next field's). */
	if (cursor_left(q) < 4)
		return;
	ti->seq = tree_uint(t, "tcp.seq_raw", "Sequence Number (raw)",
			    off + 4, 4, cursor_be32(q));
	if (cursor_left(q) < 4)
		return;
	ti->ack = tree_uint(t, "tcp.ack_raw", "Acknowledgment number (raw)",
			    off + 8, 4, cursor_be32(q));
	if (cursor_left(q) < 2)
		return;
	w = cursor_be16(q);
	tcp_tree_hdr_len(t, off + 12, (w >> 12) * 4u);
	if ((w >> 12) * 4u < TCP_HEADER)
		return;
	ti->flags = tcp_tree_flags(t, off + 12, w & 0x0fff);
	ti->flags_v = w & 0x0fff;
	if (cursor_left(q) >= 2)
		ti->win = tree_uint(t, "tcp.window_size_value", "Window",
				    off + 14, 2, cursor_be16(q));
}

void
tcp_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	size_t off = c->pos;
	const uint8_t *p;
	unsigned hlen;
	size_t seglen;
	struct tcp_info ti; /* tree path only */
	struct flowstate_tcp_view view;
	bool again = false;

	s->layers |= 1ull << PROTO_TCP;
	tree_push(d->t, "tcp", "Transmission Control Protocol", off, 0);
	tree_column(d->t, PROTO_TCP, false);
	if (d->t)
		ti = (struct tcp_info){
			.sport = -1, .dport = -1, .len = -1, .seq = -1,
			.ack = -1, .flags = -1, .win = -1,
			.view = NULL, .opts_len = 0,
		};
	if (!cursor_has(c, TCP_HEADER)) {
		/* The ports alone still name the connection. */
		struct cursor q = *c;

		if (cursor_left(&q) >= 4) {
			s->sport = cursor_be16(&q);
			s->dport = cursor_be16(&q);
			s->l4_proto = PROTO_TCP;
			if (d->t)
				tcp_tree_partial(d->t, off, &q, s, &ti);
		}
		if (d->t)
			tcp_info_write(d->t, &ti);
		dissect_stop(d, PROTO_TCP, off + TCP_HEADER > d->ip_end
						   ? DECODE_MALFORMED
						   : DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	p = cursor_ptr(c, TCP_HEADER);
	s->sport = wire_be16(p);
	s->dport = wire_be16(p + 2);
	s->l4_proto = PROTO_TCP;
	s->tcp_flags = p[13];
	hlen = (p[12] >> 4) * 4u;
	seglen = d->ip_end > off + hlen ? d->ip_end - off - hlen : 0;
	s->l4_off = (uint32_t)off;
	s->l4_len = (uint32_t)(d->ip_end > off ? d->ip_end - off : 0);
	/* The flow's analysis first: the tree and the Info show it. */
	if (d->fs && d->t && !d->quoted && hlen >= TCP_HEADER &&
	    off + hlen <= d->ip_end && cursor_has(c, hlen - TCP_HEADER)) {
		again = flowstate_tcp_again(d->fs, s, p, seglen, &view);
		ti.view = &view;
	} else if (d->fs && d->t && d->quoted) {
		/* tshark numbers the quoted segment's stream too, and
		 * shows its numbers raw */
		flowstate_tcp_quoted(d->fs, s, p, &view);
		ti.view = &view;
	}
	if (d->t)
		tcp_tree_header(d->t, off, p, hlen,
				d->quoted ? (size_t)-1 : seglen, &ti);
	if (hlen < TCP_HEADER) {
		if (d->t)
			tcp_info_write(d->t, &ti);
		dissect_stop(d, PROTO_TCP, DECODE_MALFORMED);
		tree_pop(d->t, off + TCP_HEADER);
		return;
	}
	if (off + hlen > d->ip_end) {
		/* The options would run past the IP datagram. */
		if (d->t)
			tcp_info_write(d->t, &ti);
		dissect_stop(d, PROTO_TCP, DECODE_MALFORMED);
		tree_pop(d->t, c->end);
		return;
	}
	if (hlen > TCP_HEADER) {
		struct cursor o = cursor_sub(c, hlen - TCP_HEADER);

		if (!cursor_skip(c, hlen - TCP_HEADER)) {
			if (d->t)
				tcp_info_write(d->t, &ti);
			dissect_stop(d, PROTO_TCP, DECODE_TRUNCATED);
			tree_pop(d->t, c->end);
			return;
		}
		if (d->t)
			tcp_tree_options(d->t, &o, &ti);
	}
	if (d->t) {
		tcp_tree_analysis(d->t, off, ti.view);
		tcp_info_write(d->t, &ti);
	}
	tree_pop(d->t, off + hlen);
	d->tcp_again = again;
	dissect_payload(c, d);
	d->tcp_again = false;
}

const struct proto_desc tcp_proto = {
	.id = PROTO_TCP,
	.name = "tcp",
	.label = "TCP",
	.tree_name = "tcp",
	.column = "TCP",
	.layer = PROTO_LAYER_TRANSPORT,
};
