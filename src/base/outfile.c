/*
 * outfile: creating the files pktop writes, here or through the
 * privileged helper (see outfile.h).
 */
#include "config.h"

#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/i18n.h"
#include "base/privhelper.h"

/* set once by main before any thread starts, read after */
static struct privhelper *outfile_helper;

void
outfile_use_helper(struct privhelper *h)
{
	outfile_helper = h;
}

bool
outfile_has_helper(void)
{
	return outfile_helper != NULL;
}

void
outfile_message(const char *path, enum outfile_why why, int errnum,
		char *err, size_t errlen)
{
	char shown[512];
	const char *what;

	escape_text(path, strlen(path), shown, sizeof(shown));
	switch (why) {
	case OUTFILE_OUTSIDE:
		what = _("not in a directory named on the command line or in "
			 "the save dialog");
		break;
	case OUTFILE_NOT_REGULAR:
		what = _("not a regular file (a symlink, a device or a "
			 "directory); nothing was written");
		break;
	case OUTFILE_LINKS:
		what = _("the file has other hard links; nothing was written");
		break;
	case OUTFILE_NOT_OWNER:
		what = _("the file belongs to another user; nothing was "
			 "written");
		break;
	case OUTFILE_BAD_NAME:
		what = _("not a file name pktop writes");
		break;
	case OUTFILE_REFUSED:
		what = _("the privileged helper refused or is gone");
		break;
	default:
		what = errnum == EEXIST ? _("the file exists (pick another "
					    "name)")
					: strerror(errnum);
		break;
	}
	snprintf(err, errlen, _("cannot write '%s': %s"), shown, what);
}

int
outfile_split(const char *path, char *dir, size_t dirlen, char *base,
	      size_t baselen)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	size_t dn = slash ? (size_t)(slash - path) : 0;

	if (!name[0] || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strlen(name) >= baselen)
		return -1;
	if (!slash)
		snprintf(dir, dirlen, "%s", ".");
	else if (dn == 0)
		snprintf(dir, dirlen, "%s", "/");
	else if (dn >= dirlen)
		return -1;
	else
		snprintf(dir, dirlen, "%.*s", (int)dn, path);
	snprintf(base, baselen, "%s", name);
	return 0;
}

static int
outfile_blocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
}

int
outfile_openat(int dirfd, const char *base, enum outfile_how how,
	       uid_t owner, gid_t group, bool give, enum outfile_why *why)
{
	/* O_NONBLOCK: a FIFO planted under the name must not hang us
	 * before fstat can refuse it */
	const int common = O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
			   O_NONBLOCK;
	struct stat st;
	int fd, e;

	*why = OUTFILE_ERRNO;
	fd = openat(dirfd, base, common | O_CREAT | O_EXCL, 0644);
	if (fd >= 0) {
		if ((give && fchown(fd, owner, group) < 0) ||
		    outfile_blocking(fd) < 0) {
			e = errno;
			close(fd);
			unlinkat(dirfd, base, 0);
			errno = e;
			return -1;
		}
		*why = OUTFILE_OK;
		return fd;
	}
	if (errno != EEXIST || how != OUTFILE_REPLACE)
		return -1;
	/* an existing name: opened without O_TRUNC, looked at, then cut */
	fd = openat(dirfd, base, common);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENXIO || errno == EISDIR)
			*why = OUTFILE_NOT_REGULAR;
		return -1;
	}
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode))
		*why = OUTFILE_NOT_REGULAR;
	else if (st.st_nlink != 1)
		*why = OUTFILE_LINKS;
	else if (st.st_uid != owner)
		*why = OUTFILE_NOT_OWNER;
	else if (ftruncate(fd, 0) == 0 && outfile_blocking(fd) == 0) {
		*why = OUTFILE_OK;
		return fd;
	}
fail:
	e = errno;
	close(fd);
	errno = *why == OUTFILE_ERRNO ? e : EPERM;
	return -1;
}

int
outfile_unlinkat(int dirfd, const char *base, uid_t owner,
		 enum outfile_why *why)
{
	struct stat st;

	*why = OUTFILE_ERRNO;
	if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	if (!S_ISREG(st.st_mode) || st.st_uid != owner) {
		*why = S_ISREG(st.st_mode) ? OUTFILE_NOT_OWNER
					   : OUTFILE_NOT_REGULAR;
		errno = EPERM;
		return -1;
	}
	if (unlinkat(dirfd, base, 0) < 0)
		return -1;
	*why = OUTFILE_OK;
	return 0;
}

int
outfile_open(const char *path, enum outfile_how how, char *err,
	     size_t errlen)
{
	char dir[4096], base[256];
	enum outfile_why why = OUTFILE_BAD_NAME;
	int dfd, fd = -1, e = EINVAL;

	if (outfile_helper)
		return privhelper_open(outfile_helper, path, how, err, errlen);
	if (outfile_split(path, dir, sizeof(dir), base, sizeof(base)) == 0) {
		dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0) {
			why = OUTFILE_ERRNO;
		} else {
			fd = outfile_openat(dfd, base, how, geteuid(),
					    getegid(), false, &why);
			e = errno;
			close(dfd);
			errno = e;
		}
		e = errno;
	}
	if (fd < 0)
		outfile_message(path, why, e, err, errlen);
	return fd;
}

int
outfile_unlink(const char *path)
{
	if (outfile_helper)
		return privhelper_unlink(outfile_helper, path);
	return unlink(path);
}

int
outfile_allow_dir(const char *dir, char *err, size_t errlen)
{
	if (!outfile_helper)
		return 0;
	return privhelper_allow_dir(outfile_helper, dir, false, err, errlen);
}

int
outfile_open_named(const char *path, enum outfile_how how, char *err,
		   size_t errlen)
{
	char dir[4096], base[256];

	if (outfile_split(path, dir, sizeof(dir), base, sizeof(base)) < 0) {
		outfile_message(path, OUTFILE_BAD_NAME, 0, err, errlen);
		return -1;
	}
	if (outfile_allow_dir(dir, err, errlen) < 0)
		return -1;
	return outfile_open(path, how, err, errlen);
}
