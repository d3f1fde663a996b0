--TEST--
smtpdiag command: --env exits 0 on this machine; its --json is the environment report
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
[$out, $err, $rc] = cli_run(['--env']);
echo "--env: exit $rc, stderr: ", $err === '' ? '(none)' : $err, "\n", strtok($out, "\n"), "\n";
echo 'checks: ', implode(' ', array_map(fn($l) => trim(substr($l, 9, 20)), preg_grep('/^  \[/', explode("\n", $out)))), "\n";
[$out, $err, $rc] = cli_run(['--env', '--json']);
$r = json_decode($out, true);
echo "--env --json: exit $rc, verdict {$r['verdict']}, ok ", var_export($r['ok'], true), ', keys: ', implode(' ', array_keys($r)), "\n";
[$out, $err, $rc] = cli_run(['--env', '--cafile=/nonexistent/ca.pem', '--quiet']);
echo "--env with a missing --cafile: exit $rc: $out";
?>
--EXPECTF--
--env: exit 0, stderr: (none)
OK ok: %s
checks: php openssl_extension openssl_library ca_store disabled_functions selinux routes hosting
--env --json: exit 0, verdict ok, ok true, keys: ok verdict summary checks findings php openssl_extension openssl_library ca disabled_functions selinux routes hosting elapsed_ms
--env with a missing --cafile: exit 1: PROBLEM ca_bundle_missing: %s
