/*
 * report_json: the batch JSON document. The tables' rows are written from
 * their schemas (report_schema.h), fetched in chunks so a full connection
 * table never needs one huge copy; every string that came from a packet
 * goes through jsonw's escaping.
 */
#include "config.h"

#include "output/report.h"

#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/addr.h"
#include "base/i18n.h"
#include "base/jsonw.h"
#include "model/model.h"
#include "output/report_schema.h"

const char *
report_l4_name(uint8_t l4)
{
	switch (l4) {
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 58:
		return "icmpv6";
	case 132:
		return "sctp";
	default:
		return "other";
	}
}

const char *
report_state_name(uint8_t state)
{
	static const char *const names[MODEL_CONN_STATE_COUNT] = {
		[MODEL_CONN_NONE] = "none",
		[MODEL_CONN_SYN_SENT] = "syn_sent",
		[MODEL_CONN_SYN_RECEIVED] = "syn_received",
		[MODEL_CONN_ESTABLISHED] = "established",
		[MODEL_CONN_FIN_WAIT] = "fin_wait",
		[MODEL_CONN_CLOSED] = "closed",
		[MODEL_CONN_RESET] = "reset",
	};

	return state < MODEL_CONN_STATE_COUNT ? names[state] : "none";
}

const char *
report_proc_status_name(uint8_t status)
{
	static const char *const names[MODEL_PROC_STATUS_COUNT] = {
		[MODEL_PROC_NONE] = "unknown",
		[MODEL_PROC_FOUND] = "found",
		[MODEL_PROC_NO_OWNER] = "no_owner",
		[MODEL_PROC_NOT_LOCAL] = "not_local",
		[MODEL_PROC_OTHER_NETNS] = "other_netns",
		[MODEL_PROC_CLOSED] = "closed_before_seen",
	};

	return status < MODEL_PROC_STATUS_COUNT ? names[status] : "unknown";
}

const char *
report_match_name(uint8_t match)
{
	switch (match) {
	case MODEL_MATCH_EXACT:
		return "exact";
	case MODEL_MATCH_LISTENER:
		return "listener";
	default:
		return "none";
	}
}

/* A few names per thread: a report asks for the same users again and
 * again, and each getpwuid_r may read /etc/passwd. */
#define REPORT_USERS_CACHED 16
static __thread struct {
	uint32_t uid;
	bool used;
	char name[40];
} report_users[REPORT_USERS_CACHED];
static __thread unsigned report_users_next;

const char *
report_user_name(uint32_t uid, char *buf, size_t size)
{
	struct passwd pw, *res = NULL;
	char tmp[1024];
	unsigned i;

	for (i = 0; i < REPORT_USERS_CACHED; i++)
		if (report_users[i].used && report_users[i].uid == uid) {
			snprintf(buf, size, "%s", report_users[i].name);
			return buf;
		}
	if (getpwuid_r((uid_t)uid, &pw, tmp, sizeof(tmp), &res) == 0 &&
	    res != NULL && strlen(res->pw_name) < sizeof(report_users[0].name))
		snprintf(buf, size, "%s", res->pw_name);
	else
		snprintf(buf, size, "%u", (unsigned)uid);
	i = report_users_next++ % REPORT_USERS_CACHED;
	report_users[i].uid = uid;
	report_users[i].used = true;
	snprintf(report_users[i].name, sizeof(report_users[i].name), "%s", buf);
	return buf;
}

/* A connection's "process": left out when attribution never looked. */
static void
report_json_process(struct jsonw *w, const struct model_conn_row *r)
{
	char user[64];

	if (r->proc_status == MODEL_PROC_NONE)
		return;
	jsonw_key(w, "process");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "status", report_proc_status_name(r->proc_status));
	jsonw_kv_string(w, "match", report_match_name(r->proc_match));
	if (r->pid > 0) {
		jsonw_kv_uint(w, "pid", (uint64_t)r->pid);
		jsonw_key(w, "comm");
		jsonw_string_n(w, r->comm, strnlen(r->comm, sizeof(r->comm)));
		if (r->exe[0]) {
			jsonw_key(w, "exe");
			jsonw_string_n(w, r->exe, strnlen(r->exe, sizeof(r->exe)));
		}
	}
	if (r->uid_known) {
		jsonw_kv_string(w, "user",
				report_user_name(r->uid, user, sizeof(user)));
		jsonw_kv_uint(w, "uid", r->uid);
	}
	if (r->pid > 0) {
		if (r->cgroup[0]) {
			jsonw_key(w, "cgroup");
			jsonw_string_n(w, r->cgroup,
				       strnlen(r->cgroup, sizeof(r->cgroup)));
		}
		if (r->container[0]) {
			jsonw_key(w, "container");
			jsonw_string_n(w, r->container,
				       strnlen(r->container,
					       sizeof(r->container)));
		}
	}
	if (r->proc_match != MODEL_MATCH_NONE)
		jsonw_kv_string(w, "local", r->local_is_a ? "a" : "b");
	jsonw_object_end(w);
}

static void
report_json_source(struct jsonw *w, const struct report_source *src)
{
	jsonw_key(w, "source");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "kind", src->kind);
	jsonw_kv_string(w, "name", src->name);
	jsonw_kv_string(w, "linktype", src->linktype);
	jsonw_kv_uint(w, "snaplen", src->snaplen);
	if (src->filter && src->filter[0])
		jsonw_kv_string(w, "filter", src->filter);
	jsonw_object_end(w);
}

static void
report_json_totals(struct jsonw *w, const struct model_totals *t)
{
	jsonw_key(w, "totals");
	jsonw_object_begin(w);
	jsonw_kv_uint(w, "packets", t->packets);
	jsonw_kv_uint(w, "bytes", t->bytes);
	jsonw_kv_uint(w, "dropped", t->dropped);
	jsonw_kv_uint(w, "if_dropped", t->if_dropped);
	jsonw_kv_uint(w, "undecoded", t->undecoded);
	jsonw_kv_uint(w, "truncated", t->truncated);
	jsonw_kv_uint(w, "malformed", t->malformed);
	jsonw_kv_time(w, "first_ts", t->first_ts);
	jsonw_kv_time(w, "last_ts", t->last_ts);
	jsonw_kv_uint(w, "evicted_hosts", t->evicted_hosts);
	jsonw_kv_uint(w, "evicted_connections", t->evicted_connections);
	jsonw_kv_uint(w, "hosts", t->hosts);
	jsonw_kv_uint(w, "connections", t->connections);
	if (t->procs_on) {
		jsonw_kv_uint(w, "process_owners", t->procs_owners);
		jsonw_kv_uint(w, "evicted_process_owners", t->procs_evicted);
		jsonw_kv_uint(w, "process_lookups_missed", t->procs_missed);
	}
	if (t->procs_status[0])
		jsonw_kv_string(w, "process_status", t->procs_status);
	jsonw_object_end(w);
	if (t->writer.on) {
		/* -w: what reached the files, and what could not */
		jsonw_key(w, "writer");
		jsonw_object_begin(w);
		jsonw_kv_string(w, "file", t->writer.file);
		jsonw_kv_uint(w, "files", t->writer.files);
		jsonw_kv_uint(w, "packets", t->writer.packets);
		jsonw_kv_uint(w, "lost", t->writer.lost);
		if (t->writer.error[0])
			jsonw_kv_string(w, "error", t->writer.error);
		jsonw_object_end(w);
	}
	if (t->export.on) {
		/* --ipfix, --flow-log: flow records made, sent, lost */
		jsonw_key(w, "export");
		jsonw_object_begin(w);
		jsonw_kv_uint(w, "records", t->export.records);
		jsonw_kv_uint(w, "sent", t->export.sent);
		jsonw_kv_uint(w, "dropped", t->export.dropped);
		if (t->export.error[0])
			jsonw_kv_string(w, "error", t->export.error);
		jsonw_object_end(w);
	}
	if (t->collect.on) {
		/* --collect: what the exporters sent, what was refused */
		jsonw_key(w, "collect");
		jsonw_object_begin(w);
		jsonw_kv_uint(w, "exporters", t->collect.exporters);
		jsonw_kv_uint(w, "messages", t->collect.messages);
		jsonw_kv_uint(w, "records", t->collect.records);
		jsonw_kv_uint(w, "malformed", t->collect.malformed);
		jsonw_kv_uint(w, "no_template", t->collect.no_template);
		jsonw_kv_uint(w, "unusable", t->collect.unusable);
		jsonw_kv_uint(w, "unsupported", t->collect.unsupported);
		jsonw_kv_uint(w, "dropped", t->collect.dropped);
		if (t->collect.error[0])
			jsonw_kv_string(w, "error", t->collect.error);
		jsonw_object_end(w);
	}
}

/* Names longer than this are counted by jsonw itself. */
#define REPORT_JSON_NAMES 160

struct report_json_rows {
	struct jsonw *w;
	const struct report_schema *s;
	/* the fields' name lengths, counted once per table instead of once
	 * per member; 0 for a name counted per member */
	uint8_t name_len[REPORT_JSON_NAMES];
};

/* F's key (the Ith field of the schema). */
static void
report_json_key(const struct report_json_rows *c, size_t i,
		const struct report_field *f)
{
	if (i < REPORT_JSON_NAMES && c->name_len[i] > 0)
		jsonw_key_n(c->w, f->name, c->name_len[i]);
	else
		jsonw_key(c->w, f->name);
}

/* A local TCP socket's tcp_info as the kernel last gave it: "kernel". */
static void
report_json_kernel(struct jsonw *w, const struct model_conn_row *r)
{
	const struct model_kernel_tcp *k = &r->kernel;

	if (!r->has_kernel)
		return;
	jsonw_key(w, "kernel");
	jsonw_object_begin(w);
	jsonw_kv_double(w, "srtt_ms", k->srtt_us * 1e-3, 3);
	jsonw_kv_double(w, "rttvar_ms", k->rttvar_us * 1e-3, 3);
	jsonw_kv_uint(w, "retransmits", k->retransmits);
	jsonw_kv_uint(w, "total_retrans", k->total_retrans);
	jsonw_kv_uint(w, "snd_cwnd", k->snd_cwnd);
	jsonw_kv_uint(w, "pacing_rate", k->pacing_rate);
	jsonw_kv_uint(w, "delivery_rate", k->delivery_rate);
	jsonw_kv_double(w, "rwnd_limited_ms", (double)k->rwnd_limited_us * 1e-3,
			3);
	jsonw_kv_double(w, "sndbuf_limited_ms",
			(double)k->sndbuf_limited_us * 1e-3, 3);
	jsonw_kv_time(w, "read_at", k->at);
	jsonw_object_end(w);
}

/* One row as an object, a member per field of its schema. */
static void
report_json_row(void *ctx, const void *row)
{
	const struct report_json_rows *c = ctx;
	const struct report_field *f;
	char text[ADDR_TEXT_MAX + 24];
	const char *str;
	size_t i, len;

	jsonw_object_begin(c->w);
	for (i = 0; i < c->s->count; i++) {
		f = &c->s->fields[i];
		if (!report_field_present(f, row))
			continue;
		switch (f->kind) {
		case REPORT_FIELD_U64:
		case REPORT_FIELD_U16:
			if (i < REPORT_JSON_NAMES && c->name_len[i] > 0)
				jsonw_kv_uint_n(c->w, f->name, c->name_len[i],
						report_field_uint(f, row));
			else
				jsonw_kv_uint(c->w, f->name,
					      report_field_uint(f, row));
			break;
		case REPORT_FIELD_TIME:
			report_json_key(c, i, f);
			jsonw_time(c->w, report_field_time(f, row));
			break;
		case REPORT_FIELD_U32:
			jsonw_kv_uint(c->w, f->name, report_field_uint(f, row));
			break;
		case REPORT_FIELD_UID:
			if (report_field_uint(f, row) != UINT32_MAX) {
				jsonw_kv_uint(c->w, f->name,
					      report_field_uint(f, row));
			} else {
				jsonw_key(c->w, f->name);
				jsonw_null(c->w);
			}
			break;
		case REPORT_FIELD_USER:
			if (report_field_uint(f, row) == UINT32_MAX) {
				jsonw_key(c->w, f->name);
				jsonw_null(c->w);
				break;
			}
			str = report_field_text(f, row, text, sizeof(text),
						&len);
			jsonw_key(c->w, f->name);
			jsonw_string_n(c->w, str, len);
			break;
		case REPORT_FIELD_PROCESS:
			report_json_process(c->w, row);
			break;
		case REPORT_FIELD_KERNEL:
			report_json_kernel(c->w, row);
			break;
		case REPORT_FIELD_MS:
			/* unknown: left out */
			if (report_field_time(f, row) >= 0) {
				report_json_key(c, i, f);
				jsonw_double(c->w,
					     report_field_time(f, row) * 1e3, 3);
			}
			break;
		case REPORT_FIELD_PCT:
			if (report_field_time(f, row) >= 0) {
				report_json_key(c, i, f);
				jsonw_double(c->w, report_field_time(f, row), 2);
			}
			break;
		default:
			str = report_field_text(f, row, text, sizeof(text),
						&len);
			/* a name nobody sent is left out, not "" */
			if (f->kind == REPORT_FIELD_NAME && len == 0)
				break;
			report_json_key(c, i, f);
			jsonw_string_n(c->w, str, len);
			break;
		}
	}
	jsonw_object_end(c->w);
}

/* "hosts": [ ... ] and the like; -1 when memory ran out. */
static int
report_json_rows(struct jsonw *w, struct model *m, enum report_table which)
{
	struct report_json_rows c = { w, &report_schemas[which], { 0 } };
	size_t i, n;
	int rc;

	for (i = 0; i < c.s->count && i < REPORT_JSON_NAMES; i++) {
		n = strlen(c.s->fields[i].name);
		c.name_len[i] = n <= UINT8_MAX ? (uint8_t)n : 0;
	}
	jsonw_key(w, c.s->name);
	jsonw_array_begin(w);
	rc = report_rows(m, c.s, report_json_row, &c);
	jsonw_array_end(w);
	return rc;
}

int
report_json(FILE *out, struct model *m, const struct report_source *src,
	    size_t top, char *err, size_t errlen)
{
	struct model_totals t;
	struct jsonw w;

	(void)top; /* every row */
	model_get_totals(m, &t);
	jsonw_init(&w, out);
	jsonw_object_begin(&w);
	jsonw_kv_string(&w, "pktop", PACKAGE_VERSION);
	report_json_source(&w, src);
	report_json_totals(&w, &t);
	if (report_json_rows(&w, m, REPORT_HOSTS) < 0 ||
	    report_json_rows(&w, m, REPORT_CONNECTIONS) < 0 ||
	    report_json_rows(&w, m, REPORT_PROTOCOLS) < 0 ||
	    (t.procs_on && report_json_rows(&w, m, REPORT_PROCESSES) < 0)) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	jsonw_object_end(&w);
	if (jsonw_finish(&w) < 0) {
		snprintf(err, errlen, "%s", _("cannot write the report"));
		return -1;
	}
	return 0;
}

int
report_json_table(FILE *out, struct model *m, enum report_table which,
		  char *err, size_t errlen)
{
	struct jsonw w;
	int rc;

	jsonw_init(&w, out);
	jsonw_object_begin(&w);
	rc = report_json_rows(&w, m, which);
	jsonw_object_end(&w);
	if (rc < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	if (jsonw_finish(&w) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	return 0;
}
