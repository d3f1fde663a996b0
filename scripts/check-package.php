<?php
/*
 * Keeps the release metadata honest: package.xml (PECL), composer.json (PIE), config.w32 and
 * config.m4 against the files git would ship and the version in php_smtpdiag.h.
 *
 * Usage: php scripts/check-package.php [--write | --list]
 *
 *   (no option)  print every problem found and exit 1 if there is any, 0 otherwise
 *   --write      first rewrite the <contents> tree of package.xml from the shipped file list
 *                (nothing else in package.xml is touched), then check as above
 *   --list       only print the shipped files, one path a line (scripts/pecl-check.sh copies them)
 *
 * The shipped files are what git tracks plus untracked files that are not ignored, less every
 * path marked export-ignore in .gitattributes (the same attribute `git archive`, and so PIE's
 * download, honours) and less package.xml itself, which `pecl package` adds. Roles follow the
 * path: tests/ is "test", LICENSE and *.md are "doc", everything else is "src".
 *
 * Exit status: 0 consistent, 1 problems found, 2 could not run (no git, unreadable files).
 */

declare(strict_types=1);

const EXT_NAME = 'smtpdiag';
const PEAR_NS = 'http://pear.php.net/dtd/package-2.0';

$root = dirname(__DIR__);
$write = false;
$list = false;
foreach (array_slice($argv, 1) as $arg) {
    if ($arg === '--write') {
        $write = true;
    } elseif ($arg === '--list') {
        $list = true;
    } elseif ($arg === '-h' || $arg === '--help') {
        echo "usage: php scripts/check-package.php [--write | --list]\n";
        exit(0);
    } else {
        fail("unknown argument $arg (try --help)");
    }
}

/** Stops the script for a condition that prevents any check from running. */
function fail(string $message): never
{
    fwrite(STDERR, "check-package: $message\n");
    exit(2);
}

/**
 * Runs a command (argument list, no shell) in $cwd and returns [exit code, stdout, stderr].
 * @param list<string> $command
 */
function run(array $command, string $cwd, string $stdin = ''): array
{
    $spec = [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']];
    $proc = @proc_open($command, $spec, $pipes, $cwd);
    if (!is_resource($proc)) {
        return [127, '', 'cannot start ' . $command[0]];
    }
    fwrite($pipes[0], $stdin);
    fclose($pipes[0]);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    return [proc_close($proc), (string) $out, (string) $err];
}

function read(string $path): ?string
{
    if (!is_file($path)) {
        return null;
    }
    $text = file_get_contents($path);
    return $text === false ? null : $text;
}

/** Removes // and /* comments from config.w32 (JScript) or dnl comments from config.m4. */
function strip_comments(string $text, string $kind): string
{
    if ($kind === 'w32') {
        $text = preg_replace('~/\*.*?\*/~s', '', $text);
        return preg_replace('~//[^\n]*~', '', $text);
    }
    return preg_replace('~^\s*dnl\b[^\n]*|(?<=\s)dnl\s[^\n]*~m', '', $text);
}

/**
 * The argument lists of every call to $fn in JScript $code, each argument as its source text
 * (split on top-level commas; string literals may hold commas and parentheses).
 * @return list<list<string>>
 */
function js_calls(string $code, string $fn): array
{
    $calls = [];
    $offset = 0;
    while (preg_match('/\b' . preg_quote($fn, '/') . '\s*\(/', $code, $m, PREG_OFFSET_CAPTURE, $offset)) {
        $i = $m[0][1] + strlen($m[0][0]);
        $depth = 0;
        $args = [];
        $cur = '';
        for ($n = strlen($code); $i < $n; $i++) {
            $c = $code[$i];
            if ($c === '"' || $c === "'") {
                $j = $i + 1;
                while ($j < $n && $code[$j] !== $c) {
                    $j += $code[$j] === '\\' ? 2 : 1;
                }
                $cur .= substr($code, $i, $j - $i + 1);
                $i = $j;
            } elseif ($c === '(') {
                $depth++;
                $cur .= $c;
            } elseif ($c === ')' && $depth > 0) {
                $depth--;
                $cur .= $c;
            } elseif ($c === ')') {
                break;
            } elseif ($c === ',' && $depth === 0) {
                $args[] = trim($cur);
                $cur = '';
            } else {
                $cur .= $c;
            }
        }
        $args[] = trim($cur);
        $calls[] = $args;
        $offset = $i;
    }
    return $calls;
}

/** The concatenation of the string literals in a JScript expression ("a " + "b" gives "a b"). */
function js_strings(string $expr): string
{
    preg_match_all('/"((?:[^"\\\\]|\\\\.)*)"|\'((?:[^\'\\\\]|\\\\.)*)\'/', $expr, $all, PREG_SET_ORDER);
    $text = '';
    foreach ($all as $lit) {
        $text .= stripcslashes($lit[1] !== '' ? $lit[1] : ($lit[2] ?? ''));
    }
    return $text;
}

/* ---- the shipped file list ------------------------------------------------------------- */

/** @return list<string> paths relative to $root, sorted */
function shipped_files(string $root): array
{
    [$rc, $out, $err] = run(['git', 'rev-parse', '--is-inside-work-tree'], $root);
    if ($rc !== 0 || trim($out) !== 'true') {
        fail("$root is not a git work tree (git rev-parse: " . trim($err) . ')');
    }
    [$rc, $out, $err] = run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], $root);
    if ($rc !== 0) {
        fail('git ls-files failed: ' . trim($err));
    }
    $files = [];
    foreach (explode("\0", $out) as $path) {
        // Deleted but still in the index: not shipped. Directories (submodules): not files.
        if ($path !== '' && is_file("$root/$path") && $path !== 'package.xml') {
            $files[$path] = true;
        }
    }
    $files = array_keys($files);

    // export-ignore may be set on a file or on any folder above it (as `/scripts export-ignore`
    // is); ask git about every path and every ancestor so its own pattern rules decide.
    $queries = [];
    foreach ($files as $path) {
        $queries[$path] = true;
        for ($dir = dirname($path); $dir !== '.' && $dir !== ''; $dir = dirname($dir)) {
            $queries[$dir] = true;
        }
    }
    $ignored = [];
    if ($queries) {
        [$rc, $out, $err] = run(['git', 'check-attr', '-z', '--stdin', 'export-ignore'], $root,
            implode("\0", array_keys($queries)) . "\0");
        if ($rc !== 0) {
            fail('git check-attr failed: ' . trim($err));
        }
        $fields = explode("\0", $out);
        for ($i = 0; $i + 2 < count($fields); $i += 3) {
            if ($fields[$i + 2] !== 'unspecified' && $fields[$i + 2] !== 'unset') {
                $ignored[$fields[$i]] = true;
            }
        }
    }
    $shipped = [];
    foreach ($files as $path) {
        $skip = isset($ignored[$path]);
        for ($dir = dirname($path); !$skip && $dir !== '.' && $dir !== ''; $dir = dirname($dir)) {
            $skip = isset($ignored[$dir]);
        }
        if (!$skip) {
            $shipped[] = $path;
        }
    }
    sort($shipped, SORT_STRING);
    return $shipped;
}

function role_for(string $path): string
{
    if (str_starts_with($path, 'bin/')) {
        return 'script';
    }
    if (str_starts_with($path, 'tests/')) {
        return 'test';
    }
    if ($path === 'LICENSE' || str_ends_with(strtolower($path), '.md') || str_starts_with($path, 'docs/')) {
        return 'doc';
    }
    return 'src';
}

/* ---- package.xml --------------------------------------------------------------------------- */

/** @return array<string,string> path => role, from the <contents> tree */
function listed_files(DOMXPath $xp): array
{
    $listed = [];
    $walk = function (DOMElement $el, string $prefix) use (&$walk, &$listed): void {
        foreach ($el->childNodes as $child) {
            if (!$child instanceof DOMElement) {
                continue;
            }
            $name = trim($child->getAttribute('name'), '/');
            $path = $prefix === '' ? $name : ($name === '' ? $prefix : "$prefix/$name");
            if ($child->localName === 'dir') {
                $walk($child, $path);
            } elseif ($child->localName === 'file') {
                $listed[$path] = $child->getAttribute('role');
            }
        }
    };
    foreach ($xp->query('/p:package/p:contents') as $contents) {
        $walk($contents, '');
    }
    return $listed;
}

/** Renders the <contents> element for $files, indented as the rest of package.xml (one space). */
function render_contents(array $files): string
{
    $tree = [];
    foreach ($files as $path) {
        $node = &$tree;
        $parts = explode('/', $path);
        $base = array_pop($parts);
        foreach ($parts as $part) {
            $node['dirs'][$part] ??= [];
            $node = &$node['dirs'][$part];
        }
        $node['files'][$base] = role_for($path);
        unset($node);
    }
    $render = function (array $node, int $depth) use (&$render): string {
        $pad = str_repeat(' ', $depth);
        $xml = '';
        $dirs = $node['dirs'] ?? [];
        ksort($dirs, SORT_STRING);
        foreach ($dirs as $name => $child) {
            $xml .= $pad . '<dir name="' . htmlspecialchars((string) $name, ENT_XML1 | ENT_QUOTES) . "\">\n"
                . $render($child, $depth + 1) . "$pad</dir>\n";
        }
        $files = $node['files'] ?? [];
        ksort($files, SORT_STRING);
        foreach ($files as $name => $role) {
            $xml .= $pad . '<file name="' . htmlspecialchars((string) $name, ENT_XML1 | ENT_QUOTES)
                . "\" role=\"$role\"/>\n";
        }
        return $xml;
    };
    return "<contents>\n  <dir name=\"/\">\n" . $render($tree, 3) . "  </dir>\n </contents>";
}

function text_of(DOMXPath $xp, string $query): ?string
{
    $nodes = $xp->query($query);
    return ($nodes !== false && $nodes->length > 0) ? trim($nodes->item(0)->textContent) : null;
}

function valid_date(?string $date): bool
{
    if ($date === null || !preg_match('/^(\d{4})-(\d{2})-(\d{2})$/', $date, $m)) {
        return false;
    }
    return checkdate((int) $m[2], (int) $m[3], (int) $m[1]);
}

/* ---- main -------------------------------------------------------------------------------- */

$problems = [];
$note = static function (string $what) use (&$problems): void {
    $problems[] = $what;
};

$shipped = shipped_files($root);
if ($list) {
    echo $shipped ? implode("\n", $shipped) . "\n" : '';
    exit(0);
}
$packageXml = read("$root/package.xml") ?? fail('package.xml not found');

if ($write) {
    $updated = preg_replace('~<contents>.*?</contents>|<contents\s*/>~s', render_contents($shipped), $packageXml, 1, $count);
    if ($count !== 1 || $updated === null) {
        fail('package.xml has no <contents> element to rewrite');
    }
    if ($updated !== $packageXml) {
        if (file_put_contents("$root/package.xml", $updated) === false) {
            fail('cannot write package.xml');
        }
        echo "check-package: rewrote the <contents> of package.xml (" . count($shipped) . " files)\n";
    } else {
        echo "check-package: <contents> of package.xml already matches the " . count($shipped) . " shipped files\n";
    }
    $packageXml = $updated;
}

$dom = new DOMDocument();
libxml_use_internal_errors(true);
if (!$dom->loadXML($packageXml)) {
    $errors = array_map(static fn ($e) => trim($e->message) . " (line {$e->line})", libxml_get_errors());
    fail('package.xml is not well-formed XML: ' . implode('; ', $errors));
}
$xp = new DOMXPath($dom);
$xp->registerNamespace('p', PEAR_NS);
if ($dom->documentElement->namespaceURI !== PEAR_NS || $dom->documentElement->getAttribute('version') !== '2.0') {
    $note('package.xml: not a package.xml 2.0 document (namespace ' . PEAR_NS . ', version="2.0")');
}

// Files: the listing must be exactly the shipped set, each with the role its path implies.
$listed = listed_files($xp);
foreach ($shipped as $path) {
    if (!isset($listed[$path])) {
        $note("package.xml: shipped file $path is not listed (run php scripts/check-package.php --write)");
    } elseif ($listed[$path] !== role_for($path)) {
        $note("package.xml: $path has role \"{$listed[$path]}\", expected \"" . role_for($path) . '"');
    }
}
$shippedSet = array_flip($shipped);
foreach (array_keys($listed) as $path) {
    if (!file_exists("$root/$path")) {
        $note("package.xml: lists $path, which does not exist");
    } elseif (!isset($shippedSet[$path])) {
        $note("package.xml: lists $path, which is not shipped (export-ignore, git-ignored or package.xml itself)");
    }
}

// Identity and release data.
$version = text_of($xp, '/p:package/p:version/p:release');
$header = read("$root/php_smtpdiag.h");
$cVersion = null;
if ($header === null) {
    $note('php_smtpdiag.h: not found, so PHP_SMTPDIAG_VERSION cannot be compared');
} elseif (!preg_match('/^\s*#\s*define\s+PHP_SMTPDIAG_VERSION\s+"([^"]+)"/m', $header, $m)) {
    $note('php_smtpdiag.h: no #define PHP_SMTPDIAG_VERSION "x.y.z"');
} else {
    $cVersion = $m[1];
}
if ($version === null || $version === '') {
    $note('package.xml: <version><release> is missing');
} elseif ($cVersion !== null && $version !== $cVersion) {
    $note("package.xml: version $version differs from PHP_SMTPDIAG_VERSION \"$cVersion\" in php_smtpdiag.h");
}
if (($api = text_of($xp, '/p:package/p:version/p:api')) === null || $api === '') {
    $note('package.xml: <version><api> is missing');
}
if (text_of($xp, '/p:package/p:name') !== EXT_NAME) {
    $note('package.xml: <name> must be ' . EXT_NAME);
}
if (text_of($xp, '/p:package/p:channel') !== 'pecl.php.net') {
    $note('package.xml: <channel> must be pecl.php.net');
}
if (text_of($xp, '/p:package/p:providesextension') !== EXT_NAME) {
    $note('package.xml: <providesextension> must be ' . EXT_NAME);
}
if ($xp->query('/p:package/p:extsrcrelease')->length !== 1) {
    $note('package.xml: <extsrcrelease/> is missing');
}
$date = text_of($xp, '/p:package/p:date');
if (!valid_date($date)) {
    $note('package.xml: release <date> is missing or not YYYY-MM-DD' . ($date ? " ($date)" : ''));
}
if ((text_of($xp, '/p:package/p:notes') ?? '') === '') {
    $note('package.xml: release <notes> are missing');
}
foreach (['release', 'api'] as $kind) {
    $stability = text_of($xp, "/p:package/p:stability/p:$kind");
    if (!in_array($stability, ['snapshot', 'devel', 'alpha', 'beta', 'stable'], true)) {
        $note("package.xml: <stability><$kind> is missing or invalid");
    } elseif ($stability === 'stable' && $version !== null && str_starts_with($version, '0.')) {
        $note("package.xml: a $version release cannot be stable (PECL requires 1.0.0 or later)");
    }
}
$license = $xp->query('/p:package/p:license')->item(0);
if (!$license instanceof DOMElement || trim($license->textContent) !== 'MIT' || $license->getAttribute('uri') === '') {
    $note('package.xml: <license> must be MIT with a uri attribute');
}
if ($xp->query('/p:package/p:lead')->length === 0) {
    $note('package.xml: no <lead>');
}
if ($version !== null) {
    $entry = null;
    foreach ($xp->query('/p:package/p:changelog/p:release') as $release) {
        $rv = $xp->query('p:version/p:release', $release)->item(0);
        if ($rv !== null && trim($rv->textContent) === $version) {
            $entry = $release;
        }
    }
    if ($entry === null) {
        $note("package.xml: <changelog> has no entry for $version");
    } else {
        $notes = $xp->query('p:notes', $entry)->item(0);
        $edate = $xp->query('p:date', $entry)->item(0);
        if ($notes === null || trim($notes->textContent) === '') {
            $note("package.xml: the <changelog> entry for $version has no notes");
        }
        if ($edate === null || trim($edate->textContent) !== $date) {
            $note("package.xml: the <changelog> entry for $version has another date than the release");
        }
    }
}
$phpMin = text_of($xp, '/p:package/p:dependencies/p:required/p:php/p:min');
if ($phpMin === null) {
    $note('package.xml: no required PHP <min> version');
}
if (text_of($xp, '/p:package/p:dependencies/p:required/p:pearinstaller/p:min') === null) {
    $note('package.xml: no required <pearinstaller> <min> version');
}

// The stub's legacy arginfo target is the oldest PHP the generated header supports.
$stub = read("$root/smtpdiag.stub.php");
if ($stub !== null && $phpMin !== null && preg_match('/@generate-legacy-arginfo\s+(\d+)/', $stub, $m)) {
    $id = (int) $m[1];
    $stubMin = intdiv($id, 10000) . '.' . intdiv($id % 10000, 100);
    if (!str_starts_with($phpMin . '.', $stubMin . '.')) {
        $note("package.xml: PHP min $phpMin does not match the stub's @generate-legacy-arginfo {$m[1]} (PHP $stubMin)");
    }
}

// Build files: each must compile every C file under src/ and name no file that is missing.
$srcC = array_values(array_filter($shipped, static fn ($p) => preg_match('~^src/(?:[^/]+/)*[^/]+\.c$~', $p) === 1));
$topC = array_values(array_filter($shipped, static fn ($p) => preg_match('~^[^/]+\.c$~', $p) === 1));
$baseNames = [];
foreach ($srcC as $path) {
    $base = basename($path);
    if (isset($baseNames[$base])) {
        $note("src: $path and {$baseNames[$base]} share a base name (Windows puts all objects in one folder)");
    }
    $baseNames[$base] = $path;
}

$w32 = read("$root/config.w32");
if ($w32 === null) {
    $note('config.w32: not found');
} else {
    $code = strip_comments($w32, 'w32');
    $topNamed = [];
    $srcNamed = [];
    $sawExtension = $sawSrc = false;
    foreach (js_calls($code, 'EXTENSION') as $args) {
        if (count($args) >= 2 && js_strings($args[0]) === EXT_NAME) {
            $sawExtension = true;
            $topNamed = array_merge($topNamed, preg_split('/\s+/', trim(js_strings($args[1])), -1, PREG_SPLIT_NO_EMPTY));
        }
    }
    foreach (js_calls($code, 'ADD_SOURCES') as $args) {
        // ADD_SOURCES(configure_module_dirname + "\\src\\engine", "a.c b.c", "smtpdiag"): the folder's
        // path below the extension, with either slash.
        if (count($args) >= 3 && preg_match('/^[\\\\\/]*(src(?:[\\\\\/]+[A-Za-z0-9_]+)*)[\\\\\/]*$/', js_strings($args[0]), $dm)
                && js_strings($args[2]) === EXT_NAME) {
            $sawSrc = true;
            $dir = str_replace('\\', '/', preg_replace('/[\\\\\/]+/', '/', $dm[1]));
            foreach (preg_split('/\s+/', trim(js_strings($args[1])), -1, PREG_SPLIT_NO_EMPTY) as $name) {
                $srcNamed[] = "$dir/$name";
            }
        }
    }
    if (!$sawExtension) {
        $note('config.w32: no EXTENSION("' . EXT_NAME . '", "...") call');
    }
    if (!$sawSrc) {
        $note('config.w32: no ADD_SOURCES(configure_module_dirname + "\\\\src", "...", "' . EXT_NAME . '") call');
    }
    foreach ($topC as $path) {
        if (!in_array($path, $topNamed, true)) {
            $note("config.w32: EXTENSION() does not compile $path");
        }
    }
    foreach ($topNamed as $name) {
        if (!is_file("$root/$name")) {
            $note("config.w32: EXTENSION() names $name, which does not exist");
        }
    }
    foreach ($srcC as $path) {
        if (!in_array($path, $srcNamed, true)) {
            $note("config.w32: ADD_SOURCES does not compile $path");
        }
    }
    foreach ($srcNamed as $name) {
        if (!is_file("$root/$name")) {
            $note("config.w32: ADD_SOURCES names $name, which does not exist");
        }
    }
    if (!preg_match('/\bSETUP_OPENSSL\(\s*["\']' . EXT_NAME . '["\']/', $code)) {
        $note('config.w32: OpenSSL is not set up with SETUP_OPENSSL("' . EXT_NAME . '", ...)');
    }
}

$m4 = read("$root/config.m4");
$m4Switches = [];
if ($m4 === null) {
    $note('config.m4: not found');
} else {
    $code = strip_comments($m4, 'm4');
    $named = [];
    if (preg_match_all('~\b((?:src/(?:[A-Za-z0-9_]+/)*)?[A-Za-z0-9_.-]+\.c)\b~', $code, $all)) {
        $named = array_values(array_unique($all[1]));
    }
    foreach (array_merge($topC, $srcC) as $path) {
        if (!in_array($path, $named, true)) {
            $note("config.m4: does not compile $path");
        }
    }
    foreach ($named as $name) {
        if (!is_file("$root/$name")) {
            $note("config.m4: names $name, which does not exist");
        }
    }
    if (preg_match_all('/\bPHP_ARG_(ENABLE|WITH)\(\s*\[?([A-Za-z0-9_-]+)\]?/', $code, $all, PREG_SET_ORDER)) {
        foreach ($all as $sw) {
            $m4Switches[] = strtolower($sw[1]) . '-' . $sw[2];
        }
    }
}

// composer.json for PIE.
$composerText = read("$root/composer.json");
$composer = $composerText === null ? null : json_decode($composerText, true);
if ($composerText === null) {
    $note('composer.json: not found');
} elseif (!is_array($composer)) {
    $note('composer.json: not valid JSON (' . json_last_error_msg() . ')');
} else {
    if (($composer['type'] ?? null) !== 'php-ext') {
        $note('composer.json: "type" must be "php-ext"');
    }
    $ext = $composer['php-ext'] ?? null;
    if (!is_array($ext)) {
        $note('composer.json: no "php-ext" object');
        $ext = [];
    }
    if (($ext['extension-name'] ?? null) !== EXT_NAME) {
        $note('composer.json: php-ext.extension-name must be "' . EXT_NAME . '"');
    }
    foreach (['support-zts', 'support-nts'] as $flag) {
        if (array_key_exists($flag, $ext) && !is_bool($ext[$flag])) {
            $note("composer.json: php-ext.$flag must be true or false");
        }
    }
    if (isset($ext['priority']) && !is_int($ext['priority'])) {
        $note('composer.json: php-ext.priority must be an integer');
    }
    // PIE runs plain ./configure; phpize turns the main --enable-smtpdiag on by itself, so only
    // the other switches of config.m4 belong here, and each listed one must exist there.
    $options = $ext['configure-options'] ?? [];
    $listedOptions = [];
    if (!is_array($options) || !array_is_list($options)) {
        $note('composer.json: php-ext.configure-options must be a list');
        $options = [];
    }
    foreach ($options as $i => $opt) {
        $name = is_array($opt) ? ($opt['name'] ?? null) : null;
        if (!is_string($name) || !preg_match('/^[a-z][a-z0-9-]*$/', $name)) {
            $note("composer.json: configure-options[$i] needs a \"name\" such as enable-foo or with-foo");
            continue;
        }
        $listedOptions[] = $name;
        if (!is_string($opt['description'] ?? null) || $opt['description'] === '') {
            $note("composer.json: configure option $name has no description");
        }
        if (array_key_exists('needs-value', $opt) && !is_bool($opt['needs-value'])) {
            $note("composer.json: configure option $name: needs-value must be true or false");
        }
        if ($m4 !== null && !in_array($name, $m4Switches, true)) {
            $note("composer.json: configure option $name is not a PHP_ARG_ENABLE/PHP_ARG_WITH of config.m4");
        }
    }
    foreach (array_slice($m4Switches, 1) as $switch) {
        if (!in_array($switch, $listedOptions, true)) {
            $note("composer.json: config.m4's --$switch is missing from php-ext.configure-options");
        }
    }
    if ($m4Switches && $m4Switches[0] !== 'enable-' . EXT_NAME) {
        $note('config.m4: the first switch is --' . $m4Switches[0] . ', expected --enable-' . EXT_NAME);
    }
    $phpReq = $composer['require']['php'] ?? null;
    if (!is_string($phpReq)) {
        $note('composer.json: require.php is missing');
    } elseif ($phpMin !== null && preg_match('/(\d+)\.(\d+)/', $phpReq, $m)
        && !str_starts_with($phpMin . '.', "{$m[1]}.{$m[2]}.")) {
        $note("composer.json: require.php \"$phpReq\" does not match package.xml's PHP min $phpMin");
    }
    if (($composer['license'] ?? null) !== 'MIT') {
        $note('composer.json: license must be "MIT"');
    }

    // `composer validate --strict`. Composer learnt the php-ext schema in 2.7; an older one
    // (Debian 12 has 2.5) rejects the block, so it validates the rest and the checks above
    // stand in for the schema of php-ext.
    [$rc, $out] = run(['composer', '--version', '--no-ansi'], $root);
    if ($rc === 127 || $rc !== 0) {
        echo "check-package: composer not found; skipped composer validate --strict\n";
    } else {
        $known = preg_match('/Composer version (\d+)\.(\d+)/', $out, $v) === 1
            && ((int) $v[1] > 2 || ((int) $v[1] === 2 && (int) $v[2] >= 7));
        $dir = $root;
        $tmp = null;
        if (!$known) {
            $tmp = sys_get_temp_dir() . '/smtpdiag-composer-' . getmypid();
            @mkdir($tmp);
            $copy = $composer;
            unset($copy['php-ext']);
            file_put_contents("$tmp/composer.json", json_encode($copy, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
            $dir = $tmp;
        }
        [$rc, $out, $err] = run(['composer', 'validate', '--strict', '--no-ansi', '--no-interaction'], $dir);
        if ($tmp !== null) {
            @unlink("$tmp/composer.json");
            @rmdir($tmp);
        }
        if ($rc !== 0) {
            $note("composer.json: composer validate --strict failed:\n    "
                . str_replace("\n", "\n    ", trim($out . "\n" . $err)));
        } elseif (!$known) {
            echo "check-package: composer {$v[1]}.{$v[2]} predates the php-ext schema (2.7):"
                . " composer validate --strict passed without the php-ext block, which was checked here\n";
        }
    }
}

if ($problems) {
    echo "check-package: " . count($problems) . " problem(s):\n";
    foreach ($problems as $p) {
        echo "  - $p\n";
    }
    exit(1);
}
echo "check-package: OK: package.xml lists the " . count($shipped) . " shipped files; version "
    . ($version ?? '?') . " matches php_smtpdiag.h; config.w32, config.m4 and composer.json agree\n";
exit(0);
