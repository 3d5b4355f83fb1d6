# src/base: building blocks that know no packet, table or screen:
# addresses, the checked cursor, text escaping, units, the JSON writer, slabs,
# LRU lists and hashing, top-k, rates, name lookups, the BPF matcher and the
# pcap file writer. Nothing here includes another src/ folder.
src_libpktop_a_SOURCES += \
	src/base/addr.c \
	src/base/addr.h \
	src/base/child.h \
	src/base/community_id.c \
	src/base/community_id.h \
	src/base/cursor.h \
	src/base/escape.c \
	src/base/escape.h \
	src/base/filter.c \
	src/base/flowkey.c \
	src/base/flowkey.h \
	src/base/hex.h \
	src/base/filter.h \
	src/base/i18n.h \
	src/base/infile.c \
	src/base/infile.h \
	src/base/jsonw.c \
	src/base/jsonw.h \
	src/base/lru.h \
	src/base/lrutab.c \
	src/base/lrutab.h \
	src/base/outfile.c \
	src/base/outfile.h \
	src/base/pcap_writer.c \
	src/base/pcap_writer.h \
	src/base/privhelper.c \
	src/base/privhelper.h \
	src/base/privhelper_serve.c \
	src/base/proc_owner.h \
	src/base/procscan.c \
	src/base/procscan.h \
	src/base/rate.c \
	src/base/rate.h \
	src/base/rotate.c \
	src/base/rotate.h \
	src/base/resolver.c \
	src/base/resolver.h \
	src/base/services.c \
	src/base/services.h \
	src/base/sha1.c \
	src/base/sha1.h \
	src/base/slab.c \
	src/base/slab.h \
	src/base/tabhash.h \
	src/base/text.h \
	src/base/thread.c \
	src/base/thread.h \
	src/base/topk.c \
	src/base/topk.h \
	src/base/units.c \
	src/base/units.h
