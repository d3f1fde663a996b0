--TEST--
smtpdiag command with a mailer DSN (smtp://, smtps://, percent-encoded credentials, ?verify_peer=0, ?local_domain=) against a real Postfix: Symfony Mailer's TLS mode and port, the credentials tried only with --check-auth, the password in no output (text, --json, --quiet, prometheus, nagios, errors); invalid DSNs are usage errors that do not quote it
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix', 'sasl']); ?>
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
require __DIR__ . '/../auth/auth_lib.inc';
sd_require_root(['postfix', 'sasl']);
$secret = 'Pa:ss@w/rd%' . bin2hex(random_bytes(4));
$mta = au_mta_start(['dave' => $secret]);
$p = $mta['ports'];
$ca = $mta['ca'];
$enc = rawurlencode($secret);
$outputs = [];

function mask(string $s, array $p): string
{
    $names = array_flip($p);
    return preg_replace_callback('/(?<=:)(\d{4,5})\b/', fn($m) => isset($names[(int) $m[1]]) ? strtoupper($names[(int) $m[1]]) : $m[1], $s);
}
function run(string $label, array $args, array $p, array &$outputs): array
{
    [$out, $err, $rc] = cli_run($args);
    $outputs[$label] = $out . $err;
    return [$out, $err, $rc];
}

echo "-- text: the verdict line, where the settings came from, the checks\n";
foreach ([
    'smtp://, STARTTLS offered' => ["smtp://dave%40localhost:$enc@localhost:{$p['auth_submission']}"],
    'smtp://, --check-auth' => ["smtp://dave%40localhost:$enc@localhost:{$p['auth_submission']}", '--check-auth'],
    'smtps://, --check-auth' => ["smtps://dave%40localhost:$enc@localhost:{$p['auth_smtps']}", '--check-auth'],
    'smtp:// on 465 semantics: the smtps port given as is' => ["smtp://dave%40localhost:$enc@localhost:{$p['auth_smtps']}"],
    'wrong password, --check-auth' => ["smtp://dave%40localhost:wrong@localhost:{$p['auth_submission']}", '--check-auth'],
    '?verify_peer=0 without the CA' => ["smtps://localhost:{$p['smtps']}?verify_peer=0&local_domain=app.example.com"],
    'verified, without the CA' => ["smtps://localhost:{$p['smtps']}"],
] as $label => $args) {
    $ca_args = $label === '?verify_peer=0 without the CA' || $label === 'verified, without the CA' ? [] : ["--cafile=$ca"];
    [$out, $err, $rc] = run($label, array_merge($args, $ca_args, ['--timeout=30']), $p, $outputs);
    $lines = explode("\n", $out);
    echo "$label: exit $rc\n";
    foreach ($lines as $i => $l) {
        if ($i === 0 || str_starts_with($l, 'from:') || str_starts_with($l, '          ') || str_contains($l, ' auth ')
                || str_contains($l, 'not reached:') || str_starts_with($l, '  C: EHLO')) {
            echo '| ', mask($l, $p), "\n";
        }
    }
    if ($err !== '') {
        echo '  stderr: ', $err;
    }
}

echo "-- the other outputs\n";
$dsn = "smtp://dave%40localhost:$enc@localhost:{$p['auth_submission']}";
[$out, , $rc] = run('json', [$dsn, "--cafile=$ca", '--timeout=30', '--json', '--check-auth'], $p, $outputs);
$r = json_decode($out, true);
echo "--json: exit $rc, verdict {$r['verdict']}, auth {$r['checks'][9]['status']}, target ", mask("{$r['target']['host']}:{$r['target']['port']}", $p), ", keys as a probe's: ",
    array_keys($r) === array_keys(smtpdiag_probe('127.0.0.1', 1)) ? 'yes' : 'NO', "\n";
[$out, , $rc] = run('quiet', [$dsn, "--cafile=$ca", '--timeout=30', '--quiet'], $p, $outputs);
echo "--quiet: exit $rc, lines ", substr_count($out, "\n"), "\n";
[$out, , $rc] = run('prometheus', [$dsn, "--cafile=$ca", '--timeout=30', '--format=prometheus', '--check-auth'], $p, $outputs);
echo "--format=prometheus: exit $rc, ", preg_match('/^smtpdiag_ok\{host="localhost",port="\d+",security="auto"\} 1$/m', $out) ? 'smtpdiag_ok 1 for the DSN\'s host and port' : 'NO', "\n";
[$out, , $rc] = run('nagios', [$dsn, "--cafile=$ca", '--timeout=30', '--nagios', '--check-auth'], $p, $outputs);
echo "--nagios: exit $rc, ", strtok($out, '|'), "\n";
[$out, , $rc] = run('--user overrides', [$dsn, "--cafile=$ca", '--timeout=30', '--user=dave@localhost', '--password-env=NOPE'], $p, $outputs);

echo "-- invalid DSNs: usage errors that do not quote the password\n";
foreach ([
    "smtp://dave:$secret@localhost:587",
    "smtp://dave:$enc@localhost:99999",
    "smtp://dave:$enc@localhost:0",
    "smtp://dave:$enc",
    "smtp://dave:{$enc}x/y@localhost",
    "SMTP://dave:$enc@localhost",
    "gmail+smtp://dave:$enc@default",
    "smtp://dave:$enc@localhost:587?local_domain=",
] as $i => $d) {
    [$out, $err, $rc] = run("invalid $i", [$d], $p, $outputs);
    echo "exit $rc: ", str_replace($enc, 'ENC', strtok($err, "\n")), "\n";
}
[$out, $err, $rc] = run('check-auth without credentials', ["smtp://localhost:{$p['plain']}", '--check-auth'], $p, $outputs);
echo "--check-auth, no credentials: exit $rc: ", mask(strtok($err, "\n"), $p), "\n";

echo '-- the password (or its encoded form) in any output: ';
$found = [];
foreach ($outputs as $label => $text) {
    foreach (au_forms('dave@localhost', $secret) + ['percent-encoded' => $enc] as $form => $value) {
        if (str_contains($text, $value)) {
            $found[] = "$form in $label";
        }
    }
}
echo $found ? implode(', ', $found) : 'none', "\n";
?>
--EXPECTF--
-- text: the verdict line, where the settings came from, the checks
smtp://, STARTTLS offered: exit 0
| OK ok: PHPMailer can connect to localhost:AUTH_SUBMISSION (auto) from this PHP process
| from:     the DSN: smtp://dave%40localhost:****@localhost:AUTH_SUBMISSION
|           the credentials in it were not tried: add --check-auth to authenticate with them (AUTH, then QUIT)
|   [skip] auth %s ms  no credentials given: AUTH not tried
|   C: EHLO [127.0.0.1]
|   C: EHLO [127.0.0.1]
smtp://, --check-auth: exit 0
| OK ok: PHPMailer can connect to localhost:AUTH_SUBMISSION (auto) from this PHP process, and the server accepted the credentials (%s)
| from:     the DSN: smtp://dave%40localhost:****@localhost:AUTH_SUBMISSION
|   [ ok ] auth %s accepted over TLS: 235 %s
|   C: EHLO [127.0.0.1]
|   C: EHLO [127.0.0.1]
smtps://, --check-auth: exit 0
| OK ok: PHPMailer can connect to localhost:AUTH_SMTPS (smtps) from this PHP process, and the server accepted the credentials (%s)
| from:     the DSN: smtps://dave%40localhost:****@localhost:AUTH_SMTPS
|   [ ok ] auth %s accepted over TLS: 235 %s
|   C: EHLO [127.0.0.1]
smtp:// on 465 semantics: the smtps port given as is: exit 1
| PROBLEM tls_mode_mismatch: %s
| from:     the DSN: smtp://dave%40localhost:****@localhost:AUTH_SMTPS
|           the credentials in it were not tried: add --check-auth to authenticate with them (AUTH, then QUIT)
|   not reached: ehlo, starttls, tls, certificate, auth, quit
wrong password, --check-auth: exit 1
| PROBLEM auth_failed: %s
| from:     the DSN: smtp://dave%40localhost:****@localhost:AUTH_SUBMISSION
|   [FAIL] auth %s 535 %s
|   C: EHLO [127.0.0.1]
|   C: EHLO [127.0.0.1]
?verify_peer=0 without the CA: exit 0
| OK ok: PHPMailer can connect to localhost:SMTPS (smtps) from this PHP process
| from:     the DSN: smtps://localhost:SMTPS?verify_peer=0&local_domain=app.example.com
|           verify_peer is off: the certificate and its name are not checked (verify_peer and verify_peer_name false)
|   [skip] auth %s ms  no credentials given: AUTH not tried
|   C: EHLO app.example.com
verified, without the CA: exit 1
| PROBLEM cert_untrusted: %s
| from:     the DSN: smtps://localhost:SMTPS
|   not reached: ehlo, auth
-- the other outputs
--json: exit 0, verdict ok, auth pass, target localhost:AUTH_SUBMISSION, keys as a probe's: yes
--quiet: exit 0, lines 1
--format=prometheus: exit 0, smtpdiag_ok 1 for the DSN's host and port
--nagios: exit 0, SMTPDIAG OK - ok: PHPMailer can connect to localhost:%d (auto) from this PHP process, and the server accepted the credentials (%s); certificate valid for %d more days (%s) 
-- invalid DSNs: usage errors that do not quote the password
exit 2: smtpdiag: the DSN is not a mailer DSN Symfony Mailer can use: an '@' comes after a '/', '?' or '#': percent-encode those in the user name and password (%2F, %3F, %23), as parse_url() cannot read them
exit 2: smtpdiag: the DSN is not a mailer DSN Symfony Mailer can use: the port must be between 1 and 65535
exit 2: smtpdiag: the DSN is not a mailer DSN Symfony Mailer can use: the port must be between 1 and 65535
exit 2: smtpdiag: the DSN is not a mailer DSN Symfony Mailer can use: the port after the host is not a number: give one from 1 to 65535 (percent-encode a ':', '@' or '/' in the user name or password)
exit 2: smtpdiag: the DSN is not a mailer DSN Symfony Mailer can use: an '@' comes after a '/', '?' or '#': percent-encode those in the user name and password (%2F, %3F, %23), as parse_url() cannot read them
exit 2: smtpdiag: the DSN is not a mailer DSN Symfony Mailer can use: the scheme "SMTP" must be written in lower case: Symfony Mailer compares it exactly, and takes only smtp and smtps
exit 2: smtpdiag: the DSN is not a mailer DSN Symfony Mailer can use: the scheme "gmail+smtp" is a provider bridge, which sets the SMTP host itself: write the provider's SMTP server as smtps://USER:PASS@HOST:465 (or smtp://...:587) to check it
exit 2: smtpdiag: the DSN is not a mailer DSN Symfony Mailer can use: local_domain must be a host name of 1 to 255 bytes (the name sent in EHLO)
--check-auth, no credentials: exit 2: smtpdiag: --check-auth: the DSN has no user name or password
-- the password (or its encoded form) in any output: none
