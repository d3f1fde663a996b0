/* smtpdiag: the report cache (see sd_cache.h). */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "ext/standard/php_var.h"
#include "Zend/zend_smart_str.h"

#include "src/php/sd_cache.h"
#include "src/engine/sd_clock.h"

/* A persistent entry: the serialized report and when it expires on the monotonic clock. */
typedef struct {
	double expires;
	zend_string *data;   /* persistent */
} entry_t;

static void entry_dtor(zval *zv)
{
	entry_t *e = Z_PTR_P(zv);
	zend_string_release_ex(e->data, 1);
	pefree(e, 1);
}

void sd_cache_ginit(sd_cache *c)
{
	c->store = pemalloc(sizeof(HashTable), 1);
	zend_hash_init(c->store, SD_CACHE_MAX_ENTRIES, NULL, entry_dtor, 1);
	c->request = NULL;
}

void sd_cache_gshutdown(sd_cache *c)
{
	if (c->store) {
		zend_hash_destroy(c->store);
		pefree(c->store, 1);
		c->store = NULL;
	}
}

void sd_cache_rshutdown(sd_cache *c)
{
	if (c->request) {
		zend_hash_destroy(c->request);
		efree(c->request);
		c->request = NULL;
	}
}

/* The request table maps a key to [expires, report]. */
static void request_put(sd_cache *c, zend_string *key, double expires, zval *report)
{
	zval row;

	if (c->request == NULL) {
		ALLOC_HASHTABLE(c->request);
		zend_hash_init(c->request, 8, NULL, ZVAL_PTR_DTOR, 0);
	}
	if (zend_hash_num_elements(c->request) >= SD_CACHE_MAX_ENTRIES) {
		zend_hash_clean(c->request);
	}
	array_init_size(&row, 2);
	add_next_index_double(&row, expires);
	Z_TRY_ADDREF_P(report);
	add_next_index_zval(&row, report);
	zend_hash_update(c->request, key, &row);
}

int sd_cache_get(sd_cache *c, zend_string *key, zval *rv)
{
	double now = sd_clock_ms();
	zval *row;
	entry_t *e;

	if (c->request && (row = zend_hash_find(c->request, key)) != NULL) {
		zval *exp = zend_hash_index_find(Z_ARRVAL_P(row), 0), *rep = zend_hash_index_find(Z_ARRVAL_P(row), 1);
		if (exp && rep && Z_DVAL_P(exp) > now) {
			ZVAL_COPY(rv, rep);
			return 1;
		}
		zend_hash_del(c->request, key);
	}
	if (c->store == NULL || (e = zend_hash_find_ptr(c->store, key)) == NULL) {
		return 0;
	}
	if (e->expires <= now) {
		zend_hash_del(c->store, key);
		return 0;
	}
	{
		php_unserialize_data_t vars;
		const unsigned char *p = (const unsigned char *) ZSTR_VAL(e->data);
		zval out;
		int ok;

		PHP_VAR_UNSERIALIZE_INIT(vars);
		ok = php_var_unserialize(&out, &p, p + ZSTR_LEN(e->data), &vars);
		PHP_VAR_UNSERIALIZE_DESTROY(vars);
		if (!ok || Z_TYPE(out) != IS_ARRAY) {
			zval_ptr_dtor(&out);
			zend_hash_del(c->store, key);
			return 0;
		}
		request_put(c, key, e->expires, &out);
		ZVAL_COPY_VALUE(rv, &out);
	}
	return 1;
}

void sd_cache_put(sd_cache *c, zend_long ttl, zend_string *key, zval *report)
{
	double now = sd_clock_ms(), expires = now + (double) ttl * 1000.0;
	HashTable *store = c->store;
	php_serialize_data_t vars;
	smart_str buf = {0};
	zval copy;
	entry_t *e;
	zend_string *pkey;

	if (store == NULL || ttl <= 0) {
		return;
	}
	/* What later calls get back says it came from the cache. */
	ZVAL_ARR(&copy, zend_array_dup(Z_ARRVAL_P(report)));
	add_assoc_bool(&copy, "cached", 1);

	PHP_VAR_SERIALIZE_INIT(vars);
	php_var_serialize(&buf, &copy, &vars);
	PHP_VAR_SERIALIZE_DESTROY(vars);
	if (EG(exception) || buf.s == NULL) {
		smart_str_free(&buf);
		zval_ptr_dtor(&copy);
		return;
	}

	if (zend_hash_num_elements(store) >= SD_CACHE_MAX_ENTRIES) {
		/* Drop what has expired; if still full, the oldest entry. */
		zend_string *k;
		entry_t *old;
		ZEND_HASH_FOREACH_STR_KEY_PTR(store, k, old) {
			if (old->expires <= now) {
				zend_hash_del(store, k);
			}
		} ZEND_HASH_FOREACH_END();
		if (zend_hash_num_elements(store) >= SD_CACHE_MAX_ENTRIES) {
			zend_hash_internal_pointer_reset(store);
			zend_hash_get_current_key(store, &k, NULL);
			if (k) {
				zend_hash_del(store, k);
			}
		}
	}
	e = pemalloc(sizeof(*e), 1);
	e->expires = expires;
	e->data = zend_string_init(ZSTR_VAL(buf.s), ZSTR_LEN(buf.s), 1);
	smart_str_free(&buf);
	pkey = zend_string_init(ZSTR_VAL(key), ZSTR_LEN(key), 1);
	zend_hash_update_ptr(store, pkey, e);
	zend_string_release_ex(pkey, 1);

	request_put(c, key, expires, &copy);
	zval_ptr_dtor(&copy);
}
