--TEST--
smtpdiag_probe() in a namespace: a name the zone's server does not know (NXDOMAIN) is dns_not_found, EAI_NONAME
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['ip', 'netns', 'dnsmasq']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['ip', 'netns', 'dnsmasq']);
// dnsmasq is authoritative for smtpdiag.test (local=/smtpdiag.test/): an unknown name there is NXDOMAIN.
$ns = sd_netns();
sd_netns_dns($ns, ['mail.smtpdiag.test' => ['A' => ['127.0.0.1']]]);
$r = sd_child_probe("smtpdiag_probe('nosuch.smtpdiag.test', 587, ['timeout' => 3])", $ns);
sd_show($r, 3);
echo 'fast: ', sd_deadline_kept($r['elapsed_ms'], 900), "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'dns');
echo "dns: {$c['status']}: {$c['message']}\n";
$d = $c['data'];
var_dump($d['gai_name'], $d['gai_text'], $d['addresses'], $d['nameservers'], $d['numeric']);
var_dump($r['target']['addresses'], sd_check($r, 'tcp')['data'], $r['transcript']);
echo $r['reproduce'], "\n";
?>
--EXPECT--
verdict: dns_not_found
ok: false
within deadline: yes
first finding: dns_not_found error
fast: yes
The name nosuch.smtpdiag.test does not exist in DNS or has no address (Name or service not known, EAI_NONAME)
fix: check the spelling of $mail->Host against your provider's documentation
fix: if the name is new, wait for DNS to propagate, or use the provider's documented host name
target:pass dns:fail tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
dns: fail: nosuch.smtpdiag.test: Name or service not known (EAI_NONAME)
string(10) "EAI_NONAME"
string(25) "Name or service not known"
array(0) {
}
array(1) {
  [0]=>
  string(10) "127.0.0.53"
}
bool(false)
array(0) {
}
array(0) {
}
array(0) {
}
getent ahosts 'nosuch.smtpdiag.test'
