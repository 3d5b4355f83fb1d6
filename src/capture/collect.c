/*
 * collect: the collector's sockets and thread (see collect.h). A UDP
 * datagram is one message (RFC 7011 section 10.3.2); a TCP stream is
 * framed by each message's length field (section 10.4), and a stream
 * whose framing breaks is closed: nothing after it can be trusted.
 */
#include "config.h"

#include "capture/collect.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/addr.h"
#include "base/i18n.h"
#include "base/thread.h"
#include "capture/ipfix_in.h"
#include "model/model.h"

#define COLLECT_MSG_MAX 65535
#define COLLECT_BATCH 64  /* flows handed to the model per lock hold */

struct collect_tcp {
	int fd;               /* -1: free */
	struct addr peer;
	uint64_t session;
	size_t used;
	uint8_t buf[COLLECT_MSG_MAX];
};

struct collect {
	int udp, tcp;         /* bound sockets; -1 for none */
	int wake[2];          /* a byte: stop */
	atomic_bool stop, done;
	bool started;
	pthread_t thread;
	struct model *m;
	struct ipfix_in *in;
	struct collect_tcp conns[COLLECT_TCP_MAX];
	uint64_t next_session;
	struct model_collect st;
	/* the message being decoded: its exporter and flows so far */
	struct addr exporter;
	uint32_t domain;
	struct model_flow_in flows[COLLECT_BATCH];
	size_t nflows;
	uint8_t dgram[COLLECT_MSG_MAX];
	char name[128];
};

static void
collect_split(const char *spec, char *host, size_t hsize, char *port,
	      size_t psize)
{
	const char *colon = strrchr(spec, ':');

	host[0] = '\0';
	if (colon == NULL) {
		snprintf(port, psize, "%s", spec);
		return;
	}
	snprintf(port, psize, "%s", colon + 1);
	if (spec[0] == '[' && colon > spec + 1 && colon[-1] == ']')
		snprintf(host, hsize, "%.*s", (int)(colon - spec - 2), spec + 1);
	else
		snprintf(host, hsize, "%.*s", (int)(colon - spec), spec);
}

static int
collect_bind(const char *host, const char *port, int type, char *err,
	     size_t errlen)
{
	struct addrinfo hints, *res = NULL, *ai;
	int fd = -1, one = 1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = type;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, _("--collect: cannot use '%s%s%s': %s"),
			 host, host[0] ? ":" : "", port, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
						   SOCK_NONBLOCK, 0);
		if (fd < 0)
			continue;
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
				 sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    (type != SOCK_STREAM || listen(fd, 16) == 0))
			break;
		snprintf(err, errlen,
			 _("--collect: cannot listen on '%s%s%s': %s (try "
			   "another port)"),
			 host, host[0] ? ":" : "", port, strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0 && ai == NULL && err[0] == '\0')
		snprintf(err, errlen, _("--collect: no address for '%s'"),
			 host);
	return fd;
}

struct collect *
collect_open(const char *spec, char *err, size_t errlen)
{
	struct collect *c = calloc(1, sizeof(*c));
	char host[256], port[32];

	if (c == NULL || (c->in = ipfix_in_new()) == NULL) {
		free(c);
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	c->udp = c->tcp = c->wake[0] = c->wake[1] = -1;
	for (size_t i = 0; i < COLLECT_TCP_MAX; i++)
		c->conns[i].fd = -1;
	collect_split(spec, host, sizeof(host), port, sizeof(port));
	if (port[0] == '\0' || strspn(port, "0123456789") != strlen(port) ||
	    atoi(port) < 1 || atoi(port) > 65535) {
		snprintf(err, errlen,
			 _("--collect: '%s' is not [ADDR:]PORT (try --collect "
			   "%s)"), spec, COLLECT_DEFAULT_PORT);
		goto fail;
	}
	err[0] = '\0';
	c->udp = collect_bind(host, port, SOCK_DGRAM, err, errlen);
	if (c->udp < 0)
		goto fail;
	err[0] = '\0';
	c->tcp = collect_bind(host, port, SOCK_STREAM, err, errlen);
	if (c->tcp < 0)
		goto fail;
	if (pipe2(c->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		snprintf(err, errlen, "--collect: %s", strerror(errno));
		goto fail;
	}
	snprintf(c->name, sizeof(c->name), "ipfix %s%s%s", host,
		 host[0] ? ":" : "", port);
	c->st.on = true;
	return c;
fail:
	collect_close(c);
	return NULL;
}

static void
collect_flush(struct collect *c)
{
	if (c->nflows == 0)
		return;
	model_collect_add(c->m, &c->exporter, c->domain, c->flows, c->nflows);
	c->nflows = 0;
}

static void
collect_on_flow(void *arg, uint32_t domain, const struct model_flow_in *f)
{
	struct collect *c = arg;

	if (c->nflows > 0 && domain != c->domain)
		collect_flush(c);
	c->domain = domain;
	c->flows[c->nflows++] = *f;
	if (c->nflows == COLLECT_BATCH)
		collect_flush(c);
}

static void
collect_message(struct collect *c, const struct addr *from, uint64_t session,
		const uint8_t *msg, size_t len)
{
	uint32_t domain = 0;

	c->exporter = *from;
	c->nflows = 0;
	(void)ipfix_in_message(c->in, session, msg, len, &domain,
			       collect_on_flow, c);
	collect_flush(c);
}

/* A socket address as an exporter's: v4-mapped IPv6 as IPv4. */
static void
collect_peer(const struct sockaddr_storage *ss, struct addr *a,
	     uint16_t *port)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					    0xff, 0xff };

	memset(a, 0, sizeof(*a));
	*port = 0;
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)ss;

		addr_set4(a, (const uint8_t *)&s4->sin_addr);
		*port = ntohs(s4->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;
		const uint8_t *b = (const uint8_t *)&s6->sin6_addr;

		if (memcmp(b, mapped, sizeof(mapped)) == 0)
			addr_set4(a, b + 12);
		else
			addr_set6(a, b);
		*port = ntohs(s6->sin6_port);
	}
}

/* A UDP exporter's transport session: its address and port. */
static uint64_t
collect_udp_session(const struct addr *a, uint16_t port)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < sizeof(a->bytes); i++)
		h = (h ^ a->bytes[i]) * 1099511628211ull;
	h = (h ^ a->family) * 1099511628211ull;
	h = (h ^ port) * 1099511628211ull;
	return h | 1ull << 63; /* TCP sessions count up from 1 */
}

static void
collect_udp(struct collect *c)
{
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		struct addr from;
		uint16_t port;
		ssize_t n = recvfrom(c->udp, c->dgram, sizeof(c->dgram), 0,
				     (struct sockaddr *)&ss, &sl);

		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				snprintf(c->st.error, sizeof(c->st.error),
					 "udp: %s", strerror(errno));
			return;
		}
		collect_peer(&ss, &from, &port);
		collect_message(c, &from, collect_udp_session(&from, port),
				c->dgram, (size_t)n);
	}
}

static void
collect_tcp_close(struct collect *c, struct collect_tcp *t)
{
	ipfix_in_forget(c->in, t->session);
	close(t->fd);
	t->fd = -1;
	t->used = 0;
}

static void
collect_accept(struct collect *c)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	uint16_t port;
	int fd = accept4(c->tcp, (struct sockaddr *)&ss, &sl,
			 SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	for (size_t i = 0; i < COLLECT_TCP_MAX; i++) {
		struct collect_tcp *t = &c->conns[i];

		if (t->fd >= 0)
			continue;
		t->fd = fd;
		t->used = 0;
		t->session = ++c->next_session;
		collect_peer(&ss, &t->peer, &port);
		return;
	}
	/* bounded: one exporter more than the table is refused */
	snprintf(c->st.error, sizeof(c->st.error), "%s",
		 _("too many TCP exporters: one refused"));
	close(fd);
}

static void
collect_tcp_read(struct collect *c, struct collect_tcp *t)
{
	ssize_t n = read(t->fd, t->buf + t->used, sizeof(t->buf) - t->used);
	size_t off = 0;

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		collect_tcp_close(c, t);
		return;
	}
	if (n < 0)
		return;
	t->used += (size_t)n;
	while (t->used - off >= 4) {
		size_t len = ipfix_in_length(t->buf + off, t->used - off);

		if (len == 0) {
			/* not a message header: the framing is lost */
			c->st.malformed++;
			collect_tcp_close(c, t);
			return;
		}
		if (t->used - off < len)
			break;
		collect_message(c, &t->peer, t->session, t->buf + off, len);
		off += len;
	}
	memmove(t->buf, t->buf + off, t->used - off);
	t->used -= off;
}

static void
collect_publish(struct collect *c)
{
	const struct ipfix_in_stats *s = &c->in->st;
	uint64_t framing = c->st.malformed;

	c->st.messages = s->messages;
	c->st.records = s->records;
	c->st.malformed = s->malformed + framing;
	c->st.no_template = s->no_template;
	c->st.unusable = s->unusable;
	c->st.unsupported = s->unsupported;
	model_set_collect(c->m, &c->st);
	c->st.malformed = framing;
}

static double
collect_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *
collect_thread(void *arg)
{
	struct collect *c = arg;
	struct pollfd fds[3 + COLLECT_TCP_MAX];
	struct collect_tcp *who[3 + COLLECT_TCP_MAX];
	double next = 0;

	while (!atomic_load(&c->stop)) {
		nfds_t n = 0;

		fds[n++] = (struct pollfd){ .fd = c->wake[0], .events = POLLIN };
		fds[n++] = (struct pollfd){ .fd = c->udp, .events = POLLIN };
		fds[n++] = (struct pollfd){ .fd = c->tcp, .events = POLLIN };
		for (size_t i = 0; i < COLLECT_TCP_MAX; i++)
			if (c->conns[i].fd >= 0) {
				who[n] = &c->conns[i];
				fds[n++] = (struct pollfd){ .fd = c->conns[i].fd,
							    .events = POLLIN };
			}
		if (poll(fds, n, 200) < 0 && errno != EINTR) {
			snprintf(c->st.error, sizeof(c->st.error), "poll: %s",
				 strerror(errno));
			break;
		}
		if (fds[0].revents)
			break;
		if (fds[1].revents)
			collect_udp(c);
		if (fds[2].revents)
			collect_accept(c);
		for (nfds_t i = 3; i < n; i++)
			if (fds[i].revents)
				collect_tcp_read(c, who[i]);
		if (collect_now() >= next) {
			collect_publish(c);
			next = collect_now() + 1;
		}
	}
	collect_publish(c);
	atomic_store(&c->done, true);
	return NULL;
}

int
collect_start(struct collect *c, struct model *m, char *err, size_t errlen)
{
	int rc;

	c->m = m;
	model_set_live(m, true);
	model_set_collect(m, &c->st);
	rc = thread_start(&c->thread, collect_thread, c);
	if (rc != 0) {
		snprintf(err, errlen, _("cannot start the collector: %s"),
			 strerror(rc));
		return -1;
	}
	c->started = true;
	return 0;
}

void
collect_request_stop(struct collect *c)
{
	atomic_store(&c->stop, true);
	if (c->wake[1] >= 0)
		(void)!write(c->wake[1], "", 1);
}

void
collect_stop(struct collect *c)
{
	if (c == NULL || !c->started)
		return;
	collect_request_stop(c);
	pthread_join(c->thread, NULL);
	c->started = false;
}

void
collect_close(struct collect *c)
{
	if (c == NULL)
		return;
	collect_stop(c);
	for (size_t i = 0; i < COLLECT_TCP_MAX; i++)
		if (c->conns[i].fd >= 0)
			close(c->conns[i].fd);
	if (c->udp >= 0)
		close(c->udp);
	if (c->tcp >= 0)
		close(c->tcp);
	if (c->wake[0] >= 0)
		close(c->wake[0]);
	if (c->wake[1] >= 0)
		close(c->wake[1]);
	ipfix_in_free(c->in);
	free(c);
}

const char *
collect_name(const struct collect *c)
{
	return c->name;
}

bool
collect_done(const struct collect *c)
{
	return atomic_load(&c->done) && c->started;
}
