/*
 * keylog: TLS 1.3 secrets from an NSS key log (the SSLKEYLOGFILE format),
 * read from a text file or from the Decryption Secrets Blocks of a pcapng
 * file, so the drill-down can open QUIC Handshake and 1-RTT packets. Tree
 * path only: loaded once before the capture is read, then looked up.
 */
#ifndef PKTOP_KEYLOG_H
#define PKTOP_KEYLOG_H

#include <stddef.h>
#include <stdint.h>

/* The labels kept; any other label in a key log (CLIENT_RANDOM for TLS
 * 1.2, EXPORTER_SECRET, ...) is ignored. */
enum keylog_label {
	KEYLOG_CLIENT_HANDSHAKE_TRAFFIC_SECRET,
	KEYLOG_SERVER_HANDSHAKE_TRAFFIC_SECRET,
	KEYLOG_CLIENT_TRAFFIC_SECRET_0,
	KEYLOG_SERVER_TRAFFIC_SECRET_0,
	KEYLOG_CLIENT_EARLY_TRAFFIC_SECRET,
	KEYLOG_LABELS
};

/* The longest secret kept, in bytes (SHA-384's 48 fits); longer ones are
 * skipped. */
#define KEYLOG_SECRET_MAX 64

/* How many secrets a table holds at most (five per TLS 1.3 connection):
 * about 180 MiB when full. Secrets past it are refused and counted. */
#define KEYLOG_MAX_SECRETS ((size_t)1 << 20)

struct keylog;

/* An empty table holding at most KEYLOG_MAX_SECRETS; NULL on out of
 * memory. */
struct keylog *keylog_new(void);
/* The same with another limit (tests; 0 is taken as 1). */
struct keylog *keylog_new_limited(size_t max);
/* NULL is fine. */
void keylog_free(struct keylog *k);

/* Add the lines of N bytes of key log text: "LABEL <64 hex digits of
 * client random> <hex secret>", '#' comments, LF or CRLF line ends.
 * Unknown labels are ignored and malformed lines skipped; a secret
 * already held for the same label and client random keeps its first
 * value. Returns how many secrets were added. */
size_t keylog_add_text(struct keylog *k, const char *text, size_t n);

/* Read a key log text file. 0 on success, -1 with a message naming the
 * file in ERR. */
int keylog_load_file(struct keylog *k, const char *path, char *err,
		     size_t errlen);

/* Walk a pcapng file's blocks and add the TLS key log secrets of its
 * Decryption Secrets Blocks. Returns how many secrets were added (0 for
 * a classic pcap file, or a pcapng without them), -1 with a message in
 * ERR when the file cannot be opened. A malformed block ends the walk
 * quietly: the capture itself is read by libpcap, which reports its own
 * errors. Anything but a regular file (stdin, a pipe, a FIFO) gives 0. */
long keylog_load_pcapng(struct keylog *k, const char *path, char *err,
			size_t errlen);

/* The same walk, later: PATH is opened now (while it still can be, before
 * privileges go) and walked the first time keylog_find looks for a
 * secret, so a large pcapng does not hold the first frame back. 0 (also
 * for anything but a regular file), -1 with a message in ERR when it
 * cannot be opened. */
int keylog_defer_pcapng(struct keylog *k, const char *path, char *err,
			size_t errlen);
/* Walk the deferred file now (once); how many secrets it added. */
long keylog_load_pending(struct keylog *k);

/* The secret for LABEL and the 32-byte client random, or NULL; *LEN is
 * set to its length when found. The pointer lives as long as K. */
const uint8_t *keylog_find(const struct keylog *k, enum keylog_label label,
			   const uint8_t random[32], size_t *len);

/* How many secrets are held. */
size_t keylog_count(const struct keylog *k);
/* How many well-formed secrets were refused because the table was full
 * (or memory ran out): when not 0, tell the user some packets stay
 * closed. */
size_t keylog_dropped(const struct keylog *k);

#endif
