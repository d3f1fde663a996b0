/* smtpdiag: the port scan (see sd_scan.h). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"

#include "src/engine/sd_clock.h"
#include "src/engine/sd_scanner.h"
#include "src/php/sd_api.h"
#include "src/php/sd_env.h"
#include "src/php/sd_report.h"
#include "src/php/sd_scan.h"

static const char *const scan_keys[] = { "ports", NULL };

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

zend_result sd_scan_run(zval *rv, const sd_settings *settings, zend_string *host, HashTable *options)
{
	sd_scan_opts so;
	sd_scan_result res;
	sd_api_env env;
	char helo_buf[256];

	memset(&so, 0, sizeof(so));
	so.start_ms = sd_clock_ms();
	if (scan_ports(options, so.ports, &so.nports) == FAILURE) {
		return FAILURE;
	}
	if (sd_api_probe_options(settings, options, 2, 0, &so.probe, helo_buf, sizeof(helo_buf), scan_keys) == FAILURE) {
		return FAILURE;
	}
	so.probe.host = ZSTR_VAL(host);
	so.probe.host_len = ZSTR_LEN(host);
	so.probe.sniff_after_ms = 1000.0;
	so.probe.no_localhost_autotls = 1;
#ifdef _WIN32
	so.in_turn = 1;
#endif
	/* One look at the environment serves every port's probe and report. */
	sd_api_env_begin(&so.probe, &env);
	/* The engine's probe threads borrow so, env, helo_buf and the options' strings until it returns,
	 * and it returns only after joining them: nothing of PHP runs meanwhile (no allocation that a
	 * memory_limit could stop, no bailout out of this frame). */
	sd_scanner_run(&so, &res);
	if (res.out_of_memory) {
		zend_throw_error(NULL, "smtpdiag: out of memory: the scan could not allocate its state");
	} else {
		sd_report_scan(rv, host, &res, &env.env);
	}
	sd_scanner_free(&res);
	sd_api_env_end(&so.probe, &env);
	return res.out_of_memory ? FAILURE : SUCCESS;
}
