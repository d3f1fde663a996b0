--TEST--
smtpdiag --nagios: exit codes 0-3, certificate thresholds (a certificate that expires in 10 days trips --cert-warn 21, not --cert-crit 5), connect thresholds, warnings and --ignore-warning, UNKNOWN for usage errors and a missing extension, performance data in the guidelines' format, no control characters from a hostile server
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/monitor_lib.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/monitor_lib.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$p = $mta['ports'];
$closed = cli_closed_port();
// A refusal with terminal escapes (C0, C1 as UTF-8 and as a bare byte) and a '|' followed by text that
// looks like performance data.
$hostile = mon_peer("554-5.7.1 evil\x1b]0;pwned\x07 | 'x'=1;2;3\r\n554 5.7.1 second\x9b31m line \xc2\x9b31m\r\n");
$ca = "--cafile={$mta['ca']}";
$soon = ["127.0.0.1:{$p['expiring_smtps']}", '--security=smtps', $ca];
$plain = ["127.0.0.1:{$p['plain']}"];

function plugin(string $case, array $args, array $env = [], bool $ext = true): void
{
    [$out, $err, $rc] = cli_run(array_merge($args, ['--nagios']), $env, $ext);
    $lines = explode("\n", rtrim($out, "\n"));
    // Port numbers, times and dates vary from run to run.
    $first = preg_replace(['/127\.0\.0\.1:\d+/', "/'(time|connect)'=[0-9.]+s/", '/\d{4}-\d\d-\d\dT[0-9:]+Z/', '/ in (9|10) days/', "/'cert_days'=(9|10);/"],
        ['127.0.0.1:PORT', "'\$1'=Ts", 'DATE', ' in 9-10 days', "'cert_days'=9-10;"], $lines[0]);
    echo "$case: exit $rc\n  $first\n";
    foreach (array_slice($lines, 1) as $l) {
        echo '  ', preg_replace('/\d{4,5}/', 'PORT', $l), "\n";
    }
    if ($err !== '') {
        echo "  stderr: $err\n";
    }
    if (!str_starts_with($out, 'SMTPDIAG ' . ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][$rc] . ' - ')) {
        echo "  THE STATUS LINE DOES NOT MATCH THE EXIT CODE\n";
    }
    if (str_contains($out, '|')) {
        [, $perf] = mon_plugin_parse($out);   // throws on anything the guidelines do not allow
        echo '  perfdata: ', implode(' ', array_map(fn($i) => "label $i[0] uom '$i[2]' warn '$i[3]' crit '$i[4]' min '$i[5]'", $perf)), "\n";
    }
    if (cli_controls($out) !== 'none') {
        echo "  CONTROL CHARACTERS IN THE OUTPUT\n";
    }
}

plugin('working, STARTTLS', ["127.0.0.1:{$p['submission']}", '--security=starttls', $ca]);
plugin('10-day certificate, no thresholds: the cert_expiring_soon warning', $soon);
plugin('10-day certificate, --cert-warn 21 --cert-crit 5', array_merge($soon, ['--cert-warn', '21', '--cert-crit', '5']));
plugin('10-day certificate, --cert-crit 12', array_merge($soon, ['--cert-crit=12']));
plugin('10-day certificate, --cert-warn 5: the thresholds alone judge expiry', array_merge($soon, ['--cert-warn=5']));
plugin('expired certificate, --cert-crit 5', ["127.0.0.1:{$p['expired_smtps']}", '--security=smtps', $ca, '--cert-crit=5']);
plugin('connect over --warn-connect 0', array_merge($plain, ['--warn-connect=0', '--ignore-warning=cleartext']));
plugin('connect over --crit-connect 0', array_merge($plain, ['--warn-connect=0', '--crit-connect=0', '--ignore-warning=cleartext']));
plugin('connect under --warn-connect 5 --crit-connect 10', array_merge($plain, ['--warn-connect=5', '--crit-connect=10', '--ignore-warning=cleartext']));
plugin('no STARTTLS: the cleartext warning', $plain);
plugin('no STARTTLS, --ignore-warning=cleartext', array_merge($plain, ['--ignore-warning=cleartext']));
plugin('no STARTTLS, --ignore-warning=all', array_merge($plain, ['--ignore-warning=all']));
plugin('closed port', ["127.0.0.1:$closed"]);
plugin('hostile server', ["127.0.0.1:$hostile", '--timeout=5']);
// The machine's own route warnings are not what this case is about (a build chroot has no route).
plugin('--env', ['--env', '--ignore-warning=no_default_route,no_ipv4_route']);
plugin('--scan', ['--scan', '127.0.0.1', "--ports={$p['submission']},$closed", $ca, '--timeout=5']);
plugin('unknown option', ['--bogus']);
plugin('no host', []);
plugin('bad threshold', ['127.0.0.1', '--cert-warn=soon']);
plugin('bad connect threshold', ['127.0.0.1', '--crit-connect=-1']);
plugin('bad finding code', ['127.0.0.1', '--ignore-warning=Clear Text']);
plugin('bad option value', ['127.0.0.1', '--security=bogus']);
plugin('--config file missing', ['--config', '/nonexistent/targets.ini']);
plugin('extension not loaded', ['127.0.0.1'], [], false);
[$out, $err, $rc] = cli_run(['127.0.0.1', '--cert-warn=21']);
echo "thresholds without --nagios: exit $rc, ", strtok($err, "\n"), "\n";
[$out, $err, $rc] = cli_run(['--nagios', '--help']);
echo "--nagios --help: exit $rc, ", strtok($out, "\n"), "\n";
?>
--EXPECTF--
working, STARTTLS: exit 0
  SMTPDIAG OK - ok: PHPMailer can connect to 127.0.0.1:PORT (starttls) from this PHP process; certificate valid for 36%d more days (DATE) | 'time'=Ts;;;0 'connect'=Ts;;;0 'cert_days'=36%d
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0' label cert_days uom '' warn '' crit '' min ''
10-day certificate, no thresholds: the cert_expiring_soon warning: exit 1
  SMTPDIAG WARNING - cert_expiring_soon: the server's certificate expires in 9-10 days (DATE) | 'time'=Ts;;;0 'connect'=Ts;;;0 'cert_days'=%r(9|10)%r
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0' label cert_days uom '' warn '' crit '' min ''
10-day certificate, --cert-warn 21 --cert-crit 5: exit 1
  SMTPDIAG WARNING - certificate expires in 9-10 days (DATE), under the warning threshold of 21 | 'time'=Ts;;;0 'connect'=Ts;;;0 'cert_days'=9-10;21:;5:
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0' label cert_days uom '' warn '21:' crit '5:' min ''
10-day certificate, --cert-crit 12: exit 2
  SMTPDIAG CRITICAL - certificate expires in 9-10 days (DATE), under the critical threshold of 12 | 'time'=Ts;;;0 'connect'=Ts;;;0 'cert_days'=9-10;;12:
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0' label cert_days uom '' warn '' crit '12:' min ''
10-day certificate, --cert-warn 5: the thresholds alone judge expiry: exit 0
  SMTPDIAG OK - ok: PHPMailer can connect to 127.0.0.1:PORT (smtps) from this PHP process; certificate valid for %r(9|10)%r more days (DATE) | 'time'=Ts;;;0 'connect'=Ts;;;0 'cert_days'=9-10;5:
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0' label cert_days uom '' warn '5:' crit '' min ''
expired certificate, --cert-crit 5: exit 2
  SMTPDIAG CRITICAL - cert_expired: The certificate of 127.0.0.1:PORT is expired (certificate has expired; valid DATE to DATE); certificate expired 3%d days ago (DATE), under the critical threshold of 5 | 'time'=Ts;;;0 'connect'=Ts;;;0 'cert_days'=-3%d;;5:
  fix: the server's certificate must be renewed by its operator
  fix: check this machine's clock too (date -u): a wrong clock makes valid certificates look expired or not yet valid
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0' label cert_days uom '' warn '' crit '5:' min ''
connect over --warn-connect 0: exit 1
  SMTPDIAG WARNING - connect took %s s (warning over 0 s) | 'time'=Ts;;;0 'connect'=Ts;0;;0
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '0' crit '' min '0'
connect over --crit-connect 0: exit 2
  SMTPDIAG CRITICAL - connect took %s s (critical over 0 s) | 'time'=Ts;;;0 'connect'=Ts;0;0;0
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '0' crit '0' min '0'
connect under --warn-connect 5 --crit-connect 10: exit 0
  SMTPDIAG OK - ok: PHPMailer can connect to 127.0.0.1:PORT (auto) from this PHP process | 'time'=Ts;;;0 'connect'=Ts;5;10;0
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '5' crit '10' min '0'
no STARTTLS: the cleartext warning: exit 1
  SMTPDIAG WARNING - cleartext: the server does not offer STARTTLS: with SMTPSecure '' PHPMailer sends mail and passwords in clear text | 'time'=Ts;;;0 'connect'=Ts;;;0
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0'
no STARTTLS, --ignore-warning=cleartext: exit 0
  SMTPDIAG OK - ok: PHPMailer can connect to 127.0.0.1:PORT (auto) from this PHP process | 'time'=Ts;;;0 'connect'=Ts;;;0
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0'
no STARTTLS, --ignore-warning=all: exit 0
  SMTPDIAG OK - ok: PHPMailer can connect to 127.0.0.1:PORT (auto) from this PHP process | 'time'=Ts;;;0 'connect'=Ts;;;0
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0'
closed port: exit 2
  SMTPDIAG CRITICAL - connection_refused: 127.0.0.1:PORT refused the connection (Connection refused): nothing listens there, or a firewall rejects it | 'time'=Ts;;;0 'connect'=Ts;;;0
  fix: %s: $mail->Port = 25; $mail->SMTPSecure = '';%S
  fix: nothing listens on port PORT of this machine: start the mail server, or see the ports it listens on with ss -ltnp
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0'
hostile server: exit 2
  SMTPDIAG CRITICAL - server_rejected: The server at 127.0.0.1:PORT refused this client: 554 evil\x1b]0;pwned\x07 / 'x'=1;2;3 second\x9b31m line \u009b31m | 'time'=Ts;;;0 'connect'=Ts;;;0
  fix: a 421 is usually temporary (load, rate limit): try again later
  fix: a 554 often means this machine's IP is on a block list or not allowed: check the IP's reputation or send through an authenticated relay
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0'
--env: exit 0
  SMTPDIAG OK - ok: PHP can open SMTP connections from this process%S | 'time'=Ts;;;0
  perfdata: label time uom 's' warn '' crit '' min '0'
--scan: exit 0
  SMTPDIAG OK - ok: port %d with starttls works from here, encrypted and verified; certificate valid for 36%d more days (DATE) | 'time'=Ts;;;0 'connect'=Ts;;;0 'cert_days'=36%d
  perfdata: label time uom 's' warn '' crit '' min '0' label connect uom 's' warn '' crit '' min '0' label cert_days uom '' warn '' crit '' min ''
unknown option: exit 3
  SMTPDIAG UNKNOWN - unknown option --bogus
no host: exit 3
  SMTPDIAG UNKNOWN - name a HOST, or use --scan, --phpmailer, --env or --config
bad threshold: exit 3
  SMTPDIAG UNKNOWN - --cert-warn takes a number of days, 'soon' given
bad connect threshold: exit 3
  SMTPDIAG UNKNOWN - --crit-connect takes a number of seconds, '-1' given
bad finding code: exit 3
  SMTPDIAG UNKNOWN - --ignore-warning takes finding codes separated by commas (or all), 'Clear Text' given
bad option value: exit 3
  SMTPDIAG UNKNOWN - option "security" must be one of "auto", "none", "starttls", "smtps" (or PHPMailer's "", "tls", "ssl"), "bogus" given
--config file missing: exit 3
  SMTPDIAG UNKNOWN - cannot read /nonexistent/targets.ini
extension not loaded: exit 3
  SMTPDIAG UNKNOWN - the smtpdiag extension is not loaded in this PHP (%s): enable it with extension=smtpdiag in the CLI's php.ini, or run php -d extension=/path/to/smtpdiag.so %sbin/smtpdiag
thresholds without --nagios: exit 2, smtpdiag: --cert-warn applies to --nagios
--nagios --help: exit 0, Usage:
