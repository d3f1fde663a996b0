/* smtpdiag: environment facts (see sd_env.h). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "SAPI.h"
#include "ext/standard/info.h"
#include "Zend/zend_constants.h"
#include "Zend/zend_ini.h"

#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <ctype.h>
#include <sys/stat.h>
#ifndef _WIN32
# include <dirent.h>
# include <unistd.h>
# include <fcntl.h>
#endif

#include <openssl/opensslv.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "src/engine/sd_clock.h"
#include "src/php/sd_env.h"
#include "src/engine/sd_net.h"

static int has_function(const char *name)
{
	return zend_hash_str_find_ptr(CG(function_table), name, strlen(name)) != NULL;
}

/* Counts PEM certificates in a bundle without parsing them: OpenSSL reads the same markers. */
static long count_pem_certificates(const char *path, int *readable)
{
	static const char marker[] = "-----BEGIN ";
	char buf[8192 + sizeof(marker)];
	size_t keep = 0, got;
	long count = 0;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL) {
		*readable = 0;
		return 0;
	}
	*readable = 1;
	while ((got = fread(buf + keep, 1, sizeof(buf) - keep - 1, fp)) > 0) {
		char *p = buf, *end;
		size_t len = keep + got;

		buf[len] = '\0';
		while ((p = memchr(p, '-', (size_t) (buf + len - p))) != NULL) {
			size_t rest = (size_t) (buf + len - p);
			if (rest < sizeof(marker) - 1 + 20) {
				break;
			}
			if (memcmp(p, marker, sizeof(marker) - 1) == 0) {
				const char *what = p + sizeof(marker) - 1;
				if (strncmp(what, "CERTIFICATE-----", 16) == 0
						|| strncmp(what, "TRUSTED CERTIFICATE-----", 24) == 0
						|| strncmp(what, "X509 CERTIFICATE-----", 21) == 0) {
					count++;
				}
				p += sizeof(marker) - 1;
			} else {
				p++;
			}
		}
		/* Keep a tail so that a marker split across reads is still seen. */
		end = buf + len;
		keep = len < 40 ? len : 40;
		memmove(buf, end - keep, keep);
	}
	fclose(fp);
	return count;
}

/* Counts the entries OpenSSL looks up in a CA directory: <8 hex digits>.<n> hash links. */
static long count_hashed_entries(const char *path, int *readable)
{
#ifdef _WIN32
	*readable = 0;
	return 0;
#else
	DIR *dir = opendir(path);
	struct dirent *de;
	long count = 0;

	if (dir == NULL) {
		*readable = 0;
		return 0;
	}
	*readable = 1;
	while ((de = readdir(dir)) != NULL) {
		const char *n = de->d_name;
		int i;

		for (i = 0; i < 8; i++) {
			if (!isxdigit((unsigned char) n[i])) {
				break;
			}
		}
		if (i == 8 && n[8] == '.' && n[9] >= '0' && n[9] <= '9') {
			count++;
		}
	}
	closedir(dir);
	return count;
#endif
}

static void inspect_ca(sd_ca_location *loc, const char *path, const char *origin, int is_dir, char *buf)
{
	zend_stat_t st;

	memset(loc, 0, sizeof(*loc));
	if (path == NULL || path[0] == '\0') {
		return;
	}
	snprintf(buf, SD_PATH_MAX, "%s", path);
	loc->path = buf;
	loc->origin = origin;
	loc->exists = VCWD_STAT(buf, &st) == 0;
	if (!loc->exists) {
		return;
	}
	if (is_dir) {
		loc->count = S_ISDIR(st.st_mode) ? count_hashed_entries(buf, &loc->readable) : 0;
		if (!S_ISDIR(st.st_mode)) {
			loc->readable = 0;
		}
	} else {
		loc->count = S_ISDIR(st.st_mode) ? 0 : count_pem_certificates(buf, &loc->readable);
	}
}

const char *sd_env_ini_text(const char *name)
{
	zend_bool exists = 0;
	const char *v = zend_ini_string_ex((char *) name, strlen(name), 0, &exists);

	return exists && v != NULL && v[0] != '\0' ? v : NULL;
}

static void gather_ca(sd_env *env, const char *cafile_opt, const char *capath_opt)
{
	sd_env_facts *f = &env->facts;
	const char *file = NULL, *dir = NULL, *file_origin = NULL, *dir_origin = NULL;

	if ((cafile_opt && cafile_opt[0]) || (capath_opt && capath_opt[0])) {
		file = cafile_opt;
		dir = capath_opt;
		file_origin = "option cafile";
		dir_origin = "option capath";
		f->ca_explicit = 1;
	} else if (sd_env_ini_text("openssl.cafile") || sd_env_ini_text("openssl.capath")) {
		file = sd_env_ini_text("openssl.cafile");
		dir = sd_env_ini_text("openssl.capath");
		file_origin = "php.ini openssl.cafile";
		dir_origin = "php.ini openssl.capath";
		f->ca_explicit = 1;
	} else {
		/* What SSL_CTX_set_default_verify_paths() uses: the environment, else the built-in paths. */
		const char *env_file = getenv(X509_get_default_cert_file_env());
		const char *env_dir = getenv(X509_get_default_cert_dir_env());

		if (env_file && env_file[0]) {
			file = env_file;
			file_origin = X509_get_default_cert_file_env();
		} else {
			file = X509_get_default_cert_file();
			file_origin = "OpenSSL default";
		}
		if (env_dir && env_dir[0]) {
			dir = env_dir;
			dir_origin = X509_get_default_cert_dir_env();
		} else {
			dir = X509_get_default_cert_dir();
			dir_origin = "OpenSSL default";
		}
		f->ca_explicit = 0;
	}
	inspect_ca(&f->cafile, file, file_origin, 0, env->cafile);
	inspect_ca(&f->capath, dir, dir_origin, 1, env->capath);
}

/* Reads a small file into buf; returns the length, or -1. Strips trailing NULs and newlines. */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
#ifdef _WIN32
	return -1;
#else
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		return -1;
	}
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0) {
		return -1;
	}
	while (n > 0 && (buf[n - 1] == '\0' || buf[n - 1] == '\n')) {
		n--;
	}
	buf[n] = '\0';
	return n;
#endif
}

static sd_tri read_boolean(const char *name)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), "/sys/fs/selinux/booleans/%s", name);
	if (read_small(path, buf, sizeof(buf)) <= 0) {
		return SD_TRI_UNKNOWN;
	}
	/* "<current> <pending>": the current value decides. */
	return buf[0] == '1' ? SD_TRI_YES : SD_TRI_NO;
}

static void gather_selinux(sd_env *env)
{
	sd_env_facts *f = &env->facts;
	char buf[16];

	f->selinux = SD_SELINUX_ABSENT;
	f->selinux_context = NULL;
	f->httpd_can_network_connect = SD_TRI_UNKNOWN;
	f->httpd_can_sendmail = SD_TRI_UNKNOWN;
	if (read_small("/sys/fs/selinux/enforce", buf, sizeof(buf)) <= 0) {
		return;
	}
	f->selinux = buf[0] == '1' ? SD_SELINUX_ENFORCING : SD_SELINUX_PERMISSIVE;
	if (read_small("/proc/self/attr/current", env->selinux_context, sizeof(env->selinux_context)) > 0) {
		f->selinux_context = env->selinux_context;
	}
	f->httpd_can_network_connect = read_boolean("httpd_can_network_connect");
	f->httpd_can_sendmail = read_boolean("httpd_can_sendmail");
}

static sd_tri route_tri(sd_route_fact f)
{
	return f == SD_ROUTE_YES ? SD_TRI_YES : f == SD_ROUTE_NO ? SD_TRI_NO : SD_TRI_UNKNOWN;
}

/* Default routes from the kernel's tables; no packet is sent. */
static void gather_routes(sd_env *env)
{
	sd_route_fact v4, v6;

	sd_net_default_routes(&v4, &v6);
	env->facts.route_v4 = route_tri(v4);
	env->facts.route_v6 = route_tri(v6);
}

/* The DMI values under /sys/class/dmi/id, and the cloud or host they name. Files only: no network. */
static void gather_hosting(sd_env *env)
{
	sd_env_facts *f = &env->facts;
	char path[sizeof(SD_DMI_DIR) + 32];
	int i;

	for (i = 0; i < SD_DMI_COUNT; i++) {
		ssize_t n;

		snprintf(path, sizeof(path), "%s/%s", SD_DMI_DIR, sd_dmi_field_name((sd_dmi_field) i));
		n = read_small(path, env->dmi[i], sizeof(env->dmi[i]));
		while (n > 0 && (env->dmi[i][n - 1] == ' ' || env->dmi[i][n - 1] == '\t')) {
			env->dmi[i][--n] = '\0';
		}
		f->dmi.value[i] = n >= 0 ? env->dmi[i] : NULL;
	}
	f->hosting = sd_cloud_match(&f->dmi, &f->hosting_signature);
}

void sd_env_gather(sd_env *env, const char *cafile, const char *capath)
{
	sd_env_facts *f;
	double start = sd_clock_ms(), t;
	HashTable *xports;
	zval *c;
	const char *disabled;

	memset(env, 0, sizeof(*env));
	f = &env->facts;

	t = sd_clock_ms();
	f->php_version = PHP_VERSION;
	f->sapi = sapi_module.name;
	env->ms[SD_ENV_CHECK_PHP] = sd_clock_ms() - t;

	t = sd_clock_ms();
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
	env->ms[SD_ENV_CHECK_OPENSSL_EXTENSION] = sd_clock_ms() - t;

	t = sd_clock_ms();
	f->openssl_library_version = OpenSSL_version(OPENSSL_VERSION);
	env->openssl_built_with = OPENSSL_VERSION_TEXT;
	env->ms[SD_ENV_CHECK_OPENSSL_LIBRARY] = sd_clock_ms() - t;

	t = sd_clock_ms();
	gather_ca(env, cafile, capath);
	env->ms[SD_ENV_CHECK_CA_STORE] = sd_clock_ms() - t;

	t = sd_clock_ms();
	f->fn_stream_socket_client = has_function("stream_socket_client");
	f->fn_fsockopen = has_function("fsockopen");
	f->fn_stream_socket_enable_crypto = has_function("stream_socket_enable_crypto");
	disabled = sd_env_ini_text("disable_functions");
	env->disable_functions = disabled ? zend_string_init(disabled, strlen(disabled), 0) : NULL;
	env->ms[SD_ENV_CHECK_FUNCTIONS] = sd_clock_ms() - t;

	t = sd_clock_ms();
	gather_selinux(env);
	env->ms[SD_ENV_CHECK_SELINUX] = sd_clock_ms() - t;

	t = sd_clock_ms();
	gather_routes(env);
	env->ms[SD_ENV_CHECK_ROUTES] = sd_clock_ms() - t;

	t = sd_clock_ms();
	gather_hosting(env);
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
