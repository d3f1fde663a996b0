/* smtpdiag: the network engine (see sd_net.h for the contract and for what it mirrors of PHP). */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE /* EAI_NODATA, EAI_ADDRFAMILY, pipe2, SOCK_NONBLOCK */
#endif

#include "src/engine/sd_net.h"
#include "src/engine/sd_str.h"
#include "src/engine/sd_text.h"
#include "src/engine/sd_clock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
# include <windows.h>
# define sd_poll WSAPoll
# define SD_SOCK_ERRNO() WSAGetLastError()
# define SD_IN_PROGRESS(e) ((e) == WSAEWOULDBLOCK || (e) == WSAEINPROGRESS)
#else
# include <fcntl.h>
# include <netdb.h>
# include <netinet/in.h>
# include <arpa/inet.h>
# include <pthread.h>
# include <signal.h>
# include <unistd.h>
# define sd_poll poll
# define SD_SOCK_ERRNO() errno
# define SD_IN_PROGRESS(e) ((e) == EINPROGRESS)
#endif

/* ============================================================================================== */
/* Small helpers */


static void sd_append_text(char *dst, size_t cap, const char *src)
{
	size_t len = strlen(dst);

	if (len + 1 < cap) {
		sd_str_copy(dst + len, cap - len, src);
	}
}

static void sd_addr_text(const struct sockaddr *sa, socklen_t len, char *buf, size_t cap)
{
	if (getnameinfo(sa, len, buf, (socklen_t) cap, NULL, 0, NI_NUMERICHOST) != 0) {
		sd_str_copy(buf, cap, "?");
	}
}

void sd_net_close(sd_socket_t fd)
{
	if (fd == SD_NET_NO_FD) {
		return;
	}
#ifdef _WIN32
	closesocket(fd);
#else
	close(fd);
#endif
}

void sd_net_set_port(struct sockaddr_storage *sa, int port)
{
	if (sa->ss_family == AF_INET) {
		((struct sockaddr_in *) sa)->sin_port = htons((unsigned short) port);
	} else if (sa->ss_family == AF_INET6) {
		((struct sockaddr_in6 *) sa)->sin6_port = htons((unsigned short) port);
	}
}

const char *sd_net_gai_name(int code)
{
	switch (code) {
	case 0: return "";
#ifdef EAI_NONAME
	case EAI_NONAME: return "EAI_NONAME";
#endif
#if defined(EAI_NODATA) && (!defined(EAI_NONAME) || EAI_NODATA != EAI_NONAME)
	case EAI_NODATA: return "EAI_NODATA";
#endif
#ifdef EAI_ADDRFAMILY
	case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
#endif
#ifdef EAI_AGAIN
	case EAI_AGAIN: return "EAI_AGAIN";
#endif
#ifdef EAI_FAIL
	case EAI_FAIL: return "EAI_FAIL";
#endif
#ifdef EAI_FAMILY
	case EAI_FAMILY: return "EAI_FAMILY";
#endif
#ifdef EAI_MEMORY
	case EAI_MEMORY: return "EAI_MEMORY";
#endif
#ifdef EAI_SERVICE
	case EAI_SERVICE: return "EAI_SERVICE";
#endif
#ifdef EAI_SOCKTYPE
	case EAI_SOCKTYPE: return "EAI_SOCKTYPE";
#endif
#ifdef EAI_BADFLAGS
	case EAI_BADFLAGS: return "EAI_BADFLAGS";
#endif
#ifdef EAI_SYSTEM
	case EAI_SYSTEM: return "EAI_SYSTEM";
#endif
	default: return "EAI_?";
	}
}

static sd_resolve_status sd_gai_class(int code)
{
	if (code == 0) {
		return SD_RESOLVE_OK;
	}
#ifdef EAI_NONAME
	if (code == EAI_NONAME) {
		return SD_RESOLVE_NOT_FOUND;
	}
#endif
#ifdef EAI_NODATA
	if (code == EAI_NODATA) {
		return SD_RESOLVE_NOT_FOUND;
	}
#endif
#ifdef EAI_ADDRFAMILY
	if (code == EAI_ADDRFAMILY) {
		return SD_RESOLVE_NOT_FOUND; /* the name has no address of the family asked for */
	}
#endif
	return SD_RESOLVE_FAILURE;
}

/* ============================================================================================== */
/* Resolving */

static void sd_resolve_set_error(sd_resolve_result *out, int code, int sys_errno)
{
	out->status = sd_gai_class(code);
	out->gai_code = code;
	out->gai_name = sd_net_gai_name(code);
	out->sys_errno = sys_errno;
#ifdef EAI_SYSTEM
	if (code == EAI_SYSTEM && sys_errno != 0) {
		char tmp[SD_NET_ERR_TEXT];
		sd_text_errno(sys_errno, tmp, sizeof(tmp));
		sd_str_copy(out->gai_text, sizeof(out->gai_text), gai_strerror(code));
		sd_append_text(out->gai_text, sizeof(out->gai_text), ": ");
		sd_append_text(out->gai_text, sizeof(out->gai_text), tmp);
		return;
	}
#endif
	sd_str_copy(out->gai_text, sizeof(out->gai_text), gai_strerror(code));
}

/* Keep res's addresses, in order, in out. */
static void sd_resolve_take(sd_resolve_result *out, const struct addrinfo *res)
{
	const struct addrinfo *ai;

	for (ai = res; ai != NULL; ai = ai->ai_next) {
		sd_net_addr *a;

		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) {
			continue;
		}
		out->total++;
		if (out->count >= SD_NET_MAX_ADDRS || ai->ai_addrlen > sizeof(a->sa)) {
			continue;
		}
		a = &out->addrs[out->count++];
		a->family = ai->ai_family;
		memcpy(&a->sa, ai->ai_addr, ai->ai_addrlen);
		a->sa_len = (socklen_t) ai->ai_addrlen;
		sd_addr_text(ai->ai_addr, (socklen_t) ai->ai_addrlen, a->text, sizeof(a->text));
	}
	if (out->count == 0) {
		/* PHP: "getaddrinfo failed (null result pointer)" */
		out->status = SD_RESOLVE_FAILURE;
		sd_str_copy(out->gai_text, sizeof(out->gai_text), "getaddrinfo returned no usable address");
	} else {
		out->status = SD_RESOLVE_OK;
	}
}

/* PHP asks for AF_UNSPEC only when an IPv6 socket can be created (its "ipv6_borked" probe, which it
 * caches in a static; smtpdiag probes on every call instead: one socket() is cheap). */
static int sd_family_for(int ip_version)
{
	sd_socket_t s;

	if (ip_version == 4) {
		return AF_INET;
	}
	if (ip_version == 6) {
		return AF_INET6;
	}
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	if (s == SD_NET_NO_FD) {
		return AF_INET;
	}
	sd_net_close(s);
	return AF_UNSPEC;
}

#ifndef _WIN32

/* Resolver threads still running, for sd_net_shutdown(), and ever started, for module shutdown. This
 * is the file's only mutable static data: process-wide counts (with their mutex and condition variable)
 * are the one thing that can know about detached threads that outlived the request that started them,
 * whichever PHP thread that was. */
static pthread_mutex_t sd_threads_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sd_threads_cond = PTHREAD_COND_INITIALIZER;
static int sd_threads_running = 0;
static int sd_threads_started = 0;

/* What the caller and its resolver thread share. Freed by whichever of the two lets go last. */
typedef struct {
	pthread_mutex_t lock;
	int refs;
	int done;
	int wake_r, wake_w;           /* the thread writes one byte to wake_w when getaddrinfo() returned */
	char host[SD_NET_HOST_MAX];
	struct addrinfo hints;
	int gai_code;
	int sys_errno;
	struct addrinfo *res;         /* set by the thread; taken (set to NULL) by the caller if in time */
} sd_resolve_job;

static void sd_job_release(sd_resolve_job *job)
{
	int last;

	pthread_mutex_lock(&job->lock);
	last = (--job->refs == 0);
	pthread_mutex_unlock(&job->lock);
	if (!last) {
		return;
	}
	if (job->res != NULL) {
		freeaddrinfo(job->res);
	}
	close(job->wake_r);
	close(job->wake_w);
	pthread_mutex_destroy(&job->lock);
	free(job);
}

static void *sd_resolve_thread(void *arg)
{
	sd_resolve_job *job = arg;
	struct addrinfo *res = NULL;
	int code, err;
	ssize_t w;

	code = getaddrinfo(job->host, NULL, &job->hints, &res);
	err = errno;

	pthread_mutex_lock(&job->lock);
	job->gai_code = code;
	job->sys_errno = code != 0 ? err : 0;
	job->res = code == 0 ? res : NULL;
	job->done = 1;
	pthread_mutex_unlock(&job->lock);
	if (code != 0 && res != NULL) {
		freeaddrinfo(res);
	}

	do {
		w = write(job->wake_w, "x", 1);
	} while (w < 0 && errno == EINTR);

	sd_job_release(job);

	pthread_mutex_lock(&sd_threads_lock);
	sd_threads_running--;
	pthread_cond_broadcast(&sd_threads_cond);
	pthread_mutex_unlock(&sd_threads_lock);
	return NULL;
}

static sd_resolve_job *sd_job_new(const char *host, const struct addrinfo *hints)
{
	sd_resolve_job *job = calloc(1, sizeof(*job));
	int fds[2];

	if (job == NULL) {
		return NULL;
	}
#ifdef __linux__
	if (pipe2(fds, O_CLOEXEC) != 0) {
#else
	if (pipe(fds) != 0) {
#endif
		free(job);
		return NULL;
	}
	if (pthread_mutex_init(&job->lock, NULL) != 0) {
		close(fds[0]);
		close(fds[1]);
		free(job);
		return NULL;
	}
	job->wake_r = fds[0];
	job->wake_w = fds[1];
	job->refs = 2; /* the caller and the thread */
	sd_str_copy(job->host, sizeof(job->host), host);
	job->hints = *hints;
	return job;
}

/* Takes one of the SD_NET_MAX_RESOLVERS slots, waiting for one until deadline when all are held by
 * lookups that have not returned (a resolver that does not answer must not pile up threads). Returns 0,
 * or -1 when none came free in time. */
static int sd_slot_take(double deadline)
{
	pthread_mutex_lock(&sd_threads_lock);
	while (sd_threads_running >= SD_NET_MAX_RESOLVERS) {
		int left = sd_clock_left(deadline);
		struct timespec until;

		if (left <= 0) {
			pthread_mutex_unlock(&sd_threads_lock);
			return -1;
		}
		clock_gettime(CLOCK_REALTIME, &until); /* pthread_cond_timedwait's default clock */
		until.tv_sec += left / 1000;
		until.tv_nsec += (long) (left % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&sd_threads_cond, &sd_threads_lock, &until);
	}
	sd_threads_running++;
	sd_threads_started++;
	pthread_mutex_unlock(&sd_threads_lock);
	return 0;
}

/* Start the thread with every signal blocked, so that PHP's handlers (pcntl, the max_execution_time
 * timer) keep running on PHP's own thread. The caller holds a slot (sd_slot_take()); the thread gives
 * it back when getaddrinfo() returns, or this function does when the thread cannot start. */
static int sd_job_start(sd_resolve_job *job)
{
	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;
	int rc;

	if (pthread_attr_init(&attr) != 0) {
		pthread_mutex_lock(&sd_threads_lock);
		sd_threads_running--;
		pthread_cond_broadcast(&sd_threads_cond);
		pthread_mutex_unlock(&sd_threads_lock);
		return -1;
	}
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);

	rc = pthread_create(&tid, &attr, sd_resolve_thread, job);

	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		pthread_mutex_lock(&sd_threads_lock);
		sd_threads_running--;
		pthread_cond_broadcast(&sd_threads_cond);
		pthread_mutex_unlock(&sd_threads_lock);
		errno = rc;
		return -1;
	}
	return 0;
}

/* Wait for the thread's byte until deadline. Returns 1 when getaddrinfo() has returned. */
static int sd_job_wait(sd_resolve_job *job, double deadline)
{
	struct pollfd p;
	int done;

	for (;;) {
		int left = sd_clock_left(deadline);
		int n;

		p.fd = job->wake_r;
		p.events = POLLIN;
		p.revents = 0;
		n = poll(&p, 1, left);
		if (n > 0 || (n == 0 && left == 0) || (n < 0 && errno != EINTR)) {
			break;
		}
	}
	pthread_mutex_lock(&job->lock);
	done = job->done;
	pthread_mutex_unlock(&job->lock);
	return done;
}

static void sd_resolve_threaded(const char *host, const struct addrinfo *hints, double deadline,
                                sd_resolve_result *out)
{
	sd_resolve_job *job;
	struct addrinfo *res = NULL;
	int code = 0, err = 0;

	if (sd_slot_take(deadline) != 0) {
		out->status = SD_RESOLVE_FAILURE;
		out->gai_code = 0;
		out->gai_name = "";
		snprintf(out->gai_text, sizeof(out->gai_text), "too many DNS lookups still pending (%d earlier ones "
			"have not returned)", SD_NET_MAX_RESOLVERS);
		return;
	}
	job = sd_job_new(host, hints);
	if (job == NULL) {
		int e = errno;
		pthread_mutex_lock(&sd_threads_lock);
		sd_threads_running--;
		pthread_cond_broadcast(&sd_threads_cond);
		pthread_mutex_unlock(&sd_threads_lock);
		errno = e;
	}
	if (job == NULL || sd_job_start(job) != 0) {
		int e = errno;
		if (job != NULL) {
			job->refs = 1;
			sd_job_release(job);
		}
#ifdef EAI_SYSTEM
		sd_resolve_set_error(out, EAI_SYSTEM, e);
#else
		sd_resolve_set_error(out, EAI_FAIL, e);
#endif
		out->status = SD_RESOLVE_FAILURE;
		return;
	}

	if (!sd_job_wait(job, deadline)) {
		sd_job_release(job); /* the thread frees the job when getaddrinfo() finally returns */
		out->status = SD_RESOLVE_TIMEOUT;
		out->gai_code = 0;
		out->gai_name = "";
		return; /* the caller writes gai_text with the time it waited */
	}

	pthread_mutex_lock(&job->lock);
	code = job->gai_code;
	err = job->sys_errno;
	res = job->res;
	job->res = NULL;
	pthread_mutex_unlock(&job->lock);
	sd_job_release(job);

	if (code != 0) {
		sd_resolve_set_error(out, code, err);
	} else {
		sd_resolve_take(out, res);
	}
	if (res != NULL) {
		freeaddrinfo(res);
	}
}

int sd_net_resolvers_running(void)
{
	int n;

	pthread_mutex_lock(&sd_threads_lock);
	n = sd_threads_running;
	pthread_mutex_unlock(&sd_threads_lock);
	return n;
}

int sd_net_resolvers_started(void)
{
	int n;

	pthread_mutex_lock(&sd_threads_lock);
	n = sd_threads_started;
	pthread_mutex_unlock(&sd_threads_lock);
	return n;
}

int sd_net_shutdown(int max_wait_ms)
{
	struct timespec until;
	int n;

	clock_gettime(CLOCK_REALTIME, &until); /* pthread_cond_timedwait's default clock */
	until.tv_sec += max_wait_ms / 1000;
	until.tv_nsec += (long) (max_wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&sd_threads_lock);
	while (sd_threads_running > 0) {
		if (pthread_cond_timedwait(&sd_threads_cond, &sd_threads_lock, &until) == ETIMEDOUT) {
			break;
		}
	}
	n = sd_threads_running;
	pthread_mutex_unlock(&sd_threads_lock);
	return n;
}

#else /* _WIN32 */

/* Not yet done on Windows: the lookup runs on the caller's thread and can overrun the deadline. A
 * port would use GetAddrInfoExW with a timeout, or a thread and an event handle. */
static void sd_resolve_threaded(const char *host, const struct addrinfo *hints, double deadline,
                                sd_resolve_result *out)
{
	struct addrinfo *res = NULL;
	int code = getaddrinfo(host, NULL, hints, &res);

	(void) deadline;
	if (code != 0) {
		sd_resolve_set_error(out, code, 0);
	} else {
		sd_resolve_take(out, res);
	}
	if (res != NULL) {
		freeaddrinfo(res);
	}
}

int sd_net_resolvers_running(void)
{
	return 0;
}

int sd_net_resolvers_started(void)
{
	return 0;
}

int sd_net_shutdown(int max_wait_ms)
{
	(void) max_wait_ms;
	return 0;
}

#endif

sd_resolve_status sd_net_resolve(const char *host, int ip_version, double deadline, sd_resolve_result *out)
{
	double t0 = sd_clock_ms();
	struct addrinfo hints, *res = NULL;
	int code;

	memset(out, 0, sizeof(*out));
	out->gai_name = "";

	if (host == NULL || host[0] == '\0' || strlen(host) >= SD_NET_HOST_MAX) {
		out->status = SD_RESOLVE_NOT_FOUND;
		sd_str_copy(out->gai_text, sizeof(out->gai_text),
		        host == NULL || host[0] == '\0' ? "empty host name" : "host name longer than 255 bytes");
		goto done;
	}

	/* An IP literal never goes to a resolver: parse it, in the family PHP would ask for. */
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST;
	code = getaddrinfo(host, NULL, &hints, &res);
	if (res != NULL) {
		freeaddrinfo(res);
		res = NULL;
	}
	if (code == 0) {
		out->numeric = 1;
		hints.ai_family = sd_family_for(ip_version);
		code = getaddrinfo(host, NULL, &hints, &res);
		if (code != 0) {
			sd_resolve_set_error(out, code, errno);
		} else {
			sd_resolve_take(out, res);
		}
		if (res != NULL) {
			freeaddrinfo(res);
		}
		goto done;
	}

	/* A name: as PHP asks, with no flags (php-src passes no AI_ADDRCONFIG). */
	if (sd_clock_left(deadline) == 0) {
		out->status = SD_RESOLVE_TIMEOUT;
		sd_str_copy(out->gai_text, sizeof(out->gai_text), "no time left to ask the resolver");
		goto done;
	}
	hints.ai_family = sd_family_for(ip_version);
	hints.ai_flags = 0;
	sd_resolve_threaded(host, &hints, deadline, out);
	if (out->status == SD_RESOLVE_TIMEOUT) {
		snprintf(out->gai_text, sizeof(out->gai_text),
		         "no answer from the resolver within the deadline (%.0f ms)", sd_clock_ms() - t0);
	}

done:
	out->elapsed_ms = sd_clock_ms() - t0;
	return out->status;
}

/* ============================================================================================== */
/* resolv.conf */

static void sd_append_word(char *buf, size_t cap, const char *word)
{
	size_t len = strlen(buf), wl = strlen(word);

	if (len + (len ? 1 : 0) + wl >= cap) {
		return; /* truncated at the cap: a word is kept whole or not at all */
	}
	if (len) {
		buf[len++] = ' ';
	}
	memcpy(buf + len, word, wl + 1);
}

int sd_net_resolvconf_read(const char *path, sd_resolvconf *out)
{
	FILE *f;
	char line[1024];

	memset(out, 0, sizeof(*out));
	out->timeout_s = 5;
	out->attempts = 2;
#ifdef _WIN32
	(void) path;
	(void) line;
	(void) f;
	out->read_errno = ENOENT;
	return -1;
#else
	f = fopen(path != NULL ? path : "/etc/resolv.conf", "r");
	if (f == NULL) {
		out->read_errno = errno;
		return -1;
	}
	out->readable = 1;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *save = NULL, *key, *w;

		line[strcspn(line, "#;\r\n")] = '\0';
		key = strtok_r(line, " \t", &save);
		if (key == NULL) {
			continue;
		}
		if (strcmp(key, "nameserver") == 0) {
			w = strtok_r(NULL, " \t", &save);
			if (w == NULL) {
				continue;
			}
			if (out->nameserver_count < SD_NET_MAX_NAMESERVERS) {
				sd_str_copy(out->nameservers[out->nameserver_count++], SD_NET_ADDR_TEXT, w);
			}
			out->nameserver_total++;
		} else if (strcmp(key, "options") == 0) {
			while ((w = strtok_r(NULL, " \t", &save)) != NULL) {
				sd_append_word(out->options, sizeof(out->options), w);
				if (strncmp(w, "timeout:", 8) == 0) {
					out->timeout_s = atoi(w + 8);
				} else if (strncmp(w, "attempts:", 9) == 0) {
					out->attempts = atoi(w + 9);
				} else if (strcmp(w, "rotate") == 0) {
					out->rotate = 1;
				} else if (strncmp(w, "single-request", 14) == 0) {
					out->single_request = 1;
				}
			}
		} else if (strcmp(key, "search") == 0 || strcmp(key, "domain") == 0) {
			out->search[0] = '\0';
			while ((w = strtok_r(NULL, " \t", &save)) != NULL) {
				sd_append_word(out->search, sizeof(out->search), w);
			}
		}
	}
	fclose(f);
	return 0;
#endif
}

/* ============================================================================================== */
/* Connecting */

const char *sd_net_outcome_name(sd_conn_outcome o)
{
	switch (o) {
	case SD_CONN_NOT_TRIED: return "not_tried";
	case SD_CONN_SKIPPED: return "skipped";
	case SD_CONN_PENDING: return "pending";
	case SD_CONN_CONNECTED: return "connected";
	case SD_CONN_REFUSED: return "refused";
	case SD_CONN_TIMEOUT: return "timeout";
	case SD_CONN_UNREACHABLE: return "unreachable";
	case SD_CONN_DENIED: return "denied";
	case SD_CONN_OTHER: return "other";
	}
	return "other";
}

sd_conn_outcome sd_net_classify_errno(int err)
{
	switch (err) {
	case 0:
		return SD_CONN_CONNECTED;
#ifdef _WIN32
	case WSAECONNREFUSED:
		return SD_CONN_REFUSED;
	case WSAETIMEDOUT:
		return SD_CONN_TIMEOUT;
	case WSAENETUNREACH:
	case WSAEHOSTUNREACH:
	case WSAENETDOWN:
	case WSAEHOSTDOWN:
	case WSAEADDRNOTAVAIL:
		return SD_CONN_UNREACHABLE;
	case WSAEACCES:
		return SD_CONN_DENIED;
#else
	case ECONNREFUSED:
		return SD_CONN_REFUSED;
	case ETIMEDOUT:
		return SD_CONN_TIMEOUT;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case ENETDOWN:
	case EHOSTDOWN:
	case EADDRNOTAVAIL: /* IPv6 with no route, or no source address of that family */
		return SD_CONN_UNREACHABLE;
	case EACCES:
	case EPERM:
		return SD_CONN_DENIED;
#endif
	default:
		return SD_CONN_OTHER;
	}
}

int sd_net_bindto_parse(const char *s, sd_net_bindto *out)
{
	const char *colon, *host = s;
	size_t hlen;

	memset(out, 0, sizeof(*out));
	if (s == NULL || s[0] == '\0') {
		return 0;
	}
	if (s[0] == '[') {
		const char *close = strchr(s + 1, ']');
		if (close == NULL || close[1] != ':') {
			return -1;
		}
		host = s + 1;
		hlen = (size_t) (close - host);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL) {
			return -1;
		}
		hlen = (size_t) (colon - s);
	}
	if (hlen >= sizeof(out->host)) {
		return -1;
	}
	memcpy(out->host, host, hlen);
	out->host[hlen] = '\0';
	out->port = atoi(colon + 1);
	out->is_v6 = strchr(out->host, ':') != NULL;
	out->set = 1;
	return 0;
}

static void sd_attempt_fail(sd_conn_attempt *a, int err)
{
	a->outcome = sd_net_classify_errno(err);
	if (a->outcome == SD_CONN_CONNECTED) {
		a->outcome = SD_CONN_OTHER; /* a failure path with no errno: do not call it connected */
	}
	a->err = err;
	sd_text_errno(err, a->err_text, sizeof(a->err_text));
	sd_net_close(a->fd);
	a->fd = SD_NET_NO_FD;
	a->elapsed_ms = sd_clock_ms() - a->start_ms;
}

static void sd_attempt_bind(sd_socket_t fd, int family, const sd_net_bindto *b, sd_conn_attempt *a)
{
	struct sockaddr_storage local;
	socklen_t len = 0;

	if (b == NULL || !b->set) {
		return;
	}
	memset(&local, 0, sizeof(local));
	if (family == AF_INET) {
		struct sockaddr_in *in4 = (struct sockaddr_in *) &local;
		if (b->is_v6 || strcmp(b->host, "0") == 0) {
			return; /* PHP connects an IPv4 address unbound in both cases */
		}
		if (inet_pton(AF_INET, b->host, &in4->sin_addr) == 1) {
			in4->sin_family = AF_INET;
			in4->sin_port = htons((unsigned short) b->port);
			len = sizeof(*in4);
		}
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &local;
		if (inet_pton(AF_INET6, b->host, &in6->sin6_addr) == 1) {
			in6->sin6_family = AF_INET6;
			in6->sin6_port = htons((unsigned short) b->port);
			len = sizeof(*in6);
		}
	}
	if (len == 0) {
		a->bind = SD_BIND_INVALID;
		return;
	}
#ifdef IP_BIND_ADDRESS_NO_PORT
	{
		int one = 1;
		(void) setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
	}
#endif
	if (bind(fd, (struct sockaddr *) &local, len) != 0) {
		a->bind = SD_BIND_FAILED;
		a->bind_err = SD_SOCK_ERRNO();
	} else {
		a->bind = SD_BIND_OK;
	}
}

static sd_socket_t sd_socket_nonblocking(int family)
{
	sd_socket_t fd;

#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
	fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
	fd = socket(family, SOCK_STREAM, 0);
	if (fd != SD_NET_NO_FD) {
# ifdef _WIN32
		u_long on = 1;
		ioctlsocket(fd, FIONBIO, &on);
# else
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
		fcntl(fd, F_SETFD, FD_CLOEXEC);
# endif
	}
#endif
	return fd;
}

sd_socket_t sd_net_connect_start(const struct sockaddr *sa, socklen_t sa_len, const sd_net_bindto *bindto,
                                 sd_conn_attempt *a)
{
	memset(a, 0, sizeof(*a));
	a->fd = SD_NET_NO_FD;
	a->family = sa->sa_family;
	sd_addr_text(sa, sa_len, a->addr, sizeof(a->addr));

	if (a->family == AF_INET6 && bindto != NULL && bindto->set && !bindto->is_v6) {
		a->outcome = SD_CONN_SKIPPED; /* PHP: an IPv4 bindto skips IPv6 addresses */
		return SD_NET_NO_FD;
	}

	a->start_ms = sd_clock_ms();
	a->fd = sd_socket_nonblocking(a->family);
	if (a->fd == SD_NET_NO_FD) {
		sd_attempt_fail(a, SD_SOCK_ERRNO());
		return SD_NET_NO_FD;
	}
	sd_attempt_bind(a->fd, a->family, bindto, a);

	if (connect(a->fd, sa, sa_len) == 0) {
		a->outcome = SD_CONN_CONNECTED;
		a->elapsed_ms = sd_clock_ms() - a->start_ms;
		return a->fd;
	}
	{
		int err = SD_SOCK_ERRNO();
		if (!SD_IN_PROGRESS(err)) {
			sd_attempt_fail(a, err);
			return SD_NET_NO_FD;
		}
	}
	a->outcome = SD_CONN_PENDING;
	return a->fd;
}

sd_conn_outcome sd_net_connect_check(sd_conn_attempt *a, short revents)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (a->outcome != SD_CONN_PENDING) {
		return a->outcome;
	}
	if (revents == 0) {
		struct pollfd p;
		p.fd = a->fd;
		p.events = SD_NET_POLL_CONNECT;
		p.revents = 0;
		if (sd_poll(&p, 1, 0) <= 0) {
			return a->outcome;
		}
		revents = p.revents;
	}
	if (getsockopt(a->fd, SOL_SOCKET, SO_ERROR, (char *) &err, &len) != 0) {
		err = SD_SOCK_ERRNO();
	}
	if (err != 0) {
		sd_attempt_fail(a, err);
	} else if (revents & POLLOUT) {
		a->outcome = SD_CONN_CONNECTED;
		a->elapsed_ms = sd_clock_ms() - a->start_ms;
	} else if (revents & (POLLERR | POLLHUP | POLLNVAL)) {
		sd_attempt_fail(a, ECONNABORTED);
	}
	return a->outcome;
}

void sd_net_connect_expire(sd_conn_attempt *a)
{
	if (a->outcome != SD_CONN_PENDING) {
		return;
	}
	sd_attempt_fail(a, ETIMEDOUT);
	a->expired = 1;
}

/* Replay PHP's walk over the attempts as they stand at time now (sd_clock ms). PHP tries the addresses
 * in order; address i starts after the failures before it and gets what is left of the limit. Returns
 * 1 when PHP's outcome is decided and fills the result's verdict fields; returns 0 when it depends on
 * attempt *wait_i, which PHP would give up on at *wake_at (or which must first be started when it is
 * NOT_TRIED). An attempt PHP would have given up on is expired (TIMEOUT) here. */
static int sd_php_walk(sd_conn_result *out, double budget, double now, int *wait_i, double *wake_at)
{
	double t = 0;
	int i, first = -1, last = -1, php = -1;

	for (i = 0; i < out->count; i++) {
		out->attempts[i].php_tried = 0;
	}
	for (i = 0; i < out->count; i++) {
		sd_conn_attempt *a = &out->attempts[i];
		double left;

		if (a->outcome == SD_CONN_SKIPPED) {
			continue;
		}
		if (first >= 0 && t >= budget) {
			break; /* PHP: "time limit expired; don't attempt any further connections" */
		}
		left = budget - t;
		a->php_tried = 1;
		if (first < 0) {
			first = i;
		}
		last = i;
		if (a->outcome == SD_CONN_NOT_TRIED) {
			*wait_i = i;
			*wake_at = now;
			return 0;
		}
		if (a->outcome == SD_CONN_PENDING) {
			if (now - a->start_ms >= left) {
				sd_net_connect_expire(a);
				break;
			}
			*wait_i = i;
			*wake_at = a->start_ms + left;
			return 0;
		}
		if (a->outcome == SD_CONN_CONNECTED) {
			if (a->elapsed_ms <= left) {
				php = i;
			}
			break;
		}
		if (a->expired) {
			/* cut short by the engine's deadline, which counts from when the connects began (before
			 * this socket was made and its connect() issued): PHP gives this address all of what is
			 * left from its own connect(), so it would still be waiting, and no later address gets a
			 * turn */
			break;
		}
		t += a->elapsed_ms;
	}

	out->php_index = php;
	out->outcome_index = php >= 0 ? php : first;
	out->php_last_index = php >= 0 ? -1 : last;
	if (php >= 0) {
		out->outcome = SD_CONN_CONNECTED;
	} else if (first >= 0) {
		out->outcome = out->attempts[first].outcome;
		if (out->outcome == SD_CONN_CONNECTED) {
			out->outcome = SD_CONN_TIMEOUT; /* connected, but later than PHP would have waited */
		}
	} else {
		out->outcome = SD_CONN_SKIPPED; /* nothing PHP could try: every address skipped by bindto */
	}
	return 1;
}

static void sd_start_index(sd_conn_result *out, const sd_net_addr *addrs, int i, int port,
                           const sd_net_bindto *bindto)
{
	struct sockaddr_storage sa = addrs[i].sa;

	sd_net_set_port(&sa, port);
	sd_net_connect_start((struct sockaddr *) &sa, addrs[i].sa_len, bindto, &out->attempts[i]);
}

/* Clears out and sets up one attempt per address (at most SD_NET_MAX_ADDRS): skipped when bindto is an
 * IPv4 address and the address IPv6 (PHP skips it), started at once unless sequential. Returns how many
 * attempts there are. */
static int sd_connect_prepare(sd_conn_result *out, const sd_net_addr *addrs, int count, int port,
                              const sd_net_bindto *bindto, int sequential)
{
	int i, n;

	memset(out, 0, sizeof(*out));
	out->fd = SD_NET_NO_FD;
	out->fd_index = out->php_index = out->outcome_index = out->php_last_index = -1;
	out->outcome = SD_CONN_OTHER;
	n = count < 0 ? 0 : (count > SD_NET_MAX_ADDRS ? SD_NET_MAX_ADDRS : count);
	out->count = n;

	for (i = 0; i < n; i++) {
		sd_conn_attempt *a = &out->attempts[i];
		a->outcome = SD_CONN_NOT_TRIED;
		a->fd = SD_NET_NO_FD;
		a->family = addrs[i].family;
		sd_str_copy(a->addr, sizeof(a->addr), addrs[i].text);
		if (a->family == AF_INET6 && bindto != NULL && bindto->set && !bindto->is_v6) {
			a->outcome = SD_CONN_SKIPPED;
		} else if (!sequential) {
			sd_start_index(out, addrs, i, port, bindto);
		}
	}
	return n;
}

static int sd_connect_pending(const sd_conn_result *out)
{
	int i, pending = 0;

	for (i = 0; i < out->count; i++) {
		if (out->attempts[i].outcome == SD_CONN_PENDING) {
			pending++;
		}
	}
	return pending;
}

/* One wait on every pending attempt, until wake_at (or the deadline, whichever is first); the attempts
 * whose sockets answered are checked. A failed poll() fails the attempts it waited on. */
static void sd_connect_poll(sd_conn_result *out, double wake_at, double deadline)
{
	struct pollfd pfd[SD_NET_MAX_ADDRS];
	int map[SD_NET_MAX_ADDRS];
	int np = 0, i, rc;

	for (i = 0; i < out->count; i++) {
		if (out->attempts[i].outcome == SD_CONN_PENDING) {
			pfd[np].fd = out->attempts[i].fd;
			pfd[np].events = SD_NET_POLL_CONNECT;
			pfd[np].revents = 0;
			map[np++] = i;
		}
	}
	rc = sd_poll(pfd, (unsigned) np, sd_clock_left(wake_at < deadline ? wake_at : deadline));
	if (rc < 0) {
		int err = SD_SOCK_ERRNO();
		if (err == EINTR) {
			return;
		}
		for (i = 0; i < np; i++) {
			sd_attempt_fail(&out->attempts[map[i]], err);
		}
		return;
	}
	for (i = 0; i < np; i++) {
		if (pfd[i].revents != 0) {
			sd_net_connect_check(&out->attempts[map[i]], pfd[i].revents);
		}
	}
}

/* Hands over one socket in out->fd (PHP's, else with SD_CONNECT_ANY_FD the first connected one) and
 * closes the rest. */
static void sd_connect_handover(sd_conn_result *out, int flags)
{
	int i;

	if (out->php_index >= 0) {
		out->fd_index = out->php_index;
	} else if (flags & SD_CONNECT_ANY_FD) {
		for (i = 0; i < out->count; i++) {
			if (out->attempts[i].outcome == SD_CONN_CONNECTED) {
				out->fd_index = i;
				break;
			}
		}
	}
	for (i = 0; i < out->count; i++) {
		sd_conn_attempt *a = &out->attempts[i];
		if (i == out->fd_index) {
			out->fd = a->fd;
			a->fd = SD_NET_NO_FD;
			continue;
		}
		if (a->outcome == SD_CONN_PENDING) {
			a->elapsed_ms = sd_clock_ms() - a->start_ms;
		}
		sd_net_close(a->fd);
		a->fd = SD_NET_NO_FD;
	}
}

sd_socket_t sd_net_connect(const sd_net_addr *addrs, int count, int port, const sd_net_bindto *bindto,
                           int flags, double deadline, sd_conn_result *out)
{
	double t0 = sd_clock_ms(), budget = deadline - t0;
	int sequential = (flags & SD_CONNECT_SEQUENTIAL) || (bindto != NULL && bindto->set && bindto->port != 0);
	int i, n;

	n = sd_connect_prepare(out, addrs, count, port, bindto, sequential);
	for (;;) {
		int wait_i = -1, decided;
		double now = sd_clock_ms(), wake_at = deadline;

		decided = sd_php_walk(out, budget, now, &wait_i, &wake_at);
		if (!decided && out->attempts[wait_i].outcome == SD_CONN_NOT_TRIED) {
			sd_start_index(out, addrs, wait_i, port, bindto); /* sequential: PHP's next address */
			continue;
		}
		if (decided && (!(flags & SD_CONNECT_WAIT_ALL) || sd_connect_pending(out) == 0)) {
			break;
		}
		if (now >= deadline) {
			for (i = 0; i < n; i++) {
				sd_net_connect_expire(&out->attempts[i]);
			}
			continue; /* the walk now decides */
		}
		sd_connect_poll(out, decided ? deadline : wake_at, deadline);
	}
	sd_connect_handover(out, flags);
	out->elapsed_ms = sd_clock_ms() - t0;
	return out->fd;
}

int sd_net_connect_walk(sd_conn_result *out, double budget, double now, int *wait_i, double *wake_at)
{
	return sd_php_walk(out, budget, now, wait_i, wake_at);
}

/* ============================================================================================== */
/* Route facts */

static sd_route_fact sd_route4_from(const char *path)
{
	FILE *f;
	char line[512];
	sd_route_fact fact = SD_ROUTE_NO;

	if (path == NULL || (f = fopen(path, "r")) == NULL) {
		return SD_ROUTE_UNKNOWN;
	}
	if (fgets(line, sizeof(line), f) == NULL) { /* header */
		fclose(f);
		return SD_ROUTE_UNKNOWN;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char iface[64];
		unsigned long dest, gw, mask;
		unsigned flags;
		int refcnt, use, metric;

		if (sscanf(line, "%63s %lx %lx %x %d %d %d %lx", iface, &dest, &gw, &flags, &refcnt, &use, &metric,
		           &mask) != 8) {
			continue;
		}
		if (dest == 0 && mask == 0 && (flags & 0x0001) && !(flags & 0x0200)) { /* RTF_UP, not RTF_REJECT */
			fact = SD_ROUTE_YES;
			break;
		}
	}
	fclose(f);
	return fact;
}

static sd_route_fact sd_route6_from(const char *path)
{
	FILE *f;
	char line[512];
	sd_route_fact fact = SD_ROUTE_NO;

	if (path == NULL || (f = fopen(path, "r")) == NULL) {
		return SD_ROUTE_UNKNOWN;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char dest[40], src[40], hop[40], iface[64];
		unsigned plen, splen, metric, refcnt, use, flags;

		if (sscanf(line, "%39s %x %39s %x %39s %x %x %x %x %63s", dest, &plen, src, &splen, hop, &metric,
		           &refcnt, &use, &flags, iface) != 10) {
			continue;
		}
		if (plen == 0 && strspn(dest, "0") == strlen(dest) && (flags & 0x0001) && !(flags & 0x0200)) {
			fact = SD_ROUTE_YES;
			break;
		}
	}
	fclose(f);
	return fact;
}

void sd_net_default_routes_from(const char *route4_path, const char *route6_path, sd_route_fact *v4,
                                sd_route_fact *v6)
{
	if (v4 != NULL) {
		*v4 = sd_route4_from(route4_path);
	}
	if (v6 != NULL) {
		*v6 = sd_route6_from(route6_path);
	}
}

void sd_net_default_routes(sd_route_fact *v4, sd_route_fact *v6)
{
#ifdef __linux__
	sd_net_default_routes_from("/proc/net/route", "/proc/net/ipv6_route", v4, v6);
#else
	sd_net_default_routes_from(NULL, NULL, v4, v6);
#endif
}
