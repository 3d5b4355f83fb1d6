/*
 * test_privhelper: the privileged helper's request decoder refuses every
 * malformed request; the forked helper (here as the test's own user)
 * makes files only in the directories named, never through a planted
 * symlink, hard link or FIFO, truncates only our own regular files,
 * limits what the save dialog's late directories allow, and answers
 * OWNERS through the function it was given (or refuses without one).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/outfile.h"
#include "base/privhelper.h"

static char tmp[256];
static char path[512], path2[512];

static size_t
req(uint8_t *buf, uint32_t op, uint32_t flags, const void *p, size_t n)
{
	struct privhelper_hdr h = { op, flags, (uint32_t)n };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, n);
	return sizeof(h) + n;
}

static void
test_decode_refuses_malformed(void **state)
{
	static uint8_t buf[8192];
	static struct privhelper_req q;
	uint64_t ino[65] = { 1, 2, 3 };
	size_t n;

	(void)state;
	n = req(buf, PRIVHELPER_OPEN, OUTFILE_NEW, "/tmp/x", 6);
	assert_int_equal(privhelper_decode(buf, n, &q), 0);
	assert_string_equal(q.path, "/tmp/x");
	/* the length must be the payload's */
	assert_int_equal(privhelper_decode(buf, n - 1, &q), -1);
	assert_int_equal(privhelper_decode(buf, 3, &q), -1);
	/* unknown how, op, flags */
	n = req(buf, PRIVHELPER_OPEN, 7, "/tmp/x", 6);
	assert_int_equal(privhelper_decode(buf, n, &q), -1);
	n = req(buf, 99, 0, "/tmp/x", 6);
	assert_int_equal(privhelper_decode(buf, n, &q), -1);
	n = req(buf, PRIVHELPER_UNLINK, 1, "/tmp/x", 6);
	assert_int_equal(privhelper_decode(buf, n, &q), -1);
	n = req(buf, PRIVHELPER_ALLOW, 2, "/tmp", 4);
	assert_int_equal(privhelper_decode(buf, n, &q), -1);
	/* a NUL inside a path, an empty path */
	n = req(buf, PRIVHELPER_OPEN, OUTFILE_NEW, "/tmp/x\0/etc", 11);
	assert_int_equal(privhelper_decode(buf, n, &q), -1);
	n = req(buf, PRIVHELPER_OPEN, OUTFILE_NEW, "", 0);
	assert_int_equal(privhelper_decode(buf, n, &q), -1);
	/* SEAL carries nothing */
	n = req(buf, PRIVHELPER_SEAL, 0, "x", 1);
	assert_int_equal(privhelper_decode(buf, n, &q), -1);
	n = req(buf, PRIVHELPER_SEAL, 0, "", 0);
	assert_int_equal(privhelper_decode(buf, n, &q), 0);
	/* OWNERS: whole inodes, 1..64 of them */
	n = req(buf, PRIVHELPER_OWNERS, 0, ino, 3 * 8);
	assert_int_equal(privhelper_decode(buf, n, &q), 0);
	assert_int_equal(q.n, 3);
	assert_true(q.inodes[2] == 3);
	n = req(buf, PRIVHELPER_OWNERS, 0, ino, 3 * 8 - 1);
	assert_int_equal(privhelper_decode(buf, n, &q), -1);
	n = req(buf, PRIVHELPER_OWNERS, 0, ino, 0);
	assert_int_equal(privhelper_decode(buf, n, &q), -1);
	n = req(buf, PRIVHELPER_OWNERS, 0, ino, 65 * 8);
	assert_int_equal(privhelper_decode(buf, n, &q), -1);
}

static size_t
fake_owners(const uint64_t *inodes, size_t n, struct proc_owner *out)
{
	size_t i, found = 0;

	for (i = 0; i < n; i++) {
		out[i].inode = inodes[i];
		if (inodes[i] % 2 == 0) {
			out[i].pid = (int32_t)(inodes[i] / 2);
			snprintf(out[i].comm, sizeof(out[i].comm), "p%u",
				 (unsigned)i);
			found++;
		}
	}
	return found;
}

static struct privhelper *
start(const struct privhelper_ops *ops)
{
	char err[256];
	struct privhelper *h = privhelper_start(ops, geteuid(), getegid(), err,
						sizeof(err));

	assert_non_null(h);
	return h;
}

static void
put(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
assert_file(const char *p, const char *text)
{
	char buf[64] = "";
	FILE *f = fopen(p, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, text);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/pktop-ph.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(path, sizeof(path), "%s/named", tmp);
	snprintf(path2, sizeof(path2), "%s/other", tmp);
	if (mkdir(path, 0700) < 0 || mkdir(path2, 0700) < 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_files_only_in_named_dirs(void **state)
{
	struct privhelper *h = start(NULL);
	char err[512], p[600];
	int fd;

	(void)state;
	assert_int_equal(privhelper_allow_dir(h, path, false, err, sizeof(err)),
			 0);
	snprintf(p, sizeof(p), "%s/a.pcap", path);
	fd = privhelper_open(h, p, OUTFILE_NEW, err, sizeof(err));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	close(fd);
	assert_file(p, "abc");
	/* the same name again: NEW refuses, REPLACE truncates ours */
	assert_int_equal(privhelper_open(h, p, OUTFILE_NEW, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "exists"));
	fd = privhelper_open(h, p, OUTFILE_REPLACE, err, sizeof(err));
	assert_true(fd >= 0);
	close(fd);
	assert_file(p, "");
	/* outside: the other directory, and ../ out of the named one */
	snprintf(p, sizeof(p), "%s/b.pcap", path2);
	assert_int_equal(privhelper_open(h, p, OUTFILE_NEW, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "not in a directory"));
	assert_int_equal(access(p, F_OK), -1);
	snprintf(p, sizeof(p), "%s/../other/c.pcap", path);
	assert_int_equal(privhelper_open(h, p, OUTFILE_NEW, err, sizeof(err)),
			 -1);
	assert_int_equal(access(p, F_OK), -1);
	/* unlink: ours in a named directory only */
	snprintf(p, sizeof(p), "%s/a.pcap", path);
	assert_int_equal(privhelper_unlink(h, p), 0);
	assert_int_equal(access(p, F_OK), -1);
	snprintf(p, sizeof(p), "%s/keep", path2);
	put(p, "keep");
	assert_int_equal(privhelper_unlink(h, p), -1);
	assert_file(p, "keep");
	privhelper_stop(h);
}

static void
test_planted_links_leave_targets_alone(void **state)
{
	struct privhelper *h = start(NULL);
	char err[512], target[600], p[600];

	(void)state;
	assert_int_equal(privhelper_allow_dir(h, path, false, err, sizeof(err)),
			 0);
	snprintf(target, sizeof(target), "%s/target", path2);
	put(target, "precious");
	/* a symlink under the name */
	snprintf(p, sizeof(p), "%s/sym.pcap", path);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(privhelper_open(h, p, OUTFILE_REPLACE, err,
					 sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "not a regular file"));
	assert_int_equal(privhelper_open(h, p, OUTFILE_NEW, err, sizeof(err)),
			 -1);
	assert_file(target, "precious");
	/* a hard link under the name */
	snprintf(p, sizeof(p), "%s/hard.pcap", path);
	assert_int_equal(link(target, p), 0);
	assert_int_equal(privhelper_open(h, p, OUTFILE_REPLACE, err,
					 sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "hard links"));
	assert_file(target, "precious");
	/* a FIFO under the name: refused, not waited on */
	snprintf(p, sizeof(p), "%s/fifo.pcap", path);
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(privhelper_open(h, p, OUTFILE_REPLACE, err,
					 sizeof(err)),
			 -1);
	/* a directory under the name */
	snprintf(p, sizeof(p), "%s/dir.pcap", path);
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(privhelper_open(h, p, OUTFILE_REPLACE, err,
					 sizeof(err)),
			 -1);
	privhelper_stop(h);
}

static void
test_late_dirs_new_plain_files_only(void **state)
{
	struct privhelper *h = start(NULL);
	char err[512], p[600];
	int fd;

	(void)state;
	assert_int_equal(privhelper_seal(h), 0);
	/* the save dialog's directory: allowed, but not /etc or / */
	assert_int_equal(privhelper_allow_dir(h, "/etc", false, err,
					      sizeof(err)),
			 -1);
	assert_int_equal(privhelper_allow_dir(h, "/", false, err, sizeof(err)),
			 -1);
	assert_int_equal(privhelper_allow_dir(h, path2, false, err,
					      sizeof(err)),
			 0);
	snprintf(p, sizeof(p), "%s/save.pcap", path2);
	fd = privhelper_open(h, p, OUTFILE_NEW, err, sizeof(err));
	assert_true(fd >= 0);
	close(fd);
	/* no overwrite, no dot file */
	assert_int_equal(privhelper_open(h, p, OUTFILE_REPLACE, err,
					 sizeof(err)),
			 -1);
	snprintf(p, sizeof(p), "%s/.profile", path2);
	assert_int_equal(privhelper_open(h, p, OUTFILE_NEW, err, sizeof(err)),
			 -1);
	assert_int_equal(access(p, F_OK), -1);
	/* CREATE is for the start only */
	snprintf(p, sizeof(p), "%s/new", path);
	assert_int_equal(privhelper_allow_dir(h, p, true, err, sizeof(err)),
			 -1);
	privhelper_stop(h);
}

static void
test_created_dir_on_first_use(void **state)
{
	struct privhelper *h = start(NULL);
	char err[512], d[600], p[700];
	int fd;

	(void)state;
	snprintf(d, sizeof(d), "%s/cfg/pktop", path);
	assert_int_equal(privhelper_allow_dir(h, d, true, err, sizeof(err)), 0);
	assert_int_equal(access(d, F_OK), -1); /* not made yet */
	snprintf(p, sizeof(p), "%s/pktoprc", d);
	fd = privhelper_open(h, p, OUTFILE_REPLACE, err, sizeof(err));
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(access(p, F_OK), 0);
	privhelper_stop(h);
}

static void
test_owners_through_the_given_function(void **state)
{
	static const struct privhelper_ops ops = { .owners = fake_owners };
	static uint64_t ino[150];
	static struct proc_owner out[150];
	struct privhelper *h;
	size_t i;

	(void)state;
	h = start(NULL);
	ino[0] = 2;
	assert_int_equal(privhelper_owners(h, ino, 1, out), -1);
	privhelper_stop(h);
	h = start(&ops);
	for (i = 0; i < 150; i++)
		ino[i] = i + 1;
	/* more than one request's worth: split and put back in order */
	assert_int_equal(privhelper_owners(h, ino, 150, out), 75);
	for (i = 0; i < 150; i++) {
		assert_true(out[i].inode == i + 1);
		assert_int_equal(out[i].pid, (i + 1) % 2 ? 0 : (i + 1) / 2);
	}
	privhelper_stop(h);
}

static void
test_outfile_here_refuses_links_too(void **state)
{
	char err[512], target[600], p[600];

	(void)state;
	snprintf(target, sizeof(target), "%s/t2", path2);
	put(target, "precious");
	snprintf(p, sizeof(p), "%s/sym2", path2);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(outfile_open(p, OUTFILE_REPLACE, err, sizeof(err)),
			 -1);
	assert_file(target, "precious");
	assert_int_equal(outfile_open("", OUTFILE_NEW, err, sizeof(err)), -1);
	snprintf(p, sizeof(p), "%s/", path2);
	assert_int_equal(outfile_open(p, OUTFILE_NEW, err, sizeof(err)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_refuses_malformed),
		cmocka_unit_test(test_files_only_in_named_dirs),
		cmocka_unit_test(test_planted_links_leave_targets_alone),
		cmocka_unit_test(test_late_dirs_new_plain_files_only),
		cmocka_unit_test(test_created_dir_on_first_use),
		cmocka_unit_test(test_owners_through_the_given_function),
		cmocka_unit_test(test_outfile_here_refuses_links_too),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
