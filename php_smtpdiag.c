/* smtpdiag: the PHP module. Thin glue: arguments in, C structs to the engine in src/, arrays out. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "ext/standard/info.h"

#include <openssl/opensslv.h>
#include <openssl/crypto.h>

#include "Zend/zend_attributes.h"

#include "php_smtpdiag.h"
#include "smtpdiag_arginfo.h"
#include "src/php/sd_env.h"
#include "src/engine/sd_envrules.h"
#include "src/php/sd_report.h"
#include "src/engine/sd_probe.h"
#include "src/php/sd_api.h"
#include "src/php/sd_cache.h"
#include "src/php/sd_hook.h"
#include "src/php/sd_format.h"
#include "src/php/sd_scan.h"
#include "src/php/sd_observe.h"
#include "Zend/zend_observer.h"
#include "Zend/zend_exceptions.h"
#include "src/engine/sd_net.h"
#include "src/engine/sd_castore.h"

#ifdef _WIN32
# include <winsock2.h>
# include <ws2tcpip.h>
#else
# include <unistd.h>
# include <dlfcn.h>
# include <arpa/inet.h>
# include <netinet/in.h>
#endif

ZEND_DECLARE_MODULE_GLOBALS(smtpdiag)

static int smtpdiag_observing; /* the throw hook and the error observer were installed at startup */

/* {{{ ini */
static ZEND_INI_MH(OnUpdateSmtpdiagTimeout)
{
	double value = zend_strtod(ZSTR_VAL(new_value), NULL);

	/* A deadline must be positive and short enough to be a deadline. */
	if (!(value > 0.0) || value > 3600.0) {
		php_error_docref(NULL, E_WARNING,
			"smtpdiag.timeout must be a number of seconds greater than 0 and at most 3600, \"%s\" given",
			ZSTR_VAL(new_value));
		return FAILURE;
	}
	SMTPDIAG_G(timeout) = value;
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateSmtpdiagHelo)
{
	const unsigned char *p;

	/* At most 255 bytes, as a domain name and the helo option: the settings hold a copy. */
	for (p = (const unsigned char *) ZSTR_VAL(new_value); *p; p++) {
		if (*p <= ' ' || *p >= 0x7f || ZSTR_LEN(new_value) > 255) {
			php_error_docref(NULL, E_WARNING,
				"smtpdiag.helo must be a host name of at most 255 bytes without spaces or control characters");
			return FAILURE;
		}
	}
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

static ZEND_INI_MH(OnUpdateSmtpdiagCacheTtl)
{
	zend_long value = 0;

	/* Only a whole number: "1.5" is numeric but a double, and leaves value unset. */
	if (is_numeric_string(ZSTR_VAL(new_value), ZSTR_LEN(new_value), &value, NULL, 0) != IS_LONG
			|| value < 0 || value > 86400) {
		php_error_docref(NULL, E_WARNING,
			"smtpdiag.cache_ttl must be a whole number of seconds from 0 (off) to 86400, \"%s\" given",
			ZSTR_VAL(new_value));
		return FAILURE;
	}
	SMTPDIAG_G(cache_ttl) = value;
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateSmtpdiagExplain)
{
	zend_long mode;

	if (zend_string_equals_literal_ci(new_value, "off") || zend_string_equals_literal(new_value, "0")
			|| ZSTR_LEN(new_value) == 0) {
		mode = SD_EXPLAIN_OFF;
	} else if (zend_string_equals_literal_ci(new_value, "log")) {
		mode = SD_EXPLAIN_LOG;
	} else if (zend_string_equals_literal_ci(new_value, "full")) {
		mode = SD_EXPLAIN_FULL;
	} else {
		php_error_docref(NULL, E_WARNING, "smtpdiag.explain must be off, log or full, \"%s\" given",
			ZSTR_VAL(new_value));
		return FAILURE;
	}
	SMTPDIAG_G(explain) = mode;
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateSmtpdiagExplainTimeout)
{
	double value = zend_strtod(ZSTR_VAL(new_value), NULL);

	if (!(value > 0.0) || value > 60.0) {
		php_error_docref(NULL, E_WARNING,
			"smtpdiag.explain_timeout must be a number of seconds greater than 0 and at most 60, \"%s\" given",
			ZSTR_VAL(new_value));
		return FAILURE;
	}
	SMTPDIAG_G(explain_timeout) = value;
	return SUCCESS;
}

/* php.ini reads off as "": phpinfo() says off */
static ZEND_INI_DISP(smtpdiag_explain_display)
{
	zend_string *v = type == ZEND_INI_DISPLAY_ORIG && ini_entry->modified ? ini_entry->orig_value : ini_entry->value;

	PHPWRITE(v && ZSTR_LEN(v) && !zend_string_equals_literal(v, "0") ? ZSTR_VAL(v) : "off",
		v && ZSTR_LEN(v) && !zend_string_equals_literal(v, "0") ? ZSTR_LEN(v) : 3);
}

PHP_INI_BEGIN()
	STD_PHP_INI_ENTRY("smtpdiag.timeout", "10", PHP_INI_ALL, OnUpdateSmtpdiagTimeout, timeout,
		zend_smtpdiag_globals, smtpdiag_globals)
	STD_PHP_INI_ENTRY("smtpdiag.helo", "", PHP_INI_ALL, OnUpdateSmtpdiagHelo, helo,
		zend_smtpdiag_globals, smtpdiag_globals)
	STD_PHP_INI_ENTRY("smtpdiag.cache_ttl", "60", PHP_INI_ALL, OnUpdateSmtpdiagCacheTtl, cache_ttl,
		zend_smtpdiag_globals, smtpdiag_globals)
	/* Whether the hooks exist is decided by the value at startup (off: none at all); later values
	 * (ini_set(), a pool's php_value) are read by the hooks, so they can turn explaining off or change
	 * log/full, but not start it where it was off at startup. */
	PHP_INI_ENTRY_EX("smtpdiag.explain", "log", PHP_INI_ALL, OnUpdateSmtpdiagExplain, smtpdiag_explain_display)
	PHP_INI_ENTRY("smtpdiag.explain_timeout", "5", PHP_INI_ALL, OnUpdateSmtpdiagExplainTimeout)
PHP_INI_END()
/* }}} */

/* The settings handed to src/php: the ini values as they are for this call, and the cache. */
static void smtpdiag_settings(sd_settings *s)
{
	s->timeout = SMTPDIAG_G(timeout);
	snprintf(s->helo, sizeof(s->helo), "%s", SMTPDIAG_G(helo) ? SMTPDIAG_G(helo) : "");
	s->cache_ttl = SMTPDIAG_G(cache_ttl);
	s->cache = &SMTPDIAG_G(cache);
}

/* {{{ smtpdiag_probe(string $host, int $port = 0, array $options = []): array */
PHP_FUNCTION(smtpdiag_probe)
{
	zend_string *host;
	zend_long port = 0;
	HashTable *options = NULL;
	sd_probe_opts opts;
	sd_settings settings;
	char helo_buf[256];

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_STR(host)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(port)
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (port < 0 || port > 65535) {
		zend_argument_value_error(2, "must be between 0 and 65535");
		RETURN_THROWS();
	}
	memset(&opts, 0, sizeof(opts));
	smtpdiag_settings(&settings);
	if (sd_api_probe_options(&settings, options, 3, (int) port, &opts, helo_buf, sizeof(helo_buf), NULL) == FAILURE) {
		RETURN_THROWS();
	}
	opts.host = ZSTR_VAL(host);
	opts.host_len = ZSTR_LEN(host);
	opts.port = (int) port;

	sd_api_probe_array(return_value, &opts);
}
/* }}} */

/* {{{ smtpdiag_phpmailer(object $mailer, array $options = []): array */
PHP_FUNCTION(smtpdiag_phpmailer)
{
	zend_object *mailer;
	HashTable *options = NULL;
	sd_settings settings;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_OBJ(mailer)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	smtpdiag_settings(&settings);
	if (sd_hook_run(return_value, &settings, mailer, options) == FAILURE) {
		RETURN_THROWS();
	}
}
/* }}} */

/* {{{ smtpdiag_format(array $report, string $format = "text"): string */
PHP_FUNCTION(smtpdiag_format)
{
	zval *report;
	zend_string *format = NULL, *out;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY(report)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(format)
	ZEND_PARSE_PARAMETERS_END();

	if (sd_format_check(Z_ARRVAL_P(report), 1) == FAILURE) {
		RETURN_THROWS();
	}
	if (format == NULL || zend_string_equals_literal(format, "text")) {
		RETURN_STR(sd_format_text(Z_ARRVAL_P(report)));
	}
	if (zend_string_equals_literal(format, "json")) {
		if ((out = sd_format_json(report, 1)) == NULL) {
			RETURN_THROWS();
		}
		RETURN_STR(out);
	}
	zend_argument_value_error(2, "must be \"text\" or \"json\"");
	RETURN_THROWS();
}
/* }}} */

/* {{{ smtpdiag_scan(string $host, array $options = []): array */
PHP_FUNCTION(smtpdiag_scan)
{
	zend_string *host;
	HashTable *options = NULL;
	sd_settings settings;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(host)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	smtpdiag_settings(&settings);
	if (sd_scan_run(return_value, &settings, host, options) == FAILURE) {
		RETURN_THROWS();
	}
}
/* }}} */

/* {{{ smtpdiag_last_failure(): ?array */
PHP_FUNCTION(smtpdiag_last_failure)
{
	ZEND_PARSE_PARAMETERS_NONE();
	sd_observe_last(&SMTPDIAG_G(observe), return_value);
}
/* }}} */

/* {{{ explaining PHPMailer's failures: the engine's throw hook and an error observer (no per-call cost) */
static void (*smtpdiag_prev_throw_hook)(zend_object *ex);

static void smtpdiag_throw_hook(zend_object *exception)
{
	if (SMTPDIAG_G(explain) != SD_EXPLAIN_OFF) {
		sd_settings settings;
		sd_observe_call call;

		smtpdiag_settings(&settings);
		call.mode = (int) SMTPDIAG_G(explain);
		call.timeout = SMTPDIAG_G(explain_timeout);
		call.settings = &settings;
		sd_observe_throw(&SMTPDIAG_G(observe), &call, exception);
	}
	if (smtpdiag_prev_throw_hook) {
		smtpdiag_prev_throw_hook(exception);
	}
}

static void smtpdiag_error_observer(int type, zend_string *error_filename, uint32_t error_lineno, zend_string *message)
{
	if (SMTPDIAG_G(explain) != SD_EXPLAIN_OFF) {
		sd_observe_error(&SMTPDIAG_G(observe), type, message);
	}
}
/* }}} */

/* {{{ smtpdiag_dsn(string $dsn): array */
PHP_FUNCTION(smtpdiag_dsn)
{
	zend_string *dsn;
	sd_dsn *d;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(dsn)
	ZEND_PARSE_PARAMETERS_END();

	d = emalloc(sizeof(*d));
	if (sd_dsn_parse(ZSTR_VAL(dsn), ZSTR_LEN(dsn), d) == 0) {
		sd_report_dsn(return_value, d);
	} else {
		zend_argument_value_error(1, "must be a mailer DSN such as \"smtp://user:pass@smtp.example.com:587\": %s",
			d->message);
	}
	ZEND_SECURE_ZERO(d, sizeof(*d));
	efree(d);
}
/* }}} */

/* {{{ smtpdiag_environment(array $options = []): array */
PHP_FUNCTION(smtpdiag_environment)
{
	static const char *const allowed[] = { "cafile", "capath", NULL };
	HashTable *options = NULL;
	const char *cafile = NULL, *capath = NULL;
	sd_env env;
	sd_env_result res;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(options)
	ZEND_PARSE_PARAMETERS_END();

	if (options) {
		if (sd_api_options_known(options, 1, allowed) == FAILURE
				|| sd_api_option_string(options, 1, "cafile", &cafile) == FAILURE
				|| sd_api_option_string(options, 1, "capath", &capath) == FAILURE) {
			RETURN_THROWS();
		}
	}

	sd_env_gather(&env, cafile, capath);
	sd_env_rules(&env.facts, &res);
	sd_report_environment(return_value, &env, &res);
	sd_env_release(&env);
}
/* }}} */

static PHP_GINIT_FUNCTION(smtpdiag)
{
#if defined(COMPILE_DL_SMTPDIAG) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	memset(smtpdiag_globals, 0, sizeof(*smtpdiag_globals));
	sd_cache_ginit(&smtpdiag_globals->cache);
	sd_observe_ginit(&smtpdiag_globals->observe);
}

static PHP_GSHUTDOWN_FUNCTION(smtpdiag)
{
	sd_cache_gshutdown(&smtpdiag_globals->cache);
	sd_observe_gshutdown(&smtpdiag_globals->observe);
}

static PHP_RSHUTDOWN_FUNCTION(smtpdiag)
{
	sd_cache_rshutdown(&SMTPDIAG_G(cache));
	sd_observe_rshutdown(&SMTPDIAG_G(observe));
	return SUCCESS;
}

static PHP_MINIT_FUNCTION(smtpdiag)
{
	REGISTER_INI_ENTRIES();
	register_smtpdiag_symbols(module_number);
	/* smtpdiag.explain = off at startup: no hook at all, so PHP runs exactly as without it */
	if (SMTPDIAG_G(explain) != SD_EXPLAIN_OFF) {
		smtpdiag_prev_throw_hook = zend_throw_exception_hook;
		zend_throw_exception_hook = smtpdiag_throw_hook;
		zend_observer_error_register(smtpdiag_error_observer);
		smtpdiag_observing = 1;
	}
	return SUCCESS;
}

/* Keeps this shared object mapped after PHP's dlclose() of it: one more reference, never released,
 * made permanent with RTLD_NODELETE where the platform has it. Returns 0 when that failed. */
static int smtpdiag_stay_loaded(void)
{
#if defined(COMPILE_DL_SMTPDIAG) && !defined(_WIN32)
	Dl_info self;
	int flags = RTLD_LAZY;

# ifdef RTLD_NOLOAD
	flags |= RTLD_NOLOAD;
# endif
# ifdef RTLD_NODELETE
	flags |= RTLD_NODELETE;
# endif
	if (dladdr((void *) &smtpdiag_module_entry, &self) == 0 || self.dli_fname == NULL) {
		return 0;
	}
	return dlopen(self.dli_fname, flags) != NULL;
#else
	return 1; /* built into PHP, or Windows (no resolver threads): never unloaded under a thread */
#endif
}

static PHP_MSHUTDOWN_FUNCTION(smtpdiag)
{
	/* A name lookup runs on a detached thread so that it never holds a probe past its deadline; it may
	 * still be inside getaddrinfo() now, and will return into this module's code whenever the resolver
	 * gives up (minutes, for some). A finished one still runs its last instructions here. Once any has
	 * started, the module stays loaded rather than wait: PHP's dlclose() then leaves its code in place,
	 * and the process exits (or a web server restarts) without delay. */
	if (sd_net_resolvers_started() > 0 && !smtpdiag_stay_loaded()) {
		sd_net_shutdown(2000); /* cannot stay loaded: the old bounded wait is all that is left */
	}
	sd_castore_shutdown();
	if (smtpdiag_observing && zend_throw_exception_hook == smtpdiag_throw_hook) {
		zend_throw_exception_hook = smtpdiag_prev_throw_hook;
	}
	UNREGISTER_INI_ENTRIES();
	return SUCCESS;
}

static PHP_MINFO_FUNCTION(smtpdiag)
{
	sd_env env;
	sd_env_result res;
	const sd_finding *first;
	char verdict[SD_MSG_MAX + 64];

	sd_env_gather(&env, NULL, NULL);
	sd_env_rules(&env.facts, &res);
	first = sd_findings_first_error(&res.findings);
	if (first) {
		snprintf(verdict, sizeof(verdict), "%s: %s", sd_code_name(first->code), first->message);
	} else {
		snprintf(verdict, sizeof(verdict), "ok%s", res.findings.count ? " (with warnings)" : "");
	}

	php_info_print_table_start();
	php_info_print_table_row(2, "smtpdiag support", "enabled");
	php_info_print_table_row(2, "Version", PHP_SMTPDIAG_VERSION);
	php_info_print_table_row(2, "OpenSSL compiled against", OPENSSL_VERSION_TEXT);
	php_info_print_table_row(2, "OpenSSL runtime", OpenSSL_version(OPENSSL_VERSION));
	php_info_print_table_row(2, "PHP openssl extension",
		env.facts.openssl_extension_version ? env.facts.openssl_extension_version : "not loaded");
	php_info_print_table_row(2, "Environment verdict", verdict);
	php_info_print_table_row(2, "Explaining PHPMailer's failures",
		!smtpdiag_observing ? "off (no hook installed)"
		: SMTPDIAG_G(explain) == SD_EXPLAIN_FULL ? "full (error log, SMTPDebug output, ErrorInfo, exception, smtpdiag_last_failure())"
		: SMTPDIAG_G(explain) == SD_EXPLAIN_LOG ? "log (error log, SMTPDebug output)" : "off");
	php_info_print_table_end();
	sd_env_release(&env);

	DISPLAY_INI_ENTRIES();
}

zend_module_entry smtpdiag_module_entry = {
	STANDARD_MODULE_HEADER,
	"smtpdiag",
	ext_functions,
	PHP_MINIT(smtpdiag),
	PHP_MSHUTDOWN(smtpdiag),
	NULL,
	PHP_RSHUTDOWN(smtpdiag),
	PHP_MINFO(smtpdiag),
	PHP_SMTPDIAG_VERSION,
	PHP_MODULE_GLOBALS(smtpdiag),
	PHP_GINIT(smtpdiag),
	PHP_GSHUTDOWN(smtpdiag),
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_SMTPDIAG
# ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
# endif
ZEND_GET_MODULE(smtpdiag)
#endif
