<?php
// Scripted SMTP peers for behaviours a real MTA will not show. Runs with `php -n`.
//
//   php -n tests/servers/smtpfix.php MODE PORTFILE [CERTBUNDLE]
//
// Listens on 127.0.0.1 port 0, writes the port to PORTFILE, serves every connection at once (one
// stream_select loop) and exits when its standard input closes (the test's handle on it) or after
// 120 s, whichever comes first. Modes:
//   greeting554, greeting421   that greeting, then QUIT/close
//   silent                     accepts and never writes
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
declare(strict_types=1);

[$script, $mode, $portfile] = $argv + [null, null, null];
$bundle = $argv[3] ?? null;
if ($mode === null || $portfile === null) {
    fwrite(STDERR, "usage: smtpfix.php MODE PORTFILE [CERTBUNDLE]\n");
    exit(2);
}
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
if ($server === false) {
    fwrite(STDERR, "smtpfix: $errstr\n");
    exit(1);
}
$name = stream_socket_get_name($server, false);
file_put_contents($portfile . '.tmp', substr($name, strrpos($name, ':') + 1));
rename($portfile . '.tmp', $portfile);

const CRLF = "\r\n";
$clients = [];   // id => ['s' => stream, 'buf' => '', 'next' => float, 'sent' => int]
$deadline = microtime(true) + 120;
stream_set_blocking(STDIN, false);

function say($c, string $text): void { @fwrite($c, $text); }

function greet(string $mode, $c): void
{
    switch ($mode) {
        case 'greeting554': say($c, '554 5.7.1 smtpfix.test: your address is listed on a block list' . CRLF); break;
        case 'greeting421': say($c, '421 4.3.2 smtpfix.test: too busy, try again later' . CRLF); break;
        case 'hostile': say($c, "220 smtpfix.test \x1b[2J\x1b]0;owned\x07 ESMTP \x1b[31mred" . CRLF); break;
        case 'endless': case 'slowbytes': case 'silent': case 'http': case 'halftls': case 'tls10': case 'slowgreet': break;
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
    $read = [$server, STDIN];
    foreach ($clients as $cl) { $read[] = $cl['s']; }
    $write = $except = null;
    if (@stream_select($read, $write, $except, 0, 200000) === false) {
        break;
    }
    if (in_array(STDIN, $read, true) && fread(STDIN, 1024) === '' && feof(STDIN)) {
        break;
    }
    if (in_array($server, $read, true) && ($c = @stream_socket_accept($server, 0)) !== false) {
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
            if (!answer($mode, $c, $line)) {
                fclose($c);
                unset($clients[$id]);
                continue 2;
            }
        }
    }
    unset($cl);
}
foreach ($clients as $cl) { @fclose($cl['s']); }
fclose($server);
@unlink($portfile);
