/* smtpdiag: checks a host string exactly as the user configured it (not trimmed) and suggests a clean
 * one. Pure C: no PHP, no heap. The checks mirror what PHPMailer accepts as a host, so smtpdiag_probe
 * can say why PHPMailer would skip it, and what to write instead. */
#ifndef SD_HOST_H
#define SD_HOST_H

#include <stddef.h>

#define SD_HOST_INPUT_MAX 1024  /* bytes of input looked at; more is SD_HOST_TOO_LONG */
#define SD_HOST_BUF (SD_HOST_INPUT_MAX + 1)
#define SD_HOST_NAME_MAX 253    /* a DNS name, in ASCII, without a trailing dot */
#define SD_HOST_LABEL_MAX 63

/* What the host is, or its most serious problem. Three groups: fine, warning, malformed. */
typedef enum {
	/* fine */
	SD_HOST_NAME = 0,       /* an ordinary ASCII DNS name */
	SD_HOST_IPV4,           /* a dotted-quad IPv4 literal */
	SD_HOST_IPV6,           /* a bracketed IPv6 literal, "[2001:db8::1]" */
	/* warnings: the probe can go on with the ASCII form, but PHPMailer rejects the host as written */
	SD_HOST_IDN,            /* non-ASCII letters: converted to xn-- labels (see ascii) */
	SD_HOST_UNDERSCORE,     /* an underscore: legal in DNS, rejected by PHPMailer */
	/* malformed (host_malformed), in the order a person should fix them */
	SD_HOST_EMPTY,          /* nothing, or nothing left once junk is removed */
	SD_HOST_CONTROL,        /* C0 or C1 control characters, DEL */
	SD_HOST_INVISIBLE,      /* NBSP, zero-width space and joiners, word joiner, BOM, unusual spaces,
	                         * direction marks, variation selectors */
	SD_HOST_WHITESPACE,     /* ASCII spaces, tabs, CR, LF, VT, FF (leading, trailing or inner) */
	SD_HOST_URL,            /* a scheme ("smtp://", "ssl://"...), a path, a query, or "user@" */
	SD_HOST_PORT,           /* a ":port" after the host */
	SD_HOST_LIST,           /* a ';'-separated list where one host belongs */
	SD_HOST_IPV6_BARE,      /* a valid IPv6 literal without brackets */
	SD_HOST_IPV6_INVALID,   /* "[...]" whose content is not a valid IPv6 literal */
	SD_HOST_IPV4_INVALID,   /* only digits and dots, but not a valid IPv4 literal */
	SD_HOST_TOO_LONG,       /* a label over 63 or a name over 253 characters (ASCII form) */
	SD_HOST_ILLEGAL         /* other characters or label shapes a host name cannot have */
} sd_host_class;

#define SD_HOST_CLASS_COUNT (SD_HOST_ILLEGAL + 1)

/* Where whitespace was seen (sd_host_result.whitespace). */
#define SD_HOST_WS_LEADING  1u
#define SD_HOST_WS_TRAILING 2u
#define SD_HOST_WS_INNER    4u

typedef struct {
	sd_host_class cls;      /* the most serious problem, else what the host is */
	unsigned issues;        /* (1u << class) for every warning or malformed class seen */
	int malformed;          /* cls is a malformed class */
	unsigned whitespace;    /* SD_HOST_WS_* */
	int port;               /* port found in the string (":587", a URL): 1-65535; -1 out of range;
	                         * 0 none */
	char scheme[16];        /* scheme seen, lower-case ("smtp", "ssl"...), "" if none */
	char clean[SD_HOST_BUF];  /* the suggestion as the user would write it: invisibles, whitespace,
	                           * controls, scheme, user@, path, port and list tail removed; Unicode
	                           * letters kept; IPv6 bracketed. May still be invalid (see cls). */
	char ascii[SD_HOST_BUF];  /* the suggestion in ASCII, what PHPMailer accepts: ASCII lower-cased,
	                           * IDN labels as RFC 3492 xn-- labels; "" when the host part is unusable
	                           * (EMPTY, IPV6_INVALID, IPV4_INVALID, TOO_LONG, ILLEGAL) */
	char addr[SD_HOST_BUF];   /* what to resolve or connect to: ascii without IPv6 brackets; "" when
	                           * ascii is "" */
} sd_host_result;

/* Check host[0..len) as configured. Borrows host for the call; the caller owns out. Always fills out
 * and returns out->cls. Non-ASCII letters are recognised by a heuristic (symbols, punctuation, private
 * use and emoji ranges are refused; no Unicode normalisation; ASCII, Latin-1, Latin Extended-A, Greek
 * and Cyrillic capitals are lower-cased before conversion). Fullwidth ASCII letters and digits and the
 * ideographic full stops are mapped to ASCII, as IDNA does. */
sd_host_class sd_host_check(const char *host, size_t len, sd_host_result *out);

/* One line a person understands about a class, e.g. "contains a port (host:port): ...". Static. */
const char *sd_host_reason(sd_host_class cls);

/* A stable snake_case name for a class ("name", "ipv6_bare", "invisible"...), for report data. */
const char *sd_host_class_name(sd_host_class cls);

/* 1 for the malformed classes, 0 for fine and warning classes. */
int sd_host_is_malformed(sd_host_class cls);

/* Whether s[0..len) is a dotted-quad IPv4 literal: four decimal parts 0-255 separated by '.', no
 * leading zero ("0" alone is fine, "01" is not: it would read as octal), nothing before or after. This
 * is what PHP's FILTER_VALIDATE_IP with FILTER_FLAG_IPV4 accepts, so both the probe's host check and
 * PHPMailer's Host grammar (isValidHost(), sd_mailerhost.c) use it. Borrows s for the call. */
int sd_host_ipv4_literal(const char *s, size_t len);

/* Whether s[0..len) (no brackets) is an IPv6 literal: groups of one to four hex digits separated by
 * ':', eight of them, or at most seven around one "::"; the last two groups may be written as an IPv4
 * literal ("::ffff:192.0.2.1"), as PHP's FILTER_FLAG_IPV6 allows. Returns NULL when it is, else a short
 * static reason ("more than one '::'"...). The host check and PHPMailer's Host grammar (which lets only
 * hex digits and ':' reach it) both use it. Borrows s for the call. */
const char *sd_host_ipv6_problem(const char *s, size_t len);

/* RFC 3492 Punycode: encode the code points cp[0..n) into out (capacity cap, NUL-terminated) without
 * the "xn--" prefix. Borrows cp; the caller owns out. Returns the length, or -1 when out is too small
 * or on overflow. */
int sd_host_punycode(const unsigned long *cp, size_t n, char *out, size_t cap);

#endif
