--TEST--
smtpdiag command: --json is the whole report (json_decode back: verdict, ok, target.port); --quiet prints one line
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
$fx = sd_fixture_start('nostarttls');
$closed = cli_closed_port();

[$out, $err, $rc] = cli_run(["127.0.0.1:{$fx['port']}", '--security=auto', '--timeout=5', '--json']);
$r = json_decode($out, true);
echo "--json working: exit $rc, stderr ", $err === '' ? '(none)' : $err, "\n";
echo 'parses: ', is_array($r) ? 'yes' : 'NO', "\n";
var_dump($r['verdict'], $r['ok'], $r['target']['port'] === $fx['port'], $r['target']['security'], $r['target']['host']);
echo 'keys: ', implode(' ', array_keys($r)), "\n";
echo 'same as smtpdiag_format(json) of a probe (but times): ', array_keys($r) === array_keys(smtpdiag_probe('127.0.0.1', $fx['port'], ['security' => 'auto'])) ? 'yes' : 'NO', "\n";

[$out, $err, $rc] = cli_run(["127.0.0.1:$closed", '--json', '--timeout=5']);
$r = json_decode($out, true);
echo "--json closed: exit $rc, ";
var_dump($r['verdict'], $r['ok'], $r['target']['port'] === $closed);

[$out, $err, $rc] = cli_run(["127.0.0.1:{$fx['port']}", '--security=auto', '--quiet']);
echo "--quiet working: exit $rc, lines ", substr_count($out, "\n"), ": $out";
[$out, $err, $rc] = cli_run(["127.0.0.1:$closed", '-q']);
echo "-q closed: exit $rc, lines ", substr_count($out, "\n"), ": $out";
[$out, $err, $rc] = cli_run(['--env', '--quiet']);
echo "--env --quiet: exit $rc, lines ", substr_count($out, "\n"), ": $out";
?>
--EXPECTF--
--json working: exit 0, stderr (none)
parses: yes
string(2) "ok"
bool(true)
bool(true)
string(4) "auto"
string(9) "127.0.0.1"
keys: ok verdict summary fixes alternative target checks findings server environment transcript reproduce elapsed_ms
same as smtpdiag_format(json) of a probe (but times): yes
--json closed: exit 1, string(18) "connection_refused"
bool(false)
bool(true)
--quiet working: exit 0, lines 1: OK ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
-q closed: exit 1, lines 1: PROBLEM connection_refused: 127.0.0.1:%d refused the connection %s
--env --quiet: exit 0, lines 1: OK ok: %s
