--TEST--
Documentation: every PHP sample of README.md parses in a file that has `use PHPMailer\PHPMailer\PHPMailer;` and names PHPMailer's classes fully qualified; the checks and findings of a report are keyed arrays as README.md shows them; `bash scripts/dev.sh` without an argument prints exactly its usage
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; if (!is_file(__DIR__ . '/../../README.md') || !is_file(__DIR__ . '/../../scripts/dev.sh')) sd_skip('needs the source tree'); ?>
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
$root = __DIR__ . '/../..';
$readme = (string) file_get_contents("$root/README.md");
preg_match_all('/```php\n(.*?)```/s', $readme, $m);
echo 'PHP samples: ', count($m[1]), "\n";
$bad = [];
foreach ($m[1] as $i => $code) {
    $file = sd_work() . "/sample$i.php";
    file_put_contents($file, "<?php\nnamespace App\\Mail;\n\nuse PHPMailer\\PHPMailer\\PHPMailer;\n\n" . preg_replace('/^<\?php\s*/', '', $code));
    [$out, , $rc] = sd_run([...sd_php(), '-l', $file]);
    if ($rc !== 0) {
        $bad[] = "sample $i does not parse: " . trim($out);
    }
    // With that use statement, PHPMailer\PHPMailer\X would mean PHPMailer\PHPMailer\PHPMailer\PHPMailer\X.
    if (preg_match('/(?<![\\\\\w])PHPMailer\\\\PHPMailer\\\\/', $code)) {
        $bad[] = "sample $i names a PHPMailer class without the leading \\";
    }
}
echo 'problems: ', $bad ? implode('; ', $bad) : 'none', "\n";
echo 'the ini settings are called three: ', str_contains($readme, 'Both can be changed') ? 'NO' : 'yes', "\n";
echo 'php --ri smtpdiag and its environment verdict are described: ', str_contains($readme, '`php --ri smtpdiag`') && str_contains($readme, '`Environment verdict`') ? 'yes' : 'NO', "\n";

$r = smtpdiag_probe('127.0.0.1', 1, ['timeout' => 2]);
echo 'a check is keyed: ', implode(' ', array_keys($r['checks'][0])), "; a finding is keyed: ", implode(' ', array_keys($r['findings'][0])), "\n";
echo 'README.md shows them keyed: ', str_contains($readme, "['name' => 'tcp', 'status' => 'pass', 'ms' => ") && str_contains($readme, "['code' => 'cleartext', 'severity' => 'warning', 'message' => ")
    && !str_contains($readme, '`[name, status, ms, message, data]`') && !str_contains($readme, '`[code, severity, message]`') ? 'yes' : 'NO', "\n";

[$out, $err, $rc] = sd_run(['bash', "$root/scripts/dev.sh"]);
$lines = explode("\n", rtrim($out));
echo "dev.sh without an argument: exit $rc, ", count($lines), " lines, first: {$lines[0]}\n";
echo '  last: ', end($lines), "\n";
echo '  a line of code in it: ', preg_grep('/^(set |root=|cd |packages=)/', $lines) ? 'YES' : 'no', "\n";
?>
--EXPECTF--
PHP samples: %d
problems: none
the ini settings are called three: yes
php --ri smtpdiag and its environment verdict are described: yes
a check is keyed: name status ms message data; a finding is keyed: code severity message
README.md shows them keyed: yes
dev.sh without an argument: exit 2, 20 lines, first: smtpdiag developer entry point, for a Debian 12 machine (run as root, or with sudo for `setup`).
  last: SMTPDIAG_FUZZ_SECONDS sets the fuzzing time per target (default 20; 0 only replays the corpus).
  a line of code in it: no
