--TEST--
smtpdiag_probe(): implicit TLS (security smtps) on Postfix's smtps listener is ok, the chain verified against the test CA
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['smtps'], ['security' => 'smtps', 'cafile' => $mta['ca'], 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
var_dump($r['fixes'], sd_findings($r));
echo sd_stages($r), "\n";
echo sd_check($r, 'starttls')['message'], "\n";
echo sd_check($r, 'certificate')['message'], "\n";
$t = $r['server']['tls'];
var_dump($t['version'] !== null, $t['verify']['code'], $t['verify']['name_matched'], $t['verify']['peer_name'], count($t['chain']));
var_dump($r['server']['banner'], $r['server']['starttls'], $r['server']['first_bytes'], $r['target']['security']);
var_dump(in_array('C: STARTTLS', $r['transcript'], true), $r['transcript'][2], end($r['transcript']));
echo $r['reproduce'], "\n";
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
target:pass dns:pass tcp:pass greeting:pass ehlo:pass starttls:skip tls:pass certificate:pass auth:skip quit:pass
implicit TLS: no STARTTLS
certificate for mail.smtpdiag.test (names: localhost, mail.smtpdiag.test, 127.0.0.1, ::1); verified, name localhost matched
bool(true)
int(0)
bool(true)
string(9) "localhost"
int(2)
string(33) "localhost ESMTP smtpdiag test MTA"
bool(false)
string(3) "tls"
string(5) "smtps"
bool(false)
string(40) "S: 220 localhost ESMTP smtpdiag test MTA"
string(16) "S: 221 2.0.0 Bye"
openssl s_client -connect 'localhost:%d' -servername 'localhost' -verify_return_error -CAfile '%s/ca.pem' -brief </dev/null
