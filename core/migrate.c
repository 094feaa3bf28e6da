/* migrate.c -- the steps from one schema version to the next.
 *
 *   1  the first release
 *   2  the work of every account and the queue index (work.h)
 *   3  the rules table: loaded rule packs and supervisors' holidays
 *      (rules.h); it starts empty, the shipped packs being in force
 *   4  the library table: call scripts and strategies (library.h), with
 *      the shipped ones as version 1 of each
 */
#include "error.h"
#include "library.h"
#include "store.h"
#include "work.h"

struct refresh {
	struct cb_txn *txn;
	time_t now;
};

/* Puts one account in the queue, as of now in its portfolio's zone. */
static int refresh_account(const struct cb_account *a, void *arg)
{
	struct refresh *r = arg;
	struct cb_portfolio p;
	cb_day today;
	int rc = cb_portfolio_get(r->txn, a->portfolio, &p);
	if (rc == CB_OK)
		rc = cb_tz_today(r->now, p.timezone, &today);
	return rc == CB_OK ? cb_work_refresh(r->txn, a->portfolio, a->debtor,
	    today, r->now) : rc;
}

int cb_migrate_to(struct cb_txn *txn, int version)
{
	struct refresh r = { txn, time(NULL) };
	switch (version) {
	case 2: return cb_account_each(txn, NULL, refresh_account, &r);
	case 3: return CB_OK;
	case 4: return cb_library_install_shipped(txn);
	}
	return CB_ERR_INTERNAL;
}

int cb_migrate_new(struct cb_txn *txn)
{
	return cb_library_install_shipped(txn);
}
