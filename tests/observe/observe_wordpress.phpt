--TEST--
smtpdiag.explain = full under a real WordPress (Debian's wordpress package, its bundled PHPMailer) on a MariaDB the test starts in a temporary data directory: wp_mail() with a phpmailer_init action that sets port 465's implicit-TLS server with SMTPSecure 'tls' fails, and the wp_mail_failed action's WP_Error message and the error log carry the verdict; the working configuration sends and logs nothing
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php
require __DIR__ . '/observe_lib.inc';
sd_skipif_root(['postfix']);
if (!is_file('/usr/share/wordpress/wp-settings.php') || !is_file('/usr/sbin/mariadbd')) sd_skip('needs the wordpress, mariadb-server and php8.2-mysql packages');
?>
--FILE--
<?php
require __DIR__ . '/observe_lib.inc';
sd_require_root(['postfix']);

// MariaDB in a temporary data directory, on a socket only, stopped by its PID; not followed by valgrind
// under run-tests.php -m (sd_untraced())
$db = sd_work() . '/mariadb-' . bin2hex(random_bytes(3));
mkdir($db, 0700, true);
sd_must(['mariadb-install-db', '--no-defaults', "--datadir=$db/data", '--user=root', '--auth-root-authentication-method=normal',
    '--skip-test-db']);
$sock = "$db/sock";
$p = proc_open(sd_untraced(['/usr/sbin/mariadbd', '--no-defaults', "--datadir=$db/data", "--socket=$sock", '--skip-networking', '--user=root',
    "--pid-file=$db/pid", "--log-error=$db/err"]), [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null, sd_helper_env());
sd_on_exit(static function () use ($db, $p, &$sock): void {
    $pid = (int) @file_get_contents("$db/pid");
    if ($pid > 0) {
        sd_run(['kill', (string) $pid]);
        for ($i = 0; $i < 100 && is_dir("/proc/$pid"); $i++) {
            usleep(100000);
        }
    }
    proc_terminate($p, 9);
    proc_close($p);
    sd_rmtree($db);
});
for ($i = 0; $i < 300 && !file_exists($sock); $i++) {
    usleep(100000);
}
if (!file_exists($sock)) {
    throw new RuntimeException("MariaDB did not open $sock within 30 s: " . @file_get_contents("$db/err"));
}
sd_must(['mariadb', '--no-defaults', "--socket=$sock", '-u', 'root', '-e', 'CREATE DATABASE wp']);

$mta = sd_mta_start();
$sink = ob_sink();
$log = sd_work() . '/wp-error.log';
function wp_send(string $sock, int $port, string $secure, string $log): array
{
    @unlink($log);
    // Debian's php8.2-mysql lives in the system's extension directory, smtpdiag in the test's; a PHP
    // with mysqli built in needs neither module
    $argv = sd_php();
    foreach (extension_loaded('mysqli') ? [] : ['mysqlnd', 'mysqli'] as $m) {
        array_push($argv, '-d', 'extension=' . PHP_EXTENSION_DIR . "/$m.so");
    }
    array_push($argv, '-d', 'extension_dir=' . ini_get('extension_dir'), '-d', 'extension=smtpdiag', '-d', 'smtpdiag.explain=full',
        '-d', 'smtpdiag.cache_ttl=0', '-d', "error_log=$log", '-d', 'log_errors=1', '-d', 'display_errors=0', '-d', 'pcre.jit=0',
        __DIR__ . '/observe_wordpress.inc', $sock, (string) $port, $secure);
    [$out, $err, $rc] = sd_run($argv);
    $r = json_decode(trim((string) strrchr("\n" . trim($out), "\n")), true);
    if (!is_array($r)) {
        throw new RuntimeException("WordPress child failed ($rc): $err$out");
    }
    $r['log'] = is_file($log) ? array_values(array_filter(array_map(static fn($l) => preg_replace('/^\[[^\]]*\] /', '', $l),
        file($log, FILE_IGNORE_NEW_LINES)), static fn($l) => str_contains($l, 'smtpdiag'))) : [];
    return $r;
}
$names = [":{$mta['ports']['smtps']}" => ':<smtps>', " {$mta['ports']['smtps']}" => ' <smtps>', ":$sink" => ':<sink>'];
foreach ([['the implicit-TLS port (465 in production) with SMTPSecure tls', $mta['ports']['smtps'], 'tls'], ['working', $sink, '']] as [$label, $port, $secure]) {
    $r = wp_send($sock, $port, $secure, $log);
    echo "== $label\n";
    echo 'wp_mail(): ', var_export($r['sent'], true), "\n";
    echo 'wp_mail_failed: ', strtr((string) ($r['wp_mail_failed'] ?? 'not called'), $names), "\n";
    foreach ($r['log'] ?: ['nothing'] as $l) {
        echo 'log: ', strtr($l, $names), "\n";
    }
}
// The versions the child ran are those of Debian's wordpress package installed here.
$wp = preg_match("/\\\$wp_version = '([^']+)'/", (string) file_get_contents('/usr/share/wordpress/wp-includes/version.php'), $m) ? $m[1] : '?';
$pm = preg_match("/const VERSION = '([^']+)'/", (string) file_get_contents('/usr/share/wordpress/wp-includes/PHPMailer/PHPMailer.php'), $m) ? $m[1] : '?';
echo 'WordPress and its PHPMailer: ', [$r['wordpress'], $r['phpmailer']] === [$wp, $pm] ? "the installed package's" : "{$r['wordpress']} and {$r['phpmailer']}, not $wp and $pm", "\n";
?>
--EXPECT--
== the implicit-TLS port (465 in production) with SMTPSecure tls
wp_mail(): false
wp_mail_failed: SMTP Error: Could not connect to SMTP host. smtpdiag: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured
log: smtpdiag: 127.0.0.1:<smtps>: tls_mode_mismatch: 127.0.0.1:<smtps> expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured Fix: not verified: port <smtps> with implicit TLS fails from here too (cert_untrusted): $mail->Port = <smtps>; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; Note: PHPMailer waited up to SMTP::Timelimit (3 s), not Timeout (2 s), for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = 2;
== working
wp_mail(): true
wp_mail_failed: not called
log: nothing
WordPress and its PHPMailer: the installed package's