/*
 * control: the capture's control interface (see control.h). The state is
 * the user's filter, the hide clause and whether it is in force; the
 * expression in force is derived from them here and nowhere else.
 */
#include "config.h"

#include "capture/control.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "base/i18n.h"
#include "capture/selfhide.h"
#include "capture/sources.h"

struct control {
	/* Guards everything below. Taken by the UI thread (and main); the
	 * capture threads never take it, so holding it while the sources
	 * compile and hand over a filter cannot wait on them. */
	pthread_mutex_t lock;
	char *user;        /* the user's expression; NULL for none */
	char *clause;      /* our SSH session's clause; NULL for none */
	bool hiding;       /* the clause is in force (never without one) */
	char *expr;        /* what the sources run: user + clause */
	struct sources *sources; /* NULL until bound */
	/* The filter worker (control_filter_begin), one at a time: it
	 * compiles without the lock and takes it to install the result.
	 * Joined by whoever sees it done (poll), by bind and by free. */
	bool worker_on;    /* started and not joined */
	pthread_t worker;
	int cancel_fd;     /* eventfd: readable = cancel the compile */
	char *job_user;    /* the expression it compiles (worker's own) */
	enum control_filter_state job_state;
	char job_msg[512];
};

static void control_filter_join(struct control *ctl);

static char *
control_dup(const char *s)
{
	return s != NULL && s[0] != '\0' ? strdup(s) : NULL;
}

/* The expression for USER with the clause when HIDING; NULL when out of
 * memory. The one composition of the two. */
static char *
control_compose(const struct control *ctl, const char *user, bool hiding)
{
	return selfhide_compose(user, hiding ? ctl->clause : NULL);
}

struct control *
control_new(const char *user, const char *clause, bool hiding, char *err,
	    size_t errlen)
{
	struct control *ctl = calloc(1, sizeof(*ctl));

	if (ctl == NULL)
		goto nomem;
	pthread_mutex_init(&ctl->lock, NULL);
	ctl->cancel_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ctl->cancel_fd < 0) {
		snprintf(err, errlen, _("cannot make the filter worker: %s"),
			 strerror(errno));
		free(ctl);
		return NULL;
	}
	ctl->user = control_dup(user);
	ctl->clause = control_dup(clause);
	ctl->hiding = hiding && ctl->clause != NULL;
	ctl->expr = control_compose(ctl, ctl->user, ctl->hiding);
	if ((user != NULL && user[0] && ctl->user == NULL) ||
	    (clause != NULL && clause[0] && ctl->clause == NULL) ||
	    ctl->expr == NULL)
		goto nomem;
	return ctl;
nomem:
	control_free(ctl);
	snprintf(err, errlen, "%s", _("out of memory"));
	return NULL;
}

void
control_free(struct control *ctl)
{
	if (ctl == NULL)
		return;
	control_filter_cancel(ctl);
	control_filter_join(ctl);
	if (ctl->cancel_fd >= 0)
		close(ctl->cancel_fd);
	free(ctl->job_user);
	pthread_mutex_destroy(&ctl->lock);
	free(ctl->user);
	free(ctl->clause);
	free(ctl->expr);
	free(ctl);
}

void
control_bind(struct control *ctl, struct sources *s)
{
	/* a compile in flight holds the old sources: end it first */
	control_filter_cancel(ctl);
	control_filter_join(ctl);
	pthread_mutex_lock(&ctl->lock);
	ctl->sources = s;
	pthread_mutex_unlock(&ctl->lock);
}

/* Copy the user's expression or, COMPOSED, the one the capture runs into
 * BUF under the lock; "" without a control. */
static void
control_copy(struct control *ctl, bool composed, char *buf, size_t size)
{
	const char *text;

	if (size == 0)
		return;
	if (ctl == NULL) {
		buf[0] = '\0';
		return;
	}
	pthread_mutex_lock(&ctl->lock);
	text = composed ? ctl->expr : ctl->user;
	snprintf(buf, size, "%s", text != NULL ? text : "");
	pthread_mutex_unlock(&ctl->lock);
}

void
control_get_capture_filter(struct control *ctl, char *buf, size_t size)
{
	control_copy(ctl, true, buf, size);
}

char *
control_capture_filter(struct control *ctl)
{
	char *s;

	pthread_mutex_lock(&ctl->lock);
	s = strdup(ctl->expr);
	pthread_mutex_unlock(&ctl->lock);
	return s;
}

void
control_get_filter(struct control *ctl, char *buf, size_t size)
{
	control_copy(ctl, false, buf, size);
}

/* Make USER (already copied, NULL for none) and HIDING the state, once
 * every source took their expression. Lock held. Takes USER either way. */
static int
control_apply(struct control *ctl, char *user, bool hiding, char *err,
	      size_t errlen)
{
	char *expr = control_compose(ctl, user, hiding);

	if (expr == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto fail;
	}
	if (ctl->sources == NULL) {
		snprintf(err, errlen, "%s",
			 _("the capture filter cannot be changed for this "
			   "source"));
		goto fail;
	}
	if (ctl->worker_on) {
		snprintf(err, errlen, "%s",
			 _("a capture filter is still compiling (Esc "
			   "cancels it)"));
		goto fail;
	}
	if (sources_set_filter(ctl->sources, expr, -1, err, errlen) < 0)
		goto fail;
	free(ctl->user);
	ctl->user = user;
	free(ctl->expr);
	ctl->expr = expr;
	ctl->hiding = hiding;
	return 0;
fail:
	free(expr);
	free(user);
	return -1;
}

/* The filter the user typed, copied for CTL (NULL for none); -1 with
 * ERR when this source has no control or memory ran out. */
static int
control_user_filter(struct control *ctl, const char *expr, char **user,
		    char *err, size_t errlen)
{
	if (ctl == NULL) {
		snprintf(err, errlen, "%s",
			 _("the capture filter cannot be changed for this "
			   "source"));
		return -1;
	}
	*user = control_dup(expr);
	if (expr != NULL && expr[0] && *user == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	return 0;
}

int
control_set_filter(struct control *ctl, const char *expr, char *err,
		   size_t errlen)
{
	char *user;
	int rc;

	if (control_user_filter(ctl, expr, &user, err, errlen) < 0)
		return -1;
	pthread_mutex_lock(&ctl->lock);
	rc = control_apply(ctl, user, ctl->hiding, err, errlen);
	pthread_mutex_unlock(&ctl->lock);
	return rc;
}

bool
control_get_hiding(struct control *ctl, bool *on)
{
	bool have;

	*on = false;
	if (ctl == NULL)
		return false;
	pthread_mutex_lock(&ctl->lock);
	have = ctl->clause != NULL;
	*on = ctl->hiding;
	pthread_mutex_unlock(&ctl->lock);
	return have;
}

int
control_set_hiding(struct control *ctl, bool on, char *err, size_t errlen)
{
	char *user;
	int rc;

	if (ctl == NULL) {
		snprintf(err, errlen, "%s",
			 _("the capture filter cannot be changed for this "
			   "source"));
		return -1;
	}
	pthread_mutex_lock(&ctl->lock);
	user = control_dup(ctl->user);
	if (ctl->user != NULL && user == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		rc = -1;
	} else {
		rc = control_apply(ctl, user, on && ctl->clause != NULL, err,
				   errlen);
	}
	pthread_mutex_unlock(&ctl->lock);
	return rc;
}

bool
control_stop(struct control *ctl)
{
	struct sources *s;

	if (ctl == NULL)
		return false;
	pthread_mutex_lock(&ctl->lock);
	s = ctl->sources;
	if (s != NULL)
		sources_request_stop(s);
	pthread_mutex_unlock(&ctl->lock);
	return s != NULL;
}

/* ---- the filter worker ---- */

static void *
control_worker(void *arg)
{
	struct control *ctl = arg;
	char msg[sizeof(ctl->job_msg)];
	struct sources *s;
	char *user, *expr;
	int rc = -1;

	pthread_mutex_lock(&ctl->lock);
	user = ctl->job_user;
	ctl->job_user = NULL;
	s = ctl->sources; /* bind joins us before it changes them */
	expr = control_compose(ctl, user, ctl->hiding);
	pthread_mutex_unlock(&ctl->lock);
	msg[0] = '\0';
	if (expr == NULL)
		snprintf(msg, sizeof(msg), "%s", _("out of memory"));
	else
		rc = sources_set_filter(s, expr, ctl->cancel_fd, msg,
					sizeof(msg));
	pthread_mutex_lock(&ctl->lock);
	if (rc == 0) {
		free(ctl->user);
		ctl->user = user;
		free(ctl->expr);
		ctl->expr = expr;
		user = expr = NULL;
	}
	ctl->job_state = rc == 0 ? CONTROL_FILTER_DONE : CONTROL_FILTER_FAILED;
	snprintf(ctl->job_msg, sizeof(ctl->job_msg), "%s", msg);
	pthread_mutex_unlock(&ctl->lock);
	free(user);
	free(expr);
	return NULL;
}

int
control_filter_begin(struct control *ctl, const char *expr, char *err,
		     size_t errlen)
{
	sigset_t all, old;
	char *user;
	int rc = -1;

	if (control_user_filter(ctl, expr, &user, err, errlen) < 0)
		return -1;
	pthread_mutex_lock(&ctl->lock);
	if (ctl->sources == NULL) {
		snprintf(err, errlen, "%s",
			 _("the capture filter cannot be changed for this "
			   "source"));
		goto out;
	}
	if (ctl->worker_on) {
		snprintf(err, errlen, "%s",
			 _("a capture filter is still compiling (Esc "
			   "cancels it)"));
		goto out;
	}
	{
		uint64_t drain;

		/* a cancel that came after the last compile ended */
		(void)!read(ctl->cancel_fd, &drain, sizeof(drain));
	}
	ctl->job_user = user;
	user = NULL;
	ctl->job_state = CONTROL_FILTER_BUSY;
	ctl->job_msg[0] = '\0';
	/* Signals belong to the UI thread; the worker runs with none. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	if (pthread_create(&ctl->worker, NULL, control_worker, ctl) != 0) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		snprintf(err, errlen, "%s",
			 _("cannot start the filter worker"));
		user = ctl->job_user;
		ctl->job_user = NULL;
		ctl->job_state = CONTROL_FILTER_IDLE;
		goto out;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	ctl->worker_on = true;
	rc = 0;
out:
	pthread_mutex_unlock(&ctl->lock);
	free(user);
	return rc;
}

/* Wait for a started worker to end (it ends on its own or cancelled). */
int
control_reread(struct control *ctl, struct model *m, char *err,
	       size_t errlen)
{
	int rc = -1;

	if (ctl == NULL) {
		snprintf(err, errlen, "%s",
			 _("this source cannot be read again"));
		return -1;
	}
	pthread_mutex_lock(&ctl->lock);
	if (ctl->sources != NULL)
		rc = sources_reread(ctl->sources, m, err, errlen);
	else
		snprintf(err, errlen, "%s",
			 _("this source cannot be read again"));
	pthread_mutex_unlock(&ctl->lock);
	return rc;
}

static void
control_filter_join(struct control *ctl)
{
	bool on;
	pthread_t t;

	pthread_mutex_lock(&ctl->lock);
	on = ctl->worker_on;
	t = ctl->worker;
	ctl->worker_on = false;
	pthread_mutex_unlock(&ctl->lock);
	if (on)
		pthread_join(t, NULL);
}

enum control_filter_state
control_filter_poll(struct control *ctl, char *msg, size_t size)
{
	enum control_filter_state st;

	if (size)
		msg[0] = '\0';
	if (ctl == NULL)
		return CONTROL_FILTER_IDLE;
	pthread_mutex_lock(&ctl->lock);
	st = ctl->job_state;
	if (st == CONTROL_FILTER_DONE || st == CONTROL_FILTER_FAILED) {
		snprintf(msg, size, "%s", ctl->job_msg);
		ctl->job_state = CONTROL_FILTER_IDLE;
	}
	pthread_mutex_unlock(&ctl->lock);
	if (st == CONTROL_FILTER_DONE || st == CONTROL_FILTER_FAILED)
		control_filter_join(ctl); /* it is past its last lock */
	return st;
}

void
control_filter_cancel(struct control *ctl)
{
	uint64_t one = 1;

	if (ctl == NULL)
		return;
	pthread_mutex_lock(&ctl->lock);
	if (ctl->worker_on && ctl->job_state == CONTROL_FILTER_BUSY)
		(void)!write(ctl->cancel_fd, &one, sizeof(one));
	pthread_mutex_unlock(&ctl->lock);
}
