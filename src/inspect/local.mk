# src/inspect: questions about stored packets (select by scope, dissect
# one with its flow's history, save a set, the Info line of the packet
# list); above the model, below the capture, the outputs and ui/.
src_libpktop_a_SOURCES += \
	src/inspect/follow.c \
	src/inspect/follow.h \
	src/inspect/follow_http.c \
	src/inspect/follow_http.h \
	src/inspect/follow_quic.c \
	src/inspect/follow_quic.h \
	src/inspect/inspect.c \
	src/inspect/inspect.h \
	src/inspect/packet_info.c \
	src/inspect/packet_info.h \
	src/inspect/flowlist.c \
	src/inspect/flowlist.h \
	src/inspect/walk.c \
	src/inspect/walk.h
src_libpktop_a_SOURCES += \
	src/inspect/dfilter.c \
	src/inspect/dfilter.h
