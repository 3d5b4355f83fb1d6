/*
 * text: how pktop writes for people. Untrusted bytes (from a packet, a
 * DNS answer, a file name) go through the one escaper (escape.h), numbers
 * with their units (units.h: sizes, rates, counts). The header of a
 * writer of text that needs both: the UI (its one base door for text)
 * and output's text report and Follow notes.
 */
#ifndef PKTOP_TEXT_H
#define PKTOP_TEXT_H

#include "base/escape.h" /* untrusted text, per sink */
#include "base/units.h"  /* numbers for people */

#endif
