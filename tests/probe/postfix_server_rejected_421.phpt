--TEST--
smtpdiag_probe(): a real Postfix past smtpd_client_connection_count_limit greets with 421 and closes (the behaviour the greeting421 fixture copies): server_rejected with the reply, nothing sent after it, the quit check saying the server closed
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
// One more smtpd for this test, allowing one connection per client (127.0.0.1 is in mynetworks, which
// is exempt from the limits unless smtpd_client_event_limit_exceptions is emptied); master re-reads
// master.cf on SIGHUP.
$port = sd_server_ports(1)[0];
file_put_contents("{$mta['dir']}/etc/master.cf", "127.0.0.1:$port inet n - n - - smtpd -o smtpd_client_connection_count_limit=1"
    . " -o smtpd_client_event_limit_exceptions= -o smtpd_tls_security_level=none\n", FILE_APPEND);
sd_must(['kill', '-HUP', trim(file_get_contents("{$mta['dir']}/master.pid"))]);
for ($i = 0; $i < 100 && !($held = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 1)); $i++) {
    usleep(100000);
}
stream_set_timeout($held, 5);
echo 'first connection: ', trim((string) fgets($held)), "\n";

$r = smtpdiag_probe('127.0.0.1', $port, ['timeout' => 5]);
sd_show($r, 5);
echo str_replace((string) $port, 'PORT', $r['summary']), "\n";
echo sd_stages($r), "\n";
foreach (['greeting', 'quit'] as $name) {
    $c = sd_check($r, $name);
    echo "$name: {$c['status']}: {$c['message']}\n";
}
echo json_encode($r['server']['greeting']['enhanced']), ' ', json_encode(array_slice($r['transcript'], 1)), "\n";
fclose($held);
?>
--EXPECT--
first connection: 220 localhost ESMTP smtpdiag test MTA
verdict: server_rejected
ok: false
within deadline: yes
first finding: server_rejected error
The server at 127.0.0.1:PORT refused this client: 421 localhost Error: too many connections from 127.0.0.1
target:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: 421 localhost Error: too many connections from 127.0.0.1
quit: skip: not sent: the server closed the connection after its 421, and PHPMailer sends no QUIT after a greeting other than 220 or 554
"4.7.0" ["S: 421 4.7.0 localhost Error: too many connections from 127.0.0.1"]
