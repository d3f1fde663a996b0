--TEST--
smtpdiag_probe(): the intercepting server probed as 'localhost' (no domain to compare) is a plain cert_name_mismatch
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['intercept_submission'], ['security' => 'starttls', 'cafile' => $mta['ca'], 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
$c = sd_check($r, 'certificate');
echo "certificate: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['name'], sd_own_codes($r));
?>
--EXPECTF--
verdict: cert_name_mismatch
ok: false
within deadline: yes
first finding: cert_name_mismatch error
The certificate of localhost:%d does not name localhost: it is a certificate for mx.hosting-provider.test (names: mx.hosting-provider.test)
fix: use the host name the certificate names, e.g. the shared server's own name, in $mail->Host
fix: or, when connecting by address or alias, name the certificate's host: $mail->SMTPOptions = ['ssl' => ['peer_name' => 'name.on.the.certificate']];
certificate: fail: certificate for mx.hosting-provider.test (names: mx.hosting-provider.test); Peer certificate CN=`mx.hosting-provider.test' did not match expected CN=`localhost'
string(24) "mx.hosting-provider.test"
array(1) {
  [0]=>
  string(18) "cert_name_mismatch"
}
