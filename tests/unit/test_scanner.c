/* sources: src/engine/sd_scanner.c src/engine/sd_probe.c src/engine/sd_net.c src/engine/sd_tls.c src/engine/sd_castore.c src/engine/sd_smtp.c src/engine/sd_reply.c src/engine/sd_ehlo.c src/engine/sd_text.c src/engine/sd_host.c src/engine/sd_verdict.c src/engine/sd_auth.c src/engine/sd_findings.c src/engine/sd_envrules.c */
/* sources: src/engine/sd_providers.c src/engine/sd_clouds.c */
/* libs: -lssl -lcrypto -lpthread -Wl,--wrap=calloc */
/* The port scan's engine (src/engine/sd_scanner.c): the retry decision, the ranking and the choice of
 * the recommended port on synthetic probe results; whole scans of 127.0.0.1 ports that were bound and
 * closed again (refused at once), and of a small SMTP peer in a thread behind an address list whose
 * first address refuses (::1 first, the peer on 127.0.0.1 only: the order Debian's /etc/hosts gives
 * 'localhost'), given to the scan as its resolved addresses so that the order is fixed. Only loopback
 * is touched. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <cmocka.h>

#include "src/engine/sd_clock.h"
#include "src/engine/sd_scanner.h"
#include "tests/unit/facts.h"

/* calloc() as the engine sees it (linked with --wrap=calloc): fails while fail_calloc is set. */
static int fail_calloc;
void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size)
{
	return fail_calloc ? NULL : __real_calloc(n, size);
}

/* ---- synthetic probe results ---------------------------------------------------------------- */

/* A probe result that works (ok) or stops with verdict; tls: a TLS session whose certificate was
 * verified (verify_peer on, code 0), or 2: TLS with verification off. */
static sd_probe_result *result(int ok, sd_code verdict, int tls)
{
	sd_probe_result *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->ok = ok;
	r->verdict = ok ? SD_V_OK : verdict;
	r->tls_attempted = tls != 0;
	r->tls.verify_enforced = tls == 1;
	r->tls.verify_code = 0;
	return r;
}

static void test_natural_mode(void **state)
{
	(void) state;
	assert_int_equal(sd_scanner_natural_mode(465), SD_SEC_SMTPS);
	assert_int_equal(sd_scanner_natural_mode(2465), SD_SEC_SMTPS);
	assert_int_equal(sd_scanner_natural_mode(587), SD_SEC_STARTTLS);
	assert_int_equal(sd_scanner_natural_mode(25), SD_SEC_STARTTLS);
	assert_int_equal(sd_scanner_natural_mode(2525), SD_SEC_STARTTLS);
}

static void test_retry_mode(void **state)
{
	sd_probe_result *mismatch = result(0, SD_V_TLS_MODE_MISMATCH, 0);
	sd_probe_result *no_starttls = result(0, SD_V_STARTTLS_UNAVAILABLE, 0);
	sd_probe_result *refused = result(0, SD_V_CONNECTION_REFUSED, 0);
	sd_probe_result *untrusted = result(0, SD_V_CERT_UNTRUSTED, 1);
	sd_probe_result *works = result(1, SD_V_OK, 1);
	sd_security other = SD_SEC_NONE;

	(void) state;
	/* a mode mismatch: the other TLS mode */
	assert_true(sd_scanner_retry_mode(mismatch, SD_SEC_SMTPS, &other));
	assert_int_equal(other, SD_SEC_STARTTLS);
	assert_true(sd_scanner_retry_mode(mismatch, SD_SEC_STARTTLS, &other));
	assert_int_equal(other, SD_SEC_SMTPS);
	/* no STARTTLS where it was asked for: PHPMailer's automatic mode */
	assert_true(sd_scanner_retry_mode(no_starttls, SD_SEC_STARTTLS, &other));
	assert_int_equal(other, SD_SEC_AUTO);
	other = SD_SEC_NONE;
	assert_false(sd_scanner_retry_mode(no_starttls, SD_SEC_SMTPS, &other));
	assert_int_equal(other, SD_SEC_NONE);
	/* nothing another mode would change */
	assert_false(sd_scanner_retry_mode(refused, SD_SEC_STARTTLS, &other));
	assert_false(sd_scanner_retry_mode(untrusted, SD_SEC_SMTPS, &other));
	assert_false(sd_scanner_retry_mode(works, SD_SEC_STARTTLS, &other));
	assert_int_equal(other, SD_SEC_NONE);
	free(mismatch);
	free(no_starttls);
	free(refused);
	free(untrusted);
	free(works);
}

static void test_rank(void **state)
{
	sd_probe_result *verified = result(1, SD_V_OK, 1);
	sd_probe_result *unverified = result(1, SD_V_OK, 2);
	sd_probe_result *plain = result(1, SD_V_OK, 0);
	sd_probe_result *broken = result(0, SD_V_CERT_UNTRUSTED, 1);

	(void) state;
	assert_int_equal(sd_scanner_rank(verified, 587), SD_SCAN_RANK_SUBMISSION);
	assert_int_equal(sd_scanner_rank(verified, 465), SD_SCAN_RANK_SUBMISSION);
	assert_int_equal(sd_scanner_rank(verified, 2525), SD_SCAN_RANK_VERIFIED);
	assert_int_equal(sd_scanner_rank(verified, 25), SD_SCAN_RANK_VERIFIED);
	assert_int_equal(sd_scanner_rank(unverified, 587), SD_SCAN_RANK_WORKS);
	assert_int_equal(sd_scanner_rank(plain, 587), SD_SCAN_RANK_WORKS);
	assert_int_equal(sd_scanner_rank(broken, 465), SD_SCAN_RANK_NONE);
	/* a session that works although the chain did not verify (code 18, self-signed, allowed): not verified */
	verified->tls.verify_code = 18;
	assert_int_equal(sd_scanner_rank(verified, 587), SD_SCAN_RANK_WORKS);
	free(verified);
	free(unverified);
	free(plain);
	free(broken);
}

static void set_port(sd_scan_result *res, int i, int port, sd_probe_result *first, sd_probe_result *retry,
	sd_security retry_mode)
{
	res->ports[i].port = port;
	res->ports[i].first = first;
	res->ports[i].first_security = sd_scanner_natural_mode(port);
	res->ports[i].retry = retry;
	res->ports[i].retry_security = retry_mode;
}

static void test_choose(void **state)
{
	sd_probe_result *plain = result(1, SD_V_OK, 0);
	sd_probe_result *no_starttls = result(0, SD_V_STARTTLS_UNAVAILABLE, 0);
	sd_probe_result *verified = result(1, SD_V_OK, 1);
	sd_probe_result *mismatch = result(0, SD_V_TLS_MODE_MISMATCH, 0);
	sd_probe_result *refused = result(0, SD_V_CONNECTION_REFUSED, 0);
	sd_probe_result *untrusted = result(0, SD_V_CERT_UNTRUSTED, 1);
	sd_scan_result res;

	(void) state;
	/* 25: no STARTTLS, works in auto (the retry counts); 2525: verified STARTTLS; 587: refused;
	 * 465: a mode mismatch, verified STARTTLS on the retry: 465 with STARTTLS is recommended */
	memset(&res, 0, sizeof(res));
	res.nports = 4;
	set_port(&res, 0, 25, no_starttls, plain, SD_SEC_AUTO);
	set_port(&res, 1, 2525, verified, NULL, SD_SEC_AUTO);
	set_port(&res, 2, 587, refused, NULL, SD_SEC_AUTO);
	set_port(&res, 3, 465, mismatch, verified, SD_SEC_STARTTLS);
	sd_scanner_choose(&res);
	assert_ptr_equal(res.ports[0].result, plain);
	assert_int_equal(res.ports[0].security, SD_SEC_AUTO);
	assert_int_equal(res.ports[0].rank, SD_SCAN_RANK_WORKS);
	assert_ptr_equal(res.ports[1].result, verified);
	assert_int_equal(res.ports[1].security, SD_SEC_STARTTLS);
	assert_int_equal(res.ports[1].rank, SD_SCAN_RANK_VERIFIED);
	assert_ptr_equal(res.ports[2].result, refused);
	assert_int_equal(res.ports[2].rank, SD_SCAN_RANK_NONE);
	assert_ptr_equal(res.ports[3].result, verified);
	assert_int_equal(res.ports[3].security, SD_SEC_STARTTLS);
	assert_int_equal(res.ports[3].rank, SD_SCAN_RANK_SUBMISSION);
	assert_int_equal(res.best, 3);

	/* a retry that reached TLS in the other mode and failed there: its failure is the port's real
	 * one (the certificate), in the retry's mode */
	set_port(&res, 3, 465, mismatch, untrusted, SD_SEC_STARTTLS);
	sd_scanner_choose(&res);
	assert_ptr_equal(res.ports[3].result, untrusted);
	assert_int_equal(res.ports[3].security, SD_SEC_STARTTLS);
	assert_int_equal(res.ports[3].rank, SD_SCAN_RANK_NONE);
	assert_int_equal(res.best, 1);

	/* a retry that failed before TLS (refused): the first answer counts, in the first mode */
	set_port(&res, 3, 465, mismatch, refused, SD_SEC_STARTTLS);
	sd_scanner_choose(&res);
	assert_ptr_equal(res.ports[3].result, mismatch);
	assert_int_equal(res.ports[3].security, SD_SEC_SMTPS);
	assert_int_equal(res.best, 1);
	assert_int_equal(sd_scanner_unverified_candidate(&res), -1);   /* one works: no candidate */

	/* equal ranks: the first port listed */
	set_port(&res, 2, 587, plain, NULL, SD_SEC_AUTO);
	set_port(&res, 1, 2525, plain, NULL, SD_SEC_AUTO);
	sd_scanner_choose(&res);
	assert_int_equal(res.best, 0);

	/* nothing works: no recommendation */
	set_port(&res, 0, 25, refused, NULL, SD_SEC_AUTO);
	set_port(&res, 1, 2525, untrusted, NULL, SD_SEC_AUTO);
	set_port(&res, 2, 587, no_starttls, refused, SD_SEC_AUTO);
	sd_scanner_choose(&res);
	assert_int_equal(res.best, -1);
	assert_ptr_equal(res.ports[2].result, no_starttls);
	assert_int_equal(res.ports[2].security, SD_SEC_STARTTLS);

	/* nothing works, two ports fail on the certificate: the candidate for a try with verification
	 * off is 465 (submission ports first), then 2525 */
	assert_int_equal(sd_scanner_unverified_candidate(&res), 1);
	set_port(&res, 3, 465, mismatch, untrusted, SD_SEC_STARTTLS);
	sd_scanner_choose(&res);
	assert_int_equal(res.best, -1);
	assert_int_equal(sd_scanner_unverified_candidate(&res), 3);
	assert_true(sd_scanner_cert_verdict(SD_V_CERT_UNTRUSTED) && sd_scanner_cert_verdict(SD_V_CERT_EXPIRED)
		&& sd_scanner_cert_verdict(SD_V_CERT_NAME_MISMATCH));
	assert_false(sd_scanner_cert_verdict(SD_V_TLS_MODE_MISMATCH) || sd_scanner_cert_verdict(SD_V_OK));

	free(plain);
	free(no_starttls);
	free(verified);
	free(mismatch);
	free(refused);
	free(untrusted);
}

/* ---- whole scans on loopback ---------------------------------------------------------------- */

typedef struct {
	sd_env_facts facts;
	sd_env_result env;
	sd_scan_opts o;
} scan_fixture;

/* Options as smtpdiag_scan() builds them for host, with the healthy machine's facts. */
static void scan_setup(scan_fixture *x, const char *host, double timeout_ms)
{
	memset(x, 0, sizeof(*x));
	x->facts = sd_test_healthy_facts();
	sd_env_rules(&x->facts, &x->env);
	x->o.probe.host = host;
	x->o.probe.host_len = strlen(host);
	x->o.probe.timeout_ms = timeout_ms;
	x->o.probe.helo = "client.smtpdiag.test";
	x->o.probe.verify_peer = 1;
	x->o.probe.verify_peer_name = 1;
	x->o.probe.verify_depth = -1;
	x->o.probe.openssl_extension = 1;
	x->o.probe.env = &x->facts;
	x->o.probe.env_result = &x->env;
	x->o.probe.sniff_after_ms = 1000;
	x->o.probe.no_localhost_autotls = 1;
}

/* n ports of 127.0.0.1 that were bound and closed again: nothing listens there now. */
static void closed_ports(int *ports, int n)
{
	int fds[SD_SCAN_MAX_PORTS], i;

	for (i = 0; i < n; i++) {
		struct sockaddr_in sa;
		socklen_t sl = sizeof(sa);

		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(fds[i] >= 0);
		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		assert_int_equal(bind(fds[i], (struct sockaddr *) &sa, sizeof(sa)), 0);
		assert_int_equal(getsockname(fds[i], (struct sockaddr *) &sa, &sl), 0);
		ports[i] = ntohs(sa.sin_port);
	}
	for (i = 0; i < n; i++) {
		close(fds[i]);
	}
}

static void test_scan_closed_ports(void **state)
{
	scan_fixture x;
	sd_scan_result res;
	double t;
	int i;

	(void) state;
	scan_setup(&x, "127.0.0.1", 3000);
	x.o.nports = 3;
	closed_ports(x.o.ports, 3);
	t = sd_clock_ms();
	assert_int_equal(sd_scanner_run(&x.o, &res), 0);
	assert_true(sd_clock_ms() - t < 2000);
	assert_int_equal(res.nports, 3);
	assert_int_equal(res.best, -1);
	for (i = 0; i < 3; i++) {
		const sd_scan_port *p = &res.ports[i];
		assert_int_equal(p->port, x.o.ports[i]);
		assert_int_equal(p->security, SD_SEC_STARTTLS);
		assert_ptr_equal(p->result, p->first);
		assert_null(p->retry);
		assert_int_equal(p->rank, SD_SCAN_RANK_NONE);
		assert_int_equal(p->result->verdict, SD_V_CONNECTION_REFUSED);
		assert_int_equal(p->result->port, x.o.ports[i]);
		assert_int_equal(p->result->conn.count, 1);
		assert_int_equal(p->result->conn.attempts[0].outcome, SD_CONN_REFUSED);
		assert_true(p->result->conn.attempts[0].php_tried);
		assert_string_equal(p->result->conn.attempts[0].addr, "127.0.0.1");
		assert_int_equal(p->result->checks[SD_PCHECK_TCP].status, SD_STATUS_FAIL);
	}
	sd_scanner_free(&res);
}

static void test_scan_out_of_memory(void **state)
{
	scan_fixture x;
	sd_scan_result res;

	(void) state;
	scan_setup(&x, "127.0.0.1", 3000);
	x.o.nports = 2;
	closed_ports(x.o.ports, 2);
	fail_calloc = 1;
	assert_int_equal(sd_scanner_run(&x.o, &res), -1);
	fail_calloc = 0;
	assert_true(res.out_of_memory);
	assert_int_equal(res.best, -1);
	sd_scanner_free(&res);
}

/* ---- an SMTP peer on 127.0.0.1 that serves connection after connection ----------------------- */

typedef struct {
	int listen_fd;
	int port;
	int connections;
	pthread_t thread;
} peer;

static void say(int fd, const char *s)
{
	ssize_t n = send(fd, s, strlen(s), MSG_NOSIGNAL);
	(void) n;
}

/* One client: a greeting, EHLO without STARTTLS, QUIT; until the client closes. */
static void peer_serve(int fd)
{
	char buf[1024];
	size_t len = 0;
	struct timeval tv = { 5, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	say(fd, "220 unit.smtpdiag.test ESMTP scan peer\r\n");
	for (;;) {
		char *nl;
		ssize_t n = recv(fd, buf + len, sizeof(buf) - 1 - len, 0);
		if (n <= 0) {
			return;
		}
		len += (size_t) n;
		buf[len] = '\0';
		while ((nl = strchr(buf, '\n')) != NULL) {
			size_t line_len = (size_t) (nl - buf) + 1;
			if (strncmp(buf, "EHLO", 4) == 0) {
				say(fd, "250-unit.smtpdiag.test\r\n250 8BITMIME\r\n");
			} else if (strncmp(buf, "QUIT", 4) == 0) {
				say(fd, "221 2.0.0 bye\r\n");
				return;
			} else {
				say(fd, "502 5.5.2 not here\r\n");
			}
			memmove(buf, buf + line_len, len - line_len + 1);
			len -= line_len;
		}
	}
}

static void *peer_main(void *arg)
{
	peer *p = arg;
	int fd;

	while ((fd = accept(p->listen_fd, NULL, NULL)) >= 0) {
		p->connections++;
		peer_serve(fd);
		close(fd);
	}
	return NULL;
}

static void peer_start(peer *p)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int one = 1;

	memset(p, 0, sizeof(*p));
	p->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(p->listen_fd >= 0);
	setsockopt(p->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(p->listen_fd, (struct sockaddr *) &sa, sizeof(sa)), 0);
	assert_int_equal(listen(p->listen_fd, 8), 0);
	assert_int_equal(getsockname(p->listen_fd, (struct sockaddr *) &sa, &sl), 0);
	p->port = ntohs(sa.sin_port);
	assert_int_equal(pthread_create(&p->thread, NULL, peer_main, p), 0);
}

static void peer_stop(peer *p)
{
	shutdown(p->listen_fd, SHUT_RDWR);
	pthread_join(p->thread, NULL);
	close(p->listen_fd);
}

/* 'localhost' as Debian's /etc/hosts gives it: ::1 first, then 127.0.0.1. */
static void localhost_v6_first(sd_resolve_result *dns)
{
	sd_resolve_result v4;

	assert_int_equal(sd_net_resolve("::1", 0, sd_clock_ms() + 1000, dns), SD_RESOLVE_OK);
	assert_int_equal(sd_net_resolve("127.0.0.1", 0, sd_clock_ms() + 1000, &v4), SD_RESOLVE_OK);
	dns->addrs[1] = v4.addrs[0];
	dns->count = dns->total = 2;
	dns->numeric = 0;
}

/* The port answers on the second address only: the scan walks on to it, as PHP does, and the port's
 * report lists both addresses. The peer offers no STARTTLS, so the port works in auto, its retry. */
static void check_second_address(int in_turn)
{
	scan_fixture x;
	sd_resolve_result dns;
	sd_scan_result res;
	const sd_probe_result *r;
	peer p;

	peer_start(&p);
	localhost_v6_first(&dns);
	scan_setup(&x, "localhost", 4000);
	x.o.probe.resolved = &dns;
	x.o.in_turn = in_turn;
	x.o.nports = 1;
	x.o.ports[0] = p.port;
	assert_int_equal(sd_scanner_run(&x.o, &res), 0);
	peer_stop(&p);

	assert_int_equal(res.best, 0);
	assert_int_equal(res.ports[0].port, p.port);
	assert_int_equal(res.ports[0].first->verdict, SD_V_STARTTLS_UNAVAILABLE);
	assert_non_null(res.ports[0].retry);
	r = res.ports[0].result;
	assert_ptr_equal(r, res.ports[0].retry);
	assert_int_equal(res.ports[0].security, SD_SEC_AUTO);
	assert_int_equal(res.ports[0].rank, SD_SCAN_RANK_WORKS);
	assert_true(r->ok);
	/* both addresses, as the probe reports them */
	assert_int_equal(r->checks[SD_PCHECK_DNS].status, SD_STATUS_PASS);
	assert_non_null(strstr(r->checks[SD_PCHECK_DNS].message, "localhost has 2 addresses: ::1, 127.0.0.1"));
	assert_int_equal(r->dns.count, 2);
	assert_int_equal(r->conn.count, 2);
	assert_string_equal(r->conn.attempts[0].addr, "::1");
	assert_int_not_equal(r->conn.attempts[0].outcome, SD_CONN_CONNECTED);
	assert_true(r->conn.attempts[0].php_tried);
	assert_string_equal(r->conn.attempts[1].addr, "127.0.0.1");
	assert_int_equal(r->conn.attempts[1].outcome, SD_CONN_CONNECTED);
	assert_true(r->conn.attempts[1].php_tried);
	assert_string_equal(r->peer_address, "127.0.0.1");
	/* the first probe walked the same addresses */
	assert_int_equal(res.ports[0].first->conn.count, 2);
	assert_int_equal(res.ports[0].first->conn.attempts[1].outcome, SD_CONN_CONNECTED);
	/* the scan's own connect, the first probe, the retry */
	assert_int_equal(p.connections, 3);
	sd_scanner_free(&res);
}

static void test_scan_second_address(void **state)
{
	(void) state;
	check_second_address(0);
}

static void test_scan_second_address_in_turn(void **state)
{
	(void) state;
	check_second_address(1);
}

/* Neither address answers: the port's report is the scan's own walk, every address tried. */
static void test_scan_every_address_refused(void **state)
{
	scan_fixture x;
	sd_resolve_result dns;
	sd_scan_result res;
	const sd_probe_result *r;

	(void) state;
	localhost_v6_first(&dns);
	scan_setup(&x, "localhost", 3000);
	x.o.probe.resolved = &dns;
	x.o.nports = 1;
	closed_ports(x.o.ports, 1);
	assert_int_equal(sd_scanner_run(&x.o, &res), 0);
	assert_int_equal(res.best, -1);
	r = res.ports[0].result;
	assert_int_equal(r->verdict, SD_V_CONNECTION_REFUSED);
	assert_int_equal(r->conn.count, 2);
	assert_string_equal(r->conn.attempts[0].addr, "::1");
	assert_true(r->conn.attempts[0].php_tried);
	assert_string_equal(r->conn.attempts[1].addr, "127.0.0.1");
	assert_int_equal(r->conn.attempts[1].outcome, SD_CONN_REFUSED);
	assert_true(r->conn.attempts[1].php_tried);
	assert_int_equal(r->conn.outcome_index, 0);
	assert_int_equal(r->conn.php_last_index, 1);
	assert_int_equal(r->checks[SD_PCHECK_TCP].status, SD_STATUS_FAIL);
	sd_scanner_free(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_natural_mode),
		cmocka_unit_test(test_retry_mode),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_scan_closed_ports),
		cmocka_unit_test(test_scan_out_of_memory),
		cmocka_unit_test(test_scan_second_address),
		cmocka_unit_test(test_scan_second_address_in_turn),
		cmocka_unit_test(test_scan_every_address_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
