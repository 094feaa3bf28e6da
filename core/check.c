/* check.c -- every invariant of the database, from one snapshot. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "library.h"
#include "event.h"
#include "ledger.h"
#include "model.h"
#include "rules.h"
#include "work.h"

#define FAULTS_MAX 100 /* after that, only counted */

struct check {
	struct cb_txn *txn;
	struct cb_check_counts *n;
	uint64_t queued, callbacks; /* entries the work records call for */
	void (*fault)(const char *, void *);
	void *arg;
};

static void fault(struct check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Counts a fault and reports the first FAULTS_MAX of them. */
static void fault(struct check *c, const char *fmt, ...)
{
	char text[400];
	va_list ap;
	if (c->n->faults++ >= FAULTS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	c->fault(text, c->arg);
}

static void check_events(struct check *c)
{
	uint64_t bad;
	const char *why;
	int rc = cb_event_verify(c->txn, &c->n->events, &bad, &why);
	if (rc == CB_OK)
		return;
	if (bad > 0)
		fault(c, "event %llu: %s", (unsigned long long)bad,
		    why ? why : cb_strerror(rc));
	else
		fault(c, "%s", why ? why : cb_strerror(rc));
}

/* Each document of an account must have its id in the index. */
static int check_document(const struct cb_invoice *inv, void *arg)
{
	struct check *c = arg;
	const char *owner;
	c->n->documents++;
	if (cb_invoice_owner(c->txn, inv->portfolio, inv->id, &owner) != CB_OK ||
	    strcmp(owner, inv->debtor) != 0)
		fault(c, "invoice %s/%s of %s: missing from the index of invoice numbers",
		    inv->portfolio, inv->id, inv->debtor);
	return CB_OK;
}

static int check_payment(const struct cb_payment *pay, void *arg)
{
	struct check *c = arg;
	struct cb_val account;
	struct cb_key want;
	c->n->payments++;
	cb_key_account(&want, pay->portfolio, pay->debtor);
	if (cb_payment_find(c->txn, pay->id, &account) != CB_OK ||
	    account.size != want.len || memcmp(account.data, want.buf, want.len))
		fault(c, "payment %s of %s/%s: missing from the index of payments",
		    pay->id, pay->portfolio, pay->debtor);
	return CB_OK;
}

static int check_account(const struct cb_account *a, void *arg)
{
	struct check *c = arg;
	struct cb_debtor d;
	const char *why, *doc;
	c->n->accounts++;
	if (cb_debtor_get(c->txn, a->debtor, &d) != CB_OK)
		fault(c, "account %s/%s: no debtor %s", a->portfolio, a->debtor,
		    a->debtor);
	int rc = cb_ledger_verify(c->txn, a->portfolio, a->debtor, &why, &doc);
	if (rc == CB_ERR_CORRUPT)
		fault(c, "account %s/%s: %s%s%s%s", a->portfolio, a->debtor, why,
		    *doc ? " (document " : "", doc, *doc ? ")" : "");
	else if (rc != CB_OK)
		return rc;
	rc = cb_work_verify(c->txn, a->portfolio, a->debtor, &c->queued,
	    &c->callbacks, &why);
	if (rc == CB_ERR_CORRUPT)
		fault(c, "account %s/%s: %s", a->portfolio, a->debtor, why);
	else if (rc != CB_OK)
		return rc;
	rc = cb_invoice_each(c->txn, a->portfolio, a->debtor, check_document, c);
	if (rc == CB_OK)
		rc = cb_payment_each(c->txn, a->portfolio, a->debtor, check_payment, c);
	return rc;
}

static void rules_fault(const char *text, void *arg)
{
	fault(arg, "%s", text);
}

/* The packs, scripts and strategies stored in the database still parse. */
static int check_rules(struct check *c)
{
	int rc = cb_rules_verify(c->txn, rules_fault, c);
	return rc == CB_OK ? cb_library_verify(c->txn, rules_fault, c) : rc;
}

/* The indexes hold no more entries than the records they index. */
static void check_counts(struct check *c)
{
	uint64_t ids, pids;
	if (cb_count(c->txn, CB_T_INVOICE_IDS, &ids) == CB_OK &&
	    ids != c->n->documents)
		fault(c, "the index of invoice numbers has %llu entries for %llu documents",
		    (unsigned long long)ids, (unsigned long long)c->n->documents);
	uint64_t queue, callbacks;
	if (cb_count(c->txn, CB_T_QUEUE, &queue) == CB_OK && queue != c->queued)
		fault(c, "the queue index has %llu entries for %llu accounts in the queue",
		    (unsigned long long)queue, (unsigned long long)c->queued);
	if (cb_count(c->txn, CB_T_CALLBACKS, &callbacks) == CB_OK &&
	    callbacks != c->callbacks)
		fault(c, "the index of callbacks has %llu entries for %llu callbacks",
		    (unsigned long long)callbacks, (unsigned long long)c->callbacks);
	if (cb_count(c->txn, CB_T_PAYMENT_IDS, &pids) == CB_OK &&
	    pids != c->n->payments)
		fault(c, "the index of payments has %llu entries for %llu payments",
		    (unsigned long long)pids, (unsigned long long)c->n->payments);
}

int cb_check(struct cb_session *s, struct cb_check_counts *counts,
    void (*report)(const char *text, void *arg), void *arg)
{
	struct check c = { .txn = NULL, .n = counts, .fault = report, .arg = arg };
	memset(counts, 0, sizeof *counts);
	if (!cb_may(s->role, CB_DO_MAINTAIN))
		return CB_ERR_PERM;
	int rc = cb_store_read(s->store, &c.txn);
	if (rc != CB_OK)
		return rc;
	check_events(&c);
	rc = cb_account_each(c.txn, NULL, check_account, &c);
	if (rc == CB_OK)
		check_counts(&c);
	if (rc == CB_OK)
		rc = check_rules(&c);
	cb_txn_end(&c.txn);
	if (rc != CB_OK)
		return rc;
	return counts->faults ? CB_ERR_CORRUPT : CB_OK;
}
