/* smtpdiag: mailer DSNs as Symfony Mailer reads them, and the probe settings they come to. Pure C: no
 * PHP, no heap: a parser over a buffer, with fixed caps, that a fuzzer can drive.
 *
 * What Symfony Mailer does with `smtp://user:pass@host:port?options` (Transport\Dsn::fromString(),
 * Smtp\EsmtpTransportFactory::create(), Smtp\EsmtpTransport), and what this file mirrors:
 *   1. parse_url(): the scheme before "://"; the authority up to the first '/', '?' or '#'; in it the
 *      user information before the LAST '@', split on its first ':' into user and password; a host,
 *      bracketed for IPv6 ("[::1]", kept with its brackets); an optional ":port". The query after '?'
 *      is read by parse_str() (urldecode: '+' is a space, %XX a byte); a path and a fragment are
 *      ignored. A port above 65535 makes parse_url() fail ("The mailer DSN is invalid").
 *   2. User and password are rawurldecode()d (%XX only; '+' stays '+'); an empty one is none.
 *   3. Only "smtp" and "smtps" reach the SMTP transport, compared exactly (lower case).
 *   4. TLS: smtps is implicit TLS. smtp with auto_tls on (the default) is implicit TLS on port 465, and
 *      with no port at all too (then on 465) unless the host is exactly "localhost" (then plain on 25);
 *      on any other port it starts plain and uses STARTTLS when the server offers it. auto_tls=false:
 *      never TLS on smtp (not even on 465). require_tls=true: STARTTLS or the connection fails.
 *   5. verify_peer: any value but "" that FILTER_VALIDATE_BOOL does not read as true ("1", "true",
 *      "on", "yes", any case, trimmed) turns off verify_peer and verify_peer_name.
 *   6. local_domain: the EHLO name (default "[127.0.0.1]"); source_ip: the local address (bindto
 *      "ip:0"); peer_fingerprint: pins the certificate (not checked by the probe: a note says so).
 *      max_per_second, restart_threshold, restart_threshold_sleep and ping_threshold change nothing
 *      about the connection. Every other key is ignored by Symfony, and listed in `ignored`.
 * Error texts never quote the user information or the port (a DSN missing its "@host" has the
 * password where the port belongs): only the scheme and option names are quoted, escaped. */
#ifndef SD_DSN_H
#define SD_DSN_H

#include <stddef.h>

#include "src/engine/sd_verdict.h"

#define SD_DSN_MAX 8192            /* longest DSN read */
#define SD_DSN_SECRET_MAX 4096     /* longest user name or password, decoded (as SD_AUTH_SECRET_MAX) */
#define SD_DSN_HELO_MAX 255        /* longest local_domain */
#define SD_DSN_KEYS_MAX 16         /* ignored option names kept */
#define SD_DSN_KEY_MAX 64          /* an ignored option name, escaped and cut to fit */
#define SD_DSN_NOTES_MAX 6
#define SD_DSN_NOTE_MAX 200
#define SD_DSN_MESSAGE_MAX 256

typedef enum {
	SD_DSN_OK = 0,
	SD_DSN_E_EMPTY,            /* "" */
	SD_DSN_E_TOO_LONG,         /* more than SD_DSN_MAX bytes */
	SD_DSN_E_NO_SCHEME,        /* no "scheme://" */
	SD_DSN_E_SCHEME,           /* a scheme the SMTP transport does not take (with the reason) */
	SD_DSN_E_LIST,             /* failover(...) or roundrobin(...) */
	SD_DSN_E_USERINFO,         /* a '/', '?' or '#' before the '@' (not percent-encoded) */
	SD_DSN_E_NO_HOST,          /* nothing where the host belongs */
	SD_DSN_E_IPV6,             /* "[" without a proper "]", or bytes other than hex, ':' and '.' in it */
	SD_DSN_E_PORT,             /* a port that is empty, not digits, 0 or above 65535 */
	SD_DSN_E_SECRET_TOO_LONG,  /* user or password longer than SD_DSN_SECRET_MAX once decoded */
	SD_DSN_E_OPTION            /* local_domain or source_ip unusable (the message says which) */
} sd_dsn_error;

typedef struct {
	/* the DSN as written */
	char scheme[8];                /* "smtp" or "smtps" */
	const char *host;              /* borrowed from the DSN: the host as written ("[::1]" keeps its brackets) */
	size_t host_len;
	int port_given;                /* the DSN's port, 0 when it names none */
	int has_username, has_password;
	char username[SD_DSN_SECRET_MAX + 1]; /* decoded, NUL-terminated ("" when none); may hold NUL bytes */
	size_t username_len;
	char password[SD_DSN_SECRET_MAX + 1];
	size_t password_len;

	/* what Symfony Mailer makes of it */
	int port;                      /* the port it connects to: never 0 */
	sd_security security;          /* SMTPS, AUTO (STARTTLS when offered), STARTTLS (required) or NONE */
	int verify_peer;               /* 0: verify_peer and verify_peer_name off */
	char helo[SD_DSN_HELO_MAX + 1]; /* local_domain, else "[127.0.0.1]" */
	char bindto[64];               /* source_ip as "ip:0" or "[ip]:0"; "" when none */
	size_t ignored_count;          /* query keys Symfony's SMTP transport does not read */
	char ignored[SD_DSN_KEYS_MAX][SD_DSN_KEY_MAX];
	size_t note_count;             /* what a reader of the DSN may not expect, in English */
	char notes[SD_DSN_NOTES_MAX][SD_DSN_NOTE_MAX];

	sd_dsn_error error;
	char message[SD_DSN_MESSAGE_MAX]; /* "" when error is SD_DSN_OK; printable ASCII, no secret */
} sd_dsn;

/* Parses dsn[0..len) (any bytes; NULs included) into *out, every field set. Borrows dsn for as long as
 * out->host is used; the caller owns out (it is large: allocate it). Returns 0, or -1 with out->error
 * and out->message set and the other fields zero. The caller wipes out->password when done. */
int sd_dsn_parse(const char *dsn, size_t len, sd_dsn *out);

/* The short name of an error, e.g. "port", "scheme". Static. */
const char *sd_dsn_error_name(sd_dsn_error e);

#endif
