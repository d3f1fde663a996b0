--TEST--
smtpdiag_probe() in a namespace, SELinux enforcing (look-alike) and connect() denied to a non-SMTP port: only httpd_can_network_connect is offered
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_skipif_root(['ip', 'netns', 'landlock', 'unshare', 'mount']);
?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
require __DIR__ . '/net_selinux.inc';
sd_require_root(['ip', 'netns', 'landlock', 'unshare', 'mount']);
// As net_local_policy_denied_selinux_587, but the denied port is a fixture's (listening, random, not
// 25/465/587): httpd_can_sendmail does not cover it, so the only fix is httpd_can_network_connect.
$ns = sd_netns();
$allowed = sd_fixture_start('nostarttls', null, $ns);
$denied = sd_fixture_start('nostarttls', null, $ns);
$r = net_selinux_child_probe("smtpdiag_probe('127.0.0.1', {$denied['port']}, ['timeout' => 2])", $ns,
    [$allowed['port']], ['httpd_can_network_connect' => 0, 'httpd_can_sendmail' => 0]);
sd_show($r, 2);
echo 'fast: ', sd_deadline_kept($r['elapsed_ms'], 500), "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: {$c['message']}\n";
foreach ($c['data'] as $a) {
    echo "  {$a['address']} (IPv{$a['family']}): {$a['outcome']}, {$a['error']}, php_tried ", var_export($a['php_tried'], true), "\n";
}
var_dump($r['environment']['selinux']['mode']);
echo $r['reproduce'], "\n";
?>
--EXPECTF--
verdict: local_policy_denied
ok: false
within deadline: yes
first finding: local_policy_denied error
fast: yes
This machine refused the connection to 127.0.0.1:%d itself (Permission denied): SELinux denies this process network access
fix: setsebool -P httpd_can_network_connect 1
target:pass dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
tcp: fail: 127.0.0.1 port %d: Permission denied
  127.0.0.1 (IPv4): denied, Permission denied, php_tried true
string(9) "enforcing"
ausearch -m avc -ts recent | grep name_connect
