--TEST--
smtpdiag_scan(): the ports that answer are probed at the same time, not in turn (three slow servers, one deadline)
--DESCRIPTION--
Each server greets 0.8 s after the connect and offers no STARTTLS, so each port needs two probes (STARTTLS,
then PHPMailer's automatic mode): 1.6 s of waiting per port. In turn, three ports would need 4.8 s and the
3 s deadline would cut the later ones short; at the same time, all three work.
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$ports = [sd_fixture_start('slowgreet')['port'], sd_fixture_start('slowgreet')['port'], sd_fixture_start('slowgreet')['port']];
$r = smtpdiag_scan('127.0.0.1', ['ports' => $ports, 'timeout' => 3]);
foreach ($r['ports'] as $i => $row) {
    $g = sd_check($row['report'], 'greeting');
    printf("port %d: ok=%s %s security=%s greeting=%s\n", $i + 1, var_export($row['ok'], true), $row['verdict'],
        $row['security'], $g['status']);
}
var_dump($r['ok'], $r['recommended']['security'], sd_within_deadline($r['elapsed_ms'], 3000));
?>
--EXPECT--
port 1: ok=true ok security=auto greeting=pass
port 2: ok=true ok security=auto greeting=pass
port 3: ok=true ok security=auto greeting=pass
bool(true)
string(4) "auto"
bool(true)
