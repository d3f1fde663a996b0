/* smtpdiag: mailer DSNs as Symfony Mailer reads them. See sd_dsn.h. */
#include "src/engine/sd_dsn.h"
#include "src/engine/sd_str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_LOCAL_DOMAIN "[127.0.0.1]"

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int hex_value(unsigned char c)
{
	if (is_digit(c)) return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static int span_is(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static int fail(sd_dsn *out, sd_dsn_error e, const char *fmt, ...)
{
	va_list ap;

	memset(out, 0, sizeof(*out));
	out->error = e;
	va_start(ap, fmt);
	vsnprintf(out->message, sizeof(out->message), fmt, ap);
	va_end(ap);
	return -1;
}

/* Printable ASCII copy of s[0..len) for a message: other bytes as '?', cut to cap - 1 with "...". */
static void shown(const char *s, size_t len, char *buf, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 1 < cap; i++) {
		unsigned char c = (unsigned char) s[i];
		buf[n++] = c >= 0x20 && c < 0x7f && c != '"' ? (char) c : '?';
	}
	if (i < len && cap > 4) {
		n = n > cap - 4 ? cap - 4 : n;
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
}

static void note(sd_dsn *out, const char *fmt, ...)
{
	va_list ap;

	if (out->note_count >= SD_DSN_NOTES_MAX) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(out->notes[out->note_count++], SD_DSN_NOTE_MAX, fmt, ap);
	va_end(ap);
}

/* rawurldecode() (plus = 0) or urldecode() (plus = 1) of s[0..len) into out (capacity cap, NUL-terminated).
 * A '%' not followed by two hex digits stays as it is, as in PHP. Returns the decoded length, or
 * (size_t) -1 when it does not fit. */
static size_t url_decode(const char *s, size_t len, int plus, char *out, size_t cap)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];
		int hi, lo;
		if (n + 1 >= cap) {
			return (size_t) -1;
		}
		if (c == '%' && i + 2 < len && (hi = hex_value((unsigned char) s[i + 1])) >= 0
				&& (lo = hex_value((unsigned char) s[i + 2])) >= 0) {
			out[n++] = (char) (hi * 16 + lo);
			i += 2;
		} else if (plus && c == '+') {
			out[n++] = ' ';
		} else {
			out[n++] = (char) c;
		}
	}
	if (cap) {
		out[n] = '\0';
	}
	return n;
}

/* PHP's FILTER_VALIDATE_BOOL without NULL_ON_FAILURE: true only for "1", "true", "on", "yes" (any case,
 * surrounding whitespace ignored). */
static int filter_bool(const char *v)
{
	static const char *const yes[] = { "1", "true", "on", "yes" };
	size_t start = 0, end = strlen(v), i, k;

	while (start < end && (v[start] == ' ' || v[start] == '\t' || v[start] == '\n' || v[start] == '\r'
			|| v[start] == '\v' || v[start] == '\0')) {
		start++;
	}
	while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t' || v[end - 1] == '\n'
			|| v[end - 1] == '\r' || v[end - 1] == '\v')) {
		end--;
	}
	for (k = 0; k < sizeof(yes) / sizeof(yes[0]); k++) {
		if (strlen(yes[k]) != end - start) {
			continue;
		}
		for (i = 0; i < end - start; i++) {
			char c = v[start + i];
			if (c >= 'A' && c <= 'Z') {
				c = (char) (c - 'A' + 'a');
			}
			if (c != yes[k][i]) {
				break;
			}
		}
		if (i == end - start) {
			return 1;
		}
	}
	return 0;
}

/* The scheme the SMTP transport does not take, and why. */
static int bad_scheme(sd_dsn *out, const char *s, size_t len)
{
	char name[40];
	const char *plus = memchr(s, '+', len);
	size_t i;
	int lower = 1;

	shown(s, len, name, sizeof(name));
	for (i = 0; i < len; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z') {
			lower = 0;
		}
	}
	if (!lower && len >= 4 && len <= 5) {
		char low[6];
		for (i = 0; i < len; i++) {
			low[i] = (char) (s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
		}
		if (span_is(low, len, "smtp") || span_is(low, len, "smtps")) {
			return fail(out, SD_DSN_E_SCHEME, "the scheme \"%s\" must be written in lower case: Symfony Mailer "
				"compares it exactly, and takes only smtp and smtps", name);
		}
	}
	if (span_is(s, len, "null") || span_is(s, len, "sendmail") || span_is(s, len, "native")) {
		return fail(out, SD_DSN_E_SCHEME, "the scheme \"%s\" does not send over SMTP: there is no SMTP "
			"server to check", name);
	}
	if (plus && (span_is(plus, (size_t) (s + len - plus), "+smtp") || span_is(plus, (size_t) (s + len - plus), "+smtps"))) {
		return fail(out, SD_DSN_E_SCHEME, "the scheme \"%s\" is a provider bridge, which sets the SMTP host "
			"itself: write the provider's SMTP server as smtps://USER:PASS@HOST:465 (or smtp://...:587) to "
			"check it", name);
	}
	if (plus) {
		return fail(out, SD_DSN_E_SCHEME, "the scheme \"%s\" is a provider's HTTP API, not SMTP: smtpdiag "
			"checks smtp:// and smtps:// DSNs", name);
	}
	return fail(out, SD_DSN_E_SCHEME, "the scheme \"%s\" is not one Symfony Mailer's SMTP transport takes: "
		"use smtp:// or smtps://", name);
}

/* A query option; value decoded (NUL-terminated, value_len bytes). */
static int apply_option(sd_dsn *out, const char *key, size_t key_len, const char *value, size_t value_len,
	int *auto_tls, int *require_tls)
{
	static const char *const no_effect[] = { "max_per_second", "restart_threshold", "restart_threshold_sleep",
		"ping_threshold", NULL };
	char name[SD_DSN_KEY_MAX];
	size_t i;

	if (span_is(key, key_len, "verify_peer")) {
		/* '' keeps verification; any other value not read as true turns it off */
		out->verify_peer = value_len == 0 || filter_bool(value);
		return 0;
	}
	if (span_is(key, key_len, "auto_tls")) {
		*auto_tls = value_len == 0 || filter_bool(value);
		return 0;
	}
	if (span_is(key, key_len, "require_tls")) {
		*require_tls = filter_bool(value);
		return 0;
	}
	if (span_is(key, key_len, "local_domain")) {
		if (value_len == 0 || value_len > SD_DSN_HELO_MAX || strlen(value) != value_len) {
			return fail(out, SD_DSN_E_OPTION, "local_domain must be a host name of 1 to %d bytes "
				"(the name sent in EHLO)", SD_DSN_HELO_MAX);
		}
		for (i = 0; i < value_len; i++) {
			unsigned char c = (unsigned char) value[i];
			if (c <= ' ' || c >= 0x7f) {
				return fail(out, SD_DSN_E_OPTION, "local_domain must be a host name without spaces or "
					"control characters (the name sent in EHLO)");
			}
		}
		memcpy(out->helo, value, value_len + 1);
		return 0;
	}
	if (span_is(key, key_len, "source_ip")) {
		int colon = 0;
		if (value_len == 0) {
			return 0;
		}
		for (i = 0; i < value_len; i++) {
			unsigned char c = (unsigned char) value[i];
			colon |= c == ':';
			if (hex_value(c) < 0 && c != ':' && c != '.') {
				return fail(out, SD_DSN_E_OPTION, "source_ip must be an IPv4 or IPv6 address");
			}
		}
		if (value_len + 5 >= sizeof(out->bindto)) {
			return fail(out, SD_DSN_E_OPTION, "source_ip must be an IPv4 or IPv6 address");
		}
		snprintf(out->bindto, sizeof(out->bindto), colon ? "[%s]:0" : "%s:0", value);
		return 0;
	}
	if (span_is(key, key_len, "peer_fingerprint")) {
		note(out, "peer_fingerprint pins the server's certificate in Symfony Mailer; smtpdiag does not "
			"compare it");
		return 0;
	}
	for (i = 0; no_effect[i]; i++) {
		if (span_is(key, key_len, no_effect[i])) {
			return 0;
		}
	}
	/* listed as shown, once: a name repeated is listed once also when it holds bytes shown as '?' or
	 * is cut to fit */
	shown(key, key_len, name, sizeof(name));
	for (i = 0; i < out->ignored_count && strcmp(out->ignored[i], name) != 0; i++) {
	}
	if (i < out->ignored_count) {
		return 0;
	}
	if (out->ignored_count < SD_DSN_KEYS_MAX) {
		memcpy(out->ignored[out->ignored_count++], name, sizeof(name));
	}
	if (span_is(key, key_len, "encryption") || span_is(key, key_len, "auth_mode")) {
		note(out, "%.*s is a SwiftMailer setting that Symfony Mailer does not read: the scheme and the port "
			"decide the encryption", (int) key_len, key);
	}
	return 0;
}

/* parse_str() of the query, option by option (the last of a repeated key wins, as in PHP). */
static int parse_query(sd_dsn *out, const char *q, size_t len, int *auto_tls, int *require_tls)
{
	char key[SD_DSN_KEY_MAX * 2], value[SD_DSN_HELO_MAX * 3 + 4];
	size_t pos = 0;

	while (pos < len) {
		const char *part = q + pos, *amp = memchr(part, '&', len - pos), *eq;
		size_t part_len = amp ? (size_t) (amp - part) : len - pos, key_len, value_len;

		pos += part_len + 1;
		if (part_len == 0) {
			continue;
		}
		eq = memchr(part, '=', part_len);
		key_len = url_decode(part, eq ? (size_t) (eq - part) : part_len, 1, key, sizeof(key));
		if (key_len == (size_t) -1) {
			/* a key this long is no option Symfony reads */
			key_len = sizeof(key) - 1;
		}
		if (key_len == 0) {
			continue;
		}
		value_len = eq ? url_decode(eq + 1, part_len - (size_t) (eq + 1 - part), 1, value, sizeof(value)) : 0;
		if (!eq) {
			value[0] = '\0';
		}
		if (value_len == (size_t) -1) {
			if (span_is(key, key_len, "local_domain") || span_is(key, key_len, "source_ip")) {
				return fail(out, SD_DSN_E_OPTION, "%s is too long", key);
			}
			value_len = sizeof(value) - 1;
			value[value_len] = '\0';
		}
		if (apply_option(out, key, key_len, value, value_len, auto_tls, require_tls) != 0) {
			return -1;
		}
	}
	return 0;
}

const char *sd_dsn_error_name(sd_dsn_error e)
{
	switch (e) {
		case SD_DSN_OK: return "ok";
		case SD_DSN_E_EMPTY: return "empty";
		case SD_DSN_E_TOO_LONG: return "too long";
		case SD_DSN_E_NO_SCHEME: return "no scheme";
		case SD_DSN_E_SCHEME: return "scheme";
		case SD_DSN_E_LIST: return "list";
		case SD_DSN_E_USERINFO: return "user information";
		case SD_DSN_E_NO_HOST: return "no host";
		case SD_DSN_E_IPV6: return "IPv6 literal";
		case SD_DSN_E_PORT: return "port";
		case SD_DSN_E_SECRET_TOO_LONG: return "secret too long";
		case SD_DSN_E_OPTION: return "option";
	}
	return "unknown";
}

/* The user information before '@' (auth to at), percent-decoded into out. 0, or -1 (out says why). */
static int parse_userinfo(sd_dsn *out, const char *auth, const char *at)
{
	const char *sep = memchr(auth, ':', (size_t) (at - auth));
	const char *user_end = sep ? sep : at;
	size_t n;

	if (user_end > auth) {
		n = url_decode(auth, (size_t) (user_end - auth), 0, out->username, sizeof(out->username));
		if (n == (size_t) -1) {
			return fail(out, SD_DSN_E_SECRET_TOO_LONG, "the user name is longer than %d bytes", SD_DSN_SECRET_MAX);
		}
		out->username_len = n;
		out->has_username = 1;
	}
	if (sep && at > sep + 1) {
		n = url_decode(sep + 1, (size_t) (at - sep - 1), 0, out->password, sizeof(out->password));
		if (n == (size_t) -1) {
			return fail(out, SD_DSN_E_SECRET_TOO_LONG, "the password is longer than %d bytes", SD_DSN_SECRET_MAX);
		}
		out->password_len = n;
		out->has_password = 1;
	}
	return 0;
}

/* The host (an "[IPv6]" literal, or up to the last ':') and the port of the authority host..auth_end.
 * Sets *host_end_out and *port_out (0: none). 0, or -1 (out says why). */
static int parse_host_port(sd_dsn *out, const char *host, const char *auth_end, const char **host_end_out,
	long *port_out)
{
	const char *p, *host_end, *colon;
	long port = 0;

	/* host: "[IPv6]" or up to the last ':' */
	if (host < auth_end && *host == '[') {
		const char *close = memchr(host, ']', (size_t) (auth_end - host));
		if (close == NULL || close == host + 1 || (close + 1 < auth_end && close[1] != ':')) {
			return fail(out, SD_DSN_E_IPV6, "an IPv6 address is written [address] (e.g. smtp://[2001:db8::25]:587)");
		}
		for (p = host + 1; p < close; p++) {
			if (hex_value((unsigned char) *p) < 0 && *p != ':' && *p != '.') {
				return fail(out, SD_DSN_E_IPV6, "an IPv6 address in [ ] holds only hex digits, ':' and '.'");
			}
		}
		host_end = close + 1;
		colon = host_end < auth_end ? host_end : NULL;
	} else {
		colon = NULL;
		for (p = host; p < auth_end; p++) {
			if (*p == ':') {
				colon = p;
			}
		}
		host_end = colon ? colon : auth_end;
	}
	if (host_end == host) {
		return fail(out, SD_DSN_E_NO_HOST, "the DSN names no host (smtp://user:pass@HOST:port)");
	}
	if (colon) {
		const char *d = colon + 1;
		if (d == auth_end) {
			return fail(out, SD_DSN_E_PORT, "the port after ':' is empty: give one from 1 to 65535, or "
				"leave out the ':'");
		}
		for (; d < auth_end; d++) {
			if (!is_digit((unsigned char) *d)) {
				return fail(out, SD_DSN_E_PORT, "the port after the host is not a number: give one from 1 to "
					"65535 (percent-encode a ':', '@' or '/' in the user name or password)");
			}
			port = port * 10 + (*d - '0');
			if (port > 65535) {
				break;
			}
		}
		if (port < 1 || port > 65535) {
			return fail(out, SD_DSN_E_PORT, "the port must be between 1 and 65535");
		}
	}
	*host_end_out = host_end;
	*port_out = port;
	return 0;
}

/* The TLS mode and port Symfony Mailer uses for this DSN. 0, or -1 (out says why). */
static int choose_security(sd_dsn *out, size_t scheme_len, long port, int auto_tls, int require_tls)
{
	int localhost;

	/* EsmtpTransportFactory and EsmtpTransport's constructor */
	localhost = span_is(out->host, out->host_len, "localhost");
	if (scheme_len == 5) {
		out->security = SD_SEC_SMTPS;
		out->port = port ? (int) port : 465;
	} else if (!auto_tls) {
		if (require_tls) {
			return fail(out, SD_DSN_E_OPTION, "require_tls with auto_tls off: Symfony Mailer never starts TLS "
				"on smtp://, so it refuses every connection (use smtps://, or turn auto_tls on)");
		}
		out->security = SD_SEC_NONE;
		out->port = port ? (int) port : 25;
		note(out, "auto_tls is off: Symfony Mailer never uses TLS on smtp://, even where the server offers "
			"STARTTLS");
	} else if (port == 465) {
		out->security = SD_SEC_SMTPS;
		out->port = 465;
		note(out, "port 465: Symfony Mailer uses implicit TLS there, as for smtps://");
	} else if (port == 0 && !localhost) {
		out->security = SD_SEC_SMTPS;
		out->port = 465;
		note(out, "no port: Symfony Mailer uses implicit TLS on port 465 (as smtps://) for a host other than "
			"localhost");
	} else {
		out->security = require_tls ? SD_SEC_STARTTLS : SD_SEC_AUTO;
		out->port = port ? (int) port : 25;
		if (port == 0) {
			note(out, "no port, host localhost: Symfony Mailer connects to port 25 without TLS, and uses "
				"STARTTLS when the server offers it");
		}
	}
	if (!out->verify_peer) {
		note(out, "verify_peer is off: the certificate and its name are not checked (verify_peer and "
			"verify_peer_name false)");
	}
	return 0;
}

int sd_dsn_parse(const char *dsn, size_t len, sd_dsn *out)
{
	const char *p, *end = dsn + len, *auth, *auth_end, *at, *host, *host_end = NULL, *q = NULL;
	size_t i, scheme_len;
	int auto_tls = 1, require_tls = 0;
	long port = 0;

	memset(out, 0, sizeof(*out));
	if (dsn == NULL || len == 0) {
		return fail(out, SD_DSN_E_EMPTY, "the DSN is empty");
	}
	if (len > SD_DSN_MAX) {
		return fail(out, SD_DSN_E_TOO_LONG, "the DSN is longer than %d bytes", SD_DSN_MAX);
	}

	/* scheme: a letter, then letters, digits, '+', '-', '.'; then "://" */
	for (i = 0; i < len && (is_alpha((unsigned char) dsn[i]) || (i > 0 && (is_digit((unsigned char) dsn[i])
			|| dsn[i] == '+' || dsn[i] == '-' || dsn[i] == '.'))); i++) {
	}
	scheme_len = i;
	if (scheme_len > 0 && scheme_len < len && dsn[scheme_len] == '(') {
		char name[40];
		shown(dsn, scheme_len, name, sizeof(name));
		return fail(out, SD_DSN_E_LIST, "%s(...) lists several transports: give each DSN on its own", name);
	}
	if (scheme_len == 0 || len - scheme_len < 3 || memcmp(dsn + scheme_len, "://", 3) != 0) {
		return fail(out, SD_DSN_E_NO_SCHEME, "a DSN starts with smtp:// or smtps:// (e.g. "
			"smtp://user:pass@smtp.example.com:587)");
	}
	if (!span_is(dsn, scheme_len, "smtp") && !span_is(dsn, scheme_len, "smtps")) {
		return bad_scheme(out, dsn, scheme_len);
	}

	/* authority: up to the first '/', '?' or '#'; user information before its last '@' */
	auth = dsn + scheme_len + 3;
	for (p = auth; p < end && *p != '/' && *p != '?' && *p != '#'; p++) {
	}
	auth_end = p;
	for (p = auth_end; p < end; p++) {
		if (*p == '@') {
			return fail(out, SD_DSN_E_USERINFO, "an '@' comes after a '/', '?' or '#': percent-encode those "
				"in the user name and password (%%2F, %%3F, %%23), as parse_url() cannot read them");
		}
	}
	if (auth_end < end && *auth_end == '?') {
		q = auth_end + 1;
	} else if (auth_end < end && *auth_end == '/') {
		q = memchr(auth_end, '?', (size_t) (end - auth_end));
		q = q ? q + 1 : NULL;
	}
	if (q) {
		const char *hash = memchr(q, '#', (size_t) (end - q));
		/* the query ends at the fragment */
		if (hash) {
			end = hash;
		}
	}

	at = NULL;
	for (p = auth; p < auth_end; p++) {
		if (*p == '@') {
			at = p;
		}
	}
	host = at ? at + 1 : auth;
	if (at && parse_userinfo(out, auth, at) != 0) {
		return -1;
	}

	if (parse_host_port(out, host, auth_end, &host_end, &port) != 0) {
		return -1;
	}
	out->host = host;
	out->host_len = (size_t) (host_end - host);
	out->port_given = (int) port;
	memcpy(out->scheme, dsn, scheme_len);
	out->scheme[scheme_len] = '\0';
	out->verify_peer = 1;
	sd_str_copy(out->helo, sizeof(out->helo), DEFAULT_LOCAL_DOMAIN);

	if (q && parse_query(out, q, (size_t) (end - q), &auto_tls, &require_tls) != 0) {
		return -1;
	}

	return choose_security(out, scheme_len, port, auto_tls, require_tls);
}
