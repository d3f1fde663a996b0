--TEST--
smtpdiag_probe(): smtp.gmail.com:465 with security tls, answered by an implicit-TLS Postfix on port 465 (in a namespace): each fact is said once (the mode mismatch in the summary, the verified setting in one fix, no provider_mismatch finding repeating them) and the table's source stays in target.provider.source, out of every sentence
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root();
$certs = sd_certs();
$ns = sd_netns();
$dir = sd_work() . '/mta-ns';
sd_on_exit(static fn() => sd_run(['bash', SD_ROOT . '/tests/servers/mta.sh', 'stop', $dir]));
sd_must(array_merge(['ip', 'netns', 'exec', $ns, 'bash', SD_ROOT . '/tests/servers/mta.sh', 'start', $dir, $certs],
    ['25', '587', '465'], array_map('strval', range(10004, 10011))));

$r = sd_child_probe("smtpdiag_probe('smtp.gmail.com', 465, ['security' => 'tls', 'connect_to' => '127.0.0.1',"
    . " 'peer_name' => 'localhost', 'cafile' => '$certs/ca.pem', 'timeout' => 5])", $ns);
sd_show($r, 5);
echo "summary: {$r['summary']}\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
foreach ($r['findings'] as $f) {
    echo "finding: {$f['code']} {$f['severity']}\n";
}
$sentences = implode("\n", array_merge([$r['summary']], $r['fixes'], array_column($r['findings'], 'message'), $r['transcript']));
echo 'times "implicit TLS" or ENCRYPTION_SMTPS is said: ', preg_match_all('/implicit TLS|ENCRYPTION_SMTPS/', $sentences), "\n";
echo 'source in a sentence: ', str_contains($sentences, $r['target']['provider']['source']) ? 'YES' : 'no', "\n";
echo "source in target.provider: {$r['target']['provider']['source']}\n";
echo 'alternative: ', json_encode($r['alternative']['ok']), ' ', $r['alternative']['summary'], "\n";
?>
--EXPECT--
verdict: tls_mode_mismatch
ok: false
within deadline: yes
first finding: tls_mode_mismatch error
summary: smtp.gmail.com:465 expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured
fix: verified from here: port 465 with implicit TLS works: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
fix: or use STARTTLS on its own port: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
finding: tls_mode_mismatch error
finding: no_default_route warning
times "implicit TLS" or ENCRYPTION_SMTPS is said: 4
source in a sentence: no
source in target.provider: Google help quoted by nanopo.st; EHLO captures in PHPMailer #749, #1106
alternative: true PHPMailer can connect to smtp.gmail.com:465 (smtps) from this PHP process
