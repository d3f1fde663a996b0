--TEST--
smtpdiag_probe() in a namespace: port 587 with nothing listening (a namespace with only lo) is connection_refused at once
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../providers/providers.inc'; sd_skipif_root(['ip', 'netns', 'unshare', 'mount']); ?>
--FILE--
<?php
require __DIR__ . '/../providers/providers.inc';
sd_require_root(['ip', 'netns', 'unshare', 'mount']);
// A fresh namespace: nothing listens anywhere, no firewall; the kernel answers the SYN with a reset.
// The child sees no DMI: on a cloud that blocks 587 the summary would add the cloud's advice.
$ns = sd_netns();
$r = pv_report([], "smtpdiag_probe('127.0.0.1', 587, ['timeout' => 2])", $ns);
sd_show($r, 2);
echo 'fast: ', sd_deadline_kept($r['elapsed_ms'], 500), "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: {$c['message']}\n";
foreach ($c['data'] as $a) {
    echo "  {$a['address']} (IPv{$a['family']}): {$a['outcome']}, {$a['error']}, php_tried ", var_export($a['php_tried'], true), "\n";
}
var_dump($r['target']['security'], $r['transcript']);
echo $r['reproduce'], "\n";
?>
--EXPECT--
verdict: connection_refused
ok: false
within deadline: yes
first finding: connection_refused error
fast: yes
127.0.0.1:587 refused the connection (Connection refused): nothing listens there, or a firewall rejects it
fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
fix: nothing listens on port 587 of this machine: start the mail server, or see the ports it listens on with ss -ltnp
target:pass dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
tcp: fail: 127.0.0.1 port 587: Connection refused
  127.0.0.1 (IPv4): refused, Connection refused, php_tried true
string(4) "auto"
array(1) {
  [0]=>
  string(52) "*: connect to 127.0.0.1 port 587: Connection refused"
}
nc -vz -w 2 '127.0.0.1' 587
