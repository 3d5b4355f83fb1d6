/*
 * privhelper: the small privileged process of a pktop started as root
 * (the dumpcap / OpenBSD tcpdump pattern). Forked before the drop, it
 * stays root and does nothing but make the files the unprivileged pktop
 * writes (passing the descriptors back over a socketpair with
 * SCM_RIGHTS) and answer socket-owner lookups (OWNERS). It exits when
 * pktop closes its end. The checks on every name are in base/outfile.h.
 */
#ifndef PKTOP_PRIVHELPER_H
#define PKTOP_PRIVHELPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/outfile.h"
#include "base/proc_owner.h"

/* What the helper runs for OWNERS (base/procscan.c's procscan_owners);
 * a NULL owners refuses the request. */
struct privhelper_ops {
	size_t (*owners)(const uint64_t *inodes, size_t n,
			 struct proc_owner *out);
};

/* The protocol, one request, one reply, in this order on a stream
 * socket. A request is a header and LEN bytes of payload. */
enum privhelper_op {
	PRIVHELPER_OPEN = 1,   /* FLAGS: enum outfile_how; payload: path */
	PRIVHELPER_UNLINK = 2, /* payload: path */
	PRIVHELPER_ALLOW = 3,  /* FLAGS: PRIVHELPER_ALLOW_*; payload: dir */
	PRIVHELPER_SEAL = 4,   /* later ALLOWs are the UI's: see .c */
	PRIVHELPER_OWNERS = 5, /* payload: N uint64 socket inodes */
};

#define PRIVHELPER_ALLOW_CREATE 1u /* make the directory on first use */
#define PRIVHELPER_PATH_MAX 4096
#define PRIVHELPER_OWNERS_MAX 64   /* inodes per request */

struct privhelper_hdr {
	uint32_t op;
	uint32_t flags;
	uint32_t len;
};

struct privhelper_reply {
	int32_t err;    /* 0 or an errno */
	uint32_t why;   /* enum outfile_why */
	uint32_t count; /* OWNERS: answers that follow (found ones) */
	uint32_t found;
};

/* A decoded request: PATH is NUL-ended, or INODES/N for OWNERS. */
struct privhelper_req {
	enum privhelper_op op;
	uint32_t flags;
	char path[PRIVHELPER_PATH_MAX];
	uint64_t inodes[PRIVHELPER_OWNERS_MAX];
	size_t n;
};

/* Check and decode a header and its payload (BUF, LEN bytes in all, as
 * read from the socket). 0, or -1 for anything malformed. */
int privhelper_decode(const uint8_t *buf, size_t len,
		      struct privhelper_req *req);

struct privhelper;

/* Fork the helper. New files are given to OWNER:GROUP (the invoking
 * user), existing ones must be theirs. NULL with ERR on failure. Call
 * before any thread starts and before dropping root. */
struct privhelper *privhelper_start(const struct privhelper_ops *ops,
				    uid_t owner, gid_t group, char *err,
				    size_t errlen);

/* Close our end and wait for the helper. NULL is fine. */
void privhelper_stop(struct privhelper *h);

/* Let files be made in DIR (the -w directory, the settings directory;
 * CREATE: made, with its parents, when first used). Before SEAL any
 * directory; after it, see privhelper.c. 0 or -1 with ERR. */
int privhelper_allow_dir(struct privhelper *h, const char *dir, bool create,
			 char *err, size_t errlen);
int privhelper_seal(struct privhelper *h);

/* The helper's side of outfile_open / outfile_unlink. */
int privhelper_open(struct privhelper *h, const char *path,
		    enum outfile_how how, char *err, size_t errlen);
int privhelper_unlink(struct privhelper *h, const char *path);

/* OWNERS: OUT[i] answers INODES[i] (pid 0: not found). The number found,
 * or -1 when the helper refuses or is gone. */
long privhelper_owners(struct privhelper *h, const uint64_t *inodes,
		       size_t n, struct proc_owner *out);

/* Whole reads and writes on the socket (EINTR retried; no SIGPIPE). */
int privhelper_write_all(int fd, const void *buf, size_t n);
int privhelper_read_all(int fd, void *buf, size_t n);

/* The helper's loop on descriptor FD (exposed for the unit tests, which
 * run it in a thread as an unprivileged user). Returns at EOF. */
void privhelper_serve(int fd, const struct privhelper_ops *ops, uid_t owner,
		      gid_t group);

#endif
