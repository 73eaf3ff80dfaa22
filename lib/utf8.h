/*
 * UTF-8: strict validation of input lines (no overlong forms, no
 * surrogates, nothing above U+10FFFF) and decoding of text that has been
 * validated.
 */
#ifndef TK_UTF8_H
#define TK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Return the offset of the first byte of s[0..len) that does not start a
 * well-formed UTF-8 sequence, or len when all of it is well-formed.
 */
size_t tk_utf8_check(const char *s, size_t len);

/*
 * Decode the code point that starts at s (at most len bytes, len > 0) into
 * *cp and return its length in bytes.  s must be valid UTF-8 (checked with
 * tk_utf8_check()); a truncated sequence decodes as U+FFFD of length 1.
 */
static inline size_t tk_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xE0 && len >= 2) {
		*cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		return 2;
	}
	if (s[0] < 0xF0 && len >= 3) {
		*cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		return 3;
	}
	if (len >= 4) {
		*cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
		      (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

struct tk_buf;

/* Append s[0..len) to out with every byte that is not valid UTF-8 replaced by U+FFFD. */
void tk_utf8_sanitize(const char *s, size_t len, struct tk_buf *out);

/* Write cp as UTF-8 to dst (room for 4 bytes) and return the length. */
size_t tk_utf8_encode(uint32_t cp, char *dst);

#endif
