/* sources: src/engine/sd_dsn.c */
/* Mailer DSNs as Symfony Mailer reads them: the parts parse_url() finds, rawurldecode()d credentials,
 * the TLS mode and port EsmtpTransport derives (smtps, smtp on 465, smtp without a port, localhost,
 * auto_tls, require_tls), the query options, and the errors (none of which quotes a credential). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "src/engine/sd_dsn.h"

static sd_dsn *parse_ok(const char *dsn)
{
	sd_dsn *d = calloc(1, sizeof(*d));
	assert_non_null(d);
	if (sd_dsn_parse(dsn, strlen(dsn), d) != 0) {
		fail_msg("\"%s\" refused: %s", dsn, d->message);
	}
	assert_int_equal(d->error, SD_DSN_OK);
	assert_string_equal(d->message, "");
	return d;
}

static sd_dsn *parse_bad(const char *dsn, size_t len, sd_dsn_error e, const char *message)
{
	sd_dsn *d = calloc(1, sizeof(*d));
	assert_non_null(d);
	assert_int_equal(sd_dsn_parse(dsn, len, d), -1);
	assert_int_equal(d->error, e);
	assert_string_equal(d->message, message);
	/* a refused DSN leaves nothing behind */
	assert_null(d->host);
	assert_int_equal(d->has_username, 0);
	assert_int_equal(d->has_password, 0);
	assert_string_equal(d->password, "");
	return d;
}

static void assert_host(const sd_dsn *d, const char *host)
{
	assert_int_equal(d->host_len, strlen(host));
	assert_memory_equal(d->host, host, strlen(host));
}

static void test_basic(void **state)
{
	sd_dsn *d = parse_ok("smtp://user:pass@smtp.example.com:587");
	(void) state;

	assert_string_equal(d->scheme, "smtp");
	assert_host(d, "smtp.example.com");
	assert_int_equal(d->port_given, 587);
	assert_int_equal(d->port, 587);
	assert_int_equal(d->security, SD_SEC_AUTO);
	assert_int_equal(d->has_username, 1);
	assert_string_equal(d->username, "user");
	assert_int_equal(d->username_len, 4);
	assert_int_equal(d->has_password, 1);
	assert_string_equal(d->password, "pass");
	assert_int_equal(d->password_len, 4);
	assert_int_equal(d->verify_peer, 1);
	assert_string_equal(d->helo, "[127.0.0.1]");
	assert_string_equal(d->bindto, "");
	assert_int_equal(d->ignored_count, 0);
	assert_int_equal(d->note_count, 0);
	free(d);

	/* no credentials; an empty user or password is none, as in Symfony's Dsn */
	d = parse_ok("smtp://mail.example.org:2525");
	assert_int_equal(d->has_username, 0);
	assert_int_equal(d->has_password, 0);
	assert_int_equal(d->port, 2525);
	free(d);
	d = parse_ok("smtp://:secret@mail.example.org:2525");
	assert_int_equal(d->has_username, 0);
	assert_int_equal(d->has_password, 1);
	assert_string_equal(d->password, "secret");
	free(d);
	d = parse_ok("smtp://user@mail.example.org:2525");
	assert_int_equal(d->has_username, 1);
	assert_int_equal(d->has_password, 0);
	free(d);
	d = parse_ok("smtp://user:@mail.example.org:2525");
	assert_int_equal(d->has_username, 1);
	assert_int_equal(d->has_password, 0);
	free(d);
}

static void test_percent_encoding(void **state)
{
	sd_dsn *d;
	(void) state;

	/* rawurldecode(): %XX bytes, '+' stays '+', a '%' without two hex digits stays */
	d = parse_ok("smtp://us%40er%3Aname:p%40ss%2Fw+rd%3F%23%25@h.example:25");
	assert_string_equal(d->username, "us@er:name");
	assert_string_equal(d->password, "p@ss/w+rd?#%");
	free(d);
	d = parse_ok("smtp://u:100%25%zz%4@h.example:25");
	assert_string_equal(d->password, "100%%zz%4");
	free(d);
	/* a raw '@' in the password: parse_url() takes the last '@' */
	d = parse_ok("smtp://user:p@ss@h.example:25");
	assert_string_equal(d->username, "user");
	assert_string_equal(d->password, "p@ss");
	assert_host(d, "h.example");
	free(d);
	/* a NUL byte, encoded */
	d = parse_ok("smtp://u:a%00b@h.example:25");
	assert_int_equal(d->password_len, 3);
	assert_memory_equal(d->password, "a\0b", 3);
	free(d);
	/* UTF-8, encoded */
	d = parse_ok("smtp://j%C3%BCrgen:%E2%82%AC@h.example:25");
	assert_string_equal(d->username, "j\xc3\xbcrgen");
	assert_string_equal(d->password, "\xe2\x82\xac");
	free(d);
	/* the host is taken as written (Symfony does not decode it) */
	d = parse_ok("smtp://h%2Dx.example:25");
	assert_host(d, "h%2Dx.example");
	free(d);
}

static void test_ipv6(void **state)
{
	sd_dsn *d;
	(void) state;

	d = parse_ok("smtp://u:p@[::1]:2525");
	assert_host(d, "[::1]");
	assert_int_equal(d->port, 2525);
	free(d);
	d = parse_ok("smtps://[2001:db8::25]");
	assert_host(d, "[2001:db8::25]");
	assert_int_equal(d->port, 465);
	assert_int_equal(d->security, SD_SEC_SMTPS);
	free(d);
	d = parse_ok("smtp://[::ffff:192.0.2.1]:587?verify_peer=0");
	assert_host(d, "[::ffff:192.0.2.1]");
	assert_int_equal(d->verify_peer, 0);
	free(d);
	free(parse_bad("smtp://[::1:25", 14, SD_DSN_E_IPV6, "an IPv6 address is written [address] (e.g. smtp://[2001:db8::25]:587)"));
	free(parse_bad("smtp://[]:25", 12, SD_DSN_E_IPV6, "an IPv6 address is written [address] (e.g. smtp://[2001:db8::25]:587)"));
	free(parse_bad("smtp://[::1]x:25", 16, SD_DSN_E_IPV6, "an IPv6 address is written [address] (e.g. smtp://[2001:db8::25]:587)"));
	free(parse_bad("smtp://[fe80::1%eth0]:25", 24, SD_DSN_E_IPV6, "an IPv6 address in [ ] holds only hex digits, ':' and '.'"));
}

static void test_tls_modes(void **state)
{
	sd_dsn *d;
	(void) state;

	/* smtps: implicit TLS, 465 by default, any port given */
	d = parse_ok("smtps://u:p@smtp.example.com");
	assert_int_equal(d->security, SD_SEC_SMTPS);
	assert_int_equal(d->port, 465);
	assert_int_equal(d->port_given, 0);
	assert_int_equal(d->note_count, 0);
	free(d);
	d = parse_ok("smtps://smtp.example.com:2465");
	assert_int_equal(d->security, SD_SEC_SMTPS);
	assert_int_equal(d->port, 2465);
	free(d);
	/* smtp on 465: implicit TLS */
	d = parse_ok("smtp://smtp.example.com:465");
	assert_int_equal(d->security, SD_SEC_SMTPS);
	assert_int_equal(d->port, 465);
	assert_int_equal(d->note_count, 1);
	assert_string_equal(d->notes[0], "port 465: Symfony Mailer uses implicit TLS there, as for smtps://");
	free(d);
	/* smtp without a port: implicit TLS on 465, except for exactly "localhost" */
	d = parse_ok("smtp://smtp.example.com");
	assert_int_equal(d->security, SD_SEC_SMTPS);
	assert_int_equal(d->port, 465);
	assert_string_equal(d->notes[0], "no port: Symfony Mailer uses implicit TLS on port 465 (as smtps://) for a "
		"host other than localhost");
	free(d);
	d = parse_ok("smtp://localhost");
	assert_int_equal(d->security, SD_SEC_AUTO);
	assert_int_equal(d->port, 25);
	assert_string_equal(d->notes[0], "no port, host localhost: Symfony Mailer connects to port 25 without TLS, and "
		"uses STARTTLS when the server offers it");
	free(d);
	d = parse_ok("smtp://LOCALHOST");
	assert_int_equal(d->security, SD_SEC_SMTPS);
	assert_int_equal(d->port, 465);
	free(d);
	/* smtp on another port: STARTTLS when offered */
	d = parse_ok("smtp://smtp.example.com:25");
	assert_int_equal(d->security, SD_SEC_AUTO);
	free(d);
	/* auto_tls=false: never TLS on smtp, even on 465 */
	d = parse_ok("smtp://smtp.example.com:465?auto_tls=false");
	assert_int_equal(d->security, SD_SEC_NONE);
	assert_int_equal(d->port, 465);
	free(d);
	d = parse_ok("smtp://smtp.example.com?auto_tls=0");
	assert_int_equal(d->security, SD_SEC_NONE);
	assert_int_equal(d->port, 25);
	free(d);
	/* auto_tls with an empty value stays on; smtps ignores it */
	d = parse_ok("smtp://smtp.example.com:587?auto_tls=");
	assert_int_equal(d->security, SD_SEC_AUTO);
	free(d);
	d = parse_ok("smtps://smtp.example.com?auto_tls=false");
	assert_int_equal(d->security, SD_SEC_SMTPS);
	free(d);
	/* require_tls: STARTTLS or nothing */
	d = parse_ok("smtp://smtp.example.com:587?require_tls=true");
	assert_int_equal(d->security, SD_SEC_STARTTLS);
	free(d);
	d = parse_ok("smtp://smtp.example.com:587?require_tls=no");
	assert_int_equal(d->security, SD_SEC_AUTO);
	free(d);
	d = parse_ok("smtp://smtp.example.com:465?require_tls=1");
	assert_int_equal(d->security, SD_SEC_SMTPS);
	free(d);
	free(parse_bad("smtp://h.example:587?auto_tls=off&require_tls=on", 48, SD_DSN_E_OPTION,
		"require_tls with auto_tls off: Symfony Mailer never starts TLS on smtp://, so it refuses every "
		"connection (use smtps://, or turn auto_tls on)"));
}

static void test_query_options(void **state)
{
	sd_dsn *d;
	(void) state;

	/* verify_peer: FILTER_VALIDATE_BOOL; anything but true-ish (and '') turns it off */
	static const struct { const char *dsn; int verify; } vp[] = {
		{ "smtp://h.example:25?verify_peer=0", 0 },
		{ "smtp://h.example:25?verify_peer=false", 0 },
		{ "smtp://h.example:25?verify_peer=off", 0 },
		{ "smtp://h.example:25?verify_peer=maybe", 0 },
		{ "smtp://h.example:25?verify_peer", 1 },
		{ "smtp://h.example:25?verify_peer=", 1 },
		{ "smtp://h.example:25?verify_peer=1", 1 },
		{ "smtp://h.example:25?verify_peer=TRUE", 1 },
		{ "smtp://h.example:25?verify_peer=+yes+", 1 },
		{ "smtp://h.example:25?verify_peer=On", 1 },
		{ "smtp://h.example:25?verify_peer=0&verify_peer=1", 1 },
	};
	size_t i;
	for (i = 0; i < sizeof(vp) / sizeof(vp[0]); i++) {
		d = parse_ok(vp[i].dsn);
		if (d->verify_peer != vp[i].verify) {
			fail_msg("%s: verify_peer %d, expected %d", vp[i].dsn, d->verify_peer, vp[i].verify);
		}
		free(d);
	}

	d = parse_ok("smtp://h.example:25?local_domain=app.example.com&source_ip=192.0.2.7");
	assert_string_equal(d->helo, "app.example.com");
	assert_string_equal(d->bindto, "192.0.2.7:0");
	free(d);
	d = parse_ok("smtp://h.example:25?source_ip=2001%3Adb8%3A%3A7");
	assert_string_equal(d->bindto, "[2001:db8::7]:0");
	free(d);
	d = parse_ok("smtp://h.example:25?source_ip=");
	assert_string_equal(d->bindto, "");
	free(d);

	/* options that change nothing about the connection, and the ones Symfony does not read */
	d = parse_ok("smtp://h.example:25?max_per_second=2&restart_threshold=10&restart_threshold_sleep=1&ping_threshold=5"
		"&encryption=ssl&verify_per=0&x%5By%5D=1&encryption=tls&&=v");
	assert_int_equal(d->verify_peer, 1);
	assert_int_equal(d->ignored_count, 3);
	assert_string_equal(d->ignored[0], "encryption");
	assert_string_equal(d->ignored[1], "verify_per");
	assert_string_equal(d->ignored[2], "x[y]");
	assert_int_equal(d->note_count, 1);
	assert_string_equal(d->notes[0], "encryption is a SwiftMailer setting that Symfony Mailer does not read: the "
		"scheme and the port decide the encryption");
	free(d);
	/* a repeated name is listed once, also when it is shown with '?' for bytes it cannot show, or cut */
	d = parse_ok("smtp://h.example:25?caf%C3%A9=1&a%22b=1&caf%C3%A9=2&a%22b=2&"
		"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk=1&"
		"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk=2");
	assert_int_equal(d->ignored_count, 3);
	assert_string_equal(d->ignored[0], "caf??");
	assert_string_equal(d->ignored[1], "a?b");
	assert_string_equal(d->ignored[2], "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...");
	free(d);
	d = parse_ok("smtp://h.example:25?peer_fingerprint=AB12");
	assert_string_equal(d->notes[0], "peer_fingerprint pins the server's certificate in Symfony Mailer; smtpdiag "
		"does not compare it");
	free(d);

	/* a path and a fragment are ignored; a query after the path is read */
	d = parse_ok("smtp://u:p@h.example:587/?verify_peer=0#frag");
	assert_int_equal(d->port, 587);
	assert_int_equal(d->verify_peer, 0);
	assert_string_equal(d->notes[0], "verify_peer is off: the certificate and its name are not checked "
		"(verify_peer and verify_peer_name false)");
	free(d);
	d = parse_ok("smtp://h.example:587?local_domain=x.example#local_domain=y");
	assert_string_equal(d->helo, "x.example");
	free(d);

	free(parse_bad("smtp://h.example:25?local_domain=", 33, SD_DSN_E_OPTION,
		"local_domain must be a host name of 1 to 255 bytes (the name sent in EHLO)"));
	free(parse_bad("smtp://h.example:25?local_domain=a+b", 36, SD_DSN_E_OPTION,
		"local_domain must be a host name without spaces or control characters (the name sent in EHLO)"));
	free(parse_bad("smtp://h.example:25?source_ip=eth0x", 35, SD_DSN_E_OPTION,
		"source_ip must be an IPv4 or IPv6 address"));
}

static void test_bad_ports(void **state)
{
	static const char *const not_number = "the port after the host is not a number: give one from 1 to 65535 "
		"(percent-encode a ':', '@' or '/' in the user name or password)";
	static const char *const range = "the port must be between 1 and 65535";
	(void) state;

	free(parse_bad("smtp://h.example:0", 18, SD_DSN_E_PORT, range));
	free(parse_bad("smtp://h.example:65536", 22, SD_DSN_E_PORT, range));
	free(parse_bad("smtp://h.example:99999", 22, SD_DSN_E_PORT, range));
	free(parse_bad("smtp://h.example:123456789012345678901234567890", 47, SD_DSN_E_PORT, range));
	free(parse_bad("smtp://h.example:abc", 20, SD_DSN_E_PORT, not_number));
	free(parse_bad("smtp://h.example:58 7", 21, SD_DSN_E_PORT, not_number));
	free(parse_bad("smtp://h.example:-1", 19, SD_DSN_E_PORT, not_number));
	free(parse_bad("smtp://h.example:", 17, SD_DSN_E_PORT,
		"the port after ':' is empty: give one from 1 to 65535, or leave out the ':'"));
	/* a DSN that lost its "@host": the password stands where the port belongs, and is not quoted */
	free(parse_bad("smtp://user:s3cr3t", 18, SD_DSN_E_PORT, not_number));
	free(parse_bad("smtp://user:12345678", 20, SD_DSN_E_PORT, range));
	sd_dsn *d = parse_ok("smtp://h.example:65535");
	assert_int_equal(d->port, 65535);
	free(d);
	d = parse_ok("smtp://h.example:00025");
	assert_int_equal(d->port, 25);
	free(d);
}

static void test_missing_host_and_shape(void **state)
{
	static const char *const no_host = "the DSN names no host (smtp://user:pass@HOST:port)";
	static const char *const no_scheme = "a DSN starts with smtp:// or smtps:// (e.g. smtp://user:pass@smtp.example.com:587)";
	(void) state;

	free(parse_bad("smtp://", 7, SD_DSN_E_NO_HOST, no_host));
	free(parse_bad("smtp://:587", 11, SD_DSN_E_NO_HOST, no_host));
	free(parse_bad("smtp://user:pass@", 17, SD_DSN_E_NO_HOST, no_host));
	free(parse_bad("smtp://user:pass@:25", 20, SD_DSN_E_NO_HOST, no_host));
	free(parse_bad("smtp:///path", 12, SD_DSN_E_NO_HOST, no_host));
	free(parse_bad("smtp://?verify_peer=0", 21, SD_DSN_E_NO_HOST, no_host));
	free(parse_bad("", 0, SD_DSN_E_EMPTY, "the DSN is empty"));
	free(parse_bad("smtp.example.com:587", 20, SD_DSN_E_NO_SCHEME, no_scheme));
	free(parse_bad("user:secret@smtp.example.com", 28, SD_DSN_E_NO_SCHEME, no_scheme));
	free(parse_bad("smtp:/h.example", 15, SD_DSN_E_NO_SCHEME, no_scheme));
	free(parse_bad("://h.example", 12, SD_DSN_E_NO_SCHEME, no_scheme));
	free(parse_bad("smtp://user:pa/ss@h.example:25", 30, SD_DSN_E_USERINFO,
		"an '@' comes after a '/', '?' or '#': percent-encode those in the user name and password (%2F, %3F, "
		"%23), as parse_url() cannot read them"));
	free(parse_bad("smtp://user:pa#ss@h.example:25", 30, SD_DSN_E_USERINFO,
		"an '@' comes after a '/', '?' or '#': percent-encode those in the user name and password (%2F, %3F, "
		"%23), as parse_url() cannot read them"));
	free(parse_bad("failover(smtp://a smtp://b)", 27, SD_DSN_E_LIST,
		"failover(...) lists several transports: give each DSN on its own"));

	/* caps */
	{
		size_t n = SD_DSN_MAX + 1, k;
		char *big = malloc(n);
		memcpy(big, "smtp://u:", 9);
		for (k = 9; k < n; k++) {
			big[k] = 'a';
		}
		free(parse_bad(big, n, SD_DSN_E_TOO_LONG, "the DSN is longer than 8192 bytes"));
		/* a password of 4097 bytes fits the DSN cap but not the secret cap */
		n = 9 + SD_DSN_SECRET_MAX + 1 + 10;
		memcpy(big + 9 + SD_DSN_SECRET_MAX + 1, "@h.example", 10);
		free(parse_bad(big, n, SD_DSN_E_SECRET_TOO_LONG, "the password is longer than 4096 bytes"));
		/* 4096 bytes fit */
		memcpy(big + 9 + SD_DSN_SECRET_MAX, "@h.example", 10);
		{
			sd_dsn *d = calloc(1, sizeof(*d));
			assert_int_equal(sd_dsn_parse(big, 9 + SD_DSN_SECRET_MAX + 10, d), 0);
			assert_int_equal(d->password_len, SD_DSN_SECRET_MAX);
			free(d);
		}
		free(big);
	}
	/* a NUL byte ends nothing: it is part of the host, for the probe to call malformed */
	{
		sd_dsn *d = calloc(1, sizeof(*d));
		assert_int_equal(sd_dsn_parse("smtp://h\0x.example:25", 21, d), 0);
		assert_int_equal(d->host_len, 11);
		free(d);
	}
}

static void test_unknown_scheme(void **state)
{
	(void) state;

	free(parse_bad("http://h.example", 16, SD_DSN_E_SCHEME,
		"the scheme \"http\" is not one Symfony Mailer's SMTP transport takes: use smtp:// or smtps://"));
	free(parse_bad("ssl://h.example:465", 19, SD_DSN_E_SCHEME,
		"the scheme \"ssl\" is not one Symfony Mailer's SMTP transport takes: use smtp:// or smtps://"));
	free(parse_bad("SMTP://h.example", 16, SD_DSN_E_SCHEME,
		"the scheme \"SMTP\" must be written in lower case: Symfony Mailer compares it exactly, and takes only "
		"smtp and smtps"));
	free(parse_bad("Smtps://h.example", 17, SD_DSN_E_SCHEME,
		"the scheme \"Smtps\" must be written in lower case: Symfony Mailer compares it exactly, and takes only "
		"smtp and smtps"));
	free(parse_bad("null://null", 11, SD_DSN_E_SCHEME,
		"the scheme \"null\" does not send over SMTP: there is no SMTP server to check"));
	free(parse_bad("sendmail://default", 18, SD_DSN_E_SCHEME,
		"the scheme \"sendmail\" does not send over SMTP: there is no SMTP server to check"));
	free(parse_bad("gmail+smtp://user:pass@default", 30, SD_DSN_E_SCHEME,
		"the scheme \"gmail+smtp\" is a provider bridge, which sets the SMTP host itself: write the provider's "
		"SMTP server as smtps://USER:PASS@HOST:465 (or smtp://...:587) to check it"));
	free(parse_bad("mailgun+api://KEY:DOMAIN@default", 32, SD_DSN_E_SCHEME,
		"the scheme \"mailgun+api\" is a provider's HTTP API, not SMTP: smtpdiag checks smtp:// and smtps:// DSNs"));
	assert_string_equal(sd_dsn_error_name(SD_DSN_E_PORT), "port");
	assert_string_equal(sd_dsn_error_name(SD_DSN_E_SCHEME), "scheme");
}

/* No error text quotes the user information, whatever goes wrong after it. */
static void test_errors_never_quote_secrets(void **state)
{
	static const char *const dsns[] = {
		"smtp://user:Hunter2Secret@h.example:99999",
		"smtp://user:Hunter2Secret@h.example:x",
		"smtp://user:Hunter2Secret@",
		"smtp://user:Hunter2Secret@[zz]:25",
		"smtp://user:Hunter2Secret@h.example:25?local_domain=",
		"smtp://user:Hunter2Secret@h.example:25?source_ip=Hunter2Secret",
		"smtp://user:Hunter2Secret",
		"smtp://user:Hunter2/Secret@h.example",
		"smtp://user:Hunter2Secret@h.example:25?auto_tls=0&require_tls=1",
	};
	size_t i;
	(void) state;

	for (i = 0; i < sizeof(dsns) / sizeof(dsns[0]); i++) {
		sd_dsn *d = calloc(1, sizeof(*d));
		if (sd_dsn_parse(dsns[i], strlen(dsns[i]), d) == 0) {
			fail_msg("%s was taken", dsns[i]);
		}
		if (strstr(d->message, "Hunter2") != NULL || strstr(d->message, "Secret") != NULL) {
			fail_msg("%s: the message quotes the secret: %s", dsns[i], d->message);
		}
		free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_percent_encoding),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_tls_modes),
		cmocka_unit_test(test_query_options),
		cmocka_unit_test(test_bad_ports),
		cmocka_unit_test(test_missing_host_and_shape),
		cmocka_unit_test(test_unknown_scheme),
		cmocka_unit_test(test_errors_never_quote_secrets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
