/* sources: src/engine/sd_mailerhost.c src/engine/sd_host.c src/engine/sd_text.c */
/* PHPMailer's Host grammar: a table of Host values with the entries PHPMailer 6.6-7.1 derives from them
 * (tests/unit/mailerhost_parity.php checks the same grammar against the installed PHPMailer), then the
 * reasons, the debug text, the invisible-character and SMTPSecure helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "src/engine/sd_mailerhost.h"
#include "src/engine/sd_host.h"

#define NONE SD_MAILERHOST_SKIP_NONE
#define BAD_ENTRY SD_MAILERHOST_SKIP_INVALID_HOSTENTRY
#define BAD_HOST SD_MAILERHOST_SKIP_INVALID_HOST

#define OK SD_MAILERHOST_HOST_OK
#define EMPTY SD_MAILERHOST_HOST_EMPTY
#define LONG SD_MAILERHOST_HOST_TOO_LONG
#define CHAR SD_MAILERHOST_HOST_ILLEGAL_CHAR
#define V6 SD_MAILERHOST_HOST_BAD_IPV6
#define V4 SD_MAILERHOST_HOST_BAD_IPV4
#define NAME SD_MAILERHOST_HOST_BAD_NAME

#define P_ SD_MAILERHOST_PREFIX_NONE
#define P_SSL SD_MAILERHOST_PREFIX_SSL
#define P_TLS SD_MAILERHOST_PREFIX_TLS

#define M_NONE SD_MAILERHOST_MODE_NONE
#define M_STARTTLS SD_MAILERHOST_MODE_STARTTLS
#define M_SMTPS SD_MAILERHOST_MODE_SMTPS

typedef struct {
	sd_mailerhost_skip skip;
	sd_mailerhost_check check;
	sd_mailerhost_prefix prefix;
	const char *host;    /* group 2; NULL: not checked (unmatched entries) */
	long port;           /* port smtpConnect() computes */
	int overridden;
	sd_mailerhost_mode mode;
	const char *connect; /* "" for skipped entries */
	const char *reason;  /* a substring of the reason, or NULL */
} want_entry;

typedef struct {
	const char *name;
	const char *host;
	size_t host_len;     /* 0: strlen(host) */
	const char *secure;
	long port;
	size_t count;
	size_t dropped;
	want_entry e[4];     /* the first min(count, 4) entries */
} host_case;

/* a skipped entry */
#define SKIP(sk, ck, pfx, h, why) { sk, ck, pfx, h, 0, 0, M_NONE, "", why }
/* a usable entry */
#define USE(pfx, h, p, ov, m, c) { NONE, OK, pfx, h, p, ov, m, c, NULL }

static const host_case cases[] = {
	/* plain names, SMTPSecure, Port */
	{ "localhost", "localhost", 0, "", 25, 1, 0, { USE(P_, "localhost", 25, 0, M_NONE, "localhost:25") } },
	{ "tls", "smtp.gmail.com", 0, "tls", 587, 1, 0,
	  { USE(P_, "smtp.gmail.com", 587, 0, M_STARTTLS, "smtp.gmail.com:587") } },
	{ "ssl", "smtp.gmail.com", 0, "ssl", 465, 1, 0,
	  { USE(P_, "smtp.gmail.com", 465, 0, M_SMTPS, "ssl://smtp.gmail.com:465") } },
	{ "Port 0 is 25 at connect", "smtp.example.com", 0, "", 0, 1, 0,
	  { USE(P_, "smtp.example.com", 0, 0, M_NONE, "smtp.example.com:25") } },
	{ "TLS is none", "smtp.example.com", 0, "TLS", 587, 1, 0,
	  { USE(P_, "smtp.example.com", 587, 0, M_NONE, "smtp.example.com:587") } },
	{ "starttls is none", "smtp.example.com", 0, "starttls", 587, 1, 0,
	  { USE(P_, "smtp.example.com", 587, 0, M_NONE, "smtp.example.com:587") } },

	/* multi-host lists, empty entries, whitespace */
	{ "list", "smtp1.example.com:25;ssl://smtp2.example.com:465;tls://smtp3.example.com", 0, "tls", 587, 3, 0,
	  { USE(P_, "smtp1.example.com", 25, 1, M_STARTTLS, "smtp1.example.com:25"),
	    USE(P_SSL, "smtp2.example.com", 465, 1, M_SMTPS, "ssl://smtp2.example.com:465"),
	    USE(P_TLS, "smtp3.example.com", 587, 0, M_STARTTLS, "smtp3.example.com:587") } },
	{ "trailing ;", "smtp.example.com;", 0, "", 25, 2, 0,
	  { USE(P_, "smtp.example.com", 25, 0, M_NONE, "smtp.example.com:25"),
	    SKIP(BAD_ENTRY, OK, P_, NULL, "empty") } },
	{ "only ;;", ";;", 0, "", 25, 3, 0,
	  { SKIP(BAD_ENTRY, OK, P_, NULL, "empty"), SKIP(BAD_ENTRY, OK, P_, NULL, "empty"),
	    SKIP(BAD_ENTRY, OK, P_, NULL, "empty") } },
	{ "empty Host", "", 0, "", 25, 1, 0, { SKIP(BAD_ENTRY, OK, P_, NULL, "empty") } },
	{ "whitespace only", " \t", 0, "", 25, 1, 0, { SKIP(BAD_ENTRY, OK, P_, NULL, "whitespace") } },
	{ "whitespace around entries", "  smtp.example.com  ;\tsmtp2.example.com:2525\r\n", 0, "", 25, 2, 0,
	  { USE(P_, "smtp.example.com", 25, 0, M_NONE, "smtp.example.com:25"),
	    USE(P_, "smtp2.example.com", 2525, 1, M_NONE, "smtp2.example.com:2525") } },
	{ "NUL and VT trimmed", "\0smtp.example.com\v", 18, "", 25, 1, 0,
	  { USE(P_, "smtp.example.com", 25, 0, M_NONE, "smtp.example.com:25") } },
	{ "line break inside", "smtp.\nexample.com", 0, "", 25, 1, 0, { SKIP(BAD_ENTRY, OK, P_, NULL, "line break") } },
	{ "form feed is not trimmed", "smtp.example.com\f", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "smtp.example.com\f", "FORM FEED") } },
	{ "comma list", "a.example,b.example", 0, "", 25, 1, 0, { SKIP(BAD_HOST, CHAR, P_, "a.example,b.example", "';'") } },

	/* prefixes */
	{ "ssl:// overrides tls", "ssl://smtp.example.com", 0, "tls", 25, 1, 0,
	  { USE(P_SSL, "smtp.example.com", 25, 0, M_SMTPS, "ssl://smtp.example.com:25") } },
	{ "tls:// overrides ssl", "tls://smtp.example.com", 0, "ssl", 25, 1, 0,
	  { USE(P_TLS, "smtp.example.com", 25, 0, M_STARTTLS, "smtp.example.com:25") } },
	{ "SSL:// upper case", "SSL://smtp.example.com", 0, "", 465, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "SSL://smtp.example.com", "lower case") } },
	{ "ssl:// alone", "ssl://", 0, "", 25, 1, 0, { SKIP(BAD_HOST, CHAR, P_, "ssl://", NULL) } },
	{ "ssl://:465", "ssl://:465", 0, "", 25, 1, 0, { SKIP(BAD_HOST, CHAR, P_SSL, ":465", NULL) } },
	{ "two prefixes", "tls://ssl://smtp.example.com:465", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_TLS, "ssl://smtp.example.com", NULL) } },
	{ "https://host", "https://smtp.example.com", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "https://smtp.example.com", "scheme") } },

	/* ports */
	{ "port 587", "smtp.example.com:587", 0, "", 25, 1, 0,
	  { USE(P_, "smtp.example.com", 587, 1, M_NONE, "smtp.example.com:587") } },
	{ "port 0 keeps Port", "smtp.example.com:0", 0, "", 2525, 1, 0,
	  { USE(P_, "smtp.example.com", 2525, 0, M_NONE, "smtp.example.com:2525") } },
	{ "port 0025", "smtp.example.com:0025", 0, "", 587, 1, 0,
	  { USE(P_, "smtp.example.com", 25, 1, M_NONE, "smtp.example.com:25") } },
	{ "port 65535", "smtp.example.com:65535", 0, "", 25, 1, 0,
	  { USE(P_, "smtp.example.com", 65535, 1, M_NONE, "smtp.example.com:65535") } },
	{ "port 65536 keeps Port", "smtp.example.com:65536", 0, "", 25, 1, 0,
	  { USE(P_, "smtp.example.com", 25, 0, M_NONE, "smtp.example.com:25") } },
	{ "port 20 digits", "smtp.example.com:99999999999999999999", 0, "", 25, 1, 0,
	  { USE(P_, "smtp.example.com", 25, 0, M_NONE, "smtp.example.com:25") } },
	{ "Port 70000 passes through", "smtp.example.com", 0, "", 70000, 1, 0,
	  { USE(P_, "smtp.example.com", 70000, 0, M_NONE, "smtp.example.com:70000") } },
	{ "port non-numeric", "smtp.example.com:abc", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "smtp.example.com:abc", "port goes last") } },
	{ "port empty", "smtp.example.com:", 0, "", 25, 1, 0, { SKIP(BAD_HOST, CHAR, P_, "smtp.example.com:", NULL) } },
	{ "two ports", "smtp.example.com:25:26", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "smtp.example.com:25", NULL) } },
	{ "port with space", "smtp.example.com :25", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "smtp.example.com ", "space") } },

	/* IPv4 */
	{ "IPv4", "127.0.0.1:2525", 0, "", 25, 1, 0, { USE(P_, "127.0.0.1", 2525, 1, M_NONE, "127.0.0.1:2525") } },
	{ "IPv4 256", "256.1.1.1", 0, "", 25, 1, 0, { SKIP(BAD_HOST, V4, P_, "256.1.1.1", "dotted quad") } },
	{ "IPv4 leading zero", "01.2.3.4", 0, "", 25, 1, 0, { SKIP(BAD_HOST, V4, P_, "01.2.3.4", NULL) } },
	{ "IPv4 three parts", "1.2.3", 0, "", 25, 1, 0, { SKIP(BAD_HOST, V4, P_, "1.2.3", NULL) } },
	{ "1e5 is numeric", "1e5", 0, "", 25, 1, 0, { SKIP(BAD_HOST, V4, P_, "1e5", NULL) } },
	{ "host 0 is empty()", "0", 0, "", 25, 1, 0, { SKIP(BAD_HOST, EMPTY, P_, "0", "empty()") } },
	{ "1-1 is a name", "1-1", 0, "", 25, 1, 0, { USE(P_, "1-1", 25, 0, M_NONE, "1-1:25") } },

	/* IPv6 */
	{ "[::1]", "[::1]", 0, "", 25, 1, 0, { USE(P_, "[::1]", 25, 0, M_NONE, "[::1]:25") } },
	{ "[2001:db8::1]:465 ssl", "[2001:db8::1]:465", 0, "ssl", 25, 1, 0,
	  { USE(P_, "[2001:db8::1]", 465, 1, M_SMTPS, "ssl://[2001:db8::1]:465") } },
	{ "bare ::1", "::1", 0, "", 25, 1, 0, { SKIP(BAD_HOST, CHAR, P_, ":", "brackets") } },
	{ "bare 2001:db8::1", "2001:db8::1", 0, "", 25, 1, 0, { SKIP(BAD_HOST, CHAR, P_, "2001:db8:", NULL) } },
	{ "IPv4-mapped", "[::ffff:1.2.3.4]", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, V6, P_, "[::ffff:1.2.3.4]", "IPv4-mapped") } },
	{ "[::ffff:102:304]", "[::ffff:102:304]", 0, "", 25, 1, 0,
	  { USE(P_, "[::ffff:102:304]", 25, 0, M_NONE, "[::ffff:102:304]:25") } },
	{ "[1::2::3]", "[1::2::3]", 0, "", 25, 1, 0, { SKIP(BAD_HOST, V6, P_, "[1::2::3]", "more than one") } },
	{ "[1:2:3:4:5:6:7:8::]", "[1:2:3:4:5:6:7:8::]", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, V6, P_, "[1:2:3:4:5:6:7:8::]", "too many") } },
	{ "[::1]x", "[::1]x", 0, "", 25, 1, 0, { SKIP(BAD_HOST, V6, P_, "[::1]x", "after ']'") } },
	{ "[::1 splits at the last colon", "[::1", 0, "", 25, 1, 0, { SKIP(BAD_HOST, V6, P_, "[:", "closing") } },
	{ "zone id", "[fe80::1%eth0]", 0, "", 25, 1, 0, { SKIP(BAD_HOST, V6, P_, "[fe80::1%eth0]", "'%'") } },

	/* names */
	{ "underscore", "smtp_relay.example.com", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "smtp_relay.example.com", "'_' at offset 4; underscores") } },
	{ "IDN", "b\xc3\xbc" "cher.example", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "b\xc3\xbc" "cher.example", "U+00FC (non-ASCII) at offset 1; write an") } },
	{ "punycode", "xn--bcher-kva.example", 0, "", 25, 1, 0,
	  { USE(P_, "xn--bcher-kva.example", 25, 0, M_NONE, "xn--bcher-kva.example:25") } },
	{ "NBSP at the end", "smtp.example.com\xc2\xa0", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "smtp.example.com\xc2\xa0", "U+00A0 (NO-BREAK SPACE, invisible) at offset 16") } },
	{ "zero width inside", "smtp.\xe2\x80\x8b" "example.com", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "smtp.\xe2\x80\x8b" "example.com", "ZERO WIDTH SPACE") } },
	{ "BOM first", "\xef\xbb\xbfsmtp.example.com", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "\xef\xbb\xbfsmtp.example.com", "BYTE ORDER MARK") } },
	{ "bad UTF-8", "smtp.example.com\xff", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, CHAR, P_, "smtp.example.com\xff", "byte 0xFF") } },
	{ "a-. passes", "a-.", 0, "", 25, 1, 0, { USE(P_, "a-.", 25, 0, M_NONE, "a-.:25") } },
	{ "a- fails", "a-", 0, "", 25, 1, 0, { SKIP(BAD_HOST, NAME, P_, "a-", "ends with '-'") } },
	{ "-a fails", "-a", 0, "", 25, 1, 0, { SKIP(BAD_HOST, NAME, P_, "-a", "starts with '-'") } },
	{ "a..b fails", "a..b", 0, "", 25, 1, 0, { SKIP(BAD_HOST, NAME, P_, "a..b", "empty label") } },
	{ "63-byte label",
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", 0, "", 25, 1, 0,
	  { USE(P_, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", 25, 0, M_NONE,
	        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com:25") } },
	{ "64-byte label",
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", 0, "", 25, 1, 0,
	  { SKIP(BAD_HOST, NAME, P_, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", "63") } },
};

/* The case being checked, named in every failure. */
static char ctx[160];

#define EQ_INT(got, want) \
	do { \
		long g_ = (long) (got), w_ = (long) (want); \
		if (g_ != w_) { \
			fail_msg("%s: %s is %ld, want %ld", ctx, #got, g_, w_); \
		} \
	} while (0)

#define EQ_MEM(ptr, len, want) \
	do { \
		if ((len) != strlen(want) || memcmp((ptr), (want), (len)) != 0) { \
			fail_msg("%s: %s is \"%.*s\", want \"%s\"", ctx, #ptr, (int) (len), (ptr), (want)); \
		} \
	} while (0)

static void check_entry(const sd_mailerhost_entry *e, const want_entry *w)
{
	EQ_INT(e->skip, w->skip);
	EQ_INT(e->check, w->check);
	EQ_INT(e->matched, w->skip != BAD_ENTRY);
	EQ_INT(e->prefix, w->prefix);
	if (w->host != NULL) {
		EQ_MEM(e->host.ptr, e->host.len, w->host);
	}
	EQ_INT(e->port, w->port);
	EQ_INT(e->port_overridden, w->overridden);
	EQ_INT(e->mode, w->mode);
	EQ_MEM(e->connect, strlen(e->connect), w->connect);
	EQ_INT(e->reason[0] == '\0', w->skip == NONE);
	if (w->reason != NULL && strstr(e->reason, w->reason) == NULL) {
		fail_msg("%s: reason \"%s\" lacks \"%s\"", ctx, e->reason, w->reason);
	}
	if (w->skip == NONE) {
		EQ_INT(e->connect_port, w->port == 0 ? 25 : w->port);
	}
}

static void test_table(void **state)
{
	static sd_mailerhost_result r;
	size_t k, i;

	(void) state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const host_case *c = &cases[k];
		size_t len = c->host_len != 0 ? c->host_len : strlen(c->host);
		size_t usable = 0;
		size_t got = sd_mailerhost_parse(c->host, len, c->secure, strlen(c->secure), c->port, &r);
		snprintf(ctx, sizeof(ctx), "case \"%s\"", c->name);
		EQ_INT(r.count, c->count);
		EQ_INT(r.dropped, c->dropped);
		EQ_INT(r.port, c->port);
		for (i = 0; i < r.count; i++) {
			const sd_mailerhost_entry *e = &r.entries[i];
			snprintf(ctx, sizeof(ctx), "case \"%s\" entry %lu", c->name, (unsigned long) i);
			if (i < 4) {
				check_entry(e, &c->e[i]);
			}
			/* raw lies in the Host string, trimmed inside raw */
			assert_true(e->raw.ptr >= c->host && e->raw.ptr + e->raw.len <= c->host + len);
			assert_true(e->trimmed.ptr >= e->raw.ptr && e->trimmed.ptr + e->trimmed.len <= e->raw.ptr + e->raw.len);
			usable += e->skip == NONE;
		}
		EQ_INT(r.usable, usable);
		EQ_INT(got, usable);
	}
}

static void test_cap(void **state)
{
	static sd_mailerhost_result r;
	char host[20 * 11 + 1];
	size_t i;

	(void) state;
	host[0] = '\0';
	for (i = 0; i < 20; i++) {
		strcat(host, i == 0 ? "a.example" : ";a.example");
	}
	assert_int_equal(sd_mailerhost_parse(host, strlen(host), "", 0, 25, &r), 16);
	assert_int_equal(r.count, SD_MAILERHOST_MAX_ENTRIES);
	assert_int_equal(r.dropped, 4);
	assert_string_equal(r.entries[15].connect, "a.example:25");

	/* 17 empty entries */
	assert_int_equal(sd_mailerhost_parse(";;;;;;;;;;;;;;;;", 16, "", 0, 25, &r), 0);
	assert_int_equal(r.count, 16);
	assert_int_equal(r.dropped, 1);
}

static void test_null_and_secure(void **state)
{
	static sd_mailerhost_result r;

	(void) state;
	assert_int_equal(sd_mailerhost_parse(NULL, 5, NULL, 3, 25, &r), 0);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.entries[0].skip, BAD_ENTRY);
	assert_int_equal(r.secure, M_NONE);

	assert_int_equal(sd_mailerhost_secure_mode("tls", 3), M_STARTTLS);
	assert_int_equal(sd_mailerhost_secure_mode("ssl", 3), M_SMTPS);
	assert_int_equal(sd_mailerhost_secure_mode("ssl\0", 4), M_NONE);
	assert_int_equal(sd_mailerhost_secure_mode("tl", 2), M_NONE);
	assert_int_equal(sd_mailerhost_secure_mode("TLS", 3), M_NONE);
	assert_int_equal(sd_mailerhost_secure_mode("", 0), M_NONE);
}

static void test_bad_char_fields(void **state)
{
	static sd_mailerhost_result r;
	const char *h = "smtp.\xc2\xa0x";

	(void) state;
	sd_mailerhost_parse(h, strlen(h), "", 0, 25, &r);
	assert_int_equal(r.entries[0].bad_offset, 5);
	assert_int_equal(r.entries[0].bad_codepoint, 0xA0);
	sd_mailerhost_parse("a_b", 3, "", 0, 25, &r);
	assert_int_equal(r.entries[0].bad_offset, 1);
	assert_int_equal(r.entries[0].bad_codepoint, '_');
	sd_mailerhost_parse("[::ffff:1.2.3.4]", 16, "", 0, 25, &r);
	assert_int_equal(r.entries[0].bad_offset, 9);
	assert_int_equal(r.entries[0].bad_codepoint, '.');
	sd_mailerhost_parse("1.2.3", 5, "", 0, 25, &r);
	assert_int_equal(r.entries[0].bad_offset, -1);
}

static void test_too_long(void **state)
{
	static sd_mailerhost_result r;
	char host[300];

	(void) state;
	memset(host, 'a', sizeof(host));
	sd_mailerhost_parse(host, 256, "", 0, 25, &r);
	assert_int_equal(r.entries[0].check, NAME); /* 256 bytes pass the length rule, not the 253 name rule */
	assert_non_null(strstr(r.entries[0].reason, "253"));
	sd_mailerhost_parse(host, 257, "", 0, 25, &r);
	assert_int_equal(r.entries[0].check, LONG);
	assert_non_null(strstr(r.entries[0].reason, "257 bytes"));
	/* 126 two-byte labels and one more: 253 bytes, valid; with a trailing dot still valid */
	for (int i = 0; i < 126; i++) {
		host[2 * i] = 'a';
		host[2 * i + 1] = '.';
	}
	host[252] = 'a';
	host[253] = '.';
	sd_mailerhost_parse(host, 253, "", 0, 25, &r);
	assert_int_equal(r.entries[0].skip, NONE);
	sd_mailerhost_parse(host, 254, "", 0, 25, &r);
	assert_int_equal(r.entries[0].skip, NONE);
	host[253] = 'b';
	sd_mailerhost_parse(host, 254, "", 0, 25, &r);
	assert_int_equal(r.entries[0].check, NAME);
}

/* PHP 8.6's trim() strips form feeds too: an entry ending in one is an invalid host before, usable from
 * 8.6 on (sd_mailerhost_parse() splits as PHP before 8.6 does). */
static void test_formfeed_php86(void **state)
{
	static sd_mailerhost_result r;

	(void) state;
	assert_int_equal(sd_mailerhost_parse_php("smtp.example.com\f", 17, "", 0, 25, 80500, &r), 0);
	assert_int_equal(r.entries[0].skip, SD_MAILERHOST_SKIP_INVALID_HOST);
	assert_int_equal(sd_mailerhost_parse("smtp.example.com\f", 17, "", 0, 25, &r), 0);
	assert_int_equal(sd_mailerhost_parse_php("\fsmtp.example.com\f;\f", 20, "", 0, 25, 80600, &r), 1);
	assert_int_equal(r.entries[0].skip, SD_MAILERHOST_SKIP_NONE);
	assert_int_equal(r.entries[0].trimmed.len, 16);
	assert_string_equal(r.entries[0].connect, "smtp.example.com:25");
	assert_int_equal(r.entries[1].skip, SD_MAILERHOST_SKIP_INVALID_HOSTENTRY);
	assert_string_equal(r.entries[1].reason, "the entry is only whitespace");
}

static void test_debug_text(void **state)
{
	static sd_mailerhost_result r;
	char buf[64];

	(void) state;
	sd_mailerhost_parse(" a_b:25 ; ;ok", 13, "", 0, 25, &r);
	assert_int_equal(sd_mailerhost_debug_text(&r.entries[0], buf, sizeof(buf)), strlen("Invalid host:  a_b"));
	assert_string_equal(buf, "Invalid host:  a_b");
	sd_mailerhost_debug_text(&r.entries[1], buf, sizeof(buf));
	assert_string_equal(buf, "Invalid hostentry:  ");
	assert_int_equal(sd_mailerhost_debug_text(&r.entries[2], buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* truncation */
	assert_int_equal(sd_mailerhost_debug_text(&r.entries[0], buf, 8), 18);
	assert_string_equal(buf, "Invalid");
	assert_int_equal(sd_mailerhost_debug_text(&r.entries[0], buf, 17), 18);
	assert_string_equal(buf, "Invalid host:  a");
	assert_int_equal(sd_mailerhost_debug_text(&r.entries[0], NULL, 0), 18);
}

static void test_invisible(void **state)
{
	/* NBSP, ZWSP, ZWJ, WJ, BOM, a C1 control, a form feed inside, a tab at an entry's edge */
	const char *h = "\xef\xbb\xbf" "a\xc2\xa0.b\xe2\x80\x8b" "c\xe2\x80\x8d\xe2\x81\xa0;\td\x0c" "e\xc2\x85 ;\t";
	sd_mailerhost_invisible found[8];
	char out[64];
	size_t n;

	(void) state;
	n = sd_mailerhost_find_invisible(h, strlen(h), found, 8);
	assert_int_equal(n, 7);
	assert_int_equal(found[0].offset, 0);
	assert_int_equal(found[0].codepoint, 0xFEFF);
	assert_int_equal(found[0].kind, SD_MAILERHOST_INVISIBLE_FORMAT);
	assert_int_equal(found[1].codepoint, 0xA0);
	assert_int_equal(found[1].kind, SD_MAILERHOST_INVISIBLE_SPACE);
	assert_string_equal(found[1].name, "NO-BREAK SPACE");
	assert_int_equal(found[2].codepoint, 0x200B);
	assert_int_equal(found[3].codepoint, 0x200D);
	assert_int_equal(found[4].codepoint, 0x2060);
	assert_int_equal(found[5].codepoint, 0x0C);
	assert_int_equal(found[5].kind, SD_MAILERHOST_INVISIBLE_CONTROL);
	assert_int_equal(found[6].codepoint, 0x85);
	assert_int_equal(found[6].len, 2);
	/* only the count when found is short */
	assert_int_equal(sd_mailerhost_find_invisible(h, strlen(h), found, 2), 7);
	assert_int_equal(sd_mailerhost_find_invisible(h, strlen(h), NULL, 0), 7);

	n = sd_mailerhost_clean(h, strlen(h), out, sizeof(out));
	assert_int_equal(n, strlen("a.bc;\tde ;\t"));
	assert_string_equal(out, "a.bc;\tde ;\t");
	/* truncation and the needed length */
	assert_int_equal(sd_mailerhost_clean(h, strlen(h), out, 4), n);
	assert_string_equal(out, "a.b");
	assert_int_equal(sd_mailerhost_clean(h, strlen(h), NULL, 0), n);

	/* nothing to find in a clean Host, nor in ASCII whitespace trim() removes, nor in bad UTF-8 */
	assert_int_equal(sd_mailerhost_find_invisible(" smtp.example.com:587\r\n; backup\0", 33, NULL, 0), 0);
	assert_int_equal(sd_mailerhost_find_invisible("a\xff\xc2", 3, NULL, 0), 0);
	assert_int_equal(sd_mailerhost_find_invisible(NULL, 4, NULL, 0), 0);
	assert_int_equal(sd_mailerhost_clean(NULL, 4, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	/* a line feed inside an entry is reported */
	assert_int_equal(sd_mailerhost_find_invisible("smtp.\nexample.com", 17, found, 1), 1);
	assert_int_equal(found[0].offset, 5);
}

static void test_secure_check(void **state)
{
	static const struct {
		const char *value;
		long port;
		int suspicious;
		sd_mailerhost_mode meant;
	} t[] = {
		{ "", 25, 0, M_NONE },
		{ "tls", 587, 0, M_STARTTLS },
		{ "ssl", 465, 0, M_SMTPS },
		{ "TLS", 587, 1, M_STARTTLS },
		{ "SSL", 465, 1, M_SMTPS },
		{ "starttls", 587, 1, M_STARTTLS },
		{ "STARTTLS", 587, 1, M_STARTTLS },
		{ "smtps", 465, 1, M_SMTPS },
		{ "SMTPS", 587, 1, M_SMTPS },
		{ " tls ", 587, 1, M_STARTTLS },
		{ "true", 587, 1, M_STARTTLS },
		{ "1", 465, 1, M_SMTPS },
		{ "1", 25, 1, M_STARTTLS },
		{ "none", 25, 0, M_NONE },
		{ "false", 25, 0, M_NONE },
		{ "tlsv1.2", 25, 0, M_NONE },
	};
	sd_mailerhost_secure_hint h;
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(ctx, sizeof(ctx), "SMTPSecure \"%s\"", t[i].value);
		EQ_INT(sd_mailerhost_secure_check(t[i].value, strlen(t[i].value), t[i].port, &h), t[i].suspicious);
		EQ_INT(h.suspicious, t[i].suspicious);
		EQ_INT(h.meant, t[i].meant);
		if (t[i].suspicious) {
			assert_int_equal(h.read_as, M_NONE);
			assert_string_equal(h.constant, t[i].meant == M_SMTPS ? "PHPMailer::ENCRYPTION_SMTPS"
			                                                    : "PHPMailer::ENCRYPTION_STARTTLS");
			assert_string_equal(h.literal, t[i].meant == M_SMTPS ? "ssl" : "tls");
		} else {
			assert_null(h.constant);
			assert_null(h.literal);
		}
	}
	assert_int_equal(sd_mailerhost_secure_check(NULL, 0, 25, &h), 0);
}

static void test_names(void **state)
{
	(void) state;
	assert_string_equal(sd_mailerhost_mode_name(M_NONE), "none");
	assert_string_equal(sd_mailerhost_mode_name(M_STARTTLS), "starttls");
	assert_string_equal(sd_mailerhost_mode_name(M_SMTPS), "smtps");
	assert_string_equal(sd_mailerhost_prefix_name(P_), "");
	assert_string_equal(sd_mailerhost_prefix_name(P_SSL), "ssl");
	assert_string_equal(sd_mailerhost_prefix_name(P_TLS), "tls");
	assert_string_equal(sd_mailerhost_skip_name(NONE), "none");
	assert_string_equal(sd_mailerhost_skip_name(BAD_ENTRY), "invalid hostentry");
	assert_string_equal(sd_mailerhost_skip_name(BAD_HOST), "invalid host");
	assert_string_equal(sd_mailerhost_check_name(OK), "ok");
	assert_string_equal(sd_mailerhost_check_name(EMPTY), "empty");
	assert_string_equal(sd_mailerhost_check_name(LONG), "too long");
	assert_string_equal(sd_mailerhost_check_name(CHAR), "illegal character");
	assert_string_equal(sd_mailerhost_check_name(V6), "bad IPv6 literal");
	assert_string_equal(sd_mailerhost_check_name(V4), "bad IPv4 address");
	assert_string_equal(sd_mailerhost_check_name(NAME), "URL validation failed");
}

/* Reasons are printable ASCII whatever the Host holds. */
static void test_reason_printable(void **state)
{
	static sd_mailerhost_result r;
	static const char *const hosts[] = { "a\x01" "b", "a\x7f", "\xc2\x85x", "\xff\xfe", "a\xe2\x80\xae" "b",
	                                     "[\xc3\xbc]", "[::1]\x0c", "ssl://\x1b" };
	size_t i, j;

	(void) state;
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		sd_mailerhost_parse(hosts[i], strlen(hosts[i]), "", 0, 25, &r);
		assert_int_equal(r.entries[0].skip, BAD_HOST);
		for (j = 0; r.entries[0].reason[j] != '\0'; j++) {
			assert_true(r.entries[0].reason[j] >= 0x20 && r.entries[0].reason[j] < 0x7f);
		}
	}
}

/* An all-digits host is an IPv4 literal or nothing, and PHPMailer's Host grammar and the probe's host
 * check (sd_host.c) read it with the same rule (sd_host_ipv4_literal()): both accept or both refuse. */
static void test_ipv4_same_rule(void **state)
{
	static const char *const hosts[] = {
		"192.0.2.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.00",
		"1..2.3", "3221225985", "1.2.3.1000", "127.0.0.1", "9.9.9.9", "300.300.300.300",
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		sd_mailerhost_result r;
		sd_host_result h;
		size_t len = strlen(hosts[i]);
		int literal = sd_host_ipv4_literal(hosts[i], len);
		int mailer_ok, host_ok;

		sd_mailerhost_parse(hosts[i], len, "", 0, 25, &r);
		sd_host_check(hosts[i], len, &h);
		mailer_ok = r.entries[0].check == SD_MAILERHOST_HOST_OK;
		host_ok = h.cls == SD_HOST_IPV4;
		if (mailer_ok != literal || host_ok != literal) {
			fail_msg("%s: literal %d, PHPMailer grammar %d, host check %d", hosts[i], literal, mailer_ok, host_ok);
		}
		if (!literal) {
			assert_int_equal(r.entries[0].check, SD_MAILERHOST_HOST_BAD_IPV4);
			assert_int_equal(h.cls, SD_HOST_IPV4_INVALID);
		}
	}
}

/* A bracketed literal of hex digits and ':' is read with the same IPv6 rule (sd_host_ipv6_problem()) by
 * PHPMailer's Host grammar and the probe's host check; a dotted IPv4 tail differs on purpose: PHP's
 * filter (and the host check) accept it, PHPMailer's pattern refuses the '.' before the filter runs. */
static void test_ipv6_same_rule(void **state)
{
	static const char *const hosts[] = {
		"[::1]", "[2001:db8::1]", "[1:2:3:4:5:6:7:8]", "[1::2::3]", "[12345::1]", "[1:2:3:4:5:6:7]", "[:1::2]",
		"[1::2:]", "[::]", "[fe80::abcd]", "[1:2:3::4:5:6:7:8]",
	};
	size_t i;
	sd_mailerhost_result r;
	sd_host_result h;

	(void) state;
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		size_t len = strlen(hosts[i]);
		int literal = sd_host_ipv6_problem(hosts[i] + 1, len - 2) == NULL;

		sd_mailerhost_parse(hosts[i], len, "", 0, 25, &r);
		sd_host_check(hosts[i], len, &h);
		if ((r.entries[0].check == SD_MAILERHOST_HOST_OK) != literal || (h.cls == SD_HOST_IPV6) != literal) {
			fail_msg("%s: literal %d, PHPMailer grammar %s, host check %s", hosts[i], literal,
				sd_mailerhost_check_name(r.entries[0].check), sd_host_class_name(h.cls));
		}
	}
	sd_mailerhost_parse("[::ffff:192.0.2.1]", 18, "", 0, 25, &r);
	assert_int_equal(r.entries[0].check, SD_MAILERHOST_HOST_BAD_IPV6);
	assert_int_equal(sd_host_check("[::ffff:192.0.2.1]", 18, &h), SD_HOST_IPV6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_null_and_secure),
		cmocka_unit_test(test_bad_char_fields),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_debug_text),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_secure_check),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_reason_printable),
		cmocka_unit_test(test_ipv4_same_rule),
		cmocka_unit_test(test_ipv6_same_rule),
		cmocka_unit_test(test_formfeed_php86),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
