--TEST--
smtpdiag_probe() on a recognised cloud (DMI look-alike) in a namespace whose nftables drop the SYNs: port_blocked names the host's policy and its way out; with a provider target, the provider's own escape port too, unless the host blocks it
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/providers.inc'; sd_skipif_root(['ip', 'netns', 'unshare', 'mount']); ?>
--FILE--
<?php
require __DIR__ . '/providers.inc';
sd_require_root(['ip', 'netns', 'unshare', 'mount']);
// The server's network (TEST-NET-1, through a veth link whose other end holds no address, with the
// server's link-layer address fixed) never answers, as behind an upstream block that drops the SYNs:
// the kernel retransmits until the deadline. Not a loopback address: a cloud's port blocks concern
// servers elsewhere, never one on this machine.
$ns = sd_netns();
foreach ([['ip', 'link', 'add', 'sd0', 'type', 'veth', 'peer', 'name', 'sd1'], ['ip', 'addr', 'add', '192.0.2.1/24', 'dev', 'sd0'],
        ['ip', 'link', 'set', 'sd0', 'up'], ['ip', 'link', 'set', 'sd1', 'up'],
        ['ip', 'neigh', 'add', '192.0.2.25', 'lladdr', '02:00:00:00:02:25', 'dev', 'sd0', 'nud', 'permanent']] as $argv) {
    sd_must(array_merge(['ip', 'netns', 'exec', $ns], $argv));
}
$do = ['sys_vendor' => 'DigitalOcean', 'product_name' => 'Droplet'];
$hetzner = ['sys_vendor' => 'Hetzner', 'product_name' => 'vServer'];
$cases = [
    ['DigitalOcean, an address on 587', $do, "smtpdiag_probe('192.0.2.25', 587, ['timeout' => 1])"],
    ['Hetzner, Amazon SES on 465', $hetzner, "smtpdiag_probe('email-smtp.eu-central-1.amazonaws.com', 465, ['connect_to' => '192.0.2.25', 'timeout' => 1])"],
    ['Hetzner, Amazon SES on 587 (not blocked by Hetzner)', $hetzner, "smtpdiag_probe('email-smtp.eu-central-1.amazonaws.com', 587, ['connect_to' => '192.0.2.25', 'timeout' => 1])"],
    ['DigitalOcean, SendGrid on 25', $do, "smtpdiag_probe('smtp.sendgrid.net', 25, ['connect_to' => '192.0.2.25', 'timeout' => 1])"],
];
foreach ($cases as [$label, $dmi, $call]) {
    $r = pv_report($dmi, $call, $ns);
    echo "-- $label\n";
    pv_show($r);
    echo 'hosting: ', $r['environment']['hosting']['id'], "\n";
}
?>
--EXPECT--
-- DigitalOcean, an address on 587
verdict: port_blocked
ok: false
summary: Nothing answered the connection to 192.0.2.25:587 within 1 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets); this machine runs on DigitalOcean, which blocks outgoing port 25 on all Droplets of new accounts, and users report 465 and 587 blocked too
fix: many providers accept 2525 as well; cloud hosts often block 25 (and some 465/587): ask the host to lift the block or use its relay
fix: lower $mail->Timeout (e.g. 15) so a blocked port does not hang the request for 300 s
fix: DigitalOcean: ask DigitalOcean support to lift the block (https://docs.digitalocean.com/support/why-is-smtp-blocked/), or use a provider's port 2525
finding: port_blocked error: Nothing answered the connection to 192.0.2.25:587 within 1 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets); this machine runs on DigitalOcean, which blocks outgoing port 25 on all Droplets of new accounts, and users report 465 and 587 blocked too
finding: no_default_route warning: this machine has no default route: only local or directly connected mail servers are reachable
hosting: digitalocean
-- Hetzner, Amazon SES on 465
verdict: port_blocked
ok: false
summary: Nothing answered the connection to email-smtp.eu-central-1.amazonaws.com:465 within 1 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets); this machine runs on Hetzner Cloud, which blocks outgoing ports 25 and 465 on Cloud Servers, upstream of the machine (its own firewall looks clean)
fix: not verified (no time was left of the 1 s deadline): $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
fix: many providers accept 2525 as well; cloud hosts often block 25 (and some 465/587): ask the host to lift the block or use its relay
fix: lower $mail->Timeout (e.g. 15) so a blocked port does not hang the request for 300 s
fix: Hetzner Cloud: submit on port 587 with STARTTLS, or ask Hetzner by support ticket to lift the block
fix: Amazon SES also listens on port 2587 for networks that block the usual ports: $mail->Port = 2587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
finding: port_blocked error: Nothing answered the connection to email-smtp.eu-central-1.amazonaws.com:465 within 1 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets); this machine runs on Hetzner Cloud, which blocks outgoing ports 25 and 465 on Cloud Servers, upstream of the machine (its own firewall looks clean)
finding: no_default_route warning: this machine has no default route: only local or directly connected mail servers are reachable
hosting: hetzner
-- Hetzner, Amazon SES on 587 (not blocked by Hetzner)
verdict: port_blocked
ok: false
summary: Nothing answered the connection to email-smtp.eu-central-1.amazonaws.com:587 within 1 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets)
fix: not verified (no time was left of the 1 s deadline): $mail->Port = 2587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
fix: many providers accept 2525 as well; cloud hosts often block 25 (and some 465/587): ask the host to lift the block or use its relay
fix: lower $mail->Timeout (e.g. 15) so a blocked port does not hang the request for 300 s
finding: port_blocked error: Nothing answered the connection to email-smtp.eu-central-1.amazonaws.com:587 within 1 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets)
finding: no_default_route warning: this machine has no default route: only local or directly connected mail servers are reachable
hosting: hetzner
-- DigitalOcean, SendGrid on 25
verdict: port_blocked
ok: false
summary: Nothing answered the connection to smtp.sendgrid.net:25 within 1 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets); this machine runs on DigitalOcean, which blocks outgoing port 25 on all Droplets of new accounts, and users report 465 and 587 blocked too
fix: not verified (no time was left of the 1 s deadline): $mail->Port = 2525; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
fix: many providers accept 2525 as well; cloud hosts often block 25 (and some 465/587): ask the host to lift the block or use its relay
fix: lower $mail->Timeout (e.g. 15) so a blocked port does not hang the request for 300 s
fix: DigitalOcean: ask DigitalOcean support to lift the block (https://docs.digitalocean.com/support/why-is-smtp-blocked/), or use a provider's port 2525
finding: port_blocked error: Nothing answered the connection to smtp.sendgrid.net:25 within 1 s: the port is blocked on the way (a firewall, the hosting provider or the ISP drops the packets); this machine runs on DigitalOcean, which blocks outgoing port 25 on all Droplets of new accounts, and users report 465 and 587 blocked too
finding: no_default_route warning: this machine has no default route: only local or directly connected mail servers are reachable
hosting: digitalocean
