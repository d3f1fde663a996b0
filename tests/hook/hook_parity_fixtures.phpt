--TEST--
smtpdiag_phpmailer() parity with PHPMailer's smtpConnect() against scripted peers: silent, greeting554, starttls454 (where SMTPAutoTLS, SMTPSecure and the PHPMailer version's 'localhost' rule decide the outcome)
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
$silent = sd_fixture_start('silent');
$g554 = sd_fixture_start('greeting554');
$s454 = sd_fixture_start('starttls454');
$scenarios = [
    "silent, ''" => ['Host' => '127.0.0.1', 'Port' => $silent['port'], 'SMTPSecure' => ''],
    'silent, tls, Host localhost' => ['Host' => 'localhost', 'Port' => $silent['port'], 'SMTPSecure' => 'tls'],
    "greeting554, ''" => ['Host' => '127.0.0.1', 'Port' => $g554['port'], 'SMTPSecure' => ''],
    'greeting554, tls' => ['Host' => '127.0.0.1', 'Port' => $g554['port'], 'SMTPSecure' => 'tls'],
    "greeting554, then a working entry (starttls454 without SMTPAutoTLS)" => ['Host' => "127.0.0.1;127.0.0.1:{$s454['port']}", 'Port' => $g554['port'], 'SMTPSecure' => '', 'SMTPAutoTLS' => false],
    'starttls454, tls' => ['Host' => '127.0.0.1', 'Port' => $s454['port'], 'SMTPSecure' => 'tls'],
    "starttls454, '' with SMTPAutoTLS (PHPMailer tries the offered STARTTLS and fails)" => ['Host' => '127.0.0.1', 'Port' => $s454['port'], 'SMTPSecure' => '', 'SMTPAutoTLS' => true],
    "starttls454, '' without SMTPAutoTLS" => ['Host' => '127.0.0.1', 'Port' => $s454['port'], 'SMTPSecure' => '', 'SMTPAutoTLS' => false],
    "starttls454, tls:// entry overrides SMTPSecure ''" => ['Host' => "tls://127.0.0.1:{$s454['port']}", 'Port' => 1, 'SMTPSecure' => '', 'SMTPAutoTLS' => false],
];
foreach ($scenarios as $label => $cfg) {
    hk_parity($label, $cfg);
}
// PHPMailer before 6.9 tries the offered STARTTLS for Host 'localhost' too (and fails); 6.9 and later do not.
hk_parity_localhost("starttls454, Host localhost, '' with SMTPAutoTLS",
    ['Host' => 'localhost', 'Port' => $s454['port'], 'SMTPSecure' => '', 'SMTPAutoTLS' => true],
    "  phpmailer: failed: SMTP Error: Could not connect to SMTP host. STARTTLS command failed TLS not available due to local problem\n"
    . '  smtpdiag: ok=false verdict=starttls_unavailable',
    "  phpmailer: connected\n  smtpdiag: ok=true verdict=ok");
echo 'disagreements: ', $hk_disagreements ?? 0, "\n";
?>
--EXPECTF--
silent, ''
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=no_greeting
  parity: yes
silent, tls, Host localhost
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=no_greeting
  parity: yes
greeting554, ''
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=server_rejected
  parity: yes
greeting554, tls
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=server_rejected
  parity: yes
greeting554, then a working entry (starttls454 without SMTPAutoTLS)
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
starttls454, tls
  phpmailer: failed: SMTP Error: Could not connect to SMTP host. STARTTLS command failed TLS not available due to local problem
  smtpdiag: ok=false verdict=starttls_unavailable
  parity: yes
starttls454, '' with SMTPAutoTLS (PHPMailer tries the offered STARTTLS and fails)
  phpmailer: failed: SMTP Error: Could not connect to SMTP host. STARTTLS command failed TLS not available due to local problem
  smtpdiag: ok=false verdict=starttls_unavailable
  parity: yes
starttls454, '' without SMTPAutoTLS
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
starttls454, tls:// entry overrides SMTPSecure ''
  phpmailer: failed: SMTP Error: Could not connect to SMTP host. STARTTLS command failed TLS not available due to local problem
  smtpdiag: ok=false verdict=starttls_unavailable
  parity: yes
starttls454, Host localhost, '' with SMTPAutoTLS
  as this PHPMailer's 'localhost' rule decides: yes
  parity: yes
disagreements: 0
