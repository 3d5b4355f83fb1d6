/*
 * privdrop: dropping root after the capture is open (see privdrop.h).
 */
#include "config.h"

#include "capture/privdrop.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/i18n.h"

int
privdrop_prepare(struct privdrop *pd, const char *user, char *err,
		 size_t errlen)
{
	const char *sudo = getenv("SUDO_USER");
	char shown[256];
	struct passwd *pw;

	memset(pd, 0, sizeof(*pd));
	if (user && user[0])
		snprintf(pd->name, sizeof(pd->name), "%s", user);
	else if (sudo && sudo[0] && strcmp(sudo, "root") != 0)
		snprintf(pd->name, sizeof(pd->name), "%s", sudo);
	else
		snprintf(pd->name, sizeof(pd->name), "%s", "nobody");
	if (geteuid() != 0)
		return 0; /* nothing to give up (setcap'd, or a user) */
	escape_text(pd->name, strlen(pd->name), shown, sizeof(shown));
	pw = getpwnam(pd->name);
	if (pw == NULL) {
		snprintf(err, errlen,
			 _("cannot drop root privileges: no user '%s' (-Z "
			   "USER names who pktop becomes)"),
			 shown);
		return -1;
	}
	pd->uid = pw->pw_uid;
	pd->gid = pw->pw_gid;
	pd->keeps_root = pw->pw_uid == 0;
	pd->needed = !pd->keeps_root;
	return 0;
}

int
privdrop_apply(const struct privdrop *pd, char *err, size_t errlen)
{
	char shown[256];

	if (!pd->needed)
		return 0;
	escape_text(pd->name, strlen(pd->name), shown, sizeof(shown));
	/* groups first: once the user is not root, they can no longer be
	 * changed */
	if (initgroups(pd->name, pd->gid) < 0 || setgid(pd->gid) < 0 ||
	    setuid(pd->uid) < 0) {
		snprintf(err, errlen,
			 _("cannot drop root privileges to '%s': %s"), shown,
			 strerror(errno));
		return -1;
	}
	if (getuid() != pd->uid || geteuid() != pd->uid ||
	    getgid() != pd->gid || getegid() != pd->gid || setuid(0) == 0) {
		snprintf(err, errlen,
			 _("cannot drop root privileges to '%s': root is still "
			   "reachable"),
			 shown);
		return -1;
	}
	/* no set-id program run later (-z, a remote's ssh) brings root
	 * back */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(err, errlen,
			 _("cannot drop root privileges to '%s': %s"), shown,
			 strerror(errno));
		return -1;
	}
	return 0;
}
