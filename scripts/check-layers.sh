#!/usr/bin/env bash
# smtpdiag: keeps the two layers apart.
#
#   src/engine/  plain C: includes no PHP or Zend header, so every decision there can be unit-tested
#                with a C compiler alone;
#   src/php/     the PHP layer: argument and option parsing, report arrays, cache, PHPMailer objects.
#
# Fails when an engine file includes a PHP, Zend, TSRM, SAPI or ext/ header (directly: an engine file
# may only include engine headers and system headers), when any file under src/ reads the module's
# globals (SMTPDIAG_G: the module hands its settings down as a struct), when a file under src/ calls
# strerror() or strerror_r() (only sd_text_errno() in src/engine/sd_text.c may), or when a C file sits
# under src/ outside those two folders. Prints one line per problem.
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
problems=0
say() { echo "check-layers: $*"; problems=$((problems + 1)); }

shopt -s nullglob
for f in src/engine/*.c src/engine/*.h; do
	# every #include "..." of an engine file must name another engine header
	while IFS=: read -r line inc; do
		case "$inc" in
		src/engine/*) [ -f "$inc" ] || say "$f:$line includes $inc, which does not exist" ;;
		*) say "$f:$line includes \"$inc\": engine files include only src/engine/ headers" ;;
		esac
	done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" | sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
	# angle-bracket includes of PHP's own headers
	if grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(php|zend|Zend|TSRM|main|ext|SAPI)[_/.]' "$f"; then
		say "$f includes a PHP header"
	fi
	if grep -nE '\b(zval|zend_[a-z_]+|HashTable|emalloc|efree|SMTPDIAG_G|ZEND_[A-Z_]+)\b' "$f" | grep -v '^\s*[0-9]*:\s*\(/\*\|\*\)' >/dev/null; then
		grep -nE '\b(zval|zend_[a-z_]+|HashTable|emalloc|efree|SMTPDIAG_G|ZEND_[A-Z_]+)\b' "$f" | grep -v '^[0-9]*:[[:space:]]*\(/\*\|\*\)' | sed "s|^|$f:|" | head -3
		say "$f uses a PHP or Zend name"
	fi
done
for f in src/engine/*.c src/engine/*.h src/php/*.c src/php/*.h; do
	if grep -n 'SMTPDIAG_G' "$f" >/dev/null; then
		say "$f reads the module globals (SMTPDIAG_G); take the settings struct instead"
	fi
done
# strerror() writes into one static buffer, so a thread (a scan probes ports on threads) may read another
# thread's text; strerror_r() has two incompatible forms. One function wraps it: sd_text_errno().
for f in src/engine/*.c src/engine/*.h src/php/*.c src/php/*.h; do
	hits=$(sed -e 's|/\*.*\*/||g' -e 's|//.*$||' "$f" | grep -nE '^[[:space:]]*[^*[:space:]/]' \
		| grep -E '(^|[^A-Za-z0-9_])strerror(_r)?[[:space:]]*\(')
	[ -n "$hits" ] || continue
	case "$f" in src/engine/sd_text.c) hits=$(echo "$hits" | grep -vE 'strerror_r[[:space:]]*\(') ;; esac
	if [ -n "$hits" ]; then
		echo "$hits" | sed "s|^|$f:|" | head -3
		say "$f calls strerror() (not thread-safe: one static buffer) or strerror_r() (two incompatible forms): use sd_text_errno() (src/engine/sd_text.h)"
	fi
done
for f in src/*.c src/*.h; do
	say "$f is outside src/engine and src/php"
done
for d in src/*/; do
	case "$d" in src/engine/|src/php/) ;; *) say "$d: src holds only engine/ and php/" ;; esac
done
if [ "$problems" = 0 ]; then
	echo "check-layers: OK: $(ls src/engine/*.[ch] | wc -l) engine files include no PHP header; no file under src/ reads module globals"
	exit 0
fi
exit 1
