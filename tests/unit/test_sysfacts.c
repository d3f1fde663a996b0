/* sources: src/engine/sd_sysfacts.c src/engine/sd_castore.c src/engine/sd_net.c src/engine/sd_text.c src/engine/sd_clouds.c */
/* libs: -lssl -lcrypto -lpthread */
/* The operating system's facts read from a fixture tree this test makes in a temporary directory (and
 * removes at the end): selinuxfs and /proc/self/attr/current look-alikes, route tables, DMI values of
 * a cloud and of no cloud, CA bundles and a hashed CA directory. Needs no root. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <ftw.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "src/engine/sd_sysfacts.h"

static char root[64];

/* root/rel, in a buffer of the test's. */
static const char *at(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", root, rel);
	return buf;
}

/* Writes len bytes of content to root/rel, making the folders on the way. */
static void put_bytes(const char *rel, const char *content, size_t len)
{
	char path[512], *slash;
	FILE *fp;

	at(path, sizeof(path), rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			fail_msg("mkdir %s: %s", path, strerror(errno));
		}
		*slash = '/';
	}
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(content, 1, len, fp), len);
	fclose(fp);
}

static void put(const char *rel, const char *content)
{
	put_bytes(rel, content, strlen(content));
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void) st;
	(void) flag;
	(void) ftw;
	return remove(path);
}

static int make_tree(void **state)
{
	(void) state;
	snprintf(root, sizeof(root), "%s", "/tmp/sd_sysfacts_XXXXXX");
	return mkdtemp(root) == NULL ? -1 : 0;
}

static int remove_tree(void **state)
{
	(void) state;
	return nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Paths into the fixture tree; each test names its own subfolder so that none sees another's files. */
typedef struct {
	char selinux_dir[256], context[256], route4[256], route6[256], dmi_dir[256];
	sd_sysfacts_paths p;
} fixture_paths;

static void fixture(fixture_paths *fp, const char *name)
{
	char rel[128];

	memset(fp, 0, sizeof(*fp));
	snprintf(rel, sizeof(rel), "%s/selinux", name);
	fp->p.selinux_dir = at(fp->selinux_dir, sizeof(fp->selinux_dir), rel);
	snprintf(rel, sizeof(rel), "%s/attr_current", name);
	fp->p.selinux_context = at(fp->context, sizeof(fp->context), rel);
	snprintf(rel, sizeof(rel), "%s/route", name);
	fp->p.route4 = at(fp->route4, sizeof(fp->route4), rel);
	snprintf(rel, sizeof(rel), "%s/ipv6_route", name);
	fp->p.route6 = at(fp->route6, sizeof(fp->route6), rel);
	snprintf(rel, sizeof(rel), "%s/dmi", name);
	fp->p.dmi_dir = at(fp->dmi_dir, sizeof(fp->dmi_dir), rel);
	fp->p.ca_file_env = "SD_TEST_CERT_FILE";
	fp->p.ca_dir_env = "SD_TEST_CERT_DIR";
	fp->p.ca_file = "/nonexistent/cert.pem";
	fp->p.ca_dir = "/nonexistent/certs";
}

/* ---------------------------------------------------------------------------------------------- */
/* SELinux */

static void test_selinux_enforcing(void **state)
{
	fixture_paths fp;
	sd_env_facts f;
	sd_sysfacts_text t;

	(void) state;
	fixture(&fp, "enforcing");
	put("enforcing/selinux/enforce", "1");
	put("enforcing/selinux/booleans/httpd_can_network_connect", "1 1");
	put("enforcing/selinux/booleans/httpd_can_sendmail", "0 0");
	/* the kernel ends the context with a NUL */
	put_bytes("enforcing/attr_current", "system_u:system_r:httpd_t:s0\0", 29);
	memset(&f, 0, sizeof(f));
	sd_sysfacts_selinux(&fp.p, &f, &t);
	assert_int_equal(f.selinux, SD_SELINUX_ENFORCING);
	assert_non_null(f.selinux_context);
	assert_string_equal(f.selinux_context, "system_u:system_r:httpd_t:s0");
	assert_ptr_equal(f.selinux_context, t.selinux_context);
	assert_int_equal(f.httpd_can_network_connect, SD_TRI_YES);
	assert_int_equal(f.httpd_can_sendmail, SD_TRI_NO);
}

static void test_selinux_permissive_booleans_missing(void **state)
{
	fixture_paths fp;
	sd_env_facts f;
	sd_sysfacts_text t;

	(void) state;
	fixture(&fp, "permissive");
	put("permissive/selinux/enforce", "0\n");
	/* no booleans folder, no context file */
	memset(&f, 0, sizeof(f));
	sd_sysfacts_selinux(&fp.p, &f, &t);
	assert_int_equal(f.selinux, SD_SELINUX_PERMISSIVE);
	assert_null(f.selinux_context);
	assert_int_equal(f.httpd_can_network_connect, SD_TRI_UNKNOWN);
	assert_int_equal(f.httpd_can_sendmail, SD_TRI_UNKNOWN);
}

static void test_selinux_boolean_current_value_decides(void **state)
{
	fixture_paths fp;

	(void) state;
	fixture(&fp, "pending");
	put("pending/selinux/enforce", "1");
	put("pending/selinux/booleans/httpd_can_network_connect", "0 1"); /* off now, on after a commit */
	put("pending/selinux/booleans/httpd_can_sendmail", "1 0");
	put("pending/selinux/booleans/empty", "");
	assert_int_equal(sd_sysfacts_selinux_boolean(&fp.p, "httpd_can_network_connect"), SD_TRI_NO);
	assert_int_equal(sd_sysfacts_selinux_boolean(&fp.p, "httpd_can_sendmail"), SD_TRI_YES);
	assert_int_equal(sd_sysfacts_selinux_boolean(&fp.p, "empty"), SD_TRI_UNKNOWN);
	assert_int_equal(sd_sysfacts_selinux_boolean(&fp.p, "no_such_boolean"), SD_TRI_UNKNOWN);
}

static void test_selinux_absent(void **state)
{
	fixture_paths fp;
	sd_env_facts f;
	sd_sysfacts_text t;

	(void) state;
	/* a folder that does not exist: no selinuxfs mounted */
	fixture(&fp, "absent");
	put("absent/attr_current", "unconfined"); /* AppArmor's answer; not read without SELinux */
	memset(&f, 0xff, sizeof(f));
	sd_sysfacts_selinux(&fp.p, &f, &t);
	assert_int_equal(f.selinux, SD_SELINUX_ABSENT);
	assert_null(f.selinux_context);
	assert_int_equal(f.httpd_can_network_connect, SD_TRI_UNKNOWN);
	assert_int_equal(f.httpd_can_sendmail, SD_TRI_UNKNOWN);

	/* selinuxfs mounted but empty: no enforce file */
	put("absent/selinux/booleans/httpd_can_sendmail", "1 1");
	sd_sysfacts_selinux(&fp.p, &f, &t);
	assert_int_equal(f.selinux, SD_SELINUX_ABSENT);
	assert_int_equal(f.httpd_can_sendmail, SD_TRI_UNKNOWN);

	/* a system without the paths at all */
	fp.p.selinux_dir = NULL;
	fp.p.selinux_context = NULL;
	sd_sysfacts_selinux(&fp.p, &f, &t);
	assert_int_equal(f.selinux, SD_SELINUX_ABSENT);
	assert_int_equal(sd_sysfacts_selinux_boolean(&fp.p, "httpd_can_sendmail"), SD_TRI_UNKNOWN);
}

/* ---------------------------------------------------------------------------------------------- */
/* Routes */

#define ROUTE4_HEADER "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
#define ROUTE4_DEFAULT "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
#define ROUTE4_SUBNET "eth0\t000200C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
#define ROUTE6_LO "00000000000000000000000000000001 80 00000000000000000000000000000000 00 " \
	"00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo\n"
#define ROUTE6_REJECT "00000000000000000000000000000000 00 00000000000000000000000000000000 00 " \
	"00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n"
#define ROUTE6_DEFAULT "00000000000000000000000000000000 00 00000000000000000000000000000000 00 " \
	"fe800000000000000000000000000001 00000400 00000002 00000000 00000003     eth0\n"

static void test_routes_both_defaults(void **state)
{
	fixture_paths fp;
	sd_env_facts f;

	(void) state;
	fixture(&fp, "routes_both");
	put("routes_both/route", ROUTE4_HEADER ROUTE4_SUBNET ROUTE4_DEFAULT);
	put("routes_both/ipv6_route", ROUTE6_LO ROUTE6_DEFAULT);
	sd_sysfacts_routes(&fp.p, &f);
	assert_int_equal(f.route_v4, SD_TRI_YES);
	assert_int_equal(f.route_v6, SD_TRI_YES);
}

static void test_routes_no_defaults(void **state)
{
	fixture_paths fp;
	sd_env_facts f;

	(void) state;
	fixture(&fp, "routes_none");
	/* a subnet route only; IPv6: the kernel's unreachable default on lo is no way out */
	put("routes_none/route", ROUTE4_HEADER ROUTE4_SUBNET);
	put("routes_none/ipv6_route", ROUTE6_LO ROUTE6_REJECT);
	sd_sysfacts_routes(&fp.p, &f);
	assert_int_equal(f.route_v4, SD_TRI_NO);
	assert_int_equal(f.route_v6, SD_TRI_NO);

	/* an IPv6-only host */
	put("routes_none/route", ROUTE4_HEADER);
	put("routes_none/ipv6_route", ROUTE6_DEFAULT);
	sd_sysfacts_routes(&fp.p, &f);
	assert_int_equal(f.route_v4, SD_TRI_NO);
	assert_int_equal(f.route_v6, SD_TRI_YES);
}

static void test_routes_no_file(void **state)
{
	fixture_paths fp;
	sd_env_facts f;

	(void) state;
	fixture(&fp, "routes_missing");
	sd_sysfacts_routes(&fp.p, &f);
	assert_int_equal(f.route_v4, SD_TRI_UNKNOWN);
	assert_int_equal(f.route_v6, SD_TRI_UNKNOWN);

	/* IPv4 table present, no IPv6 in this kernel */
	put("routes_missing/route", ROUTE4_HEADER ROUTE4_DEFAULT);
	sd_sysfacts_routes(&fp.p, &f);
	assert_int_equal(f.route_v4, SD_TRI_YES);
	assert_int_equal(f.route_v6, SD_TRI_UNKNOWN);

	/* not Linux */
	fp.p.route4 = NULL;
	fp.p.route6 = NULL;
	sd_sysfacts_routes(&fp.p, &f);
	assert_int_equal(f.route_v4, SD_TRI_UNKNOWN);
	assert_int_equal(f.route_v6, SD_TRI_UNKNOWN);
}

/* ---------------------------------------------------------------------------------------------- */
/* DMI */

static void test_dmi_azure(void **state)
{
	fixture_paths fp;
	sd_env_facts f;
	sd_sysfacts_text t;

	(void) state;
	fixture(&fp, "azure");
	/* what an Azure VM shows: Hyper-V's names, and the asset tag only Azure sets */
	put("azure/dmi/sys_vendor", "Microsoft Corporation  \n");
	put("azure/dmi/product_name", "Virtual Machine\n");
	put("azure/dmi/product_version", "7.0\n");
	put("azure/dmi/bios_vendor", "Microsoft Corporation\n");
	put("azure/dmi/bios_version", "Hyper-V UEFI Release v4.1\n");
	put("azure/dmi/board_vendor", "Microsoft Corporation\n");
	put("azure/dmi/chassis_vendor", "Microsoft Corporation\n");
	put("azure/dmi/chassis_asset_tag", "7783-7084-3265-9085-8269-3286-77\n");
	memset(&f, 0, sizeof(f));
	sd_sysfacts_hosting(&fp.p, &f, &t);
	assert_non_null(f.hosting);
	assert_string_equal(f.hosting->id, "azure");
	assert_int_equal(f.hosting_signature, 0);
	assert_string_equal(f.dmi.value[SD_DMI_SYS_VENDOR], "Microsoft Corporation"); /* trailing blanks go */
	assert_string_equal(f.dmi.value[SD_DMI_CHASSIS_ASSET_TAG], "7783-7084-3265-9085-8269-3286-77");
	assert_string_equal(f.dmi.value[SD_DMI_BIOS_VERSION], "Hyper-V UEFI Release v4.1");
	assert_ptr_equal(f.dmi.value[SD_DMI_PRODUCT_NAME], t.dmi[SD_DMI_PRODUCT_NAME]);
}

static void test_dmi_hyperv_without_tag_is_no_cloud(void **state)
{
	fixture_paths fp;
	sd_env_facts f;
	sd_sysfacts_text t;

	(void) state;
	fixture(&fp, "hyperv");
	put("hyperv/dmi/sys_vendor", "Microsoft Corporation\n");
	put("hyperv/dmi/product_name", "Virtual Machine\n");
	put("hyperv/dmi/chassis_asset_tag", "\n"); /* empty, as on a Hyper-V host elsewhere */
	memset(&f, 0, sizeof(f));
	sd_sysfacts_hosting(&fp.p, &f, &t);
	assert_null(f.hosting);
	assert_string_equal(f.dmi.value[SD_DMI_SYS_VENDOR], "Microsoft Corporation");
	assert_string_equal(f.dmi.value[SD_DMI_CHASSIS_ASSET_TAG], "");
	assert_null(f.dmi.value[SD_DMI_BIOS_VENDOR]); /* no file */
}

static void test_dmi_no_cloud(void **state)
{
	fixture_paths fp;
	sd_env_facts f;
	sd_sysfacts_text t;
	int i;

	(void) state;
	fixture(&fp, "baremetal");
	put("baremetal/dmi/sys_vendor", "Dell Inc.\n");
	put("baremetal/dmi/product_name", "PowerEdge R640\n");
	put("baremetal/dmi/bios_vendor", "Dell Inc.\n");
	put("baremetal/dmi/chassis_asset_tag", "\t\n");
	memset(&f, 0, sizeof(f));
	sd_sysfacts_hosting(&fp.p, &f, &t);
	assert_null(f.hosting);
	assert_string_equal(f.dmi.value[SD_DMI_SYS_VENDOR], "Dell Inc.");
	assert_string_equal(f.dmi.value[SD_DMI_PRODUCT_NAME], "PowerEdge R640");
	assert_string_equal(f.dmi.value[SD_DMI_CHASSIS_ASSET_TAG], "");
	assert_null(f.dmi.value[SD_DMI_PRODUCT_VERSION]);

	/* no DMI at all (a container without /sys/class/dmi, or not Linux) */
	fixture(&fp, "nodmi");
	sd_sysfacts_hosting(&fp.p, &f, &t);
	assert_null(f.hosting);
	for (i = 0; i < SD_DMI_COUNT; i++) {
		assert_null(f.dmi.value[i]);
	}
	fp.p.dmi_dir = NULL;
	sd_sysfacts_hosting(&fp.p, &f, &t);
	assert_null(f.hosting);
	assert_null(f.dmi.value[SD_DMI_SYS_VENDOR]);
}

/* ---------------------------------------------------------------------------------------------- */
/* CA store */

#define PEM(what) "-----BEGIN " what "-----\nMIIBszCCAVmgAwIBAgIUQ0ZBS0VGQUtFRkFLRUZBS0UwCgYIKoZIzj0EAwIw\n" \
	"-----END " what "-----\n"

static void test_ca_bundle_three_certificates(void **state)
{
	char path[256];
	sd_ca_location loc;
	char buf[SD_SYSFACTS_PATH_MAX];

	(void) state;
	/* three certificates in OpenSSL's three spellings, and a key that is no certificate */
	put("ca/bundle.pem", "# a comment\n" PEM("CERTIFICATE") PEM("TRUSTED CERTIFICATE") PEM("PRIVATE KEY")
		PEM("X509 CERTIFICATE"));
	sd_sysfacts_ca_location(&loc, at(path, sizeof(path), "ca/bundle.pem"), "option cafile", 0, buf, sizeof(buf));
	assert_string_equal(loc.path, path);
	assert_ptr_equal(loc.path, buf);
	assert_string_equal(loc.origin, "option cafile");
	assert_true(loc.exists);
	assert_true(loc.readable);
	assert_int_equal(loc.count, 3);
}

static void test_ca_bundle_marker_across_reads(void **state)
{
	static char big[20000];
	char path[256];
	sd_ca_location loc;
	char buf[SD_SYSFACTS_PATH_MAX];
	size_t len;
	const char *pem = PEM("CERTIFICATE");

	(void) state;
	/* the second marker straddles the reader's 8 KiB buffer */
	memset(big, '#', sizeof(big));
	memcpy(big, pem, strlen(pem));
	memcpy(big + 8192 - 5, pem, strlen(pem));
	len = 8192 + 4000;
	memcpy(big + len, pem, strlen(pem));
	len += strlen(pem);
	put_bytes("ca/big.pem", big, len);
	sd_sysfacts_ca_location(&loc, at(path, sizeof(path), "ca/big.pem"), "x", 0, buf, sizeof(buf));
	assert_int_equal(loc.count, 3);

	/* a marker that ends the first read (8203 bytes) with room to spare is counted once, not again
	 * from the tail kept for the next read */
	memset(big, '#', sizeof(big));
	memcpy(big + 8203 - 35, pem, strlen(pem));
	put_bytes("ca/big.pem", big, 8203 - 35 + strlen(pem) + 100);
	sd_sysfacts_ca_location(&loc, path, "x", 0, buf, sizeof(buf));
	assert_int_equal(loc.count, 1);
}

static void test_ca_bundle_empty_missing_unreadable(void **state)
{
	char path[256];
	sd_ca_location loc;
	char buf[SD_SYSFACTS_PATH_MAX];

	(void) state;
	put("ca/empty.pem", "");
	sd_sysfacts_ca_location(&loc, at(path, sizeof(path), "ca/empty.pem"), "o", 0, buf, sizeof(buf));
	assert_true(loc.exists);
	assert_true(loc.readable);
	assert_int_equal(loc.count, 0);

	sd_sysfacts_ca_location(&loc, at(path, sizeof(path), "ca/missing.pem"), "o", 0, buf, sizeof(buf));
	assert_string_equal(loc.path, path);
	assert_false(loc.exists);
	assert_false(loc.readable);
	assert_int_equal(loc.count, 0);

	/* a folder where a bundle belongs */
	sd_sysfacts_ca_location(&loc, at(path, sizeof(path), "ca"), "o", 0, buf, sizeof(buf));
	assert_true(loc.exists);
	assert_false(loc.readable);
	assert_int_equal(loc.count, 0);

	/* no permission (root reads it anyway) */
	put("ca/secret.pem", PEM("CERTIFICATE"));
	assert_int_equal(chmod(at(path, sizeof(path), "ca/secret.pem"), 0), 0);
	sd_sysfacts_ca_location(&loc, path, "o", 0, buf, sizeof(buf));
	assert_true(loc.exists);
	if (geteuid() != 0) {
		assert_false(loc.readable);
		assert_int_equal(loc.count, 0);
	} else {
		assert_true(loc.readable);
		assert_int_equal(loc.count, 1);
	}

	/* not in use */
	sd_sysfacts_ca_location(&loc, NULL, "o", 0, buf, sizeof(buf));
	assert_null(loc.path);
	assert_null(loc.origin);
	assert_false(loc.exists);
	sd_sysfacts_ca_location(&loc, "", "o", 1, buf, sizeof(buf));
	assert_null(loc.path);
}

static void test_ca_dir_hashed_entries(void **state)
{
	char path[256];
	sd_ca_location loc;
	char buf[SD_SYSFACTS_PATH_MAX];

	(void) state;
	/* what c_rehash leaves: <hash>.<n> links (counted), CRL hashes <hash>.r<n>, the certificates */
	put("certs/5ed36f99.0", PEM("CERTIFICATE"));
	put("certs/5ed36f99.1", PEM("CERTIFICATE"));
	put("certs/A94D09E5.0", PEM("CERTIFICATE"));
	put("certs/a94d09e5.r0", "crl");
	put("certs/Some_Root_CA.pem", PEM("CERTIFICATE"));
	put("certs/xyzxyzxy.0", "not hex");
	put("certs/5ed36f9.0", "seven digits");
	sd_sysfacts_ca_location(&loc, at(path, sizeof(path), "certs"), "OpenSSL default", 1, buf, sizeof(buf));
	assert_true(loc.exists);
	assert_true(loc.readable);
	assert_int_equal(loc.count, 3);

	/* an empty folder */
	assert_int_equal(mkdir(at(path, sizeof(path), "nocerts"), 0755), 0);
	sd_sysfacts_ca_location(&loc, path, "o", 1, buf, sizeof(buf));
	assert_true(loc.exists);
	assert_true(loc.readable);
	assert_int_equal(loc.count, 0);

	/* a file where a folder belongs */
	sd_sysfacts_ca_location(&loc, at(path, sizeof(path), "certs/5ed36f99.0"), "o", 1, buf, sizeof(buf));
	assert_true(loc.exists);
	assert_false(loc.readable);
	assert_int_equal(loc.count, 0);

	sd_sysfacts_ca_location(&loc, at(path, sizeof(path), "nowhere"), "o", 1, buf, sizeof(buf));
	assert_false(loc.exists);
}

static void test_ca_choice(void **state)
{
	fixture_paths fp;
	sd_sysfacts_ca_settings s;
	sd_env_facts f;
	sd_sysfacts_text t;
	char file[256], dir[256];

	(void) state;
	fixture(&fp, "choice");
	put("choice/one.pem", PEM("CERTIFICATE"));
	put("choice/hashed/5ed36f99.0", PEM("CERTIFICATE"));
	at(file, sizeof(file), "choice/one.pem");
	at(dir, sizeof(dir), "choice/hashed");
	unsetenv("SD_TEST_CERT_FILE");
	unsetenv("SD_TEST_CERT_DIR");

	/* the options win over php.ini; a cafile option alone leaves no capath in use */
	memset(&s, 0, sizeof(s));
	s.option_cafile = file;
	s.ini_cafile = "/ini/cafile.pem";
	s.ini_capath = dir;
	sd_sysfacts_ca(&fp.p, &s, &f, &t);
	assert_true(f.ca_explicit);
	assert_string_equal(f.cafile.origin, "option cafile");
	assert_string_equal(f.cafile.path, file);
	assert_int_equal(f.cafile.count, 1);
	assert_null(f.capath.path);

	/* php.ini when no option is set ("" is not set) */
	s.option_cafile = "";
	sd_sysfacts_ca(&fp.p, &s, &f, &t);
	assert_true(f.ca_explicit);
	assert_string_equal(f.cafile.origin, "php.ini openssl.cafile");
	assert_string_equal(f.cafile.path, "/ini/cafile.pem");
	assert_false(f.cafile.exists);
	assert_string_equal(f.capath.origin, "php.ini openssl.capath");
	assert_int_equal(f.capath.count, 1);

	/* neither: OpenSSL's built-in paths */
	memset(&s, 0, sizeof(s));
	sd_sysfacts_ca(&fp.p, &s, &f, &t);
	assert_false(f.ca_explicit);
	assert_string_equal(f.cafile.origin, "OpenSSL default");
	assert_string_equal(f.cafile.path, "/nonexistent/cert.pem");
	assert_string_equal(f.capath.origin, "OpenSSL default");
	assert_string_equal(f.capath.path, "/nonexistent/certs");

	/* ... unless the environment names others (an empty value does not count) */
	setenv("SD_TEST_CERT_FILE", file, 1);
	setenv("SD_TEST_CERT_DIR", "", 1);
	sd_sysfacts_ca(&fp.p, &s, &f, &t);
	assert_false(f.ca_explicit);
	assert_string_equal(f.cafile.origin, "SD_TEST_CERT_FILE");
	assert_string_equal(f.cafile.path, file);
	assert_true(f.cafile.readable);
	assert_string_equal(f.capath.origin, "OpenSSL default");
	setenv("SD_TEST_CERT_DIR", dir, 1);
	sd_sysfacts_ca(&fp.p, &s, &f, &t);
	assert_string_equal(f.capath.origin, "SD_TEST_CERT_DIR");
	assert_int_equal(f.capath.count, 1);
	unsetenv("SD_TEST_CERT_FILE");
	unsetenv("SD_TEST_CERT_DIR");
}

/* ---------------------------------------------------------------------------------------------- */

static void test_default_paths(void **state)
{
	sd_sysfacts_paths p;

	(void) state;
	sd_sysfacts_default_paths(&p);
	assert_string_equal(p.selinux_dir, "/sys/fs/selinux");
	assert_string_equal(p.selinux_context, "/proc/self/attr/current");
	assert_string_equal(p.route4, "/proc/net/route");
	assert_string_equal(p.route6, "/proc/net/ipv6_route");
	assert_string_equal(p.dmi_dir, "/sys/class/dmi/id");
	assert_string_equal(p.ca_file_env, "SSL_CERT_FILE");
	assert_string_equal(p.ca_dir_env, "SSL_CERT_DIR");
	assert_non_null(p.ca_file);
	assert_non_null(p.ca_dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selinux_enforcing),
		cmocka_unit_test(test_selinux_permissive_booleans_missing),
		cmocka_unit_test(test_selinux_boolean_current_value_decides),
		cmocka_unit_test(test_selinux_absent),
		cmocka_unit_test(test_routes_both_defaults),
		cmocka_unit_test(test_routes_no_defaults),
		cmocka_unit_test(test_routes_no_file),
		cmocka_unit_test(test_dmi_azure),
		cmocka_unit_test(test_dmi_hyperv_without_tag_is_no_cloud),
		cmocka_unit_test(test_dmi_no_cloud),
		cmocka_unit_test(test_ca_bundle_three_certificates),
		cmocka_unit_test(test_ca_bundle_marker_across_reads),
		cmocka_unit_test(test_ca_bundle_empty_missing_unreadable),
		cmocka_unit_test(test_ca_dir_hashed_entries),
		cmocka_unit_test(test_ca_choice),
		cmocka_unit_test(test_default_paths),
	};

	return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
