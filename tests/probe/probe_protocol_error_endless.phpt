--TEST--
smtpdiag_probe(): an endless multi-line 220- greeting is protocol_error (too many lines) inside the deadline, the transcript capped
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('endless');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: ", substr($c['message'], 0, 84), "\n";
var_dump(strlen($c['message']) < 1024, $r['server']['first_bytes'], $r['transcript'][1]);
var_dump(strlen(implode("\n", $r['transcript'])) <= 16384);
?>
--EXPECTF--
verdict: protocol_error
ok: false
within deadline: yes
first finding: protocol_error error
127.0.0.1:%d does not speak SMTP: its greeting is not a valid SMTP reply (too many lines)
fix: check the host and port: this is not the mail server's SMTP port
target:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: greeting: not an SMTP reply (too many lines): 220-smtpfix.test endless greeting line
bool(true)
string(4) "smtp"
string(41) "S: 220-smtpfix.test endless greeting line"
bool(true)
