# Tests: cmocka drivers, one per module, linked against the engine; shell
# scripts for the integration checks. Each block belongs to one area.
PKTOP_TEST_LIBS = src/libpktop.a $(CMOCKA_LIBS) $(PCAP_LIBS) $(PTHREAD_LIBS) \
	$(LIBINTL) $(LIBS)
PKTOP_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -DTEST_DATA_DIR=\"$(abs_top_srcdir)/tests/data\"
# XDG_CONFIG_HOME: a directory that does not exist, so the tester's own
# settings file (src/settings.h) cannot change what the tests see
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	PKTOP='$(abs_top_builddir)/src/pktop' \
	XDG_CONFIG_HOME='$(abs_top_builddir)/tests/no-settings'; \
	export top_srcdir top_builddir PKTOP XDG_CONFIG_HOME;

if HAVE_CMOCKA
# -- decode tests
check_PROGRAMS += tests/test_cursor tests/test_decode
tests_test_cursor_SOURCES = tests/test_cursor.c
tests_test_cursor_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_cursor_LDADD = $(PKTOP_TEST_LIBS)
tests_test_decode_SOURCES = tests/test_decode.c
tests_test_decode_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_decode_LDADD = $(PKTOP_TEST_LIBS)
# -- end decode tests

# -- application protocol tests
check_PROGRAMS += tests/test_appid
tests_test_appid_SOURCES = tests/test_appid.c
tests_test_appid_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_appid_LDADD = $(PKTOP_TEST_LIBS)
# -- end application protocol tests

# -- field tree tests
check_PROGRAMS += tests/test_tree
tests_test_tree_SOURCES = tests/test_tree.c
tests_test_tree_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_tree_LDADD = $(PKTOP_TEST_LIBS)
check_PROGRAMS += tests/test_packet_info
tests_test_packet_info_SOURCES = tests/test_packet_info.c
tests_test_packet_info_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_packet_info_LDADD = $(PKTOP_TEST_LIBS)
check_PROGRAMS += tests/test_quic_crypto
tests_test_quic_crypto_SOURCES = tests/test_quic_crypto.c
tests_test_quic_crypto_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_quic_crypto_LDADD = $(PKTOP_TEST_LIBS)
check_PROGRAMS += tests/test_quic_conn
tests_test_quic_conn_SOURCES = tests/test_quic_conn.c
tests_test_quic_conn_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_quic_conn_LDADD = $(PKTOP_TEST_LIBS)
check_PROGRAMS += tests/test_flowstate
tests_test_flowstate_SOURCES = tests/test_flowstate.c
tests_test_flowstate_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_flowstate_LDADD = $(PKTOP_TEST_LIBS)
check_PROGRAMS += tests/test_keylog
tests_test_keylog_SOURCES = tests/test_keylog.c
tests_test_keylog_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_keylog_LDADD = $(PKTOP_TEST_LIBS)
check_PROGRAMS += tests/test_packet_print
tests_test_packet_print_SOURCES = tests/test_packet_print.c
tests_test_packet_print_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_packet_print_LDADD = $(PKTOP_TEST_LIBS)
TESTS += tests/fields_vs_tshark.sh tests/verbose_malformed.sh
EXTRA_DIST += tests/fields_vs_tshark.sh tests/fields_compare.py \
	tests/fields_known_gaps.txt tests/verbose_malformed.sh
# -- end field tree tests

# -- tables tests
check_PROGRAMS += tests/test_rate
tests_test_rate_SOURCES = tests/test_rate.c
tests_test_rate_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_rate_LDADD = $(PKTOP_TEST_LIBS)
check_PROGRAMS += tests/test_ring
tests_test_ring_SOURCES = tests/test_ring.c
tests_test_ring_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_ring_LDADD = $(PKTOP_TEST_LIBS)
check_PROGRAMS += tests/test_hosttab
tests_test_hosttab_SOURCES = tests/test_hosttab.c
tests_test_hosttab_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_hosttab_LDADD = $(PKTOP_TEST_LIBS)
check_PROGRAMS += tests/test_conntab
tests_test_conntab_SOURCES = tests/test_conntab.c
tests_test_conntab_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_conntab_LDADD = $(PKTOP_TEST_LIBS)
check_PROGRAMS += tests/test_model
tests_test_model_SOURCES = tests/test_model.c
tests_test_model_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_model_LDADD = $(PKTOP_TEST_LIBS)
# -- end tables tests

# -- capture and batch tests
check_PROGRAMS += tests/test_jsonw tests/test_escape tests/test_options \
	tests/test_filter tests/test_capture tests/test_units tests/test_addr
check_PROGRAMS += tests/test_topk
tests_test_topk_SOURCES = tests/test_topk.c
tests_test_topk_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_topk_LDADD = $(PKTOP_TEST_LIBS)
tests_test_addr_SOURCES = tests/test_addr.c
tests_test_addr_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_addr_LDADD = $(PKTOP_TEST_LIBS)
tests_test_units_SOURCES = tests/test_units.c
tests_test_units_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_units_LDADD = $(PKTOP_TEST_LIBS)
tests_test_jsonw_SOURCES = tests/test_jsonw.c
tests_test_jsonw_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_jsonw_LDADD = $(PKTOP_TEST_LIBS)
tests_test_escape_SOURCES = tests/test_escape.c
tests_test_escape_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_escape_LDADD = $(PKTOP_TEST_LIBS)
tests_test_options_SOURCES = tests/test_options.c
tests_test_options_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_options_LDADD = $(PKTOP_TEST_LIBS)
tests_test_filter_SOURCES = tests/test_filter.c
tests_test_filter_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_filter_LDADD = $(PKTOP_TEST_LIBS)
tests_test_capture_SOURCES = tests/test_capture.c
tests_test_capture_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_capture_LDADD = $(PKTOP_TEST_LIBS)
TESTS += tests/cli_errors.sh tests/streams_write.sh tests/streams_stdin_ui.sh \
	tests/streams_sources.sh tests/streams_save_ui.sh
EXTRA_DIST += tests/cli_errors.sh tests/streams_write.sh \
	tests/streams_stdin_ui.sh tests/streams_sources.sh tests/streams_save_ui.sh
# -- end capture and batch tests

# -- ui tests
PKTOP_UI_TEST_LIBS = ui/libpktopui.a $(PKTOP_TEST_LIBS) $(CURSES_LIBS)
check_PROGRAMS += tests/test_ui_lineedit tests/test_ui_state \
	tests/test_ui_layout tests/test_ui_text tests/test_ui_detail \
	tests/test_ui_names
tests_test_ui_lineedit_SOURCES = tests/test_ui_lineedit.c
tests_test_ui_lineedit_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_ui_lineedit_LDADD = $(PKTOP_UI_TEST_LIBS)
tests_test_ui_state_SOURCES = tests/test_ui_state.c
tests_test_ui_state_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_ui_state_LDADD = $(PKTOP_UI_TEST_LIBS)
tests_test_ui_layout_SOURCES = tests/test_ui_layout.c
tests_test_ui_layout_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_ui_layout_LDADD = $(PKTOP_UI_TEST_LIBS)
tests_test_ui_text_SOURCES = tests/test_ui_text.c
tests_test_ui_text_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_ui_text_LDADD = $(PKTOP_UI_TEST_LIBS)
tests_test_ui_detail_SOURCES = tests/test_ui_detail.c
tests_test_ui_detail_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_ui_detail_LDADD = $(PKTOP_UI_TEST_LIBS)
tests_test_ui_names_SOURCES = tests/test_ui_names.c
tests_test_ui_names_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_ui_names_LDADD = $(PKTOP_UI_TEST_LIBS)
TESTS += tests/tui_views.sh tests/tui_filter.sh tests/tui_detail.sh tests/tui_flows.sh \
	tests/tui_resize.sh tests/tui_escape.sh tests/tui_pause.sh \
	tests/tui_signals.sh
EXTRA_DIST += tests/tmux_lib.sh tests/tui_lib.sh tests/tui_views.sh tests/tui_filter.sh \
	tests/tui_detail.sh tests/tui_flows.sh tests/tui_resize.sh tests/tui_escape.sh \
	tests/tui_pause.sh tests/tui_signals.sh tests/tui_mkescape.py
# our own SSH session and the OSC 52 clipboard (issue 9)
check_PROGRAMS += tests/test_selfhide
tests_test_selfhide_SOURCES = tests/test_selfhide.c
tests_test_selfhide_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_selfhide_LDADD = $(PKTOP_UI_TEST_LIBS)
TESTS += tests/ssh_selfhide.sh tests/ssh_clipboard.sh tests/ssh_quiet.sh
EXTRA_DIST += tests/ssh_selfhide.sh tests/ssh_clipboard.sh tests/ssh_quiet.sh
# large captures: progress, stopping, nothing lost on quit (issue 8); the
# captures come from the bench generator, built for make check too
check_SCRIPTS = tests/bench/gen_capture
TESTS += tests/large_loading.sh tests/large_batch_meter.sh tests/large_quit.sh
EXTRA_DIST += tests/large_loading.sh tests/large_batch_meter.sh \
	tests/large_quit.sh
# translations complete, and the zh_CN screen aligned (issue 7)
TESTS += tests/i18n_complete.sh tests/tui_zh_CN.sh
EXTRA_DIST += tests/i18n_complete.sh tests/tui_zh_CN.sh
# the settings file, --config, --theme and W (issue 7)
TESTS += tests/settings_file.sh
EXTRA_DIST += tests/settings_file.sh
# floods replayed live through a veth pair: bounded tables, the UI answers
TESTS += tests/flood_live.sh
EXTRA_DIST += tests/flood_live.sh
# root given up once the capture is open (issue 6)
TESTS += tests/privdrop.sh
EXTRA_DIST += tests/privdrop.sh
# the bad-input matrix (issue 6, doc/robustness.md)
TESTS += tests/robust_inputs.sh
EXTRA_DIST += tests/robust_inputs.sh tests/pktcraft.py
# -- end ui tests
endif

# -- infra tests
# The integration test: batch JSON against tshark's truth on every capture
# in tests/data (a directory in EXTRA_DIST is copied whole into the tarball).
TESTS += tests/batch_truth.sh
EXTRA_DIST += tests/batch_truth.sh tests/compare_truth.py tests/data

# `make bench` (never part of make check): the benchmark programs are built
# only here, optimised and without sanitizers whatever configure said.
BENCH_PROGS = tests/bench/gen_capture tests/bench/readloop \
	tests/bench/parseloop tests/bench/measure
BENCH_CFLAGS = -O2 -g $(PKTOP_WARN_CFLAGS)
tests/bench/gen_capture: $(srcdir)/tests/bench/gen_capture.c
	@$(MKDIR_P) tests/bench
	$(AM_V_CC)$(CC) $(BENCH_CFLAGS) -o $@ $(srcdir)/tests/bench/gen_capture.c
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
	tests/bench/parseloop.c tests/bench/measure.c tests/bench/ui_latency.py \
	tests/bench/ui_in_tmux.sh
# the man page lists exactly the options of --help, and renders cleanly
TESTS += tests/doc_options.sh
EXTRA_DIST += tests/doc_options.sh
# -- end infra tests

TESTS += $(check_PROGRAMS)
