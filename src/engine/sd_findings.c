/* smtpdiag: the code registry, check results and findings. */
#include <stdio.h>
#include <string.h>

#include "src/engine/sd_findings.h"

static const char *const code_names[SD_CODE_COUNT] = {
#define SD_CODE_V(ID, code, advice) #code,
#define SD_CODE_F(ID, code) #code,
	SD_VERDICTS(SD_CODE_V)
	SD_FINDINGS(SD_CODE_F)
#undef SD_CODE_V
#undef SD_CODE_F
};

static const unsigned code_advice[SD_VERDICT_COUNT] = {
#define SD_CODE_V(ID, code, advice) advice,
	SD_VERDICTS(SD_CODE_V)
#undef SD_CODE_V
};

const char *sd_code_name(sd_code c)
{
	return (unsigned) c < SD_CODE_COUNT ? code_names[c] : "unknown";
}

int sd_code_is_verdict(sd_code c)
{
	return (unsigned) c < SD_VERDICT_COUNT;
}

unsigned sd_code_advice(sd_code c)
{
	return sd_code_is_verdict(c) ? code_advice[c] : 0;
}

int sd_code_parse(const char *s, size_t len, sd_code *out)
{
	size_t i;

	for (i = 0; i < SD_CODE_COUNT; i++) {
		if (strlen(code_names[i]) == len && memcmp(code_names[i], s, len) == 0) {
			*out = (sd_code) i;
			return 1;
		}
	}
	return 0;
}

const char *sd_status_name(sd_status status)
{
	switch (status) {
		case SD_STATUS_PASS: return "pass";
		case SD_STATUS_WARN: return "warn";
		case SD_STATUS_FAIL: return "fail";
		case SD_STATUS_SKIP: return "skip";
	}
	return "skip";
}

const char *sd_severity_name(sd_severity severity)
{
	switch (severity) {
		case SD_SEV_ERROR: return "error";
		case SD_SEV_WARNING: return "warning";
		case SD_SEV_INFO: return "info";
	}
	return "info";
}

void sd_findings_add(sd_findings *list, sd_code code, sd_severity severity, const char *fmt, ...)
{
	va_list ap;
	sd_finding *f;

	if (list->count >= SD_FINDINGS_MAX) {
		list->dropped++;
		return;
	}
	f = &list->items[list->count++];
	f->code = code;
	f->severity = severity;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
}

const sd_finding *sd_findings_first_error(const sd_findings *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		if (list->items[i].severity == SD_SEV_ERROR) {
			return &list->items[i];
		}
	}
	return NULL;
}

const sd_finding *sd_findings_find(const sd_findings *list, sd_code code)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		if (list->items[i].code == code) {
			return &list->items[i];
		}
	}
	return NULL;
}

void sd_check_set(sd_check *check, const char *name, sd_status status, const char *fmt, ...)
{
	va_list ap;

	check->name = name;
	check->status = status;
	va_start(ap, fmt);
	vsnprintf(check->message, sizeof(check->message), fmt, ap);
	va_end(ap);
}
