/*
 * import_impl.h -- what the three imports share (not for use outside the
 * import_*.c files).
 *
 * import.c reads the file, maps its header and walks its rows; each kind
 * (import_debtors.c, import_invoices.c, import_payments.c) gives its
 * columns and a function that checks and stores one row.
 */
#ifndef CB_IMPORT_IMPL_H
#define CB_IMPORT_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "csv.h"
#include "csvout.h"
#include "date.h"
#include "event.h"
#include "idcheck.h"
#include "import.h"
#include "model.h"
#include "money.h"

#define IMP_COLUMNS_MAX 16
#define IMP_NAME_MAX 200  /* bytes of a name, address, city */
#define IMP_PHONE_MAX 40
#define IMP_EMAIL_MAX 254
#define IMP_KNOWN_DATES 4096 /* dates an import keeps, read (imp_date()) */

/* A column of an import file: its name, its aliases (folded, separated by
 * spaces) and whether the file must have it. */
struct imp_column {
	const char *name;
	const char *aliases;
	bool required;
};

struct import;

/* What the file named, and on which line (import_named.c). */
struct imp_named {
	struct imp_slot {
		uint32_t hash; /* the name's hash: it picks the first slot */
		uint32_t at;   /* where the name starts in bytes, 8-byte units
		                * from 1; 0: the slot is empty */
	} *slots;
	size_t nslots, n;
	char *bytes; /* the names, one after another */
	size_t size, cap;
};

struct imp_name {
	long line;
	uint32_t len, vlen; /* of the key, of the value with its NUL (or 0) */
	char bytes[];       /* the key, then the value */
};

static inline const char *imp_name_value(const struct imp_name *n)
{
	return n->vlen ? n->bytes + n->len : NULL;
}

/* A 32-bit hash of len bytes at key, for the import's tables. */
uint32_t imp_hash(const void *key, size_t len);

/* The line kept with key, or 0 when the file has not named it; *value
 * (when value is not NULL) is the text kept with it, or NULL. */
long imp_named_line(const struct imp_named *t, const void *key, size_t len,
    const char **value);
/* Starts fetching the slot of key into the processor's caches: a probe of
 * a large table is a miss of them, which work done meanwhile hides. */
void imp_named_prefetch(const struct imp_named *t, const void *key,
    size_t len);
/* Keeps key with line and value (may be NULL); a key kept before keeps
 * its first line unless again is set, and its first value. */
int imp_named_put(struct imp_named *t, const void *key, size_t len,
    const char *value, long line, bool again);
/* The names kept whose key starts with tag, in byte order: an array of
 * *count in *out, for the caller to free.  They live as long as t. */
int imp_named_sorted(const struct imp_named *t, char tag,
    const struct imp_name ***out, size_t *count);
void imp_named_free(struct imp_named *t);

struct imp_kind {
	const struct imp_column *columns;
	int ncolumns;
	/* Checks and stores the current row; CB_ERR_INPUT after
	 * imp_reject(), other codes are final. */
	int (*row)(struct import *im);
	/* Writes what the rows kept for the end, sorted (may be NULL); it is
	 * given the names of end_tag (imp_named_sorted()), or none when
	 * end_tag is 0.  It runs after the touched accounts are settled. */
	int (*end)(struct import *im, const struct imp_name **names, size_t n);
	char end_tag;
};

extern const struct imp_kind imp_debtors, imp_invoices, imp_payments;

struct import {
	struct cb_session *s;
	const struct imp_kind *kind;
	const struct cb_import_options *opt;
	struct cb_import_result *r;
	struct cb_txn *txn;
	struct cb_csv *csv;
	int at[IMP_COLUMNS_MAX];  /* the field of each column, or -1 */
	char **header;            /* the header row, for the rejects file */
	struct cb_csv_writer *rejects; /* in the file's own encoding */
	size_t nheader;
	struct cb_csv_record rec; /* the row being read */
	bool row_bad;
	/* The debtors, invoices and payments the file named, and the
	 * accounts it touched. */
	struct imp_named named;
	/* The account imp_touch() kept last. */
	char touched[CB_PORTFOLIO_MAX + CB_ID_MAX + 3];
	size_t touched_len;
	/* The dates read so far, by a hash of their text (imp_date()): a
	 * table of IMP_KNOWN_DATES, made at the first date. */
	struct imp_known_date {
		char text[16];
		cb_day day;
	} *dates;
	size_t ndates;
	/* The debtor of the last invoice row, as the file wrote it, and what
	 * a row needs of it: looked up again only when the debtor changes. */
	struct {
		char text[2 * CB_ID_MAX];
		char id[CB_ID_MAX];
		char country[8];
		char timezone[64];
	} debtor;
	/* The portfolio of the last invoice row that was found stored, and
	 * its currency: looked up again only when the code changes. */
	struct {
		char code[CB_PORTFOLIO_MAX + 1];
		const struct cb_currency *currency;
	} portfolio;
};

/* Marks the current row bad, naming the column (or NULL); returns
 * CB_ERR_INPUT.  Only the first problem of a row is kept. */
int imp_reject(struct import *im, int column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The trimmed text of a column in the current row, or NULL when the file
 * has no such column or the field is empty. */
const char *imp_field(struct import *im, int column);

/* The field of a required column; rejects the row when it is empty. */
int imp_required(struct import *im, int column, const char **out);

/* Rejects a field longer than max bytes rather than cutting it. */
int imp_check_length(struct import *im, int column, size_t max);

/* Reads a date column; an empty one is CB_DAY_NONE unless required. */
int imp_date(struct import *im, int column, bool required, cb_day *out);

/* Reads an amount column in currency cur. */
int imp_amount(struct import *im, int column, const struct cb_currency *cur,
    int64_t *out);

/* Finds the debtor an invoices or payments file names, in any of the
 * forms its id may be written, and gives it in *d when d is not NULL;
 * rejects the row when there is none. */
int imp_debtor(struct import *im, int column, char canon[CB_ID_MAX],
    struct cb_debtor *d);

/* Reads a portfolio code (default "default"). */
int imp_portfolio_code(struct import *im, int column, const char **out);

/* The line of this file that named (tag, a, b) before, or 0; and marking
 * it as named on the current line.  Tags: 'd' debtor, 'i' invoice,
 * 'p' payment. */
long imp_seen(struct import *im, char tag, const char *a, const char *b,
    const char **value);
int imp_mark_seen(struct import *im, char tag, const char *a, const char *b);
/* Starts fetching what imp_seen() will read (imp_named_prefetch()). */
void imp_prefetch(struct import *im, char tag, const char *a, const char *b);
/* Marks it as named on the current line, with value (may be NULL), unless
 * a line before did. */
int imp_mark_first(struct import *im, char tag, const char *a, const char *b,
    const char *value);

/* Queues an account to be settled once every row is in. */
int imp_touch(struct import *im, const char *portfolio, const char *debtor);

/* Appends an event about an account by the importing user. */
int imp_event(struct import *im, struct cb_event *ev);

#endif
