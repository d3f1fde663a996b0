--TEST--
smtpdiag command: colour on a terminal (util-linux script), none with NO_COLOR=1, none on a pipe; the hostile banner stays escaped on a terminal
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/cli_lib.inc'; if (!cli_has_script()) sd_skip('needs script (Debian package bsdutils)'); ?>
--INI--
pcre.jit=0
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
$fx = sd_fixture_start('nostarttls');
$hostile = sd_fixture_start('hostile');
$closed = cli_closed_port();

/** The escape sequences in $s, each once, in order of appearance; the environment check's row is left out
 * (its colour says what this machine is: yellow without a default route, for one). */
function escapes(string $s): string
{
    preg_match_all('/\x1b[^a-zA-Z]*[a-zA-Z]?/', preg_replace('/^ *\S*\[[a-zA-Z ]+\]\S* environment .*\n/m', '', $s), $m);
    return implode(' ', array_map(fn($e) => str_replace("\x1b", '\e', $e), array_values(array_unique($m[0])))) ?: '(none)';
}

[$out, $rc] = cli_run_tty(["127.0.0.1:{$fx['port']}", '--security=auto', '--timeout=5']);
echo "tty, working: exit $rc, first line: ", str_replace("\x1b", '\e', strtok($out, "\n")), "\n";
echo '  escapes: ', escapes($out), "\n";
[$out, $rc] = cli_run_tty(["127.0.0.1:$closed", '--timeout=5']);
echo "tty, closed: exit $rc, first line: ", str_replace("\x1b", '\e', strtok($out, "\n")), "\n";
echo '  escapes: ', escapes($out), "\n";

[$out, $rc] = cli_run_tty(["127.0.0.1:{$fx['port']}", '--security=auto', '--timeout=5'], ['NO_COLOR' => '1']);
echo "tty, NO_COLOR=1: exit $rc, escapes: ", escapes($out), ', controls: ', cli_controls($out), ', first line: ', strtok($out, "\n"), "\n";
[$out, $rc] = cli_run_tty(["127.0.0.1:$closed", '--timeout=5'], ['NO_COLOR' => '1']);
echo "tty, NO_COLOR=1, closed: exit $rc, escapes: ", escapes($out), "\n";

[$out, , $rc] = cli_run(["127.0.0.1:{$fx['port']}", '--security=auto', '--timeout=5']);
echo "pipe: exit $rc, escapes: ", escapes($out), "\n";

// On a terminal, the only escape sequences are smtpdiag's own colours: the banner's stay escaped text.
[$out, $rc] = cli_run_tty(["127.0.0.1:{$hostile['port']}", '--security=auto', '--timeout=5']);
echo "tty, hostile: exit $rc, escapes: ", escapes($out), "\n";
echo '  other controls: ', cli_controls(preg_replace('/\x1b\[[0-9;]*m/', '', $out)), "\n";
echo '  banner escaped: ', str_contains($out, 'smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred') ? 'yes' : 'NO', "\n";
[$out, $rc] = cli_run_tty(["127.0.0.1:{$hostile['port']}", '--security=auto', '--json']);
echo "tty, hostile, --json: exit $rc, escapes: ", escapes($out), "\n";
?>
--EXPECTF--
tty, working: exit 0, first line: \e[1;32mOK\e[0m ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
  escapes: \e[1;32m \e[0m \e[32m \e[33m
tty, closed: exit 1, first line: \e[1;31mPROBLEM\e[0m connection_refused: %s
  escapes: \e[1;31m \e[0m \e[32m \e[31m
tty, NO_COLOR=1: exit 0, escapes: (none), controls: none, first line: OK ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
tty, NO_COLOR=1, closed: exit 1, escapes: (none)
pipe: exit 0, escapes: (none)
tty, hostile: exit 0, escapes: \e[1;32m \e[0m \e[32m \e[33m
  other controls: none
  banner escaped: yes
tty, hostile, --json: exit 0, escapes: (none)
