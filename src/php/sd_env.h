/* smtpdiag: gathers the environment facts of this PHP process: what only PHP knows (its build and SAPI,
 * the openssl extension and its stream transports, disabled functions, the CA settings in php.ini) here,
 * and the operating system's facts (CA store, SELinux, routes, DMI) through the engine's
 * src/engine/sd_sysfacts.h. Touches PHP's registries but builds no zvals. */
#ifndef SD_ENV_H
#define SD_ENV_H

#include "php.h"
#include "src/engine/sd_envrules.h"
#include "src/engine/sd_sysfacts.h"

typedef struct {
	sd_env_facts facts;               /* strings point into the buffers below or into PHP */
	double ms[SD_ENV_CHECK_COUNT];    /* time spent gathering each check's facts */
	double elapsed_ms;
	sd_sysfacts_text os;              /* what the operating system's facts point into */
	char openssl_extension_version[128];
	const char *openssl_built_with;   /* OpenSSL headers smtpdiag was compiled against; static */
	zend_string *disable_functions;   /* the ini value as set, owned; NULL when empty */
} sd_env;

/* Fills env with this process's facts. cafile/capath (may be NULL) replace PHP's own CA settings, as
 * the ssl context options of the same name do. Call sd_env_release() afterwards. */
void sd_env_gather(sd_env *env, const char *cafile, const char *capath);

/* The value of ini entry name when it exists and is not empty, else NULL. Borrowed from PHP. */
const char *sd_env_ini_text(const char *name);

/* Whether open_basedir is set and path (may be NULL) is outside it, as PHP's file functions check it
 * (php_check_open_basedir_ex(), no warning). */
int sd_env_path_denied(const char *path);

/* Frees what sd_env_gather() allocated. */
void sd_env_release(sd_env *env);

#endif
