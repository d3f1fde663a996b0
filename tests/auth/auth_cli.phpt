--TEST--
The smtpdiag command with credentials: --user and --password-env (never a password on the command line: --password is a usage error that does not echo it), --auth-type; text and JSON output and exit status against a Gmail peer; no form of the password in any output
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../cli/cli_lib.inc';
require __DIR__ . '/auth_lib.inc';
$port = au_fixture('gmail');
$ca = sd_certs() . '/ca.pem';
$user = 'someone@example.com';
$base = ["localhost:$port", '--security=starttls', "--cafile=$ca", '--timeout=5', "--user=$user", '--password-env=SMTP_PASS'];
$outputs = [];
foreach ([
    'app password' => ['app-password', []],
    'account password' => ['account-password', []],
    'wrong password, JSON' => ['Wrong-' . bin2hex(random_bytes(5)), ['--json']],
    'wrong token, XOAUTH2, quiet' => ['Bad-' . bin2hex(random_bytes(5)), ['--auth-type=XOAUTH2', '--quiet']],
] as $label => [$secret, $extra]) {
    [$out, $err, $rc] = cli_run(array_merge($base, $extra), ['SMTP_PASS' => $secret]);
    $first = $extra === ['--json'] ? json_decode($out, true)['verdict'] : strtok($out, "\n");
    echo "$label: exit $rc: $first\n";
    if (str_starts_with($secret, 'Wrong') || str_starts_with($secret, 'Bad')) {
        $outputs["$label stdout"] = $out;
        $outputs["$label stderr"] = $err;
        $forms = ($forms ?? []) + array_combine(array_map(fn($k) => "$secret $k", array_keys(au_forms($user, $secret))), au_forms($user, $secret));
    }
}
[$out, $err, $rc] = cli_run(array_merge($base, ['--password=Secret-on-argv-1']), ['SMTP_PASS' => 'x']);
echo "--password: exit $rc: ", strtok($err, "\n"), "\n";
echo '  echoes it: ', str_contains($out . $err, 'Secret-on-argv-1') ? 'yes' : 'no', "\n";
[$out, $err, $rc] = cli_run(array_merge(array_slice($base, 0, 5), ['--password-env=NOT_SET_ANYWHERE']));
echo "--password-env without the variable: exit $rc: ", strtok($err, "\n"), "\n";
echo 'leaks: ', au_leaks($outputs, $forms), "\n";
?>
--EXPECTF--
app password: exit 0: OK ok: PHPMailer can connect to localhost:%d (starttls) from this PHP process, and the server accepted the credentials (LOGIN)
account password: exit 1: PROBLEM auth_app_password_required: Gmail at localhost:%d refused the password for this account: it wants an app password or OAuth 2.0, not the account's normal password (534 5.7.9 Application-specific password required. For more information, go to https://support.google.com/mail/?p=InvalidSecondFactor a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp)
wrong password, JSON: exit 1: auth_failed
wrong token, XOAUTH2, quiet: exit 1: PROBLEM auth_failed: Gmail at localhost:%d refused the credentials (AUTH XOAUTH2): 535 5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp
--password: exit 2: smtpdiag: --password is not taken on the command line (ps and shell history show it): put the password in an environment variable and name it with --password-env=VAR
  echoes it: no
--password-env without the variable: exit 2: smtpdiag: --password-env: the environment has no variable NOT_SET_ANYWHERE
leaks: none