/* smtpdiag: find out why PHPMailer cannot reach its SMTP server, from inside the same PHP process. */
#ifndef PHP_SMTPDIAG_H
#define PHP_SMTPDIAG_H

extern zend_module_entry smtpdiag_module_entry;
#define phpext_smtpdiag_ptr &smtpdiag_module_entry

#define PHP_SMTPDIAG_VERSION "0.1.0"

#if defined(ZTS) && defined(COMPILE_DL_SMTPDIAG)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#include "src/php/sd_cache.h"
#include "src/php/sd_observe.h"

/* Settings from php.ini, bound to typed globals by their update handlers, and the report cache. Only
 * this module reads them: it hands them to src/php as an sd_settings (src/php/sd_api.h). */
ZEND_BEGIN_MODULE_GLOBALS(smtpdiag)
	double timeout;  /* smtpdiag.timeout: default probe deadline in seconds */
	char *helo;      /* smtpdiag.helo: name sent in EHLO; empty means the machine's host name */
	zend_long cache_ttl;        /* smtpdiag.cache_ttl: seconds a smtpdiag_phpmailer() report is reused */
	sd_cache cache;             /* reports kept across requests, and this request's ready arrays */
	zend_long explain;          /* smtpdiag.explain: SD_EXPLAIN_OFF, _LOG or _FULL */
	double explain_timeout;     /* smtpdiag.explain_timeout: seconds an explanation may add */
	sd_observe observe;         /* the explanations' state */
ZEND_END_MODULE_GLOBALS(smtpdiag)

ZEND_EXTERN_MODULE_GLOBALS(smtpdiag)
#define SMTPDIAG_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(smtpdiag, v)

#endif
