/* sources: src/engine/sd_mailerhost.c src/engine/sd_host.c src/engine/sd_text.c */
/* smtpdiag: libFuzzer target over PHPMailer's Host grammar as sd_mailerhost.h mirrors it: the split into
 * entries and their checks, PHPMailer's debug text, the invisible characters and their removal, and the
 * SMTPSecure hints. tests/fuzz/run.sh builds and runs it.
 *
 * Input: an optional first line "SMTPSECURE PORT" (e.g. "tls 587"; a line without a space is SMTPSecure
 * alone, with Port 25), then the Host value, any bytes. Without a line break in the first 32 bytes the
 * whole input is Host, with SMTPSecure "" and Port 25.
 *
 * Besides the sanitizers, it checks with abort(): the entries are the ';'-separated pieces of Host in
 * order, each trimmed span inside its raw one and its host and port inside the trimmed one; a reason
 * is printable ASCII, and empty exactly for a usable entry; a usable entry connects to
 * "[ssl://]host:port" with PHPMailer's port rules; the debug text is its full length whatever the
 * capacity, cut and NUL-terminated within it; the invisible characters found lie inside Host in order,
 * their removal leaves Host shorter by their bytes and (in valid UTF-8) with none left; the SMTPSecure
 * hint agrees with how PHPMailer reads the value. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/engine/sd_mailerhost.h"
#include "src/engine/sd_utf8.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static int inside(sd_mailerhost_span in, sd_mailerhost_span outer)
{
	return in.ptr >= outer.ptr && in.ptr + in.len <= outer.ptr + outer.len;
}

static int trim_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\x0b';
}

static void check_printable(const char *s, size_t cap)
{
	const char *nul = memchr(s, '\0', cap);
	size_t i;

	CHECK(nul != NULL);
	for (i = 0; s + i < nul; i++) {
		CHECK(s[i] >= 0x20 && s[i] < 0x7f);
	}
}

static void check_entry(const sd_mailerhost_entry *e, sd_mailerhost_mode secure, long port)
{
	char text[600], small[8], expect[SD_MAILERHOST_CONNECT_LEN + 32];
	size_t n, i;

	CHECK(inside(e->trimmed, e->raw));
	if (e->trimmed.len > 0) {
		CHECK(!trim_byte(e->trimmed.ptr[0]) && !trim_byte(e->trimmed.ptr[e->trimmed.len - 1]));
	}
	check_printable(e->reason, sizeof(e->reason));
	CHECK((e->skip == SD_MAILERHOST_SKIP_NONE) == (e->reason[0] == '\0'));
	CHECK(e->matched == (e->skip != SD_MAILERHOST_SKIP_INVALID_HOSTENTRY));
	CHECK((e->check != SD_MAILERHOST_HOST_OK) == (e->skip == SD_MAILERHOST_SKIP_INVALID_HOST));
	if (e->matched) {
		CHECK(inside(e->host, e->trimmed) && inside(e->port_text, e->trimmed));
		CHECK(e->host.len > 0);
		for (i = 0; i < e->port_text.len; i++) {
			CHECK(e->port_text.ptr[i] >= '0' && e->port_text.ptr[i] <= '9');
		}
	}
	if (e->bad_offset >= 0) {
		CHECK(e->check == SD_MAILERHOST_HOST_ILLEGAL_CHAR || e->check == SD_MAILERHOST_HOST_BAD_IPV6);
		CHECK((size_t) e->bad_offset < e->host.len);
	} else {
		CHECK(e->bad_offset == -1 && e->check != SD_MAILERHOST_HOST_ILLEGAL_CHAR);
	}
	if (e->skip == SD_MAILERHOST_SKIP_NONE) {
		CHECK(e->host.len <= SD_MAILERHOST_HOST_MAX);
		CHECK(e->port == port || (e->port_overridden && e->port >= 1 && e->port <= 65535));
		CHECK(e->connect_port == (e->port == 0 ? SD_MAILERHOST_DEFAULT_PORT : e->port));
		if (e->prefix == SD_MAILERHOST_PREFIX_SSL) {
			CHECK(e->mode == SD_MAILERHOST_MODE_SMTPS);
		} else if (e->prefix == SD_MAILERHOST_PREFIX_TLS) {
			CHECK(e->mode == SD_MAILERHOST_MODE_STARTTLS);
		} else {
			CHECK(e->mode == secure);
		}
		n = 0;
		if (e->mode == SD_MAILERHOST_MODE_SMTPS) {
			memcpy(expect, "ssl://", 6);
			n = 6;
		}
		memcpy(expect + n, e->host.ptr, e->host.len);
		n += e->host.len;
		snprintf(expect + n, sizeof(expect) - n, ":%ld", e->connect_port);
		CHECK(strcmp(expect, e->connect) == 0);
	} else {
		CHECK(e->connect[0] == '\0' && e->port == 0 && e->connect_port == 0);
	}

	/* the debug text: full length always, cut to the capacity */
	n = sd_mailerhost_debug_text(e, text, sizeof(text));
	CHECK((n == 0) == (e->skip == SD_MAILERHOST_SKIP_NONE));
	if (n < sizeof(text)) {
		CHECK(text[n] == '\0');
		memset(small, 'Z', sizeof(small));
		CHECK(sd_mailerhost_debug_text(e, small, 5) == n);
		CHECK(small[n < 4 ? n : 4] == '\0' && memcmp(small, text, n < 4 ? n : 4) == 0 && small[5] == 'Z');
		memset(small, 'Z', sizeof(small));
		CHECK(sd_mailerhost_debug_text(e, small, 0) == n && small[0] == 'Z');
	}
	CHECK(sd_mailerhost_check_name(e->check) != NULL && sd_mailerhost_skip_name(e->skip) != NULL);
	CHECK(sd_mailerhost_prefix_name(e->prefix) != NULL && sd_mailerhost_mode_name(e->mode) != NULL);
}

static void fuzz_parse(const char *host, size_t len, const char *secure, size_t slen, long port)
{
	static sd_mailerhost_result r;
	size_t i, pieces = 1, usable = 0, got;

	got = sd_mailerhost_parse(host, len, secure, slen, port, &r);
	for (i = 0; i < len; i++) {
		pieces += host[i] == ';';
	}
	CHECK(got == r.usable);
	CHECK(r.count <= SD_MAILERHOST_MAX_ENTRIES && r.count + r.dropped == pieces);
	CHECK(r.secure == sd_mailerhost_secure_mode(secure, slen) && r.port == port);
	for (i = 0; i < r.count; i++) {
		const sd_mailerhost_entry *e = &r.entries[i];
		/* the entries are Host's pieces, in order */
		CHECK(e->raw.ptr == (i == 0 ? host : r.entries[i - 1].raw.ptr + r.entries[i - 1].raw.len + 1));
		CHECK(e->raw.ptr + e->raw.len <= host + len);
		CHECK(e->raw.ptr + e->raw.len == host + len || e->raw.ptr[e->raw.len] == ';');
		CHECK(memchr(e->raw.ptr, ';', e->raw.len) == NULL);
		check_entry(e, r.secure, port);
		usable += e->skip == SD_MAILERHOST_SKIP_NONE;
	}
	CHECK(usable == r.usable);
}

static int valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	unsigned long cp;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
		} else if ((n = sd_utf8_decode(p + i, len - i, &cp)) > 0) {
			i += n;
		} else {
			return 0;
		}
	}
	return 1;
}

static void fuzz_invisible(const char *host, size_t len)
{
	static sd_mailerhost_invisible found[1024];
	static char clean[4096 + 1];
	size_t total, i, removed = 0, n;
	char tiny[4];

	if (len > 4096) {
		return;
	}
	total = sd_mailerhost_find_invisible(host, len, found, sizeof(found) / sizeof(found[0]));
	CHECK(sd_mailerhost_find_invisible(host, len, NULL, 0) == total);
	CHECK(total <= len);
	for (i = 0; i < total; i++) {
		const sd_mailerhost_invisible *v = &found[i];
		CHECK(v->len >= 1 && v->len <= 3 && v->offset + v->len <= len);
		CHECK(i == 0 || v->offset >= found[i - 1].offset + found[i - 1].len);
		CHECK(v->name != NULL && v->kind <= SD_MAILERHOST_INVISIBLE_FORMAT);
		CHECK(v->len == 1 ? v->codepoint < 0x80 : v->len == 2 ? v->codepoint >= 0x80 && v->codepoint < 0x800
			: v->codepoint >= 0x800 && v->codepoint < 0x10000);
		CHECK(memchr(host + v->offset, ';', v->len) == NULL);
		removed += v->len;
	}
	n = sd_mailerhost_clean(host, len, clean, len + 1);
	CHECK(n == len - removed && clean[n] == '\0');
	/* nothing invisible is left; in bytes that are not UTF-8, removing a control between a lead byte
	 * and a continuation byte may join them into a character, so only valid UTF-8 is held to it */
	if (valid_utf8(host, len)) {
		CHECK(sd_mailerhost_find_invisible(clean, n, NULL, 0) == 0);
	}
	memset(tiny, 'Z', sizeof(tiny));
	CHECK(sd_mailerhost_clean(host, len, tiny, 3) == n);
	CHECK(tiny[n < 2 ? n : 2] == '\0' && memcmp(tiny, clean, n < 2 ? n : 2) == 0 && tiny[3] == 'Z');
}

static void fuzz_secure(const char *secure, size_t slen, long port)
{
	sd_mailerhost_secure_hint h;
	int s = sd_mailerhost_secure_check(secure, slen, port, &h);

	CHECK(s == h.suspicious);
	CHECK(h.read_as == sd_mailerhost_secure_mode(secure, slen));
	if (s) {
		CHECK(h.read_as == SD_MAILERHOST_MODE_NONE && h.meant != SD_MAILERHOST_MODE_NONE);
		CHECK(h.constant != NULL && h.literal != NULL);
		CHECK(strcmp(h.literal, h.meant == SD_MAILERHOST_MODE_SMTPS ? "ssl" : "tls") == 0);
	} else {
		CHECK(h.meant == h.read_as && h.constant == NULL && h.literal == NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data, *host = buf, *secure = "", *nl;
	size_t len = size, slen = 0;
	long port = 25;

	nl = memchr(buf, '\n', size < 32 ? size : 32);
	if (nl != NULL) {
		const char *sp = NULL, *p;
		for (p = buf; p < nl; p++) {
			if (*p == ' ') {
				sp = p;
			}
		}
		secure = buf;
		slen = (size_t) ((sp ? sp : nl) - buf);
		if (sp != NULL) {
			int neg = sp + 1 < nl && sp[1] == '-';
			port = 0;
			for (p = sp + 1 + neg; p < nl && *p >= '0' && *p <= '9' && port < 100000000000L; p++) {
				port = port * 10 + (*p - '0');
			}
			port = neg ? -port : port;
		}
		host = nl + 1;
		len = size - (size_t) (host - buf);
	}
	fuzz_parse(host, len, secure, slen, port);
	fuzz_invisible(host, len);
	fuzz_secure(secure, slen, port);
	return 0;
}
