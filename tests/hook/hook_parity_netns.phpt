--TEST--
smtpdiag_phpmailer() parity with PHPMailer's smtpConnect() where the network decides, in a namespace: a name that resolves and works, NXDOMAIN, a dead resolver, a port whose SYNs are dropped, a refused port
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; sd_skipif_root(['ip', 'netns', 'nft', 'dnsmasq', 'phpmailer']); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
sd_require_root(['ip', 'netns', 'nft', 'dnsmasq', 'phpmailer']);
hk_load();
// dnsmasq answers for smtpdiag.test on 127.0.0.53; 127.0.0.54 is a second "name server" whose port 53
// nft drops (a dead resolver, for a second namespace). Port $drop's SYNs are dropped on lo.
$ns = sd_netns();
sd_netns_dns($ns, ['mail.smtpdiag.test' => ['A' => ['127.0.0.1']]]);
$fx = sd_fixture_start('nostarttls', null, $ns);
[$drop, $closed] = sd_free_ports(2);
sd_nft($ns, <<<NFT
table inet sdtest {
    chain input {
        type filter hook input priority 0; policy accept;
        iifname "lo" tcp dport $drop tcp flags & (syn | ack) == syn drop
    }
}
NFT);
$dead = sd_netns();
sd_netns_dns($dead, ['mail.smtpdiag.test' => ['A' => ['127.0.0.1']]], '127.0.0.54');
sd_nft($dead, <<<NFT
table inet sdtest {
    chain input {
        type filter hook input priority 0; policy accept;
        ip daddr 127.0.0.54 udp dport 53 drop
        ip daddr 127.0.0.54 tcp dport 53 drop
    }
}
NFT);

// Each scenario runs in a child inside the namespace: PHPMailer's smtpConnect() and smtpdiag_phpmailer()
// on the same configuration, as hk_parity() prints them. The namespace has no default route: a finding.
$base = ['SMTPSecure' => '', 'SMTPAutoTLS' => false, 'Timeout' => 2];
$scenarios = [
    [$ns, 'a name that resolves, a server that answers', ['Host' => 'mail.smtpdiag.test', 'Port' => $fx['port']]],
    [$ns, 'NXDOMAIN', ['Host' => 'nosuch.smtpdiag.test', 'Port' => $fx['port']]],
    [$dead, 'a resolver that never answers', ['Host' => 'mail.smtpdiag.test', 'Port' => $fx['port']]],
    [$ns, 'SYNs dropped', ['Host' => '127.0.0.1', 'Port' => $drop]],
    [$ns, 'nothing listens', ['Host' => '127.0.0.1', 'Port' => $closed]],
    [$ns, 'a dropped entry, then a working one', ['Host' => "127.0.0.1:$drop;mail.smtpdiag.test", 'Port' => $fx['port']]],
];
$lib = var_export(__DIR__ . '/hook_lib.inc', true);
foreach ($scenarios as [$where, $label, $cfg]) {
    $code = "require $lib; \$r = hk_parity(" . var_export($label, true) . ', ' . var_export($cfg + $base, true) . ');'
        . ' echo "  findings: ", implode(" ", array_map(fn($f) => $f["code"], $r["findings"])), "\n";';
    [$out, $err, $rc] = sd_child($code, $where);
    echo $out, $rc === 0 && $err === '' ? '' : "  child: exit $rc $err\n";
}
?>
--EXPECT--
a name that resolves, a server that answers
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  findings: cleartext_configured
NXDOMAIN
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=dns_not_found
  parity: yes
  findings: dns_not_found no_default_route cleartext_configured
a resolver that never answers
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=dns_failure
  parity: yes
  findings: dns_failure no_default_route cleartext_configured
SYNs dropped
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=port_blocked
  parity: yes
  findings: port_blocked cleartext_configured
nothing listens
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=connection_refused
  parity: yes
  findings: connection_refused cleartext_configured
a dropped entry, then a working one
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  findings: cleartext_configured cleartext_configured
