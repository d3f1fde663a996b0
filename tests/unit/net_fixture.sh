#!/bin/sh
# smtpdiag unit tests: a private network namespace for the network engine's tests.
#
#   net_fixture.sh COMMAND [ARGS...]
#
# Needs root. Creates namespace sdnet-<pid> with only lo (up), so nothing leaves the machine:
#   - nftables in it drops TCP SYNs to 127.0.0.2:2 (a silent firewall) and DNS to 127.0.0.54:53
#     (a dead resolver);
#   - dnsmasq in it on 127.0.0.53 serves mail.smtpdiag.test (127.0.0.1 only), a name with no address
#     (nodata.smtpdiag.test, TXT only) and NXDOMAIN for everything else.
# Then runs COMMAND twice inside the namespace (ip netns exec bind-mounts /etc/netns/NS/resolv.conf):
#   SMTPDIAG_NETNS_PHASE=dns-ok    with resolv.conf -> 127.0.0.53
#   SMTPDIAG_NETNS_PHASE=dns-dead  with resolv.conf -> 127.0.0.54, options timeout:1 attempts:1
# and exits non-zero if either run failed. SMTPDIAG_NETNS_WRAP (e.g. "valgrind -q --error-exitcode=9")
# is put before COMMAND. Everything it started is stopped by PID and the namespace deleted on exit.
set -u

if [ "$#" -lt 1 ]; then
	echo "usage: $0 COMMAND [ARGS...]" >&2
	exit 2
fi
if [ "$(id -u)" != 0 ]; then
	echo "net_fixture.sh: needs root" >&2
	exit 77
fi

NS="sdnet-$$"
DIR="/etc/netns/$NS"
TMP="$(mktemp -d /tmp/sdnet.XXXXXX)"
DNSMASQ_PID=""

cleanup() {
	if [ -n "$DNSMASQ_PID" ]; then
		kill "$DNSMASQ_PID" 2>/dev/null
		wait "$DNSMASQ_PID" 2>/dev/null
	fi
	ip netns del "$NS" 2>/dev/null
	rm -rf "$DIR" "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$NS" || exit 1
ip -n "$NS" link set lo up || exit 1
mkdir -p "$DIR" || exit 1
printf 'nameserver 127.0.0.53\n' > "$DIR/resolv.conf"

ip netns exec "$NS" nft -f - <<'EOF' || exit 1
table inet smtpdiag_test {
	chain input {
		type filter hook input priority 0; policy accept;
		ip daddr 127.0.0.2 tcp dport 2 tcp flags syn drop
		ip daddr 127.0.0.54 udp dport 53 drop
		ip daddr 127.0.0.54 tcp dport 53 drop
	}
}
EOF

ip netns exec "$NS" dnsmasq --no-daemon --no-resolv --no-hosts --conf-file=/dev/null \
	--listen-address=127.0.0.53 --bind-interfaces --port=53 --user=root --group=root \
	--pid-file="$TMP/dnsmasq.pid" \
	--address=/mail.smtpdiag.test/127.0.0.1 \
	--txt-record=nodata.smtpdiag.test,"no address here" \
	--local=/smtpdiag.test/ \
	--address=/#/ \
	>"$TMP/dnsmasq.log" 2>&1 &
DNSMASQ_PID=$!

# Wait (at most 2 s) until dnsmasq listens.
i=0
while [ $i -lt 40 ]; do
	if ip netns exec "$NS" ss -Hlun 'sport = :53' 2>/dev/null | grep -q 127.0.0.53; then
		break
	fi
	sleep 0.05
	i=$((i + 1))
done
if ! kill -0 "$DNSMASQ_PID" 2>/dev/null; then
	echo "net_fixture.sh: dnsmasq did not start:" >&2
	cat "$TMP/dnsmasq.log" >&2
	exit 1
fi

WRAP="${SMTPDIAG_NETNS_WRAP:-}"
rc=0

# resolv.conf is rewritten in place (not replaced) between the runs.
printf 'nameserver 127.0.0.53\n' > "$DIR/resolv.conf"
# shellcheck disable=SC2086
ip netns exec "$NS" env SMTPDIAG_NETNS="$NS" SMTPDIAG_NETNS_PHASE=dns-ok $WRAP "$@" || rc=1

printf 'nameserver 127.0.0.54\noptions timeout:1 attempts:1\n' > "$DIR/resolv.conf"
# shellcheck disable=SC2086
ip netns exec "$NS" env SMTPDIAG_NETNS="$NS" SMTPDIAG_NETNS_PHASE=dns-dead $WRAP "$@" || rc=1

exit $rc
