# src/model: the tables (hosts, connections, protocols, fragments), the
# packet store and their one lock; model.h is all its readers see.
# Includes src/decode and src/base.
src_libpktop_a_SOURCES += \
	src/model/connhealth.c \
	src/model/connhealth.h \
	src/model/conntab.c \
	src/model/conntab.h \
	src/model/flowq.c \
	src/model/flowq.h \
	src/model/fragtab.c \
	src/model/fragtab.h \
	src/model/hosttab.c \
	src/model/hosttab.h \
	src/model/model.c \
	src/model/model.h \
	src/model/model_batch.c \
	src/model/model_batch.h \
	src/model/model_collect.c \
	src/model/model_flows.c \
	src/model/model_impl.h \
	src/model/model_names.c \
	src/model/model_procs.c \
	src/model/model_query.c \
	src/model/prototab.c \
	src/model/prototab.h \
	src/model/ring.c \
	src/model/ring.h
