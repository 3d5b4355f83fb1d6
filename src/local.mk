# The engine: no curses here. Each block lists one area's files; keep
# your edits inside your block.

noinst_LIBRARIES += src/libpktop.a
src_libpktop_a_SOURCES =

# -- core types
src_libpktop_a_SOURCES += \
	src/cursor.h \
	src/addr.c src/addr.h \
	src/proto.c src/proto.h \
	src/model.h \
	src/i18n.h \
	src/dissect.h
# -- end core types

# -- decode: link, network and transport layers
src_libpktop_a_SOURCES += \
	src/decode.c src/decode.h \
	src/dissect.c \
	src/proto/wire.h \
	src/proto/ethernet.c src/proto/ethernet.h \
	src/proto/sll.c src/proto/sll.h \
	src/proto/loop.c src/proto/loop.h \
	src/proto/raw.c src/proto/raw.h \
	src/proto/ppp.c src/proto/ppp.h \
	src/proto/mpls.c src/proto/mpls.h \
	src/proto/llc.c src/proto/llc.h \
	src/proto/arp.c src/proto/arp.h \
	src/proto/ipv4.c src/proto/ipv4.h \
	src/proto/ipv6.c src/proto/ipv6.h \
	src/proto/ah.c src/proto/ah.h \
	src/proto/icmp.c src/proto/icmp.h \
	src/proto/icmpv6.c src/proto/icmpv6.h \
	src/proto/tcp.c src/proto/tcp.h \
	src/proto/udp.c src/proto/udp.h \
	src/proto/sctp.c src/proto/sctp.h \
	src/proto/arista.c src/proto/arista.h \
	src/proto/macsec.c src/proto/macsec.h \
	src/proto/nsh.c src/proto/nsh.h \
	src/proto/gre.c src/proto/gre.h \
	src/proto/udp_tunnel.c src/proto/udp_tunnel.h \
	src/proto/chdlc.c src/proto/chdlc.h \
	src/proto/pim.c src/proto/pim.h \
	src/proto/wlan.c src/proto/wlan.h
# -- end decode

# -- application protocols and identification
src_libpktop_a_SOURCES += src/appid.c src/appid.h \
	src/proto/app.c src/proto/app.h \
	src/proto/dns.c src/proto/http.c src/proto/tls.c src/proto/quic.c \
	src/proto/ssh.c src/proto/dhcp.c src/proto/ntp.c src/proto/smtp.c \
	src/proto/ftp.c src/proto/snmp.c
# -- end application protocols

# -- field tree, -V and --fields output
src_libpktop_a_SOURCES += src/tree.c src/tree.h \
	src/packet_print.c src/packet_print.h \
	src/packet_info.c src/packet_info.h \
	src/quic_crypto.c src/quic_crypto.h \
	src/keylog.c src/keylog.h \
	src/flowstate.c src/flowstate.h \
	src/quic_conn.c src/quic_conn.h
# -- end field tree

# -- tables, packet store and model
src_libpktop_a_SOURCES += \
	src/model.c src/model_impl.h src/model_query.c \
	src/model_batch.c src/model_batch.h \
	src/hosttab.c src/hosttab.h src/conntab.c src/conntab.h \
	src/prototab.c src/prototab.h src/fragtab.c src/fragtab.h \
	src/rate.c src/rate.h src/ring.c src/ring.h \
	src/slab.c src/slab.h src/topk.c src/topk.h \
	src/lru.h src/tabhash.h
# -- end tables

# -- names: reverse DNS and port names (owned by the ui area)
src_libpktop_a_SOURCES += src/resolver.c src/resolver.h \
	src/services.c src/services.h
# -- end names

# -- capture, batch reports and main
src_libpktop_a_SOURCES += \
	src/options.c src/options.h \
	src/capture.c src/capture.h \
	src/committer.c src/committer.h \
	src/filter.c src/filter.h \
	src/report.h src/report_json.c src/report_text.c src/report_csv.c \
	src/jsonw.c src/jsonw.h \
	src/escape.c src/escape.h \
	src/units.c src/units.h \
	src/selfhide.c src/selfhide.h \
	src/pcap_writer.c src/pcap_writer.h \
	src/sources.c src/sources.h \
	src/remote.c src/remote.h \
	src/load_progress.c src/load_progress.h \
	src/batch_meter.c src/batch_meter.h \
	src/settings.c src/settings.h \
	src/privdrop.c src/privdrop.h
# -- end capture

bin_PROGRAMS += src/pktop
src_pktop_SOURCES = src/main.c
src_pktop_LDADD = src/libpktop.a ui/libpktopui.a src/libpktop.a \
	$(PCAP_LIBS) $(CURSES_LIBS) $(PTHREAD_LIBS) $(LIBINTL) $(LIBS)
