#!/usr/bin/env bash
# Runs one step of scripts/dev.sh several times in a row, to show that a suite does not flake.
#
# Usage: bash scripts/repeat.sh N [STEP]     (root, as dev.sh)
#        bash scripts/repeat.sh --summary LOG...
#
#   N     how many runs, one after another (nothing runs beside them: a loaded machine is another test)
#   STEP  the dev.sh step to repeat: valgrind (the default), sanitize, suite or test
#
# The runs happen in a fresh clone of the committed HEAD, build/repeat/tree (uncommitted changes are not
# in it), made anew each time the script starts. A run is clean when dev.sh exits 0 and no test passed
# only when run-tests.php ran it again (dev.sh names such tests). The script stops at the first run that
# is not clean and exits 1; it prints one line a run, then how many runs were clean in a row. The whole
# output of run K is kept in build/repeat/run-K.log. --summary prints the line of each LOG given (a log
# of dev.sh kept elsewhere, a CI log) and exits 1 when one of them is not clean.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/build/repeat

usage() {
	awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
	exit 2
}

# One line for the log of a run: whether it was clean, the C unit programs, and each .phpt pass.
summary() { # summary LOG [SECONDS]
	local log=$1 took=${2:-} unit phpt retried clean=1 status
	[ -r "$log" ] || { echo "$log: cannot be read"; return 1; }
	grep -q '^smtpdiag [a-z ]*checks: [0-9]* passed, 0 failed$' "$log" || clean=0
	retried=$(sed -n 's/^passed only when run-tests.php ran it again (flaky): //p' "$log" | paste -sd ' ' -)
	[ -z "$retried" ] || clean=0
	unit=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | paste -sd ';' - | sed 's/;/; /g')
	# run-tests.php's totals, one pass a group: "139 passed, 0 failed, 0 leaked, 1 skipped"
	phpt=$(awk '/^Tests skipped/ { s = $4 } /^Tests failed/ { f = $4 } /^Tests leaked/ { l = $4 }
		/^Tests passed/ { printf "%s%s passed, %s failed, %s%s skipped", sep, $4, f, (l == "" ? "" : l " leaked, "), s; sep = "; "; s = f = l = "" }' "$log")
	if [ "$clean" = 1 ]; then status=clean; else status="NOT CLEAN"; fi
	echo "$(basename "$log"): $status${took:+, $took s}; C unit programs: ${unit:-none}; .phpt: ${phpt:-none}; passed only on a retry: ${retried:-none}"
	[ "$clean" = 1 ]
}

if [ "${1:-}" = --summary ]; then
	shift
	[ $# -gt 0 ] || usage
	rc=0
	for f in "$@"; do summary "$f" || rc=1; done
	exit "$rc"
fi

n=${1:-}
step=${2:-valgrind}
case "$n" in '' | *[!0-9]* | 0) usage ;; esac
case "$step" in valgrind | sanitize | suite | test) ;; *) usage ;; esac

rm -rf "$dir"
mkdir -p "$dir"
git clone -q "$root" "$dir/tree" || exit 2
echo "== $n runs of 'bash scripts/dev.sh $step' in a clone of $(git -C "$dir/tree" log -1 --format='%h %s' | cut -c1-100)"
for i in $(seq 1 "$n"); do
	start=$SECONDS
	(cd "$dir/tree" && bash scripts/dev.sh "$step") > "$dir/run-$i.log" 2>&1
	if ! summary "$dir/run-$i.log" "$((SECONDS - start))"; then
		echo "run $i of $n was not clean: $((i - 1)) clean in a row before it; its output: $dir/run-$i.log"
		exit 1
	fi
done
echo "$n runs of 'bash scripts/dev.sh $step', each clean, one after another"
