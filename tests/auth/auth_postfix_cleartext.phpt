--TEST--
smtpdiag_probe() with credentials on a Postfix that offers AUTH without TLS: without allow_plaintext_auth nothing secret is sent (AUTH CRAM-MD5, then "*" cancels; Postfix logs the abort), ok with an auth_cleartext warning and the auth check a warning; with allow_plaintext_auth the password is checked (accepted, or auth_failed) and still warned about
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix', 'sasl']); ?>
--FILE--
<?php
require __DIR__ . '/auth_lib.inc';
sd_require_root(['postfix', 'sasl']);
$pass = 'Pw-' . bin2hex(random_bytes(6));
$wrong = 'Wrong-' . bin2hex(random_bytes(6));
$mta = au_mta_start(['alice' => $pass]);
$port = $mta['ports']['auth_plain'];
$base = ['timeout' => 5, 'username' => 'alice'];
$cases = [
    'auto, no STARTTLS offered, plaintext not allowed' => ['password' => $pass],
    'security none, auth_type XOAUTH2 (not offered: CRAM-MD5 instead), plaintext not allowed' => ['security' => 'none', 'password' => $pass, 'auth_type' => 'XOAUTH2'],
    'plaintext allowed, right password' => ['password' => $pass, 'allow_plaintext_auth' => true, 'auth_type' => 'LOGIN'],
    'plaintext allowed, wrong password' => ['password' => $wrong, 'allow_plaintext_auth' => true],
];
$texts = [];
foreach ($cases as $label => $opts) {
    $r = smtpdiag_probe('127.0.0.1', $port, $opts + $base);
    au_show($label, $r);
    foreach (sd_findings($r) as $f) {
        echo "  finding: {$f['code']} {$f['severity']}: {$f['message']}\n";
    }
    $i = array_search('C: EHLO', array_map(fn($l) => substr($l, 0, 7), $r['transcript']), true);
    echo '  after EHLO: ', implode(' | ', array_filter(array_slice($r['transcript'], $i + 1), fn($l) => !str_starts_with($l, 'S: 250'))), "\n";
    foreach (au_outputs($r) as $k => $v) {
        $texts["$label $k"] = $v;
    }
}
echo 'leaks: ', au_leaks($texts, au_forms('alice', $pass) + au_forms('alice', $wrong)), "\n";
// postlogd writes the log after the fact: wait (at most 5 s) until it holds the last line of every
// connection above ("disconnect from ..."), then count.
for ($t = microtime(true); ; usleep(50000)) {
    $log = (string) @file_get_contents($mta['dir'] . '/maillog');
    if (preg_match_all('/\]: disconnect from /', $log) >= count($cases) || microtime(true) - $t > 5) {
        break;
    }
}
echo 'postfix: ', preg_match_all('/SASL CRAM-MD5 authentication aborted/', $log), " aborted, ",
    preg_match_all('/ ehlo=1 auth=1 quit=1 /', $log), " accepted, ",
    preg_match_all('/SASL CRAM-MD5 authentication failed/', $log), " CRAM-MD5 failed\n";
?>
--EXPECTF--
auto, no STARTTLS offered, plaintext not allowed
  verdict: ok, ok: true
  summary: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process and would send the credentials (CRAM-MD5) unencrypted; smtpdiag did not send them, so they are not checked
  fix: encrypt the connection before authenticating: $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (port %d) or PHPMailer::ENCRYPTION_SMTPS; (port %d)
  auth check: warn: CRAM-MD5 offered over an unencrypted connection: the credentials were not sent (option allow_plaintext_auth sends them)
  finding: cleartext warning: the server does not offer STARTTLS: with SMTPSecure '' PHPMailer sends mail and passwords in clear text
  finding: auth_cleartext warning: the connection is not encrypted and the server accepts AUTH CRAM-MD5 on it: PHPMailer would send the password in clear text, readable by anyone on the path; smtpdiag did not send it, so the credentials are not checked. Use TLS ($mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; or ENCRYPTION_SMTPS), or pass allow_plaintext_auth => true to check them anyway
  after EHLO: C: AUTH CRAM-MD5 | S: 334 %s | *: the server is ready to take credentials unencrypted; smtpdiag cancels instead of sending them | C: * | S: 501 5.7.0 Authentication aborted | C: QUIT | S: 221 2.0.0 Bye
security none, auth_type XOAUTH2 (not offered: CRAM-MD5 instead), plaintext not allowed
  verdict: ok, ok: true
  summary: PHPMailer can connect to 127.0.0.1:%d (none) from this PHP process and would send the credentials (CRAM-MD5) unencrypted; smtpdiag did not send them, so they are not checked
  fix: encrypt the connection before authenticating: $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (port %d) or PHPMailer::ENCRYPTION_SMTPS; (port %d)
  auth check: warn: CRAM-MD5 offered over an unencrypted connection: the credentials were not sent (option allow_plaintext_auth sends them)
  finding: auth_cleartext warning: the connection is not encrypted and the server accepts AUTH CRAM-MD5 on it: PHPMailer would send the password in clear text, readable by anyone on the path; smtpdiag did not send it, so the credentials are not checked. Use TLS ($mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; or ENCRYPTION_SMTPS), or pass allow_plaintext_auth => true to check them anyway
  after EHLO: C: AUTH CRAM-MD5 | S: 334 %s | *: the server is ready to take credentials unencrypted; smtpdiag cancels instead of sending them | C: * | S: 501 5.7.0 Authentication aborted | C: QUIT | S: 221 2.0.0 Bye
plaintext allowed, right password
  verdict: ok, ok: true
  summary: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process, and the server accepted the credentials (LOGIN)
  fix: (none)
  auth check: pass: LOGIN accepted over an unencrypted connection: 235 2.7.0 Authentication successful
  finding: cleartext warning: the server does not offer STARTTLS: with SMTPSecure '' PHPMailer sends mail and passwords in clear text
  finding: auth_cleartext warning: the credentials were sent over an unencrypted connection (allow_plaintext_auth), as PHPMailer would send them: anyone on the path can read them; use TLS
  after EHLO: C: AUTH LOGIN | S: 334 VXNlcm5hbWU6 | C: [redacted] | S: 334 UGFzc3dvcmQ6 | C: [redacted] | S: 235 2.7.0 Authentication successful | C: QUIT | S: 221 2.0.0 Bye
plaintext allowed, wrong password
  verdict: auth_failed, ok: false
  summary: 127.0.0.1:%d refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure
  fix: check $mail->Username and $mail->Password with the provider (often the full e-mail address is the user name; a password copied with a trailing space or newline fails too)
  auth check: fail: CRAM-MD5: Username command failed: 535 5.7.8 Error: authentication failed: authentication failure
  finding: auth_failed error: 127.0.0.1:%d refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure
  finding: cleartext warning: the server does not offer STARTTLS: with SMTPSecure '' PHPMailer sends mail and passwords in clear text
  finding: auth_cleartext warning: the credentials were sent over an unencrypted connection (allow_plaintext_auth), as PHPMailer would send them: anyone on the path can read them; use TLS
  after EHLO: C: AUTH CRAM-MD5 | S: 334 %s | C: [redacted] | S: 535 5.7.8 Error: authentication failed: authentication failure | C: QUIT | S: 221 2.0.0 Bye
leaks: none
postfix: 2 aborted, 1 accepted, 1 CRAM-MD5 failed