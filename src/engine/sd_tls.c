/* smtpdiag: the TLS engine (see src/engine/sd_tls.h). All of smtpdiag's OpenSSL calls are in this file
 * and in the CA store cache (src/engine/sd_castore.c), which gives each session its shared SSL_CTX.
 *
 * The socket is driven through a small BIO of our own rather than OpenSSL's socket BIO, for three
 * reasons: send() with MSG_NOSIGNAL, so a peer that is gone cannot raise SIGPIPE in the PHP process;
 * the peer's first bytes are recorded as they arrive, so a plaintext "220" greeting can be shown; and
 * the errno of a failed socket call is kept for the report. The BIO method is allocated per session
 * (no mutable static data). */
#include "src/engine/sd_tls.h"
#include "src/engine/sd_castore.h"
#include "src/engine/sd_str.h"
#include "src/engine/sd_text.h"
#include "src/engine/sd_clock.h"
#include "src/engine/sd_ssl_compat.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>

#ifdef _WIN32
# include <winsock2.h>
# include <ws2tcpip.h>
# define SD_POLL WSAPoll
# define SD_SOCKERR() WSAGetLastError()
# define SD_WOULDBLOCK(e) ((e) == WSAEWOULDBLOCK || (e) == WSAEINTR)
# define SD_EINTR WSAEINTR
# define SD_SEND_FLAGS 0
# define strcasecmp _stricmp
# define strncasecmp _strnicmp
#else
# include <strings.h>
# include <sys/types.h>
# include <sys/socket.h>
# include <arpa/inet.h>
# include <netinet/in.h>
# include <fcntl.h>
# include <poll.h>
# include <unistd.h>
# define SD_POLL poll
# define SD_SOCKERR() errno
# define SD_WOULDBLOCK(e) ((e) == EAGAIN || (e) == EWOULDBLOCK || (e) == EINTR)
# define SD_EINTR EINTR
# ifdef MSG_NOSIGNAL
#  define SD_SEND_FLAGS MSG_NOSIGNAL
# else
#  define SD_SEND_FLAGS 0
# endif
#endif

/* Handshake states; the step return values double as the final states. */
#define SD_ST_HANDSHAKE 0

struct sd_tls {
	SSL_CTX *ctx;
	SSL *ssl;
	BIO_METHOD *bio_meth;
	sd_tls_fd fd;
	sd_tls_result *r;
	int state;                 /* SD_ST_HANDSHAKE, SD_TLS_DONE or SD_TLS_FAILED */
	int verify_peer;
	int verify_peer_name;
	int allow_self_signed;
	int has_peer_name;
	char peer_name[SD_TLS_NAME_TEXT];
	char *fingerprint;         /* opts.fingerprint, copied; NULL */
	double started;
	int last_errno;            /* errno of the last failed socket call, 0 when none */
	int eof_seen;              /* recv() returned 0 */
	int broken;                /* a fatal error after the handshake: no shutdown */
	char io_error[SD_TLS_ERR_TEXT];
};

/* ---------------------------------------------------------------------------------------------- */
/* small helpers */


/* Copies len bytes of certificate text, showing control characters and NULs as '?'. */
static void sd_copy_printable(char *dst, size_t cap, const unsigned char *src, size_t len)
{
	size_t i;

	if (cap == 0) {
		return;
	}
	if (len >= cap) {
		len = cap - 1;
	}
	for (i = 0; i < len; i++) {
		dst[i] = (src[i] < 0x20 || src[i] == 0x7f) ? '?' : (char) src[i];
	}
	dst[len] = '\0';
}

/* Certificate text for a report: escaped as text from an SMTP server is (sd_text_escape()), since
 * whoever sends the certificate (a man in the middle too: the chain is read before verification)
 * chooses every byte of it. */
static void sd_copy_shown(char *dst, size_t cap, const unsigned char *src, size_t len)
{
	sd_text_escape((const char *) src, len, dst, cap);
}

/* "[::1]" -> "::1"; anything else is copied. */
static void sd_unbracket(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= 2 && src[0] == '[' && src[n - 1] == ']') {
		if (n - 2 >= cap) {
			n = cap + 1;
		}
		memcpy(dst, src + 1, n - 2);
		dst[n - 2] = '\0';
		return;
	}
	sd_str_copy(dst, cap, src);
}

/* 4 for an IPv4 literal, 16 for an IPv6 literal (bytes in out), 0 otherwise. */
static int sd_ip_literal(const char *s, unsigned char out[16])
{
	if (inet_pton(AF_INET, s, out) == 1) {
		return 4;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		return 16;
	}
	return 0;
}

/* Takes the oldest error from OpenSSL's queue into r (reason and full line), empties the queue and
 * returns the packed error (0 when the queue was empty). */
static unsigned long sd_take_errors(sd_tls_result *r)
{
	unsigned long e = ERR_get_error();
	const char *reason;

	if (e != 0) {
		reason = ERR_reason_error_string(e);
		if (reason != NULL) {
			sd_str_copy(r->reason, sizeof(r->reason), reason);
		} else {
			snprintf(r->reason, sizeof(r->reason), "OpenSSL error %lu", (unsigned long) ERR_GET_REASON(e));
		}
		ERR_error_string_n(e, r->error_line, sizeof(r->error_line));
	}
	ERR_clear_error();
	return e;
}

/* ---------------------------------------------------------------------------------------------- */
/* the socket BIO */

static int sd_bio_write(BIO *b, const char *buf, int len)
{
	sd_tls *t = BIO_get_data(b);
	int n, e;

	BIO_clear_retry_flags(b);
	n = (int) send(t->fd, buf, len, SD_SEND_FLAGS);
	if (n >= 0) {
		return n;
	}
	e = SD_SOCKERR();
	if (SD_WOULDBLOCK(e)) {
		BIO_set_retry_write(b);
	} else {
		t->last_errno = e;
	}
	return -1;
}

static int sd_bio_read(BIO *b, char *buf, int len)
{
	sd_tls *t = BIO_get_data(b);
	sd_tls_result *r = t->r;
	int n, e;
	size_t keep;

	BIO_clear_retry_flags(b);
	n = (int) recv(t->fd, buf, len, 0);
	if (n > 0) {
		if (r->first_bytes_len < sizeof(r->first_bytes)) {
			keep = sizeof(r->first_bytes) - r->first_bytes_len;
			if ((size_t) n < keep) {
				keep = (size_t) n;
			}
			memcpy(r->first_bytes + r->first_bytes_len, buf, keep);
			r->first_bytes_len += keep;
		}
		return n;
	}
	if (n == 0) {
		t->eof_seen = 1;
		return 0;
	}
	e = SD_SOCKERR();
	if (SD_WOULDBLOCK(e)) {
		BIO_set_retry_read(b);
	} else {
		t->last_errno = e;
	}
	return -1;
}

static int sd_bio_puts(BIO *b, const char *s)
{
	return sd_bio_write(b, s, (int) strlen(s));
}

static long sd_bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	sd_tls *t = BIO_get_data(b);

	(void) num;
	(void) ptr;
	switch (cmd) {
	case BIO_CTRL_FLUSH:
		return 1;
	case BIO_CTRL_EOF: /* lets OpenSSL tell a closed peer from a socket error, as with its own BIO */
		return t != NULL && t->eof_seen;
	default:
		return 0;
	}
}

static int sd_bio_create(BIO *b)
{
	BIO_set_init(b, 1);
	return 1;
}

static int sd_bio_destroy(BIO *b)
{
	(void) b; /* the fd belongs to the caller */
	return 1;
}

static BIO_METHOD *sd_bio_method_new(void)
{
	BIO_METHOD *m = BIO_meth_new(BIO_TYPE_SOURCE_SINK | 0x7d, "smtpdiag socket");

	if (m == NULL) {
		return NULL;
	}
	if (!BIO_meth_set_write(m, sd_bio_write) || !BIO_meth_set_read(m, sd_bio_read)
		|| !BIO_meth_set_puts(m, sd_bio_puts) || !BIO_meth_set_ctrl(m, sd_bio_ctrl)
		|| !BIO_meth_set_create(m, sd_bio_create) || !BIO_meth_set_destroy(m, sd_bio_destroy)) {
		BIO_meth_free(m);
		return NULL;
	}
	return m;
}

static int sd_set_nonblocking(sd_tls_fd fd)
{
#ifdef _WIN32
	u_long on = 1;
	return ioctlsocket((SOCKET) fd, FIONBIO, &on) == 0;
#else
	int fl = fcntl(fd, F_GETFL, 0);

	if (fl < 0) {
		return 0;
	}
	return (fl & O_NONBLOCK) || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0;
#endif
}

/* Waits for events on fd until deadline. 1: ready (or an error to be seen by the next call),
 * 0: the deadline passed. */
static int sd_wait(sd_tls_fd fd, short events, double deadline)
{
	struct pollfd p;
	int left, rc;

	for (;;) {
		left = sd_clock_left(deadline);
		if (left <= 0) {
			return 0;
		}
		p.fd = fd;
		p.events = events;
		p.revents = 0;
		rc = SD_POLL(&p, 1, left);
		if (rc > 0) {
			return 1;
		}
		if (rc < 0 && SD_SOCKERR() != SD_EINTR) {
			return 1; /* let the next call report the error */
		}
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* certificates */

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
static int64_t sd_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void sd_asn1_time(const ASN1_TIME *at, int64_t *unix_time, char *iso, size_t iso_cap)
{
	struct tm tm;
	int64_t days;

	*unix_time = 0;
	iso[0] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (at == NULL || ASN1_TIME_to_tm(at, &tm) != 1) {
		return;
	}
	days = sd_days_from_civil((int64_t) tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	*unix_time = days * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	snprintf(iso, iso_cap, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned) (tm.tm_year + 1900) % 10000u,
		(unsigned) (tm.tm_mon + 1) % 100u, (unsigned) tm.tm_mday % 100u, (unsigned) tm.tm_hour % 100u,
		(unsigned) tm.tm_min % 100u, (unsigned) tm.tm_sec % 100u);
}

static void sd_name_text(const X509_NAME *name, char *buf, size_t cap)
{
	BIO *mem = BIO_new(BIO_s_mem());
	char *data = NULL;
	long n;

	buf[0] = '\0';
	if (mem == NULL) {
		return;
	}
	/* RFC 2253 order and escaping, but UTF-8 kept as is */
	if (X509_NAME_print_ex(mem, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		n = BIO_get_mem_data(mem, &data);
		if (n > 0 && data != NULL) {
			sd_copy_shown(buf, cap, (const unsigned char *) data, (size_t) n);
		}
	}
	BIO_free(mem);
}

/* The first commonName of name as UTF-8, through copy, into buf; -1 when there is none, -2 when it
 * holds a NUL (PHP calls that malformed), else its length. */
static int sd_first_cn(const X509_NAME *name, char *buf, size_t cap,
                       void (*copy)(char *, size_t, const unsigned char *, size_t))
{
	int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	X509_NAME_ENTRY *ent;
	unsigned char *utf8 = NULL;
	int len;

	buf[0] = '\0';
	if (idx < 0 || (ent = X509_NAME_get_entry(name, idx)) == NULL) {
		return -1;
	}
	len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(ent));
	if (len < 0 || utf8 == NULL) {
		return -1;
	}
	copy(buf, cap, utf8, (size_t) len);
	if (memchr(utf8, '\0', (size_t) len) != NULL) {
		len = -2;
	}
	OPENSSL_free(utf8);
	return len;
}

static const char *sd_key_type_name(int id)
{
	switch (id) {
	case EVP_PKEY_RSA: return "RSA";
	case EVP_PKEY_RSA_PSS: return "RSA-PSS";
	case EVP_PKEY_EC: return "EC";
	case EVP_PKEY_DSA: return "DSA";
	case EVP_PKEY_DH: return "DH";
	case EVP_PKEY_ED25519: return "Ed25519";
	case EVP_PKEY_ED448: return "Ed448";
	default: break;
	}
	return NULL;
}

/* The serial number in hex, as OpenSSL prints it. */
static void sd_cert_serial(sd_tls_cert *c, X509 *x)
{
	const ASN1_INTEGER *serial = X509_get0_serialNumber(x);
	BIGNUM *bn;
	char *hex;

	if (serial != NULL && (bn = ASN1_INTEGER_to_BN(serial, NULL)) != NULL) {
		if ((hex = BN_bn2hex(bn)) != NULL) {
			sd_str_copy(c->serial, sizeof(c->serial), hex);
			OPENSSL_free(hex);
		}
		BN_free(bn);
	}
}

/* One subjectAltName entry: a DNS name or an IP address (counted in san_total, kept while there is
 * room); other kinds are left out. */
static void sd_cert_san(sd_tls_cert *c, const GENERAL_NAME *g)
{
	sd_tls_san *out = c->san_count < SD_TLS_MAX_SAN ? &c->san[c->san_count] : NULL;

	if (g->type == GEN_DNS) {
		c->san_total++;
		if (out != NULL) {
			out->is_ip = 0;
			sd_copy_shown(out->value, sizeof(out->value),
				ASN1_STRING_get0_data(g->d.dNSName), (size_t) ASN1_STRING_length(g->d.dNSName));
			c->san_count++;
		}
	} else if (g->type == GEN_IPADD) {
		int len = ASN1_STRING_length(g->d.iPAddress);
		const unsigned char *ip = ASN1_STRING_get0_data(g->d.iPAddress);

		c->san_total++;
		if (out != NULL) {
			out->is_ip = 1;
			if (len == 4 || len == 16) {
				if (inet_ntop(len == 4 ? AF_INET : AF_INET6, ip, out->value, sizeof(out->value)) == NULL) {
					sd_str_copy(out->value, sizeof(out->value), "?");
				}
			} else {
				sd_str_copy(out->value, sizeof(out->value), "?");
			}
			c->san_count++;
		}
	}
}

static void sd_cert_sans(sd_tls_cert *c, X509 *x)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	int n, k;

	if (gens == NULL) {
		return;
	}
	n = sk_GENERAL_NAME_num(gens);
	for (k = 0; k < n; k++) {
		sd_cert_san(c, sk_GENERAL_NAME_value(gens, k));
	}
	GENERAL_NAMES_free(gens);
}

/* The public key's type, size and (EC) curve. */
static void sd_cert_key(sd_tls_cert *c, X509 *x)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	const char *s;
	int id;

	if (pk == NULL) {
		return;
	}
	id = sd_pkey_base_id(pk);
	s = sd_key_type_name(id);
	if (s == NULL) {
		s = OBJ_nid2sn(id);
	}
	sd_str_copy(c->key_type, sizeof(c->key_type), s != NULL ? s : "unknown");
	c->key_bits = sd_pkey_bits(pk);
	if (id == EVP_PKEY_EC) {
		sd_pkey_group_name(pk, c->key_curve, sizeof(c->key_curve));
	}
}

static void sd_fill_cert(sd_tls_cert *c, X509 *x)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	const char *s;

	memset(c, 0, sizeof(*c));
	sd_name_text(X509_get_subject_name(x), c->subject, sizeof(c->subject));
	sd_name_text(X509_get_issuer_name(x), c->issuer, sizeof(c->issuer));
	sd_first_cn(X509_get_subject_name(x), c->subject_cn, sizeof(c->subject_cn), sd_copy_shown);
	sd_cert_serial(c, x);
	sd_cert_sans(c, x);
	sd_asn1_time(X509_get0_notBefore(x), &c->not_before, c->not_before_iso, sizeof(c->not_before_iso));
	sd_asn1_time(X509_get0_notAfter(x), &c->not_after, c->not_after_iso, sizeof(c->not_after_iso));
	sd_cert_key(c, x);

	s = OBJ_nid2ln(X509_get_signature_nid(x));
	sd_str_copy(c->sig_alg, sizeof(c->sig_alg), s != NULL ? s : "unknown");

	if (X509_digest(x, EVP_sha256(), md, &mdlen) == 1) {
		for (i = 0; i < mdlen && i * 2 + 2 < sizeof(c->sha256); i++) {
			snprintf(c->sha256 + i * 2, 3, "%02x", md[i]);
		}
	}
	c->self_signed = sd_x509_self_issued(x) ? 1 : 0;
	ERR_clear_error();
}

static void sd_capture_chain(sd_tls *t)
{
	sd_tls_result *r = t->r;
	STACK_OF(X509) *sk = SSL_get_peer_cert_chain(t->ssl); /* borrowed from the session */
	int n, i;
	int64_t left;

	if (sk == NULL || r->chain_total > 0) {
		return;
	}
	n = sk_X509_num(sk);
	r->chain_total = n;
	for (i = 0; i < n && i < SD_TLS_MAX_CHAIN; i++) {
		sd_fill_cert(&r->chain[i], sk_X509_value(sk, i));
	}
	r->chain_count = i;
	if (r->chain_count > 0) {
		left = r->chain[0].not_after - (int64_t) time(NULL);
		/* whole days, rounded towards minus infinity: expired an hour ago is -1 */
		r->leaf_days_left = (int) (left >= 0 ? left / 86400 : -((-left + 86399) / 86400));
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* PHP's name rules */

int sd_tls_name_matches(const char *pattern, const char *name)
{
	const char *star, *dot;
	size_t prefix, suffix, nlen;

	if (pattern == NULL || name == NULL) {
		return 0;
	}
	if (strcasecmp(pattern, name) == 0) {
		return 1;
	}
	star = strchr(pattern, '*');
	if (star == NULL) {
		return 0;
	}
	/* the '*' must be in the leftmost label */
	dot = strchr(pattern, '.');
	if (dot != NULL && dot < star) {
		return 0;
	}
	prefix = (size_t) (star - pattern);
	suffix = strlen(star + 1);
	nlen = strlen(name);
	if (prefix + suffix > nlen) {
		return 0;
	}
	if (prefix > 0 && strncasecmp(name, pattern, prefix) != 0) {
		return 0;
	}
	if (strcasecmp(star + 1, name + nlen - suffix) != 0) {
		return 0;
	}
	/* what the '*' stands for must not contain a '.' */
	return memchr(name + prefix, '.', nlen - suffix - prefix) == NULL;
}

static int sd_match_san(X509 *leaf, const char *name)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
	unsigned char want[16];
	char dns[SD_TLS_NAME_TEXT];
	int iplen = sd_ip_literal(name, want);
	int n, k, len, found = 0;

	if (gens == NULL) {
		ERR_clear_error();
		return 0;
	}
	n = sk_GENERAL_NAME_num(gens);
	for (k = 0; k < n && !found; k++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, k);

		if (g->type == GEN_DNS) {
			const unsigned char *d = ASN1_STRING_get0_data(g->d.dNSName);

			len = ASN1_STRING_length(g->d.dNSName);
			if (len <= 0 || (size_t) len >= sizeof(dns) || memchr(d, '\0', (size_t) len) != NULL) {
				continue; /* a NUL inside the name is an attack, as PHP says */
			}
			memcpy(dns, d, (size_t) len);
			dns[len] = '\0';
			if (dns[len - 1] == '.') {
				dns[len - 1] = '\0'; /* a fully qualified "name." */
			}
			found = sd_tls_name_matches(dns, name);
		} else if (g->type == GEN_IPADD && iplen > 0) {
			len = ASN1_STRING_length(g->d.iPAddress);
			found = len == iplen && memcmp(ASN1_STRING_get0_data(g->d.iPAddress), want, (size_t) len) == 0;
		}
	}
	GENERAL_NAMES_free(gens);
	return found;
}

/* ---------------------------------------------------------------------------------------------- */
/* verification */

static int sd_verify_cb(int ok, X509_STORE_CTX *xs)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(xs, SSL_get_ex_data_X509_STORE_CTX_idx());
	sd_tls *t = ssl != NULL ? SSL_get_app_data(ssl) : NULL;
	sd_tls_result *r;

	if (!ok && t != NULL) {
		r = t->r;
		if (r->verify_error_count < SD_TLS_MAX_VERIFY_ERRORS) {
			r->verify_errors[r->verify_error_count].code = X509_STORE_CTX_get_error(xs);
			r->verify_errors[r->verify_error_count].depth = X509_STORE_CTX_get_error_depth(xs);
			r->verify_error_count++;
		}
	}
	/* never abort: the chain is captured in full and PHP's rules are applied afterwards */
	return 1;
}

static int sd_is_time_error(int code)
{
	return code == X509_V_ERR_CERT_HAS_EXPIRED || code == X509_V_ERR_CERT_NOT_YET_VALID
		|| code == X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD
		|| code == X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD;
}

/* PHP's peer_fingerprint: every "algo:hex" pair must be the leaf's digest. An unknown algorithm, or a
 * pair without its colon, matches nothing (PHP fails those too). */
static int sd_fingerprint_matches(X509 *leaf, const char *spec)
{
	const char *p = spec;

	while (*p) {
		const char *colon = strchr(p, ':'), *end = strchr(p, ',');
		char algo[32], hex[EVP_MAX_MD_SIZE * 2 + 1];
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int mdlen = 0, k;
		const EVP_MD *type;
		size_t al, hl;

		if (end == NULL) {
			end = p + strlen(p);
		}
		if (colon == NULL || colon > end || (al = (size_t) (colon - p)) == 0 || al >= sizeof(algo)) {
			return 0;
		}
		memcpy(algo, p, al);
		algo[al] = '\0';
		hl = (size_t) (end - colon - 1);
		type = EVP_get_digestbyname(algo);
		if (type == NULL || X509_digest(leaf, type, md, &mdlen) != 1 || hl != (size_t) mdlen * 2) {
			return 0;
		}
		for (k = 0; k < mdlen; k++) {
			snprintf(hex + 2 * k, 3, "%02x", md[k]);
		}
		for (k = 0; k < hl; k++) {
			char c = colon[1 + k];
			if ((c >= 'A' && c <= 'F' ? (char) (c + 0x20) : c) != hex[k]) {
				return 0;
			}
		}
		p = *end ? end + 1 : end;
	}
	return 1;
}

/* The chain error PHP stops on: the first its verify callback does not excuse (allow_self_signed excuses
 * code 18 only, and verification goes on after it). Sets r->verify_code, verify_depth and verify_text.
 * Returns its index (0 when only the session knew of it), or -1 when none stops PHP. */
static int sd_decisive_verify_error(sd_tls *t, X509 *leaf)
{
	sd_tls_result *r = t->r;
	int decisive = -1, i;
	const char *v;

	for (i = 0; i < r->verify_error_count; i++) {
		if (r->verify_errors[i].code == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT && t->allow_self_signed) {
			continue;
		}
		decisive = i;
		break;
	}
	if (decisive >= 0 || r->verify_error_count > 0) {
		i = decisive >= 0 ? decisive : 0;
		r->verify_code = r->verify_errors[i].code;
		r->verify_depth = r->verify_errors[i].depth;
	} else if (leaf != NULL && SSL_get_verify_result(t->ssl) != X509_V_OK) {
		/* not seen by the callback (should not happen): take the session's word */
		r->verify_code = (int) SSL_get_verify_result(t->ssl);
		r->verify_depth = 0;
		decisive = 0;
	}
	v = X509_verify_cert_error_string(r->verify_code);
	sd_str_copy(r->verify_text, sizeof(r->verify_text), v != NULL ? v : "");
	return decisive;
}

/* The leaf's name against the peer name (subjectAltName, then the first CN, as PHP) and against a pinned
 * fingerprint. Fills cn (capacity cap) with the first CN; returns its length, or -1 when there is none
 * and -2 when it is malformed (sd_first_cn()). */
static int sd_check_leaf(sd_tls *t, X509 *leaf, char *cn, size_t cap)
{
	sd_tls_result *r = t->r;
	int cnlen = -1;

	cn[0] = '\0';
	if (leaf == NULL) {
		return cnlen;
	}
	cnlen = sd_first_cn(X509_get_subject_name(leaf), cn, cap, sd_copy_printable);
	if (t->has_peer_name) {
		r->name_checked = 1;
		if (sd_match_san(leaf, t->peer_name)) {
			r->name_matched = 1;
			r->name_matched_by = "san";
		} else if (cnlen >= 0 && sd_tls_name_matches(cn, t->peer_name)) {
			r->name_matched = 1;
			r->name_matched_by = "cn";
		}
	}
	if (t->fingerprint != NULL) {
		r->fingerprint_checked = 1;
		r->fingerprint_mismatch = !sd_fingerprint_matches(leaf, t->fingerprint);
	}
	return cnlen;
}

/* The handshake completed: record the session and apply PHP's checks, in PHP's order (a certificate at
 * all, the chain, a pinned fingerprint, the name). */
static void sd_apply_policy(sd_tls *t)
{
	sd_tls_result *r = t->r;
	X509 *leaf = sd_ssl_get1_peer_certificate(t->ssl);
	char cn[SD_TLS_NAME_TEXT];
	int decisive = sd_decisive_verify_error(t, leaf);
	int cnlen = sd_check_leaf(t, leaf, cn, sizeof(cn));

	if (leaf == NULL && (t->verify_peer || t->verify_peer_name || t->fingerprint != NULL)) {
		r->outcome = SD_TLS_UNTRUSTED;
		sd_str_copy(r->reason, sizeof(r->reason), "the server sent no certificate");
		sd_str_copy(r->php_message, sizeof(r->php_message), "Could not get peer certificate");
	} else if (t->verify_peer && decisive >= 0) {
		r->outcome = sd_is_time_error(r->verify_code) ? SD_TLS_EXPIRED : SD_TLS_UNTRUSTED;
		snprintf(r->reason, sizeof(r->reason), "certificate verify failed: %.180s (code %d at depth %d)",
			r->verify_text, r->verify_code, r->verify_depth);
		snprintf(r->php_message, sizeof(r->php_message), "Could not verify peer: code:%d %.200s",
			r->verify_code, r->verify_text);
	} else if (r->fingerprint_mismatch) {
		/* PHP checks a pinned fingerprint after the chain and before the name */
		r->outcome = SD_TLS_UNTRUSTED;
		sd_str_copy(r->reason, sizeof(r->reason), "the certificate is not the one peer_fingerprint pins");
		sd_str_copy(r->php_message, sizeof(r->php_message), "peer_fingerprint match failure");
	} else if (t->verify_peer_name && !t->has_peer_name) {
		r->outcome = SD_TLS_NAME_MISMATCH;
		sd_str_copy(r->reason, sizeof(r->reason), "no peer name to verify the certificate against");
		sd_str_copy(r->php_message, sizeof(r->php_message), "Unable to verify the peer name");
	} else if (t->verify_peer_name && !r->name_matched) {
		r->outcome = SD_TLS_NAME_MISMATCH;
		snprintf(r->reason, sizeof(r->reason), "the certificate does not name %.200s", t->peer_name);
		if (cnlen == -1) {
			sd_str_copy(r->php_message, sizeof(r->php_message), "Unable to locate peer certificate CN");
		} else {
			char shown[SD_TLS_NAME_TEXT];
			sd_copy_shown(shown, sizeof(shown), (const unsigned char *) cn, strlen(cn));
			if (cnlen == -2) {
				snprintf(r->php_message, sizeof(r->php_message), "Peer certificate CN=`%.100s' is malformed", shown);
			} else {
				snprintf(r->php_message, sizeof(r->php_message),
					"Peer certificate CN=`%.100s' did not match expected CN=`%.100s'", shown, t->peer_name);
			}
		}
	} else {
		r->outcome = SD_TLS_OK;
	}
	X509_free(leaf);
	ERR_clear_error();
}

/* ---------------------------------------------------------------------------------------------- */
/* names */

const char *sd_tls_outcome_name(sd_tls_outcome o)
{
	static const char *const names[] = {
		"ok", "untrusted", "expired", "name_mismatch", "handshake_failed", "not_tls", "closed",
		"timeout", "ca_load_failed", "internal"
	};

	if ((unsigned) o < sizeof(names) / sizeof(names[0])) {
		return names[o];
	}
	return "internal";
}

const char *sd_tls_peer_kind_name(sd_tls_peer_kind k)
{
	static const char *const names[] = { "none", "tls", "smtp", "http", "other", "closed" };

	if ((unsigned) k < sizeof(names) / sizeof(names[0])) {
		return names[k];
	}
	return "other";
}

sd_tls_peer_kind sd_tls_classify_bytes(const unsigned char *b, size_t len)
{
	size_t i, digits;

	if (len == 0 || b == NULL) {
		return SD_TLS_PEER_NONE;
	}
	/* a TLS record: content type 20-23 (change_cipher_spec, alert, handshake, application data),
	 * then major version 3 */
	if (b[0] >= 0x14 && b[0] <= 0x17 && (len < 2 || b[1] == 0x03)) {
		return SD_TLS_PEER_TLS;
	}
	if (len >= 5 && memcmp(b, "HTTP/", 5) == 0) {
		return SD_TLS_PEER_HTTP;
	}
	for (digits = 0, i = 0; i < len && i < 3; i++) {
		if (b[i] >= '0' && b[i] <= '9') {
			digits++;
		}
	}
	if (digits == len && len < 3) {
		return SD_TLS_PEER_SMTP; /* a reply code cut short */
	}
	if (digits == 3 && (len == 3 || b[3] == ' ' || b[3] == '-' || b[3] == '\r' || b[3] == '\n')) {
		return SD_TLS_PEER_SMTP;
	}
	return SD_TLS_PEER_OTHER;
}

const char *sd_tls_library_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}

const char *sd_tls_header_version(void)
{
	return OPENSSL_VERSION_TEXT;
}

void sd_tls_opts_init(sd_tls_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->verify_peer = 1;
	o->verify_peer_name = 1;
	o->allow_self_signed = 0;
	o->verify_depth = -1;
}

/* ---------------------------------------------------------------------------------------------- */
/* session set-up */

static void sd_tls_destroy(sd_tls *t)
{
	if (t == NULL) {
		return;
	}
	if (t->ssl != NULL) {
		SSL_free(t->ssl); /* frees the BIO too */
	}
	if (t->ctx != NULL) {
		SSL_CTX_free(t->ctx);
	}
	if (t->bio_meth != NULL) {
		BIO_meth_free(t->bio_meth);
	}
	free(t->fingerprint);
	free(t);
	ERR_clear_error();
}

static const char *sd_nonempty(const char *s)
{
	return (s != NULL && s[0] != '\0') ? s : NULL;
}

/* Clears r and allocates the session with the options' checks and peer name (none when sniffing).
 * Returns NULL when out of memory (r->reason says so). */
static sd_tls *sd_tls_alloc(sd_tls_fd fd, const sd_tls_opts *o, sd_tls_result *r, int sniff)
{
	const char *peer = sd_nonempty(o->peer_name);
	sd_tls *t;

	memset(r, 0, sizeof(*r));
	r->verify_depth = -1;
	r->verify_enforced = sniff ? 0 : (o->verify_peer != 0);
	r->name_enforced = sniff ? 0 : (o->verify_peer_name != 0);
	r->outcome = SD_TLS_INTERNAL;
	ERR_clear_error();

	t = calloc(1, sizeof(*t));
	if (t == NULL) {
		sd_str_copy(r->reason, sizeof(r->reason), "out of memory");
		return NULL;
	}
	t->fd = fd;
	t->r = r;
	t->started = sd_clock_ms();
	t->verify_peer = r->verify_enforced;
	t->verify_peer_name = r->name_enforced;
	t->allow_self_signed = o->allow_self_signed != 0;
	if (peer != NULL && !sniff) {
		sd_unbracket(t->peer_name, sizeof(t->peer_name), peer);
		t->has_peer_name = t->peer_name[0] != '\0';
		sd_str_copy(r->name, sizeof(r->name), t->peer_name);
	}
	return t;
}

/* The shared client context (src/engine/sd_castore.h): the one of the CA configuration, or the bare
 * one when sniffing, or when verify_peer is off and the CA store does not load (PHP then loads no CA
 * at all). *ca_failed says that the CA store did not load, and *ce why. 1: done; 0: no context
 * (t->r says why). */
static int sd_tls_ctx_get(sd_tls *t, const sd_tls_opts *o, int sniff, int *ca_failed, sd_castore_error *ce)
{
	sd_tls_result *r = t->r;
	sd_castore_error bare;

	*ca_failed = 0;
	if (!sniff) {
		t->ctx = sd_castore_ctx(sd_nonempty(o->cafile), sd_nonempty(o->capath), ce);
		if (t->ctx != NULL) {
			return 1;
		}
		if (ce->ca_error[0] == '\0') {
			sd_str_copy(r->reason, sizeof(r->reason), ce->reason);
			return 0;
		}
		if (o->ca_uninspected) {
			/* as PHP's fallback loader says it, with nothing about the path itself */
			snprintf(ce->ca_error, sizeof(ce->ca_error), "failed loading cafile stream: open_basedir "
				"restriction in effect for `%.150s'", o->cafile ? o->cafile : o->capath ? o->capath : "");
			sd_str_copy(ce->php_message, sizeof(ce->php_message), ce->ca_error);
		}
		*ca_failed = 1;
	}
	t->ctx = sd_castore_bare_ctx(&bare);
	if (t->ctx == NULL) {
		sd_str_copy(r->reason, sizeof(r->reason), bare.reason);
		return 0;
	}
	return 1;
}

/* The connection as PHP's client sets it up, on the shared context: protocol bounds, ciphers, then
 * the CA store's verdict and peer verification (none when sniffing), SNI (never for an IP literal,
 * RFC 6066) and our BIO on the socket, in client mode. Everything is set on the SSL: the context is
 * shared and never changed. 1: done; 0: t->r says what failed. */
static int sd_tls_ssl_setup(sd_tls *t, const sd_tls_opts *o, int sniff)
{
	sd_tls_result *r = t->r;
	const char *sni = sd_nonempty(o->sni);
	char host[SD_TLS_NAME_TEXT];
	unsigned char ip[16];
	sd_castore_error ce;
	BIO *bio = NULL;
	int ca_failed;

	if (!sd_tls_ctx_get(t, o, sniff, &ca_failed, &ce)) {
		return 0;
	}
	t->ssl = SSL_new(t->ctx);
	if (t->ssl == NULL) {
		sd_take_errors(r);
		return 0;
	}
	SSL_set_app_data(t->ssl, t);
	if (o->min_proto != 0 && SSL_set_min_proto_version(t->ssl, o->min_proto) != 1) {
		sd_take_errors(r);
		snprintf(r->reason, sizeof(r->reason), "unsupported minimum protocol version 0x%04x", o->min_proto);
		return 0;
	}
	if (o->max_proto != 0 && SSL_set_max_proto_version(t->ssl, o->max_proto) != 1) {
		sd_take_errors(r);
		snprintf(r->reason, sizeof(r->reason), "unsupported maximum protocol version 0x%04x", o->max_proto);
		return 0;
	}
	if (sd_nonempty(o->ciphers) != NULL && SSL_set_cipher_list(t->ssl, o->ciphers) != 1) {
		sd_take_errors(r);
		r->outcome = SD_TLS_HANDSHAKE_FAILED;
		sd_str_copy(r->php_message, sizeof(r->php_message), "Failed setting cipher list");
		return 0;
	}
	if (sniff) {
		SSL_set_verify(t->ssl, SSL_VERIFY_NONE, NULL);
	} else {
		if (ca_failed) {
			sd_str_copy(r->ca_error, sizeof(r->ca_error), ce.ca_error);
			if (t->verify_peer) {
				r->outcome = SD_TLS_CA_LOAD_FAILED;
				sd_str_copy(r->reason, sizeof(r->reason), r->ca_error);
				sd_str_copy(r->php_message, sizeof(r->php_message), ce.php_message);
				return 0;
			}
			/* verify_peer off: go on with no CA and report the chain as found */
		}
		SSL_set_verify(t->ssl, SSL_VERIFY_PEER, sd_verify_cb);
		if (o->verify_depth >= 0) {
			SSL_set_verify_depth(t->ssl, o->verify_depth);
		}
	}
	if (sni != NULL) {
		sd_unbracket(host, sizeof(host), sni);
		if (host[0] != '\0' && sd_ip_literal(host, ip) == 0 && SSL_set_tlsext_host_name(t->ssl, host) != 1) {
			sd_take_errors(r);
			return 0;
		}
	}
	t->bio_meth = sd_bio_method_new();
	if (t->bio_meth == NULL || (bio = BIO_new(t->bio_meth)) == NULL) {
		sd_take_errors(r);
		if (r->reason[0] == '\0') {
			sd_str_copy(r->reason, sizeof(r->reason), "out of memory");
		}
		return 0;
	}
	BIO_set_data(bio, t);
	SSL_set_bio(t->ssl, bio, bio); /* the session owns the BIO now */
	SSL_set_connect_state(t->ssl);
	return 1;
}

/* sniff: no CA store and no checks, only the first bytes matter. */
static sd_tls *sd_tls_new(sd_tls_fd fd, const sd_tls_opts *o, sd_tls_result *r, int sniff)
{
	sd_tls *t = sd_tls_alloc(fd, o, r, sniff);

	if (t == NULL) {
		return NULL;
	}
	if (o->fingerprint != NULL && !sniff) {
		size_t fl = strlen(o->fingerprint) + 1;
		if ((t->fingerprint = malloc(fl)) == NULL) {
			goto fail;
		}
		memcpy(t->fingerprint, o->fingerprint, fl);
	}
	if (!sd_set_nonblocking(fd)) {
		r->sys_errno = SD_SOCKERR();
		sd_str_copy(r->reason, sizeof(r->reason), "cannot make the socket non-blocking");
		goto fail;
	}
	if (!sd_tls_ssl_setup(t, o, sniff)) {
		goto fail;
	}
	r->outcome = SD_TLS_HANDSHAKE_FAILED; /* until it is done */
	t->state = SD_ST_HANDSHAKE;
	ERR_clear_error();
	return t;

fail:
	if (r->reason[0] == '\0') {
		sd_str_copy(r->reason, sizeof(r->reason), "TLS set-up failed");
	}
	r->handshake_ms = sd_clock_ms() - t->started;
	sd_tls_destroy(t);
	return NULL;
}

sd_tls *sd_tls_start(sd_tls_fd fd, const sd_tls_opts *opts, sd_tls_result *r)
{
	return sd_tls_new(fd, opts, r, 0);
}

sd_tls *sd_tls_wrap_starttls(sd_tls_fd fd, const sd_tls_opts *opts, sd_tls_result *r)
{
	return sd_tls_new(fd, opts, r, 0);
}

/* ---------------------------------------------------------------------------------------------- */
/* the handshake */

/* Appends what is already waiting on the socket to first_bytes without consuming it (the handshake
 * has failed; this only completes the picture of a plaintext greeting). */
static void sd_peek_more(sd_tls *t)
{
	sd_tls_result *r = t->r;
	size_t room = sizeof(r->first_bytes) - r->first_bytes_len;
	int n;

	if (room == 0) {
		return;
	}
	n = (int) recv(t->fd, (char *) r->first_bytes + r->first_bytes_len, (int) room, MSG_PEEK);
	if (n > 0) {
		r->first_bytes_len += (size_t) n;
	}
}

static void sd_fail_handshake(sd_tls *t, int ssl_err)
{
	sd_tls_result *r = t->r;
	unsigned long e = sd_take_errors(r);
	int reason = e != 0 ? ERR_GET_REASON(e) : 0;

	sd_capture_chain(t);
	r->sys_errno = t->last_errno;
	if (r->first_bytes_len > 0 && sd_tls_classify_bytes(r->first_bytes, r->first_bytes_len) != SD_TLS_PEER_TLS) {
		r->outcome = SD_TLS_NOT_TLS;
		sd_peek_more(t);
		if (r->reason[0] == '\0') {
			sd_str_copy(r->reason, sizeof(r->reason), "the server did not answer with TLS");
		}
	} else if (ssl_err == SSL_ERROR_SYSCALL || ssl_err == SSL_ERROR_ZERO_RETURN
		|| (SD_SSL_R_UNEXPECTED_EOF != -1 && reason == SD_SSL_R_UNEXPECTED_EOF)) {
		r->outcome = SD_TLS_CLOSED;
		if (t->last_errno != 0) {
			sd_text_errno(t->last_errno, r->reason, sizeof(r->reason));
		} else if (r->reason[0] == '\0' || t->eof_seen) {
			sd_str_copy(r->reason, sizeof(r->reason), r->first_bytes_len == 0
				? "the server closed the connection without answering"
				: "the server closed the connection during the handshake");
		}
	} else {
		r->outcome = SD_TLS_HANDSHAKE_FAILED;
		if (r->reason[0] == '\0') {
			sd_str_copy(r->reason, sizeof(r->reason), "handshake failed");
		}
	}
	r->handshake_ms = sd_clock_ms() - t->started;
	t->state = SD_TLS_FAILED;
	ERR_clear_error();
}

static void sd_finish_handshake(sd_tls *t)
{
	sd_tls_result *r = t->r;
	const SSL_CIPHER *c = SSL_get_current_cipher(t->ssl);

	r->handshake_done = 1;
	sd_str_copy(r->version, sizeof(r->version), SSL_get_version(t->ssl));
	sd_str_copy(r->cipher, sizeof(r->cipher), c != NULL ? SSL_CIPHER_get_name(c) : "");
	sd_capture_chain(t);
	sd_apply_policy(t);
	r->handshake_ms = sd_clock_ms() - t->started;
	t->state = SD_TLS_DONE;
	ERR_clear_error();
}

sd_tls_step_rc sd_tls_step(sd_tls *t)
{
	int rc, err;

	if (t == NULL) {
		return SD_TLS_FAILED;
	}
	if (t->state != SD_ST_HANDSHAKE) {
		return (sd_tls_step_rc) t->state;
	}
	ERR_clear_error();
	t->last_errno = 0;
	rc = SSL_connect(t->ssl);
	if (rc == 1) {
		sd_finish_handshake(t);
		return SD_TLS_DONE;
	}
	err = SSL_get_error(t->ssl, rc);
	if (err == SSL_ERROR_WANT_READ) {
		return SD_TLS_WANT_READ;
	}
	if (err == SSL_ERROR_WANT_WRITE) {
		return SD_TLS_WANT_WRITE;
	}
	sd_fail_handshake(t, err);
	return SD_TLS_FAILED;
}

void sd_tls_expire(sd_tls *t)
{
	sd_tls_result *r;

	if (t == NULL || t->state != SD_ST_HANDSHAKE) {
		return;
	}
	r = t->r;
	sd_capture_chain(t);
	r->outcome = SD_TLS_TIMEOUT;
	sd_str_copy(r->reason, sizeof(r->reason), r->first_bytes_len == 0
		? "the server sent nothing before the deadline"
		: "the handshake did not finish before the deadline");
	r->handshake_ms = sd_clock_ms() - t->started;
	t->state = SD_TLS_FAILED;
	ERR_clear_error();
}

sd_tls_outcome sd_tls_handshake(sd_tls *t, double deadline)
{
	sd_tls_step_rc rc;

	if (t == NULL) {
		return SD_TLS_INTERNAL;
	}
	for (;;) {
		rc = sd_tls_step(t);
		if (rc == SD_TLS_DONE || rc == SD_TLS_FAILED) {
			return t->r->outcome;
		}
		if (!sd_wait(t->fd, rc == SD_TLS_WANT_READ ? POLLIN : POLLOUT, deadline)) {
			sd_tls_expire(t);
			return t->r->outcome;
		}
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* I/O after the handshake */

/* After a failed SSL_read/SSL_write: SD_IO_RETRY (wait for *events, then call again), else the
 * return value to give the caller. */
#define SD_IO_RETRY 1
static long sd_io_error(sd_tls *t, int rc, short *events)
{
	int err = SSL_get_error(t->ssl, rc);
	unsigned long e;

	switch (err) {
	case SSL_ERROR_WANT_READ:
		*events = POLLIN;
		return SD_IO_RETRY;
	case SSL_ERROR_WANT_WRITE:
		*events = POLLOUT;
		return SD_IO_RETRY;
	case SSL_ERROR_ZERO_RETURN:
		ERR_clear_error();
		return SD_TLS_IO_CLOSED; /* close_notify */
	case SSL_ERROR_SYSCALL:
		ERR_clear_error();
		t->broken = 1;
		if (t->last_errno == 0) {
			return SD_TLS_IO_CLOSED; /* EOF without close_notify: normal for SMTP servers */
		}
		sd_text_errno(t->last_errno, t->io_error, sizeof(t->io_error));
		return SD_TLS_IO_ERROR;
	default:
		e = ERR_get_error();
		ERR_clear_error();
		t->broken = 1;
		if (e != 0 && SD_SSL_R_UNEXPECTED_EOF != -1 && ERR_GET_REASON(e) == SD_SSL_R_UNEXPECTED_EOF) {
			return SD_TLS_IO_CLOSED;
		}
		if (e != 0) {
			ERR_error_string_n(e, t->io_error, sizeof(t->io_error));
		} else {
			sd_str_copy(t->io_error, sizeof(t->io_error), "TLS error");
		}
		return SD_TLS_IO_ERROR;
	}
}

static int sd_io_ready(sd_tls *t)
{
	if (t == NULL) {
		return 0;
	}
	if (t->state != SD_TLS_DONE || t->broken) {
		sd_str_copy(t->io_error, sizeof(t->io_error), "no TLS session");
		return 0;
	}
	t->io_error[0] = '\0';
	return 1;
}

long sd_tls_read(sd_tls *t, void *buf, size_t len, double deadline)
{
	int n;
	long ret;
	short events = POLLIN;

	if (!sd_io_ready(t)) {
		return SD_TLS_IO_ERROR;
	}
	if (len == 0) {
		sd_str_copy(t->io_error, sizeof(t->io_error), "empty buffer");
		return SD_TLS_IO_ERROR;
	}
	if (len > INT_MAX) {
		len = INT_MAX;
	}
	for (;;) {
		ERR_clear_error();
		t->last_errno = 0;
		n = SSL_read(t->ssl, buf, (int) len);
		if (n > 0) {
			return n;
		}
		ret = sd_io_error(t, n, &events);
		if (ret != SD_IO_RETRY) {
			return ret;
		}
		if (!sd_wait(t->fd, events, deadline)) {
			sd_str_copy(t->io_error, sizeof(t->io_error), "timed out");
			return SD_TLS_IO_TIMEOUT;
		}
	}
}

long sd_tls_write(sd_tls *t, const void *buf, size_t len, double deadline)
{
	const char *p = buf;
	size_t done = 0, chunk;
	int n;
	long ret;
	short events = POLLOUT;

	if (!sd_io_ready(t)) {
		return SD_TLS_IO_ERROR;
	}
	if (len == 0 || len > LONG_MAX) {
		sd_str_copy(t->io_error, sizeof(t->io_error), len == 0 ? "empty buffer" : "buffer too large");
		return SD_TLS_IO_ERROR;
	}
	while (done < len) {
		chunk = len - done;
		if (chunk > INT_MAX) {
			chunk = INT_MAX;
		}
		ERR_clear_error();
		t->last_errno = 0;
		n = SSL_write(t->ssl, p + done, (int) chunk);
		if (n > 0) {
			done += (size_t) n;
			continue;
		}
		ret = sd_io_error(t, n, &events);
		if (ret == SD_TLS_IO_CLOSED) {
			sd_str_copy(t->io_error, sizeof(t->io_error), "the server closed the connection");
			return SD_TLS_IO_ERROR; /* a write that cannot be delivered is an error */
		}
		if (ret != SD_IO_RETRY) {
			return ret;
		}
		if (!sd_wait(t->fd, events, deadline)) {
			sd_str_copy(t->io_error, sizeof(t->io_error), "timed out");
			return SD_TLS_IO_TIMEOUT;
		}
	}
	return (long) done;
}

const char *sd_tls_io_error(const sd_tls *t)
{
	return t != NULL ? t->io_error : "";
}

int sd_tls_shutdown(sd_tls *t, double deadline)
{
	int rc, err;

	if (t == NULL || t->state != SD_TLS_DONE || t->broken) {
		return 0;
	}
	for (;;) {
		ERR_clear_error();
		t->last_errno = 0;
		rc = SSL_shutdown(t->ssl);
		if (rc >= 0) {
			/* 0: our close_notify is out; the peer's is not awaited. 1: both done. */
			ERR_clear_error();
			t->broken = 1;
			return 1;
		}
		err = SSL_get_error(t->ssl, rc);
		ERR_clear_error();
		if (err != SSL_ERROR_WANT_WRITE || !sd_wait(t->fd, POLLOUT, deadline)) {
			/* the peer is gone, or the deadline passed: nothing more to do */
			t->broken = 1;
			return 0;
		}
	}
}

void sd_tls_free(sd_tls *t)
{
	sd_tls_destroy(t);
}

/* ---------------------------------------------------------------------------------------------- */
/* the TLS sniff */

sd_tls_peer_kind sd_tls_sniff(sd_tls_fd fd, double deadline, unsigned char *first, size_t cap,
	size_t *first_len)
{
	sd_tls_result *r = malloc(sizeof(*r));
	sd_tls_opts o;
	sd_tls *t;
	sd_tls_step_rc rc;
	sd_tls_peer_kind kind = SD_TLS_PEER_NONE;
	size_t n;

	if (first_len != NULL) {
		*first_len = 0;
	}
	if (r == NULL) {
		return SD_TLS_PEER_NONE;
	}
	sd_tls_opts_init(&o);
	o.verify_peer = 0;
	o.verify_peer_name = 0;
	t = sd_tls_new(fd, &o, r, 1);
	if (t == NULL) {
		free(r);
		return SD_TLS_PEER_NONE;
	}
	for (;;) {
		rc = sd_tls_step(t);
		if (r->first_bytes_len > 0 || rc == SD_TLS_DONE || rc == SD_TLS_FAILED) {
			break;
		}
		if (!sd_wait(fd, rc == SD_TLS_WANT_READ ? POLLIN : POLLOUT, deadline)) {
			break;
		}
	}
	if (r->first_bytes_len > 0) {
		kind = sd_tls_classify_bytes(r->first_bytes, r->first_bytes_len);
	} else if (rc == SD_TLS_FAILED && r->outcome == SD_TLS_CLOSED) {
		kind = SD_TLS_PEER_CLOSED;
	}
	if (first != NULL && cap > 0) {
		n = r->first_bytes_len < cap ? r->first_bytes_len : cap;
		memcpy(first, r->first_bytes, n);
		if (first_len != NULL) {
			*first_len = n;
		}
	}
	sd_tls_destroy(t);
	free(r);
	return kind;
}
