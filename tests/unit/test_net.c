/* sources: src/engine/sd_net.c src/engine/sd_text.c */
/* libs: -lpthread */
/* The network engine against real sockets: on loopback in this namespace, and (as root) inside a
 * private network namespace set up by net_fixture.sh, where SYNs are dropped, IPv6 has no route and a
 * dnsmasq serves a private zone. Without root the namespace tests skip, or fail when
 * SMTPDIAG_TEST_STRICT=1. The binary runs itself inside the namespace: SMTPDIAG_NETNS_PHASE says so. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "src/engine/sd_net.h"
#include "src/engine/sd_clock.h"

static char self_path[4096];

static int strict(void)
{
	const char *s = getenv("SMTPDIAG_TEST_STRICT");
	return s != NULL && strcmp(s, "1") == 0;
}

/* A listener on 127.0.0.1:0; returns its fd, port in *port. */
static int listener(int *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *) &sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *) &sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

/* A port on 127.0.0.1 where nothing listens (bound once, then released). */
static int closed_port(void)
{
	int port, fd = listener(&port);
	close(fd);
	return port;
}

static void literal(const char *text, sd_net_addr *a)
{
	sd_resolve_result r;
	assert_int_equal(sd_net_resolve(text, 0, sd_clock_ms(), &r), SD_RESOLVE_OK);
	assert_int_equal(r.count, 1);
	*a = r.addrs[0];
}

/* ---------------------------------------------------------------------------------------------- */
/* Resolving, in this namespace */

/* 1 when /etc/hosts has a line for addr that names localhost (comments and aliases as glibc reads them). */
static int hosts_lists_localhost(const char *addr)
{
	char line[1024];
	int found = 0;
	FILE *f = fopen("/etc/hosts", "r");

	if (f == NULL) {
		return 0;
	}
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char *save = NULL, *word;
		line[strcspn(line, "#")] = '\0';
		word = strtok_r(line, " \t\r\n", &save);
		if (word == NULL || strcmp(word, addr) != 0) {
			continue;
		}
		while (!found && (word = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
			found = strcmp(word, "localhost") == 0;
		}
	}
	fclose(f);
	return found;
}

static int is_loopback(const sd_net_addr *a)
{
	if (a->family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *) &a->sa;
		return (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
	}
	if (a->family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) &a->sa;
		return IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr);
	}
	return 0;
}

/* What holds whatever order the resolver returns (Debian's standard hosts file lists ::1 too, and
 * getaddrinfo() may then sort it first): localhost resolves, only to loopback addresses, 127.0.0.1
 * among them when /etc/hosts says so; with ip_version 4, IPv4 loopback only. */
static void test_resolve_localhost(void **state)
{
	sd_resolve_result r;
	int i, has_v4 = 0, has_v6 = 0;
	int started = sd_net_resolvers_started();
	(void) state;

	assert_int_equal(sd_net_resolve("localhost", 0, sd_clock_ms() + 2000, &r), SD_RESOLVE_OK);
	assert_int_equal(sd_net_resolvers_started(), started + 1); /* a name: one thread, finished or not */
	assert_false(r.numeric);
	assert_true(r.count >= 1);
	assert_int_equal(r.total, r.count);
	assert_int_equal(r.gai_code, 0);
	assert_true(r.elapsed_ms < 2000);
	for (i = 0; i < r.count; i++) {
		assert_true(is_loopback(&r.addrs[i]));
		has_v4 |= strcmp(r.addrs[i].text, "127.0.0.1") == 0;
		has_v6 |= strcmp(r.addrs[i].text, "::1") == 0;
	}
	if (hosts_lists_localhost("127.0.0.1")) {
		assert_true(has_v4);
	}
	if (hosts_lists_localhost("::1")) {
		assert_true(has_v6);
	}
	print_message("  localhost: %d address%s, %s first\n", r.count, r.count == 1 ? "" : "es", r.addrs[0].text);

	assert_int_equal(sd_net_resolve("localhost", 4, sd_clock_ms() + 2000, &r), SD_RESOLVE_OK);
	for (i = 0; i < r.count; i++) {
		assert_int_equal(r.addrs[i].family, AF_INET);
		assert_true(is_loopback(&r.addrs[i]));
	}
	if (hosts_lists_localhost("127.0.0.1")) {
		assert_string_equal(r.addrs[0].text, "127.0.0.1");
	}
}

static void test_resolve_literals_need_no_time(void **state)
{
	sd_resolve_result r;
	double past = sd_clock_ms() - 1000; /* no time left at all: a literal must not need any */
	int started = sd_net_resolvers_started();
	(void) state;

	assert_int_equal(sd_net_resolve("192.0.2.25", 0, past, &r), SD_RESOLVE_OK);
	assert_true(r.numeric);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.addrs[0].text, "192.0.2.25");

	assert_int_equal(sd_net_resolve("2001:db8::25", 0, past, &r), SD_RESOLVE_OK);
	assert_true(r.numeric);
	assert_int_equal(r.addrs[0].family, AF_INET6);
	assert_string_equal(r.addrs[0].text, "2001:db8::25");

	assert_int_equal(sd_net_resolve("::1", 6, past, &r), SD_RESOLVE_OK);
	assert_string_equal(r.addrs[0].text, "::1");

	/* an IPv4 literal with ip_version 6 has no address of that family */
	assert_int_equal(sd_net_resolve("127.0.0.1", 6, past, &r), SD_RESOLVE_NOT_FOUND);
	assert_true(r.numeric);
	assert_int_not_equal(r.gai_code, 0);

	/* a name with no time left is a timeout, and no thread is started for it */
	assert_int_equal(sd_net_resolve("localhost", 0, past, &r), SD_RESOLVE_TIMEOUT);
	assert_int_equal(sd_net_resolve("", 0, past, &r), SD_RESOLVE_NOT_FOUND);
	assert_int_equal(sd_net_resolvers_started(), started);
	assert_int_equal(sd_net_shutdown(2000), 0);
}

static void test_gai_names(void **state)
{
	(void) state;
	assert_string_equal(sd_net_gai_name(0), "");
	assert_string_equal(sd_net_gai_name(EAI_NONAME), "EAI_NONAME");
	assert_string_equal(sd_net_gai_name(EAI_NODATA), "EAI_NODATA");
	assert_string_equal(sd_net_gai_name(EAI_AGAIN), "EAI_AGAIN");
	assert_string_equal(sd_net_gai_name(12345), "EAI_?");
}

/* ---------------------------------------------------------------------------------------------- */
/* Parsers and facts */

static void test_resolvconf(void **state)
{
	char path[] = "/tmp/sd_resolvconf_XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	sd_resolvconf rc;
	int i;
	(void) state;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fprintf(f, "# generated\n; also a comment\nsearch corp.example example.net\n");
	for (i = 0; i < 10; i++) {
		fprintf(f, "nameserver 10.0.0.%d # dc%d\n", i + 1, i);
	}
	fprintf(f, "nameserver\noptions timeout:1 attempts:3 rotate\noptions edns0 single-request-reopen\n");
	fclose(f);

	assert_int_equal(sd_net_resolvconf_read(path, &rc), 0);
	unlink(path);
	assert_true(rc.readable);
	assert_int_equal(rc.nameserver_count, SD_NET_MAX_NAMESERVERS);
	assert_int_equal(rc.nameserver_total, 10);
	assert_string_equal(rc.nameservers[0], "10.0.0.1");
	assert_string_equal(rc.nameservers[7], "10.0.0.8");
	assert_string_equal(rc.options, "timeout:1 attempts:3 rotate edns0 single-request-reopen");
	assert_string_equal(rc.search, "corp.example example.net");
	assert_int_equal(rc.timeout_s, 1);
	assert_int_equal(rc.attempts, 3);
	assert_true(rc.rotate);
	assert_true(rc.single_request);

	assert_int_equal(sd_net_resolvconf_read("/nonexistent/resolv.conf", &rc), -1);
	assert_false(rc.readable);
	assert_int_equal(rc.read_errno, ENOENT);
	assert_int_equal(rc.timeout_s, 5);
	assert_int_equal(rc.attempts, 2);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_routes_from_files(void **state)
{
	const char *r4 = "/tmp/sd_route4_test", *r6 = "/tmp/sd_route6_test";
	const char *hdr = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";
	const char *reject6 = "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
	                      "00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n";
	const char *lo6 = "00000000000000000000000000000001 80 00000000000000000000000000000000 00 "
	                  "00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo\n";
	const char *def6 = "00000000000000000000000000000000 00 00000000000000000000000000000000 00 "
	                   "fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n";
	char buf[1024];
	sd_route_fact v4, v6;
	(void) state;

	/* a host with both defaults */
	snprintf(buf, sizeof(buf), "%seth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
	         "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n", hdr);
	write_file(r4, buf);
	snprintf(buf, sizeof(buf), "%s%s", lo6, def6);
	write_file(r6, buf);
	sd_net_default_routes_from(r4, r6, &v4, &v6);
	assert_int_equal(v4, SD_ROUTE_YES);
	assert_int_equal(v6, SD_ROUTE_YES);

	/* an IPv4-only host: the kernel's unreachable IPv6 default on lo is not a route */
	snprintf(buf, sizeof(buf), "%s%s", lo6, reject6);
	write_file(r6, buf);
	sd_net_default_routes_from(r4, r6, &v4, &v6);
	assert_int_equal(v6, SD_ROUTE_NO);

	/* no IPv4 default: only a subnet route */
	snprintf(buf, sizeof(buf), "%seth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n", hdr);
	write_file(r4, buf);
	sd_net_default_routes_from(r4, NULL, &v4, &v6);
	assert_int_equal(v4, SD_ROUTE_NO);
	assert_int_equal(v6, SD_ROUTE_UNKNOWN);
	unlink(r4);
	unlink(r6);

	sd_net_default_routes_from("/nonexistent", "/nonexistent", &v4, &v6);
	assert_int_equal(v4, SD_ROUTE_UNKNOWN);
	assert_int_equal(v6, SD_ROUTE_UNKNOWN);
	sd_net_default_routes(&v4, NULL); /* the live table: any answer but a crash */
}

static void test_bindto_parse(void **state)
{
	sd_net_bindto b;
	(void) state;

	assert_int_equal(sd_net_bindto_parse("0:0", &b), 0);
	assert_true(b.set);
	assert_string_equal(b.host, "0");
	assert_int_equal(b.port, 0);
	assert_false(b.is_v6);
	assert_int_equal(sd_net_bindto_parse("192.0.2.7:2525", &b), 0);
	assert_string_equal(b.host, "192.0.2.7");
	assert_int_equal(b.port, 2525);
	assert_int_equal(sd_net_bindto_parse("[2001:db8::7]:0", &b), 0);
	assert_string_equal(b.host, "2001:db8::7");
	assert_true(b.is_v6);
	assert_int_equal(sd_net_bindto_parse("[::]:0", &b), 0);
	assert_string_equal(b.host, "::");
	assert_int_equal(sd_net_bindto_parse("192.0.2.7", &b), -1);
	assert_false(b.set);
	assert_int_equal(sd_net_bindto_parse("[::1]", &b), -1);
	assert_int_equal(sd_net_bindto_parse(NULL, &b), 0);
	assert_false(b.set);
}

static void test_classify(void **state)
{
	(void) state;
	assert_int_equal(sd_net_classify_errno(0), SD_CONN_CONNECTED);
	assert_int_equal(sd_net_classify_errno(ECONNREFUSED), SD_CONN_REFUSED);
	assert_int_equal(sd_net_classify_errno(ETIMEDOUT), SD_CONN_TIMEOUT);
	assert_int_equal(sd_net_classify_errno(ENETUNREACH), SD_CONN_UNREACHABLE);
	assert_int_equal(sd_net_classify_errno(EHOSTUNREACH), SD_CONN_UNREACHABLE);
	assert_int_equal(sd_net_classify_errno(EADDRNOTAVAIL), SD_CONN_UNREACHABLE);
	assert_int_equal(sd_net_classify_errno(EACCES), SD_CONN_DENIED);
	assert_int_equal(sd_net_classify_errno(EPERM), SD_CONN_DENIED);
	assert_int_equal(sd_net_classify_errno(EMFILE), SD_CONN_OTHER);
	assert_string_equal(sd_net_outcome_name(SD_CONN_UNREACHABLE), "unreachable");
}

/* ---------------------------------------------------------------------------------------------- */
/* Connecting on loopback */

static void test_connect_connected(void **state)
{
	sd_net_addr a;
	sd_conn_result r;
	int port, lfd = listener(&port);
	(void) state;

	literal("127.0.0.1", &a);
	assert_true(sd_net_connect(&a, 1, port, NULL, 0, sd_clock_ms() + 2000, &r) != SD_NET_NO_FD);
	assert_int_equal(r.outcome, SD_CONN_CONNECTED);
	assert_int_equal(r.php_index, 0);
	assert_int_equal(r.fd_index, 0);
	assert_int_equal(r.outcome_index, 0);
	assert_int_equal(r.php_last_index, -1);
	assert_int_equal(r.attempts[0].outcome, SD_CONN_CONNECTED);
	assert_true(r.attempts[0].php_tried);
	assert_int_equal(r.attempts[0].fd, SD_NET_NO_FD); /* handed over: the result's fd owns it */
	assert_true(r.elapsed_ms < 1000);
	sd_net_close(r.fd);
	close(lfd);
}

static void test_connect_refused(void **state)
{
	sd_net_addr a;
	sd_conn_result r;
	(void) state;

	literal("127.0.0.1", &a);
	assert_int_equal(sd_net_connect(&a, 1, closed_port(), NULL, 0, sd_clock_ms() + 2000, &r), SD_NET_NO_FD);
	assert_int_equal(r.outcome, SD_CONN_REFUSED);
	assert_int_equal(r.php_index, -1);
	assert_int_equal(r.outcome_index, 0);
	assert_int_equal(r.php_last_index, 0);
	assert_int_equal(r.attempts[0].err, ECONNREFUSED);
	assert_string_equal(r.attempts[0].err_text, "Connection refused");
	assert_true(r.elapsed_ms < 1000);
}

/* PHP's walk: a refused first address, then one that works: PHP ends on the second. Both orders of
 * starting (parallel, sequential) agree. */
static void test_connect_walk_refused_then_ok(void **state)
{
	sd_net_addr a[3];
	sd_conn_result r;
	int port, lfd = listener(&port), mode;
	(void) state;

	for (mode = 0; mode < 2; mode++) {
		int flags = mode ? SD_CONNECT_SEQUENTIAL : 0;
		literal("127.0.0.3", &a[0]); /* nothing listens on 127.0.0.3:port: refused */
		literal("127.0.0.1", &a[1]);
		literal("127.0.0.1", &a[2]);
		assert_true(sd_net_connect(a, 3, port, NULL, flags, sd_clock_ms() + 2000, &r) != SD_NET_NO_FD);
		assert_int_equal(r.attempts[0].outcome, SD_CONN_REFUSED);
		assert_int_equal(r.attempts[1].outcome, SD_CONN_CONNECTED);
		assert_int_equal(r.php_index, 1);
		assert_int_equal(r.fd_index, 1);
		assert_int_equal(r.outcome, SD_CONN_CONNECTED);
		assert_true(r.attempts[0].php_tried);
		assert_true(r.attempts[1].php_tried);
		assert_false(r.attempts[2].php_tried);
		if (mode) {
			assert_int_equal(r.attempts[2].outcome, SD_CONN_NOT_TRIED);
		}
		sd_net_close(r.fd);
	}
	close(lfd);
}

/* PHP's walk over an attempt the engine's deadline cut short. That deadline counts from when the
 * connects began, while PHP gives an address what is left of its limit from the address's own
 * connect(): an attempt expired at 1990 of 2000 ms is one PHP would still be waiting on, and the next
 * address gets no turn. The network's own answer at the same moment (a
 * refusal) does hand the remaining 10 ms on, and the second address connects within them. */
static void test_connect_walk_expired(void **state)
{
	sd_conn_result r;
	int wait_i = -1, refused;
	double wake = 0;
	(void) state;

	for (refused = 0; refused < 2; refused++) {
		memset(&r, 0, sizeof(r));
		r.count = 2;
		r.fd = r.attempts[0].fd = r.attempts[1].fd = SD_NET_NO_FD;
		r.attempts[0].outcome = refused ? SD_CONN_REFUSED : SD_CONN_TIMEOUT;
		r.attempts[0].expired = !refused;
		r.attempts[0].start_ms = 100.0;
		r.attempts[0].elapsed_ms = 1990.0;
		r.attempts[1].outcome = SD_CONN_CONNECTED;
		r.attempts[1].start_ms = 100.0;
		r.attempts[1].elapsed_ms = 1.0;
		assert_int_equal(sd_net_connect_walk(&r, 2000.0, 2100.0, &wait_i, &wake), 1);
		assert_true(r.attempts[0].php_tried);
		if (refused) {
			assert_true(r.attempts[1].php_tried);
			assert_int_equal(r.php_index, 1);
			assert_int_equal(r.outcome, SD_CONN_CONNECTED);
		} else {
			assert_false(r.attempts[1].php_tried);
			assert_int_equal(r.php_index, -1);
			assert_int_equal(r.outcome, SD_CONN_TIMEOUT);
			assert_int_equal(r.outcome_index, 0);
		}
	}
}

/* bindto "0:0": PHP skips IPv6 addresses and connects IPv4 ones unbound. */
static void test_connect_bindto_v4_skips_v6(void **state)
{
	sd_net_addr a[2];
	sd_net_bindto b;
	sd_conn_result r;
	int port, lfd = listener(&port);
	(void) state;

	literal("::1", &a[0]);
	literal("127.0.0.1", &a[1]);
	assert_int_equal(sd_net_bindto_parse("0:0", &b), 0);
	assert_true(sd_net_connect(a, 2, port, &b, 0, sd_clock_ms() + 2000, &r) != SD_NET_NO_FD);
	assert_int_equal(r.attempts[0].outcome, SD_CONN_SKIPPED);
	assert_false(r.attempts[0].php_tried);
	assert_int_equal(r.attempts[1].outcome, SD_CONN_CONNECTED);
	assert_int_equal(r.attempts[1].bind, SD_BIND_NONE);
	assert_int_equal(r.php_index, 1);
	sd_net_close(r.fd);

	/* an explicit IPv4 bind address is used, and a bad one only warns */
	assert_int_equal(sd_net_bindto_parse("127.0.0.1:0", &b), 0);
	assert_true(sd_net_connect(&a[1], 1, port, &b, 0, sd_clock_ms() + 2000, &r) != SD_NET_NO_FD);
	assert_int_equal(r.attempts[0].bind, SD_BIND_OK);
	sd_net_close(r.fd);
	assert_int_equal(sd_net_bindto_parse("not-an-ip:0", &b), 0);
	assert_true(sd_net_connect(&a[1], 1, port, &b, 0, sd_clock_ms() + 2000, &r) != SD_NET_NO_FD);
	assert_int_equal(r.attempts[0].bind, SD_BIND_INVALID);
	sd_net_close(r.fd);

	/* every address skipped: PHP could try nothing */
	assert_int_equal(sd_net_bindto_parse("0:0", &b), 0);
	assert_int_equal(sd_net_connect(&a[0], 1, port, &b, 0, sd_clock_ms() + 2000, &r), SD_NET_NO_FD);
	assert_int_equal(r.outcome_index, -1);
	assert_int_equal(r.outcome, SD_CONN_SKIPPED);
	close(lfd);
}

/* The scan pair, driven from an outside poll() loop. */
static void test_connect_scan_pair(void **state)
{
	sd_net_addr a;
	sd_conn_attempt att[2];
	struct pollfd p[2];
	int port, lfd = listener(&port), i, n = 0, refused = closed_port();
	double deadline = sd_clock_ms() + 2000;
	(void) state;

	literal("127.0.0.1", &a);
	sd_net_set_port(&a.sa, port);
	sd_net_connect_start((struct sockaddr *) &a.sa, a.sa_len, NULL, &att[0]);
	sd_net_set_port(&a.sa, refused);
	sd_net_connect_start((struct sockaddr *) &a.sa, a.sa_len, NULL, &att[1]);
	while (sd_clock_left(deadline) > 0) {
		n = 0;
		for (i = 0; i < 2; i++) {
			if (att[i].outcome == SD_CONN_PENDING) {
				p[n].fd = att[i].fd;
				p[n].events = SD_NET_POLL_CONNECT;
				p[n].revents = 0;
				n++;
			}
		}
		if (n == 0) {
			break;
		}
		assert_true(poll(p, (nfds_t) n, sd_clock_left(deadline)) >= 0);
		for (i = 0; i < 2; i++) {
			int j;
			for (j = 0; j < n; j++) {
				if (att[i].outcome == SD_CONN_PENDING && p[j].fd == att[i].fd && p[j].revents) {
					sd_net_connect_check(&att[i], p[j].revents);
				}
			}
		}
	}
	assert_int_equal(att[0].outcome, SD_CONN_CONNECTED);
	assert_true(att[0].fd >= 0);
	assert_int_equal(att[1].outcome, SD_CONN_REFUSED);
	assert_int_equal(att[1].fd, SD_NET_NO_FD);
	sd_net_close(att[0].fd);
	sd_net_connect_expire(&att[0]); /* not pending: no effect */
	assert_int_equal(att[0].outcome, SD_CONN_CONNECTED);
	close(lfd);
}

/* ---------------------------------------------------------------------------------------------- */
/* DENIED: a Landlock ruleset in a child that allows TCP connect to one port only */

#ifndef SYS_landlock_create_ruleset
# define SYS_landlock_create_ruleset 444
# define SYS_landlock_add_rule 445
# define SYS_landlock_restrict_self 446
#endif

struct ll_ruleset_attr { uint64_t handled_access_fs; uint64_t handled_access_net; };
struct ll_net_port_attr { uint64_t allowed_access; uint64_t port; };
#define LL_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#define LL_RULE_NET_PORT 2

static int landlock_allow_only(int port)
{
	struct ll_ruleset_attr ra = { 0, LL_ACCESS_NET_CONNECT_TCP };
	struct ll_net_port_attr pa = { LL_ACCESS_NET_CONNECT_TCP, (uint64_t) port };
	int fd = (int) syscall(SYS_landlock_create_ruleset, &ra, sizeof(ra), 0);

	if (fd < 0) {
		return -1;
	}
	if (syscall(SYS_landlock_add_rule, fd, LL_RULE_NET_PORT, &pa, 0) != 0
	    || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
	    || syscall(SYS_landlock_restrict_self, fd, 0) != 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Runs in a fresh process (this binary, exec'd: valgrind does not know the Landlock system calls, and
 * an exec'd child runs outside it). Exit 0: DENIED where Landlock forbids, CONNECTED where it allows;
 * 77: Landlock network rules unavailable. */
static int landlock_child(int p_ok, int p_denied)
{
	sd_net_addr a;
	sd_conn_result r;
	sd_resolve_result rr;
	int code = 0;

	if (landlock_allow_only(p_ok) != 0) {
		return 77;
	}
	sd_net_resolve("127.0.0.1", 0, sd_clock_ms(), &rr);
	a = rr.addrs[0];
	sd_net_connect(&a, 1, p_denied, NULL, 0, sd_clock_ms() + 2000, &r);
	printf("  landlock: port %d -> %s, errno %d (%s), %.2f ms\n", p_denied, sd_net_outcome_name(r.outcome),
	       r.attempts[0].err, r.attempts[0].err_text, r.elapsed_ms);
	if (r.outcome != SD_CONN_DENIED || r.attempts[0].err != EACCES || r.elapsed_ms > 500) {
		code |= 1;
	}
	sd_net_connect(&a, 1, p_ok, NULL, 0, sd_clock_ms() + 2000, &r);
	if (r.outcome != SD_CONN_CONNECTED) {
		code |= 2;
	}
	sd_net_close(r.fd);
	return code;
}

static void test_connect_denied_landlock(void **state)
{
	int p_ok, p_denied, l_ok = listener(&p_ok), l_denied = listener(&p_denied), status = 0;
	pid_t pid;
	(void) state;

	fflush(stdout);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char a1[16], a2[16];
		snprintf(a1, sizeof(a1), "%d", p_ok);
		snprintf(a2, sizeof(a2), "%d", p_denied);
		setenv("SMTPDIAG_NETNS_PHASE", "landlock", 1);
		execl(self_path, self_path, a1, a2, (char *) NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(l_ok);
	close(l_denied);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77) {
		if (strict()) {
			fail_msg("Landlock network rules are not available on this kernel");
		}
		printf("SKIP: Landlock network rules are not available on this kernel\n");
		skip();
	}
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---------------------------------------------------------------------------------------------- */
/* Inside the namespace (run by net_fixture.sh) */

static void test_ns_connect_timeout(void **state)
{
	sd_net_addr a[2];
	sd_conn_result r;
	double t0;
	(void) state;

	/* SYNs to 127.0.0.2:2 are dropped: TIMEOUT at the deadline, not later */
	literal("127.0.0.2", &a[0]);
	t0 = sd_clock_ms();
	assert_int_equal(sd_net_connect(a, 1, 2, NULL, 0, t0 + 500, &r), SD_NET_NO_FD);
	printf("  timeout: elapsed %.1f ms for a 500 ms deadline\n", r.elapsed_ms);
	assert_int_equal(r.outcome, SD_CONN_TIMEOUT);
	assert_int_equal(r.attempts[0].err, ETIMEDOUT);
	assert_true(r.elapsed_ms >= 495);
	assert_true(r.elapsed_ms <= 600);

	/* the dropped address first, then one that refuses: PHP spends its whole limit on the first and
	 * never reaches the second, whose outcome is still measured in parallel */
	literal("127.0.0.1", &a[1]);
	sd_net_connect(a, 2, 2, NULL, 0, sd_clock_ms() + 400, &r);
	assert_int_equal(r.attempts[0].outcome, SD_CONN_TIMEOUT);
	assert_int_equal(r.php_index, -1);
	assert_int_equal(r.outcome, SD_CONN_TIMEOUT);
	assert_int_equal(r.outcome_index, 0);
	assert_int_equal(r.php_last_index, 0);
	assert_false(r.attempts[1].php_tried);
	assert_int_equal(r.attempts[1].outcome, SD_CONN_REFUSED);
	assert_true(r.elapsed_ms <= 500);

	/* sequential, as PHP: the second address is never started */
	sd_net_connect(a, 2, 2, NULL, SD_CONNECT_SEQUENTIAL, sd_clock_ms() + 300, &r);
	assert_int_equal(r.attempts[0].outcome, SD_CONN_TIMEOUT);
	assert_int_equal(r.attempts[1].outcome, SD_CONN_NOT_TRIED);
	assert_true(r.elapsed_ms <= 400);
}

static void test_ns_timeout_then_connected_any_fd(void **state)
{
	sd_net_addr a[2];
	sd_conn_result r;
	sd_net_bindto none;
	int lfd, port;
	struct sockaddr_in sa;
	(void) state;

	/* a listener on 127.0.0.1:2 in the namespace, so one port serves both addresses */
	memset(&none, 0, sizeof(none));
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(2);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *) &sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 8), 0);
	port = 2;

	literal("127.0.0.2", &a[0]);
	literal("127.0.0.1", &a[1]);
	sd_net_connect(a, 2, port, &none, SD_CONNECT_ANY_FD, sd_clock_ms() + 400, &r);
	assert_int_equal(r.php_index, -1);
	assert_int_equal(r.outcome, SD_CONN_TIMEOUT);
	assert_int_equal(r.attempts[1].outcome, SD_CONN_CONNECTED);
	assert_int_equal(r.fd_index, 1);
	assert_true(r.fd != SD_NET_NO_FD);
	sd_net_close(r.fd);

	/* without SD_CONNECT_ANY_FD nothing is handed over */
	assert_int_equal(sd_net_connect(a, 2, port, NULL, 0, sd_clock_ms() + 300, &r), SD_NET_NO_FD);
	assert_int_equal(r.fd_index, -1);
	close(lfd);
}

static void test_ns_unreachable(void **state)
{
	sd_net_addr a[2];
	sd_conn_result r;
	sd_route_fact v4, v6;
	int port, lfd = listener(&port);
	(void) state;

	literal("2001:db8::25", &a[0]);
	assert_int_equal(sd_net_connect(a, 1, 25, NULL, 0, sd_clock_ms() + 2000, &r), SD_NET_NO_FD);
	assert_int_equal(r.outcome, SD_CONN_UNREACHABLE);
	printf("  unreachable: errno %d (%s) in %.2f ms\n", r.attempts[0].err, r.attempts[0].err_text,
	       r.elapsed_ms);
	assert_true(r.elapsed_ms < 100);

	/* no route for IPv6, then IPv4 that works: PHP moves on and connects */
	literal("127.0.0.1", &a[1]);
	assert_true(sd_net_connect(a, 2, port, NULL, SD_CONNECT_SEQUENTIAL, sd_clock_ms() + 2000, &r)
	            != SD_NET_NO_FD);
	assert_int_equal(r.attempts[0].outcome, SD_CONN_UNREACHABLE);
	assert_int_equal(r.php_index, 1);
	assert_int_equal(r.outcome, SD_CONN_CONNECTED);
	sd_net_close(r.fd);

	sd_net_default_routes(&v4, &v6);
	assert_int_equal(v4, SD_ROUTE_NO);
	assert_int_equal(v6, SD_ROUTE_NO); /* lo's "unreachable default" does not count */
	close(lfd);
}

static void test_ns_dns_ok(void **state)
{
	sd_resolve_result r;
	sd_resolvconf rc;
	(void) state;

	assert_int_equal(sd_net_resolvconf_read(NULL, &rc), 0);
	assert_int_equal(rc.nameserver_count, 1);
	assert_string_equal(rc.nameservers[0], "127.0.0.53");

	assert_int_equal(sd_net_resolve("mail.smtpdiag.test", 0, sd_clock_ms() + 3000, &r), SD_RESOLVE_OK);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.addrs[0].text, "127.0.0.1");
	printf("  resolve ok: %.1f ms\n", r.elapsed_ms);

	assert_int_equal(sd_net_resolve("nx.smtpdiag.test", 0, sd_clock_ms() + 3000, &r), SD_RESOLVE_NOT_FOUND);
	assert_int_equal(r.gai_code, EAI_NONAME);
	assert_string_equal(r.gai_name, "EAI_NONAME");
	assert_string_equal(r.gai_text, "Name or service not known");

	assert_int_equal(sd_net_resolve("nodata.smtpdiag.test", 0, sd_clock_ms() + 3000, &r), SD_RESOLVE_NOT_FOUND);
	assert_int_equal(r.gai_code, EAI_NODATA);
	assert_string_equal(r.gai_name, "EAI_NODATA");
	assert_string_equal(r.gai_text, "No address associated with hostname");

	/* ip_version 6 on a name with only an A record */
	assert_int_equal(sd_net_resolve("mail.smtpdiag.test", 6, sd_clock_ms() + 3000, &r), SD_RESOLVE_NOT_FOUND);
	assert_int_equal(sd_net_shutdown(2000), 0);
}

static void test_ns_dns_failure(void **state)
{
	sd_resolve_result r;
	sd_resolvconf rc;
	(void) state;

	assert_int_equal(sd_net_resolvconf_read(NULL, &rc), 0);
	assert_string_equal(rc.nameservers[0], "127.0.0.54");
	assert_string_equal(rc.options, "timeout:1 attempts:1");
	assert_int_equal(rc.timeout_s, 1);

	assert_int_equal(sd_net_resolve("mail.smtpdiag.test", 0, sd_clock_ms() + 5000, &r), SD_RESOLVE_FAILURE);
	printf("  dns failure: %s (%s) after %.1f ms\n", r.gai_name, r.gai_text, r.elapsed_ms);
	assert_int_equal(r.gai_code, EAI_AGAIN);
	assert_string_equal(r.gai_text, "Temporary failure in name resolution");
	assert_true(r.elapsed_ms >= 900);
	assert_int_equal(sd_net_shutdown(1000), 0); /* the thread may still be on its way out */
}

static void test_ns_dns_deadline(void **state)
{
	sd_resolve_result r;
	double t0 = sd_clock_ms();
	int left;
	(void) state;

	assert_int_equal(sd_net_resolve("mail.smtpdiag.test", 0, t0 + 300, &r), SD_RESOLVE_TIMEOUT);
	printf("  dns deadline: returned after %.1f ms (%s)\n", r.elapsed_ms, r.gai_text);
	assert_true(r.elapsed_ms >= 295);
	assert_true(r.elapsed_ms < 400);
	assert_int_equal(r.count, 0);
	assert_int_equal(sd_net_resolvers_running(), 1); /* the thread still waits for the resolver */

	/* a second one overlapping, then shutdown waits for both and they free what they share */
	assert_int_equal(sd_net_resolve("other.smtpdiag.test", 0, sd_clock_ms() + 50, &r), SD_RESOLVE_TIMEOUT);
	assert_int_equal(sd_net_resolvers_running(), 2);
	t0 = sd_clock_ms();
	left = sd_net_shutdown(3000);
	printf("  dns deadline: threads finished %.1f ms after shutdown began\n", sd_clock_ms() - t0);
	assert_int_equal(left, 0);
	assert_int_equal(sd_net_resolvers_running(), 0);

	/* a bounded shutdown gives up and says how many are left */
	sd_net_resolve("third.smtpdiag.test", 0, sd_clock_ms() + 10, &r);
	assert_int_equal(sd_net_shutdown(50), 1);
	assert_int_equal(sd_net_shutdown(3000), 0);
}

/* ---------------------------------------------------------------------------------------------- */
/* The namespace run, from the outside */

static const char *fixture_path(void)
{
	static char path[4096];
	const char *env = getenv("SMTPDIAG_NET_FIXTURE");
	const char *file = __FILE__, *slash = strrchr(file, '/');

	if (env != NULL) {
		return env;
	}
	if (slash != NULL) {
		snprintf(path, sizeof(path), "%.*s/net_fixture.sh", (int) (slash - file), file);
		if (access(path, X_OK) == 0) {
			return path;
		}
	}
	return "tests/unit/net_fixture.sh";
}

static void test_netns_suite(void **state)
{
	char cmd[8192];
	int rc;
	(void) state;

	if (geteuid() != 0) {
		if (strict()) {
			fail_msg("namespace tests need root (SMTPDIAG_TEST_STRICT=1)");
		}
		printf("SKIP: namespace tests (SYN drop, no route, DNS) need root\n");
		skip();
	}
	snprintf(cmd, sizeof(cmd), "'%s' '%s'", fixture_path(), self_path);
	fflush(stdout);
	rc = system(cmd);
	assert_true(WIFEXITED(rc));
	assert_int_equal(WEXITSTATUS(rc), 0);
}

int main(int argc, char **argv)
{
	const char *phase = getenv("SMTPDIAG_NETNS_PHASE");
	int failed;

	if (realpath(argv[0], self_path) == NULL) {
		snprintf(self_path, sizeof(self_path), "%s", argv[0]);
	}

	if (phase != NULL && strcmp(phase, "landlock") == 0) {
		return argc == 3 ? landlock_child(atoi(argv[1]), atoi(argv[2])) : 2;
	}
	if (phase != NULL && strcmp(phase, "dns-ok") == 0) {
		const struct CMUnitTest ns_tests[] = {
			cmocka_unit_test(test_ns_connect_timeout),
			cmocka_unit_test(test_ns_timeout_then_connected_any_fd),
			cmocka_unit_test(test_ns_unreachable),
			cmocka_unit_test(test_ns_dns_ok),
		};
		return cmocka_run_group_tests_name("sd_net in a namespace, resolver up", ns_tests, NULL, NULL);
	}
	if (phase != NULL && strcmp(phase, "dns-dead") == 0) {
		const struct CMUnitTest ns_tests[] = {
			cmocka_unit_test(test_ns_dns_failure),
			cmocka_unit_test(test_ns_dns_deadline),
		};
		return cmocka_run_group_tests_name("sd_net in a namespace, resolver dead", ns_tests, NULL, NULL);
	}

	{
		const struct CMUnitTest tests[] = {
			cmocka_unit_test(test_resolve_localhost),
			cmocka_unit_test(test_resolve_literals_need_no_time),
			cmocka_unit_test(test_gai_names),
			cmocka_unit_test(test_resolvconf),
			cmocka_unit_test(test_routes_from_files),
			cmocka_unit_test(test_bindto_parse),
			cmocka_unit_test(test_classify),
			cmocka_unit_test(test_connect_connected),
			cmocka_unit_test(test_connect_refused),
			cmocka_unit_test(test_connect_walk_refused_then_ok),
			cmocka_unit_test(test_connect_walk_expired),
			cmocka_unit_test(test_connect_bindto_v4_skips_v6),
			cmocka_unit_test(test_connect_scan_pair),
			cmocka_unit_test(test_connect_denied_landlock),
			cmocka_unit_test(test_netns_suite),
		};
		failed = cmocka_run_group_tests_name("sd_net", tests, NULL, NULL);
	}
	return failed;
}
