/*
 * procattr: the lookup thread that tells the model which process owns
 * each new local connection and reads the kernel's tcp_info for the TCP
 * ones. It never runs on the capture or committer thread: the committer
 * only queues new connections (model_procs_take), this thread answers
 * them by connection id.
 */
#ifndef PKTOP_PROCATTR_H
#define PKTOP_PROCATTR_H

#include <stddef.h>
#include <stdint.h>

#include "base/proc_owner.h"

struct model;
struct procattr;

/* Who answers "which process holds these socket inodes": procscan_owners
 * with the privilege pktop has, or after the drop the privileged helper's
 * OWNERS op (ARG is its handle). Same contract as procscan_owners. */
typedef size_t (*procattr_owners_fn)(void *arg, const uint64_t *inodes,
				     size_t n, struct proc_owner *out);

/* The tuning the issue asks for, named once. */
#define PROCATTR_TICK_MS 50          /* the thread's wake-up */
#define PROCATTR_DUMPS_PER_SEC 10    /* socket lists while new ones wait */
#define PROCATTR_SCANS_PER_SEC 4     /* /proc scans, only on a cache miss */
#define PROCATTR_QUICK_PER_SEC 10    /* scans for connections just seen */
#define PROCATTR_RETRY_SEC 1.0       /* a young connection's grace */
#define PROCATTR_KERNEL_SEC 1.0      /* tcp_info refresh */
#define PROCATTR_SOCKETS_MAX 200000  /* sockets kept from one dump */
#define PROCATTR_TRACK_MAX 65536     /* TCP connections followed for tcp_info */
#define PROCATTR_CACHE_MAX 16384     /* inode -> owner answers kept */
#define PROCATTR_NS_MAX 64           /* other network namespaces looked in */

/* Start the thread on M (model_procs_enable is called). OWNERS and ARG
 * answer inode batches; NOTE ("" or a sentence) is shown as the
 * attribution status when it works (e.g. only this user's processes). */
struct procattr *procattr_start(struct model *m, procattr_owners_fn owners,
				void *arg, const char *note, char *err,
				size_t errlen);
/* Stop and join the thread. */
void procattr_stop(struct procattr *pa);

/* procscan_owners as a procattr_owners_fn (ARG unused). */
size_t procattr_owners_local(void *arg, const uint64_t *inodes, size_t n,
			     struct proc_owner *out);

#endif
