/* import_marks.c -- what an import's file named, and on which line, kept
 * in memory: a file of millions of rows would otherwise write a mark per
 * row into its own transaction, only to clear them all at its end. */
#include "import_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define CHUNK_MIN (1u << 20)
#define TABLE_MIN 4096

/* Marks lie one after another in chunks that never move: the line, then
 * the key and its NUL. */
struct imp_chunk {
	struct imp_chunk *next;
	size_t used, size;
	char data[];
};

/* The key of (tag, a, b): the tag, a, a unit separator, b.  Rows with
 * control characters are refused before anything is marked. */
static size_t mark_key(char *out, size_t size, char tag, const char *a,
    const char *b)
{
	size_t na = strlen(a), nb = b ? strlen(b) : 0;
	if (na + nb + 3 > size)
		return 0;
	out[0] = tag;
	memcpy(out + 1, a, na);
	out[1 + na] = '\x1f';
	memcpy(out + 2 + na, b ? b : "", nb);
	out[2 + na + nb] = '\0';
	return na + nb + 3;
}

/* A new mark's room in the chunks: its line, then len bytes of key. */
static char *chunk_room(struct imp_marks *m, size_t len)
{
	size_t need = sizeof(long) + len;
	struct imp_chunk *c = m->chunks;
	if (c == NULL || c->size - c->used < need) {
		size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;
		if ((c = malloc(sizeof *c + size)) == NULL)
			return NULL;
		c->next = m->chunks;
		c->used = 0;
		c->size = size;
		m->chunks = c;
	}
	char *at = c->data + c->used;
	c->used += need;
	return at;
}

/* Makes the hash table of size entries and enters every mark again. */
static int table_make(struct imp_marks *m, size_t size)
{
	if (m->size)
		hdestroy_r(&m->table);
	memset(&m->table, 0, sizeof m->table);
	if (hcreate_r(size, &m->table) == 0)
		return CB_ERR_NOMEM;
	m->size = size;
	for (struct imp_chunk *c = m->chunks; c; c = c->next)
		for (size_t at = 0; at < c->used;) {
			char *key = c->data + at + sizeof(long);
			ENTRY e = { key, c->data + at }, *found;
			if (hsearch_r(e, ENTER, &found, &m->table) == 0)
				return CB_ERR_NOMEM;
			at += sizeof(long) + strlen(key) + 1;
		}
	return CB_OK;
}

/* Finds a mark (NULL: none), or with line > 0 makes it if missing, and
 * then says so in *made (may be NULL). */
static int mark_find(struct imp_marks *m, char tag, const char *a,
    const char *b, long line, char **out, bool *made)
{
	char key[3 * CB_ID_MAX + CB_PORTFOLIO_MAX];
	ENTRY e = { key, NULL }, *found = NULL;
	size_t len = mark_key(key, sizeof key, tag, a, b);
	*out = NULL;
	if (made)
		*made = false;
	if (len == 0)
		return CB_ERR_INPUT;
	if (m->size && hsearch_r(e, FIND, &found, &m->table) != 0) {
		*out = found->data;
		return CB_OK;
	}
	if (line == 0)
		return CB_OK;
	/* Room for it: glibc's tables do not grow, so a larger one is made
	 * when three quarters are taken. */
	if ((m->n + 1) * 4 > m->size * 3) {
		int rc = table_make(m, m->size ? m->size * 2 : TABLE_MIN);
		if (rc != CB_OK)
			return rc;
	}
	char *mark = chunk_room(m, len);
	if (mark == NULL)
		return CB_ERR_NOMEM;
	memcpy(mark, &line, sizeof line);
	memcpy(mark + sizeof line, key, len);
	e.key = mark + sizeof line;
	e.data = mark;
	if (hsearch_r(e, ENTER, &found, &m->table) == 0)
		return errno == ENOMEM ? CB_ERR_NOMEM : CB_ERR_INTERNAL;
	m->n++;
	*out = mark;
	if (made)
		*made = true;
	return CB_OK;
}

long imp_seen(struct import *im, char tag, const char *a, const char *b)
{
	char *mark;
	long line = 0;
	if (mark_find(&im->marks, tag, a, b, 0, &mark, NULL) == CB_OK && mark)
		memcpy(&line, mark, sizeof line);
	return line;
}

int imp_mark_seen(struct import *im, char tag, const char *a, const char *b)
{
	char *mark;
	long line = im->rec.line;
	int rc = mark_find(&im->marks, tag, a, b, line, &mark, NULL);
	if (rc == CB_OK)
		memcpy(mark, &line, sizeof line);
	return rc;
}

int imp_mark_first(struct import *im, char tag, const char *a, const char *b)
{
	char *mark;
	return mark_find(&im->marks, tag, a, b, im->rec.line, &mark, NULL);
}

int imp_touch(struct import *im, const char *portfolio, const char *debtor)
{
	struct imp_marks *m = &im->marks;
	char *mark;
	bool made;
	int rc = mark_find(m, 'a', portfolio, debtor, im->rec.line, &mark, &made);
	if (rc != CB_OK || !made)
		return rc;
	if (m->ntouched == m->touched_cap) {
		size_t cap = m->touched_cap ? m->touched_cap * 2 : 1024;
		char **p = realloc(m->touched, cap * sizeof *p);
		if (p == NULL)
			return CB_ERR_NOMEM;
		m->touched = p;
		m->touched_cap = cap;
	}
	m->touched[m->ntouched++] = mark + sizeof(long);
	return CB_OK;
}

static int key_order(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int imp_each_touched(struct import *im,
    int (*fn)(struct import *im, const char *portfolio, const char *debtor))
{
	struct imp_marks *m = &im->marks;
	char portfolio[CB_PORTFOLIO_MAX + 1];
	int rc = CB_OK;
	/* In key order: the accounts' records lie near one another. */
	qsort(m->touched, m->ntouched, sizeof *m->touched, key_order);
	for (size_t i = 0; i < m->ntouched && rc == CB_OK; i++) {
		const char *key = m->touched[i] + 1, *sep = strchr(key, '\x1f');
		size_t n = (size_t)(sep - key);
		if (sep == NULL || n > CB_PORTFOLIO_MAX)
			return CB_ERR_INTERNAL;
		memcpy(portfolio, key, n);
		portfolio[n] = '\0';
		rc = fn(im, portfolio, sep + 1);
	}
	return rc;
}

void imp_marks_free(struct imp_marks *m)
{
	if (m->size)
		hdestroy_r(&m->table);
	while (m->chunks) {
		struct imp_chunk *c = m->chunks;
		m->chunks = c->next;
		free(c);
	}
	free(m->touched);
	memset(m, 0, sizeof *m);
}
