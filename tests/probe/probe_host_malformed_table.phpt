--TEST--
smtpdiag_probe(): dirty Host values are host_malformed before any network, and fixes[0] is the cleaned PHPMailer line
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$cases = [
    ''                                    => null,   // nothing to clean: a generic fix
    ' smtp.example.com'                   => 'smtp.example.com',
    "smtp.example.com\u{00A0}"            => 'smtp.example.com',
    "smtp.\u{200B}example.com"            => 'smtp.example.com',
    "\u{FEFF}smtp.example.com"            => 'smtp.example.com',
    'smtp://smtp.example.com'             => 'smtp.example.com',
    'https://smtp.example.com/path'       => 'smtp.example.com',
    'smtp.example.com:587'                => 'smtp.example.com',
    'user@smtp.example.com'               => 'smtp.example.com',
    '::1'                                 => '[::1]',
    '[::1'                                => '[::1]',
    'smtp.exa mple.com'                   => 'smtp.example.com',
    'smtp.example.com;backup.example.com' => 'smtp.example.com',
];
foreach ($cases as $host => $clean) {
    $host = (string) $host;
    $r = smtpdiag_probe($host, 587, ['timeout' => 2]);
    $target = sd_check($r, 'target');
    $want = $clean === null ? "set \$mail->Host to the mail server's name, e.g. 'smtp.example.com'" : "\$mail->Host = '$clean';";
    $others = array_filter($r['checks'], fn($c) => $c['name'] !== 'target' && $c['status'] !== 'skip');
    printf("%s: %s ok=%s target=%s fix=%s summary=%s no-network=%s fast=%s\n",
        json_encode($host), $r['verdict'], var_export($r['ok'], true), $target['status'],
        $r['fixes'][0] === $want ? 'yes' : 'NO (' . $r['fixes'][0] . ')',
        str_starts_with($r['summary'], 'The host "') && str_contains($r['summary'], 'is not a valid host name: ') ? 'yes' : 'NO',
        !$others && !$r['transcript'] && !$r['target']['addresses'] ? 'yes' : 'NO',
        sd_deadline_kept($r['elapsed_ms'], 0));
    if ($r['findings'][0]['code'] !== 'host_malformed' || count($r['findings']) !== 1 || $r['target']['host_kind'] !== 'invalid') {
        echo "  unexpected findings or host_kind: ", json_encode([$r['findings'], $r['target']]), "\n";
    }
}
// The reason is in the target check, the host shown escaped (the invisible characters visible).
echo sd_check(smtpdiag_probe("smtp.example.com\u{00A0}", 587), 'target')['message'], "\n";
echo sd_check(smtpdiag_probe('smtp.example.com:587', 587), 'target')['message'], "\n";
echo sd_check(smtpdiag_probe('smtp.example.com;backup.example.com', 587), 'target')['message'], "\n";
echo sd_check(smtpdiag_probe('::1', 587), 'target')['message'], "\n";
echo smtpdiag_probe('user@smtp.example.com', 587)['fixes'][1], "\n";
?>
--EXPECT--
"": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
" smtp.example.com": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"smtp.example.com\u00a0": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"smtp.\u200bexample.com": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"\ufeffsmtp.example.com": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"smtp:\/\/smtp.example.com": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"https:\/\/smtp.example.com\/path": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"smtp.example.com:587": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"user@smtp.example.com": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"::1": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"[::1": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"smtp.exa mple.com": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
"smtp.example.com;backup.example.com": host_malformed ok=false target=fail fix=yes summary=yes no-network=yes fast=yes
host "smtp.example.com\u00a0" contains invisible characters (no-break space, zero-width space or joiner, byte-order mark...), usually pasted from a web page or a document
host "smtp.example.com:587" contains a port (host:port): give the port separately
host "smtp.example.com;backup.example.com" contains ';': a list of hosts where one host belongs; check each entry on its own
host "::1" an IPv6 address without brackets: PHPMailer reads it as host:port; write it as [address]
check where the value comes from (.env files, copied text, database fields) for invisible characters and schemes
