--TEST--
smtpdiag_probe() in a namespace: a 0.5 s deadline holds against a resolver that takes 1 s; the resolver thread ends on its own
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['ip', 'netns', 'nft', 'dnsmasq']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['ip', 'netns', 'nft', 'dnsmasq']);
// As net_dns_failure_dead_resolver: glibc needs 1 s to give up. The probe's deadline is 0.5 s: it must
// return dns_failure by its deadline, leaving getaddrinfo() to its detached thread, which ends by itself when
// glibc gives up (the child counts its threads in /proc/self/task right after the probe and 1.5 s later).
$ns = sd_netns();
sd_netns_dns($ns, ['mail.smtpdiag.test' => ['A' => ['127.0.0.1']]], '127.0.0.54');
sd_nft($ns, <<<NFT
table inet sdtest {
    chain input {
        type filter hook input priority 0; policy accept;
        ip daddr 127.0.0.54 udp dport 53 drop
        ip daddr 127.0.0.54 tcp dport 53 drop
    }
}
NFT);
$r = sd_child_probe("(function () {
    \$r = smtpdiag_probe('mail.smtpdiag.test', 587, ['timeout' => 0.5]);
    \$r['threads_after_probe'] = count(glob('/proc/self/task/*'));
    usleep(1500000);
    \$r['threads_later'] = count(glob('/proc/self/task/*'));
    return \$r;
})()", $ns);
sd_show($r, 0.5);
echo 'returned by the deadline: ', sd_deadline_kept($r['elapsed_ms'], 500), "\n";
echo 'not before the deadline: ', $r['elapsed_ms'] >= 490 ? 'yes' : 'NO (' . $r['elapsed_ms'] . ')', "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'dns');
echo "dns: {$c['status']}: {$c['message']}\n";
$d = $c['data'];
var_dump($d['gai_name'], $d['gai_code'], $d['addresses'], $d['nameservers']);
// main thread + the resolver thread still in getaddrinfo(); then the main thread alone
var_dump($r['threads_after_probe'], $r['threads_later']);
?>
--EXPECTF--
verdict: dns_failure
ok: false
within deadline: yes
first finding: dns_failure error
returned by the deadline: yes
not before the deadline: yes
The resolver of this machine failed to look up mail.smtpdiag.test (no answer from the resolver within the deadline (%d ms) after %d ms)
fix: check the name servers in /etc/resolv.conf (for containers and chroots, the resolv.conf they see) and that this machine may reach them on port 53
fix: as a stopgap, connect by address and keep the name for TLS: $mail->Host = '<IP>'; $mail->SMTPOptions = ['ssl' => ['peer_name' => 'mail.smtpdiag.test']];
target:pass dns:fail tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
dns: fail: mail.smtpdiag.test: no answer from the resolver within the deadline (%d ms)
NULL
int(0)
array(0) {
}
array(1) {
  [0]=>
  string(10) "127.0.0.54"
}
int(2)
int(1)
