--TEST--
smtpdiag_probe(): mail.smtpdiag.test answered by a server whose banner and certificate name mx.hosting-provider.test is smtp_intercepted
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('mail.smtpdiag.test', $mta['ports']['intercept_submission'],
    ['security' => 'starttls', 'connect_to' => '127.0.0.1', 'cafile' => $mta['ca'], 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
echo sd_check($r, 'dns')['message'], "\n";
$c = sd_check($r, 'certificate');
echo "certificate: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['name'], $r['server']['ehlo_domain'], $r['server']['tls']['certificate']['san'],
    $r['server']['tls']['verify']['name_matched'], $r['target']['addresses'], count(sd_findings($r)));
?>
--EXPECTF--
verdict: smtp_intercepted
ok: false
within deadline: yes
first finding: smtp_intercepted error
The connection to mail.smtpdiag.test:%d reached another server (mx.hosting-provider.test, certificate for mx.hosting-provider.test): this host redirects outgoing SMTP to its own mail server
fix: turn off the redirection (cPanel/WHM "SMTP Restrictions", CSF SMTP_BLOCK) or ask the host to
fix: or send through the host's own mail server with its credentials
target:pass dns:skip tcp:pass greeting:pass ehlo:pass starttls:pass tls:pass certificate:fail auth:skip quit:skip
connect_to 127.0.0.1: the name is not resolved
certificate: fail: certificate for mx.hosting-provider.test (names: mx.hosting-provider.test); Peer certificate CN=`mx.hosting-provider.test' did not match expected CN=`mail.smtpdiag.test'
string(24) "mx.hosting-provider.test"
string(24) "mx.hosting-provider.test"
array(1) {
  [0]=>
  string(24) "mx.hosting-provider.test"
}
bool(false)
array(1) {
  [0]=>
  string(9) "127.0.0.1"
}
int(1)
