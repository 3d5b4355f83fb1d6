# The curses UI: everything that touches the terminal. Never libpcap.
noinst_LIBRARIES += ui/libpktopui.a
ui_libpktopui_a_SOURCES = \
	ui/ui.h ui/placeholder.c
