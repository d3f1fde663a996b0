/* smtpdiag: what smtpdiag_phpmailer() decides about one PHPMailer configuration, from a plain C copy of
 * its settings (the PHP layer reads the object once into sd_mailer_config). Plain C: no PHP, no zvals.
 *
 * PHPMailer's smtpConnect() (6.6 to 7.1), mirrored here:
 *   - Host is split into entries in its order and each is checked (src/engine/sd_mailerhost.c); an
 *     entry PHPMailer refuses is skipped, and a host_entry_skipped finding says why;
 *   - each usable entry is connected with its own security (prefix or SMTPSecure; SMTPAutoTLS makes
 *     "no TLS demanded" the probe's auto mode) and port, and SMTPOptions as the stream context;
 *   - the first entry that connects is used; PHPMailer's "Extension missing: openssl" ends the whole
 *     list; when every entry fails, the first one probed is the one reported; when no entry is usable
 *     the report is host_malformed (with a cleaned Host only when PHPMailer would take it), and when
 *     Mailer is not 'smtp' it is mailer_not_smtp, both before any network.
 * What PHPMailer does not say about its own configuration becomes findings (SD_F_* codes); values of
 * SMTPOptions that PHP reads otherwise than written are findings too (smtpoptions_invalid), never
 * errors: only the caller's own $options are programming errors.
 *
 * Use: fill an sd_mailer_config and an sd_mailer_request, sd_mailer_plan_init(), then probe each entry
 * sd_mailer_next() names with the options sd_mailer_entry_opts() gives and tell the plan its outcome
 * with sd_mailer_record(); sd_mailer_finish() completes the findings, and sd_mailer_reported() names
 * the entry whose report is the answer, or -1: the report ends before the network
 * (sd_mailer_conclusion()). */
#ifndef SD_MAILER_H
#define SD_MAILER_H

#include <stddef.h>

#include "src/engine/sd_findings.h"
#include "src/engine/sd_mailerhost.h"
#include "src/engine/sd_probe.h"

#define SD_MAILER_NAME_MAX 256   /* an EHLO name, NUL included */
#define SD_MAILER_FP_MAX 64      /* a peer_fingerprint string turned into "algo:hex", NUL included */
#define SD_MAILER_DETAIL_MAX 256 /* sd_mailer_conclusion()'s detail, NUL included */

/* A string property as PHP holds it: len bytes, NUL bytes included, and a NUL after them (so ptr is
 * also the C string PHP's C code would see: cut at the first NUL). Borrowed from the caller. */
typedef struct {
	const char *ptr;              /* NULL: absent (e.g. no VERSION constant, no OAuth provider) */
	size_t len;
} sd_mailer_bytes;

/* The PHP type of one SMTPOptions value. */
typedef enum {
	SD_MAILER_VAL_UNSET = 0,      /* the key is not there */
	SD_MAILER_VAL_NULL,
	SD_MAILER_VAL_STRING,
	SD_MAILER_VAL_SCALAR,         /* int, float or bool: text holds PHP's string conversion */
	SD_MAILER_VAL_ARRAY,
	SD_MAILER_VAL_OBJECT
} sd_mailer_val_type;

/* One string-valued context option (cafile, capath, peer_name, bindto). */
typedef struct {
	sd_mailer_val_type type;
	sd_mailer_bytes text;         /* STRING and SCALAR: the string; else empty */
} sd_mailer_ctxopt;

/* peer_fingerprint: a string (as is), an array of algorithm => digest (joined "algo:hex,algo:hex" by
 * the reader), or anything else. */
typedef enum {
	SD_MAILER_FP_UNSET = 0,
	SD_MAILER_FP_STRING,
	SD_MAILER_FP_PAIRS,
	SD_MAILER_FP_INVALID          /* another type (null too), or an array PHP cannot use (empty, an integer
	                               * key, a digest not a string, a reference included, a ':' or ',' in a
	                               * key or digest): matches no certificate. PAIRS with no pair counts as
	                               * this too */
} sd_mailer_fp_type;

/* SMTPOptions['ssl'], read loosely as PHP's ssl context reads it. */
typedef struct {
	int verify_peer;              /* -1: not set; else the value's truthiness */
	int verify_peer_name;
	int allow_self_signed;
	sd_mailer_ctxopt cafile;
	sd_mailer_ctxopt capath;
	sd_mailer_ctxopt peer_name;
	int has_crypto_method;
	long crypto_method;           /* STREAM_CRYPTO_METHOD_* bits */
	int has_min_proto, has_max_proto;
	long min_proto, max_proto;    /* STREAM_CRYPTO_PROTO_* values (8, 16, 32, 64) */
	int has_verify_depth;
	long verify_depth;
	sd_mailer_fp_type fingerprint_type;
	sd_mailer_bytes fingerprint;  /* STRING: the value; PAIRS: the joined pairs */
} sd_mailer_ssl;

/* Everything smtpdiag_phpmailer() reads, once, from the mailer and from PHP. Borrowed by the plan. */
typedef struct {
	sd_mailer_bytes class_name;
	sd_mailer_bytes version;      /* the class's VERSION constant; ptr NULL when it has none */
	sd_mailer_bytes mailer;       /* Mailer */
	sd_mailer_bytes host;         /* Host (a null Host already read as "localhost") */
	long port;                    /* Port */
	sd_mailer_bytes secure;       /* SMTPSecure as a string (true is "1") */
	int auto_tls;                 /* SMTPAutoTLS */
	double timeout;               /* Timeout, in seconds */
	double timelimit;             /* SMTP::Timelimit, in seconds: how long PHPMailer waits for the greeting
	                               * and each reply (300 by default); 0: not known */
	sd_mailer_bytes helo;         /* Helo */
	sd_mailer_bytes hostname;     /* Hostname */
	int smtp_auth;                /* SMTPAuth */
	sd_mailer_bytes username;
	sd_mailer_bytes password;     /* used only to authenticate (check_auth); never reported */
	sd_mailer_bytes auth_type;    /* AuthType */
	sd_mailer_bytes oauth_class;  /* the class of getOAuth()'s provider; ptr NULL when none */
	/* facts of this PHP and this PHPMailer version */
	int localhost_rule;           /* 6.9 or later (or no VERSION): no opportunistic STARTTLS for Host
	                               * 'localhost' */
	int fsockopen_fallback;       /* stream_socket_client() is missing: PHPMailer uses fsockopen(),
	                               * which ignores SMTPOptions */
	long php_version_id;          /* PHP_VERSION_ID: what trim() strips from Host entries */
	const char *server_name;      /* $_SERVER['SERVER_NAME'] when a string, else NULL */
	const char *machine_name;     /* gethostname(), else NULL */
	/* SMTPOptions */
	int smtp_options;             /* SMTPOptions is a non-empty array */
	sd_mailer_ssl ssl;
	sd_mailer_ctxopt bindto;      /* SMTPOptions['socket']['bindto'] */
	/* the OAuth provider's outcome, when sd_mailer_wants_oauth() said to ask it */
	const char *oauth64;          /* getOauth64()'s string; NULL */
	const char *oauth_error;      /* why it gave none ("Class: message"); NULL */
	/* what the reader met */
	const char *read_error;       /* an exception user code threw while the mailer was read (a __get, a
	                               * __toString, an error handler throwing on a conversion warning), as
	                               * "Property threw Class: message"; cleared by the reader; NULL: none */
	const char *smtpoptions_note; /* an SMTPOptions value the reader took as PHP would without converting
	                               * it (an object where PHP wants an int), said in a sentence; NULL */
} sd_mailer_config;

/* The caller's $options keys that replace what the mailer says (sd_mailer_request.given). */
#define SD_MAILER_GIVEN_SECURITY          0x001u /* 'security' with a value */
#define SD_MAILER_GIVEN_SECURITY_NULL     0x002u /* 'security' => null: the probe's default for the port */
#define SD_MAILER_GIVEN_TIMEOUT           0x004u
#define SD_MAILER_GIVEN_HELO              0x008u
#define SD_MAILER_GIVEN_VERIFY_PEER       0x010u
#define SD_MAILER_GIVEN_VERIFY_PEER_NAME  0x020u
#define SD_MAILER_GIVEN_ALLOW_SELF_SIGNED 0x040u
#define SD_MAILER_GIVEN_CAFILE            0x080u
#define SD_MAILER_GIVEN_CAPATH            0x100u
#define SD_MAILER_GIVEN_PEER_NAME         0x200u
#define SD_MAILER_GIVEN_BINDTO            0x400u

/* The call: the caller's options and the settings' defaults. */
typedef struct {
	sd_probe_opts opts;           /* $options as smtpdiag_probe() reads them, defaults where a key is
	                               * absent or null; its strings are borrowed */
	unsigned given;               /* SD_MAILER_GIVEN_*: the keys $options holds (a null value counts) */
	int check_auth;               /* authenticate as smtpConnect() would */
	double default_timeout_ms;    /* smtpdiag.timeout, for a report that ends before the network */
} sd_mailer_request;

/* The plan: every decision about one configuration, and the run's state. Large: allocate it. */
typedef struct {
	const sd_mailer_config *cfg;  /* borrowed */
	const sd_mailer_request *req; /* borrowed */
	sd_mailerhost_result hosts;   /* Host's entries in PHPMailer's order; spans point into cfg->host */
	sd_security security[SD_MAILERHOST_MAX_ENTRIES]; /* each usable entry's security */
	sd_findings config;           /* the configuration findings, in report order */
	char helo[SD_MAILER_NAME_MAX];/* the name the probe sends in EHLO */
	int helo_dirty;               /* Helo has spaces or control characters */
	char fingerprint[SD_MAILER_FP_MAX];
	const char *fingerprint_spec; /* peer_fingerprint as sd_tls_opts.fingerprint; NULL: none */
	sd_code conclusion;           /* SD_V_OK: entries are probed; SD_V_MAILER_NOT_SMTP: none is */
	/* the run */
	size_t next;                  /* the first entry sd_mailer_next() looks at */
	int stopped;                  /* an entry ended the list */
	int reported;                 /* the entry whose report is the answer, -1: none yet */
	int probed[SD_MAILERHOST_MAX_ENTRIES];
	sd_code verdicts[SD_MAILERHOST_MAX_ENTRIES]; /* each probed entry's verdict */
	int timelimit_said;           /* the timelimit_long finding is in config */
	int finished;                 /* sd_mailer_finish() ran */
} sd_mailer_plan;

/* How an entry's mode is probed: implicit TLS, required STARTTLS, or (no TLS demanded) the probe's
 * auto mode when SMTPAutoTLS is on, none when it is off. */
sd_security sd_mailer_security(sd_mailerhost_mode mode, int auto_tls);

/* Would PHPMailer take name, alone, as Host (isValidHost(), no port, no list)? Borrows name. */
int sd_mailer_accepts_host(const char *name);

/* Whether smtpConnect() would ask the OAuth provider for a token: check_auth, SMTPAuth on, a provider
 * set, and an AuthType of '' or 'XOAUTH2'. */
int sd_mailer_wants_oauth(const sd_mailer_config *cfg, int check_auth);

/* Whether the run authenticates with the mailer's own Username and Password: check_auth, SMTPAuth on,
 * and no credentials in the request's options. Only then does the Password's value change a report. */
int sd_mailer_uses_password(const sd_mailer_config *cfg, const sd_mailer_request *req);

/* Decides everything that needs no network: the entries, the EHLO name, the configuration findings.
 * Borrows cfg and req for as long as p is used (cfg->oauth64 and oauth_error may be set afterwards). */
void sd_mailer_plan_init(sd_mailer_plan *p, const sd_mailer_config *cfg, const sd_mailer_request *req);

/* The entry to probe next, or -1 when PHPMailer would go no further. */
int sd_mailer_next(sd_mailer_plan *p);

/* The probe options for entry i: the mailer's settings, the caller's options laid over them. Strings
 * in out are borrowed from the plan, its config and its request; env, env_result and
 * openssl_extension are left for the caller. */
void sd_mailer_entry_opts(const sd_mailer_plan *p, size_t i, sd_probe_opts *out);

/* Records the outcome of entry i's probe. */
void sd_mailer_record(sd_mailer_plan *p, size_t i, int ok, sd_code verdict);

/* The entry whose report is smtpdiag_phpmailer()'s answer, or -1: sd_mailer_conclusion(). */
int sd_mailer_reported(const sd_mailer_plan *p);

/* After the last probe: adds the findings that depend on how the run ended (host_list_long: an info,
 * or a warning when PHPMailer would go on to entries past those examined). Once; later calls do nothing. */
void sd_mailer_finish(sd_mailer_plan *p);

/* For a report that ends before the network: fills opts (host, port, security, timeout; the rest zero,
 * strings borrowed from the plan's config), the detail (capacity cap) and the cleaned Host for the
 * verdict (capacity clean_cap; "" when there is none: PHPMailer would refuse it too, unless only for an
 * underscore, which the verdict explains instead of proposing), and returns the verdict. */
sd_code sd_mailer_conclusion(const sd_mailer_plan *p, sd_probe_opts *opts, char *detail, size_t cap,
	char *clean, size_t clean_cap);

/* ---- explaining a failure PHPMailer just had (smtpdiag.explain) ------------------------------- */

/* What PHPMailer's own attempt left in SMTP::getError(): error, and for a failed connect the errno
 * (smtp_code) and the message (smtp_code_ex) of stream_socket_client(). Strings borrowed; NULL: none. */
typedef struct {
	const char *error;
	const char *smtp_code;
	const char *smtp_code_ex;
	int silent;                   /* SMTP::connect() reached the server, which sent no greeting at all
	                               * before SMTP::Timelimit ran out */
} sd_mailer_evidence;

/* The entry whose failure PHPMailer's own attempt already proves, so that it is not probed again: a
 * connect that timed out (errno 110, "timed out") on a Host with one usable entry is a dropped port,
 * and a second wait would only repeat it. Returns the entry, or -1 (probe as usual); fills detail
 * (capacity cap) with what PHPMailer recorded. */
int sd_mailer_recorded_timeout(const sd_mailer_plan *p, const sd_mailer_evidence *ev, char *detail, size_t cap);

/* The deadline of each probe when a whole explanation must fit in total_ms: split among the entries
 * PHPMailer tries; when PHPMailer already waited for a greeting that never came (ev may be NULL), only
 * long enough for the probe's TLS sniff and the retry that verifies a fix (half of total_ms, at least
 * 2.5 s), so that silence is not waited for twice. */
double sd_mailer_explain_budget_ms(const sd_mailer_plan *p, const sd_mailer_evidence *ev, double total_ms);

/* How long an explanation's probe waits for a greeting before its TLS sniff (dflt otherwise): when
 * PHPMailer already waited SMTP::Timelimit for one that never came (ev may be NULL), a moment, not the
 * usual second of silence. On 25, 587 and 2525 the probe still waits for most of its deadline before
 * it speaks first. */
double sd_mailer_explain_sniff_ms(const sd_mailer_evidence *ev, double dflt);

/* Whether PHPMailer waited SMTP::Timelimit (not Timeout) for a greeting that never came on entry i
 * with this verdict: a non-implicit-TLS mode and a verdict of silence, with Timelimit above Timeout. */
int sd_mailer_timelimit_applies(const sd_mailer_plan *p, int i, sd_code verdict);

/* The line written to PHP's error log:
 *   smtpdiag: <host>:<port>: <verdict>: <summary> Fix: <fix>[ <Timelimit note>]
 * fix may be NULL or "" (no "Fix:"); entry -1 when no entry was probed. Strings are printed as given:
 * the caller escapes them. */
void sd_mailer_explain_line(char *out, size_t cap, const sd_mailer_plan *p, int entry, const char *host, long port,
	sd_code verdict, const char *summary, const char *fix);

/* What is appended to ErrorInfo and the exception message: " smtpdiag: <verdict>: <summary>". */
void sd_mailer_explain_suffix(char *out, size_t cap, sd_code verdict, const char *summary);

#endif
