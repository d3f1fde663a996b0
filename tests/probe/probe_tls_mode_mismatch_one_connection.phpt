--TEST--
smtpdiag_probe(): STARTTLS against an implicit-TLS server that serves one connection at a time (openssl s_server) is tls_mode_mismatch after the 1 s silence, found with a ClientHello on the first connection (a second connection would wait behind it until the deadline: no_greeting)
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif(['openssl']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require(['openssl']);
$certs = sd_certs();
$port = sd_server_ports(1)[0];
// openssl s_server accepts one connection and serves it to the end before it accepts the next.
$p = proc_open(sd_untraced(['openssl', 's_server', '-quiet', '-accept', (string) $port, '-cert', "$certs/valid.bundle.pem"]),
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', sd_work() . '/s_server.err', 'w']], $pipes, null, sd_helper_env());
$pid = proc_get_status($p)['pid'];
sd_on_exit(static function () use ($p, $pid, $pipes): void {
    sd_run(['kill', (string) $pid]);
    fclose($pipes[0]);
    proc_close($p);
});
for ($i = 0; $i < 50 && !($c = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 1)); $i++) {
    usleep(100000);
}
fclose($c);   // the readiness check: s_server sees a hang-up and accepts the next connection
usleep(200000);

$r = smtpdiag_probe('localhost', $port, ['security' => 'starttls', 'cafile' => "$certs/ca.pem", 'timeout' => 8]);
sd_show($r, 8);
$g = sd_check($r, 'greeting');
echo "greeting: {$g['status']}: {$g['message']}\n";
// Under valgrind (run-tests -m sets USE_ZEND_ALLOC=0) OpenSSL's set-up alone takes seconds: only the verdict counts there.
$slow = getenv('USE_ZEND_ALLOC') === '0';
echo 'found after the 1 s silence, not at the deadline: ', $g['ms'] >= 900 && ($slow || $g['ms'] < 2000) ? 'yes' : "NO ({$g['ms']} ms)", "\n";
echo str_replace((string) $port, 'PORT', $r['summary']), "\n";
echo json_encode(array_slice($r['transcript'], 1)), "\n";
?>
--EXPECT--
verdict: tls_mode_mismatch
ok: false
within deadline: yes
first finding: tls_mode_mismatch error
greeting: fail: no greeting; the port answers a TLS handshake
found after the 1 s silence, not at the deadline: yes
localhost:PORT expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured
["*: no greeting after 1000 ms; a TLS ClientHello on this connection got: tls"]
