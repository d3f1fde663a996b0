/* sources: src/engine/sd_text.c */
/* libs: -lpthread */
/* smtpdiag: unit tests for escaping peer text and redacting secrets in transcripts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#include "src/engine/sd_text.h"

static const char *esc(const char *in, size_t len)
{
	static char out[1024];
	size_t n = sd_text_escape(in, len, out, sizeof(out));
	assert_int_equal(n, strlen(out));
	assert_int_equal(n, sd_text_escape_len(in, len));
	return out;
}

#define ESC(lit) esc(lit, sizeof(lit) - 1)

static void test_plain_kept(void **state)
{
	(void) state;
	assert_string_equal(ESC("220 mx.example.org ESMTP Postfix (Debian/GNU)"),
		"220 mx.example.org ESMTP Postfix (Debian/GNU)");
	assert_string_equal(ESC(""), "");
	assert_string_equal(ESC("~!@#$%^&*()_+{}|:\"<>?`-=[];',./"), "~!@#$%^&*()_+{}|:\"<>?`-=[];',./");
}

static void test_controls(void **state)
{
	(void) state;
	assert_string_equal(ESC("a\r\nb\tc"), "a\\r\\nb\\tc");
	assert_string_equal(ESC("back\\slash"), "back\\\\slash");
	assert_string_equal(ESC("nul\0x"), "nul\\x00x");
	assert_string_equal(ESC("\x01\x07\x08\x0b\x0c\x1f\x7f"), "\\x01\\x07\\x08\\x0b\\x0c\\x1f\\x7f");
}

static void test_esc_sequences(void **state)
{
	(void) state;
	/* a clear-screen, a colour, a title change (OSC ... BEL) and an OSC 8 hyperlink */
	assert_string_equal(ESC("220 \x1b[2J\x1b[31mred\x1b[0m"), "220 \\x1b[2J\\x1b[31mred\\x1b[0m");
	assert_string_equal(ESC("\x1b]0;owned\x07"), "\\x1b]0;owned\\x07");
	assert_string_equal(ESC("\x1b]8;;http://x\x1b\\link"), "\\x1b]8;;http://x\\x1b\\\\link");
	/* C1 CSI (U+009B) and NEL (U+0085) in UTF-8 */
	assert_string_equal(ESC("a\xc2\x9b" "31mb\xc2\x85"), "a\\u009b31mb\\u0085");
	/* an 8-bit C1 byte alone is not UTF-8 */
	assert_string_equal(ESC("a\x9b" "31m"), "a\\x9b31m");
}

static void test_utf8(void **state)
{
	(void) state;
	/* valid printable UTF-8 is kept */
	assert_string_equal(ESC("B\xc3\xbc" "cher \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x93\xa7"),
		"B\xc3\xbc" "cher \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x93\xa7");
	/* invalid: stray continuation, overlong, surrogate, beyond U+10FFFF, cut sequence, 0xff */
	assert_string_equal(ESC("\x80"), "\\x80");
	assert_string_equal(ESC("\xc0\xaf"), "\\xc0\\xaf");
	assert_string_equal(ESC("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");
	assert_string_equal(ESC("\xed\xa0\x80"), "\\xed\\xa0\\x80");
	assert_string_equal(ESC("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
	assert_string_equal(ESC("ok\xe2\x82"), "ok\\xe2\\x82");
	assert_string_equal(ESC("\xff\xfe"), "\\xff\\xfe");
	assert_string_equal(ESC("\xc3\xbc\xc3"), "\xc3\xbc\\xc3");
	/* the highest valid code point and U+07FF, U+0800 boundaries */
	assert_string_equal(ESC("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf");
	assert_string_equal(ESC("\xdf\xbf\xe0\xa0\x80"), "\xdf\xbf\xe0\xa0\x80");
}

static void test_invisibles(void **state)
{
	(void) state;
	assert_string_equal(ESC("a\xc2\xa0" "b"), "a\\u00a0b");
	assert_string_equal(ESC("a\xe2\x80\x8b" "b"), "a\\u200bb");
	assert_string_equal(ESC("\xef\xbb\xbf" "220"), "\\ufeff220");
	/* right-to-left override, the trick behind "Trojan Source" */
	assert_string_equal(ESC("x\xe2\x80\xae" "gpj.exe"), "x\\u202egpj.exe");
	assert_string_equal(ESC("\xe2\x81\xa6" "z"), "\\u2066z");
	assert_string_equal(ESC("\xe2\x80\xa8"), "\\u2028");
	/* C1 controls: CSI as UTF-8 */
	assert_string_equal(ESC("\xc2\x9b" "2J"), "\\u009b2J");
	/* the rest of the host check's set: combining grapheme joiner, Hangul fillers, typographic and
	 * ideographic spaces, variation selectors, tag characters (above U+FFFF: \UXXXXXXXX) */
	assert_string_equal(ESC("a\xcd\x8f" "b"), "a\\u034fb");
	assert_string_equal(ESC("\xe1\x85\x9f\xe1\x85\xa0\xe3\x85\xa4\xef\xbe\xa0"), "\\u115f\\u1160\\u3164\\uffa0");
	assert_string_equal(ESC("\xe2\x80\x83\xe3\x80\x80"), "\\u2003\\u3000");
	assert_string_equal(ESC("ok\xef\xb8\x8f"), "ok\\ufe0f");
	assert_string_equal(ESC("\xf3\xa0\x81\x81\xf3\xa0\x84\x80"), "\\U000e0041\\U000e0100");
	/* visible neighbours are kept: inverted exclamation mark, a Hangul syllable, an emoji */
	assert_string_equal(ESC("\xc2\xa1\xea\xb0\x80\xf0\x9f\x93\xa7"), "\xc2\xa1\xea\xb0\x80\xf0\x9f\x93\xa7");
	assert_true(sd_text_invisible(0x202e) && sd_text_invisible(0xe007f) && !sd_text_invisible(0x9b)
		&& !sd_text_invisible('a') && !sd_text_invisible(0xe1000));
}

static void test_truncation(void **state)
{
	char out[32];
	char big[200];
	size_t n;
	(void) state;

	memset(big, 'a', sizeof(big));
	n = sd_text_escape(big, sizeof(big), out, sizeof(out));
	assert_int_equal(n, 31);
	assert_string_equal(out + 31 - strlen(SD_TEXT_TRUNCATED), SD_TEXT_TRUNCATED);
	assert_int_equal(strspn(out, "a"), 31 - strlen(SD_TEXT_TRUNCATED));

	/* exactly fitting: no marker */
	n = sd_text_escape(big, 31, out, sizeof(out));
	assert_int_equal(n, 31);
	assert_int_equal(strspn(out, "a"), 31);

	/* never cut inside an escape or a character */
	n = sd_text_escape("\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b", 8, out, 24);
	assert_string_equal(out, "\\x1b\\x1b" SD_TEXT_TRUNCATED);
	n = sd_text_escape("\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b", 8, out, 22);
	assert_string_equal(out, "\\x1b" SD_TEXT_TRUNCATED);
	n = sd_text_escape("\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc", 20, out, 20);
	assert_string_equal(out, "\xc3\xbc\xc3\xbc" SD_TEXT_TRUNCATED);
	assert_int_equal(n, 18);

	/* tiny buffers: no marker, still terminated, never overrun */
	memset(out, 'Z', sizeof(out));
	n = sd_text_escape("hello world", 11, out, 4);
	assert_int_equal(n, 3);
	assert_string_equal(out, "hel");
	assert_int_equal(out[4], 'Z');
	n = sd_text_escape("\x1b", 1, out, 4);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	out[0] = 'Z';
	assert_int_equal(sd_text_escape("x", 1, out, 0), 0);
	assert_int_equal(out[0], 'Z');
	assert_int_equal(sd_text_escape("x", 1, out, 1), 0);
	assert_int_equal(out[0], '\0');
}

static const char *red(const char *line, int after_334)
{
	static char out[256];
	sd_text_redact(line, strlen(line), after_334, out, sizeof(out));
	return out;
}

static void test_redact(void **state)
{
	char small[12];
	(void) state;

	assert_string_equal(red("AUTH PLAIN AHVzZXIAc2VjcmV0\r\n", 0), "AUTH PLAIN [redacted]");
	assert_string_equal(red("auth plain AHVzZXIAc2VjcmV0", 0), "auth plain [redacted]");
	assert_string_equal(red("AUTH XOAUTH2 dXNlcj1...\n", 0), "AUTH XOAUTH2 [redacted]");
	assert_string_equal(red("AUTH  LOGIN   dXNlcg==", 0), "AUTH  LOGIN [redacted]");
	assert_string_equal(red("AUTH LOGIN\r\n", 0), "AUTH LOGIN");
	assert_string_equal(red("AUTH LOGIN   \r\n", 0), "AUTH LOGIN   ");
	assert_string_equal(red("AUTH CRAM-MD5", 0), "AUTH CRAM-MD5");
	assert_string_equal(red("EHLO client.example\r\n", 0), "EHLO client.example");
	assert_string_equal(red("AUTHX PLAIN abc", 0), "AUTHX PLAIN abc");
	assert_string_equal(red("MAIL FROM:<a@example.com> AUTH=<>", 0), "MAIL FROM:<a@example.com> AUTH=<>");
	/* after a 334 challenge every line is a secret, except the client's "*" cancel */
	assert_string_equal(red("dXNlcm5hbWU=\r\n", 1), "[redacted]");
	assert_string_equal(red("c2VjcmV0\r\n", 1), "[redacted]");
	assert_string_equal(red("", 1), "[redacted]");
	assert_string_equal(red("*\r\n", 1), "*");
	/* the rest is escaped */
	assert_string_equal(red("EHLO \x1b[31m\r\n", 0), "EHLO \\x1b[31m");
	assert_string_equal(red("AUTH PL\x1b" "AIN secret", 0), "AUTH PL\\x1bAIN [redacted]");
	/* a bare CR inside the line is shown */
	assert_string_equal(red("NOOP\rX\r\n", 0), "NOOP\\rX");

	/* a small buffer never shows the secret */
	sd_text_redact("AUTH PLAIN c2VjcmV0", 19, 0, small, sizeof(small));
	assert_null(strstr(small, "c2Vj"));
	assert_string_equal(small, "AUTH PLAIN");
	sd_text_redact("dXNlcm5hbWU=", 12, 1, small, 4);
	assert_string_equal(small, "[re");
}

/* sd_text_errno(): strerror()'s text without its shared buffer. */
static void test_errno_text(void **state)
{
	char buf[128], tiny[5];

	(void) state;
	assert_string_equal(sd_text_errno(ECONNREFUSED, buf, sizeof(buf)), "Connection refused");
	assert_ptr_equal(sd_text_errno(ETIMEDOUT, buf, sizeof(buf)), buf);
	assert_string_equal(buf, "Connection timed out");
	assert_string_equal(sd_text_errno(EACCES, buf, sizeof(buf)), "Permission denied");
	/* a number the system does not know */
	assert_string_equal(sd_text_errno(98765, buf, sizeof(buf)), "Unknown error 98765");
	/* cut to fit, always terminated */
	assert_string_equal(sd_text_errno(ECONNREFUSED, tiny, sizeof(tiny)), "Conn");
	assert_string_equal(sd_text_errno(ECONNREFUSED, tiny, 1), "");
	assert_ptr_equal(sd_text_errno(ECONNREFUSED, NULL, 0), NULL);
}

typedef struct {
	int err;
	char expect[128];
	int wrong;
} errno_worker;

static void *errno_loop(void *arg)
{
	errno_worker *w = arg;
	char buf[128];
	int i;

	for (i = 0; i < 20000; i++) {
		if (strcmp(sd_text_errno(w->err, buf, sizeof(buf)), w->expect) != 0) {
			w->wrong++;
		}
	}
	return NULL;
}

/* Threads asking at once each get their own number's text (known and unknown numbers). */
static void test_errno_threads(void **state)
{
	errno_worker w[4] = { { ECONNREFUSED, "", 0 }, { ENETUNREACH, "", 0 }, { 98761, "", 0 }, { 98762, "", 0 } };
	pthread_t th[4];
	int i;

	(void) state;
	for (i = 0; i < 4; i++) {
		sd_text_errno(w[i].err, w[i].expect, sizeof(w[i].expect));
	}
	assert_string_equal(w[2].expect, "Unknown error 98761");
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_create(&th[i], NULL, errno_loop, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].wrong, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_kept),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_esc_sequences),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_invisibles),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_errno_text),
		cmocka_unit_test(test_errno_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
