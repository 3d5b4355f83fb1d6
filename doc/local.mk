# Documentation.
EXTRA_DIST += doc/architecture.md doc/performance.md
EXTRA_DIST += doc/screenshots/README.md doc/screenshots/make.sh doc/screenshots/hosts.txt doc/screenshots/conns.txt doc/screenshots/protos.txt doc/screenshots/packets.txt doc/screenshots/detail.txt doc/screenshots/help.txt
# The man page and the bash completion (issue 7). bash-completion loads
# completions/NAME for command NAME, so the file is installed as "pktop";
# $(datadir) keeps it under the prefix (make distcheck).
dist_man_MANS += doc/pktop.8
bashcompletiondir = $(datadir)/bash-completion/completions
EXTRA_DIST += doc/pktop.bash-completion doc/robustness.md doc/processes.md
# flow export: the fleet page and a systemd unit for a headless exporter
EXTRA_DIST += doc/fleet.md contrib/pktop-export.service
install-data-local: install-bash-completion
uninstall-local: uninstall-bash-completion
install-bash-completion:
	$(MKDIR_P) '$(DESTDIR)$(bashcompletiondir)'
	$(INSTALL_DATA) '$(srcdir)/doc/pktop.bash-completion' \
		'$(DESTDIR)$(bashcompletiondir)/pktop'
uninstall-bash-completion:
	rm -f '$(DESTDIR)$(bashcompletiondir)/pktop'
.PHONY: install-bash-completion uninstall-bash-completion
