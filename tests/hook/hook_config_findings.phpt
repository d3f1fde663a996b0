--TEST--
smtpdiag_phpmailer(): configuration findings (smtpsecure_ignored with the right constant, port_mode_mismatch, cleartext_configured, verification_disabled, self_signed_allowed, timeout_long, auth_credentials_missing, helo_invalid, host_list_long), found without the network; the password never appears
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
$closed = hk_closed_port();
function config(array $cfg): array
{
    return smtpdiag_phpmailer(hk_mailer($cfg), ['cache' => false]);
}
function show(string $label, array $r, string $code): void
{
    $f = array_values(array_filter($r['config'], fn($f) => $f['code'] === $code));
    echo "$label: ", $f ? "{$f[0]['severity']}: {$f[0]['message']}" : "NO $code", "\n";
    if ($f && !in_array($f[0], $r['findings'], true)) {
        echo "  ($code is missing from findings)\n";
    }
}

echo "-- SMTPSecure values PHPMailer ignores\n";
foreach ([['TLS', 587], ['starttls', 587], [true, 587], [true, 465], ['SSL', 465], ['smtps', 465]] as [$secure, $port]) {
    // The Host entry's port is the closed one, so the probe fails fast; Port decides what true meant.
    $r = config(['Host' => "127.0.0.1:$closed", 'Port' => $port, 'SMTPSecure' => $secure]);
    show(var_export($secure, true) . " (Port $port)", $r, 'smtpsecure_ignored');
    echo '  read as: ', $r['hosts'][0]['security'], "\n";
}
$r = config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => 'tls']);
echo "'tls': ", in_array('smtpsecure_ignored', array_column($r['config'], 'code'), true) ? 'smtpsecure_ignored' : 'no finding', "\n";

echo "-- port/mode mismatches, read from the configuration whatever the network says\n";
foreach ([['ssl', 587], ['tls', 465]] as [$secure, $port]) {
    // Whatever answers on 127.0.0.1:587/465 here (usually nothing), the finding comes from the settings.
    $r = smtpdiag_phpmailer(hk_mailer(['Host' => '127.0.0.1', 'Port' => $port, 'SMTPSecure' => $secure]), ['cache' => false, 'connect_to' => '127.0.0.1', 'timeout' => 1]);
    show("$secure on $port", $r, 'port_mode_mismatch');
}
$r = config(['Host' => "127.0.0.1:$closed", 'Port' => 587, 'SMTPSecure' => 'tls']);
echo 'tls on 587: ', in_array('port_mode_mismatch', array_column($r['config'], 'code'), true) ? 'port_mode_mismatch' : 'no finding', "\n";

echo "-- the rest\n";
show('no encryption, SMTPAutoTLS false', config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => '', 'SMTPAutoTLS' => false]), 'cleartext_configured');
show('verify_peer false', config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => 'tls', 'SMTPOptions' => ['ssl' => ['verify_peer' => false]]]), 'verification_disabled');
show('verify_peer_name false', config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => 'tls', 'SMTPOptions' => ['ssl' => ['verify_peer_name' => false]]]), 'verification_disabled');
show('allow_self_signed true', config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => 'tls', 'SMTPOptions' => ['ssl' => ['allow_self_signed' => true]]]), 'self_signed_allowed');
show('Timeout 300', config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => 'tls', 'Timeout' => 300]), 'timeout_long');
show('SMTPAuth, no Password', config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => 'tls', 'SMTPAuth' => true, 'Username' => 'user@example.com']), 'auth_credentials_missing');
show('SMTPAuth, no Username', config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => 'tls', 'SMTPAuth' => true, 'Password' => 'x']), 'auth_credentials_missing');
show('SMTPAuth, neither', config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => 'tls', 'SMTPAuth' => true]), 'auth_credentials_missing');
show('Helo with a space', config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => 'tls', 'Helo' => 'mail example.com']), 'helo_invalid');
show('17 Host entries', config(['Host' => implode(';', array_fill(0, 17, "127.0.0.1:$closed")), 'SMTPSecure' => 'tls']), 'host_list_long');
$r = config(['Host' => "127.0.0.1:$closed", 'SMTPSecure' => 'tls', 'Timeout' => 3, 'SMTPAuth' => true, 'Username' => 'u', 'Password' => 'p']);
echo 'a clean configuration: ', json_encode(array_column($r['config'], 'code')), "\n";

echo "-- the password\n";
$secret = 'S3cr3t-Pa55w0rd!';
$fx = sd_fixture_start('nostarttls');
foreach (["127.0.0.1:$closed", "127.0.0.1:{$fx['port']}"] as $host) {
    $mail = hk_mailer(['Host' => $host, 'SMTPSecure' => '', 'SMTPAuth' => true, 'Username' => 'user@example.com', 'Password' => $secret, 'AuthType' => 'PLAIN']);
    foreach ([['cache' => false], []] as $opts) {
        $r = smtpdiag_phpmailer($mail, $opts);
        $json = json_encode($r);
        $dump = print_r($r, true) . var_export($r, true) . serialize($r);
        $leaks = [];
        foreach ([$secret, base64_encode($secret), base64_encode("\0user@example.com\0$secret"), base64_encode("user@example.com\0user@example.com\0$secret"), bin2hex($secret), hash('sha256', $secret)] as $form) {
            if (str_contains($json, $form) || str_contains($dump, $form) || str_contains($json, json_encode($form))) {
                $leaks[] = $form;
            }
        }
        printf("%s (%s): verdict %s, mailer keys %s, leaks: %s\n", $host === "127.0.0.1:$closed" ? 'refused' : 'connected',
            $opts ? 'fresh' : 'cached ' . var_export($r['cached'], true), $r['verdict'], implode(',', array_keys($r['mailer'])), $leaks ? implode(' ', $leaks) : 'none');
    }
}
?>
--EXPECTF--
-- SMTPSecure values PHPMailer ignores
'TLS' (Port 587): warning: SMTPSecure 'TLS' means nothing to PHPMailer, which compares it exactly and uses no required encryption; write $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
  read as: auto
'starttls' (Port 587): warning: SMTPSecure 'starttls' means nothing to PHPMailer, which compares it exactly and uses no required encryption; write $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
  read as: auto
true (Port 587): warning: SMTPSecure '1' means nothing to PHPMailer, which compares it exactly and uses no required encryption; write $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
  read as: auto
true (Port 465): warning: SMTPSecure '1' means nothing to PHPMailer, which compares it exactly and uses no required encryption; write $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
  read as: auto
'SSL' (Port 465): warning: SMTPSecure 'SSL' means nothing to PHPMailer, which compares it exactly and uses no required encryption; write $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
  read as: auto
'smtps' (Port 465): warning: SMTPSecure 'smtps' means nothing to PHPMailer, which compares it exactly and uses no required encryption; write $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
  read as: auto
'tls': no finding
-- port/mode mismatches, read from the configuration whatever the network says
ssl on 587: warning: implicit TLS (SMTPSecure 'ssl') on port 587 never works: 587 speaks STARTTLS; use $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; or port 465
tls on 465: warning: STARTTLS (SMTPSecure 'tls') on port 465 never works: 465 expects implicit TLS; use $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; or port 587
tls on 587: no finding
-- the rest
no encryption, SMTPAutoTLS false: warning: no SMTPSecure and SMTPAutoTLS off: mail and passwords to 127.0.0.1 travel in clear text
verify_peer false: warning: SMTPOptions sets verify_peer false: any certificate is accepted, so anyone on the path can read mail and passwords; trust the right CA with 'cafile' instead
verify_peer_name false: warning: SMTPOptions sets verify_peer_name false: a certificate for any name is accepted; set 'peer_name' to the certificate's name instead
allow_self_signed true: info: SMTPOptions allows self-signed certificates
Timeout 300: warning: Timeout is 300 s: a blocked port or a silent server holds every send that long (and may hit max_execution_time first); 10 to 30 s is plenty
SMTPAuth, no Password: warning: SMTPAuth is on but Password is empty
SMTPAuth, no Username: warning: SMTPAuth is on but Username is empty
SMTPAuth, neither: warning: SMTPAuth is on but Username and Password are empty
Helo with a space: warning: Helo "mail example.com" has spaces or control characters; PHPMailer sends it as it is, and a strict server refuses the EHLO (a line break even starts a second command); set $mail->Helo to this machine's host name
17 Host entries: warning: Host lists 17 entries and none of the first 16 works: PHPMailer goes on to the 1 entry after them, which smtpdiag does not examine, so this report does not say whether one of them works
a clean configuration: []
-- the password
refused (fresh): verdict connection_refused, mailer keys class,version,Mailer,Host,Port,SMTPSecure,SMTPAutoTLS,Timeout,SMTPAuth,Username,AuthType,oauth, leaks: none
refused (cached false): verdict connection_refused, mailer keys class,version,Mailer,Host,Port,SMTPSecure,SMTPAutoTLS,Timeout,SMTPAuth,Username,AuthType,oauth, leaks: none
connected (fresh): verdict ok, mailer keys class,version,Mailer,Host,Port,SMTPSecure,SMTPAutoTLS,Timeout,SMTPAuth,Username,AuthType,oauth, leaks: none
connected (cached false): verdict ok, mailer keys class,version,Mailer,Host,Port,SMTPSecure,SMTPAutoTLS,Timeout,SMTPAuth,Username,AuthType,oauth, leaks: none
