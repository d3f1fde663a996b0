--TEST--
smtpdiag_environment(): socket functions in disable_functions are php_functions_disabled
--EXTENSIONS--
smtpdiag
--INI--
disable_functions=stream_socket_client,fsockopen
--FILE--
<?php
$r = smtpdiag_environment();
var_dump($r['ok'], $r['verdict'], $r['disabled_functions']);
echo $r['summary'], "\n";
?>
--EXPECT--
bool(false)
string(22) "php_functions_disabled"
array(2) {
  ["disable_functions"]=>
  string(30) "stream_socket_client,fsockopen"
  ["disabled"]=>
  array(2) {
    [0]=>
    string(20) "stream_socket_client"
    [1]=>
    string(9) "fsockopen"
  }
}
disable_functions lists stream_socket_client and fsockopen: PHPMailer cannot open any connection; remove them from disable_functions
