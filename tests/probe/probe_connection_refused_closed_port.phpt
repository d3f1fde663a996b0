--TEST--
smtpdiag_probe(): a closed port is connection_refused at once
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
[$port] = sd_free_ports(1);
$r = smtpdiag_probe('127.0.0.1', $port, ['timeout' => 5]);
sd_show($r, 5);
var_dump($r['elapsed_ms'] < 1000);
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
$c = sd_check($r, 'tcp');
echo "tcp: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['banner'], $r['server']['first_bytes'], $r['transcript']);
echo $r['reproduce'], "\n";
?>
--EXPECTF--
verdict: connection_refused
ok: false
within deadline: yes
first finding: connection_refused error
bool(true)
127.0.0.1:%d refused the connection (Connection refused): nothing listens there, or a firewall rejects it
fix: %s: $mail->Port = 25; $mail->SMTPSecure = '';%S
fix: nothing listens on port %d of this machine: start the mail server, or see the ports it listens on with ss -ltnp
target:pass environment:pass dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
tcp: fail: 127.0.0.1 port %d: Connection refused
NULL
string(4) "none"
array(1) {
  [0]=>
  string(%d) "*: connect to 127.0.0.1 port %d: Connection refused"
}
nc -vz -w 5 '127.0.0.1' %d
