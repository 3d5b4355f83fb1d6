# tests/tui: the terminal UI driven for real in tmux (capture-pane), on
# files, stdin, and live traffic in network namespaces the tests make.
TUI_TESTS = tests/tui/flood_live.sh \
	tests/tui/large_loading.sh \
	tests/tui/large_quit.sh \
	tests/tui/privdrop.sh \
	tests/tui/privsep_ui.sh \
	tests/tui/settings_file.sh \
	tests/tui/ssh_clipboard.sh \
	tests/tui/ssh_quiet_live.sh \
	tests/tui/ssh_selfhide.sh \
	tests/tui/streams_save_ui.sh \
	tests/tui/streams_stdin_ui.sh \
	tests/tui/tui_detail.sh \
	tests/tui/tui_follow.sh \
	tests/tui/tui_follow_hostile.sh \
	tests/tui/tui_follow_evicted.sh \
	tests/tui/tui_follow_http.sh \
	tests/tui/tui_bidi.sh \
	tests/tui/tui_escape.sh \
	tests/tui/tui_dfilter.sh \
	tests/tui/tui_packets_tcpinfo.sh \
	tests/tui/tui_packets_tcpinfo_live.sh \
	tests/tui/tui_dfilter_big.sh \
	tests/tui/tui_dfilter_live.sh \
	tests/tui/tui_collect.sh \
	tests/tui/tui_expire.sh \
	tests/tui/tui_filter.sh \
	tests/tui/tui_filter_huge.sh \
	tests/tui/tui_flows.sh \
	tests/tui/tui_layout.sh \
	tests/tui/tui_scroll.sh \
	tests/tui/tui_remote_err.sh \
	tests/tui/tui_totals.sh \
	tests/tui/tui_replay_end.sh \
	tests/tui/tui_tunnels.sh \
	tests/tui/tui_midstream.sh \
	tests/tui/tui_refilter.sh \
	tests/tui/ssh_selfhide_rows.sh \
	tests/tui/ssh_selfhide_hosts.sh \
	tests/tui/tui_live.sh \
	tests/tui/tui_pause.sh \
	tests/tui/tui_procs.sh \
	tests/tui/tui_quic_rtt.sh \
	tests/tui/tui_resize.sh \
	tests/tui/tui_signals.sh \
	tests/tui/tui_views.sh \
	tests/tui/tui_zh_CN.sh
TESTS += $(TUI_TESTS)
EXTRA_DIST += $(TUI_TESTS)
