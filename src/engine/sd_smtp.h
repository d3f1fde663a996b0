/* smtpdiag: the SMTP client side of a probe: one connection, plain or TLS, its replies read whole
 * under a deadline and a size cap, and the transcript. Plain C: no PHP, no heap (the receive buffer is
 * part of the struct). */
#ifndef SD_SMTP_H
#define SD_SMTP_H

#include <stddef.h>

#include "src/engine/sd_net.h"
#include "src/engine/sd_tls.h"
#include "src/engine/sd_reply.h"
#include "src/engine/sd_ehlo.h"

#define SD_TRANSCRIPT_MAX 16384    /* bytes of transcript kept, escaped; then "...[truncated]" */
#define SD_SMTP_TEXT 512           /* a reply's text kept for the report, escaped */
#define SD_SMTP_LINE_MAX (64 * 1024) /* longest command line sent (an XOAUTH2 token can be long) */

/* The dialogue as a person reads it: "S: 220 ...", "C: EHLO ...", "*: TLS ...". Lines are stored
 * NUL-terminated one after another. */
typedef struct {
	char buf[SD_TRANSCRIPT_MAX];
	size_t len;
	size_t lines;
	int truncated;
	int after_334;                 /* the last server reply was a 334 challenge: redact the next line */
} sd_transcript;

/* Adds data (may hold several lines) with prefix "C", "S" or "*". Client lines are redacted as
 * sd_text_redact() says, server lines escaped. Borrows data. */
void sd_transcript_add(sd_transcript *t, const char *prefix, const char *data, size_t len);

/* Walks the lines: *pos starts at 0; returns the next line (borrowed from t) or NULL at the end. */
const char *sd_transcript_next(const sd_transcript *t, size_t *pos);

/* One reply as the report keeps it. */
typedef struct {
	int present;                   /* a whole reply was read */
	int code;
	char enh[SD_REPLY_ENH_MAX];
	char text[SD_SMTP_TEXT];       /* all lines' text joined, escaped */
	size_t lines;
	double ms;                     /* from the request (or connection) to the reply */
} sd_smtp_reply;

/* What the server said during a probe. */
typedef struct {
	sd_smtp_reply greeting;
	char greeting_host[256];       /* the first word of the greeting: how the server names itself */
	sd_smtp_reply ehlo;            /* the first EHLO (over TLS for implicit TLS) */
	sd_ehlo caps;
	sd_smtp_reply helo;            /* when EHLO was refused */
	int helo_fallback;
	sd_smtp_reply ehlo_tls;        /* EHLO again after STARTTLS */
	sd_ehlo caps_tls;
	int ehlo_tls_done;
	sd_smtp_reply quit;
} sd_smtp_info;

typedef enum {
	SD_SMTP_OK = 0,
	SD_SMTP_TIMEOUT,               /* the deadline passed; see got (bytes of this reply so far) */
	SD_SMTP_CLOSED,                /* the peer closed the connection */
	SD_SMTP_IO_ERROR,              /* a socket or TLS error: see err */
	SD_SMTP_BAD_REPLY              /* not an SMTP reply, or over the caps: see reply_status, kind */
} sd_smtp_rc;

/* One connection. fd and tls are borrowed: the caller opens and closes them. */
typedef struct {
	sd_socket_t fd;
	sd_tls *tls;                   /* NULL while the connection is plain */
	sd_transcript *tr;
	char buf[SD_REPLY_MAX_BYTES + 1];
	size_t len;                    /* bytes in buf not yet consumed */
	size_t got;                    /* bytes of the reply being read that have arrived */
	sd_reply_status reply_status;  /* why the last reply was BAD_REPLY */
	sd_peer_kind kind;             /* what the first bytes of the last reply looked like */
	char err[128];                 /* the last I/O error's text */
	sd_reply last;                 /* the last reply parsed; its bytes stay at buf until the next read */
	size_t last_len;
	int quiet_partial;             /* on a timeout, do not put a partial reply into the transcript (a read
	                                * that will be retried) */
} sd_smtp;

/* Sets s up on a connected socket; the transcript tr is borrowed for the life of s. */
void sd_smtp_init(sd_smtp *s, sd_socket_t fd, sd_transcript *tr);

/* Reads one whole reply by deadline into out (and s->last). Returns OK, TIMEOUT, CLOSED, IO_ERROR or
 * BAD_REPLY. Never holds more than one reply's cap. */
sd_smtp_rc sd_smtp_read(sd_smtp *s, double deadline, sd_smtp_reply *out);

/* Sends line followed by CRLF by deadline, and records it in the transcript (redacted as
 * sd_text_redact() says). Lines up to SD_SMTP_LINE_MAX; the copy sent is wiped afterwards. */
sd_smtp_rc sd_smtp_send(sd_smtp *s, const char *line, double deadline);

/* Parses the last reply read as an EHLO reply into e. Returns 0, or -1 when it was not a 250. */
int sd_smtp_parse_ehlo(const sd_smtp *s, sd_ehlo *e);

/* Bytes received but not yet consumed (a server that talks before its turn). */
size_t sd_smtp_pending(const sd_smtp *s);

#endif
