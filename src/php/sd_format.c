/* smtpdiag: report formatting (see sd_format.h). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/json/php_json.h"
#include "Zend/zend_smart_str.h"

#include "src/php/sd_format.h"
#include "src/engine/sd_utf8.h"

/* Appends text with every control character (C0, DEL, C1) and every byte that is not part of valid
 * UTF-8 made visible. Report strings from smtpdiag are escaped already and pass unchanged; anything
 * else put into a report cannot reach a terminal raw either (a lone 0x9b is CSI on an 8-bit one). */
static void append_safe(smart_str *out, const char *p, size_t len)
{
	size_t i, n;
	unsigned long cp;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) p[i];
		if (c < 0x20 || c == 0x7f) {
			smart_str_append_printf(out, "\\x%02x", c);
		} else if (c < 0x80) {
			smart_str_appendc(out, (char) c);
		} else if ((n = sd_utf8_decode((const unsigned char *) p + i, len - i, &cp)) == 0) {
			smart_str_append_printf(out, "\\x%02x", c);
		} else if (cp <= 0x9f) {
			smart_str_append_printf(out, "\\u%04lx", cp);
			i += n - 1;
		} else {
			smart_str_appendl(out, p + i, n);
			i += n - 1;
		}
	}
}

/* Appends a value's text, made safe; arrays and null as "-". */
static void put(smart_str *out, zval *v)
{
	zend_string *s;

	if (v == NULL || Z_TYPE_P(v) == IS_NULL || Z_TYPE_P(v) == IS_ARRAY || Z_TYPE_P(v) == IS_OBJECT) {
		smart_str_appendc(out, '-');
		return;
	}
	if (Z_TYPE_P(v) == IS_TRUE || Z_TYPE_P(v) == IS_FALSE) {
		smart_str_appends(out, Z_TYPE_P(v) == IS_TRUE ? "yes" : "no");
		return;
	}
	s = zval_get_string(v);
	append_safe(out, ZSTR_VAL(s), ZSTR_LEN(s));
	zend_string_release(s);
}

static zval *get(HashTable *ht, const char *key)
{
	zval *v = ht ? zend_hash_str_find(ht, key, strlen(key)) : NULL;
	if (v) {
		ZVAL_DEREF(v);
	}
	return v;
}

static HashTable *arr(HashTable *ht, const char *key)
{
	zval *v = get(ht, key);
	return v && Z_TYPE_P(v) == IS_ARRAY ? Z_ARRVAL_P(v) : NULL;
}

static void line(smart_str *out, const char *label, zval *v)
{
	if (v == NULL || Z_TYPE_P(v) == IS_NULL) {
		return;
	}
	smart_str_appends(out, label);
	put(out, v);
	smart_str_appendc(out, '\n');
}

static const char *mark(zval *status)
{
	if (status && Z_TYPE_P(status) == IS_STRING) {
		if (zend_string_equals_literal(Z_STR_P(status), "pass")) return "[ ok ]";
		if (zend_string_equals_literal(Z_STR_P(status), "warn")) return "[warn]";
		if (zend_string_equals_literal(Z_STR_P(status), "fail")) return "[FAIL]";
		if (zend_string_equals_literal(Z_STR_P(status), "skip")) return "[skip]";
	}
	return "[ ?? ]";
}

/* "OK|PROBLEM <verdict>: <summary>" */
static void text_headline(smart_str *out, HashTable *r)
{
	zval *ok = get(r, "ok");

	smart_str_appends(out, ok && Z_TYPE_P(ok) == IS_TRUE ? "OK " : "PROBLEM ");
	put(out, get(r, "verdict"));
	smart_str_appends(out, ": ");
	put(out, get(r, "summary"));
	smart_str_appendc(out, '\n');
}

/* "target: host:port (security) -> addresses", and the provider table's entry with as of when it was
 * checked. */
static void text_target(smart_str *out, HashTable *r)
{
	HashTable *t = arr(r, "target"), *h;
	zval *v;

	if (t == NULL) {
		return;
	}
	smart_str_appends(out, "\ntarget:   ");
	put(out, get(t, "host"));
	smart_str_appendc(out, ':');
	put(out, get(t, "port"));
	smart_str_appends(out, " (");
	put(out, get(t, "security"));
	smart_str_appendc(out, ')');
	if ((h = arr(t, "addresses")) != NULL && zend_hash_num_elements(h)) {
		smart_str_appends(out, " ->");
		ZEND_HASH_FOREACH_VAL(h, v) {
			smart_str_appendc(out, ' ');
			put(out, v);
		} ZEND_HASH_FOREACH_END();
	}
	smart_str_appendc(out, '\n');
	if ((h = arr(t, "provider")) != NULL) {
		smart_str_appends(out, "provider: ");
		put(out, get(h, "name"));
		smart_str_appends(out, " (");
		put(out, get(h, "ports"));
		smart_str_appends(out, "; checked ");
		if (get(h, "checked") && Z_TYPE_P(get(h, "checked")) == IS_STRING) {
			put(out, get(h, "checked"));
		} else {
			smart_str_appends(out, "not recorded");
		}
		smart_str_appends(out, ")\n");
	}
}

static int is_not_reached(HashTable *c)
{
	zval *status = get(c, "status"), *message = get(c, "message");

	return status && Z_TYPE_P(status) == IS_STRING && zend_string_equals_literal(Z_STR_P(status), "skip")
		&& message && Z_TYPE_P(message) == IS_STRING && zend_string_equals_literal(Z_STR_P(message), "not reached");
}

/* "  <mark> <name padded to 20 columns>" */
static void mark_and_name(smart_str *out, const char *mk, zval *name)
{
	zend_long n;

	smart_str_appends(out, "  ");
	smart_str_appends(out, mk);
	smart_str_appendc(out, ' ');
	put(out, name);
	n = 20 - (name && Z_TYPE_P(name) == IS_STRING ? (zend_long) Z_STRLEN_P(name) : 1);
	do {
		smart_str_appendc(out, ' ');
	} while (--n > 0);
}

/* One line per check that ran (its mark, its name padded to 20 columns, its time, its message); the
 * checks the probe did not reach, by name on one line. */
static void text_checks(smart_str *out, HashTable *r)
{
	HashTable *h = arr(r, "checks");
	zval *v;
	int unreached = 0;

	if (h == NULL) {
		return;
	}
	smart_str_appends(out, "\nchecks:\n");
	ZEND_HASH_FOREACH_VAL(h, v) {
		HashTable *c = Z_TYPE_P(v) == IS_ARRAY ? Z_ARRVAL_P(v) : NULL;
		zval *ms;

		if (c == NULL || is_not_reached(c)) {
			unreached += c != NULL;
			continue;
		}
		mark_and_name(out, mark(get(c, "status")), get(c, "name"));
		ms = get(c, "ms");
		smart_str_append_printf(out, "%8.1f ms  ", ms ? zval_get_double(ms) : 0.0);
		put(out, get(c, "message"));
		smart_str_appendc(out, '\n');
	} ZEND_HASH_FOREACH_END();
	if (unreached) {
		int first = 1;
		smart_str_appends(out, "  not reached: ");
		ZEND_HASH_FOREACH_VAL(h, v) {
			if (Z_TYPE_P(v) == IS_ARRAY && is_not_reached(Z_ARRVAL_P(v))) {
				if (!first) {
					smart_str_appends(out, ", ");
				}
				first = 0;
				put(out, get(Z_ARRVAL_P(v), "name"));
			}
		} ZEND_HASH_FOREACH_END();
		smart_str_appendc(out, '\n');
	}
}

/* smtpdiag_phpmailer(): one line per entry of Host, in PHPMailer's order: what it connects to and the
 * outcome, why it skips an entry, or that it never got to it. */
static void text_hosts(smart_str *out, HashTable *r)
{
	HashTable *h = arr(r, "hosts");
	zval *v;

	if (h == NULL || zend_hash_num_elements(h) == 0) {
		return;
	}
	smart_str_appends(out, "\nhosts (PHPMailer's Host, entry by entry):\n");
	ZEND_HASH_FOREACH_VAL(h, v) {
		HashTable *e = Z_TYPE_P(v) == IS_ARRAY ? Z_ARRVAL_P(v) : NULL, *rep;
		zval *skipped, *ok;

		if (e == NULL) {
			continue;
		}
		skipped = get(e, "skipped");
		rep = arr(e, "report");
		ok = rep ? get(rep, "ok") : NULL;
		if (skipped && Z_TYPE_P(skipped) == IS_TRUE) {
			mark_and_name(out, "[skip]", get(e, "entry"));
			smart_str_appends(out, "PHPMailer skips it: ");
			put(out, get(e, "reason"));
		} else if (rep == NULL) {
			mark_and_name(out, "[ -- ]", get(e, "entry"));
			smart_str_appends(out, "not tried: PHPMailer stops at the first entry that connects");
		} else {
			mark_and_name(out, ok && Z_TYPE_P(ok) == IS_TRUE ? "[ ok ]" : "[FAIL]", get(e, "entry"));
			smart_str_appends(out, "port ");
			put(out, get(e, "port"));
			smart_str_appends(out, ", ");
			put(out, get(e, "security"));
			smart_str_appends(out, ": ");
			put(out, get(rep, "verdict"));
			smart_str_appends(out, ": ");
			put(out, get(rep, "summary"));
		}
		smart_str_appendc(out, '\n');
	} ZEND_HASH_FOREACH_END();
}

/* The fixes, numbered; the findings, "severity code: message". */
static void text_fixes_findings(smart_str *out, HashTable *r)
{
	HashTable *h;
	zval *v;
	zend_long n = 1;

	if ((h = arr(r, "fixes")) != NULL && zend_hash_num_elements(h)) {
		smart_str_appends(out, "\nfixes:\n");
		ZEND_HASH_FOREACH_VAL(h, v) {
			smart_str_append_printf(out, "  %ld. ", (long) n++);
			put(out, v);
			smart_str_appendc(out, '\n');
		} ZEND_HASH_FOREACH_END();
	}
	if ((h = arr(r, "findings")) != NULL && zend_hash_num_elements(h)) {
		smart_str_appends(out, "\nfindings:\n");
		ZEND_HASH_FOREACH_VAL(h, v) {
			HashTable *f = Z_TYPE_P(v) == IS_ARRAY ? Z_ARRVAL_P(v) : NULL;
			if (f == NULL) {
				continue;
			}
			smart_str_appends(out, "  ");
			put(out, get(f, "severity"));
			smart_str_appendc(out, ' ');
			put(out, get(f, "code"));
			smart_str_appends(out, ": ");
			put(out, get(f, "message"));
			smart_str_appendc(out, '\n');
		} ZEND_HASH_FOREACH_END();
	}
}

/* The server, when it said anything: address, banner, extensions, TLS and the certificate. */
static void text_server(smart_str *out, HashTable *r)
{
	HashTable *server = arr(r, "server"), *h, *tls, *cert;
	zval *v;

	if (server == NULL || get(server, "banner") == NULL || Z_TYPE_P(get(server, "banner")) == IS_NULL) {
		return;
	}
	smart_str_appends(out, "\nserver:\n");
	line(out, "  address:    ", get(server, "address"));
	line(out, "  banner:     ", get(server, "banner"));
	if ((h = arr(server, "extensions")) != NULL && zend_hash_num_elements(h)) {
		smart_str_appends(out, "  extensions:");
		ZEND_HASH_FOREACH_VAL(h, v) {
			smart_str_appendc(out, ' ');
			put(out, v);
		} ZEND_HASH_FOREACH_END();
		smart_str_appendc(out, '\n');
	}
	if ((tls = arr(server, "tls")) != NULL) {
		smart_str_appends(out, "  tls:        ");
		put(out, get(tls, "version"));
		smart_str_appendc(out, ' ');
		put(out, get(tls, "cipher"));
		smart_str_appendc(out, '\n');
		if ((cert = arr(tls, "certificate")) != NULL) {
			line(out, "  subject:    ", get(cert, "subject"));
			line(out, "  issuer:     ", get(cert, "issuer"));
			line(out, "  valid to:   ", get(cert, "not_after"));
		}
	}
}

/* The transcript, the command to see it by hand, the time taken. */
static void text_transcript(smart_str *out, HashTable *r)
{
	HashTable *h;
	zval *v;

	if ((h = arr(r, "transcript")) != NULL && zend_hash_num_elements(h)) {
		smart_str_appends(out, "\ntranscript:\n");
		ZEND_HASH_FOREACH_VAL(h, v) {
			smart_str_appends(out, "  ");
			put(out, v);
			smart_str_appendc(out, '\n');
		} ZEND_HASH_FOREACH_END();
	}
	if ((v = get(r, "reproduce")) != NULL && Z_TYPE_P(v) == IS_STRING && Z_STRLEN_P(v)) {
		smart_str_appends(out, "\nby hand:  ");
		put(out, v);
		smart_str_appendc(out, '\n');
	}
	if ((v = get(r, "elapsed_ms")) != NULL) {
		smart_str_append_printf(out, "elapsed:  %.1f ms\n", zval_get_double(v));
	}
}

zend_result sd_format_check(HashTable *r, uint32_t arg_num)
{
	static const struct { const char *key; zend_uchar type; const char *type_name; } keys[] = {
		{ "verdict", IS_STRING, "string" }, { "ok", _IS_BOOL, "bool" }, { "summary", IS_STRING, "string" },
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		zval *v = get(r, keys[i].key);
		int fits;
		if (v == NULL) {
			zend_argument_value_error(arg_num, "must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), "
				"smtpdiag_scan() or smtpdiag_environment(): key \"%s\" is missing", keys[i].key);
			return FAILURE;
		}
		fits = keys[i].type == _IS_BOOL ? Z_TYPE_P(v) == IS_TRUE || Z_TYPE_P(v) == IS_FALSE : Z_TYPE_P(v) == keys[i].type;
		if (!fits) {
			zend_argument_value_error(arg_num, "must be a report returned by smtpdiag_probe(), smtpdiag_phpmailer(), "
				"smtpdiag_scan() or smtpdiag_environment(): key \"%s\" must be of type %s, %s given", keys[i].key,
				keys[i].type_name, zend_zval_type_name(v));
			return FAILURE;
		}
	}
	return SUCCESS;
}

zend_string *sd_format_text(HashTable *r)
{
	smart_str out = {0};

	text_headline(&out, r);
	text_target(&out, r);
	text_hosts(&out, r);
	text_checks(&out, r);
	text_fixes_findings(&out, r);
	text_server(&out, r);
	text_transcript(&out, r);
	smart_str_0(&out);
	return out.s ? out.s : ZSTR_EMPTY_ALLOC();
}

/* Why the encoder refused a value, for the ValueError. */
static const char *json_refusal(php_json_error_code code)
{
	switch (code) {
		case PHP_JSON_ERROR_RECURSION: return "it contains a reference to itself (recursion)";
		case PHP_JSON_ERROR_UNSUPPORTED_TYPE: return "it contains a resource";
		case PHP_JSON_ERROR_INF_OR_NAN: return "it contains INF or NAN, which JSON has no number for";
		case PHP_JSON_ERROR_DEPTH: return "it is nested deeper than 512 levels";
		case PHP_JSON_ERROR_NON_BACKED_ENUM: return "it contains a non-backed enum case";
		case PHP_JSON_ERROR_INVALID_PROPERTY_NAME: return "it contains an object property whose name starts with \\0";
		default: return "the JSON encoder refused it";
	}
}

/* The JSON extension's last error, the one json_last_error() reads: PHP 8.6 keeps it with the position of
 * a decoding error in error_details. */
#if PHP_VERSION_ID >= 80600
typedef php_json_error_details sd_json_error;
# define SD_JSON_LAST_ERROR JSON_G(error_details)
# define SD_JSON_ERROR_CODE(e) ((e).code)
#else
typedef php_json_error_code sd_json_error;
# define SD_JSON_LAST_ERROR JSON_G(error_code)
# define SD_JSON_ERROR_CODE(e) (e)
#endif

zend_string *sd_format_json(zval *report, uint32_t arg_num)
{
	smart_str out = {0};
	sd_json_error before = SD_JSON_LAST_ERROR;
	php_json_error_code error;
	zend_result rc;

	/* The encoder reports a cycle or a resource by failing, but INF and NAN only in its error code, after
	 * writing 0 for them: the code decides. It is the one json_last_error() reads, so it is put back. */
	rc = php_json_encode_ex(&out, report, PHP_JSON_PRETTY_PRINT | PHP_JSON_UNESCAPED_SLASHES
		| PHP_JSON_INVALID_UTF8_SUBSTITUTE | PHP_JSON_PRESERVE_ZERO_FRACTION, PHP_JSON_PARSER_DEFAULT_DEPTH);
	error = SD_JSON_ERROR_CODE(SD_JSON_LAST_ERROR);
	SD_JSON_LAST_ERROR = before;
	if (EG(exception)) {
		smart_str_free(&out);
		return NULL;
	}
	if (rc == FAILURE || error != PHP_JSON_ERROR_NONE) {
		smart_str_free(&out);
		zend_argument_value_error(arg_num, "cannot be encoded as JSON: %s", json_refusal(error));
		return NULL;
	}
	smart_str_appendc(&out, '\n');
	smart_str_0(&out);
	/* json_encode() leaves DEL raw; it can only stand inside a string, where \u007f means the same. */
	if (memchr(ZSTR_VAL(out.s), 0x7f, ZSTR_LEN(out.s)) != NULL) {
		smart_str safe = {0};
		size_t i;
		for (i = 0; i < ZSTR_LEN(out.s); i++) {
			if (ZSTR_VAL(out.s)[i] == 0x7f) {
				smart_str_appends(&safe, "\\u007f");
			} else {
				smart_str_appendc(&safe, ZSTR_VAL(out.s)[i]);
			}
		}
		smart_str_0(&safe);
		smart_str_free(&out);
		return safe.s;
	}
	return out.s;
}
