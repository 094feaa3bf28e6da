/* test_desk.c -- tests of desk.c: the agent's day as the home screen shows
 * it.  Users act through the session API at fixed times, in time order
 * (the log is searched by time); every expected list and count is worked
 * out by hand.
 *
 * Two portfolios: "default" in pesos (CLP, no decimals) kept in Santiago
 * (UTC-3 in March), "lima" in soles (PEN, 2 decimals) kept in Lima
 * (UTC-5).  The accounts (debts all past due since February):
 *   A default/11111111-1  2,000,000
 *   B default/22222222-2    500,000
 *   C default/33333333-3    800,000
 *   D default/44444444-4    300,000
 *   E default/55555555-5    900,000
 *   F lima/66666666-6    S/ 1,000.00
 *   G lima/77777777-7    S/   500.00
 * The agents: ag.uno and ag.dos work every portfolio, ag.chile only
 * default, ag.lima "lima,default", ag.nada a portfolio that does not
 * exist. */
#include "desk.h"

#include "error.h"
#include "event.h"
#include "ledger.h"
#include "library.h"
#include "model.h"
#include "promise.h"
#include "queue.h"
#include "rules.h"
#include "store.h"
#include "store_fixture.h"
#include "queue_fixture.h"
#include "user.h"
#include "work.h"

/* 2026-03-02 13:00 UTC: 10:00 in Santiago, 08:00 in Lima. */
static const time_t NOW = 1772456400;
#define MIN 60
#define HOUR 3600
#define DAY 86400
/* 2026-03-02 00:00 in Santiago. */
#define DAY_START (NOW - 10 * HOUR)
/* Users, rules and accounts are made before anything a test does. */
#define SETUP (NOW - 20 * DAY)

#define A "default/11111111-1"
#define B "default/22222222-2"
#define C "default/33333333-3"
#define D "default/44444444-4"
#define E "default/55555555-5"
#define F "lima/66666666-6"
#define G "lima/77777777-7"

static int put_portfolios(struct cb_txn *txn, void *arg)
{
	struct cb_portfolio def = { .code = "default", .name = "Default",
		.currency = "CLP", .timezone = "America/Santiago",
		.country = "CL" };
	struct cb_portfolio lima = { .code = "lima", .name = "Lima",
		.currency = "PEN", .timezone = "America/Lima",
		.country = "PE" };
	int rc = cb_portfolio_put(txn, &def);
	(void)arg;
	return rc == CB_OK ? cb_portfolio_put(txn, &lima) : rc;
}

static void add_user(struct cb_session *admin, const char *login,
    enum cb_role role, const char *portfolios)
{
	struct cb_user u = { .login = login, .name = login, .role = role,
		.portfolios = portfolios, .created = SETUP };
	int rc = cb_user_add(admin, &u);
	cr_assert_eq(rc, CB_OK, "add %s: %s", login, cb_strerror(rc));
}

/* The users and portfolios, a pack that allows every call at any time and
 * a strategy without steps (as test_queue.c: only what a test does puts
 * accounts in tiers); no accounts yet. */
static void setup(void)
{
	struct cb_session admin;
	time_t t = SETUP;
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_eq(cb_user_first_admin(store, "root", "Admin", SETUP), CB_OK);
	cr_assert_eq(cb_session_open(store, "root", NULL, &t, &admin), CB_OK);
	add_user(&admin, "ag.uno", CB_ROLE_AGENT, NULL);
	add_user(&admin, "ag.dos", CB_ROLE_AGENT, NULL);
	add_user(&admin, "ag.chile", CB_ROLE_AGENT, "default");
	add_user(&admin, "ag.lima", CB_ROLE_AGENT, "lima,default");
	add_user(&admin, "ag.nada", CB_ROLE_AGENT, "nowhere");
	add_user(&admin, "sup.jefa", CB_ROLE_SUPERVISOR, NULL);
	rc = cb_store_write(store, put_portfolios, NULL);
	cr_assert_eq(rc, CB_OK, "portfolios: %s", cb_strerror(rc));
	quiet_rules_and_strategy(&admin);
	rtxn = NULL;
}

TestSuite(desk, .init = setup, .fini = teardown);

/* ---- accounts ---- */

struct new_account {
	const char *account;
	int64_t amount;     /* in the minor unit */
	const char *name;   /* NULL: "Deudor " and the id */
};

/* Writes one account with one invoice due 2026-02-01, settled and queued
 * as of SETUP. */
static int put_account(struct cb_txn *txn, const struct new_account *n)
{
	struct cb_account_ref r = ref(n->account);
	char name[64];
	cb_day today;
	int rc = cb_tz_today(SETUP, "America/Santiago", &today);
	if (rc != CB_OK)
		return rc;
	snprintf(name, sizeof name, "Deudor %s", r.debtor);
	struct cb_debtor d = { .id = r.debtor, .id_kind = CB_ID_RUT,
		.country = "CL", .name = n->name ? n->name : name,
		.timezone = "America/Santiago", .segment = "parcial",
		.nphones = 1,
		.phones = { { "+56 9 5555 0001", CB_PHONE_OK } } };
	struct cb_invoice inv = { .portfolio = r.portfolio, .debtor = r.debtor,
		.id = "F1", .type = CB_DOC_INVOICE, .issue_date = CB_DAY_NONE,
		.due_date = day(2026, 2, 1), .amount = n->amount,
		.open = n->amount, .settled = CB_DAY_NONE };
	rc = cb_debtor_put(txn, &d);
	if (rc == CB_OK)
		rc = cb_invoice_put(txn, &inv);
	if (rc == CB_OK)
		rc = cb_ledger_settle(txn, r.portfolio, r.debtor, today);
	return rc == CB_OK ? cb_work_refresh(txn, r.portfolio, r.debtor, today,
	    SETUP, NULL) : rc;
}

static int put_account_txn(struct cb_txn *txn, void *arg)
{
	return put_account(txn, arg);
}

static void add_account(const char *account, int64_t amount,
    const char *name)
{
	struct new_account n = { account, amount, name };
	cb_txn_end(&rtxn);
	int rc = cb_store_write(store, put_account_txn, &n);
	cr_assert_eq(rc, CB_OK, "account %s: %s", account, cb_strerror(rc));
}

static void standard(void)
{
	add_account(A, 2000000, NULL);
	add_account(B, 500000, NULL);
	add_account(C, 800000, NULL);
	add_account(D, 300000, NULL);
	add_account(E, 900000, NULL);
	add_account(F, 100000, NULL);
	add_account(G, 50000, NULL);
}

/* Many accounts of default in one write: "default/9" and six digits from
 * first on, of 1,000 pesos each. */
struct many {
	int first, n;
};

static int put_many_txn(struct cb_txn *txn, void *arg)
{
	const struct many *m = arg;
	char account[40];
	int rc = CB_OK;
	for (int i = m->first; i < m->first + m->n && rc == CB_OK; i++) {
		struct new_account n = { account, 1000, NULL };
		snprintf(account, sizeof account, "default/9%06d-0", i);
		rc = put_account(txn, &n);
	}
	return rc;
}

static void add_many(int first, int n)
{
	struct many m = { first, n };
	cb_txn_end(&rtxn);
	int rc = cb_store_write(store, put_many_txn, &m);
	cr_assert_eq(rc, CB_OK, "accounts: %s", cb_strerror(rc));
}

/* ---- what agents do ---- */

static void log_ok(const char *login, time_t now, const char *account,
    struct cb_log_request req)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r = ref(account);
	const char *why = NULL;
	cb_txn_end(&rtxn);
	int rc = cb_queue_log(&s, &r, &req, &why);
	cr_assert_eq(rc, CB_OK, "log %s on %s: %s (%s)", req.code, account,
	    cb_strerror(rc), why ? why : "");
}

/* A callback at a time written with its offset, for login or anyone. */
static void callback(const char *login, time_t now, const char *account,
    const char *at, bool anyone)
{
	log_ok(login, now, account, (struct cb_log_request){ .code = "CB",
	    .at = at, .for_anyone = anyone });
}

static void promise(const char *login, time_t now, const char *account,
    const char *amount, const char *date)
{
	log_ok(login, now, account, (struct cb_log_request){ .code = "PTP",
	    .amount = amount, .date = date });
}

/* The account login claims at now, as "portfolio/debtor" (static). */
static const char *next(const char *login, time_t now)
{
	static char out[80];
	struct cb_session s = as(login, now);
	struct cb_account_ref r;
	const char *why = NULL;
	cb_txn_end(&rtxn);
	int rc = cb_queue_next(&s, NULL, &r, &why);
	cr_assert_eq(rc, CB_OK, "next for %s: %s (%s)", login, cb_strerror(rc),
	    why ? why : "");
	snprintf(out, sizeof out, "%s/%s", r.portfolio, r.debtor);
	return out;
}

static void release(const char *login, time_t now, const char *account)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r = ref(account);
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_queue_release(&s, &r), CB_OK);
}

static void rescore(time_t now)
{
	struct cb_session s = as("sup.jefa", now);
	cb_txn_end(&rtxn);
	int rc = cb_rescore(&s, NULL, NULL);
	cr_assert_eq(rc, CB_OK, "rescore: %s", cb_strerror(rc));
}

/* ---- the desk ---- */

/* The desk of login at now (static: it is large). */
static const struct cb_desk *desk(const char *login, time_t now)
{
	static struct cb_desk d;
	struct cb_session s = as(login, now);
	cb_txn_end(&rtxn);
	int rc = cb_desk_load(&s, &d);
	cr_assert_eq(rc, CB_OK, "desk of %s: %s", login, cb_strerror(rc));
	return &d;
}

/* The callbacks as "account when(UTC) [anyone] balance currency", joined
 * by "; ". */
static const char *callbacks_text(const struct cb_desk *d)
{
	static char out[8192];
	char when[17];
	out[0] = '\0';
	for (size_t i = 0; i < d->ncallbacks; i++) {
		const struct cb_desk_item *it = &d->callbacks[i];
		size_t n = strlen(out);
		cb_time_format_utc(it->at, when);
		snprintf(out + n, sizeof out - n, "%s%s/%s %s%s %lld %s",
		    i ? "; " : "", it->portfolio, it->debtor, when,
		    it->anyone ? " anyone" : "", (long long)it->amount,
		    it->currency);
	}
	return out;
}

/* The promises as "account due status amount currency", joined by "; ". */
static const char *promises_text(const struct cb_desk *d)
{
	static char out[8192];
	char due[11];
	out[0] = '\0';
	for (size_t i = 0; i < d->npromises; i++) {
		const struct cb_desk_item *it = &d->promises[i];
		size_t n = strlen(out);
		cb_day_format(it->due, due);
		snprintf(out + n, sizeof out - n, "%s%s/%s %s %s %lld %s",
		    i ? "; " : "", it->portfolio, it->debtor, due,
		    cb_promise_status_name(it->status), (long long)it->amount,
		    it->currency);
	}
	return out;
}

/* What cb_queue_list() gives login at now, all of it. */
static int count_entry(const struct cb_queue_entry *e, void *arg)
{
	(void)e;
	(*(unsigned *)arg)++;
	return CB_OK;
}

static unsigned listed(const char *login, time_t now)
{
	struct cb_session s = as(login, now);
	unsigned n = 0;
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_queue_list(&s, NULL, false, 0, count_entry, &n), CB_OK);
	return n;
}

/* ---- the tests ---- */

Test(desk, today_is_the_day_of_the_agents_first_portfolio)
{
	/* Santiago: 2026-03-02 00:00-03:00 to 2026-03-03 00:00-03:00. */
	const struct cb_desk *d = desk("ag.uno", NOW);
	cr_expect_eq(d->day_start, DAY_START);
	cr_expect_eq(d->day_end, DAY_START + DAY);
	/* 23:00 in Santiago is still 03-02 there, though 03-03 in UTC. */
	d = desk("ag.uno", DAY_START + DAY - HOUR);
	cr_expect_eq(d->day_start, DAY_START);
	/* ag.lima's first portfolio is lima: 08:00 there, midnight at 05:00
	 * UTC. */
	d = desk("ag.lima", NOW);
	cr_expect_eq(d->day_start, NOW - 8 * HOUR);
	cr_expect_eq(d->day_end, NOW + 16 * HOUR);
	/* An agent of no portfolio that exists has the UTC day. */
	d = desk("ag.nada", NOW);
	cr_expect_eq(d->day_start, NOW - 13 * HOUR);
	cr_expect_eq(d->day_end, NOW + 11 * HOUR);
}

Test(desk, a_new_agent_has_an_empty_desk)
{
	const struct cb_desk *d = desk("ag.uno", NOW);
	cr_expect_eq(d->ncallbacks, 0);
	cr_expect_eq(d->npromises, 0);
	cr_expect_eq(d->today.claims, 0);
	cr_expect_eq(d->today.outcomes, 0);
	cr_expect_eq(d->today.ncurrencies, 0);
	cr_expect_eq(d->callable, 0);
	cr_expect_not(d->callable_more);
	cr_expect_not(d->holding);
	cr_expect_str_eq(d->held_portfolio, "");
}

Test(desk, callbacks_due_today_for_the_agent_or_anyone_earliest_first)
{
	standard();
	/* Yesterday ag.uno asked to call E back yesterday at 16:00: overdue,
	 * still on the desk. */
	callback("ag.uno", NOW - 22 * HOUR, E, "2026-03-01 16:00-03:00", false);
	/* This morning: A at 09:30 (overdue by now), B at 15:00, G (lima) at
	 * 23:59 and C at midnight, which is tomorrow. */
	time_t t = NOW - HOUR;
	callback("ag.uno", t, A, "2026-03-02 09:30-03:00", false);
	callback("ag.uno", t + MIN, B, "2026-03-02 15:00-03:00", false);
	callback("ag.uno", t + 2 * MIN, G, "2026-03-02 23:59-03:00", false);
	callback("ag.uno", t + 3 * MIN, C, "2026-03-03 00:00-03:00", false);
	/* ag.dos: D at 11:00 for itself, F (lima) at noon for anyone. */
	callback("ag.dos", t + 4 * MIN, D, "2026-03-02 11:00-03:00", false);
	callback("ag.dos", t + 5 * MIN, F, "2026-03-02 12:00-03:00", true);
	const struct cb_desk *d = desk("ag.uno", NOW);
	cr_expect_str_eq(callbacks_text(d),
	    E " 2026-03-01 19:00 900000 CLP; "
	    A " 2026-03-02 12:30 2000000 CLP; "
	    F " 2026-03-02 15:00 anyone 100000 PEN; "
	    B " 2026-03-02 18:00 500000 CLP; "
	    G " 2026-03-03 02:59 50000 PEN");
	cr_assert_eq(d->ncallbacks, 5);
	cr_expect_str_eq(d->callbacks[0].name, "Deudor 55555555-5");
	cr_expect_eq(d->callbacks[0].at, DAY_START - 8 * HOUR);
	cr_expect_eq(d->callbacks[0].due, CB_DAY_NONE);
	cr_expect_str_eq(callbacks_text(desk("ag.dos", NOW)),
	    D " 2026-03-02 14:00 300000 CLP; "
	    F " 2026-03-02 15:00 anyone 100000 PEN");
	/* ag.chile does not work lima: the callback for anyone is not its. */
	cr_expect_str_eq(callbacks_text(desk("ag.chile", NOW)), "");
	/* Tomorrow, C is on the desk and the rest are overdue. */
	cr_expect_eq(desk("ag.uno", NOW + DAY)->ncallbacks, 6);
}

Test(desk, at_most_fifty_callbacks_the_earliest)
{
	/* 51 of ag.uno's, due one a minute from 03:00 UTC (midnight in
	 * Santiago), asked for at 02:00: the last, at 03:50, does not fit. */
	add_many(0, CB_DESK_ITEMS + 1);
	for (int i = 0; i <= CB_DESK_ITEMS; i++) {
		char account[40], at[40];
		snprintf(account, sizeof account, "default/9%06d-0", i);
		snprintf(at, sizeof at, "2026-03-02 03:%02d+00:00", i);
		callback("ag.uno", NOW - 11 * HOUR + i, account, at, false);
	}
	const struct cb_desk *d = desk("ag.uno", NOW);
	cr_assert_eq(d->ncallbacks, CB_DESK_ITEMS);
	for (size_t i = 0; i < CB_DESK_ITEMS; i++)
		cr_expect_eq(d->callbacks[i].at, DAY_START + (time_t)i * MIN,
		    "callback %zu", i);
}

Test(desk, promises_due_or_broken_today_made_by_the_agent)
{
	standard();
	/* 02-23: D promised for 02-24, found broken on 02-27 (past its two
	 * days of grace): broken, but not today. */
	promise("ag.uno", NOW - 7 * DAY, D, "30000", "2026-02-24");
	/* 02-24: A promised for 02-26; still pending on 02-27. */
	promise("ag.uno", NOW - 6 * DAY, A, "100000", "2026-02-26");
	rescore(NOW - 3 * DAY);
	/* 02-28: B for yesterday, C for today, E for next week; a plan of two
	 * installments of S/ 500.00 on G from today; ag.dos's promise on F
	 * for yesterday. */
	time_t t = NOW - 2 * DAY;
	promise("ag.uno", t, B, "200000", "2026-03-01");
	promise("ag.uno", t + MIN, C, "300000", "2026-03-02");
	promise("ag.uno", t + 2 * MIN, E, "400000", "2026-03-09");
	log_ok("ag.uno", t + 3 * MIN, G, (struct cb_log_request){
	    .code = "PLAN", .amount = "1000.00", .date = "2026-03-02",
	    .installments = 2 });
	promise("ag.dos", t + 4 * MIN, F, "100.00", "2026-03-01");
	/* This morning's re-score finds A's promise broken (02-26 + 2). */
	rescore(NOW - HOUR);
	const struct cb_desk *d = desk("ag.uno", NOW);
	cr_expect_str_eq(promises_text(d),
	    A " 2026-02-26 broken 100000 CLP; "
	    B " 2026-03-01 pending 200000 CLP; "
	    C " 2026-03-02 pending 300000 CLP; "
	    G " 2026-03-02 pending 50000 PEN");
	cr_assert_eq(d->npromises, 4);
	cr_expect_str_eq(d->promises[0].name, "Deudor 11111111-1");
	cr_expect_eq(d->promises[0].status, CB_PROMISE_BROKEN);
	cr_expect_str_eq(promises_text(desk("ag.dos", NOW)),
	    F " 2026-03-01 pending 10000 PEN");
	cr_expect_str_eq(promises_text(desk("ag.chile", NOW)), "");
	/* Tomorrow A's was not broken that day: it is off the desk. */
	cr_expect_str_eq(promises_text(desk("ag.uno", NOW + DAY)),
	    B " 2026-03-01 pending 200000 CLP; "
	    C " 2026-03-02 pending 300000 CLP; "
	    G " 2026-03-02 pending 50000 PEN");
}

Test(desk, a_promise_falls_due_on_the_day_of_its_own_portfolio)
{
	standard();
	promise("ag.uno", NOW, B, "200000", "2026-03-03");
	promise("ag.uno", NOW + MIN, F, "100.00", "2026-03-03");
	/* 2026-03-03 04:30 UTC: 01:30 of 03-03 in Santiago, 23:30 of 03-02 in
	 * Lima. */
	time_t t = DAY_START + DAY + 90 * MIN;
	cr_expect_str_eq(promises_text(desk("ag.uno", t)),
	    B " 2026-03-03 pending 200000 CLP");
	cr_expect_str_eq(promises_text(desk("ag.uno", t + HOUR)),
	    B " 2026-03-03 pending 200000 CLP; "
	    F " 2026-03-03 pending 10000 PEN");
}

/* Writes n promises of ag.uno on A, the later the id the earlier the day:
 * id i due today - i. */
struct promises {
	int n;
};

static int put_promises_txn(struct cb_txn *txn, void *arg)
{
	const struct promises *p = arg;
	int rc = CB_OK;
	for (int i = 1; i <= p->n && rc == CB_OK; i++)
		rc = cb_promise_put(txn, &(struct cb_promise){
		    .portfolio = "default", .debtor = "11111111-1",
		    .id = (uint64_t)i, .amount = i, .due = day(2026, 3, 2) - i,
		    .made = SETUP, .agent = "ag.uno", .settled = CB_DAY_NONE,
		    .status = CB_PROMISE_PENDING });
	return rc;
}

/* A promise of ag.chile's due today on an account of each portfolio, as
 * if it had worked lima once. */
static int put_chile_txn(struct cb_txn *txn, void *arg)
{
	const char *accounts[] = { F, C };
	int rc = CB_OK;
	(void)arg;
	for (int i = 0; i < 2 && rc == CB_OK; i++) {
		struct cb_account_ref r = ref(accounts[i]);
		rc = cb_promise_put(txn, &(struct cb_promise){
		    .portfolio = r.portfolio, .debtor = r.debtor, .id = 1,
		    .amount = 100, .due = day(2026, 3, 2), .made = SETUP,
		    .agent = "ag.chile", .settled = CB_DAY_NONE,
		    .status = CB_PROMISE_PENDING });
	}
	return rc;
}

Test(desk, promises_only_of_the_agents_portfolios)
{
	standard();
	cr_assert_eq(cb_store_write(store, put_chile_txn, NULL), CB_OK);
	cr_expect_str_eq(promises_text(desk("ag.chile", NOW)),
	    C " 2026-03-02 pending 100 CLP");
}

Test(desk, at_most_fifty_promises_the_earliest)
{
	struct promises p = { CB_DESK_ITEMS + 1 };
	standard();
	cr_assert_eq(cb_store_write(store, put_promises_txn, &p), CB_OK);
	const struct cb_desk *d = desk("ag.uno", NOW);
	cr_assert_eq(d->npromises, CB_DESK_ITEMS);
	/* From the earliest (id 51) to id 2; id 1, due yesterday, is left. */
	for (size_t i = 0; i < CB_DESK_ITEMS; i++) {
		cr_expect_eq(d->promises[i].due, day(2026, 3, 2) -
		    (CB_DESK_ITEMS + 1) + (cb_day)i, "promise %zu", i);
		cr_expect_eq(d->promises[i].amount,
		    (int64_t)(CB_DESK_ITEMS + 1 - i), "promise %zu", i);
	}
}

Test(desk, names_are_cut_at_a_character_boundary)
{
	/* 126 letters, then a two-byte "ñ" that does not fit in 127 bytes. */
	char name[200];
	memset(name, 'a', 126);
	snprintf(name + 126, sizeof name - 126, "\xc3\xb1" "ez");
	add_account(A, 1000, name);
	add_account(B, 1000, "Peña");
	promise("ag.uno", NOW, A, "1000", "2026-03-02");
	promise("ag.uno", NOW + MIN, B, "1000", "2026-03-02");
	const struct cb_desk *d = desk("ag.uno", NOW);
	cr_assert_eq(d->npromises, 2);
	cr_expect_eq(strlen(d->promises[0].name), 126);
	cr_expect_eq(strspn(d->promises[0].name, "a"), 126);
	cr_expect_str_eq(d->promises[1].name, "Peña");
}

Test(desk, counts_the_agents_own_events_of_today)
{
	standard();
	/* Yesterday, and the last second of yesterday: not counted. */
	log_ok("ag.uno", NOW - DAY, A, (struct cb_log_request){
	    .code = "RPC" });
	log_ok("ag.uno", DAY_START - 1, B, (struct cb_log_request){
	    .code = "NA" });
	/* The first second of today: a claim and an attempt. */
	log_ok("ag.uno", DAY_START, C, (struct cb_log_request){ .code = "NA" });
	/* A claim given back: a claim, no outcome. */
	release("ag.uno", NOW, next("ag.uno", NOW));
	/* Promises: 150,000 pesos, a plan of S/ 1,234.50, 50,000 pesos; a
	 * callback; a refusal (a conversation, no promise). */
	promise("ag.uno", NOW + MIN, A, "150000", "2026-03-05");
	log_ok("ag.uno", NOW + 2 * MIN, F, (struct cb_log_request){
	    .code = "PLAN", .amount = "1234.50", .date = "2026-03-10",
	    .installments = 2 });
	callback("ag.uno", NOW + 3 * MIN, B, "2026-03-02 15:00-03:00", false);
	log_ok("ag.uno", NOW + 4 * MIN, D, (struct cb_log_request){
	    .code = "RTP" });
	promise("ag.uno", NOW + 5 * MIN, E, "50000", "2026-03-04");
	/* Another agent's, today; ag.uno's tomorrow. */
	promise("ag.dos", NOW + 6 * MIN, G, "10.00", "2026-03-04");
	log_ok("ag.uno", NOW + DAY, C, (struct cb_log_request){ .code = "NA" });

	const struct cb_desk *d = desk("ag.uno", NOW + HOUR);
	const struct cb_desk_counts *t = &d->today;
	cr_expect_eq(t->claims, 7, "claims %u", t->claims);
	cr_expect_eq(t->outcomes, 6, "outcomes %u", t->outcomes);
	cr_expect_eq(t->conversations, 4, "conversations %u", t->conversations);
	cr_expect_eq(t->promises, 3, "promises %u", t->promises);
	cr_expect_eq(t->callbacks, 1, "callbacks %u", t->callbacks);
	cr_assert_eq(t->ncurrencies, 2);
	cr_expect_str_eq(t->promised[0].currency, "CLP");
	cr_expect_eq(t->promised[0].amount, 200000);
	cr_expect_str_eq(t->promised[1].currency, "PEN");
	cr_expect_eq(t->promised[1].amount, 123450);

	t = &desk("ag.dos", NOW + HOUR)->today;
	cr_expect_eq(t->claims, 1);
	cr_expect_eq(t->outcomes, 1);
	cr_expect_eq(t->promises, 1);
	cr_assert_eq(t->ncurrencies, 1);
	cr_expect_str_eq(t->promised[0].currency, "PEN");
	cr_expect_eq(t->promised[0].amount, 1000);

	/* Tomorrow's desk counts only tomorrow's attempt. */
	t = &desk("ag.uno", NOW + DAY + HOUR)->today;
	cr_expect_eq(t->claims, 1);
	cr_expect_eq(t->outcomes, 1);
	cr_expect_eq(t->conversations, 0);
	cr_expect_eq(t->ncurrencies, 0);
}

Test(desk, callable_counts_what_the_agent_could_claim)
{
	standard();
	const struct cb_desk *d = desk("ag.uno", NOW);
	cr_expect_eq(d->callable, 7);
	cr_expect_eq(d->callable, listed("ag.uno", NOW));
	cr_expect_not(d->callable_more);
	cr_expect_eq(desk("ag.chile", NOW)->callable, 5);
	/* ag.dos takes one: ag.uno may no longer. */
	next("ag.dos", NOW);
	d = desk("ag.uno", NOW + MIN);
	cr_expect_eq(d->callable, 6);
	cr_expect_eq(d->callable, listed("ag.uno", NOW + MIN));
}

Test(desk, callable_stops_counting_at_five_hundred)
{
	add_many(0, CB_DESK_CALLABLE);
	const struct cb_desk *d = desk("ag.uno", NOW);
	cr_expect_eq(d->callable, CB_DESK_CALLABLE);
	cr_expect_not(d->callable_more);
	add_many(CB_DESK_CALLABLE, 1);
	d = desk("ag.uno", NOW);
	cr_expect_eq(d->callable, CB_DESK_CALLABLE);
	cr_expect(d->callable_more);
}

Test(desk, holding_follows_a_claim_and_its_release)
{
	standard();
	cr_expect_not(desk("ag.uno", NOW)->holding);
	char held[80];
	snprintf(held, sizeof held, "%s", next("ag.uno", NOW));
	struct cb_account_ref r = ref(held);
	const struct cb_desk *d = desk("ag.uno", NOW + MIN);
	cr_expect(d->holding);
	cr_expect_str_eq(d->held_portfolio, r.portfolio);
	cr_expect_str_eq(d->held_debtor, r.debtor);
	cr_expect_not(desk("ag.dos", NOW + MIN)->holding);
	release("ag.uno", NOW + 2 * MIN, held);
	d = desk("ag.uno", NOW + 2 * MIN);
	cr_expect_not(d->holding);
	cr_expect_str_eq(d->held_portfolio, "");
}
