--TEST--
smtpdiag_probe(): a server certificate that is not yet valid is cert_expired, and the summary says not yet valid in OpenSSL's words
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
// OpenSSL's own words for a certificate not yet valid (verify code 9; OpenSSL 3.6 added "or the system
// clock is incorrect"), as this OpenSSL's openssl verify says them: shown as OPENSSL_TEXT
$bundle = "{$mta['certs']}/notyet.bundle.pem";
[$out, $err] = sd_run(['openssl', 'verify', '-CAfile', $mta['ca'], '-untrusted', $bundle, $bundle]);
$said = preg_match('/error 9 at \d+ depth lookup: ?(.+)/', $out . $err, $m) ? trim($m[1]) : '(openssl verify said no error 9)';
$as = static fn(string $s): string => str_replace($said, 'OPENSSL_TEXT', $s);
echo $as($r['summary']), "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'certificate');
echo "certificate: {$c['status']}: ", $as($c['message']), "\n";
$v = $r['server']['tls']['verify'];
var_dump($v['code'], $as($v['text']), $v['name_matched'], $r['server']['tls']['certificate']['subject']);
var_dump(count(sd_findings($r)), preg_grep('/^C: /', $r['transcript']) === []);   // nothing said over the unverified session
$leaf = $r['server']['tls']['certificate'];
var_dump(strtotime($leaf['not_before']) > time());
?>
--EXPECTF--
verdict: cert_expired
ok: false
within deadline: yes
first finding: cert_expired error
The certificate of localhost:%d is not yet valid (OPENSSL_TEXT; valid %sZ to %sZ)
fix: the server's certificate must be renewed by its operator
fix: check this machine's clock too (date -u): a wrong clock makes valid certificates look expired or not yet valid
target:pass dns:pass tcp:pass greeting:skip ehlo:skip starttls:skip tls:pass certificate:fail auth:skip quit:skip
certificate: fail: certificate for mail.smtpdiag.test (names: localhost, mail.smtpdiag.test, 127.0.0.1, ::1); Could not verify peer: code:9 OPENSSL_TEXT
int(9)
string(12) "OPENSSL_TEXT"
bool(true)
string(38) "O=smtpdiag tests,CN=mail.smtpdiag.test"
int(1)
bool(true)
bool(true)
