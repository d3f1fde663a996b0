--TEST--
smtpdiag_probe() in a namespace: IPv6 sorts first and fails (no-route after 1 s), PHP goes on to IPv4, which connects: ok with ipv6_failed
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['ip', 'netns', 'nft', 'dnsmasq']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['ip', 'netns', 'nft', 'dnsmasq']);
// lo gets 2001:db8::1/64, so 2001:db8::25 has a route and a source address: RFC 6724's precedence rule
// now puts the IPv6 address first (glibc, without AI_ADDRCONFIG as PHP calls it). nft rejects the SYNs to
// it with ICMPv6 "no route"; TCP treats that as a soft error while connecting and reports ENETUNREACH at
// its first retransmission, about 1 s later. PHP then tries 127.0.0.1 with the time left, and connects:
// ok, slowed by a second, and the report says why (ipv6_failed).
$ns = sd_netns();
sd_netns_dns($ns, ['dual.smtpdiag.test' => ['A' => ['127.0.0.1'], 'AAAA' => ['2001:db8::25']]]);
$fx = sd_fixture_start('nostarttls', null, $ns);
$port = $fx['port'];
sd_must(['ip', 'netns', 'exec', $ns, 'ip', '-6', 'addr', 'add', '2001:db8::1/64', 'dev', 'lo', 'nodad']);
sd_nft($ns, <<<NFT
table inet sdtest {
    chain output {
        type filter hook output priority 0; policy accept;
        ip6 daddr 2001:db8::25 tcp dport $port reject with icmpv6 type no-route
    }
}
NFT);
$r = sd_child_probe("smtpdiag_probe('dual.smtpdiag.test', $port, ['timeout' => 3])", $ns);
sd_show($r, 3);
echo $r['summary'], "\n";
var_dump($r['fixes']);
echo sd_stages($r), "\n";
$c = sd_check($r, 'dns');
echo "dns: {$c['status']}: {$c['message']}\n";
var_dump($c['data']['addresses']);
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: {$c['message']}\n";
echo 'the tcp stage took the IPv6 failure: ', $c['ms'] >= 900 ? sd_deadline_kept($c['ms'], 2000) : 'NO (' . $c['ms'] . ')', "\n";
foreach ($c['data'] as $a) {
    echo "  {$a['address']} (IPv{$a['family']}): {$a['outcome']}, ", $a['error'] ?? 'no error', ", php_tried ", var_export($a['php_tried'], true), "\n";
}
echo implode(' ', sd_codes($r)), "\n";
var_dump($r['server']['address']);
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to dual.smtpdiag.test:%d (auto) from this PHP process
array(0) {
}
target:pass dns:pass tcp:pass greeting:pass ehlo:pass starttls:warn tls:skip certificate:skip auth:skip quit:pass
dns: pass: dual.smtpdiag.test has 2 addresses: 2001:db8::25, 127.0.0.1 (%f ms)
array(2) {
  [0]=>
  string(12) "2001:db8::25"
  [1]=>
  string(9) "127.0.0.1"
}
tcp: pass: connected to 127.0.0.1 port %d in %f ms
the tcp stage took the IPv6 failure: yes
  2001:db8::25 (IPv6): unreachable, Network is unreachable, php_tried true
  127.0.0.1 (IPv4): connected, no error, php_tried true
no_default_route ipv6_failed cleartext
string(9) "127.0.0.1"
