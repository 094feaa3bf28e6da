/* migrate.c -- the steps from one schema version to the next.
 *
 *   1  the first release
 *   2  the work of every account and the queue index (work.h)
 *   3  the rules table: loaded rule packs and supervisors' holidays
 *      (rules.h); it starts empty, the shipped packs being in force
 *   4  the library table: call scripts and strategies (library.h), with
 *      the shipped ones as version 1 of each
 *   5  each account keeps whether a debit was paid late and whether its
 *      segment is the debtor file's (model.h), so that the nightly
 *      re-score ages it without reading its documents
 */
#include <stdio.h>

#include "error.h"
#include "ledger.h"
#include "library.h"
#include "store.h"
#include "work.h"

struct refresh {
	struct cb_txn *txn;
	time_t now;
	bool mark; /* marks the account's figures, not its place in the queue */
};

/* Settles the account again for the marks schema 5 keeps, and leaves its
 * segment as it was: the next re-score ages it. */
static int mark_account(struct cb_txn *txn, const char *pf, const char *id,
    cb_day today)
{
	struct cb_account a;
	int rc = cb_account_get(txn, pf, id, &a);
	enum cb_segment was = a.segment;
	if (rc == CB_OK)
		rc = cb_ledger_settle(txn, pf, id, today);
	if (rc == CB_OK)
		rc = cb_account_get(txn, pf, id, &a);
	if (rc != CB_OK || a.segment == was)
		return rc;
	a.portfolio = pf;
	a.debtor = id;
	a.segment = was;
	return cb_account_put(txn, &a);
}

/* Marks one account or puts it in the queue, as of now in its portfolio's
 * zone. */
static int refresh_account(const struct cb_account *a, void *arg)
{
	struct refresh *r = arg;
	struct cb_portfolio p;
	char pf[CB_PORTFOLIO_MAX + 1], id[CB_ID_MAX];
	cb_day today;
	/* The names point into the map, which the writes may move. */
	snprintf(pf, sizeof pf, "%s", a->portfolio);
	snprintf(id, sizeof id, "%s", a->debtor);
	int rc = cb_portfolio_get(r->txn, pf, &p);
	if (rc == CB_OK)
		rc = cb_tz_today(r->now, p.timezone, &today);
	if (rc == CB_OK && r->mark)
		return mark_account(r->txn, pf, id, today);
	return rc == CB_OK ? cb_work_refresh(r->txn, pf, id, today, r->now, NULL)
	                   : rc;
}

int cb_migrate_to(struct cb_txn *txn, int version)
{
	struct refresh r = { txn, time(NULL), version == 5 };
	switch (version) {
	case 2: return cb_account_each(txn, NULL, refresh_account, &r);
	case 3: return CB_OK;
	case 4: return cb_library_install_shipped(txn);
	case 5: return cb_account_each(txn, NULL, refresh_account, &r);
	}
	return CB_ERR_INTERNAL;
}

int cb_migrate_new(struct cb_txn *txn)
{
	return cb_library_install_shipped(txn);
}
