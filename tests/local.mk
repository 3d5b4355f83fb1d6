# Tests: cmocka drivers, one per module, linked against the engine; shell
# scripts for the integration checks. Each block belongs to one area.
PKTOP_TEST_LIBS = src/libpktop.a $(CMOCKA_LIBS) $(PCAP_LIBS) $(PTHREAD_LIBS) \
	$(LIBINTL) $(LIBS)
PKTOP_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -DTEST_DATA_DIR=\"$(abs_top_srcdir)/tests/data\"
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	PKTOP='$(abs_top_builddir)/src/pktop'; export top_srcdir top_builddir PKTOP;

if HAVE_CMOCKA
# -- decode tests
# -- end decode tests

# -- application protocol tests
# -- end application protocol tests

# -- field tree tests
check_PROGRAMS += tests/test_tree
tests_test_tree_SOURCES = tests/test_tree.c
tests_test_tree_CFLAGS = $(PKTOP_TEST_CFLAGS)
tests_test_tree_LDADD = $(PKTOP_TEST_LIBS)
# fields_vs_tshark.sh and verbose_malformed.sh join TESTS once main.c
# takes -V and --fields.
EXTRA_DIST += tests/fields_vs_tshark.sh tests/fields_compare.py \
	tests/verbose_malformed.sh
# -- end field tree tests

# -- tables tests
# -- end tables tests

# -- capture and batch tests
# -- end capture and batch tests

# -- ui tests
# -- end ui tests
endif

# -- infra tests
# The integration test: batch JSON against tshark's truth on every capture
# in tests/data (a directory in EXTRA_DIST is copied whole into the tarball).
TESTS += tests/batch_truth.sh
EXTRA_DIST += tests/batch_truth.sh tests/compare_truth.py tests/data
# -- end infra tests

TESTS += $(check_PROGRAMS)
