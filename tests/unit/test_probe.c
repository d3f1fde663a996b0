/* sources: src/engine/sd_probe.c src/engine/sd_net.c src/engine/sd_tls.c src/engine/sd_castore.c src/engine/sd_smtp.c src/engine/sd_reply.c src/engine/sd_ehlo.c src/engine/sd_text.c src/engine/sd_host.c src/engine/sd_verdict.c src/engine/sd_auth.c src/engine/sd_findings.c src/engine/sd_envrules.c */
/* libs: -lssl -lcrypto -lpthread -Wl,--wrap=calloc */
/* sources: src/engine/sd_providers.c src/engine/sd_clouds.c */
/* sd_probe_run() driven by synthetic environment facts. Debian's PHP has the openssl extension built in
 * and every function enabled by default, so openssl_missing (and the auto mode's openssl warning) cannot
 * be produced by a .phpt test on it; php_functions_disabled and ca_bundle_missing can (see
 * tests/probe/probe_php_functions_disabled_*.phpt and probe_ca_bundle_missing_ini_cafile.phpt), and are
 * checked here too, with facts no php.ini can fake, and their precedence. Only 127.0.0.1 is touched: a
 * small SMTP peer in a thread for the cases that get as far as a connection. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "src/engine/sd_probe.h"
#include "src/engine/sd_providers.h"
#include "src/engine/sd_clouds.h"
#include "tests/unit/facts.h"

/* calloc() as the engine sees it (linked with --wrap=calloc): fails while fail_calloc is set. */
static int fail_calloc;
void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size)
{
	return fail_calloc ? NULL : __real_calloc(n, size);
}

/* No openssl extension: what PHP built without ext/openssl (or with it not loaded) looks like. */
static sd_env_facts no_openssl(void)
{
	sd_env_facts f = sd_test_healthy_facts();

	f.openssl_extension = 0;
	f.openssl_constant = 0;
	f.transport_ssl = 0;
	f.transport_tls = 0;
	f.openssl_extension_version = NULL;
	return f;
}

typedef struct {
	sd_env_facts facts;
	sd_env_result env;
	sd_probe_opts o;
	sd_probe_result *r;
} fixture;

/* Options as smtpdiag_probe() would build them for host:port with facts f. */
static void setup(fixture *x, const sd_env_facts *f, const char *host, int port, sd_security sec)
{
	memset(x, 0, sizeof(*x));
	x->facts = *f;
	sd_env_rules(&x->facts, &x->env);
	x->o.host = host;
	x->o.host_len = strlen(host);
	x->o.port = port;
	x->o.security = sec;
	x->o.timeout_ms = 3000;
	x->o.helo = "client.smtpdiag.test";
	x->o.verify_peer = 1;
	x->o.verify_peer_name = 1;
	x->o.openssl_extension = x->facts.openssl_extension && x->facts.openssl_constant;
	x->o.env = &x->facts;
	x->o.env_result = &x->env;
	x->o.sniff_after_ms = 1000;
	x->o.no_localhost_autotls = 1;
	x->r = calloc(1, sizeof(*x->r));
	assert_non_null(x->r);
}

static void teardown(fixture *x)
{
	free(x->r);
}

static const sd_check *chk(const sd_probe_result *r, sd_probe_check_id id)
{
	return &r->checks[id];
}

static const sd_finding *finding(const sd_probe_result *r, const char *code)
{
	sd_code c;

	assert_true(sd_code_parse(code, strlen(code), &c));
	return sd_findings_find(&r->findings, c);
}

/* Nothing after the environment stage ran: no name looked up, no socket opened, nothing said. */
static void assert_no_network(const sd_probe_result *r)
{
	int id;

	assert_int_equal(r->resolved, 0);
	assert_int_equal(r->connected, 0);
	assert_int_equal(r->transcript.len, 0);
	for (id = SD_PCHECK_DNS; id < SD_PCHECK_COUNT; id++) {
		assert_int_equal(r->checks[id].status, SD_STATUS_SKIP);
		assert_string_equal(r->checks[id].message, "not reached");
	}
	assert_true(r->elapsed_ms < 100.0);
}

/* ---- a one-connection SMTP peer on 127.0.0.1 ------------------------------------------------ */

typedef struct {
	int listen_fd;
	int port;
	int starttls;     /* advertise STARTTLS in the EHLO reply */
	pthread_t thread;
} peer;

static void say(int fd, const char *s)
{
	ssize_t n = send(fd, s, strlen(s), MSG_NOSIGNAL);
	(void) n;
}

static void *peer_main(void *arg)
{
	peer *p = arg;
	char buf[1024];
	size_t len = 0;
	int fd = accept(p->listen_fd, NULL, NULL);

	if (fd < 0) {
		return NULL;
	}
	say(fd, "220 unit.smtpdiag.test ESMTP unit peer\r\n");
	for (;;) {
		char *nl;
		ssize_t n = recv(fd, buf + len, sizeof(buf) - 1 - len, 0);
		if (n <= 0) {
			break;
		}
		len += (size_t) n;
		buf[len] = '\0';
		while ((nl = strchr(buf, '\n')) != NULL) {
			size_t line_len = (size_t) (nl - buf) + 1;
			if (strncmp(buf, "EHLO", 4) == 0) {
				say(fd, p->starttls ? "250-unit.smtpdiag.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n"
					: "250-unit.smtpdiag.test\r\n250 8BITMIME\r\n");
			} else if (strncmp(buf, "QUIT", 4) == 0) {
				say(fd, "221 2.0.0 bye\r\n");
				close(fd);
				return NULL;
			} else {
				say(fd, "502 5.5.2 not here\r\n");
			}
			memmove(buf, buf + line_len, len - line_len + 1);
			len -= line_len;
		}
	}
	close(fd);
	return NULL;
}

/* A listening socket on 127.0.0.1, on a port the kernel picks (*port). */
static int listen_loopback(int *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *) &sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *) &sa, &sl), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

static void peer_start(peer *p, int starttls)
{
	memset(p, 0, sizeof(*p));
	p->starttls = starttls;
	p->listen_fd = listen_loopback(&p->port);
	assert_int_equal(pthread_create(&p->thread, NULL, peer_main, p), 0);
}

static void peer_stop(peer *p)
{
	shutdown(p->listen_fd, SHUT_RDWR);
	pthread_join(p->thread, NULL);
	close(p->listen_fd);
}

/* ---- a TLS peer whose certificate no store trusts ------------------------------------------------ */

/* A self-signed P-256 certificate for 127.0.0.1, made in memory: no CA file or default path trusts it. */
static SSL_CTX *untrusted_server_ctx(void)
{
	EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, NULL);
	EVP_PKEY *key = NULL;
	X509 *cert = X509_new();
	X509_NAME *name;
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	assert_non_null(kc);
	assert_non_null(cert);
	assert_non_null(ctx);
	assert_int_equal(EVP_PKEY_keygen_init(kc), 1);
	assert_int_equal(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(kc, NID_X9_62_prime256v1), 1);
	assert_int_equal(EVP_PKEY_keygen(kc, &key), 1);
	EVP_PKEY_CTX_free(kc);
	X509_set_version(cert, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
	X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
	X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
	X509_set_pubkey(cert, key);
	name = X509_get_subject_name(cert);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *) "127.0.0.1", -1, -1, 0);
	X509_set_issuer_name(cert, name);
	assert_true(X509_sign(cert, key, EVP_sha256()) > 0);
	assert_int_equal(SSL_CTX_use_certificate(ctx, cert), 1);
	assert_int_equal(SSL_CTX_use_PrivateKey(ctx, key), 1);
	X509_free(cert);
	EVP_PKEY_free(key);
	return ctx;
}

typedef struct {
	int listen_fd;
	int port;
	int starttls;          /* greet and take STARTTLS first; else implicit TLS */
	SSL_CTX *ctx;
	pthread_t thread;
	int handshakes;        /* TLS handshakes completed */
	size_t app_bytes;      /* bytes of application data received over them (SMTP the client sent) */
	int close_notify;      /* sessions the client ended with close_notify */
} tls_peer;

/* Up to STARTTLS in clear text: 1 when the client asked for it and was told to go ahead. */
static int tls_peer_starttls(int fd)
{
	char buf[512];
	size_t len = 0;

	say(fd, "220 unit.smtpdiag.test ESMTP unit peer\r\n");
	for (;;) {
		char *nl;
		ssize_t n = recv(fd, buf + len, sizeof(buf) - 1 - len, 0);

		if (n <= 0) {
			return 0;
		}
		len += (size_t) n;
		buf[len] = '\0';
		while ((nl = strchr(buf, '\n')) != NULL) {
			size_t line_len = (size_t) (nl - buf) + 1;

			if (strncmp(buf, "EHLO", 4) == 0) {
				say(fd, "250-unit.smtpdiag.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
			} else if (strncmp(buf, "STARTTLS", 8) == 0) {
				say(fd, "220 2.0.0 Ready to start TLS\r\n");
				return 1;
			} else if (strncmp(buf, "QUIT", 4) == 0) {
				say(fd, "221 2.0.0 bye\r\n");
				return 0;
			} else {
				say(fd, "502 5.5.2 not here\r\n");
			}
			memmove(buf, buf + line_len, len - line_len + 1);
			len -= line_len;
		}
	}
}

static void *tls_peer_main(void *arg)
{
	tls_peer *p = arg;
	sigset_t pipe;
	int fd;

	/* OpenSSL's socket BIO writes with write(): a client that left mid-handshake is EPIPE here, not a
	 * SIGPIPE that ends the test program (the engine's own writes never raise it; see test_tls.c) */
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, NULL);
	while ((fd = accept(p->listen_fd, NULL, NULL)) >= 0) {
		struct timeval tv = { 5, 0 };  /* a client that never closes cannot hold the test */
		SSL *ssl;
		char buf[512];
		int n;

		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (p->starttls && !tls_peer_starttls(fd)) {
			close(fd);
			continue;
		}
		ssl = SSL_new(p->ctx);
		SSL_set_fd(ssl, fd);
		if (SSL_accept(ssl) == 1) {
			p->handshakes++;
			while ((n = SSL_read(ssl, buf, sizeof(buf))) > 0) {
				p->app_bytes += (size_t) n;
			}
			if (SSL_get_shutdown(ssl) & SSL_RECEIVED_SHUTDOWN) {
				p->close_notify++;
			}
		}
		SSL_free(ssl);
		close(fd);
	}
	return NULL;
}

static void tls_peer_start(tls_peer *p, int starttls)
{
	memset(p, 0, sizeof(*p));
	p->starttls = starttls;
	p->ctx = untrusted_server_ctx();
	p->listen_fd = listen_loopback(&p->port);
	assert_int_equal(pthread_create(&p->thread, NULL, tls_peer_main, p), 0);
}

static void tls_peer_stop(tls_peer *p)
{
	shutdown(p->listen_fd, SHUT_RDWR);
	pthread_join(p->thread, NULL);
	close(p->listen_fd);
	SSL_CTX_free(p->ctx);
}

/* A session whose certificate failed verification carries no SMTP in either mode: the server that
 * holds the key (or a man in the middle) gets no EHLO, no AUTH, not even a QUIT, only close_notify. */
static void check_nothing_over_unverified(sd_security sec)
{
	sd_env_facts f = sd_test_healthy_facts();
	fixture x;
	tls_peer p;

	tls_peer_start(&p, sec == SD_SEC_STARTTLS);
	setup(&x, &f, "127.0.0.1", p.port, sec);
	x.o.auth = 1;
	x.o.username = "alice";
	x.o.username_len = 5;
	x.o.password = "unit-secret";
	x.o.password_len = 11;
	sd_probe_run(&x.o, x.r);
	tls_peer_stop(&p);

	assert_string_equal(sd_code_name(x.r->verdict), "cert_untrusted");
	assert_false(x.r->ok);
	assert_int_equal(chk(x.r, SD_PCHECK_TLS)->status, SD_STATUS_PASS);
	assert_int_equal(chk(x.r, SD_PCHECK_CERTIFICATE)->status, SD_STATUS_FAIL);
	assert_true(p.handshakes >= 1);
	assert_int_equal(p.app_bytes, 0);
	assert_int_equal(p.close_notify, p.handshakes);
	assert_int_equal(chk(x.r, SD_PCHECK_AUTH)->status, SD_STATUS_SKIP);
	assert_int_equal(chk(x.r, SD_PCHECK_QUIT)->status, SD_STATUS_SKIP);
	assert_non_null(strstr(chk(x.r, SD_PCHECK_QUIT)->message, "not sent: the certificate failed verification"));
	/* what the transcript shows was said: in clear text up to STARTTLS, and nothing after the handshake */
	{
		size_t pos = 0;
		const char *line, *last_c = NULL, *last_s = NULL;

		while ((line = sd_transcript_next(&x.r->transcript, &pos)) != NULL) {
			if (strncmp(line, "C: ", 3) == 0) {
				last_c = line;
			} else if (strncmp(line, "S: ", 3) == 0) {
				last_s = line;
			}
		}
		if (sec == SD_SEC_SMTPS) {
			assert_int_equal(chk(x.r, SD_PCHECK_GREETING)->status, SD_STATUS_SKIP);
			assert_non_null(strstr(chk(x.r, SD_PCHECK_GREETING)->message, "not read: the certificate failed verification"));
			assert_null(last_c);
			assert_null(last_s);
		} else {
			assert_non_null(last_c);
			assert_string_equal(last_c, "C: STARTTLS");
			assert_non_null(last_s);
			assert_string_equal(last_s, "S: 220 2.0.0 Ready to start TLS");
		}
	}
	teardown(&x);
}

static void test_nothing_over_unverified_starttls(void **state)
{
	(void) state;
	check_nothing_over_unverified(SD_SEC_STARTTLS);
}

static void test_nothing_over_unverified_smtps(void **state)
{
	(void) state;
	check_nothing_over_unverified(SD_SEC_SMTPS);
}

/* ---- openssl_missing ----------------------------------------------------------------------- */

static void check_openssl_missing(sd_security sec, int port, int default_port)
{
	sd_env_facts f = no_openssl();
	fixture x;

	setup(&x, &f, "smtp.example.com", port, sec);
	sd_probe_run(&x.o, x.r);

	assert_string_equal(sd_code_name(x.r->verdict), "openssl_missing");
	assert_false(x.r->ok);
	assert_int_equal(x.r->port, default_port);
	assert_int_equal(chk(x.r, SD_PCHECK_TARGET)->status, SD_STATUS_PASS);
	assert_int_equal(chk(x.r, SD_PCHECK_ENVIRONMENT)->status, SD_STATUS_FAIL);
	assert_string_equal(chk(x.r, SD_PCHECK_ENVIRONMENT)->message, "PHP's openssl extension is not loaded");
	assert_no_network(x.r);

	/* The verdict leads the findings, as an error, with the summary as its message; the environment's
	 * own openssl_missing error is not repeated after it. */
	assert_int_equal(x.r->findings.count, 1);
	assert_string_equal(sd_code_name(x.r->findings.items[0].code), "openssl_missing");
	assert_int_equal(x.r->findings.items[0].severity, SD_SEV_ERROR);
	assert_string_equal(x.r->findings.items[0].message, x.r->explain.summary);

	{
		char want[256];
		snprintf(want, sizeof(want), "TLS is needed for smtp.example.com:%d but PHP's openssl extension is "
			"not loaded in this PHP", default_port);
		assert_string_equal(x.r->explain.summary, want);
	}
	assert_int_equal(x.r->explain.nfixes, 1);
	assert_string_equal(x.r->explain.fixes[0], "enable the extension: extension=openssl in the php.ini of this "
		"SAPI (php --ini shows which), or install the package that provides it, then restart PHP-FPM or the "
		"web server");
	assert_string_equal(x.r->explain.reproduce, "php -m | grep -i openssl");
	teardown(&x);
}

static void test_openssl_missing_smtps(void **state)
{
	(void) state;
	check_openssl_missing(SD_SEC_SMTPS, 0, 465);
}

static void test_openssl_missing_starttls(void **state)
{
	(void) state;
	check_openssl_missing(SD_SEC_STARTTLS, 0, 587);
	check_openssl_missing(SD_SEC_STARTTLS, 2525, 2525);
}

/* security none needs no TLS: a missing openssl extension is no problem and no finding of the probe's
 * own (the environment's warnings are copied; its errors are not the probe's verdict here). */
static void test_openssl_missing_irrelevant_for_none(void **state)
{
	sd_env_facts f = no_openssl();
	peer p;
	fixture x;

	(void) state;
	peer_start(&p, 1);
	setup(&x, &f, "127.0.0.1", p.port, SD_SEC_NONE);
	sd_probe_run(&x.o, x.r);
	peer_stop(&p);

	assert_string_equal(sd_code_name(x.r->verdict), "ok");
	assert_true(x.r->ok);
	assert_null(finding(x.r, "openssl_missing"));
	assert_int_equal(chk(x.r, SD_PCHECK_STARTTLS)->status, SD_STATUS_SKIP);
	assert_non_null(finding(x.r, "cleartext"));
	teardown(&x);
}

/* auto: PHPMailer skips STARTTLS without the extension, so the connection works in clear text. */
static void test_auto_without_openssl_warns(void **state)
{
	sd_env_facts f = no_openssl();
	const sd_finding *w;
	peer p;
	fixture x;
	size_t pos = 0;
	const char *line;
	int saw_starttls = 0;

	(void) state;
	peer_start(&p, 1);
	setup(&x, &f, "127.0.0.1", p.port, SD_SEC_AUTO);
	sd_probe_run(&x.o, x.r);
	peer_stop(&p);

	assert_string_equal(sd_code_name(x.r->verdict), "ok");
	assert_true(x.r->ok);
	w = finding(x.r, "openssl_missing");
	assert_non_null(w);
	assert_int_equal(w->severity, SD_SEV_WARNING);
	assert_string_equal(w->message, "PHP's openssl extension is not loaded: PHPMailer skips STARTTLS even when "
		"the server offers it, so mail and passwords travel in clear text");
	assert_int_equal(chk(x.r, SD_PCHECK_ENVIRONMENT)->status, SD_STATUS_WARN);
	assert_int_equal(chk(x.r, SD_PCHECK_STARTTLS)->status, SD_STATUS_WARN);
	assert_string_equal(chk(x.r, SD_PCHECK_STARTTLS)->message, "offered, but PHP has no openssl extension: "
		"PHPMailer goes on without TLS");
	assert_int_equal(chk(x.r, SD_PCHECK_TLS)->status, SD_STATUS_SKIP);
	assert_int_equal(x.r->tls_attempted, 0);
	while ((line = sd_transcript_next(&x.r->transcript, &pos)) != NULL) {
		if (strcmp(line, "C: STARTTLS") == 0) {
			saw_starttls = 1;
		}
	}
	assert_false(saw_starttls);
	teardown(&x);
}

/* ---- php_functions_disabled ---------------------------------------------------------------- */

static void test_sockets_disabled(void **state)
{
	static const sd_security modes[] = { SD_SEC_AUTO, SD_SEC_NONE, SD_SEC_STARTTLS, SD_SEC_SMTPS };
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		sd_env_facts f = no_openssl();   /* comes after: PHPMailer cannot even open the socket */
		fixture x;

		f.fn_stream_socket_client = 0;
		f.fn_fsockopen = 0;
		setup(&x, &f, "smtp.example.com", 0, modes[i]);
		sd_probe_run(&x.o, x.r);
		assert_string_equal(sd_code_name(x.r->verdict), "php_functions_disabled");
		assert_false(x.r->ok);
		assert_string_equal(chk(x.r, SD_PCHECK_ENVIRONMENT)->message,
			"stream_socket_client() and fsockopen() are disabled");
		assert_no_network(x.r);
		assert_string_equal(x.r->explain.summary, "This PHP cannot open the connection: disable_functions lists "
			"stream_socket_client and fsockopen");
		assert_int_equal(x.r->explain.nfixes, 1);
		assert_non_null(strstr(x.r->explain.fixes[0], "from disable_functions in php.ini"));
		teardown(&x);
	}
}

/* One of the two is enough: PHPMailer falls back to fsockopen(). */
static void test_fsockopen_fallback_is_not_fatal(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	peer p;
	fixture x;

	(void) state;
	f.fn_stream_socket_client = 0;
	peer_start(&p, 0);
	setup(&x, &f, "127.0.0.1", p.port, SD_SEC_NONE);
	sd_probe_run(&x.o, x.r);
	peer_stop(&p);
	assert_string_equal(sd_code_name(x.r->verdict), "ok");
	assert_null(finding(x.r, "php_functions_disabled"));
	teardown(&x);
}

static void test_enable_crypto_disabled_starttls(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	fixture x;

	(void) state;
	f.fn_stream_socket_enable_crypto = 0;
	setup(&x, &f, "smtp.example.com", 587, SD_SEC_STARTTLS);
	sd_probe_run(&x.o, x.r);
	assert_string_equal(sd_code_name(x.r->verdict), "php_functions_disabled");
	assert_string_equal(chk(x.r, SD_PCHECK_ENVIRONMENT)->message, "stream_socket_enable_crypto() is disabled");
	assert_string_equal(x.r->explain.summary, "This PHP cannot open the connection: disable_functions lists "
		"stream_socket_enable_crypto, which STARTTLS needs");
	assert_no_network(x.r);
	teardown(&x);
}

static void test_enable_crypto_disabled_auto_warns(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	const sd_finding *w;
	peer p;
	fixture x;

	(void) state;
	f.fn_stream_socket_enable_crypto = 0;
	peer_start(&p, 0);
	setup(&x, &f, "127.0.0.1", p.port, SD_SEC_AUTO);
	sd_probe_run(&x.o, x.r);
	peer_stop(&p);
	assert_string_equal(sd_code_name(x.r->verdict), "ok");
	w = finding(x.r, "php_functions_disabled");
	assert_non_null(w);
	assert_int_equal(w->severity, SD_SEV_WARNING);
	assert_string_equal(w->message, "stream_socket_enable_crypto is disabled: PHPMailer fails as soon as the "
		"server offers STARTTLS");
	teardown(&x);
}

/* ---- ca_bundle_missing --------------------------------------------------------------------- */

static sd_env_facts no_ca(void)
{
	sd_env_facts f = sd_test_healthy_facts();

	f.cafile = (sd_ca_location) { "/etc/ssl/missing.pem", "php.ini openssl.cafile", 0, 0, 0 };
	f.capath = (sd_ca_location) { NULL, NULL, 0, 0, 0 };
	f.ca_explicit = 1;
	return f;
}

static void test_ca_missing_tls_modes(void **state)
{
	static const sd_security modes[] = { SD_SEC_STARTTLS, SD_SEC_SMTPS };
	size_t i;

	(void) state;
	for (i = 0; i < 2; i++) {
		sd_env_facts f = no_ca();
		const sd_finding *env_ca;
		fixture x;
		char want[SD_TEXT_MAX];

		setup(&x, &f, "smtp.example.com", 0, modes[i]);
		x.o.cafile = "/etc/ssl/missing.pem";
		env_ca = sd_findings_find(&x.env.findings, SD_V_CA_BUNDLE_MISSING);
		assert_non_null(env_ca);
		sd_probe_run(&x.o, x.r);
		assert_string_equal(sd_code_name(x.r->verdict), "ca_bundle_missing");
		assert_false(x.r->ok);
		assert_string_equal(chk(x.r, SD_PCHECK_ENVIRONMENT)->message, "no usable CA certificates");
		assert_no_network(x.r);
		/* The summary carries the environment's own explanation of what is wrong. */
		snprintf(want, sizeof(want), "No usable CA certificates, so no server certificate can be verified: %s",
			env_ca->message);
		assert_string_equal(x.r->explain.summary, want);
		assert_int_equal(x.r->explain.nfixes, 2);
		assert_string_equal(x.r->explain.fixes[0], "openssl.cafile=/etc/ssl/certs/ca-certificates.crt (php.ini; "
			"RHEL: /etc/pki/tls/certs/ca-bundle.crt)");
		teardown(&x);
	}
}

/* Without verification, or without TLS, no CA is needed. */
static void test_ca_missing_irrelevant(void **state)
{
	sd_env_facts f = no_ca();
	peer p;
	fixture x;

	(void) state;
	peer_start(&p, 0);
	setup(&x, &f, "127.0.0.1", p.port, SD_SEC_NONE);
	sd_probe_run(&x.o, x.r);
	peer_stop(&p);
	assert_string_equal(sd_code_name(x.r->verdict), "ok");
	assert_null(sd_findings_first_error(&x.r->findings));
	teardown(&x);
}

/* The order PHPMailer meets them: the socket functions, then the extension, then the CA store. */
static void test_precedence(void **state)
{
	sd_env_facts f = no_ca();
	fixture x;

	(void) state;
	f.openssl_extension = 0;
	f.openssl_constant = 0;
	setup(&x, &f, "smtp.example.com", 465, SD_SEC_SMTPS);
	sd_probe_run(&x.o, x.r);
	assert_string_equal(sd_code_name(x.r->verdict), "openssl_missing");
	teardown(&x);

	f.fn_stream_socket_enable_crypto = 0;
	f.openssl_extension = 1;
	f.openssl_constant = 1;
	setup(&x, &f, "smtp.example.com", 587, SD_SEC_STARTTLS);
	sd_probe_run(&x.o, x.r);
	assert_string_equal(sd_code_name(x.r->verdict), "php_functions_disabled");
	teardown(&x);

	/* A malformed host comes before all of them. */
	f.fn_stream_socket_client = 0;
	f.fn_fsockopen = 0;
	setup(&x, &f, " smtp.example.com", 465, SD_SEC_SMTPS);
	sd_probe_run(&x.o, x.r);
	assert_string_equal(sd_code_name(x.r->verdict), "host_malformed");
	assert_int_equal(chk(x.r, SD_PCHECK_ENVIRONMENT)->status, SD_STATUS_SKIP);
	teardown(&x);
}

/* No memory for the probe's state: nothing runs, yet the result is whole. Every check is named (the
 * report reads each name) and skipped; the flag tells the PHP layer to raise an Error. */
static void test_out_of_memory(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	fixture x;
	int id;

	(void) state;
	setup(&x, &f, "smtp.example.com", 0, SD_SEC_SMTPS);
	fail_calloc = 1;
	sd_probe_run(&x.o, x.r);
	fail_calloc = 0;
	assert_true(x.r->out_of_memory);
	assert_false(x.r->ok);
	assert_int_equal(x.r->port, 465);
	for (id = 0; id < SD_PCHECK_COUNT; id++) {
		assert_non_null(chk(x.r, id)->name);
		assert_string_equal(chk(x.r, id)->name, sd_probe_check_name(id));
		assert_int_equal(chk(x.r, id)->status, SD_STATUS_SKIP);
		assert_string_equal(chk(x.r, id)->message, "not run: out of memory");
	}
	assert_non_null(x.r->host_kind);
	assert_non_null(x.r->first_bytes);
	teardown(&x);

	/* sd_probe_conclude() (the hook's reports without network) takes the same path */
	setup(&x, &f, "smtp.example.com", 587, SD_SEC_STARTTLS);
	fail_calloc = 1;
	sd_probe_conclude(&x.o, x.r, SD_V_MAILER_NOT_SMTP, "Mailer is 'mail'", NULL);
	fail_calloc = 0;
	assert_true(x.r->out_of_memory);
	assert_string_equal(chk(x.r, SD_PCHECK_QUIT)->name, "quit");
	teardown(&x);
}

/* ---- the near-miss matcher ------------------------------------------------------------------ */

static void test_edit_distance(void **state)
{
	static const struct { const char *a, *b; int d; } cases[] = {
		{ "smtp.gmail.com", "smtp.gmail.com", 0 },
		{ "SMTP.Gmail.COM", "smtp.gmail.com", 0 },   /* case does not count */
		{ "smtp.gmial.com", "smtp.gmail.com", 1 },   /* two neighbours swapped: one edit */
		{ "smtp.gmail.co", "smtp.gmail.com", 1 },    /* one letter missing */
		{ "smtp.gmaill.com", "smtp.gmail.com", 1 },  /* one letter too many */
		{ "smtp.gnail.com", "smtp.gmail.com", 1 },   /* one letter wrong */
		{ "smpt.gmial.com", "smtp.gmail.com", 2 },   /* two swaps */
		{ "stmp.gmail.cm", "smtp.gmail.com", 2 },
		{ "smtp.yahoo.com", "smtp.gmail.com", 3 },   /* more than the limit: limit + 1 */
		{ "", "abc", 3 },
		{ "abc", "", 3 },
		{ "ca", "abc", 3 },                          /* no swap across an insertion (restricted) */
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int d = sd_verdict_edit_distance(cases[i].a, strlen(cases[i].a), cases[i].b, strlen(cases[i].b), 2);
		assert_int_equal(d, cases[i].d > 2 ? 3 : cases[i].d);
	}
	/* with a higher limit, the exact distance */
	assert_int_equal(sd_verdict_edit_distance("ca", 2, "abc", 3, 5), 3);
	assert_int_equal(sd_verdict_edit_distance("kitten", 6, "sitting", 7, 5), 3);
}

static void test_near_miss(void **state)
{
	static const struct { const char *host, *want; } hits[] = {
		{ "smtp.gmial.com", "smtp.gmail.com" },
		{ "smtp.gmail.co", "smtp.gmail.com" },
		{ "SMTP.GMIAL.COM.", "smtp.gmail.com" },
		{ "smtp.office356.com", "smtp.office365.com" },
		{ "smtp.sendgird.net", "smtp.sendgrid.net" },
		{ "smtp.mailgun.orgg", "smtp.mailgun.org" },
		{ "smtp-mail.outlok.com", "smtp-mail.outlook.com" },
		{ "email-smtp.eu-west-1.amazonaws.co", "email-smtp.eu-west-1.amazonaws.com" },
		{ "emial-smtp.us-east-2.amazonaws.com", "email-smtp.us-east-2.amazonaws.com" },
	};
	static const char *const misses[] = {
		"smtp.gmail.com",              /* the provider itself */
		"smtp.gmail.com.",
		"smtp.example.com",            /* nowhere near */
		"mail.mydomain.com",
		"127.0.0.1",
		"::1",
		"",
		"smtp.yandex.com",             /* three edits from smtp.zoho.com and others */
	};
	char out[256];
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(hits) / sizeof(hits[0]); i++) {
		out[0] = '\0';
		assert_true(sd_verdict_near_miss(hits[i].host, out, sizeof(out)));
		assert_string_equal(out, hits[i].want);
	}
	for (i = 0; i < sizeof(misses) / sizeof(misses[0]); i++) {
		assert_false(sd_verdict_near_miss(misses[i], out, sizeof(out)));
	}
}

/* ---- the alternative a fix proposes --------------------------------------------------------- */

static sd_verdict_ctx alt_ctx(const char *host, int port, sd_security s)
{
	sd_verdict_ctx c;

	memset(&c, 0, sizeof(c));
	c.host = host;
	c.port = port;
	c.security = s;
	c.provider = sd_provider_match(host);
	return c;
}

static void expect_alt(sd_code code, const sd_verdict_ctx *c, int port, sd_security s)
{
	int p = -1;
	sd_security got = SD_SEC_NONE;

	assert_int_equal(sd_verdict_alternative(code, c, &p, &got), 1);
	assert_int_equal(p, port);
	assert_int_equal(got, s);
}

static void expect_none(sd_code code, const sd_verdict_ctx *c)
{
	int p = 0;
	sd_security got = SD_SEC_NONE;

	assert_int_equal(sd_verdict_alternative(code, c, &p, &got), 0);
}

static void test_alternative_choice(void **state)
{
	sd_verdict_ctx c;
	size_t n;
	const sd_cloud *clouds = sd_cloud_table(&n);

	(void) state;
	/* mode mismatch: the other mode on the same port; a plain server is asked in the automatic mode */
	c = alt_ctx("mx.example.com", 465, SD_SEC_STARTTLS);
	c.suggest_port = 465;
	c.suggest_security = SD_SEC_SMTPS;
	expect_alt(SD_V_TLS_MODE_MISMATCH, &c, 465, SD_SEC_SMTPS);
	c = alt_ctx("mx.example.com", 25, SD_SEC_SMTPS);
	c.suggest_port = 25;
	c.suggest_security = SD_SEC_STARTTLS;
	expect_alt(SD_V_TLS_MODE_MISMATCH, &c, 25, SD_SEC_AUTO);
	c.suggest_port = 0;
	expect_none(SD_V_TLS_MODE_MISMATCH, &c);

	/* no STARTTLS: implicit TLS, on 465 or the provider's own implicit-TLS port; none where there is none */
	c = alt_ctx("mx.example.com", 25, SD_SEC_STARTTLS);
	expect_alt(SD_V_STARTTLS_UNAVAILABLE, &c, 465, SD_SEC_SMTPS);
	c = alt_ctx("mx.example.com", 465, SD_SEC_STARTTLS);
	expect_none(SD_V_STARTTLS_UNAVAILABLE, &c);
	c = alt_ctx("email-smtp.us-east-1.amazonaws.com", 465, SD_SEC_STARTTLS);
	expect_alt(SD_V_STARTTLS_UNAVAILABLE, &c, 2465, SD_SEC_SMTPS);
	c = alt_ctx("smtp.postmarkapp.com", 587, SD_SEC_STARTTLS);
	expect_none(SD_V_STARTTLS_UNAVAILABLE, &c);

	/* AUTH over TLS only: STARTTLS on this port when offered, else the submission port */
	c = alt_ctx("mx.example.com", 25, SD_SEC_AUTO);
	c.starttls_offered = 1;
	expect_alt(SD_V_AUTH_REQUIRES_TLS, &c, 25, SD_SEC_STARTTLS);
	c.starttls_offered = 0;
	expect_alt(SD_V_AUTH_REQUIRES_TLS, &c, 587, SD_SEC_STARTTLS);
	c.port = 587;
	expect_alt(SD_V_AUTH_REQUIRES_TLS, &c, 465, SD_SEC_SMTPS);

	/* blocked or refused: the provider's documented port, else the usual ones; this machine's MTA first
	 * for a local target; never a port the machine's host blocks */
	c = alt_ctx("smtp.postmarkapp.com", 465, SD_SEC_SMTPS);
	expect_alt(SD_V_CONNECTION_REFUSED, &c, 587, SD_SEC_STARTTLS);
	c = alt_ctx("email-smtp.eu-central-1.amazonaws.com", 587, SD_SEC_STARTTLS);
	expect_alt(SD_V_PORT_BLOCKED, &c, 2587, SD_SEC_STARTTLS);
	c = alt_ctx("mx.example.com", 587, SD_SEC_STARTTLS);
	expect_alt(SD_V_PORT_BLOCKED, &c, 465, SD_SEC_SMTPS);
	c = alt_ctx("mx.example.com", 25, SD_SEC_AUTO);
	expect_alt(SD_V_CONNECTION_REFUSED, &c, 587, SD_SEC_STARTTLS);
	c.loopback = 1;
	expect_alt(SD_V_CONNECTION_REFUSED, &c, 587, SD_SEC_STARTTLS);
	c.port = 2525;
	expect_alt(SD_V_CONNECTION_REFUSED, &c, 25, SD_SEC_AUTO);
	c = alt_ctx("mx.example.com", 25, SD_SEC_AUTO);
	for (c.hosting = NULL; n > 0 && c.hosting == NULL; n--) {
		c.hosting = strcmp(clouds[n - 1].id, "hetzner") == 0 ? &clouds[n - 1] : NULL;   /* 25 and 465 blocked */
	}
	assert_true(sd_cloud_blocks(c.hosting, 465));
	c.port = 587;
	expect_none(SD_V_PORT_BLOCKED, &c);
	c.port = 25;
	expect_alt(SD_V_PORT_BLOCKED, &c, 587, SD_SEC_STARTTLS);

	/* other connection verdicts: only the provider's table proposes something */
	c = alt_ctx("smtp.postmarkapp.com", 465, SD_SEC_SMTPS);
	expect_alt(SD_V_NO_GREETING, &c, 587, SD_SEC_STARTTLS);
	c = alt_ctx("smtp.gmail.com", 587, SD_SEC_SMTPS);
	expect_alt(SD_V_TLS_HANDSHAKE_FAILED, &c, 587, SD_SEC_STARTTLS);
	c = alt_ctx("mx.example.com", 465, SD_SEC_SMTPS);
	expect_none(SD_V_NO_GREETING, &c);
	expect_none(SD_V_CERT_UNTRUSTED, &c);
	expect_none(SD_V_AUTH_FAILED, &c);
	c = alt_ctx("smtp.gmail.com", 465, SD_SEC_SMTPS);
	expect_none(SD_V_TIMEOUT, &c);   /* the table agrees with the setting */
}

/* The fixes say how the attempt went, and say each setting once. */
static void test_alternative_texts(void **state)
{
	sd_verdict_ctx c = alt_ctx("smtp.gmail.com", 465, SD_SEC_STARTTLS);
	sd_verdict_alt a;
	sd_explanation e;

	(void) state;
	c.suggest_port = 465;
	c.suggest_security = SD_SEC_SMTPS;
	memset(&a, 0, sizeof(a));
	a.port = 465;
	a.security = SD_SEC_SMTPS;
	a.tried = 1;
	a.ok = 1;
	c.alt = &a;
	sd_verdict_explain(SD_V_TLS_MODE_MISMATCH, &c, &e);
	assert_string_equal(e.summary, "smtp.gmail.com:465 expects implicit TLS (it answered a TLS handshake and sends "
		"no SMTP greeting), but STARTTLS (SMTPSecure 'tls') was configured");
	assert_int_equal(e.nfixes, 2);
	assert_string_equal(e.fixes[0], "verified from here: port 465 with implicit TLS works: $mail->Port = 465; "
		"$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;");
	assert_string_equal(e.fixes[1], "or use STARTTLS on its own port: $mail->Port = 587; $mail->SMTPSecure = "
		"PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)");

	a.ok = 0;
	a.verdict = SD_V_CERT_UNTRUSTED;
	sd_verdict_explain(SD_V_TLS_MODE_MISMATCH, &c, &e);
	assert_string_equal(e.fixes[0], "not verified: port 465 with implicit TLS fails from here too (cert_untrusted): "
		"$mail->Port = 465; $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;");

	a.tried = 0;
	snprintf(a.summary, sizeof(a.summary), "no time was left of the 10 s deadline");
	sd_verdict_explain(SD_V_TLS_MODE_MISMATCH, &c, &e);
	assert_string_equal(e.fixes[0], "not verified (no time was left of the 10 s deadline): $mail->Port = 465; "
		"$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;");

	/* implicit TLS configured on a plain server without STARTTLS: only the automatic mode works, said so */
	c = alt_ctx("mx.example.com", 25, SD_SEC_SMTPS);
	c.suggest_port = 25;
	c.suggest_security = SD_SEC_STARTTLS;
	memset(&a, 0, sizeof(a));
	a.port = 25;
	a.security = SD_SEC_AUTO;
	a.tried = a.ok = a.cleartext = 1;
	c.alt = &a;
	sd_verdict_explain(SD_V_TLS_MODE_MISMATCH, &c, &e);
	assert_string_equal(e.fixes[0], "verified from here: port 25 works only without encryption, as the server offers "
		"no STARTTLS there (mail and passwords travel in clear text): $mail->Port = 25; $mail->SMTPSecure = ''; "
		"$mail->SMTPAutoTLS = true;");

	/* STARTTLS required where the server offers none: the clear-text setting that works is offered too */
	c = alt_ctx("mx.example.com", 25, SD_SEC_STARTTLS);
	c.detail = "does not offer STARTTLS";
	sd_verdict_explain(SD_V_STARTTLS_UNAVAILABLE, &c, &e);
	assert_string_equal(e.fixes[0], "if the provider offers implicit TLS: $mail->Port = 465; $mail->SMTPSecure = "
		"PHPMailer::ENCRYPTION_SMTPS; (not verified from here)");
	assert_string_equal(e.fixes[1], "this port works only without encryption: the server greeted and answered EHLO "
		"here, but offers no STARTTLS (mail and passwords travel in clear text): $mail->Port = 25; "
		"$mail->SMTPSecure = ''; $mail->SMTPAutoTLS = true;");

	/* a local target: no "use the host's own relay (often localhost)" */
	c = alt_ctx("localhost", 2525, SD_SEC_AUTO);
	c.loopback = 1;
	sd_verdict_explain(SD_V_CONNECTION_REFUSED, &c, &e);
	assert_null(strstr(e.fixes[1], "often localhost"));
	assert_string_equal(e.fixes[1], "nothing listens on port 2525 of this machine: start the mail server, or see the "
		"ports it listens on with ss -ltnp");
	c.loopback = 0;
	sd_verdict_explain(SD_V_CONNECTION_REFUSED, &c, &e);
	assert_non_null(strstr(e.fixes[e.nfixes - 1], "often localhost"));
}

/* Implicit TLS against a plain SMTP server: the summary says how the server answered the ClientHello,
 * from its first line (the probe's detail: the bytes received, escaped). A greeting, or a reply in its
 * place: Postfix 3.9 and later refuse a client that speaks before the greeting with a 554 and send no
 * greeting; reject_unauth_pipelining answers 503. The verdict and its fix are the same either way. */
static void test_mode_mismatch_smtp_answer(void **state)
{
	static const struct { const char *detail; const char *answer; } cases[] = {
		{ "220 localhost ESMTP Postfix\\r\\n", "an SMTP greeting" },
		{ "220-mx.example.com ESMTP\\r\\n220 ready\\r\\n", "an SMTP greeting" },
		{ "220 localhost ESMTP\\r\\n554 5.5.0 Error: SMTP protocol synchronization\\r\\n", "an SMTP greeting" },
		{ "", "an SMTP greeting" },
		{ "554 5.5.0 Error: SMTP protocol synchronization\\r\\n", "the SMTP reply \"554 5.5.0 Error: SMTP "
			"protocol synchronization\" instead of a greeting (a plain SMTP server refusing a client that speaks first)" },
		{ "503 5.5.0 <localhost[127.0.0.1]>: Client host rejected: Improper use of SMTP command pipelining\\r\\n",
			"the SMTP reply \"503 5.5.0 <localhost[127.0.0.1]>: Client host rejected: Improper use of SMTP command "
			"pipelining\" instead of a greeting (a plain SMTP server refusing a client that speaks first)" },
		{ "421 4.3.2 Service shutting down", "the SMTP reply \"421 4.3.2 Service shutting down\" instead of a "
			"greeting (a plain SMTP server refusing a client that speaks first)" },
		{ "250 ok\\r\\n", "the SMTP reply \"250 ok\" instead of a greeting" },
	};
	sd_verdict_ctx c;
	sd_explanation e;
	char want[SD_TEXT_MAX];
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c = alt_ctx("mx.example.com", 587, SD_SEC_SMTPS);
		c.suggest_port = 587;
		c.suggest_security = SD_SEC_STARTTLS;
		c.detail = cases[i].detail;
		sd_verdict_explain(SD_V_TLS_MODE_MISMATCH, &c, &e);
		snprintf(want, sizeof(want), "mx.example.com:587 speaks plain SMTP (STARTTLS), but implicit TLS "
			"(SMTPSecure 'ssl') was configured: the server answered the TLS handshake with %s", cases[i].answer);
		assert_string_equal(e.summary, want);
		assert_int_equal(e.nfixes, 2);
		assert_string_equal(e.fixes[0], "$mail->Port = 587; $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; "
			"(not verified from here)");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openssl_missing_smtps),
		cmocka_unit_test(test_openssl_missing_starttls),
		cmocka_unit_test(test_openssl_missing_irrelevant_for_none),
		cmocka_unit_test(test_auto_without_openssl_warns),
		cmocka_unit_test(test_sockets_disabled),
		cmocka_unit_test(test_fsockopen_fallback_is_not_fatal),
		cmocka_unit_test(test_enable_crypto_disabled_starttls),
		cmocka_unit_test(test_enable_crypto_disabled_auto_warns),
		cmocka_unit_test(test_ca_missing_tls_modes),
		cmocka_unit_test(test_ca_missing_irrelevant),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_near_miss),
		cmocka_unit_test(test_alternative_choice),
		cmocka_unit_test(test_alternative_texts),
		cmocka_unit_test(test_mode_mismatch_smtp_answer),
		cmocka_unit_test(test_nothing_over_unverified_starttls),
		cmocka_unit_test(test_nothing_over_unverified_smtps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
