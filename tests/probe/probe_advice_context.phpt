--TEST--
smtpdiag_probe() and smtpdiag_phpmailer(): advice fits the context: a provider's name that the resolver denies is a broken resolver, not a typo; a near miss of a provider host gets "did you mean"; no "use the host's own relay (often localhost)" when the target is localhost; a PHPMailer Port above 65535 says which port PHP connects to (its low 16 bits)
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root();
// A namespace whose resolver (dnsmasq on 127.0.0.53) says NXDOMAIN for every name under com: a
// filtering resolver, as far as smtp.gmail.com goes.
$ns = sd_netns();
$conf = sd_work() . '/dnsmasq-nx.conf';
$pidfile = sd_work() . '/dnsmasq-nx.pid';
file_put_contents($conf, "no-resolv\nno-hosts\nbind-interfaces\nlisten-address=127.0.0.53\nport=53\nlocal=/com/\nlocal=/co/\npid-file=$pidfile\n");
@mkdir("/etc/netns/$ns", 0755, true);
file_put_contents("/etc/netns/$ns/resolv.conf", "nameserver 127.0.0.53\noptions timeout:1 attempts:1\n");
file_put_contents("/etc/netns/$ns/hosts", "127.0.0.1 localhost\n");
sd_must(['ip', 'netns', 'exec', $ns, 'dnsmasq', '--conf-file=' . $conf]);
for ($i = 0; $i < 50 && !is_file($pidfile); $i++) {
    usleep(20000);
}
$pid = trim((string) file_get_contents($pidfile));
sd_on_exit(static fn() => sd_run(['kill', $pid]));

foreach (['smtp.gmail.com', 'smtp.gmial.com', 'smtp.gmail.co', 'email-smtp.eu-west-1.amazonaws.co', 'smtp.example.com'] as $host) {
    $r = sd_child_probe("smtpdiag_probe('$host', 587, ['timeout' => 3])", $ns);
    echo "-- $host: {$r['verdict']}\n{$r['summary']}\n";
    foreach ($r['fixes'] as $f) {
        echo "fix: $f\n";
    }
}

// Nothing listens in the namespace: localhost:2525 is refused, and so is the port the fix proposes.
$r = sd_child_probe("smtpdiag_probe('localhost', 2525, ['timeout' => 3])", $ns);
echo "-- localhost:2525: {$r['verdict']}\n{$r['summary']}\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
echo 'alternative: ', json_encode([$r['alternative']['port'], $r['alternative']['security'], $r['alternative']['tried'], $r['alternative']['verdict']]), "\n";

// PHPMailer's Port 65536 + P: PHP connects to port P, where a plain SMTP fixture listens.
$fx = sd_fixture_start('nostarttls');
$port = 65536 + $fx['port'];
$code = "require '/usr/share/php/libphp-phpmailer/autoload.php';"
    . '$m = new PHPMailer\PHPMailer\PHPMailer(true); $m->isSMTP(); $m->Host = "127.0.0.1"; $m->Port = ' . $port . '; $m->Timeout = 3;'
    . 'echo json_encode(smtpdiag_phpmailer($m, ["cache" => false]));';
[$out, $err, $rc] = sd_child($code);
$h = json_decode($out, true) ?? die("hook child failed ($rc): $err$out\n");
echo "-- Port 65536 + fixture port: {$h['verdict']}, ok ", json_encode($h['ok']), "\n";
echo str_replace([(string) $port, (string) $fx['port']], ['BIG', 'PORT'], $h['summary']), "\n";
foreach ($h['fixes'] as $f) {
    echo 'fix: ', str_replace([(string) $port, (string) $fx['port']], ['BIG', 'PORT'], $f), "\n";
}
$c = sd_check($h, 'target');
echo 'target: ', $c['status'], ': ', str_replace([(string) $port, (string) $fx['port']], ['BIG', 'PORT'], $c['message']), "\n";
echo 'target.port is what PHP connects to: ', $h['target']['port'] === $fx['port'] ? 'yes' : 'NO', "\n";
echo 'row: ', str_replace((string) $port, 'BIG', json_encode([$h['hosts'][0]['port'], $h['hosts'][0]['connect']])), "\n";
?>
--EXPECT--
-- smtp.gmail.com: dns_not_found
This machine's resolver says smtp.gmail.com does not exist (Name or service not known, EAI_NONAME), but it is Gmail's documented server: the resolver here is broken or filtered
fix: check the name servers in /etc/resolv.conf (for containers and chroots, the resolv.conf they see): a DNS filter, a stale or split-horizon resolver, or a local zone answers wrongly for this name
fix: compare with another resolver: dig +short 'smtp.gmail.com' @<another name server>
-- smtp.gmial.com: dns_not_found
The name smtp.gmial.com does not exist in DNS or has no address (Name or service not known, EAI_NONAME)
fix: did you mean smtp.gmail.com? $mail->Host = 'smtp.gmail.com';
fix: if the name is new, wait for DNS to propagate, or use the provider's documented host name
-- smtp.gmail.co: dns_not_found
The name smtp.gmail.co does not exist in DNS or has no address (Name or service not known, EAI_NONAME)
fix: did you mean smtp.gmail.com? $mail->Host = 'smtp.gmail.com';
fix: if the name is new, wait for DNS to propagate, or use the provider's documented host name
-- email-smtp.eu-west-1.amazonaws.co: dns_not_found
The name email-smtp.eu-west-1.amazonaws.co does not exist in DNS or has no address (Name or service not known, EAI_NONAME)
fix: did you mean email-smtp.eu-west-1.amazonaws.com? $mail->Host = 'email-smtp.eu-west-1.amazonaws.com';
fix: if the name is new, wait for DNS to propagate, or use the provider's documented host name
-- smtp.example.com: dns_not_found
The name smtp.example.com does not exist in DNS or has no address (Name or service not known, EAI_NONAME)
fix: check the spelling of $mail->Host against your provider's documentation
fix: if the name is new, wait for DNS to propagate, or use the provider's documented host name
-- localhost:2525: connection_refused
localhost:2525 refused the connection (Connection refused): nothing listens there, or a firewall rejects it
fix: not verified: port 25 with STARTTLS when offered fails from here too (connection_refused): $mail->Port = 25; $mail->SMTPSecure = '';
fix: nothing listens on port 2525 of this machine: start the mail server, or see the ports it listens on with ss -ltnp
alternative: [25,"auto",true,"connection_refused"]
-- Port 65536 + fixture port: ok, ok true
PHPMailer can connect to 127.0.0.1:PORT (auto) from this PHP process; PHPMailer's Port is BIG, out of range: PHP keeps its low 16 bits and connects to port PORT
fix: set $mail->Port to the server's port (at most 65535): 587 for STARTTLS, 465 for implicit TLS
target: warn: 127.0.0.1 port PORT (PHPMailer's Port BIG, of which PHP keeps the low 16 bits), security auto
target.port is what PHP connects to: yes
row: [BIG,"127.0.0.1:BIG"]
