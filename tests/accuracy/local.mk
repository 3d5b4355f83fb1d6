# tests/accuracy: pktop against tshark: batch JSON against the truth files
# in tests/data, -V/--fields values field by field.
ACCURACY_TESTS = tests/accuracy/batch_truth.sh \
	tests/accuracy/fields_vs_tshark.sh \
	tests/accuracy/follow_vs_tshark.sh \
	tests/accuracy/follow_quic_vs_tshark.sh \
	tests/accuracy/health_vs_tshark.sh \
	tests/accuracy/names_vs_tshark.sh \
	tests/accuracy/quic_rtt_vs_tshark.sh \
	tests/accuracy/dfilter_vs_tshark.sh \
	tests/accuracy/tunnels_vs_tshark.sh \
	tests/accuracy/tree_vs_tshark.sh
TESTS += $(ACCURACY_TESTS)
EXTRA_DIST += $(ACCURACY_TESTS) \
	tests/accuracy/compare_truth.py \
	tests/accuracy/fields_compare.py \
	tests/accuracy/fields_known_gaps.txt \
	tests/accuracy/follow_compare.py \
	tests/accuracy/follow_quic_compare.py \
	tests/accuracy/follow_quic_crafted.py \
	tests/accuracy/health_compare.py \
	tests/accuracy/health_known_diffs.txt \
	tests/accuracy/names_compare.py \
	tests/accuracy/quic_rtt_compare.py \
	tests/accuracy/dfilter_corpus.txt \
	tests/accuracy/tunnels_compare.py \
	tests/accuracy/tree_compare.py \
	tests/data
