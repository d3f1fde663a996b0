#!/usr/bin/env bash
# smtpdiag developer entry point, for a Debian 12 machine (run as root, or with sudo for `setup`).
#
# Usage: bash scripts/dev.sh demo|test|setup|build|fuzz|sanitize|valgrind|suite
#   demo      install what is needed, build, and show smtpdiag at work
#   test      install what is needed, build, and run every check and test
#   setup     only install the Debian packages
#   build     only build modules/smtpdiag.so (phpize, configure, make)
#   fuzz      only the fuzzing step of `test` (tests/fuzz/run.sh)
#   sanitize  only the sanitizer steps of `test` (build/asan)
#   valgrind  only the valgrind steps of `test` (C unit tests, then the .phpt folders)
#   suite     build, then the C unit tests, Host grammar parity and the .phpt suite (or the PATHs
#             given) once
#
# `test` runs the arginfo, layer, code registry and package.xml checks, a -Wall -Wextra -Werror build,
# the C unit tests and the .phpt suite, each plain and under valgrind, the suite again in
# tests/places.sh and on the platforms of scripts/matrix.sh (Debian 12, 13, unstable, a ZTS debug PHP),
# the engine's parsers under libFuzzer, and the unit tests and the .phpt folders that drive the C code
# with ASan and UBSan. SMTPDIAG_TEST_STRICT=1 turns skips into failures (CI); SMTPDIAG_SKIP_VALGRIND=1,
# SMTPDIAG_SKIP_SANITIZERS=1 and SMTPDIAG_SKIP_MATRIX=1 leave those passes out of a quick local run;
# SMTPDIAG_FUZZ_SECONDS sets the fuzzing time per target (default 20; 0 only replays the corpus).
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
	# tests: libFuzzer targets (clang with its sanitizer and libFuzzer runtimes; llvm-symbolizer for the
	# reports' lines); gcc's own ASan and UBSan runtimes come with gcc
	clang libclang-rt-14-dev llvm-14
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

# Processes whose command line or working directory names DIR (a private Postfix's master and smtpd,
# dnsmasq, smtpfix.php...), one "PID NAME" a line.
phpt_processes() { # phpt_processes DIR
	local p cmd cwd
	for p in /proc/[0-9]*; do
		cmd=$(tr '\0' ' ' 2>/dev/null < "$p/cmdline") || continue
		cwd=$(readlink "$p/cwd" 2>/dev/null) || cwd=
		case "$cmd|$cwd/" in
			*"$1/"*) echo "${p#/proc/} $(cat "$p/comm" 2>/dev/null)" ;;
		esac
	done
}

# The .phpt suite. Its tests keep their files and start their servers under a work directory of this
# run (TMPDIR), so that what the run leaves running can be told apart from anything else on the machine:
# after run-tests.php returns, any such process fails the run (it is named, then ended by its PID).
# phpt_prefix, when set, is a command that runs run-tests.php (e.g. in a private mount namespace).
# phpt_extdir is where smtpdiag.so is taken from; phpt_sanitizer_logs, when set, a folder where the
# sanitizers write their reports (any report there, or in the run's output, fails the run).
phpt_prefix=()
phpt_dirs=(tests/)   # what run_phpt runs
phpt_extdir=$root/modules
phpt_sanitizer_logs=
# A PHP with openssl as a loadable module (not built in, as in Debian's PHP) gets it in the tests and in
# every child PHP they start (SMTPDIAG_TEST_OPENSSL_SO, read by tests/lib/probe.inc's sd_php());
# tests/probe/probe_openssl_missing.phpt starts one without it.
openssl_module() {
	php -n -r 'if (!extension_loaded("openssl") && is_file(PHP_EXTENSION_DIR . "/openssl.so")) echo PHP_EXTENSION_DIR, "/openssl.so";'
}
# PHPMailer's own Host parsing against smtpdiag's (tests/unit/mailerhost_parity.php), in a PHP with openssl.
host_grammar_parity() {
	local so rc=0
	log "PHPMailer Host grammar: smtpdiag agrees with PHPMailer itself"
	so=$(openssl_module)
	php -n ${so:+-d "extension=$so"} tests/unit/mailerhost_parity.php || rc=$?
	count "Host grammar parity with PHPMailer" "$rc"
}
run_phpt() { # run_phpt LABEL [run-tests options...]
	local label=$1 out rc=0 work left skipped reasons retried i so openssl=()
	shift
	so=$(openssl_module)
	if [ -n "$so" ]; then export SMTPDIAG_TEST_OPENSSL_SO=$so; openssl=(-d "extension=$so"); else unset SMTPDIAG_TEST_OPENSSL_SO; fi
	out=$(mktemp)
	work=$(mktemp -d /tmp/smtpdiag-phpt.XXXXXX)
	chmod 755 "$work"   # the private Postfix's daemons, no longer root, work under it
	# The tests start and stop their own servers and mostly wait on them: one worker per core.
	TMPDIR=$work "${phpt_prefix[@]}" php run-tests.php -q --no-color --show-diff -j"$(nproc)" -n -d extension_dir="$phpt_extdir" -d extension=smtpdiag ${openssl[@]+"${openssl[@]}"} "$@" "${phpt_dirs[@]}" \
		2>&1 | tee "$out" | awk '/^========DIFF========/ { diff = 1 } diff { print } /^========DONE========/ { diff = 0; next }
			!diff && /(FAIL|LEAK|SKIP|BORK|WARN)[ &]|^Tests |^Number of tests/ { print }' || true
	grep -q '^Tests failed *: *0 ' "$out" || rc=1
	grep -Eq '^Tests passed *: *[1-9]' "$out" || rc=1
	if grep -Eq '(LEAK|BORK)[ &]' "$out"; then rc=1; fi
	# run-tests.php runs a failed test once more when its output looks flaky ("timed out", "connection
	# refused", which many reports here contain) or its code calls microtime(), and counts a pass then
	# as WARN: named here, so that a flaky test is seen
	retried=$(grep -a 'WARN .*(warn: Test passed on retry attempt)' "$out" | grep -o '\[tests/[^]]*\]' | tr -d '[]' | paste -sd ' ' -) || true
	[ -z "$retried" ] || echo "passed only when run-tests.php ran it again (flaky): $retried"
	if [ -n "$phpt_sanitizer_logs" ] && ! sanitizer_clean "$out" "$phpt_sanitizer_logs"/*; then rc=1; fi
	# Skips, grouped by reason, on one line.
	skipped=$(sed -n 's/^Tests skipped *: *\([0-9]*\) .*/\1/p' "$out")
	reasons=$(sed -n 's/.*SKIP .*\] reason: //p' "$out" | sort | uniq -c | sort -rn | sed 's/^ *\([0-9]*\) /\1 × /' | paste -sd ';' - | sed 's/;/; /g')
	echo "skipped: ${skipped:-?}${reasons:+ ($reasons)}"
	# A skip whose reason starts with "platform:" is a fact of this PHP build that another platform of
	# scripts/matrix.sh covers (openssl built in); every other skip fails a strict run.
	if [ "${SMTPDIAG_TEST_STRICT:-0}" = 1 ] &&
		[ "${skipped:-0}" != "$(grep -c 'SKIP .*\] reason: platform: ' "$out")" ]; then
		echo "SMTPDIAG_TEST_STRICT=1: skipped tests count as failures (but for platform facts)"
		rc=1
	fi
	# Nothing the tests started may outlive them (a stop that returns waits until its server is gone).
	for i in 1 2 3 4 5 6 7 8 9 10; do
		left=$(phpt_processes "$work")
		[ -z "$left" ] && break
		sleep 0.2
	done
	if [ -n "$left" ]; then
		echo "left running after the tests: $(echo "$left" | paste -sd ',' - | sed 's/,/, /g')"
		rc=1
		# shellcheck disable=SC2046
		kill -KILL $(echo "$left" | cut -d' ' -f1) 2>/dev/null || true
		sleep 0.5
	fi
	rm -rf "$work" "$out"
	count "$label" "$rc"
}


# Whether the files given hold no sanitizer report; names the reports it finds (missing files are
# fine: a folder without reports).
sanitizer_clean() { # sanitizer_clean FILE...
	local f found=0
	for f in "$@"; do
		[ -f "$f" ] || continue
		if grep -Eq 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)' "$f"; then
			found=1
			echo "sanitizer report in $f:"
			grep -E -m 3 -A 6 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)' "$f" | sed 's/^/  /'
		fi
	done
	[ "$found" = 0 ]
}

# The extension built with AddressSanitizer and UndefinedBehaviorSanitizer (gcc), in build/asan: a copy
# of the files the package ships (scripts/check-package.php --list), outside tests/, with its own
# phpize and configure, so that modules/smtpdiag.so stays as it is. A file is copied again only when it
# changed, so make rebuilds only what changed. Also builds build/asan/asan-dlopen.so
# (scripts/asan-dlopen.c), which lets Debian's PHP load the extension behind the preloaded runtime.
san_flags="-fsanitize=address,undefined -fno-omit-frame-pointer"
build_asan() {
	local dir="$root/build/asan" f
	mkdir -p "$dir"
	php scripts/check-package.php --list | grep -v '^tests/' | while IFS= read -r f; do
		mkdir -p "$dir/$(dirname "$f")"
		cmp -s "$f" "$dir/$f" || cp "$f" "$dir/$f"
	done
	gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$dir/asan-dlopen.so" scripts/asan-dlopen.c || return 1
	(
		cd "$dir" || exit 1
		if [ ! -f configure ] || [ config.m4 -nt configure ]; then
			phpize >/dev/null 2>&1 || phpize || exit 1
		fi
		# no --enable-smtpdiag-dev: gcc's warnings at -O1 with the sanitizers differ (a -Wrestrict false
		# positive); the plain build holds the code to -Werror
		if [ ! -f Makefile ] || [ configure -nt Makefile ]; then
			CC=gcc CFLAGS="-g -O1 $san_flags" LDFLAGS="$san_flags" ./configure --enable-smtpdiag >/dev/null || exit 1
		fi
		make -j"$(nproc)" >/dev/null || exit 1
	)
}

# The sanitizer steps: the build above, the C unit tests built with the same flags (leaks are reported
# too), and the .phpt folders that drive the C code with Debian's PHP started with the ASan runtime
# preloaded (run-tests.php --asan: PHP's own allocator off, so ASan sees every allocation). PHP itself
# leaks at exit, so leak detection is off there (the unit tests and valgrind cover the engine's leaks).
# tests/cli and tests/monitor run the smtpdiag command (a PHP script) for C paths the other folders
# cover; SMTPDIAG_SANITIZE_ALL=1 includes them. hook_cache_secrets_memory.phpt reads all the writable
# memory of a child PHP, which under ASan holds terabytes of shadow mappings: left out.
sanitizers() {
	local rc out logs="$root/build/asan/logs" libasan d f shown=()
	log "sanitizers: the extension built with ASan and UBSan (gcc) in build/asan"
	rc=0; build_asan || rc=$?; count "sanitizer build" "$rc"
	[ "$rc" = 0 ] || return 0
	log "C unit tests built with ASan and UBSan"
	out=$(mktemp)
	rc=0
	CC=gcc CFLAGS_EXTRA="$san_flags -fno-sanitize-recover=all" SMTPDIAG_UNIT_BUILD="$root/build/asan/unit" \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 bash tests/unit/run.sh > "$out" 2>&1 || rc=$?
	grep -E '^== test_.*(FAILED|BUILD)|^[0-9]+ passed' "$out" || true
	sanitizer_clean "$out" || rc=1
	rm -f "$out"
	count "C unit tests (ASan, UBSan)" "$rc"

	libasan=$(gcc -print-file-name=libasan.so)
	rm -rf "$logs"
	mkdir -p "$logs"
	phpt_dirs=()
	for d in tests/*/; do
		case "$d" in tests/cli/|tests/monitor/) [ "${SMTPDIAG_SANITIZE_ALL:-0}" = 1 ] || continue ;; esac
		ls "$d"*.phpt >/dev/null 2>&1 || continue
		if [ "$d" = tests/hook/ ]; then
			for f in "$d"*.phpt; do
				[ "$f" = tests/hook/hook_cache_secrets_memory.phpt ] || phpt_dirs+=("$f")
			done
			shown+=("tests/hook/ (but hook_cache_secrets_memory.phpt)")
			continue
		fi
		phpt_dirs+=("$d")
		shown+=("$d")
	done
	log ".phpt tests with ASan and UBSan: ${shown[*]}"
	phpt_extdir=$root/build/asan/modules
	phpt_sanitizer_logs=$logs
	phpt_prefix=(env LD_PRELOAD="$root/build/asan/asan-dlopen.so:$libasan"
		ASAN_OPTIONS="verify_asan_link_order=0:detect_leaks=0:log_path=$logs/asan"
		UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan")
	run_phpt ".phpt tests (ASan, UBSan)" --asan
	phpt_prefix=()
	phpt_extdir=$root/modules
	phpt_sanitizer_logs=
	phpt_dirs=(tests/)
}

# The valgrind steps: the C unit tests, then every .phpt folder that drives the extension's C code.
# tests/cli and tests/monitor run the smtpdiag command (a PHP script) in child processes, each of which
# valgrind would follow: hours on two cores for C paths the other folders cover; SMTPDIAG_VALGRIND_ALL=1
# includes them. PCRE's JIT reads past its buffers on purpose, which memcheck reports: off for this pass.
valgrind_pass() {
	local rc d
	log "C unit tests under valgrind"
	rc=0; bash tests/unit/run.sh --valgrind || rc=$?; count "C unit tests (valgrind)" "$rc"
	phpt_dirs=()
	for d in tests/*/; do
		case "$d" in tests/cli/|tests/monitor/) [ "${SMTPDIAG_VALGRIND_ALL:-0}" = 1 ] || continue ;; esac
		ls "$d"*.phpt >/dev/null 2>&1 || continue
		phpt_dirs+=("$d")
	done
	log ".phpt tests under valgrind: ${phpt_dirs[*]}"
	run_phpt ".phpt tests (valgrind)" -m -d pcre.jit=0
	phpt_dirs=(tests/)
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
	host_grammar_parity
	log ".phpt tests, with this machine's /etc/hosts"
	run_phpt ".phpt tests (this machine's /etc/hosts)"
	# tests/places.sh while the platform matrix's roots are made: debootstrap and apt mostly wait on the
	# mirror (minutes on a fresh machine, seconds once the roots are there), and places.sh runs in network
	# and mount namespaces of its own.
	local places_out places_pid roots_rc=0
	places_out=$(mktemp)
	bash tests/places.sh > "$places_out" 2>&1 &
	places_pid=$!
	if [ "${SMTPDIAG_SKIP_MATRIX:-0}" != 1 ]; then
		log "platform matrix: the roots of Debian 12, 13 and unstable, a ZTS debug PHP (tests/places.sh runs beside)"
		SMTPDIAG_MATRIX_ROOT_ONLY=1 bash scripts/matrix.sh all || roots_rc=$?
		[ "$roots_rc" != 3 ] || echo "platform matrix: the Debian mirror could not be reached, so the matrix will not run (no test failed)"
		count "platform matrix roots" "$roots_rc"
	fi
	rc=0; wait "$places_pid" || rc=$?
	log ".phpt tests elsewhere: only lo (no default route), IPv4 first in gai.conf, an Azure DMI"
	cat "$places_out"
	rm -f "$places_out"
	count ".phpt tests elsewhere (beside the roots; its time is the wait for it after them)" "$rc"
	log "fuzzing: the engine's parsers under libFuzzer, ${SMTPDIAG_FUZZ_SECONDS:-20} s a target (tests/fuzz/run.sh)"
	rc=0; bash tests/fuzz/run.sh || rc=$?; count "fuzzing" "$rc"
	if [ "${SMTPDIAG_SKIP_SANITIZERS:-0}" != 1 ]; then
		sanitizers
	fi
	if [ "${SMTPDIAG_SKIP_MATRIX:-0}" != 1 ] && [ "$roots_rc" = 0 ]; then
		log "platform matrix: Debian 12 as a fresh machine, 13 and unstable, a ZTS debug PHP (scripts/matrix.sh)"
		rc=0; bash scripts/matrix.sh all || rc=$?
		[ "$rc" != 3 ] || echo "platform matrix: the Debian mirror could not be reached, so the matrix did not run (no test failed)"
		count "platform matrix" "$rc"
	fi
	if [ "${SMTPDIAG_SKIP_VALGRIND:-0}" != 1 ]; then
		valgrind_pass
	fi
	echo
	echo "smtpdiag checks: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# The tests once, on whatever PHP, OpenSSL, PHPMailer and Postfix this system has, no package installed
# (what scripts/matrix.sh runs in the root of each other Debian release); .phpt PATHs may be given.
suite() { # suite [PATH...]
	local rc
	[ $# -eq 0 ] || phpt_dirs=("$@")
	build
	echo "built in $((SECONDS - last)) s"
	last=$SECONDS
	log "C unit tests"
	rc=0; bash tests/unit/run.sh || rc=$?; count "C unit tests" "$rc"
	host_grammar_parity
	log ".phpt tests"
	run_phpt ".phpt tests"
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
	fuzz) setup; rc=0; bash tests/fuzz/run.sh || rc=$?; count "fuzzing" "$rc"; exit "$rc" ;;
	sanitize) setup; build; last=$SECONDS; sanitizers; echo; echo "smtpdiag sanitizer checks: $passed passed, $failed failed"; [ "$failed" = 0 ] ;;
	valgrind) setup; build; last=$SECONDS; valgrind_pass; echo; echo "smtpdiag valgrind checks: $passed passed, $failed failed"; [ "$failed" = 0 ] ;;
	suite) shift; suite "$@" ;;
	*) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 2 ;;  # the header comment
esac
