/*
 * proc_owner: who owns a local socket, the answer to a socket-inode
 * lookup. base/procscan.c fills it by reading /proc; when pktop has
 * dropped root, the privileged helper (base/privhelper) runs that scan for
 * it and sends the answers back over its socketpair. One shape for both
 * sides, so the helper's protocol carries it as it is.
 */
#ifndef PKTOP_PROC_OWNER_H
#define PKTOP_PROC_OWNER_H

#include <stddef.h>
#include <stdint.h>

#define PROC_OWNER_COMM_MAX 16   /* the kernel's TASK_COMM_LEN */
#define PROC_OWNER_PATH_MAX 256  /* exe and cgroup paths, cut with a NUL */

struct proc_owner {
	uint64_t inode;   /* the socket inode asked for */
	uint64_t netns;   /* inode of the owner's /proc/PID/ns/net, 0 unknown */
	int32_t pid;      /* thread-group leader; 0 when no process owns it */
	uint32_t uid;
	char comm[PROC_OWNER_COMM_MAX];  /* the leader's name, NUL-ended */
	char exe[PROC_OWNER_PATH_MAX];   /* /proc/PID/exe, "" when unreadable */
	char cgroup[PROC_OWNER_PATH_MAX];/* the unified or name=systemd path */
};

/* Find the owners of N socket inodes: OUT[i] answers INODES[i] (pid 0
 * when not found). Returns how many were found. Reads /proc; run where
 * the caller may read other users' /proc/PID/fd (root, or the helper). */
size_t procscan_owners(const uint64_t *inodes, size_t n,
		       struct proc_owner *out);

#endif
