/* ledger.c -- allocation of credits to debits, balances and segments. */
#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "model.h"
#include "text.h"

/* One document of the account, copied out of the map because writing may
 * move the pages it came from. */
struct ldoc {
	char id[CB_DOC_ID_MAX + 1];
	char target[CB_DOC_ID_MAX + 1]; /* the invoice a credit names */
	char method[CB_DOC_ID_MAX + 1]; /* payments */
	int type;                       /* enum cb_doc_type, or -1: payment */
	cb_day date;                    /* due date of a debit, date of a credit */
	cb_day issue;
	cb_day due; /* documents of the invoices file */
	int64_t amount;
	int64_t open;     /* debits: still owed; credits: unapplied */
	cb_day settled;   /* debits: the day nothing was left owing */
	int64_t was_open; /* as stored, to write only what changed */
	cb_day was_settled;
};

struct ledger {
	struct ldoc *debits, *credits;
	size_t ndebits, ncredits, cap_debits, cap_credits;
	cb_day as_of; /* documents dated later are left out; CB_DAY_NONE: none */
};

static void ledger_free(struct ledger *l)
{
	free(l->debits);
	free(l->credits);
}

/* Adds an empty document to one of the two lists. */
static struct ldoc *ledger_add(struct ldoc **list, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct ldoc *p = realloc(*list, c * sizeof *p);
		if (p == NULL)
			return NULL;
		*list = p;
		*cap = c;
	}
	struct ldoc *d = &(*list)[(*n)++];
	memset(d, 0, sizeof *d);
	return d;
}

/* True when a document dated day did not exist yet on the ledger's day. */
static bool after(const struct ledger *l, cb_day day)
{
	return l->as_of != CB_DAY_NONE && day != CB_DAY_NONE && day > l->as_of;
}

static int load_invoice(struct ledger *l, const struct cb_invoice *inv)
{
	/* A debit exists from its issue; a credit note from its issue, else
	 * from its due date (the date it is applied in order of). */
	bool credit = inv->type == CB_DOC_CREDIT_NOTE;
	cb_day dated = credit && inv->issue_date == CB_DAY_NONE ? inv->due_date
	                                                       : inv->issue_date;
	if (after(l, dated))
		return CB_OK;
	struct ldoc *d = inv->type == CB_DOC_CREDIT_NOTE
	    ? ledger_add(&l->credits, &l->ncredits, &l->cap_credits)
	    : ledger_add(&l->debits, &l->ndebits, &l->cap_debits);
	if (d == NULL)
		return CB_ERR_NOMEM;
	cb_text_copy(d->id, CB_DOC_ID_MAX + 1, inv->id);
	cb_text_copy(d->target, CB_DOC_ID_MAX + 1, inv->applies_to);
	d->type = inv->type;
	d->issue = inv->issue_date;
	d->due = inv->due_date;
	d->date = inv->type == CB_DOC_CREDIT_NOTE && inv->issue_date != CB_DAY_NONE
	    ? inv->issue_date : inv->due_date;
	d->amount = inv->amount;
	d->was_open = inv->open;
	d->was_settled = inv->settled;
	return CB_OK;
}

static int load_payment(struct ledger *l, const struct cb_payment *pay)
{
	if (after(l, pay->date))
		return CB_OK;
	struct ldoc *d = ledger_add(&l->credits, &l->ncredits, &l->cap_credits);
	if (d == NULL)
		return CB_ERR_NOMEM;
	cb_text_copy(d->id, CB_DOC_ID_MAX + 1, pay->id);
	cb_text_copy(d->target, CB_DOC_ID_MAX + 1, pay->invoice);
	cb_text_copy(d->method, CB_DOC_ID_MAX + 1, pay->method);
	d->type = -1;
	d->date = pay->date;
	d->issue = CB_DAY_NONE;
	d->amount = pay->amount;
	d->was_open = pay->unapplied;
	d->was_settled = CB_DAY_NONE;
	return CB_OK;
}

/* Reads every document of the account into l. */
static int ledger_load(struct cb_txn *txn, const char *portfolio,
    const char *debtor, struct ledger *l)
{
	struct cb_key prefix;
	struct cb_cursor *c;
	struct cb_val k, v;
	int rc;
	cb_key_account(&prefix, portfolio, debtor);
	for (int t = 0; t < 2; t++) {
		enum cb_table table = t == 0 ? CB_T_INVOICES : CB_T_PAYMENTS;
		if ((rc = cb_cursor_open(txn, table, &c)) != CB_OK)
			return rc;
		for (rc = cb_cursor_seek(c, cb_key_val(&prefix), &k, &v);
		     rc == CB_OK && cb_has_prefix(k, prefix.buf, prefix.len);
		     rc = cb_cursor_next(c, &k, &v)) {
			struct cb_invoice inv;
			struct cb_payment pay;
			rc = t == 0 ? cb_invoice_decode(k, v, &inv)
			            : cb_payment_decode(k, v, &pay);
			if (rc == CB_OK)
				rc = t == 0 ? load_invoice(l, &inv) : load_payment(l, &pay);
			if (rc != CB_OK)
				break;
		}
		cb_cursor_close(&c);
		if (rc != CB_OK && rc != CB_ERR_NOTHING)
			return rc;
	}
	return CB_OK;
}

/* Oldest first: by date, then issue date, then id. */
static int by_date(const void *a, const void *b)
{
	const struct ldoc *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->issue != y->issue)
		return x->issue < y->issue ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Moves up to credit's open amount onto debit d. */
static void apply(struct ldoc *credit, struct ldoc *d)
{
	int64_t take = credit->open < d->open ? credit->open : d->open;
	if (take <= 0)
		return;
	credit->open -= take;
	d->open -= take;
	if (d->open == 0)
		d->settled = credit->date;
}

/* The allocation itself: see ledger.h. */
static void ledger_allocate(struct ledger *l)
{
	size_t oldest = 0;
	if (l->ndebits > 0)
		qsort(l->debits, l->ndebits, sizeof *l->debits, by_date);
	if (l->ncredits > 0)
		qsort(l->credits, l->ncredits, sizeof *l->credits, by_date);
	for (size_t i = 0; i < l->ndebits; i++) {
		l->debits[i].open = l->debits[i].amount;
		l->debits[i].settled = CB_DAY_NONE;
	}
	for (size_t i = 0; i < l->ncredits; i++) {
		struct ldoc *c = &l->credits[i];
		c->open = c->amount;
		c->settled = CB_DAY_NONE; /* only debits are settled */
		for (size_t j = 0; c->target[0] && j < l->ndebits; j++)
			if (strcmp(l->debits[j].id, c->target) == 0)
				apply(c, &l->debits[j]);
		while (oldest < l->ndebits && l->debits[oldest].open == 0)
			oldest++;
		for (size_t j = oldest; c->open > 0 && j < l->ndebits; j++)
			apply(c, &l->debits[j]);
	}
}

/* The account's figures from an allocated ledger. */
static void ledger_totals(const struct ledger *l, struct cb_account *a)
{
	a->balance = 0;
	a->open_docs = 0;
	a->oldest_due = a->last_payment = CB_DAY_NONE;
	a->paid_late = false;
	for (size_t i = 0; i < l->ndebits; i++) {
		const struct ldoc *d = &l->debits[i];
		if (d->open == 0 && d->settled > d->date)
			a->paid_late = true;
		if (d->open == 0)
			continue;
		a->balance += d->open;
		a->open_docs++;
		if (a->oldest_due == CB_DAY_NONE || d->date < a->oldest_due)
			a->oldest_due = d->date;
	}
	for (size_t i = 0; i < l->ncredits; i++) {
		const struct ldoc *c = &l->credits[i];
		a->balance -= c->open;
		a->open_docs += c->open > 0;
		if (c->type == -1 && (a->last_payment == CB_DAY_NONE ||
		    c->date > a->last_payment))
			a->last_payment = c->date;
	}
}

enum cb_segment cb_account_segment(const struct cb_account *a, cb_day today)
{
	if (a->segment_given)
		return a->segment;
	/* The oldest open debit is past due exactly when any is. */
	bool late = a->paid_late ||
	    (a->oldest_due != CB_DAY_NONE && a->oldest_due < today);
	if (a->oldest_due != CB_DAY_NONE && today - a->oldest_due > 90 &&
	    (a->last_payment == CB_DAY_NONE || today - a->last_payment > 90))
		return CB_SEG_MOROSO;
	return late ? CB_SEG_PARCIAL : CB_SEG_CUMPLIDOR;
}

/* Writes back the documents whose allocation changed. */
static int ledger_store(struct cb_txn *txn, const char *portfolio,
    const char *debtor, struct ledger *l)
{
	int rc = CB_OK;
	for (size_t i = 0; i < l->ndebits + l->ncredits && rc == CB_OK; i++) {
		struct ldoc *d = i < l->ndebits ? &l->debits[i]
		                                : &l->credits[i - l->ndebits];
		if (d->open == d->was_open && d->settled == d->was_settled)
			continue;
		if (d->type == -1) {
			struct cb_payment p = { .portfolio = portfolio,
				.debtor = debtor, .id = d->id, .date = d->date,
				.amount = d->amount, .invoice = d->target,
				.method = d->method, .unapplied = d->open };
			rc = cb_payment_put(txn, &p);
		} else {
			struct cb_invoice inv = { .portfolio = portfolio,
				.debtor = debtor, .id = d->id,
				.type = (enum cb_doc_type)d->type,
				.issue_date = d->issue, .amount = d->amount,
				.applies_to = d->target, .open = d->open,
				.due_date = d->due, .settled = d->settled };
			rc = cb_invoice_put_record(txn, &inv); /* same id */
		}
	}
	return rc;
}

int cb_ledger_settle(struct cb_txn *txn, const char *portfolio,
    const char *debtor, cb_day today)
{
	struct ledger l = { .as_of = CB_DAY_NONE };
	struct cb_account a = { .portfolio = portfolio, .debtor = debtor };
	struct cb_debtor d;
	enum cb_segment given;
	int rc = ledger_load(txn, portfolio, debtor, &l);
	if (rc == CB_OK) {
		ledger_allocate(&l);
		ledger_totals(&l, &a);
		rc = ledger_store(txn, portfolio, debtor, &l);
	}
	if (rc == CB_OK && (rc = cb_debtor_get(txn, debtor, &d)) == CB_OK &&
	    d.segment && cb_segment_parse(d.segment, &given) == CB_OK) {
		a.segment = given;
		a.segment_given = true;
	}
	a.segment = cb_account_segment(&a, today);
	if (rc == CB_OK)
		rc = cb_account_put(txn, &a);
	ledger_free(&l);
	return rc;
}

int cb_ledger_verify(struct cb_txn *txn, const char *portfolio,
    const char *debtor, const char **why, const char **doc)
{
	static char fault[CB_DOC_ID_MAX + 1];
	struct ledger l = { .as_of = CB_DAY_NONE };
	struct cb_account want = { 0 }, have;
	int rc = ledger_load(txn, portfolio, debtor, &l);
	*why = NULL;
	*doc = fault;
	fault[0] = '\0';
	if (rc == CB_OK)
		rc = cb_account_get(txn, portfolio, debtor, &have);
	if (rc == CB_OK) {
		ledger_allocate(&l);
		ledger_totals(&l, &want);
		for (size_t i = 0; i < l.ndebits + l.ncredits && !*why; i++) {
			struct ldoc *d = i < l.ndebits ? &l.debits[i]
			                               : &l.credits[i - l.ndebits];
			if (d->open != d->was_open) {
				*why = "a document's open amount does not follow from the payments";
				cb_text_copy(fault, CB_DOC_ID_MAX + 1, d->id);
			}
		}
		if (!*why && (want.balance != have.balance ||
		    want.open_docs != have.open_docs ||
		    want.oldest_due != have.oldest_due ||
		    want.last_payment != have.last_payment ||
		    want.paid_late != have.paid_late))
			*why = "the account's balance does not equal its documents";
		if (*why)
			rc = CB_ERR_CORRUPT;
	}
	ledger_free(&l);
	return rc;
}

int cb_ledger_open_on(struct cb_txn *txn, const char *portfolio,
    const char *debtor, cb_day as_of,
    int (*fn)(const struct cb_ledger_open *o, void *arg), void *arg)
{
	struct ledger l = { .as_of = as_of };
	int rc = ledger_load(txn, portfolio, debtor, &l);
	if (rc == CB_OK)
		ledger_allocate(&l);
	for (size_t i = 0; rc == CB_OK && i < l.ndebits + l.ncredits; i++) {
		const struct ldoc *d = i < l.ndebits ? &l.debits[i]
		                                     : &l.credits[i - l.ndebits];
		struct cb_ledger_open o = { d->id, i >= l.ndebits, d->due, d->open };
		if (d->open > 0)
			rc = fn(&o, arg);
	}
	ledger_free(&l);
	return rc;
}
