/* sources: src/engine/sd_auth.c src/engine/sd_providers.c */
/* libs: -lcrypto */
/* smtpdiag: unit tests for SMTP AUTH as PHPMailer does it: the capabilities it reads from EHLO, its
 * mechanism choice, the messages of PLAIN, LOGIN, CRAM-MD5 (RFC 2195's example) and XOAUTH2 (Google's
 * example), and what a refusal means. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "src/engine/sd_auth.h"

static sd_auth_caps caps_of(const char *first, const char *const *ext, size_t n, int is_ehlo)
{
	sd_auth_caps c;
	sd_auth_caps_parse(first, ext, n, is_ehlo, &c);
	return c;
}

static void test_caps(void **state)
{
	const char *const gmail[] = { "SIZE 35882577", "8BITMIME", "AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH",
		"ENHANCEDSTATUSCODES" };
	const char *const legacy[] = { "AUTH=LOGIN PLAIN" };
	const char *const two[] = { "AUTH LOGIN", "AUTH CRAM-MD5" };
	const char *const lower[] = { "AUTH login plain" };
	const char *const spaces[] = { "AUTH  PLAIN" };
	const char *const empty_auth[] = { "AUTH" };
	sd_auth_caps c;

	(void) state;
	c = caps_of("smtp.gmail.com", gmail, 4, 1);
	assert_true(c.any);
	assert_true(c.ehlo);
	assert_true(c.has_auth);
	assert_int_equal(c.n, 6);
	assert_string_equal(c.mechs[0], "LOGIN");
	assert_string_equal(c.mechs[5], "XOAUTH");
	/* PHPMailer's parseHelloFields() takes "AUTH=LOGIN" for a capability of its own */
	c = caps_of("mx", legacy, 1, 1);
	assert_false(c.has_auth);
	/* a later AUTH line replaces an earlier one */
	c = caps_of("mx", two, 2, 1);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.mechs[0], "CRAM-MD5");
	/* names are compared as sent */
	c = caps_of("mx", lower, 1, 1);
	assert_string_equal(c.mechs[0], "login");
	/* explode(' ') makes an empty word of two spaces */
	c = caps_of("mx", spaces, 1, 1);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.mechs[0], "");
	assert_string_equal(c.mechs[1], "PLAIN");
	c = caps_of("mx", empty_auth, 1, 1);
	assert_true(c.has_auth);
	assert_int_equal(c.n, 0);
	/* a bare "250" EHLO reply: no EHLO key, nothing at all */
	c = caps_of("", NULL, 0, 1);
	assert_false(c.any);
	/* after HELO */
	c = caps_of("mx.example.org", NULL, 0, 0);
	assert_true(c.any);
	assert_false(c.ehlo);
}

static void test_choose(void **state)
{
	const char *const all[] = { "AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2" };
	const char *const plain_only[] = { "AUTH PLAIN" };
	const char *const ntlm[] = { "AUTH GSSAPI NTLM" };
	const char *const oauth[] = { "AUTH XOAUTH2 OAUTHBEARER" };
	const char *const lower[] = { "AUTH login" };
	const char *const none[] = { "PIPELINING", "STARTTLS" };
	sd_auth_caps c;
	sd_auth_mech m;

	(void) state;
	c = caps_of("mx", all, 1, 1);
	assert_int_equal(sd_auth_choose(&c, NULL, &m), SD_AUTH_CHOSEN);
	assert_int_equal(m, SD_AUTH_MECH_CRAM_MD5);   /* CRAM-MD5 first */
	assert_int_equal(sd_auth_choose(&c, "PLAIN", &m), SD_AUTH_CHOSEN);
	assert_int_equal(m, SD_AUTH_MECH_PLAIN);
	assert_int_equal(sd_auth_choose(&c, "", &m), SD_AUTH_CHOSEN);
	assert_int_equal(m, SD_AUTH_MECH_CRAM_MD5);
	/* a requested type the server lacks falls back to the order */
	c = caps_of("mx", plain_only, 1, 1);
	assert_int_equal(sd_auth_choose(&c, "LOGIN", &m), SD_AUTH_CHOSEN);
	assert_int_equal(m, SD_AUTH_MECH_PLAIN);
	/* the comparison is exact: "plain" is not "PLAIN" */
	assert_int_equal(sd_auth_choose(&c, "plain", &m), SD_AUTH_CHOSEN);
	assert_int_equal(m, SD_AUTH_MECH_PLAIN);
	c = caps_of("mx", ntlm, 1, 1);
	assert_int_equal(sd_auth_choose(&c, NULL, &m), SD_AUTH_NO_COMMON);
	assert_int_equal(m, SD_AUTH_MECH_NONE);
	assert_string_equal(sd_auth_choice_text(SD_AUTH_NO_COMMON), "No supported authentication methods found");
	/* a requested type PHPMailer has no code for, that the server offers */
	assert_int_equal(sd_auth_choose(&c, "NTLM", &m), SD_AUTH_NOT_IMPLEMENTED);
	c = caps_of("mx", oauth, 1, 1);
	assert_int_equal(sd_auth_choose(&c, NULL, &m), SD_AUTH_CHOSEN);
	assert_int_equal(m, SD_AUTH_MECH_XOAUTH2);
	c = caps_of("mx", lower, 1, 1);
	assert_int_equal(sd_auth_choose(&c, NULL, &m), SD_AUTH_NO_COMMON);
	c = caps_of("mx", none, 2, 1);
	assert_int_equal(sd_auth_choose(&c, NULL, &m), SD_AUTH_NOT_ADVERTISED);
	assert_string_equal(sd_auth_choice_text(SD_AUTH_NOT_ADVERTISED), "Authentication is not allowed at this stage");
	c = caps_of("", NULL, 0, 1);
	assert_int_equal(sd_auth_choose(&c, NULL, &m), SD_AUTH_NO_CAPS);
	/* after HELO: LOGIN unless a type is asked for */
	c = caps_of("mx", NULL, 0, 0);
	assert_int_equal(sd_auth_choose(&c, NULL, &m), SD_AUTH_CHOSEN);
	assert_int_equal(m, SD_AUTH_MECH_LOGIN);
	assert_int_equal(sd_auth_choose(&c, "PLAIN", &m), SD_AUTH_CHOSEN);
	assert_int_equal(m, SD_AUTH_MECH_PLAIN);
	assert_int_equal(sd_auth_choose(&c, "login", &m), SD_AUTH_NOT_IMPLEMENTED);
}

static void test_base64(void **state)
{
	char out[64];
	unsigned char back[64];

	(void) state;
	assert_int_equal(sd_auth_b64((const unsigned char *) "", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "");
	sd_auth_b64((const unsigned char *) "a", 1, out, sizeof(out));
	assert_string_equal(out, "YQ==");
	sd_auth_b64((const unsigned char *) "ab", 2, out, sizeof(out));
	assert_string_equal(out, "YWI=");
	sd_auth_b64((const unsigned char *) "Username:", 9, out, sizeof(out));
	assert_string_equal(out, "VXNlcm5hbWU6");
	/* too small: nothing */
	assert_int_equal(sd_auth_b64((const unsigned char *) "abcd", 4, out, 8), 0);
	assert_string_equal(out, "");
	/* lenient decoding, as PHP's base64_decode(): CRLF and junk skipped */
	assert_int_equal(sd_auth_unb64("VXNl\r\ncm5h bWU6\r\n", 18, back, sizeof(back)), 9);
	assert_memory_equal(back, "Username:", 9);
	assert_int_equal(sd_auth_unb64("YQ==", 4, back, sizeof(back)), 1);
	/* '=' is skipped wherever it is, as PHP's base64_decode() does without strict: it does not end the data */
	assert_int_equal(sd_auth_unb64("QUJD=REVG", 9, back, sizeof(back)), 6);
	assert_memory_equal(back, "ABCDEF", 6);
	assert_int_equal(sd_auth_unb64("QQ==QQ==", 8, back, sizeof(back)), 3);
	assert_memory_equal(back, "\x41\x04\x10", 3);
	assert_int_equal(sd_auth_unb64("=", 1, back, sizeof(back)), 0);
}

/* sd_auth_response_size() is enough for every mechanism, whatever the lengths: CRAM-MD5 with a short
 * or empty password needs more than PLAIN or XOAUTH2 (user, a space and 32 hex digits). */
static void test_response_size(void **state)
{
	static char user[80], pass[80], out[256];
	size_t u, p, cap;

	(void) state;
	memset(user, 'u', sizeof(user));
	memset(pass, 'p', sizeof(pass));
	for (u = 0; u < 70; u++) {
		for (p = 0; p < 70; p++) {
			cap = sd_auth_response_size(u, p);
			assert_true(cap <= sizeof(out));
			assert_true(sd_auth_plain(user, u, pass, p, out, cap) > 0);
			assert_true(sd_auth_xoauth2(user, u, pass, p, out, cap) > 0);
			assert_true(sd_auth_cram_md5("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2U+", 36, user, u, pass, p, out, cap) > 0);
			assert_true(sd_auth_b64((const unsigned char *) user, u, out, cap) > 0 || u == 0);
			assert_true(sd_auth_b64((const unsigned char *) pass, p, out, cap) > 0 || p == 0);
		}
	}
}

static void test_messages(void **state)
{
	char out[512];
	static const char challenge[] = "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+";
	static const char token[] = "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg";

	(void) state;
	assert_int_equal(sd_auth_plain("alice", 5, "S3cret", 6, out, sizeof(out)), 20);
	assert_string_equal(out, "AGFsaWNlAFMzY3JldA==");
	/* RFC 2195's example */
	assert_true(sd_auth_cram_md5(challenge, strlen(challenge), "tim", 3, "tanstaaftanstaaf", 16, out, sizeof(out)) > 0);
	assert_string_equal(out, "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw");
	/* Google's XOAUTH2 example */
	sd_auth_xoauth2("someuser@example.com", 20, token, strlen(token), out, sizeof(out));
	assert_string_equal(out, "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==");
	/* every response fits the size the caller is told to allocate */
	assert_true(sd_auth_response_size(20, strlen(token)) > strlen(out));
	assert_int_equal(sd_auth_plain("alice", 5, "S3cret", 6, out, 8), 0);
}

static void test_classify(void **state)
{
	sd_auth_provider p;

	(void) state;
	p = SD_PROVIDER_OTHER;
	assert_int_equal(sd_auth_classify(535, "5.7.8", "Username and Password not accepted. For more information, go to "
		"https://support.google.com/mail/?p=BadCredentials", 1, &p), SD_AUTH_REFUSED);
	assert_int_equal(p, SD_PROVIDER_GMAIL);
	p = SD_PROVIDER_OTHER;
	assert_int_equal(sd_auth_classify(534, "5.7.9", "Application-specific password required. For more information, "
		"go to https://support.google.com/mail/?p=InvalidSecondFactor", 1, &p), SD_AUTH_APP_PASSWORD);
	assert_int_equal(sd_auth_classify(534, "5.7.14", "Please log in via your web browser and then try again.", 1, &p),
		SD_AUTH_APP_PASSWORD);
	p = SD_PROVIDER_OTHER;
	assert_int_equal(sd_auth_classify(535, "5.7.139", "Authentication unsuccessful, SmtpClientAuthentication is "
		"disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.", 1, &p),
		SD_AUTH_APP_PASSWORD);
	assert_int_equal(p, SD_PROVIDER_MICROSOFT);
	assert_int_equal(sd_auth_classify(550, "5.7.30", "Basic authentication is not supported for Client Submission.", 1,
		&p), SD_AUTH_APP_PASSWORD);
	assert_int_equal(sd_auth_classify(535, "5.7.3", "Authentication unsuccessful", 1, &p), SD_AUTH_REFUSED);
	p = SD_PROVIDER_OTHER;
	/* Yahoo's (#AUTH005) refuses the credentials and holds further logins back: auth_failed, with a note */
	assert_int_equal(sd_auth_classify(535, "5.7.0", "(#AUTH005) Too many bad auth attempts.", 1, &p),
		SD_AUTH_REFUSED);
	assert_int_equal(p, SD_PROVIDER_YAHOO);
	assert_int_equal(sd_auth_classify(535, "5.7.0", "(#MBR1212) Incorrect username or password.", 1, &p),
		SD_AUTH_REFUSED);
	p = SD_PROVIDER_OTHER;
	assert_int_equal(sd_auth_classify(530, "5.7.0", "Must issue a STARTTLS command first.", 0, &p), SD_AUTH_NEEDS_TLS);
	assert_int_equal(sd_auth_classify(538, "5.7.11", "Encryption required for requested authentication mechanism", 0,
		&p), SD_AUTH_NEEDS_TLS);
	assert_int_equal(sd_auth_classify(504, "5.7.4", "Unrecognized authentication type", 0, &p), SD_AUTH_NEEDS_TLS);
	assert_int_equal(sd_auth_classify(504, "5.7.4", "Unrecognized authentication type", 1, &p), SD_AUTH_MECH_REFUSED);
	assert_int_equal(sd_auth_classify(530, "5.7.0", "Authentication required", 0, &p), SD_AUTH_REFUSED);
	assert_int_equal(sd_auth_classify(454, "4.7.0", "Temporary authentication failure", 1, &p), SD_AUTH_REFUSED);
	assert_int_equal(p, SD_PROVIDER_OTHER);
}

static void test_refusal_note(void **state)
{
	const char *note = sd_auth_refusal_note("535 5.7.0 (#AUTH005) Too many bad auth attempts.");

	(void) state;
	assert_non_null(note);
	assert_non_null(strstr(note, "locks further attempts for a while"));
	assert_non_null(strstr(note, "app passwords"));
	assert_ptr_equal(sd_auth_refusal_note("535 5.7.0 (#auth005) too many bad auth attempts."), note);
	assert_null(sd_auth_refusal_note("535 5.7.0 (#MBR1212) Incorrect username or password."));
	assert_null(sd_auth_refusal_note("535 5.7.8 Authentication failed"));
	assert_null(sd_auth_refusal_note(""));
	assert_null(sd_auth_refusal_note(NULL));
}

static void test_provider(void **state)
{
	(void) state;
	assert_int_equal(sd_auth_provider_of("smtp.gmail.com", NULL), SD_PROVIDER_GMAIL);
	assert_int_equal(sd_auth_provider_of("127.0.0.1", "smtp.gmail.com"), SD_PROVIDER_GMAIL);
	assert_int_equal(sd_auth_provider_of("smtp.office365.com", NULL), SD_PROVIDER_MICROSOFT);
	assert_int_equal(sd_auth_provider_of(NULL, "AM0PR01CA0001.outlook.office365.com"), SD_PROVIDER_MICROSOFT);
	assert_int_equal(sd_auth_provider_of("SMTP.MAIL.YAHOO.COM", NULL), SD_PROVIDER_YAHOO);
	assert_int_equal(sd_auth_provider_of("smtp.mail.me.com", NULL), SD_PROVIDER_ICLOUD);
	/* a label boundary, not a suffix */
	assert_int_equal(sd_auth_provider_of("notgmail.com", "home.me.com.example"), SD_PROVIDER_OTHER);
	assert_string_equal(sd_auth_provider_name(SD_PROVIDER_ICLOUD), "iCloud Mail");
	assert_string_equal(sd_auth_provider_name(SD_PROVIDER_OTHER), "");
	/* the names from the provider table */
	assert_int_equal(sd_auth_provider_of("smtp-relay.gmail.com", NULL), SD_PROVIDER_GMAIL);
	assert_int_equal(sd_auth_provider_of("smtp-mail.outlook.com", NULL), SD_PROVIDER_MICROSOFT);
	assert_int_equal(sd_auth_provider_of("mx.google.com.", NULL), SD_PROVIDER_GMAIL);
	assert_int_equal(sd_auth_provider_of("smtp.zoho.com", "mx.zoho.com"), SD_PROVIDER_OTHER);
	assert_int_equal(sd_auth_provider_of("", ""), SD_PROVIDER_OTHER);
	/* sd_verdict_ctx.auth_provider holds these numbers: they do not move */
	assert_int_equal(SD_AUTH_PROVIDER_OTHER, 0);
	assert_int_equal(SD_AUTH_PROVIDER_GMAIL, 1);
	assert_int_equal(SD_AUTH_PROVIDER_MICROSOFT, 2);
	assert_int_equal(SD_AUTH_PROVIDER_YAHOO, 3);
	assert_int_equal(SD_AUTH_PROVIDER_ICLOUD, 4);
}

static void test_wipe(void **state)
{
	char secret[8] = "hunter2";

	(void) state;
	sd_auth_wipe(secret, sizeof(secret));
	assert_memory_equal(secret, "\0\0\0\0\0\0\0\0", 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_response_size),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_refusal_note),
		cmocka_unit_test(test_provider),
		cmocka_unit_test(test_wipe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
