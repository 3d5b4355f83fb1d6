# src/capture: where packets come from (live, files, stdin, ssh remotes),
# the committer that applies batches to the model, the control the UI
# asks for filter changes and stops, and giving up root.
src_libpktop_a_SOURCES += \
	src/capture/capture.c \
	src/capture/capture.h \
	src/capture/collect.c \
	src/capture/collect.h \
	src/capture/committer.c \
	src/capture/committer.h \
	src/capture/control.c \
	src/capture/control.h \
	src/capture/ipfix_in.c \
	src/capture/ipfix_in.h \
	src/capture/privdrop.c \
	src/capture/privdrop.h \
	src/capture/procattr.c \
	src/capture/procattr.h \
	src/capture/remote.c \
	src/capture/remote.h \
	src/capture/selfhide.c \
	src/capture/selfhide.h \
	src/capture/sockdiag.c \
	src/capture/sockdiag.h \
	src/capture/sources.c \
	src/capture/sources.h
