/*
 * privhelper_serve: the helper's side of base/privhelper.h, the loop the
 * forked root process runs. What it trusts: nothing the unprivileged side
 * says. Every file is made with O_NOFOLLOW and O_CREAT|O_EXCL in a
 * directory opened first and matched by device and inode against the
 * list the user named; an existing name (-w, W only) must be a regular
 * file with one link owned by the invoking user before it is truncated.
 * Directories added after SEAL come from the save dialog, which runs in
 * the unprivileged process: there only new files, no dot files, and never
 * under the system trees, so a compromised parser cannot plant a shell
 * start-up file or a configuration file as the invoking user.
 */
#include "config.h"

#include "base/privhelper.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define PH_DIRS_MAX 32

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
	return privhelper_write_all(sock, (const uint8_t *)r + k, sizeof(*r) - (size_t)k);
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
		privhelper_write_all(sock, out, q->n * sizeof(out[0]));
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
		if (privhelper_read_all(sock, &h, sizeof(h)) < 0 ||
		    h.len > PRIVHELPER_PATH_MAX)
			return; /* pktop is gone, or speaks nonsense */
		memcpy(buf, &h, sizeof(h));
		if (privhelper_read_all(sock, buf + sizeof(h), h.len) < 0)
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

