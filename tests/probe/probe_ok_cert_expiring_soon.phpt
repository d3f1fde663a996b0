--TEST--
smtpdiag_probe(): a certificate that expires in 10 days is ok, with a cert_expiring_soon warning
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['expiring_smtps'], ['security' => 'smtps', 'cafile' => $mta['ca'], 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
var_dump($r['fixes'], sd_own_codes($r));
$f = sd_findings($r)[0];
echo "{$f['severity']}: {$f['message']}\n";
$c = sd_check($r, 'certificate');
echo "certificate: {$c['status']}\n";
$days = (strtotime($r['server']['tls']['certificate']['not_after']) - time()) / 86400;
var_dump($days > 9 && $days <= 10);
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to localhost:%d (smtps) from this PHP process
array(0) {
}
array(1) {
  [0]=>
  string(18) "cert_expiring_soon"
}
warning: the server's certificate expires in %r(9|10)%r days (%sZ)
certificate: warn
bool(true)
