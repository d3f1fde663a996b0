--TEST--
smtpdiag_probe(): what a certificate says (subject, issuer, CN, subjectAltNames, PHP's name-mismatch message) is escaped as server text is: C0 and C1 controls, bidi overrides, the combining grapheme joiner, Hangul fillers, variation selectors and tag characters never reach the report or the text output raw
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif(['openssl']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require(['openssl']);
$dir = sd_work();
// A self-signed certificate whose names a man in the middle could choose: CSI (U+009B) and a right-to-left
// override in the CN, a tag character, a Hangul filler and a variation selector in O, ESC in a DNS name.
$cn = "mail\u{202E}txt.exe\u{9B}2J\u{34F}.test";
$o = "Evil\u{FE0F} \u{3164}Corp\u{E0041}";
sd_must(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', "$dir/evil.key", '-out', "$dir/evil.crt", '-days', '30', '-utf8', '-subj', "/O=$o/CN=$cn",
    '-addext', "subjectAltName=DNS:esc\x1b[31m.test,DNS:mail.test"]);
$port = sd_server_ports(1)[0];
$p = proc_open(sd_untraced(['openssl', 's_server', '-quiet', '-accept', (string) $port, '-cert', "$dir/evil.crt", '-key', "$dir/evil.key"]),
    [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', "$dir/s_server.err", 'w']], $pipes, null, sd_helper_env());
$pid = proc_get_status($p)['pid'];
sd_on_exit(static function () use ($p, $pid, $pipes): void {
    sd_run(['kill', (string) $pid]);
    fclose($pipes[0]);
    proc_close($p);
});
for ($i = 0; $i < 50 && !($c = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 1)); $i++) {
    usleep(100000);
}
fclose($c);   // s_server serves one connection at a time: this one ends before the probe's
usleep(200000);

// Raw bytes that must not appear: C0 controls and DEL, C1 controls and every character the host check
// calls invisible (U+202E, U+034F, U+3164, U+FE0F, U+E0041 among them).
$raw = static fn(string $s): bool => (bool) preg_match('/[\x00-\x1f\x7f]|[\x{80}-\x{9f}\x{34f}\x{202a}-\x{202e}\x{3164}\x{fe00}-\x{fe0f}\x{e0000}-\x{e0fff}]/u', $s)
    || !preg_match('//u', $s);

// Verification on: the self-signed chain fails, and the certificate is still described.
$r = smtpdiag_probe('127.0.0.1', $port, ['security' => 'smtps', 'peer_name' => 'mail.test', 'timeout' => 5]);
$cert = $r['server']['tls']['certificate'];
echo "verdict: {$r['verdict']}\n";
echo "subject: {$cert['subject']}\n";
echo "issuer: {$cert['issuer']}\n";
echo "common_name: {$cert['common_name']}\n";
echo 'san: ', implode(' ', $cert['san']), "\n";
$text = smtpdiag_format($r, 'text');
$json = smtpdiag_format($r, 'json');
var_dump($raw(json_encode($r, JSON_UNESCAPED_UNICODE)), $raw(str_replace("\n", ' ', $text)), $raw(json_decode($json, true)['server']['tls']['certificate']['subject']));

// Verification of the chain off, the name checked: PHP's message quotes the CN, escaped.
$r = smtpdiag_probe('127.0.0.1', $port, ['security' => 'smtps', 'verify_peer' => false, 'peer_name' => 'other.test', 'timeout' => 5]);
echo "verdict: {$r['verdict']}\n";
$c = sd_check($r, 'certificate');
echo "certificate: {$c['status']}: {$c['message']}\n";
var_dump($raw(json_encode($r, JSON_UNESCAPED_UNICODE)), $raw(str_replace("\n", ' ', smtpdiag_format($r, 'text'))));
?>
--EXPECT--
verdict: cert_untrusted
subject: CN=mail\u202etxt.exe\u009b2J\u034f.test,O=Evil\ufe0f \u3164Corp\U000e0041
issuer: CN=mail\u202etxt.exe\u009b2J\u034f.test,O=Evil\ufe0f \u3164Corp\U000e0041
common_name: mail\u202etxt.exe\u009b2J\u034f.test
san: esc\x1b[31m.test mail.test
bool(false)
bool(false)
bool(false)
verdict: cert_name_mismatch
certificate: fail: certificate for mail\u202etxt.exe\u009b2J\u034f.test (names: esc\x1b[31m.test, mail.test); Peer certificate CN=`mail\u202etxt.exe\u009b2J\u034f.test' did not match expected CN=`other.test'
bool(false)
bool(false)
