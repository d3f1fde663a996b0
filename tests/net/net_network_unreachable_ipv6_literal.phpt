--TEST--
smtpdiag_probe() in a namespace: [2001:db8::25] with only lo (no IPv6 route) is network_unreachable, ENETUNREACH, at once
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../providers/providers.inc'; sd_skipif_root(['ip', 'netns', 'unshare', 'mount']); ?>
--FILE--
<?php
require __DIR__ . '/../providers/providers.inc';
sd_require_root(['ip', 'netns', 'unshare', 'mount']);
// Only lo, so no route to 2001:db8::/32: connect() fails at once with ENETUNREACH. The host is an address
// in PHPMailer's bracketed form: no resolver is involved.
$ns = sd_netns();
// The child sees no DMI: on a cloud that blocks 587 the summary would add the cloud's advice.
$r = pv_report([], "smtpdiag_probe('[2001:db8::25]', 587, ['timeout' => 2])", $ns);
sd_show($r, 2);
echo 'fast: ', sd_deadline_kept($r['elapsed_ms'], 500), "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
// An IPv6 literal has no IPv4 address to fall back to: forcing IPv4 (bindto 0:0) would leave PHP nothing.
echo 'fixes mention bindto 0:0: ', str_contains(implode("\n", $r['fixes']), "'bindto' => '0:0'") ? 'yes' : 'no', "\n";
echo sd_stages($r), "\n";
$c = sd_check($r, 'dns');
echo "dns: {$c['status']}: {$c['message']}\n";
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: {$c['message']}\n";
foreach ($c['data'] as $a) {
    echo "  {$a['address']} (IPv{$a['family']}): {$a['outcome']}, {$a['error']}, php_tried ", var_export($a['php_tried'], true), "\n";
}
var_dump($r['target']['host_kind'], $r['target']['host_ascii'], $r['target']['addresses'], $r['environment']['routes']);
echo $r['reproduce'], "\n";
?>
--EXPECT--
verdict: network_unreachable
ok: false
within deadline: yes
first finding: network_unreachable error
fast: yes
There is no route from this machine to [2001:db8::25] (2001:db8::25, Network is unreachable)
fix: the server has only IPv6 addresses and this machine has no IPv6 route: give it one, or use a host name of the provider that has an IPv4 address
fix: check the machine's default route and any firewall answering with "no route"; some hosts block outgoing SMTP this way
fixes mention bindto 0:0: no
target:pass dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
dns: skip: 2001:db8::25 is an address: nothing to resolve
tcp: fail: 2001:db8::25 port 587: Network is unreachable
  2001:db8::25 (IPv6): unreachable, Network is unreachable, php_tried true
string(4) "ipv6"
string(12) "2001:db8::25"
array(1) {
  [0]=>
  string(12) "2001:db8::25"
}
array(2) {
  ["ipv4"]=>
  bool(false)
  ["ipv6"]=>
  bool(false)
}
nc -vz -w 2 '2001:db8::25' 587
