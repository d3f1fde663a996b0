--TEST--
smtpdiag_environment(): every key of the report is present with the right type
--EXTENSIONS--
smtpdiag
--FILE--
<?php
$r = smtpdiag_environment();
var_dump(array_keys($r));
var_dump(is_bool($r['ok']), $r['verdict'] === ($r['ok'] ? 'ok' : $r['findings'][0]['code']), is_string($r['summary']));
foreach ($r['checks'] as $c) {
    printf("%s %s %s %s %s\n", $c['name'], in_array($c['status'], ['pass', 'warn', 'fail', 'skip'], true) ? 'status' : 'BAD',
        is_float($c['ms']) && $c['ms'] >= 0 ? 'ms' : 'BAD', $c['message'] !== '' ? 'message' : 'BAD', is_array($c['data']) ? 'data' : 'BAD');
}
// however many findings this machine gives (none on a healthy one), each has exactly these keys
echo 'findings have code, severity, message: ', var_export(array_filter($r['findings'],
    fn($f) => array_keys($f) !== ['code', 'severity', 'message']) === [], true), "\n";
var_dump($r['php']['version'] === PHP_VERSION, $r['php']['sapi'] === PHP_SAPI, $r['php']['zts'] === PHP_ZTS > 0);
var_dump($r['openssl_extension']['loaded'] === extension_loaded('openssl'));
var_dump($r['openssl_extension']['version'] === (defined('OPENSSL_VERSION_TEXT') ? OPENSSL_VERSION_TEXT : null));
var_dump($r['openssl_extension']['transports'] === ['ssl' => in_array('ssl', stream_get_transports(), true), 'tls' => in_array('tls', stream_get_transports(), true)]);
var_dump(str_starts_with($r['openssl_library']['version'], 'OpenSSL '), str_starts_with($r['openssl_library']['built_with'], 'OpenSSL '));
var_dump(array_keys($r['ca']), array_keys($r['ca']['cafile']));
var_dump(array_keys($r['disabled_functions']), array_keys($r['selinux']), array_keys($r['routes']));
var_dump(is_float($r['elapsed_ms']));
// The check rows carry the same fact groups as the top-level keys.
var_dump($r['checks'][3]['data'] === $r['ca'], $r['checks'][4]['data'] === $r['disabled_functions']);
?>
--EXPECT--
array(14) {
  [0]=>
  string(2) "ok"
  [1]=>
  string(7) "verdict"
  [2]=>
  string(7) "summary"
  [3]=>
  string(6) "checks"
  [4]=>
  string(8) "findings"
  [5]=>
  string(3) "php"
  [6]=>
  string(17) "openssl_extension"
  [7]=>
  string(15) "openssl_library"
  [8]=>
  string(2) "ca"
  [9]=>
  string(18) "disabled_functions"
  [10]=>
  string(7) "selinux"
  [11]=>
  string(6) "routes"
  [12]=>
  string(7) "hosting"
  [13]=>
  string(10) "elapsed_ms"
}
bool(true)
bool(true)
bool(true)
php status ms message data
openssl_extension status ms message data
openssl_library status ms message data
ca_store status ms message data
disabled_functions status ms message data
selinux status ms message data
routes status ms message data
hosting status ms message data
findings have code, severity, message: true
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
array(4) {
  [0]=>
  string(6) "cafile"
  [1]=>
  string(6) "capath"
  [2]=>
  string(8) "explicit"
  [3]=>
  string(6) "usable"
}
array(5) {
  [0]=>
  string(4) "path"
  [1]=>
  string(6) "origin"
  [2]=>
  string(6) "exists"
  [3]=>
  string(8) "readable"
  [4]=>
  string(12) "certificates"
}
array(2) {
  [0]=>
  string(17) "disable_functions"
  [1]=>
  string(8) "disabled"
}
array(3) {
  [0]=>
  string(4) "mode"
  [1]=>
  string(7) "context"
  [2]=>
  string(8) "booleans"
}
array(2) {
  [0]=>
  string(4) "ipv4"
  [1]=>
  string(4) "ipv6"
}
bool(true)
bool(true)
bool(true)
