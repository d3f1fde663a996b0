--TEST--
smtpdiag_probe(): security starttls against an implicit-TLS port of Postfix that answers only after smtpdiag stopped waiting for its answer to the ClientHello (every Postfix process held for 6 s, as on a loaded machine where smtpd starts late) is still tls_mode_mismatch: the HTTP request that follows is met with a close, and a second ClientHello on a new connection gets TLS; not a server that refused this client
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$session = (int) trim(file_get_contents("{$mta['dir']}/master.pid"));
// The Postfix session (master and every process it started) stopped, then resumed 6 s later: the
// connections wait in the listen queue meanwhile. With a 10 s deadline the probe speaks first at 1 s and
// waits for the answer to its ClientHello until 5.5 s (half of what is left), then sends an HTTP request
// on a new connection; smtpd takes up both once resumed, and what is left of the deadline verifies the
// fix (a TLS handshake, slow under valgrind).
$hold = proc_open(['sh', '-c', 'pkill -STOP -s "$0" && echo stopped && sleep 6; pkill -CONT -s "$0"', (string) $session],
    [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', sd_work() . '/hold.err', 'w']], $pipes, null, sd_helper_env());
sd_on_exit(static function () use ($hold, $pipes, $session): void {
    sd_run(['pkill', '-CONT', '-s', (string) $session]);
    fclose($pipes[0]);
    fclose($pipes[1]);
    proc_close($hold);
});
echo 'Postfix: ', trim((string) fgets($pipes[1])), "\n";
$r = smtpdiag_probe('127.0.0.1', $mta['ports']['smtps'], ['security' => 'starttls', 'cafile' => $mta['ca'], 'timeout' => 10]);
sd_show($r, 10);
echo 'after Postfix resumed (6 s): ', $r['elapsed_ms'] >= 6000 ? 'yes' : "NO ({$r['elapsed_ms']} ms)", "\n";
echo $r['summary'], "\n";
echo $r['fixes'][0], "\n";
echo sd_stages($r), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['first_bytes'], $r['transcript']);
?>
--EXPECTF--
Postfix: stopped
verdict: tls_mode_mismatch
ok: false
within deadline: yes
first finding: tls_mode_mismatch error
after Postfix resumed (6 s): yes
127.0.0.1:%d expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured
verified from here: port %d with implicit TLS works: $mail->Port = %d; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
target:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: no greeting; the port answers a TLS handshake
string(4) "none"
array(6) {
  [0]=>
  string(%d) "*: connected to 127.0.0.1 port %d"
  [1]=>
  string(76) "*: no greeting after 1000 ms; a TLS ClientHello on this connection got: none"
  [2]=>
  string(%d) "*: connected again to 127.0.0.1 port %d"
  [3]=>
  string(18) "C: HEAD / HTTP/1.0"
  [4]=>
  string(%d) "*: connected again to 127.0.0.1 port %d"
  [5]=>
  string(88) "*: the HTTP request was met with a close; a TLS ClientHello on a new connection got: tls"
}
