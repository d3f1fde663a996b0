--TEST--
smtpdiag_probe(): a certificate for another name is cert_name_mismatch, naming the certificate's names
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['wrongname_smtps'], ['security' => 'smtps', 'cafile' => $mta['ca'], 'timeout' => 5]);
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
var_dump($r['server']['tls']['verify']['peer_name'], $r['server']['tls']['certificate']['san']);
?>
--EXPECTF--
verdict: cert_name_mismatch
ok: false
within deadline: yes
first finding: cert_name_mismatch error
The certificate of localhost:%d does not name localhost: it is a certificate for other.example.net (names: other.example.net)
fix: use the host name the certificate names, e.g. the shared server's own name, in $mail->Host
fix: or, when connecting by address or alias, name the certificate's host: $mail->SMTPOptions = ['ssl' => ['peer_name' => 'name.on.the.certificate']];
target:pass dns:pass tcp:pass greeting:skip ehlo:skip starttls:skip tls:pass certificate:fail auth:skip quit:skip
certificate: fail: certificate for other.example.net (names: other.example.net); Peer certificate CN=`other.example.net' did not match expected CN=`localhost'
int(0)
string(2) "ok"
bool(false)
string(37) "O=smtpdiag tests,CN=other.example.net"
int(1)
bool(true)
string(9) "localhost"
array(1) {
  [0]=>
  string(17) "other.example.net"
}
