--TEST--
smtpdiag_dsn() against a real Postfix: smtp:// on the submission port (STARTTLS when offered), smtps:// (implicit TLS), the DSN's percent-encoded credentials accepted and a wrong password refused with AUTH, none tried without them; the password in no report
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../auth/auth_lib.inc';
sd_require_root();
$secret = 'p@ss/w:rd%' . bin2hex(random_bytes(3));
$mta = au_mta_start(['alice' => $secret]);
$enc = rawurlencode($secret);

function check(string $label, string $dsn, bool $with_credentials, string $ca, string $secret): void
{
    $d = smtpdiag_dsn($dsn);
    $opts = $d['options'] + ['cafile' => $ca, 'timeout' => 10] + ($with_credentials ? $d['credentials'] : []);
    $r = smtpdiag_probe($d['host'], $d['port'], $opts);
    $auth = $r['checks'][9];
    printf("%s: %s %s, security %s, auth %s: %s\n", $label, $r['ok'] ? 'ok' : 'PROBLEM', $r['verdict'], $r['target']['security'],
        $auth['status'], $auth['message']);
    echo '  the password in the report or its text: ', str_contains(json_encode($r) . smtpdiag_format($r), $secret) ? 'FOUND' : 'none', "\n";
}

$sub = $mta['ports']['auth_submission'];
$smtps = $mta['ports']['auth_smtps'];
check('smtp://, STARTTLS offered, credentials', "smtp://alice%40localhost:$enc@localhost:$sub", true, $mta['ca'], $secret);
check('smtp://, no credentials asked for', "smtp://alice%40localhost:$enc@localhost:$sub", false, $mta['ca'], $secret);
check('smtps://, credentials', "smtps://alice%40localhost:$enc@localhost:$smtps", true, $mta['ca'], $secret);
check('smtp:// on the smtps port (Symfony: TLS only on 465)', "smtp://alice%40localhost:$enc@localhost:$smtps", true, $mta['ca'], $secret);
check('smtp://, wrong password', "smtp://alice%40localhost:wrong@localhost:$sub", true, $mta['ca'], $secret);
check('smtp://, require_tls on a plain server', "smtp://localhost:{$mta['ports']['auth_plain']}?require_tls=1", false, $mta['ca'], $secret);
?>
--EXPECTF--
smtp://, STARTTLS offered, credentials: ok ok, security auto, auth pass: %saccepted%s
  the password in the report or its text: none
smtp://, no credentials asked for: ok ok, security auto, auth skip: no credentials given: AUTH not tried
  the password in the report or its text: none
smtps://, credentials: ok ok, security smtps, auth pass: %saccepted%s
  the password in the report or its text: none
smtp:// on the smtps port (Symfony: TLS only on 465): PROBLEM tls_mode_mismatch, security auto, auth skip: not reached
  the password in the report or its text: none
smtp://, wrong password: PROBLEM auth_failed, security auto, auth fail: %s
  the password in the report or its text: none
smtp://, require_tls on a plain server: PROBLEM starttls_unavailable, security starttls, auth skip: not reached
  the password in the report or its text: none
