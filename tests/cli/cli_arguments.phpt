--TEST--
smtpdiag command arguments: HOST:PORT with a port out of range, 0, not a number or empty is a usage error naming it; options that do not apply (--ports without --scan, --quiet beside --json, --user without --password-env, --check-auth for a HOST, --env-file beside a HOST) are refused with a message; the forms that are right still work
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
$fx = sd_fixture_start('nostarttls');
$port = $fx['port'];

function show(string $label, array $args, array $env = []): void
{
    [$out, $err, $rc] = cli_run($args, $env);
    $first = strtok($out, "\n");
    echo "$label: exit $rc; ", $err !== '' ? 'stderr: ' . strtok($err, "\n") : 'stdout: ' . ($first === false ? '(none)' : $first),
        $err !== '' && $out !== '' ? ' AND STDOUT' : '', "\n";
}

echo "-- ports\n";
show('port 99999', ['localhost:99999']);
show('port 65536', ['127.0.0.1:65536']);
show('port 0', ['localhost:0']);
show('port 00', ['localhost:00']);
show('port abc', ['localhost:abc']);
show('port empty', ['localhost:']);
show('port with a sign', ['localhost:+25']);
show('IPv6, port abc', ['[::1]:abc']);
show('IPv6, port 70000', ['[::1]:70000']);
show('leading zeros are a port', ['localhost:000000000000000000025', '--quiet', '--timeout=1']);
show('a long number', ['localhost:100000000000000000025']);

echo "-- options that do not apply\n";
show('--ports without --scan', ['127.0.0.1', '--ports=25,587']);
show('--ports with --phpmailer', ['--phpmailer', '/nonexistent.php', '--ports=25']);
show('--quiet with --json', ['127.0.0.1', '--quiet', '--json']);
show('-q with --format=json', ['127.0.0.1', '--format=json', '-q']);
show('--quiet with --format=prometheus', ['127.0.0.1', '--quiet', '--format=prometheus']);
show('--user without --password-env', ['127.0.0.1', '--user=bob']);
show('--user with --password-env', ["127.0.0.1:$port", '--user=bob', '--password-env=P', '--security=none', '--timeout=5'], ['P' => 'x']);
show('--check-auth for a HOST', ["127.0.0.1:$port", '--check-auth']);
show('--check-auth with --scan', ['--scan', '127.0.0.1', '--check-auth']);
show('--env-file beside a HOST', ['127.0.0.1', '--env-file=/dev/null']);
show('--from-env with --scan', ['--scan', '127.0.0.1', '--from-env']);

echo "-- the right forms\n";
show('HOST:PORT', ["127.0.0.1:$port", '--timeout=5']);
show('HOST:00PORT', ["127.0.0.1:00$port", '--timeout=5']);
show('[IPv4-literal]:PORT', ["[127.0.0.1]:$port", '--timeout=5']);
show('HOST alone (port 25 refused or not: not a usage error)', ['127.0.0.1', '--timeout=1', '--quiet']);
show('--ports with --scan', ['--scan', '127.0.0.1', "--ports=$port", '--timeout=5']);
show('--quiet with the text output', ["127.0.0.1:$port", '--quiet', '--timeout=5']);
?>
--EXPECTF--
-- ports
port 99999: exit 2; stderr: smtpdiag: the port 99999 in 'localhost:99999' is out of range: a port is 1 to 65535 (leave it out for the default: 465 for smtps, 587 for starttls, 25 otherwise)
port 65536: exit 2; stderr: smtpdiag: the port 65536 in '127.0.0.1:65536' is out of range: a port is 1 to 65535 (leave it out for the default: 465 for smtps, 587 for starttls, 25 otherwise)
port 0: exit 2; stderr: smtpdiag: the port 0 in 'localhost:0' is out of range: a port is 1 to 65535 (leave it out for the default: 465 for smtps, 587 for starttls, 25 otherwise)
port 00: exit 2; stderr: smtpdiag: the port 0 in 'localhost:00' is out of range: a port is 1 to 65535 (leave it out for the default: 465 for smtps, 587 for starttls, 25 otherwise)
port abc: exit 2; stderr: smtpdiag: 'abc' in 'localhost:abc' is not a port number: write HOST:PORT with a port from 1 to 65535
port empty: exit 2; stderr: smtpdiag: the port after ':' in 'localhost:' is empty: write HOST:PORT with a port from 1 to 65535, or leave out the ':' for the default port
port with a sign: exit 2; stderr: smtpdiag: '+25' in 'localhost:+25' is not a port number: write HOST:PORT with a port from 1 to 65535
IPv6, port abc: exit 2; stderr: smtpdiag: 'abc' in '[::1]:abc' is not a port number: write HOST:PORT with a port from 1 to 65535
IPv6, port 70000: exit 2; stderr: smtpdiag: the port 70000 in '[::1]:70000' is out of range: a port is 1 to 65535 (leave it out for the default: 465 for smtps, 587 for starttls, 25 otherwise)
leading zeros are a port: exit %r[01]%r; stdout: %s localhost:25 %s
a long number: exit 2; stderr: smtpdiag: the port 100000000000000000025 in 'localhost:100000000000000000025' is out of range: a port is 1 to 65535 (leave it out for the default: 465 for smtps, 587 for starttls, 25 otherwise)
-- options that do not apply
--ports without --scan: exit 2; stderr: smtpdiag: --ports applies to --scan (the ports it tries); for one port write HOST:PORT
--ports with --phpmailer: exit 2; stderr: smtpdiag: --ports applies to --scan (the ports it tries); for one port write HOST:PORT
--quiet with --json: exit 2; stderr: smtpdiag: --quiet applies to the text output (one verdict line), not to --format=json
-q with --format=json: exit 2; stderr: smtpdiag: --quiet applies to the text output (one verdict line), not to --format=json
--quiet with --format=prometheus: exit 2; stderr: smtpdiag: --quiet applies to the text output (one verdict line), not to --format=prometheus
--user without --password-env: exit 2; stderr: smtpdiag: --user needs --password-env=VAR, the environment variable that holds the password (it is never taken from the command line)
--user with --password-env: exit 1; stdout: PROBLEM auth_mechanism_unsupported: %s
--check-auth for a HOST: exit 2; stderr: smtpdiag: --check-auth takes the credentials of a DSN, --env-file or --phpmailer: for a HOST give --user and --password-env
--check-auth with --scan: exit 2; stderr: smtpdiag: --check-auth applies to a DSN, --env-file and --phpmailer
--env-file beside a HOST: exit 2; stderr: smtpdiag: --env-file reads the application's mail settings (MAILER_DSN, or Laravel's MAIL_*): give no HOST, --scan, --env or --config beside it (with --phpmailer, it is what env() reads)
--from-env with --scan: exit 2; stderr: smtpdiag: --from-env reads the application's mail settings (MAILER_DSN, or Laravel's MAIL_*): give no HOST, --scan, --env or --config beside it (with --phpmailer, it is what env() reads)
-- the right forms
HOST:PORT: exit 0; stdout: OK ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
HOST:00PORT: exit 0; stdout: OK ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
[IPv4-literal]:PORT: exit %d; stdout: %s
HOST alone (port 25 refused or not: not a usage error): exit %r[01]%r; stdout: %s
--ports with --scan: exit %r[01]%r; stdout: %s
--quiet with the text output: exit 0; stdout: OK ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
