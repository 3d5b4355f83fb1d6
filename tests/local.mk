# Tests, one folder per kind: unit/ (cmocka), cli/ and tui/ (scripts),
# accuracy/ (against tshark), fuzz/, bench/; lib/ is what scripts share.
PKTOP_TEST_LIBS = src/libpktop.a $(CMOCKA_LIBS) $(PCAP_LIBS) $(PTHREAD_LIBS) \
	$(LIBINTL) $(LIBS)
PKTOP_UI_TEST_LIBS = ui/libpktopui.a $(PKTOP_TEST_LIBS) $(CURSES_LIBS)
# the defaults for every check program (src/pktop sets its own LDADD)
LDADD = $(PKTOP_TEST_LIBS)
AM_CPPFLAGS += $(CMOCKA_CFLAGS) -DTEST_DATA_DIR=\"$(abs_top_srcdir)/tests/data\"
# XDG_CONFIG_HOME: a directory that does not exist, so the tester's own
# settings file (src/settings.h) cannot change what the tests see
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	PKTOP='$(abs_top_builddir)/src/pktop' \
	XDG_CONFIG_HOME='$(abs_top_builddir)/tests/no-settings'; \
	export top_srcdir top_builddir PKTOP XDG_CONFIG_HOME;

include tests/unit/local.mk
include tests/cli/local.mk
include tests/accuracy/local.mk
include tests/tui/local.mk
include tests/lib/local.mk
# large captures for the tests come from the bench generator
check_SCRIPTS = tests/bench/gen_capture tests/bench/lockhold.so
include tests/structure/local.mk

# `make bench` (never part of make check): the benchmark programs are built
# only here, optimised and without sanitizers whatever configure said.
BENCH_PROGS = tests/bench/gen_capture tests/bench/readloop \
	tests/bench/parseloop tests/bench/measure tests/bench/lockhold.so
BENCH_CFLAGS = -O2 -g $(PKTOP_WARN_CFLAGS)
tests/bench/gen_capture: $(srcdir)/tests/bench/gen_capture.c
	@$(MKDIR_P) tests/bench
	$(AM_V_CC)$(CC) $(BENCH_CFLAGS) -o $@ $(srcdir)/tests/bench/gen_capture.c
# preloaded into pktop to time the model lock's holds (flood_live, run.sh)
tests/bench/lockhold.so: $(srcdir)/tests/bench/lockhold.c
	@$(MKDIR_P) tests/bench
	$(AM_V_CC)$(CC) $(BENCH_CFLAGS) -shared -fPIC -o $@ $(srcdir)/tests/bench/lockhold.c -ldl
tests/bench/measure: $(srcdir)/tests/bench/measure.c
	@$(MKDIR_P) tests/bench
	$(AM_V_CC)$(CC) $(BENCH_CFLAGS) -o $@ $(srcdir)/tests/bench/measure.c
tests/bench/readloop: $(srcdir)/tests/bench/readloop.c
	@$(MKDIR_P) tests/bench
	$(AM_V_CC)$(CC) $(BENCH_CFLAGS) $(PCAP_CFLAGS) -o $@ $(srcdir)/tests/bench/readloop.c $(PCAP_LIBS)
tests/bench/parseloop: $(srcdir)/tests/bench/parseloop.c
	@$(MKDIR_P) tests/bench
	$(AM_V_CC)$(CC) $(BENCH_CFLAGS) $(PCAP_CFLAGS) -o $@ $(srcdir)/tests/bench/parseloop.c $(PCAP_LIBS)
bench: $(BENCH_PROGS) src/pktop$(EXEEXT)
	bash $(srcdir)/tests/bench/run.sh --pktop src/pktop$(EXEEXT) \
		--bin tests/bench --data tests/bench/data $(BENCH_ARGS)
.PHONY: bench
CLEANFILES += $(BENCH_PROGS)
EXTRA_DIST += tests/bench/README.md tests/bench/run.sh \
	tests/bench/gen_capture.c tests/bench/readloop.c \
	tests/bench/parseloop.c tests/bench/measure.c tests/bench/ui_latency.py tests/bench/dfilter_ui.py \
	tests/bench/lockhold.c tests/bench/select_hold.c \
	tests/bench/dfilter_store.c \
	tests/bench/ui_in_tmux.sh
TESTS += $(check_PROGRAMS)
