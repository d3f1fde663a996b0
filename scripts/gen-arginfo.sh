#!/bin/sh
# Regenerate smtpdiag_arginfo.h from smtpdiag.stub.php with PHP's own gen_stub.php, offline.
#
# Usage: scripts/gen-arginfo.sh [--check] [STUB]
#
#   (no option)  write a fresh <stub base>_arginfo.h beside the stub (only if it changed)
#   --check      write nothing; exit 1 and print a unified diff when the committed
#                arginfo header is missing or differs from a fresh one (for CI)
#   STUB         the stub file; defaults to smtpdiag.stub.php at the repository root
#
# gen_stub.php downloads PHP-Parser from the network on first use. To stay offline it is run
# from a temporary copy that has, beside it, the PHP-Parser directory it looks for
# (PHP-Parser-<version>/lib/PhpParser, the version read from gen_stub.php itself) linked to
# the system's PHP-Parser (Debian: the php-parser package, /usr/share/php/PhpParser).
#
# Environment overrides:
#   PHP          the PHP binary that runs gen_stub.php (default: php)
#   PHP_CONFIG   php-config of the PHP whose gen_stub.php is used (default: php-config)
#   GEN_STUB     path to gen_stub.php (default: found through php-config)
#   PHP_PARSER   path to PHP-Parser's PhpParser source directory (default: /usr/share/php/PhpParser)
#
# Exit status: 0 up to date / written, 1 --check found a difference, 2 usage or tool error.

set -eu

PHP=${PHP:-php}
PHP_CONFIG=${PHP_CONFIG:-php-config}
PHP_PARSER=${PHP_PARSER:-/usr/share/php/PhpParser}

die() {
	echo "gen-arginfo: $*" >&2
	exit 2
}

check=0
stub=
for arg in "$@"; do
	case $arg in
		--check) check=1 ;;
		-h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		-*) die "unknown option $arg (try --help)" ;;
		*) [ -z "$stub" ] || die "only one stub file may be given"; stub=$arg ;;
	esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
[ -n "$stub" ] || stub=$root/smtpdiag.stub.php
[ -f "$stub" ] || die "stub file not found: $stub"
case $stub in
	*.stub.php) ;;
	*) die "the stub file name must end in .stub.php: $stub" ;;
esac
stub_dir=$(cd "$(dirname "$stub")" && pwd)
stub_name=$(basename "$stub")
arginfo_name=${stub_name%.stub.php}_arginfo.h
target=$stub_dir/$arginfo_name

# Find gen_stub.php: the explicit override, the prefix layout of a source-built PHP, then
# Debian's per-API layout (/usr/lib/php/<phpapi>/build), preferring the running API version.
find_gen_stub() {
	if [ -n "${GEN_STUB:-}" ]; then
		echo "$GEN_STUB"
		return
	fi
	prefix=$("$PHP_CONFIG" --prefix 2>/dev/null) || prefix=
	api=$("$PHP_CONFIG" --phpapi 2>/dev/null) || api=
	for candidate in \
		"$prefix/lib/php/build/gen_stub.php" \
		"$prefix/lib/php/$api/build/gen_stub.php" \
		"/usr/lib/php/$api/build/gen_stub.php" \
		/usr/lib/php/*/build/gen_stub.php \
		/usr/local/lib/php/build/gen_stub.php; do
		if [ -f "$candidate" ]; then
			echo "$candidate"
			return
		fi
	done
}

gen_stub=$(find_gen_stub)
[ -n "$gen_stub" ] && [ -f "$gen_stub" ] ||
	die "gen_stub.php not found (install php-dev, or set GEN_STUB=/path/to/gen_stub.php)"
[ -d "$PHP_PARSER" ] ||
	die "PHP-Parser not found at $PHP_PARSER (apt-get install php-parser, or set PHP_PARSER)"

# The PHP-Parser version gen_stub.php would download, hence the directory name it looks for.
parser_version=$(sed -n 's/^[[:space:]]*\$version = "\([0-9][0-9.]*\)";.*/\1/p' "$gen_stub" | head -n 1)
[ -n "$parser_version" ] ||
	die "cannot read the PHP-Parser version that $gen_stub expects"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/smtpdiag-arginfo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/build/PHP-Parser-$parser_version/lib" "$tmp/work"
cp "$gen_stub" "$tmp/build/gen_stub.php"
ln -s "$PHP_PARSER" "$tmp/build/PHP-Parser-$parser_version/lib/PhpParser"
cp "$stub" "$tmp/work/$stub_name"

# -f: regenerate even when a header with the same stub hash exists (none does in $tmp).
if ! "$PHP" "$tmp/build/gen_stub.php" -f "$tmp/work/$stub_name" >"$tmp/gen_stub.log" 2>&1; then
	cat "$tmp/gen_stub.log" >&2
	die "gen_stub.php failed ($gen_stub with PHP-Parser $parser_version from $PHP_PARSER)"
fi
[ -f "$tmp/work/$arginfo_name" ] || {
	cat "$tmp/gen_stub.log" >&2
	die "gen_stub.php did not write $arginfo_name"
}
# gen_stub.php writes a legacy header only for stubs that target PHP 7; this project's does not.
if [ -f "$tmp/work/${stub_name%.stub.php}_legacy_arginfo.h" ]; then
	die "gen_stub.php wrote a legacy (PHP 7) arginfo header; the stub should say @generate-legacy-arginfo 80100"
fi

rel=${target#"$root"/}
if [ "$check" -eq 1 ]; then
	if [ ! -f "$target" ]; then
		echo "gen-arginfo: $rel is missing; run scripts/gen-arginfo.sh" >&2
		exit 1
	fi
	if ! diff -u --label "$rel (committed)" --label "$rel (fresh from $stub_name)" \
		"$target" "$tmp/work/$arginfo_name"; then
		echo "gen-arginfo: $rel is out of date; run scripts/gen-arginfo.sh and commit the result" >&2
		exit 1
	fi
	echo "gen-arginfo: $rel is up to date with $stub_name"
	exit 0
fi

if [ -f "$target" ] && cmp -s "$target" "$tmp/work/$arginfo_name"; then
	echo "gen-arginfo: $rel already up to date"
else
	cp "$tmp/work/$arginfo_name" "$target"
	echo "gen-arginfo: wrote $rel (gen_stub.php: $gen_stub, PHP-Parser: $PHP_PARSER as $parser_version)"
fi
