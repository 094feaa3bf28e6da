/*
 * text.c -- UTF-8 validation, control finding, folding and escaping.
 *
 * One strict decoder serves every function: a byte that does not start a
 * well-formed character is handled on its own (skipped, kept or escaped),
 * so that nothing here ever reads past the end of its input.
 */
#include "text.h"

#include <stdio.h>
#include <string.h>

/* Where a function writes, and how much it needed (for snprintf-like
 * results).  Pieces are written whole or not at all, so that a truncated
 * result never ends inside a character or an escape. */
struct sink {
	char *out;
	size_t size;
	size_t used;   /* bytes written */
	size_t needed; /* bytes the whole result takes */
	bool full;
};

/* Decodes the character at s[0..len): returns its length (1 to 4) and
 * its code point in *cp, or 0 when the bytes there are not well-formed. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char b = s[0];
	size_t n;
	uint32_t c, min;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b < 0xC2) /* a continuation byte, or an overlong lead C0 C1 */
		return 0;
	if (b < 0xE0) {
		n = 2, c = b & 0x1F, min = 0x80;
	} else if (b < 0xF0) {
		n = 3, c = b & 0x0F, min = 0x800;
	} else if (b < 0xF5) {
		n = 4, c = b & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* True when the 8 bytes at s are all ASCII: the fast path of validation. */
static bool ascii8(const unsigned char *s)
{
	uint64_t w;

	memcpy(&w, s, sizeof w);
	return (w & 0x8080808080808080u) == 0;
}

void cb_text_copy(char *dst, size_t size, const char *src)
{
	size_t n = src ? strnlen(src, size - 1) : 0;
	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

bool cb_text_valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (len - i >= 8 && ascii8(p + i)) {
			i += 8;
			continue;
		}
		if ((n = utf8_decode(p + i, len - i, &cp)) == 0)
			return false;
		i += n;
	}
	return true;
}

/* True for the code points that must not reach a terminal. */
static bool is_control(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return true;
	if (cp < 0x61C)
		return false;
	return cp == 0x61C || cp == 0x200E || cp == 0x200F ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

const char *cb_text_find_control(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	uint32_t c;
	size_t n;

	for (; p < end; p += n ? n : 1) {
		n = 1;
		if (*p >= 0x20 && *p < 0x7F) /* printable ASCII: most of a text */
			continue;
		n = utf8_decode(p, (size_t)(end - p), &c);
		if (n > 0 && is_control(c)) {
			if (cp != NULL)
				*cp = c;
			return (const char *)p;
		}
	}
	return NULL;
}

/* Adds n bytes to the sink, or only counts them once it is full. */
static void put(struct sink *k, const char *s, size_t n)
{
	if (!k->full && k->used + n < k->size) {
		memcpy(k->out + k->used, s, n);
		k->used += n;
	} else {
		k->full = true;
	}
	k->needed += n;
}

/* Terminates the sink and returns the length the result needed. */
static size_t finish(struct sink *k)
{
	if (k->size > 0)
		k->out[k->used] = '\0';
	return k->needed;
}

/* The ASCII letters of the Latin-1 letters U+00C0-U+00DF and, lower case,
 * U+00E0-U+00FF; '?' where the letter is not folded. */
static const char latin1_fold[] = "aaaaaa?ceeeeiiii?nooooo??uuuu???";

/* Writes the ASCII form of an accented Latin letter (á -> "a", Œ -> "oe")
 * into out and returns its length, or 0 when cp is not one of them. */
static size_t fold_latin(uint32_t cp, char out[2])
{
	switch (cp) {
	case 0xC6:
	case 0xE6: memcpy(out, "ae", 2); return 2;
	case 0x152:
	case 0x153: memcpy(out, "oe", 2); return 2;
	case 0xFF:
	case 0x178: out[0] = 'y'; return 1;
	case 0x13F:
	case 0x140: out[0] = 'l'; return 1;
	}
	if (cp < 0xC0 || cp > 0xFF || latin1_fold[cp & 0x1F] == '?')
		return 0;
	out[0] = latin1_fold[cp & 0x1F];
	return 1;
}

/* True for the characters that separate words of a name: space, no-break
 * space (common in spreadsheet exports), hyphen and underscore. */
static bool is_separator(uint32_t cp)
{
	return cp == ' ' || cp == '-' || cp == '_' || cp == 0xA0;
}

size_t cb_text_fold(const char *s, char *out, size_t size)
{
	struct sink k = {out, size, 0, 0, false};
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	bool gap = false;
	char ascii[2];
	uint32_t cp;
	size_t n, m;

	for (; p < end; p += n) {
		if ((n = utf8_decode(p, (size_t)(end - p), &cp)) == 0)
			n = 1, cp = 0xFFFD; /* kept as it is below */
		if (is_separator(cp)) {
			gap = true;
			continue;
		}
		if (gap && k.needed > 0)
			put(&k, "_", 1);
		gap = false;
		if (cp < 0x80) {
			ascii[0] =
			    (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
			put(&k, ascii, 1);
		} else if ((m = fold_latin(cp, ascii)) > 0) {
			put(&k, ascii, m);
		} else {
			put(&k, (const char *)p, n);
		}
	}
	return finish(&k);
}

/* Writes the visible escape of control cp ("\e", "^A", "<U+202E>"). */
static void put_escape(struct sink *k, uint32_t cp)
{
	char buf[16];
	int n;

	switch (cp) {
	case 0x1B: put(k, "\\e", 2); return;
	case '\n': put(k, "\\n", 2); return;
	case '\t': put(k, "\\t", 2); return;
	case '\r': put(k, "\\r", 2); return;
	}
	if (cp < 0x20)
		n = snprintf(buf, sizeof buf, "^%c", (char)(cp + 0x40));
	else
		n = snprintf(buf, sizeof buf, "<U+%04X>", (unsigned)cp);
	put(k, buf, (size_t)n);
}

size_t cb_text_escape(const char *s, char *out, size_t size)
{
	struct sink k = {out, size, 0, 0, false};
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	char hex[8];
	uint32_t cp;
	size_t n;

	for (; p < end; p += n) {
		if ((n = utf8_decode(p, (size_t)(end - p), &cp)) == 0) {
			snprintf(hex, sizeof hex, "\\x%02X", *p);
			put(&k, hex, 4);
			n = 1;
		} else if (is_control(cp)) {
			put_escape(&k, cp);
		} else {
			put(&k, (const char *)p, n);
		}
	}
	return finish(&k);
}
