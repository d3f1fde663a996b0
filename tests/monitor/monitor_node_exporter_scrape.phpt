--TEST--
smtpdiag --config --format=prometheus --output-file into a real node_exporter's textfile directory: a scrape of its /metrics shows every target with the right values (a private Postfix that works, one whose certificate expires in 10 days, a closed port), and the next run's values replace them
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/monitor_lib.inc'; sd_skipif_root(); mon_skipif_tools(['node_exporter', 'promtool']); ?>
--FILE--
<?php
require __DIR__ . '/monitor_lib.inc';
sd_require_root();
$mta = sd_mta_start();
$p = $mta['ports'];
$closed = cli_closed_port();
$dir = sd_work() . '/textfile';
mkdir($dir, 0755);
$url = mon_node_exporter($dir);

$ini = sd_work() . '/targets.ini';
file_put_contents($ini, <<<INI
; the targets this server sends through
timeout = 5
cafile = "{$mta['ca']}"

[relay]
host = 127.0.0.1
port = {$p['submission']}
security = starttls

[relay-smtps]
host = 127.0.0.1
port = {$p['expiring_smtps']}
security = smtps

[backup]
host = 127.0.0.1
port = $closed
INI);
[$out, $err, $rc] = cli_run(['--config', $ini, '--format=prometheus', "--output-file=$dir/smtpdiag.prom", '--label', 'site=fra1']);
echo "smtpdiag: exit $rc, stdout: ", $out === '' ? '(none)' : $out, ', stderr: ', $err === '' ? '(none)' : $err, "\n";

$scrape = file_get_contents($url);
$m = mon_prom_parse($scrape);
echo 'node_exporter read the file without error: ', mon_value($m, 'node_textfile_scrape_error') == 0 ? 'yes' : 'NO', "\n";
echo 'promtool accepts the scrape: ', mon_promtool($scrape)[0] === 0 ? 'yes' : 'NO', "\n";
$until = ['relay' => mon_not_after($mta['certs'] . '/valid.crt'), 'relay-smtps' => mon_not_after($mta['certs'] . '/expiring.crt')];
$port = ['relay' => $p['submission'], 'relay-smtps' => $p['expiring_smtps'], 'backup' => $closed];
foreach (['relay', 'relay-smtps', 'backup'] as $t) {
    $sel = ['target' => $t, 'site' => 'fra1'];
    $ok = mon_select($m, 'smtpdiag_ok', $sel);
    $l = $ok[0][1];
    printf("%s: host %s, port %s, security %s: ok %d, verdict %s, findings error %d warning %d, duration %s, tcp %s, certificate %s\n", $t,
        $l['host'], $l['port'] === (string) $port[$t] ? 'as configured' : 'WRONG',
        $l['security'], $ok[0][2], mon_select($m, 'smtpdiag_verdict', $sel)[0][1]['verdict'],
        mon_value($m, 'smtpdiag_findings', $sel + ['severity' => 'error']), mon_value($m, 'smtpdiag_findings', $sel + ['severity' => 'warning']),
        ($d = mon_value($m, 'smtpdiag_duration_seconds', $sel)) > 0 && $d < 5 ? 'in (0, 5) s' : "WRONG $d",
        mon_select($m, 'smtpdiag_check_duration_seconds', $sel + ['check' => 'tcp']) ? 'timed' : 'MISSING',
        isset($until[$t]) ? (mon_value($m, 'smtpdiag_certificate_expiry_timestamp_seconds', $sel) == $until[$t]
            ? sprintf("expires at its notAfter, in %d days", (mon_value($m, 'smtpdiag_certificate_expiry_timestamp_seconds', $sel) - time()) / 86400) : 'WRONG')
            : (mon_select($m, 'smtpdiag_certificate_expiry_timestamp_seconds', $sel) ? 'UNEXPECTED' : 'none'));
}
// What the scrape shows, ports and times masked (node_exporter orders the series by their labels, ports
// included: sorted again here by target).
$shown = [];
foreach (explode("\n", $scrape) as $line) {
    if (preg_match('/^(?:# (?:HELP|TYPE) )?(smtpdiag_(?:ok|verdict|certificate_expiry_timestamp_seconds))[{ ]/', $line, $f)) {
        $shown[$f[1]][] = preg_replace(['/port="\d+"/', '/ \d\.\d+e\+09$/'], ['port="PORT"', ' T'], $line);
    }
}
foreach ($shown as $lines) {
    usort($lines, fn($a, $b) => [$a[0] !== '#', preg_replace('/.*target="/', '', $a)] <=> [$b[0] !== '#', preg_replace('/.*target="/', '', $b)]);
    echo implode("\n", $lines), "\n";
}

// The next run: the relay now refuses (its port closed); the scrape follows.
file_put_contents($ini, str_replace("port = {$p['submission']}", "port = $closed", file_get_contents($ini)));
[$out, $err, $rc] = cli_run(['--config', $ini, '--format=prometheus', "--output-file=$dir/smtpdiag.prom", '--label', 'site=fra1']);
$m = mon_prom_parse(file_get_contents($url));
echo "next run: exit $rc; relay ok ", mon_value($m, 'smtpdiag_ok', ['target' => 'relay']), ', verdict ',
    mon_select($m, 'smtpdiag_verdict', ['target' => 'relay'])[0][1]['verdict'], ', certificate expiry ',
    mon_select($m, 'smtpdiag_certificate_expiry_timestamp_seconds', ['target' => 'relay']) ? 'STILL THERE' : 'gone', "\n";
echo 'files in the textfile directory: ', implode(' ', array_diff(scandir($dir), ['.', '..'])), "\n";
?>
--EXPECTF--
smtpdiag: exit 1, stdout: (none), stderr: (none)
node_exporter read the file without error: yes
promtool accepts the scrape: yes
relay: host 127.0.0.1, port as configured, security starttls: ok 1, verdict ok, findings error 0 warning 0, duration in (0, 5) s, tcp timed, certificate expires at its notAfter, in 36%d days
relay-smtps: host 127.0.0.1, port as configured, security smtps: ok 1, verdict ok, findings error 0 warning 1, duration in (0, 5) s, tcp timed, certificate expires at its notAfter, in %r(9|10)%r days
backup: host 127.0.0.1, port as configured, security auto: ok 0, verdict connection_refused, findings error 1 warning 0, duration in (0, 5) s, tcp timed, certificate none
# HELP smtpdiag_certificate_expiry_timestamp_seconds When the server's certificate (the leaf) expires, as a Unix time.
# TYPE smtpdiag_certificate_expiry_timestamp_seconds gauge
smtpdiag_certificate_expiry_timestamp_seconds{host="127.0.0.1",port="PORT",security="starttls",site="fra1",target="relay"} T
smtpdiag_certificate_expiry_timestamp_seconds{host="127.0.0.1",port="PORT",security="smtps",site="fra1",target="relay-smtps"} T
# HELP smtpdiag_ok Whether PHPMailer, configured as this target, gets a working connection from this PHP (1) or not (0).
# TYPE smtpdiag_ok gauge
smtpdiag_ok{host="127.0.0.1",port="PORT",security="auto",site="fra1",target="backup"} 0
smtpdiag_ok{host="127.0.0.1",port="PORT",security="starttls",site="fra1",target="relay"} 1
smtpdiag_ok{host="127.0.0.1",port="PORT",security="smtps",site="fra1",target="relay-smtps"} 1
# HELP smtpdiag_verdict The verdict of the check as a label; the series of the current verdict is 1.
# TYPE smtpdiag_verdict gauge
smtpdiag_verdict{host="127.0.0.1",port="PORT",security="auto",site="fra1",target="backup",verdict="connection_refused"} 1
smtpdiag_verdict{host="127.0.0.1",port="PORT",security="starttls",site="fra1",target="relay",verdict="ok"} 1
smtpdiag_verdict{host="127.0.0.1",port="PORT",security="smtps",site="fra1",target="relay-smtps",verdict="ok"} 1
next run: exit 1; relay ok 0, verdict connection_refused, certificate expiry gone
files in the textfile directory: smtpdiag.prom
