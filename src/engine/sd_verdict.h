/* smtpdiag: verdicts. The table of root-cause codes, and for each the sentence a person reads and the
 * concrete fixes (PHPMailer settings, php.ini lines, commands). Pure C: no PHP, no heap. */
#ifndef SD_VERDICT_H
#define SD_VERDICT_H

#include <stddef.h>

#include "src/engine/sd_codes.h"

#define SD_FIXES_MAX 8
#define SD_TEXT_MAX 768

/* The security modes of DESIGN.md; PHPMailer's '', 'tls', 'ssl' map onto AUTO, STARTTLS, SMTPS. */
typedef enum {
	SD_SEC_AUTO = 0,   /* STARTTLS when offered (SMTPSecure '' with SMTPAutoTLS) */
	SD_SEC_NONE,       /* never TLS (SMTPSecure '' with SMTPAutoTLS false) */
	SD_SEC_STARTTLS,   /* SMTPSecure 'tls' */
	SD_SEC_SMTPS       /* SMTPSecure 'ssl': implicit TLS */
} sd_security;

/* "auto", "none", "starttls", "smtps". Static. */
const char *sd_security_name(sd_security s);

struct sd_provider;
struct sd_cloud;

/* Another port or mode that a verdict's fix proposes (sd_verdict_alternative()), and what the probe
 * found when it tried it from here. */
typedef struct {
	int port;                    /* 0: the fix proposes none */
	sd_security security;        /* the mode the fix recommends; SD_SEC_AUTO when the server offers no
	                              * STARTTLS there and only PHPMailer's automatic mode connects */
	int tried;                   /* 0: not tried (no time was left, or no memory) */
	int ok;                      /* it works from here */
	int cleartext;               /* it works only without encryption */
	sd_code verdict;             /* the attempt's verdict (SD_V_OK when it works) */
	char summary[SD_TEXT_MAX];   /* the attempt's summary, or why it was not tried */
	double ms;                   /* the attempt's time */
} sd_verdict_alt;

/* Everything the texts may mention. Strings are borrowed; any may be NULL or "". Server text must be
 * escaped by the caller before it is put here. */
typedef struct {
	const char *host;            /* the host as the user gave it (escaped) */
	const char *host_clean;      /* host_malformed: the cleaned value */
	const char *host_problem;    /* host_malformed: what is wrong */
	int port;
	sd_security security;
	const char *detail;          /* the cause in the system's words: errno text, OpenSSL reason, reply */
	const char *address;         /* the address involved (connect failures) */
	const char *reached;         /* smtp_intercepted: the server actually reached */
	int selinux_enforcing;
	int suggest_port;            /* tls_mode_mismatch: the port/mode that works, 0 when unknown */
	sd_security suggest_security;
	int ipv4_works;              /* an IPv4 address connected while IPv6 failed */
	int has_ipv4;                /* the host resolved to an IPv4 address too */
	double timeout_s;
	const char *cafile;          /* the CA file in use, for the reproduce command */
	int verify_code;             /* OpenSSL verify result for certificate verdicts */
	int tls_used;                /* the connection was (or was to be) encrypted */
	const struct sd_provider *provider; /* the target's mail provider (sd_providers.h), or NULL */
	const struct sd_cloud *hosting;     /* the cloud or host this machine runs on (sd_clouds.h), or NULL */
	/* auth verdicts */
	const char *auth_mech;       /* the mechanism tried, "" when none */
	int auth_provider;           /* sd_auth_provider of the server (src/engine/sd_auth.h) */
	int auth_state;              /* SD_VERDICT_AUTH_* */
	const char *auth_offered;    /* the server's AUTH list, space-separated, "" when none */
	const char *auth_type;       /* the requested AuthType, "" when none */
	int starttls_offered;        /* the plain EHLO listed STARTTLS */
	int auth_encrypted;          /* AUTH ran (or would run) over TLS */
	int starttls_skipped;        /* security auto, STARTTLS offered, and PHPMailer would not start it
	                              * (Host 'localhost', PHPMailer 6.9+) */
	int starttls_refused;        /* STARTTLS was sent and answered with something other than 220 */
	int loopback;                /* the target is this machine (localhost, 127.0.0.0/8, ::1) */
	long port_given;             /* the port configured, when it is not port: PHPMailer's Port out of
	                              * 1..65535, of which PHP keeps the low 16 bits; 0 otherwise */
	double late_greeting_s;      /* the server greeted only after this long (0: not seen) */
	const char *near_miss;       /* a provider host one or two edits away from host, or NULL */
	const sd_verdict_alt *alt;   /* the other port or mode the fix proposes, as tried; NULL: none */
} sd_verdict_ctx;

#define SD_VERDICT_AUTH_NONE 0        /* no credentials: AUTH not part of the check */
#define SD_VERDICT_AUTH_ACCEPTED 1    /* the server accepted the credentials (235) */
#define SD_VERDICT_AUTH_CLEARTEXT 2   /* not tried: they would have travelled unencrypted */
#define SD_VERDICT_AUTH_TOKEN_ERROR 3 /* the OAuth token provider failed: nothing was sent */

typedef struct {
	char summary[SD_TEXT_MAX];
	size_t nfixes;
	char fixes[SD_FIXES_MAX][SD_TEXT_MAX];
	char reproduce[SD_TEXT_MAX];
} sd_explanation;

/* Fills out (fully overwritten) with the summary, fixes and reproduce command for verdict code in
 * context ctx; the text function comes from the registry (sd_codes.h). What the provider and host
 * tables know about the verdict (ctx->provider, ctx->hosting) follows the verdict's own text, as the
 * registry's advice bits say. Borrows both. */
void sd_verdict_explain(sd_code code, const sd_verdict_ctx *ctx, sd_explanation *out);

/* The port and mode that verdict code's fix proposes instead of the configured ones, for the probe to
 * try: the other TLS mode after a mode mismatch (SD_SEC_AUTO for a plain SMTP server: the attempt shows
 * whether it offers STARTTLS), implicit TLS when STARTTLS is unavailable, STARTTLS when AUTH needs TLS,
 * the provider's or the usual submission port when the port is blocked or refused (never one the
 * machine's host is known to block), the provider's documented port or mode for the other connection
 * verdicts. Reads ctx's port, security, provider, hosting, suggest_port, suggest_security,
 * starttls_offered, starttls_refused and loopback. Returns 1 and fills *port and *security, or 0. */
int sd_verdict_alternative(sd_code code, const sd_verdict_ctx *ctx, int *port, sd_security *security);

/* A provider host that host is a near miss of: one whose name is one or two edits away (Damerau-
 * Levenshtein: insert, delete, replace, or swap two neighbours), ignoring case and a trailing dot; a
 * "*" label of the table stands for the host's label there. Writes that host into out (cut at cap) and
 * returns 1, or returns 0 when host matches a provider or none is that close. Borrows host. */
int sd_verdict_near_miss(const char *host, char *out, size_t cap);

/* The Damerau-Levenshtein distance of a[0..alen) and b[0..blen), ignoring ASCII case, counted up to
 * limit: a result above limit means "more than limit". Lengths above 255 give limit + 1. */
int sd_verdict_edit_distance(const char *a, size_t alen, const char *b, size_t blen, int limit);

/* The PHPMailer lines that select security s on port, e.g. "$mail->Port = 465; $mail->SMTPSecure =
 * PHPMailer::ENCRYPTION_SMTPS;". Writes into buf (NUL-terminated, cut at len). */
void sd_verdict_phpmailer_lines(int port, sd_security s, char *buf, size_t len);

#endif
