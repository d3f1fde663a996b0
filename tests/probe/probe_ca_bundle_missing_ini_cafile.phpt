--TEST--
smtpdiag_probe(): openssl.cafile pointing at nothing is ca_bundle_missing for security starttls, before any network, naming php.ini as the origin
--EXTENSIONS--
smtpdiag
--INI--
openssl.cafile=/nonexistent
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$r = smtpdiag_probe('smtp.example.invalid', 587, ['security' => 'starttls', 'timeout' => 5]);
sd_show($r, 5);
var_dump(sd_within_deadline($r['elapsed_ms'], 0));   // at once: no network
echo $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo sd_stages($r), "\n";
$c = sd_check($r, 'environment');
echo "environment: {$c['status']}: {$c['message']}\n";
echo "dns: ", sd_check($r, 'dns')['message'], "\n";
var_dump($r['environment']['ca']['cafile'], $r['environment']['ca']['usable'], $r['transcript']);
echo $r['reproduce'], "\n";
?>
--EXPECT--
verdict: ca_bundle_missing
ok: false
within deadline: yes
first finding: ca_bundle_missing error
bool(true)
No usable CA certificates, so no server certificate can be verified: CA file /nonexistent (php.ini openssl.cafile) does not exist: every certificate check fails ("failed loading cafile stream"); point php.ini openssl.cafile at a readable CA bundle such as /etc/ssl/certs/ca-certificates.crt
fix: openssl.cafile=/etc/ssl/certs/ca-certificates.crt (php.ini; RHEL: /etc/pki/tls/certs/ca-bundle.crt)
fix: install or update the CA bundle (Debian/Ubuntu: apt-get install ca-certificates), then restart PHP-FPM or the web server
target:pass dns:skip tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
environment: fail: no usable CA certificates
dns: not reached
array(5) {
  ["path"]=>
  string(12) "/nonexistent"
  ["origin"]=>
  string(22) "php.ini openssl.cafile"
  ["exists"]=>
  bool(false)
  ["readable"]=>
  bool(false)
  ["certificates"]=>
  int(0)
}
bool(false)
array(0) {
}
php -r 'var_dump(openssl_get_cert_locations());'
