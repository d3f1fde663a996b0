--TEST--
smtpdiag_probe() in a namespace: SYNs dropped on OUTPUT (nft) are port_blocked too, not local_policy_denied
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root();
// A fixture listens; nft drops the SYNs to its port in the OUTPUT chain, on their way out of this process.
// Linux does not fail connect() with EPERM for that: the kernel retransmits until the timeout, exactly as
// for a drop on the way. So a local OUTPUT drop is port_blocked, not
// local_policy_denied: smtpdiag cannot tell it from a remote drop, and the summary names "a firewall".
$ns = sd_netns();
$fx = sd_fixture_start('nostarttls', null, $ns);
$port = $fx['port'];
sd_nft($ns, <<<NFT
table inet sdtest {
    chain output {
        type filter hook output priority 0; policy accept;
        oifname "lo" tcp dport $port tcp flags & (syn | ack) == syn drop
    }
}
NFT);
$r = sd_child_probe("smtpdiag_probe('127.0.0.1', $port, ['timeout' => 2])", $ns);
sd_show($r, 2);
echo 'waited the deadline: ', $r['elapsed_ms'] >= 1990 && $r['elapsed_ms'] <= 2100 ? 'yes' : 'NO (' . $r['elapsed_ms'] . ')', "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
$all = implode("\n", $r['fixes']);
echo 'fixes name 465/587 and 2525: ', str_contains($all, '465') && str_contains($all, '2525') ? 'yes' : 'no', "\n";
echo implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: {$c['message']}\n";
foreach ($c['data'] as $a) {
    echo "  {$a['address']} (IPv{$a['family']}): {$a['outcome']}, {$a['error']}, php_tried ", var_export($a['php_tried'], true), "\n";
}
var_dump($r['transcript']);
echo $r['reproduce'], "\n";
?>
--EXPECTF--
verdict: port_blocked
ok: false
within deadline: yes
first finding: port_blocked error
waited the deadline: yes
Nothing answered the connection to 127.0.0.1:%d within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets)
fix: not verified (no time was left of the 2 s deadline): $mail->Port = 25; $mail->SMTPSecure = '';
fix: many providers accept 2525 as well; cloud hosts often block 25 (and some 465/587): ask the host to lift the block or use its relay
fix: lower $mail->Timeout (e.g. 15) so a blocked port does not hang the request for 300 s
fixes name 465/587 and 2525: yes
target:pass environment:warn dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
tcp: fail: 127.0.0.1 port %d: Connection timed out
  127.0.0.1 (IPv4): timeout, Connection timed out, php_tried true
array(1) {
  [0]=>
  string(%d) "*: connect to 127.0.0.1 port %d: Connection timed out"
}
nc -vz -w 2 '127.0.0.1' %d
