/*
 * record.h -- the versioned encoding of every record cobrador stores.
 *
 * No C struct is ever written to disk.  A record is:
 *
 *   byte 0      record type (enum cb_rec_type)
 *   byte 1      encoding version of that type (CB_REC_VERSION)
 *   then fields, each:
 *     varint    tag = field number << 3 | kind
 *     kind 0    a signed integer, zigzag-encoded as a varint
 *     kind 1    a varint length, then that many bytes; text is stored
 *               with its terminating NUL so readers can point into it
 *
 * Varints are little-endian base-128 (7 bits a byte, high bit = more).
 * Readers skip fields they do not know, so a newer program can add fields
 * without a migration; removing or changing the meaning of a field needs
 * a new version and a migration (store.c).  doc/architecture.md lists the
 * fields of each type.
 */
#ifndef CB_RECORD_H
#define CB_RECORD_H

#include <stddef.h>
#include <stdint.h>

enum cb_rec_type {
	CB_REC_PORTFOLIO = 1,
	CB_REC_DEBTOR = 2,
	CB_REC_ACCOUNT = 3,
	CB_REC_INVOICE = 4,
	CB_REC_PAYMENT = 5,
	CB_REC_EVENT = 6,
	CB_REC_USER = 7,
	CB_REC_PHONE = 8,
	CB_REC_WORK = 9,
	CB_REC_PROMISE = 10,
};

#define CB_REC_VERSION 1

enum cb_rec_kind { CB_REC_INT = 0, CB_REC_BYTES = 1 };

/* A record being built.  Errors stick: after a failed allocation every
 * call does nothing and cb_rec_finish() returns CB_ERR_NOMEM. */
struct cb_rec {
	unsigned char *buf;
	size_t len, cap;
	int failed;
};

/* Starts a record of type in rec (which owns a heap buffer from now). */
void cb_rec_start(struct cb_rec *rec, enum cb_rec_type type);
void cb_rec_int(struct cb_rec *rec, unsigned field, int64_t value);
void cb_rec_bytes(struct cb_rec *rec, unsigned field, const void *p, size_t n);
/* Adds text with its NUL; a NULL or empty s adds nothing. */
void cb_rec_text(struct cb_rec *rec, unsigned field, const char *s);
/* Returns CB_OK, or CB_ERR_NOMEM when any earlier call failed. */
int cb_rec_finish(const struct cb_rec *rec);
/* Frees the buffer; rec may be started again. */
void cb_rec_free(struct cb_rec *rec);

/* Reads the fields of a stored record, which it does not copy. */
struct cb_rec_reader {
	const unsigned char *p, *end;
};

struct cb_rec_field {
	unsigned field;
	enum cb_rec_kind kind;
	int64_t i;        /* kind CB_REC_INT */
	const void *data; /* kind CB_REC_BYTES: points into the record */
	size_t size;
};

/* Checks type and version and positions r on the first field.  Returns
 * CB_OK or CB_ERR_CORRUPT. */
int cb_rec_open(struct cb_rec_reader *r, const void *data, size_t size,
    enum cb_rec_type type);

/* Reads the next field.  Returns CB_OK, CB_ERR_NOTHING after the last, or
 * CB_ERR_CORRUPT for a malformed record. */
int cb_rec_next(struct cb_rec_reader *r, struct cb_rec_field *f);

/* The text of a bytes field, or NULL when it is not NUL-terminated text
 * without inner NULs. */
const char *cb_rec_field_text(const struct cb_rec_field *f);

#endif
