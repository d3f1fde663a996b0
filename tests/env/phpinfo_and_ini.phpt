--TEST--
smtpdiag: phpinfo() section and the validated ini entries
--EXTENSIONS--
smtpdiag
--INI--
smtpdiag.helo=client.smtpdiag.test
--FILE--
<?php
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
$start = strpos($info, "\nsmtpdiag\n");
echo substr($info, $start + 1, strpos($info, "smtpdiag.timeout", $start) - $start + 30), "\n";
var_dump(ini_get('smtpdiag.timeout'), ini_get('smtpdiag.helo'));
var_dump(ini_set('smtpdiag.timeout', '2.5'), ini_get('smtpdiag.timeout'));
var_dump(@ini_set('smtpdiag.timeout', '0'), ini_get('smtpdiag.timeout'));
var_dump(@ini_set('smtpdiag.timeout', 'soon'), @ini_set('smtpdiag.timeout', '-1'), @ini_set('smtpdiag.timeout', '3601'));
var_dump(@ini_set('smtpdiag.helo', "bad name"), ini_get('smtpdiag.helo'));
var_dump(@ini_set('smtpdiag.helo', str_repeat('a', 256)), strlen(ini_set('smtpdiag.helo', str_repeat('b', 255))),
    strlen(ini_get('smtpdiag.helo')));
var_dump(ini_get('smtpdiag.cache_ttl'), ini_set('smtpdiag.cache_ttl', '0'), @ini_set('smtpdiag.cache_ttl', '-5'),
    @ini_set('smtpdiag.cache_ttl', '1.5'), @ini_set('smtpdiag.cache_ttl', '86401'), ini_get('smtpdiag.cache_ttl'));
?>
--EXPECTF--
smtpdiag

smtpdiag support => enabled
Version => %d.%d.%s
OpenSSL compiled against => OpenSSL %s
OpenSSL runtime => OpenSSL %s
PHP openssl extension => %s
Environment verdict => %s
Explaining PHPMailer's failures => log (error log, SMTPDebug output)

Directive => Local Value => Master Value
smtpdiag.cache_ttl => 60 => 60
smtpdiag.explain => log => log
smtpdiag.explain_timeout => 5 => 5
smtpdiag.helo => client.smtpdiag.test => client.smtpdiag.test
smtpdiag.timeout => 10 => 10
%A
string(2) "10"
string(20) "client.smtpdiag.test"
string(2) "10"
string(3) "2.5"
bool(false)
string(3) "2.5"
bool(false)
bool(false)
bool(false)
bool(false)
string(20) "client.smtpdiag.test"
bool(false)
int(20)
int(255)
string(2) "60"
string(2) "60"
bool(false)
bool(false)
bool(false)
string(1) "0"
