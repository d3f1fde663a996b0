--TEST--
smtpdiag_format(): an unknown format is a ValueError with the exact message; wrong types are TypeErrors
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
echo smtpdiag_format([]), smtpdiag_format([], 'json');
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
PROBLEM -: -
[]
