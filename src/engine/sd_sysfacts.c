/* smtpdiag: facts read from the operating system's files (see sd_sysfacts.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <sys/types.h>
#include <sys/stat.h>
#ifndef _WIN32
# include <dirent.h>
# include <unistd.h>
# include <fcntl.h>
#endif

#include <openssl/x509.h>

#include "src/engine/sd_sysfacts.h"
#include "src/engine/sd_castore.h"
#include "src/engine/sd_net.h"

void sd_sysfacts_default_paths(sd_sysfacts_paths *paths)
{
	memset(paths, 0, sizeof(*paths));
#ifndef _WIN32
	paths->selinux_dir = "/sys/fs/selinux";
	paths->selinux_context = "/proc/self/attr/current";
	paths->dmi_dir = SD_DMI_DIR;
#endif
#ifdef __linux__
	paths->route4 = "/proc/net/route";
	paths->route6 = "/proc/net/ipv6_route";
#endif
	paths->ca_file_env = X509_get_default_cert_file_env();
	paths->ca_dir_env = X509_get_default_cert_dir_env();
	paths->ca_file = X509_get_default_cert_file();
	paths->ca_dir = X509_get_default_cert_dir();
}

/* ============================================================================================== */
/* CA store */

/* Counts PEM certificates in a bundle without parsing them: OpenSSL reads the same markers. */
static long count_pem_certificates(const char *path, int *readable)
{
	static const char marker[] = "-----BEGIN ";
	/* A marker is judged once 20 bytes follow "-----BEGIN ": the last tail bytes of a read wait for
	 * the next one. */
	enum { tail = sizeof(marker) - 1 + 20 - 1 };
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
			if (rest <= tail) {
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
		/* Keep the bytes not yet judged, so that a marker split across reads is seen, and seen once. */
		end = buf + len;
		keep = len < tail ? len : tail;
		memmove(buf, end - keep, keep);
	}
	fclose(fp);
	return count;
}

/* Counts the entries OpenSSL looks up in a CA directory: <8 hex digits>.<n> hash links. */
static long count_hashed_entries(const char *path, int *readable)
{
#ifdef _WIN32
	(void) path;
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

void sd_sysfacts_ca_location(sd_ca_location *loc, const char *path, const char *origin, int is_dir,
                             char *buf, size_t len)
{
	struct stat st;

	memset(loc, 0, sizeof(*loc));
	if (path == NULL || path[0] == '\0' || len == 0) {
		return;
	}
	snprintf(buf, len, "%s", path);
	loc->path = buf;
	loc->origin = origin;
	loc->exists = stat(buf, &st) == 0;
	if (!loc->exists) {
		return;
	}
	/* Counted once per identity of the path (src/engine/sd_castore.h): a probe does not read again
	 * what an earlier probe or check of this process counted, while the file stays the same. */
	if (is_dir) {
		loc->count = S_ISDIR(st.st_mode) ? sd_castore_count(buf, 1, count_hashed_entries, &loc->readable) : 0;
		if (!S_ISDIR(st.st_mode)) {
			loc->readable = 0;
		}
	} else {
		loc->count = S_ISDIR(st.st_mode) ? 0 : sd_castore_count(buf, 0, count_pem_certificates, &loc->readable);
	}
}

static int is_set(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* An environment variable's value when set and not empty, else NULL. */
static const char *env_value(const char *name)
{
	const char *v = name != NULL ? getenv(name) : NULL;

	return is_set(v) ? v : NULL;
}

void sd_sysfacts_ca(const sd_sysfacts_paths *paths, const sd_sysfacts_ca_settings *settings,
                    sd_env_facts *f, sd_sysfacts_text *text)
{
	const char *file = NULL, *dir = NULL, *file_origin = NULL, *dir_origin = NULL;

	if (is_set(settings->option_cafile) || is_set(settings->option_capath)) {
		file = settings->option_cafile;
		dir = settings->option_capath;
		file_origin = "option cafile";
		dir_origin = "option capath";
		f->ca_explicit = 1;
	} else if (is_set(settings->ini_cafile) || is_set(settings->ini_capath)) {
		file = settings->ini_cafile;
		dir = settings->ini_capath;
		file_origin = "php.ini openssl.cafile";
		dir_origin = "php.ini openssl.capath";
		f->ca_explicit = 1;
	} else {
		/* What SSL_CTX_set_default_verify_paths() uses: the environment, else the built-in paths. */
		if ((file = env_value(paths->ca_file_env)) != NULL) {
			file_origin = paths->ca_file_env;
		} else {
			file = paths->ca_file;
			file_origin = "OpenSSL default";
		}
		if ((dir = env_value(paths->ca_dir_env)) != NULL) {
			dir_origin = paths->ca_dir_env;
		} else {
			dir = paths->ca_dir;
			dir_origin = "OpenSSL default";
		}
		f->ca_explicit = 0;
	}
	sd_sysfacts_ca_location(&f->cafile, file, file_origin, 0, text->cafile, sizeof(text->cafile));
	sd_sysfacts_ca_location(&f->capath, dir, dir_origin, 1, text->capath, sizeof(text->capath));
}

/* ============================================================================================== */
/* Small files: selinuxfs, procfs, sysfs */

/* Reads a small file into buf; returns the length, or -1. Strips trailing NULs and newlines. */
static long read_small(const char *path, char *buf, size_t size)
{
#ifdef _WIN32
	(void) path;
	(void) buf;
	(void) size;
	return -1;
#else
	ssize_t n;
	int fd;

	if (path == NULL || size == 0) {
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
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
	return (long) n;
#endif
}

/* dir/name into out; 0 when it does not fit or dir is NULL. */
static int join(char *out, size_t len, const char *dir, const char *name)
{
	int n;

	if (dir == NULL) {
		return 0;
	}
	n = snprintf(out, len, "%s/%s", dir, name);
	return n > 0 && (size_t) n < len;
}

sd_tri sd_sysfacts_selinux_boolean(const sd_sysfacts_paths *paths, const char *name)
{
	char path[SD_SYSFACTS_PATH_MAX], rel[128], buf[32];

	snprintf(rel, sizeof(rel), "booleans/%s", name);
	if (!join(path, sizeof(path), paths->selinux_dir, rel) || read_small(path, buf, sizeof(buf)) <= 0) {
		return SD_TRI_UNKNOWN;
	}
	/* "<current> <pending>": the current value decides. */
	return buf[0] == '1' ? SD_TRI_YES : SD_TRI_NO;
}

void sd_sysfacts_selinux(const sd_sysfacts_paths *paths, sd_env_facts *f, sd_sysfacts_text *text)
{
	char path[SD_SYSFACTS_PATH_MAX], buf[16];

	f->selinux = SD_SELINUX_ABSENT;
	f->selinux_context = NULL;
	f->httpd_can_network_connect = SD_TRI_UNKNOWN;
	f->httpd_can_sendmail = SD_TRI_UNKNOWN;
	if (!join(path, sizeof(path), paths->selinux_dir, "enforce") || read_small(path, buf, sizeof(buf)) <= 0) {
		return;
	}
	f->selinux = buf[0] == '1' ? SD_SELINUX_ENFORCING : SD_SELINUX_PERMISSIVE;
	if (read_small(paths->selinux_context, text->selinux_context, sizeof(text->selinux_context)) > 0) {
		f->selinux_context = text->selinux_context;
	}
	f->httpd_can_network_connect = sd_sysfacts_selinux_boolean(paths, "httpd_can_network_connect");
	f->httpd_can_sendmail = sd_sysfacts_selinux_boolean(paths, "httpd_can_sendmail");
}

static sd_tri route_tri(sd_route_fact f)
{
	return f == SD_ROUTE_YES ? SD_TRI_YES : f == SD_ROUTE_NO ? SD_TRI_NO : SD_TRI_UNKNOWN;
}

void sd_sysfacts_routes(const sd_sysfacts_paths *paths, sd_env_facts *f)
{
	sd_route_fact v4, v6;

	sd_net_default_routes_from(paths->route4, paths->route6, &v4, &v6);
	f->route_v4 = route_tri(v4);
	f->route_v6 = route_tri(v6);
}

void sd_sysfacts_hosting(const sd_sysfacts_paths *paths, sd_env_facts *f, sd_sysfacts_text *text)
{
	char path[SD_SYSFACTS_PATH_MAX];
	int i;

	for (i = 0; i < SD_DMI_COUNT; i++) {
		char *v = text->dmi[i];
		long n = -1;

		if (join(path, sizeof(path), paths->dmi_dir, sd_dmi_field_name((sd_dmi_field) i))) {
			n = read_small(path, v, sizeof(text->dmi[i]));
		}
		while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t')) {
			v[--n] = '\0';
		}
		f->dmi.value[i] = n >= 0 ? v : NULL;
	}
	f->hosting = sd_cloud_match(&f->dmi, &f->hosting_signature);
}
