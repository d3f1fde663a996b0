/* sources: src/engine/sd_mailer.c src/engine/sd_mailerhost.c src/engine/sd_host.c src/engine/sd_findings.c */
/* sources: src/engine/sd_text.c src/engine/sd_net.c */
/* libs: -lpthread */
/* smtpdiag_phpmailer()'s decisions (src/engine/sd_mailer.c) on synthetic mailers: the Host entries in
 * PHPMailer's order and which are skipped, every configuration finding, the options each entry is
 * probed with (the mailer's settings, the caller's options over them), which entry's report is the
 * answer on synthetic probe outcomes, and the reports that end before the network. No network. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "src/engine/sd_mailer.h"
#include "src/engine/sd_tls.h"

/* A literal as PHP bytes (NUL bytes inside included). */
#define LIT(s) ((sd_mailer_bytes) { (s), sizeof(s) - 1 })

static sd_mailer_bytes str(const char *s)
{
	sd_mailer_bytes b = { s, s ? strlen(s) : 0 };
	return b;
}

static sd_mailer_config cfg;
static sd_mailer_request req;
static sd_mailer_plan plan;

/* PHPMailer's defaults after isSMTP(), with Host and Port set, and smtpdiag_probe()'s option defaults. */
static void setup_mailer(const char *host, long port, const char *secure)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.class_name = str("PHPMailer\\PHPMailer\\PHPMailer");
	cfg.version = str("6.6.3");
	cfg.mailer = str("smtp");
	cfg.host = str(host);
	cfg.port = port;
	cfg.secure = str(secure);
	cfg.auto_tls = 1;
	cfg.timeout = 300;
	cfg.helo = str("");
	cfg.hostname = str("");
	cfg.username = str("");
	cfg.password = str("");
	cfg.auth_type = str("");
	cfg.machine_name = "box.example.net";
	cfg.ssl.verify_peer = cfg.ssl.verify_peer_name = cfg.ssl.allow_self_signed = -1;

	memset(&req, 0, sizeof(req));
	req.opts.security = SD_SEC_AUTO;
	req.opts.timeout_ms = 10000.0;
	req.opts.helo = "default.example";
	req.opts.verify_peer = 1;
	req.opts.verify_peer_name = 1;
	req.opts.verify_depth = -1;
	req.opts.sniff_after_ms = 1000.0;
	req.opts.no_localhost_autotls = 1;
	req.default_timeout_ms = 10000.0;
}

static void plan_it(void)
{
	sd_mailer_plan_init(&plan, &cfg, &req);
}

/* The codes of the configuration findings, comma-separated. */
static const char *codes(void)
{
	static char buf[1024];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < plan.config.count; i++) {
		n += (size_t) snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? "," : "", sd_code_name(plan.config.items[i].code));
	}
	return buf;
}

static const sd_finding *finding(sd_code code)
{
	const sd_finding *f = sd_findings_find(&plan.config, code);
	assert_non_null(f);
	return f;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) == NULL) {
		fail_msg("\"%s\" not in \"%s\"", needle, haystack);
	}
}

/* ---- entries ----------------------------------------------------------------------------------- */

static void entries_in_order(void **state)
{
	sd_probe_opts o;
	int i;

	(void) state;
	setup_mailer("a;b:2525;ssl://c:465", 587, "tls");
	cfg.timeout = 3;
	plan_it();
	assert_int_equal(plan.hosts.count, 3);
	assert_string_equal(codes(), "");

	i = sd_mailer_next(&plan);
	assert_int_equal(i, 0);
	sd_mailer_entry_opts(&plan, (size_t) i, &o);
	assert_int_equal(o.host_len, 1);
	assert_memory_equal(o.host, "a", 1);
	assert_int_equal(o.port, 587);
	assert_int_equal(o.security, SD_SEC_STARTTLS);
	sd_mailer_record(&plan, (size_t) i, 0, SD_V_CONNECTION_REFUSED);

	i = sd_mailer_next(&plan);
	assert_int_equal(i, 1);
	sd_mailer_entry_opts(&plan, (size_t) i, &o);
	assert_memory_equal(o.host, "b", 1);
	assert_int_equal(o.port, 2525);
	assert_int_equal(o.security, SD_SEC_STARTTLS);
	sd_mailer_record(&plan, (size_t) i, 0, SD_V_PORT_BLOCKED);

	i = sd_mailer_next(&plan);
	assert_int_equal(i, 2);
	sd_mailer_entry_opts(&plan, (size_t) i, &o);
	assert_memory_equal(o.host, "c", 1);
	assert_int_equal(o.port, 465);
	assert_int_equal(o.security, SD_SEC_SMTPS);
	assert_string_equal(plan.hosts.entries[2].connect, "ssl://c:465");
	sd_mailer_record(&plan, (size_t) i, 0, SD_V_TLS_HANDSHAKE_FAILED);

	assert_int_equal(sd_mailer_next(&plan), -1);
	assert_int_equal(sd_mailer_reported(&plan), 0);  /* every entry failed: the first failure */
}

static void entries_skipped_with_reason(void **state)
{
	const sd_finding *f;

	(void) state;
	setup_mailer("bad_host;127.0.0.1:2525; ;tls://smtp.example.com", 25, "");
	cfg.timeout = 10;
	plan_it();
	assert_int_equal(plan.hosts.count, 4);
	assert_int_equal(plan.hosts.usable, 2);
	assert_string_equal(codes(), "host_entry_skipped,host_entry_skipped");
	f = &plan.config.items[0];
	assert_int_equal(f->severity, SD_SEV_WARNING);
	assert_string_equal(f->message, "PHPMailer skips Host entry \"bad_host\" (illegal character '_' at offset 3; "
		"underscores are not allowed in host names); it says only \"Invalid host:  bad_host\" in its debug output");
	assert_contains(plan.config.items[1].message, "\"Invalid hostentry:  \"");

	assert_int_equal(sd_mailer_next(&plan), 1);
	assert_int_equal(sd_mailer_next(&plan), 3);
	assert_int_equal(sd_mailer_next(&plan), -1);
	assert_int_equal(plan.security[1], SD_SEC_AUTO);       /* '' with SMTPAutoTLS */
	assert_int_equal(plan.security[3], SD_SEC_STARTTLS);   /* the tls:// prefix */
}

static void entries_invisible(void **state)
{
	sd_probe_opts o;
	char detail[SD_MAILER_DETAIL_MAX], clean[1025];

	(void) state;
	/* NBSP in the first entry: skipped, the second is probed */
	setup_mailer("smtp.example.com\xC2\xA0;127.0.0.1", 587, "tls");
	cfg.timeout = 10;
	plan_it();
	assert_string_equal(codes(), "host_entry_skipped");
	assert_contains(plan.config.items[0].message, "\"smtp.example.com\\u00a0\"");
	assert_int_equal(sd_mailer_next(&plan), 1);

	/* a zero-width space in the only entry: host_malformed before the network, the clean name proposed */
	setup_mailer("smtp.\xE2\x80\x8B" "example.com", 587, "tls");
	cfg.timeout = 10;
	plan_it();
	assert_int_equal(sd_mailer_next(&plan), -1);
	assert_int_equal(sd_mailer_reported(&plan), -1);
	assert_int_equal(sd_mailer_conclusion(&plan, &o, detail, sizeof(detail), clean, sizeof(clean)), SD_V_HOST_MALFORMED);
	assert_string_equal(detail, "it contains an invisible character, U+200B ZERO WIDTH SPACE, at byte 5: "
		"PHPMailer's trim() keeps it and the host is refused");
	assert_string_equal(clean, "smtp.example.com");
	assert_int_equal(o.port, 587);
	assert_int_equal(o.security, SD_SEC_STARTTLS);
	assert_int_equal(o.host_len, strlen("smtp.\xE2\x80\x8B" "example.com"));
	assert_true(o.timeout_ms == 10000.0);
}

static void entries_all_rejected(void **state)
{
	sd_probe_opts o;
	char detail[SD_MAILER_DETAIL_MAX], clean[1025];

	(void) state;
	setup_mailer("https://smtp.example.com; ;bad_host", 587, "ssl");
	cfg.timeout = 10;
	plan_it();
	assert_string_equal(codes(), "host_entry_skipped,host_entry_skipped,host_entry_skipped");
	assert_int_equal(sd_mailer_next(&plan), -1);
	assert_int_equal(sd_mailer_conclusion(&plan, &o, detail, sizeof(detail), clean, sizeof(clean)), SD_V_HOST_MALFORMED);
	assert_string_equal(detail, "no entry of Host is usable: illegal character ':' at offset 5; a URL or scheme "
		"does not belong in Host (only ssl:// or tls://, in lower case)");
	assert_string_equal(clean, "smtp.example.com");  /* PHPMailer takes it */
	assert_true(sd_mailer_accepts_host(clean));
	assert_int_equal(o.security, SD_SEC_SMTPS);

	/* a cleaned value PHPMailer would refuse too is not given, except an underscore name, which the
	 * verdict explains */
	setup_mailer("smtp_relay.example.com", 587, "tls");
	plan_it();
	sd_mailer_conclusion(&plan, &o, detail, sizeof(detail), clean, sizeof(clean));
	assert_string_equal(clean, "smtp_relay.example.com");
	setup_mailer("[::1", 587, "tls");
	plan_it();
	assert_int_equal(sd_mailer_next(&plan), -1);
	sd_mailer_conclusion(&plan, &o, detail, sizeof(detail), clean, sizeof(clean));
	assert_string_equal(clean, "");

	/* an empty Host */
	setup_mailer("", 587, "tls");
	plan_it();
	assert_int_equal(sd_mailer_next(&plan), -1);
	assert_int_equal(sd_mailer_conclusion(&plan, &o, detail, sizeof(detail), clean, sizeof(clean)), SD_V_HOST_MALFORMED);
	assert_string_equal(clean, "");
}

static void entries_over_the_limit(void **state)
{
	char host[512] = "";
	int i;

	(void) state;
	for (i = 0; i < 20; i++) {
		snprintf(host + strlen(host), sizeof(host) - strlen(host), "%sh%d.example.com", i ? ";" : "", i);
	}
	setup_mailer(host, 587, "tls");
	cfg.timeout = 10;
	plan_it();
	assert_int_equal(plan.hosts.count, SD_MAILERHOST_MAX_ENTRIES);
	assert_int_equal(plan.hosts.dropped, 4);
	assert_string_equal(codes(), "");  /* host_list_long depends on how the run ends */
	for (i = 0; i < SD_MAILERHOST_MAX_ENTRIES; i++) {
		assert_int_equal(sd_mailer_next(&plan), i);
		sd_mailer_record(&plan, (size_t) i, 0, SD_V_DNS_NOT_FOUND);
	}
	assert_int_equal(sd_mailer_next(&plan), -1);
	/* none of the 16 works: PHPMailer goes on to entries smtpdiag has not examined */
	sd_mailer_finish(&plan);
	sd_mailer_finish(&plan);
	assert_string_equal(codes(), "host_list_long");
	assert_int_equal(finding(SD_F_HOST_LIST_LONG)->severity, SD_SEV_WARNING);
	assert_string_equal(finding(SD_F_HOST_LIST_LONG)->message, "Host lists 20 entries and none of the first 16 "
		"works: PHPMailer goes on to the 4 entries after them, which smtpdiag does not examine, so this report does "
		"not say whether one of them works");

	/* an examined entry works: PHPMailer never reaches the rest */
	plan_it();
	assert_int_equal(sd_mailer_next(&plan), 0);
	sd_mailer_record(&plan, 0, 0, SD_V_DNS_NOT_FOUND);
	assert_int_equal(sd_mailer_next(&plan), 1);
	sd_mailer_record(&plan, 1, 1, SD_V_OK);
	assert_int_equal(sd_mailer_next(&plan), -1);
	sd_mailer_finish(&plan);
	assert_int_equal(finding(SD_F_HOST_LIST_LONG)->severity, SD_SEV_INFO);
	assert_string_equal(finding(SD_F_HOST_LIST_LONG)->message, "Host lists more than 16 entries; only the first 16 "
		"are examined");
}

/* ---- configuration findings ------------------------------------------------------------------ */

static void finding_smtpsecure_ignored(void **state)
{
	(void) state;
	setup_mailer("127.0.0.1", 587, "TLS");
	cfg.timeout = 10;
	plan_it();
	assert_string_equal(codes(), "smtpsecure_ignored");
	assert_string_equal(finding(SD_F_SMTPSECURE_IGNORED)->message, "SMTPSecure 'TLS' means nothing to PHPMailer, "
		"which compares it exactly and uses no required encryption; write $mail->SMTPSecure = "
		"PHPMailer::ENCRYPTION_STARTTLS;");
	assert_int_equal(plan.security[0], SD_SEC_AUTO);

	setup_mailer("127.0.0.1", 465, "1");  /* true */
	cfg.timeout = 10;
	plan_it();
	assert_contains(finding(SD_F_SMTPSECURE_IGNORED)->message, "PHPMailer::ENCRYPTION_SMTPS;");

	setup_mailer("127.0.0.1", 587, "tls");
	cfg.timeout = 10;
	plan_it();
	assert_string_equal(codes(), "");
}

static void finding_port_mode_mismatch(void **state)
{
	(void) state;
	setup_mailer("127.0.0.1", 587, "ssl");
	cfg.timeout = 10;
	plan_it();
	assert_string_equal(codes(), "port_mode_mismatch");
	assert_string_equal(finding(SD_F_PORT_MODE_MISMATCH)->message, "implicit TLS (SMTPSecure 'ssl') on port 587 "
		"never works: 587 speaks STARTTLS; use $mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; or port 465");

	/* per entry: a tls:// entry on 465, whatever SMTPSecure says */
	setup_mailer("tls://mail.example.com:465;mail.example.com", 587, "");
	cfg.timeout = 10;
	plan_it();
	assert_string_equal(codes(), "port_mode_mismatch");
	assert_contains(finding(SD_F_PORT_MODE_MISMATCH)->message, "STARTTLS (SMTPSecure 'tls') on port 465 never works");
}

static void finding_cleartext_configured(void **state)
{
	(void) state;
	setup_mailer("mail.example.com", 25, "");
	cfg.auto_tls = 0;
	cfg.timeout = 10;
	plan_it();
	assert_string_equal(codes(), "cleartext_configured");
	assert_string_equal(finding(SD_F_CLEARTEXT_CONFIGURED)->message, "no SMTPSecure and SMTPAutoTLS off: mail and "
		"passwords to mail.example.com travel in clear text");
	assert_int_equal(plan.security[0], SD_SEC_NONE);
}

static void finding_verification(void **state)
{
	(void) state;
	setup_mailer("mail.example.com", 587, "tls");
	cfg.timeout = 10;
	cfg.smtp_options = 1;
	cfg.ssl.verify_peer = 0;
	cfg.ssl.allow_self_signed = 1;
	plan_it();
	assert_string_equal(codes(), "verification_disabled,self_signed_allowed");
	assert_contains(finding(SD_F_VERIFICATION_DISABLED)->message, "SMTPOptions sets verify_peer false");
	assert_int_equal(finding(SD_F_SELF_SIGNED_ALLOWED)->severity, SD_SEV_INFO);

	cfg.ssl.verify_peer = 1;
	cfg.ssl.verify_peer_name = 0;
	cfg.ssl.allow_self_signed = 0;
	plan_it();
	assert_string_equal(codes(), "verification_disabled");
	assert_contains(finding(SD_F_VERIFICATION_DISABLED)->message, "verify_peer_name false");

	/* the caller's options count as well, and win over SMTPOptions */
	req.opts.verify_peer_name = 1;
	req.given |= SD_MAILER_GIVEN_VERIFY_PEER_NAME;
	plan_it();
	assert_string_equal(codes(), "");
	req.opts.verify_peer = 0;
	req.given |= SD_MAILER_GIVEN_VERIFY_PEER;
	plan_it();
	assert_string_equal(codes(), "verification_disabled");

	/* fsockopen() ignores SMTPOptions: no verification finding from them, smtpoptions_ignored instead */
	setup_mailer("mail.example.com", 587, "tls");
	cfg.timeout = 10;
	cfg.smtp_options = 1;
	cfg.ssl.verify_peer = 0;
	cfg.fsockopen_fallback = 1;
	plan_it();
	assert_string_equal(codes(), "smtpoptions_ignored");
	assert_contains(finding(SD_F_SMTPOPTIONS_IGNORED)->message, "fsockopen(), which ignores SMTPOptions");
}

static void finding_timeout_and_credentials(void **state)
{
	(void) state;
	setup_mailer("mail.example.com", 587, "tls");
	plan_it();  /* Timeout 300, PHPMailer's default */
	assert_string_equal(codes(), "timeout_long");
	assert_string_equal(finding(SD_F_TIMEOUT_LONG)->message, "Timeout is 300 s: a blocked port or a silent server "
		"holds every send that long (and may hit max_execution_time first); 10 to 30 s is plenty");
	cfg.timeout = 59.9;
	plan_it();
	assert_string_equal(codes(), "");

	cfg.smtp_auth = 1;
	plan_it();
	assert_string_equal(finding(SD_F_AUTH_CREDENTIALS_MISSING)->message, "SMTPAuth is on but Username and Password are empty");
	cfg.username = str("user@example.com");
	plan_it();
	assert_string_equal(finding(SD_F_AUTH_CREDENTIALS_MISSING)->message, "SMTPAuth is on but Password is empty");
	cfg.username = str("");
	cfg.password = str("secret");
	plan_it();
	assert_string_equal(finding(SD_F_AUTH_CREDENTIALS_MISSING)->message, "SMTPAuth is on but Username is empty");
	cfg.username = str("user@example.com");
	plan_it();
	assert_string_equal(codes(), "");
	cfg.smtp_auth = 0;
	cfg.username = str("");
	plan_it();
	assert_string_equal(codes(), "");  /* no SMTPAuth: credentials do not matter */
}

static void finding_helo_invalid(void **state)
{
	sd_probe_opts o;

	(void) state;
	setup_mailer("mail.example.com", 587, "tls");
	cfg.timeout = 10;
	cfg.helo = str("mail.example.com\r\nRSET");
	plan_it();
	assert_string_equal(codes(), "helo_invalid");
	assert_contains(finding(SD_F_HELO_INVALID)->message, "Helo \"mail.example.com\\r\\nRSET\" has spaces or control characters");
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_string_equal(o.helo, "mail.example.com");  /* what a server reads as the name */

	cfg.helo = str(" leading");
	plan_it();
	assert_string_equal(codes(), "helo_invalid");
	assert_string_equal(plan.helo, "box.example.net");  /* nothing before the space: serverHostname() */
}

static void finding_smtpoptions_invalid(void **state)
{
	sd_probe_opts o;

	(void) state;
	setup_mailer("mail.example.com", 587, "tls");
	cfg.timeout = 10;
	cfg.smtp_options = 1;
	cfg.bindto.type = SD_MAILER_VAL_STRING;
	cfg.bindto.text = str("10.0.0.1");
	plan_it();
	assert_string_equal(codes(), "smtpoptions_invalid");
	assert_int_equal(finding(SD_F_SMTPOPTIONS_INVALID)->severity, SD_SEV_WARNING);
	assert_string_equal(finding(SD_F_SMTPOPTIONS_INVALID)->message, "SMTPOptions['socket']['bindto'] \"10.0.0.1\" is "
		"not \"ip:port\" or \"[ipv6]:port\": PHP ignores it without a word and connects from the default address; "
		"write \"10.0.0.1:0\"");
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_string_equal(o.bindto, "10.0.0.1");  /* as PHP has it: the engine does not bind it either */

	cfg.bindto.text = str("10.0.0.1:0");
	plan_it();
	assert_string_equal(codes(), "");

	cfg.bindto.type = SD_MAILER_VAL_NULL;
	cfg.bindto.text = str(NULL);
	plan_it();
	assert_contains(finding(SD_F_SMTPOPTIONS_INVALID)->message, "SMTPOptions['socket']['bindto'] is null, not a "
		"string: PHP refuses every connection with it");
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_null(o.bindto);

	setup_mailer("mail.example.com", 587, "tls");
	cfg.timeout = 10;
	cfg.smtp_options = 1;
	cfg.ssl.cafile.type = SD_MAILER_VAL_STRING;
	cfg.ssl.cafile.text = LIT("/etc/ca.pem\0junk");
	cfg.ssl.peer_name.type = SD_MAILER_VAL_ARRAY;
	plan_it();
	assert_string_equal(codes(), "smtpoptions_invalid,smtpoptions_invalid");
	assert_string_equal(plan.config.items[0].message, "SMTPOptions['ssl']['cafile'] \"/etc/ca.pem\\x00junk\" contains "
		"a NUL byte: PHP reads it only up to there, as \"/etc/ca.pem\"; remove what follows");
	assert_string_equal(plan.config.items[1].message, "SMTPOptions['ssl']['peer_name'] is an array: PHP turns it "
		"into the string \"Array\" and uses that; give one string");
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_string_equal(o.cafile, "/etc/ca.pem");
	assert_string_equal(o.peer_name, "Array");
}

/* peer_fingerprint PHP refuses: an empty array (no pair) fails the handshake, it does not match every
 * certificate; a string of another length than 32 or 40 fails too. Both are findings. */
static void fingerprint_php_refuses(void **state)
{
	sd_probe_opts o;

	(void) state;
	setup_mailer("mail.example.com", 465, "ssl");
	cfg.timeout = 10;
	cfg.smtp_options = 1;
	cfg.ssl.fingerprint_type = SD_MAILER_FP_PAIRS;
	cfg.ssl.fingerprint = str("");
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_string_equal(o.fingerprint, "?");
	assert_string_equal(codes(), "smtpoptions_invalid");
	assert_contains(finding(SD_F_SMTPOPTIONS_INVALID)->message, "PHP fails every TLS handshake with it");

	cfg.ssl.fingerprint_type = SD_MAILER_FP_INVALID;
	cfg.ssl.fingerprint = str(NULL);
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_string_equal(o.fingerprint, "?");
	assert_string_equal(codes(), "smtpoptions_invalid");

	cfg.ssl.fingerprint_type = SD_MAILER_FP_STRING;
	cfg.ssl.fingerprint = str("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_string_equal(o.fingerprint, "?");
	assert_contains(finding(SD_F_SMTPOPTIONS_INVALID)->message, "a string of 64 characters");

	cfg.ssl.fingerprint_type = SD_MAILER_FP_PAIRS;
	cfg.ssl.fingerprint = str("sha256:00ff");
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_string_equal(o.fingerprint, "sha256:00ff");
	assert_string_equal(codes(), "");
}

/* What the reader met: an SMTPOptions value taken without conversion, an exception it cleared. */
static void finding_read_problems(void **state)
{
	(void) state;
	setup_mailer("mail.example.com", 587, "tls");
	cfg.timeout = 10;
	cfg.smtpoptions_note = "SMTPOptions['ssl']['verify_depth'] is an object (Closure)";
	cfg.read_error = "Host threw LogicException: no host";
	plan_it();
	assert_string_equal(codes(), "smtpoptions_invalid,mailer_read_error");
	assert_string_equal(plan.config.items[0].message, "SMTPOptions['ssl']['verify_depth'] is an object (Closure)");
	assert_contains(finding(SD_F_MAILER_READ_ERROR)->message, "reading the mailer's Host threw LogicException: no host");
	assert_int_equal(finding(SD_F_MAILER_READ_ERROR)->severity, SD_SEV_WARNING);
}

static void finding_none_for_mailer_not_smtp(void **state)
{
	sd_probe_opts o;
	char detail[SD_MAILER_DETAIL_MAX], clean[1025];

	(void) state;
	setup_mailer("mail.example.com", 587, "tls");
	cfg.mailer = str("sendmail");
	cfg.timeout = 10;
	plan_it();
	assert_int_equal(sd_mailer_next(&plan), -1);
	assert_int_equal(sd_mailer_reported(&plan), -1);
	assert_int_equal(sd_mailer_conclusion(&plan, &o, detail, sizeof(detail), clean, sizeof(clean)), SD_V_MAILER_NOT_SMTP);
	assert_string_equal(detail, "Mailer is 'sendmail'");
	assert_string_equal(clean, "");
	assert_string_equal(o.host, "mail.example.com");
	assert_int_equal(o.port, 587);
	assert_int_equal(o.security, SD_SEC_STARTTLS);
	assert_int_equal(o.verify_depth, -1);
}

/* ---- the reported entry ----------------------------------------------------------------------- */

static void reported_first_ok(void **state)
{
	(void) state;
	setup_mailer("a;b;c", 587, "tls");
	plan_it();
	assert_int_equal(sd_mailer_next(&plan), 0);
	sd_mailer_record(&plan, 0, 0, SD_V_CONNECTION_REFUSED);
	assert_int_equal(sd_mailer_reported(&plan), 0);
	assert_int_equal(sd_mailer_next(&plan), 1);
	sd_mailer_record(&plan, 1, 1, SD_V_OK);
	assert_int_equal(sd_mailer_reported(&plan), 1);
	assert_int_equal(sd_mailer_next(&plan), -1);  /* PHPMailer uses the first entry that works */
	assert_int_equal(plan.probed[2], 0);
}

static void reported_openssl_missing_ends_the_list(void **state)
{
	(void) state;
	setup_mailer("a;ssl://b:465;c", 587, "");
	plan_it();
	assert_int_equal(sd_mailer_next(&plan), 0);
	sd_mailer_record(&plan, 0, 0, SD_V_CONNECTION_REFUSED);
	assert_int_equal(sd_mailer_next(&plan), 1);
	sd_mailer_record(&plan, 1, 0, SD_V_OPENSSL_MISSING);
	/* PHPMailer throws "Extension missing: openssl" there: the list ends, and that is the answer */
	assert_int_equal(sd_mailer_next(&plan), -1);
	assert_int_equal(sd_mailer_reported(&plan), 1);
}

static void reported_first_failure(void **state)
{
	(void) state;
	setup_mailer("bad_host;a;b", 587, "tls");
	plan_it();
	assert_int_equal(sd_mailer_next(&plan), 1);
	sd_mailer_record(&plan, 1, 0, SD_V_PORT_BLOCKED);
	assert_int_equal(sd_mailer_next(&plan), 2);
	sd_mailer_record(&plan, 2, 0, SD_V_CERT_UNTRUSTED);
	assert_int_equal(sd_mailer_next(&plan), -1);
	assert_int_equal(sd_mailer_reported(&plan), 1);
}

/* ---- options per entry ------------------------------------------------------------------------ */

static void opts_timeout_and_helo(void **state)
{
	sd_probe_opts o;

	(void) state;
	setup_mailer("mail.example.com", 587, "tls");
	cfg.timeout = 3;
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_true(o.timeout_ms == 3000.0);         /* the smaller of Timeout and smtpdiag.timeout */
	assert_string_equal(o.helo, "box.example.net");  /* serverHostname(): gethostname() */
	assert_string_equal(o.autotls_host, "mail.example.com");
	assert_int_equal(o.no_localhost_autotls, 0);   /* 6.6.3 */
	assert_int_equal(o.hook_auth_off, 1);
	assert_int_equal(o.verify_depth, -1);
	assert_null(o.fingerprint);

	cfg.timeout = 300;
	cfg.hostname = str("me.example.org");
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_true(o.timeout_ms == 10000.0);
	assert_string_equal(o.helo, "me.example.org");

	cfg.hostname = str("");
	cfg.server_name = "www_site.example";  /* PHPMailer refuses it: localhost.localdomain */
	cfg.version.ptr = NULL;
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_string_equal(o.helo, "localhost.localdomain");

	cfg.localhost_rule = 1;
	cfg.helo = str("helo.example.com");
	req.opts.timeout_ms = 2500.0;
	req.given = SD_MAILER_GIVEN_TIMEOUT;
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_true(o.timeout_ms == 2500.0);          /* the caller's timeout wins */
	assert_string_equal(o.helo, "helo.example.com");
	assert_int_equal(o.no_localhost_autotls, 1);
	req.given |= SD_MAILER_GIVEN_HELO;
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_string_equal(o.helo, "default.example");
}

static void opts_security(void **state)
{
	sd_probe_opts o;

	(void) state;
	setup_mailer("a:465;b", 587, "");
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_int_equal(o.security, SD_SEC_AUTO);
	cfg.auto_tls = 0;
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_int_equal(o.security, SD_SEC_NONE);

	req.opts.security = SD_SEC_STARTTLS;
	req.given = SD_MAILER_GIVEN_SECURITY;
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_int_equal(o.security, SD_SEC_STARTTLS);
	/* 'security' => null: the probe's own default for the entry's port */
	req.given = SD_MAILER_GIVEN_SECURITY_NULL;
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_int_equal(o.security, SD_SEC_SMTPS);
	sd_mailer_entry_opts(&plan, 1, &o);
	assert_int_equal(o.security, SD_SEC_AUTO);
}

static void opts_ssl_context(void **state)
{
	sd_probe_opts o;

	(void) state;
	setup_mailer("ssl://a:465;tls://b:587", 25, "");
	cfg.smtp_options = 1;
	cfg.ssl.verify_peer = 0;
	cfg.ssl.verify_peer_name = 0;
	cfg.ssl.allow_self_signed = 1;
	cfg.ssl.cafile.type = SD_MAILER_VAL_SCALAR;
	cfg.ssl.cafile.text = str("5");
	cfg.ssl.capath.type = SD_MAILER_VAL_STRING;
	cfg.ssl.capath.text = str("/etc/ssl/certs");
	cfg.ssl.peer_name.type = SD_MAILER_VAL_OBJECT;
	cfg.bindto.type = SD_MAILER_VAL_STRING;
	cfg.bindto.text = str("0:0");
	cfg.ssl.has_crypto_method = 1;
	cfg.ssl.crypto_method = 9 | 32;                 /* TLSv1_0_CLIENT | TLSv1_2 */
	cfg.ssl.has_max_proto = 1;
	cfg.ssl.max_proto = 32;
	cfg.ssl.has_verify_depth = 1;
	cfg.ssl.verify_depth = 1000;
	cfg.ssl.fingerprint_type = SD_MAILER_FP_STRING;
	cfg.ssl.fingerprint = str("0123456789abcdef0123456789abcdef01234567");
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_int_equal(o.verify_peer, 0);
	assert_int_equal(o.verify_peer_name, 0);
	assert_int_equal(o.allow_self_signed, 1);
	assert_string_equal(o.cafile, "5");
	assert_string_equal(o.capath, "/etc/ssl/certs");
	assert_null(o.peer_name);
	assert_string_equal(o.bindto, "0:0");
	assert_int_equal(o.min_proto, SD_TLS_V1_0);     /* crypto_method applies to ssl:// */
	assert_int_equal(o.max_proto, SD_TLS_V1_2);
	assert_int_equal(o.verify_depth, 100);
	assert_string_equal(o.fingerprint, "sha1:0123456789abcdef0123456789abcdef01234567");
	sd_mailer_entry_opts(&plan, 1, &o);
	assert_int_equal(o.min_proto, 0);               /* STARTTLS: PHPMailer's own method */
	assert_int_equal(o.max_proto, SD_TLS_V1_2);

	/* the caller's options win */
	req.opts.cafile = "/caller/ca.pem";
	req.opts.verify_peer = 1;
	req.opts.bindto = NULL;
	req.given = SD_MAILER_GIVEN_CAFILE | SD_MAILER_GIVEN_VERIFY_PEER | SD_MAILER_GIVEN_BINDTO;
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_string_equal(o.cafile, "/caller/ca.pem");
	assert_int_equal(o.verify_peer, 1);
	assert_null(o.bindto);
	assert_int_equal(o.verify_peer_name, 0);

	/* crypto_method without a TLS bit: an empty range, the handshake fails as in PHP */
	req.given = 0;
	req.opts.cafile = NULL;
	cfg.ssl.crypto_method = 1;
	cfg.ssl.has_max_proto = 0;
	cfg.ssl.fingerprint = str("abc");
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_int_equal(o.min_proto, SD_TLS_V1_3);
	assert_int_equal(o.max_proto, SD_TLS_V1_0);
	assert_string_equal(o.fingerprint, "?");

	/* fsockopen(): no SMTPOptions at all */
	cfg.fsockopen_fallback = 1;
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_int_equal(o.verify_peer, 1);
	assert_null(o.cafile);
	assert_null(o.bindto);
	assert_int_equal(o.min_proto, 0);
	assert_int_equal(o.verify_depth, -1);
	assert_null(o.fingerprint);
}

static void opts_credentials(void **state)
{
	sd_probe_opts o;

	(void) state;
	setup_mailer("mail.example.com", 587, "tls");
	cfg.smtp_auth = 1;
	cfg.username = str("user@example.com");
	cfg.password = str("secret");
	cfg.auth_type = str("XOAUTH2");
	cfg.oauth_class = str("App\\TokenProvider");
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_int_equal(o.auth, 0);                    /* without check_auth the hook stops before AUTH */
	assert_int_equal(o.hook_auth_off, 0);
	assert_false(sd_mailer_wants_oauth(&cfg, 0));

	req.check_auth = 1;
	assert_true(sd_mailer_wants_oauth(&cfg, 1));
	cfg.oauth64 = "dG9rZW4=";
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_int_equal(o.auth, 1);
	assert_memory_equal(o.username, "user@example.com", o.username_len);
	assert_int_equal(o.password_len, 6);
	assert_string_equal(o.auth_type, "XOAUTH2");
	assert_string_equal(o.oauth64, "dG9rZW4=");

	cfg.auth_type = str("LOGIN");
	assert_false(sd_mailer_wants_oauth(&cfg, 1));   /* PHPMailer asks the provider only for XOAUTH2 */
	cfg.smtp_auth = 0;
	cfg.auth_type = str("");
	assert_false(sd_mailer_wants_oauth(&cfg, 1));
	plan_it();
	sd_mailer_entry_opts(&plan, 0, &o);
	assert_int_equal(o.auth, 0);
}

static void accepts_host(void **state)
{
	(void) state;
	assert_true(sd_mailer_accepts_host("smtp.example.com"));
	assert_true(sd_mailer_accepts_host("127.0.0.1"));
	assert_false(sd_mailer_accepts_host("smtp.example.com:587"));
	assert_false(sd_mailer_accepts_host("a;b"));
	assert_false(sd_mailer_accepts_host("bad_host"));
	assert_false(sd_mailer_accepts_host(""));
	assert_false(sd_mailer_accepts_host(NULL));
	assert_int_equal(sd_mailer_security(SD_MAILERHOST_MODE_NONE, 1), SD_SEC_AUTO);
	assert_int_equal(sd_mailer_security(SD_MAILERHOST_MODE_NONE, 0), SD_SEC_NONE);
	assert_int_equal(sd_mailer_security(SD_MAILERHOST_MODE_STARTTLS, 0), SD_SEC_STARTTLS);
	assert_int_equal(sd_mailer_security(SD_MAILERHOST_MODE_SMTPS, 1), SD_SEC_SMTPS);
}

/* PHPMailer waits for the greeting with SMTP::Timelimit: named when the configuration speaks plain SMTP
 * to port 465, or when the server said nothing; not for implicit TLS, nor once Timelimit is bounded. */
static void finding_timelimit(void **state)
{
	(void) state;
	setup_mailer("smtp.example.com", 465, "tls");
	cfg.timeout = 10;
	cfg.timelimit = 300;
	plan_it();
	assert_non_null(strstr(codes(), "timelimit_long"));
	assert_non_null(strstr(plan.config.items[plan.config.count - 1].message, "SMTP::Timelimit (300 s), not Timeout (10 s)"));
	assert_non_null(strstr(plan.config.items[plan.config.count - 1].message, "$mail->getSMTPInstance()->Timelimit = 10;"));

	setup_mailer("smtp.example.com", 465, "ssl");
	cfg.timeout = 10;
	cfg.timelimit = 300;
	plan_it();
	assert_null(strstr(codes(), "timelimit_long"));

	setup_mailer("smtp.example.com", 465, "tls");
	cfg.timeout = 10;
	cfg.timelimit = 10;
	plan_it();
	assert_null(strstr(codes(), "timelimit_long"));

	/* a server on 2525 that never greets a STARTTLS client: said after the run */
	setup_mailer("smtp.example.com", 2525, "tls");
	cfg.timeout = 10;
	cfg.timelimit = 300;
	plan_it();
	assert_null(strstr(codes(), "timelimit_long"));
	assert_int_equal(sd_mailer_next(&plan), 0);
	sd_mailer_record(&plan, 0, 0, SD_V_TLS_MODE_MISMATCH);
	sd_mailer_finish(&plan);
	assert_non_null(strstr(codes(), "timelimit_long"));
	assert_true(sd_mailer_timelimit_applies(&plan, 0, SD_V_NO_GREETING));
	assert_false(sd_mailer_timelimit_applies(&plan, 0, SD_V_CONNECTION_REFUSED));
}

/* PHPMailer's own timed-out connect proves a dropped port for a Host of one usable entry. */
static void explain_recorded_timeout(void **state)
{
	sd_mailer_evidence ev = { "Failed to connect to server", "110", "Connection timed out", 0 };
	char detail[512];

	(void) state;
	setup_mailer("smtp.example.com", 587, "tls");
	cfg.timeout = 5;
	plan_it();
	assert_int_equal(sd_mailer_recorded_timeout(&plan, &ev, detail, sizeof(detail)), 0);
	assert_non_null(strstr(detail, "timed out after 5 s (Connection timed out (110))"));
	ev.smtp_code = "";
	assert_int_equal(sd_mailer_recorded_timeout(&plan, &ev, detail, sizeof(detail)), 0);
	ev.smtp_code_ex = "Connection refused";
	ev.smtp_code = "111";
	assert_int_equal(sd_mailer_recorded_timeout(&plan, &ev, detail, sizeof(detail)), -1);
	assert_int_equal(sd_mailer_recorded_timeout(&plan, NULL, detail, sizeof(detail)), -1);

	/* two entries: which one timed out is not known, so both are probed */
	setup_mailer("a.example.com;b.example.com", 587, "tls");
	plan_it();
	ev.smtp_code = "110";
	assert_int_equal(sd_mailer_recorded_timeout(&plan, &ev, detail, sizeof(detail)), -1);
}

/* The explanation's budget: shared among the entries; only the sniff's time after silence. */
static void explain_budget(void **state)
{
	sd_mailer_evidence silent = { NULL, NULL, NULL, 1 };

	(void) state;
	setup_mailer("a.example.com;b.example.com", 587, "tls");
	plan_it();
	assert_true(sd_mailer_explain_budget_ms(&plan, NULL, 5000.0) == 2500.0);
	setup_mailer("a.example.com", 587, "tls");
	plan_it();
	assert_true(sd_mailer_explain_budget_ms(&plan, NULL, 5000.0) == 5000.0);
	assert_true(sd_mailer_explain_budget_ms(&plan, &silent, 5000.0) == 2500.0);
	assert_true(sd_mailer_explain_budget_ms(&plan, &silent, 2000.0) == 2000.0);
	assert_true(sd_mailer_explain_budget_ms(&plan, &silent, 4000.0) == 2500.0);
	assert_true(sd_mailer_explain_budget_ms(&plan, &silent, 20000.0) == 10000.0);  /* half a longer one */
	/* after silence PHPMailer waited through, the sniff comes at once; otherwise after the usual wait */
	assert_true(sd_mailer_explain_sniff_ms(&silent, 1000.0) == 100.0);
	assert_true(sd_mailer_explain_sniff_ms(NULL, 1000.0) == 1000.0);
	assert_true(sd_mailer_explain_sniff_ms(&silent, 50.0) == 50.0);
}

/* The error log's line and the suffix of ErrorInfo and the exception. */
static void explain_texts(void **state)
{
	char line[1024], suffix[256];

	(void) state;
	setup_mailer("smtp.example.com", 465, "tls");
	cfg.timeout = 5;
	cfg.timelimit = 300;
	plan_it();
	sd_mailer_explain_line(line, sizeof(line), &plan, 0, "smtp.example.com", 465, SD_V_TLS_MODE_MISMATCH,
		"it expects implicit TLS", "$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;");
	assert_string_equal(line, "smtpdiag: smtp.example.com:465: tls_mode_mismatch: it expects implicit TLS Fix: "
		"$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; Note: PHPMailer waited up to SMTP::Timelimit (300 s), "
		"not Timeout (5 s), for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = 5;");
	sd_mailer_explain_line(line, sizeof(line), &plan, 0, "smtp.example.com", 465, SD_V_CONNECTION_REFUSED,
		"refused", NULL);
	assert_string_equal(line, "smtpdiag: smtp.example.com:465: connection_refused: refused");
	sd_mailer_explain_line(line, 40, &plan, 0, "smtp.example.com", 465, SD_V_CONNECTION_REFUSED, "refused", "x");
	assert_int_equal(strlen(line), 39);
	sd_mailer_explain_suffix(suffix, sizeof(suffix), SD_V_PORT_BLOCKED, "dropped");
	assert_string_equal(suffix, " smtpdiag: port_blocked: dropped");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(entries_in_order),
		cmocka_unit_test(entries_skipped_with_reason),
		cmocka_unit_test(entries_invisible),
		cmocka_unit_test(entries_all_rejected),
		cmocka_unit_test(entries_over_the_limit),
		cmocka_unit_test(finding_smtpsecure_ignored),
		cmocka_unit_test(finding_port_mode_mismatch),
		cmocka_unit_test(finding_cleartext_configured),
		cmocka_unit_test(finding_verification),
		cmocka_unit_test(finding_timeout_and_credentials),
		cmocka_unit_test(finding_helo_invalid),
		cmocka_unit_test(finding_smtpoptions_invalid),
		cmocka_unit_test(finding_none_for_mailer_not_smtp),
		cmocka_unit_test(reported_first_ok),
		cmocka_unit_test(reported_openssl_missing_ends_the_list),
		cmocka_unit_test(reported_first_failure),
		cmocka_unit_test(opts_timeout_and_helo),
		cmocka_unit_test(opts_security),
		cmocka_unit_test(opts_ssl_context),
		cmocka_unit_test(opts_credentials),
		cmocka_unit_test(fingerprint_php_refuses),
		cmocka_unit_test(finding_read_problems),
		cmocka_unit_test(accepts_host),
		cmocka_unit_test(finding_timelimit),
		cmocka_unit_test(explain_recorded_timeout),
		cmocka_unit_test(explain_budget),
		cmocka_unit_test(explain_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
