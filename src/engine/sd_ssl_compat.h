/* smtpdiag: the few OpenSSL names that differ between the libraries smtpdiag builds against.
 * Only the TLS files (src/engine/sd_tls.c, src/engine/sd_castore.c) include this file. smtpdiag uses
 * the OpenSSL 3 names; on OpenSSL 1.1.1 (and LibreSSL, which follows the 1.1 API) they map to the
 * older spellings here, so the engine builds clean with -Werror=deprecated-declarations on 3.x and
 * still works on 1.1.1. */
#ifndef SD_SSL_COMPAT_H
#define SD_SSL_COMPAT_H

#include <string.h>
#include <openssl/opensslv.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/evp.h>
#include <openssl/objects.h>

#if OPENSSL_VERSION_NUMBER < 0x10101000L
# error "smtpdiag needs OpenSSL 1.1.1 or later"
#endif

#if OPENSSL_VERSION_NUMBER >= 0x30000000L && !defined(LIBRESSL_VERSION_NUMBER)
# define SD_OPENSSL3 1
#else
# define SD_OPENSSL3 0
# include <openssl/ec.h>
#endif

#if SD_OPENSSL3

# define sd_ssl_get1_peer_certificate(s) SSL_get1_peer_certificate(s)
# define sd_pkey_base_id(k) EVP_PKEY_get_base_id(k)
# define sd_pkey_bits(k) EVP_PKEY_get_bits(k)
/* 1 when the certificate names itself as issuer (subject == issuer and matching key ids); the
 * signature is not checked, as the chain verdict already covers it. */
# define sd_x509_self_issued(x) (X509_self_signed((x), 0) == 1)

static inline int sd_pkey_group_name(EVP_PKEY *k, char *buf, size_t cap)
{
	size_t len = 0;

	buf[0] = '\0';
	if (EVP_PKEY_get_group_name(k, buf, cap, &len) != 1) {
		buf[0] = '\0';
		return 0;
	}
	return 1;
}

#else /* OpenSSL 1.1.1, LibreSSL */

# define sd_ssl_get1_peer_certificate(s) SSL_get_peer_certificate(s)
# define sd_pkey_base_id(k) EVP_PKEY_base_id(k)
# define sd_pkey_bits(k) EVP_PKEY_bits(k)
# define sd_x509_self_issued(x) (X509_check_issued((x), (x)) == X509_V_OK)

static inline int sd_pkey_group_name(EVP_PKEY *k, char *buf, size_t cap)
{
	const EC_KEY *ec;
	const EC_GROUP *g;
	const char *sn;
	int nid;

	buf[0] = '\0';
	if (EVP_PKEY_base_id(k) != EVP_PKEY_EC || (ec = EVP_PKEY_get0_EC_KEY(k)) == NULL
		|| (g = EC_KEY_get0_group(ec)) == NULL || (nid = EC_GROUP_get_curve_name(g)) == NID_undef
		|| (sn = OBJ_nid2sn(nid)) == NULL) {
		return 0;
	}
	strncpy(buf, sn, cap - 1);
	buf[cap - 1] = '\0';
	return 1;
}

#endif

/* OpenSSL 3 reports a peer that closes in the middle of a record as a library error with this reason;
 * 1.1.1 reports it as SSL_ERROR_SYSCALL with no error queued. */
#ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING
# define SD_SSL_R_UNEXPECTED_EOF SSL_R_UNEXPECTED_EOF_WHILE_READING
#else
# define SD_SSL_R_UNEXPECTED_EOF (-1)
#endif

#endif
