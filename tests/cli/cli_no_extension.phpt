--TEST--
smtpdiag command: without the extension (php -n, no extension=) it exits 2 and says how to load it
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
foreach ([['--env'], ['127.0.0.1:25'], ['--scan', 'localhost']] as $args) {
    [$out, $err, $rc] = cli_run($args, [], false);
    echo implode(' ', $args), ": exit $rc, stdout: ", $out === '' ? '(none)' : $out, "\n";
}
echo $err;
?>
--EXPECTF--
--env: exit 2, stdout: (none)
127.0.0.1:25: exit 2, stdout: (none)
--scan localhost: exit 2, stdout: (none)
smtpdiag: the smtpdiag extension is not loaded in this PHP (%s).
Enable it with extension=smtpdiag in the php.ini that `php --ini` names for the CLI,
or run: php -d extension=/path/to/smtpdiag.so %sbin/smtpdiag ...
