--TEST--
smtpdiag.explain = full, real PHPMailer 6.6.3's send() against the private Postfix: a refused port, both TLS mode mismatches, a certificate PHPMailer does not trust, STARTTLS not offered, a wrong password; each explained in the error log, in the SMTPDebug output right after PHPMailer's own line, in ErrorInfo and in the exception message, with exceptions on and off; a working configuration sends and logs nothing
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/observe_lib.inc'; sd_skipif_root(['postfix', 'sasl', 'phpmailer']); ?>
--FILE--
<?php
require __DIR__ . '/observe_lib.inc';
require __DIR__ . '/../auth/auth_lib.inc';
sd_require_root(['postfix', 'sasl', 'phpmailer']);
$pass = 'Pw-' . bin2hex(random_bytes(6));
$mta = au_mta_start(['alice' => $pass]);
$p = $mta['ports'];
$closed = hk_closed_port();
$sink = ob_sink();
$ca = ['ssl' => ['cafile' => $mta['ca']]];
$names = ['submission' => $p['submission'], 'smtps' => $p['smtps'], 'plain' => $p['plain'], 'closed' => $closed, 'sink' => $sink,
    'auth_submission' => $p['auth_submission']];
$base = ['Host' => '127.0.0.1', 'Timeout' => 2, 'SMTPOptions' => $ca];
$scenarios = [
    'working: a server that takes the message' => ['Port' => $sink, 'SMTPSecure' => '', 'SMTPAutoTLS' => false],
    'connects, but the server refuses the recipient (not a connect failure)' => ['Port' => $p['submission'], 'SMTPSecure' => 'tls'],
    'refused port' => ['Port' => $closed, 'SMTPSecure' => 'tls'],
    'ssl on the submission port' => ['Port' => $p['submission'], 'SMTPSecure' => 'ssl'],
    'tls on the smtps port' => ['Port' => $p['smtps'], 'SMTPSecure' => 'tls'],
    'certificate: no cafile' => ['Port' => $p['submission'], 'SMTPSecure' => 'tls', 'SMTPOptions' => []],
    'STARTTLS not offered' => ['Port' => $p['plain'], 'SMTPSecure' => 'tls'],
    'wrong password' => ['Port' => $p['auth_submission'], 'SMTPSecure' => 'tls', 'SMTPAuth' => true, 'Username' => 'alice',
        'Password' => 'wrong-' . bin2hex(random_bytes(4))],
];
foreach ($scenarios as $label => $cfg) {
    foreach ([false, true] as $exceptions) {
        // SMTP::Timelimit 3 s: the implicit-TLS port never greets a plain client
        ob_send($label, $cfg + $base, ['exceptions' => $exceptions, 'timelimit' => 3, 'ini' => ob_slow_cpu_ini()], $names);
    }
}
?>
--EXPECT--
== working: a server that takes the message (exceptions off)
sent: true
log: nothing
ErrorInfo: none
exception: none
last: null
== working: a server that takes the message (exceptions on)
sent: true
log: nothing
ErrorInfo: none
exception: none
last: null
== connects, but the server refuses the recipient (not a connect failure) (exceptions off)
sent: false
log: nothing
ErrorInfo: SMTP Error: The following recipients failed: user@example.com: <user@example.com>: Recipient address rejected: Access denied

exception: none
last: null
== connects, but the server refuses the recipient (not a connect failure) (exceptions on)
sent: false
log: nothing
ErrorInfo: SMTP Error: The following recipients failed: user@example.com: <user@example.com>: Recipient address rejected: Access denied

exception: PHPMailer\PHPMailer\Exception: SMTP Error: The following recipients failed: user@example.com: <user@example.com>: Recipient address rejected: Access denied

last: null
== refused port (exceptions off)
sent: false
log: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: after "SMTP ERROR: Failed to connect to server: Connection refused (111)"
debug: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: before "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it"
ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it
exception: none
last: connection_refused
== refused port (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: after "SMTP ERROR: Failed to connect to server: Connection refused (111)"
debug: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: before "SMTP Error: Could not connect to SMTP host. smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it"
ErrorInfo: SMTP Error: Could not connect to SMTP host. smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it
last: connection_refused
== ssl on the submission port (exceptions off)
sent: false
log: smtpdiag: 127.0.0.1:<submission>: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER Fix: verified from here: port <submission> with STARTTLS works: $mail->Port = <submission>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
debug: after "SMTP ERROR: Failed to connect to server:  (0)"
debug: smtpdiag: 127.0.0.1:<submission>: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER Fix: verified from here: port <submission> with STARTTLS works: $mail->Port = <submission>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
debug: before "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER"
ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER
exception: none
last: tls_mode_mismatch
== ssl on the submission port (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<submission>: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER Fix: verified from here: port <submission> with STARTTLS works: $mail->Port = <submission>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
debug: after "SMTP ERROR: Failed to connect to server:  (0)"
debug: smtpdiag: 127.0.0.1:<submission>: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER Fix: verified from here: port <submission> with STARTTLS works: $mail->Port = <submission>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
debug: before "SMTP Error: Could not connect to SMTP host. smtpdiag: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER"
ErrorInfo: SMTP Error: Could not connect to SMTP host. smtpdiag: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. smtpdiag: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER
last: tls_mode_mismatch
== tls on the smtps port (exceptions off)
sent: false
log: smtpdiag: 127.0.0.1:<smtps>: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured Fix: verified from here: port <smtps> with implicit TLS works: $mail->Port = <smtps>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; Note: PHPMailer waited up to SMTP::Timelimit (3 s), not Timeout (2 s), for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = 2;
debug: smtpdiag: 127.0.0.1:<smtps>: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured Fix: verified from here: port <smtps> with implicit TLS works: $mail->Port = <smtps>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; Note: PHPMailer waited up to SMTP::Timelimit (3 s), not Timeout (2 s), for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = 2;
debug: before "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured"
ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured
exception: none
last: tls_mode_mismatch
== tls on the smtps port (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<smtps>: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured Fix: verified from here: port <smtps> with implicit TLS works: $mail->Port = <smtps>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; Note: PHPMailer waited up to SMTP::Timelimit (3 s), not Timeout (2 s), for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = 2;
debug: smtpdiag: 127.0.0.1:<smtps>: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured Fix: verified from here: port <smtps> with implicit TLS works: $mail->Port = <smtps>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; Note: PHPMailer waited up to SMTP::Timelimit (3 s), not Timeout (2 s), for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = 2;
debug: before "SMTP Error: Could not connect to SMTP host. smtpdiag: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured"
ErrorInfo: SMTP Error: Could not connect to SMTP host. smtpdiag: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. smtpdiag: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured
last: tls_mode_mismatch
== certificate: no cafile (exceptions off)
sent: false
log: smtpdiag: 127.0.0.1:<submission>: cert_untrusted: The certificate of 127.0.0.1:<submission> is not trusted here: unable to get local issuer certificate (verify code 20) Fix: if the server's chain is incomplete or self-signed, fix the server (send the intermediate, use a public CA)
debug: smtpdiag: 127.0.0.1:<submission>: cert_untrusted: The certificate of 127.0.0.1:<submission> is not trusted here: unable to get local issuer certificate (verify code 20) Fix: if the server's chain is incomplete or self-signed, fix the server (send the intermediate, use a public CA)
debug: before "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: cert_untrusted: The certificate of 127.0.0.1:<submission> is not trusted here: unable to get local issuer certificate (verify code 20)"
ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: cert_untrusted: The certificate of 127.0.0.1:<submission> is not trusted here: unable to get local issuer certificate (verify code 20)
exception: none
last: cert_untrusted
== certificate: no cafile (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<submission>: cert_untrusted: The certificate of 127.0.0.1:<submission> is not trusted here: unable to get local issuer certificate (verify code 20) Fix: if the server's chain is incomplete or self-signed, fix the server (send the intermediate, use a public CA)
debug: smtpdiag: 127.0.0.1:<submission>: cert_untrusted: The certificate of 127.0.0.1:<submission> is not trusted here: unable to get local issuer certificate (verify code 20) Fix: if the server's chain is incomplete or self-signed, fix the server (send the intermediate, use a public CA)
debug: before "SMTP Error: Could not connect to SMTP host. Connection failed. stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000086:SSL routines::certificate verify failed smtpdiag: cert_untrusted: The certificate of 127.0.0.1:<submission> is not trusted here: unable to get local issuer certificate (verify code 20)"
ErrorInfo: SMTP Error: Could not connect to SMTP host. Connection failed. stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000086:SSL routines::certificate verify failed smtpdiag: cert_untrusted: The certificate of 127.0.0.1:<submission> is not trusted here: unable to get local issuer certificate (verify code 20)
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. Connection failed. stream_socket_enable_crypto(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000086:SSL routines::certificate verify failed smtpdiag: cert_untrusted: The certificate of 127.0.0.1:<submission> is not trusted here: unable to get local issuer certificate (verify code 20)
last: cert_untrusted
== STARTTLS not offered (exceptions off)
sent: false
log: smtpdiag: 127.0.0.1:<plain>: starttls_unavailable: STARTTLS was required but 127.0.0.1:<plain> does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not implemented Fix: not verified: port 465 with implicit TLS fails from here too (connection_refused): $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
debug: smtpdiag: 127.0.0.1:<plain>: starttls_unavailable: STARTTLS was required but 127.0.0.1:<plain> does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not implemented Fix: not verified: port 465 with implicit TLS fails from here too (connection_refused): $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
debug: before "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: starttls_unavailable: STARTTLS was required but 127.0.0.1:<plain> does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not implemented"
ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: starttls_unavailable: STARTTLS was required but 127.0.0.1:<plain> does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not implemented
exception: none
last: starttls_unavailable
== STARTTLS not offered (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<plain>: starttls_unavailable: STARTTLS was required but 127.0.0.1:<plain> does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not implemented Fix: not verified: port 465 with implicit TLS fails from here too (connection_refused): $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
debug: smtpdiag: 127.0.0.1:<plain>: starttls_unavailable: STARTTLS was required but 127.0.0.1:<plain> does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not implemented Fix: not verified: port 465 with implicit TLS fails from here too (connection_refused): $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
debug: before "SMTP Error: Could not connect to SMTP host. STARTTLS command failed Error: command not implemented smtpdiag: starttls_unavailable: STARTTLS was required but 127.0.0.1:<plain> does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not implemented"
ErrorInfo: SMTP Error: Could not connect to SMTP host. STARTTLS command failed Error: command not implemented smtpdiag: starttls_unavailable: STARTTLS was required but 127.0.0.1:<plain> does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not implemented
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. STARTTLS command failed Error: command not implemented smtpdiag: starttls_unavailable: STARTTLS was required but 127.0.0.1:<plain> does not offer STARTTLS (its EHLO reply lacks it) and answered 502 Error: command not implemented
last: starttls_unavailable
== wrong password (exceptions off)
sent: false
log: smtpdiag: 127.0.0.1:<auth_submission>: auth_failed: 127.0.0.1:<auth_submission> refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure Fix: check $mail->Username and $mail->Password with the provider (often the full e-mail address is the user name; a password copied with a trailing space or newline fails too)
debug: smtpdiag: 127.0.0.1:<auth_submission>: auth_failed: 127.0.0.1:<auth_submission> refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure Fix: check $mail->Username and $mail->Password with the provider (often the full e-mail address is the user name; a password copied with a trailing space or newline fails too)
debug: before "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: auth_failed: 127.0.0.1:<auth_submission> refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure"
ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: auth_failed: 127.0.0.1:<auth_submission> refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure
exception: none
last: auth_failed
== wrong password (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<auth_submission>: auth_failed: 127.0.0.1:<auth_submission> refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure Fix: check $mail->Username and $mail->Password with the provider (often the full e-mail address is the user name; a password copied with a trailing space or newline fails too)
debug: smtpdiag: 127.0.0.1:<auth_submission>: auth_failed: 127.0.0.1:<auth_submission> refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure Fix: check $mail->Username and $mail->Password with the provider (often the full e-mail address is the user name; a password copied with a trailing space or newline fails too)
debug: before "SMTP Error: Could not authenticate. smtpdiag: auth_failed: 127.0.0.1:<auth_submission> refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure"
ErrorInfo: SMTP Error: Could not authenticate. smtpdiag: auth_failed: 127.0.0.1:<auth_submission> refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not authenticate. smtpdiag: auth_failed: 127.0.0.1:<auth_submission> refused the credentials (AUTH CRAM-MD5): 535 5.7.8 Error: authentication failed: authentication failure
last: auth_failed