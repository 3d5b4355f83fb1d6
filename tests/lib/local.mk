# tests/lib: what the scripts share (tmux helpers, a packet crafter)
EXTRA_DIST += tests/lib/pktcraft.py \
	tests/lib/tcpanalysis_pcap.py \
	tests/lib/list_info_compare.py \
	tests/lib/delay_relay.py \
	tests/lib/health_relay_check.py \
	tests/lib/ipfix_sink.py \
	tests/lib/long_names_pcap.py \
	tests/lib/tmux_lib.sh \
	tests/lib/tui_lib.sh \
	tests/lib/tui_mkbidi.py \
	tests/lib/tui_mkescape.py \
	tests/lib/vt_cost.py
