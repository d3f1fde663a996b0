/* smtpdiag: the port scan (see sd_scanner.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
# include <winsock2.h>
# define scan_poll(p, n, t) WSAPoll((p), (ULONG) (n), (t))
#else
# include <fcntl.h>
# include <poll.h>
# include <pthread.h>
# include <signal.h>
# include <unistd.h>
# define scan_poll(p, n, t) poll((p), (nfds_t) (n), (t))
#endif

#include "src/engine/sd_clock.h"
#include "src/engine/sd_scanner.h"

/* One probe of a port. A probe on a thread reads only o (and what it borrows) and writes only *res;
 * when done it writes its tag to the wake pipe, which the scanning thread polls with the pending
 * connects. */
typedef struct {
	sd_probe_opts o;
	sd_probe_result *res;         /* in the result's block */
	unsigned char tag;            /* port index, + SD_SCAN_MAX_PORTS for a retry */
	int wake_fd;                  /* the write end of the wake pipe; -1: no threads */
	int started;
#ifndef _WIN32
	pthread_t tid;
	int threaded;                 /* on a thread that is not joined yet */
#endif
} scan_job;

typedef struct {
	sd_conn_result conn;          /* the walk over the host's addresses, as PHP would walk them */
	int decided;                  /* the walk is decided and the first probe started */
	scan_job first, retry;
} scan_port;

typedef struct {
	const sd_scan_opts *o;
	sd_scan_result *out;
	double deadline;
	double budget;                /* PHP's connect timeout: what was left when the connects began */
	sd_resolve_result dns;
	sd_net_bindto bindto;
	int one_at_a_time;            /* a bindto port: the addresses of a port one after another */
	int wake[2];
	int running;                  /* probes on threads, not joined yet */
	scan_port p[SD_SCAN_MAX_PORTS];
} scan_state;

/* ---- decisions ------------------------------------------------------------------------------ */

sd_security sd_scanner_natural_mode(int port)
{
	return port == 465 || port == 2465 ? SD_SEC_SMTPS : SD_SEC_STARTTLS;
}

int sd_scanner_retry_mode(const sd_probe_result *r, sd_security mode, sd_security *other)
{
	if (r->verdict == SD_V_TLS_MODE_MISMATCH) {
		*other = mode == SD_SEC_SMTPS ? SD_SEC_STARTTLS : SD_SEC_SMTPS;
		return 1;
	}
	if (mode == SD_SEC_STARTTLS && r->verdict == SD_V_STARTTLS_UNAVAILABLE) {
		*other = SD_SEC_AUTO;
		return 1;
	}
	return 0;
}

sd_scan_rank sd_scanner_rank(const sd_probe_result *r, int port)
{
	int verified;

	if (!r->ok) {
		return SD_SCAN_RANK_NONE;
	}
	verified = r->tls_attempted && r->tls.verify_enforced && r->tls.verify_code == 0;
	if (!verified) {
		return SD_SCAN_RANK_WORKS;
	}
	return port == 465 || port == 587 ? SD_SCAN_RANK_SUBMISSION : SD_SCAN_RANK_VERIFIED;
}

int sd_scanner_retry_counts(const sd_probe_result *first, const sd_probe_result *retry)
{
	if (retry == NULL) {
		return 0;
	}
	return retry->ok || (first->verdict == SD_V_TLS_MODE_MISMATCH && retry->verdict != SD_V_TLS_MODE_MISMATCH
		&& retry->tls_attempted);
}

void sd_scanner_choose(sd_scan_result *res)
{
	sd_scan_rank best_rank = SD_SCAN_RANK_NONE;
	int i;

	res->best = -1;
	for (i = 0; i < res->nports; i++) {
		sd_scan_port *p = &res->ports[i];

		if (sd_scanner_retry_counts(p->first, p->retry)) {
			p->result = p->retry;
			p->security = p->retry_security;
		} else {
			p->result = p->first;
			p->security = p->first_security;
		}
		p->rank = sd_scanner_rank(p->result, p->port);
		if (p->rank > best_rank) {
			best_rank = p->rank;
			res->best = i;
		}
	}
}

int sd_scanner_cert_verdict(sd_code verdict)
{
	return verdict == SD_V_CERT_UNTRUSTED || verdict == SD_V_CERT_EXPIRED || verdict == SD_V_CERT_NAME_MISMATCH;
}

int sd_scanner_unverified_candidate(const sd_scan_result *res)
{
	int i, pass;

	if (res->best >= 0) {
		return -1;
	}
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < res->nports; i++) {
			const sd_scan_port *p = &res->ports[i];
			int submission = p->port == 465 || p->port == 587;

			if (submission == (pass == 0) && p->result && sd_scanner_cert_verdict(p->result->verdict)) {
				return i;
			}
		}
	}
	return -1;
}

/* ---- probes --------------------------------------------------------------------------------- */

#ifndef _WIN32
static void *job_main(void *arg)
{
	scan_job *j = arg;
	ssize_t n;

	sd_probe_run(&j->o, j->res);
	do {
		n = write(j->wake_fd, &j->tag, 1);
	} while (n < 0 && errno == EINTR);
	return NULL;
}
#endif

/* Starts the probe j->o with what is left of the deadline. Returns 1 when it runs on a thread (its tag
 * comes through the wake pipe), 0 when it ran here and now. */
static int job_start(scan_state *s, scan_job *j)
{
	double left = s->deadline - sd_clock_ms();

	j->o.timeout_ms = left > 1.0 ? left : 1.0;
	j->started = 1;
#ifndef _WIN32
	if (j->wake_fd >= 0) {
		/* every signal blocked, so the caller's handlers (PHP's timeouts, pcntl) stay on its thread */
		sigset_t all, old;
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		j->threaded = pthread_create(&j->tid, NULL, job_main, j) == 0;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (j->threaded) {
			return 1;
		}
	}
#else
	(void) s;
#endif
	sd_probe_run(&j->o, j->res);
	return 0;
}

static void job_join(scan_job *j)
{
#ifndef _WIN32
	if (j->threaded) {
		pthread_join(j->tid, NULL);
		j->threaded = 0;
	}
#else
	(void) j;
#endif
}

/* Port i's first probe is done: start the retry in the mode its answer points to, if any. Returns 1
 * when the retry runs on a thread. */
static int after_first(scan_state *s, int i)
{
	scan_port *p = &s->p[i];
	sd_scan_port *out = &s->out->ports[i];
	sd_security other;

	if (!sd_scanner_retry_mode(p->first.res, out->first_security, &other)) {
		return 0;
	}
	p->retry.o = p->first.o;
	p->retry.o.security = other;
	p->retry.o.tcp_failed = NULL;
	out->retry_security = other;
	out->retry = p->retry.res;
	return job_start(s, &p->retry);
}

/* Starts port i's first probe (and its retry when it ran here and now). */
static void first_start(scan_state *s, int i, const sd_resolve_result *dns, const sd_conn_result *failed)
{
	scan_job *j = &s->p[i].first;

	j->o = s->o->probe;
	j->o.port = s->out->ports[i].port;
	j->o.security = s->out->ports[i].first_security;
	if (dns != NULL) {
		j->o.resolved = dns;
	}
	j->o.tcp_failed = failed;
	j->o.no_alternative = 1;   /* the scan tries the other modes itself (its retry) */
	if (job_start(s, j)) {
		s->running++;
	} else {
		s->running += after_first(s, i);
	}
}

/* A probe's tag came through the wake pipe: join it, and start the retry its answer points to. */
static void job_done(scan_state *s, unsigned char tag)
{
	int i = tag % SD_SCAN_MAX_PORTS;

	s->running--;
	if (tag < SD_SCAN_MAX_PORTS) {
		job_join(&s->p[i].first);
		s->running += after_first(s, i);
	} else {
		job_join(&s->p[i].retry);
	}
}

/* ---- the connects --------------------------------------------------------------------------- */

static void attempt_start(scan_state *s, int i, int k)
{
	struct sockaddr_storage sa = s->dns.addrs[k].sa;

	sd_net_set_port(&sa, s->out->ports[i].port);
	sd_net_connect_start((struct sockaddr *) &sa, s->dns.addrs[k].sa_len, &s->bindto, &s->p[i].conn.attempts[k]);
}

/* Port i's attempts, one per address in PHP's order, all started at once as sd_net_connect() starts
 * them (one at a time with a bindto port); PHP's walk over them decides. */
static void port_begin(scan_state *s, int i)
{
	sd_conn_result *c = &s->p[i].conn;
	int k, n = s->dns.count < SD_NET_MAX_ADDRS ? s->dns.count : SD_NET_MAX_ADDRS;

	memset(c, 0, sizeof(*c));
	c->fd = SD_NET_NO_FD;
	c->fd_index = c->php_index = c->outcome_index = c->php_last_index = -1;
	c->outcome = SD_CONN_OTHER;
	c->count = n;
	for (k = 0; k < n; k++) {
		sd_conn_attempt *a = &c->attempts[k];
		a->outcome = SD_CONN_NOT_TRIED;
		a->fd = SD_NET_NO_FD;
		a->family = s->dns.addrs[k].family;
		snprintf(a->addr, sizeof(a->addr), "%s", s->dns.addrs[k].text);
		if (a->family == AF_INET6 && s->bindto.set && !s->bindto.is_v6) {
			a->outcome = SD_CONN_SKIPPED; /* PHP: an IPv4 bindto skips IPv6 addresses */
		} else if (!s->one_at_a_time) {
			attempt_start(s, i, k);
		}
	}
}

/* PHP's walk over port i's attempts at time now, starting the next address when the walk gets to it.
 * Returns 1 when decided; else lowers *wake_at to when PHP would give up on the address it waits for. */
static int port_walk(scan_state *s, int i, double now, double *wake_at)
{
	sd_conn_result *c = &s->p[i].conn;
	int wait_i = -1;
	double at = s->deadline;

	for (;;) {
		if (sd_net_connect_walk(c, s->budget, now, &wait_i, &at)) {
			return 1;
		}
		if (c->attempts[wait_i].outcome != SD_CONN_NOT_TRIED) {
			break;
		}
		attempt_start(s, i, wait_i);
	}
	if (at < *wake_at) {
		*wake_at = at;
	}
	return 0;
}

/* Port i's walk is decided: close its sockets (a probe connects again, to the same addresses in the
 * same order) and start its first probe, with the failed walk as its TCP stage when PHP would not get
 * through. */
static void port_decided(scan_state *s, int i, double t0)
{
	scan_port *p = &s->p[i];
	int k;

	for (k = 0; k < p->conn.count; k++) {
		sd_conn_attempt *a = &p->conn.attempts[k];
		if (a->outcome == SD_CONN_PENDING) {
			a->elapsed_ms = sd_clock_ms() - a->start_ms;
		}
		if (a->fd != SD_NET_NO_FD) {
			sd_net_close(a->fd);
			a->fd = SD_NET_NO_FD;
		}
	}
	p->conn.elapsed_ms = sd_clock_ms() - t0;
	p->decided = 1;
	first_start(s, i, &s->dns, p->conn.outcome == SD_CONN_CONNECTED ? NULL : &p->conn);
}

/* The pending attempts of the ports still undecided into pfd (map: port * SD_NET_MAX_ADDRS + address).
 * Decides the ports whose walk ends now. Returns how many ports are still pending. */
static int ports_poll_set(scan_state *s, double t0, struct pollfd *pfd, int *map, int *np, double *wake_at)
{
	double now = sd_clock_ms();
	int i, k, pending = 0;

	for (i = 0; i < s->out->nports; i++) {
		sd_conn_result *c = &s->p[i].conn;
		if (s->p[i].decided) {
			continue;
		}
		if (now >= s->deadline) {
			for (k = 0; k < c->count; k++) {
				sd_net_connect_expire(&c->attempts[k]);
			}
		}
		if (port_walk(s, i, now, wake_at)) {
			port_decided(s, i, t0);
			continue;
		}
		pending++;
		for (k = 0; k < c->count; k++) {
			if (c->attempts[k].outcome == SD_CONN_PENDING) {
				pfd[*np].fd = c->attempts[k].fd;
				pfd[*np].events = SD_NET_POLL_CONNECT;
				pfd[*np].revents = 0;
				map[(*np)++] = i * SD_NET_MAX_ADDRS + k;
			}
		}
	}
	return pending;
}

static void wake_read(scan_state *s)
{
#ifndef _WIN32
	/* only polled while probe threads run, which Windows builds never start */
	unsigned char tags[2 * SD_SCAN_MAX_PORTS];
	ssize_t got = read(s->wake[0], tags, sizeof(tags)), t;

	for (t = 0; t < got; t++) {
		job_done(s, tags[t]);
	}
#else
	(void) s;
#endif
}

/* Every port's connects at once; each port whose walk is decided is probed on its own thread while the
 * others are still pending, and retried as soon as its first probe says so. */
static void connect_all(scan_state *s)
{
	double t0 = sd_clock_ms();
	int i;

	s->budget = s->deadline - t0;
	for (i = 0; i < s->out->nports; i++) {
		port_begin(s, i);
	}
	for (;;) {
		struct pollfd pfd[SD_SCAN_MAX_PORTS * SD_NET_MAX_ADDRS + 1];
		int map[SD_SCAN_MAX_PORTS * SD_NET_MAX_ADDRS + 1], np = 0, pending, rc, k;
		double wake_at = s->deadline;

		pending = ports_poll_set(s, t0, pfd, map, &np, &wake_at);
		if (pending == 0 && s->running == 0) {
			break;
		}
		if (s->running > 0) {
			pfd[np].fd = s->wake[0];
			pfd[np].events = POLLIN;
			pfd[np].revents = 0;
			map[np++] = -1;
		}
		/* Probes stop at the deadline themselves; a second more is only a safety net. */
		rc = scan_poll(pfd, np, sd_clock_left(pending ? wake_at : s->deadline + 1000.0));
		if (rc < 0 && errno == EINTR) {
			continue;
		}
		if (rc <= 0 && pending == 0) {
			break;
		}
		for (k = 0; k < np; k++) {
			if (pfd[k].revents == 0) {
				continue;
			}
			if (map[k] < 0) {
				wake_read(s);
			} else {
				sd_net_connect_check(&s->p[map[k] / SD_NET_MAX_ADDRS].conn.attempts[map[k] % SD_NET_MAX_ADDRS],
					pfd[k].revents);
			}
		}
	}
}

/* No address: each port's probe names the problem (host, DNS) the same way, all at once. */
static void probe_each_alone(scan_state *s)
{
	int i;

	for (i = 0; i < s->out->nports; i++) {
		s->p[i].first.o = s->o->probe;
		s->p[i].first.o.port = s->out->ports[i].port;
		s->p[i].first.o.security = s->out->ports[i].first_security;
		job_start(s, &s->p[i].first);
	}
	for (i = 0; i < s->out->nports; i++) {
		job_join(&s->p[i].first);
	}
}

/* ---- the scan ------------------------------------------------------------------------------- */

/* The host's addresses, found once for every port: connect_to when given, else the host (brackets
 * of an IPv6 literal removed); a host with NUL bytes or too long for a name is not looked up (the
 * probes then say what is wrong with it). */
static void scan_resolve(scan_state *s)
{
	const sd_probe_opts *b = &s->o->probe;
	char name[1100];
	size_t n;

	if (b->resolved != NULL) {
		s->dns = *b->resolved;
		return;
	}
	if (b->connect_to != NULL) {
		sd_net_resolve(b->connect_to, 0, s->deadline, &s->dns);
		return;
	}
	n = b->host_len;
	if (n >= sizeof(name) || memchr(b->host, '\0', n) != NULL) {
		s->dns.status = SD_RESOLVE_NOT_FOUND;
		return;
	}
	if (n > 2 && b->host[0] == '[' && b->host[n - 1] == ']') {
		memcpy(name, b->host + 1, n - 2);
		name[n - 2] = '\0';
	} else {
		memcpy(name, b->host, n);
		name[n] = '\0';
	}
	sd_net_resolve(name, b->ip_version, s->deadline, &s->dns);
}

/* The state and every probe result, allocated before anything starts. */
static scan_state *scan_alloc(const sd_scan_opts *o, sd_scan_result *out)
{
	scan_state *s = calloc(1, sizeof(*s));
	sd_probe_result *results = calloc(out->nports > 0 ? (size_t) out->nports * 2 : 1, sizeof(*results));
	int i;

	if (s == NULL || results == NULL) {
		free(s);
		free(results);
		out->out_of_memory = 1;
		return NULL;
	}
	out->block = results;
	s->o = o;
	s->out = out;
	s->wake[0] = s->wake[1] = -1;
	sd_net_bindto_parse(o->probe.bindto, &s->bindto);
	s->one_at_a_time = s->bindto.set && s->bindto.port != 0;
	for (i = 0; i < out->nports; i++) {
		out->ports[i].port = o->ports[i];
		out->ports[i].first_security = sd_scanner_natural_mode(o->ports[i]);
		out->ports[i].first = &results[2 * i];
		s->p[i].first.res = &results[2 * i];
		s->p[i].retry.res = &results[2 * i + 1];
		s->p[i].first.tag = (unsigned char) i;
		s->p[i].retry.tag = (unsigned char) (i + SD_SCAN_MAX_PORTS);
	}
	return s;
}

static void wake_open(scan_state *s)
{
	int i;

#ifndef _WIN32
	if (!s->o->in_turn && pipe(s->wake) == 0) {
		fcntl(s->wake[0], F_SETFL, fcntl(s->wake[0], F_GETFL) | O_NONBLOCK);
		fcntl(s->wake[0], F_SETFD, FD_CLOEXEC);
		fcntl(s->wake[1], F_SETFD, FD_CLOEXEC);
	} else {
		s->wake[0] = s->wake[1] = -1;  /* no pipe: every probe runs in turn on this thread */
	}
#endif
	for (i = 0; i < s->out->nports; i++) {
		s->p[i].first.wake_fd = s->wake[1];
		s->p[i].retry.wake_fd = s->wake[1];
	}
}

static void scan_end(scan_state *s)
{
	int i;

	for (i = 0; i < s->out->nports; i++) {
		job_join(&s->p[i].first);
		job_join(&s->p[i].retry);
	}
#ifndef _WIN32
	if (s->wake[0] >= 0) {
		close(s->wake[0]);
		close(s->wake[1]);
	}
#endif
	free(s);
}

/* When no port works and one failed only on its certificate: that port once more, in the same mode,
 * with verification off, within what is left of the deadline, so that the recommendation can say
 * whether it works only so. On the calling thread: every other probe is done. */
static void try_unverified(const sd_scan_opts *o, sd_scan_result *out)
{
	int i = sd_scanner_unverified_candidate(out);
	double left = out->start_ms + o->probe.timeout_ms - sd_clock_ms();
	sd_scan_port *p;
	sd_probe_opts po;

	out->unverified = -1;
	if (i < 0 || left < 1.0 || (out->unverified_result = calloc(1, sizeof(*out->unverified_result))) == NULL) {
		return;
	}
	p = &out->ports[i];
	po = o->probe;
	po.port = p->port;
	po.security = p->security;
	po.tcp_failed = NULL;
	po.resolved = p->result->resolved && p->result->dns.status == SD_RESOLVE_OK ? &p->result->dns : NULL;
	po.no_alternative = 1;
	po.timeout_ms = left;
	po.verify_peer = 0;
	po.verify_peer_name = 0;
	po.allow_self_signed = 1;
	sd_probe_run(&po, out->unverified_result);
	if (out->unverified_result->ok) {
		out->unverified = i;
	}
}

int sd_scanner_run(const sd_scan_opts *o, sd_scan_result *out)
{
	scan_state *s;

	memset(out, 0, sizeof(*out));
	out->best = -1;
	out->unverified = -1;
	out->start_ms = o->start_ms > 0 ? o->start_ms : sd_clock_ms();
	out->nports = o->nports < 0 ? 0 : o->nports > SD_SCAN_MAX_PORTS ? SD_SCAN_MAX_PORTS : o->nports;
	s = scan_alloc(o, out);
	if (s == NULL) {
		return -1;
	}
	s->deadline = out->start_ms + o->probe.timeout_ms;
	wake_open(s);
	scan_resolve(s);
	if (s->dns.status == SD_RESOLVE_OK && s->dns.count > 0) {
		connect_all(s);
	} else {
		probe_each_alone(s);
	}
	scan_end(s);
	sd_scanner_choose(out);
	try_unverified(o, out);
	return 0;
}

void sd_scanner_free(sd_scan_result *res)
{
	free(res->block);
	res->block = NULL;
	free(res->unverified_result);
	res->unverified_result = NULL;
}
