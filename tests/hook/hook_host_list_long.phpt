--TEST--
smtpdiag_phpmailer(): a Host list longer than the 16 entries examined gives host_list_long: info when an examined entry works (PHPMailer never reaches the rest), a warning when none does (PHPMailer goes on to entries smtpdiag has not examined, so the report cannot speak for them)
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
$closed = hk_closed_port();
$base = ['Port' => $fx['port'], 'SMTPSecure' => '', 'SMTPAutoTLS' => true];

function show(string $label, array $cfg, int $closed): void
{
    [$ok, $msg] = hk_phpmailer_connect($cfg);
    $r = smtpdiag_phpmailer(hk_mailer($cfg), ['cache' => false]);
    echo "$label\n  phpmailer: ", $ok ? 'connected' : 'failed: ' . $msg, "\n";
    echo '  smtpdiag: ok=', var_export($r['ok'], true), " verdict={$r['verdict']}, ", count($r['hosts']), " entries examined\n";
    foreach ($r['findings'] as $f) {
        echo "  finding: {$f['code']} {$f['severity']}: ", str_replace((string) $closed, 'CLOSED', $f['message']), "\n";
    }
    echo '  in config: ', json_encode(array_column($r['config'], 'code')), "\n";
}

// 17 entries, the first works: PHPMailer stops there.
show('17 entries, the first works', $base + ['Host' => implode(';', array_fill(0, 17, '127.0.0.1'))], $closed);
// 16 refused entries, then a working one: PHPMailer connects with the 17th, which smtpdiag does not
// examine; its report says so instead of passing the first entry's failure off as PHPMailer's fate.
show('16 refused entries, the 17th works', $base + ['Host' => str_repeat("127.0.0.1:$closed;", 16) . '127.0.0.1'], $closed);
// 16 is within the cap: no finding.
$r = smtpdiag_phpmailer(hk_mailer($base + ['Host' => implode(';', array_fill(0, 16, '127.0.0.1'))]), ['cache' => false]);
echo '16 entries: ', $r['verdict'], ', host_list_long: ', hk_finding($r, 'host_list_long') === null ? 'none' : 'FOUND', "\n";
?>
--EXPECT--
17 entries, the first works
  phpmailer: connected
  smtpdiag: ok=true verdict=ok, 16 entries examined
  finding: cleartext warning: the server does not offer STARTTLS: with SMTPSecure '' PHPMailer sends mail and passwords in clear text
  finding: host_list_long info: Host lists more than 16 entries; only the first 16 are examined
  in config: ["host_list_long"]
16 refused entries, the 17th works
  phpmailer: connected
  smtpdiag: ok=false verdict=connection_refused, 16 entries examined
  finding: connection_refused error: 127.0.0.1:CLOSED refused the connection (Connection refused): nothing listens there, or a firewall rejects it
  finding: host_list_long warning: Host lists 17 entries and none of the first 16 works: PHPMailer goes on to the 1 entry after them, which smtpdiag does not examine, so this report does not say whether one of them works
  in config: ["host_list_long"]
16 entries: ok, host_list_long: none
