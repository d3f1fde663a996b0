--TEST--
smtpdiag_format() text of real reports (fixtures 'nostarttls' and 'hostile'): verdict line first, one line per check with its mark, fixes numbered, the transcript, no control character
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';

/** Checks a text rendering against the report it came from; prints what holds. */
function check_text(array $r, string $text): void
{
    $lines = explode("\n", $text);
    $marks = ['pass' => '[ ok ]', 'warn' => '[warn]', 'fail' => '[FAIL]', 'skip' => '[skip]'];
    echo 'first line: ', $lines[0], "\n";
    echo 'first line is the verdict line: ', $lines[0] === ($r['ok'] ? 'OK ' : 'PROBLEM ') . $r['verdict'] . ': ' . $r['summary'] ? 'yes' : 'NO', "\n";
    echo 'ends with a newline: ', str_ends_with($text, "\n") ? 'yes' : 'NO', "\n";

    // checks: the "checks:" heading, then one line per check, in order, with its mark, name and message.
    $at = array_search('checks:', $lines, true);
    $ok = $at !== false;
    foreach ($r['checks'] as $i => $c) {
        $line = $lines[$at + 1 + $i] ?? '';
        $want = '/^  ' . preg_quote($marks[$c['status']], '/') . ' ' . preg_quote($c['name'], '/') . ' +\d+\.\d ms  '
            . preg_quote($c['message'], '/') . '$/';
        if (!preg_match($want, $line)) {
            $ok = false;
            echo "check line $i wrong: $line\n";
        }
    }
    echo 'one line per check (', count($r['checks']), '), mark, name, message: ', $ok ? 'yes' : 'NO', "\n";
    echo 'check lines: ', count(preg_grep('/^  \[(?: ok |warn|FAIL|skip)\] /', $lines)), "\n";

    // fixes: "fixes:" then "  1. ...", "  2. ...".
    if ($r['fixes']) {
        $at = array_search('fixes:', $lines, true);
        $ok = $at !== false;
        foreach ($r['fixes'] as $i => $f) {
            $ok = $ok && ($lines[$at + 1 + $i] ?? '') === '  ' . ($i + 1) . '. ' . $f;
        }
        echo 'fixes numbered 1..', count($r['fixes']), ': ', $ok ? 'yes' : 'NO', "\n";
    } else {
        echo 'no fixes section: ', in_array('fixes:', $lines, true) ? 'NO' : 'yes', "\n";
    }

    // transcript: "transcript:" then every entry, indented, in order.
    $at = array_search('transcript:', $lines, true);
    $ok = $at !== false && count($r['transcript']) > 0;
    foreach ($r['transcript'] as $i => $t) {
        $ok = $ok && ($lines[$at + 1 + $i] ?? '') === '  ' . $t;
    }
    echo 'transcript in order (', count($r['transcript']), ' lines): ', $ok ? 'yes' : 'NO', "\n";
    echo 'sections in order: ', implode(' ', array_values(array_intersect($lines, ['checks:', 'fixes:', 'findings:', 'server:', 'transcript:']))), "\n";
    echo 'control characters besides \n: ', preg_match('/[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]/', $text) ? 'FOUND' : 'none', "\n";
}

echo "-- nostarttls, auto\n";
$fx = sd_fixture_start('nostarttls');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['security' => 'auto', 'timeout' => 5]);
check_text($r, smtpdiag_format($r));
echo 'text is the default: ', smtpdiag_format($r) === smtpdiag_format($r, 'text') ? 'yes' : 'NO', "\n";

echo "-- nostarttls, starttls required\n";
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['security' => 'starttls', 'timeout' => 5]);
check_text($r, smtpdiag_format($r));

echo "-- hostile\n";
$fx = sd_fixture_start('hostile');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['security' => 'auto', 'timeout' => 5]);
$text = smtpdiag_format($r);
check_text($r, $text);
echo 'byte 0x1b: ', str_contains($text, "\x1b") ? 'FOUND' : 'none', ', BEL: ', str_contains($text, "\x07") ? 'FOUND' : 'none', "\n";
foreach (explode("\n", $text) as $l) {
    if (str_contains($l, 'owned') || str_contains($l, 'BLINK')) {
        echo $l, "\n";
    }
}
?>
--EXPECTF--
-- nostarttls, auto
first line: OK ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
first line is the verdict line: yes
ends with a newline: yes
one line per check (11), mark, name, message: yes
check lines: 11
no fixes section: yes
transcript in order (%d lines): yes
sections in order: checks: findings: server: transcript:
control characters besides \n: none
text is the default: yes
-- nostarttls, starttls required
first line: PROBLEM starttls_unavailable: %s
first line is the verdict line: yes
ends with a newline: yes
one line per check (11), mark, name, message: yes
check lines: 11
fixes numbered 1..%d: yes
transcript in order (%d lines): yes
sections in order: checks: fixes: findings: server: transcript:
control characters besides \n: none
-- hostile
first line: OK ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
first line is the verdict line: yes
ends with a newline: yes
one line per check (11), mark, name, message: yes
check lines: 11
no fixes section: yes
transcript in order (%d lines): yes
sections in order: checks: findings: server: transcript:
control characters besides \n: none
byte 0x1b: none, BEL: none
  [ ok ] greeting%s220 smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred
  banner:     smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred
  extensions: \x1b[5mBLINK 8BITMIME
  S: 220 smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred
  S: 250-\x1b[5mBLINK
