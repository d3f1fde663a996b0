--TEST--
smtpdiag_environment(): argument errors name the argument and the option
--EXTENSIONS--
smtpdiag
--FILE--
<?php
$calls = [
    fn() => smtpdiag_environment(['cafle' => '/tmp/x']),
    fn() => smtpdiag_environment(['cafile' => 42]),
    fn() => smtpdiag_environment(['capath' => ['x']]),
    fn() => smtpdiag_environment(['/tmp/x']),
    fn() => smtpdiag_environment(['cafile' => "/tmp/x\0y"]),
    fn() => smtpdiag_environment('cafile'),
];
foreach ($calls as $call) {
    try {
        $call();
        echo "no error\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
ValueError: smtpdiag_environment(): Argument #1 ($options) contains unknown option "cafle"
TypeError: smtpdiag_environment(): Argument #1 ($options) option "cafile" must be of type string, int given
TypeError: smtpdiag_environment(): Argument #1 ($options) option "capath" must be of type string, array given
ValueError: smtpdiag_environment(): Argument #1 ($options) must be an array with string keys, index 0 given
ValueError: smtpdiag_environment(): Argument #1 ($options) option "cafile" must not contain any null bytes
TypeError: smtpdiag_environment(): Argument #1 ($options) must be of type array, string given
