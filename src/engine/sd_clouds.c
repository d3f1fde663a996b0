/* smtpdiag: the cloud and host table and its matcher (see sd_clouds.h). Each entry names
 * the source of its port policy and a trust mark; the sources give no date of checking, so "checked" is
 * NULL (not recorded) everywhere. The DMI signatures are the values common cloud detectors look for (the Azure
 * asset tag, Oracle's OracleCloud.com tag, the vendors' sys_vendor and product_name strings). */
#include <string.h>

#include "src/engine/sd_clouds.h"

#define IS(f, t) { SD_DMI_##f, 0, t }
#define HAS(f, t) { SD_DMI_##f, 1, t }
#define END { SD_DMI_SYS_VENDOR, 0, NULL }

static const sd_cloud clouds[] = {
	{ "aws_ec2", "AWS EC2",
		{ { IS(SYS_VENDOR, "Amazon EC2"), END }, { HAS(BIOS_VERSION, "amazon"), END }, { END } },
		{ 25, 0 },
		"throttles outgoing port 25 by default",
		"ask AWS to lift it (the \"Request to Remove Email Sending Limitations\" form), or submit on 587 "
		"(Amazon SES also listens on 2587)",
		NULL, "src", "https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html" },
	{ "gcp", "Google Cloud",
		{ { IS(PRODUCT_NAME, "Google Compute Engine"), END }, { IS(SYS_VENDOR, "Google"), END }, { END } },
		{ 25, 0 },
		"blocks outgoing port 25 on every project, with no way to lift it",
		"send through a relay on port 465, 587 or a non-standard port such as 2525",
		NULL, "2nd", "https://cloud.google.com/compute/docs/tutorials/sending-mail" },
	{ "azure", "Microsoft Azure",
		{ { IS(CHASSIS_ASSET_TAG, "7783-7084-3265-9085-8269-3286-77"), END }, { END }, { END } },
		{ 25, 0 },
		"blocks outgoing port 25 for most subscription types (pay-as-you-go, free, MSDN, CSP; Enterprise "
		"Agreement subscriptions are exempt)",
		"send through an authenticated relay on port 587",
		NULL, "verify", "https://learn.microsoft.com/azure/virtual-network/troubleshoot-outbound-smtp-connectivity" },
	{ "digitalocean", "DigitalOcean",
		{ { IS(SYS_VENDOR, "DigitalOcean"), END }, { END }, { END } },
		{ 25, 465, 587, 0 },
		"blocks outgoing port 25 on all Droplets of new accounts, and users report 465 and 587 blocked too",
		"ask DigitalOcean support to lift the block "
		"(https://docs.digitalocean.com/support/why-is-smtp-blocked/), or use a provider's port 2525",
		NULL, "src", "https://docs.digitalocean.com/support/why-is-smtp-blocked/; reports in PHPMailer PR #460" },
	{ "hetzner", "Hetzner Cloud",
		{ { IS(SYS_VENDOR, "Hetzner"), END }, { END }, { END } },
		{ 25, 465, 0 },
		"blocks outgoing ports 25 and 465 on Cloud Servers, upstream of the machine (its own firewall "
		"looks clean)",
		"submit on port 587 with STARTTLS, or ask Hetzner by support ticket to lift the block",
		NULL, "2nd", "commit note at git.wizard.lu/sboulahtit/orion 1227567d; Hetzner Cloud FAQ" },
	{ "linode", "Linode",
		{ { IS(SYS_VENDOR, "Linode"), END }, { IS(SYS_VENDOR, "Akamai"), END }, { END } },
		{ 25, 465, 587, 0 },
		"blocks outgoing ports 25, 465 and 587 on all Linodes of accounts created after November 5, 2019",
		"ask Linode support to lift the restriction, or use a provider's port 2525",
		NULL, "src", "linode/linode-api-docs openapi.yaml (PR #267)" },
	{ "oracle", "Oracle Cloud",
		{ { IS(CHASSIS_ASSET_TAG, "OracleCloud.com"), END }, { END }, { END } },
		{ 25, 0 },
		"is reported to block outgoing SMTP",
		"ask Oracle to lift the block (paid accounts), or use a provider's port 2525",
		NULL, "issue", "bitbucket analogic/mailserver #975" },
};

const char *sd_dmi_field_name(sd_dmi_field field)
{
	static const char *const names[SD_DMI_COUNT] = {
		"sys_vendor", "product_name", "product_version", "bios_vendor", "bios_version", "board_vendor",
		"chassis_vendor", "chassis_asset_tag"
	};

	return (int) field >= 0 && field < SD_DMI_COUNT ? names[field] : "";
}

const sd_cloud *sd_cloud_table(size_t *count)
{
	*count = sizeof(clouds) / sizeof(clouds[0]);
	return clouds;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

static int holds(const sd_dmi_cond *c, const char *value)
{
	size_t vlen, tlen, i, j;

	if (value == NULL) {
		return 0;
	}
	vlen = strlen(value);
	tlen = strlen(c->text);
	for (i = 0; i + tlen <= vlen; i++) {
		for (j = 0; j < tlen && lower(value[i + j]) == lower(c->text[j]); j++) {
		}
		if (j == tlen && (c->contains || (i == 0 && vlen == tlen))) {
			return 1;
		}
		if (!c->contains) {
			break;
		}
	}
	return 0;
}

const sd_cloud *sd_cloud_match(const sd_dmi *dmi, size_t *signature)
{
	size_t i, s, k;

	for (i = 0; i < sizeof(clouds) / sizeof(clouds[0]); i++) {
		for (s = 0; s < SD_CLOUD_SIGNATURES && clouds[i].signatures[s][0].text; s++) {
			const sd_dmi_cond *sig = clouds[i].signatures[s];

			for (k = 0; k < SD_CLOUD_CONDITIONS && sig[k].text; k++) {
				if (!holds(&sig[k], dmi->value[sig[k].field])) {
					break;
				}
			}
			if (k == SD_CLOUD_CONDITIONS || sig[k].text == NULL) {
				if (signature) {
					*signature = s;
				}
				return &clouds[i];
			}
		}
	}
	return NULL;
}

int sd_cloud_blocks(const sd_cloud *c, int port)
{
	size_t i;

	for (i = 0; i < SD_CLOUD_PORTS && c->blocked[i]; i++) {
		if (c->blocked[i] == port) {
			return 1;
		}
	}
	return 0;
}
