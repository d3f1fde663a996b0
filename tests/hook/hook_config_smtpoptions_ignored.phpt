--TEST--
smtpdiag_phpmailer(): with stream_socket_client disabled PHPMailer falls back to fsockopen() and ignores SMTPOptions: smtpoptions_ignored, and the probe ignores them too (parity with PHPMailer on the private Postfix)
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
disable_functions=stream_socket_client
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; sd_skipif_root(['postfix', 'phpmailer']); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
sd_require_root(['postfix', 'phpmailer']);
var_dump(function_exists('stream_socket_client'));
$mta = sd_mta_start();
$p = $mta['ports'];
$ca = ['ssl' => ['cafile' => $mta['ca']]];
// The test CA reaches PHPMailer only through SMTPOptions, which fsockopen() never sees: it fails.
$r = hk_parity('smtps, ssl, cafile in SMTPOptions', ['Host' => '127.0.0.1', 'Port' => $p['smtps'], 'SMTPSecure' => 'ssl', 'SMTPOptions' => $ca]);
$f = hk_finding($r, 'smtpoptions_ignored');
echo $f ? "{$f['severity']}: {$f['message']}" : 'NO smtpoptions_ignored', "\n";
// verify_peer false in SMTPOptions does not help either.
$r = hk_parity('smtps, ssl, verify_peer false in SMTPOptions', ['Host' => '127.0.0.1', 'Port' => $p['smtps'], 'SMTPSecure' => 'ssl', 'SMTPOptions' => ['ssl' => ['verify_peer' => false]]]);
echo 'verification_disabled reported: ', var_export(hk_finding($r, 'verification_disabled') !== null, true), "\n";
// No SMTPOptions: nothing is ignored.
$r = hk_parity('plain, no SMTPOptions', ['Host' => '127.0.0.1', 'Port' => $p['plain'], 'SMTPSecure' => '', 'SMTPAutoTLS' => false]);
echo 'smtpoptions_ignored: ', var_export(hk_finding($r, 'smtpoptions_ignored') !== null, true), "\n";
echo 'disagreements: ', $hk_disagreements ?? 0, "\n";
?>
--EXPECT--
bool(false)
smtps, ssl, cafile in SMTPOptions
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
warning: stream_socket_client() is disabled, so PHPMailer connects with fsockopen(), which ignores SMTPOptions (CA file, verification settings, bindto)
smtps, ssl, verify_peer false in SMTPOptions
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
verification_disabled reported: false
plain, no SMTPOptions
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
smtpoptions_ignored: false
disagreements: 0
