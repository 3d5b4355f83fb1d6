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
 * and its pid in *PID; -1 with a message in ERR. QUIET sends the
 * command's stderr to /dev/null (the UI owns the terminal). */
int remote_start(const char *spec, const char *cmd, bool quiet, pid_t *pid,
		 char *err, size_t errlen);

/* End the command started by remote_start (SIGTERM, then reap). */
void remote_stop(pid_t pid);

#endif
