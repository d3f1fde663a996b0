/* sources: src/engine/sd_auth.c src/engine/sd_providers.c */
/* libs: -lcrypto */
/* smtpdiag: libFuzzer target over SMTP AUTH as PHPMailer does it (sd_auth.h): the AUTH line of an EHLO
 * reply and the mechanism choice, base64 both ways, the responses built from a server's challenge and
 * the caller's credentials, and what a refusal's text means. The input is read as each of these: as
 * EHLO text lines (split on LF, CR removed), as a challenge, as credentials (split at the first NUL or
 * ':') and as a refusal ("535 5.7.8 text"). tests/fuzz/run.sh builds and runs it.
 *
 * Besides the sanitizers, it checks with abort(): the capabilities keep at most their caps, each
 * mechanism a word of the last AUTH line, NUL-terminated; the choice is a mechanism offered (or LOGIN
 * after HELO), or PHPMailer's reason; base64 uses its alphabet, has the length sd_auth_b64_size()
 * predicts and decodes back, and decoding skips bytes outside the alphabet and '=' wherever they are
 * (decoding the input equals decoding it with those removed); every response fits
 * sd_auth_response_size() for its lengths; the refusal is one of the four meanings. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/engine/sd_auth.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void fuzz_caps(const char *buf, size_t len)
{
	static char lines[65][512];
	const char *ext[64];
	static const char *const requested[] = { NULL, "", "LOGIN", "PLAIN", "CRAM-MD5", "XOAUTH2", "login",
		"NTLM", "SCRAM-SHA-256" };
	size_t n = 0, pos = 0, i, k;
	sd_auth_caps c;
	sd_auth_mech m;
	sd_auth_choice ch;
	int is_ehlo;

	while (pos <= len && n < 65) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t) (nl - buf) : len, w = 0;
		for (i = pos; i < end && w + 1 < sizeof(lines[n]); i++) {
			if (buf[i] != '\r' && buf[i] != '\0') {
				lines[n][w++] = buf[i];
			}
		}
		lines[n][w] = '\0';
		n++;
		if (nl == NULL) {
			break;
		}
		pos = end + 1;
	}
	for (i = 1; i < n; i++) {
		ext[i - 1] = lines[i];
	}
	for (is_ehlo = 0; is_ehlo <= 1; is_ehlo++) {
		sd_auth_caps_parse(lines[0], ext, n - 1, is_ehlo, &c);
		CHECK(c.n <= SD_AUTH_MAX_MECHS);
		CHECK(c.n == 0 || c.has_auth);
		CHECK(!c.has_auth || c.any);
		CHECK(!c.ehlo || (is_ehlo && c.any));
		for (i = 0; i < c.n; i++) {
			CHECK(memchr(c.mechs[i], '\0', SD_AUTH_MECH_LEN) != NULL && strchr(c.mechs[i], ' ') == NULL);
		}
		for (k = 0; k < sizeof(requested) / sizeof(requested[0]); k++) {
			ch = sd_auth_choose(&c, requested[k], &m);
			CHECK(sd_auth_choice_text(ch) != NULL && sd_auth_mech_name(m) != NULL);
			if (ch != SD_AUTH_CHOSEN) {
				CHECK(m == SD_AUTH_MECH_NONE && sd_auth_choice_text(ch)[0] != '\0');
				continue;
			}
			CHECK(m != SD_AUTH_MECH_NONE && c.any);
			if (c.ehlo) {
				/* a mechanism the server offers, by its exact name */
				for (i = 0; i < c.n && strcmp(c.mechs[i], sd_auth_mech_name(m)) != 0; i++) {
				}
				CHECK(i < c.n);
			}
		}
	}
}

static void check_b64(const char *s, size_t n, size_t in_len)
{
	size_t i;

	CHECK(n == sd_auth_b64_size(in_len) - 1 && s[n] == '\0' && n % 4 == 0);
	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			CHECK(i + 2 >= n);
		} else {
			CHECK(s[i] != '\0' && strchr(alphabet, s[i]) != NULL);
		}
	}
}

static void fuzz_base64(const uint8_t *data, size_t size)
{
	static char enc[4 * 4096 / 3 + 8], only[4096];
	static unsigned char dec[4096], dec2[4096];
	size_t n, d, d2, i, k = 0;

	if (size > 3000) {
		return;
	}
	/* encode, then decode back */
	n = sd_auth_b64(data, size, enc, sizeof(enc));
	CHECK(size == 0 || n > 0);
	check_b64(enc, n, size);
	CHECK(sd_auth_b64(data, size, enc, sd_auth_b64_size(size) - 1) == 0 && enc[0] == '\0');
	n = sd_auth_b64(data, size, enc, sd_auth_b64_size(size));
	d = sd_auth_unb64(enc, n, dec, sizeof(dec));
	CHECK(d == size && memcmp(dec, data, size) == 0);

	/* decode the input: the same as decoding its alphabet bytes alone */
	d = sd_auth_unb64((const char *) data, size, dec, sizeof(dec));
	for (i = 0; i < size; i++) {
		if (data[i] != '\0' && data[i] != '=' && strchr(alphabet, data[i]) != NULL) {
			only[k++] = (char) data[i];
		}
	}
	d2 = sd_auth_unb64(only, k, dec2, sizeof(dec2));
	CHECK(d == d2 && memcmp(dec, dec2, d) == 0);
	CHECK(d == k * 6 / 8);
	/* a small output buffer gets the first bytes */
	d2 = sd_auth_unb64((const char *) data, size, dec2, 3);
	CHECK(d2 == (d < 3 ? d : 3) && memcmp(dec, dec2, d2) == 0);
}

/* Credentials from the input: user up to the first NUL or ':', password after it. */
static void fuzz_responses(const char *buf, size_t len)
{
	static char out[3 * 4096];
	static char small[64];
	const char *sep = NULL, *user = buf, *pass = "";
	size_t i, ul = len, pl = 0, cap, n;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\0' || buf[i] == ':') {
			sep = buf + i;
			break;
		}
	}
	if (sep) {
		ul = (size_t) (sep - buf);
		pass = sep + 1;
		pl = len - ul - 1;
	}
	if (ul > SD_AUTH_SECRET_MAX || pl > SD_AUTH_SECRET_MAX) {
		return;
	}
	cap = sd_auth_response_size(ul, pl);
	CHECK(cap <= sizeof(out));
	n = sd_auth_plain(user, ul, pass, pl, out, cap);
	CHECK(n > 0 && n < cap);
	check_b64(out, n, ul + pl + 2);
	n = sd_auth_xoauth2(user, ul, pass, pl, out, cap);
	CHECK(n > 0 && n < cap);
	check_b64(out, n, ul + pl + 20);
	/* the challenge is the input itself, and the password the one read from it */
	n = sd_auth_cram_md5(buf, len, user, ul, pass, pl, out, cap);
	CHECK(n > 0 && n < cap);
	check_b64(out, n, ul + 33);
	CHECK(sd_auth_b64((const unsigned char *) user, ul, out, cap) == sd_auth_b64_size(ul) - 1);
	CHECK(sd_auth_b64((const unsigned char *) pass, pl, out, cap) == sd_auth_b64_size(pl) - 1);
	/* too small: "" and 0 */
	memset(small, 'Z', sizeof(small));
	CHECK(sd_auth_cram_md5(buf, len, user, ul, pass, pl, small, 16) == 0 && small[0] == '\0');
	CHECK(small[16] == 'Z');
	sd_auth_wipe(out, sizeof(out));
	CHECK(out[0] == 0 && out[sizeof(out) - 1] == 0);
}

/* The input as a refusal: "CODE ENH text" (any part may be missing or junk). */
static void fuzz_refusal(const char *buf, size_t len)
{
	char text[1024], enh[16];
	const char *sp;
	size_t tl, el = 0;
	int code = 0, encrypted;
	sd_auth_provider prov;
	sd_auth_refusal r;

	tl = len < sizeof(text) - 1 ? len : sizeof(text) - 1;
	memcpy(text, buf, tl);
	text[tl] = '\0';
	if (tl >= 3 && text[0] >= '0' && text[0] <= '9' && text[1] >= '0' && text[1] <= '9' && text[2] >= '0'
			&& text[2] <= '9') {
		code = (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
	}
	enh[0] = '\0';
	if (tl > 4 && (sp = memchr(text + 4, ' ', tl - 4)) != NULL && (size_t) (sp - text - 4) < sizeof(enh)) {
		el = (size_t) (sp - text - 4);
		memcpy(enh, text + 4, el);
		enh[el] = '\0';
	}
	for (encrypted = 0; encrypted <= 1; encrypted++) {
		prov = SD_AUTH_PROVIDER_OTHER;
		r = sd_auth_classify(code, enh, text, encrypted, &prov);
		CHECK(r >= SD_AUTH_REFUSED && r <= SD_AUTH_MECH_REFUSED);
		CHECK(sd_auth_provider_name(prov) != NULL);
		prov = sd_auth_provider_of(text, text);
		CHECK(sd_auth_provider_name(prov) != NULL);
		(void) sd_auth_classify(code, NULL, NULL, encrypted, &prov);
	}
	(void) sd_auth_refusal_note(text);
	(void) sd_auth_refusal_note(NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data;

	if (size > 2 * SD_AUTH_SECRET_MAX + 1) {
		return 0;
	}
	fuzz_caps(buf, size);
	fuzz_base64(data, size);
	fuzz_responses(buf, size);
	fuzz_refusal(buf, size);
	return 0;
}
