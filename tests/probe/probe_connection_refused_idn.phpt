--TEST--
smtpdiag_probe(): an internationalised host is converted to its ASCII form (host_idn warning: PHPMailer rejects it as written); connect_to and a closed port keep it off DNS
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
[$port] = sd_free_ports(1);
$r = smtpdiag_probe('bücher.example', $port, ['connect_to' => '127.0.0.1', 'timeout' => 5]);
sd_show($r, 5);
var_dump($r['target']['host'], $r['target']['host_ascii'], $r['target']['host_kind'], $r['target']['peer_name'], $r['target']['addresses']);
foreach (sd_findings($r) as $f) {
    echo "{$f['code']} {$f['severity']}: {$f['message']}\n";
}
echo sd_stages($r), "\n";
echo sd_check($r, 'target')['message'], "\n";
echo sd_check($r, 'dns')['message'], "\n";
?>
--EXPECTF--
verdict: connection_refused
ok: false
within deadline: yes
first finding: connection_refused error
string(15) "bücher.example"
string(21) "xn--bcher-kva.example"
string(3) "idn"
string(21) "xn--bcher-kva.example"
array(1) {
  [0]=>
  string(9) "127.0.0.1"
}
connection_refused error: bücher.example:%d refused the connection (Connection refused): nothing listens there, or a firewall rejects it
host_idn warning: "bücher.example" is an internationalised name: PHPMailer rejects it as written; use $mail->Host = 'xn--bcher-kva.example';
target:pass dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
xn--bcher-kva.example port %d, security auto
connect_to 127.0.0.1: the name is not resolved
