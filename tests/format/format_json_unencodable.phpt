--TEST--
smtpdiag_format($report, 'json'): a report JSON cannot hold (a reference cycle through an array or an object, a resource, NAN, INF, -INF) is a ValueError naming the argument and why, never NULL or a silent 0; an exception of a JsonSerializable passes through as it is; json_last_error() stays as it was; the text format still renders such arrays
--EXTENSIONS--
smtpdiag
--FILE--
<?php
$report = ['ok' => false, 'verdict' => 'timeout', 'summary' => 'a report a caller added to'];
$cycle = $report;
$cycle['again'] = &$cycle;
$object = new stdClass();
$object->self = $object;
$memory = fopen('php://memory', 'r');

final class Refuses implements JsonSerializable
{
    public function jsonSerialize(): mixed
    {
        throw new RuntimeException('not today');
    }
}

$cases = [
    'an array that contains itself' => $cycle,
    'an object that contains itself' => $report + ['server' => ['peer' => $object]],
    'a resource' => $report + ['checks' => [['name' => 'tcp', 'data' => $memory]]],
    'NAN' => $report + ['elapsed_ms' => NAN],
    'INF' => $report + ['elapsed_ms' => INF],
    '-INF' => $report + ['alternative' => ['ms' => -INF]],
    'a JsonSerializable that throws' => $report + ['extra' => new Refuses()],
];
json_decode('{');   // json_last_error(): 4 (syntax error), from the caller's own code
foreach ($cases as $label => $r) {
    try {
        $out = smtpdiag_format($r, 'json');
        echo "$label: returned ", var_export($out, true), "\n";
    } catch (Throwable $e) {
        echo "$label: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
    echo '  json_last_error() still: ', json_last_error(), "\n";
    echo '  text: ', strtok(smtpdiag_format($r), "\n"), "\n";
}
echo 'a report next: ', json_decode(smtpdiag_format($report, 'json'), true) === $report ? 'encoded' : 'NOT ENCODED', "\n";
?>
--EXPECT--
an array that contains itself: ValueError: smtpdiag_format(): Argument #1 ($report) cannot be encoded as JSON: it contains a reference to itself (recursion)
  json_last_error() still: 4
  text: PROBLEM timeout: a report a caller added to
an object that contains itself: ValueError: smtpdiag_format(): Argument #1 ($report) cannot be encoded as JSON: it contains a reference to itself (recursion)
  json_last_error() still: 4
  text: PROBLEM timeout: a report a caller added to
a resource: ValueError: smtpdiag_format(): Argument #1 ($report) cannot be encoded as JSON: it contains a resource
  json_last_error() still: 4
  text: PROBLEM timeout: a report a caller added to
NAN: ValueError: smtpdiag_format(): Argument #1 ($report) cannot be encoded as JSON: it contains INF or NAN, which JSON has no number for
  json_last_error() still: 4
  text: PROBLEM timeout: a report a caller added to
INF: ValueError: smtpdiag_format(): Argument #1 ($report) cannot be encoded as JSON: it contains INF or NAN, which JSON has no number for
  json_last_error() still: 4
  text: PROBLEM timeout: a report a caller added to
-INF: ValueError: smtpdiag_format(): Argument #1 ($report) cannot be encoded as JSON: it contains INF or NAN, which JSON has no number for
  json_last_error() still: 4
  text: PROBLEM timeout: a report a caller added to
a JsonSerializable that throws: RuntimeException: not today
  json_last_error() still: 4
  text: PROBLEM timeout: a report a caller added to
a report next: encoded
