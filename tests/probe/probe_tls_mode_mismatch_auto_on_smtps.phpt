--TEST--
smtpdiag_probe(): security auto against Postfix's implicit-TLS port is tls_mode_mismatch after the 1 s TLS sniff, not the deadline; the fix is ENCRYPTION_SMTPS
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['smtps'], ['security' => 'auto', 'cafile' => $mta['ca'], 'timeout' => 10]);
sd_show($r, 10);
echo 'well before the 10 s deadline (under 5 s): ', sd_deadline_kept($r['elapsed_ms'], 5000), "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: {$c['message']}\n";
var_dump($r['target']['security'], $r['server']['banner'], $r['transcript']);
$port = $mta['ports']['smtps'];
var_dump($r['fixes'][0] === "verified from here: port $port with implicit TLS works: \$mail->Port = $port; \$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;",
    [$r['alternative']['port'] === $port, $r['alternative']['security'], $r['alternative']['ok']]);
?>
--EXPECTF--
verdict: tls_mode_mismatch
ok: false
within deadline: yes
first finding: tls_mode_mismatch error
well before the 10 s deadline (under 5 s): yes
localhost:%d expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but plain SMTP with STARTTLS when offered was configured
fix: verified from here: port %d with implicit TLS works: $mail->Port = %d; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
fix: or use STARTTLS on its own port: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
target:pass dns:pass tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: no greeting; the port answers a TLS handshake
string(4) "auto"
NULL
array(2) {
  [0]=>
  string(%d) "*: connected to %s port %d"
  [1]=>
  string(75) "*: no greeting after 1000 ms; a TLS ClientHello on this connection got: tls"
}
bool(true)
array(3) {
  [0]=>
  bool(true)
  [1]=>
  string(5) "smtps"
  [2]=>
  bool(true)
}
