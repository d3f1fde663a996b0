/* smtpdiag: the one place that turns engine results into PHP arrays. */
#ifndef SD_REPORT_H
#define SD_REPORT_H

#include "php.h"
#include "src/php/sd_env.h"
#include "src/engine/sd_probe.h"

/* Builds the array smtpdiag_environment() returns into rv (initialised here). Borrows env and res. */
void sd_report_environment(zval *rv, const sd_env *env, const sd_env_result *res);

/* Builds only the facts part ('php', 'openssl_extension', ... without checks/findings) into rv, the
 * shape of a probe report's 'environment' key. Borrows env. */
void sd_report_environment_facts(zval *rv, const sd_env *env);

/* Builds the array smtpdiag_probe() returns into rv. Borrows res and env. A probe that could not
 * allocate its state (res->out_of_memory) also throws an Error. */
void sd_report_probe(zval *rv, const sd_probe_result *res, const sd_env *env);

/* Appends [code, severity, message] rows for every finding to the list in arr. */
void sd_report_findings(zval *arr, const sd_findings *findings);

#endif
