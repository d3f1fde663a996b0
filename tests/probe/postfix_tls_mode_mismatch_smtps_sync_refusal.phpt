--TEST--
smtpdiag_probe(): implicit TLS against the STARTTLS submission port of a Postfix with smtpd_forbid_unauth_pipelining = yes (the default since Postfix 3.9, Debian 13's 3.10 included) is tls_mode_mismatch with the STARTTLS fix verified from here, whichever way the server reacts: when the ClientHello arrives before smtpd takes up the connection (all its processes busy), Postfix answers "554 5.5.0 Error: SMTP protocol synchronization" and no greeting at all, which the summary quotes; when the greeting came first, the summary says so
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$dir = $mta['dir'];
// Two smtpd listeners on port 587 (the submission port itself: implicit TLS against it is the mistake)
// of private loopback addresses, with Postfix 3.9's default that this Debian 12 Postfix (3.7.11) has as
// an option. smtpd looks for input the client sent too early when it takes up a connection, before
// anything else: found, it answers 554 and no greeting; not found, it greets, and a ClientHello that
// comes later is only a line it cannot read. The first listener has one smtpd process (maxproc 1), kept
// busy by another client until the probe's ClientHello waits in the queue (ss shows it), as on a
// loaded server whose smtpd processes are all busy or slow to start: the ClientHello always comes first
// there, under valgrind too. The second greets at once: the ClientHello and the greeting cross, and
// either may come first.
$net = '127.' . random_int(100, 250) . '.' . random_int(1, 250) . '.';
$busy = $net . '20';
$prompt = $net . '21';
file_put_contents("$dir/etc/master.cf",
    "$busy:587 inet n - n - 1 smtpd -o smtpd_forbid_unauth_pipelining=yes\n"
    . "$prompt:587 inet n - n - - smtpd -o smtpd_forbid_unauth_pipelining=yes\n", FILE_APPEND);
sd_must(['kill', '-HUP', trim(file_get_contents("$dir/master.pid"))]);
foreach ([$busy, $prompt] as $a) {
    for ($i = 0; $i < 100 && !($c = @stream_socket_client("tcp://$a:587", $errno, $errstr, 1)); $i++) {
        usleep(100000);
    }
    echo "$a:587 ", $c ? 'listening' : "NOT LISTENING ($errstr)", "\n";
    if ($c) {
        fclose($c);
    }
}
$options = ['security' => 'smtps', 'cafile' => $mta['ca'], 'peer_name' => 'localhost', 'timeout' => 15];

// The other client: takes the one smtpd process of $busy (its greeting read), then lets it go once a
// connection to $busy:587 that smtpd has not taken up yet holds bytes (Recv-Q above 0): the probe's
// ClientHello. At most 30 s.
$hold = sprintf(<<<'PHP'
    $addr = %s;
    $c = stream_socket_client("tcp://$addr:587", $errno, $errstr, 5);
    if ($c === false || strncmp((string) fgets($c), '220 ', 4) !== 0) {
        echo "no greeting\n";
        exit(1);
    }
    echo "holding\n";
    for ($end = microtime(true) + 30; microtime(true) < $end; usleep(20000)) {
        foreach (explode("\n", (string) shell_exec('ss -Htn state established')) as $line) {
            $f = preg_split('/\s+/', trim($line));
            if (count($f) >= 4 && $f[2] === "$addr:587" && (int) $f[0] > 0) {
                break 2;
            }
        }
    }
    fclose($c);
    PHP, var_export($busy, true));
// sh runs it so that valgrind, when it follows children, stops at sh
$holder = proc_open(['sh', '-c', 'exec ' . implode(' ', array_map('escapeshellarg', sd_php())) . ' -r ' . escapeshellarg($hold)],
    [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', sd_work() . '/holder.err', 'w']], $pipes, null, sd_helper_env());
sd_on_exit(static function () use ($holder, $pipes): void {
    fclose($pipes[0]);
    fclose($pipes[1]);
    proc_terminate($holder, 9);
    proc_close($holder);
});
echo 'the other client: ', trim((string) fgets($pipes[1])), "\n";

echo "-- the ClientHello before the greeting\n";
$r = smtpdiag_probe($busy, 587, $options);
sd_show($r, 15);
echo str_replace($busy, 'ADDR', $r['summary']), "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'tls');
echo "tls: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['first_bytes'], array_slice($r['transcript'], 1));
echo str_replace($busy, 'ADDR', $r['reproduce']), "\n";
var_dump([$r['alternative']['port'], $r['alternative']['security'], $r['alternative']['ok']]);

echo "-- the ClientHello and the greeting crossing, three times\n";
$answers = [
    'the server answered the TLS handshake with an SMTP greeting',
    'the server answered the TLS handshake with the SMTP reply "554 5.5.0 Error: SMTP protocol synchronization" instead '
        . 'of a greeting (a plain SMTP server refusing a client that speaks first)',
];
for ($i = 0; $i < 3; $i++) {
    $r = smtpdiag_probe($prompt, 587, $options);
    echo $r['verdict'], ': ', str_replace([$prompt, ...$answers], ['ADDR', 'ONE OF THE TWO ANSWERS', 'ONE OF THE TWO ANSWERS'], $r['summary']), "\n";
    echo '  fix: ', $r['fixes'][0], "\n";
}
?>
--EXPECTF--
127.%d.%d.20:587 listening
127.%d.%d.21:587 listening
the other client: holding
-- the ClientHello before the greeting
verdict: tls_mode_mismatch
ok: false
within deadline: yes
first finding: tls_mode_mismatch error
ADDR:587 speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: the server answered the TLS handshake with the SMTP reply "554 5.5.0 Error: SMTP protocol synchronization" instead of a greeting (a plain SMTP server refusing a client that speaks first)
fix: verified from here: port 587 with STARTTLS works: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
fix: or keep implicit TLS on its own port: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; (not verified from here)
target:pass dns:skip tcp:pass greeting:skip ehlo:skip starttls:skip tls:fail certificate:skip auth:skip quit:skip
tls: fail: the server answered the TLS handshake with "554 5.5.0 Error: SMTP protocol synchronization\r\n" (%s)
string(4) "smtp"
array(2) {
  [0]=>
  string(48) "*: the TLS handshake was answered in plain text:"
  [1]=>
  string(49) "S: 554 5.5.0 Error: SMTP protocol synchronization"
}
openssl s_client -starttls smtp -connect 'ADDR:587' -brief </dev/null
array(3) {
  [0]=>
  int(587)
  [1]=>
  string(8) "starttls"
  [2]=>
  bool(true)
}
-- the ClientHello and the greeting crossing, three times
tls_mode_mismatch: ADDR:587 speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: ONE OF THE TWO ANSWERS
  fix: verified from here: port 587 with STARTTLS works: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
tls_mode_mismatch: ADDR:587 speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: ONE OF THE TWO ANSWERS
  fix: verified from here: port 587 with STARTTLS works: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
tls_mode_mismatch: ADDR:587 speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was configured: ONE OF THE TWO ANSWERS
  fix: verified from here: port 587 with STARTTLS works: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
