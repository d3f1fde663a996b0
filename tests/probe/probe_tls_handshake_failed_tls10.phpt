--TEST--
smtpdiag_probe(): a server that speaks only TLS 1.0 is tls_handshake_failed, with OpenSSL's reason in the tls check
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$certs = sd_certs();
$fx = sd_fixture_start('tls10', "$certs/valid.bundle.pem");
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['security' => 'smtps', 'cafile' => "$certs/ca.pem", 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'tls');
echo "tls: {$c['status']}: {$c['message']}\n";
// The reason is OpenSSL's own, and the summary carries the same words.
$reason = substr($c['message'], strlen('handshake failed: '));
var_dump($reason !== '', str_contains($r['summary'], $reason));
var_dump($r['server']['first_bytes'], $r['server']['tls']['version'] ?? null, $r['server']['banner']);
echo $r['reproduce'], "\n";
?>
--EXPECTF--
verdict: tls_handshake_failed
ok: false
within deadline: yes
first finding: tls_handshake_failed error
The TLS handshake with 127.0.0.1:%d failed: %s
fix: the server may only offer old protocol versions or ciphers that this OpenSSL refuses: upgrade the server's TLS configuration
fix: as a last resort for a legacy server you control: $mail->SMTPOptions = ['ssl' => ['ciphers' => 'DEFAULT@SECLEVEL=0']];
target:pass dns:skip tcp:pass greeting:skip ehlo:skip starttls:skip tls:fail certificate:skip auth:skip quit:skip
tls: fail: handshake failed: %r(legacy sigalg disallowed or unsupported|unsupported protocol|no protocols available|tlsv1 alert protocol version|wrong version number|sslv3 alert handshake failure)%r
bool(true)
bool(true)
string(3) "tls"
NULL
NULL
openssl s_client -connect '127.0.0.1:%d' -servername '127.0.0.1' -verify_return_error -CAfile '%s/ca.pem' -brief </dev/null
