#!/usr/bin/env bash
# smtpdiag: builds every tests/fuzz/fuzz_*.c as a libFuzzer target (clang, -fsanitize=fuzzer,address,
# undefined) into build/fuzz/, replays each target's committed corpus (tests/fuzz/corpus/NAME/), then
# fuzzes each for a bounded time, as many at once as there are cores.
#
# Each target names what it links in its first lines, as the C unit tests do:
#   /* sources: src/engine/a.c src/engine/b.c */
#   /* libs: -lcrypto */        (optional)
#   /* max_len: 70000 */        (optional: the longest input tried; default 8192)
# Usage: tests/fuzz/run.sh [name ...]   (names as in fuzz_<name>.c; default: all)
# Environment: SMTPDIAG_FUZZ_SECONDS (fuzzing time per target, default 20; 0: only replay the corpus),
#   SMTPDIAG_FUZZ_JOBS (targets at once, default the number of cores), CC (default clang).
#
# New inputs a run finds go to build/fuzz/corpus/NAME/ (read again by later runs, never committed by
# this script). A crash, leak, timeout or sanitizer report fails the run: libFuzzer's reproducer is
# written to build/fuzz/crashes/ and named in the output, with the command that replays it. Prints
# "NAME: N execs in S s" for each target and a last line "N passed, N failed".
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/build/fuzz"
cc=${CC:-clang}
seconds=${SMTPDIAG_FUZZ_SECONDS:-20}
jobs=${SMTPDIAG_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
names=()

for arg in "$@"; do
	case "$arg" in
	-h|--help) sed -n '2,17p' "$0"; exit 0 ;;
	-*) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
	*) names+=("${arg#fuzz_}") ;;
	esac
done
case "$seconds" in ''|*[!0-9]*) echo "run.sh: SMTPDIAG_FUZZ_SECONDS must be a whole number" >&2; exit 2 ;; esac
case "$jobs" in ''|0|*[!0-9]*) echo "run.sh: SMTPDIAG_FUZZ_JOBS must be a number above 0" >&2; exit 2 ;; esac
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "run.sh: $cc not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
	exit 2
fi
# The reports name source lines through llvm-symbolizer: Debian's llvm-14 has it beside clang.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && ! command -v llvm-symbolizer >/dev/null 2>&1; then
	sym=$(dirname "$(readlink -f "$(command -v "$cc")")")/llvm-symbolizer
	[ -x "$sym" ] && export ASAN_SYMBOLIZER_PATH=$sym
fi
if [ "${#names[@]}" -eq 0 ]; then
	for src in "$here"/fuzz_*.c; do
		n=$(basename "$src" .c)
		names+=("${n#fuzz_}")
	done
fi

mkdir -p "$out/crashes" "$out/logs" || exit 2

# The values of every "/* key: ... */" header in the first 10 lines of a target, on one line.
header() {
	sed -n '1,10p' "$1" | sed -n "s|^[[:space:]]*/\*[[:space:]]*$2:[[:space:]]*\(.*\)\*/[[:space:]]*\$|\1|p" | tr '\n' ' '
}

build_one() { # build_one NAME
	local src="$here/fuzz_$1.c" s srcs=()
	for s in $(header "$src" sources); do
		srcs+=("$root/$s")
	done
	# shellcheck disable=SC2046 # libs is a word list on purpose
	"$cc" -std=gnu99 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer -Wall -Wextra -Werror -I"$root" -o "$out/fuzz_$1" "$src" "${srcs[@]}" \
		$(header "$src" libs) > "$out/logs/$1.build" 2>&1
}

# Certificates made now by tests/servers/certs.sh, in DER, as extra seeds of the TLS target.
tls_seeds() {
	local d="$out/seeds/tls" f
	rm -rf "$d" "$out/certs"
	mkdir -p "$d"
	command -v openssl >/dev/null 2>&1 || return 0
	sh "$root/tests/servers/certs.sh" "$out/certs" >/dev/null 2>&1 || return 0
	for f in "$out"/certs/*.crt "$out/certs/ca.pem"; do
		openssl x509 -in "$f" -outform DER -out "$d/$(basename "${f%.*}").der" 2>/dev/null || true
	done
}

# Replays the committed corpus, then fuzzes for $seconds s. Writes the log; exit status is libFuzzer's.
# Runs in a subshell of its own (its output goes to the log).
run_one() { # run_one NAME
	local n=$1 bin="$out/fuzz_$1" log="$out/logs/$1.log" max seeds=("$here/corpus/$1") rc
	max=$(header "$here/fuzz_$n.c" max_len)
	max=${max// /}
	[ -d "$out/seeds/$n" ] && seeds+=("$out/seeds/$n")
	mkdir -p "$out/corpus/$n"
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	exec > "$log" 2>&1
	echo "== replay of tests/fuzz/corpus/$n"
	"$bin" -runs=0 -artifact_prefix="$out/crashes/$n-" "$here/corpus/$n"
	rc=$?
	if [ "$rc" = 0 ] && [ "$seconds" -gt 0 ]; then
		echo "== fuzzing for $seconds s"
		"$bin" -max_total_time="$seconds" -max_len="${max:-8192}" -timeout=10 -print_final_stats=1 \
			-artifact_prefix="$out/crashes/$n-" "$out/corpus/$n" "${seeds[@]}"
		rc=$?
	fi
	return "$rc"
}

# The summary line of one target, from its log.
report_one() { # report_one NAME STATUS
	local n=$1 log="$out/logs/$1.log" execs secs unit
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
	if [ "$2" = 0 ]; then
		if [ -n "$execs" ]; then
			echo "$n: $execs execs in ${secs:-$seconds} s ($(find "$out/corpus/$n" -type f | wc -l) inputs in build/fuzz/corpus/$n)"
		else
			echo "$n: corpus replayed ($(find "$here/corpus/$n" -type f | wc -l) inputs)"
		fi
		return 0
	fi
	unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
	echo "FAILED: $n (exit $2)"
	grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY:' "$log" | head -4 | sed 's/^/  /'
	# where: the first frame in smtpdiag's own code (an abort() of a CHECK names its line)
	grep -E '^ +#[0-9]+ .* in .*(tests/fuzz|src/engine)/' "$log" | head -1 | sed 's/^ *#[0-9]* 0x[0-9a-f]* in /  at /'
	if [ -n "$unit" ]; then
		echo "  reproducer: $unit"
		echo "  replay it:  $out/fuzz_$n $unit"
	fi
	echo "  log: $log"
}

passed=0
failed=0
failed_names=()

# Build, as many at once as jobs allow.
built=()
declare -A status=()
for n in "${names[@]}"; do
	if [ ! -f "$here/fuzz_$n.c" ]; then
		echo "FAILED: $n: no such file tests/fuzz/fuzz_$n.c"
		status[$n]=2
		continue
	fi
	if [ ! -d "$here/corpus/$n" ]; then
		echo "FAILED: $n: no committed corpus tests/fuzz/corpus/$n/"
		status[$n]=2
		continue
	fi
	while [ "$(jobs -pr | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	rm -f "$out/fuzz_$n"
	( build_one "$n"; echo $? > "$out/logs/$n.build.rc" ) &
	built+=("$n")
done
wait
for n in "${built[@]}"; do
	if [ "$(cat "$out/logs/$n.build.rc" 2>/dev/null)" != 0 ]; then
		echo "FAILED: $n: build failed"
		sed 's/^/  /' "$out/logs/$n.build" | head -20
		status[$n]=2
	fi
done
if [ -n "${built[*]}" ] && [[ " ${built[*]} " == *" tls "* ]]; then
	tls_seeds
fi

# Run, as many at once as jobs allow; each writes its exit status next to its log.
for n in "${built[@]}"; do
	[ -n "${status[$n]:-}" ] && continue
	while [ "$(jobs -pr | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	rm -f "$out/logs/$n.rc"
	( run_one "$n"; echo $? > "$out/logs/$n.rc" ) &
done
wait

for n in "${names[@]}"; do
	if [ -z "${status[$n]:-}" ]; then
		status[$n]=$(cat "$out/logs/$n.rc" 2>/dev/null || echo 2)
		report_one "$n" "${status[$n]}"
	fi
	if [ "${status[$n]}" = 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failed_names+=("$n")
	fi
done

if [ "$failed" -gt 0 ]; then
	echo "failed: ${failed_names[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
