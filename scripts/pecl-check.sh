#!/bin/sh
# Proves the PECL release: the metadata is consistent, `pecl package` builds the tarball from
# exactly the shipped files, and `pecl install` of that tarball builds an extension that PHP loads
# and that reports the expected version. Nothing is installed into the system: the install goes
# into a throwaway PEAR installation (registry, temp and download folders, extension folder) in a
# temporary folder that is removed at the end.
#
# Usage: scripts/pecl-check.sh
#
# Environment: PHP (php binary, default php), PECL (default pecl), PEAR (default pear; only used
# to write the throwaway configuration), PECL_CHECK_KEEP=1 to keep the temporary folder.
# pecl builds against the phpize and php-config found on PATH.
# Needs: git, php-pear (pecl), php-dev (phpize, php-config), a C compiler and libssl-dev.
# Exit status: 0 when every step passed, 1 when one failed (the step says why).

set -eu

PHP=${PHP:-php}
PECL=${PECL:-pecl}
PEAR=${PEAR:-pear}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

step() {
	echo
	echo "== pecl-check: $*"
}
die() {
	echo "pecl-check: FAILED: $*" >&2
	exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/smtpdiag-pecl.XXXXXX")
cleanup() {
	if [ "${PECL_CHECK_KEEP:-0}" = 1 ]; then
		echo "pecl-check: kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

version=$(sed -n 's/^[[:space:]]*#[[:space:]]*define[[:space:]]\{1,\}PHP_SMTPDIAG_VERSION[[:space:]]\{1,\}"\([^"]*\)".*/\1/p' php_smtpdiag.h)
[ -n "$version" ] || die "no PHP_SMTPDIAG_VERSION in php_smtpdiag.h"

step "1/6 package.xml, composer.json and the build files against the shipped tree"
"$PHP" scripts/check-package.php || die "scripts/check-package.php found problems (see above)"

step "2/6 smtpdiag_arginfo.h against smtpdiag.stub.php"
sh scripts/gen-arginfo.sh --check || die "smtpdiag_arginfo.h is not what gen_stub.php makes of the stub"

step "3/6 pecl package, in a copy of the shipped files only"
"$PHP" scripts/check-package.php --list >"$work/shipped.txt"
mkdir "$work/tree"
while IFS= read -r path; do
	mkdir -p "$work/tree/$(dirname "$path")"
	cp -p "$path" "$work/tree/$path"
done <"$work/shipped.txt"
cp -p package.xml "$work/tree/package.xml"
if ! (cd "$work/tree" && "$PECL" package package.xml) >"$work/package.log" 2>&1; then
	cat "$work/package.log"
	die "pecl package failed"
fi
cat "$work/package.log"
tarball=$work/tree/smtpdiag-$version.tgz
[ -f "$tarball" ] || die "pecl package did not write smtpdiag-$version.tgz"
grep -q "Package smtpdiag-$version.tgz done" "$work/package.log" ||
	die "pecl package did not report smtpdiag-$version.tgz done"

# The tarball holds package.xml and smtpdiag-X.Y.Z/<every shipped file>, and nothing else.
{
	echo package.xml
	sed "s|^|smtpdiag-$version/|" "$work/shipped.txt"
} | LC_ALL=C sort >"$work/expected.txt"
tar -tzf "$tarball" | grep -v '/$' | LC_ALL=C sort >"$work/actual.txt"
if ! diff -u --label expected --label "smtpdiag-$version.tgz" "$work/expected.txt" "$work/actual.txt"; then
	die "the tarball's files differ from the shipped files"
fi
echo "pecl-check: smtpdiag-$version.tgz holds package.xml and the $(wc -l <"$work/shipped.txt" | tr -d ' ') shipped files"

step "4/6 pecl install smtpdiag-$version.tgz into a throwaway PEAR installation"
# A PEAR configuration of its own puts PEAR's registry, its temp and download folders and every
# installed file under $work/pear. The built smtpdiag.so is the exception: PEAR copies it to
# wherever `make install` put it, under php-config's --prefix and --extension-dir, whatever
# ext_dir says. So pecl runs with a php-config in front of the real one on PATH that answers
# those two questions with folders in $work, and passes every other question on.
# (The keys are set as `pear`, default channel pear.php.net: through pecl's channel the global
# ones such as temp_dir cannot be set. php_ini stays unset, so no php.ini is edited.)
pear_root=$work/pear
conf=$work/pear.conf
for kv in php_dir=php ext_dir=ext doc_dir=doc bin_dir=bin data_dir=data cfg_dir=cfg www_dir=www \
	man_dir=man test_dir=test cache_dir=cache download_dir=download temp_dir=temp metadata_dir=meta; do
	mkdir -p "$pear_root/${kv#*=}"
	"$PEAR" -c "$conf" config-set "${kv%%=*}" "$pear_root/${kv#*=}" user >/dev/null ||
		die "could not write the throwaway PEAR configuration ($kv)"
	[ "$("$PECL" -c "$conf" config-get "${kv%%=*}")" = "$pear_root/${kv#*=}" ] ||
		die "the throwaway PEAR configuration is not honoured (${kv%%=*})"
done
real_php_config=$(command -v php-config) || die "php-config not found (install php-dev)"
system_so=$("$real_php_config" --extension-dir)/smtpdiag.so
if [ -e "$system_so" ]; then system_had_so=1; else system_had_so=0; fi
mkdir -p "$work/bin" "$work/prefix/ext"
{
	echo '#!/bin/sh'
	echo 'case "$1" in'
	echo "	--prefix) echo '$work/prefix' ;;"
	echo "	--extension-dir) echo '$work/prefix/ext' ;;"
	echo "	*) exec '$real_php_config' \"\$@\" ;;"
	echo 'esac'
} >"$work/bin/php-config"
chmod +x "$work/bin/php-config"
[ "$(PATH="$work/bin:$PATH" php-config --extension-dir)" = "$work/prefix/ext" ] ||
	die "the throwaway php-config is not the one found on PATH"
if ! PATH="$work/bin:$PATH" "$PECL" -c "$conf" install "$tarball" >"$work/install.log" 2>&1; then
	tail -n 60 "$work/install.log"
	die "pecl install failed (last lines of its log above)"
fi
grep -E '^(running: (phpize|make$|.*configure)|Build process completed|Installing .*smtpdiag.so|install ok)' "$work/install.log" || true
so=$work/prefix/ext/smtpdiag.so
[ -f "$so" ] || die "pecl install did not put smtpdiag.so in $work/prefix/ext"
[ "$system_had_so" = 1 ] || [ ! -e "$system_so" ] || die "pecl install wrote $system_so"
"$PECL" -c "$conf" list | grep -E "^smtpdiag[[:space:]]+$version[[:space:]]" ||
	die "the throwaway PEAR registry does not list smtpdiag $version"

step "5/6 load the installed smtpdiag.so (php -n: no other ini, no other extension)"
"$PHP" -n -d "extension=$so" -r '
	$want = $argv[1];
	if (!extension_loaded("smtpdiag")) { fwrite(STDERR, "smtpdiag is not loaded\n"); exit(1); }
	$got = phpversion("smtpdiag");
	if ($got !== $want) { fwrite(STDERR, "smtpdiag reports version $got, expected $want\n"); exit(1); }
	$fns = get_extension_funcs("smtpdiag") ?: [];
	sort($fns);
	echo "pecl-check: smtpdiag ", $got, " loads; functions: ", implode(", ", $fns), "\n";
' "$version" || die "the installed smtpdiag.so does not load as smtpdiag $version"

step "6/6 pecl uninstall from the throwaway PEAR installation"
if ! PATH="$work/bin:$PATH" "$PECL" -c "$conf" uninstall smtpdiag >"$work/uninstall.log" 2>&1; then
	cat "$work/uninstall.log"
	die "pecl uninstall failed"
fi
grep -E '^uninstall ok' "$work/uninstall.log" || true
[ ! -e "$so" ] || die "pecl uninstall left $so behind"
if "$PECL" -c "$conf" list | grep -q '^smtpdiag[[:space:]]'; then
	die "the throwaway PEAR registry still lists smtpdiag"
fi

echo
echo "pecl-check: OK: smtpdiag-$version.tgz packages, installs, loads and uninstalls"
