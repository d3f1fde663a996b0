--TEST--
smtpdiag_probe(): every fix that proposes another port or mode was tried from here and says so, and applying it leads to ok or to a report that says why nothing works, never back to the first setting: real Postfix in namespaces, plain SMTP without STARTTLS on 25, STARTTLS on 587, implicit TLS on 465 (and a second namespace with only port 25)
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root();
$certs = sd_certs();

/** A private Postfix (tests/servers/mta.sh) inside a new namespace, its first three listeners (plain,
 * submission, smtps) on the given ports, the others on ports no chain uses. */
function mta_in_netns(string $name, int $plain, int $submission, int $smtps): string
{
    global $certs;
    $ns = sd_netns();
    $dir = sd_work() . "/mta-$name";
    sd_on_exit(static fn() => sd_run(['bash', SD_ROOT . '/tests/servers/mta.sh', 'stop', $dir]));
    sd_must(array_merge(['ip', 'netns', 'exec', $ns, 'bash', SD_ROOT . '/tests/servers/mta.sh', 'start', $dir, $certs],
        array_map('strval', [$plain, $submission, $smtps]), array_map('strval', range(10004, 10011))));
    return $ns;
}

function probe(string $ns, int $port, string $security): array
{
    global $certs;
    return sd_child_probe("smtpdiag_probe('127.0.0.1', $port, ['security' => '$security', 'cafile' => '$certs/ca.pem', 'timeout' => 6])", $ns);
}

function show(string $what, array $r): void
{
    echo "$what: {$r['verdict']}", $r['ok'] ? ' (ok)' : '', ', within the deadline: ', $r['elapsed_ms'] <= 6100 ? 'yes' : 'NO', "\n";
    $a = $r['alternative'];
    if ($a !== null) {
        echo "  alternative: port {$a['port']} {$a['security']}, tried ", json_encode($a['tried']), ', ok ', json_encode($a['ok']),
            ', verdict ', json_encode($a['verdict']), "\n";
    }
    foreach ($r['fixes'] as $f) {
        echo "  fix: $f\n";
    }
    $warnings = array_values(array_filter(sd_codes($r), fn($c) => $c !== $r['verdict'] && $c !== 'no_default_route'));
    if ($warnings) {
        echo '  findings: ', implode(' ', $warnings), "\n";
    }
}

/** Probes [$port, $security], then the setting its alternative proposes, and so on: at most 3 steps,
 * stopping at ok, at a setting seen before, or when no other setting is proposed. */
function chain(string $ns, int $port, string $security): void
{
    $seen = [];
    for ($step = 0; $step < 3; $step++) {
        $seen["$port $security"] = true;
        $r = probe($ns, $port, $security);
        show($step === 0 ? "$port $security" : "applied: $port $security", $r);
        $a = $r['alternative'];
        if ($r['ok'] || $a === null) {
            return;
        }
        [$port, $security] = [$a['port'], $a['security']];
        if (isset($seen["$port $security"])) {
            echo "  POINTS BACK to $port $security\n";
            return;
        }
    }
}

$ns = mta_in_netns('full', 25, 587, 465);
echo "-- 25 plain (no STARTTLS), 587 STARTTLS, 465 implicit TLS\n";
chain($ns, 465, 'starttls');
chain($ns, 465, 'auto');
chain($ns, 587, 'smtps');
chain($ns, 25, 'smtps');
chain($ns, 25, 'starttls');
chain($ns, 2525, 'starttls');
// the other fix of starttls_unavailable: the automatic mode on the same port
show('applied: 25 auto', probe($ns, 25, 'auto'));

$ns2 = mta_in_netns('plain', 25, 10587, 10465);
echo "-- only 25 plain (no STARTTLS)\n";
chain($ns2, 25, 'starttls');
chain($ns2, 25, 'smtps');
?>
--EXPECT--
-- 25 plain (no STARTTLS), 587 STARTTLS, 465 implicit TLS
465 starttls: tls_mode_mismatch, within the deadline: yes
  alternative: port 465 smtps, tried true, ok true, verdict "ok"
  fix: verified from here: port 465 with implicit TLS works: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
  fix: or use STARTTLS on its own port: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
applied: 465 smtps: ok (ok), within the deadline: yes
465 auto: tls_mode_mismatch, within the deadline: yes
  alternative: port 465 smtps, tried true, ok true, verdict "ok"
  fix: verified from here: port 465 with implicit TLS works: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
  fix: or use STARTTLS on its own port: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
applied: 465 smtps: ok (ok), within the deadline: yes
587 smtps: tls_mode_mismatch, within the deadline: yes
  alternative: port 587 starttls, tried true, ok true, verdict "ok"
  fix: verified from here: port 587 with STARTTLS works: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
  fix: or keep implicit TLS on its own port: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; (not verified from here)
applied: 587 starttls: ok (ok), within the deadline: yes
25 smtps: tls_mode_mismatch, within the deadline: yes
  alternative: port 25 auto, tried true, ok true, verdict "ok"
  fix: verified from here: port 25 works only without encryption, as the server offers no STARTTLS there (mail and passwords travel in clear text): $mail->Port = 25; $mail->SMTPSecure = ''; $mail->SMTPAutoTLS = true;
  fix: or keep implicit TLS on its own port: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; (not verified from here)
applied: 25 auto: ok (ok), within the deadline: yes
  findings: cleartext
25 starttls: starttls_unavailable, within the deadline: yes
  alternative: port 465 smtps, tried true, ok true, verdict "ok"
  fix: verified from here: port 465 with implicit TLS works: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
  fix: this port works only without encryption: the server greeted and answered EHLO here, but offers no STARTTLS (mail and passwords travel in clear text): $mail->Port = 25; $mail->SMTPSecure = ''; $mail->SMTPAutoTLS = true;
  fix: enable TLS on the server, or check that this port is the submission port (587) and not a relay-only or proxied port
applied: 465 smtps: ok (ok), within the deadline: yes
2525 starttls: connection_refused, within the deadline: yes
  alternative: port 25 auto, tried true, ok true, verdict "ok"
  fix: verified from here: port 25 works only without encryption, as the server offers no STARTTLS there (mail and passwords travel in clear text): $mail->Port = 25; $mail->SMTPSecure = ''; $mail->SMTPAutoTLS = true;
  fix: nothing listens on port 2525 of this machine: start the mail server, or see the ports it listens on with ss -ltnp
applied: 25 auto: ok (ok), within the deadline: yes
  findings: cleartext
applied: 25 auto: ok (ok), within the deadline: yes
  findings: cleartext
-- only 25 plain (no STARTTLS)
25 starttls: starttls_unavailable, within the deadline: yes
  alternative: port 465 smtps, tried true, ok false, verdict "connection_refused"
  fix: not verified: port 465 with implicit TLS fails from here too (connection_refused): $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
  fix: this port works only without encryption: the server greeted and answered EHLO here, but offers no STARTTLS (mail and passwords travel in clear text): $mail->Port = 25; $mail->SMTPSecure = ''; $mail->SMTPAutoTLS = true;
  fix: enable TLS on the server, or check that this port is the submission port (587) and not a relay-only or proxied port
applied: 465 smtps: connection_refused, within the deadline: yes
  alternative: port 25 auto, tried true, ok true, verdict "ok"
  fix: verified from here: port 25 works only without encryption, as the server offers no STARTTLS there (mail and passwords travel in clear text): $mail->Port = 25; $mail->SMTPSecure = ''; $mail->SMTPAutoTLS = true;
  fix: nothing listens on port 465 of this machine: start the mail server, or see the ports it listens on with ss -ltnp
applied: 25 auto: ok (ok), within the deadline: yes
  findings: cleartext
25 smtps: tls_mode_mismatch, within the deadline: yes
  alternative: port 25 auto, tried true, ok true, verdict "ok"
  fix: verified from here: port 25 works only without encryption, as the server offers no STARTTLS there (mail and passwords travel in clear text): $mail->Port = 25; $mail->SMTPSecure = ''; $mail->SMTPAutoTLS = true;
  fix: or keep implicit TLS on its own port: $mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; (not verified from here)
applied: 25 auto: ok (ok), within the deadline: yes
  findings: cleartext
