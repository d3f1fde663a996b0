--TEST--
smtpdiag_environment() and smtpdiag_probe() in a namespace whose only default route is IPv6 (a veth pair with 2001:db8:6::2/64, default via 2001:db8:6::1): the no_ipv4_route warning, and an IPv4-only target is network_unreachable with that warning after the verdict
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root();
$ns = sd_netns();
foreach ([['ip', 'link', 'add', 'sd6', 'type', 'veth', 'peer', 'name', 'sd6p'], ['ip', 'link', 'set', 'sd6', 'up'],
        ['ip', 'link', 'set', 'sd6p', 'up'], ['ip', '-6', 'addr', 'add', '2001:db8:6::2/64', 'dev', 'sd6', 'nodad'],
        ['ip', '-6', 'route', 'add', 'default', 'via', '2001:db8:6::1', 'dev', 'sd6']] as $cmd) {
    sd_must(array_merge(['ip', 'netns', 'exec', $ns], $cmd));
}
echo 'IPv4 routes: ', trim(sd_must(['ip', 'netns', 'exec', $ns, 'ip', '-4', 'route'])) === '' ? 'none' : 'SOME', "\n";

[$out, $err] = sd_child('echo json_encode(smtpdiag_environment());', $ns);
$e = json_decode($out, true) ?? throw new RuntimeException("child failed: $err$out");
printf("environment: ok=%s verdict=%s: %s\n", var_export($e['ok'], true), $e['verdict'], $e['summary']);
echo 'routes: ', json_encode($e['routes']), "\n";
$c = array_column($e['checks'], null, 'name')['routes'];
echo "routes check: {$c['status']}: {$c['message']}\n";
foreach ($e['findings'] as $f) {
    echo "finding: {$f['code']} {$f['severity']}: {$f['message']}\n";
}

// 192.0.2.25 (TEST-NET-1) has no IPv6 address: nothing leads there.
$r = sd_child_probe("smtpdiag_probe('192.0.2.25', 587, ['timeout' => 2])", $ns);
echo "\n";
sd_show($r, 2);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
foreach ($r['findings'] as $f) {
    echo "finding: {$f['code']} {$f['severity']}: {$f['message']}\n";
}
foreach (['environment', 'tcp'] as $name) {
    $c = sd_check($r, $name);
    echo "$name: {$c['status']}: {$c['message']}\n";
}
echo 'routes in the report: ', json_encode($r['environment']['routes']), "\n";
?>
--EXPECT--
IPv4 routes: none
environment: ok=true verdict=ok: PHP can open SMTP connections from this process; see the warnings
routes: {"ipv4":false,"ipv6":true}
routes check: warn: IPv6 default route only; no IPv4 default route
finding: no_ipv4_route warning: no IPv4 default route: mail servers reachable only over IPv4 are out of reach

verdict: network_unreachable
ok: false
within deadline: yes
first finding: network_unreachable error
There is no route from this machine to 192.0.2.25 (192.0.2.25, Network is unreachable)
fix: check the machine's default route and any firewall answering with "no route"; some hosts block outgoing SMTP this way
finding: network_unreachable error: There is no route from this machine to 192.0.2.25 (192.0.2.25, Network is unreachable)
finding: no_ipv4_route warning: no IPv4 default route: mail servers reachable only over IPv4 are out of reach
environment: warn: PHP can open this connection; see the environment findings
tcp: fail: 192.0.2.25 port 587: Network is unreachable
routes in the report: {"ipv4":false,"ipv6":true}
