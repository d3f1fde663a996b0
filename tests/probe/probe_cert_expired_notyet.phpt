--TEST--
smtpdiag_probe(): a server certificate that is not yet valid is cert_expired, and the summary says not yet valid
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['notyet_smtps'], ['security' => 'smtps', 'cafile' => $mta['ca'], 'timeout' => 5]);
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
$leaf = $r['server']['tls']['certificate'];
var_dump(strtotime($leaf['not_before']) > time());
?>
--EXPECTF--
verdict: cert_expired
ok: false
within deadline: yes
first finding: cert_expired error
The certificate of localhost:%d is not yet valid (certificate is not yet valid; valid %sZ to %sZ)
fix: the server's certificate must be renewed by its operator
fix: check this machine's clock too (date -u): a wrong clock makes valid certificates look expired or not yet valid
target:pass dns:pass tcp:pass greeting:skip ehlo:skip starttls:skip tls:pass certificate:fail auth:skip quit:skip
certificate: fail: certificate for mail.smtpdiag.test (names: localhost, mail.smtpdiag.test, 127.0.0.1, ::1); Could not verify peer: code:9 certificate is not yet valid
int(9)
string(28) "certificate is not yet valid"
bool(true)
string(38) "O=smtpdiag tests,CN=mail.smtpdiag.test"
int(1)
bool(true)
bool(true)
