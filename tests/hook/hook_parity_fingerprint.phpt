--TEST--
smtpdiag_phpmailer() parity with PHPMailer's smtpConnect() for every form of SMTPOptions['ssl']['peer_fingerprint'] PHP refuses or accepts (an empty array fails the handshake, it does not match every certificate), with and without check_auth
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/../auth/auth_lib.inc'; sd_skipif_root(); hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/../auth/auth_lib.inc';
sd_require_root();
$pass = 'Pw-' . bin2hex(random_bytes(6));
$mta = au_mta_start(['alice' => $pass]);
$p = $mta['ports'];
$ssl = ['cafile' => $mta['ca']];
$leaf = file_get_contents(sd_certs() . '/valid.crt');
$sha256 = openssl_x509_fingerprint($leaf, 'sha256');
$ref = $sha256;
$smtps = ['Host' => '127.0.0.1', 'Port' => $p['auth_smtps'], 'SMTPSecure' => 'ssl'];
$fp = static fn($v): array => $smtps + ['SMTPOptions' => ['ssl' => $ssl + ['peer_fingerprint' => $v]]];
$scenarios = [
    'empty array' => $fp([]),
    'a list' => $fp([$sha256]),
    'a digest that is not a string' => $fp(['sha256' => 42]),
    'a digest held by reference' => $fp(['sha256' => &$ref]),
    'null' => $fp(null),
    'true' => $fp(true),
    'an unknown algorithm' => $fp(['sha999' => $sha256]),
    'a string of 64 hex digits (SHA-256 as a string)' => $fp($sha256),
    'sha256 array, upper-case key and digest' => $fp(['SHA256' => strtoupper($sha256)]),
    'sha512 array' => $fp(['sha512' => openssl_x509_fingerprint($leaf, 'sha512')]),
    'md5 string' => $fp(openssl_x509_fingerprint($leaf, 'md5')),
    'two pairs, one wrong' => $fp(['sha256' => $sha256, 'sha1' => str_repeat('0', 40)]),
    'two pairs, both right' => $fp(['sha256' => $sha256, 'sha1' => openssl_x509_fingerprint($leaf, 'sha1')]),
];
foreach ($scenarios as $label => $cfg) {
    $r = hk_parity($label, $cfg);
    $codes = array_column($r['findings'] ?? [], 'code');
    echo '  smtpoptions_invalid: ', in_array('smtpoptions_invalid', $codes, true) ? 'yes' : 'no', "\n";
}
// check_auth (SMTPAuth on, the right password): PHPMailer authenticates only with a usable pin; with an
// empty array it never connects, and smtpdiag must not authenticate either
$auth = ['SMTPAuth' => true, 'Username' => 'alice', 'Password' => $pass];
foreach (['check_auth, empty array' => [], 'check_auth, the right sha256' => ['sha256' => $sha256]] as $label => $v) {
    $r = au_parity($label, $fp($v) + $auth);
    echo '  auth check: ', sd_check($r, 'auth')['status'], "\n";
}
echo 'disagreements: ', ($hk_disagreements ?? 0) + ($au_disagreements ?? 0), "\n";
?>
--EXPECT--
empty array
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
  smtpoptions_invalid: yes
a list
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
  smtpoptions_invalid: yes
a digest that is not a string
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
  smtpoptions_invalid: yes
a digest held by reference
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
  smtpoptions_invalid: yes
null
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
  smtpoptions_invalid: yes
true
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
  smtpoptions_invalid: yes
an unknown algorithm
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
  smtpoptions_invalid: no
a string of 64 hex digits (SHA-256 as a string)
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
  smtpoptions_invalid: yes
sha256 array, upper-case key and digest
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  smtpoptions_invalid: no
sha512 array
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  smtpoptions_invalid: no
md5 string
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  smtpoptions_invalid: no
two pairs, one wrong
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
  smtpoptions_invalid: no
two pairs, both right
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  smtpoptions_invalid: no
check_auth, empty array
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
  auth check: skip
check_auth, the right sha256
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  auth check: pass
disagreements: 0
