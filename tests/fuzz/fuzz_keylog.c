/*
 * fuzz_keylog: one input read both ways src/keylog.c reads a key log:
 * as the text of an SSLKEYLOGFILE, and as a pcapng file whose
 * Decryption Secrets Blocks carry one (through a memfd, since the pcapng
 * reader takes a path). The table is small so the full-table path runs
 * too; whatever the bytes, the counts add up and no secret is longer
 * than KEYLOG_SECRET_MAX.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "decode/keylog.h"

#define FUZZ_KEYLOG_MAX 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every label for the client random at the start of DATA (zeros when
 * it is shorter): whatever is found is within bounds. */
static void
fuzz_keylog_check(const struct keylog *k, const uint8_t *data, size_t size)
{
	uint8_t random[32] = { 0 };
	int label;

	memcpy(random, data, size < sizeof(random) ? size : sizeof(random));
	for (label = 0; label < KEYLOG_LABELS; label++) {
		const uint8_t *s;
		size_t len = 0;

		s = keylog_find(k, (enum keylog_label)label, random, &len);
		if (s != NULL && (len == 0 || len > KEYLOG_SECRET_MAX))
			abort();
	}
	if (keylog_count(k) > FUZZ_KEYLOG_MAX)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -2;
	struct keylog *k;
	char path[64], err[256];
	size_t added;
	long got;

	k = keylog_new_limited(FUZZ_KEYLOG_MAX);
	if (k == NULL)
		return 0;
	added = keylog_add_text(k, (const char *)data, size);
	if (added != keylog_count(k))
		abort();
	fuzz_keylog_check(k, data, size);

	if (fd == -2)
		fd = memfd_create("fuzz_keylog", 0);
	if (fd < 0 || ftruncate(fd, 0) != 0 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		goto out;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	got = keylog_load_pcapng(k, path, err, sizeof(err));
	if (got < 0 || (size_t)got + added != keylog_count(k))
		abort();
	fuzz_keylog_check(k, data, size);
out:
	keylog_free(k);
	return 0;
}
