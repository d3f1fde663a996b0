--TEST--
smtpdiag command: against the 'hostile' fixture, no escape sequence or other control character reaches a piped stdout (text, --json, --quiet, --scan)
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
$fx = sd_fixture_start('hostile');
foreach ([[], ['--json'], ['--quiet'], ['--security=none']] as $extra) {
    [$out, $err, $rc] = cli_run(array_merge(["127.0.0.1:{$fx['port']}", '--security=auto', '--timeout=5'], $extra));
    printf("%-16s exit %d, bytes %s, 0x1b: %s, controls: %s, stderr: %s\n", implode(' ', $extra) ?: '(text)', $rc,
        $out !== '' ? '>0' : '0', str_contains($out, "\x1b") ? 'FOUND' : 'none', cli_controls($out), $err === '' ? '(none)' : $err);
}
[$out] = cli_run(["127.0.0.1:{$fx['port']}", '--security=auto']);
echo 'banner shown escaped: ', str_contains($out, 'banner:     smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred') ? 'yes' : 'NO', "\n";
echo 'no colour on a pipe: ', str_contains($out, "\e[32m") ? 'NO' : 'yes', "\n";
// --scan: the port answers but offers no STARTTLS, so it works only in plain SMTP (exit 0); nothing raw gets through.
[$out, $err, $rc] = cli_run(['--scan', '127.0.0.1', "--ports={$fx['port']}", '--timeout=5']);
printf("--scan: exit %d, 0x1b: %s, controls: %s, stderr: %s\n", $rc, str_contains($out, "\x1b") ? 'FOUND' : 'none', cli_controls($out), $err === '' ? '(none)' : $err);
?>
--EXPECT--
(text)           exit 0, bytes >0, 0x1b: none, controls: none, stderr: (none)
--json           exit 0, bytes >0, 0x1b: none, controls: none, stderr: (none)
--quiet          exit 0, bytes >0, 0x1b: none, controls: none, stderr: (none)
--security=none  exit 0, bytes >0, 0x1b: none, controls: none, stderr: (none)
banner shown escaped: yes
no colour on a pipe: yes
--scan: exit 0, 0x1b: none, controls: none, stderr: (none)
