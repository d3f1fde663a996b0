<?php
// Shows smtpdiag at work on this machine: run by `bash scripts/dev.sh demo` (as root, for the local
// mail server). Everything stays on 127.0.0.1; the server it starts is stopped before it exits.
declare(strict_types=1);

if (!extension_loaded('smtpdiag')) {
    fwrite(STDERR, "load the extension first: php -d extension=modules/smtpdiag.so scripts/demo.php\n");
    exit(2);
}
$root = dirname(__DIR__);

function banner(string $title): void
{
    echo "\n", str_repeat('=', 78), "\n", $title, "\n", str_repeat('=', 78), "\n";
}

banner('1. smtpdiag_environment(): can this PHP open SMTP connections at all?');
$env = smtpdiag_environment();
printf("verdict: %s\n%s\n", $env['verdict'], $env['summary']);
foreach ($env['checks'] as $c) {
    printf("  [%-4s] %-18s %s\n", $c['status'], $c['name'], $c['message']);
}

if (trim((string) shell_exec('id -u')) !== '0' || !is_file('/usr/lib/postfix/sbin/master')) {
    echo "\n(the rest of the demo starts a private Postfix on 127.0.0.1 and needs root)\n";
    exit(0);
}

// A private Postfix on free loopback ports, with certificates made now by a test CA.
$work = sys_get_temp_dir() . '/smtpdiag-demo-' . getmypid();
mkdir($work);
$ports = [];
$socks = [];
for ($i = 0; $i < 11; $i++) {
    $socks[] = $s = stream_socket_server('tcp://127.0.0.1:0');
    $ports[] = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
}
array_map('fclose', $socks);
$cleanup = static function () use ($root, $work): void {
    exec('bash ' . escapeshellarg("$root/tests/servers/mta.sh") . ' stop ' . escapeshellarg("$work/mta"));
    exec('rm -rf ' . escapeshellarg($work));
};
register_shutdown_function($cleanup);
exec('sh ' . escapeshellarg("$root/tests/servers/certs.sh") . ' ' . escapeshellarg("$work/certs") . ' 2>&1', $out, $rc);
exec('bash ' . escapeshellarg("$root/tests/servers/mta.sh") . ' start ' . escapeshellarg("$work/mta") . ' '
    . escapeshellarg("$work/certs") . ' ' . implode(' ', $ports) . ' 2>&1', $out, $rc2);
if ($rc !== 0 || $rc2 !== 0) {
    fwrite(STDERR, "could not start the local Postfix:\n" . implode("\n", $out) . "\n");
    exit(1);
}
[$plain, $submission, $smtps] = $ports;
$ca = "$work/certs/ca.pem";
echo "\nStarted a private Postfix: plain SMTP on 127.0.0.1:$plain, STARTTLS on :$submission, implicit TLS on :$smtps.\n";

banner("2. A working set-up: STARTTLS on the submission port (verified against the test CA)");
echo smtpdiag_format(smtpdiag_probe('localhost', $submission, ['security' => 'starttls', 'cafile' => $ca]));

banner("3. The classic mistake: PHPMailer's 'ssl' (implicit TLS) on the STARTTLS port");
echo smtpdiag_format(smtpdiag_probe('localhost', $submission, ['security' => 'ssl', 'cafile' => $ca]));

banner("4. The other way round: 'tls' (STARTTLS) on the implicit-TLS port (PHPMailer would wait 300 s)");
echo smtpdiag_format(smtpdiag_probe('localhost', $smtps, ['security' => 'tls', 'cafile' => $ca]));
