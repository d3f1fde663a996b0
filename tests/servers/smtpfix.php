<?php
// Scripted SMTP peers for behaviours a real MTA will not show. Runs with `php -n`.
//
//   php -n tests/servers/smtpfix.php [--ipv4-only] MODE PORTFILE [CERTBUNDLE]
//
// Listens on one port of both 127.0.0.1 and ::1 (so "localhost" reaches it whichever address the
// resolver lists first; with --ipv4-only, or where the machine has no ::1, on 127.0.0.1 alone), writes
// the port to PORTFILE once every socket listens, serves every connection at once (one stream_select
// loop) and exits when its standard input closes (the test's handle on it) or after 900 s, whichever
// comes first (a safety net long enough for a test whose commands run under valgrind). Modes:
//   greeting554                that greeting, then answers QUIT (RFC 5321 3.1: the server waits for it)
//   greeting421                that greeting, then closes at once (RFC 5321 3.8), as Postfix does past
//                              smtpd_client_connection_count_limit ("421 4.7.0 ... too many connections")
//   silent                     accepts and never writes
//   closeonbytes               accepts, never writes, closes once the client sends anything (a protocol
//                              multiplexer that matches none of its protocols to the first bytes)
//   http                       says nothing until a request line, then an HTTP 400 answer
//   nostarttls                 a good server whose EHLO lacks STARTTLS
//   slowgreet                  nostarttls, with the greeting 0.8 s after the connect
//   starttls454                offers STARTTLS, answers it with 454
//   ehlo502                    refuses EHLO with 502, accepts HELO (an old server)
//   slowbytes                  sends its greeting one byte a second, never finishing the line
//   endless                    an endless multi-line 220- greeting
//   bigline                    a megabyte greeting line without CRLF
//   garbage                    binary junk
//   hostile                    a greeting and EHLO full of terminal escape sequences
//   tls10                      implicit TLS offering only TLS 1.0 (CERTBUNDLE: key and chain)
//   halftls                    reads the ClientHello, sends part of a ServerHello, stalls
// Mail providers at SMTP AUTH, with their greetings, EHLO lists and replies (STARTTLS with CERTBUNDLE;
// AUTH is listed only after TLS, as the providers do). The password (for XOAUTH2 the token) picks the
// reply: "app-password" is accepted, "account-password" gets the provider's refusal of an account
// password (Gmail 534 5.7.9 and Microsoft 535 5.7.139 ask for an app password; Yahoo answers with
// (#AUTH005), which says only that further attempts are held back after too many bad ones; iCloud's is
// its plain refusal), anything else its wrong-password refusal; Gmail's "web-login" gets 534 5.7.14,
// Microsoft's "basic-retired" 550 5.7.30:
//   gmail, microsoft, yahoo, icloud
//   exchange_ntlm              STARTTLS, then AUTH GSSAPI NTLM only (an on-premises Exchange)
//   auth530                    lists AUTH before TLS but answers it with 530 5.7.0 Must issue a STARTTLS
declare(strict_types=1);

$args = array_slice($argv, 1);
$ipv4_only = ($args[0] ?? '') === '--ipv4-only';
if ($ipv4_only) {
    array_shift($args);
}
[$mode, $portfile] = $args + [null, null];
$bundle = $args[2] ?? null;
if ($mode === null || $portfile === null) {
    fwrite(STDERR, "usage: smtpfix.php [--ipv4-only] MODE PORTFILE [CERTBUNDLE]\n");
    exit(2);
}

/**
 * The listening sockets: 127.0.0.1 on a port the system picks, then ::1 on the same port. Another
 * program may hold that port on ::1: then both are given up and another port is tried.
 */
function listen_sockets(bool $ipv4_only): array
{
    for ($try = 0; $try < 50; $try++) {
        $v4 = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        if ($v4 === false) {
            fwrite(STDERR, "smtpfix: 127.0.0.1: $errstr\n");
            exit(1);
        }
        if ($ipv4_only) {
            return [$v4];
        }
        $name = stream_socket_get_name($v4, false);
        $port = (int) substr($name, strrpos($name, ':') + 1);
        $v6 = @stream_socket_server("tcp://[::1]:$port", $errno, $errstr);
        if ($v6 !== false) {
            return [$v4, $v6];
        }
        fclose($v4);
        // EADDRNOTAVAIL, EAFNOSUPPORT: this machine has no ::1, so no resolver lists it either
        if ($errno === 99 || $errno === 97) {
            $ipv4_only = true;
        }
    }
    fwrite(STDERR, "smtpfix: no port free on both 127.0.0.1 and ::1\n");
    exit(1);
}

$servers = listen_sockets($ipv4_only);
$name = stream_socket_get_name($servers[0], false);
file_put_contents($portfile . '.tmp', substr($name, strrpos($name, ':') + 1));
rename($portfile . '.tmp', $portfile);

const CRLF = "\r\n";
$clients = [];   // id => ['s' => stream, 'buf' => '', 'next' => float, 'sent' => int]
$deadline = microtime(true) + 900;
stream_set_blocking(STDIN, false);

function say($c, string $text): void { @fwrite($c, $text); }

const PROVIDERS = [
    'gmail' => [
        'greeting' => '220 smtp.gmail.com ESMTP a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp',
        'ehlo' => ['smtp.gmail.com at your service, [127.0.0.1]', 'SIZE 35882577', '8BITMIME', 'STARTTLS', 'ENHANCEDSTATUSCODES', 'PIPELINING', 'CHUNKING', 'SMTPUTF8'],
        'auth' => 'AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH',
        'ok' => '235 2.7.0 Accepted',
        'account-password' => "534-5.7.9 Application-specific password required. For more information, go to\r\n534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp",
        'web-login' => "534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1&scc=1&plt=AKgnsbt>\r\n534-5.7.14 Please log in via your web browser and then try again.\r\n534-5.7.14  Learn more at\r\n534 5.7.14  https://support.google.com/mail/answer/78754 a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp",
        'wrong' => "535-5.7.8 Username and Password not accepted. For more information, go to\r\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp",
        'xoauth2_challenge' => '334 eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==',
        'before_tls' => '530 5.7.0 Must issue a STARTTLS command first. a640c23a62f3a-a4e0f1c2b3d4e5.12 - gsmtp',
    ],
    'microsoft' => [
        'greeting' => '220 AM0PR01CA0001.outlook.office365.com Microsoft ESMTP MAIL Service ready at Sat, 28 Nov 2026 10:00:00 +0000',
        'ehlo' => ['AM0PR01CA0001.outlook.office365.com Hello [127.0.0.1]', 'SIZE 157286400', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'STARTTLS', '8BITMIME', 'BINARYMIME', 'CHUNKING', 'SMTPUTF8'],
        'auth' => 'AUTH LOGIN XOAUTH2',
        'ok' => '235 2.7.0 Authentication successful',
        'account-password' => '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR01CA0001.eurprd01.prod.exchangelabs.com 2026-11-28T10:00:00.000Z 08DD0A1B2C3D4E5F]',
        'basic-retired' => '550 5.7.30 Basic authentication is not supported for Client Submission.',
        'wrong' => '535 5.7.3 Authentication unsuccessful [AM0PR01CA0001.eurprd01.prod.exchangelabs.com 2026-11-28T10:00:00.000Z 08DD0A1B2C3D4E5F]',
        'before_tls' => '504 5.7.4 Unrecognized authentication type [AM0PR01CA0001.eurprd01.prod.exchangelabs.com]',
    ],
    'yahoo' => [
        'greeting' => '220 smtp.mail.yahoo.com ESMTP ready',
        'ehlo' => ['smtp.mail.yahoo.com Hello smtpdiag [127.0.0.1])', 'PIPELINING', 'ENHANCEDSTATUSCODES', '8 BITMIME', 'SIZE 41697280', 'STARTTLS'],
        'auth' => 'AUTH PLAIN LOGIN XOAUTH2 OAUTHBEARER',
        'ok' => '235 2.0.0 OK',
        'account-password' => '535 5.7.0 (#AUTH005) Too many bad auth attempts.',
        'wrong' => '535 5.7.0 (#MBR1212) Incorrect username or password.',
    ],
    'icloud' => [
        'greeting' => '220 smtp.mail.me.com ESMTP',
        'ehlo' => ['smtp.mail.me.com', 'PIPELINING', 'SIZE 28311552', 'STARTTLS', '8BITMIME', 'ENHANCEDSTATUSCODES'],
        'auth' => 'AUTH PLAIN LOGIN',
        'ok' => '235 2.7.0 Authentication successful',
        'account-password' => '535 5.7.8 Authentication failed',
        'wrong' => '535 5.7.8 Authentication failed',
    ],
    'exchange_ntlm' => [
        'greeting' => '220 exch01.corp.smtpdiag.test Microsoft ESMTP MAIL Service ready',
        'ehlo' => ['exch01.corp.smtpdiag.test Hello [127.0.0.1]', 'SIZE 37748736', 'PIPELINING', 'STARTTLS', '8BITMIME'],
        'auth' => 'AUTH GSSAPI NTLM',
    ],
    'auth530' => [
        'greeting' => '220 mx.smtpdiag.test ESMTP',
        'ehlo' => ['mx.smtpdiag.test', 'STARTTLS', 'AUTH LOGIN PLAIN', '8BITMIME'],
        'auth' => 'AUTH LOGIN PLAIN',
        'ok' => '235 2.7.0 Authentication successful',
        'wrong' => '535 5.7.8 Error: authentication failed',
        'before_tls' => '530 5.7.0 Must issue a STARTTLS command first',
    ],
];

/** The reply a provider gives to a secret (the password, or XOAUTH2's token). */
function provider_verdict(array $p, string $secret): string
{
    if ($secret === 'app-password') {
        return $p['ok'];
    }
    return $p[$secret] ?? $p['wrong'];
}

/** A provider fixture's answer to one line; false closes the connection. */
function provider_answer(string $mode, array &$cl, string $line): bool
{
    global $bundle;
    $p = PROVIDERS[$mode];
    $c = $cl['s'];
    $line = rtrim($line, "\r\n");
    $state = $cl['auth'] ?? '';
    if ($state !== '') {
        $cl['auth'] = '';
        if ($line === '*') { say($c, '501 5.7.0 Authentication aborted' . CRLF); return true; }
        if ($state === 'user') { $cl['auth'] = 'pass'; say($c, '334 UGFzc3dvcmQ6' . CRLF); return true; }
        if ($state === 'pass') { say($c, provider_verdict($p, (string) base64_decode($line)) . CRLF); return true; }
        if ($state === 'plain') {
            $parts = explode("\0", (string) base64_decode($line));
            say($c, provider_verdict($p, (string) end($parts)) . CRLF);
            return true;
        }
        if ($state === 'xoauth2') { say($c, $p['wrong'] . CRLF); return true; }
    }
    $words = explode(' ', $line);
    $verb = strtoupper($words[0]);
    if ($verb === 'QUIT') { say($c, '221 2.0.0 closing connection' . CRLF); return false; }
    if ($verb === 'EHLO') {
        $lines = $p['ehlo'];
        if (!empty($cl['tls'])) {
            $lines = array_values(array_filter($lines, static fn($l) => $l !== 'STARTTLS' && strncmp($l, 'AUTH', 4) !== 0));
            array_splice($lines, 1, 0, [$p['auth']]);
        }
        $out = '';
        foreach ($lines as $i => $l) {
            $out .= '250' . ($i === count($lines) - 1 ? ' ' : '-') . $l . CRLF;
        }
        say($c, $out);
        return true;
    }
    if ($verb === 'STARTTLS' && empty($cl['tls'])) {
        say($c, '220 2.0.0 Ready to start TLS' . CRLF);
        stream_set_blocking($c, true);
        stream_context_set_option($c, 'ssl', 'local_cert', (string) $bundle);
        stream_set_timeout($c, 5);
        if (@stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_SERVER) !== true) {
            return false;
        }
        stream_set_blocking($c, false);
        $cl['tls'] = true;
        return true;
    }
    if ($verb === 'AUTH') {
        $mech = strtoupper($words[1] ?? '');
        $offered = explode(' ', $p['auth']);
        if (empty($cl['tls'])) {
            say($c, ($p['before_tls'] ?? '530 5.7.0 Must issue a STARTTLS command first') . CRLF);
            return true;
        }
        if (!in_array($mech, $offered, true) || !isset($p['ok'])) {
            say($c, '504 5.5.4 Unrecognized authentication type' . CRLF);
            return true;
        }
        if ($mech === 'LOGIN') { $cl['auth'] = 'user'; say($c, '334 VXNlcm5hbWU6' . CRLF); return true; }
        if ($mech === 'PLAIN' && isset($words[2])) {
            $parts = explode("\0", (string) base64_decode($words[2]));
            say($c, provider_verdict($p, (string) end($parts)) . CRLF);
            return true;
        }
        if ($mech === 'PLAIN') { $cl['auth'] = 'plain'; say($c, '334 ' . CRLF); return true; }
        if ($mech === 'XOAUTH2') {
            preg_match('/auth=Bearer (.*?)\x01/', (string) base64_decode($words[2] ?? ''), $m);
            $reply = provider_verdict($p, $m[1] ?? '');
            if ($reply !== $p['ok'] && isset($p['xoauth2_challenge'])) {
                $cl['auth'] = 'xoauth2';
                $reply = $p['xoauth2_challenge'];
            }
            say($c, $reply . CRLF);
            return true;
        }
    }
    if ($verb === 'HELO') { say($c, '250 ' . explode(' ', $p['ehlo'][0])[0] . CRLF); return true; }
    if ($verb === 'MAIL' || $verb === 'RCPT' || $verb === 'DATA') {
        // The tests never get here: smtpdiag sends no message.
        say($c, '554 5.5.1 smtpfix: no mail transactions here' . CRLF);
        return false;
    }
    say($c, '502 5.5.2 Error: command not recognized' . CRLF);
    return true;
}

function greet(string $mode, $c): void
{
    if (isset(PROVIDERS[$mode])) {
        say($c, PROVIDERS[$mode]['greeting'] . CRLF);
        return;
    }
    switch ($mode) {
        case 'greeting554': say($c, '554 5.7.1 smtpfix.test: your address is listed on a block list' . CRLF); break;
        case 'greeting421': say($c, '421 4.3.2 smtpfix.test: too busy, try again later' . CRLF); break;
        case 'hostile': say($c, "220 smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred" . CRLF); break;
        case 'endless': case 'slowbytes': case 'silent': case 'closeonbytes': case 'http': case 'halftls': case 'tls10': case 'slowgreet': break;
        case 'bigline': say($c, '220 ' . str_repeat('x', 1024 * 1024)); break;
        case 'garbage': say($c, "\x00\xff\xfe garbage \x01\x02\x03" . CRLF); break;
        default: say($c, '220 smtpfix.test ESMTP fixture' . CRLF);
    }
}

function answer(string $mode, $c, string $line): bool
{
    $verb = strtoupper(substr(trim($line), 0, 4));
    if ($mode === 'http') {
        say($c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return false;
    }
    if ($verb === 'QUIT') { say($c, '221 2.0.0 bye' . CRLF); return false; }
    if ($verb === 'EHLO') {
        if ($mode === 'ehlo502') { say($c, '502 5.5.2 Error: command not recognized' . CRLF); return true; }
        if ($mode === 'hostile') { say($c, "250-smtpfix.test\r\n250-\x1b[5mBLINK\r\n250 8BITMIME" . CRLF); return true; }
        $ext = $mode === 'starttls454' ? "250-STARTTLS\r\n" : '';
        say($c, "250-smtpfix.test\r\n250-PIPELINING\r\n{$ext}250 8BITMIME" . CRLF);
        return true;
    }
    if ($verb === 'HELO') { say($c, '250 smtpfix.test' . CRLF); return true; }
    if ($verb === 'STAR' && $mode === 'starttls454') { say($c, '454 4.7.0 TLS not available due to local problem' . CRLF); return true; }
    say($c, '502 5.5.2 Error: command not recognized' . CRLF);
    return true;
}

while (microtime(true) < $deadline) {
    $read = array_merge($servers, [STDIN]);
    foreach ($clients as $cl) { $read[] = $cl['s']; }
    $write = $except = null;
    if (@stream_select($read, $write, $except, 0, 200000) === false) {
        break;
    }
    if (in_array(STDIN, $read, true) && fread(STDIN, 1024) === '' && feof(STDIN)) {
        break;
    }
    $ready = array_values(array_filter($servers, static fn($sv) => in_array($sv, $read, true)));
    if ($ready && ($c = @stream_socket_accept($ready[0], 0)) !== false) {
        if ($mode === 'tls10') {
            // One TLS 1.0 handshake at a time is enough for the tests that use it.
            stream_context_set_option($c, 'ssl', 'local_cert', (string) $bundle);
            stream_context_set_option($c, 'ssl', 'ciphers', 'DEFAULT@SECLEVEL=0');
            stream_context_set_option($c, 'ssl', 'security_level', 0);
            stream_set_timeout($c, 5);
            if (@stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLSv1_0_SERVER) !== true) {
                fclose($c);
                continue;
            }
            say($c, '220 smtpfix.test ESMTP TLS 1.0' . CRLF);
        } else {
            greet($mode, $c);
            if ($mode === 'greeting421') {
                fclose($c);
                continue;
            }
        }
        stream_set_blocking($c, false);
        $clients[(int) $c] = ['s' => $c, 'buf' => '', 'next' => microtime(true) + ($mode === 'slowgreet' ? 0.8 : 0), 'sent' => 0];
    }
    foreach ($clients as $id => &$cl) {
        $c = $cl['s'];
        if ($mode === 'slowbytes' && microtime(true) >= $cl['next']) {
            say($c, substr('220 smtpfix.test ESMTP slow', $cl['sent'] % 27, 1));
            $cl['sent']++;
            $cl['next'] = microtime(true) + 1.0;
        }
        if ($mode === 'slowgreet' && $cl['sent'] === 0 && microtime(true) >= $cl['next']) {
            say($c, '220 smtpfix.test ESMTP slow to greet' . CRLF);
            $cl['sent'] = 1;
        }
        if ($mode === 'endless' && $cl['sent'] < 100000) {
            say($c, str_repeat("220-smtpfix.test endless greeting line\r\n", 50));
            $cl['sent'] += 50;
        }
        if (!in_array($c, $read, true)) {
            continue;
        }
        $data = @fread($c, 65536);
        if ($data === '' || $data === false) {
            if (feof($c)) { fclose($c); unset($clients[$id]); }
            continue;
        }
        if ($mode === 'halftls') {
            if ($cl['sent'] === 0) { say($c, "\x16\x03\x03\x00\x5a\x02\x00\x00\x56\x03\x03"); $cl['sent'] = 1; }
            continue;
        }
        if ($mode === 'closeonbytes') {
            fclose($c);
            unset($clients[$id]);
            continue;
        }
        if ($mode === 'http') {
            // Like a web server: a request it cannot parse gets a 400 at once.
            answer($mode, $c, $data);
            fclose($c);
            unset($clients[$id]);
            continue;
        }
        if ($mode === 'silent' || $mode === 'slowbytes' || $mode === 'endless') {
            continue;
        }
        $cl['buf'] .= $data;
        while (($nl = strpos($cl['buf'], "\n")) !== false) {
            $line = substr($cl['buf'], 0, $nl + 1);
            $cl['buf'] = substr($cl['buf'], $nl + 1);
            if (isset(PROVIDERS[$mode]) ? !provider_answer($mode, $cl, $line) : !answer($mode, $c, $line)) {
                fclose($c);
                unset($clients[$id]);
                continue 2;
            }
        }
    }
    unset($cl);
}
foreach ($clients as $cl) { @fclose($cl['s']); }
foreach ($servers as $sv) { fclose($sv); }
@unlink($portfile);
