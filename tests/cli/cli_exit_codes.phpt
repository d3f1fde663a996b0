--TEST--
smtpdiag command: exit 0 against a working fixture, 1 against a closed port, 2 for usage errors; --help and --version exit 0
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
$fx = sd_fixture_start('nostarttls');
$closed = cli_closed_port();

function show(string $label, array $res): void
{
    [$out, $err, $rc] = $res;
    $first = strtok($out, "\n");
    echo "$label: exit $rc; stdout: ", $first === false ? '(none)' : $first, '; stderr: ', $err === '' ? '(none)' : strtok($err, "\n"), "\n";
}

show('working', cli_run(["127.0.0.1:{$fx['port']}", '--security=auto', '--timeout=5']));
show('working, --security auto as two words', cli_run(["127.0.0.1:{$fx['port']}", '--security', 'auto']));
show('closed port', cli_run(["127.0.0.1:$closed", '--security=auto', '--timeout=5']));
show('starttls required', cli_run(["127.0.0.1:{$fx['port']}", '--security=starttls', '--timeout=5']));
show('unknown option', cli_run(['--bogus', '127.0.0.1']));
show('unknown option with value', cli_run(['--bogus=1', '127.0.0.1']));
show('missing value', cli_run(['127.0.0.1', '--security']));
show('missing value, --cafile', cli_run(['127.0.0.1', '--cafile']));
show('timeout not a number', cli_run(['127.0.0.1', '--timeout=soon']));
show('bad security value', cli_run(['127.0.0.1', '--security=bogus']));
show('no host', cli_run([]));
show('two hosts', cli_run(['a.example', 'b.example']));
[$out, $err, $rc] = cli_run(['--bogus']);
echo 'usage follows the error on stderr: ', str_contains($err, "\n\nUsage:\n") ? 'yes' : 'NO', ', stdout empty: ', $out === '' ? 'yes' : 'NO', "\n";

[$out, $err, $rc] = cli_run(['--help']);
echo "--help: exit $rc, ", str_starts_with($out, "Usage:\n") ? 'usage on stdout' : 'NO usage', ', names every option: ',
    count(array_filter(['--security', '--timeout', '--cafile', '--capath', '--no-verify', '--connect-to', '--ports', '--json', '--quiet', '--version', '--scan', '--phpmailer', '--env'],
        fn($o) => !str_contains($out, $o))) === 0 ? 'yes' : 'NO', ', stderr: ', $err === '' ? '(none)' : $err, "\n";
[$out2, , $rc] = cli_run(['-h']);
echo "-h: exit $rc, same as --help: ", $out2 === $out ? 'yes' : 'NO', "\n";

// The versions as PHP itself reports them: the extension's, PHP's, and the OpenSSL library loaded in the
// process (ext/openssl's phpinfo() row; smtpdiag links the same libcrypto).
[$out, $err, $rc] = cli_run(['--version']);
echo "--version: exit $rc, ", strtr($out, [phpversion('smtpdiag') => '{smtpdiag}', PHP_VERSION => '{PHP_VERSION}',
    cli_openssl_library() => '{openssl library}']), 'stderr: ', $err === '' ? '(none)' : $err, "\n";
?>
--EXPECTF--
working: exit 0; stdout: OK ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process; stderr: (none)
working, --security auto as two words: exit 0; stdout: OK ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process; stderr: (none)
closed port: exit 1; stdout: PROBLEM connection_refused: 127.0.0.1:%d refused the connection (Connection refused): nothing listens there, or a firewall rejects it; stderr: (none)
starttls required: exit 1; stdout: PROBLEM starttls_unavailable: STARTTLS was required but 127.0.0.1:%d does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not recognized; stderr: (none)
unknown option: exit 2; stdout: (none); stderr: smtpdiag: unknown option --bogus
unknown option with value: exit 2; stdout: (none); stderr: smtpdiag: unknown option --bogus=1
missing value: exit 2; stdout: (none); stderr: smtpdiag: --security needs a value
missing value, --cafile: exit 2; stdout: (none); stderr: smtpdiag: --cafile needs a value
timeout not a number: exit 2; stdout: (none); stderr: smtpdiag: --timeout needs a number of seconds, 'soon' given
bad security value: exit 2; stdout: (none); stderr: smtpdiag: option "security" must be one of "auto", "none", "starttls", "smtps" (or PHPMailer's "", "tls", "ssl"), "bogus" given
no host: exit 2; stdout: (none); stderr: smtpdiag: name a HOST, or use --scan, --phpmailer, --env or --config
two hosts: exit 2; stdout: (none); stderr: smtpdiag: one HOST only ('b.example' is extra)
usage follows the error on stderr: yes, stdout empty: yes
--help: exit 0, usage on stdout, names every option: yes, stderr: (none)
-h: exit 0, same as --help: yes
--version: exit 0, smtpdiag {smtpdiag} (PHP {PHP_VERSION}, {openssl library})
stderr: (none)
