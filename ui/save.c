/*
 * save: marks, `w` and `e` (see save.h). The pcap file is written in one
 * go from the packet store on the UI thread by inspect_save; the capture
 * thread is never waited for beyond a brief lock per packet.
 */
#include "config.h"

#include "save.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "inspect/inspect.h"
#include "output/report.h"

static size_t
save_find(const struct save_marks *mk, uint64_t seq, bool *found)
{
	size_t lo = 0, hi = mk->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mk->seq[mid] < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < mk->n && mk->seq[lo] == seq;
	return lo;
}

bool
save_mark_toggle(struct save_marks *mk, uint64_t seq)
{
	bool found;
	size_t at = save_find(mk, seq, &found);

	if (found) {
		memmove(mk->seq + at, mk->seq + at + 1,
			(mk->n - at - 1) * sizeof(uint64_t));
		mk->n--;
		if (mk->unsaved > mk->n)
			mk->unsaved = mk->n;
		return false;
	}
	if (mk->n == mk->cap) {
		size_t cap = mk->cap ? mk->cap * 2 : 64;
		uint64_t *grown = realloc(mk->seq, cap * sizeof(*grown));

		if (grown == NULL)
			return false;
		mk->seq = grown;
		mk->cap = cap;
	}
	memmove(mk->seq + at + 1, mk->seq + at,
		(mk->n - at) * sizeof(uint64_t));
	mk->seq[at] = seq;
	mk->n++;
	mk->unsaved++;
	return true;
}

bool
save_is_marked(const struct save_marks *mk, uint64_t seq)
{
	bool found;

	if (mk == NULL || mk->n == 0)
		return false;
	save_find(mk, seq, &found);
	return found;
}

void
save_marks_free(struct save_marks *mk)
{
	free(mk->seq);
	memset(mk, 0, sizeof(*mk));
}

int
save_packets(struct inspect *in, const struct save_scope *scope,
	     const char *path, size_t *written, size_t *skipped, char *err,
	     size_t errlen)
{
	struct inspect_scope sc;
	const uint64_t *seqs = NULL;
	size_t n = 0;

	memset(&sc, 0, sizeof(sc));
	switch (scope->kind) {
	case SAVE_MARKED:
		seqs = scope->marks->seq;
		n = scope->marks->n;
		break;
	case SAVE_LIST:
		seqs = scope->list->seqs;
		n = scope->list->n;
		break;
	case SAVE_CONNECTION:
		sc.conn_id = scope->conn_id;
		break;
	case SAVE_HOST:
		sc.by_host = true;
		sc.host = scope->host;
		break;
	}
	/* an empty list (or no marks) writes an empty capture */
	if (seqs == NULL && (scope->kind == SAVE_MARKED ||
			     scope->kind == SAVE_LIST))
		seqs = &(const uint64_t){ 0 };
	if (inspect_save(in, seqs, n, &sc, path, written, skipped, err,
			 errlen) < 0)
		return -1;
	if (scope->kind == SAVE_MARKED)
		scope->marks->unsaved = 0;
	return 0;
}

int
save_export(struct model *m, enum ui_view_id view, const char *path,
	    char *err, size_t errlen)
{
	enum report_table which = view == UI_VIEW_HOSTS	? REPORT_HOSTS
				  : view == UI_VIEW_CONNS ? REPORT_CONNECTIONS
				  : view == UI_VIEW_PROCS ? REPORT_PROCESSES
							  : REPORT_PROTOCOLS;

	return report_export_table(m, which, path, err, errlen);
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
