--TEST--
smtpdiag_probe() and smtpdiag_phpmailer(): the credentials options are validated like the others (TypeError or ValueError naming the option, before any network) and no message shows a credential; check_auth is an option of the hook only
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/auth_lib.inc'; sd_skipif(['phpmailer']); ?>
--FILE--
<?php
require __DIR__ . '/auth_lib.inc';
$secret = 'Pw-' . bin2hex(random_bytes(6));
$calls = [
    'username int' => fn() => smtpdiag_probe('127.0.0.1', 1, ['username' => 42, 'password' => $secret]),
    'password array' => fn() => smtpdiag_probe('127.0.0.1', 1, ['username' => 'a', 'password' => [$secret]]),
    'password with a NUL byte' => fn() => smtpdiag_probe('127.0.0.1', 1, ['username' => 'a', 'password' => "$secret\0x"]),
    'password too long' => fn() => smtpdiag_probe('127.0.0.1', 1, ['username' => 'a', 'password' => str_repeat($secret, 500)]),
    'auth_type NTLM' => fn() => smtpdiag_probe('127.0.0.1', 1, ['username' => 'a', 'password' => $secret, 'auth_type' => 'NTLM']),
    'auth_type lower case' => fn() => smtpdiag_probe('127.0.0.1', 1, ['username' => 'a', 'password' => $secret, 'auth_type' => 'login']),
    'auth_type without credentials' => fn() => smtpdiag_probe('127.0.0.1', 1, ['auth_type' => 'PLAIN']),
    'allow_plaintext_auth string' => fn() => smtpdiag_probe('127.0.0.1', 1, ['username' => 'a', 'password' => $secret, 'allow_plaintext_auth' => 'yes']),
    'check_auth in smtpdiag_probe' => fn() => smtpdiag_probe('127.0.0.1', 1, ['check_auth' => true]),
    'check_auth not a bool (hook)' => fn() => smtpdiag_phpmailer(hk_mailer(['Password' => $secret, 'SMTPAuth' => true]), ['check_auth' => 1]),
    'hook option password int' => fn() => smtpdiag_phpmailer(hk_mailer(['Password' => $secret]), ['password' => 1]),
];
$leaks = 0;
foreach ($calls as $label => $call) {
    try {
        $call();
        echo "$label: no exception\n";
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
        $leaks += str_contains($e->getMessage() . $e->getTraceAsString(), $secret) ? 1 : 0;
    }
}
echo "messages with the password: $leaks\n";
// scan takes the probe's options too
try {
    smtpdiag_scan('127.0.0.1', ['ports' => [1], 'auth_type' => 'CRAM-MD5']);
} catch (ValueError $e) {
    echo 'scan: ', $e->getMessage(), "\n";
}
?>
--EXPECT--
username int: TypeError: smtpdiag_probe(): Argument #3 ($options) option "username" must be of type string, int given
password array: TypeError: smtpdiag_probe(): Argument #3 ($options) option "password" must be of type string, array given
password with a NUL byte: ValueError: smtpdiag_probe(): Argument #3 ($options) option "password" must not contain any null bytes
password too long: ValueError: smtpdiag_probe(): Argument #3 ($options) option "password" must be at most 4096 bytes long
auth_type NTLM: ValueError: smtpdiag_probe(): Argument #3 ($options) option "auth_type" must be one of "", "CRAM-MD5", "LOGIN", "PLAIN", "XOAUTH2" (PHPMailer's AuthType values)
auth_type lower case: ValueError: smtpdiag_probe(): Argument #3 ($options) option "auth_type" must be one of "", "CRAM-MD5", "LOGIN", "PLAIN", "XOAUTH2" (PHPMailer's AuthType values)
auth_type without credentials: ValueError: smtpdiag_probe(): Argument #3 ($options) option "auth_type" requires option "username" or "password"
allow_plaintext_auth string: TypeError: smtpdiag_probe(): Argument #3 ($options) option "allow_plaintext_auth" must be of type bool, string given
check_auth in smtpdiag_probe: ValueError: smtpdiag_probe(): Argument #3 ($options) contains unknown option "check_auth"
check_auth not a bool (hook): TypeError: smtpdiag_phpmailer(): Argument #2 ($options) option "check_auth" must be of type bool, int given
hook option password int: TypeError: smtpdiag_phpmailer(): Argument #2 ($options) option "password" must be of type string, int given
messages with the password: 0
scan: smtpdiag_scan(): Argument #2 ($options) option "auth_type" requires option "username" or "password"