/* test_record.c -- tests of record.c: the versioned encoding of records,
 * and that readers of stored records skip fields they do not know. */
#include "record.h"

#include <stdint.h>

#include "error.h"
#include "fixture.h"
#include "model.h"
#include "store.h"

/* Opens a finished record as type, which must work. */
static void open_ok(struct cb_rec_reader *r, const struct cb_rec *rec,
    enum cb_rec_type type)
{
	cr_assert_eq(cb_rec_finish(rec), CB_OK);
	cr_assert_eq(cb_rec_open(r, rec->buf, rec->len, type), CB_OK);
}

/* Reads the next field, which must be there. */
static void next_ok(struct cb_rec_reader *r, struct cb_rec_field *f)
{
	int rc = cb_rec_next(r, f);
	cr_assert_eq(rc, CB_OK, "next: %s", cb_strerror(rc));
}

/* Reads to the end of a record of size bytes at data and returns how it
 * ended; every field read must lie inside the record. */
static int read_all(struct cb_rec_reader *r, const unsigned char *data,
    size_t size, int *fields)
{
	struct cb_rec_field f;
	int rc;
	*fields = 0;
	while ((rc = cb_rec_next(r, &f)) == CB_OK) {
		(*fields)++;
		if (f.kind == CB_REC_BYTES) {
			const unsigned char *p = f.data;
			cr_assert(p >= data + 2 && p <= data + size &&
			    f.size <= (size_t)(data + size - p),
			    "field %u of %zu bytes runs past the record of %zu",
			    f.field, f.size, size);
		} else {
			cr_assert_eq(f.kind, CB_REC_INT);
		}
	}
	return rc;
}

/* Opens size bytes copied into a buffer of exactly that size (so that the
 * sanitizer sees any read past it) and reads every field. */
static int decode_exact(const void *data, size_t size, enum cb_rec_type type,
    int *fields)
{
	unsigned char *copy = malloc(size ? size : 1);
	struct cb_rec_reader r;
	cr_assert_not_null(copy);
	if (size)
		memcpy(copy, data, size);
	int rc = cb_rec_open(&r, copy, size, type);
	*fields = 0;
	if (rc == CB_OK)
		rc = read_all(&r, copy, size, fields);
	free(copy);
	return rc;
}

static const int64_t int_values[] = {
	0, -1, 1, 2, -2, 63, -63, 64, -64, 65, -65, 127, 128, -128, 8191, -8192,
	8192, -8193, INT32_MAX, INT32_MIN, (int64_t)INT32_MAX + 1,
	(int64_t)INT32_MIN - 1, INT64_MAX, INT64_MIN, INT64_MAX - 1,
	INT64_MIN + 1, ((int64_t)1 << 62), -((int64_t)1 << 62),
	((int64_t)1 << 62) - 1, -((int64_t)1 << 62) - 1,
};
#define NINTS (sizeof int_values / sizeof int_values[0])

Test(record, ints_round_trip)
{
	struct cb_rec rec = { 0 };
	struct cb_rec_reader r;
	struct cb_rec_field f;
	cb_rec_start(&rec, CB_REC_ACCOUNT);
	for (size_t i = 0; i < NINTS; i++)
		cb_rec_int(&rec, (unsigned)i + 1, int_values[i]);
	open_ok(&r, &rec, CB_REC_ACCOUNT);
	for (size_t i = 0; i < NINTS; i++) {
		next_ok(&r, &f);
		cr_expect_eq(f.field, i + 1);
		cr_expect_eq(f.kind, CB_REC_INT);
		cr_expect_eq(f.i, int_values[i], "value %zu: got %lld, want %lld",
		    i, (long long)f.i, (long long)int_values[i]);
	}
	cr_expect_eq(cb_rec_next(&r, &f), CB_ERR_NOTHING);
	cb_rec_free(&rec);
}

/* The bytes of one int field: the zigzag varint of record.h. */
static void expect_int_bytes(int64_t v, const unsigned char *want, size_t n)
{
	struct cb_rec rec = { 0 };
	cb_rec_start(&rec, CB_REC_DEBTOR);
	cb_rec_int(&rec, 1, v);
	cr_assert_eq(cb_rec_finish(&rec), CB_OK);
	cr_assert_eq(rec.len, 3 + n, "value %lld: %zu bytes", (long long)v,
	    rec.len);
	cr_expect_eq(rec.buf[0], CB_REC_DEBTOR);
	cr_expect_eq(rec.buf[1], CB_REC_VERSION);
	cr_expect_eq(rec.buf[2], 1 << 3 | CB_REC_INT);
	cr_expect(memcmp(rec.buf + 3, want, n) == 0, "value %lld",
	    (long long)v);
	cb_rec_free(&rec);
}

Test(record, zigzag_encoding)
{
	expect_int_bytes(0, (const unsigned char[]){ 0x00 }, 1);
	expect_int_bytes(-1, (const unsigned char[]){ 0x01 }, 1);
	expect_int_bytes(1, (const unsigned char[]){ 0x02 }, 1);
	expect_int_bytes(-64, (const unsigned char[]){ 0x7f }, 1);
	expect_int_bytes(64, (const unsigned char[]){ 0x80, 0x01 }, 2);
	expect_int_bytes(-65, (const unsigned char[]){ 0x81, 0x01 }, 2);
	expect_int_bytes(INT64_MAX, (const unsigned char[]){ 0xfe, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, 10);
	expect_int_bytes(INT64_MIN, (const unsigned char[]){ 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, 10);
}

Test(record, text_and_bytes_round_trip)
{
	static const unsigned char blob[] = { 0, 1, 2, 0xff, 0, 0x80, 'x' };
	const char *accents = "Razón Social: Ñuñoa, São Paulo";
	char *big = malloc(100000);
	struct cb_rec rec = { 0 };
	struct cb_rec_reader r;
	struct cb_rec_field f;
	cr_assert_not_null(big);
	for (size_t i = 0; i < 100000; i++)
		big[i] = (char)('a' + i % 26);
	big[99999] = '\0';

	cb_rec_start(&rec, CB_REC_DEBTOR);
	cb_rec_text(&rec, 3, "hello");
	cb_rec_text(&rec, 4, "");   /* adds nothing */
	cb_rec_text(&rec, 5, NULL); /* adds nothing */
	cb_rec_bytes(&rec, 6, blob, sizeof blob);
	cb_rec_bytes(&rec, 7, NULL, 0);
	cb_rec_text(&rec, 8, accents);
	cb_rec_text(&rec, 100000, big);
	cb_rec_int(&rec, 9, -5);
	open_ok(&r, &rec, CB_REC_DEBTOR);

	next_ok(&r, &f);
	cr_expect_eq(f.field, 3);
	cr_expect_eq(f.kind, CB_REC_BYTES);
	cr_expect_eq(f.size, 6);
	cr_expect_str_eq(cb_rec_field_text(&f), "hello");

	next_ok(&r, &f);
	cr_expect_eq(f.field, 6);
	cr_expect_eq(f.kind, CB_REC_BYTES);
	cr_assert_eq(f.size, sizeof blob);
	cr_expect(memcmp(f.data, blob, sizeof blob) == 0);
	cr_expect_null(cb_rec_field_text(&f), "inner NULs are not text");

	next_ok(&r, &f);
	cr_expect_eq(f.field, 7);
	cr_expect_eq(f.kind, CB_REC_BYTES);
	cr_expect_eq(f.size, 0);
	cr_expect_null(cb_rec_field_text(&f));

	next_ok(&r, &f);
	cr_expect_eq(f.field, 8);
	cr_expect_str_eq(cb_rec_field_text(&f), accents);

	next_ok(&r, &f);
	cr_expect_eq(f.field, 100000);
	cr_expect_eq(f.size, 100000);
	cr_assert_not_null(cb_rec_field_text(&f));
	cr_expect_str_eq(cb_rec_field_text(&f), big);

	next_ok(&r, &f);
	cr_expect_eq(f.field, 9);
	cr_expect_eq(f.kind, CB_REC_INT);
	cr_expect_eq(f.i, -5);
	cr_expect_null(cb_rec_field_text(&f), "an int is not text");

	cr_expect_eq(cb_rec_next(&r, &f), CB_ERR_NOTHING);
	cr_expect_eq(cb_rec_next(&r, &f), CB_ERR_NOTHING, "stays at the end");
	cb_rec_free(&rec);
	free(big);
}

Test(record, empty_record_and_restart)
{
	struct cb_rec rec = { 0 };
	struct cb_rec_reader r;
	struct cb_rec_field f;
	cb_rec_start(&rec, CB_REC_USER);
	cr_assert_eq(cb_rec_finish(&rec), CB_OK);
	cr_assert_eq(rec.len, 2);
	open_ok(&r, &rec, CB_REC_USER);
	cr_expect_eq(cb_rec_next(&r, &f), CB_ERR_NOTHING);
	cb_rec_free(&rec);
	cr_expect_null(rec.buf);
	cr_expect_eq(rec.len, 0);

	/* Started again, the old content is gone. */
	cb_rec_start(&rec, CB_REC_USER);
	cb_rec_int(&rec, 1, 7);
	cb_rec_start(&rec, CB_REC_PHONE);
	cb_rec_int(&rec, 2, 9);
	open_ok(&r, &rec, CB_REC_PHONE);
	next_ok(&r, &f);
	cr_expect_eq(f.field, 2);
	cr_expect_eq(f.i, 9);
	cr_expect_eq(cb_rec_next(&r, &f), CB_ERR_NOTHING);
	cb_rec_free(&rec);
}

Test(record, unknown_fields_are_returned_and_skipped)
{
	/* A reader sees fields in order; one it does not know (99, 1000)
	 * is stepped over without disturbing the ones after. */
	struct cb_rec rec = { 0 };
	struct cb_rec_reader r;
	struct cb_rec_field f;
	int64_t one = 0, two = 0;
	const char *name = NULL;
	cb_rec_start(&rec, CB_REC_PORTFOLIO);
	cb_rec_int(&rec, 1, 11);
	cb_rec_text(&rec, 99, "from a newer program");
	cb_rec_int(&rec, 1000, -12345678);
	cb_rec_bytes(&rec, 98, "\0\0\0", 3);
	cb_rec_int(&rec, 2, 22);
	cb_rec_text(&rec, 3, "name");
	open_ok(&r, &rec, CB_REC_PORTFOLIO);
	while (cb_rec_next(&r, &f) == CB_OK) {
		switch (f.field) {
		case 1: one = f.i; break;
		case 2: two = f.i; break;
		case 3: name = cb_rec_field_text(&f); break;
		}
	}
	cr_expect_eq(one, 11);
	cr_expect_eq(two, 22);
	cr_assert_not_null(name);
	cr_expect_str_eq(name, "name");
	cb_rec_free(&rec);
}

static const char *store_dir;
static struct cb_store *store;

static void db_setup(void)
{
	store_dir = fixture_dir();
	cr_assert_eq(cb_store_open(store_dir, CB_OPEN_CREATE, &store), CB_OK);
}

static void db_teardown(void)
{
	cb_store_close(&store);
	fixture_cleanup();
}

/* Stores an invoice, then appends to its record unknown fields of every
 * kind, as a newer program would write them. */
static int add_unknown_fields(struct cb_txn *txn, void *arg)
{
	struct cb_key key;
	struct cb_val v;
	struct cb_rec tail = { 0 };
	struct cb_invoice inv = { .portfolio = "default", .debtor = "12345678-5",
		.id = "F-1", .type = CB_DOC_DEBIT_NOTE, .issue_date = 20000,
		.due_date = 20030, .amount = 123456, .applies_to = "F-0",
		.open = 100, .settled = CB_DAY_NONE };
	(void)arg;
	int rc = cb_invoice_put(txn, &inv);
	if (rc != CB_OK)
		return rc;
	cb_key_document(&key, inv.portfolio, inv.debtor, inv.id);
	if ((rc = cb_get(txn, CB_T_INVOICES, cb_key_val(&key), &v)) != CB_OK)
		return rc;
	cb_rec_start(&tail, CB_REC_INVOICE);
	cb_rec_int(&tail, 60, 99);
	cb_rec_text(&tail, 61, "unknown text");
	cb_rec_bytes(&tail, 62, "\x01\x00\x02", 3);
	cb_rec_int(&tail, 4000000, INT64_MIN);
	cr_assert_eq(cb_rec_finish(&tail), CB_OK);
	/* The stored record, then the new fields (without their head). */
	size_t n = v.size + tail.len - 2;
	unsigned char *buf = malloc(n);
	cr_assert_not_null(buf);
	memcpy(buf, v.data, v.size);
	memcpy(buf + v.size, tail.buf + 2, tail.len - 2);
	rc = cb_put(txn, CB_T_INVOICES, cb_key_val(&key),
	    (struct cb_val){ buf, n });
	free(buf);
	cb_rec_free(&tail);
	return rc;
}

Test(record, model_readers_skip_unknown_fields, .init = db_setup,
    .fini = db_teardown)
{
	struct cb_txn *txn;
	struct cb_invoice inv;
	struct cb_val v;
	struct cb_key key;
	cr_assert_eq(cb_store_write(store, add_unknown_fields, NULL), CB_OK);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cb_key_document(&key, "default", "12345678-5", "F-1");
	cr_assert_eq(cb_get(txn, CB_T_INVOICES, cb_key_val(&key), &v), CB_OK);
	cr_assert_gt(v.size, 30, "the unknown fields were stored");
	int rc = cb_invoice_get(txn, "default", "12345678-5", "F-1", &inv);
	cr_assert_eq(rc, CB_OK, "%s", cb_strerror(rc));
	cr_expect_str_eq(inv.portfolio, "default");
	cr_expect_str_eq(inv.debtor, "12345678-5");
	cr_expect_str_eq(inv.id, "F-1");
	cr_expect_eq(inv.type, CB_DOC_DEBIT_NOTE);
	cr_expect_eq(inv.issue_date, 20000);
	cr_expect_eq(inv.due_date, 20030);
	cr_expect_eq(inv.amount, 123456);
	cr_assert_not_null(inv.applies_to);
	cr_expect_str_eq(inv.applies_to, "F-0");
	cr_expect_eq(inv.open, 100);
	cr_expect_eq(inv.settled, CB_DAY_NONE);
	cb_txn_end(&txn);
}

Test(record, wrong_type_or_version_is_corrupt)
{
	struct cb_rec rec = { 0 };
	struct cb_rec_reader r;
	cb_rec_start(&rec, CB_REC_INVOICE);
	cb_rec_int(&rec, 1, 5);
	cr_assert_eq(cb_rec_finish(&rec), CB_OK);
	cr_expect_eq(cb_rec_open(&r, rec.buf, rec.len, CB_REC_INVOICE), CB_OK);
	cr_expect_eq(cb_rec_open(&r, rec.buf, rec.len, CB_REC_PAYMENT),
	    CB_ERR_CORRUPT);
	cr_expect_eq(cb_rec_open(&r, rec.buf, rec.len, CB_REC_PORTFOLIO),
	    CB_ERR_CORRUPT);
	rec.buf[1] = CB_REC_VERSION + 1;
	cr_expect_eq(cb_rec_open(&r, rec.buf, rec.len, CB_REC_INVOICE),
	    CB_ERR_CORRUPT, "a newer version");
	rec.buf[1] = 0;
	cr_expect_eq(cb_rec_open(&r, rec.buf, rec.len, CB_REC_INVOICE),
	    CB_ERR_CORRUPT, "version 0");
	rec.buf[1] = CB_REC_VERSION;
	rec.buf[0] = CB_REC_INVOICE | 0x80;
	cr_expect_eq(cb_rec_open(&r, rec.buf, rec.len, CB_REC_INVOICE),
	    CB_ERR_CORRUPT, "another type byte");
	cb_rec_free(&rec);

	const unsigned char one[] = { CB_REC_INVOICE };
	cr_expect_eq(cb_rec_open(&r, one, 1, CB_REC_INVOICE), CB_ERR_CORRUPT);
	cr_expect_eq(cb_rec_open(&r, one, 0, CB_REC_INVOICE), CB_ERR_CORRUPT);
}

Test(record, every_truncation_is_corrupt_or_a_field_boundary)
{
	struct cb_rec rec = { 0 };
	size_t bounds[16], nbounds = 0;
	int fields_at[16];
	cb_rec_start(&rec, CB_REC_EVENT);
	bounds[nbounds] = rec.len, fields_at[nbounds++] = 0;
	cb_rec_int(&rec, 1, INT64_MIN);
	bounds[nbounds] = rec.len, fields_at[nbounds++] = 1;
	cb_rec_text(&rec, 2, "alice");
	bounds[nbounds] = rec.len, fields_at[nbounds++] = 2;
	cb_rec_int(&rec, 300, 1234567);
	bounds[nbounds] = rec.len, fields_at[nbounds++] = 3;
	char long_text[200];
	memset(long_text, 'z', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	cb_rec_text(&rec, 5000, long_text); /* a two-byte length */
	bounds[nbounds] = rec.len, fields_at[nbounds++] = 4;
	cb_rec_bytes(&rec, 6, "\x00\xff", 2);
	bounds[nbounds] = rec.len, fields_at[nbounds++] = 5;
	cb_rec_int(&rec, 7, -1);
	bounds[nbounds] = rec.len, fields_at[nbounds++] = 6;
	cr_assert_eq(cb_rec_finish(&rec), CB_OK);

	int fields;
	cr_assert_eq(decode_exact(rec.buf, rec.len, CB_REC_EVENT, &fields),
	    CB_ERR_NOTHING);
	cr_assert_eq(fields, 6);
	for (size_t len = 0; len < rec.len; len++) {
		int rc = decode_exact(rec.buf, len, CB_REC_EVENT, &fields);
		size_t b = 0;
		while (b < nbounds && bounds[b] != len)
			b++;
		if (len < 2) {
			cr_expect_eq(rc, CB_ERR_CORRUPT, "length %zu", len);
		} else if (b < nbounds) {
			/* Cut between fields: a valid shorter record. */
			cr_expect_eq(rc, CB_ERR_NOTHING, "length %zu", len);
			cr_expect_eq(fields, fields_at[b], "length %zu", len);
		} else {
			cr_expect_eq(rc, CB_ERR_CORRUPT, "length %zu: %s", len,
			    cb_strerror(rc));
		}
	}
	cb_rec_free(&rec);
}

Test(record, over_long_varints_are_corrupt)
{
	int fields;
	/* Tag of 11 continuation bytes: longer than any 64-bit varint. */
	unsigned char a[2 + 12] = { CB_REC_USER, CB_REC_VERSION };
	memset(a + 2, 0x80, 11);
	a[13] = 0x00;
	cr_expect_eq(decode_exact(a, sizeof a, CB_REC_USER, &fields),
	    CB_ERR_CORRUPT);

	/* A value of ten bytes whose last one carries more than bit 63. */
	unsigned char b[2 + 1 + 10] = { CB_REC_USER, CB_REC_VERSION,
		1 << 3 | CB_REC_INT };
	memset(b + 3, 0xff, 9);
	b[12] = 0x02;
	cr_expect_eq(decode_exact(b, sizeof b, CB_REC_USER, &fields),
	    CB_ERR_CORRUPT);
	b[12] = 0x7f;
	cr_expect_eq(decode_exact(b, sizeof b, CB_REC_USER, &fields),
	    CB_ERR_CORRUPT);
	/* With 0x01 it is the largest value: INT64_MIN, valid. */
	b[12] = 0x01;
	cr_expect_eq(decode_exact(b, sizeof b, CB_REC_USER, &fields),
	    CB_ERR_NOTHING);
	cr_expect_eq(fields, 1);

	/* Ten continuation bytes and no end. */
	unsigned char c[2 + 1 + 10] = { CB_REC_USER, CB_REC_VERSION,
		1 << 3 | CB_REC_INT };
	memset(c + 3, 0x80, 10);
	cr_expect_eq(decode_exact(c, sizeof c, CB_REC_USER, &fields),
	    CB_ERR_CORRUPT);

	/* Padded but in range: 0 written in 11 bytes is still too long. */
	unsigned char d[2 + 1 + 11] = { CB_REC_USER, CB_REC_VERSION,
		1 << 3 | CB_REC_INT };
	memset(d + 3, 0x80, 10);
	d[13] = 0x00;
	cr_expect_eq(decode_exact(d, sizeof d, CB_REC_USER, &fields),
	    CB_ERR_CORRUPT);
}

Test(record, bad_lengths_kinds_and_field_numbers_are_corrupt)
{
	int fields;
	/* A bytes field longer than what is left. */
	const unsigned char a[] = { CB_REC_USER, CB_REC_VERSION,
		1 << 3 | CB_REC_BYTES, 5, 'a', 'b', 'c' };
	cr_expect_eq(decode_exact(a, sizeof a, CB_REC_USER, &fields),
	    CB_ERR_CORRUPT);
	cr_expect_eq(fields, 0, "the field is not given out");
	struct cb_rec_reader r;
	struct cb_rec_field f;
	cr_assert_eq(cb_rec_open(&r, a, sizeof a, CB_REC_USER), CB_OK);
	cr_expect_eq(cb_rec_next(&r, &f), CB_ERR_CORRUPT);
	/* A length near 2^64, which must not wrap a pointer. */
	unsigned char b[2 + 1 + 10 + 2] = { CB_REC_USER, CB_REC_VERSION,
		1 << 3 | CB_REC_BYTES };
	memset(b + 3, 0xff, 9);
	b[12] = 0x01;
	b[13] = 'x';
	b[14] = 0;
	cr_expect_eq(decode_exact(b, sizeof b, CB_REC_USER, &fields),
	    CB_ERR_CORRUPT);
	cr_expect_eq(fields, 0, "the field is not given out");
	/* Kinds 2 to 7 are unknown: their size cannot be told. */
	for (unsigned kind = 2; kind < 8; kind++) {
		const unsigned char c[] = { CB_REC_USER, CB_REC_VERSION,
			(unsigned char)(1 << 3 | kind), 0 };
		cr_expect_eq(decode_exact(c, sizeof c, CB_REC_USER, &fields),
		    CB_ERR_CORRUPT, "kind %u", kind);
	}
	/* A field number beyond 32 bits. */
	unsigned char d[2 + 6 + 1] = { CB_REC_USER, CB_REC_VERSION };
	/* tag = 2^35 << 3 = 2^38: varint of 6 bytes */
	uint64_t tag = (uint64_t)1 << 38;
	size_t n = 2;
	while (tag >= 0x80) {
		d[n++] = (unsigned char)(tag & 0x7f) | 0x80;
		tag >>= 7;
	}
	d[n++] = (unsigned char)tag;
	d[n++] = 0;
	cr_assert_leq(n, sizeof d);
	cr_expect_eq(decode_exact(d, n, CB_REC_USER, &fields), CB_ERR_CORRUPT);
}

Test(record, field_text_refuses_what_is_not_text)
{
	struct cb_rec rec = { 0 };
	struct cb_rec_reader r;
	struct cb_rec_field f;
	cb_rec_start(&rec, CB_REC_DEBTOR);
	cb_rec_bytes(&rec, 1, "abc", 3);      /* no NUL */
	cb_rec_bytes(&rec, 2, "a\0b", 4);     /* inner NUL */
	cb_rec_bytes(&rec, 3, "", 1);         /* just the NUL: "" */
	cb_rec_bytes(&rec, 4, "ok", 3);       /* text */
	cb_rec_bytes(&rec, 5, "\0\0", 2);     /* NUL inside */
	cb_rec_bytes(&rec, 6, "x", 1);        /* one byte, no NUL */
	open_ok(&r, &rec, CB_REC_DEBTOR);
	next_ok(&r, &f);
	cr_expect_null(cb_rec_field_text(&f), "not terminated");
	next_ok(&r, &f);
	cr_expect_null(cb_rec_field_text(&f), "inner NUL");
	next_ok(&r, &f);
	cr_assert_not_null(cb_rec_field_text(&f));
	cr_expect_str_eq(cb_rec_field_text(&f), "");
	next_ok(&r, &f);
	cr_assert_not_null(cb_rec_field_text(&f));
	cr_expect_str_eq(cb_rec_field_text(&f), "ok");
	next_ok(&r, &f);
	cr_expect_null(cb_rec_field_text(&f), "two NULs");
	next_ok(&r, &f);
	cr_expect_null(cb_rec_field_text(&f), "one byte without NUL");
	cr_expect_eq(cb_rec_next(&r, &f), CB_ERR_NOTHING);
	cb_rec_free(&rec);
}

/* A small deterministic generator for the random records below. */
static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

Test(record, random_bytes_never_crash)
{
	/* Whatever follows a valid head, reading ends (OK or corrupt)
	 * without reading outside the buffer. */
	unsigned char buf[64];
	for (int round = 0; round < 20000; round++) {
		size_t n = 2 + rnd() % (sizeof buf - 2);
		buf[0] = CB_REC_PAYMENT;
		buf[1] = CB_REC_VERSION;
		for (size_t i = 2; i < n; i++) {
			/* Bias towards small numbers and continuation bytes. */
			uint32_t x = rnd();
			buf[i] = x % 3 == 0 ? (unsigned char)(x >> 8)
			    : x % 3 == 1 ? (unsigned char)(0x80 | (x >> 8))
			                 : (unsigned char)((x >> 8) % 16);
		}
		int fields;
		int rc = decode_exact(buf, n, CB_REC_PAYMENT, &fields);
		cr_assert(rc == CB_ERR_NOTHING || rc == CB_ERR_CORRUPT,
		    "round %d: %s", round, cb_strerror(rc));
		cr_assert_leq((size_t)fields, n - 2, "round %d", round);
	}
}
