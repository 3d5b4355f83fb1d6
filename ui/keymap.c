/*
 * keymap: the binding table (htop's conventions: F1 help, F10 quit,
 * arrows and PgUp/PgDn, j/k for vi hands).
 */
#include "config.h"

#include "keymap.h"

#include <curses.h>

#include "base/i18n.h"

#define KEY_ESC 27
#define KEY_TAB '\t'

const struct keymap_binding keymap_table[] = {
	{ .keys = { '?', KEY_F(1), 'h' }, .scope = KEYMAP_ANY,
	  .keyname = "? F1", .help = N_("show this help"),
	  .footer = N_("Help"), .run = ui_cmd_help },
	{ .keys = { 'q', KEY_F(10) }, .scope = KEYMAP_ANY,
	  .keyname = "q F10",
	  .help = N_("quit (asks first if marked packets are unsaved or -w "
		     "is writing)"),
	  .footer = N_("Quit"), .run = ui_cmd_quit },
	{ .keys = { 'Q' }, .scope = KEYMAP_ANY,
	  .keyname = "Q", .help = N_("quit without asking"),
	  .run = ui_cmd_quit_now },
	{ .keys = { KEY_TAB }, .scope = KEYMAP_TABLE,
	  .keyname = "Tab", .help = N_("next view"),
	  .footer = N_("View"), .run = ui_cmd_view_next },
	{ .keys = { KEY_BTAB }, .scope = KEYMAP_TABLE,
	  .keyname = "S-Tab", .help = N_("previous view"),
	  .run = ui_cmd_view_prev },
	{ .keys = { '1' }, .scope = KEYMAP_ANY,
	  .keyname = "1", .help = N_("Hosts view"), .run = ui_cmd_view_hosts },
	{ .keys = { '2' }, .scope = KEYMAP_ANY,
	  .keyname = "2", .help = N_("Connections view"),
	  .run = ui_cmd_view_conns },
	{ .keys = { '3' }, .scope = KEYMAP_ANY,
	  .keyname = "3", .help = N_("Protocols view"),
	  .run = ui_cmd_view_protos },
	{ .keys = { '4' }, .scope = KEYMAP_ANY,
	  .keyname = "4", .help = N_("Packets view"),
	  .run = ui_cmd_view_packets },
	{ .keys = { '5' }, .scope = KEYMAP_ANY,
	  .keyname = "5", .help = N_("Processes view (Enter: its connections)"),
	  .run = ui_cmd_view_procs },
	{ .keys = { ' ', 'p' }, .scope = KEYMAP_ANY,
	  .keyname = "space p",
	  .help = N_("pause/resume the display (capture keeps counting)"),
	  .footer = N_("Pause"), .run = ui_cmd_pause },
	{ .keys = { 's', KEY_F(6) }, .scope = KEYMAP_TABLE,
	  .keyname = "s F6", .help = N_("sort by the next column"),
	  .footer = N_("Sort"), .run = ui_cmd_sort_next },
	{ .keys = { 'S' }, .scope = KEYMAP_TABLE,
	  .keyname = "S", .help = N_("sort by the previous column"),
	  .run = ui_cmd_sort_prev },
	{ .keys = { '!' }, .scope = KEYMAP_ANY,
	  .keyname = "!",
	  .help = N_("TCP health: worst connections (or hosts) first: zero "
		     "windows, resets, then retransmissions"),
	  .run = ui_cmd_health_sort },
	{ .keys = { 'r' }, .scope = KEYMAP_TABLE,
	  .keyname = "r", .help = N_("reverse the sort order"),
	  .footer = N_("Rev"), .run = ui_cmd_reverse },
	{ .keys = { 'f', KEY_F(4) }, .scope = KEYMAP_ANY,
	  .keyname = "f F4", .help = N_("edit the capture filter (BPF)"),
	  .footer = N_("Filter"), .run = ui_cmd_filter },
	{ .keys = { '\\', 'd' }, .scope = KEYMAP_ANY,
	  .keyname = "\\ d",
	  .help = N_("display filter (Wireshark's language) over the packet "
		     "list: Tab completes a field, Enter applies, empty "
		     "removes"),
	  .footer = N_("DFilter"), .run = ui_cmd_dfilter },
	{ .keys = { 'D' }, .scope = KEYMAP_ANY,
	  .keyname = "D",
	  .help = N_("tables show only the packets the display filter "
		     "keeps, or all"),
	  .run = ui_cmd_dfilter_tables },
	{ .keys = { '/', KEY_F(3) }, .scope = KEYMAP_TABLE,
	  .keyname = "/ F3", .help = N_("find: show rows containing text"),
	  .footer = N_("Find"), .run = ui_cmd_find },
	{ .keys = { 'n' }, .scope = KEYMAP_ANY,
	  .keyname = "n",
	  .help = N_("with a find in force: the next matching row; else "
		     "toggle host name resolution"),
	  .footer = N_("Names"), .run = ui_cmd_names },
	{ .keys = { 'N' }, .scope = KEYMAP_TABLE,
	  .keyname = "N", .help = N_("the previous matching row of a find"),
	  .run = ui_cmd_find_prev },
	{ .keys = { '>', KEY_SRIGHT }, .scope = KEYMAP_TABLE,
	  .keyname = ">",
	  .help = N_("scroll the table right a column: the columns "
		     "from there on shown whole"),
	  .run = ui_cmd_scroll_right },
	{ .keys = { '<', KEY_SLEFT }, .scope = KEYMAP_TABLE,
	  .keyname = "<", .help = N_("scroll the table left a column"),
	  .run = ui_cmd_scroll_left },
	{ .keys = { 'P' }, .scope = KEYMAP_ANY,
	  .keyname = "P", .help = N_("toggle port names"),
	  .run = ui_cmd_ports },
	{ .keys = { 'b' }, .scope = KEYMAP_ANY,
	  .keyname = "b", .help = N_("bytes/s or bits/s"),
	  .run = ui_cmd_bits },
	{ .keys = { 'x' }, .scope = KEYMAP_TABLE,
	  .keyname = "x",
	  .help = N_("live: show/hide ended rows (idle past --expire)"),
	  .run = ui_cmd_show_ended },
	{ .keys = { 't' }, .scope = KEYMAP_ANY,
	  .keyname = "t",
	  .help = N_("packet time: absolute, relative, delta"),
	  .run = ui_cmd_time },
	{ .keys = { 'm' }, .scope = KEYMAP_ANY,
	  .keyname = "m", .help = N_("mark/unmark the selected packet"),
	  .run = ui_cmd_mark },
	{ .keys = { 'w' }, .scope = KEYMAP_ANY,
	  .keyname = "w",
	  .help = N_("save packets to a pcap file: the marked ones, else "
		     "the selected connection's or host's, else the list"),
	  .footer = N_("Save"), .run = ui_cmd_save },
	{ .keys = { 'e' }, .scope = KEYMAP_TABLE,
	  .keyname = "e",
	  .help = N_("export the table as CSV (or JSON: name ending .json)"),
	  .run = ui_cmd_export },
	{ .keys = { '+' }, .scope = KEYMAP_ANY,
	  .keyname = "+", .help = N_("refresh less often (like -d)"),
	  .run = ui_cmd_delay_longer },
	{ .keys = { '-' }, .scope = KEYMAP_ANY,
	  .keyname = "-", .help = N_("refresh more often"),
	  .run = ui_cmd_delay_shorter },
	{ .keys = { 'H' }, .scope = KEYMAP_ANY,
	  .keyname = "H",
	  .help = N_("hide/show this SSH session's own connection"),
	  .run = ui_cmd_toggle_self },
	{ .keys = { 'y' }, .scope = KEYMAP_ANY,
	  .keyname = "y",
	  .help = N_("copy the selected row or field to the clipboard (OSC 52)"),
	  .footer = N_("Copy"), .run = ui_cmd_copy },
	{ .keys = { 'Y' }, .scope = KEYMAP_ANY,
	  .keyname = "Y",
	  .help = N_("copy the selected packet as hex to the clipboard"),
	  .run = ui_cmd_copy_packet },
	{ .keys = { 'F' }, .scope = KEYMAP_ANY,
	  .keyname = "F",
	  .help = N_("follow the selected connection's (or packet's) "
		     "stream: its bytes in order"),
	  .run = ui_cmd_follow },
	{ .keys = { 'W' }, .scope = KEYMAP_ANY,
	  .keyname = "W",
	  .help = N_("write view, sort, refresh, units, names, theme and "
		     "filter to the settings file"),
	  .run = ui_cmd_write_settings },
	{ .keys = { 'c' }, .scope = KEYMAP_TABLE,
	  .keyname = "c", .help = N_("clear the counters"),
	  .run = ui_cmd_clear },
	{ .keys = { KEY_UP, 'k' }, .scope = KEYMAP_TABLE,
	  .keyname = "Up k", .help = N_("select the row above"),
	  .run = ui_cmd_up },
	{ .keys = { KEY_DOWN, 'j' }, .scope = KEYMAP_TABLE,
	  .keyname = "Down j", .help = N_("select the row below"),
	  .run = ui_cmd_down },
	{ .keys = { KEY_PPAGE }, .scope = KEYMAP_TABLE,
	  .keyname = "PgUp", .help = N_("one page up"),
	  .run = ui_cmd_page_up },
	{ .keys = { KEY_NPAGE }, .scope = KEYMAP_TABLE,
	  .keyname = "PgDn", .help = N_("one page down"),
	  .run = ui_cmd_page_down },
	{ .keys = { KEY_HOME, 'g' }, .scope = KEYMAP_TABLE,
	  .keyname = "Home g", .help = N_("first row"), .run = ui_cmd_home },
	{ .keys = { KEY_END, 'G' }, .scope = KEYMAP_TABLE,
	  .keyname = "End G", .help = N_("last row"), .run = ui_cmd_end },
	{ .keys = { '\n', '\r', KEY_ENTER }, .scope = KEYMAP_TABLE,
	  .keyname = "Enter",
	  .help = N_("drill down: a host's processes (live) or connections, "
		     "a connection's packets, a packet's fields"),
	  .footer = N_("Open"), .run = ui_cmd_open },
	{ .keys = { KEY_ESC, KEY_BACKSPACE, KEY_LEFT }, .scope = KEYMAP_ANY,
	  .keyname = "Esc", .help = N_("back; while a file loads, stop reading it"),
	  .footer = N_("Back"), .run = ui_cmd_back },
};
const size_t keymap_count = sizeof(keymap_table) / sizeof(keymap_table[0]);

const struct keymap_note keymap_notes[] = {
	{ "Up Down", N_("drill-down: move in the field tree") },
	{ "Right Left", N_("drill-down: open / close a subtree") },
	{ "Enter", N_("drill-down: open or close the selected subtree") },
	{ "PgUp PgDn", N_("drill-down: scroll the field tree") },
	{ "[ ]", N_("drill-down: previous / next packet") },
	{ "Tab v", N_("follow: ASCII, hex, C-escaped, one direction") },
	{ "/ n", N_("follow: find in the stream, next match") },
	{ "z", N_("follow: HTTP bodies decoded (chunked, gzip, deflate), "
		  "QUIC Initial CRYPTO data, or as captured") },
	{ "w y", N_("follow: save (.pcap: the packets), copy the screen") },
	{ "Ctrl-U", N_("edit line: erase to the start") },
	{ "Up Down", N_("edit line: history") },
	{ "Tab", N_("display filter line: complete a field name") },
	{ "Esc", N_("while the display filter runs: cancel it") },
	{ N_("mouse"), N_("click selects a row or a tab, wheel scrolls") },
};
const size_t keymap_notes_count =
	sizeof(keymap_notes) / sizeof(keymap_notes[0]);

const struct keymap_binding *
keymap_find(unsigned scope, int key)
{
	size_t i;
	int k;

	for (i = 0; i < keymap_count; i++) {
		if (!(keymap_table[i].scope & scope))
			continue;
		for (k = 0; k < KEYMAP_KEYS && keymap_table[i].keys[k]; k++)
			if (keymap_table[i].keys[k] == key)
				return &keymap_table[i];
	}
	return NULL;
}
