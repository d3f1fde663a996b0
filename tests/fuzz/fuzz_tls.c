/* sources: src/engine/sd_castore.c src/engine/sd_text.c */
/* libs: -lssl -lcrypto -lpthread */
/* smtpdiag: libFuzzer target over the parts of the TLS engine that read what a peer sends without a
 * session: the first-bytes classifier, PHP's certificate name rule, and what smtpdiag reads out of a
 * certificate (names, subjectAltNames, dates, key, fingerprint) and matches against a peer name. The
 * engine's file is included whole, so its static helpers are reached as the handshake reaches them.
 * The input is read as first bytes, as a DER certificate, and as "pattern NUL name NUL" for the name
 * rules. tests/fuzz/run.sh builds and runs it, with certificates of tests/servers/certs.sh made at run
 * time added to its seeds.
 *
 * Besides the sanitizers, it checks with abort(): every text taken from a certificate is
 * NUL-terminated within its field and shows no control character, and what a report shows of it
 * (subject, issuer, CN, DNS names) is valid UTF-8 without C1 controls or invisible characters; kept subjectAltNames are at most
 * those counted; a certificate's own SHA-256 fingerprint matches it as a peer_fingerprint (in either
 * case) and a changed one does not; the name rule matches a name with itself, ignores case, without a
 * '*' is plain comparison, and with one never lets the '*' stand for a dot; the bracket and printable
 * copies stay within their capacity. */
#include "src/engine/sd_tls.c"
#include "src/engine/sd_utf8.h"

#include <stdint.h>
#include <stdlib.h>

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static X509 *own_leaf;

/* s is NUL-terminated within cap and holds no control character. */
static void check_text(const char *s, size_t cap)
{
	const char *nul = memchr(s, '\0', cap);
	size_t i;

	CHECK(nul != NULL);
	for (i = 0; s + i < nul; i++) {
		CHECK((unsigned char) s[i] >= 0x20 && s[i] != 0x7f);
	}
}

/* Text for a report: check_text(), and valid UTF-8 without C1 controls or any character
 * sd_text_invisible() names. */
static void check_shown(const char *s, size_t cap)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t len, i = 0, n;
	unsigned long cp;

	check_text(s, cap);
	len = strlen(s);
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = sd_utf8_decode(p + i, len - i, &cp);
		CHECK(n > 0);
		CHECK(cp > 0x9f && !sd_text_invisible(cp));
		i += n;
	}
}

/* A self-signed leaf made once, for the fingerprint and subjectAltName checks on inputs that are no
 * certificate. */
static X509 *make_leaf(void)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	CHECK(key != NULL && x != NULL && name != NULL);
	CHECK(X509_set_version(x, 2) == 1);
	CHECK(ASN1_INTEGER_set(X509_get_serialNumber(x), 25) == 1);
	CHECK(X509_gmtime_adj(X509_getm_notBefore(x), 0) != NULL);
	CHECK(X509_gmtime_adj(X509_getm_notAfter(x), 86400) != NULL);
	CHECK(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *) "mail.example.test", -1, -1, 0) == 1);
	CHECK(X509_set_subject_name(x, name) == 1 && X509_set_issuer_name(x, name) == 1);
	CHECK(X509_set_pubkey(x, key) == 1);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_alt_name,
		"DNS:mail.example.test,DNS:*.mx.example.test,IP:192.0.2.25,IP:2001:db8::25");
	CHECK(ext != NULL && X509_add_ext(x, ext, -1) == 1);
	X509_EXTENSION_free(ext);
	CHECK(X509_sign(x, key, EVP_sha256()) > 0);
	X509_NAME_free(name);
	EVP_PKEY_free(key);
	return x;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc;
	(void) argv;
	own_leaf = make_leaf();
	CHECK(sd_match_san(own_leaf, "mail.example.test") && sd_match_san(own_leaf, "a.mx.example.test"));
	CHECK(!sd_match_san(own_leaf, "a.b.mx.example.test") && sd_match_san(own_leaf, "2001:db8:0::25"));
	return 0;
}

/* The leaf's own SHA-256 pin matches, in upper case too; a changed one does not. */
static void check_pin(X509 *x, const char *sha256)
{
	char spec[80];
	size_t i;

	if (sha256[0] == '\0') {
		return;
	}
	CHECK(strlen(sha256) == 64);
	snprintf(spec, sizeof(spec), "sha256:%s", sha256);
	CHECK(sd_fingerprint_matches(x, spec) == 1);
	for (i = 7; spec[i]; i++) {
		if (spec[i] >= 'a' && spec[i] <= 'f') {
			spec[i] = (char) (spec[i] - 0x20);
		}
	}
	CHECK(sd_fingerprint_matches(x, spec) == 1);
	spec[10] = spec[10] == '0' ? '1' : '0';
	CHECK(sd_fingerprint_matches(x, spec) == 0);
}

static void fuzz_cert(const uint8_t *data, size_t size, const char *name)
{
	static sd_tls_cert c;
	const unsigned char *p = data;
	X509 *x = d2i_X509(NULL, &p, (long) size);
	char cn[SD_TLS_NAME_TEXT];
	int i, cnlen;

	if (x == NULL) {
		ERR_clear_error();
		return;
	}
	sd_fill_cert(&c, x);
	check_shown(c.subject, sizeof(c.subject));
	check_shown(c.issuer, sizeof(c.issuer));
	check_shown(c.subject_cn, sizeof(c.subject_cn));
	check_text(c.serial, sizeof(c.serial));
	check_text(c.not_before_iso, sizeof(c.not_before_iso));
	check_text(c.not_after_iso, sizeof(c.not_after_iso));
	check_text(c.key_type, sizeof(c.key_type));
	check_text(c.key_curve, sizeof(c.key_curve));
	check_text(c.sig_alg, sizeof(c.sig_alg));
	check_text(c.sha256, sizeof(c.sha256));
	CHECK(c.san_count >= 0 && c.san_count <= SD_TLS_MAX_SAN && c.san_count <= c.san_total);
	for (i = 0; i < c.san_count; i++) {
		check_shown(c.san[i].value, sizeof(c.san[i].value));
	}
	/* the CN the name check compares: control characters replaced, nothing else changed */
	cnlen = sd_first_cn(X509_get_subject_name(x), cn, sizeof(cn), sd_copy_printable);
	check_text(cn, sizeof(cn));
	CHECK(cnlen >= -2);
	if (cnlen >= 0 && strspn(c.subject_cn, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*") == strlen(c.subject_cn)) {
		CHECK(strcmp(cn, c.subject_cn) == 0);
	}
	check_pin(x, c.sha256);
	(void) sd_match_san(x, name);
	(void) sd_match_san(x, "mail.example.test");
	(void) sd_match_san(x, "192.0.2.25");
	(void) sd_fingerprint_matches(x, name);
	X509_free(x);
	ERR_clear_error();
}

static size_t dots(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		n += *s == '.';
	}
	return n;
}

static void fuzz_names(const char *pattern, const char *name)
{
	char flipped[300], out[300];
	static const size_t caps[] = { 1, 2, 5, sizeof(out) };
	size_t i, n = strlen(name);
	int m = sd_tls_name_matches(pattern, name);

	CHECK(m == 0 || m == 1);
	CHECK(sd_tls_name_matches(pattern, pattern) == 1 && sd_tls_name_matches(name, name) == 1);
	CHECK(sd_tls_name_matches(NULL, name) == 0 && sd_tls_name_matches(pattern, NULL) == 0);
	if (strchr(pattern, '*') == NULL) {
		CHECK(m == (strcasecmp(pattern, name) == 0));
	}
	if (m) {
		CHECK(dots(pattern) == dots(name));
	}
	/* case does not count */
	for (i = 0; i <= n; i++) {
		char ch = name[i];
		flipped[i] = ch >= 'a' && ch <= 'z' ? (char) (ch - 0x20) : ch >= 'A' && ch <= 'Z' ? (char) (ch + 0x20) : ch;
	}
	CHECK(sd_tls_name_matches(pattern, flipped) == m);

	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		memset(out, 'Z', sizeof(out));
		sd_unbracket(out, caps[i], pattern);
		CHECK(memchr(out, '\0', caps[i]) != NULL);
		if (caps[i] < sizeof(out)) {
			CHECK(out[caps[i]] == 'Z');
		}
	}
	(void) sd_fingerprint_matches(own_leaf, pattern);
	(void) sd_match_san(own_leaf, name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char pattern[256], name[256], out[300];
	const uint8_t *nul, *rest;
	size_t pl, nl, i;
	sd_tls_peer_kind k;

	k = sd_tls_classify_bytes(data, size);
	CHECK(k >= SD_TLS_PEER_NONE && k <= SD_TLS_PEER_CLOSED && k != SD_TLS_PEER_CLOSED);
	CHECK(sd_tls_peer_kind_name(k) != NULL && (size == 0) == (k == SD_TLS_PEER_NONE));
	if (size >= 4 && data[0] >= '0' && data[0] <= '9' && data[1] >= '0' && data[1] <= '9' && data[2] >= '0'
			&& data[2] <= '9' && (data[3] == ' ' || data[3] == '-')) {
		CHECK(k == SD_TLS_PEER_SMTP);
	}

	/* "pattern NUL name NUL ..." */
	nul = memchr(data, '\0', size);
	pl = nul ? (size_t) (nul - data) : size;
	rest = nul ? nul + 1 : data + size;
	nl = (size_t) (data + size - rest);
	nul = memchr(rest, '\0', nl);
	nl = nul ? (size_t) (nul - rest) : nl;
	if (pl < sizeof(pattern) && nl < sizeof(name)) {
		memcpy(pattern, data, pl);
		pattern[pl] = '\0';
		memcpy(name, rest, nl);
		name[nl] = '\0';
		fuzz_names(pattern, name);
	} else {
		name[0] = '\0';
	}

	for (i = 1; i <= sizeof(out); i += 97) {
		memset(out, 'Z', sizeof(out));
		sd_copy_printable(out, i, data, size);
		check_text(out, i);
		CHECK(strlen(out) == (size < i - 1 ? size : i - 1));
		if (i < sizeof(out)) {
			CHECK(out[i] == 'Z');
		}
	}

	fuzz_cert(data, size, name);
	ERR_clear_error();
	return 0;
}
