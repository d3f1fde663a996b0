/* smtpdiag: the port scan behind smtpdiag_scan(). Which submission ports and modes work from here,
 * found at once: every port's TCP connect (each of the host's addresses in PHP's order, as
 * sd_net_connect() walks them for the probe) runs in one poll() loop under one deadline; each port that
 * answers is probed on a thread of its own (every signal blocked) in its natural mode while the others
 * are still pending, and tried again in the mode its first answer points to. Windows builds, and a
 * caller that asks for it, run the probes in turn on the calling thread instead.
 *
 * Plain C: no PHP, no zvals. Everything the probe threads read is the engine's own (malloc) or borrowed
 * from the caller for the whole call, and sd_scanner_run() returns only after every thread is joined. */
#ifndef SD_SCANNER_H
#define SD_SCANNER_H

#include "src/engine/sd_probe.h"

#define SD_SCAN_MAX_PORTS 16

/* How much a port that works is worth; the recommendation is the first port of the highest rank. */
typedef enum {
	SD_SCAN_RANK_NONE = 0,        /* does not work */
	SD_SCAN_RANK_WORKS,           /* works (plain SMTP, or TLS without a verified certificate) */
	SD_SCAN_RANK_VERIFIED,        /* works with verified TLS */
	SD_SCAN_RANK_SUBMISSION       /* works with verified TLS on 465 or 587 */
} sd_scan_rank;

typedef struct {
	sd_probe_opts probe;          /* what every port's probe shares: host, timeout_ms (the whole scan's),
	                               * helo, TLS options, environment; borrowed for the call. port,
	                               * security and tcp_failed are set per port. probe.resolved: the host's
	                               * addresses when the caller has them already; NULL: resolved once here */
	int ports[SD_SCAN_MAX_PORTS]; /* 1-65535, none twice */
	int nports;                   /* 1 to SD_SCAN_MAX_PORTS */
	double start_ms;              /* sd_clock time the scan began; the deadline is start_ms +
	                               * probe.timeout_ms; 0: now */
	int in_turn;                  /* 1: every probe on the calling thread, one after another (Windows) */
} sd_scan_opts;

typedef struct {
	int port;
	sd_security security;         /* the mode of result */
	const sd_probe_result *result; /* the retry when it worked or answered in its mode after a mode
	                               * mismatch (its certificate failed, say), else the first probe */
	sd_scan_rank rank;
	sd_probe_result *first;       /* the probe in the port's natural mode; owned by the result */
	sd_security first_security;
	sd_probe_result *retry;       /* the probe in the mode first pointed to; NULL when none ran */
	sd_security retry_security;
} sd_scan_port;

typedef struct {
	int nports;
	sd_scan_port ports[SD_SCAN_MAX_PORTS]; /* in the order of sd_scan_opts.ports */
	int best;                     /* index of the recommended port; -1 when none works */
	int unverified;               /* when none works: index of the port that works with certificate
	                               * verification off, its result a certificate verdict; else -1 */
	sd_probe_result *unverified_result; /* that port's probe with verification off (malloc); NULL
	                               * when none ran */
	double start_ms;              /* as sd_scan_opts.start_ms, resolved to a time */
	int out_of_memory;            /* the scan could not allocate its state: nothing ran */
	void *block;                  /* the probe results' memory */
} sd_scan_result;

/* Scans o->ports of o->probe.host. Borrows o (and everything it points to) until it returns; fills
 * *out, whose probe results the caller releases with sd_scanner_free() (also after a failure).
 * Returns 0, or -1 with out->out_of_memory set when it could not allocate its state (then nothing
 * was sent). Joins every thread it started before returning. */
int sd_scanner_run(const sd_scan_opts *o, sd_scan_result *out);

/* Frees what sd_scanner_run() allocated in res; res->ports[].result etc. are dangling afterwards. */
void sd_scanner_free(sd_scan_result *res);

/* The mode a port is first probed in: implicit TLS on 465 (and SES's 2465), STARTTLS elsewhere. */
sd_security sd_scanner_natural_mode(int port);

/* The mode a port's first answer points to, probed in mode: the other TLS mode after a mode
 * mismatch, PHPMailer's automatic mode (plain SMTP, STARTTLS when offered) when STARTTLS is missing.
 * Returns 1 and sets *other, or 0 when no other mode is worth trying. */
int sd_scanner_retry_mode(const sd_probe_result *r, sd_security mode, sd_security *other);

/* The rank of port's probe result r (see sd_scan_rank). */
sd_scan_rank sd_scanner_rank(const sd_probe_result *r, int port);

/* Which result of a port counts: 1 for the retry, when it worked, or when the first probe found a mode
 * mismatch and the retry reached TLS in the other mode (its failure is then the port's real one). */
int sd_scanner_retry_counts(const sd_probe_result *first, const sd_probe_result *retry);

/* For each port of res: the result that counts (sd_scanner_retry_counts()), its mode and rank; then
 * res->best. Reads first/retry and their modes; sd_scanner_run() calls it. */
void sd_scanner_choose(sd_scan_result *res);

/* Whether verdict is one that certificate verification off would get past: the certificate is not
 * trusted, has expired, or names another host. */
int sd_scanner_cert_verdict(sd_code verdict);

/* When no port works: the port to try again with verification off, the first whose result is a
 * certificate verdict, 465 and 587 before the others; -1 when none. */
int sd_scanner_unverified_candidate(const sd_scan_result *res);

#endif
