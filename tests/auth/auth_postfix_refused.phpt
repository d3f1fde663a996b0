--TEST--
smtpdiag_probe() with credentials against a real Postfix with Cyrus SASL: a wrong password is auth_failed for each mechanism, no AUTH before STARTTLS is auth_requires_tls (security none, and Host 'localhost' where PHPMailer starts no TLS on its own), NTLM only is auth_mechanism_unsupported; no form of the password anywhere
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/auth_lib.inc';
sd_require_root();
$pass = 'Pw-' . bin2hex(random_bytes(6));
$wrong = 'Wrong-' . bin2hex(random_bytes(6));
$mta = au_mta_start(['alice' => $pass]);
$p = $mta['ports'];
$base = ['cafile' => $mta['ca'], 'timeout' => 5, 'username' => 'alice'];
$cases = [
    'wrong password, CRAM-MD5' => ['localhost', $p['auth_submission'], ['security' => 'starttls', 'password' => $wrong]],
    'wrong password, LOGIN' => ['localhost', $p['auth_submission'], ['security' => 'starttls', 'password' => $wrong, 'auth_type' => 'LOGIN']],
    'wrong password, PLAIN' => ['localhost', $p['auth_submission'], ['security' => 'starttls', 'password' => $wrong, 'auth_type' => 'PLAIN']],
    'unknown user' => ['localhost', $p['auth_submission'], ['security' => 'starttls', 'password' => $pass, 'username' => 'mallory']],
    'security none: AUTH only after STARTTLS' => ['127.0.0.1', $p['auth_submission'], ['security' => 'none', 'password' => $pass]],
    "auto with Host 'localhost': PHPMailer starts no TLS, so no AUTH" => ['localhost', $p['auth_submission'], ['password' => $pass]],
    'NTLM only' => ['localhost', $p['auth_ntlm_submission'], ['security' => 'starttls', 'password' => $pass]],
];
$texts = [];
foreach ($cases as $label => [$host, $port, $opts]) {
    $r = smtpdiag_probe($host, $port, $opts + $base);
    au_show($label, $r);
    echo '  findings: ', implode(' ', sd_codes($r)), "\n";
    if ($label === 'wrong password, LOGIN' || $label === 'NTLM only' || str_starts_with($label, 'security none') || str_starts_with($label, 'auto with')) {
        foreach ($r['fixes'] as $i => $f) {
            echo "  fix $i: $f\n";
        }
        echo "  reproduce: {$r['reproduce']}\n";
    }
    foreach (au_outputs($r) as $k => $v) {
        $texts["$label $k"] = $v;
    }
}
echo 'leaks: ', au_leaks($texts, au_forms('alice', $pass) + au_forms('alice', $wrong) + au_forms('mallory', $pass)), "\n";
?>
--EXPECTF--
wrong password, CRAM-MD5
  verdict: auth_failed, ok: false
  summary: localhost:%d refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure
  fix: check $mail->Username and $mail->Password with the provider (often the full e-mail address is the user name; a password copied with a trailing space or newline fails too)
  auth check: fail: CRAM-MD5: Username command failed: 535 5.7.8 Error: authentication failed: authentication failure
  findings: auth_failed
wrong password, LOGIN
  verdict: auth_failed, ok: false
  summary: localhost:%d refused the credentials (AUTH LOGIN): 535 5.7.8 Error: authentication failed: authentication failure
  fix: check $mail->Username and $mail->Password with the provider (often the full e-mail address is the user name; a password copied with a trailing space or newline fails too)
  auth check: fail: LOGIN: Password command failed: 535 5.7.8 Error: authentication failed: authentication failure
  findings: auth_failed
  fix 0: check $mail->Username and $mail->Password with the provider (often the full e-mail address is the user name; a password copied with a trailing space or newline fails too)
  fix 1: if the account has two-factor authentication, the provider may want an app password or OAuth 2.0 instead of the account password
  reproduce: openssl s_client -starttls smtp -connect 'localhost:%d' -servername 'localhost' -crlf -quiet, then type: EHLO me, AUTH LOGIN, and the base64 of the user name and of the password (printf '%s' "$USER" | base64)
wrong password, PLAIN
  verdict: auth_failed, ok: false
  summary: localhost:%d refused the credentials (AUTH PLAIN): 535 5.7.8 Error: authentication failed: authentication failure
  fix: check $mail->Username and $mail->Password with the provider (often the full e-mail address is the user name; a password copied with a trailing space or newline fails too)
  auth check: fail: PLAIN: User & Password command failed: 535 5.7.8 Error: authentication failed: authentication failure
  findings: auth_failed
unknown user
  verdict: auth_failed, ok: false
  summary: localhost:%d refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure
  fix: check $mail->Username and $mail->Password with the provider (often the full e-mail address is the user name; a password copied with a trailing space or newline fails too)
  auth check: fail: CRAM-MD5: Username command failed: 535 5.7.8 Error: authentication failed: authentication failure
  findings: auth_failed
security none: AUTH only after STARTTLS
  verdict: auth_requires_tls, ok: false
  summary: 127.0.0.1:%d accepts AUTH only over TLS, and this connection is not encrypted: its EHLO reply before TLS lists no AUTH, and it offers STARTTLS (PHPMailer: "Authentication is not allowed at this stage")
  fix: verified from here: port %d with STARTTLS works: $mail->Port = %d; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
  auth check: fail: no AUTH before TLS (PHPMailer: Authentication is not allowed at this stage); the server offers STARTTLS
  findings: auth_requires_tls cleartext
  fix 0: verified from here: port %d with STARTTLS works: $mail->Port = %d; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
  fix 1: or implicit TLS, if the provider offers it: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; (not verified from here)
  fix 2: do not set $mail->SMTPAutoTLS = false; with SMTPSecure '': PHPMailer then never starts TLS
  reproduce: openssl s_client -starttls smtp -connect '127.0.0.1:%d' -crlf -quiet, then type: EHLO me (after TLS the reply lists AUTH)
auto with Host 'localhost': PHPMailer starts no TLS, so no AUTH
  verdict: auth_requires_tls, ok: false
  summary: localhost:%d accepts AUTH only over TLS, and this connection is not encrypted: its EHLO reply before TLS lists no AUTH, and it offers STARTTLS (PHPMailer: "Authentication is not allowed at this stage")
  fix: verified from here: port %d with STARTTLS works: $mail->Port = %d; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
  auth check: fail: no AUTH before TLS (PHPMailer: Authentication is not allowed at this stage); the server offers STARTTLS
  findings: auth_requires_tls
  fix 0: verified from here: port %d with STARTTLS works: $mail->Port = %d; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
  fix 1: or implicit TLS, if the provider offers it: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; (not verified from here)
  fix 2: the server offers STARTTLS, but PHPMailer (6.9 and later) never starts it on its own when Host is 'localhost': set SMTPSecure as above, or use the server's name or 127.0.0.1 as Host
  reproduce: openssl s_client -starttls smtp -connect 'localhost:%d' -crlf -quiet, then type: EHLO me (after TLS the reply lists AUTH)
NTLM only
  verdict: auth_mechanism_unsupported, ok: false
  summary: PHPMailer and localhost:%d have no authentication mechanism in common: it offers only NTLM, none of which PHPMailer implements (PHPMailer: "No supported authentication methods found")
  fix: PHPMailer implements CRAM-MD5, LOGIN, PLAIN and XOAUTH2 only; the server offers NTLM: enable LOGIN or PLAIN on the server (Exchange: Basic authentication on the client receive connector, over TLS)
  auth check: fail: No supported authentication methods found (the server offers: NTLM)
  findings: auth_mechanism_unsupported
  fix 0: PHPMailer implements CRAM-MD5, LOGIN, PLAIN and XOAUTH2 only; the server offers NTLM: enable LOGIN or PLAIN on the server (Exchange: Basic authentication on the client receive connector, over TLS)
  reproduce: openssl s_client -starttls smtp -connect 'localhost:%d' -servername 'localhost' -crlf -quiet, then type: EHLO me (the AUTH line lists the mechanisms)
leaks: none