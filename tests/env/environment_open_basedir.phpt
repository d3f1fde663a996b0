--TEST--
cafile/capath outside open_basedir: smtpdiag_environment(), smtpdiag_probe() and smtpdiag_phpmailer() say only that the path is outside open_basedir (ca_bundle_missing), the same for an existing readable file, a file that does not exist and a CA bundle, so a confined script learns nothing file_exists() would not tell it; a path inside open_basedir is looked at as before
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../hook/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/../hook/hook_lib.inc';
$jail = sd_work() . '/jail';
mkdir($jail);
$outside = sd_work() . '/outside.pem';
file_put_contents($outside, file_get_contents(sd_certs() . '/ca.pem'));
$code = sprintf(<<<'CODE'
$show = function (string $label, array $r): void {
    $ca = null;
    foreach ($r['checks'] as $c) {
        if ($c['name'] === 'ca_store' || $c['name'] === 'environment') {
            $ca = $c['message'];
        }
    }
    printf("%%s\n  verdict: %%s\n  check: %%s\n  summary: %%s\n", $label, $r['verdict'], $ca, $r['summary']);
    if (isset($r['ca'])) {
        $f = $r['ca']['cafile'];
        printf("  facts: exists %%s, readable %%s, certificates %%d\n", var_export($f['exists'], true),
            var_export($f['readable'], true), $f['certificates']);
    }
};
foreach (['/etc/shadow', '/nonexistent/ca.pem', %s, '/etc/ssl/certs/ca-certificates.crt'] as $path) {
    printf("file_exists(%%s): %%s\n", $path, var_export(@file_exists($path), true));
    $show("environment, cafile $path", smtpdiag_environment(['cafile' => $path]));
}
$show('environment, capath /etc/ssl/certs', smtpdiag_environment(['capath' => '/etc/ssl/certs']));
$show('environment, cafile inside open_basedir, missing', smtpdiag_environment(['cafile' => %s . '/none.pem']));
$show('probe, cafile /etc/shadow', smtpdiag_probe('127.0.0.1', %d, ['security' => 'smtps', 'cafile' => '/etc/shadow', 'timeout' => 2]));
$show('probe, capath /etc', smtpdiag_probe('127.0.0.1', %d, ['security' => 'smtps', 'capath' => '/etc', 'timeout' => 2]));
$show('probe, verify_peer false: not a CA problem', smtpdiag_probe('127.0.0.1', %d, ['security' => 'smtps', 'cafile' => '/etc/shadow', 'verify_peer' => false, 'timeout' => 2]));
require %s;
$m = hk_mailer(['Host' => '127.0.0.1', 'Port' => %d, 'SMTPSecure' => 'ssl', 'SMTPOptions' => ['ssl' => ['cafile' => '/etc/shadow']]]);
$show('phpmailer, SMTPOptions cafile /etc/shadow', smtpdiag_phpmailer($m, ['cache' => false]));
CODE, var_export($outside, true), var_export($jail, true), $port = hk_closed_port(), $port, $port,
    var_export(__DIR__ . '/../hook/hook_lib.inc', true), $port);
[$out, $err] = sd_child($code, null, null, ['open_basedir' => $jail . PATH_SEPARATOR . __DIR__ . '/..' . PATH_SEPARATOR . '/usr/share/php']);
echo str_replace([$outside, $jail, "127.0.0.1:$port "], ['OUTSIDE', 'JAIL', '127.0.0.1:PORT '], $out), $err;
?>
--EXPECT--
file_exists(/etc/shadow): false
environment, cafile /etc/shadow
  verdict: ca_bundle_missing
  check: CA file /etc/shadow (option cafile) is outside open_basedir (PHP: open_basedir restriction in effect)
  summary: CA file /etc/shadow (option cafile) is outside open_basedir (PHP: open_basedir restriction in effect): every certificate check fails ("failed loading cafile stream"); point option cafile at a readable CA bundle such as /etc/ssl/certs/ca-certificates.crt
  facts: exists false, readable false, certificates 0
file_exists(/nonexistent/ca.pem): false
environment, cafile /nonexistent/ca.pem
  verdict: ca_bundle_missing
  check: CA file /nonexistent/ca.pem (option cafile) is outside open_basedir (PHP: open_basedir restriction in effect)
  summary: CA file /nonexistent/ca.pem (option cafile) is outside open_basedir (PHP: open_basedir restriction in effect): every certificate check fails ("failed loading cafile stream"); point option cafile at a readable CA bundle such as /etc/ssl/certs/ca-certificates.crt
  facts: exists false, readable false, certificates 0
file_exists(OUTSIDE): false
environment, cafile OUTSIDE
  verdict: ca_bundle_missing
  check: CA file OUTSIDE (option cafile) is outside open_basedir (PHP: open_basedir restriction in effect)
  summary: CA file OUTSIDE (option cafile) is outside open_basedir (PHP: open_basedir restriction in effect): every certificate check fails ("failed loading cafile stream"); point option cafile at a readable CA bundle such as /etc/ssl/certs/ca-certificates.crt
  facts: exists false, readable false, certificates 0
file_exists(/etc/ssl/certs/ca-certificates.crt): false
environment, cafile /etc/ssl/certs/ca-certificates.crt
  verdict: ca_bundle_missing
  check: CA file /etc/ssl/certs/ca-certificates.crt (option cafile) is outside open_basedir (PHP: open_basedir restriction in effect)
  summary: CA file /etc/ssl/certs/ca-certificates.crt (option cafile) is outside open_basedir (PHP: open_basedir restriction in effect): every certificate check fails ("failed loading cafile stream"); point option cafile at a readable CA bundle such as /etc/ssl/certs/ca-certificates.crt
  facts: exists false, readable false, certificates 0
environment, capath /etc/ssl/certs
  verdict: ca_bundle_missing
  check: CA directory /etc/ssl/certs (option capath) is outside open_basedir (PHP: open_basedir restriction in effect)
  summary: no usable CA certificates (CA directory /etc/ssl/certs (option capath) is outside open_basedir (PHP: open_basedir restriction in effect)): certificate verification will fail; install the ca-certificates package or set openssl.cafile in php.ini
  facts: exists false, readable false, certificates 0
environment, cafile inside open_basedir, missing
  verdict: ca_bundle_missing
  check: CA file JAIL/none.pem (option cafile) does not exist
  summary: CA file JAIL/none.pem (option cafile) does not exist: every certificate check fails ("failed loading cafile stream"); point option cafile at a readable CA bundle such as /etc/ssl/certs/ca-certificates.crt
  facts: exists false, readable false, certificates 0
probe, cafile /etc/shadow
  verdict: ca_bundle_missing
  check: no usable CA certificates
  summary: No usable CA certificates, so no server certificate can be verified: CA file /etc/shadow (option cafile) is outside open_basedir (PHP: open_basedir restriction in effect): every certificate check fails ("failed loading cafile stream"); point option cafile at a readable CA bundle such as /etc/ssl/certs/ca-certificates.crt
probe, capath /etc
  verdict: ca_bundle_missing
  check: no usable CA certificates
  summary: No usable CA certificates, so no server certificate can be verified: no usable CA certificates (CA directory /etc (option capath) is outside open_basedir (PHP: open_basedir restriction in effect)): certificate verification will fail; install the ca-certificates package or set openssl.cafile in php.ini
probe, verify_peer false: not a CA problem
  verdict: connection_refused
  check: PHP can open this connection; see the environment findings
  summary: 127.0.0.1:PORT refused the connection (Connection refused): nothing listens there, or a firewall rejects it
phpmailer, SMTPOptions cafile /etc/shadow
  verdict: ca_bundle_missing
  check: no usable CA certificates
  summary: No usable CA certificates, so no server certificate can be verified: CA file /etc/shadow (option cafile) is outside open_basedir (PHP: open_basedir restriction in effect): every certificate check fails ("failed loading cafile stream"); point option cafile at a readable CA bundle such as /etc/ssl/certs/ca-certificates.crt
