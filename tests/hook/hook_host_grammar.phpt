--TEST--
smtpdiag_phpmailer(): PHPMailer's Host grammar: a skipped bad entry, tls:// (STARTTLS), ssl:// (implicit TLS), an entry port over Port, an all-invalid list, NBSP and zero-width space
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
$fx = sd_fixture_start('nostarttls');
$port = $fx['port'];
function row(array $h): string
{
    return sprintf('entry=%s host=%s port=%s security=%s connect=%s skipped=%s reason=%s report=%s', $h['entry'],
        var_export($h['host'], true), var_export($h['port'], true), var_export($h['security'], true),
        var_export($h['connect'], true), var_export($h['skipped'], true), var_export($h['reason'], true),
        $h['report'] === null ? 'null' : $h['report']['verdict']);
}

echo "-- bad_host;127.0.0.1:PORT\n";
$r = smtpdiag_phpmailer(hk_mailer(['Host' => "bad_host;127.0.0.1:$port", 'Port' => 1, 'SMTPSecure' => '', 'SMTPAutoTLS' => false]), ['cache' => false]);
echo "verdict: {$r['verdict']}, target: {$r['target']['host']}:{$r['target']['port']}\n";
foreach ($r['hosts'] as $h) {
    echo row($h), "\n";
}
$f = hk_finding($r, 'host_entry_skipped');
echo $f['severity'], ': ', $f['message'], "\n";
var_dump(str_contains($f['message'], '"Invalid host:  bad_host"'), in_array($f, $r['config'], true));

echo "-- tls://127.0.0.1:PORT with SMTPSecure '' (STARTTLS, no prefix given to PHP)\n";
$r = smtpdiag_phpmailer(hk_mailer(['Host' => "tls://127.0.0.1:$port", 'SMTPSecure' => '']), ['cache' => false]);
echo row($r['hosts'][0]), "\n";
echo "verdict: {$r['verdict']}, target security: {$r['target']['security']}\n";

echo "-- ssl://127.0.0.1:PORT with SMTPSecure 'tls' (implicit TLS)\n";
$r = smtpdiag_phpmailer(hk_mailer(['Host' => "ssl://127.0.0.1:$port", 'SMTPSecure' => 'tls']), ['cache' => false]);
echo row($r['hosts'][0]), "\n";
echo "verdict: {$r['verdict']}, target security: {$r['target']['security']}\n";

echo "-- an entry's port overrides Port; an entry without one uses Port; :0 keeps Port\n";
$r = smtpdiag_phpmailer(hk_mailer(['Host' => "127.0.0.1:$port", 'Port' => 2, 'SMTPSecure' => '', 'SMTPAutoTLS' => false]), ['cache' => false]);
echo row($r['hosts'][0]), "\n";
$r = smtpdiag_phpmailer(hk_mailer(['Host' => '127.0.0.1;127.0.0.1:0', 'Port' => $port, 'SMTPSecure' => '', 'SMTPAutoTLS' => false]), ['cache' => false]);
echo row($r['hosts'][0]), "\n", row($r['hosts'][1]), "\n";

echo "-- only invalid entries\n";
$r = smtpdiag_phpmailer(hk_mailer(['Host' => 'bad_host; ;https://smtp.example.com']), ['cache' => false]);
echo "verdict: {$r['verdict']}, ok: ", var_export($r['ok'], true), "\n";
echo count($r['hosts']), ' entries, skipped: ', implode(',', array_map(fn($h) => var_export($h['skipped'], true), $r['hosts'])), "\n";
echo 'findings: ', implode(',', sd_codes($r)), "\n";
echo 'network: ', implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";

echo "-- invisible characters\n";
foreach (["smtp.example.com\u{00A0}", "\u{00A0}smtp.example.com", "smtp.\u{200B}example.com", "\u{FEFF}smtp.example.com"] as $host) {
    $r = smtpdiag_phpmailer(hk_mailer(['Host' => $host, 'Port' => 587, 'SMTPSecure' => 'tls']), ['cache' => false]);
    echo json_encode($host), ": {$r['verdict']}, ok ", var_export($r['ok'], true), ", fix: {$r['fixes'][0]}\n";
    echo '  ', $r['summary'], "\n";
}
?>
--EXPECTF--
-- bad_host;127.0.0.1:PORT
verdict: ok, target: 127.0.0.1:%d
entry=bad_host host='bad_host' port=NULL security=NULL connect=NULL skipped=true reason='illegal character \'_\' at offset 3; underscores are not allowed in host names' report=null
entry=127.0.0.1:%d host='127.0.0.1' port=%d security='none' connect='127.0.0.1:%d' skipped=false reason=NULL report=ok
warning: PHPMailer skips Host entry "bad_host" (illegal character '_' at offset 3; underscores are not allowed in host names); it says only "Invalid host:  bad_host" in its debug output
bool(true)
bool(true)
-- tls://127.0.0.1:PORT with SMTPSecure '' (STARTTLS, no prefix given to PHP)
entry=tls://127.0.0.1:%d host='127.0.0.1' port=%d security='starttls' connect='127.0.0.1:%d' skipped=false reason=NULL report=starttls_unavailable
verdict: starttls_unavailable, target security: starttls
-- ssl://127.0.0.1:PORT with SMTPSecure 'tls' (implicit TLS)
entry=ssl://127.0.0.1:%d host='127.0.0.1' port=%d security='smtps' connect='ssl://127.0.0.1:%d' skipped=false reason=NULL report=tls_mode_mismatch
verdict: tls_mode_mismatch, target security: smtps
-- an entry's port overrides Port; an entry without one uses Port; :0 keeps Port
entry=127.0.0.1:%d host='127.0.0.1' port=%d security='none' connect='127.0.0.1:%d' skipped=false reason=NULL report=ok
entry=127.0.0.1 host='127.0.0.1' port=%d security='none' connect='127.0.0.1:%d' skipped=false reason=NULL report=ok
entry=127.0.0.1:0 host='127.0.0.1' port=%d security='none' connect='127.0.0.1:%d' skipped=false reason=NULL report=null
-- only invalid entries
verdict: host_malformed, ok: false
3 entries, skipped: true,true,true
findings: host_malformed,host_entry_skipped,host_entry_skipped,host_entry_skipped
network: target:skip environment:skip dns:skip tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
-- invisible characters
"smtp.example.com\u00a0": host_malformed, ok false, fix: $mail->Host = 'smtp.example.com';
  %s
"\u00a0smtp.example.com": host_malformed, ok false, fix: $mail->Host = 'smtp.example.com';
  %s
"smtp.\u200bexample.com": host_malformed, ok false, fix: $mail->Host = 'smtp.example.com';
  %s
"\ufeffsmtp.example.com": host_malformed, ok false, fix: $mail->Host = 'smtp.example.com';
  %s
