--TEST--
smtpdiag_probe(): a web server (silent until a request, then HTTP 400) is protocol_error after the 1 s sniff
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('http');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['timeout' => 5]);
sd_show($r, 5);
echo 'elapsed < 2500 ms: ', $r['elapsed_ms'] < 2500 ? 'yes' : 'NO (' . $r['elapsed_ms'] . ')', "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: {$c['message']}\n";
var_dump($r['transcript'][1]);
?>
--EXPECTF--
verdict: protocol_error
ok: false
within deadline: yes
first finding: protocol_error error
elapsed < 2500 ms: yes
127.0.0.1:%d does not speak SMTP: it sends nothing first and answers like an HTTP server ("HTTP/1.1 400 Bad Request")
fix: check the host and port: this is not the mail server's SMTP port
target:pass environment:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: no greeting; the port answers like an HTTP server
string(76) "*: no greeting after 1000 ms; a TLS ClientHello on this connection got: http"
