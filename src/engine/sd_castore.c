/* smtpdiag: the per-process cache of parsed CA stores (see src/engine/sd_castore.h). A TLS file:
 * OpenSSL is called here and in src/engine/sd_tls.c only. */
#include "src/engine/sd_castore.h"
#include "src/engine/sd_str.h"
#include "src/engine/sd_text.h"
#include "src/engine/sd_ssl_compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/types.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#ifdef _WIN32
# include <windows.h>
# define SD_LIST_SEP ';'
typedef struct _stat64 sd_stat_t;
# define sd_stat(p, st) _stat64((p), (st))
static SRWLOCK sd_castore_lock = SRWLOCK_INIT;
# define SD_LOCK() AcquireSRWLockExclusive(&sd_castore_lock)
# define SD_UNLOCK() ReleaseSRWLockExclusive(&sd_castore_lock)
#else
# include <pthread.h>
# define SD_LIST_SEP ':'
typedef struct stat sd_stat_t;
# define sd_stat(p, st) stat((p), (st))
static pthread_mutex_t sd_castore_lock = PTHREAD_MUTEX_INITIALIZER;
# define SD_LOCK() pthread_mutex_lock(&sd_castore_lock)
# define SD_UNLOCK() pthread_mutex_unlock(&sd_castore_lock)
#endif

/* ---------------------------------------------------------------------------------------------- */
/* identities */

/* What stat() says of one path; all zero (exists 0) when it says nothing. */
typedef struct {
	int exists;
	unsigned long long dev, ino, size;
	long long mtime_s, ctime_s;
	long mtime_ns, ctime_ns;
} sd_ident;

/* Realtime now, in nanoseconds since the epoch. */
static long long sd_now_ns(void)
{
#ifdef _WIN32
	return (long long) time(NULL) * 1000000000LL;
#else
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0) {
		return (long long) time(NULL) * 1000000000LL;
	}
	return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
#endif
}

static void sd_identify(const char *path, sd_ident *id)
{
	sd_stat_t st;

	memset(id, 0, sizeof(*id));
	if (path == NULL || sd_stat(path, &st) != 0) {
		return;
	}
	id->exists = 1;
	id->dev = (unsigned long long) st.st_dev;
	id->ino = (unsigned long long) st.st_ino;
	id->size = (unsigned long long) st.st_size;
	id->mtime_s = (long long) st.st_mtime;
	id->ctime_s = (long long) st.st_ctime;
#if defined(__APPLE__)
	id->mtime_ns = (long) st.st_mtimespec.tv_nsec;
	id->ctime_ns = (long) st.st_ctimespec.tv_nsec;
#elif !defined(_WIN32)
	id->mtime_ns = (long) st.st_mtim.tv_nsec;
	id->ctime_ns = (long) st.st_ctim.tv_nsec;
#endif
}

static int sd_ident_equal(const sd_ident *a, const sd_ident *b)
{
	return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino && a->size == b->size
		&& a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s
		&& a->ctime_ns == b->ctime_ns;
}

/* 1 when the path's last change (mtime or ctime) lies at least SD_CASTORE_SETTLE_MS before since
 * (ns since the epoch): a change after since would then show as a new timestamp. A missing path is
 * settled: appearing changes its identity. */
static int sd_ident_settled(const sd_ident *id, long long since)
{
	long long m, c;

	if (!id->exists) {
		return 1;
	}
	m = id->mtime_s * 1000000000LL + id->mtime_ns;
	c = id->ctime_s * 1000000000LL + id->ctime_ns;
	return since - (m > c ? m : c) >= (long long) SD_CASTORE_SETTLE_MS * 1000000LL;
}

static char *sd_dup(const char *s)
{
	size_t n;
	char *d;

	if (s == NULL) {
		return NULL;
	}
	n = strlen(s) + 1;
	d = malloc(n);
	if (d != NULL) {
		memcpy(d, s, n);
	}
	return d;
}

static int sd_same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* ---------------------------------------------------------------------------------------------- */
/* keys */

/* A CA configuration and the identities of its paths. Strings are borrowed while a key is being
 * looked up, and owned (malloc'd) by a cache entry. */
typedef struct {
	int defaults;              /* 1: OpenSSL's default verify paths, resolved into file and dir */
	const char *file;          /* NULL: none */
	const char *dir;           /* NULL: none; may be a ':'-separated list */
	sd_ident file_id;
	int dir_parts;
	sd_ident dir_id[SD_CASTORE_DIR_PARTS];
} sd_key;

static const char *sd_nonempty(const char *s)
{
	return (s != NULL && s[0] != '\0') ? s : NULL;
}

/* An environment variable's value when set and not empty, as OpenSSL reads it. */
static const char *sd_env(const char *name)
{
	return name != NULL ? sd_nonempty(getenv(name)) : NULL;
}

/* Fills k for (cafile, capath), stat()ing every path. Returns 0 when the configuration cannot be a
 * key (a directory list longer than SD_CASTORE_DIR_PARTS): it is then loaded on each use. */
static int sd_key_make(sd_key *k, const char *cafile, const char *capath)
{
	char part[1024];
	const char *p, *sep;
	size_t len;

	memset(k, 0, sizeof(*k));
	k->file = sd_nonempty(cafile);
	k->dir = sd_nonempty(capath);
	if (k->file == NULL && k->dir == NULL) {
		/* what SSL_CTX_set_default_verify_paths() will read: the environment, else the built-in paths */
		k->defaults = 1;
		k->file = sd_env(X509_get_default_cert_file_env());
		if (k->file == NULL) {
			k->file = X509_get_default_cert_file();
		}
		k->dir = sd_env(X509_get_default_cert_dir_env());
		if (k->dir == NULL) {
			k->dir = X509_get_default_cert_dir();
		}
	}
	sd_identify(k->file, &k->file_id);
	for (p = k->dir; p != NULL && *p != '\0'; p = *sep ? sep + 1 : sep) {
		sep = strchr(p, SD_LIST_SEP);
		if (sep == NULL) {
			sep = p + strlen(p);
		}
		len = (size_t) (sep - p);
		if (len == 0) {
			continue;
		}
		if (k->dir_parts == SD_CASTORE_DIR_PARTS || len >= sizeof(part)) {
			return 0;
		}
		memcpy(part, p, len);
		part[len] = '\0';
		sd_identify(part, &k->dir_id[k->dir_parts++]);
	}
	return 1;
}

/* Same configuration (identities aside). */
static int sd_key_same_paths(const sd_key *a, const sd_key *b)
{
	return a->defaults == b->defaults && sd_same_text(a->file, b->file) && sd_same_text(a->dir, b->dir);
}

static int sd_key_same_ids(const sd_key *a, const sd_key *b)
{
	int i;

	if (!sd_ident_equal(&a->file_id, &b->file_id) || a->dir_parts != b->dir_parts) {
		return 0;
	}
	for (i = 0; i < a->dir_parts; i++) {
		if (!sd_ident_equal(&a->dir_id[i], &b->dir_id[i])) {
			return 0;
		}
	}
	return 1;
}

static int sd_key_settled(const sd_key *k, long long since)
{
	int i;

	if (!sd_ident_settled(&k->file_id, since)) {
		return 0;
	}
	for (i = 0; i < k->dir_parts; i++) {
		if (!sd_ident_settled(&k->dir_id[i], since)) {
			return 0;
		}
	}
	return 1;
}

/* ---------------------------------------------------------------------------------------------- */
/* the cache */

typedef struct {
	int used;
	sd_key key;                /* file and dir owned */
	int settled;               /* 0: never reused (see SD_CASTORE_SETTLE_MS) */
	SSL_CTX *ctx;              /* the cache's own reference */
	unsigned long long used_at;
} sd_store_entry;

typedef struct {
	int used;
	char *path;
	int is_dir;
	sd_ident id;
	int settled;
	long count;
	int readable;
	unsigned long long used_at;
} sd_count_entry;

/* Guarded by sd_castore_lock. */
static struct {
	sd_store_entry stores[SD_CASTORE_MAX];
	sd_count_entry counts[SD_CASTORE_MAX_COUNTS];
	SSL_CTX *bare;
	unsigned long long tick;
	sd_castore_stats stats;
} sd_cache;

static void sd_store_entry_clear(sd_store_entry *e)
{
	if (e->ctx != NULL) {
		SSL_CTX_free(e->ctx);
	}
	free((char *) e->key.file);
	free((char *) e->key.dir);
	memset(e, 0, sizeof(*e));
}

static void sd_count_entry_clear(sd_count_entry *e)
{
	free(e->path);
	memset(e, 0, sizeof(*e));
}

/* The slot for a configuration: its own (stale or not), else a free one, else the least recently
 * used (emptied; counted as an eviction). */
static sd_store_entry *sd_store_slot(const sd_key *k)
{
	sd_store_entry *free_slot = NULL, *oldest = NULL;
	int i;

	for (i = 0; i < SD_CASTORE_MAX; i++) {
		sd_store_entry *e = &sd_cache.stores[i];

		if (!e->used) {
			if (free_slot == NULL) {
				free_slot = e;
			}
		} else if (sd_key_same_paths(&e->key, k)) {
			return e;
		} else if (oldest == NULL || e->used_at < oldest->used_at) {
			oldest = e;
		}
	}
	if (free_slot != NULL) {
		return free_slot;
	}
	sd_store_entry_clear(oldest);
	sd_cache.stats.evictions++;
	return oldest;
}

static sd_count_entry *sd_count_slot(const char *path, int is_dir)
{
	sd_count_entry *free_slot = NULL, *oldest = NULL;
	int i;

	for (i = 0; i < SD_CASTORE_MAX_COUNTS; i++) {
		sd_count_entry *e = &sd_cache.counts[i];

		if (!e->used) {
			if (free_slot == NULL) {
				free_slot = e;
			}
		} else if (e->is_dir == is_dir && strcmp(e->path, path) == 0) {
			return e;
		} else if (oldest == NULL || e->used_at < oldest->used_at) {
			oldest = e;
		}
	}
	if (free_slot != NULL) {
		return free_slot;
	}
	sd_count_entry_clear(oldest);
	return oldest;
}

static void sd_update_sizes(void)
{
	int i;

	sd_cache.stats.entries = 0;
	sd_cache.stats.count_entries = 0;
	for (i = 0; i < SD_CASTORE_MAX; i++) {
		sd_cache.stats.entries += sd_cache.stores[i].used;
	}
	for (i = 0; i < SD_CASTORE_MAX_COUNTS; i++) {
		sd_cache.stats.count_entries += sd_cache.counts[i].used;
	}
}

/* ---------------------------------------------------------------------------------------------- */
/* building a context */

/* A client context as PHP's streams set one up, before any CA: bug workarounds on, no compression,
 * partial writes; and no session cache, so that the shared context keeps nothing of a connection. */
static SSL_CTX *sd_ctx_new(sd_castore_error *err)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	unsigned long e;

	if (ctx == NULL) {
		e = ERR_get_error();
		if (e != 0 && ERR_reason_error_string(e) != NULL) {
			sd_str_copy(err->reason, sizeof(err->reason), ERR_reason_error_string(e));
		} else {
			sd_str_copy(err->reason, sizeof(err->reason), "cannot create a TLS context");
		}
		ERR_clear_error();
		return NULL;
	}
	SSL_CTX_set_options(ctx, SSL_OP_ALL | SSL_OP_NO_COMPRESSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	return ctx;
}

/* Loads the CA store as PHP does. 1: fine; 0: err says what failed (in PHP's words). A file that does
 * not load is opened once more to tell one that cannot be read from one without certificates. */
static int sd_load_cas(SSL_CTX *ctx, const char *cafile, const char *capath, sd_castore_error *err)
{
	FILE *f;

	if (cafile != NULL || capath != NULL) {
		if (cafile != NULL && SSL_CTX_load_verify_locations(ctx, cafile, NULL) != 1) {
			ERR_clear_error();
			f = fopen(cafile, "rb");
			if (f == NULL) {
				char why[128];

				sd_text_errno(errno, why, sizeof(why));
				snprintf(err->ca_error, sizeof(err->ca_error), "failed loading cafile stream: `%.150s' (%.60s)",
					cafile, why);
				snprintf(err->php_message, sizeof(err->php_message), "failed loading cafile stream: `%.200s'",
					cafile);
				return 0;
			}
			fclose(f);
			snprintf(err->ca_error, sizeof(err->ca_error), "no valid certs found cafile stream: `%.200s'", cafile);
			sd_str_copy(err->php_message, sizeof(err->php_message), err->ca_error);
			return 0;
		}
		if (capath != NULL && SSL_CTX_load_verify_locations(ctx, NULL, capath) != 1) {
			snprintf(err->ca_error, sizeof(err->ca_error), "Unable to set verify locations `%.100s' `%.100s'",
				cafile != NULL ? cafile : "(null)", capath);
			sd_str_copy(err->php_message, sizeof(err->php_message), err->ca_error);
			ERR_clear_error();
			return 0;
		}
		return 1;
	}
	if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
		sd_str_copy(err->ca_error, sizeof(err->ca_error),
			"Unable to set default verify locations and no CA settings specified");
		sd_str_copy(err->php_message, sizeof(err->php_message), err->ca_error);
		ERR_clear_error();
		return 0;
	}
	return 1;
}

/* ---------------------------------------------------------------------------------------------- */
/* the interface */

SSL_CTX *sd_castore_ctx(const char *cafile, const char *capath, sd_castore_error *err)
{
	sd_key k;
	sd_store_entry *e = NULL;
	SSL_CTX *ctx = NULL;
	long long since;
	int cacheable, i;

	memset(err, 0, sizeof(*err));
	cafile = sd_nonempty(cafile);
	capath = sd_nonempty(capath);
	/* identities before the lock (stat() may be slow) and before the load, so that a change during
	 * the load shows as a new identity next time */
	cacheable = sd_key_make(&k, cafile, capath);
	since = sd_now_ns();

	SD_LOCK();
	if (cacheable) {
		for (i = 0; i < SD_CASTORE_MAX; i++) {
			e = &sd_cache.stores[i];
			if (e->used && e->settled && sd_key_same_paths(&e->key, &k) && sd_key_same_ids(&e->key, &k)) {
				e->used_at = ++sd_cache.tick;
				sd_cache.stats.hits++;
				SSL_CTX_up_ref(e->ctx);
				ctx = e->ctx;
				goto done;
			}
		}
	}
	ctx = sd_ctx_new(err);
	if (ctx == NULL) {
		goto done;
	}
	sd_cache.stats.loads++;
	if (!sd_load_cas(ctx, cafile, capath, err)) {
		SSL_CTX_free(ctx);
		ctx = NULL;
		/* what was cached for these paths is stale: let it go now rather than at its eviction */
		for (i = 0; cacheable && i < SD_CASTORE_MAX; i++) {
			if (sd_cache.stores[i].used && sd_key_same_paths(&sd_cache.stores[i].key, &k)) {
				sd_store_entry_clear(&sd_cache.stores[i]);
			}
		}
		goto done;
	}
	if (!cacheable) {
		goto done;
	}
	e = sd_store_slot(&k);
	sd_store_entry_clear(e);
	e->key = k;
	e->key.file = sd_dup(k.file);
	e->key.dir = sd_dup(k.dir);
	if ((k.file != NULL && e->key.file == NULL) || (k.dir != NULL && e->key.dir == NULL)) {
		sd_store_entry_clear(e); /* out of memory: the context is still good for this caller */
		goto done;
	}
	e->used = 1;
	e->settled = sd_key_settled(&k, since);
	e->used_at = ++sd_cache.tick;
	e->ctx = ctx;
	SSL_CTX_up_ref(ctx); /* one for the cache, one for the caller */

done:
	sd_update_sizes();
	SD_UNLOCK();
	ERR_clear_error();
	return ctx;
}

SSL_CTX *sd_castore_bare_ctx(sd_castore_error *err)
{
	SSL_CTX *ctx;

	memset(err, 0, sizeof(*err));
	SD_LOCK();
	if (sd_cache.bare == NULL) {
		sd_cache.bare = sd_ctx_new(err);
	}
	ctx = sd_cache.bare;
	if (ctx != NULL) {
		SSL_CTX_up_ref(ctx);
	}
	SD_UNLOCK();
	ERR_clear_error();
	return ctx;
}

long sd_castore_count(const char *path, int is_dir, sd_castore_counter counter, int *readable)
{
	sd_count_entry *e;
	sd_ident id;
	long long since;
	long count;
	char *copy;
	int i;

	sd_identify(path, &id);
	since = sd_now_ns();
	SD_LOCK();
	for (i = 0; i < SD_CASTORE_MAX_COUNTS; i++) {
		e = &sd_cache.counts[i];
		if (e->used && e->settled && e->is_dir == is_dir && strcmp(e->path, path) == 0
			&& sd_ident_equal(&e->id, &id)) {
			e->used_at = ++sd_cache.tick;
			sd_cache.stats.count_hits++;
			*readable = e->readable;
			count = e->count;
			SD_UNLOCK();
			return count;
		}
	}
	sd_cache.stats.count_reads++;
	SD_UNLOCK();

	/* the file system is read outside the lock */
	count = counter(path, readable);

	copy = sd_dup(path);
	if (copy == NULL) {
		return count;
	}
	SD_LOCK();
	e = sd_count_slot(path, is_dir);
	sd_count_entry_clear(e);
	e->used = 1;
	e->path = copy;
	e->is_dir = is_dir;
	e->id = id;
	e->settled = sd_ident_settled(&id, since);
	e->count = count;
	e->readable = *readable;
	e->used_at = ++sd_cache.tick;
	sd_update_sizes();
	SD_UNLOCK();
	return count;
}

void sd_castore_stats_get(sd_castore_stats *s)
{
	SD_LOCK();
	*s = sd_cache.stats;
	SD_UNLOCK();
}

void sd_castore_shutdown(void)
{
	int i;

	SD_LOCK();
	for (i = 0; i < SD_CASTORE_MAX; i++) {
		sd_store_entry_clear(&sd_cache.stores[i]);
	}
	for (i = 0; i < SD_CASTORE_MAX_COUNTS; i++) {
		sd_count_entry_clear(&sd_cache.counts[i]);
	}
	if (sd_cache.bare != NULL) {
		SSL_CTX_free(sd_cache.bare);
	}
	memset(&sd_cache, 0, sizeof(sd_cache));
	SD_UNLOCK();
}
