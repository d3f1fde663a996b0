--TEST--
cafile/capath outside open_basedir: smtpdiag does not look at such a path (the environment facts say nothing of it, the same for a readable file, a missing one and a CA bundle), and the TLS stage hands it to OpenSSL as PHP's own TLS does: a valid CA bundle outside open_basedir verifies the private Postfix as stream_socket_client() does, and a path that does not load fails as PHP's does, in PHP's words, with no hint whether the file exists; a path inside open_basedir is looked at as before
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../hook/hook_lib.inc'; hk_skipif_phpmailer(); sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../hook/hook_lib.inc';
sd_require_root();
$mta = sd_mta_start();
$jail = sd_work() . '/jail';
mkdir($jail);
$outside = sd_work() . '/outside.pem';
copy($mta['ca'], $outside);
$code = sprintf(<<<'CODE'
$port = %d;
$ca_check = function (array $r): string {
    foreach ($r['checks'] as $c) {
        if ($c['name'] === 'ca_store') {
            return "{$c['status']}: {$c['message']}";
        }
    }
    return '-';
};
foreach (['/etc/shadow', '/nonexistent/ca.pem', %s] as $path) {
    $r = smtpdiag_environment(['cafile' => $path]);
    $f = $r['ca']['cafile'];
    printf("environment, cafile %%s (file_exists: %%s)\n  verdict: %%s\n  ca_store: %%s\n  facts: exists %%s, readable %%s, certificates %%d\n",
        $path, var_export(@file_exists($path), true), $r['verdict'], $ca_check($r), var_export($f['exists'], true),
        var_export($f['readable'], true), $f['certificates']);
}
$r = smtpdiag_environment(['capath' => '/etc/ssl/certs']);
printf("environment, capath /etc/ssl/certs\n  verdict: %%s\n  ca_store: %%s\n", $r['verdict'], $ca_check($r));
$r = smtpdiag_environment(['cafile' => %s . '/none.pem']);
printf("environment, cafile inside open_basedir, missing\n  verdict: %%s\n  ca_store: %%s\n", $r['verdict'], $ca_check($r));

// The TLS stage against the private Postfix's implicit-TLS port, next to PHP's own TLS.
$php = function (string $cafile) use ($port): string {
    $ctx = stream_context_create(['ssl' => ['cafile' => $cafile]]);
    $s = @stream_socket_client("ssl://localhost:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
    if ($s) {
        fclose($s);
        return 'connected';
    }
    return 'fails: ' . (error_get_last()['message'] ?? $errstr);
};
foreach ([%s, '/etc/shadow', '/nonexistent/ca.pem'] as $path) {
    $r = smtpdiag_probe('localhost', $port, ['security' => 'smtps', 'cafile' => $path, 'timeout' => 5]);
    $tls = null;
    foreach ($r['checks'] as $c) {
        if ($c['name'] === 'tls') {
            $tls = preg_replace('/ in [0-9.]+ ms$/', '', "{$c['status']}: {$c['message']}");
        }
    }
    printf("probe, cafile %%s\n  verdict: %%s (ok %%s)\n  tls: %%s\n  PHP: %%s\n", $path, $r['verdict'], var_export($r['ok'], true), $tls, $php($path));
}
require %s;
$m = hk_mailer(['Host' => 'localhost', 'Port' => $port, 'SMTPSecure' => 'ssl', 'SMTPOptions' => ['ssl' => ['cafile' => %s]]]);
$r = smtpdiag_phpmailer($m, ['cache' => false]);
printf("phpmailer, SMTPOptions cafile outside open_basedir: %%s\n", $r['verdict']);
CODE, $mta['ports']['smtps'], var_export($outside, true), var_export($jail, true), var_export($outside, true),
    var_export(__DIR__ . '/../hook/hook_lib.inc', true), var_export($outside, true));
[$out, $err] = sd_child($code, null, null, ['open_basedir' => $jail . PATH_SEPARATOR . __DIR__ . '/..' . PATH_SEPARATOR . '/usr/share/php']);
echo str_replace([$outside, $jail, ":{$mta['ports']['smtps']}"], ['OUTSIDE', 'JAIL', ':PORT'], $out), $err;
?>
--EXPECT--
environment, cafile /etc/shadow (file_exists: false)
  verdict: ok
  ca_store: warn: CA file /etc/shadow (option cafile) is outside open_basedir: smtpdiag does not look at it; PHP's TLS hands it to OpenSSL as it is
  facts: exists false, readable false, certificates 0
environment, cafile /nonexistent/ca.pem (file_exists: false)
  verdict: ok
  ca_store: warn: CA file /nonexistent/ca.pem (option cafile) is outside open_basedir: smtpdiag does not look at it; PHP's TLS hands it to OpenSSL as it is
  facts: exists false, readable false, certificates 0
environment, cafile OUTSIDE (file_exists: false)
  verdict: ok
  ca_store: warn: CA file OUTSIDE (option cafile) is outside open_basedir: smtpdiag does not look at it; PHP's TLS hands it to OpenSSL as it is
  facts: exists false, readable false, certificates 0
environment, capath /etc/ssl/certs
  verdict: ok
  ca_store: warn: CA directory /etc/ssl/certs (option capath) is outside open_basedir: smtpdiag does not look at it; PHP's TLS hands it to OpenSSL as it is
environment, cafile inside open_basedir, missing
  verdict: ca_bundle_missing
  ca_store: fail: CA file JAIL/none.pem (option cafile) does not exist
probe, cafile OUTSIDE
  verdict: ok (ok true)
  tls: pass: TLSv1.3, TLS_AES_256_GCM_SHA384
  PHP: connected
probe, cafile /etc/shadow
  verdict: ca_bundle_missing (ok false)
  tls: fail: failed loading cafile stream: open_basedir restriction in effect for `/etc/shadow'
  PHP: fails: stream_socket_client(): Unable to connect to ssl://localhost:PORT (Unknown error)
probe, cafile /nonexistent/ca.pem
  verdict: ca_bundle_missing (ok false)
  tls: fail: failed loading cafile stream: open_basedir restriction in effect for `/nonexistent/ca.pem'
  PHP: fails: stream_socket_client(): Unable to connect to ssl://localhost:PORT (Unknown error)
phpmailer, SMTPOptions cafile outside open_basedir: ok
