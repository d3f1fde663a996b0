--TEST--
smtpdiag_probe(): a 421 greeting is server_rejected, the summary quoting the server
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
echo sd_stages($r), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['greeting']['code'], $r['server']['greeting']['enhanced'], count(array_keys($r['transcript'], 'C: QUIT', true)));
?>
--EXPECTF--
verdict: server_rejected
ok: false
within deadline: yes
first finding: server_rejected error
The server at 127.0.0.1:%d refused this client: 421 smtpfix.test: too busy, try again later
fix: a 421 is usually temporary (load, rate limit): try again later
fix: a 554 often means this machine's IP is on a block list or not allowed: check the IP's reputation or send through an authenticated relay
target:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:%s
greeting: fail: 421 smtpfix.test: too busy, try again later
int(421)
string(5) "4.3.2"
int(1)
