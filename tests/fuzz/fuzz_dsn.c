/* sources: src/engine/sd_dsn.c */
/* smtpdiag: libFuzzer target over mailer DSNs as Symfony Mailer reads them (sd_dsn.h). The input is the
 * DSN. tests/fuzz/run.sh builds and runs it.
 *
 * Besides the sanitizers, it checks with abort(): a refused DSN leaves every field zero but the error
 * and a printable message; an accepted one has a host inside the DSN, a port 1-65535, NUL-terminated
 * fields within their caps, printable and distinct ignored option names; no message, note or option
 * name ever shows the user name or password, wherever the DSN puts them (a DSN missing its "@host" has
 * the password where the port belongs); the user, password, host and port read back the same from a
 * DSN written again with them percent-encoded. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/engine/sd_dsn.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)
#define MARK "QZX"

static void check_printable(const char *s, size_t cap)
{
	const char *nul = memchr(s, '\0', cap);
	size_t i;

	CHECK(nul != NULL);
	for (i = 0; s + i < nul; i++) {
		CHECK(s[i] >= 0x20 && s[i] < 0x7f);
	}
}

static void check_parsed(const char *dsn, size_t len, int rc, const sd_dsn *d)
{
	static sd_dsn zero;
	size_t i, j;

	CHECK(rc == 0 || rc == -1);
	CHECK((rc == 0) == (d->error == SD_DSN_OK));
	CHECK(sd_dsn_error_name(d->error) != NULL);
	check_printable(d->message, sizeof(d->message));
	if (rc != 0) {
		CHECK(d->message[0] != '\0');
		/* nothing but the error and its message */
		zero.error = d->error;
		memcpy(zero.message, d->message, sizeof(zero.message));
		CHECK(memcmp(&zero, d, sizeof(zero)) == 0);
		memset(&zero, 0, sizeof(zero));
		return;
	}
	CHECK(d->message[0] == '\0');
	CHECK(strcmp(d->scheme, "smtp") == 0 || strcmp(d->scheme, "smtps") == 0);
	CHECK(d->host >= dsn && d->host_len > 0 && d->host + d->host_len <= dsn + len);
	for (i = 0; i < d->host_len; i++) {
		CHECK(d->host[i] != '/' && d->host[i] != '?' && d->host[i] != '#' && d->host[i] != '@');
	}
	CHECK(d->port >= 1 && d->port <= 65535 && d->port_given >= 0 && d->port_given <= 65535);
	CHECK(d->port_given == 0 || d->port == d->port_given);
	CHECK(d->username_len <= SD_DSN_SECRET_MAX && d->username[d->username_len] == '\0');
	CHECK(d->password_len <= SD_DSN_SECRET_MAX && d->password[d->password_len] == '\0');
	CHECK(d->has_username == (d->username_len > 0) && d->has_password == (d->password_len > 0));
	CHECK(d->security >= SD_SEC_AUTO && d->security <= SD_SEC_SMTPS);
	if (strcmp(d->scheme, "smtps") == 0) {
		CHECK(d->security == SD_SEC_SMTPS);
	}
	CHECK(d->verify_peer == 0 || d->verify_peer == 1);
	check_printable(d->helo, sizeof(d->helo));
	CHECK(d->helo[0] != '\0' && strchr(d->helo, ' ') == NULL);
	check_printable(d->bindto, sizeof(d->bindto));
	CHECK(d->bindto[0] == '\0' || (strlen(d->bindto) > 2 && strcmp(d->bindto + strlen(d->bindto) - 2, ":0") == 0));
	CHECK(d->ignored_count <= SD_DSN_KEYS_MAX && d->note_count <= SD_DSN_NOTES_MAX);
	for (i = 0; i < d->ignored_count; i++) {
		check_printable(d->ignored[i], sizeof(d->ignored[i]));
		CHECK(d->ignored[i][0] != '\0');
		for (j = 0; j < i; j++) {
			CHECK(strcmp(d->ignored[i], d->ignored[j]) != 0);
		}
	}
	for (i = 0; i < d->note_count; i++) {
		check_printable(d->notes[i], sizeof(d->notes[i]));
	}
}

/* No text meant for people holds the user information. */
static void check_no_secret(const sd_dsn *d)
{
	size_t i;

	CHECK(strstr(d->message, MARK) == NULL && strstr(d->helo, MARK) == NULL);
	CHECK(strstr(d->bindto, MARK) == NULL);
	for (i = 0; i < d->ignored_count; i++) {
		CHECK(strstr(d->ignored[i], MARK) == NULL);
	}
	for (i = 0; i < d->note_count; i++) {
		CHECK(strstr(d->notes[i], MARK) == NULL);
	}
}

static size_t pct(char *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];
		out[n++] = '%';
		out[n++] = hex[c >> 4];
		out[n++] = hex[c & 15];
	}
	return n;
}

/* The DSN written again from what was read: the same user, password, host and port. */
static void check_round_trip(const sd_dsn *d)
{
	static char again[SD_DSN_MAX + 64];
	static sd_dsn back;
	size_t n;

	if (3 * (d->username_len + d->password_len) + d->host_len + 32 > SD_DSN_MAX) {
		return;
	}
	n = (size_t) snprintf(again, sizeof(again), "%s://", d->scheme);
	if (d->has_username || d->has_password) {
		n += pct(again + n, d->username, d->username_len);
		if (d->has_password) {
			again[n++] = ':';
			n += pct(again + n, d->password, d->password_len);
		}
		again[n++] = '@';
	}
	memcpy(again + n, d->host, d->host_len);
	n += d->host_len;
	if (d->port_given) {
		n += (size_t) snprintf(again + n, sizeof(again) - n, ":%d", d->port_given);
	}
	CHECK(sd_dsn_parse(again, n, &back) == 0);
	CHECK(strcmp(back.scheme, d->scheme) == 0 && back.port_given == d->port_given);
	CHECK(back.host_len == d->host_len && memcmp(back.host, d->host, d->host_len) == 0);
	CHECK(back.has_username == d->has_username && back.username_len == d->username_len);
	CHECK(memcmp(back.username, d->username, d->username_len) == 0);
	CHECK(back.has_password == d->has_password && back.password_len == d->password_len);
	CHECK(memcmp(back.password, d->password, d->password_len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sd_dsn d;
	static char buf[SD_DSN_MAX + 64];
	static const char *const lead[] = { "smtp://" MARK "u:" MARK "p@", "smtp://" MARK "u:" MARK "p",
		"smtps://" MARK "u:" MARK "p%40" };
	const char *dsn = (const char *) data;
	size_t i, n;
	int rc;

	rc = sd_dsn_parse(dsn, size, &d);
	check_parsed(dsn, size, rc, &d);
	if (rc == 0) {
		check_round_trip(&d);
	}
	/* the same bytes after user information that only the secret holds */
	if (size + 32 <= SD_DSN_MAX) {
		for (i = 0; i + 2 < size; i++) {
			if (memcmp(dsn + i, MARK, 3) == 0) {
				return 0;
			}
		}
		for (i = 0; i < sizeof(lead) / sizeof(lead[0]); i++) {
			n = strlen(lead[i]);
			memcpy(buf, lead[i], n);
			memcpy(buf + n, dsn, size);
			rc = sd_dsn_parse(buf, n + size, &d);
			check_parsed(buf, n + size, rc, &d);
			check_no_secret(&d);
		}
	}
	return 0;
}
