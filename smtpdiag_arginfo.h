/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 062eccee95632f16695912af724c65720c3dccda */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_smtpdiag_environment, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_smtpdiag_probe, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, host, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, port, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_smtpdiag_phpmailer, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, mailer, IS_OBJECT, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_smtpdiag_format, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, report, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, format, IS_STRING, 0, "\"text\"")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_smtpdiag_scan, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, host, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_smtpdiag_dsn, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, dsn, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_smtpdiag_last_failure, 0, 0, IS_ARRAY, 1)
ZEND_END_ARG_INFO()


ZEND_FUNCTION(smtpdiag_environment);
ZEND_FUNCTION(smtpdiag_probe);
ZEND_FUNCTION(smtpdiag_phpmailer);
ZEND_FUNCTION(smtpdiag_format);
ZEND_FUNCTION(smtpdiag_scan);
ZEND_FUNCTION(smtpdiag_dsn);
ZEND_FUNCTION(smtpdiag_last_failure);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(smtpdiag_environment, arginfo_smtpdiag_environment)
	ZEND_FE(smtpdiag_probe, arginfo_smtpdiag_probe)
	ZEND_FE(smtpdiag_phpmailer, arginfo_smtpdiag_phpmailer)
	ZEND_FE(smtpdiag_format, arginfo_smtpdiag_format)
	ZEND_FE(smtpdiag_scan, arginfo_smtpdiag_scan)
	ZEND_FE(smtpdiag_dsn, arginfo_smtpdiag_dsn)
	ZEND_FE(smtpdiag_last_failure, arginfo_smtpdiag_last_failure)
	ZEND_FE_END
};

static void register_smtpdiag_symbols(int module_number)
{

#if (PHP_VERSION_ID >= 80200)
	zend_add_parameter_attribute(zend_hash_str_find_ptr(CG(function_table), "smtpdiag_dsn", sizeof("smtpdiag_dsn") - 1), 0, ZSTR_KNOWN(ZEND_STR_SENSITIVEPARAMETER), 0);
#endif
}
