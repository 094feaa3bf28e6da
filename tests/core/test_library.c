/*
 * test_library.c -- scripts and strategies kept in the database: versions,
 * the shipped set of a new database, choosing a script for an account,
 * the strategy of a portfolio, and check's verification.
 */
#include <string.h>

#include "error.h"
#include "library.h"
#include "store_fixture.h"
#include "user.h"

static const time_t NOW = 1772456400; /* 2026-03-02 13:00 UTC */
static struct cb_session admin;

static void setup(void)
{
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_eq(cb_user_first_admin(store, "root", "Admin", NOW), CB_OK);
	cr_assert_eq(cb_session_open(store, "root", NULL, &NOW, &admin), CB_OK);
	rtxn = NULL;
}

TestSuite(library, .init = setup, .fini = teardown);

static int load(enum cb_book book, const char *text, int *version)
{
	char why[300], id[CB_SCRIPT_ID_MAX + 1];
	return cb_library_load(&admin, book, text, strlen(text), "t", why,
	    sizeof why, id, version);
}

static const char tiny[] = "script tiny\nlanguage es\nwhen dpd 1..\n"
    "step hola\nsay Hola {debtor.name}\nend NA\n";

Test(library, a_new_database_holds_the_shipped_set_as_version_1)
{
	const char *text;
	size_t size;
	int version = 0;
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	cr_expect_eq(cb_library_text(rtxn, CB_BOOK_SCRIPT, "early-es", 0, &text,
	    &size, &version), CB_OK);
	cr_expect_eq(version, 1);
	cr_expect_eq(cb_library_text(rtxn, CB_BOOK_STRATEGY, "default", 0,
	    &text, &size, &version), CB_OK);
	cr_expect_eq(version, 1);
	cr_expect_eq(cb_library_text(rtxn, CB_BOOK_SCRIPT, "nope", 0, &text,
	    &size, &version), CB_ERR_NOTFOUND);
}

Test(library, each_load_is_the_next_version_and_old_ones_stay)
{
	int v1 = 0, v2 = 0;
	const char *text;
	size_t size;
	int got;
	cr_assert_eq(load(CB_BOOK_SCRIPT, tiny, &v1), CB_OK);
	char changed[sizeof tiny + 8];
	snprintf(changed, sizeof changed, "%s", tiny);
	memcpy(strstr(changed, "Hola"), "Chao", 4);
	cr_assert_eq(load(CB_BOOK_SCRIPT, changed, &v2), CB_OK);
	cr_expect_eq(v1, 1);
	cr_expect_eq(v2, 2);
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	cr_assert_eq(cb_library_text(rtxn, CB_BOOK_SCRIPT, "tiny", 1, &text,
	    &size, &got), CB_OK);
	cr_expect(memmem(text, size, "Hola", 4) != NULL);
	cr_assert_eq(cb_library_text(rtxn, CB_BOOK_SCRIPT, "tiny", 0, &text,
	    &size, &got), CB_OK);
	cr_expect_eq(got, 2);
	cr_expect(memmem(text, size, "Chao", 4) != NULL);
}

Test(library, a_broken_script_is_refused_and_agents_may_not_load)
{
	int v = 0;
	struct cb_session agent = admin;
	cr_expect_eq(load(CB_BOOK_SCRIPT, "script x\nlanguage es\nstep a\n", &v),
	    CB_ERR_INPUT);
	agent.role = CB_ROLE_AGENT;
	char why[100], id[40];
	cr_expect_eq(cb_library_load(&agent, CB_BOOK_SCRIPT, tiny, strlen(tiny),
	    "t", why, sizeof why, id, &v), CB_ERR_PERM);
}

static struct cb_script_facts facts(int dpd, const char *stage)
{
	struct cb_script_facts f;
	memset(&f, 0, sizeof f);
	snprintf(f.portfolio, sizeof f.portfolio, "default");
	snprintf(f.stage, sizeof f.stage, "%s", stage);
	f.segment = CB_SEG_PARCIAL;
	f.today = 20000;
	f.oldest_due = f.today - dpd;
	f.oldest_dpd = dpd;
	f.promise_date = CB_DAY_NONE;
	return f;
}

Test(library, the_script_chosen_is_the_most_specific_in_the_language_asked)
{
	struct cb_script *sc = NULL;
	int version;
	struct cb_script_facts f = facts(10, "collection");
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	cr_assert_eq(cb_script_choose(rtxn, &f, "en", &sc, &version), CB_OK);
	cr_expect_str_eq(sc->id, "early-en");
	cb_script_free(&sc);
	f = facts(45, "collection");
	cr_assert_eq(cb_script_choose(rtxn, &f, "es", &sc, &version), CB_OK);
	cr_expect_str_eq(sc->id, "firm-es");
	cb_script_free(&sc);
	f = facts(10, "promise-broken");
	cr_assert_eq(cb_script_choose(rtxn, &f, "es", &sc, &version), CB_OK);
	cr_expect_str_eq(sc->id, "broken-promise-es");
	cb_script_free(&sc);
	f = facts(-2, "courtesy");
	cr_assert_eq(cb_script_choose(rtxn, &f, "en", &sc, &version), CB_OK);
	cr_expect_str_eq(sc->id, "courtesy-en");
	cb_script_free(&sc);
	/* Not yet due and no courtesy step: no shipped script takes it. */
	f = facts(-2, "collection");
	cr_expect_eq(cb_script_choose(rtxn, &f, "es", &sc, &version),
	    CB_ERR_NOTFOUND);
}

Test(library, a_portfolio_has_its_own_strategy_else_the_one_for_any)
{
	int v;
	const struct cb_strategy *st;
	cr_assert_eq(load(CB_BOOK_STRATEGY, "strategy retail\nportfolios retail\n"
	    "segment moroso\nday 1 call uno\n", &v), CB_OK);
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	st = cb_strategy_for(rtxn, "retail");
	cr_assert_not_null(st);
	cr_expect_str_eq(st->id, "retail");
	st = cb_strategy_for(rtxn, "default");
	cr_assert_not_null(st);
	cr_expect_str_eq(st->id, "default");
	cb_txn_end(&rtxn);
	/* A new version is seen by the next transaction. */
	cr_assert_eq(load(CB_BOOK_STRATEGY, "strategy retail\nportfolios retail "
	    "pymes\n", &v), CB_OK);
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	st = cb_strategy_for(rtxn, "pymes");
	cr_assert_not_null(st);
	cr_expect_str_eq(st->id, "retail");
	cr_expect_eq(st->nsteps[CB_SEG_MOROSO], 0);
}

static int faults;
static char last_fault[600];

static void count_fault(const char *text, void *arg)
{
	(void)arg;
	faults++;
	snprintf(last_fault, sizeof last_fault, "%s", text);
}

static int put_bad(struct cb_txn *txn, void *arg)
{
	/* "script" \0 "tiny" \0 version 7, holding a script with no step. */
	static const char key[] = "script\0tiny\0\0\0\0\7";
	static const char text[] = "script tiny\nlanguage es\n";
	(void)arg;
	return cb_put(txn, CB_T_LIBRARY, (struct cb_val){ key, sizeof key - 1 },
	    (struct cb_val){ text, sizeof text - 1 });
}

Test(library, verify_finds_a_stored_text_that_does_not_parse)
{
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	faults = 0;
	cr_expect_eq(cb_library_verify(rtxn, count_fault, NULL), CB_OK);
	cr_expect_eq(faults, 0, "the shipped set: %s", last_fault);
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_store_write(store, put_bad, NULL), CB_OK);
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	cr_expect_eq(cb_library_verify(rtxn, count_fault, NULL), CB_OK);
	cr_expect_eq(faults, 1);
	cr_expect(strstr(last_fault, "script tiny version 7: ") != NULL, "%s",
	    last_fault);
}
