--TEST--
smtpdiag_scan(): ports that connect but then stall (fixture 'silent') stay inside the one deadline together: timeout 2 ends within the deadline, not 2 s per port
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
    echo 'port ', $i + 1, ": {$row['verdict']}\n";
}
echo 'elapsed and wall time within the deadline: ', sd_deadline_kept(max($r['elapsed_ms'], $wall), 2000), "\n";
?>
--EXPECTF--
port 1: %s
port 2: %s
elapsed and wall time within the deadline: yes
