/*
 * pcap_writer: -w FILE with tcpdump's rotation (-C size, -G seconds, -W
 * files kept, -z command on each finished file, -U flush per packet). The
 * capture thread only copies each packet into one half of a double buffer
 * and never waits for the disk; a writer thread of its own turns full
 * halves into files. When the disk falls behind and both halves are full,
 * packets are counted as lost, never silently dropped.
 */
#ifndef PKTOP_PCAP_WRITER_H
#define PKTOP_PCAP_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/time.h>

struct pcap_writer;

struct pcap_writer_config {
	const char *pattern;     /* -w FILE; strftime conversions with -G */
	int linktype;            /* DLT_ value written in each file header */
	unsigned snaplen;
	uint64_t rotate_bytes;   /* -C in bytes; 0: no size rotation */
	unsigned rotate_secs;    /* -G; 0: no time rotation */
	unsigned keep_files;     /* -W; 0: keep every file */
	const char *post_cmd;    /* -z; NULL: none */
	bool flush_each;         /* -U: to the file as soon as possible */
	size_t buffer_bytes;     /* each half; 0: PCAP_WRITER_BUFFER */
};

#define PCAP_WRITER_BUFFER (8u << 20)

#define PCAP_WRITER_NAME 512

struct pcap_writer_stats {
	uint64_t packets, bytes; /* written to files */
	uint64_t lost;           /* not written: disk behind, or write errors */
	unsigned files;          /* files opened so far */
	char file[PCAP_WRITER_NAME];  /* the file being written */
	char error[PCAP_WRITER_NAME]; /* the last write error, "" for none */
};

/* Open the first file and start the writer thread. NULL with one line in
 * ERR when the file cannot be created (nothing is left behind). */
struct pcap_writer *pcap_writer_open(const struct pcap_writer_config *cfg,
				     char *err, size_t errlen);

/* Capture thread: queue one packet (H->caplen bytes of DATA). Never
 * blocks on the disk; counts the packet as lost when there is no room. */
void pcap_writer_put(struct pcap_writer *w, const struct timeval *ts,
		     uint32_t caplen, uint32_t len, const uint8_t *data);

void pcap_writer_get_stats(struct pcap_writer *w, struct pcap_writer_stats *st);

/* Write what is queued, close the last file (and run -z on it), stop the
 * thread; the final counters into FINAL when not NULL. Safe with NULL. */
void pcap_writer_close(struct pcap_writer *w, struct pcap_writer_stats *final);
/* Before root is dropped (src/privdrop.h): the file being written
 * becomes UID's, so that user can reopen it in a -W ring. 0 or -1
 * (errno). */
int pcap_writer_chown(struct pcap_writer *w, uid_t uid, gid_t gid);

/* The classic pcap format (microsecond timestamps, this machine's byte
 * order), for a file written in one go (saving from the UI): the 24-byte
 * file header and each packet's 16-byte record header. */
#define PCAP_FILE_HEADER 24
#define PCAP_RECORD_HEADER 16
void pcap_file_header(uint8_t out[PCAP_FILE_HEADER], int linktype,
		      unsigned snaplen);
void pcap_file_record(uint8_t out[PCAP_RECORD_HEADER], uint32_t sec,
		      uint32_t usec, uint32_t caplen, uint32_t len);

/* -C's argument: millions of bytes as tcpdump counts them, or with a k, m
 * or g suffix KiB, MiB or GiB; 0 and -1 on a bad value. */
int pcap_writer_parse_size(const char *s, uint64_t *bytes);

#endif
