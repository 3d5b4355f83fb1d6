# tests/cli: the command line as scripts use it: errors, reports, -w,
# sources, the man page against --help, translations, hostile inputs.
CLI_TESTS = tests/cli/cli_errors.sh \
	tests/cli/doc_options.sh \
	tests/cli/fields_tcp.sh \
	tests/cli/i18n_complete.sh \
	tests/cli/large_batch_meter.sh \
	tests/cli/robust_inputs.sh \
	tests/cli/ssh_quiet.sh \
	tests/cli/streams_sources.sh \
	tests/cli/streams_write.sh \
	tests/cli/verbose_malformed.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS)
