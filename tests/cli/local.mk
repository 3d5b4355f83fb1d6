# tests/cli: the command line as scripts use it: errors, reports, -w,
# sources, the man page against --help, translations, hostile inputs.
CLI_TESTS = tests/cli/cli_errors.sh \
	tests/cli/display_filter.sh \
	tests/cli/doc_options.sh \
	tests/cli/error_names.sh \
	tests/cli/fields_tcp.sh \
	tests/cli/input_policy.sh \
	tests/cli/rotate_live.sh \
	tests/cli/follow_crafted.sh \
	tests/cli/follow_http.sh \
	tests/cli/follow_quic.sh \
	tests/cli/health_relay.sh \
	tests/cli/i18n_complete.sh \
	tests/cli/ipfix_export.sh \
	tests/cli/flowlog_rotate.sh \
	tests/cli/ipfix_http.sh \
	tests/cli/ipfix_live.sh \
	tests/cli/collect.sh \
	tests/cli/ipfix_health.sh \
	tests/cli/prom_report.sh \
	tests/cli/large_batch_meter.sh \
	tests/cli/privsep_files.sh \
	tests/cli/procs_cost.sh \
	tests/cli/procs_live.sh \
	tests/cli/procs_netns.sh \
	tests/cli/robust_inputs.sh \
	tests/cli/ssh_quiet.sh \
	tests/cli/streams_sources.sh \
	tests/cli/streams_write.sh \
	tests/cli/verbose_malformed.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS) tests/cli/follow_crafted.py tests/cli/follow_http.py
