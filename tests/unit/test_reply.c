/* sources: src/engine/sd_reply.c src/engine/sd_ehlo.c src/engine/sd_text.c */
/* smtpdiag: unit tests for the SMTP reply parser, the first-bytes classifier and EHLO parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "src/engine/sd_reply.h"
#include "src/engine/sd_ehlo.h"

static sd_reply_status parse_all(const char *s, sd_reply *r)
{
	sd_reply_init(r);
	return sd_reply_feed(r, s, strlen(s));
}

/* Feed s one byte more each time, as a slow peer would deliver it; returns the first status that is
 * not INCOMPLETE and the length at which it came in *at. */
static sd_reply_status parse_bytewise(const char *s, sd_reply *r, size_t *at)
{
	size_t len = strlen(s), i;
	sd_reply_status st = SD_REPLY_INCOMPLETE;

	sd_reply_init(r);
	for (i = 0; i <= len; i++) {
		st = sd_reply_feed(r, s, i);
		if (st != SD_REPLY_INCOMPLETE) {
			break;
		}
	}
	*at = i;
	return st;
}

static void test_single_line(void **state)
{
	sd_reply r;
	const char *s = "220 mx.example.org ESMTP ready\r\n";
	(void) state;

	assert_int_equal(parse_all(s, &r), SD_REPLY_COMPLETE);
	assert_int_equal(r.code, 220);
	assert_int_equal(r.lines, 1);
	assert_int_equal(r.end, strlen(s));
	assert_string_equal(r.enh, "");
	assert_int_equal(r.enh_class, -1);
	assert_int_equal(r.text_off, 4);
}

static void test_multiline_and_rest(void **state)
{
	sd_reply r;
	const char *s = "250-mx.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n354 next";
	size_t pos = 0, tl;
	const char *t;
	(void) state;

	assert_int_equal(parse_all(s, &r), SD_REPLY_COMPLETE);
	assert_int_equal(r.code, 250);
	assert_int_equal(r.lines, 3);
	assert_string_equal(s + r.end, "354 next");
	assert_true(sd_reply_next_line(s, &r, &pos, &t, &tl));
	assert_int_equal(tl, 14);
	assert_memory_equal(t, "mx.example.org", 14);
	assert_true(sd_reply_next_line(s, &r, &pos, &t, &tl));
	assert_memory_equal(t, "PIPELINING", tl);
	assert_true(sd_reply_next_line(s, &r, &pos, &t, &tl));
	assert_memory_equal(t, "8BITMIME", tl);
	assert_false(sd_reply_next_line(s, &r, &pos, &t, &tl));
}

static void test_bare_lf_and_bare_code(void **state)
{
	sd_reply r;
	size_t pos = 0, tl;
	const char *t;
	(void) state;

	assert_int_equal(parse_all("250-first\n250\n", &r), SD_REPLY_COMPLETE);
	assert_int_equal(r.lines, 2);
	assert_int_equal(r.end, 14);
	assert_true(sd_reply_next_line("250-first\n250\n", &r, &pos, &t, &tl));
	assert_true(sd_reply_next_line("250-first\n250\n", &r, &pos, &t, &tl));
	assert_int_equal(tl, 0);

	assert_int_equal(parse_all("250\r\n", &r), SD_REPLY_COMPLETE);
	assert_int_equal(r.code, 250);
	assert_int_equal(parse_all("220 \r\n", &r), SD_REPLY_COMPLETE);
	assert_int_equal(parse_all("250-\r\n250 \r\n", &r), SD_REPLY_COMPLETE);
	assert_int_equal(r.lines, 2);
}

static void test_one_byte_at_a_time(void **state)
{
	const char *s = "250-smtp.gmail.com at your service\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n"
		"250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\nXX";
	sd_reply r, whole;
	size_t at;
	(void) state;

	assert_int_equal(parse_bytewise(s, &r, &at), SD_REPLY_COMPLETE);
	assert_int_equal(at, strlen(s) - 2);
	assert_int_equal(r.end, strlen(s) - 2);
	assert_int_equal(r.lines, 8);
	parse_all(s, &whole);
	assert_int_equal(whole.end, r.end);
	assert_int_equal(whole.lines, r.lines);

	/* calling again after COMPLETE changes nothing */
	assert_int_equal(sd_reply_feed(&r, s, strlen(s)), SD_REPLY_COMPLETE);
	assert_int_equal(r.end, strlen(s) - 2);
}

static void test_split_crlf(void **state)
{
	sd_reply r;
	const char *s = "220 hi\r\n";
	(void) state;

	sd_reply_init(&r);
	assert_int_equal(sd_reply_feed(&r, s, 7), SD_REPLY_INCOMPLETE);
	assert_int_equal(sd_reply_feed(&r, s, 8), SD_REPLY_COMPLETE);
	assert_int_equal(r.end, 8);
}

static void test_enhanced_codes(void **state)
{
	sd_reply r;
	char joined[256];
	const char *gmail = "535-5.7.8 Username and Password not accepted. Learn more at\r\n"
		"535 5.7.8  https://support.google.com/mail/?p=BadCredentials x1-20020a\r\n";
	const char *ms = "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\r\n";
	(void) state;

	assert_int_equal(parse_all(gmail, &r), SD_REPLY_COMPLETE);
	assert_int_equal(r.code, 535);
	assert_string_equal(r.enh, "5.7.8");
	assert_int_equal(r.enh_class, 5);
	assert_int_equal(r.enh_subject, 7);
	assert_int_equal(r.enh_detail, 8);
	assert_memory_equal(gmail + r.text_off, "Username", 8);
	sd_reply_join(gmail, &r, joined, sizeof(joined));
	assert_string_equal(joined, "Username and Password not accepted. Learn more at "
		"https://support.google.com/mail/?p=BadCredentials x1-20020a");

	assert_int_equal(parse_all(ms, &r), SD_REPLY_COMPLETE);
	assert_string_equal(r.enh, "5.7.139");
	assert_int_equal(r.enh_detail, 139);

	assert_int_equal(parse_all("530 5.7.0 Must issue a STARTTLS command first\r\n", &r), SD_REPLY_COMPLETE);
	assert_string_equal(r.enh, "5.7.0");
	assert_int_equal(parse_all("250 2.0.0\r\n", &r), SD_REPLY_COMPLETE);
	assert_string_equal(r.enh, "2.0.0");
	assert_int_equal(parse_all("421 4.7.0 Try again later\r\n", &r), SD_REPLY_COMPLETE);
	assert_int_equal(r.enh_class, 4);

	/* not enhanced codes */
	assert_int_equal(parse_all("250 1.2.3 nope\r\n", &r), SD_REPLY_COMPLETE);
	assert_string_equal(r.enh, "");
	assert_int_equal(parse_all("250 5.7.1234 four digits\r\n", &r), SD_REPLY_COMPLETE);
	assert_string_equal(r.enh, "");
	assert_int_equal(parse_all("250 5.7.1x\r\n", &r), SD_REPLY_COMPLETE);
	assert_string_equal(r.enh, "");
	assert_int_equal(parse_all("250 5..1 x\r\n", &r), SD_REPLY_COMPLETE);
	assert_string_equal(r.enh, "");
	assert_int_equal(parse_all("250 192.168.1.1 hello\r\n", &r), SD_REPLY_COMPLETE);
	assert_string_equal(r.enh, "");
	assert_int_equal(parse_all("250-5.7.8\r\n250 ok\r\n", &r), SD_REPLY_COMPLETE);
	assert_string_equal(r.enh, "5.7.8");
}

static void test_join_cap(void **state)
{
	sd_reply r;
	char small[8];
	const char *s = "554-5.7.1 first line\r\n554 second\r\n";
	(void) state;

	assert_int_equal(parse_all(s, &r), SD_REPLY_COMPLETE);
	assert_int_equal(sd_reply_join(s, &r, small, sizeof(small)), 7);
	assert_string_equal(small, "first l");
	assert_int_equal(sd_reply_join(s, &r, small, 0), 0);
}

static void test_syntax_errors(void **state)
{
	sd_reply r;
	size_t at;
	(void) state;

	assert_int_equal(parse_all("HTTP/1.1 400 Bad Request\r\n", &r), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(r.error_line, 0);
	assert_int_equal(parse_all("25\r\n", &r), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(parse_all("250x\r\n", &r), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(parse_all("2500 ok\r\n", &r), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(parse_all("650 ok\r\n", &r), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(parse_all("\r\n", &r), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(parse_all(" 250 ok\r\n", &r), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(parse_all("250-a\r\nfoo\r\n", &r), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(r.error_line, 1);
	assert_int_equal(parse_all("250\rX\r\n", &r), SD_REPLY_ERR_SYNTAX);

	/* detected on the first bad byte, before a line end arrives */
	assert_int_equal(parse_bytewise("SSH-2.0-OpenSSH_9.2\r\n", &r, &at), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(at, 1);
	assert_int_equal(parse_bytewise("\x16\x03\x01\x02\x00", &r, &at), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(at, 1);
	assert_int_equal(parse_bytewise("220 ok\r\n", &r, &at), SD_REPLY_COMPLETE);
	assert_int_equal(parse_bytewise("22x", &r, &at), SD_REPLY_ERR_SYNTAX);
	assert_int_equal(at, 3);

	/* the sticky error */
	assert_int_equal(sd_reply_feed(&r, "220 ok\r\n", 8), SD_REPLY_ERR_SYNTAX);
}

static void test_code_mismatch(void **state)
{
	sd_reply r;
	size_t at;
	(void) state;

	assert_int_equal(parse_all("250-a\r\n251 b\r\n", &r), SD_REPLY_ERR_CODE_MISMATCH);
	assert_int_equal(r.error_line, 1);
	assert_int_equal(parse_bytewise("250-a\r\n550 b\r\n", &r, &at), SD_REPLY_ERR_CODE_MISMATCH);
	assert_int_equal(at, 11);
}

/* However the bytes are split, the answer is the same (cases the fuzzer found). */
static void test_split_agrees(void **state)
{
	static const char *cases[] = {
		"250-a\r\n533957\r\n",
		"250-a\r\n200\rSIZE 1\r\n250 x\r\n",
		"250-a\r\n200\r\n",
		"250\r\r\n",
		"250-a\r\n250\r\n",
	};
	static const sd_reply_status expect[] = {
		SD_REPLY_ERR_SYNTAX, SD_REPLY_ERR_SYNTAX, SD_REPLY_ERR_CODE_MISMATCH, SD_REPLY_ERR_SYNTAX,
		SD_REPLY_COMPLETE,
	};
	size_t i, at;
	sd_reply whole, pieces;
	(void) state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse_all(cases[i], &whole), expect[i]);
		assert_int_equal(parse_bytewise(cases[i], &pieces, &at), expect[i]);
		assert_int_equal(whole.lines, pieces.lines);
	}

	/* bytes past max_bytes are never looked at */
	sd_reply_init(&whole);
	whole.max_bytes = 9;
	assert_int_equal(sd_reply_feed(&whole, "250-abc\r\nXX\r\n", 13), SD_REPLY_ERR_TOO_LARGE);
	assert_int_equal(parse_bytewise("250-abc\r\nXX\r\n", &pieces, &at), SD_REPLY_ERR_SYNTAX);
}

static void test_line_too_long(void **state)
{
	sd_reply r;
	char buf[64];
	(void) state;

	sd_reply_init(&r);
	r.max_line = 10;
	assert_int_equal(sd_reply_feed(&r, "250 123456\r\n", 12), SD_REPLY_COMPLETE);

	sd_reply_init(&r);
	r.max_line = 10;
	assert_int_equal(sd_reply_feed(&r, "250 1234567\r\n", 13), SD_REPLY_ERR_LINE_TOO_LONG);

	/* without a line end, as soon as the partial line passes the cap; a trailing CR is not counted */
	memset(buf, 'a', sizeof(buf));
	memcpy(buf, "250 ", 4);
	sd_reply_init(&r);
	r.max_line = 10;
	assert_int_equal(sd_reply_feed(&r, buf, 10), SD_REPLY_INCOMPLETE);
	buf[10] = '\r';
	assert_int_equal(sd_reply_feed(&r, buf, 11), SD_REPLY_INCOMPLETE);
	buf[10] = 'a';
	assert_int_equal(sd_reply_feed(&r, buf, 11), SD_REPLY_ERR_LINE_TOO_LONG);

	/* the default cap */
	{
		static char big[SD_REPLY_MAX_LINE + 16];
		memset(big, 'x', sizeof(big));
		memcpy(big, "220 ", 4);
		sd_reply_init(&r);
		assert_int_equal(sd_reply_feed(&r, big, SD_REPLY_MAX_LINE), SD_REPLY_INCOMPLETE);
		assert_int_equal(sd_reply_feed(&r, big, SD_REPLY_MAX_LINE + 1), SD_REPLY_ERR_LINE_TOO_LONG);
	}
}

static void test_too_large(void **state)
{
	static char buf[SD_REPLY_MAX_BYTES + 2000];
	sd_reply r;
	size_t n = 0, line = 1000;
	(void) state;

	/* 250- lines of 1000 bytes until past the cap: the parser fails at the cap exactly */
	while (n + line <= sizeof(buf)) {
		memset(buf + n, 'y', line);
		memcpy(buf + n, "250-", 4);
		buf[n + line - 2] = '\r';
		buf[n + line - 1] = '\n';
		n += line;
	}
	sd_reply_init(&r);
	assert_int_equal(sd_reply_feed(&r, buf, SD_REPLY_MAX_BYTES - 1), SD_REPLY_INCOMPLETE);
	assert_int_equal(sd_reply_feed(&r, buf, SD_REPLY_MAX_BYTES), SD_REPLY_ERR_TOO_LARGE);

	/* a complete reply of exactly the cap is fine */
	sd_reply_init(&r);
	r.max_bytes = 16;
	assert_int_equal(sd_reply_feed(&r, "250-abc\r\n250 xy\r\n", 17), SD_REPLY_ERR_TOO_LARGE);
	sd_reply_init(&r);
	r.max_bytes = 17;
	assert_int_equal(sd_reply_feed(&r, "250-abc\r\n250 xy\r\n", 17), SD_REPLY_COMPLETE);
	sd_reply_init(&r);
	r.max_bytes = 17;
	assert_int_equal(sd_reply_feed(&r, "250-abc\r\n250 xy\r", 16), SD_REPLY_INCOMPLETE);
}

static void test_too_many_lines(void **state)
{
	static char buf[(SD_REPLY_MAX_LINES + 2) * 7];
	sd_reply r;
	size_t i, n = 0;
	(void) state;

	for (i = 0; i < SD_REPLY_MAX_LINES + 2; i++) {
		memcpy(buf + n, "250-x\r\n", 7);
		n += 7;
	}
	/* the last allowed line is the 512th; a 512th line that is not final already fails */
	sd_reply_init(&r);
	assert_int_equal(sd_reply_feed(&r, buf, (SD_REPLY_MAX_LINES - 1) * 7), SD_REPLY_INCOMPLETE);
	assert_int_equal(sd_reply_feed(&r, buf, SD_REPLY_MAX_LINES * 7), SD_REPLY_ERR_TOO_MANY_LINES);
	assert_int_equal(r.error_line, SD_REPLY_MAX_LINES);

	memcpy(buf + (SD_REPLY_MAX_LINES - 1) * 7, "250 x\r\n", 7);
	sd_reply_init(&r);
	assert_int_equal(sd_reply_feed(&r, buf, SD_REPLY_MAX_LINES * 7), SD_REPLY_COMPLETE);
	assert_int_equal(r.lines, SD_REPLY_MAX_LINES);

	sd_reply_init(&r);
	r.max_lines = 2;
	assert_int_equal(sd_reply_feed(&r, "250-a\n250-b\n250 c\n", 18), SD_REPLY_ERR_TOO_MANY_LINES);
}

static void test_empty_and_names(void **state)
{
	sd_reply r;
	size_t pos = 0, tl;
	const char *t;
	char out[4];
	(void) state;

	sd_reply_init(&r);
	assert_int_equal(sd_reply_feed(&r, "", 0), SD_REPLY_INCOMPLETE);
	assert_false(sd_reply_next_line("", &r, &pos, &t, &tl));
	assert_int_equal(sd_reply_join("", &r, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_string_equal(sd_reply_status_name(SD_REPLY_ERR_LINE_TOO_LONG), "line too long");
	assert_string_equal(sd_reply_status_name((sd_reply_status) 99), "unknown");
	assert_string_equal(sd_reply_peer_name(SD_PEER_TLS), "tls");
}

static void test_classify(void **state)
{
	(void) state;

	assert_int_equal(sd_reply_classify("", 0), SD_PEER_INCOMPLETE);
	assert_int_equal(sd_reply_classify("220 mx ESMTP\r\n", 14), SD_PEER_SMTP);
	assert_int_equal(sd_reply_classify("220-", 4), SD_PEER_SMTP);
	assert_int_equal(sd_reply_classify("220\r\n", 5), SD_PEER_SMTP);
	assert_int_equal(sd_reply_classify("22", 2), SD_PEER_INCOMPLETE);
	assert_int_equal(sd_reply_classify("554 ", 4), SD_PEER_SMTP);
	assert_int_equal(sd_reply_classify("120 ", 4), SD_PEER_OTHER);
	assert_int_equal(sd_reply_classify("\x16\x03\x03\x00\x7a", 5), SD_PEER_TLS);
	assert_int_equal(sd_reply_classify("\x15\x03\x01\x00\x02\x02\x46", 7), SD_PEER_TLS);
	assert_int_equal(sd_reply_classify("\x15\x03\x00", 3), SD_PEER_TLS);
	assert_int_equal(sd_reply_classify("\x16\x03\x04", 3), SD_PEER_TLS);
	assert_int_equal(sd_reply_classify("\x16\x03\x05", 3), SD_PEER_OTHER);
	assert_int_equal(sd_reply_classify("\x16\x02\x01", 3), SD_PEER_OTHER);
	assert_int_equal(sd_reply_classify("\x17\x03\x03", 3), SD_PEER_OTHER);
	assert_int_equal(sd_reply_classify("\x16", 1), SD_PEER_INCOMPLETE);
	assert_int_equal(sd_reply_classify("\x16\x03", 2), SD_PEER_INCOMPLETE);
	assert_int_equal(sd_reply_classify("HTTP/1.0 400 Bad Request\r\n", 26), SD_PEER_HTTP);
	assert_int_equal(sd_reply_classify("HTTP", 4), SD_PEER_INCOMPLETE);
	assert_int_equal(sd_reply_classify("HTTPS", 5), SD_PEER_OTHER);
	assert_int_equal(sd_reply_classify("http/1.1", 8), SD_PEER_OTHER);
	assert_int_equal(sd_reply_classify("SSH-2.0-x\r\n", 11), SD_PEER_OTHER);
	assert_int_equal(sd_reply_classify("+OK POP3\r\n", 10), SD_PEER_OTHER);
	assert_int_equal(sd_reply_classify("\0\0\0\0", 4), SD_PEER_OTHER);
}

/* --- EHLO --- */

static int ehlo(const char *s, sd_ehlo *e)
{
	sd_reply r;
	sd_reply_init(&r);
	assert_int_equal(sd_reply_feed(&r, s, strlen(s)), SD_REPLY_COMPLETE);
	return sd_ehlo_parse(s, &r, e);
}

static void test_ehlo_gmail(void **state)
{
	static sd_ehlo e;
	const char *s = "250-smtp.gmail.com at your service, [203.0.113.7]\r\n250-SIZE 35882577\r\n"
		"250-8BITMIME\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n";
	const char *after_tls = "250-smtp.gmail.com at your service, [203.0.113.7]\r\n250-SIZE 35882577\r\n"
		"250-8BITMIME\r\n250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH\r\n"
		"250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n";
	(void) state;

	assert_int_equal(ehlo(s, &e), 0);
	assert_string_equal(e.domain, "smtp.gmail.com");
	assert_true(e.flags & SD_EHLO_STARTTLS);
	assert_false(e.flags & SD_EHLO_AUTH);
	assert_int_equal(e.n_auth, 0);
	assert_true(e.flags & SD_EHLO_SIZE);
	assert_true(e.size_valid);
	assert_true(e.size == 35882577ULL);
	assert_int_equal(e.flags & (SD_EHLO_8BITMIME | SD_EHLO_ENHANCEDSTATUSCODES | SD_EHLO_PIPELINING
		| SD_EHLO_CHUNKING | SD_EHLO_SMTPUTF8), SD_EHLO_8BITMIME | SD_EHLO_ENHANCEDSTATUSCODES
		| SD_EHLO_PIPELINING | SD_EHLO_CHUNKING | SD_EHLO_SMTPUTF8);
	assert_false(e.flags & SD_EHLO_DSN);
	assert_int_equal(e.n_ext, 7);
	assert_string_equal(e.ext[0], "SIZE 35882577");
	assert_string_equal(e.ext[6], "SMTPUTF8");

	assert_int_equal(ehlo(after_tls, &e), 0);
	assert_false(e.flags & SD_EHLO_STARTTLS);
	assert_true(e.flags & SD_EHLO_AUTH);
	assert_int_equal(e.n_auth, 6);
	assert_string_equal(e.auth[0], "LOGIN");
	assert_string_equal(e.auth[2], "XOAUTH2");
	assert_string_equal(e.auth[3], "PLAIN-CLIENTTOKEN");
	assert_true(sd_ehlo_has_auth(&e, "xoauth2"));
	assert_false(sd_ehlo_has_auth(&e, "CRAM-MD5"));
	assert_false(sd_ehlo_has_auth(&e, "XOAUTH2X"));
	assert_false(sd_ehlo_has_auth(&e, "XOAUT"));
}

static void test_ehlo_postfix(void **state)
{
	static sd_ehlo e;
	const char *s = "250-mail.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n"
		"250-AUTH PLAIN LOGIN\r\n250-AUTH=PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n"
		"250-DSN\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n";
	(void) state;

	assert_int_equal(ehlo(s, &e), 0);
	assert_string_equal(e.domain, "mail.example.net");
	assert_true(e.flags & SD_EHLO_AUTH);
	assert_true(e.flags & SD_EHLO_AUTH_LEGACY);
	assert_true(e.flags & SD_EHLO_DSN);
	assert_int_equal(e.n_auth, 2);
	assert_string_equal(e.auth[0], "PLAIN");
	assert_string_equal(e.auth[1], "LOGIN");
	assert_int_equal(e.n_ext, 11);
	assert_string_equal(e.ext[2], "VRFY");
	assert_string_equal(e.ext[5], "AUTH=PLAIN LOGIN");
	assert_true(e.size == 10240000ULL);
}

static void test_ehlo_exchange(void **state)
{
	static sd_ehlo e;
	const char *s = "250-EXCH01.corp.example.com Hello [10.0.0.5]\r\n250-SIZE 37748736\r\n250-PIPELINING\r\n"
		"250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n250-STARTTLS\r\n250-X-ANONYMOUSTLS\r\n250-AUTH GSSAPI NTLM\r\n"
		"250-X-EXPS GSSAPI NTLM\r\n250-8BITMIME\r\n250-BINARYMIME\r\n250-CHUNKING\r\n250 XRDST\r\n";
	(void) state;

	assert_int_equal(ehlo(s, &e), 0);
	assert_string_equal(e.domain, "EXCH01.corp.example.com");
	assert_true(e.flags & SD_EHLO_STARTTLS);
	assert_int_equal(e.n_auth, 2);
	assert_string_equal(e.auth[0], "GSSAPI");
	assert_string_equal(e.auth[1], "NTLM");
	assert_false(sd_ehlo_has_auth(&e, "LOGIN"));
	assert_false(sd_ehlo_has_auth(&e, "PLAIN"));
	assert_false(e.flags & SD_EHLO_AUTH_LEGACY);
	assert_int_equal(e.n_ext, 12);
}

static void test_ehlo_odd(void **state)
{
	static sd_ehlo e;
	char big[SD_EHLO_MAX_EXT * 12 + 64];
	size_t n, i;
	(void) state;

	/* a bare single line, lower-case keywords, odd spacing, bad SIZE values, junk mechanisms */
	assert_int_equal(ehlo("250 only.example\r\n", &e), 0);
	assert_string_equal(e.domain, "only.example");
	assert_int_equal(e.n_ext, 0);
	assert_int_equal(ehlo("250\r\n", &e), 0);
	assert_string_equal(e.domain, "");

	assert_int_equal(ehlo("250-x\n250-  starttls  \n250-auth login  plain Login cram-md5\n250-SIZE\n250 size 12ab\n", &e), 0);
	assert_true(e.flags & SD_EHLO_STARTTLS);
	assert_int_equal(e.n_auth, 3);
	assert_string_equal(e.auth[2], "CRAM-MD5");
	assert_true(e.flags & SD_EHLO_SIZE);
	assert_false(e.size_valid);
	assert_string_equal(e.ext[0], "starttls");

	assert_int_equal(ehlo("250-x\r\n250-SIZE 0\r\n250 AUTH\r\n", &e), 0);
	assert_true(e.size_valid);
	assert_true(e.size == 0);
	assert_true(e.flags & SD_EHLO_AUTH);
	assert_int_equal(e.n_auth, 0);

	assert_int_equal(ehlo("250-x\r\n250 SIZE 99999999999999999999999\r\n", &e), 0);
	assert_false(e.size_valid);
	assert_int_equal(ehlo("250-x\r\n250 SIZE 18446744073709551615\r\n", &e), 0);
	assert_true(e.size_valid);
	assert_true(e.size == 18446744073709551615ULL);

	assert_int_equal(ehlo("250-x\r\n250 AUTH PLAIN L\xc3\xb6GIN THIS-NAME-IS-FAR-TOO-LONG-FOR-A-SASL-MECH\r\n", &e), 0);
	assert_int_equal(e.n_auth, 1);
	assert_true(e.auth_truncated);

	/* hostile text is escaped */
	assert_int_equal(ehlo("250-evil\x1b[2Jhost\r\n250 X-\x1b]0;pwn\x07\r\n", &e), 0);
	assert_string_equal(e.domain, "evil\\x1b[2Jhost");
	assert_string_equal(e.ext[0], "X-\\x1b]0;pwn\\x07");

	/* too many extension lines: kept up to the cap */
	n = 0;
	memcpy(big, "250-x\r\n", 7);
	n = 7;
	for (i = 0; i < SD_EHLO_MAX_EXT + 3; i++) {
		memcpy(big + n, "250-XKW\r\n", 9);
		n += 9;
	}
	memcpy(big + n, "250 DSN\r\n", 9);
	n += 9;
	big[n] = '\0';
	assert_int_equal(ehlo(big, &e), 0);
	assert_int_equal(e.n_ext, SD_EHLO_MAX_EXT);
	assert_true(e.ext_truncated);
	assert_true(e.flags & SD_EHLO_DSN);

	/* too many mechanisms */
	assert_int_equal(ehlo("250-x\r\n250 AUTH A B C D E F G H I J K L M N O P Q R\r\n", &e), 0);
	assert_int_equal(e.n_auth, SD_EHLO_MAX_AUTH);
	assert_true(e.auth_truncated);
}

static void test_ehlo_not_250(void **state)
{
	static sd_ehlo e;
	sd_reply r;
	(void) state;

	assert_int_equal(ehlo("502 5.5.1 Unrecognized command\r\n", &e), -1);
	assert_int_equal(e.n_ext, 0);
	sd_reply_init(&r);
	sd_reply_feed(&r, "250-x\r\n", 7);
	assert_int_equal(sd_ehlo_parse("250-x\r\n", &r, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_line),
		cmocka_unit_test(test_multiline_and_rest),
		cmocka_unit_test(test_bare_lf_and_bare_code),
		cmocka_unit_test(test_one_byte_at_a_time),
		cmocka_unit_test(test_split_crlf),
		cmocka_unit_test(test_enhanced_codes),
		cmocka_unit_test(test_join_cap),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_code_mismatch),
		cmocka_unit_test(test_split_agrees),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_too_many_lines),
		cmocka_unit_test(test_empty_and_names),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_ehlo_gmail),
		cmocka_unit_test(test_ehlo_postfix),
		cmocka_unit_test(test_ehlo_exchange),
		cmocka_unit_test(test_ehlo_odd),
		cmocka_unit_test(test_ehlo_not_250),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
