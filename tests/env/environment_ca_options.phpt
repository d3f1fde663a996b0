--TEST--
smtpdiag_environment(): cafile and capath options are checked instead of PHP's settings
--EXTENSIONS--
smtpdiag
openssl
--INI--
openssl.cafile=/nonexistent/ignored.pem
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$dir = sd_work() . '/ca-options';   // private to this run, removed at its end
mkdir($dir);
// Two self-signed certificates made now, so nothing committed can expire.
$pem = '';
foreach (['One', 'Two'] as $cn) {
    $key = openssl_pkey_new(['private_key_type' => OPENSSL_KEYTYPE_EC, 'curve_name' => 'prime256v1']);
    $csr = openssl_csr_sign(openssl_csr_new(['commonName' => "smtpdiag test $cn"], $key), null, $key, 1);
    openssl_x509_export($csr, $out);
    $pem .= $out;
}
file_put_contents("$dir/bundle.pem", $pem);
file_put_contents("$dir/empty.pem", "not a certificate\n");
mkdir("$dir/hashed");
file_put_contents("$dir/hashed/one.pem", $pem);
symlink("$dir/hashed/one.pem", "$dir/hashed/0a1b2c3d.0");
symlink("$dir/hashed/one.pem", "$dir/hashed/0a1b2c3d.1");
touch("$dir/hashed/0a1b2c3d.r0"); // a CRL link: not a certificate

$r = smtpdiag_environment(['cafile' => "$dir/bundle.pem"]);
var_dump($r['ok'], $r['ca']['explicit'], $r['ca']['usable'], $r['ca']['cafile']['origin'], $r['ca']['cafile']['certificates'], $r['ca']['capath']['path']);

$r = smtpdiag_environment(['cafile' => "$dir/empty.pem"]);
var_dump($r['verdict'], $r['ca']['cafile']['certificates']);
echo $r['findings'][0]['message'], "\n";

$r = smtpdiag_environment(['capath' => "$dir/hashed"]);
var_dump($r['ok'], $r['ca']['capath']['origin'], $r['ca']['capath']['certificates'], $r['ca']['cafile']['path']);

$r = smtpdiag_environment(['capath' => "$dir/nothing-here"]);
var_dump($r['verdict']);

$r = smtpdiag_environment(['cafile' => null]);
var_dump($r['ca']['cafile']['origin']);
?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
string(13) "option cafile"
int(2)
NULL
string(17) "ca_bundle_missing"
int(0)
CA file %s/empty.pem (option cafile) holds no certificates: every certificate check fails ("failed loading cafile stream"); point option cafile at a readable CA bundle such as /etc/ssl/certs/ca-certificates.crt
bool(true)
string(13) "option capath"
int(2)
NULL
string(17) "ca_bundle_missing"
string(22) "php.ini openssl.cafile"
