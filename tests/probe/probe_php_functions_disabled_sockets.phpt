--TEST--
smtpdiag_probe(): stream_socket_client and fsockopen in disable_functions is php_functions_disabled, before any network
--EXTENSIONS--
smtpdiag
--INI--
disable_functions=stream_socket_client,fsockopen
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
// A name under .invalid: had the probe gone on to DNS, the verdict would be dns_not_found.
$r = smtpdiag_probe('smtp.example.invalid', 587, ['timeout' => 5]);
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
var_dump($r['environment']['disabled_functions']['disabled'], $r['transcript'], $r['target']['addresses']);
echo $r['reproduce'], "\n";
?>
--EXPECT--
verdict: php_functions_disabled
ok: false
within deadline: yes
first finding: php_functions_disabled error
bool(true)
This PHP cannot open the connection: disable_functions lists stream_socket_client and fsockopen
fix: remove stream_socket_client, fsockopen and stream_socket_enable_crypto from disable_functions in php.ini (or the hosting panel), then restart PHP-FPM or the web server
target:pass dns:skip tcp:skip greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
environment: fail: stream_socket_client() and fsockopen() are disabled
dns: not reached
array(2) {
  [0]=>
  string(20) "stream_socket_client"
  [1]=>
  string(9) "fsockopen"
}
array(0) {
}
array(0) {
}
php -r 'var_dump(ini_get("disable_functions"));'
