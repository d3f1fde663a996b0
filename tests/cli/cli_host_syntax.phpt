--TEST--
smtpdiag command with PHPMailer's Host syntax (ssl://host:port, tls://host:port, host1;host2:port) against a real Postfix: the verdict and exit status agree with real PHPMailer's smtpConnect() on the same Host, the text shows every entry's row, --security maps to SMTPSecure, --user/--password-env to SMTPAuth
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_skipif_root();
if (!is_file('/usr/share/php/libphp-phpmailer/autoload.php')) echo 'skip needs libphp-phpmailer';
?>
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
require __DIR__ . '/../auth/auth_lib.inc';
sd_require_root();
$mta = au_mta_start(['carol' => 'Sesame-' . bin2hex(random_bytes(3))]);
$p = $mta['ports'];
$ca = $mta['ca'];
$closed = cli_closed_port();

function mask(string $s, array $p, int $closed): string
{
    $names = array_flip($p) + [$closed => 'closed'];
    return preg_replace_callback('/(?<=[: ])(\d{4,5})\b/', fn($m) => isset($names[(int) $m[1]]) ? strtoupper($names[(int) $m[1]]) : $m[1], $s);
}

/** The command and real PHPMailer on the same Host (and SMTPSecure, Port 25 by default). */
function both(string $label, string $host, array $args, array $cfg, array $p, int $closed, string $ca): void
{
    [$out, $err, $rc] = cli_run(array_merge([$host, "--cafile=$ca", '--timeout=5'], $args));
    [$ok, $msg] = hk_phpmailer_connect($cfg + ['Host' => $host, 'Timeout' => 5, 'SMTPOptions' => ['ssl' => ['cafile' => $ca]]]);
    echo mask("$label: exit $rc, PHPMailer " . ($ok ? 'connected' : 'failed') . ', agree: ' . (($rc === 0) === $ok ? 'yes' : 'NO') . "\n", $p, $closed);
    if ($err !== '') {
        echo '  stderr: ', strtok($err, "\n"), "\n";
    }
    $lines = explode("\n", $out);
    echo mask('  ' . $lines[0] . "\n", $p, $closed);
    $at = array_search("hosts (PHPMailer's Host, entry by entry):", $lines, true);
    for ($i = $at + 1; $at !== false && ($lines[$i] ?? '') !== ''; $i++) {
        echo mask(preg_replace('/ +port /', ' port ', $lines[$i]) . "\n", $p, $closed);
    }
}

both('ssl:// on the smtps port', "ssl://localhost:{$p['smtps']}", [], [], $p, $closed, $ca);
both('tls:// on the submission port', "tls://localhost:{$p['submission']}", [], [], $p, $closed, $ca);
both('ssl:// on the submission port', "ssl://localhost:{$p['submission']}", [], [], $p, $closed, $ca);
both('a list: closed, then plain', "127.0.0.1:$closed;localhost:{$p['plain']}", [], [], $p, $closed, $ca);
both('a list: smtps entry, then plain with --security=smtps', "ssl://localhost:{$p['smtps']};localhost:{$p['plain']}",
    ['--security=smtps'], ['SMTPSecure' => 'ssl'], $p, $closed, $ca);
both('a list: closed, a skipped entry, submission with --security=starttls', "127.0.0.1:$closed; bad host ;localhost:{$p['submission']}",
    ['--security=starttls'], ['SMTPSecure' => 'tls'], $p, $closed, $ca);
both('a list whose every entry fails', "127.0.0.1:$closed;ssl://localhost:{$p['plain']}", [], [], $p, $closed, $ca);

echo "-- JSON is smtpdiag_phpmailer()'s report\n";
[$out, , $rc] = cli_run(["127.0.0.1:$closed;localhost:{$p['plain']}", '--json', '--timeout=5']);
$r = json_decode($out, true);
echo "exit $rc, verdict {$r['verdict']}, hosts ", count($r['hosts']), ', keys: ', implode(' ', array_slice(array_keys($r), -4)), "\n";

echo "-- credentials as SMTPAuth, Username, Password\n";
[$out, $err, $rc] = cli_run(["tls://localhost:{$p['auth_submission']}", "--cafile=$ca", '--timeout=5', '--user=carol@localhost', '--password-env=SMTP_PASS'],
    ['SMTP_PASS' => 'not-her-password']);
echo "wrong password: exit $rc: ", mask(strtok($out, "\n"), $p, $closed), "\n";
echo '  the password in the output: ', str_contains($out . $err, 'not-her-password') ? 'FOUND' : 'none', "\n";
?>
--EXPECTF--
ssl:// on the smtps port: exit 0, PHPMailer connected, agree: yes
  OK ok: PHPMailer can connect to localhost:SMTPS (smtps) from this PHP process%A
  [ ok ] ssl://localhost:SMTPS port SMTPS, smtps: ok: %s
tls:// on the submission port: exit 0, PHPMailer connected, agree: yes
  OK ok: PHPMailer can connect to localhost:SUBMISSION (starttls) from this PHP process%A
  [ ok ] tls://localhost:SUBMISSION port SUBMISSION, starttls: ok: %s
ssl:// on the submission port: exit 1, PHPMailer failed, agree: yes
  PROBLEM tls_mode_mismatch: %s
  [FAIL] ssl://localhost:SUBMISSION port SUBMISSION, smtps: tls_mode_mismatch: %s
a list: closed, then plain: exit 0, PHPMailer connected, agree: yes
  OK ok: PHPMailer can connect to localhost:PLAIN (auto) from this PHP process%A
  [FAIL] 127.0.0.1:CLOSED port CLOSED, auto: connection_refused: %s
  [ ok ] localhost:PLAIN port PLAIN, auto: ok: %s
a list: smtps entry, then plain with --security=smtps: exit 0, PHPMailer connected, agree: yes
  OK ok: PHPMailer can connect to localhost:SMTPS (smtps) from this PHP process%A
  [ ok ] ssl://localhost:SMTPS port SMTPS, smtps: ok: %s
  [ -- ] localhost:PLAIN%wnot tried: PHPMailer stops at the first entry that connects
a list: closed, a skipped entry, submission with --security=starttls: exit 0, PHPMailer connected, agree: yes
  OK ok: PHPMailer can connect to localhost:SUBMISSION (starttls) from this PHP process%A
  [FAIL] 127.0.0.1:CLOSED port CLOSED, starttls: connection_refused: %s
  [skip]  bad host%wPHPMailer skips it: illegal character ' ' (space) at offset 3
  [ ok ] localhost:SUBMISSION port SUBMISSION, starttls: ok: %s
a list whose every entry fails: exit 1, PHPMailer failed, agree: yes
  PROBLEM connection_refused: %s
  [FAIL] 127.0.0.1:CLOSED port CLOSED, auto: connection_refused: %s
  [FAIL] ssl://localhost:PLAIN port PLAIN, smtps: %s
-- JSON is smtpdiag_phpmailer()'s report
exit 0, verdict ok, hosts 2, keys: hosts config mailer cached
-- credentials as SMTPAuth, Username, Password
wrong password: exit 1: PROBLEM auth_failed: %s
  the password in the output: none
