/* smtpdiag: check results and findings, the vocabulary every rule speaks; the codes themselves are
 * declared in sd_codes.h. Pure C: no PHP, no heap. */
#ifndef SD_FINDINGS_H
#define SD_FINDINGS_H

#include <stdarg.h>
#include <stddef.h>

#include "src/engine/sd_codes.h"

typedef enum {
	SD_STATUS_PASS = 0,
	SD_STATUS_WARN,
	SD_STATUS_FAIL,
	SD_STATUS_SKIP
} sd_status;

typedef enum {
	SD_SEV_ERROR = 0, /* stops PHPMailer */
	SD_SEV_WARNING,   /* works, but something is wrong or fragile */
	SD_SEV_INFO       /* worth knowing */
} sd_severity;

#define SD_MSG_MAX 512
#define SD_FINDINGS_MAX 32

typedef struct {
	sd_code code;            /* a verdict code or a finding code (sd_codes.h) */
	sd_severity severity;
	char message[SD_MSG_MAX];
} sd_finding;

typedef struct {
	size_t count;
	size_t dropped;          /* findings that did not fit */
	sd_finding items[SD_FINDINGS_MAX];
} sd_findings;

/* One check's outcome: name is a static string, message is owned by the struct. */
typedef struct {
	const char *name;
	sd_status status;
	char message[SD_MSG_MAX];
} sd_check;

/* Returns "pass", "warn", "fail" or "skip"; "error", "warning", "info". Static strings. */
const char *sd_status_name(sd_status status);
const char *sd_severity_name(sd_severity severity);

/* Appends a finding; the message is formatted into the finding (truncated at SD_MSG_MAX).
 * A full list counts the finding in dropped instead. */
void sd_findings_add(sd_findings *list, sd_code code, sd_severity severity, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* The first finding with severity error, or NULL. Borrowed from list. */
const sd_finding *sd_findings_first_error(const sd_findings *list);

/* The finding with this code, or NULL. Borrowed from list. */
const sd_finding *sd_findings_find(const sd_findings *list, sd_code code);

/* Sets a check's name, status and formatted message. */
void sd_check_set(sd_check *check, const char *name, sd_status status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

#endif
