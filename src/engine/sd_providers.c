/* smtpdiag: the mail provider table and its matcher (see sd_providers.h). Each entry names
 * its source and a trust mark; the sources give no date of checking, so "checked" is NULL (not
 * recorded) everywhere until someone checks an entry against its source and writes the date. */
#include <stdio.h>
#include <string.h>

#include "src/engine/sd_providers.h"

#define STARTTLS SD_SEC_STARTTLS
#define SMTPS SD_SEC_SMTPS

static const sd_provider providers[] = {
	{ "gmail", "Gmail", SD_PROVIDER_GMAIL,
		{ "smtp.gmail.com", NULL },
		{ "gmail.com", "google.com", "googlemail.com", NULL },
		{ { 587, STARTTLS }, { 465, SMTPS }, { 0, 0 } }, 1, 0, NULL,
		"Gmail and Google Workspace accept an app password (2-Step Verification must be on) or OAuth2 "
		"(XOAUTH2), not the account password, and offer AUTH only after TLS",
		NULL, "2nd", "Google help quoted by nanopo.st; EHLO captures in PHPMailer #749, #1106" },
	{ "google_relay", "Google Workspace SMTP relay", SD_PROVIDER_GMAIL,
		{ "smtp-relay.gmail.com", NULL },
		{ NULL },
		{ { 587, STARTTLS }, { 465, SMTPS }, { 0, 0 } }, 0, 0, NULL,
		"the Workspace SMTP relay accepts mail by the sending IP address or by a Workspace user's "
		"credentials, as the Workspace admin set it up",
		NULL, "verify", "not confirmed" },
	{ "microsoft365", "Microsoft 365", SD_PROVIDER_MICROSOFT,
		{ "smtp.office365.com", "smtp-legacy.office365.com", NULL },
		{ "office365.com", NULL },
		{ { 587, STARTTLS }, { 0, 0 } }, 1, 0, NULL,
		"SMTP AUTH must be enabled for the tenant and the mailbox (off by default on new tenants); Basic "
		"auth is to be disabled by default at the end of December 2026, so prefer OAuth2 (XOAUTH2)",
		NULL, "2nd", "Exchange Team blog (update of Jan 27, 2026), MC786329" },
	{ "outlook", "Outlook.com", SD_PROVIDER_MICROSOFT,
		{ "smtp-mail.outlook.com", NULL },
		{ "outlook.com", "hotmail.com", "live.com", NULL },
		{ { 587, STARTTLS }, { 0, 0 } }, 1, 0, NULL,
		"Outlook.com and Hotmail want OAuth2 (XOAUTH2); whether app passwords still work is disputed",
		NULL, "verify", "developer.nylas.com, xenocept.com (Modern Auth date marked verify)" },
	{ "yahoo", "Yahoo Mail", SD_PROVIDER_YAHOO,
		{ "smtp.mail.yahoo.com", NULL },
		{ "yahoo.com", "yahoodns.net", NULL },
		{ { 465, SMTPS }, { 587, STARTTLS }, { 0, 0 } }, 0, 0, NULL,
		"Yahoo wants an app password for third-party apps",
		NULL, "verify", "Yahoo help (not confirmed)" },
	{ "icloud", "iCloud Mail", SD_PROVIDER_ICLOUD,
		{ "smtp.mail.me.com", NULL },
		{ "me.com", "icloud.com", "mac.com", NULL },
		{ { 587, STARTTLS }, { 0, 0 } }, 0, 0, "465 is not documented, and reports about it conflict",
		"iCloud wants the full iCloud address as the user name and an app-specific password (two-factor "
		"authentication must be on)",
		NULL, "2nd", "meshworld.in, sendarix.com" },
	{ "zoho", "Zoho Mail", SD_PROVIDER_OTHER,
		{ "smtp.zoho.com", "smtp.zoho.eu", "smtp.zoho.in", "smtp.zoho.com.au",
			"smtppro.zoho.com", "smtppro.zoho.eu", "smtppro.zoho.in", "smtppro.zoho.com.au", NULL },
		{ NULL },
		{ { 465, SMTPS }, { 587, STARTTLS }, { 0, 0 } }, 0, 0, NULL,
		"Zoho wants the account password, or an app-specific password when two-factor authentication is "
		"on, at the host of the account's region (.com, .eu, .in, .com.au; smtppro for organisation "
		"domains): another region's host refuses the login",
		NULL, "verify", "Zoho help (not confirmed)" },
	{ "ses", "Amazon SES", SD_PROVIDER_OTHER,
		{ "email-smtp.*.amazonaws.com", NULL },
		{ NULL },
		{ { 587, STARTTLS }, { 2587, STARTTLS }, { 25, STARTTLS }, { 465, SMTPS }, { 2465, SMTPS }, { 0, 0 } },
		1, 2587, NULL,
		"Amazon SES wants its SMTP credentials (made for SES, not the IAM access keys) of the host's region",
		NULL, "src", "https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html" },
	{ "sendgrid", "SendGrid", SD_PROVIDER_OTHER,
		{ "smtp.sendgrid.net", NULL },
		{ NULL },
		{ { 587, STARTTLS }, { 2525, STARTTLS }, { 25, STARTTLS }, { 465, SMTPS }, { 0, 0 } }, 0, 2525, NULL,
		"SendGrid's user name is literally apikey ($mail->Username = 'apikey';) and the password is an API "
		"key with the Mail Send permission",
		NULL, "src", "https://www.twilio.com/docs/sendgrid/for-developers/sending-email/integrating-with-the-smtp-api" },
	{ "mailgun", "Mailgun", SD_PROVIDER_OTHER,
		{ "smtp.mailgun.org", "smtp.eu.mailgun.org", NULL },
		{ NULL },
		{ { 587, STARTTLS }, { 2525, STARTTLS }, { 25, STARTTLS }, { 465, SMTPS }, { 0, 0 } }, 0, 2525, NULL,
		"Mailgun wants the domain's SMTP credentials (e.g. postmaster@mg.example.com) at the host of the "
		"domain's region: smtp.mailgun.org (US) or smtp.eu.mailgun.org (EU); the other region refuses them",
		NULL, "src", "https://documentation.mailgun.com/docs/mailgun/user-manual/sending-messages/send-smtp.md" },
	{ "postmark", "Postmark", SD_PROVIDER_OTHER,
		{ "smtp.postmarkapp.com", "smtp-broadcasts.postmarkapp.com", NULL },
		{ NULL },
		{ { 587, STARTTLS }, { 2525, STARTTLS }, { 25, STARTTLS }, { 0, 0 } }, 0, 2525,
		"no implicit TLS; port 465 hangs rather than failing",
		"Postmark wants a Server API Token as both user name and password",
		NULL, "src", "https://postmarkapp.com/support/article/811-what-are-the-smtp-details-api-tokens-i-should-be-using" },
	{ "brevo", "Brevo", SD_PROVIDER_OTHER,
		{ "smtp-relay.brevo.com", NULL },
		{ NULL },
		{ { 587, STARTTLS }, { 2525, STARTTLS }, { 465, SMTPS }, { 0, 0 } }, 0, 2525, NULL,
		"Brevo wants the SMTP login and an SMTP key as the password, not the API key",
		NULL, "src", "https://developers.brevo.com/docs/smtp-integration" },
};

const sd_provider *sd_provider_table(size_t *count)
{
	*count = sizeof(providers) / sizeof(providers[0]);
	return providers;
}

static int label_equal(const char *a, const char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z') {
			x = (char) (x - 'A' + 'a');
		}
		if (y >= 'A' && y <= 'Z') {
			y = (char) (y - 'A' + 'a');
		}
		if (x != y) {
			return 0;
		}
	}
	return 1;
}

/* Whether the last labels of host[0..hlen) are the labels of pattern ("*" is any one label). */
static int suffix_match(const char *host, size_t hlen, const char *pattern)
{
	size_t plen = strlen(pattern);

	while (plen > 0) {
		size_t ps = plen, hs = hlen;

		while (ps > 0 && pattern[ps - 1] != '.') {
			ps--;
		}
		while (hs > 0 && host[hs - 1] != '.') {
			hs--;
		}
		if (hs == hlen) {
			return 0;                 /* the host has no label left, or an empty one */
		}
		if (!(plen - ps == 1 && pattern[ps] == '*')
				&& (plen - ps != hlen - hs || !label_equal(pattern + ps, host + hs, plen - ps))) {
			return 0;
		}
		if (ps == 0) {
			return 1;                 /* every label matched, on a label boundary of the host */
		}
		if (hs == 0) {
			return 0;                 /* the pattern is longer than the host */
		}
		plen = ps - 1;
		hlen = hs - 1;
	}
	return 0;
}

/* The first entry one of whose patterns (hosts, or domains when domains is set) holds host. */
static const sd_provider *match_in(const char *host, int domains)
{
	size_t i, j, len;

	if (host == NULL) {
		return NULL;
	}
	len = strlen(host);
	if (len > 0 && host[len - 1] == '.') {
		len--;
	}
	for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++) {
		const char *const *patterns = domains ? providers[i].domains : providers[i].hosts;
		size_t max = domains ? SD_PROVIDER_DOMAINS_MAX : SD_PROVIDER_HOSTS_MAX;

		for (j = 0; j < max && patterns[j]; j++) {
			if (suffix_match(host, len, patterns[j])) {
				return &providers[i];
			}
		}
	}
	return NULL;
}

const sd_provider *sd_provider_match(const char *host)
{
	return match_in(host, 0);
}

sd_provider_family sd_provider_family_of(const char *name)
{
	const sd_provider *p = match_in(name, 1);

	return p != NULL ? p->family : SD_PROVIDER_OTHER;
}

const char *sd_provider_family_name(sd_provider_family f)
{
	size_t i;

	if (f == SD_PROVIDER_OTHER) {
		return "";
	}
	for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++) {
		if (providers[i].family == f) {
			return providers[i].name;
		}
	}
	return "";
}

int sd_provider_port_mode(const sd_provider *p, int port)
{
	size_t i;

	for (i = 0; i < SD_PROVIDER_PORTS_MAX && p->ports[i].port; i++) {
		if (p->ports[i].port == port) {
			return (int) p->ports[i].mode;
		}
	}
	return -1;
}

static const char *mode_text(sd_security s)
{
	return s == SD_SEC_SMTPS ? "implicit TLS" : "STARTTLS";
}

void sd_provider_ports_text(const sd_provider *p, char *buf, size_t len)
{
	static const sd_security modes[2] = { SD_SEC_STARTTLS, SD_SEC_SMTPS };
	size_t used = 0, m, i;

	buf[0] = '\0';
	for (m = 0; m < 2; m++) {
		size_t n = 0, total = 0;

		for (i = 0; i < SD_PROVIDER_PORTS_MAX && p->ports[i].port; i++) {
			total += p->ports[i].mode == modes[m];
		}
		for (i = 0; i < SD_PROVIDER_PORTS_MAX && p->ports[i].port && used < len; i++) {
			if (p->ports[i].mode != modes[m]) {
				continue;
			}
			used += (size_t) snprintf(buf + used, len - used, "%s%d",
				n == 0 ? (used ? "; " : "") : n + 1 == total ? " and " : ", ", p->ports[i].port);
			n++;
		}
		if (n && used < len) {
			used += (size_t) snprintf(buf + used, len - used, " with %s", mode_text(modes[m]));
		}
	}
}

int sd_provider_mismatch(const sd_provider *p, int port, sd_security security, char *buf, size_t len)
{
	int mode = sd_provider_port_mode(p, port);
	char ports[SD_TEXT_MAX / 2];

	buf[0] = '\0';
	if (mode < 0) {
		sd_provider_ports_text(p, ports, sizeof(ports));
		snprintf(buf, len, "%s offers no port %d%s%s%s; its documented ports are %s", p->name, port,
			p->ports_note ? " (" : "", p->ports_note ? p->ports_note : "", p->ports_note ? ")" : "", ports);
		return 1;
	}
	if (mode == SD_SEC_SMTPS && security != SD_SEC_SMTPS) {
		snprintf(buf, len, "%s port %d is implicit TLS, but %s is configured", p->name, port,
			security == SD_SEC_STARTTLS ? "STARTTLS (SMTPSecure 'tls')" : "plain SMTP (SMTPSecure '')");
		return 1;
	}
	if (mode == SD_SEC_STARTTLS && security == SD_SEC_SMTPS) {
		snprintf(buf, len, "%s port %d is STARTTLS, but implicit TLS (SMTPSecure 'ssl') is configured",
			p->name, port);
		return 1;
	}
	if (mode == SD_SEC_STARTTLS && security == SD_SEC_NONE && p->tls_required) {
		snprintf(buf, len, "%s requires TLS, but STARTTLS is turned off (SMTPAutoTLS false)", p->name);
		return 1;
	}
	return 0;
}

void sd_provider_suggest(const sd_provider *p, sd_security security, int *port, sd_security *mode)
{
	size_t i;
	sd_security want = security == SD_SEC_SMTPS ? SD_SEC_SMTPS : SD_SEC_STARTTLS;

	*port = p->ports[0].port;
	*mode = p->ports[0].mode;
	for (i = 0; i < SD_PROVIDER_PORTS_MAX && p->ports[i].port; i++) {
		if (p->ports[i].mode == want) {
			*port = p->ports[i].port;
			*mode = p->ports[i].mode;
			return;
		}
	}
}
