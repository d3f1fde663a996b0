--TEST--
smtpdiag_probe(): real Postfix greeting delays on port 587 get no byte before the greeting: an smtpd that waits 3 s in silence before its greeting (smtpd_client_restrictions = sleep 3, reject_unauth_pipelining, which logs and refuses early talkers) logs no "improper command pipelining", and postscreen (greet wait 3 s, pregreet banner "220-") logs no PREGREET; on the patient ports (25, 587, 2525) smtpdiag speaks first only after 75% of the deadline; the probe is ok both times
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/../lib/probe.inc'; sd_skipif_root(['postfix']); ?>
--FILE--
<?php
require __DIR__ . '/../lib/probe.inc';
sd_require_root(['postfix']);
$mta = sd_mta_start();
$dir = $mta['dir'];
// Two listeners on port 587 of private loopback addresses (port 587 must be the real one: the rule is
// about the port). 127.0.0.0/8 is in mynetworks, which postscreen lets through untested unless
// postscreen_access_list is emptied; reject_unauth_pipelining needs smtpd_delay_reject off to act at
// the connection.
$net = '127.' . random_int(100, 250) . '.' . random_int(1, 250) . '.';
$silent = $net . '10';
$teaser = $net . '11';
file_put_contents("$dir/etc/master.cf",
    "$silent:587 inet n - n - - smtpd -o smtpd_delay_reject=no -o smtpd_client_restrictions=sleep,3,reject_unauth_pipelining\n"
    . "$teaser:587 inet n - n - 1 postscreen -o postscreen_access_list= -o postscreen_greet_wait=3s"
    . " -o postscreen_greet_action=enforce -o postscreen_cache_map=btree:$dir/data/ps_cache\n"
    . "smtpd pass - - n - - smtpd\n"
    . "dnsblog unix - - n - 0 dnsblog\n"
    . "tlsproxy unix - - n - 0 tlsproxy\n", FILE_APPEND);
sd_must(['kill', '-HUP', trim(file_get_contents("$dir/master.pid"))]);
foreach ([$silent, $teaser] as $a) {
    for ($i = 0; $i < 100 && !($c = @stream_socket_client("tcp://$a:587", $errno, $errstr, 1)); $i++) {
        usleep(100000);
    }
    echo "$a:587 ", $c ? 'listening' : "NOT LISTENING ($errstr)", "\n";
    if ($c) {
        fclose($c);   // a hang-up before the greeting: postscreen logs HANGUP, which is no failure
    }
}
foreach (['smtpd sleep 3' => $silent, 'postscreen' => $teaser] as $name => $a) {
    $r = smtpdiag_probe($a, 587, ['security' => 'starttls', 'cafile' => $mta['ca'], 'peer_name' => 'localhost', 'timeout' => 5]);
    echo "-- $name\n";
    sd_show($r, 5);
    echo 'greeting: ', sd_check($r, 'greeting')['status'], ' after ', sd_check($r, 'greeting')['ms'] >= 2900 ? 'about 3 s' : sd_check($r, 'greeting')['ms'] . ' ms', "\n";
    echo 'said before the greeting: ', json_encode(array_values(array_filter(array_slice($r['transcript'], 1, 1), fn($l) => $l[0] !== 'S'))), "\n";
}
// postscreen and smtpd log through postlogd, after the fact: wait (at most 5 s) for postscreen's verdict on
// the last connection, logged after anything of the connections before it.
for ($t = microtime(true); ; usleep(50000)) {
    $log = (string) @file_get_contents("$dir/maillog");
    if (preg_match('/postscreen\[\d+\]: PASS NEW \[127\.0\.0\.1\]/', $log) || microtime(true) - $t > 5) {
        break;
    }
}
echo 'PREGREET lines: ', preg_match_all('/PREGREET/', $log), "\n";
echo 'improper command pipelining lines: ', preg_match_all('/improper command pipelining/', $log), "\n";
echo 'postscreen PASS NEW lines: ', preg_match_all('/postscreen\[\d+\]: PASS NEW \[127\.0\.0\.1\]/', $log), "\n";
?>
--EXPECTF--
127.%d.%d.10:587 listening
127.%d.%d.11:587 listening
-- smtpd sleep 3
verdict: ok
ok: true
within deadline: yes
greeting: pass after about 3 s
said before the greeting: []
-- postscreen
verdict: ok
ok: true
within deadline: yes
greeting: pass after about 3 s
said before the greeting: []
PREGREET lines: 0
improper command pipelining lines: 0
postscreen PASS NEW lines: 1
