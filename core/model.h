/*
 * model.h -- portfolios, debtors, accounts, invoices and payments.
 *
 * A portfolio is a creditor's book of receivables, in one currency.  A
 * debtor is a person or company, known by a national id.  An account is one
 * debtor in one portfolio; its documents are invoices, debit notes and
 * credit notes (all kept as cb_invoice) and payments.
 *
 * Structures read from the store point into the map: their text stays
 * valid until the transaction ends.  Structures given to a put function
 * are only read, and before anything is written, so they may point into
 * the map themselves.  The record fields of each type are listed in
 * doc/architecture.md.
 */
#ifndef CB_MODEL_H
#define CB_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "date.h"
#include "idcheck.h"
#include "store.h"

#define CB_DAY_NONE INT32_MIN
#define CB_PHONES_MAX 8
#define CB_PORTFOLIO_MAX 32 /* bytes of a portfolio code, without NUL */
#define CB_DOC_ID_MAX 64    /* bytes of an invoice or payment id */
#define CB_KEY_MAX 200

/* A key of a table in store.h, built from its parts. */
struct cb_key {
	char buf[CB_KEY_MAX];
	size_t len;
};

/* portfolio \0 debtor: an account, or the prefix of its documents. */
void cb_key_account(struct cb_key *k, const char *portfolio,
    const char *debtor);
/* portfolio \0 debtor \0 document: an invoice or a payment. */
void cb_key_document(struct cb_key *k, const char *portfolio,
    const char *debtor, const char *doc);
static inline struct cb_val cb_key_val(const struct cb_key *k)
{
	return (struct cb_val){ k->buf, k->len };
}
/* Splits an account key (or the account part of a longer key) into its
 * portfolio and debtor; both point into key.  Returns CB_ERR_CORRUPT when
 * it is not one. */
int cb_key_split(struct cb_val key, const char **portfolio,
    const char **debtor);

struct cb_portfolio {
	const char *code;     /* "default", "retail" */
	const char *name;     /* shown to people; the code when not set */
	const char *currency; /* ISO 4217 */
	const char *timezone; /* IANA: the zone its due dates are kept in */
	const char *country;  /* ISO 3166 alpha-2 */
};

int cb_portfolio_get(struct cb_txn *txn, const char *code,
    struct cb_portfolio *out);
int cb_portfolio_put(struct cb_txn *txn, const struct cb_portfolio *p);
/* Calls fn for each portfolio in code order; a non-zero result stops. */
int cb_portfolio_each(struct cb_txn *txn,
    int (*fn)(const struct cb_portfolio *p, void *arg), void *arg);

enum cb_phone_status { CB_PHONE_OK = 0, CB_PHONE_BAD = 1 };

struct cb_phone {
	const char *number;
	enum cb_phone_status status;
};

struct cb_debtor {
	const char *id;      /* canonical: idcheck.h */
	int id_kind;         /* enum cb_id_kind */
	const char *country; /* ISO 3166 alpha-2 */
	const char *name;
	const char *email, *address, *city, *region, *timezone;
	const char *segment; /* set by import; NULL: derived per account */
	const char *rules;   /* its rule pack (rules.h); NULL: by country */
	bool has_credit_limit;
	int64_t credit_limit; /* in the minor unit of the country's currency */
	size_t nphones;
	struct cb_phone phones[CB_PHONES_MAX];
};

int cb_debtor_get(struct cb_txn *txn, const char *id, struct cb_debtor *out);
/* Writes the debtor and its words in the search index. */
int cb_debtor_put(struct cb_txn *txn, const struct cb_debtor *d);

/* Finds a debtor by an id as people write it ("12.345.678-5", "123456785",
 * "x1234567l"), trying every form cobrador stores ids in.  Writes the
 * stored id to canon (CB_ID_MAX bytes) and, when out is not NULL, the
 * debtor to *out.  Returns CB_OK or CB_ERR_NOTFOUND with *why (may be NULL)
 * saying why the text is no valid id, if it is not. */
int cb_debtor_find(struct cb_txn *txn, const char *text, char *canon,
    struct cb_debtor *out, const char **why);
/* True when the two hold the same data (an import that changes nothing). */
bool cb_debtor_same(const struct cb_debtor *a, const struct cb_debtor *b);

enum cb_doc_type {
	CB_DOC_INVOICE = 0,
	CB_DOC_DEBIT_NOTE = 1,
	CB_DOC_CREDIT_NOTE = 2,
};

/* English name of a document type: "invoice", "debit_note", "credit_note". */
const char *cb_doc_type_name(enum cb_doc_type type);

struct cb_invoice {
	const char *portfolio, *debtor, *id;
	enum cb_doc_type type;
	cb_day issue_date; /* CB_DAY_NONE when the ERP gave none */
	cb_day due_date;
	int64_t amount;         /* positive, in the portfolio's minor unit */
	const char *applies_to; /* credit and debit notes: the invoice */
	/* Set by allocation (ledger.c): what is still open of a debit, or
	 * still unapplied of a credit note, and the day a debit was settled. */
	int64_t open;
	cb_day settled;
};

int cb_invoice_get(struct cb_txn *txn, const char *portfolio,
    const char *debtor, const char *id, struct cb_invoice *out);
/* Finds which debtor an invoice id belongs to in a portfolio. */
int cb_invoice_owner(struct cb_txn *txn, const char *portfolio,
    const char *id, const char **debtor);
/* Stores an invoice and indexes its id. */
int cb_invoice_put(struct cb_txn *txn, const struct cb_invoice *inv);
/* Stores the invoice alone: its id is indexed already (the ledger settling
 * it) or will be by cb_invoice_ids_put_sorted() (an import). */
int cb_invoice_put_record(struct cb_txn *txn, const struct cb_invoice *inv);
/* Indexes the ids of n invoices stored with cb_invoice_put_record(),
 * item(i, ...) giving the i-th in increasing order of portfolio, then id
 * (bytes), with none twice: written in order, as a bulk load's index. */
int cb_invoice_ids_put_sorted(struct cb_txn *txn, size_t n,
    void (*item)(size_t i, const char **portfolio, const char **id,
        const char **debtor, void *arg), void *arg);
/* Calls fn for each document of an account in id order; a non-zero
 * result stops the walk and is returned. */
int cb_invoice_each(struct cb_txn *txn, const char *portfolio,
    const char *debtor, int (*fn)(const struct cb_invoice *inv, void *arg),
    void *arg);
/* True when the ERP's data of the two is the same (not allocation). */
bool cb_invoice_same(const struct cb_invoice *a, const struct cb_invoice *b);

struct cb_payment {
	const char *portfolio, *debtor, *id;
	cb_day date;
	int64_t amount;      /* positive */
	const char *invoice; /* the invoice it names, or NULL */
	const char *method;
	int64_t unapplied; /* set by allocation: what no open debit took */
};

int cb_payment_get(struct cb_txn *txn, const char *portfolio,
    const char *debtor, const char *id, struct cb_payment *out);
/* Finds the account of a payment id: CB_OK or CB_ERR_NOTFOUND. */
int cb_payment_find(struct cb_txn *txn, const char *id, struct cb_val *account);
int cb_payment_put(struct cb_txn *txn, const struct cb_payment *pay);
/* Calls fn for each payment of an account in id order. */
int cb_payment_each(struct cb_txn *txn, const char *portfolio,
    const char *debtor, int (*fn)(const struct cb_payment *pay, void *arg),
    void *arg);

enum cb_segment { CB_SEG_CUMPLIDOR, CB_SEG_PARCIAL, CB_SEG_MOROSO };
/* "cumplidor", "parcial", "moroso". */
const char *cb_segment_name(enum cb_segment seg);
/* Reads a segment name (Spanish or English: good, partial, bad). */
int cb_segment_parse(const char *text, enum cb_segment *out);

struct cb_account {
	const char *portfolio, *debtor;
	int64_t balance;     /* open debits less unapplied credits */
	uint32_t open_docs;  /* debits still open and credits unapplied */
	cb_day oldest_due;   /* of the oldest open debit; CB_DAY_NONE */
	cb_day last_payment; /* CB_DAY_NONE when none */
	enum cb_segment segment;
	bool paid_late;      /* some debit was settled after its due date */
	bool segment_given;  /* segment is the debtor file's, not derived */
};

int cb_account_get(struct cb_txn *txn, const char *portfolio,
    const char *debtor, struct cb_account *out);
int cb_account_put(struct cb_txn *txn, const struct cb_account *a);
/* Calls fn for each account of portfolio (all when NULL), in key order. */
int cb_account_each(struct cb_txn *txn, const char *portfolio,
    int (*fn)(const struct cb_account *a, void *arg), void *arg);
/*
 * Finds the account named by text as users write it: a debtor id where the
 * debtor has one account, else "PORTFOLIO/DEBTOR_ID".  Copies the stored
 * portfolio (CB_PORTFOLIO_MAX + 1 bytes) and debtor (CB_ID_MAX bytes).
 * Returns CB_OK, CB_ERR_NOTFOUND, or CB_ERR_CONFLICT when the debtor has
 * accounts in several portfolios and text names none.
 */
int cb_account_find(struct cb_txn *txn, const char *text, char *portfolio,
    char *debtor);
/* Decodes an account record read from CB_T_ACCOUNTS by a cursor. */
int cb_account_decode(struct cb_val key, struct cb_val val,
    struct cb_account *out);
int cb_invoice_decode(struct cb_val key, struct cb_val val,
    struct cb_invoice *out);
int cb_payment_decode(struct cb_val key, struct cb_val val,
    struct cb_payment *out);

#endif
