# Documentation.
EXTRA_DIST += doc/architecture.md
EXTRA_DIST += doc/screenshots/README.md doc/screenshots/make.sh doc/screenshots/hosts.txt doc/screenshots/conns.txt doc/screenshots/protos.txt doc/screenshots/packets.txt doc/screenshots/detail.txt doc/screenshots/help.txt
