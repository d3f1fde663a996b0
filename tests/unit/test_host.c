/* sources: src/engine/sd_host.c src/engine/sd_text.c */
/* smtpdiag: unit tests for the host string checks and IDN conversion. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "src/engine/sd_host.h"

static sd_host_result res;

static sd_host_class chk_len(const char *s, size_t len)
{
	sd_host_class c = sd_host_check(s, len, &res);
	assert_int_equal(c, res.cls);
	assert_int_equal(res.malformed, sd_host_is_malformed(c));
	return c;
}

static sd_host_class chk(const char *s)
{
	return chk_len(s, strlen(s));
}

#define BIT(c) (1u << (c))

static void test_names(void **state)
{
	(void) state;
	assert_int_equal(chk("smtp.gmail.com"), SD_HOST_NAME);
	assert_int_equal(res.issues, 0);
	assert_string_equal(res.clean, "smtp.gmail.com");
	assert_string_equal(res.ascii, "smtp.gmail.com");
	assert_string_equal(res.addr, "smtp.gmail.com");
	assert_int_equal(res.port, 0);
	assert_false(res.malformed);

	assert_int_equal(chk("localhost"), SD_HOST_NAME);
	assert_int_equal(chk("SMTP.Office365.COM"), SD_HOST_NAME);
	assert_string_equal(res.clean, "SMTP.Office365.COM");
	assert_string_equal(res.ascii, "smtp.office365.com");
	assert_int_equal(chk("email-smtp.us-east-1.amazonaws.com."), SD_HOST_NAME);
	assert_string_equal(res.ascii, "email-smtp.us-east-1.amazonaws.com.");
	assert_int_equal(chk("a"), SD_HOST_NAME);
	assert_int_equal(chk("1a.example"), SD_HOST_NAME);
	assert_int_equal(chk("xn--bcher-kva.example"), SD_HOST_NAME);
}

static void test_lengths(void **state)
{
	char buf[SD_HOST_INPUT_MAX + 100];
	size_t i;
	(void) state;

	/* a 63-character label is fine, 64 is not */
	memset(buf, 'a', 63);
	memcpy(buf + 63, ".com", 5);
	assert_int_equal(chk(buf), SD_HOST_NAME);
	memset(buf, 'a', 64);
	memcpy(buf + 64, ".com", 5);
	assert_int_equal(chk(buf), SD_HOST_TOO_LONG);
	assert_string_equal(res.ascii, "");
	assert_true(res.malformed);

	/* 253 characters in total is fine, 255 is not: labels of 49 plus dots */
	for (i = 0; i < 5; i++) {
		memset(buf + i * 50, 'b', 49);
		buf[i * 50 + 49] = '.';
	}
	memcpy(buf + 250, "abc", 4);
	assert_int_equal(strlen(buf), 253);
	assert_int_equal(chk(buf), SD_HOST_NAME);
	memcpy(buf + 250, "abcde", 6);
	assert_int_equal(chk(buf), SD_HOST_TOO_LONG);

	/* more than the input cap */
	memset(buf, 'c', sizeof(buf));
	assert_int_equal(chk_len(buf, sizeof(buf)), SD_HOST_TOO_LONG);
	assert_true(strlen(res.clean) <= SD_HOST_INPUT_MAX);
}

static void test_empty(void **state)
{
	(void) state;
	assert_int_equal(chk(""), SD_HOST_EMPTY);
	assert_true(res.malformed);
	assert_string_equal(res.clean, "");
	assert_int_equal(chk("   "), SD_HOST_EMPTY);
	assert_true(res.issues & BIT(SD_HOST_WHITESPACE));
	assert_int_equal(chk("\xe2\x80\x8b"), SD_HOST_EMPTY);
	assert_true(res.issues & BIT(SD_HOST_INVISIBLE));
	assert_int_equal(chk("smtp://"), SD_HOST_EMPTY);
	assert_int_equal(chk(":587"), SD_HOST_EMPTY);
	assert_int_equal(res.port, 587);
	assert_int_equal(chk("user@"), SD_HOST_EMPTY);
}

static void test_whitespace(void **state)
{
	(void) state;
	assert_int_equal(chk(" smtp.gmail.com"), SD_HOST_WHITESPACE);
	assert_int_equal(res.whitespace, SD_HOST_WS_LEADING);
	assert_string_equal(res.clean, "smtp.gmail.com");
	assert_string_equal(res.ascii, "smtp.gmail.com");
	assert_true(res.malformed);

	assert_int_equal(chk("smtp.gmail.com\n"), SD_HOST_WHITESPACE);
	assert_int_equal(res.whitespace, SD_HOST_WS_TRAILING);
	assert_int_equal(chk("smtp.gmail .com"), SD_HOST_WHITESPACE);
	assert_int_equal(res.whitespace, SD_HOST_WS_INNER);
	assert_int_equal(chk("\tsmtp. gmail.com\r\n"), SD_HOST_WHITESPACE);
	assert_int_equal(res.whitespace, SD_HOST_WS_LEADING | SD_HOST_WS_INNER | SD_HOST_WS_TRAILING);
	assert_string_equal(res.clean, "smtp.gmail.com");
}

static void test_invisible(void **state)
{
	(void) state;
	/* NBSP, zero-width space, non-joiner, joiner, word joiner, BOM */
	assert_int_equal(chk("smtp.gmail.com\xc2\xa0"), SD_HOST_INVISIBLE);
	assert_string_equal(res.clean, "smtp.gmail.com");
	assert_string_equal(res.ascii, "smtp.gmail.com");
	assert_int_equal(chk("\xe2\x80\x8bsmtp.gmail.com"), SD_HOST_INVISIBLE);
	assert_int_equal(chk("smtp.\xe2\x80\x8cgmail.com"), SD_HOST_INVISIBLE);
	assert_int_equal(chk("smtp\xe2\x80\x8d.gmail.com"), SD_HOST_INVISIBLE);
	assert_int_equal(chk("smtp.gmail\xe2\x81\xa0.com"), SD_HOST_INVISIBLE);
	assert_int_equal(chk("\xef\xbb\xbfsmtp.gmail.com"), SD_HOST_INVISIBLE);
	assert_string_equal(res.clean, "smtp.gmail.com");
	/* soft hyphen, a direction mark, an ideographic space */
	assert_int_equal(chk("smtp\xc2\xad.gmail.com"), SD_HOST_INVISIBLE);
	assert_int_equal(chk("\xe2\x80\x8fsmtp.gmail.com"), SD_HOST_INVISIBLE);
	assert_int_equal(chk("smtp.gmail.com\xe3\x80\x80"), SD_HOST_INVISIBLE);
	/* with whitespace too: both are reported, invisible comes first */
	assert_int_equal(chk(" smtp.gmail.com\xc2\xa0"), SD_HOST_INVISIBLE);
	assert_true(res.issues & BIT(SD_HOST_WHITESPACE));
	assert_string_equal(res.clean, "smtp.gmail.com");
}

static void test_control(void **state)
{
	(void) state;
	assert_int_equal(chk("smtp\x1b.gmail.com"), SD_HOST_CONTROL);
	assert_string_equal(res.clean, "smtp.gmail.com");
	assert_int_equal(chk_len("smtp.gmail.com\0", 15), SD_HOST_CONTROL);
	assert_int_equal(chk("smtp.gmail.com\x7f"), SD_HOST_CONTROL);
	assert_int_equal(chk("smtp.gmail.com\xc2\x85"), SD_HOST_CONTROL);
	assert_string_equal(res.ascii, "smtp.gmail.com");
}

static void test_url(void **state)
{
	(void) state;
	assert_int_equal(chk("smtp://smtp.gmail.com"), SD_HOST_URL);
	assert_string_equal(res.scheme, "smtp");
	assert_string_equal(res.clean, "smtp.gmail.com");
	assert_true(res.malformed);
	assert_int_equal(chk("smtps://smtp.gmail.com:465"), SD_HOST_URL);
	assert_string_equal(res.scheme, "smtps");
	assert_int_equal(res.port, 465);
	assert_true(res.issues & BIT(SD_HOST_PORT));
	assert_int_equal(chk("ssl://smtp.gmail.com"), SD_HOST_URL);
	assert_string_equal(res.scheme, "ssl");
	assert_int_equal(chk("TLS://smtp.gmail.com"), SD_HOST_URL);
	assert_string_equal(res.scheme, "tls");
	assert_int_equal(chk("https://mail.example.com/owa/"), SD_HOST_URL);
	assert_string_equal(res.clean, "mail.example.com");
	assert_string_equal(res.addr, "mail.example.com");
	assert_int_equal(chk("mail.example.com/"), SD_HOST_URL);
	assert_int_equal(chk("mail.example.com?x=1"), SD_HOST_URL);
	assert_int_equal(chk("user@example.com"), SD_HOST_URL);
	assert_string_equal(res.clean, "example.com");
	assert_int_equal(chk("smtp://me%40x.com:secret@smtp.x.com:587/"), SD_HOST_URL);
	assert_string_equal(res.clean, "smtp.x.com");
	assert_int_equal(res.port, 587);
}

static void test_port(void **state)
{
	(void) state;
	assert_int_equal(chk("smtp.gmail.com:587"), SD_HOST_PORT);
	assert_int_equal(res.port, 587);
	assert_string_equal(res.clean, "smtp.gmail.com");
	assert_string_equal(res.ascii, "smtp.gmail.com");
	assert_true(res.malformed);
	assert_int_equal(chk("smtp.gmail.com:0"), SD_HOST_PORT);
	assert_int_equal(res.port, -1);
	assert_int_equal(chk("smtp.gmail.com:65536"), SD_HOST_PORT);
	assert_int_equal(res.port, -1);
	assert_int_equal(chk("smtp.gmail.com:65535"), SD_HOST_PORT);
	assert_int_equal(res.port, 65535);
	assert_int_equal(chk("smtp.gmail.com:"), SD_HOST_PORT);
	assert_int_equal(res.port, -1);
	assert_int_equal(chk("smtp.gmail.com:smtp"), SD_HOST_PORT);
	assert_int_equal(res.port, -1);
	assert_int_equal(chk("192.0.2.10:25"), SD_HOST_PORT);
	assert_string_equal(res.ascii, "192.0.2.10");
	assert_int_equal(chk("[2001:db8::1]:587"), SD_HOST_PORT);
	assert_int_equal(res.port, 587);
	assert_string_equal(res.clean, "[2001:db8::1]");
	assert_string_equal(res.addr, "2001:db8::1");
}

static void test_list(void **state)
{
	(void) state;
	assert_int_equal(chk("smtp1.example.com;smtp2.example.com"), SD_HOST_LIST);
	assert_string_equal(res.clean, "smtp1.example.com");
	assert_true(res.malformed);
	assert_int_equal(chk("smtp1.example.com,smtp2.example.com"), SD_HOST_ILLEGAL);
}

static void test_illegal(void **state)
{
	(void) state;
	assert_int_equal(chk("-smtp.example.com"), SD_HOST_ILLEGAL);
	assert_int_equal(chk("smtp-.example.com"), SD_HOST_ILLEGAL);
	assert_int_equal(chk("smtp..example.com"), SD_HOST_ILLEGAL);
	assert_int_equal(chk(".example.com"), SD_HOST_ILLEGAL);
	assert_int_equal(chk("."), SD_HOST_ILLEGAL);
	assert_int_equal(chk("smtp!.example.com"), SD_HOST_ILLEGAL);
	assert_int_equal(chk("smtp*.example.com"), SD_HOST_ILLEGAL);
	assert_string_equal(res.ascii, "");
	assert_string_equal(res.addr, "");
	assert_true(res.malformed);
	/* symbols and emoji are not letters */
	assert_int_equal(chk("\xe2\x98\x83.example"), SD_HOST_ILLEGAL);
	assert_int_equal(chk("mail\xf0\x9f\x93\xa7.example"), SD_HOST_ILLEGAL);
	assert_int_equal(chk("a\xc2\xa9" "b.example"), SD_HOST_ILLEGAL);
	/* bytes that are not UTF-8 (here a Latin-1 u-umlaut) */
	assert_int_equal(chk("b\xfc" "cher.example"), SD_HOST_ILLEGAL);
	assert_string_equal(res.ascii, "");
	/* junk after a bracket */
	assert_int_equal(chk("[2001:db8::1]x"), SD_HOST_ILLEGAL);
	/* three colons that are no IPv6 address */
	assert_int_equal(chk("mail:example:com"), SD_HOST_ILLEGAL);
}

static void test_underscore(void **state)
{
	(void) state;
	assert_int_equal(chk("smtp_relay.example.com"), SD_HOST_UNDERSCORE);
	assert_false(res.malformed);
	assert_string_equal(res.ascii, "smtp_relay.example.com");
	assert_string_equal(res.addr, "smtp_relay.example.com");
	/* a worse problem wins, the warning stays in issues */
	assert_int_equal(chk("smtp_relay.example.com:25"), SD_HOST_PORT);
	assert_true(res.issues & BIT(SD_HOST_UNDERSCORE));
}

static void test_ipv4(void **state)
{
	(void) state;
	assert_int_equal(chk("192.0.2.1"), SD_HOST_IPV4);
	assert_int_equal(res.issues, 0);
	assert_string_equal(res.addr, "192.0.2.1");
	assert_int_equal(chk("0.0.0.0"), SD_HOST_IPV4);
	assert_int_equal(chk("255.255.255.255"), SD_HOST_IPV4);
	assert_int_equal(chk("256.1.1.1"), SD_HOST_IPV4_INVALID);
	assert_true(res.malformed);
	assert_string_equal(res.addr, "");
	assert_int_equal(chk("192.0.2"), SD_HOST_IPV4_INVALID);
	assert_int_equal(chk("192.0.2.1.5"), SD_HOST_IPV4_INVALID);
	assert_int_equal(chk("192.000.2.1"), SD_HOST_IPV4_INVALID);
	assert_int_equal(chk("192.0.2.01"), SD_HOST_IPV4_INVALID);
	assert_int_equal(chk("3221225985"), SD_HOST_IPV4_INVALID);
	assert_int_equal(chk("1..2.3"), SD_HOST_IPV4_INVALID);
}

/* The one IPv4 literal rule (PHP's FILTER_FLAG_IPV4), which the host check and PHPMailer's Host grammar
 * share. */
static void test_ipv4_literal(void **state)
{
	static const struct { const char *s; int ok; } cases[] = {
		{ "192.0.2.1", 1 }, { "0.0.0.0", 1 }, { "255.255.255.255", 1 }, { "10.0.0.10", 1 }, { "1.2.3.4", 1 },
		{ "", 0 }, { "1", 0 }, { "1.2.3", 0 }, { "1.2.3.4.", 0 }, { ".1.2.3.4", 0 }, { "1.2.3.4.5", 0 },
		{ "256.1.1.1", 0 }, { "1.2.3.256", 0 }, { "1.2.3.1000", 0 }, { "01.2.3.4", 0 }, { "1.2.3.00", 0 },
		{ "1..2.3", 0 }, { "1.2.3.4 ", 0 }, { "1.2.3.x", 0 }, { "3221225985", 0 }, { "0x1.2.3.4", 0 },
		{ "1.2.3.-4", 0 }, { "+1.2.3.4", 0 },
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (sd_host_ipv4_literal(cases[i].s, strlen(cases[i].s)) != cases[i].ok) {
			fail_msg("\"%s\": expected %d", cases[i].s, cases[i].ok);
		}
	}
	/* only len bytes are read */
	assert_int_equal(sd_host_ipv4_literal("1.2.3.4x", 7), 1);
	assert_int_equal(sd_host_ipv4_literal("1.2.3.45", 7), 1);
	assert_int_equal(sd_host_ipv4_literal("1.2.3.4", 6), 0);
}

/* The one IPv6 literal rule (PHP's FILTER_FLAG_IPV6), with its reasons. */
static void test_ipv6_problem(void **state)
{
	static const char *const ok[] = {
		"::", "::1", "2001:db8::1", "1:2:3:4:5:6:7:8", "1::8", "1:2:3:4:5:6:7::", "::ffff:192.0.2.1",
		"1:2:3:4:5:6:192.0.2.1", "FE80::ABCD", "0:0:0:0:0:0:0:0",
	};
	static const struct { const char *s; const char *why; } bad[] = {
		{ "", "no ':' inside the brackets" }, { "1234", "no ':' inside the brackets" },
		{ ":1::2", "it starts with a single ':'" }, { "1::2:", "it ends with a single ':'" },
		{ "1::2::3", "more than one '::'" }, { ":::1", "':::' is not allowed" },
		{ "12345::1", "a group has more than four hex digits" },
		{ "1:2:3:4:5:6:7", "not eight groups and no '::'" }, { "1:2:3:4:5:6:7:8:9", "not eight groups and no '::'" },
		{ "1:2:3::4:5:6:7:8", "too many groups for '::'" }, { "::g", "a character that is neither a hex digit nor ':'" },
		{ "::1.2.3.4:5", "a dotted part that is not an IPv4 address at the end" },
		{ "::ffff:192.0.2.256", "a dotted part that is not an IPv4 address at the end" },
		{ "1:2:3:4:5:6:7:1.2.3.4", "not eight groups and no '::'" },
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		const char *why = sd_host_ipv6_problem(ok[i], strlen(ok[i]));
		if (why != NULL) {
			fail_msg("\"%s\": %s", ok[i], why);
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = sd_host_ipv6_problem(bad[i].s, strlen(bad[i].s));
		if (why == NULL || strcmp(why, bad[i].why) != 0) {
			fail_msg("\"%s\": got %s, expected %s", bad[i].s, why ? why : "NULL", bad[i].why);
		}
	}
}

static void test_ipv6(void **state)
{
	(void) state;
	assert_int_equal(chk("[::1]"), SD_HOST_IPV6);
	assert_int_equal(res.issues, 0);
	assert_string_equal(res.clean, "[::1]");
	assert_string_equal(res.ascii, "[::1]");
	assert_string_equal(res.addr, "::1");
	assert_int_equal(chk("[2001:DB8:0:0:0:0:0:1]"), SD_HOST_IPV6);
	assert_string_equal(res.ascii, "[2001:db8:0:0:0:0:0:1]");
	assert_int_equal(chk("[::]"), SD_HOST_IPV6);
	assert_int_equal(chk("[fe80::]"), SD_HOST_IPV6);
	assert_int_equal(chk("[1:2:3:4:5:6:7::]"), SD_HOST_IPV6);
	assert_int_equal(chk("[::ffff:192.0.2.1]"), SD_HOST_IPV6);
	assert_int_equal(chk("[1:2:3:4:5:6:192.0.2.1]"), SD_HOST_IPV6);

	assert_int_equal(chk("[::g]"), SD_HOST_IPV6_INVALID);
	assert_true(res.malformed);
	assert_string_equal(res.addr, "");
	assert_int_equal(chk("[1:2:3:4:5:6:7:8:9]"), SD_HOST_IPV6_INVALID);
	assert_int_equal(chk("[1:2:3:4:5:6:7]"), SD_HOST_IPV6_INVALID);
	assert_int_equal(chk("[1::2::3]"), SD_HOST_IPV6_INVALID);
	assert_int_equal(chk("[12345::1]"), SD_HOST_IPV6_INVALID);
	assert_int_equal(chk("[:1]"), SD_HOST_IPV6_INVALID);
	assert_int_equal(chk("[1:]"), SD_HOST_IPV6_INVALID);
	assert_int_equal(chk("[::1%eth0]"), SD_HOST_IPV6_INVALID);
	assert_int_equal(chk("[::ffff:192.0.2.256]"), SD_HOST_IPV6_INVALID);
	assert_int_equal(chk("[]"), SD_HOST_IPV6_INVALID);
	assert_int_equal(chk("[::1"), SD_HOST_IPV6_INVALID);
	assert_int_equal(chk("[smtp.example.com]"), SD_HOST_IPV6_INVALID);

	/* bare literals get brackets in the suggestion */
	assert_int_equal(chk("::1"), SD_HOST_IPV6_BARE);
	assert_true(res.malformed);
	assert_string_equal(res.clean, "[::1]");
	assert_string_equal(res.addr, "::1");
	assert_int_equal(chk("2001:db8::25"), SD_HOST_IPV6_BARE);
	assert_string_equal(res.clean, "[2001:db8::25]");
}

static void test_idn(void **state)
{
	(void) state;
	assert_int_equal(chk("b\xc3\xbc" "cher.example"), SD_HOST_IDN);
	assert_false(res.malformed);
	assert_string_equal(res.clean, "b\xc3\xbc" "cher.example");
	assert_string_equal(res.ascii, "xn--bcher-kva.example");
	assert_string_equal(res.addr, "xn--bcher-kva.example");
	assert_int_equal(chk("ma\xc3\xb1" "ana.com"), SD_HOST_IDN);
	assert_string_equal(res.ascii, "xn--maana-pta.com");
	/* upper case, ASCII and Latin-1, is folded first */
	assert_int_equal(chk("B\xc3\x9c" "CHER.Example"), SD_HOST_IDN);
	assert_string_equal(res.ascii, "xn--bcher-kva.example");
	/* whole-label scripts; the ideographic full stop is a dot */
	assert_int_equal(chk("\xe4\xbe\x8b\xe3\x81\x88.\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88"), SD_HOST_IDN);
	assert_string_equal(res.ascii, "xn--r8jz45g.xn--zckzah");
	assert_int_equal(chk("\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80.\xd1\x80\xd1\x84"), SD_HOST_IDN);
	assert_string_equal(res.ascii, "xn--e1afmkfd.xn--p1ai");
	assert_int_equal(chk("\xd0\x9f\xd0\xa0\xd0\x98\xd0\x9c\xd0\x95\xd0\xa0.\xd0\xa0\xd0\xa4"), SD_HOST_IDN);
	assert_string_equal(res.ascii, "xn--e1afmkfd.xn--p1ai");
	assert_int_equal(chk("m\xc3\xbcnchen\xe3\x80\x82" "de"), SD_HOST_IDN);
	assert_string_equal(res.clean, "m\xc3\xbcnchen.de");
	assert_string_equal(res.ascii, "xn--mnchen-3ya.de");
	/* fullwidth ASCII is mapped, but PHPMailer would still refuse the string as written */
	assert_int_equal(chk("\xef\xbd\x93\xef\xbd\x8d\xef\xbd\x94\xef\xbd\x90.example"), SD_HOST_IDN);
	assert_string_equal(res.clean, "smtp.example");
	assert_string_equal(res.ascii, "smtp.example");
	/* IDN behind other problems */
	assert_int_equal(chk(" smtps://b\xc3\xbc" "cher.example:465/"), SD_HOST_WHITESPACE);
	assert_true(res.issues & BIT(SD_HOST_IDN));
	assert_true(res.issues & BIT(SD_HOST_URL));
	assert_true(res.issues & BIT(SD_HOST_PORT));
	assert_string_equal(res.clean, "b\xc3\xbc" "cher.example");
	assert_string_equal(res.ascii, "xn--bcher-kva.example");
	/* a converted label longer than 63 */
	{
		char buf[200];
		size_t i;
		for (i = 0; i < 60; i++) {
			buf[2 * i] = (char) 0xc3;
			buf[2 * i + 1] = (char) (0xa0 + (i % 20));
		}
		memcpy(buf + 120, ".example", 9);
		assert_int_equal(chk(buf), SD_HOST_TOO_LONG);
		memcpy(buf + 20, ".example", 9);
		assert_int_equal(chk(buf), SD_HOST_IDN);
	}
}

static void test_punycode(void **state)
{
	char out[128];
	/* RFC 3492 section 7.1, sample (A): Arabic (Egyptian) */
	static const unsigned long arabic[] = {
		0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644, 0x0645, 0x0648,
		0x0634, 0x0639, 0x0631, 0x0628, 0x064A, 0x061F
	};
	/* sample (L): 3<nen>B<gumi><kinpachi><sensei> */
	static const unsigned long mixed[] = {
		0x0033, 0x5E74, 0x0042, 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F
	};
	static const unsigned long ascii_only[] = { 'a', 'b', 'c' };
	static const unsigned long big[] = { 0x10ffff, 0x10fffe };
	static const unsigned long bad[] = { 0x110000 };
	(void) state;

	assert_int_equal(sd_host_punycode(arabic, 17, out, sizeof(out)), 22);
	assert_string_equal(out, "egbpdaj6bu4bxfgehfvwxn");
	assert_int_equal(sd_host_punycode(mixed, 8, out, sizeof(out)), (int) strlen("3B-ww4c5e180e575a65lsy2b"));
	assert_string_equal(out, "3B-ww4c5e180e575a65lsy2b");
	assert_int_equal(sd_host_punycode(ascii_only, 3, out, sizeof(out)), 4);
	assert_string_equal(out, "abc-");
	assert_int_equal(sd_host_punycode(NULL, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_true(sd_host_punycode(big, 2, out, sizeof(out)) > 0);
	assert_int_equal(sd_host_punycode(bad, 1, out, sizeof(out)), -1);
	/* too small buffers */
	assert_int_equal(sd_host_punycode(arabic, 17, out, 10), -1);
	assert_int_equal(sd_host_punycode(ascii_only, 3, out, 4), -1);
	assert_int_equal(sd_host_punycode(ascii_only, 3, out, 0), -1);
}

static void test_reasons(void **state)
{
	int c;
	(void) state;

	for (c = 0; c < SD_HOST_CLASS_COUNT; c++) {
		const char *r = sd_host_reason((sd_host_class) c);
		const char *n = sd_host_class_name((sd_host_class) c);
		assert_non_null(r);
		assert_true(strlen(r) > 10);
		assert_null(strchr(r, '\n'));
		assert_string_not_equal(r, "unknown");
		assert_string_not_equal(n, "unknown");
		assert_int_equal(sd_host_is_malformed((sd_host_class) c), c >= SD_HOST_EMPTY);
	}
	assert_string_equal(sd_host_class_name(SD_HOST_IPV6_BARE), "ipv6_bare");
	assert_string_equal(sd_host_reason((sd_host_class) 99), "unknown");
	assert_string_equal(sd_host_class_name((sd_host_class) 99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_control),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_illegal),
		cmocka_unit_test(test_underscore),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv4_literal),
		cmocka_unit_test(test_ipv6_problem),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_idn),
		cmocka_unit_test(test_punycode),
		cmocka_unit_test(test_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
