# The curses UI: everything that touches the terminal. Never libpcap.
noinst_LIBRARIES += ui/libpktopui.a
ui_libpktopui_a_SOURCES = \
	ui/ui.h ui/run.c ui/screen.c \
	ui/state.c ui/state.h ui/keymap.c ui/keymap.h \
	ui/lineedit.c ui/lineedit.h ui/dfbar.c ui/dfbar.h ui/layout.c ui/layout.h \
	ui/theme.c ui/theme.h ui/draw.c ui/draw.h \
	ui/format.c ui/format.h \
	ui/header.c ui/header.h ui/help.c ui/help.h \
	ui/view.h ui/view_common.c ui/view_hosts.c ui/view_conns.c \
	ui/view_health.c \
	ui/view_protos.c ui/view_packets.c ui/view_procs.c \
	ui/view_detail.c ui/view_detail.h \
	ui/view_follow.c ui/view_follow.h \
	ui/clipboard.c ui/clipboard.h ui/save.c ui/save.h \
	ui/progress.c ui/progress.h ui/crashsafe.c ui/crashsafe.h \
	ui/steady.c ui/steady.h
