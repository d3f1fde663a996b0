/* smtpdiag: the PHPMailer hook (see sd_hook.h). PHPMailer's own logic, mirrored from smtpConnect():
 * Host split on ';', each entry trimmed and matched (src/engine/sd_mailerhost.c), the entry's prefix or
 * SMTPSecure choosing implicit TLS or STARTTLS, the entry's port overriding Port, opportunistic
 * STARTTLS when SMTPAutoTLS is on, SMTPOptions as the stream context. */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/standard/php_var.h"
#include "ext/hash/php_hash.h"
#include "ext/hash/php_hash_sha.h"
#include "Zend/zend_smart_str.h"
#include "Zend/zend_interfaces.h"
#include "Zend/zend_exceptions.h"
#include "ext/standard/php_versioning.h"

#ifndef _WIN32
# include <unistd.h>
#endif

#include "php_smtpdiag.h"
#include "src/php/sd_api.h"
#include "src/php/sd_cache.h"
#include "src/php/sd_hook.h"
#include "src/engine/sd_host.h"
#include "src/engine/sd_mailerhost.h"
#include "src/php/sd_report.h"
#include "src/engine/sd_text.h"
#include "src/engine/sd_tls.h"

/* The mailer's settings, as read. Strings are owned (zend_string) and released by mailer_free(). */
typedef struct {
	zend_string *class_name;
	zend_string *version;        /* PHPMailer::VERSION, or NULL */
	zend_string *mailer;
	zend_string *host;
	zend_long port;
	zend_string *secure;
	int auto_tls;
	zval smtp_options;           /* array (a copy), or null */
	double timeout;
	zend_string *helo;
	zend_string *hostname;
	int smtp_auth;
	zend_string *username;
	zend_string *password;       /* read only to key the cache with its hash; never reported */
	zend_string *auth_type;
	zend_string *oauth_class;    /* the class of getOAuth()'s provider, or NULL */
	/* SMTPOptions['ssl'] settings that only reach the TLS engine, not the options array */
	zend_long crypto_method;     /* -1: not set */
	int min_proto, max_proto;    /* min_proto_version / max_proto_version as SD_TLS_V1_x; 0: not set */
	int verify_depth;            /* -1: not set */
	zend_string *fingerprint;    /* peer_fingerprint as "algo:hex,..." (see sd_tls_opts), or NULL */
	int helo_dirty;              /* Helo has spaces or control characters: the probe uses what is before */
} mailer_t;

static const char *const hook_keys[] = { "cache", "check_auth", NULL };

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

static zend_string *prop_string(zend_object *obj, const char *name)
{
	zval rv, *v = prop(obj, name, &rv);
	zend_string *s = zval_get_string(v);

	if (v == &rv) {
		zval_ptr_dtor(&rv);
	}
	return s;
}

static void mailer_free(mailer_t *m)
{
	zend_string **strs[] = { &m->class_name, &m->version, &m->mailer, &m->host, &m->secure, &m->helo,
		&m->hostname, &m->username, &m->password, &m->auth_type, &m->oauth_class, &m->fingerprint };
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		if (*strs[i]) {
			zend_string_release(*strs[i]);
			*strs[i] = NULL;
		}
	}
	zval_ptr_dtor(&m->smtp_options);
	ZVAL_NULL(&m->smtp_options);
}

static zend_result mailer_read(zend_object *obj, mailer_t *m)
{
	zend_class_entry *ce = obj->ce;
	zval rv, *v;
	zend_string *cname;
	zval *c;
	zend_function *fn;

	memset(m, 0, sizeof(*m));
	ZVAL_NULL(&m->smtp_options);
	if (!is_public_prop(ce, "Mailer") || !is_public_prop(ce, "Host") || !is_public_prop(ce, "Port")
			|| !is_public_prop(ce, "SMTPSecure")) {
		zend_argument_type_error(1, "must be a PHPMailer object (with public Mailer, Host, Port and "
			"SMTPSecure properties), %s given", ZSTR_VAL(ce->name));
		return FAILURE;
	}
	m->class_name = zend_string_copy(ce->name);
	cname = zend_string_init("VERSION", sizeof("VERSION") - 1, 0);
	c = zend_get_class_constant_ex(ce->name, cname, ce, ZEND_FETCH_CLASS_SILENT);
	zend_string_release(cname);
	if (EG(exception)) {
		zend_clear_exception();
		c = NULL;
	}
	m->version = c && Z_TYPE_P(c) == IS_STRING ? zend_string_copy(Z_STR_P(c)) : NULL;

	m->mailer = prop_string(obj, "Mailer");
	v = prop(obj, "Host", &rv);
	/* PHPMailer reads a null Host as 'localhost'. */
	m->host = Z_TYPE_P(v) == IS_NULL ? zend_string_init("localhost", 9, 0) : zval_get_string(v);
	if (v == &rv) zval_ptr_dtor(&rv);
	v = prop(obj, "Port", &rv);
	m->port = zval_get_long(v);
	if (v == &rv) zval_ptr_dtor(&rv);
	m->secure = prop_string(obj, "SMTPSecure");
	v = prop(obj, "SMTPAutoTLS", &rv);
	m->auto_tls = Z_TYPE_P(v) == IS_NULL && !is_public_prop(ce, "SMTPAutoTLS") ? 1 : zend_is_true(v);
	if (v == &rv) zval_ptr_dtor(&rv);
	v = prop(obj, "SMTPOptions", &rv);
	if (Z_TYPE_P(v) == IS_ARRAY) {
		ZVAL_COPY(&m->smtp_options, v);
	}
	if (v == &rv) zval_ptr_dtor(&rv);
	v = prop(obj, "Timeout", &rv);
	m->timeout = Z_TYPE_P(v) == IS_NULL ? 300.0 : zval_get_double(v);
	if (v == &rv) zval_ptr_dtor(&rv);
	m->helo = prop_string(obj, "Helo");
	m->hostname = prop_string(obj, "Hostname");
	v = prop(obj, "SMTPAuth", &rv);
	m->smtp_auth = zend_is_true(v);
	if (v == &rv) zval_ptr_dtor(&rv);
	m->username = prop_string(obj, "Username");
	m->password = prop_string(obj, "Password");
	m->auth_type = prop_string(obj, "AuthType");

	/* The OAuth provider is protected: ask for it as PHPMailer's users do. */
	fn = zend_hash_str_find_ptr(&ce->function_table, "getoauth", sizeof("getoauth") - 1);
	if (fn && (fn->common.fn_flags & ZEND_ACC_PUBLIC) && fn->common.required_num_args == 0) {
		zval ret;
		ZVAL_UNDEF(&ret);
		zend_call_known_instance_method_with_0_params(fn, obj, &ret);
		if (EG(exception)) {
			zend_clear_exception();
		} else if (Z_TYPE(ret) == IS_OBJECT) {
			m->oauth_class = zend_string_copy(Z_OBJCE(ret)->name);
		}
		zval_ptr_dtor(&ret);
	}
	if (EG(exception)) {
		mailer_free(m);
		return FAILURE;
	}
	return SUCCESS;
}

/* Would PHPMailer take name, alone, as a Host entry (isValidHost(), no port, no list)? */
static int mailer_accepts(const char *name)
{
	sd_mailerhost_result *r;
	int ok;

	if (name == NULL || !name[0] || strchr(name, ';') != NULL) {
		return 0;
	}
	r = emalloc(sizeof(*r));
	ok = sd_mailerhost_parse(name, strlen(name), "", 0, 25, r) == 1 && r->count == 1
		&& r->entries[0].host.len == strlen(name);
	efree(r);
	return ok;
}

/* PHPMailer's serverHostname(): Hostname, else $_SERVER['SERVER_NAME'], else gethostname(); a value
 * isValidHost() refuses becomes 'localhost.localdomain'. */
static void server_hostname(const mailer_t *m, char *out, size_t cap)
{
	const char *name = NULL;
	char buf[256];

	if (ZSTR_LEN(m->hostname)) {
		name = ZSTR_VAL(m->hostname);
	} else {
		zval *server, *sn;
		zend_is_auto_global_str(ZEND_STRL("_SERVER"));
		server = &PG(http_globals)[TRACK_VARS_SERVER];
		if (Z_TYPE_P(server) == IS_ARRAY
				&& (sn = zend_hash_str_find(Z_ARRVAL_P(server), ZEND_STRL("SERVER_NAME"))) != NULL
				&& Z_TYPE_P(sn) == IS_STRING) {
			name = Z_STRVAL_P(sn);
		} else if (gethostname(buf, sizeof(buf)) == 0) {
			buf[sizeof(buf) - 1] = '\0';
			name = buf;
		}
	}
	snprintf(out, cap, "%s", mailer_accepts(name) ? name : "localhost.localdomain");
}

/* PHP's crypto_method bits (STREAM_CRYPTO_METHOD_TLSv1_x_CLIENT without the client bit) and
 * STREAM_CRYPTO_PROTO_TLSv1_x: 8, 16, 32, 64 for TLS 1.0 to 1.3. */
static int proto_of_bit(zend_long bit)
{
	return bit == 8 ? SD_TLS_V1_0 : bit == 16 ? SD_TLS_V1_1 : bit == 32 ? SD_TLS_V1_2 : SD_TLS_V1_3;
}

/* The SMTPOptions['ssl'] settings PHP's TLS applies beyond the probe options: crypto_method,
 * min_proto_version, max_proto_version, verify_depth, peer_fingerprint. */
static void ssl_extras(mailer_t *m)
{
	zval *ssl, *v;

	m->crypto_method = -1;
	m->verify_depth = -1;
	if (Z_TYPE(m->smtp_options) != IS_ARRAY
			|| (ssl = zend_hash_str_find_deref(Z_ARRVAL(m->smtp_options), ZEND_STRL("ssl"))) == NULL
			|| Z_TYPE_P(ssl) != IS_ARRAY) {
		return;
	}
	if ((v = zend_hash_str_find_deref(Z_ARRVAL_P(ssl), ZEND_STRL("crypto_method"))) != NULL) {
		m->crypto_method = zval_get_long(v);
	}
	if ((v = zend_hash_str_find_deref(Z_ARRVAL_P(ssl), ZEND_STRL("min_proto_version"))) != NULL) {
		m->min_proto = proto_of_bit(zval_get_long(v));
	}
	if ((v = zend_hash_str_find_deref(Z_ARRVAL_P(ssl), ZEND_STRL("max_proto_version"))) != NULL) {
		m->max_proto = proto_of_bit(zval_get_long(v));
	}
	if ((v = zend_hash_str_find_deref(Z_ARRVAL_P(ssl), ZEND_STRL("verify_depth"))) != NULL) {
		zend_long d = zval_get_long(v);
		m->verify_depth = d < 0 ? 0 : d > 100 ? 100 : (int) d;
	}
	if ((v = zend_hash_str_find_deref(Z_ARRVAL_P(ssl), ZEND_STRL("peer_fingerprint"))) != NULL) {
		/* PHP: 32 hex digits are MD5, 40 are SHA-1, an array maps algorithms to digests; anything
		 * else fails the handshake. "?" matches nothing. */
		smart_str spec = {0};
		if (Z_TYPE_P(v) == IS_STRING) {
			const char *algo = Z_STRLEN_P(v) == 32 ? "md5" : Z_STRLEN_P(v) == 40 ? "sha1" : NULL;
			if (algo && strpbrk(Z_STRVAL_P(v), ":,") == NULL) {
				smart_str_append_printf(&spec, "%s:%s", algo, Z_STRVAL_P(v));
			} else {
				smart_str_appendc(&spec, '?');
			}
		} else if (Z_TYPE_P(v) == IS_ARRAY) {
			zend_string *key;
			zval *hex;
			ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(v), key, hex) {
				ZVAL_DEREF(hex);
				if (key == NULL || Z_TYPE_P(hex) != IS_STRING || strpbrk(ZSTR_VAL(key), ":,") != NULL
						|| strpbrk(Z_STRVAL_P(hex), ":,") != NULL) {
					smart_str_free(&spec);
					smart_str_appendc(&spec, '?');
					break;
				}
				smart_str_append_printf(&spec, "%s%s:%s", spec.s ? "," : "", ZSTR_VAL(key), Z_STRVAL_P(hex));
			} ZEND_HASH_FOREACH_END();
		} else {
			smart_str_appendc(&spec, '?');
		}
		smart_str_0(&spec);
		m->fingerprint = spec.s ? spec.s : ZSTR_EMPTY_ALLOC();
	}
}

/* The TLS range PHP uses for an entry: ssl:// takes crypto_method from the context; STARTTLS uses
 * the method PHPMailer passes itself. min_proto_version and max_proto_version apply to both. */
static void entry_protos(const mailer_t *m, sd_mailerhost_mode mode, int *min, int *max)
{
	*min = 0;
	*max = 0;
	if (mode == SD_MAILERHOST_MODE_SMTPS && m->crypto_method >= 0) {
		zend_long bits = m->crypto_method & (8 | 16 | 32 | 64), b;
		*min = SD_TLS_V1_3;
		*max = SD_TLS_V1_0;  /* no bit: PHP's range is empty and the handshake fails */
		for (b = 8; b <= 64; b <<= 1) {
			if (bits & b) {
				*min = proto_of_bit(b);
				break;
			}
		}
		for (b = 64; b >= 8; b >>= 1) {
			if (bits & b) {
				*max = proto_of_bit(b);
				break;
			}
		}
	}
	if (m->min_proto) {
		*min = m->min_proto;
	}
	if (m->max_proto) {
		*max = m->max_proto;
	}
}

static const char *mode_security(sd_mailerhost_mode mode, int auto_tls)
{
	switch (mode) {
		case SD_MAILERHOST_MODE_SMTPS: return "smtps";
		case SD_MAILERHOST_MODE_STARTTLS: return "starttls";
		default: return auto_tls ? "auto" : "none";
	}
}

/* The probe options PHPMailer's settings amount to; user options are laid over them later. */
static void derived_options(zval *out, const mailer_t *m, const char *helo, int fsockopen_fallback)
{
	double ini_timeout = SMTPDIAG_G(timeout);
	zval *ssl, *socket, *v;

	array_init(out);
	add_assoc_double(out, "timeout", m->timeout > 0 && m->timeout < ini_timeout ? m->timeout : ini_timeout);
	add_assoc_string(out, "helo", (char *) helo);
	if (fsockopen_fallback || Z_TYPE(m->smtp_options) != IS_ARRAY) {
		return;
	}
	/* PHP's ssl context reads these loosely: booleans by truthiness, paths as strings. */
	ssl = zend_hash_str_find_deref(Z_ARRVAL(m->smtp_options), ZEND_STRL("ssl"));
	if (ssl && Z_TYPE_P(ssl) == IS_ARRAY) {
		static const char *const bools[] = { "verify_peer", "verify_peer_name", "allow_self_signed" };
		static const char *const strs[] = { "cafile", "capath", "peer_name" };
		size_t i;

		for (i = 0; i < 3; i++) {
			if ((v = zend_hash_str_find_deref(Z_ARRVAL_P(ssl), bools[i], strlen(bools[i]))) != NULL) {
				add_assoc_bool(out, bools[i], zend_is_true(v));
			}
			if ((v = zend_hash_str_find_deref(Z_ARRVAL_P(ssl), strs[i], strlen(strs[i]))) != NULL
					&& Z_TYPE_P(v) != IS_NULL && Z_TYPE_P(v) != IS_ARRAY && Z_TYPE_P(v) != IS_OBJECT) {
				add_assoc_str(out, strs[i], zval_get_string(v));
			}
		}
	}
	socket = zend_hash_str_find_deref(Z_ARRVAL(m->smtp_options), ZEND_STRL("socket"));
	if (socket && Z_TYPE_P(socket) == IS_ARRAY
			&& (v = zend_hash_str_find_deref(Z_ARRVAL_P(socket), ZEND_STRL("bindto"))) != NULL
			&& Z_TYPE_P(v) == IS_STRING) {
		add_assoc_str(out, "bindto", zend_string_copy(Z_STR_P(v)));
	}
}

static void add_finding(zval *list, sd_code code, const char *severity, const char *fmt, ...)
{
	zval row;
	va_list ap;
	zend_string *msg;

	va_start(ap, fmt);
	msg = zend_vstrpprintf(0, fmt, ap);
	va_end(ap);
	array_init_size(&row, 3);
	add_assoc_string(&row, "code", (char *) sd_code_name(code));
	add_assoc_string(&row, "severity", (char *) severity);
	add_assoc_str(&row, "message", msg);
	add_next_index_zval(list, &row);
}

/* What PHPMailer will not say about its own configuration, found before any network. */
static void config_findings(zval *list, const mailer_t *m, const sd_mailerhost_result *hr, zval *derived,
	int fsockopen_fallback)
{
	sd_mailerhost_secure_hint hint;
	zval *v;
	size_t i;

	if (sd_mailerhost_secure_check(ZSTR_VAL(m->secure), ZSTR_LEN(m->secure), (long) m->port, &hint)) {
		add_finding(list, SD_F_SMTPSECURE_IGNORED, "warning", "SMTPSecure '%s' means nothing to PHPMailer, which "
			"compares it exactly and uses no required encryption; write $mail->SMTPSecure = %s;",
			ZSTR_VAL(m->secure), hint.constant);
	}
	for (i = 0; i < hr->count; i++) {
		const sd_mailerhost_entry *e = &hr->entries[i];
		if (e->skip != SD_MAILERHOST_SKIP_NONE) {
			continue;
		}
		if (e->mode == SD_MAILERHOST_MODE_SMTPS && e->connect_port == 587) {
			add_finding(list, SD_F_PORT_MODE_MISMATCH, "warning", "implicit TLS (SMTPSecure 'ssl') on port 587 "
				"never works: 587 speaks STARTTLS; use $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; "
				"or port 465");
		} else if (e->mode == SD_MAILERHOST_MODE_STARTTLS && e->connect_port == 465) {
			add_finding(list, SD_F_PORT_MODE_MISMATCH, "warning", "STARTTLS (SMTPSecure 'tls') on port 465 never "
				"works: 465 expects implicit TLS; use $mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; or "
				"port 587");
		} else if (e->mode == SD_MAILERHOST_MODE_NONE && !m->auto_tls) {
			add_finding(list, SD_F_CLEARTEXT_CONFIGURED, "warning", "no SMTPSecure and SMTPAutoTLS off: mail and "
				"passwords to %.*s travel in clear text", (int) e->host.len, e->host.ptr);
		}
	}
	if ((v = zend_hash_str_find(Z_ARRVAL_P(derived), ZEND_STRL("verify_peer"))) && Z_TYPE_P(v) == IS_FALSE) {
		add_finding(list, SD_F_VERIFICATION_DISABLED, "warning", "SMTPOptions sets verify_peer false: any "
			"certificate is accepted, so anyone on the path can read mail and passwords; trust the right CA "
			"with 'cafile' instead");
	} else if ((v = zend_hash_str_find(Z_ARRVAL_P(derived), ZEND_STRL("verify_peer_name"))) && Z_TYPE_P(v) == IS_FALSE) {
		add_finding(list, SD_F_VERIFICATION_DISABLED, "warning", "SMTPOptions sets verify_peer_name false: a "
			"certificate for any name is accepted; set 'peer_name' to the certificate's name instead");
	}
	if ((v = zend_hash_str_find(Z_ARRVAL_P(derived), ZEND_STRL("allow_self_signed"))) && Z_TYPE_P(v) == IS_TRUE) {
		add_finding(list, SD_F_SELF_SIGNED_ALLOWED, "info", "SMTPOptions allows self-signed certificates");
	}
	if (m->timeout >= 60) {
		add_finding(list, SD_F_TIMEOUT_LONG, "warning", "Timeout is %.0f s: a blocked port or a silent server holds "
			"every send that long (and may hit max_execution_time first); 10 to 30 s is plenty", m->timeout);
	}
	if (m->smtp_auth && (ZSTR_LEN(m->username) == 0 || ZSTR_LEN(m->password) == 0)) {
		add_finding(list, SD_F_AUTH_CREDENTIALS_MISSING, "warning", "SMTPAuth is on but %s empty",
			ZSTR_LEN(m->username) == 0 && ZSTR_LEN(m->password) == 0 ? "Username and Password are"
			: ZSTR_LEN(m->username) == 0 ? "Username is" : "Password is");
	}
	if (fsockopen_fallback && Z_TYPE(m->smtp_options) == IS_ARRAY && zend_hash_num_elements(Z_ARRVAL(m->smtp_options))) {
		add_finding(list, SD_F_SMTPOPTIONS_IGNORED, "warning", "stream_socket_client() is disabled, so PHPMailer "
			"connects with fsockopen(), which ignores SMTPOptions (CA file, verification settings, bindto)");
	}
	if (m->helo_dirty) {
		char shown[256];
		sd_text_escape(ZSTR_VAL(m->helo), ZSTR_LEN(m->helo), shown, sizeof(shown));
		add_finding(list, SD_F_HELO_INVALID, "warning", "Helo \"%s\" has spaces or control characters; PHPMailer "
			"sends it as it is, and a strict server refuses the EHLO (a line break even starts a second "
			"command); set $mail->Helo to this machine's host name", shown);
	}
	if (hr->dropped) {
		add_finding(list, SD_F_HOST_LIST_LONG, "info", "Host lists more than %d entries; only the first %d are "
			"examined", SD_MAILERHOST_MAX_ENTRIES, SD_MAILERHOST_MAX_ENTRIES);
	}
}

static void mailer_array(zval *out, const mailer_t *m)
{
	array_init_size(out, 14);
	add_assoc_str(out, "class", zend_string_copy(m->class_name));
	if (m->version) {
		add_assoc_str(out, "version", zend_string_copy(m->version));
	} else {
		add_assoc_null(out, "version");
	}
	add_assoc_str(out, "Mailer", zend_string_copy(m->mailer));
	add_assoc_str(out, "Host", zend_string_copy(m->host));
	add_assoc_long(out, "Port", m->port);
	add_assoc_str(out, "SMTPSecure", zend_string_copy(m->secure));
	add_assoc_bool(out, "SMTPAutoTLS", m->auto_tls);
	add_assoc_double(out, "Timeout", m->timeout);
	add_assoc_bool(out, "SMTPAuth", m->smtp_auth);
	add_assoc_str(out, "Username", zend_string_copy(m->username));
	add_assoc_str(out, "AuthType", zend_string_copy(m->auth_type));
	if (m->oauth_class) {
		add_assoc_str(out, "oauth", zend_string_copy(m->oauth_class));
	} else {
		add_assoc_null(out, "oauth");
	}
}

/* What check_auth adds to each entry's probe. Strings are owned and released by hook_auth_free(). */
typedef struct {
	int check;                   /* the check_auth option */
	zend_string *oauth64;        /* getOAuth()->getOauth64(), when PHPMailer may use XOAUTH2 */
	zend_string *oauth_error;    /* the provider's exception, class and message */
} hook_auth_t;

static void hook_auth_free(hook_auth_t *a)
{
	if (a->oauth64) {
		/* a bearer token: gone from memory before it is freed, unless something else still holds it
		 * (an interned literal, or a string the provider keeps) */
		if (!ZSTR_IS_INTERNED(a->oauth64) && GC_REFCOUNT(a->oauth64) == 1) {
			ZEND_SECURE_ZERO(ZSTR_VAL(a->oauth64), ZSTR_LEN(a->oauth64));
		}
		zend_string_release(a->oauth64);
		a->oauth64 = NULL;
	}
	if (a->oauth_error) {
		zend_string_release(a->oauth_error);
		a->oauth_error = NULL;
	}
}

/* The XOAUTH2 initial response PHPMailer would send: it calls getOauth64() on the mailer's OAuth
 * provider only when it authenticates with XOAUTH2, which an AuthType of '' or 'XOAUTH2' allows. */
static void oauth_fetch(zend_object *obj, const mailer_t *m, hook_auth_t *a)
{
	zend_function *fn;
	zval provider, ret;

	if (m->oauth_class == NULL || (ZSTR_LEN(m->auth_type) && !zend_string_equals_literal(m->auth_type, "XOAUTH2"))) {
		return;
	}
	fn = zend_hash_str_find_ptr(&obj->ce->function_table, "getoauth", sizeof("getoauth") - 1);
	if (fn == NULL) {
		return;
	}
	ZVAL_UNDEF(&provider);
	zend_call_known_instance_method_with_0_params(fn, obj, &provider);
	if (!EG(exception) && Z_TYPE(provider) == IS_OBJECT) {
		ZVAL_UNDEF(&ret);
		zend_call_method_with_0_params(Z_OBJ(provider), Z_OBJCE(provider), NULL, "getoauth64", &ret);
		if (EG(exception)) {
			zend_object *ex = EG(exception);
			zval rv, *msg = zend_read_property(ex->ce, ex, "message", sizeof("message") - 1, 1, &rv);
			char shown[256];
			zend_string *text = zval_get_string(msg);
			sd_text_escape(ZSTR_VAL(text), ZSTR_LEN(text), shown, sizeof(shown));
			a->oauth_error = zend_strpprintf(0, "%s: %s", ZSTR_VAL(ex->ce->name), shown);
			zend_string_release(text);
			zend_clear_exception();
		} else if (Z_TYPE(ret) == IS_STRING) {
			a->oauth64 = zend_string_copy(Z_STR(ret));
		} else {
			a->oauth_error = zend_string_init("getOauth64() returned no string", sizeof("getOauth64() returned no string") - 1, 0);
		}
		zval_ptr_dtor(&ret);
	}
	if (EG(exception)) {
		zend_clear_exception();
	}
	zval_ptr_dtor(&provider);
}

/* Runs a probe with opts from an options array, and returns its report in rv. */
static zend_result probe_with(zval *rv, HashTable *options, int port, const char *host, size_t host_len,
	const char *autotls_host, int localhost_rule, const mailer_t *m, sd_mailerhost_mode mode, const hook_auth_t *a)
{
	sd_probe_opts opts;
	char helo_buf[256];

	memset(&opts, 0, sizeof(opts));
	if (sd_api_probe_options(options, 2, port, &opts, helo_buf, sizeof(helo_buf), hook_keys) == FAILURE) {
		return FAILURE;
	}
	opts.hook_auth_off = !m->smtp_auth;
	if (a->check && m->smtp_auth && !opts.auth) {
		/* authenticate() as smtpConnect() calls it: Username, Password, AuthType and the OAuth provider */
		opts.auth = 1;
		opts.username = ZSTR_VAL(m->username);
		opts.username_len = ZSTR_LEN(m->username);
		opts.password = ZSTR_VAL(m->password);
		opts.password_len = ZSTR_LEN(m->password);
		opts.auth_type = ZSTR_VAL(m->auth_type);
		opts.oauth64 = a->oauth64 ? ZSTR_VAL(a->oauth64) : NULL;
		opts.oauth_error = a->oauth_error ? ZSTR_VAL(a->oauth_error) : NULL;
		opts.password_is_token = 0;
	}
	opts.host = host;
	opts.host_len = host_len;
	opts.port = port;
	opts.autotls_host = autotls_host;
	opts.no_localhost_autotls = localhost_rule;
	entry_protos(m, mode, &opts.min_proto, &opts.max_proto);
	opts.verify_depth = m->verify_depth;
	opts.fingerprint = m->fingerprint ? ZSTR_VAL(m->fingerprint) : NULL;
	sd_api_probe_array(rv, &opts);
	return SUCCESS;
}

/* A report that ends before any network (mailer_not_smtp, host_malformed, openssl_missing). */
static void conclude(zval *rv, const char *host, long port, const char *security, sd_code code,
	const char *detail, const char *clean)
{
	sd_probe_opts opts;
	sd_probe_result *res = emalloc(sizeof(*res));
	sd_api_env e;

	memset(&opts, 0, sizeof(opts));
	opts.host = host;
	opts.host_len = strlen(host);
	opts.port = (int) port;
	opts.security = strcmp(security, "smtps") == 0 ? SD_SEC_SMTPS : strcmp(security, "starttls") == 0
		? SD_SEC_STARTTLS : strcmp(security, "none") == 0 ? SD_SEC_NONE : SD_SEC_AUTO;
	opts.timeout_ms = SMTPDIAG_G(timeout) * 1000.0;
	opts.verify_depth = -1;
	sd_api_env_begin(&opts, &e);
	sd_probe_conclude(&opts, res, code, detail, clean);
	sd_report_probe(rv, res, &e.env);
	sd_api_env_end(&opts, &e);
	efree(res);
}

/* The cache key: everything that changes the outcome; the password only as a SHA-256 digest. */
static zend_string *cache_key(const mailer_t *m, HashTable *options)
{
	smart_str key = {0};
	PHP_SHA256_CTX ctx;
	unsigned char digest[32];
	php_serialize_data_t vars;
	zval tmp;

	smart_str_append(&key, m->class_name);
	smart_str_appendc(&key, '\n');
	smart_str_append(&key, m->mailer);
	smart_str_appendc(&key, '\n');
	smart_str_append(&key, m->host);
	smart_str_append_printf(&key, "\n%ld\n", (long) m->port);
	smart_str_append(&key, m->secure);
	smart_str_append_printf(&key, "\n%d\n%.3f\n", m->auto_tls, m->timeout);
	smart_str_append(&key, m->helo);
	smart_str_appendc(&key, '\n');
	smart_str_append(&key, m->hostname);
	smart_str_append_printf(&key, "\n%d\n", m->smtp_auth);
	smart_str_append(&key, m->username);
	smart_str_appendc(&key, '\n');
	PHP_SHA256Init(&ctx);
	PHP_SHA256Update(&ctx, (const unsigned char *) ZSTR_VAL(m->password), ZSTR_LEN(m->password));
	PHP_SHA256Final(digest, &ctx);
	smart_str_append_escaped(&key, (const char *) digest, sizeof(digest));
	smart_str_appendc(&key, '\n');
	smart_str_append(&key, m->auth_type);
	smart_str_appendc(&key, '\n');
	if (m->oauth_class) {
		smart_str_append(&key, m->oauth_class);
	}
	smart_str_append_printf(&key, "\n%.3f\n%s\n", SMTPDIAG_G(timeout), SMTPDIAG_G(helo) ? SMTPDIAG_G(helo) : "");
	PHP_VAR_SERIALIZE_INIT(vars);
	php_var_serialize(&key, (zval *) &m->smtp_options, &vars);
	if (options) {
		/* 'cache' decides whether to look, not what is found */
		ZVAL_ARR(&tmp, zend_array_dup(options));
		zend_hash_str_del(Z_ARRVAL(tmp), ZEND_STRL("cache"));
		php_var_serialize(&key, &tmp, &vars);
		zval_ptr_dtor(&tmp);
	}
	PHP_VAR_SERIALIZE_DESTROY(vars);
	smart_str_0(&key);
	return key.s;
}

zend_result sd_hook_run(zval *rv, zend_object *obj, HashTable *options)
{
	mailer_t m;
	sd_mailerhost_result *hr = NULL;
	zval derived, config, hosts, mailer_info, report, *chosen = NULL, *v;
	HashTable *merged = NULL;
	zend_string *key = NULL;
	int use_cache = 1, fsockopen_fallback, localhost_rule;
	hook_auth_t auth = { 0, NULL, NULL };
	char helo[256];
	size_t i;
	zend_result result = FAILURE;

	ZVAL_UNDEF(&derived);
	ZVAL_UNDEF(&config);
	ZVAL_UNDEF(&hosts);
	ZVAL_UNDEF(&mailer_info);
	ZVAL_UNDEF(&report);

	if (options && (v = zend_hash_str_find_deref(options, ZEND_STRL("cache"))) != NULL && Z_TYPE_P(v) != IS_NULL) {
		if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
			zend_argument_type_error(2, "option \"cache\" must be of type bool, %s given", zend_zval_type_name(v));
			return FAILURE;
		}
		use_cache = Z_TYPE_P(v) == IS_TRUE;
	}
	if (options && (v = zend_hash_str_find_deref(options, ZEND_STRL("check_auth"))) != NULL && Z_TYPE_P(v) != IS_NULL) {
		if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
			zend_argument_type_error(2, "option \"check_auth\" must be of type bool, %s given", zend_zval_type_name(v));
			return FAILURE;
		}
		auth.check = Z_TYPE_P(v) == IS_TRUE;
	}
	if (mailer_read(obj, &m) == FAILURE) {
		return FAILURE;
	}

	if (use_cache && SMTPDIAG_G(cache_ttl) > 0) {
		key = cache_key(&m, options);
		if (sd_cache_get(key, rv)) {
			zend_string_release(key);
			mailer_free(&m);
			return SUCCESS;
		}
	}

	fsockopen_fallback = zend_hash_str_find_ptr(CG(function_table), ZEND_STRL("stream_socket_client")) == NULL;
	/* PHPMailer 6.9 stopped opportunistic STARTTLS for Host 'localhost'; older ones still do it. */
	localhost_rule = m.version == NULL || php_version_compare(ZSTR_VAL(m.version), "6.9.0") >= 0;
	if (ZSTR_LEN(m.helo)) {
		/* PHPMailer sends Helo unchecked; the probe sends what a server reads as the name. */
		size_t k;
		snprintf(helo, sizeof(helo), "%s", ZSTR_VAL(m.helo));
		for (k = 0; k < ZSTR_LEN(m.helo); k++) {
			unsigned char c = (unsigned char) ZSTR_VAL(m.helo)[k];
			if (c <= ' ' || c >= 0x7f) {
				m.helo_dirty = 1;
				helo[k < sizeof(helo) ? k : sizeof(helo) - 1] = '\0';
				break;
			}
		}
		if (helo[0] == '\0') {
			server_hostname(&m, helo, sizeof(helo));
		}
	} else {
		server_hostname(&m, helo, sizeof(helo));
	}
	if (!fsockopen_fallback) {
		ssl_extras(&m);
	} else {
		m.crypto_method = -1;
		m.verify_depth = -1;
	}

	derived_options(&derived, &m, helo, fsockopen_fallback);
	if (options) {
		zend_hash_merge(Z_ARRVAL(derived), options, zval_add_ref, 1);
		zend_hash_str_del(Z_ARRVAL(derived), ZEND_STRL("cache"));
	}
	merged = Z_ARRVAL(derived);
	if (auth.check && m.smtp_auth) {
		oauth_fetch(obj, &m, &auth);
	}

	hr = emalloc(sizeof(*hr));
	sd_mailerhost_parse(ZSTR_VAL(m.host), ZSTR_LEN(m.host), ZSTR_VAL(m.secure), ZSTR_LEN(m.secure), (long) m.port, hr);
	array_init(&config);
	config_findings(&config, &m, hr, &derived, fsockopen_fallback);
	mailer_array(&mailer_info, &m);
	array_init(&hosts);

	if (!zend_string_equals_literal(m.mailer, "smtp")) {
		char detail[128];
		snprintf(detail, sizeof(detail), "Mailer is '%.60s'", ZSTR_VAL(m.mailer));
		conclude(&report, ZSTR_VAL(m.host), (long) m.port, mode_security(hr->secure, m.auto_tls),
			SD_V_MAILER_NOT_SMTP, detail, NULL);
		chosen = &report;
	}

	for (i = 0; i < hr->count; i++) {
		const sd_mailerhost_entry *e = &hr->entries[i];
		zval row, entry_report;

		array_init_size(&row, 10);
		add_assoc_stringl(&row, "entry", (char *) e->raw.ptr, e->raw.len);
		if (e->matched) {
			add_assoc_stringl(&row, "host", (char *) e->host.ptr, e->host.len);
		} else {
			add_assoc_null(&row, "host");
		}
		if (e->skip == SD_MAILERHOST_SKIP_NONE) {
			add_assoc_long(&row, "port", e->connect_port);
			add_assoc_string(&row, "security", (char *) mode_security(e->mode, m.auto_tls));
			add_assoc_string(&row, "connect", (char *) e->connect);
			add_assoc_bool(&row, "skipped", 0);
			add_assoc_null(&row, "reason");
		} else {
			char debug[SD_MAILERHOST_CONNECT_LEN + 32];
			sd_mailerhost_debug_text(e, debug, sizeof(debug));
			add_assoc_null(&row, "port");
			add_assoc_null(&row, "security");
			add_assoc_null(&row, "connect");
			add_assoc_bool(&row, "skipped", 1);
			add_assoc_string(&row, "reason", (char *) e->reason);
			char shown[SD_MAILERHOST_CONNECT_LEN + 32];
			sd_text_escape(e->trimmed.ptr, e->trimmed.len, shown, sizeof(shown));
			add_finding(&config, SD_F_HOST_ENTRY_SKIPPED, "warning", "PHPMailer skips Host entry \"%s\" "
				"(%s); it says only \"%s\" in its debug output", shown, e->reason, debug);
		}
		if (chosen != NULL || e->skip != SD_MAILERHOST_SKIP_NONE) {
			add_assoc_null(&row, "report");
			add_next_index_zval(&hosts, &row);
			continue;
		}
		{
			zval opts_for_entry;
			ZVAL_ARR(&opts_for_entry, zend_array_dup(merged));
			if (!zend_hash_str_exists(options ? options : &zend_empty_array, ZEND_STRL("security"))) {
				add_assoc_string(&opts_for_entry, "security", (char *) mode_security(e->mode, m.auto_tls));
			}
			if (probe_with(&entry_report, Z_ARRVAL(opts_for_entry), (int) e->connect_port, e->host.ptr,
					e->host.len, ZSTR_VAL(m.host), localhost_rule, &m, e->mode, &auth) == FAILURE) {
				zval_ptr_dtor(&opts_for_entry);
				zval_ptr_dtor(&row);
				goto cleanup;
			}
			zval_ptr_dtor(&opts_for_entry);
		}
		Z_TRY_ADDREF(entry_report);
		add_assoc_zval(&row, "report", &entry_report);
		add_next_index_zval(&hosts, &row);
		v = zend_hash_str_find(Z_ARRVAL(entry_report), ZEND_STRL("ok"));
		if (Z_TYPE(report) == IS_UNDEF || (v && Z_TYPE_P(v) == IS_TRUE)) {
			if (Z_TYPE(report) != IS_UNDEF) {
				zval_ptr_dtor(&report);
			}
			ZVAL_COPY_VALUE(&report, &entry_report);
		} else {
			zval_ptr_dtor(&entry_report);
		}
		if (v && Z_TYPE_P(v) == IS_TRUE) {
			chosen = &report;
		} else if ((v = zend_hash_str_find(Z_ARRVAL(entry_report), ZEND_STRL("verdict"))) && Z_TYPE_P(v) == IS_STRING
				&& zend_string_equals_literal(Z_STR_P(v), "openssl_missing")) {
			/* PHPMailer throws "Extension missing: openssl" out of the whole list here. */
			chosen = &report;
		}
	}
	if (Z_TYPE(report) == IS_UNDEF) {
		/* No entry survived PHPMailer's checks: it ends in its generic error. The fix proposes a
		 * cleaned first entry only when PHPMailer would take it. */
		const sd_mailerhost_entry *e = hr->count ? &hr->entries[0] : NULL;
		sd_host_result *h = emalloc(sizeof(*h));
		sd_mailerhost_invisible inv;
		char detail[256];
		const char *clean = NULL;

		if (sd_mailerhost_find_invisible(ZSTR_VAL(m.host), ZSTR_LEN(m.host), &inv, 1) > 0) {
			snprintf(detail, sizeof(detail), "it contains an invisible character, U+%04lX %s, at byte %zu: "
				"PHPMailer's trim() keeps it and the host is refused", inv.codepoint, inv.name, inv.offset);
		} else {
			snprintf(detail, sizeof(detail), "no entry of Host is usable%s%s", e ? ": " : "", e ? e->reason : "");
		}
		if (e) {
			sd_host_check(e->trimmed.ptr, e->trimmed.len, h);
			clean = h->ascii[0] && mailer_accepts(h->ascii) ? h->ascii : NULL;
		}
		conclude(&report, ZSTR_VAL(m.host), (long) m.port, mode_security(hr->secure, m.auto_tls), SD_V_HOST_MALFORMED,
			detail, clean);
		efree(h);
	}

	/* The chosen report, with the hook's own keys. */
	ZVAL_COPY_VALUE(rv, &report);
	ZVAL_UNDEF(&report);
	SEPARATE_ARRAY(rv);
	v = zend_hash_str_find(Z_ARRVAL_P(rv), ZEND_STRL("findings"));
	if (v && Z_TYPE_P(v) == IS_ARRAY) {
		zval *f;
		SEPARATE_ARRAY(v);
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL(config), f) {
			Z_TRY_ADDREF_P(f);
			add_next_index_zval(v, f);
		} ZEND_HASH_FOREACH_END();
	}
	add_assoc_zval(rv, "hosts", &hosts);
	ZVAL_UNDEF(&hosts);
	add_assoc_zval(rv, "config", &config);
	ZVAL_UNDEF(&config);
	add_assoc_zval(rv, "mailer", &mailer_info);
	ZVAL_UNDEF(&mailer_info);
	add_assoc_bool(rv, "cached", 0);
	if (key) {
		sd_cache_put(key, rv);
	}
	result = SUCCESS;

cleanup:
	if (key) {
		zend_string_release(key);
	}
	zval_ptr_dtor(&report);
	zval_ptr_dtor(&derived);
	zval_ptr_dtor(&config);
	zval_ptr_dtor(&hosts);
	zval_ptr_dtor(&mailer_info);
	if (hr) {
		efree(hr);
	}
	hook_auth_free(&auth);
	mailer_free(&m);
	return result;
}
