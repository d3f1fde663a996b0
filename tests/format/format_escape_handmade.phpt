--TEST--
smtpdiag_format(): a hand-made array with C0 controls, DEL, newlines and C1 as UTF-8 (\xc2\x9b, \xc2\x85) is shown escaped in text and JSON; non-strings as "-"
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--FILE--
<?php
$r = [
    'ok' => false,
    'verdict' => "bad\x1b[2Jverdict",
    'summary' => "line1\nline2\r\t\x07\x00 csi:\xc2\x9b31m nel:\xc2\x85 e-acute:\xc3\xa9 end",
    'fixes' => ["fix \x1b]0;title\x07", 42, ['nested'], null, true, "ok\x7fdel"],
    'checks' => [
        ['name' => "tcp\x1b", 'status' => 'pass', 'ms' => 1.5, 'message' => "m\x00x\xc2\x9b"],
        ['name' => 'x', 'status' => 'weird', 'ms' => 'abc', 'message' => null],
        'not an array',
    ],
    'findings' => [['code' => "c\x1b", 'severity' => "warning", 'message' => "\xc2\x9b2J"]],
    'transcript' => ["S: \x1b[31mred", "C: \xc2\x9b", "*: tab\there"],
];
$text = smtpdiag_format($r);
echo $text;
echo '-- text: control characters besides \n: ', preg_match('/[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]/', $text) ? 'FOUND' : 'none', "\n";
echo '-- text: lines: ', substr_count($text, "\n"), "\n";
$json = smtpdiag_format($r, 'json');
echo '-- json: C0 controls: ', preg_match('/[\x00-\x09\x0b-\x1f]/', $json) ? 'FOUND' : 'none', "\n";
echo '-- json: UTF-8 C1: ', preg_match('/\xc2[\x80-\x9f]/', $json) ? 'FOUND' : 'none', "\n";
$back = json_decode($json, true);
echo '-- json: strings come back: ', $back['verdict'] === $r['verdict'] && $back['summary'] === $r['summary'] && $back['transcript'] === $r['transcript'] ? 'yes' : 'NO', "\n";
echo '-- json: escapes: ', implode(' ', array_unique(preg_match_all('/\\\\u00[0-9a-f]{2}/', $json, $m) ? $m[0] : [])), "\n";
?>
--EXPECT--
PROBLEM bad\x1b[2Jverdict: line1\x0aline2\x0d\x09\x07\x00 csi:\u009b31m nel:\u0085 e-acute:é end

checks:
  [ ok ] tcp\x1b                     1.5 ms  m\x00x\u009b
  [ ?? ] x                        0.0 ms  -

fixes:
  1. fix \x1b]0;title\x07
  2. 42
  3. -
  4. -
  5. yes
  6. ok\x7fdel

findings:
  warning c\x1b: \u009b2J

transcript:
  S: \x1b[31mred
  C: \u009b
  *: tab\x09here
-- text: control characters besides \n: none
-- text: lines: 21
-- json: C0 controls: none
-- json: UTF-8 C1: none
-- json: strings come back: yes
-- json: escapes: \u001b \u0007 \u0000 \u009b \u0085 \u00e9 \u007f
