/* smtpdiag: explaining PHPMailer's failures where its user already looks (smtpdiag.explain).
 *
 * No per-call cost: nothing observes function calls. The module hooks two engine events that are
 * rare where mail works:
 *   - a throw (zend_throw_exception_hook): PHPMailer's connect failure always ends in one: with
 *     exceptions on, smtpConnect() throws out of its Host loop; with exceptions off, smtpConnect()
 *     returns false and smtpSend() throws "SMTP connect() failed" (caught by postSend()). At that throw
 *     the mailer is diagnosed (sd_hook_explain()), the line goes to PHP's error log and, with
 *     SMTPDebug >= 1, to the mailer's own edebug(); with mode full, the exception's message gets the
 *     suffix (so PHPMailer's setError() puts it into ErrorInfo, and send() rethrows it) and the report
 *     is kept for smtpdiag_last_failure();
 *   - a warning (zend_observer_error_register): stream_socket_client()'s or fsockopen()'s "Unable to
 *     connect" inside PHPMailer's SMTP::connect() is kept as evidence (smtpConnect() clears what its
 *     SMTP object recorded before it returns), so a timed-out connect is not waited for twice.
 * Nothing here throws, warns, or changes what PHPMailer returns. */
#ifndef SD_OBSERVE_H
#define SD_OBSERVE_H

#include "php.h"
#include "src/php/sd_api.h"
#include "src/php/sd_hook.h"

#define SD_EXPLAIN_OFF 0
#define SD_EXPLAIN_LOG 1
#define SD_EXPLAIN_FULL 2

/* Per process (module globals): what persists across requests, and this request's state. */
typedef struct {
	HashTable *seen;              /* persistent: configuration key => expiry (a double), at most 64 */
	zval last;                    /* this request's last report (mode full), or UNDEF */
	int busy;                     /* inside an explanation: a nested failure is not explained */
	/* the last "Unable to connect" warning raised inside an SMTP object */
	uint32_t ev_handle;           /* that SMTP object; 0: none */
	double ev_when;               /* when (sd_clock_ms()) */
	char ev_message[256];         /* the reason in the warning's last parentheses, e.g. "Connection timed out" */
} sd_observe;

/* What the module hands in on a failure. */
typedef struct {
	int mode;                     /* SD_EXPLAIN_* */
	double timeout;               /* smtpdiag.explain_timeout, seconds */
	const sd_settings *settings;
} sd_observe_call;

/* The throw hook's work: exception is being thrown from EG(current_execute_data). */
void sd_observe_throw(sd_observe *s, const sd_observe_call *c, zend_object *exception);

/* The error observer's work: keeps a connect warning raised inside PHPMailer's SMTP class. */
void sd_observe_error(sd_observe *s, int type, zend_string *message);

/* smtpdiag_last_failure(): a copy of the last report into rv, or null. */
void sd_observe_last(sd_observe *s, zval *rv);

void sd_observe_ginit(sd_observe *s);
void sd_observe_gshutdown(sd_observe *s);
void sd_observe_rshutdown(sd_observe *s);

#endif
