--TEST--
smtpdiag_scan() against a private Postfix: submission (STARTTLS), smtps (implicit TLS on a port that is not 465), plain and a closed port: recommended is submission with verified STARTTLS; each row's verdict; the plain port works (PHPMailer without TLS) but ranks below verified TLS
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$closed = sd_free_ports(1)[0];
$p = $mta['ports'];
$r = smtpdiag_scan('localhost', ['ports' => [$p['submission'], $p['smtps'], $p['plain'], $closed], 'cafile' => $mta['ca'], 'timeout' => 10]);
echo 'keys: ', implode(' ', array_keys($r)), "\n";
var_dump($r['ok'], $r['verdict'], $r['host']);
echo str_replace((string) $p['submission'], '{submission}', $r['summary']), "\n";
$names = array_flip($p) + [$closed => 'closed'];
foreach ($r['ports'] as $row) {
    printf("%-10s %-8s ok=%-5s %s | report %s, keys %s\n", $names[$row['port']], $row['security'], var_export($row['ok'], true), $row['verdict'],
        $row['report']['verdict'] === $row['verdict'] && $row['report']['summary'] === $row['summary'] ? 'agrees' : 'DIFFERS',
        implode(',', array_keys($row)));
}
$rec = $r['recommended'];
echo 'recommended: ', $names[$rec['port']] ?? $rec['port'], ' ', $rec['security'], "\n";
echo 'recommended is verified TLS: ', $r['ports'][0]['report']['server']['tls']['verify']['code'] === 0 ? 'yes' : 'NO', "\n";
echo 'phpmailer lines name the port and STARTTLS: ', str_contains($rec['phpmailer'], (string) $p['submission']) && stripos($rec['phpmailer'], 'STARTTLS') !== false ? 'yes' : 'NO', "\n";
echo str_replace((string) $p['submission'], '{submission}', $rec['phpmailer']), "\n";
echo 'smtps row is implicit TLS, verified: ', $r['ports'][1]['report']['server']['tls']['verify']['code'] === 0 ? 'yes' : 'NO', "\n";
echo 'elapsed within the deadline: ', sd_deadline_kept($r['elapsed_ms'], 10000), "\n";
?>
--EXPECT--
keys: ok verdict summary recommended host ports elapsed_ms
bool(true)
string(2) "ok"
string(9) "localhost"
port {submission} with starttls works from here, encrypted and verified
submission starttls ok=true  ok | report agrees, keys port,security,ok,verdict,summary,report
smtps      smtps    ok=true  ok | report agrees, keys port,security,ok,verdict,summary,report
plain      auto     ok=true  ok | report agrees, keys port,security,ok,verdict,summary,report
closed     starttls ok=false connection_refused | report agrees, keys port,security,ok,verdict,summary,report
recommended: submission starttls
recommended is verified TLS: yes
phpmailer lines name the port and STARTTLS: yes
$mail->Port = {submission}; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
smtps row is implicit TLS, verified: yes
elapsed within the deadline: yes
