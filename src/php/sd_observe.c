/* smtpdiag: explaining PHPMailer's failures (see sd_observe.h). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "Zend/zend_exceptions.h"
#include "Zend/zend_interfaces.h"

#include "src/php/sd_observe.h"

#define SEEN_MAX 64

static int is_phpmailer_class(const zend_class_entry *ce)
{
	for (; ce; ce = ce->parent) {
		if (zend_string_equals_literal_ci(ce->name, "PHPMailer\\PHPMailer\\PHPMailer")
				|| zend_string_equals_literal_ci(ce->name, "PHPMailer")) {
			return 1;
		}
	}
	return 0;
}

static int is_smtp_class(const zend_class_entry *ce)
{
	for (; ce; ce = ce->parent) {
		if (zend_string_equals_literal_ci(ce->name, "PHPMailer\\PHPMailer\\SMTP")
				|| zend_string_equals_literal_ci(ce->name, "SMTP")) {
			return 1;
		}
	}
	return 0;
}

sd_observe_kind sd_observe_match(const zend_function *f)
{
	zend_string *name = f->common.function_name;
	sd_observe_kind kind;

	if (name == NULL || f->common.scope == NULL || (f->common.fn_flags & ZEND_ACC_STATIC)) {
		return SD_OBSERVE_NONE;
	}
	if (zend_string_equals_literal_ci(name, "smtpConnect")) {
		kind = SD_OBSERVE_CONNECT;
	} else if (zend_string_equals_literal_ci(name, "setError")) {
		kind = SD_OBSERVE_SET_ERROR;
	} else if (zend_string_equals_literal_ci(name, "send")) {
		kind = SD_OBSERVE_SEND;
	} else if (zend_string_equals_literal_ci(name, "connect")) {
		return is_smtp_class(f->common.scope) ? SD_OBSERVE_SMTP_CONNECT : SD_OBSERVE_NONE;
	} else {
		return SD_OBSERVE_NONE;
	}
	return is_phpmailer_class(f->common.scope) ? kind : SD_OBSERVE_NONE;
}

/* ---- evidence ------------------------------------------------------------------------------------- */

/* A protected or public property read from inside its declaring class; NULL when absent. Borrowed. */
static zval *own_prop(zend_object *obj, const char *name, size_t len, zval *rv)
{
	zend_property_info *pi = zend_hash_str_find_ptr(&obj->ce->properties_info, name, len);
	zval *v;

	if (pi == NULL || (pi->flags & ZEND_ACC_STATIC)) {
		return NULL;
	}
	v = zend_read_property(pi->ce, obj, name, len, 1, rv);
	ZVAL_DEREF(v);
	return v == rv ? NULL : v; /* a declared property lives in the object */
}

static void copy_entry(HashTable *ht, const char *key, char *out, size_t cap)
{
	zval *v = zend_hash_str_find_deref(ht, key, strlen(key));
	snprintf(out, cap, "%s", v && Z_TYPE_P(v) == IS_STRING ? Z_STRVAL_P(v) : "");
}

void sd_observe_smtp_connect_end(sd_observe *s, zend_execute_data *ex, zval *retval)
{
	zend_object *smtp;
	zval rv, *err, *reply;

	if (s->busy || Z_TYPE(ex->This) != IS_OBJECT || retval == NULL || Z_TYPE_P(retval) != IS_FALSE) {
		return;
	}
	smtp = Z_OBJ(ex->This);
	s->ev_handle = smtp->handle;
	s->ev_error[0] = s->ev_code[0] = s->ev_code_ex[0] = '\0';
	if ((err = own_prop(smtp, ZEND_STRL("error"), &rv)) != NULL && Z_TYPE_P(err) == IS_ARRAY) {
		copy_entry(Z_ARRVAL_P(err), "error", s->ev_error, sizeof(s->ev_error));
		copy_entry(Z_ARRVAL_P(err), "smtp_code", s->ev_code, sizeof(s->ev_code));
		copy_entry(Z_ARRVAL_P(err), "smtp_code_ex", s->ev_code_ex, sizeof(s->ev_code_ex));
	}
	/* connected (no connect error), and the greeting read returned nothing */
	reply = own_prop(smtp, ZEND_STRL("last_reply"), &rv);
	s->ev_silent = s->ev_error[0] == '\0' && reply && Z_TYPE_P(reply) == IS_STRING && Z_STRLEN_P(reply) == 0;
}

/* The evidence, when the last failed SMTP::connect() was this mailer's. */
static const sd_mailer_evidence *evidence_of(sd_observe *s, zend_object *mailer, sd_mailer_evidence *ev)
{
	zval rv, *smtp = own_prop(mailer, ZEND_STRL("smtp"), &rv);

	if (s->ev_handle == 0 || smtp == NULL || Z_TYPE_P(smtp) != IS_OBJECT || Z_OBJ_P(smtp)->handle != s->ev_handle) {
		return NULL;
	}
	ev->error = s->ev_error;
	ev->smtp_code = s->ev_code;
	ev->smtp_code_ex = s->ev_code_ex;
	ev->silent = s->ev_silent;
	return ev;
}

/* ---- the configurations explained recently -------------------------------------------------------- */

typedef struct {
	sd_observe *s;
	zend_long ttl;
} seen_ctx;

static int seen(void *ctx, zend_string *key)
{
	seen_ctx *c = ctx;
	HashTable *t = c->s->seen;
	double now = (double) time(NULL);
	zval *v, expiry;

	if (c->ttl <= 0 || t == NULL) {
		return 0;
	}
	if ((v = zend_hash_str_find(t, ZSTR_VAL(key), ZSTR_LEN(key))) != NULL && Z_DVAL_P(v) > now) {
		return 1;
	}
	if (zend_hash_num_elements(t) >= SEEN_MAX) {
		zend_hash_clean(t);  /* bounded; forgetting only means explaining once more */
	}
	ZVAL_DOUBLE(&expiry, now + (double) c->ttl);
	zend_hash_str_update(t, ZSTR_VAL(key), ZSTR_LEN(key), &expiry);
	return 0;
}

/* ---- delivery ------------------------------------------------------------------------------------ */

static zend_long read_long_prop(zend_object *obj, const char *name)
{
	zval rv, *v = zend_read_property(obj->ce, obj, name, strlen(name), 1, &rv);
	zend_long n;

	ZVAL_DEREF(v);
	n = zval_get_long(v);
	if (v == &rv) {
		zval_ptr_dtor(&rv);
	}
	return n;
}

/* The mailer's own debug output: its protected edebug(), which honours Debugoutput. */
static void to_edebug(zend_object *obj, const char *line)
{
	zend_function *fn = zend_hash_str_find_ptr(&obj->ce->function_table, ZEND_STRL("edebug"));
	zval arg, ret;

	if (fn == NULL || fn->common.num_args < 1 || (fn->common.fn_flags & ZEND_ACC_STATIC)
			|| read_long_prop(obj, "SMTPDebug") < 1) {
		return;
	}
	ZVAL_STRING(&arg, line);
	ZVAL_UNDEF(&ret);
	zend_call_known_instance_method_with_1_params(fn, obj, &ret, &arg);
	zval_ptr_dtor(&ret);
	zval_ptr_dtor(&arg);
	if (EG(exception)) {
		zend_object *ex = EG(exception);
		EG(exception) = NULL;
		OBJ_RELEASE(ex);
	}
}

/* Appends suffix to a string property unless it already holds an explanation. scope: where the
 * property is visible from. */
static void append_prop(zend_class_entry *scope, zend_object *obj, zend_string *name, const char *suffix)
{
	zval rv, *v = zend_read_property_ex(scope, obj, name, 1, &rv), nv;
	zend_string *cur;

	ZVAL_DEREF(v);
	if (Z_TYPE_P(v) != IS_STRING) {
		if (v == &rv) {
			zval_ptr_dtor(&rv);
		}
		return;
	}
	cur = Z_STR_P(v);
	if (zend_memnstr(ZSTR_VAL(cur), "smtpdiag: ", sizeof("smtpdiag: ") - 1, ZSTR_VAL(cur) + ZSTR_LEN(cur)) == NULL) {
		size_t len = ZSTR_LEN(cur);
		/* PHPMailer's messages may end in a line break: the explanation continues the same line */
		while (len > 0 && (ZSTR_VAL(cur)[len - 1] == '\n' || ZSTR_VAL(cur)[len - 1] == '\r' || ZSTR_VAL(cur)[len - 1] == ' ')) {
			len--;
		}
		ZVAL_STR(&nv, zend_string_concat2(ZSTR_VAL(cur), len, suffix, strlen(suffix)));
		zend_update_property_ex(scope, obj, name, &nv);
		zval_ptr_dtor(&nv);
	}
	if (v == &rv) {
		zval_ptr_dtor(&rv);
	}
}

static void append_exception(zend_object *ex, const char *suffix)
{
	if (ex && instanceof_function(ex->ce, zend_ce_throwable)) {
		append_prop(zend_ce_exception == ex->ce || instanceof_function(ex->ce, zend_ce_exception)
			? zend_ce_exception : zend_ce_error, ex, ZSTR_KNOWN(ZEND_STR_MESSAGE), suffix);
	}
}

static void append_error_info(zend_object *obj, const char *suffix)
{
	zend_string *name = zend_string_init(ZEND_STRL("ErrorInfo"), 0);
	append_prop(obj->ce, obj, name, suffix);
	zend_string_release(name);
}

/* Whether frame ex is called, further up, from send() or another smtpConnect() of the same mailer. */
static int called_from(zend_execute_data *ex, zend_object *obj, const char *method, size_t len)
{
	for (ex = ex->prev_execute_data; ex; ex = ex->prev_execute_data) {
		if (ex->func && ex->func->common.function_name && Z_TYPE(ex->This) == IS_OBJECT && Z_OBJ(ex->This) == obj
				&& ZSTR_LEN(ex->func->common.function_name) == len
				&& zend_binary_strcasecmp(ZSTR_VAL(ex->func->common.function_name), len, method, len) == 0) {
			return 1;
		}
	}
	return 0;
}

void sd_observe_connect_end(sd_observe *s, const sd_observe_call *c, zend_execute_data *ex, zval *retval)
{
	zend_object *obj, *exception = EG(exception), *prev = EG(prev_exception);
	const zend_op *before = EG(opline_before_exception), *opline;
	sd_hook_explain_opts x;
	sd_hook_explained out;
	sd_mailer_evidence ev;
	seen_ctx sc;
	zval report;
	int in_send;

	if (c->mode == SD_EXPLAIN_OFF || s->busy || Z_TYPE(ex->This) != IS_OBJECT) {
		return;
	}
	if (exception == NULL && !(retval && Z_TYPE_P(retval) == IS_FALSE)) {
		return;
	}
	if (exception && (zend_is_unwind_exit(exception) || zend_is_graceful_exit(exception))) {
		return;
	}
	obj = Z_OBJ(ex->This);
	if (called_from(ex, obj, ZEND_STRL("smtpconnect"))) {
		return; /* a subclass's smtpConnect() calling parent::smtpConnect(): the outer one explains */
	}
	in_send = called_from(ex, obj, ZEND_STRL("send"));

	/* the exception on its way out stays exactly as it is: set aside, and put back afterwards */
	opline = ex->opline;
	EG(exception) = NULL;
	EG(prev_exception) = NULL;
	s->busy = 1;
	GC_ADDREF(obj);

	sc.s = s;
	sc.ttl = c->settings->cache_ttl;
	x.timeout = c->timeout;
	x.seen = seen;
	x.ctx = &sc;
	x.evidence = evidence_of(s, obj, &ev);
	ZVAL_UNDEF(&report);
	if (sd_hook_explain(&report, c->settings, obj, &x, &out)) {
		php_log_err(out.line);
		to_edebug(obj, out.line);
		if (c->mode == SD_EXPLAIN_FULL) {
			zval_ptr_dtor(&s->last);
			ZVAL_COPY_VALUE(&s->last, &report);
			ZVAL_UNDEF(&report);
			if (in_send) {
				s->pending_handle = obj->handle;
				snprintf(s->suffix, sizeof(s->suffix), "%s", out.suffix);
			} else if (exception) {
				append_exception(exception, out.suffix);
			}
		}
		zval_ptr_dtor(&report);
	}
	s->ev_handle = 0;
	if (EG(exception)) {
		zend_object *e = EG(exception);
		EG(exception) = NULL;
		OBJ_RELEASE(e);
	}

	OBJ_RELEASE(obj);
	s->busy = 0;
	EG(exception) = exception;
	EG(prev_exception) = prev;
	EG(opline_before_exception) = before;
	ex->opline = opline;
}

void sd_observe_set_error_end(sd_observe *s, zend_execute_data *ex)
{
	zend_object *exception = EG(exception);

	if (s->pending_handle == 0 || Z_TYPE(ex->This) != IS_OBJECT || Z_OBJ(ex->This)->handle != s->pending_handle) {
		return;
	}
	EG(exception) = NULL;
	append_error_info(Z_OBJ(ex->This), s->suffix);
	if (EG(exception)) {
		zend_object *e = EG(exception);
		EG(exception) = NULL;
		OBJ_RELEASE(e);
	}
	EG(exception) = exception;
}

void sd_observe_send_end(sd_observe *s, zend_execute_data *ex)
{
	zend_object *exception = EG(exception);

	if (s->pending_handle == 0 || Z_TYPE(ex->This) != IS_OBJECT || Z_OBJ(ex->This)->handle != s->pending_handle) {
		return;
	}
	s->pending_handle = 0;
	if (exception) {
		EG(exception) = NULL;
		append_exception(exception, s->suffix);
		if (EG(exception)) {
			zend_object *e = EG(exception);
			EG(exception) = NULL;
			OBJ_RELEASE(e);
		}
		EG(exception) = exception;
	}
}

void sd_observe_last(sd_observe *s, zval *rv)
{
	if (Z_TYPE(s->last) == IS_ARRAY) {
		ZVAL_COPY(rv, &s->last);
	} else {
		ZVAL_NULL(rv);
	}
}

static void seen_dtor(zval *v)
{
	(void) v;
}

void sd_observe_ginit(sd_observe *s)
{
	memset(s, 0, sizeof(*s));
	ZVAL_UNDEF(&s->last);
	s->seen = pemalloc(sizeof(HashTable), 1);
	zend_hash_init(s->seen, 8, NULL, seen_dtor, 1);
}

void sd_observe_gshutdown(sd_observe *s)
{
	if (s->seen) {
		zend_hash_destroy(s->seen);
		pefree(s->seen, 1);
		s->seen = NULL;
	}
}

void sd_observe_rshutdown(sd_observe *s)
{
	zval_ptr_dtor(&s->last);
	ZVAL_UNDEF(&s->last);
	s->pending_handle = 0;
	s->busy = 0;
	s->ev_handle = 0;
}
