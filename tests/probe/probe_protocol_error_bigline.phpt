--TEST--
smtpdiag_probe(): a megabyte greeting line without CRLF is protocol_error (line too long) at once; memory stays bounded and the transcript line is capped
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
function hwm_kb(): int
{
    preg_match('/^VmHWM:\s+(\d+)/m', (string) @file_get_contents('/proc/self/status'), $m);
    return (int) ($m[1] ?? 0);
}
$fx = sd_fixture_start('bigline');
$before = hwm_kb();
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['timeout' => 5]);
$grown = hwm_kb() - $before;
sd_show($r, 5);
// Under valgrind (run-tests -m sets USE_ZEND_ALLOC=0) the resident size is valgrind's, not ours.
echo 'memory bounded: ', getenv('USE_ZEND_ALLOC') === '0' || $grown < 1024 ? 'yes' : "NO (+$grown KiB)", "\n";
echo 'elapsed within 1000 ms: ', sd_deadline_kept($r['elapsed_ms'], 1000), "\n";
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'greeting');
echo "greeting: {$c['status']}: ", substr($c['message'], 0, 60), "\n";
var_dump(strlen($c['message']) < 1024, $r['server']['first_bytes']);
$lines = array_values(array_filter($r['transcript'], fn($l) => str_starts_with($l, 'S: 220 xxxx')));
var_dump(count($lines), strlen($lines[0] ?? '') > 100 && strlen($lines[0] ?? '') <= 4096);
var_dump(strlen(implode("\n", $r['transcript'])) <= 16384, strlen(json_encode($r)) < 64 * 1024);
?>
--EXPECTF--
verdict: protocol_error
ok: false
within deadline: yes
first finding: protocol_error error
memory bounded: yes
elapsed within 1000 ms: yes
127.0.0.1:%d does not speak SMTP: its greeting is not a valid SMTP reply (line too long)
fix: check the host and port: this is not the mail server's SMTP port
target:pass dns:skip tcp:pass greeting:fail ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
greeting: fail: greeting: not an SMTP reply (line too long): 220 xxxxxxxxxxx
bool(true)
string(4) "smtp"
int(1)
bool(true)
bool(true)
bool(true)
