--TEST--
smtpdiag command: --phpmailer FILE with a real PHPMailer setup file exits 0, 1 with a wrong port, 2 when the file gives no mailer or cannot be read
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/cli_lib.inc'; sd_skipif(['phpmailer']); ?>
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
$fx = sd_fixture_start('nostarttls');
$closed = cli_closed_port();
$dir = sd_work();

$setup = fn(int $port, string $tail) => <<<PHP
<?php
require '/usr/share/php/libphp-phpmailer/autoload.php';
\$mail = new PHPMailer\\PHPMailer\\PHPMailer(true);
\$mail->isSMTP();
\$mail->Host = '127.0.0.1';
\$mail->Port = $port;
\$mail->SMTPAutoTLS = false;
\$mail->Timeout = 5;
$tail
PHP;
file_put_contents("$dir/returns.php", $setup($fx['port'], 'return $mail;'));
file_put_contents("$dir/leaves.php", $setup($fx['port'], ''));
file_put_contents("$dir/wrongport.php", $setup($closed, 'return $mail;'));
file_put_contents("$dir/nothing.php", "<?php\n\$x = 1;\n");
file_put_contents("$dir/notsmtp.php", "<?php\nrequire '/usr/share/php/libphp-phpmailer/autoload.php';\nreturn new PHPMailer\\PHPMailer\\PHPMailer(true);\n");

foreach (['returns.php', 'leaves.php', 'wrongport.php', 'nothing.php', 'notsmtp.php', 'missing.php'] as $f) {
    [$out, $err, $rc] = cli_run(['--phpmailer', "$dir/$f"]);
    echo "$f: exit $rc; stdout: ", $out === '' ? '(none)' : strtok($out, "\n"), '; stderr: ', $err === '' ? '(none)' : str_replace($dir, 'DIR', strtok($err, "\n")), "\n";
}
[$out, $err, $rc] = cli_run(['--phpmailer', "$dir/returns.php", '--json']);
$r = json_decode($out, true);
echo "--json: exit $rc, verdict {$r['verdict']}, port ", $r['target']['port'] === $fx['port'] ? 'the fixture\'s' : 'WRONG', ', cached ', var_export($r['cached'], true),
    ', hosts ', count($r['hosts']), ', mailer read: ', isset($r['mailer']) ? 'yes' : 'NO', "\n";
[$out, $err, $rc] = cli_run(['--phpmailer']);
echo "--phpmailer without FILE: exit $rc; ", strtok($err, "\n"), "\n";
?>
--EXPECTF--
returns.php: exit 0; stdout: OK ok: %s; stderr: (none)
leaves.php: exit 0; stdout: OK ok: %s; stderr: (none)
wrongport.php: exit 1; stdout: PROBLEM connection_refused: %s; stderr: (none)
nothing.php: exit 2; stdout: (none); stderr: smtpdiag: DIR/nothing.php neither returns a PHPMailer nor sets $mail
notsmtp.php: exit 1; stdout: PROBLEM mailer_not_smtp: %s; stderr: (none)
missing.php: exit 2; stdout: (none); stderr: smtpdiag: cannot read DIR/missing.php
--json: exit 0, verdict ok, port the fixture's, cached false, hosts 1, mailer read: yes
--phpmailer without FILE: exit 2; smtpdiag: --phpmailer needs a value
