/* smtpdiag: the registry of every verdict and finding code, declared once.
 *
 * A verdict is the first problem that would stop PHPMailer; SD_VERDICTS lists them in the order
 * PHPMailer meets them (the order of README.md's verdict table). Each entry is
 *     X(ENUM, code, advice)
 * ENUM names the value SD_V_<ENUM>; code is the stable string users match on (the token itself, so a
 * typo does not compile); sd_verdict.c's text function for it is v_<code>; advice says what the
 * provider and host tables add after the verdict's own fixes (SD_ADVICE_* below, 0 for nothing).
 * A verdict code also appears as a finding (severity error, or a warning where the same problem does
 * not stop this mode).
 *
 * SD_FINDINGS lists the codes that are only ever findings (warnings and infos, never the verdict),
 *     X(ENUM, code)
 * giving SD_F_<ENUM>.
 *
 * Adding a verdict: one line here, its v_<code> text function in sd_verdict.c, the stage that stops
 * with it, its README.md row, a test that produces it. scripts/check-registry.php compares this file
 * with README.md and DESIGN.md and with the tests. Plain C, no PHP. */
#ifndef SD_CODES_H
#define SD_CODES_H

#include <stddef.h>

#define SD_ADVICE_PORTS 1u /* the port or mode contradicts the provider's table: say what it documents */
#define SD_ADVICE_BLOCK 2u /* the path is blocked: the host's policy and way out, the provider's own port */
#define SD_ADVICE_AUTH 4u  /* the provider's authentication rule */

#define SD_VERDICTS(X) \
	X(OK, ok, 0) \
	X(MAILER_NOT_SMTP, mailer_not_smtp, 0) \
	X(HOST_MALFORMED, host_malformed, 0) \
	X(PHP_FUNCTIONS_DISABLED, php_functions_disabled, 0) \
	X(OPENSSL_MISSING, openssl_missing, 0) \
	X(CA_BUNDLE_MISSING, ca_bundle_missing, 0) \
	X(DNS_NOT_FOUND, dns_not_found, 0) \
	X(DNS_FAILURE, dns_failure, 0) \
	X(LOCAL_POLICY_DENIED, local_policy_denied, 0) \
	X(NETWORK_UNREACHABLE, network_unreachable, SD_ADVICE_PORTS | SD_ADVICE_BLOCK) \
	X(PORT_BLOCKED, port_blocked, SD_ADVICE_PORTS | SD_ADVICE_BLOCK) \
	X(CONNECTION_REFUSED, connection_refused, SD_ADVICE_PORTS | SD_ADVICE_BLOCK) \
	X(SERVER_REJECTED, server_rejected, 0) \
	X(NO_GREETING, no_greeting, SD_ADVICE_PORTS) \
	X(TLS_MODE_MISMATCH, tls_mode_mismatch, SD_ADVICE_PORTS) \
	X(STARTTLS_UNAVAILABLE, starttls_unavailable, SD_ADVICE_PORTS) \
	X(TLS_HANDSHAKE_FAILED, tls_handshake_failed, SD_ADVICE_PORTS) \
	X(CERT_UNTRUSTED, cert_untrusted, 0) \
	X(CERT_EXPIRED, cert_expired, 0) \
	X(CERT_NAME_MISMATCH, cert_name_mismatch, 0) \
	X(SMTP_INTERCEPTED, smtp_intercepted, 0) \
	X(PROTOCOL_ERROR, protocol_error, SD_ADVICE_PORTS) \
	X(TIMEOUT, timeout, SD_ADVICE_PORTS) \
	X(AUTH_REQUIRES_TLS, auth_requires_tls, SD_ADVICE_PORTS | SD_ADVICE_AUTH) \
	X(AUTH_MECHANISM_UNSUPPORTED, auth_mechanism_unsupported, SD_ADVICE_AUTH) \
	X(AUTH_APP_PASSWORD_REQUIRED, auth_app_password_required, SD_ADVICE_AUTH) \
	X(AUTH_FAILED, auth_failed, SD_ADVICE_AUTH)

#define SD_FINDINGS(X) \
	/* the environment (smtpdiag_environment(), every probe) */ \
	X(STREAM_SOCKET_CLIENT_DISABLED, stream_socket_client_disabled) \
	X(NO_DEFAULT_ROUTE, no_default_route) \
	X(NO_IPV4_ROUTE, no_ipv4_route) \
	/* the probe */ \
	X(HOST_IDN, host_idn) \
	X(HOST_UNDERSCORE, host_underscore) \
	X(PROVIDER_MISMATCH, provider_mismatch) \
	X(IPV6_FAILED, ipv6_failed) \
	X(EHLO_REFUSED, ehlo_refused) \
	X(CLEARTEXT, cleartext) \
	X(TLS_VERIFICATION_DISABLED, tls_verification_disabled) \
	X(CERT_EXPIRING_SOON, cert_expiring_soon) \
	X(AUTH_CLEARTEXT, auth_cleartext) \
	X(AUTH_NOT_ENABLED, auth_not_enabled) \
	/* the PHPMailer hook's configuration findings */ \
	X(PORT_MODE_MISMATCH, port_mode_mismatch) \
	X(SMTPSECURE_IGNORED, smtpsecure_ignored) \
	X(SMTPOPTIONS_IGNORED, smtpoptions_ignored) \
	X(SMTPOPTIONS_INVALID, smtpoptions_invalid) \
	X(VERIFICATION_DISABLED, verification_disabled) \
	X(SELF_SIGNED_ALLOWED, self_signed_allowed) \
	X(CLEARTEXT_CONFIGURED, cleartext_configured) \
	X(TIMEOUT_LONG, timeout_long) \
	X(TIMELIMIT_LONG, timelimit_long) \
	X(HOST_LIST_LONG, host_list_long) \
	X(HOST_ENTRY_SKIPPED, host_entry_skipped) \
	X(HELO_INVALID, helo_invalid) \
	X(AUTH_CREDENTIALS_MISSING, auth_credentials_missing) \
	X(MAILER_READ_ERROR, mailer_read_error)

typedef enum {
#define SD_CODE_V(ID, code, advice) SD_V_##ID,
#define SD_CODE_F(ID, code) SD_F_##ID,
	SD_VERDICTS(SD_CODE_V)
	SD_FINDINGS(SD_CODE_F)
#undef SD_CODE_V
#undef SD_CODE_F
	SD_CODE_COUNT
} sd_code;

/* How many codes are verdicts: the values below it are verdicts, the rest findings only. */
#define SD_CODE_ONE_V(ID, code, advice) +1
#define SD_VERDICT_COUNT (0 SD_VERDICTS(SD_CODE_ONE_V))

/* The code's stable string, e.g. tls_mode_mismatch. Static; "unknown" for a value out of range. */
const char *sd_code_name(sd_code c);

/* Whether c is a verdict (not only a finding). */
int sd_code_is_verdict(sd_code c);

/* The SD_ADVICE_* bits of verdict c; 0 for a finding. */
unsigned sd_code_advice(sd_code c);

/* Finds the code named by s (len bytes). Returns 1 and sets *out, or 0 when no code has that name. */
int sd_code_parse(const char *s, size_t len, sd_code *out);

#endif
