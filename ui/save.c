/*
 * save: marks, `w` and `e` (see save.h). The pcap file is written in one
 * go from the packet store on the UI thread; the capture thread is never
 * waited for beyond model_packet_get's brief lock per packet.
 */
#include "config.h"

#include "save.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "decode/decode.h"
#include "base/i18n.h"
#include "base/pcap_writer.h"
#include "output/report.h"
#include "view.h"

/* Marked sequence numbers, ascending. */
static struct {
	uint64_t *seq;
	size_t n, cap;
	size_t unsaved;
} save_marked;

static size_t
save_find(uint64_t seq, bool *found)
{
	size_t lo = 0, hi = save_marked.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (save_marked.seq[mid] < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < save_marked.n && save_marked.seq[lo] == seq;
	return lo;
}

bool
save_mark_toggle(uint64_t seq)
{
	bool found;
	size_t at = save_find(seq, &found);

	if (found) {
		memmove(save_marked.seq + at, save_marked.seq + at + 1,
			(save_marked.n - at - 1) * sizeof(uint64_t));
		save_marked.n--;
		if (save_marked.unsaved > save_marked.n)
			save_marked.unsaved = save_marked.n;
		return false;
	}
	if (save_marked.n == save_marked.cap) {
		size_t cap = save_marked.cap ? save_marked.cap * 2 : 64;
		uint64_t *grown = realloc(save_marked.seq, cap * sizeof(*grown));

		if (grown == NULL)
			return false;
		save_marked.seq = grown;
		save_marked.cap = cap;
	}
	memmove(save_marked.seq + at + 1, save_marked.seq + at,
		(save_marked.n - at) * sizeof(uint64_t));
	save_marked.seq[at] = seq;
	save_marked.n++;
	save_marked.unsaved++;
	return true;
}

bool
save_is_marked(uint64_t seq)
{
	bool found;

	if (save_marked.n == 0)
		return false;
	save_find(seq, &found);
	return found;
}

size_t
save_marks(void)
{
	return save_marked.n;
}

size_t
save_marks_unsaved(void)
{
	return save_marked.unsaved;
}

void
save_marks_free(void)
{
	free(save_marked.seq);
	memset(&save_marked, 0, sizeof(save_marked));
}

/* ---- which stored packets ---- */

static bool
save_keep(const struct model_packet *hdr, const uint8_t *data, void *arg)
{
	const struct save_scope *sc = arg;
	struct decode_summary s;

	decode_summary(hdr->linktype, data, hdr->caplen, hdr->len, &s);
	if (!s.ip_version)
		return false;
	if (sc->kind == SAVE_HOST)
		return addr_equal(&s.src, &sc->host) ||
		       addr_equal(&s.dst, &sc->host);
	if (s.l4 != sc->conn.l4)
		return false;
	return (addr_equal(&s.src, &sc->conn.a) &&
		addr_equal(&s.dst, &sc->conn.b) &&
		s.sport == sc->conn.a_port && s.dport == sc->conn.b_port) ||
	       (addr_equal(&s.src, &sc->conn.b) &&
		addr_equal(&s.dst, &sc->conn.a) &&
		s.sport == sc->conn.b_port && s.dport == sc->conn.a_port);
}

/* The next batch of sequence numbers in scope after *FROM. */
static size_t
save_next(struct model *m, struct save_scope *sc, uint64_t *from,
	  size_t *index, uint64_t *out, size_t max)
{
	size_t n = 0;

	switch (sc->kind) {
	case SAVE_MARKED:
		while (*index < save_marked.n && n < max)
			out[n++] = save_marked.seq[(*index)++];
		return n;
	case SAVE_LIST:
		while (n < max && view_packets_seq_at(*index))
			out[n++] = view_packets_seq_at((*index)++);
		return n;
	default:
		n = model_packet_seqs(m, *from, save_keep, sc, out, max);
		if (n)
			*from = out[n - 1] + 1;
		return n;
	}
}

int
save_packets(struct model *m, const struct save_scope *scope,
	     const char *path, size_t *written, size_t *skipped, char *err,
	     size_t errlen)
{
	enum { BATCH = 1024 };
	static uint8_t frame[262144];
	uint64_t seqs[BATCH], from = 0;
	uint8_t hdr[PCAP_FILE_HEADER], rec[PCAP_RECORD_HEADER];
	struct save_scope sc = *scope;
	struct model_packet p;
	size_t index = 0, n, i;
	int linktype = -1, fd;
	FILE *f;

	*written = *skipped = 0;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot save to '%s': %s"), path,
			 errno == EEXIST ? _("the file exists (pick another "
					     "name)")
					 : strerror(errno));
		return -1;
	}
	f = fdopen(fd, "wb");
	if (f == NULL) {
		close(fd);
		goto io_error;
	}
	while ((n = save_next(m, &sc, &from, &index, seqs, BATCH)) > 0) {
		for (i = 0; i < n; i++) {
			uint32_t sec, usec;

			if (model_packet_get(m, seqs[i], &p, frame,
					     sizeof(frame)) < 0)
				continue; /* gone from the store meanwhile */
			if (linktype < 0) {
				linktype = p.linktype;
				pcap_file_header(hdr, linktype, sizeof(frame));
				fwrite(hdr, sizeof(hdr), 1, f);
			} else if (p.linktype != linktype) {
				(*skipped)++;
				continue;
			}
			sec = (uint32_t)p.ts;
			usec = (uint32_t)((p.ts - sec) * 1e6 + 0.5);
			if (usec >= 1000000) {
				sec++;
				usec -= 1000000;
			}
			pcap_file_record(rec, sec, usec, p.caplen, p.len);
			fwrite(rec, sizeof(rec), 1, f);
			fwrite(frame, p.caplen, 1, f);
			(*written)++;
		}
	}
	if (linktype < 0) {
		/* nothing to save: an empty capture still opens */
		pcap_file_header(hdr, 1, sizeof(frame));
		fwrite(hdr, sizeof(hdr), 1, f);
	}
	if (fclose(f) != 0)
		goto io_error;
	if (scope->kind == SAVE_MARKED)
		save_marked.unsaved = 0;
	return 0;
io_error:
	snprintf(err, errlen, _("cannot save to '%s': %s"), path,
		 strerror(errno));
	unlink(path);
	return -1;
}

int
save_export(struct model *m, enum ui_view_id view, const char *path,
	    char *err, size_t errlen)
{
	enum report_table which = view == UI_VIEW_HOSTS	? REPORT_HOSTS
				  : view == UI_VIEW_CONNS ? REPORT_CONNECTIONS
							  : REPORT_PROTOCOLS;
	size_t n = strlen(path);
	bool json = n > 5 && strcmp(path + n - 5, ".json") == 0;
	FILE *f;
	int fd, rc;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, _("cannot export to '%s': %s"), path,
			 errno == EEXIST ? _("the file exists (pick another "
					     "name)")
					 : strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	rc = json ? report_json_table(f, m, which, err, errlen)
		  : report_csv_table(f, m, which, err, errlen);
	if (fclose(f) != 0 && rc == 0) {
		snprintf(err, errlen, _("cannot export to '%s': %s"), path,
			 strerror(errno));
		rc = -1;
	}
	if (rc < 0)
		unlink(path);
	return rc;
}

void
save_default_name(const char *what, const char *ext, char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32] = "now";

	if (localtime_r(&now, &tm))
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(out, size, "pktop-%s-%s.%s", what, stamp, ext);
}
