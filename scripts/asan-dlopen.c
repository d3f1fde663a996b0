/* smtpdiag: a dlopen() preloaded in front of the AddressSanitizer runtime for the sanitizer pass of
 * scripts/dev.sh, which runs Debian's PHP (not built with ASan) with the runtime preloaded and an
 * extension built with it.
 *
 * Debian's PHP loads extensions with dlopen(..., RTLD_DEEPBIND) (PHP leaves that flag out only when PHP
 * itself is built with a sanitizer). The ASan runtime refuses that flag and ends the process: a library
 * loaded so looks its symbols up in itself and its own dependencies first, and would reach the C
 * library's malloc() and free() rather than the runtime's. This
 * dlopen() drops the flag and calls the next one, the runtime's. It comes first in LD_PRELOAD, so the
 * runtime is second: ASAN_OPTIONS=verify_asan_link_order=0 lets it start there. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

void *dlopen(const char *file, int mode)
{
	static void *(*next)(const char *, int);

	if (next == NULL) {
		next = (void *(*)(const char *, int)) dlsym(RTLD_NEXT, "dlopen");
		if (next == NULL) {
			return NULL;
		}
	}
	return next(file, mode & ~RTLD_DEEPBIND);
}
