--TEST--
smtpdiag_phpmailer($mail, ['check_auth' => true]) parity with real PHPMailer's smtpConnect() (SMTPAuth on): good and bad passwords, AuthType asked for or dropped, AUTH only after STARTTLS with SMTPAutoTLS off, NTLM only, a Gmail peer refusing the account password, XOAUTH2 through a setOAuth() provider; AUTH in clear text agrees once allow_plaintext_auth is passed (without it smtpdiag sends nothing and says so); SMTPAuth off where AUTH is offered is a warning; no form of the password in any report
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/../hook/hook_lib.inc'; sd_skipif_root(['postfix', 'sasl', 'phpmailer']); ?>
--FILE--
<?php
require __DIR__ . '/auth_lib.inc';
sd_require_root(['postfix', 'sasl', 'phpmailer']);
hk_load();
$pass = 'Pw-' . bin2hex(random_bytes(6));
$wrong = 'Wrong-' . bin2hex(random_bytes(6));
$mta = au_mta_start(['alice' => $pass]);
$p = $mta['ports'];
$ca = ['ssl' => ['cafile' => $mta['ca']]];
$auth = ['SMTPAuth' => true, 'Username' => 'alice', 'Password' => $pass, 'SMTPOptions' => $ca];
$texts = [];
$scenarios = [
    'STARTTLS, right password' => ['Host' => '127.0.0.1', 'Port' => $p['auth_submission'], 'SMTPSecure' => 'tls'] + $auth,
    'STARTTLS, wrong password' => ['Host' => '127.0.0.1', 'Port' => $p['auth_submission'], 'SMTPSecure' => 'tls', 'Password' => $wrong] + $auth,
    'STARTTLS, AuthType PLAIN' => ['Host' => '127.0.0.1', 'Port' => $p['auth_submission'], 'SMTPSecure' => 'tls', 'AuthType' => 'PLAIN'] + $auth,
    'STARTTLS, AuthType NTLM (not offered: dropped for CRAM-MD5)' => ['Host' => '127.0.0.1', 'Port' => $p['auth_submission'], 'SMTPSecure' => 'tls', 'AuthType' => 'NTLM'] + $auth,
    "'' with SMTPAutoTLS off: no AUTH before TLS" => ['Host' => '127.0.0.1', 'Port' => $p['auth_submission'], 'SMTPSecure' => '', 'SMTPAutoTLS' => false] + $auth,
    'implicit TLS, right password' => ['Host' => '127.0.0.1', 'Port' => $p['auth_smtps'], 'SMTPSecure' => 'ssl'] + $auth,
    'NTLM only' => ['Host' => '127.0.0.1', 'Port' => $p['auth_ntlm_submission'], 'SMTPSecure' => 'tls'] + $auth,
    'Host list: wrong-password entry, then NTLM-only entry' => ['Host' => "127.0.0.1:{$p['auth_submission']};127.0.0.1:{$p['auth_ntlm_submission']}", 'SMTPSecure' => 'tls', 'Password' => $wrong] + $auth,
];
foreach ($scenarios as $label => $cfg) {
    $r = au_parity($label, $cfg);
    echo '  summary: ', $r['summary'], "\n";
    $texts += array_combine(array_map(fn($k) => "$label $k", array_keys(au_outputs($r))), au_outputs($r));
}

// AUTH offered in clear text: PHPMailer sends the password unencrypted; smtpdiag does only when allowed
$plain = ['Host' => '127.0.0.1', 'Port' => $p['auth_plain'], 'SMTPSecure' => '', 'Password' => $wrong] + $auth;
$r = au_parity('clear text, wrong password, not allowed: smtpdiag does not send it (ok means: PHPMailer connects and sends it)', $plain);
echo '  summary: ', $r['summary'], "\n  finding: ", implode(' ', sd_own_codes($r)), "\n";
$texts += array_combine(array_map(fn($k) => "plain $k", array_keys(au_outputs($r))), au_outputs($r));
$GLOBALS['au_disagreements']--; // the one documented disagreement
$m = hk_mailer($plain);
$r = smtpdiag_phpmailer($m, ['cache' => false, 'check_auth' => true, 'allow_plaintext_auth' => true]);
printf("clear text, wrong password, allow_plaintext_auth\n  smtpdiag: ok=%s verdict=%s\n", var_export($r['ok'], true), $r['verdict']);
$texts += array_combine(array_map(fn($k) => "plain allowed $k", array_keys(au_outputs($r))), au_outputs($r));

// SMTPAuth off on a server that offers AUTH (after TLS): PHPMailer connects; smtpdiag warns
$r = au_parity('SMTPAuth off, AUTH offered', ['Host' => '127.0.0.1', 'Port' => $p['auth_submission'], 'SMTPSecure' => 'tls', 'SMTPAuth' => false, 'SMTPOptions' => $ca]);
$f = hk_finding($r, 'auth_not_enabled');
echo '  finding: ', $f ? "{$f['severity']}: {$f['message']}" : 'none', "\n";

// without check_auth the hook connects only, as before
$m = hk_mailer(['Host' => '127.0.0.1', 'Port' => $p['auth_submission'], 'SMTPSecure' => 'tls', 'Password' => $wrong] + $auth);
$r = smtpdiag_phpmailer($m, ['cache' => false]);
echo 'without check_auth, wrong password: ', $r['verdict'], ', auth check: ', sd_check($r, 'auth')['status'], "\n";

// a Gmail peer
$gmail = au_fixture('gmail');
$g = ['Host' => 'localhost', 'Port' => $gmail, 'SMTPSecure' => 'tls', 'SMTPAuth' => true, 'Username' => 'someone@example.com',
    'SMTPOptions' => ['ssl' => ['cafile' => sd_certs() . '/ca.pem']]];
$r = au_parity('Gmail, account password', $g + ['Password' => 'account-password']);
echo '  fix: ', $r['fixes'][0], "\n";
au_parity('Gmail, app password', $g + ['Password' => 'app-password']);

// XOAUTH2 through PHPMailer's OAuthTokenProvider
final class TestToken implements PHPMailer\PHPMailer\OAuthTokenProvider
{
    public function __construct(private string $token) {}
    public function getOauth64(): string
    {
        return base64_encode("user=someone@example.com\001auth=Bearer {$this->token}\001\001");
    }
}
final class BrokenToken implements PHPMailer\PHPMailer\OAuthTokenProvider
{
    public function getOauth64(): string
    {
        throw new RuntimeException('invalid_grant: token has been expired or revoked');
    }
}
$r = au_parity('Gmail, XOAUTH2, good token', $g + ['AuthType' => 'XOAUTH2', 'Password' => ''], new TestToken('app-password'));
$r = au_parity('Gmail, XOAUTH2, bad token', $g + ['AuthType' => 'XOAUTH2', 'Password' => ''], new TestToken('Bad-token-9'));
echo '  summary: ', $r['summary'], "\n";
$texts += array_combine(array_map(fn($k) => "xoauth2 $k", array_keys(au_outputs($r))), au_outputs($r));
// a provider that returns a literal (an interned string): the token is not wiped where PHP keeps it
final class LiteralToken implements PHPMailer\PHPMailer\OAuthTokenProvider
{
    public function getOauth64(): string
    {
        return 'dXNlcj1zb21lb25lQGV4YW1wbGUuY29tAWF1dGg9QmVhcmVyIGFwcC1wYXNzd29yZAEB';
    }
}
$lit = new LiteralToken();
au_parity('Gmail, XOAUTH2, a literal token', $g + ['AuthType' => 'XOAUTH2', 'Password' => ''], $lit);
echo '  the literal afterwards: ', base64_decode($lit->getOauth64()) === "user=someone@example.com\001auth=Bearer app-password\001\001" ? 'intact' : 'DAMAGED', "\n";
$m = hk_mailer($g + ['AuthType' => 'XOAUTH2', 'Password' => '']);
$m->setOAuth(new BrokenToken());
$r = smtpdiag_phpmailer($m, ['cache' => false, 'check_auth' => true]);
printf("Gmail, XOAUTH2, the token provider throws\n  smtpdiag: ok=%s verdict=%s\n  summary: %s\n", var_export($r['ok'], true), $r['verdict'], $r['summary']);

echo 'disagreements: ', $GLOBALS['au_disagreements'], "\n";
echo 'leaks: ', au_leaks($texts, au_forms('alice', $pass) + au_forms('alice', $wrong) + au_forms('someone@example.com', 'Bad-token-9')), "\n";
?>
--EXPECTF--
STARTTLS, right password
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  summary: PHPMailer can connect to 127.0.0.1:%d (starttls) from this PHP process, and the server accepted the credentials (CRAM-MD5)
STARTTLS, wrong password
  phpmailer: failed: SMTP Error: Could not authenticate.
  smtpdiag: ok=false verdict=auth_failed
  parity: yes
  summary: 127.0.0.1:%d refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure
STARTTLS, AuthType PLAIN
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  summary: PHPMailer can connect to 127.0.0.1:%d (starttls) from this PHP process, and the server accepted the credentials (PLAIN)
STARTTLS, AuthType NTLM (not offered: dropped for CRAM-MD5)
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  summary: PHPMailer can connect to 127.0.0.1:%d (starttls) from this PHP process, and the server accepted the credentials (CRAM-MD5)
'' with SMTPAutoTLS off: no AUTH before TLS
  phpmailer: failed: SMTP Error: Could not authenticate.
  smtpdiag: ok=false verdict=auth_requires_tls
  parity: yes
  summary: 127.0.0.1:%d accepts AUTH only over TLS, and this connection is not encrypted: its EHLO reply before TLS lists no AUTH, and it offers STARTTLS (PHPMailer: "Authentication is not allowed at this stage")
implicit TLS, right password
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  summary: PHPMailer can connect to 127.0.0.1:%d (smtps) from this PHP process, and the server accepted the credentials (CRAM-MD5)
NTLM only
  phpmailer: failed: SMTP Error: Could not authenticate.
  smtpdiag: ok=false verdict=auth_mechanism_unsupported
  parity: yes
  summary: PHPMailer and 127.0.0.1:%d have no authentication mechanism in common: it offers only NTLM, none of which PHPMailer implements (PHPMailer: "No supported authentication methods found")
Host list: wrong-password entry, then NTLM-only entry
  phpmailer: failed: SMTP Error: Could not authenticate.
  smtpdiag: ok=false verdict=auth_failed
  parity: yes
  summary: 127.0.0.1:%d refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure
clear text, wrong password, not allowed: smtpdiag does not send it (ok means: PHPMailer connects and sends it)
  phpmailer: failed: SMTP Error: Could not authenticate.
  smtpdiag: ok=true verdict=ok
  parity: NO
  summary: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process and would send the credentials (CRAM-MD5) unencrypted; smtpdiag did not send them, so they are not checked
  finding: cleartext auth_cleartext
clear text, wrong password, allow_plaintext_auth
  smtpdiag: ok=false verdict=auth_failed
SMTPAuth off, AUTH offered
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  finding: warning: the server offers AUTH (PLAIN LOGIN CRAM-MD5) but SMTPAuth is off: if it relays only for authenticated clients, PHPMailer's MAIL FROM or RCPT TO is refused (530 5.7.0 Authentication required); set $mail->SMTPAuth = true; with Username and Password
without check_auth, wrong password: ok, auth check: skip
Gmail, account password
  phpmailer: failed: SMTP Error: Could not authenticate.
  smtpdiag: ok=false verdict=auth_app_password_required
  parity: yes
  fix: turn on 2-Step Verification for the Google account, create an app password (Google Account > Security > App passwords) and set it as $mail->Password (16 letters, without spaces)
Gmail, app password
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
Gmail, XOAUTH2, good token
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
Gmail, XOAUTH2, bad token
  phpmailer: failed: SMTP Error: Could not authenticate.
  smtpdiag: ok=false verdict=auth_failed
  parity: yes
  summary: Gmail at localhost:%d refused the credentials (AUTH XOAUTH2): 535 5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp
Gmail, XOAUTH2, a literal token
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  the literal afterwards: intact
Gmail, XOAUTH2, the token provider throws
  smtpdiag: ok=false verdict=auth_failed
  summary: The OAuth 2.0 token provider of the mailer (setOAuth()) gave no token, so PHPMailer cannot authenticate to localhost:%d with XOAUTH2; nothing was sent: RuntimeException: invalid_grant: token has been expired or revoked
disagreements: 0
leaks: none