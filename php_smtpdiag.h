/* smtpdiag: find out why PHPMailer cannot reach its SMTP server, from inside the same PHP process. */
#ifndef PHP_SMTPDIAG_H
#define PHP_SMTPDIAG_H

extern zend_module_entry smtpdiag_module_entry;
#define phpext_smtpdiag_ptr &smtpdiag_module_entry

#define PHP_SMTPDIAG_VERSION "0.1.0"

#if defined(ZTS) && defined(COMPILE_DL_SMTPDIAG)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

/* Settings from php.ini, bound to typed globals by their update handlers. */
ZEND_BEGIN_MODULE_GLOBALS(smtpdiag)
	double timeout;  /* smtpdiag.timeout: default probe deadline in seconds */
	char *helo;      /* smtpdiag.helo: name sent in EHLO; empty means the machine's host name */
	zend_long cache_ttl;        /* smtpdiag.cache_ttl: seconds a smtpdiag_phpmailer() report is reused */
	HashTable *cache;           /* reports kept across requests (persistent memory) */
	HashTable *request_cache;   /* the same, ready as arrays, for this request */
ZEND_END_MODULE_GLOBALS(smtpdiag)

ZEND_EXTERN_MODULE_GLOBALS(smtpdiag)
#define SMTPDIAG_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(smtpdiag, v)

#endif
