--TEST--
openssl_missing for real: in a PHP whose openssl module is not loaded, smtpdiag_probe() with implicit TLS or STARTTLS and smtpdiag_phpmailer() on a mailer set to 'ssl' or 'tls' say so before any network, with the fix; PHPMailer itself fails there with "Extension missing: openssl"
--DESCRIPTION--
Debian's PHP has openssl built in, so this runs where openssl is a loadable module (the zts platform of
scripts/matrix.sh, and PHP builds like it): scripts/dev.sh loads the module into the tests, and the child
PHP here is started without it. PHPMailer checks OPENSSL_ALGO_SHA256 in smtpConnect() before it connects,
so with 'ssl' or 'tls' it never reaches the server; with no TLS asked for ('auto'), the network decides
and the missing extension is a warning.
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php
require __DIR__ . '/../lib/probe.inc';
if ((string) getenv('SMTPDIAG_TEST_OPENSSL_SO') === '') {
    // A platform fact, not a missing tool: strict mode keeps it a skip, and the zts platform runs it.
    echo 'skip platform: openssl is built into this PHP, which cannot run without it (scripts/matrix.sh zts has it as a module)';
} else {
    sd_skipif(['phpmailer']);
}
?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require(['phpmailer']);
$code = <<<'PHP'
require $argv[1] . '/tests/lib/probe.inc';
require SD_PHPMAILER;
echo 'openssl loaded: ', var_export(extension_loaded('openssl'), true), "\n";
foreach ([['smtps', 465], ['starttls', 587]] as [$sec, $port]) {
    echo "== smtpdiag_probe() security $sec, port $port\n";
    $r = smtpdiag_probe('smtp.example.invalid', $port, ['security' => $sec, 'timeout' => 5]);
    sd_show($r, 5);
    echo $r['summary'], "\n";
    foreach ($r['fixes'] as $f) {
        echo "fix: $f\n";
    }
    echo 'reproduce: ', $r['reproduce'] ?? '-', "\n";
    echo sd_stages($r), "\n";
    $c = sd_check($r, 'environment');
    echo "environment: {$c['status']}: {$c['message']}\n";
    echo 'openssl_extension: ', json_encode($r['environment']['openssl_extension']), "\n";
    echo 'findings: ', implode(' ', array_map(fn($f) => "{$f['code']}:{$f['severity']}", sd_findings($r))), "\n";
    echo 'transcript: ', count($r['transcript']), " lines\n";
}
// No TLS asked for ('auto' on a port where nothing listens): the network decides, openssl is a warning.
$l = stream_socket_server('tcp://127.0.0.1:0');
$closed = (int) substr(strrchr(stream_socket_get_name($l, false), ':'), 1);
fclose($l);
echo "== smtpdiag_probe() security auto, a closed port\n";
$r = smtpdiag_probe('127.0.0.1', $closed, ['security' => 'auto', 'timeout' => 5]);
echo "verdict: {$r['verdict']}\n";
echo 'findings: ', implode(' ', array_map(fn($f) => "{$f['code']}:{$f['severity']}", sd_findings($r))), "\n";
echo 'environment: ', sd_check($r, 'environment')['status'], "\n";
foreach ([['ssl', 465], ['tls', 587]] as [$secure, $port]) {
    echo "== PHPMailer SMTPSecure '$secure', port $port\n";
    $mail = new PHPMailer\PHPMailer\PHPMailer(true);
    $mail->isSMTP();
    $mail->Host = 'smtp.example.invalid';
    $mail->Port = $port;
    $mail->SMTPSecure = $secure;
    $mail->Timeout = 5;
    try {
        $connected = $mail->smtpConnect();
        echo 'PHPMailer smtpConnect(): ', var_export($connected, true), "\n";
    } catch (PHPMailer\PHPMailer\Exception $e) {
        echo 'PHPMailer smtpConnect() threw: ', $e->getMessage(), "\n";
    }
    $r = smtpdiag_phpmailer($mail, ['cache' => false]);
    sd_show($r, 5);
    echo $r['summary'], "\n";
    echo 'fixes: ', count($r['fixes']), ', the first: ', $r['fixes'][0] ?? '-', "\n";
    echo sd_stages($r), "\n";
    echo 'transcript: ', count($r['transcript']), " lines\n";
}
PHP;
// The child: this PHP without php.ini and without the openssl module, smtpdiag loaded.
[$out, $err, $rc] = sd_run([PHP_BINARY, '-n', '-d', 'extension_dir=' . ini_get('extension_dir'), '-d', 'extension=smtpdiag',
    '-d', 'smtpdiag.explain=off', '-r', $code, SD_ROOT]);
echo $out, $err, "exit $rc\n";
?>
--EXPECT--
openssl loaded: false
== smtpdiag_probe() security smtps, port 465
verdict: openssl_missing
ok: false
within deadline: yes
first finding: openssl_missing error
TLS is needed for smtp.example.invalid:465 but PHP's openssl extension is not loaded in this PHP
fix: enable the extension: extension=openssl in the php.ini of this SAPI (php --ini shows which), or install the package that provides it, then restart PHP-FPM or the web server
reproduce: php -m | grep -i openssl
target:pass dns:skip tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
environment: fail: PHP's openssl extension is not loaded
openssl_extension: {"loaded":false,"version":null,"openssl_algo_sha256":false,"transports":{"ssl":false,"tls":false}}
findings: openssl_missing:error
transcript: 0 lines
== smtpdiag_probe() security starttls, port 587
verdict: openssl_missing
ok: false
within deadline: yes
first finding: openssl_missing error
TLS is needed for smtp.example.invalid:587 but PHP's openssl extension is not loaded in this PHP
fix: enable the extension: extension=openssl in the php.ini of this SAPI (php --ini shows which), or install the package that provides it, then restart PHP-FPM or the web server
reproduce: php -m | grep -i openssl
target:pass dns:skip tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
environment: fail: PHP's openssl extension is not loaded
openssl_extension: {"loaded":false,"version":null,"openssl_algo_sha256":false,"transports":{"ssl":false,"tls":false}}
findings: openssl_missing:error
transcript: 0 lines
== smtpdiag_probe() security auto, a closed port
verdict: connection_refused
findings: connection_refused:error openssl_missing:warning
environment: warn
== PHPMailer SMTPSecure 'ssl', port 465
PHPMailer smtpConnect() threw: Extension missing: openssl
verdict: openssl_missing
ok: false
within deadline: yes
first finding: openssl_missing error
TLS is needed for smtp.example.invalid:465 but PHP's openssl extension is not loaded in this PHP
fixes: 1, the first: enable the extension: extension=openssl in the php.ini of this SAPI (php --ini shows which), or install the package that provides it, then restart PHP-FPM or the web server
target:pass dns:skip tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
transcript: 0 lines
== PHPMailer SMTPSecure 'tls', port 587
PHPMailer smtpConnect() threw: Extension missing: openssl
verdict: openssl_missing
ok: false
within deadline: yes
first finding: openssl_missing error
TLS is needed for smtp.example.invalid:587 but PHP's openssl extension is not loaded in this PHP
fixes: 1, the first: enable the extension: extension=openssl in the php.ini of this SAPI (php --ini shows which), or install the package that provides it, then restart PHP-FPM or the web server
target:pass dns:skip tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
transcript: 0 lines
exit 0