--TEST--
smtpdiag_phpmailer(): a mailer without isSMTP() is mailer_not_smtp, the fix says isSMTP(), and nothing touches the network
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
// A listener of our own: any connection attempt would be waiting in its accept queue.
$srv = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($srv, false), ':'), 1);
foreach (['mail' => null, 'sendmail' => 'isSendmail', 'qmail' => 'isQmail'] as $name => $method) {
    $mail = hk_mailer(['isSMTP' => false, 'Host' => '127.0.0.1', 'Port' => $port, 'SMTPSecure' => 'tls']);
    if ($method) {
        $mail->$method();
    }
    $r = smtpdiag_phpmailer($mail, ['cache' => false]);
    echo "Mailer '{$mail->Mailer}': {$r['verdict']}, ok ", var_export($r['ok'], true), "\n";
    echo '  ', $r['summary'], "\n";
    echo '  fixes: ', implode(' | ', $r['fixes']), "\n";
    echo '  mentions isSMTP: ', var_export(str_contains(implode(' ', $r['fixes']), 'isSMTP()'), true), "\n";
    echo '  checks: ', implode(' ', array_unique(array_column($r['checks'], 'status'))), "\n";
    echo '  hosts[0] report: ', var_export($r['hosts'][0]['report'], true), ", mailer.Mailer: {$r['mailer']['Mailer']}\n";
}
echo 'connections received: ', @stream_socket_accept($srv, 0.2) === false ? 0 : 'SOME', "\n";
?>
--EXPECT--
Mailer 'mail': mailer_not_smtp, ok false
  PHPMailer is not set to use SMTP, so its SMTP settings are ignored and mail goes to mail()/sendmail
  fixes: call $mail->isSMTP(); before send()
  mentions isSMTP: true
  checks: skip
  hosts[0] report: NULL, mailer.Mailer: mail
Mailer 'sendmail': mailer_not_smtp, ok false
  PHPMailer is not set to use SMTP, so its SMTP settings are ignored and mail goes to mail()/sendmail
  fixes: call $mail->isSMTP(); before send()
  mentions isSMTP: true
  checks: skip
  hosts[0] report: NULL, mailer.Mailer: sendmail
Mailer 'qmail': mailer_not_smtp, ok false
  PHPMailer is not set to use SMTP, so its SMTP settings are ignored and mail goes to mail()/sendmail
  fixes: call $mail->isSMTP(); before send()
  mentions isSMTP: true
  checks: skip
  hosts[0] report: NULL, mailer.Mailer: qmail
connections received: 0
