#!/usr/bin/env bash
# smtpdiag on other Debian releases, each in a chroot made with `debootstrap --variant=minbase` from the
# mirror of this machine's apt sources (root; this machine's own apt set-up is left as it is).
#
# Usage: bash scripts/matrix.sh [bookworm|trixie|sid|zts|all [PATH...]]
#   (default: all, the four in this order; PATHs: .phpt files or folders)
#   bookworm  Debian 12 as a fresh minimal machine has it: PHP 8.2, OpenSSL 3.0, PHPMailer 6.6.3, Postfix 3.7
#   trixie    Debian 13: PHP 8.4, OpenSSL 3.5, PHPMailer 6.9.3, Postfix 3.10
#   sid       Debian unstable with experimental: PHP 8.5 and 8.6 (while experimental has it), OpenSSL 3.6,
#             PHPMailer 7.1.1, Postfix 3.11
#   zts       in the Debian 13 root: a ZTS debug PHP 8.4 built from Debian's php8.4 source package, with
#             openssl as a loadable module (tests/probe/probe_openssl_missing.phpt leaves it out)
#
# Each root lives in build/roots/NAME and is reused while the marker file written when it was complete
# is there (packages scripts/dev.sh added since are installed into it); it is made anew otherwise, the
# roots side by side (the ZTS PHP as soon as the trixie root is there), each with its own log. The
# working tree (tracked and new files, not ignored ones) is copied to /smtpdiag/LABEL in the root, where
# `scripts/dev.sh suite` builds smtpdiag with the development flags and runs the C unit tests, the
# PHPMailer Host-grammar parity test and the .phpt suite, root tests included, against the root's own
# PHP, OpenSSL, PHPMailer and Postfix, with Debian's standard /etc/hosts (localhost is ::1 too). The
# platforms run SMTPDIAG_MATRIX_JOBS at a time (2 by default), once their roots are made. /proc,
# /sys, /dev (with /dev/pts) and /run are mounted in the root inside a private mount namespace,
# unmounted when it ends, failure or not. Logs: build/matrix/LABEL.log. One line per platform at the
# end. SMTPDIAG_MATRIX_MIRROR overrides the mirror, SMTPDIAG_MATRIX_ROOTS the folder of the roots;
# SMTPDIAG_MATRIX_ROOT_ONLY=1 makes (or checks) the roots and runs nothing in them.
# Exit status: 0 all passed, 1 a test or the build failed, 2 usage or set-up error, 3 the mirror could
# not be reached while making a root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
roots=${SMTPDIAG_MATRIX_ROOTS:-$here/build/roots}
logs=$here/build/matrix

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 2; }  # the header comment
die() { echo "matrix.sh: $*" >&2; exit 2; }
log() { printf '\n== %s\n' "$*"; }

case "${1:-all}" in
	bookworm|trixie|sid|zts) platforms=("$1") ;;
	all) platforms=(bookworm trixie sid zts) ;;
	*) usage ;;
esac
[ $# -eq 0 ] || shift
only=("$@")
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mounts)"

# The Debian mirror this machine's apt uses: the first URI ending in /debian of its sources.
mirror=$( (cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null || true) |
	sed -n -e 's~^URIs:[[:space:]]*\([^[:space:]]*/debian\)/\{0,1\}\([[:space:]].*\)\{0,1\}$~\1~p' \
		-e 's~^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]*/debian\)/\{0,1\}[[:space:]].*~\2~p' | head -n1)
mirror=${SMTPDIAG_MATRIX_MIRROR:-$mirror}
[ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list*"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

# What the tests need, as scripts/dev.sh lists it for Debian 12, with PHP VERSION's packages; valgrind
# and the fuzzers' clang and LLVM (versioned for Debian 12) are left out: the matrix runs neither.
packages_for() { # packages_for PHPVERSION...
	local v
	sed -n '/^packages=(/,/^)/p' scripts/dev.sh | sed -e '1d;$d' -e 's/#.*//' | tr -s ' \t' '\n\n' |
		grep -v -e '^$' -e '^valgrind$' -e '^php8\.2-' -e '^clang$' -e '^libclang-rt-' -e '^llvm-'
	for v in "$@"; do
		sed -n '/^packages=(/,/^)/p' scripts/dev.sh | sed -e '1d;$d' -e 's/#.*//' | tr -s ' \t' '\n\n' |
			sed -n "s/^php8\.2-/php$v-/p"
	done
}

# Platform facts: the suite debootstrap makes, the apt sources of the root, the PHP versions to test.
suite_of() { case $1 in bookworm) echo bookworm ;; trixie) echo trixie ;; sid) echo sid ;; esac; }
sources_of() {
	case $1 in
		bookworm|trixie) echo "deb [signed-by=$keyring] $mirror $1 main" ;;
		sid) printf 'deb [signed-by=%s] %s sid main\ndeb [signed-by=%s] %s experimental main\n' "$keyring" "$mirror" "$keyring" "$mirror" ;;
	esac
}

mirror_failed=0
# A failure of a command that fetched from the mirror: reported as the mirror's (exit 3) when its output
# says the mirror could not be reached.
fetch_failed() { # fetch_failed NAME WHAT LOGFILE
	if grep -Eqi 'Could not resolve|Temporary failure resolving|Unable to connect|Failed to fetch|Connection (timed out|refused|failed)|Failed getting release|Couldn.t download|Network is unreachable|No route to host|Could not connect' "$3"; then
		echo "mirror unreachable: $1: $2 ($mirror): $(grep -Ei '^E:|Could not|Unable|Temporary failure|timed out|unreachable|No route|Failed' "$3" | head -n1)" >&2
		exit 3
	fi
	echo "matrix.sh: $1: $2 failed; the end of $3:" >&2
	tail -n 20 "$3" >&2
	exit 2
}

# Mounts under DIR in this mount namespace, deepest first.
mounts_under() { awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r; }
unmount_under() {
	local m
	for m in $(mounts_under "$1"); do umount -l "$m" 2>/dev/null || true; done
}

# enter DIR COMMAND...: COMMAND in the root DIR, with /proc, /sys, /dev, /dev/pts and a fresh /run
# mounted in a private mount namespace of its own (nothing it mounts, `ip netns add` included, reaches
# this machine's mounts); the trap unmounts them when the command ends, failure or not. With
# enter_netns=1 (a suite) it also gets a network namespace of its own with only lo: platforms that run
# side by side cannot reach each other's servers or take each other's ports, and nothing leaves.
enter() {
	local dir=$1 net=()
	shift
	[ "${enter_netns:-0}" != 1 ] || net=(-n)
	cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
	# Debian's standard /etc/hosts (localhost is ::1 too), as a fresh machine has it, not this machine's
	{ cat tests/places/hosts; printf '127.0.1.1\t%s\n' "$(hostname)"; } > "$dir/etc/hosts"
	unshare -m ${net[@]+"${net[@]}"} --propagation private -- env SD_ENTER_NETNS="${#net[@]}" bash -c '
		dir=$1; shift
		[ "$SD_ENTER_NETNS" = 0 ] || ip link set lo up
		cleanup() {
			for m in run dev/pts dev sys proc; do umount -R "$dir/$m" 2>/dev/null || umount -l "$dir/$m" 2>/dev/null || true; done
			umount "$dir" 2>/dev/null || umount -l "$dir" 2>/dev/null || true
		}
		trap cleanup EXIT
		# the root a mount point of its own: `ip netns exec` remounts / as a slave
		mount --bind "$dir" "$dir"
		mount -t proc proc "$dir/proc"
		mount -t sysfs sysfs "$dir/sys"
		mount --bind /dev "$dir/dev"
		mount --bind /dev/pts "$dir/dev/pts"
		mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$dir/run"
		mkdir -p "$dir/run/lock" "$dir/run/netns"
		rc=0
		chroot "$dir" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 TERM=dumb DEBIAN_FRONTEND=noninteractive \
			${SMTPDIAG_TEST_STRICT:+SMTPDIAG_TEST_STRICT=$SMTPDIAG_TEST_STRICT} "$@" || rc=$?
		exit $rc' bash "$dir" "$@"
}

# The PHP versions a root is tested with: trixie's 8.4; sid's 8.5, and 8.6 when experimental has it.
php_versions() { # php_versions NAME DIR
	case $1 in
		bookworm) echo 8.2 ;;
		trixie) echo 8.4 ;;
		sid)
			echo 8.5
			if enter "$2" apt-cache show php8.6-dev >/dev/null 2>&1; then echo 8.6; fi
			;;
	esac
}

# make_root NAME: build/roots/NAME, reused when its marker says it is complete for the same packages.
make_root() {
	local name=$1 dir=$roots/$1 suite want have started=$SECONDS out versions
	suite=$(suite_of "$name")
	mkdir -p "$roots" "$logs"
	out=$logs/$name-root.log
	if [ -f "$dir/.smtpdiag-root" ]; then
		echo "root $dir: present ($(sed -n 's/^made //p' "$dir/.smtpdiag-root"))"
		# scripts/dev.sh's package list changed since: what is missing is installed into it
		read -r -a versions <<< "$(sed -n 's/^php //p' "$dir/.smtpdiag-root")"
		mapfile -t want < <(packages_for "${versions[@]}")
		have=$(sed -n 's/^packages //p' "$dir/.smtpdiag-root")
		if [ "$have" != "${want[*]}" ]; then
			echo "root $dir: installing the packages scripts/dev.sh now lists (log: $out)"
			enter "$dir" apt-get update -q > "$out" 2>&1 || fetch_failed "$name" "apt-get update" "$out"
			enter "$dir" nice -n 19 ionice -c3 apt-get install -y -q --no-install-recommends "${want[@]}" >> "$out" 2>&1 ||
				fetch_failed "$name" "apt-get install" "$out"
			sed -i "s/^packages .*/packages ${want[*]}/" "$dir/.smtpdiag-root"
		fi
		return 0
	fi
	log "making the $name root in $dir from $mirror (log: $out)"
	unmount_under "$dir"
	[ -z "$(mounts_under "$dir")" ] || die "$dir still has mounts: $(mounts_under "$dir" | paste -sd ' ')"
	rm -rf "$dir"
	command -v debootstrap >/dev/null || {
		apt-get install -y -qq --no-install-recommends debootstrap > "$out" 2>&1 || fetch_failed "$name" "installing debootstrap" "$out"
	}
	if ! /usr/lib/apt/apt-helper download-file "$mirror/dists/$suite/InRelease" "$logs/$suite.InRelease" > "$out" 2>&1; then
		echo "Failed to fetch $mirror/dists/$suite/InRelease" >> "$out"
		fetch_failed "$name" "dists/$suite/InRelease" "$out"
	fi
	nice -n 19 ionice -c3 debootstrap --variant=minbase --keyring="$keyring" "$suite" "$dir" "$mirror" >> "$out" 2>&1 ||
		fetch_failed "$name" "debootstrap" "$out"
	sources_of "$name" > "$dir/etc/apt/sources.list"
	# sid's Release files on the mirror may be past their Valid-Until date.
	echo 'Acquire::Check-Valid-Until "false";' > "$dir/etc/apt/apt.conf.d/99smtpdiag-valid-until"
	# Services installed in the root are not started (the tests start their own instances).
	printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"
	chmod 755 "$dir/usr/sbin/policy-rc.d"
	enter "$dir" sh -c 'echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections' >> "$out" 2>&1
	enter "$dir" apt-get update -q >> "$out" 2>&1 || fetch_failed "$name" "apt-get update" "$out"
	mapfile -t versions < <(php_versions "$name" "$dir")
	mapfile -t want < <(packages_for "${versions[@]}")
	enter "$dir" nice -n 19 ionice -c3 apt-get install -y -q --no-install-recommends "${want[@]}" >> "$out" 2>&1 ||
		fetch_failed "$name" "apt-get install" "$out"
	enter "$dir" apt-get clean >> "$out" 2>&1 || true
	printf 'made %s in %d s\nphp %s\npackages %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" $((SECONDS - started)) \
		"${versions[*]}" "${want[*]}" > "$dir/.smtpdiag-root"
	echo "root $dir: made in $((SECONDS - started)) s"
}

# The ZTS debug PHP of the zts platform: the upstream tarball of Debian's php8.4 source package, at the
# version whose source files the mirror publishes (8.4.16-1; the files of trixie's current 8.4.27 are
# not there), checked against the SHA-256 its .dsc gives. Configured with --enable-zts --enable-debug and
# only the extensions the tests use, installed in the trixie root under $zts_prefix; rebuilt when the
# marker is absent or names other sources or options.
zts_prefix=/opt/php8.4-zts-debug
zts_source=php8.4_8.4.16.orig.tar.xz
zts_sha256=f66f8f48db34e9e29f7bfd6901178e9cf4a1b163e6e497716dfcb8f88bcfae30
zts_configure=(--prefix=$zts_prefix --enable-zts --enable-debug --disable-all --enable-cli --disable-cgi
	--disable-phpdbg --without-pear --with-openssl=shared --enable-ctype --enable-filter --enable-tokenizer
	--enable-posix --enable-pcntl --enable-mbstring --disable-mbregex --enable-session --enable-mysqlnd
	--with-mysqli=mysqlnd --disable-mysqlnd-compression-support --enable-phar)
make_php_zts() {
	local dir=$roots/trixie out=$logs/zts-php.log started=$SECONDS marker
	marker="$zts_source configure ${zts_configure[*]}"
	if [ -f "$dir$zts_prefix/.smtpdiag-php" ] && grep -qxF "$marker" "$dir$zts_prefix/.smtpdiag-php"; then
		echo "ZTS debug PHP $dir$zts_prefix: present ($(sed -n 's/^made //p' "$dir$zts_prefix/.smtpdiag-php"))"
		return 0
	fi
	log "building a ZTS debug PHP 8.4 from Debian 13's php8.4 source package in $dir$zts_prefix (log: $out)"
	enter "$dir" nice -n 19 ionice -c3 apt-get install -y -q --no-install-recommends xz-utils bison re2c > "$out" 2>&1 ||
		fetch_failed zts "apt-get install" "$out"
	mkdir -p "$dir/usr/local/src"
	rm -rf "$dir/usr/local/src/php8.4"
	mkdir "$dir/usr/local/src/php8.4"
	/usr/lib/apt/apt-helper download-file "$mirror/pool/main/p/php8.4/$zts_source" "$dir/usr/local/src/php8.4/$zts_source" \
		"SHA256:$zts_sha256" >> "$out" 2>&1 || fetch_failed zts "$zts_source" "$out"
	enter "$dir" nice -n 19 bash -c 'set -e; prefix=$1; shift; cd /usr/local/src/php8.4; tar -xf php8.4_*.orig.tar.*; cd php-8.4*/
		./configure "$@"; make -j"$(nproc)"; rm -rf "$prefix"; make install' bash "$zts_prefix" "${zts_configure[@]}" >> "$out" 2>&1 || {
		echo "matrix.sh: zts: building PHP failed; the end of $out:" >&2
		tail -n 30 "$out" >&2
		exit 1
	}
	enter "$dir" rm -rf /usr/local/src/php8.4
	printf 'made %s in %d s\n%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" $((SECONDS - started)) "$marker" > "$dir$zts_prefix/.smtpdiag-php"
	echo "ZTS debug PHP $dir$zts_prefix: made in $((SECONDS - started)) s"
}

# The working tree, tracked and new files (not ignored ones: no build output), copied afresh to DIR.
copy_tree() { # copy_tree DIR
	rm -rf "$1"
	mkdir -p "$1"
	git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - -cf - | tar -C "$1" -xf -
}

# count_of LOG WHAT: the tallies of a platform's log. WHAT: passed, failed or skipped.
tally() { # tally LOG
	local unit_p unit_f par_p=0 par_f=0 t_p t_f t_s t_w build_f=0 left_f=0
	unit_p=$(sed -n 's/^\([0-9]\{1,\}\) passed, \([0-9]\{1,\}\) failed$/\1/p' "$1" | head -n1)
	unit_f=$(sed -n 's/^\([0-9]\{1,\}\) passed, \([0-9]\{1,\}\) failed$/\2/p' "$1" | head -n1)
	grep -q '^ok: Host grammar parity' "$1" && par_p=1
	grep -q '^FAILED: Host grammar parity' "$1" && par_f=1
	t_p=$(sed -n 's/^Tests passed *: *\([0-9]\{1,\}\).*/\1/p' "$1" | tail -n1)
	t_f=$(sed -n 's/^Tests failed *: *\([0-9]\{1,\}\).*/\1/p' "$1" | tail -n1)
	t_s=$(sed -n 's/^Tests skipped *: *\([0-9]\{1,\}\).*/\1/p' "$1" | tail -n1)
	# WARN: passed when run-tests.php tried it again (it retries a failed test whose output looks flaky)
	t_w=$(sed -n 's/^Tests warned *: *\([0-9]\{1,\}\).*/\1/p' "$1" | tail -n1)
	grep -q '^built ' "$1" || build_f=1
	# processes left running after the suite, or a borked test, fail the .phpt step without a failed test
	if grep -q '^FAILED: \.phpt tests' "$1" && [ "${t_f:-0}" = 0 ]; then left_f=1; fi
	echo "$(( ${unit_p:-0} + par_p + ${t_p:-0} + ${t_w:-0} )) passed, $(( ${unit_f:-0} + par_f + ${t_f:-0} + build_f + left_f )) failed, ${t_s:-0} skipped"
}

# run_platform LABEL ROOT BINDIR VERSION: smtpdiag built and tested in ROOT with the php, phpize and
# php-config of BINDIR (in the root) VERSION-suffixed, or as they are when VERSION is empty. The tree is
# copied to /smtpdiag/LABEL in the root and the PHP under test comes first in PATH (no update-alternatives),
# so platforms that share a root run side by side. Writes build/matrix/LABEL.log, and LABEL.result:
# the platform's line, then any test run-tests.php passed only on its retry. Exit status 1 on a failure.
run_platform() {
	local label=$1 dir=$2 bindir=$3 v=$4 out=$logs/$1.log started=$SECONDS rc=0 facts retried t
	local work=/smtpdiag/$label
	copy_tree "$dir$work"
	# the other releases' PHPMailer for tests/observe, fetched once on this machine (the suite has no network)
	mkdir -p "$dir$work/build"
	cp -a build/phpmailer-trixie build/phpmailer-sid "$dir$work/build/"
	mkdir -p "$dir$work.bin"
	for t in php phpize php-config; do ln -sfn "$bindir/$t$v" "$dir$work.bin/$t"; done
	local path=$work.bin:/usr/sbin:/usr/bin:/sbin:/bin
	enter_netns=1 enter "$dir" env PATH="$path" nice -n 19 ionice -c3 bash -c 'cd "$0" && bash scripts/dev.sh suite "$@"' "$work" \
		${only[@]+"${only[@]}"} > "$out" 2>&1 || true
	grep -q '^smtpdiag checks: [0-9]* passed, 0 failed' "$out" || rc=1
	facts=$(enter "$dir" env PATH="$path" sh -c '
		php -n -r '"'"'echo "PHP ", PHP_VERSION, " ", PHP_ZTS ? "ZTS" : "NTS", " ", PHP_DEBUG ? "debug" : "release";'"'"'
		printf " OpenSSL %s" "$(openssl version | cut -d" " -f2)"
		printf " PHPMailer %s" "$(sed -n "s/.*const VERSION = .\([^\x27]*\).;.*/\1/p" /usr/share/php/libphp-phpmailer/src/PHPMailer.php)"
		printf " Postfix %s" "$(postconf -d -h mail_version 2>/dev/null)"' 2>/dev/null) || true
	echo "platform: $label $facts: $(tally "$out") ($((SECONDS - started)) s)" > "$logs/$label.result"
	retried=$(grep -a 'WARN .*(warn: Test passed on retry attempt)' "$out" | grep -o '\[tests/[^]]*\]' | tr -d '[]' | paste -sd ' ' -) || true
	[ -z "$retried" ] || echo "$label: passed only when run-tests.php ran it again: $retried" >> "$logs/$label.result"
	# what the step lines and failures of the platform were, in one block
	{
		echo "== $label: done"
		grep -aE '^(ok|FAILED|skipped|built|left running)|(FAIL|LEAK|BORK)[ &]|^Tests (passed|failed|skipped)|^[0-9]+ passed' "$out" || true
	}
	echo "$rc" > "$logs/$label.rc"
	return "$rc"
}

# One run at a time: the platforms share roots.
mkdir -p "$roots"
exec 9> "$roots/.lock"
flock -n 9 || die "another scripts/matrix.sh is running on $roots"
make_root_only=${SMTPDIAG_MATRIX_ROOT_ONLY:-0}
# The roots are made side by side, each with its own log: debootstrap and apt mostly wait on the mirror.
# The ZTS PHP is built in the trixie root as soon as that root is there. debootstrap is installed here,
# once, as apt takes one lock. A failure's exit status is the script's, one other than 3 (the mirror)
# first.
command -v debootstrap >/dev/null || {
	mkdir -p "$logs"
	apt-get install -y -qq --no-install-recommends debootstrap > "$logs/debootstrap.log" 2>&1 ||
		fetch_failed debootstrap "installing debootstrap" "$logs/debootstrap.log"
}
need=()
for name in "${platforms[@]}"; do
	[ "$name" != zts ] || name=trixie
	[[ " ${need[*]-} " == *" $name "* ]] || need+=("$name")
done
pids=()
for name in "${need[@]}"; do
	if [ "$name" = trixie ] && [[ " ${platforms[*]} " == *" zts "* ]]; then
		(make_root trixie && make_php_zts) &
	else
		make_root "$name" &
	fi
	pids+=("$!")
done
made=0
for pid in "${pids[@]}"; do
	rc=0; wait "$pid" || rc=$?
	if [ "$rc" != 0 ] && { [ "$made" = 0 ] || { [ "$made" = 3 ] && [ "$rc" != 3 ]; }; }; then made=$rc; fi
done
[ "$made" = 0 ] || exit "$made"
[ "$make_root_only" != 1 ] || exit 0

# tests/observe runs the explanations on PHPMailer as Debian 13 and unstable package it: fetched here
# (tests/observe/observe_lib.inc, into build/phpmailer-SUITE) and copied into each platform's tree.
mkdir -p "$logs"
out=$logs/phpmailer-fetch.log
command -v php > /dev/null || die "needs this machine's php to fetch PHPMailer (bash scripts/dev.sh build installs it)"
php -n -r 'require "tests/observe/observe_lib.inc";
	foreach (["trixie", "sid"] as $suite) {
		[$autoload, $why] = ob_fetch_phpmailer($suite);
		if ($autoload === null) { fwrite(STDERR, "$why\n"); exit(1); }
	}' > "$out" 2>&1 || fetch_failed phpmailer "fetching PHPMailer from Debian trixie and sid" "$out"

# The platforms: LABEL ROOT BINDIR VERSION.
queue=()
for name in "${platforms[@]}"; do
	case $name in
		zts) queue+=("zts $roots/trixie $zts_prefix/bin -") ;;
		sid) for v in $(sed -n 's/^php //p' "$roots/sid/.smtpdiag-root"); do queue+=("sid-php$v $roots/sid /usr/bin $v"); done ;;
		*) queue+=("$name $roots/$name /usr/bin $(sed -n 's/^php //p' "$roots/$name/.smtpdiag-root")") ;;
	esac
done
# The suites mostly wait on their servers and deadlines (the load stays under 1 on two cores with one
# platform running), so SMTPDIAG_MATRIX_JOBS of them (2 by default) run at once; each keeps its own
# run-tests.php workers (one per core).
jobs_max=${SMTPDIAG_MATRIX_JOBS:-2}
case $jobs_max in '' | *[!0-9]* | 0) die "SMTPDIAG_MATRIX_JOBS must be a positive number" ;; esac
started_all=$SECONDS
for entry in "${queue[@]}"; do
	read -r label dir bindir v <<< "$entry"
	[ "$v" != - ] || v=
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
	rm -f "$logs/$label.result" "$logs/$label.rc"
	log "$label: building and testing smtpdiag (log: $logs/$label.log)"
	run_platform "$label" "$dir" "$bindir" "$v" &
done
wait || true
overall=0
echo
for entry in "${queue[@]}"; do
	read -r label _ <<< "$entry"
	if [ ! -f "$logs/$label.result" ]; then
		echo "platform: $label: no result (see $logs/$label.log)"
		overall=1
		continue
	fi
	sed -n '2,$p' "$logs/$label.result"
done
for entry in "${queue[@]}"; do
	read -r label _ <<< "$entry"
	[ -f "$logs/$label.result" ] || continue
	head -n1 "$logs/$label.result"
	[ "$(cat "$logs/$label.rc" 2>/dev/null)" = 0 ] || overall=1
done
echo "matrix: $((SECONDS - started_all)) s for ${#queue[@]} platforms, $jobs_max at a time"
exit "$overall"
