--TEST--
smtpdiag_format() text of a smtpdiag_phpmailer() report: one row per Host entry in PHPMailer's order (the outcome of each entry tried, why PHPMailer skips one, the entries after the one that connected not tried), before the checks of the chosen entry
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php if (!is_file('/usr/share/php/libphp-phpmailer/autoload.php')) echo 'skip needs libphp-phpmailer'; ?>
--FILE--
<?php
require __DIR__ . '/../hook/hook_lib.inc';
$fx = sd_fixture_start('nostarttls');
$closed = hk_closed_port();

$r = smtpdiag_phpmailer(hk_mailer(['Host' => "127.0.0.1:$closed;bad host!;127.0.0.1:{$fx['port']};ssl://127.0.0.1:$closed",
    'SMTPAutoTLS' => false]), ['cache' => false]);
$text = str_replace([(string) $closed, (string) $fx['port']], ['CLOSED', 'FIXTURE'], smtpdiag_format($r));
$lines = explode("\n", $text);
$at = array_search("hosts (PHPMailer's Host, entry by entry):", $lines, true);
echo $lines[0], "\n";
echo implode("\n", array_slice($lines, $at, 5)), "\n";
echo 'sections in order: ', implode(' ', array_values(array_intersect($lines, ["hosts (PHPMailer's Host, entry by entry):", 'checks:', 'findings:']))), "\n";
echo 'rows: ', count($r['hosts']), ' entries, ', count(array_filter(array_slice($lines, $at + 1, 4), fn($l) => preg_match('/^  \[/', $l))), " rows\n";

// A single entry still has its row; a probe report has no hosts section.
$r = smtpdiag_phpmailer(hk_mailer(['Host' => '127.0.0.1', 'Port' => $closed]), ['cache' => false]);
$lines = explode("\n", str_replace((string) $closed, 'CLOSED', smtpdiag_format($r)));
echo $lines[array_search("hosts (PHPMailer's Host, entry by entry):", $lines, true) + 1], "\n";
echo 'probe report: hosts section: ', str_contains(smtpdiag_format(smtpdiag_probe('127.0.0.1', $closed)), 'hosts (') ? 'FOUND' : 'none', "\n";
?>
--EXPECTF--
OK ok: PHPMailer can connect to 127.0.0.1:FIXTURE (none) from this PHP process
hosts (PHPMailer's Host, entry by entry):
  [FAIL] 127.0.0.1:CLOSED%wport CLOSED, none: connection_refused: 127.0.0.1:CLOSED refused the connection (Connection refused): nothing listens there, or a firewall rejects it
  [skip] bad host!%wPHPMailer skips it: illegal character ' ' (space) at offset 3
  [ ok ] 127.0.0.1:FIXTURE%wport FIXTURE, none: ok: PHPMailer can connect to 127.0.0.1:FIXTURE (none) from this PHP process
  [ -- ] ssl://127.0.0.1:CLOSED%wnot tried: PHPMailer stops at the first entry that connects
sections in order: hosts (PHPMailer's Host, entry by entry): checks: findings:
rows: 4 entries, 4 rows
  [FAIL] 127.0.0.1%wport CLOSED, auto: connection_refused: 127.0.0.1:CLOSED refused the connection (Connection refused): nothing listens there, or a firewall rejects it
probe report: hosts section: none
