/*
 * procscan: find the processes that own socket inodes by walking
 * /proc/PID/fd (the links read "socket:[INODE]"). /proc lists thread-group
 * leaders only, so the pid and comm are the process's, not a thread's
 * ("Socket Thread"). A process may exit or its pid be reused while we read:
 * the fd link is read again after the other facts, and an answer whose
 * link changed is dropped.
 */
#include "config.h"

#include "base/procscan.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct procscan_want {
	uint64_t inode;
	size_t index;
};

static int
procscan_want_cmp(const void *a, const void *b)
{
	const struct procscan_want *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return x->index < y->index ? -1 : (x->index > y->index);
}

/* The inode of a "socket:[N]" link text, 0 when it is not one. */
static uint64_t
procscan_socket_inode(const char *link)
{
	uint64_t v = 0;
	const char *p;

	if (strncmp(link, "socket:[", 8) != 0)
		return 0;
	for (p = link + 8; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p != ']' || p[1] != '\0')
		return 0;
	return v;
}

static ssize_t
procscan_readlink(const char *path, char *buf, size_t size)
{
	ssize_t n = readlink(path, buf, size - 1);

	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* Up to SIZE-1 bytes of a small file, NUL-ended; -1 on error. */
static ssize_t
procscan_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n, got = 0;

	if (fd < 0)
		return -1;
	while ((size_t)got < size - 1) {
		n = read(fd, buf + got, size - 1 - (size_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

/* The cgroup path to show from /proc/PID/cgroup text: the unified ("0::")
 * line, else name=systemd's, else the first hierarchy not at the root. */
void
procscan_cgroup_path(char *text, char *out, size_t size)
{
	char *line, *save = NULL;
	const char *unified = NULL, *systemd = NULL, *other = NULL;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2;

		if (c1 == NULL || (c2 = strchr(c1 + 1, ':')) == NULL)
			continue;
		*c2 = '\0';
		if (strcmp(line, "0") == 0 && c1[1] == '\0')
			unified = c2 + 1;
		else if (strcmp(c1 + 1, "name=systemd") == 0)
			systemd = c2 + 1;
		else if (other == NULL && strcmp(c2 + 1, "/") != 0)
			other = c2 + 1;
	}
	if (unified != NULL && strcmp(unified, "/") != 0)
		other = unified;
	else if (systemd != NULL && (strcmp(systemd, "/") != 0 || other == NULL))
		other = systemd;
	else if (other == NULL)
		other = unified != NULL ? unified : "";
	snprintf(out, size, "%s", other);
}

static uid_t
procscan_uid(const char *status)
{
	const char *p = strstr(status, "\nUid:");

	if (p == NULL)
		return (uid_t)-1;
	return (uid_t)strtoul(p + 5, NULL, 10);
}

/* Fill O with what PID's /proc says; false when it went away meanwhile or
 * its fd FD no longer holds socket INODE. */
static bool
procscan_fill(const char *root, const char *pid, const char *fd,
	      uint64_t inode, struct proc_owner *o)
{
	char path[1024], buf[4096];
	struct stat st;
	ssize_t n;

	memset(o, 0, sizeof(*o));
	o->inode = inode;
	o->pid = (int32_t)atoi(pid);
	snprintf(path, sizeof(path), "%s/%s/comm", root, pid);
	if (procscan_read_file(path, buf, sizeof(buf)) < 0)
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(o->comm, sizeof(o->comm), "%.15s", buf);
	snprintf(path, sizeof(path), "%s/%s/status", root, pid);
	if (procscan_read_file(path, buf, sizeof(buf)) < 0)
		return false;
	o->uid = (uint32_t)procscan_uid(buf);
	snprintf(path, sizeof(path), "%s/%s/exe", root, pid);
	if (procscan_readlink(path, o->exe, sizeof(o->exe)) < 0)
		o->exe[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s/ns/net", root, pid);
	if (stat(path, &st) == 0)
		o->netns = (uint64_t)st.st_ino;
	snprintf(path, sizeof(path), "%s/%s/cgroup", root, pid);
	n = procscan_read_file(path, buf, sizeof(buf));
	if (n >= 0)
		procscan_cgroup_path(buf, o->cgroup, sizeof(o->cgroup));
	/* the same socket still there: not an exited and reused pid */
	snprintf(path, sizeof(path), "%s/%s/fd/%s", root, pid, fd);
	if (procscan_readlink(path, buf, 64) < 0 ||
	    procscan_socket_inode(buf) != inode)
		return false;
	return true;
}

static bool
procscan_is_number(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Process numbers, highest first. */
static int
procscan_pid_cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return (x < y) - (x > y);
}

size_t
procscan_owners_at(const char *root, const uint64_t *inodes, size_t n,
		   struct proc_owner *out)
{
	struct procscan_want *want = NULL;
	DIR *proc = NULL;
	struct dirent *pe;
	size_t found = 0, left = 0, npids = 0, pcap = 0;
	unsigned long *pids = NULL;

	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].inode = inodes[i];
	}
	if (n == 0)
		return 0;
	want = malloc(n * sizeof(*want));
	if (want == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		want[i].inode = inodes[i];
		want[i].index = i;
		if (inodes[i] != 0)
			left++;
	}
	qsort(want, n, sizeof(*want), procscan_want_cmp);
	proc = opendir(root);
	if (proc == NULL)
		goto out;
	/* the newest processes first (the highest numbers, short of a
	 * wrap): a connection just seen is most often a program just
	 * started, and the walk stops once every inode is found */
	while ((pe = readdir(proc)) != NULL) {
		if (!procscan_is_number(pe->d_name) ||
		    strlen(pe->d_name) > 10)
			continue;
		if (npids == pcap) {
			size_t cap = pcap ? pcap * 2 : 512;
			unsigned long *v = realloc(pids, cap * sizeof(*v));

			if (v == NULL)
				break;
			pids = v;
			pcap = cap;
		}
		pids[npids++] = strtoul(pe->d_name, NULL, 10);
	}
	qsort(pids, npids, sizeof(*pids), procscan_pid_cmp);
	for (size_t pi = 0; left > 0 && pi < npids; pi++) {
		char path[1024], link[64], name[24];
		DIR *fds;
		struct dirent *fe;

		snprintf(name, sizeof(name), "%lu", pids[pi]);
		snprintf(path, sizeof(path), "%s/%s/fd", root, name);
		fds = opendir(path);
		if (fds == NULL)
			continue; /* exited, or another user's without privilege */
		while (left > 0 && (fe = readdir(fds)) != NULL) {
			struct procscan_want *w;
			uint64_t ino;

			if (fe->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s/fd/%s", root,
				 name, fe->d_name);
			if (procscan_readlink(path, link, sizeof(link)) < 0)
				continue;
			ino = procscan_socket_inode(link);
			if (ino == 0)
				continue;
			/* the first ask for INO: sorted by inode, index */
			w = NULL;
			{
				size_t lo = 0, hi = n;

				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;

					if (want[mid].inode < ino)
						lo = mid + 1;
					else
						hi = mid;
				}
				if (lo < n && want[lo].inode == ino)
					w = &want[lo];
			}
			if (w == NULL || out[w->index].pid != 0)
				continue;
			{
				struct proc_owner o;

				if (!procscan_fill(root, name, fe->d_name,
						   ino, &o))
					continue;
				/* every ask for this inode gets the answer */
				for (; w < want + n && w->inode == ino; w++) {
					out[w->index] = o;
					found++;
					left--;
				}
			}
		}
		closedir(fds);
	}
out:
	if (proc != NULL)
		closedir(proc);
	free(pids);
	free(want);
	return found;
}

size_t
procscan_owners(const uint64_t *inodes, size_t n, struct proc_owner *out)
{
	return procscan_owners_at("/proc", inodes, n, out);
}


static bool
procscan_hex_run(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* A container id: 32 or more hex digits in component C (LEN bytes),
 * perhaps after "docker-", "libpod-", "cri-containerd-", "crio-". */
static const char *
procscan_find_id(const char *c, size_t len)
{
	for (size_t i = 0; i + 32 <= len; i++) {
		if ((i == 0 || !isxdigit((unsigned char)c[i - 1])) &&
		    procscan_hex_run(c + i, 32))
			return c + i;
	}
	return NULL;
}

void
procscan_container(const char *cg, char *out, size_t size)
{
	const char *p, *comp, *unit = NULL, *pod = NULL;
	size_t unit_len = 0, pod_len = 0;
	const char *last = NULL;
	size_t last_len = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	if (cg == NULL)
		return;
	/* walk the components; the deepest id or unit wins */
	for (p = cg; *p != '\0';) {
		size_t len;
		const char *id;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		comp = p;
		len = strcspn(p, "/");
		p += len;
		last = comp;
		last_len = len;
		id = procscan_find_id(comp, len);
		if (id != NULL) {
			snprintf(out, size, "%.12s", id);
			return; /* a container id beats any unit around it */
		}
		/* "pod" and a uid (cgroupfs driver): not "pods.slice" */
		if (len >= 11 && strncmp(comp, "pod", 3) == 0 &&
		    procscan_hex_run(comp + 3, 8)) {
			pod = comp + 3;
			pod_len = len - 3;
		} else if (strstr(comp, "-pod") != NULL &&
			   strncmp(comp, "kubepods", 8) == 0) {
			const char *s = strstr(comp, "-pod") + 4;

			pod = s;
			pod_len = (size_t)(comp + len - s);
			if (pod_len > 6 &&
			    strncmp(comp + len - 6, ".slice", 6) == 0)
				pod_len -= 6;
		} else if ((len > 8 &&
			    strncmp(comp + len - 8, ".service", 8) == 0) ||
			   (len > 6 && strncmp(comp + len - 6, ".scope", 6) == 0)) {
			unit = comp;
			unit_len = len;
		}
	}
	if (pod != NULL) {
		snprintf(out, size, "pod-%.*s", (int)(pod_len < 8 ? pod_len : 8),
			 pod);
		return;
	}
	if (unit != NULL) {
		snprintf(out, size, "%.*s", (int)unit_len, unit);
		return;
	}
	if (last != NULL)
		snprintf(out, size, "%.*s", (int)last_len, last);
}
