--TEST--
smtpdiag_probe() in a namespace under Landlock: connect() refused by the local policy (EACCES) is local_policy_denied at once
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root();
// Two fixtures listen on 127.0.0.1; the child PHP may connect (Landlock) only to the first one's port.
// The second connect() fails with EACCES "Permission denied" before any packet leaves, as under an
// SELinux name_connect denial. No SELinux here: the summary and fixes speak of a local policy.
$ns = sd_netns();
$allowed = sd_fixture_start('nostarttls', null, $ns);
$denied = sd_fixture_start('nostarttls', null, $ns);
[$ok, $r] = sd_child_probe("[smtpdiag_probe('127.0.0.1', {$allowed['port']}, ['timeout' => 2]), "
    . "smtpdiag_probe('127.0.0.1', {$denied['port']}, ['timeout' => 2])]", $ns, [$allowed['port']]);
echo "allowed port: {$ok['verdict']}\n";
sd_show($r, 2);
echo 'fast: ', $r['elapsed_ms'] < 500 ? 'yes' : 'NO (' . $r['elapsed_ms'] . ')', "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: {$c['message']}\n";
foreach ($c['data'] as $a) {
    echo "  {$a['address']} (IPv{$a['family']}): {$a['outcome']}, {$a['error']}, php_tried ", var_export($a['php_tried'], true), "\n";
}
var_dump($r['environment']['selinux']['mode'], $r['transcript']);
echo $r['reproduce'], "\n";
?>
--EXPECTF--
allowed port: ok
verdict: local_policy_denied
ok: false
within deadline: yes
first finding: local_policy_denied error
fast: yes
This machine refused the connection to 127.0.0.1:%d itself (Permission denied): a local security policy or packet filter blocks this process
fix: look for rules on outgoing SMTP for the PHP user: iptables/nftables OUTPUT rules with --uid-owner, CSF SMTP_BLOCK, cPanel "SMTP Restrictions", AppArmor or Landlock profiles
target:pass environment:warn dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
tcp: fail: 127.0.0.1 port %d: Permission denied
  127.0.0.1 (IPv4): denied, Permission denied, php_tried true
string(6) "absent"
array(1) {
  [0]=>
  string(%d) "*: connect to 127.0.0.1 port %d: Permission denied"
}
nc -vz -w 2 '127.0.0.1' %d
