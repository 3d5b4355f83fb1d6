/*
 * infile: the one wording of what went wrong with an input capture, so
 * --batch, the UI, -V, --fields and --follow say the same thing about the
 * same file (pktop(8) EXIT STATUS): why it cannot be read at all (a
 * directory, an empty file, not a capture), and where a cut one stopped.
 */
#ifndef PKTOP_INFILE_H
#define PKTOP_INFILE_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stddef.h>

/* "cannot read 'NAME': why" for a capture that did not open; PCAP_ERR is
 * libpcap's text (or NULL), the file is looked at for the rest. NAME is
 * escaped here. */
void infile_open_error(const char *name, const char *pcap_err, char *err,
		       size_t errlen);
/* "reading 'NAME' stopped: WHY" for a capture that ends in an error
 * after its start (a cut record, a bad length). */
void infile_stop_error(const char *name, const char *why, char *err,
		       size_t errlen);

/* Open the capture file NAME to read (timestamps in nanoseconds when
 * NANO) with FILTER (NULL for none) compiled into *PROG for
 * pcap_offline_filter, *HAVE_PROG true then (the caller frees it with
 * pcap_freecode). NULL with the open error above, or "bad filter 'F':
 * why", in ERR. */
pcap_t *infile_open(const char *name, bool nano, const char *filter,
		    struct bpf_program *prog, bool *have_prog, char *err,
		    size_t errlen);

#endif
