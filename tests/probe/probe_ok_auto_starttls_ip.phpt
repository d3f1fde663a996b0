--TEST--
smtpdiag_probe(): auto with Host 127.0.0.1 on submission uses the offered STARTTLS (only Host 'localhost' keeps PHPMailer from it) and is ok
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('127.0.0.1', $mta['ports']['submission'], ['cafile' => $mta['ca'], 'helo' => 'client.smtpdiag.test', 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
var_dump($r['fixes'], sd_findings($r));
echo sd_stages($r), "\n";
echo sd_check($r, 'dns')['message'], "\n";
echo sd_check($r, 'starttls')['message'], "\n";
echo sd_check($r, 'certificate')['message'], "\n";
var_dump($r['target']['host_kind'], $r['target']['security'], $r['server']['starttls'], $r['server']['tls']['version'] !== null,
    $r['server']['tls']['verify']['peer_name'], $r['server']['tls']['verify']['matched_by']);
var_dump(in_array('C: STARTTLS', $r['transcript'], true), count(array_keys($r['transcript'], 'C: EHLO client.smtpdiag.test', true)));
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
array(0) {
}
array(0) {
}
target:pass dns:skip tcp:pass greeting:pass ehlo:pass starttls:pass tls:pass certificate:pass auth:skip quit:pass
127.0.0.1 is an address: nothing to resolve
220 Ready to start TLS
certificate for mail.smtpdiag.test (names: localhost, mail.smtpdiag.test, 127.0.0.1, ::1); verified, name 127.0.0.1 matched
string(4) "ipv4"
string(4) "auto"
bool(true)
bool(true)
string(9) "127.0.0.1"
string(3) "san"
bool(true)
int(2)
