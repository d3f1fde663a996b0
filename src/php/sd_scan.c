/* smtpdiag: the port scan (see sd_scan.h). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"

#include <errno.h>
#ifdef _WIN32
# include <winsock2.h>
# define scan_poll(p, n, t) WSAPoll((p), (ULONG) (n), (t))
#else
# include <poll.h>
# include <fcntl.h>
# include <pthread.h>
# include <signal.h>
# include <unistd.h>
# define scan_poll(p, n, t) poll((p), (nfds_t) (n), (t))
#endif

#include "php_smtpdiag.h"
#include "src/php/sd_api.h"
#include "src/engine/sd_clock.h"
#include "src/php/sd_env.h"
#include "src/engine/sd_net.h"
#include "src/php/sd_report.h"
#include "src/php/sd_scan.h"
#include "src/engine/sd_verdict.h"

static const char *const scan_keys[] = { "ports", NULL };

/* The mode a port is used with: implicit TLS on 465 (and SES's 2465), STARTTLS elsewhere. */
static sd_security natural_mode(int port)
{
	return port == 465 || port == 2465 ? SD_SEC_SMTPS : SD_SEC_STARTTLS;
}

static zend_result scan_ports(HashTable *options, int *ports, int *count)
{
	static const int defaults[] = { 587, 465, 25, 2525 };
	zval *list = options ? zend_hash_str_find_deref(options, ZEND_STRL("ports")) : NULL, *v;
	int i;

	*count = 0;
	if (list == NULL || Z_TYPE_P(list) == IS_NULL) {
		for (i = 0; i < 4; i++) {
			ports[(*count)++] = defaults[i];
		}
		return SUCCESS;
	}
	if (Z_TYPE_P(list) != IS_ARRAY) {
		zend_argument_type_error(2, "option \"ports\" must be of type array, %s given", zend_zval_type_name(list));
		return FAILURE;
	}
	if (zend_hash_num_elements(Z_ARRVAL_P(list)) == 0 || zend_hash_num_elements(Z_ARRVAL_P(list)) > SD_SCAN_MAX_PORTS) {
		zend_argument_value_error(2, "option \"ports\" must list 1 to %d ports", SD_SCAN_MAX_PORTS);
		return FAILURE;
	}
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(list), v) {
		ZVAL_DEREF(v);
		if (Z_TYPE_P(v) != IS_LONG || Z_LVAL_P(v) < 1 || Z_LVAL_P(v) > 65535) {
			zend_argument_value_error(2, "option \"ports\" must hold ports between 1 and 65535");
			return FAILURE;
		}
		for (i = 0; i < *count; i++) {
			if (ports[i] == (int) Z_LVAL_P(v)) {
				zend_argument_value_error(2, "option \"ports\" lists port " ZEND_LONG_FMT " twice", Z_LVAL_P(v));
				return FAILURE;
			}
		}
		ports[(*count)++] = (int) Z_LVAL_P(v);
	} ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

/* One port's probe. Probes run on threads of their own, so that the SMTP and TLS stages of every
 * port that answered proceed at once; the PHP thread allocates, starts, joins and reports. A thread
 * that is done writes its tag to the wake pipe, which the PHP thread polls with the pending connects. */
typedef struct {
	sd_probe_opts o;
	sd_probe_result *res;     /* emalloc'd by the PHP thread; NULL until the port is probed */
	unsigned char tag;        /* port index, + SD_SCAN_MAX_PORTS for a retry */
	int wake_fd;              /* the write end of the wake pipe; -1: none */
	int running;              /* started and not joined yet */
#ifndef _WIN32
	pthread_t tid;
	int threaded;
#endif
} port_job;

#ifndef _WIN32
static void *job_main(void *arg)
{
	port_job *j = arg;
	ssize_t n;

	sd_probe_run(&j->o, j->res);
	do {
		n = write(j->wake_fd, &j->tag, 1);
	} while (n < 0 && errno == EINTR);
	return NULL;
}
#endif

/* Starts a probe of j->o with what is left of the deadline. Returns 1 when it runs on a thread (its
 * tag comes through the wake pipe), 0 when it ran here and now (no pipe, no thread). */
static int job_start(port_job *j, double deadline)
{
	double left = deadline - sd_clock_ms();

	j->o.timeout_ms = left > 1.0 ? left : 1.0;
	j->res = emalloc(sizeof(*j->res));
	j->running = 1;
#ifndef _WIN32
	if (j->wake_fd >= 0) {
		/* every signal blocked, so PHP's handlers (max_execution_time, pcntl) stay on PHP's thread */
		sigset_t all, old;
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		j->threaded = pthread_create(&j->tid, NULL, job_main, j) == 0;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (j->threaded) {
			return 1;
		}
	}
#endif
	sd_probe_run(&j->o, j->res);
	return 0;
}

static void job_join(port_job *j)
{
#ifndef _WIN32
	if (j->threaded) {
		pthread_join(j->tid, NULL);
		j->threaded = 0;
	}
#endif
	j->running = 0;
}

static void job_free(port_job *j)
{
	job_join(j);
	if (j->res) {
		efree(j->res);
		j->res = NULL;
	}
}

/* The mode a port's first answer points to: the other TLS mode after a mode mismatch, PHPMailer's
 * automatic mode (plain SMTP, STARTTLS when offered) when STARTTLS is missing; 0: none. */
static int retry_mode(const sd_probe_result *r, sd_security mode, sd_security *other)
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

/* A first probe is done: start the retry in the mode its answer points to, if any. Returns 1 when the
 * retry runs on a thread. */
static int after_first(port_job *first, port_job *second, sd_security mode, double deadline)
{
	sd_security other;

	if (first->res == NULL || !retry_mode(first->res, mode, &other)) {
		return 0;
	}
	second->o = first->o;
	second->o.security = other;
	return job_start(second, deadline);
}

static int verified_tls(zval *report)
{
	zval *server = zend_hash_str_find(Z_ARRVAL_P(report), ZEND_STRL("server")), *tls, *verify, *code, *vp;

	if (!server || Z_TYPE_P(server) != IS_ARRAY
			|| !(tls = zend_hash_str_find(Z_ARRVAL_P(server), ZEND_STRL("tls"))) || Z_TYPE_P(tls) != IS_ARRAY
			|| !(verify = zend_hash_str_find(Z_ARRVAL_P(tls), ZEND_STRL("verify"))) || Z_TYPE_P(verify) != IS_ARRAY) {
		return 0;
	}
	code = zend_hash_str_find(Z_ARRVAL_P(verify), ZEND_STRL("code"));
	vp = zend_hash_str_find(Z_ARRVAL_P(verify), ZEND_STRL("verify_peer"));
	return code && Z_TYPE_P(code) == IS_LONG && Z_LVAL_P(code) == 0 && vp && Z_TYPE_P(vp) == IS_TRUE;
}

zend_result sd_scan_run(zval *rv, zend_string *host, HashTable *options)
{
	int ports[SD_SCAN_MAX_PORTS], nports, i, best = -1, best_rank = 0;
	sd_security modes[SD_SCAN_MAX_PORTS];
	sd_conn_attempt att[SD_SCAN_MAX_PORTS];
	zval reports[SD_SCAN_MAX_PORTS], list, rec;
	port_job jobs[SD_SCAN_MAX_PORTS], retry[SD_SCAN_MAX_PORTS];
	sd_api_env env;
	sd_probe_opts base;
	int wake[2] = { -1, -1 }, running = 0;
	sd_resolve_result *dns = NULL;
	char helo_buf[256], detail[256];
	double start = sd_clock_ms(), deadline;
	zend_result result = FAILURE;

	if (scan_ports(options, ports, &nports) == FAILURE) {
		return FAILURE;
	}
	memset(&base, 0, sizeof(base));
	if (sd_api_probe_options(options, 2, 0, &base, helo_buf, sizeof(helo_buf), scan_keys) == FAILURE) {
		return FAILURE;
	}
	base.host = ZSTR_VAL(host);
	base.host_len = ZSTR_LEN(host);
	base.sniff_after_ms = 1000.0;
	base.no_localhost_autotls = 1;
	deadline = start + base.timeout_ms;
	/* One look at the environment serves every port's probe and report. */
	sd_api_env_begin(&base, &env);
	memset(jobs, 0, sizeof(jobs));
	memset(retry, 0, sizeof(retry));
#ifndef _WIN32
	if (pipe(wake) == 0) {
		fcntl(wake[0], F_SETFL, fcntl(wake[0], F_GETFL) | O_NONBLOCK);
		fcntl(wake[0], F_SETFD, FD_CLOEXEC);
		fcntl(wake[1], F_SETFD, FD_CLOEXEC);
	} else {
		wake[0] = wake[1] = -1;  /* no pipe: every probe runs in turn on this thread */
	}
#endif
	for (i = 0; i < nports; i++) {
		jobs[i].tag = (unsigned char) i;
		jobs[i].wake_fd = wake[1];
		retry[i].tag = (unsigned char) (i + SD_SCAN_MAX_PORTS);
		retry[i].wake_fd = wake[1];
		modes[i] = natural_mode(ports[i]);
		ZVAL_UNDEF(&reports[i]);
		memset(&att[i], 0, sizeof(att[i]));
		att[i].fd = SD_NET_NO_FD;
		att[i].outcome = SD_CONN_NOT_TRIED;
	}

	/* Name and address: found once for every port, by a probe of the first port that stops before TCP
	 * when the host or its name is the problem. */
	dns = emalloc(sizeof(*dns));
	{
		char name[1100];
		size_t n = ZSTR_LEN(host) < sizeof(name) - 1 ? ZSTR_LEN(host) : sizeof(name) - 1;
		memcpy(name, ZSTR_VAL(host), n);
		name[n] = '\0';
		if (base.connect_to) {
			sd_net_resolve(base.connect_to, 0, deadline, dns);
		} else if (memchr(ZSTR_VAL(host), '\0', ZSTR_LEN(host)) == NULL && n == ZSTR_LEN(host)) {
			const char *h = name;
			size_t hl = strlen(name);
			char bare[1100];
			if (hl > 2 && name[0] == '[' && name[hl - 1] == ']') {
				memcpy(bare, name + 1, hl - 2);
				bare[hl - 2] = '\0';
				h = bare;
			}
			sd_net_resolve(h, base.ip_version, deadline, dns);
		} else {
			dns->status = SD_RESOLVE_NOT_FOUND;
		}
	}
	if (dns->status != SD_RESOLVE_OK || dns->count == 0) {
		/* The probe of each port names the problem the same way (host, DNS), all at once. */
		for (i = 0; i < nports; i++) {
			jobs[i].o = base;
			jobs[i].o.port = ports[i];
			jobs[i].o.security = modes[i];
			job_start(&jobs[i], deadline);
		}
		for (i = 0; i < nports; i++) {
			job_join(&jobs[i]);
			sd_report_probe(&reports[i], jobs[i].res, &env.env);
		}
		goto assemble;
	}

	/* Every port's connect at once; each port that answers is probed on its own thread while the
	 * others are still pending, and retried in another mode as soon as its first probe says so. */
	for (i = 0; i < nports; i++) {
		struct sockaddr_storage sa = dns->addrs[0].sa;
		sd_net_set_port(&sa, ports[i]);
		sd_net_connect_start((struct sockaddr *) &sa, dns->addrs[0].sa_len, NULL, &att[i]);
	}
	for (;;) {
		struct pollfd pfd[SD_SCAN_MAX_PORTS + 1];
		int idx[SD_SCAN_MAX_PORTS + 1], n = 0, pending = 0, k, rc;

		for (i = 0; i < nports; i++) {
			port_job *j = &jobs[i];
			if (att[i].outcome == SD_CONN_PENDING) {
				pfd[n].fd = att[i].fd;
				pfd[n].events = SD_NET_POLL_CONNECT;
				pfd[n].revents = 0;
				idx[n++] = i;
				pending++;
				continue;
			}
			if (j->res != NULL) {
				continue;
			}
			j->o = base;
			j->o.port = ports[i];
			j->o.security = modes[i];
			j->o.connect_to = dns->addrs[0].text;
			if (att[i].outcome == SD_CONN_CONNECTED) {
				sd_net_close(att[i].fd);
				att[i].fd = SD_NET_NO_FD;
			} else {
				/* the report of a port that failed here, without connecting again */
				j->o.tcp_failed = &att[i];
			}
			if (job_start(j, deadline)) {
				running++;
			} else {
				running += after_first(j, &retry[i], modes[i], deadline);
			}
		}
		if (pending == 0 && running == 0) {
			break;
		}
		if (running > 0) {
			pfd[n].fd = wake[0];
			pfd[n].events = POLLIN;
			pfd[n].revents = 0;
			idx[n++] = -1;
		}
		/* Probes stop at the deadline themselves; a second more is only a safety net. */
		rc = scan_poll(pfd, n, sd_clock_left(pending ? deadline : deadline + 1000.0));
		if (rc < 0 && errno == EINTR) {
			continue;
		}
		if (rc <= 0 && pending == 0) {
			break;
		}
		for (k = 0; k < n; k++) {
			if (!pfd[k].revents) {
				continue;
			}
			if (idx[k] >= 0) {
				sd_net_connect_check(&att[idx[k]], pfd[k].revents);
				continue;
			}
#ifndef _WIN32
			{
				/* the wake pipe (only polled while probe threads run, which Windows builds never start) */
				unsigned char tags[2 * SD_SCAN_MAX_PORTS];
				ssize_t got = read(wake[0], tags, sizeof(tags)), t;
				for (t = 0; t < got; t++) {
					int p = tags[t] % SD_SCAN_MAX_PORTS;
					running--;
					if (tags[t] < SD_SCAN_MAX_PORTS) {
						job_join(&jobs[p]);
						running += after_first(&jobs[p], &retry[p], modes[p], deadline);
					} else {
						job_join(&retry[p]);
					}
				}
			}
#endif
		}
		if (sd_clock_ms() >= deadline) {
			for (k = 0; k < n; k++) {
				if (idx[k] >= 0 && att[idx[k]].outcome == SD_CONN_PENDING) {
					sd_net_connect_expire(&att[idx[k]]);
				}
			}
		}
	}
	for (i = 0; i < nports; i++) {
		job_join(&jobs[i]);
		job_join(&retry[i]);
		if (retry[i].res && retry[i].res->ok) {
			modes[i] = retry[i].o.security;
			sd_report_probe(&reports[i], retry[i].res, &env.env);
		} else if (jobs[i].res) {
			sd_report_probe(&reports[i], jobs[i].res, &env.env);
		}
	}

assemble:
	array_init_size(&list, (uint32_t) nports);
	for (i = 0; i < nports; i++) {
		zval row, *ok, *verdict, *summary;
		int rank;

		ok = zend_hash_str_find(Z_ARRVAL(reports[i]), ZEND_STRL("ok"));
		verdict = zend_hash_str_find(Z_ARRVAL(reports[i]), ZEND_STRL("verdict"));
		summary = zend_hash_str_find(Z_ARRVAL(reports[i]), ZEND_STRL("summary"));
		array_init_size(&row, 6);
		add_assoc_long(&row, "port", ports[i]);
		add_assoc_string(&row, "security", (char *) sd_security_name(modes[i]));
		add_assoc_bool(&row, "ok", ok && Z_TYPE_P(ok) == IS_TRUE);
		Z_TRY_ADDREF_P(verdict);
		add_assoc_zval(&row, "verdict", verdict);
		Z_TRY_ADDREF_P(summary);
		add_assoc_zval(&row, "summary", summary);
		/* Preference: verified TLS on 465 or 587, then other verified TLS, then anything that works. */
		rank = 0;
		if (ok && Z_TYPE_P(ok) == IS_TRUE) {
			int tls = verified_tls(&reports[i]);
			rank = tls && (ports[i] == 465 || ports[i] == 587) ? 3 : tls ? 2 : 1;
		}
		if (rank > best_rank) {
			best_rank = rank;
			best = i;
		}
		add_assoc_zval(&row, "report", &reports[i]);
		ZVAL_UNDEF(&reports[i]);
		add_next_index_zval(&list, &row);
	}

	array_init_size(rv, 8);
	add_assoc_bool(rv, "ok", best >= 0);
	if (best >= 0) {
		char lines[SD_TEXT_MAX];
		sd_verdict_phpmailer_lines(ports[best], modes[best], lines, sizeof(lines));
		add_assoc_string(rv, "verdict", "ok");
		snprintf(detail, sizeof(detail), "port %d with %s works from here%s", ports[best],
			sd_security_name(modes[best]), best_rank >= 2 ? ", encrypted and verified" : "");
		add_assoc_string(rv, "summary", detail);
		array_init_size(&rec, 3);
		add_assoc_long(&rec, "port", ports[best]);
		add_assoc_string(&rec, "security", (char *) sd_security_name(modes[best]));
		add_assoc_string(&rec, "phpmailer", lines);
		add_assoc_zval(rv, "recommended", &rec);
	} else {
		zval *first = zend_hash_index_find(Z_ARRVAL(list), 0), *fv = NULL;
		if (first) {
			fv = zend_hash_str_find(Z_ARRVAL_P(first), ZEND_STRL("verdict"));
		}
		add_assoc_string(rv, "verdict", fv && Z_TYPE_P(fv) == IS_STRING ? Z_STRVAL_P(fv) : "port_blocked");
		add_assoc_string(rv, "summary", "no port and mode tried works from here");
		add_assoc_null(rv, "recommended");
	}
	add_assoc_str(rv, "host", zend_string_copy(host));
	add_assoc_zval(rv, "ports", &list);
	add_assoc_double(rv, "elapsed_ms", sd_clock_ms() - start);
	result = SUCCESS;

	for (i = 0; i < nports; i++) {
		if (att[i].fd != SD_NET_NO_FD) {
			sd_net_close(att[i].fd);
		}
		zval_ptr_dtor(&reports[i]);
		job_free(&jobs[i]);
		job_free(&retry[i]);
	}
	sd_api_env_end(&base, &env);
#ifndef _WIN32
	if (wake[0] >= 0) {
		close(wake[0]);
		close(wake[1]);
	}
#endif
	efree(dns);
	return result;
}
