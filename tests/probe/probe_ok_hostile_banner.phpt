--TEST--
smtpdiag_probe(): a banner and EHLO full of terminal escape sequences: ok, every escape shown as text, no ESC byte anywhere in the report
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('hostile');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['timeout' => 5]);
sd_show($r, 5);
$json = json_encode($r);
var_dump($json !== false, str_contains($json, "\x1b"), str_contains($json, '\u001b'), str_contains($json, "\x07"), str_contains($json, '\u0007'));
// Nowhere in the array either (json_encode would hide a raw ESC as \u001b).
$raw = false;
array_walk_recursive($r, function ($v) use (&$raw) { if (is_string($v) && preg_match('/[\x00-\x08\x0b-\x1f\x7f]/', $v)) { $raw = true; } });
var_dump($raw);
var_dump($r['server']['banner'], $r['server']['extensions'], $r['transcript'][1]);
echo sd_check($r, 'greeting')['message'], "\n";
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
bool(true)
bool(false)
bool(false)
bool(false)
bool(false)
bool(false)
string(54) "smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred"
array(2) {
  [0]=>
  string(12) "\x1b[5mBLINK"
  [1]=>
  string(8) "8BITMIME"
}
string(61) "S: 220 smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred"
220 smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred
