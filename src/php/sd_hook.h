/* smtpdiag: smtpdiag_phpmailer(). Reads a configured PHPMailer object as PHPMailer reads itself,
 * probes its Host entries in PHPMailer's order, and builds the report. */
#ifndef SD_HOOK_H
#define SD_HOOK_H

#include "php.h"
#include "src/php/sd_api.h"
#include "src/engine/sd_mailer.h"

/* Builds the report for mailer into rv, with the module's settings (borrowed; the cache is used when
 * its ttl is above 0). options may be NULL. Throws (TypeError/ValueError naming the argument) and returns
 * FAILURE for a mailer that is not a PHPMailer or a bad option. */
zend_result sd_hook_run(zval *rv, const sd_settings *settings, zend_object *mailer, HashTable *options);

/* Explaining a failure PHPMailer just had (smtpdiag.explain): no cache, no $options. */
typedef struct {
	double timeout;               /* smtpdiag.explain_timeout: the whole explanation's budget, seconds */
	/* Returns 1 when the configuration named by key (borrowed) was explained recently: nothing is
	 * probed. NULL: always explain. */
	int (*seen)(void *ctx, zend_string *key);
	void *ctx;
	const sd_mailer_evidence *evidence; /* what PHPMailer's own SMTP::connect() recorded; NULL: nothing */
} sd_hook_explain_opts;

typedef struct {
	int ok;                       /* the verdict is ok (PHPMailer failed for a reason outside the probe) */
	char line[2048];              /* "smtpdiag: <host>:<port>: <verdict>: <summary> Fix: <fix>" */
	char suffix[1024];            /* " smtpdiag: <verdict>: <summary>" */
} sd_hook_explained;

/* Diagnoses mailer as sd_hook_run() does, without the cache, with the settings' defaults and
 * check_auth as SMTPAuth says, each probe's deadline a share of x->timeout; what PHPMailer's SMTP
 * instance recorded counts as evidence (a timed-out connect is not waited for again). Returns 1 with
 * the report in rv and the texts in out, or 0 (rv untouched): seen, or not a readable mailer. Never
 * throws; call it with no exception pending. */
int sd_hook_explain(zval *rv, const sd_settings *settings, zend_object *mailer, const sd_hook_explain_opts *x,
	sd_hook_explained *out);

#endif
