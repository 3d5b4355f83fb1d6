/*
 * privdrop: once the capture is open (and the first -w file made), a
 * pktop run as root becomes an unprivileged user for the rest of its
 * life, so the code that parses hostile packets never runs as root: -Z
 * USER, by default the user who ran sudo (SUDO_USER), else "nobody".
 * "-Z root" keeps root, with a warning.
 */
#ifndef PKTOP_PRIVDROP_H
#define PKTOP_PRIVDROP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct privdrop {
	bool needed;      /* running as root, and NAME is not root */
	bool keeps_root;  /* running as root, and NAME is root */
	char name[256];
	uid_t uid;
	gid_t gid;
};

/* Who to become: USER (-Z) when given, else SUDO_USER when set and not
 * root, else "nobody"; looked up now (files made before the drop can be
 * given to that user). 0, or -1 with one line in ERR. */
int privdrop_prepare(struct privdrop *pd, const char *user, char *err,
		     size_t errlen);

/* Become that user: supplementary groups, group, then user, each
 * checked, and root made unreachable. Nothing when not NEEDED. 0, or -1
 * with one line in ERR. */
int privdrop_apply(const struct privdrop *pd, char *err, size_t errlen);

#endif
