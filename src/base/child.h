/*
 * child: the one way pktop sets up a program it starts (the rotation's
 * post-command, a remote capture's ssh). Whatever pktop blocks or
 * catches, the child starts with no signal blocked and with SIGPIPE,
 * SIGINT, SIGTERM and SIGHUP at their defaults, as from a shell.
 */
#ifndef PKTOP_CHILD_H
#define PKTOP_CHILD_H

#include <signal.h>
#include <spawn.h>

/* Initialise ATTR so; FLAGS adds posix_spawn flags of the caller's
 * (POSIX_SPAWN_SETPGROUP with its group set after). The caller
 * destroys ATTR. */
static inline void
child_attr_init(posix_spawnattr_t *attr, short flags)
{
	sigset_t none, dfl;

	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGHUP);
	posix_spawnattr_init(attr);
	posix_spawnattr_setsigmask(attr, &none);
	posix_spawnattr_setsigdefault(attr, &dfl);
	posix_spawnattr_setflags(attr, (short)(POSIX_SPAWN_SETSIGMASK |
					       POSIX_SPAWN_SETSIGDEF | flags));
}

#endif
