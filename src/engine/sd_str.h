/* smtpdiag: bounded string copies for the fixed-size text fields of the engine's results. */
#ifndef SD_STR_H
#define SD_STR_H

#include <string.h>

/* Copies src (NULL reads as "") into dst of capacity cap, cut to fit; dst is always terminated when
 * cap > 0. */
static inline void sd_str_copy(char *dst, size_t cap, const char *src)
{
	size_t n;

	if (cap == 0) {
		return;
	}
	n = src ? strlen(src) : 0;
	if (n >= cap) {
		n = cap - 1;
	}
	if (n) {
		memcpy(dst, src, n);
	}
	dst[n] = '\0';
}

#endif
