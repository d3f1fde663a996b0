/* sources: src/engine/sd_tls.c src/engine/sd_castore.c src/engine/sd_text.c */
/* libs: -lssl -lcrypto -lpthread */
/* The TLS engine against real servers on 127.0.0.1: `openssl s_server` with certificates made at run
 * time by tests/servers/certs.sh (plus one RSA leaf made here), and small in-process listeners for
 * the plaintext, silent and closing peers. Needs the openssl command line tool. Every server is
 * stopped by its PID at the end; nothing leaves loopback. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

/* cmocka 2 checks a signed range with assert_int_in_range() and deprecates assert_in_range() */
#ifndef assert_int_in_range
#define assert_int_in_range(value, minimum, maximum) assert_in_range(value, minimum, maximum)
#endif

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "src/engine/sd_tls.h"
#include "src/engine/sd_castore.h"
#include "src/engine/sd_clock.h"

/* ---------------------------------------------------------------------------------------------- */
/* fixture: certificates and servers */

enum {
	SRV_VALID,          /* valid leaf + intermediate */
	SRV_FULLCHAIN,      /* valid leaf + intermediate + root */
	SRV_EXPIRED,
	SRV_NOTYET,
	SRV_WRONGNAME,
	SRV_SELFSIGNED,
	SRV_NOINTERMEDIATE,
	SRV_RSA,            /* an RSA 2048 leaf */
	SRV_TLS10,          /* TLS 1.0 only, SECLEVEL=0 */
	SRV_SNI,            /* wrongname by default, valid for SNI "localhost" */
	SRV_COUNT
};

typedef struct {
	char dir[128];
	pid_t pid[SRV_COUNT];
	int port[SRV_COUNT];
} fixture;

static fixture fx; /* the test process's own state; the engine has none */

static char *path(const char *name)
{
	static char buf[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", fx.dir, name);
	return buf[i];
}

static int run(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0) {
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	}
	return rc;
}

/* The repository root: $SMTPDIAG_ROOT, else two levels above this file, else the working directory. */
static const char *repo_root(void)
{
	static char root[512];
	const char *env = getenv("SMTPDIAG_ROOT");
	char probe[600];
	char *slash;

	if (env != NULL && env[0] != '\0') {
		return env;
	}
	snprintf(root, sizeof(root), "%s", __FILE__);
	for (int up = 0; up < 3 && (slash = strrchr(root, '/')) != NULL; up++) {
		*slash = '\0';
	}
	if (strchr(__FILE__, '/') != NULL && strcmp(root, __FILE__) != 0) {
		snprintf(probe, sizeof(probe), "%s/tests/servers/certs.sh", root[0] ? root : "/");
		if (access(probe, R_OK) == 0) {
			return root;
		}
	}
	return ".";
}

static int free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0) {
		return -1;
	}
	if (bind(s, (struct sockaddr *) &a, sizeof(a)) != 0 || getsockname(s, (struct sockaddr *) &a, &len) != 0) {
		close(s);
		return -1;
	}
	port = ntohs(a.sin_port);
	close(s);
	return port;
}

static int connect_port(int port)
{
	struct sockaddr_in a;
	int s = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t) port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0) {
		return -1;
	}
	if (connect(s, (struct sockaddr *) &a, sizeof(a)) != 0) {
		close(s);
		return -1;
	}
	return s;
}

/* Starts `openssl s_server -www` on a free port with the given certificate files. */
static int start_server(int idx, const char *cert, const char *key, const char *chain,
	const char *const *extra)
{
	char accept_arg[64], log[600];
	const char *argv[24];
	int n = 0, port = free_port(), fd, i;
	pid_t pid;

	if (port < 0) {
		return -1;
	}
	snprintf(accept_arg, sizeof(accept_arg), "127.0.0.1:%d", port);
	snprintf(log, sizeof(log), "%s/server%d.log", fx.dir, idx);
	argv[n++] = "openssl";
	argv[n++] = "s_server";
	argv[n++] = "-accept";
	argv[n++] = accept_arg;
	argv[n++] = "-cert";
	argv[n++] = cert;
	argv[n++] = "-key";
	argv[n++] = key;
	if (chain != NULL) {
		argv[n++] = "-cert_chain";
		argv[n++] = chain;
	}
	argv[n++] = "-www";
	argv[n++] = "-quiet";
	for (i = 0; extra != NULL && extra[i] != NULL && n < 22; i++) {
		argv[n++] = extra[i];
	}
	argv[n] = NULL;

	pid = fork();
	if (pid < 0) {
		return -1;
	}
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlive a crashed test */
		fd = open("/dev/null", O_RDONLY);
		dup2(fd, 0);
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp("openssl", (char *const *) argv);
		_exit(127);
	}
	fx.pid[idx] = pid;
	fx.port[idx] = port;
	/* ready when it accepts */
	for (i = 0; i < 250; i++) {
		fd = connect_port(port);
		if (fd >= 0) {
			close(fd);
			return 0;
		}
		usleep(20000);
	}
	fprintf(stderr, "s_server %d did not start, see %s\n", idx, log);
	return -1;
}

static int group_setup(void **state)
{
	static const char *const tls10[] = { "-tls1", "-cipher", "DEFAULT@SECLEVEL=0", NULL };
	const char *sni[] = { "-servername", "localhost", "-cert2", NULL, "-key2", NULL, "-cert_chain", NULL, NULL };
	char sni_cert[512], sni_key[512], sni_chain[512];

	(void) state;
	memset(&fx, 0, sizeof(fx));
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/sdtls.XXXXXX");
	if (mkdtemp(fx.dir) == NULL) {
		return -1;
	}
	if (run("sh '%s/tests/servers/certs.sh' '%s' >'%s/certs.log' 2>&1", repo_root(), fx.dir, fx.dir) != 0) {
		return -1;
	}
	/* an RSA leaf from the same intermediate, for the key fields and the TLS 1.0 server */
	if (run("cd '%s' && openssl req -newkey rsa:2048 -nodes -keyout rsa.key -subj '/CN=localhost'"
			" -out rsa.csr 2>/dev/null"
			" && printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:false\\n' >rsa.ext"
			" && openssl x509 -req -in rsa.csr -CA intermediate.crt -CAkey intermediate.key -CAcreateserial"
			" -days 30 -sha256 -extfile rsa.ext -out rsa.crt 2>/dev/null"
			" && cat intermediate.crt ca.pem >inter_root.pem", fx.dir) != 0) {
		return -1;
	}
	if (start_server(SRV_VALID, path("valid.crt"), path("valid.key"), path("intermediate.crt"), NULL)
		|| start_server(SRV_FULLCHAIN, path("valid.crt"), path("valid.key"), path("inter_root.pem"), NULL)
		|| start_server(SRV_EXPIRED, path("expired.crt"), path("expired.key"), path("intermediate.crt"), NULL)
		|| start_server(SRV_NOTYET, path("notyet.crt"), path("notyet.key"), path("intermediate.crt"), NULL)
		|| start_server(SRV_WRONGNAME, path("wrongname.crt"), path("wrongname.key"), path("intermediate.crt"), NULL)
		|| start_server(SRV_SELFSIGNED, path("selfsigned.crt"), path("selfsigned.key"), NULL, NULL)
		|| start_server(SRV_NOINTERMEDIATE, path("nointermediate.crt"), path("nointermediate.key"), NULL, NULL)
		|| start_server(SRV_RSA, path("rsa.crt"), path("rsa.key"), path("intermediate.crt"), NULL)
		|| start_server(SRV_TLS10, path("rsa.crt"), path("rsa.key"), path("intermediate.crt"), tls10)) {
		return -1;
	}
	snprintf(sni_cert, sizeof(sni_cert), "%s", path("valid.crt"));
	snprintf(sni_key, sizeof(sni_key), "%s", path("valid.key"));
	snprintf(sni_chain, sizeof(sni_chain), "%s", path("intermediate.crt"));
	sni[3] = sni_cert;
	sni[5] = sni_key;
	sni[7] = sni_chain;
	if (start_server(SRV_SNI, path("wrongname.crt"), path("wrongname.key"), NULL, sni)) {
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	int i, status;

	(void) state;
	sd_castore_shutdown();
	for (i = 0; i < SRV_COUNT; i++) {
		if (fx.pid[i] > 0) {
			kill(fx.pid[i], SIGTERM);
			waitpid(fx.pid[i], &status, 0);
			fx.pid[i] = 0;
		}
	}
	if (strncmp(fx.dir, "/tmp/sdtls.", 11) == 0 && getenv("SD_TLS_KEEP") == NULL) {
		run("rm -rf '%s'", fx.dir);
	}
	return 0;
}

/* ---------------------------------------------------------------------------------------------- */
/* helpers */

static sd_tls_opts opts_for(const char *name)
{
	sd_tls_opts o;

	sd_tls_opts_init(&o);
	o.cafile = path("ca.pem");
	o.peer_name = name;
	o.sni = name;
	return o;
}

/* Connects to a server and runs a whole handshake; returns the session (caller frees) or NULL. */
static sd_tls *handshake(int srv, const sd_tls_opts *o, sd_tls_result *r, int *fd_out)
{
	int fd = connect_port(fx.port[srv]);
	sd_tls *t;

	assert_true(fd >= 0);
	t = sd_tls_start(fd, o, r);
	if (t != NULL) {
		sd_tls_handshake(t, sd_clock_ms() + 5000);
	}
	assert_int_equal(ERR_peek_error(), 0); /* the error queue is left empty */
	*fd_out = fd;
	return t;
}

static sd_tls_outcome outcome_of(int srv, const sd_tls_opts *o, sd_tls_result *r)
{
	int fd;
	sd_tls *t = handshake(srv, o, r, &fd);

	sd_tls_free(t);
	close(fd);
	return r->outcome;
}

static sd_tls_result *new_result(void)
{
	sd_tls_result *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	return r;
}

static void fingerprint_of(const char *pem, char *out, size_t cap)
{
	char cmd[700], line[256];
	FILE *p;
	size_t o = 0;
	char *eq;

	snprintf(cmd, sizeof(cmd), "openssl x509 -in '%s' -noout -fingerprint -sha256", pem);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof(line), p));
	pclose(p);
	eq = strchr(line, '=');
	assert_non_null(eq);
	for (eq++; *eq && *eq != '\n' && o + 1 < cap; eq++) {
		if (*eq != ':') {
			out[o++] = (char) ((*eq >= 'A' && *eq <= 'F') ? *eq + 32 : *eq);
		}
	}
	out[o] = '\0';
}

/* A listener on 127.0.0.1 with a client connected to it; *server_side is the accepted socket, or -1
 * when accept is false (a silent peer: the kernel completes the connection from the backlog). */
static int local_pair(int *listener, int *server_side, int do_accept)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0), c;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(l >= 0);
	assert_int_equal(bind(l, (struct sockaddr *) &a, sizeof(a)), 0);
	assert_int_equal(listen(l, 4), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *) &a, &len), 0);
	c = connect_port(ntohs(a.sin_port));
	assert_true(c >= 0);
	*server_side = do_accept ? accept(l, NULL, NULL) : -1;
	if (do_accept) {
		assert_true(*server_side >= 0);
	}
	*listener = l;
	return c;
}

/* ---------------------------------------------------------------------------------------------- */
/* tests against s_server */

static void test_valid_chain_and_fields(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");
	sd_tls *t;
	int fd, i;
	long n;
	char buf[256], fp[80];
	int64_t now = (int64_t) time(NULL);
	const sd_tls_cert *leaf;

	(void) state;
	t = handshake(SRV_VALID, &o, r, &fd);
	assert_non_null(t);
	assert_int_equal(r->outcome, SD_TLS_OK);
	assert_true(r->handshake_done);
	assert_string_equal(r->version, "TLSv1.3");
	assert_true(r->cipher[0] != '\0');
	assert_int_equal(r->verify_code, 0);
	assert_int_equal(r->verify_depth, -1);
	assert_string_equal(r->verify_text, "ok");
	assert_int_equal(r->verify_error_count, 0);
	assert_true(r->name_checked && r->name_matched && r->name_enforced && r->verify_enforced);
	assert_string_equal(r->name_matched_by, "san");
	assert_string_equal(r->name, "localhost");
	assert_string_equal(r->php_message, "");

	assert_int_equal(r->chain_total, 2);
	assert_int_equal(r->chain_count, 2);
	leaf = &r->chain[0];
	assert_string_equal(leaf->subject, "O=smtpdiag tests,CN=mail.smtpdiag.test"); /* openssl ca put CN first */
	assert_string_equal(leaf->subject_cn, "mail.smtpdiag.test");
	assert_non_null(strstr(leaf->issuer, "CN=smtpdiag Test Intermediate CA"));
	assert_string_equal(r->chain[1].subject, leaf->issuer);
	assert_int_equal(leaf->san_total, 4);
	assert_int_equal(leaf->san_count, 4);
	assert_false(leaf->san[0].is_ip);
	assert_string_equal(leaf->san[0].value, "localhost");
	assert_string_equal(leaf->san[1].value, "mail.smtpdiag.test");
	assert_true(leaf->san[2].is_ip);
	assert_string_equal(leaf->san[2].value, "127.0.0.1");
	assert_string_equal(leaf->san[3].value, "::1");
	assert_string_equal(leaf->key_type, "EC");
	assert_int_equal(leaf->key_bits, 256);
	assert_string_equal(leaf->key_curve, "prime256v1");
	assert_string_equal(leaf->sig_alg, "ecdsa-with-SHA256");
	assert_false(leaf->self_signed);
	assert_true(leaf->serial[0] != '\0');
	assert_true(leaf->not_before < now && now < leaf->not_after);
	assert_int_equal(strlen(leaf->not_after_iso), 20);
	assert_true(leaf->not_after_iso[10] == 'T' && leaf->not_after_iso[19] == 'Z');
	assert_int_in_range(r->leaf_days_left, 363, 365);
	fingerprint_of(path("valid.crt"), fp, sizeof(fp));
	assert_string_equal(leaf->sha256, fp);
	for (i = 0; i < 64; i++) {
		assert_non_null(strchr("0123456789abcdef", leaf->sha256[i]));
	}

	/* I/O: s_server -www answers an HTTP request with a status page */
	assert_int_equal(sd_tls_write(t, "GET / HTTP/1.0\r\n\r\n", 18, sd_clock_ms() + 3000), 18);
	n = sd_tls_read(t, buf, sizeof(buf) - 1, sd_clock_ms() + 3000);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_memory_equal(buf, "HTTP/1.0 200 ok", 15);
	assert_int_equal(sd_tls_shutdown(t, sd_clock_ms() + 500), 1); /* close_notify sent */
	assert_int_equal(sd_tls_shutdown(t, sd_clock_ms() + 500), 0); /* once */
	assert_int_equal(sd_tls_read(t, buf, sizeof(buf), sd_clock_ms() + 100), SD_TLS_IO_ERROR);
	assert_int_equal(ERR_peek_error(), 0);
	sd_tls_free(t);
	close(fd);
	free(r);
}

static void test_ip_peer_names(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("127.0.0.1");

	(void) state;
	assert_int_equal(outcome_of(SRV_VALID, &o, r), SD_TLS_OK);
	assert_string_equal(r->name_matched_by, "san");
	o = opts_for("[::1]");
	assert_int_equal(outcome_of(SRV_VALID, &o, r), SD_TLS_OK);
	assert_string_equal(r->name, "::1");
	o = opts_for("127.0.0.2");
	assert_int_equal(outcome_of(SRV_VALID, &o, r), SD_TLS_NAME_MISMATCH);
	/* the CN is checked too, as PHP does */
	o = opts_for("MAIL.smtpdiag.TEST");
	assert_int_equal(outcome_of(SRV_VALID, &o, r), SD_TLS_OK);
	free(r);
}

static void test_rsa_leaf_and_read_timeout(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");
	sd_tls *t;
	int fd;
	char buf[16];
	double t0;

	(void) state;
	o.max_proto = SD_TLS_V1_2;
	t = handshake(SRV_RSA, &o, r, &fd);
	assert_non_null(t);
	assert_int_equal(r->outcome, SD_TLS_OK);
	assert_string_equal(r->version, "TLSv1.2");
	assert_string_equal(r->chain[0].key_type, "RSA");
	assert_int_equal(r->chain[0].key_bits, 2048);
	assert_string_equal(r->chain[0].key_curve, "");
	assert_string_equal(r->chain[0].sig_alg, "ecdsa-with-SHA256"); /* signed by the EC intermediate */
	assert_string_equal(r->chain[0].subject, "CN=localhost");
	/* the server waits for a request: a read ends at the deadline */
	t0 = sd_clock_ms();
	assert_int_equal(sd_tls_read(t, buf, sizeof(buf), t0 + 200), SD_TLS_IO_TIMEOUT);
	assert_int_in_range((long) (sd_clock_ms() - t0), 190, 300);
	assert_int_equal(sd_tls_shutdown(t, sd_clock_ms() + 500), 1);
	sd_tls_free(t);
	close(fd);
	free(r);
}

static void test_expired(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");

	(void) state;
	assert_int_equal(outcome_of(SRV_EXPIRED, &o, r), SD_TLS_EXPIRED);
	assert_true(r->handshake_done);
	assert_int_equal(r->verify_code, 10);
	assert_int_equal(r->verify_depth, 0);
	assert_string_equal(r->php_message, "Could not verify peer: code:10 certificate has expired");
	assert_int_equal(r->chain_count, 2);
	assert_true(r->leaf_days_left < -25 && r->leaf_days_left > -35);
	assert_true(r->chain[0].not_after < (int64_t) time(NULL));

	o.verify_peer = 0;
	assert_int_equal(outcome_of(SRV_EXPIRED, &o, r), SD_TLS_OK);
	assert_int_equal(r->verify_code, 10); /* still recorded */
	assert_false(r->verify_enforced);
	free(r);
}

static void test_not_yet_valid(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");

	(void) state;
	assert_int_equal(outcome_of(SRV_NOTYET, &o, r), SD_TLS_EXPIRED);
	assert_int_equal(r->verify_code, 9);
	assert_true(r->chain[0].not_before > (int64_t) time(NULL));
	free(r);
}

static void test_wrong_name(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");

	(void) state;
	assert_int_equal(outcome_of(SRV_WRONGNAME, &o, r), SD_TLS_NAME_MISMATCH);
	assert_int_equal(r->verify_code, 0);
	assert_true(r->name_checked);
	assert_false(r->name_matched);
	assert_null(r->name_matched_by);
	assert_string_equal(r->php_message,
		"Peer certificate CN=`other.example.net' did not match expected CN=`localhost'");
	assert_string_equal(r->chain[0].san[0].value, "other.example.net");

	o.verify_peer_name = 0;
	assert_int_equal(outcome_of(SRV_WRONGNAME, &o, r), SD_TLS_OK);
	assert_true(r->name_checked); /* compared for the report, not enforced */
	assert_false(r->name_matched);

	o = opts_for("other.example.net");
	assert_int_equal(outcome_of(SRV_WRONGNAME, &o, r), SD_TLS_OK);
	free(r);
}

static void test_self_signed(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");

	(void) state;
	assert_int_equal(outcome_of(SRV_SELFSIGNED, &o, r), SD_TLS_UNTRUSTED);
	assert_int_equal(r->verify_code, 18);
	assert_int_equal(r->verify_depth, 0);
	assert_int_equal(r->chain_count, 1);
	assert_true(r->chain[0].self_signed);
	assert_string_equal(r->chain[0].subject, r->chain[0].issuer);
	assert_non_null(strstr(r->php_message, "Could not verify peer: code:18 self"));

	o.allow_self_signed = 1;
	assert_int_equal(outcome_of(SRV_SELFSIGNED, &o, r), SD_TLS_OK);
	assert_int_equal(r->verify_code, 18);
	assert_string_equal(r->php_message, "");

	o.allow_self_signed = 0;
	o.verify_peer = 0;
	assert_int_equal(outcome_of(SRV_SELFSIGNED, &o, r), SD_TLS_OK);

	/* allow_self_signed excuses code 18 only */
	o = opts_for("localhost");
	o.allow_self_signed = 1;
	assert_int_equal(outcome_of(SRV_NOINTERMEDIATE, &o, r), SD_TLS_UNTRUSTED);
	free(r);
}

static void test_missing_intermediate_and_unknown_ca(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");

	(void) state;
	assert_int_equal(outcome_of(SRV_NOINTERMEDIATE, &o, r), SD_TLS_UNTRUSTED);
	assert_true(r->verify_code == 20 || r->verify_code == 21);
	assert_int_equal(r->verify_depth, 0);
	assert_int_equal(r->chain_total, 1);

	/* a CA store that does not hold our root: the intermediate's issuer is unknown */
	o.cafile = path("selfsigned.crt");
	assert_int_equal(outcome_of(SRV_VALID, &o, r), SD_TLS_UNTRUSTED);
	assert_int_equal(r->verify_code, 20);
	assert_int_equal(r->verify_depth, 1);

	/* the server sends the root too, which is not trusted here */
	assert_int_equal(outcome_of(SRV_FULLCHAIN, &o, r), SD_TLS_UNTRUSTED);
	assert_int_equal(r->verify_code, 19);
	assert_int_equal(r->chain_total, 3);
	assert_true(r->chain[2].self_signed);

	/* and with our root it verifies */
	o.cafile = path("ca.pem");
	assert_int_equal(outcome_of(SRV_FULLCHAIN, &o, r), SD_TLS_OK);
	free(r);
}

static void test_ca_loading(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	sd_tls *t;

	(void) state;
	o.cafile = "/nonexistent/smtpdiag-ca.pem";
	assert_null(sd_tls_start(fd, &o, r));
	assert_int_equal(r->outcome, SD_TLS_CA_LOAD_FAILED);
	assert_string_equal(r->php_message, "failed loading cafile stream: `/nonexistent/smtpdiag-ca.pem'");
	assert_non_null(strstr(r->ca_error, "No such file or directory"));
	assert_int_equal(ERR_peek_error(), 0);

	/* a file without certificates */
	o.cafile = path("certs.log");
	assert_null(sd_tls_start(fd, &o, r));
	assert_int_equal(r->outcome, SD_TLS_CA_LOAD_FAILED);
	assert_non_null(strstr(r->php_message, "no valid certs found cafile stream"));

	/* verify_peer off: PHP loads no CA at all, so a bad cafile is no error */
	o.cafile = "/nonexistent/smtpdiag-ca.pem";
	o.verify_peer = 0;
	t = sd_tls_start(fd, &o, r);
	assert_non_null(t);
	assert_true(r->ca_error[0] != '\0');
	sd_tls_free(t);
	close(fd);

	/* no cafile: OpenSSL's default paths, which honour SSL_CERT_FILE */
	o = opts_for("localhost");
	o.cafile = NULL;
	setenv("SSL_CERT_FILE", path("ca.pem"), 1);
	assert_int_equal(outcome_of(SRV_VALID, &o, r), SD_TLS_OK);
	unsetenv("SSL_CERT_FILE");
	/* capath works too: a directory with the root under its hash name */
	assert_int_equal(run("mkdir -p '%s/capath' && cp '%s' \"%s/capath/$(openssl x509 -noout -hash -in '%s').0\"",
		fx.dir, path("ca.pem"), fx.dir, path("ca.pem")), 0);
	o.capath = path("capath");
	assert_int_equal(outcome_of(SRV_VALID, &o, r), SD_TLS_OK);
	free(r);
}

static void test_tls10_server(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");

	(void) state;
	assert_int_equal(outcome_of(SRV_TLS10, &o, r), SD_TLS_HANDSHAKE_FAILED);
	assert_false(r->handshake_done);
	print_message("      TLS 1.0 server: reason \"%s\" (%s)\n", r->reason, r->error_line);
	assert_true(strstr(r->reason, "unsupported protocol") != NULL
		|| strstr(r->reason, "legacy sigalg") != NULL
		|| strstr(r->reason, "no protocols available") != NULL
		|| strstr(r->reason, "alert protocol version") != NULL);
	assert_true(strncmp(r->error_line, "error:", 6) == 0);
	free(r);
}

static void test_ciphers_and_protocols(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void) state;
	o.ciphers = "NO-SUCH-CIPHER";
	assert_null(sd_tls_start(fd, &o, r));
	assert_int_equal(r->outcome, SD_TLS_HANDSHAKE_FAILED);
	assert_string_equal(r->reason, "no cipher match");
	close(fd);

	/* a client that insists on TLS 1.3 meets a TLS 1.0 server */
	o = opts_for("localhost");
	o.min_proto = SD_TLS_V1_3;
	assert_int_equal(outcome_of(SRV_TLS10, &o, r), SD_TLS_HANDSHAKE_FAILED);
	assert_true(r->reason[0] != '\0');

	o = opts_for("localhost");
	o.ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256";
	o.max_proto = SD_TLS_V1_2;
	assert_int_equal(outcome_of(SRV_VALID, &o, r), SD_TLS_OK);
	assert_string_equal(r->cipher, "ECDHE-ECDSA-AES128-GCM-SHA256");
	free(r);
}

static void test_sni(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");

	(void) state;
	o.verify_peer = 0; /* s_server sends no intermediate for its second certificate */
	assert_int_equal(outcome_of(SRV_SNI, &o, r), SD_TLS_OK);
	assert_string_equal(r->chain[0].subject_cn, "mail.smtpdiag.test");
	/* no SNI: the default certificate */
	o.sni = NULL;
	assert_int_equal(outcome_of(SRV_SNI, &o, r), SD_TLS_NAME_MISMATCH);
	assert_string_equal(r->chain[0].subject_cn, "other.example.net");
	/* an IP literal is never sent as SNI */
	o.sni = "127.0.0.1";
	o.peer_name = "127.0.0.1";
	assert_int_equal(outcome_of(SRV_SNI, &o, r), SD_TLS_NAME_MISMATCH);
	assert_string_equal(r->chain[0].subject_cn, "other.example.net");
	free(r);
}

/* Two handshakes driven by sd_tls_step() from one poll() loop, as a port scan does. */
static void test_step_two_at_once(void **state)
{
	sd_tls_result *r[2] = { new_result(), new_result() };
	sd_tls_opts o = opts_for("localhost");
	sd_tls *t[2];
	int fd[2], srv[2] = { SRV_VALID, SRV_SELFSIGNED }, i, live;
	sd_tls_step_rc rc[2];
	struct pollfd p[2];
	double deadline = sd_clock_ms() + 5000;

	(void) state;
	for (i = 0; i < 2; i++) {
		fd[i] = connect_port(fx.port[srv[i]]);
		t[i] = sd_tls_start(fd[i], &o, r[i]);
		assert_non_null(t[i]);
		rc[i] = SD_TLS_WANT_WRITE;
	}
	do {
		live = 0;
		for (i = 0; i < 2; i++) {
			if (rc[i] == SD_TLS_WANT_READ || rc[i] == SD_TLS_WANT_WRITE) {
				rc[i] = sd_tls_step(t[i]);
			}
			p[i].fd = fd[i];
			p[i].events = rc[i] == SD_TLS_WANT_READ ? POLLIN : rc[i] == SD_TLS_WANT_WRITE ? POLLOUT : 0;
			p[i].revents = 0;
			if (p[i].events != 0) {
				live++;
			} else {
				p[i].fd = -1;
			}
		}
		if (live > 0) {
			assert_true(poll(p, 2, sd_clock_left(deadline)) > 0);
		}
	} while (live > 0);
	assert_int_equal(rc[0], SD_TLS_DONE);
	assert_int_equal(rc[1], SD_TLS_DONE);
	assert_int_equal(r[0]->outcome, SD_TLS_OK);
	assert_int_equal(r[1]->outcome, SD_TLS_UNTRUSTED);
	assert_int_equal(sd_tls_step(t[0]), SD_TLS_DONE); /* final */
	for (i = 0; i < 2; i++) {
		sd_tls_shutdown(t[i], sd_clock_ms() + 500);
		sd_tls_free(t[i]);
		close(fd[i]);
		free(r[i]);
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* tests against in-process peers */

static void test_plaintext_smtp_server(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");
	int l, s, c;
	sd_tls *t;

	(void) state;
	c = local_pair(&l, &s, 1);
	assert_int_equal(write(s, "220 ready\r\n", 11), 11);
	t = sd_tls_start(c, &o, r);
	assert_non_null(t);
	assert_int_equal(sd_tls_handshake(t, sd_clock_ms() + 3000), SD_TLS_NOT_TLS);
	assert_string_equal(r->reason, "wrong version number");
	assert_true(r->first_bytes_len >= 11);
	assert_memory_equal(r->first_bytes, "220 ready\r\n", 11);
	assert_int_equal(sd_tls_classify_bytes(r->first_bytes, r->first_bytes_len), SD_TLS_PEER_SMTP);
	assert_int_equal(ERR_peek_error(), 0);
	sd_tls_free(t);
	close(c);
	close(s);
	close(l);
	free(r);
}

static void test_silent_server_times_out(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");
	int l, s, c;
	sd_tls *t;
	double t0;

	(void) state;
	c = local_pair(&l, &s, 0);
	t = sd_tls_start(c, &o, r);
	assert_non_null(t);
	t0 = sd_clock_ms();
	assert_int_equal(sd_tls_handshake(t, t0 + 300), SD_TLS_TIMEOUT);
	assert_int_in_range((long) (sd_clock_ms() - t0), 295, 400);
	assert_int_equal(r->first_bytes_len, 0);
	assert_false(r->handshake_done);
	assert_int_equal(sd_tls_step(t), SD_TLS_FAILED);
	sd_tls_free(t);
	close(c);
	close(l);
	free(r);
}

static void test_peer_closes(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");
	int l, s, c;
	sd_tls *t;

	(void) state;
	c = local_pair(&l, &s, 1);
	close(s);
	t = sd_tls_start(c, &o, r);
	assert_non_null(t);
	assert_int_equal(sd_tls_handshake(t, sd_clock_ms() + 3000), SD_TLS_CLOSED);
	assert_true(r->reason[0] != '\0');
	print_message("      closed during the handshake: \"%s\"\n", r->reason);
	sd_tls_free(t);
	close(c);
	close(l);
	free(r);
}

static void test_sniff(void **state)
{
	unsigned char first[32];
	size_t n;
	int l, s, c;
	double t0;

	(void) state;
	/* silence: none, within the deadline */
	c = local_pair(&l, &s, 0);
	t0 = sd_clock_ms();
	assert_int_equal(sd_tls_sniff(c, t0 + 250, first, sizeof(first), &n), SD_TLS_PEER_NONE);
	assert_int_in_range((long) (sd_clock_ms() - t0), 245, 350);
	assert_int_equal(n, 0);
	close(c);
	close(l);

	/* an SMTP greeting */
	c = local_pair(&l, &s, 1);
	assert_int_equal(write(s, "220 mx ESMTP\r\n", 14), 14);
	assert_int_equal(sd_tls_sniff(c, sd_clock_ms() + 2000, first, sizeof(first), &n), SD_TLS_PEER_SMTP);
	assert_int_equal(n, 14);
	assert_memory_equal(first, "220 mx ESMTP\r\n", 14);
	close(c);
	close(s);
	close(l);

	/* closed */
	c = local_pair(&l, &s, 1);
	close(s);
	assert_int_equal(sd_tls_sniff(c, sd_clock_ms() + 2000, NULL, 0, NULL), SD_TLS_PEER_CLOSED);
	close(c);
	close(l);

	/* a TLS server, and a TLS 1.0 server that answers with a ServerHello the client refuses */
	c = connect_port(fx.port[SRV_VALID]);
	assert_int_equal(sd_tls_sniff(c, sd_clock_ms() + 2000, first, sizeof(first), &n), SD_TLS_PEER_TLS);
	assert_int_equal(first[0], 0x16);
	close(c);
	c = connect_port(fx.port[SRV_TLS10]);
	assert_int_equal(sd_tls_sniff(c, sd_clock_ms() + 2000, first, sizeof(first), &n), SD_TLS_PEER_TLS);
	close(c);
	assert_int_equal(ERR_peek_error(), 0);
}

/* A TLS server that answers "221 bye" and closes the TCP connection without close_notify, as many
 * SMTP servers do after QUIT. It runs in a child process (test code may call OpenSSL directly). */
static pid_t abrupt_server(int *port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0), s;
	pid_t pid;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(l, (struct sockaddr *) &a, sizeof(a)), 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *) &a, &len), 0);
	*port = ntohs(a.sin_port);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
		SSL *ssl;

		prctl(PR_SET_PDEATHSIG, SIGTERM);
		alarm(10);
		if (ctx == NULL || SSL_CTX_use_certificate_chain_file(ctx, path("valid.chain.pem")) != 1
			|| SSL_CTX_use_PrivateKey_file(ctx, path("valid.key"), SSL_FILETYPE_PEM) != 1
			|| (s = accept(l, NULL, NULL)) < 0 || (ssl = SSL_new(ctx)) == NULL) {
			_exit(1);
		}
		SSL_set_fd(ssl, s);
		if (SSL_accept(ssl) != 1 || SSL_write(ssl, "221 bye\r\n", 9) != 9) {
			_exit(1);
		}
		close(s); /* no close_notify */
		_exit(0);
	}
	close(l);
	return pid;
}

static void test_peer_closes_without_close_notify(void **state)
{
	sd_tls_result *r = new_result();
	sd_tls_opts o = opts_for("localhost");
	sd_tls *t;
	int port, fd, status, i;
	pid_t pid = abrupt_server(&port);
	char buf[64];
	long n;

	(void) state;
	fd = connect_port(port);
	assert_true(fd >= 0);
	t = sd_tls_start(fd, &o, r);
	assert_non_null(t);
	assert_int_equal(sd_tls_handshake(t, sd_clock_ms() + 5000), SD_TLS_OK);
	n = sd_tls_read(t, buf, sizeof(buf), sd_clock_ms() + 3000);
	assert_int_equal(n, 9);
	assert_memory_equal(buf, "221 bye\r\n", 9);
	assert_int_equal(sd_tls_read(t, buf, sizeof(buf), sd_clock_ms() + 3000), SD_TLS_IO_CLOSED);
	assert_int_equal(ERR_peek_error(), 0);
	assert_int_equal(sd_tls_shutdown(t, sd_clock_ms() + 500), 0); /* nothing to say to a closed peer */
	sd_tls_free(t);
	close(fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* writing to a peer that has gone away is an error, not a SIGPIPE (SIGPIPE is not ignored here) */
	pid = abrupt_server(&port);
	fd = connect_port(port);
	t = sd_tls_start(fd, &o, r);
	assert_int_equal(sd_tls_handshake(t, sd_clock_ms() + 5000), SD_TLS_OK);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	for (i = 0, n = 1; i < 50 && n > 0; i++) {
		n = sd_tls_write(t, "QUIT\r\n", 6, sd_clock_ms() + 500);
		usleep(2000);
	}
	assert_int_equal(n, SD_TLS_IO_ERROR);
	print_message("      write to a closed peer: %s\n", sd_tls_io_error(t));
	assert_int_equal(sd_tls_shutdown(t, sd_clock_ms() + 500), 0);
	sd_tls_free(t);
	close(fd);
	free(r);
}

/* ---------------------------------------------------------------------------------------------- */
/* the shared context of a CA configuration (src/engine/sd_castore.h) */

/* Waits until file changed at least SD_CASTORE_SETTLE_MS ago, so that the cache reuses its store. */
static void wait_settled(const char *file)
{
	struct stat st;
	struct timespec now;
	long long changed, left;

	assert_int_equal(stat(file, &st), 0);
	clock_gettime(CLOCK_REALTIME, &now);
	changed = (long long) st.st_ctim.tv_sec * 1000 + st.st_ctim.tv_nsec / 1000000;
	left = changed + SD_CASTORE_SETTLE_MS + 100 - ((long long) now.tv_sec * 1000 + now.tv_nsec / 1000000);
	if (left > 0) {
		usleep((useconds_t) left * 1000);
	}
}

/* Everything a verdict is made of is the same in both results. */
static void assert_same_verdict(const sd_tls_result *a, const sd_tls_result *b)
{
	int i;

	assert_int_equal(a->outcome, b->outcome);
	assert_int_equal(a->handshake_done, b->handshake_done);
	assert_string_equal(a->version, b->version);
	assert_int_equal(a->verify_code, b->verify_code);
	assert_int_equal(a->verify_depth, b->verify_depth);
	assert_string_equal(a->verify_text, b->verify_text);
	assert_int_equal(a->verify_error_count, b->verify_error_count);
	for (i = 0; i < a->verify_error_count; i++) {
		assert_int_equal(a->verify_errors[i].code, b->verify_errors[i].code);
		assert_int_equal(a->verify_errors[i].depth, b->verify_errors[i].depth);
	}
	assert_int_equal(a->name_checked, b->name_checked);
	assert_int_equal(a->name_matched, b->name_matched);
	assert_string_equal(a->reason, b->reason);
	assert_string_equal(a->php_message, b->php_message);
	assert_string_equal(a->ca_error, b->ca_error);
	assert_int_equal(a->chain_total, b->chain_total);
	for (i = 0; i < a->chain_count; i++) {
		assert_string_equal(a->chain[i].sha256, b->chain[i].sha256);
	}
}

/* One server and options, with a store just loaded (the cache emptied first) and then with the same
 * store from the cache: the results are the same. Returns the outcome. */
static sd_tls_outcome fresh_then_cached(int srv, const sd_tls_opts *o, int expect_code)
{
	sd_tls_result *fresh = new_result(), *cached = new_result();
	sd_castore_stats st;
	sd_tls_outcome out;

	sd_castore_shutdown();
	outcome_of(srv, o, fresh);
	sd_castore_stats_get(&st);
	assert_int_equal(st.loads, 1);
	assert_int_equal(st.hits, 0);
	outcome_of(srv, o, cached);
	sd_castore_stats_get(&st);
	assert_int_equal(st.loads, 1);
	assert_int_equal(st.hits, 1);
	assert_same_verdict(fresh, cached);
	assert_int_equal(fresh->verify_code, expect_code);
	out = fresh->outcome;
	free(fresh);
	free(cached);
	return out;
}

static void test_cached_store_same_verdicts(void **state)
{
	sd_tls_result *r = new_result(), *again = new_result();
	sd_tls_opts o = opts_for("localhost");
	char other_ca[512];

	(void) state;
	wait_settled(path("ca.pem"));
	/* trusted chains */
	assert_int_equal(fresh_then_cached(SRV_VALID, &o, 0), SD_TLS_OK);
	assert_int_equal(fresh_then_cached(SRV_FULLCHAIN, &o, 0), SD_TLS_OK);
	/* untrusted: no intermediate sent (20), a self-signed leaf (18) */
	assert_int_equal(fresh_then_cached(SRV_NOINTERMEDIATE, &o, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY),
		SD_TLS_UNTRUSTED);
	assert_int_equal(fresh_then_cached(SRV_SELFSIGNED, &o, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT), SD_TLS_UNTRUSTED);
	assert_int_equal(fresh_then_cached(SRV_EXPIRED, &o, X509_V_ERR_CERT_HAS_EXPIRED), SD_TLS_EXPIRED);
	/* a valid chain against a store without its root: untrusted (20 at the intermediate) */
	snprintf(other_ca, sizeof(other_ca), "%s", path("selfsigned.crt"));
	wait_settled(other_ca);
	o.cafile = other_ca;
	assert_int_equal(fresh_then_cached(SRV_VALID, &o, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY),
		SD_TLS_UNTRUSTED);

	/* what one probe sets stays on its own connection: a depth of 0, allow_self_signed, TLS 1.2 at
	 * most, then the defaults again on the same shared context give the defaults' results */
	o = opts_for("localhost");
	sd_castore_shutdown();
	outcome_of(SRV_VALID, &o, r);
	assert_int_equal(r->outcome, SD_TLS_OK);
	o.verify_depth = 0;
	o.allow_self_signed = 1;
	o.max_proto = SD_TLS_V1_2;
	outcome_of(SRV_VALID, &o, again);
	assert_int_not_equal(again->outcome, SD_TLS_OK);
	assert_string_equal(again->version, "TLSv1.2");
	outcome_of(SRV_SELFSIGNED, &o, again);
	assert_int_equal(again->outcome, SD_TLS_OK);
	o = opts_for("localhost");
	outcome_of(SRV_VALID, &o, again);
	assert_same_verdict(r, again);
	{
		sd_castore_stats st;

		sd_castore_stats_get(&st);
		assert_int_equal(st.loads, 1);
		assert_int_equal(st.hits, 3);
	}
	free(r);
	free(again);
}

/* ---------------------------------------------------------------------------------------------- */
/* pure functions */

static void test_name_rules(void **state)
{
	(void) state;
	assert_true(sd_tls_name_matches("mail.example.com", "MAIL.Example.com"));
	assert_true(sd_tls_name_matches("*.example.com", "mail.example.com"));
	assert_false(sd_tls_name_matches("*.example.com", "a.mail.example.com"));
	assert_false(sd_tls_name_matches("*.example.com", "example.com"));
	assert_false(sd_tls_name_matches("mail.*.com", "mail.example.com"));
	assert_false(sd_tls_name_matches("*.example.com", "mail.example.org"));
	/* PHP also accepts a '*' inside the leftmost label */
	assert_true(sd_tls_name_matches("mx*.example.com", "mx1.example.com"));
	assert_false(sd_tls_name_matches("mx*.example.com", "smtp.example.com"));
	assert_false(sd_tls_name_matches("*.example.com", "a.b"));
	assert_false(sd_tls_name_matches(NULL, "a"));
}

static void test_classify_bytes(void **state)
{
	(void) state;
	assert_int_equal(sd_tls_classify_bytes((const unsigned char *) "", 0), SD_TLS_PEER_NONE);
	assert_int_equal(sd_tls_classify_bytes((const unsigned char *) "\x16\x03\x03\x00\x7a", 5), SD_TLS_PEER_TLS);
	assert_int_equal(sd_tls_classify_bytes((const unsigned char *) "\x15\x03\x01\x00\x02", 5), SD_TLS_PEER_TLS);
	assert_int_equal(sd_tls_classify_bytes((const unsigned char *) "220-mx", 6), SD_TLS_PEER_SMTP);
	assert_int_equal(sd_tls_classify_bytes((const unsigned char *) "554 no", 6), SD_TLS_PEER_SMTP);
	assert_int_equal(sd_tls_classify_bytes((const unsigned char *) "HTTP/1.1 400", 12), SD_TLS_PEER_HTTP);
	assert_int_equal(sd_tls_classify_bytes((const unsigned char *) "SSH-2.0", 7), SD_TLS_PEER_OTHER);
	assert_string_equal(sd_tls_peer_kind_name(SD_TLS_PEER_SMTP), "smtp");
	assert_string_equal(sd_tls_outcome_name(SD_TLS_NAME_MISMATCH), "name_mismatch");
	assert_string_equal(sd_tls_outcome_name(SD_TLS_CA_LOAD_FAILED), "ca_load_failed");
	assert_non_null(strstr(sd_tls_library_version(), "SSL"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_rules),
		cmocka_unit_test(test_classify_bytes),
		cmocka_unit_test(test_valid_chain_and_fields),
		cmocka_unit_test(test_ip_peer_names),
		cmocka_unit_test(test_rsa_leaf_and_read_timeout),
		cmocka_unit_test(test_expired),
		cmocka_unit_test(test_not_yet_valid),
		cmocka_unit_test(test_wrong_name),
		cmocka_unit_test(test_self_signed),
		cmocka_unit_test(test_missing_intermediate_and_unknown_ca),
		cmocka_unit_test(test_ca_loading),
		cmocka_unit_test(test_tls10_server),
		cmocka_unit_test(test_ciphers_and_protocols),
		cmocka_unit_test(test_sni),
		cmocka_unit_test(test_step_two_at_once),
		cmocka_unit_test(test_plaintext_smtp_server),
		cmocka_unit_test(test_silent_server_times_out),
		cmocka_unit_test(test_peer_closes),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_peer_closes_without_close_notify),
		cmocka_unit_test(test_cached_store_same_verdicts),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
