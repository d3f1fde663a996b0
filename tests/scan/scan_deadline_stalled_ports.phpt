--TEST--
smtpdiag_scan(): ports that connect but then stall (fixture 'silent') stay inside the one deadline together: timeout 2 ends within the deadline, not 2 s per port; each row is no_greeting (connected, no greeting, no TLS either) and so is the scan
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
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
    // the figure is how long the greeting stage waited: the deadline less what came before it (the connect,
    // slower under valgrind), so no more than 2.0 and no less than 2.0 less the allowance
    $c = sd_check($row['report'], 'greeting');
    $waited = preg_match('/within (\d+\.\d) s/', $c['message'], $m) ? (float) $m[1] * 1000 : -1.0;
    echo '  greeting: ', $c['status'], ': ', preg_replace('/within \d+\.\d s/', 'within N s', $c['message']), "\n";
    echo '  N: ', $waited <= 2000 && $waited >= 2000 - sd_allowance_ms() ? 'the rest of the deadline' : "NO ($waited ms)", "\n";
}
printf("scan: ok=%s %s: %s; recommended: %s\n", var_export($r['ok'], true), $r['verdict'], $r['summary'], json_encode($r['recommended']));
echo 'elapsed and wall time within the deadline: ', sd_deadline_kept(max($r['elapsed_ms'], $wall), 2000), "\n";
?>
--EXPECT--
port A (starttls): ok=false no_greeting: 127.0.0.1:PORT accepted the connection but never sent an SMTP greeting, and does not speak TLS either
  greeting: fail: no greeting within N s; it answers neither TLS nor HTTP
  N: the rest of the deadline
port B (starttls): ok=false no_greeting: 127.0.0.1:PORT accepted the connection but never sent an SMTP greeting, and does not speak TLS either
  greeting: fail: no greeting within N s; it answers neither TLS nor HTTP
  N: the rest of the deadline
scan: ok=false no_greeting: no port and mode tried works from here; recommended: null
elapsed and wall time within the deadline: yes
