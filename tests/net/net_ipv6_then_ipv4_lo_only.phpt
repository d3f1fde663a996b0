--TEST--
smtpdiag_probe() in a namespace: a name with AAAA 2001:db8::25 and A 127.0.0.1, no IPv6 route: IPv4 sorts first, ok, every address reported, ipv6_failed
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['ip', 'netns', 'dnsmasq']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['ip', 'netns', 'dnsmasq']);
// The namespace has only lo: no IPv6 address and no route to 2001:db8::25. glibc's getaddrinfo() sorts the
// answers by RFC 6724, whose rule 1 ("avoid unusable destinations") puts the unroutable IPv6 address
// after 127.0.0.1. PHP (and so PHPMailer) tries the addresses in that order and connects to 127.0.0.1
// at once: ok, and 2001:db8::25 is never tried by PHP (php_tried false). smtpdiag still connects to
// every address (in parallel), so the report shows the IPv6 failure, and warns with ipv6_failed.
$ns = sd_netns();
sd_netns_dns($ns, ['dual.smtpdiag.test' => ['A' => ['127.0.0.1'], 'AAAA' => ['2001:db8::25']]]);
$fx = sd_fixture_start('nostarttls', null, $ns);
$r = sd_child_probe("smtpdiag_probe('dual.smtpdiag.test', {$fx['port']}, ['timeout' => 3])", $ns);
sd_show($r, 3);
echo $r['summary'], "\n";
var_dump($r['fixes']);
echo sd_stages($r), "\n";
$c = sd_check($r, 'dns');
echo "dns: {$c['status']}: {$c['message']}\n";
var_dump($c['data']['addresses'], $c['data']['nameservers']);
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: {$c['message']}\n";
foreach ($c['data'] as $a) {
    echo "  {$a['address']} (IPv{$a['family']}): {$a['outcome']}, ", $a['error'] ?? 'no error', ", php_tried ", var_export($a['php_tried'], true), "\n";
}
// PHP's rule: the first address in the list that connects; the ones after it are never tried.
$php = null;
foreach ($c['data'] as $a) {
    if ($a['outcome'] === 'connected') { $php = $a['address']; break; }
    if ($a['outcome'] === 'timeout') { break; }
}
echo 'PHP connects to: ', $php ?? 'nothing', "\n";
echo implode(' ', sd_codes($r)), "\n";
$w = array_values(array_filter($r['findings'], fn($f) => $f['code'] === 'ipv6_failed'))[0];
echo "{$w['severity']}: {$w['message']}\n";
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
dns: pass: dual.smtpdiag.test has 2 addresses: 127.0.0.1, 2001:db8::25 (%f ms)
array(2) {
  [0]=>
  string(9) "127.0.0.1"
  [1]=>
  string(12) "2001:db8::25"
}
array(1) {
  [0]=>
  string(10) "127.0.0.53"
}
tcp: pass: connected to 127.0.0.1 port %d in %f ms
  127.0.0.1 (IPv4): connected, no error, php_tried true
  2001:db8::25 (IPv6): unreachable, Network is unreachable, php_tried false
PHP connects to: 127.0.0.1
no_default_route ipv6_failed cleartext
warning: IPv4 connects but IPv6 does not: PHP tries the addresses in order, so an IPv6 address first costs time or the connection; force IPv4 with $mail->SMTPOptions = ['socket' => ['bindto' => '0:0']];
string(9) "127.0.0.1"
