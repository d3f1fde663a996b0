#!/usr/bin/env bash
# smtpdiag: builds and runs every tests/unit/test_*.c (cmocka) and reports one line "N passed, N failed".
#
# Each test names what it links in its first lines:
#   /* sources: src/a.c src/b.c */
#   /* libs: -lssl -lcrypto */        (optional)
# A key may appear on several of those lines; their values add up.
# Usage: tests/unit/run.sh [--valgrind] [name ...]   (names as in test_<name>.c; default: all)
# Environment: CC (default cc), CFLAGS_EXTRA (added to the compile line), SMTPDIAG_UNIT_BUILD (where the
# test programs go; default build/unit).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${SMTPDIAG_UNIT_BUILD:-$root/build/unit}
cc=${CC:-cc}
use_valgrind=0
names=()

for arg in "$@"; do
	case "$arg" in
	--valgrind) use_valgrind=1 ;;
	-h|--help) sed -n '2,9p' "$0"; exit 0 ;;
	-*) echo "run.sh: unknown option $arg" >&2; exit 2 ;;
	*) names+=("$arg") ;;
	esac
done

if [ "$use_valgrind" = 1 ] && ! command -v valgrind >/dev/null 2>&1; then
	echo "run.sh: --valgrind given but valgrind is not installed" >&2
	exit 2
fi

mkdir -p "$build" || exit 2

# The values of every "/* key: ... */" header in the first 10 lines of a test file, on one line.
header() {
	sed -n '1,10p' "$1" | sed -n "s|^[[:space:]]*/\*[[:space:]]*$2:[[:space:]]*\(.*\)\*/[[:space:]]*\$|\1|p" | tr '\n' ' '
}

tests=()
if [ "${#names[@]}" -gt 0 ]; then
	for n in "${names[@]}"; do
		tests+=("$here/test_${n#test_}.c")
	done
else
	shopt -s nullglob
	tests=("$here"/test_*.c)
	shopt -u nullglob
fi

if [ "${#tests[@]}" -eq 0 ]; then
	echo "run.sh: no tests found in $here" >&2
	echo "0 passed, 0 failed"
	exit 1
fi

passed=0
failed=0
failed_names=()

for src in "${tests[@]}"; do
	name=$(basename "$src" .c)
	if [ ! -f "$src" ]; then
		echo "== $name: no such file $src"
		failed=$((failed + 1)); failed_names+=("$name"); continue
	fi
	sources=$(header "$src" sources)
	libs=$(header "$src" libs)
	srcs=()
	for s in $sources; do
		srcs+=("$root/$s")
	done
	bin="$build/$name"
	echo "== $name"
	# shellcheck disable=SC2086 # libs and CFLAGS_EXTRA are word lists on purpose
	if ! "$cc" -std=gnu99 -Wall -Wextra -Werror -g ${CFLAGS_EXTRA:-} -I"$root" -o "$bin" \
		"$src" "${srcs[@]}" -lcmocka $libs; then
		echo "== $name: BUILD FAILED"
		failed=$((failed + 1)); failed_names+=("$name"); continue
	fi
	if [ "$use_valgrind" = 1 ]; then
		(cd "$root" && valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect "$bin")
	else
		(cd "$root" && "$bin")
	fi
	rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		echo "== $name: FAILED (exit $rc)"
		failed=$((failed + 1)); failed_names+=("$name")
	fi
done

if [ "$failed" -gt 0 ]; then
	echo "failed: ${failed_names[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
