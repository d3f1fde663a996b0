--TEST--
smtpdiag_phpmailer() cache: after a call with a Password, an SMTPOptions passphrase and an options password, the process's memory holds none of them beyond the caller's own strings, nor their base64 or unkeyed SHA-256
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); if (!is_readable('/proc/self/maps')) sd_skip('needs /proc'); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
// The child makes its secrets itself (random, so no copy of them is in any script or argument), writes
// each to a file straight from its string, makes one cached call, and waits. This process then reads
// the child's writable memory through /proc/<pid>/maps and /proc/<pid>/mem: what it holds itself (the
// needles, the copies it reads) is not in the child's memory.
$dir = sd_work();
$port = hk_closed_port();
$code = sprintf(<<<'CODE'
require %s;
$dir = %s;
$pw = bin2hex(random_bytes(24));
$pp = bin2hex(random_bytes(24));
$pw2 = bin2hex(random_bytes(24));
file_put_contents("$dir/pw", $pw);
file_put_contents("$dir/pp", $pp);
file_put_contents("$dir/pw2", $pw2);
$m = hk_mailer(['Host' => '127.0.0.1', 'Port' => %d, 'SMTPSecure' => '', 'SMTPAutoTLS' => false,
    'SMTPAuth' => true, 'Username' => 'u', 'Password' => $pw,
    'SMTPOptions' => ['ssl' => ['passphrase' => $pp, 'verify_peer' => true]]]);
$opts = ['username' => 'u2', 'password' => $pw2];
unset($pw, $pp, $pw2);
$r = smtpdiag_phpmailer($m, $opts);
$cached = smtpdiag_phpmailer($m, $opts)['cached'];
echo $r['verdict'], ' ', var_export($cached, true), "\n";
unset($r);
gc_collect_cycles();
fwrite(STDOUT, "ready\n");
fgets(STDIN);
CODE, var_export(__DIR__ . '/hook_lib.inc', true), var_export($dir, true), $port);

$argv = [...sd_php(), '-d', 'extension_dir=' . ini_get('extension_dir'), '-d', 'extension=smtpdiag',
    '-d', 'smtpdiag.cache_ttl=60', '-r', $code];
$p = proc_open($argv, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$pid = proc_get_status($p)['pid'];
$line1 = fgets($pipes[1]);
$line2 = fgets($pipes[1]);
echo 'child: ', $line1;
if (trim((string) $line2) !== 'ready') {
    echo stream_get_contents($pipes[2]);
    exit(1);
}

$secrets = ['Password' => file_get_contents("$dir/pw"), 'passphrase' => file_get_contents("$dir/pp"),
    'options password' => file_get_contents("$dir/pw2")];
$needles = [];
foreach ($secrets as $name => $s) {
    $needles["$name in clear"] = [$s, 1];  // the caller's own string: the property, the options array
    $needles["$name base64"] = [base64_encode($s), 0];
    $needles["$name AUTH PLAIN base64"] = [base64_encode("\0u\0$s"), 0];
    $needles["$name SHA-256 binary"] = [hash('sha256', $s, true), 0];
    $needles["$name SHA-256 hex"] = [hash('sha256', $s), 0];
}
$found = array_fill_keys(array_keys($needles), 0);
$mem = fopen("/proc/$pid/mem", 'rb');
$regions = 0;
foreach (file("/proc/$pid/maps") as $line) {
    if (!preg_match('/^([0-9a-f]+)-([0-9a-f]+) rw.p \S+ \S+ \S+\s*(.*)$/', $line, $m)
            || in_array(trim($m[3]), ['[vvar]', '[vsyscall]'], true)) {
        continue;
    }
    $start = hexdec($m[1]);
    $end = hexdec($m[2]);
    $tail = '';
    for ($at = $start; $at < $end; $at += 1 << 20) {
        if (fseek($mem, $at) !== 0) {
            break;
        }
        $chunk = @fread($mem, (int) min(1 << 20, $end - $at));
        if ($chunk === false || $chunk === '') {
            break;
        }
        $buf = $tail . $chunk;
        foreach ($needles as $k => [$n]) {
            // a needle that starts in the tail was counted with the previous chunk
            for ($o = strpos($buf, $n); $o !== false; $o = strpos($buf, $n, $o + 1)) {
                if ($o + strlen($n) > strlen($tail)) {
                    $found[$k]++;
                }
            }
        }
        $tail = substr($chunk, -128);
    }
    $regions++;
}
fclose($mem);
fwrite($pipes[0], "done\n");
fclose($pipes[0]);
fclose($pipes[1]);
fclose($pipes[2]);
proc_close($p);
echo 'regions read: ', $regions > 3 ? 'yes' : "only $regions", "\n";
foreach ($needles as $k => [, $want]) {
    printf("%s: %s\n", $k, $found[$k] === $want ? 'as expected' : "found {$found[$k]} times, expected $want");
}
?>
--EXPECT--
child: connection_refused true
regions read: yes
Password in clear: as expected
Password base64: as expected
Password AUTH PLAIN base64: as expected
Password SHA-256 binary: as expected
Password SHA-256 hex: as expected
passphrase in clear: as expected
passphrase base64: as expected
passphrase AUTH PLAIN base64: as expected
passphrase SHA-256 binary: as expected
passphrase SHA-256 hex: as expected
options password in clear: as expected
options password base64: as expected
options password AUTH PLAIN base64: as expected
options password SHA-256 binary: as expected
options password SHA-256 hex: as expected
