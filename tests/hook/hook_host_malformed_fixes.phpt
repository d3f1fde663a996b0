--TEST--
smtpdiag_phpmailer(): when no Host entry is usable (host_malformed), each fix is the one that entry needs: a $mail->Host value PHPMailer itself accepts, never the rejected value again, and for a name with an underscore (which PHPMailer's isValidHost() refuses whatever DNS says) the address and the certificate's name, not the name
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
    // Every value a fix would set Host to; '<...>' is a placeholder for the user to fill in, not a value.
    $proposed = $placeholders = [];
    foreach ($r['fixes'] as $fix) {
        if (preg_match_all("/\\\$mail->Host = '([^']*)';/", $fix, $m)) {
            foreach ($m[1] as $h) {
                if (preg_match('/^<[^>]+>$/', $h)) {
                    $placeholders[] = $h;
                } else {
                    $proposed[] = $h;
                }
            }
        }
    }
    $bad = array_filter($proposed, fn($h) => !PHPMailer\PHPMailer\PHPMailer::isValidHost($h) || $h === $host);
    printf("%s: %s, proposed %s%s: %s\n", json_encode($host), $r['verdict'], json_encode($proposed),
        $placeholders ? ', placeholder ' . json_encode($placeholders) : '',
        $bad ? 'REJECTED BY PHPMAILER ' . json_encode(array_values($bad)) : 'ok');
    foreach ($r['fixes'] as $fix) {
        echo "  fix: $fix\n";
    }
}
?>
--EXPECT--
"smtp_relay.example.com": host_malformed, proposed [], placeholder ["<IP>"]: ok
  fix: PHPMailer refuses any host name with an underscore, such as 'smtp_relay.example.com', although DNS allows it: use a name of the same server without one, or its address with the name its certificate holds: $mail->Host = '<IP>'; $mail->SMTPOptions = ['ssl' => ['peer_name' => '<name in the certificate>']];
  fix: smtpdiag_probe('smtp_relay.example.com', 587) takes the name as it is and shows the server's address and certificate
  fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
"https:\/\/smtp.example.com": host_malformed, proposed ["smtp.example.com"]: ok
  fix: $mail->Host = 'smtp.example.com';
  fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
"smtp:\/\/smtp.example.com:587": host_malformed, proposed ["smtp.example.com"]: ok
  fix: $mail->Host = 'smtp.example.com';
  fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
"SSL:\/\/smtp.example.com:465": host_malformed, proposed ["smtp.example.com"]: ok
  fix: $mail->Host = 'smtp.example.com';
  fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
"smtp.example.com:587:25": host_malformed, proposed []: ok
  fix: set $mail->Host to the mail server's name, e.g. 'smtp.example.com'
  fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
"smtp.example.com\u00a0": host_malformed, proposed ["smtp.example.com"]: ok
  fix: $mail->Host = 'smtp.example.com';
  fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
"smtp.\u200bexample.com": host_malformed, proposed ["smtp.example.com"]: ok
  fix: $mail->Host = 'smtp.example.com';
  fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
"smtp.ex\u00e4mple.com": host_malformed, proposed ["smtp.xn--exmple-cua.com"]: ok
  fix: $mail->Host = 'smtp.xn--exmple-cua.com';
  fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
"bad_host; ;x y": host_malformed, proposed [], placeholder ["<IP>"]: ok
  fix: PHPMailer refuses any host name with an underscore, such as 'bad_host', although DNS allows it: use a name of the same server without one, or its address with the name its certificate holds: $mail->Host = '<IP>'; $mail->SMTPOptions = ['ssl' => ['peer_name' => '<name in the certificate>']];
  fix: smtpdiag_probe('bad_host', 587) takes the name as it is and shows the server's address and certificate
  fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
"::1": host_malformed, proposed ["[::1]"]: ok
  fix: $mail->Host = '[::1]';
  fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
