--TEST--
smtpdiag_probe(): a port that accepts and stays silent (no TLS either) is no_greeting at the deadline, after a TLS sniff
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('silent');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['timeout' => 3]);
sd_show($r, 3);
echo 'about 3 s: ', $r['elapsed_ms'] >= 2900 && $r['elapsed_ms'] <= 3100 ? 'yes' : 'NO (' . $r['elapsed_ms'] . ')', "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['first_bytes'], $r['server']['banner'], $r['transcript'][1]);
echo $r['reproduce'], "\n";
?>
--EXPECTF--
verdict: no_greeting
ok: false
within deadline: yes
first finding: no_greeting error
about 3 s: yes
127.0.0.1:%d accepted the connection but never sent an SMTP greeting, and does not speak TLS either
fix: check that the port is an SMTP port: 587 (STARTTLS), 465 (implicit TLS), 25
fix: a proxy or load balancer in front of the server may be holding the connection
target:pass environment:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: no greeting within 3.0 s; it answers neither TLS nor HTTP
string(4) "none"
NULL
string(76) "*: no greeting after 1000 ms; a TLS ClientHello on this connection got: none"
nc -v '127.0.0.1' %d
