/* smtpdiag: the environment rules. Facts in, checks and findings out; pure C, so every branch can be
 * driven by synthetic facts in the C unit tests (tests/unit/test_envrules.c). */
#ifndef SD_ENVRULES_H
#define SD_ENVRULES_H

#include "src/engine/sd_findings.h"
#include "src/engine/sd_clouds.h"
#include "src/engine/sd_verdict.h"

/* A yes/no fact that may not be knowable on this system. */
typedef enum {
	SD_TRI_UNKNOWN = -1,
	SD_TRI_NO = 0,
	SD_TRI_YES = 1
} sd_tri;

typedef enum {
	SD_SELINUX_ABSENT = 0,
	SD_SELINUX_PERMISSIVE,
	SD_SELINUX_ENFORCING
} sd_selinux_mode;

/* One CA location (a bundle file or a hashed directory). Strings are borrowed. */
typedef struct {
	const char *path;      /* NULL when this location is not in use */
	const char *origin;    /* where the path came from, e.g. "php.ini openssl.cafile"; static */
	int exists;
	int readable;
	long count;            /* certificates in the file, or hashed entries in the directory */
} sd_ca_location;

/* Everything the rules look at. Strings are borrowed from the gatherer. */
typedef struct {
	const char *php_version;
	const char *sapi;

	int openssl_extension;        /* PHP's openssl extension is loaded */
	int openssl_constant;         /* OPENSSL_ALGO_SHA256 is defined: PHPMailer's own test */
	int transport_ssl;            /* the "ssl" stream transport exists */
	int transport_tls;            /* the "tls" stream transport exists */
	const char *openssl_extension_version; /* OpenSSL that PHP's extension was built with, or NULL */
	const char *openssl_library_version;   /* OpenSSL that smtpdiag runs with */

	int fn_stream_socket_client;  /* 1 when callable, 0 when disabled or missing */
	int fn_fsockopen;
	int fn_stream_socket_enable_crypto;

	sd_ca_location cafile;
	sd_ca_location capath;
	int ca_explicit;              /* cafile/capath come from options or php.ini: PHP uses only them */
	int cafile_denied;            /* the caller's cafile is outside open_basedir: smtpdiag does not look
	                               * at it (exists, readable and count are 0); PHP's TLS still hands it
	                               * to OpenSSL as it is, so only the TLS stage can tell whether it loads */
	int capath_denied;            /* the same for the caller's capath */

	sd_selinux_mode selinux;
	const char *selinux_context;  /* the process's own context, or NULL */
	sd_tri httpd_can_network_connect;
	sd_tri httpd_can_sendmail;

	sd_tri route_v4;              /* a default route for IPv4 exists */
	sd_tri route_v6;

	sd_dmi dmi;                   /* DMI values of this machine (/sys/class/dmi/id) */
	const sd_cloud *hosting;      /* the cloud or host dmi matches, or NULL; static */
	size_t hosting_signature;     /* which of its signatures matched: the evidence */
} sd_env_facts;

typedef enum {
	SD_ENV_CHECK_PHP = 0,
	SD_ENV_CHECK_OPENSSL_EXTENSION,
	SD_ENV_CHECK_OPENSSL_LIBRARY,
	SD_ENV_CHECK_CA_STORE,
	SD_ENV_CHECK_FUNCTIONS,
	SD_ENV_CHECK_SELINUX,
	SD_ENV_CHECK_ROUTES,
	SD_ENV_CHECK_HOSTING,
	SD_ENV_CHECK_COUNT
} sd_env_check_id;

typedef struct {
	sd_check checks[SD_ENV_CHECK_COUNT];
	sd_findings findings;
	int ok;                       /* no finding of severity error */
} sd_env_result;

/* Applies the rules to facts and fills out (fully overwritten). Borrows facts. */
void sd_env_rules(const sd_env_facts *facts, sd_env_result *out);

/* What the environment means for one connection in security mode: whether PHPMailer gets as far as
 * the network (verdict SD_V_OK) or which verdict stops it first, and the warnings that only this mode
 * meets. The same facts decide sd_env_rules(). */
typedef struct {
	sd_code verdict;              /* SD_V_OK, or the verdict that stops this mode before any network */
	char check[SD_MSG_MAX];       /* the probe's environment check message */
	char detail[SD_MSG_MAX];      /* the verdict's detail */
	sd_findings warnings;         /* warnings of this mode (security auto without TLS support) */
} sd_env_mode;

/* Fills out (fully overwritten). env is sd_env_rules()' result for f; openssl_extension is PHP's
 * own test (the extension usable). Borrows everything. */
void sd_env_for_mode(const sd_env_facts *f, const sd_env_result *env, sd_security mode, int verify_peer,
	int openssl_extension, sd_env_mode *out);

/* Whether the CA file or the CA directory of f can serve as a trust store. */
int sd_env_ca_store_usable(const sd_env_facts *f);

/* Whether a CA location can serve as a trust store: it exists, is readable and holds certificates. */
int sd_env_ca_usable(const sd_ca_location *loc);

#endif
