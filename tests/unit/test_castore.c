/* sources: src/engine/sd_castore.c src/engine/sd_text.c */
/* libs: -lssl -lcrypto -lpthread */
/* The per-process CA store cache (src/engine/sd_castore.h): one load per configuration and identity,
 * a changed file (size, mtime, inode) or directory loaded anew, a just-changed file never reused, the
 * bound with the least recently used dropped, one load for threads that ask at once, OpenSSL's
 * defaults keyed by SSL_CERT_FILE / SSL_CERT_DIR, failures not cached, and the memoised counts.
 * Certificates are made here with the openssl command line tool, in a temporary folder removed at
 * the end. Settled files (older than SD_CASTORE_SETTLE_MS) are made once, at the start, and waited
 * for; the verification results with a cached store are in test_tls.c, against real servers. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/err.h>

#include "src/engine/sd_castore.h"

#define FILES (SD_CASTORE_MAX + 1)   /* one more than the bound */
#define THREADS 8

static char root[64];

static const char *at(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", root, rel);
	return buf;
}

static int run(const char *fmt, ...)
{
	char cmd[2048];
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

/* A copy of the test CA with a comment line of its own before it (PEM readers skip text outside the
 * markers), so every file has its own size and content. */
static void write_bundle(const char *rel, const char *comment)
{
	char path[256], ca[256], buf[8192];
	FILE *in, *out;
	size_t n;

	in = fopen(at(ca, sizeof(ca), "ca.pem"), "rb");
	assert_non_null(in);
	out = fopen(at(path, sizeof(path), rel), "wb");
	assert_non_null(out);
	fprintf(out, "%s\n", comment);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		assert_int_equal(fwrite(buf, 1, n, out), n);
	}
	fclose(in);
	fclose(out);
}

static void wait_settled(void)
{
	/* every file made so far is older than SD_CASTORE_SETTLE_MS afterwards */
	usleep((SD_CASTORE_SETTLE_MS + 150) * 1000);
}

static int group_setup(void **state)
{
	char rel[64], comment[64];
	int i;

	(void) state;
	snprintf(root, sizeof(root), "/tmp/sdcastore.XXXXXX");
	if (mkdtemp(root) == NULL) {
		return -1;
	}
	if (run("cd '%s' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key"
			" -subj '/CN=smtpdiag castore test CA' -days 2 -out ca.pem 2>/dev/null"
			" && mkdir capath && cp ca.pem \"capath/$(openssl x509 -noout -hash -in ca.pem).0\" && cp -r capath capath2"
			" && printf 'no certificate here\\n' > empty.pem", root) != 0) {
		return -1;
	}
	for (i = 0; i < FILES; i++) {
		snprintf(rel, sizeof(rel), "bundle%d.pem", i);
		snprintf(comment, sizeof(comment), "bundle number %d%.*s", i, i, "xxxxxxxxxxxxxxxx");
		write_bundle(rel, comment);
	}
	write_bundle("a.pem", "file a");
	write_bundle("b.pem", "file b, longer");
	write_bundle("same.pem", "rewritten in place");
	write_bundle("grow.pem", "grown in place");
	write_bundle("rename.pem", "renamed over");
	write_bundle("rename.new", "renamed over");
	write_bundle("count.pem", "counted");
	write_bundle("threads.pem", "asked by threads at once");
	wait_settled();
	return 0;
}

static int group_teardown(void **state)
{
	(void) state;
	sd_castore_shutdown();
	if (strncmp(root, "/tmp/sdcastore.", 15) == 0) {
		run("rm -rf '%s'", root);
	}
	return 0;
}

/* Each test starts with an empty cache and zero counters. */
static int reset(void **state)
{
	(void) state;
	sd_castore_shutdown();
	return 0;
}

static sd_castore_stats stats(void)
{
	sd_castore_stats s;

	sd_castore_stats_get(&s);
	return s;
}

/* The context for (cafile, capath), asserted to load (or come from the cache); the caller frees it. */
static SSL_CTX *ctx_for(const char *cafile, const char *capath)
{
	sd_castore_error err;
	SSL_CTX *ctx = sd_castore_ctx(cafile, capath, &err);

	if (ctx == NULL) {
		fail_msg("no context for %s / %s: %s %s", cafile ? cafile : "-", capath ? capath : "-", err.ca_error,
			err.reason);
	}
	assert_int_equal(ERR_peek_error(), 0);
	return ctx;
}

static void use(const char *cafile, const char *capath)
{
	SSL_CTX_free(ctx_for(cafile, capath));
}

/* ---------------------------------------------------------------------------------------------- */

static void test_same_key_same_store(void **state)
{
	char a[256], b[256];
	SSL_CTX *first, *second, *other;
	X509_STORE *store;

	(void) state;
	first = ctx_for(at(a, sizeof(a), "a.pem"), NULL);
	assert_int_equal(stats().loads, 1);
	store = SSL_CTX_get_cert_store(first);
	assert_int_equal(sk_X509_OBJECT_num(X509_STORE_get0_objects(store)), 1);

	second = ctx_for(a, NULL);
	assert_ptr_equal(second, first);
	assert_int_equal(stats().loads, 1);
	assert_int_equal(stats().hits, 1);
	/* "" is unset, as PHP reads it */
	SSL_CTX_free(ctx_for(a, ""));
	assert_int_equal(stats().loads, 1);

	/* another file, and the same file as a capath-less pair with another capath, are other keys */
	other = ctx_for(at(b, sizeof(b), "b.pem"), NULL);
	assert_ptr_not_equal(other, first);
	assert_int_equal(stats().loads, 2);
	use(a, at(b, sizeof(b), "capath"));
	assert_int_equal(stats().loads, 3);
	assert_int_equal(stats().entries, 3);

	/* references outlive the cache */
	sd_castore_shutdown();
	assert_int_equal(stats().entries, 0);
	assert_int_equal(sk_X509_OBJECT_num(X509_STORE_get0_objects(store)), 1);
	SSL_CTX_free(first);
	SSL_CTX_free(second);
	SSL_CTX_free(other);
}

/* Each file is older than SD_CASTORE_SETTLE_MS when it changes, so the change itself is what is
 * noticed (a file changed that recently is never reused anyway, see the next test). */
static void test_changed_file_loads_anew(void **state)
{
	char path[256], repl[256];
	struct stat before, after;
	FILE *fp;

	(void) state;
	/* rewritten in place with the same bytes: same inode and size, a new mtime */
	at(path, sizeof(path), "same.pem");
	use(path, NULL);
	use(path, NULL);
	assert_int_equal(stats().loads, 1);
	assert_int_equal(stat(path, &before), 0);
	write_bundle("same.pem", "rewritten in place");
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(after.st_ino, before.st_ino);
	assert_int_equal(after.st_size, before.st_size);
	use(path, NULL);
	assert_int_equal(stats().loads, 2);

	/* grown in place: a new size */
	at(path, sizeof(path), "grow.pem");
	use(path, NULL);
	use(path, NULL);
	assert_int_equal(stats().loads, 3);
	fp = fopen(path, "ab");
	assert_non_null(fp);
	fputs("# one more line\n", fp);
	fclose(fp);
	use(path, NULL);
	assert_int_equal(stats().loads, 4);

	/* replaced by a rename of a file as old, as large and as full: a new inode */
	at(path, sizeof(path), "rename.pem");
	use(path, NULL);
	use(path, NULL);
	assert_int_equal(stats().loads, 5);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(rename(at(repl, sizeof(repl), "rename.new"), path), 0);
	assert_int_equal(stat(path, &after), 0);
	assert_true(after.st_ino != before.st_ino);
	assert_int_equal(after.st_size, before.st_size);
	use(path, NULL);
	assert_int_equal(stats().loads, 6);
	/* one entry per configuration: a stale one is replaced, not kept beside the new one */
	assert_int_equal(stats().entries, 3);
	assert_int_equal(stats().hits, 3);
}

static void test_recent_file_not_reused(void **state)
{
	char path[256];

	(void) state;
	/* changed less than SD_CASTORE_SETTLE_MS ago: a rewrite within the same timestamp tick would not
	 * show, so every use loads, as without the cache */
	write_bundle("fresh.pem", "just written");
	at(path, sizeof(path), "fresh.pem");
	use(path, NULL);
	use(path, NULL);
	use(path, NULL);
	assert_int_equal(stats().loads, 3);
	assert_int_equal(stats().hits, 0);
	assert_int_equal(stats().entries, 1);

	/* once it has settled, one more load, then none */
	wait_settled();
	use(path, NULL);
	use(path, NULL);
	use(path, NULL);
	assert_int_equal(stats().loads, 4);
	assert_int_equal(stats().hits, 2);
}

static void test_bound_drops_least_recently_used(void **state)
{
	char path[FILES][256], rel[64];
	int i;

	(void) state;
	for (i = 0; i < FILES; i++) {
		snprintf(rel, sizeof(rel), "bundle%d.pem", i);
		at(path[i], sizeof(path[i]), rel);
	}
	for (i = 0; i < SD_CASTORE_MAX; i++) {
		use(path[i], NULL);
	}
	assert_int_equal(stats().entries, SD_CASTORE_MAX);
	assert_int_equal(stats().evictions, 0);
	/* bundle0 is used again, so bundle1 is now the least recently used */
	use(path[0], NULL);
	assert_int_equal(stats().loads, SD_CASTORE_MAX);
	/* one more file: bundle1 goes */
	use(path[SD_CASTORE_MAX], NULL);
	assert_int_equal(stats().loads, SD_CASTORE_MAX + 1);
	assert_int_equal(stats().entries, SD_CASTORE_MAX);
	assert_int_equal(stats().evictions, 1);
	/* the others are still there */
	use(path[0], NULL);
	for (i = 2; i < FILES; i++) {
		use(path[i], NULL);
	}
	assert_int_equal(stats().loads, SD_CASTORE_MAX + 1);
	/* bundle1 is loaded again (and another goes for it) */
	use(path[1], NULL);
	assert_int_equal(stats().loads, SD_CASTORE_MAX + 2);
	assert_int_equal(stats().entries, SD_CASTORE_MAX);
	assert_int_equal(stats().evictions, 2);
}

typedef struct {
	pthread_barrier_t *start;
	const char *path;
	SSL_CTX *ctx;
} thread_arg;

static void *ask(void *p)
{
	thread_arg *a = p;
	sd_castore_error err;

	pthread_barrier_wait(a->start);
	a->ctx = sd_castore_ctx(a->path, NULL, &err);
	return NULL;
}

static void test_threads_at_once_load_once(void **state)
{
	pthread_barrier_t start;
	pthread_t tid[THREADS];
	thread_arg arg[THREADS];
	char path[256];
	int i;

	(void) state;
	at(path, sizeof(path), "threads.pem");
	assert_int_equal(pthread_barrier_init(&start, NULL, THREADS), 0);
	for (i = 0; i < THREADS; i++) {
		arg[i].start = &start;
		arg[i].path = path;
		arg[i].ctx = NULL;
		assert_int_equal(pthread_create(&tid[i], NULL, ask, &arg[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(tid[i], NULL), 0);
	}
	pthread_barrier_destroy(&start);
	assert_int_equal(stats().loads, 1);
	assert_int_equal(stats().hits, THREADS - 1);
	for (i = 0; i < THREADS; i++) {
		assert_non_null(arg[i].ctx);
		assert_ptr_equal(arg[i].ctx, arg[0].ctx);
	}
	for (i = 0; i < THREADS; i++) {
		SSL_CTX_free(arg[i].ctx);
	}
}

static void test_defaults_follow_the_environment(void **state)
{
	char a[256], b[256], dir[256];

	(void) state;
	at(a, sizeof(a), "a.pem");
	at(b, sizeof(b), "b.pem");
	setenv("SSL_CERT_FILE", a, 1);
	setenv("SSL_CERT_DIR", at(dir, sizeof(dir), "capath"), 1);
	use(NULL, NULL);
	use(NULL, NULL);
	assert_int_equal(stats().loads, 1);
	/* the explicit cafile of the same path is another configuration (PHP loads only that file) */
	use(a, NULL);
	assert_int_equal(stats().loads, 2);
	/* another SSL_CERT_FILE, then back */
	setenv("SSL_CERT_FILE", b, 1);
	use(NULL, NULL);
	assert_int_equal(stats().loads, 3);
	setenv("SSL_CERT_FILE", a, 1);
	use(NULL, NULL);
	assert_int_equal(stats().loads, 3);
	/* another SSL_CERT_DIR (a list of two, the second missing) */
	snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), ":%s/nowhere", root);
	setenv("SSL_CERT_DIR", dir, 1);
	use(NULL, NULL);
	use(NULL, NULL);
	assert_int_equal(stats().loads, 4);
	unsetenv("SSL_CERT_FILE");
	unsetenv("SSL_CERT_DIR");
}

static void test_directory_change_loads_anew(void **state)
{
	char dir[256], extra[256];

	(void) state;
	at(dir, sizeof(dir), "capath");
	use(NULL, dir);
	use(NULL, dir);
	assert_int_equal(stats().loads, 1);
	/* an entry added (what c_rehash does) changes the directory */
	assert_int_equal(run("cp '%s' '%s/ffffffff.0'", at(extra, sizeof(extra), "b.pem"), dir), 0);
	use(NULL, dir);
	assert_int_equal(stats().loads, 2);
	assert_int_equal(run("rm '%s/ffffffff.0'", dir), 0);
}

static void test_long_directory_list_not_cached(void **state)
{
	char list[2048];
	size_t len = 0;
	int i;

	(void) state;
	/* more elements than a key keeps: loaded on each use, and working */
	for (i = 0; i <= SD_CASTORE_DIR_PARTS; i++) {
		len += (size_t) snprintf(list + len, sizeof(list) - len, "%s%s/capath2", i ? ":" : "", root);
	}
	use(NULL, list);
	use(NULL, list);
	assert_int_equal(stats().loads, 2);
	assert_int_equal(stats().entries, 0);
	/* one element fewer is a key */
	*strrchr(list, ':') = '\0';
	use(NULL, list);
	use(NULL, list);
	assert_int_equal(stats().loads, 3);
	assert_int_equal(stats().entries, 1);
}

static void test_failures_are_not_cached(void **state)
{
	char path[256], gone[256], expect[300];
	sd_castore_error err;

	(void) state;
	assert_null(sd_castore_ctx(at(path, sizeof(path), "missing.pem"), NULL, &err));
	snprintf(expect, sizeof(expect), "failed loading cafile stream: `%s'", path);
	assert_string_equal(err.php_message, expect);
	assert_non_null(strstr(err.ca_error, "No such file or directory"));
	assert_int_equal(ERR_peek_error(), 0);
	assert_null(sd_castore_ctx(at(path, sizeof(path), "empty.pem"), NULL, &err));
	assert_non_null(strstr(err.php_message, "no valid certs found cafile stream"));
	assert_int_equal(ERR_peek_error(), 0);
	assert_null(sd_castore_ctx(path, NULL, &err));
	assert_int_equal(stats().loads, 3);
	assert_int_equal(stats().entries, 0);

	/* a cached file that goes away fails on the next use, and its entry goes with it */
	write_bundle("gone.pem", "about to go");
	at(gone, sizeof(gone), "gone.pem");
	use(gone, NULL);
	assert_int_equal(stats().entries, 1);
	assert_int_equal(unlink(gone), 0);
	assert_null(sd_castore_ctx(gone, NULL, &err));
	assert_int_equal(stats().entries, 0);

	/* the bare context (no CA) is one per process, not a load */
	{
		SSL_CTX *x = sd_castore_bare_ctx(&err), *y = sd_castore_bare_ctx(&err);

		assert_non_null(x);
		assert_ptr_equal(x, y);
		assert_int_equal(sk_X509_OBJECT_num(X509_STORE_get0_objects(SSL_CTX_get_cert_store(x))), 0);
		SSL_CTX_free(x);
		SSL_CTX_free(y);
	}
	assert_int_equal(stats().loads, 5);
}

static int counted;

static long fake_counter(const char *path, int *readable)
{
	(void) path;
	counted++;
	*readable = 1;
	return 42;
}

static void test_counts_memoised(void **state)
{
	char path[256], fresh[256];
	int readable = 0;

	(void) state;
	counted = 0;
	at(path, sizeof(path), "count.pem");
	assert_int_equal(sd_castore_count(path, 0, fake_counter, &readable), 42);
	assert_int_equal(readable, 1);
	readable = 0;
	assert_int_equal(sd_castore_count(path, 0, fake_counter, &readable), 42);
	assert_int_equal(readable, 1);
	assert_int_equal(counted, 1);
	assert_int_equal(stats().count_reads, 1);
	assert_int_equal(stats().count_hits, 1);
	/* the same path as a directory is another count */
	sd_castore_count(path, 1, fake_counter, &readable);
	assert_int_equal(counted, 2);
	/* a just-written file is counted each time */
	write_bundle("fresh-count.pem", "counted");
	at(fresh, sizeof(fresh), "fresh-count.pem");
	sd_castore_count(fresh, 0, fake_counter, &readable);
	sd_castore_count(fresh, 0, fake_counter, &readable);
	assert_int_equal(counted, 4);
	/* a changed file is counted again */
	write_bundle("count.pem", "counted, and changed");
	sd_castore_count(path, 0, fake_counter, &readable);
	assert_int_equal(counted, 5);
	assert_int_equal(stats().count_entries, 3);
	/* the counts are bounded too */
	{
		char rel[64], p[256];
		int i;

		for (i = 0; i < FILES; i++) {
			snprintf(rel, sizeof(rel), "bundle%d.pem", i);
			sd_castore_count(at(p, sizeof(p), rel), 0, fake_counter, &readable);
		}
		assert_int_equal(stats().count_entries, SD_CASTORE_MAX_COUNTS);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_same_key_same_store, reset),
		cmocka_unit_test_setup(test_changed_file_loads_anew, reset),
		cmocka_unit_test_setup(test_bound_drops_least_recently_used, reset),
		cmocka_unit_test_setup(test_threads_at_once_load_once, reset),
		cmocka_unit_test_setup(test_defaults_follow_the_environment, reset),
		cmocka_unit_test_setup(test_directory_change_loads_anew, reset),
		cmocka_unit_test_setup(test_long_directory_list_not_cached, reset),
		cmocka_unit_test_setup(test_failures_are_not_cached, reset),
		cmocka_unit_test_setup(test_counts_memoised, reset),
		cmocka_unit_test_setup(test_recent_file_not_reused, reset),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
