/*
 * ascii.h -- character classes that do not depend on the locale.
 *
 * Ids, amounts and dates are ASCII whatever the user's locale; isdigit()
 * and friends may accept more in some locales, so the parsers use these.
 */
#ifndef CB_ASCII_H
#define CB_ASCII_H

#include <string.h>

#include "error.h"

static inline int cb_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int cb_ascii_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline int cb_ascii_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Upper-cases an ASCII letter and leaves every other byte alone. */
static inline char cb_ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* A piece of text being parsed: [p, end). */
struct cb_span {
	const char *p;
	const char *end;
};

/* The span of text without the ASCII white space at both ends. */
static inline struct cb_span cb_span_trimmed(const char *text)
{
	struct cb_span s = { text, text };
	while (cb_ascii_space(*s.p))
		s.p++;
	s.end = s.p + strlen(s.p);
	while (s.end > s.p && cb_ascii_space(s.end[-1]))
		s.end--;
	return s;
}

/* Sets *why when the caller asked for it, and returns CB_ERR_INPUT: the
 * way every parser of core reports bad input. */
static inline int cb_bad_input(const char **why, const char *text)
{
	if (why != NULL)
		*why = text;
	return CB_ERR_INPUT;
}

#endif
