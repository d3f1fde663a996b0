/* smtpdiag: escaping and redaction of peer text, and error numbers as text. See sd_text.h. */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE /* glibc's strerror_r(), which returns the text; see sd_text_errno() */
#endif

#include "src/engine/sd_text.h"
#include "src/engine/sd_utf8.h"

#include <stdio.h>
#include <string.h>

#ifdef _WIN32
# include <windows.h>
#endif

#define UNIT_MAX 10 /* longest representation of one unit: "\UXXXXXXXX" */

static const char hex[] = "0123456789abcdef";


int sd_text_invisible(unsigned long cp)
{
	return cp == 0xa0 || cp == 0xad || cp == 0x34f || cp == 0x61c || cp == 0x115f || cp == 0x1160
		|| cp == 0x180e || (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f)
		|| (cp >= 0x205f && cp <= 0x206f) || cp == 0x3000 || cp == 0x3164
		|| (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff || cp == 0xffa0
		|| (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0xe0000 && cp <= 0xe0fff);
}

static int is_hidden(unsigned long cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || sd_text_invisible(cp);
}

/* The representation of the unit at p[0..len): fills rep, sets *rep_len, returns the bytes consumed. */
static size_t unit(const unsigned char *p, size_t len, char *rep, size_t *rep_len)
{
	unsigned char c = p[0];
	unsigned long cp;
	size_t n;

	if (c >= 0x20 && c < 0x7f && c != '\\') {
		rep[0] = (char) c;
		*rep_len = 1;
		return 1;
	}
	if (c == '\\' || c == '\r' || c == '\n' || c == '\t') {
		rep[0] = '\\';
		rep[1] = c == '\\' ? '\\' : c == '\r' ? 'r' : c == '\n' ? 'n' : 't';
		*rep_len = 2;
		return 1;
	}
	if (c >= 0x80 && (n = sd_utf8_decode(p, len, &cp)) > 0) {
		if (is_hidden(cp)) {
			int digits = cp > 0xffff ? 8 : 4, k;
			rep[0] = '\\';
			rep[1] = cp > 0xffff ? 'U' : 'u';
			for (k = 0; k < digits; k++) {
				rep[2 + k] = hex[(cp >> (4 * (digits - 1 - k))) & 0xf];
			}
			*rep_len = (size_t) (2 + digits);
		} else {
			memcpy(rep, p, n);
			*rep_len = n;
		}
		return n;
	}
	rep[0] = '\\';
	rep[1] = 'x';
	rep[2] = hex[c >> 4];
	rep[3] = hex[c & 0xf];
	*rep_len = 4;
	return 1;
}

size_t sd_text_escape_len(const char *in, size_t len)
{
	const unsigned char *p = (const unsigned char *) in;
	size_t i = 0, total = 0;
	char rep[UNIT_MAX];
	size_t rep_len;

	while (i < len) {
		i += unit(p + i, len - i, rep, &rep_len);
		total += rep_len;
	}
	return total;
}

size_t sd_text_escape(const char *in, size_t len, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *) in;
	size_t i = 0, n = 0, limit;
	size_t mlen = sizeof(SD_TEXT_TRUNCATED) - 1;
	char rep[UNIT_MAX];
	size_t rep_len;
	int cut;

	if (cap == 0) {
		return 0;
	}
	cut = sd_text_escape_len(in, len) > cap - 1;
	limit = cap - 1;
	if (cut && limit > mlen) {
		limit -= mlen;
	}
	while (i < len) {
		size_t used = unit(p + i, len - i, rep, &rep_len);
		if (n + rep_len > limit) {
			break;
		}
		memcpy(out + n, rep, rep_len);
		n += rep_len;
		i += used;
	}
	if (cut && cap - 1 > mlen) {
		memcpy(out + n, SD_TEXT_TRUNCATED, mlen);
		n += mlen;
	}
	out[n] = '\0';
	return n;
}

static int upper_eq(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z') {
			c = (char) (c - 'a' + 'A');
		}
		if (word[i] == '\0' || c != word[i]) {
			return 0;
		}
	}
	return word[len] == '\0';
}

size_t sd_text_redact(const char *line, size_t len, int after_334, char *out, size_t cap)
{
	size_t i, mech_end, n;

	if (len > 0 && line[len - 1] == '\n') {
		len--;
		if (len > 0 && line[len - 1] == '\r') {
			len--;
		}
	}
	if (after_334 && !(len == 1 && line[0] == '*')) {
		return sd_text_escape(SD_TEXT_REDACTED, sizeof(SD_TEXT_REDACTED) - 1, out, cap);
	}
	if (len < 5 || !upper_eq(line, 4, "AUTH") || (line[4] != ' ' && line[4] != '\t')) {
		return sd_text_escape(line, len, out, cap);
	}
	i = 4;
	while (i < len && (line[i] == ' ' || line[i] == '\t')) {
		i++;
	}
	while (i < len && line[i] != ' ' && line[i] != '\t') {
		i++;
	}
	mech_end = i;
	while (i < len && (line[i] == ' ' || line[i] == '\t')) {
		i++;
	}
	if (i == len) {
		return sd_text_escape(line, len, out, cap);
	}
	n = sd_text_escape(line, mech_end, out, cap);
	if (cap > 0 && n + 1 + sizeof(SD_TEXT_REDACTED) - 1 < cap) {
		out[n++] = ' ';
		memcpy(out + n, SD_TEXT_REDACTED, sizeof(SD_TEXT_REDACTED));
		n += sizeof(SD_TEXT_REDACTED) - 1;
	}
	return n;
}

const char *sd_text_errno(int err, char *buf, size_t cap)
{
	size_t n;

	if (cap == 0) {
		return buf;
	}
	buf[0] = '\0';
#ifdef _WIN32
	if (FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, (DWORD) err, 0, buf,
	                   (DWORD) cap, NULL) == 0) {
		buf[0] = '\0';
	}
#elif defined(__GLIBC__) && defined(_GNU_SOURCE)
	{
		/* the GNU form returns the text, in buf or in static storage that is never written */
		const char *s = strerror_r(err, buf, cap);
		if (s != buf) {
			size_t l = s != NULL ? strlen(s) : 0;
			if (l >= cap) {
				l = cap - 1;
			}
			memmove(buf, s, l);
			buf[l] = '\0';
		}
	}
#else
	/* the POSIX form fills buf and returns 0, or an error number */
	if (strerror_r(err, buf, cap) != 0) {
		buf[0] = '\0';
	}
#endif
	/* FormatMessage ends its text with a line break */
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\r' || buf[n - 1] == '\n' || buf[n - 1] == ' ')) {
		buf[--n] = '\0';
	}
	if (n == 0) {
		snprintf(buf, cap, "Unknown error %d", err);
	}
	return buf;
}
