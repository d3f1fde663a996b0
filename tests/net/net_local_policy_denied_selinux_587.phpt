--TEST--
smtpdiag_probe() in a namespace, SELinux enforcing (look-alike) and connect() denied to port 587: the summary names SELinux, the fixes the setsebool lines
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
// The denial is real (Landlock: EACCES, as SELinux gives); SELinux is a look-alike saying enforcing with
// httpd_can_sendmail and httpd_can_network_connect off. Port 587 is an SMTP port, so httpd_can_sendmail
// (which allows 25, 465 and 587) comes first, then httpd_can_network_connect. Nothing needs to listen on
// 587: Landlock refuses the connect() before any packet leaves. The fixture, on the one allowed port,
// shows that the process can connect where the policy allows it.
$ns = sd_netns();
$fx = sd_fixture_start('nostarttls', null, $ns);
[$ok, $r] = net_selinux_child_probe("[smtpdiag_probe('127.0.0.1', {$fx['port']}, ['timeout' => 2]), "
    . "smtpdiag_probe('127.0.0.1', 587, ['timeout' => 2])]", $ns, [$fx['port']],
    ['httpd_can_network_connect' => 0, 'httpd_can_sendmail' => 0]);
echo "allowed port: {$ok['verdict']}\n";
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
foreach ($r['findings'] as $f) {
    echo "finding: {$f['code']} {$f['severity']}\n";
}
var_dump($r['environment']['selinux']);
echo $r['reproduce'], "\n";
?>
--EXPECT--
allowed port: ok
verdict: local_policy_denied
ok: false
within deadline: yes
first finding: local_policy_denied error
fast: yes
This machine refused the connection to 127.0.0.1:587 itself (Permission denied): SELinux denies this process network access
fix: setsebool -P httpd_can_sendmail 1
fix: setsebool -P httpd_can_network_connect 1
target:pass dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
tcp: fail: 127.0.0.1 port 587: Permission denied
  127.0.0.1 (IPv4): denied, Permission denied, php_tried true
finding: local_policy_denied error
finding: local_policy_denied warning
array(3) {
  ["mode"]=>
  string(9) "enforcing"
  ["context"]=>
  NULL
  ["booleans"]=>
  array(2) {
    ["httpd_can_network_connect"]=>
    bool(false)
    ["httpd_can_sendmail"]=>
    bool(false)
  }
}
ausearch -m avc -ts recent | grep name_connect
