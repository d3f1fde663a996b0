--TEST--
smtpdiag_scan() under a memory_limit just above what it needs from PHP: no PHP allocation while its probe threads run, so the limit cannot stop the scan with workers still reading its state
--DESCRIPTION--
The scan used to emalloc() each port's probe result (about 115 KB) when it started that port's probe
thread, while the threads of the ports before it were running. A memory_limit hit there ends the
function at once: upstream PHP longjmps out of it (the workers go on reading a stack frame that no
longer exists and writing into memory the request frees); this Debian build, with
memory_hard_limit_percent=100, kills the process (SIGKILL) on the spot, with the workers mid-probe,
and with its default (200) defers the fatal error to after the scan.

The limit is made exact and the same with and without valgrind: the tracked allocator
(USE_ZEND_ALLOC=0, USE_TRACKED_ALLOC=1) counts every allocation to the byte. It is set to what the
script holds now plus 160 KB: more than the scan needs from PHP now (its options, the environment, and
the report of two ports, about 55 KB), and more than what the old scan needed before its first thread
plus one probe result (about 118 KB), but less than that plus a second result (about 233 KB). Both ports
are fixtures that greet 0.8 s after the connect, so the first port's probe is still waiting for its
greeting when the second port's would have been allocated. Now the engine allocates everything with
malloc() before the first thread starts and PHP runs nothing until the last join: the scan completes
and both ports work.
--EXTENSIONS--
smtpdiag
--ENV--
USE_ZEND_ALLOC=0
USE_TRACKED_ALLOC=1
--INI--
memory_hard_limit_percent=100
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$ports = [sd_fixture_start('slowgreet')['port'], sd_fixture_start('slowgreet')['port']];
$limit = memory_get_usage() + 160 * 1024;
ini_set('memory_limit', (string) $limit);
$r = smtpdiag_scan('127.0.0.1', ['ports' => $ports, 'timeout' => 3]);
$used = memory_get_usage();
ini_restore('memory_limit');
foreach ($r['ports'] as $i => $row) {
    printf("port %d: ok=%s %s security=%s\n", $i + 1, var_export($row['ok'], true), $row['verdict'], $row['security']);
}
echo 'within the limit: ', $used <= $limit ? 'yes' : "NO ($used > $limit)", "\n";
?>
--EXPECT--
port 1: ok=true ok security=auto
port 2: ok=true ok security=auto
within the limit: yes
