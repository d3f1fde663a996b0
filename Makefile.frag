# The smtpdiag command beside the extension: `make install` also installs bin/smtpdiag into the folder of
# the PHP binary it was built for (SMTPDIAG_BINDIR, from config.m4), where it runs by its #! line.
# PECL installs the command itself (a script file in package.xml) and sets PHP_PEAR_VERSION while it runs
# `make install`: this step then does nothing, so PECL's copy is the only one.
install: install-smtpdiag-command

install-smtpdiag-command:
	@if test -z "$$PHP_PEAR_VERSION"; then \
		echo "Installing the smtpdiag command:   $(INSTALL_ROOT)$(SMTPDIAG_BINDIR)/smtpdiag"; \
		$(mkinstalldirs) $(INSTALL_ROOT)$(SMTPDIAG_BINDIR) && \
		$(INSTALL) -m 755 $(srcdir)/bin/smtpdiag $(INSTALL_ROOT)$(SMTPDIAG_BINDIR)/smtpdiag; \
	fi

.PHONY: install-smtpdiag-command
