/* smtpdiag: the PHP-facing operations shared by the functions: options arrays turned into C options
 * (with TypeError/ValueError naming the key), and a probe run turned into its report array. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "Zend/zend_ini.h"

#ifdef _WIN32
# include <winsock2.h>
# include <ws2tcpip.h>
#else
# include <unistd.h>
# include <arpa/inet.h>
# include <netinet/in.h>
#endif

#include "src/php/sd_api.h"
#include "src/engine/sd_str.h"
#include "src/engine/sd_clock.h"
#include "src/engine/sd_auth.h"
#include "src/php/sd_env.h"
#include "src/php/sd_report.h"
#include "src/engine/sd_net.h"


/* Reads an optional string option; a wrong type is a TypeError naming the key. Returns FAILURE after
 * throwing. *out is borrowed from the array (NULL when the key is absent or null). */
zend_result sd_api_option_string(HashTable *options, uint32_t arg_num, const char *key, const char **out)
{
	zval *v = zend_hash_str_find_deref(options, key, strlen(key));

	*out = NULL;
	if (v == NULL || Z_TYPE_P(v) == IS_NULL) {
		return SUCCESS;
	}
	if (Z_TYPE_P(v) != IS_STRING) {
		zend_argument_type_error(arg_num, "option \"%s\" must be of type string, %s given", key,
			zend_zval_type_name(v));
		return FAILURE;
	}
	if (Z_STRLEN_P(v) != strlen(Z_STRVAL_P(v))) {
		zend_argument_value_error(arg_num, "option \"%s\" must not contain any null bytes", key);
		return FAILURE;
	}
	*out = Z_STRVAL_P(v);
	return SUCCESS;
}

static int key_in(zend_string *key, const char *const *list)
{
	for (; list && *list; list++) {
		if (zend_string_equals_cstr(key, *list, strlen(*list))) {
			return 1;
		}
	}
	return 0;
}

/* Throws a ValueError for the first key that is in neither allowed nor extra (NULL-terminated lists;
 * extra may be NULL). */
static zend_result sd_api_options_known_extra(HashTable *options, uint32_t arg_num, const char *const *allowed,
	const char *const *extra)
{
	zend_string *key;
	zend_ulong idx;

	ZEND_HASH_FOREACH_KEY(options, idx, key) {
		if (key == NULL) {
			zend_argument_value_error(arg_num, "must be an array with string keys, index " ZEND_ULONG_FMT
				" given", idx);
			return FAILURE;
		}
		if (!key_in(key, allowed) && !key_in(key, extra)) {
			zend_argument_value_error(arg_num, "contains unknown option \"%s\"", ZSTR_VAL(key));
			return FAILURE;
		}
	} ZEND_HASH_FOREACH_END();
	return SUCCESS;
}

zend_result sd_api_options_known(HashTable *options, uint32_t arg_num, const char *const *allowed)
{
	return sd_api_options_known_extra(options, arg_num, allowed, NULL);
}

/* Reads an optional bool option; anything but a bool is a TypeError naming the key. */
static zend_result option_bool(HashTable *options, uint32_t arg_num, const char *key, int *out)
{
	zval *v = zend_hash_str_find_deref(options, key, strlen(key));

	if (v == NULL || Z_TYPE_P(v) == IS_NULL) {
		return SUCCESS;
	}
	if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
		zend_argument_type_error(arg_num, "option \"%s\" must be of type bool, %s given", key,
			zend_zval_type_name(v));
		return FAILURE;
	}
	*out = Z_TYPE_P(v) == IS_TRUE;
	return SUCCESS;
}

/* username, password, auth_type, allow_plaintext_auth. No message names a credential's value. */
static zend_result option_credentials(HashTable *options, uint32_t arg_num, sd_probe_opts *o)
{
	static const char *const types[] = { "", "CRAM-MD5", "LOGIN", "PLAIN", "XOAUTH2", NULL };
	const char *user = NULL, *pass = NULL, *type = NULL;
	size_t i;

	if (sd_api_option_string(options, arg_num, "username", &user) == FAILURE
			|| sd_api_option_string(options, arg_num, "password", &pass) == FAILURE
			|| sd_api_option_string(options, arg_num, "auth_type", &type) == FAILURE
			|| option_bool(options, arg_num, "allow_plaintext_auth", &o->allow_plaintext_auth) == FAILURE) {
		return FAILURE;
	}
	if ((user && strlen(user) > SD_AUTH_SECRET_MAX) || (pass && strlen(pass) > SD_AUTH_SECRET_MAX)) {
		zend_argument_value_error(arg_num, "option \"%s\" must be at most %d bytes long",
			user && strlen(user) > SD_AUTH_SECRET_MAX ? "username" : "password", SD_AUTH_SECRET_MAX);
		return FAILURE;
	}
	if (type) {
		for (i = 0; types[i] && strcmp(types[i], type) != 0; i++) {
		}
		if (types[i] == NULL) {
			zend_argument_value_error(arg_num, "option \"auth_type\" must be one of \"\", \"CRAM-MD5\", \"LOGIN\", "
				"\"PLAIN\", \"XOAUTH2\" (PHPMailer's AuthType values)");
			return FAILURE;
		}
		if (user == NULL && pass == NULL) {
			zend_argument_value_error(arg_num, "option \"auth_type\" requires option \"username\" or \"password\"");
			return FAILURE;
		}
	}
	if (user || pass) {
		o->auth = 1;
		o->username = user ? user : "";
		o->username_len = strlen(o->username);
		o->password = pass ? pass : "";
		o->password_len = strlen(o->password);
		o->auth_type = type && type[0] ? type : NULL;
		o->password_is_token = type && strcmp(type, "XOAUTH2") == 0;
	}
	return SUCCESS;
}

/* PHPMailer's SMTPSecure values are accepted beside the mode names. */
static zend_result parse_security(const char *s, sd_security *out)
{
	static const struct { const char *name; sd_security mode; } modes[] = {
		{ "auto", SD_SEC_AUTO }, { "", SD_SEC_AUTO }, { "none", SD_SEC_NONE },
		{ "starttls", SD_SEC_STARTTLS }, { "tls", SD_SEC_STARTTLS },
		{ "smtps", SD_SEC_SMTPS }, { "ssl", SD_SEC_SMTPS },
	};
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(s, modes[i].name) == 0) {
			*out = modes[i].mode;
			return SUCCESS;
		}
	}
	return FAILURE;
}

static int valid_helo(const char *s)
{
	const unsigned char *p = (const unsigned char *) s;

	if (*p == '\0' || strlen(s) > 255) {
		return 0;
	}
	for (; *p; p++) {
		if (*p <= ' ' || *p >= 0x7f) {
			return 0;
		}
	}
	return 1;
}

const char *sd_api_machine_name(char *buf, size_t len)
{
	ZEND_TLS char name[256];
	ZEND_TLS int have;      /* 0: not asked yet, 1: name holds it, -1: gethostname() failed */
	ZEND_TLS double asked;
	double now = sd_clock_ms();

	if (have == 0 || now - asked >= 1000.0 || now < asked) {
		have = gethostname(name, sizeof(name)) == 0 ? 1 : -1;
		name[sizeof(name) - 1] = '\0';
		asked = now;
	}
	if (have != 1 || len == 0) {
		return NULL;
	}
	sd_str_copy(buf, len, name);
	return buf;
}

/* The EHLO name: smtpdiag.helo, else this machine's name (as PHPMailer's serverHostname() ends up
 * with on the command line), else the name PHPMailer falls back to. */
static const char *default_helo(const sd_settings *settings, char *buf, size_t len)
{
	if (settings->helo[0]) {
		return settings->helo;
	}
	if (sd_api_machine_name(buf, len) != NULL && valid_helo(buf) && strchr(buf, '_') == NULL) {
		return buf;
	}
	return "localhost.localdomain";
}

/* Turns the options array of smtpdiag_probe() into opts. Throws and returns FAILURE on a bad key or
 * value. Strings in opts are borrowed from the array. */
zend_result sd_api_probe_options(const sd_settings *settings, HashTable *options, uint32_t arg_num, int port,
	sd_probe_opts *o, char *helo_buf, size_t helo_len, const char *const *extra)
{
	static const char *const allowed[] = {
		"security", "timeout", "helo", "verify_peer", "verify_peer_name", "allow_self_signed", "cafile",
		"capath", "peer_name", "connect_to", "ip_version", "bindto", "username", "password", "auth_type",
		"allow_plaintext_auth", "localhost_autotls", NULL
	};
	const char *security = NULL, *helo = NULL;
	int localhost_autotls = 0;
	zval *v;

	o->security = port == 465 ? SD_SEC_SMTPS : SD_SEC_AUTO;
	o->timeout_ms = settings->timeout * 1000.0;
	o->verify_peer = 1;
	o->verify_peer_name = 1;
	o->allow_self_signed = 0;
	o->verify_depth = -1;
	o->sniff_after_ms = 1000.0;
	o->no_localhost_autotls = 1;

	if (options) {
		if (sd_api_options_known_extra(options, arg_num, allowed, extra) == FAILURE
				|| sd_api_option_string(options, arg_num, "security", &security) == FAILURE
				|| sd_api_option_string(options, arg_num, "helo", &helo) == FAILURE
				|| sd_api_option_string(options, arg_num, "cafile", &o->cafile) == FAILURE
				|| sd_api_option_string(options, arg_num, "capath", &o->capath) == FAILURE
				|| sd_api_option_string(options, arg_num, "peer_name", &o->peer_name) == FAILURE
				|| sd_api_option_string(options, arg_num, "connect_to", &o->connect_to) == FAILURE
				|| sd_api_option_string(options, arg_num, "bindto", &o->bindto) == FAILURE
				|| option_bool(options, arg_num, "verify_peer", &o->verify_peer) == FAILURE
				|| option_bool(options, arg_num, "verify_peer_name", &o->verify_peer_name) == FAILURE
				|| option_bool(options, arg_num, "allow_self_signed", &o->allow_self_signed) == FAILURE
				|| option_bool(options, arg_num, "localhost_autotls", &localhost_autotls) == FAILURE
				|| option_credentials(options, arg_num, o) == FAILURE) {
			return FAILURE;
		}
		/* Symfony Mailer (and PHPMailer before 6.9) start STARTTLS with localhost too */
		o->no_localhost_autotls = !localhost_autotls;
		if (security && parse_security(security, &o->security) == FAILURE) {
			zend_argument_value_error(arg_num, "option \"security\" must be one of \"auto\", \"none\", "
				"\"starttls\", \"smtps\" (or PHPMailer's \"\", \"tls\", \"ssl\"), \"%s\" given", security);
			return FAILURE;
		}
		if (helo && !valid_helo(helo)) {
			zend_argument_value_error(arg_num, "option \"helo\" must be a host name without spaces or "
				"control characters");
			return FAILURE;
		}
		if ((v = zend_hash_str_find_deref(options, "timeout", sizeof("timeout") - 1)) && Z_TYPE_P(v) != IS_NULL) {
			double t;
			if (Z_TYPE_P(v) == IS_LONG) {
				t = (double) Z_LVAL_P(v);
			} else if (Z_TYPE_P(v) == IS_DOUBLE) {
				t = Z_DVAL_P(v);
			} else {
				zend_argument_type_error(arg_num, "option \"timeout\" must be of type float, %s given",
					zend_zval_type_name(v));
				return FAILURE;
			}
			if (!(t > 0.0) || t > 3600.0) {
				zend_argument_value_error(arg_num, "option \"timeout\" must be greater than 0 and at most 3600");
				return FAILURE;
			}
			o->timeout_ms = t * 1000.0;
		}
		if ((v = zend_hash_str_find_deref(options, "ip_version", sizeof("ip_version") - 1)) && Z_TYPE_P(v) != IS_NULL) {
			if (Z_TYPE_P(v) != IS_LONG) {
				zend_argument_type_error(arg_num, "option \"ip_version\" must be of type int, %s given",
					zend_zval_type_name(v));
				return FAILURE;
			}
			if (Z_LVAL_P(v) != 0 && Z_LVAL_P(v) != 4 && Z_LVAL_P(v) != 6) {
				zend_argument_value_error(arg_num, "option \"ip_version\" must be 0, 4 or 6");
				return FAILURE;
			}
			o->ip_version = (int) Z_LVAL_P(v);
		}
		if (o->connect_to) {
			unsigned char buf[sizeof(struct in6_addr)];
			if (inet_pton(AF_INET, o->connect_to, buf) != 1 && inet_pton(AF_INET6, o->connect_to, buf) != 1) {
				zend_argument_value_error(arg_num, "option \"connect_to\" must be an IPv4 or IPv6 address, "
					"\"%s\" given", o->connect_to);
				return FAILURE;
			}
		}
	}
	if (o->bindto) {
		sd_net_bindto bt;
		if (sd_net_bindto_parse(o->bindto, &bt) != 0) {
			zend_argument_value_error(arg_num, "option \"bindto\" must be \"ip:port\" or \"[ipv6]:port\", "
				"\"%s\" given", o->bindto);
			return FAILURE;
		}
	}
	o->helo = helo ? helo : default_helo(settings, helo_buf, helo_len);
	return SUCCESS;
}


void sd_api_env_begin(sd_probe_opts *opts, sd_api_env *e)
{
	/* The environment is read with the caller's own CA options, so its report names where each
	 * path came from; the probe's TLS then uses what PHP's would: the options, else php.ini. */
	sd_env_gather(&e->env, opts->cafile, opts->capath);
	sd_env_rules(&e->env.facts, &e->result);
	e->ca_from_ini = opts->cafile == NULL && opts->capath == NULL;
	if (e->ca_from_ini) {
		opts->cafile = sd_env_ini_text("openssl.cafile");
		opts->capath = sd_env_ini_text("openssl.capath");
	}
	opts->env = &e->env.facts;
	opts->env_result = &e->result;
	opts->openssl_extension = e->env.facts.openssl_extension && e->env.facts.openssl_constant;
}

void sd_api_env_end(sd_probe_opts *opts, sd_api_env *e)
{
	sd_env_release(&e->env);
	if (e->ca_from_ini) {
		opts->cafile = NULL;
		opts->capath = NULL;
	}
	opts->env = NULL;
	opts->env_result = NULL;
}

void sd_api_probe_array(zval *rv, sd_probe_opts *opts)
{
	sd_probe_result *res = emalloc(sizeof(*res));
	sd_api_env e;

	sd_api_env_begin(opts, &e);
	sd_probe_run(opts, res);
	sd_report_probe(rv, res, &e.env);
	sd_api_env_end(opts, &e);
	efree(res);
}
