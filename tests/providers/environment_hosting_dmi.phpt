--TEST--
smtpdiag_environment(): the hosting check recognises each cloud from a /sys/class/dmi/id look-alike (private mount namespace), and says what it read when it knows no cloud
--EXTENSIONS--
smtpdiag
--SKIPIF--
<?php require __DIR__ . '/providers.inc'; sd_skipif_root(['unshare', 'mount']); ?>
--FILE--
<?php
require __DIR__ . '/providers.inc';
sd_require_root(['unshare', 'mount']);
$machines = [
    'EC2 Nitro' => ['sys_vendor' => 'Amazon EC2', 'product_name' => 'm5.large', 'bios_vendor' => 'Amazon EC2', 'board_vendor' => 'Amazon EC2'],
    'EC2 Xen' => ['sys_vendor' => 'Xen', 'product_name' => 'HVM domU', 'bios_version' => '4.11.amazon'],
    'Google' => ['sys_vendor' => 'Google', 'product_name' => 'Google Compute Engine', 'bios_vendor' => 'Google'],
    'Azure' => ['sys_vendor' => 'Microsoft Corporation', 'product_name' => 'Virtual Machine', 'chassis_asset_tag' => '7783-7084-3265-9085-8269-3286-77'],
    'DigitalOcean' => ['sys_vendor' => 'DigitalOcean', 'product_name' => 'Droplet', 'bios_vendor' => 'DigitalOcean'],
    'Hetzner' => ['sys_vendor' => 'Hetzner', 'product_name' => 'vServer', 'chassis_vendor' => 'QEMU'],
    'Linode' => ['sys_vendor' => 'Linode', 'product_name' => 'Compute Instance'],
    'Oracle' => ['sys_vendor' => 'QEMU', 'product_name' => 'Standard PC (i440FX + PIIX, 1996)', 'chassis_asset_tag' => 'OracleCloud.com'],
    'Hyper-V on a desk' => ['sys_vendor' => 'Microsoft Corporation', 'product_name' => 'Virtual Machine', 'chassis_asset_tag' => 'None'],
    'a laptop' => ['sys_vendor' => 'LENOVO', 'product_name' => '20XW0026GE'],
];
// A machine without DMI, as the others here, in a private mount namespace: the real machine is never read.
$none = pv_report([], 'smtpdiag_environment()');
foreach ($machines as $label => $dmi) {
    $r = pv_report($dmi, 'smtpdiag_environment()');
    $c = sd_check($r, 'hosting');
    $h = $r['hosting'];
    echo "-- $label\n{$c['status']}: {$c['message']}\n";
    echo 'id: ', json_encode($h['id']), ', evidence: ', json_encode($h['evidence']), ', blocked: ', json_encode($h['blocked_ports']), "\n";
    // every file of the look-alike is in the data, and nothing else; the check row carries the same group
    echo 'dmi read back: ', array_filter($h['dmi']) === $dmi ? 'yes' : 'NO ' . json_encode($h['dmi']), ', row data: ', $c['data'] === $h ? 'same' : 'DIFFERS', "\n";
    // the hosting check is information: ok and the findings are what they are without DMI
    echo 'ok as without DMI: ', var_export($r['ok'] === $none['ok'], true), ', findings as without DMI: ',
        var_export($r['findings'] === $none['findings'], true), "\n";
}
// And no DMI at all (no /sys/class/dmi/id files): a skip.
$c = sd_check($none, 'hosting');
echo "-- no DMI\n{$c['status']}: {$c['message']}\n";
?>
--EXPECT--
-- EC2 Nitro
pass: this machine runs on AWS EC2 (sys_vendor "Amazon EC2"), which throttles outgoing port 25 by default
id: "aws_ec2", evidence: {"sys_vendor":"Amazon EC2"}, blocked: [25]
dmi read back: yes, row data: same
ok as without DMI: true, findings as without DMI: true
-- EC2 Xen
pass: this machine runs on AWS EC2 (bios_version "4.11.amazon"), which throttles outgoing port 25 by default
id: "aws_ec2", evidence: {"bios_version":"4.11.amazon"}, blocked: [25]
dmi read back: yes, row data: same
ok as without DMI: true, findings as without DMI: true
-- Google
pass: this machine runs on Google Cloud (product_name "Google Compute Engine"), which blocks outgoing port 25 on every project, with no way to lift it
id: "gcp", evidence: {"product_name":"Google Compute Engine"}, blocked: [25]
dmi read back: yes, row data: same
ok as without DMI: true, findings as without DMI: true
-- Azure
pass: this machine runs on Microsoft Azure (chassis_asset_tag "7783-7084-3265-9085-8269-3286-77"), which blocks outgoing port 25 for most subscription types (pay-as-you-go, free, MSDN, CSP; Enterprise Agreement subscriptions are exempt)
id: "azure", evidence: {"chassis_asset_tag":"7783-7084-3265-9085-8269-3286-77"}, blocked: [25]
dmi read back: yes, row data: same
ok as without DMI: true, findings as without DMI: true
-- DigitalOcean
pass: this machine runs on DigitalOcean (sys_vendor "DigitalOcean"), which blocks outgoing port 25 on all Droplets of new accounts, and users report 465 and 587 blocked too
id: "digitalocean", evidence: {"sys_vendor":"DigitalOcean"}, blocked: [25,465,587]
dmi read back: yes, row data: same
ok as without DMI: true, findings as without DMI: true
-- Hetzner
pass: this machine runs on Hetzner Cloud (sys_vendor "Hetzner"), which blocks outgoing ports 25 and 465 on Cloud Servers, upstream of the machine (its own firewall looks clean)
id: "hetzner", evidence: {"sys_vendor":"Hetzner"}, blocked: [25,465]
dmi read back: yes, row data: same
ok as without DMI: true, findings as without DMI: true
-- Linode
pass: this machine runs on Linode (sys_vendor "Linode"), which blocks outgoing ports 25, 465 and 587 on all Linodes of accounts created after November 5, 2019
id: "linode", evidence: {"sys_vendor":"Linode"}, blocked: [25,465,587]
dmi read back: yes, row data: same
ok as without DMI: true, findings as without DMI: true
-- Oracle
pass: this machine runs on Oracle Cloud (chassis_asset_tag "OracleCloud.com"), which is reported to block outgoing SMTP
id: "oracle", evidence: {"chassis_asset_tag":"OracleCloud.com"}, blocked: [25]
dmi read back: yes, row data: same
ok as without DMI: true, findings as without DMI: true
-- Hyper-V on a desk
skip: not a known cloud or host (sys_vendor "Microsoft Corporation", product_name "Virtual Machine")
id: null, evidence: [], blocked: []
dmi read back: yes, row data: same
ok as without DMI: true, findings as without DMI: true
-- a laptop
skip: not a known cloud or host (sys_vendor "LENOVO", product_name "20XW0026GE")
id: null, evidence: [], blocked: []
dmi read back: yes, row data: same
ok as without DMI: true, findings as without DMI: true
-- no DMI
skip: no DMI facts (/sys/class/dmi/id) to recognise a cloud by
