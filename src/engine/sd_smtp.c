/* smtpdiag: SMTP replies and commands over a plain or TLS connection (see sd_smtp.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
# include <poll.h>
# include <sys/socket.h>
# include <unistd.h>
#endif

#include "src/engine/sd_auth.h"
#include "src/engine/sd_clock.h"
#include "src/engine/sd_smtp.h"
#include "src/engine/sd_text.h"

#ifndef MSG_NOSIGNAL
# define MSG_NOSIGNAL 0
#endif

static void tr_line(sd_transcript *t, const char *prefix, const char *line, size_t len, int client)
{
	char esc[1024];
	size_t n, need;

	if (t->truncated) {
		return;
	}
	if (client) {
		n = sd_text_redact(line, len, t->after_334, esc, sizeof(esc));
	} else {
		n = sd_text_escape(line, len, esc, sizeof(esc));
	}
	need = strlen(prefix) + 2 + n + 1;
	if (t->len + need + sizeof(SD_TEXT_TRUNCATED) + 1 > sizeof(t->buf)) {
		memcpy(t->buf + t->len, SD_TEXT_TRUNCATED, sizeof(SD_TEXT_TRUNCATED));
		t->len += sizeof(SD_TEXT_TRUNCATED);
		t->lines++;
		t->truncated = 1;
		return;
	}
	t->len += (size_t) snprintf(t->buf + t->len, sizeof(t->buf) - t->len, "%s: %s", prefix, esc) + 1;
	t->lines++;
}

void sd_transcript_add(sd_transcript *t, const char *prefix, const char *data, size_t len)
{
	int client = strcmp(prefix, "C") == 0;
	size_t start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i == len || data[i] == '\n') {
			size_t end = i;
			if (end > start && data[end - 1] == '\r') {
				end--;
			}
			if (end > start || i < len) {
				tr_line(t, prefix, data + start, end - start, client);
			}
			start = i + 1;
		}
	}
}

const char *sd_transcript_next(const sd_transcript *t, size_t *pos)
{
	const char *line;

	if (*pos >= t->len) {
		return NULL;
	}
	line = t->buf + *pos;
	*pos += strlen(line) + 1;
	return line;
}

void sd_smtp_init(sd_smtp *s, sd_socket_t fd, sd_transcript *tr)
{
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->tr = tr;
	s->kind = SD_PEER_INCOMPLETE;
}

size_t sd_smtp_pending(const sd_smtp *s)
{
	return s->len;
}

/* Reads what is there (at least one byte) by deadline. >0 bytes, 0 closed, -1 error, -2 timeout. */
static long recv_some(sd_smtp *s, char *buf, size_t len, double deadline)
{
	if (s->tls) {
		long n = sd_tls_read(s->tls, buf, len, deadline);
		if (n == SD_TLS_IO_ERROR) {
			snprintf(s->err, sizeof(s->err), "%s", sd_tls_io_error(s->tls));
		}
		return n == SD_TLS_IO_TIMEOUT ? -2 : n;
	}
	for (;;) {
		struct pollfd p;
		int left = sd_clock_left(deadline), rc;
		ssize_t n;

		p.fd = s->fd;
		p.events = POLLIN;
		p.revents = 0;
		rc = poll(&p, 1, left);
		if (rc < 0) {
			if (errno == EINTR) {
				continue;
			}
			char text[128];

			snprintf(s->err, sizeof(s->err), "poll: %s", sd_text_errno(errno, text, sizeof(text)));
			return -1;
		}
		if (rc == 0) {
			return -2;
		}
		n = recv(s->fd, buf, len, 0);
		if (n > 0) {
			return (long) n;
		}
		if (n == 0) {
			return 0;
		}
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
			continue;
		}
		if (errno == ECONNRESET) {
			return 0;
		}
		sd_text_errno(errno, s->err, sizeof(s->err));
		return -1;
	}
}

sd_smtp_rc sd_smtp_read(sd_smtp *s, double deadline, sd_smtp_reply *out)
{
	double start = sd_clock_ms();
	sd_reply_status st;
	sd_smtp_rc rc = SD_SMTP_OK;

	/* Drop the previous reply's bytes; keep anything the server sent after it. */
	if (s->last_len) {
		memmove(s->buf, s->buf + s->last_len, s->len - s->last_len);
		s->len -= s->last_len;
		s->last_len = 0;
	}
	memset(out, 0, sizeof(*out));
	sd_reply_init(&s->last);
	s->kind = SD_PEER_INCOMPLETE;

	for (;;) {
		long n;

		if (s->len > 0) {
			s->kind = sd_reply_classify(s->buf, s->len);
			if (s->kind == SD_PEER_TLS || s->kind == SD_PEER_HTTP || s->kind == SD_PEER_OTHER) {
				s->reply_status = SD_REPLY_ERR_SYNTAX;
				rc = SD_SMTP_BAD_REPLY;
				break;
			}
			st = sd_reply_feed(&s->last, s->buf, s->len);
			if (st == SD_REPLY_COMPLETE) {
				break;
			}
			if (st != SD_REPLY_INCOMPLETE) {
				s->reply_status = st;
				rc = SD_SMTP_BAD_REPLY;
				break;
			}
		}
		if (s->len >= sizeof(s->buf) - 1) {
			s->reply_status = SD_REPLY_ERR_TOO_LARGE;
			rc = SD_SMTP_BAD_REPLY;
			break;
		}
		n = recv_some(s, s->buf + s->len, sizeof(s->buf) - 1 - s->len, deadline);
		if (n > 0) {
			s->len += (size_t) n;
			s->got += (size_t) n;
			continue;
		}
		rc = n == 0 ? SD_SMTP_CLOSED : n == -2 ? SD_SMTP_TIMEOUT : SD_SMTP_IO_ERROR;
		break;
	}
	out->ms = sd_clock_ms() - start;
	if (rc == SD_SMTP_OK) {
		char joined[SD_SMTP_TEXT];
		size_t jl = sd_reply_join(s->buf, &s->last, joined, sizeof(joined));

		out->present = 1;
		out->code = s->last.code;
		memcpy(out->enh, s->last.enh, sizeof(out->enh));
		out->lines = s->last.lines;
		sd_text_escape(joined, jl, out->text, sizeof(out->text));
		s->last_len = s->last.end;
		sd_transcript_add(s->tr, "S", s->buf, s->last.end);
		s->tr->after_334 = s->last.code == 334;
	} else if (s->len > 0 && !(s->quiet_partial && rc == SD_SMTP_TIMEOUT)) {
		/* What arrived of a reply that never completed: shown, capped. A quiet read that
		 * timed out is read again, and that read shows it. */
		size_t show = s->len < 512 ? s->len : 512;
		sd_transcript_add(s->tr, "S", s->buf, show);
		sd_text_escape(s->buf, show, out->text, sizeof(out->text));
	}
	s->got = 0;
	return rc;
}

sd_smtp_rc sd_smtp_send(sd_smtp *s, const char *line, double deadline)
{
	char stack[1024];
	size_t line_len = strlen(line), len = line_len + 2, off = 0;
	char *buf = len <= sizeof(stack) ? stack : malloc(len);
	sd_smtp_rc rc = SD_SMTP_OK;

	if (buf == NULL || line_len > SD_SMTP_LINE_MAX) {
		snprintf(s->err, sizeof(s->err), "command too long");
		rc = SD_SMTP_IO_ERROR;
		goto done;
	}
	memcpy(buf, line, line_len);
	buf[line_len] = '\r';
	buf[line_len + 1] = '\n';
	sd_transcript_add(s->tr, "C", line, line_len);
	s->tr->after_334 = 0;
	if (s->tls) {
		long n = sd_tls_write(s->tls, buf, len, deadline);
		if (n == SD_TLS_IO_TIMEOUT) {
			rc = SD_SMTP_TIMEOUT;
		} else if (n <= 0) {
			snprintf(s->err, sizeof(s->err), "%s", sd_tls_io_error(s->tls));
			rc = n == SD_TLS_IO_CLOSED ? SD_SMTP_CLOSED : SD_SMTP_IO_ERROR;
		}
		goto done;
	}
	while (off < len) {
		struct pollfd p;
		ssize_t n;
		int prc;

		p.fd = s->fd;
		p.events = POLLOUT;
		p.revents = 0;
		prc = poll(&p, 1, sd_clock_left(deadline));
		if (prc < 0 && errno == EINTR) {
			continue;
		}
		if (prc <= 0) {
			rc = prc == 0 ? SD_SMTP_TIMEOUT : SD_SMTP_IO_ERROR;
			goto done;
		}
		n = send(s->fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n > 0) {
			off += (size_t) n;
		} else if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) {
			continue;
		} else {
			int err = n < 0 ? errno : 0;

			if (n < 0) {
				sd_text_errno(err, s->err, sizeof(s->err));
			} else {
				snprintf(s->err, sizeof(s->err), "connection closed");
			}
			rc = err == EPIPE || n == 0 ? SD_SMTP_CLOSED : SD_SMTP_IO_ERROR;
			goto done;
		}
	}

done:
	if (buf != NULL) {
		/* the command may be an AUTH response: a credential */
		sd_auth_wipe(buf, len <= sizeof(stack) ? sizeof(stack) : len);
		if (buf != stack) {
			free(buf);
		}
	}
	return rc;
}

int sd_smtp_parse_ehlo(const sd_smtp *s, sd_ehlo *e)
{
	return sd_ehlo_parse(s->buf, &s->last, e);
}
