#!/usr/bin/env bash
# smtpdiag developer entry point, for a Debian 12 machine (run as root, or with sudo for `setup`).
#
# Usage: bash scripts/dev.sh demo|test|setup|build
#   demo    install what is needed, build, and show smtpdiag at work
#   test    install what is needed, build, and run every check and test
#   setup   only install the Debian packages
#   build   only build modules/smtpdiag.so (phpize, configure, make)
#
# `test` runs the arginfo, layer, code registry and package.xml checks, a build with -Wall -Wextra
# -Werror, the C unit tests and the .phpt suite with run-tests.php, each plain and under valgrind.
# Environment: SMTPDIAG_TEST_STRICT=1 turns every skipped test into a failure (CI sets it);
# SMTPDIAG_SKIP_VALGRIND=1 leaves out the valgrind passes for a quick local run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

packages=(
	# build
	gcc make autoconf pkg-config libssl-dev php8.2-cli php8.2-dev php-pear php-parser git
	# tests: C unit tests, memory checks, real peers, namespaces and firewall rules
	libcmocka-dev valgrind openssl ca-certificates postfix dnsmasq-base nftables iproute2 procps
	libphp-phpmailer composer
	# tests: private mount namespaces (unshare, mount) for the SELinux and DMI look-alikes; part of
	# Debian's required set, named so a trimmed image gets them too
	util-linux mount
	# tests: SMTP AUTH on the private Postfix (Cyrus SASL with a sasldb: saslpasswd2, the mechanism plugins)
	sasl2-bin libsasl2-modules libsasl2-modules-db
	# tests: the monitoring outputs read by their consumers (promtool from prometheus, a node_exporter the
	# test starts, Debian's check_smtp beside --nagios); their services stay stopped (policy-rc.d below)
	prometheus prometheus-node-exporter monitoring-plugins-basic
	# tests: a real WordPress whose wp_mail() failure smtpdiag explains (its MariaDB is started by the test
	# in a temporary data directory and stopped by its PID; the system service stays stopped)
	mariadb-server wordpress php8.2-mysql
)

log() { printf '\n== %s\n' "$*"; }

setup() {
	local missing=()
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		return 0
	fi
	log "installing ${missing[*]}"
	if [ "$(id -u)" != 0 ]; then
		echo "setup needs root to install packages: run it as root or with sudo" >&2
		exit 2
	fi
	# Installing postfix, prometheus and prometheus-node-exporter must not start their system services:
	# the tests run their own instances.
	local policy=/usr/sbin/policy-rc.d made_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && made_policy=1
	fi
	export DEBIAN_FRONTEND=noninteractive
	echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	[ "$made_policy" = 1 ] && rm -f "$policy"
	# Where systemd ignored the policy and started them anyway, stop them again.
	local svc
	for svc in prometheus prometheus-node-exporter mariadb; do
		if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then
			systemctl stop "$svc" || true
		fi
	done
	return 0
}

build() {
	log "building modules/smtpdiag.so"
	if [ ! -f configure ] || [ config.m4 -nt configure ]; then
		phpize >/dev/null 2>&1 || phpize
	fi
	if [ ! -f Makefile ] || [ configure -nt Makefile ]; then
		./configure --enable-smtpdiag --enable-smtpdiag-dev >/dev/null
	fi
	make -j"$(nproc)" >/dev/null
	php -n -d extension="$root/modules/smtpdiag.so" -r 'exit(function_exists("smtpdiag_environment") ? 0 : 1);'
	echo "built $(php -n -d extension="$root/modules/smtpdiag.so" -r 'echo phpversion("smtpdiag");')"
}

passed=0
failed=0
last=$SECONDS
count() { # count NAME STATUS
	local took=$((SECONDS - last))
	last=$SECONDS
	if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "ok: $1 (${took} s)"; else failed=$((failed + 1)); echo "FAILED: $1 (${took} s)"; fi
}

run_phpt() { # run_phpt LABEL [run-tests options...]
	local label=$1 out rc=0
	shift
	out=$(mktemp)
	# The tests start and stop their own servers and mostly wait on them: one worker per core.
	php run-tests.php -q --no-color --show-diff -j"$(nproc)" -n -d extension_dir="$root/modules" -d extension=smtpdiag "$@" tests/ \
		2>&1 | tee "$out" | grep -E '(FAIL|LEAK|SKIP|BORK|WARN)[ &]|^Tests |^Number of tests' || true
	grep -q '^Tests failed *: *0 ' "$out" || rc=1
	grep -Eq '^Tests passed *: *[1-9]' "$out" || rc=1
	if grep -Eq '(LEAK|BORK)[ &]' "$out"; then rc=1; fi
	if [ "${SMTPDIAG_TEST_STRICT:-0}" = 1 ] && ! grep -q '^Tests skipped *: *0 ' "$out"; then
		echo "SMTPDIAG_TEST_STRICT=1: skipped tests count as failures"
		rc=1
	fi
	rm -f "$out"
	count "$label" "$rc"
}

test_all() {
	local rc
	log "arginfo is what gen_stub.php makes of smtpdiag.stub.php"
	rc=0; bash scripts/gen-arginfo.sh --check || rc=$?; count "arginfo up to date" "$rc"
	log "layers: src/engine includes no PHP header, nothing under src/ reads module globals"
	rc=0; bash scripts/check-layers.sh || rc=$?; count "layers apart" "$rc"
	log "code registry: README.md and DESIGN.md list its codes, every code asserted by a test"
	rc=0; php scripts/check-registry.php || rc=$?; count "code registry" "$rc"
	log "package.xml lists every shipped file; versions, build files and composer.json agree"
	rc=0; php scripts/check-package.php || rc=$?; count "package.xml complete" "$rc"

	build
	echo "built in $((SECONDS - last)) s"
	last=$SECONDS
	log "C unit tests"
	rc=0; bash tests/unit/run.sh || rc=$?; count "C unit tests" "$rc"
	log "PHPMailer Host grammar: smtpdiag agrees with PHPMailer itself"
	rc=0; php -n tests/unit/mailerhost_parity.php || rc=$?; count "Host grammar parity with PHPMailer" "$rc"
	log ".phpt tests"
	run_phpt ".phpt tests"
	if [ "${SMTPDIAG_SKIP_VALGRIND:-0}" != 1 ]; then
		log "C unit tests under valgrind"
		rc=0; bash tests/unit/run.sh --valgrind || rc=$?; count "C unit tests (valgrind)" "$rc"
		log ".phpt tests under valgrind"
		run_phpt ".phpt tests (valgrind)" -m
	fi
	echo
	echo "smtpdiag checks: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}

demo() {
	build
	log "smtpdiag_environment(): can this PHP open SMTP connections at all?"
	php -n -d extension="$root/modules/smtpdiag.so" scripts/demo.php
}

case "${1:-}" in
	setup) setup ;;
	build) setup; build ;;
	test) setup; test_all ;;
	demo) setup; demo ;;
	*) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
