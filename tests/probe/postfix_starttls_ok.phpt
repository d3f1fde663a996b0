--TEST--
smtpdiag_probe(): a real Postfix with STARTTLS on submission is ok, with the whole report filled in
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['submission'], ['security' => 'starttls', 'cafile' => $mta['ca'], 'timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
var_dump(array_keys($r));
echo sd_stages($r), "\n";
var_dump($r['server']['starttls'], $r['server']['tls']['version'] !== null, $r['server']['tls']['verify']['code'],
    $r['server']['tls']['verify']['name_matched'], $r['server']['tls']['certificate']['san']);
var_dump(count($r['server']['tls']['chain']), $r['server']['tls']['certificate']['key_type']);
var_dump($r['transcript'][1], in_array('C: STARTTLS', $r['transcript'], true), in_array('S: 220 2.0.0 Ready to start TLS', $r['transcript'], true));
echo $r['reproduce'], "\n";
// localhost is 127.0.0.1, and on many machines ::1 too, in the resolver's order; Postfix listens on
// both, and PHP connects to the first.
$a = $r['target']['addresses'];
echo 'addresses: loopback only: ', array_diff($a, ['127.0.0.1', '::1']) === [] ? 'yes' : 'NO', ', 127.0.0.1 among them: ',
    in_array('127.0.0.1', $a, true) ? 'yes' : 'NO', ', connected to the first: ', $r['server']['address'] === $a[0] ? 'yes' : 'NO', "\n";
var_dump($r['environment']['openssl_extension']['loaded']);
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to localhost:%d (starttls) from this PHP process
array(13) {
  [0]=>
  string(2) "ok"
  [1]=>
  string(7) "verdict"
  [2]=>
  string(7) "summary"
  [3]=>
  string(5) "fixes"
  [4]=>
  string(11) "alternative"
  [5]=>
  string(6) "target"
  [6]=>
  string(6) "checks"
  [7]=>
  string(8) "findings"
  [8]=>
  string(6) "server"
  [9]=>
  string(11) "environment"
  [10]=>
  string(10) "transcript"
  [11]=>
  string(9) "reproduce"
  [12]=>
  string(10) "elapsed_ms"
}
target:pass dns:pass tcp:pass greeting:pass ehlo:pass starttls:pass tls:pass certificate:pass auth:skip quit:pass
bool(true)
bool(true)
int(0)
bool(true)
array(4) {
  [0]=>
  string(9) "localhost"
  [1]=>
  string(18) "mail.smtpdiag.test"
  [2]=>
  string(9) "127.0.0.1"
  [3]=>
  string(3) "::1"
}
int(2)
string(2) "EC"
string(%d) "S: 220 localhost ESMTP smtpdiag test MTA"
bool(true)
bool(true)
openssl s_client -starttls smtp -connect 'localhost:%d' -servername 'localhost' -verify_return_error -CAfile '%s/ca.pem' -brief </dev/null
addresses: loopback only: yes, 127.0.0.1 among them: yes, connected to the first: yes
bool(true)
