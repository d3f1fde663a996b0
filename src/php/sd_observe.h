/* smtpdiag: explaining PHPMailer's failures where its user already looks (smtpdiag.explain). The module
 * registers an observer (PHP 8's Observer API) whose init handler asks sd_observe_match() which
 * PHPMailer method a function is; only those get end handlers, which call in here:
 *   - SMTP::connect() returned false: what it recorded (errno and message, or a greeting that never
 *     came) is kept as evidence, since smtpConnect() clears it before it returns;
 *   - smtpConnect() returned false or threw: the mailer is diagnosed (sd_hook_explain()), the line goes
 *     to PHP's error log and, with SMTPDebug >= 1, to the mailer's own edebug(); with mode full the
 *     report is kept for smtpdiag_last_failure() and the suffix waits for setError() and send();
 *   - setError() (full): ErrorInfo gets the suffix;
 *   - send() (full): an exception on its way out gets the suffix in its message.
 * Nothing here throws, warns, or changes what PHPMailer returns. */
#ifndef SD_OBSERVE_H
#define SD_OBSERVE_H

#include "php.h"
#include "src/php/sd_api.h"
#include "src/php/sd_hook.h"

#define SD_EXPLAIN_OFF 0
#define SD_EXPLAIN_LOG 1
#define SD_EXPLAIN_FULL 2

/* Which method an observed function is. */
typedef enum {
	SD_OBSERVE_NONE = 0,
	SD_OBSERVE_CONNECT,   /* smtpConnect() */
	SD_OBSERVE_SET_ERROR, /* setError() */
	SD_OBSERVE_SEND,      /* send() */
	SD_OBSERVE_SMTP_CONNECT /* SMTP::connect(): what it recorded when it failed */
} sd_observe_kind;

/* Per process (module globals): what persists across requests, and this request's state. */
typedef struct {
	HashTable *seen;              /* persistent: configuration key => expiry (a double), at most 64 */
	zval last;                    /* this request's last report (mode full), or UNDEF */
	uint32_t pending_handle;      /* the mailer whose failure waits for setError()/send(); 0: none */
	char suffix[sizeof(((sd_hook_explained *) 0)->suffix)];
	int busy;                     /* inside an explanation: a nested failure is not explained */
	/* what the last failed SMTP::connect() recorded, before smtpConnect()'s close() clears it */
	uint32_t ev_handle;           /* that SMTP object; 0: nothing recorded */
	int ev_silent;
	char ev_error[128], ev_code[32], ev_code_ex[256];
} sd_observe;

/* What the module hands in on a failure. */
typedef struct {
	int mode;                     /* SD_EXPLAIN_* */
	double timeout;               /* smtpdiag.explain_timeout, seconds */
	const sd_settings *settings;
} sd_observe_call;

/* The method f is, when its scope is PHPMailer (PHPMailer\PHPMailer\PHPMailer, or 5.2's PHPMailer) or a
 * subclass of it. Called once per function by the init handler. */
sd_observe_kind sd_observe_match(const zend_function *f);

/* The end handlers' work; ex is the observed frame, retval as the Observer API gives it. */
void sd_observe_connect_end(sd_observe *s, const sd_observe_call *c, zend_execute_data *ex, zval *retval);
void sd_observe_set_error_end(sd_observe *s, zend_execute_data *ex);
void sd_observe_send_end(sd_observe *s, zend_execute_data *ex);
void sd_observe_smtp_connect_end(sd_observe *s, zend_execute_data *ex, zval *retval);

/* smtpdiag_last_failure(): a copy of the last report into rv, or null. */
void sd_observe_last(sd_observe *s, zval *rv);

void sd_observe_ginit(sd_observe *s);
void sd_observe_gshutdown(sd_observe *s);
void sd_observe_rshutdown(sd_observe *s);

#endif
