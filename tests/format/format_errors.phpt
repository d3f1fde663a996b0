--TEST--
smtpdiag_format(): an unknown format is a ValueError with the exact message; wrong types are TypeErrors; an array that is not a report (no verdict, ok and summary of the right types) is a ValueError naming the key, in text and JSON
--EXTENSIONS--
smtpdiag
--FILE--
<?php
$r = ['ok' => true, 'verdict' => 'ok', 'summary' => 's'];
foreach (['xml', '', 'TEXT', 'Json', 'text ', "json\0"] as $f) {
    try {
        smtpdiag_format($r, $f);
        echo var_export($f, true), ": no error\n";
    } catch (ValueError $e) {
        echo var_export($f, true), ': ', get_class($e), ': ', $e->getMessage(), "\n";
    }
}
foreach ([[$r, []], ['not an array'], [null]] as $args) {
    try {
        smtpdiag_format(...$args);
        echo "no error\n";
    } catch (TypeError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
foreach ([
    'empty' => [],
    'a target, not a report' => ['host' => 'smtp.example.com', 'port' => 587],
    'no ok' => ['verdict' => 'ok', 'summary' => 's'],
    'no summary' => ['verdict' => 'ok', 'ok' => true],
    'ok as a string' => ['verdict' => 'ok', 'ok' => 'yes', 'summary' => 's'],
    'verdict as an int' => ['verdict' => 0, 'ok' => false, 'summary' => 's'],
    'summary as null' => ['verdict' => 'ok', 'ok' => true, 'summary' => null],
    'a list' => [['verdict' => 'ok', 'ok' => true, 'summary' => 's']],
] as $label => $a) {
    foreach (['text', 'json'] as $f) {
        try {
            smtpdiag_format($a, $f);
            echo "$label, $f: no error\n";
        } catch (ValueError $e) {
            echo "$label, $f: ", $e->getMessage(), "\n";
        }
    }
}
echo 'the three keys are enough: ', smtpdiag_format(['verdict' => 'x', 'ok' => false, 'summary' => 'y']);
?>
--EXPECT--
'xml': ValueError: smtpdiag_format(): Argument #2 ($format) must be "text" or "json"
'': ValueError: smtpdiag_format(): Argument #2 ($format) must be "text" or "json"
'TEXT': ValueError: smtpdiag_format(): Argument #2 ($format) must be "text" or "json"
'Json': ValueError: smtpdiag_format(): Argument #2 ($format) must be "text" or "json"
'text ': ValueError: smtpdiag_format(): Argument #2 ($format) must be "text" or "json"
'json' . "\0" . '': ValueError: smtpdiag_format(): Argument #2 ($format) must be "text" or "json"
TypeError: smtpdiag_format(): Argument #2 ($format) must be of type string, array given
TypeError: smtpdiag_format(): Argument #1 ($report) must be of type array, string given
TypeError: smtpdiag_format(): Argument #1 ($report) must be of type array, null given
empty, text: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "verdict" is missing
empty, json: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "verdict" is missing
a target, not a report, text: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "verdict" is missing
a target, not a report, json: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "verdict" is missing
no ok, text: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "ok" is missing
no ok, json: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "ok" is missing
no summary, text: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "summary" is missing
no summary, json: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "summary" is missing
ok as a string, text: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "ok" must be of type bool, string given
ok as a string, json: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "ok" must be of type bool, string given
verdict as an int, text: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "verdict" must be of type string, int given
verdict as an int, json: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "verdict" must be of type string, int given
summary as null, text: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "summary" must be of type string, null given
summary as null, json: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "summary" must be of type string, null given
a list, text: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "verdict" is missing
a list, json: smtpdiag_format(): Argument #1 ($report) must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), smtpdiag_scan() or smtpdiag_environment(): key "verdict" is missing
the three keys are enough: PROBLEM x: y
