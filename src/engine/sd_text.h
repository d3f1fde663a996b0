/* smtpdiag: making what a server sent safe to show, and keeping secrets out of transcripts.
 * Pure C: no PHP, no heap. Every byte a peer sent passes through sd_text_escape() before it reaches a
 * report, a transcript or a terminal. */
#ifndef SD_TEXT_H
#define SD_TEXT_H

#include <stddef.h>

/* Appended when the output had to be cut. */
#define SD_TEXT_TRUNCATED "...[truncated]"
#define SD_TEXT_REDACTED "[redacted]"

/* The escaping (all escapes are plain ASCII, so the output is valid UTF-8 without controls):
 *   backslash -> \\ ; CR -> \r ; LF -> \n ; TAB -> \t
 *   other C0 controls and DEL -> \xNN (lower-case hex)
 *   bytes that are not valid UTF-8 (stray continuation bytes, overlong forms, surrogates, beyond
 *   U+10FFFF, cut sequences) -> \xNN, one escape per byte
 *   C1 controls (U+0080-U+009F) and the invisible or direction-changing characters of
 *   sd_text_invisible() -> \uXXXX, or \UXXXXXXXX above U+FFFF (tag characters)
 *   printable ASCII and all other valid UTF-8 -> kept as is */

/* Whether code point cp is invisible or changes the direction of text around it: no-break, zero-width
 * and typographic spaces, the soft hyphen, joiners and marks, bidi embeddings, overrides and isolates,
 * the combining grapheme joiner, Hangul fillers, variation selectors, tag characters, the BOM and the
 * interlinear annotation characters. The host check refuses these as invisible; sd_text_escape() shows
 * them escaped. */
int sd_text_invisible(unsigned long cp);

/* Length of the full escaped form of in[0..len), NUL excluded. Borrows in for the call. */
size_t sd_text_escape_len(const char *in, size_t len);

/* Escape in[0..len) into out (capacity cap). out is always NUL-terminated when cap > 0. When the
 * escaped text does not fit, it is cut between two escapes or characters (never inside one) and
 * SD_TEXT_TRUNCATED is appended; with cap <= sizeof(SD_TEXT_TRUNCATED) the marker is left out.
 * Returns the length written, NUL excluded. Borrows in; the caller owns out. */
size_t sd_text_escape(const char *in, size_t len, char *out, size_t cap);

/* Prepare one line the client sent for a transcript: strip one trailing CRLF or LF, hide secrets, then
 * escape as sd_text_escape() does into out (capacity cap). Secrets:
 *   - after_334 non-zero (the server's last reply was a 334 challenge): the whole line is a credential
 *     and becomes SD_TEXT_REDACTED, except a lone "*" (the client cancelling), which is kept;
 *   - "AUTH <mechanism> <initial response>" (any case) keeps the verb and mechanism:
 *     "AUTH PLAIN [redacted]"; "AUTH LOGIN" alone is kept as is.
 * Returns the length written, NUL excluded. Borrows line; the caller owns out. */
size_t sd_text_redact(const char *line, size_t len, int after_334, char *out, size_t cap);

/* The system's text for an error number (errno, or a socket error: WSAGetLastError() on Windows), as
 * strerror() gives it, into buf (capacity cap, NUL-terminated when cap > 0; cut to fit), without
 * strerror()'s static buffer: safe on threads (a scan probes ports on threads). An unknown number gives
 * "Unknown error N". Returns buf. The only caller of strerror_r() under src/ (scripts/check-layers.sh
 * holds every other file to that). */
const char *sd_text_errno(int err, char *buf, size_t cap);

#endif
