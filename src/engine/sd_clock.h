/* smtpdiag: the one monotonic clock every stage measures its deadline against. */
#ifndef SD_CLOCK_H
#define SD_CLOCK_H

#ifdef _WIN32
# include <windows.h>
#else
# include <time.h>
#endif

/* Milliseconds on a monotonic clock with an arbitrary origin. Deadlines are absolute values on this
 * clock; a stage waits at most sd_clock_left(deadline) milliseconds. */
static inline double sd_clock_ms(void)
{
#ifdef _WIN32
	LARGE_INTEGER freq, now;
	QueryPerformanceFrequency(&freq);
	QueryPerformanceCounter(&now);
	return (double) now.QuadPart * 1000.0 / (double) freq.QuadPart;
#else
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
#endif
}

/* Whole milliseconds left until deadline, never negative, rounded up so that poll() never wakes a
 * fraction of a millisecond early and spins. */
static inline int sd_clock_left(double deadline)
{
	double left = deadline - sd_clock_ms();
	if (left <= 0) {
		return 0;
	}
	if (left > 2147483647.0) {
		return 2147483647;
	}
	return (int) left + ((left - (int) left) > 0 ? 1 : 0);
}

#endif
