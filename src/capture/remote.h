/*
 * remote: --remote [USER@]HOST[:IFACE]: runs `ssh HOST tcpdump -U -w -`
 * (or --remote-cmd in its place) and hands back the pipe its capture
 * comes through. On the remote side the command leaves out the very SSH
 * connection that carries the capture, found in the remote shell's own
 * SSH_CONNECTION, so the stream does not count itself.
 */
#ifndef PKTOP_REMOTE_H
#define PKTOP_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The shell command run on the remote host for IFACE (NULL or "": the
 * host's default interface), into OUT; -1 when IFACE is not a plain
 * interface name or OUT is too small. */
int remote_command(const char *iface, char *out, size_t size);

/* Start CMD (NULL: "ssh") for SPEC. Returns the read end of its stdout
 * and its pid in *PID; -1 with a message in ERR. QUIET keeps the
 * command's stderr off the terminal (the UI owns it): it goes to a file
 * in memory whose descriptor comes back in *ERRFD (-1 otherwise, or when
 * none could be made: then to /dev/null), for remote_stderr_tail. */
int remote_start(const char *spec, const char *cmd, bool quiet, pid_t *pid,
		 int *errfd, char *err, size_t errlen);

/* The last line the command wrote to ERRFD (its stderr), escaped for a
 * terminal, into OUT; "" when there is none. Returns strlen(OUT). */
size_t remote_stderr_tail(int errfd, char *out, size_t size);

/* The first LINES lines with text the command wrote to ERRFD (of its
 * first 512 bytes), each escaped for a terminal, joined by " / ", into
 * OUT: what a command that failed at once said. Returns strlen(OUT). */
size_t remote_stderr_head(int errfd, char *out, size_t size,
			  unsigned lines);

/* End the command started by remote_start (SIGTERM, then reap). */
void remote_stop(pid_t pid);

#endif
