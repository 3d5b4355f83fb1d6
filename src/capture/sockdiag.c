/*
 * sockdiag: SOCK_DIAG_BY_FAMILY dumps (linux/inet_diag.h) for TCP and UDP
 * over IPv4 and IPv6, parsed with explicit length checks on every message
 * and attribute. A receive buffer that overflows (ENOBUFS) makes the dump
 * fail with a message; the caller tries again at its next turn.
 */
#include "config.h"

#include "capture/sockdiag.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/i18n.h"

static void
sockdiag_addr(struct addr *a, uint8_t family, const __be32 w[4])
{
	uint8_t b[16];

	memcpy(b, w, 16);
	if (family == AF_INET) {
		addr_set4(a, b);
		return;
	}
	/* ::ffff:a.b.c.d is the IPv4 peer of a dual-stack socket */
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					    0xff, 0xff };
	if (memcmp(b, mapped, 12) == 0)
		addr_set4(a, b + 12);
	else
		addr_set6(a, b);
}

static int
sockdiag_push(struct sockdiag_list *l, const struct sockdiag_sock *s)
{
	if (l->max != 0 && l->n >= l->max) {
		l->over++;
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct sockdiag_sock *v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *s;
	return 0;
}

/* One inet_diag_msg of LEN bytes. */
static int
sockdiag_parse(struct sockdiag_list *l, uint8_t l4, const uint8_t *p,
	       size_t len)
{
	struct inet_diag_msg msg;
	struct sockdiag_sock s;
	size_t off;

	if (len < sizeof(msg))
		return 0;
	memcpy(&msg, p, sizeof(msg));
	if (msg.idiag_family != AF_INET && msg.idiag_family != AF_INET6)
		return 0;
	memset(&s, 0, sizeof(s));
	s.l4 = l4;
	s.state = msg.idiag_state;
	sockdiag_addr(&s.local, msg.idiag_family, msg.id.idiag_src);
	sockdiag_addr(&s.remote, msg.idiag_family, msg.id.idiag_dst);
	s.lport = ntohs(msg.id.idiag_sport);
	s.rport = ntohs(msg.id.idiag_dport);
	s.uid = msg.idiag_uid;
	s.inode = msg.idiag_inode;
	off = NLMSG_ALIGN(sizeof(msg));
	while (off + sizeof(struct nlattr) <= len) {
		struct nlattr na;
		size_t alen, plen;

		memcpy(&na, p + off, sizeof(na));
		alen = na.nla_len;
		if (alen < sizeof(na) || alen > len - off)
			break;
		plen = alen - NLA_HDRLEN;
		if (na.nla_type == INET_DIAG_INFO && l4 == IPPROTO_TCP) {
			struct tcp_info ti;

			memset(&ti, 0, sizeof(ti));
			memcpy(&ti, p + off + NLA_HDRLEN,
			       plen < sizeof(ti) ? plen : sizeof(ti));
			s.has_info = true;
			s.info.srtt_us = ti.tcpi_rtt;
			s.info.rttvar_us = ti.tcpi_rttvar;
			s.info.retransmits = ti.tcpi_retransmits;
			s.info.total_retrans = ti.tcpi_total_retrans;
			s.info.snd_cwnd = ti.tcpi_snd_cwnd;
			s.info.pacing_rate = ti.tcpi_pacing_rate;
			s.info.delivery_rate = ti.tcpi_delivery_rate;
			s.info.rwnd_limited_us = ti.tcpi_rwnd_limited;
			s.info.sndbuf_limited_us = ti.tcpi_sndbuf_limited;
		} else if (na.nla_type == INET_DIAG_CGROUP_ID &&
			   plen >= sizeof(uint64_t)) {
			memcpy(&s.cgroup_id, p + off + NLA_HDRLEN,
			       sizeof(uint64_t));
		}
		off += NLA_ALIGN(alen);
	}
	return sockdiag_push(l, &s);
}

#define SOCKDIAG_BUF 65536

static void
sockdiag_put_addr(__be32 w[4], const struct addr *a)
{
	memset(w, 0, 16);
	memcpy(w, a->bytes, a->family == 4 ? 4 : 16);
}

/* Send one request on D: a dump of FAMILY/L4, or with ID the one socket. */
static int
sockdiag_send(struct sockdiag *d, uint8_t family, uint8_t l4, uint32_t states,
	      bool want_info, const struct inet_diag_sockid *id, char *err,
	      size_t errlen)
{
	struct {
		struct nlmsghdr nh;
		struct inet_diag_req_v2 req;
	} rq;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	memset(&rq, 0, sizeof(rq));
	rq.nh.nlmsg_len = sizeof(rq);
	rq.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	rq.nh.nlmsg_flags = NLM_F_REQUEST | (id == NULL ? NLM_F_DUMP : 0);
	rq.nh.nlmsg_seq = ++d->seq;
	rq.req.sdiag_family = family;
	rq.req.sdiag_protocol = l4;
	rq.req.idiag_states = states ? states : ~0u;
	if (want_info && l4 == IPPROTO_TCP)
		rq.req.idiag_ext = 1u << (INET_DIAG_INFO - 1);
	if (id != NULL)
		rq.req.id = *id;
	if (sendto(d->fd, &rq, sizeof(rq), 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		snprintf(err, errlen, _("socket diagnostics: cannot ask the "
					"kernel: %s"), strerror(errno));
		return -1;
	}
	return 0;
}

int
sockdiag_reply(struct sockdiag_list *l, uint8_t l4, uint32_t seq,
	       const uint8_t *buf, size_t n, bool single, bool *not_found,
	       int *code)
{
	const uint8_t *p = buf;
	size_t left = n;

	*code = 0;
	while (left >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr nh;
		size_t step;

		memcpy(&nh, p, sizeof(nh));
		if (nh.nlmsg_len < sizeof(nh) || nh.nlmsg_len > left)
			break;
		if (nh.nlmsg_seq != seq)
			goto next;
		if (nh.nlmsg_type == NLMSG_DONE)
			return 0;
		if (nh.nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr e;
			int err = 0;

			if (nh.nlmsg_len >= NLMSG_LENGTH(sizeof(e))) {
				memcpy(&e, p + NLMSG_HDRLEN, sizeof(e));
				/* a hostile INT_MIN must not overflow */
				err = e.error < 0 && e.error > -4096 ? -e.error
								     : 0;
			}
			/* ENOENT: no such socket, or a kernel without UDP
			 * diagnostics */
			if (err == ENOENT || err == 0) {
				if (not_found != NULL && err)
					*not_found = true;
				return 0;
			}
			*code = err;
			return -1;
		}
		if (nh.nlmsg_type == SOCK_DIAG_BY_FAMILY &&
		    nh.nlmsg_len >= NLMSG_HDRLEN) {
			if (sockdiag_parse(l, l4, p + NLMSG_HDRLEN,
					   nh.nlmsg_len - NLMSG_HDRLEN) < 0) {
				*code = ENOMEM;
				return -1;
			}
			if (single)
				return 0;
		}
next:
		step = NLMSG_ALIGN(nh.nlmsg_len);
		if (step >= left)
			break;
		left -= step;
		p += step;
	}
	return 1;
}

/* Read the answer to the last request into L: 0 at its end, -1 with ERR.
 * *NOT_FOUND (may be NULL) is set when the kernel said ENOENT. */
static int
sockdiag_recv(struct sockdiag *d, struct sockdiag_list *l, uint8_t l4,
	      bool single, bool *not_found, char *err, size_t errlen)
{
	for (;;) {
		ssize_t n = recv(d->fd, d->buf, SOCKDIAG_BUF, 0);
		int rc, code;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, errno == ENOBUFS ?
				 _("socket diagnostics: the kernel's answer "
				   "overflowed the receive buffer; trying "
				   "again") :
				 _("socket diagnostics: cannot read the "
				   "kernel's answer: %s"), strerror(errno));
			return -1;
		}
		rc = sockdiag_reply(l, l4, d->seq, d->buf, (size_t)n, single,
				    not_found, &code);
		if (rc == 0)
			return 0;
		if (rc < 0) {
			if (code == ENOMEM)
				snprintf(err, errlen, "%s",
					 _("socket diagnostics: out of "
					   "memory"));
			else
				snprintf(err, errlen, _("socket diagnostics: "
							"the kernel refused: %s"),
					 strerror(code));
			return -1;
		}
		/* an empty datagram ends nothing: a zero-length read on a
		 * datagram socket would loop, so take it as the end */
		if (n == 0)
			return 0;
	}
}

int
sockdiag_open(struct sockdiag *d, char *err, size_t errlen)
{
	int rcvbuf = 1 << 20;

	d->seq = 0;
	d->buf = malloc(SOCKDIAG_BUF);
	if (d->buf == NULL) {
		d->fd = -1;
		snprintf(err, errlen, "%s", _("socket diagnostics: out of memory"));
		return -1;
	}
	d->fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (d->fd < 0) {
		snprintf(err, errlen, _("socket diagnostics unavailable "
					"(netlink): %s"), strerror(errno));
		free(d->buf);
		d->buf = NULL;
		return -1;
	}
	(void)setsockopt(d->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	return 0;
}

void
sockdiag_close(struct sockdiag *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	free(d->buf);
	d->buf = NULL;
}

int
sockdiag_dump_some(struct sockdiag *d, struct sockdiag_list *l, unsigned what,
		   uint32_t states, bool want_info, char *err, size_t errlen)
{
	static const uint8_t fams[2] = { AF_INET, AF_INET6 };
	static const uint8_t l4s[2] = { IPPROTO_TCP, IPPROTO_UDP };

	l->n = 0;
	l->over = 0;
	for (size_t i = 0; i < 2; i++) {
		if (!(what & (i ? SOCKDIAG_V6 : SOCKDIAG_V4)))
			continue;
		for (size_t j = 0; j < 2; j++) {
			if (!(what & (j ? SOCKDIAG_UDP : SOCKDIAG_TCP)))
				continue;
			/* a listener filter means nothing to UDP */
			if (sockdiag_send(d, fams[i], l4s[j],
					  j ? 0 : states, want_info, NULL, err,
					  errlen) < 0 ||
			    sockdiag_recv(d, l, l4s[j], false, NULL, err,
					  errlen) < 0)
				return -1;
		}
	}
	return 0;
}

int
sockdiag_lookup(struct sockdiag *d, uint8_t l4, const struct addr *local,
		uint16_t lport, const struct addr *remote, uint16_t rport,
		bool want_info, struct sockdiag_sock *out, char *err,
		size_t errlen)
{
	struct inet_diag_sockid id;
	struct sockdiag_sock tmp;
	struct sockdiag_list one = { .v = &tmp, .cap = 1, .max = 1 };
	bool not_found = false;
	int rc;

	memset(&id, 0, sizeof(id));
	id.idiag_sport = htons(lport);
	id.idiag_dport = htons(rport);
	sockdiag_put_addr(id.idiag_src, local);
	sockdiag_put_addr(id.idiag_dst, remote);
	id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	if (sockdiag_send(d, local->family == 6 ? AF_INET6 : AF_INET, l4, 0,
			  want_info, &id, err, errlen) < 0)
		return -1;
	rc = sockdiag_recv(d, &one, l4, true, &not_found, err, errlen);
	if (rc < 0)
		return -1;
	rc = one.n > 0 ? 1 : 0;
	if (rc)
		*out = tmp;
	return rc;
}

int
sockdiag_dump(struct sockdiag_list *l, bool want_info, char *err,
	      size_t errlen)
{
	struct sockdiag d;
	int rc;

	if (sockdiag_open(&d, err, errlen) < 0)
		return -1;
	rc = sockdiag_dump_some(&d, l, SOCKDIAG_ALL, 0, want_info, err,
				errlen);
	sockdiag_close(&d);
	return rc;
}

void
sockdiag_list_free(struct sockdiag_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
