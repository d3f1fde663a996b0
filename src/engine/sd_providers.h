/* smtpdiag: what the big mail providers document for submission (hosts, ports and TLS modes, auth
 * rules), as a table of data, and the matcher that finds a target host's entry. Pure C: no PHP, no
 * heap. Each entry names its source; README.md says how to add an entry. */
#ifndef SD_PROVIDERS_H
#define SD_PROVIDERS_H

#include <stddef.h>

#include "src/engine/sd_verdict.h"

#define SD_PROVIDER_HOSTS_MAX 10
#define SD_PROVIDER_DOMAINS_MAX 4
#define SD_PROVIDER_PORTS_MAX 6

/* Who runs a server, as far as its AUTH refusals go: the providers whose refusals (sd_auth_classify())
 * and fixes (the auth verdicts) smtpdiag knows, one value each, declared here only. Table entries of one
 * provider share it (Gmail and the Workspace relay are GMAIL; Microsoft 365 and Outlook.com are
 * MICROSOFT); every other entry is OTHER. The values are stable: sd_verdict_ctx.auth_provider holds one
 * as an int. */
typedef enum {
	SD_PROVIDER_OTHER = 0,
	SD_PROVIDER_GMAIL,
	SD_PROVIDER_MICROSOFT,
	SD_PROVIDER_YAHOO,
	SD_PROVIDER_ICLOUD
} sd_provider_family;

/* One documented port and its TLS mode: SD_SEC_STARTTLS or SD_SEC_SMTPS. */
typedef struct {
	int port;                         /* 0 ends the list */
	sd_security mode;
} sd_provider_port;

typedef struct sd_provider {
	const char *id;                   /* stable, e.g. "postmark" */
	const char *name;                 /* for people, e.g. "Postmark" */
	sd_provider_family family;        /* whose refusals these are; SD_PROVIDER_OTHER for most */
	/* Host name suffixes, matched case-insensitively on whole labels ("smtp.gmail.com" matches
	 * "smtp.gmail.com" and "eu.smtp.gmail.com", never "notsmtp.gmail.com"); a "*" label stands for
	 * exactly one label of the host (a region). NULL ends the list. */
	const char *hosts[SD_PROVIDER_HOSTS_MAX];
	/* Domains of the provider's own servers, matched the same way: a host, or the name a server gives
	 * itself in its greeting or EHLO reply ("mx.google.com", "AM0PR01CA0001.outlook.office365.com"),
	 * under one of them belongs to the entry's family. Only entries with a family have some; NULL ends
	 * the list. */
	const char *domains[SD_PROVIDER_DOMAINS_MAX];
	sd_provider_port ports[SD_PROVIDER_PORTS_MAX]; /* documented ports, the one to suggest first */
	int tls_required;                 /* plain SMTP is refused, or AUTH is offered only after TLS */
	int escape_port;                  /* a port of its own for networks that block the usual ones; 0 */
	const char *ports_note;           /* said when the port or mode contradicts the table; NULL */
	const char *auth;                 /* the auth rule, said with authentication verdicts */
	const char *checked;              /* date (YYYY-MM-DD) the facts were last checked; NULL: not recorded */
	const char *trust;                /* how sure: "src", "2nd", "issue" or "verify" (README) */
	const char *source;               /* where the facts come from */
} sd_provider;

/* The whole table and its length, for listings and tests. Static. */
const sd_provider *sd_provider_table(size_t *count);

/* The entry whose host suffixes match host (an ASCII host name; a trailing dot is ignored), or NULL.
 * Static; borrows host for the call. */
const sd_provider *sd_provider_match(const char *host);

/* The family of a host or of the name a server gives itself: that of the first entry one of whose
 * domains holds name (whole labels, any case, a trailing dot ignored); SD_PROVIDER_OTHER when none does,
 * or name is NULL or "". Borrows name for the call. */
sd_provider_family sd_provider_family_of(const char *name);

/* The name people know a family by: its first entry's name ("Gmail", "Microsoft 365", "Yahoo Mail",
 * "iCloud Mail"); "" for SD_PROVIDER_OTHER or an unknown value. Static. */
const char *sd_provider_family_name(sd_provider_family f);

/* The documented mode of port at provider p: SD_SEC_STARTTLS or SD_SEC_SMTPS, or -1 when p does not
 * offer that port. */
int sd_provider_port_mode(const sd_provider *p, int port);

/* Whether port with security contradicts p's table. If so writes, into buf (cut at len), what is wrong,
 * e.g. "Postmark offers no port 465 (no implicit TLS); its documented ports are 587, 2525 and 25 with
 * STARTTLS", and returns 1; else returns 0 and writes "". */
int sd_provider_mismatch(const sd_provider *p, int port, sd_security security, char *buf, size_t len);

/* The port/mode p suggests instead of port with security: its first documented port of the mode
 * security asks for, else its first port. Fills *port and *mode. */
void sd_provider_suggest(const sd_provider *p, sd_security security, int *port, sd_security *mode);

/* Lists p's ports for people, e.g. "465 (implicit TLS) and 587 (STARTTLS)", into buf (cut at len). */
void sd_provider_ports_text(const sd_provider *p, char *buf, size_t len);

#endif
