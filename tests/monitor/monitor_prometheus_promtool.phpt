--TEST--
smtpdiag --format=prometheus: promtool check metrics accepts the metrics of working and failing targets, a scan, --env and hostile label values; the values match the report; --label is validated; --output-file replaces the file by rename()
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/monitor_lib.inc'; sd_skipif_root(['postfix']); mon_skipif_tools(['promtool']); ?>
--FILE--
<?php
require __DIR__ . '/monitor_lib.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$p = $mta['ports'];
$closed = cli_closed_port();
$valid_until = mon_not_after($mta['certs'] . '/valid.crt');

$cases = [
    'working, STARTTLS' => ["127.0.0.1:{$p['submission']}", '--security=starttls', "--cafile={$mta['ca']}"],
    'working, implicit TLS' => ["127.0.0.1:{$p['smtps']}", '--security=smtps', "--cafile={$mta['ca']}", '--label', 'env=prod', '--label', 'config=relay'],
    'failing, closed port' => ["127.0.0.1:$closed", '--timeout=5'],
    'failing, certificate for another name' => ["localhost:{$p['wrongname_smtps']}", '--security=smtps', "--cafile={$mta['ca']}"],
    'scan' => ['--scan', '127.0.0.1', "--ports={$p['submission']},{$p['smtps']},$closed", "--cafile={$mta['ca']}", '--timeout=5'],
    'env' => ['--env'],
    'hostile host and label' => ["mail\"x\\y\nz.example", '--label', "note=quote\" backslash\\ newline\n bad byte \xff end"],
];
foreach ($cases as $case => $args) {
    [$out, $err, $rc] = cli_run(array_merge($args, ['--format=prometheus']));
    [$prc, $complaints] = mon_promtool($out);
    $m = mon_prom_parse($out);
    echo "== $case: exit $rc, promtool check metrics: exit $prc", $complaints === '' ? '' : " ($complaints)", $err === '' ? '' : ", stderr: $err", "\n";
    $families = array_unique(array_map(fn($s) => $s[0], $m));
    echo '  families: ', implode(' ', array_map(fn($f) => substr($f, 9), $families)), "\n";
    foreach (mon_select($m, 'smtpdiag_ok') as [, $labels, $v]) {
        $verdict = mon_select($m, 'smtpdiag_verdict', $labels);
        $cert = mon_select($m, 'smtpdiag_certificate_expiry_timestamp_seconds', $labels);
        $errors = mon_value($m, 'smtpdiag_findings', $labels + ['severity' => 'error']);
        $stages = array_map(fn($s) => $s[1]['check'], mon_select($m, 'smtpdiag_check_duration_seconds', $labels));
        $labels = array_map(fn($l) => is_numeric($l) && (int) $l > 1024 ? 'PORT' : $l, $labels);
        echo '  ', json_encode($labels, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), ": ok $v, verdict ",
            count($verdict) === 1 && $verdict[0][2] == 1 ? $verdict[0][1]['verdict'] : 'MISSING', ", errors $errors, certificate expiry ",
            $cert ? ($cert[0][2] == $valid_until ? "= the certificate's notAfter" : 'WRONG ' . $cert[0][2]) : 'none', "\n";
        echo '    stages: ', implode(' ', $stages), "\n";
    }
}

echo "== --label\n";
foreach ([['--label', '1x=y'], ['--label', '__x=y'], ['--label', 'host=x'], ['--label', 'verdict=x'], ['--label', 'a-b=c'],
    ['--label', 'novalue'], ['--label', 'a=1', '--label', 'a=2']] as $bad) {
    [$out, $err, $rc] = cli_run(array_merge(["127.0.0.1:$closed", '--format=prometheus'], $bad));
    echo '  ', implode(' ', $bad), ": exit $rc, ", strtok($err, "\n"), $out === '' ? '' : ' STDOUT NOT EMPTY', "\n";
}
[$out, $err, $rc] = cli_run(["127.0.0.1:$closed", '--label', 'a=b']);
echo "  without --format=prometheus: exit $rc, ", strtok($err, "\n"), "\n";
[$out, $err, $rc] = cli_run(["127.0.0.1:$closed", '--format=yaml']);
echo "  --format=yaml: exit $rc, ", strtok($err, "\n"), "\n";

echo "== --output-file\n";
$dir = sd_work() . '/textfile';
mkdir($dir, 0700);
$file = "$dir/smtpdiag.prom";
file_put_contents($file, "# the previous run\n");
$before = stat($file);
$reader = fopen($file, 'r');          // a collector in the middle of reading the previous file
umask(077);
[$out, $err, $rc] = cli_run(["127.0.0.1:{$p['submission']}", '--security=starttls', "--cafile={$mta['ca']}", '--format=prometheus', "--output-file=$file"]);
umask(022);
clearstatcache();
$after = stat($file);
echo "exit $rc, stdout: ", $out === '' ? '(none)' : $out, ', stderr: ', $err === '' ? '(none)' : $err, "\n";
echo 'a new file (another inode) took the old name: ', $after['ino'] !== $before['ino'] ? 'yes' : 'NO', "\n";
echo 'the reader of the old file still reads the old content: ', stream_get_contents($reader) === "# the previous run\n" ? 'yes' : 'NO', "\n";
echo 'mode ', sprintf('%o', $after['mode'] & 0777), ' (readable by a collector running as another user)', "\n";
echo 'promtool accepts the file: ', mon_promtool(file_get_contents($file))[0] === 0 ? 'yes' : 'NO', "\n";
echo 'files in the directory: ', implode(' ', array_diff(scandir($dir), ['.', '..'])), "\n";
[$out, $err, $rc] = cli_run(["127.0.0.1:$closed", '--format=prometheus', "--output-file=$dir/missing/smtpdiag.prom"]);
echo "into a missing directory: exit $rc, ", str_replace($dir, 'DIR', strtok($err, "\n")), "\n";
[$out, $err, $rc] = cli_run(["127.0.0.1:$closed", '--format=prometheus', "--output-file=$dir"]);
echo "a directory as the file: exit $rc, ", str_replace($dir, 'DIR', strtok($err, "\n")), "\n";
echo 'files in the directory: ', implode(' ', array_diff(scandir($dir), ['.', '..'])), "\n";
?>
--EXPECTF--
== working, STARTTLS: exit 0, promtool check metrics: exit 0
  families: ok verdict findings duration_seconds check_duration_seconds certificate_expiry_timestamp_seconds
  {"host":"127.0.0.1","port":"PORT","security":"starttls"}: ok 1, verdict ok, errors 0, certificate expiry = the certificate's notAfter
    stages: target environment tcp greeting ehlo starttls tls certificate quit
== working, implicit TLS: exit 0, promtool check metrics: exit 0
  families: ok verdict findings duration_seconds check_duration_seconds certificate_expiry_timestamp_seconds
  {"env":"prod","config":"relay","host":"127.0.0.1","port":"PORT","security":"smtps"}: ok 1, verdict ok, errors 0, certificate expiry = the certificate's notAfter
    stages: target environment tcp greeting ehlo tls certificate quit
== failing, closed port: exit 1, promtool check metrics: exit 0
  families: ok verdict findings duration_seconds check_duration_seconds
  {"host":"127.0.0.1","port":"PORT","security":"auto"}: ok 0, verdict connection_refused, errors 1, certificate expiry none
    stages: target environment tcp
== failing, certificate for another name: exit 1, promtool check metrics: exit 0
  families: ok verdict findings duration_seconds check_duration_seconds certificate_expiry_timestamp_seconds
  {"host":"localhost","port":"PORT","security":"smtps"}: ok 0, verdict cert_name_mismatch, errors 1, certificate expiry = the certificate's notAfter
    stages: target environment dns tcp tls certificate
== scan: exit 0, promtool check metrics: exit 0
  families: ok verdict findings duration_seconds check_duration_seconds certificate_expiry_timestamp_seconds
  {"host":"127.0.0.1","port":"PORT","security":"starttls"}: ok 1, verdict ok, errors 0, certificate expiry = the certificate's notAfter
    stages: target environment tcp greeting ehlo starttls tls certificate quit
  {"host":"127.0.0.1","port":"PORT","security":"smtps"}: ok 1, verdict ok, errors 0, certificate expiry = the certificate's notAfter
    stages: target environment tcp greeting ehlo tls certificate quit
  {"host":"127.0.0.1","port":"PORT","security":"starttls"}: ok 0, verdict connection_refused, errors 1, certificate expiry none
    stages: target environment tcp
== env: exit 0, promtool check metrics: exit 0
  families: ok verdict findings duration_seconds check_duration_seconds
  []: ok 1, verdict ok, errors 0, certificate expiry none
    stages: php openssl_extension openssl_library ca_store disabled_functions %s
== hostile host and label: exit 1, promtool check metrics: exit 0
  families: ok verdict findings duration_seconds check_duration_seconds
  {"note":"quote\" backslash\\ newline\n bad byte � end","host":"mail\"x\\\\y\\nz.example","port":"25","security":"auto"}: ok 0, verdict host_malformed, errors 1, certificate expiry none
    stages: target
== --label
  --label 1x=y: exit 2, smtpdiag: --label takes NAME=VALUE with a Prometheus label name (letters, digits, _; not starting with a digit or __), '1x=y' given
  --label __x=y: exit 2, smtpdiag: --label takes NAME=VALUE with a Prometheus label name (letters, digits, _; not starting with a digit or __), '__x=y' given
  --label host=x: exit 2, smtpdiag: --label host: smtpdiag sets that label itself
  --label verdict=x: exit 2, smtpdiag: --label verdict: smtpdiag sets that label itself
  --label a-b=c: exit 2, smtpdiag: --label takes NAME=VALUE with a Prometheus label name (letters, digits, _; not starting with a digit or __), 'a-b=c' given
  --label novalue: exit 2, smtpdiag: --label takes NAME=VALUE with a Prometheus label name (letters, digits, _; not starting with a digit or __), 'novalue' given
  --label a=1 --label a=2: exit 2, smtpdiag: --label a: given twice
  without --format=prometheus: exit 2, smtpdiag: --label applies to --format=prometheus
  --format=yaml: exit 2, smtpdiag: --format takes text, json, prometheus, nagios, 'yaml' given
== --output-file
exit 0, stdout: (none), stderr: (none)
a new file (another inode) took the old name: yes
the reader of the old file still reads the old content: yes
mode 644 (readable by a collector running as another user)
promtool accepts the file: yes
files in the directory: smtpdiag.prom
into a missing directory: exit 2, smtpdiag: cannot write DIR/missing/smtpdiag.prom: %s
a directory as the file: exit 2, smtpdiag: --output-file needs a file name, 'DIR' is a directory
files in the directory: smtpdiag.prom
