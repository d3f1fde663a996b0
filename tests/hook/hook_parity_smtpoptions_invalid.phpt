--TEST--
smtpdiag_phpmailer() parity with PHPMailer's smtpConnect() when the mailer's own SMTPOptions hold values PHP reads otherwise than written (bindto without a port, a NUL byte in cafile, an array as peer_name): a report with an smtpoptions_invalid finding, never a ValueError about an option the caller did not pass
--DESCRIPTION--
PHP 8.2's stream context reads these values loosely: a bindto it cannot parse as "ip:port" is ignored
without a warning (the connection leaves from the default address), a string option with a NUL byte is
used up to that byte, an array becomes "Array". PHPMailer connects, or fails, accordingly; smtpdiag
must say the same, name the value in a finding, and throw only for the caller's own $options.
--EXTENSIONS--
smtpdiag
--INI--
pcre.jit=0
--SKIPIF--
<?php require __DIR__ . '/hook_lib.inc'; sd_skipif_root(); hk_skipif_phpmailer(); ?>
--FILE--
<?php
require __DIR__ . '/hook_lib.inc';
sd_require_root();
$mta = sd_mta_start();
$p = $mta['ports'];
$ca = $mta['ca'];
$tls = ['Host' => '127.0.0.1', 'Port' => $p['submission'], 'SMTPSecure' => 'tls'];
$ssl = ['Host' => '127.0.0.1', 'Port' => $p['smtps'], 'SMTPSecure' => 'ssl'];
$scenarios = [
    "bindto '10.0.0.1' (no port: PHP ignores it)" => $tls + ['SMTPOptions' => ['ssl' => ['cafile' => $ca], 'socket' => ['bindto' => '10.0.0.1']]],
    'cafile with a NUL byte after the path (PHP reads the path)' => $ssl + ['SMTPOptions' => ['ssl' => ['cafile' => "$ca\0.bak"]]],
    'cafile with a NUL byte before the path (PHP reads a missing file)' => $ssl + ['SMTPOptions' => ['ssl' => ['cafile' => "/nonexistent\0$ca"]]],
    'peer_name as an array (PHP checks the name "Array")' => $ssl + ['SMTPOptions' => ['ssl' => ['cafile' => $ca, 'peer_name' => ['localhost']]]],
];
foreach ($scenarios as $label => $cfg) {
    try {
        $r = hk_parity($label, $cfg);
    } catch (Throwable $e) {
        echo "$label\n  smtpdiag threw ", get_class($e), ': ', $e->getMessage(), "\n";
        continue;
    }
    foreach ($r['config'] as $f) {
        echo "  config: {$f['code']} ({$f['severity']}): {$f['message']}\n";
    }
    echo '  in findings: ', var_export(hk_finding($r, 'smtpoptions_invalid') === ($r['config'][0] ?? false), true), "\n";
}
echo 'disagreements: ', $hk_disagreements ?? 0, "\n";

// A bindto that is not a string stops PHP before any packet: the finding says so.
$r = smtpdiag_phpmailer(hk_mailer($tls + ['SMTPOptions' => ['ssl' => ['cafile' => $ca], 'socket' => ['bindto' => null]]]), ['cache' => false]);
echo 'bindto null: ', hk_finding($r, 'smtpoptions_invalid')['message'], "\n";

// The same values passed by the caller as options stay programming errors.
foreach ([['bindto' => '10.0.0.1'], ['cafile' => "$ca\0.bak"], ['peer_name' => ['localhost']]] as $opts) {
    try {
        smtpdiag_phpmailer(hk_mailer($tls), $opts + ['cache' => false]);
        echo "no error\n";
    } catch (TypeError|ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECTF--
bindto '10.0.0.1' (no port: PHP ignores it)
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  config: smtpoptions_invalid (warning): SMTPOptions['socket']['bindto'] "10.0.0.1" is not "ip:port" or "[ipv6]:port": PHP ignores it without a word and connects from the default address; write "10.0.0.1:0"
  in findings: true
cafile with a NUL byte after the path (PHP reads the path)
  phpmailer: connected
  smtpdiag: ok=true verdict=ok
  parity: yes
  config: smtpoptions_invalid (warning): SMTPOptions['ssl']['cafile'] "%s/certs/ca.pem\x00.bak" contains a NUL byte: PHP reads it only up to there, as "%s/certs/ca.pem"; remove what follows
  in findings: true
cafile with a NUL byte before the path (PHP reads a missing file)
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=ca_bundle_missing
  parity: yes
  config: smtpoptions_invalid (warning): SMTPOptions['ssl']['cafile'] "/nonexistent\x00%s/certs/ca.pem" contains a NUL byte: PHP reads it only up to there, as "/nonexistent"; remove what follows
  in findings: true
peer_name as an array (PHP checks the name "Array")
  phpmailer: failed: SMTP Error: Could not connect to SMTP host.
  smtpdiag: ok=false verdict=cert_name_mismatch
  parity: yes
  config: smtpoptions_invalid (warning): SMTPOptions['ssl']['peer_name'] is an array: PHP turns it into the string "Array" and uses that; give one string
  in findings: true
disagreements: 0
bindto null: SMTPOptions['socket']['bindto'] is null, not a string: PHP refuses every connection with it ("local_addr context option is not a string."), so PHPMailer connects to no Host entry; the probe here ran without it. Remove the key, or give "ip:port" ('0:0' for any IPv4 address)
ValueError: smtpdiag_phpmailer(): Argument #2 ($options) option "bindto" must be "ip:port" or "[ipv6]:port", "10.0.0.1" given
ValueError: smtpdiag_phpmailer(): Argument #2 ($options) option "cafile" must not contain any null bytes
TypeError: smtpdiag_phpmailer(): Argument #2 ($options) option "peer_name" must be of type string, array given
