/* lines.c -- reading line-oriented text files with NAME:LINE errors. */
#include "lines.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "error.h"
#include "text.h"

void cb_lines_init(struct cb_lines *l, const char *text, size_t size,
    const char *name, char *why, size_t why_size)
{
	l->text = text;
	l->size = size;
	l->at = 0;
	l->name = name;
	l->line = 0;
	l->why = why;
	l->why_size = why_size;
	l->buf[0] = '\0';
}

static int fail_v(struct cb_lines *l, unsigned line, const char *fmt,
    va_list ap)
{
	int n = snprintf(l->why, l->why_size, "%s:%u: ", l->name, line);
	if (n >= 0 && (size_t)n < l->why_size)
		vsnprintf(l->why + n, l->why_size - (size_t)n, fmt, ap);
	return CB_ERR_INPUT;
}

int cb_lines_fail(struct cb_lines *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = fail_v(l, l->line, fmt, ap);
	va_end(ap);
	return rc;
}

int cb_lines_fail_at(struct cb_lines *l, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = fail_v(l, line, fmt, ap);
	va_end(ap);
	return rc;
}

int cb_lines_next(struct cb_lines *l, char **line)
{
	if (l->at >= l->size)
		return CB_ERR_NOTHING;
	const char *start = l->text + l->at;
	const char *nl = memchr(start, '\n', l->size - l->at);
	size_t len = nl ? (size_t)(nl - start) : l->size - l->at;
	l->line++;
	l->at += len + (nl != NULL);
	if (len > CB_LINE_MAX)
		return cb_lines_fail(l, "line longer than %d bytes", CB_LINE_MAX);
	if (memchr(start, '\0', len))
		return cb_lines_fail(l, "control characters are not allowed");
	memcpy(l->buf, start, len);
	l->buf[len] = '\0';
	if (len && l->buf[len - 1] == '\r')
		l->buf[len - 1] = '\0';
	for (char *c = l->buf; (c = strchr(c, '\t')) != NULL; c++)
		*c = ' ';
	if (cb_text_find_control(l->buf, NULL))
		return cb_lines_fail(l, "control characters are not allowed");
	if (!cb_text_valid_utf8(l->buf, strlen(l->buf)))
		return cb_lines_fail(l, "not UTF-8 text");
	*line = l->buf;
	return CB_OK;
}

void cb_lines_uncomment(char *line)
{
	for (char *c = line; (c = strchr(c, '#')) != NULL; c++)
		if (c == line || c[-1] == ' ') {
			*c = '\0';
			return;
		}
}

bool cb_lines_blank(const char *line)
{
	while (*line == ' ')
		line++;
	return *line == '\0' || *line == '#';
}

char *cb_word(char **s)
{
	char *p = *s, *w;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return NULL;
	w = p;
	while (*p && *p != ' ')
		p++;
	if (*p)
		*p++ = '\0';
	*s = p;
	return w;
}

char *cb_rest(char *s)
{
	char *end;
	while (*s == ' ')
		s++;
	end = s + strlen(s);
	while (end > s && end[-1] == ' ')
		*--end = '\0';
	return s;
}

bool cb_read_int(const char *text, int min, int max, int *out)
{
	char *end;
	long v;
	if (text == NULL)
		return false;
	const char *digits = text + (min < 0 && (*text == '-' || *text == '+'));
	if (!cb_ascii_digit(*digits))
		return false;
	v = strtol(text, &end, 10);
	if (*end || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

bool cb_listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	if (n == 0)
		return false;
	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

int cb_pool_init(struct cb_pool *p, size_t size)
{
	/* Every string kept comes from the file, with a NUL each. */
	p->size = 2 * size + 256;
	p->used = 0;
	p->buf = malloc(p->size);
	return p->buf ? CB_OK : CB_ERR_NOMEM;
}

char *cb_pool_add(struct cb_pool *p, const char *s, size_t n)
{
	if (p->size - p->used < n)
		return NULL;
	char *at = p->buf + p->used;
	memcpy(at, s, n);
	p->used += n;
	return at;
}

char *cb_pool_dup(struct cb_pool *p, const char *s)
{
	return cb_pool_add(p, s, strlen(s) + 1);
}
