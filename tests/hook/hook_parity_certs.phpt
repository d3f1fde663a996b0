--TEST--
smtpdiag_phpmailer() parity with PHPMailer's smtpConnect() on every certificate fault of the private Postfix (SMTPOptions cafile = the test CA), and on what SMTPOptions excuses
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
$ca = ['ssl' => ['cafile' => $mta['ca']]];
$scenarios = [];
foreach (['expired', 'notyet', 'wrongname', 'selfsigned', 'nointermediate', 'expiring'] as $fault) {
    $scenarios["{$fault}_smtps, ssl"] = ['Host' => '127.0.0.1', 'Port' => $p["{$fault}_smtps"], 'SMTPSecure' => 'ssl', 'SMTPOptions' => $ca];
}
$scenarios += [
    'wrongname_submission, tls' => ['Host' => '127.0.0.1', 'Port' => $p['wrongname_submission'], 'SMTPSecure' => 'tls', 'SMTPOptions' => $ca],
    'intercept_submission, Host localhost, tls' => ['Host' => 'localhost', 'Port' => $p['intercept_submission'], 'SMTPSecure' => 'tls', 'SMTPOptions' => $ca],
    'wrongname_smtps, verify_peer_name false' => ['Host' => '127.0.0.1', 'Port' => $p['wrongname_smtps'], 'SMTPSecure' => 'ssl', 'SMTPOptions' => ['ssl' => ['cafile' => $mta['ca'], 'verify_peer_name' => false]]],
    'wrongname_smtps, peer_name other.example.net' => ['Host' => '127.0.0.1', 'Port' => $p['wrongname_smtps'], 'SMTPSecure' => 'ssl', 'SMTPOptions' => ['ssl' => ['cafile' => $mta['ca'], 'peer_name' => 'other.example.net']]],
    'selfsigned_smtps, allow_self_signed' => ['Host' => '127.0.0.1', 'Port' => $p['selfsigned_smtps'], 'SMTPSecure' => 'ssl', 'SMTPOptions' => ['ssl' => ['cafile' => $mta['ca'], 'allow_self_signed' => true]]],
    'expired_smtps, verify_peer false' => ['Host' => '127.0.0.1', 'Port' => $p['expired_smtps'], 'SMTPSecure' => 'ssl', 'SMTPOptions' => ['ssl' => ['verify_peer' => false]]],
    'smtps, cafile missing' => ['Host' => '127.0.0.1', 'Port' => $p['smtps'], 'SMTPSecure' => 'ssl', 'SMTPOptions' => ['ssl' => ['cafile' => $mta['dir'] . '/no-such-ca.pem']]],
];
// No scenario waits on a silent peer, so a long Timeout costs nothing when all is well; it keeps a
// handshake on a loaded machine (both cores busy, the sanitizer pass) from failing as a timeout.
foreach ($scenarios as $label => $cfg) {
    hk_parity($label, $cfg + ['Timeout' => 10]);
}
// PHPMailer before 6.9 upgrades opportunistically for Host 'localhost' too, so it meets the bad name; 6.9
// and later stay in clear text there and connect.
hk_parity_localhost("wrongname_submission, Host localhost, '' with SMTPAutoTLS",
    ['Host' => 'localhost', 'Port' => $p['wrongname_submission'], 'SMTPSecure' => '', 'SMTPOptions' => $ca],
    "  phpmailer: failed: SMTP Error: Could not connect to SMTP host. Connection failed. stream_socket_enable_crypto(): Peer certificate did not match expected name `localhost'\n"
    . '  smtpdiag: ok=false verdict=cert_name_mismatch',
    "  phpmailer: connected\n  smtpdiag: ok=true verdict=ok");
echo 'disagreements: ', $hk_disagreements ?? 0, "\n";
?>
--EXPECTF--
expired_smtps, ssl
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_expired
  parity: yes
notyet_smtps, ssl
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_expired
  parity: yes
wrongname_smtps, ssl
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_name_mismatch
  parity: yes
selfsigned_smtps, ssl
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
nointermediate_smtps, ssl
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
expiring_smtps, ssl
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
wrongname_submission, tls
  phpmailer: failed: SMTP Error: Could not connect to SMTP host. Connection failed. stream_socket_enable_crypto(): Peer certificate did not match expected name `127.0.0.1'
  smtpdiag: ok=false verdict=cert_name_mismatch
  parity: yes
intercept_submission, Host localhost, tls
  phpmailer: failed: SMTP Error: Could not connect to SMTP host. Connection failed. stream_socket_enable_crypto(): Peer certificate did not match expected name `localhost'
  smtpdiag: ok=false verdict=cert_name_mismatch
  parity: yes
wrongname_smtps, verify_peer_name false
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
wrongname_smtps, peer_name other.example.net
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
selfsigned_smtps, allow_self_signed
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
expired_smtps, verify_peer false
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
smtps, cafile missing
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=ca_bundle_missing
  parity: yes
wrongname_submission, Host localhost, '' with SMTPAutoTLS
  as this PHPMailer's 'localhost' rule decides: yes
  parity: yes
disagreements: 0
