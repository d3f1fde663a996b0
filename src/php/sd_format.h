/* smtpdiag: smtpdiag_format(): a report as a person reads it, or as stable JSON. */
#ifndef SD_FORMAT_H
#define SD_FORMAT_H

#include "php.h"

/* Throws a ValueError naming argument arg_num unless report has the keys every report has: "verdict"
 * (string), "ok" (bool) and "summary" (string). */
zend_result sd_format_check(HashTable *report, uint32_t arg_num);

/* Renders report (a report array of any smtpdiag function) as text. Every string taken from the
 * report is escaped again, so nothing in it can drive a terminal. Returns a new string. */
zend_string *sd_format_text(HashTable *report);

/* Renders report as pretty-printed JSON (slashes unescaped; non-ASCII as \u escapes, so no control
 * character reaches a terminal; invalid UTF-8 substituted). A value JSON cannot hold (a reference
 * cycle, a resource, INF or NAN, nesting deeper than 512) is a ValueError naming argument arg_num;
 * an exception of the value's own (JsonSerializable) passes through. json_last_error() is left as it
 * was. Returns a new string, or NULL after throwing. */
zend_string *sd_format_json(zval *report, uint32_t arg_num);

#endif
