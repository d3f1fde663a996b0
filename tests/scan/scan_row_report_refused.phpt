--TEST--
smtpdiag_scan(): the report of a port refused at TCP is a real report like smtpdiag_probe()'s: tcp check failed with the outcome, target filled in, transcript
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$closed = sd_free_ports(1)[0];
$r = smtpdiag_scan('127.0.0.1', ['ports' => [$closed], 'timeout' => 2]);
$row = $r['ports'][0];
$x = $row['report'];
$p = smtpdiag_probe('127.0.0.1', $closed, ['security' => 'starttls', 'timeout' => 2]);
echo "row: {$row['verdict']}, report: {$x['verdict']}\n";
echo 'scan row checks:  ', sd_stages($x), "\n";
echo 'probe checks:     ', sd_stages($p), "\n";
// the environment check says what this machine is: the same in both
echo 'environment check as the probe\'s: ', sd_check($x, 'environment')['status'] === sd_check($p, 'environment')['status'] ? 'yes' : 'NO', "\n";
$tcp = sd_check($x, 'tcp');
echo "tcp: {$tcp['status']}: {$tcp['message']}; outcomes: ", implode(',', array_column($tcp['data'], 'outcome')), "\n";
echo 'target: ', json_encode($x['target']), "\n";
echo 'transcript: ', json_encode($x['transcript']), "\n";
echo 'same keys as a probe: ', array_keys($x) === array_keys($p) ? 'yes' : 'NO', "\n";
?>
--EXPECTF--
row: connection_refused, report: connection_refused
scan row checks:  target:pass dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
probe checks:     target:pass dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
environment check as the probe's: yes
tcp: fail: 127.0.0.1 port %d: Connection refused; outcomes: refused
target: {"host":"127.0.0.1","host_ascii":"127.0.0.1","host_kind":"ipv4","port":%d,"security":"starttls","peer_name":"127.0.0.1","provider":null,"addresses":["127.0.0.1"]}
transcript: ["*: connect to 127.0.0.1 port %d: Connection refused"]
same keys as a probe: yes
