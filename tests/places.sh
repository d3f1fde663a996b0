#!/usr/bin/env bash
# The .phpt suite once more, on a machine that looks unlike this one. A test asserts what it is about,
# not what the machine it runs on happens to be; this run shows it by changing three common facts at
# once, inside a private mount namespace and a new network namespace (the machine's own files, routes
# and mounts stay as they are):
#
#   - a network namespace with only lo: no default route, as in a container or a build chroot
#   - an /etc/gai.conf that prefers IPv4 (tests/places/gai.conf, bound over the machine's file)
#   - the DMI of an Azure virtual machine (tests/places/dmi-azure, bound at /sys/class/dmi/id), as on
#     many hosted CI runners; the cloud table then adds its advice to port_blocked summaries
#
# `ip netns exec` mounts a fresh sysfs for what it runs, so a test's own namespaces see the machine's real
# /sys/class/dmi/id (none here), not the look-alike; everything else the tests run sees all three facts.
#
#   bash tests/places.sh [run-tests.php options...] [tests...]    (the whole tests/ when no test is named)
#
# Needs Linux, root, unshare(1), mount(8), ip(8) and a built modules/smtpdiag.so. When one is missing it
# says which and exits 0, or 1 under SMTPDIAG_TEST_STRICT=1. Otherwise the exit status is 0 when every
# test passed (under SMTPDIAG_TEST_STRICT=1 a skipped test also counts as a failure), 1 otherwise.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
places=$root/tests/places

cannot() {
	if [ "${SMTPDIAG_TEST_STRICT:-0}" = 1 ]; then
		echo "places: CANNOT RUN: $* (SMTPDIAG_TEST_STRICT=1 makes this a failure)"
		exit 1
	fi
	echo "places: skipped: $*"
	exit 0
}

# The address getaddrinfo() puts first for a name with an IPv6 and an IPv4 address, both with a route and
# a source address (glibc's AI_ADDRCONFIG ignores loopback addresses, and a global IPv6 address
# outranks IPv4 unless gai.conf says otherwise). Asked in a throwaway namespace of its own.
gai_first() {
	local hosts
	hosts=$(mktemp)
	printf '2001:db8::25 dual.places.test\n192.0.2.25 dual.places.test\n' > "$hosts"
	unshare --mount --net --propagation private sh -c 'ip link set lo up && ip addr add 192.0.2.1/24 dev lo &&
		ip -6 addr add 2001:db8::1/64 dev lo nodad && mount --bind "$1" /etc/hosts &&
		getent ahosts dual.places.test' sh "$hosts" | awk 'NR == 1 {print $1}'
	rm -f "$hosts"
}

# Inside the namespaces (the script runs itself again under unshare): make the place. Returns 1, having
# said what failed, when it cannot be made here.
make_place() {
	ip link set lo up || return 1
	mount --bind "$places/gai.conf" /etc/gai.conf || return 1
	if [ -d /sys/class/dmi/id ]; then
		mount --bind "$places/dmi-azure" /sys/class/dmi/id || return 1
	else
		# sysfs takes no new directory: a tmpfs over /sys/class, the machine's classes bound back into it
		local keep n
		keep=$(mktemp -d) || return 1
		mount --bind /sys/class "$keep" || return 1
		mount -t tmpfs smtpdiag-places /sys/class || return 1
		for n in "$keep"/*; do
			mkdir "/sys/class/${n##*/}" && mount --bind "$n" "/sys/class/${n##*/}" || return 1
		done
		umount -l "$keep" && rmdir "$keep" || return 1
		mkdir -p /sys/class/dmi/id && mount --bind "$places/dmi-azure" /sys/class/dmi/id || return 1
	fi

	# what the tests will see
	local links routes first hosting ns
	links=$(ip -o link show | awk -F': ' '{printf "%s%s", sep, $2; sep=" "}')
	routes=$( (ip -4 route show default; ip -6 route show default) | wc -l)
	first=$(gai_first)
	hosting=$(php -n -d extension_dir="$root/modules" -d extension=smtpdiag \
		-r 'echo smtpdiag_environment()["hosting"]["id"] ?? "none";')
	echo "places: links: $links; default routes: $routes; getaddrinfo() sorts first: $first; hosting: $hosting"
	[ "$links" = lo ] || { echo "places: the network namespace has more than lo"; return 1; }
	[ "$routes" = 0 ] || { echo "places: the network namespace has a default route"; return 1; }
	[ "$first" = 192.0.2.25 ] || { echo "places: gai.conf does not put IPv4 first"; return 1; }
	[ "$hosting" = azure ] || { echo "places: the DMI look-alike is not seen as Azure"; return 1; }
	# the tests make network namespaces of their own: that must still work in here
	ns=sdplaces$$
	if ! { ip netns add "$ns" && ip netns exec "$ns" ip link set lo up && ip netns exec "$ns" true; }; then
		ip netns del "$ns" 2>/dev/null || true
		echo "places: ip netns add/exec do not work inside the namespaces"
		return 1
	fi
	ip netns del "$ns"
	echo "places: ip netns add/exec work inside"
}

# The suite, in the place; 0 when it passed.
run_suite() {
	local out rc=0 arg paths=0 skipped
	out=$(mktemp)
	cd "$root"
	for arg in "$@"; do
		[ -e "$arg" ] && paths=1
	done
	[ "$paths" = 1 ] || set -- "$@" tests/
	echo "places: php run-tests.php -q --no-color --show-diff -j$(nproc) -n -d extension_dir=$root/modules -d extension=smtpdiag $*"
	php run-tests.php -q --no-color --show-diff -j"$(nproc)" -n -d extension_dir="$root/modules" -d extension=smtpdiag "$@" \
		>"$out" 2>&1 || true
	grep -E '^(FAIL|LEAK|SKIP|BORK|WARN)[ &]' "$out" | sed 's/^/places: /' || true
	grep -q '^Tests failed *: *0 ' "$out" || rc=1
	grep -Eq '^Tests passed *: *[1-9]' "$out" || rc=1
	if grep -Eq '^(LEAK|BORK)[ &]' "$out"; then rc=1; fi
	# As in scripts/dev.sh: a skip whose reason starts with "platform:" is a fact of this PHP build that
	# another platform of scripts/matrix.sh covers; every other skip fails a strict run.
	skipped=$(sed -n 's/^Tests skipped *: *\([0-9]*\) .*/\1/p' "$out")
	if [ "${SMTPDIAG_TEST_STRICT:-0}" = 1 ] &&
		[ "${skipped:-0}" != "$(grep -c 'SKIP .*\] reason: platform: ' "$out")" ]; then
		echo "places: SMTPDIAG_TEST_STRICT=1: skipped tests count as failures (but for platform facts)"
		rc=1
	fi
	echo "places: result: $(grep -E '^Tests (passed|failed|skipped) ' "$out" | sed -E 's/^Tests ([a-z]+) *: *([0-9]+).*/\2 \1/' | paste -sd, - | sed 's/,/, /g')"
	rm -f "$out"
	return "$rc"
}

if [ "${1:-}" = --inside ]; then
	shift
	make_place || exit 3
	run_suite "$@"
	exit $?
fi

[ "$(uname -s)" = Linux ] || cannot "needs Linux (namespaces)"
[ "$(id -u)" = 0 ] || cannot "needs root (a private mount namespace and a network namespace)"
for tool in unshare mount ip getent php; do
	command -v "$tool" >/dev/null || cannot "needs $tool"
done
[ -f "$root/modules/smtpdiag.so" ] || cannot "needs a built modules/smtpdiag.so (bash scripts/dev.sh build)"
[ -f /etc/gai.conf ] || cannot "needs an /etc/gai.conf to bind the IPv4-first one over"
echo "places: the .phpt suite in a network namespace with only lo, IPv4 preferred by /etc/gai.conf, on Azure's DMI"
rc=0
unshare --mount --net --propagation private -- bash "${BASH_SOURCE[0]}" --inside "$@" || rc=$?
[ "$rc" != 3 ] || cannot "the place could not be made here (see above)"
exit "$rc"
