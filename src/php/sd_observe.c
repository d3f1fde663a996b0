/* smtpdiag: explaining PHPMailer's failures (see sd_observe.h). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "Zend/zend_exceptions.h"
#include "Zend/zend_interfaces.h"

#include "src/php/sd_observe.h"
#include "src/engine/sd_clock.h"

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

/* The mailer's SMTP object, or NULL. Borrowed. */
static zend_object *smtp_of(zend_object *mailer)
{
	zval rv, *smtp = own_prop(mailer, ZEND_STRL("smtp"), &rv);
	return smtp && Z_TYPE_P(smtp) == IS_OBJECT ? Z_OBJ_P(smtp) : NULL;
}

/* Whether the SMTP object holds no open connection (its protected $smtp_conn). */
static int smtp_closed(zend_object *smtp)
{
	zval rv, *conn = smtp ? own_prop(smtp, ZEND_STRL("smtp_conn"), &rv) : NULL;
	return smtp == NULL || conn == NULL || Z_TYPE_P(conn) != IS_RESOURCE;
}

void sd_observe_error(sd_observe *s, int type, zend_string *message)
{
	static const char marker[] = "Unable to connect to ";
	zend_execute_data *ex;
	const char *m = ZSTR_VAL(message), *open, *close;

	if (s->busy || !(type & E_WARNING) || !(zend_string_starts_with_literal(message, "stream_socket_client(): ")
			|| zend_string_starts_with_literal(message, "fsockopen(): "))
			|| zend_memnstr(m, marker, sizeof(marker) - 1, m + ZSTR_LEN(message)) == NULL) {
		return;
	}
	for (ex = EG(current_execute_data); ex; ex = ex->prev_execute_data) {
		if (ex->func && ex->func->common.scope && is_smtp_class(ex->func->common.scope) && Z_TYPE(ex->This) == IS_OBJECT) {
			break;
		}
	}
	if (ex == NULL) {
		return;  /* not PHPMailer's connection */
	}
	/* "... Unable to connect to host:port (Connection timed out)": the reason */
	open = zend_memnrstr(m, "(", 1, m + ZSTR_LEN(message));
	close = open ? zend_memnrstr(open, ")", 1, m + ZSTR_LEN(message)) : NULL;
	s->ev_handle = Z_OBJ(ex->This)->handle;
	s->ev_when = sd_clock_ms();
	if (open && close && close > open) {
		snprintf(s->ev_message, sizeof(s->ev_message), "%.*s", (int) (close - open - 1), open + 1);
	} else {
		snprintf(s->ev_message, sizeof(s->ev_message), "%s", m);
	}
}

/* What PHPMailer's own attempt showed, when it was this mailer's and just now: a connect warning, or
 * (none, and an empty last reply) a connection whose greeting never came. */
static const sd_mailer_evidence *evidence_of(sd_observe *s, zend_object *smtp, sd_mailer_evidence *ev)
{
	zval rv, *reply;

	memset(ev, 0, sizeof(*ev));
	if (smtp == NULL) {
		return NULL;
	}
	/* PHPMailer throws right after its connect gives up: an older warning was another attempt's */
	if (s->ev_handle == smtp->handle && sd_clock_ms() - s->ev_when < 1000.0) {
		ev->error = "Failed to connect to server";
		ev->smtp_code = "";
		ev->smtp_code_ex = s->ev_message;
		return ev;
	}
	reply = own_prop(smtp, ZEND_STRL("last_reply"), &rv);
	ev->silent = reply && Z_TYPE_P(reply) == IS_STRING && Z_STRLEN_P(reply) == 0;
	return ev->silent ? ev : NULL;
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


/* Whether opline (of the running frame ex) lies inside a try block with a catch in its function: a
 * throw there may be caught by the function itself (smtpConnect() catches its STARTTLS and AUTH
 * failures and tries the next Host entry). */
static int inside_try(zend_execute_data *ex)
{
	const zend_op_array *op = &ex->func->op_array;
	uint32_t at = (uint32_t) (ex->opline - op->opcodes), i;

	for (i = 0; i < (uint32_t) op->last_try_catch; i++) {
		const zend_try_catch_element *t = &op->try_catch_array[i];
		if (t->catch_op && at >= t->try_op && at < t->catch_op) {
			return 1;
		}
	}
	return 0;
}

/* Whether the running frame ex called smtpConnect() just before this throw (PHPMailer's
 * "if (!$this->smtpConnect(...)) throw ..." in smtpSend(): the call's INIT_METHOD_CALL lies a few
 * opcodes back; its other throws come long after it). */
static int after_smtp_connect(zend_execute_data *ex)
{
	const zend_op_array *op = &ex->func->op_array;
	const zend_op *at = ex->opline, *o;

	for (o = at; o > op->opcodes && at - o < 24; ) {
		o--;
		if (o->opcode == ZEND_INIT_METHOD_CALL && o->op2_type == IS_CONST) {
			zval *name = RT_CONSTANT(o, o->op2);
			if (Z_TYPE_P(name) == IS_STRING && zend_string_equals_literal_ci(Z_STR_P(name), "smtpConnect")) {
				return 1;
			}
		}
	}
	return 0;
}

/* The throw that ends a connect failure: out of smtpConnect()'s Host loop (not inside its try), or
 * smtpSend()'s "SMTP connect() failed" with the SMTP object closed. Returns the mailer, or NULL. */
static zend_object *connect_failure(zend_execute_data *ex)
{
	zend_function *f;
	zend_string *name;

	if (ex == NULL || (f = ex->func) == NULL || !ZEND_USER_CODE(f->type) || f->common.scope == NULL
			|| (name = f->common.function_name) == NULL || Z_TYPE(ex->This) != IS_OBJECT
			|| !is_phpmailer_class(f->common.scope) || ex->opline == NULL
			|| ex->opline < f->op_array.opcodes || ex->opline >= f->op_array.opcodes + f->op_array.last) {
		return NULL;  /* not a throw at a place in PHPMailer's own code (e.g. during unwinding) */
	}
	if (zend_string_equals_literal_ci(name, "smtpConnect")) {
		return inside_try(ex) ? NULL : Z_OBJ(ex->This);
	}
	if (zend_string_equals_literal_ci(name, "smtpSend") && after_smtp_connect(ex)
			&& smtp_closed(smtp_of(Z_OBJ(ex->This)))) {
		return Z_OBJ(ex->This);
	}
	return NULL;
}

void sd_observe_throw(sd_observe *s, const sd_observe_call *c, zend_object *exception)
{
	zend_execute_data *ex = EG(current_execute_data);
	zend_object *obj;
#if PHP_VERSION_ID < 80600
	/* an exception set aside by zend_exception_save() (PHP 8.6 has none) */
	zend_object *prev = EG(prev_exception);
#endif
	const zend_op *before = EG(opline_before_exception), *opline;
	sd_hook_explain_opts x;
	sd_hook_explained out;
	sd_mailer_evidence ev;
	seen_ctx sc;
	zval report;

	if (c->mode == SD_EXPLAIN_OFF || s->busy || exception == NULL || EG(exception) != exception
			|| zend_is_unwind_exit(exception) || zend_is_graceful_exit(exception)
			|| (obj = connect_failure(ex)) == NULL) {
		return;
	}

	/* the exception on its way out stays as it is: set aside, and put back afterwards, with the frame's
	 * position (a call that throws inside would move it) */
	opline = ex->opline;
	EG(exception) = NULL;
#if PHP_VERSION_ID < 80600
	EG(prev_exception) = NULL;
#endif
	s->busy = 1;
	GC_ADDREF(obj);
	GC_ADDREF(exception);

	sc.s = s;
	sc.ttl = c->settings->cache_ttl;
	x.timeout = c->timeout;
	x.seen = seen;
	x.ctx = &sc;
	x.evidence = evidence_of(s, smtp_of(obj), &ev);
	ZVAL_UNDEF(&report);
	if (sd_hook_explain(&report, c->settings, obj, &x, &out)) {
		php_log_err(out.line);
		to_edebug(obj, out.line);
		if (c->mode == SD_EXPLAIN_FULL) {
			/* setError() copies the message into ErrorInfo; send() rethrows the same object */
			append_exception(exception, out.suffix);
			zval_ptr_dtor(&s->last);
			ZVAL_COPY_VALUE(&s->last, &report);
			ZVAL_UNDEF(&report);
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
	GC_DELREF(exception);
#if PHP_VERSION_ID < 80600
	EG(prev_exception) = prev;
#endif
	EG(opline_before_exception) = before;
	ex->opline = opline;
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
	s->busy = 0;
	s->ev_handle = 0;
}
