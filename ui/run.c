/*
 * run: ui_run, the entry main() calls: the command line's choices turned
 * into a ui_config.
 */
#include "config.h"

#include "ui.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "clipboard.h"
#include "inspect/inspect.h"
#include "options.h"

/* How long tmux may take to say what its set-clipboard is: a server
 * that answers at all answers in milliseconds. */
#define UI_TMUX_WAIT_MS 500

int
ui_ask_tmux(const struct options *opts)
{
	return opts->osc52 ? (int)clipboard_tmux_ask(UI_TMUX_WAIT_MS)
			   : CLIPBOARD_TMUX_NONE;
}

int
ui_run(struct model *m, struct control *ctl, const struct options *opts,
       struct keylog *held, int tmux_clipboard)
{
	struct ui_config cfg = {
		.source = opts->read_file ? opts->read_file : opts->iface,
		.delay = opts->delay > 0 ? opts->delay : OPTIONS_DEFAULT_DELAY,
		.expire = opts->expire,
		.resolve = opts->resolve,
		.live = !opts->read_file,
		.replay = opts->replay,
		.mouse = opts->mouse,
		.port_names = opts->port_names,
		.osc52 = opts->osc52,
		.confirm = opts->confirm,
		.write_file = opts->write_file,
		.theme = opts->theme,
		.view = opts->view,
		.bits = opts->bits,
		.settings = &opts->settings,
		.config_file = opts->config_file,
	};
	char err[512];
	struct keylog *keys;
	int rc = 0;

	if (opts->read_file && strcmp(opts->read_file, "-") == 0) {
		cfg.source = _("standard input");
		cfg.stream = true;
	}
	/* secrets a pcapng carries, then the user's key log */
	keys = held ? held
		    : inspect_keys_open(opts->read_file, opts->tls_keylog,
					err, sizeof(err));
	if (keys == NULL) {
		fprintf(stderr, "pktop: %s\n", err);
		return -1;
	}
	cfg.keylog = keys;
	cfg.keylog_file = opts->tls_keylog;
	cfg.dfilter = opts->display_filter;
	cfg.tmux_clipboard = tmux_clipboard;
	if (ui_run_config(m, ctl, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "pktop: %s\n", err);
		rc = -1;
	}
	if (keys != held)
		inspect_keys_free(keys);
	return rc;
}
