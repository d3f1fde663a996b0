/* smtpdiag: the report cache of smtpdiag_phpmailer(). Per process (per thread under ZTS), bounded,
 * entries live smtpdiag.cache_ttl seconds. Two levels: a persistent store that outlives requests (so a
 * php-fpm worker probes once per TTL, not once per mail), holding serialized reports, and a
 * per-request table of ready arrays, so repeated calls within a request cost a lookup. The module
 * keeps the sd_cache in its globals and hands a pointer to it down (sd_settings.cache). */
#ifndef SD_CACHE_H
#define SD_CACHE_H

#include "php.h"

#define SD_CACHE_MAX_ENTRIES 64

typedef struct {
	HashTable *store;     /* serialized reports kept across requests (persistent memory), or NULL */
	HashTable *request;   /* the same, ready as arrays, for this request; NULL until first used */
} sd_cache;

/* When key (borrowed) has a live entry in c, puts a copy of the report, marked 'cached' => true, into
 * rv and returns 1; else returns 0 and leaves rv alone. */
int sd_cache_get(sd_cache *c, zend_string *key, zval *rv);

/* Stores report (borrowed; an array) under key (borrowed) for ttl seconds (0 or less: not stored). */
void sd_cache_put(sd_cache *c, zend_long ttl, zend_string *key, zval *report);

/* Module globals life cycle: create and destroy the persistent store; free the request table. */
void sd_cache_ginit(sd_cache *c);
void sd_cache_gshutdown(sd_cache *c);
void sd_cache_rshutdown(sd_cache *c);

#endif
