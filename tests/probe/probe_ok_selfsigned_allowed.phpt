--TEST--
smtpdiag_probe(): allow_self_signed accepts the self-signed certificate: ok, no findings
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['selfsigned_smtps'], ['security' => 'smtps', 'cafile' => $mta['ca'], 'allow_self_signed' => true, 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
var_dump($r['fixes'], sd_findings($r));
$c = sd_check($r, 'certificate');
echo "certificate: {$c['status']}\n";
$v = $r['server']['tls']['verify'];
var_dump($v['code'], $v['name_matched'], $v['php_message']);
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to localhost:%d (smtps) from this PHP process
array(0) {
}
array(0) {
}
certificate: warn
int(18)
bool(true)
NULL
