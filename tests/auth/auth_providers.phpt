--TEST--
smtpdiag_probe() with credentials against scripted peers that answer as Gmail, Microsoft 365, Yahoo and iCloud answer (AUTH only after STARTTLS): app password accepted, the account password refused the provider's way (auth_app_password_required, or auth_failed where the reply cannot tell: Yahoo's (#AUTH005) says only that further attempts are held back), a wrong password auth_failed; XOAUTH2 with its error challenge; each with the provider's own first fix; no form of any secret anywhere
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/auth_lib.inc';
$ca = sd_certs() . '/ca.pem';
$user = 'someone@example.com';
$cases = [
    ['gmail', 'app-password', null],
    ['gmail', 'account-password', null],
    ['gmail', 'web-login', null],
    ['gmail', 'Wrong-pass-1', null],
    ['gmail', 'app-password', 'XOAUTH2'],
    ['gmail', 'Bad-token-1', 'XOAUTH2'],
    ['microsoft', 'account-password', null],
    ['microsoft', 'basic-retired', null],
    ['microsoft', 'Wrong-pass-2', null],
    ['microsoft', 'app-password', 'XOAUTH2'],
    ['yahoo', 'account-password', 'PLAIN'],
    ['yahoo', 'Wrong-pass-3', null],
    ['icloud', 'account-password', null],
    ['icloud', 'app-password', null],
];
$ports = [];
$texts = [];
$forms = [];
foreach ($cases as [$mode, $secret, $type]) {
    $ports[$mode] ??= au_fixture($mode);
    $opts = ['security' => 'starttls', 'cafile' => $ca, 'timeout' => 5, 'username' => $user, 'password' => $secret];
    if ($type !== null) {
        $opts['auth_type'] = $type;
    }
    $label = "$mode, $secret" . ($type ? ", $type" : '');
    $r = smtpdiag_probe('localhost', $ports[$mode], $opts);
    au_show($label, $r);
    if ($type === 'XOAUTH2') {
        $i = array_search('C: AUTH', array_map(fn($l) => substr($l, 0, 7), $r['transcript']), true);
        echo '  exchange: ', implode(' | ', array_slice($r['transcript'], $i)), "\n";
    }
    foreach (au_outputs($r) as $k => $v) {
        $texts["$label $k"] = $v;
    }
    // the fixture's own words for the secrets are public; the per-case secrets that are not are checked
    if (str_starts_with($secret, 'Wrong') || str_starts_with($secret, 'Bad')) {
        $forms += array_combine(array_map(fn($k) => "$secret $k", array_keys(au_forms($user, $secret))), au_forms($user, $secret));
    } else {
        $forms += ["$secret PLAIN response" => base64_encode("\0$user\0$secret"), "$secret XOAUTH2 string" => base64_encode("user=$user\001auth=Bearer $secret\001\001"),
            "$secret base64" => base64_encode($secret)];
    }
}
$forms['LOGIN user name'] = base64_encode($user);
echo 'leaks: ', au_leaks($texts, $forms), "\n";
?>
--EXPECTF--
gmail, app-password
  verdict: ok, ok: true
  summary: PHPMailer can connect to localhost:%d (starttls) from this PHP process, and the server accepted the credentials (LOGIN)
  fix: (none)
  auth check: pass: LOGIN accepted over TLS: 235 2.7.0 Accepted
gmail, account-password
  verdict: auth_app_password_required, ok: false
  summary: Gmail at localhost:%d refused the password for this account: it wants an app password or OAuth 2.0, not the account's normal password (534 5.7.9 Application-specific password required. For more information, go to https://support.google.com/mail/?p=InvalidSecondFactor a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp)
  fix: turn on 2-Step Verification for the Google account, create an app password (Google Account > Security > App passwords) and set it as $mail->Password (16 letters, without spaces)
  auth check: fail: LOGIN: Password command failed: 534 5.7.9 Application-specific password required. For more information, go to https://support.google.com/mail/?p=InvalidSecondFactor a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp
gmail, web-login
  verdict: auth_app_password_required, ok: false
  summary: Gmail at localhost:%d refused the password for this account: it wants an app password or OAuth 2.0, not the account's normal password (534 5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbt> Please log in via your web browser and then try again. Learn more at https://support.google.com/mail/answer/78754 a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp)
  fix: Google blocked the sign-in as suspicious: sign in to the account in a browser from this network, then use an app password (below) rather than the account password
  auth check: fail: LOGIN: Password command failed: 534 5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbt> Please log in via your web browser and then try again. Learn more at https://support.google.com/mail/answer/78754 a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp
gmail, Wrong-pass-1
  verdict: auth_failed, ok: false
  summary: Gmail at localhost:%d refused the credentials (AUTH LOGIN): 535 5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp
  fix: Gmail takes only an app password (needs 2-Step Verification; Google Account > Security > App passwords) or OAuth 2.0 since May 2022, not the account password: set the app password as $mail->Password and the full address as $mail->Username
  auth check: fail: LOGIN: Password command failed: 535 5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp
gmail, app-password, XOAUTH2
  verdict: ok, ok: true
  summary: PHPMailer can connect to localhost:%d (starttls) from this PHP process, and the server accepted the credentials (XOAUTH2)
  fix: (none)
  auth check: pass: XOAUTH2 accepted over TLS: 235 2.7.0 Accepted
  exchange: C: AUTH XOAUTH2 [redacted] | S: 235 2.7.0 Accepted | C: QUIT | S: 221 2.0.0 closing connection
gmail, Bad-token-1, XOAUTH2
  verdict: auth_failed, ok: false
  summary: Gmail at localhost:%d refused the credentials (AUTH XOAUTH2): 535 5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp
  fix: Gmail takes only an app password (needs 2-Step Verification; Google Account > Security > App passwords) or OAuth 2.0 since May 2022, not the account password: set the app password as $mail->Password and the full address as $mail->Username
  auth check: fail: XOAUTH2: AUTH command failed: 535 5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp
  exchange: C: AUTH XOAUTH2 [redacted] | S: 334 %s | *: an empty line answers the error challenge, to get the final reply | S: 535-5.7.8 Username and Password not accepted. For more information, go to | S: 535 5.7.8  https://support.google.com/mail/?p=BadCredentials a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp | C: QUIT | S: 221 2.0.0 closing connection
microsoft, account-password
  verdict: auth_app_password_required, ok: false
  summary: Microsoft 365 at localhost:%d refused the password for this account: it wants an app password or OAuth 2.0, not the account's normal password (535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR01CA0001.eurprd01.prod.exchangelabs.com 2026-11-28T10:00:00.000Z 08DD0A1B2C3D4E5F])
  fix: SMTP AUTH (basic authentication) is off for this tenant or mailbox: an admin turns it on per mailbox with Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false (Exchange Online PowerShell), if the tenant's security defaults allow it
  auth check: fail: LOGIN: Password command failed: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR01CA0001.eurprd01.prod.exchangelabs.com 2026-11-28T10:00:00.000Z 08DD0A1B2C3D4E5F]
microsoft, basic-retired
  verdict: auth_app_password_required, ok: false
  summary: Microsoft 365 at localhost:%d refused the password for this account: it wants an app password or OAuth 2.0, not the account's normal password (550 5.7.30 Basic authentication is not supported for Client Submission.)
  fix: SMTP AUTH (basic authentication) is off for this tenant or mailbox: an admin turns it on per mailbox with Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false (Exchange Online PowerShell), if the tenant's security defaults allow it
  auth check: fail: LOGIN: Password command failed: 550 5.7.30 Basic authentication is not supported for Client Submission.
microsoft, Wrong-pass-2
  verdict: auth_failed, ok: false
  summary: Microsoft 365 at localhost:%d refused the credentials (AUTH LOGIN): 535 5.7.3 Authentication unsuccessful [AM0PR01CA0001.eurprd01.prod.exchangelabs.com 2026-11-28T10:00:00.000Z 08DD0A1B2C3D4E5F]
  fix: check $mail->Username (the full mailbox address) and $mail->Password; an account with multi-factor authentication needs OAuth 2.0 ($mail->AuthType = 'XOAUTH2';) or an app password
  auth check: fail: LOGIN: Password command failed: 535 5.7.3 Authentication unsuccessful [AM0PR01CA0001.eurprd01.prod.exchangelabs.com 2026-11-28T10:00:00.000Z 08DD0A1B2C3D4E5F]
microsoft, app-password, XOAUTH2
  verdict: ok, ok: true
  summary: PHPMailer can connect to localhost:%d (starttls) from this PHP process, and the server accepted the credentials (XOAUTH2)
  fix: (none)
  auth check: pass: XOAUTH2 accepted over TLS: 235 2.7.0 Authentication successful
  exchange: C: AUTH XOAUTH2 [redacted] | S: 235 2.7.0 Authentication successful | C: QUIT | S: 221 2.0.0 closing connection
yahoo, account-password, PLAIN
  verdict: auth_failed, ok: false
  summary: Yahoo Mail at localhost:%d refused the credentials (AUTH PLAIN); after too many wrong passwords, Yahoo locks further attempts for a while, and for SMTP it accepts app passwords, not the account password: 535 5.7.0 (#AUTH005) Too many bad auth attempts.
  fix: Yahoo takes an app password (Yahoo Account Security > Generate app password), not the account password: set it as $mail->Password with the full address as $mail->Username
  auth check: fail: PLAIN: User & Password command failed: 535 5.7.0 (#AUTH005) Too many bad auth attempts.
yahoo, Wrong-pass-3
  verdict: auth_failed, ok: false
  summary: Yahoo Mail at localhost:%d refused the credentials (AUTH LOGIN): 535 5.7.0 (#MBR1212) Incorrect username or password.
  fix: Yahoo takes an app password (Yahoo Account Security > Generate app password), not the account password: set it as $mail->Password with the full address as $mail->Username
  auth check: fail: LOGIN: Password command failed: 535 5.7.0 (#MBR1212) Incorrect username or password.
icloud, account-password
  verdict: auth_failed, ok: false
  summary: iCloud Mail at localhost:%d refused the credentials (AUTH LOGIN): 535 5.7.8 Authentication failed
  fix: iCloud takes only an app-specific password (account.apple.com > Sign-In and Security > App-Specific Passwords), with the full iCloud address as $mail->Username
  auth check: fail: LOGIN: Password command failed: 535 5.7.8 Authentication failed
icloud, app-password
  verdict: ok, ok: true
  summary: PHPMailer can connect to localhost:%d (starttls) from this PHP process, and the server accepted the credentials (LOGIN)
  fix: (none)
  auth check: pass: LOGIN accepted over TLS: 235 2.7.0 Authentication successful
leaks: none