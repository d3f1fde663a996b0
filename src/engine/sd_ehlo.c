/* smtpdiag: EHLO reply parsing. See sd_ehlo.h. */
#include "src/engine/sd_ehlo.h"

#include <string.h>

#include "src/engine/sd_text.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
}

/* s[0..len) equals the upper-case word w, ignoring case. */
static int word_is(const char *s, size_t len, const char *w)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (w[i] == '\0' || upper(s[i]) != w[i]) {
			return 0;
		}
	}
	return w[len] == '\0';
}

/* A SASL mechanism name: upper-case letters, digits, '-' and '_' (lower case is accepted and
 * upper-cased by the caller). */
static int mech_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len >= SD_EHLO_MECH_LEN) {
		return 0;
	}
	for (i = 0; i < len; i++) {
		char c = upper(s[i]);
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
			return 0;
		}
	}
	return 1;
}

static void add_mechs(sd_ehlo *e, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start, k, j;
		char name[SD_EHLO_MECH_LEN];
		int dup = 0;

		while (i < len && is_space(s[i])) {
			i++;
		}
		start = i;
		while (i < len && !is_space(s[i])) {
			i++;
		}
		if (i == start) {
			break;
		}
		if (!mech_ok(s + start, i - start)) {
			e->auth_truncated = 1;
			continue;
		}
		for (k = 0; k < i - start; k++) {
			name[k] = upper(s[start + k]);
		}
		name[k] = '\0';
		for (j = 0; j < e->n_auth; j++) {
			if (strcmp(e->auth[j], name) == 0) {
				dup = 1;
				break;
			}
		}
		if (dup) {
			continue;
		}
		if (e->n_auth >= SD_EHLO_MAX_AUTH) {
			e->auth_truncated = 1;
			continue;
		}
		memcpy(e->auth[e->n_auth++], name, k + 1);
	}
}

static void parse_size(sd_ehlo *e, const char *s, size_t len)
{
	size_t i = 0;
	unsigned long long v = 0;

	while (i < len && is_space(s[i])) {
		i++;
	}
	if (i == len) {
		return;
	}
	for (; i < len && !is_space(s[i]); i++) {
		unsigned d;
		if (s[i] < '0' || s[i] > '9') {
			return;
		}
		d = (unsigned) (s[i] - '0');
		if (v > (~0ULL - d) / 10) {
			return;
		}
		v = v * 10 + d;
	}
	e->size = v;
	e->size_valid = 1;
}

static void keyword_line(sd_ehlo *e, const char *t, size_t len)
{
	size_t k = 0;

	while (len > 0 && is_space(t[0])) {
		t++;
		len--;
	}
	while (len > 0 && (is_space(t[len - 1]) || t[len - 1] == '\r')) {
		len--;
	}
	if (len == 0) {
		return;
	}
	if (e->n_ext < SD_EHLO_MAX_EXT) {
		sd_text_escape(t, len, e->ext[e->n_ext++], SD_EHLO_EXT_LEN);
	} else {
		e->ext_truncated = 1;
	}
	while (k < len && !is_space(t[k]) && t[k] != '=') {
		k++;
	}
	if (word_is(t, k, "AUTH")) {
		e->flags |= SD_EHLO_AUTH;
		if (k < len && t[k] == '=') {
			e->flags |= SD_EHLO_AUTH_LEGACY;
		}
		if (k < len) {
			add_mechs(e, t + k + 1, len - k - 1);
		}
	} else if (k < len && t[k] == '=') {
		return; /* some other "KEYWORD=..." form: kept as sent only */
	} else if (word_is(t, k, "STARTTLS")) {
		e->flags |= SD_EHLO_STARTTLS;
	} else if (word_is(t, k, "SIZE")) {
		e->flags |= SD_EHLO_SIZE;
		parse_size(e, t + k, len - k);
	} else if (word_is(t, k, "8BITMIME")) {
		e->flags |= SD_EHLO_8BITMIME;
	} else if (word_is(t, k, "PIPELINING")) {
		e->flags |= SD_EHLO_PIPELINING;
	} else if (word_is(t, k, "SMTPUTF8")) {
		e->flags |= SD_EHLO_SMTPUTF8;
	} else if (word_is(t, k, "ENHANCEDSTATUSCODES")) {
		e->flags |= SD_EHLO_ENHANCEDSTATUSCODES;
	} else if (word_is(t, k, "CHUNKING")) {
		e->flags |= SD_EHLO_CHUNKING;
	} else if (word_is(t, k, "DSN")) {
		e->flags |= SD_EHLO_DSN;
	}
}

int sd_ehlo_parse(const char *buf, const sd_reply *r, sd_ehlo *e)
{
	size_t pos = 0, line = 0;
	const char *t;
	size_t len;

	memset(e, 0, sizeof(*e));
	if (r->status != SD_REPLY_COMPLETE || r->code != 250) {
		return -1;
	}
	while (sd_reply_next_line(buf, r, &pos, &t, &len)) {
		if (line++ == 0) {
			size_t i = 0, start;
			while (i < len && is_space(t[i])) {
				i++;
			}
			start = i;
			while (i < len && !is_space(t[i])) {
				i++;
			}
			sd_text_escape(t + start, i - start, e->domain, sizeof(e->domain));
			continue;
		}
		keyword_line(e, t, len);
	}
	return 0;
}

int sd_ehlo_has_auth(const sd_ehlo *e, const char *mech)
{
	size_t i;

	for (i = 0; i < e->n_auth; i++) {
		const char *a = e->auth[i];
		size_t k = 0;
		while (a[k] != '\0' && mech[k] != '\0' && a[k] == upper(mech[k])) {
			k++;
		}
		if (a[k] == '\0' && mech[k] == '\0') {
			return 1;
		}
	}
	return 0;
}
