--TEST--
smtpdiag_probe(): a port or mode that contradicts the provider table is a finding while the probe still runs to its own verdict (a plain SMTP fixture on loopback: ok); facts marked "verify" give an info; look-alike names match nothing
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php if (PHP_OS_FAMILY !== 'Linux') echo 'skip needs Linux'; ?>
--FILE--
<?php
require __DIR__ . '/providers.inc';
$fx = sd_fixture_start('nostarttls');
$port = $fx['port'];
foreach (['smtp.gmail.com', 'SMTP.Mail.Yahoo.com.', 'email-smtp.eu-west-1.amazonaws.com', 'gmail.com.evil.test', 'notsmtp.gmail.com.example'] as $host) {
    $r = smtpdiag_probe($host, $port, ['connect_to' => '127.0.0.1', 'security' => 'none', 'timeout' => 3]);
    echo "-- $host\nverdict: {$r['verdict']}, ok: ", var_export($r['ok'], true), ", provider: ", json_encode($r['target']['provider']['id'] ?? null), "\n";
    foreach ($r['findings'] as $f) {
        echo 'finding: ', str_replace((string) $port, 'PORT', "{$f['code']} {$f['severity']}: {$f['message']}"), "\n";
    }
    echo 'fixes: ', count($r['fixes']), "\n";
}
// A port and mode the table lists: no finding.
$r = smtpdiag_probe('smtp.gmail.com', 465, ['connect_to' => '127.0.0.1', 'security' => 'smtps', 'timeout' => 0.5]);
echo "-- smtp.gmail.com:465 smtps\n", in_array('provider_mismatch', sd_codes($r), true) ? 'FINDING' : 'no finding', "\n";
?>
--EXPECT--
-- smtp.gmail.com
verdict: ok, ok: true, provider: "gmail"
finding: provider_mismatch warning: Gmail offers no port PORT; its documented ports are 587 with STARTTLS; 465 with implicit TLS
fixes: 0
-- SMTP.Mail.Yahoo.com.
verdict: ok, ok: true, provider: "yahoo"
finding: provider_mismatch info: Yahoo Mail offers no port PORT; its documented ports are 587 with STARTTLS; 465 with implicit TLS
fixes: 0
-- email-smtp.eu-west-1.amazonaws.com
verdict: ok, ok: true, provider: "ses"
finding: provider_mismatch warning: Amazon SES offers no port PORT; its documented ports are 587, 2587 and 25 with STARTTLS; 465 and 2465 with implicit TLS
fixes: 0
-- gmail.com.evil.test
verdict: ok, ok: true, provider: null
fixes: 0
-- notsmtp.gmail.com.example
verdict: ok, ok: true, provider: null
fixes: 0
-- smtp.gmail.com:465 smtps
no finding
