/* test_queue.c -- tests of queue.c through the session API: claims and
 * their leases, releases, outcomes logged, the queue listing, re-scoring
 * and what supervisors do.  Users are made with cb_user_add() and act at
 * fixed times; every expected order and score is worked out by hand.
 *
 * The accounts of most tests (standard(), as of 2026-03-02 in Santiago;
 * all debtors parcial: 70%):
 *   A default/11111111-1  2,000,000 due 2025-11-22: 100 dpd (100%)
 *     2,000,000 x 0.70 x 1.00 = 1,400,000
 *   C default/33333333-3    800,000 due 2026-01-31: 30 dpd (60%): 336,000
 *   B default/22222222-2    500,000 due 2026-02-20: 10 dpd (60%): 210,000
 *   D retail/44444444-4     300,000 due 2026-01-31: 30 dpd (60%): 126,000
 *   E default/55555555-5    900,000 due 2026-03-31: not yet due
 * so the queue of an agent of every portfolio is A, C, B, D. */
#include "queue.h"
#include "rules.h"

#include "error.h"
#include "library.h"
#include "library.h"
#include "event.h"
#include "store_fixture.h"
#include "queue_fixture.h"
#include "ledger.h"
#include "model.h"
#include "outcome.h"
#include "promise.h"
#include "store.h"
#include "user.h"
#include "work.h"


/* 2026-03-02 13:00 UTC: 10:00 in Santiago (UTC-3 in March). */
static const time_t NOW = 1772456400;
#define MIN 60
#define HOUR 3600
#define DAY 86400

#define A "default/11111111-1"
#define B "default/22222222-2"
#define C "default/33333333-3"
#define D "retail/44444444-4"
#define E "default/55555555-5"

#define PHONE1 "+56 9 5555 0001"
#define PHONE2 "+56 2 2555 0002"
#define PHONE3 "+56 9 5555 0003"

static int put_portfolios(struct cb_txn *txn, void *arg)
{
	struct cb_portfolio def = { .code = "default", .name = "Default",
		.currency = "CLP", .timezone = "America/Santiago", .country = "CL" };
	struct cb_portfolio retail = { .code = "retail", .name = "Retail",
		.currency = "CLP", .timezone = "America/Santiago", .country = "CL" };
	int rc = cb_portfolio_put(txn, &def);
	(void)arg;
	return rc == CB_OK ? cb_portfolio_put(txn, &retail) : rc;
}

static void add_user(struct cb_session *admin, const char *login,
    enum cb_role role, const char *portfolios)
{
	struct cb_user u = { .login = login, .name = login, .role = role,
		.portfolios = portfolios, .created = NOW };
	int rc = cb_user_add(admin, &u);
	cr_assert_eq(rc, CB_OK, "add %s: %s", login, cb_strerror(rc));
}

static void setup(void)
{
	struct cb_session admin;
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_eq(cb_user_first_admin(store, "root", "Admin", NOW), CB_OK);
	cr_assert_eq(cb_session_open(store, "root", NULL, &NOW, &admin), CB_OK);
	add_user(&admin, "ag.uno", CB_ROLE_AGENT, NULL);
	add_user(&admin, "ag.dos", CB_ROLE_AGENT, NULL);
	add_user(&admin, "ag.tres", CB_ROLE_AGENT, NULL);
	add_user(&admin, "ag.retail", CB_ROLE_AGENT, "retail");
	add_user(&admin, "sup.jefa", CB_ROLE_SUPERVISOR, NULL);
	rc = cb_store_write(store, put_portfolios, NULL);
	cr_assert_eq(rc, CB_OK, "portfolios: %s", cb_strerror(rc));
	quiet_rules_and_strategy(&admin);
	rtxn = NULL;
}

TestSuite(queue, .init = setup, .fini = teardown);

/* ---- accounts ---- */

struct new_account {
	const char *account;
	int64_t amount;
	cb_day due;
};

static int put_account_txn(struct cb_txn *txn, void *arg)
{
	const struct new_account *n = arg;
	struct cb_account_ref r = ref(n->account);
	char name[64];
	cb_day today = day(2026, 3, 2);
	snprintf(name, sizeof name, "Deudor %s", r.debtor);
	struct cb_debtor d = { .id = r.debtor, .id_kind = CB_ID_RUT,
		.country = "CL", .name = name, .timezone = "America/Santiago",
		.segment = "parcial", .nphones = 3, .phones = {
		{ PHONE1, CB_PHONE_OK }, { PHONE2, CB_PHONE_OK },
		{ PHONE3, CB_PHONE_OK } } };
	struct cb_invoice inv = { .portfolio = r.portfolio, .debtor = r.debtor,
		.id = "F1", .type = CB_DOC_INVOICE, .issue_date = CB_DAY_NONE,
		.due_date = n->due, .amount = n->amount, .open = n->amount,
		.settled = CB_DAY_NONE };
	int rc = cb_debtor_put(txn, &d);
	if (rc == CB_OK)
		rc = cb_invoice_put(txn, &inv);
	if (rc == CB_OK)
		rc = cb_ledger_settle(txn, r.portfolio, r.debtor, today);
	return rc == CB_OK ? cb_work_refresh(txn, r.portfolio, r.debtor, today,
	    NOW, NULL) : rc;
}

/* Adds an account with one invoice, settled and queued as of NOW. */
static void add_account(const char *account, int64_t amount, cb_day due)
{
	struct new_account n = { account, amount, due };
	cb_txn_end(&rtxn);
	int rc = cb_store_write(store, put_account_txn, &n);
	cr_assert_eq(rc, CB_OK, "account %s: %s", account, cb_strerror(rc));
}

static void standard(void)
{
	add_account(A, 2000000, day(2025, 11, 22));
	add_account(B, 500000, day(2026, 2, 20));
	add_account(C, 800000, day(2026, 1, 31));
	add_account(D, 300000, day(2026, 1, 31));
	add_account(E, 900000, day(2026, 3, 31));
}

/* The work record of an account (its text lives until the next read). */
static struct cb_work work(const char *account)
{
	struct cb_account_ref r = ref(account);
	struct cb_work w;
	struct cb_txn *txn = reader();
	int rc = cb_work_get(txn, r.portfolio, r.debtor, &w);
	cr_assert_eq(rc, CB_OK, "work %s: %s", account, cb_strerror(rc));
	return w;
}

/* The holder of an account, or "" (a static copy). */
static const char *holder(const char *account)
{
	static char out[CB_LOGIN_MAX + 1];
	struct cb_work w = work(account);
	snprintf(out, sizeof out, "%s", w.holder ? w.holder : "");
	return out;
}

/* ---- claims ---- */

/* Claims for agent (NULL: login itself) as login at now; the account in
 * out (80 bytes) as "portfolio/debtor". */
static int next_rc(const char *login, const char *agent, time_t now,
    char *out, const char **why)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r;
	const char *w = NULL;
	cb_txn_end(&rtxn);
	int rc = cb_queue_next(&s, agent, &r, &w);
	out[0] = '\0';
	if (rc == CB_OK)
		snprintf(out, 80, "%s/%s", r.portfolio, r.debtor);
	if (why)
		*why = w;
	return rc;
}

/* The account login claims at now (a static buffer, one of four). */
static const char *next(const char *login, time_t now)
{
	static char bufs[4][80];
	static int i;
	char *out = bufs[i++ % 4];
	const char *why;
	int rc = next_rc(login, NULL, now, out, &why);
	cr_assert_eq(rc, CB_OK, "next for %s: %s (%s)", login, cb_strerror(rc),
	    why ? why : "");
	return out;
}

static int release(const char *login, time_t now, const char *account)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r = ref(account);
	cb_txn_end(&rtxn);
	return cb_queue_release(&s, &r);
}

static int renew(const char *login, time_t now, const char *account,
    time_t *until)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r = ref(account);
	cb_txn_end(&rtxn);
	return cb_queue_renew(&s, &r, until);
}

/* What login holds at now: account ("PF/ID", or NULL: nothing) until. */
static void expect_held(const char *login, time_t now, const char *account,
    time_t until)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r;
	char got[80];
	time_t got_until = 0;
	cb_txn_end(&rtxn);
	int rc = cb_queue_held(&s, &r, &got_until);
	if (account == NULL) {
		cr_expect_eq(rc, CB_ERR_NOTHING, "%s holds something", login);
		return;
	}
	cr_assert_eq(rc, CB_OK, "%s holds nothing", login);
	snprintf(got, sizeof got, "%s/%s", r.portfolio, r.debtor);
	cr_expect_str_eq(got, account);
	cr_expect_eq(got_until, until);
}

static int supervise(const char *login, time_t now, const char *account,
    enum cb_supervise what, const char *agent)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r = ref(account);
	cb_txn_end(&rtxn);
	return cb_queue_supervise(&s, &r, what, agent);
}

static int log_rc(const char *login, time_t now, const char *account,
    struct cb_log_request req, const char **why)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r = ref(account);
	const char *w = NULL;
	cb_txn_end(&rtxn);
	int rc = cb_queue_log(&s, &r, &req, &w);
	if (why)
		*why = w;
	return rc;
}

static void log_ok(const char *login, time_t now, const char *account,
    struct cb_log_request req)
{
	const char *why = NULL;
	int rc = log_rc(login, now, account, req, &why);
	cr_assert_eq(rc, CB_OK, "log %s on %s: %s (%s)", req.code, account,
	    cb_strerror(rc), why ? why : "");
}

/* Logs a refused request and checks its reason. */
static void log_refused(const char *login, time_t now, const char *account,
    struct cb_log_request req, int want, const char *want_why)
{
	const char *why = NULL;
	int rc = log_rc(login, now, account, req, &why);
	cr_expect_eq(rc, want, "log %s: %s, want %s", req.code, cb_strerror(rc),
	    cb_strerror(want));
	if (want_why) {
		cr_expect_not_null(why, "log %s: no why", req.code);
		if (why)
			cr_expect_str_eq(why, want_why);
	}
}

/* ---- events ---- */

struct seqs {
	uint64_t seq[256];
	size_t n;
};

static int add_seq(const struct cb_event *ev, void *arg)
{
	struct seqs *s = arg;
	cr_assert_lt(s->n, 256);
	s->seq[s->n++] = ev->seq;
	return CB_OK;
}

static struct seqs account_seqs(const char *account)
{
	struct cb_account_ref r = ref(account);
	struct seqs s = { .n = 0 };
	cr_assert_eq(cb_event_each_account(reader(), r.portfolio, r.debtor,
	    add_seq, &s), CB_OK);
	return s;
}

/* The kinds of an account's events, oldest first, joined by commas. */
static const char *kinds(const char *account)
{
	static char out[2048];
	struct seqs s = account_seqs(account);
	out[0] = '\0';
	for (size_t i = 0; i < s.n; i++) {
		struct cb_event ev;
		cr_assert_eq(cb_event_get(rtxn, s.seq[i], &ev), CB_OK);
		size_t n = strlen(out);
		snprintf(out + n, sizeof out - n, "%s%s", i ? "," : "", ev.kind);
	}
	return out;
}

/* The account's event i (from the end when negative: -1 is the last). */
static struct cb_event account_event(const char *account, int i)
{
	struct seqs s = account_seqs(account);
	struct cb_event ev;
	size_t at = i < 0 ? s.n - (size_t)-i : (size_t)i;
	cr_assert_lt(at, s.n, "%s has %zu events", account, s.n);
	cr_assert_eq(cb_event_get(rtxn, s.seq[at], &ev), CB_OK);
	return ev;
}

static void expect_value(const struct cb_event *ev, const char *key,
    const char *want)
{
	const char *v = cb_event_value(ev, key);
	cr_expect_not_null(v, "%s event has no %s", ev->kind, key);
	if (v)
		cr_expect_str_eq(v, want, "%s event: %s", ev->kind, key);
}

/* ---- listings ---- */

struct listed {
	char text[2048];
	size_t n;
	struct cb_queue_entry first; /* its figures; its text is gone */
	char first_name[64], first_currency[8];
	char holders[16][CB_LOGIN_MAX + 1];
};

static int add_entry(const struct cb_queue_entry *e, void *arg)
{
	struct listed *l = arg;
	size_t n = strlen(l->text);
	snprintf(l->text + n, sizeof l->text - n, "%s%u %s/%s%s%s%s",
	    n ? "; " : "", e->rank, e->portfolio, e->debtor,
	    e->reason ? " (" : "", e->reason ? e->reason : "",
	    e->reason ? ")" : "");
	if (l->n == 0) {
		l->first = *e;
		snprintf(l->first_name, sizeof l->first_name, "%s", e->name);
		snprintf(l->first_currency, sizeof l->first_currency, "%s",
		    e->currency);
	}
	if (l->n < 16)
		snprintf(l->holders[l->n], sizeof l->holders[0], "%s",
		    e->holder ? e->holder : "");
	l->n++;
	return CB_OK;
}

static int list_rc(const char *login, const char *agent, bool all,
    size_t limit, time_t now, struct listed *l)
{
	struct cb_session s = as(login, now);
	memset(l, 0, sizeof *l);
	cb_txn_end(&rtxn);
	return cb_queue_list(&s, agent, all, limit, add_entry, l);
}

/* The queue of login at now as "rank account (reason)" joined by "; ". */
static const char *list(const char *login, bool all, size_t limit, time_t now)
{
	static struct listed l;
	int rc = list_rc(login, NULL, all, limit, now, &l);
	cr_assert_eq(rc, CB_OK, "list for %s: %s", login, cb_strerror(rc));
	return l.text;
}

/* The first account of the agent's queue (without claiming it), read
 * from the listing's text: "1 portfolio/debtor". */
static const char *first(const char *agent, time_t now)
{
	static char out[80];
	struct listed l;
	int rc = list_rc("sup.jefa", agent, false, 1, now, &l);
	cr_assert_eq(rc, CB_OK, "list for %s: %s", agent, cb_strerror(rc));
	const char *space = strchr(l.text, ' ');
	snprintf(out, sizeof out, "%.*s",
	    space ? (int)strcspn(space + 1, " ;") : 0, space ? space + 1 : "");
	return out;
}

/* ---- the tests ---- */

Test(queue, the_scores_of_the_fixture)
{
	standard();
	struct cb_work w = work(A);
	cr_expect_eq(w.tier, CB_TIER_REST);
	cr_expect_eq(w.score, 1400000, "A %lld", (long long)w.score);
	w = work(C);
	cr_expect_eq(w.score, 336000, "C %lld", (long long)w.score);
	w = work(B);
	cr_expect_eq(w.score, 210000, "B %lld", (long long)w.score);
	w = work(D);
	cr_expect_eq(w.score, 126000, "D %lld", (long long)w.score);
	w = work(E);
	cr_expect_eq(w.tier, CB_TIER_NONE);
	cr_expect_eq(count(CB_T_QUEUE), 4);
}

Test(queue, next_gives_the_highest_score_first)
{
	standard();
	cr_expect_str_eq(next("ag.uno", NOW), A);
	cr_expect_str_eq(next("ag.dos", NOW), C);
	cr_expect_str_eq(next("ag.tres", NOW), B);
	cr_expect_str_eq(next("sup.jefa", NOW), D);
	cr_expect_str_eq(holder(A), "ag.uno");
	cr_expect_str_eq(holder(C), "ag.dos");
	cr_expect_str_eq(holder(B), "ag.tres");
	cr_expect_str_eq(holder(D), "sup.jefa");
	/* The lease: 10 minutes by default. */
	cr_expect_eq(work(A).lease_until, NOW + 10 * MIN);
	/* The claim is an event of the agent, with its lease. */
	struct cb_event ev = account_event(A, -1);
	cr_expect_str_eq(ev.kind, "claim");
	cr_expect_str_eq(ev.user, "ag.uno");
	cr_expect_eq(ev.time, NOW);
	expect_value(&ev, "agent", "ag.uno");
	expect_value(&ev, "until", "2026-03-02 13:10");
}

Test(queue, an_agent_holding_an_account_gets_it_again_renewed)
{
	standard();
	cr_expect_str_eq(next("ag.uno", NOW), A);
	/* A pin would come first for anyone else; ag.uno keeps A. */
	cr_assert_eq(supervise("sup.jefa", NOW + MIN, D, CB_SUPERVISE_PIN, NULL),
	    CB_OK);
	cr_expect_str_eq(next("ag.uno", NOW + 5 * MIN), A);
	cr_expect_str_eq(holder(A), "ag.uno");
	/* Renewed from 5 minutes on: 5 + 10 = 15; a renewal writes no
	 * event. */
	cr_expect_eq(work(A).lease_until, NOW + 15 * MIN);
	cr_expect_str_eq(kinds(A), "claim");
	cr_expect_str_eq(next("ag.dos", NOW + 5 * MIN), D);
}

Test(queue, activity_renews_the_lease_of_the_account_held)
{
	time_t until = 0;
	standard();
	cr_expect_str_eq(next("ag.uno", NOW), A);
	expect_held("ag.uno", NOW + 8 * MIN, A, NOW + 10 * MIN);
	/* Working on A at 10:08 keeps it to 10:18, with no event. */
	cr_assert_eq(renew("ag.uno", NOW + 8 * MIN, A, &until), CB_OK);
	cr_expect_eq(until, NOW + 18 * MIN);
	cr_expect_eq(work(A).lease_until, NOW + 18 * MIN);
	cr_expect_str_eq(kinds(A), "claim");
	/* At 10:15, past the first lease, nobody else gets A. */
	const char *other = next("ag.dos", NOW + 15 * MIN);
	cr_expect_str_neq(other, A);
	cr_expect_str_eq(holder(A), "ag.uno");
	/* Only the holder renews: not another agent, not a supervisor. */
	cr_expect_eq(renew("ag.dos", NOW + 16 * MIN, A, NULL), CB_ERR_CONFLICT);
	cr_expect_eq(renew("sup.jefa", NOW + 16 * MIN, A, NULL), CB_ERR_CONFLICT);
	cr_expect_eq(work(A).lease_until, NOW + 18 * MIN);
	/* An account nobody holds, or a lease run out, is nothing to renew. */
	cr_expect_eq(renew("ag.uno", NOW + 16 * MIN, other, NULL),
	    CB_ERR_CONFLICT);
	cr_expect_eq(renew("ag.uno", NOW + 16 * MIN, E, NULL), CB_ERR_NOTHING);
	cr_expect_eq(renew("ag.uno", NOW + 18 * MIN, A, NULL), CB_ERR_NOTHING);
	cr_expect_eq(work(A).lease_until, NOW + 18 * MIN);
	expect_held("ag.uno", NOW + 18 * MIN, NULL, 0);
	expect_held("ag.dos", NOW + 18 * MIN, other, NOW + 25 * MIN);
}

Test(queue, a_held_account_is_never_given_to_another_agent)
{
	standard();
	cr_expect_str_eq(next("ag.uno", NOW), A);
	/* Up to the last second of the lease (10:09:59) nobody else gets A. */
	cr_expect_str_eq(next("ag.dos", NOW + 9 * MIN), C);
	cr_expect_str_eq(next("ag.tres", NOW + 9 * MIN + 59), B);
	cr_expect_str_eq(next("sup.jefa", NOW + 9 * MIN + 59), D);
	cr_expect_str_eq(holder(A), "ag.uno");
	/* Nothing is left for an agent of retail: D is held. */
	char out[80];
	const char *why = NULL;
	cr_expect_eq(next_rc("ag.retail", NULL, NOW + 9 * MIN, out, &why),
	    CB_ERR_NOTHING);
	cr_expect_not_null(why);
	/* The listing of everything says who holds it. */
	struct listed l;
	cr_assert_eq(list_rc("ag.retail", NULL, true, 0, NOW + 9 * MIN, &l),
	    CB_OK);
	cr_expect_str_eq(l.text, "0 " D " (held by another agent)");
	cr_expect_str_eq(l.holders[0], "sup.jefa");
	cr_expect_eq(l.first.rank, 0);
}

Test(queue, a_debtor_held_in_one_portfolio_is_held_in_every_one)
{
	/* F default/66666666-6: 3,000,000 due 2025-11-22 (100%): 2,100,000;
	 * G retail/66666666-6: 1,000,000 the same: 700,000; D: 126,000. */
	add_account("default/66666666-6", 3000000, day(2025, 11, 22));
	add_account("retail/66666666-6", 1000000, day(2025, 11, 22));
	add_account(D, 300000, day(2026, 1, 31));
	cr_expect_str_eq(next("ag.uno", NOW), "default/66666666-6");
	cr_expect_str_eq(next("ag.retail", NOW + MIN), D);
	cr_expect_str_eq(list("ag.retail", true, 0, NOW + MIN),
	    "0 retail/66666666-6 (the debtor is held by another agent in "
	    "another portfolio); 1 " D);
	/* ag.uno, holding the default account, is given it again. */
	cr_expect_str_eq(next("ag.uno", NOW + 2 * MIN), "default/66666666-6");
}

Test(queue, an_agent_gets_only_its_portfolios)
{
	standard();
	cr_expect_str_eq(list("ag.retail", false, 0, NOW), "1 " D);
	cr_expect_str_eq(list("ag.retail", true, 0, NOW), "1 " D);
	cr_expect_str_eq(list("ag.uno", false, 0, NOW),
	    "1 " A "; 2 " C "; 3 " B "; 4 " D);
	cr_expect_str_eq(next("ag.retail", NOW), D);
	/* When D is gone, nothing: A, B and C are not retail's. */
	cr_assert_eq(release("ag.retail", NOW + MIN, D), CB_OK);
	cr_assert_eq(supervise("sup.jefa", NOW + MIN, D, CB_SUPERVISE_ASSIGN,
	    "ag.uno"), CB_OK);
	char out[80];
	const char *why = NULL;
	cr_expect_eq(next_rc("ag.retail", NULL, NOW + 2 * MIN, out, &why),
	    CB_ERR_NOTHING);
	cr_expect_not_null(why);
}

Test(queue, nothing_callable)
{
	char out[80];
	const char *why = NULL;
	/* An empty database. */
	cr_expect_eq(next_rc("ag.uno", NULL, NOW, out, &why), CB_ERR_NOTHING);
	cr_expect_not_null(why);
	/* Only an account not yet due. */
	add_account(E, 900000, day(2026, 3, 31));
	uint64_t events = count(CB_T_EVENTS);
	why = NULL;
	cr_expect_eq(next_rc("ag.uno", NULL, NOW, out, &why), CB_ERR_NOTHING);
	cr_expect_not_null(why);
	cr_expect_str_eq(out, "");
	cr_expect_eq(count(CB_T_EVENTS), events);
	cr_expect_str_eq(holder(E), "");
	cr_expect_str_eq(list("ag.uno", false, 0, NOW), "");
}

Test(queue, claims_for_another_agent_are_for_supervisors)
{
	standard();
	char out[80];
	const char *why = NULL;
	cr_expect_eq(next_rc("ag.uno", "ag.dos", NOW, out, &why), CB_ERR_PERM);
	cr_assert_eq(next_rc("sup.jefa", "ag.dos", NOW, out, &why), CB_OK);
	cr_expect_str_eq(out, A);
	cr_expect_str_eq(holder(A), "ag.dos");
	struct cb_event ev = account_event(A, -1);
	cr_expect_str_eq(ev.kind, "claim");
	cr_expect_str_eq(ev.user, "sup.jefa");
	expect_value(&ev, "agent", "ag.dos");
	why = NULL;
	cr_expect_eq(next_rc("sup.jefa", "nadie", NOW, out, &why), CB_ERR_INPUT);
	cr_assert_not_null(why);
	cr_expect_str_eq(why, "no such active agent");
}

Test(queue, a_lease_that_runs_out_lapses)
{
	standard();
	cr_expect_str_eq(next("ag.uno", NOW), A);
	/* 10:09:59: still held. */
	cr_expect_str_eq(next("ag.dos", NOW + 10 * MIN - 1), C);
	/* 10:10:00, the lease's end: A is claimable; the lapse is logged
	 * before the new claim. */
	cr_expect_str_eq(next("ag.tres", NOW + 10 * MIN), A);
	cr_expect_str_eq(kinds(A), "claim,lapse,claim");
	struct cb_event ev = account_event(A, 1);
	cr_expect_str_eq(ev.kind, "lapse");
	cr_expect_str_eq(ev.user, "ag.tres");
	cr_expect_eq(ev.time, NOW + 10 * MIN);
	expect_value(&ev, "holder", "ag.uno");
	ev = account_event(A, 2);
	expect_value(&ev, "agent", "ag.tres");
	expect_value(&ev, "until", "2026-03-02 13:20");
	cr_expect_str_eq(holder(A), "ag.tres");
	cr_expect_eq(work(A).lease_until, NOW + 20 * MIN);
	/* ag.uno, whose lease ran out, gets the next free account. */
	cr_expect_str_eq(next("ag.uno", NOW + 10 * MIN), B);
}

static int put_lease_weight(struct cb_txn *txn, void *arg)
{
	(void)arg;
	return cb_meta_put_int(txn, "weight.lease_minutes", 25);
}

Test(queue, the_lease_follows_the_stored_weight)
{
	standard();
	cr_assert_eq(cb_store_write(store, put_lease_weight, NULL), CB_OK);
	cr_expect_str_eq(next("ag.uno", NOW), A);
	cr_expect_eq(work(A).lease_until, NOW + 25 * MIN);
	cr_expect_str_eq(next("ag.dos", NOW + 25 * MIN - 1), C);
	cr_expect_str_eq(next("ag.tres", NOW + 25 * MIN), A);
}

Test(queue, release)
{
	standard();
	cr_expect_str_eq(next("ag.uno", NOW), A);
	uint64_t events = count(CB_T_EVENTS);
	/* Another agent may not. */
	cr_expect_eq(release("ag.dos", NOW + MIN, A), CB_ERR_CONFLICT);
	cr_expect_eq(count(CB_T_EVENTS), events);
	cr_expect_str_eq(holder(A), "ag.uno");
	/* The holder may. */
	cr_assert_eq(release("ag.uno", NOW + MIN, A), CB_OK);
	cr_expect_str_eq(holder(A), "");
	cr_expect_str_eq(kinds(A), "claim,release");
	struct cb_event ev = account_event(A, -1);
	cr_expect_str_eq(ev.user, "ag.uno");
	cr_expect_eq(ev.time, NOW + MIN);
	expect_value(&ev, "holder", "ag.uno");
	/* Nobody holds it now. */
	cr_expect_eq(release("ag.uno", NOW + MIN, A), CB_ERR_NOTHING);
	cr_expect_eq(release("sup.jefa", NOW + MIN, A), CB_ERR_NOTHING);
	/* Free again: the next claim gets it. */
	cr_expect_str_eq(next("ag.dos", NOW + 2 * MIN), A);
	/* A supervisor may release another's claim. */
	cr_assert_eq(release("sup.jefa", NOW + 3 * MIN, A), CB_OK);
	ev = account_event(A, -1);
	cr_expect_str_eq(ev.kind, "release");
	cr_expect_str_eq(ev.user, "sup.jefa");
	expect_value(&ev, "holder", "ag.dos");
	cr_expect_str_eq(holder(A), "");
	/* A lease run out is nothing to release. */
	cr_expect_str_eq(next("ag.tres", NOW + 4 * MIN), A);
	cr_expect_eq(release("ag.tres", NOW + 14 * MIN, A), CB_ERR_NOTHING);
}

/* The request each code needs to be logged. */
static struct cb_log_request request_for(const struct cb_outcome *o)
{
	struct cb_log_request r = { .code = o->code };
	if (o->needs_amount)
		r.amount = "300000";
	if (o->needs_date)
		r.date = "2026-03-10";
	if (o->needs_time)
		r.at = "2026-03-03 10:00-03:00";
	if (strcmp(o->code, "PLAN") == 0)
		r.installments = 3;
	if (strcmp(o->code, "WN") == 0)
		r.phone = PHONE1;
	if (strcmp(o->code, "DC") == 0)
		r.phone = PHONE2;
	return r;
}

Test(queue, every_outcome_code_can_be_logged)
{
	standard();
	size_t n = 0;
	for (const struct cb_outcome *o = cb_outcomes; o->code; o++, n++) {
		time_t t = NOW + (time_t)n * MIN;
		uint64_t before = count(CB_T_EVENTS);
		log_ok("ag.uno", t, A, request_for(o));
		/* Claimed, logged and released. */
		cr_expect_eq(count(CB_T_EVENTS), before + 3, "%s", o->code);
		struct cb_event ev = account_event(A, -2);
		cr_expect_str_eq(ev.kind, "outcome", "%s", o->code);
		cr_expect_eq(ev.time, t);
		expect_value(&ev, "code", o->code);
		cr_expect_str_eq(account_event(A, -3).kind, "claim", "%s", o->code);
		cr_expect_str_eq(account_event(A, -1).kind, "release", "%s", o->code);
		cr_expect_str_eq(holder(A), "", "%s", o->code);
	}
	cr_expect_eq(n, 16, "DESIGN.md lists 16 codes");
	/* 13 codes are attempts or conversations (all but DEC, BK, CD); the
	 * last conversation was PLAN (the 7th: minute 6), the last attempt DC
	 * (the 13th: minute 12). */
	struct cb_work w = work(A);
	cr_expect_eq(w.attempts, 13);
	cr_expect_eq(w.last_contact, NOW + 6 * MIN);
	cr_expect_eq(w.last_attempt, NOW + 12 * MIN);
	cr_expect(w.flags & CB_WORK_STOP);
	cr_expect(w.flags & CB_WORK_DISPUTE);
	cr_assert_not_null(w.stop);
	cr_expect_str_eq(w.stop, "CD");
	cr_expect_eq(w.tier, CB_TIER_NONE);
	/* PTP made one promise, PLAN three; the callback was ended by the
	 * outcomes after it. */
	cr_expect_eq(count(CB_T_PROMISES), 4);
	cr_expect_eq(count(CB_T_CALLBACKS), 0);
}

Test(queue, codes_ignore_case)
{
	standard();
	log_ok("ag.uno", NOW, B, (struct cb_log_request){ .code = "na" });
	struct cb_event ev = account_event(B, -2);
	expect_value(&ev, "code", "NA");
}

Test(queue, bad_requests_change_nothing)
{
	standard();
	uint64_t events = count(CB_T_EVENTS), promises = count(CB_T_PROMISES),
		callbacks = count(CB_T_CALLBACKS), queued = count(CB_T_QUEUE);
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "PTP",
	    .amount = "1000" }, CB_ERR_INPUT, "the date is needed");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "PTP",
	    .date = "2026-03-10" }, CB_ERR_INPUT, "the amount is needed");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "PTP",
	    .amount = "0", .date = "2026-03-10" }, CB_ERR_INPUT,
	    "the amount must be more than zero");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "PTP",
	    .amount = "1000", .date = "2026-03-01" }, CB_ERR_INPUT,
	    "the date is in the past");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "PTP",
	    .amount = "1000", .date = "mañana" }, CB_ERR_INPUT, NULL);
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "CB" },
	    CB_ERR_INPUT, "the callback time is needed");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "CB",
	    .at = "2026-03-02 09:59-03:00" }, CB_ERR_INPUT,
	    "the callback time is past");
	/* Now itself is not later. */
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "CB",
	    .at = "2026-03-02 10:00-03:00" }, CB_ERR_INPUT,
	    "the callback time is past");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "PLAN",
	    .amount = "300000", .date = "2026-03-10" }, CB_ERR_INPUT,
	    "a plan has 2 to 120 installments");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "PLAN",
	    .amount = "300000", .date = "2026-03-10", .installments = 121 },
	    CB_ERR_INPUT, "a plan has 2 to 120 installments");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "PLAN",
	    .amount = "300000", .date = "2026-03-10", .installments = 3,
	    .every_days = 367 }, CB_ERR_INPUT, "installments are 1 to 366 days apart");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "PLAN",
	    .amount = "2", .date = "2026-03-10", .installments = 3 },
	    CB_ERR_INPUT, "the amount is too small for so many installments");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "XYZ" },
	    CB_ERR_INPUT, "unknown outcome code (see 'cobrador log --help')");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "NA",
	    .note = "bell\a" }, CB_ERR_INPUT, "control characters are not allowed");
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "WN",
	    .phone = "+56\t9" }, CB_ERR_INPUT, "control characters are not allowed");
	/* A note cut in the middle of "ñ". */
	log_refused("ag.uno", NOW, B, (struct cb_log_request){ .code = "NA",
	    .note = "mu\xc3" }, CB_ERR_INPUT, "the text is not valid UTF-8");
	cr_expect_eq(count(CB_T_EVENTS), events);
	cr_expect_eq(count(CB_T_PROMISES), promises);
	cr_expect_eq(count(CB_T_CALLBACKS), callbacks);
	cr_expect_eq(count(CB_T_QUEUE), queued);
	struct cb_work w = work(B);
	cr_expect_null(w.holder);
	cr_expect_eq(w.attempts, 0);
	cr_expect_eq(w.last_attempt, 0);
	cr_expect_eq(w.promise_due, CB_DAY_NONE);
	cr_expect_eq(w.callback_at, 0);
	cr_expect_eq(w.score, 210000);
	cr_expect_str_eq(kinds(B), "");

	/* On an account the agent holds, a bad request leaves it held. */
	cr_expect_str_eq(next("ag.uno", NOW), A);
	log_refused("ag.uno", NOW + MIN, A, (struct cb_log_request){
	    .code = "PTP", .amount = "1000" }, CB_ERR_INPUT, "the date is needed");
	cr_expect_str_eq(holder(A), "ag.uno");
	cr_expect_eq(work(A).lease_until, NOW + 10 * MIN);
	cr_expect_str_eq(kinds(A), "claim");
}

/* The status of each phone of a debtor: "ok,bad,ok". */
static const char *phones(const char *debtor)
{
	static char out[64];
	struct cb_debtor d;
	cr_assert_eq(cb_debtor_get(reader(), debtor, &d), CB_OK);
	out[0] = '\0';
	for (size_t i = 0; i < d.nphones; i++) {
		size_t n = strlen(out);
		snprintf(out + n, sizeof out - n, "%s%s", i ? "," : "",
		    d.phones[i].status == CB_PHONE_BAD ? "bad" : "ok");
	}
	return out;
}

Test(queue, a_wrong_number_marks_that_phone_bad)
{
	standard();
	log_ok("ag.uno", NOW, A, (struct cb_log_request){ .code = "WN",
	    .phone = PHONE2 });
	cr_expect_str_eq(phones("11111111-1"), "ok,bad,ok");
	expect_value((struct cb_event[]){ account_event(A, -2) }, "phone",
	    PHONE2);
	/* Disconnected without a phone named: the first good one. */
	log_ok("ag.uno", NOW + MIN, A, (struct cb_log_request){ .code = "DC" });
	cr_expect_str_eq(phones("11111111-1"), "bad,bad,ok");
	/* A phone the debtor does not have: refused, nothing written. */
	uint64_t events = count(CB_T_EVENTS);
	log_refused("ag.uno", NOW + 2 * MIN, A, (struct cb_log_request){
	    .code = "WN", .phone = "+56 9 0000 0000" }, CB_ERR_INPUT,
	    "the debtor has no such phone");
	cr_expect_eq(count(CB_T_EVENTS), events);
	cr_expect_str_eq(phones("11111111-1"), "bad,bad,ok");
	cr_expect_str_eq(holder(A), "");
	/* Other debtors' phones are untouched. */
	cr_expect_str_eq(phones("22222222-2"), "ok,ok,ok");
}

Test(queue, stop_codes_take_the_account_out_for_good)
{
	standard();
	cr_expect_eq(count(CB_T_QUEUE), 4);
	log_ok("ag.uno", NOW, A, (struct cb_log_request){ .code = "DEC" });
	log_ok("ag.uno", NOW, B, (struct cb_log_request){ .code = "BK" });
	log_ok("ag.uno", NOW, C, (struct cb_log_request){ .code = "CD" });
	cr_expect_eq(count(CB_T_QUEUE), 1);
	struct cb_work w = work(A);
	cr_expect(w.flags & CB_WORK_STOP);
	cr_assert_not_null(w.stop);
	cr_expect_str_eq(w.stop, "DEC");
	cr_expect_eq(w.tier, CB_TIER_NONE);
	cr_expect_str_eq(work(B).stop, "BK");
	cr_expect_str_eq(work(C).stop, "CD");
	cr_expect_str_eq(list("ag.uno", true, 0, NOW + MIN),
	    "1 " D "; 0 " A " (stopped); 0 " B " (stopped); 0 " C
	    " (stopped); 0 " E " (not yet due)");
	cr_expect_str_eq(next("ag.uno", NOW + MIN), D);
	/* A re-score does not bring them back. */
	cr_assert_eq(cb_rescore((struct cb_session[]){ as("sup.jefa",
	    NOW + DAY) }, NULL, NULL), CB_OK);
	cr_expect_eq(work(A).tier, CB_TIER_NONE);
	cr_expect_eq(work(B).tier, CB_TIER_NONE);
	cr_expect_eq(work(C).tier, CB_TIER_NONE);
}

Test(queue, a_dispute_is_out_until_a_supervisor_resolves_it)
{
	standard();
	log_ok("ag.uno", NOW, C, (struct cb_log_request){ .code = "DSP",
	    .note = "no reconoce la factura" });
	struct cb_work w = work(C);
	cr_expect(w.flags & CB_WORK_DISPUTE);
	cr_expect_not(w.flags & CB_WORK_STOP);
	cr_expect_eq(w.tier, CB_TIER_NONE);
	cr_expect_eq(count(CB_T_QUEUE), 3);
	cr_expect_str_eq(list("ag.uno", true, 0, NOW + MIN),
	    "1 " A "; 2 " B "; 3 " D "; 0 " C " (in dispute); 0 " E
	    " (not yet due)");
	struct cb_event ev = account_event(C, -2);
	expect_value(&ev, "note", "no reconoce la factura");

	uint64_t events = count(CB_T_EVENTS);
	cr_expect_eq(supervise("ag.uno", NOW + MIN, C, CB_SUPERVISE_RESOLVE,
	    NULL), CB_ERR_PERM);
	cr_expect_eq(count(CB_T_EVENTS), events);
	cr_assert_eq(supervise("sup.jefa", NOW + MIN, C, CB_SUPERVISE_RESOLVE,
	    NULL), CB_OK);
	w = work(C);
	cr_expect_not(w.flags & CB_WORK_DISPUTE);
	cr_expect_eq(count(CB_T_QUEUE), 4);
	ev = account_event(C, -1);
	cr_expect_str_eq(ev.kind, "dispute_resolved");
	cr_expect_str_eq(ev.user, "sup.jefa");
	/* Called a minute ago (DSP is a conversation): 336,000 x 0.3 =
	 * 100,800, cut to 100,000: after B's 210,000 and D's 126,000. */
	cr_expect_str_eq(list("ag.uno", false, 0, NOW + 2 * MIN),
	    "1 " A "; 2 " B "; 3 " D "; 4 " C);
	cr_expect_eq(supervise("sup.jefa", NOW + 2 * MIN, C,
	    CB_SUPERVISE_RESOLVE, NULL), CB_ERR_NOTHING);
}

Test(queue, a_log_on_an_account_another_agent_holds_is_refused)
{
	standard();
	cr_expect_str_eq(next("ag.dos", NOW), A);
	uint64_t events = count(CB_T_EVENTS);
	log_refused("ag.uno", NOW + MIN, A, (struct cb_log_request){
	    .code = "NA" }, CB_ERR_CONFLICT, NULL);
	log_refused("sup.jefa", NOW + MIN, A, (struct cb_log_request){
	    .code = "RPC" }, CB_ERR_CONFLICT, NULL);
	cr_expect_eq(count(CB_T_EVENTS), events);
	cr_expect_str_eq(holder(A), "ag.dos");
	cr_expect_eq(work(A).attempts, 0);
	/* Once the lease ran out, anyone may. */
	log_ok("ag.uno", NOW + 10 * MIN, A, (struct cb_log_request){
	    .code = "NA" });
	cr_expect_str_eq(kinds(A), "claim,lapse,claim,outcome,release");
}

Test(queue, a_log_on_a_free_account_claims_logs_and_releases)
{
	standard();
	log_ok("ag.uno", NOW, B, (struct cb_log_request){ .code = "NA",
	    .phone = PHONE1 });
	cr_expect_str_eq(kinds(B), "claim,outcome,release");
	struct cb_event ev = account_event(B, 0);
	cr_expect_str_eq(ev.user, "ag.uno");
	cr_expect_eq(ev.time, NOW);
	expect_value(&ev, "agent", "ag.uno");
	ev = account_event(B, 1);
	cr_expect_str_eq(ev.user, "ag.uno");
	cr_expect_eq(ev.time, NOW);
	expect_value(&ev, "code", "NA");
	expect_value(&ev, "phone", PHONE1);
	ev = account_event(B, 2);
	cr_expect_str_eq(ev.user, "ag.uno");
	expect_value(&ev, "holder", "ag.uno");
	/* No answer is an attempt, not a conversation; B now scores
	 * 210,000 x 0.3 = 63,000 and goes after D. */
	struct cb_work w = work(B);
	cr_expect_null(w.holder);
	cr_expect_eq(w.attempts, 1);
	cr_expect_eq(w.last_attempt, NOW);
	cr_expect_eq(w.last_contact, 0);
	cr_expect_eq(w.score, 63000, "score %lld", (long long)w.score);
	cr_expect_str_eq(phones("22222222-2"), "ok,ok,ok");
	cr_expect_str_eq(list("ag.uno", false, 0, NOW + MIN),
	    "1 " A "; 2 " C "; 3 " D "; 4 " B);

	/* On an account the agent claimed: one claim only. */
	cr_expect_str_eq(next("ag.uno", NOW + MIN), A);
	log_ok("ag.uno", NOW + 2 * MIN, A, (struct cb_log_request){
	    .code = "RPC" });
	cr_expect_str_eq(kinds(A), "claim,outcome,release");
	w = work(A);
	cr_expect_eq(w.last_contact, NOW + 2 * MIN);
	cr_expect_null(w.holder);
}

Test(queue, list_all_shows_what_is_out_and_why)
{
	standard();
	cr_expect_str_eq(next("ag.dos", NOW), A);
	struct listed l;
	cr_assert_eq(list_rc("ag.uno", NULL, true, 0, NOW + MIN, &l), CB_OK);
	cr_expect_str_eq(l.text, "0 " A " (held by another agent); 1 " C
	    "; 2 " B "; 3 " D "; 0 " E " (not yet due)");
	cr_expect_eq(l.n, 5);
	cr_expect_str_eq(l.holders[0], "ag.dos");
	cr_expect_str_eq(l.holders[1], "");
	/* The factors of A: 2,000,000 at 100 dpd, parcial. */
	cr_expect_eq(l.first.rank, 0);
	cr_expect_eq(l.first.balance, 2000000);
	cr_expect_eq(l.first.tier, CB_TIER_REST);
	cr_expect_eq(l.first.lease_until, NOW + 10 * MIN);
	cr_expect_eq(l.first.factors.dpd, 100);
	cr_expect_eq(l.first.factors.segment_pct, 70);
	cr_expect_eq(l.first.factors.age_pct, 100);
	cr_expect_eq(l.first.factors.recent_pct, 100);
	cr_expect_eq(l.first.factors.score, 1400000);
	cr_expect_str_eq(l.first_name, "Deudor 11111111-1");
	cr_expect_str_eq(l.first_currency, "CLP");

	/* Only what is callable; limits. */
	cr_expect_str_eq(list("ag.uno", false, 0, NOW + MIN),
	    "1 " C "; 2 " B "; 3 " D);
	cr_expect_str_eq(list("ag.uno", false, 2, NOW + MIN), "1 " C "; 2 " B);
	cr_expect_str_eq(list("ag.uno", true, 2, NOW + MIN),
	    "0 " A " (held by another agent); 1 " C);
	/* The holder sees its own account as callable. */
	cr_expect_str_eq(list("ag.dos", false, 1, NOW + MIN), "1 " A);

	/* Another agent's queue: supervisors only. */
	cr_expect_eq(list_rc("ag.uno", "ag.retail", false, 0, NOW, &l),
	    CB_ERR_PERM);
	cr_assert_eq(list_rc("sup.jefa", "ag.retail", false, 0, NOW, &l), CB_OK);
	cr_expect_str_eq(l.text, "1 " D);
	cr_expect_eq(list_rc("sup.jefa", "nadie", false, 0, NOW, &l),
	    CB_ERR_INPUT);
}

struct progress {
	uint64_t done, total;
	int calls;
};

static void on_progress(uint64_t done, uint64_t total, void *arg)
{
	struct progress *p = arg;
	cr_expect_geq(done, p->done, "progress goes forward");
	p->done = done;
	p->total = total;
	p->calls++;
}

static int rescore(const char *login, time_t now, struct progress *p)
{
	struct cb_session s = as(login, now);
	cb_txn_end(&rtxn);
	if (p)
		memset(p, 0, sizeof *p);
	return cb_rescore(&s, p ? on_progress : NULL, p);
}

Test(queue, rescore_reaches_every_account_and_logs_lapses)
{
	struct progress p;
	standard();
	cr_expect_eq(rescore("ag.uno", NOW, &p), CB_ERR_PERM);
	cr_expect_str_eq(next("ag.uno", NOW), A);
	cr_expect_str_eq(next("ag.dos", NOW + 5 * MIN), C);
	/* At 10:11 A's lease (to 10:10) has run out, C's (to 10:15) has
	 * not. */
	cr_assert_eq(rescore("sup.jefa", NOW + 11 * MIN, &p), CB_OK);
	cr_expect_eq(p.total, 5);
	cr_expect_eq(p.done, 5);
	cr_expect_geq(p.calls, 1);
	cr_expect_str_eq(kinds(A), "claim,lapse");
	struct cb_event ev = account_event(A, -1);
	cr_expect_str_eq(ev.user, "sup.jefa");
	cr_expect_eq(ev.time, NOW + 11 * MIN);
	expect_value(&ev, "holder", "ag.uno");
	cr_expect_str_eq(holder(A), "");
	cr_expect_str_eq(kinds(C), "claim");
	cr_expect_str_eq(holder(C), "ag.dos");
	/* A is in the queue again; its next claim logs no second lapse. */
	cr_expect_str_eq(next("ag.tres", NOW + 12 * MIN), A);
	cr_expect_str_eq(kinds(A), "claim,lapse,claim");
}

Test(queue, rescore_follows_the_clock)
{
	standard();
	/* NA on C now: 336,000 x 0.3 = 100,800. */
	log_ok("ag.uno", NOW, C, (struct cb_log_request){ .code = "NA" });
	cr_expect_eq(work(C).score, 100800, "C %lld", (long long)work(C).score);
	/* 25 hours later (2026-03-03, 31 dpd: 80%) the attempt is old:
	 * 800,000 x 0.7 x 0.8 = 448,000. */
	cr_assert_eq(rescore("sup.jefa", NOW + 25 * HOUR, NULL), CB_OK);
	cr_expect_eq(work(C).score, 448000, "C %lld",
	    (long long)work(C).score);
	cr_expect_eq(work(A).score, 1400000);
	cr_expect_eq(work(E).tier, CB_TIER_NONE);
	/* On 2026-04-01 E (due 03-31) is 1 day past due: 900,000 x 0.7 x 0.6
	 * = 378,000, in the queue. */
	cr_assert_eq(rescore("sup.jefa", NOW + 30 * DAY, NULL), CB_OK);
	struct cb_work w = work(E);
	cr_expect_eq(w.tier, CB_TIER_REST);
	cr_expect_eq(w.score, 378000, "E %lld", (long long)w.score);
	cr_expect_eq(count(CB_T_QUEUE), 5);
}

Test(queue, rescore_breaks_promises_and_a_broken_one_comes_first)
{
	standard();
	log_ok("ag.uno", NOW, B, (struct cb_log_request){ .code = "PTP",
	    .amount = "500000", .date = "2026-03-05" });
	cr_expect_str_eq(list("ag.uno", true, 0, NOW),
	    "1 " A "; 2 " C "; 3 " D "; 0 " B " (a promise is pending); 0 " E
	    " (not yet due)");
	/* 2026-03-06 02:00: in the grace days the promise is still pending
	 * but no longer keeps B out: tier 4 by its score (attempted days ago:
	 * 500,000 x 0.7 x 0.6 = 210,000). */
	cr_assert_eq(rescore("sup.jefa", NOW + 3 * DAY + 16 * HOUR, NULL), CB_OK);
	struct cb_work w = work(B);
	cr_expect_eq(w.tier, CB_TIER_REST);
	cr_expect_eq(w.score, 210000, "B %lld", (long long)w.score);
	cr_expect_eq(w.promise_due, day(2026, 3, 5));
	cr_expect_str_eq(kinds(B), "claim,outcome,release");
	/* 2026-03-08 02:00 in Santiago: past 03-05 + 2 days of grace. */
	time_t t = NOW + 5 * DAY + 16 * HOUR;
	cr_assert_eq(rescore("sup.jefa", t, NULL), CB_OK);
	cr_expect_str_eq(kinds(B), "claim,outcome,release,promise_broken");
	struct cb_event ev = account_event(B, -1);
	cr_expect_str_eq(ev.user, "system");
	expect_value(&ev, "date", "2026-03-05");
	w = work(B);
	cr_expect_eq(w.tier, CB_TIER_PROMISE);
	cr_expect_eq(w.broken_on, day(2026, 3, 8));
	cr_expect_eq(w.promise_due, CB_DAY_NONE);
	cr_expect_str_eq(first("ag.uno", NOW + 6 * DAY), B);
	/* The day after it is still at tier 2; two days after, tier 4. */
	cr_assert_eq(rescore("sup.jefa", NOW + 7 * DAY, NULL), CB_OK);
	cr_expect_eq(work(B).tier, CB_TIER_PROMISE);
	cr_assert_eq(rescore("sup.jefa", NOW + 8 * DAY, NULL), CB_OK);
	cr_expect_eq(work(B).tier, CB_TIER_REST);
	cr_expect_str_eq(kinds(B), "claim,outcome,release,promise_broken");
}

Test(queue, a_promise_for_today_comes_back_at_once)
{
	standard();
	log_ok("ag.uno", NOW, D, (struct cb_log_request){ .code = "PTP",
	    .amount = "300000", .date = "02-03-2026" });
	struct cb_work w = work(D);
	cr_expect_eq(w.promise_due, day(2026, 3, 2));
	cr_expect_eq(w.tier, CB_TIER_PROMISE);
	cr_expect_str_eq(first("ag.uno", NOW + MIN), D);
	expect_value((struct cb_event[]){ account_event(D, -2) }, "date",
	    "2026-03-02");
	expect_value((struct cb_event[]){ account_event(D, -2) }, "amount",
	    "300000");
}

Test(queue, rescore_reviews_promises_of_an_account_whose_lease_lapsed)
{
	standard();
	log_ok("ag.uno", NOW, B, (struct cb_log_request){ .code = "PTP",
	    .amount = "500000", .date = "2026-03-05" });
	/* 2026-03-08 10:00: B is pinned and claimed (its promise not yet
	 * reviewed), and the lease runs out. */
	time_t t = NOW + 6 * DAY;
	cr_assert_eq(supervise("sup.jefa", t, B, CB_SUPERVISE_PIN, NULL), CB_OK);
	cr_expect_str_eq(next("ag.uno", t), B);
	cr_assert_eq(rescore("sup.jefa", t + 11 * MIN, NULL), CB_OK);
	cr_expect_str_eq(holder(B), "");
	/* The re-score reaches every account: B's promise (03-05 + 2) is
	 * broken like any other's. */
	const char *k = kinds(B);
	cr_expect(strstr(k, "lapse") != NULL, "%s", k);
	cr_expect(strstr(k, "promise_broken") != NULL,
	    "the promise was not reviewed: %s", k);
	cr_expect_eq(work(B).broken_on, day(2026, 3, 8));
}

Test(queue, supervisors_pin_and_unpin)
{
	standard();
	cr_expect_str_eq(first("ag.uno", NOW), A);
	cr_assert_eq(supervise("sup.jefa", NOW, D, CB_SUPERVISE_PIN, NULL), CB_OK);
	cr_expect_eq(work(D).tier, CB_TIER_PINNED);
	cr_expect_str_eq(first("ag.uno", NOW), D);
	struct cb_event ev = account_event(D, -1);
	cr_expect_str_eq(ev.kind, "pin");
	cr_expect_str_eq(ev.user, "sup.jefa");
	cr_assert_eq(supervise("sup.jefa", NOW + MIN, D, CB_SUPERVISE_UNPIN,
	    NULL), CB_OK);
	cr_expect_eq(work(D).tier, CB_TIER_REST);
	cr_expect_str_eq(first("ag.uno", NOW + MIN), A);
	cr_expect_str_eq(account_event(D, -1).kind, "unpin");
	/* Pinned again (an admin may too): the retail agent claims it first;
	 * then, D being held, ag.uno gets A. */
	cr_assert_eq(supervise("root", NOW + MIN, D, CB_SUPERVISE_PIN, NULL),
	    CB_OK);
	cr_expect_str_eq(next("ag.retail", NOW + 2 * MIN), D);
	cr_expect_str_eq(next("ag.uno", NOW + 2 * MIN), A);
	/* A pin stays after a call: D, attempted, is first again. */
	log_ok("ag.retail", NOW + 3 * MIN, D, (struct cb_log_request){
	    .code = "NA" });
	cr_expect_eq(work(D).tier, CB_TIER_PINNED);
	cr_expect_str_eq(first("ag.dos", NOW + 4 * MIN), D);
}

Test(queue, a_pin_does_not_bring_back_an_account_that_is_out)
{
	standard();
	log_ok("ag.uno", NOW, B, (struct cb_log_request){ .code = "DSP" });
	cr_assert_eq(supervise("sup.jefa", NOW + MIN, B, CB_SUPERVISE_PIN, NULL),
	    CB_OK);
	struct cb_work w = work(B);
	cr_expect(w.pinned);
	cr_expect_eq(w.tier, CB_TIER_NONE);
	cr_expect_str_eq(first("ag.uno", NOW + MIN), A);
	/* Resolved, it is on top. */
	cr_assert_eq(supervise("sup.jefa", NOW + 2 * MIN, B,
	    CB_SUPERVISE_RESOLVE, NULL), CB_OK);
	cr_expect_eq(work(B).tier, CB_TIER_PINNED);
	cr_expect_str_eq(first("ag.uno", NOW + 2 * MIN), B);
}

Test(queue, supervisors_assign)
{
	standard();
	cr_assert_eq(supervise("sup.jefa", NOW, A, CB_SUPERVISE_ASSIGN,
	    "ag.dos"), CB_OK);
	struct cb_event ev = account_event(A, -1);
	cr_expect_str_eq(ev.kind, "assign");
	expect_value(&ev, "agent", "ag.dos");
	cr_expect_str_eq(first("ag.uno", NOW), C);
	cr_expect_str_eq(list("ag.uno", true, 1, NOW),
	    "0 " A " (assigned to another agent)");
	cr_expect_str_eq(first("ag.dos", NOW), A);
	/* Pinned and assigned: on top for its agent only. */
	cr_assert_eq(supervise("sup.jefa", NOW, B, CB_SUPERVISE_PIN, NULL), CB_OK);
	cr_assert_eq(supervise("sup.jefa", NOW, B, CB_SUPERVISE_ASSIGN,
	    "ag.tres"), CB_OK);
	cr_expect_str_eq(next("ag.uno", NOW), C);
	cr_expect_str_eq(next("ag.tres", NOW), B);
	cr_expect_str_eq(next("ag.dos", NOW), A);
	/* An unknown agent is refused, and nothing is logged. */
	uint64_t events = count(CB_T_EVENTS);
	cr_expect_eq(supervise("sup.jefa", NOW, D, CB_SUPERVISE_ASSIGN, "nadie"),
	    CB_ERR_INPUT);
	cr_expect_eq(count(CB_T_EVENTS), events);
	cr_expect_null(work(D).assigned);
	/* NULL: anyone again. */
	cr_assert_eq(supervise("sup.jefa", NOW + MIN, A, CB_SUPERVISE_ASSIGN,
	    NULL), CB_OK);
	ev = account_event(A, -1);
	cr_expect_str_eq(ev.kind, "assign");
	expect_value(&ev, "agent", "");
	cr_expect_null(work(A).assigned);
	cr_assert_eq(release("sup.jefa", NOW + MIN, A), CB_OK);
	cr_expect_str_eq(first("ag.retail", NOW + MIN), D);
	cr_expect_str_eq(next("ag.retail", NOW + MIN), D);
	cr_expect_str_eq(next("ag.uno", NOW + MIN), C); /* renewed */
	cr_assert_eq(release("ag.uno", NOW + MIN, C), CB_OK);
	cr_expect_str_eq(next("ag.uno", NOW + MIN), A);
}

Test(queue, agents_may_not_supervise)
{
	standard();
	log_ok("ag.uno", NOW, C, (struct cb_log_request){ .code = "DSP" });
	uint64_t events = count(CB_T_EVENTS);
	static const enum cb_supervise all[] = { CB_SUPERVISE_PIN,
		CB_SUPERVISE_UNPIN, CB_SUPERVISE_ASSIGN, CB_SUPERVISE_RESOLVE,
		CB_SUPERVISE_APPROVE, CB_SUPERVISE_REFUSE };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		cr_expect_eq(supervise("ag.uno", NOW, C, all[i], "ag.uno"),
		    CB_ERR_PERM, "action %zu", i);
		cr_expect_eq(supervise("ag.retail", NOW, D, all[i], NULL),
		    CB_ERR_PERM, "action %zu", i);
	}
	cr_expect_eq(count(CB_T_EVENTS), events);
	struct cb_work w = work(C);
	cr_expect(w.flags & CB_WORK_DISPUTE);
	cr_expect_not(w.pinned);
	cr_expect_null(w.assigned);
	/* Nothing to do is not a permission matter for a supervisor. */
	cr_expect_eq(supervise("sup.jefa", NOW, A, CB_SUPERVISE_RESOLVE, NULL),
	    CB_ERR_NOTHING);
	cr_expect_eq(supervise("sup.jefa", NOW, A, CB_SUPERVISE_APPROVE, NULL),
	    CB_ERR_NOTHING);
	cr_expect_eq(supervise("sup.jefa", NOW, A, CB_SUPERVISE_REFUSE, NULL),
	    CB_ERR_NOTHING);
	cr_expect_eq(count(CB_T_EVENTS), events);
}

struct plan_list {
	char text[1024];
};

static int add_installment(const struct cb_promise *p, void *arg)
{
	struct plan_list *l = arg;
	char due[11];
	size_t n = strlen(l->text);
	cb_day_format(p->due, due);
	snprintf(l->text + n, sizeof l->text - n, "%s%lld@%s:%s", n ? " " : "",
	    (long long)p->amount, due, cb_promise_status_name(p->status));
	return CB_OK;
}

/* The promises of an account: "amount@due:status" joined by spaces. */
static const char *promises_of(const char *account)
{
	static struct plan_list l;
	struct cb_account_ref r = ref(account);
	l.text[0] = '\0';
	cr_assert_eq(cb_promise_each(reader(), r.portfolio, r.debtor,
	    add_installment, &l), CB_OK);
	return l.text;
}

Test(queue, a_plan_within_limits_is_pending_at_once)
{
	/* 500,000 in 3: 166,666 twice and 166,668 last, every 30 days from
	 * 03-10. */
	standard();
	log_ok("ag.uno", NOW, B, (struct cb_log_request){ .code = "PLAN",
	    .amount = "500000", .date = "2026-03-10", .installments = 3 });
	cr_expect_str_eq(promises_of(B), "166666@2026-03-10:pending "
	    "166666@2026-04-09:pending 166668@2026-05-09:pending");
	struct cb_event ev = account_event(B, -2);
	expect_value(&ev, "approval", "within limits");
	expect_value(&ev, "installments", "3");
	expect_value(&ev, "every", "30");
	cr_expect_eq(work(B).promise_due, day(2026, 3, 10));
	cr_expect_str_eq(list("ag.uno", true, 0, NOW),
	    "1 " A "; 2 " C "; 3 " D "; 0 " B " (a promise is pending); 0 " E
	    " (not yet due)");
}

Test(queue, a_plan_beyond_limits_waits_for_a_supervisor)
{
	standard();
	log_ok("ag.uno", NOW, B, (struct cb_log_request){ .code = "PLAN",
	    .amount = "1200000", .date = "2026-03-10", .installments = 12,
	    .every_days = 7 });
	struct cb_event ev = account_event(B, -2);
	uint64_t outcome = ev.seq;
	expect_value(&ev, "approval", "waiting");
	cr_expect_eq(count(CB_T_PROMISES), 12);
	cr_expect(strstr(promises_of(B), "pending") == NULL);
	cr_expect(work(B).plan_waiting);
	cr_expect_str_eq(list("ag.uno", true, 0, NOW),
	    "1 " A "; 2 " C "; 3 " D "; 0 " B
	    " (a payment plan waits for a supervisor); 0 " E " (not yet due)");

	cr_expect_eq(supervise("ag.uno", NOW, B, CB_SUPERVISE_APPROVE, NULL),
	    CB_ERR_PERM);
	cr_assert_eq(supervise("sup.jefa", NOW + MIN, B, CB_SUPERVISE_APPROVE,
	    NULL), CB_OK);
	ev = account_event(B, -1);
	cr_expect_str_eq(ev.kind, "plan_approved");
	cr_expect_str_eq(ev.user, "sup.jefa");
	char id[24];
	snprintf(id, sizeof id, "%llu", (unsigned long long)outcome);
	expect_value(&ev, "plan", id);
	cr_expect(strstr(promises_of(B), "waiting") == NULL);
	struct cb_work w = work(B);
	cr_expect_not(w.plan_waiting);
	cr_expect_eq(w.promise_due, day(2026, 3, 10));
	cr_expect_str_eq(list("ag.uno", true, 0, NOW + MIN),
	    "1 " A "; 2 " C "; 3 " D "; 0 " B " (a promise is pending); 0 " E
	    " (not yet due)");
	cr_expect_eq(supervise("sup.jefa", NOW + MIN, B, CB_SUPERVISE_APPROVE,
	    NULL), CB_ERR_NOTHING);

	/* Refused: the installments never count, and C is called again. */
	log_ok("ag.uno", NOW, C, (struct cb_log_request){ .code = "PLAN",
	    .amount = "800000", .date = "2026-03-10", .installments = 8 });
	cr_assert_eq(supervise("sup.jefa", NOW + MIN, C, CB_SUPERVISE_REFUSE,
	    NULL), CB_OK);
	cr_expect_str_eq(account_event(C, -1).kind, "plan_refused");
	cr_expect(strstr(promises_of(C), "waiting") == NULL);
	cr_expect(strstr(promises_of(C), "refused") != NULL);
	w = work(C);
	cr_expect_not(w.plan_waiting);
	cr_expect_eq(w.promise_due, CB_DAY_NONE);
	cr_expect_neq(w.tier, CB_TIER_NONE);
}

Test(queue, a_callback_due_comes_first_for_its_agent_then_for_anyone)
{
	standard();
	/* ag.uno asks to call B back at 11:00 (NOW + 1 h). */
	log_ok("ag.uno", NOW, B, (struct cb_log_request){ .code = "CB",
	    .at = "2026-03-02 11:00-03:00" });
	struct cb_event ev = account_event(B, -2);
	expect_value(&ev, "at", "2026-03-02 14:00");
	expect_value(&ev, "for", "ag.uno");
	cr_expect_eq(work(B).callback_at, NOW + HOUR);
	cr_expect_eq(count(CB_T_CALLBACKS), 1);
	cr_expect_str_eq(list("ag.uno", true, 0, NOW + 30 * MIN),
	    "1 " A "; 2 " C "; 3 " D "; 0 " B
	    " (a callback is set for later); 0 " E " (not yet due)");
	/* Due: first for ag.uno; for ag.dos only after 30 minutes of grace. */
	cr_expect_str_eq(first("ag.uno", NOW + HOUR), B);
	cr_expect_str_eq(first("ag.dos", NOW + HOUR + 29 * MIN), A);
	cr_expect_str_eq(first("ag.dos", NOW + HOUR + 30 * MIN), B);
	cr_expect_str_eq(next("ag.dos", NOW + HOUR + 30 * MIN), B);
	log_ok("ag.dos", NOW + HOUR + 31 * MIN, B, (struct cb_log_request){
	    .code = "RPC" });
	cr_expect_eq(count(CB_T_CALLBACKS), 0);
	cr_expect_eq(work(B).callback_at, 0);
	cr_expect_str_eq(first("ag.uno", NOW + HOUR + 32 * MIN), A);
}

Test(queue, callbacks_go_by_time_after_pins)
{
	standard();
	/* B (210,000) at 11:00, D (126,000) at 10:30, both ag.uno's. */
	log_ok("ag.uno", NOW, B, (struct cb_log_request){ .code = "CB",
	    .at = "2026-03-02 11:00-03:00" });
	log_ok("ag.uno", NOW, D, (struct cb_log_request){ .code = "CB",
	    .at = "2026-03-02 10:30-03:00" });
	cr_expect_eq(count(CB_T_CALLBACKS), 2);
	cr_expect_str_eq(first("ag.uno", NOW + 29 * MIN), A);
	cr_expect_str_eq(first("ag.uno", NOW + 30 * MIN), D);
	/* At 11:00 both are due: the earlier first, not the larger. */
	cr_expect_str_eq(list("ag.uno", false, 0, NOW + HOUR),
	    "1 " D "; 2 " B "; 3 " A "; 4 " C);
	/* A pinned account comes before them. */
	cr_assert_eq(supervise("sup.jefa", NOW + HOUR, C, CB_SUPERVISE_PIN,
	    NULL), CB_OK);
	cr_expect_str_eq(list("ag.uno", false, 0, NOW + HOUR),
	    "1 " C "; 2 " D "; 3 " B "; 4 " A);
	/* A new CB replaces the old one. */
	log_ok("ag.uno", NOW + HOUR, D, (struct cb_log_request){ .code = "CB",
	    .at = "2026-03-02 15:00-03:00" });
	cr_expect_eq(count(CB_T_CALLBACKS), 2);
	cr_expect_eq(work(D).callback_at, NOW + 5 * HOUR);
}

Test(queue, a_callback_for_anyone_needs_no_grace)
{
	standard();
	log_ok("ag.uno", NOW, D, (struct cb_log_request){ .code = "CB",
	    .at = "2026-03-02 11:00-03:00", .for_anyone = true });
	expect_value((struct cb_event[]){ account_event(D, -2) }, "for",
	    "anyone");
	cr_expect_str_eq(first("ag.dos", NOW + HOUR - 1), A);
	cr_expect_str_eq(first("ag.dos", NOW + HOUR), D);
	/* Still only for agents of its portfolio. */
	cr_expect_str_eq(first("ag.retail", NOW + HOUR), D);
}
