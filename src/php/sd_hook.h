/* smtpdiag: smtpdiag_phpmailer(). Reads a configured PHPMailer object as PHPMailer reads itself,
 * probes its Host entries in PHPMailer's order, and builds the report. */
#ifndef SD_HOOK_H
#define SD_HOOK_H

#include "php.h"
#include "src/php/sd_api.h"

/* Builds the report for mailer into rv, with the module's settings (borrowed; the cache is used when
 * its ttl is above 0). options may be NULL. Throws (TypeError/ValueError naming the argument) and returns
 * FAILURE for a mailer that is not a PHPMailer or a bad option. */
zend_result sd_hook_run(zval *rv, const sd_settings *settings, zend_object *mailer, HashTable *options);

#endif
