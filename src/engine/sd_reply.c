/* smtpdiag: the SMTP reply parser and the first-bytes classifier. See sd_reply.h. */
#include "src/engine/sd_reply.h"

#include <string.h>

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Parse an enhanced status code (class.subject.detail) at s[0..len): class 2, 4 or 5, subject and
 * detail one to three digits, then the end, a space or a tab. Returns the bytes it takes, 0 if none. */
static size_t parse_enh(const char *s, size_t len, int *cls, int *subject, int *detail)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t i = 0;
	int part[3];
	int k;

	if (len < 5 || (p[0] != '2' && p[0] != '4' && p[0] != '5') || p[1] != '.') {
		return 0;
	}
	part[0] = p[0] - '0';
	i = 2;
	for (k = 1; k < 3; k++) {
		size_t start = i;
		int v = 0;
		while (i < len && is_digit(p[i]) && i - start < 3) {
			v = v * 10 + (p[i] - '0');
			i++;
		}
		if (i == start || (i < len && is_digit(p[i]))) {
			return 0;
		}
		part[k] = v;
		if (k == 1) {
			if (i >= len || p[i] != '.') {
				return 0;
			}
			i++;
		}
	}
	if (i < len && p[i] != ' ' && p[i] != '\t') {
		return 0;
	}
	if (cls) {
		*cls = part[0];
		*subject = part[1];
		*detail = part[2];
	}
	return i;
}

/* Checks the start of a line (complete or not) against "DDD" [ ' ' | '-' | end ]. avail is how many
 * bytes of the line are known (its line end excluded when complete); complete tells whether the line
 * ends there. A CR right after the code is acceptable only as the last known byte of a partial line,
 * where an LF may still follow. Returns 0 when the bytes so far are acceptable, -1 on a syntax error. */
static int check_prefix(const unsigned char *p, size_t avail, int complete)
{
	size_t i;

	for (i = 0; i < avail && i < 4; i++) {
		unsigned char c = p[i];
		if (i == 0 && (c < '2' || c > '5')) {
			return -1;
		}
		if ((i == 1 || i == 2) && !is_digit(c)) {
			return -1;
		}
		if (i == 3 && c != ' ' && c != '-' && !(c == '\r' && !complete && avail == 4)) {
			return -1;
		}
	}
	if (complete && avail < 3) {
		return -1;
	}
	return 0;
}

static int line_code(const unsigned char *p)
{
	return (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
}

void sd_reply_init(sd_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->max_bytes = SD_REPLY_MAX_BYTES;
	r->max_lines = SD_REPLY_MAX_LINES;
	r->max_line = SD_REPLY_MAX_LINE;
	r->status = SD_REPLY_INCOMPLETE;
	r->enh_class = r->enh_subject = r->enh_detail = -1;
}

static sd_reply_status fail(sd_reply *r, sd_reply_status s)
{
	r->status = s;
	r->error_line = r->lines;
	return s;
}

/* The last line of b[0..len) from pos has no line end yet: fails now if it can never become a valid
 * line of this reply or fit the caps; returns SD_REPLY_INCOMPLETE otherwise. */
static sd_reply_status check_partial(sd_reply *r, const unsigned char *b, size_t pos, size_t len)
{
	size_t tail = len - pos;
	size_t content = tail - (tail > 0 && b[len - 1] == '\r' ? 1 : 0);

	if (check_prefix(b + pos, tail, 0) != 0) {
		return fail(r, SD_REPLY_ERR_SYNTAX);
	}
	if ((tail >= 5 || (tail == 4 && b[pos + 3] != '\r')) && r->lines > 0 && line_code(b + pos) != r->code) {
		return fail(r, SD_REPLY_ERR_CODE_MISMATCH);
	}
	if (content > r->max_line) {
		return fail(r, SD_REPLY_ERR_LINE_TOO_LONG);
	}
	if (len >= r->max_bytes) {
		return fail(r, SD_REPLY_ERR_TOO_LARGE);
	}
	return SD_REPLY_INCOMPLETE;
}

/* The first line's text, buf[pos..content_end): an enhanced status code at its start goes to r->enh
 * (with its numbers), and r->text_off is where the text proper starts. */
static void first_line_text(sd_reply *r, const char *buf, size_t pos, size_t content_end)
{
	size_t t = content_end - pos > 4 ? pos + 4 : content_end;
	size_t n = parse_enh(buf + t, content_end - t, &r->enh_class, &r->enh_subject, &r->enh_detail);

	if (n > 0) {
		memcpy(r->enh, buf + t, n);
		r->enh[n] = '\0';
		t += n;
		while (t < content_end && (buf[t] == ' ' || buf[t] == '\t')) {
			t++;
		}
	}
	r->text_off = t;
}

sd_reply_status sd_reply_feed(sd_reply *r, const char *buf, size_t len)
{
	const unsigned char *b = (const unsigned char *) buf;
	size_t pos;

	if (r->status != SD_REPLY_INCOMPLETE) {
		return r->status;
	}
	/* Never look past max_bytes: whatever lies there cannot belong to an acceptable reply, and looking
	 * only this far makes the answer the same however the bytes were split across calls. */
	if (len > r->max_bytes) {
		len = r->max_bytes;
	}
	pos = r->end;
	for (;;) {
		const unsigned char *nl;
		size_t content_end, content_len, line_end;
		int final;

		nl = len > pos ? memchr(b + pos, '\n', len - pos) : NULL;
		if (nl == NULL) {
			return check_partial(r, b, pos, len);
		}
		line_end = (size_t) (nl - b) + 1;
		content_end = line_end - 1;
		if (content_end > pos && b[content_end - 1] == '\r') {
			content_end--;
		}
		content_len = content_end - pos;
		if (check_prefix(b + pos, content_len, 1) != 0) {
			return fail(r, SD_REPLY_ERR_SYNTAX);
		}
		if (r->lines == 0) {
			r->code = line_code(b + pos);
		} else if (line_code(b + pos) != r->code) {
			return fail(r, SD_REPLY_ERR_CODE_MISMATCH);
		}
		if (content_len > r->max_line) {
			return fail(r, SD_REPLY_ERR_LINE_TOO_LONG);
		}
		if (r->lines == 0) {
			first_line_text(r, buf, pos, content_end);
		}
		final = content_len == 3 || b[pos + 3] == ' ';
		r->lines++;
		pos = line_end;
		r->end = pos;
		if (final) {
			r->status = SD_REPLY_COMPLETE;
			return r->status;
		}
		if (r->lines >= r->max_lines) {
			return fail(r, SD_REPLY_ERR_TOO_MANY_LINES);
		}
	}
}

int sd_reply_next_line(const char *buf, const sd_reply *r, size_t *pos, const char **text, size_t *text_len)
{
	const char *nl;
	size_t start = *pos, content_end, line_end;

	if (r->status != SD_REPLY_COMPLETE || start >= r->end) {
		return 0;
	}
	nl = memchr(buf + start, '\n', r->end - start);
	if (nl == NULL) {
		return 0; /* cannot happen for a buffer that matches r */
	}
	line_end = (size_t) (nl - buf) + 1;
	content_end = line_end - 1;
	if (content_end > start && buf[content_end - 1] == '\r') {
		content_end--;
	}
	if (content_end - start >= 4) {
		*text = buf + start + 4;
		*text_len = content_end - start - 4;
	} else {
		*text = buf + content_end;
		*text_len = 0;
	}
	*pos = line_end;
	return 1;
}

size_t sd_reply_join(const char *buf, const sd_reply *r, char *out, size_t cap)
{
	size_t pos = 0, n = 0;
	const char *text;
	size_t text_len;

	if (cap == 0) {
		return 0;
	}
	while (sd_reply_next_line(buf, r, &pos, &text, &text_len)) {
		size_t skip = parse_enh(text, text_len, NULL, NULL, NULL);
		while (skip < text_len && (text[skip] == ' ' || text[skip] == '\t')) {
			skip++;
		}
		text += skip;
		text_len -= skip;
		if (text_len == 0) {
			continue;
		}
		if (n > 0 && n < cap - 1) {
			out[n++] = ' ';
		}
		if (text_len > cap - 1 - n) {
			text_len = cap - 1 - n;
		}
		memcpy(out + n, text, text_len);
		n += text_len;
	}
	out[n] = '\0';
	return n;
}

const char *sd_reply_status_name(sd_reply_status s)
{
	switch (s) {
	case SD_REPLY_INCOMPLETE: return "incomplete";
	case SD_REPLY_COMPLETE: return "complete";
	case SD_REPLY_ERR_SYNTAX: return "not an SMTP reply line";
	case SD_REPLY_ERR_CODE_MISMATCH: return "reply code changes between lines";
	case SD_REPLY_ERR_LINE_TOO_LONG: return "line too long";
	case SD_REPLY_ERR_TOO_LARGE: return "reply too large";
	case SD_REPLY_ERR_TOO_MANY_LINES: return "too many lines";
	}
	return "unknown";
}

/* 1: bytes so far match the signature fully; 0: a strict prefix matches; -1: no match. */
static int match_smtp(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < 4; i++) {
		if (i == 0 && (p[i] < '2' || p[i] > '5')) {
			return -1;
		}
		if ((i == 1 || i == 2) && !is_digit(p[i])) {
			return -1;
		}
		if (i == 3 && p[i] != ' ' && p[i] != '-' && p[i] != '\r' && p[i] != '\n') {
			return -1;
		}
	}
	return len >= 4 ? 1 : 0;
}

static int match_tls(const unsigned char *p, size_t len)
{
	if (len >= 1 && p[0] != 0x16 && p[0] != 0x15) {
		return -1;
	}
	if (len >= 2 && p[1] != 0x03) {
		return -1;
	}
	if (len >= 3 && p[2] > 0x04) {
		return -1;
	}
	return len >= 3 ? 1 : 0;
}

static int match_http(const unsigned char *p, size_t len)
{
	static const char sig[] = "HTTP/";
	size_t i;

	for (i = 0; i < len && i < 5; i++) {
		if (p[i] != (unsigned char) sig[i]) {
			return -1;
		}
	}
	return len >= 5 ? 1 : 0;
}

sd_peer_kind sd_reply_classify(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *) buf;
	int s, t, h;

	if (len == 0) {
		return SD_PEER_INCOMPLETE;
	}
	s = match_smtp(p, len);
	t = match_tls(p, len);
	h = match_http(p, len);
	if (s == 1) {
		return SD_PEER_SMTP;
	}
	if (t == 1) {
		return SD_PEER_TLS;
	}
	if (h == 1) {
		return SD_PEER_HTTP;
	}
	if (s == 0 || t == 0 || h == 0) {
		return SD_PEER_INCOMPLETE;
	}
	return SD_PEER_OTHER;
}

const char *sd_reply_peer_name(sd_peer_kind k)
{
	switch (k) {
	case SD_PEER_INCOMPLETE: return "incomplete";
	case SD_PEER_SMTP: return "smtp";
	case SD_PEER_TLS: return "tls";
	case SD_PEER_HTTP: return "http";
	case SD_PEER_OTHER: return "other";
	}
	return "other";
}
