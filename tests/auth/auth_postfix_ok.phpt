--TEST--
smtpdiag_probe() with credentials against a real Postfix with Cyrus SASL: PHPMailer's choice (CRAM-MD5 first), LOGIN and PLAIN asked for, STARTTLS and implicit TLS: ok, the auth check passes, then QUIT; no form of the password anywhere
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix', 'sasl']); ?>
--FILE--
<?php
require __DIR__ . '/auth_lib.inc';
sd_require_root(['postfix', 'sasl']);
$pass = 'Pw-' . bin2hex(random_bytes(6));
$mta = au_mta_start(['alice' => $pass]);
$p = $mta['ports'];
$base = ['cafile' => $mta['ca'], 'timeout' => 5, 'username' => 'alice', 'password' => $pass];
$cases = [
    'STARTTLS, no auth_type' => ['localhost', $p['auth_submission'], ['security' => 'starttls']],
    'STARTTLS, auth_type LOGIN' => ['localhost', $p['auth_submission'], ['security' => 'starttls', 'auth_type' => 'LOGIN']],
    'STARTTLS, auth_type PLAIN' => ['localhost', $p['auth_submission'], ['security' => 'starttls', 'auth_type' => 'PLAIN']],
    'auto on 127.0.0.1 (STARTTLS offered and used), auth_type XOAUTH2, which the server lacks' => ['127.0.0.1', $p['auth_submission'], ['auth_type' => 'XOAUTH2']],
    'implicit TLS' => ['localhost', $p['auth_smtps'], ['security' => 'smtps']],
];
$texts = [];
foreach ($cases as $label => [$host, $port, $opts]) {
    $r = smtpdiag_probe($host, $port, $opts + $base);
    au_show($label, $r);
    echo '  checks: ', sd_stages($r), "\n";
    echo '  exchange: ', implode(' | ', array_slice($r['transcript'], array_search('C: AUTH', array_map(fn($l) => substr($l, 0, 7), $r['transcript']), true))), "\n";
    foreach (au_outputs($r) as $k => $v) {
        $texts["$label $k"] = $v;
    }
}
echo 'leaks: ', au_leaks($texts, au_forms('alice', $pass)), "\n";
$sent = 0;
foreach ($texts as $k => $t) {
    $sent += str_ends_with($k, 'transcript') ? preg_match_all('/^C: (MAIL|RCPT|DATA)/m', $t) : 0;
}
echo 'MAIL, RCPT or DATA sent: ', $sent, "\n";
?>
--EXPECTF--
STARTTLS, no auth_type
  verdict: ok, ok: true
  summary: PHPMailer can connect to localhost:%d (starttls) from this PHP process, and the server accepted the credentials (CRAM-MD5)
  fix: (none)
  auth check: pass: CRAM-MD5 accepted over TLS: 235 2.7.0 Authentication successful
  checks: target:pass dns:pass tcp:pass greeting:pass ehlo:pass starttls:pass tls:pass certificate:pass auth:pass quit:pass
  exchange: C: AUTH CRAM-MD5 | S: 334 %s | C: [redacted] | S: 235 2.7.0 Authentication successful | C: QUIT | S: 221 2.0.0 Bye
STARTTLS, auth_type LOGIN
  verdict: ok, ok: true
  summary: PHPMailer can connect to localhost:%d (starttls) from this PHP process, and the server accepted the credentials (LOGIN)
  fix: (none)
  auth check: pass: LOGIN accepted over TLS: 235 2.7.0 Authentication successful
  checks: target:pass dns:pass tcp:pass greeting:pass ehlo:pass starttls:pass tls:pass certificate:pass auth:pass quit:pass
  exchange: C: AUTH LOGIN | S: 334 VXNlcm5hbWU6 | C: [redacted] | S: 334 UGFzc3dvcmQ6 | C: [redacted] | S: 235 2.7.0 Authentication successful | C: QUIT | S: 221 2.0.0 Bye
STARTTLS, auth_type PLAIN
  verdict: ok, ok: true
  summary: PHPMailer can connect to localhost:%d (starttls) from this PHP process, and the server accepted the credentials (PLAIN)
  fix: (none)
  auth check: pass: PLAIN accepted over TLS: 235 2.7.0 Authentication successful
  checks: target:pass dns:pass tcp:pass greeting:pass ehlo:pass starttls:pass tls:pass certificate:pass auth:pass quit:pass
  exchange: C: AUTH PLAIN | S: 334  | C: [redacted] | S: 235 2.7.0 Authentication successful | C: QUIT | S: 221 2.0.0 Bye
auto on 127.0.0.1 (STARTTLS offered and used), auth_type XOAUTH2, which the server lacks
  verdict: ok, ok: true
  summary: PHPMailer can connect to 127.0.0.1:%d (auto) from this PHP process, and the server accepted the credentials (CRAM-MD5)
  fix: (none)
  auth check: pass: CRAM-MD5 accepted over TLS: 235 2.7.0 Authentication successful
  checks: target:pass dns:skip tcp:pass greeting:pass ehlo:pass starttls:pass tls:pass certificate:pass auth:pass quit:pass
  exchange: C: AUTH CRAM-MD5 | S: 334 %s | C: [redacted] | S: 235 2.7.0 Authentication successful | C: QUIT | S: 221 2.0.0 Bye
implicit TLS
  verdict: ok, ok: true
  summary: PHPMailer can connect to localhost:%d (smtps) from this PHP process, and the server accepted the credentials (CRAM-MD5)
  fix: (none)
  auth check: pass: CRAM-MD5 accepted over TLS: 235 2.7.0 Authentication successful
  checks: target:pass dns:pass tcp:pass greeting:pass ehlo:pass starttls:skip tls:pass certificate:pass auth:pass quit:pass
  exchange: C: AUTH CRAM-MD5 | S: 334 %s | C: [redacted] | S: 235 2.7.0 Authentication successful | C: QUIT | S: 221 2.0.0 Bye
leaks: none
MAIL, RCPT or DATA sent: 0