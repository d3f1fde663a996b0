/* smtpdiag: PHPMailer's Host grammar, as PHPMailer::smtpConnect() applies it (6.6 to 7.1), and the
 * Host and SMTPSecure mistakes PHPMailer users make. Pure C: no PHP, no heap.
 *
 * What smtpConnect() does with its settings, step by step, and what this file mirrors:
 *   1. Host is split on ';'; empty entries are kept (they fail step 2).
 *   2. Each entry is trimmed like PHP's trim() (" \t\n\r\0\x0B" at both ends) and matched against
 *      /^(?:(ssl|tls):\/\/)?(.+?)(?::(\d+))?$/ : an optional lower-case "ssl://" or "tls://" prefix,
 *      a lazy host, an optional ":digits" port at the very end. '.' does not match "\n", so an entry
 *      with a line break left inside it after trim() does not match. No match: skipped, with the debug
 *      text "Invalid hostentry:  <trimmed entry>" (two spaces).
 *   3. The host (group 2) must pass PHPMailer::isValidHost(): not empty (PHP's empty(), so "0" fails
 *      too), at most 256 bytes, only [A-Za-z0-9.-] or a bracketed [hex and ':'] literal; a bracketed
 *      one must be a valid IPv6 address; one that is all digits once its dots are removed (PHP's
 *      is_numeric(), so "1e5" counts) must be a valid dotted-quad IPv4 address; anything else must
 *      make a valid URL after "http://" (6.6) or "https://" (7.x): labels of letters, digits and inner
 *      '-', at most 63 bytes each, 253 in all. Not valid: skipped, with "Invalid host:  <host>".
 *   4. Security per entry: prefix "ssl", or no prefix and SMTPSecure exactly 'ssl': implicit TLS, and
 *      "ssl://" goes before the host given to PHP. Prefix "tls": STARTTLS, no prefix given to PHP.
 *      Otherwise SMTPSecure exactly 'tls': STARTTLS; anything else: none (PHPMailer still upgrades
 *      with STARTTLS when the server offers it and SMTPAutoTLS is on).
 *   5. Port: the Port property, replaced by the entry's port when that is 1..65535 ("0", "65536" and
 *      "99999999999" keep Port; leading zeros count: "0025" is 25). SMTP::connect() then uses 25
 *      when the port is 0 (PHP's empty()), and hands "<prefix><host>:<port>" to stream_socket_client().
 *
 * PHP values reach this file as bytes: the caller passes Host as a string (PHPMailer 6.6.5 and later
 * read a null Host as "localhost"; 6.6.0 to 6.6.4 as ""), SMTPSecure as PHP's string conversion of
 * the property (true is "1", false and null are ""), and Port as an integer. */
#ifndef SD_MAILERHOST_H
#define SD_MAILERHOST_H

#include <stddef.h>

#define SD_MAILERHOST_MAX_ENTRIES 16  /* entries analysed; the rest are only counted */
#define SD_MAILERHOST_HOST_MAX 256    /* isValidHost()'s length limit, in bytes */
#define SD_MAILERHOST_REASON_LEN 192  /* one reason, NUL included */
#define SD_MAILERHOST_CONNECT_LEN 288 /* "ssl://" + 256-byte host + ':' + any long + NUL */
#define SD_MAILERHOST_DEFAULT_PORT 25 /* SMTP::DEFAULT_PORT, used by connect() for an empty port */

/* A run of bytes inside the caller's Host string (borrowed: valid while that string is). */
typedef struct {
	const char *ptr;
	size_t len;
} sd_mailerhost_span;

/* A security mode: how PHPMailer reads SMTPSecure, and how it connects to one entry. */
typedef enum {
	SD_MAILERHOST_MODE_NONE = 0, /* no TLS demanded: plain, then STARTTLS if offered and SMTPAutoTLS */
	SD_MAILERHOST_MODE_STARTTLS, /* 'tls' (PHPMailer::ENCRYPTION_STARTTLS): STARTTLS is required */
	SD_MAILERHOST_MODE_SMTPS     /* 'ssl' (PHPMailer::ENCRYPTION_SMTPS): implicit TLS, "ssl://" */
} sd_mailerhost_mode;

/* The scheme prefix of one entry (lower case only: "SSL://" is not a prefix). */
typedef enum {
	SD_MAILERHOST_PREFIX_NONE = 0,
	SD_MAILERHOST_PREFIX_SSL, /* "ssl://" */
	SD_MAILERHOST_PREFIX_TLS  /* "tls://" */
} sd_mailerhost_prefix;

/* Why PHPMailer skips an entry. */
typedef enum {
	SD_MAILERHOST_SKIP_NONE = 0,          /* usable: PHPMailer tries to connect */
	SD_MAILERHOST_SKIP_INVALID_HOSTENTRY, /* the Host pattern did not match (empty, or a line break) */
	SD_MAILERHOST_SKIP_INVALID_HOST       /* isValidHost() refused the host */
} sd_mailerhost_skip;

/* Which of isValidHost()'s rules refused a host. */
typedef enum {
	SD_MAILERHOST_HOST_OK = 0,
	SD_MAILERHOST_HOST_EMPTY,        /* empty, or "0" (PHP's empty()) */
	SD_MAILERHOST_HOST_TOO_LONG,     /* more than 256 bytes */
	SD_MAILERHOST_HOST_ILLEGAL_CHAR, /* a byte outside [A-Za-z0-9.-] in a host that does not start with '[' */
	SD_MAILERHOST_HOST_BAD_IPV6,     /* starts with '[' but is not "[IPv6 address]" with hex digits and ':' */
	SD_MAILERHOST_HOST_BAD_IPV4,     /* all digits without its dots, but not a dotted-quad IPv4 address */
	SD_MAILERHOST_HOST_BAD_NAME      /* FILTER_VALIDATE_URL refused it: a label rule or length */
} sd_mailerhost_check;

/* One ';'-separated entry of Host. Every span borrows the Host string given to sd_mailerhost_parse(). */
typedef struct {
	sd_mailerhost_span raw;       /* the entry as written, between ';'s */
	sd_mailerhost_span trimmed;   /* raw after PHP's trim() */
	int matched;                  /* 1 when the Host pattern matched trimmed */
	sd_mailerhost_skip skip;
	sd_mailerhost_check check;    /* SKIP_INVALID_HOST: the rule that failed; otherwise HOST_OK */
	long bad_offset;              /* ILLEGAL_CHAR, and BAD_IPV6 with a wrong byte: its offset in host; else -1 */
	unsigned long bad_codepoint;  /* that character: a byte, or the code point of a valid UTF-8 sequence */
	char reason[SD_MAILERHOST_REASON_LEN]; /* "" when usable; else a short English reason, printable ASCII */

	/* set when matched */
	sd_mailerhost_prefix prefix;
	sd_mailerhost_span host;      /* group 2 */
	sd_mailerhost_span port_text; /* group 3, empty when the entry names no port */

	/* set when skip is SKIP_NONE; zero and "" otherwise */
	long port;                    /* the port smtpConnect() passes on: Port, or the entry's port */
	int port_overridden;          /* 1 when the entry's port replaced Port */
	long connect_port;            /* the port SMTP::connect() uses: port, or 25 when port is 0 */
	sd_mailerhost_mode mode;      /* effective security for this entry */
	char connect[SD_MAILERHOST_CONNECT_LEN]; /* what stream_socket_client() gets: "ssl://h:p" or "h:p" */
} sd_mailerhost_entry;

/* All entries of one Host value, in PHPMailer's order. */
typedef struct {
	sd_mailerhost_mode secure;    /* SMTPSecure as PHPMailer reads it */
	long port;                    /* the Port property given */
	size_t count;                 /* entries filled, at most SD_MAILERHOST_MAX_ENTRIES */
	size_t dropped;               /* entries beyond the cap, neither filled nor analysed */
	size_t usable;                /* filled entries with skip SKIP_NONE */
	sd_mailerhost_entry entries[SD_MAILERHOST_MAX_ENTRIES];
} sd_mailerhost_result;

/* How PHPMailer reads SMTPSecure: exactly "tls" is STARTTLS, exactly "ssl" is SMTPS, anything else
 * (including "", "TLS", "starttls", "1") is none. Borrows secure for the call; NULL reads as "". */
sd_mailerhost_mode sd_mailerhost_secure_mode(const char *secure, size_t secure_len);

/* Split and check host[0..host_len) as smtpConnect() does, with SMTPSecure secure[0..secure_len) and
 * the Port property port, into *out (every field set). Borrows secure for the call only; borrows host
 * for as long as out is used: the spans in out point into it. host may hold any bytes, NULs included;
 * host NULL reads as "". Returns out->usable. */
size_t sd_mailerhost_parse(const char *host, size_t host_len, const char *secure, size_t secure_len,
                           long port, sd_mailerhost_result *out);

/* sd_mailerhost_parse() as PHPMailer splits Host on PHP php_version_id (PHP_VERSION_ID; 0 or anything
 * before 80600 as sd_mailerhost_parse()): from PHP 8.6 on, trim() strips form feeds too, so an entry's
 * leading and trailing "\f" no longer make it an invalid host. */
size_t sd_mailerhost_parse_php(const char *host, size_t host_len, const char *secure, size_t secure_len,
                               long port, long php_version_id, sd_mailerhost_result *out);

/* PHPMailer's English debug text for a skipped entry, byte for byte: "Invalid hostentry:  <trimmed>"
 * or "Invalid host:  <host>" (two spaces: the language string ends in one and smtpConnect() adds one);
 * "" for a usable entry. Raw bytes: escape them before they reach a person. Borrows e for the call
 * (and the Host string its spans point into); the caller owns out (capacity cap, NUL-terminated when
 * cap > 0). Returns the full length of the text; at most cap - 1 bytes are written. */
size_t sd_mailerhost_debug_text(const sd_mailerhost_entry *e, char *out, size_t cap);

/* Short static English names, never NULL: "none" "starttls" "smtps"; "" "ssl" "tls";
 * "none" "invalid hostentry" "invalid host"; "ok" "empty" "too long" "illegal character"
 * "bad IPv6 literal" "bad IPv4 address" "URL validation failed". */
const char *sd_mailerhost_mode_name(sd_mailerhost_mode m);
const char *sd_mailerhost_prefix_name(sd_mailerhost_prefix p);
const char *sd_mailerhost_skip_name(sd_mailerhost_skip s);
const char *sd_mailerhost_check_name(sd_mailerhost_check c);

/* Invisible characters: what trim() leaves in a Host entry that a person cannot see. */
typedef enum {
	SD_MAILERHOST_INVISIBLE_CONTROL = 0, /* C0 control or DEL inside an entry (trim() strips only the
	                                      * edges), or a UTF-8 encoded C1 control U+0080..U+009F */
	SD_MAILERHOST_INVISIBLE_SPACE,       /* a space that is not ' ': U+00A0 NBSP, U+2000..U+200A, U+3000... */
	SD_MAILERHOST_INVISIBLE_FORMAT       /* zero-width and format characters: U+200B..U+200D, U+2060,
	                                      * U+FEFF (BOM), U+00AD soft hyphen, bidi marks */
} sd_mailerhost_invisible_kind;

typedef struct {
	size_t offset;                     /* in the Host string */
	size_t len;                        /* bytes it takes: 1 for a C0 control, 2 or 3 for UTF-8 */
	unsigned long codepoint;
	sd_mailerhost_invisible_kind kind;
	const char *name;                  /* static, e.g. "NO-BREAK SPACE", "ZERO WIDTH SPACE" */
} sd_mailerhost_invisible;

/* Find the invisible characters in host[0..host_len) that survive trim() in their ';' entry, in order.
 * Stores the first cap of them in found (found may be NULL when cap is 0) and returns how many there
 * are in all. Borrows host and found for the call; found's names are static. */
size_t sd_mailerhost_find_invisible(const char *host, size_t host_len, sd_mailerhost_invisible *found,
                                    size_t cap);

/* Copy host[0..host_len) into out without the characters sd_mailerhost_find_invisible() reports.
 * Borrows host for the call; the caller owns out (capacity cap, NUL-terminated when cap > 0; cap of
 * host_len + 1 always suffices). Returns the full length of the cleaned text; at most cap - 1 bytes
 * are written. */
size_t sd_mailerhost_clean(const char *host, size_t host_len, char *out, size_t cap);

/* An SMTPSecure value that PHPMailer silently reads as none, and what was probably meant. */
typedef struct {
	sd_mailerhost_mode read_as;   /* how PHPMailer reads it (sd_mailerhost_secure_mode()) */
	int suspicious;               /* 1 when read as none but the value asks for encryption */
	sd_mailerhost_mode meant;     /* when suspicious: the probable intent, else read_as */
	const char *constant;         /* when suspicious: "PHPMailer::ENCRYPTION_STARTTLS" or
	                               * "PHPMailer::ENCRYPTION_SMTPS", else NULL; static */
	const char *literal;          /* when suspicious: "tls" or "ssl", else NULL; static */
} sd_mailerhost_secure_hint;

/* Look at an SMTPSecure value (see above for how PHP values become bytes). Suspicious values, compared
 * without case and without surrounding whitespace, are the names of a mode: "tls", "starttls",
 * "start_tls", "start-tls", "explicit" (meant STARTTLS), "ssl", "smtps", "implicit", "ssl/tls"
 * (meant SMTPS); and yes-like values "1", "true", "yes", "on", for which port decides: 465 meant SMTPS,
 * anything else STARTTLS. The exact "tls" and "ssl" are not suspicious. Borrows value for the call;
 * fills *out. Returns out->suspicious. */
int sd_mailerhost_secure_check(const char *value, size_t value_len, long port,
                               sd_mailerhost_secure_hint *out);

#endif
