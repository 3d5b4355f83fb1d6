/*
 * i18n: gettext wiring. Every user-visible string goes through _(); strings
 * in static tables through N_() and _() where they are shown.
 */
#ifndef PKTOP_I18N_H
#define PKTOP_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
