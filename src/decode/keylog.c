/*
 * keylog: the NSS key log format (as written for SSLKEYLOGFILE by NSS,
 * OpenSSL and BoringSSL) and the pcapng Decryption Secrets Block that
 * carries the same text inside a capture (draft-ietf-opsawg-pcapng,
 * "Decryption Secrets Block"). Both are untrusted input: every length is
 * checked before it is used.
 */
#include "config.h"

#include "decode/keylog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "base/cursor.h"
#include "base/hex.h"
#include "base/i18n.h"
#include "base/slab.h"
#include "base/tabhash.h"

/* The key is compared as bytes: all uint8_t, so there is no padding. */
struct keylog_key {
	uint8_t label; /* enum keylog_label */
	uint8_t random[32];
};

struct keylog_entry {
	struct keylog_key key;
	uint8_t len;
	uint8_t secret[KEYLOG_SECRET_MAX];
	UT_hash_handle hh;
};

/* KEYLOG_MAX_SECRETS of these (plus a 16-byte bucket each) is the
 * budget keylog.h announces. */
_Static_assert(sizeof(struct keylog_entry) <= 160,
	       "key log entry grew past 160 bytes");

struct keylog {
	struct keylog_entry *hash; /* uthash head */
	struct slab slab;          /* the entries; freed only all at once */
	size_t count, max;
	size_t dropped; /* well-formed secrets refused: full or no memory */
	/* the key log file as first opened (before pktop dropped root), read
	 * again when the path itself can no longer be opened */
	int held_fd;
	char *held_path;
	/* a pcapng whose Decryption Secrets Blocks are walked the first
	 * time a secret is looked for (keylog_defer_pcapng), or -1 */
	int pending_fd;
};

/* Entries per slab chunk: a key log from one capture holds a few dozen. */
#define KEYLOG_CHUNK 256

/* Read buffer of keylog_load_file. The longest good line is about 230
 * bytes; a line that does not fit is malformed and skipped. */
#define KEYLOG_READ_CHUNK 8192

/* pcapng (draft-ietf-opsawg-pcapng sections 4.1 and 4.7). The Section
 * Header Block's type reads the same in both byte orders, so it can be
 * recognised before its byte-order magic (0x1A2B3C4D, written in the
 * section's order) says which one the section uses. */
#define KEYLOG_PCAPNG_SHB 0x0A0D0D0Au
#define KEYLOG_PCAPNG_DSB 0x0000000Au
#define KEYLOG_PCAPNG_TLSK 0x544C534Bu /* "TLSK": an NSS key log */
/* type, total length, byte-order magic, version, section length, total
 * length again */
#define KEYLOG_PCAPNG_SHB_MIN 28u
/* type, total length, secrets type, secrets length, total length again */
#define KEYLOG_PCAPNG_DSB_MIN 20u
/* A DSB is read whole, so its length bounds one allocation; no real key
 * log comes near this (libpcap's own block limit starts at 16 MiB). */
#define KEYLOG_PCAPNG_BLOCK_MAX (64u << 20)

static const char *const keylog_label_names[KEYLOG_LABELS] = {
	[KEYLOG_CLIENT_HANDSHAKE_TRAFFIC_SECRET] =
		"CLIENT_HANDSHAKE_TRAFFIC_SECRET",
	[KEYLOG_SERVER_HANDSHAKE_TRAFFIC_SECRET] =
		"SERVER_HANDSHAKE_TRAFFIC_SECRET",
	[KEYLOG_CLIENT_TRAFFIC_SECRET_0] = "CLIENT_TRAFFIC_SECRET_0",
	[KEYLOG_SERVER_TRAFFIC_SECRET_0] = "SERVER_TRAFFIC_SECRET_0",
	[KEYLOG_CLIENT_EARLY_TRAFFIC_SECRET] = "CLIENT_EARLY_TRAFFIC_SECRET",
};

struct keylog *
keylog_new_limited(size_t max)
{
	struct keylog *k = calloc(1, sizeof(*k));

	if (k == NULL)
		return NULL;
	k->max = max ? max : 1;
	k->held_fd = -1;
	k->pending_fd = -1;
	slab_init(&k->slab, sizeof(struct keylog_entry),
		  k->max < KEYLOG_CHUNK ? k->max : KEYLOG_CHUNK);
	return k;
}

struct keylog *
keylog_new(void)
{
	return keylog_new_limited(KEYLOG_MAX_SECRETS);
}

void
keylog_free(struct keylog *k)
{
	if (k == NULL)
		return;
	HASH_CLEAR(hh, k->hash);
	slab_destroy(&k->slab);
	if (k->held_fd >= 0)
		close(k->held_fd);
	if (k->pending_fd >= 0)
		close(k->pending_fd);
	free(k->held_path);
	free(k);
}

size_t
keylog_count(const struct keylog *k)
{
	return k ? k->count : 0;
}

size_t
keylog_dropped(const struct keylog *k)
{
	return k ? k->dropped : 0;
}

/* 1 when the secret went in; 0 when a secret for the key was already
 * held (the first one stays, as in Wireshark) or there is no room. */
static int
keylog_insert(struct keylog *k, const struct keylog_key *key,
	      const uint8_t *secret, size_t len)
{
	struct keylog_entry *e;
	int oom = 0;

	HASH_FIND(hh, k->hash, key, sizeof(*key), e);
	if (e != NULL)
		return 0;
	if (k->count >= k->max) {
		k->dropped++;
		return 0;
	}
	e = slab_alloc(&k->slab);
	if (e == NULL) {
		k->dropped++;
		return 0;
	}
	memset(e, 0, sizeof(*e));
	e->key = *key;
	e->len = (uint8_t)len;
	memcpy(e->secret, secret, len);
#undef uthash_nonfatal_oom
#define uthash_nonfatal_oom(obj) (oom = 1)
	HASH_ADD(hh, k->hash, key, sizeof(e->key), e);
#undef uthash_nonfatal_oom
	if (oom) {
		slab_release(&k->slab, e);
		k->dropped++;
		return 0;
	}
	tabhash_grow(k->hash->hh.tbl);
	k->count++;
	return 1;
}

/* N hex digits (either case) into N / 2 bytes; false when N is odd or
 * a character is not a hex digit. OUT holds N / 2 bytes. */
static bool
keylog_unhex(const char *s, size_t n, uint8_t *out)
{
	size_t i;

	if (n % 2 != 0)
		return false;
	for (i = 0; i < n; i += 2) {
		int hi = hex_digit_value(s[i]);
		int lo = hex_digit_value(s[i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

static bool
keylog_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next field of LINE (N bytes) from *POS: its start in *FIELD and its
 * length (0 at the end of the line). Fields are separated by spaces or
 * tabs; NSS writes one space, people editing the file may write more. */
static size_t
keylog_field(const char *line, size_t n, size_t *pos, const char **field)
{
	size_t i = *pos, start;

	while (i < n && keylog_blank(line[i]))
		i++;
	start = i;
	while (i < n && !keylog_blank(line[i]))
		i++;
	*field = line + start;
	*pos = i;
	return i - start;
}

/* One line without its LF. 1 when a secret was added. */
static int
keylog_add_line(struct keylog *k, const char *line, size_t n)
{
	uint8_t secret[KEYLOG_SECRET_MAX];
	struct keylog_key key;
	const char *f[4];
	size_t flen[4], pos = 0, i;
	int label;

	/* CRLF: the key log of a program on Windows */
	if (n > 0 && line[n - 1] == '\r')
		n--;
	for (i = 0; i < 4; i++)
		flen[i] = keylog_field(line, n, &pos, &f[i]);
	if (flen[0] == 0 || f[0][0] == '#')
		return 0; /* a blank line or a comment */
	if (flen[1] == 0 || flen[2] == 0 || flen[3] != 0)
		return 0; /* not three fields */
	for (label = 0; label < KEYLOG_LABELS; label++)
		if (strlen(keylog_label_names[label]) == flen[0] &&
		    memcmp(keylog_label_names[label], f[0], flen[0]) == 0)
			break;
	if (label == KEYLOG_LABELS)
		return 0;
	if (flen[1] != 2 * sizeof(key.random) || flen[2] > 2 * sizeof(secret))
		return 0;
	memset(&key, 0, sizeof(key));
	key.label = (uint8_t)label;
	if (!keylog_unhex(f[1], flen[1], key.random) ||
	    !keylog_unhex(f[2], flen[2], secret))
		return 0;
	return keylog_insert(k, &key, secret, flen[2] / 2);
}

size_t
keylog_add_text(struct keylog *k, const char *text, size_t n)
{
	size_t pos = 0, added = 0;

	if (k == NULL || text == NULL)
		return 0;
	while (pos < n) {
		const char *nl = memchr(text + pos, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - (text + pos)) : n - pos;

		added += (size_t)keylog_add_line(k, text + pos, len);
		pos += len + (nl ? 1 : 0);
	}
	return added;
}

/* One past the last LF of BUF (N bytes), or 0 when it holds none. */
static size_t
keylog_lines_end(const char *buf, size_t n)
{
	while (n > 0 && buf[n - 1] != '\n')
		n--;
	return n;
}

/* PATH for reading: opened afresh (a key log a browser rewrote is read
 * anew), else, when pktop may no longer open it (root dropped, a
 * root-only directory), from the start of the descriptor held since the
 * first load. The first open is kept for that. */
static FILE *
keylog_open(struct keylog *k, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;
	FILE *f;

	if (fd >= 0 && k->held_fd < 0 && !k->held_path) {
		k->held_path = strdup(path);
		k->held_fd = k->held_path ? dup(fd) : -1;
		if (k->held_fd >= 0)
			fcntl(k->held_fd, F_SETFD, FD_CLOEXEC);
	}
	if (fd < 0 && k->held_fd >= 0 && k->held_path &&
	    strcmp(k->held_path, path) == 0 && (errno == EACCES ||
						errno == EPERM)) {
		fd = dup(k->held_fd);
		if (fd >= 0 && lseek(fd, 0, SEEK_SET) < 0) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "r");
	if (f == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

int
keylog_load_file(struct keylog *k, const char *path, char *err,
		 size_t errlen)
{
	char buf[KEYLOG_READ_CHUNK];
	size_t have = 0, got;
	bool overlong = false; /* dropping a line that did not fit */
	int rc = -1;
	FILE *f;

	f = keylog_open(k, path);
	if (f == NULL) {
		snprintf(err, errlen, _("cannot read '%s': %s"), path,
			 strerror(errno));
		return -1;
	}
	while ((got = fread(buf + have, 1, sizeof(buf) - have, f)) > 0) {
		size_t start = 0, end;

		have += got;
		end = keylog_lines_end(buf, have);
		if (end == 0) {
			if (have == sizeof(buf)) {
				have = 0;
				overlong = true;
			}
			continue;
		}
		if (overlong) {
			/* the tail of the long line runs to the first LF */
			start = (size_t)((const char *)memchr(buf, '\n', have) -
					 buf) + 1;
			overlong = false;
		}
		keylog_add_text(k, buf + start, end - start);
		memmove(buf, buf + end, have - end);
		have -= end;
	}
	if (ferror(f)) {
		snprintf(err, errlen, _("cannot read '%s': %s"), path,
			 strerror(errno));
		goto out;
	}
	/* the last line may have no LF */
	if (!overlong)
		keylog_add_text(k, buf, have);
	rc = 0;
out:
	fclose(f);
	return rc;
}

static uint32_t
keylog_u32(struct cursor *c, bool big_endian)
{
	return big_endian ? cursor_be32(c) : cursor_le32(c);
}

/* Move N bytes on: a seek where the file allows it, reads where it does
 * not (a pipe). False when the file ended or failed first. */
static bool
keylog_skip(FILE *f, size_t n)
{
	uint8_t scratch[4096];

	if (fseeko(f, (off_t)n, SEEK_CUR) == 0)
		return true;
	while (n > 0) {
		size_t step = n < sizeof(scratch) ? n : sizeof(scratch);

		if (fread(scratch, 1, step, f) != step)
			return false;
		n -= step;
	}
	return true;
}

/* The secrets of one DSB body (after the block type and length, before
 * the trailing length): -1 when it contradicts itself. */
static long
keylog_add_dsb(struct keylog *k, const uint8_t *body, size_t n,
	       bool big_endian)
{
	struct cursor c;
	uint32_t type, len;
	const uint8_t *data;

	cursor_init(&c, body, n);
	type = keylog_u32(&c, big_endian);
	len = keylog_u32(&c, big_endian);
	/* the padding and any options follow; only the data is ours */
	data = cursor_ptr(&c, len);
	if (data == NULL)
		return -1;
	if (type != KEYLOG_PCAPNG_TLSK)
		return 0; /* WireGuard or SSH keys: not for us */
	return (long)keylog_add_text(k, (const char *)data, len);
}

/* The walk itself, over F from its start; closes F. */
static long
keylog_walk_pcapng(struct keylog *k, FILE *f)
{
	bool big_endian = false, first = true;
	off_t size = -1; /* of a regular file; -1 for a pipe */
	uint8_t *body = NULL;
	long added = 0;
	struct stat st;

	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		size = st.st_size;
	for (;;) {
		uint8_t head[12], tail[4];
		struct cursor c;
		uint32_t type, total;
		size_t used = 8; /* bytes of the block read so far */
		size_t rest;
		bool shb;

		if (fread(head, 1, 8, f) != 8)
			break;
		shb = memcmp(head, "\x0a\x0d\x0d\x0a", 4) == 0;
		if (first && !shb)
			break; /* a classic pcap file, or not a capture */
		first = false;
		if (shb) {
			if (fread(head + 8, 1, 4, f) != 4)
				break;
			used = 12;
			/* each section says its own byte order */
			if (memcmp(head + 8, "\x1a\x2b\x3c\x4d", 4) == 0)
				big_endian = true;
			else if (memcmp(head + 8, "\x4d\x3c\x2b\x1a", 4) == 0)
				big_endian = false;
			else
				break;
		}
		cursor_init(&c, head, 8);
		type = keylog_u32(&c, big_endian);
		total = keylog_u32(&c, big_endian);
		if (total % 4 != 0 || total > KEYLOG_PCAPNG_BLOCK_MAX ||
		    total < (shb ? KEYLOG_PCAPNG_SHB_MIN : 12u))
			break;
		rest = total - used - 4u; /* up to the trailing length */
		if (type == KEYLOG_PCAPNG_DSB) {
			if (total < KEYLOG_PCAPNG_DSB_MIN)
				break;
			/* a few bytes claiming a block of 64 MiB cost no
			 * allocation when the file is too short for it */
			if (size >= 0 && (off_t)rest + 4 > size - ftello(f))
				break;
			/* read whole, and nothing used before the trailing
			 * length agrees */
			body = malloc(rest);
			if (body == NULL || fread(body, 1, rest, f) != rest)
				break;
		} else if (!keylog_skip(f, rest)) {
			break;
		}
		if (fread(tail, 1, 4, f) != 4)
			break;
		cursor_init(&c, tail, 4);
		if (keylog_u32(&c, big_endian) != total)
			break;
		if (body != NULL) {
			long got = keylog_add_dsb(k, body, rest, big_endian);

			free(body);
			body = NULL;
			if (got < 0)
				break;
			added += got;
		}
	}
	free(body);
	fclose(f);
	return added;
}

/* Open PATH if it is a regular file: -2 when it is not (a pipe, a FIFO:
 * read once, and libpcap's), -1 with a message when it cannot be read. */
static int
keylog_open_capture(const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	/* a pipe or a FIFO could be read only once, and its packets are
	 * libpcap's: only a regular file is walked (open would even block
	 * on a FIFO with no writer yet) */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return -2;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot read '%s': %s"), path,
			 strerror(errno));
		return -1;
	}
	return fd;
}

long
keylog_load_pcapng(struct keylog *k, const char *path, char *err,
		   size_t errlen)
{
	int fd = keylog_open_capture(path, err, errlen);
	FILE *f;

	if (fd < 0)
		return fd == -2 ? 0 : -1;
	f = fdopen(fd, "rb");
	if (f == NULL) {
		close(fd);
		snprintf(err, errlen, _("cannot read '%s': %s"), path,
			 strerror(errno));
		return -1;
	}
	return keylog_walk_pcapng(k, f);
}

int
keylog_defer_pcapng(struct keylog *k, const char *path, char *err,
		    size_t errlen)
{
	int fd = keylog_open_capture(path, err, errlen);

	if (fd == -2)
		return 0;
	if (fd < 0)
		return -1;
	if (k->pending_fd >= 0)
		close(k->pending_fd);
	k->pending_fd = fd;
	return 0;
}

long
keylog_load_pending(struct keylog *k)
{
	FILE *f;
	int fd;

	if (k == NULL || k->pending_fd < 0)
		return 0;
	fd = k->pending_fd;
	k->pending_fd = -1;
	f = fdopen(fd, "rb");
	if (f == NULL) {
		close(fd);
		return 0;
	}
	return keylog_walk_pcapng(k, f);
}

const uint8_t *
keylog_find(const struct keylog *k, enum keylog_label label,
	    const uint8_t random[32], size_t *len)
{
	struct keylog_entry *e;
	struct keylog_key key;

	if (k == NULL || random == NULL || (unsigned)label >= KEYLOG_LABELS)
		return NULL;
	/* the capture's own secrets, walked the first time one is wanted
	 * (a lookup that fills the table it reads: the table is the same
	 * to every caller, so it stays a lookup to them) */
	if (k->pending_fd >= 0)
		(void)keylog_load_pending((struct keylog *)(uintptr_t)k);
	memset(&key, 0, sizeof(key));
	key.label = (uint8_t)label;
	memcpy(key.random, random, sizeof(key.random));
	HASH_FIND(hh, k->hash, &key, sizeof(key), e);
	if (e == NULL)
		return NULL;
	if (len != NULL)
		*len = e->len;
	return e->secret;
}
