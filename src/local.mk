# The engine: no curses here. Each block lists one area's files; keep
# your edits inside your block.

noinst_LIBRARIES += src/libpktop.a
src_libpktop_a_SOURCES =

# -- core types
src_libpktop_a_SOURCES += \
	src/cursor.h \
	src/addr.c src/addr.h \
	src/proto.c src/proto.h \
	src/model.h \
	src/i18n.h \
	src/dissect.h
# -- end core types

# -- decode: link, network and transport layers
# -- end decode

# -- application protocols and identification
src_libpktop_a_SOURCES += src/appid.h
# -- end application protocols

# -- field tree, -V and --fields output
src_libpktop_a_SOURCES += src/tree.c src/tree.h \
	src/packet_print.c src/packet_print.h
# -- end field tree

# -- tables, packet store and model
# -- end tables

# -- capture, batch reports and main
# -- end capture

bin_PROGRAMS += src/pktop
src_pktop_SOURCES = src/main.c
src_pktop_LDADD = src/libpktop.a ui/libpktopui.a src/libpktop.a \
	$(PCAP_LIBS) $(CURSES_LIBS) $(PTHREAD_LIBS) $(LIBINTL) $(LIBS)
