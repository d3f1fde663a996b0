--TEST--
smtpdiag --config FILE.ini: named targets (hosts and PHPMailer setup files) checked at once in child PHPs under one deadline, a stuck setup file stopped after it; one status line, one metric set, JSON and text for all; the installed layout (the command alone in a bin directory, run by its #! line); configuration mistakes are usage errors
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/monitor_lib.inc'; sd_skipif_root(['postfix', 'phpmailer']); mon_skipif_tools(['promtool']); ?>
--FILE--
<?php
require __DIR__ . '/monitor_lib.inc';
sd_require_root(['postfix', 'phpmailer']);
$mta = sd_mta_start();
$p = $mta['ports'];
$closed = cli_closed_port();
$silent = [];
for ($i = 0; $i < 4; $i++) {
    $silent[] = sd_fixture_start('silent')['port'];
}
$dir = sd_work() . '/conf';
mkdir("$dir/mail", 0755, true);
$mailer = fn(int $port, string $extra = '') => "<?php\nrequire '/usr/share/php/libphp-phpmailer/autoload.php';\n\$mail = new PHPMailer\\PHPMailer\\PHPMailer(true);\n"
    . "\$mail->isSMTP();\n\$mail->Host = '127.0.0.1';\n\$mail->Port = $port;\n\$mail->SMTPSecure = 'tls';\n"
    . "\$mail->Timeout = 10;\n\$mail->SMTPOptions = ['ssl' => ['cafile' => '{$mta['ca']}']];\n$extra";
file_put_contents("$dir/mail/app.php", $mailer($p['submission']));
file_put_contents("$dir/mail/throws.php", $mailer($p['submission'], "throw new RuntimeException('no database');\n"));
file_put_contents("$dir/mail/stuck.php", $mailer($p['submission'], "sleep(30);\n"));

$ini = "$dir/targets.ini";
$body = "timeout = 2\ncafile = \"{$mta['ca']}\"\n\n[relay]\nhost = 127.0.0.1\nport = {$p['submission']}\nsecurity = starttls\n\n"
    . "[lan-relay]\nhost = 127.0.0.1\nport = {$p['plain']}\nsecurity = none\nignore_warning = cleartext\n\n"
    . "[backup]\nhost = 127.0.0.1\nport = $closed\n\n[app]\nphpmailer = mail/app.php\n\n[broken-app]\nphpmailer = mail/throws.php\n\n";
foreach ($silent as $i => $port) {
    $body .= "[silent$i]\nhost = 127.0.0.1\nport = $port\n\n";
}
file_put_contents($ini, $body);

function timed(array $args, array $env = []): array
{
    $t = microtime(true);
    $res = cli_run($args, $env);
    $res[] = microtime(true) - $t;
    return $res;
}
function mask(string $s): string
{
    return preg_replace(["/(\d\.\d+|\d+\.\d+e-\d+)s/", '/127\.0\.0\.1:\d+/', '/\d{4}-\d\d-\d\dT[0-9:]+Z/', "/'([\w-]+)_cert_days'=\d+/", '/ \d+ more days/'],
        ['Ts', '127.0.0.1:PORT', 'DATE', "'\$1_cert_days'=D", ' D more days'], $s);
}

echo "== --nagios, 9 targets, deadline 2 s (four of them never answer)\n";
[$out, $err, $rc, $took] = timed(['--config', $ini, '--nagios']);
echo "exit $rc, stderr: ", $err === '' ? '(none)' : $err, "\n", mask($out);
printf("took the deadline and no more than a second beside it: %s\n", $took >= 1.95 && sd_within_deadline($took * 1000, 3000) ? 'yes' : "NO ($took s)");
[$text, $perf, $long] = mon_plugin_parse($out);
echo 'performance data items: ', count($perf), ', labels: ', implode(' ', array_unique(array_map(fn($i) => preg_replace('/^.*_/', '', $i[0]), $perf))), "\n";

echo "== --format=prometheus\n";
[$out, $err, $rc, $took] = timed(['--config', $ini, '--format=prometheus', '--timeout=2']);
$m = mon_prom_parse($out);
echo "exit $rc, promtool: ", mon_promtool($out)[0] === 0 ? 'accepts it' : 'REFUSES it', "\n";
foreach (mon_select($m, 'smtpdiag_ok') as [, $l, $v]) {
    $verdict = mon_select($m, 'smtpdiag_verdict', ['target' => $l['target']])[0][1]['verdict'];
    $d = mon_value($m, 'smtpdiag_duration_seconds', ['target' => $l['target']]);
    printf("  %s: host %s, security %s: ok %d, %s, %s\n", $l['target'], $l['host'] === '127.0.0.1' ? '127.0.0.1' : "'{$l['host']}'",
        $l['security'] === '' ? "''" : $l['security'], $v, $verdict, $d >= 1.0 && $d <= 2.1 ? 'waited until the deadline' : ($d < 1.0 ? 'quick' : "LATE ($d s)"));
}

echo "== --json and --quiet\n";
[$out, $err, $rc] = cli_run(['--config', $ini, '--json']);
$j = json_decode($out, true);
echo "--json: exit $rc, keys: ", implode(' ', array_keys($j)), '; app: ', $j['app']['verdict'], ' with hosts ', count($j['app']['hosts']), "\n";
[$out, $err, $rc] = cli_run(['--config', $ini, '--quiet', '--timeout=1']);
echo "--quiet: exit $rc\n", mask($out);

echo "== a setup file that never returns is stopped a second after the deadline\n";
file_put_contents("$dir/stuck.ini", "[relay]\nhost = 127.0.0.1\nport = {$p['submission']}\nsecurity = starttls\ncafile = \"{$mta['ca']}\"\n\n[stuck]\nphpmailer = mail/stuck.php\n");
[$out, $err, $rc, $took] = timed(['--config', "$dir/stuck.ini", '--nagios', '--timeout=1']);
echo "exit $rc\n", mask($out);
printf("took the deadline plus the second: %s\n", $took >= 1.9 && $took <= 2.6 ? 'yes' : "NO ($took s)");
$children = array_filter(glob('/proc/[0-9]*/cmdline'), fn($f) => str_contains((string) @file_get_contents($f), realpath(CLI_BIN) . "\0--run-target"));
echo 'the stuck child is gone: ', $children ? 'NO' : 'yes', "\n";

echo "== installed layout: the command alone in a bin directory, run by its #! line\n";
$bin = sd_work() . '/pear/bin';
mkdir($bin, 0755, true);
copy(CLI_BIN, "$bin/smtpdiag");
chmod("$bin/smtpdiag", 0755);
mkdir(sd_work() . '/conf.d');
// as an installed PHP's scan directory has it: smtpdiag, and openssl where it is a module
$so = (string) getenv('SMTPDIAG_TEST_OPENSSL_SO');
file_put_contents(sd_work() . '/conf.d/smtpdiag.ini', ($so === '' ? '' : "extension=$so\n") . 'extension=' . ini_get('extension_dir') . "/smtpdiag.so\n");
[$out, $err, $rc] = sd_run(["$bin/smtpdiag", '--config', $ini, '--quiet'], ['PHP_INI_SCAN_DIR' => sd_work() . '/conf.d']);
echo "exit $rc, stderr: ", $err === '' ? '(none)' : $err, "\n", mask($out);

echo "== a password from password_env reaches the child on its standard input only\n";
file_put_contents("$dir/auth.ini", "[relay]\nhost = 127.0.0.1\nport = {$p['plain']}\nusername = monitor\npassword_env = SD_TEST_SECRET\nallow_plaintext_auth = true\n");
[$out, $err, $rc] = cli_run(['--config', "$dir/auth.ini", '--json'], ['SD_TEST_SECRET' => 'Secr3t-Pa55']);
echo "exit $rc, verdict ", json_decode($out, true)['relay']['verdict'], ', password in the output: ', str_contains($out . $err, 'Secr3t') ? 'YES' : 'no', "\n";

echo "== mistakes\n";
$bad = [
    'no target' => "timeout = 2\n",
    'unknown key' => "[a]\nhost = x\nprot = 25\n",
    'host and phpmailer' => "[a]\nhost = x\nphpmailer = y.php\n",
    'neither' => "[a]\nport = 25\n",
    'a name with a space' => "[a b]\nhost = x\n",
    'port not a number' => "[a]\nhost = x\nport = abc\n",
    'port out of range' => "[a]\nhost = x\nport = 70000\n",
    'host before the sections' => "host = x\n[a]\nport = 25\n",
    'port for a mailer' => "[a]\nphpmailer = y.php\nport = 25\n",
    'a missing password variable' => "[a]\nhost = x\nusername = u\npassword_env = SD_NOT_SET\n",
    'a bad finding code' => "[a]\nhost = x\nignore_warning = Not A Code\n",
    'a negative threshold' => "[a]\nhost = x\ncert_warn = -1\n",
    'verify_peer not a boolean' => "[a]\nhost = x\nverify_peer = maybe\n",
    'not INI' => "[a\nhost = x\n",
];
foreach ($bad as $case => $text) {
    file_put_contents("$dir/bad.ini", $text);
    [$out, $err, $rc] = cli_run(['--config', "$dir/bad.ini"]);
    echo "$case: exit $rc, ", str_replace($dir, 'DIR', strtok($err, "\n")), $out === '' ? '' : ' STDOUT NOT EMPTY', "\n";
}
[$out, $err, $rc] = cli_run(['--config', "$dir/bad.ini", '--nagios']);
echo "--nagios: exit $rc, ", str_replace($dir, 'DIR', $out);
[$out, $err, $rc] = cli_run(['--config', $ini, '127.0.0.1']);
echo "--config with a HOST: exit $rc, ", strtok($err, "\n"), "\n";
?>
--EXPECTF--
== --nagios, 9 targets, deadline 2 s (four of them never answer)
exit 2, stderr: (none)
SMTPDIAG CRITICAL - 6 of 9 targets not OK: backup (CRITICAL: connection_refused), broken-app (UNKNOWN: no report), silent0 (CRITICAL: no_greeting), silent1 (CRITICAL: no_greeting), silent2 (CRITICAL: no_greeting), silent3 (CRITICAL: no_greeting) | 'relay_time'=Ts;;;0 'relay_connect'=Ts;;;0 'relay_cert_days'=D 'lan-relay_time'=Ts;;;0 'lan-relay_connect'=Ts;;;0 'backup_time'=Ts;;;0 'backup_connect'=Ts;;;0 'app_time'=Ts;;;0 'app_connect'=Ts;;;0 'app_cert_days'=D 'broken-app_time'=Ts;;;0 'silent0_time'=Ts;;;0 'silent0_connect'=Ts;;;0 'silent1_time'=Ts;;;0 'silent1_connect'=Ts;;;0 'silent2_time'=Ts;;;0 'silent2_connect'=Ts;;;0 'silent3_time'=Ts;;;0 'silent3_connect'=Ts;;;0
[relay] OK - ok: PHPMailer can connect to 127.0.0.1:PORT (starttls) from this PHP process; certificate valid for D more days (DATE)
[lan-relay] OK - ok: PHPMailer can connect to 127.0.0.1:PORT (none) from this PHP process
[backup] CRITICAL - connection_refused: 127.0.0.1:PORT refused the connection (Connection refused): nothing listens there, or a firewall rejects it
[backup] fix: %s: $mail->Port = 25; $mail->SMTPSecure = '';%S
[backup] fix: nothing listens on port %d of this machine: start the mail server, or see the ports it listens on with ss -ltnp
[app] OK - ok: PHPMailer can connect to 127.0.0.1:PORT (starttls) from this PHP process; certificate valid for D more days (DATE)
[broken-app] UNKNOWN - no report: %s/mail/throws.php threw RuntimeException: no database
[silent0] CRITICAL - no_greeting: %s
%A
took the deadline and no more than a second beside it: yes
performance data items: 19, labels: time connect days
== --format=prometheus
exit 1, promtool: accepts it
  relay: host 127.0.0.1, security starttls: ok 1, ok, quick
  lan-relay: host 127.0.0.1, security none: ok 1, ok, quick
  backup: host 127.0.0.1, security auto: ok 0, connection_refused, quick
  app: host 127.0.0.1, security starttls: ok 1, ok, quick
  broken-app: host '', security '': ok 0, unknown, quick
  silent0: host 127.0.0.1, security auto: ok 0, no_greeting, waited until the deadline
  silent1: host 127.0.0.1, security auto: ok 0, no_greeting, waited until the deadline
  silent2: host 127.0.0.1, security auto: ok 0, no_greeting, waited until the deadline
  silent3: host 127.0.0.1, security auto: ok 0, no_greeting, waited until the deadline
== --json and --quiet
--json: exit 1, keys: relay lan-relay backup app broken-app silent0 silent1 silent2 silent3; app: ok with hosts 1
--quiet: exit 1
relay: OK ok: PHPMailer can connect to 127.0.0.1:PORT (starttls) from this PHP process
lan-relay: OK ok: PHPMailer can connect to 127.0.0.1:PORT (none) from this PHP process
backup: PROBLEM connection_refused: 127.0.0.1:PORT refused the connection (Connection refused): nothing listens there, or a firewall rejects it
app: OK ok: PHPMailer can connect to 127.0.0.1:PORT (starttls) from this PHP process
broken-app: PROBLEM unknown: %s/mail/throws.php threw RuntimeException: no database
silent0: PROBLEM no_greeting: %s
silent1: PROBLEM no_greeting: %s
silent2: PROBLEM no_greeting: %s
silent3: PROBLEM no_greeting: %s
== a setup file that never returns is stopped a second after the deadline
exit 3
SMTPDIAG UNKNOWN - 1 of 2 targets not OK: stuck (UNKNOWN: no report) | 'relay_time'=Ts;;;0 'relay_connect'=Ts;;;0 'relay_cert_days'=D 'stuck_time'=Ts;;;0
[relay] OK - ok: PHPMailer can connect to 127.0.0.1:PORT (starttls) from this PHP process; certificate valid for D more days (DATE)
[stuck] UNKNOWN - no report: the check did not finish within the deadline (1 s) and was stopped
took the deadline plus the second: yes
the stuck child is gone: yes
== installed layout: the command alone in a bin directory, run by its #! line
exit 1, stderr: (none)
relay: OK ok: PHPMailer can connect to 127.0.0.1:PORT (starttls) from this PHP process
lan-relay: OK ok: PHPMailer can connect to 127.0.0.1:PORT (none) from this PHP process
backup: PROBLEM connection_refused: 127.0.0.1:PORT refused the connection (Connection refused): nothing listens there, or a firewall rejects it
app: OK ok: PHPMailer can connect to 127.0.0.1:PORT (starttls) from this PHP process
broken-app: PROBLEM unknown: %s/mail/throws.php threw RuntimeException: no database
silent0: PROBLEM no_greeting: %s
silent1: PROBLEM no_greeting: %s
silent2: PROBLEM no_greeting: %s
silent3: PROBLEM no_greeting: %s
== a password from password_env reaches the child on its standard input only
exit 1, verdict auth_mechanism_unsupported, password in the output: no
== mistakes
no target: exit 2, smtpdiag: DIR/bad.ini names no target: add a [name] section with host = ... or phpmailer = ...
unknown key: exit 2, smtpdiag: DIR/bad.ini [a]: unknown key prot
host and phpmailer: exit 2, smtpdiag: DIR/bad.ini [a]: give either host or phpmailer
neither: exit 2, smtpdiag: DIR/bad.ini [a]: give either host or phpmailer
a name with a space: exit 2, smtpdiag: DIR/bad.ini [a b]: a target's name is 1 to 64 letters, digits and _ . : @ - (starting with a letter or digit)
port not a number: exit 2, smtpdiag: DIR/bad.ini [a]: port must be a whole number, 'abc' given
port out of range: exit 2, smtpdiag: DIR/bad.ini [a]: port must be between 0 and 65535
host before the sections: exit 2, smtpdiag: DIR/bad.ini: host belongs in a target's [section], not before the first
port for a mailer: exit 2, smtpdiag: DIR/bad.ini [a]: port belongs to the mailer ($mail->Port), not to a phpmailer target
a missing password variable: exit 2, smtpdiag: DIR/bad.ini [a]: password_env: the environment has no variable SD_NOT_SET
a bad finding code: exit 2, smtpdiag: DIR/bad.ini [a]: ignore_warning takes finding codes separated by commas (or all), 'Not A Code' given
a negative threshold: exit 2, smtpdiag: DIR/bad.ini [a]: cert_warn must not be negative
verify_peer not a boolean: exit 2, smtpdiag: DIR/bad.ini [a]: verify_peer must be true or false, 'maybe' given
not INI: exit 2, smtpdiag: DIR/bad.ini: %s
--nagios: exit 3, SMTPDIAG UNKNOWN - DIR/bad.ini: %s
--config with a HOST: exit 2, smtpdiag: --config names the targets: no HOST, --scan, --phpmailer or --env beside it
