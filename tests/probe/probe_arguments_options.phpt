--TEST--
smtpdiag_probe(): every bad option is a TypeError or ValueError naming the key, raised before any network
--EXTENSIONS--
smtpdiag
--FILE--
<?php
$bad = [
    ['bogus' => 1],
    [0 => 'smtps'],
    ['security' => 1],
    ['security' => 'tls13'],
    ['timeout' => '5'],
    ['timeout' => 0],
    ['timeout' => 0.0],
    ['timeout' => -1],
    ['timeout' => 3600.5],
    ['helo' => 5],
    ['helo' => 'a b'],
    ['verify_peer' => 1],
    ['verify_peer_name' => 'yes'],
    ['allow_self_signed' => 0],
    ['cafile' => []],
    ['capath' => 1.5],
    ['peer_name' => false],
    ['connect_to' => 127],
    ['connect_to' => 'localhost'],
    ['connect_to' => '300.1.1.1'],
    ['ip_version' => '4'],
    ['ip_version' => 5],
    ['bindto' => 1],
    ['bindto' => 'nonsense'],
    ['cafile' => "a\0b"],
];
foreach ($bad as $opts) {
    try {
        // A name under .invalid: if an option slipped through, the report would say dns_not_found.
        $r = smtpdiag_probe('smtp.example.invalid', 587, $opts);
        echo "no error: {$r['verdict']}\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
ValueError: smtpdiag_probe(): Argument #3 ($options) contains unknown option "bogus"
ValueError: smtpdiag_probe(): Argument #3 ($options) must be an array with string keys, index 0 given
TypeError: smtpdiag_probe(): Argument #3 ($options) option "security" must be of type string, int given
ValueError: smtpdiag_probe(): Argument #3 ($options) option "security" must be one of "auto", "none", "starttls", "smtps" (or PHPMailer's "", "tls", "ssl"), "tls13" given
TypeError: smtpdiag_probe(): Argument #3 ($options) option "timeout" must be of type float, string given
ValueError: smtpdiag_probe(): Argument #3 ($options) option "timeout" must be greater than 0 and at most 3600
ValueError: smtpdiag_probe(): Argument #3 ($options) option "timeout" must be greater than 0 and at most 3600
ValueError: smtpdiag_probe(): Argument #3 ($options) option "timeout" must be greater than 0 and at most 3600
ValueError: smtpdiag_probe(): Argument #3 ($options) option "timeout" must be greater than 0 and at most 3600
TypeError: smtpdiag_probe(): Argument #3 ($options) option "helo" must be of type string, int given
ValueError: smtpdiag_probe(): Argument #3 ($options) option "helo" must be a host name without spaces or control characters
TypeError: smtpdiag_probe(): Argument #3 ($options) option "verify_peer" must be of type bool, int given
TypeError: smtpdiag_probe(): Argument #3 ($options) option "verify_peer_name" must be of type bool, string given
TypeError: smtpdiag_probe(): Argument #3 ($options) option "allow_self_signed" must be of type bool, int given
TypeError: smtpdiag_probe(): Argument #3 ($options) option "cafile" must be of type string, array given
TypeError: smtpdiag_probe(): Argument #3 ($options) option "capath" must be of type string, float given
TypeError: smtpdiag_probe(): Argument #3 ($options) option "peer_name" must be of type string, bool given
TypeError: smtpdiag_probe(): Argument #3 ($options) option "connect_to" must be of type string, int given
ValueError: smtpdiag_probe(): Argument #3 ($options) option "connect_to" must be an IPv4 or IPv6 address, "localhost" given
ValueError: smtpdiag_probe(): Argument #3 ($options) option "connect_to" must be an IPv4 or IPv6 address, "300.1.1.1" given
TypeError: smtpdiag_probe(): Argument #3 ($options) option "ip_version" must be of type int, string given
ValueError: smtpdiag_probe(): Argument #3 ($options) option "ip_version" must be 0, 4 or 6
TypeError: smtpdiag_probe(): Argument #3 ($options) option "bindto" must be of type string, int given
ValueError: smtpdiag_probe(): Argument #3 ($options) option "bindto" must be "ip:port" or "[ipv6]:port", "nonsense" given
ValueError: smtpdiag_probe(): Argument #3 ($options) option "cafile" must not contain any null bytes
