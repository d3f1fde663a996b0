/* sources: src/engine/sd_envrules.c src/engine/sd_findings.c */
/* sources: src/engine/sd_clouds.c */
/* The environment rules driven by synthetic facts. Debian's PHP always has the openssl extension built
 * in, so the openssl_missing branches can only be reached here, not from a .phpt test. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "src/engine/sd_envrules.h"
#include "tests/unit/facts.h"

static const sd_check *check(const sd_env_result *r, sd_env_check_id id)
{
	return &r->checks[id];
}

static void test_healthy_is_ok(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;
	int i;

	(void) state;
	sd_env_rules(&f, &r);
	assert_true(r.ok);
	assert_int_equal(r.findings.count, 0);
	for (i = 0; i < SD_ENV_CHECK_COUNT; i++) {
		assert_non_null(r.checks[i].name);
		assert_true(r.checks[i].message[0] != '\0');
	}
	assert_string_equal(check(&r, SD_ENV_CHECK_PHP)->message, "PHP 8.2.36 (fpm-fcgi SAPI)");
	assert_int_equal(check(&r, SD_ENV_CHECK_SELINUX)->status, SD_STATUS_SKIP);
	assert_int_equal(check(&r, SD_ENV_CHECK_CA_STORE)->status, SD_STATUS_PASS);
	assert_string_equal(check(&r, SD_ENV_CHECK_ROUTES)->message, "IPv4 default route; no IPv6 default route");
}

static void test_openssl_extension_missing(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.openssl_extension = 0;
	f.openssl_constant = 0;
	f.transport_ssl = 0;
	f.transport_tls = 0;
	f.openssl_extension_version = NULL;
	sd_env_rules(&f, &r);
	assert_false(r.ok);
	assert_int_equal(r.findings.count, 1);
	assert_string_equal(sd_code_name(r.findings.items[0].code), "openssl_missing");
	assert_int_equal(r.findings.items[0].severity, SD_SEV_ERROR);
	assert_string_equal(r.findings.items[0].message, "PHP's openssl extension is not loaded (fpm-fcgi SAPI): "
		"PHPMailer throws \"Extension missing: openssl\" for SMTPSecure 'tls' or 'ssl' and silently skips "
		"opportunistic STARTTLS");
	assert_int_equal(check(&r, SD_ENV_CHECK_OPENSSL_EXTENSION)->status, SD_STATUS_FAIL);
	assert_string_equal(check(&r, SD_ENV_CHECK_OPENSSL_EXTENSION)->message,
		"PHP's openssl extension is not loaded in this fpm-fcgi SAPI");
}

static void test_openssl_transport_missing(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.transport_ssl = 0;
	sd_env_rules(&f, &r);
	assert_false(r.ok);
	assert_int_equal(r.findings.count, 1);
	assert_string_equal(sd_code_name(r.findings.items[0].code), "openssl_missing");
	assert_int_equal(r.findings.items[0].severity, SD_SEV_ERROR);
	assert_string_equal(r.findings.items[0].message, "PHP has no ssl:// stream transport, so "
		"stream_socket_client('ssl://...') fails with \"Unable to find the socket transport\"");
	assert_int_equal(check(&r, SD_ENV_CHECK_OPENSSL_EXTENSION)->status, SD_STATUS_FAIL);
	assert_string_equal(check(&r, SD_ENV_CHECK_OPENSSL_EXTENSION)->message,
		"the openssl extension is loaded but the ssl:// stream transport is missing");
}

static void test_configured_cafile_missing(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	/* openssl.cafile points at nothing although the default directory would work: PHP uses the ini. */
	f.ca_explicit = 1;
	f.cafile = (sd_ca_location) { "/nonexistent", "php.ini openssl.cafile", 0, 0, 0 };
	f.capath = (sd_ca_location) { NULL, NULL, 0, 0, 0 };
	sd_env_rules(&f, &r);
	assert_false(r.ok);
	assert_string_equal(sd_code_name(r.findings.items[0].code), "ca_bundle_missing");
	assert_non_null(strstr(r.findings.items[0].message, "/nonexistent"));
	assert_non_null(strstr(r.findings.items[0].message, "does not exist"));
	assert_int_equal(check(&r, SD_ENV_CHECK_CA_STORE)->status, SD_STATUS_FAIL);
}

/* The caller's cafile outside open_basedir: said so, and the store is unusable even with a usable
 * capath (PHP's CA loading fails on the cafile). */
static void test_cafile_outside_open_basedir(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;
	sd_env_mode m;

	(void) state;
	f.ca_explicit = 1;
	f.cafile = (sd_ca_location) { "/etc/shadow", "option cafile", 0, 0, 0 };
	f.cafile_denied = 1;
	sd_env_rules(&f, &r);
	/* not looked at: no finding, a warning check; the TLS stage decides, as PHP's TLS does */
	assert_true(r.ok);
	assert_int_equal(r.findings.count, 0);
	assert_int_equal(r.checks[SD_ENV_CHECK_CA_STORE].status, SD_STATUS_WARN);
	assert_string_equal(r.checks[SD_ENV_CHECK_CA_STORE].message, "CA file /etc/shadow (option cafile) is outside "
		"open_basedir: smtpdiag does not look at it; PHP's TLS hands it to OpenSSL as it is; "
		"CA directory /usr/lib/ssl/certs (OpenSSL default): 140 certificates");
	assert_true(sd_env_ca_store_usable(&f));
	sd_env_for_mode(&f, &r, SD_SEC_SMTPS, 1, 1, &m);
	assert_string_equal(sd_code_name(m.verdict), "ok");
}

static void test_configured_cafile_empty(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.ca_explicit = 1;
	f.cafile = (sd_ca_location) { "/etc/empty.pem", "option cafile", 1, 1, 0 };
	f.capath = (sd_ca_location) { NULL, NULL, 0, 0, 0 };
	sd_env_rules(&f, &r);
	assert_false(r.ok);
	assert_non_null(strstr(r.findings.items[0].message, "holds no certificates"));
}

static void test_configured_cafile_unreadable(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.ca_explicit = 1;
	f.cafile = (sd_ca_location) { "/root/ca.pem", "php.ini openssl.cafile", 1, 0, 0 };
	sd_env_rules(&f, &r);
	assert_false(r.ok);
	assert_non_null(strstr(r.findings.items[0].message, "not readable"));
}

static void test_default_store_empty(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.cafile = (sd_ca_location) { "/usr/lib/ssl/cert.pem", "OpenSSL default", 0, 0, 0 };
	f.capath = (sd_ca_location) { "/usr/lib/ssl/certs", "OpenSSL default", 1, 1, 0 };
	sd_env_rules(&f, &r);
	assert_false(r.ok);
	assert_string_equal(sd_code_name(r.findings.items[0].code), "ca_bundle_missing");
	assert_non_null(strstr(r.findings.items[0].message, "ca-certificates"));
}

static void test_default_file_missing_dir_works(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	/* OpenSSL's default file is often absent while its hashed directory is full: that is fine. */
	f.cafile = (sd_ca_location) { "/usr/lib/ssl/cert.pem", "OpenSSL default", 0, 0, 0 };
	sd_env_rules(&f, &r);
	assert_true(r.ok);
	assert_int_equal(check(&r, SD_ENV_CHECK_CA_STORE)->status, SD_STATUS_PASS);
}

static void test_explicit_capath_broken_cafile_fine(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.ca_explicit = 1;
	f.cafile = (sd_ca_location) { "/etc/ssl/ca.pem", "php.ini openssl.cafile", 1, 1, 3 };
	f.capath = (sd_ca_location) { "/nope", "php.ini openssl.capath", 0, 0, 0 };
	sd_env_rules(&f, &r);
	assert_true(r.ok);
	assert_int_equal(check(&r, SD_ENV_CHECK_CA_STORE)->status, SD_STATUS_WARN);
}

static void test_no_ca_known(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	memset(&f.cafile, 0, sizeof(f.cafile));
	memset(&f.capath, 0, sizeof(f.capath));
	sd_env_rules(&f, &r);
	assert_false(r.ok);
	assert_non_null(strstr(r.findings.items[0].message, "no CA certificates are configured"));
}

static void test_socket_functions_disabled(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.fn_stream_socket_client = 0;
	f.fn_fsockopen = 0;
	sd_env_rules(&f, &r);
	assert_false(r.ok);
	assert_string_equal(sd_code_name(r.findings.items[0].code), "php_functions_disabled");
	assert_int_equal(check(&r, SD_ENV_CHECK_FUNCTIONS)->status, SD_STATUS_FAIL);
}

static void test_only_stream_socket_client_disabled(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.fn_stream_socket_client = 0;
	sd_env_rules(&f, &r);
	assert_true(r.ok);
	assert_string_equal(sd_code_name(r.findings.items[0].code), "stream_socket_client_disabled");
	assert_int_equal(r.findings.items[0].severity, SD_SEV_WARNING);
	assert_non_null(strstr(r.findings.items[0].message, "ignores SMTPOptions"));
	assert_int_equal(check(&r, SD_ENV_CHECK_FUNCTIONS)->status, SD_STATUS_WARN);
}

static void test_enable_crypto_disabled(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.fn_stream_socket_enable_crypto = 0;
	sd_env_rules(&f, &r);
	assert_false(r.ok);
	assert_string_equal(sd_code_name(r.findings.items[0].code), "php_functions_disabled");
	assert_non_null(strstr(r.findings.items[0].message, "STARTTLS"));
}

static void test_selinux_enforcing_denies(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.selinux = SD_SELINUX_ENFORCING;
	f.selinux_context = "system_u:system_r:httpd_t:s0";
	f.httpd_can_network_connect = SD_TRI_NO;
	f.httpd_can_sendmail = SD_TRI_NO;
	sd_env_rules(&f, &r);
	assert_true(r.ok); /* a warning: only connect() can prove the denial */
	assert_string_equal(sd_code_name(r.findings.items[0].code), "local_policy_denied");
	assert_int_equal(r.findings.items[0].severity, SD_SEV_WARNING);
	assert_non_null(strstr(r.findings.items[0].message, "setsebool -P httpd_can_sendmail 1"));
	assert_non_null(strstr(r.findings.items[0].message, "this process (httpd_t)"));
	assert_int_equal(check(&r, SD_ENV_CHECK_SELINUX)->status, SD_STATUS_WARN);
}

static void test_selinux_enforcing_allowed(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.selinux = SD_SELINUX_ENFORCING;
	f.httpd_can_network_connect = SD_TRI_NO;
	f.httpd_can_sendmail = SD_TRI_YES;
	sd_env_rules(&f, &r);
	assert_true(r.ok);
	assert_int_equal(r.findings.count, 0);
	assert_int_equal(check(&r, SD_ENV_CHECK_SELINUX)->status, SD_STATUS_PASS);
	assert_non_null(strstr(check(&r, SD_ENV_CHECK_SELINUX)->message, "httpd_can_sendmail on"));
}

static void test_selinux_permissive(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.selinux = SD_SELINUX_PERMISSIVE;
	f.httpd_can_network_connect = SD_TRI_NO;
	f.httpd_can_sendmail = SD_TRI_NO;
	sd_env_rules(&f, &r);
	assert_int_equal(r.findings.count, 0);
	assert_int_equal(check(&r, SD_ENV_CHECK_SELINUX)->status, SD_STATUS_PASS);
}

static void test_routes(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.route_v4 = SD_TRI_NO;
	f.route_v6 = SD_TRI_NO;
	sd_env_rules(&f, &r);
	assert_true(r.ok);
	assert_string_equal(sd_code_name(r.findings.items[0].code), "no_default_route");
	assert_int_equal(check(&r, SD_ENV_CHECK_ROUTES)->status, SD_STATUS_WARN);

	f.route_v6 = SD_TRI_YES;
	sd_env_rules(&f, &r);
	assert_true(r.ok);
	assert_int_equal(r.findings.count, 1);
	assert_string_equal(sd_code_name(r.findings.items[0].code), "no_ipv4_route");
	assert_int_equal(r.findings.items[0].severity, SD_SEV_WARNING);
	assert_string_equal(r.findings.items[0].message, "no IPv4 default route: mail servers reachable only over "
		"IPv4 are out of reach");
	assert_int_equal(check(&r, SD_ENV_CHECK_ROUTES)->status, SD_STATUS_WARN);
	assert_string_equal(check(&r, SD_ENV_CHECK_ROUTES)->message, "IPv6 default route only; no IPv4 default route");

	f.route_v4 = SD_TRI_UNKNOWN;
	f.route_v6 = SD_TRI_UNKNOWN;
	sd_env_rules(&f, &r);
	assert_int_equal(r.findings.count, 0);
	assert_int_equal(check(&r, SD_ENV_CHECK_ROUTES)->status, SD_STATUS_SKIP);
}

static void test_several_errors_keep_order(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	f.openssl_extension = 0;
	f.fn_stream_socket_client = 0;
	f.fn_fsockopen = 0;
	sd_env_rules(&f, &r);
	assert_false(r.ok);
	assert_int_equal(r.findings.count, 2);
	assert_string_equal(sd_code_name(r.findings.items[0].code), "openssl_missing");
	assert_string_equal(sd_code_name(r.findings.items[1].code), "php_functions_disabled");
}

static void test_findings_cap(void **state)
{
	sd_findings list;
	int i;

	(void) state;
	memset(&list, 0, sizeof(list));
	for (i = 0; i < SD_FINDINGS_MAX + 3; i++) {
		sd_findings_add(&list, SD_F_CLEARTEXT, SD_SEV_INFO, "finding %d", i);
	}
	assert_int_equal(list.count, SD_FINDINGS_MAX);
	assert_int_equal(list.dropped, 3);
	assert_null(sd_findings_first_error(&list));
	assert_string_equal(sd_status_name(SD_STATUS_WARN), "warn");
	assert_string_equal(sd_severity_name(SD_SEV_WARNING), "warning");
}

/* The hosting check: the cloud and the DMI values that name it, or a skip that says why. */
static void test_hosting(void **state)
{
	sd_env_facts f = sd_test_healthy_facts();
	sd_env_result r;

	(void) state;
	sd_env_rules(&f, &r);
	assert_int_equal(check(&r, SD_ENV_CHECK_HOSTING)->status, SD_STATUS_SKIP);
	assert_string_equal(check(&r, SD_ENV_CHECK_HOSTING)->name, "hosting");
	assert_string_equal(check(&r, SD_ENV_CHECK_HOSTING)->message,
		"no DMI facts (/sys/class/dmi/id) to recognise a cloud by");

	f.dmi.value[SD_DMI_SYS_VENDOR] = "QEMU";
	f.dmi.value[SD_DMI_PRODUCT_NAME] = "Standard PC (i440FX + PIIX, 1996)";
	sd_env_rules(&f, &r);
	assert_int_equal(check(&r, SD_ENV_CHECK_HOSTING)->status, SD_STATUS_SKIP);
	assert_string_equal(check(&r, SD_ENV_CHECK_HOSTING)->message,
		"not a known cloud or host (sys_vendor \"QEMU\", product_name \"Standard PC (i440FX + PIIX, 1996)\")");

	f.dmi.value[SD_DMI_SYS_VENDOR] = "Hetzner";
	f.dmi.value[SD_DMI_PRODUCT_NAME] = "vServer";
	f.hosting = sd_cloud_match(&f.dmi, &f.hosting_signature);
	sd_env_rules(&f, &r);
	assert_int_equal(check(&r, SD_ENV_CHECK_HOSTING)->status, SD_STATUS_PASS);
	assert_string_equal(check(&r, SD_ENV_CHECK_HOSTING)->message,
		"this machine runs on Hetzner Cloud (sys_vendor \"Hetzner\"), which blocks outgoing ports 25 and 465 on "
		"Cloud Servers, upstream of the machine (its own firewall looks clean)");
	/* knowing the host is a fact, not a problem */
	assert_true(r.ok);
	assert_int_equal(r.findings.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy_is_ok),
		cmocka_unit_test(test_openssl_extension_missing),
		cmocka_unit_test(test_openssl_transport_missing),
		cmocka_unit_test(test_cafile_outside_open_basedir),
		cmocka_unit_test(test_configured_cafile_missing),
		cmocka_unit_test(test_configured_cafile_empty),
		cmocka_unit_test(test_configured_cafile_unreadable),
		cmocka_unit_test(test_default_store_empty),
		cmocka_unit_test(test_default_file_missing_dir_works),
		cmocka_unit_test(test_explicit_capath_broken_cafile_fine),
		cmocka_unit_test(test_no_ca_known),
		cmocka_unit_test(test_socket_functions_disabled),
		cmocka_unit_test(test_only_stream_socket_client_disabled),
		cmocka_unit_test(test_enable_crypto_disabled),
		cmocka_unit_test(test_selinux_enforcing_denies),
		cmocka_unit_test(test_selinux_enforcing_allowed),
		cmocka_unit_test(test_selinux_permissive),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_hosting),
		cmocka_unit_test(test_several_errors_keep_order),
		cmocka_unit_test(test_findings_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
