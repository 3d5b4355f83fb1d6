/*
 * outfile: the one way pktop creates a file it writes (-w files and their
 * rotations, UI saves and exports, the settings file, --flow-log...).
 * When a privileged helper runs (pktop started as root and dropped to
 * another user, base/privhelper.h), the file is made by the helper and its
 * descriptor passed back; otherwise here, with the same checks: never
 * through a symlink, an existing name only when it is a regular file with
 * one link owned by us, then truncated.
 */
#ifndef PKTOP_OUTFILE_H
#define PKTOP_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum outfile_how {
	OUTFILE_NEW = 1,     /* O_EXCL: an existing name is an error */
	OUTFILE_REPLACE = 2, /* an existing file of ours is truncated */
};

/* Why a name was refused; OUTFILE_ERRNO: see errno. */
enum outfile_why {
	OUTFILE_OK = 0,
	OUTFILE_ERRNO,
	OUTFILE_OUTSIDE,     /* not in a directory the user named */
	OUTFILE_NOT_REGULAR, /* a symlink, a device, a FIFO, a directory */
	OUTFILE_LINKS,       /* a regular file with other hard links */
	OUTFILE_NOT_OWNER,   /* someone else's file */
	OUTFILE_BAD_NAME,    /* empty, ends in '/', "." or "..", a dot file */
	OUTFILE_REFUSED,     /* the helper is gone, or refuses the request */
};

struct privhelper;

/* Route every later outfile call through H (NULL: open here). */
void outfile_use_helper(struct privhelper *h);
bool outfile_has_helper(void);

/* Create or replace PATH for writing (close-on-exec). A descriptor, or
 * -1 with one line in ERR naming the file (escaped). */
int outfile_open(const char *path, enum outfile_how how, char *err,
		 size_t errlen);

/* Remove PATH, one of our own regular files (a -W rotation). 0 or -1. */
int outfile_unlink(const char *path);

/* The user named DIR (a directory typed in the save dialog): the helper
 * may make new files there. 0, or -1 with ERR. Without a helper, 0. */
int outfile_allow_dir(const char *dir, char *err, size_t errlen);

/* outfile_open for a PATH the user typed (a save dialog): its directory
 * is one they named, so first the helper may make new files there
 * (outfile_allow_dir). A descriptor, or -1 with one line in ERR. */
int outfile_open_named(const char *path, enum outfile_how how, char *err,
		       size_t errlen);

/* The message for a refusal: "cannot write 'NAME': why". */
void outfile_message(const char *path, enum outfile_why why, int errnum,
		     char *err, size_t errlen);

/* --- shared with the helper --- */

/* Split PATH into its directory (".", "/" or a prefix) and last name.
 * -1 when a part does not fit or the name is empty, "." or "..". */
int outfile_split(const char *path, char *dir, size_t dirlen, char *base,
		  size_t baselen);

/* Open BASE (no '/') in the directory DIRFD as HOW says. A new file is
 * given to OWNER:GROUP when GIVE; an existing one must be a regular file,
 * one link, owned by OWNER. A descriptor, or -1 with *WHY (and errno). */
int outfile_openat(int dirfd, const char *base, enum outfile_how how,
		   uid_t owner, gid_t group, bool give, enum outfile_why *why);

/* Remove BASE in DIRFD when it is a regular file owned by OWNER. */
int outfile_unlinkat(int dirfd, const char *base, uid_t owner,
		     enum outfile_why *why);

#endif
