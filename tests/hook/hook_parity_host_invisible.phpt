--TEST--
smtpdiag_phpmailer() parity with PHPMailer's smtpConnect() when only one entry of a Host list carries an invisible character (NBSP, zero-width space): PHPMailer skips that entry and connects with another
--DESCRIPTION--
PHPMailer checks each ';' entry on its own (isValidHost() refuses the one with U+00A0 or U+200B) and goes
on with the next, so a list with one dirty entry and one good one still connects. The report must be
ok, with a host_entry_skipped finding for the dirty entry; host_malformed only when no entry is usable.
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
$fx = sd_fixture_start('nostarttls');
$good = "127.0.0.1:{$fx['port']}";
$scenarios = [
    'NBSP in the first entry, a good second entry' => "smtp.example.com\u{00A0};$good",
    'a good first entry, zero-width space in the second' => "$good;smtp.\u{200B}example.com",
    'NBSP in the only entry' => "$good\u{00A0}",
];
foreach ($scenarios as $label => $host) {
    $r = hk_parity($label, ['Host' => $host, 'SMTPSecure' => '', 'SMTPAutoTLS' => false]);
    echo '  skipped entries: ', count(array_filter($r['hosts'], fn($h) => $h['skipped'])),
        ', host_entry_skipped findings: ', count(array_filter($r['config'], fn($f) => $f['code'] === 'host_entry_skipped')), "\n";
}
echo 'disagreements: ', $hk_disagreements ?? 0, "\n";
?>
--EXPECT--
NBSP in the first entry, a good second entry
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  skipped entries: 1, host_entry_skipped findings: 1
a good first entry, zero-width space in the second
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  skipped entries: 1, host_entry_skipped findings: 1
NBSP in the only entry
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=host_malformed
  parity: yes
  skipped entries: 1, host_entry_skipped findings: 1
disagreements: 0
