/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 7795130f41163fc4a152426c10c051fcca1fb1d7 */

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

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_smtpdiag_last_failure, 0, 0, IS_ARRAY, 1)
ZEND_END_ARG_INFO()


ZEND_FUNCTION(smtpdiag_environment);
ZEND_FUNCTION(smtpdiag_probe);
ZEND_FUNCTION(smtpdiag_phpmailer);
ZEND_FUNCTION(smtpdiag_format);
ZEND_FUNCTION(smtpdiag_scan);
ZEND_FUNCTION(smtpdiag_last_failure);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(smtpdiag_environment, arginfo_smtpdiag_environment)
	ZEND_FE(smtpdiag_probe, arginfo_smtpdiag_probe)
	ZEND_FE(smtpdiag_phpmailer, arginfo_smtpdiag_phpmailer)
	ZEND_FE(smtpdiag_format, arginfo_smtpdiag_format)
	ZEND_FE(smtpdiag_scan, arginfo_smtpdiag_scan)
	ZEND_FE(smtpdiag_last_failure, arginfo_smtpdiag_last_failure)
	ZEND_FE_END
};
