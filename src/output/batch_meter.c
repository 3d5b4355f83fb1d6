/*
 * batch_meter: the progress line of --batch (see batch_meter.h).
 */
#include "config.h"

#include "output/batch_meter.h"

#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/i18n.h"

#define BATCH_METER_PERIOD 0.25

void
batch_meter_init(struct batch_meter *b, FILE *out, bool live)
{
	memset(b, 0, sizeof(*b));
	if (!live && out && isatty(fileno(out)))
		b->out = out;
}

/* The terminal's width, so the line never wraps (a wrapped line cannot
 * be rubbed out with one carriage return). */
static size_t
batch_meter_width(FILE *out)
{
	struct winsize ws;

	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ws.ws_col - 1;
	return 79;
}

void
batch_meter_tick(struct batch_meter *b, struct model *m, double now)
{
	struct model_totals t;
	char text[200], line[256];
	size_t w;

	if (!b->out || now < b->next)
		return;
	b->next = now + BATCH_METER_PERIOD;
	model_get_totals(m, &t);
	load_progress_update(&b->p, &t, now);
	load_progress_text(&b->p, &t, text, sizeof(text));
	snprintf(line, sizeof(line), "pktop: %s %s", _("reading"), text);
	w = batch_meter_width(b->out);
	/* a translated line may hold wide or multi-byte characters */
	line[escape_cells_fit(line, w, &w)] = '\0';
	/* CR, the line, then erase what a longer line left behind */
	fprintf(b->out, "\r%s\033[K", line);
	fflush(b->out);
	b->drawn = true;
}

void
batch_meter_end(struct batch_meter *b)
{
	if (!b->drawn)
		return;
	fputs("\r\033[K", b->out);
	fflush(b->out);
	b->drawn = false;
}
