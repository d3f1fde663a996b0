/* smtpdiag: host string checks and IDN conversion. See sd_host.h. */
#include "src/engine/sd_host.h"
#include "src/engine/sd_text.h"
#include "src/engine/sd_utf8.h"

#include <string.h>

#define LABEL_CP_MAX 64 /* code points looked at per label; more can never fit in 63 ASCII bytes */

/* Decode one character: ASCII as itself, else one UTF-8 sequence (see sd_utf8.h). Returns its length
 * and sets *cp, or 0 when p does not start a valid sequence. */
static size_t utf8_decode(const unsigned char *p, size_t len, unsigned long *cp)
{
	if (len > 0 && p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	return sd_utf8_decode(p, len, cp);
}

/* Non-ASCII code points that cannot be part of a host name label (a heuristic, see sd_host.h). */
static int is_refused(unsigned long cp)
{
	return (cp >= 0xa1 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7
		|| (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x2e00 && cp <= 0x2e7f)
		|| (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xd800 && cp <= 0xf8ff)
		|| (cp >= 0xfe10 && cp <= 0xfe6f) || (cp >= 0xff00 && cp <= 0xff65)
		|| (cp >= 0xfff0 && cp <= 0xffff) || (cp >= 0x1f000 && cp <= 0x1faff)
		|| (cp & 0xfffe) == 0xfffe || cp >= 0xf0000;
}

/* Lower-case the scripts sd_host.h names; other code points are returned unchanged. */
static unsigned long fold(unsigned long cp)
{
	if (cp >= 'A' && cp <= 'Z') {
		return cp + 0x20;
	}
	if ((cp >= 0xc0 && cp <= 0xde && cp != 0xd7) || (cp >= 0x391 && cp <= 0x3a9 && cp != 0x3a2)
		|| (cp >= 0x410 && cp <= 0x42f)) {
		return cp + 0x20;
	}
	if (cp >= 0x400 && cp <= 0x40f) {
		return cp + 0x50;
	}
	if (cp >= 0x100 && cp <= 0x17f) {
		if ((cp <= 0x12f || (cp >= 0x132 && cp <= 0x137) || (cp >= 0x14a && cp <= 0x177)) && cp % 2 == 0) {
			return cp + 1;
		}
		if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e)) && cp % 2 == 1) {
			return cp + 1;
		}
		if (cp == 0x178) {
			return 0xff;
		}
	}
	return cp;
}

static size_t utf8_encode(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char) (0xc0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char) (0xe0 | (cp >> 12));
		out[1] = (char) (0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char) (0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char) (0xf0 | (cp >> 18));
	out[1] = (char) (0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char) (0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char) (0x80 | (cp & 0x3f));
	return 4;
}

/* --- Punycode (RFC 3492) --- */

#define PC_BASE 36
#define PC_TMIN 1
#define PC_TMAX 26
#define PC_SKEW 38
#define PC_DAMP 700
#define PC_BIAS 72
#define PC_N 128
#define PC_MAXINT 0x7fffffffUL

static unsigned long pc_adapt(unsigned long delta, unsigned long points, int first)
{
	unsigned long k = 0;

	delta = first ? delta / PC_DAMP : delta / 2;
	delta += delta / points;
	while (delta > ((PC_BASE - PC_TMIN) * PC_TMAX) / 2) {
		delta /= PC_BASE - PC_TMIN;
		k += PC_BASE;
	}
	return k + ((PC_BASE - PC_TMIN + 1) * delta) / (delta + PC_SKEW);
}

static char pc_digit(unsigned long d)
{
	return (char) (d < 26 ? 'a' + d : '0' + (d - 26));
}

int sd_host_punycode(const unsigned long *cp, size_t n, char *out, size_t cap)
{
	unsigned long next = PC_N, delta = 0, bias = PC_BIAS, h, b;
	size_t o = 0, i;

	if (cap == 0) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (cp[i] > 0x10ffff) {
			return -1;
		}
		if (cp[i] < 0x80) {
			if (o + 1 >= cap) {
				return -1;
			}
			out[o++] = (char) cp[i];
		}
	}
	h = b = (unsigned long) o;
	if (b > 0) {
		if (o + 1 >= cap) {
			return -1;
		}
		out[o++] = '-';
	}
	while (h < n) {
		unsigned long m = 0x110000;
		for (i = 0; i < n; i++) {
			if (cp[i] >= next && cp[i] < m) {
				m = cp[i];
			}
		}
		if ((m - next) > (PC_MAXINT - delta) / (h + 1)) {
			return -1;
		}
		delta += (m - next) * (h + 1);
		next = m;
		for (i = 0; i < n; i++) {
			if (cp[i] < next) {
				if (++delta > PC_MAXINT) {
					return -1;
				}
			}
			if (cp[i] == next) {
				unsigned long q = delta, k;
				for (k = PC_BASE;; k += PC_BASE) {
					unsigned long t = k <= bias ? PC_TMIN : k >= bias + PC_TMAX ? PC_TMAX : k - bias;
					if (q < t) {
						break;
					}
					if (o + 1 >= cap) {
						return -1;
					}
					out[o++] = pc_digit(t + (q - t) % (PC_BASE - t));
					q = (q - t) / (PC_BASE - t);
				}
				if (o + 1 >= cap) {
					return -1;
				}
				out[o++] = pc_digit(q);
				bias = pc_adapt(delta, h + 1, h == b);
				delta = 0;
				h++;
			}
		}
		delta++;
		next++;
	}
	out[o] = '\0';
	return (int) o;
}

/* --- literals --- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_xdigit(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int sd_host_ipv4_literal(const char *s, size_t len)
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		unsigned v = 0;
		if (part > 0) {
			if (i >= len || s[i] != '.') {
				return 0;
			}
			start = ++i;
		}
		while (i < len && is_digit(s[i]) && i - start < 4) {
			v = v * 10 + (unsigned) (s[i] - '0');
			i++;
		}
		if (i == start || i - start > 3 || v > 255 || (s[start] == '0' && i - start > 1)) {
			return 0;
		}
	}
	return i == len;
}

const char *sd_host_ipv6_problem(const char *s, size_t len)
{
	size_t groups = 0, i = 0, k;
	int compressed = 0;

	if (memchr(s, ':', len) == NULL) {
		return "no ':' inside the brackets";
	}
	if (len >= 2 && s[0] == ':' && s[1] != ':') {
		return "it starts with a single ':'";
	}
	if (len >= 2 && s[len - 1] == ':' && s[len - 2] != ':') {
		return "it ends with a single ':'";
	}
	while (i < len) {
		size_t start;
		if (s[i] == ':') {
			if (i + 1 < len && s[i + 1] == ':') {
				if (compressed) {
					return "more than one '::'";
				}
				compressed = 1;
				i += 2;
				if (i < len && s[i] == ':') {
					return "':::' is not allowed";
				}
				continue;
			}
			if (i == 0 || i + 1 >= len) {
				return "a single ':' at an end";
			}
			i++;
		}
		start = i;
		while (i < len && s[i] != ':') {
			i++;
		}
		if (memchr(s + start, '.', i - start) != NULL) {
			/* the last two groups written as an IPv4 address (::ffff:192.0.2.1) */
			if (i < len || !sd_host_ipv4_literal(s + start, i - start)) {
				return "a dotted part that is not an IPv4 address at the end";
			}
			groups += 2;
			continue;
		}
		for (k = start; k < i; k++) {
			if (!is_xdigit(s[k])) {
				return "a character that is neither a hex digit nor ':'";
			}
		}
		if (i - start > 4) {
			return "a group has more than four hex digits";
		}
		groups++;
	}
	if (compressed ? groups > 7 : groups != 8) {
		return compressed ? "too many groups for '::'" : "not eight groups and no '::'";
	}
	return NULL;
}

static int ipv6_ok(const char *s, size_t len)
{
	return sd_host_ipv6_problem(s, len) == NULL;
}

/* --- the check --- */

static void flag(sd_host_result *r, sd_host_class c)
{
	r->issues |= 1u << c;
}

static int has(const sd_host_result *r, sd_host_class c)
{
	return (r->issues & (1u << c)) != 0;
}

/* Convert one label s[0..len) (UTF-8, already free of junk) to ASCII into out at *o (capacity cap).
 * Returns 0, or the class of the problem. */
static sd_host_class label_to_ascii(const char *s, size_t len, char *out, size_t *o, size_t cap, int *underscore)
{
	unsigned long cps[LABEL_CP_MAX];
	size_t n = 0, i = 0, k;
	int non_ascii = 0;

	if (len == 0) {
		return SD_HOST_ILLEGAL;
	}
	while (i < len) {
		unsigned long cp;
		size_t used = utf8_decode((const unsigned char *) s + i, len - i, &cp);
		if (used == 0) {
			return SD_HOST_ILLEGAL;
		}
		i += used;
		cp = fold(cp);
		if (cp >= 0x80) {
			if (is_refused(cp)) {
				return SD_HOST_ILLEGAL;
			}
			non_ascii = 1;
		} else if (cp == '_') {
			*underscore = 1;
		} else if (!((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '-')) {
			return SD_HOST_ILLEGAL;
		}
		if (n == LABEL_CP_MAX) {
			return SD_HOST_TOO_LONG;
		}
		cps[n++] = cp;
	}
	if (cps[0] == '-' || cps[n - 1] == '-') {
		return SD_HOST_ILLEGAL;
	}
	if (!non_ascii) {
		if (n > SD_HOST_LABEL_MAX) {
			return SD_HOST_TOO_LONG;
		}
		if (*o + n >= cap) {
			return SD_HOST_TOO_LONG;
		}
		for (k = 0; k < n; k++) {
			out[(*o)++] = (char) cps[k];
		}
		return SD_HOST_NAME;
	} else {
		char pc[SD_HOST_LABEL_MAX + 2];
		int pl = sd_host_punycode(cps, n, pc, sizeof(pc));
		if (pl < 0 || pl + 4 > SD_HOST_LABEL_MAX || *o + 4 + (size_t) pl >= cap) {
			return SD_HOST_TOO_LONG;
		}
		memcpy(out + *o, "xn--", 4);
		memcpy(out + *o + 4, pc, (size_t) pl);
		*o += 4 + (size_t) pl;
		return SD_HOST_IDN;
	}
}

/* The name s[0..len) to ASCII in r->ascii, flagging what it finds. */
static void name_to_ascii(const char *s, size_t len, sd_host_result *r)
{
	size_t i = 0, o = 0;
	int underscore = 0;

	int fqdn = len > 1 && s[len - 1] == '.';

	if (fqdn) {
		len--; /* a fully qualified name's root dot */
	}
	while (i <= len) {
		size_t start = i;
		sd_host_class c;
		while (i < len && s[i] != '.') {
			i++;
		}
		if (o > 0) {
			r->ascii[o++] = '.';
		}
		c = label_to_ascii(s + start, i - start, r->ascii, &o, sizeof(r->ascii) - 1, &underscore);
		if (c == SD_HOST_IDN) {
			flag(r, SD_HOST_IDN);
		} else if (c != SD_HOST_NAME) {
			flag(r, c);
			r->ascii[0] = '\0';
			return;
		}
		i++;
	}
	r->ascii[o] = '\0';
	if (o > SD_HOST_NAME_MAX) {
		flag(r, SD_HOST_TOO_LONG);
		r->ascii[0] = '\0';
		return;
	}
	if (underscore) {
		flag(r, SD_HOST_UNDERSCORE);
	}
	if (fqdn && o + 1 < sizeof(r->ascii)) {
		r->ascii[o++] = '.';
		r->ascii[o] = '\0';
	}
}

static void set_str(char *dst, size_t cap, const char *s, size_t len)
{
	if (len >= cap) {
		len = cap - 1;
	}
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* Scan the raw input: drop whitespace, controls, invisibles and invalid bytes (flagging each), map
 * fullwidth ASCII and ideographic full stops, copy the rest to vis. Returns vis's length. */
static size_t scan_raw(const unsigned char *p, size_t len, char *vis, size_t cap, sd_host_result *r)
{
	size_t i = 0, n = 0;
	int seen = 0, pending = 0;

	while (i < len) {
		unsigned long cp;
		size_t used = utf8_decode(p + i, len - i, &cp);
		if (used == 0) {
			flag(r, SD_HOST_ILLEGAL);
			i++;
			continue;
		}
		i += used;
		if (cp == ' ' || (cp >= 0x09 && cp <= 0x0d)) {
			flag(r, SD_HOST_WHITESPACE);
			if (seen) {
				pending = 1;
			} else {
				r->whitespace |= SD_HOST_WS_LEADING;
			}
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			flag(r, SD_HOST_CONTROL);
			continue;
		}
		if (sd_text_invisible(cp)) {
			flag(r, SD_HOST_INVISIBLE);
			continue;
		}
		if (cp == 0x3002 || cp == 0xff0e || cp == 0xff61) {
			cp = '.';
			flag(r, SD_HOST_IDN);
		} else if ((cp >= 0xff10 && cp <= 0xff19) || (cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a)) {
			cp -= 0xfee0;
			flag(r, SD_HOST_IDN);
		}
		if (pending) {
			r->whitespace |= SD_HOST_WS_INNER;
			pending = 0;
		}
		seen = 1;
		if (n + 4 < cap) {
			n += utf8_encode(cp, vis + n);
		}
	}
	if (pending) {
		r->whitespace |= SD_HOST_WS_TRAILING;
	}
	return n;
}

/* The port after a host: 1-65535, or -1 when it is empty, not a number or out of range. */
static int parse_port(const char *s, size_t len)
{
	size_t i;
	long v = 0;

	if (len == 0 || len > 5) {
		return -1;
	}
	for (i = 0; i < len; i++) {
		if (!is_digit(s[i])) {
			return -1;
		}
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= 65535 ? (int) v : -1;
}

static const sd_host_class priority[] = {
	SD_HOST_EMPTY, SD_HOST_CONTROL, SD_HOST_INVISIBLE, SD_HOST_WHITESPACE, SD_HOST_URL, SD_HOST_PORT,
	SD_HOST_LIST, SD_HOST_IPV6_BARE, SD_HOST_IPV6_INVALID, SD_HOST_IPV4_INVALID, SD_HOST_TOO_LONG,
	SD_HOST_ILLEGAL, SD_HOST_UNDERSCORE, SD_HOST_IDN
};

/* A scheme ("smtp://", "ssl://") at the start of vis[0..n): records it lower-cased in r->scheme and
 * flags URL. Returns where the rest starts: after "://", or 0 when there is no scheme. */
static size_t strip_scheme(const char *vis, size_t n, sd_host_result *r)
{
	size_t i = 1, k, sl;

	if (n == 0 || !((vis[0] | 0x20) >= 'a' && (vis[0] | 0x20) <= 'z')) {
		return 0;
	}
	while (i < n && (((vis[i] | 0x20) >= 'a' && (vis[i] | 0x20) <= 'z') || is_digit(vis[i])
			|| vis[i] == '+' || vis[i] == '-' || vis[i] == '.')) {
		i++;
	}
	if (!(i + 2 < n && vis[i] == ':' && vis[i + 1] == '/' && vis[i + 2] == '/')) {
		return 0;
	}
	sl = i < sizeof(r->scheme) - 1 ? i : sizeof(r->scheme) - 1;
	for (k = 0; k < sl; k++) {
		char c = vis[k];
		r->scheme[k] = (c >= 'A' && c <= 'Z') ? (char) (c + 0x20) : c;
	}
	r->scheme[sl] = '\0';
	flag(r, SD_HOST_URL);
	return i + 3;
}

/* Narrows vis[*start..*end) to the host part: drops a path, query or fragment and a "user@" (URL), and
 * a ';' list tail (LIST), flagging each. */
static void strip_url_parts(const char *vis, size_t *start, size_t *end, sd_host_result *r)
{
	size_t i;

	for (i = *start; i < *end; i++) {
		if (vis[i] == '/' || vis[i] == '?' || vis[i] == '#' || vis[i] == '\\') {
			*end = i;
			flag(r, SD_HOST_URL);
			break;
		}
	}
	for (i = *end; i > *start; i--) {
		if (vis[i - 1] == '@') {
			*start = i;
			flag(r, SD_HOST_URL);
			break;
		}
	}
	for (i = *start; i < *end; i++) {
		if (vis[i] == ';') {
			*end = i;
			flag(r, SD_HOST_LIST);
			break;
		}
	}
}

/* A host h[0..hl) that starts with '[': an IPv6 literal, maybe followed by ":port". Fills r->clean and
 * r->port, flags what is wrong. Returns IPV6 or IPV6_INVALID, or NAME when the ']' is missing. */
static sd_host_class check_bracketed(const char *h, size_t hl, sd_host_result *r)
{
	const char *close = memchr(h, ']', hl);
	size_t inner, after;
	sd_host_class kind;

	if (close == NULL) {
		/* "[::1": the closing bracket is missing; the clean form has it. */
		flag(r, SD_HOST_IPV6_INVALID);
		if (ipv6_ok(h + 1, hl - 1) && hl + 2 <= sizeof(r->clean)) {
			memcpy(r->clean, h, hl);
			r->clean[hl] = ']';
			r->clean[hl + 1] = '\0';
		} else {
			set_str(r->clean, sizeof(r->clean), h, hl);
		}
		return SD_HOST_NAME;
	}
	inner = (size_t) (close - h) - 1;
	after = (size_t) (close - h) + 1;
	if (after < hl) {
		if (h[after] == ':' && memchr(h + after + 1, ':', hl - after - 1) == NULL) {
			r->port = parse_port(h + after + 1, hl - after - 1);
			flag(r, SD_HOST_PORT);
		} else {
			flag(r, SD_HOST_ILLEGAL);
		}
		hl = after;
	}
	kind = ipv6_ok(h + 1, inner) ? SD_HOST_IPV6 : SD_HOST_IPV6_INVALID;
	if (kind == SD_HOST_IPV6_INVALID) {
		flag(r, kind);
	}
	set_str(r->clean, sizeof(r->clean), h, hl);
	return kind;
}

/* A host h[0..hl) without brackets: a bare IPv6 literal (two colons or more), else a name or an IPv4
 * literal, maybe followed by ":port". Fills r->clean, r->port and (for a name) r->ascii, flags what is
 * wrong. Returns IPV6, IPV4 or NAME. */
static sd_host_class check_unbracketed(const char *h, size_t hl, sd_host_result *r)
{
	size_t colons = 0, last = 0, i;
	int only_digits = 1, digits = 0;

	for (i = 0; i < hl; i++) {
		if (h[i] == ':') {
			colons++;
			last = i;
		}
	}
	if (colons >= 2) {
		if (!ipv6_ok(h, hl)) {
			flag(r, SD_HOST_ILLEGAL);
			set_str(r->clean, sizeof(r->clean), h, hl);
			return SD_HOST_NAME;
		}
		flag(r, SD_HOST_IPV6_BARE);
		if (hl + 3 <= sizeof(r->clean)) {
			r->clean[0] = '[';
			memcpy(r->clean + 1, h, hl);
			r->clean[hl + 1] = ']';
			r->clean[hl + 2] = '\0';
		}
		return SD_HOST_IPV6;
	}
	if (colons == 1) {
		r->port = parse_port(h + last + 1, hl - last - 1);
		flag(r, SD_HOST_PORT);
		hl = last;
	}
	set_str(r->clean, sizeof(r->clean), h, hl);
	if (hl == 0) {
		flag(r, SD_HOST_EMPTY);
		return SD_HOST_NAME;
	}
	for (i = 0; i < hl; i++) {
		if (is_digit(h[i])) {
			digits = 1;
		} else if (h[i] != '.') {
			only_digits = 0;
			break;
		}
	}
	if (only_digits && digits) {
		if (!sd_host_ipv4_literal(h, hl)) {
			flag(r, SD_HOST_IPV4_INVALID);
		}
		return SD_HOST_IPV4;
	}
	name_to_ascii(h, hl, r);
	return SD_HOST_NAME;
}

/* r->ascii for literals (a name's was made by name_to_ascii()), cleared when the host part is unusable,
 * and r->addr from it. */
static void set_ascii_forms(sd_host_class kind, sd_host_result *r)
{
	if (kind == SD_HOST_IPV4 && !has(r, SD_HOST_IPV4_INVALID)) {
		set_str(r->ascii, sizeof(r->ascii), r->clean, strlen(r->clean));
	} else if (kind == SD_HOST_IPV6 && r->clean[0] == '[' && !has(r, SD_HOST_IPV6_INVALID)) {
		size_t cl = strlen(r->clean), k;
		for (k = 0; k < cl; k++) {
			char c = r->clean[k];
			r->ascii[k] = (c >= 'A' && c <= 'F') ? (char) (c + 0x20) : c;
		}
		r->ascii[cl] = '\0';
	}
	if (has(r, SD_HOST_EMPTY) || has(r, SD_HOST_IPV6_INVALID) || has(r, SD_HOST_IPV4_INVALID)
		|| has(r, SD_HOST_TOO_LONG) || has(r, SD_HOST_ILLEGAL)) {
		r->ascii[0] = '\0';
	}
	if (r->ascii[0] == '[') {
		size_t al = strlen(r->ascii);
		set_str(r->addr, sizeof(r->addr), r->ascii + 1, al - 2);
	} else {
		set_str(r->addr, sizeof(r->addr), r->ascii, strlen(r->ascii));
	}
}

sd_host_class sd_host_check(const char *host, size_t len, sd_host_result *r)
{
	char vis[SD_HOST_BUF];
	size_t n, i, start, end;
	sd_host_class kind;

	memset(r, 0, sizeof(*r));
	if (len > SD_HOST_INPUT_MAX) {
		flag(r, SD_HOST_TOO_LONG);
		len = SD_HOST_INPUT_MAX;
	}
	n = scan_raw((const unsigned char *) host, len, vis, sizeof(vis), r);
	vis[n] = '\0';

	start = strip_scheme(vis, n, r);
	end = n;
	strip_url_parts(vis, &start, &end, r);
	if (end > start && vis[start] == '[') {
		kind = check_bracketed(vis + start, end - start, r);
	} else {
		kind = check_unbracketed(vis + start, end - start, r);
	}
	set_ascii_forms(kind, r);
	if (r->clean[0] == '\0') {
		flag(r, SD_HOST_EMPTY);
	}

	/* the most serious problem, else what the host is */
	r->cls = kind;
	for (i = 0; i < sizeof(priority) / sizeof(priority[0]); i++) {
		if (has(r, priority[i])) {
			r->cls = priority[i];
			break;
		}
	}
	r->malformed = sd_host_is_malformed(r->cls);
	return r->cls;
}

int sd_host_is_malformed(sd_host_class cls)
{
	return cls >= SD_HOST_EMPTY && cls <= SD_HOST_ILLEGAL;
}

const char *sd_host_reason(sd_host_class cls)
{
	switch (cls) {
	case SD_HOST_NAME: return "a valid host name";
	case SD_HOST_IPV4: return "a valid IPv4 address";
	case SD_HOST_IPV6: return "a valid IPv6 address in brackets";
	case SD_HOST_IDN: return "an internationalised name: PHPMailer rejects non-ASCII host names, write its ASCII (xn--) form";
	case SD_HOST_UNDERSCORE: return "contains an underscore: legal in DNS, but PHPMailer rejects it in a host name";
	case SD_HOST_EMPTY: return "the host is empty";
	case SD_HOST_CONTROL: return "contains control characters (a line break, an escape, a NUL...)";
	case SD_HOST_INVISIBLE: return "contains invisible characters (no-break space, zero-width space or joiner, byte-order mark...), usually pasted from a web page or a document";
	case SD_HOST_WHITESPACE: return "contains spaces or tabs (before, after or inside the name)";
	case SD_HOST_URL: return "contains a URL, scheme, path or user@ where only a host name belongs: set the port and the security mode separately";
	case SD_HOST_PORT: return "contains a port (host:port): give the port separately";
	case SD_HOST_LIST: return "contains ';': a list of hosts where one host belongs; check each entry on its own";
	case SD_HOST_IPV6_BARE: return "an IPv6 address without brackets: PHPMailer reads it as host:port; write it as [address]";
	case SD_HOST_IPV6_INVALID: return "in brackets but not a valid IPv6 address";
	case SD_HOST_IPV4_INVALID: return "only digits and dots, but not a valid IPv4 address (four numbers 0-255, no leading zeros)";
	case SD_HOST_TOO_LONG: return "too long: a host name has at most 253 characters and each dot-separated part at most 63";
	case SD_HOST_ILLEGAL: return "contains characters or parts a host name cannot have (letters, digits, hyphens and dots only; no empty part; no hyphen at either end of a part)";
	}
	return "unknown";
}

const char *sd_host_class_name(sd_host_class cls)
{
	switch (cls) {
	case SD_HOST_NAME: return "name";
	case SD_HOST_IPV4: return "ipv4";
	case SD_HOST_IPV6: return "ipv6";
	case SD_HOST_IDN: return "idn";
	case SD_HOST_UNDERSCORE: return "underscore";
	case SD_HOST_EMPTY: return "empty";
	case SD_HOST_CONTROL: return "control";
	case SD_HOST_INVISIBLE: return "invisible";
	case SD_HOST_WHITESPACE: return "whitespace";
	case SD_HOST_URL: return "url";
	case SD_HOST_PORT: return "port";
	case SD_HOST_LIST: return "list";
	case SD_HOST_IPV6_BARE: return "ipv6_bare";
	case SD_HOST_IPV6_INVALID: return "ipv6_invalid";
	case SD_HOST_IPV4_INVALID: return "ipv4_invalid";
	case SD_HOST_TOO_LONG: return "too_long";
	case SD_HOST_ILLEGAL: return "illegal";
	}
	return "unknown";
}
