/* smtpdiag: the port scan (see sd_scan.h). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"

#ifndef _WIN32
# include <poll.h>
#endif

#include "php_smtpdiag.h"
#include "src/sd_api.h"
#include "src/sd_clock.h"
#include "src/sd_env.h"
#include "src/sd_net.h"
#include "src/sd_report.h"
#include "src/sd_scan.h"
#include "src/sd_verdict.h"

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

/* Probes one port with what is left of the scan's deadline. */
static void probe_port(zval *rv, sd_probe_opts *o, double deadline)
{
	double left = deadline - sd_clock_ms();

	o->timeout_ms = left > 1.0 ? left : 1.0;
	sd_api_probe_array(rv, o);
}

static int report_is(zval *report, const char *key, const char *value)
{
	zval *v = zend_hash_str_find(Z_ARRVAL_P(report), key, strlen(key));
	return v && Z_TYPE_P(v) == IS_STRING && zend_string_equals_cstr(Z_STR_P(v), value, strlen(value));
}

/* Probes a port that accepted the connection in its natural mode, then in the mode its answer points
 * to: the other TLS mode after a mode mismatch, PHPMailer's automatic mode (plain SMTP, STARTTLS when
 * offered) when STARTTLS is missing. The working report wins; otherwise the first. */
static void probe_connected(zval *rv, sd_probe_opts *o, double deadline, sd_security *mode)
{
	sd_security other;
	zval second, *ok;

	o->security = *mode;
	probe_port(rv, o, deadline);
	if (report_is(rv, "verdict", "tls_mode_mismatch")) {
		other = *mode == SD_SEC_SMTPS ? SD_SEC_STARTTLS : SD_SEC_SMTPS;
	} else if (*mode == SD_SEC_STARTTLS && report_is(rv, "verdict", "starttls_unavailable")) {
		other = SD_SEC_AUTO;
	} else {
		return;
	}
	o->security = other;
	probe_port(&second, o, deadline);
	ok = zend_hash_str_find(Z_ARRVAL(second), ZEND_STRL("ok"));
	if (ok && Z_TYPE_P(ok) == IS_TRUE) {
		zval_ptr_dtor(rv);
		ZVAL_COPY_VALUE(rv, &second);
		*mode = other;
	} else {
		zval_ptr_dtor(&second);
	}
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
	sd_probe_opts base, o;
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
	for (i = 0; i < nports; i++) {
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
		/* The probe of each port names the problem the same way (host, DNS). */
		for (i = 0; i < nports; i++) {
			o = base;
			o.port = ports[i];
			o.security = natural_mode(ports[i]);
			probe_port(&reports[i], &o, deadline);
		}
		goto assemble;
	}

	/* Every port's connect at once. */
	for (i = 0; i < nports; i++) {
		struct sockaddr_storage sa = dns->addrs[0].sa;
		sd_net_set_port(&sa, ports[i]);
		sd_net_connect_start((struct sockaddr *) &sa, dns->addrs[0].sa_len, NULL, &att[i]);
	}
	for (;;) {
		struct pollfd pfd[SD_SCAN_MAX_PORTS];
		int idx[SD_SCAN_MAX_PORTS], n = 0, rc;

		for (i = 0; i < nports; i++) {
			if (att[i].outcome == SD_CONN_PENDING) {
				pfd[n].fd = att[i].fd;
				pfd[n].events = SD_NET_POLL_CONNECT;
				pfd[n].revents = 0;
				idx[n++] = i;
			}
		}
		/* Ports decided since the last round are probed now, while the others stay pending. */
		for (i = 0; i < nports; i++) {
			if (Z_TYPE(reports[i]) != IS_UNDEF || att[i].outcome == SD_CONN_PENDING
					|| att[i].outcome == SD_CONN_NOT_TRIED) {
				continue;
			}
			o = base;
			o.port = ports[i];
			o.security = natural_mode(ports[i]);
			o.connect_to = dns->addrs[0].text;
			if (att[i].outcome == SD_CONN_CONNECTED) {
				sd_net_close(att[i].fd);
				att[i].fd = SD_NET_NO_FD;
				probe_connected(&reports[i], &o, deadline, &modes[i]);
			} else {
				/* The report of a port that failed here, without connecting again. */
				o.tcp_failed = &att[i];
				probe_port(&reports[i], &o, deadline);
			}
		}
		if (n == 0) {
			break;
		}
		rc = poll(pfd, (nfds_t) n, sd_clock_left(deadline));
		if (rc == 0 || sd_clock_ms() >= deadline) {
			for (i = 0; i < n; i++) {
				sd_net_connect_expire(&att[idx[i]]);
			}
			continue;
		}
		for (i = 0; i < n; i++) {
			if (pfd[i].revents) {
				sd_net_connect_check(&att[idx[i]], pfd[i].revents);
			}
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
	}
	efree(dns);
	return result;
}
