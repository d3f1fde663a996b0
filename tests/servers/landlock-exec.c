/* Runs a command with TCP connect() allowed only to the given ports, through a Landlock ruleset
 * (Linux 6.7+, Landlock ABI 4 or later). connect() to any other port then fails with EACCES, exactly
 * what an SELinux denial of name_connect looks like to the process.
 *
 *   landlock-exec PORT[,PORT...] -- COMMAND [ARGS...]
 *   landlock-exec --abi          prints this kernel's Landlock ABI (0: no Landlock, or turned off)
 *
 * SMTPDIAG_TEST_LANDLOCK_ABI=N in the environment replaces the kernel's answer with N (the tests' way to
 * see what happens on an older kernel). Exit status 125 when Landlock cannot be set up here (the caller
 * skips or fails), else the command's. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The network part of the Landlock ABI (4+), spelled out because older kernel headers (Debian 12 ships
 * 6.1's) do not have it. Layouts as in the kernel's uapi. */
struct ruleset_attr_net {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
};
struct net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
} __attribute__((packed));
#define RULE_NET_PORT 2
#define ACCESS_NET_CONNECT_TCP (1ULL << 1)

static long landlock_abi(void)
{
	const char *fake = getenv("SMTPDIAG_TEST_LANDLOCK_ABI");
	long abi;

	if (fake != NULL && *fake != '\0') {
		return strtol(fake, NULL, 10);
	}
	abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	return abi < 0 ? 0 : abi;
}

int main(int argc, char **argv)
{
	struct ruleset_attr_net attr;
	char *ports, *tok, *save = NULL;
	long abi;
	int fd;

	if (argc == 2 && strcmp(argv[1], "--abi") == 0) {
		printf("%ld\n", landlock_abi());
		return 0;
	}
	if (argc < 4 || strcmp(argv[2], "--") != 0) {
		fprintf(stderr, "usage: landlock-exec PORT[,PORT...] -- COMMAND [ARGS...] | landlock-exec --abi\n");
		return 125;
	}
	abi = landlock_abi();
	if (abi < 4) {
		fprintf(stderr, "landlock-exec: Landlock network rules need ABI 4 or later (have %ld)\n", abi);
		return 125;
	}
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_net = ACCESS_NET_CONNECT_TCP;
	fd = (int) syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
	if (fd < 0) {
		perror("landlock-exec: landlock_create_ruleset");
		return 125;
	}
	ports = strdup(argv[1]);
	for (tok = strtok_r(ports, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct net_port_attr rule = {
			.allowed_access = ACCESS_NET_CONNECT_TCP,
			.port = strtoull(tok, NULL, 10),
		};
		if (syscall(SYS_landlock_add_rule, fd, RULE_NET_PORT, &rule, 0) != 0) {
			perror("landlock-exec: landlock_add_rule");
			return 125;
		}
	}
	free(ports);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || syscall(SYS_landlock_restrict_self, fd, 0) != 0) {
		perror("landlock-exec: restrict_self");
		return 125;
	}
	close(fd);
	execvp(argv[3], argv + 3);
	perror("landlock-exec: exec");
	return 127;
}
