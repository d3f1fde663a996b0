/* smtpdiag: the network engine. Resolving, connecting and two small facts about the machine's network
 * set-up, each bounded by one absolute deadline on sd_clock. Plain C: no PHP, no zvals.
 *
 * Everything it finds goes into caller-provided structs with fixed caps; nothing it returns needs to
 * be freed, except the one connected socket that sd_net_connect() may hand back (see there). The only
 * heap use is the state shared with a detached resolver thread, which frees itself.
 *
 * What PHP does, and what smtpdiag therefore mirrors (PHPMailer connects with stream_socket_client()):
 *   - names go to getaddrinfo() with SOCK_STREAM, no flags (no AI_ADDRCONFIG), AF_UNSPEC unless an
 *     IPv6 socket cannot be created (then AF_INET), and the addresses are used in the order returned;
 *   - the addresses are tried one after another within one overall time limit: a fast failure moves
 *     on to the next address with the time that is left; when the limit has passed, nothing more is
 *     tried; the first address that connects is used;
 *   - socket option bindto "ip:port" / "[v6]:port": an IPv6 address is skipped when the bind address
 *     is IPv4 ("0:0" therefore means "IPv4 only"); an IPv4 address is connected unbound when the bind
 *     address is IPv6 or "0"; a bind that fails only warns and the connect goes ahead unbound. */
#ifndef SD_NET_H
#define SD_NET_H

#include <stddef.h>

#ifdef _WIN32
# include <winsock2.h>
# include <ws2tcpip.h>
typedef SOCKET sd_socket_t;
# define SD_NET_NO_FD INVALID_SOCKET
#else
# include <sys/types.h>
# include <sys/socket.h>
# include <poll.h>
typedef int sd_socket_t;
# define SD_NET_NO_FD (-1)
#endif

#define SD_NET_MAX_ADDRS 16      /* addresses kept from one resolve; more are counted, not kept */
#define SD_NET_ADDR_TEXT 64      /* an IPv6 address with a %scope, NUL included */
#define SD_NET_HOST_MAX 256      /* a host name, NUL included (DNS names are at most 253) */
#define SD_NET_ERR_TEXT 128      /* strerror() / gai_strerror() text, NUL included */
#define SD_NET_MAX_NAMESERVERS 8 /* nameserver lines kept from resolv.conf */
#define SD_NET_MAX_RESOLVERS 16  /* resolver threads (lookups not returned yet) per process at most */
#define SD_NET_LINE_MAX 256      /* a resolv.conf options or search line, NUL included */

/* One address, as getaddrinfo() returned it. */
typedef struct {
	int family;                   /* AF_INET or AF_INET6 */
	char text[SD_NET_ADDR_TEXT];  /* "192.0.2.1", "2001:db8::1" (no brackets, no port) */
	struct sockaddr_storage sa;   /* port 0 as resolved; sd_net_connect() sets its own port */
	socklen_t sa_len;
} sd_net_addr;

/* ---------------------------------------------------------------------------------------------- */
/* Resolving */

typedef enum {
	SD_RESOLVE_OK = 0,      /* at least one address */
	SD_RESOLVE_NOT_FOUND,   /* the name does not exist or has no address (EAI_NONAME, EAI_NODATA,
	                         * EAI_ADDRFAMILY): verdict dns_not_found */
	SD_RESOLVE_FAILURE,     /* the resolver failed (EAI_AGAIN, EAI_FAIL, EAI_SYSTEM...): dns_failure */
	SD_RESOLVE_TIMEOUT      /* the deadline passed before getaddrinfo() returned; a failure for the
	                         * verdict too (dns_failure), kept apart so the report can say so */
} sd_resolve_status;

typedef struct {
	sd_resolve_status status;
	int numeric;                  /* 1: host was an IP literal, answered without any resolver */
	int gai_code;                 /* getaddrinfo()'s return; 0 on success and on TIMEOUT */
	const char *gai_name;         /* "EAI_NONAME"... (static text), "" when gai_code is 0 */
	char gai_text[SD_NET_ERR_TEXT]; /* gai_strerror(gai_code); on TIMEOUT a sentence saying so */
	int sys_errno;                /* errno when gai_code is EAI_SYSTEM, else 0 */
	double elapsed_ms;            /* from the call to its return */
	int count;                    /* addresses kept in addrs[], at most SD_NET_MAX_ADDRS */
	int total;                    /* addresses getaddrinfo() returned (may exceed count) */
	sd_net_addr addrs[SD_NET_MAX_ADDRS]; /* in getaddrinfo()'s order, which is the order PHP tries */
} sd_resolve_result;

/* Resolve host as PHP would, but return by the absolute deadline (sd_clock ms) whatever happens.
 * ip_version: 0 as PHP (AF_UNSPEC, or AF_INET without a usable IPv6 stack), 4 (AF_INET), 6 (AF_INET6).
 * An IP literal (IPv4, or IPv6 without brackets) is parsed with AI_NUMERICHOST and never reaches a
 * resolver, so it succeeds even with no time left. A name is looked up in a detached thread (glibc's
 * getaddrinfo() cannot be cancelled); when the deadline passes first, the result is TIMEOUT and the
 * thread finishes on its own and frees what it shares. Borrows host for the call; fills *out; returns
 * out->status. Nothing to free. Returns FAILURE with gai_code EAI_SYSTEM if the thread cannot start.
 * At most SD_NET_MAX_RESOLVERS lookups are pending per process: when that many threads have not
 * returned (a resolver that does not answer), a new lookup waits for one to finish until its deadline,
 * then returns FAILURE with gai_code 0 and a gai_text saying too many lookups are still pending. */
sd_resolve_status sd_net_resolve(const char *host, int ip_version, double deadline, sd_resolve_result *out);

/* Resolver threads that outlived their caller and have not finished yet (process-wide). */
int sd_net_resolvers_running(void);

/* Resolver threads started since this code was loaded (process-wide), finished or not. A thread that
 * has finished its lookup still runs a few instructions of this code before it ends, and a detached
 * thread cannot be joined: code that any of them ran must stay mapped (the module keeps itself loaded
 * at shutdown when this is not 0). */
int sd_net_resolvers_started(void);

/* Waits up to max_wait_ms for resolver threads still running (bounded, because a resolver may hang for
 * minutes). Returns how many are still running when it gives up (0: all done, their memory freed).
 * Safe to call more than once and from any thread. */
int sd_net_shutdown(int max_wait_ms);

/* Symbolic name of a getaddrinfo() code: "EAI_NONAME"... ; "" for 0, "EAI_?" when unknown. Static. */
const char *sd_net_gai_name(int gai_code);

/* ---------------------------------------------------------------------------------------------- */
/* resolv.conf, as data for the report */

typedef struct {
	int readable;                 /* 0: the file could not be opened; read_errno says why */
	int read_errno;
	int nameserver_count;         /* kept in nameservers[], at most SD_NET_MAX_NAMESERVERS */
	int nameserver_total;         /* nameserver lines seen (glibc uses only the first 3) */
	char nameservers[SD_NET_MAX_NAMESERVERS][SD_NET_ADDR_TEXT];
	char options[SD_NET_LINE_MAX];  /* words of every "options" line, space separated, truncated at cap */
	char search[SD_NET_LINE_MAX];   /* the last "search" or "domain" line's words, as glibc keeps it */
	int timeout_s;                /* options timeout:N (glibc default 5) */
	int attempts;                 /* options attempts:N (glibc default 2) */
	int rotate;                   /* options rotate */
	int single_request;           /* options single-request or single-request-reopen */
} sd_resolvconf;

/* Parse path (NULL: "/etc/resolv.conf"; on Windows nothing is read and readable is 0). Comments start
 * with '#' or ';'. Borrows path; fills *out; returns 0 if the file was read, -1 if not. */
int sd_net_resolvconf_read(const char *path, sd_resolvconf *out);

/* ---------------------------------------------------------------------------------------------- */
/* Connecting */

typedef enum {
	SD_CONN_NOT_TRIED = 0,  /* never started: PHP's walk ended before this address (sequential mode) */
	SD_CONN_SKIPPED,        /* PHP skips it: an IPv6 address with an IPv4 bindto */
	SD_CONN_PENDING,        /* started, still undecided when the engine stopped (PHP's outcome was
	                         * decided without it); the scan API's "keep polling" */
	SD_CONN_CONNECTED,      /* the handshake completed */
	SD_CONN_REFUSED,        /* ECONNREFUSED: a reset, nothing listens (or a REJECT with tcp-reset) */
	SD_CONN_TIMEOUT,        /* no answer to the SYN by the deadline (or the kernel's own ETIMEDOUT) */
	SD_CONN_UNREACHABLE,    /* ENETUNREACH, EHOSTUNREACH, ENETDOWN, EHOSTDOWN, EADDRNOTAVAIL */
	SD_CONN_DENIED,         /* EACCES, EPERM: local policy (SELinux, Landlock, a packet filter) */
	SD_CONN_OTHER           /* anything else: see err / err_text */
} sd_conn_outcome;

/* Static lower-case name of an outcome: "connected", "refused", "timeout"... */
const char *sd_net_outcome_name(sd_conn_outcome o);

/* Map a connect() errno (or Winsock code) to an outcome; 0 means CONNECTED. */
sd_conn_outcome sd_net_classify_errno(int err);

/* PHPMailer's SMTPOptions['socket']['bindto'], parsed as PHP parses it. */
typedef struct {
	int set;                      /* 0: no bindto */
	char host[SD_NET_ADDR_TEXT];  /* brackets removed: "0", "192.0.2.7", "2001:db8::7" */
	int port;
	int is_v6;                    /* host contains ':' (PHP's test) */
} sd_net_bindto;

/* Parse "ip:port" or "[v6]:port" (the port after the last ':'; "0:0" is IPv4 any). Borrows s; fills
 * *out. Returns 0, or -1 when s has no ':' or the host does not fit (then out->set is 0: PHP would
 * not bind either). A NULL or empty s gives set 0 and returns 0. */
int sd_net_bindto_parse(const char *s, sd_net_bindto *out);

/* What happened to the bind of one attempt (PHP warns and connects anyway in every failing case). */
typedef enum {
	SD_BIND_NONE = 0,       /* no bindto, or PHP connects this IPv4 address unbound (v6 or "0" bindto) */
	SD_BIND_OK,
	SD_BIND_INVALID,        /* "Invalid IP Address": not an address of this family */
	SD_BIND_FAILED          /* "Failed to bind to ...": bind() failed, see bind_err */
} sd_bind_status;

/* One connection attempt: an address of the list, or one driven by the scan API. */
typedef struct {
	sd_conn_outcome outcome;
	int err;                      /* errno / Winsock code behind a failure (ETIMEDOUT for TIMEOUT) */
	char err_text[SD_NET_ERR_TEXT]; /* strerror(err), the text PHP puts in its warning */
	char addr[SD_NET_ADDR_TEXT];  /* the address, no brackets */
	int family;
	double start_ms;              /* sd_clock time the connect() was issued; 0 if never */
	double elapsed_ms;            /* from connect() to the outcome (or to when the engine stopped) */
	int php_tried;                /* 1: PHP's sequential walk reaches this address */
	int expired;                  /* ended by the engine's deadline (sd_net_connect_expire()), not by
	                               * the network: PHP would still be waiting on it */
	sd_bind_status bind;
	int bind_err;
	sd_socket_t fd;               /* engine/scan internal; SD_NET_NO_FD once closed or handed over */
} sd_conn_attempt;

/* Flags for sd_net_connect(). */
#define SD_CONNECT_SEQUENTIAL 0x1 /* start one address at a time, exactly as PHP does. Forced when the
                                   * bindto port is not 0 (parallel sockets cannot share a local port) */
#define SD_CONNECT_WAIT_ALL   0x2 /* keep polling until every started address is decided or the
                                   * deadline passes, even after PHP's outcome is known */
#define SD_CONNECT_ANY_FD     0x4 /* when PHP would fail but some address connected anyway (e.g. the
                                   * IPv6 first address timed out while IPv4 connected in parallel),
                                   * hand back that socket, so later stages can still look at the server */

typedef struct {
	sd_socket_t fd;               /* the connected socket handed to the caller, or SD_NET_NO_FD */
	int fd_index;                 /* its address index, -1 when no fd */
	int php_index;                /* the address PHP would end up connected to, -1 when PHP would fail */
	sd_conn_outcome outcome;      /* for the verdict: CONNECTED when PHP connects; when PHP fails, the
	                               * outcome of the first address PHP tried (its class names the cause);
	                               * SKIPPED when an IPv4 bindto left PHP no address at all (PHP then
	                               * fails with errno 0 and an empty message) */
	int outcome_index;            /* that address, -1 when none was tried (all skipped) */
	int php_last_index;           /* when PHP fails: the last address it tried, whose errno and text
	                               * PHP's warning shows ("... (Connection timed out)"); -1 otherwise */
	double elapsed_ms;            /* the whole call */
	int count;                    /* attempts[] entries, one per address, in the list's order */
	sd_conn_attempt attempts[SD_NET_MAX_ADDRS];
} sd_conn_result;

/* Connect to port on the addresses (in PHP's order, as sd_net_resolve() returned them; at most
 * SD_NET_MAX_ADDRS are used), optionally bound as bindto says (NULL: none), and find what PHP would
 * see by the absolute deadline (sd_clock ms), which stands for PHP's connect timeout.
 *
 * By default every address is connected at once (non-blocking) and the outcome PHP would see is
 * computed from the measured times, replaying PHP's walk: address i is tried after the failures of
 * the ones before it, with what is left of the limit. Parallel costs nothing in time, gives every
 * address's outcome in one deadline (PHP, after a first address that times out, would never tell us
 * that the second one works) and produces the same verdict; its price is a SYN to addresses PHP would
 * not reach, closed at once. The call returns as soon as PHP's outcome is decided (or, with
 * SD_CONNECT_WAIT_ALL, when all are), and never after the deadline plus one poll() wake-up.
 *
 * Ownership: out->fd, when not SD_NET_NO_FD, is a connected socket in non-blocking mode (close-on-exec
 * where available) and belongs to the caller, who must close it. Every other socket is closed before
 * return. Borrows addrs and bindto for the call only. Returns out->fd. */
sd_socket_t sd_net_connect(const sd_net_addr *addrs, int count, int port, const sd_net_bindto *bindto,
                           int flags, double deadline, sd_conn_result *out);

/* The non-blocking pair for a caller that drives its own poll() loop (the port scan).
 *
 * sd_net_connect_start(): create a non-blocking socket for sa (its port already set), bind it as
 * bindto says (NULL: none), issue connect(). Fills *a (outcome PENDING with a->fd set, or final at
 * once: CONNECTED with a->fd set, or a failure with a->fd SD_NET_NO_FD and nothing left open). Returns
 * a->fd. While a->fd is set, the socket is the caller's: poll it for SD_NET_POLL_CONNECT.
 *
 * sd_net_connect_check(): after poll() reported revents (non-zero) on a->fd, or at any time: decides
 * CONNECTED or a failure, or keeps PENDING. A failed socket is closed (a->fd becomes SD_NET_NO_FD); a
 * connected one stays open and the caller's. Returns a->outcome.
 *
 * sd_net_connect_expire(): the caller's deadline passed: a PENDING attempt becomes TIMEOUT and its
 * socket is closed. Any other state is left alone. */
#define SD_NET_POLL_CONNECT (POLLOUT | POLLIN)
sd_socket_t sd_net_connect_start(const struct sockaddr *sa, socklen_t sa_len, const sd_net_bindto *bindto,
                                 sd_conn_attempt *a);
sd_conn_outcome sd_net_connect_check(sd_conn_attempt *a, short revents);
void sd_net_connect_expire(sd_conn_attempt *a);

/* PHP's walk, for a caller that drives the attempts of out itself as sd_net_connect() does (the scan:
 * the addresses of every port in one poll() loop). out->count and out->attempts[] hold the addresses
 * in PHP's order (NOT_TRIED before they start; SKIPPED as sd_net_connect_start() leaves them); budget
 * is PHP's connect timeout in ms, now the time on sd_clock. Replays PHP's sequential walk over the
 * attempts as they stand: an address is tried after the failures before it with what is left of the
 * budget. Returns 1 when PHP's outcome is decided (fills outcome, php_index, outcome_index,
 * php_last_index and every php_tried, as sd_net_connect() does); 0 when it depends on attempt
 * *wait_i, to be started now when it is NOT_TRIED, else given up at *wake_at. A pending attempt PHP
 * would have given up on is expired (TIMEOUT, socket closed) here. */
int sd_net_connect_walk(sd_conn_result *out, double budget, double now, int *wait_i, double *wake_at);

/* Close a socket handed out by this file (closesocket() on Windows). */
void sd_net_close(sd_socket_t fd);

/* Put port into a copy-ready sockaddr of family AF_INET/AF_INET6. */
void sd_net_set_port(struct sockaddr_storage *sa, int port);

/* ---------------------------------------------------------------------------------------------- */
/* Route facts */

typedef enum {
	SD_ROUTE_UNKNOWN = -1,  /* not Linux, or the table could not be read */
	SD_ROUTE_NO = 0,
	SD_ROUTE_YES = 1
} sd_route_fact;

/* Whether the main routing table has a usable default route for IPv4 and for IPv6 (up, not a
 * reject/unreachable route), from /proc/net/route and /proc/net/ipv6_route. Sends nothing. Policy
 * routing tables other than main are not seen. Either pointer may be NULL. */
void sd_net_default_routes(sd_route_fact *v4, sd_route_fact *v6);

/* The same from given files (NULL: that family is not read and reported UNKNOWN). For tests. */
void sd_net_default_routes_from(const char *route4_path, const char *route6_path, sd_route_fact *v4,
                                sd_route_fact *v6);

#endif
