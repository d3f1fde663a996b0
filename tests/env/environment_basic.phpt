--TEST--
smtpdiag_environment(): every key of the report, and each fact equal to what PHP's own functions say about this process: PHP_VERSION, PHP_SAPI, extension_loaded('openssl'), OPENSSL_VERSION_TEXT, stream_get_transports(), ext/openssl's library version, openssl_get_cert_locations() with the environment and the files, disable_functions
--EXTENSIONS--
smtpdiag
--FILE--
<?php
// Each fact against what PHP's own functions say about this process. Routes, SELinux and DMI are this
// machine's own and are checked by keys and types only here (their values have fixture-based tests).
$r = smtpdiag_environment();

function same(string $what, mixed $got, mixed $want, string $source): void
{
    echo $what, ': ', $got === $want ? "= $source" : 'MISMATCH: ' . var_export($got, true) . ", $source is " . var_export($want, true), "\n";
}

/** A CA location as OpenSSL (and so PHP) finds it, described as the report does. */
function ca_expect(?string $path, ?string $origin, bool $dir): array
{
    if ($path === null || $path === '') {
        return ['path' => null, 'origin' => null, 'exists' => false, 'readable' => false, 'certificates' => 0];
    }
    $exists = file_exists($path);
    $readable = $exists && ($dir ? is_dir($path) && is_readable($path) : !is_dir($path) && is_readable($path));
    $count = 0;
    if ($readable && $dir) {
        $count = count(preg_grep('/^[0-9a-fA-F]{8}\.[0-9]/', scandir($path)));
    } elseif ($readable) {
        $count = preg_match_all('/-----BEGIN (X509 |TRUSTED )?CERTIFICATE-----/', file_get_contents($path));
    }
    return ['path' => $path, 'origin' => $origin, 'exists' => $exists, 'readable' => $readable, 'certificates' => $count];
}

function ca_text(array $loc, string $kind): string
{
    if ($loc['path'] === null) {
        return '';
    }
    $where = "$kind {$loc['path']} ({$loc['origin']})";
    return !$loc['exists'] ? "$where does not exist" : (!$loc['readable'] ? "$where is not readable by this process"
        : ($loc['certificates'] <= 0 ? "$where holds no certificates"
        : "$where: {$loc['certificates']} certificate" . ($loc['certificates'] === 1 ? '' : 's')));
}

echo implode(' ', array_keys($r)), "\n";
echo implode(' ', array_column($r['checks'], 'name')), "\n";
foreach ($r['checks'] as $c) {
    printf("%s: %s %s %s %s\n", $c['name'], in_array($c['status'], ['pass', 'warn', 'fail', 'skip'], true) ? 'status' : 'BAD',
        is_float($c['ms']) && $c['ms'] >= 0 ? 'ms' : 'BAD', is_string($c['message']) && $c['message'] !== '' ? 'message' : 'BAD',
        is_array($c['data']) ? 'data' : 'BAD');
}
$check = array_column($r['checks'], null, 'name');
echo 'findings: ', count(array_filter($r['findings'], fn($f) => array_keys($f) === ['code', 'severity', 'message']
    && in_array($f['severity'], ['error', 'warning', 'info'], true))) === count($r['findings']) ? 'each [code, severity, message]' : 'BAD', "\n";
same('verdict', $r['verdict'], $r['findings'] && $r['findings'][0]['severity'] === 'error' ? $r['findings'][0]['code'] : 'ok', 'the first error finding, else ok');
same('ok', $r['ok'], $r['verdict'] === 'ok', "verdict === 'ok'");
echo 'elapsed_ms: ', is_float($r['elapsed_ms']) && $r['elapsed_ms'] >= 0 ? 'float' : 'BAD', "\n";

same('php', $r['php'], ['version' => PHP_VERSION, 'sapi' => PHP_SAPI, 'zts' => (bool) PHP_ZTS], '[PHP_VERSION, PHP_SAPI, PHP_ZTS]');
same('php check', [$check['php']['status'], $check['php']['message'], $check['php']['data']], ['pass', 'PHP ' . PHP_VERSION . ' (' . PHP_SAPI . ' SAPI)', $r['php']], 'pass, PHP version (SAPI), the php facts');

$transports = stream_get_transports();
$ext = ['loaded' => extension_loaded('openssl'), 'version' => defined('OPENSSL_VERSION_TEXT') ? OPENSSL_VERSION_TEXT : null,
    'openssl_algo_sha256' => defined('OPENSSL_ALGO_SHA256'),
    'transports' => ['ssl' => in_array('ssl', $transports, true), 'tls' => in_array('tls', $transports, true)]];
same('openssl_extension', $r['openssl_extension'], $ext, "extension_loaded('openssl'), OPENSSL_VERSION_TEXT, OPENSSL_ALGO_SHA256, stream_get_transports()");
$ext_ok = $ext['loaded'] && $ext['openssl_algo_sha256'] && $ext['transports'] === ['ssl' => true, 'tls' => true];
same('openssl_extension check', [$check['openssl_extension']['status'], $check['openssl_extension']['message']],
    $ext_ok ? ['pass', 'loaded, built with ' . OPENSSL_VERSION_TEXT] : ['fail', $check['openssl_extension']['message']], 'pass and the build version when usable, else fail');

// The OpenSSL library in this process is the one ext/openssl reports in phpinfo(): one libcrypto per process.
ob_start();
phpinfo(INFO_MODULES);
$library = preg_match('/^OpenSSL Library Version => (.+)$/m', (string) ob_get_clean(), $m) ? $m[1] : null;
if ($library !== null) {
    same('openssl_library version', $r['openssl_library']['version'], $library, "ext/openssl's OpenSSL Library Version");
} else {
    echo 'openssl_library version: = ', 'no ext/openssl to compare with', "\n";
}
$major = fn($v) => preg_match('/^OpenSSL (\d+)\.\d+\.\d+/', (string) $v, $mm) ? (int) $mm[1] : null;
same('openssl_library built_with major', $major($r['openssl_library']['built_with']), $major($r['openssl_library']['version']),
    "the running library's major version");
same('openssl_library check', [$check['openssl_library']['status'], $check['openssl_library']['message']],
    ['pass', 'smtpdiag runs with ' . $r['openssl_library']['version']], 'pass, smtpdiag runs with <version>');

// No option, php.ini value or environment variable of this test sets a CA location unless the machine does:
// the same order as OpenSSL's default verify paths, which PHP uses too.
$loc = openssl_get_cert_locations();
$ini_file = (string) ini_get('openssl.cafile');
$ini_dir = (string) ini_get('openssl.capath');
if ($ini_file !== '' || $ini_dir !== '') {
    $file = ca_expect($ini_file ?: null, 'php.ini openssl.cafile', false);
    $dir = ca_expect($ini_dir ?: null, 'php.ini openssl.capath', true);
} else {
    $env_file = getenv($loc['default_cert_file_env']);
    $env_dir = getenv($loc['default_cert_dir_env']);
    $file = $env_file ? ca_expect($env_file, $loc['default_cert_file_env'], false) : ca_expect($loc['default_cert_file'], 'OpenSSL default', false);
    $dir = $env_dir ? ca_expect($env_dir, $loc['default_cert_dir_env'], true) : ca_expect($loc['default_cert_dir'], 'OpenSSL default', true);
}
$usable = ($file['readable'] && $file['certificates'] > 0) || ($dir['readable'] && $dir['certificates'] > 0);
same('ca', $r['ca'], ['cafile' => $file, 'capath' => $dir, 'explicit' => $ini_file !== '' || $ini_dir !== '', 'usable' => $usable],
    'openssl_get_cert_locations(), the environment, and the files');
if (!$r['ca']['explicit']) {
    same('ca_store check', [$check['ca_store']['status'], $check['ca_store']['message'], $check['ca_store']['data']],
        [$usable ? 'pass' : 'fail', implode('; ', array_filter([ca_text($file, 'CA file'), ca_text($dir, 'CA directory')])), $r['ca']],
        'pass when usable, the locations described, the ca facts');
}

$disabled = array_values(array_filter(['stream_socket_client', 'fsockopen', 'stream_socket_enable_crypto'], fn($f) => !function_exists($f)));
same('disabled_functions', $r['disabled_functions'], ['disable_functions' => (string) ini_get('disable_functions'), 'disabled' => $disabled],
    "ini_get('disable_functions') and function_exists()");
same('disabled_functions check', [$check['disabled_functions']['status'], $check['disabled_functions']['data']],
    [$disabled ? $check['disabled_functions']['status'] : 'pass', $r['disabled_functions']], 'pass when none is disabled, the facts');

// This machine's own: keys and types.
echo 'selinux: ', implode(',', array_keys($r['selinux'])), ' ', in_array($r['selinux']['mode'], ['absent', 'permissive', 'enforcing'], true) ? 'mode' : 'BAD', "\n";
echo 'routes: ', implode(',', array_keys($r['routes'])), ' ', count(array_filter($r['routes'], fn($v) => $v === null || is_bool($v))) === 2 ? 'bool or null' : 'BAD', "\n";
echo 'hosting: ', implode(',', array_keys($r['hosting'])), "\n";
same('fact groups in the checks', [$check['selinux']['data'], $check['routes']['data'], $check['hosting']['data']],
    [$r['selinux'], $r['routes'], $r['hosting']], 'the top-level groups');
?>
--EXPECT--
ok verdict summary checks findings php openssl_extension openssl_library ca disabled_functions selinux routes hosting elapsed_ms
php openssl_extension openssl_library ca_store disabled_functions selinux routes hosting
php: status ms message data
openssl_extension: status ms message data
openssl_library: status ms message data
ca_store: status ms message data
disabled_functions: status ms message data
selinux: status ms message data
routes: status ms message data
hosting: status ms message data
findings: each [code, severity, message]
verdict: = the first error finding, else ok
ok: = verdict === 'ok'
elapsed_ms: float
php: = [PHP_VERSION, PHP_SAPI, PHP_ZTS]
php check: = pass, PHP version (SAPI), the php facts
openssl_extension: = extension_loaded('openssl'), OPENSSL_VERSION_TEXT, OPENSSL_ALGO_SHA256, stream_get_transports()
openssl_extension check: = pass and the build version when usable, else fail
openssl_library version: = ext/openssl's OpenSSL Library Version
openssl_library built_with major: = the running library's major version
openssl_library check: = pass, smtpdiag runs with <version>
ca: = openssl_get_cert_locations(), the environment, and the files
ca_store check: = pass when usable, the locations described, the ca facts
disabled_functions: = ini_get('disable_functions') and function_exists()
disabled_functions check: = pass when none is disabled, the facts
selinux: mode,context,booleans mode
routes: ipv4,ipv6 bool or null
hosting: id,name,evidence,dmi,blocked_ports,policy,checked,source
fact groups in the checks: = the top-level groups
