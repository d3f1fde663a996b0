--TEST--
smtpdiag_probe(): a server that never greets and closes the connection on whatever the client sends (a protocol multiplexer that matches none of its protocols) is no_greeting, at once after the 1 s sniff: it closed on the ClientHello and on the HTTP request that follows, which is not a refusal of this client (server_rejected is for a server that closes before anything was said)
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('closeonbytes');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['timeout' => 5]);
sd_show($r, 5);
echo 'elapsed within 2500 ms: ', sd_deadline_kept($r['elapsed_ms'], 2500), "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['first_bytes'], $r['transcript']);
?>
--EXPECTF--
verdict: no_greeting
ok: false
within deadline: yes
first finding: no_greeting error
elapsed within 2500 ms: yes
127.0.0.1:%d accepted the connection but never sent an SMTP greeting, and does not speak TLS either
fix: check that the port is an SMTP port: 587 (STARTTLS), 465 (implicit TLS), 25
fix: a proxy or load balancer in front of the server may be holding the connection
target:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: no greeting; it answers neither TLS nor HTTP and closed the connection on an HTTP request
string(4) "none"
array(4) {
  [0]=>
  string(%d) "*: connected to 127.0.0.1 port %d"
  [1]=>
  string(78) "*: no greeting after 1000 ms; a TLS ClientHello on this connection got: closed"
  [2]=>
  string(%d) "*: connected again to 127.0.0.1 port %d"
  [3]=>
  string(18) "C: HEAD / HTTP/1.0"
}
