--TEST--
smtpdiag_phpmailer() parity with PHPMailer's smtpConnect() when SMTPOptions['ssl'] holds context options that decide the implicit-TLS handshake: crypto_method, peer_fingerprint, verify_depth
--DESCRIPTION--
PHPMailer hands SMTPOptions to stream_context_create(), so every ssl context option applies to its
ssl:// connect. smtpdiag reads only verify_peer, verify_peer_name, allow_self_signed, cafile, capath and
peer_name; `ok` must still be true only when PHPMailer connects (else the option must at least make the
report say it was not evaluated, with ok false).
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; sd_skipif_root(['postfix', 'phpmailer']); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
sd_require_root(['postfix', 'phpmailer']);
$mta = sd_mta_start();
$p = $mta['ports'];
$ssl = ['cafile' => $mta['ca']];
$leaf = file_get_contents($mta['certs'] . '/valid.crt');
$smtps = ['Host' => '127.0.0.1', 'Port' => $p['smtps'], 'SMTPSecure' => 'ssl'];
$scenarios = [
    'crypto_method TLS 1.2 (works)' => $smtps + ['SMTPOptions' => ['ssl' => $ssl + ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT]]],
    'crypto_method TLS 1.0 only' => $smtps + ['SMTPOptions' => ['ssl' => $ssl + ['crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT]]],
    'peer_fingerprint that matches (SHA-1 string)' => $smtps + ['SMTPOptions' => ['ssl' => $ssl + ['peer_fingerprint' => strtoupper(openssl_x509_fingerprint($leaf, 'sha1'))]]],
    'peer_fingerprint that matches (sha256 array)' => $smtps + ['SMTPOptions' => ['ssl' => $ssl + ['peer_fingerprint' => ['sha256' => openssl_x509_fingerprint($leaf, 'sha256')]]]],
    'peer_fingerprint that does not match' => $smtps + ['SMTPOptions' => ['ssl' => $ssl + ['peer_fingerprint' => str_repeat('ab', 20)]]],
    'verify_depth 0 (the chain has an intermediate)' => $smtps + ['SMTPOptions' => ['ssl' => $ssl + ['verify_depth' => 0]]],
];
foreach ($scenarios as $label => $cfg) {
    hk_parity($label, $cfg);
}
echo 'disagreements: ', $hk_disagreements ?? 0, "\n";
?>
--EXPECTF--
crypto_method TLS 1.2 (works)
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
crypto_method TLS 1.0 only
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=tls_handshake_failed
  parity: yes
peer_fingerprint that matches (SHA-1 string)
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
peer_fingerprint that matches (sha256 array)
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
peer_fingerprint that does not match
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
verify_depth 0 (the chain has an intermediate)
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
disagreements: 0
