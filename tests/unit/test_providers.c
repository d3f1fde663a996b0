/* sources: src/engine/sd_providers.c src/engine/sd_clouds.c src/engine/sd_verdict.c src/engine/sd_auth.c src/engine/sd_findings.c */
/* libs: -lcrypto */
/* The provider and cloud tables: every entry is found from a matching host or DMI set and adds its
 * advice to the verdicts it concerns; look-alike hosts and DMI sets match nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "src/engine/sd_providers.h"
#include "src/engine/sd_clouds.h"
#include "src/engine/sd_verdict.h"

/* The entry's first host with a region where the pattern has "*". */
static void sample_host(const sd_provider *p, char *buf, size_t len)
{
	const char *star = strchr(p->hosts[0], '*');

	if (star) {
		snprintf(buf, len, "%.*sus-east-1%s", (int) (star - p->hosts[0]), p->hosts[0], star + 1);
	} else {
		snprintf(buf, len, "%s", p->hosts[0]);
	}
}

static int has_fix(const sd_explanation *e, const char *text)
{
	size_t i;

	for (i = 0; i < e->nfixes; i++) {
		if (strstr(e->fixes[i], text) != NULL) {
			return 1;
		}
	}
	return 0;
}

static size_t count_fixes(const sd_explanation *e, const char *text)
{
	size_t i, n = 0;

	for (i = 0; i < e->nfixes; i++) {
		n += strstr(e->fixes[i], text) != NULL;
	}
	return n;
}

static void test_every_provider_host_matches(void **state)
{
	size_t n, i, j;
	const sd_provider *t = sd_provider_table(&n);
	char host[128], upper[256];

	(void) state;
	assert_true(n >= 12);
	for (i = 0; i < n; i++) {
		for (j = 0; j < SD_PROVIDER_HOSTS_MAX && t[i].hosts[j]; j++) {
			if (strchr(t[i].hosts[j], '*') == NULL) {
				assert_ptr_equal(sd_provider_match(t[i].hosts[j]), &t[i]);
			}
		}
		sample_host(&t[i], host, sizeof(host));
		assert_ptr_equal(sd_provider_match(host), &t[i]);
		/* case-insensitive, a trailing dot ignored, subdomains are suffix matches */
		for (j = 0; host[j]; j++) {
			upper[j] = (char) (host[j] >= 'a' && host[j] <= 'z' ? host[j] - 'a' + 'A' : host[j]);
		}
		upper[j] = '.';
		upper[j + 1] = '\0';
		assert_ptr_equal(sd_provider_match(upper), &t[i]);
		snprintf(upper, sizeof(upper), "a.%s", host);
		assert_ptr_equal(sd_provider_match(upper), &t[i]);
		assert_non_null(t[i].auth);
		assert_non_null(t[i].source);
		assert_non_null(t[i].trust);
		assert_true(t[i].ports[0].port > 0);
		assert_null(t[i].checked); /* no source records a date of checking */
	}
}

static void test_named_providers(void **state)
{
	static const struct {
		const char *host;
		const char *id;
	} cases[] = {
		{ "smtp.gmail.com", "gmail" }, { "smtp-relay.gmail.com", "google_relay" },
		{ "smtp.office365.com", "microsoft365" }, { "smtp-mail.outlook.com", "outlook" },
		{ "smtp.mail.yahoo.com", "yahoo" }, { "smtp.mail.me.com", "icloud" },
		{ "smtp.zoho.com", "zoho" }, { "smtp.zoho.eu", "zoho" }, { "smtp.zoho.in", "zoho" },
		{ "smtp.zoho.com.au", "zoho" }, { "smtppro.zoho.com", "zoho" }, { "smtppro.zoho.eu", "zoho" },
		{ "email-smtp.us-east-1.amazonaws.com", "ses" }, { "email-smtp.eu-west-1.amazonaws.com", "ses" },
		{ "smtp.sendgrid.net", "sendgrid" }, { "smtp.mailgun.org", "mailgun" },
		{ "smtp.eu.mailgun.org", "mailgun" }, { "smtp.postmarkapp.com", "postmark" },
		{ "smtp-broadcasts.postmarkapp.com", "postmark" }, { "smtp-relay.brevo.com", "brevo" },
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const sd_provider *p = sd_provider_match(cases[i].host);
		assert_non_null(p);
		assert_string_equal(p->id, cases[i].id);
	}
}

static void test_lookalikes_do_not_match(void **state)
{
	static const char *const hosts[] = {
		"gmail.com.evil.test", "notsmtp.gmail.com.example", "notsmtp.gmail.com", "smtp.gmail.com.evil.test",
		"gmail.com", "xsmtp.gmail.com", "smtp.gmail.co", "email-smtp.amazonaws.com",
		"evil-email-smtp.us-east-1.amazonaws.com", "email-smtp..amazonaws.com", "smtp.zoho.com.evil",
		"mailgun.org", "eu.mailgun.org", "smtp.sendgrid.net.example", "postmarkapp.com", "", ".", "127.0.0.1",
		"smtp.example.com", "localhost",
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		if (sd_provider_match(hosts[i]) != NULL) {
			fail_msg("%s matched %s", hosts[i], sd_provider_match(hosts[i])->id);
		}
	}
	assert_null(sd_provider_match(NULL));
}

static void test_ports_and_mismatch(void **state)
{
	const sd_provider *pm = sd_provider_match("smtp.postmarkapp.com");
	const sd_provider *ses = sd_provider_match("email-smtp.us-east-1.amazonaws.com");
	const sd_provider *gm = sd_provider_match("smtp.gmail.com");
	char buf[SD_TEXT_MAX];
	int port;
	sd_security mode;

	(void) state;
	sd_provider_ports_text(ses, buf, sizeof(buf));
	assert_string_equal(buf, "587, 2587 and 25 with STARTTLS; 465 and 2465 with implicit TLS");
	sd_provider_ports_text(pm, buf, sizeof(buf));
	assert_string_equal(buf, "587, 2525 and 25 with STARTTLS");

	assert_int_equal(sd_provider_mismatch(pm, 465, SD_SEC_SMTPS, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "Postmark offers no port 465 (no implicit TLS; port 465 hangs rather than "
		"failing); its documented ports are 587, 2525 and 25 with STARTTLS");
	sd_provider_suggest(pm, SD_SEC_SMTPS, &port, &mode);
	assert_int_equal(port, 587);
	assert_int_equal(mode, SD_SEC_STARTTLS);

	assert_int_equal(sd_provider_mismatch(gm, 465, SD_SEC_STARTTLS, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "Gmail port 465 is implicit TLS, but STARTTLS (SMTPSecure 'tls') is configured");
	assert_int_equal(sd_provider_mismatch(gm, 587, SD_SEC_SMTPS, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "Gmail port 587 is STARTTLS, but implicit TLS (SMTPSecure 'ssl') is configured");
	assert_int_equal(sd_provider_mismatch(gm, 587, SD_SEC_NONE, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "Gmail requires TLS, but STARTTLS is turned off (SMTPAutoTLS false)");
	assert_int_equal(sd_provider_mismatch(gm, 587, SD_SEC_AUTO, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(sd_provider_mismatch(gm, 465, SD_SEC_SMTPS, buf, sizeof(buf)), 0);
	assert_int_equal(sd_provider_mismatch(ses, 2465, SD_SEC_SMTPS, buf, sizeof(buf)), 0);
	assert_int_equal(sd_provider_mismatch(ses, 2587, SD_SEC_STARTTLS, buf, sizeof(buf)), 0);
	sd_provider_suggest(ses, SD_SEC_SMTPS, &port, &mode);
	assert_int_equal(port, 465);
	assert_int_equal(mode, SD_SEC_SMTPS);
}

static sd_verdict_ctx ctx_for(const char *host, int port, sd_security s)
{
	sd_verdict_ctx c;

	memset(&c, 0, sizeof(c));
	c.host = host;
	c.port = port;
	c.security = s;
	c.detail = "Connection timed out";
	c.address = "192.0.2.1";
	c.timeout_s = 10;
	c.provider = sd_provider_match(host);
	return c;
}

/* Every provider: its auth rule on auth verdicts, its ports when the port is not one of them, its
 * escape port when the path is blocked; nothing on verdicts it has no say in. */
static void test_every_provider_advises(void **state)
{
	size_t n, i;
	const sd_provider *t = sd_provider_table(&n);
	char host[256], want[SD_TEXT_MAX];
	sd_explanation e, plain;

	(void) state;
	for (i = 0; i < n; i++) {
		sd_verdict_ctx c;

		sample_host(&t[i], host, sizeof(host));
		c = ctx_for(host, t[i].ports[0].port, t[i].ports[0].mode);
		assert_ptr_equal(c.provider, &t[i]);

		sd_verdict_explain(SD_V_AUTH_FAILED, &c, &e);
		assert_string_equal(e.fixes[e.nfixes - 1], t[i].auth);

		c.port = 1;
		sd_verdict_explain(SD_V_PORT_BLOCKED, &c, &e);
		snprintf(want, sizeof(want), "; %s offers no port 1", t[i].name);
		assert_non_null(strstr(e.summary, want));
		/* the documented port is the setting the fix proposes (said once, not tried here) */
		sd_verdict_phpmailer_lines(t[i].ports[0].port, t[i].ports[0].mode, want, sizeof(want));
		assert_int_equal(count_fixes(&e, want), 1);
		assert_true(has_fix(&e, "(not verified from here)"));
		if (t[i].escape_port && t[i].escape_port != t[i].ports[0].port) {
			snprintf(want, sizeof(want), "%s also listens on port %d", t[i].name, t[i].escape_port);
			assert_true(has_fix(&e, want));
		}

		/* a verdict the table has nothing to add to stays as it is */
		sd_verdict_explain(SD_V_CERT_EXPIRED, &c, &e);
		c.provider = NULL;
		sd_verdict_explain(SD_V_CERT_EXPIRED, &c, &plain);
		assert_memory_equal(&e, &plain, sizeof(e));
	}
}

static void test_examples(void **state)
{
	sd_verdict_ctx c = ctx_for("smtp.postmarkapp.com", 465, SD_SEC_SMTPS);
	sd_explanation e;

	(void) state;
	sd_verdict_explain(SD_V_NO_GREETING, &c, &e);
	assert_string_equal(e.summary, "smtp.postmarkapp.com:465 accepted the connection but never sent an SMTP "
		"greeting, and does not speak TLS either; Postmark offers no port 465 (no implicit TLS; port 465 hangs "
		"rather than failing); its documented ports are 587, 2525 and 25 with STARTTLS");
	assert_string_equal(e.fixes[e.nfixes - 1], "for Postmark use port 587 with STARTTLS: $mail->Port = 587; "
		"$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)");

	/* a blocked port that the table lists: its next documented port (the escape port), said once */
	c = ctx_for("email-smtp.eu-central-1.amazonaws.com", 587, SD_SEC_STARTTLS);
	sd_verdict_explain(SD_V_PORT_BLOCKED, &c, &e);
	assert_null(strchr(e.summary, ';'));
	assert_string_equal(e.fixes[0], "try another port: $mail->Port = 2587; $mail->SMTPSecure = "
		"PHPMailer::ENCRYPTION_STARTTLS; (not verified from here)");
	assert_int_equal(count_fixes(&e, "$mail->Port = 2587;"), 1);

	c = ctx_for("smtp.sendgrid.net", 587, SD_SEC_STARTTLS);
	sd_verdict_explain(SD_V_AUTH_FAILED, &c, &e);
	assert_string_equal(e.fixes[e.nfixes - 1], "SendGrid's user name is literally apikey ($mail->Username = "
		"'apikey';) and the password is an API key with the Mail Send permission");
}

/* A DMI set that satisfies signature s of cloud c: equal values as they are, substrings inside text. */
static void dmi_for(const sd_cloud *c, size_t s, sd_dmi *dmi, char bufs[SD_DMI_COUNT][SD_DMI_VALUE_MAX])
{
	size_t k;

	memset(dmi, 0, sizeof(*dmi));
	for (k = 0; k < SD_CLOUD_CONDITIONS && c->signatures[s][k].text; k++) {
		const sd_dmi_cond *cond = &c->signatures[s][k];
		snprintf(bufs[cond->field], SD_DMI_VALUE_MAX, cond->contains ? "4.11.%s.x" : "%s", cond->text);
		dmi->value[cond->field] = bufs[cond->field];
	}
}

static void test_every_cloud_matches_and_advises(void **state)
{
	size_t n, i, s, got;
	const sd_cloud *t = sd_cloud_table(&n);
	char bufs[SD_DMI_COUNT][SD_DMI_VALUE_MAX], want[SD_TEXT_MAX];
	sd_dmi dmi;
	sd_explanation e;

	(void) state;
	assert_int_equal(n, 7);
	for (i = 0; i < n; i++) {
		for (s = 0; s < SD_CLOUD_SIGNATURES && t[i].signatures[s][0].text; s++) {
			sd_verdict_ctx c = ctx_for("smtp.example.net", t[i].blocked[0], SD_SEC_STARTTLS);
			const sd_code verdicts[3] = { SD_V_PORT_BLOCKED, SD_V_CONNECTION_REFUSED, SD_V_NETWORK_UNREACHABLE };
			size_t v;

			dmi_for(&t[i], s, &dmi, bufs);
			assert_ptr_equal(sd_cloud_match(&dmi, &got), &t[i]);
			assert_int_equal(got, s);
			c.hosting = &t[i];
			for (v = 0; v < 3; v++) {
				sd_verdict_explain(verdicts[v], &c, &e);
				snprintf(want, sizeof(want), "; this machine runs on %s, which %s", t[i].name, t[i].policy);
				assert_non_null(strstr(e.summary, want));
				snprintf(want, sizeof(want), "%s: %s", t[i].name, t[i].way_out);
				assert_string_equal(e.fixes[e.nfixes - 1], want);
			}
			/* a port the host does not block, or a verdict about something else: nothing added */
			c.port = 2525;
			sd_verdict_explain(SD_V_PORT_BLOCKED, &c, &e);
			assert_null(strstr(e.summary, "this machine runs on"));
			c.port = t[i].blocked[0];
			sd_verdict_explain(SD_V_CERT_EXPIRED, &c, &e);
			assert_null(strstr(e.summary, "this machine runs on"));
		}
		assert_true(sd_cloud_blocks(&t[i], 25));
		assert_false(sd_cloud_blocks(&t[i], 2525));
		assert_null(t[i].checked);
	}
}

static void test_lookalike_machines_do_not_match(void **state)
{
	sd_dmi dmi;

	(void) state;
	memset(&dmi, 0, sizeof(dmi));
	assert_null(sd_cloud_match(&dmi, NULL));
	/* Hyper-V on a desk is not Azure: only Azure has the asset tag */
	dmi.value[SD_DMI_SYS_VENDOR] = "Microsoft Corporation";
	dmi.value[SD_DMI_PRODUCT_NAME] = "Virtual Machine";
	dmi.value[SD_DMI_CHASSIS_ASSET_TAG] = "None";
	assert_null(sd_cloud_match(&dmi, NULL));
	dmi.value[SD_DMI_CHASSIS_ASSET_TAG] = "7783-7084-3265-9085-8269-3286-77";
	assert_string_equal(sd_cloud_match(&dmi, NULL)->id, "azure");
	memset(&dmi, 0, sizeof(dmi));
	dmi.value[SD_DMI_SYS_VENDOR] = "QEMU";
	dmi.value[SD_DMI_PRODUCT_NAME] = "Standard PC (Q35 + ICH9, 2009)";
	dmi.value[SD_DMI_BIOS_VERSION] = "1.16.2-debian-1.16.2-1";
	assert_null(sd_cloud_match(&dmi, NULL));
	dmi.value[SD_DMI_SYS_VENDOR] = "DigitalOcean Inc. look-alike";
	assert_null(sd_cloud_match(&dmi, NULL));
	dmi.value[SD_DMI_SYS_VENDOR] = "digitalocean";
	assert_string_equal(sd_cloud_match(&dmi, NULL)->id, "digitalocean");
	dmi.value[SD_DMI_SYS_VENDOR] = "Xen";
	dmi.value[SD_DMI_BIOS_VERSION] = "4.11.amazon";
	assert_string_equal(sd_cloud_match(&dmi, NULL)->id, "aws_ec2");
	assert_string_equal(sd_dmi_field_name(SD_DMI_CHASSIS_ASSET_TAG), "chassis_asset_tag");
}

/* One identity: the family a table entry names is the one its hosts and domains give, and every family
 * has an entry that names it. */
static void test_families(void **state)
{
	size_t n, i, j;
	const sd_provider *t = sd_provider_table(&n);
	int seen[SD_PROVIDER_ICLOUD + 1] = { 0 };
	char host[128];

	(void) state;
	for (i = 0; i < n; i++) {
		seen[t[i].family] = 1;
		sample_host(&t[i], host, sizeof(host));
		if (sd_provider_family_of(host) != t[i].family) {
			fail_msg("%s: host %s gives family %d, the entry names %d", t[i].id, host,
				(int) sd_provider_family_of(host), (int) t[i].family);
		}
		for (j = 0; j < SD_PROVIDER_DOMAINS_MAX && t[i].domains[j]; j++) {
			assert_int_equal(t[i].family == SD_PROVIDER_OTHER, 0);
			assert_int_equal(sd_provider_family_of(t[i].domains[j]), t[i].family);
			snprintf(host, sizeof(host), "Smtp7.Eu.%s.", t[i].domains[j]);
			assert_int_equal(sd_provider_family_of(host), t[i].family);
			snprintf(host, sizeof(host), "not%s", t[i].domains[j]);
			assert_int_equal(sd_provider_family_of(host), SD_PROVIDER_OTHER);
		}
	}
	for (i = SD_PROVIDER_GMAIL; i <= SD_PROVIDER_ICLOUD; i++) {
		assert_true(seen[i]);
		assert_true(sd_provider_family_name((sd_provider_family) i)[0] != '\0');
	}
	assert_string_equal(sd_provider_family_name(SD_PROVIDER_GMAIL), "Gmail");
	assert_string_equal(sd_provider_family_name(SD_PROVIDER_MICROSOFT), "Microsoft 365");
	assert_string_equal(sd_provider_family_name(SD_PROVIDER_YAHOO), "Yahoo Mail");
	assert_string_equal(sd_provider_family_name(SD_PROVIDER_ICLOUD), "iCloud Mail");
	assert_string_equal(sd_provider_family_name(SD_PROVIDER_OTHER), "");
	/* the names servers give themselves */
	assert_int_equal(sd_provider_family_of("AM0PR01CA0001.outlook.office365.com"), SD_PROVIDER_MICROSOFT);
	assert_int_equal(sd_provider_family_of("smtp403.mail.ir2.yahoo.com"), SD_PROVIDER_YAHOO);
	assert_int_equal(sd_provider_family_of("mx.google.com"), SD_PROVIDER_GMAIL);
	assert_int_equal(sd_provider_family_of(NULL), SD_PROVIDER_OTHER);
	assert_int_equal(sd_provider_family_of("smtp.sendgrid.net"), SD_PROVIDER_OTHER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_provider_host_matches),
		cmocka_unit_test(test_named_providers),
		cmocka_unit_test(test_lookalikes_do_not_match),
		cmocka_unit_test(test_ports_and_mismatch),
		cmocka_unit_test(test_every_provider_advises),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_every_cloud_matches_and_advises),
		cmocka_unit_test(test_lookalike_machines_do_not_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
