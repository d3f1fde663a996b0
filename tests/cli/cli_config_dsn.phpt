--TEST--
smtpdiag --config: a target's host takes what the command line takes (a mailer DSN, a PHPMailer Host value, HOST:PORT); a quoted "587" or "1" is taken as a number or a boolean; a port beside a DSN or a Host value is refused
--EXTENSIONS--
smtpdiag
--FILE--
<?php
require __DIR__ . '/cli_lib.inc';
$fx = sd_fixture_start('nostarttls');
$port = $fx['port'];
$closed = cli_closed_port();
$dir = sd_work();
file_put_contents("$dir/t.ini", "timeout = 30\n\n[dsn]\nhost = \"smtp://user:Secret9@127.0.0.1:$port\"\n\n"
    . "[list]\nhost = \"127.0.0.1:$closed;127.0.0.1:$port\"\n\n[hostport]\nhost = \"127.0.0.1:$port\"\n\n"
    . "[quoted]\nhost = 127.0.0.1\nport = \"$port\"\nverify_peer = \"1\"\n");
[$out, $err, $rc] = cli_run(['--config', "$dir/t.ini", '--json']);
echo "exit $rc, stderr: ", $err === '' ? '(none)' : $err, "\n";
foreach (json_decode($out, true) as $r) {
    echo $r['verdict'], ' ', $r['target']['port'] === $port ? 'PORT' : $r['target']['port'], ' ', $r['target']['security'], isset($r['hosts']) ? ', hosts ' . count($r['hosts']) : '', "\n";
}
echo 'the DSN password in the output: ', str_contains($out, 'Secret9') ? 'FOUND' : 'none', "\n";
[$out] = cli_run(['--config', "$dir/t.ini"]);
echo 'text: ', preg_match('/^from: +\S+ \[dsn\] host: smtp:\/\/user:\*\*\*\*@127\.0\.0\.1:\d+$/m', $out) ? 'the DSN redacted under its verdict' : 'NO', "\n";
foreach (["[a]\nhost = \"smtp://127.0.0.1\"\nport = 25\n", "[a]\nhost = \"ssl://127.0.0.1\"\nport = 465\n", "[a]\nhost = 127.0.0.1\nport = \"x\"\n"] as $ini) {
    file_put_contents("$dir/bad.ini", $ini);
    [$out, $err, $rc] = cli_run(['--config', "$dir/bad.ini"]);
    echo "exit $rc: ", str_replace($dir, 'DIR', strtok($err, "\n")), "\n";
}
?>
--EXPECT--
exit 0, stderr: (none)
ok PORT auto
ok PORT auto, hosts 2
ok PORT auto
ok PORT auto
the DSN password in the output: none
text: the DSN redacted under its verdict
exit 2: smtpdiag: DIR/bad.ini [a] host: the port belongs in the DSN
exit 2: smtpdiag: DIR/bad.ini [a] host: the port belongs in the Host value (host:port entries)
exit 2: smtpdiag: DIR/bad.ini [a]: port must be a whole number, 'x' given
