/*
 * progress: the loading bar drawn in the header while a file is read
 * (the numbers come from output/report.h). Keys keep working
 * meanwhile: the tables fill as the packets come.
 */
#ifndef PKTOP_UI_PROGRESS_H
#define PKTOP_UI_PROGRESS_H

#include "layout.h"
#include "output/report.h"
#include "model/model.h"

/* Draw on the first row of R: a bar when the size is known, the text. */
void progress_draw(const struct layout_rect *r, const struct load_progress *p,
		   const struct model_totals *t);

#endif
