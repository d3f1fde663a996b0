--TEST--
smtpdiag_probe() in a namespace: IPv6 sorts first and its SYNs are dropped: PHP waits out the deadline on it, so port_blocked, though IPv4 works
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root();
// As net_ipv6_first_unreachable_then_ipv4, but nft drops the SYNs to 2001:db8::25: PHP's first address
// (IPv6) takes the whole 2 s limit and 127.0.0.1 is never tried, so PHPMailer fails although IPv4
// works. smtpdiag connects to both at once: the report shows 127.0.0.1 connected (php_tried false), the
// verdict is PHP's (port_blocked), and the first fix forces IPv4.
$ns = sd_netns();
sd_netns_dns($ns, ['dual.smtpdiag.test' => ['A' => ['127.0.0.1'], 'AAAA' => ['2001:db8::25']]]);
$fx = sd_fixture_start('nostarttls', null, $ns);
$port = $fx['port'];
sd_must(['ip', 'netns', 'exec', $ns, 'ip', '-6', 'addr', 'add', '2001:db8::1/64', 'dev', 'lo', 'nodad']);
sd_nft($ns, <<<NFT
table inet sdtest {
    chain output {
        type filter hook output priority 0; policy accept;
        ip6 daddr 2001:db8::25 tcp dport $port tcp flags & (syn | ack) == syn drop
    }
}
NFT);
$r = sd_child_probe("smtpdiag_probe('dual.smtpdiag.test', $port, ['timeout' => 2])", $ns);
sd_show($r, 2);
echo 'waited the deadline: ', $r['elapsed_ms'] >= 1990 ? 'yes' : 'NO (' . $r['elapsed_ms'] . ')', "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
$c = sd_check($r, 'dns');
echo "dns: {$c['status']}: {$c['message']}\n";
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: {$c['message']}\n";
foreach ($c['data'] as $a) {
    echo "  {$a['address']} (IPv{$a['family']}): {$a['outcome']}, ", $a['error'] ?? 'no error', ", php_tried ", var_export($a['php_tried'], true), "\n";
}
echo implode(' ', sd_codes($r)), "\n";
var_dump($r['transcript']);
echo $r['reproduce'], "\n";
?>
--EXPECTF--
verdict: port_blocked
ok: false
within deadline: yes
first finding: port_blocked error
waited the deadline: yes
Nothing answered the connection to dual.smtpdiag.test:%d within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets)
fix: IPv4 works but IPv6 does not: force IPv4 with $mail->SMTPOptions = ['socket' => ['bindto' => '0:0']];
fix: not verified (no time was left of the 2 s deadline): $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
fix: many providers accept 2525 as well; cloud hosts often block 25 (and some 465/587): ask the host to lift the block or use its relay
fix: lower $mail->Timeout (e.g. 15) so a blocked port does not hang the request for 300 s
target:pass environment:warn dns:pass tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
dns: pass: dual.smtpdiag.test has 2 addresses: 2001:db8::25, 127.0.0.1 (%f ms)
tcp: fail: 2001:db8::25 port %d: Connection timed out
  2001:db8::25 (IPv6): timeout, Connection timed out, php_tried true
  127.0.0.1 (IPv4): connected, no error, php_tried false
port_blocked no_default_route ipv6_failed
array(1) {
  [0]=>
  string(%d) "*: connect to 2001:db8::25 port %d: Connection timed out"
}
nc -vz -w 2 '2001:db8::25' %d
