/*
 * flow_export: one thread, one pass per popped slice of records: each
 * collector's message filled and sent when full, the rest sent at the
 * slice's end, each record once as a JSON line. UDP sends never block
 * (a refused or full socket drops the message, counted); TCP reconnects
 * every few seconds and sends its templates again on each connection.
 */
#include "config.h"

#include "output/flow_export.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "base/addr.h"
#include "base/community_id.h"
#include "base/i18n.h"
#include "base/jsonw.h"
#include "base/outfile.h"
#include "base/rotate.h"
#include "decode/proto_table.h"
#include "output/ipfix.h"
#include "output/report.h"

#define FLOW_EXPORT_SLICE 256
#define FLOW_EXPORT_RECONNECT_SECS 5
#define FLOW_EXPORT_DOWN_SECS 1

struct flow_collector {
	char spec[300];
	int tcp;
	struct sockaddr_storage sa;
	socklen_t salen;
	int fd;                  /* -1: not connected */
	double next_try;         /* TCP: when to connect again */
	double next_templates;   /* UDP: when templates go again */
	/* UDP: a refusal (ICMP port unreachable) came back: the collector
	 * is down, messages until then are dropped without a try */
	double down_until;
	bool need_templates;
	struct ipfix_enc enc;
	struct ipfix_msg msg;
	uint64_t sent, dropped;
};

struct flow_export {
	struct flowq *q;
	struct model *m;
	struct flow_collector col[FLOW_EXPORT_MAX_COLLECTORS];
	size_t ncol;
	FILE *log;
	bool log_close;
	struct jsonw *jw;
	/* --flow-log with -C/-G/-W: each line wholly in one file */
	bool rotating;
	struct rotate rot;
	char log_name[512];
	uint64_t log_bytes;      /* in the current file */
	uint64_t log_lost;       /* lines no file could take */
	pthread_t thread;
	bool started;
	uint64_t log_lines;
	char error[256];
	struct flowq_rec slice[FLOW_EXPORT_SLICE];
};

static double
flow_export_clock(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

uint32_t
flow_export_default_domain(void)
{
	char host[256] = "";
	uint32_t h = 2166136261u; /* FNV-1a */

	if (gethostname(host, sizeof(host) - 1) < 0)
		host[0] = '\0';
	for (const char *p = host; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	return h;
}

int
flow_export_parse(const char *spec, int *tcp, char *host, size_t hostlen,
		  uint16_t *port)
{
	const char *p = spec, *colon, *end;
	size_t n;
	unsigned long v;
	char *e;

	*tcp = 0;
	*port = FLOW_EXPORT_DEFAULT_PORT;
	if (strncmp(p, "tcp:", 4) == 0) {
		*tcp = 1;
		p += 4;
	} else if (strncmp(p, "udp:", 4) == 0) {
		p += 4;
	}
	if (*p == '[') {
		end = strchr(p, ']');
		if (end == NULL)
			return -1;
		n = (size_t)(end - p - 1);
		if (n == 0 || n >= hostlen)
			return -1;
		memcpy(host, p + 1, n);
		host[n] = '\0';
		colon = end[1] == ':' ? end + 1 : NULL;
		if (colon == NULL && end[1] != '\0')
			return -1;
	} else {
		colon = strrchr(p, ':');
		/* a bare IPv6 address has more than one colon: no port */
		if (colon != NULL && strchr(p, ':') != colon)
			colon = NULL;
		n = colon != NULL ? (size_t)(colon - p) : strlen(p);
		if (n == 0 || n >= hostlen)
			return -1;
		memcpy(host, p, n);
		host[n] = '\0';
	}
	if (colon != NULL) {
		if (colon[1] < '0' || colon[1] > '9')
			return -1;
		errno = 0;
		v = strtoul(colon + 1, &e, 10);
		if (errno || *e != '\0' || v == 0 || v > 65535)
			return -1;
		*port = (uint16_t)v;
	}
	return 0;
}

static int
flow_export_resolve(struct flow_collector *c, const char *spec, char *err,
		    size_t errlen)
{
	struct addrinfo hints, *res = NULL;
	char host[256], port[8];
	uint16_t p;
	int rc;

	if (flow_export_parse(spec, &c->tcp, host, sizeof(host), &p) < 0) {
		snprintf(err, errlen,
			 _("invalid --ipfix collector '%s' (expected "
			   "HOST:PORT, [IPv6]:PORT or tcp:HOST:PORT)"),
			 spec);
		return -1;
	}
	snprintf(port, sizeof(port), "%u", (unsigned)p);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = c->tcp ? SOCK_STREAM : SOCK_DGRAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0 || res == NULL) {
		snprintf(err, errlen, _("cannot resolve --ipfix collector '%s': %s"),
			 spec, gai_strerror(rc));
		return -1;
	}
	memcpy(&c->sa, res->ai_addr, res->ai_addrlen);
	c->salen = res->ai_addrlen;
	freeaddrinfo(res);
	snprintf(c->spec, sizeof(c->spec), "%s", spec);
	return 0;
}

/* --flow-log's file: the one place it is opened (to be routed through
 * the privileged helper like -w's). */
static FILE *
flow_export_open_log(const char *path, char *err, size_t errlen)
{
	FILE *f;
	int fd;

	if (strcmp(path, "-") == 0)
		return stdout;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd < 0 || (f = fdopen(fd, "a")) == NULL) {
		snprintf(err, errlen, _("cannot open --flow-log '%s': %s"), path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

/* A rotated log's next file, named for a record at WHEN: made as -w's
 * files are (base/outfile.h, through the helper once root is gone). */
static int
flow_export_open_rotated(struct flow_export *x, time_t when, char *err,
			 size_t errlen)
{
	char name[sizeof(x->log_name)];
	FILE *f;
	int fd;

	if (rotate_name(&x->rot, when, name, sizeof(name)) < 0) {
		snprintf(err, errlen, "%s",
			 _("the --flow-log file name is too long"));
		return -1;
	}
	fd = outfile_open(name, OUTFILE_REPLACE, err, errlen);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (f == NULL) {
		snprintf(err, errlen, _("cannot open --flow-log '%s': %s"), name,
			 strerror(errno));
		close(fd);
		return -1;
	}
	x->log = f;
	x->log_close = true;
	x->log_bytes = 0;
	memcpy(x->log_name, name, sizeof(name));
	rotate_opened(&x->rot, name);
	if (x->jw != NULL)
		x->jw->out = f;
	return 0;
}

static void
flow_export_close_log(struct flow_export *x)
{
	if (x->log == NULL)
		return;
	if (fflush(x->log) != 0 && x->error[0] == '\0')
		snprintf(x->error, sizeof(x->error), "%.120s: %.120s",
			 x->log_name, strerror(errno));
	if (x->log_close)
		fclose(x->log);
	x->log = NULL;
	x->log_close = false;
}

/* Before a line of LEN bytes for a record that ended at WHEN: the file
 * it goes to. False when no file can take it (counted). */
static bool
flow_export_log_file(struct flow_export *x, double when, size_t len)
{
	char err[sizeof(x->error)];
	enum rotate_step step;
	time_t t = (time_t)when;

	if (!x->rotating)
		return x->log != NULL;
	if (x->log == NULL)
		return false;
	step = rotate_step(&x->rot, (int64_t)t, x->log_bytes, len, 0);
	if (step == ROTATE_FIRST) {
		char name[sizeof(x->log_name)];

		/* the first file was named by the wall clock before any
		 * record: with -G the first record's time names it */
		if (x->log_bytes == 0 &&
		    rotate_rename_first(&x->rot, x->log_name, t, name,
					sizeof(name))) {
			flow_export_close_log(x);
			outfile_unlink(x->log_name);
			if (flow_export_open_rotated(x, t, err, sizeof(err)) < 0)
				goto fail;
		}
		step = rotate_step(&x->rot, (int64_t)t, x->log_bytes, len, 0);
	}
	if (step == ROTATE_NEXT || step == ROTATE_PERIOD) {
		flow_export_close_log(x);
		rotate_advance(&x->rot, step);
		if (flow_export_open_rotated(x, t, err, sizeof(err)) < 0)
			goto fail;
	}
	return true;
fail:
	snprintf(x->error, sizeof(x->error), "%s", err);
	return false;
}

struct flow_export *
flow_export_new(const struct flow_export_config *cfg, struct flowq *q,
		char *err, size_t errlen)
{
	struct flow_export *x = calloc(1, sizeof(*x));

	if (x == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	x->q = q;
	for (size_t i = 0; i < cfg->ncollectors; i++) {
		struct flow_collector *c = &x->col[x->ncol];

		if (flow_export_resolve(c, cfg->collectors[i], err, errlen) < 0)
			goto fail;
		c->fd = -1;
		c->enc.domain = cfg->domain;
		c->enc.ifindex = cfg->ifindex;
		c->need_templates = true;
		ipfix_msg_begin(&c->msg);
		x->ncol++;
	}
	if (cfg->flow_log != NULL && strcmp(cfg->flow_log, "-") != 0 &&
	    (cfg->rotate_bytes || cfg->rotate_secs)) {
		x->rotating = true;
		if (rotate_init(&x->rot, cfg->flow_log, cfg->rotate_bytes,
				cfg->rotate_secs, cfg->keep_files) < 0) {
			snprintf(err, errlen, "%s", _("out of memory"));
			goto fail;
		}
		/* the first file now: a bad name is an error before
		 * capturing, and the file exists before root is dropped */
		if (flow_export_open_rotated(x, time(NULL), err, errlen) < 0)
			goto fail;
	} else if (cfg->flow_log != NULL) {
		x->log = flow_export_open_log(cfg->flow_log, err, errlen);
		if (x->log == NULL)
			goto fail;
		x->log_close = x->log != stdout;
		snprintf(x->log_name, sizeof(x->log_name), "%s", cfg->flow_log);
	}
	if (cfg->flow_log != NULL) {
		x->jw = malloc(sizeof(*x->jw));
		if (x->jw == NULL) {
			snprintf(err, errlen, "%s", _("out of memory"));
			goto fail;
		}
		jsonw_init(x->jw, x->log);
	}
	return x;
fail:
	if (x->log_close)
		fclose(x->log);
	if (x->rotating)
		rotate_free(&x->rot);
	free(x->jw);
	free(x);
	return NULL;
}

static void
flow_export_error(struct flow_export *x, const struct flow_collector *c,
		  int e)
{
	snprintf(x->error, sizeof(x->error), "%.120s: %.120s", c->spec,
		 strerror(e));
}

static void
flow_export_disconnect(struct flow_collector *c, double now)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->next_try = now + FLOW_EXPORT_RECONNECT_SECS;
}

/* A socket towards C; for TCP a connection, tried at most every few
 * seconds, within one second. */
static bool
flow_export_connect(struct flow_export *x, struct flow_collector *c,
		    double now)
{
	struct pollfd pfd;
	int fd, e = 0;
	socklen_t elen = sizeof(e);

	if (c->fd >= 0)
		return true;
	if (now < c->next_try)
		return false;
	fd = socket(c->sa.ss_family, (c->tcp ? SOCK_STREAM : SOCK_DGRAM) |
					     SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		flow_export_error(x, c, errno);
		c->next_try = now + FLOW_EXPORT_RECONNECT_SECS;
		return false;
	}
	if (connect(fd, (struct sockaddr *)&c->sa, c->salen) < 0) {
		if (errno != EINPROGRESS) {
			e = errno;
			goto fail;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, 1000) <= 0) {
			e = ETIMEDOUT;
			goto fail;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) < 0 || e != 0)
			goto fail;
	}
	c->fd = fd;
	c->need_templates = true;
	return true;
fail:
	flow_export_error(x, c, e);
	close(fd);
	c->next_try = now + FLOW_EXPORT_RECONNECT_SECS;
	return false;
}

/* Every byte of BUF on the stream, waiting up to a second at a time. */
static int
flow_export_send_stream(int fd, const uint8_t *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = send(fd, buf + off, len - off, MSG_NOSIGNAL);

		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			if (poll(&pfd, 1, 1000) <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			continue;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

static int
flow_export_send(struct flow_collector *c, const uint8_t *buf, size_t len)
{
	if (c->tcp)
		return flow_export_send_stream(c->fd, buf, len);
	return send(c->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL) ==
			       (ssize_t)len ? 0 : -1;
}

static uint32_t
flow_export_time(void)
{
	return (uint32_t)time(NULL);
}

/* The templates, first on a new connection and every so often on UDP. */
static void
flow_export_templates(struct flow_export *x, struct flow_collector *c,
		      double now)
{
	struct ipfix_msg t;
	size_t len;
	int e;

	if (!c->need_templates && (c->tcp || now < c->next_templates))
		return;
	if (now < c->down_until)
		return;
	ipfix_msg_begin(&t);
	for (uint16_t id = 0; id < IPFIX_TEMPLATES; id++)
		if (ipfix_msg_template(&t, (uint16_t)(IPFIX_TEMPLATE_FIRST + id)) < 0) {
			len = ipfix_msg_finish(&t, &c->enc, flow_export_time());
			if (flow_export_send(c, t.buf, len) < 0)
				goto fail;
			ipfix_msg_begin(&t);
			(void)ipfix_msg_template(&t, (uint16_t)(IPFIX_TEMPLATE_FIRST + id));
		}
	len = ipfix_msg_finish(&t, &c->enc, flow_export_time());
	if (flow_export_send(c, t.buf, len) < 0)
		goto fail;
	c->need_templates = false;
	c->next_templates = now + FLOW_EXPORT_TEMPLATE_SECS;
	return;
fail:
	e = errno;
	flow_export_error(x, c, e);
	if (c->tcp)
		flow_export_disconnect(c, now);
	else if (e == ECONNREFUSED)
		c->down_until = now + FLOW_EXPORT_DOWN_SECS;
	/* a refused UDP message may have been templates: again when the
	 * collector is back */
	c->need_templates = true;
}

/* C's message out (or its records counted as lost), a new one begun. */
static void
flow_export_flush(struct flow_export *x, struct flow_collector *c,
		  double now)
{
	uint32_t records = c->msg.records;
	size_t len;

	if (records == 0)
		return;
	if (flow_export_connect(x, c, now))
		flow_export_templates(x, c, now);
	len = ipfix_msg_finish(&c->msg, &c->enc, flow_export_time());
	if (c->fd < 0 || c->need_templates || now < c->down_until) {
		c->dropped += records;
	} else if (flow_export_send(c, c->msg.buf, len) < 0) {
		int e = errno;

		flow_export_error(x, c, e);
		c->dropped += records;
		if (c->tcp) {
			flow_export_disconnect(c, now);
		} else if (e == ECONNREFUSED) {
			c->down_until = now + FLOW_EXPORT_DOWN_SECS;
			c->need_templates = true;
		}
	} else {
		c->sent += records;
	}
	ipfix_msg_begin(&c->msg);
}

static void
flow_export_record(struct flow_export *x, struct flow_collector *c,
		   const struct flowq_rec *r, double now)
{
	if (ipfix_msg_record(&c->msg, &c->enc, r) == 0)
		return;
	flow_export_flush(x, c, now);
	if (ipfix_msg_record(&c->msg, &c->enc, r) < 0)
		c->dropped++; /* cannot happen: a record fits an empty message */
}

/* Zeek's conn.log service names where they name the same protocol. */
static const char *
flow_export_service(unsigned app)
{
	static const struct {
		const char *ours, *zeek;
	} map[] = {
		{ "tls", "ssl" }, { "http", "http" }, { "dns", "dns" },
		{ "ssh", "ssh" }, { "quic", "quic" }, { "dhcp", "dhcp" },
		{ "ntp", "ntp" }, { "smtp", "smtp" }, { "ftp", "ftp" },
	};
	const char *n;

	if (app >= PROTO_COUNT || app == PROTO_NONE)
		return NULL;
	n = proto_table[app]->name;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].ours, n) == 0)
			return map[i].zeek;
	return NULL;
}

static const char *
flow_export_proto(uint8_t l4)
{
	switch (l4) {
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 1:
	case 58:
		return "icmp";
	case 132:
		return "sctp";
	default:
		return NULL;
	}
}

/* One conn.log-like line. Zeek's orig_bytes count payload and
 * orig_ip_bytes IP bytes; pktop counts frames as captured on the wire,
 * so its byte counts carry their own names. */
static void
flow_export_log(struct flow_export *x, const struct flowq_rec *r)
{
	static const char *const reasons[] = {
		[FLOWQ_IDLE] = "idle", [FLOWQ_ACTIVE] = "active",
		[FLOWQ_END] = "end", [FLOWQ_FORCED] = "forced",
		[FLOWQ_RESOURCES] = "evicted",
	};
	struct jsonw *w = x->jw;
	char a[64], b[64], uid[32], cid[COMMUNITY_ID_LEN];
	const char *proto = flow_export_proto(r->l4);
	const char *svc = flow_export_service(r->app);

	addr_format(&r->a, a, sizeof(a));
	addr_format(&r->b, b, sizeof(b));
	/* unique per connection in this run; records of one connection
	 * (active timeouts) share it */
	snprintf(uid, sizeof(uid), "P%llx", (unsigned long long)r->conn_id);
	jsonw_object_begin(w);
	jsonw_kv_double(w, "ts", r->start, 6);
	jsonw_kv_string(w, "uid", uid);
	jsonw_kv_string(w, "id.orig_h", a);
	jsonw_kv_uint(w, "id.orig_p", r->a_port);
	jsonw_kv_string(w, "id.resp_h", b);
	jsonw_kv_uint(w, "id.resp_p", r->b_port);
	if (proto != NULL)
		jsonw_kv_string(w, "proto", proto);
	else
		jsonw_kv_uint(w, "ip_proto", r->l4);
	if (svc != NULL)
		jsonw_kv_string(w, "service", svc);
	jsonw_kv_double(w, "duration", r->end > r->start ? r->end - r->start : 0, 6);
	jsonw_kv_uint(w, "orig_pkts", r->packets[0]);
	jsonw_kv_uint(w, "resp_pkts", r->packets[1]);
	jsonw_kv_uint(w, "orig_wire_bytes", r->bytes[0]);
	jsonw_kv_uint(w, "resp_wire_bytes", r->bytes[1]);
	if (r->app != PROTO_NONE && r->app < PROTO_COUNT)
		jsonw_kv_string(w, "app", proto_table[r->app]->name);
	if (r->name_len > 0) {
		jsonw_key(w, "server_name");
		jsonw_string_n(w, r->name, r->name_len);
	}
	/* HTTP: Zeek http.log's names for the first request and response
	 * (host is server_name's Host, repeated under http.log's name) */
	if (r->http.method_len > 0) {
		jsonw_key(w, "method");
		jsonw_string_n(w, r->http.method, r->http.method_len);
		if (r->app == PROTO_HTTP && r->name_len > 0) {
			jsonw_key(w, "host");
			jsonw_string_n(w, r->name, r->name_len);
		}
		jsonw_key(w, "uri");
		jsonw_string_n(w, r->http.target, r->http.target_len);
		if (r->http.ua_len > 0) {
			jsonw_key(w, "user_agent");
			jsonw_string_n(w, r->http.ua, r->http.ua_len);
		}
	}
	if (r->http.status_seen)
		jsonw_kv_uint(w, "status_code", r->http.status);
	/* ICMP flows are kept per host pair, without type and code: their
	 * Community ID would not be the spec's */
	if (r->l4 != 1 && r->l4 != 58 &&
	    community_id_v1(0, r->l4, &r->a, r->a_port, &r->b, r->b_port,
			    cid) == 0)
		jsonw_kv_string(w, "community_id", cid);
	if (r->reason < sizeof(reasons) / sizeof(reasons[0]) &&
	    reasons[r->reason] != NULL)
		jsonw_kv_string(w, "end_reason", reasons[r->reason]);
	jsonw_object_end(w);
	w->need_comma[0] = false;
	/* the whole line is still in W's buffer (it is far shorter: every
	 * string in it is capped): its file is chosen before a byte of it
	 * is written, so no line is split across two files */
	if (!flow_export_log_file(x, r->end, w->used + 1)) {
		w->used = 0;
		x->log_lost++;
		return;
	}
	/* jsonw_finish without its fflush: the slice's end flushes */
	x->log_bytes += w->used + 1;
	jsonw_flush(w);
	fputc('\n', x->log);
	x->log_lines++;
}

static void
flow_export_stats(struct flow_export *x, bool wait)
{
	struct model_export e;
	struct flowq_stats qs;

	memset(&e, 0, sizeof(e));
	flowq_stats(x->q, &qs);
	e.dropped = qs.dropped;
	for (size_t i = 0; i < x->ncol; i++) {
		e.sent += x->col[i].sent;
		e.dropped += x->col[i].dropped;
	}
	if (x->ncol == 0) {
		e.sent = x->log_lines;
		e.dropped += x->log_lost;
	}
	snprintf(e.error, sizeof(e.error), "%s", x->error);
	(void)model_set_export(x->m, &e, wait);
}

static void *
flow_export_thread(void *arg)
{
	struct flow_export *x = arg;
	double next_stats = 0, next_tick = 0;

	for (;;) {
		size_t n = flowq_pop(x->q, x->slice, FLOW_EXPORT_SLICE, 200);
		double now = flow_export_clock();

		for (size_t i = 0; i < n; i++) {
			/* the owner's user name: looked up here, never under
			 * the model lock */
			if (x->slice[i].uid_known)
				report_user_name(x->slice[i].uid,
						 x->slice[i].user,
						 sizeof(x->slice[i].user));
			for (size_t k = 0; k < x->ncol; k++)
				flow_export_record(x, &x->col[k], &x->slice[i], now);
			if (x->jw != NULL)
				flow_export_log(x, &x->slice[i]);
		}
		/* a slice shorter than the most means the queue is empty
		 * for now: what is gathered goes out */
		if (n < FLOW_EXPORT_SLICE) {
			for (size_t k = 0; k < x->ncol; k++)
				flow_export_flush(x, &x->col[k], now);
			if (x->log != NULL)
				fflush(x->log);
		}
		if (now >= next_tick) {
			/* a quiet live capture commits nothing: the idle
			 * sweep is ours then */
			(void)model_flows_tick(x->m);
			next_tick = now + 1;
		}
		if (now >= next_stats) {
			flow_export_stats(x, false);
			next_stats = now + 1;
		}
		if (n == 0 && flowq_closed_empty(x->q))
			break;
	}
	return NULL;
}

int
flow_export_start(struct flow_export *x, struct model *m, char *err,
		  size_t errlen)
{
	sigset_t all, old;
	int rc;

	x->m = m;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&x->thread, NULL, flow_export_thread, x);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, _("cannot start the flow exporter: %s"),
			 strerror(rc));
		return -1;
	}
	x->started = true;
	return 0;
}

void
flow_export_finish(struct flow_export *x)
{
	if (x == NULL)
		return;
	if (x->started) {
		flowq_close(x->q);
		pthread_join(x->thread, NULL);
		flow_export_stats(x, true);
	}
	for (size_t i = 0; i < x->ncol; i++)
		if (x->col[i].fd >= 0)
			close(x->col[i].fd);
	if (x->log != NULL)
		fflush(x->log);
	if (x->log_close)
		fclose(x->log);
	if (x->rotating)
		rotate_free(&x->rot);
	free(x->jw);
	free(x);
}
