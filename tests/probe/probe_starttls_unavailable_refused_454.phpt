--TEST--
smtpdiag_probe(): a server that offers STARTTLS and answers it with 454 is starttls_unavailable
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('starttls454');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['security' => 'starttls', 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
$c = sd_check($r, 'starttls');
echo "starttls: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['starttls'], $r['server']['tls'], array_slice($r['transcript'], -4));
?>
--EXPECTF--
verdict: starttls_unavailable
ok: false
within deadline: yes
first finding: starttls_unavailable error
STARTTLS was required but 127.0.0.1:%d refused STARTTLS: 454 TLS not available due to local problem
fix: %s: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;%S
fix: the server offers STARTTLS but fails to start it, a fault of its own (often passing): try again later, or tell its operator
target:pass environment:pass dns:skip tcp:pass greeting:pass ehlo:pass starttls:fail tls:skip certificate:skip auth:skip quit:pass
starttls: fail: offered; STARTTLS answered 454 TLS not available due to local problem
bool(true)
NULL
array(4) {
  [0]=>
  string(11) "C: STARTTLS"
  [1]=>
  string(51) "S: 454 4.7.0 TLS not available due to local problem"
  [2]=>
  string(7) "C: QUIT"
  [3]=>
  string(16) "S: 221 2.0.0 bye"
}
