/* smtpdiag: options arrays to C options, and probe runs to report arrays (see sd_api.c). */
#ifndef SD_API_H
#define SD_API_H

#include "php.h"
#include "src/php/sd_env.h"
#include "src/php/sd_cache.h"
#include "src/engine/sd_probe.h"

/* The module's settings (its php.ini entries), read once per call by the module and handed down to
 * this layer's functions: nothing under src/ reads the module's globals. */
typedef struct {
	double timeout;               /* smtpdiag.timeout: the default deadline, in seconds */
	char helo[256];               /* smtpdiag.helo, copied (a callback may change the ini value during a
	                                 call): the EHLO name; "" for this machine's name */
	zend_long cache_ttl;          /* smtpdiag.cache_ttl: seconds a hook report is reused; 0: off */
	sd_cache *cache;              /* the module's report cache */
} sd_settings;

/* This machine's name (gethostname()), copied into buf (capacity len); NULL when it has none. Asked
 * of the system at most once a second per thread: a cached smtpdiag_phpmailer() call needs it (PHPMailer's
 * default Helo), and three system calls would cost more than the rest of such a call. */
const char *sd_api_machine_name(char *buf, size_t len);

/* Throws a ValueError naming the first key of options not in allowed (NULL-terminated). */
zend_result sd_api_options_known(HashTable *options, uint32_t arg_num, const char *const *allowed);

/* Reads an optional string option (TypeError naming the key otherwise; ValueError for NUL bytes).
 * *out is borrowed from the array, NULL when absent or null. */
zend_result sd_api_option_string(HashTable *options, uint32_t arg_num, const char *key, const char **out);

/* Fills o from the probe options array (may be NULL) and port (0: the mode's default), applying the
 * defaults of DESIGN.md and the settings' timeout and helo. extra (NULL-terminated, may be NULL) lists
 * further keys the caller handles itself. Strings in o are borrowed from options, settings or helo_buf.
 * Throws and returns FAILURE on a bad key or value. */
zend_result sd_api_probe_options(const sd_settings *settings, HashTable *options, uint32_t arg_num, int port,
	sd_probe_opts *o, char *helo_buf, size_t helo_len, const char *const *extra);

typedef struct {
	sd_env env;
	sd_env_result result;
	int ca_from_ini;
} sd_api_env;

/* Gathers the environment into e and points opts at it; opts' CA paths become PHP's own (php.ini)
 * when the caller gave none. sd_api_env_end releases e and undoes both. */
void sd_api_env_begin(sd_probe_opts *opts, sd_api_env *e);
void sd_api_env_end(sd_probe_opts *opts, sd_api_env *e);

/* Gathers the environment, runs the probe described by opts and builds its report into rv. */
void sd_api_probe_array(zval *rv, sd_probe_opts *opts);

#endif
