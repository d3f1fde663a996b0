<?php
/*
 * smtpdiag: parity between src/engine/sd_mailerhost.c and the PHPMailer installed on this machine.
 *
 *   php -n tests/unit/mailerhost_parity.php [--cases FILE] [--fuzz N] [--seed S] [--keep] [-v]
 *
 * For every case of tests/unit/mailerhost_cases.txt (format described at its top), and for N random
 * cases with --fuzz, it prints one normalized line per Host entry twice:
 *   - from PHPMailer: the Host pattern quoted below, applied to trim()med entries exactly as
 *     smtpConnect() does, PHPMailer::isValidHost(), and the prefix, SMTPSecure and Port rules; each
 *     line is checked against a real PHPMailer::smtpConnect() run on a recording SMTP stand-in (what
 *     it logs, what it hands to connect(), whether it calls startTLS()), so no network is used;
 *   - from sd_mailerhost_parse_php() for this PHP's PHP_VERSION_ID, through a small C driver built here
 *     with cc (CC overrides);
 * then diffs them and exits 1 on any difference, 2 on a set-up failure, 0 when they agree.
 * Environment: PHPMAILER_DIR (default /usr/share/php/libphp-phpmailer), CC (default cc).
 */

declare(strict_types=1);

const HOST_PATTERN = '/^(?:(ssl|tls):\/\/)?(.+?)(?::(\d+))?$/';
const VALID_HOST_PATTERNS = ['/^([a-zA-Z\d.-]*|\[[a-fA-F\d:]+\])$/', '/^([a-z\d.-]*|\[[a-f\d:]+\])$/i'];
const MAX_ENTRIES = 16;

$root = dirname(__DIR__, 2);
$pmdir = getenv('PHPMAILER_DIR') ?: '/usr/share/php/libphp-phpmailer';
$opts = ['cases' => __DIR__ . '/mailerhost_cases.txt', 'fuzz' => 0, 'seed' => null, 'keep' => false, 'v' => false];
for ($i = 1; $i < $argc; $i++) {
    switch ($argv[$i]) {
        case '--cases': $opts['cases'] = $argv[++$i]; break;
        case '--fuzz': $opts['fuzz'] = (int) $argv[++$i]; break;
        case '--seed': $opts['seed'] = (int) $argv[++$i]; break;
        case '--keep': $opts['keep'] = true; break;
        case '-v': $opts['v'] = true; break;
        default: fail("unknown argument {$argv[$i]}");
    }
}

function fail(string $msg): void
{
    fwrite(STDERR, "mailerhost_parity: $msg\n");
    exit(2);
}

/* ---- PHPMailer, and proof that it still uses the pattern quoted above ---- */

require $pmdir . '/autoload.php';
use PHPMailer\PHPMailer\PHPMailer;
use PHPMailer\PHPMailer\SMTP;

$src = @file_get_contents($pmdir . '/src/PHPMailer.php');
if ($src === false) {
    fail("cannot read $pmdir/src/PHPMailer.php");
}
if (strpos($src, "'" . HOST_PATTERN . "'") === false) {
    fail('the installed PHPMailer::smtpConnect() no longer contains the pattern ' . HOST_PATTERN);
}
if (!preg_match('/trim\(\$hostentry\)/', $src)) {
    fail('the installed PHPMailer no longer trims each Host entry');
}
$validPattern = null;
foreach (VALID_HOST_PATTERNS as $p) {
    if (strpos($src, "'" . $p . "'") !== false) {
        $validPattern = $p;
    }
}
if ($validPattern === null) {
    fail('the installed PHPMailer::isValidHost() uses none of the known patterns');
}
if (!defined('OPENSSL_ALGO_SHA256')) {
    fail('PHP has no openssl: smtpConnect() would stop at the first TLS entry');
}
$lang = new ReflectionMethod(PHPMailer::class, 'lang');
$lang->setAccessible(true);
$langMailer = new PHPMailer(false);
$TXT_HOSTENTRY = $lang->invoke($langMailer, 'invalid_hostentry') . ' ';
$TXT_HOST = $lang->invoke($langMailer, 'invalid_host') . ' ';

/* ---- cases ---- */

function decode_field(string $s, string $where): string
{
    $out = '';
    $n = strlen($s);
    for ($i = 0; $i < $n; $i++) {
        $c = $s[$i];
        if ($c !== '\\') {
            $out .= $c;
            continue;
        }
        if (++$i >= $n) {
            fail("$where: lone backslash at the end");
        }
        $e = $s[$i];
        $simple = ['\\' => '\\', 't' => "\t", 'n' => "\n", 'r' => "\r", '0' => "\0", 'v' => "\x0B", 'f' => "\f"];
        if (isset($simple[$e])) {
            $out .= $simple[$e];
        } elseif ($e === 'x' && preg_match('/\G[0-9a-fA-F]{2}/', $s, $m, 0, $i + 1)) {
            $out .= chr(hexdec($m[0]));
            $i += 2;
        } elseif ($e === 'u' && preg_match('/\G\{([0-9a-fA-F]{1,6})\}/', $s, $m, 0, $i + 1)) {
            $out .= mb_chr_utf8(hexdec($m[1]));
            $i += strlen($m[0]);
        } elseif ($e === 'R' && preg_match('/\G\{(\d+)\}\{([^}]*)\}/', $s, $m, 0, $i + 1)) {
            $out .= str_repeat(decode_field($m[2], $where), (int) $m[1]);
            $i += strlen($m[0]);
        } else {
            fail("$where: unknown escape \\$e");
        }
    }
    return $out;
}

/* UTF-8 without the mbstring extension (php -n). */
function mb_chr_utf8(int $cp): string
{
    if ($cp < 0x80) {
        return chr($cp);
    }
    if ($cp < 0x800) {
        return chr(0xC0 | ($cp >> 6)) . chr(0x80 | ($cp & 0x3F));
    }
    if ($cp < 0x10000) {
        return chr(0xE0 | ($cp >> 12)) . chr(0x80 | (($cp >> 6) & 0x3F)) . chr(0x80 | ($cp & 0x3F));
    }
    return chr(0xF0 | ($cp >> 18)) . chr(0x80 | (($cp >> 12) & 0x3F)) . chr(0x80 | (($cp >> 6) & 0x3F))
        . chr(0x80 | ($cp & 0x3F));
}

/** @return list<array{string, int, string}> [SMTPSecure, Port, Host] */
function read_cases(string $file): array
{
    $lines = @file($file, FILE_IGNORE_NEW_LINES);
    if ($lines === false) {
        fail("cannot read $file");
    }
    $cases = [];
    foreach ($lines as $no => $line) {
        if ($line === '' || $line[0] === '#') {
            continue;
        }
        $parts = explode('|', $line, 3);
        if (count($parts) !== 3 || !preg_match('/^-?\d+$/', $parts[1])) {
            fail("$file:" . ($no + 1) . ': expected SMTPSecure|Port|Host');
        }
        $where = "$file:" . ($no + 1);
        $cases[] = [decode_field($parts[0], $where), (int) $parts[1], decode_field($parts[2], $where)];
    }
    return $cases;
}

/** Random Host values built from pieces that hit every branch of the grammar. */
function fuzz_cases(int $n): array
{
    $pieces = ['ssl://', 'tls://', 'SSL://', 'a', 'b', 'Z', 'x', 'e', 'E', 'f', 'F', '0', '1', '9', '25', '465', '00',
        '255', '256', '65535', '65536', '.', '.', '-', '-', '_', ':', ':', '::', '[', ']', '[::1]', '::ffff:',
        '1.2.3.4', ' ', "\t", "\n", "\r", "\0", "\x0B", "\f", ';', ';', "\u{00A0}", "\u{200B}", "\u{FEFF}",
        "\u{00FC}", "\xff", "\x85", "\u{0085}", '/', 'https://', '@', 'localhost', 'xn--', 'com',
        str_repeat('a', 63), str_repeat('b', 64), str_repeat('c.', 60)];
    $secures = ['', '', 'tls', 'ssl', 'TLS', '1'];
    $ports = [25, 25, 587, 465, 0, -1, 70000];
    $cases = [];
    //narrower alphabets reach the IPv6, IPv4 and host-name rules more often than the pieces do
    $alphabets = [['1', 'ab', 'abcd', 'abcde', '0', 'F', ':', ':', '::'], str_split('0123456789..e-'),
        str_split('aZ0.-eE'), ['a', '-', '.', str_repeat('d', 62), str_repeat('e', 63), str_repeat('f', 64)]];
    for ($i = 0; $i < $n; $i++) {
        $h = '';
        $k = mt_rand(0, 12);
        $kind = mt_rand(0, 7);
        $set = $kind < count($alphabets) ? $alphabets[$kind] : $pieces;
        for ($j = 0; $j < $k; $j++) {
            $h .= $set[mt_rand(0, count($set) - 1)];
        }
        if ($kind === 0) {
            $h = '[' . $h . ']' . (mt_rand(0, 1) ? ':' . mt_rand(0, 70000) : '');
        }
        $cases[] = [$secures[mt_rand(0, count($secures) - 1)], $ports[mt_rand(0, count($ports) - 1)], $h];
    }
    return $cases;
}

/* Bytes 0x21..0x7E except '\' as they are, '\' doubled, everything else \xNN: no spaces in a field. */
function esc(string $s): string
{
    return preg_replace_callback('/[^\x21-\x5B\x5D-\x7E]|\\\\/', static function (array $m): string {
        return $m[0] === '\\' ? '\\\\' : sprintf('\\x%02x', ord($m[0]));
    }, $s);
}

/* ---- what PHPMailer derives ---- */

/* Which of isValidHost()'s rules refuses $h, decided with PHPMailer's own pattern and PHP's filters in
 * isValidHost()'s order; checked against PHPMailer::isValidHost() itself. */
function host_check(string $h, string $validPattern): array
{
    $check = 'ok';
    $off = -1;
    if (empty($h)) {
        $check = 'empty';
    } elseif (strlen($h) > 256) {
        $check = 'too_long';
    } elseif (!preg_match($validPattern, $h)) {
        if ($h[0] === '[') {
            $check = 'bad_ipv6';
        } else {
            $check = 'illegal_char';
            $off = strspn($h, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-');
        }
    } elseif (strlen($h) > 2 && $h[0] === '[' && substr($h, -1) === ']') {
        if (filter_var(substr($h, 1, -1), FILTER_VALIDATE_IP, FILTER_FLAG_IPV6) === false) {
            $check = 'bad_ipv6';
        }
    } elseif (is_numeric(str_replace('.', '', $h))) {
        if (filter_var($h, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4) === false) {
            $check = 'bad_ipv4';
        }
    } elseif (filter_var('https://' . $h, FILTER_VALIDATE_URL) === false) {
        $check = 'bad_name';
    }
    if (($check === 'ok') !== PHPMailer::isValidHost($h)) {
        fail('host_check() disagrees with PHPMailer::isValidHost() on ' . esc($h));
    }
    return [$check, $off];
}

/** A PHPMailer SMTP stand-in that records what smtpConnect() asks of it and never touches the network. */
class RecordingSMTP extends SMTP
{
    /** @var list<array{string, mixed}> */
    public $calls = [];
    public function connected() { return false; }
    public function connect($host, $port = null, $timeout = 30, $options = [])
    {
        //as SMTP::connect(): an empty port is the default port
        $this->calls[] = ['connect', $host . ':' . (empty($port) ? self::DEFAULT_PORT : $port)];
        return true;
    }
    public function hello($host = '') { return true; }
    public function getServerExt($name) { return false; }
    public function startTLS()
    {
        $this->calls[] = ['starttls', null];
        return true;
    }
    public function authenticate($username, $password, $authtype = null, $OAuth = null) { return false; }
    public function quit($close_on_error = true) { return true; }
    public function close() {}
}

/** What smtpConnect() really does with these settings: one event per entry. */
function smtpconnect_trace(string $secure, int $port, string $host): array
{
    $mail = new PHPMailer(false);
    $smtp = new RecordingSMTP();
    $mail->isSMTP();
    $mail->Host = $host;
    $mail->Port = $port;
    $mail->SMTPSecure = $secure;
    $mail->SMTPAutoTLS = false;
    $mail->SMTPAuth = true; // authenticate() fails, so smtpConnect() moves on to the next entry
    $mail->Helo = 'parity.invalid';
    $mail->SMTPDebug = SMTP::DEBUG_CLIENT;
    $mail->Debugoutput = static function ($str) use ($smtp) {
        if (strncmp($str, 'Invalid host', 12) === 0) {
            $smtp->calls[] = ['debug', $str];
        }
    };
    $mail->setSMTPInstance($smtp);
    $mail->smtpConnect();
    $events = [];
    foreach ($smtp->calls as [$what, $arg]) {
        if ($what === 'starttls') {
            $events[count($events) - 1]['starttls'] = true;
        } else {
            $events[] = [$what => $arg, 'starttls' => false];
        }
    }
    return $events;
}

function phpmailer_lines(int $n, string $secure, int $port, string $host, string $validPattern): array
{
    global $TXT_HOSTENTRY, $TXT_HOST;

    $entries = explode(';', $host);
    $trace = smtpconnect_trace($secure, $port, $host);
    if (count($trace) !== count($entries)) {
        fail("case $n: smtpConnect() gave " . count($trace) . ' events for ' . count($entries) . ' entries');
    }
    $lines = [];
    $usable = 0;
    foreach (array_slice($entries, 0, MAX_ENTRIES) as $i => $raw) {
        $f = ['raw' => $raw, 'trimmed' => trim($raw), 'matched' => 0, 'skip' => 'none', 'check' => 'ok',
            'bad_offset' => -1, 'prefix' => '', 'host' => '', 'port_text' => '', 'port' => 0, 'override' => 0,
            'mode' => 'none', 'connect' => '', 'debug' => ''];
        $hostinfo = [];
        if (!preg_match(HOST_PATTERN, trim($raw), $hostinfo)) {
            $f['skip'] = 'invalid_hostentry';
            $f['debug'] = $TXT_HOSTENTRY . trim($raw);
        } else {
            $f['matched'] = 1;
            $f['prefix'] = $hostinfo[1];
            $f['host'] = $hostinfo[2];
            $f['port_text'] = $hostinfo[3] ?? '';
            [$f['check'], $f['bad_offset']] = host_check($hostinfo[2], $validPattern);
            if (!PHPMailer::isValidHost($hostinfo[2])) {
                $f['skip'] = 'invalid_host';
                $f['debug'] = $TXT_HOST . $hostinfo[2];
            } else {
                $usable++;
                //smtpConnect()'s rules, step for step
                $prefix = '';
                $tls = (PHPMailer::ENCRYPTION_STARTTLS === $secure);
                $mode = $tls ? 'starttls' : 'none';
                if ('ssl' === $hostinfo[1] || ('' === $hostinfo[1] && PHPMailer::ENCRYPTION_SMTPS === $secure)) {
                    $prefix = 'ssl://';
                    $mode = 'smtps';
                } elseif ('tls' === $hostinfo[1]) {
                    $mode = 'starttls';
                }
                $p = $port;
                if (array_key_exists(3, $hostinfo) && is_numeric($hostinfo[3]) && $hostinfo[3] > 0 && $hostinfo[3] < 65536) {
                    $p = (int) $hostinfo[3];
                    $f['override'] = 1;
                }
                $f['port'] = $p;
                $f['mode'] = $mode;
                $f['connect'] = $prefix . $hostinfo[2] . ':' . (empty($p) ? SMTP::DEFAULT_PORT : $p);
            }
        }
        //the real smtpConnect() must have done the same
        $ev = $trace[$i];
        $seen = $ev['debug'] ?? null;
        if ($f['skip'] !== 'none' ? $seen !== $f['debug'] : ($ev['connect'] ?? null) !== $f['connect']
            || $ev['starttls'] !== ($f['mode'] === 'starttls')) {
            fail("case $n entry $i: the derivation disagrees with smtpConnect(): " . esc(json_encode($ev)));
        }
        $lines[] = line($n, $i, $f);
    }
    array_unshift($lines, sprintf('#%d secure=%s port=%d entries=%d usable=%d dropped=%d', $n, esc($secure), $port,
        count($entries), $usable, max(0, count($entries) - MAX_ENTRIES)));
    return $lines;
}

function line(int $n, int $i, array $f): string
{
    $s = "#$n.$i";
    foreach ($f as $k => $v) {
        $s .= ' ' . $k . '=' . (is_int($v) ? (string) $v : esc($v));
    }
    return $s;
}

/* ---- the C side ---- */

const DRIVER = <<<'C'
/* smtpdiag: mailerhost parity driver. stdin: "<hex SMTPSecure> <Port> <hex Host>" lines ("-" for an
 * empty hex field); stdout: the lines tests/unit/mailerhost_parity.php prints for PHPMailer. */
#include "src/engine/sd_mailerhost.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char line[1 << 20];
static char secure[1 << 12];
static char host[1 << 19];
static char debug[1 << 12];

static size_t unhex(const char *s, size_t n, char *out)
{
	size_t i, k = 0;

	if (n == 1 && s[0] == '-') {
		return 0;
	}
	for (i = 0; i + 1 < n; i += 2) {
		char b[3] = { s[i], s[i + 1], 0 };
		out[k++] = (char) strtol(b, NULL, 16);
	}
	return k;
}

static void esc(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char) s[i];
		if (c == '\\') {
			fputs("\\\\", stdout);
		} else if (c >= 0x21 && c <= 0x7E) {
			putchar(c);
		} else {
			printf("\\x%02x", c);
		}
	}
}

static const char *word(const char *name)
{
	static const char *const map[][2] = {
		{ "invalid hostentry", "invalid_hostentry" }, { "invalid host", "invalid_host" },
		{ "too long", "too_long" }, { "illegal character", "illegal_char" },
		{ "bad IPv6 literal", "bad_ipv6" }, { "bad IPv4 address", "bad_ipv4" },
		{ "URL validation failed", "bad_name" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(map[i][0], name) == 0) {
			return map[i][1];
		}
	}
	return name;
}

int main(void)
{
	static sd_mailerhost_result r;
	int n = 0;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		char *a = strtok(line, " \n"), *p = strtok(NULL, " \n"), *h = strtok(NULL, " \n");
		size_t slen, hlen, i;
		long port;

		if (a == NULL || p == NULL || h == NULL) {
			return 2;
		}
		slen = unhex(a, strlen(a), secure);
		port = strtol(p, NULL, 10);
		hlen = unhex(h, strlen(h), host);
		sd_mailerhost_parse_php(host, hlen, secure, slen, port, SD_PHP_VERSION_ID, &r);
		printf("#%d secure=", n);
		esc(secure, slen);
		printf(" port=%ld entries=%lu usable=%lu dropped=%lu\n", r.port, (unsigned long) (r.count + r.dropped),
		       (unsigned long) r.usable, (unsigned long) r.dropped);
		for (i = 0; i < r.count; i++) {
			const sd_mailerhost_entry *e = &r.entries[i];
			size_t dl = sd_mailerhost_debug_text(e, debug, sizeof(debug));
			printf("#%d.%lu raw=", n, (unsigned long) i);
			esc(e->raw.ptr, e->raw.len);
			fputs(" trimmed=", stdout);
			esc(e->trimmed.ptr, e->trimmed.len);
			printf(" matched=%d skip=%s check=%s bad_offset=%ld prefix=", e->matched, word(sd_mailerhost_skip_name(e->skip)),
			       word(sd_mailerhost_check_name(e->check)),
			       e->check == SD_MAILERHOST_HOST_ILLEGAL_CHAR ? e->bad_offset : -1L);
			fputs(sd_mailerhost_prefix_name(e->prefix), stdout);
			fputs(" host=", stdout);
			esc(e->host.ptr, e->host.len);
			fputs(" port_text=", stdout);
			esc(e->port_text.ptr, e->port_text.len);
			printf(" port=%ld override=%d mode=%s connect=", e->port, e->port_overridden, sd_mailerhost_mode_name(e->mode));
			esc(e->connect, strlen(e->connect));
			fputs(" debug=", stdout);
			esc(debug, dl < sizeof(debug) ? dl : sizeof(debug) - 1);
			putchar('\n');
		}
		n++;
	}
	return 0;
}
C;

function build_driver(string $root, string $dir): string
{
    $cc = getenv('CC') ?: 'cc';
    file_put_contents("$dir/driver.c", DRIVER);
    $exe = "$dir/driver";
    // the driver splits Host as PHPMailer does on this PHP (trim() differs between PHP versions)
    $cmd = sprintf('%s -std=gnu99 -Wall -Wextra -Werror -O1 -DSD_PHP_VERSION_ID=%dL -I%s -o %s %s %s %s %s 2>&1', escapeshellcmd($cc),
        PHP_VERSION_ID, escapeshellarg($root), escapeshellarg($exe), escapeshellarg("$dir/driver.c"),
        escapeshellarg("$root/src/engine/sd_mailerhost.c"), escapeshellarg("$root/src/engine/sd_host.c"),
        escapeshellarg("$root/src/engine/sd_text.c"));
    exec($cmd, $out, $rc);
    if ($rc !== 0) {
        fail("cannot build the C driver:\n$cmd\n" . implode("\n", $out));
    }
    return $exe;
}

/* ---- main ---- */

$cases = read_cases($opts['cases']);
if ($opts['fuzz'] > 0) {
    $seed = $opts['seed'] ?? random_int(1, PHP_INT_MAX >> 1);
    mt_srand($seed);
    fwrite(STDERR, "mailerhost_parity: fuzz seed $seed\n");
    $cases = array_merge($cases, fuzz_cases($opts['fuzz']));
}

$dir = sys_get_temp_dir() . '/sd_mailerhost_parity.' . getmypid();
if (!is_dir($dir) && !mkdir($dir, 0700)) {
    fail("cannot create $dir");
}
register_shutdown_function(static function () use ($dir, $opts): void {
    if ($opts['keep']) {
        fwrite(STDERR, "mailerhost_parity: files kept in $dir\n");
        return;
    }
    foreach (['driver.c', 'driver', 'input', 'phpmailer.out', 'c.out'] as $f) {
        @unlink("$dir/$f");
    }
    @rmdir($dir);
});
$exe = build_driver($root, $dir);

$in = fopen("$dir/input", 'wb');
$out = fopen("$dir/phpmailer.out", 'wb');
$hex = static function (string $s): string { return $s === '' ? '-' : bin2hex($s); };
foreach ($cases as $n => [$secure, $port, $host]) {
    fwrite($out, implode("\n", phpmailer_lines($n, $secure, $port, $host, $validPattern)) . "\n");
    fwrite($in, $hex($secure) . ' ' . $port . ' ' . $hex($host) . "\n");
    if ($n % 1000 === 999) {
        gc_collect_cycles();
    }
}
fclose($in);
fclose($out);
exec(escapeshellarg($exe) . ' < ' . escapeshellarg("$dir/input") . ' > ' . escapeshellarg("$dir/c.out"), $_, $rc);
if ($rc !== 0) {
    fail("the C driver failed with status $rc");
}

$want = fopen("$dir/phpmailer.out", 'rb');
$got = fopen("$dir/c.out", 'rb');
$diff = 0;
$lines = 0;
for (;;) {
    $w = fgets($want);
    $g = fgets($got);
    if ($w === false && $g === false) {
        break;
    }
    $lines++;
    $w = $w === false ? '(none)' : rtrim($w, "\n");
    $g = $g === false ? '(none)' : rtrim($g, "\n");
    if ($w !== $g) {
        if (++$diff <= 20) {
            echo "- phpmailer $w\n+ smtpdiag  $g\n";
        }
    } elseif ($opts['v']) {
        echo "  $w\n";
    }
}
fclose($want);
fclose($got);
printf("mailerhost_parity: PHPMailer %s, %d cases, %d lines, %d differences\n", PHPMailer::VERSION, count($cases),
    $lines, $diff);
exit($diff === 0 ? 0 : 1);
