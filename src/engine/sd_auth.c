/* smtpdiag: SMTP AUTH as PHPMailer does it (see sd_auth.h). */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "src/engine/sd_auth.h"

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* PHPMailer's auto-selection order (SMTP::authenticate()). */
static const sd_auth_mech order[] = {
	SD_AUTH_MECH_CRAM_MD5, SD_AUTH_MECH_LOGIN, SD_AUTH_MECH_PLAIN, SD_AUTH_MECH_XOAUTH2
};

const char *sd_auth_mech_name(sd_auth_mech m)
{
	switch (m) {
		case SD_AUTH_MECH_CRAM_MD5: return "CRAM-MD5";
		case SD_AUTH_MECH_LOGIN: return "LOGIN";
		case SD_AUTH_MECH_PLAIN: return "PLAIN";
		case SD_AUTH_MECH_XOAUTH2: return "XOAUTH2";
		case SD_AUTH_MECH_NONE: break;
	}
	return "";
}

static sd_auth_mech mech_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (strcmp(name, sd_auth_mech_name(order[i])) == 0) {
			return order[i];
		}
	}
	return SD_AUTH_MECH_NONE;
}

/* PHP's trim(): " \t\n\r\0\x0B" at both ends. */
static void trimmed(const char *s, const char **start, size_t *len)
{
	size_t a = 0, b = strlen(s);

	while (a < b && strchr(" \t\n\r\x0b", s[a]) != NULL) {
		a++;
	}
	while (b > a && strchr(" \t\n\r\x0b", s[b - 1]) != NULL) {
		b--;
	}
	*start = s + a;
	*len = b - a;
}

void sd_auth_caps_parse(const char *first_text, const char *const *ext, size_t n_ext, int is_ehlo,
	sd_auth_caps *out)
{
	const char *t;
	size_t len, i;

	memset(out, 0, sizeof(*out));
	if (first_text) {
		trimmed(first_text, &t, &len);
		if (len > 0) {
			out->any = 1;
			out->ehlo = is_ehlo;
		}
	}
	for (i = 0; i < n_ext; i++) {
		size_t p, w;

		if (ext[i] == NULL) {
			continue;
		}
		trimmed(ext[i], &t, &len);
		if (len == 0) {
			continue;
		}
		out->any = 1;
		/* the first word, up to a single space */
		for (w = 0; w < len && t[w] != ' '; w++) {
		}
		if (w != 4 || memcmp(t, "AUTH", 4) != 0) {
			continue;
		}
		/* explode(' ', ...): every single space separates, so two spaces make an empty word */
		out->has_auth = 1;
		out->n = 0;
		out->truncated = 0;
		p = w;
		while (p < len) {
			size_t s = ++p, e = s;
			while (e < len && t[e] != ' ') {
				e++;
			}
			if (out->n < SD_AUTH_MAX_MECHS && e - s < SD_AUTH_MECH_LEN) {
				memcpy(out->mechs[out->n], t + s, e - s);
				out->mechs[out->n][e - s] = '\0';
				out->n++;
			} else {
				out->truncated = 1;
			}
			p = e;
		}
	}
}

static int offered(const sd_auth_caps *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (strcmp(c->mechs[i], name) == 0) {
			return 1;
		}
	}
	return 0;
}

sd_auth_choice sd_auth_choose(const sd_auth_caps *caps, const char *requested, sd_auth_mech *mech)
{
	const char *type = requested && requested[0] ? requested : NULL;
	size_t i;

	*mech = SD_AUTH_MECH_NONE;
	if (!caps->any) {
		return SD_AUTH_NO_CAPS;
	}
	if (caps->ehlo) {
		if (!caps->has_auth) {
			return SD_AUTH_NOT_ADVERTISED;
		}
		if (type && !offered(caps, type)) {
			type = NULL;
		}
		if (type == NULL) {
			for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
				if (offered(caps, sd_auth_mech_name(order[i]))) {
					*mech = order[i];
					return SD_AUTH_CHOSEN;
				}
			}
			return SD_AUTH_NO_COMMON;
		}
	} else if (type == NULL) {
		*mech = SD_AUTH_MECH_LOGIN;
		return SD_AUTH_CHOSEN;
	}
	*mech = mech_of(type);
	return *mech == SD_AUTH_MECH_NONE ? SD_AUTH_NOT_IMPLEMENTED : SD_AUTH_CHOSEN;
}

const char *sd_auth_choice_text(sd_auth_choice c)
{
	switch (c) {
		case SD_AUTH_NO_CAPS: return "Authentication is not allowed before HELO/EHLO";
		case SD_AUTH_NOT_ADVERTISED: return "Authentication is not allowed at this stage";
		case SD_AUTH_NO_COMMON: return "No supported authentication methods found";
		case SD_AUTH_NOT_IMPLEMENTED: return "Authentication method is not supported";
		case SD_AUTH_CHOSEN: break;
	}
	return "";
}

size_t sd_auth_b64_size(size_t len)
{
	return (len + 2) / 3 * 4 + 1;
}

size_t sd_auth_b64(const unsigned char *in, size_t len, char *out, size_t cap)
{
	size_t i, n = 0;

	if (cap == 0) {
		return 0;
	}
	if (sd_auth_b64_size(len) > cap) {
		out[0] = '\0';
		return 0;
	}
	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned) in[i] << 16 | (unsigned) in[i + 1] << 8 | in[i + 2];
		out[n++] = b64chars[(v >> 18) & 63];
		out[n++] = b64chars[(v >> 12) & 63];
		out[n++] = b64chars[(v >> 6) & 63];
		out[n++] = b64chars[v & 63];
	}
	if (i < len) {
		unsigned v = (unsigned) in[i] << 16 | (i + 1 < len ? (unsigned) in[i + 1] << 8 : 0);
		out[n++] = b64chars[(v >> 18) & 63];
		out[n++] = b64chars[(v >> 12) & 63];
		out[n++] = i + 1 < len ? b64chars[(v >> 6) & 63] : '=';
		out[n++] = '=';
	}
	out[n] = '\0';
	return n;
}

size_t sd_auth_unb64(const char *in, size_t len, unsigned char *out, size_t cap)
{
	unsigned v = 0;
	int bits = 0;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		/* '=' is padding wherever it stands: skipped like any byte outside the alphabet */
		const char *p = in[i] && in[i] != '=' ? strchr(b64chars, in[i]) : NULL;
		if (p == NULL) {
			continue;
		}
		v = (v << 6) | (unsigned) (p - b64chars);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n < cap) {
				out[n++] = (unsigned char) ((v >> bits) & 0xff);
			}
		}
	}
	return n;
}

size_t sd_auth_response_size(size_t user_len, size_t pass_len)
{
	/* the longest clear form: XOAUTH2's "user=" U "\x01auth=Bearer " T "\x01\x01" (20 bytes besides U
	 * and T; PLAIN's "\0" U "\0" P is shorter), or CRAM-MD5's U " " and 32 hex digits, which is longer
	 * when the password is shorter than 13 bytes */
	size_t clear = user_len + pass_len + 20;

	if (user_len + 33 > clear) {
		clear = user_len + 33;
	}
	return sd_auth_b64_size(clear);
}

void sd_auth_wipe(void *p, size_t len)
{
	volatile unsigned char *v = p;

	while (len--) {
		*v++ = 0;
	}
}

/* base64 of the concatenation of up to four parts, through a scratch buffer that is wiped. */
static size_t b64_parts(const char *const *parts, const size_t *lens, size_t count, char *out, size_t cap)
{
	unsigned char scratch[SD_AUTH_CLEAR_MAX];
	size_t total = 0, i, n;

	for (i = 0; i < count; i++) {
		total += lens[i];
	}
	if (total > sizeof(scratch) || sd_auth_b64_size(total) > cap) {
		if (cap) {
			out[0] = '\0';
		}
		return 0;
	}
	total = 0;
	for (i = 0; i < count; i++) {
		memcpy(scratch + total, parts[i], lens[i]);
		total += lens[i];
	}
	n = sd_auth_b64(scratch, total, out, cap);
	sd_auth_wipe(scratch, total);
	return n;
}

size_t sd_auth_plain(const char *user, size_t user_len, const char *pass, size_t pass_len, char *out,
	size_t cap)
{
	const char *parts[4] = { "", user, "", pass };
	size_t lens[4] = { 1, user_len, 1, pass_len };

	return b64_parts(parts, lens, 4, out, cap);
}

size_t sd_auth_xoauth2(const char *user, size_t user_len, const char *token, size_t token_len, char *out,
	size_t cap)
{
	const char *parts[4] = { "user=", user, "\001auth=Bearer ", token };
	size_t lens[4] = { 5, user_len, 13, token_len };
	char tail[2] = { '\001', '\001' };
	const char *all[5] = { parts[0], parts[1], parts[2], parts[3], tail };
	size_t all_lens[5] = { lens[0], lens[1], lens[2], lens[3], 2 };
	unsigned char scratch[SD_AUTH_CLEAR_MAX];
	size_t total = 0, i, n;

	for (i = 0; i < 5; i++) {
		total += all_lens[i];
	}
	if (total > sizeof(scratch) || sd_auth_b64_size(total) > cap) {
		if (cap) {
			out[0] = '\0';
		}
		return 0;
	}
	total = 0;
	for (i = 0; i < 5; i++) {
		memcpy(scratch + total, all[i], all_lens[i]);
		total += all_lens[i];
	}
	n = sd_auth_b64(scratch, total, out, cap);
	sd_auth_wipe(scratch, total);
	return n;
}

size_t sd_auth_cram_md5(const char *challenge, size_t challenge_len, const char *user, size_t user_len,
	const char *pass, size_t pass_len, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char decoded[1024], mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	char digest[2 * EVP_MAX_MD_SIZE + 1];
	const char *parts[3];
	size_t lens[3], dlen, i, n;

	dlen = sd_auth_unb64(challenge, challenge_len, decoded, sizeof(decoded));
	if (HMAC(EVP_md5(), pass, (int) pass_len, decoded, dlen, mac, &mac_len) == NULL || mac_len == 0) {
		if (cap) {
			out[0] = '\0';
		}
		return 0;
	}
	for (i = 0; i < mac_len; i++) {
		digest[2 * i] = hex[mac[i] >> 4];
		digest[2 * i + 1] = hex[mac[i] & 15];
	}
	digest[2 * mac_len] = '\0';
	parts[0] = user;
	lens[0] = user_len;
	parts[1] = " ";
	lens[1] = 1;
	parts[2] = digest;
	lens[2] = 2 * mac_len;
	n = b64_parts(parts, lens, 3, out, cap);
	sd_auth_wipe(mac, sizeof(mac));
	sd_auth_wipe(digest, sizeof(digest));
	return n;
}

/* ---- what a refusal means ------------------------------------------------------------------ */

sd_auth_provider sd_auth_provider_of(const char *host, const char *server_name)
{
	sd_auth_provider p = sd_provider_family_of(host);

	return p != SD_PROVIDER_OTHER ? p : sd_provider_family_of(server_name);
}

const char *sd_auth_provider_name(sd_auth_provider p)
{
	return sd_provider_family_name(p);
}

/* Case-insensitive substring test over ASCII. */
static int has(const char *text, const char *needle)
{
	size_t n = strlen(needle), i, j;

	if (text == NULL) {
		return 0;
	}
	for (i = 0; text[i]; i++) {
		for (j = 0; j < n; j++) {
			char a = text[i + j], b = needle[j];
			if (a >= 'A' && a <= 'Z') {
				a = (char) (a - 'A' + 'a');
			}
			if (b >= 'A' && b <= 'Z') {
				b = (char) (b - 'A' + 'a');
			}
			if (a != b) {
				break;
			}
		}
		if (j == n) {
			return 1;
		}
	}
	return 0;
}

sd_auth_refusal sd_auth_classify(int code, const char *enh, const char *text, int encrypted,
	sd_auth_provider *provider)
{
	const char *e = enh ? enh : "";

	if (has(text, "support.google.com") || has(text, "gsmtp")) {
		*provider = SD_PROVIDER_GMAIL;
	} else if (has(text, "aka.ms/") || has(text, "SmtpClientAuthentication") || strcmp(e, "5.7.139") == 0
			|| strcmp(e, "5.7.30") == 0) {
		*provider = SD_PROVIDER_MICROSOFT;
	} else if (has(text, "(#AUTH") || has(text, "(#MBR")) {
		*provider = SD_PROVIDER_YAHOO;
	}
	/* Gmail: 534 5.7.9 Application-specific password required; 534 5.7.14 sign in with a browser */
	if (code == 534 || strcmp(e, "5.7.9") == 0 || strcmp(e, "5.7.14") == 0) {
		return SD_AUTH_APP_PASSWORD;
	}
	/* Microsoft: 535 5.7.139 SMTP AUTH (basic authentication) disabled; 550 5.7.30 basic auth retired */
	if (strcmp(e, "5.7.139") == 0 || strcmp(e, "5.7.30") == 0 || has(text, "basic authentication is")) {
		return SD_AUTH_APP_PASSWORD;
	}
	/* 530 5.7.0 Must issue a STARTTLS command first; 538 5.7.11 Encryption required */
	if (code == 538 || strcmp(e, "5.7.11") == 0 || ((code == 530 || code == 504) && has(text, "TLS"))) {
		return SD_AUTH_NEEDS_TLS;
	}
	/* 504 5.7.4 Unrecognized authentication type: Microsoft says this before TLS */
	if (code == 504 || strcmp(e, "5.5.4") == 0 || strcmp(e, "5.7.4") == 0) {
		return !encrypted && strcmp(e, "5.7.4") == 0 ? SD_AUTH_NEEDS_TLS : SD_AUTH_MECH_REFUSED;
	}
	return SD_AUTH_REFUSED;
}

/* Replies whose words say more than their codes. Yahoo's 535 5.7.0 (#AUTH005) "Too many bad auth
 * attempts." refuses the credentials (auth_failed, as its #MBR codes do) and tells that logins are held
 * back after repeated failures; it does not tell whether the password was wrong or the account password
 * where Yahoo wants an app password, so the note says both and claims neither. */
static const struct {
	const char *needle;
	const char *note;
} refusal_notes[] = {
	{ "(#AUTH005)", "after too many wrong passwords, Yahoo locks further attempts for a while, and for SMTP it "
		"accepts app passwords, not the account password" },
};

const char *sd_auth_refusal_note(const char *reply)
{
	size_t i;

	for (i = 0; i < sizeof(refusal_notes) / sizeof(refusal_notes[0]); i++) {
		if (has(reply, refusal_notes[i].needle)) {
			return refusal_notes[i].note;
		}
	}
	return NULL;
}
