/* smtpdiag: the probe pipeline (see sd_probe.h). Each stage either passes and hands on, or names the
 * verdict and stops; every stage waits only for what is left of the one deadline. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef _WIN32
# include <poll.h>
# include <unistd.h>
#endif

#include "src/engine/sd_auth.h"
#include "src/engine/sd_clock.h"
#include "src/engine/sd_host.h"
#include "src/engine/sd_probe.h"
#include "src/engine/sd_providers.h"
#include "src/engine/sd_text.h"
#include "src/engine/sd_str.h"

#define EXPIRY_WARNING_DAYS 21
#define QUIT_WAIT_MS 300.0
#define ALT_MIN_MS 200.0     /* less time left than this: the alternative is not tried */
#define PATIENT_SHARE 0.75   /* on 25, 587, 2525 nothing is said before a greeting until this share of the deadline */

/* The state of one run; lives on the heap because of the receive buffer. */
typedef struct {
	const sd_probe_opts *o;
	sd_probe_result *r;
	double start;
	double deadline;
	sd_smtp smtp;
	sd_tls *tls;
	sd_socket_t fd;
	sd_verdict_ctx ctx;
	char detail[SD_TEXT_MAX];
	char reached[SD_HOST_TEXT];
	int stopped;                      /* a verdict is set: later stages do not run */
	int quit_sent;
	int cert_pending;                 /* a certificate verdict waits for the interception evidence */
	int unverified;                   /* the TLS session failed verification: no SMTP is read or sent on it */
	sd_code pending_code;
	char pending_detail[SD_TEXT_MAX];
	char target_domain[SD_HOST_TEXT]; /* for interception: the target's base domain, "" for IPs */
	char auth_offered[SD_AUTH_MAX_MECHS * SD_AUTH_MECH_LEN];
	double connected_at;              /* when the greeting stage began (the TCP connection was made) */
	double late_greeting_ms;          /* a greeting that came only after smtpdiag spoke first: after how long */
	const char *spoken;               /* what smtpdiag sent first on this connection, before any greeting */
	int http_closed;                  /* the server closed on the HTTP request without a byte */
	char near_miss[SD_HOST_TEXT];     /* a provider host the target's name is a near miss of */
} run_t;

static const char *const check_names[SD_PCHECK_COUNT] = {
	"target", "environment", "dns", "tcp", "greeting", "ehlo", "starttls", "tls", "certificate", "auth", "quit"
};

const char *sd_probe_check_name(sd_probe_check_id id)
{
	return (unsigned) id < SD_PCHECK_COUNT ? check_names[id] : "unknown";
}

int sd_probe_default_port(sd_security s)
{
	return s == SD_SEC_SMTPS ? 465 : s == SD_SEC_STARTTLS ? 587 : 25;
}

static void check(run_t *x, sd_probe_check_id id, sd_status st, double since, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;
static void check(run_t *x, sd_probe_check_id id, sd_status st, double since, const char *fmt, ...)
{
	sd_check *c = &x->r->checks[id];
	va_list ap;

	c->name = check_names[id];
	c->status = st;
	va_start(ap, fmt);
	vsnprintf(c->message, sizeof(c->message), fmt, ap);
	va_end(ap);
	x->r->check_ms[id] = since > 0 ? sd_clock_ms() - since : 0.0;
}

/* Names the verdict (the first problem that would stop PHPMailer) and stops the pipeline. */
static void stop(run_t *x, sd_code code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
static void stop(run_t *x, sd_code code, const char *fmt, ...)
{
	va_list ap;

	if (x->stopped) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(x->detail, sizeof(x->detail), fmt, ap);
	va_end(ap);
	x->r->verdict = code;
	x->stopped = 1;
}

static void note(run_t *x, sd_code code, sd_severity sev, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
static void note(run_t *x, sd_code code, sd_severity sev, const char *fmt, ...)
{
	char msg[SD_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sd_findings_add(&x->r->findings, code, sev, "%s", msg);
}

static void event(run_t *x, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static void event(run_t *x, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sd_transcript_add(&x->r->transcript, "*", line, strlen(line));
}

static const char *sec_name(sd_security s)
{
	return sd_security_name(s);
}

/* The last two labels of a name ("mail.example.com" -> "example.com"), three under the usual
 * second-level registries of country domains ("smtp.example.co.uk" -> "example.co.uk"). */
static void base_domain(const char *name, char *out, size_t cap)
{
	const char *labels[4] = { NULL, NULL, NULL, NULL };
	const char *p = name + strlen(name);
	int n = 0, want = 2;
	size_t len;

	while (p > name && n < 3) {
		p--;
		if (*p == '.') {
			labels[n++] = p + 1;
		}
	}
	if (p == name && n < 3) {
		labels[n++] = name;
	}
	if (n >= 2) {
		const char *sld = labels[1];
		size_t tld_len = strlen(labels[0]);
		size_t sld_len = (size_t) (labels[0] - sld - 1);
		if (tld_len == 2 && n >= 3 && (
				(sld_len == 2 && (!strncmp(sld, "co", 2) || !strncmp(sld, "ac", 2) || !strncmp(sld, "or", 2)
					|| !strncmp(sld, "ne", 2) || !strncmp(sld, "go", 2)))
				|| (sld_len == 3 && (!strncmp(sld, "com", 3) || !strncmp(sld, "net", 3) || !strncmp(sld, "org", 3)
					|| !strncmp(sld, "gov", 3) || !strncmp(sld, "edu", 3))))) {
			want = 3;
		}
	}
	if (n < want) {
		snprintf(out, cap, "%s", name);
		return;
	}
	len = strlen(labels[want - 1]);
	snprintf(out, cap, "%.*s", (int) len, labels[want - 1]);
	for (p = out; *p; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			*(char *) p = (char) (*p - 'A' + 'a');
		}
	}
}

/* The first word of a greeting or EHLO text, as the server names itself. */
static void first_word(const char *text, char *out, size_t cap)
{
	size_t i = 0;

	while (*text == ' ') {
		text++;
	}
	while (text[i] && text[i] != ' ' && i + 1 < cap) {
		out[i] = text[i];
		i++;
	}
	/* "554 5.7.1 mx.example.com: listed": the punctuation is not part of the name */
	while (i > 0 && (out[i - 1] == ':' || out[i - 1] == ',' || out[i - 1] == ';')) {
		i--;
	}
	out[i] = '\0';
}

/* ---- stages ------------------------------------------------------------------------------- */

static void stage_target(run_t *x)
{
	const sd_probe_opts *o = x->o;
	sd_probe_result *r = x->r;
	sd_host_result *h = malloc(sizeof(*h));
	double t = sd_clock_ms();

	sd_text_escape(o->host, o->host_len, r->host_display, sizeof(r->host_display));
	r->port = o->port ? o->port : sd_probe_default_port(o->security);
	if (r->port < 0 || r->port > 65535) {
		/* PHP reads "host:70000" with atoi() and connects to its low 16 bits (port 4464) */
		x->ctx.port_given = r->port;
		r->port = (int) (unsigned short) r->port;
	}
	r->security = o->security;
	if (h == NULL) {
		r->out_of_memory = 1;
		stop(x, SD_V_TIMEOUT, "out of memory");
		return;
	}
	sd_host_check(o->host, o->host_len, h);
	if (h->malformed) {
		sd_text_escape(h->ascii[0] ? h->ascii : h->clean, strlen(h->ascii[0] ? h->ascii : h->clean),
			r->host_clean, sizeof(r->host_clean));
		r->host_kind = "invalid";
		check(x, SD_PCHECK_TARGET, SD_STATUS_FAIL, t, "host \"%s\" %s", r->host_display, sd_host_reason(h->cls));
		stop(x, SD_V_HOST_MALFORMED, "%s", sd_host_reason(h->cls));
		free(h);
		return;
	}
	sd_str_copy(r->host_ascii, sizeof(r->host_ascii), h->addr);
	switch (h->cls) {
		case SD_HOST_IPV4: r->host_kind = "ipv4"; break;
		case SD_HOST_IPV6: r->host_kind = "ipv6"; break;
		case SD_HOST_IDN: r->host_kind = "idn"; break;
		default: r->host_kind = "name"; break;
	}
	if (h->cls == SD_HOST_IDN) {
		note(x, SD_F_HOST_IDN, SD_SEV_WARNING, "\"%s\" is an internationalised name: PHPMailer rejects it as "
			"written; use $mail->Host = '%s';", r->host_display, h->ascii);
	} else if (h->cls == SD_HOST_UNDERSCORE) {
		note(x, SD_F_HOST_UNDERSCORE, SD_SEV_WARNING, "\"%s\" contains an underscore: DNS allows it but "
			"PHPMailer rejects the host", r->host_display);
	}
	if (h->cls == SD_HOST_NAME || h->cls == SD_HOST_IDN || h->cls == SD_HOST_UNDERSCORE) {
		if (strchr(r->host_ascii, '.') != NULL) {
			base_domain(r->host_ascii, x->target_domain, sizeof(x->target_domain));
		}
	}
	r->peer_name = o->peer_name ? o->peer_name : r->host_ascii;
	if (x->ctx.port_given) {
		check(x, SD_PCHECK_TARGET, SD_STATUS_WARN, t, "%s port %d (PHPMailer's Port %ld, of which PHP keeps the low "
			"16 bits), security %s", r->host_ascii, r->port, x->ctx.port_given, sec_name(r->security));
	} else {
		check(x, SD_PCHECK_TARGET, SD_STATUS_PASS, t, "%s port %d, security %s", r->host_ascii, r->port,
			sec_name(r->security));
	}
	free(h);
}

/* The provider table (sd_providers.h): a port or mode that contradicts what the target's provider
 * documents is a finding before any connection. The probe still runs; the verdict's fixes say more.
 * Facts marked "verify" (not confirmed) make an info, not a warning. */
static void stage_provider(run_t *x)
{
	const sd_provider *p = sd_provider_match(x->r->host_ascii);
	char text[SD_MSG_MAX];

	x->r->provider = p;
	if (p && sd_provider_mismatch(p, x->r->port, x->r->security, text, sizeof(text))) {
		note(x, SD_F_PROVIDER_MISMATCH, strcmp(p->trust, "verify") == 0 ? SD_SEV_INFO : SD_SEV_WARNING,
			"%s", text);
	}
}

static void stage_environment(run_t *x)
{
	const sd_probe_opts *o = x->o;
	const sd_findings *ef = &o->env_result->findings;
	sd_env_mode *m = malloc(sizeof(*m));
	double t = sd_clock_ms();
	size_t i;

	if (m == NULL) {
		x->r->out_of_memory = 1;
		stop(x, SD_V_TIMEOUT, "out of memory");
		return;
	}
	/* Environment warnings stay warnings; errors become the verdict only when this mode meets them. */
	for (i = 0; i < ef->count; i++) {
		const sd_finding *e = &ef->items[i];
		if (e->severity != SD_SEV_ERROR) {
			sd_findings_add(&x->r->findings, e->code, e->severity, "%s", e->message);
		}
	}
	sd_env_for_mode(o->env, o->env_result, o->security, o->verify_peer, o->openssl_extension, m);
	if (m->verdict != SD_V_OK) {
		check(x, SD_PCHECK_ENVIRONMENT, SD_STATUS_FAIL, t, "%s", m->check);
		stop(x, m->verdict, "%s", m->detail);
		free(m);
		return;
	}
	for (i = 0; i < m->warnings.count; i++) {
		note(x, m->warnings.items[i].code, m->warnings.items[i].severity, "%s", m->warnings.items[i].message);
	}
	check(x, SD_PCHECK_ENVIRONMENT, ef->count ? SD_STATUS_WARN : SD_STATUS_PASS, t, "%s", m->check);
	free(m);
}

static void stage_dns(run_t *x)
{
	const sd_probe_opts *o = x->o;
	sd_probe_result *r = x->r;
	double t = sd_clock_ms();
	const char *what = o->connect_to ? o->connect_to : r->host_ascii;
	int i;

	sd_net_resolvconf_read(NULL, &r->resolvconf);
	if (o->resolved != NULL) {
		r->dns = *o->resolved;
	} else {
		sd_net_resolve(what, o->connect_to ? 0 : o->ip_version, x->deadline, &r->dns);
	}
	r->resolved = 1;
	if (o->connect_to) {
		check(x, SD_PCHECK_DNS, SD_STATUS_SKIP, t, "connect_to %s: the name is not resolved", o->connect_to);
	} else if (r->dns.numeric && r->dns.status == SD_RESOLVE_OK) {
		check(x, SD_PCHECK_DNS, SD_STATUS_SKIP, t, "%s is an address: nothing to resolve", what);
	}
	switch (r->dns.status) {
		case SD_RESOLVE_OK:
			break;
		case SD_RESOLVE_NOT_FOUND:
			check(x, SD_PCHECK_DNS, SD_STATUS_FAIL, t, "%s: %s (%s)", what, r->dns.gai_text, r->dns.gai_name);
			stop(x, SD_V_DNS_NOT_FOUND, "%s, %s", r->dns.gai_text, r->dns.gai_name);
			return;
		case SD_RESOLVE_FAILURE:
		case SD_RESOLVE_TIMEOUT:
			check(x, SD_PCHECK_DNS, SD_STATUS_FAIL, t, "%s: %s%s%s%s", what, r->dns.gai_text,
				r->dns.gai_name[0] ? " (" : "", r->dns.gai_name, r->dns.gai_name[0] ? ")" : "");
			stop(x, SD_V_DNS_FAILURE, "%s%s%s%s after %.0f ms", r->dns.gai_text,
				r->dns.gai_name[0] ? " (" : "", r->dns.gai_name, r->dns.gai_name[0] ? ")" : "", r->dns.elapsed_ms);
			return;
	}
	if (!o->connect_to && !r->dns.numeric) {
		char list[256] = "";
		size_t used = 0;
		for (i = 0; i < r->dns.count && used < sizeof(list) - 1; i++) {
			used += (size_t) snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", r->dns.addrs[i].text);
		}
		check(x, SD_PCHECK_DNS, SD_STATUS_PASS, t, "%s has %d address%s: %s (%.1f ms)", what, r->dns.total,
			r->dns.total == 1 ? "" : "es", list, r->dns.elapsed_ms);
	}
}

static sd_code outcome_verdict(sd_conn_outcome o)
{
	switch (o) {
		case SD_CONN_REFUSED: return SD_V_CONNECTION_REFUSED;
		case SD_CONN_TIMEOUT: return SD_V_PORT_BLOCKED;
		case SD_CONN_DENIED: return SD_V_LOCAL_POLICY_DENIED;
		case SD_CONN_UNREACHABLE:
		case SD_CONN_SKIPPED:
		case SD_CONN_OTHER:
		default: return SD_V_NETWORK_UNREACHABLE;
	}
}

static void stage_tcp(run_t *x)
{
	const sd_probe_opts *o = x->o;
	sd_probe_result *r = x->r;
	sd_net_bindto bt;
	double t = sd_clock_ms();
	int i, v4_ok = 0, v6_bad = 0;

	sd_net_bindto_parse(o->bindto, &bt);
	if (o->tcp_failed != NULL) {
		r->conn = *o->tcp_failed;
		r->conn.fd = SD_NET_NO_FD;
		r->conn.fd_index = -1;
		for (i = 0; i < r->conn.count; i++) {
			r->conn.attempts[i].fd = SD_NET_NO_FD;
		}
		x->fd = SD_NET_NO_FD;
	} else {
		x->fd = sd_net_connect(r->dns.addrs, r->dns.count, r->port, &bt, 0, x->deadline, &r->conn);
	}
	for (i = 0; i < r->conn.count; i++) {
		const sd_conn_attempt *a = &r->conn.attempts[i];
		if (a->family == AF_INET && a->outcome == SD_CONN_CONNECTED) {
			v4_ok = 1;
		}
		/* ipv6_failed only where the IPv6 attempt costs PHP time: a timeout or an unreachable path, or
		 * any other failure whose answer took 200 ms or more. An instant refusal (::1 first, a server
		 * listening on IPv4 only) costs nothing: PHP goes on to IPv4 at once. */
		if (a->family == AF_INET6 && (a->outcome == SD_CONN_TIMEOUT || a->outcome == SD_CONN_UNREACHABLE
				|| ((a->outcome == SD_CONN_REFUSED || a->outcome == SD_CONN_DENIED || a->outcome == SD_CONN_OTHER)
					&& a->elapsed_ms >= 200.0))) {
			v6_bad = 1;
		}
	}
	if (v4_ok && v6_bad) {
		note(x, SD_F_IPV6_FAILED, SD_SEV_WARNING, "IPv4 connects but IPv6 does not: PHP tries the addresses in "
			"order, so an IPv6 address first costs time or the connection; force IPv4 with "
			"$mail->SMTPOptions = ['socket' => ['bindto' => '0:0']];");
		x->ctx.ipv4_works = 1;
	}
	if (r->conn.outcome == SD_CONN_CONNECTED && x->fd != SD_NET_NO_FD) {
		const sd_conn_attempt *a = &r->conn.attempts[r->conn.php_index];
		snprintf(r->peer_address, sizeof(r->peer_address), "%s", a->addr);
		r->connected = 1;
		check(x, SD_PCHECK_TCP, SD_STATUS_PASS, t, "connected to %s%s%s port %d in %.1f ms",
			a->family == AF_INET6 ? "[" : "", a->addr, a->family == AF_INET6 ? "]" : "", r->port, a->elapsed_ms);
		event(x, "connected to %s port %d", a->addr, r->port);
		return;
	}
	if (x->fd != SD_NET_NO_FD) {
		sd_net_close(x->fd);
		x->fd = SD_NET_NO_FD;
	}
	{
		int idx = r->conn.outcome_index >= 0 ? r->conn.outcome_index : 0;
		const sd_conn_attempt *a = r->conn.count ? &r->conn.attempts[idx] : NULL;
		sd_code code = outcome_verdict(r->conn.outcome);
		const char *why = r->conn.outcome == SD_CONN_SKIPPED
			? "the bindto address is IPv4 and the server has only IPv6 addresses"
			: a && a->err_text[0] ? a->err_text : sd_net_outcome_name(r->conn.outcome);

		if (a) {
			snprintf(r->peer_address, sizeof(r->peer_address), "%s", a->addr);
		}
		check(x, SD_PCHECK_TCP, SD_STATUS_FAIL, t, "%s port %d: %s", a ? a->addr : r->host_ascii, r->port, why);
		event(x, "connect to %s port %d: %s", a ? a->addr : r->host_ascii, r->port, why);
		stop(x, code, "%s", why);
	}
}

static void tls_opts(run_t *x, sd_tls_opts *t)
{
	const sd_probe_opts *o = x->o;

	sd_tls_opts_init(t);
	t->verify_peer = o->verify_peer;
	t->verify_peer_name = o->verify_peer_name;
	t->allow_self_signed = o->allow_self_signed;
	t->cafile = o->cafile;
	t->capath = o->capath;
	t->ca_uninspected = o->env->cafile_denied || o->env->capath_denied;
	t->peer_name = x->r->peer_name;
	t->sni = x->r->host_ascii;
	/* PHP sets the range from the crypto method PHPMailer asks for: TLS 1.0 to 1.3; the system's
	 * OpenSSL security level still applies. */
	t->min_proto = o->min_proto ? o->min_proto : SD_TLS_V1_0;
	t->max_proto = o->max_proto ? o->max_proto : SD_TLS_V1_3;
	t->verify_depth = o->verify_depth;
	t->fingerprint = o->fingerprint;
}

static void describe_leaf(const sd_tls_result *tr, char *out, size_t cap)
{
	const sd_tls_cert *c = tr->chain_count ? &tr->chain[0] : NULL;
	size_t used;
	int i;

	if (c == NULL) {
		snprintf(out, cap, "no certificate");
		return;
	}
	used = (size_t) snprintf(out, cap, "certificate for %s", c->subject_cn[0] ? c->subject_cn : c->subject);
	for (i = 0; i < c->san_count && used < cap; i++) {
		used += (size_t) snprintf(out + used, cap - used, "%s%s", i ? ", " : " (names: ", c->san[i].value);
	}
	if (c->san_count && used < cap) {
		snprintf(out + used, cap - used, ")");
	}
}

/* A handshake that verified as configured: the certificate check, and its warnings. */
static int tls_verified(run_t *x, const char *leaf, double t)
{
	sd_probe_result *r = x->r;

	if (!x->o->verify_peer || !x->o->verify_peer_name) {
		check(x, SD_PCHECK_CERTIFICATE, SD_STATUS_WARN, t, "%s; verification %s (verify %s)", leaf,
			!x->o->verify_peer ? "of the chain is off" : "of the name is off", r->tls.verify_text);
		note(x, SD_F_TLS_VERIFICATION_DISABLED, SD_SEV_WARNING, "certificate verification is disabled "
			"(%s): anyone on the path can read the mail and the password; trust the right CA with "
			"'cafile' or 'peer_name' instead. As PHPMailer does, smtpdiag went on over the unverified session "
			"(EHLO, AUTH when credentials are given, QUIT)",
			!x->o->verify_peer ? "verify_peer false" : "verify_peer_name false");
	} else if (r->tls.verify_code == 18) {
		/* X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, excused by allow_self_signed */
		check(x, SD_PCHECK_CERTIFICATE, SD_STATUS_WARN, t, "%s; self-signed, accepted because "
			"allow_self_signed is on; name %s matched", leaf, r->tls.name);
	} else {
		check(x, SD_PCHECK_CERTIFICATE, SD_STATUS_PASS, t, "%s; verified, name %s matched", leaf, r->tls.name);
	}
	if (r->tls.chain_count && r->tls.leaf_days_left >= 0 && r->tls.leaf_days_left < EXPIRY_WARNING_DAYS) {
		note(x, SD_F_CERT_EXPIRING_SOON, SD_SEV_WARNING, "the server's certificate expires in %d day%s (%s)",
			r->tls.leaf_days_left, r->tls.leaf_days_left == 1 ? "" : "s", r->tls.chain[0].not_after_iso);
		x->r->checks[SD_PCHECK_CERTIFICATE].status = SD_STATUS_WARN;
	}
	return 1;
}

/* A session whose certificate failed verification carries no SMTP: PHP ends the handshake there, so
 * PHPMailer sends nothing over it, and whoever holds the certificate's key (or stands in the middle)
 * learns nothing from smtpdiag either: not its name (EHLO), not a password, not even that it reads the
 * greeting. The connection is closed with TLS's close_notify alone. */
static void tls_unverified(run_t *x, int implicit)
{
	const double now = sd_clock_ms();

	x->unverified = 1;
	event(x, "the certificate failed verification: nothing is read or sent over this TLS session");
	if (implicit) {
		check(x, SD_PCHECK_GREETING, SD_STATUS_SKIP, now, "not read: the certificate failed verification, and "
			"nothing is read or sent over a TLS session that is not verified");
	}
	check(x, SD_PCHECK_QUIT, SD_STATUS_SKIP, now, "not sent: the certificate failed verification; the TLS "
		"session is closed without a word of SMTP");
}

/* The certificate failed verification: the check, and the verdict kept pending until the interception
 * evidence is in (or ca_bundle_missing when no CA store is usable at all). Returns 0: the session is not
 * used for SMTP (tls_unverified()). */
static int tls_cert_failed(run_t *x, sd_tls_outcome out, const char *leaf, double t, int implicit)
{
	sd_probe_result *r = x->r;
	sd_code code = out == SD_TLS_UNTRUSTED ? SD_V_CERT_UNTRUSTED
		: out == SD_TLS_EXPIRED ? SD_V_CERT_EXPIRED : SD_V_CERT_NAME_MISMATCH;

	check(x, SD_PCHECK_CERTIFICATE, SD_STATUS_FAIL, t, "%s; %s", leaf,
		r->tls.php_message[0] ? r->tls.php_message : r->tls.verify_text);
	if (r->tls.handshake_done) {
		tls_unverified(x, implicit);
	}
	if (out == SD_TLS_UNTRUSTED && !sd_env_ca_store_usable(x->o->env) && x->o->cafile == NULL && x->o->capath == NULL) {
		stop(x, SD_V_CA_BUNDLE_MISSING, "the server's chain cannot be verified because no CA store is usable");
		return 0;
	}
	x->cert_pending = 1;
	x->pending_code = code;
	if (out == SD_TLS_EXPIRED) {
		const sd_tls_cert *c = r->tls.chain_count ? &r->tls.chain[0] : NULL;
		snprintf(x->pending_detail, sizeof(x->pending_detail), "%s (%s; valid %s to %s)",
			r->tls.verify_code == 9 ? "not yet valid" : "expired", r->tls.verify_text,
			c ? c->not_before_iso : "?", c ? c->not_after_iso : "?");
	} else if (out == SD_TLS_NAME_MISMATCH) {
		snprintf(x->pending_detail, sizeof(x->pending_detail), "it is a %.700s", leaf);
	} else if (r->tls.fingerprint_mismatch) {
		snprintf(x->pending_detail, sizeof(x->pending_detail), "its fingerprint is not the one "
			"SMTPOptions pins with peer_fingerprint (PHP: peer_fingerprint match failure)");
	} else {
		snprintf(x->pending_detail, sizeof(x->pending_detail), "%s (verify code %d)",
			r->tls.verify_text, r->tls.verify_code);
	}
	return 0;
}

/* Runs the handshake on the connected socket and maps its outcome; returns 1 when the session can be
 * used for SMTP: verified as configured (with verify_peer or verify_peer_name off, whatever the
 * certificate). A certificate that failed leaves the verdict pending and the session unused. */
static int do_tls(run_t *x, int implicit)
{
	sd_probe_result *r = x->r;
	sd_tls_opts topts;
	sd_tls_outcome out;
	double t = sd_clock_ms();
	char leaf[SD_TEXT_MAX];

	tls_opts(x, &topts);
	r->tls_attempted = 1;
	x->tls = implicit ? sd_tls_start((sd_tls_fd) x->fd, &topts, &r->tls)
		: sd_tls_wrap_starttls((sd_tls_fd) x->fd, &topts, &r->tls);
	out = x->tls ? sd_tls_handshake(x->tls, x->deadline) : r->tls.outcome;
	r->first_bytes = sd_tls_peer_kind_name(sd_tls_classify_bytes(r->tls.first_bytes, r->tls.first_bytes_len));

	if (r->tls.handshake_done) {
		event(x, "TLS %s, %s", r->tls.version, r->tls.cipher);
		check(x, SD_PCHECK_TLS, SD_STATUS_PASS, t, "%s, %s in %.1f ms", r->tls.version, r->tls.cipher,
			r->tls.handshake_ms);
	}
	describe_leaf(&r->tls, leaf, sizeof(leaf));
	x->ctx.verify_code = r->tls.verify_code;

	switch (out) {
		case SD_TLS_OK:
			return tls_verified(x, leaf, t);
		case SD_TLS_UNTRUSTED:
		case SD_TLS_EXPIRED:
		case SD_TLS_NAME_MISMATCH:
			return tls_cert_failed(x, out, leaf, t, implicit);
		case SD_TLS_NOT_TLS: {
			sd_tls_peer_kind k = sd_tls_classify_bytes(r->tls.first_bytes, r->tls.first_bytes_len);
			char first[128];
			sd_text_escape((const char *) r->tls.first_bytes, r->tls.first_bytes_len, first, sizeof(first));
			check(x, SD_PCHECK_TLS, SD_STATUS_FAIL, t, "the server answered the TLS handshake with \"%s\" (%s)",
				first, r->tls.reason);
			event(x, "the TLS handshake was answered in plain text:");
			sd_transcript_add(&r->transcript, "S", (const char *) r->tls.first_bytes, r->tls.first_bytes_len);
			if (k == SD_TLS_PEER_SMTP && implicit) {
				x->ctx.suggest_port = r->port;
				x->ctx.suggest_security = SD_SEC_STARTTLS;
				stop(x, SD_V_TLS_MODE_MISMATCH, "%s", first);
			} else {
				stop(x, SD_V_PROTOCOL_ERROR, "it answered the TLS handshake with \"%s\"", first);
			}
			return 0;
		}
		case SD_TLS_TIMEOUT:
			check(x, SD_PCHECK_TLS, SD_STATUS_FAIL, t, "the TLS handshake did not finish before the deadline "
				"(%zu bytes received)", r->tls.first_bytes_len);
			if (r->tls.first_bytes_len == 0 && implicit) {
				stop(x, SD_V_NO_GREETING, "it answered neither the TLS handshake nor with an SMTP greeting");
			} else {
				stop(x, SD_V_TIMEOUT, "the TLS handshake stalled");
			}
			return 0;
		case SD_TLS_CA_LOAD_FAILED:
			check(x, SD_PCHECK_TLS, SD_STATUS_FAIL, t, "%s", r->tls.ca_error[0] ? r->tls.ca_error : r->tls.reason);
			stop(x, SD_V_CA_BUNDLE_MISSING, "%s", r->tls.php_message[0] ? r->tls.php_message : r->tls.reason);
			return 0;
		case SD_TLS_CLOSED:
		case SD_TLS_HANDSHAKE_FAILED:
		case SD_TLS_INTERNAL:
		default:
			check(x, SD_PCHECK_TLS, SD_STATUS_FAIL, t, "handshake failed: %s", r->tls.reason);
			stop(x, SD_V_TLS_HANDSHAKE_FAILED, "%s", r->tls.reason[0] ? r->tls.reason : sd_tls_outcome_name(out));
			return 0;
	}
}

static void reply_problem(run_t *x, sd_smtp_rc rc, const sd_smtp_reply *rep, const char *what,
	sd_probe_check_id id, double t)
{
	sd_smtp *s = &x->smtp;

	switch (rc) {
		case SD_SMTP_TIMEOUT:
			check(x, id, SD_STATUS_FAIL, t, "%s: no complete reply before the deadline (%s)", what,
				rep->text[0] ? rep->text : "nothing received");
			stop(x, SD_V_TIMEOUT, "the %s %s", what, rep->text[0] ? "arrived only in part" : "never arrived");
			break;
		case SD_SMTP_CLOSED:
			check(x, id, SD_STATUS_FAIL, t, "%s: the server closed the connection", what);
			stop(x, SD_V_SERVER_REJECTED, "it closed the connection instead of answering %s", what);
			break;
		case SD_SMTP_IO_ERROR:
			check(x, id, SD_STATUS_FAIL, t, "%s: %s", what, s->err);
			stop(x, SD_V_PROTOCOL_ERROR, "the connection failed during %s: %s", what, s->err);
			break;
		case SD_SMTP_BAD_REPLY:
		default:
			if (s->kind == SD_PEER_HTTP) {
				check(x, id, SD_STATUS_FAIL, t, "%s: an HTTP answer: %s", what, rep->text);
				stop(x, SD_V_PROTOCOL_ERROR, "it answers like an HTTP server (\"%.60s\")", rep->text);
			} else if (s->kind == SD_PEER_TLS) {
				check(x, id, SD_STATUS_FAIL, t, "%s: TLS records instead of SMTP", what);
				stop(x, SD_V_PROTOCOL_ERROR, "it sent TLS records where an SMTP reply belongs");
			} else {
				check(x, id, SD_STATUS_FAIL, t, "%s: not an SMTP reply (%s): %s", what,
					sd_reply_status_name(s->reply_status), rep->text);
				stop(x, SD_V_PROTOCOL_ERROR, "its %s is not a valid SMTP reply (%s)", what,
					sd_reply_status_name(s->reply_status));
			}
			break;
	}
}

/* Ports where a server that delays its greeting is normal (Postfix postscreen, sendmail greet_pause,
 * Exim connect ACL delays): whoever talks first there is logged as an early talker (PREGREET) and may
 * be banned for it. */
static int patient_port(int port)
{
	return port == 25 || port == 587 || port == 2525;
}

/* When smtpdiag may speak first to a server that has not greeted: sniff_after_ms after the connect,
 * and on the patient ports not before PATIENT_SHARE of the deadline. *waited: that wait for people
 * (from the connect, or from the start of the probe on the patient ports). */
static double speak_first_at(run_t *x, double connected, double *waited)
{
	double quick = connected + x->o->sniff_after_ms;
	double late = x->start + x->o->timeout_ms * PATIENT_SHARE;

	if (patient_port(x->r->port) && late > quick) {
		*waited = x->o->timeout_ms * PATIENT_SHARE;
		return late;
	}
	*waited = x->o->sniff_after_ms;
	return quick;
}

/* Closes the connection and opens a new one to the same address: a server that serves one connection
 * at a time accepts the next one only now. Returns 1 when connected (x->fd and x->smtp on it). */
static int reconnect(run_t *x)
{
	sd_probe_result *r = x->r;
	sd_net_addr addr = r->dns.addrs[r->conn.php_index];
	sd_net_bindto bt;
	sd_conn_result *cr = malloc(sizeof(*cr));
	sd_socket_t fd = SD_NET_NO_FD;

	sd_net_close(x->fd);
	x->fd = SD_NET_NO_FD;
	if (cr != NULL) {
		sd_net_bindto_parse(x->o->bindto, &bt);
		fd = sd_net_connect(&addr, 1, r->port, &bt, 0, x->deadline, cr);
		event(x, "%s to %s port %d%s%s", fd != SD_NET_NO_FD ? "connected again" : "could not connect again",
			addr.text, r->port, fd != SD_NET_NO_FD ? "" : ": ",
			fd != SD_NET_NO_FD ? "" : cr->count && cr->attempts[0].err_text[0] ? cr->attempts[0].err_text
			: sd_net_outcome_name(cr->outcome));
		free(cr);
	}
	if (fd == SD_NET_NO_FD) {
		return 0;
	}
	x->fd = fd;
	x->spoken = NULL;
	sd_smtp_init(&x->smtp, fd, &r->transcript);
	return 1;
}

/* A silent server that ignored the ClientHello or closed on it: one HTTP request on a new connection,
 * "HEAD / HTTP/1.0" and an empty line, which a web server answers and an SMTP server refuses as an
 * unknown command. Returns 1 when a web server answered (the verdict is set). */
static int ask_http(run_t *x, double t)
{
	sd_smtp_reply rep;
	sd_smtp_rc rc;

	memset(&rep, 0, sizeof(rep));
	if (!reconnect(x) || sd_smtp_send(&x->smtp, "HEAD / HTTP/1.0", x->deadline) != SD_SMTP_OK
			|| sd_smtp_send(&x->smtp, "", x->deadline) != SD_SMTP_OK) {
		return 0;
	}
	x->spoken = "an HTTP request";
	rc = sd_smtp_read(&x->smtp, x->deadline, &rep);
	x->http_closed = rc == SD_SMTP_CLOSED && x->smtp.len == 0 && rep.text[0] == '\0';
	if (rc == SD_SMTP_OK || x->smtp.kind != SD_PEER_HTTP) {
		return 0;
	}
	/* the status line: the escaped text up to its line end */
	rep.text[strcspn(rep.text, "\\")] = '\0';
	x->r->first_bytes = "http";
	check(x, SD_PCHECK_GREETING, SD_STATUS_FAIL, t, "no greeting; the port answers an HTTP request: %s", rep.text);
	stop(x, SD_V_PROTOCOL_ERROR, "it sends nothing first and answers like an HTTP server (\"%.60s\")", rep.text);
	return 1;
}

/* The port answers a ClientHello with TLS and sends no greeting: it is an implicit-TLS port. */
static void answers_tls(run_t *x, double t)
{
	x->r->first_bytes = "none";
	x->r->sniff_tls = 1;
	check(x, SD_PCHECK_GREETING, SD_STATUS_FAIL, t, "no greeting; the port answers a TLS handshake");
	x->ctx.suggest_port = x->r->port;
	x->ctx.suggest_security = SD_SEC_SMTPS;
	stop(x, SD_V_TLS_MODE_MISMATCH, "the server waits for a TLS handshake");
}

/* The ClientHello went unanswered and the HTTP request was met with a close and no byte: what an
 * implicit-TLS server does that answers late (one that starts a process for each connection, on a
 * loaded machine): it closes on bytes that are not TLS. The ClientHello once more, on a new connection,
 * with the rest of the deadline. Returns 1 when the port answered it with TLS (the verdict is set). */
static int ask_tls_again(run_t *x, double t)
{
	sd_tls_peer_kind k;

	if (sd_clock_ms() >= x->deadline || !reconnect(x)) {
		return 0;
	}
	x->spoken = "a TLS ClientHello";
	k = sd_tls_sniff((sd_tls_fd) x->fd, x->deadline, NULL, 0, NULL);
	event(x, "the HTTP request was met with a close; a TLS ClientHello on a new connection got: %s",
		sd_tls_peer_kind_name(k));
	if (k != SD_TLS_PEER_TLS) {
		return 0;
	}
	answers_tls(x, t);
	return 1;
}

/* The server has said nothing by the time smtpdiag may speak first. A TLS ClientHello on this same
 * connection (a server that serves one connection at a time has no other) tells an implicit-TLS port
 * spoken to in plain text, a web server, or an SMTP server that greets late. Returns 1 when the
 * verdict is set; 0 to read a greeting on x->smtp until the deadline. */
static int ask_silent(run_t *x, double t, double waited)
{
	sd_probe_result *r = x->r;
	double now = sd_clock_ms();
	unsigned char first[64];
	size_t first_len = 0;
	char shown[SD_TEXT_MAX];
	sd_tls_peer_kind k;

	x->spoken = "a TLS ClientHello";
	k = sd_tls_sniff((sd_tls_fd) x->fd, now + (x->deadline - now) / 2, first, sizeof(first), &first_len);
	r->sniffed = 1;
	r->sniff_tls = k == SD_TLS_PEER_TLS;
	event(x, "no greeting after %.0f ms; a TLS ClientHello on this connection got: %s", waited,
		sd_tls_peer_kind_name(k));
	sd_text_escape((const char *) first, first_len, shown, sizeof(shown));
	switch (k) {
		case SD_TLS_PEER_TLS:
			answers_tls(x, t);
			return 1;
		case SD_TLS_PEER_HTTP:
			shown[strcspn(shown, "\\")] = '\0';   /* the status line */
			r->first_bytes = "http";
			check(x, SD_PCHECK_GREETING, SD_STATUS_FAIL, t, "no greeting; the port answers like an HTTP server");
			stop(x, SD_V_PROTOCOL_ERROR, "it sends nothing first and answers like an HTTP server (\"%.60s\")", shown);
			return 1;
		case SD_TLS_PEER_OTHER:
			r->first_bytes = "other";
			check(x, SD_PCHECK_GREETING, SD_STATUS_FAIL, t, "no greeting; the port answered a TLS ClientHello "
				"with \"%s\"", shown);
			stop(x, SD_V_PROTOCOL_ERROR, "it sends nothing first and answers neither SMTP nor TLS (\"%.60s\")", shown);
			return 1;
		case SD_TLS_PEER_SMTP:
			/* An SMTP server that greets late: its greeting is spoilt by the ClientHello, so a new
			 * connection starts over and waits for the greeting until the deadline. */
			x->late_greeting_ms = sd_clock_ms() - x->connected_at;
			sd_transcript_add(&r->transcript, "S", (const char *) first, first_len);
			if (!reconnect(x)) {
				check(x, SD_PCHECK_GREETING, SD_STATUS_FAIL, t, "greeting only after %.1f s; no new connection",
					x->late_greeting_ms / 1000.0);
				stop(x, SD_V_TIMEOUT, "it sent its greeting only after %.1f s", x->late_greeting_ms / 1000.0);
				return 1;
			}
			return 0;
		case SD_TLS_PEER_CLOSED:
		case SD_TLS_PEER_NONE:
		default:
			if (sd_clock_ms() >= x->deadline) {
				return 0;
			}
			if (ask_http(x, t)) {
				return 1;
			}
			return k == SD_TLS_PEER_NONE && x->http_closed && ask_tls_again(x, t);
	}
}

/* A greeting other than 220: the verdict, and what PHPMailer does next (QUIT after a 554 only). */
static void greeting_refused(run_t *x, const sd_smtp_reply *g, double t)
{
	check(x, SD_PCHECK_GREETING, SD_STATUS_FAIL, t, "%d %s", g->code, g->text);
	stop(x, SD_V_SERVER_REJECTED, "%d %s", g->code, g->text);
	if (g->code == 554) {
		/* PHPMailer says QUIT after a 554 greeting (RFC 5321 3.1), and waits for nothing more. */
		double t2 = sd_clock_ms();
		if (sd_smtp_send(&x->smtp, "QUIT", x->deadline) == SD_SMTP_OK) {
			check(x, SD_PCHECK_QUIT, SD_STATUS_PASS, t2, "sent QUIT after the 554, as PHPMailer does; "
				"no reply awaited");
		} else {
			check(x, SD_PCHECK_QUIT, SD_STATUS_SKIP, t2, "QUIT after the 554 could not be sent: %s",
				x->smtp.err[0] ? x->smtp.err : "the connection is gone");
		}
		x->quit_sent = 1;
	} else {
		/* After any other refusal PHPMailer closes without QUIT; after a 421 the server closes too
		 * (RFC 5321 3.8). Whether it did is read, not assumed, and nothing is sent. */
		double t2 = sd_clock_ms();
		double until = t2 + QUIT_WAIT_MS < x->deadline ? t2 + QUIT_WAIT_MS : x->deadline;
		sd_smtp_reply more;
		sd_smtp_rc after = sd_smtp_read(&x->smtp, until, &more);

		if (after == SD_SMTP_CLOSED || after == SD_SMTP_IO_ERROR) {
			check(x, SD_PCHECK_QUIT, SD_STATUS_SKIP, t2, "not sent: the server closed the connection after "
				"its %d, and PHPMailer sends no QUIT after a greeting other than 220 or 554", g->code);
		} else {
			check(x, SD_PCHECK_QUIT, SD_STATUS_SKIP, t2, "not sent: PHPMailer closes the connection without "
				"QUIT after a %d greeting (the server kept it open)", g->code);
		}
		x->quit_sent = 1;
	}
}

static void stage_greeting(run_t *x, int over_tls)
{
	sd_probe_result *r = x->r;
	sd_smtp_reply *g = &r->smtp.greeting;
	double t = sd_clock_ms();
	double waited;
	double speak = speak_first_at(x, t, &waited);
	sd_smtp_rc rc;
	char word[SD_HOST_TEXT];

	x->connected_at = t;
	if (!over_tls && x->o->sniff_after_ms > 0 && speak < x->deadline) {
		x->smtp.quiet_partial = 1;
		rc = sd_smtp_read(&x->smtp, speak, g);
		x->smtp.quiet_partial = 0;
		if (rc == SD_SMTP_TIMEOUT && x->smtp.len == 0 && g->text[0] == '\0' && sd_clock_ms() < x->deadline) {
			if (ask_silent(x, t, waited)) {
				return;
			}
			rc = sd_smtp_read(&x->smtp, x->deadline, g);
		} else if (rc == SD_SMTP_TIMEOUT && sd_clock_ms() < x->deadline) {
			/* Part of a greeting arrived: wait for the rest. */
			rc = sd_smtp_read(&x->smtp, x->deadline, g);
		}
	} else {
		rc = sd_smtp_read(&x->smtp, x->deadline, g);
	}
	if (!r->first_bytes) {
		r->first_bytes = sd_reply_peer_name(x->smtp.kind == SD_PEER_INCOMPLETE && g->present ? SD_PEER_SMTP : x->smtp.kind);
	}
	if (rc == SD_SMTP_TIMEOUT && g->text[0] == '\0' && x->smtp.len == 0 && x->late_greeting_ms > 0) {
		check(x, SD_PCHECK_GREETING, SD_STATUS_FAIL, t, "the first connection got its greeting only after %.1f s; a "
			"new one got none before the deadline", x->late_greeting_ms / 1000.0);
		stop(x, SD_V_TIMEOUT, "it sends its greeting only after %.1f s", x->late_greeting_ms / 1000.0);
		return;
	}
	if (rc == SD_SMTP_TIMEOUT && g->text[0] == '\0' && x->smtp.len == 0) {
		check(x, SD_PCHECK_GREETING, SD_STATUS_FAIL, t, "no greeting within %.1f s%s", x->o->timeout_ms / 1000.0,
			r->sniffed ? "; it answers neither TLS nor HTTP" : "");
		stop(x, SD_V_NO_GREETING, "silent");
		r->first_bytes = "none";
		return;
	}
	if (rc == SD_SMTP_CLOSED && g->text[0] == '\0' && x->spoken != NULL) {
		/* closed on what smtpdiag said after the server's silence: not a refusal of this client */
		check(x, SD_PCHECK_GREETING, SD_STATUS_FAIL, t, "no greeting; it answers neither TLS nor HTTP and "
			"closed the connection on %s", x->spoken);
		stop(x, SD_V_NO_GREETING, "silent");
		r->first_bytes = "none";
		return;
	}
	if (rc == SD_SMTP_CLOSED && g->text[0] == '\0') {
		check(x, SD_PCHECK_GREETING, SD_STATUS_FAIL, t, "the server closed the connection without a greeting");
		stop(x, SD_V_SERVER_REJECTED, "it closed the connection without a greeting");
		return;
	}
	if (rc != SD_SMTP_OK) {
		reply_problem(x, rc, g, "greeting", SD_PCHECK_GREETING, t);
		return;
	}
	first_word(g->text, word, sizeof(word));
	sd_str_copy(r->smtp.greeting_host, sizeof(r->smtp.greeting_host), word);
	if (g->code != 220) {
		greeting_refused(x, g, t);
		return;
	}
	check(x, SD_PCHECK_GREETING, SD_STATUS_PASS, t, "%d %s", g->code, g->text);
}

/* EHLO, and HELO when EHLO is refused, as PHPMailer's hello() does. */
static void stage_ehlo(run_t *x, int after_tls)
{
	sd_probe_result *r = x->r;
	sd_smtp_reply *rep = after_tls ? &r->smtp.ehlo_tls : &r->smtp.ehlo;
	sd_ehlo *caps = after_tls ? &r->smtp.caps_tls : &r->smtp.caps;
	char line[300];
	double t = sd_clock_ms();
	sd_smtp_rc rc;

	snprintf(line, sizeof(line), "EHLO %s", x->o->helo);
	rc = sd_smtp_send(&x->smtp, line, x->deadline);
	if (rc == SD_SMTP_OK) {
		rc = sd_smtp_read(&x->smtp, x->deadline, rep);
	}
	if (rc != SD_SMTP_OK) {
		reply_problem(x, rc, rep, "EHLO reply", SD_PCHECK_EHLO, t);
		return;
	}
	if (rep->code == 250) {
		sd_smtp_parse_ehlo(&x->smtp, caps);
		if (after_tls) {
			r->smtp.ehlo_tls_done = 1;
			return;
		}
		check(x, SD_PCHECK_EHLO, SD_STATUS_PASS, t, "250 from %s, %zu extension%s%s", caps->domain, caps->n_ext,
			caps->n_ext == 1 ? "" : "s", (caps->flags & SD_EHLO_STARTTLS) ? " including STARTTLS" : "");
		return;
	}
	if (rep->code == 421) {
		check(x, SD_PCHECK_EHLO, SD_STATUS_FAIL, t, "EHLO refused: %d %s", rep->code, rep->text);
		stop(x, SD_V_SERVER_REJECTED, "EHLO: %d %s", rep->code, rep->text);
		return;
	}
	/* PHPMailer falls back to HELO: no extensions, so no STARTTLS and no AUTH list. */
	snprintf(line, sizeof(line), "HELO %s", x->o->helo);
	rc = sd_smtp_send(&x->smtp, line, x->deadline);
	if (rc == SD_SMTP_OK) {
		rc = sd_smtp_read(&x->smtp, x->deadline, &r->smtp.helo);
	}
	if (rc != SD_SMTP_OK) {
		reply_problem(x, rc, &r->smtp.helo, "HELO reply", SD_PCHECK_EHLO, t);
		return;
	}
	r->smtp.helo_fallback = 1;
	if (r->smtp.helo.code != 250) {
		check(x, SD_PCHECK_EHLO, SD_STATUS_FAIL, t, "EHLO and HELO refused: %d %s", r->smtp.helo.code,
			r->smtp.helo.text);
		stop(x, SD_V_SERVER_REJECTED, "EHLO: %d %s; HELO: %d %s", rep->code, rep->text, r->smtp.helo.code,
			r->smtp.helo.text);
		return;
	}
	if (!after_tls) {
		check(x, SD_PCHECK_EHLO, SD_STATUS_WARN, t, "EHLO refused (%d), HELO accepted: no extensions, so no "
			"STARTTLS", rep->code);
		note(x, SD_F_EHLO_REFUSED, SD_SEV_WARNING, "the server refuses EHLO (%d %s) and accepts only HELO: it "
			"offers no STARTTLS and no AUTH", rep->code, rep->text);
	}
}

static void stage_starttls(run_t *x)
{
	const sd_probe_opts *o = x->o;
	sd_probe_result *r = x->r;
	int offered = (r->smtp.caps.flags & SD_EHLO_STARTTLS) != 0;
	double t = sd_clock_ms();
	sd_smtp_rc rc;
	sd_smtp_reply rep;

	if (o->security == SD_SEC_NONE) {
		check(x, SD_PCHECK_STARTTLS, SD_STATUS_SKIP, t, "security none: no TLS%s",
			offered ? " although the server offers STARTTLS" : "");
		if (offered) {
			note(x, SD_F_CLEARTEXT, SD_SEV_WARNING, "the server offers STARTTLS but security is none: mail and "
				"passwords travel in clear text");
		}
		return;
	}
	if (o->security == SD_SEC_AUTO) {
		if (!offered) {
			check(x, SD_PCHECK_STARTTLS, SD_STATUS_WARN, t, "not offered: PHPMailer goes on without TLS");
			note(x, SD_F_CLEARTEXT, SD_SEV_WARNING, "the server does not offer STARTTLS: with SMTPSecure '' "
				"PHPMailer sends mail and passwords in clear text");
			return;
		}
		if (!o->openssl_extension) {
			check(x, SD_PCHECK_STARTTLS, SD_STATUS_WARN, t, "offered, but PHP has no openssl extension: "
				"PHPMailer goes on without TLS");
			return;
		}
		if (o->no_localhost_autotls && strcmp(o->autotls_host ? o->autotls_host : r->host_ascii, "localhost") == 0) {
			check(x, SD_PCHECK_STARTTLS, SD_STATUS_SKIP, t, "offered, but PHPMailer never starts TLS on its own "
				"with Host 'localhost'");
			return;
		}
	}
	rc = sd_smtp_send(&x->smtp, "STARTTLS", x->deadline);
	if (rc == SD_SMTP_OK) {
		rc = sd_smtp_read(&x->smtp, x->deadline, &rep);
	}
	r->starttls_sent = 1;
	if (rc != SD_SMTP_OK) {
		reply_problem(x, rc, &rep, "STARTTLS reply", SD_PCHECK_STARTTLS, t);
		return;
	}
	r->starttls_code = rep.code;
	if (rep.code != 220) {
		check(x, SD_PCHECK_STARTTLS, SD_STATUS_FAIL, t, "%s; STARTTLS answered %d %s",
			offered ? "offered" : "not offered", rep.code, rep.text);
		if (offered) {
			stop(x, SD_V_STARTTLS_UNAVAILABLE, "refused STARTTLS: %d %s", rep.code, rep.text);
		} else {
			stop(x, SD_V_STARTTLS_UNAVAILABLE, "does not offer STARTTLS (its EHLO reply lacks it) and answered "
				"%d %s", rep.code, rep.text);
		}
		return;
	}
	if (x->smtp.len > x->smtp.last_len) {
		/* Bytes after the 220 would be read as TLS: a server that injects plaintext here is broken. */
		check(x, SD_PCHECK_STARTTLS, SD_STATUS_FAIL, t, "the server sent more text after 220");
		stop(x, SD_V_PROTOCOL_ERROR, "the server sent text after its 220 reply to STARTTLS");
		return;
	}
	check(x, SD_PCHECK_STARTTLS, SD_STATUS_PASS, t, "220 %s", rep.text);
	if (do_tls(x, 0)) {
		x->smtp.tls = x->tls;
		x->smtp.len = 0;
		x->smtp.last_len = 0;
	}
}

/* A certificate that names another domain, from a server whose greeting names the same other domain:
 * a host that redirects outgoing SMTP to its own MTA. */
static void decide_interception(run_t *x)
{
	sd_probe_result *r = x->r;
	char banner_dom[SD_HOST_TEXT] = "", cert_dom[SD_HOST_TEXT] = "";
	const char *banner = r->smtp.greeting_host[0] ? r->smtp.greeting_host : r->smtp.caps.domain;
	const sd_tls_cert *leaf = r->tls.chain_count ? &r->tls.chain[0] : NULL;
	const char *cert_name = NULL;

	if (!x->cert_pending || x->pending_code != SD_V_CERT_NAME_MISMATCH || !x->target_domain[0]
			|| banner[0] == '\0' || strchr(banner, '.') == NULL || leaf == NULL) {
		return;
	}
	base_domain(banner, banner_dom, sizeof(banner_dom));
	if (strcmp(banner_dom, x->target_domain) == 0) {
		return;
	}
	cert_name = leaf->san_count && !leaf->san[0].is_ip ? leaf->san[0].value : leaf->subject_cn;
	if (cert_name == NULL || cert_name[0] == '\0') {
		return;
	}
	base_domain(cert_name[0] == '*' && cert_name[1] == '.' ? cert_name + 2 : cert_name, cert_dom, sizeof(cert_dom));
	if (strcmp(cert_dom, x->target_domain) == 0) {
		return;
	}
	snprintf(x->reached, sizeof(x->reached), "%.200s, certificate for %.200s", banner, cert_name);
	x->pending_code = SD_V_SMTP_INTERCEPTED;
	snprintf(x->pending_detail, sizeof(x->pending_detail), "greeting from %s, certificate for %s", banner, cert_name);
}


/* ---- auth ----------------------------------------------------------------------------------- */

static sd_code refusal_verdict(sd_auth_refusal k)
{
	switch (k) {
		case SD_AUTH_APP_PASSWORD: return SD_V_AUTH_APP_PASSWORD_REQUIRED;
		case SD_AUTH_NEEDS_TLS: return SD_V_AUTH_REQUIRES_TLS;
		case SD_AUTH_MECH_REFUSED: return SD_V_AUTH_MECHANISM_UNSUPPORTED;
		case SD_AUTH_REFUSED: break;
	}
	return SD_V_AUTH_FAILED;
}

/* The server refused a step (command is PHPMailer's name for it: "AUTH", "Username", "Password",
 * "User & Password"): names the verdict from the reply. */
static void auth_refused(run_t *x, const char *mech, const char *command, double t)
{
	sd_probe_result *r = x->r;
	const sd_smtp_reply *rep = &r->auth_reply;
	sd_auth_provider prov = (sd_auth_provider) x->ctx.auth_provider;
	sd_auth_refusal k = sd_auth_classify(rep->code, rep->enh, rep->text, r->auth_encrypted, &prov);
	sd_code code = refusal_verdict(k);

	x->ctx.auth_provider = (int) prov;
	r->auth_outcome = "refused";
	check(x, SD_PCHECK_AUTH, SD_STATUS_FAIL, t, "%s: %s command failed: %d%s%s %s", mech, command, rep->code,
		rep->enh[0] ? " " : "", rep->enh, rep->text);
	stop(x, code, "%d%s%s %s", rep->code, rep->enh[0] ? " " : "", rep->enh, rep->text);
}

/* Sends one line of the exchange and reads the answer into r->auth_reply. Returns 1 when the code is
 * expect, 0 for another code, -1 when the connection failed (the verdict is set). */
static int auth_step(run_t *x, const char *line, int expect, double t)
{
	sd_probe_result *r = x->r;
	sd_smtp_rc rc = sd_smtp_send(&x->smtp, line, x->deadline);

	if (rc == SD_SMTP_OK) {
		rc = sd_smtp_read(&x->smtp, x->deadline, &r->auth_reply);
	}
	if (rc != SD_SMTP_OK) {
		reply_problem(x, rc, &r->auth_reply, "AUTH reply", SD_PCHECK_AUTH, t);
		return -1;
	}
	return r->auth_reply.code == expect;
}

/* The capabilities PHPMailer's authenticate() sees: the last EHLO (after TLS when there was TLS), or
 * the HELO reply when EHLO was refused. */
static void auth_caps(run_t *x, sd_auth_caps *ac)
{
	sd_probe_result *r = x->r;
	const sd_ehlo *e = r->smtp.ehlo_tls_done ? &r->smtp.caps_tls : &r->smtp.caps;
	const char *ext[SD_EHLO_MAX_EXT];
	size_t i, used = 0;

	if (!r->smtp.ehlo_tls_done && r->smtp.helo_fallback) {
		sd_auth_caps_parse(r->smtp.helo.text, NULL, 0, 0, ac);
	} else {
		for (i = 0; i < e->n_ext; i++) {
			ext[i] = e->ext[i];
		}
		sd_auth_caps_parse(e->domain, ext, e->n_ext, 1, ac);
	}
	x->auth_offered[0] = '\0';
	for (i = 0; i < ac->n && used < sizeof(x->auth_offered) - 1; i++) {
		used += (size_t) snprintf(x->auth_offered + used, sizeof(x->auth_offered) - used, "%s%s", i ? " " : "",
			ac->mechs[i]);
	}
	x->ctx.auth_offered = x->auth_offered;
}

/* The credentials would travel unencrypted and the caller did not allow it: says what PHPMailer would
 * do, sends no secret. The AUTH verb alone (PLAIN, LOGIN, CRAM-MD5 carry nothing secret on it) shows
 * whether the server would take them: a 334 is answered with "*", which cancels the exchange. */
static void auth_cleartext(run_t *x, sd_auth_mech mech, double t)
{
	sd_probe_result *r = x->r;
	const char *name = sd_auth_mech_name(mech);
	char line[64];
	int st;

	if (mech != SD_AUTH_MECH_XOAUTH2) {
		snprintf(line, sizeof(line), "AUTH %s", name);
		st = auth_step(x, line, 334, t);
		if (st < 0) {
			return;
		}
		if (st == 0) {
			auth_refused(x, name, "AUTH", t);
			return;
		}
		event(x, "the server is ready to take credentials unencrypted; smtpdiag cancels instead of sending them");
		if (auth_step(x, "*", 501, t) < 0) {
			return;
		}
	}
	r->auth_outcome = "not_tried";
	x->ctx.auth_state = SD_VERDICT_AUTH_CLEARTEXT;
	check(x, SD_PCHECK_AUTH, SD_STATUS_WARN, t, "%s offered over an unencrypted connection: the credentials were "
		"not sent (option allow_plaintext_auth sends them)", name);
	note(x, SD_F_AUTH_CLEARTEXT, SD_SEV_WARNING, "the connection is not encrypted and the server accepts AUTH %s on "
		"it: PHPMailer would send the password in clear text, readable by anyone on the path; smtpdiag did not "
		"send it, so the credentials are not checked. Use TLS ($mail->SMTPSecure = "
		"PHPMailer::ENCRYPTION_STARTTLS; or ENCRYPTION_SMTPS), or pass allow_plaintext_auth => true to check them "
		"anyway", name);
}

/* No mechanism PHPMailer would use: which verdict that is, in PHPMailer's words. */
static void auth_unavailable(run_t *x, const sd_auth_caps *ac, sd_auth_choice choice, double t)
{
	const sd_probe_opts *o = x->o;
	sd_probe_result *r = x->r;

	r->auth_outcome = "not_offered";
	if (choice == SD_AUTH_NOT_ADVERTISED && !r->auth_encrypted && (r->smtp.caps.flags & SD_EHLO_STARTTLS)) {
		check(x, SD_PCHECK_AUTH, SD_STATUS_FAIL, t, "no AUTH before TLS (PHPMailer: %s); the server offers STARTTLS",
			sd_auth_choice_text(choice));
		stop(x, SD_V_AUTH_REQUIRES_TLS, "its EHLO reply before TLS lists no AUTH, and it offers STARTTLS (PHPMailer: "
			"\"%s\")", sd_auth_choice_text(choice));
	} else if (choice == SD_AUTH_NOT_IMPLEMENTED) {
		char shown[SD_AUTH_MECH_LEN * 2];
		sd_text_escape(o->auth_type, strlen(o->auth_type), shown, sizeof(shown));
		check(x, SD_PCHECK_AUTH, SD_STATUS_FAIL, t, "AuthType %s: PHPMailer says Authentication method \"%s\" is "
			"not supported", shown, shown);
		stop(x, SD_V_AUTH_MECHANISM_UNSUPPORTED, "PHPMailer has no %s implementation (Authentication method \"%s\" "
			"is not supported)", shown, shown);
	} else {
		check(x, SD_PCHECK_AUTH, SD_STATUS_FAIL, t, "%s%s%s%s", sd_auth_choice_text(choice),
			ac->has_auth ? " (the server offers: " : "", ac->has_auth ? x->auth_offered : "", ac->has_auth ? ")" : "");
		if (choice == SD_AUTH_NO_COMMON) {
			stop(x, SD_V_AUTH_MECHANISM_UNSUPPORTED, "it offers only %s, none of which PHPMailer implements "
				"(PHPMailer: \"%s\")", x->auth_offered[0] ? x->auth_offered : "unnamed mechanisms",
				sd_auth_choice_text(choice));
		} else {
			stop(x, SD_V_AUTH_MECHANISM_UNSUPPORTED, "it offers no AUTH at all%s (PHPMailer: \"%s\")",
				r->auth_encrypted ? ", even over TLS" : "", sd_auth_choice_text(choice));
		}
	}
}

/* The AUTH exchange of mechanism mech (its name), as PHPMailer's authenticate() writes it, with buf
 * (cap bytes) for the secret lines. Returns auth_step()'s last result: 1 accepted, 0 refused (said),
 * -1 the connection failed (said). */
static int auth_exchange(run_t *x, sd_auth_mech mech, const char *name, char *buf, size_t cap, double t)
{
	const sd_probe_opts *o = x->o;
	sd_probe_result *r = x->r;
	int st;

	switch (mech) {
		case SD_AUTH_MECH_PLAIN:
			if ((st = auth_step(x, "AUTH PLAIN", 334, t)) != 1) {
				if (st == 0) auth_refused(x, name, "AUTH", t);
				break;
			}
			sd_auth_plain(o->username, o->username_len, o->password, o->password_len, buf, cap);
			if ((st = auth_step(x, buf, 235, t)) == 0) {
				auth_refused(x, name, "User & Password", t);
			}
			break;
		case SD_AUTH_MECH_LOGIN:
			if ((st = auth_step(x, "AUTH LOGIN", 334, t)) != 1) {
				if (st == 0) auth_refused(x, name, "AUTH", t);
				break;
			}
			sd_auth_b64((const unsigned char *) o->username, o->username_len, buf, cap);
			if ((st = auth_step(x, buf, 334, t)) != 1) {
				if (st == 0) auth_refused(x, name, "Username", t);
				break;
			}
			sd_auth_b64((const unsigned char *) o->password, o->password_len, buf, cap);
			if ((st = auth_step(x, buf, 235, t)) == 0) {
				auth_refused(x, name, "Password", t);
			}
			break;
		case SD_AUTH_MECH_CRAM_MD5: {
			if ((st = auth_step(x, "AUTH CRAM-MD5", 334, t)) != 1) {
				if (st == 0) auth_refused(x, name, "AUTH CRAM-MD5", t);
				break;
			}
			/* the challenge is the reply's text, as the server sent it (base64 has nothing to escape) */
			sd_auth_cram_md5(r->auth_reply.text, strlen(r->auth_reply.text), o->username, o->username_len,
				o->password, o->password_len, buf, cap);
			if ((st = auth_step(x, buf, 235, t)) == 0) {
				auth_refused(x, name, "Username", t);
			}
			break;
		}
		case SD_AUTH_MECH_XOAUTH2:
		default: {
			size_t n = (size_t) snprintf(buf, cap, "AUTH XOAUTH2 ");
			if (o->oauth64) {
				snprintf(buf + n, cap - n, "%s", o->oauth64);
			} else {
				sd_auth_xoauth2(o->username, o->username_len, o->password, o->password_len, buf + n, cap - n);
			}
			st = auth_step(x, buf, 235, t);
			if (st == 0 && r->auth_reply.code == 334) {
				/* the server's error details come as a challenge (RFC 7628): an empty line ends it */
				event(x, "an empty line answers the error challenge, to get the final reply");
				if ((st = auth_step(x, "", 235, t)) < 0) {
					break;
				}
			}
			if (st == 0) {
				auth_refused(x, name, "AUTH", t);
			}
			break;
		}
	}
	return st;
}

static void stage_auth(run_t *x)
{
	const sd_probe_opts *o = x->o;
	sd_probe_result *r = x->r;
	double t = sd_clock_ms();
	sd_auth_caps ac;
	sd_auth_mech mech = SD_AUTH_MECH_NONE;
	sd_auth_choice choice;
	const char *name;
	char *buf = NULL;
	size_t cap = 0;
	int st;

	r->auth_encrypted = x->tls != NULL && r->tls.handshake_done;
	x->ctx.auth_encrypted = r->auth_encrypted;
	x->ctx.auth_provider = (int) sd_auth_provider_of(r->host_ascii, r->smtp.greeting_host[0]
		? r->smtp.greeting_host : r->smtp.caps.domain);
	auth_caps(x, &ac);
	if (!o->auth) {
		if (o->hook_auth_off && ac.has_auth && ac.n > 0) {
			note(x, SD_F_AUTH_NOT_ENABLED, SD_SEV_WARNING, "the server offers AUTH (%s) but SMTPAuth is off: if it "
				"relays only for authenticated clients, PHPMailer's MAIL FROM or RCPT TO is refused (530 5.7.0 "
				"Authentication required); set $mail->SMTPAuth = true; with Username and Password", x->auth_offered);
		}
		check(x, SD_PCHECK_AUTH, SD_STATUS_SKIP, t, "no credentials given: AUTH not tried");
		return;
	}
	x->ctx.auth_type = o->auth_type ? o->auth_type : "";
	choice = sd_auth_choose(&ac, o->auth_type, &mech);
	if (choice != SD_AUTH_CHOSEN) {
		auth_unavailable(x, &ac, choice, t);
		return;
	}
	name = sd_auth_mech_name(mech);
	r->auth_mech = name;
	x->ctx.auth_mech = name;
	if (mech == SD_AUTH_MECH_XOAUTH2 && o->oauth64 == NULL && !o->password_is_token) {
		/* PHPMailer picks XOAUTH2 but has no token: it fails without a word from the server */
		r->auth_outcome = "not_tried";
		check(x, SD_PCHECK_AUTH, SD_STATUS_FAIL, t, "XOAUTH2 chosen (the server offers: %s) but %s", x->auth_offered,
			o->oauth_error ? "the OAuth provider gave no token" : "no OAuth token was given");
		if (o->oauth_error) {
			x->ctx.auth_state = SD_VERDICT_AUTH_TOKEN_ERROR;
			stop(x, SD_V_AUTH_FAILED, "%s", o->oauth_error);
		} else {
			stop(x, SD_V_AUTH_MECHANISM_UNSUPPORTED, "of PHPMailer's mechanisms it offers only XOAUTH2, which needs an "
				"OAuth 2.0 token, not a password (the server offers: %s)", x->auth_offered);
		}
		return;
	}
	if (!r->auth_encrypted && !o->allow_plaintext_auth) {
		auth_cleartext(x, mech, t);
		return;
	}
	if (!r->auth_encrypted) {
		note(x, SD_F_AUTH_CLEARTEXT, SD_SEV_WARNING, "the credentials were sent over an unencrypted connection "
			"(allow_plaintext_auth), as PHPMailer would send them: anyone on the path can read them; use TLS");
	}
	cap = sd_auth_response_size(o->username_len, o->password_len) + (o->oauth64 ? strlen(o->oauth64) : 0) + 32;
	buf = malloc(cap);
	if (buf == NULL) {
		check(x, SD_PCHECK_AUTH, SD_STATUS_FAIL, t, "out of memory");
		stop(x, SD_V_AUTH_FAILED, "out of memory");
		return;
	}
	st = auth_exchange(x, mech, name, buf, cap, t);
	sd_auth_wipe(buf, cap);
	free(buf);
	if (st == 1) {
		r->auth_outcome = "accepted";
		x->ctx.auth_state = SD_VERDICT_AUTH_ACCEPTED;
		check(x, SD_PCHECK_AUTH, SD_STATUS_PASS, t, "%s accepted over %s: %d%s%s %s", name,
			r->auth_encrypted ? "TLS" : "an unencrypted connection", r->auth_reply.code,
			r->auth_reply.enh[0] ? " " : "", r->auth_reply.enh, r->auth_reply.text);
	}
}

static void stage_quit(run_t *x)
{
	sd_probe_result *r = x->r;
	double t = sd_clock_ms();
	double until = t + QUIT_WAIT_MS < x->deadline ? t + QUIT_WAIT_MS : x->deadline;

	if (sd_smtp_send(&x->smtp, "QUIT", until) == SD_SMTP_OK
			&& sd_smtp_read(&x->smtp, until, &r->smtp.quit) == SD_SMTP_OK) {
		check(x, SD_PCHECK_QUIT, SD_STATUS_PASS, t, "%d %s", r->smtp.quit.code, r->smtp.quit.text);
	} else {
		check(x, SD_PCHECK_QUIT, SD_STATUS_SKIP, t, "no reply to QUIT (not needed)");
	}
}

/* Every check that did not run gets its name, status skip and why. */
static void skip_unset_checks(sd_probe_result *r, const char *why)
{
	int id;

	for (id = 0; id < SD_PCHECK_COUNT; id++) {
		if (r->checks[id].name == NULL) {
			sd_check_set(&r->checks[id], check_names[id], SD_STATUS_SKIP, "%s", why);
		}
	}
}

/* No memory for the run's state: a report that says so, complete enough to be read safely. */
static void out_of_memory(sd_probe_result *r, const sd_probe_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->out_of_memory = 1;
	r->verdict = SD_V_TIMEOUT;
	r->port = o->port ? o->port : sd_probe_default_port(o->security);
	r->security = o->security;
	r->host_kind = "name";
	r->first_bytes = "none";
	skip_unset_checks(r, "not run: out of memory");
	snprintf(r->explain.summary, sizeof(r->explain.summary), "the probe could not start: out of memory");
}

/* Whether the target is this machine: the name localhost, a loopback address, or a name that resolves
 * to loopback addresses only (connect_to redirects a name elsewhere for a test: the name counts). */
static int target_is_loopback(const sd_probe_result *r, const char *connect_to)
{
	int i;

	char name[16];
	size_t n;

	for (n = 0; n < sizeof(name) - 1 && r->host_ascii[n]; n++) {
		name[n] = (char) (r->host_ascii[n] >= 'A' && r->host_ascii[n] <= 'Z' ? r->host_ascii[n] + 32 : r->host_ascii[n]);
	}
	name[n] = '\0';
	if (strcmp(name, "localhost") == 0 || strcmp(name, "localhost.") == 0) {
		return 1;
	}
	if (connect_to != NULL && r->host_kind != NULL && strcmp(r->host_kind, "ipv4") != 0
			&& strcmp(r->host_kind, "ipv6") != 0) {
		return 0;
	}
	for (i = 0; i < r->dns.count; i++) {
		const char *a = r->dns.addrs[i].text;
		if (strncmp(a, "127.", 4) != 0 && strcmp(a, "::1") != 0 && strncmp(a, "::ffff:127.", 11) != 0) {
			return 0;
		}
	}
	return r->dns.count > 0;
}

/* The verdict's context: everything the texts and the alternative's choice read. */
static void fill_ctx(run_t *x)
{
	sd_probe_result *r = x->r;
	sd_verdict_ctx *c = &x->ctx;
	int i;

	c->host = r->host_display;
	c->host_clean = r->host_clean;
	c->host_problem = r->verdict == SD_V_HOST_MALFORMED ? x->detail : NULL;
	c->port = r->port;
	c->security = r->security;
	c->detail = x->detail;
	c->address = r->peer_address;
	for (i = 0; i < r->dns.count; i++) {
		if (r->dns.addrs[i].family == AF_INET) {
			c->has_ipv4 = 1;
		}
	}
	c->reached = x->reached;
	c->selinux_enforcing = x->o->env->selinux == SD_SELINUX_ENFORCING;
	c->timeout_s = x->o->timeout_ms / 1000.0;
	c->cafile = x->o->cafile;
	c->tls_used = r->tls_attempted;
	c->provider = r->provider;
	c->hosting = x->o->env->hosting;
	c->starttls_offered = (r->smtp.caps.flags & SD_EHLO_STARTTLS) != 0;
	c->starttls_skipped = r->security == SD_SEC_AUTO && c->starttls_offered && !r->starttls_sent;
	c->starttls_refused = r->starttls_sent && r->starttls_code != 220;
	c->loopback = target_is_loopback(r, x->o->connect_to);
	if (c->loopback) {
		c->hosting = NULL;  /* a cloud's outbound port blocks do not reach a server on this machine */
	}
	c->late_greeting_s = x->late_greeting_ms / 1000.0;
	c->near_miss = NULL;
	if ((r->verdict == SD_V_DNS_NOT_FOUND || r->verdict == SD_V_DNS_FAILURE) && r->provider == NULL
			&& sd_verdict_near_miss(r->host_ascii, x->near_miss, sizeof(x->near_miss))) {
		c->near_miss = x->near_miss;
	}
	c->alt = r->alternative.port ? &r->alternative : NULL;
	if (c->auth_mech == NULL) {
		c->auth_mech = "";
	}
	if (c->auth_offered == NULL) {
		c->auth_offered = "";
	}
	if (c->auth_type == NULL) {
		c->auth_type = "";
	}
}

/* The verdict: a certificate problem that waited for the interception evidence, else ok. */
static void settle(run_t *x)
{
	if (x->cert_pending && !x->stopped) {
		stop(x, x->pending_code, "%s", x->pending_detail);
	}
	if (!x->stopped) {
		x->r->verdict = SD_V_OK;
	}
}

/* The port or mode the verdict's fix proposes, tried within what is left of the deadline by a second,
 * small run of the pipeline (with the first run's DNS answer); r->alternative says how it went, for
 * the fixes to say whether it works from here. */
static void try_alternative(run_t *x)
{
	sd_probe_result *r = x->r;
	sd_verdict_alt *a = &r->alternative;
	double t = sd_clock_ms(), left = x->deadline - t;
	sd_probe_result *sub;
	sd_probe_opts o2;

	fill_ctx(x);
	if (x->o->no_alternative || r->verdict == SD_V_OK || r->out_of_memory
			|| !sd_verdict_alternative(r->verdict, &x->ctx, &a->port, &a->security)) {
		return;
	}
	if (left < ALT_MIN_MS || (sub = malloc(sizeof(*sub))) == NULL) {
		snprintf(a->summary, sizeof(a->summary), left < ALT_MIN_MS ? "no time was left of the %g s deadline"
			: "out of memory", x->o->timeout_ms / 1000.0);
		return;
	}
	o2 = *x->o;
	o2.port = a->port;
	o2.security = a->security;
	o2.timeout_ms = left;
	o2.no_alternative = 1;
	o2.tcp_failed = NULL;
	o2.resolved = r->resolved && r->dns.status == SD_RESOLVE_OK ? &r->dns : NULL;
	o2.no_localhost_autotls = a->security == SD_SEC_AUTO ? 0 : o2.no_localhost_autotls;
	sd_probe_run(&o2, sub);
	a->tried = 1;
	a->ok = sub->ok;
	a->verdict = sub->verdict;
	a->ms = sd_clock_ms() - t;
	if (a->security == SD_SEC_AUTO) {
		/* STARTTLS when the server offered it; else the automatic mode, in clear text */
		a->cleartext = !sub->tls.handshake_done;
		a->security = a->cleartext ? SD_SEC_AUTO : SD_SEC_STARTTLS;
	}
	sd_str_copy(a->summary, sizeof(a->summary), sub->explain.summary);
	free(sub);
}

/* The machine's routes say nothing about a server on this machine: their warnings leave the findings
 * of a probe whose target is loopback (the environment check keeps them). */
static void drop_route_findings(sd_findings *list)
{
	size_t i, kept = 0;

	for (i = 0; i < list->count; i++) {
		if (list->items[i].code != SD_F_NO_DEFAULT_ROUTE && list->items[i].code != SD_F_NO_IPV4_ROUTE) {
			if (kept != i) {
				list->items[kept] = list->items[i];
			}
			kept++;
		}
	}
	list->count = kept;
}

static void finish(run_t *x)
{
	sd_probe_result *r = x->r;
	sd_verdict_ctx *c = &x->ctx;
	size_t i;

	settle(x);
	skip_unset_checks(r, r->verdict == SD_V_OK ? "not used in this mode" : "not reached");
	fill_ctx(x);
	if (c->loopback) {
		drop_route_findings(&r->findings);
	}
	sd_verdict_explain(r->verdict, c, &r->explain);

	r->ok = r->verdict == SD_V_OK;
	if (!r->ok) {
		/* The verdict leads the findings. */
		sd_findings all = r->findings;
		memset(&r->findings, 0, sizeof(r->findings));
		sd_findings_add(&r->findings, r->verdict, SD_SEV_ERROR, "%s", r->explain.summary);
		/* The provider's port and mode are said by this verdict (its summary, or its own finding of the
		 * same fact): the finding made before connecting would say it twice. */
		int ports_said = (sd_code_advice(r->verdict) & SD_ADVICE_PORTS) != 0;
		for (i = 0; i < all.count; i++) {
			if (ports_said && all.items[i].code == SD_F_PROVIDER_MISMATCH) {
				continue;
			}
			sd_findings_add(&r->findings, all.items[i].code, all.items[i].severity, "%s", all.items[i].message);
		}
	}
	r->elapsed_ms = sd_clock_ms() - x->start;
}

/* A run's state for opts and result r (cleared here), with a deadline timeout_ms from now; NULL when
 * there is no memory for it (r then says so, whole). Freed with free(). */
static run_t *run_new(const sd_probe_opts *o, sd_probe_result *r, double timeout_ms)
{
	run_t *x = calloc(1, sizeof(*x));

	memset(r, 0, sizeof(*r));
	if (x == NULL) {
		out_of_memory(r, o);
		return NULL;
	}
	x->o = o;
	x->r = r;
	x->start = sd_clock_ms();
	x->deadline = x->start + timeout_ms;
	x->fd = SD_NET_NO_FD;
	return x;
}

void sd_probe_conclude(const sd_probe_opts *o, sd_probe_result *r, sd_code code, const char *detail,
	const char *clean)
{
	run_t *x = run_new(o, r, 0.0);

	if (x == NULL) {
		return;
	}
	sd_text_escape(o->host, o->host_len, r->host_display, sizeof(r->host_display));
	r->port = o->port ? o->port : sd_probe_default_port(o->security);
	r->security = o->security;
	if (clean) {
		sd_text_escape(clean, strlen(clean), r->host_clean, sizeof(r->host_clean));
	}
	stop(x, code, "%s", detail);
	finish(x);
	free(x);
}

void sd_probe_run(const sd_probe_opts *o, sd_probe_result *r)
{
	run_t *x = run_new(o, r, o->timeout_ms);

	if (x == NULL) {
		return;
	}

	stage_target(x);
	if (!x->stopped) {
		stage_provider(x);
	}
	if (!x->stopped) {
		stage_environment(x);
	}
	if (!x->stopped) {
		stage_dns(x);
	}
	if (!x->stopped) {
		stage_tcp(x);
	}
	if (!x->stopped) {
		sd_smtp_init(&x->smtp, x->fd, &r->transcript);
		if (o->security == SD_SEC_SMTPS) {
			check(x, SD_PCHECK_STARTTLS, SD_STATUS_SKIP, 0, "implicit TLS: no STARTTLS");
			if (do_tls(x, 1)) {
				x->smtp.tls = x->tls;
				stage_greeting(x, 1);
			}
		} else {
			stage_greeting(x, 0);
		}
	}
	if (!x->stopped && r->smtp.greeting.present) {
		stage_ehlo(x, 0);
	}
	if (!x->stopped && o->security != SD_SEC_SMTPS && !x->cert_pending) {
		stage_starttls(x);
	}
	if (!x->stopped && x->tls && r->tls.handshake_done) {
		decide_interception(x);
		if (!x->cert_pending && o->security != SD_SEC_SMTPS) {
			stage_ehlo(x, 1);
		}
	}
	if (!x->stopped && !x->cert_pending && r->smtp.greeting.present) {
		stage_auth(x);
	}
	if (x->fd != SD_NET_NO_FD) {
		if (r->smtp.greeting.present && !x->quit_sent && !x->unverified
				&& (!x->stopped || r->verdict != SD_V_TIMEOUT)) {
			stage_quit(x);
		}
		if (x->tls) {
			double now = sd_clock_ms();
			sd_tls_shutdown(x->tls, now + 100 < x->deadline ? now + 100 : x->deadline);
			sd_tls_free(x->tls);
			x->tls = NULL;
		}
		sd_net_close(x->fd);
		x->fd = SD_NET_NO_FD;
	}
	settle(x);
	try_alternative(x);
	finish(x);
	free(x);
}
