--TEST--
smtpdiag_phpmailer() parity with PHPMailer's smtpConnect() when the mailer's own Helo is not a clean host name: a report with a helo_invalid warning naming the value (none for a clean Helo), EHLO with the name before the first space, never a ValueError about an option the caller did not pass
--DESCRIPTION--
PHPMailer sends Helo as it is ("EHLO bad name with spaces"; a Helo with a line break makes its
sendCommand() refuse EHLO and HELO, and smtpConnect() ignores hello()'s result), and the server here
accepts, so smtpConnect() returns true. A mailer property is configuration, not an argument: the hook
must report on it (DESIGN: "A network or configuration problem is never an exception").
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
$fx = sd_fixture_start('nostarttls');
$base = ['Host' => '127.0.0.1', 'Port' => $fx['port'], 'SMTPSecure' => '', 'SMTPAutoTLS' => false];
foreach (['Helo with spaces' => 'bad name with spaces', 'Helo with a line break' => "mail.example.com\r\nRSET",
        'clean Helo' => 'mail.example.com'] as $label => $helo) {
    try {
        $r = hk_parity($label, $base + ['Helo' => $helo]);
    } catch (Throwable $e) {
        echo "$label\n  smtpdiag threw ", get_class($e), ': ', $e->getMessage(), "\n";
        continue;
    }
    // What the probe says in EHLO (the name before the first space or control character), and the finding.
    echo '  sent: ', implode(' | ', preg_grep('/^C: (EHLO|HELO)/', $r['transcript'])), "\n";
    $f = hk_finding($r, 'helo_invalid');
    echo '  helo_invalid: ', $f === null ? 'none' : "{$f['severity']}: {$f['message']}", "\n";
    echo '  in config: ', in_array($f, $r['config'], true) ? 'yes' : 'no', "\n";
}
// The same value passed by the caller as an option stays a ValueError (a programming error).
try {
    smtpdiag_phpmailer(hk_mailer($base), ['helo' => 'bad name with spaces', 'cache' => false]);
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
Helo with spaces
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  sent: C: EHLO bad
  helo_invalid: warning: Helo "bad name with spaces" has spaces or control characters; PHPMailer sends it as it is, and a strict server refuses the EHLO (a line break even starts a second command); set $mail->Helo to this machine's host name
  in config: yes
Helo with a line break
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  sent: C: EHLO mail.example.com
  helo_invalid: warning: Helo "mail.example.com\r\nRSET" has spaces or control characters; PHPMailer sends it as it is, and a strict server refuses the EHLO (a line break even starts a second command); set $mail->Helo to this machine's host name
  in config: yes
clean Helo
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  sent: C: EHLO mail.example.com
  helo_invalid: none
  in config: no
ValueError: smtpdiag_phpmailer(): Argument #2 ($options) option "helo" must be a host name without spaces or control characters
