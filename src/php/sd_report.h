/* smtpdiag: the one place that turns engine results into PHP arrays. */
#ifndef SD_REPORT_H
#define SD_REPORT_H

#include "php.h"
#include "src/php/sd_env.h"
#include "src/engine/sd_mailer.h"
#include "src/engine/sd_probe.h"
#include "src/engine/sd_scanner.h"
#include "src/engine/sd_dsn.h"

/* Builds the array smtpdiag_environment() returns into rv (initialised here). Borrows env and res. */
void sd_report_environment(zval *rv, const sd_env *env, const sd_env_result *res);

/* Builds only the facts part ('php', 'openssl_extension', ... without checks/findings) into rv, the
 * shape of a probe report's 'environment' key. Borrows env. */
void sd_report_environment_facts(zval *rv, const sd_env *env);

/* Builds the array smtpdiag_probe() returns into rv. Borrows res and env. A probe that could not
 * allocate its state (res->out_of_memory) also throws an Error. */
void sd_report_probe(zval *rv, const sd_probe_result *res, const sd_env *env);

/* Builds the array smtpdiag_scan() returns into rv: a row per port with the report of the probe that
 * counts, the recommendation, elapsed_ms up to now. Borrows host, res and env. */
void sd_report_scan(zval *rv, zend_string *host, const sd_scan_result *res, const sd_env *env);

/* Appends [code, severity, message] rows for every finding to the list in arr. */
void sd_report_findings(zval *arr, const sd_findings *findings);

/* Builds the array smtpdiag_phpmailer() returns into rv: the report of the entry the plan names
 * (reports[sd_mailer_reported(p)]), or concluded when it names none, with the plan's configuration
 * findings added to its findings, and the keys hosts (one row per Host entry, with its report from
 * reports, null where it is UNDEF), config, mailer (what p->cfg read, never the password) and cached
 * (false). Borrows p, reports (SD_MAILERHOST_MAX_ENTRIES zvals) and concluded. */
void sd_report_mailer(zval *rv, const sd_mailer_plan *p, zval *reports, zval *concluded);

/* Builds the array smtpdiag_dsn() returns into rv: scheme, host, port, options (probe options: security,
 * helo, localhost_autotls, and verify_peer/verify_peer_name false or bindto where the DSN says so),
 * credentials (username and password, each null when the DSN has none), ignored (query keys Symfony does
 * not read), notes. Borrows d; the caller wipes d's password. */
void sd_report_dsn(zval *rv, const sd_dsn *d);

#endif
