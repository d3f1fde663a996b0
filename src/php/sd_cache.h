/* smtpdiag: the report cache of smtpdiag_phpmailer(). Per process (per thread under ZTS), bounded,
 * entries live smtpdiag.cache_ttl seconds. Two levels: a persistent store that outlives requests (so a
 * php-fpm worker probes once per TTL, not once per mail), holding serialized reports, and a
 * per-request table of ready arrays, so repeated calls within a request cost a lookup. */
#ifndef SD_CACHE_H
#define SD_CACHE_H

#include "php.h"

#define SD_CACHE_MAX_ENTRIES 64

/* When key (borrowed) has a live entry, puts a copy of the report, marked 'cached' => true, into rv
 * and returns 1; else returns 0 and leaves rv alone. */
int sd_cache_get(zend_string *key, zval *rv);

/* Stores report (borrowed; an array) under key (borrowed) for smtpdiag.cache_ttl seconds. */
void sd_cache_put(zend_string *key, zval *report);

/* Module globals life cycle: create and destroy the persistent store; free the request table. */
void sd_cache_ginit(HashTable **store);
void sd_cache_gshutdown(HashTable **store);
void sd_cache_rshutdown(void);

#endif
