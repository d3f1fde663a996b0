/* sources: src/engine/sd_reply.c src/engine/sd_ehlo.c src/engine/sd_text.c */
/* smtpdiag: libFuzzer target over what a server says: the SMTP reply parser (whole and in pieces), the
 * EHLO reader and the first-bytes classifier. tests/fuzz/run.sh builds and runs it.
 *
 * Besides the sanitizers, it checks the parsers' own promises (sd_reply.h, sd_ehlo.h) with abort(): a
 * reply found complete in growing pieces is the same as found at once; nothing runs past its caps;
 * every line lies inside the reply; the joined text fits; what the EHLO reader keeps is escaped (no
 * control bytes) and NUL-terminated within its fields; the classifier's answer, once it is not
 * "incomplete", stays the same as more bytes arrive. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/engine/sd_reply.h"
#include "src/engine/sd_ehlo.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

/* s is NUL-terminated within cap and holds no control byte. */
static void check_escaped(const char *s, size_t cap)
{
	const char *nul = memchr(s, '\0', cap);
	size_t i;

	CHECK(nul != NULL);
	for (i = 0; s + i < nul; i++) {
		unsigned char c = (unsigned char) s[i];
		CHECK(c >= 0x20 && c != 0x7f);
	}
}

static void check_ehlo(const sd_ehlo *e)
{
	size_t i, j;

	CHECK(e->n_ext <= SD_EHLO_MAX_EXT && e->n_auth <= SD_EHLO_MAX_AUTH);
	check_escaped(e->domain, sizeof(e->domain));
	for (i = 0; i < e->n_ext; i++) {
		check_escaped(e->ext[i], sizeof(e->ext[i]));
	}
	/* mechanisms: upper case, deduplicated */
	for (i = 0; i < e->n_auth; i++) {
		const char *m = e->auth[i];
		CHECK(memchr(m, '\0', sizeof(e->auth[i])) != NULL && m[0] != '\0');
		for (j = 0; m[j]; j++) {
			CHECK(!(m[j] >= 'a' && m[j] <= 'z'));
		}
		for (j = 0; j < i; j++) {
			CHECK(strcmp(e->auth[j], m) != 0);
		}
		CHECK(sd_ehlo_has_auth(e, m));
	}
	if (e->n_auth > 0) {
		CHECK(e->flags & SD_EHLO_AUTH);
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
	CHECK(sd_reply_feed(&whole, buf, len) == st); /* a final status stays */

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
		CHECK(strcmp(pieces.enh, whole.enh) == 0 && pieces.text_off == whole.text_off);
		CHECK(whole.end <= len && whole.end <= whole.max_bytes);
		CHECK(whole.lines >= 1 && whole.lines <= whole.max_lines);
		CHECK(whole.code >= 200 && whole.code <= 599);
		CHECK(whole.text_off <= whole.end);
		CHECK(memchr(whole.enh, '\0', sizeof(whole.enh)) != NULL);
		CHECK((whole.enh[0] == '\0') == (whole.enh_class == -1));
		while (sd_reply_next_line(buf, &whole, &pos, &t, &tl)) {
			CHECK(t >= buf && t + tl <= buf + whole.end);
			lines++;
		}
		CHECK(lines == whole.lines);
		CHECK(sd_reply_join(buf, &whole, joined, sizeof(joined)) < sizeof(joined));
		CHECK(memchr(joined, '\0', sizeof(joined)) != NULL);
		CHECK(sd_reply_join(buf, &whole, joined, 1) == 0 && joined[0] == '\0');
		if (whole.code == 250) {
			CHECK(sd_ehlo_parse(buf, &whole, &e) == 0);
			check_ehlo(&e);
		} else {
			CHECK(sd_ehlo_parse(buf, &whole, &e) == -1);
		}
	} else if (st == SD_REPLY_INCOMPLETE) {
		CHECK(len < whole.max_bytes);
	} else {
		CHECK(sd_ehlo_parse(buf, &whole, &e) == -1);
	}
	CHECK(sd_reply_status_name(st) != NULL);

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
}

/* The classifier decides once: after its first answer other than "incomplete", more bytes do not
 * change it. */
static void fuzz_classify(const char *buf, size_t len)
{
	sd_peer_kind first = SD_PEER_INCOMPLETE, k;
	size_t i;

	CHECK(sd_reply_classify(buf, 0) == SD_PEER_INCOMPLETE);
	for (i = 1; i <= len && i <= 16; i++) {
		k = sd_reply_classify(buf, i);
		CHECK(k >= SD_PEER_INCOMPLETE && k <= SD_PEER_OTHER);
		CHECK(sd_reply_peer_name(k) != NULL);
		if (first != SD_PEER_INCOMPLETE) {
			CHECK(k == first);
		}
		first = k;
	}
	if (len > 16) {
		k = sd_reply_classify(buf, len);
		CHECK(first == SD_PEER_INCOMPLETE || k == first);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *) data;

	fuzz_reply(buf, size);
	fuzz_classify(buf, size);
	return 0;
}
