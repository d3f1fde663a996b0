--TEST--
smtpdiag_probe(): a greeting trickling one byte a second is timeout, and the probe ends at its 2.5 s deadline
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('slowbytes');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['timeout' => 2.5]);
sd_show($r, 2.5);
echo 'ran to the deadline: ', $r['elapsed_ms'] >= 2400 ? 'yes' : 'NO (' . $r['elapsed_ms'] . ')', "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['banner'], $r['transcript'][1], in_array('C: QUIT', $r['transcript'], true));
?>
--EXPECTF--
verdict: timeout
ok: false
within deadline: yes
first finding: timeout error
ran to the deadline: yes
127.0.0.1:%d stalled: the greeting arrived only in part, and the 2.5 s deadline ran out
fix: the server is overloaded or a middlebox holds the connection: try again, or try the other submission port
target:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: greeting: no complete reply before the deadline (220)
NULL
string(6) "S: 220"
bool(false)
