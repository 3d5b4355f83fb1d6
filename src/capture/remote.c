/*
 * remote: the ssh + tcpdump pipeline behind --remote (see remote.h). The
 * remote command is built only from a checked interface name; the host
 * part goes to ssh as one argument, never through a local shell.
 */
#include "config.h"

#include "capture/remote.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/child.h"
#include "base/escape.h"
#include "base/i18n.h"

extern char **environ;

#define REMOTE_SPEC_MAX 256

static bool
remote_iface_ok(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
		      (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9') || strchr("._-@", s[n])))
			return false;
	return n > 0 && n < 64;
}

int
remote_command(const char *iface, char *out, size_t size)
{
	char dev[80] = "";
	int n;

	if (iface && iface[0]) {
		if (!remote_iface_ok(iface))
			return -1;
		snprintf(dev, sizeof(dev), " -i %s", iface);
	}
	/* $SSH_CONNECTION there is "client port server port" of this very
	 * session: leave it out. tcpdump needs root: sudo -n when not. */
	n = snprintf(out, size,
		     "set -- $SSH_CONNECTION; f=; "
		     "if [ $# -eq 4 ]; then f=\"not (tcp and host $1 and port "
		     "$2 and host $3 and port $4)\"; fi; s=; "
		     "[ \"$(id -u)\" -eq 0 ] || s='sudo -n'; "
		     "exec $s tcpdump -U -n -s 0%s -w - ${f:+\"$f\"}",
		     dev);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* How much of the command's stderr the tail looks at. */
#define REMOTE_TAIL_MAX 512

size_t
remote_stderr_tail(int errfd, char *out, size_t size)
{
	char buf[REMOTE_TAIL_MAX + 1];
	struct stat st;
	off_t from;
	ssize_t n;
	char *end, *line;

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (errfd < 0 || fstat(errfd, &st) < 0 || st.st_size <= 0)
		return 0;
	from = st.st_size > REMOTE_TAIL_MAX ? st.st_size - REMOTE_TAIL_MAX : 0;
	n = pread(errfd, buf, REMOTE_TAIL_MAX, from);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* the last line with something on it */
	end = buf + n;
	while (end > buf && (end[-1] == '\n' || end[-1] == '\r' ||
			     end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	line = end;
	while (line > buf && line[-1] != '\n' && line[-1] != '\r')
		line--;
	if (line == buf && from > 0)
		return 0; /* one line longer than the tail: no whole line */
	/* the remote side's words: never raw to a terminal */
	escape_text(line, (size_t)(end - line), out, size);
	return strlen(out);
}

size_t
remote_stderr_head(int errfd, char *out, size_t size, unsigned lines)
{
	char buf[REMOTE_TAIL_MAX + 1];
	size_t o = 0;
	ssize_t n;
	char *p, *end;

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (errfd < 0 || (n = pread(errfd, buf, REMOTE_TAIL_MAX, 0)) <= 0)
		return 0;
	buf[n] = '\0';
	for (p = buf; *p && lines > 0 && o + 1 < size; p = end) {
		end = p + strcspn(p, "\r\n");
		/* a line the 512 bytes cut stays out */
		if (*end == '\0' && n == REMOTE_TAIL_MAX)
			break;
		if (end > p + strspn(p, " \t")) {
			if (o > 0) {
				if (o + 4 >= size)
					break;
				memcpy(out + o, " / ", 4);
				o += 3;
			}
			/* the remote side's words: never raw to a terminal */
			escape_text(p, (size_t)(end - p), out + o, size - o);
			o += strlen(out + o);
			lines--;
		}
		end += strspn(end, "\r\n");
	}
	return strlen(out);
}

int
remote_start(const char *spec, const char *cmd, bool quiet, pid_t *pid,
	     int *errfd, char *err, size_t errlen)
{
	char host[REMOTE_SPEC_MAX], remote[512], prog[256], *colon, *argv[4];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int fds[2] = { -1, -1 }, rc, efd = -1;

	*errfd = -1;
	if (cmd == NULL || cmd[0] == '\0')
		cmd = "ssh";
	if (snprintf(host, sizeof(host), "%s", spec) >= (int)sizeof(host) ||
	    host[0] == '\0' || host[0] == '-') {
		snprintf(err, errlen, _("bad --remote '%s': expected "
					"[USER@]HOST[:IFACE]"),
			 spec);
		return -1;
	}
	/* [USER@]HOST[:IFACE]; an IPv6 host goes in brackets */
	colon = host[0] == '[' ? strchr(host, ']') : host;
	colon = colon ? strchr(colon, ':') : NULL;
	if (colon)
		*colon++ = '\0';
	if (host[0] == '\0' ||
	    remote_command(colon, remote, sizeof(remote)) < 0) {
		snprintf(err, errlen, _("bad --remote '%s': expected "
					"[USER@]HOST[:IFACE]"),
			 spec);
		return -1;
	}
	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(err, errlen, _("cannot start '%s': %s"), cmd,
			 strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
					 O_RDONLY, 0);
	/* the UI owns the terminal: stderr to memory, to be shown when the
	 * capture ends ("sudo: a password is required") */
	if (quiet)
		efd = memfd_create("pktop-remote-stderr", MFD_CLOEXEC);
	if (quiet && efd >= 0)
		posix_spawn_file_actions_adddup2(&fa, efd, STDERR_FILENO);
	else if (quiet)
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO,
						 "/dev/null", O_WRONLY, 0);
	/* its own process group: Ctrl-C in the terminal is pktop's to act on */
	child_attr_init(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	snprintf(prog, sizeof(prog), "%s", cmd);
	argv[0] = prog;
	argv[1] = host;
	argv[2] = remote;
	argv[3] = NULL;
	rc = posix_spawnp(pid, cmd, &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		if (efd >= 0)
			close(efd);
		snprintf(err, errlen, _("cannot start '%s': %s"), cmd,
			 strerror(rc));
		return -1;
	}
	*errfd = efd;
	return fds[0];
}

void
remote_stop(pid_t pid)
{
	struct timespec nap = { .tv_sec = 0, .tv_nsec = 20 * 1000000L };
	int i;

	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	for (i = 0; i < 100; i++) {
		if (waitpid(pid, NULL, WNOHANG) != 0)
			return;
		nanosleep(&nap, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}
