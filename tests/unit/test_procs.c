/*
 * test_procs: the pieces of process attribution that need no namespace:
 * container and unit names from cgroup paths, the /proc scan on a planted
 * tree (both cgroup layouts, a socket link, a process without one) and on
 * this process's own socket, and the kernel's socket list finding our own
 * listener and connection with tcp_info.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/procscan.h"
#include "capture/sockdiag.h"

static void
assert_container(const char *cg, const char *want)
{
	char out[PROCSCAN_CONTAINER_MAX];

	procscan_container(cg, out, sizeof(out));
	assert_string_equal(out, want);
}

static void
test_container_names(void **state)
{
	(void)state;
	assert_container("/system.slice/docker-"
			 "4f1c2b3a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8.scope",
			 "4f1c2b3a4d5e");
	assert_container("/docker/"
			 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			 "0123456789ab");
	assert_container("/machine.slice/libpod-"
			 "aaaabbbbccccddddeeeeffff0000111122223333444455556666777788889999.scope",
			 "aaaabbbbcccc");
	assert_container("/kubepods.slice/kubepods-burstable.slice/"
			 "kubepods-burstable-pod1a2b3c4d_5e6f_7a8b_9c0d_112233445566.slice",
			 "pod-1a2b3c4d");
	assert_container("/kubepods/besteffort/pod5d6e7f80-1111-2222-3333-444455556666",
			 "pod-5d6e7f80");
	assert_container("/system.slice/nginx.service", "nginx.service");
	assert_container("/user.slice/user-1000.slice/user@1000.service/"
			 "app.slice/foo.service", "foo.service");
	assert_container("/pktop-test", "pktop-test");
	assert_container("/", "");
	assert_container("", "");
	/* short hex is not an id */
	assert_container("/deadbeef", "deadbeef");
}

static char root[64];

static void
plant(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
plant_link(const char *rel, const char *target)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static void
plant_dir(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void
test_scan_planted_tree(void **state)
{
	uint64_t inodes[4] = { 4242, 777, 4242, 0 };
	struct proc_owner out[4];
	char cmd[128];

	(void)state;
	snprintf(root, sizeof(root), "/tmp/pktop-procs.XXXXXX");
	assert_non_null(mkdtemp(root));
	/* 100: v1 layout, a socket and a file */
	plant_dir("100");
	plant_dir("100/fd");
	plant_dir("100/ns");
	plant("100/comm", "nginx\n");
	plant("100/status", "Name:\tnginx\nUmask:\t0022\nUid:\t33\t33\t33\t33\n");
	plant("100/cgroup", "9:name=systemd:/system.slice/nginx.service\n"
			    "8:pids:/system.slice/nginx.service\n"
			    "0::/\n");
	plant_link("100/exe", "/usr/sbin/nginx");
	plant_link("100/fd/3", "socket:[4242]");
	plant_link("100/fd/4", "/var/log/nginx.log");
	/* 200: unified layout, other sockets only */
	plant_dir("200");
	plant_dir("200/fd");
	plant("200/comm", "other\n");
	plant("200/status", "Name:\tother\nUid:\t0\t0\t0\t0\n");
	plant("200/cgroup", "0::/system.slice/other.service\n");
	plant_link("200/fd/5", "socket:[9999]");
	plant_link("200/fd/6", "socket:[12x]");
	/* not a process */
	plant_dir("self-ish");

	assert_int_equal(procscan_owners_at(root, inodes, 4, out), 2);
	assert_int_equal(out[0].pid, 100);
	assert_string_equal(out[0].comm, "nginx");
	assert_int_equal(out[0].uid, 33);
	assert_string_equal(out[0].exe, "/usr/sbin/nginx");
	assert_string_equal(out[0].cgroup, "/system.slice/nginx.service");
	assert_int_equal(out[2].pid, 100); /* asked twice, answered twice */
	assert_int_equal(out[1].pid, 0);   /* nobody holds 777 */
	assert_int_equal(out[1].inode, 777);
	assert_int_equal(out[3].pid, 0);

	/* the unified layout wins when it is not the root */
	unlink(strcat(strcpy(cmd, root), "/200/fd/5"));
	plant_link("200/fd/5", "socket:[4243]");
	inodes[0] = 4243;
	assert_int_equal(procscan_owners_at(root, inodes, 1, out), 1);
	assert_string_equal(out[0].cgroup, "/system.slice/other.service");
	assert_int_equal(out[0].uid, 0);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	/* no /proc at all: nothing found, no crash */
	assert_int_equal(procscan_owners_at("/nonexistent-proc", inodes, 1,
					    out), 0);
}

static int
listener(uint16_t *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

static void
test_scan_own_socket(void **state)
{
	uint16_t port;
	int fd = listener(&port);
	struct stat st;
	uint64_t ino;
	struct proc_owner o;
	char comm[32] = "";
	FILE *f;

	(void)state;
	assert_int_equal(fstat(fd, &st), 0);
	ino = (uint64_t)st.st_ino;
	assert_int_equal(procscan_owners(&ino, 1, &o), 1);
	assert_int_equal(o.pid, getpid());
	assert_int_equal(o.uid, getuid());
	assert_true(o.netns != 0);
	f = fopen("/proc/self/comm", "r");
	assert_non_null(f);
	assert_non_null(fgets(comm, sizeof(comm), f));
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	assert_string_equal(o.comm, comm);
	close(fd);
}

static void
test_sockdiag_finds_own_sockets(void **state)
{
	struct sockdiag_list l = { 0 };
	struct sockaddr_in sa = { .sin_family = AF_INET };
	uint16_t port, cport;
	socklen_t len = sizeof(sa);
	int lfd = listener(&port), cfd, afd;
	struct stat st;
	char err[256];
	bool seen_listen = false, seen_conn = false;

	(void)state;
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons(port);
	assert_int_equal(connect(cfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	afd = accept(lfd, NULL, NULL);
	assert_true(afd >= 0);
	assert_int_equal(getsockname(cfd, (struct sockaddr *)&sa, &len), 0);
	cport = ntohs(sa.sin_port);
	assert_int_equal(fstat(cfd, &st), 0);

	if (sockdiag_dump(&l, true, err, sizeof(err)) < 0) {
		print_message("sock_diag unavailable: %s\n", err);
		skip();
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct sockdiag_sock *s = &l.v[i];

		if (s->l4 == IPPROTO_TCP && s->lport == port &&
		    s->state == SOCKDIAG_LISTEN)
			seen_listen = true;
		if (s->l4 == IPPROTO_TCP && s->lport == cport &&
		    s->rport == port) {
			seen_conn = true;
			assert_int_equal(s->inode, (uint64_t)st.st_ino);
			assert_int_equal(s->uid, getuid());
			assert_int_equal(s->local.family, 4);
			assert_int_equal(s->local.bytes[0], 127);
			assert_true(s->has_info);
			assert_true(s->info.snd_cwnd > 0);
		}
	}
	assert_true(seen_listen);
	assert_true(seen_conn);
	/* a cap keeps the list bounded and counts the rest */
	l.max = 1;
	assert_int_equal(sockdiag_dump(&l, false, err, sizeof(err)), 0);
	assert_int_equal(l.n, 1);
	assert_true(l.over >= 2);
	sockdiag_list_free(&l);
	close(afd);
	close(cfd);
	close(lfd);
}

/* A hand-made answer: one IPv4 socket whose attribute claims more bytes
 * than its message holds (the parse stops there, the socket is kept),
 * another request's message (skipped), a dual-stack peer (read as IPv4),
 * then an error, then the end. */
static size_t
put_msg(uint8_t *b, uint16_t type, uint32_t seq, const uint8_t *body,
	size_t blen)
{
	uint32_t len = 16 + (uint32_t)blen;

	memset(b, 0, 16);
	memcpy(b, &len, 4);
	memcpy(b + 4, &type, 2);
	memcpy(b + 8, &seq, 4);
	memcpy(b + 16, body, blen);
	return (len + 3) & ~3u;
}

static void
test_sockdiag_reply_parse(void **state)
{
	uint8_t buf[1024], msg[128];
	struct sockdiag_list l = { 0 };
	size_t off = 0;
	bool nf = false;
	int code = 0;
	int32_t e;
	uint16_t alen = 200, atype = 2;

	(void)state;
	memset(msg, 0, sizeof(msg));
	msg[0] = AF_INET;
	msg[1] = 1;
	msg[4] = 0x9c; msg[5] = 0x40;           /* sport 40000 */
	msg[6] = 0x1f; msg[7] = 0x98;           /* dport 8088 */
	msg[8] = 127; msg[11] = 1;              /* src 127.0.0.1 */
	msg[24] = 10; msg[27] = 2;              /* dst 10.0.0.2 */
	msg[64] = 0xe8; msg[65] = 0x03;         /* uid 1000 */
	msg[68] = 0x40; msg[69] = 0xe2; msg[70] = 0x01; /* inode 123456 */
	memcpy(msg + 72, &alen, 2);             /* an attribute too long */
	memcpy(msg + 74, &atype, 2);
	off += put_msg(buf + off, 20, 5, msg, 80);
	off += put_msg(buf + off, 20, 6, msg, 72); /* another request's */
	assert_int_equal(sockdiag_reply(&l, 6, 5, buf, off, false, &nf, &code),
			 1);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].lport, 40000);
	assert_int_equal(l.v[0].rport, 8088);
	assert_int_equal(l.v[0].uid, 1000);
	assert_int_equal(l.v[0].inode, 123456);
	assert_false(l.v[0].has_info);
	assert_int_equal(l.v[0].local.family, 4);
	/* ::ffff:10.0.0.9 as a v6 socket's peer */
	msg[0] = AF_INET6;
	memset(msg + 24, 0, 16);
	msg[34] = 0xff; msg[35] = 0xff; msg[36] = 10; msg[39] = 9;
	off = put_msg(buf, 20, 5, msg, 72);
	e = -EPERM;
	memset(msg, 0, sizeof(msg));
	memcpy(msg, &e, 4);
	off += put_msg(buf + off, 2, 5, msg, 20);
	code = 0;
	assert_int_equal(sockdiag_reply(&l, 6, 5, buf, off, false, &nf, &code),
			 -1);
	assert_int_equal(code, EPERM);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[1].remote.family, 4);
	assert_int_equal(l.v[1].remote.bytes[3], 9);
	/* ENOENT: not found, the end; a message cut short: wait for more */
	e = -ENOENT;
	memcpy(msg, &e, 4);
	off = put_msg(buf, 2, 5, msg, 20);
	assert_int_equal(sockdiag_reply(&l, 6, 5, buf, off, true, &nf, &code),
			 0);
	assert_true(nf);
	assert_int_equal(sockdiag_reply(&l, 6, 5, buf, off - 1, true, NULL,
					&code), 1);
	sockdiag_list_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_container_names),
		cmocka_unit_test(test_scan_planted_tree),
		cmocka_unit_test(test_scan_own_socket),
		cmocka_unit_test(test_sockdiag_finds_own_sockets),
		cmocka_unit_test(test_sockdiag_reply_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
