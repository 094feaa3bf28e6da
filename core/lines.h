/*
 * lines.h -- reading the line-oriented text files people write: rule
 * packs, call scripts and strategies.
 *
 * Each is read whole, line by line, and any fault is reported as
 * "NAME:LINE: what is wrong" so that the author finds it in the file.
 * Lines may end in CRLF; tabs separate words like spaces; any other control
 * character is refused.
 */
#ifndef CB_LINES_H
#define CB_LINES_H

#include <stdbool.h>
#include <stddef.h>

#define CB_LINE_MAX 1024 /* bytes of one line, without its end */

struct cb_lines {
	const char *text;
	size_t size, at;
	const char *name; /* the file, as errors name it */
	unsigned line;    /* of the line last read, from 1 */
	char *why;        /* where errors are written */
	size_t why_size;
	char buf[CB_LINE_MAX + 1];
};

void cb_lines_init(struct cb_lines *l, const char *text, size_t size,
    const char *name, char *why, size_t why_size);

/* Reads the next line into l->buf and points *line at it: its end and any
 * CR stripped, tabs made spaces.  Returns CB_OK, CB_ERR_NOTHING after the
 * last line, or CB_ERR_INPUT (written to why) for a line too long or one
 * holding a control character. */
int cb_lines_next(struct cb_lines *l, char **line);

/* Cuts a comment off a line: from a '#' at its start or after a space. */
void cb_lines_uncomment(char *line);

/* True for a line that is blank or only a comment ('#' first). */
bool cb_lines_blank(const char *line);

/* Writes "NAME:LINE: " and the message to why; returns CB_ERR_INPUT.  The
 * _at form names another line than the last one read. */
int cb_lines_fail(struct cb_lines *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int cb_lines_fail_at(struct cb_lines *l, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Splits the next word off *s (words are separated by spaces), or NULL. */
char *cb_word(char **s);

/* What is left of s, without spaces at either end. */
char *cb_rest(char *s);

/* A whole number in [min, max] filling all of text (a sign allowed when
 * min is negative). */
bool cb_read_int(const char *text, int min, int max, int *out);

/* True when word is one of the space-separated words of list. */
bool cb_listed(const char *list, const char *word);

/* The strings kept from a parsed file, copied one after another into one
 * block sized from the file, so that what is parsed frees at once. */
struct cb_pool {
	char *buf;
	size_t used, size;
};

/* Makes a pool for the strings of a file of size bytes: CB_ERR_NOMEM. */
int cb_pool_init(struct cb_pool *p, size_t size);

/* Appends n bytes of s (no NUL is added) and returns where they went, or
 * NULL when the pool is full. */
char *cb_pool_add(struct cb_pool *p, const char *s, size_t n);

/* A copy of s with its NUL, or NULL when the pool is full. */
char *cb_pool_dup(struct cb_pool *p, const char *s);

#endif
