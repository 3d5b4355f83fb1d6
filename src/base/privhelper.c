/*
 * privhelper: the root helper that makes pktop's output files and runs
 * the /proc owner scan after the drop (see privhelper.h).
 *
 * The helper's loop is in privhelper_serve.c.
 */
#include "config.h"

#include "base/privhelper.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/i18n.h"

struct privhelper {
	int fd;
	pid_t pid;
	pthread_mutex_t lock; /* one request and its reply at a time */
};

int
privhelper_decode(const uint8_t *buf, size_t len, struct privhelper_req *req)
{
	struct privhelper_hdr h;
	const uint8_t *p = buf + sizeof(h);

	if (len < sizeof(h))
		return -1;
	memcpy(&h, buf, sizeof(h));
	if (h.len != len - sizeof(h))
		return -1;
	req->op = (enum privhelper_op)h.op;
	req->flags = h.flags;
	req->path[0] = '\0';
	req->n = 0;
	switch (h.op) {
	case PRIVHELPER_OPEN:
		if (h.flags != OUTFILE_NEW && h.flags != OUTFILE_REPLACE)
			return -1;
		break;
	case PRIVHELPER_UNLINK:
		if (h.flags != 0)
			return -1;
		break;
	case PRIVHELPER_ALLOW:
		if (h.flags & ~PRIVHELPER_ALLOW_CREATE)
			return -1;
		break;
	case PRIVHELPER_SEAL:
		return h.flags == 0 && h.len == 0 ? 0 : -1;
	case PRIVHELPER_OWNERS:
		if (h.flags != 0 || h.len == 0 || h.len % 8 != 0 ||
		    h.len / 8 > PRIVHELPER_OWNERS_MAX)
			return -1;
		req->n = h.len / 8;
		memcpy(req->inodes, p, h.len);
		return 0;
	default:
		return -1;
	}
	/* a path: 1..PATH_MAX-1 bytes, no NUL inside */
	if (h.len == 0 || h.len >= PRIVHELPER_PATH_MAX ||
	    memchr(p, '\0', h.len) != NULL)
		return -1;
	memcpy(req->path, p, h.len);
	req->path[h.len] = '\0';
	return 0;
}

/* Move all N bytes of BUF over FD, in either direction: a short send
 * or read on a socket is not an error, EINTR is retried; -1 on an error
 * or end of file. */
static int
privhelper_move_all(int fd, uint8_t *p, size_t n, bool sending)
{
	ssize_t k;

	while (n > 0) {
		k = sending ? send(fd, p, n, MSG_NOSIGNAL) : read(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int
privhelper_write_all(int fd, const void *buf, size_t n)
{
	/* send() only reads the bytes: the cast lends them one type */
	return privhelper_move_all(fd, (uint8_t *)(uintptr_t)buf, n, true);
}

int
privhelper_read_all(int fd, void *buf, size_t n)
{
	return privhelper_move_all(fd, buf, n, false);
}

/* The reply, with FD attached when >= 0. */
/* ---------------- pktop's side ---------------- */

struct privhelper *
privhelper_start(const struct privhelper_ops *ops, uid_t owner,
		 gid_t group, char *err, size_t errlen)
{
	struct privhelper *h = calloc(1, sizeof(*h));
	pid_t parent = getpid();
	int sv[2], fd, null;

	if (!h || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		snprintf(err, errlen, _("cannot start the privileged helper: "
					"%s"),
			 strerror(errno));
		free(h);
		return NULL;
	}
	h->pid = fork();
	if (h->pid < 0) {
		snprintf(err, errlen, _("cannot start the privileged helper: "
					"%s"),
			 strerror(errno));
		close(sv[0]);
		close(sv[1]);
		free(h);
		return NULL;
	}
	if (h->pid == 0) {
		/* the helper: nothing open but its socket, gone with pktop */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(0);
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		signal(SIGPIPE, SIG_IGN);
		null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		if (dup2(sv[1], 3) < 0)
			_exit(1);
		for (fd = 4; fd < 65536; fd++)
			close(fd);
		privhelper_serve(3, ops, owner, group);
		_exit(0);
	}
	close(sv[1]);
	h->fd = sv[0];
	pthread_mutex_init(&h->lock, NULL);
	return h;
}

void
privhelper_stop(struct privhelper *h)
{
	if (h == NULL)
		return;
	close(h->fd);
	if (h->pid > 0)
		while (waitpid(h->pid, NULL, 0) < 0 && errno == EINTR)
			;
	pthread_mutex_destroy(&h->lock);
	free(h);
}

/* One request, its reply, and the descriptor when FD is asked for.
 * Called with the lock held. */
static int
ph_call(struct privhelper *h, uint32_t op, uint32_t flags, const void *data,
	size_t len, struct privhelper_reply *r, int *fd)
{
	struct privhelper_hdr hd = { op, flags, (uint32_t)len };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = r, .iov_len = sizeof(*r) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	ssize_t k;

	if (fd)
		*fd = -1;
	if (privhelper_write_all(h->fd, &hd, sizeof(hd)) < 0 ||
	    (len && privhelper_write_all(h->fd, data, len) < 0))
		return -1;
	do
		k = recvmsg(h->fd, &msg, MSG_CMSG_CLOEXEC);
	while (k < 0 && errno == EINTR);
	if (k <= 0)
		return -1;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int))) {
			int got;

			memcpy(&got, CMSG_DATA(c), sizeof(int));
			if (fd)
				*fd = got;
			else
				close(got);
		}
	return privhelper_read_all(h->fd, (uint8_t *)r + k, sizeof(*r) - (size_t)k);
}

static int
ph_path_call(struct privhelper *h, uint32_t op, uint32_t flags,
	     const char *path, struct privhelper_reply *r, int *fd)
{
	size_t n = strlen(path);
	int rc;

	memset(r, 0, sizeof(*r));
	if (n == 0 || n >= PRIVHELPER_PATH_MAX) {
		r->err = ENAMETOOLONG;
		r->why = OUTFILE_ERRNO;
		return -1;
	}
	pthread_mutex_lock(&h->lock);
	rc = ph_call(h, op, flags, path, n, r, fd);
	pthread_mutex_unlock(&h->lock);
	if (rc < 0) {
		r->err = EPIPE;
		r->why = OUTFILE_REFUSED;
	}
	return rc < 0 || r->err ? -1 : 0;
}

int
privhelper_open(struct privhelper *h, const char *path, enum outfile_how how,
		char *err, size_t errlen)
{
	struct privhelper_reply r;
	int fd = -1;

	if (ph_path_call(h, PRIVHELPER_OPEN, how, path, &r, &fd) < 0 ||
	    fd < 0) {
		if (fd >= 0)
			close(fd);
		outfile_message(path, (enum outfile_why)r.why,
				r.err ? r.err : EIO, err, errlen);
		errno = r.err ? r.err : EIO;
		return -1;
	}
	return fd;
}

int
privhelper_unlink(struct privhelper *h, const char *path)
{
	struct privhelper_reply r;

	if (ph_path_call(h, PRIVHELPER_UNLINK, 0, path, &r, NULL) < 0) {
		errno = r.err ? r.err : EIO;
		return -1;
	}
	return 0;
}

int
privhelper_allow_dir(struct privhelper *h, const char *dir, bool create,
		     char *err, size_t errlen)
{
	struct privhelper_reply r;

	if (ph_path_call(h, PRIVHELPER_ALLOW,
			 create ? PRIVHELPER_ALLOW_CREATE : 0, dir, &r,
			 NULL) == 0)
		return 0;
	outfile_message(dir, r.why == OUTFILE_OUTSIDE ? OUTFILE_OUTSIDE
						      : OUTFILE_ERRNO,
			r.err, err, errlen);
	return -1;
}

int
privhelper_seal(struct privhelper *h)
{
	struct privhelper_reply r = { 0 };
	int rc;

	pthread_mutex_lock(&h->lock);
	rc = ph_call(h, PRIVHELPER_SEAL, 0, NULL, 0, &r, NULL);
	pthread_mutex_unlock(&h->lock);
	return rc < 0 || r.err ? -1 : 0;
}

long
privhelper_owners(struct privhelper *h, const uint64_t *inodes, size_t n,
		  struct proc_owner *out)
{
	struct privhelper_reply r;
	long found = 0;
	size_t at, k;

	pthread_mutex_lock(&h->lock);
	for (at = 0; at < n; at += k) {
		k = n - at < PRIVHELPER_OWNERS_MAX ? n - at
						   : PRIVHELPER_OWNERS_MAX;
		memset(&r, 0, sizeof(r));
		if (ph_call(h, PRIVHELPER_OWNERS, 0, inodes + at,
			    k * sizeof(*inodes), &r, NULL) < 0 ||
		    r.err || r.count != k ||
		    privhelper_read_all(h->fd, out + at, k * sizeof(*out)) < 0) {
			found = -1;
			break;
		}
		found += r.found;
	}
	pthread_mutex_unlock(&h->lock);
	return found;
}
