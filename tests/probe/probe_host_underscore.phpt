--TEST--
smtpdiag_probe(): a host name with an underscore is probed as DNS allows, with a host_underscore warning (PHPMailer's isValidHost() refuses it as Host); a malformed value whose cleaned form has an underscore is never proposed back as $mail->Host
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$fx = sd_fixture_start('nostarttls');

// The name reaches the server (connect_to stands in for its DNS record): the warning, not the verdict.
$r = smtpdiag_probe('smtp_relay.example.com', $fx['port'], ['connect_to' => '127.0.0.1', 'timeout' => 5]);
sd_show($r, 5);
echo str_replace((string) $fx['port'], 'PORT', $r['summary']), "\n";
echo 'target: ', json_encode(array_intersect_key($r['target'], array_flip(['host', 'host_ascii', 'host_kind', 'peer_name', 'addresses']))), "\n";
foreach ($r['findings'] as $f) {
    echo "finding: {$f['code']} {$f['severity']}: {$f['message']}\n";
}
var_dump($r['fixes']);

// A URL around the same name: host_malformed, and the fix explains the underscore instead of
// proposing $mail->Host = 'smtp_relay.example.com', which PHPMailer would refuse again.
$r = smtpdiag_probe('https://smtp_relay.example.com', 587, ['timeout' => 5]);
echo "\n", $r['verdict'], ': ', $r['summary'], "\n";
foreach ($r['fixes'] as $f) {
    echo "fix: $f\n";
}
foreach ($r['findings'] as $f) {
    echo "finding: {$f['code']} {$f['severity']}\n";
}
?>
--EXPECT--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to smtp_relay.example.com:PORT (auto) from this PHP process
target: {"host":"smtp_relay.example.com","host_ascii":"smtp_relay.example.com","host_kind":"name","peer_name":"smtp_relay.example.com","addresses":["127.0.0.1"]}
finding: host_underscore warning: "smtp_relay.example.com" contains an underscore: DNS allows it but PHPMailer rejects the host
finding: cleartext warning: the server does not offer STARTTLS: with SMTPSecure '' PHPMailer sends mail and passwords in clear text
array(0) {
}

host_malformed: The host "https://smtp_relay.example.com" is not a valid host name: contains a URL, scheme, path or user@ where only a host name belongs: set the port and the security mode separately
fix: PHPMailer refuses any host name with an underscore, such as 'smtp_relay.example.com', although DNS allows it: use a name of the same server without one, or its address with the name its certificate holds: $mail->Host = '<IP>'; $mail->SMTPOptions = ['ssl' => ['peer_name' => '<name in the certificate>']];
fix: smtpdiag_probe('smtp_relay.example.com', 587) takes the name as it is and shows the server's address and certificate
fix: check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
finding: host_malformed error
