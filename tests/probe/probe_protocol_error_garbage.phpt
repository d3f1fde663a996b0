--TEST--
smtpdiag_probe(): binary junk instead of a greeting is protocol_error; what arrived is in the check and the transcript, escaped
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('garbage');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['first_bytes']);
$lines = array_values(array_filter($r['transcript'], fn($l) => str_starts_with($l, 'S: ')));
var_dump($lines);
var_dump(str_contains(json_encode($r), "\\u0000"), str_contains(serialize($r), "\x00"));
?>
--EXPECTF--
verdict: protocol_error
ok: false
within deadline: yes
first finding: protocol_error error
127.0.0.1:%d does not speak SMTP: its greeting is not a valid SMTP reply (not an SMTP reply line)
fix: check the host and port: this is not the mail server's SMTP port
target:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: greeting: not an SMTP reply (not an SMTP reply line): \x00\xff\xfe garbage \x01\x02\x03%A
string(5) "other"
array(1) {
  [0]=>
  string(%d) "S: \x00\xff\xfe garbage \x01\x02\x03"
}
bool(false)
bool(false)
