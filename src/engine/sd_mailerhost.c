/* smtpdiag: PHPMailer's Host grammar and the Host and SMTPSecure mistakes. See sd_mailerhost.h. */
#include "src/engine/sd_mailerhost.h"
#include "src/engine/sd_host.h"
#include "src/engine/sd_utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- small byte classes ---- */

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(unsigned char c)
{
	return is_digit(c) || is_alpha(c);
}

static int is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The bytes PHP's trim() strips by default. */
static int is_trim_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == 0x0B;
}

/* The same for the trim() of PHP php_version_id (PHP_VERSION_ID): from PHP 8.6 on, a form feed too. */
static int is_php_trim_byte(unsigned char c, long php_version_id)
{
	return is_trim_byte(c) || (c == '\f' && php_version_id >= 80600);
}

/* A byte isValidHost()'s first alternative accepts: [A-Za-z0-9.-]. */
static int is_name_byte(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '-';
}

static int lower_eq(const char *s, size_t len, const char *lit)
{
	size_t i;

	if (strlen(lit) != len) {
		return 0;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];
		if (c >= 'A' && c <= 'Z') {
			c = (unsigned char) (c - 'A' + 'a');
		}
		if (c != (unsigned char) lit[i]) {
			return 0;
		}
	}
	return 1;
}


/* ---- invisible characters ---- */

typedef struct {
	unsigned long cp;
	sd_mailerhost_invisible_kind kind;
	const char *name;
} invisible_def;

static const invisible_def invisible_table[] = {
	{ 0x00, SD_MAILERHOST_INVISIBLE_CONTROL, "NULL" },
	{ 0x09, SD_MAILERHOST_INVISIBLE_CONTROL, "CHARACTER TABULATION" },
	{ 0x0A, SD_MAILERHOST_INVISIBLE_CONTROL, "LINE FEED" },
	{ 0x0B, SD_MAILERHOST_INVISIBLE_CONTROL, "LINE TABULATION" },
	{ 0x0C, SD_MAILERHOST_INVISIBLE_CONTROL, "FORM FEED" },
	{ 0x0D, SD_MAILERHOST_INVISIBLE_CONTROL, "CARRIAGE RETURN" },
	{ 0x1B, SD_MAILERHOST_INVISIBLE_CONTROL, "ESCAPE" },
	{ 0x7F, SD_MAILERHOST_INVISIBLE_CONTROL, "DELETE" },
	{ 0x85, SD_MAILERHOST_INVISIBLE_CONTROL, "NEXT LINE" },
	{ 0xA0, SD_MAILERHOST_INVISIBLE_SPACE, "NO-BREAK SPACE" },
	{ 0xAD, SD_MAILERHOST_INVISIBLE_FORMAT, "SOFT HYPHEN" },
	{ 0x1680, SD_MAILERHOST_INVISIBLE_SPACE, "OGHAM SPACE MARK" },
	{ 0x180E, SD_MAILERHOST_INVISIBLE_FORMAT, "MONGOLIAN VOWEL SEPARATOR" },
	{ 0x2000, SD_MAILERHOST_INVISIBLE_SPACE, "EN QUAD" },
	{ 0x2001, SD_MAILERHOST_INVISIBLE_SPACE, "EM QUAD" },
	{ 0x2002, SD_MAILERHOST_INVISIBLE_SPACE, "EN SPACE" },
	{ 0x2003, SD_MAILERHOST_INVISIBLE_SPACE, "EM SPACE" },
	{ 0x2004, SD_MAILERHOST_INVISIBLE_SPACE, "THREE-PER-EM SPACE" },
	{ 0x2005, SD_MAILERHOST_INVISIBLE_SPACE, "FOUR-PER-EM SPACE" },
	{ 0x2006, SD_MAILERHOST_INVISIBLE_SPACE, "SIX-PER-EM SPACE" },
	{ 0x2007, SD_MAILERHOST_INVISIBLE_SPACE, "FIGURE SPACE" },
	{ 0x2008, SD_MAILERHOST_INVISIBLE_SPACE, "PUNCTUATION SPACE" },
	{ 0x2009, SD_MAILERHOST_INVISIBLE_SPACE, "THIN SPACE" },
	{ 0x200A, SD_MAILERHOST_INVISIBLE_SPACE, "HAIR SPACE" },
	{ 0x200B, SD_MAILERHOST_INVISIBLE_FORMAT, "ZERO WIDTH SPACE" },
	{ 0x200C, SD_MAILERHOST_INVISIBLE_FORMAT, "ZERO WIDTH NON-JOINER" },
	{ 0x200D, SD_MAILERHOST_INVISIBLE_FORMAT, "ZERO WIDTH JOINER" },
	{ 0x200E, SD_MAILERHOST_INVISIBLE_FORMAT, "LEFT-TO-RIGHT MARK" },
	{ 0x200F, SD_MAILERHOST_INVISIBLE_FORMAT, "RIGHT-TO-LEFT MARK" },
	{ 0x2028, SD_MAILERHOST_INVISIBLE_FORMAT, "LINE SEPARATOR" },
	{ 0x2029, SD_MAILERHOST_INVISIBLE_FORMAT, "PARAGRAPH SEPARATOR" },
	{ 0x202A, SD_MAILERHOST_INVISIBLE_FORMAT, "LEFT-TO-RIGHT EMBEDDING" },
	{ 0x202B, SD_MAILERHOST_INVISIBLE_FORMAT, "RIGHT-TO-LEFT EMBEDDING" },
	{ 0x202C, SD_MAILERHOST_INVISIBLE_FORMAT, "POP DIRECTIONAL FORMATTING" },
	{ 0x202D, SD_MAILERHOST_INVISIBLE_FORMAT, "LEFT-TO-RIGHT OVERRIDE" },
	{ 0x202E, SD_MAILERHOST_INVISIBLE_FORMAT, "RIGHT-TO-LEFT OVERRIDE" },
	{ 0x202F, SD_MAILERHOST_INVISIBLE_SPACE, "NARROW NO-BREAK SPACE" },
	{ 0x205F, SD_MAILERHOST_INVISIBLE_SPACE, "MEDIUM MATHEMATICAL SPACE" },
	{ 0x2060, SD_MAILERHOST_INVISIBLE_FORMAT, "WORD JOINER" },
	{ 0x2061, SD_MAILERHOST_INVISIBLE_FORMAT, "FUNCTION APPLICATION" },
	{ 0x2062, SD_MAILERHOST_INVISIBLE_FORMAT, "INVISIBLE TIMES" },
	{ 0x2063, SD_MAILERHOST_INVISIBLE_FORMAT, "INVISIBLE SEPARATOR" },
	{ 0x2064, SD_MAILERHOST_INVISIBLE_FORMAT, "INVISIBLE PLUS" },
	{ 0x2066, SD_MAILERHOST_INVISIBLE_FORMAT, "LEFT-TO-RIGHT ISOLATE" },
	{ 0x2067, SD_MAILERHOST_INVISIBLE_FORMAT, "RIGHT-TO-LEFT ISOLATE" },
	{ 0x2068, SD_MAILERHOST_INVISIBLE_FORMAT, "FIRST STRONG ISOLATE" },
	{ 0x2069, SD_MAILERHOST_INVISIBLE_FORMAT, "POP DIRECTIONAL ISOLATE" },
	{ 0x3000, SD_MAILERHOST_INVISIBLE_SPACE, "IDEOGRAPHIC SPACE" },
	{ 0xFEFF, SD_MAILERHOST_INVISIBLE_FORMAT, "ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)" },
};

/* Is code point cp invisible? Sets *kind and *name when it is. */
static int invisible_lookup(unsigned long cp, sd_mailerhost_invisible_kind *kind, const char **name)
{
	size_t i;

	for (i = 0; i < sizeof(invisible_table) / sizeof(invisible_table[0]); i++) {
		if (invisible_table[i].cp == cp) {
			*kind = invisible_table[i].kind;
			*name = invisible_table[i].name;
			return 1;
		}
	}
	if (cp < 0x20 || (cp >= 0x80 && cp <= 0x9F)) {
		*kind = SD_MAILERHOST_INVISIBLE_CONTROL;
		*name = cp < 0x20 ? "CONTROL CHARACTER" : "C1 CONTROL CHARACTER";
		return 1;
	}
	return 0;
}

/* Is there an invisible character at s[0..len)? Returns the bytes it takes (0 if none) and fills *inv
 * (offset left to the caller). */
static size_t invisible_at(const unsigned char *s, size_t len, sd_mailerhost_invisible *inv)
{
	unsigned long cp;
	size_t n;

	if (s[0] < 0x80) {
		cp = s[0];
		n = 1;
	} else {
		n = sd_utf8_decode(s, len, &cp);
		if (n == 0) {
			return 0;
		}
	}
	if (!invisible_lookup(cp, &inv->kind, &inv->name)) {
		return 0;
	}
	inv->codepoint = cp;
	inv->len = n;
	return n;
}

/* Where trim() of PHP php_version_id (0: before 8.6) leaves the entry s[0..len): sets *start and *end. */
static void php_trim(const char *s, size_t len, long php_version_id, size_t *start, size_t *end)
{
	size_t a = 0, b = len;

	while (a < b && is_php_trim_byte((unsigned char) s[a], php_version_id)) {
		a++;
	}
	while (b > a && is_php_trim_byte((unsigned char) s[b - 1], php_version_id)) {
		b--;
	}
	*start = a;
	*end = b;
}

/* Walk host's invisible characters. With out set, copies every other byte into out (capacity cap) and
 * returns the cleaned length; otherwise stores up to cap findings in found and returns their count. */
static size_t invisible_walk(const char *host, size_t host_len, sd_mailerhost_invisible *found, char *out,
                             size_t cap)
{
	const unsigned char *h;
	size_t pos = 0, count = 0, olen = 0;

	if (host == NULL) {
		host = "";
		host_len = 0;
	}
	h = (const unsigned char *) host;
	while (pos <= host_len) {
		size_t end = pos, a, b, i;

		while (end < host_len && h[end] != ';') {
			end++;
		}
		php_trim(host + pos, end - pos, 0, &a, &b);
		a += pos;
		b += pos;
		for (i = pos; i < end;) {
			sd_mailerhost_invisible inv;
			size_t n = (i >= a && i < b) ? invisible_at(h + i, b - i, &inv) : 0;
			if (n > 0) {
				if (out == NULL && found != NULL && count < cap) {
					inv.offset = i;
					found[count] = inv;
				}
				count++;
				i += n;
				continue;
			}
			if (out != NULL && olen + 1 < cap) {
				out[olen] = (char) h[i];
			}
			olen++;
			i++;
		}
		if (end < host_len) {
			if (out != NULL && olen + 1 < cap) {
				out[olen] = ';';
			}
			olen++;
		}
		pos = end + 1;
	}
	if (out != NULL) {
		if (cap > 0) {
			out[olen < cap ? olen : cap - 1] = '\0';
		}
		return olen;
	}
	return count;
}

size_t sd_mailerhost_find_invisible(const char *host, size_t host_len, sd_mailerhost_invisible *found,
                                    size_t cap)
{
	return invisible_walk(host, host_len, found, NULL, found == NULL ? 0 : cap);
}

size_t sd_mailerhost_clean(const char *host, size_t host_len, char *out, size_t cap)
{
	char dummy;

	/* with cap 0 nothing is written, but out must be non-NULL to select cleaning */
	return invisible_walk(host, host_len, NULL, out != NULL ? out : &dummy, out != NULL ? cap : 0);
}

/* ---- SMTPSecure ---- */

sd_mailerhost_mode sd_mailerhost_secure_mode(const char *secure, size_t secure_len)
{
	if (secure != NULL && secure_len == 3 && memcmp(secure, "tls", 3) == 0) {
		return SD_MAILERHOST_MODE_STARTTLS;
	}
	if (secure != NULL && secure_len == 3 && memcmp(secure, "ssl", 3) == 0) {
		return SD_MAILERHOST_MODE_SMTPS;
	}
	return SD_MAILERHOST_MODE_NONE;
}

int sd_mailerhost_secure_check(const char *value, size_t value_len, long port, sd_mailerhost_secure_hint *out)
{
	static const char *const meant_tls[] = { "tls", "starttls", "start_tls", "start-tls", "explicit" };
	static const char *const meant_ssl[] = { "ssl", "smtps", "implicit", "ssl/tls" };
	static const char *const yes[] = { "1", "true", "yes", "on" };
	size_t a = 0, b, i;
	int meant = -1;

	if (value == NULL) {
		value = "";
		value_len = 0;
	}
	out->read_as = sd_mailerhost_secure_mode(value, value_len);
	out->suspicious = 0;
	out->meant = out->read_as;
	out->constant = NULL;
	out->literal = NULL;
	if (out->read_as != SD_MAILERHOST_MODE_NONE) {
		return 0;
	}
	b = value_len;
	while (a < b && (is_trim_byte((unsigned char) value[a]) || value[a] == '\f')) {
		a++;
	}
	while (b > a && (is_trim_byte((unsigned char) value[b - 1]) || value[b - 1] == '\f')) {
		b--;
	}
	for (i = 0; i < sizeof(meant_tls) / sizeof(meant_tls[0]); i++) {
		if (lower_eq(value + a, b - a, meant_tls[i])) {
			meant = SD_MAILERHOST_MODE_STARTTLS;
		}
	}
	for (i = 0; i < sizeof(meant_ssl) / sizeof(meant_ssl[0]); i++) {
		if (lower_eq(value + a, b - a, meant_ssl[i])) {
			meant = SD_MAILERHOST_MODE_SMTPS;
		}
	}
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (lower_eq(value + a, b - a, yes[i])) {
			meant = port == 465 ? SD_MAILERHOST_MODE_SMTPS : SD_MAILERHOST_MODE_STARTTLS;
		}
	}
	if (meant < 0) {
		return 0;
	}
	out->suspicious = 1;
	out->meant = (sd_mailerhost_mode) meant;
	if (meant == SD_MAILERHOST_MODE_SMTPS) {
		out->constant = "PHPMailer::ENCRYPTION_SMTPS";
		out->literal = "ssl";
	} else {
		out->constant = "PHPMailer::ENCRYPTION_STARTTLS";
		out->literal = "tls";
	}
	return 1;
}

/* ---- isValidHost() ---- */

static void set_reason(sd_mailerhost_entry *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
	va_end(ap);
}

/* Describe the character at h[off] (of len bytes) for a reason text: "'_'", "U+00A0 (NO-BREAK SPACE)",
 * "byte 0xFF". Sets e->bad_offset and e->bad_codepoint. */
static void describe_char(sd_mailerhost_entry *e, const char *h, size_t len, size_t off, char *buf, size_t cap)
{
	const unsigned char *p = (const unsigned char *) h + off;
	sd_mailerhost_invisible inv;
	unsigned long cp = p[0];
	size_t n = 1;

	if (p[0] >= 0x80) {
		n = sd_utf8_decode(p, len - off, &cp);
		if (n == 0) {
			cp = p[0];
		}
	}
	e->bad_offset = (long) off;
	e->bad_codepoint = cp;
	if (p[0] > 0x20 && p[0] < 0x7F) {
		snprintf(buf, cap, "'%c'", p[0]);
	} else if (p[0] == ' ') {
		snprintf(buf, cap, "' ' (space)");
	} else if ((p[0] < 0x80 || n > 1) && invisible_at(p, len - off, &inv) > 0) {
		snprintf(buf, cap, "U+%04lX (%s, invisible)", cp, inv.name);
	} else if (n > 1) {
		snprintf(buf, cap, "U+%04lX (non-ASCII)", cp);
	} else {
		snprintf(buf, cap, "byte 0x%02X (not ASCII, not UTF-8)", p[0]);
	}
}

/* The first byte of h[0..len) outside [A-Za-z0-9.-]; len if none. */
static size_t first_non_name(const char *h, size_t len)
{
	size_t i;

	for (i = 0; i < len && is_name_byte((unsigned char) h[i]); i++) {
	}
	return i;
}

/* A hint after an illegal character cp at h[off], or "". */
static const char *illegal_hint(const char *h, size_t len, unsigned long cp)
{
	sd_mailerhost_invisible_kind kind;
	const char *name;
	size_t i;

	if (len >= 6 && (lower_eq(h, 6, "ssl://") || lower_eq(h, 6, "tls://"))) {
		return "; the ssl:// and tls:// prefixes must be lower case";
	}
	for (i = 0; i + 2 < len; i++) {
		if (h[i] == ':' && h[i + 1] == '/' && h[i + 2] == '/') {
			return "; a URL or scheme does not belong in Host (only ssl:// or tls://, in lower case)";
		}
	}
	switch (cp) {
	case '_':
		return "; underscores are not allowed in host names";
	case ':':
		return "; a port goes last (host:port) and an IPv6 address needs brackets ([2001:db8::1]:587)";
	case '/':
	case '?':
	case '#':
		return "; a path or URL does not belong in Host";
	case '@':
		return "; a user name does not belong in Host (use Username)";
	case '[':
	case ']':
		return "; brackets must enclose a whole IPv6 address";
	case ',':
		return "; separate hosts with ';'";
	default:
		break;
	}
	if (cp >= 0x80 && !invisible_lookup(cp, &kind, &name)) {
		return "; write an internationalized name in its punycode (xn--) form";
	}
	return "";
}

/* PHP's is_numeric() on a string of [A-Za-z0-9-] (no dots, no whitespace, no '+'): an optional '-',
 * digits, then optionally 'e' or 'E', an optional '-', digits. */
static int is_php_numeric_no_dots(const char *s, size_t len)
{
	size_t i = 0, start;

	if (i < len && s[i] == '-') {
		i++;
	}
	start = i;
	while (i < len && is_digit((unsigned char) s[i])) {
		i++;
	}
	if (i == start) {
		return 0;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && s[i] == '-') {
			i++;
		}
		start = i;
		while (i < len && is_digit((unsigned char) s[i])) {
			i++;
		}
		if (i == start) {
			return 0;
		}
	}
	return i == len;
}

/* FILTER_VALIDATE_URL on "http://" + h, where h holds only [A-Za-z0-9.-]: the host-name rules. One
 * trailing dot is ignored (and then the last label may end in '-'). Returns NULL when valid. */
static const char *check_name(const char *h, size_t len)
{
	size_t l = len, i, label = 0;

	if (l > 0 && h[l - 1] == '.') {
		l--;
	}
	if (l > 253) {
		return "longer than 253 characters";
	}
	if (l == 0 || h[0] == '.') {
		return "an empty label (a leading dot or two dots in a row)";
	}
	if (!is_alnum((unsigned char) h[0])) {
		return "a label starts with '-'";
	}
	for (i = 0; i < l; i++) {
		unsigned char c = (unsigned char) h[i];
		if (c == '.') {
			if (h[i + 1] == '.') {
				return "an empty label (two dots in a row)";
			}
			if (!is_alnum((unsigned char) h[i - 1])) {
				return "a label ends with '-'";
			}
			if (!is_alnum((unsigned char) h[i + 1])) {
				return "a label starts with '-'";
			}
			label = 0;
			continue;
		}
		if (++label > 63) {
			return "a label is longer than 63 characters";
		}
		if (c == '-' && i + 1 == len) {
			return "a label ends with '-'";
		}
	}
	return NULL;
}

/* isValidHost()'s bracketed alternative, for h[0..len) starting with '[': "[" hex digits and ':' "]",
 * and a valid IPv6 address inside. Fills e->reason and the bad character fields when it is not. */
static sd_mailerhost_check valid_bracketed(sd_mailerhost_entry *e, const char *h, size_t len)
{
	const char *close = memchr(h, ']', len);
	char what[96];
	const char *why;
	size_t i;

	if (len == 2 && close == h + 1) {
		set_reason(e, "bad IPv6 literal: \"[]\" is empty");
		return SD_MAILERHOST_HOST_BAD_IPV6;
	}
	for (i = 1; i < len && (is_hex((unsigned char) h[i]) || h[i] == ':'); i++) {
	}
	if (i == len) {
		set_reason(e, "bad IPv6 literal: '[' without a closing ']'");
		return SD_MAILERHOST_HOST_BAD_IPV6;
	}
	if (h[i] == ']' && i + 1 < len) {
		describe_char(e, h, len, i + 1, what, sizeof(what));
		set_reason(e, "bad IPv6 literal: %s after ']' at offset %lu%s", what, (unsigned long) (i + 1),
		           h[i + 1] == ':' ? "; a port after an IPv6 literal must be digits only" : "");
		return SD_MAILERHOST_HOST_BAD_IPV6;
	}
	if (h[i] != ']') {
		describe_char(e, h, len, i, what, sizeof(what));
		set_reason(e, "bad IPv6 literal: %s at offset %lu%s", what, (unsigned long) i,
		           h[i] == '.' ? "; IPv4-mapped or embedded IPv4 forms such as [::ffff:192.0.2.1] are refused"
		                       : "; only hex digits and ':' are allowed inside the brackets");
		return SD_MAILERHOST_HOST_BAD_IPV6;
	}
	/* "[...]" with hex digits and ':' only, and at least one of them */
	why = sd_host_ipv6_problem(h + 1, len - 2);
	if (why != NULL) {
		set_reason(e, "bad IPv6 literal: not a valid IPv6 address (%s)", why);
		return SD_MAILERHOST_HOST_BAD_IPV6;
	}
	return SD_MAILERHOST_HOST_OK;
}

/* Whether h[0..len) (bytes of [A-Za-z0-9.-]) reads as a number once its dots are removed, as
 * isValidHost() asks with is_numeric(str_replace('.', '', $host)). */
static int numeric_without_dots(const char *h, size_t len)
{
	char digits[SD_MAILERHOST_HOST_MAX];
	size_t n = 0, i;

	for (i = 0; i < len && n < sizeof(digits); i++) {
		if (h[i] != '.') {
			digits[n++] = h[i];
		}
	}
	return is_php_numeric_no_dots(digits, n);
}

/* isValidHost(h): fills e->check, e->reason and the bad character fields. */
static sd_mailerhost_check valid_host(sd_mailerhost_entry *e, const char *h, size_t len)
{
	char what[96];
	const char *why;
	size_t off;

	if (len == 0 || (len == 1 && h[0] == '0')) {
		set_reason(e, len == 0 ? "the host is empty"
		                       : "the host is \"0\", which PHP's empty() reads as no host");
		return SD_MAILERHOST_HOST_EMPTY;
	}
	if (len > SD_MAILERHOST_HOST_MAX) {
		set_reason(e, "the host is %lu bytes long; PHPMailer accepts at most %d", (unsigned long) len,
		           SD_MAILERHOST_HOST_MAX);
		return SD_MAILERHOST_HOST_TOO_LONG;
	}
	if (h[0] == '[') {
		return valid_bracketed(e, h, len);
	}
	off = first_non_name(h, len);
	if (off < len) {
		describe_char(e, h, len, off, what, sizeof(what));
		set_reason(e, "illegal character %s at offset %lu%s", what, (unsigned long) off,
		           illegal_hint(h, len, e->bad_codepoint));
		return SD_MAILERHOST_HOST_ILLEGAL_CHAR;
	}
	if (numeric_without_dots(h, len)) {
		if (sd_host_ipv4_literal(h, len)) {
			return SD_MAILERHOST_HOST_OK;
		}
		set_reason(e, "bad IPv4 address: it reads as a number once its dots are removed, so it must "
		              "be a dotted quad (four parts 0-255, no leading zeros)");
		return SD_MAILERHOST_HOST_BAD_IPV4;
	}
	why = check_name(h, len);
	if (why != NULL) {
		set_reason(e, "URL validation failed: not a valid host name (%s)", why);
		return SD_MAILERHOST_HOST_BAD_NAME;
	}
	return SD_MAILERHOST_HOST_OK;
}

/* ---- smtpConnect() ---- */

/* The Host pattern on the trimmed entry t[0..len). Returns 1 and fills prefix, host and port_text,
 * or returns 0. */
static int match_entry(sd_mailerhost_entry *e, const char *t, size_t len)
{
	const char *rest = t;
	size_t rlen = len, i, colon;

	if (len == 0 || memchr(t, '\n', len) != NULL) {
		return 0;
	}
	e->prefix = SD_MAILERHOST_PREFIX_NONE;
	/* the optional group is tried first; it backs off only when no host byte would be left */
	if (len > 6 && memcmp(t + 3, "://", 3) == 0 && (memcmp(t, "ssl", 3) == 0 || memcmp(t, "tls", 3) == 0)) {
		e->prefix = t[0] == 's' ? SD_MAILERHOST_PREFIX_SSL : SD_MAILERHOST_PREFIX_TLS;
		rest = t + 6;
		rlen = len - 6;
	}
	/* the lazy host stops at the first place where ":digits" then the end follows: digits hold no
	 * ':', so only the last ':' can start the port, and the host keeps at least one byte */
	colon = rlen;
	for (i = rlen; i > 0; i--) {
		if (rest[i - 1] == ':') {
			colon = i - 1;
			break;
		}
	}
	e->port_text.ptr = rest + rlen;
	e->port_text.len = 0;
	if (colon >= 1 && colon + 1 < rlen) {
		for (i = colon + 1; i < rlen && is_digit((unsigned char) rest[i]); i++) {
		}
		if (i == rlen) {
			e->port_text.ptr = rest + colon + 1;
			e->port_text.len = rlen - colon - 1;
			rlen = colon;
		}
	}
	e->host.ptr = rest;
	e->host.len = rlen;
	return 1;
}

/* The entry's port when it is 1..65535 (leading zeros allowed), else -1. */
static long entry_port(const sd_mailerhost_span *p)
{
	size_t i = 0;
	long v = 0;

	if (p->len == 0) {
		return -1;
	}
	while (i < p->len && p->ptr[i] == '0') {
		i++;
	}
	if (p->len - i > 5) {
		return -1;
	}
	for (; i < p->len; i++) {
		v = v * 10 + (p->ptr[i] - '0');
	}
	return v >= 1 && v <= 65535 ? v : -1;
}

/* "<prefix><host>:<port>" as smtpConnect() and SMTP::connect() build it. A valid host has at most 256
 * bytes, so the text always fits. */
static void connect_string(sd_mailerhost_entry *e)
{
	size_t n = 0, h = e->host.len;

	if (e->mode == SD_MAILERHOST_MODE_SMTPS) {
		memcpy(e->connect, "ssl://", 6);
		n = 6;
	}
	if (h > SD_MAILERHOST_HOST_MAX) {
		h = SD_MAILERHOST_HOST_MAX;
	}
	memcpy(e->connect + n, e->host.ptr, h);
	n += h;
	snprintf(e->connect + n, sizeof(e->connect) - n, ":%ld", e->connect_port);
}

static void analyse_entry(sd_mailerhost_entry *e, sd_mailerhost_mode secure, long port, long php_version_id)
{
	size_t a, b;
	long p;

	php_trim(e->raw.ptr, e->raw.len, php_version_id, &a, &b);
	e->trimmed.ptr = e->raw.ptr + a;
	e->trimmed.len = b - a;
	e->bad_offset = -1;
	e->host.ptr = e->trimmed.ptr;
	e->port_text.ptr = e->trimmed.ptr;
	if (!match_entry(e, e->trimmed.ptr, e->trimmed.len)) {
		e->skip = SD_MAILERHOST_SKIP_INVALID_HOSTENTRY;
		if (e->trimmed.len == 0) {
			set_reason(e, e->raw.len == 0 ? "the entry is empty (an extra ';')" : "the entry is only whitespace");
		} else {
			set_reason(e, "the entry contains a line break (\\n), which the Host pattern does not accept");
		}
		return;
	}
	e->matched = 1;
	e->check = valid_host(e, e->host.ptr, e->host.len);
	if (e->check != SD_MAILERHOST_HOST_OK) {
		e->skip = SD_MAILERHOST_SKIP_INVALID_HOST;
		return;
	}
	if (e->prefix == SD_MAILERHOST_PREFIX_SSL || (e->prefix == SD_MAILERHOST_PREFIX_NONE && secure == SD_MAILERHOST_MODE_SMTPS)) {
		e->mode = SD_MAILERHOST_MODE_SMTPS;
	} else if (e->prefix == SD_MAILERHOST_PREFIX_TLS) {
		e->mode = SD_MAILERHOST_MODE_STARTTLS;
	} else {
		e->mode = secure == SD_MAILERHOST_MODE_STARTTLS ? SD_MAILERHOST_MODE_STARTTLS : SD_MAILERHOST_MODE_NONE;
	}
	e->port = port;
	p = entry_port(&e->port_text);
	if (p > 0) {
		e->port = p;
		e->port_overridden = 1;
	}
	e->connect_port = e->port == 0 ? SD_MAILERHOST_DEFAULT_PORT : e->port;
	connect_string(e);
}

size_t sd_mailerhost_parse(const char *host, size_t host_len, const char *secure, size_t secure_len, long port,
                           sd_mailerhost_result *out)
{
	return sd_mailerhost_parse_php(host, host_len, secure, secure_len, port, 0, out);
}

size_t sd_mailerhost_parse_php(const char *host, size_t host_len, const char *secure, size_t secure_len, long port,
                               long php_version_id, sd_mailerhost_result *out)
{
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	out->secure = sd_mailerhost_secure_mode(secure, secure_len);
	out->port = port;
	if (host == NULL) {
		host = "";
		host_len = 0;
	}
	for (;;) {
		size_t end = pos;
		while (end < host_len && host[end] != ';') {
			end++;
		}
		if (out->count < SD_MAILERHOST_MAX_ENTRIES) {
			sd_mailerhost_entry *e = &out->entries[out->count++];
			e->raw.ptr = host + pos;
			e->raw.len = end - pos;
			analyse_entry(e, out->secure, port, php_version_id);
			if (e->skip == SD_MAILERHOST_SKIP_NONE) {
				out->usable++;
			}
		} else {
			out->dropped++;
		}
		if (end >= host_len) {
			break;
		}
		pos = end + 1;
	}
	return out->usable;
}

size_t sd_mailerhost_debug_text(const sd_mailerhost_entry *e, char *out, size_t cap)
{
	const char *lead;
	const sd_mailerhost_span *s;
	size_t llen, n;

	if (e->skip == SD_MAILERHOST_SKIP_INVALID_HOSTENTRY) {
		lead = "Invalid hostentry:  ";
		s = &e->trimmed;
	} else if (e->skip == SD_MAILERHOST_SKIP_INVALID_HOST) {
		lead = "Invalid host:  ";
		s = &e->host;
	} else {
		lead = "";
		s = NULL;
	}
	llen = strlen(lead);
	n = llen + (s != NULL ? s->len : 0);
	if (cap > 0) {
		size_t w = n < cap ? n : cap - 1;
		size_t wl = llen < w ? llen : w;
		memcpy(out, lead, wl);
		if (w > wl) {
			memcpy(out + wl, s->ptr, w - wl);
		}
		out[w] = '\0';
	}
	return n;
}

/* ---- names ---- */

const char *sd_mailerhost_mode_name(sd_mailerhost_mode m)
{
	switch (m) {
	case SD_MAILERHOST_MODE_STARTTLS:
		return "starttls";
	case SD_MAILERHOST_MODE_SMTPS:
		return "smtps";
	default:
		return "none";
	}
}

const char *sd_mailerhost_prefix_name(sd_mailerhost_prefix p)
{
	switch (p) {
	case SD_MAILERHOST_PREFIX_SSL:
		return "ssl";
	case SD_MAILERHOST_PREFIX_TLS:
		return "tls";
	default:
		return "";
	}
}

const char *sd_mailerhost_skip_name(sd_mailerhost_skip s)
{
	switch (s) {
	case SD_MAILERHOST_SKIP_INVALID_HOSTENTRY:
		return "invalid hostentry";
	case SD_MAILERHOST_SKIP_INVALID_HOST:
		return "invalid host";
	default:
		return "none";
	}
}

const char *sd_mailerhost_check_name(sd_mailerhost_check c)
{
	switch (c) {
	case SD_MAILERHOST_HOST_EMPTY:
		return "empty";
	case SD_MAILERHOST_HOST_TOO_LONG:
		return "too long";
	case SD_MAILERHOST_HOST_ILLEGAL_CHAR:
		return "illegal character";
	case SD_MAILERHOST_HOST_BAD_IPV6:
		return "bad IPv6 literal";
	case SD_MAILERHOST_HOST_BAD_IPV4:
		return "bad IPv4 address";
	case SD_MAILERHOST_HOST_BAD_NAME:
		return "URL validation failed";
	default:
		return "ok";
	}
}
