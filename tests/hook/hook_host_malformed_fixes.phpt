--TEST--
smtpdiag_phpmailer(): when no Host entry is usable (host_malformed), a fix that sets $mail->Host proposes a value PHPMailer itself accepts, never the rejected value again
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
hk_load();
$hosts = ['smtp_relay.example.com', 'https://smtp.example.com', 'smtp://smtp.example.com:587', 'SSL://smtp.example.com:465',
    'smtp.example.com:587:25', "smtp.example.com\u{00A0}", "smtp.\u{200B}example.com", 'smtp.exämple.com', 'bad_host; ;x y', '::1'];
foreach ($hosts as $host) {
    $r = smtpdiag_phpmailer(hk_mailer(['Host' => $host, 'Port' => 587, 'SMTPSecure' => 'tls']), ['cache' => false]);
    $proposed = [];
    foreach ($r['fixes'] as $fix) {
        if (preg_match("/\\\$mail->Host = '([^']*)';/", $fix, $m)) {
            $proposed[] = $m[1];
        }
    }
    $bad = array_filter($proposed, fn($h) => !PHPMailer\PHPMailer\PHPMailer::isValidHost($h) || $h === $host);
    printf("%s: %s, proposed %s: %s\n", json_encode($host), $r['verdict'], json_encode($proposed),
        $bad ? 'REJECTED BY PHPMAILER ' . json_encode(array_values($bad)) : 'ok');
}
?>
--EXPECTF--
"smtp_relay.example.com": host_malformed, proposed %s: ok
"https:\/\/smtp.example.com": host_malformed, proposed %s: ok
"smtp:\/\/smtp.example.com:587": host_malformed, proposed %s: ok
"SSL:\/\/smtp.example.com:465": host_malformed, proposed %s: ok
"smtp.example.com:587:25": host_malformed, proposed %s: ok
"smtp.example.com\u00a0": host_malformed, proposed %s: ok
"smtp.\u200bexample.com": host_malformed, proposed %s: ok
"smtp.ex\u00e4mple.com": host_malformed, proposed %s: ok
"bad_host; ;x y": host_malformed, proposed %s: ok
"::1": host_malformed, proposed %s: ok
