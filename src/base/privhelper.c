/*
 * privhelper: the root helper that makes pktop's output files and runs
 * the /proc owner scan after the drop (see privhelper.h).
 *
 * What it trusts: nothing the unprivileged side says. Every file is made
 * with O_NOFOLLOW and O_CREAT|O_EXCL in a directory opened first and
 * matched by device and inode against the list the user named; an
 * existing name (-w, W only) must be a regular file with one link owned
 * by the invoking user before it is truncated. Directories added after
 * SEAL come from the save dialog, which runs in the unprivileged process:
 * there only new files, no dot files, and never under the system trees,
 * so a compromised parser cannot plant a shell start-up file or a
 * configuration file as the invoking user.
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

#define PH_DIRS_MAX 32

struct privhelper {
	int fd;
	pid_t pid;
	pthread_mutex_t lock; /* one request and its reply at a time */
};

struct ph_dir {
	char path[PRIVHELPER_PATH_MAX]; /* absolute, for CREATE entries */
	dev_t dev;
	ino_t ino;
	bool known;  /* dev/ino valid */
	bool create; /* make PATH on first use */
	bool late;   /* added after SEAL: new non-dot files only */
};

struct ph_state {
	const struct privhelper_ops *ops;
	uid_t owner;
	gid_t group;
	bool sealed;
	struct ph_dir dirs[PH_DIRS_MAX];
	size_t ndirs;
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

/* ---------------- the helper's side ---------------- */

static int
ph_write_all(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	ssize_t k;

	while (n > 0) {
		k = send(fd, p, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int
ph_read_all(int fd, void *buf, size_t n)
{
	uint8_t *p = buf;
	ssize_t k;

	while (n > 0) {
		k = read(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* The reply, with FD attached when >= 0. */
static int
ph_reply(int sock, const struct privhelper_reply *rep, int fd)
{
	struct privhelper_reply copy = *rep, *r = &copy;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = r, .iov_len = sizeof(*r) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	ssize_t k;

	if (fd >= 0) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	do
		k = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return -1;
	return ph_write_all(sock, (const uint8_t *)r + k, sizeof(*r) - (size_t)k);
}

/* An absolute, lexically tidy form of P (no realpath: it may not exist). */
static int
ph_absolute(const char *p, char *out, size_t size)
{
	char cwd[PRIVHELPER_PATH_MAX];
	size_t n;

	if (p[0] == '/') {
		if (strlen(p) >= size)
			return -1;
		snprintf(out, size, "%s", p);
	} else {
		if (!getcwd(cwd, sizeof(cwd)) ||
		    snprintf(out, size, "%s/%s", cwd, p) >= (int)size)
			return -1;
	}
	n = strlen(out);
	while (n > 1 && out[n - 1] == '/')
		out[--n] = '\0';
	return 0;
}

/* mkdir -p PATH, each new level given to the owner. */
static int
ph_make_dirs(const struct ph_state *s, const char *path)
{
	char buf[PRIVHELPER_PATH_MAX];
	char *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(buf, 0700) == 0) {
			if (chown(buf, s->owner, s->group) < 0)
				return -1;
		} else if (errno != EEXIST) {
			return -1;
		}
		*p = c;
		if (c == '\0')
			return 0;
	}
}

/* The system trees a late (save dialog) directory may not be under. */
static bool
ph_system_dir(const char *real)
{
	static const char *const trees[] = {
		"/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64",
		"/libx32", "/boot", "/dev", "/proc", "/sys", "/run", "/var/lib",
		"/var/spool", "/var/cache", "/var/log", "/opt", "/srv",
	};
	size_t i, n;

	if (strcmp(real, "/") == 0)
		return true;
	for (i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		n = strlen(trees[i]);
		if (strncmp(real, trees[i], n) == 0 &&
		    (real[n] == '/' || real[n] == '\0'))
			return true;
	}
	return false;
}

static void
ph_allow(struct ph_state *s, const struct privhelper_req *q,
	 struct privhelper_reply *r)
{
	struct ph_dir *d;
	char real[PATH_MAX];
	struct stat st;
	size_t i;

	if (s->ndirs == PH_DIRS_MAX) {
		r->err = ENOSPC;
		return;
	}
	d = &s->dirs[s->ndirs];
	memset(d, 0, sizeof(*d));
	d->late = s->sealed;
	d->create = (q->flags & PRIVHELPER_ALLOW_CREATE) && !s->sealed;
	if (ph_absolute(q->path, d->path, sizeof(d->path)) < 0) {
		r->err = ENAMETOOLONG;
		return;
	}
	if (stat(q->path, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			r->err = ENOTDIR;
			return;
		}
		if (d->late && (!realpath(q->path, real) ||
				ph_system_dir(real))) {
			r->err = EPERM;
			r->why = OUTFILE_OUTSIDE;
			return;
		}
		d->dev = st.st_dev;
		d->ino = st.st_ino;
		d->known = true;
	} else if (!d->create) {
		r->err = errno;
		return;
	}
	for (i = 0; i < s->ndirs; i++)
		if (s->dirs[i].known && d->known &&
		    s->dirs[i].dev == d->dev && s->dirs[i].ino == d->ino)
			return; /* already there (an earlier, stronger entry) */
	s->ndirs++;
}

/* The directory of PATH, opened and matched to an allowed entry. */
static int
ph_open_dir(struct ph_state *s, const char *path, char *base, size_t blen,
	    const struct ph_dir **hit, struct privhelper_reply *r)
{
	char dir[PRIVHELPER_PATH_MAX], abs[PRIVHELPER_PATH_MAX];
	struct stat st;
	size_t i;
	int dfd;

	if (outfile_split(path, dir, sizeof(dir), base, blen) < 0) {
		r->why = OUTFILE_BAD_NAME;
		r->err = EINVAL;
		return -1;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && errno == ENOENT &&
	    ph_absolute(dir, abs, sizeof(abs)) == 0) {
		for (i = 0; i < s->ndirs; i++) {
			struct ph_dir *d = &s->dirs[i];

			if (!d->create || d->known || strcmp(d->path, abs))
				continue;
			if (ph_make_dirs(s, abs) == 0 && stat(abs, &st) == 0) {
				d->dev = st.st_dev;
				d->ino = st.st_ino;
				d->known = true;
			}
			dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			break;
		}
	}
	if (dfd < 0) {
		r->err = errno;
		r->why = OUTFILE_ERRNO;
		return -1;
	}
	if (fstat(dfd, &st) == 0)
		for (i = 0; i < s->ndirs; i++)
			if (s->dirs[i].known && s->dirs[i].dev == st.st_dev &&
			    s->dirs[i].ino == st.st_ino) {
				*hit = &s->dirs[i];
				return dfd;
			}
	close(dfd);
	r->err = EPERM;
	r->why = OUTFILE_OUTSIDE;
	return -1;
}

static int
ph_open(struct ph_state *s, const struct privhelper_req *q,
	struct privhelper_reply *r)
{
	const struct ph_dir *d = NULL;
	enum outfile_why why;
	char base[256];
	int dfd, fd;

	dfd = ph_open_dir(s, q->path, base, sizeof(base), &d, r);
	if (dfd < 0)
		return -1;
	if (d->late && (q->flags != OUTFILE_NEW || base[0] == '.')) {
		close(dfd);
		r->err = EPERM;
		r->why = OUTFILE_BAD_NAME;
		return -1;
	}
	if (q->op == PRIVHELPER_UNLINK)
		fd = d->late ? (errno = EPERM, why = OUTFILE_OUTSIDE, -1)
			     : outfile_unlinkat(dfd, base, s->owner, &why);
	else
		fd = outfile_openat(dfd, base, (enum outfile_how)q->flags,
				    s->owner, s->group, true, &why);
	r->err = fd < 0 ? errno : 0;
	r->why = why;
	close(dfd);
	return fd;
}

static void
ph_owners(const struct ph_state *s, int sock, const struct privhelper_req *q)
{
	static struct proc_owner out[PRIVHELPER_OWNERS_MAX];
	struct privhelper_reply r = { 0 };

	if (!s->ops || !s->ops->owners) {
		r.err = EPERM;
		r.why = OUTFILE_REFUSED;
		ph_reply(sock, &r, -1);
		return;
	}
	memset(out, 0, sizeof(out));
	r.found = (uint32_t)s->ops->owners(q->inodes, q->n, out);
	r.count = (uint32_t)q->n;
	if (ph_reply(sock, &r, -1) == 0)
		ph_write_all(sock, out, q->n * sizeof(out[0]));
}

void
privhelper_serve(int sock, const struct privhelper_ops *ops, uid_t owner,
		 gid_t group)
{
	static struct ph_state s;
	static struct privhelper_req q;
	static uint8_t buf[sizeof(struct privhelper_hdr) + PRIVHELPER_PATH_MAX];
	struct privhelper_hdr h;
	struct privhelper_reply r;
	int fd;

	memset(&s, 0, sizeof(s));
	s.ops = ops;
	s.owner = owner;
	s.group = group;
	for (;;) {
		if (ph_read_all(sock, &h, sizeof(h)) < 0 ||
		    h.len > PRIVHELPER_PATH_MAX)
			return; /* pktop is gone, or speaks nonsense */
		memcpy(buf, &h, sizeof(h));
		if (ph_read_all(sock, buf + sizeof(h), h.len) < 0)
			return;
		memset(&r, 0, sizeof(r));
		fd = -1;
		if (privhelper_decode(buf, sizeof(h) + h.len, &q) < 0) {
			r.err = EINVAL;
			r.why = OUTFILE_REFUSED;
		} else if (q.op == PRIVHELPER_OWNERS) {
			ph_owners(&s, sock, &q);
			continue;
		} else if (q.op == PRIVHELPER_ALLOW) {
			ph_allow(&s, &q, &r);
		} else if (q.op == PRIVHELPER_SEAL) {
			s.sealed = true;
		} else {
			fd = ph_open(&s, &q, &r);
			if (q.op == PRIVHELPER_UNLINK)
				fd = -1;
		}
		if (ph_reply(sock, &r, fd) < 0)
			return;
		if (fd >= 0)
			close(fd);
	}
}

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
	if (ph_write_all(h->fd, &hd, sizeof(hd)) < 0 ||
	    (len && ph_write_all(h->fd, data, len) < 0))
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
	return ph_read_all(h->fd, (uint8_t *)r + k, sizeof(*r) - (size_t)k);
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
		    ph_read_all(h->fd, out + at, k * sizeof(*out)) < 0) {
			found = -1;
			break;
		}
		found += r.found;
	}
	pthread_mutex_unlock(&h->lock);
	return found;
}
