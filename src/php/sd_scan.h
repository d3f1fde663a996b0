/* smtpdiag: smtpdiag_scan(). Which submission ports and modes work from here, found at once: every
 * port's TCP connect runs concurrently in one poll() loop under one deadline, and each port that answers
 * is probed in its natural mode while the others are still pending. */
#ifndef SD_SCAN_H
#define SD_SCAN_H

#include "php.h"
#include "src/php/sd_api.h"

#define SD_SCAN_MAX_PORTS 16

/* Builds the scan report for host into rv, with the module's settings (borrowed). options may be NULL:
 * the probe options plus "ports" (a list of 1 to 16 ports; default 587, 465, 25, 2525). Throws and
 * returns FAILURE on a bad argument. */
zend_result sd_scan_run(zval *rv, const sd_settings *settings, zend_string *host, HashTable *options);

#endif
