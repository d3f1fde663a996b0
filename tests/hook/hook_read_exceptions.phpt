--TEST--
smtpdiag_phpmailer(): application code that runs while the mailer is read (a Closure where SMTPOptions wants an int, with and without an error handler that throws; a Host whose __toString throws) leaves no exception pending during the probe and none escapes; the probe's verdict is right and a finding says what was odd
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
$fx = sd_fixture_start('nostarttls');
$base = ['Host' => '127.0.0.1', 'Port' => $fx['port'], 'SMTPSecure' => '', 'SMTPAutoTLS' => false];
class MiniMailer
{
    public $Mailer = 'smtp';
    public $Host = 'localhost';
    public $Port = 25;
    public $SMTPSecure = '';
    public $SMTPAutoTLS = false;
    public $SMTPOptions = [];
    public $Timeout = 3;
    public $SMTPAuth = false;
}
function run(string $label, array $cfg, string $class = 'PHPMailer\\PHPMailer\\PHPMailer'): void
{
    try {
        $r = smtpdiag_phpmailer(hk_mailer($cfg, $class), ['cache' => false]);
        echo "$label: verdict {$r['verdict']}\n";
        foreach ($r['findings'] as $f) {
            if (in_array($f['code'], ['smtpoptions_invalid', 'mailer_read_error'], true)) {
                echo "  {$f['code']}: {$f['message']}\n";
            }
        }
    } catch (Throwable $e) {
        echo "$label: ESCAPED ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$closure = ['SMTPOptions' => ['ssl' => ['verify_depth' => fn() => 1, 'cafile' => fn() => 2], 'x' => fn() => 3]] + $base;
run('Closures in SMTPOptions', $closure);
echo 'warning left by smtpdiag: ', var_export(error_get_last(), true), "\n";

set_error_handler(static function (int $no, string $str): bool {
    throw new ErrorException($str, 0, $no);
});
run('Closures in SMTPOptions, error handler that throws', $closure);
run('Host an array, error handler that throws', ['Host' => [$base['Host']]] + $base);
run('a mailer class without getOAuth(), Closure in SMTPOptions, error handler that throws', ['isSMTP' => false] + $closure, 'MiniMailer');
restore_error_handler();
$host = new class {
    public function __toString(): string
    {
        throw new LogicException('no host today');
    }
};
run('Host whose __toString throws', ['Host' => $host] + $base);
echo "still running: yes\n";
?>
--EXPECT--
Closures in SMTPOptions: verdict ok
  smtpoptions_invalid: SMTPOptions['ssl']['verify_depth'] is an object (Closure), not a number: PHP warns "Object of class Closure could not be converted to int" and uses 1; give an int
warning left by smtpdiag: NULL
Closures in SMTPOptions, error handler that throws: verdict ok
  smtpoptions_invalid: SMTPOptions['ssl']['verify_depth'] is an object (Closure), not a number: PHP warns "Object of class Closure could not be converted to int" and uses 1; give an int
Host an array, error handler that throws: verdict dns_not_found
  mailer_read_error: reading the mailer's Host threw ErrorException: Array to string conversion (the application's code ran: a __get, a __toString or an error handler); smtpdiag cleared the exception and went on with the value PHP's conversion gives; PHPMailer runs the same code when it sends
a mailer class without getOAuth(), Closure in SMTPOptions, error handler that throws: verdict ok
  smtpoptions_invalid: SMTPOptions['ssl']['verify_depth'] is an object (Closure), not a number: PHP warns "Object of class Closure could not be converted to int" and uses 1; give an int
Host whose __toString throws: verdict host_malformed
  mailer_read_error: reading the mailer's Host threw LogicException: no host today (the application's code ran: a __get, a __toString or an error handler); smtpdiag cleared the exception and went on with the value PHP's conversion gives; PHPMailer runs the same code when it sends
still running: yes
