--TEST--
smtpdiag_probe('localhost') in a namespace with Debian's standard /etc/hosts (::1 first) against a server on 127.0.0.1 only: ::1 is refused at once, PHP goes on to 127.0.0.1 and connects: ok, and no ipv6_failed (the refusal cost nothing)
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['ip', 'netns']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['ip', 'netns']);
// `ip netns exec` puts /etc/netns/NAME/hosts over /etc/hosts: inside, localhost is 127.0.0.1 and ::1 as on
// a fresh Debian 12, and getaddrinfo() sorts ::1 first (RFC 6724: ::1 outranks an IPv4 address). The
// fixture listens on 127.0.0.1 only, so the connection to ::1 is refused at once and PHP connects to
// 127.0.0.1 right after: nothing to warn about. The real resolver order decides here (no connect_to).
$ns = sd_netns();
@mkdir("/etc/netns/$ns", 0755, true);
file_put_contents("/etc/netns/$ns/hosts", "127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n"
    . "ff02::1\t\tip6-allnodes\nff02::2\t\tip6-allrouters\n");
$fx = sd_fixture_start('nostarttls', null, $ns, true);
$r = sd_child_probe("smtpdiag_probe('localhost', {$fx['port']}, ['timeout' => 3])", $ns);
sd_show($r, 3);
echo $r['summary'], "\n";
$c = sd_check($r, 'dns');
echo "dns: {$c['status']}: ", preg_replace('/ \([0-9.]+ ms\)$/', '', $c['message']), "\n";
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: ", preg_replace('/ in [0-9.]+ ms$/', '', $c['message']), "\n";
foreach ($c['data'] as $a) {
    echo "  {$a['address']} (IPv{$a['family']}): {$a['outcome']}, ", $a['error'] ?? 'no error', ", php_tried ", var_export($a['php_tried'], true), "\n";
}
echo 'findings: ', implode(' ', sd_codes($r)), "\n";
echo 'ipv6_failed: ', in_array('ipv6_failed', sd_codes($r), true) ? 'yes' : 'no', "\n";
var_dump($r['server']['address']);
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to localhost:%d (auto) from this PHP process
dns: pass: localhost has 2 addresses: ::1, 127.0.0.1
tcp: pass: connected to 127.0.0.1 port %d
  ::1 (IPv6): refused, Connection refused, php_tried true
  127.0.0.1 (IPv4): connected, no error, php_tried true
findings: cleartext
ipv6_failed: no
string(9) "127.0.0.1"
