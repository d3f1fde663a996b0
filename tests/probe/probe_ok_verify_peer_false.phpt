--TEST--
smtpdiag_probe(): verify_peer false connects to the self-signed server: ok, with a tls_verification_disabled warning
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['selfsigned_smtps'], ['security' => 'smtps', 'cafile' => $mta['ca'], 'verify_peer' => false, 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
var_dump($r['fixes']);
foreach (sd_findings($r) as $f) {
    echo "{$f['code']} {$f['severity']}: {$f['message']}\n";
}
$c = sd_check($r, 'certificate');
echo "certificate: {$c['status']}: {$c['message']}\n";
$v = $r['server']['tls']['verify'];
var_dump($v['verify_peer'], $v['code']);
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to localhost:%d (smtps) from this PHP process
array(0) {
}
tls_verification_disabled warning: certificate verification is disabled (verify_peer false): anyone on the path can read the mail and the password; trust the right CA with 'cafile' or 'peer_name' instead. As PHPMailer does, smtpdiag went on over the unverified session (EHLO, AUTH when credentials are given, QUIT)
certificate: warn: certificate for localhost (names: localhost, 127.0.0.1); verification of the chain is off (verify self-signed certificate)
bool(false)
int(18)
