/* test_work.c -- tests of work.c: the queue's weights, the score of an
 * account and its factors, why an account is out of the queue, and how
 * cb_work_put() keeps the queue and callbacks indexes in step with the
 * work record.  Every expected figure is worked out by hand in comments. */
#include "work.h"

#include "error.h"
#include "library.h"
#include "store_fixture.h"
#include "ledger.h"
#include "model.h"
#include "store.h"


/* 2026-03-02 13:00 UTC (10:00 in Santiago). */
static const time_t NOW = 1772456400;
#define HOUR 3600

static int put_portfolios(struct cb_txn *txn, void *arg)
{
	struct cb_portfolio clp = { .code = "default", .name = "Default",
		.currency = "CLP", .timezone = "America/Santiago", .country = "CL" };
	struct cb_portfolio pen = { .code = "lima", .name = "Lima",
		.currency = "PEN", .timezone = "America/Lima", .country = "PE" };
	int rc = cb_portfolio_put(txn, &clp);
	(void)arg;
	if (rc == CB_OK)
		rc = cb_portfolio_put(txn, &pen);
	return rc;
}

static void setup(void)
{
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	rc = cb_store_write(store, put_portfolios, NULL);
	cr_assert_eq(rc, CB_OK, "portfolios: %s", cb_strerror(rc));
	/* The tiers are tested with a default strategy that has no steps
	 * (test_strategy.c tests the strategy tier). */
	static const char no_steps[] = "strategy default\nname no steps\n";
	struct cb_session admin;
	char why[200], id[CB_SCRIPT_ID_MAX + 1];
	int version;
	cr_assert_eq(cb_user_first_admin(store, "root", "Admin", NOW), CB_OK);
	cr_assert_eq(cb_session_open(store, "root", NULL, &NOW, &admin), CB_OK);
	rc = cb_library_load(&admin, CB_BOOK_STRATEGY, no_steps,
	    sizeof no_steps - 1, "no-steps", why, sizeof why, id, &version);
	cr_assert_eq(rc, CB_OK, "strategy: %s", why);
	rtxn = NULL;
}

TestSuite(work, .init = setup, .fini = teardown);

static struct cb_work fresh_work(const char *portfolio, const char *debtor)
{
	struct cb_work w;
	cb_work_fresh(&w, portfolio, debtor);
	return w;
}

static struct cb_account account_of(const char *portfolio, const char *debtor,
    int64_t balance, cb_day oldest_due, enum cb_segment seg)
{
	return (struct cb_account){ .portfolio = portfolio, .debtor = debtor,
		.balance = balance, .open_docs = balance > 0 ? 1 : 0,
		.oldest_due = oldest_due, .last_payment = CB_DAY_NONE,
		.segment = seg };
}

/* ---- weights ---- */

static void expect_defaults(const struct cb_weights *w)
{
	cr_expect_eq(w->segment_pct[CB_SEG_CUMPLIDOR], 90);
	cr_expect_eq(w->segment_pct[CB_SEG_PARCIAL], 70);
	cr_expect_eq(w->segment_pct[CB_SEG_MOROSO], 50);
	cr_expect_eq(w->age_pct[0], 60);
	cr_expect_eq(w->age_pct[1], 80);
	cr_expect_eq(w->age_pct[2], 100);
	cr_expect_eq(w->age_pct[3], 50);
	cr_expect_eq(w->recent_pct, 30);
	cr_expect_eq(w->recent_hours, 24);
	cr_expect_eq(w->lease_minutes, 10);
	cr_expect_eq(w->promise_grace_days, 2);
	cr_expect_eq(w->callback_grace_minutes, 30);
	cr_expect_eq(w->plan_max_installments, 6);
	cr_expect_eq(w->plan_min_first_pct, 15);
}

Test(work, weights_defaults_are_the_documented_ones)
{
	struct cb_weights w;
	memset(&w, 0x55, sizeof w); /* every field must be set */
	cb_weights_defaults(&w);
	expect_defaults(&w);
}

Test(work, weights_get_without_stored_weights_gives_the_defaults)
{
	struct cb_weights w;
	memset(&w, 0x55, sizeof w);
	cr_assert_eq(cb_weights_get(reader(), &w), CB_OK);
	expect_defaults(&w);
}

struct meta_put {
	const char *names[8];
	int64_t values[8];
	size_t n;
};

static int put_meta(struct cb_txn *txn, void *arg)
{
	const struct meta_put *m = arg;
	int rc = CB_OK;
	for (size_t i = 0; i < m->n && rc == CB_OK; i++)
		rc = cb_meta_put_int(txn, m->names[i], m->values[i]);
	return rc;
}

Test(work, stored_weights_override_the_defaults)
{
	/* A stored 0 is a value too: the grace becomes 0, not 2. */
	struct meta_put m = { .names = { "weight.lease_minutes",
		"weight.segment.moroso", "weight.age.more", "weight.recent",
		"weight.recent_hours", "weight.promise_grace_days",
		"weight.callback_grace_minutes", "weight.plan_max_installments" },
		.values = { 25, 40, 10, 55, 6, 0, 45, 12 }, .n = 8 };
	struct cb_weights w;
	int rc = cb_store_write(store, put_meta, &m);
	cr_assert_eq(rc, CB_OK, "meta: %s", cb_strerror(rc));
	cr_assert_eq(cb_weights_get(reader(), &w), CB_OK);
	cr_expect_eq(w.lease_minutes, 25);
	cr_expect_eq(w.segment_pct[CB_SEG_MOROSO], 40);
	cr_expect_eq(w.age_pct[3], 10);
	cr_expect_eq(w.recent_pct, 55);
	cr_expect_eq(w.recent_hours, 6);
	cr_expect_eq(w.promise_grace_days, 0);
	cr_expect_eq(w.callback_grace_minutes, 45);
	cr_expect_eq(w.plan_max_installments, 12);
	/* The others keep their defaults. */
	cr_expect_eq(w.segment_pct[CB_SEG_CUMPLIDOR], 90);
	cr_expect_eq(w.segment_pct[CB_SEG_PARCIAL], 70);
	cr_expect_eq(w.age_pct[0], 60);
	cr_expect_eq(w.age_pct[1], 80);
	cr_expect_eq(w.age_pct[2], 100);
	cr_expect_eq(w.plan_min_first_pct, 15);
}

Test(work, every_weight_has_its_meta_name)
{
	/* Each of the 14 names moves exactly its own field. */
	static const char *const names[] = { "weight.segment.cumplidor",
		"weight.segment.parcial", "weight.segment.moroso", "weight.age.30",
		"weight.age.90", "weight.age.180", "weight.age.more",
		"weight.recent", "weight.recent_hours", "weight.lease_minutes",
		"weight.promise_grace_days", "weight.callback_grace_minutes",
		"weight.plan_max_installments", "weight.plan_min_first_pct" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct meta_put m = { .names = { names[i] }, .values = { 1000 + (int)i },
			.n = 1 };
		struct cb_weights w;
		cr_assert_eq(cb_store_write(store, put_meta, &m), CB_OK);
		cr_assert_eq(cb_weights_get(reader(), &w), CB_OK);
		int got[] = { w.segment_pct[0], w.segment_pct[1], w.segment_pct[2],
			w.age_pct[0], w.age_pct[1], w.age_pct[2], w.age_pct[3],
			w.recent_pct, w.recent_hours, w.lease_minutes,
			w.promise_grace_days, w.callback_grace_minutes,
			w.plan_max_installments, w.plan_min_first_pct };
		for (size_t j = 0; j <= i; j++)
			cr_expect_eq(got[j], 1000 + (int)j, "%s: field %zu is %d",
			    names[i], j, got[j]);
		cb_txn_end(&rtxn);
	}
}

/* ---- the score ---- */

static struct cb_score_factors score(const struct cb_work *w,
    const struct cb_account *a, const char *currency, cb_day today,
    time_t now)
{
	struct cb_weights weights;
	struct cb_score_factors f;
	cb_weights_defaults(&weights);
	memset(&f, 0x55, sizeof f);
	cb_work_score(w, a, currency, &weights, today, now, &f);
	return f;
}

Test(work, score_is_balance_times_segment_age_and_recency)
{
	/* 1,000,000 CLP, parcial (70%), due 30 days ago (<= 30: 60%), never
	 * attempted (100%): 1,000,000 x 0.70 x 0.60 x 1.00 = 420,000. */
	cb_day today = day(2026, 3, 2);
	struct cb_work w = fresh_work("default", "11111111-1");
	struct cb_account a = account_of("default", "11111111-1", 1000000,
	    day(2026, 1, 31), CB_SEG_PARCIAL);
	struct cb_score_factors f = score(&w, &a, "CLP", today, NOW);
	cr_expect_eq(f.balance, 1000000);
	cr_expect_eq(f.dpd, 30);
	cr_expect_eq(f.segment_pct, 70);
	cr_expect_eq(f.age_pct, 60);
	cr_expect_eq(f.recent_pct, 100);
	cr_expect_eq(f.score, 420000, "score %lld", (long long)f.score);

	/* cumplidor 90%: 1,000,000 x 0.9 x 0.6 = 540,000; moroso 50%:
	 * 300,000. */
	a.segment = CB_SEG_CUMPLIDOR;
	f = score(&w, &a, "CLP", today, NOW);
	cr_expect_eq(f.segment_pct, 90);
	cr_expect_eq(f.score, 540000, "score %lld", (long long)f.score);
	a.segment = CB_SEG_MOROSO;
	f = score(&w, &a, "CLP", today, NOW);
	cr_expect_eq(f.segment_pct, 50);
	cr_expect_eq(f.score, 300000, "score %lld", (long long)f.score);
}

Test(work, age_bands_by_days_past_due)
{
	/* today 2026-03-02 (day D); oldest due D - dpd.  Bands: <= 30: 60,
	 * <= 90: 80, <= 180: 100, more: 50.  Balance 1,000,000 cumplidor
	 * (90%): score = 900,000 x age / 100. */
	static const struct { int dpd, age; int64_t score; } cases[] = {
		{ -5, 60, 540000 }, { 0, 60, 540000 }, { 1, 60, 540000 },
		{ 30, 60, 540000 }, { 31, 80, 720000 }, { 90, 80, 720000 },
		{ 91, 100, 900000 }, { 180, 100, 900000 }, { 181, 50, 450000 },
		{ 400, 50, 450000 },
	};
	cb_day today = day(2026, 3, 2);
	struct cb_work w = fresh_work("default", "11111111-1");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cb_account a = account_of("default", "11111111-1", 1000000,
		    today - cases[i].dpd, CB_SEG_CUMPLIDOR);
		struct cb_score_factors f = score(&w, &a, "CLP", today, NOW);
		cr_expect_eq(f.dpd, cases[i].dpd, "dpd %d", f.dpd);
		cr_expect_eq(f.age_pct, cases[i].age, "dpd %d: age %d, want %d",
		    cases[i].dpd, f.age_pct, cases[i].age);
		cr_expect_eq(f.score, cases[i].score, "dpd %d: score %lld",
		    cases[i].dpd, (long long)f.score);
	}
	/* No open debit: dpd 0, first band. */
	struct cb_account a = account_of("default", "11111111-1", 1000000,
	    CB_DAY_NONE, CB_SEG_CUMPLIDOR);
	struct cb_score_factors f = score(&w, &a, "CLP", today, NOW);
	cr_expect_eq(f.dpd, 0);
	cr_expect_eq(f.age_pct, 60);
}

Test(work, a_recent_attempt_lowers_the_score)
{
	/* 1,000,000 parcial, 30 dpd: 420,000 unattempted.  Attempted an hour
	 * ago (within 24 h): x 0.30 = 126,000.  Exactly 24 h ago is no
	 * longer recent; 24 h less a second still is. */
	cb_day today = day(2026, 3, 2);
	struct cb_work w = fresh_work("default", "11111111-1");
	struct cb_account a = account_of("default", "11111111-1", 1000000,
	    day(2026, 1, 31), CB_SEG_PARCIAL);
	w.last_attempt = NOW - HOUR;
	struct cb_score_factors f = score(&w, &a, "CLP", today, NOW);
	cr_expect_eq(f.recent_pct, 30);
	cr_expect_eq(f.score, 126000, "score %lld", (long long)f.score);
	w.last_attempt = NOW - 24 * HOUR + 1;
	f = score(&w, &a, "CLP", today, NOW);
	cr_expect_eq(f.recent_pct, 30);
	w.last_attempt = NOW - 24 * HOUR;
	f = score(&w, &a, "CLP", today, NOW);
	cr_expect_eq(f.recent_pct, 100);
	cr_expect_eq(f.score, 420000);

	/* With recent_hours 2 and recent_pct 50, three hours ago is old and
	 * one hour ago gives 420,000 x 0.5 = 210,000. */
	struct cb_weights weights;
	cb_weights_defaults(&weights);
	weights.recent_hours = 2;
	weights.recent_pct = 50;
	w.last_attempt = NOW - 3 * HOUR;
	cb_work_score(&w, &a, "CLP", &weights, today, NOW, &f);
	cr_expect_eq(f.recent_pct, 100);
	w.last_attempt = NOW - HOUR;
	cb_work_score(&w, &a, "CLP", &weights, today, NOW, &f);
	cr_expect_eq(f.recent_pct, 50);
	cr_expect_eq(f.score, 210000, "score %lld", (long long)f.score);
	/* recent_hours 0: an attempt never counts as recent. */
	weights.recent_hours = 0;
	w.last_attempt = NOW - 1;
	cb_work_score(&w, &a, "CLP", &weights, today, NOW, &f);
	cr_expect_eq(f.recent_pct, 100);
}

Test(work, scores_convert_currencies_to_the_peso)
{
	/* 1,234,567: /100 x 70 = 864,150; /100 x 60 = 518,460; /100 x 100
	 * (no recent attempt) = 518,400 CLP.  In PEN each céntimo is worth
	 * 2.5 pesos: 1,296,000.  Small debts keep their score. */
	cb_day today = day(2026, 3, 2);
	struct cb_work w = fresh_work("default", "11111111-1");
	struct cb_account a = account_of("default", "11111111-1", 1234567,
	    today - 30, CB_SEG_PARCIAL);
	cr_expect_eq(score(&w, &a, "CLP", today, NOW).score, 518400);
	cr_expect_eq(score(&w, &a, "PEN", today, NOW).score, 1296000);
	/* 2,000: 20 x 70 = 1,400; 14 x 60 = 840; 8 x 100 = 800. */
	a.balance = 2000;
	cr_expect_eq(score(&w, &a, "CLP", today, NOW).score, 800);
	/* 1,909,450 céntimos, moroso, 384 dpd: 19,094 x 50 = 954,700;
	 * 9,547 x 50 = 477,350; 4,773 x 100 = 477,300; x 2.5 = 1,193,250. */
	a.balance = 1909450;
	a.segment = CB_SEG_MOROSO;
	a.oldest_due = today - 384;
	cr_expect_eq(score(&w, &a, "PEN", today, NOW).score, 1193250);
}

Test(work, a_pen_minor_unit_is_worth_two_and_a_half_clp)
{
	/* The same 1,000,000 minor units, parcial, 30 dpd: 420,000 in CLP;
	 * in PEN (a céntimo is worth 2.5 pesos) 420,000 x 2.5 = 1,050,000. */
	cb_day today = day(2026, 3, 2);
	struct cb_work w = fresh_work("lima", "11111111-1");
	struct cb_account a = account_of("lima", "11111111-1", 1000000,
	    day(2026, 1, 31), CB_SEG_PARCIAL);
	struct cb_score_factors clp = score(&w, &a, "CLP", today, NOW);
	struct cb_score_factors pen = score(&w, &a, "PEN", today, NOW);
	cr_expect_eq(clp.score, 420000);
	cr_expect_eq(pen.score, 1050000, "PEN score %lld", (long long)pen.score);
	cr_expect_eq(pen.score * 2, clp.score * 5);
	/* The factors are the same; only the common value differs. */
	cr_expect_eq(pen.balance, clp.balance);
	cr_expect_eq(pen.segment_pct, clp.segment_pct);
	cr_expect_eq(pen.age_pct, clp.age_pct);
}

Test(work, nothing_owed_scores_zero)
{
	/* A credit balance counts as 0, never as a negative score. */
	cb_day today = day(2026, 3, 2);
	struct cb_work w = fresh_work("default", "11111111-1");
	struct cb_account a = account_of("default", "11111111-1", -50000,
	    CB_DAY_NONE, CB_SEG_CUMPLIDOR);
	struct cb_score_factors f = score(&w, &a, "CLP", today, NOW);
	cr_expect_eq(f.balance, 0);
	cr_expect_eq(f.score, 0);
}

/* ---- why an account is out ---- */

Test(work, out_reasons)
{
	cb_day today = day(2026, 3, 2);
	struct cb_account a = account_of("default", "11111111-1", 100000,
	    day(2026, 2, 1), CB_SEG_PARCIAL);
	struct cb_work w = fresh_work("default", "11111111-1");
	const char *r;

	/* Owed and past due, nothing pending: callable. */
	cr_expect_null(cb_work_out_reason(&w, &a, today, NOW));

	w.flags = CB_WORK_STOP;
	w.stop = "DEC";
	r = cb_work_out_reason(&w, &a, today, NOW);
	cr_assert_not_null(r);
	cr_expect_str_eq(r, "stopped");
	/* A stop beats a dispute. */
	w.flags = CB_WORK_STOP | CB_WORK_DISPUTE;
	cr_expect_str_eq(cb_work_out_reason(&w, &a, today, NOW), "stopped");

	w = fresh_work("default", "11111111-1");
	w.flags = CB_WORK_DISPUTE;
	r = cb_work_out_reason(&w, &a, today, NOW);
	cr_assert_not_null(r);
	cr_expect_str_eq(r, "in dispute");

	w = fresh_work("default", "11111111-1");
	struct cb_account paid = a;
	paid.balance = 0;
	r = cb_work_out_reason(&w, &paid, today, NOW);
	cr_assert_not_null(r);
	cr_expect_str_eq(r, "nothing owed");
	paid.balance = -10;
	r = cb_work_out_reason(&w, &paid, today, NOW);
	cr_assert_not_null(r);
	cr_expect_str_eq(r, "nothing owed");

	w.plan_waiting = true;
	r = cb_work_out_reason(&w, &a, today, NOW);
	cr_assert_not_null(r);
	cr_expect_str_eq(r, "a payment plan waits for a supervisor");

	w = fresh_work("default", "11111111-1");
	w.callback_at = NOW + 1;
	w.callback_agent = "ag.uno";
	r = cb_work_out_reason(&w, &a, today, NOW);
	cr_assert_not_null(r);
	cr_expect_str_eq(r, "a callback is set for later");
	w.callback_at = NOW; /* due now: callable */
	cr_expect_null(cb_work_out_reason(&w, &a, today, NOW));

	w = fresh_work("default", "11111111-1");
	w.promise_due = today + 1;
	r = cb_work_out_reason(&w, &a, today, NOW);
	cr_assert_not_null(r);
	cr_expect_str_eq(r, "a promise is pending");
	w.promise_due = today; /* due today: callable */
	cr_expect_null(cb_work_out_reason(&w, &a, today, NOW));
}

Test(work, not_yet_due)
{
	cb_day today = day(2026, 3, 2);
	struct cb_work w = fresh_work("default", "11111111-1");
	/* Due today is 0 days past due and current (DESIGN 6); DPD >= 1 is
	 * needed (DESIGN 9). */
	struct cb_account a = account_of("default", "11111111-1", 100000,
	    today, CB_SEG_PARCIAL);
	const char *r = cb_work_out_reason(&w, &a, today, NOW);
	cr_assert_not_null(r);
	cr_expect_str_eq(r, "not yet due");
	a.oldest_due = today + 10;
	r = cb_work_out_reason(&w, &a, today, NOW);
	cr_assert_not_null(r);
	cr_expect_str_eq(r, "not yet due");
	a.oldest_due = today - 1;
	cr_expect_null(cb_work_out_reason(&w, &a, today, NOW));
	/* A callback due on an account not yet due makes it callable. */
	a.oldest_due = today + 10;
	w.callback_at = NOW - 60;
	cr_expect_null(cb_work_out_reason(&w, &a, today, NOW));
}

/* ---- the queue and callbacks indexes ---- */

struct put_job {
	struct cb_work w;
	struct cb_account a;
	cb_day today;
	time_t now;
	struct cb_weights weights;
};

static int put_work_txn(struct cb_txn *txn, void *arg)
{
	struct put_job *j = arg;
	struct cb_debtor d = { .id = j->w.debtor, .country = "CL",
		.name = "Deudor", .nphones = 1,
		.phones = { { "+56 9 1234 5678", CB_PHONE_OK } } };
	/* Every account has its debtor, with a phone to call. */
	int rc = cb_debtor_put(txn, &d);
	if (rc == CB_OK)
		rc = cb_account_put(txn, &j->a);
	return rc == CB_OK ? cb_work_put(txn, &j->w, &j->a, &j->weights,
	    j->today, j->now) : rc;
}

/* Writes w for account a as of today and NOW; returns what the put set
 * (tier and score). */
static struct cb_work put_work(struct cb_work w, struct cb_account a)
{
	struct put_job j = { .w = w, .a = a, .today = day(2026, 3, 2),
		.now = NOW };
	cb_weights_defaults(&j.weights);
	cb_txn_end(&rtxn);
	int rc = cb_store_write(store, put_work_txn, &j);
	cr_assert_eq(rc, CB_OK, "work put: %s", cb_strerror(rc));
	return j.w;
}

static struct cb_work get_work(const char *portfolio, const char *debtor)
{
	struct cb_work w;
	int rc = cb_work_get(reader(), portfolio, debtor, &w);
	cr_assert_eq(rc, CB_OK, "work get: %s", cb_strerror(rc));
	return w;
}

/* The accounts in the queue index in its order, "portfolio/debtor" joined
 * by spaces; the account is the tail of each key (store.h). */
static const char *queue_order(const char *const *accounts, size_t n)
{
	static char out[512];
	struct cb_cursor *c;
	struct cb_val k;
	out[0] = '\0';
	cr_assert_eq(cb_cursor_open(reader(), CB_T_QUEUE, &c), CB_OK);
	for (int rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL);
	     rc == CB_OK; rc = cb_cursor_next(c, &k, NULL)) {
		const char *name = "?";
		for (size_t i = 0; i < n; i++) {
			char pf[64];
			const char *slash = strchr(accounts[i], '/');
			struct cb_key acc;
			snprintf(pf, sizeof pf, "%.*s", (int)(slash - accounts[i]),
			    accounts[i]);
			cb_key_account(&acc, pf, slash + 1);
			if (k.size > acc.len && memcmp((const char *)k.data + k.size -
			    acc.len, acc.buf, acc.len) == 0)
				name = accounts[i];
		}
		if (out[0])
			strcat(out, " ");
		strcat(out, name);
	}
	cb_cursor_close(&c);
	return out;
}

/* The tier byte of the first key of the queue index. */
static int first_tier(void)
{
	struct cb_cursor *c;
	struct cb_val k;
	cr_assert_eq(cb_cursor_open(reader(), CB_T_QUEUE, &c), CB_OK);
	int rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL);
	int tier = rc == CB_OK && k.size > 0 ? ((const unsigned char *)k.data)[0]
	                                     : -1;
	cb_cursor_close(&c);
	return tier;
}

Test(work, a_fresh_account_reads_as_fresh)
{
	struct cb_work w = get_work("default", "11111111-1");
	cr_expect_str_eq(w.portfolio, "default");
	cr_expect_str_eq(w.debtor, "11111111-1");
	cr_expect_eq(w.flags, 0);
	cr_expect_null(w.holder);
	cr_expect_eq(w.last_attempt, 0);
	cr_expect_eq(w.attempts, 0);
	cr_expect_eq(w.callback_at, 0);
	cr_expect_eq(w.promise_due, CB_DAY_NONE);
	cr_expect_eq(w.broken_on, CB_DAY_NONE);
	cr_expect_eq(w.tier, CB_TIER_NONE);
}

Test(work, put_places_the_account_in_the_queue_once_and_moves_it)
{
	cb_day today = day(2026, 3, 2);
	cr_assert_eq(count(CB_T_QUEUE), 0);
	/* X: 1,000,000 parcial 30 dpd: 420,000.  Y: 500,000 same: 210,000. */
	struct cb_work x = put_work(fresh_work("default", "11111111-1"),
	    account_of("default", "11111111-1", 1000000, today - 30,
	    CB_SEG_PARCIAL));
	cr_expect_eq(x.tier, CB_TIER_REST);
	cr_expect_eq(x.score, 420000, "score %lld", (long long)x.score);
	cr_expect_eq(count(CB_T_QUEUE), 1);
	struct cb_work y = put_work(fresh_work("default", "22222222-2"),
	    account_of("default", "22222222-2", 500000, today - 30,
	    CB_SEG_PARCIAL));
	cr_expect_eq(y.score, 210000, "score %lld", (long long)y.score);
	cr_expect_eq(count(CB_T_QUEUE), 2);
	static const char *const names[] = { "default/11111111-1",
		"default/22222222-2" };
	cr_expect_str_eq(queue_order(names, 2),
	    "default/11111111-1 default/22222222-2");

	/* The record as stored says the same. */
	struct cb_work got = get_work("default", "11111111-1");
	cr_expect_eq(got.tier, CB_TIER_REST);
	cr_expect_eq(got.score, 420000);

	/* Put again unchanged: still one entry each. */
	put_work(fresh_work("default", "22222222-2"),
	    account_of("default", "22222222-2", 500000, today - 30,
	    CB_SEG_PARCIAL));
	cr_expect_eq(count(CB_T_QUEUE), 2);

	/* Y grows to 2,000,000: 840,000, ahead of X; moved, not added. */
	y = put_work(fresh_work("default", "22222222-2"),
	    account_of("default", "22222222-2", 2000000, today - 30,
	    CB_SEG_PARCIAL));
	cr_expect_eq(y.score, 840000);
	cr_expect_eq(count(CB_T_QUEUE), 2);
	cr_expect_str_eq(queue_order(names, 2),
	    "default/22222222-2 default/11111111-1");

	/* Stopped: out of the index. */
	struct cb_work stop = fresh_work("default", "22222222-2");
	stop.flags = CB_WORK_STOP;
	stop.stop = "DEC";
	y = put_work(stop, account_of("default", "22222222-2", 2000000,
	    today - 30, CB_SEG_PARCIAL));
	cr_expect_eq(y.tier, CB_TIER_NONE);
	cr_expect_eq(count(CB_T_QUEUE), 1);
	cr_expect_str_eq(queue_order(names, 2), "default/11111111-1");
	got = get_work("default", "22222222-2");
	cr_expect_eq(got.tier, CB_TIER_NONE);
	cr_expect_eq(got.flags, CB_WORK_STOP);
	cr_assert_not_null(got.stop);
	cr_expect_str_eq(got.stop, "DEC");

	/* Paid off: out too. */
	put_work(fresh_work("default", "11111111-1"),
	    account_of("default", "11111111-1", 0, CB_DAY_NONE,
	    CB_SEG_PARCIAL));
	cr_expect_eq(count(CB_T_QUEUE), 0);
}

Test(work, equal_scores_go_by_portfolio_then_debtor)
{
	cb_day today = day(2026, 3, 2);
	put_work(fresh_work("lima", "10000000-1"), account_of("lima",
	    "10000000-1", 400000, today - 30, CB_SEG_PARCIAL));
	put_work(fresh_work("default", "22222222-2"), account_of("default",
	    "22222222-2", 1000000, today - 30, CB_SEG_PARCIAL));
	put_work(fresh_work("default", "11111111-1"), account_of("default",
	    "11111111-1", 1000000, today - 30, CB_SEG_PARCIAL));
	/* All three score 420,000 (PEN: 400,000 x 0.42 = 168,000 x 2.5). */
	cr_expect_eq(get_work("lima", "10000000-1").score, 420000);
	static const char *const names[] = { "default/11111111-1",
		"default/22222222-2", "lima/10000000-1" };
	cr_expect_str_eq(queue_order(names, 3),
	    "default/11111111-1 default/22222222-2 lima/10000000-1");
}

Test(work, pen_outranks_a_larger_clp_debt)
{
	/* CLP 1,000,000 parcial 30 dpd: 420,000.  PEN 600,000 céntimos, the
	 * same: 252,000 x 2.5 = 630,000: first. */
	cb_day today = day(2026, 3, 2);
	struct cb_work c = put_work(fresh_work("default", "11111111-1"),
	    account_of("default", "11111111-1", 1000000, today - 30,
	    CB_SEG_PARCIAL));
	struct cb_work p = put_work(fresh_work("lima", "20100047218"),
	    account_of("lima", "20100047218", 600000, today - 30,
	    CB_SEG_PARCIAL));
	cr_expect_eq(c.score, 420000);
	cr_expect_eq(p.score, 630000, "PEN score %lld", (long long)p.score);
	static const char *const names[] = { "default/11111111-1",
		"lima/20100047218" };
	cr_expect_str_eq(queue_order(names, 2),
	    "lima/20100047218 default/11111111-1");
}

Test(work, tiers)
{
	/* Z is a plain account of a larger score in the rest tier; each
	 * tier puts the smaller W before it. */
	cb_day today = day(2026, 3, 2);
	struct cb_account za = account_of("default", "99999999-9", 9000000,
	    today - 30, CB_SEG_PARCIAL);
	struct cb_account wa = account_of("default", "11111111-1", 100000,
	    today - 30, CB_SEG_PARCIAL);
	static const char *const names[] = { "default/11111111-1",
		"default/99999999-9" };
	put_work(fresh_work("default", "99999999-9"), za);

	struct cb_work w = fresh_work("default", "11111111-1");
	struct cb_work got = put_work(w, wa);
	cr_expect_eq(got.tier, CB_TIER_REST);
	cr_expect_str_eq(queue_order(names, 2),
	    "default/99999999-9 default/11111111-1");

	w.pinned = true;
	got = put_work(w, wa);
	cr_expect_eq(got.tier, CB_TIER_PINNED);
	cr_expect_eq(first_tier(), CB_TIER_PINNED);
	cr_expect_str_eq(queue_order(names, 2),
	    "default/11111111-1 default/99999999-9");
	cr_expect_eq(count(CB_T_QUEUE), 2);

	w.pinned = false;
	w.callback_at = NOW - 60;
	w.callback_agent = "ag.uno";
	got = put_work(w, wa);
	cr_expect_eq(got.tier, CB_TIER_CALLBACK);
	cr_expect_eq(first_tier(), CB_TIER_CALLBACK);

	w.callback_at = 0;
	w.callback_agent = NULL;
	w.promise_due = today;
	got = put_work(w, wa);
	cr_expect_eq(got.tier, CB_TIER_PROMISE);
	cr_expect_eq(first_tier(), CB_TIER_PROMISE);
	cr_expect_str_eq(queue_order(names, 2),
	    "default/11111111-1 default/99999999-9");

	/* Broken yesterday: the promise tier; two days ago: the rest. */
	w.promise_due = CB_DAY_NONE;
	w.broken_on = today - 1;
	got = put_work(w, wa);
	cr_expect_eq(got.tier, CB_TIER_PROMISE);
	w.broken_on = today - 2;
	got = put_work(w, wa);
	cr_expect_eq(got.tier, CB_TIER_REST);
	cr_expect_str_eq(queue_order(names, 2),
	    "default/99999999-9 default/11111111-1");
	cr_expect_eq(count(CB_T_QUEUE), 2);
}

/* The one entry of the callbacks index, split. */
static void the_callback(time_t *at, char *account, size_t size, char *agent,
    size_t asize)
{
	struct cb_cursor *c;
	struct cb_val k, v;
	const char *pf, *db;
	cr_assert_eq(cb_cursor_open(reader(), CB_T_CALLBACKS, &c), CB_OK);
	cr_assert_eq(cb_cursor_seek(c, (struct cb_val){ 0 }, &k, &v), CB_OK);
	cr_assert_eq(cb_callback_key_split(k, at, &pf, &db), CB_OK);
	snprintf(account, size, "%s/%s", pf, db);
	cr_assert_gt(v.size, 0);
	cr_assert_eq(((const char *)v.data)[v.size - 1], '\0');
	snprintf(agent, asize, "%s", (const char *)v.data);
	cb_cursor_close(&c);
}

Test(work, callbacks_index_follows_callback_at)
{
	cb_day today = day(2026, 3, 2);
	struct cb_account a = account_of("default", "11111111-1", 100000,
	    today - 30, CB_SEG_PARCIAL);
	struct cb_work w = fresh_work("default", "11111111-1");
	char account[80], agent[40];
	time_t at;
	put_work(w, a);
	cr_expect_eq(count(CB_T_CALLBACKS), 0);

	/* A callback in an hour for ag.uno: one entry; the account is out of
	 * the queue meanwhile. */
	w.callback_at = NOW + HOUR;
	w.callback_agent = "ag.uno";
	struct cb_work got = put_work(w, a);
	cr_expect_eq(got.tier, CB_TIER_NONE);
	cr_expect_eq(count(CB_T_QUEUE), 0);
	cr_expect_eq(count(CB_T_CALLBACKS), 1);
	the_callback(&at, account, sizeof account, agent, sizeof agent);
	cr_expect_eq(at, NOW + HOUR);
	cr_expect_str_eq(account, "default/11111111-1");
	cr_expect_str_eq(agent, "ag.uno");

	/* Moved to two hours: still one entry, at the new time. */
	w.callback_at = NOW + 2 * HOUR;
	put_work(w, a);
	cr_expect_eq(count(CB_T_CALLBACKS), 1);
	the_callback(&at, account, sizeof account, agent, sizeof agent);
	cr_expect_eq(at, NOW + 2 * HOUR);

	/* For anyone: the agent is empty. */
	w.callback_anyone = true;
	put_work(w, a);
	cr_expect_eq(count(CB_T_CALLBACKS), 1);
	the_callback(&at, account, sizeof account, agent, sizeof agent);
	cr_expect_str_eq(agent, "");

	/* The record keeps it. */
	got = get_work("default", "11111111-1");
	cr_expect_eq(got.callback_at, NOW + 2 * HOUR);
	cr_expect(got.callback_anyone);

	/* Ended: no entry, back in the queue. */
	w.callback_at = 0;
	w.callback_agent = NULL;
	w.callback_anyone = false;
	got = put_work(w, a);
	cr_expect_eq(count(CB_T_CALLBACKS), 0);
	cr_expect_eq(got.tier, CB_TIER_REST);
	cr_expect_eq(count(CB_T_QUEUE), 1);
}

Test(work, callback_key_split_rejects_short_keys)
{
	time_t at = 0;
	const char *pf = NULL, *db = NULL;
	static const char eight[8] = { 0 };
	cr_expect_eq(cb_callback_key_split((struct cb_val){ eight, 8 }, &at, &pf,
	    &db), CB_ERR_CORRUPT);
	/* A key made by hand: time 0x0000000069a58a50, then "p\0d\0". */
	static const char key[] = { 0, 0, 0, 0, 0x69, (char)0xa5, (char)0x8a,
		0x50, 'p', 0, 'd', 0 };
	cr_assert_eq(cb_callback_key_split((struct cb_val){ key, sizeof key },
	    &at, &pf, &db), CB_OK);
	cr_expect_eq(at, (time_t)0x69a58a50);
	cr_expect_str_eq(pf, "p");
	cr_expect_str_eq(db, "d");
}

/* Puts a debtor with one invoice, settles the account and refreshes its
 * work as of today. */
struct refresh_job {
	const char *debtor;
	int64_t amount;
	cb_day due, today;
};

static int refresh_txn(struct cb_txn *txn, void *arg)
{
	const struct refresh_job *j = arg;
	struct cb_debtor d = { .id = j->debtor, .id_kind = CB_ID_RUT,
		.country = "CL", .name = "Deudor", .timezone = "America/Santiago",
		.segment = "parcial", .nphones = 1,
		.phones = { { "+56 9 1234 5678", CB_PHONE_OK } } };
	struct cb_invoice inv = { .portfolio = "default", .debtor = j->debtor,
		.id = "F1", .type = CB_DOC_INVOICE, .issue_date = CB_DAY_NONE,
		.due_date = j->due, .amount = j->amount, .open = j->amount,
		.settled = CB_DAY_NONE };
	int rc = cb_debtor_put(txn, &d);
	if (rc == CB_OK)
		rc = cb_invoice_put(txn, &inv);
	if (rc == CB_OK)
		rc = cb_ledger_settle(txn, "default", j->debtor, j->today);
	return rc == CB_OK ? cb_work_refresh(txn, "default", j->debtor, j->today,
	    NOW, NULL) : rc;
}

Test(work, refresh_puts_a_settled_account_in_its_place)
{
	/* 800,000 due 2026-01-31 as of 2026-03-02: 30 dpd, parcial:
	 * 800,000 x 0.7 x 0.6 = 336,000.  As of 2026-01-31 (dpd 0) it is not
	 * yet due and out. */
	struct refresh_job j = { "33333333-3", 800000, day(2026, 1, 31),
		day(2026, 1, 31) };
	cr_assert_eq(cb_store_write(store, refresh_txn, &j), CB_OK);
	cr_expect_eq(get_work("default", "33333333-3").tier, CB_TIER_NONE);
	cr_expect_eq(count(CB_T_QUEUE), 0);
	j.today = day(2026, 3, 2);
	cr_assert_eq(cb_store_write(store, refresh_txn, &j), CB_OK);
	struct cb_work w = get_work("default", "33333333-3");
	cr_expect_eq(w.tier, CB_TIER_REST);
	cr_expect_eq(w.score, 336000, "score %lld", (long long)w.score);
	cr_expect_eq(count(CB_T_QUEUE), 1);
}

Test(work, accounts_without_a_phone_to_call_are_out)
{
	cb_day today = day(2026, 3, 2);
	struct cb_work w = fresh_work("default", "11111111-1");
	struct cb_account a = account_of("default", "11111111-1", 100000,
	    today - 30, CB_SEG_PARCIAL);
	w.phones = 0;
	w.good_phones = 0;
	cr_expect_str_eq(cb_work_out_reason(&w, &a, today, NOW),
	    "no phone to call");
	w.phones = 2;
	cr_expect_str_eq(cb_work_out_reason(&w, &a, today, NOW),
	    "every phone is marked bad");
	w.good_phones = 1;
	cr_expect_null(cb_work_out_reason(&w, &a, today, NOW));
}
