--TEST--
smtpdiag_probe() with credentials against scripted peers: an on-premises Exchange offering only GSSAPI and NTLM after STARTTLS is auth_mechanism_unsupported (PHPMailer: No supported authentication methods found), nothing sent; a server that lists AUTH before TLS but answers it with 530 5.7.0 Must issue a STARTTLS command first is auth_requires_tls, no credential sent
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/auth_lib.inc';
$ca = sd_certs() . '/ca.pem';
$pass = 'Pw-' . bin2hex(random_bytes(6));
$texts = [];
$r = smtpdiag_probe('localhost', au_fixture('exchange_ntlm'), ['security' => 'starttls', 'cafile' => $ca, 'timeout' => 5,
    'username' => 'CORP\\alice', 'password' => $pass]);
au_show('Exchange, GSSAPI and NTLM only', $r);
foreach ($r['fixes'] as $i => $f) {
    echo "  fix $i: $f\n";
}
echo '  server auth: ', implode(' ', $r['server']['auth']), '; before TLS: ', implode(' ', $r['server']['auth_before_tls']), "\n";
echo '  AUTH sent: ', preg_match('/^C: AUTH/m', implode("\n", $r['transcript'])) ? 'yes' : 'no', "\n";
$texts += au_outputs($r);
$r = smtpdiag_probe('localhost', au_fixture('exchange_ntlm'), ['security' => 'starttls', 'cafile' => $ca, 'timeout' => 5,
    'username' => 'alice', 'password' => $pass, 'auth_type' => 'LOGIN']);
au_show('Exchange, AuthType LOGIN asked for', $r);
$r = smtpdiag_probe('127.0.0.1', au_fixture('auth530'), ['security' => 'none', 'timeout' => 5, 'username' => 'alice', 'password' => $pass]);
au_show('530 5.7.0 before TLS', $r);
echo '  after EHLO: ', implode(' | ', array_slice($r['transcript'], -4)), "\n";
foreach (au_outputs($r) as $k => $v) {
    $texts["530 $k"] = $v;
}
echo 'leaks: ', au_leaks($texts, au_forms('alice', $pass) + au_forms('CORP\\alice', $pass)), "\n";
?>
--EXPECTF--
Exchange, GSSAPI and NTLM only
  verdict: auth_mechanism_unsupported, ok: false
  summary: PHPMailer and localhost:%d have no authentication mechanism in common: it offers only GSSAPI NTLM, none of which PHPMailer implements (PHPMailer: "No supported authentication methods found")
  fix: PHPMailer implements CRAM-MD5, LOGIN, PLAIN and XOAUTH2 only; the server offers GSSAPI NTLM: enable LOGIN or PLAIN on the server (Exchange: Basic authentication on the client receive connector, over TLS)
  auth check: fail: No supported authentication methods found (the server offers: GSSAPI NTLM)
  fix 0: PHPMailer implements CRAM-MD5, LOGIN, PLAIN and XOAUTH2 only; the server offers GSSAPI NTLM: enable LOGIN or PLAIN on the server (Exchange: Basic authentication on the client receive connector, over TLS)
  server auth: GSSAPI NTLM; before TLS: 
  AUTH sent: no
Exchange, AuthType LOGIN asked for
  verdict: auth_mechanism_unsupported, ok: false
  summary: PHPMailer and localhost:%d have no authentication mechanism in common: it offers only GSSAPI NTLM, none of which PHPMailer implements (PHPMailer: "No supported authentication methods found")
  fix: PHPMailer implements CRAM-MD5, LOGIN, PLAIN and XOAUTH2 only; the server offers GSSAPI NTLM: enable LOGIN or PLAIN on the server (Exchange: Basic authentication on the client receive connector, over TLS)
  auth check: fail: No supported authentication methods found (the server offers: GSSAPI NTLM)
530 5.7.0 before TLS
  verdict: auth_requires_tls, ok: false
  summary: 127.0.0.1:%d accepts AUTH only over TLS, and this connection is not encrypted: 530 5.7.0 Must issue a STARTTLS command first
  fix: not verified: port %d with STARTTLS fails from here too (cert_untrusted): $mail->Port = %d; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
  auth check: fail: LOGIN: AUTH command failed: 530 5.7.0 Must issue a STARTTLS command first
  after EHLO: C: AUTH LOGIN | S: 530 5.7.0 Must issue a STARTTLS command first | C: QUIT | S: 221 2.0.0 closing connection
leaks: none