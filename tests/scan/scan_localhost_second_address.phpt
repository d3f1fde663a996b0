--TEST--
smtpdiag_scan('localhost') with Debian's standard /etc/hosts (::1 first) and a server on 127.0.0.1 only: the port works after ::1 refuses, and its report lists both addresses tried, as smtpdiag_probe()'s does
--DESCRIPTION--
Debian's /etc/hosts names localhost twice, "127.0.0.1 localhost" and "::1 localhost ip6-localhost
ip6-loopback", and getaddrinfo() returns ::1 first. An MTA that listens on IPv4 only (Postfix with
inet_protocols = ipv4) refuses ::1; PHP (and so PHPMailer) then tries 127.0.0.1 and connects, and
smtpdiag_probe() says ok. The scan tried the first address only and said connection_refused on every
port. The test bind-mounts that hosts file over /etc/hosts in a private mount namespace (unshare -m),
which needs root, and runs the scan and the probe in a PHP child inside it.
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['unshare', 'mount']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['unshare', 'mount']);
$port = sd_fixture_start('nostarttls', null, null, true)['port'];    // listens on 127.0.0.1 only
$hosts = sd_work() . '/hosts';
file_put_contents($hosts, "127.0.0.1\tlocalhost\n127.0.1.1\tdebian.example\tdebian\n\n"
    . "# The following lines are desirable for IPv6 capable hosts\n"
    . "::1     localhost ip6-localhost ip6-loopback\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n");
// A copy of mount(8) without its setuid bit: under `run-tests.php -m` valgrind follows every child and
// refuses to run setuid programs.
$mount = sd_work() . '/mount';
copy(trim(shell_exec('command -v mount')), $mount);
chmod($mount, 0755);
$code = "echo json_encode(['scan' => smtpdiag_scan('localhost', ['ports' => [$port], 'timeout' => 4]),"
    . " 'probe' => smtpdiag_probe('localhost', $port, ['security' => 'auto', 'timeout' => 4])]);";
$php = [...sd_php(), '-d', 'extension_dir=' . ini_get('extension_dir'), '-d', 'extension=smtpdiag', '-r', $code];
// glibc's default address order (RFC 6724: ::1 first), whatever this machine's /etc/gai.conf prefers
$gai = sd_work() . '/gai.conf';
file_put_contents($gai, "# no precedence, label or scope lines: glibc's defaults\n");
$cmd = ['unshare', '-m', 'sh', '-c', escapeshellarg($mount) . ' --bind ' . escapeshellarg($hosts) . ' /etc/hosts && '
    . (is_file('/etc/gai.conf') ? escapeshellarg($mount) . ' --bind ' . escapeshellarg($gai) . ' /etc/gai.conf && ' : '') . 'exec '
    . implode(' ', array_map('escapeshellarg', $php))];
// The environment is this process's own, so that valgrind (run-tests.php -m) follows the child.
$p = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
fclose($pipes[0]);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
fclose($pipes[1]);
fclose($pipes[2]);
$rc = proc_close($p);
$r = json_decode($out, true);
if (!is_array($r)) {
    echo "child failed ($rc): $err$out\n";
    exit(1);
}

function tried(array $report): string
{
    return implode(', ', array_map(fn($a) => sprintf('%s %s%s', $a['address'],
        $a['address'] === '::1' ? ($a['outcome'] === 'connected' ? 'CONNECTED' : 'not connected') : $a['outcome'],
        $a['php_tried'] ? ' (tried)' : ''), sd_check($report, 'tcp')['data']));
}

$probe = $r['probe'];
$row = $r['scan']['ports'][0];
echo 'resolved in the namespace: ', implode(' ', $probe['target']['addresses']), "\n";
echo "probe: {$probe['verdict']}; tcp: ", tried($probe), "\n";
printf("scan row: ok=%s %s security=%s\n", var_export($row['ok'], true), $row['verdict'], $row['security']);
echo 'scan row tcp: ', tried($row['report']), "\n";
$dns = sd_check($row['report'], 'dns');
echo "scan row dns: {$dns['status']}: {$dns['message']}\n";
echo 'scan row addresses: ', implode(' ', $row['report']['target']['addresses']), "\n";
echo 'same addresses and outcomes as the probe: ', array_map(fn($a) => [$a['address'], $a['outcome'], $a['php_tried']], sd_check($row['report'], 'tcp')['data'])
    === array_map(fn($a) => [$a['address'], $a['outcome'], $a['php_tried']], sd_check($probe, 'tcp')['data']) ? 'yes' : 'NO', "\n";
$rec = $r['scan']['recommended'];
echo 'recommended: ', $rec === null ? 'none' : ($rec['port'] === $port ? 'the port ' : 'OTHER ') . $rec['security'], "\n";
?>
--EXPECTF--
resolved in the namespace: ::1 127.0.0.1
probe: ok; tcp: ::1 not connected (tried), 127.0.0.1 connected (tried)
scan row: ok=true ok security=auto
scan row tcp: ::1 not connected (tried), 127.0.0.1 connected (tried)
scan row dns: pass: localhost has 2 addresses: ::1, 127.0.0.1 (%f ms)
scan row addresses: ::1 127.0.0.1
same addresses and outcomes as the probe: yes
recommended: the port auto
