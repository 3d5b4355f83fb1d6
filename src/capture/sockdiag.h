/*
 * sockdiag: the kernel's list of this network namespace's TCP and UDP
 * sockets, IPv4 and IPv6, from NETLINK_SOCK_DIAG (what ss uses): the
 * tuple, state, owner uid, inode, the cgroup id on cgroup v2 hosts and,
 * for TCP, the kernel's own tcp_info figures. Needs no privilege.
 */
#ifndef PKTOP_SOCKDIAG_H
#define PKTOP_SOCKDIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

/* The tcp_info figures shown as "kernel" beside the passive ones. */
struct sockdiag_tcpinfo {
	uint32_t srtt_us, rttvar_us;  /* smoothed RTT and its variation */
	uint32_t retransmits;         /* unrecovered RTO timeouts now */
	uint32_t total_retrans;       /* segments retransmitted, lifetime */
	uint32_t snd_cwnd;            /* segments */
	uint64_t pacing_rate;         /* bytes/s */
	uint64_t delivery_rate;       /* bytes/s */
	uint64_t rwnd_limited_us;     /* time limited by the peer's window */
	uint64_t sndbuf_limited_us;   /* time limited by the send buffer */
};

struct sockdiag_sock {
	uint8_t l4;          /* 6 or 17 */
	uint8_t state;       /* the kernel's TCP_* state (UDP: 7 unconnected) */
	bool has_info;
	struct addr local, remote; /* v4-mapped v6 given as v4 */
	uint16_t lport, rport;     /* host order */
	uint32_t uid;
	uint64_t inode;      /* 0 for a socket no file holds (TIME_WAIT) */
	uint64_t cgroup_id;  /* 0 unless cgroup v2 */
	struct sockdiag_tcpinfo info;
};

/* The kernel's TCP_LISTEN and the state of an unconnected UDP socket. */
#define SOCKDIAG_LISTEN 10
#define SOCKDIAG_UDP_UNCONNECTED 7

struct sockdiag_list {
	struct sockdiag_sock *v;
	size_t n, cap;
	size_t max;          /* at most this many kept; the rest counted */
	uint64_t over;       /* sockets not kept because of MAX */
};

/* Replace L's sockets with the kernel's now (TCP with tcp_info when
 * WANT_INFO). 0 or -1 with ERR set (no netlink, refused, truncated). */
int sockdiag_dump(struct sockdiag_list *l, bool want_info, char *err,
		  size_t errlen);
void sockdiag_list_free(struct sockdiag_list *l);

/* What a dump asks for: SOCKDIAG_TCP, _UDP, _V4, _V6 bits, the kernel's
 * state bits (1 << TCP_LISTEN...; 0 for all), tcp_info or not. */
#define SOCKDIAG_TCP 1u
#define SOCKDIAG_UDP 2u
#define SOCKDIAG_V4 4u
#define SOCKDIAG_V6 8u
#define SOCKDIAG_ALL 15u

/* A netlink socket kept open across queries (the lookup thread's). */
struct sockdiag {
	int fd;
	uint32_t seq;
	uint8_t *buf;
};
int sockdiag_open(struct sockdiag *d, char *err, size_t errlen);
void sockdiag_close(struct sockdiag *d);
/* A dump of the sockets WHAT and STATES select into L (emptied first). */
int sockdiag_dump_some(struct sockdiag *d, struct sockdiag_list *l,
		       unsigned what, uint32_t states, bool want_info,
		       char *err, size_t errlen);
/* The one socket whose local end is LOCAL:LPORT and remote REMOTE:RPORT
 * (L4 6 or 17), asked for directly (no dump): 1 found into OUT, 0 none,
 * -1 with ERR set. */
int sockdiag_lookup(struct sockdiag *d, uint8_t l4, const struct addr *local,
		    uint16_t lport, const struct addr *remote, uint16_t rport,
		    bool want_info, struct sockdiag_sock *out, char *err,
		    size_t errlen);

/* One datagram of the kernel's answer (BUF, N bytes) to request SEQ,
 * parsed into L with every length checked: 1 when more datagrams follow,
 * 0 at the answer's end (NLMSG_DONE, an error 0 or ENOENT, which sets
 * *NOT_FOUND when not NULL; with SINGLE, the first socket), -1 with
 * *CODE an errno (the kernel refused, or ENOMEM). Exposed for the fuzzer. */
int sockdiag_reply(struct sockdiag_list *l, uint8_t l4, uint32_t seq,
		   const uint8_t *buf, size_t n, bool single, bool *not_found,
		   int *code);

#endif
