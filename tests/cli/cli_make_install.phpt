--TEST--
make install (INSTALL_ROOT=a temporary folder) installs the smtpdiag command beside the PHP binary, executable, the same file as bin/smtpdiag, runnable by its #! line; under PECL (PHP_PEAR_VERSION set) it leaves the command to PECL's own script install
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php
if (!is_file(__DIR__ . '/../../Makefile')) echo 'skip needs the configured build tree (phpize, ./configure)';
if (trim((string) @shell_exec('command -v make')) === '') echo 'skip needs make';
?>
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
$root = realpath(__DIR__ . '/../..');
preg_match('/^SMTPDIAG_BINDIR = (.*)$/m', (string) file_get_contents("$root/Makefile"), $m);
$bindir = $m[1] ?? 'MISSING';
echo 'SMTPDIAG_BINDIR is the PHP binary\'s folder: ', $bindir === dirname((string) trim((string) shell_exec('php-config --php-binary'))) ? 'yes' : "NO ($bindir)", "\n";

foreach (['make install' => [], 'make install under PECL' => ['PHP_PEAR_VERSION' => '1.10.13']] as $label => $env) {
    $dest = sd_work() . '/' . bin2hex(random_bytes(3));
    // phpize's Makefile copies the built module into modules/ on every make, over the file that this PHP and
    // the other tests have loaded: phplibdir sends that copy elsewhere; the install reads modules/ as always.
    [$out, $err, $rc] = sd_run(['make', '-C', $root, 'install', "INSTALL_ROOT=$dest", "phplibdir=$dest.modules"], $env);
    $cmd = "$dest$bindir/smtpdiag";
    echo "$label: exit $rc, ", str_contains($out, "Installing the smtpdiag command:   $cmd") ? 'says where the command goes, ' : '',
        is_file($cmd) ? 'the command is there' : 'no command', ', the extension is there: ',
        trim((string) shell_exec('find ' . escapeshellarg($dest) . ' -name smtpdiag.so')) !== '' ? 'yes' : 'NO', "\n";
    if (is_file($cmd)) {
        printf("  mode %o, same as bin/smtpdiag: %s\n", fileperms($cmd) & 0777, file_get_contents($cmd) === file_get_contents("$root/bin/smtpdiag") ? 'yes' : 'NO');
        [$o, $e, $c] = sd_run([$cmd, '--help']);
        echo "  run by its #! line: exit $c, ", strtok($o, "\n"), "\n";
    }
}
?>
--EXPECT--
SMTPDIAG_BINDIR is the PHP binary's folder: yes
make install: exit 0, says where the command goes, the command is there, the extension is there: yes
  mode 755, same as bin/smtpdiag: yes
  run by its #! line: exit 0, Usage:
make install under PECL: exit 0, no command, the extension is there: yes
