--TEST--
smtpdiag_scan() against a private Postfix whose CA it is not given: implicit TLS on a port that is not 465 keeps its retry's real outcome (cert_untrusted in smtps, not tls_mode_mismatch); with nothing working verified, the recommendation is the port that works with certificate verification off, and says so; with a plain port that works, plain SMTP is recommended as before
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$p = $mta['ports'];
$closed = sd_free_ports(1)[0];
$names = array_flip($p) + [$closed => 'closed'];
$show = static function (string $s) use ($names): string {
    foreach ($names as $port => $name) {
        $s = str_replace((string) $port, "{{$name}}", $s);
    }
    return $s;
};
foreach (['smtps and a closed port' => [$p['smtps'], $closed], 'submission and smtps' => [$p['submission'], $p['smtps']],
    'and a plain port' => [$p['submission'], $p['smtps'], $p['plain']]] as $label => $ports) {
    echo "== $label\n";
    // 10 s: room for the first probes, the retry and the try with verification off under valgrind too
    $r = smtpdiag_scan('127.0.0.1', ['ports' => $ports, 'timeout' => 10]);
    var_dump($r['ok']);
    echo 'verdict: ', $r['verdict'], "\n", 'summary: ', $show($r['summary']), "\n";
    foreach ($r['ports'] as $row) {
        printf("  %s %s ok=%s %s (report: %s)\n", $names[$row['port']], $row['security'], var_export($row['ok'], true), $row['verdict'],
            $row['report']['verdict']);
    }
    $rec = $r['recommended'];
    echo 'recommended: ', $rec === null ? 'null' : $show("{$rec['port']} {$rec['security']} verification_off="
        . var_export($rec['verification_off'], true) . ': ' . $rec['phpmailer']), "\n";
    echo 'elapsed within the deadline: ', sd_deadline_kept($r['elapsed_ms'], 10000), "\n";
}
// the command says it on the recommendation's line
[$out, , $rc] = sd_run([...sd_php(), '-d', 'extension_dir=' . ini_get('extension_dir'), '-d', 'extension=smtpdiag',
    SD_ROOT . '/bin/smtpdiag', '--scan', '127.0.0.1', '--ports=' . $p['smtps'], '--timeout=10']);
echo "== command: exit $rc\n";
foreach (explode("\n", $out) as $line) {
    if (str_starts_with($line, 'recommended') || str_starts_with($line, 'PROBLEM') || str_starts_with($line, 'OK')) {
        echo $show($line), "\n";
    }
}
?>
--EXPECT--
== smtps and a closed port
bool(false)
verdict: cert_untrusted
summary: no port and mode tried works from here with the certificate verified; port {smtps} with smtps works only with certificate verification off (cert_untrusted)
  smtps smtps ok=false cert_untrusted (report: cert_untrusted)
  closed starttls ok=false connection_refused (report: connection_refused)
recommended: {smtps} smtps verification_off=true: $mail->Port = {smtps}; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; $mail->SMTPOptions = ['ssl' => ['verify_peer' => false, 'verify_peer_name' => false, 'allow_self_signed' => true]]; (only until the server's certificate is fixed or its CA given as cafile: without verification, anyone on the way can read the mail and the password)
elapsed within the deadline: yes
== submission and smtps
bool(false)
verdict: cert_untrusted
summary: no port and mode tried works from here with the certificate verified; port {submission} with starttls works only with certificate verification off (cert_untrusted)
  submission starttls ok=false cert_untrusted (report: cert_untrusted)
  smtps smtps ok=false cert_untrusted (report: cert_untrusted)
recommended: {submission} starttls verification_off=true: $mail->Port = {submission}; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; $mail->SMTPOptions = ['ssl' => ['verify_peer' => false, 'verify_peer_name' => false, 'allow_self_signed' => true]]; (only until the server's certificate is fixed or its CA given as cafile: without verification, anyone on the way can read the mail and the password)
elapsed within the deadline: yes
== and a plain port
bool(true)
verdict: ok
summary: port {plain} with auto works from here
  submission starttls ok=false cert_untrusted (report: cert_untrusted)
  smtps smtps ok=false cert_untrusted (report: cert_untrusted)
  plain auto ok=true ok (report: ok)
recommended: {plain} auto verification_off=false: $mail->Port = {plain}; $mail->SMTPSecure = '';
elapsed within the deadline: yes
== command: exit 1
PROBLEM cert_untrusted: no port and mode tried works from here with the certificate verified; port {smtps} with smtps works only with certificate verification off (cert_untrusted)
PROBLEM cert_untrusted: {smtps} (smtps): The certificate of 127.0.0.1:{smtps} is not trusted here: unable to get local issuer certificate (verify code 20)
recommended only with certificate verification off: $mail->Port = {smtps}; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; $mail->SMTPOptions = ['ssl' => ['verify_peer' => false, 'verify_peer_name' => false, 'allow_self_signed' => true]]; (only until the server's certificate is fixed or its CA given as cafile: without verification, anyone on the way can read the mail and the password)
