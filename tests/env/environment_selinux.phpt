--TEST--
smtpdiag_environment(): SELinux mode and booleans read from a selinuxfs look-alike (private mount namespace)
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php
// The test mounts a small selinuxfs look-alike over /sys/fs in a private mount namespace (root, unshare,
// mount): whether this machine has SELinux never matters.
require __DIR__ . '/../lib/probe.inc';
sd_skipif_root(['unshare', 'mount']);
?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['unshare', 'mount']);
// $enforce null: no selinuxfs at all (an empty /sys/fs), as on a machine without SELinux.
function run_in_fake_selinux(?string $enforce, array $booleans = []): array {
    // A copy of mount(8) without its setuid bit: under `run-tests.php -m` valgrind follows every child
    // and refuses to run setuid programs. In this run's own directory: other runs may share /tmp.
    $mount = sd_work() . '/mount';
    if (!is_file($mount)) {
        copy(trim(shell_exec('command -v mount')), $mount);
        chmod($mount, 0755);
    }
    $setup = escapeshellarg($mount) . ' -t tmpfs smtpdiag-test /sys/fs';
    if ($enforce !== null) {
        $setup .= ' && mkdir -p /sys/fs/selinux/booleans && printf %s ' . escapeshellarg($enforce) . ' > /sys/fs/selinux/enforce';
    }
    foreach ($booleans as $name => $value) {
        $setup .= ' && printf %s ' . escapeshellarg("$value $value") . ' > /sys/fs/selinux/booleans/' . $name;
    }
    $php = [...sd_php(), '-d', 'extension_dir=' . ini_get('extension_dir'), '-d', 'extension=smtpdiag',
        '-r', 'echo json_encode(smtpdiag_environment());'];
    // Under `run-tests.php -m` valgrind already follows this child (--trace-children=yes).
    $cmd = 'unshare -m sh -c ' . escapeshellarg($setup . ' && exec ' . implode(' ', array_map('escapeshellarg', $php)));
    exec($cmd . ' 2>&1', $out, $rc);
    if ($rc !== 0) {
        echo "child failed ($rc): ", implode("\n", $out), "\n";
        return [];
    }
    return json_decode(end($out), true);
}

$absent = run_in_fake_selinux(null);
$r = run_in_fake_selinux('1', ['httpd_can_network_connect' => 0, 'httpd_can_sendmail' => 0]);
// a warning: the report's ok is what it is without SELinux
var_dump($r['selinux']['mode'], $r['selinux']['booleans'], sd_check($r, 'selinux')['status'], $r['ok'] === $absent['ok']);
$f = array_values(array_filter($r['findings'], fn($f) => $f['code'] === 'local_policy_denied'))[0];
var_dump($f['severity'], str_contains($f['message'], 'setsebool -P httpd_can_sendmail 1'));

$r = run_in_fake_selinux('1', ['httpd_can_network_connect' => 0, 'httpd_can_sendmail' => 1]);
var_dump($r['selinux']['booleans'], sd_check($r, 'selinux')['status'], sd_check($r, 'selinux')['message']);

$r = run_in_fake_selinux('0', ['httpd_can_network_connect' => 0, 'httpd_can_sendmail' => 0]);
var_dump($r['selinux']['mode'], sd_check($r, 'selinux')['status']);

$r = run_in_fake_selinux('1', []);
var_dump($r['selinux']['booleans']);

// And a machine without SELinux (no selinuxfs): a skip, not an error.
var_dump($absent['selinux']['mode'], $absent['selinux']['context'], sd_check($absent, 'selinux')['status']);
?>
--EXPECT--
string(9) "enforcing"
array(2) {
  ["httpd_can_network_connect"]=>
  bool(false)
  ["httpd_can_sendmail"]=>
  bool(false)
}
string(4) "warn"
bool(true)
string(7) "warning"
bool(true)
array(2) {
  ["httpd_can_network_connect"]=>
  bool(false)
  ["httpd_can_sendmail"]=>
  bool(true)
}
string(4) "pass"
string(74) "SELinux is enforcing; httpd_can_network_connect off, httpd_can_sendmail on"
string(10) "permissive"
string(4) "pass"
array(2) {
  ["httpd_can_network_connect"]=>
  NULL
  ["httpd_can_sendmail"]=>
  NULL
}
string(6) "absent"
NULL
string(4) "skip"
