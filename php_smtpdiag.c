/* smtpdiag: the PHP module. Thin glue: arguments in, C structs to the engine in src/, arrays out. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "ext/standard/info.h"

#include <openssl/opensslv.h>
#include <openssl/crypto.h>

#include "php_smtpdiag.h"
#include "smtpdiag_arginfo.h"
#include "src/sd_env.h"
#include "src/sd_envrules.h"
#include "src/sd_report.h"
#include "src/sd_probe.h"
#include "src/sd_net.h"

#ifdef _WIN32
# include <winsock2.h>
# include <ws2tcpip.h>
#else
# include <unistd.h>
# include <arpa/inet.h>
# include <netinet/in.h>
#endif

ZEND_DECLARE_MODULE_GLOBALS(smtpdiag)

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

	for (p = (const unsigned char *) ZSTR_VAL(new_value); *p; p++) {
		if (*p <= ' ' || *p >= 0x7f) {
			php_error_docref(NULL, E_WARNING,
				"smtpdiag.helo must be a host name without spaces or control characters");
			return FAILURE;
		}
	}
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

PHP_INI_BEGIN()
	STD_PHP_INI_ENTRY("smtpdiag.timeout", "10", PHP_INI_ALL, OnUpdateSmtpdiagTimeout, timeout,
		zend_smtpdiag_globals, smtpdiag_globals)
	STD_PHP_INI_ENTRY("smtpdiag.helo", "", PHP_INI_ALL, OnUpdateSmtpdiagHelo, helo,
		zend_smtpdiag_globals, smtpdiag_globals)
PHP_INI_END()
/* }}} */

/* {{{ options */

/* Reads an optional string option; a wrong type is a TypeError naming the key. Returns FAILURE after
 * throwing. *out is borrowed from the array (NULL when the key is absent or null). */
static zend_result option_string(HashTable *options, uint32_t arg_num, const char *key, const char **out)
{
	zval *v = zend_hash_str_find_deref(options, key, strlen(key));

	*out = NULL;
	if (v == NULL || Z_TYPE_P(v) == IS_NULL) {
		return SUCCESS;
	}
	if (Z_TYPE_P(v) != IS_STRING) {
		zend_argument_type_error(arg_num, "option \"%s\" must be of type string, %s given", key,
			zend_zval_type_name(v));
		return FAILURE;
	}
	if (Z_STRLEN_P(v) != strlen(Z_STRVAL_P(v))) {
		zend_argument_value_error(arg_num, "option \"%s\" must not contain any null bytes", key);
		return FAILURE;
	}
	*out = Z_STRVAL_P(v);
	return SUCCESS;
}

/* Throws a ValueError for the first key of options that is not in allowed (NULL-terminated). */
static zend_result options_known(HashTable *options, uint32_t arg_num, const char *const *allowed)
{
	zend_string *key;
	zend_ulong idx;

	ZEND_HASH_FOREACH_KEY(options, idx, key) {
		const char *const *a;

		if (key == NULL) {
			zend_argument_value_error(arg_num, "must be an array with string keys, index " ZEND_ULONG_FMT
				" given", idx);
			return FAILURE;
		}
		for (a = allowed; *a; a++) {
			if (zend_string_equals_cstr(key, *a, strlen(*a))) {
				break;
			}
		}
		if (*a == NULL) {
			zend_argument_value_error(arg_num, "contains unknown option \"%s\"", ZSTR_VAL(key));
			return FAILURE;
		}
	} ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

/* Reads an optional bool option; anything but a bool is a TypeError naming the key. */
static zend_result option_bool(HashTable *options, uint32_t arg_num, const char *key, int *out)
{
	zval *v = zend_hash_str_find_deref(options, key, strlen(key));

	if (v == NULL || Z_TYPE_P(v) == IS_NULL) {
		return SUCCESS;
	}
	if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
		zend_argument_type_error(arg_num, "option \"%s\" must be of type bool, %s given", key,
			zend_zval_type_name(v));
		return FAILURE;
	}
	*out = Z_TYPE_P(v) == IS_TRUE;
	return SUCCESS;
}

/* PHPMailer's SMTPSecure values are accepted beside the mode names. */
static zend_result parse_security(const char *s, sd_security *out)
{
	static const struct { const char *name; sd_security mode; } modes[] = {
		{ "auto", SD_SEC_AUTO }, { "", SD_SEC_AUTO }, { "none", SD_SEC_NONE },
		{ "starttls", SD_SEC_STARTTLS }, { "tls", SD_SEC_STARTTLS },
		{ "smtps", SD_SEC_SMTPS }, { "ssl", SD_SEC_SMTPS },
	};
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(s, modes[i].name) == 0) {
			*out = modes[i].mode;
			return SUCCESS;
		}
	}
	return FAILURE;
}

static int valid_helo(const char *s)
{
	const unsigned char *p = (const unsigned char *) s;

	if (*p == '\0' || strlen(s) > 255) {
		return 0;
	}
	for (; *p; p++) {
		if (*p <= ' ' || *p >= 0x7f) {
			return 0;
		}
	}
	return 1;
}

/* The EHLO name: smtpdiag.helo, else this machine's name (as PHPMailer's serverHostname() ends up
 * with on the command line), else the name PHPMailer falls back to. */
static const char *default_helo(char *buf, size_t len)
{
	if (SMTPDIAG_G(helo) && SMTPDIAG_G(helo)[0]) {
		return SMTPDIAG_G(helo);
	}
	if (gethostname(buf, len) == 0) {
		buf[len - 1] = '\0';
		if (valid_helo(buf) && strchr(buf, '_') == NULL) {
			return buf;
		}
	}
	return "localhost.localdomain";
}

/* Turns the options array of smtpdiag_probe() into opts. Throws and returns FAILURE on a bad key or
 * value. Strings in opts are borrowed from the array. */
static zend_result probe_options(HashTable *options, uint32_t arg_num, int port, sd_probe_opts *o,
	char *helo_buf, size_t helo_len)
{
	static const char *const allowed[] = {
		"security", "timeout", "helo", "verify_peer", "verify_peer_name", "allow_self_signed", "cafile",
		"capath", "peer_name", "connect_to", "ip_version", NULL
	};
	const char *security = NULL, *helo = NULL;
	zval *v;

	o->security = port == 465 ? SD_SEC_SMTPS : SD_SEC_AUTO;
	o->timeout_ms = SMTPDIAG_G(timeout) * 1000.0;
	o->verify_peer = 1;
	o->verify_peer_name = 1;
	o->allow_self_signed = 0;
	o->sniff_after_ms = 1000.0;

	if (options) {
		if (options_known(options, arg_num, allowed) == FAILURE
				|| option_string(options, arg_num, "security", &security) == FAILURE
				|| option_string(options, arg_num, "helo", &helo) == FAILURE
				|| option_string(options, arg_num, "cafile", &o->cafile) == FAILURE
				|| option_string(options, arg_num, "capath", &o->capath) == FAILURE
				|| option_string(options, arg_num, "peer_name", &o->peer_name) == FAILURE
				|| option_string(options, arg_num, "connect_to", &o->connect_to) == FAILURE
				|| option_bool(options, arg_num, "verify_peer", &o->verify_peer) == FAILURE
				|| option_bool(options, arg_num, "verify_peer_name", &o->verify_peer_name) == FAILURE
				|| option_bool(options, arg_num, "allow_self_signed", &o->allow_self_signed) == FAILURE) {
			return FAILURE;
		}
		if (security && parse_security(security, &o->security) == FAILURE) {
			zend_argument_value_error(arg_num, "option \"security\" must be one of \"auto\", \"none\", "
				"\"starttls\", \"smtps\" (or PHPMailer's \"\", \"tls\", \"ssl\"), \"%s\" given", security);
			return FAILURE;
		}
		if (helo && !valid_helo(helo)) {
			zend_argument_value_error(arg_num, "option \"helo\" must be a host name without spaces or "
				"control characters");
			return FAILURE;
		}
		if ((v = zend_hash_str_find_deref(options, "timeout", sizeof("timeout") - 1)) && Z_TYPE_P(v) != IS_NULL) {
			double t;
			if (Z_TYPE_P(v) == IS_LONG) {
				t = (double) Z_LVAL_P(v);
			} else if (Z_TYPE_P(v) == IS_DOUBLE) {
				t = Z_DVAL_P(v);
			} else {
				zend_argument_type_error(arg_num, "option \"timeout\" must be of type float, %s given",
					zend_zval_type_name(v));
				return FAILURE;
			}
			if (!(t > 0.0) || t > 3600.0) {
				zend_argument_value_error(arg_num, "option \"timeout\" must be greater than 0 and at most 3600");
				return FAILURE;
			}
			o->timeout_ms = t * 1000.0;
		}
		if ((v = zend_hash_str_find_deref(options, "ip_version", sizeof("ip_version") - 1)) && Z_TYPE_P(v) != IS_NULL) {
			if (Z_TYPE_P(v) != IS_LONG) {
				zend_argument_type_error(arg_num, "option \"ip_version\" must be of type int, %s given",
					zend_zval_type_name(v));
				return FAILURE;
			}
			if (Z_LVAL_P(v) != 0 && Z_LVAL_P(v) != 4 && Z_LVAL_P(v) != 6) {
				zend_argument_value_error(arg_num, "option \"ip_version\" must be 0, 4 or 6");
				return FAILURE;
			}
			o->ip_version = (int) Z_LVAL_P(v);
		}
		if (o->connect_to) {
			unsigned char buf[sizeof(struct in6_addr)];
			if (inet_pton(AF_INET, o->connect_to, buf) != 1 && inet_pton(AF_INET6, o->connect_to, buf) != 1) {
				zend_argument_value_error(arg_num, "option \"connect_to\" must be an IPv4 or IPv6 address, "
					"\"%s\" given", o->connect_to);
				return FAILURE;
			}
		}
	}
	if (o->cafile == NULL && o->capath == NULL) {
		/* What PHP's TLS falls back to when the context sets no CA. */
		o->cafile = sd_env_ini_text("openssl.cafile");
		o->capath = sd_env_ini_text("openssl.capath");
	}
	o->helo = helo ? helo : default_helo(helo_buf, helo_len);
	return SUCCESS;
}
/* }}} */

/* {{{ smtpdiag_probe(string $host, int $port = 0, array $options = []): array */
PHP_FUNCTION(smtpdiag_probe)
{
	zend_string *host;
	zend_long port = 0;
	HashTable *options = NULL;
	sd_probe_opts opts;
	sd_probe_result *res;
	sd_env env;
	sd_env_result env_res;
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
	if (probe_options(options, 3, (int) port, &opts, helo_buf, sizeof(helo_buf)) == FAILURE) {
		RETURN_THROWS();
	}
	opts.host = ZSTR_VAL(host);
	opts.host_len = ZSTR_LEN(host);
	opts.port = (int) port;

	sd_env_gather(&env, opts.cafile, opts.capath);
	sd_env_rules(&env.facts, &env_res);
	opts.env = &env.facts;
	opts.env_result = &env_res;
	opts.openssl_extension = env.facts.openssl_extension && env.facts.openssl_constant;

	res = emalloc(sizeof(*res));
	sd_probe_run(&opts, res);
	sd_report_probe(return_value, res, &env);
	efree(res);
	sd_env_release(&env);
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
		if (options_known(options, 1, allowed) == FAILURE
				|| option_string(options, 1, "cafile", &cafile) == FAILURE
				|| option_string(options, 1, "capath", &capath) == FAILURE) {
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
}

static PHP_MINIT_FUNCTION(smtpdiag)
{
	REGISTER_INI_ENTRIES();
	return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(smtpdiag)
{
	/* Name lookups that outlived their probe's deadline share memory with this module: give them a
	 * moment to finish before the code they run is unloaded. */
	sd_net_shutdown(2000);
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
		snprintf(verdict, sizeof(verdict), "%s: %s", first->code, first->message);
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
	NULL,
	PHP_MINFO(smtpdiag),
	PHP_SMTPDIAG_VERSION,
	PHP_MODULE_GLOBALS(smtpdiag),
	PHP_GINIT(smtpdiag),
	NULL,
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_SMTPDIAG
# ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
# endif
ZEND_GET_MODULE(smtpdiag)
#endif
