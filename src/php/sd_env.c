/* smtpdiag: environment facts (see sd_env.h). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "SAPI.h"
#include "Zend/zend_constants.h"
#include "Zend/zend_ini.h"

#include <stdio.h>
#include <string.h>

#include "src/engine/sd_clock.h"
#include "src/engine/sd_sysfacts.h"
#include "src/engine/sd_tls.h"
#include "src/php/sd_env.h"

static int has_function(const char *name)
{
	return zend_hash_str_find_ptr(CG(function_table), name, strlen(name)) != NULL;
}

const char *sd_env_ini_text(const char *name)
{
	zend_bool exists = 0;
	const char *v = zend_ini_string_ex((char *) name, strlen(name), 0, &exists);

	return exists && v != NULL && v[0] != '\0' ? v : NULL;
}

/* PHP's build and SAPI. */
static void gather_php(sd_env *env)
{
	env->facts.php_version = PHP_VERSION;
	env->facts.sapi = sapi_module.name;
}

/* PHP's openssl extension, its constant and its stream transports. */
static void gather_openssl_extension(sd_env *env)
{
	sd_env_facts *f = &env->facts;
	HashTable *xports;
	zval *c;

	f->openssl_extension = zend_hash_str_exists(&module_registry, "openssl", sizeof("openssl") - 1);
	f->openssl_constant = zend_get_constant_str("OPENSSL_ALGO_SHA256", sizeof("OPENSSL_ALGO_SHA256") - 1) != NULL;
	xports = php_stream_xport_get_hash();
	f->transport_ssl = xports && zend_hash_str_exists(xports, "ssl", 3);
	f->transport_tls = xports && zend_hash_str_exists(xports, "tls", 3);
	c = zend_get_constant_str("OPENSSL_VERSION_TEXT", sizeof("OPENSSL_VERSION_TEXT") - 1);
	if (c != NULL && Z_TYPE_P(c) == IS_STRING) {
		snprintf(env->openssl_extension_version, sizeof(env->openssl_extension_version), "%s", Z_STRVAL_P(c));
		f->openssl_extension_version = env->openssl_extension_version;
	}
}

int sd_env_path_denied(const char *path)
{
	return path != NULL && path[0] != '\0' && PG(open_basedir) != NULL && PG(open_basedir)[0] != '\0'
		&& php_check_open_basedir_ex(path, 0) != 0;
}

/* A caller's CA path outside open_basedir: nothing about it is reported (a confined script must not learn
 * whether a path exists or is readable through smtpdiag), and the CA store counts as unusable. */
static void deny_ca(sd_ca_location *loc, int *denied)
{
	loc->exists = 0;
	loc->readable = 0;
	loc->count = 0;
	*denied = 1;
}

/* The CA store: the caller's options and php.ini's settings are PHP's; the engine chooses and looks. A
 * caller's path outside open_basedir is not given to the engine to look at. */
static void gather_ca(sd_env *env, const sd_sysfacts_paths *paths, const char *cafile, const char *capath)
{
	sd_sysfacts_ca_settings s;
	int file_denied = sd_env_path_denied(cafile), dir_denied = sd_env_path_denied(capath);

	/* a denied path stands in as "/" (nothing of the caller's is looked at), then its facts are replaced */
	s.option_cafile = file_denied ? "/" : cafile;
	s.option_capath = dir_denied ? "/" : capath;
	s.ini_cafile = sd_env_ini_text("openssl.cafile");
	s.ini_capath = sd_env_ini_text("openssl.capath");
	sd_sysfacts_ca(paths, &s, &env->facts, &env->os);
	if (file_denied) {
		snprintf(env->os.cafile, sizeof(env->os.cafile), "%s", cafile);
		env->facts.cafile.path = env->os.cafile;
		deny_ca(&env->facts.cafile, &env->facts.cafile_denied);
	}
	if (dir_denied) {
		snprintf(env->os.capath, sizeof(env->os.capath), "%s", capath);
		env->facts.capath.path = env->os.capath;
		deny_ca(&env->facts.capath, &env->facts.capath_denied);
	}
}

/* The socket functions PHPMailer needs, and disable_functions as set. */
static void gather_functions(sd_env *env)
{
	sd_env_facts *f = &env->facts;
	const char *disabled;

	f->fn_stream_socket_client = has_function("stream_socket_client");
	f->fn_fsockopen = has_function("fsockopen");
	f->fn_stream_socket_enable_crypto = has_function("stream_socket_enable_crypto");
	disabled = sd_env_ini_text("disable_functions");
	env->disable_functions = disabled ? zend_string_init(disabled, strlen(disabled), 0) : NULL;
}

void sd_env_gather(sd_env *env, const char *cafile, const char *capath)
{
	sd_sysfacts_paths paths;
	double start = sd_clock_ms(), t;

	memset(env, 0, sizeof(*env));
	sd_sysfacts_default_paths(&paths);

	t = sd_clock_ms();
	gather_php(env);
	env->ms[SD_ENV_CHECK_PHP] = sd_clock_ms() - t;

	t = sd_clock_ms();
	gather_openssl_extension(env);
	env->ms[SD_ENV_CHECK_OPENSSL_EXTENSION] = sd_clock_ms() - t;

	t = sd_clock_ms();
	env->facts.openssl_library_version = sd_tls_library_version();
	env->openssl_built_with = sd_tls_header_version();
	env->ms[SD_ENV_CHECK_OPENSSL_LIBRARY] = sd_clock_ms() - t;

	t = sd_clock_ms();
	gather_ca(env, &paths, cafile, capath);
	env->ms[SD_ENV_CHECK_CA_STORE] = sd_clock_ms() - t;

	t = sd_clock_ms();
	gather_functions(env);
	env->ms[SD_ENV_CHECK_FUNCTIONS] = sd_clock_ms() - t;

	t = sd_clock_ms();
	sd_sysfacts_selinux(&paths, &env->facts, &env->os);
	env->ms[SD_ENV_CHECK_SELINUX] = sd_clock_ms() - t;

	t = sd_clock_ms();
	sd_sysfacts_routes(&paths, &env->facts);
	env->ms[SD_ENV_CHECK_ROUTES] = sd_clock_ms() - t;

	t = sd_clock_ms();
	sd_sysfacts_hosting(&paths, &env->facts, &env->os);
	env->ms[SD_ENV_CHECK_HOSTING] = sd_clock_ms() - t;

	env->elapsed_ms = sd_clock_ms() - start;
}

void sd_env_release(sd_env *env)
{
	if (env->disable_functions) {
		zend_string_release(env->disable_functions);
		env->disable_functions = NULL;
	}
}
