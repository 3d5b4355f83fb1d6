/*
 * infile: the one wording of what went wrong with an input capture, so
 * --batch, the UI, -V, --fields and --follow say the same thing about the
 * same file (pktop(8) EXIT STATUS): why it cannot be read at all (a
 * directory, an empty file, not a capture), and where a cut one stopped.
 */
#ifndef PKTOP_INFILE_H
#define PKTOP_INFILE_H

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

#endif
