/*
 * queue_fixture.h -- what the suites that claim and log on accounts share
 * (queue, desk, card, kpi, stats): sessions at a chosen moment, accounts
 * named "portfolio/debtor", and a world where only what a test does moves
 * the queue.  Include after store_fixture.h.
 */
#ifndef CB_QUEUE_FIXTURE_H
#define CB_QUEUE_FIXTURE_H

#include <string.h>

#include "library.h"
#include "queue.h"
#include "rules.h"
#include "store_fixture.h"

/* The session of login at now (made by root with --as and --now). */
static FIXTURE_UNUSED struct cb_session as(const char *login, time_t now)
{
	struct cb_session s;
	int rc = cb_session_open(store, "root", login, &now, &s);
	cr_assert_eq(rc, CB_OK, "session of %s: %s", login, cb_strerror(rc));
	return s;
}

/* "portfolio/debtor" as an account reference. */
static FIXTURE_UNUSED struct cb_account_ref ref(const char *account)
{
	struct cb_account_ref r;
	const char *slash = strchr(account, '/');
	cr_assert_not_null(slash);
	snprintf(r.portfolio, sizeof r.portfolio, "%.*s",
	    (int)(slash - account), account);
	snprintf(r.debtor, sizeof r.debtor, "%s", slash + 1);
	return r;
}

/*
 * Loads, as admin, a rule pack that allows every call at any time
 * (test_rules.c tests the packs) and a default strategy with no steps, so
 * that the strategy tier stays empty unless a test loads one.
 */
static FIXTURE_UNUSED void quiet_rules_and_strategy(struct cb_session *admin)
{
	static const char anytime[] = "pack ANYTIME\ncountries CL PE ES US MX\n"
	    "days mon-sun\nhours 00:00-24:00\nholidays ignore\nattempts\n"
	    "conversations\n";
	static const char no_steps[] = "strategy default\n"
	    "name Tests: no steps\n";
	char why[200], id[CB_SCRIPT_ID_MAX + 1];
	int version;
	int rc = cb_rules_load(admin, anytime, sizeof anytime - 1, "anytime",
	    why, sizeof why);
	cr_assert_eq(rc, CB_OK, "rules: %s", why);
	rc = cb_library_load(admin, CB_BOOK_STRATEGY, no_steps,
	    sizeof no_steps - 1, "no-steps", why, sizeof why, id, &version);
	cr_assert_eq(rc, CB_OK, "strategy: %s", why);
}

#endif
