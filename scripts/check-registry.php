<?php
/*
 * smtpdiag: the code registry (src/engine/sd_codes.h) against the docs and the tests.
 *
 *   - README.md's "Verdict codes" table lists exactly the registry's verdicts, in its order;
 *   - README.md's "Finding codes" table lists exactly the registry's finding-only codes;
 *   - DESIGN.md (../shared/DESIGN.md beside the project, when present) lists the same verdicts;
 *   - no source file under src/ spells a code as a string literal (codes go through the enum);
 *   - every code is asserted by at least one .phpt test that produces it: the code appears in the
 *     test's expected output, or the test's code compares against it as a quoted string. Codes that
 *     cannot be produced on this platform are listed below with the reason, and must then be asserted
 *     by a C unit test (tests/unit/*.c naming SD_V_<ID>/SD_F_<ID> or the code).
 *
 * Prints the codes no test asserts and exits 1 when there is a problem.
 * Usage: php scripts/check-registry.php [--list]   (--list: print every code with its tests)
 */

declare(strict_types=1);

$root = dirname(__DIR__);
$problems = [];
$list = in_array('--list', $argv, true);

/* Codes that no .phpt can produce on any platform scripts/matrix.sh tests, with the reason (none today:
 * openssl_missing, which Debian's PHP cannot produce, comes from tests/probe/probe_openssl_missing.phpt on
 * the matrix's zts platform, whose PHP has openssl as a module). */
const NOT_PRODUCIBLE = [];

function fail_now(string $msg): never
{
    fwrite(STDERR, "check-registry: $msg\n");
    exit(2);
}

/** @return array{0: array<string,string>, 1: array<string,string>} verdicts and findings, code => ID */
function registry(string $path): array
{
    $text = @file_get_contents($path);
    if ($text === false) {
        fail_now("cannot read $path");
    }
    $verdicts = $findings = [];
    if (!preg_match('/#define SD_VERDICTS\(X\)(.*?)\n\n/s', $text, $v) || !preg_match('/#define SD_FINDINGS\(X\)(.*?)\n\n/s', $text, $f)) {
        fail_now("$path: SD_VERDICTS or SD_FINDINGS not found");
    }
    preg_match_all('/X\((\w+), (\w+), [^)]*\)/', $v[1], $m, PREG_SET_ORDER);
    foreach ($m as $row) {
        $verdicts[$row[2]] = $row[1];
    }
    preg_match_all('/X\((\w+), (\w+)\)/', $f[1], $m, PREG_SET_ORDER);
    foreach ($m as $row) {
        $findings[$row[2]] = $row[1];
    }
    return [$verdicts, $findings];
}

/** The first column's `code` of the Markdown table that follows $heading (a line of its own). */
function table_codes(string $doc, string $heading): ?array
{
    $pos = strpos($doc, "\n$heading\n");
    if ($pos === false) {
        return null;
    }
    $codes = [];
    $inTable = false;
    foreach (array_slice(explode("\n", substr($doc, $pos + strlen($heading) + 2)), 0, 200) as $line) {
        if (preg_match('/^\|\s*`([a-z0-9_]+)`\s*\|/', $line, $m)) {
            $codes[] = $m[1];
            $inTable = true;
        } elseif ($inTable && !str_starts_with($line, '|')) {
            break;
        } elseif (str_starts_with($line, '#')) {
            break;
        }
    }
    return $codes;
}

function compare(string $what, array $want, ?array $have, bool $ordered, array &$problems): void
{
    if ($have === null) {
        $problems[] = "$what: table not found";
        return;
    }
    foreach (array_diff($want, $have) as $c) {
        $problems[] = "$what: `$c` is in the registry but not in the table";
    }
    foreach (array_diff($have, $want) as $c) {
        $problems[] = "$what: `$c` is in the table but not in the registry";
    }
    if ($ordered && !array_diff($want, $have) && !array_diff($have, $want) && $want !== $have) {
        $problems[] = "$what: the order differs from the registry's (" . implode(', ', $have) . ')';
    }
}

[$verdicts, $findings] = registry("$root/src/engine/sd_codes.h");
$all = $verdicts + $findings;
if (count($verdicts) < 20 || count($findings) < 10) {
    fail_now('the registry looks truncated: ' . count($verdicts) . ' verdicts, ' . count($findings) . ' findings');
}
if (count(array_intersect_key($verdicts, $findings)) > 0) {
    $problems[] = 'registry: a code is both a verdict and a finding-only code';
}

$readme = (string) @file_get_contents("$root/README.md");
compare('README.md "Verdict codes"', array_keys($verdicts), table_codes($readme, '### Verdict codes'), true, $problems);
compare('README.md "Finding codes"', array_keys($findings), table_codes($readme, '### Finding codes'), false, $problems);

$design = "$root/../shared/DESIGN.md";
if (is_file($design)) {
    $text = (string) file_get_contents($design);
    $codes = null;
    if (preg_match('/\n\| code \| meaning \|\n\|[-|]+\|\n((?:\|.*\n)+)/', $text, $m)) {
        preg_match_all('/^\|\s*([a-z0-9_]+)\s*\|/m', $m[1], $cm);
        $codes = $cm[1];
    }
    compare('DESIGN.md verdict table', array_keys($verdicts), $codes, true, $problems);
} else {
    echo "check-registry: ../shared/DESIGN.md not beside the project: compared with README.md only\n";
}

/* No code spelled as a string literal in the sources: the enum is the only way in. */
$sources = array_merge(glob("$root/src/*/*.c") ?: [], glob("$root/src/*/*.h") ?: [], [$root . '/php_smtpdiag.c']);
foreach ($sources as $file) {
    $text = (string) file_get_contents($file);
    foreach (array_keys($all) as $code) {
        if (!str_contains($code, '_')) {
            continue; // "ok", "timeout", "cleartext" are also plain words and array keys
        }
        if (preg_match('/"' . preg_quote($code, '/') . '"/', $text)) {
            $problems[] = substr($file, strlen($root) + 1) . ": the code \"$code\" is spelled as a string; use its sd_code";
        }
    }
}

/* Coverage: which .phpt tests assert each code. */
$phpt = [];
$it = new RecursiveIteratorIterator(new RecursiveDirectoryIterator("$root/tests", FilesystemIterator::SKIP_DOTS));
foreach ($it as $file) {
    if (str_ends_with($file->getFilename(), '.phpt')) {
        $phpt[substr($file->getPathname(), strlen($root) + 1)] = (string) file_get_contents($file->getPathname());
    }
}
ksort($phpt);
$unit = '';
foreach (glob("$root/tests/unit/*.c") ?: [] as $file) {
    $unit .= file_get_contents($file);
}
$uncovered = [];
foreach ($all as $code => $id) {
    $by = [];
    foreach ($phpt as $name => $text) {
        $sections = preg_split('/^--([A-Z_]+)--\s*$/m', $text, -1, PREG_SPLIT_DELIM_CAPTURE);
        $expect = $file = '';
        for ($i = 1; $i + 1 < count($sections); $i += 2) {
            if (str_starts_with($sections[$i], 'EXPECT')) {
                $expect .= $sections[$i + 1];
            } elseif ($sections[$i] === 'FILE') {
                $file .= $sections[$i + 1];
            }
        }
        if (preg_match('/(?<![a-z0-9_])' . preg_quote($code, '/') . '(?![a-z0-9_])/', $expect)
                || preg_match('/[\'"]' . preg_quote($code, '/') . '[\'"]/', $file)) {
            $by[] = $name;
        }
    }
    $prefix = isset($verdicts[$code]) ? 'SD_V_' : 'SD_F_';
    if ($list) {
        printf("%-30s %s\n", $code, $by ? implode(' ', array_map('basename', $by)) : '-');
    }
    if ($by) {
        continue;
    }
    if (isset(NOT_PRODUCIBLE[$code])) {
        if (!str_contains($unit, $prefix . $id) && !str_contains($unit, "\"$code\"")) {
            $problems[] = "coverage: $code cannot be produced by a .phpt here and no C unit test asserts it either";
        }
        continue;
    }
    $uncovered[] = $code;
}
foreach (NOT_PRODUCIBLE as $code => $why) {
    echo "check-registry: not produced by a .phpt here: $code ($why)\n";
}
if ($uncovered) {
    $problems[] = 'coverage: no .phpt test asserts ' . implode(', ', $uncovered);
}

if ($problems) {
    echo 'check-registry: ' . count($problems) . " problem(s):\n";
    foreach ($problems as $p) {
        echo "  - $p\n";
    }
    exit(1);
}
printf("check-registry: OK: %d verdicts and %d finding codes match README.md%s and are each asserted by a test\n",
    count($verdicts), count($findings), is_file($design) ? ' and DESIGN.md' : '');
