--TEST--
smtpdiag_probe(): an out-of-range or mistyped port is a ValueError/TypeError naming the argument
--EXTENSIONS--
smtpdiag
--FILE--
<?php
foreach ([-1, 65536, PHP_INT_MAX, PHP_INT_MIN, '25x'] as $port) {
    try {
        smtpdiag_probe('localhost', $port);
        echo "no error\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
ValueError: smtpdiag_probe(): Argument #2 ($port) must be between 0 and 65535
ValueError: smtpdiag_probe(): Argument #2 ($port) must be between 0 and 65535
ValueError: smtpdiag_probe(): Argument #2 ($port) must be between 0 and 65535
ValueError: smtpdiag_probe(): Argument #2 ($port) must be between 0 and 65535
TypeError: smtpdiag_probe(): Argument #2 ($port) must be of type int, string given
