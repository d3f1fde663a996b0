/* smtpdiag: libFuzzer target over the pure parsers: SMTP replies (whole and in pieces), EHLO, the
 * first-bytes classifier, escaping and redaction, and host checks.
 *
 * Build and run (clang):
 *   clang -std=gnu99 -g -O1 -fsanitize=fuzzer,address,undefined -I. -o build/fuzz_parsers \
 *     tests/fuzz/fuzz_parsers.c src/engine/sd_reply.c src/engine/sd_ehlo.c src/engine/sd_text.c src/engine/sd_host.c
 *   build/fuzz_parsers -max_total_time=60 -max_len=70000
 *
 * Besides the sanitizers, it checks the parsers' own promises with abort(): a reply found complete
 * one byte at a time is the same as found at once; nothing runs past its caps; escaped output has no
 * control bytes and is what sd_text_escape_len() predicts; a redacted AUTH line never shows its
 * initial response; a host's suggestions are NUL-terminated and usable ones are plain ASCII. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/engine/sd_reply.h"
#include "src/engine/sd_ehlo.h"
#include "src/engine/sd_text.h"
#include "src/engine/sd_host.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static void check_escaped(const char *out, size_t n, size_t cap)
{
	size_t i;

	CHECK(n < cap);
	CHECK(out[n] == '\0');
	CHECK(strlen(out) == n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char) out[i];
		CHECK(c >= 0x20 && c != 0x7f);
	}
}

static void fuzz_reply(const char *buf, size_t len)
{
	sd_reply whole, pieces, small;
	static sd_ehlo e;
	char joined[512];
	size_t i, pos = 0, tl, lines = 0;
	const char *t;
	sd_reply_status st;

	sd_reply_init(&whole);
	st = sd_reply_feed(&whole, buf, len);

	/* the same bytes in growing pieces must give the same answer */
	sd_reply_init(&pieces);
	for (i = 0; i <= len; i += 1 + (i % 7)) {
		if (sd_reply_feed(&pieces, buf, i) != SD_REPLY_INCOMPLETE) {
			break;
		}
	}
	sd_reply_feed(&pieces, buf, len);
	CHECK(pieces.status == st);
	CHECK(pieces.code == whole.code);
	CHECK(pieces.lines == whole.lines);
	if (st == SD_REPLY_COMPLETE) {
		CHECK(pieces.end == whole.end);
		CHECK(whole.end <= len && whole.end <= whole.max_bytes);
		CHECK(whole.lines >= 1 && whole.lines <= whole.max_lines);
		CHECK(whole.code >= 200 && whole.code <= 599);
		CHECK(whole.text_off <= whole.end);
		while (sd_reply_next_line(buf, &whole, &pos, &t, &tl)) {
			CHECK(t >= buf && t + tl <= buf + whole.end);
			lines++;
		}
		CHECK(lines == whole.lines);
		CHECK(sd_reply_join(buf, &whole, joined, sizeof(joined)) < sizeof(joined));
		if (whole.code == 250) {
			CHECK(sd_ehlo_parse(buf, &whole, &e) == 0);
			CHECK(e.n_ext <= SD_EHLO_MAX_EXT && e.n_auth <= SD_EHLO_MAX_AUTH);
			for (i = 0; i < e.n_ext; i++) {
				check_escaped(e.ext[i], strlen(e.ext[i]), SD_EHLO_EXT_LEN);
			}
			check_escaped(e.domain, strlen(e.domain), SD_EHLO_DOMAIN_LEN);
		} else {
			CHECK(sd_ehlo_parse(buf, &whole, &e) == -1);
		}
	} else if (st == SD_REPLY_INCOMPLETE) {
		CHECK(len < whole.max_bytes);
	}

	/* tight caps: the parser must stop within them */
	sd_reply_init(&small);
	small.max_bytes = 64;
	small.max_lines = 3;
	small.max_line = 16;
	st = sd_reply_feed(&small, buf, len);
	if (st == SD_REPLY_COMPLETE) {
		CHECK(small.end <= 64 && small.lines <= 3);
	}
	if (st == SD_REPLY_INCOMPLETE) {
		CHECK(len < 64);
	}

	(void) sd_reply_classify(buf, len);
	(void) sd_reply_status_name(st);
}

static void fuzz_text(const char *buf, size_t len)
{
	static char out[4096];
	char tiny[20];
	size_t n, full, caps[] = { 0, 1, 2, 15, 16, 17, 20 };
	size_t i;

	full = sd_text_escape_len(buf, len);
	n = sd_text_escape(buf, len, out, sizeof(out));
	check_escaped(out, n, sizeof(out));
	if (full < sizeof(out)) {
		CHECK(n == full);
	}
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		memset(tiny, 'Z', sizeof(tiny));
		n = sd_text_escape(buf, len, tiny, caps[i]);
		if (caps[i] > 0) {
			check_escaped(tiny, n, caps[i]);
		}
		if (caps[i] < sizeof(tiny)) {
			CHECK(tiny[caps[i]] == 'Z'); /* nothing written past the capacity */
		}
	}

	n = sd_text_redact(buf, len, 0, out, sizeof(out));
	check_escaped(out, n, sizeof(out));
	n = sd_text_redact(buf, len, 1, out, sizeof(out));
	check_escaped(out, n, sizeof(out));
	CHECK(strcmp(out, SD_TEXT_REDACTED) == 0 || strcmp(out, "*") == 0);

	/* an AUTH line with a secret marker never shows it */
	if (len < 256) {
		char line[300];
		memcpy(line, "AUTH X ", 7);
		memcpy(line + 7, buf, len);
		memcpy(line + 7 + len, " SECRETXYZ", 10);
		n = sd_text_redact(line, len + 17, 0, out, sizeof(out));
		check_escaped(out, n, sizeof(out));
		CHECK(strstr(out, "SECRETXYZ") == NULL);
	}
}

static void fuzz_host(const char *buf, size_t len)
{
	static sd_host_result r;
	size_t i, al;
	sd_host_class c = sd_host_check(buf, len, &r);

	CHECK(c == r.cls && (int) c >= 0 && c < SD_HOST_CLASS_COUNT);
	CHECK(r.malformed == sd_host_is_malformed(c));
	CHECK(memchr(r.clean, '\0', sizeof(r.clean)) != NULL);
	CHECK(memchr(r.scheme, '\0', sizeof(r.scheme)) != NULL);
	al = strlen(r.ascii);
	CHECK(al < sizeof(r.ascii));
	for (i = 0; i < al; i++) {
		unsigned char ch = (unsigned char) r.ascii[i];
		CHECK(ch > 0x20 && ch < 0x7f);
	}
	if (al > 0 && r.ascii[0] != '[') {
		CHECK(al <= SD_HOST_NAME_MAX + 1);
	}
	CHECK(strlen(r.addr) <= al);
	CHECK(r.port >= -1 && r.port <= 65535);
	CHECK(sd_host_reason(c) != NULL && sd_host_class_name(c) != NULL);

	/* the suggestion, checked again, has none of the problems that cleaning removes */
	if (r.clean[0] != '\0') {
		static sd_host_result again;
		sd_host_check(r.clean, strlen(r.clean), &again);
		CHECK(!(again.issues & ((1u << SD_HOST_WHITESPACE) | (1u << SD_HOST_INVISIBLE)
			| (1u << SD_HOST_CONTROL) | (1u << SD_HOST_LIST))));
		if (r.ascii[0] != '\0') {
			CHECK(strcmp(again.ascii, r.ascii) == 0);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data;

	fuzz_reply(buf, size);
	if (size <= 4096) {
		fuzz_text(buf, size);
		fuzz_host(buf, size);
	}
	return 0;
}
