/* smtpdiag: report arrays (see sd_report.h). Keys are always present; unknown values are null. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "src/php/sd_report.h"
#include "src/engine/sd_clock.h"
#include "src/engine/sd_providers.h"

static void add_tri(zval *arr, const char *key, sd_tri v)
{
	if (v == SD_TRI_UNKNOWN) {
		add_assoc_null(arr, key);
	} else {
		add_assoc_bool(arr, key, v == SD_TRI_YES);
	}
}

static void add_str_or_null(zval *arr, const char *key, const char *v)
{
	if (v) {
		add_assoc_string(arr, key, v);
	} else {
		add_assoc_null(arr, key);
	}
}

static void ca_location(zval *out, const sd_ca_location *loc)
{
	array_init_size(out, 5);
	add_str_or_null(out, "path", loc->path);
	add_str_or_null(out, "origin", loc->path ? loc->origin : NULL);
	add_assoc_bool(out, "exists", loc->path && loc->exists);
	add_assoc_bool(out, "readable", loc->path && loc->readable);
	add_assoc_long(out, "certificates", loc->path ? loc->count : 0);
}

static const char *selinux_mode(sd_selinux_mode m)
{
	switch (m) {
		case SD_SELINUX_ENFORCING: return "enforcing";
		case SD_SELINUX_PERMISSIVE: return "permissive";
		case SD_SELINUX_ABSENT: break;
	}
	return "absent";
}

/* The recognised cloud or host: its id and name, the DMI values that matched, every DMI value read, and
 * the outbound ports it is known to block. */
static void hosting_group(zval *out, const sd_env_facts *f)
{
	const sd_cloud *h = f->hosting;
	zval evidence, dmi, blocked;
	size_t k;
	int i;

	array_init_size(out, 8);
	add_str_or_null(out, "id", h ? h->id : NULL);
	add_str_or_null(out, "name", h ? h->name : NULL);
	array_init(&evidence);
	for (k = 0; h && k < SD_CLOUD_CONDITIONS && h->signatures[f->hosting_signature][k].text; k++) {
		sd_dmi_field field = h->signatures[f->hosting_signature][k].field;
		add_str_or_null(&evidence, sd_dmi_field_name(field), f->dmi.value[field]);
	}
	add_assoc_zval(out, "evidence", &evidence);
	array_init_size(&dmi, SD_DMI_COUNT);
	for (i = 0; i < SD_DMI_COUNT; i++) {
		add_str_or_null(&dmi, sd_dmi_field_name((sd_dmi_field) i), f->dmi.value[i]);
	}
	add_assoc_zval(out, "dmi", &dmi);
	array_init(&blocked);
	for (k = 0; h && k < SD_CLOUD_PORTS && h->blocked[k]; k++) {
		add_next_index_long(&blocked, h->blocked[k]);
	}
	add_assoc_zval(out, "blocked_ports", &blocked);
	add_str_or_null(out, "policy", h ? h->policy : NULL);
	add_str_or_null(out, "checked", h ? h->checked : NULL);
	add_str_or_null(out, "source", h ? h->source : NULL);
}

/* Each fact group as its own array, so that the check rows can carry them as their data. */
static void fact_group(zval *out, const sd_env *env, sd_env_check_id id)
{
	const sd_env_facts *f = &env->facts;
	zval tmp;

	switch (id) {
		case SD_ENV_CHECK_PHP:
			array_init_size(out, 3);
			add_assoc_string(out, "version", (char *) f->php_version);
			add_assoc_string(out, "sapi", (char *) f->sapi);
#ifdef ZTS
			add_assoc_bool(out, "zts", 1);
#else
			add_assoc_bool(out, "zts", 0);
#endif
			break;
		case SD_ENV_CHECK_OPENSSL_EXTENSION:
			array_init_size(out, 4);
			add_assoc_bool(out, "loaded", f->openssl_extension);
			add_str_or_null(out, "version", f->openssl_extension_version);
			add_assoc_bool(out, "openssl_algo_sha256", f->openssl_constant);
			array_init_size(&tmp, 2);
			add_assoc_bool(&tmp, "ssl", f->transport_ssl);
			add_assoc_bool(&tmp, "tls", f->transport_tls);
			add_assoc_zval(out, "transports", &tmp);
			break;
		case SD_ENV_CHECK_OPENSSL_LIBRARY:
			array_init_size(out, 2);
			add_assoc_string(out, "version", (char *) f->openssl_library_version);
			add_assoc_string(out, "built_with", (char *) env->openssl_built_with);
			break;
		case SD_ENV_CHECK_CA_STORE:
			array_init_size(out, 4);
			ca_location(&tmp, &f->cafile);
			add_assoc_zval(out, "cafile", &tmp);
			ca_location(&tmp, &f->capath);
			add_assoc_zval(out, "capath", &tmp);
			add_assoc_bool(out, "explicit", f->ca_explicit);
			add_assoc_bool(out, "usable", sd_env_ca_usable(&f->cafile) || sd_env_ca_usable(&f->capath));
			break;
		case SD_ENV_CHECK_FUNCTIONS:
			array_init_size(out, 2);
			if (env->disable_functions) {
				add_assoc_str(out, "disable_functions", zend_string_copy(env->disable_functions));
			} else {
				add_assoc_string(out, "disable_functions", "");
			}
			array_init_size(&tmp, 3);
			if (!f->fn_stream_socket_client) {
				add_next_index_string(&tmp, "stream_socket_client");
			}
			if (!f->fn_fsockopen) {
				add_next_index_string(&tmp, "fsockopen");
			}
			if (!f->fn_stream_socket_enable_crypto) {
				add_next_index_string(&tmp, "stream_socket_enable_crypto");
			}
			add_assoc_zval(out, "disabled", &tmp);
			break;
		case SD_ENV_CHECK_SELINUX:
			array_init_size(out, 3);
			add_assoc_string(out, "mode", (char *) selinux_mode(f->selinux));
			add_str_or_null(out, "context", f->selinux_context);
			array_init_size(&tmp, 2);
			add_tri(&tmp, "httpd_can_network_connect", f->httpd_can_network_connect);
			add_tri(&tmp, "httpd_can_sendmail", f->httpd_can_sendmail);
			add_assoc_zval(out, "booleans", &tmp);
			break;
		case SD_ENV_CHECK_ROUTES:
			array_init_size(out, 2);
			add_tri(out, "ipv4", f->route_v4);
			add_tri(out, "ipv6", f->route_v6);
			break;
		case SD_ENV_CHECK_HOSTING:
			hosting_group(out, f);
			break;
		case SD_ENV_CHECK_COUNT:
			ZVAL_NULL(out);
			break;
	}
}

/* Report keys of the fact groups, in check order. */
static const char *const group_keys[SD_ENV_CHECK_COUNT] = {
	"php", "openssl_extension", "openssl_library", "ca", "disabled_functions", "selinux", "routes",
	"hosting"
};

void sd_report_findings(zval *arr, const sd_findings *findings)
{
	size_t i;

	for (i = 0; i < findings->count; i++) {
		zval row;
		const sd_finding *f = &findings->items[i];

		array_init_size(&row, 3);
		add_assoc_string(&row, "code", (char *) sd_code_name(f->code));
		add_assoc_string(&row, "severity", (char *) sd_severity_name(f->severity));
		add_assoc_string(&row, "message", (char *) f->message);
		add_next_index_zval(arr, &row);
	}
}

void sd_report_environment_facts(zval *rv, const sd_env *env)
{
	int i;

	array_init_size(rv, SD_ENV_CHECK_COUNT);
	for (i = 0; i < SD_ENV_CHECK_COUNT; i++) {
		zval group;

		fact_group(&group, env, (sd_env_check_id) i);
		add_assoc_zval(rv, group_keys[i], &group);
	}
}

void sd_report_environment(zval *rv, const sd_env *env, const sd_env_result *res)
{
	zval checks, findings, facts, *group;
	const sd_finding *first = sd_findings_first_error(&res->findings);
	int i;

	sd_report_environment_facts(&facts, env);

	array_init_size(rv, 8 + SD_ENV_CHECK_COUNT);
	add_assoc_bool(rv, "ok", res->ok);
	add_assoc_string(rv, "verdict", (char *) (first ? sd_code_name(first->code) : "ok"));
	if (first) {
		add_assoc_string(rv, "summary", (char *) first->message);
	} else {
		add_assoc_string(rv, "summary", res->findings.count
			? "PHP can open SMTP connections from this process; see the warnings"
			: "PHP can open SMTP connections from this process");
	}

	array_init_size(&checks, SD_ENV_CHECK_COUNT);
	for (i = 0; i < SD_ENV_CHECK_COUNT; i++) {
		zval row;
		const sd_check *c = &res->checks[i];

		array_init_size(&row, 5);
		add_assoc_string(&row, "name", (char *) c->name);
		add_assoc_string(&row, "status", (char *) sd_status_name(c->status));
		add_assoc_double(&row, "ms", env->ms[i]);
		add_assoc_string(&row, "message", (char *) c->message);
		group = zend_hash_str_find(Z_ARRVAL(facts), group_keys[i], strlen(group_keys[i]));
		Z_TRY_ADDREF_P(group);
		add_assoc_zval(&row, "data", group);
		add_next_index_zval(&checks, &row);
	}
	add_assoc_zval(rv, "checks", &checks);

	array_init(&findings);
	sd_report_findings(&findings, &res->findings);
	add_assoc_zval(rv, "findings", &findings);

	for (i = 0; i < SD_ENV_CHECK_COUNT; i++) {
		group = zend_hash_str_find(Z_ARRVAL(facts), group_keys[i], strlen(group_keys[i]));
		Z_TRY_ADDREF_P(group);
		add_assoc_zval(rv, group_keys[i], group);
	}
	zval_ptr_dtor(&facts);
	add_assoc_double(rv, "elapsed_ms", env->elapsed_ms);
}

/* ---- the probe report ----------------------------------------------------------------------- */

static void add_reply(zval *arr, const char *key, const sd_smtp_reply *rep)
{
	zval r;

	if (!rep->present) {
		add_assoc_null(arr, key);
		return;
	}
	array_init_size(&r, 4);
	add_assoc_long(&r, "code", rep->code);
	add_str_or_null(&r, "enhanced", rep->enh[0] ? rep->enh : NULL);
	add_assoc_string(&r, "text", (char *) rep->text);
	add_assoc_double(&r, "ms", rep->ms);
	add_assoc_zval(arr, key, &r);
}

static void cert_array(zval *out, const sd_tls_cert *c)
{
	zval sans;
	int i;

	array_init_size(out, 14);
	add_assoc_string(out, "subject", (char *) c->subject);
	add_assoc_string(out, "issuer", (char *) c->issuer);
	add_str_or_null(out, "common_name", c->subject_cn[0] ? c->subject_cn : NULL);
	array_init_size(&sans, c->san_count);
	for (i = 0; i < c->san_count; i++) {
		add_next_index_string(&sans, (char *) c->san[i].value);
	}
	add_assoc_zval(out, "san", &sans);
	add_assoc_string(out, "not_before", (char *) c->not_before_iso);
	add_assoc_string(out, "not_after", (char *) c->not_after_iso);
	add_assoc_long(out, "not_after_unix", (zend_long) c->not_after);
	add_assoc_string(out, "key_type", (char *) c->key_type);
	add_assoc_long(out, "key_bits", c->key_bits);
	add_str_or_null(out, "key_curve", c->key_curve[0] ? c->key_curve : NULL);
	add_assoc_string(out, "signature_algorithm", (char *) c->sig_alg);
	add_assoc_string(out, "serial", (char *) c->serial);
	add_assoc_string(out, "sha256", (char *) c->sha256);
	add_assoc_bool(out, "self_signed", c->self_signed);
}

static void tls_array(zval *out, const sd_probe_result *r)
{
	const sd_tls_result *t = &r->tls;
	zval verify, chain, errors, tmp;
	int i;

	if (!r->tls_attempted) {
		ZVAL_NULL(out);
		return;
	}
	array_init_size(out, 8);
	add_assoc_bool(out, "handshake", t->handshake_done);
	add_assoc_string(out, "outcome", (char *) sd_tls_outcome_name(t->outcome));
	add_str_or_null(out, "version", t->version[0] ? t->version : NULL);
	add_str_or_null(out, "cipher", t->cipher[0] ? t->cipher : NULL);
	add_assoc_double(out, "ms", t->handshake_ms);
	add_str_or_null(out, "error", t->reason[0] ? t->reason : NULL);

	array_init_size(&verify, 10);
	add_assoc_bool(&verify, "verify_peer", t->verify_enforced);
	add_assoc_bool(&verify, "verify_peer_name", t->name_enforced);
	add_assoc_long(&verify, "code", t->verify_code);
	add_assoc_string(&verify, "text", (char *) t->verify_text);
	if (t->verify_depth >= 0 && t->verify_code) {
		add_assoc_long(&verify, "depth", t->verify_depth);
	} else {
		add_assoc_null(&verify, "depth");
	}
	array_init(&errors);
	for (i = 0; i < t->verify_error_count; i++) {
		array_init_size(&tmp, 2);
		add_assoc_long(&tmp, "code", t->verify_errors[i].code);
		add_assoc_long(&tmp, "depth", t->verify_errors[i].depth);
		add_next_index_zval(&errors, &tmp);
	}
	add_assoc_zval(&verify, "errors", &errors);
	add_str_or_null(&verify, "peer_name", t->name[0] ? t->name : NULL);
	if (t->name_checked) {
		add_assoc_bool(&verify, "name_matched", t->name_matched);
	} else {
		add_assoc_null(&verify, "name_matched");
	}
	add_str_or_null(&verify, "matched_by", t->name_matched_by);
	add_str_or_null(&verify, "php_message", t->php_message[0] ? t->php_message : NULL);
	add_assoc_zval(out, "verify", &verify);

	if (t->chain_count) {
		cert_array(&tmp, &t->chain[0]);
		add_assoc_long(&tmp, "days_left", t->leaf_days_left);
		add_assoc_zval(out, "certificate", &tmp);
	} else {
		add_assoc_null(out, "certificate");
	}
	array_init_size(&chain, t->chain_count);
	for (i = 0; i < t->chain_count; i++) {
		cert_array(&tmp, &t->chain[i]);
		add_next_index_zval(&chain, &tmp);
	}
	add_assoc_zval(out, "chain", &chain);
}

static void ehlo_lists(zval *arr, const char *ext_key, const char *auth_key, const sd_ehlo *e)
{
	zval ext, auth;
	size_t i;

	array_init_size(&ext, (uint32_t) e->n_ext);
	for (i = 0; i < e->n_ext; i++) {
		add_next_index_string(&ext, (char *) e->ext[i]);
	}
	add_assoc_zval(arr, ext_key, &ext);
	array_init_size(&auth, (uint32_t) e->n_auth);
	for (i = 0; i < e->n_auth; i++) {
		add_next_index_string(&auth, (char *) e->auth[i]);
	}
	add_assoc_zval(arr, auth_key, &auth);
}

static void server_array(zval *out, const sd_probe_result *r)
{
	const sd_smtp_info *s = &r->smtp;
	const sd_ehlo *last = s->ehlo_tls_done ? &s->caps_tls : &s->caps;
	zval tls;

	array_init_size(out, 12);
	add_str_or_null(out, "address", r->connected ? r->peer_address : NULL);
	add_str_or_null(out, "banner", s->greeting.present ? s->greeting.text : NULL);
	add_str_or_null(out, "name", s->greeting_host[0] ? s->greeting_host : NULL);
	add_reply(out, "greeting", &s->greeting);
	add_reply(out, "ehlo", &s->ehlo);
	add_str_or_null(out, "ehlo_domain", s->ehlo.present && s->ehlo.code == 250 ? s->caps.domain : NULL);
	add_assoc_bool(out, "helo_fallback", s->helo_fallback);
	add_assoc_bool(out, "starttls", (s->caps.flags & SD_EHLO_STARTTLS) != 0);
	ehlo_lists(out, "extensions", "auth", last);
	if (s->ehlo_tls_done) {
		ehlo_lists(out, "extensions_before_tls", "auth_before_tls", &s->caps);
	} else {
		add_assoc_null(out, "extensions_before_tls");
		add_assoc_null(out, "auth_before_tls");
	}
	if (last->size_valid) {
		add_assoc_long(out, "size", (zend_long) last->size);
	} else {
		add_assoc_null(out, "size");
	}
	add_assoc_string(out, "first_bytes", (char *) (r->first_bytes ? r->first_bytes : "none"));
	tls_array(&tls, r);
	add_assoc_zval(out, "tls", &tls);
}

static void dns_data(zval *out, const sd_probe_result *r)
{
	zval list, ns;
	int i;

	array_init_size(out, 8);
	array_init_size(&list, r->dns.count);
	for (i = 0; i < r->dns.count; i++) {
		add_next_index_string(&list, (char *) r->dns.addrs[i].text);
	}
	add_assoc_zval(out, "addresses", &list);
	add_assoc_bool(out, "numeric", r->dns.numeric);
	add_assoc_double(out, "ms", r->dns.elapsed_ms);
	add_assoc_long(out, "gai_code", r->dns.gai_code);
	add_str_or_null(out, "gai_name", r->dns.gai_name && r->dns.gai_name[0] ? r->dns.gai_name : NULL);
	add_str_or_null(out, "gai_text", r->dns.gai_text[0] ? r->dns.gai_text : NULL);
	array_init_size(&ns, r->resolvconf.nameserver_count);
	for (i = 0; i < r->resolvconf.nameserver_count; i++) {
		add_next_index_string(&ns, (char *) r->resolvconf.nameservers[i]);
	}
	add_assoc_zval(out, "nameservers", &ns);
	add_assoc_string(out, "resolver_options", (char *) r->resolvconf.options);
}

static void connect_list(zval *out, const sd_probe_result *r)
{
	int i;

	array_init_size(out, r->conn.count);
	for (i = 0; i < r->conn.count; i++) {
		const sd_conn_attempt *a = &r->conn.attempts[i];
		zval row;

		array_init_size(&row, 6);
		add_assoc_string(&row, "address", (char *) a->addr);
		add_assoc_long(&row, "family", a->family == AF_INET6 ? 6 : 4);
		add_assoc_string(&row, "outcome", (char *) sd_net_outcome_name(a->outcome));
		add_assoc_double(&row, "ms", a->elapsed_ms);
		add_assoc_bool(&row, "php_tried", a->php_tried);
		add_str_or_null(&row, "error", a->outcome != SD_CONN_CONNECTED && a->err_text[0] ? a->err_text : NULL);
		add_next_index_zval(out, &row);
	}
}

/* The target's entry of the provider table: what smtpdiag knows about it, and as of when. */
static void provider_array(zval *out, const sd_provider *p)
{
	char ports[SD_TEXT_MAX];

	if (p == NULL) {
		ZVAL_NULL(out);
		return;
	}
	sd_provider_ports_text(p, ports, sizeof(ports));
	array_init_size(out, 6);
	add_assoc_string(out, "id", (char *) p->id);
	add_assoc_string(out, "name", (char *) p->name);
	add_assoc_string(out, "ports", ports);
	add_str_or_null(out, "checked", p->checked);
	add_assoc_string(out, "trust", (char *) p->trust);
	add_assoc_string(out, "source", (char *) p->source);
}

/* The port or mode the verdict's fix proposes, as tried from here; null when it proposes none. */
static void alternative_array(zval *out, const sd_verdict_alt *a)
{
	if (a->port == 0) {
		ZVAL_NULL(out);
		return;
	}
	array_init_size(out, 7);
	add_assoc_long(out, "port", a->port);
	add_assoc_string(out, "security", (char *) sd_security_name(a->security));
	add_assoc_bool(out, "tried", a->tried);
	if (a->tried) {
		add_assoc_bool(out, "ok", a->ok);
		add_assoc_string(out, "verdict", (char *) sd_code_name(a->verdict));
	} else {
		add_assoc_null(out, "ok");
		add_assoc_null(out, "verdict");
	}
	add_assoc_string(out, "summary", (char *) a->summary);
	add_assoc_double(out, "ms", a->ms);
}

void sd_report_probe(zval *rv, const sd_probe_result *r, const sd_env *env)
{
	zval tmp, target, checks, server, addrs;
	size_t i, pos = 0;
	const char *line;
	int id;

	if (r->out_of_memory) {
		/* Not a network or configuration problem: the process itself is out of memory. The report
		 * below is still complete (every check named), for a caller that catches the Error. */
		zend_throw_error(NULL, "smtpdiag: out of memory: the probe could not allocate its state");
	}
	array_init_size(rv, 15);
	add_assoc_bool(rv, "ok", r->ok);
	add_assoc_string(rv, "verdict", (char *) sd_code_name(r->verdict));
	add_assoc_string(rv, "summary", (char *) r->explain.summary);
	array_init_size(&tmp, (uint32_t) r->explain.nfixes);
	for (i = 0; i < r->explain.nfixes; i++) {
		add_next_index_string(&tmp, (char *) r->explain.fixes[i]);
	}
	add_assoc_zval(rv, "fixes", &tmp);
	alternative_array(&tmp, &r->alternative);
	add_assoc_zval(rv, "alternative", &tmp);

	array_init_size(&target, 8);
	add_assoc_string(&target, "host", (char *) r->host_display);
	add_str_or_null(&target, "host_ascii", r->host_ascii[0] ? r->host_ascii : NULL);
	add_str_or_null(&target, "host_kind", r->host_kind);
	add_assoc_long(&target, "port", r->port);
	add_assoc_string(&target, "security", (char *) sd_security_name(r->security));
	add_str_or_null(&target, "peer_name", r->peer_name);
	provider_array(&tmp, r->provider);
	add_assoc_zval(&target, "provider", &tmp);
	array_init_size(&addrs, r->dns.count);
	for (id = 0; id < r->dns.count; id++) {
		add_next_index_string(&addrs, (char *) r->dns.addrs[id].text);
	}
	add_assoc_zval(&target, "addresses", &addrs);
	add_assoc_zval(rv, "target", &target);

	array_init_size(&checks, SD_PCHECK_COUNT);
	for (id = 0; id < SD_PCHECK_COUNT; id++) {
		const sd_check *c = &r->checks[id];
		zval row, data;

		array_init_size(&row, 5);
		add_assoc_string(&row, "name", (char *) c->name);
		add_assoc_string(&row, "status", (char *) sd_status_name(c->status));
		add_assoc_double(&row, "ms", r->check_ms[id]);
		add_assoc_string(&row, "message", (char *) c->message);
		switch ((sd_probe_check_id) id) {
			case SD_PCHECK_DNS:
				if (r->resolved) {
					dns_data(&data, r);
				} else {
					ZVAL_NULL(&data);
				}
				break;
			case SD_PCHECK_TCP:
				connect_list(&data, r);
				break;
			case SD_PCHECK_ENVIRONMENT:
				array_init(&data);
				break;
			default:
				ZVAL_NULL(&data);
				break;
		}
		add_assoc_zval(&row, "data", &data);
		add_next_index_zval(&checks, &row);
	}
	add_assoc_zval(rv, "checks", &checks);

	array_init(&tmp);
	sd_report_findings(&tmp, &r->findings);
	add_assoc_zval(rv, "findings", &tmp);

	server_array(&server, r);
	add_assoc_zval(rv, "server", &server);

	sd_report_environment_facts(&tmp, env);
	add_assoc_zval(rv, "environment", &tmp);

	array_init_size(&tmp, (uint32_t) r->transcript.lines);
	while ((line = sd_transcript_next(&r->transcript, &pos)) != NULL) {
		add_next_index_string(&tmp, (char *) line);
	}
	add_assoc_zval(rv, "transcript", &tmp);
	add_assoc_string(rv, "reproduce", (char *) r->explain.reproduce);
	add_assoc_double(rv, "elapsed_ms", r->elapsed_ms);
}

void sd_report_dsn(zval *rv, const sd_dsn *d)
{
	zval options, credentials, ignored, notes;
	size_t i;

	array_init_size(rv, 7);
	add_assoc_string(rv, "scheme", (char *) d->scheme);
	add_assoc_stringl(rv, "host", (char *) d->host, d->host_len);
	add_assoc_long(rv, "port", d->port);

	array_init_size(&options, 6);
	add_assoc_string(&options, "security", (char *) sd_security_name(d->security));
	add_assoc_string(&options, "helo", (char *) d->helo);
	/* Symfony Mailer starts STARTTLS with localhost too, where PHPMailer 6.9+ does not */
	add_assoc_bool(&options, "localhost_autotls", 1);
	if (!d->verify_peer) {
		add_assoc_bool(&options, "verify_peer", 0);
		add_assoc_bool(&options, "verify_peer_name", 0);
	}
	if (d->bindto[0]) {
		add_assoc_string(&options, "bindto", (char *) d->bindto);
	}
	add_assoc_zval(rv, "options", &options);

	array_init_size(&credentials, 2);
	if (d->has_username) {
		add_assoc_stringl(&credentials, "username", (char *) d->username, d->username_len);
	} else {
		add_assoc_null(&credentials, "username");
	}
	if (d->has_password) {
		add_assoc_stringl(&credentials, "password", (char *) d->password, d->password_len);
	} else {
		add_assoc_null(&credentials, "password");
	}
	add_assoc_zval(rv, "credentials", &credentials);

	array_init_size(&ignored, (uint32_t) d->ignored_count);
	for (i = 0; i < d->ignored_count; i++) {
		add_next_index_string(&ignored, d->ignored[i]);
	}
	add_assoc_zval(rv, "ignored", &ignored);
	array_init_size(&notes, (uint32_t) d->note_count);
	for (i = 0; i < d->note_count; i++) {
		add_next_index_string(&notes, d->notes[i]);
	}
	add_assoc_zval(rv, "notes", &notes);
}

/* ---- smtpdiag_phpmailer() ------------------------------------------------------------------- */

static void add_bytes_or_null(zval *arr, const char *key, const sd_mailer_bytes *b)
{
	if (b->ptr) {
		add_assoc_stringl(arr, key, (char *) b->ptr, b->len);
	} else {
		add_assoc_null(arr, key);
	}
}

/* One Host entry: what PHPMailer makes of it, and its report (null when it was not probed). */
static void mailer_host_row(zval *row, const sd_mailer_plan *p, size_t i, zval *report)
{
	const sd_mailerhost_entry *e = &p->hosts.entries[i];
	int usable = e->skip == SD_MAILERHOST_SKIP_NONE;

	array_init_size(row, 10);
	add_assoc_stringl(row, "entry", (char *) e->raw.ptr, e->raw.len);
	if (e->matched) {
		add_assoc_stringl(row, "host", (char *) e->host.ptr, e->host.len);
	} else {
		add_assoc_null(row, "host");
	}
	if (usable) {
		add_assoc_long(row, "port", e->connect_port);
		add_assoc_string(row, "security", (char *) sd_security_name(p->security[i]));
		add_assoc_string(row, "connect", (char *) e->connect);
	} else {
		add_assoc_null(row, "port");
		add_assoc_null(row, "security");
		add_assoc_null(row, "connect");
	}
	add_assoc_bool(row, "skipped", !usable);
	add_str_or_null(row, "reason", usable ? NULL : e->reason);
	if (Z_TYPE_P(report) == IS_ARRAY) {
		Z_ADDREF_P(report);
		add_assoc_zval(row, "report", report);
	} else {
		add_assoc_null(row, "report");
	}
}

/* What was read from the mailer (never the password). */
static void mailer_settings(zval *out, const sd_mailer_config *c)
{
	array_init_size(out, 14);
	add_bytes_or_null(out, "class", &c->class_name);
	add_bytes_or_null(out, "version", &c->version);
	add_bytes_or_null(out, "Mailer", &c->mailer);
	add_bytes_or_null(out, "Host", &c->host);
	add_assoc_long(out, "Port", c->port);
	add_bytes_or_null(out, "SMTPSecure", &c->secure);
	add_assoc_bool(out, "SMTPAutoTLS", c->auto_tls);
	add_assoc_double(out, "Timeout", c->timeout);
	add_assoc_bool(out, "SMTPAuth", c->smtp_auth);
	add_bytes_or_null(out, "Username", &c->username);
	add_bytes_or_null(out, "AuthType", &c->auth_type);
	add_bytes_or_null(out, "oauth", &c->oauth_class);
}

void sd_report_mailer(zval *rv, const sd_mailer_plan *p, zval *reports, zval *concluded)
{
	int chosen = sd_mailer_reported(p);
	zval hosts, config, settings, *findings, *answer = chosen >= 0 ? &reports[chosen] : concluded;
	size_t i;

	array_init_size(&hosts, (uint32_t) p->hosts.count);
	for (i = 0; i < p->hosts.count; i++) {
		zval row;
		mailer_host_row(&row, p, i, &reports[i]);
		add_next_index_zval(&hosts, &row);
	}
	array_init(&config);
	sd_report_findings(&config, &p->config);
	mailer_settings(&settings, p->cfg);

	if (Z_TYPE_P(answer) == IS_ARRAY) {
		ZVAL_COPY(rv, answer);
		SEPARATE_ARRAY(rv);
	} else {
		array_init(rv);
	}
	findings = zend_hash_str_find(Z_ARRVAL_P(rv), ZEND_STRL("findings"));
	if (findings && Z_TYPE_P(findings) == IS_ARRAY) {
		SEPARATE_ARRAY(findings);
		sd_report_findings(findings, &p->config);
	}
	add_assoc_zval(rv, "hosts", &hosts);
	add_assoc_zval(rv, "config", &config);
	add_assoc_zval(rv, "mailer", &settings);
	add_assoc_bool(rv, "cached", 0);
}

/* ---- the scan report ------------------------------------------------------------------------ */

static void scan_row(zval *row, const sd_scan_port *p, const sd_env *env)
{
	zval report;

	sd_report_probe(&report, p->result, env);
	array_init_size(row, 6);
	add_assoc_long(row, "port", p->port);
	add_assoc_string(row, "security", (char *) sd_security_name(p->security));
	add_assoc_bool(row, "ok", p->result->ok);
	add_assoc_string(row, "verdict", (char *) sd_code_name(p->result->verdict));
	add_assoc_string(row, "summary", (char *) p->result->explain.summary);
	add_assoc_zval(row, "report", &report);
}

/* The recommended port: its mode and PHPMailer lines; with verification_off, the lines that turn it
 * off too, said to be a stopgap. */
static void scan_recommended(zval *rec, const sd_scan_port *b, int verification_off)
{
	char lines[SD_TEXT_MAX];
	size_t n;

	sd_verdict_phpmailer_lines(b->port, b->security, lines, sizeof(lines));
	if (verification_off && (n = strlen(lines)) < sizeof(lines) - 1) {
		snprintf(lines + n, sizeof(lines) - n, "%s$mail->SMTPOptions = ['ssl' => ['verify_peer' => false, "
			"'verify_peer_name' => false, 'allow_self_signed' => true]]; (only until the server's certificate "
			"is fixed or its CA given as cafile: without verification, anyone on the way can read the mail "
			"and the password)", n ? " " : "");
	}
	array_init_size(rec, 4);
	add_assoc_long(rec, "port", b->port);
	add_assoc_string(rec, "security", (char *) sd_security_name(b->security));
	add_assoc_string(rec, "phpmailer", lines);
	add_assoc_bool(rec, "verification_off", verification_off);
}

void sd_report_scan(zval *rv, zend_string *host, const sd_scan_result *res, const sd_env *env)
{
	zval list, rec;
	int i;

	array_init_size(&list, (uint32_t) res->nports);
	for (i = 0; i < res->nports; i++) {
		zval row;

		scan_row(&row, &res->ports[i], env);
		add_next_index_zval(&list, &row);
	}

	array_init_size(rv, 8);
	add_assoc_bool(rv, "ok", res->best >= 0);
	if (res->best >= 0) {
		const sd_scan_port *b = &res->ports[res->best];
		char summary[256];

		add_assoc_string(rv, "verdict", "ok");
		snprintf(summary, sizeof(summary), "port %d with %s works from here%s", b->port,
			sd_security_name(b->security), b->rank >= SD_SCAN_RANK_VERIFIED ? ", encrypted and verified" : "");
		add_assoc_string(rv, "summary", summary);
		scan_recommended(&rec, b, 0);
		add_assoc_zval(rv, "recommended", &rec);
	} else if (res->unverified >= 0) {
		const sd_scan_port *b = &res->ports[res->unverified];
		char summary[320];

		add_assoc_string(rv, "verdict", (char *) sd_code_name(b->result->verdict));
		snprintf(summary, sizeof(summary), "no port and mode tried works from here with the certificate verified; "
			"port %d with %s works only with certificate verification off (%s)", b->port,
			sd_security_name(b->security), sd_code_name(b->result->verdict));
		add_assoc_string(rv, "summary", summary);
		scan_recommended(&rec, b, 1);
		add_assoc_zval(rv, "recommended", &rec);
	} else {
		add_assoc_string(rv, "verdict", (char *) sd_code_name(res->nports > 0
			? res->ports[0].result->verdict : SD_V_PORT_BLOCKED));
		add_assoc_string(rv, "summary", "no port and mode tried works from here");
		add_assoc_null(rv, "recommended");
	}
	add_assoc_str(rv, "host", zend_string_copy(host));
	add_assoc_zval(rv, "ports", &list);
	add_assoc_double(rv, "elapsed_ms", sd_clock_ms() - res->start_ms);
}
