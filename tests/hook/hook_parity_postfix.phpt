--TEST--
smtpdiag_phpmailer() parity with PHPMailer's own smtpConnect() against a real Postfix: STARTTLS (tls, and '' with SMTPAutoTLS), smtps, plain, both mode mismatches, a refused port, Host lists
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
$closed = hk_closed_port();
$scenarios = [
    'submission, tls' => ['Host' => '127.0.0.1', 'Port' => $p['submission'], 'SMTPSecure' => 'tls', 'SMTPOptions' => $ca],
    "submission, '' with SMTPAutoTLS" => ['Host' => '127.0.0.1', 'Port' => $p['submission'], 'SMTPSecure' => '', 'SMTPAutoTLS' => true, 'SMTPOptions' => $ca],
    // 6.6.3 has no localhost rule: it upgrades with STARTTLS for Host 'localhost' too, and verifies.
    "submission, Host localhost, '' with SMTPAutoTLS" => ['Host' => 'localhost', 'Port' => $p['submission'], 'SMTPSecure' => '', 'SMTPAutoTLS' => true, 'SMTPOptions' => $ca],
    "submission, '' with SMTPAutoTLS, no cafile (opportunistic TLS still verifies)" => ['Host' => '127.0.0.1', 'Port' => $p['submission'], 'SMTPSecure' => '', 'SMTPAutoTLS' => true],
    'smtps, ssl' => ['Host' => '127.0.0.1', 'Port' => $p['smtps'], 'SMTPSecure' => 'ssl', 'SMTPOptions' => $ca],
    'plain, no encryption, SMTPAutoTLS false' => ['Host' => '127.0.0.1', 'Port' => $p['plain'], 'SMTPSecure' => '', 'SMTPAutoTLS' => false],
    'plain, tls (STARTTLS not offered)' => ['Host' => '127.0.0.1', 'Port' => $p['plain'], 'SMTPSecure' => 'tls'],
    'ssl on the submission port' => ['Host' => '127.0.0.1', 'Port' => $p['submission'], 'SMTPSecure' => 'ssl', 'SMTPOptions' => $ca],
    'tls on the smtps port' => ['Host' => '127.0.0.1', 'Port' => $p['smtps'], 'SMTPSecure' => 'tls', 'SMTPOptions' => $ca],
    'refused port' => ['Host' => '127.0.0.1', 'Port' => $closed, 'SMTPSecure' => 'tls', 'SMTPOptions' => $ca],
    'Host list: refused entry, then a working one' => ['Host' => "127.0.0.1:$closed;127.0.0.1", 'Port' => $p['submission'], 'SMTPSecure' => 'tls', 'SMTPOptions' => $ca],
    'Host list: ssl:// entry with its port' => ['Host' => "ssl://127.0.0.1:{$p['smtps']}", 'Port' => 587, 'SMTPSecure' => '', 'SMTPOptions' => $ca],
    'Host list: SSL:// (upper case) is skipped by PHPMailer' => ['Host' => "SSL://127.0.0.1:{$p['smtps']}", 'Port' => 587, 'SMTPSecure' => '', 'SMTPOptions' => $ca],
];
foreach ($scenarios as $label => $cfg) {
    hk_parity($label, $cfg);
}
echo 'disagreements: ', $hk_disagreements ?? 0, "\n";

// Port 0 means 25 to PHPMailer. Whether this machine has an MTA on port 25 is not the test's to know:
// in a namespace of its own, port 25 on 127.0.0.1 is redirected to a fixture, and both PHPMailer and
// smtpdiag run there.
$ns = sd_netns();
$fx = sd_fixture_start('nostarttls', null, $ns);
sd_nft($ns, "table ip nat {\n chain output {\n  type nat hook output priority -100; policy accept;\n"
    . "  ip daddr 127.0.0.1 tcp dport 25 redirect to :{$fx['port']}\n }\n}\n");
[$out, $err] = sd_child('require ' . var_export(__DIR__ . '/hook_lib.inc', true) . ';
    $r = hk_parity("Port 0 means 25 to PHPMailer", ["Host" => "127.0.0.1", "Port" => 0, "SMTPSecure" => ""]);
    echo "  report: port {$r["target"]["port"]}, security {$r["target"]["security"]}, banner {$r["server"]["banner"]}\n";
    echo "  findings: ", implode(" ", array_column($r["findings"], "code")), "\n";', $ns, null, ['pcre.jit' => 0]);
echo $out, $err;
?>
--EXPECT--
submission, tls
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
submission, '' with SMTPAutoTLS
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
submission, Host localhost, '' with SMTPAutoTLS
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
submission, '' with SMTPAutoTLS, no cafile (opportunistic TLS still verifies)
  phpmailer: failed: SMTP Error: Could not connect to SMTP host. Connection failed. stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages: error:0A000086:SSL routines::certificate verify failed
  smtpdiag: ok=false verdict=cert_untrusted
  parity: yes
smtps, ssl
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
plain, no encryption, SMTPAutoTLS false
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
plain, tls (STARTTLS not offered)
  phpmailer: failed: SMTP Error: Could not connect to SMTP host. STARTTLS command failed Error: command not implemented
  smtpdiag: ok=false verdict=starttls_unavailable
  parity: yes
ssl on the submission port
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=tls_mode_mismatch
  parity: yes
tls on the smtps port
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=tls_mode_mismatch
  parity: yes
refused port
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=connection_refused
  parity: yes
Host list: refused entry, then a working one
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
Host list: ssl:// entry with its port
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
Host list: SSL:// (upper case) is skipped by PHPMailer
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=host_malformed
  parity: yes
disagreements: 0
Port 0 means 25 to PHPMailer
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  report: port 25, security auto, banner smtpfix.test ESMTP fixture
  findings: cleartext
