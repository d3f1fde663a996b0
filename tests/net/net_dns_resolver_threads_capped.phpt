--TEST--
smtpdiag_probe() in a namespace whose resolver never answers: lookups that time out leave their threads behind, at most 16 per process; the next lookup waits for a slot within its own deadline, then is dns_failure saying too many lookups are still pending
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root();
// resolv.conf names 127.0.0.54, where nft drops port 53, and glibc waits 10 s for it: every lookup's
// thread outlives its probe.
$ns = sd_netns();
sd_netns_dns($ns, [], '127.0.0.54');
file_put_contents("/etc/netns/$ns/resolv.conf", "nameserver 127.0.0.54\noptions timeout:10 attempts:1\n");
sd_nft($ns, <<<NFT
table inet sdtest {
    chain input {
        type filter hook input priority 0; policy accept;
        ip daddr 127.0.0.54 udp dport 53 drop
        ip daddr 127.0.0.54 tcp dport 53 drop
    }
}
NFT);
[$out, $err] = sd_child(<<<'CODE'
$dns = function (array $r): string {
    foreach ($r['checks'] as $c) {
        if ($c['name'] === 'dns') {
            return $c['message'];
        }
    }
    return '?';
};
$timeouts = 0;
for ($i = 0; $i < 16; $i++) {
    $r = smtpdiag_probe("stall$i.smtpdiag.test", 587, ['timeout' => 0.1]);
    $timeouts += $r['verdict'] === 'dns_failure' && str_contains($dns($r), 'no answer from the resolver');
}
echo "16 lookups timed out: ", $timeouts === 16 ? 'yes' : "only $timeouts", "\n";
$t = hrtime(true);
$r = smtpdiag_probe('one-more.smtpdiag.test', 587, ['timeout' => 0.5]);
$ms = (hrtime(true) - $t) / 1e6;
echo "the 17th: {$r['verdict']}\n  dns: ", $dns($r), "\n";
echo '  waited its deadline and no more: ', $ms >= 450 && $ms < 1500 ? 'yes' : "NO ($ms ms)", "\n";
CODE, $ns);
echo $out, $err;
?>
--EXPECTF--
16 lookups timed out: yes
the 17th: dns_failure
  dns: one-more.smtpdiag.test: too many DNS lookups still pending (16 earlier ones have not returned)
  waited its deadline and no more: yes
