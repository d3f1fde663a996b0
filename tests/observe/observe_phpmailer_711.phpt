--TEST--
smtpdiag.explain = full with PHPMailer 7.1.1 (Debian sid's libphp-phpmailer, fetched with apt-get download through a private apt configuration under build/): a refused port, both mode mismatches, a wrong password, exceptions on and off; a working send logs nothing
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/observe_lib.inc'; ob_skipif_fetch('sid'); ?>
--FILE--
<?php
require __DIR__ . '/observe_lib.inc';
require __DIR__ . '/../auth/auth_lib.inc';
sd_require_root(['postfix', 'sasl']);
ob_matrix('sid');
?>
--EXPECT--
PHPMailer 7.1.1 (Debian sid)
== working (exceptions off)
sent: true
log: nothing
ErrorInfo: none
exception: none
last: null
== refused port (exceptions off)
sent: false
log: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: after "SMTP ERROR: Failed to connect to server: Connection refused (111)"
debug: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: before "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it"
ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it SMTP server error: Failed to connect to server SMTP code: 111 Additional SMTP info: Connection refused
exception: none
last: connection_refused
== refused port (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: after "SMTP ERROR: Failed to connect to server: Connection refused (111)"
debug: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: before "SMTP Error: Could not connect to SMTP host. Failed to connect to server smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it"
ErrorInfo: SMTP Error: Could not connect to SMTP host. Failed to connect to server smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it SMTP server error: Failed to connect to server SMTP code: 111 Additional SMTP info: Connection refused
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. Failed to connect to server smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it
last: connection_refused
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
== ssl on the submission port (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<submission>: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER Fix: verified from here: port <submission> with STARTTLS works: $mail->Port = <submission>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
debug: after "SMTP ERROR: Failed to connect to server:  (0)"
debug: smtpdiag: 127.0.0.1:<submission>: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER Fix: verified from here: port <submission> with STARTTLS works: $mail->Port = <submission>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
debug: before "SMTP Error: Could not connect to SMTP host. Failed to connect to server smtpdiag: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER"
ErrorInfo: SMTP Error: Could not connect to SMTP host. Failed to connect to server smtpdiag: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER SMTP server error: Failed to connect to server
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. Failed to connect to server smtpdiag: tls_mode_mismatch: 127.0.0.1:<submission> speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with ANSWER
last: tls_mode_mismatch
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