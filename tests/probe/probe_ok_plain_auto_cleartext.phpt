--TEST--
smtpdiag_probe(): auto on a server without STARTTLS is ok, with a cleartext warning
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$r = smtpdiag_probe('localhost', $mta['ports']['plain'], ['timeout' => 5]);
sd_show($r, 5);
echo $r['summary'], "\n";
var_dump($r['fixes'], $r['target']['security']);
foreach (sd_findings($r) as $f) {
    echo "{$f['code']} {$f['severity']}: {$f['message']}\n";
}
$c = sd_check($r, 'starttls');
echo "starttls: {$c['status']}: {$c['message']}\n";
var_dump($r['server']['starttls'], in_array('C: STARTTLS', $r['transcript'], true));
?>
--EXPECTF--
verdict: ok
ok: true
within deadline: yes
PHPMailer can connect to localhost:%d (auto) from this PHP process
array(0) {
}
string(4) "auto"
cleartext warning: the server does not offer STARTTLS: with SMTPSecure '' PHPMailer sends mail and passwords in clear text
starttls: warn: not offered: PHPMailer goes on without TLS
bool(false)
bool(false)
