/* smtpdiag: what smtpdiag_phpmailer() decides about one PHPMailer configuration (see sd_mailer.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/engine/sd_host.h"
#include "src/engine/sd_mailer.h"
#include "src/engine/sd_net.h"
#include "src/engine/sd_text.h"
#include "src/engine/sd_tls.h"

/* SMTPOptions as seen when PHPMailer falls back to fsockopen(): none of them applies. */
static const sd_mailer_ssl no_ssl = { -1, -1, -1, { SD_MAILER_VAL_UNSET, { NULL, 0 } },
	{ SD_MAILER_VAL_UNSET, { NULL, 0 } }, { SD_MAILER_VAL_UNSET, { NULL, 0 } }, 0, 0, 0, 0, 0, 0, 0, 0,
	SD_MAILER_FP_UNSET, { NULL, 0 } };
static const sd_mailer_ctxopt no_opt = { SD_MAILER_VAL_UNSET, { NULL, 0 } };

#define SSL_OF(p) ((p)->cfg->fsockopen_fallback ? &no_ssl : &(p)->cfg->ssl)
#define BINDTO_OF(p) ((p)->cfg->fsockopen_fallback ? &no_opt : &(p)->cfg->bindto)

sd_security sd_mailer_security(sd_mailerhost_mode mode, int auto_tls)
{
	switch (mode) {
		case SD_MAILERHOST_MODE_SMTPS: return SD_SEC_SMTPS;
		case SD_MAILERHOST_MODE_STARTTLS: return SD_SEC_STARTTLS;
		case SD_MAILERHOST_MODE_NONE: break;
	}
	return auto_tls ? SD_SEC_AUTO : SD_SEC_NONE;
}

int sd_mailer_accepts_host(const char *name)
{
	sd_mailerhost_result *r;
	int ok;

	if (name == NULL || !name[0] || strchr(name, ';') != NULL) {
		return 0;
	}
	r = malloc(sizeof(*r));
	if (r == NULL) {
		return 0;
	}
	ok = sd_mailerhost_parse(name, strlen(name), "", 0, 25, r) == 1 && r->count == 1
		&& r->entries[0].host.len == strlen(name);
	free(r);
	return ok;
}

int sd_mailer_wants_oauth(const sd_mailer_config *c, int check_auth)
{
	return check_auth && c->smtp_auth && c->oauth_class.ptr != NULL
		&& (c->auth_type.len == 0 || (c->auth_type.len == 7 && memcmp(c->auth_type.ptr, "XOAUTH2", 7) == 0));
}

int sd_mailer_uses_password(const sd_mailer_config *c, const sd_mailer_request *req)
{
	return req->check_auth && c->smtp_auth && !req->opts.auth;
}

/* PHPMailer's serverHostname(): Hostname, else $_SERVER['SERVER_NAME'], else gethostname(); a value
 * isValidHost() refuses becomes 'localhost.localdomain'. */
static void server_hostname(const sd_mailer_config *c, char *out, size_t cap)
{
	const char *name = c->hostname.len ? c->hostname.ptr : c->server_name ? c->server_name : c->machine_name;

	snprintf(out, cap, "%s", sd_mailer_accepts_host(name) ? name : "localhost.localdomain");
}

/* PHPMailer sends Helo unchecked; the probe sends what a server reads as the name: what comes before
 * the first space or control character, else serverHostname(). */
static void plan_helo(sd_mailer_plan *p)
{
	const sd_mailer_bytes *h = &p->cfg->helo;
	size_t k;

	if (h->len == 0) {
		server_hostname(p->cfg, p->helo, sizeof(p->helo));
		return;
	}
	snprintf(p->helo, sizeof(p->helo), "%s", h->ptr);
	for (k = 0; k < h->len; k++) {
		unsigned char c = (unsigned char) h->ptr[k];
		if (c <= ' ' || c >= 0x7f) {
			p->helo_dirty = 1;
			p->helo[k < sizeof(p->helo) ? k : sizeof(p->helo) - 1] = '\0';
			break;
		}
	}
	if (p->helo[0] == '\0') {
		server_hostname(p->cfg, p->helo, sizeof(p->helo));
	}
}

/* peer_fingerprint as PHP checks it: 32 hex digits are MD5, 40 are SHA-1, an array maps algorithms to
 * digests; anything else fails the handshake ("?" matches nothing). */
static void plan_fingerprint(sd_mailer_plan *p)
{
	const sd_mailer_ssl *s = SSL_OF(p);
	const char *algo;

	switch (s->fingerprint_type) {
		case SD_MAILER_FP_UNSET:
			p->fingerprint_spec = NULL;
			return;
		case SD_MAILER_FP_PAIRS:
			if (s->fingerprint.ptr && s->fingerprint.ptr[0]) {
				p->fingerprint_spec = s->fingerprint.ptr;
				return;
			}
			/* no pair: PHP refuses the array ("Invalid peer_fingerprint array") */
			snprintf(p->fingerprint, sizeof(p->fingerprint), "?");
			break;
		case SD_MAILER_FP_STRING:
			algo = s->fingerprint.len == 32 ? "md5" : s->fingerprint.len == 40 ? "sha1" : NULL;
			if (algo && s->fingerprint.ptr && strpbrk(s->fingerprint.ptr, ":,") == NULL) {
				snprintf(p->fingerprint, sizeof(p->fingerprint), "%s:%s", algo, s->fingerprint.ptr);
				break;
			}
			/* fall through */
		case SD_MAILER_FP_INVALID:
			snprintf(p->fingerprint, sizeof(p->fingerprint), "?");
			break;
	}
	p->fingerprint_spec = p->fingerprint;
}

/* PHP's crypto_method bits (STREAM_CRYPTO_METHOD_TLSv1_x_CLIENT without the client bit) and
 * STREAM_CRYPTO_PROTO_TLSv1_x: 8, 16, 32, 64 for TLS 1.0 to 1.3. */
static int proto_of_bit(long bit)
{
	return bit == 8 ? SD_TLS_V1_0 : bit == 16 ? SD_TLS_V1_1 : bit == 32 ? SD_TLS_V1_2 : SD_TLS_V1_3;
}

/* The TLS range PHP uses for an entry: ssl:// takes crypto_method from the context; STARTTLS uses
 * the method PHPMailer passes itself. min_proto_version and max_proto_version apply to both. */
static void entry_protos(const sd_mailer_ssl *s, sd_mailerhost_mode mode, int *min, int *max)
{
	long b;

	*min = 0;
	*max = 0;
	if (mode == SD_MAILERHOST_MODE_SMTPS && s->has_crypto_method && s->crypto_method >= 0) {
		long bits = s->crypto_method & (8 | 16 | 32 | 64);
		*min = SD_TLS_V1_3;
		*max = SD_TLS_V1_0;  /* no bit: PHP's range is empty and the handshake fails */
		for (b = 8; b <= 64; b <<= 1) {
			if (bits & b) {
				*min = proto_of_bit(b);
				break;
			}
		}
		for (b = 64; b >= 8; b >>= 1) {
			if (bits & b) {
				*max = proto_of_bit(b);
				break;
			}
		}
	}
	if (s->has_min_proto) {
		*min = proto_of_bit(s->min_proto);
	}
	if (s->has_max_proto) {
		*max = proto_of_bit(s->max_proto);
	}
}

/* A string context option as PHP's C code reads it: a scalar's string up to its first NUL byte; an
 * array as "Array" (PHP converts it, with a warning); NULL for null, an object, or no key. */
static const char *ctx_string(const sd_mailer_ctxopt *o)
{
	switch (o->type) {
		case SD_MAILER_VAL_STRING:
		case SD_MAILER_VAL_SCALAR:
			return o->text.ptr ? o->text.ptr : "";
		case SD_MAILER_VAL_ARRAY:
			return "Array";
		default:
			return NULL;
	}
}

/* What every entry's probe shares: the caller's options over the mailer's settings. */
static void base_opts(const sd_mailer_plan *p, sd_probe_opts *o)
{
	const sd_mailer_config *c = p->cfg;
	const sd_mailer_ssl *s = SSL_OF(p);
	const sd_mailer_ctxopt *bindto = BINDTO_OF(p);
	unsigned given = p->req->given;
	const char *v;

	*o = p->req->opts;
	if (!(given & SD_MAILER_GIVEN_TIMEOUT) && c->timeout > 0 && c->timeout * 1000.0 < o->timeout_ms) {
		o->timeout_ms = c->timeout * 1000.0;
	}
	if (!(given & SD_MAILER_GIVEN_HELO)) {
		o->helo = p->helo;
	}
	if (!(given & SD_MAILER_GIVEN_VERIFY_PEER) && s->verify_peer >= 0) {
		o->verify_peer = s->verify_peer;
	}
	if (!(given & SD_MAILER_GIVEN_VERIFY_PEER_NAME) && s->verify_peer_name >= 0) {
		o->verify_peer_name = s->verify_peer_name;
	}
	if (!(given & SD_MAILER_GIVEN_ALLOW_SELF_SIGNED) && s->allow_self_signed >= 0) {
		o->allow_self_signed = s->allow_self_signed;
	}
	if (!(given & SD_MAILER_GIVEN_CAFILE) && (v = ctx_string(&s->cafile)) != NULL) {
		o->cafile = v;
	}
	if (!(given & SD_MAILER_GIVEN_CAPATH) && (v = ctx_string(&s->capath)) != NULL) {
		o->capath = v;
	}
	if (!(given & SD_MAILER_GIVEN_PEER_NAME) && (v = ctx_string(&s->peer_name)) != NULL) {
		o->peer_name = v;
	}
	if (!(given & SD_MAILER_GIVEN_BINDTO) && bindto->type == SD_MAILER_VAL_STRING) {
		/* passed as PHP has it: an address PHP cannot parse is not bound, as in PHP */
		o->bindto = bindto->text.ptr;
	}
	o->verify_depth = !s->has_verify_depth ? -1 : s->verify_depth < 0 ? 0 : s->verify_depth > 100 ? 100
		: (int) s->verify_depth;
	o->fingerprint = p->fingerprint_spec;
	o->hook_auth_off = !c->smtp_auth;
	if (!o->auth && sd_mailer_uses_password(c, p->req)) {
		/* authenticate() as smtpConnect() calls it: Username, Password, AuthType and the OAuth provider */
		o->auth = 1;
		o->username = c->username.ptr ? c->username.ptr : "";
		o->username_len = c->username.len;
		o->password = c->password.ptr ? c->password.ptr : "";
		o->password_len = c->password.len;
		o->auth_type = c->auth_type.ptr ? c->auth_type.ptr : "";
		o->oauth64 = c->oauth64;
		o->oauth_error = c->oauth_error;
		o->password_is_token = 0;
	}
	o->autotls_host = c->host.ptr;
	o->no_localhost_autotls = c->localhost_rule;
}

void sd_mailer_entry_opts(const sd_mailer_plan *p, size_t i, sd_probe_opts *o)
{
	const sd_mailerhost_entry *e = &p->hosts.entries[i];
	unsigned given = p->req->given;

	base_opts(p, o);
	if (given & SD_MAILER_GIVEN_SECURITY_NULL) {
		o->security = e->connect_port == 465 ? SD_SEC_SMTPS : SD_SEC_AUTO;
	} else if (!(given & SD_MAILER_GIVEN_SECURITY)) {
		o->security = p->security[i];
	}
	o->host = e->host.ptr;
	o->host_len = e->host.len;
	o->port = (int) e->connect_port;
	entry_protos(SSL_OF(p), e->mode, &o->min_proto, &o->max_proto);
}

/* ---- configuration findings ------------------------------------------------------------------ */

/* SMTPSecure, and each usable entry's port and mode. */
static void findings_entries(sd_mailer_plan *p)
{
	const sd_mailer_config *c = p->cfg;
	sd_mailerhost_secure_hint hint;
	size_t i;

	if (sd_mailerhost_secure_check(c->secure.ptr, c->secure.len, c->port, &hint)) {
		sd_findings_add(&p->config, SD_F_SMTPSECURE_IGNORED, SD_SEV_WARNING, "SMTPSecure '%s' means nothing to "
			"PHPMailer, which compares it exactly and uses no required encryption; write $mail->SMTPSecure = %s;",
			c->secure.ptr ? c->secure.ptr : "", hint.constant);
	}
	for (i = 0; i < p->hosts.count; i++) {
		const sd_mailerhost_entry *e = &p->hosts.entries[i];
		if (e->skip != SD_MAILERHOST_SKIP_NONE) {
			continue;
		}
		if (e->mode == SD_MAILERHOST_MODE_SMTPS && e->connect_port == 587) {
			sd_findings_add(&p->config, SD_F_PORT_MODE_MISMATCH, SD_SEV_WARNING, "implicit TLS (SMTPSecure "
				"'ssl') on port 587 never works: 587 speaks STARTTLS; use $mail->SMTPSecure = "
				"PHPMailer::ENCRYPTION_STARTTLS; or port 465");
		} else if (e->mode == SD_MAILERHOST_MODE_STARTTLS && e->connect_port == 465) {
			sd_findings_add(&p->config, SD_F_PORT_MODE_MISMATCH, SD_SEV_WARNING, "STARTTLS (SMTPSecure 'tls') "
				"on port 465 never works: 465 expects implicit TLS; use $mail->SMTPSecure = "
				"PHPMailer::ENCRYPTION_SMTPS; or port 587");
		} else if (e->mode == SD_MAILERHOST_MODE_NONE && !c->auto_tls) {
			sd_findings_add(&p->config, SD_F_CLEARTEXT_CONFIGURED, SD_SEV_WARNING, "no SMTPSecure and SMTPAutoTLS "
				"off: mail and passwords to %.*s travel in clear text", (int) e->host.len, e->host.ptr);
		}
	}
}

/* Certificate checks turned off, by SMTPOptions or by the caller's options. */
static void findings_verification(sd_mailer_plan *p)
{
	sd_probe_opts o;

	base_opts(p, &o);
	if (!o.verify_peer) {
		sd_findings_add(&p->config, SD_F_VERIFICATION_DISABLED, SD_SEV_WARNING, "SMTPOptions sets verify_peer "
			"false: any certificate is accepted, so anyone on the path can read mail and passwords; trust the "
			"right CA with 'cafile' instead");
	} else if (!o.verify_peer_name) {
		sd_findings_add(&p->config, SD_F_VERIFICATION_DISABLED, SD_SEV_WARNING, "SMTPOptions sets "
			"verify_peer_name false: a certificate for any name is accepted; set 'peer_name' to the "
			"certificate's name instead");
	}
	if (o.allow_self_signed) {
		sd_findings_add(&p->config, SD_F_SELF_SIGNED_ALLOWED, SD_SEV_INFO, "SMTPOptions allows self-signed "
			"certificates");
	}
}

/* One string option of SMTPOptions that PHP reads otherwise than it is written. */
static void invalid_string_opt(sd_findings *f, const char *group, const char *key, const sd_mailer_ctxopt *o)
{
	char shown[160], used[160];

	if ((o->type == SD_MAILER_VAL_STRING || o->type == SD_MAILER_VAL_SCALAR) && o->text.ptr
			&& strlen(o->text.ptr) != o->text.len) {
		sd_text_escape(o->text.ptr, o->text.len, shown, sizeof(shown));
		sd_text_escape(o->text.ptr, strlen(o->text.ptr), used, sizeof(used));
		sd_findings_add(f, SD_F_SMTPOPTIONS_INVALID, SD_SEV_WARNING, "SMTPOptions['%s']['%s'] \"%s\" contains a "
			"NUL byte: PHP reads it only up to there, as \"%s\"; remove what follows", group, key, shown, used);
	} else if (o->type == SD_MAILER_VAL_ARRAY) {
		sd_findings_add(f, SD_F_SMTPOPTIONS_INVALID, SD_SEV_WARNING, "SMTPOptions['%s']['%s'] is an array: PHP "
			"turns it into the string \"Array\" and uses that; give one string", group, key);
	}
}

/* peer_fingerprint PHP cannot use: every TLS handshake fails with it. */
static void invalid_fingerprint(sd_findings *f, const sd_mailer_ssl *s)
{
	if (s->fingerprint_type == SD_MAILER_FP_INVALID
			|| (s->fingerprint_type == SD_MAILER_FP_PAIRS && (s->fingerprint.ptr == NULL || !s->fingerprint.ptr[0]))) {
		sd_findings_add(f, SD_F_SMTPOPTIONS_INVALID, SD_SEV_WARNING, "SMTPOptions['ssl']['peer_fingerprint'] is "
			"neither a digest string nor a non-empty array of algorithm => digest strings: PHP fails every TLS "
			"handshake with it (\"Invalid peer_fingerprint array\" or \"Expected peer fingerprint must be a "
			"string or an array\", then \"peer_fingerprint match failure\"), so PHPMailer connects to no TLS "
			"entry; give ['sha256' => 'hex digest'] or remove the key");
	} else if (s->fingerprint_type == SD_MAILER_FP_STRING && s->fingerprint.len != 32 && s->fingerprint.len != 40) {
		sd_findings_add(f, SD_F_SMTPOPTIONS_INVALID, SD_SEV_WARNING, "SMTPOptions['ssl']['peer_fingerprint'] is a "
			"string of %zu characters: PHP takes a string only as an MD5 (32 hex digits) or SHA-1 (40) digest and "
			"fails every TLS handshake with any other (\"peer_fingerprint match failure\"); give ['sha256' => "
			"'hex digest']", s->fingerprint.len);
	}
}

/* bindto: PHP connects unbound from an address it cannot parse, and refuses a value not a string. */
static void invalid_bindto(sd_findings *f, const sd_mailer_ctxopt *o)
{
	static const char *const types[] = { "unset", "null", "a string", "a number or a boolean", "an array",
		"an object" };
	char shown[160];
	sd_net_bindto bt;

	if (o->type == SD_MAILER_VAL_UNSET) {
		return;
	}
	if (o->type != SD_MAILER_VAL_STRING) {
		sd_findings_add(f, SD_F_SMTPOPTIONS_INVALID, SD_SEV_WARNING, "SMTPOptions['socket']['bindto'] is %s, not a "
			"string: PHP refuses every connection with it (\"local_addr context option is not a string.\"), so "
			"PHPMailer connects to no Host entry; the probe here ran without it. Remove the key, or give "
			"\"ip:port\" ('0:0' for any IPv4 address)", types[o->type]);
		return;
	}
	sd_text_escape(o->text.ptr, o->text.len, shown, sizeof(shown));
	if (strlen(o->text.ptr) != o->text.len) {
		invalid_string_opt(f, "socket", "bindto", o);
	} else if (o->text.len && sd_net_bindto_parse(o->text.ptr, &bt) != 0) {
		sd_findings_add(f, SD_F_SMTPOPTIONS_INVALID, SD_SEV_WARNING, "SMTPOptions['socket']['bindto'] \"%s\" is not "
			"\"ip:port\" or \"[ipv6]:port\": PHP ignores it without a word and connects from the default "
			"address; write \"%s:0\"", shown, shown);
	}
}

/* PHPMailer waits for the greeting and each reply with SMTP::Timelimit (stream_select() in get_lines()),
 * not Timeout: a server that waits for the client to speak first (an implicit-TLS port reached in plain
 * text) holds send() that long. */
static void timelimit_finding(sd_mailer_plan *p, const char *why)
{
	const sd_mailer_config *c = p->cfg;
	double bound = c->timeout > 0 && c->timeout < 30 ? c->timeout : 10;

	sd_findings_add(&p->config, SD_F_TIMELIMIT_LONG, SD_SEV_WARNING, "PHPMailer waits for the greeting and "
		"every reply for SMTP::Timelimit (%.0f s), not Timeout (%.0f s), and %s: a server that waits for "
		"TLS first holds send() for %.0f s; bound it with $mail->getSMTPInstance()->Timelimit = %.0f;",
		c->timelimit, c->timeout, why, c->timelimit, bound);
	p->timelimit_said = 1;
}

/* A plain or STARTTLS entry on port 465, where the server waits for a TLS ClientHello. */
static void findings_timelimit(sd_mailer_plan *p)
{
	size_t i;

	if (!(p->cfg->timelimit > p->cfg->timeout) || p->conclusion != SD_V_OK) {
		return;
	}
	for (i = 0; i < p->hosts.count; i++) {
		const sd_mailerhost_entry *e = &p->hosts.entries[i];
		if (e->skip == SD_MAILERHOST_SKIP_NONE && e->connect_port == 465 && e->mode != SD_MAILERHOST_MODE_SMTPS) {
			timelimit_finding(p, "this entry speaks plain SMTP to port 465");
			return;
		}
	}
}

/* The settings PHPMailer takes without a word. */
static void findings_settings(sd_mailer_plan *p)
{
	const sd_mailer_config *c = p->cfg;
	const sd_mailer_ssl *s = SSL_OF(p);

	if (c->timeout >= 60) {
		sd_findings_add(&p->config, SD_F_TIMEOUT_LONG, SD_SEV_WARNING, "Timeout is %.0f s: a blocked port or a "
			"silent server holds every send that long (and may hit max_execution_time first); 10 to 30 s is "
			"plenty", c->timeout);
	}
	if (c->smtp_auth && (c->username.len == 0 || c->password.len == 0)) {
		sd_findings_add(&p->config, SD_F_AUTH_CREDENTIALS_MISSING, SD_SEV_WARNING, "SMTPAuth is on but %s empty",
			c->username.len == 0 && c->password.len == 0 ? "Username and Password are"
			: c->username.len == 0 ? "Username is" : "Password is");
	}
	if (c->fsockopen_fallback && c->smtp_options) {
		sd_findings_add(&p->config, SD_F_SMTPOPTIONS_IGNORED, SD_SEV_WARNING, "stream_socket_client() is "
			"disabled, so PHPMailer connects with fsockopen(), which ignores SMTPOptions (CA file, "
			"verification settings, bindto)");
	}
	invalid_string_opt(&p->config, "ssl", "cafile", &s->cafile);
	invalid_string_opt(&p->config, "ssl", "capath", &s->capath);
	invalid_string_opt(&p->config, "ssl", "peer_name", &s->peer_name);
	invalid_bindto(&p->config, BINDTO_OF(p));
	invalid_fingerprint(&p->config, s);
	if (c->smtpoptions_note != NULL) {
		sd_findings_add(&p->config, SD_F_SMTPOPTIONS_INVALID, SD_SEV_WARNING, "%s", c->smtpoptions_note);
	}
	if (c->read_error != NULL) {
		sd_findings_add(&p->config, SD_F_MAILER_READ_ERROR, SD_SEV_WARNING, "reading the mailer's %s (the "
			"application's code ran: a __get, a __toString or an error handler); smtpdiag cleared the exception "
			"and went on with the value PHP's conversion gives; PHPMailer runs the same code when it sends",
			c->read_error);
	}
	if (p->helo_dirty) {
		char shown[256];
		sd_text_escape(c->helo.ptr, c->helo.len, shown, sizeof(shown));
		sd_findings_add(&p->config, SD_F_HELO_INVALID, SD_SEV_WARNING, "Helo \"%s\" has spaces or control "
			"characters; PHPMailer sends it as it is, and a strict server refuses the EHLO (a line break even "
			"starts a second command); set $mail->Helo to this machine's host name", shown);
	}
}

/* Each entry PHPMailer skips, and what its debug output says about it. */
static void findings_skipped(sd_mailer_plan *p)
{
	size_t i;

	for (i = 0; i < p->hosts.count; i++) {
		const sd_mailerhost_entry *e = &p->hosts.entries[i];
		char debug[SD_MAILERHOST_CONNECT_LEN + 32], shown[SD_MAILERHOST_CONNECT_LEN + 32];

		if (e->skip == SD_MAILERHOST_SKIP_NONE) {
			continue;
		}
		sd_mailerhost_debug_text(e, debug, sizeof(debug));
		sd_text_escape(e->trimmed.ptr, e->trimmed.len, shown, sizeof(shown));
		sd_findings_add(&p->config, SD_F_HOST_ENTRY_SKIPPED, SD_SEV_WARNING, "PHPMailer skips Host entry \"%s\" "
			"(%s); it says only \"%s\" in its debug output", shown, e->reason, debug);
	}
}

void sd_mailer_plan_init(sd_mailer_plan *p, const sd_mailer_config *cfg, const sd_mailer_request *req)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->req = req;
	p->reported = -1;
	sd_mailerhost_parse_php(cfg->host.ptr, cfg->host.len, cfg->secure.ptr, cfg->secure.len, cfg->port,
		cfg->php_version_id, &p->hosts);
	for (i = 0; i < p->hosts.count; i++) {
		p->security[i] = sd_mailer_security(p->hosts.entries[i].mode, cfg->auto_tls);
	}
	plan_helo(p);
	plan_fingerprint(p);
	p->conclusion = cfg->mailer.len == 4 && memcmp(cfg->mailer.ptr, "smtp", 4) == 0 ? SD_V_OK
		: SD_V_MAILER_NOT_SMTP;
	findings_entries(p);
	findings_verification(p);
	findings_settings(p);
	findings_timelimit(p);
	findings_skipped(p);
}

/* ---- the run ---------------------------------------------------------------------------------- */

int sd_mailer_next(sd_mailer_plan *p)
{
	if (p->conclusion != SD_V_OK || p->stopped) {
		return -1;
	}
	while (p->next < p->hosts.count) {
		size_t i = p->next++;
		if (p->hosts.entries[i].skip == SD_MAILERHOST_SKIP_NONE) {
			return (int) i;
		}
	}
	return -1;
}

void sd_mailer_record(sd_mailer_plan *p, size_t i, int ok, sd_code verdict)
{
	if (i >= p->hosts.count) {
		return;
	}
	p->probed[i] = 1;
	p->verdicts[i] = verdict;
	if (ok || verdict == SD_V_OPENSSL_MISSING) {
		/* the first entry that works is used; PHPMailer throws "Extension missing: openssl" out of the
		 * whole list at the entry that needs TLS */
		p->reported = (int) i;
		p->stopped = 1;
	} else if (p->reported < 0) {
		/* every entry failing: the first failure is the one to fix first */
		p->reported = (int) i;
	}
}

int sd_mailer_reported(const sd_mailer_plan *p)
{
	return p->reported;
}

/* Entries past SD_MAILERHOST_MAX_ENTRIES are not examined. That matters only when PHPMailer would reach
 * them: the list did not end at an examined entry. */
void sd_mailer_finish(sd_mailer_plan *p)
{
	size_t dropped = p->hosts.dropped;

	if (p->finished) {
		return;
	}
	p->finished = 1;
	if (!p->timelimit_said && p->reported >= 0
			&& sd_mailer_timelimit_applies(p, p->reported, p->verdicts[p->reported])) {
		timelimit_finding(p, "the server here said nothing");
	}
	if (dropped == 0) {
		return;
	}
	if (p->conclusion != SD_V_OK || p->stopped) {
		sd_findings_add(&p->config, SD_F_HOST_LIST_LONG, SD_SEV_INFO, "Host lists more than %d entries; only the "
			"first %d are examined", SD_MAILERHOST_MAX_ENTRIES, SD_MAILERHOST_MAX_ENTRIES);
		return;
	}
	sd_findings_add(&p->config, SD_F_HOST_LIST_LONG, SD_SEV_WARNING, "Host lists %zu entries and none of the first "
		"%d works: PHPMailer goes on to the %zu entr%s after them, which smtpdiag does not examine, so this report "
		"does not say whether one of them works", p->hosts.count + dropped, SD_MAILERHOST_MAX_ENTRIES, dropped,
		dropped == 1 ? "y" : "ies");
}

/* No entry survived PHPMailer's checks: it ends in its generic error. The fix proposes a cleaned first
 * entry only when PHPMailer would take it; a name with an underscore, which it never takes, goes to the
 * verdict's text to be explained rather than proposed. */
static void malformed(const sd_mailer_plan *p, char *detail, size_t cap, char *clean, size_t clean_cap)
{
	const sd_mailer_config *c = p->cfg;
	const sd_mailerhost_entry *e = p->hosts.count ? &p->hosts.entries[0] : NULL;
	sd_mailerhost_invisible inv;
	sd_host_result *h;

	if (sd_mailerhost_find_invisible(c->host.ptr, c->host.len, &inv, 1) > 0) {
		snprintf(detail, cap, "it contains an invisible character, U+%04lX %s, at byte %zu: PHPMailer's trim() "
			"keeps it and the host is refused", inv.codepoint, inv.name, inv.offset);
	} else {
		snprintf(detail, cap, "no entry of Host is usable%s%s", e ? ": " : "", e ? e->reason : "");
	}
	if (e == NULL || (h = malloc(sizeof(*h))) == NULL) {
		return;
	}
	sd_host_check(e->trimmed.ptr, e->trimmed.len, h);
	if (h->ascii[0] && (sd_mailer_accepts_host(h->ascii) || h->cls == SD_HOST_UNDERSCORE)) {
		snprintf(clean, clean_cap, "%s", h->ascii);
	}
	free(h);
}

sd_code sd_mailer_conclusion(const sd_mailer_plan *p, sd_probe_opts *opts, char *detail, size_t cap,
	char *clean, size_t clean_cap)
{
	const sd_mailer_config *c = p->cfg;

	memset(opts, 0, sizeof(*opts));
	opts->host = c->host.ptr ? c->host.ptr : "";
	opts->host_len = strlen(opts->host);
	opts->port = (int) c->port;
	opts->security = sd_mailer_security(p->hosts.secure, c->auto_tls);
	opts->timeout_ms = p->req->default_timeout_ms;
	opts->verify_depth = -1;
	if (clean_cap) {
		clean[0] = '\0';
	}
	if (p->conclusion != SD_V_OK) {
		snprintf(detail, cap, "Mailer is '%.60s'", c->mailer.ptr ? c->mailer.ptr : "");
		return p->conclusion;
	}
	malformed(p, detail, cap, clean, clean_cap);
	return SD_V_HOST_MALFORMED;
}

/* ---- explaining a failure ------------------------------------------------------------------------ */

#define SILENT_BUDGET_MS 2500.0 /* an explanation after PHPMailer waited for a greeting in vain: half of
                                 * smtpdiag.explain_timeout, at least this */
#define SILENT_SNIFF_MS 100.0   /* then, the silence before the probe's TLS sniff */

int sd_mailer_recorded_timeout(const sd_mailer_plan *p, const sd_mailer_evidence *ev, char *detail, size_t cap)
{
	size_t i;
	int timed_out;

	if (p->conclusion != SD_V_OK || p->hosts.usable != 1 || ev == NULL || ev->error == NULL
			|| strcmp(ev->error, "Failed to connect to server") != 0) {
		return -1;
	}
	timed_out = (ev->smtp_code && strcmp(ev->smtp_code, "110") == 0)
		|| (ev->smtp_code_ex && strstr(ev->smtp_code_ex, "timed out") != NULL);
	if (!timed_out) {
		return -1;
	}
	for (i = 0; i < p->hosts.count; i++) {
		if (p->hosts.entries[i].skip == SD_MAILERHOST_SKIP_NONE) {
			snprintf(detail, cap, "PHPMailer's own connection attempt timed out after %.0f s (%s (%s)): no answer "
				"to the TCP handshake, so packets are dropped on the way; not tried again",
				p->cfg->timeout, ev->smtp_code_ex ? ev->smtp_code_ex : "", ev->smtp_code ? ev->smtp_code : "");
			return (int) i;
		}
	}
	return -1;
}

double sd_mailer_explain_budget_ms(const sd_mailer_plan *p, const sd_mailer_evidence *ev, double total_ms)
{
	size_t n = p->hosts.usable;
	double ms = n > 1 ? total_ms / (double) n : total_ms;

	/* the sniff right away (sd_mailer_explain_sniff_ms), then the retry: 2.5 s tells TLS-first from
	 * silent and verifies the fix; a longer explain_timeout (a slow link or CPU) gives it half */
	if (ev && ev->silent && n == 1) {
		double silent = total_ms / 2.0 > SILENT_BUDGET_MS ? total_ms / 2.0 : SILENT_BUDGET_MS;

		if (ms > silent) {
			ms = silent;
		}
	}
	return ms;
}

double sd_mailer_explain_sniff_ms(const sd_mailer_evidence *ev, double dflt)
{
	return ev && ev->silent && dflt > SILENT_SNIFF_MS ? SILENT_SNIFF_MS : dflt;
}

int sd_mailer_timelimit_applies(const sd_mailer_plan *p, int i, sd_code verdict)
{
	const sd_mailer_config *c = p->cfg;

	if (i < 0 || (size_t) i >= p->hosts.count || !(c->timelimit > c->timeout)) {
		return 0;
	}
	if (p->hosts.entries[i].mode == SD_MAILERHOST_MODE_SMTPS) {
		return 0;
	}
	return verdict == SD_V_TLS_MODE_MISMATCH || verdict == SD_V_NO_GREETING || verdict == SD_V_TIMEOUT;
}

void sd_mailer_explain_line(char *out, size_t cap, const sd_mailer_plan *p, int entry, const char *host, long port,
	sd_code verdict, const char *summary, const char *fix)
{
	int n = snprintf(out, cap, "smtpdiag: %s:%ld: %s: %s", host ? host : "", port, sd_code_name(verdict),
		summary ? summary : "");
	size_t used = n < 0 ? 0 : (size_t) n >= cap ? cap - 1 : (size_t) n;

	if (fix && *fix && used < cap - 1) {
		n = snprintf(out + used, cap - used, " Fix: %s", fix);
		used += n < 0 ? 0 : (size_t) n >= cap - used ? cap - used - 1 : (size_t) n;
	}
	if (sd_mailer_timelimit_applies(p, entry, verdict) && used < cap - 1) {
		const sd_mailer_config *c = p->cfg;
		snprintf(out + used, cap - used, " Note: PHPMailer waited up to SMTP::Timelimit (%.0f s), not Timeout (%.0f s), "
			"for the greeting: bound it with $mail->getSMTPInstance()->Timelimit = %.0f;", c->timelimit,
			c->timeout, c->timeout > 0 && c->timeout < 30 ? c->timeout : 10);
	}
}

void sd_mailer_explain_suffix(char *out, size_t cap, sd_code verdict, const char *summary)
{
	snprintf(out, cap, " smtpdiag: %s: %s", sd_code_name(verdict), summary ? summary : "");
}
