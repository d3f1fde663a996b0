/* smtpdiag: the SMTP reply parser and the first-bytes classifier. Pure C: no PHP, no heap.
 *
 * The parser works over one growing buffer that the caller owns: the caller appends what it reads and
 * calls sd_reply_feed() again with the same buffer start and the new length. The parser keeps only
 * offsets, never pointers, so the caller may move the buffer (realloc) between calls. Each call scans
 * only the bytes it has not seen yet. It reports an error as soon as one is certain, so a caller that
 * stops reading on SD_REPLY_ERR_* never holds more than max_bytes of one reply. */
#ifndef SD_REPLY_H
#define SD_REPLY_H

#include <stddef.h>

#define SD_REPLY_MAX_BYTES (64 * 1024) /* default cap on one reply, line ends included */
#define SD_REPLY_MAX_LINES 512         /* default cap on the lines of one reply */
#define SD_REPLY_MAX_LINE 4096         /* default cap on one line, its CRLF or LF excluded */
#define SD_REPLY_ENH_MAX 12            /* "5.7.139" and the like, NUL included */

typedef enum {
	SD_REPLY_INCOMPLETE = 0,     /* no error so far; the reply's last line has not arrived yet */
	SD_REPLY_COMPLETE,           /* a whole reply is there: code, enhanced code, lines and end are set */
	SD_REPLY_ERR_SYNTAX,         /* a line is not three digits (first 2-5) then ' ', '-' or its end */
	SD_REPLY_ERR_CODE_MISMATCH,  /* a line's code differs from the first line's */
	SD_REPLY_ERR_LINE_TOO_LONG,  /* a line is longer than max_line (with or without its end) */
	SD_REPLY_ERR_TOO_LARGE,      /* the reply cannot end within max_bytes (bytes past max_bytes are
	                              * never examined, so this wins over anything wrong beyond them) */
	SD_REPLY_ERR_TOO_MANY_LINES  /* the reply cannot end within max_lines */
} sd_reply_status;

/* Parser state and result. Set up with sd_reply_init(); the caps may be lowered (or raised) after
 * init and before the first feed. All offsets are relative to the start of the caller's buffer. */
typedef struct {
	/* caps, set by sd_reply_init() to the defaults above */
	size_t max_bytes;
	size_t max_lines;
	size_t max_line;

	/* result */
	sd_reply_status status;
	int code;                    /* 0 until the first line is complete, then e.g. 250 */
	size_t lines;                /* complete lines so far */
	size_t end;                  /* COMPLETE: bytes the reply takes, line end included; the caller keeps
	                              * buffer[end..] for the next reply. Otherwise: where scanning resumes */
	size_t error_line;           /* ERR_*: 0-based index of the offending line */
	char enh[SD_REPLY_ENH_MAX];  /* enhanced status code at the start of the first line's text, or "" */
	int enh_class, enh_subject, enh_detail; /* its three numbers; -1 when enh is "" */
	size_t text_off;             /* first line's text after the code, separator and enhanced code */
} sd_reply;

/* Reset r for a new reply with the default caps. */
void sd_reply_init(sd_reply *r);

/* Scan buf[0..len) for one reply. Borrows buf for the call only; buf must start where the reply starts
 * and, between calls, only grow at its end. Returns r->status. Once COMPLETE or an error, further calls
 * return the same status and change nothing. Bare LF is accepted as a line end, as is CRLF. */
sd_reply_status sd_reply_feed(sd_reply *r, const char *buf, size_t len);

/* Walk the lines of a COMPLETE reply. *pos starts at 0; each call sets *text and *text_len to the next
 * line's text (after "250-" or "250 ", or empty for a bare "250"), pointing into buf, and returns 1;
 * returns 0 after the last line. Borrows buf; the caller owns it and the text points into it. */
int sd_reply_next_line(const char *buf, const sd_reply *r, size_t *pos, const char **text, size_t *text_len);

/* Join the text of every line of a COMPLETE reply into out (capacity cap, NUL-terminated when cap > 0),
 * separated by one space, dropping each line's leading enhanced status code. Raw bytes: escape them with
 * sd_text_escape() before they reach a person. Borrows buf; the caller owns out. Returns the length
 * written, at most cap - 1 (the text is cut there). */
size_t sd_reply_join(const char *buf, const sd_reply *r, char *out, size_t cap);

/* A short, static, English name for a status, e.g. "line too long". Never NULL. */
const char *sd_reply_status_name(sd_reply_status s);

/* What the first bytes a peer sent look like, before any reply is parsed. */
typedef enum {
	SD_PEER_INCOMPLETE = 0, /* empty, or too short to tell: every byte so far fits some class below */
	SD_PEER_SMTP,           /* three digits (first 2-5) then ' ', '-', CR or LF */
	SD_PEER_TLS,            /* a TLS record: 0x16 (handshake) or 0x15 (alert), then 0x03 0x00..0x04 */
	SD_PEER_HTTP,           /* "HTTP/" */
	SD_PEER_OTHER           /* anything else */
} sd_peer_kind;

/* Classify the first len bytes of buf. Borrows buf for the call. A caller that will get no more bytes
 * (timeout, EOF) should read SD_PEER_INCOMPLETE with len > 0 as SD_PEER_OTHER. */
sd_peer_kind sd_reply_classify(const char *buf, size_t len);

/* A short, static name for a peer kind: "incomplete", "smtp", "tls", "http", "other". */
const char *sd_reply_peer_name(sd_peer_kind k);

#endif
