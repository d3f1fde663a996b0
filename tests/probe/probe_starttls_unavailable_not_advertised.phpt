--TEST--
smtpdiag_probe(): security starttls against Postfix's plain listener is starttls_unavailable: not advertised
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root();
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['plain'], ['security' => 'starttls', 'cafile' => $mta['ca'], 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
$c = sd_check($r, 'starttls');
echo "starttls: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['starttls'], in_array('STARTTLS', $r['server']['extensions'], true), $r['server']['tls']);
var_dump(array_slice($r['transcript'], -4));
?>
--EXPECTF--
verdict: starttls_unavailable
ok: false
within deadline: yes
first finding: starttls_unavailable error
STARTTLS was required but localhost:%d does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not implemented
fix: %s: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;%S
fix: this port works only without encryption: the server greeted and answered EHLO here, but offers no STARTTLS (mail and passwords travel in clear text): $mail->Port = %d; $mail->SMTPSecure = ''; $mail->SMTPAutoTLS = true;
fix: enable TLS on the server, or check that this port is the submission port (587) and not a relay-only or proxied port
target:pass environment:pass dns:pass tcp:pass greeting:pass ehlo:pass starttls:fail tls:skip certificate:skip auth:skip quit:pass
starttls: fail: not offered; STARTTLS answered 502 Error: command not implemented
bool(false)
bool(false)
NULL
array(4) {
  [0]=>
  string(11) "C: STARTTLS"
  [1]=>
  string(43) "S: 502 5.5.1 Error: command not implemented"
  [2]=>
  string(7) "C: QUIT"
  [3]=>
  string(16) "S: 221 2.0.0 Bye"
}
