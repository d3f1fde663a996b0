--TEST--
smtpdiag_probe(): a self-signed server certificate is cert_untrusted (verify code 18)
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['selfsigned_smtps'], ['security' => 'smtps', 'cafile' => $mta['ca'], 'timeout' => 5]);
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
var_dump(count($r['server']['tls']['chain']));
?>
--EXPECTF--
verdict: cert_untrusted
ok: false
within deadline: yes
first finding: cert_untrusted error
The certificate of localhost:%d is not trusted here: self-signed certificate (verify code 18)
fix: if the server's chain is incomplete or self-signed, fix the server (send the intermediate, use a public CA)
fix: if the CA store here is outdated, update it (apt-get install ca-certificates) or point openssl.cafile at a current bundle
fix: for a private CA, trust it explicitly: $mail->SMTPOptions = ['ssl' => ['cafile' => '/path/to/ca.pem']]; (not verify_peer => false)
target:pass dns:pass tcp:pass greeting:skip ehlo:skip starttls:skip tls:pass certificate:fail auth:skip quit:skip
certificate: fail: certificate for localhost (names: localhost, 127.0.0.1); Could not verify peer: code:18 self-signed certificate
int(18)
string(23) "self-signed certificate"
bool(true)
string(29) "CN=localhost,O=smtpdiag tests"
int(1)
bool(true)
int(1)
