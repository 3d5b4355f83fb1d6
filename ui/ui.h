/*
 * ui: the curses front end. main() hands it the model once capture runs;
 * it returns when the user quits or a signal asks it to.
 */
#ifndef PKTOP_UI_H
#define PKTOP_UI_H

struct model;
struct ui_options;

#endif
