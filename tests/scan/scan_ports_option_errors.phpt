--TEST--
smtpdiag_scan(): a bad ports option (empty, 0, out of range, a duplicate, a string, not an array, more than 16) is a ValueError/TypeError with the exact message
--EXTENSIONS--
smtpdiag
--FILE--
<?php
$cases = [
    'empty list' => [],
    'zero' => [0],
    'negative' => [-25],
    'too high' => [65536],
    'duplicate' => [587, 465, 587],
    'string port' => ['587'],
    'float port' => [587.0],
    'null in list' => [587, null],
    'not an array (string)' => '587,465',
    'not an array (int)' => 587,
    'seventeen ports' => range(1001, 1017),
];
foreach ($cases as $label => $ports) {
    try {
        smtpdiag_scan('127.0.0.1', ['ports' => $ports, 'timeout' => 1]);
        echo "$label: no error\n";
    } catch (ValueError | TypeError $e) {
        echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
try {
    smtpdiag_scan('127.0.0.1', ['bogus' => 1]);
    echo "unknown key: no error\n";
} catch (ValueError $e) {
    echo 'unknown key: ', get_class($e), "\n";
}
// Sixteen is the most and is no error (closed ports of 127.0.0.1: refused at once).
$r = smtpdiag_scan('127.0.0.1', ['ports' => range(1, 16), 'timeout' => 2]);
echo 'sixteen ports: ', count($r['ports']), " rows, ports in order: ", array_column($r['ports'], 'port') === range(1, 16) ? 'yes' : 'NO', "\n";
?>
--EXPECT--
empty list: ValueError: smtpdiag_scan(): Argument #2 ($options) option "ports" must list 1 to 16 ports
zero: ValueError: smtpdiag_scan(): Argument #2 ($options) option "ports" must hold ports between 1 and 65535
negative: ValueError: smtpdiag_scan(): Argument #2 ($options) option "ports" must hold ports between 1 and 65535
too high: ValueError: smtpdiag_scan(): Argument #2 ($options) option "ports" must hold ports between 1 and 65535
duplicate: ValueError: smtpdiag_scan(): Argument #2 ($options) option "ports" lists port 587 twice
string port: ValueError: smtpdiag_scan(): Argument #2 ($options) option "ports" must hold ports between 1 and 65535
float port: ValueError: smtpdiag_scan(): Argument #2 ($options) option "ports" must hold ports between 1 and 65535
null in list: ValueError: smtpdiag_scan(): Argument #2 ($options) option "ports" must hold ports between 1 and 65535
not an array (string): TypeError: smtpdiag_scan(): Argument #2 ($options) option "ports" must be of type array, string given
not an array (int): TypeError: smtpdiag_scan(): Argument #2 ($options) option "ports" must be of type array, int given
seventeen ports: ValueError: smtpdiag_scan(): Argument #2 ($options) option "ports" must list 1 to 16 ports
unknown key: ValueError
sixteen ports: 16 rows, ports in order: yes
