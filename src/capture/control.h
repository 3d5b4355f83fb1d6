/*
 * control: what the UI may ask of the capture: change the capture filter,
 * hide or show our own SSH session, stop reading a file. The one place
 * that composes the expression the sources run (the user's filter and the
 * selfhide clause); main makes it, binds it to the sources it opened and
 * hands it to the UI next to the model, which holds data only.
 */
#ifndef PKTOP_CONTROL_H
#define PKTOP_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

struct control;
struct sources;

/* USER is the command line's filter (NULL or "" for none), CLAUSE our own
 * SSH session's (src/capture/selfhide.h; NULL or "" when not in one),
 * left out while HIDING. NULL with a message in ERR when out of memory. */
struct control *control_new(const char *user, const char *clause,
			    bool hiding, char *err, size_t errlen);
void control_free(struct control *ctl);
/* Filter changes and stop requests go to S from now on (main, once the
 * sources are open; they must outlive the binding: NULL unbinds). */
void control_bind(struct control *ctl, struct sources *s);

/* The expression the capture runs: the user's filter with the clause when
 * hiding ("" for none), copied into BUF. The sources open with it; the
 * packet list filters the store with it. */
void control_get_capture_filter(struct control *ctl, char *buf, size_t size);
/* The same, allocated whole (main opens the sources with it); NULL when
 * out of memory. */
char *control_capture_filter(struct control *ctl);
/* The user's filter ("" for none): what the header shows and the filter
 * editor starts from. */
void control_get_filter(struct control *ctl, char *buf, size_t size);

/* Make EXPR the user's filter: compiled for every source and handed to
 * all of them, or to none (-1 with the message in ERR, the old filter
 * kept). */
int control_set_filter(struct control *ctl, const char *expr, char *err,
		       size_t errlen);

/* The same change without blocking the caller (the UI): a worker thread
 * compiles EXPR for every source (filter_compile_bounded's budgets: a
 * pathological filter is refused, not waited for) and installs it, or
 * keeps the old filter. -1 with a message in ERR when it cannot start
 * (no sources, one already compiling). */
enum control_filter_state {
	CONTROL_FILTER_IDLE,   /* nothing compiling, nothing to report */
	CONTROL_FILTER_BUSY,   /* still compiling */
	CONTROL_FILTER_DONE,   /* installed (reported once) */
	CONTROL_FILTER_FAILED, /* refused or cancelled, MSG says why (once) */
};
int control_filter_begin(struct control *ctl, const char *expr, char *err,
			 size_t errlen);
/* Where the last begin stands; DONE and FAILED are reported once, with
 * the message in MSG for FAILED. */
enum control_filter_state control_filter_poll(struct control *ctl,
					      char *msg, size_t size);
/* Esc: kill the compile in flight; the next poll says FAILED with
 * "cancelled". Nothing when none is running. */
void control_filter_cancel(struct control *ctl);

/* Whether there is a session to hide; *ON whether it is hidden now. */
bool control_get_hiding(struct control *ctl, bool *on);
/* Hide or show it (-1 with a message in ERR, the state unchanged). */
int control_set_hiding(struct control *ctl, bool on, char *err,
		       size_t errlen);

/* After a new filter on a capture file: read the file again from its
 * start with it (sources_reread: M forgets its rows and stored packets).
 * -1 with ERR when the sources are not one file that can be. */
struct model;
int control_reread(struct control *ctl, struct model *m, char *err,
		   size_t errlen);
/* Ask the sources to stop reading (Esc while a file loads: what was read
 * stays); false when there are none to ask. */
bool control_stop(struct control *ctl);

#endif
