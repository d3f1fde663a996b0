--TEST--
smtpdiag_probe(): a 421 greeting, after which the server closes the connection (RFC 5321 3.8, as Postfix does), is server_rejected, the summary quoting the server; nothing is sent after it, as PHPMailer sends no QUIT after a greeting other than 220 or 554, and the quit check says the server closed
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('greeting421');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
foreach (['greeting', 'quit'] as $name) {
    $c = sd_check($r, $name);
    echo "$name: {$c['status']}: {$c['message']}\n";
}
var_dump($r['server']['greeting']['code'], $r['server']['greeting']['enhanced'], $r['server']['banner']);
var_dump($r['transcript']);
?>
--EXPECTF--
verdict: server_rejected
ok: false
within deadline: yes
first finding: server_rejected error
The server at 127.0.0.1:%d refused this client: 421 smtpfix.test: too busy, try again later
fix: a 421 is usually temporary (load, rate limit): try again later
fix: a 554 often means this machine's IP is on a block list or not allowed: check the IP's reputation or send through an authenticated relay
target:pass environment:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: 421 smtpfix.test: too busy, try again later
quit: skip: not sent: the server closed the connection after its 421, and PHPMailer sends no QUIT after a greeting other than 220 or 554
int(421)
string(5) "4.3.2"
string(39) "smtpfix.test: too busy, try again later"
array(2) {
  [0]=>
  string(%d) "*: connected to 127.0.0.1 port %d"
  [1]=>
  string(52) "S: 421 4.3.2 smtpfix.test: too busy, try again later"
}
