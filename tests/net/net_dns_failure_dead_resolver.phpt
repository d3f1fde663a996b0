--TEST--
smtpdiag_probe() in a namespace: a name server whose port 53 drops everything is dns_failure, EAI_AGAIN after about 1 s
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['ip', 'netns', 'nft', 'dnsmasq']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['ip', 'netns', 'nft', 'dnsmasq']);
// resolv.conf names 127.0.0.54 (options timeout:1 attempts:1), where nft drops port 53 over UDP and TCP:
// glibc waits its one second and gives up with EAI_AGAIN ("Temporary failure in name resolution").
// The dnsmasq on 127.0.0.53 would know the name, but nobody asks it.
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
$r = sd_child_probe("smtpdiag_probe('mail.smtpdiag.test', 587, ['timeout' => 3])", $ns);
sd_show($r, 3);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'dns');
echo "dns: {$c['status']}: {$c['message']}\n";
$d = $c['data'];
var_dump($d['gai_name'], $d['gai_text'], $d['addresses'], $d['nameservers'], $d['resolver_options']);
echo 'resolver gave up after about 1 s: ', $d['ms'] >= 900 ? sd_deadline_kept($d['ms'], 1500) : 'NO (' . $d['ms'] . ')', "\n";
echo 'probe ended then: ', sd_deadline_kept($r['elapsed_ms'] - $d['ms'], 0), "\n";
echo $r['reproduce'], "\n";
?>
--EXPECTF--
verdict: dns_failure
ok: false
within deadline: yes
first finding: dns_failure error
The resolver of this machine failed to look up mail.smtpdiag.test (Temporary failure in name resolution (EAI_AGAIN) after %d ms)
fix: check the name servers in /etc/resolv.conf (for containers and chroots, the resolv.conf they see) and that this machine may reach them on port 53
fix: as a stopgap, connect by address and keep the name for TLS: $mail->Host = '<IP>'; $mail->SMTPOptions = ['ssl' => ['peer_name' => 'mail.smtpdiag.test']];
target:pass dns:fail tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
dns: fail: mail.smtpdiag.test: Temporary failure in name resolution (EAI_AGAIN)
string(9) "EAI_AGAIN"
string(36) "Temporary failure in name resolution"
array(0) {
}
array(1) {
  [0]=>
  string(10) "127.0.0.54"
}
string(20) "timeout:1 attempts:1"
resolver gave up after about 1 s: yes
probe ended then: yes
getent ahosts 'mail.smtpdiag.test'
