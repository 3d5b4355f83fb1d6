# src/inspect: questions about stored packets (select by scope, dissect
# one with its flow's history, save a set); above the model, below the
# capture, the outputs and ui/.
src_libpktop_a_SOURCES += \
	src/inspect/inspect.c \
	src/inspect/inspect.h
