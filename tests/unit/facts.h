/* smtpdiag unit tests: the environment facts of a healthy Debian-like machine (PHP-FPM, openssl built
 * in, every socket function enabled, OpenSSL's default CA store, no SELinux, an IPv4 route only). Each
 * test breaks one fact of a copy. */
#ifndef SD_TEST_FACTS_H
#define SD_TEST_FACTS_H

#include <string.h>

#include "src/engine/sd_envrules.h"

static inline sd_env_facts sd_test_healthy_facts(void)
{
	sd_env_facts f;

	memset(&f, 0, sizeof(f));
	f.php_version = "8.2.36";
	f.sapi = "fpm-fcgi";
	f.openssl_extension = 1;
	f.openssl_constant = 1;
	f.transport_ssl = 1;
	f.transport_tls = 1;
	f.openssl_extension_version = "OpenSSL 3.0.17";
	f.openssl_library_version = "OpenSSL 3.0.17";
	f.fn_stream_socket_client = 1;
	f.fn_fsockopen = 1;
	f.fn_stream_socket_enable_crypto = 1;
	f.cafile = (sd_ca_location) { "/usr/lib/ssl/cert.pem", "OpenSSL default", 1, 1, 140 };
	f.capath = (sd_ca_location) { "/usr/lib/ssl/certs", "OpenSSL default", 1, 1, 140 };
	f.selinux = SD_SELINUX_ABSENT;
	f.httpd_can_network_connect = SD_TRI_UNKNOWN;
	f.httpd_can_sendmail = SD_TRI_UNKNOWN;
	f.route_v4 = SD_TRI_YES;
	f.route_v6 = SD_TRI_NO;
	return f;
}

#endif
