/* smtpdiag: one UTF-8 decoder for every file that looks at characters a person may not see. */
#ifndef SD_UTF8_H
#define SD_UTF8_H

#include <stddef.h>

/* Decodes one multi-byte UTF-8 sequence at p[0..len): shortest form only, no surrogates, nothing above
 * U+10FFFF. Returns its length (2 to 4) and sets *cp, or returns 0 (ASCII, or not a valid sequence). */
static inline size_t sd_utf8_decode(const unsigned char *p, size_t len, unsigned long *cp)
{
	unsigned char c, lo = 0x80, hi = 0xbf;
	size_t n, i;
	unsigned long v;

	if (len == 0) {
		return 0;
	}
	c = p[0];
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
		lo = c == 0xe0 ? 0xa0 : 0x80;
		hi = c == 0xed ? 0x9f : 0xbf;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf;
	} else {
		return 0;
	}
	if (len < n) {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if (i == 1 ? (p[i] < lo || p[i] > hi) : (p[i] < 0x80 || p[i] > 0xbf)) {
			return 0;
		}
		v = (v << 6) | (p[i] & 0x3f);
	}
	*cp = v;
	return n;
}

#endif
