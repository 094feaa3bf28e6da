/*
 * store_fixture.h -- a fresh database for each test of the modules that
 * store things: the suite's .init opens `store` in `dir`, teardown closes
 * it; reader() and count() read what a test wrote.
 */
#ifndef CB_STORE_FIXTURE_H
#define CB_STORE_FIXTURE_H

#include "date.h"
#include "fixture.h"
#include "store.h"

#define FIXTURE_UNUSED __attribute__((unused))

static const char *dir;
static struct cb_store *store;
static struct cb_txn *rtxn; /* the read transaction of a test, if any */

/* Ends the test's read transaction, closes and removes the database. */
static FIXTURE_UNUSED void teardown(void)
{
	cb_txn_end(&rtxn);
	cb_store_close(&store);
	fixture_cleanup();
}

/* A read transaction for the checks of a test (ended by the next one). */
static FIXTURE_UNUSED struct cb_txn *reader(void)
{
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	return rtxn;
}

/* The number of records in a table now. */
static FIXTURE_UNUSED uint64_t count(enum cb_table table)
{
	uint64_t n;
	cr_assert_eq(cb_count(reader(), table, &n), CB_OK);
	return n;
}

/* A civil day, for expectations written as dates. */
static FIXTURE_UNUSED cb_day day(int y, int m, int d)
{
	cb_day out;
	cr_assert_eq(cb_day_from_ymd(y, m, d, &out), CB_OK);
	return out;
}

#endif
