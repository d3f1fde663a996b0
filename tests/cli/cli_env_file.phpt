--TEST--
smtpdiag --env-file .env and --from-env against a real Postfix: Laravel's MAIL_* and Symfony's MAILER_DSN read from a dotenv file as phpdotenv reads it (quotes, escapes, comments, export, ${VAR} of earlier keys), never run ($(...), backticks, PHP stay text), the environment winning over the file, numeric strings taken as ports; mistakes in the file are usage errors with the line
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix', 'sasl']); ?>
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
require __DIR__ . '/../auth/auth_lib.inc';
sd_require_root(['postfix', 'sasl']);
$secret = 'pa#ss"w$rd';    // tests/servers/mta.sh takes no space in a password
$mta = au_mta_start(['erin' => $secret]);
$p = $mta['ports'];
$ca = $mta['ca'];
$dir = sd_work();
$closed = cli_closed_port();
$outputs = [];

function mask(string $s, array $p, string $dir): string
{
    $names = array_flip($p);
    $s = str_replace($dir, 'DIR', $s);
    return preg_replace_callback('/(?<=[:=])(\d{4,5})\b/', fn($m) => isset($names[(int) $m[1]]) ? strtoupper($names[(int) $m[1]]) : 'OTHER', $s);
}
function check(string $label, string $env, array $args, array $penv, array $p, string $dir, array &$outputs): void
{
    file_put_contents("$dir/.env", $env);
    [$out, $err, $rc] = cli_run(array_merge(['--env-file', "$dir/.env"], $args), $penv);
    $outputs[$label] = $out . $err;
    echo "$label: exit $rc\n";
    foreach (explode("\n", $out) as $i => $l) {
        if (($i === 0 && $l !== '') || str_starts_with($l, 'from:') || str_starts_with($l, '          ') || str_contains($l, ' auth ')
                || str_starts_with($l, '  C: EHLO')) {
            echo '| ', mask($l, $p, $dir), "\n";
        }
    }
    if ($err !== '') {
        echo '  stderr: ', mask(strtok($err, "\n"), $p, $dir), "\n";
    }
}

$laravel = <<<ENV
# Laravel's .env
APP_NAME="My App"
export APP_URL=https://app.example.com   # where it runs

MAIL_MAILER=smtp
MAIL_HOST="localhost"
MAIL_PORT='{$p['auth_submission']}'
MAIL_USER_BASE=erin
MAIL_USERNAME="\${MAIL_USER_BASE}@localhost"
MAIL_PASSWORD="pa#ss\\"w\\\$rd"
MAIL_ENCRYPTION=tls
MAIL_FROM_ADDRESS="hello@example.com"
ENV;

echo "-- Laravel\n";
check('MAIL_*', $laravel, ["--cafile=$ca", '--timeout=5'], [], $p, $dir, $outputs);
check('MAIL_*, --check-auth', $laravel, ["--cafile=$ca", '--timeout=5', '--check-auth'], [], $p, $dir, $outputs);
check('MAIL_PORT in the environment wins', $laravel, ["--cafile=$ca", '--timeout=5'], ['MAIL_HOST' => '127.0.0.1', 'MAIL_PORT' => (string) $closed], $p, $dir, $outputs);
check('MAIL_SCHEME=smtps (Laravel 11)', "MAIL_MAILER=smtp\nMAIL_SCHEME=smtps\nMAIL_HOST=localhost\nMAIL_PORT={$p['smtps']}\nMAIL_EHLO_DOMAIN=app.example.com\n",
    ["--cafile=$ca", '--timeout=5'], [], $p, $dir, $outputs);
file_put_contents("$dir/.env", "MAIL_MAILER=smtp\nMAIL_HOST=localhost\nMAIL_PORT=\"465\"\n");
$r = json_decode(cli_run(['--env-file', "$dir/.env", '--connect-to=127.0.0.1', '--timeout=1', '--json'])[0], true);
echo "port \"465\" means smtps: {$r['target']['port']} {$r['target']['security']}\n";
check('MAIL_URL over MAIL_HOST', "MAIL_MAILER=smtp\nMAIL_HOST=wrong.example\nMAIL_URL=smtp://localhost:{$p['submission']}?local_domain=url.example\n",
    ["--cafile=$ca", '--timeout=5'], [], $p, $dir, $outputs);
check('MAIL_MAILER=log', "MAIL_MAILER=log\nMAIL_HOST=localhost\n", [], [], $p, $dir, $outputs);
check('MAIL_SCHEME=tls', "MAIL_MAILER=smtp\nMAIL_SCHEME=tls\nMAIL_HOST=localhost\nMAIL_PORT=587\n", [], [], $p, $dir, $outputs);
check('MAIL_PORT=abc', "MAIL_MAILER=smtp\nMAIL_HOST=localhost\nMAIL_PORT=abc\n", [], [], $p, $dir, $outputs);
check('an unquoted # cuts the password', "MAIL_MAILER=smtp\nMAIL_HOST=localhost\nMAIL_PORT={$p['auth_submission']}\nMAIL_USERNAME=erin@localhost\nMAIL_PASSWORD=" . 'pa#ss"w$rd' . "\n",
    ["--cafile=$ca", '--timeout=5', '--check-auth'], [], $p, $dir, $outputs);

echo "-- Symfony\n";
$enc = rawurlencode($secret);
$symfony = "###> symfony/mailer ###\nMAILER_PORT={$p['auth_smtps']}\nMAILER_DSN=smtps://erin%40localhost:$enc@localhost:\${MAILER_PORT}\n###< symfony/mailer ###\nMAIL_HOST=ignored.example\n";
check('MAILER_DSN', $symfony, ["--cafile=$ca", '--timeout=5'], [], $p, $dir, $outputs);
check('MAILER_DSN, --check-auth', $symfony, ["--cafile=$ca", '--timeout=5', '--check-auth'], [], $p, $dir, $outputs);
check('MAILER_DSN with a ${VAR} not set before', "MAILER_DSN=smtp://localhost:\${LATER}\nLATER=25\n", [], [], $p, $dir, $outputs);
[$out, $err, $rc] = cli_run(['--from-env', "--cafile=$ca", '--timeout=5'], ['MAILER_DSN' => "smtp://localhost:{$p['submission']}"]);
echo "--from-env: exit $rc\n| ", mask(strtok($out, "\n"), $p, $dir), "\n";
[$out, $err, $rc] = cli_run(['--from-env']);
echo "--from-env, nothing set: exit $rc: ", strtok($err, "\n"), "\n";

echo "-- nothing in the file runs\n";
$marker = "$dir/ran";
check('commands and PHP stay text', "MAIL_MAILER=smtp\nMAIL_HOST=localhost\nMAIL_PORT={$p['plain']}\nMAIL_EHLO_DOMAIN=\"\$(touch $marker)\"\nA=\"`touch $marker`\"\nB='<?php touch(\"$marker\"); ?>'\nC=\${D:-\$(touch$marker)}\n",
    ['--timeout=5'], [], $p, $dir, $outputs);
echo 'the marker file exists: ', file_exists($marker) ? 'YES' : 'no', "\n";

echo "-- mistakes in the file\n";
foreach ([
    'a space in an unquoted value' => "MAIL_MAILER=smtp\nMAIL_HOST=smtp example.com\n",
    'an unclosed double quote' => "MAIL_MAILER=smtp\n\nMAIL_PASSWORD=\"abc\nMAIL_HOST=x\n",
    'an unclosed single quote' => "MAIL_PASSWORD='abc\n",
    'an unknown escape' => "MAIL_HOST=\"a\\qb\"\n",
    'text after a quoted value' => "MAIL_HOST=\"a\"b\n",
    'a bad name' => "MAIL HOST=x\n",
    'no name' => "=x\n",
    'neither Symfony nor Laravel' => "APP_NAME=x\n",
] as $label => $env) {
    check($label, $env, [], [], $p, $dir, $outputs);
}
[$out, $err, $rc] = cli_run(['--env-file', "$dir/missing.env"]);
echo "a missing file: exit $rc: ", mask(strtok($err, "\n"), $p, $dir), "\n";

echo '-- the password in any output: ';
$found = [];
foreach ($outputs as $label => $text) {
    foreach (['pa#ss', 'ss"w', $enc] as $form) {
        if (str_contains($text, $form)) {
            $found[] = "'$form' in $label";
        }
    }
}
echo $found ? implode(', ', $found) : 'none', "\n";
?>
--EXPECTF--
-- Laravel
MAIL_*: exit 0
| OK ok: PHPMailer can connect to localhost:AUTH_SUBMISSION (auto) from this PHP process
| from:     Laravel MAIL_HOST in DIR/.env: smtp://erin%40localhost:****@localhost:AUTH_SUBMISSION?local_domain=app.example.com
|           MAIL_ENCRYPTION (tls) does not choose the mode with Symfony Mailer (Laravel 9 and later): port 465 means implicit TLS, any other port STARTTLS when the server offers it
|           the credentials in it were not tried: add --check-auth to authenticate with them (AUTH, then QUIT)
|   [skip] auth%w%f ms  no credentials given: AUTH not tried
|   C: EHLO app.example.com
|   C: EHLO app.example.com
MAIL_*, --check-auth: exit 0
| OK ok: PHPMailer can connect to localhost:AUTH_SUBMISSION (auto) from this PHP process, and the server accepted the credentials (%s)
| from:     Laravel MAIL_HOST in DIR/.env: smtp://erin%40localhost:****@localhost:AUTH_SUBMISSION?local_domain=app.example.com
|           MAIL_ENCRYPTION (tls) does not choose the mode with Symfony Mailer (Laravel 9 and later): port 465 means implicit TLS, any other port STARTTLS when the server offers it
|   [ ok ] auth %s accepted over TLS: 235 %s
|   C: EHLO app.example.com
|   C: EHLO app.example.com
MAIL_PORT in the environment wins: exit 1
| PROBLEM connection_refused: 127.0.0.1:OTHER refused the connection (Connection refused): nothing listens there, or a firewall rejects it
| from:     Laravel MAIL_HOST (from the environment): smtp://erin%40localhost:****@127.0.0.1:OTHER?local_domain=app.example.com
|           MAIL_ENCRYPTION (tls) does not choose the mode with Symfony Mailer (Laravel 9 and later): port 465 means implicit TLS, any other port STARTTLS when the server offers it
|           the credentials in it were not tried: add --check-auth to authenticate with them (AUTH, then QUIT)
MAIL_SCHEME=smtps (Laravel 11): exit 0
| OK ok: PHPMailer can connect to localhost:SMTPS (smtps) from this PHP process
| from:     Laravel MAIL_HOST in DIR/.env: smtps://localhost:SMTPS?local_domain=app.example.com
|   [skip] auth%w%f ms  no credentials given: AUTH not tried
|   C: EHLO app.example.com
port "465" means smtps: 465 smtps
MAIL_URL over MAIL_HOST: exit 0
| OK ok: PHPMailer can connect to localhost:SUBMISSION (auto) from this PHP process
| from:     Laravel MAIL_HOST in DIR/.env: smtp://localhost:SUBMISSION?local_domain=url.example
|           the url (MAIL_URL) is set: Laravel takes the transport, host, port and credentials from it
|   [skip] auth%w%f ms  no credentials given: AUTH not tried
|   C: EHLO url.example
|   C: EHLO url.example
MAIL_MAILER=log: exit 2
  stderr: smtpdiag: MAIL_MAILER in DIR/.env is 'log': Laravel does not send over SMTP with that mailer, so there is no SMTP server to check
MAIL_SCHEME=tls: exit 2
  stderr: smtpdiag: Laravel MAIL_HOST in DIR/.env: the scheme (MAIL_SCHEME) must be smtp or smtps, 'tls' given
MAIL_PORT=abc: exit 2
  stderr: smtpdiag: Laravel MAIL_HOST in DIR/.env: the port (MAIL_PORT) must be a whole number, 'abc' given
an unquoted # cuts the password: exit 1
| PROBLEM auth_failed: %s
| from:     Laravel MAIL_HOST in DIR/.env: smtp://erin%40localhost:****@localhost:AUTH_SUBMISSION
|           MAIL_PASSWORD in DIR/.env: an unquoted '#' starts a comment, so the value ends before it (as phpdotenv reads it): put the value in quotes if the # belongs to it
|   [FAIL] auth %s 535 %s
|   C: EHLO [127.0.0.1]
|   C: EHLO [127.0.0.1]
-- Symfony
MAILER_DSN: exit 0
| OK ok: PHPMailer can connect to localhost:AUTH_SMTPS (smtps) from this PHP process
| from:     MAILER_DSN in DIR/.env: smtps://erin%40localhost:****@localhost:AUTH_SMTPS
|           the credentials in it were not tried: add --check-auth to authenticate with them (AUTH, then QUIT)
|   [skip] auth%w%f ms  no credentials given: AUTH not tried
|   C: EHLO [127.0.0.1]
MAILER_DSN, --check-auth: exit 0
| OK ok: PHPMailer can connect to localhost:AUTH_SMTPS (smtps) from this PHP process, and the server accepted the credentials (%s)
| from:     MAILER_DSN in DIR/.env: smtps://erin%40localhost:****@localhost:AUTH_SMTPS
|   [ ok ] auth %s accepted over TLS: 235 %s
|   C: EHLO [127.0.0.1]
MAILER_DSN with a ${VAR} not set before: exit 2
  stderr: smtpdiag: MAILER_DSN in DIR/.env is not a mailer DSN Symfony Mailer can use: the port after the host is not a number: give one from 1 to 65535 (percent-encode a ':', '@' or '/' in the user name or password)
--from-env: exit 0
| OK ok: PHPMailer can connect to localhost:SUBMISSION (auto) from this PHP process
--from-env, nothing set: exit 2: smtpdiag: the environment sets neither MAILER_DSN (Symfony Mailer) nor MAIL_MAILER and MAIL_HOST (Laravel)
-- nothing in the file runs
commands and PHP stay text: exit 2
  stderr: smtpdiag: Laravel MAIL_HOST in DIR/.env: local_domain must be a host name without spaces or control characters (the name sent in EHLO)
the marker file exists: no
-- mistakes in the file
a space in an unquoted value: exit 2
  stderr: smtpdiag: DIR/.env line 2: a space in the value of MAIL_HOST: put a value with spaces in quotes
an unclosed double quote: exit 2
  stderr: smtpdiag: DIR/.env line 5: a missing closing quote (") for MAIL_PASSWORD
an unclosed single quote: exit 2
  stderr: smtpdiag: DIR/.env line 1: a missing closing quote (') for MAIL_PASSWORD
an unknown escape: exit 2
  stderr: smtpdiag: DIR/.env line 1: an unexpected escape sequence (\q) in the value of MAIL_HOST
text after a quoted value: exit 2
  stderr: smtpdiag: DIR/.env line 1: unexpected text after the quoted value of MAIL_HOST
a bad name: exit 2
  stderr: smtpdiag: DIR/.env line 1: 'MAIL HOST' is not a variable name (letters, digits, _ and .)
no name: exit 2
  stderr: smtpdiag: DIR/.env line 1: '=' with no name before it
neither Symfony nor Laravel: exit 2
  stderr: smtpdiag: DIR/.env sets neither MAILER_DSN (Symfony Mailer) nor MAIL_MAILER and MAIL_HOST (Laravel)
a missing file: exit 2: smtpdiag: cannot read DIR/missing.env
-- the password in any output: none
