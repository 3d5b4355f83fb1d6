/*
 * view_health: a TCP connection's health as a few lines of text, for the
 * panel under the Packets view when it is scoped to the connection
 * (Enter on a row of Connections): per direction, what tshark's sequence
 * analysis counted and the round trips (model/connhealth.h says what
 * each figure means). The last line is the kernel's own view of the
 * socket (tcp_info, for local sockets), labelled so.
 */
#include "config.h"

#include "view.h"

#include <inttypes.h>
#include <stdio.h>

#include "format.h"
#include "base/i18n.h"

void
view_format_rtt(double seconds, char *buf, size_t size)
{
	if (seconds < 0)
		snprintf(buf, size, "-");
	else if (seconds < 0.1)
		snprintf(buf, size, "%.2f", seconds * 1e3);
	else
		snprintf(buf, size, "%.1f", seconds * 1e3);
}

/* "12.3±1.2" ms, or "-" */
static void
view_health_srtt(const struct model_tcp_dir *d, char *buf, size_t size)
{
	char a[32], b[32];

	if (d->srtt < 0) {
		snprintf(buf, size, "-");
		return;
	}
	view_format_rtt(d->srtt, a, sizeof(a));
	view_format_rtt(d->rttvar, b, sizeof(b));
	snprintf(buf, size, "%s+-%s", a, b);
}

/* The kernel's own view of the local socket (tcp_info by sock_diag,
 * read about once a second by the process lookup thread): what the
 * sending side's stack measured, beside the passive figures above. The
 * most telling figures first, so a narrow terminal cuts the least. */
static void
view_health_kernel(const struct ui_ctx *c, const struct model_conn_row *r,
		   char *buf, size_t size)
{
	const struct model_kernel_tcp *k = &r->kernel;
	char srtt[32], var[32], pace[32], deliv[32];

	if (!r->has_kernel) {
		snprintf(buf, size, "%s",
			 _("kernel: no local socket seen (passive figures "
			   "only)"));
		return;
	}
	view_format_rtt(k->srtt_us / 1e6, srtt, sizeof(srtt));
	view_format_rtt(k->rttvar_us / 1e6, var, sizeof(var));
	format_rate((double)k->pacing_rate, c->s->bits, true, pace,
		    sizeof(pace));
	format_rate((double)k->delivery_rate, c->s->bits, true, deliv,
		    sizeof(deliv));
	snprintf(buf, size,
		 _("kernel: sRTT %s+-%s ms  retr %" PRIu32 " (total %" PRIu32
		   ")  cwnd %" PRIu32 "  pacing %s  delivery %s  "
		   "rwnd-limited %.1fs  sndbuf-limited %.1fs"),
		 srtt, var, k->retransmits, k->total_retrans, k->snd_cwnd,
		 pace, deliv, k->rwnd_limited_us / 1e6,
		 k->sndbuf_limited_us / 1e6);
}

bool
view_health_line(const struct ui_ctx *c, const struct model_conn_row *r,
		 int i, char *buf, size_t size)
{
	const struct model_tcp_health *t = &r->tcp;
	const struct model_tcp_dir *d;
	char x[80], y[32], z[32], mark[8];

	if (t->quic) {
		/* QUIC: its ACKs are encrypted; the handshake alone is
		 * timed, from the long headers */
		if (i == 0) {
			view_format_rtt(t->rtt, x, sizeof(x));
			view_format_rtt(t->hs_client, y, sizeof(y));
			view_format_rtt(t->hs_server, z, sizeof(z));
			snprintf(buf, size,
				 _("QUIC handshake RTT %s ms: client %s + "
				   "server %s ms"),
				 x, y, z);
			return true;
		}
		if (i == 1) {
			snprintf(buf, size, "%s",
				 _("(Initial -> Handshake from the clear "
				   "headers; later packets are encrypted)"));
			return true;
		}
		return false;
	}
	switch (i) {
	case 0:
		view_format_rtt(t->rtt, x, sizeof(x));
		view_format_rtt(t->hs_client, y, sizeof(y));
		view_format_rtt(t->hs_server, z, sizeof(z));
		if (t->retr_pct >= 0)
			snprintf(mark, sizeof(mark), "%.1f", t->retr_pct);
		else
			snprintf(mark, sizeof(mark), "-");
		snprintf(buf, size,
			 _("TCP RTT %s ms  handshake: client %s + server %s "
			   "ms  Retr %s%%"),
			 x, y, z, mark);
		return true;
	case 1:
	case 3:
		d = &t->d[i == 1 ? 0 : 1];
		view_health_srtt(d, x, sizeof(x));
		snprintf(buf, size,
			 _("%s sRTT %s ms  data %" PRIu64 " retr %" PRIu64
			   " fast %" PRIu64 " spurious %" PRIu64
			   " ooo %" PRIu64 " lost %" PRIu64),
			 i == 1 ? "A>B" : "B>A", x, d->data_segs, d->retrans,
			 d->fast, d->spurious, d->out_of_order, d->lost);
		return true;
	case 2:
	case 4:
		d = &t->d[i == 2 ? 0 : 1];
		snprintf(buf, size,
			 _("    dupACK %" PRIu64 " zerowin %" PRIu64
			   " %.1fs%s winfull %" PRIu64
			   " keepalive %" PRIu64 " RST %" PRIu64
			   " unseen %" PRIu64),
			 d->dup_acks, d->zero_windows, d->zero_window_s,
			 d->zero_window_now ? _(" now") : "", d->window_full,
			 d->keep_alives, d->resets, d->ack_unseen);
		return true;
	case 5:
		view_health_kernel(c, r, buf, size);
		return true;
	default:
		return false;
	}
}
