--TEST--
smtpdiag_phpmailer(): a PHPMailer subclass and a look-alike class with the same public properties work; the 'localhost' STARTTLS rule follows the class's VERSION; an object without the properties is a TypeError
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
hk_load();

class AppMailer extends PHPMailer\PHPMailer\PHPMailer
{
    public function smtpConnect($options = null) { return parent::smtpConnect($options); }
}

// Like WordPress's bundled copy loaded under another name: same public properties, not a PHPMailer.
class LookAlike
{
    const VERSION = '7.0.0';
    public $Mailer = 'smtp';
    public $Host = 'localhost';
    public $Port = 25;
    public $SMTPSecure = '';
    public $SMTPAutoTLS = true;
    public $SMTPOptions = [];
    public $Timeout = 3;
    public $Helo = '';
    public $Hostname = '';
    public $SMTPAuth = false;
    public $Username = '';
    public $Password = '';
    public $AuthType = '';
}

class NoVersion
{
    public $Mailer = 'smtp', $Host = 'localhost', $Port = 25, $SMTPSecure = '';
}

class Hidden
{
    public $Mailer = 'smtp';
    protected $Host = 'localhost';
    public $Port = 25;
    public $SMTPSecure = '';
}

$s454 = sd_fixture_start('starttls454');
$port = $s454['port'];

$sub = hk_mailer(['Host' => '127.0.0.1', 'Port' => $port, 'SMTPSecure' => '', 'SMTPAutoTLS' => false], AppMailer::class);
$r = smtpdiag_phpmailer($sub, ['cache' => false]);
echo "subclass: {$r['verdict']}, class {$r['mailer']['class']}, version ",
    $r['mailer']['version'] === PHPMailer\PHPMailer\PHPMailer::VERSION ? "PHPMailer's" : $r['mailer']['version'], "\n";

// The subclass's VERSION decides: before 6.9 PHPMailer still upgrades for Host 'localhost' (STARTTLS is
// tried and refused), 6.9 and later do not.
$sub->Host = 'localhost';
$sub->SMTPAutoTLS = true;
$r = smtpdiag_phpmailer($sub, ['cache' => false]);
$want = hk_localhost_autotls() ? 'starttls_unavailable' : 'ok';
echo "subclass, Host localhost, SMTPAutoTLS: ", $r['verdict'] === $want ? "as its VERSION says" : "{$r['verdict']}, not $want", "\n";

// A 7.0.0 look-alike does not upgrade for Host 'localhost' (PHPMailer 6.9 and later).
$la = new LookAlike();
$la->Port = $port;
$r = smtpdiag_phpmailer($la, ['cache' => false]);
echo "look-alike 7.0.0, Host localhost, SMTPAutoTLS: {$r['verdict']}, class {$r['mailer']['class']}, version {$r['mailer']['version']}\n";
$la->Host = '127.0.0.1';
$r = smtpdiag_phpmailer($la, ['cache' => false]);
echo "look-alike 7.0.0, Host 127.0.0.1, SMTPAutoTLS: {$r['verdict']}\n";

$nv = new NoVersion();
$nv->Host = '127.0.0.1';
$nv->Port = $port;
$r = smtpdiag_phpmailer($nv, ['cache' => false]);
echo "no VERSION, no SMTPAutoTLS property (PHPMailer's default, true): {$r['verdict']}, version ", var_export($r['mailer']['version'], true), ", SMTPAutoTLS ", var_export($r['mailer']['SMTPAutoTLS'], true), ", Timeout {$r['mailer']['Timeout']}\n";

foreach ([new stdClass(), new ArrayObject([]), new Hidden(), new SplObjectStorage()] as $obj) {
    try {
        smtpdiag_phpmailer($obj);
        echo get_class($obj), ": no error\n";
    } catch (TypeError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
try {
    smtpdiag_phpmailer('PHPMailer');
} catch (TypeError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
subclass: ok, class AppMailer, version PHPMailer's
subclass, Host localhost, SMTPAutoTLS: as its VERSION says
look-alike 7.0.0, Host localhost, SMTPAutoTLS: ok, class LookAlike, version 7.0.0
look-alike 7.0.0, Host 127.0.0.1, SMTPAutoTLS: starttls_unavailable
no VERSION, no SMTPAutoTLS property (PHPMailer's default, true): starttls_unavailable, version NULL, SMTPAutoTLS true, Timeout 300
TypeError: smtpdiag_phpmailer(): Argument #1 ($mailer) must be a PHPMailer object (with public Mailer, Host, Port and SMTPSecure properties), stdClass given
TypeError: smtpdiag_phpmailer(): Argument #1 ($mailer) must be a PHPMailer object (with public Mailer, Host, Port and SMTPSecure properties), ArrayObject given
TypeError: smtpdiag_phpmailer(): Argument #1 ($mailer) must be a PHPMailer object (with public Mailer, Host, Port and SMTPSecure properties), Hidden given
TypeError: smtpdiag_phpmailer(): Argument #1 ($mailer) must be a PHPMailer object (with public Mailer, Host, Port and SMTPSecure properties), SplObjectStorage given
TypeError: smtpdiag_phpmailer(): Argument #1 ($mailer) must be of type object, string given
