--TEST--
smtpdiag_probe(): over a TLS session whose certificate failed verification nothing is read or sent (no greeting read, no EHLO, no QUIT), with implicit TLS and with STARTTLS, as the real Postfix's own log of the commands it received shows; with verification turned off the probe goes on as PHPMailer does (EHLO, QUIT) and the warning says so
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();

/** Postfix's smtpd logs, when a connection ends, what it received ("ehlo=1 quit=1 commands=2"); it logs
 * through postlogd, after the fact: waits (at most 5 s) for the line of the connection from $source (each
 * case connects from its own loopback address, so no other connection's line, such as the readiness
 * check's, can be taken for it) and returns its counts. */
function received(string $maillog, string $source): string
{
    for ($t = microtime(true); ; usleep(50000)) {
        if (preg_match('/smtpd\[\d+\]: disconnect from \S+\[' . preg_quote($source, '/') . '\] (.*)$/m',
                (string) @file_get_contents($maillog), $m)) {
            return $m[1];
        }
        if (microtime(true) - $t > 5) {
            return "no disconnect line from $source";
        }
    }
}

$base = ['cafile' => $mta['ca'], 'helo' => 'probe.smtpdiag.test', 'timeout' => 5];
$cases = [
    'implicit TLS, self-signed certificate, verification on' => ['selfsigned_smtps', ['security' => 'smtps']],
    'implicit TLS, self-signed certificate, verify_peer false' => ['selfsigned_smtps', ['security' => 'smtps', 'verify_peer' => false]],
    'STARTTLS, certificate for another name, verification on' => ['wrongname_submission', ['security' => 'starttls']],
    'STARTTLS, certificate for another name, verify_peer_name false' => ['wrongname_submission', ['security' => 'starttls', 'verify_peer_name' => false]],
];
$n = 0;
foreach ($cases as $label => [$listener, $options]) {
    $source = '127.0.0.' . (11 + $n++);
    $r = smtpdiag_probe('localhost', $mta['ports'][$listener], $options + $base + ['connect_to' => '127.0.0.1', 'bindto' => "$source:0"]);
    echo "-- $label\n";
    sd_show($r, 5);
    echo sd_stages($r), "\n";
    foreach (['greeting', 'quit'] as $name) {
        $c = sd_check($r, $name);
        echo "$name: {$c['status']}: {$c['message']}\n";
    }
    echo 'smtpdiag said: ', json_encode(array_values(preg_grep('/^C: /', $r['transcript']))), "\n";
    echo 'Postfix received: ', received($mta['dir'] . '/maillog', $source), "\n";
    foreach (sd_findings($r) as $f) {
        if ($f['code'] === 'tls_verification_disabled') {
            echo "{$f['code']}: {$f['message']}\n";
        }
    }
}
?>
--EXPECTF--
-- implicit TLS, self-signed certificate, verification on
verdict: cert_untrusted
ok: false
within deadline: yes
first finding: cert_untrusted error
target:pass dns:skip tcp:pass greeting:skip ehlo:skip starttls:skip tls:pass certificate:fail auth:skip quit:skip
greeting: skip: not read: the certificate failed verification, and nothing is read or sent over a TLS session that is not verified
quit: skip: not sent: the certificate failed verification; the TLS session is closed without a word of SMTP
smtpdiag said: []
Postfix received: commands=0/0
-- implicit TLS, self-signed certificate, verify_peer false
verdict: ok
ok: true
within deadline: yes
target:pass dns:skip tcp:pass greeting:pass ehlo:pass starttls:skip tls:pass certificate:warn auth:skip quit:pass
greeting: pass: 220 localhost ESMTP smtpdiag test MTA
quit: pass: 221 Bye
smtpdiag said: ["C: EHLO probe.smtpdiag.test","C: QUIT"]
Postfix received: ehlo=1 quit=1 commands=2
tls_verification_disabled: certificate verification is disabled (verify_peer false): anyone on the path can read the mail and the password; trust the right CA with 'cafile' or 'peer_name' instead. As PHPMailer does, smtpdiag went on over the unverified session (EHLO, AUTH when credentials are given, QUIT)
-- STARTTLS, certificate for another name, verification on
verdict: cert_name_mismatch
ok: false
within deadline: yes
first finding: cert_name_mismatch error
target:pass dns:skip tcp:pass greeting:pass ehlo:pass starttls:pass tls:pass certificate:fail auth:skip quit:skip
greeting: pass: 220 localhost ESMTP smtpdiag test MTA
quit: skip: not sent: the certificate failed verification; the TLS session is closed without a word of SMTP
smtpdiag said: ["C: EHLO probe.smtpdiag.test","C: STARTTLS"]
Postfix received: ehlo=1 starttls=1 commands=2
-- STARTTLS, certificate for another name, verify_peer_name false
verdict: ok
ok: true
within deadline: yes
target:pass dns:skip tcp:pass greeting:pass ehlo:pass starttls:pass tls:pass certificate:warn auth:skip quit:pass
greeting: pass: 220 localhost ESMTP smtpdiag test MTA
quit: pass: 221 Bye
smtpdiag said: ["C: EHLO probe.smtpdiag.test","C: STARTTLS","C: EHLO probe.smtpdiag.test","C: QUIT"]
Postfix received: ehlo=2 starttls=1 quit=1 commands=4
tls_verification_disabled: certificate verification is disabled (verify_peer_name false): anyone on the path can read the mail and the password; trust the right CA with 'cafile' or 'peer_name' instead. As PHPMailer does, smtpdiag went on over the unverified session (EHLO, AUTH when credentials are given, QUIT)
