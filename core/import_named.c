/*
 * import_named.c -- what the file being imported named, and on which line:
 * a hash table in memory that lives as long as one run of the import.
 *
 * An import asks for every row whether a line before named the same debtor,
 * invoice or payment, and keeps the accounts it touched.  Kept as keys in
 * the import's own LMDB transaction these were a random write per row into
 * a transaction of a gigabyte, which LMDB must spill; here they cost a
 * probe.  glibc's hsearch_r() cannot grow, cannot hold keys with a NUL
 * inside, and hashes only a string's last bytes well, so the table is ours.
 *
 * The names are kept one after another in one buffer, each as its line,
 * its lengths, its bytes and its value (8-byte aligned).  A slot of the
 * table holds a name's 32-bit hash, which also picks its first slot, and
 * where the name starts, in 8-byte units from 1 (0: an empty slot).  Slots
 * are probed one after the next, and the table doubles when half full.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "error.h"
#include "import_impl.h"
#include "store.h"

/* FNV-1a over 64 bits, mixed at the end (FNV alone leaves keys that
 * differ late alike in some bits), and its top 32 bits. */
uint32_t imp_hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211u;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	return (uint32_t)(h >> 32);
}

static struct imp_name *name_at(const struct imp_named *t, uint32_t at)
{
	return (struct imp_name *)(t->bytes + (size_t)(at - 1) * 8);
}

/* The slot that holds key, whose hash is h, or the empty slot where it
 * would go. */
static struct imp_slot *find_slot(const struct imp_named *t, const void *key,
    uint32_t len, uint32_t h)
{
	size_t mask = t->nslots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct imp_slot *s = &t->slots[i];
		if (s->at == 0)
			return s;
		if (s->hash != h)
			continue;
		const struct imp_name *n = name_at(t, s->at);
		if (n->len == len && memcmp(n->bytes, key, len) == 0)
			return s;
	}
}

#define HUGE_PAGE (2u << 20)

/* An empty table of n slots.  A large one is asked for in huge pages: each
 * probe of it is a miss of the processor's caches, and with small pages a
 * miss of its table of pages too. */
static struct imp_slot *slots_alloc(size_t n)
{
	size_t size = n * sizeof(struct imp_slot);
	if (size < HUGE_PAGE)
		return calloc(n, sizeof(struct imp_slot));
	void *p = aligned_alloc(HUGE_PAGE, size);
	if (p != NULL) {
		madvise(p, size, MADV_HUGEPAGE);
		memset(p, 0, size);
	}
	return p;
}

/* Doubles the table (or makes its first one) and puts every name back. */
static int grow_slots(struct imp_named *t)
{
	size_t nslots = t->nslots ? t->nslots * 2 : 1 << 12;
	struct imp_slot *old = t->slots;
	size_t nold = t->nslots;
	if (nslots > (size_t)UINT32_MAX + 1 ||
	    (t->slots = slots_alloc(nslots)) == NULL) {
		t->slots = old;
		return CB_ERR_NOMEM;
	}
	t->nslots = nslots;
	/* The names are all different: each goes in the first empty slot
	 * from its place, found by its hash alone. */
	for (size_t i = 0; i < nold; i++) {
		if (old[i].at == 0)
			continue;
		size_t j = old[i].hash & (nslots - 1);
		while (t->slots[j].at != 0)
			j = (j + 1) & (nslots - 1);
		t->slots[j] = old[i];
	}
	free(old);
	return CB_OK;
}

/* The room a name takes in the buffer. */
static size_t name_size(const struct imp_name *n)
{
	return (sizeof *n + n->len + n->vlen + 7) & ~(size_t)7;
}

/* Appends a name to the buffer; *at is where it starts. */
static int append_name(struct imp_named *t, const void *key, uint32_t len,
    const char *value, long line, uint32_t *at)
{
	size_t vlen = value ? strlen(value) + 1 : 0;
	size_t need = (sizeof(struct imp_name) + len + vlen + 7) & ~(size_t)7;
	if ((t->size + need) / 8 >= UINT32_MAX)
		return CB_ERR_NOMEM;
	if (t->size + need > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1 << 16;
		while (cap < t->size + need)
			cap *= 2;
		char *p = realloc(t->bytes, cap);
		if (p == NULL)
			return CB_ERR_NOMEM;
		t->bytes = p;
		t->cap = cap;
	}
	struct imp_name *n = (struct imp_name *)(t->bytes + t->size);
	n->line = line;
	n->len = len;
	n->vlen = (uint32_t)vlen;
	memcpy(n->bytes, key, len);
	memcpy(n->bytes + len, value ? value : "", vlen);
	*at = (uint32_t)(t->size / 8 + 1);
	t->size += need;
	return CB_OK;
}

void imp_named_prefetch(const struct imp_named *t, const void *key,
    size_t len)
{
	if (t->nslots > 0)
		__builtin_prefetch(&t->slots[imp_hash(key, len) & (t->nslots - 1)]);
}

long imp_named_line(const struct imp_named *t, const void *key, size_t len,
    const char **value)
{
	const struct imp_slot *s = NULL;
	if (t->n > 0)
		s = find_slot(t, key, (uint32_t)len, imp_hash(key, len));
	const struct imp_name *n = s && s->at ? name_at(t, s->at) : NULL;
	if (value)
		*value = n ? imp_name_value(n) : NULL;
	return n ? n->line : 0;
}

int imp_named_put(struct imp_named *t, const void *key, size_t len,
    const char *value, long line, bool again)
{
	uint32_t h = imp_hash(key, len);
	int rc;
	if (2 * (t->n + 1) > t->nslots && (rc = grow_slots(t)) != CB_OK)
		return rc;
	struct imp_slot *s = find_slot(t, key, (uint32_t)len, h);
	if (s->at) {
		if (again)
			name_at(t, s->at)->line = line;
		return CB_OK;
	}
	uint32_t at;
	if ((rc = append_name(t, key, (uint32_t)len, value, line, &at)) != CB_OK)
		return rc;
	*s = (struct imp_slot){ h, at };
	t->n++;
	return CB_OK;
}

/* A name to sort: its key's head beside it (see cb_key_head()). */
struct sorting {
	struct cb_key_head head;
	const struct imp_name *name;
};

static int name_order(const void *a, const void *b)
{
	const struct sorting *x = a, *y = b;
	int d = cb_key_head_cmp(&x->head, &y->head);
	return d ? d : cb_key_cmp((struct cb_val){ x->name->bytes, x->name->len },
	    (struct cb_val){ y->name->bytes, y->name->len });
}

int imp_named_sorted(const struct imp_named *t, char tag,
    const struct imp_name ***out, size_t *count)
{
	struct sorting *sort = NULL;
	size_t n = 0, cap = 0;
	*out = NULL;
	*count = 0;
	for (size_t off = 0; off < t->size;) {
		const struct imp_name *name = (const void *)(t->bytes + off);
		off += name_size(name);
		if (name->len == 0 || name->bytes[0] != tag)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			struct sorting *p = realloc(sort, cap * sizeof *p);
			if (p == NULL) {
				free(sort);
				return CB_ERR_NOMEM;
			}
			sort = p;
		}
		sort[n].name = name;
		cb_key_head(&sort[n++].head, (struct cb_val){ name->bytes, name->len });
	}
	if (n > 0)
		qsort(sort, n, sizeof *sort, name_order);
	const struct imp_name **names = malloc((n ? n : 1) * sizeof *names);
	if (names == NULL) {
		free(sort);
		return CB_ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++)
		names[i] = sort[i].name;
	free(sort);
	*out = names;
	*count = n;
	return CB_OK;
}

void imp_named_free(struct imp_named *t)
{
	free(t->slots);
	free(t->bytes);
	*t = (struct imp_named){ 0 };
}
