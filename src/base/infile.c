/*
 * infile: input capture messages (see infile.h). The file is looked at
 * with stat() only to choose the words; nothing is read here.
 */
#include "config.h"

#include "base/infile.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/escape.h"
#include "base/i18n.h"

#define INFILE_SHOWN_MAX 1024

void
infile_open_error(const char *name, const char *pcap_err, char *err,
		  size_t errlen)
{
	char shown[INFILE_SHOWN_MAX], why[512];
	struct stat st;
	const char *e = pcap_err ? pcap_err : "";

	escape_text(name, strlen(name), shown, sizeof(shown));
	escape_text(e, strlen(e), why, sizeof(why));
	if (strcmp(name, "-") != 0 && stat(name, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		snprintf(err, errlen,
			 _("cannot read '%s': it is a directory, not a capture "
			   "file"),
			 shown);
	else if (strcmp(name, "-") != 0 && stat(name, &st) == 0 &&
		 S_ISREG(st.st_mode) && st.st_size == 0)
		snprintf(err, errlen,
			 _("cannot read '%s': the file is empty, not a "
			   "pcap or pcapng capture"),
			 shown);
	else if (strstr(e, "file header bytes, only got 0"))
		snprintf(err, errlen,
			 _("cannot read '%s': the input is empty, not a "
			   "pcap or pcapng capture"),
			 shown);
	else if (strstr(e, "unknown file format") ||
		 strstr(e, "truncated dump file") ||
		 strstr(e, "bad dump file format"))
		snprintf(err, errlen,
			 _("cannot read '%s': not a pcap or pcapng "
			   "capture (%s)"),
			 shown, why);
	else
		snprintf(err, errlen, _("cannot read '%s': %s"), shown, why);
}

void
infile_stop_error(const char *name, const char *why, char *err,
		  size_t errlen)
{
	char shown[INFILE_SHOWN_MAX], w[512];

	escape_text(name, strlen(name), shown, sizeof(shown));
	escape_text(why, strlen(why), w, sizeof(w));
	snprintf(err, errlen, _("reading '%s' stopped: %s"), shown, w);
}

pcap_t *
infile_open(const char *name, bool nano, const char *filter,
	    struct bpf_program *prog, bool *have_prog, char *err,
	    size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = pcap_open_offline_with_tstamp_precision(
		name,
		nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO,
		ebuf);

	*have_prog = false;
	if (p == NULL) {
		infile_open_error(name, ebuf, err, errlen);
		return NULL;
	}
	if (filter == NULL)
		return p;
	if (pcap_compile(p, prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, errlen, _("bad filter '%s': %s"), filter,
			 pcap_geterr(p));
		pcap_close(p);
		return NULL;
	}
	*have_prog = true;
	return p;
}
