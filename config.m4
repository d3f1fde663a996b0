dnl config.m4 for the smtpdiag extension

PHP_ARG_ENABLE([smtpdiag],
  [whether to enable smtpdiag support],
  [AS_HELP_STRING([--enable-smtpdiag],
    [Enable smtpdiag, the SMTP connection diagnostics for PHPMailer users])],
  [no])

PHP_ARG_ENABLE([smtpdiag-dev],
  [whether to build smtpdiag with developer warnings as errors],
  [AS_HELP_STRING([--enable-smtpdiag-dev],
    [smtpdiag: compile with -Wall -Wextra -Werror (for development and CI)])],
  [no],
  [no])

if test "$PHP_SMTPDIAG" != "no"; then
  dnl The extension links libssl and libcrypto itself, so that its TLS checks work even
  dnl where PHP's own openssl extension is not loaded. PHP 8.2's PHP_SETUP_OPENSSL only asks
  dnl pkg-config for OpenSSL 1.0.1; src/engine/sd_ssl_compat.h enforces the real minimum (1.1.1).
  PKG_PROG_PKG_CONFIG
  PKG_CHECK_EXISTS([openssl], [], [
    AC_MSG_ERROR([smtpdiag needs OpenSSL 1.1.1 or later and its headers, found through pkg-config.
Install them first: libssl-dev and pkg-config on Debian and Ubuntu, openssl-devel and pkgconf on
Fedora and RHEL; or set PKG_CONFIG_PATH to the directory holding openssl.pc.])
  ])
  PHP_SETUP_OPENSSL([SMTPDIAG_SHARED_LIBADD], [], [
    AC_MSG_ERROR([smtpdiag: OpenSSL was found by pkg-config but could not be set up])
  ])

  dnl Name resolution runs in a detached thread so that it never outlives the probe's deadline.
  AC_SEARCH_LIBS([pthread_create], [pthread], [], [
    AC_MSG_ERROR([smtpdiag needs POSIX threads (pthread_create) for deadline-bound name resolution])
  ])

  SMTPDIAG_CFLAGS="-DZEND_ENABLE_STATIC_TSRMLS_CACHE=1"
  if test "$PHP_SMTPDIAG_DEV" != "no"; then
    SMTPDIAG_CFLAGS="$SMTPDIAG_CFLAGS -Wall -Wextra -Werror -Wno-unused-parameter -Werror=deprecated-declarations"
  fi

  dnl The engine (src/engine) is plain C and includes no PHP header; the PHP layer (src/php) parses
  dnl arguments and options, reads PHPMailer objects and builds the report arrays.
  SMTPDIAG_SOURCES="php_smtpdiag.c
    src/engine/sd_auth.c
    src/engine/sd_castore.c
    src/engine/sd_clouds.c
    src/engine/sd_dsn.c
    src/engine/sd_ehlo.c
    src/engine/sd_envrules.c
    src/engine/sd_findings.c
    src/engine/sd_host.c
    src/engine/sd_mailer.c
    src/engine/sd_mailerhost.c
    src/engine/sd_net.c
    src/engine/sd_probe.c
    src/engine/sd_providers.c
    src/engine/sd_reply.c
    src/engine/sd_scanner.c
    src/engine/sd_smtp.c
    src/engine/sd_sysfacts.c
    src/engine/sd_text.c
    src/engine/sd_tls.c
    src/engine/sd_verdict.c
    src/php/sd_api.c
    src/php/sd_cache.c
    src/php/sd_env.c
    src/php/sd_format.c
    src/php/sd_hook.c
    src/php/sd_observe.c
    src/php/sd_report.c
    src/php/sd_scan.c"

  PHP_NEW_EXTENSION([smtpdiag], [$SMTPDIAG_SOURCES], [$ext_shared], , [$SMTPDIAG_CFLAGS])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/engine])
  PHP_ADD_BUILD_DIR([$ext_builddir/src/php])
  PHP_ADD_INCLUDE([$ext_srcdir])
  PHP_SUBST([SMTPDIAG_SHARED_LIBADD])

  dnl `make install` also installs the smtpdiag command (bin/smtpdiag, see Makefile.frag) beside the PHP
  dnl binary it was built for; where that is not known, into $(prefix)/bin.
  SMTPDIAG_BINDIR='$(prefix)/bin'
  if test -n "$PHP_EXECUTABLE"; then
    SMTPDIAG_BINDIR=`dirname "$PHP_EXECUTABLE"`
  fi
  PHP_SUBST([SMTPDIAG_BINDIR])
  PHP_ADD_MAKEFILE_FRAGMENT
fi
