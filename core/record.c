/* record.c -- encode and decode records as record.h describes. */
#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Makes room for n more bytes, doubling the buffer. */
static int rec_reserve(struct cb_rec *rec, size_t n)
{
	if (rec->failed)
		return -1;
	if (rec->len + n <= rec->cap)
		return 0;
	size_t cap = rec->cap ? rec->cap : 128;
	while (cap < rec->len + n)
		cap *= 2;
	unsigned char *p = realloc(rec->buf, cap);
	if (p == NULL) {
		rec->failed = 1;
		return -1;
	}
	rec->buf = p;
	rec->cap = cap;
	return 0;
}

/* Appends v as a base-128 varint. */
static void rec_varint(struct cb_rec *rec, uint64_t v)
{
	if (v < 0x80 && rec->len < rec->cap && !rec->failed) { /* most tags */
		rec->buf[rec->len++] = (unsigned char)v;
		return;
	}
	if (rec_reserve(rec, 10) != 0)
		return;
	do {
		unsigned char b = v & 0x7f;
		v >>= 7;
		rec->buf[rec->len++] = b | (v ? 0x80 : 0);
	} while (v);
}

void cb_rec_start(struct cb_rec *rec, enum cb_rec_type type)
{
	rec->len = 0;
	rec->failed = 0;
	if (rec_reserve(rec, 2) != 0)
		return;
	rec->buf[rec->len++] = (unsigned char)type;
	rec->buf[rec->len++] = CB_REC_VERSION;
}

void cb_rec_int(struct cb_rec *rec, unsigned field, int64_t value)
{
	uint64_t u = (uint64_t)value;
	rec_varint(rec, (uint64_t)field << 3 | CB_REC_INT);
	rec_varint(rec, (u << 1) ^ (value < 0 ? UINT64_MAX : 0));
}

void cb_rec_bytes(struct cb_rec *rec, unsigned field, const void *p, size_t n)
{
	rec_varint(rec, (uint64_t)field << 3 | CB_REC_BYTES);
	rec_varint(rec, n);
	if (rec_reserve(rec, n) != 0)
		return;
	if (n > 0)
		memcpy(rec->buf + rec->len, p, n);
	rec->len += n;
}

void cb_rec_text(struct cb_rec *rec, unsigned field, const char *s)
{
	if (s != NULL && *s != '\0')
		cb_rec_bytes(rec, field, s, strlen(s) + 1);
}

int cb_rec_finish(const struct cb_rec *rec)
{
	return rec->failed ? CB_ERR_NOMEM : CB_OK;
}

void cb_rec_free(struct cb_rec *rec)
{
	free(rec->buf);
	memset(rec, 0, sizeof *rec);
}

int cb_rec_open(struct cb_rec_reader *r, const void *data, size_t size,
    enum cb_rec_type type)
{
	const unsigned char *p = data;
	if (size < 2 || p[0] != type || p[1] != CB_REC_VERSION)
		return CB_ERR_CORRUPT;
	r->p = p + 2;
	r->end = p + size;
	return CB_OK;
}

/* Reads a varint; returns -1 when it runs past the end or is too long. */
static int read_varint(struct cb_rec_reader *r, uint64_t *out)
{
	uint64_t v = 0;
	if (r->p < r->end && *r->p < 0x80) { /* one byte: most tags */
		*out = *r->p++;
		return 0;
	}
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end)
			return -1;
		unsigned char b = *r->p++;
		if (shift == 63 && b > 1)
			return -1;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return 0;
		}
	}
	return -1;
}

int cb_rec_next(struct cb_rec_reader *r, struct cb_rec_field *f)
{
	uint64_t tag, v;
	if (r->p == r->end)
		return CB_ERR_NOTHING;
	if (read_varint(r, &tag) != 0 || read_varint(r, &v) != 0)
		return CB_ERR_CORRUPT;
	if ((tag >> 3) > UINT32_MAX)
		return CB_ERR_CORRUPT;
	f->field = (unsigned)(tag >> 3);
	switch (tag & 7) {
	case CB_REC_INT:
		f->kind = CB_REC_INT;
		f->i = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
		f->data = NULL;
		f->size = 0;
		return CB_OK;
	case CB_REC_BYTES:
		if (v > (uint64_t)(r->end - r->p))
			return CB_ERR_CORRUPT;
		f->kind = CB_REC_BYTES;
		f->i = 0;
		f->data = r->p;
		f->size = (size_t)v;
		r->p += v;
		return CB_OK;
	}
	return CB_ERR_CORRUPT;
}

const char *cb_rec_field_text(const struct cb_rec_field *f)
{
	if (f->kind != CB_REC_BYTES || f->size == 0)
		return NULL;
	const char *s = f->data;
	if (s[f->size - 1] != '\0' || memchr(s, '\0', f->size - 1) != NULL)
		return NULL;
	return s;
}
