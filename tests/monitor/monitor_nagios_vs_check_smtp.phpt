--TEST--
smtpdiag --nagios beside Debian's check_smtp -S on failing cases: STARTTLS against an implicit-TLS port, a port dropped by nftables, a certificate for another name; and a certificate that expires in 10 days
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/monitor_lib.inc'; sd_skipif_root(['postfix', 'ip', 'netns', 'nft']); mon_skipif_tools(['check_smtp']); ?>
--FILE--
<?php
require __DIR__ . '/monitor_lib.inc';
sd_require_root(['postfix', 'ip', 'netns', 'nft']);
$mta = sd_mta_start();
$p = $mta['ports'];

/** Both plugins on one case; smtpdiag's whole output, check_smtp's exit code and text. */
function side_by_side(string $case, array $smtpdiag, array $check_smtp, ?string $netns = null): void
{
    $wrap = static fn(array $argv) => $netns === null ? $argv : array_merge(['ip', 'netns', 'exec', $netns], $argv);
    $t = microtime(true);
    [$out, $err, $rc] = sd_run($wrap(cli_argv(array_merge($smtpdiag, ['--nagios']))), cli_env());
    $took = microtime(true) - $t;
    echo "== $case\nsmtpdiag: exit $rc (", NAGIOS_STATE_NAMES[$rc] ?? '?', ')', $err === '' ? '' : ", stderr: $err", "\n$out";
    [$text, $perf] = mon_plugin_parse($out);
    echo '  performance data as the guidelines define it: ', implode(' ', array_map(fn($i) => "$i[0]($i[2])", $perf)), "\n";
    $t2 = microtime(true);
    [$out, $err, $rc] = sd_run($wrap(array_merge([MON_TOOLS['check_smtp']], $check_smtp)));
    $took2 = microtime(true) - $t2;
    echo "check_smtp: exit $rc (", NAGIOS_STATE_NAMES[$rc] ?? '?', ")\n", trim($out . $err), "\n";
    $timeout = (float) substr((string) current(preg_grep('/^--timeout=/', $smtpdiag)), 10);
    printf("  ended before the %s s timeout: smtpdiag %s, check_smtp %s\n", $timeout, $took < $timeout - 0.1 ? 'yes' : 'no',
        $took2 < $timeout - 0.1 ? 'yes' : 'no');
}
const NAGIOS_STATE_NAMES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];

// 1. STARTTLS (PHPMailer's SMTPSecure 'tls') against Postfix's implicit-TLS (465-style) listener.
side_by_side('mode mismatch: STARTTLS against an implicit-TLS port',
    ["127.0.0.1:{$p['smtps']}", '--security=starttls', "--cafile={$mta['ca']}", '--timeout=3'],
    ['-H', '127.0.0.1', '-p', (string) $p['smtps'], '-S', '-t', '3']);

// 2. A port whose SYNs nftables drops, in a namespace of its own (as behind a firewall that drops).
$ns = sd_netns();
$dropped = 2525;
sd_nft($ns, <<<NFT
table inet sdtest {
    chain input {
        type filter hook input priority 0; policy accept;
        iifname "lo" tcp dport $dropped drop
    }
}
NFT);
side_by_side('a dropped port (nftables drop)', ["127.0.0.1:$dropped", '--timeout=2'],
    ['-H', '127.0.0.1', '-p', (string) $dropped, '-S', '-t', '2'], $ns);

// 3. STARTTLS with a certificate for other.example.net only; check_smtp's -D reads the same certificate.
side_by_side('a certificate for another name', ["localhost:{$p['wrongname_submission']}", '--security=starttls', "--cafile={$mta['ca']}", '--timeout=5'],
    ['-H', 'localhost', '-p', (string) $p['wrongname_submission'], '-S', '-t', '5']);
side_by_side('a certificate for another name, expiry thresholds', ["localhost:{$p['wrongname_submission']}", '--security=starttls',
    "--cafile={$mta['ca']}", '--timeout=5', '--cert-warn=21', '--cert-crit=5'],
    ['-H', 'localhost', '-p', (string) $p['wrongname_submission'], '-S', '-t', '5', '-D', '21,5']);

// 4. A STARTTLS peer (scripted) whose certificate expires in 10 days: both warn at 21 days, neither is
// critical at 5.
$fx = sd_fixture_start('gmail', $mta['certs'] . '/expiring.bundle.pem');
side_by_side('a certificate that expires in 10 days', ["127.0.0.1:{$fx['port']}", '--security=starttls', "--cafile={$mta['ca']}",
    '--timeout=5', '--cert-warn=21', '--cert-crit=5'],
    ['-H', '127.0.0.1', '-p', (string) $fx['port'], '-S', '-t', '5', '-D', '21,5']);
?>
--EXPECTF--
== mode mismatch: STARTTLS against an implicit-TLS port
smtpdiag: exit 2 (CRITICAL)
SMTPDIAG CRITICAL - tls_mode_mismatch: 127.0.0.1:%d expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured | 'time'=%fs;;;0 'connect'=%fs;;;0
fix: verified from here: port %d with implicit TLS works: $mail->Port = %d; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;
fix: or use STARTTLS on its own port: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
  performance data as the guidelines define it: time(s) connect(s)
check_smtp: exit 2 (CRITICAL)
CRITICAL - Socket timeout after 3 seconds
  ended before the 3 s timeout: smtpdiag yes, check_smtp no
== a dropped port (nftables drop)
smtpdiag: exit 2 (CRITICAL)
SMTPDIAG CRITICAL - port_blocked: Nothing answered the connection to 127.0.0.1:2525 within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets) | 'time'=%fs;;;0 'connect'=%fs;;;0
fix: not verified (no time was left of the 2 s deadline): $mail->Port = %d; $mail->SMTPSecure = %s;
fix: many providers accept 2525 as well; cloud hosts often block 25 (and some 465/587): ask the host to lift the block or use its relay
fix: lower $mail->Timeout (e.g. 15) so a blocked port does not hang the request for 300 s
  performance data as the guidelines define it: time(s) connect(s)
check_smtp: exit 2 (CRITICAL)
CRITICAL - Socket timeout after 2 seconds
  ended before the 2 s timeout: smtpdiag no, check_smtp no
== a certificate for another name
smtpdiag: exit 2 (CRITICAL)
SMTPDIAG CRITICAL - cert_name_mismatch: The certificate of localhost:%d does not name localhost: it is a certificate for other.example.net (names: other.example.net) | 'time'=%fs;;;0 'connect'=%fs;;;0 'cert_days'=36%d
fix: use the host name the certificate names, e.g. the shared server's own name, in $mail->Host
fix: or, when connecting by address or alias, name the certificate's host: $mail->SMTPOptions = ['ssl' => ['peer_name' => 'name.on.the.certificate']];
  performance data as the guidelines define it: time(s) connect(s) cert_days()
check_smtp: exit 0 (OK)
SMTP OK - %f sec. response time|time=%fs;;;0.000000
  ended before the 5 s timeout: smtpdiag yes, check_smtp yes
== a certificate for another name, expiry thresholds
smtpdiag: exit 2 (CRITICAL)
SMTPDIAG CRITICAL - cert_name_mismatch: The certificate of localhost:%d does not name localhost: it is a certificate for other.example.net (names: other.example.net) | 'time'=%fs;;;0 'connect'=%fs;;;0 'cert_days'=36%d;21:;5:
fix: use the host name the certificate names, e.g. the shared server's own name, in $mail->Host
fix: or, when connecting by address or alias, name the certificate's host: $mail->SMTPOptions = ['ssl' => ['peer_name' => 'name.on.the.certificate']];
  performance data as the guidelines define it: time(s) connect(s) cert_days()
check_smtp: exit 0 (OK)
OK - Certificate 'other.example.net' will expire on %s.
  ended before the 5 s timeout: smtpdiag yes, check_smtp yes
== a certificate that expires in 10 days
smtpdiag: exit 1 (WARNING)
SMTPDIAG WARNING - certificate expires in %r(9|10)%r days (%sZ), under the warning threshold of 21 | 'time'=%fs;;;0 'connect'=%fs;;;0 'cert_days'=%r(9|10)%r;21:;5:
  performance data as the guidelines define it: time(s) connect(s) cert_days()
check_smtp: exit 1 (WARNING)
WARNING - Certificate 'mail.smtpdiag.test' expires in %r(9|10)%r day(s) (%s).
  ended before the 5 s timeout: smtpdiag yes, check_smtp yes
