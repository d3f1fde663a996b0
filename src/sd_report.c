/* smtpdiag: report arrays (see sd_report.h). Keys are always present; unknown values are null. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "src/sd_report.h"

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
		case SD_ENV_CHECK_COUNT:
			ZVAL_NULL(out);
			break;
	}
}

/* Report keys of the fact groups, in check order. */
static const char *const group_keys[SD_ENV_CHECK_COUNT] = {
	"php", "openssl_extension", "openssl_library", "ca", "disabled_functions", "selinux", "routes"
};

void sd_report_findings(zval *arr, const sd_findings *findings)
{
	size_t i;

	for (i = 0; i < findings->count; i++) {
		zval row;
		const sd_finding *f = &findings->items[i];

		array_init_size(&row, 3);
		add_assoc_string(&row, "code", (char *) f->code);
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
	add_assoc_string(rv, "verdict", first ? (char *) first->code : "ok");
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
