/* smtpdiag: what a server's EHLO reply says about it. Pure C: no PHP, no heap. Works on a reply that
 * sd_reply_feed() found COMPLETE; everything it keeps is copied into the result, so the reply buffer
 * may be reused at once. */
#ifndef SD_EHLO_H
#define SD_EHLO_H

#include <stddef.h>

#include "src/engine/sd_reply.h"

#define SD_EHLO_MAX_EXT 64       /* extension lines kept as sent */
#define SD_EHLO_EXT_LEN 160      /* bytes kept of each, escaped, NUL included */
#define SD_EHLO_DOMAIN_LEN 256   /* bytes kept of the domain, escaped, NUL included */
#define SD_EHLO_MAX_AUTH 16      /* AUTH mechanisms kept */
#define SD_EHLO_MECH_LEN 33      /* longest mechanism name kept, NUL included (RFC 4422 allows 20) */

/* Extension flags (sd_ehlo.flags). */
#define SD_EHLO_STARTTLS            (1u << 0)
#define SD_EHLO_AUTH                (1u << 1)  /* an AUTH line, even with no mechanism */
#define SD_EHLO_AUTH_LEGACY         (1u << 2)  /* the old "AUTH=LOGIN PLAIN" form was seen */
#define SD_EHLO_SIZE                (1u << 3)
#define SD_EHLO_8BITMIME            (1u << 4)
#define SD_EHLO_PIPELINING          (1u << 5)
#define SD_EHLO_SMTPUTF8            (1u << 6)
#define SD_EHLO_ENHANCEDSTATUSCODES (1u << 7)
#define SD_EHLO_CHUNKING            (1u << 8)
#define SD_EHLO_DSN                 (1u << 9)

typedef struct {
	char domain[SD_EHLO_DOMAIN_LEN];  /* first word of the first line, escaped (sd_text_escape) */
	unsigned flags;                   /* SD_EHLO_* bits */
	int size_valid;                   /* SIZE came with a number that fits in 64 bits */
	unsigned long long size;          /* that number; 0 means the server states no fixed limit */
	size_t n_auth;
	char auth[SD_EHLO_MAX_AUTH][SD_EHLO_MECH_LEN]; /* upper-cased, deduplicated, in order seen */
	int auth_truncated;               /* mechanisms were dropped: too many, or a name too long or odd */
	size_t n_ext;
	char ext[SD_EHLO_MAX_EXT][SD_EHLO_EXT_LEN];   /* every line after the first, as sent, escaped */
	int ext_truncated;                /* lines were dropped (more than SD_EHLO_MAX_EXT) */
} sd_ehlo;

/* Fill e from the COMPLETE reply r parsed over buf. Borrows buf and r for the call; the caller owns e.
 * Returns 0, or -1 (e zeroed) when r is not a COMPLETE 250 reply. */
int sd_ehlo_parse(const char *buf, const sd_reply *r, sd_ehlo *e);

/* 1 when e lists mechanism mech (compared without regard to case), else 0. Borrows both. */
int sd_ehlo_has_auth(const sd_ehlo *e, const char *mech);

#endif
