/* test_promise.c -- tests of promise.c: promises kept or broken by the
 * payments dated between the day they were made and their day plus the
 * grace, earlier promises first; plans waiting for a supervisor, approved
 * or refused; and what the queue learns of an account's promises.  Every
 * expected day is worked out by hand in comments. */
#include "promise.h"

#include "error.h"
#include "event.h"
#include "store_fixture.h"
#include "model.h"
#include "store.h"


#define PF "default"
#define DEBTOR "12345678-5"
#define NONE CB_DAY_NONE
#define GRACE 2

/* 2026-03-02 13:00 UTC: promises are made then (day 2026-03-02). */
static const time_t MADE = 1772456400;

/* The instant of noon UTC of a day (when a review runs). */
static time_t noon(cb_day d)
{
	return (time_t)d * 86400 + 12 * 3600;
}

static int put_base(struct cb_txn *txn, void *arg)
{
	struct cb_portfolio p = { .code = PF, .name = "Default",
		.currency = "CLP", .timezone = "America/Santiago", .country = "CL" };
	struct cb_debtor d = { .id = DEBTOR, .id_kind = CB_ID_RUT,
		.country = "CL", .name = "Comercial Test Ltda.",
		.timezone = "America/Santiago" };
	int rc = cb_portfolio_put(txn, &p);
	(void)arg;
	return rc == CB_OK ? cb_debtor_put(txn, &d) : rc;
}

static void setup(void)
{
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_eq(cb_store_write(store, put_base, NULL), CB_OK);
	rtxn = NULL;
}

TestSuite(promise, .init = setup, .fini = teardown);

/* ---- writing promises and payments ---- */

static int put_promise_txn(struct cb_txn *txn, void *arg)
{
	return cb_promise_put(txn, arg);
}

static void promise(uint64_t id, int64_t amount, cb_day due,
    enum cb_promise_status status, uint64_t plan)
{
	struct cb_promise p = { .portfolio = PF, .debtor = DEBTOR, .id = id,
		.amount = amount, .due = due, .made = MADE, .agent = "ag.uno",
		.plan = plan, .status = status, .settled = NONE };
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_store_write(store, put_promise_txn, &p), CB_OK);
}

static int put_payment_txn(struct cb_txn *txn, void *arg)
{
	return cb_payment_put(txn, arg);
}

static void payment(const char *id, cb_day date, int64_t amount)
{
	struct cb_payment p = { .portfolio = PF, .debtor = DEBTOR, .id = id,
		.date = date, .amount = amount, .method = "transfer" };
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_store_write(store, put_payment_txn, &p), CB_OK);
}

/* ---- the review ---- */

struct review_job {
	cb_day today;
	time_t now;
	struct cb_promise_state st;
};

static int review_txn(struct cb_txn *txn, void *arg)
{
	struct review_job *j = arg;
	return cb_promise_review(txn, PF, DEBTOR, j->today, GRACE, "system",
	    j->now, &j->st);
}

/* Reviews the account as of today (at its noon). */
static struct cb_promise_state review(cb_day today)
{
	struct review_job j = { .today = today, .now = noon(today) };
	memset(&j.st, 0x55, sizeof j.st);
	cb_txn_end(&rtxn);
	int rc = cb_store_write(store, review_txn, &j);
	cr_assert_eq(rc, CB_OK, "review: %s", cb_strerror(rc));
	return j.st;
}

/* A promise as stored, copied. */
struct got {
	uint64_t id, plan;
	int64_t amount;
	cb_day due, settled;
	enum cb_promise_status status;
	char agent[40];
};

struct got_list {
	struct got p[16];
	size_t n;
};

static int collect(const struct cb_promise *p, void *arg)
{
	struct got_list *l = arg;
	cr_assert_lt(l->n, 16);
	struct got *g = &l->p[l->n++];
	g->id = p->id;
	g->plan = p->plan;
	g->amount = p->amount;
	g->due = p->due;
	g->settled = p->settled;
	g->status = p->status;
	snprintf(g->agent, sizeof g->agent, "%s", p->agent ? p->agent : "");
	cr_expect_str_eq(p->portfolio, PF);
	cr_expect_str_eq(p->debtor, DEBTOR);
	return CB_OK;
}

static struct got_list promises(void)
{
	struct got_list l = { .n = 0 };
	cr_assert_eq(cb_promise_each(reader(), PF, DEBTOR, collect, &l), CB_OK);
	return l;
}

/* The stored promise of id. */
static struct got get(uint64_t id)
{
	struct got_list l = promises();
	for (size_t i = 0; i < l.n; i++)
		if (l.p[i].id == id)
			return l.p[i];
	cr_assert_fail("no promise %llu", (unsigned long long)id);
	return l.p[0];
}

static void expect_status(uint64_t id, enum cb_promise_status status,
    cb_day settled)
{
	struct got g = get(id);
	cr_expect_eq(g.status, status, "promise %llu is %s, want %s",
	    (unsigned long long)id, cb_promise_status_name(g.status),
	    cb_promise_status_name(status));
	cr_expect_eq(g.settled, settled, "promise %llu settled %d, want %d",
	    (unsigned long long)id, (int)g.settled, (int)settled);
}

/* The events of the log from seq from on, as "kind:promise:date" joined by
 * spaces. */
struct evlist {
	char text[1024];
};

static int add_event(const struct cb_event *ev, void *arg)
{
	struct evlist *l = arg;
	const char *p = cb_event_value(ev, "promise"), *d = cb_event_value(ev, "date");
	size_t n = strlen(l->text);
	snprintf(l->text + n, sizeof l->text - n, "%s%s:%s:%s", n ? " " : "",
	    ev->kind, p ? p : "-", d ? d : "-");
	return CB_OK;
}

static const char *events(void)
{
	static struct evlist l;
	l.text[0] = '\0';
	cr_assert_eq(cb_event_each(reader(), 1, add_event, &l), CB_OK);
	return l.text;
}

Test(promise, status_names)
{
	cr_expect_str_eq(cb_promise_status_name(CB_PROMISE_PENDING), "pending");
	cr_expect_str_eq(cb_promise_status_name(CB_PROMISE_KEPT), "kept");
	cr_expect_str_eq(cb_promise_status_name(CB_PROMISE_BROKEN), "broken");
	cr_expect_str_eq(cb_promise_status_name(CB_PROMISE_WAITING), "waiting");
	cr_expect_str_eq(cb_promise_status_name(CB_PROMISE_REFUSED), "refused");
}

Test(promise, put_and_each_round_trip_in_id_order)
{
	promise(0x300, 500, day(2026, 3, 9), CB_PROMISE_WAITING, 3);
	promise(7, 1000, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	struct got_list l = promises();
	cr_assert_eq(l.n, 2);
	cr_expect_eq(l.p[0].id, 7);
	cr_expect_eq(l.p[0].amount, 1000);
	cr_expect_eq(l.p[0].due, day(2026, 3, 5));
	cr_expect_eq(l.p[0].plan, 0);
	cr_expect_eq(l.p[0].status, CB_PROMISE_PENDING);
	cr_expect_eq(l.p[0].settled, NONE);
	cr_expect_str_eq(l.p[0].agent, "ag.uno");
	cr_expect_eq(l.p[1].id, 0x300);
	cr_expect_eq(l.p[1].plan, 3);
	cr_expect_eq(l.p[1].status, CB_PROMISE_WAITING);
}

Test(promise, a_covering_payment_keeps_it)
{
	/* 1000 by 03-05, made 03-02; 1000 paid 03-04: kept on 03-04. */
	promise(1, 1000, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	payment("P1", day(2026, 3, 4), 1000);
	struct cb_promise_state st = review(day(2026, 3, 4));
	expect_status(1, CB_PROMISE_KEPT, day(2026, 3, 4));
	cr_expect_eq(st.next_due, NONE);
	cr_expect_eq(st.broken_on, NONE);
	cr_expect_not(st.plan_waiting);
	cr_expect_str_eq(events(), "promise_kept:1:2026-03-05");

	/* The event is the system's, about the account, at the review. */
	struct cb_event ev;
	cr_assert_eq(cb_event_get(reader(), 1, &ev), CB_OK);
	cr_expect_str_eq(ev.user, "system");
	cr_expect_eq(ev.time, noon(day(2026, 3, 4)));
	cr_assert_not_null(ev.portfolio);
	cr_expect_str_eq(ev.portfolio, PF);
	cr_assert_not_null(ev.debtor);
	cr_expect_str_eq(ev.debtor, DEBTOR);

	/* Reviewed again: nothing new. */
	review(day(2026, 3, 10));
	expect_status(1, CB_PROMISE_KEPT, day(2026, 3, 4));
	cr_expect_eq(count(CB_T_EVENTS), 1);
}

Test(promise, payments_add_up_and_the_last_part_dates_it)
{
	/* 600 on 03-03 and 400 on 03-06 (within due + 2 = 03-07): kept on
	 * 03-06, when the last part came. */
	promise(1, 1000, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	payment("P1", day(2026, 3, 3), 600);
	payment("P2", day(2026, 3, 6), 400);
	review(day(2026, 3, 6));
	expect_status(1, CB_PROMISE_KEPT, day(2026, 3, 6));
}

Test(promise, the_window_is_made_day_less_one_to_due_plus_grace)
{
	/* Made 03-02: a payment of 03-01 counts (a day less for time zones).
	 * The tests below try 02-28 (before), 03-07 (the last day of grace)
	 * and 03-08 (after). */
	promise(1, 1000, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	payment("P1", day(2026, 3, 1), 1000);
	review(day(2026, 3, 3));
	expect_status(1, CB_PROMISE_KEPT, day(2026, 3, 1));
}

Test(promise, a_payment_before_the_window_does_not_count)
{
	promise(1, 1000, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	payment("P0", day(2026, 2, 28), 1000);
	struct cb_promise_state st = review(day(2026, 3, 3));
	expect_status(1, CB_PROMISE_PENDING, NONE);
	cr_expect_eq(st.next_due, day(2026, 3, 5));
	cr_expect_str_eq(events(), "");
}

Test(promise, a_payment_on_the_last_day_of_grace_counts)
{
	promise(1, 1000, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	payment("P1", day(2026, 3, 7), 1000);
	review(day(2026, 3, 9));
	expect_status(1, CB_PROMISE_KEPT, day(2026, 3, 7));
}

Test(promise, a_payment_after_the_grace_does_not_count)
{
	/* Paid 03-08, after 03-05 + 2: reviewed on 03-08 it is broken. */
	promise(1, 1000, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	payment("P1", day(2026, 3, 8), 1000);
	struct cb_promise_state st = review(day(2026, 3, 8));
	expect_status(1, CB_PROMISE_BROKEN, day(2026, 3, 8));
	cr_expect_eq(st.broken_on, day(2026, 3, 8));
	cr_expect_eq(st.next_due, NONE);
	cr_expect_str_eq(events(), "promise_broken:1:2026-03-05");
}

Test(promise, pending_until_the_grace_is_over_then_broken)
{
	/* Due 03-05, grace 2: pending on 03-05, 03-06 and 03-07; broken on
	 * 03-08. */
	promise(1, 1000, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	payment("P1", day(2026, 3, 6), 999); /* one short */
	for (int d = 5; d <= 7; d++) {
		struct cb_promise_state st = review(day(2026, 3, d));
		expect_status(1, CB_PROMISE_PENDING, NONE);
		cr_expect_eq(st.next_due, day(2026, 3, 5), "on 03-%02d", d);
		cr_expect_eq(st.broken_on, NONE, "on 03-%02d", d);
	}
	cr_expect_eq(count(CB_T_EVENTS), 0);
	struct cb_promise_state st = review(day(2026, 3, 8));
	expect_status(1, CB_PROMISE_BROKEN, day(2026, 3, 8));
	cr_expect_eq(st.broken_on, day(2026, 3, 8));
	cr_expect_eq(st.next_due, NONE);
	cr_expect_str_eq(events(), "promise_broken:1:2026-03-05");
	struct cb_event ev;
	cr_assert_eq(cb_event_get(reader(), 1, &ev), CB_OK);
	cr_expect_str_eq(ev.user, "system");
	cr_expect_eq(ev.time, noon(day(2026, 3, 8)));

	/* A broken promise stays broken: a late payment or another review
	 * changes nothing, and broken_on stays its day. */
	payment("P2", day(2026, 3, 9), 1000);
	st = review(day(2026, 3, 10));
	expect_status(1, CB_PROMISE_BROKEN, day(2026, 3, 8));
	cr_expect_eq(st.broken_on, day(2026, 3, 8));
	cr_expect_eq(count(CB_T_EVENTS), 1);
}

Test(promise, earlier_promises_take_the_payments_first)
{
	/* Id 1 is due 03-10, id 2 due 03-05: by due date, 2 comes first.  One
	 * payment of 1000 on 03-04 keeps 2 and leaves 1 pending (by id order
	 * it would keep 1 instead). */
	promise(1, 1000, day(2026, 3, 10), CB_PROMISE_PENDING, 0);
	promise(2, 1000, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	payment("P1", day(2026, 3, 4), 1000);
	struct cb_promise_state st = review(day(2026, 3, 6));
	expect_status(2, CB_PROMISE_KEPT, day(2026, 3, 4));
	expect_status(1, CB_PROMISE_PENDING, NONE);
	cr_expect_eq(st.next_due, day(2026, 3, 10));
	cr_expect_str_eq(events(), "promise_kept:2:2026-03-05");

	/* On 03-13 (past 03-10 + 2) the kept promise still holds its
	 * payment: 1 is broken, not kept with the same money. */
	st = review(day(2026, 3, 13));
	expect_status(2, CB_PROMISE_KEPT, day(2026, 3, 4));
	expect_status(1, CB_PROMISE_BROKEN, day(2026, 3, 13));
	cr_expect_eq(st.next_due, NONE);
	cr_expect_eq(st.broken_on, day(2026, 3, 13));
	cr_expect_str_eq(events(),
	    "promise_kept:2:2026-03-05 promise_broken:1:2026-03-10");
}

Test(promise, a_payment_split_between_two_promises)
{
	/* 600 by 03-05 and 400 by 03-06; 1000 on 03-05 covers both, the
	 * first one first. */
	promise(1, 600, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	promise(2, 400, day(2026, 3, 6), CB_PROMISE_PENDING, 0);
	payment("P1", day(2026, 3, 5), 1000);
	struct cb_promise_state st = review(day(2026, 3, 5));
	expect_status(1, CB_PROMISE_KEPT, day(2026, 3, 5));
	expect_status(2, CB_PROMISE_KEPT, day(2026, 3, 5));
	cr_expect_eq(st.next_due, NONE);
	cr_expect_str_eq(events(),
	    "promise_kept:1:2026-03-05 promise_kept:2:2026-03-06");
}

Test(promise, next_due_is_the_earliest_pending_and_broken_on_the_latest)
{
	/* 1 due 03-01 (made 03-02 for a date in the past is still judged),
	 * 2 due 03-05, 3 due 03-20.  On 03-04: 1 broken (03-01 + 2 < 03-04),
	 * next due 03-05.  On 03-08: 2 broken too; broken_on is 03-08, the
	 * later; next due 03-20. */
	promise(1, 100, day(2026, 3, 1), CB_PROMISE_PENDING, 0);
	promise(2, 100, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	promise(3, 100, day(2026, 3, 20), CB_PROMISE_PENDING, 0);
	struct cb_promise_state st = review(day(2026, 3, 4));
	cr_expect_eq(st.next_due, day(2026, 3, 5));
	cr_expect_eq(st.broken_on, day(2026, 3, 4));
	st = review(day(2026, 3, 8));
	cr_expect_eq(st.next_due, day(2026, 3, 20));
	cr_expect_eq(st.broken_on, day(2026, 3, 8));
	expect_status(1, CB_PROMISE_BROKEN, day(2026, 3, 4));
	expect_status(2, CB_PROMISE_BROKEN, day(2026, 3, 8));
	expect_status(3, CB_PROMISE_PENDING, NONE);
}

Test(promise, no_promises_no_state)
{
	payment("P1", day(2026, 3, 4), 1000);
	struct cb_promise_state st = review(day(2026, 3, 4));
	cr_expect_eq(st.next_due, NONE);
	cr_expect_eq(st.broken_on, NONE);
	cr_expect_not(st.plan_waiting);
	cr_expect_eq(count(CB_T_EVENTS), 0);
}

Test(promise, waiting_and_refused_installments_are_never_judged)
{
	/* W waits (due 03-05), R was refused (due 03-05), P is pending (due
	 * 03-06).  One payment of 1000 on 03-05.  On 03-20, long past every
	 * grace: W and R stay as they were and take no money, so P is kept
	 * with that payment. */
	promise(1, 1000, day(2026, 3, 5), CB_PROMISE_WAITING, 9);
	promise(2, 1000, day(2026, 3, 5), CB_PROMISE_REFUSED, 8);
	promise(3, 1000, day(2026, 3, 6), CB_PROMISE_PENDING, 0);
	payment("P1", day(2026, 3, 5), 1000);
	struct cb_promise_state st = review(day(2026, 3, 20));
	expect_status(1, CB_PROMISE_WAITING, NONE);
	expect_status(2, CB_PROMISE_REFUSED, NONE);
	expect_status(3, CB_PROMISE_KEPT, day(2026, 3, 5));
	cr_expect(st.plan_waiting);
	cr_expect_eq(st.next_due, NONE);
	cr_expect_eq(st.broken_on, NONE);
	cr_expect_str_eq(events(), "promise_kept:3:2026-03-06");
}

/* ---- plans decided by a supervisor ---- */

struct decide_job {
	bool approve;
	uint64_t plan;
	int rc;
};

static int decide_txn(struct cb_txn *txn, void *arg)
{
	struct decide_job *j = arg;
	j->plan = 0xdead;
	j->rc = cb_promise_decide_plan(txn, PF, DEBTOR, j->approve, &j->plan);
	return j->rc;
}

static int decide(bool approve, uint64_t *plan)
{
	struct decide_job j = { .approve = approve };
	cb_txn_end(&rtxn);
	int rc = cb_store_write(store, decide_txn, &j);
	*plan = j.plan;
	return rc;
}

/* A plan of three installments of 100 from 03-10, every 30 days, made by
 * the outcome event 5: ids 5 << 8 | i. */
static void waiting_plan(void)
{
	promise(5 << 8 | 0, 100, day(2026, 3, 10), CB_PROMISE_WAITING, 5);
	promise(5 << 8 | 1, 100, day(2026, 4, 9), CB_PROMISE_WAITING, 5);
	promise(5 << 8 | 2, 100, day(2026, 5, 9), CB_PROMISE_WAITING, 5);
}

Test(promise, an_approved_plan_is_pending)
{
	uint64_t plan;
	waiting_plan();
	struct cb_promise_state st = review(day(2026, 3, 2));
	cr_expect(st.plan_waiting);
	cr_expect_eq(st.next_due, NONE);

	cr_assert_eq(decide(true, &plan), CB_OK);
	cr_expect_eq(plan, 5);
	struct got_list l = promises();
	cr_assert_eq(l.n, 3);
	for (size_t i = 0; i < l.n; i++) {
		cr_expect_eq(l.p[i].status, CB_PROMISE_PENDING, "installment %zu", i);
		cr_expect_eq(l.p[i].plan, 5);
	}
	st = review(day(2026, 3, 2));
	cr_expect_not(st.plan_waiting);
	cr_expect_eq(st.next_due, day(2026, 3, 10));

	/* Nothing waits any more. */
	cr_expect_eq(decide(true, &plan), CB_ERR_NOTHING);
	cr_expect_eq(decide(false, &plan), CB_ERR_NOTHING);
	cr_expect_eq(get(5 << 8 | 0).status, CB_PROMISE_PENDING);

	/* The installments are judged like promises: the first is paid, the
	 * second is not (due 04-09 + 2 < 04-12). */
	payment("P1", day(2026, 3, 9), 100);
	st = review(day(2026, 4, 12));
	expect_status(5 << 8 | 0, CB_PROMISE_KEPT, day(2026, 3, 9));
	expect_status(5 << 8 | 1, CB_PROMISE_BROKEN, day(2026, 4, 12));
	expect_status(5 << 8 | 2, CB_PROMISE_PENDING, NONE);
	cr_expect_eq(st.next_due, day(2026, 5, 9));
	cr_expect_eq(st.broken_on, day(2026, 4, 12));
}

Test(promise, a_refused_plan_is_never_judged)
{
	uint64_t plan;
	waiting_plan();
	cr_assert_eq(decide(false, &plan), CB_OK);
	cr_expect_eq(plan, 5);
	struct got_list l = promises();
	cr_assert_eq(l.n, 3);
	for (size_t i = 0; i < l.n; i++)
		cr_expect_eq(l.p[i].status, CB_PROMISE_REFUSED, "installment %zu", i);
	struct cb_promise_state st = review(day(2026, 6, 1));
	cr_expect_not(st.plan_waiting);
	cr_expect_eq(st.next_due, NONE);
	cr_expect_eq(st.broken_on, NONE);
	cr_expect_eq(count(CB_T_EVENTS), 0);
	cr_expect_eq(decide(true, &plan), CB_ERR_NOTHING);
}

Test(promise, no_plan_waiting_is_nothing_to_decide)
{
	uint64_t plan;
	cr_expect_eq(decide(true, &plan), CB_ERR_NOTHING);
	cr_expect_eq(plan, 0);
	/* A plain pending promise is no plan waiting; it is left alone. */
	promise(1, 1000, day(2026, 3, 5), CB_PROMISE_PENDING, 0);
	cr_expect_eq(decide(false, &plan), CB_ERR_NOTHING);
	cr_expect_eq(plan, 0);
	expect_status(1, CB_PROMISE_PENDING, NONE);
}
