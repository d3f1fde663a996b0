--TEST--
smtpdiag_probe(): implicit TLS to a server that sends part of a ServerHello and stalls is timeout at the deadline
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('halftls');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['security' => 'smtps', 'timeout' => 3]);
sd_show($r, 3);
echo 'ran to the deadline: ', $r['elapsed_ms'] >= 2900 ? 'yes' : 'NO (' . $r['elapsed_ms'] . ')', "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'tls');
echo "tls: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['first_bytes'], $r['server']['tls']['version'] ?? null);
?>
--EXPECTF--
verdict: timeout
ok: false
within deadline: yes
first finding: timeout error
ran to the deadline: yes
127.0.0.1:%d stalled: the TLS handshake stalled, and the 3.0 s deadline ran out
fix: the server is overloaded or a middlebox holds the connection: try again, or try the other submission port
target:pass dns:skip tcp:pass greeting:skip ehlo:skip starttls:skip tls:fail certificate:skip auth:skip quit:skip
tls: fail: the TLS handshake did not finish before the deadline (11 bytes received)
string(3) "tls"
NULL
