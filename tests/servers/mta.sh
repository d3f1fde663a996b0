#!/usr/bin/env bash
# A private Postfix for the smtpdiag tests: its own configuration, queue and log under DIR, listening
# on loopback only (each listener on one port of both 127.0.0.1 and ::1, so that "localhost" reaches it
# whichever address the resolver lists first; 127.0.0.1 alone where the machine has no ::1), never
# touching the system's mail set-up.
#
#   tests/servers/mta.sh start DIR CERTDIR PORTS...   start it; PORTS are free loopback ports, used in
#                                                     the order of the listeners below
#   tests/servers/mta.sh stop DIR                     stop it and every process it started (its
#                                                     session, by the PID in DIR/master.pid) and wait
#
# Listeners, in order (name=port lines are written to DIR/ports):
#   plain                SMTP, no TLS offered
#   submission           STARTTLS offered, valid certificate (CERTDIR/valid.bundle.pem)
#   smtps                implicit TLS, valid certificate
#   expired_smtps        implicit TLS with each faulty certificate of tests/servers/certs.sh ...
#   notyet_smtps, wrongname_smtps, selfsigned_smtps, nointermediate_smtps, expiring_smtps
#   wrongname_submission STARTTLS with the wrong-name certificate
#   intercept_submission STARTTLS, banner and certificate of another domain (mx.hosting-provider.test)
# then, only when more ports are given (the credentials tests), SMTP AUTH through Cyrus SASL with a
# sasldb of the users in MTA_AUTH_USERS ("name:password ...", realm localhost):
#   auth_submission      STARTTLS; AUTH PLAIN LOGIN CRAM-MD5 offered only after TLS (smtpd_tls_auth_only)
#   auth_plain           no TLS at all; AUTH PLAIN LOGIN CRAM-MD5 offered in clear text
#   auth_smtps           implicit TLS; AUTH PLAIN LOGIN CRAM-MD5
#   auth_ntlm_submission STARTTLS; AUTH offers NTLM only (nothing PHPMailer implements)
#
# `start` returns once this instance's master process listens on every port and address (at most 10 s,
# checked with ss against its PID: a listener of another program on a port does not count). It fails
# with the log otherwise, with exit status 75 when a port was taken by another program before Postfix
# could bind it (the caller picks other ports and tries again).
set -eu

LISTENERS="plain submission smtps expired_smtps notyet_smtps wrongname_smtps selfsigned_smtps
nointermediate_smtps expiring_smtps wrongname_submission intercept_submission"
AUTH_LISTENERS="auth_submission auth_plain auth_smtps auth_ntlm_submission"

die() { echo "mta.sh: $*" >&2; exit 1; }

# The loopback addresses to listen on: ::1 too when the loopback interface has it.
ADDRS="127.0.0.1"
if grep -qi '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null; then
	ADDRS="127.0.0.1 [::1]"
fi

listener() { # listener DIR NAME PORT SMTPD_OPTS: one smtpd on PORT of each address, recorded as NAME=PORT
	for addr in $ADDRS; do
		echo "$addr:$3 inet n - n - - smtpd $4" >> "$1/etc/master.cf"
	done
	echo "$2=$3" >> "$1/ports"
}

# taken DIR: the ports of DIR/ports on which something listens (after master is gone: another program).
taken() {
	listening=$(ss -Hltn 2>/dev/null | awk '{ print $4 }')
	while IFS== read -r name port; do
		for addr in $ADDRS; do
			case " $(echo $listening) " in
				*" $addr:$port "*) printf '%s ' "$addr:$port" ;;
			esac
		done
	done < "$1/ports"
}

# ready DIR PID: every port of DIR/ports listens on every address, and the socket is PID's.
ready() {
	listening=$(ss -Hltnp 2>/dev/null | awk -v pid="pid=$2," 'index($0, pid) { print $4 }')
	while IFS== read -r name port; do
		for addr in $ADDRS; do
			case " $(echo $listening) " in
				*" $addr:$port "*) ;;
				*) return 1 ;;
			esac
		done
	done < "$1/ports"
	return 0
}

start() {
	dir=$1 certs=$2
	shift 2
	[ -f "$certs/valid.bundle.pem" ] || die "no certificates in $certs (run tests/servers/certs.sh)"
	mkdir -p "$dir/etc" "$dir/queue/pid" "$dir/queue/public" "$dir/queue/private" "$dir/data"
	chown postfix "$dir/queue/public" "$dir/queue/private" "$dir/data"
	# Postfix reads the keys as root before dropping privileges; the copies keep the test's own files.
	cat > "$dir/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
myhostname = localhost
inet_interfaces = loopback-only
inet_protocols = $( [ "$ADDRS" = 127.0.0.1 ] && echo ipv4 || echo ipv4, ipv6)
mydestination =
relay_domains =
mynetworks = 127.0.0.0/8 $( [ "$ADDRS" = 127.0.0.1 ] || echo '[::1]/128')
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
smtpd_banner = \$myhostname ESMTP smtpdiag test MTA
smtpd_tls_chain_files = $certs/valid.bundle.pem
smtpd_tls_security_level = may
smtpd_tls_session_cache_database =
smtpd_helo_required = no
smtpd_relay_restrictions = reject
shlib_directory = /usr/lib/postfix
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
CF
	: > "$dir/etc/master.cf"
	: > "$dir/ports"
	for name in $LISTENERS; do
		[ $# -gt 0 ] || die "not enough ports for the listeners"
		port=$1
		shift
		case $name in
			plain) opts="-o smtpd_tls_security_level=none" ;;
			submission) opts="" ;;
			smtps) opts="-o smtpd_tls_wrappermode=yes" ;;
			*_smtps) opts="-o smtpd_tls_wrappermode=yes -o smtpd_tls_chain_files=$certs/${name%_smtps}.bundle.pem" ;;
			wrongname_submission) opts="-o smtpd_tls_chain_files=$certs/wrongname.bundle.pem" ;;
			intercept_submission) opts="-o myhostname=mx.hosting-provider.test -o smtpd_tls_chain_files=$certs/intercept.bundle.pem" ;;
		esac
		listener "$dir" "$name" "$port" "$opts"
	done
	if [ $# -gt 0 ]; then
		auth_setup "$dir"
		for name in $AUTH_LISTENERS; do
			[ $# -gt 0 ] || die "not enough ports for the auth listeners"
			port=$1
			shift
			sasl="-o smtpd_sasl_auth_enable=yes -o smtpd_sasl_local_domain=localhost"
			case $name in
				auth_submission) opts="$sasl -o smtpd_tls_auth_only=yes" ;;
				auth_plain) opts="$sasl -o smtpd_tls_security_level=none" ;;
				auth_smtps) opts="$sasl -o smtpd_tls_wrappermode=yes" ;;
				auth_ntlm_submission) opts="$sasl -o smtpd_tls_auth_only=yes -o smtpd_sasl_path=smtpd_ntlm" ;;
			esac
			listener "$dir" "$name" "$port" "$opts"
		done
	fi
	cat >> "$dir/etc/master.cf" <<'MF'
postlog   unix-dgram n - n - 1 postlogd
anvil     unix - - n - 1 anvil
tlsmgr    unix - - n 1000? 1 tlsmgr
cleanup   unix n - n - 0 cleanup
rewrite   unix - - n - - trivial-rewrite
proxymap  unix - - n - - proxymap
scache    unix - - n - 1 scache
MF
	rm -f "$dir/queue/pid/master.pid"
	# master -d stays in the foreground of its own session; its PID is the one to stop.
	setsid /usr/lib/postfix/sbin/master -c "$dir/etc" -d > "$dir/master.out" 2>&1 < /dev/null &
	echo $! > "$dir/master.pid"
	pid=$(cat "$dir/master.pid")
	tries=0
	until ready "$dir" "$pid"; do
		tries=$((tries + 1))
		if [ "$tries" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
			cat "$dir/master.out" "$dir/maillog" >&2 2>/dev/null || true
			stop "$dir"
			# master exits when a bind fails (saying so only to a log it has not opened yet): a
			# listener of another program on one of the ports is why.
			taken=$(taken "$dir")
			[ -z "$taken" ] || { echo "mta.sh: taken by another program: $taken" >&2; exit 75; }
			die "postfix did not start"
		fi
		sleep 0.1
	done
}

# Cyrus SASL for the auth listeners: its configuration in DIR/etc/sasl/<smtpd_sasl_path>.conf, a sasldb
# of MTA_AUTH_USERS. Debian 12's Postfix 3.7 reads <config_directory>/sasl; later ones read
# cyrus_sasl_config_path (else Cyrus SASL's default, /etc/postfix/sasl in Debian): both name it.
auth_setup() {
	dir=$1
	command -v saslpasswd2 >/dev/null || die "needs saslpasswd2 (Debian package sasl2-bin)"
	mkdir -p "$dir/etc/sasl"
	for conf in smtpd:"PLAIN LOGIN CRAM-MD5" smtpd_ntlm:"NTLM"; do
		printf 'pwcheck_method: auxprop\nauxprop_plugin: sasldb\nsasldb_path: %s\nmech_list: %s\n' \
			"$dir/etc/sasl/sasldb2" "${conf#*:}" > "$dir/etc/sasl/${conf%%:*}.conf"
	done
	for entry in ${MTA_AUTH_USERS:-}; do
		printf '%s' "${entry#*:}" | saslpasswd2 -p -c -f "$dir/etc/sasl/sasldb2" -u localhost "${entry%%:*}" \
			|| die "saslpasswd2 failed"
	done
	[ -f "$dir/etc/sasl/sasldb2" ] || die "MTA_AUTH_USERS names no user"
	chown postfix "$dir/etc/sasl/sasldb2"
	chmod 600 "$dir/etc/sasl/sasldb2"
	cat >> "$dir/etc/main.cf" <<CF
smtpd_sasl_path = smtpd
cyrus_sasl_config_path = $dir/etc/sasl
smtpd_sasl_security_options = noanonymous
CF
}

# stop DIR: master runs in a session of its own (setsid), which every process it starts (smtpd,
# proxymap, tlsmgr, postlogd...) shares: TERM to the session, wait until it is empty (5 s), then KILL
# what is left and wait again.
stop() {
	dir=$1
	[ -f "$dir/master.pid" ] || return 0
	pid=$(cat "$dir/master.pid")
	case $pid in ''|*[!0-9]*) rm -f "$dir/master.pid"; return 0 ;; esac
	for sig in TERM KILL; do
		pkill "-$sig" -s "$pid" 2>/dev/null || true
		i=0
		while pgrep -s "$pid" >/dev/null 2>&1 && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		pgrep -s "$pid" >/dev/null 2>&1 || break
	done
	if pgrep -s "$pid" >/dev/null 2>&1; then
		echo "mta.sh: processes of session $pid still running: $(pgrep -l -s "$pid" | tr '\n' ' ')" >&2
		return 1
	fi
	rm -f "$dir/master.pid"
}

case ${1:-} in
	start) shift; [ $# -ge 2 ] || die "usage: mta.sh start DIR CERTDIR PORTS..."; start "$@" ;;
	stop) shift; [ $# -eq 1 ] || die "usage: mta.sh stop DIR"; stop "$1" ;;
	*) die "usage: mta.sh start DIR CERTDIR PORTS... | stop DIR" ;;
esac
