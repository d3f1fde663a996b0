/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: aeb41c2a502301169b5f7f017e9d760c88af35d2 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_smtpdiag_environment, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()


ZEND_FUNCTION(smtpdiag_environment);


static const zend_function_entry ext_functions[] = {
	ZEND_FE(smtpdiag_environment, arginfo_smtpdiag_environment)
	ZEND_FE_END
};
