--TEST--
smtpdiag_probe() in a namespace: port 587 with nothing listening (a namespace with only lo) is connection_refused at once
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root();
// A fresh namespace: nothing listens anywhere, no firewall; the kernel answers the SYN with a reset.
$ns = sd_netns();
$r = sd_child_probe("smtpdiag_probe('127.0.0.1', 587, ['timeout' => 2])", $ns);
sd_show($r, 2);
echo 'fast: ', $r['elapsed_ms'] < 500 ? 'yes' : 'NO (' . $r['elapsed_ms'] . ')', "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
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
target:pass environment:warn dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
tcp: fail: 127.0.0.1 port 587: Connection refused
  127.0.0.1 (IPv4): refused, Connection refused, php_tried true
string(4) "auto"
array(1) {
  [0]=>
  string(52) "*: connect to 127.0.0.1 port 587: Connection refused"
}
nc -vz -w 2 '127.0.0.1' 587
