--TEST--
smtpdiag_dsn(): the probe settings Symfony Mailer derives from a DSN (scheme, port, TLS mode, credentials, query options), options smtpdiag_probe() takes as they are, ValueErrors that name the problem and never the password, the argument hidden from stack traces
--EXTENSIONS--
smtpdiag
--FILE--
<?php
function show(string $dsn): void
{
    $r = smtpdiag_dsn($dsn);
    $opts = [];
    foreach ($r['options'] as $k => $v) {
        $opts[] = "$k=" . var_export($v, true);
    }
    printf("%s\n  %s %s:%d [%s] user=%s password=%s ignored=[%s]\n", $dsn, $r['scheme'], $r['host'], $r['port'],
        implode(' ', $opts), var_export($r['credentials']['username'], true), var_export($r['credentials']['password'], true),
        implode(',', $r['ignored']));
    foreach ($r['notes'] as $n) {
        echo "  note: $n\n";
    }
}

echo "-- shape\n";
var_dump(array_keys(smtpdiag_dsn('smtp://u:p@h.example:587')), array_keys(smtpdiag_dsn('smtp://h.example:587')['credentials']));

echo "-- TLS mode and port\n";
foreach ([
    'smtp://user:pass@smtp.example.com:587',
    'smtp://smtp.example.com:25',
    'smtps://user:pass@smtp.example.com',
    'smtps://smtp.example.com:2465',
    'smtp://smtp.example.com:465',
    'smtp://smtp.example.com',
    'smtp://localhost',
    'smtp://smtp.example.com:587?auto_tls=false',
    'smtp://smtp.example.com:587?require_tls=true',
] as $dsn) {
    show($dsn);
}

echo "-- credentials\n";
foreach ([
    'smtp://user%40example.com:p%40ss%2Fw%3Ard+%25@smtp.example.com:587',
    'smtp://apikey:SG.abc.def@smtp.sendgrid.net:587',
    'smtp://user:p@ss@smtp.example.com:587',
    'smtp://:token@smtp.example.com:587',
    'smtp://u:p@[::1]:2525',
] as $dsn) {
    show($dsn);
}

echo "-- query options\n";
foreach ([
    'smtp://h.example:587?verify_peer=0',
    'smtp://h.example:587?verify_peer=',
    'smtp://h.example:587?local_domain=app.example.com&source_ip=192.0.2.10',
    'smtp://h.example:587?encryption=tls&max_per_second=3&verify_per=0',
] as $dsn) {
    show($dsn);
}

echo "-- the options go to smtpdiag_probe() as they are\n";
$r = smtpdiag_dsn('smtp://user:secret@127.0.0.1:1?verify_peer=0&local_domain=app.example&source_ip=127.0.0.1');
$p = smtpdiag_probe($r['host'], $r['port'], $r['options'] + ['timeout' => 2]);
echo $p['verdict'], ' ', $p['target']['port'], ' ', $p['target']['security'], ', auth: ', $p['checks'][9]['message'], "\n";
$p = smtpdiag_probe($r['host'], $r['port'], $r['options'] + $r['credentials'] + ['timeout' => 2]);
echo 'with the credentials: ', $p['verdict'], ', the password in the report: ', str_contains(json_encode($p), 'secret') ? 'FOUND' : 'none', "\n";

echo "-- invalid DSNs\n";
foreach ([
    '',
    'smtp.example.com:587',
    'smtp://user:Secret1@smtp.example.com:99999',
    'smtp://user:Secret1@smtp.example.com:0',
    'smtp://user:Secret1@smtp.example.com:abc',
    'smtp://user:Secret1',
    'smtp://user:Secret1@',
    'smtp://user:Sec/ret1@smtp.example.com',
    'smtp://u:p@[::1:25',
    'SMTP://smtp.example.com',
    'gmail+smtp://user:Secret1@default',
    'ses+api://KEY:Secret1@default',
    'null://null',
    'http://smtp.example.com',
    'failover(smtp://a smtp://b)',
    'smtp://h.example:587?local_domain=',
    'smtp://h.example:587?auto_tls=0&require_tls=1',
] as $dsn) {
    try {
        smtpdiag_dsn($dsn);
        echo "$dsn: TAKEN\n";
    } catch (ValueError $e) {
        echo $e->getMessage(), str_contains($e->getMessage(), 'Secret1') || str_contains($e->getMessage(), 'Sec/ret1') ? ' (QUOTES THE PASSWORD)' : '', "\n";
    }
}
try {
    smtpdiag_dsn(['smtp://h']);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}

echo "-- the argument is hidden from stack traces (#[\\SensitiveParameter])\n";
function load(string $dsn): array
{
    return smtpdiag_dsn($dsn);
}
try {
    load('smtp://user:Secret1@smtp.example.com:0');
} catch (ValueError $e) {
    $trace = $e->getTraceAsString();
    echo str_replace(__FILE__, 'FILE', strtok($trace, "\n")), "\n";
}
?>
--EXPECT--
-- shape
array(7) {
  [0]=>
  string(6) "scheme"
  [1]=>
  string(4) "host"
  [2]=>
  string(4) "port"
  [3]=>
  string(7) "options"
  [4]=>
  string(11) "credentials"
  [5]=>
  string(7) "ignored"
  [6]=>
  string(5) "notes"
}
array(2) {
  [0]=>
  string(8) "username"
  [1]=>
  string(8) "password"
}
-- TLS mode and port
smtp://user:pass@smtp.example.com:587
  smtp smtp.example.com:587 [security='auto' helo='[127.0.0.1]' localhost_autotls=true] user='user' password='pass' ignored=[]
smtp://smtp.example.com:25
  smtp smtp.example.com:25 [security='auto' helo='[127.0.0.1]' localhost_autotls=true] user=NULL password=NULL ignored=[]
smtps://user:pass@smtp.example.com
  smtps smtp.example.com:465 [security='smtps' helo='[127.0.0.1]' localhost_autotls=true] user='user' password='pass' ignored=[]
smtps://smtp.example.com:2465
  smtps smtp.example.com:2465 [security='smtps' helo='[127.0.0.1]' localhost_autotls=true] user=NULL password=NULL ignored=[]
smtp://smtp.example.com:465
  smtp smtp.example.com:465 [security='smtps' helo='[127.0.0.1]' localhost_autotls=true] user=NULL password=NULL ignored=[]
  note: port 465: Symfony Mailer uses implicit TLS there, as for smtps://
smtp://smtp.example.com
  smtp smtp.example.com:465 [security='smtps' helo='[127.0.0.1]' localhost_autotls=true] user=NULL password=NULL ignored=[]
  note: no port: Symfony Mailer uses implicit TLS on port 465 (as smtps://) for a host other than localhost
smtp://localhost
  smtp localhost:25 [security='auto' helo='[127.0.0.1]' localhost_autotls=true] user=NULL password=NULL ignored=[]
  note: no port, host localhost: Symfony Mailer connects to port 25 without TLS, and uses STARTTLS when the server offers it
smtp://smtp.example.com:587?auto_tls=false
  smtp smtp.example.com:587 [security='none' helo='[127.0.0.1]' localhost_autotls=true] user=NULL password=NULL ignored=[]
  note: auto_tls is off: Symfony Mailer never uses TLS on smtp://, even where the server offers STARTTLS
smtp://smtp.example.com:587?require_tls=true
  smtp smtp.example.com:587 [security='starttls' helo='[127.0.0.1]' localhost_autotls=true] user=NULL password=NULL ignored=[]
-- credentials
smtp://user%40example.com:p%40ss%2Fw%3Ard+%25@smtp.example.com:587
  smtp smtp.example.com:587 [security='auto' helo='[127.0.0.1]' localhost_autotls=true] user='user@example.com' password='p@ss/w:rd+%' ignored=[]
smtp://apikey:SG.abc.def@smtp.sendgrid.net:587
  smtp smtp.sendgrid.net:587 [security='auto' helo='[127.0.0.1]' localhost_autotls=true] user='apikey' password='SG.abc.def' ignored=[]
smtp://user:p@ss@smtp.example.com:587
  smtp smtp.example.com:587 [security='auto' helo='[127.0.0.1]' localhost_autotls=true] user='user' password='p@ss' ignored=[]
smtp://:token@smtp.example.com:587
  smtp smtp.example.com:587 [security='auto' helo='[127.0.0.1]' localhost_autotls=true] user=NULL password='token' ignored=[]
smtp://u:p@[::1]:2525
  smtp [::1]:2525 [security='auto' helo='[127.0.0.1]' localhost_autotls=true] user='u' password='p' ignored=[]
-- query options
smtp://h.example:587?verify_peer=0
  smtp h.example:587 [security='auto' helo='[127.0.0.1]' localhost_autotls=true verify_peer=false verify_peer_name=false] user=NULL password=NULL ignored=[]
  note: verify_peer is off: the certificate and its name are not checked (verify_peer and verify_peer_name false)
smtp://h.example:587?verify_peer=
  smtp h.example:587 [security='auto' helo='[127.0.0.1]' localhost_autotls=true] user=NULL password=NULL ignored=[]
smtp://h.example:587?local_domain=app.example.com&source_ip=192.0.2.10
  smtp h.example:587 [security='auto' helo='app.example.com' localhost_autotls=true bindto='192.0.2.10:0'] user=NULL password=NULL ignored=[]
smtp://h.example:587?encryption=tls&max_per_second=3&verify_per=0
  smtp h.example:587 [security='auto' helo='[127.0.0.1]' localhost_autotls=true] user=NULL password=NULL ignored=[encryption,verify_per]
  note: encryption is a SwiftMailer setting that Symfony Mailer does not read: the scheme and the port decide the encryption
-- the options go to smtpdiag_probe() as they are
connection_refused 1 auto, auth: not reached
with the credentials: connection_refused, the password in the report: none
-- invalid DSNs
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the DSN is empty
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": a DSN starts with smtp:// or smtps:// (e.g. smtp://user:pass@smtp.example.com:587)
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the port must be between 1 and 65535
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the port must be between 1 and 65535
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the port after the host is not a number: give one from 1 to 65535 (percent-encode a ':', '@' or '/' in the user name or password)
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the port after the host is not a number: give one from 1 to 65535 (percent-encode a ':', '@' or '/' in the user name or password)
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the DSN names no host (smtp://user:pass@HOST:port)
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": an '@' comes after a '/', '?' or '#': percent-encode those in the user name and password (%2F, %3F, %23), as parse_url() cannot read them
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": an IPv6 address is written [address] (e.g. smtp://[2001:db8::25]:587)
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the scheme "SMTP" must be written in lower case: Symfony Mailer compares it exactly, and takes only smtp and smtps
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the scheme "gmail+smtp" is a provider bridge, which sets the SMTP host itself: write the provider's SMTP server as smtps://USER:PASS@HOST:465 (or smtp://...:587) to check it
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the scheme "ses+api" is a provider's HTTP API, not SMTP: smtpdiag checks smtp:// and smtps:// DSNs
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the scheme "null" does not send over SMTP: there is no SMTP server to check
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": the scheme "http" is not one Symfony Mailer's SMTP transport takes: use smtp:// or smtps://
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": failover(...) lists several transports: give each DSN on its own
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": local_domain must be a host name of 1 to 255 bytes (the name sent in EHLO)
smtpdiag_dsn(): Argument #1 ($dsn) must be a mailer DSN such as "smtp://user:pass@smtp.example.com:587": require_tls with auto_tls off: Symfony Mailer never starts TLS on smtp://, so it refuses every connection (use smtps://, or turn auto_tls on)
smtpdiag_dsn(): Argument #1 ($dsn) must be of type string, array given
-- the argument is hidden from stack traces (#[\SensitiveParameter])
#0 FILE(99): smtpdiag_dsn(Object(SensitiveParameterValue))
