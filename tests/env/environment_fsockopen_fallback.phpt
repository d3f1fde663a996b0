--TEST--
smtpdiag_environment(): only stream_socket_client disabled is a warning (PHPMailer falls back to fsockopen)
--EXTENSIONS--
smtpdiag
--INI--
disable_functions=stream_socket_client
--FILE--
<?php
$r = smtpdiag_environment();
var_dump($r['ok'], $r['verdict'], $r['checks'][4]['status']);
$f = array_values(array_filter($r['findings'], fn($f) => $f['code'] === 'stream_socket_client_disabled'))[0];
var_dump($f['severity']);
echo $f['message'], "\n";
?>
--EXPECT--
bool(true)
string(2) "ok"
string(4) "warn"
string(7) "warning"
stream_socket_client is disabled: PHPMailer falls back to fsockopen(), which ignores SMTPOptions (CA file, verification settings, bindto)
