/* smtpdiag: smtpdiag_scan()'s arguments. The scan itself is the engine's (src/engine/sd_scanner.h);
 * its report is built in src/php/sd_report.c. */
#ifndef SD_SCAN_H
#define SD_SCAN_H

#include "php.h"
#include "src/php/sd_api.h"

/* Builds the scan report for host into rv, with the module's settings (borrowed). options may be NULL:
 * the probe options plus "ports" (a list of 1 to 16 ports; default 587, 465, 25, 2525). Throws and
 * returns FAILURE on a bad argument, and when the scan could not allocate its state (an Error). */
zend_result sd_scan_run(zval *rv, const sd_settings *settings, zend_string *host, HashTable *options);

#endif
