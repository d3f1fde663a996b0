/* smtpdiag: verdict texts (see sd_verdict.h). One function per code, found through one table. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "src/engine/sd_auth.h"
#include "src/engine/sd_verdict.h"
#include "src/engine/sd_providers.h"
#include "src/engine/sd_clouds.h"

#define TXT(s) ((s) && (s)[0] ? (s) : "")

const char *sd_security_name(sd_security s)
{
	switch (s) {
		case SD_SEC_NONE: return "none";
		case SD_SEC_STARTTLS: return "starttls";
		case SD_SEC_SMTPS: return "smtps";
		case SD_SEC_AUTO: break;
	}
	return "auto";
}

void sd_verdict_phpmailer_lines(int port, sd_security s, char *buf, size_t len)
{
	const char *secure;

	switch (s) {
		case SD_SEC_SMTPS: secure = "$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;"; break;
		case SD_SEC_STARTTLS: secure = "$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;"; break;
		case SD_SEC_NONE: secure = "$mail->SMTPSecure = ''; $mail->SMTPAutoTLS = false;"; break;
		default: secure = "$mail->SMTPSecure = '';"; break;
	}
	snprintf(buf, len, "$mail->Port = %d; %s", port, secure);
}

static void summary(sd_explanation *out, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static void summary(sd_explanation *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->summary, sizeof(out->summary), fmt, ap);
	va_end(ap);
}

static void fix(sd_explanation *out, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static void fix(sd_explanation *out, const char *fmt, ...)
{
	va_list ap;
	if (out->nfixes >= SD_FIXES_MAX) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(out->fixes[out->nfixes++], SD_TEXT_MAX, fmt, ap);
	va_end(ap);
}

static void reproduce(sd_explanation *out, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static void reproduce(sd_explanation *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->reproduce, sizeof(out->reproduce), fmt, ap);
	va_end(ap);
}

/* The openssl s_client command that shows the same exchange by hand. */
static void reproduce_tls(sd_explanation *out, const sd_verdict_ctx *c)
{
	char ca[SD_TEXT_MAX / 2] = "";

	if (c->cafile && c->cafile[0]) {
		snprintf(ca, sizeof(ca), " -CAfile '%s'", c->cafile);
	}
	if (c->security == SD_SEC_SMTPS) {
		reproduce(out, "openssl s_client -connect '%s:%d' -servername '%s' -verify_return_error%s -brief </dev/null",
			TXT(c->host), c->port, TXT(c->host), ca);
	} else {
		reproduce(out, "openssl s_client -starttls smtp -connect '%s:%d' -servername '%s' -verify_return_error%s "
			"-brief </dev/null", TXT(c->host), c->port, TXT(c->host), ca);
	}
}

static void reproduce_tcp(sd_explanation *out, const sd_verdict_ctx *c)
{
	reproduce(out, "nc -vz -w %d '%s' %d", c->timeout_s >= 1 ? (int) c->timeout_s : 1,
		c->address && c->address[0] ? c->address : TXT(c->host), c->port);
}

static const char *mode_words(sd_security s)
{
	switch (s) {
		case SD_SEC_SMTPS: return "implicit TLS";
		case SD_SEC_STARTTLS: return "STARTTLS";
		case SD_SEC_NONE: return "no encryption";
		case SD_SEC_AUTO: break;
	}
	return "STARTTLS when offered";
}

/* The port and mode the fix proposes: as tried (ctx->alt), else as sd_verdict_alternative() says. */
static int proposal(sd_code code, const sd_verdict_ctx *c, int *port, sd_security *s)
{
	if (c->alt != NULL && c->alt->port) {
		*port = c->alt->port;
		*s = c->alt->security;
		return 1;
	}
	if (!sd_verdict_alternative(code, c, port, s)) {
		return 0;
	}
	if (*s == SD_SEC_AUTO) {
		*s = SD_SEC_STARTTLS;   /* not tried: propose the encrypted setting */
	}
	return 1;
}

/* Whether a fix already gives these PHPMailer lines. */
static int said(const sd_explanation *out, const char *lines)
{
	size_t i;

	for (i = 0; i < out->nfixes; i++) {
		if (strstr(out->fixes[i], lines) != NULL) {
			return 1;
		}
	}
	return 0;
}

/* The fix that proposes another port or mode, saying whether the probe found it works from here (a
 * setting not tried says so too). lead (may be NULL) comes before the lines of a setting not tried.
 * Returns 0 when the verdict proposes none. */
static int alt_fix(sd_code code, const sd_verdict_ctx *c, sd_explanation *out, const char *lead)
{
	const sd_verdict_alt *a = c->alt;
	char lines[SD_TEXT_MAX];
	int port;
	sd_security s;

	if (!proposal(code, c, &port, &s)) {
		return 0;
	}
	sd_verdict_phpmailer_lines(port, s, lines, sizeof(lines));
	if (said(out, lines)) {
		return 1;
	}
	if (a == NULL || !a->port) {
		fix(out, "%s%s%s (not verified from here)", TXT(lead), lead ? ": " : "", lines);
	} else if (a->ok && a->cleartext) {
		fix(out, "verified from here: port %d works only without encryption, as the server offers no STARTTLS "
			"there (mail and passwords travel in clear text): %s $mail->SMTPAutoTLS = true;", port, lines);
	} else if (a->ok) {
		fix(out, "verified from here: port %d with %s works: %s", port, mode_words(s), lines);
	} else if (a->tried) {
		fix(out, "not verified: port %d with %s fails from here too (%s): %s", port, mode_words(s),
			sd_code_name(a->verdict), lines);
	} else {
		fix(out, "not verified (%s): %s", a->summary, lines);
	}
	return 1;
}

/* A further fix proposing port with mode s: the proposal's fix when it is that setting, else one that
 * says it was not tried; nothing when a fix already gives its lines. lead (may be NULL) comes first. */
static void other_fix(sd_code code, const sd_verdict_ctx *c, sd_explanation *out, const char *lead, int port,
	sd_security s)
{
	char lines[SD_TEXT_MAX];
	int aport;
	sd_security as;

	if (proposal(code, c, &aport, &as) && aport == port && (as == s || (as == SD_SEC_AUTO && s == SD_SEC_STARTTLS))) {
		alt_fix(code, c, out, lead);
		return;
	}
	sd_verdict_phpmailer_lines(port, s, lines, sizeof(lines));
	if (!said(out, lines)) {
		fix(out, "%s%s%s (not verified from here)", TXT(lead), lead ? ": " : "", lines);
	}
}

static void v_ok(const sd_verdict_ctx *c, sd_explanation *out)
{
	if (c->auth_state == SD_VERDICT_AUTH_ACCEPTED) {
		summary(out, "PHPMailer can connect to %s:%d (%s) from this PHP process, and the server accepted the "
			"credentials (%s)", TXT(c->host), c->port, sd_security_name(c->security), TXT(c->auth_mech));
	} else if (c->auth_state == SD_VERDICT_AUTH_CLEARTEXT) {
		summary(out, "PHPMailer can connect to %s:%d (%s) from this PHP process and would send the credentials "
			"(%s) unencrypted; smtpdiag did not send them, so they are not checked", TXT(c->host), c->port,
			sd_security_name(c->security), TXT(c->auth_mech));
		fix(out, "encrypt the connection before authenticating: $mail->SMTPSecure = "
			"PHPMailer::ENCRYPTION_STARTTLS; (port 587) or PHPMailer::ENCRYPTION_SMTPS; (port 465)");
		fix(out, "to check the credentials over this connection anyway: smtpdiag_probe(..., ['allow_plaintext_auth' "
			"=> true, ...])");
	} else {
		summary(out, "PHPMailer can connect to %s:%d (%s) from this PHP process", TXT(c->host), c->port,
			sd_security_name(c->security));
	}
	if (c->tls_used) {
		reproduce_tls(out, c);
	} else {
		reproduce(out, "nc -v '%s' %d", TXT(c->host), c->port);
	}
}

static void v_mailer_not_smtp(const sd_verdict_ctx *c, sd_explanation *out)
{
	(void) c;
	summary(out, "PHPMailer is not set to use SMTP, so its SMTP settings are ignored and mail goes to "
		"mail()/sendmail");
	fix(out, "call $mail->isSMTP(); before send()");
}

static void v_host_malformed(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "The host \"%s\" is not a valid host name: %s", TXT(c->host), TXT(c->host_problem));
	if (c->host_clean && strchr(c->host_clean, '_') != NULL) {
		/* PHPMailer's isValidHost() refuses any underscore: the name itself is no fix. */
		fix(out, "PHPMailer refuses any host name with an underscore, such as '%s', although DNS allows it: use a "
			"name of the same server without one, or its address with the name its certificate holds: "
			"$mail->Host = '<IP>'; $mail->SMTPOptions = ['ssl' => ['peer_name' => '<name in the certificate>']];",
			c->host_clean);
		fix(out, "smtpdiag_probe('%s', %d) takes the name as it is and shows the server's address and certificate",
			c->host_clean, c->port);
	} else if (c->host_clean && c->host_clean[0]) {
		fix(out, "$mail->Host = '%s';", c->host_clean);
	} else {
		fix(out, "set $mail->Host to the mail server's name, e.g. 'smtp.example.com'");
	}
	fix(out, "check where the value comes from (.env files, copied text, database fields) for "
		"invisible characters and schemes");
}

static void v_php_functions_disabled(const sd_verdict_ctx *c, sd_explanation *out)
{
	(void) c;
	summary(out, "This PHP cannot open the connection: %s", TXT(c->detail));
	fix(out, "remove stream_socket_client, fsockopen and stream_socket_enable_crypto from disable_functions "
		"in php.ini (or the hosting panel), then restart PHP-FPM or the web server");
	reproduce(out, "php -r 'var_dump(ini_get(\"disable_functions\"));'");
}

static void v_openssl_missing(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "TLS is needed for %s:%d but PHP's openssl extension is not loaded in this PHP",
		TXT(c->host), c->port);
	fix(out, "enable the extension: extension=openssl in the php.ini of this SAPI (php --ini shows which), "
		"or install the package that provides it, then restart PHP-FPM or the web server");
	reproduce(out, "php -m | grep -i openssl");
}

static void v_ca_bundle_missing(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "No usable CA certificates, so no server certificate can be verified: %s", TXT(c->detail));
	fix(out, "openssl.cafile=/etc/ssl/certs/ca-certificates.crt (php.ini; RHEL: /etc/pki/tls/certs/ca-bundle.crt)");
	fix(out, "install or update the CA bundle (Debian/Ubuntu: apt-get install ca-certificates), then restart "
		"PHP-FPM or the web server");
	reproduce(out, "php -r 'var_dump(openssl_get_cert_locations());'");
}

static void v_dns_not_found(const sd_verdict_ctx *c, sd_explanation *out)
{
	if (c->provider != NULL) {
		/* a name the provider documents does exist: the resolver is what fails */
		summary(out, "This machine's resolver says %s does not exist (%s), but it is %s's documented server: the "
			"resolver here is broken or filtered", TXT(c->host), TXT(c->detail), c->provider->name);
		fix(out, "check the name servers in /etc/resolv.conf (for containers and chroots, the resolv.conf they "
			"see): a DNS filter, a stale or split-horizon resolver, or a local zone answers wrongly for this name");
		fix(out, "compare with another resolver: dig +short '%s' @<another name server>", TXT(c->host));
	} else {
		summary(out, "The name %s does not exist in DNS or has no address (%s)", TXT(c->host), TXT(c->detail));
		if (c->near_miss != NULL) {
			fix(out, "did you mean %s? $mail->Host = '%s';", c->near_miss, c->near_miss);
		} else {
			fix(out, "check the spelling of $mail->Host against your provider's documentation");
		}
		fix(out, "if the name is new, wait for DNS to propagate, or use the provider's documented host name");
	}
	reproduce(out, "getent ahosts '%s'", TXT(c->host));
}

static void v_dns_failure(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "The resolver of this machine failed to look up %s (%s)", TXT(c->host), TXT(c->detail));
	if (c->near_miss != NULL) {
		fix(out, "did you mean %s? $mail->Host = '%s';", c->near_miss, c->near_miss);
	}
	fix(out, "check the name servers in /etc/resolv.conf (for containers and chroots, the resolv.conf they "
		"see) and that this machine may reach them on port 53");
	fix(out, "as a stopgap, connect by address and keep the name for TLS: $mail->Host = '<IP>'; "
		"$mail->SMTPOptions = ['ssl' => ['peer_name' => '%s']];", TXT(c->host));
	reproduce(out, "getent ahosts '%s'", TXT(c->host));
}

static void v_local_policy_denied(const sd_verdict_ctx *c, sd_explanation *out)
{
	if (c->selinux_enforcing) {
		summary(out, "This machine refused the connection to %s:%d itself (%s): SELinux denies this process "
			"network access", TXT(c->host), c->port, TXT(c->detail));
		if (c->port == 25 || c->port == 465 || c->port == 587) {
			fix(out, "setsebool -P httpd_can_sendmail 1");
		}
		fix(out, "setsebool -P httpd_can_network_connect 1");
		reproduce(out, "ausearch -m avc -ts recent | grep name_connect");
	} else {
		summary(out, "This machine refused the connection to %s:%d itself (%s): a local security policy "
			"or packet filter blocks this process", TXT(c->host), c->port, TXT(c->detail));
		fix(out, "look for rules on outgoing SMTP for the PHP user: iptables/nftables OUTPUT rules with "
			"--uid-owner, CSF SMTP_BLOCK, cPanel \"SMTP Restrictions\", AppArmor or Landlock profiles");
		if (!c->loopback) {
			fix(out, "or send through the relay your host allows (often localhost:25)");
		}
		reproduce_tcp(out, c);
	}
}

static void v_network_unreachable(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "There is no route from this machine to %s (%s, %s)", TXT(c->host), TXT(c->address),
		TXT(c->detail));
	if (c->address && strchr(c->address, ':') && c->has_ipv4) {
		fix(out, "the server's IPv6 address has no route from here: force IPv4 with "
			"$mail->SMTPOptions = ['socket' => ['bindto' => '0:0']];");
	} else if (c->address && strchr(c->address, ':')) {
		fix(out, "the server has only IPv6 addresses and this machine has no IPv6 route: give it one, or "
			"use a host name of the provider that has an IPv4 address");
	}
	fix(out, "check the machine's default route and any firewall answering with \"no route\"; some hosts "
		"block outgoing SMTP this way");
	reproduce_tcp(out, c);
}

static void v_port_blocked(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "Nothing answered the connection to %s:%d within %.0f s: the port is blocked on the way "
		"(a firewall, the hosting provider or the ISP drops the packets)", TXT(c->host), c->port, c->timeout_s);
	if (c->ipv4_works) {
		fix(out, "IPv4 works but IPv6 does not: force IPv4 with $mail->SMTPOptions = ['socket' => "
			"['bindto' => '0:0']];");
	}
	alt_fix(SD_V_PORT_BLOCKED, c, out, "try another port");
	fix(out, "many providers accept 2525 as well; cloud hosts often block 25 (and some 465/587): ask the "
		"host to lift the block or use its relay");
	fix(out, "lower $mail->Timeout (e.g. 15) so a blocked port does not hang the request for 300 s");
	reproduce_tcp(out, c);
}

static void v_connection_refused(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "%s:%d refused the connection (%s): nothing listens there, or a firewall rejects it",
		TXT(c->host), c->port, TXT(c->detail));
	alt_fix(SD_V_CONNECTION_REFUSED, c, out, "try another port");
	if (c->loopback) {
		fix(out, "nothing listens on port %d of this machine: start the mail server, or see the ports it listens "
			"on with ss -ltnp", c->port);
	} else {
		if (c->provider == NULL) {
			fix(out, "check the port your provider documents: 587 (STARTTLS) or 465 (implicit TLS)");
		}
		fix(out, "on shared hosting, outgoing SMTP to other servers is often rejected: use the host's own relay "
			"(often localhost)");
	}
	reproduce_tcp(out, c);
}

static void v_server_rejected(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "The server at %s:%d refused this client: %s", TXT(c->host), c->port, TXT(c->detail));
	fix(out, "a 421 is usually temporary (load, rate limit): try again later");
	fix(out, "a 554 often means this machine's IP is on a block list or not allowed: check the IP's "
		"reputation or send through an authenticated relay");
	reproduce(out, "openssl s_client -starttls smtp -connect '%s:%d' -brief </dev/null", TXT(c->host), c->port);
}

static void v_no_greeting(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "%s:%d accepted the connection but never sent an SMTP greeting, and does not speak TLS "
		"either", TXT(c->host), c->port);
	fix(out, "check that the port is an SMTP port: 587 (STARTTLS), 465 (implicit TLS), 25");
	fix(out, "a proxy or load balancer in front of the server may be holding the connection");
	reproduce(out, "nc -v '%s' %d", TXT(c->host), c->port);
}

/* How a plain SMTP server answered the ClientHello, from its first line (detail: the bytes it sent,
 * escaped, so the line ends at the backslash of its "\r\n"): its greeting, or a reply of another code
 * in its place. Postfix refuses a client that speaks before its greeting with "554 5.5.0 Error: SMTP
 * protocol synchronization" and no greeting at all where smtpd_forbid_unauth_pipelining is on (the
 * default since Postfix 3.9). */
static void smtp_answer(const char *detail, char *out, size_t cap)
{
	const char *d = TXT(detail);
	size_t len = strcspn(d, "\\");

	if (len == 0 || strncmp(d, "220", 3) == 0) {
		snprintf(out, cap, "an SMTP greeting");
	} else if (d[0] == '4' || d[0] == '5') {
		snprintf(out, cap, "the SMTP reply \"%.*s\" instead of a greeting (a plain SMTP server refusing a client "
			"that speaks first)", (int) (len < 120 ? len : 120), d);
	} else {
		snprintf(out, cap, "the SMTP reply \"%.*s\" instead of a greeting", (int) (len < 120 ? len : 120), d);
	}
}

static void v_tls_mode_mismatch(const sd_verdict_ctx *c, sd_explanation *out)
{
	const sd_code code = SD_V_TLS_MODE_MISMATCH;
	char answer[256];

	if (c->security == SD_SEC_SMTPS) {
		smtp_answer(c->detail, answer, sizeof(answer));
		summary(out, "%s:%d speaks plain SMTP (STARTTLS), but implicit TLS (SMTPSecure 'ssl') was "
			"configured: the server answered the TLS handshake with %s", TXT(c->host), c->port, answer);
		alt_fix(code, c, out, NULL);
		if (c->port != 465) {
			other_fix(code, c, out, "or keep implicit TLS on its own port", 465, SD_SEC_SMTPS);
		}
		reproduce(out, "openssl s_client -starttls smtp -connect '%s:%d' -brief </dev/null", TXT(c->host), c->port);
	} else {
		summary(out, "%s:%d expects implicit TLS (it answered a TLS handshake and sends no SMTP greeting), "
			"but %s was configured", TXT(c->host), c->port,
			c->security == SD_SEC_STARTTLS ? "STARTTLS (SMTPSecure 'tls')" : "plain SMTP with STARTTLS when offered");
		alt_fix(code, c, out, NULL);
		if (c->port != 587) {
			other_fix(code, c, out, "or use STARTTLS on its own port", 587, SD_SEC_STARTTLS);
		}
		reproduce(out, "openssl s_client -connect '%s:%d' -servername '%s' -brief </dev/null", TXT(c->host),
			c->port, TXT(c->host));
	}
}

static void v_starttls_unavailable(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "STARTTLS was required but %s:%d %s", TXT(c->host), c->port, TXT(c->detail));
	alt_fix(SD_V_STARTTLS_UNAVAILABLE, c, out, "if the provider offers implicit TLS");
	if (!c->starttls_offered) {
		/* PHPMailer's automatic mode goes on without TLS: the greeting and EHLO just passed */
		fix(out, "this port works only without encryption: the server greeted and answered EHLO here, but offers "
			"no STARTTLS (mail and passwords travel in clear text): $mail->Port = %d; $mail->SMTPSecure = ''; "
			"$mail->SMTPAutoTLS = true;", c->port);
		fix(out, "enable TLS on the server, or check that this port is the submission port (587) and not a "
			"relay-only or proxied port");
	} else {
		fix(out, "the server offers STARTTLS but fails to start it, a fault of its own (often passing): try again "
			"later, or tell its operator");
	}
	reproduce(out, "openssl s_client -starttls smtp -connect '%s:%d' -brief </dev/null", TXT(c->host), c->port);
}

static void v_tls_handshake_failed(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "The TLS handshake with %s:%d failed: %s", TXT(c->host), c->port, TXT(c->detail));
	fix(out, "the server may only offer old protocol versions or ciphers that this OpenSSL refuses: "
		"upgrade the server's TLS configuration");
	fix(out, "as a last resort for a legacy server you control: $mail->SMTPOptions = ['ssl' => ['ciphers' => "
		"'DEFAULT@SECLEVEL=0']];");
	reproduce_tls(out, c);
}

static void v_cert_untrusted(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "The certificate of %s:%d is not trusted here: %s", TXT(c->host), c->port, TXT(c->detail));
	fix(out, "if the server's chain is incomplete or self-signed, fix the server (send the intermediate, use "
		"a public CA)");
	fix(out, "if the CA store here is outdated, update it (apt-get install ca-certificates) or point "
		"openssl.cafile at a current bundle");
	fix(out, "for a private CA, trust it explicitly: $mail->SMTPOptions = ['ssl' => ['cafile' => "
		"'/path/to/ca.pem']]; (not verify_peer => false)");
	reproduce_tls(out, c);
}

static void v_cert_expired(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "The certificate of %s:%d is %s", TXT(c->host), c->port, TXT(c->detail));
	fix(out, "the server's certificate must be renewed by its operator");
	fix(out, "check this machine's clock too (date -u): a wrong clock makes valid certificates look expired "
		"or not yet valid");
	reproduce_tls(out, c);
}

static void v_cert_name_mismatch(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "The certificate of %s:%d does not name %s: %s", TXT(c->host), c->port, TXT(c->host),
		TXT(c->detail));
	fix(out, "use the host name the certificate names, e.g. the shared server's own name, in $mail->Host");
	fix(out, "or, when connecting by address or alias, name the certificate's host: $mail->SMTPOptions = "
		"['ssl' => ['peer_name' => 'name.on.the.certificate']];");
	reproduce_tls(out, c);
}

static void v_smtp_intercepted(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "The connection to %s:%d reached another server (%s): this host redirects outgoing SMTP "
		"to its own mail server", TXT(c->host), c->port, TXT(c->reached));
	fix(out, "turn off the redirection (cPanel/WHM \"SMTP Restrictions\", CSF SMTP_BLOCK) or ask the host to");
	fix(out, "or send through the host's own mail server with its credentials");
	reproduce_tls(out, c);
}

static void v_protocol_error(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "%s:%d does not speak SMTP: %s", TXT(c->host), c->port, TXT(c->detail));
	fix(out, "check the host and port: this is not the mail server's SMTP port");
	reproduce(out, "nc -v '%s' %d", TXT(c->host), c->port);
}

static void v_timeout(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "%s:%d stalled: %s, and the %.1f s deadline ran out", TXT(c->host), c->port, TXT(c->detail),
		c->timeout_s);
	if (c->late_greeting_s > 0) {
		fix(out, "the server holds its greeting back for %.1f s (a greeting delay against spam): give PHPMailer "
			"and smtpdiag more time, e.g. $mail->Timeout = 30; and smtpdiag_probe(..., ['timeout' => 30])",
			c->late_greeting_s);
	} else {
		fix(out, "the server is overloaded or a middlebox holds the connection: try again, or try the other "
			"submission port");
	}
	reproduce_tls(out, c);
}

/* openssl s_client with -crlf, to type EHLO and AUTH by hand (credentials in base64: printf '%s' ... | base64). */
static void reproduce_auth(sd_explanation *out, const sd_verdict_ctx *c)
{
	if (c->auth_mech == NULL || c->auth_mech[0] == '\0') {
		/* nothing was tried: the EHLO reply's AUTH line tells it all */
		reproduce(out, "openssl s_client %s-connect '%s:%d' -servername '%s' -crlf -quiet, then type: EHLO me (the AUTH "
			"line lists the mechanisms)", c->security == SD_SEC_SMTPS ? "" : "-starttls smtp ", TXT(c->host), c->port,
			TXT(c->host));
	} else if (c->security == SD_SEC_SMTPS) {
		reproduce(out, "openssl s_client -connect '%s:%d' -servername '%s' -crlf -quiet, then type: EHLO me, "
			"AUTH LOGIN, and the base64 of the user name and of the password (printf '%%s' \"$USER\" | base64)",
			TXT(c->host), c->port, TXT(c->host));
	} else if (c->auth_encrypted || c->security == SD_SEC_STARTTLS || (c->security == SD_SEC_AUTO && c->starttls_offered)) {
		reproduce(out, "openssl s_client -starttls smtp -connect '%s:%d' -servername '%s' -crlf -quiet, then type: "
			"EHLO me, AUTH LOGIN, and the base64 of the user name and of the password (printf '%%s' \"$USER\" | base64)",
			TXT(c->host), c->port, TXT(c->host));
	} else {
		reproduce(out, "nc -C '%s' %d, then type: EHLO me (the AUTH line lists the mechanisms)", TXT(c->host), c->port);
	}
}

static const char *provider_of(const sd_verdict_ctx *c)
{
	return sd_auth_provider_name((sd_auth_provider) c->auth_provider);
}

static void v_auth_requires_tls(const sd_verdict_ctx *c, sd_explanation *out)
{
	char lines[SD_TEXT_MAX];

	summary(out, "%s:%d accepts AUTH only over TLS, and this connection is not encrypted: %s", TXT(c->host), c->port,
		TXT(c->detail));
	/* this port offers STARTTLS: keep it and turn TLS on; otherwise the usual submission port */
	(void) lines;
	alt_fix(SD_V_AUTH_REQUIRES_TLS, c, out, NULL);
	if (c->port != 465) {
		other_fix(SD_V_AUTH_REQUIRES_TLS, c, out, "or implicit TLS, if the provider offers it", 465, SD_SEC_SMTPS);
	}
	if (c->security == SD_SEC_NONE) {
		fix(out, "do not set $mail->SMTPAutoTLS = false; with SMTPSecure '': PHPMailer then never starts TLS");
	} else if (c->starttls_skipped) {
		fix(out, "the server offers STARTTLS, but PHPMailer (6.9 and later) never starts it on its own when Host is "
			"'localhost': set SMTPSecure as above, or use the server's name or 127.0.0.1 as Host");
	}
	reproduce(out, "openssl s_client -starttls smtp -connect '%s:%d' -crlf -quiet, then type: EHLO me (after TLS the "
		"reply lists AUTH)", TXT(c->host), c->port);
}

static void v_auth_mechanism_unsupported(const sd_verdict_ctx *c, sd_explanation *out)
{
	summary(out, "PHPMailer and %s:%d have no authentication mechanism in common: %s", TXT(c->host), c->port,
		TXT(c->detail));
	if (c->auth_offered && strstr(c->auth_offered, "XOAUTH2") && !strstr(c->auth_offered, "LOGIN")
			&& !strstr(c->auth_offered, "PLAIN")) {
		fix(out, "use OAuth 2.0: $mail->AuthType = 'XOAUTH2'; $mail->setOAuth(new PHPMailer\\PHPMailer\\OAuth([...])); "
			"(smtpdiag_probe(): 'auth_type' => 'XOAUTH2' with the access token as 'password')");
	} else if (c->auth_offered && c->auth_offered[0]) {
		fix(out, "PHPMailer implements CRAM-MD5, LOGIN, PLAIN and XOAUTH2 only; the server offers %s: enable LOGIN or "
			"PLAIN on the server (Exchange: Basic authentication on the client receive connector, over TLS)",
			c->auth_offered);
	} else {
		fix(out, "this port does not authenticate clients: use the provider's submission port (587 with STARTTLS or "
			"465 with implicit TLS)");
		fix(out, "or, if the server relays for this machine without a password, turn authentication off: "
			"$mail->SMTPAuth = false;");
	}
	if (c->auth_type && c->auth_type[0]) {
		fix(out, "$mail->AuthType = ''; lets PHPMailer pick from what the server offers (CRAM-MD5, LOGIN, PLAIN, "
			"XOAUTH2, in that order)");
	}
	reproduce_auth(out, c);
}

static void v_auth_app_password_required(const sd_verdict_ctx *c, sd_explanation *out)
{
	const char *p = provider_of(c);

	summary(out, "%s%s%s:%d refused the password for this account: it wants an app password or OAuth 2.0, not the "
		"account's normal password (%s)", p[0] ? p : "", p[0] ? " at " : "", TXT(c->host), c->port, TXT(c->detail));
	switch ((sd_auth_provider) c->auth_provider) {
		case SD_AUTH_PROVIDER_GMAIL:
			if (c->detail && strstr(c->detail, "5.7.14")) {
				fix(out, "Google blocked the sign-in as suspicious: sign in to the account in a browser from this "
					"network, then use an app password (below) rather than the account password");
			}
			fix(out, "turn on 2-Step Verification for the Google account, create an app password (Google Account > "
				"Security > App passwords) and set it as $mail->Password (16 letters, without spaces)");
			fix(out, "or use OAuth 2.0: $mail->AuthType = 'XOAUTH2'; with $mail->setOAuth(...) (PHPMailer's "
				"get_oauth_token.php walks through it)");
			break;
		case SD_AUTH_PROVIDER_MICROSOFT:
			fix(out, "SMTP AUTH (basic authentication) is off for this tenant or mailbox: an admin turns it on per "
				"mailbox with Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false (Exchange "
				"Online PowerShell), if the tenant's security defaults allow it");
			fix(out, "better, since Microsoft is retiring basic authentication for client submission: use OAuth 2.0, "
				"$mail->AuthType = 'XOAUTH2'; with $mail->setOAuth(...)");
			fix(out, "or send through a connector or relay that does not need mailbox credentials");
			break;
		case SD_AUTH_PROVIDER_YAHOO:
			fix(out, "create an app password (Yahoo Account Security > Generate app password) and set it as "
				"$mail->Password; Yahoo refuses the account password from mail programs");
			fix(out, "after many refusals Yahoo blocks logins for a while: wait before trying again");
			break;
		case SD_AUTH_PROVIDER_ICLOUD:
			fix(out, "create an app-specific password (account.apple.com > Sign-In and Security > App-Specific "
				"Passwords; needs two-factor authentication) and set it as $mail->Password, with the full iCloud "
				"address as $mail->Username");
			break;
		case SD_AUTH_PROVIDER_OTHER:
		default:
			fix(out, "create an app password (or app-specific password) in the provider's account security settings "
				"and set it as $mail->Password");
			fix(out, "or use OAuth 2.0: $mail->AuthType = 'XOAUTH2'; with $mail->setOAuth(...)");
			break;
	}
	reproduce_auth(out, c);
}

static void v_auth_failed(const sd_verdict_ctx *c, sd_explanation *out)
{
	const char *p = provider_of(c);

	if (c->auth_state == SD_VERDICT_AUTH_TOKEN_ERROR) {
		summary(out, "The OAuth 2.0 token provider of the mailer (setOAuth()) gave no token, so PHPMailer cannot "
			"authenticate to %s:%d with XOAUTH2; nothing was sent: %s", TXT(c->host), c->port, TXT(c->detail));
		fix(out, "check the provider's client ID, client secret and refresh token; a refresh token that was revoked "
			"or expired needs a new consent (PHPMailer's get_oauth_token.php makes one)");
		fix(out, "check that this machine reaches the token endpoint (HTTPS) of the identity provider");
		reproduce_auth(out, c);
		return;
	}

	summary(out, "%s%s%s:%d refused the credentials (%s%s%s)%s%s: %s", p[0] ? p : "", p[0] ? " at " : "", TXT(c->host),
		c->port, c->auth_mech && c->auth_mech[0] ? "AUTH " : "", TXT(c->auth_mech),
		c->auth_mech && c->auth_mech[0] ? "" : "AUTH", sd_auth_refusal_note(c->detail) ? "; " : "",
		TXT(sd_auth_refusal_note(c->detail)), TXT(c->detail));
	switch ((sd_auth_provider) c->auth_provider) {
		case SD_AUTH_PROVIDER_GMAIL:
			fix(out, "Gmail takes only an app password (needs 2-Step Verification; Google Account > Security > App "
				"passwords) or OAuth 2.0 since May 2022, not the account password: set the app password as "
				"$mail->Password and the full address as $mail->Username");
			break;
		case SD_AUTH_PROVIDER_MICROSOFT:
			fix(out, "check $mail->Username (the full mailbox address) and $mail->Password; an account with "
				"multi-factor authentication needs OAuth 2.0 ($mail->AuthType = 'XOAUTH2';) or an app password");
			break;
		case SD_AUTH_PROVIDER_YAHOO:
			fix(out, "Yahoo takes an app password (Yahoo Account Security > Generate app password), not the account "
				"password: set it as $mail->Password with the full address as $mail->Username");
			break;
		case SD_AUTH_PROVIDER_ICLOUD:
			fix(out, "iCloud takes only an app-specific password (account.apple.com > Sign-In and Security > "
				"App-Specific Passwords), with the full iCloud address as $mail->Username");
			break;
		case SD_AUTH_PROVIDER_OTHER:
		default:
			fix(out, "check $mail->Username and $mail->Password with the provider (often the full e-mail address "
				"is the user name; a password copied with a trailing space or newline fails too)");
			break;
	}
	fix(out, "if the account has two-factor authentication, the provider may want an app password or OAuth 2.0 "
		"instead of the account password");
	reproduce_auth(out, c);
}

typedef void (*explain_fn)(const sd_verdict_ctx *, sd_explanation *);

/* Each verdict's text function, from the registry (sd_codes.h): v_<code>. */
static const explain_fn texts[SD_VERDICT_COUNT] = {
#define SD_CODE_V(ID, code, advice) v_##code,
	SD_VERDICTS(SD_CODE_V)
#undef SD_CODE_V
};

/* Adds "; <formatted text>" to the summary. */
static void summary_more(sd_explanation *out, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static void summary_more(sd_explanation *out, const char *fmt, ...)
{
	size_t used = strlen(out->summary);
	va_list ap;

	if (used + 2 < sizeof(out->summary)) {
		memcpy(out->summary + used, "; ", 3);
		va_start(ap, fmt);
		vsnprintf(out->summary + used + 2, sizeof(out->summary) - used - 2, fmt, ap);
		va_end(ap);
	}
}

/* Whether the verdict's own summary already says what the provider table says about port and mode: a
 * mode mismatch whose server answered in the mode the provider documents for the port. */
static int verdict_says_mode(sd_code code, const sd_verdict_ctx *c)
{
	const struct sd_provider *p = c->provider;

	return code == SD_V_TLS_MODE_MISMATCH && c->suggest_port == c->port
		&& sd_provider_port_mode(p, c->port) == (int) c->suggest_security;
}

static void provider_host_advice(sd_code code, const sd_verdict_ctx *c, sd_explanation *out)
{
	const struct sd_provider *p = c->provider;
	const struct sd_cloud *h = c->hosting;
	char text[SD_TEXT_MAX], lead[SD_TEXT_MAX];
	unsigned what = sd_code_advice(code);
	sd_security mode;
	int port;

	if (p && (what & SD_ADVICE_PORTS) && sd_provider_mismatch(p, c->port, c->security, text, sizeof(text))) {
		if (!verdict_says_mode(code, c)) {
			summary_more(out, "%s", text);
		}
		if (sd_provider_port_mode(p, c->port) >= 0) {
			port = c->port;
			mode = (sd_security) sd_provider_port_mode(p, c->port);
		} else {
			sd_provider_suggest(p, c->security, &port, &mode);
		}
		snprintf(lead, sizeof(lead), "for %s use port %d with %s", p->name, port, mode_words(mode));
		other_fix(code, c, out, lead, port, mode);
	}
	if (h && (what & SD_ADVICE_BLOCK) && sd_cloud_blocks(h, c->port)) {
		summary_more(out, "this machine runs on %s, which %s", h->name, h->policy);
		fix(out, "%s: %s", h->name, h->way_out);
	}
	if (p && (what & SD_ADVICE_BLOCK) && p->escape_port && p->escape_port != c->port
			&& !(h && sd_cloud_blocks(h, p->escape_port))) {
		mode = (sd_security) sd_provider_port_mode(p, p->escape_port);
		snprintf(lead, sizeof(lead), "%s also listens on port %d for networks that block the usual ports", p->name,
			p->escape_port);
		other_fix(code, c, out, lead, p->escape_port, mode);
	}
	if (p && (what & SD_ADVICE_AUTH)) {
		fix(out, "%s", p->auth);
	}
}

/* PHPMailer's Port out of range: what PHP connects to instead, said once after the verdict's text. */
static void port_given_advice(const sd_verdict_ctx *c, sd_explanation *out)
{
	if (c->port_given == 0) {
		return;
	}
	summary_more(out, "PHPMailer's Port is %ld, out of range: PHP keeps its low 16 bits and connects to port %d%s",
		c->port_given, c->port, c->port == 0 ? ", which always fails" : "");
	fix(out, "set $mail->Port to the server's port (at most 65535): 587 for STARTTLS, 465 for implicit TLS");
}

void sd_verdict_explain(sd_code code, const sd_verdict_ctx *ctx, sd_explanation *out)
{
	memset(out, 0, sizeof(*out));
	if (!sd_code_is_verdict(code)) {
		/* not a verdict: only findings carry such codes; say what is known */
		summary(out, "%s:%d: %s", TXT(ctx->host), ctx->port, TXT(ctx->detail));
		return;
	}
	texts[code](ctx, out);
	port_given_advice(ctx, out);
	provider_host_advice(code, ctx, out);
}

/* ---- the alternative a fix proposes ---------------------------------------------------------- */

static int blocked_here(const sd_verdict_ctx *c, int port)
{
	return c->hosting != NULL && sd_cloud_blocks(c->hosting, port);
}

/* The provider's documented port and mode where the configured ones contradict its table; for a
 * blocked or refused port, its next documented port the machine's host does not block. */
static int provider_port(sd_code code, const sd_verdict_ctx *c, int *port, sd_security *s)
{
	const struct sd_provider *p = c->provider;
	char text[SD_TEXT_MAX];
	size_t i;

	if (p == NULL) {
		return 0;
	}
	if (sd_provider_mismatch(p, c->port, c->security, text, sizeof(text))) {
		if (sd_provider_port_mode(p, c->port) >= 0) {
			*port = c->port;
			*s = (sd_security) sd_provider_port_mode(p, c->port);
		} else {
			sd_provider_suggest(p, c->security, port, s);
		}
		return *port != c->port || *s != c->security ? !blocked_here(c, *port) : 0;
	}
	if (code != SD_V_PORT_BLOCKED && code != SD_V_CONNECTION_REFUSED) {
		return 0;
	}
	for (i = 0; i < SD_PROVIDER_PORTS_MAX && p->ports[i].port; i++) {
		if (p->ports[i].port != c->port && !blocked_here(c, p->ports[i].port)) {
			*port = p->ports[i].port;
			*s = p->ports[i].mode;
			return 1;
		}
	}
	return 0;
}

/* The usual submission ports, in the order to try: on this machine its MTA's port 25 first. */
static int usual_port(const sd_verdict_ctx *c, int *port, sd_security *s)
{
	static const int remote[][2] = { { 587, SD_SEC_STARTTLS }, { 465, SD_SEC_SMTPS }, { 0, 0 } };
	static const int local[][2] = { { 25, SD_SEC_AUTO }, { 587, SD_SEC_STARTTLS }, { 465, SD_SEC_SMTPS }, { 0, 0 } };
	const int (*list)[2] = c->loopback ? local : remote;
	size_t i;

	for (i = 0; list[i][0]; i++) {
		if (list[i][0] != c->port && !blocked_here(c, list[i][0])) {
			*port = list[i][0];
			*s = (sd_security) list[i][1];
			return 1;
		}
	}
	return 0;
}

/* The provider's implicit-TLS port, else 465: where STARTTLS is not to be had. */
static int implicit_port(const sd_verdict_ctx *c, int *port, sd_security *s)
{
	const struct sd_provider *p = c->provider;
	size_t i;

	*s = SD_SEC_SMTPS;
	if (p == NULL) {
		*port = 465;
		return c->port != 465;
	}
	for (i = 0; i < SD_PROVIDER_PORTS_MAX && p->ports[i].port; i++) {
		if (p->ports[i].mode == SD_SEC_SMTPS && p->ports[i].port != c->port) {
			*port = p->ports[i].port;
			return 1;
		}
	}
	return 0;
}

int sd_verdict_alternative(sd_code code, const sd_verdict_ctx *c, int *port, sd_security *security)
{
	switch (code) {
		case SD_V_TLS_MODE_MISMATCH:
			if (c->suggest_port == 0) {
				return 0;
			}
			/* a plain SMTP server: whether it offers STARTTLS shows only when it is asked */
			*port = c->suggest_port;
			*security = c->suggest_security == SD_SEC_SMTPS ? SD_SEC_SMTPS : SD_SEC_AUTO;
			return 1;
		case SD_V_STARTTLS_UNAVAILABLE:
			return implicit_port(c, port, security);
		case SD_V_AUTH_REQUIRES_TLS:
			if (c->starttls_offered) {
				*port = c->port;
				*security = SD_SEC_STARTTLS;
				return 1;
			}
			if (provider_port(code, c, port, security)) {
				return 1;
			}
			*port = c->port == 587 ? 465 : 587;
			*security = c->port == 587 ? SD_SEC_SMTPS : SD_SEC_STARTTLS;
			return 1;
		case SD_V_PORT_BLOCKED:
		case SD_V_CONNECTION_REFUSED:
			return provider_port(code, c, port, security) || usual_port(c, port, security);
		default:
			return (sd_code_advice(code) & SD_ADVICE_PORTS) && provider_port(code, c, port, security);
	}
}

/* ---- near misses of provider hosts ----------------------------------------------------------- */

static int lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

int sd_verdict_edit_distance(const char *a, size_t alen, const char *b, size_t blen, int limit)
{
	int rows[3][256];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *tmp;
	size_t i, j;

	if (alen > 255 || blen > 255 || (alen > blen ? alen - blen : blen - alen) > (size_t) limit) {
		return limit + 1;
	}
	for (j = 0; j <= blen; j++) {
		prev[j] = (int) j;
	}
	for (i = 1; i <= alen; i++) {
		int best = cur[0] = (int) i;
		for (j = 1; j <= blen; j++) {
			int v = prev[j - 1] + (lower(a[i - 1]) != lower(b[j - 1]));
			if (prev[j] + 1 < v) v = prev[j] + 1;
			if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])
					&& prev2[j - 2] + 1 < v) {
				v = prev2[j - 2] + 1;
			}
			cur[j] = v;
			if (v < best) best = v;
		}
		if (best > limit) {
			return limit + 1;
		}
		tmp = prev2; prev2 = prev; prev = cur; cur = tmp;
	}
	return prev[blen] > limit ? limit + 1 : prev[blen];
}

/* pattern with its "*" label replaced by host's label at the same place (both counted from the
 * right); 0 when host has another number of labels. */
static int expand_pattern(const char *pattern, const char *host, size_t hlen, char *out, size_t cap)
{
	const char *star = strchr(pattern, '*');
	size_t right = 0, hl = 0, pl = 0, i;
	const char *from, *to;

	if (star == NULL) {
		snprintf(out, cap, "%s", pattern);
		return 1;
	}
	for (i = 0; pattern[i]; i++) pl += pattern[i] == '.';
	for (i = 0; i < hlen; i++) hl += host[i] == '.';
	if (pl != hl) {
		return 0;
	}
	for (i = (size_t) (star - pattern); pattern[i]; i++) right += pattern[i] == '.';
	/* the host's label with `right` dots after it */
	to = host + hlen;
	for (i = 0; i < right; i++) {
		while (to > host && *--to != '.') {}
	}
	from = to;
	while (from > host && from[-1] != '.') from--;
	snprintf(out, cap, "%.*s%.*s%s", (int) (star - pattern), pattern, (int) (to - from), from, star + 1);
	return 1;
}

int sd_verdict_near_miss(const char *host, char *out, size_t cap)
{
	size_t n, i, k, hlen = host ? strlen(host) : 0;
	const sd_provider *t = sd_provider_table(&n);
	char cand[SD_TEXT_MAX];
	int best = 3;

	if (hlen && host[hlen - 1] == '.') hlen--;
	if (hlen == 0 || strspn(host, "0123456789.:[]") >= hlen || sd_provider_match(host) != NULL) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < SD_PROVIDER_HOSTS_MAX && t[i].hosts[k]; k++) {
			int d;
			if (!expand_pattern(t[i].hosts[k], host, hlen, cand, sizeof(cand))) {
				continue;
			}
			d = sd_verdict_edit_distance(host, hlen, cand, strlen(cand), 2);
			if (d >= 1 && d < best) {
				best = d;
				snprintf(out, cap, "%s", cand);
			}
		}
	}
	return best <= 2;
}
