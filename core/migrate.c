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
 *   6  the scratch table is gone (store.c deletes it): an import keeps
 *      what its file named in memory (import_named.c)
 */
#include "error.h"
#include "ledger.h"
#include "library.h"
#include "store.h"
#include "text.h"
#include "work.h"

struct refresh {
	struct cb_txn *txn;
	time_t now;
	int (*fn)(struct cb_txn *txn, const char *pf, const char *id,
	    cb_day today, time_t now);
};

/* Puts one account in the queue. */
static int queue_account(struct cb_txn *txn, const char *pf, const char *id,
    cb_day today, time_t now)
{
	return cb_work_refresh(txn, pf, id, today, now, NULL);
}

/* Settles the account again for the marks schema 5 keeps, and leaves its
 * segment as it was: the next re-score ages it. */
static int mark_account(struct cb_txn *txn, const char *pf, const char *id,
    cb_day today, time_t now)
{
	struct cb_account a;
	int rc = cb_account_get(txn, pf, id, &a);
	enum cb_segment was = a.segment;
	(void)now;
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

/* Runs the step's fn on one account, as of now in its portfolio's zone. */
static int each_account(const struct cb_account *a, void *arg)
{
	struct refresh *r = arg;
	struct cb_portfolio p;
	char pf[CB_PORTFOLIO_MAX + 1], id[CB_ID_MAX];
	cb_day today;
	/* The names point into the map, which the writes may move. */
	cb_text_copy(pf, sizeof pf, a->portfolio);
	cb_text_copy(id, sizeof id, a->debtor);
	int rc = cb_portfolio_get(r->txn, pf, &p);
	if (rc == CB_OK)
		rc = cb_tz_today(r->now, p.timezone, &today);
	return rc == CB_OK ? r->fn(r->txn, pf, id, today, r->now) : rc;
}

int cb_migrate_to(struct cb_txn *txn, int version)
{
	struct refresh r = { txn, time(NULL),
		version == 5 ? mark_account : queue_account };
	switch (version) {
	case 2: return cb_account_each(txn, NULL, each_account, &r);
	case 3: return CB_OK;
	case 4: return cb_library_install_shipped(txn);
	case 5: return cb_account_each(txn, NULL, each_account, &r);
	case 6: return CB_OK;
	}
	return CB_ERR_INTERNAL;
}

int cb_migrate_new(struct cb_txn *txn)
{
	return cb_library_install_shipped(txn);
}
