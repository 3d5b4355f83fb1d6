# Documentation.
EXTRA_DIST += doc/architecture.md
