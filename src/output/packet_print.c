/*
 * packet_print: -V and --fields output for a capture file. Each packet is
 * re-dissected with decode_tree(); the tree is printed indented (like
 * tshark -V) or flattened to field -> value (like tshark -T fields, or
 * JSON Lines). Packet text is escaped again on the way out, so nothing a
 * parser forgot to escape reaches a terminal or breaks the JSON.
 */
#include "config.h"

#include "output/packet_print.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode/decode.h"
#include "decode/field_table.h"
#include "decode/flowstate.h"
#include "base/i18n.h"
#include "decode/keylog.h"
#include "inspect/dfilter.h"
#include "inspect/inspect.h"
#include "inspect/packet_info.h"
#include "decode/proto_table.h"
#include "base/escape.h"
#include "base/hex.h"
#include "base/infile.h"
#include "decode/tree.h"

/* Room for a pseudo-field's value: the Info column is the longest. */
#define PACKET_PRINT_PSEUDO_MAX 2048

struct packet_print {
	const struct packet_print_config *cfg;
	FILE *out;
	struct tree t;
	struct decode_summary s;
	struct flowstate *flows; /* what packets leave for the next ones */
	int linktype;
	uint64_t number;
	const struct pcap_pkthdr *hdr;
	const uint8_t *data;     /* the frame's bytes, for -Y slices */
	double first_time;       /* the file's first packet, for the list */
	bool have_first;
	struct timeval first;  /* the first frame's time (nanoseconds) */
	/* Scratch for grouping repeated fields, kept across packets. */
	int *next_same;   /* next node with the same field, or -1 */
	int *last_same;   /* per first node: last one so far */
	int *slots;       /* open-addressed hash of field -> first node */
	size_t scratch_cap;
	size_t slot_cap;
};

/* S for a terminal or a tab-separated line: escape.h's C sink over text
 * the tree already escaped (a backslash stays single); in FIELDS mode a
 * tab or newline would split the columns, so they are escaped like any
 * other control byte. */
static void
packet_print_put_text(FILE *out, const char *str)
{
	escape_to_file(out, str, strlen(str), ESCAPE_SINK_C,
		       ESCAPE_C_KEEP_BACKSLASH);
}

/* One code point as a JSON escape (a surrogate pair above U+FFFF). */
static void
packet_print_json_cp(FILE *out, unsigned cp)
{
	if (cp == '\n' || cp == '\r' || cp == '\t')
		fputs(cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : "\\t", out);
	else if (cp > 0xffff && cp <= 0x10ffff) {
		cp -= 0x10000;
		fprintf(out, "\\u%04x\\u%04x", 0xd800 + (cp >> 10),
			0xdc00 + (cp & 0x3ff));
	} else {
		fprintf(out, "\\u%04x", cp & 0xffff);
	}
}

/* The length of the C escape at S (escape.h's \xNN and \u{N...}) with
 * its value in *CP, or 0 when S is not one: the tree holds C-escaped
 * text, and JSON spells those characters its own way (\u001b). */
static size_t
packet_print_c_escape(const char *s, unsigned *cp)
{
	size_t i;
	int h, l;

	if (s[0] != '\\')
		return 0;
	if (s[1] == 'n' || s[1] == 'r' || s[1] == 't') {
		*cp = s[1] == 'n' ? '\n' : s[1] == 'r' ? '\r' : '\t';
		return 2;
	}
	if (s[1] == 'x' && (h = hex_digit_value(s[2])) >= 0 &&
	    (l = hex_digit_value(s[3])) >= 0) {
		*cp = (unsigned)(h << 4 | l);
		return 4;
	}
	if (s[1] == 'u' && s[2] == '{') {
		*cp = 0;
		for (i = 3; i < 11 && (h = hex_digit_value(s[i])) >= 0; i++)
			*cp = *cp << 4 | (unsigned)h;
		if (i > 3 && s[i] == '}')
			return i + 1;
	}
	return 0;
}

/* C-escaped text (the tree's, escaped again by the C sink so nothing a
 * parser forgot passes) as a JSON string: a control byte is \u001b,
 * never a literal backslash-x. */
static void
packet_print_put_json(FILE *out, const char *str)
{
	char buf[TREE_INFO_MAX * 4 + 1];
	const char *p, *run;
	char *big = NULL, *w = buf;
	size_t n = strlen(str), len;
	unsigned cp;

	if (4 * n + 1 > sizeof(buf))
		w = big = malloc(4 * n + 1);
	if (w != NULL)
		escape_to_buf(str, n, ESCAPE_SINK_C, ESCAPE_C_KEEP_BACKSLASH,
			      w, 4 * n + 1);
	p = w != NULL ? w : "";
	putc('"', out);
	for (run = p; *p;) {
		len = packet_print_c_escape(p, &cp);
		if (len == 0 && *p != '\\' && *p != '"') {
			p++;
			continue;
		}
		fwrite(run, 1, (size_t)(p - run), out);
		if (len > 0) {
			packet_print_json_cp(out, cp);
			p += len;
		} else {
			fputs(*p == '"' ? "\\\"" : "\\\\", out);
			p++;
		}
		run = p;
	}
	fwrite(run, 1, (size_t)(p - run), out);
	putc('"', out);
	free(big);
}

/* A node that only groups others (a protocol, "Queries") is not a field
 * of its own in -T fields output. */
static bool
packet_print_is_field(const struct tree_node *n)
{
	if (!n->field || (n->flags & TREE_FLAG_PROTOCOL))
		return false;
	return !(n->first_child != TREE_NONE && n->value[0] == '\0');
}

static uint32_t
packet_print_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Link each field node to the next node of the same name, so repeated
 * fields print as one array without a quadratic search. */
static int
packet_print_group(struct packet_print *pp)
{
	const struct tree *t = &pp->t;
	size_t need = (size_t)t->count, slots, k;
	int i;

	if (need > pp->scratch_cap) {
		int *a = realloc(pp->next_same, need * sizeof(*a));
		if (!a)
			return -1;
		pp->next_same = a;
		a = realloc(pp->last_same, need * sizeof(*a));
		if (!a)
			return -1;
		pp->last_same = a;
		pp->scratch_cap = need;
	}
	for (slots = 64; slots < 2 * need; slots *= 2)
		;
	if (slots > pp->slot_cap) {
		int *a = realloc(pp->slots, slots * sizeof(*a));
		if (!a)
			return -1;
		pp->slots = a;
		pp->slot_cap = slots;
	}
	slots = pp->slot_cap;
	for (k = 0; k < slots; k++)
		pp->slots[k] = -1;
	for (i = 0; i < t->count; i++) {
		const struct tree_node *n = &t->nodes[i];
		int first;

		pp->next_same[i] = -1;
		pp->last_same[i] = -1;
		if (!packet_print_is_field(n))
			continue;
		k = packet_print_hash(n->field) & (slots - 1);
		while ((first = pp->slots[k]) >= 0 &&
		       strcmp(t->nodes[first].field, n->field) != 0)
			k = (k + 1) & (slots - 1);
		if (first < 0) {
			pp->slots[k] = i;
			pp->last_same[i] = i;
			continue;
		}
		pp->next_same[pp->last_same[first]] = i;
		pp->last_same[first] = i;
	}
	return 0;
}

static void
packet_print_epoch(const struct packet_print *pp, char *buf, size_t size)
{
	snprintf(buf, size, "%lld.%09ld", (long long)pp->hdr->ts.tv_sec,
		 (long)pp->hdr->ts.tv_usec);
}

/* The frame's arrival time as tshark's frame.time (and -V) writes it,
 * in UTC. */
static void
packet_print_when(const struct packet_print *pp, char *buf, size_t size)
{
	time_t sec = (time_t)pp->hdr->ts.tv_sec;
	char when[64];
	struct tm tm;

	if (!gmtime_r(&sec, &tm) ||
	    !strftime(when, sizeof(when), "%b %e, %Y %H:%M:%S", &tm))
		when[0] = '\0';
	snprintf(buf, size, "%s.%09ld UTC", when, (long)pp->hdr->ts.tv_usec);
}

/* Seconds since the first frame, nine digits, as frame.time_relative. */
static void
packet_print_relative(const struct packet_print *pp, char *buf, size_t size)
{
	long long s = (long long)pp->hdr->ts.tv_sec - pp->first.tv_sec;
	long ns = (long)pp->hdr->ts.tv_usec - (long)pp->first.tv_usec;

	if (ns < 0) {
		ns += 1000000000L;
		s--;
	}
	if (s < 0) /* a frame older than the first */
		snprintf(buf, size, "-%lld.%09ld",
			 ns ? -s - 1 : -s, ns ? 1000000000L - ns : 0);
	else
		snprintf(buf, size, "%lld.%09ld", s, ns);
}

/* The protocols of the frame as frame.protocols joins them: the tree's
 * protocol layers, with tshark's "ethertype" after a layer that hands
 * on by an ethertype. */
static void
packet_print_protocols(const struct packet_print *pp, char *buf,
		       size_t size)
{
	const struct tree *t = &pp->t;
	size_t len = 0;
	int n;

	buf[0] = '\0';
	for (int i = 0; i < t->count && len + 1 < size; i++) {
		const char *f = t->nodes[i].field;

		if (!(t->nodes[i].flags & TREE_FLAG_PROTOCOL) || f == NULL)
			continue;
		n = snprintf(buf + len, size - len, "%s%s", len ? ":" : "",
			     f);
		if (n < 0)
			break;
		len += (size_t)n;
		if ((strcmp(f, "eth") == 0 && tree_find(t, "eth.type", i) >= 0) ||
		    strcmp(f, "vlan") == 0 || strcmp(f, "sll") == 0) {
			n = snprintf(buf + len, size - len, ":ethertype");
			if (n > 0)
				len += (size_t)n;
		}
		if (len >= size)
			len = size - 1;
	}
}

/* The frame.* and _ws.col.* pseudo-fields, as tshark prints them; NULL
 * if NAME is not one of them. */
static const char *
packet_print_frame_field(const struct packet_print *pp, const char *name,
			 char *buf, size_t size)
{
	struct packet_info pi;

	if (strcmp(name, "frame.number") == 0)
		snprintf(buf, size, "%llu", (unsigned long long)pp->number);
	else if (strcmp(name, "frame.time_epoch") == 0)
		packet_print_epoch(pp, buf, size);
	else if (strcmp(name, "frame.len") == 0)
		snprintf(buf, size, "%u", pp->hdr->len);
	else if (strcmp(name, "frame.cap_len") == 0)
		snprintf(buf, size, "%u", pp->hdr->caplen);
	else if (strcmp(name, "frame.time") == 0)
		packet_print_when(pp, buf, size);
	else if (strcmp(name, "frame.time_relative") == 0)
		packet_print_relative(pp, buf, size);
	else if (strcmp(name, "frame.protocols") == 0)
		packet_print_protocols(pp, buf, size);
	else if (strcmp(name, "_ws.col.Info") == 0 ||
		 strcmp(name, "_ws.col.Protocol") == 0) {
		packet_info_from_tree(&pp->t, &pp->s, &pi);
		snprintf(buf, size, "%s",
			 name[8] == 'I' ? pi.info : pi.protocol);
	} else
		return NULL;
	return buf;
}

/* Which pseudo-fields print as JSON numbers rather than strings. */
static bool
packet_print_frame_number(const char *name)
{
	return strcmp(name, "frame.number") == 0 ||
	       strcmp(name, "frame.len") == 0 ||
	       strcmp(name, "frame.cap_len") == 0;
}

bool
packet_print_field_known(const char *name)
{
	static const char *const pseudo[] = {
		"frame.number", "frame.time_epoch", "frame.len",
		"frame.cap_len", "frame.time", "frame.time_relative",
		"frame.protocols", "_ws.col.Info", "_ws.col.Protocol",
	};

	for (size_t k = 0; k < sizeof(pseudo) / sizeof(pseudo[0]); k++)
		if (strcmp(name, pseudo[k]) == 0)
			return true;
	return field_extra_lookup(name) != NULL || field_lookup(name) != NULL;
}

static void
packet_print_json_values(struct packet_print *pp, int first)
{
	const struct tree *t = &pp->t;
	int i;

	if (pp->next_same[first] < 0) {
		packet_print_put_json(pp->out, t->nodes[first].value);
		return;
	}
	putc('[', pp->out);
	for (i = first; i >= 0; i = pp->next_same[i]) {
		if (i != first)
			putc(',', pp->out);
		packet_print_put_json(pp->out, t->nodes[i].value);
	}
	putc(']', pp->out);
}

static void
packet_print_text_values(struct packet_print *pp, int first)
{
	int i;

	/* tshark -E occurrence=a -E aggregator=, */
	for (i = first; i >= 0; i = pp->next_same[i]) {
		if (i != first)
			putc(',', pp->out);
		packet_print_put_text(pp->out, pp->t.nodes[i].value);
	}
}

/* First node of field NAME usable as a field, or -1: a probe of the
 * table packet_print_group built (a walk of the tree per -e field was
 * most of --fields' time). */
static int
packet_print_first(const struct packet_print *pp, const char *name)
{
	size_t mask = pp->slot_cap - 1, k;
	int first;

	if (pp->slot_cap == 0)
		return -1;
	k = packet_print_hash(name) & mask;
	while ((first = pp->slots[k]) >= 0 &&
	       strcmp(pp->t.nodes[first].field, name) != 0)
		k = (k + 1) & mask;
	return first;
}

static void
packet_print_fields_json(struct packet_print *pp)
{
	static const char *const frame[] = {"frame.number", "frame.time_epoch",
					    "frame.len", "frame.cap_len"};
	const struct packet_print_config *cfg = pp->cfg;
	const struct tree *t = &pp->t;
	char buf[PACKET_PRINT_PSEUDO_MAX];
	const char *v;
	bool comma = false;
	size_t k;
	int i;

	putc('{', pp->out);
	if (!cfg->fields) {
		for (k = 0; k < sizeof(frame) / sizeof(frame[0]); k++) {
			v = packet_print_frame_field(pp, frame[k], buf,
						     sizeof(buf));
			fprintf(pp->out, "%s\"%s\":", comma ? "," : "",
				frame[k]);
			if (k == 1)
				packet_print_put_json(pp->out, v);
			else
				fputs(v, pp->out);
			comma = true;
		}
		for (i = 0; i < t->count; i++) {
			if (!packet_print_is_field(&t->nodes[i]) ||
			    pp->last_same[i] < 0)
				continue;
			putc(',', pp->out);
			packet_print_put_json(pp->out, t->nodes[i].field);
			putc(':', pp->out);
			packet_print_json_values(pp, i);
		}
		goto out;
	}
	for (k = 0; k < cfg->nfields; k++) {
		v = packet_print_frame_field(pp, cfg->fields[k], buf,
					     sizeof(buf));
		i = v ? -1 : packet_print_first(pp, cfg->fields[k]);
		if (!v && i < 0)
			continue;
		if (comma)
			putc(',', pp->out);
		comma = true;
		packet_print_put_json(pp->out, cfg->fields[k]);
		putc(':', pp->out);
		if (!v)
			packet_print_json_values(pp, i);
		else if (!packet_print_frame_number(cfg->fields[k]))
			packet_print_put_json(pp->out, v);
		else
			fputs(v, pp->out);
	}
out:
	fputs("}\n", pp->out);
}

static void
packet_print_fields_text(struct packet_print *pp)
{
	const struct packet_print_config *cfg = pp->cfg;
	const struct tree *t = &pp->t;
	char buf[PACKET_PRINT_PSEUDO_MAX];
	const char *v;
	size_t k;
	int i;

	if (!cfg->fields) {
		/* No -e: every field as name=value, after the frame. */
		fprintf(pp->out, "frame.number=%llu",
			(unsigned long long)pp->number);
		for (i = 0; i < t->count; i++) {
			if (!packet_print_is_field(&t->nodes[i]) ||
			    pp->last_same[i] < 0)
				continue;
			fprintf(pp->out, "\t%s=", t->nodes[i].field);
			packet_print_text_values(pp, i);
		}
		putc('\n', pp->out);
		return;
	}
	for (k = 0; k < cfg->nfields; k++) {
		if (k)
			putc('\t', pp->out);
		v = packet_print_frame_field(pp, cfg->fields[k], buf,
					     sizeof(buf));
		if (v) {
			packet_print_put_text(pp->out, v);
			continue;
		}
		i = packet_print_first(pp, cfg->fields[k]);
		if (i >= 0)
			packet_print_text_values(pp, i);
	}
	putc('\n', pp->out);
}

/* The "Src: ..., Dst: ..." the layer's dissector set (tree_title), as
 * tshark appends it to the layer's title line. */
static void
packet_print_title(struct packet_print *pp, int i)
{
	const char *title = pp->t.nodes[i].title;

	if (title)
		packet_print_put_text(pp->out, title);
}

/* The short name tshark puts in its marks: the protocol's label where
 * the tree's field is a protocol's tree_name, else the field upper-cased
 * ("vxlan" -> "VXLAN"). */
static void
packet_print_put_short(FILE *out, const char *field)
{
	const struct proto_desc *desc = proto_by_tree_name(field);

	if (desc != NULL) {
		fputs(desc->label, out);
		return;
	}
	for (; *field; field++) {
		unsigned char ch = (unsigned char)*field;

		if (ch >= 'a' && ch <= 'z')
			ch = (unsigned char)(ch - 'a' + 'A');
		if (tree_text_safe_len(&ch, 1) == 1)
			putc(ch, out);
	}
}

static void
packet_print_indent(FILE *out, unsigned depth)
{
	static const char spaces[] = "                                "
				     "                                ";

	/* deeper than 16 levels: the rest one level at a time */
	for (; depth > 16; depth--)
		fputs("    ", out);
	fwrite(spaces, 1, 4 * (size_t)depth, out);
}

static void
packet_print_node(struct packet_print *pp, int i, unsigned depth)
{
	const struct tree_node *n = &pp->t.nodes[i];
	const char *label = n->label ? n->label : n->field;
	bool gen = n->flags & TREE_FLAG_GENERATED;
	int c;

	if (n->flags & TREE_FLAG_HIDDEN)
		return; /* as tshark -V leaves out ip.addr, tcp.port */
	packet_print_indent(pp->out, depth);
	if (gen)
		putc('[', pp->out);
	/* an empty label: the value is the whole line (an HTTP header
	 * tshark does not name) */
	if (label && *label)
		packet_print_put_text(pp->out, label);
	if (n->flags & TREE_FLAG_PROTOCOL)
		packet_print_title(pp, i);
	else if (tree_node_text(n)[0]) {
		if (label && *label)
			fputs(": ", pp->out);
		packet_print_put_text(pp->out, tree_node_text(n));
	}
	if (gen)
		putc(']', pp->out);
	putc('\n', pp->out);
	for (c = n->first_child; c != TREE_NONE;
	     c = pp->t.nodes[c].next_sibling)
		packet_print_node(pp, c, depth + 1);
	/* tshark's marks, inside the layer they concern. */
	if (n->flags & TREE_FLAG_MALFORMED) {
		packet_print_indent(pp->out, depth + 1);
		fputs(_("[Malformed Packet: "), pp->out);
		packet_print_put_short(pp->out, n->field);
		fputs("]\n", pp->out);
	}
	if (n->flags & TREE_FLAG_TRUNCATED) {
		packet_print_indent(pp->out, depth + 1);
		fputs(_("[Packet size limited during capture: "), pp->out);
		packet_print_put_short(pp->out, n->field);
		fputs(_(" truncated]\n"), pp->out);
	}
}

static void
packet_print_tree(struct packet_print *pp)
{
	const struct pcap_pkthdr *h = pp->hdr;
	const struct tree *t = &pp->t;
	const char *dlt = pcap_datalink_val_to_description(pp->linktype);
	char epoch[64], when[64];
	struct tm tm;
	time_t sec = (time_t)h->ts.tv_sec;
	bool colon = false;
	int i;

	packet_print_epoch(pp, epoch, sizeof(epoch));
	if (!gmtime_r(&sec, &tm) ||
	    !strftime(when, sizeof(when), "%b %e, %Y %H:%M:%S", &tm))
		when[0] = '\0';
	fprintf(pp->out,
		_("Frame %llu: %u bytes on wire (%llu bits), %u bytes "
		  "captured (%llu bits)\n"),
		(unsigned long long)pp->number, h->len,
		(unsigned long long)h->len * 8, h->caplen,
		(unsigned long long)h->caplen * 8);
	fprintf(pp->out, _("    Encapsulation type: %s (%d)\n"),
		dlt ? dlt : "?", pp->linktype);
	fprintf(pp->out, _("    Arrival Time: %s.%09ld UTC\n"), when,
		(long)h->ts.tv_usec);
	fprintf(pp->out, _("    Epoch Time: %s seconds\n"), epoch);
	fprintf(pp->out, _("    Frame Number: %llu\n"),
		(unsigned long long)pp->number);
	fprintf(pp->out, _("    Frame Length: %u bytes (%llu bits)\n"),
		h->len, (unsigned long long)h->len * 8);
	fprintf(pp->out, _("    Capture Length: %u bytes (%llu bits)\n"),
		h->caplen, (unsigned long long)h->caplen * 8);
	fputs(_("    [Protocols in frame: "), pp->out);
	for (i = 0; i < t->count; i++) {
		if (!(t->nodes[i].flags & TREE_FLAG_PROTOCOL))
			continue;
		if (colon)
			putc(':', pp->out);
		packet_print_put_text(pp->out, t->nodes[i].field);
		colon = true;
	}
	fputs("]\n", pp->out);
	/* Roots are chained as siblings from node 0. */
	for (i = t->count ? 0 : TREE_NONE; i != TREE_NONE;
	     i = t->nodes[i].next_sibling)
		packet_print_node(pp, i, 0);
	if (pp->s.status == DECODE_MALFORMED)
		fprintf(pp->out, _("[Malformed Packet: %s]\n"),
			proto_table[pp->s.bad_layer]->label);
	else if (pp->s.status == DECODE_TRUNCATED)
		fprintf(pp->out,
			_("[Packet size limited during capture: %s "
			  "truncated]\n"),
			proto_table[pp->s.bad_layer]->label);
	if (t->out_of_memory)
		fputs(_("[pktop: the field tree was cut short at its size "
			"limit]\n"),
		      pp->out);
	putc('\n', pp->out);
}

/* Dissect the packet in file order; HIDDEN: only for what it leaves its
 * flow (tshark -Y dissects every frame), no tree. */
static void
packet_print_decode(struct packet_print *pp, const struct pcap_pkthdr *h,
		    const uint8_t *data, bool hidden)
{
	pp->hdr = h;
	if (pp->number == 1)
		pp->first = h->ts;
	tree_reset(&pp->t);
	pp->t.discard = hidden;
	flowstate_set_frame(pp->flows, pp->number);
	/* nanosecond precision (pcap_open_offline_with_tstamp_precision) */
	inspect_dissect_frame(pp->flows,
			      (double)h->ts.tv_sec + h->ts.tv_usec * 1e-9,
			      pp->linktype, data, h->caplen, h->len,
			      PROTO_NONE, &pp->s, &pp->t);
	pp->t.discard = false;
}

/* tshark's default one line: number, time since the first packet,
 * source, destination, protocol, length, Info (escaped by packet_info). */
static void
packet_print_list(struct packet_print *pp)
{
	const struct pcap_pkthdr *h = pp->hdr;
	struct packet_info pi;
	double t = (double)h->ts.tv_sec + h->ts.tv_usec * 1e-9;

	if (!pp->have_first) {
		pp->first_time = t;
		pp->have_first = true;
	}
	packet_info_from_tree(&pp->t, &pp->s, &pi);
	fprintf(pp->out, "%5llu %12.6f %s \xe2\x86\x92 %s %s %u %s\n",
		(unsigned long long)pp->number, t - pp->first_time, pi.src,
		pi.dst, pi.protocol, h->len, pi.info);
}

/* Whether the -Y filter keeps the packet just decoded. */
static bool
packet_print_keep(struct packet_print *pp)
{
	const struct pcap_pkthdr *h = pp->hdr;
	struct dfilter_packet dp = {
		.number = pp->number,
		.time = (double)h->ts.tv_sec + h->ts.tv_usec * 1e-9,
		.len = h->len,
		.caplen = h->caplen,
		.data = pp->data,
		.t = &pp->t,
	};

	return dfilter_match(pp->cfg->dfilter, &dp);
}

static int
packet_print_one(struct packet_print *pp, const struct pcap_pkthdr *h,
		 const uint8_t *data, char *err, size_t errlen)
{
	(void)h;
	(void)data;
	if (pp->cfg->mode == PACKET_PRINT_LIST) {
		packet_print_list(pp);
		return 0;
	}
	if (pp->cfg->mode == PACKET_PRINT_TREE) {
		packet_print_tree(pp);
		return 0;
	}
	if (packet_print_group(pp) < 0) {
		snprintf(err, errlen, _("out of memory at packet %llu"),
			 (unsigned long long)pp->number);
		return -1;
	}
	if (pp->cfg->mode == PACKET_PRINT_JSON)
		packet_print_fields_json(pp);
	else
		packet_print_fields_text(pp);
	return 0;
}

int
packet_print_file(const struct packet_print_config *cfg, char *err,
		  size_t errlen)
{
	struct packet_print pp;
	struct pcap_pkthdr *h;
	const u_char *data;
	struct bpf_program prog;
	struct keylog *keys = NULL;
	bool have_prog = false;
	uint64_t shown = 0;
	pcap_t *p = NULL;
	int rc = -1, r = 0;

	memset(&pp, 0, sizeof(pp));
	pp.cfg = cfg;
	pp.out = cfg->out ? cfg->out : stdout;
	tree_init(&pp.t);
	pp.flows = flowstate_new();
	keys = keylog_new();
	if (pp.flows == NULL || keys == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	flowstate_set_keylog(pp.flows, keys);
	flowstate_set_whole(pp.flows, true);
	/* secrets embedded in a pcapng, then the user's key log */
	if (inspect_keys_load(keys, cfg->file, cfg->keylog_file, err,
			      errlen) < 0)
		goto out;
	/* Nanoseconds, so frame.time_epoch has tshark's nine digits. */
	p = infile_open(cfg->file, true, cfg->filter, &prog, &have_prog, err,
			errlen);
	if (!p)
		goto out;
	pp.linktype = pcap_datalink(p);
	/* everything read from disk is open: root may go now */
	if (cfg->opened && cfg->opened(cfg->opened_arg, err, errlen) < 0)
		goto out;
	/* The filter is run here rather than by pcap_setfilter so that
	 * frame.number still counts every frame of the file, as tshark's
	 * does; -c counts the frames shown. */
	while ((cfg->count == 0 || shown < cfg->count) &&
	       (r = pcap_next_ex(p, &h, &data)) == 1) {
		pp.number++;
		if (have_prog && !pcap_offline_filter(&prog, h, data)) {
			/* what a hidden packet leaves (a QUIC key, an open
			 * HTTP header block) counts for the shown ones */
			packet_print_decode(&pp, h, data, true);
			continue;
		}
		pp.data = data;
		if (pp.cfg->mode == PACKET_PRINT_LIST && pp.number == 1) {
			pp.first_time = (double)h->ts.tv_sec +
					h->ts.tv_usec * 1e-9;
			pp.have_first = true;
		}
		packet_print_decode(&pp, h, data, false);
		if (cfg->dfilter && !packet_print_keep(&pp))
			continue;
		if (packet_print_one(&pp, h, data, err, errlen) < 0)
			goto out;
		shown++;
		if (ferror(pp.out))
			break;
	}
	if (r == PCAP_ERROR) {
		/* what came before the cut is printed (and flushed) */
		(void)fflush(pp.out);
		infile_stop_error(cfg->file, pcap_geterr(p), err, errlen);
		goto out;
	}
	if (fflush(pp.out) != 0 || ferror(pp.out)) {
		snprintf(err, errlen, _("cannot write the output: %s"),
			 strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (have_prog)
		pcap_freecode(&prog);
	if (p)
		pcap_close(p);
	free(pp.slots);
	free(pp.last_same);
	free(pp.next_same);
	tree_free(&pp.t);
	flowstate_free(pp.flows);
	keylog_free(keys);
	return rc;
}
