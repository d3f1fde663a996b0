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
