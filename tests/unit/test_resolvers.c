/* sources: src/engine/sd_net.c src/engine/sd_text.c */
/* libs: -lpthread -ldl */
/* The cap on pending resolver threads (SD_NET_MAX_RESOLVERS), with a resolver that stalls: this binary
 * defines getaddrinfo() itself, which the engine's calls reach instead of the C library's. A name
 * starting with "stall" blocks until the test lets it go (then it is not found); any other name resolves
 * to 127.0.0.1 through the C library, which also answers the engine's numeric (AI_NUMERICHOST) test. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "src/engine/sd_net.h"
#include "src/engine/sd_clock.h"

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;
static int gate_passes;      /* stalled lookups allowed to return */
static int gate_waiting;     /* stalled lookups waiting */

typedef int (*gai_fn)(const char *, const char *, const struct addrinfo *, struct addrinfo **);

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res)
{
	static gai_fn real;
	struct addrinfo h;

	if (real == NULL) {
		real = (gai_fn) dlsym(RTLD_NEXT, "getaddrinfo");
	}
	if (hints != NULL && (hints->ai_flags & AI_NUMERICHOST)) {
		return real(node, service, hints, res);   /* the engine's IP-literal test */
	}
	if (node != NULL && strncmp(node, "stall", 5) == 0) {
		pthread_mutex_lock(&gate_lock);
		gate_waiting++;
		while (gate_passes == 0) {
			pthread_cond_wait(&gate_cond, &gate_lock);
		}
		gate_passes--;
		gate_waiting--;
		pthread_mutex_unlock(&gate_lock);
		*res = NULL;
		return EAI_NONAME;
	}
	h = hints ? *hints : (struct addrinfo) { 0 };
	h.ai_flags |= AI_NUMERICHOST;
	return real("127.0.0.1", service, &h, res);
}

static void gate_open(int n)
{
	pthread_mutex_lock(&gate_lock);
	gate_passes += n;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
}

static void *open_one_later(void *arg)
{
	(void) arg;
	usleep(150 * 1000);
	gate_open(1);
	return NULL;
}

/* SD_NET_MAX_RESOLVERS lookups stall and time out; the next one waits for a slot until its deadline,
 * then fails saying too many lookups are pending; a slot that comes free while it waits lets it go on;
 * once the resolver answers, every thread ends and lookups work again. */
static void cap_on_pending_lookups(void **state)
{
	sd_resolve_result r;
	pthread_t t;
	double t0;
	int i;
	char name[32];

	(void) state;
	for (i = 0; i < SD_NET_MAX_RESOLVERS; i++) {
		snprintf(name, sizeof(name), "stall%d.example", i);
		assert_int_equal(sd_net_resolve(name, 4, sd_clock_ms() + 30, &r), SD_RESOLVE_TIMEOUT);
	}
	assert_int_equal(sd_net_resolvers_running(), SD_NET_MAX_RESOLVERS);

	/* no slot: waits its own deadline, starts no thread, fails as dns_failure */
	t0 = sd_clock_ms();
	assert_int_equal(sd_net_resolve("mail.example", 4, t0 + 300, &r), SD_RESOLVE_FAILURE);
	assert_true(sd_clock_ms() - t0 >= 290);
	assert_true(sd_clock_ms() - t0 < 1500);
	assert_non_null(strstr(r.gai_text, "too many DNS lookups still pending"));
	assert_int_equal(r.gai_code, 0);
	assert_string_equal(r.gai_name, "");
	assert_int_equal(sd_net_resolvers_running(), SD_NET_MAX_RESOLVERS);
	assert_int_equal(sd_net_resolvers_started(), SD_NET_MAX_RESOLVERS);

	/* one stalled lookup returns while the next waits: it takes that slot */
	assert_int_equal(pthread_create(&t, NULL, open_one_later, NULL), 0);
	t0 = sd_clock_ms();
	assert_int_equal(sd_net_resolve("mail.example", 4, t0 + 5000, &r), SD_RESOLVE_OK);
	assert_true(sd_clock_ms() - t0 < 2500);
	assert_int_equal(r.count, 1);
	pthread_join(t, NULL);

	/* the resolver answers: every thread ends */
	gate_open(1000);
	assert_int_equal(sd_net_shutdown(5000), 0);
	assert_int_equal(sd_net_resolve("mail.example", 4, sd_clock_ms() + 2000, &r), SD_RESOLVE_OK);
	assert_int_equal(sd_net_shutdown(5000), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cap_on_pending_lookups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
