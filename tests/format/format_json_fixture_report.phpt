--TEST--
smtpdiag_format() json of real reports (fixtures 'nostarttls' and 'hostile'): json_decode() gives the report back, keys and values; pretty, ASCII only, no control byte
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';

function check_json(array $r): void
{
    $json = smtpdiag_format($r, 'json');
    $back = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
    echo 'decodes to the report (==): ', $back == $r ? 'yes' : 'NO', "\n";
    echo 'same keys, order, types and values (===): ', $back === $r ? 'yes' : 'NO', "\n";
    if ($back !== $r) {
        // Where they differ, for the report.
        $walk = function ($a, $b, $path) use (&$walk) {
            if (is_array($a) && is_array($b) && array_keys($a) === array_keys($b)) {
                foreach ($a as $k => $v) {
                    $walk($v, $b[$k], "$path/$k");
                }
            } elseif ($a !== $b) {
                echo "  differs at $path: ", var_export($a, true), ' vs ', var_export($b, true), "\n";
            }
        };
        $walk($r, $back, '');
    }
    echo 'top-level keys: ', implode(' ', array_keys($back)), "\n";
    echo 'pretty-printed: ', str_starts_with($json, "{\n    \"ok\": ") ? 'yes' : 'NO', ', ends with newline: ', str_ends_with($json, "}\n") ? 'yes' : 'NO', "\n";
    echo 'ASCII only: ', preg_match('/[\x80-\xff]/', $json) ? 'NO' : 'yes', "\n";
    echo 'control characters besides \n: ', preg_match('/[\x00-\x09\x0b-\x1f\x7f]/', $json) ? 'FOUND' : 'none', "\n";
}

echo "-- nostarttls, auto\n";
$fx = sd_fixture_start('nostarttls');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['security' => 'auto', 'timeout' => 5]);
check_json($r);
echo "-- nostarttls, starttls required\n";
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['security' => 'starttls', 'timeout' => 5]);
check_json($r);
echo "-- hostile\n";
$fx = sd_fixture_start('hostile');
$r = smtpdiag_probe('127.0.0.1', $fx['port'], ['security' => 'auto', 'timeout' => 5]);
check_json($r);
$json = smtpdiag_format($r, 'json');
echo 'byte 0x1b: ', str_contains($json, "\x1b") ? 'FOUND' : 'none', "\n";
echo 'banner after decoding: ', json_decode($json, true)['server']['banner'], "\n";
echo "-- environment report\n";
check_json(smtpdiag_environment());
?>
--EXPECT--
-- nostarttls, auto
decodes to the report (==): yes
same keys, order, types and values (===): yes
top-level keys: ok verdict summary fixes alternative target checks findings server environment transcript reproduce elapsed_ms
pretty-printed: yes, ends with newline: yes
ASCII only: yes
control characters besides \n: none
-- nostarttls, starttls required
decodes to the report (==): yes
same keys, order, types and values (===): yes
top-level keys: ok verdict summary fixes alternative target checks findings server environment transcript reproduce elapsed_ms
pretty-printed: yes, ends with newline: yes
ASCII only: yes
control characters besides \n: none
-- hostile
decodes to the report (==): yes
same keys, order, types and values (===): yes
top-level keys: ok verdict summary fixes alternative target checks findings server environment transcript reproduce elapsed_ms
pretty-printed: yes, ends with newline: yes
ASCII only: yes
control characters besides \n: none
byte 0x1b: none
banner after decoding: smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred
-- environment report
decodes to the report (==): yes
same keys, order, types and values (===): yes
top-level keys: ok verdict summary checks findings php openssl_extension openssl_library ca disabled_functions selinux routes hosting elapsed_ms
pretty-printed: yes, ends with newline: yes
ASCII only: yes
control characters besides \n: none
