/*
 * run: ui_run, the entry main() calls: the command line's choices turned
 * into a ui_config.
 */
#include "config.h"

#include "ui.h"

#include <stdio.h>

#include "i18n.h"

int
ui_run(struct model *m, const struct options *opts)
{
	struct ui_config cfg = {
		.source = "",
		.delay = 1.0,
		.resolve = true,
		.mouse = true,
	};
	char err[512];

	(void)opts; /* options.h is not there yet */
	if (ui_run_config(m, &cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "pktop: %s\n", err);
		return -1;
	}
	return 0;
}
