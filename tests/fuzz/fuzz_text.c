/* sources: src/engine/sd_text.c */
/* smtpdiag: libFuzzer target over the escaping every byte a peer sent goes through, and the redaction of
 * the lines smtpdiag sends (sd_text.h). tests/fuzz/run.sh builds and runs it.
 *
 * Besides the sanitizers, it checks with abort(): escaped output has no control bytes (C0, DEL, C1) and
 * no character sd_text_invisible() names, is valid UTF-8,
 * is what sd_text_escape_len() predicts when it fits and is cut between escapes (a prefix of the full
 * form, then the marker) when it does not; nothing is written past the capacity; a redacted line after
 * a 334 is the marker (or a lone "*"); an AUTH line never shows its initial response. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/engine/sd_text.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

/* out[0..n) is NUL-terminated at n < cap, valid UTF-8 and free of C0 controls and DEL. */
static void check_escaped(const char *out, size_t n, size_t cap)
{
	size_t i = 0;

	CHECK(n < cap);
	CHECK(out[n] == '\0');
	CHECK(strlen(out) == n);
	while (i < n) {
		unsigned char c = (unsigned char) out[i];
		size_t k, more;
		unsigned long cp;
		CHECK(c >= 0x20 && c != 0x7f);
		if (c < 0x80) {
			i++;
			continue;
		}
		CHECK(c >= 0xc2 && c <= 0xf4);
		more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
		CHECK(i + more < n + 1);
		cp = c & (more == 1 ? 0x1f : more == 2 ? 0x0f : 0x07);
		for (k = 1; k <= more; k++) {
			CHECK(((unsigned char) out[i + k] & 0xc0) == 0x80);
			cp = (cp << 6) | ((unsigned char) out[i + k] & 0x3f);
		}
		/* no C1 control and nothing invisible or direction-changing is shown raw */
		CHECK(cp > 0x9f && !sd_text_invisible(cp));
		i += more + 1;
	}
}

static void fuzz_escape(const char *buf, size_t len)
{
	static char full[16 * 4096 + 64], out[4096];
	char tiny[40];
	static const size_t caps[] = { 0, 1, 2, 14, 15, 16, 17, 20, 31 };
	size_t n, all, i, mark = strlen(SD_TEXT_TRUNCATED);

	all = sd_text_escape_len(buf, len);
	CHECK(all >= len);
	n = sd_text_escape(buf, len, full, sizeof(full));
	CHECK(n == all); /* at most \xNN or \uXXXX per byte: always fits */
	check_escaped(full, n, sizeof(full));
	/* escaping its own output changes only backslashes */
	if (memchr(buf, '\\', len) == NULL && memchr(full, '\\', n) == NULL) {
		CHECK(n == len && memcmp(full, buf, len) == 0);
	}

	n = sd_text_escape(buf, len, out, sizeof(out));
	check_escaped(out, n, sizeof(out));
	if (all < sizeof(out)) {
		CHECK(n == all && memcmp(out, full, n) == 0);
	} else {
		CHECK(n >= mark && strcmp(out + n - mark, SD_TEXT_TRUNCATED) == 0);
		CHECK(memcmp(out, full, n - mark) == 0);
	}
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		memset(tiny, 'Z', sizeof(tiny));
		n = sd_text_escape(buf, len, tiny, caps[i]);
		if (caps[i] == 0) {
			CHECK(n == 0);
		} else {
			check_escaped(tiny, n, caps[i]);
			if (all < caps[i]) {
				CHECK(n == all && memcmp(tiny, full, n) == 0);
			} else if (caps[i] > sizeof(SD_TEXT_TRUNCATED)) {
				CHECK(n >= mark && memcmp(tiny + n - mark, SD_TEXT_TRUNCATED, mark) == 0);
				CHECK(memcmp(tiny, full, n - mark) == 0);
			} else {
				CHECK(memcmp(tiny, full, n) == 0);
			}
		}
		CHECK(tiny[caps[i]] == 'Z'); /* nothing written past the capacity */
	}
}

static void fuzz_redact(const char *buf, size_t len)
{
	static char out[4096];
	char line[300];
	size_t n;

	n = sd_text_redact(buf, len, 0, out, sizeof(out));
	check_escaped(out, n, sizeof(out));
	n = sd_text_redact(buf, len, 1, out, sizeof(out));
	check_escaped(out, n, sizeof(out));
	CHECK(strcmp(out, SD_TEXT_REDACTED) == 0 || strcmp(out, "*") == 0);

	/* an AUTH line with an initial response never shows it */
	if (len < 256) {
		memcpy(line, "AUTH X ", 7);
		memcpy(line + 7, buf, len);
		memcpy(line + 7 + len, " SECRETXYZ", 10);
		n = sd_text_redact(line, len + 17, 0, out, sizeof(out));
		check_escaped(out, n, sizeof(out));
		CHECK(strstr(out, "SECRETXYZ") == NULL);
		memcpy(line, "auth plain ", 11);
		memcpy(line + 11, "SECRETXYZ", 9);
		memcpy(line + 20, buf, len);
		n = sd_text_redact(line, len + 20, 0, out, sizeof(out));
		CHECK(strstr(out, "SECRETXYZ") == NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data;

	if (size <= 4096) {
		fuzz_escape(buf, size);
		fuzz_redact(buf, size);
	}
	return 0;
}
