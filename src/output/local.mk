# src/output: what --batch, -V and --fields print, and the loading meters.
src_libpktop_a_SOURCES += \
	src/output/batch_meter.c \
	src/output/batch_meter.h \
	src/output/follow_print.c \
	src/output/follow_print.h \
	src/output/flow_export.c \
	src/output/flow_export.h \
	src/output/ipfix.c \
	src/output/ipfix.h \
	src/output/load_progress.c \
	src/output/packet_print.c \
	src/output/packet_print.h \
	src/output/report.h \
	src/output/report_csv.c \
	src/output/report_json.c \
	src/output/report_prom.c \
	src/output/report_schema.c \
	src/output/report_schema.h \
	src/output/report_text.c
