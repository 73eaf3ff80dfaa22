/*
 * UTF-8 validation.  Lines are checked once on input, so everything after
 * the stream core can decode without checking again.  Most ticket text is
 * ASCII: the loop skips eight ASCII bytes at a time.
 */
#include "utf8.h"

#include <string.h>

#include "buf.h"

size_t tk_utf8_check(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];

		if (c < 0x80) {
			uint64_t w;

			while (i + 8 <= len) {
				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			while (i < len && s[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			if (i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
				return i;
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			/* E0 needs A0..BF (no overlongs), ED needs 80..9F (no surrogates). */
			unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
			unsigned char hi = c == 0xED ? 0x9F : 0xBF;

			if (i + 2 >= len || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80)
				return i;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			/* F0 needs 90..BF (no overlongs), F4 needs 80..8F (<= U+10FFFF). */
			unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
			unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;

			if (i + 3 >= len || s[i + 1] < lo || s[i + 1] > hi || (s[i + 2] & 0xC0) != 0x80 ||
			    (s[i + 3] & 0xC0) != 0x80)
				return i;
			i += 4;
		} else {
			return i;
		}
	}
	return len;
}

size_t tk_utf8_encode(uint32_t cp, char *dst)
{
	unsigned char *d = (unsigned char *)dst;

	if (cp < 0x80) {
		d[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (unsigned char)(0xC0 | cp >> 6);
		d[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (unsigned char)(0xE0 | cp >> 12);
		d[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		d[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	d[0] = (unsigned char)(0xF0 | cp >> 18);
	d[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	d[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	d[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

void tk_utf8_sanitize(const char *s, size_t len, struct tk_buf *out)
{
	size_t i = 0, bad;

	while ((bad = tk_utf8_check(s + i, len - i)) < len - i) {
		tk_buf_add(out, s + i, bad);
		tk_buf_add(out, "\xEF\xBF\xBD", 3);
		i += bad + 1;
	}
	tk_buf_add(out, s + i, len - i);
}
