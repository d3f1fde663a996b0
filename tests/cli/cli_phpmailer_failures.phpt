--TEST--
smtpdiag --phpmailer FILE: a syntax error, an exception, a fatal error or exit() in the setup file exit 2 with one line that says what and where, never a raw PHP fatal or 255; the file runs from its own folder (relative require and include work from anywhere), what it prints is dropped; Laravel's config/mail.php with env() is read with --env-file and checked against a real Postfix
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix', 'sasl', 'phpmailer']); ?>
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
require __DIR__ . '/../auth/auth_lib.inc';
sd_require_root(['postfix', 'sasl', 'phpmailer']);
$secret = 'Frank-' . bin2hex(random_bytes(4));
$mta = au_mta_start(['frank' => $secret]);
$p = $mta['ports'];
$dir = sd_work() . '/app';
mkdir("$dir/config/mail", 0755, true);
mkdir("$dir/lib", 0755, true);

$mailer = "require '/usr/share/php/libphp-phpmailer/autoload.php';\n\$mail = new PHPMailer\\PHPMailer\\PHPMailer(true);\n"
    . "\$mail->isSMTP();\n\$mail->Host = 'localhost';\n\$mail->Port = {$p['submission']};\n\$mail->Timeout = 5;\n"
    . "\$mail->SMTPOptions = ['ssl' => ['cafile' => '{$mta['ca']}']];\n";
file_put_contents("$dir/lib/mailer.php", "<?php\n$mailer");
file_put_contents("$dir/lib/broken.php", "<?php\nfunction make() { throw new LogicException('no mailer configured'); }\nmake();\n");
$files = [
    'syntax.php' => "<?php\n\$mail = new ;\n",
    'throws.php' => "<?php\nthrow new RuntimeException('database unreachable');\n",
    'throws_in_include.php' => "<?php\nrequire __DIR__ . '/../../lib/broken.php';\n",
    'fatal.php' => "<?php\nfunction f() {}\nfunction f() {}\n",
    'exits.php' => "<?php\necho 'bye';\nexit(3);\n",
    'relative.php' => "<?php\nrequire './../../lib/mailer.php';\nreturn \$mail;\n",
    'relative_include.php' => "<?php\ninclude '../../lib/mailer.php';\n",
    'prints.php' => "<?php\necho \"Debug: setting up mail\\n\";\nfwrite(STDOUT, \"more\\n\");\nrequire '../../lib/mailer.php';\nreturn \$mail;\n",
    'own_env.php' => "<?php\nfunction env(\$k, \$d = null) { return \$d; }\nrequire '../../lib/mailer.php';\n",
    'nothing.php' => "<?php\n\$x = 1;\n",
    'array.php' => "<?php\nreturn ['host' => 'x'];\n",
];
foreach ($files as $name => $code) {
    file_put_contents("$dir/config/mail/$name", $code);
}
// PHP's own words for the syntax error and the fatal error (they differ between PHP versions), as this
// PHP says them running the file; shown as <PHP's message> where smtpdiag quotes them.
$php_says = [];
foreach (['syntax.php', 'fatal.php'] as $f) {
    [, $e] = sd_run([...sd_php(), '-d', 'display_errors=stderr', '-d', 'log_errors=0', '-d', 'html_errors=0', "$dir/config/mail/$f"]);
    if (preg_match('/(?:Parse|Fatal) error: +(.*) in \S+ on line \d+/', $e, $m)) {
        $php_says[str_replace($dir, 'DIR', $m[1])] = "<PHP's message>";
    }
}

function show(string $label, array $args, array $env = [], string $dir = '', array $p = []): void
{
    [$out, $err, $rc] = cli_run($args, $env);
    $names = array_flip($p);
    $mask = fn(string $s) => preg_replace_callback('/(?<=:)(\d{4,5})\b/', fn($m) => isset($names[(int) $m[1]]) ? strtoupper($names[(int) $m[1]]) : $m[1],
        strtr(str_replace($dir, 'DIR', $s), $GLOBALS['php_says']));
    echo "$label: exit $rc, ", $err === '' ? 'stderr (none)' : 'stderr lines ' . substr_count($err, "\n"), "\n";
    if ($err !== '') {
        echo '  ', $mask(rtrim($err)), "\n";
    }
    foreach (explode("\n", $out) as $i => $l) {
        if (($i === 0 && $l !== '') || str_starts_with($l, 'from:') || str_starts_with($l, '          ') || str_contains($l, ' auth ')) {
            echo '  | ', $mask($l), "\n";
        }
    }
}

echo "-- failures: exit 2, one line\n";
foreach (['syntax.php', 'throws.php', 'throws_in_include.php', 'fatal.php', 'exits.php', 'nothing.php', 'array.php', 'missing.php'] as $f) {
    show($f, ['--phpmailer', "$dir/config/mail/$f"], [], $dir, $p);
}

echo "-- relative paths, output, an env() of its own\n";
foreach (['relative.php', 'relative_include.php', 'prints.php', 'own_env.php'] as $f) {
    show($f, ['--phpmailer', "$dir/config/mail/$f", '--timeout=5'], [], $dir, $p);
}

echo "-- Laravel's config/mail.php\n";
$laravel = <<<'PHP'
<?php

return [
    'default' => env('MAIL_MAILER', 'log'),
    'mailers' => [
        'smtp' => [
            'transport' => 'smtp',
            'scheme' => env('MAIL_SCHEME'),
            'url' => env('MAIL_URL'),
            'host' => env('MAIL_HOST', '127.0.0.1'),
            'port' => env('MAIL_PORT', 2525),
            'username' => env('MAIL_USERNAME'),
            'password' => env('MAIL_PASSWORD'),
            'timeout' => null,
            'local_domain' => env('MAIL_EHLO_DOMAIN', parse_url(env('APP_URL', 'http://localhost'), PHP_URL_HOST)),
        ],
        'log' => ['transport' => 'log', 'channel' => env('MAIL_LOG_CHANNEL')],
    ],
    'from' => ['address' => env('MAIL_FROM_ADDRESS', 'hello@example.com'), 'name' => env('MAIL_FROM_NAME', 'Example')],
];
PHP;
file_put_contents("$dir/config/mail.php", $laravel);
file_put_contents("$dir/.env", "APP_URL=https://app.example.com\nMAIL_MAILER=smtp\nMAIL_HOST=localhost\nMAIL_PORT={$p['auth_submission']}\n"
    . "MAIL_USERNAME=frank@localhost\nMAIL_PASSWORD=\"$secret\"\n");
$ca = "--cafile={$mta['ca']}";
show('config/mail.php, --env-file', ['--phpmailer', "$dir/config/mail.php", '--env-file', "$dir/.env", $ca, '--timeout=5'], [], $dir, $p);
show('config/mail.php, --env-file, --check-auth', ['--phpmailer', "$dir/config/mail.php", '--env-file', "$dir/.env", $ca, '--timeout=5', '--check-auth'], [], $dir, $p);
show('config/mail.php, the environment', ['--phpmailer', "$dir/config/mail.php", $ca, '--timeout=5'],
    ['MAIL_MAILER' => 'smtp', 'MAIL_HOST' => 'localhost', 'MAIL_PORT' => (string) $p['smtps'], 'MAIL_SCHEME' => 'smtps'], $dir, $p);
show('config/mail.php, no MAIL_MAILER (default log)', ['--phpmailer', "$dir/config/mail.php"], [], $dir, $p);
[$out, $err] = cli_run(['--phpmailer', "$dir/config/mail.php", '--env-file', "$dir/.env", $ca, '--timeout=5', '--check-auth', '--json']);
echo 'the password in the output: ', str_contains($out . $err, $secret) ? 'FOUND' : 'none', "\n";
?>
--EXPECTF--
-- failures: exit 2, one line
syntax.php: exit 2, stderr lines 1
  smtpdiag: DIR/config/mail/syntax.php cannot be run: PHP <PHP's message> in DIR/config/mail/syntax.php on line 2
throws.php: exit 2, stderr lines 1
  smtpdiag: DIR/config/mail/throws.php threw RuntimeException: database unreachable
throws_in_include.php: exit 2, stderr lines 1
  smtpdiag: DIR/config/mail/throws_in_include.php threw LogicException: no mailer configured (in DIR/lib/broken.php on line 2)
fatal.php: exit 2, stderr lines 1
  smtpdiag: DIR/config/mail/fatal.php stopped with a PHP fatal error: <PHP's message> (DIR/config/mail/fatal.php:3)
exits.php: exit 2, stderr lines 1
  smtpdiag: DIR/config/mail/exits.php ended the script (exit) before it gave a mailer
nothing.php: exit 2, stderr lines 1
  smtpdiag: DIR/config/mail/nothing.php neither returns a PHPMailer nor sets $mail
array.php: exit 2, stderr lines 1
  smtpdiag: DIR/config/mail/array.php neither returns a PHPMailer nor sets $mail (it returns an array without Laravel's 'mailers')
missing.php: exit 2, stderr lines 1
  smtpdiag: cannot read DIR/config/mail/missing.php
-- relative paths, output, an env() of its own
relative.php: exit 0, stderr (none)
  | OK ok: PHPMailer can connect to localhost:SUBMISSION (auto) from this PHP process
  |   [skip] auth%w%f ms  no credentials given: AUTH not tried
relative_include.php: exit 0, stderr (none)
  | OK ok: PHPMailer can connect to localhost:SUBMISSION (auto) from this PHP process
  |   [skip] auth%w%f ms  no credentials given: AUTH not tried
prints.php: exit 0, stderr (none)
  | OK ok: PHPMailer can connect to localhost:SUBMISSION (auto) from this PHP process
  |   [skip] auth%w%f ms  no credentials given: AUTH not tried
own_env.php: exit 0, stderr (none)
  | OK ok: PHPMailer can connect to localhost:SUBMISSION (auto) from this PHP process
  |   [skip] auth%w%f ms  no credentials given: AUTH not tried
-- Laravel's config/mail.php
config/mail.php, --env-file: exit 0, stderr (none)
  | OK ok: PHPMailer can connect to localhost:AUTH_SUBMISSION (auto) from this PHP process
  | from:     Laravel mailer 'smtp' of DIR/config/mail.php: smtp://frank%40localhost:****@localhost:AUTH_SUBMISSION?local_domain=app.example.com
  |           the credentials in it were not tried: add --check-auth to authenticate with them (AUTH, then QUIT)
  |   [skip] auth%w%f ms  no credentials given: AUTH not tried
config/mail.php, --env-file, --check-auth: exit 0, stderr (none)
  | OK ok: PHPMailer can connect to localhost:AUTH_SUBMISSION (auto) from this PHP process, and the server accepted the credentials (%s)
  | from:     Laravel mailer 'smtp' of DIR/config/mail.php: smtp://frank%40localhost:****@localhost:AUTH_SUBMISSION?local_domain=app.example.com
  |   [ ok ] auth %s accepted over TLS: 235 %s
config/mail.php, the environment: exit 0, stderr (none)
  | OK ok: PHPMailer can connect to localhost:SMTPS (smtps) from this PHP process
  | from:     Laravel mailer 'smtp' of DIR/config/mail.php: smtps://localhost:SMTPS?local_domain=localhost
  |   [skip] auth%w%f ms  no credentials given: AUTH not tried
config/mail.php, no MAIL_MAILER (default log): exit 2, stderr lines 1
  smtpdiag: Laravel mailer 'log' of DIR/config/mail.php: the mailer's transport is 'log', not smtp: Laravel does not send over SMTP with it, so there is no SMTP server to check
the password in the output: none
