# tests/unit: cmocka drivers, one per module, linked against the engine
# (and the UI library for the ui drivers). A driver is one line here: its
# source is tests/unit/NAME.c, its flags and libraries the defaults below.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_addr
check_PROGRAMS += tests/unit/test_appid
check_PROGRAMS += tests/unit/test_capture
check_PROGRAMS += tests/unit/test_community_id
check_PROGRAMS += tests/unit/test_control
check_PROGRAMS += tests/unit/test_conntab
check_PROGRAMS += tests/unit/test_connhealth
check_PROGRAMS += tests/unit/test_cursor
check_PROGRAMS += tests/unit/test_decode
check_PROGRAMS += tests/unit/test_dfilter
check_PROGRAMS += tests/unit/test_escape
check_PROGRAMS += tests/unit/test_filter
check_PROGRAMS += tests/unit/test_flowlist
check_PROGRAMS += tests/unit/test_flowstate
check_PROGRAMS += tests/unit/test_follow
check_PROGRAMS += tests/unit/test_hosttab
check_PROGRAMS += tests/unit/test_inspect
check_PROGRAMS += tests/unit/test_ipfix
check_PROGRAMS += tests/unit/test_jsonw
check_PROGRAMS += tests/unit/test_keylog
check_PROGRAMS += tests/unit/test_model
check_PROGRAMS += tests/unit/test_options
check_PROGRAMS += tests/unit/test_packet_info
check_PROGRAMS += tests/unit/test_packet_print
check_PROGRAMS += tests/unit/test_privhelper
check_PROGRAMS += tests/unit/test_procs
check_PROGRAMS += tests/unit/test_proto_table
check_PROGRAMS += tests/unit/test_quic_conn
check_PROGRAMS += tests/unit/test_quic_crypto
check_PROGRAMS += tests/unit/test_rate
check_PROGRAMS += tests/unit/test_report
check_PROGRAMS += tests/unit/test_ring
check_PROGRAMS += tests/unit/test_selfhide
tests_unit_test_selfhide_LDADD = $(PKTOP_UI_TEST_LIBS)
check_PROGRAMS += tests/unit/test_topk
check_PROGRAMS += tests/unit/test_tree
check_PROGRAMS += tests/unit/test_ui_detail
tests_unit_test_ui_detail_LDADD = $(PKTOP_UI_TEST_LIBS)
check_PROGRAMS += tests/unit/test_ui_dfbar
tests_unit_test_ui_dfbar_LDADD = $(PKTOP_UI_TEST_LIBS)
check_PROGRAMS += tests/unit/test_ui_layout
tests_unit_test_ui_layout_LDADD = $(PKTOP_UI_TEST_LIBS)
check_PROGRAMS += tests/unit/test_ui_lineedit
tests_unit_test_ui_lineedit_LDADD = $(PKTOP_UI_TEST_LIBS)
check_PROGRAMS += tests/unit/test_ui_names
tests_unit_test_ui_names_LDADD = $(PKTOP_UI_TEST_LIBS)
check_PROGRAMS += tests/unit/test_ui_state
tests_unit_test_ui_state_LDADD = $(PKTOP_UI_TEST_LIBS)
check_PROGRAMS += tests/unit/test_ui_text
tests_unit_test_ui_text_LDADD = $(PKTOP_UI_TEST_LIBS)
check_PROGRAMS += tests/unit/test_units
endif
