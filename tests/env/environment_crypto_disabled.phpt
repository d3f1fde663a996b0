--TEST--
smtpdiag_environment(): stream_socket_enable_crypto disabled makes STARTTLS impossible
--EXTENSIONS--
smtpdiag
--INI--
disable_functions=stream_socket_enable_crypto
--FILE--
<?php
$r = smtpdiag_environment();
var_dump($r['ok'], $r['verdict'], $r['disabled_functions']['disabled']);
?>
--EXPECT--
bool(false)
string(22) "php_functions_disabled"
array(1) {
  [0]=>
  string(27) "stream_socket_enable_crypto"
}
