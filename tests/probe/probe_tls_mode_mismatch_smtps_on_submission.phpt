--TEST--
smtpdiag_probe(): implicit TLS against Postfix's STARTTLS submission port is tls_mode_mismatch well before the timeout; the fix is ENCRYPTION_STARTTLS; what the server sent instead of a handshake is quoted (its greeting, or from Postfix 3.9 on possibly its 554 refusal of a client that speaks first)
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['submission'], ['security' => 'smtps', 'cafile' => $mta['ca'], 'timeout' => 10]);
sd_show($r, 10);
// No wait for the 10 s timeout; the verified STARTTLS retry is a full handshake (over a second under valgrind).
echo 'well before the 10 s deadline (under 5 s): ', sd_deadline_kept($r['elapsed_ms'], 5000), "\n";
// This Postfix's answer to a ClientHello, shown as ANSWER (the summary words it as a greeting or a reply).
echo sd_as_answer($r['summary']), "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'tls');
echo "tls: {$c['status']}: ", sd_as_answer($c['message']), "\n";
var_dump($r['server']['first_bytes'], $r['transcript'][1], sd_as_answer($r['transcript'][2]));
echo $r['reproduce'], "\n";
$port = $mta['ports']['submission'];
var_dump($r['fixes'][0] === "verified from here: port $port with STARTTLS works: \$mail->Port = $port; \$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;",
    [$r['alternative']['port'] === $port, $r['alternative']['security'], $r['alternative']['ok']]);
?>
--EXPECTF--
verdict: tls_mode_mismatch
ok: false
within deadline: yes
first finding: tls_mode_mismatch error
well before the 10 s deadline (under 5 s): yes
localhost:%d speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER
fix: verified from here: port %d with STARTTLS works: $mail->Port = %d; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
fix: or keep implicit TLS on its own port: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; (not verified from here)
target:pass dns:pass tcp:pass greeting:skip ehlo:skip starttls:skip tls:fail certificate:skip auth:skip quit:skip
tls: fail: the server answered the TLS handshake with "ANSWER\r\n%S" (%s)
string(4) "smtp"
string(48) "*: the TLS handshake was answered in plain text:"
string(9) "S: ANSWER"
openssl s_client -starttls smtp -connect 'localhost:%d' -brief </dev/null
bool(true)
array(3) {
  [0]=>
  bool(true)
  [1]=>
  string(8) "starttls"
  [2]=>
  bool(true)
}
