--TEST--
smtpdiag_format() text of real reports (fixtures 'nostarttls' and 'hostile', a refused port): verdict line first, one line per check that ran with its mark, the checks not reached named on one line, fixes numbered, the transcript, no control character
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

    // checks: the "checks:" heading, then one line per check that ran, in order, with its mark, name and
    // message; then the ones not reached, by name, on one line.
    $at = array_search('checks:', $lines, true);
    $ok = $at !== false;
    $ran = array_values(array_filter($r['checks'], fn($c) => !($c['status'] === 'skip' && $c['message'] === 'not reached')));
    $unreached = array_column(array_filter($r['checks'], fn($c) => $c['status'] === 'skip' && $c['message'] === 'not reached'), 'name');
    foreach ($ran as $i => $c) {
        $line = $lines[$at + 1 + $i] ?? '';
        $want = '/^  ' . preg_quote($marks[$c['status']], '/') . ' ' . preg_quote($c['name'], '/') . ' +\d+\.\d ms  '
            . preg_quote($c['message'], '/') . '$/';
        if (!preg_match($want, $line)) {
            $ok = false;
            echo "check line $i wrong: $line\n";
        }
    }
    $next = $lines[$at + 1 + count($ran)] ?? '';
    if ($unreached) {
        $ok = $ok && $next === '  not reached: ' . implode(', ', $unreached);
        echo 'not reached: ', implode(', ', $unreached), "\n";
    } else {
        $ok = $ok && $next === '';
    }
    echo 'one line per check that ran (', count($ran), ' of ', count($r['checks']), '), mark, name, message: ', $ok ? 'yes' : 'NO', "\n";
    echo 'check lines: ', count(preg_grep('/^  \[(?: ok |warn|FAIL|skip)\] /', $lines)), ', "not reached" lines: ',
        count(preg_grep('/^  not reached: /', $lines)), "\n";

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

echo "-- a refused port\n";
$r = smtpdiag_probe('127.0.0.1', sd_free_ports(1)[0], ['security' => 'auto', 'timeout' => 5]);
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
one line per check that ran (11 of 11), mark, name, message: yes
check lines: 11, "not reached" lines: 0
no fixes section: yes
transcript in order (%d lines): yes
sections in order: checks: findings: server: transcript:
control characters besides \n: none
text is the default: yes
-- nostarttls, starttls required
first line: PROBLEM starttls_unavailable: %s
first line is the verdict line: yes
ends with a newline: yes
not reached: tls, certificate, auth
one line per check that ran (8 of 11), mark, name, message: yes
check lines: 8, "not reached" lines: 1
fixes numbered 1..%d: yes
transcript in order (%d lines): yes
sections in order: checks: fixes: findings: server: transcript:
control characters besides \n: none
-- a refused port
first line: PROBLEM connection_refused: %s
first line is the verdict line: yes
ends with a newline: yes
not reached: greeting, ehlo, starttls, tls, certificate, auth, quit
one line per check that ran (4 of 11), mark, name, message: yes
check lines: 4, "not reached" lines: 1
fixes numbered 1..%d: yes
transcript in order (1 lines): yes
sections in order: checks: fixes: findings: transcript:
control characters besides \n: none
-- hostile
first line: OK ok: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process
first line is the verdict line: yes
ends with a newline: yes
one line per check that ran (11 of 11), mark, name, message: yes
check lines: 11, "not reached" lines: 0
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
