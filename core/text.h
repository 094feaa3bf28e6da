/*
 * text.h -- UTF-8 text as cobrador stores and shows it.
 *
 * Everything in the database is UTF-8.  Data may come from any ERP and is
 * never trusted to be harmless on a terminal: control characters and
 * bidirectional overrides are refused on import and escaped on display.
 */
#ifndef CB_TEXT_H
#define CB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies src (NULL: "") into dst of size bytes (at least 1), cut to
 * fit and always terminated; no printf, for the re-score's hot loops.
 * Ids and codes are ASCII, checked for length when stored. */
void cb_text_copy(char *dst, size_t size, const char *src);

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool cb_text_valid_utf8(const char *s, size_t len);

/*
 * Finds the first character of s (UTF-8, NUL-terminated) that must not
 * reach a terminal: C0 controls (tab and newline included), DEL, C1
 * controls (U+0080-U+009F), and the bidirectional controls U+061C,
 * U+200E, U+200F, U+202A-U+202E, U+2066-U+2069.  Returns a pointer to
 * it and its code point in *cp (may be NULL), or NULL when there is none.
 */
const char *cb_text_find_control(const char *s, uint32_t *cp);

/*
 * Folds s for comparing names: lower case, Latin accents removed (á->a,
 * ñ->n, ü->u, ç->c), runs of spaces, hyphens and underscores become one
 * underscore, trimmed at both ends.  "Razón Social" -> "razon_social".
 * Writes at most size bytes, always terminated; returns the length it
 * needed (like snprintf).
 */
size_t cb_text_fold(const char *s, char *out, size_t size);

/*
 * Copies s to out with every character that cb_text_find_control() would
 * find replaced by a visible escape: "\e" for ESC, "\n", "\t", "\r", "^X"
 * for other C0 controls, "<U+202E>" for the others; bytes that are not
 * UTF-8 become "\xNN".  Returns the length it needed (like snprintf);
 * out is always terminated when size > 0.
 */
size_t cb_text_escape(const char *s, char *out, size_t size);

#endif
