--TEST--
smtpdiag_scan(): ports that connect but then stall (fixture 'silent') stay inside the one deadline together: timeout 2 ends within 2.2 s, not 2 s per port; each row is no_greeting (connected, no greeting, no TLS either) and so is the scan
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$a = sd_fixture_start('silent')['port'];
$b = sd_fixture_start('silent')['port'];
$t = hrtime(true);
$r = smtpdiag_scan('127.0.0.1', ['ports' => [$a, $b], 'timeout' => 2]);
$wall = (hrtime(true) - $t) / 1e6;
foreach ($r['ports'] as $i => $row) {
    $port = [$a => 'A', $b => 'B'][$row['port']] ?? $row['port'];
    printf("port %s (%s): ok=%s %s: %s\n", $port, $row['security'], var_export($row['ok'], true), $row['verdict'],
        str_replace((string) $row['port'], 'PORT', $row['summary']));
    echo '  greeting: ', sd_check($row['report'], 'greeting')['status'], ': ', sd_check($row['report'], 'greeting')['message'], "\n";
}
printf("scan: ok=%s %s: %s; recommended: %s\n", var_export($r['ok'], true), $r['verdict'], $r['summary'], json_encode($r['recommended']));
echo 'within the deadline (2.2 s): ', $r['elapsed_ms'] <= 2200 && $wall <= 2200 ? 'yes' : sprintf('NO (elapsed_ms %.0f, wall %.0f)', $r['elapsed_ms'], $wall), "\n";
?>
--EXPECT--
port A (starttls): ok=false no_greeting: 127.0.0.1:PORT accepted the connection but never sent an SMTP greeting, and does not speak TLS either
  greeting: fail: no greeting within 2.0 s; it answers neither TLS nor HTTP
port B (starttls): ok=false no_greeting: 127.0.0.1:PORT accepted the connection but never sent an SMTP greeting, and does not speak TLS either
  greeting: fail: no greeting within 2.0 s; it answers neither TLS nor HTTP
scan: ok=false no_greeting: no port and mode tried works from here; recommended: null
within the deadline (2.2 s): yes
