--TEST--
smtpdiag_format(): DEL never reaches the JSON raw, and a raw C1 byte (0x9b, CSI on an 8-bit terminal) never reaches the text raw
--DESCRIPTION--
README: "Control characters in any string of the report are shown escaped, so a hostile banner cannot
drive a terminal"; src/php/sd_format.c promises every control character (C0, DEL, C1) made visible.
--EXTENSIONS--
smtpdiag
--FILE--
<?php
$r = ['ok' => false, 'verdict' => 'x', 'summary' => "del:\x7f raw-csi:\x9b31m raw-nel:\x85 end"];
$json = smtpdiag_format($r, 'json');
echo 'json: raw DEL: ', str_contains($json, "\x7f") ? 'FOUND' : 'none', "\n";
echo 'json: decodes back: ', json_decode($json, true)['verdict'] === 'x' ? 'yes' : 'NO', "\n";
$text = smtpdiag_format($r);
echo 'text: raw DEL: ', str_contains($text, "\x7f") ? 'FOUND' : 'none', "\n";
echo 'text: raw byte 0x80-0x9f outside a UTF-8 sequence: ',
    preg_match('/(?<![\xc2-\xf4\x80-\xbf])[\x80-\x9f]|(?<=[\x00-\x7f])[\x80-\xbf]/', $text) ? 'FOUND' : 'none', "\n";
echo 'text: valid UTF-8: ', preg_match('//u', $text) === 1 ? 'yes' : 'NO', "\n";
?>
--EXPECT--
json: raw DEL: none
json: decodes back: yes
text: raw DEL: none
text: raw byte 0x80-0x9f outside a UTF-8 sequence: none
text: valid UTF-8: yes
