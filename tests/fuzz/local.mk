# Fuzzing (issue 6): libFuzzer harnesses, one per kind of untrusted input.
# `make fuzz` builds them with clang, ASan and UBSan from the engine's own
# sources (instrumented for coverage, so not libpktop.a); `make fuzz-run`
# runs each for FUZZ_SECONDS over its regression corpus in
# tests/fuzz/corpus (read only: new inputs go to tests/fuzz/work). Never
# part of make all or make check; .ci/run calls both.
FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_HARNESSES = fuzz_summary fuzz_tree fuzz_pcap fuzz_textesc fuzz_lineedit \
	fuzz_follow fuzz_follow_http fuzz_dfilter \
	fuzz_keylog fuzz_privreq fuzz_procs fuzz_ipfix fuzz_sockdiag \
	fuzz_quichdr fuzz_jsonw
FUZZ_LIB_SRCS = $(filter %.c,$(src_libpktop_a_SOURCES)) \
	src/decode/field_table_gen.c \
	ui/lineedit.c
FUZZ_OBJS = $(patsubst %.c,tests/fuzz/obj/%.o,$(FUZZ_LIB_SRCS))
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-I$(top_builddir) $(AM_CPPFLAGS) -I$(srcdir)/tests/fuzz \
	$(PCAP_CFLAGS) $(CURSES_CFLAGS) -pthread
FUZZ_LIBS = $(PCAP_LIBS) $(CURSES_LIBS) $(ZLIB_LIBS) $(LIBINTL) -lm -pthread

# every object on every header: a struct that changes must not leave an
# object built against its old layout
FUZZ_DEPEND = $(wildcard $(srcdir)/src/*.h $(srcdir)/src/*/*.h $(srcdir)/src/*/*/*.h \
	$(srcdir)/ui/*.h) $(top_builddir)/config.h
tests/fuzz/obj/%.o: $(srcdir)/%.c $(FUZZ_DEPEND)
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

# the display filter's field table is generated in the build tree
tests/fuzz/obj/src/decode/field_table_gen.o: src/decode/field_table_gen.c $(FUZZ_DEPEND)
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

fuzz: $(FUZZ_OBJS)
	@for h in $(FUZZ_HARNESSES); do \
		echo "  FUZZ     tests/fuzz/$$h"; \
		$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
			$(srcdir)/tests/fuzz/$$h.c $(FUZZ_OBJS) $(FUZZ_LIBS) \
			-o tests/fuzz/$$h || exit 1; \
	done

# A crash leaves tests/fuzz/crash-HARNESS-* and fails: copy it into the
# corpus once the bug is fixed.
fuzz-run: fuzz
	@for h in $(FUZZ_HARNESSES); do \
		$(MKDIR_P) tests/fuzz/work/$$h || exit 1; \
		echo "fuzz-run: $$h for $(FUZZ_SECONDS) s"; \
		tests/fuzz/$$h -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=tests/fuzz/crash-$$h- \
			tests/fuzz/work/$$h $(srcdir)/tests/fuzz/corpus/$$h \
			2>tests/fuzz/$$h.log || { tail -40 tests/fuzz/$$h.log; exit 1; }; \
		grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' \
			tests/fuzz/$$h.log; \
	done
.PHONY: fuzz fuzz-run

clean-local: fuzz-clean
fuzz-clean:
	-rm -rf tests/fuzz/obj tests/fuzz/work tests/fuzz/crash-* \
		tests/fuzz/*.log $(addprefix tests/fuzz/,$(FUZZ_HARNESSES))
.PHONY: fuzz-clean
EXTRA_DIST += tests/fuzz/fuzz_link.h \
	$(addprefix tests/fuzz/,$(addsuffix .c,$(FUZZ_HARNESSES))) \
	tests/fuzz/make_seeds.py tests/fuzz/corpus
