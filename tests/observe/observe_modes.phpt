--TEST--
smtpdiag.explain: off at startup installs no hook and changes nothing; log writes the error log and the debug output but leaves ErrorInfo, the exception and smtpdiag_last_failure() alone; full; one configuration failing again and again is explained once per smtpdiag.cache_ttl; a subclass's smtpConnect() calling the parent's is explained once; Debugoutput 'echo'; an error handler that throws on any warning sees none; invalid ini values; phpinfo()
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/observe_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/observe_lib.inc';
$closed = hk_closed_port();
$names = ['closed' => $closed];
$cfg = ['Host' => '127.0.0.1', 'Port' => $closed, 'SMTPSecure' => 'tls', 'Timeout' => 2];

foreach (['off', 'log', 'full'] as $mode) {
    ob_send("explain=$mode", $cfg, ['exceptions' => true, 'ini' => ['smtpdiag.explain' => $mode]], $names);
}

echo "\n-- a worker failing three times on one configuration, once on another, then on the first again (cache_ttl 60)\n";
$worker = 'for ($i = 0; $i < 3; $i++) { ob_child($spec); } $spec["cfg"]["Port"] = ' . hk_closed_port() . '; ob_child($spec); ';
$r = ob_run($cfg, ['ini' => ['smtpdiag.cache_ttl' => 60], 'prelude' => '$spec = ["cfg" => ' . var_export($cfg, true)
    . ', "exceptions" => false, "phpmailer" => HK_PHPMAILER]; ' . $worker]);
echo 'log lines: ', count($r['log']), "\n";
$sends = array_map(fn($l) => json_decode($l, true), explode("\n", $r['stdout']));
$sends[] = $r;
foreach ($sends as $i => $c) {
    printf("send %d: ErrorInfo %s\n", $i + 1, str_contains($c['ErrorInfo'], 'smtpdiag:') ? 'explained' : 'as PHPMailer wrote it');
}

echo "\n-- a subclass whose smtpConnect() calls parent::smtpConnect()\n";
$r = ob_run($cfg, ['class' => 'SubMailer', 'prelude' => 'require_once HK_PHPMAILER; class SubMailer extends PHPMailer\PHPMailer\PHPMailer {
    public function smtpConnect($options = null) { return parent::smtpConnect($options); } }']);
echo 'log lines: ', count($r['log']), "\n", 'ErrorInfo explanations: ', substr_count($r['ErrorInfo'], 'smtpdiag:'), "\n";

echo "\n-- Debugoutput 'echo'\n";
$r = ob_run($cfg, ['debugoutput' => 'echo']);
foreach (explode("\n", trim($r['echoed'])) as $line) {
    echo preg_replace(['/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\t/', "/:$closed\\b/"], ['<date> ', ':<closed>'], $line), "\n";
}

echo "\n-- an error handler that throws on any warning or notice\n";
$r = ob_run($cfg, ['exceptions' => true, 'prelude' => 'set_error_handler(function ($no, $str) { throw new ErrorException($str, 0, $no); });']);
echo 'exception: ', preg_replace('/:\s.*/', '', $r['exception']), "\n", 'explained: ', str_contains($r['exception'], 'smtpdiag: connection_refused') ? 'yes' : 'no', "\n";

echo "\n-- ini\n";
[$out] = sd_child('var_dump(ini_set("smtpdiag.explain", "verbose"), ini_get("smtpdiag.explain"), ini_set("smtpdiag.explain_timeout", "0"),
    ini_set("smtpdiag.explain_timeout", "2.5"), ini_get("smtpdiag.explain_timeout"));');
echo $out;
foreach (['off', 'log', 'full'] as $mode) {
    [$out] = sd_child('ob_start(); phpinfo(INFO_MODULES); $i = ob_get_clean();
        preg_match_all("/^(Explaining PHPMailer.s failures|smtpdiag\.explain\S*) => .*$/m", $i, $m); echo implode("\n", $m[0]), "\n";', null, null, ['smtpdiag.explain' => $mode]);
    echo $out;
}
?>
--EXPECT--
== explain=off (exceptions on)
sent: false
log: nothing
ErrorInfo: SMTP Error: Could not connect to SMTP host.
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host.
last: null
== explain=log (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: after "SMTP ERROR: Failed to connect to server: Connection refused (111)"
debug: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: before "SMTP Error: Could not connect to SMTP host."
ErrorInfo: SMTP Error: Could not connect to SMTP host.
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host.
last: null
== explain=full (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: after "SMTP ERROR: Failed to connect to server: Connection refused (111)"
debug: smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
debug: before "SMTP Error: Could not connect to SMTP host. smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it"
ErrorInfo: SMTP Error: Could not connect to SMTP host. smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it
last: connection_refused

-- a worker failing three times on one configuration, once on another, then on the first again (cache_ttl 60)
log lines: 2
send 1: ErrorInfo explained
send 2: ErrorInfo as PHPMailer wrote it
send 3: ErrorInfo as PHPMailer wrote it
send 4: ErrorInfo explained
send 5: ErrorInfo as PHPMailer wrote it

-- a subclass whose smtpConnect() calls parent::smtpConnect()
log lines: 1
ErrorInfo explanations: 1

-- Debugoutput 'echo'
<date> SMTP ERROR: Failed to connect to server: Connection refused (111)
<date> smtpdiag: 127.0.0.1:<closed>: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it Fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
<date> SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: connection_refused: 127.0.0.1:<closed> refused the connection (Connection refused): nothing listens there, or a firewall rejects it

-- an error handler that throws on any warning or notice
exception: PHPMailer\PHPMailer\Exception
explained: yes

-- ini

Warning: ini_set(): smtpdiag.explain must be off, log or full, "verbose" given in Command line code on line 1

Warning: ini_set(): smtpdiag.explain_timeout must be a number of seconds greater than 0 and at most 60, "0" given in Command line code on line 1
bool(false)
string(3) "log"
bool(false)
string(1) "5"
string(3) "2.5"
Explaining PHPMailer's failures => off (no hook installed)
smtpdiag.explain => off => off
smtpdiag.explain_timeout => 5 => 5
Explaining PHPMailer's failures => log (error log, SMTPDebug output)
smtpdiag.explain => log => log
smtpdiag.explain_timeout => 5 => 5
Explaining PHPMailer's failures => full (error log, SMTPDebug output, ErrorInfo, exception, smtpdiag_last_failure())
smtpdiag.explain => full => full
smtpdiag.explain_timeout => 5 => 5