/*
 * ledger.h -- what each debtor owes: allocation, balances, segments.
 *
 * Credits (payments and credit notes) are applied to debits (invoices and
 * debit notes) in date order: first to the invoice a credit names, then to
 * the oldest open debit of the same account (by due date).  What no debit
 * takes stays unapplied and lowers the balance.  The result is a pure
 * function of the account's documents, so it is recomputed whole whenever
 * any of them changes, and check recomputes it to prove the stored figures.
 */
#ifndef CB_LEDGER_H
#define CB_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "model.h"
#include "store.h"

/*
 * Recomputes the account of debtor in portfolio and stores the open amount
 * of every document, the unapplied part of every payment, and the account's
 * balance, counts, oldest due date and segment (as of today, the
 * portfolio's date).  portfolio and debtor must not point into the map.
 */
int cb_ledger_settle(struct cb_txn *txn, const char *portfolio,
    const char *debtor, cb_day today);

/*
 * The kind of customer as of today, from the account's figures: moroso
 * when a debit is over 90 days past due and nothing was paid in the last
 * 90 days; parcial when a debit was settled after its due date or is open
 * past due; cumplidor otherwise.  A segment the debtor file gives stays.
 */
enum cb_segment cb_account_segment(const struct cb_account *a, cb_day today);

/*
 * Recomputes the account without writing and compares with what is
 * stored.  Returns CB_OK, or CB_ERR_CORRUPT with *why (a static English
 * sentence) and *doc (the document at fault, in a static buffer, or "").
 */
int cb_ledger_verify(struct cb_txn *txn, const char *portfolio,
    const char *debtor, const char **why, const char **doc);

/* A document open on some day: a debit still owed, or a credit not yet
 * applied. */
struct cb_ledger_open {
	const char *id;
	bool credit;
	cb_day due;   /* of a debit */
	int64_t open; /* positive */
};

/*
 * Calls fn for each document of the account that was open on day as_of:
 * the account as it stood that day (debits issued by then, credits dated
 * by then), allocated as cb_ledger_settle() does.  Nothing is written; the
 * text lives until fn returns.
 */
int cb_ledger_open_on(struct cb_txn *txn, const char *portfolio,
    const char *debtor, cb_day as_of,
    int (*fn)(const struct cb_ledger_open *o, void *arg), void *arg);

#endif
