--TEST--
smtpdiag_probe(): server.tls.certificate gives the expiry as not_after_unix (openssl's notAfter) and days_left, whatever the verdict; every chain entry has not_after_unix
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/monitor_lib.inc';
sd_require_root();
$mta = sd_mta_start();
foreach (['smtps' => 'valid', 'expiring_smtps' => 'expiring', 'expired_smtps' => 'expired', 'wrongname_smtps' => 'wrongname',
    'selfsigned_smtps' => 'selfsigned'] as $listener => $cert) {
    $r = smtpdiag_probe('localhost', $mta['ports'][$listener], ['security' => 'smtps', 'cafile' => $mta['ca'], 'timeout' => 5]);
    $c = $r['server']['tls']['certificate'];
    $left = $c['not_after_unix'] - time();
    printf("%s: verdict %s, not_after_unix %s, matches not_after: %s, days_left %d (%s)\n", $cert, $r['verdict'],
        $c['not_after_unix'] === mon_not_after($mta['certs'] . "/$cert.crt") ? "= openssl's notAfter" : 'WRONG',
        strtotime($c['not_after']) === $c['not_after_unix'] ? 'yes' : 'NO', $c['days_left'],
        $c['days_left'] === (int) floor($left / 86400) ? 'whole days, rounded down' : 'WRONG');
    echo '  chain: ', implode(' ', array_map(fn($x) => is_int($x['not_after_unix']) && strtotime($x['not_after']) === $x['not_after_unix'] ? 'ok' : 'WRONG', $r['server']['tls']['chain'])), "\n";
}
$r = smtpdiag_probe('127.0.0.1', $mta['ports']['plain'], ['timeout' => 5]);
echo 'no TLS: ', var_export($r['server']['tls'], true), "\n";
?>
--EXPECTF--
valid: verdict ok, not_after_unix = openssl's notAfter, matches not_after: yes, days_left 36%d (whole days, rounded down)
  chain: ok ok
expiring: verdict ok, not_after_unix = openssl's notAfter, matches not_after: yes, days_left %r(9|10)%r (whole days, rounded down)
  chain: ok ok
expired: verdict cert_expired, not_after_unix = openssl's notAfter, matches not_after: yes, days_left -3%d (whole days, rounded down)
  chain: ok ok
wrongname: verdict cert_name_mismatch, not_after_unix = openssl's notAfter, matches not_after: yes, days_left 36%d (whole days, rounded down)
  chain: ok ok
selfsigned: verdict cert_untrusted, not_after_unix = openssl's notAfter, matches not_after: yes, days_left 36%d (whole days, rounded down)
  chain: ok
no TLS: NULL
