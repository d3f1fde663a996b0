--TEST--
smtpdiag_probe(): a server that sends its leaf without the intermediate is cert_untrusted (verify code 20, then 21)
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['nointermediate_smtps'], ['security' => 'smtps', 'cafile' => $mta['ca'], 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'certificate');
echo "certificate: {$c['status']}: {$c['message']}\n";
$v = $r['server']['tls']['verify'];
var_dump($v['code'], $v['text'], $v['name_matched'], $r['server']['tls']['certificate']['subject']);
var_dump(count(sd_findings($r)), preg_grep('/^C: /', $r['transcript']) === []);   // nothing said over the unverified session
var_dump(count($r['server']['tls']['chain']), array_column($r['server']['tls']['verify']['errors'], 'code'));
?>
--EXPECTF--
verdict: cert_untrusted
ok: false
within deadline: yes
first finding: cert_untrusted error
The certificate of localhost:%d is not trusted here: unable to get local issuer certificate (verify code 20)
fix: if the server's chain is incomplete or self-signed, fix the server (send the intermediate, use a public CA)
fix: if the CA store here is outdated, update it (apt-get install ca-certificates) or point openssl.cafile at a current bundle
fix: for a private CA, trust it explicitly: $mail->SMTPOptions = ['ssl' => ['cafile' => '/path/to/ca.pem']]; (not verify_peer => false)
target:pass dns:pass tcp:pass greeting:skip ehlo:skip starttls:skip tls:pass certificate:fail auth:skip quit:skip
certificate: fail: certificate for mail.smtpdiag.test (names: localhost, mail.smtpdiag.test, 127.0.0.1, ::1); Could not verify peer: code:20 unable to get local issuer certificate
int(20)
string(38) "unable to get local issuer certificate"
bool(true)
string(38) "O=smtpdiag tests,CN=mail.smtpdiag.test"
int(1)
bool(true)
int(1)
array(2) {
  [0]=>
  int(20)
  [1]=>
  int(21)
}
