/* smtpdiag: the probe pipeline. Walks the path PHPMailer walks (target, environment, DNS, TCP,
 * greeting and EHLO, STARTTLS or implicit TLS, certificate, QUIT) under one monotonic deadline and
 * names the first problem that would stop PHPMailer. Plain C: no PHP, no zvals; results go into a
 * caller-allocated sd_probe_result with fixed caps. */
#ifndef SD_PROBE_H
#define SD_PROBE_H

#include "src/engine/sd_findings.h"
#include "src/engine/sd_envrules.h"
#include "src/engine/sd_verdict.h"
#include "src/engine/sd_net.h"
#include "src/engine/sd_tls.h"
#include "src/engine/sd_smtp.h"

#define SD_HOST_TEXT 512

typedef struct {
	const char *host;             /* exactly as configured; not trimmed */
	size_t host_len;              /* may contain NUL bytes: they are a malformed host, not an end */
	int port;                     /* 1-65535, or 0 for the mode's default */
	sd_security security;
	double timeout_ms;            /* the whole probe's deadline */
	const char *helo;             /* EHLO name; never NULL */
	int verify_peer;
	int verify_peer_name;
	int allow_self_signed;
	const char *cafile;           /* as PHP's ssl context would use them; NULL: none (php.ini applies) */
	const char *capath;
	const char *peer_name;        /* NULL: the host */
	const char *connect_to;       /* an IP literal to connect to instead of resolving; NULL */
	int ip_version;               /* 0, 4, 6 */
	const char *bindto;           /* PHPMailer's SMTPOptions['socket']['bindto']; NULL */
	int min_proto, max_proto;     /* SMTPOptions crypto_method as a range (SD_TLS_V1_x); 0: TLS 1.0 to 1.3 */
	int verify_depth;             /* SMTPOptions verify_depth; -1: none */
	const char *fingerprint;      /* SMTPOptions peer_fingerprint, as sd_tls_opts.fingerprint; NULL */
	const sd_resolve_result *resolved; /* the host's addresses, found already (the scan resolves once for
	                               * every port; a fix's alternative reuses the first run's): the DNS
	                               * stage's answer, not asked again; NULL: resolve */
	const sd_conn_result *tcp_failed; /* a connect to those addresses that PHP would not get through,
	                               * run already (the scan polls every port at once): its attempts are
	                               * the TCP stage's; NULL: connect */
	int openssl_extension;        /* PHP's openssl extension usable (PHPMailer's own test) */
	const sd_env_facts *env;      /* borrowed */
	const sd_env_result *env_result; /* borrowed: the environment findings */
	double sniff_after_ms;        /* silence after the connect before smtpdiag speaks first (a TLS
	                               * ClientHello on that connection) (1000); on 25, 587 and 2525 it
	                               * waits until 75% of the deadline at least */
	int no_localhost_autotls;     /* PHPMailer 6.9+: no opportunistic STARTTLS when Host is 'localhost' */
	const char *autotls_host;     /* the Host that rule compares (PHPMailer's whole Host property);
	                               * NULL: the probed host */
	/* credentials (see src/engine/sd_auth.h): tried after TLS when auth is set; never reported */
	int auth;                     /* try AUTH after the certificate check */
	const char *username;         /* borrowed; "" when none */
	size_t username_len;
	const char *password;         /* borrowed; the token for XOAUTH2 */
	size_t password_len;
	const char *auth_type;        /* PHPMailer's AuthType as given (compared exactly); NULL or "": none */
	const char *oauth64;          /* the hook: the provider's getOauth64() result, sent as is; NULL */
	int password_is_token;        /* smtpdiag_probe() with auth_type XOAUTH2: password is the OAuth token */
	const char *oauth_error;      /* the hook: the provider failed to give a token (its message); NULL */
	int allow_plaintext_auth;     /* send credentials over an unencrypted connection too */
	int hook_auth_off;            /* the hook: SMTPAuth is off: a server offering AUTH gets a finding */
	int no_alternative;           /* do not try the port or mode a failure's fix proposes (a caller that
	                               * tries them itself, like the scan); 0: try it within the deadline */
} sd_probe_opts;

typedef enum {
	SD_PCHECK_TARGET = 0,
	SD_PCHECK_ENVIRONMENT,
	SD_PCHECK_DNS,
	SD_PCHECK_TCP,
	SD_PCHECK_GREETING,
	SD_PCHECK_EHLO,
	SD_PCHECK_STARTTLS,
	SD_PCHECK_TLS,
	SD_PCHECK_CERTIFICATE,
	SD_PCHECK_AUTH,
	SD_PCHECK_QUIT,
	SD_PCHECK_COUNT
} sd_probe_check_id;

typedef struct {
	/* target */
	char host_display[SD_HOST_TEXT];   /* the host as given, escaped */
	char host_ascii[SD_HOST_TEXT];     /* what is resolved and sent as SNI (IDN converted) */
	char host_clean[SD_HOST_TEXT];     /* host_malformed: the cleaned value */
	const char *host_kind;             /* "name", "ipv4", "ipv6", "idn"; static */
	int port;
	sd_security security;
	const char *peer_name;             /* the name the certificate must hold; borrowed or host_ascii */
	const struct sd_provider *provider; /* the host's entry in the provider table (sd_providers.h), or NULL */

	/* stages */
	int resolved;                      /* 1: the DNS stage ran */
	sd_resolve_result dns;
	sd_resolvconf resolvconf;
	sd_conn_result conn;
	int connected;                     /* a TCP connection to use existed */
	char peer_address[SD_NET_ADDR_TEXT];

	sd_smtp_info smtp;                 /* greeting, EHLO before and after TLS */
	int starttls_sent;
	int starttls_code;
	int tls_attempted;
	sd_tls_result tls;
	int sniffed;                       /* the server did not greet: a TLS ClientHello was sent on the connection */
	int sniff_tls;                     /* and a TLS server answered it */
	const char *first_bytes;           /* "smtp", "tls", "http", "other", "none": static */

	sd_transcript transcript;

	/* auth */
	const char *auth_mech;             /* the mechanism used ("LOGIN"...), static; NULL: none */
	const char *auth_outcome;          /* "accepted", "refused", "not_tried", "not_offered"...: static; NULL */
	sd_smtp_reply auth_reply;          /* the server's last reply to AUTH */
	int auth_encrypted;                /* the AUTH exchange ran over TLS */

	/* the port or mode the verdict's fix proposes, as tried from here (port 0: none proposed) */
	sd_verdict_alt alternative;

	/* outcome */
	sd_check checks[SD_PCHECK_COUNT];
	double check_ms[SD_PCHECK_COUNT];
	sd_findings findings;
	sd_code verdict;                   /* the verdict (sd_codes.h) */
	int out_of_memory;                 /* the probe could not allocate its state: nothing ran; every
	                                    * check is named and skipped, the PHP layer raises an Error */
	sd_explanation explain;
	int ok;
	double elapsed_ms;
} sd_probe_result;

/* Runs the probe. Borrows opts for the call; fills *r entirely (the caller allocates it, it is large).
 * Opens and closes its own sockets; nothing to free. */
void sd_probe_run(const sd_probe_opts *opts, sd_probe_result *r);

/* Fills *r as a probe that stops before any network with verdict code and detail,
 * e.g. for a mailer that is not set to SMTP or a Host list without one usable entry. clean (may be
 * NULL) is the corrected host a host_malformed fix shows. Borrows everything for the call. */
void sd_probe_conclude(const sd_probe_opts *opts, sd_probe_result *r, sd_code code, const char *detail,
	const char *clean);

/* The name of check id in the report ("target", "dns", ...). Static. */
const char *sd_probe_check_name(sd_probe_check_id id);

/* The default port of a security mode: 465 for smtps, 587 for starttls, 25 otherwise. */
int sd_probe_default_port(sd_security s);

#endif
