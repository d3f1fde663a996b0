--TEST--
smtpdiag_phpmailer() cache: a repeat of the same configuration is cached and costs no network; Port, Host and SMTPOptions changes miss, and a Password change where the check authenticates with it (check_auth) or empties it (without check_auth the password's value is not used, so a change hits); cache false probes; cache_ttl expiry and 0; 70 configurations stay within the cap
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
$fx = sd_fixture_start('nostarttls');
$port = $fx['port'];
$base = ['Host' => '127.0.0.1', 'Port' => $port, 'SMTPSecure' => '', 'SMTPAutoTLS' => false, 'SMTPAuth' => true, 'Username' => 'u', 'Password' => 'one'];
function call(string $label, array $cfg, array $opts = []): array
{
    $t = hrtime(true);
    $r = smtpdiag_phpmailer(hk_mailer($cfg), $opts);
    printf("%s: cached %s, verdict %s%s\n", $label, var_export($r['cached'], true), $r['verdict'],
        $r['cached'] && !sd_within_deadline((hrtime(true) - $t) / 1e6, 50) ? ' (SLOW for a hit)' : '');
    return $r;
}
$first = call('first call', $base);
$again = call('same configuration, another object', $base);
sd_fixture_stop($fx);   // from here every real probe of $port is refused
$hit = call('same configuration, server gone', $base);
unset($first['cached'], $hit['cached']);
echo 'cached report equals the first one: ', var_export($first == $hit, true), "\n";
call('cache => false', $base, ['cache' => false]);
call('Port changed', ['Port' => 1, 'Host' => "127.0.0.1:$port"] + $base);
call('Host changed', ['Host' => "localhost:$port"] + $base);
call('SMTPOptions changed', ['SMTPOptions' => ['ssl' => ['verify_peer' => true]]] + $base);
call('Password changed', ['Password' => 'two'] + $base);
call('Password emptied', ['Password' => ''] + $base);
call('check_auth', $base, ['check_auth' => true]);
call('check_auth again', $base, ['check_auth' => true]);
call('check_auth, Password changed', ['Password' => 'two'] + $base, ['check_auth' => true]);
call('original configuration again', $base);

// 1 s, longer where sd_allowance_ms() is (valgrind, load), so that "at once" stays inside it
$ttl = max(1, (int) ceil(sd_allowance_ms() / 500));
var_dump(ini_set('smtpdiag.cache_ttl', (string) $ttl));
$cfg = ['Helo' => 'ttl.example.com'] + $base;
call('ttl: first', $cfg);
call('ttl: at once', $cfg);
usleep($ttl * 1000000 + 200000);
call('ttl: after ttl + 0.2 s', $cfg);

ini_set('smtpdiag.cache_ttl', '0');
$cfg = ['Helo' => 'off.example.com'] + $base;
call('ttl 0: first', $cfg);
call('ttl 0: second', $cfg);

ini_set('smtpdiag.cache_ttl', '60');
$hits = 0;
for ($i = 1; $i <= 70; $i++) {
    $r = smtpdiag_phpmailer(hk_mailer(['Helo' => "h$i.example.com"] + $base));
    $hits += $r['cached'];
}
echo "70 new configurations: $hits hits\n";
$hits = 0;
for ($i = 70; $i >= 1; $i--) {
    $r = smtpdiag_phpmailer(hk_mailer(['Helo' => "h$i.example.com"] + $base));
    $hits += $r['cached'];
}
echo "again, newest first: hits between 1 and 64: ", var_export($hits >= 1 && $hits <= 64, true), "\n";
echo 'newest still cached: ', var_export(smtpdiag_phpmailer(hk_mailer(['Helo' => 'h1.example.com'] + $base))['cached'], true), "\n";
?>
--EXPECT--
first call: cached false, verdict ok
same configuration, another object: cached true, verdict ok
same configuration, server gone: cached true, verdict ok
cached report equals the first one: true
cache => false: cached false, verdict connection_refused
Port changed: cached false, verdict connection_refused
Host changed: cached false, verdict connection_refused
SMTPOptions changed: cached false, verdict connection_refused
Password changed: cached true, verdict ok
Password emptied: cached false, verdict connection_refused
check_auth: cached false, verdict connection_refused
check_auth again: cached true, verdict connection_refused
check_auth, Password changed: cached false, verdict connection_refused
original configuration again: cached true, verdict ok
string(2) "60"
ttl: first: cached false, verdict connection_refused
ttl: at once: cached true, verdict connection_refused
ttl: after ttl + 0.2 s: cached false, verdict connection_refused
ttl 0: first: cached false, verdict connection_refused
ttl 0: second: cached false, verdict connection_refused
70 new configurations: 0 hits
again, newest first: hits between 1 and 64: true
newest still cached: true
