/* smtpdiag: the per-process cache of parsed CA stores. This is a TLS file: with src/engine/sd_tls.c
 * (and the compat header src/engine/sd_ssl_compat.h) it is the only place smtpdiag calls OpenSSL.
 * Plain C, no PHP.
 *
 * Parsing a real CA bundle (Debian's ~145 certificates) costs tens of milliseconds with OpenSSL 3,
 * and creating a client SSL_CTX about one more; PHP's streams (so PHPMailer) pay both on every
 * connection. smtpdiag runs in long-lived processes (PHP-FPM workers, the scan's threads, a probe
 * after each failure), so it builds the client context of each CA configuration once and shares it:
 *
 *   - key: the CA configuration (cafile, capath, or OpenSSL's defaults: the file and directory they
 *     resolve to, SSL_CERT_FILE / SSL_CERT_DIR included) and the identity of every path in it as
 *     stat() sees it (device, inode, size, mtime and ctime, nanoseconds where the platform has them;
 *     each element of a ':'-separated capath). A bundle renamed over, rewritten in place, or whose
 *     mode changed has another identity, so the next use loads it anew; a directory's identity
 *     changes when an entry is added, removed or renamed (c_rehash, update-ca-certificates);
 *   - a path changed less than SD_CASTORE_SETTLE_MS before a load began may still change within the
 *     same timestamp tick without a new identity: such an entry is never reused, each use loads
 *     again (as before this cache) until the file is older than that when a load begins;
 *   - bound: at most SD_CASTORE_MAX contexts; the least recently used is dropped for a new one;
 *   - the shared context is read-only once built: everything a probe sets (protocol range, cipher
 *     list, verify mode and callback, depth, SNI) goes on its own SSL, never on the context. A
 *     failed load is not cached;
 *   - the first use of a configuration builds it under one process-wide mutex, so threads that ask
 *     at once load it once; users get their own reference (SSL_CTX_up_ref) and free it themselves.
 *
 * The environment check's certificate counts are memoised here too (sd_castore_count()), under the
 * same identity and settle rules: a probe does not read a bundle the check already counted.
 *
 * This is the engine's one piece of mutable process-wide state (with sd_net's resolver counts). It
 * never calls OpenSSL's global init or cleanup functions. sd_castore_shutdown() frees it (the
 * module's MSHUTDOWN). */
#ifndef SD_CASTORE_H
#define SD_CASTORE_H

#include "src/engine/sd_tls.h"

#define SD_CASTORE_MAX 8              /* CA configurations kept at once */
#define SD_CASTORE_MAX_COUNTS 8       /* counted locations kept at once */
#define SD_CASTORE_DIR_PARTS 4        /* elements of a ':'-separated capath kept in a key; a longer
                                         list is loaded on each use, not cached */
#define SD_CASTORE_SETTLE_MS 2000     /* a path changed this recently is not trusted to stay the same */

struct ssl_ctx_st; /* OpenSSL's SSL_CTX */

/* Why a CA store did not load, in the words sd_tls_result uses (ca_error, php_message), or why no
 * context could be made at all (reason; ca_error is then ""). */
typedef struct {
	char ca_error[SD_TLS_ERR_TEXT];
	char php_message[SD_TLS_ERR_TEXT];
	char reason[SD_TLS_ERR_TEXT];
} sd_castore_error;

/* The process's counters, for tests and benchmarks. */
typedef struct {
	unsigned long loads;          /* CA stores loaded (attempts, failed ones included) */
	unsigned long hits;           /* contexts handed out from the cache */
	unsigned long evictions;      /* contexts dropped for the bound */
	unsigned long count_reads;    /* locations counted by reading them */
	unsigned long count_hits;     /* counts answered from the cache */
	int entries;                  /* contexts cached now */
	int count_entries;            /* counts cached now */
} sd_castore_stats;

/* The client context for a CA configuration: PHP's client options (bug workarounds on, no
 * compression, partial writes), no session cache, and the CA store loaded as PHP's streams load it:
 * cafile and/or capath when either is set ("" is unset), else OpenSSL's default verify paths.
 * From the cache when the key (see above) is the same, else built now and cached.
 * Returns a new reference (the caller frees it with SSL_CTX_free()), or NULL: the CA store did not
 * load (err->ca_error and err->php_message say why, as PHP would) or no context could be made
 * (err->reason). Leaves OpenSSL's error queue empty. Thread-safe. */
struct ssl_ctx_st *sd_castore_ctx(const char *cafile, const char *capath, sd_castore_error *err);

/* The same client context without any CA (for a sniff, and for verify_peer off when the CA store
 * does not load): built once per process. A new reference, or NULL (err->reason). Thread-safe. */
struct ssl_ctx_st *sd_castore_bare_ctx(sd_castore_error *err);

/* Counts what a CA location holds with counter (path, then where to say whether it was readable),
 * once per identity of path (stat(), as above): later calls with the same path and identity return
 * the same count and readability without calling counter. is_dir tells a directory's count from a
 * file's under the same path. Counting runs outside the mutex. Thread-safe. */
typedef long (*sd_castore_counter)(const char *path, int *readable);
long sd_castore_count(const char *path, int is_dir, sd_castore_counter counter, int *readable);

/* Fills *s with the counters since the process started (or since the last shutdown). */
void sd_castore_stats_get(sd_castore_stats *s);

/* Frees every cached context and count and zeroes the counters. References still held stay valid
 * until their holders free them. The cache may be used again afterwards. For module shutdown (no
 * probe may run at the same time). */
void sd_castore_shutdown(void);

#endif
