# src/decode: bytes to meaning. The summary and the field tree come from one
# walk (dissect.h); proto/ has one file per protocol; appid names the
# application; flowstate and keylog keep what a flow's earlier packets left.
# Includes only src/base.
src_libpktop_a_SOURCES += \
	src/decode/appid.c \
	src/decode/appid.h \
	src/decode/decode.c \
	src/decode/decode.h \
	src/decode/dissect.c \
	src/decode/dissect.h \
	src/decode/field_table.c \
	src/decode/field_table.h \
	src/decode/flow.h \
	src/decode/flowstate.c \
	src/decode/flowstate.h \
	src/decode/tcpseq.c \
	src/decode/tcpseq.h \
	src/decode/valnames.c \
	src/decode/valnames.h \
	src/decode/valnames_gen.c \
	src/decode/keylog.c \
	src/decode/keylog.h \
	src/decode/proto_list.h \
	src/decode/proto_table.c \
	src/decode/proto_table.h \
	src/decode/quichdr.c \
	src/decode/quichdr.h \
	src/decode/tree.c \
	src/decode/tree.h \
	src/decode/proto/ah.c \
	src/decode/proto/ah.h \
	src/decode/proto/app.c \
	src/decode/proto/app.h \
	src/decode/proto/arista.c \
	src/decode/proto/arista.h \
	src/decode/proto/arp.c \
	src/decode/proto/arp.h \
	src/decode/proto/chdlc.c \
	src/decode/proto/chdlc.h \
	src/decode/proto/dhcp.c \
	src/decode/proto/dns.c \
	src/decode/proto/ethernet.c \
	src/decode/proto/ethernet.h \
	src/decode/proto/ftp.c \
	src/decode/proto/gre.c \
	src/decode/proto/gre.h \
	src/decode/proto/http.c \
	src/decode/proto/icmp.c \
	src/decode/proto/icmp.h \
	src/decode/proto/icmpv6.c \
	src/decode/proto/icmpv6.h \
	src/decode/proto/ipv4.c \
	src/decode/proto/ipv4.h \
	src/decode/proto/ipv6.c \
	src/decode/proto/ipv6.h \
	src/decode/proto/llc.c \
	src/decode/proto/llc.h \
	src/decode/proto/loop.c \
	src/decode/proto/loop.h \
	src/decode/proto/macsec.c \
	src/decode/proto/macsec.h \
	src/decode/proto/mpls.c \
	src/decode/proto/mpls.h \
	src/decode/proto/nsh.c \
	src/decode/proto/nsh.h \
	src/decode/proto/ntp.c \
	src/decode/proto/pim.c \
	src/decode/proto/pim.h \
	src/decode/proto/ppp.c \
	src/decode/proto/ppp.h \
	src/decode/proto/quic.c \
	src/decode/proto/quic_conn.c \
	src/decode/proto/quic_conn.h \
	src/decode/proto/quic_open.h \
	src/decode/proto/quic_crypto.c \
	src/decode/proto/quic_crypto.h \
	src/decode/proto/raw.c \
	src/decode/proto/raw.h \
	src/decode/proto/sctp.c \
	src/decode/proto/sctp.h \
	src/decode/proto/sll.c \
	src/decode/proto/sll.h \
	src/decode/proto/smtp.c \
	src/decode/proto/snmp.c \
	src/decode/proto/ssh.c \
	src/decode/proto/tcp.c \
	src/decode/proto/tcp.h \
	src/decode/proto/tls.c \
	src/decode/proto/udp.c \
	src/decode/proto/udp.h \
	src/decode/proto/udp_tunnel.c \
	src/decode/proto/udp_tunnel.h \
	src/decode/proto/wire.h \
	src/decode/proto/wlan.c \
	src/decode/proto/wlan.h

# The display filter's field table, generated from the dissectors' tree_*
# calls so a new field is known without a table to edit.
nodist_src_libpktop_a_SOURCES = src/decode/field_table_gen.c
BUILT_SOURCES += src/decode/field_table_gen.c
CLEANFILES += src/decode/field_table_gen.c
EXTRA_DIST += src/decode/field_table.awk src/decode/valnames_gen.py
src/decode/field_table_gen.c: $(srcdir)/src/decode/field_table.awk \
		$(filter-out %/field_table_gen.c,$(wildcard \
		$(srcdir)/src/decode/*.c $(srcdir)/src/decode/proto/*.c))
	$(AM_V_GEN)$(MKDIR_P) src/decode && \
	$(AWK) -f $(srcdir)/src/decode/field_table.awk \
		$(filter-out %/field_table_gen.c %/field_table.c %/valnames_gen.c,$(wildcard \
		$(srcdir)/src/decode/*.c $(srcdir)/src/decode/proto/*.c)) \
		> $@.tmp && mv $@.tmp $@
