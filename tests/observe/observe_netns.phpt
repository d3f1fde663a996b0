--TEST--
smtpdiag.explain = full where the network decides, in a namespace: a port whose SYNs are dropped is named port_blocked from PHPMailer's own timeout without a second wait; NXDOMAIN; a server that never greets costs at most the sniff (2.5 s), not a second Timelimit
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/observe_lib.inc'; sd_skipif_root(['ip', 'netns', 'nft', 'dnsmasq', 'phpmailer']); ?>
--FILE--
<?php
require __DIR__ . '/observe_lib.inc';
sd_require_root(['ip', 'netns', 'nft', 'dnsmasq', 'phpmailer']);
$ns = sd_netns();
sd_netns_dns($ns, ['mail.smtpdiag.test' => ['A' => ['127.0.0.1']]]);
$silent = sd_fixture_start('silent', null, $ns);
[$drop] = sd_free_ports(1);
sd_nft($ns, <<<NFT
table inet sdtest {
    chain input {
        type filter hook input priority 0; policy accept;
        iifname "lo" tcp dport $drop tcp flags & (syn | ack) == syn drop
    }
}
NFT);
$names = ['drop' => $drop, 'silent' => $silent['port']];
$base = ['SMTPSecure' => 'tls', 'Timeout' => 2];
$scenarios = [
    'SYNs dropped' => ['Host' => '127.0.0.1', 'Port' => $drop],
    'NXDOMAIN' => ['Host' => 'nosuch.smtpdiag.test', 'Port' => 587],
    'a server that never greets' => ['Host' => 'mail.smtpdiag.test', 'Port' => $silent['port']],
];
foreach ($scenarios as $label => $cfg) {
    foreach ([false, true] as $exceptions) {
        $r = ob_send($label, $cfg + $base, ['exceptions' => $exceptions, 'netns' => $ns, 'timelimit' => 3], $names);
        // PHPMailer's own wait is Timeout (2 s) to connect, Timelimit (3 s) for the greeting; the
        // explanation adds no second wait for a dropped port, and at most 2.5 s (the sniff, the retry) for silence
        $own = $label === 'a server that never greets' ? 3.0 : ($label === 'SYNs dropped' ? 2.0 : 0.0);
        $bound = $label === 'a server that never greets' ? 3.0 : 0.5;
        // (with the one allowance of timed assertions, sd_allowance_ms(), for the CPU the rest takes)
        printf("send(): PHPMailer's own wait %s\n", $r['seconds'] < $own + $bound + sd_allowance_ms() / 1000 ? "plus less than $bound s"
            : sprintf('plus %.2f s', $r['seconds'] - $own));
    }
}
?>
--EXPECT--
== SYNs dropped (exceptions off)
sent: false
log: smtpdiag: 127.0.0.1:<drop>: port_blocked: Nothing answered the connection to 127.0.0.1:<drop> within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets) Fix: try another port: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
debug: after "SMTP ERROR: Failed to connect to server: Connection timed out (110)"
debug: smtpdiag: 127.0.0.1:<drop>: port_blocked: Nothing answered the connection to 127.0.0.1:<drop> within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets) Fix: try another port: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
debug: before "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: port_blocked: Nothing answered the connection to 127.0.0.1:<drop> within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets)"
ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: port_blocked: Nothing answered the connection to 127.0.0.1:<drop> within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets)
exception: none
last: port_blocked
send(): PHPMailer's own wait plus less than 0.5 s
== SYNs dropped (exceptions on)
sent: false
log: smtpdiag: 127.0.0.1:<drop>: port_blocked: Nothing answered the connection to 127.0.0.1:<drop> within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets) Fix: try another port: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
debug: after "SMTP ERROR: Failed to connect to server: Connection timed out (110)"
debug: smtpdiag: 127.0.0.1:<drop>: port_blocked: Nothing answered the connection to 127.0.0.1:<drop> within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets) Fix: try another port: $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
debug: before "SMTP Error: Could not connect to SMTP host. smtpdiag: port_blocked: Nothing answered the connection to 127.0.0.1:<drop> within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets)"
ErrorInfo: SMTP Error: Could not connect to SMTP host. smtpdiag: port_blocked: Nothing answered the connection to 127.0.0.1:<drop> within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets)
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. smtpdiag: port_blocked: Nothing answered the connection to 127.0.0.1:<drop> within 2 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets)
last: port_blocked
send(): PHPMailer's own wait plus less than 0.5 s
== NXDOMAIN (exceptions off)
sent: false
log: smtpdiag: nosuch.smtpdiag.test:587: dns_not_found: The name nosuch.smtpdiag.test does not exist in DNS or has no address (Name or service not known, EAI_NONAME) Fix: check the spelling of $mail->Host against your provider's documentation
debug: after "SMTP ERROR: Failed to connect to server: php_network_getaddresses: getaddrinfo for nosuch.smtpdiag.test failed: Name or service not known (0)"
debug: smtpdiag: nosuch.smtpdiag.test:587: dns_not_found: The name nosuch.smtpdiag.test does not exist in DNS or has no address (Name or service not known, EAI_NONAME) Fix: check the spelling of $mail->Host against your provider's documentation
debug: before "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: dns_not_found: The name nosuch.smtpdiag.test does not exist in DNS or has no address (Name or service not known, EAI_NONAME)"
ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: dns_not_found: The name nosuch.smtpdiag.test does not exist in DNS or has no address (Name or service not known, EAI_NONAME)
exception: none
last: dns_not_found
send(): PHPMailer's own wait plus less than 0.5 s
== NXDOMAIN (exceptions on)
sent: false
log: smtpdiag: nosuch.smtpdiag.test:587: dns_not_found: The name nosuch.smtpdiag.test does not exist in DNS or has no address (Name or service not known, EAI_NONAME) Fix: check the spelling of $mail->Host against your provider's documentation
debug: after "SMTP ERROR: Failed to connect to server: php_network_getaddresses: getaddrinfo for nosuch.smtpdiag.test failed: Name or service not known (0)"
debug: smtpdiag: nosuch.smtpdiag.test:587: dns_not_found: The name nosuch.smtpdiag.test does not exist in DNS or has no address (Name or service not known, EAI_NONAME) Fix: check the spelling of $mail->Host against your provider's documentation
debug: before "SMTP Error: Could not connect to SMTP host. smtpdiag: dns_not_found: The name nosuch.smtpdiag.test does not exist in DNS or has no address (Name or service not known, EAI_NONAME)"
ErrorInfo: SMTP Error: Could not connect to SMTP host. smtpdiag: dns_not_found: The name nosuch.smtpdiag.test does not exist in DNS or has no address (Name or service not known, EAI_NONAME)
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. smtpdiag: dns_not_found: The name nosuch.smtpdiag.test does not exist in DNS or has no address (Name or service not known, EAI_NONAME)
last: dns_not_found
send(): PHPMailer's own wait plus less than 0.5 s
== a server that never greets (exceptions off)
sent: false
log: smtpdiag: mail.smtpdiag.test:<silent>: no_greeting: mail.smtpdiag.test:<silent> accepted the connection but never sent an SMTP greeting, and does not speak TLS either Fix: check that the port is an SMTP port: 587 (STARTTLS), 465 (implicit TLS), 25 Note: PHPMailer waited up to SMTP::Timelimit (3 s), not Timeout (2 s), for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = 2;
debug: smtpdiag: mail.smtpdiag.test:<silent>: no_greeting: mail.smtpdiag.test:<silent> accepted the connection but never sent an SMTP greeting, and does not speak TLS either Fix: check that the port is an SMTP port: 587 (STARTTLS), 465 (implicit TLS), 25 Note: PHPMailer waited up to SMTP::Timelimit (3 s), not Timeout (2 s), for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = 2;
debug: before "SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: no_greeting: mail.smtpdiag.test:<silent> accepted the connection but never sent an SMTP greeting, and does not speak TLS either"
ErrorInfo: SMTP connect() failed. https://github.com/PHPMailer/PHPMailer/wiki/Troubleshooting smtpdiag: no_greeting: mail.smtpdiag.test:<silent> accepted the connection but never sent an SMTP greeting, and does not speak TLS either
exception: none
last: no_greeting
send(): PHPMailer's own wait plus less than 3 s
== a server that never greets (exceptions on)
sent: false
log: smtpdiag: mail.smtpdiag.test:<silent>: no_greeting: mail.smtpdiag.test:<silent> accepted the connection but never sent an SMTP greeting, and does not speak TLS either Fix: check that the port is an SMTP port: 587 (STARTTLS), 465 (implicit TLS), 25 Note: PHPMailer waited up to SMTP::Timelimit (3 s), not Timeout (2 s), for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = 2;
debug: smtpdiag: mail.smtpdiag.test:<silent>: no_greeting: mail.smtpdiag.test:<silent> accepted the connection but never sent an SMTP greeting, and does not speak TLS either Fix: check that the port is an SMTP port: 587 (STARTTLS), 465 (implicit TLS), 25 Note: PHPMailer waited up to SMTP::Timelimit (3 s), not Timeout (2 s), for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = 2;
debug: before "SMTP Error: Could not connect to SMTP host. smtpdiag: no_greeting: mail.smtpdiag.test:<silent> accepted the connection but never sent an SMTP greeting, and does not speak TLS either"
ErrorInfo: SMTP Error: Could not connect to SMTP host. smtpdiag: no_greeting: mail.smtpdiag.test:<silent> accepted the connection but never sent an SMTP greeting, and does not speak TLS either
exception: PHPMailer\PHPMailer\Exception: SMTP Error: Could not connect to SMTP host. smtpdiag: no_greeting: mail.smtpdiag.test:<silent> accepted the connection but never sent an SMTP greeting, and does not speak TLS either
last: no_greeting
send(): PHPMailer's own wait plus less than 3 s