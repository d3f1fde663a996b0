--TEST--
smtpdiag_scan() in a namespace: two listening fixtures and two ports whose SYNs nft drops, timeout 2: one timeout in all (not two), the fixtures ok, the dropped ports port_blocked, a recommendation
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['ip', 'netns', 'nft']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['ip', 'netns', 'nft']);
$ns = sd_netns();
$a = sd_fixture_start('nostarttls', null, $ns)['port'];
$b = sd_fixture_start('nostarttls', null, $ns)['port'];
// Two more ports, nothing listening: without the rule they would be refused at once; with it every SYN
// is dropped on the way in, as behind a dropping firewall.
[$c, $d] = array_values(array_diff([40025, 40026, 40027, 40028], [$a, $b]));
sd_nft($ns, <<<NFT
table inet sdtest {
    chain input {
        type filter hook input priority 0; policy accept;
        iifname "lo" tcp dport { $c, $d } tcp flags & (syn | ack) == syn drop
    }
}
NFT);
$r = sd_child_probe("(function () { \$t = hrtime(true); \$r = smtpdiag_scan('127.0.0.1', ['ports' => [$a, $c, $b, $d], 'timeout' => 2]);"
    . " \$r['wall_ms'] = (hrtime(true) - \$t) / 1e6; return \$r; })()", $ns);
$name = [$a => 'A', $b => 'B', $c => 'C', $d => 'D'];
foreach ($r['ports'] as $row) {
    printf("%s: ok=%s %s\n", $name[$row['port']], var_export($row['ok'], true), $row['verdict']);
}
echo 'one timeout for the dropped ports together (elapsed and wall time within the deadline): ',
    sd_deadline_kept(max($r['elapsed_ms'], $r['wall_ms']), 2000), "\n";
echo 'the dropped ports waited the timeout (at least 1.9 s): ', $r['elapsed_ms'] >= 1900 ? 'yes' : "NO ({$r['elapsed_ms']} ms)", "\n";
echo 'dropped rows say so in their tcp check: ', implode(' ', array_map(fn($row) => sd_check($row['report'], 'tcp')['status'],
    array_values(array_filter($r['ports'], fn($row) => $row['port'] === $c || $row['port'] === $d)))), "\n";
var_dump($r['ok'], $r['verdict']);
echo 'recommended: ', $r['recommended'] === null ? 'none' : (in_array($r['recommended']['port'], [$a, $b], true) ? 'A or B' : 'OTHER ' . $r['recommended']['port']), "\n";
?>
--EXPECT--
A: ok=true ok
C: ok=false port_blocked
B: ok=true ok
D: ok=false port_blocked
one timeout for the dropped ports together (elapsed and wall time within the deadline): yes
the dropped ports waited the timeout (at least 1.9 s): yes
dropped rows say so in their tcp check: fail fail
bool(true)
string(2) "ok"
recommended: A or B
