<?php
// Shows smtpdiag at work on this machine: run by `bash scripts/dev.sh demo`.
declare(strict_types=1);

if (!extension_loaded('smtpdiag')) {
    fwrite(STDERR, "load the extension first: php -d extension=modules/smtpdiag.so scripts/demo.php\n");
    exit(2);
}

$marks = ['pass' => '[ ok ]', 'warn' => '[warn]', 'fail' => '[FAIL]', 'skip' => '[skip]'];

function show_report(array $r, array $marks): void
{
    printf("verdict: %s\n%s\n\n", $r['verdict'], $r['summary']);
    foreach ($r['checks'] as $c) {
        printf("  %s %-18s %s\n", $marks[$c['status']], $c['name'], $c['message']);
    }
    foreach ($r['findings'] as $f) {
        printf("\n  %s %s: %s\n", $f['severity'], $f['code'], $f['message']);
    }
    echo "\n";
}

echo "This process, as configured:\n";
show_report(smtpdiag_environment(), $marks);

echo "The same process told to trust a CA file that is not there (as a stale php.ini would):\n";
show_report(smtpdiag_environment(['cafile' => '/etc/ssl/no-such-bundle.pem']), $marks);
