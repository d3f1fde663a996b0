/* smtpdiag: the environment rules (see sd_envrules.h). */
#include <stdio.h>
#include <string.h>

#include "src/engine/sd_envrules.h"

#define S(x) ((x) ? (x) : "unknown")

int sd_env_ca_usable(const sd_ca_location *loc)
{
	return loc->path != NULL && loc->exists && loc->readable && loc->count > 0;
}

/* The facts the rules below and sd_env_for_mode() both decide on, each stated once. */
static int sockets_disabled(const sd_env_facts *f)
{
	return !f->fn_stream_socket_client && !f->fn_fsockopen;
}

int sd_env_ca_store_usable(const sd_env_facts *f)
{
	if (f->cafile_denied || f->capath_denied) {
		return 1;   /* not looked at: OpenSSL loads it in the TLS stage, as PHP's TLS does */
	}
	return sd_env_ca_usable(&f->cafile) || sd_env_ca_usable(&f->capath);
}

static void rule_php(const sd_env_facts *f, sd_env_result *r)
{
	sd_check_set(&r->checks[SD_ENV_CHECK_PHP], "php", SD_STATUS_PASS, "PHP %s (%s SAPI)",
		S(f->php_version), S(f->sapi));
}

static void rule_openssl_extension(const sd_env_facts *f, sd_env_result *r)
{
	sd_check *c = &r->checks[SD_ENV_CHECK_OPENSSL_EXTENSION];

	if (!f->openssl_extension || !f->openssl_constant) {
		sd_check_set(c, "openssl_extension", SD_STATUS_FAIL,
			"PHP's openssl extension is not loaded in this %s SAPI", S(f->sapi));
		sd_findings_add(&r->findings, SD_V_OPENSSL_MISSING, SD_SEV_ERROR,
			"PHP's openssl extension is not loaded (%s SAPI): PHPMailer throws \"Extension missing: "
			"openssl\" for SMTPSecure 'tls' or 'ssl' and silently skips opportunistic STARTTLS",
			S(f->sapi));
		return;
	}
	if (!f->transport_ssl || !f->transport_tls) {
		sd_check_set(c, "openssl_extension", SD_STATUS_FAIL,
			"the openssl extension is loaded but the %s stream transport is missing",
			!f->transport_ssl ? "ssl://" : "tls://");
		sd_findings_add(&r->findings, SD_V_OPENSSL_MISSING, SD_SEV_ERROR,
			"PHP has no %s stream transport, so stream_socket_client('ssl://...') fails with "
			"\"Unable to find the socket transport\"", !f->transport_ssl ? "ssl://" : "tls://");
		return;
	}
	sd_check_set(c, "openssl_extension", SD_STATUS_PASS, "loaded, built with %s",
		S(f->openssl_extension_version));
}

static void rule_openssl_library(const sd_env_facts *f, sd_env_result *r)
{
	sd_check_set(&r->checks[SD_ENV_CHECK_OPENSSL_LIBRARY], "openssl_library", SD_STATUS_PASS,
		"smtpdiag runs with %s", S(f->openssl_library_version));
}

static void describe_ca(const sd_ca_location *loc, int denied, const char *kind, char *buf, size_t len, int *problem)
{
	if (loc->path == NULL) {
		buf[0] = '\0';
		return;
	}
	if (denied) {
		snprintf(buf, len, "%s %s (%s) is outside open_basedir: smtpdiag does not look at it; PHP's TLS hands "
			"it to OpenSSL as it is", kind, loc->path, S(loc->origin));
	} else if (!loc->exists) {
		snprintf(buf, len, "%s %s (%s) does not exist", kind, loc->path, S(loc->origin));
		*problem = 1;
	} else if (!loc->readable) {
		snprintf(buf, len, "%s %s (%s) is not readable by this process", kind, loc->path, S(loc->origin));
		*problem = 1;
	} else if (loc->count <= 0) {
		snprintf(buf, len, "%s %s (%s) holds no certificates", kind, loc->path, S(loc->origin));
		*problem = 1;
	} else {
		snprintf(buf, len, "%s %s (%s): %ld certificate%s", kind, loc->path, S(loc->origin), loc->count,
			loc->count == 1 ? "" : "s");
	}
}

static void rule_ca_store(const sd_env_facts *f, sd_env_result *r)
{
	sd_check *c = &r->checks[SD_ENV_CHECK_CA_STORE];
	char file_text[SD_MSG_MAX / 2], dir_text[SD_MSG_MAX / 2];
	int file_problem = 0, dir_problem = 0;
	int file_ok = sd_env_ca_usable(&f->cafile);
	int dir_ok = sd_env_ca_usable(&f->capath);

	describe_ca(&f->cafile, f->cafile_denied, "CA file", file_text, sizeof(file_text), &file_problem);
	describe_ca(&f->capath, f->capath_denied, "CA directory", dir_text, sizeof(dir_text), &dir_problem);

	if (f->cafile_denied || f->capath_denied) {
		/* Nothing is known of it but what the TLS stage will find: a warning, never a verdict here. */
		sd_check_set(c, "ca_store", SD_STATUS_WARN, "%s%s%s", file_text, file_text[0] && dir_text[0] ? "; " : "",
			dir_text);
		return;
	}
	if (f->ca_explicit && f->cafile.path != NULL && file_problem) {
		/* PHP loads an explicitly configured cafile first and fails the handshake when it cannot. */
		sd_check_set(c, "ca_store", SD_STATUS_FAIL, "%s", file_text);
		sd_findings_add(&r->findings, SD_V_CA_BUNDLE_MISSING, SD_SEV_ERROR,
			"%s: every certificate check fails (\"failed loading cafile stream\"); point %s at a "
			"readable CA bundle such as /etc/ssl/certs/ca-certificates.crt",
			file_text, S(f->cafile.origin));
		return;
	}
	if (!file_ok && !dir_ok) {
		if (f->cafile.path == NULL && f->capath.path == NULL) {
			sd_check_set(c, "ca_store", SD_STATUS_FAIL, "no CA file or directory is configured or known");
			sd_findings_add(&r->findings, SD_V_CA_BUNDLE_MISSING, SD_SEV_ERROR,
				"no CA certificates are configured: install the ca-certificates package or set "
				"openssl.cafile in php.ini");
		} else {
			sd_check_set(c, "ca_store", SD_STATUS_FAIL, "%s%s%s", file_text,
				file_text[0] && dir_text[0] ? "; " : "", dir_text);
			sd_findings_add(&r->findings, SD_V_CA_BUNDLE_MISSING, SD_SEV_ERROR,
				"no usable CA certificates (%s%s%s): certificate verification will fail; install the "
				"ca-certificates package or set openssl.cafile in php.ini", file_text,
				file_text[0] && dir_text[0] ? "; " : "", dir_text);
		}
		return;
	}
	if (f->ca_explicit && (file_problem || dir_problem)) {
		sd_check_set(c, "ca_store", SD_STATUS_WARN, "%s%s%s", file_text,
			file_text[0] && dir_text[0] ? "; " : "", dir_text);
		return;
	}
	sd_check_set(c, "ca_store", SD_STATUS_PASS, "%s%s%s", file_text,
		file_text[0] && dir_text[0] ? "; " : "", dir_text);
}

static void rule_functions(const sd_env_facts *f, sd_env_result *r)
{
	sd_check *c = &r->checks[SD_ENV_CHECK_FUNCTIONS];

	if (sockets_disabled(f)) {
		sd_check_set(c, "disabled_functions", SD_STATUS_FAIL,
			"stream_socket_client() and fsockopen() are both disabled");
		sd_findings_add(&r->findings, SD_V_PHP_FUNCTIONS_DISABLED, SD_SEV_ERROR,
			"disable_functions lists stream_socket_client and fsockopen: PHPMailer cannot open any "
			"connection; remove them from disable_functions");
		return;
	}
	if (!f->fn_stream_socket_enable_crypto) {
		sd_check_set(c, "disabled_functions", SD_STATUS_FAIL, "stream_socket_enable_crypto() is disabled");
		sd_findings_add(&r->findings, SD_V_PHP_FUNCTIONS_DISABLED, SD_SEV_ERROR,
			"disable_functions lists stream_socket_enable_crypto: STARTTLS is impossible, so PHPMailer "
			"fails with SMTPSecure 'tls' and whenever the server offers STARTTLS; remove it from "
			"disable_functions");
		return;
	}
	if (!f->fn_stream_socket_client) {
		sd_check_set(c, "disabled_functions", SD_STATUS_WARN,
			"stream_socket_client() is disabled; PHPMailer falls back to fsockopen()");
		sd_findings_add(&r->findings, SD_F_STREAM_SOCKET_CLIENT_DISABLED, SD_SEV_WARNING,
			"stream_socket_client is disabled: PHPMailer falls back to fsockopen(), which ignores "
			"SMTPOptions (CA file, verification settings, bindto)");
		return;
	}
	sd_check_set(c, "disabled_functions", SD_STATUS_PASS,
		"stream_socket_client(), fsockopen() and stream_socket_enable_crypto() are available");
}

static const char *tri_text(sd_tri v)
{
	return v == SD_TRI_YES ? "on" : v == SD_TRI_NO ? "off" : "unknown";
}

static void rule_selinux(const sd_env_facts *f, sd_env_result *r)
{
	sd_check *c = &r->checks[SD_ENV_CHECK_SELINUX];

	if (f->selinux == SD_SELINUX_ABSENT) {
		sd_check_set(c, "selinux", SD_STATUS_SKIP, "SELinux is not enabled on this system");
		return;
	}
	if (f->selinux == SD_SELINUX_PERMISSIVE) {
		sd_check_set(c, "selinux", SD_STATUS_PASS, "SELinux is permissive: it logs but does not deny");
		return;
	}
	if (f->httpd_can_network_connect == SD_TRI_NO && f->httpd_can_sendmail == SD_TRI_NO) {
		int web = f->selinux_context != NULL && strstr(f->selinux_context, "httpd_t") != NULL;

		sd_check_set(c, "selinux", SD_STATUS_WARN,
			"SELinux is enforcing, httpd_can_network_connect and httpd_can_sendmail are off (context %s)",
			S(f->selinux_context));
		sd_findings_add(&r->findings, SD_V_LOCAL_POLICY_DENIED, SD_SEV_WARNING,
			"SELinux is enforcing with httpd_can_sendmail and httpd_can_network_connect off: %s "
			"connect() to SMTP ports with \"Permission denied\"; run `setsebool -P httpd_can_sendmail 1` "
			"(ports 25, 465, 587) or `setsebool -P httpd_can_network_connect 1` (any port)",
			web ? "this process (httpd_t) is denied" : "PHP running under the web server (httpd_t) is denied");
		return;
	}
	sd_check_set(c, "selinux", SD_STATUS_PASS,
		"SELinux is enforcing; httpd_can_network_connect %s, httpd_can_sendmail %s",
		tri_text(f->httpd_can_network_connect), tri_text(f->httpd_can_sendmail));
}

static void rule_routes(const sd_env_facts *f, sd_env_result *r)
{
	sd_check *c = &r->checks[SD_ENV_CHECK_ROUTES];

	if (f->route_v4 == SD_TRI_UNKNOWN && f->route_v6 == SD_TRI_UNKNOWN) {
		sd_check_set(c, "routes", SD_STATUS_SKIP, "routes cannot be read on this system");
		return;
	}
	if (f->route_v4 != SD_TRI_YES && f->route_v6 != SD_TRI_YES) {
		sd_check_set(c, "routes", SD_STATUS_WARN, "no default route for IPv4 or IPv6");
		sd_findings_add(&r->findings, SD_F_NO_DEFAULT_ROUTE, SD_SEV_WARNING,
			"this machine has no default route: only local or directly connected mail servers are "
			"reachable");
		return;
	}
	if (f->route_v4 != SD_TRI_YES) {
		sd_check_set(c, "routes", SD_STATUS_WARN, "IPv6 default route only; no IPv4 default route");
		sd_findings_add(&r->findings, SD_F_NO_IPV4_ROUTE, SD_SEV_WARNING,
			"no IPv4 default route: mail servers reachable only over IPv4 are out of reach");
		return;
	}
	sd_check_set(c, "routes", SD_STATUS_PASS, "IPv4 default route%s",
		f->route_v6 == SD_TRI_YES ? " and IPv6 default route" : "; no IPv6 default route");
}

/* The cloud or host this machine runs on, with the DMI values that say so. */
static void rule_hosting(const sd_env_facts *f, sd_env_result *r)
{
	sd_check *c = &r->checks[SD_ENV_CHECK_HOSTING];
	const sd_cloud *h = f->hosting;
	char evidence[SD_MSG_MAX / 2] = "";
	size_t used = 0, k;

	if (h == NULL) {
		if (f->dmi.value[SD_DMI_SYS_VENDOR] == NULL && f->dmi.value[SD_DMI_PRODUCT_NAME] == NULL) {
			sd_check_set(c, "hosting", SD_STATUS_SKIP, "no DMI facts (/sys/class/dmi/id) to recognise a cloud by");
		} else {
			sd_check_set(c, "hosting", SD_STATUS_SKIP, "not a known cloud or host (sys_vendor \"%s\", "
				"product_name \"%s\")", S(f->dmi.value[SD_DMI_SYS_VENDOR]), S(f->dmi.value[SD_DMI_PRODUCT_NAME]));
		}
		return;
	}
	for (k = 0; k < SD_CLOUD_CONDITIONS && h->signatures[f->hosting_signature][k].text && used < sizeof(evidence); k++) {
		sd_dmi_field field = h->signatures[f->hosting_signature][k].field;
		used += (size_t) snprintf(evidence + used, sizeof(evidence) - used, "%s%s \"%s\"", k ? ", " : "",
			sd_dmi_field_name(field), S(f->dmi.value[field]));
	}
	sd_check_set(c, "hosting", SD_STATUS_PASS, "this machine runs on %s (%s), which %s", h->name, evidence,
		h->policy);
}

void sd_env_rules(const sd_env_facts *facts, sd_env_result *out)
{
	memset(out, 0, sizeof(*out));
	rule_php(facts, out);
	rule_openssl_extension(facts, out);
	rule_openssl_library(facts, out);
	rule_ca_store(facts, out);
	rule_functions(facts, out);
	rule_selinux(facts, out);
	rule_routes(facts, out);
	rule_hosting(facts, out);
	out->ok = sd_findings_first_error(&out->findings) == NULL;
}

void sd_env_for_mode(const sd_env_facts *f, const sd_env_result *env, sd_security mode, int verify_peer,
	int openssl_extension, sd_env_mode *out)
{
	int tls = mode == SD_SEC_STARTTLS || mode == SD_SEC_SMTPS;
	const sd_finding *ca;

	memset(out, 0, sizeof(*out));
	out->verdict = SD_V_OK;
	if (sockets_disabled(f)) {
		out->verdict = SD_V_PHP_FUNCTIONS_DISABLED;
		snprintf(out->check, sizeof(out->check), "stream_socket_client() and fsockopen() are disabled");
		snprintf(out->detail, sizeof(out->detail), "disable_functions lists stream_socket_client and fsockopen");
		return;
	}
	if (tls && !openssl_extension) {
		out->verdict = SD_V_OPENSSL_MISSING;
		snprintf(out->check, sizeof(out->check), "PHP's openssl extension is not loaded");
		snprintf(out->detail, sizeof(out->detail), "PHPMailer throws \"Extension missing: openssl\" before connecting");
		return;
	}
	if (mode == SD_SEC_STARTTLS && !f->fn_stream_socket_enable_crypto) {
		out->verdict = SD_V_PHP_FUNCTIONS_DISABLED;
		snprintf(out->check, sizeof(out->check), "stream_socket_enable_crypto() is disabled");
		snprintf(out->detail, sizeof(out->detail),
			"disable_functions lists stream_socket_enable_crypto, which STARTTLS needs");
		return;
	}
	if (tls && verify_peer && !sd_env_ca_store_usable(f)) {
		ca = sd_findings_find(&env->findings, SD_V_CA_BUNDLE_MISSING);
		out->verdict = SD_V_CA_BUNDLE_MISSING;
		snprintf(out->check, sizeof(out->check), "no usable CA certificates");
		snprintf(out->detail, sizeof(out->detail), "%s", ca ? ca->message : "no CA store is usable");
		return;
	}
	if (mode == SD_SEC_AUTO && !openssl_extension) {
		sd_findings_add(&out->warnings, SD_V_OPENSSL_MISSING, SD_SEV_WARNING, "PHP's openssl extension is not "
			"loaded: PHPMailer skips STARTTLS even when the server offers it, so mail and passwords travel "
			"in clear text");
	}
	if (mode == SD_SEC_AUTO && !f->fn_stream_socket_enable_crypto) {
		sd_findings_add(&out->warnings, SD_V_PHP_FUNCTIONS_DISABLED, SD_SEV_WARNING, "stream_socket_enable_crypto "
			"is disabled: PHPMailer fails as soon as the server offers STARTTLS");
	}
	snprintf(out->check, sizeof(out->check), "%s", env->findings.count
		? "PHP can open this connection; see the environment findings" : "PHP can open this connection");
}
