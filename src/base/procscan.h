/*
 * procscan: the /proc side of "which process owns this socket"
 * (procscan_owners in base/proc_owner.h) and the short container or unit
 * name a cgroup path stands for.
 */
#ifndef PKTOP_PROCSCAN_H
#define PKTOP_PROCSCAN_H

#include <stddef.h>

#include "base/proc_owner.h"

#define PROCSCAN_CONTAINER_MAX 64

/* The short name of cgroup path CG into OUT (SIZE bytes): a docker,
 * containerd, CRI-O or podman container id cut to 12 hex digits, "pod-"
 * and the first 8 characters of a Kubernetes pod's uid, a systemd unit
 * ("nginx.service"), else the path's last component; "" for the root. */
void procscan_container(const char *cg, char *out, size_t size);

/* The cgroup path to show from /proc/PID/cgroup's TEXT (NUL-ended, cut
 * in place): the unified ("0::") line's when not the root, else
 * name=systemd's, else the first hierarchy not at its root. */
void procscan_cgroup_path(char *text, char *out, size_t size);

/* procscan_owners reading PROC_ROOT instead of "/proc" (tests). */
size_t procscan_owners_at(const char *proc_root, const uint64_t *inodes,
			  size_t n, struct proc_owner *out);

#endif
