--TEST--
smtpdiag_probe() and smtpdiag_phpmailer(): port 465 to Postmark contradicts the provider table; the probe still runs (a closed port in a namespace: connection_refused), its summary says what Postmark documents (once: no provider_mismatch finding repeats it) and its fix proposes Postmark's port 587, tried from here
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/providers.inc'; sd_skipif_root(); ?>
--FILE--
<?php
require __DIR__ . '/providers.inc';
sd_require_root();
// A namespace with only lo: port 465 on 127.0.0.1 is closed for sure, and nothing leaves the machine.
// connect_to keeps the name for matching (and SNI) while connecting to loopback.
$ns = sd_netns();
$r = sd_child_probe("smtpdiag_probe('smtp.postmarkapp.com', 465, ['connect_to' => '127.0.0.1', 'timeout' => 2])", $ns);
pv_show($r);
echo 'checks: ', implode(' ', array_map(fn($c) => "{$c['name']}:{$c['status']}", $r['checks'])), "\n";
echo 'target provider: ', json_encode($r['target']['provider'], JSON_UNESCAPED_SLASHES), "\n";
echo implode("\n", array_slice(explode("\n", smtpdiag_format($r)), 2, 2)), "\n";

// The PHPMailer hook probes through the same pipeline: the same finding, the same fixes.
$code = "require '/usr/share/php/libphp-phpmailer/autoload.php';"
    . '$m = new PHPMailer\PHPMailer\PHPMailer(true); $m->isSMTP(); $m->Host = "smtp.postmarkapp.com"; $m->Port = 465;'
    . '$m->SMTPSecure = "ssl"; $m->Timeout = 2;'
    . 'echo json_encode(smtpdiag_phpmailer($m, ["cache" => false, "connect_to" => "127.0.0.1"]));';
[$out, $err, $rc] = sd_child($code, $ns);
$h = json_decode($out, true) ?? die("hook child failed ($rc): $err$out\n");
echo "-- hook\nverdict: {$h['verdict']}\n";
echo 'same summary and fixes: ', $h['summary'] === $r['summary'] && $h['fixes'] === $r['fixes'] ? 'yes' : 'NO', "\n";
// The verdict's summary says what Postmark documents: no provider_mismatch finding repeats it.
$f = array_values(array_filter($h['findings'], fn($f) => $f['code'] === 'provider_mismatch'));
echo 'provider_mismatch: ', $f ? "{$f[0]['severity']}: {$f[0]['message']}" : 'none, the summary says it', "\n";
?>
--EXPECT--
verdict: connection_refused
ok: false
summary: smtp.postmarkapp.com:465 refused the connection (Connection refused): nothing listens there, or a firewall rejects it; Postmark offers no port 465 (no implicit TLS; port 465 hangs rather than failing); its documented ports are 587, 2525 and 25 with STARTTLS
fix: not verified: port 587 with STARTTLS fails from here too (connection_refused): $mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
fix: on shared hosting, outgoing SMTP to other servers is often rejected: use the host's own relay (often localhost)
fix: Postmark also listens on port 2525 for networks that block the usual ports: $mail->Port = 2525; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)
finding: connection_refused error: smtp.postmarkapp.com:465 refused the connection (Connection refused): nothing listens there, or a firewall rejects it; Postmark offers no port 465 (no implicit TLS; port 465 hangs rather than failing); its documented ports are 587, 2525 and 25 with STARTTLS
finding: no_default_route warning: this machine has no default route: only local or directly connected mail servers are reachable
checks: target:pass environment:warn dns:skip tcp:fail greeting:skip ehlo:skip starttls:skip tls:skip certificate:skip auth:skip quit:skip
target provider: {"id":"postmark","name":"Postmark","ports":"587, 2525 and 25 with STARTTLS","checked":null,"trust":"src","source":"https://postmarkapp.com/support/article/811-what-are-the-smtp-details-api-tokens-i-should-be-using"}
target:   smtp.postmarkapp.com:465 (smtps) -> 127.0.0.1
provider: Postmark (587, 2525 and 25 with STARTTLS; checked not recorded)
-- hook
verdict: connection_refused
same summary and fixes: yes
provider_mismatch: none, the summary says it
