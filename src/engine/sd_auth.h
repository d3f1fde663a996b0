/* smtpdiag: SMTP AUTH as PHPMailer does it (SMTP::authenticate()): which mechanism it picks from the
 * server's EHLO reply, the messages it sends for PLAIN, LOGIN, CRAM-MD5 and XOAUTH2, and what a refusal
 * means. Pure C: no PHP, no heap, no I/O (CRAM-MD5's HMAC-MD5 comes from OpenSSL's libcrypto).
 * Every buffer that holds a credential is the caller's; wipe it with sd_auth_wipe() when done. */
#ifndef SD_AUTH_H
#define SD_AUTH_H

#include <stddef.h>

#include "src/engine/sd_providers.h"

#define SD_AUTH_MAX_MECHS 16
#define SD_AUTH_MECH_LEN 33        /* longest mechanism name kept, NUL included */
#define SD_AUTH_SECRET_MAX 4096    /* longest user name or password (token) taken */
#define SD_AUTH_CLEAR_MAX (2 * SD_AUTH_SECRET_MAX + 64) /* longest clear response before base64 */

/* The mechanisms PHPMailer implements, in the order it tries them when AuthType is empty. */
typedef enum {
	SD_AUTH_MECH_NONE = 0,
	SD_AUTH_MECH_CRAM_MD5,
	SD_AUTH_MECH_LOGIN,
	SD_AUTH_MECH_PLAIN,
	SD_AUTH_MECH_XOAUTH2
} sd_auth_mech;

/* "CRAM-MD5", "LOGIN", "PLAIN", "XOAUTH2"; "" for NONE. Static. */
const char *sd_auth_mech_name(sd_auth_mech m);

/* What PHPMailer's server_caps hold for AUTH (SMTP::parseHelloFields()). */
typedef struct {
	int any;                        /* server_caps is not empty (some line had text) */
	int ehlo;                       /* server_caps['EHLO'] exists: the reply was to EHLO and its first
	                                 * line names the server */
	int has_auth;                   /* an extension line whose first word is exactly "AUTH" */
	size_t n;
	char mechs[SD_AUTH_MAX_MECHS][SD_AUTH_MECH_LEN]; /* the last AUTH line's words, as sent (case kept) */
	int truncated;                  /* words were dropped (too many or too long) */
} sd_auth_caps;

/* Reads the capabilities as PHPMailer does: first_text is the first line's text after "250 " or
 * "250-" (may be NULL or ""), ext the following lines' texts (n_ext of them), is_ehlo whether the reply
 * answered EHLO (0: HELO). Each line is trimmed, split on single spaces; a later AUTH line replaces an
 * earlier one; "AUTH=LOGIN" is not "AUTH". Borrows everything; fills *out. */
void sd_auth_caps_parse(const char *first_text, const char *const *ext, size_t n_ext, int is_ehlo,
	sd_auth_caps *out);

typedef enum {
	SD_AUTH_CHOSEN = 0,             /* *mech is set */
	SD_AUTH_NO_CAPS,                /* "Authentication is not allowed before HELO/EHLO" */
	SD_AUTH_NOT_ADVERTISED,         /* EHLO without AUTH: "Authentication is not allowed at this stage" */
	SD_AUTH_NO_COMMON,              /* "No supported authentication methods found" */
	SD_AUTH_NOT_IMPLEMENTED         /* AuthType kept but PHPMailer has no code for it:
	                                 * "Authentication method \"%s\" is not supported" */
} sd_auth_choice;

/* PHPMailer's choice: a requested type (AuthType; NULL or "" for none) that the EHLO list lacks
 * (compared exactly) is dropped, then CRAM-MD5, LOGIN, PLAIN, XOAUTH2 are tried in that order; after
 * HELO (no EHLO caps) an empty type means LOGIN. Borrows both; sets *mech (NONE unless CHOSEN). */
sd_auth_choice sd_auth_choose(const sd_auth_caps *caps, const char *requested, sd_auth_mech *mech);

/* PHPMailer's own error text for a choice that failed (static). */
const char *sd_auth_choice_text(sd_auth_choice c);

/* Standard base64 of in[0..len) into out (capacity cap). Returns the length (NUL excluded), or 0 when
 * out is too small (out is then ""). */
size_t sd_auth_b64(const unsigned char *in, size_t len, char *out, size_t cap);

/* Bytes needed for the base64 of len bytes, NUL included. */
size_t sd_auth_b64_size(size_t len);

/* Decodes base64 as PHP's base64_decode() (not strict) does: bytes outside the alphabet are skipped,
 * and so is '=' wherever it stands (it does not end the data: "QUJD=REVG" is "ABCDEF"); a last group
 * of one character gives nothing. Returns the length written into out (at most cap). */
size_t sd_auth_unb64(const char *in, size_t len, unsigned char *out, size_t cap);

/* The PLAIN response PHPMailer sends after "AUTH PLAIN" and a 334: base64("\0user\0pass"), into out.
 * Returns its length, 0 when out is too small. */
size_t sd_auth_plain(const char *user, size_t user_len, const char *pass, size_t pass_len, char *out,
	size_t cap);

/* The CRAM-MD5 response to the 334 challenge text (the reply text after "334 ", base64):
 * base64(user + " " + hex(HMAC-MD5(key = pass, data = decoded challenge))). Returns its length, 0 when
 * out is too small or HMAC-MD5 is unavailable. */
size_t sd_auth_cram_md5(const char *challenge, size_t challenge_len, const char *user, size_t user_len,
	const char *pass, size_t pass_len, char *out, size_t cap);

/* The XOAUTH2 initial response: base64("user=" user "\x01auth=Bearer " token "\x01\x01"), as
 * PHPMailer's OAuth::getOauth64() builds it. Returns its length, 0 when out is too small. */
size_t sd_auth_xoauth2(const char *user, size_t user_len, const char *token, size_t token_len, char *out,
	size_t cap);

/* Bytes any of the responses above may need for these lengths, NUL included. */
size_t sd_auth_response_size(size_t user_len, size_t pass_len);

/* Overwrites len bytes at p with zeros in a way the compiler keeps. */
void sd_auth_wipe(void *p, size_t len);

/* What a refusal of AUTH means. */
typedef enum {
	SD_AUTH_REFUSED = 0,            /* auth_failed: the credentials were refused (535 5.7.8 and kin) */
	SD_AUTH_APP_PASSWORD,           /* auth_app_password_required */
	SD_AUTH_NEEDS_TLS,              /* auth_requires_tls */
	SD_AUTH_MECH_REFUSED            /* auth_mechanism_unsupported: the mechanism itself was refused */
} sd_auth_refusal;

/* The provider behind a server is the provider table's family (sd_providers.h: declared there once,
 * with the domains that identify it). The SD_AUTH_PROVIDER_* names are the same values under the names
 * sd_probe.c and sd_verdict.c use. */
typedef sd_provider_family sd_auth_provider;
#define SD_AUTH_PROVIDER_OTHER SD_PROVIDER_OTHER
#define SD_AUTH_PROVIDER_GMAIL SD_PROVIDER_GMAIL
#define SD_AUTH_PROVIDER_MICROSOFT SD_PROVIDER_MICROSOFT
#define SD_AUTH_PROVIDER_YAHOO SD_PROVIDER_YAHOO
#define SD_AUTH_PROVIDER_ICLOUD SD_PROVIDER_ICLOUD

/* The provider behind a host name, else behind the name a server gives itself (greeting or EHLO):
 * sd_provider_family_of() of host, then of server_name. Either may be NULL. */
sd_auth_provider sd_auth_provider_of(const char *host, const char *server_name);

/* sd_provider_family_name(): "Gmail", "Microsoft 365", "Yahoo Mail", "iCloud Mail", "" (static). */
const char *sd_auth_provider_name(sd_auth_provider p);

/* Classifies the server's final refusal: code, enhanced code (may be "" or NULL), the reply text
 * (enhanced codes removed, as sd_reply_join() gives it), whether the connection was encrypted, and the
 * provider (which the reply text may also reveal: *provider is updated then). */
sd_auth_refusal sd_auth_classify(int code, const char *enh, const char *text, int encrypted,
	sd_auth_provider *provider);

/* What a refusal's own words add that its codes do not say, as a clause for the verdict's summary
 * ("after too many wrong passwords, Yahoo locks further attempts for a while; ..."), or NULL when
 * smtpdiag knows nothing more of it. reply is the refusal as the verdict's detail holds it (code,
 * enhanced code, text); NULL reads as "". Static. */
const char *sd_auth_refusal_note(const char *reply);

#endif
