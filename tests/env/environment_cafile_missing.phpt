--TEST--
smtpdiag_environment(): openssl.cafile pointing at nothing is ca_bundle_missing
--EXTENSIONS--
smtpdiag
openssl
--INI--
openssl.cafile=/nonexistent/ca-bundle.crt
--FILE--
<?php
$r = smtpdiag_environment();
var_dump($r['ok'], $r['verdict']);
echo $r['summary'], "\n";
var_dump($r['ca']['explicit'], $r['ca']['usable'], $r['ca']['cafile']);
$check = $r['checks'][3];
var_dump($check['name'], $check['status']);
$codes = array_column($r['findings'], 'severity', 'code');
var_dump($codes['ca_bundle_missing']);
?>
--EXPECT--
bool(false)
string(17) "ca_bundle_missing"
CA file /nonexistent/ca-bundle.crt (php.ini openssl.cafile) does not exist: every certificate check fails ("failed loading cafile stream"); point php.ini openssl.cafile at a readable CA bundle such as /etc/ssl/certs/ca-certificates.crt
bool(true)
bool(false)
array(5) {
  ["path"]=>
  string(26) "/nonexistent/ca-bundle.crt"
  ["origin"]=>
  string(22) "php.ini openssl.cafile"
  ["exists"]=>
  bool(false)
  ["readable"]=>
  bool(false)
  ["certificates"]=>
  int(0)
}
string(8) "ca_store"
string(4) "fail"
string(5) "error"
