--TEST--
scripts/repeat.sh: N runs of a dev.sh step in a fresh clone of the committed HEAD, one line a run, stopping at the first run that failed or passed only on run-tests.php's retry; --summary reads kept logs; bad arguments are exit 2
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; if (!is_file(__DIR__ . '/../../scripts/repeat.sh')) sd_skip('needs the source tree'); elseif (!sd_has_command('git')) sd_skip('needs git (Debian package git)'); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
$w = sd_work();

// The tail of a dev.sh valgrind log, as dev.sh and run-tests.php print it.
function dev_log(string $retried = '', int $failed = 0): string
{
    return "== C unit tests under valgrind\n16 passed, 0 failed\nok: C unit tests (valgrind) (44 s)\n"
        . "Number of tests :  140               139\nTests skipped   :    1 (  0.7%) --------\n"
        . "Tests warned    :    0 (  0.0%) (  0.0%)\nTests failed    :    $failed (  0.0%) (  0.0%)\n"
        . "Tests leaked    :    0 (  0.0%) (  0.0%)\nTests passed    :  139 ( 99.3%) (100.0%)\n"
        . ($retried === '' ? '' : "passed only when run-tests.php ran it again (flaky): $retried\n")
        . "skipped: 1 (1 × platform: openssl is built into this PHP)\n"
        . 'smtpdiag valgrind checks: ' . ($failed ? '1 passed, 1 failed' : '2 passed, 0 failed') . "\n";
}

file_put_contents("$w/clean.log", dev_log());
file_put_contents("$w/retried.log", dev_log('tests/net/a.phpt tests/scan/b.phpt'));
file_put_contents("$w/failed.log", dev_log('', 1));
$repeat = dirname(__DIR__, 2) . '/scripts/repeat.sh';
[$out, $err, $rc] = sd_run(['bash', $repeat, '--summary', "$w/clean.log", "$w/retried.log", "$w/failed.log", "$w/none.log"]);
echo "--summary, four logs: exit $rc\n", str_replace($w, 'W', $out), $err;
[$out, $err, $rc] = sd_run(['bash', $repeat, '--summary', "$w/clean.log"]);
echo "--summary, the clean log: exit $rc\n";

// A repository with repeat.sh and a dev.sh that prints, run after run, the log its plan file gives
// ("clean", "retry" or "fail", a line each), and notes where it ran.
$repo = "$w/repo";
mkdir("$repo/scripts", 0755, true);
copy($repeat, "$repo/scripts/repeat.sh");
file_put_contents("$repo/scripts/dev.sh", <<<'SH'
#!/bin/bash
n=$(($(cat "$SD_STUB/count" 2>/dev/null || echo 0) + 1))
echo "$n" > "$SD_STUB/count"
echo "$1 in $PWD" >> "$SD_STUB/where"
plan=$(sed -n "${n}p" "$SD_STUB/plan")
[ "$plan" = retry ] && cat "$SD_STUB/retried.log" && exit 0
[ "$plan" = fail ] && cat "$SD_STUB/failed.log" && exit 1
cat "$SD_STUB/clean.log"
SH);
$git = ['git', '-C', $repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com'];
sd_must(['git', 'init', '-q', $repo]);
sd_must([...$git, 'add', '-A']);
sd_must([...$git, 'commit', '-q', '-m', 'stub dev.sh']);
// not committed: the clone must not see it
file_put_contents("$repo/scripts/dev.sh", "echo uncommitted\nexit 1\n");
$env = ['SD_STUB' => $w, 'HOME' => $w];

function repeat_run(string $repo, array $args, array $env, string $plan, string $w): void
{
    file_put_contents("$w/plan", $plan);
    @unlink("$w/count");
    @unlink("$w/where");
    [$out, $err, $rc] = sd_run(['bash', "$repo/scripts/repeat.sh", ...$args], $env);
    $out = preg_replace(['/clone of [0-9a-f]{7,} /', '/, \d+ s;/'], ['clone of HASH ', ', S s;'], $out);
    echo implode(' ', $args), ', plan ', str_replace("\n", ' ', trim($plan)), ": exit $rc\n", str_replace($w, 'W', $out), $err;
    echo 'dev.sh ran: ', str_replace($w, 'W', (string) @file_get_contents("$w/where")) ?: "never\n";
}

repeat_run($repo, ['3'], $env, "clean\nclean\nretry\n", $w);
repeat_run($repo, ['2', 'suite'], $env, "fail\nclean\n", $w);
repeat_run($repo, ['2', 'sanitize'], $env, "clean\nclean\n", $w);
echo "the runs' logs: ", implode(' ', array_map('basename', glob("$repo/build/repeat/run-*.log"))), "\n";
foreach ([[], ['0'], ['x'], ['2', 'bogus'], ['--summary']] as $args) {
    [$out, $err, $rc] = sd_run(['bash', "$repo/scripts/repeat.sh", ...$args], $env);
    echo '[', implode(' ', $args), "]: exit $rc, ", strtok($out, "\n"), "\n";
}
?>
--EXPECT--
--summary, four logs: exit 1
clean.log: clean; C unit programs: 16 passed, 0 failed; .phpt: 139 passed, 0 failed, 0 leaked, 1 skipped; passed only on a retry: none
retried.log: NOT CLEAN; C unit programs: 16 passed, 0 failed; .phpt: 139 passed, 0 failed, 0 leaked, 1 skipped; passed only on a retry: tests/net/a.phpt tests/scan/b.phpt
failed.log: NOT CLEAN; C unit programs: 16 passed, 0 failed; .phpt: 139 passed, 1 failed, 0 leaked, 1 skipped; passed only on a retry: none
W/none.log: cannot be read
--summary, the clean log: exit 0
3, plan clean clean retry: exit 1
== 3 runs of 'bash scripts/dev.sh valgrind' in a clone of HASH stub dev.sh
run-1.log: clean, S s; C unit programs: 16 passed, 0 failed; .phpt: 139 passed, 0 failed, 0 leaked, 1 skipped; passed only on a retry: none
run-2.log: clean, S s; C unit programs: 16 passed, 0 failed; .phpt: 139 passed, 0 failed, 0 leaked, 1 skipped; passed only on a retry: none
run-3.log: NOT CLEAN, S s; C unit programs: 16 passed, 0 failed; .phpt: 139 passed, 0 failed, 0 leaked, 1 skipped; passed only on a retry: tests/net/a.phpt tests/scan/b.phpt
run 3 of 3 was not clean: 2 clean in a row before it; its output: W/repo/build/repeat/run-3.log
dev.sh ran: valgrind in W/repo/build/repeat/tree
valgrind in W/repo/build/repeat/tree
valgrind in W/repo/build/repeat/tree
2 suite, plan fail clean: exit 1
== 2 runs of 'bash scripts/dev.sh suite' in a clone of HASH stub dev.sh
run-1.log: NOT CLEAN, S s; C unit programs: 16 passed, 0 failed; .phpt: 139 passed, 1 failed, 0 leaked, 1 skipped; passed only on a retry: none
run 1 of 2 was not clean: 0 clean in a row before it; its output: W/repo/build/repeat/run-1.log
dev.sh ran: suite in W/repo/build/repeat/tree
2 sanitize, plan clean clean: exit 0
== 2 runs of 'bash scripts/dev.sh sanitize' in a clone of HASH stub dev.sh
run-1.log: clean, S s; C unit programs: 16 passed, 0 failed; .phpt: 139 passed, 0 failed, 0 leaked, 1 skipped; passed only on a retry: none
run-2.log: clean, S s; C unit programs: 16 passed, 0 failed; .phpt: 139 passed, 0 failed, 0 leaked, 1 skipped; passed only on a retry: none
2 runs of 'bash scripts/dev.sh sanitize', each clean, one after another
dev.sh ran: sanitize in W/repo/build/repeat/tree
sanitize in W/repo/build/repeat/tree
the runs' logs: run-1.log run-2.log
[]: exit 2, Runs one step of scripts/dev.sh several times in a row, to show that a suite does not flake.
[0]: exit 2, Runs one step of scripts/dev.sh several times in a row, to show that a suite does not flake.
[x]: exit 2, Runs one step of scripts/dev.sh several times in a row, to show that a suite does not flake.
[2 bogus]: exit 2, Runs one step of scripts/dev.sh several times in a row, to show that a suite does not flake.
[--summary]: exit 2, Runs one step of scripts/dev.sh several times in a row, to show that a suite does not flake.
