--TEST--
smtpdiag_probe() in a namespace: a name the namespace's dnsmasq resolves to 127.0.0.1, where a fixture listens, is ok
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['ip', 'netns', 'dnsmasq']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['ip', 'netns', 'dnsmasq']);
$ns = sd_netns();
sd_netns_dns($ns, ['mail.smtpdiag.test' => ['A' => ['127.0.0.1']]]);
$fx = sd_fixture_start('nostarttls', null, $ns);
$r = sd_child_probe("smtpdiag_probe('mail.smtpdiag.test', {$fx['port']}, ['timeout' => 3])", $ns);
sd_show($r, 3);
echo $r['summary'], "\n";
var_dump($r['fixes']);
echo sd_stages($r), "\n";
$c = sd_check($r, 'dns');
echo "dns: {$c['status']}: {$c['message']}\n";
$d = $c['data'];
var_dump($d['addresses'], $d['nameservers'], $d['numeric'], $d['gai_name'], $d['gai_code']);
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: {$c['message']}\n";
foreach ($c['data'] as $a) {
    echo "  {$a['address']} (IPv{$a['family']}): {$a['outcome']}, php_tried ", var_export($a['php_tried'], true), "\n";
}
// No TLS on offer, security auto: PHPMailer goes on in clear text; a warning, not a failure.
echo implode(' ', sd_codes($r)), "\n";
var_dump($r['target']['addresses'], $r['server']['address'], $r['server']['banner']);
echo $r['reproduce'], "\n";
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to mail.smtpdiag.test:%d (auto) from this PHP process
array(0) {
}
target:pass dns:pass tcp:pass greeting:pass ehlo:pass starttls:warn tls:skip certificate:skip auth:skip quit:pass
dns: pass: mail.smtpdiag.test has 1 address: 127.0.0.1 (%f ms)
array(1) {
  [0]=>
  string(9) "127.0.0.1"
}
array(1) {
  [0]=>
  string(10) "127.0.0.53"
}
bool(false)
NULL
int(0)
tcp: pass: connected to 127.0.0.1 port %d in %f ms
  127.0.0.1 (IPv4): connected, php_tried true
cleartext
array(1) {
  [0]=>
  string(9) "127.0.0.1"
}
string(9) "127.0.0.1"
string(26) "smtpfix.test ESMTP fixture"
nc -v 'mail.smtpdiag.test' %d
