/* smtpdiag: the PHPMailer hook (see sd_hook.h). Reads the mailer object once into an sd_mailer_config,
 * the caller's options into an sd_mailer_request, and leaves every decision to the engine
 * (src/engine/sd_mailer.c): which Host entries PHPMailer tries, the options of each probe, the
 * configuration findings, which report is the answer. Here: reading zvals, running the probes with one
 * reading of the environment, the cache. The arrays are built in src/php/sd_report.c. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/hash/php_hash.h"
#include "ext/hash/php_hash_sha.h"
#include "Zend/zend_smart_str.h"
#include "Zend/zend_interfaces.h"
#include "Zend/zend_exceptions.h"
#include "ext/standard/php_versioning.h"
#include "ext/random/php_random.h"

#ifndef _WIN32
# include <unistd.h>
#endif

#include "src/php/sd_api.h"
#include "src/php/sd_cache.h"
#include "src/php/sd_hook.h"
#include "src/php/sd_report.h"
#include "src/engine/sd_host.h"
#include "src/engine/sd_mailer.h"
#include "src/engine/sd_text.h"

/* Strings kept per mailer: 8 string properties, the class name and VERSION, the OAuth provider's class,
 * SERVER_NAME, 4 context options and a fingerprint: 17 at most. */
#define HOOK_OWNED_MAX 24

/* The mailer as read: the engine's view (cfg) of strings owned here, released by mailer_free(). */
typedef struct {
	sd_mailer_config cfg;
	zend_string *owned[HOOK_OWNED_MAX];
	size_t nowned;
	zval provider;               /* getOAuth()'s object, or UNDEF */
	zend_string *oauth64;        /* getOauth64()'s token (a secret), or NULL */
	zend_string *oauth_error;
	char machine_name[256];
	char read_error[SD_MAILER_DETAIL_MAX];   /* cfg.read_error's text */
	char smtpoptions_note[SD_MAILER_DETAIL_MAX]; /* cfg.smtpoptions_note's text */
} hook_mailer;

static const char *const hook_keys[] = { "cache", "check_auth", NULL };

/* Keeps s (owned) for as long as m, and returns the engine's view of it. */
static sd_mailer_bytes keep(hook_mailer *m, zend_string *s)
{
	sd_mailer_bytes b;

	ZEND_ASSERT(m->nowned < HOOK_OWNED_MAX);
	m->owned[m->nowned++] = s;
	b.ptr = ZSTR_VAL(s);
	b.len = ZSTR_LEN(s);
	return b;
}

static zval *prop(zend_object *obj, const char *name, zval *rv)
{
	zval *v = zend_read_property(obj->ce, obj, name, strlen(name), 1, rv);
	ZVAL_DEREF(v);
	return v;
}

static int is_public_prop(zend_class_entry *ce, const char *name)
{
	zend_property_info *pi = zend_hash_str_find_ptr(&ce->properties_info, name, strlen(name));
	return pi != NULL && (pi->flags & ZEND_ACC_PUBLIC) && !(pi->flags & ZEND_ACC_STATIC);
}

/* A property as PHP's string conversion gives it; null_as (may be NULL) replaces a null value. */
static sd_mailer_bytes prop_string(hook_mailer *m, zend_object *obj, const char *name, const char *null_as)
{
	zval rv, *v = prop(obj, name, &rv);
	zend_string *s = null_as && Z_TYPE_P(v) == IS_NULL ? zend_string_init(null_as, strlen(null_as), 0)
		: zval_get_string(v);

	if (v == &rv) {
		zval_ptr_dtor(&rv);
	}
	return keep(m, s);
}

/* Releases what prop() read into rv. */
static void prop_release(zval *v, zval *rv)
{
	if (v == rv) {
		zval_ptr_dtor(rv);
	}
}

/* "Class: message" of the pending exception, escaped, into buf. */
static void exception_text(char *buf, size_t cap)
{
	zend_object *ex = EG(exception);
	zval rv, *msg = zend_read_property(ex->ce, ex, "message", sizeof("message") - 1, 1, &rv);
	zend_string *text = zval_get_string(msg);
	char shown[200];

	sd_text_escape(ZSTR_VAL(text), ZSTR_LEN(text), shown, sizeof(shown));
	snprintf(buf, cap, "%s: %s", ZSTR_VAL(ex->ce->name), shown);
	zend_string_release(text);
}

/* User code may run while the mailer is read (a __get, a __toString, an error handler that throws on a
 * conversion warning). An exception it leaves is not the caller's to catch, nor may it stay pending
 * while the probes run: it is recorded (the first one, with where it came from) for the report, and
 * cleared. */
static void read_guard(hook_mailer *m, const char *where)
{
	char text[200];

	if (EG(exception) == NULL) {
		return;
	}
	if (m->read_error[0] == '\0') {
		exception_text(text, sizeof(text));
		snprintf(m->read_error, sizeof(m->read_error), "%s threw %s", where, text);
		m->cfg.read_error = m->read_error;
	}
	zend_clear_exception();
}

static void mailer_free(hook_mailer *m)
{
	size_t i;

	for (i = 0; i < m->nowned; i++) {
		zend_string_release(m->owned[i]);
	}
	m->nowned = 0;
	zval_ptr_dtor(&m->provider);
	ZVAL_UNDEF(&m->provider);
	if (m->oauth64) {
		/* a bearer token: gone from memory before it is freed, unless something else still holds it
		 * (an interned literal, or a string the provider keeps) */
		if (!ZSTR_IS_INTERNED(m->oauth64) && GC_REFCOUNT(m->oauth64) == 1) {
			ZEND_SECURE_ZERO(ZSTR_VAL(m->oauth64), ZSTR_LEN(m->oauth64));
		}
		zend_string_release(m->oauth64);
		m->oauth64 = NULL;
	}
	if (m->oauth_error) {
		zend_string_release(m->oauth_error);
		m->oauth_error = NULL;
	}
}

/* ---- SMTPOptions ------------------------------------------------------------------------------ */

/* One string-valued context option, with its PHP type. */
static void read_ctxopt(hook_mailer *m, HashTable *group, const char *key, sd_mailer_ctxopt *out)
{
	zval *v = group ? zend_hash_str_find_deref(group, key, strlen(key)) : NULL;

	out->type = SD_MAILER_VAL_UNSET;
	out->text.ptr = NULL;
	out->text.len = 0;
	if (v == NULL) {
		return;
	}
	switch (Z_TYPE_P(v)) {
		case IS_NULL: out->type = SD_MAILER_VAL_NULL; break;
		case IS_ARRAY: out->type = SD_MAILER_VAL_ARRAY; break;
		case IS_OBJECT: out->type = SD_MAILER_VAL_OBJECT; break;
		case IS_STRING:
			out->type = SD_MAILER_VAL_STRING;
			out->text = keep(m, zend_string_copy(Z_STR_P(v)));
			break;
		default:
			out->type = SD_MAILER_VAL_SCALAR;
			out->text = keep(m, zval_get_string(v));
			break;
	}
}

/* peer_fingerprint: a string as it is; an array of algorithm => digest joined "algo:hex,algo:hex". PHP
 * (ext/openssl xp_ssl.c) refuses an empty array, an integer key and a value that is not a string (a
 * reference included: it does not look through one), and fails the handshake on them; keys and values
 * are read as C strings (up to a NUL byte), as PHP's strcasecmp() and EVP_get_digestbyname() read them. */
static void read_fingerprint(hook_mailer *m, zval *v, sd_mailer_ssl *s)
{
	smart_str spec = {0};
	zend_string *key;
	zval *hex;

	if (Z_TYPE_P(v) == IS_STRING) {
		s->fingerprint_type = SD_MAILER_FP_STRING;
		s->fingerprint = keep(m, zend_string_copy(Z_STR_P(v)));
		return;
	}
	s->fingerprint_type = SD_MAILER_FP_INVALID;
	if (Z_TYPE_P(v) != IS_ARRAY || zend_hash_num_elements(Z_ARRVAL_P(v)) == 0) {
		return;
	}
	ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(v), key, hex) {
		if (key == NULL || Z_TYPE_P(hex) != IS_STRING || strpbrk(ZSTR_VAL(key), ":,") != NULL
				|| strpbrk(Z_STRVAL_P(hex), ":,") != NULL) {
			smart_str_free(&spec);
			return;
		}
		smart_str_append_printf(&spec, "%s%s:%s", spec.s ? "," : "", ZSTR_VAL(key), Z_STRVAL_P(hex));
	} ZEND_HASH_FOREACH_END();
	smart_str_0(&spec);
	s->fingerprint_type = SD_MAILER_FP_PAIRS;
	s->fingerprint = keep(m, spec.s ? spec.s : ZSTR_EMPTY_ALLOC());
}

/* An int-valued ssl option, as PHP's zval_get_long() reads it, without running user code: an object is 1
 * (PHP warns that it cannot be converted, which a throwing error handler would turn into an exception),
 * and a note says so. */
static int read_long(hook_mailer *m, HashTable *ht, const char *key, long *out)
{
	zval *v = zend_hash_str_find_deref(ht, key, strlen(key));

	if (v == NULL) {
		return 0;
	}
	if (Z_TYPE_P(v) == IS_OBJECT) {
		*out = 1;
		if (m->smtpoptions_note[0] == '\0') {
			snprintf(m->smtpoptions_note, sizeof(m->smtpoptions_note), "SMTPOptions['ssl']['%s'] is an object "
				"(%s), not a number: PHP warns \"Object of class %s could not be converted to int\" and uses 1; "
				"give an int", key, ZSTR_VAL(Z_OBJCE_P(v)->name), ZSTR_VAL(Z_OBJCE_P(v)->name));
			m->cfg.smtpoptions_note = m->smtpoptions_note;
		}
		return 1;
	}
	*out = (long) zval_get_long(v);
	return 1;
}

static int read_bool(HashTable *ht, const char *key)
{
	zval *v = zend_hash_str_find_deref(ht, key, strlen(key));
	return v == NULL ? -1 : zend_is_true(v);
}

/* SMTPOptions['ssl'] and ['socket']['bindto'], read loosely as PHP's stream context reads them. */
static void read_smtp_options(hook_mailer *m, zval *options)
{
	sd_mailer_config *c = &m->cfg;
	sd_mailer_ssl *s = &c->ssl;
	HashTable *ssl = NULL, *socket = NULL;
	zval *v;

	s->verify_peer = s->verify_peer_name = s->allow_self_signed = -1;
	if (Z_TYPE_P(options) == IS_ARRAY) {
		c->smtp_options = zend_hash_num_elements(Z_ARRVAL_P(options)) > 0;
		v = zend_hash_str_find_deref(Z_ARRVAL_P(options), ZEND_STRL("ssl"));
		ssl = v && Z_TYPE_P(v) == IS_ARRAY ? Z_ARRVAL_P(v) : NULL;
		v = zend_hash_str_find_deref(Z_ARRVAL_P(options), ZEND_STRL("socket"));
		socket = v && Z_TYPE_P(v) == IS_ARRAY ? Z_ARRVAL_P(v) : NULL;
	}
	read_ctxopt(m, socket, "bindto", &c->bindto);
	read_ctxopt(m, ssl, "cafile", &s->cafile);
	read_ctxopt(m, ssl, "capath", &s->capath);
	read_ctxopt(m, ssl, "peer_name", &s->peer_name);
	if (ssl == NULL) {
		return;
	}
	s->verify_peer = read_bool(ssl, "verify_peer");
	s->verify_peer_name = read_bool(ssl, "verify_peer_name");
	s->allow_self_signed = read_bool(ssl, "allow_self_signed");
	s->has_crypto_method = read_long(m, ssl, "crypto_method", &s->crypto_method);
	s->has_min_proto = read_long(m, ssl, "min_proto_version", &s->min_proto);
	s->has_max_proto = read_long(m, ssl, "max_proto_version", &s->max_proto);
	s->has_verify_depth = read_long(m, ssl, "verify_depth", &s->verify_depth);
	if ((v = zend_hash_str_find_deref(ssl, ZEND_STRL("peer_fingerprint"))) != NULL) {
		read_fingerprint(m, v, s);
	}
}

/* ---- the mailer ------------------------------------------------------------------------------- */

/* The class's VERSION constant, and what this PHP and PHPMailer version change. */
static void read_facts(hook_mailer *m, zend_class_entry *ce)
{
	sd_mailer_config *c = &m->cfg;
	zend_string *cname = zend_string_init("VERSION", sizeof("VERSION") - 1, 0);
	zval *v = zend_get_class_constant_ex(ce->name, cname, ce, ZEND_FETCH_CLASS_SILENT);

	zend_string_release(cname);
	if (EG(exception)) {
		zend_clear_exception();
		v = NULL;
	}
	c->class_name = keep(m, zend_string_copy(ce->name));
	if (v && Z_TYPE_P(v) == IS_STRING) {
		c->version = keep(m, zend_string_copy(Z_STR_P(v)));
	}
	/* PHPMailer 6.9 stopped opportunistic STARTTLS for Host 'localhost'; older ones still do it. */
	c->localhost_rule = c->version.ptr == NULL || php_version_compare(c->version.ptr, "6.9.0") >= 0;
	c->fsockopen_fallback = zend_hash_str_find_ptr(CG(function_table), ZEND_STRL("stream_socket_client")) == NULL;
	c->php_version_id = PHP_VERSION_ID;
}

/* Where serverHostname() looks after Hostname: $_SERVER['SERVER_NAME'], then gethostname(). */
static void read_server_names(hook_mailer *m)
{
	zval *server, *sn;

	if (m->cfg.hostname.len) {
		return;
	}
	zend_is_auto_global_str(ZEND_STRL("_SERVER"));
	server = &PG(http_globals)[TRACK_VARS_SERVER];
	if (Z_TYPE_P(server) == IS_ARRAY
			&& (sn = zend_hash_str_find(Z_ARRVAL_P(server), ZEND_STRL("SERVER_NAME"))) != NULL
			&& Z_TYPE_P(sn) == IS_STRING) {
		m->cfg.server_name = keep(m, zend_string_copy(Z_STR_P(sn))).ptr;
	} else {
		m->cfg.machine_name = sd_api_machine_name(m->machine_name, sizeof(m->machine_name));
	}
}

/* The OAuth provider is protected: ask for it as PHPMailer's users do. */
static void read_provider(hook_mailer *m, zend_object *obj)
{
	zend_function *fn = zend_hash_str_find_ptr(&obj->ce->function_table, "getoauth", sizeof("getoauth") - 1);

	if (fn == NULL || !(fn->common.fn_flags & ZEND_ACC_PUBLIC) || fn->common.required_num_args != 0) {
		return;
	}
	zend_call_known_instance_method_with_0_params(fn, obj, &m->provider);
	if (EG(exception)) {
		zend_clear_exception();
	} else if (Z_TYPE(m->provider) == IS_OBJECT) {
		m->cfg.oauth_class = keep(m, zend_string_copy(Z_OBJCE(m->provider)->name));
	}
}

/* The mailer's SMTP instance (the protected $smtp, never created here), or NULL. Borrowed. */
static zend_object *smtp_instance(zend_object *obj)
{
	zend_property_info *pi = zend_hash_str_find_ptr(&obj->ce->properties_info, ZEND_STRL("smtp"));
	zval rv, *v;

	if (pi == NULL || (pi->flags & ZEND_ACC_STATIC)) {
		return NULL;
	}
	v = zend_read_property(pi->ce, obj, ZEND_STRL("smtp"), 1, &rv);
	ZVAL_DEREF(v);
	/* a declared property: v points into the object, which keeps it */
	return v != &rv && Z_TYPE_P(v) == IS_OBJECT ? Z_OBJ_P(v) : NULL;
}

/* SMTP::Timelimit of the mailer's SMTP instance; PHPMailer's default (300) until it has one. */
static double read_timelimit(zend_object *obj)
{
	zend_object *smtp = smtp_instance(obj);
	zval rv, *v;
	double t = 300.0;

	if (smtp == NULL || !is_public_prop(smtp->ce, "Timelimit")) {
		return t;
	}
	v = prop(smtp, "Timelimit", &rv);
	t = zval_get_double(v);
	prop_release(v, &rv);
	return t;
}

static zend_result mailer_read(zend_object *obj, hook_mailer *m)
{
	zend_class_entry *ce = obj->ce;
	sd_mailer_config *c = &m->cfg;
	zval rv, *v;

	memset(m, 0, sizeof(*m));
	ZVAL_UNDEF(&m->provider);
	if (!is_public_prop(ce, "Mailer") || !is_public_prop(ce, "Host") || !is_public_prop(ce, "Port")
			|| !is_public_prop(ce, "SMTPSecure")) {
		zend_argument_type_error(1, "must be a PHPMailer object (with public Mailer, Host, Port and "
			"SMTPSecure properties), %s given", ZSTR_VAL(ce->name));
		return FAILURE;
	}
	read_facts(m, ce);
	c->mailer = prop_string(m, obj, "Mailer", NULL);
	read_guard(m, "Mailer");
	c->host = prop_string(m, obj, "Host", "localhost");  /* PHPMailer reads a null Host as 'localhost' */
	read_guard(m, "Host");
	v = prop(obj, "Port", &rv);
	c->port = (long) zval_get_long(v);
	prop_release(v, &rv);
	read_guard(m, "Port");
	c->secure = prop_string(m, obj, "SMTPSecure", NULL);
	read_guard(m, "SMTPSecure");
	v = prop(obj, "SMTPAutoTLS", &rv);
	c->auto_tls = Z_TYPE_P(v) == IS_NULL && !is_public_prop(ce, "SMTPAutoTLS") ? 1 : zend_is_true(v);
	prop_release(v, &rv);
	read_guard(m, "SMTPAutoTLS");
	v = prop(obj, "SMTPOptions", &rv);
	read_smtp_options(m, v);
	prop_release(v, &rv);
	read_guard(m, "SMTPOptions");
	v = prop(obj, "Timeout", &rv);
	c->timeout = Z_TYPE_P(v) == IS_NULL ? 300.0 : zval_get_double(v);
	prop_release(v, &rv);
	read_guard(m, "Timeout");
	c->timelimit = read_timelimit(obj);
	read_guard(m, "SMTP::Timelimit");
	c->helo = prop_string(m, obj, "Helo", NULL);
	read_guard(m, "Helo");
	c->hostname = prop_string(m, obj, "Hostname", NULL);
	read_guard(m, "Hostname");
	v = prop(obj, "SMTPAuth", &rv);
	c->smtp_auth = zend_is_true(v);
	prop_release(v, &rv);
	read_guard(m, "SMTPAuth");
	c->username = prop_string(m, obj, "Username", NULL);
	read_guard(m, "Username");
	c->password = prop_string(m, obj, "Password", NULL);
	read_guard(m, "Password");
	c->auth_type = prop_string(m, obj, "AuthType", NULL);
	read_guard(m, "AuthType");
	read_provider(m, obj);
	read_guard(m, "getOAuth()");
	read_server_names(m);
	if (EG(exception)) {
		mailer_free(m);
		return FAILURE;
	}
	return SUCCESS;
}

/* The XOAUTH2 initial response PHPMailer would send: getOauth64() on the mailer's OAuth provider. */
static void oauth_fetch(hook_mailer *m)
{
	zval ret;

	ZVAL_UNDEF(&ret);
	zend_call_method_with_0_params(Z_OBJ(m->provider), Z_OBJCE(m->provider), NULL, "getoauth64", &ret);
	if (EG(exception)) {
		char shown[256];
		exception_text(shown, sizeof(shown));
		m->oauth_error = zend_string_init(shown, strlen(shown), 0);
		zend_clear_exception();
	} else if (Z_TYPE(ret) == IS_STRING) {
		m->oauth64 = zend_string_copy(Z_STR(ret));
	} else {
		m->oauth_error = zend_string_init("getOauth64() returned no string", sizeof("getOauth64() returned no string") - 1, 0);
	}
	zval_ptr_dtor(&ret);
	if (EG(exception)) {
		zend_clear_exception();
	}
	m->cfg.oauth64 = m->oauth64 ? ZSTR_VAL(m->oauth64) : NULL;
	m->cfg.oauth_error = m->oauth_error ? ZSTR_VAL(m->oauth_error) : NULL;
}

/* ---- the caller's options --------------------------------------------------------------------- */

static zend_result hook_bool(HashTable *options, const char *key, int *out)
{
	zval *v = options ? zend_hash_str_find_deref(options, key, strlen(key)) : NULL;

	if (v == NULL || Z_TYPE_P(v) == IS_NULL) {
		return SUCCESS;
	}
	if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
		zend_argument_type_error(2, "option \"%s\" must be of type bool, %s given", key, zend_zval_type_name(v));
		return FAILURE;
	}
	*out = Z_TYPE_P(v) == IS_TRUE;
	return SUCCESS;
}

/* $options as probe options (ValueError/TypeError naming them), and which keys it holds. */
static zend_result read_request(const sd_settings *settings, HashTable *options, sd_mailer_request *req,
	char *helo_buf, size_t helo_len)
{
	static const struct { const char *key; unsigned bit; } keys[] = {
		{ "timeout", SD_MAILER_GIVEN_TIMEOUT }, { "helo", SD_MAILER_GIVEN_HELO },
		{ "verify_peer", SD_MAILER_GIVEN_VERIFY_PEER }, { "verify_peer_name", SD_MAILER_GIVEN_VERIFY_PEER_NAME },
		{ "allow_self_signed", SD_MAILER_GIVEN_ALLOW_SELF_SIGNED }, { "cafile", SD_MAILER_GIVEN_CAFILE },
		{ "capath", SD_MAILER_GIVEN_CAPATH }, { "peer_name", SD_MAILER_GIVEN_PEER_NAME },
		{ "bindto", SD_MAILER_GIVEN_BINDTO },
	};
	sd_probe_opts defaults;
	char default_helo[256];
	zval *v;
	size_t i;

	if (sd_api_probe_options(settings, options, 2, 0, &req->opts, helo_buf, helo_len, hook_keys) == FAILURE) {
		return FAILURE;
	}
	for (i = 0; options && i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (zend_hash_str_exists(options, keys[i].key, strlen(keys[i].key))) {
			req->given |= keys[i].bit;
		}
	}
	if (options && (v = zend_hash_str_find_deref(options, ZEND_STRL("security"))) != NULL) {
		req->given |= Z_TYPE_P(v) == IS_NULL ? SD_MAILER_GIVEN_SECURITY_NULL : SD_MAILER_GIVEN_SECURITY;
	}
	memset(&defaults, 0, sizeof(defaults));
	sd_api_probe_options(settings, NULL, 2, 0, &defaults, default_helo, sizeof(default_helo), hook_keys);
	req->default_timeout_ms = defaults.timeout_ms;
	return SUCCESS;
}

/* ---- the cache key ---------------------------------------------------------------------------- */

static void key_bytes(smart_str *k, const char *p, size_t len)
{
	if (p == NULL) {
		smart_str_appends(k, "-\n");
		return;
	}
	smart_str_append_unsigned(k, len);
	smart_str_appendc(k, ':');
	smart_str_appendl(k, p, len);
	smart_str_appendc(k, '\n');
}

static void key_str(smart_str *k, const char *s)
{
	key_bytes(k, s, s ? strlen(s) : 0);
}

/* The key of the secrets' HMAC: 32 bytes from the CSPRNG, drawn once per process (the cache lives as
 * long as the process). A secret never enters a cache key in clear or as a plain digest, which would
 * let whoever reads the process's memory test guesses; the keyed digest only tells equal secrets apart
 * within this process. Only the SHA-256 states after the key's inner and outer blocks are kept (they
 * stand for the key), so a digest costs two compressions for a short secret, not four. */
static PHP_SHA256_CTX hook_hmac_inner, hook_hmac_outer;
static int hook_hmac_state;   /* 0: not drawn yet, 1: drawn, -1: no CSPRNG (no cache) */

static int hook_hmac_ready(void)
{
	if (hook_hmac_state == 0) {
		unsigned char key[32], pad[64];
		size_t i;

		hook_hmac_state = php_random_bytes_silent(key, sizeof(key)) == SUCCESS ? 1 : -1;
		if (hook_hmac_state == 1) {
			memset(pad, 0x36, sizeof(pad));
			for (i = 0; i < sizeof(key); i++) {
				pad[i] ^= key[i];
			}
			PHP_SHA256Init(&hook_hmac_inner);
			PHP_SHA256Update(&hook_hmac_inner, pad, sizeof(pad));
			memset(pad, 0x5c, sizeof(pad));
			for (i = 0; i < sizeof(key); i++) {
				pad[i] ^= key[i];
			}
			PHP_SHA256Init(&hook_hmac_outer);
			PHP_SHA256Update(&hook_hmac_outer, pad, sizeof(pad));
		}
		ZEND_SECURE_ZERO(key, sizeof(key));
		ZEND_SECURE_ZERO(pad, sizeof(pad));
	}
	return hook_hmac_state == 1;
}

/* HMAC-SHA256 (RFC 2104) of p[0..len) under the process's key. */
static void hook_hmac(const char *p, size_t len, unsigned char out[32])
{
	PHP_SHA256_CTX ctx = hook_hmac_inner;

	PHP_SHA256Update(&ctx, (const unsigned char *) p, len);
	PHP_SHA256Final(out, &ctx);
	ctx = hook_hmac_outer;
	PHP_SHA256Update(&ctx, out, 32);
	PHP_SHA256Final(out, &ctx);
	ZEND_SECURE_ZERO(&ctx, sizeof(ctx));
}

/* A secret, only as its keyed digest; none and an empty one as they are (they reveal nothing). */
static void key_secret(smart_str *k, const char *p, size_t len)
{
	unsigned char digest[32];

	if (p == NULL || len == 0) {
		key_bytes(k, p, 0);
		return;
	}
	hook_hmac(p, len, digest);
	key_bytes(k, (const char *) digest, sizeof(digest));
	ZEND_SECURE_ZERO(digest, sizeof(digest));
}

static void key_ctxopt(smart_str *k, const sd_mailer_ctxopt *o)
{
	smart_str_append_long(k, o->type);
	key_bytes(k, o->text.ptr, o->text.len);
}

/* Numbers as they are held: a key is compared, never read. */
static void key_longs(smart_str *k, const long *v, size_t n)
{
	smart_str_appendl(k, (const char *) v, n * sizeof(*v));
}

static void key_double(smart_str *k, double d)
{
	smart_str_appendl(k, (const char *) &d, sizeof(d));
}

/* uses_password: sd_mailer_uses_password(); otherwise only whether the Password is empty changes a
 * report (a finding), so only that is in the key, and no digest of it is computed. */
static void key_config(smart_str *k, const sd_mailer_config *c, int uses_password)
{
	const sd_mailer_ssl *s = &c->ssl;
	const sd_mailer_bytes *strs[] = { &c->class_name, &c->version, &c->mailer, &c->host, &c->secure, &c->helo,
		&c->hostname, &c->username, &c->auth_type, &c->oauth_class };
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		key_bytes(k, strs[i]->ptr, strs[i]->len);
	}
	if (uses_password) {
		key_secret(k, c->password.ptr, c->password.len);
	} else {
		smart_str_appends(k, c->password.len == 0 ? "p0\n" : "p1\n");
	}
	key_str(k, c->server_name);
	key_str(k, c->machine_name);
	key_str(k, c->read_error);
	key_str(k, c->smtpoptions_note);
	{
		const long v[] = { c->port, c->auto_tls, c->smtp_auth, c->localhost_rule, c->fsockopen_fallback,
			c->smtp_options, s->verify_peer, s->verify_peer_name, s->allow_self_signed, s->has_crypto_method,
			s->crypto_method, s->has_min_proto, s->min_proto, s->has_max_proto, s->max_proto,
			s->has_verify_depth, s->verify_depth, (long) s->fingerprint_type };
		key_longs(k, v, sizeof(v) / sizeof(v[0]));
	}
	key_double(k, c->timeout);
	key_bytes(k, s->fingerprint.ptr, s->fingerprint.len);
	key_ctxopt(k, &s->cafile);
	key_ctxopt(k, &s->capath);
	key_ctxopt(k, &s->peer_name);
	key_ctxopt(k, &c->bindto);
}

static void key_request(smart_str *k, const sd_mailer_request *r)
{
	const sd_probe_opts *o = &r->opts;

	{
		const long v[] = { (long) r->given, r->check_auth, (long) o->security, o->verify_peer, o->verify_peer_name,
			o->allow_self_signed, o->ip_version, o->auth, o->allow_plaintext_auth, o->password_is_token };
		key_longs(k, v, sizeof(v) / sizeof(v[0]));
	}
	key_double(k, r->default_timeout_ms);
	key_double(k, o->timeout_ms);
	key_str(k, o->helo);
	key_str(k, o->cafile);
	key_str(k, o->capath);
	key_str(k, o->peer_name);
	key_str(k, o->connect_to);
	key_str(k, o->bindto);
	key_bytes(k, o->auth ? o->username : NULL, o->username_len);
	key_secret(k, o->auth ? o->password : NULL, o->password_len);
	key_str(k, o->auth_type);
}

/* Everything that changes the outcome; passwords only as keyed digests (key_secret()). */
static zend_string *cache_key(const sd_mailer_config *c, const sd_mailer_request *r)
{
	smart_str key = {0};

	key_config(&key, c, sd_mailer_uses_password(c, r));
	key_request(&key, r);
	smart_str_0(&key);
	return key.s;
}

/* ---- the run ---------------------------------------------------------------------------------- */

/* Probes the entries the plan names into reports[] (UNDEF for the others), with one reading of the
 * environment for all of them (their CA options are the same); a report that ends before the network
 * goes into concluded. */
static void run_plan(sd_mailer_plan *p, zval *reports, zval *concluded)
{
	sd_probe_result *res = emalloc(sizeof(*res));
	sd_probe_opts base, o;
	sd_api_env env;
	int i, have_env = 0;

	while ((i = sd_mailer_next(p)) >= 0) {
		sd_mailer_entry_opts(p, (size_t) i, &o);
		if (!have_env) {
			base = o;
			sd_api_env_begin(&base, &env);
			have_env = 1;
		}
		o.env = base.env;
		o.env_result = base.env_result;
		o.openssl_extension = base.openssl_extension;
		o.cafile = base.cafile;
		o.capath = base.capath;
		sd_probe_run(&o, res);
		sd_report_probe(&reports[i], res, &env.env);
		sd_mailer_record(p, (size_t) i, res->ok, res->verdict);
	}
	sd_mailer_finish(p);
	if (have_env) {
		sd_api_env_end(&base, &env);
	} else {
		/* nothing probed: the report ends before the network */
		char detail[SD_MAILER_DETAIL_MAX], clean[SD_HOST_BUF];
		sd_code code = sd_mailer_conclusion(p, &o, detail, sizeof(detail), clean, sizeof(clean));

		sd_api_env_begin(&o, &env);
		sd_probe_conclude(&o, res, code, detail, clean[0] ? clean : NULL);
		sd_report_probe(concluded, res, &env.env);
		sd_api_env_end(&o, &env);
	}
	efree(res);
}

zend_result sd_hook_run(zval *rv, const sd_settings *settings, zend_object *obj, HashTable *options)
{
	hook_mailer m;
	sd_mailer_request req;
	sd_mailer_plan *plan;
	zend_string *key = NULL;
	zval reports[SD_MAILERHOST_MAX_ENTRIES], concluded;
	int use_cache = 1, check_auth = 0;
	char helo_buf[256];
	size_t i;

	if (hook_bool(options, "cache", &use_cache) == FAILURE || hook_bool(options, "check_auth", &check_auth) == FAILURE
			|| mailer_read(obj, &m) == FAILURE) {
		return FAILURE;
	}
	memset(&req, 0, sizeof(req));
	req.check_auth = check_auth;
	if (read_request(settings, options, &req, helo_buf, sizeof(helo_buf)) == FAILURE) {
		mailer_free(&m);
		return FAILURE;
	}
	if (use_cache && settings->cache_ttl > 0 && hook_hmac_ready()) {
		key = cache_key(&m.cfg, &req);
		if (sd_cache_get(settings->cache, key, rv)) {
			zend_string_release(key);
			mailer_free(&m);
			return SUCCESS;
		}
	}
	if (sd_mailer_wants_oauth(&m.cfg, req.check_auth) && Z_TYPE(m.provider) == IS_OBJECT) {
		oauth_fetch(&m);
	}

	plan = emalloc(sizeof(*plan));
	sd_mailer_plan_init(plan, &m.cfg, &req);
	for (i = 0; i < SD_MAILERHOST_MAX_ENTRIES; i++) {
		ZVAL_UNDEF(&reports[i]);
	}
	ZVAL_UNDEF(&concluded);
	run_plan(plan, reports, &concluded);
	sd_report_mailer(rv, plan, reports, &concluded);
	if (key) {
		sd_cache_put(settings->cache, settings->cache_ttl, key, rv);
		zend_string_release(key);
	}
	for (i = 0; i < SD_MAILERHOST_MAX_ENTRIES; i++) {
		zval_ptr_dtor(&reports[i]);
	}
	zval_ptr_dtor(&concluded);
	efree(plan);
	mailer_free(&m);
	return SUCCESS;
}

/* ---- explaining a failure ------------------------------------------------------------------------ */

static const char *report_str(zval *report, const char *key)
{
	zval *v = zend_hash_str_find(Z_ARRVAL_P(report), key, strlen(key));
	return v && Z_TYPE_P(v) == IS_STRING ? Z_STRVAL_P(v) : NULL;
}

/* The line and the suffix, from the report and the plan. */
static void explain_texts(zval *rv, const sd_mailer_plan *plan, sd_hook_explained *out)
{
	const char *verdict = report_str(rv, "verdict"), *summary = report_str(rv, "summary"), *fix = NULL, *host = "";
	zval *fixes = zend_hash_str_find(Z_ARRVAL_P(rv), ZEND_STRL("fixes"));
	zval *target = zend_hash_str_find(Z_ARRVAL_P(rv), ZEND_STRL("target")), *v;
	long port = 0;
	sd_code code = SD_V_OK;

	if (verdict) {
		sd_code_parse(verdict, strlen(verdict), &code);
	}
	if (fixes && Z_TYPE_P(fixes) == IS_ARRAY && (v = zend_hash_index_find(Z_ARRVAL_P(fixes), 0)) && Z_TYPE_P(v) == IS_STRING) {
		fix = Z_STRVAL_P(v);
	}
	if (target && Z_TYPE_P(target) == IS_ARRAY) {
		if ((v = zend_hash_str_find(Z_ARRVAL_P(target), ZEND_STRL("host"))) && Z_TYPE_P(v) == IS_STRING) {
			host = Z_STRVAL_P(v);
		}
		if ((v = zend_hash_str_find(Z_ARRVAL_P(target), ZEND_STRL("port"))) && Z_TYPE_P(v) == IS_LONG) {
			port = (long) Z_LVAL_P(v);
		}
	}
	out->ok = code == SD_V_OK;
	sd_mailer_explain_line(out->line, sizeof(out->line), plan, sd_mailer_reported(plan), host, port, code, summary, fix);
	sd_mailer_explain_suffix(out->suffix, sizeof(out->suffix), code, summary);
}

int sd_hook_explain(zval *rv, const sd_settings *settings, zend_object *obj, const sd_hook_explain_opts *x,
	sd_hook_explained *out)
{
	hook_mailer m;
	sd_mailer_request req;
	sd_mailer_plan *plan;
	zend_string *key;
	zval reports[SD_MAILERHOST_MAX_ENTRIES], concluded;
	char helo_buf[256], detail[SD_MAILER_DETAIL_MAX + 128];
	int recorded;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (mailer_read(obj, &m) == FAILURE) {
		zend_clear_exception();
		return 0;
	}
	memset(&req, 0, sizeof(req));
	req.check_auth = m.cfg.smtp_auth; /* smtpConnect() authenticates when SMTPAuth is on */
	if (read_request(settings, NULL, &req, helo_buf, sizeof(helo_buf)) == FAILURE) {
		zend_clear_exception();
		mailer_free(&m);
		return 0;
	}
	/* remembered by configuration, not by report: the same failure is explained once per ttl */
	key = cache_key(&m.cfg, &req);
	if (x->seen && x->seen(x->ctx, key)) {
		zend_string_release(key);
		mailer_free(&m);
		return 0;
	}
	zend_string_release(key);
	if (sd_mailer_wants_oauth(&m.cfg, req.check_auth) && Z_TYPE(m.provider) == IS_OBJECT) {
		oauth_fetch(&m);
	}

	plan = emalloc(sizeof(*plan));
	sd_mailer_plan_init(plan, &m.cfg, &req);
	/* the explanation's whole budget, split among the entries PHPMailer tries (the plan reads req later) */
	req.opts.timeout_ms = sd_mailer_explain_budget_ms(plan, x->evidence, x->timeout * 1000.0);
	req.opts.sniff_after_ms = sd_mailer_explain_sniff_ms(x->evidence, req.opts.sniff_after_ms);
	req.given |= SD_MAILER_GIVEN_TIMEOUT;
	for (i = 0; i < SD_MAILERHOST_MAX_ENTRIES; i++) {
		ZVAL_UNDEF(&reports[i]);
	}
	ZVAL_UNDEF(&concluded);
	recorded = sd_mailer_recorded_timeout(plan, x->evidence, detail, sizeof(detail));
	if (recorded >= 0) {
		/* PHPMailer already waited for this dropped port: its timeout is the evidence */
		sd_probe_result *res = emalloc(sizeof(*res));
		sd_probe_opts o;
		sd_api_env env;

		while (sd_mailer_next(plan) >= 0) {
			/* the only usable entry: nothing else to walk */
		}
		sd_mailer_entry_opts(plan, (size_t) recorded, &o);
		o.timeout_ms = m.cfg.timeout * 1000.0; /* what PHPMailer waited, not the explanation's budget */
		sd_api_env_begin(&o, &env);
		sd_probe_conclude(&o, res, SD_V_PORT_BLOCKED, detail, NULL);
		sd_report_probe(&reports[recorded], res, &env.env);
		sd_api_env_end(&o, &env);
		sd_mailer_record(plan, (size_t) recorded, 0, SD_V_PORT_BLOCKED);
		sd_mailer_finish(plan);
		efree(res);
	} else {
		run_plan(plan, reports, &concluded);
	}
	sd_report_mailer(rv, plan, reports, &concluded);
	explain_texts(rv, plan, out);
	for (i = 0; i < SD_MAILERHOST_MAX_ENTRIES; i++) {
		zval_ptr_dtor(&reports[i]);
	}
	zval_ptr_dtor(&concluded);
	efree(plan);
	mailer_free(&m);
	if (EG(exception)) {
		zend_clear_exception();
	}
	return 1;
}
