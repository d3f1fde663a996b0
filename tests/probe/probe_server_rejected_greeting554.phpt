--TEST--
smtpdiag_probe(): a 554 greeting is server_rejected; smtpdiag says QUIT once, as PHPMailer does, and waits for nothing more
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('greeting554');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['greeting']['code'], $r['server']['greeting']['enhanced'], $r['server']['banner']);
var_dump(count(array_keys($r['transcript'], 'C: QUIT', true)), $r['transcript']);
?>
--EXPECTF--
verdict: server_rejected
ok: false
within deadline: yes
first finding: server_rejected error
The server at 127.0.0.1:%d refused this client: 554 smtpfix.test: your address is listed on a block list
fix: a 421 is usually temporary (load, rate limit): try again later
fix: a 554 often means this machine's IP is on a block list or not allowed: check the IP's reputation or send through an authenticated relay
target:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:pass
greeting: fail: 554 smtpfix.test: your address is listed on a block list
int(554)
string(5) "5.7.1"
string(52) "smtpfix.test: your address is listed on a block list"
int(1)
array(3) {
  [0]=>
  string(%d) "*: connected to 127.0.0.1 port %d"
  [1]=>
  string(65) "S: 554 5.7.1 smtpfix.test: your address is listed on a block list"
  [2]=>
  string(7) "C: QUIT"
}
