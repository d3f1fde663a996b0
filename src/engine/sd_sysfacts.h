/* smtpdiag: the facts read from the operating system's files: the CA store (certificates in a bundle,
 * hashed entries in a directory, OpenSSL's default locations), SELinux (mode, the process's context,
 * booleans), default routes, DMI values and the cloud they name. Plain C. Every file it reads is named
 * in an sd_sysfacts_paths, so the unit tests (tests/unit/test_sysfacts.c) point it at a fixture tree;
 * sd_sysfacts_default_paths() gives this machine's. Sends nothing over the network. */
#ifndef SD_SYSFACTS_H
#define SD_SYSFACTS_H

#include <stddef.h>

#include "src/engine/sd_envrules.h"
#include "src/engine/sd_clouds.h"

#define SD_SYSFACTS_PATH_MAX 1024
#define SD_SYSFACTS_CONTEXT_MAX 256

/* Where each fact is read. A NULL path means the fact is not available on this system (absent or
 * unknown, as each reader says). Strings are borrowed. */
typedef struct {
	const char *selinux_dir;      /* selinuxfs: "enforce", "booleans/<name>" under it */
	const char *selinux_context;  /* the process's own context: /proc/self/attr/current */
	const char *route4;           /* /proc/net/route */
	const char *route6;           /* /proc/net/ipv6_route */
	const char *dmi_dir;          /* /sys/class/dmi/id */
	/* OpenSSL's default CA store, as SSL_CTX_set_default_verify_paths() finds it: the environment
	 * variables first, then the paths OpenSSL was built with. */
	const char *ca_file_env;      /* "SSL_CERT_FILE" */
	const char *ca_dir_env;       /* "SSL_CERT_DIR" */
	const char *ca_file;          /* e.g. "/usr/lib/ssl/cert.pem" */
	const char *ca_dir;           /* e.g. "/usr/lib/ssl/certs" */
} sd_sysfacts_paths;

/* Storage the facts' strings point into; lives as long as the facts. */
typedef struct {
	char cafile[SD_SYSFACTS_PATH_MAX];
	char capath[SD_SYSFACTS_PATH_MAX];
	char selinux_context[SD_SYSFACTS_CONTEXT_MAX];
	char dmi[SD_DMI_COUNT][SD_DMI_VALUE_MAX];
} sd_sysfacts_text;

/* The CA locations PHP's own settings name (NULL or "" when not set). */
typedef struct {
	const char *option_cafile;    /* the caller's cafile/capath options (the ssl context's) */
	const char *option_capath;
	const char *ini_cafile;       /* php.ini openssl.cafile/openssl.capath */
	const char *ini_capath;
} sd_sysfacts_ca_settings;

/* This machine's paths (static strings; OpenSSL's are its own). Paths a platform does not have are
 * NULL: SELinux and DMI outside Windows, routes on Linux only. */
void sd_sysfacts_default_paths(sd_sysfacts_paths *paths);

/* The CA store PHP's TLS uses, as PHP chooses it: the options when either is set, else php.ini's when
 * either is set (ca_explicit = 1 in both cases: PHP then uses only those), else OpenSSL's defaults
 * (each from its environment variable when set, else the built-in path). Fills f->cafile, f->capath
 * (whether each exists, is readable, and how many PEM certificates or hashed entries it holds) and
 * f->ca_explicit. The paths are copied into text; origins are static or borrowed from paths. */
void sd_sysfacts_ca(const sd_sysfacts_paths *paths, const sd_sysfacts_ca_settings *settings,
                    sd_env_facts *f, sd_sysfacts_text *text);

/* Fills loc for one CA location: a bundle file (is_dir 0) or a hashed directory (is_dir 1). path NULL
 * or "": not in use (all zero). loc->path points into buf (len bytes, a copy of path); origin is
 * borrowed. A directory where a file belongs (or the reverse) exists but is not readable. */
void sd_sysfacts_ca_location(sd_ca_location *loc, const char *path, const char *origin, int is_dir,
                             char *buf, size_t len);

/* SELinux: the mode (absent without selinuxfs or its enforce file), the process's context, and the
 * booleans httpd_can_network_connect and httpd_can_sendmail (unknown when not readable). The context
 * is copied into text. */
void sd_sysfacts_selinux(const sd_sysfacts_paths *paths, sd_env_facts *f, sd_sysfacts_text *text);

/* One SELinux boolean's current value; unknown without selinuxfs or when the boolean does not exist. */
sd_tri sd_sysfacts_selinux_boolean(const sd_sysfacts_paths *paths, const char *name);

/* Whether a default route exists for IPv4 and for IPv6 (unknown when the table cannot be read). */
void sd_sysfacts_routes(const sd_sysfacts_paths *paths, sd_env_facts *f);

/* The DMI values (NULL where a file is missing; trailing blanks dropped; copied into text) and the
 * cloud or host they name (f->hosting, f->hosting_signature). */
void sd_sysfacts_hosting(const sd_sysfacts_paths *paths, sd_env_facts *f, sd_sysfacts_text *text);

#endif
