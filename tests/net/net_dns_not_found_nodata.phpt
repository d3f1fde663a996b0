--TEST--
smtpdiag_probe() in a namespace: a name with only a TXT record (NODATA) is dns_not_found, EAI_NODATA
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['ip', 'netns', 'dnsmasq']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['ip', 'netns', 'dnsmasq']);
// The name exists (it has a TXT record) but no A or AAAA record: NODATA.
$ns = sd_netns();
sd_netns_dns($ns, ['txt.smtpdiag.test' => ['TXT' => 'v=spf1 -all']]);
$r = sd_child_probe("smtpdiag_probe('txt.smtpdiag.test', 587, ['timeout' => 3])", $ns);
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
The name txt.smtpdiag.test does not exist in DNS or has no address (No address associated with hostname, EAI_NODATA)
fix: check the spelling of $mail->Host against your provider's documentation
fix: if the name is new, wait for DNS to propagate, or use the provider's documented host name
target:pass dns:fail tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
dns: fail: txt.smtpdiag.test: No address associated with hostname (EAI_NODATA)
string(10) "EAI_NODATA"
string(35) "No address associated with hostname"
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
getent ahosts 'txt.smtpdiag.test'
