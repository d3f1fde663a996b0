/* smtpdiag: smtpdiag_phpmailer(). Reads a configured PHPMailer object as PHPMailer reads itself,
 * probes its Host entries in PHPMailer's order, and builds the report. */
#ifndef SD_HOOK_H
#define SD_HOOK_H

#include "php.h"

/* Builds the report for mailer into rv. options may be NULL. Throws (TypeError/ValueError naming the
 * argument) and returns FAILURE for a mailer that is not a PHPMailer or a bad option. */
zend_result sd_hook_run(zval *rv, zend_object *mailer, HashTable *options);

#endif
