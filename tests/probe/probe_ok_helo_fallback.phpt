--TEST--
smtpdiag_probe(): a server that refuses EHLO but accepts HELO is ok (PHPMailer falls back), with ehlo_refused and cleartext warnings
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('ehlo502');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['helo' => 'client.smtpdiag.test', 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
var_dump($r['fixes']);
foreach (sd_findings($r) as $f) {
    echo "{$f['code']} {$f['severity']}: {$f['message']}\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'ehlo');
echo "ehlo: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['helo_fallback'], $r['server']['ehlo']['code'], $r['server']['extensions'], $r['server']['starttls']);
var_dump(array_slice($r['transcript'], 2, 4));
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
array(0) {
}
ehlo_refused warning: the server refuses EHLO (502 Error: command not recognized) and accepts only HELO: it offers no STARTTLS and no AUTH
cleartext warning: the server does not offer STARTTLS: with SMTPSecure '' PHPMailer sends mail and passwords in clear text
target:pass dns:skip tcp:pass greeting:pass ehlo:warn starttls:warn tls:skip certificate:skip auth:skip quit:pass
ehlo: warn: EHLO refused (502), HELO accepted: no extensions, so no STARTTLS
bool(true)
int(502)
array(0) {
}
bool(false)
array(4) {
  [0]=>
  string(28) "C: EHLO client.smtpdiag.test"
  [1]=>
  string(42) "S: 502 5.5.2 Error: command not recognized"
  [2]=>
  string(28) "C: HELO client.smtpdiag.test"
  [3]=>
  string(19) "S: 250 smtpfix.test"
}
