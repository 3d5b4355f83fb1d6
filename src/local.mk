# The engine: no curses here. Each folder lists its own files in its
# local.mk; the folders stand in layers, each including only those below it
# (doc/architecture.md): base < decode < model < inspect < capture, output
# < main.
noinst_LIBRARIES += src/libpktop.a
src_libpktop_a_SOURCES = src/options.c src/options.h \
	src/settings.c src/settings.h
include src/base/local.mk
include src/decode/local.mk
include src/model/local.mk
include src/inspect/local.mk
include src/capture/local.mk
include src/output/local.mk

bin_PROGRAMS += src/pktop
src_pktop_SOURCES = src/main.c
src_pktop_LDADD = src/libpktop.a ui/libpktopui.a src/libpktop.a \
	$(PCAP_LIBS) $(CURSES_LIBS) $(PTHREAD_LIBS) $(LIBINTL) $(LIBS)
