--TEST--
smtpdiag_probe(): peer_name set to the certificate's name makes the wrong-name server ok
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['wrongname_smtps'], ['security' => 'smtps', 'cafile' => $mta['ca'], 'peer_name' => 'other.example.net', 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
var_dump($r['fixes'], sd_findings($r), $r['target']['peer_name']);
$c = sd_check($r, 'certificate');
echo "certificate: {$c['status']}: {$c['message']}\n";
$v = $r['server']['tls']['verify'];
var_dump($v['peer_name'], $v['name_matched']);
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
string(17) "other.example.net"
certificate: pass: certificate for other.example.net (names: other.example.net); verified, name other.example.net matched
string(17) "other.example.net"
bool(true)
