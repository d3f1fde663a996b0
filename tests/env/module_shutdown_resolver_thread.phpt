--TEST--
smtpdiag: module shutdown with a name lookup still running (a resolver that never answers) exits at once, and keeps smtpdiag.so loaded so that the lookup's thread never returns into unloaded code; with nothing ever looked up, it unloads as usual
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['ip', 'netns', 'nft']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['ip', 'netns', 'nft']);
// A namespace whose resolver (127.0.0.54) drops every query: glibc gives up after 3 s (timeout:3
// attempts:1). The probe's deadline is 0.3 s, so when the script ends the lookup's thread is still
// inside getaddrinfo(), and stays there for about 2.7 s more.
$ns = sd_netns();
sd_nft($ns, <<<NFT
table inet sdtest {
    chain input {
        type filter hook input priority 0; policy accept;
        ip daddr 127.0.0.54 udp dport 53 drop
        ip daddr 127.0.0.54 tcp dport 53 drop
    }
}
NFT);
@mkdir("/etc/netns/$ns", 0755, true);
file_put_contents("/etc/netns/$ns/resolv.conf", "nameserver 127.0.0.54\noptions timeout:3 attempts:1\n");

// A host process that goes on running after PHP unloaded its extensions (as Apache does on a graceful
// restart) is played by a preloaded dlclose() that, once smtpdiag.so is closed, says whether it is
// still mapped, waits $SD_AFTER_UNLOAD_MS before PHP goes on to exit, and counts the threads left. A
// thread that returns into unloaded code in that time kills the process (SIGSEGV: exit status 11, which
// is what the 2 s wait of old did here); one that returns into code kept loaded ends, leaving 1 thread.
$shim = sd_work() . '/dlclose-wait.so';
file_put_contents(sd_work() . '/dlclose-wait.c', <<<'C'
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while (d != NULL && (e = readdir(d)) != NULL) {
		n += e->d_name[0] != '.';
	}
	if (d != NULL) {
		closedir(d);
	}
	return n;
}

int dlclose(void *handle)
{
	int (*real)(void *) = (int (*)(void *)) dlsym(RTLD_NEXT, "dlclose");
	struct link_map *map = NULL;
	char name[4096] = "";
	const char *wait = getenv("SD_AFTER_UNLOAD_MS");
	void *again;
	int rc;

	if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != NULL && map->l_name != NULL) {
		snprintf(name, sizeof(name), "%s", map->l_name);
	}
	rc = real(handle);
	if (strstr(name, "smtpdiag.so") == NULL) {
		return rc;
	}
	again = dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
	fprintf(stderr, "after dlclose: smtpdiag.so %s\n", again != NULL ? "still loaded" : "unloaded");
	if (again != NULL) {
		real(again);
	}
	usleep((useconds_t) (wait ? atoi(wait) : 0) * 1000);
	fprintf(stderr, "after the wait: alive, %d thread(s)\n", threads());
	return rc;
}
C);
sd_must(['cc', '-shared', '-fPIC', '-O2', '-o', $shim, sd_work() . '/dlclose-wait.c', '-ldl']);

/** Runs $code in a child PHP with smtpdiag in the namespace; returns [stdout, stderr, exit status,
 *  ms from the end of the script to the end of the process]. */
function child(string $ns, string $code, array $env = []): array
{
    $argv = ['ip', 'netns', 'exec', $ns, ...sd_php(), '-d', 'extension_dir=' . ini_get('extension_dir'),
        '-d', 'extension=smtpdiag', '-r', $code . ' echo "\n", hrtime(true);'];
    $san = sd_sanitizer_env();
    if (isset($env['LD_PRELOAD'], $san['LD_PRELOAD'])) {
        $env['LD_PRELOAD'] = $san['LD_PRELOAD'] . ':' . $env['LD_PRELOAD'];   // the sanitizer's first
    }
    $env += ['PATH' => getenv('PATH') ?: '/usr/sbin:/usr/bin:/sbin:/bin', 'VALGRIND_OPTS' => '--trace-children-skip=*']
        + $san;
    $p = proc_open($argv, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
    fclose($pipes[0]);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    $rc = proc_close($p);
    $end = hrtime(true);
    $lines = explode("\n", rtrim($out));
    $script_end = (int) array_pop($lines);
    return [rtrim(implode("\n", $lines)), $err, $rc, $script_end > 0 ? ($end - $script_end) / 1e6 : -1.0];
}

$bound = 300 + sd_allowance_ms();   // the deadline and probe.inc's allowance (the child has no probe.inc)
$lookup = '$r = smtpdiag_probe("mail.smtpdiag.test", 587, ["timeout" => 0.3]);
    echo $r["verdict"], " in ", $r["elapsed_ms"] <= ' . $bound . ' ? "time" : "NOT in time (" . $r["elapsed_ms"] . ")", "\n";';

echo "-- a lookup still running when the script ends\n";
[$out, $err, $rc, $shutdown_ms] = child($ns, $lookup);
echo $out, "\n", $err, "exit status: $rc\n";
echo 'shutdown took under 1 s: ', sd_deadline_kept($shutdown_ms, 1000), "\n";

echo "-- the same, the process living on 4 s after PHP closed smtpdiag.so\n";
[$out, $err, $rc, $shutdown_ms] = child($ns, $lookup, ['LD_PRELOAD' => $shim, 'SD_AFTER_UNLOAD_MS' => '4000']);
echo $out, "\n", $err, "exit status: $rc\n";

echo "-- no lookup: an address needs no resolver thread\n";
[$out, $err, $rc, $shutdown_ms] = child($ns, '$r = smtpdiag_probe("127.0.0.1", 9, ["timeout" => 0.3]); echo $r["verdict"], "\n";',
    ['LD_PRELOAD' => $shim, 'SD_AFTER_UNLOAD_MS' => '0']);
echo $out, "\n", $err, "exit status: $rc\n";
echo 'shutdown took under 1 s: ', sd_deadline_kept($shutdown_ms, 1000), "\n";
?>
--EXPECT--
-- a lookup still running when the script ends
dns_failure in time
exit status: 0
shutdown took under 1 s: yes
-- the same, the process living on 4 s after PHP closed smtpdiag.so
dns_failure in time
after dlclose: smtpdiag.so still loaded
after the wait: alive, 1 thread(s)
exit status: 0
-- no lookup: an address needs no resolver thread
connection_refused
after dlclose: smtpdiag.so unloaded
after the wait: alive, 1 thread(s)
exit status: 0
shutdown took under 1 s: yes
