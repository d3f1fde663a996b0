--TEST--
smtpdiag_probe(): security none on Postfix's plain listener is ok, no TLS attempted and no warning
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['plain'], ['security' => 'none', 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
var_dump($r['fixes'], sd_findings($r));
echo sd_stages($r), "\n";
foreach (['starttls', 'tls', 'certificate'] as $n) {
    echo "$n: ", sd_check($r, $n)['message'], "\n";
}
var_dump($r['server']['starttls'], $r['server']['tls'], $r['target']['security']);
var_dump(in_array('C: STARTTLS', $r['transcript'], true), in_array('C: QUIT', $r['transcript'], true));
echo $r['reproduce'], "\n";
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to localhost:%d (none) from this PHP process
array(0) {
}
array(0) {
}
target:pass dns:pass tcp:pass greeting:pass ehlo:pass starttls:skip tls:skip certificate:skip auth:skip quit:pass
starttls: security none: no TLS
tls: not used in this mode
certificate: not used in this mode
bool(false)
NULL
string(4) "none"
bool(false)
bool(true)
nc -v 'localhost' %d
