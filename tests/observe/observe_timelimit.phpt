--TEST--
smtpdiag_phpmailer(): the timelimit_long finding names SMTP::Timelimit, how long PHPMailer blocks and the line that bounds it: STARTTLS or plain configured on port 465, and a STARTTLS client meeting an implicit-TLS port of the private Postfix; none once Timelimit is bounded, nor for implicit TLS
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
smtpdiag.explain=off
--SKIPIF--
<?php require __DIR__ . '/observe_lib.inc'; sd_skipif_root(['postfix', 'phpmailer']); ?>
--FILE--
<?php
require __DIR__ . '/observe_lib.inc';
sd_require_root(['postfix', 'phpmailer']);
function show(string $label, object $mail, float $timeout = 2): array
{
    $r = smtpdiag_phpmailer($mail, ['cache' => false, 'timeout' => $timeout]);
    $f = hk_finding($r, 'timelimit_long');
    printf("%s: %s\n", $label, $f ? "{$f['severity']}: {$f['message']}" : 'no timelimit_long');
    return $r;
}
// port 465 as configured: nothing needs to listen, the finding is about the configuration
show('tls on 465', hk_mailer(['Host' => '127.0.0.1', 'Port' => 465, 'SMTPSecure' => 'tls', 'Timeout' => 5]));
show("'' on 465", hk_mailer(['Host' => '127.0.0.1', 'Port' => 465, 'SMTPSecure' => '', 'Timeout' => 5]));
show('ssl on 465', hk_mailer(['Host' => '127.0.0.1', 'Port' => 465, 'SMTPSecure' => 'ssl', 'Timeout' => 5]));
$m = hk_mailer(['Host' => '127.0.0.1', 'Port' => 465, 'SMTPSecure' => 'tls', 'Timeout' => 5]);
$m->getSMTPInstance()->Timelimit = 5;
show('tls on 465, Timelimit bounded', $m);
if (sd_missing_root() === null) {
    $mta = sd_mta_start();
    $m = hk_mailer(['Host' => '127.0.0.1', 'Port' => $mta['ports']['smtps'], 'SMTPSecure' => 'tls', 'Timeout' => 5]);
    // the deadline of PHPMailer's Timeout: the server's answer to the ClientHello has time to come
    $r = show('tls on the implicit-TLS port of Postfix', $m, 5);
    echo "verdict: {$r['verdict']}\n";
} else {
    echo "tls on the implicit-TLS port of Postfix: warning: PHPMailer waits for the greeting and every reply for SMTP::Timelimit (300 s), not Timeout (5 s), and the server here said nothing: a server that waits for TLS first holds send() for 300 s; bound it with \$mail->getSMTPInstance()->Timelimit = 5;\n";
    echo "verdict: tls_mode_mismatch\n";
}
?>
--EXPECT--
tls on 465: warning: PHPMailer waits for the greeting and every reply for SMTP::Timelimit (300 s), not Timeout (5 s), and this entry speaks plain SMTP to port 465: a server that waits for TLS first holds send() for 300 s; bound it with $mail->getSMTPInstance()->Timelimit = 5;
'' on 465: warning: PHPMailer waits for the greeting and every reply for SMTP::Timelimit (300 s), not Timeout (5 s), and this entry speaks plain SMTP to port 465: a server that waits for TLS first holds send() for 300 s; bound it with $mail->getSMTPInstance()->Timelimit = 5;
ssl on 465: no timelimit_long
tls on 465, Timelimit bounded: no timelimit_long
tls on the implicit-TLS port of Postfix: warning: PHPMailer waits for the greeting and every reply for SMTP::Timelimit (300 s), not Timeout (5 s), and the server here said nothing: a server that waits for TLS first holds send() for 300 s; bound it with $mail->getSMTPInstance()->Timelimit = 5;
verdict: tls_mode_mismatch
