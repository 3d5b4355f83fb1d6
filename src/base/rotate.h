/*
 * rotate: tcpdump's file rotation rules, shared by -w (base/pcap_writer.h)
 * and --flow-log (output/flow_export.h). -C names FILE, FILE1, FILE2...
 * (with -W: FILE0..FILE<W-1>, zero-padded, reused in turn); -G expands
 * strftime conversions in FILE and starts a new file every S seconds of
 * the records' own time; -W with -G alone keeps the newest W files and
 * removes older ones. Only the names and the decisions live here: the
 * writer opens, fills and closes its files itself.
 */
#ifndef PKTOP_ROTATE_H
#define PKTOP_ROTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct rotate {
	char *pattern;        /* FILE; strftime conversions with -G */
	uint64_t bytes;       /* -C; 0: no size rotation */
	unsigned secs;        /* -G; 0: no time rotation */
	unsigned keep;        /* -W; 0: keep every file */
	unsigned index;       /* -C: files in this -G period */
	bool have_period;
	int64_t period_end;   /* -G: record time of the next file */
	char **kept;          /* -G -W: the newest names, oldest first */
	unsigned nkept;
};

/* What the next record means for the file being written. */
enum rotate_step {
	ROTATE_STAY,   /* into the current file */
	ROTATE_FIRST,  /* the first record with -G: its time may rename the
			* still empty first file (rotate_rename_first) */
	ROTATE_NEXT,   /* -C: a new file in this period */
	ROTATE_PERIOD, /* -G: a new period begins */
};

/* 0, or -1 when out of memory. */
int rotate_init(struct rotate *r, const char *pattern, uint64_t bytes,
		unsigned secs, unsigned keep);
void rotate_free(struct rotate *r);

/* The name of the current file for a record at WHEN (-G); -1 when it
 * does not fit in SIZE. */
int rotate_name(const struct rotate *r, time_t when, char *out, size_t size);

/* A record at WHEN of ADD bytes, the file holding USED bytes of which
 * EMPTY are its own header: stay, or where the next file begins. A file
 * never passes -C unless one record alone does. */
enum rotate_step rotate_step(struct rotate *r, int64_t when, uint64_t used,
			     uint64_t add, uint64_t empty);

/* After ROTATE_NEXT or ROTATE_PERIOD, before naming the new file. */
void rotate_advance(struct rotate *r, enum rotate_step step);

/* A file named NAME was opened: with -G -W remember it among the newest
 * W and remove (outfile_unlink) the one that falls out. */
void rotate_opened(struct rotate *r, const char *name);

/* ROTATE_FIRST: the empty first file, named by the wall clock before any
 * record, should be NAME'd by the first record's time instead. True when
 * the name changes; CUR is then forgotten (the caller removes it). */
bool rotate_rename_first(struct rotate *r, const char *cur, time_t when,
			 char *name, size_t size);

#endif
