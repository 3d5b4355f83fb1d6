/*
 * state: the user's choices and the commands on them. Nothing here draws
 * or talks to the model; screen.c acts on the returned ui_action.
 */
#include "config.h"

#include "state.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "keymap.h"
#include "save.h"

void
ui_state_init(struct ui_state *s, const unsigned nsorts[UI_VIEW_COUNT])
{
	int v;

	memset(s, 0, sizeof(*s));
	s->view = UI_VIEW_HOSTS;
	s->resolve = true;
	s->port_names = true;
	s->delay = 1.0;
	s->bits = true;
	/* Wireshark's default: seconds since the first packet, short */
	s->timefmt = UI_TIME_RELATIVE;
	s->page = 1;
	for (v = 0; v < UI_VIEW_COUNT; v++)
		s->nsorts[v] = nsorts ? nsorts[v] : 0;
	lineedit_init(&s->filter_le);
	lineedit_init(&s->save_le);
	lineedit_init(&s->find_le);
	lineedit_init(&s->dfilter_le);
}

void
ui_state_message(struct ui_state *s, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->status, sizeof(s->status), fmt, ap);
	va_end(ap);
	s->status_error = error;
}

struct ui_list *
ui_state_list(struct ui_state *s)
{
	return &s->list[s->view];
}

static void
ui_list_clamp(struct ui_list *l, size_t page)
{
	if (page == 0)
		page = 1;
	if (l->count == 0) {
		l->sel = l->top = 0;
		return;
	}
	if (l->sel >= l->count)
		l->sel = l->count - 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + page)
		l->top = l->sel - page + 1;
	/* No empty space under the last row while rows exist above. */
	if (l->top + page > l->count)
		l->top = l->count > page ? l->count - page : 0;
}

void
ui_list_set_count(struct ui_list *l, size_t count, size_t page)
{
	l->count = count;
	ui_list_clamp(l, page);
}

void
ui_list_move(struct ui_list *l, long delta, size_t page)
{
	if (delta < 0 && (size_t)-delta > l->sel)
		l->sel = 0;
	else
		l->sel += (size_t)delta;
	ui_list_clamp(l, page);
}

void
ui_list_select(struct ui_list *l, size_t index, size_t page)
{
	l->sel = index;
	ui_list_clamp(l, page);
}

/* ---- the edit line ---- */

struct lineedit *
ui_state_edit_line(struct ui_state *s)
{
	switch (s->edit) {
	case UI_EDIT_FILTER:
		return &s->filter_le;
	case UI_EDIT_SAVE:
	case UI_EDIT_EXPORT:
		return &s->save_le;
	case UI_EDIT_DFILTER:
		return &s->dfilter_le;
	default:
		return &s->find_le;
	}
}

static enum ui_action
ui_state_edit_key(struct ui_state *s, int key)
{
	struct lineedit *le = ui_state_edit_line(s);
	enum lineedit_result r;

	/* the display filter bar: Tab completes a field name, each edit
	 * is compiled at once (green or red, the error under the text) */
	if (s->edit == UI_EDIT_DFILTER && key == '\t')
		return UI_ACT_DFILTER_COMPLETE;
	r = lineedit_key(le, key);
	if (s->edit == UI_EDIT_DFILTER) {
		switch (r) {
		case LINEEDIT_CONTINUE:
			return UI_ACT_DFILTER_CHECK;
		case LINEEDIT_ACCEPT:
			return UI_ACT_APPLY_DFILTER;
		case LINEEDIT_CANCEL:
			s->edit = UI_EDIT_NONE;
			s->status[0] = '\0';
			return UI_ACT_REDRAW;
		}
	}

	if (s->edit == UI_EDIT_FIND) {
		/* Find narrows the rows as the user types; on a long list
		 * (a search is a pass over all of it) only on Enter. */
		bool live = s->find_count <= UI_FIND_LIVE_MAX;

		switch (r) {
		case LINEEDIT_CONTINUE:
			if (!live) {
				ui_state_message(s, false, "%s",
						 _("long list: Enter finds"));
				return UI_ACT_REDRAW;
			}
			snprintf(s->find[s->view], sizeof(s->find[0]), "%s",
				 le->buf);
			s->list[s->view].sel = s->list[s->view].top = 0;
			return UI_ACT_REFRESH;
		case LINEEDIT_ACCEPT:
			lineedit_history_add(le, le->buf);
			s->edit = UI_EDIT_NONE;
			s->status[0] = '\0';
			if (strcmp(s->find[s->view], le->buf) != 0) {
				snprintf(s->find[s->view], sizeof(s->find[0]),
					 "%s", le->buf);
				s->list[s->view].sel = s->list[s->view].top = 0;
			}
			return UI_ACT_REFRESH;
		case LINEEDIT_CANCEL:
			snprintf(s->find[s->view], sizeof(s->find[0]), "%s",
				 s->find_saved);
			s->edit = UI_EDIT_NONE;
			return UI_ACT_REFRESH;
		}
	}
	switch (r) {
	case LINEEDIT_CONTINUE:
		return UI_ACT_REDRAW;
	case LINEEDIT_ACCEPT:
		/* The edit line stays open until the model (or the file
		 * system) accepts it, so a typo can be fixed in place
		 * (screen.c closes it). */
		if (s->edit == UI_EDIT_SAVE)
			return UI_ACT_SAVE;
		if (s->edit == UI_EDIT_EXPORT)
			return UI_ACT_EXPORT;
		return UI_ACT_APPLY_FILTER;
	case LINEEDIT_CANCEL:
		s->edit = UI_EDIT_NONE;
		s->status[0] = '\0';
		return UI_ACT_REDRAW;
	}
	return UI_ACT_NONE;
}

enum ui_action
ui_state_key(struct ui_state *s, int key)
{
	const struct keymap_binding *b;

	if (s->edit != UI_EDIT_NONE)
		return ui_state_edit_key(s, key);
	if (s->help) {
		switch (key) {
		case KEY_UP:
		case 'k':
			if (s->help_top > 0)
				s->help_top--;
			return UI_ACT_REDRAW;
		case KEY_DOWN:
		case 'j':
			s->help_top++; /* the overlay clamps it */
			return UI_ACT_REDRAW;
		case KEY_PPAGE:
			s->help_top -= s->help_page > 1 ? s->help_page - 1 : 1;
			if (s->help_top < 0)
				s->help_top = 0;
			return UI_ACT_REDRAW;
		case KEY_NPAGE:
		case ' ':
			s->help_top += s->help_page > 1 ? s->help_page - 1 : 1;
			return UI_ACT_REDRAW;
		case KEY_HOME:
		case 'g':
			s->help_top = 0;
			return UI_ACT_REDRAW;
		case KEY_END:
		case 'G':
			s->help_top = 1 << 20; /* clamped to the last page */
			return UI_ACT_REDRAW;
		default:
			/* any other key closes the help and does nothing
			 * beneath it */
			s->help = false;
			return UI_ACT_REDRAW;
		}
	}
	b = keymap_find(s->detail ? KEYMAP_DETAIL : KEYMAP_TABLE, key);
	if (!b)
		return UI_ACT_NONE;
	s->status[0] = '\0';
	return b->run(s);
}

/* ---- commands ---- */

enum ui_action
ui_cmd_quit(struct ui_state *s)
{
	(void)s;
	return UI_ACT_QUIT;
}

enum ui_action
ui_cmd_write_settings(struct ui_state *s)
{
	(void)s;
	return UI_ACT_WRITE_SETTINGS;
}

enum ui_action
ui_cmd_quit_now(struct ui_state *s)
{
	(void)s;
	return UI_ACT_QUIT_NOW;
}

enum ui_action
ui_cmd_help(struct ui_state *s)
{
	s->help = true;
	s->help_top = 0;
	return UI_ACT_REDRAW;
}

enum ui_action
ui_cmd_pause(struct ui_state *s)
{
	s->paused = !s->paused;
	/* Resuming shows the present at once. */
	return s->paused ? UI_ACT_REDRAW : UI_ACT_REFRESH;
}

static enum ui_action
ui_state_sort_step(struct ui_state *s, int step)
{
	struct ui_list *l = ui_state_list(s);
	unsigned n = s->nsorts[s->view];

	if (n == 0) {
		ui_state_message(s, false, "%s",
				 _("this view is in capture order"));
		return UI_ACT_REDRAW;
	}
	l->sort = (l->sort + n + (unsigned)step) % n;
	l->sel = l->top = 0;
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_sort_next(struct ui_state *s)
{
	return ui_state_sort_step(s, 1);
}

enum ui_action
ui_cmd_sort_prev(struct ui_state *s)
{
	return ui_state_sort_step(s, -1);
}

enum ui_action
ui_cmd_reverse(struct ui_state *s)
{
	struct ui_list *l = ui_state_list(s);

	if (s->view == UI_VIEW_PACKETS && !s->detail) {
		/* the packet list: newest first, or capture order */
		l->reverse = !l->reverse;
		l->sel = l->top = 0;
		ui_state_message(s, false, "%s",
				 l->reverse ? _("newest packets first")
					    : _("packets in capture order"));
		return UI_ACT_REFRESH;
	}
	if (s->nsorts[s->view] == 0)
		return ui_state_sort_step(s, 0);
	l->reverse = !l->reverse;
	l->sel = l->top = 0;
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_health_sort(struct ui_state *s)
{
	struct ui_list *l;

	if (s->detail)
		return UI_ACT_NONE;
	if (s->view != UI_VIEW_HOSTS && s->view != UI_VIEW_CONNS)
		s->view = UI_VIEW_CONNS;
	l = ui_state_list(s);
	if (s->nsorts[s->view] == 0)
		return UI_ACT_REDRAW;
	l->sort = s->nsorts[s->view] - 1;
	l->reverse = false;
	l->sel = l->top = 0;
	ui_state_message(s, false, "%s",
			 _("sorted by TCP health, worst first"));
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_filter(struct ui_state *s)
{
	/* screen.c seeds the line with the filter in force. */
	s->edit = UI_EDIT_FILTER;
	return UI_ACT_REDRAW;
}

enum ui_action
ui_cmd_dfilter(struct ui_state *s)
{
	s->edit = UI_EDIT_DFILTER;
	return UI_ACT_DFILTER_CHECK;
}

enum ui_action
ui_cmd_dfilter_tables(struct ui_state *s)
{
	s->dfilter_tables = !s->dfilter_tables;
	return UI_ACT_DFILTER_TABLES;
}

enum ui_action
ui_cmd_find(struct ui_state *s)
{
	s->find_count = ui_state_list(s)->count;
	snprintf(s->find_saved, sizeof(s->find_saved), "%s", s->find[s->view]);
	lineedit_start(&s->find_le, s->find[s->view]);
	s->edit = UI_EDIT_FIND;
	return UI_ACT_REDRAW;
}

/* n / N with a find in force: the next or previous matching row (the
 * table holds only those), round the end. */
static enum ui_action
ui_state_find_step(struct ui_state *s, long delta)
{
	struct ui_list *l = ui_state_list(s);

	if (l->count == 0) {
		ui_state_message(s, true, "%s", _("no rows match the find text"));
		return UI_ACT_REDRAW;
	}
	if (delta > 0 && l->sel + 1 >= l->count)
		ui_list_select(l, 0, s->page);
	else if (delta < 0 && l->sel == 0)
		ui_list_select(l, l->count - 1, s->page);
	else
		ui_list_move(l, delta, s->page);
	ui_state_message(s, false, _("match %zu of %zu"), l->sel + 1,
			 l->count);
	return UI_ACT_REFRESH;
}

bool
ui_state_finding(const struct ui_state *s)
{
	return !s->detail && s->find[s->view][0] != '\0';
}

enum ui_action
ui_cmd_find_prev(struct ui_state *s)
{
	if (!ui_state_finding(s)) {
		ui_state_message(s, true, "%s",
				 _("no find in force: / first, then n and N"));
		return UI_ACT_REDRAW;
	}
	return ui_state_find_step(s, -1);
}

/* < and >: the columns from the next (previous) one on, each whole, or
 * half a screen along one wider than the screen; back past the first
 * returns to the fitted layout. The screen clamps the far end, where
 * the rest already fit. */
enum ui_action
ui_cmd_scroll_right(struct ui_state *s)
{
	if (s->hcol[s->view] < LAYOUT_SCROLL_MAX)
		s->hcol[s->view]++;
	return UI_ACT_REDRAW;
}

enum ui_action
ui_cmd_scroll_left(struct ui_state *s)
{
	if (s->hcol[s->view] > 0)
		s->hcol[s->view]--;
	return UI_ACT_REDRAW;
}

enum ui_action
ui_cmd_names(struct ui_state *s)
{
	if (ui_state_finding(s))
		return ui_state_find_step(s, 1);
	s->resolve = !s->resolve;
	ui_state_message(s, false, "%s",
			 s->resolve ? _("host names on") : _("host names off"));
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_ports(struct ui_state *s)
{
	s->port_names = !s->port_names;
	ui_state_message(s, false, "%s",
			 s->port_names ? _("port names on")
				       : _("port names off"));
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_bits(struct ui_state *s)
{
	s->bits = !s->bits;
	return UI_ACT_REDRAW;
}

enum ui_action
ui_cmd_show_ended(struct ui_state *s)
{
	s->show_ended = !s->show_ended;
	ui_state_message(s, false, "%s",
			 s->show_ended ? _("showing ended and idle rows")
				       : _("hiding rows idle past --expire"));
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_time(struct ui_state *s)
{
	static const char *const names[UI_TIME_COUNT] = {
		[UI_TIME_ABSOLUTE] = N_("time: absolute"),
		[UI_TIME_RELATIVE] = N_("time: relative to the first packet"),
		[UI_TIME_DELTA] = N_("time: delta from the previous packet"),
	};

	s->timefmt = (s->timefmt + 1) % UI_TIME_COUNT;
	ui_state_message(s, false, "%s", _(names[s->timefmt]));
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_clear(struct ui_state *s)
{
	ui_state_message(s, false, "%s", _("counters cleared"));
	return UI_ACT_CLEAR;
}

enum ui_action
ui_cmd_up(struct ui_state *s)
{
	ui_list_move(ui_state_list(s), -1, s->page);
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_down(struct ui_state *s)
{
	ui_list_move(ui_state_list(s), 1, s->page);
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_page_up(struct ui_state *s)
{
	ui_list_move(ui_state_list(s), -(long)s->page, s->page);
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_page_down(struct ui_state *s)
{
	ui_list_move(ui_state_list(s), (long)s->page, s->page);
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_home(struct ui_state *s)
{
	ui_list_select(ui_state_list(s), 0, s->page);
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_end(struct ui_state *s)
{
	struct ui_list *l = ui_state_list(s);

	ui_list_select(l, l->count ? l->count - 1 : 0, s->page);
	/* the packet list grows 262 144 rows a look: the screen reads it
	 * to its end first */
	s->to_end = true;
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_open(struct ui_state *s)
{
	if (ui_state_list(s)->count == 0)
		return UI_ACT_NONE;
	return UI_ACT_OPEN;
}

enum ui_action
ui_cmd_back(struct ui_state *s)
{
	if (s->detail) {
		s->detail = false;
		return UI_ACT_REFRESH;
	}
	if (s->find[s->view][0]) {
		s->find[s->view][0] = '\0';
		return UI_ACT_REFRESH;
	}
	if (s->view == UI_VIEW_PACKETS && s->scoped) {
		s->scoped = false;
		s->list[UI_VIEW_PACKETS].sel = s->list[UI_VIEW_PACKETS].top = 0;
		s->view = UI_VIEW_CONNS;
		return UI_ACT_REFRESH;
	}
	if (s->view == UI_VIEW_CONNS && s->conns_host) {
		s->conns_host = false;
		s->list[UI_VIEW_CONNS].sel = s->list[UI_VIEW_CONNS].top = 0;
		s->view = UI_VIEW_HOSTS;
		return UI_ACT_REFRESH;
	}
	if (s->view == UI_VIEW_CONNS && s->proc_scoped) {
		s->proc_scoped = false;
		s->list[UI_VIEW_CONNS].sel = s->list[UI_VIEW_CONNS].top = 0;
		s->view = UI_VIEW_PROCS;
		return UI_ACT_REFRESH;
	}
	if (s->view == UI_VIEW_PROCS && s->host_scoped) {
		s->host_scoped = false;
		s->list[UI_VIEW_PROCS].sel = s->list[UI_VIEW_PROCS].top = 0;
		s->view = UI_VIEW_HOSTS;
		return UI_ACT_REFRESH;
	}
	return UI_ACT_STOP_LOADING;
}

static enum ui_action
ui_state_view(struct ui_state *s, enum ui_view_id v)
{
	/* back at the hosts: the Processes view shows every process again */
	if (v == UI_VIEW_HOSTS)
		s->host_scoped = false;
	/* a view chosen by its key shows all its rows */
	s->conns_host = false;
	s->detail = false;
	s->view = v;
	return UI_ACT_REFRESH;
}

enum ui_action
ui_cmd_view_next(struct ui_state *s)
{
	return ui_state_view(s, (s->view + 1) % UI_VIEW_COUNT);
}

enum ui_action
ui_cmd_view_prev(struct ui_state *s)
{
	return ui_state_view(s, (s->view + UI_VIEW_COUNT - 1) % UI_VIEW_COUNT);
}

enum ui_action
ui_cmd_view_hosts(struct ui_state *s)
{
	return ui_state_view(s, UI_VIEW_HOSTS);
}

enum ui_action
ui_cmd_view_conns(struct ui_state *s)
{
	return ui_state_view(s, UI_VIEW_CONNS);
}

enum ui_action
ui_cmd_view_protos(struct ui_state *s)
{
	return ui_state_view(s, UI_VIEW_PROTOS);
}

enum ui_action
ui_cmd_view_packets(struct ui_state *s)
{
	return ui_state_view(s, UI_VIEW_PACKETS);
}

enum ui_action
ui_cmd_view_procs(struct ui_state *s)
{
	return ui_state_view(s, UI_VIEW_PROCS);
}

/* The screen holds the model: these only ask it to act. */
enum ui_action
ui_cmd_toggle_self(struct ui_state *s)
{
	(void)s;
	return UI_ACT_TOGGLE_SELF;
}

enum ui_action
ui_cmd_copy(struct ui_state *s)
{
	(void)s;
	return UI_ACT_COPY;
}

enum ui_action
ui_cmd_copy_packet(struct ui_state *s)
{
	(void)s;
	return UI_ACT_COPY_PACKET;
}

enum ui_action
ui_cmd_follow(struct ui_state *s)
{
	(void)s;
	return UI_ACT_FOLLOW;
}

/* The refresh interval steps through these, like top's d but by key. */
static const double ui_delays[] = { 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60 };
#define UI_DELAYS (sizeof(ui_delays) / sizeof(ui_delays[0]))

static enum ui_action
ui_delay_step(struct ui_state *s, int dir)
{
	size_t i;

	if (dir > 0) {
		for (i = 0; i < UI_DELAYS && ui_delays[i] <= s->delay + 1e-9; i++)
			;
		if (i < UI_DELAYS)
			s->delay = ui_delays[i];
	} else {
		for (i = UI_DELAYS; i > 0 && ui_delays[i - 1] >= s->delay - 1e-9;
		     i--)
			;
		if (i > 0)
			s->delay = ui_delays[i - 1];
	}
	ui_state_message(s, false, _("refresh every %g s"), s->delay);
	return UI_ACT_REDRAW;
}

enum ui_action
ui_cmd_delay_longer(struct ui_state *s)
{
	return ui_delay_step(s, 1);
}

enum ui_action
ui_cmd_delay_shorter(struct ui_state *s)
{
	return ui_delay_step(s, -1);
}

enum ui_action
ui_cmd_mark(struct ui_state *s)
{
	if (s->view != UI_VIEW_PACKETS && !s->detail) {
		ui_state_message(s, true, "%s",
				 _("m marks packets: open the packet list (4)"));
		return UI_ACT_REDRAW;
	}
	return UI_ACT_MARK;
}

enum ui_action
ui_cmd_save(struct ui_state *s)
{
	char name[LINEEDIT_MAX];

	save_default_name("packets", "pcap", name, sizeof(name));
	s->edit = UI_EDIT_SAVE;
	lineedit_start(&s->save_le, name);
	s->status[0] = '\0';
	return UI_ACT_REDRAW;
}

enum ui_action
ui_cmd_export(struct ui_state *s)
{
	static const char *const what[UI_VIEW_COUNT] = {
		[UI_VIEW_HOSTS] = "hosts", [UI_VIEW_CONNS] = "connections",
		[UI_VIEW_PROTOS] = "protocols", [UI_VIEW_PROCS] = "processes",
	};
	char name[LINEEDIT_MAX];

	if (s->detail || s->view == UI_VIEW_PACKETS) {
		ui_state_message(s, true, "%s",
				 _("e exports a table: switch to hosts, "
				   "connections or protocols (w saves "
				   "packets)"));
		return UI_ACT_REDRAW;
	}
	save_default_name(what[s->view], "csv", name, sizeof(name));
	s->edit = UI_EDIT_EXPORT;
	lineedit_start(&s->save_le, name);
	s->status[0] = '\0';
	return UI_ACT_REDRAW;
}
