/* smtpdiag: the clouds and hosts smtpdiag recognises from local DMI facts (never from the network), with
 * the outbound SMTP ports each is known to block and the documented way out, as a table of data, and
 * the matcher. Pure C: no PHP, no heap. Each entry names the source of its policy;
 * README.md says how to add an entry. */
#ifndef SD_CLOUDS_H
#define SD_CLOUDS_H

#include <stddef.h>

/* The DMI files read, under /sys/class/dmi/id (world-readable ones only: no serials, no UUIDs). */
typedef enum {
	SD_DMI_SYS_VENDOR = 0,
	SD_DMI_PRODUCT_NAME,
	SD_DMI_PRODUCT_VERSION,
	SD_DMI_BIOS_VENDOR,
	SD_DMI_BIOS_VERSION,
	SD_DMI_BOARD_VENDOR,
	SD_DMI_CHASSIS_VENDOR,
	SD_DMI_CHASSIS_ASSET_TAG,
	SD_DMI_COUNT
} sd_dmi_field;

#define SD_DMI_DIR "/sys/class/dmi/id"
#define SD_DMI_VALUE_MAX 128

/* The values read; NULL where the file is missing or unreadable. Strings are borrowed. */
typedef struct {
	const char *value[SD_DMI_COUNT];
} sd_dmi;

/* One condition on a DMI value, compared ignoring case: equal, or (contains) a substring. */
typedef struct {
	sd_dmi_field field;
	int contains;
	const char *text;                 /* NULL ends a signature */
} sd_dmi_cond;

#define SD_CLOUD_SIGNATURES 3
#define SD_CLOUD_CONDITIONS 3
#define SD_CLOUD_PORTS 6

typedef struct sd_cloud {
	const char *id;                   /* stable, e.g. "digitalocean" */
	const char *name;                 /* for people, e.g. "DigitalOcean" */
	/* The machine is this host when all conditions of any one signature hold. */
	sd_dmi_cond signatures[SD_CLOUD_SIGNATURES][SD_CLOUD_CONDITIONS];
	int blocked[SD_CLOUD_PORTS];      /* outbound ports blocked or throttled; 0 ends */
	const char *policy;               /* completes "<name> ...", e.g. "blocks outgoing port 25 ..." */
	const char *way_out;              /* the documented way out, a fix */
	const char *checked;              /* date (YYYY-MM-DD) the policy was last checked; NULL: not recorded */
	const char *trust;                /* how sure: "src", "2nd", "issue" or "verify" (README) */
	const char *source;
} sd_cloud;

/* "sys_vendor", "product_name"...: the file name of a field. Static. */
const char *sd_dmi_field_name(sd_dmi_field field);

/* The whole table and its length. Static. */
const sd_cloud *sd_cloud_table(size_t *count);

/* The entry dmi matches, or NULL; *signature (may be NULL) gets the index of the matching signature,
 * whose conditions are the evidence. Static; borrows dmi for the call. */
const sd_cloud *sd_cloud_match(const sd_dmi *dmi, size_t *signature);

/* Whether cloud c is known to block outbound port. */
int sd_cloud_blocks(const sd_cloud *c, int port);

#endif
