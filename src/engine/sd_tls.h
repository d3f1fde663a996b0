/* smtpdiag: the TLS engine. Every OpenSSL call of smtpdiag lives in src/engine/sd_tls.c and in the CA
 * store cache src/engine/sd_castore.c. Plain C: no PHP, no zvals; results go into caller-provided
 * structs with fixed caps. The one heap object is the opaque session handle (sd_tls), which
 * sd_tls_free() releases. A session's SSL_CTX is the process's shared one for its CA configuration
 * (sd_castore.h): built and its CA store parsed once, then reused while the files are unchanged.
 *
 * What it mirrors (PHP's ssl:// and stream_socket_enable_crypto() client, which PHPMailer uses):
 *   - CA store: cafile/capath when given (a file that cannot be read is an error), else OpenSSL's
 *     default verify paths (which honour SSL_CERT_FILE / SSL_CERT_DIR);
 *   - verify_peer: the chain must verify; allow_self_signed excuses only a self-signed leaf (code 18);
 *   - verify_peer_name: peer_name against the leaf's subjectAltName dNSName entries (a '*' only inside
 *     the leftmost label, matching no dot), its IP entries, then the subject CN; case-insensitive.
 * Unlike PHP, the handshake never aborts on a chain error: every error is recorded, the whole chain
 * is captured, and PHP's rules are applied afterwards, so a report can say everything that is wrong.
 *
 * The engine never calls OpenSSL's global init or cleanup functions, keeps no mutable static data
 * outside the CA store cache (sd_castore.h, under its mutex), and leaves OpenSSL's per-thread error
 * queue empty when it returns (PHP's openssl_error_string() must not see smtpdiag's errors). */
#ifndef SD_TLS_H
#define SD_TLS_H

#include <stddef.h>
#include <stdint.h>

/* A connected socket: int on POSIX, SOCKET on Windows (same values as sd_net's sd_socket_t). */
#ifdef _WIN32
typedef uintptr_t sd_tls_fd;
#else
typedef int sd_tls_fd;
#endif

/* Protocol versions, as on the wire (equal to OpenSSL's TLS1_VERSION ... TLS1_3_VERSION). */
#define SD_TLS_V1_0 0x0301
#define SD_TLS_V1_1 0x0302
#define SD_TLS_V1_2 0x0303
#define SD_TLS_V1_3 0x0304

#define SD_TLS_MAX_CHAIN 8          /* certificates kept from the peer's chain; more are counted */
#define SD_TLS_MAX_SAN 16           /* subjectAltName entries kept per certificate; more are counted */
#define SD_TLS_SAN_TEXT 128         /* one SAN value, NUL included */
#define SD_TLS_DN_TEXT 512          /* a subject or issuer name, NUL included */
#define SD_TLS_NAME_TEXT 256        /* a host name, CN, version, cipher, algorithm, NUL included */
#define SD_TLS_ERR_TEXT 256         /* an error text, NUL included */
#define SD_TLS_MAX_VERIFY_ERRORS 8  /* chain errors kept, in the order OpenSSL found them */
#define SD_TLS_FIRST_BYTES 64       /* bytes kept of what the peer sent first */

typedef struct {
	int verify_peer;           /* PHP default for clients: 1 */
	int verify_peer_name;      /* 1 */
	int allow_self_signed;     /* 0 */
	const char *cafile;        /* NULL: none. The caller resolves openssl.cafile/openssl.capath. */
	const char *capath;        /* NULL: none */
	int ca_uninspected;        /* cafile/capath lie outside open_basedir: a failed load says only that it
	                              failed, never why (no errno: existence is not disclosed) */
	const char *peer_name;     /* the name to verify (the target host unless the user set
	                              peer_name); "[::1]" brackets are accepted; NULL: no name known */
	const char *sni;           /* the SNI host name; NULL or an IP literal: no SNI is sent */
	int min_proto;             /* SD_TLS_V1_x, or 0: OpenSSL's default (system config applies) */
	int max_proto;             /* SD_TLS_V1_x, or 0: OpenSSL's default */
	const char *ciphers;       /* an OpenSSL cipher list (TLS 1.2 and below); NULL: OpenSSL's default */
	int verify_depth;          /* PHP's verify_depth: the longest chain accepted; -1: OpenSSL's default */
	const char *fingerprint;   /* PHP's peer_fingerprint as "algo:hex[,algo:hex...]" (each digest of the
	                              leaf must match, case-insensitive); NULL: none */
} sd_tls_opts;

typedef enum {
	SD_TLS_OK = 0,             /* handshake done, and PHP's checks pass with these options */
	SD_TLS_UNTRUSTED,          /* chain error: self-signed, unknown CA, missing intermediate... */
	SD_TLS_EXPIRED,            /* chain error: expired or not yet valid */
	SD_TLS_NAME_MISMATCH,      /* chain fine (or not checked), but the leaf does not name peer_name */
	SD_TLS_HANDSHAKE_FAILED,   /* no common protocol or cipher, an alert, a bad cipher list... */
	SD_TLS_NOT_TLS,            /* the peer sent something that is not TLS (an SMTP 220, HTTP...) */
	SD_TLS_CLOSED,             /* the peer closed or reset the connection during the handshake */
	SD_TLS_TIMEOUT,            /* the deadline passed before the handshake finished */
	SD_TLS_CA_LOAD_FAILED,     /* cafile/capath could not be loaded (or no default CA paths) */
	SD_TLS_INTERNAL            /* out of memory or an OpenSSL failure unrelated to the peer */
} sd_tls_outcome;

/* What sd_tls_step() says. */
typedef enum {
	SD_TLS_WANT_READ = 1,      /* poll the fd for reading (POLLIN), then step again */
	SD_TLS_WANT_WRITE,         /* poll the fd for writing (POLLOUT), then step again */
	SD_TLS_DONE,               /* the handshake completed; see result->outcome for PHP's verdict */
	SD_TLS_FAILED              /* no TLS session; result->outcome says why */
} sd_tls_step_rc;

typedef struct {
	int is_ip;                         /* 0: dNSName, 1: iPAddress */
	char value[SD_TLS_SAN_TEXT];       /* "mail.example.com", "192.0.2.1", "2001:db8::1";
	                                      control characters shown as '?' */
} sd_tls_san;

typedef struct {
	char subject[SD_TLS_DN_TEXT];      /* RFC 2253, e.g. "CN=mail.example.com,O=Example" */
	char issuer[SD_TLS_DN_TEXT];
	char subject_cn[SD_TLS_NAME_TEXT]; /* the first commonName (the one PHP checks), "" */
	char serial[80];                   /* hex, upper case */
	int san_count;                     /* entries kept in san[] (DNS and IP only) */
	int san_total;                     /* DNS and IP entries in the certificate */
	sd_tls_san san[SD_TLS_MAX_SAN];
	int64_t not_before;                /* unix time (UTC) */
	int64_t not_after;
	char not_before_iso[24];           /* "2026-01-31T23:59:59Z" */
	char not_after_iso[24];
	char key_type[32];                 /* "RSA", "RSA-PSS", "EC", "Ed25519", "Ed448", "DSA", ... */
	int key_bits;
	char key_curve[32];                /* EC: "prime256v1"...; "" otherwise */
	char sig_alg[64];                  /* OpenSSL's long name: "sha256WithRSAEncryption",
	                                      "ecdsa-with-SHA256" */
	char sha256[65];                   /* fingerprint, lower-case hex without colons */
	int self_signed;                   /* issuer == subject with matching key ids */
} sd_tls_cert;

typedef struct {
	int code;                          /* X509_V_ERR_* (10 expired, 18 self-signed leaf...) */
	int depth;                         /* 0 = the leaf */
} sd_tls_verify_error;

typedef struct {
	sd_tls_outcome outcome;
	int handshake_done;                /* 1: the handshake completed (outcome may still be a
	                                      certificate problem PHP would refuse) */
	double handshake_ms;               /* from sd_tls_start() to DONE or FAILED */

	/* negotiated */
	char version[32];                  /* "TLSv1.3"; "" when no handshake */
	char cipher[SD_TLS_NAME_TEXT];     /* "TLS_AES_256_GCM_SHA384" */

	/* the peer's chain, as the server sent it (leaf first) */
	int chain_count;                   /* certificates kept in chain[] */
	int chain_total;                   /* certificates the server sent */
	sd_tls_cert chain[SD_TLS_MAX_CHAIN];
	int leaf_days_left;                /* whole days until the leaf's notAfter; negative: expired */

	/* chain verification (always done, whatever verify_peer says) */
	int verify_enforced;               /* opts.verify_peer */
	int verify_code;                   /* the chain error PHP reports ("Could not verify peer:
	                                      code:%d"), else the first error recorded, else 0 */
	int verify_depth;                  /* its depth, -1 when verify_code is 0 */
	char verify_text[SD_TLS_ERR_TEXT]; /* OpenSSL's text for verify_code ("ok" for 0) */
	int verify_error_count;            /* errors kept in verify_errors[] */
	sd_tls_verify_error verify_errors[SD_TLS_MAX_VERIFY_ERRORS];
	char ca_error[SD_TLS_ERR_TEXT];    /* why cafile/capath/default paths did not load; "" */

	/* name verification (compared whenever a name and a leaf exist) */
	int fingerprint_checked;           /* 1: opts.fingerprint was compared with the leaf */
	int fingerprint_mismatch;          /* 1: it did not match (PHP: "peer_fingerprint match failure") */

	int name_enforced;                 /* opts.verify_peer_name */
	int name_checked;                  /* 1: peer_name was compared with the leaf */
	int name_matched;                  /* 1: it matched */
	const char *name_matched_by;       /* "san", "cn" or NULL; static */
	char name[SD_TLS_NAME_TEXT];       /* the name compared (peer_name without brackets) */

	/* errors */
	char reason[SD_TLS_ERR_TEXT];      /* OpenSSL's reason ("wrong version number", "tlsv1 alert
	                                      protocol version") or smtpdiag's own words */
	char error_line[SD_TLS_ERR_TEXT];  /* OpenSSL's full error line ("error:0A00010B:SSL
	                                      routines::wrong version number"), "" when none */
	char php_message[SD_TLS_ERR_TEXT]; /* what PHP would warn ("Could not verify peer: code:18
	                                      self-signed certificate", "Peer certificate CN=`x' did not
	                                      match expected CN=`y'", "failed loading cafile stream:
	                                      `/x'"), "" when PHP would succeed or has no own words */
	int sys_errno;                     /* errno of a failed socket call, 0 when none */

	/* what the peer sent first (up to SD_TLS_FIRST_BYTES bytes, raw) */
	unsigned char first_bytes[SD_TLS_FIRST_BYTES];
	size_t first_bytes_len;
} sd_tls_result;

typedef struct sd_tls sd_tls;

/* What a peer's first bytes look like. */
typedef enum {
	SD_TLS_PEER_NONE = 0,      /* nothing arrived */
	SD_TLS_PEER_TLS,           /* a TLS record (handshake or alert) */
	SD_TLS_PEER_SMTP,          /* three digits then ' ', '-' or a line end: an SMTP reply */
	SD_TLS_PEER_HTTP,          /* "HTTP/" */
	SD_TLS_PEER_OTHER,         /* anything else */
	SD_TLS_PEER_CLOSED         /* the peer closed or reset before sending anything */
} sd_tls_peer_kind;

/* ------------------------------------------------------------------------------------------ */

/* Fills *o with PHP's client defaults: verify_peer 1, verify_peer_name 1, allow_self_signed 0, no
 * CA settings, no names, OpenSSL's protocol range and ciphers. */
void sd_tls_opts_init(sd_tls_opts *o);

/* Starts a TLS client session on fd, an already connected socket: a fresh connection (implicit TLS)
 * or one that has just received the 220 reply to STARTTLS (the caller must have consumed exactly that
 * reply). fd is put in non-blocking mode and stays owned by the caller, who closes it after
 * sd_tls_free(). Nothing is sent yet: sd_tls_step() or sd_tls_handshake() drive the handshake.
 * Borrows opts for the call (strings are copied) and r until sd_tls_free(); r is cleared here.
 * Returns NULL when the session cannot be set up (CA_LOAD_FAILED, HANDSHAKE_FAILED for a cipher list
 * OpenSSL rejects, INTERNAL); r says why. */
sd_tls *sd_tls_start(sd_tls_fd fd, const sd_tls_opts *opts, sd_tls_result *r);

/* STARTTLS: the same as sd_tls_start(), named for readability at the call site. */
sd_tls *sd_tls_wrap_starttls(sd_tls_fd fd, const sd_tls_opts *opts, sd_tls_result *r);

/* Advances the handshake as far as the socket allows without blocking. Several sessions can be
 * driven from one poll() loop. After DONE or FAILED the result is final and further calls return the
 * same value. Never blocks. */
sd_tls_step_rc sd_tls_step(sd_tls *t);

/* Drives the handshake with poll() until DONE, FAILED or the absolute deadline (on sd_clock, ms)
 * passes (then result->outcome is SD_TLS_TIMEOUT and the session is FAILED). Returns
 * result->outcome. */
sd_tls_outcome sd_tls_handshake(sd_tls *t, double deadline);

/* Marks the handshake as timed out, for callers that drive sd_tls_step() themselves and whose
 * deadline has passed. No effect once DONE or FAILED. */
void sd_tls_expire(sd_tls *t);

/* I/O after DONE. Return: bytes (> 0), SD_TLS_IO_CLOSED (the peer closed, with or without
 * close_notify), SD_TLS_IO_TIMEOUT (the deadline passed; nothing or part was done), SD_TLS_IO_ERROR
 * (see sd_tls_io_error()). sd_tls_read() returns as soon as some bytes are there (at most len);
 * sd_tls_write() writes all len bytes or fails. */
#define SD_TLS_IO_CLOSED 0
#define SD_TLS_IO_ERROR (-1)
#define SD_TLS_IO_TIMEOUT (-2)
long sd_tls_read(sd_tls *t, void *buf, size_t len, double deadline);
long sd_tls_write(sd_tls *t, const void *buf, size_t len, double deadline);

/* The text of the last I/O error ("" when none). Borrowed from t, valid until the next call on t. */
const char *sd_tls_io_error(const sd_tls *t);

/* Sends close_notify if the session is established, waiting for the socket at most until deadline,
 * and does not wait for the peer's close_notify. A peer that is already gone is normal. Returns 1
 * when close_notify was sent, 0 otherwise. */
int sd_tls_shutdown(sd_tls *t, double deadline);

/* Frees the session (not the fd). NULL is fine. */
void sd_tls_free(sd_tls *t);

/* Sends a ClientHello on fd (a fresh connected socket) and waits until deadline for the peer's first
 * bytes, without verifying anything, and classifies them: TLS, SMTP text, HTTP, other, closed or
 * none (silence). Copies up to cap of those bytes into first (may be NULL) and their count into
 * *first_len (may be NULL). Tells a silent implicit-TLS port (465 spoken to with STARTTLS) from a
 * dead one. The caller closes fd afterwards; the TLS session is abandoned. */
sd_tls_peer_kind sd_tls_sniff(sd_tls_fd fd, double deadline, unsigned char *first, size_t cap,
	size_t *first_len);

/* Classifies a peer's first bytes (pure). len 0 is SD_TLS_PEER_NONE. */
sd_tls_peer_kind sd_tls_classify_bytes(const unsigned char *buf, size_t len);

/* Static names: "none", "tls", "smtp", "http", "other", "closed". */
const char *sd_tls_peer_kind_name(sd_tls_peer_kind k);

/* Static names of the outcomes: "ok", "untrusted", "expired", "name_mismatch", "handshake_failed",
 * "not_tls", "closed", "timeout", "ca_load_failed", "internal". */
const char *sd_tls_outcome_name(sd_tls_outcome o);

/* PHP's host name rule for one certificate name (pure): equal ignoring case, or pattern has a '*'
 * (the first one counts) in its leftmost label (before any '.'), the text before and after it
 * matches name ignoring case, and the part of name the '*' stands for has no '.'. So "mx*.example.com"
 * matches "mx1.example.com", as in PHP. A trailing '.' on pattern is not removed here (the SAN check
 * removes it). */
int sd_tls_name_matches(const char *pattern, const char *name);

/* The runtime OpenSSL version text ("OpenSSL 3.0.11 19 Sep 2023") and the one compiled against.
 * Static. */
const char *sd_tls_library_version(void);
const char *sd_tls_header_version(void);

#endif
