/* sources: src/engine/sd_host.c src/engine/sd_text.c src/engine/sd_providers.c src/engine/sd_clouds.c src/engine/sd_verdict.c src/engine/sd_auth.c src/engine/sd_findings.c */
/* libs: -lcrypto */
/* smtpdiag: libFuzzer target over host strings as a person configures them (sd_host.h): the check and
 * its suggestions, the IPv4 and IPv6 literal rules, RFC 3492 Punycode, and the provider look-ups and
 * near-miss search that read the same string (sd_providers.h, sd_verdict.h). tests/fuzz/run.sh builds
 * and runs it.
 *
 * Besides the sanitizers, it checks with abort(): every field of the result is NUL-terminated within its
 * buffer; the ASCII form is printable ASCII within a DNS name's length, and checking the suggestion
 * again finds none of the problems cleaning removes and the same ASCII form; the literal rules agree
 * with the C library's inet_pton() (which, like PHP's filter, refuses "01" in a dotted quad); Punycode
 * decodes back (by a decoder written here from RFC 3492) to the code points it encoded, and fails only
 * for want of room; the near miss is NUL-terminated within its capacity. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "src/engine/sd_host.h"
#include "src/engine/sd_providers.h"
#include "src/engine/sd_verdict.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static void check_result(const sd_host_result *r, sd_host_class c)
{
	size_t i, al;

	CHECK(c == r->cls && (int) c >= 0 && c < SD_HOST_CLASS_COUNT);
	CHECK(r->malformed == sd_host_is_malformed(c));
	CHECK(r->issues < (1u << SD_HOST_CLASS_COUNT));
	CHECK(memchr(r->clean, '\0', sizeof(r->clean)) != NULL);
	CHECK(memchr(r->scheme, '\0', sizeof(r->scheme)) != NULL);
	CHECK(memchr(r->addr, '\0', sizeof(r->addr)) != NULL);
	al = strlen(r->ascii);
	CHECK(al < sizeof(r->ascii));
	for (i = 0; i < al; i++) {
		unsigned char ch = (unsigned char) r->ascii[i];
		CHECK(ch > 0x20 && ch < 0x7f);
		CHECK(!(ch >= 'A' && ch <= 'Z'));
	}
	if (al > 0 && r->ascii[0] != '[') {
		CHECK(al <= SD_HOST_NAME_MAX + 1);
	}
	CHECK((al == 0) == (r->addr[0] == '\0'));
	CHECK(strlen(r->addr) <= al);
	CHECK(r->port >= -1 && r->port <= 65535);
	CHECK(r->whitespace <= (SD_HOST_WS_LEADING | SD_HOST_WS_TRAILING | SD_HOST_WS_INNER));
	CHECK(sd_host_reason(c) != NULL && sd_host_class_name(c) != NULL);
}

static void fuzz_check(const char *buf, size_t len)
{
	static sd_host_result r, again;
	sd_host_class c = sd_host_check(buf, len, &r);

	check_result(&r, c);
	if (len > SD_HOST_INPUT_MAX) {
		CHECK(r.issues & (1u << SD_HOST_TOO_LONG)); /* the class may be a more serious problem */
	}
	/* the suggestion, checked again, has none of the problems that cleaning removes */
	if (r.clean[0] != '\0') {
		check_result(&again, sd_host_check(r.clean, strlen(r.clean), &again));
		CHECK(!(again.issues & ((1u << SD_HOST_WHITESPACE) | (1u << SD_HOST_INVISIBLE)
			| (1u << SD_HOST_CONTROL) | (1u << SD_HOST_LIST))));
		if (r.ascii[0] != '\0') {
			CHECK(strcmp(again.ascii, r.ascii) == 0);
		}
	}
	/* what the probe resolves is read by the provider table and the near-miss search */
	if (r.ascii[0] != '\0') {
		char near[64];
		const sd_provider *p = sd_provider_match(r.ascii);
		int miss;

		memset(near, 'Z', sizeof(near));
		miss = sd_verdict_near_miss(r.ascii, near, 40);
		CHECK(miss == 0 || miss == 1);
		if (miss) {
			CHECK(memchr(near, '\0', 40) != NULL && p == NULL);
		}
		CHECK(near[40] == 'Z');
		(void) sd_provider_family_of(r.ascii);
	}
}

/* The literal rules against inet_pton() over the same text. */
static void fuzz_literals(const char *buf, size_t len)
{
	char s[80];
	unsigned char a[16];

	if (len >= sizeof(s) || memchr(buf, '\0', len) != NULL) {
		return;
	}
	memcpy(s, buf, len);
	s[len] = '\0';
	CHECK(sd_host_ipv4_literal(buf, len) == (inet_pton(AF_INET, s, a) == 1));
	CHECK((sd_host_ipv6_problem(buf, len) == NULL) == (inet_pton(AF_INET6, s, a) == 1));
}

/* ---- RFC 3492 decoding, to check the encoder by its round trip ------------------------------- */

static unsigned long adapt(unsigned long delta, unsigned long points, int first)
{
	unsigned long k = 0;

	delta = first ? delta / 700 : delta / 2;
	delta += delta / points;
	while (delta > 455) {        /* ((base - tmin) * tmax) / 2 */
		delta /= 35;             /* base - tmin */
		k += 36;
	}
	return k + 36 * delta / (delta + 38);
}

/* Decodes s[0..len) into cp (room for cap); returns the count, or -1 on bad input or no room. */
static long puny_decode(const char *s, size_t len, unsigned long *cp, size_t cap)
{
	unsigned long n = 128, i = 0, bias = 72;
	size_t out = 0, b = 0, in, j;

	for (j = 0; j < len; j++) {
		if (s[j] == '-') {
			b = j;
		}
	}
	if (b > cap) {
		return -1;
	}
	for (j = 0; j < b; j++) {
		if ((unsigned char) s[j] >= 0x80) {
			return -1;
		}
		cp[out++] = (unsigned char) s[j];
	}
	for (in = b > 0 ? b + 1 : 0; in < len;) {
		unsigned long oldi = i, w = 1, k, digit, t;
		for (k = 36;; k += 36) {
			char c;
			if (in >= len) {
				return -1;
			}
			c = s[in++];
			digit = c >= 'a' && c <= 'z' ? (unsigned long) (c - 'a')
				: c >= '0' && c <= '9' ? (unsigned long) (c - '0' + 26) : 36;
			if (digit >= 36 || digit > (0x7fffffffUL - i) / w) {
				return -1;
			}
			i += digit * w;
			t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
			if (digit < t) {
				break;
			}
			w *= 36 - t;
		}
		bias = adapt(i - oldi, out + 1, oldi == 0);
		n += i / (out + 1);
		i %= out + 1;
		if (out >= cap || n > 0x10ffff) {
			return -1;
		}
		memmove(cp + i + 1, cp + i, (out - i) * sizeof(cp[0]));
		cp[i++] = n;
		out++;
	}
	return (long) out;
}

static void fuzz_punycode(const uint8_t *data, size_t size)
{
	unsigned long cp[64], back[64];
	char out[512];
	size_t n = 0, i;
	int len, again;
	long dl;

	/* three bytes a code point; no C0 control or DEL, which never reach a label */
	for (i = 0; i + 2 < size && n < 64; i += 3) {
		unsigned long c = data[i] < 0x40 ? data[i + 1] /* mostly ASCII and Latin-1 */
			: ((unsigned long) data[i] << 16 | (unsigned long) data[i + 1] << 8 | data[i + 2]) % 0x110000;
		if (c >= 0x20 && c != 0x7f) {
			cp[n++] = c;
		}
	}
	len = sd_host_punycode(cp, n, out, sizeof(out));
	if (len < 0) {
		return;
	}
	CHECK((size_t) len < sizeof(out) && out[len] == '\0' && strlen(out) == (size_t) len);
	dl = puny_decode(out, (size_t) len, back, 64);
	CHECK(dl == (long) n);
	CHECK(n == 0 || memcmp(back, cp, n * sizeof(cp[0])) == 0);
	/* exactly enough room works, one byte less does not */
	again = sd_host_punycode(cp, n, out, (size_t) len + 1);
	CHECK(again == len);
	CHECK(sd_host_punycode(cp, n, out, (size_t) len) == -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data;

	if (size <= 2 * SD_HOST_INPUT_MAX) {
		fuzz_check(buf, size);
	}
	fuzz_literals(buf, size);
	fuzz_punycode(data, size);
	return 0;
}
