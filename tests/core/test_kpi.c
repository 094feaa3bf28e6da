/* test_kpi.c -- tests of kpi.c: the key figures of a portfolio over a
 * period, worked out by hand for a small portfolio, and again from the
 * event log and the aging report.
 *
 * The month is March 2026 (31 days) in "default" (pesos, Santiago, UTC-3
 * all month); the day before it is 2026-02-28.  Documents are written
 * and outcomes logged in time order, as the ERP's files and the agents
 * would bring them; a re-score on 2026-04-02 10:00 reviews the promises.
 *
 * The documents (amounts in pesos; F invoice, NC credit note, P payment):
 *   A 11111111-1  F1  issued 01-10 due 02-09  1,000,000
 *                 F2  issued 03-05 due 04-04    600,000
 *                 NC1 issued 03-10 on F1        100,000
 *                 P1  03-12 on F1               400,000
 *   B 22222222-2  F0  issued 2025-11-01 due 2025-12-01  200,000
 *                 F3  issued 2025-12-01 due 2025-12-31  400,000
 *                 F4  issued 02-15 due 03-17    300,000
 *                 P5  03-05 (no invoice named)   50,000: to F0, the oldest
 *                 P2  03-20 on F3               250,000
 *   C 33333333-3  F5  issued 02-01 due 03-03    500,000
 *                 P3  02-20                     100,000: to F5
 *                 P4  03-25                     500,000: F5's 400,000,
 *                                               100,000 left unapplied
 *
 * As of 02-28 (open, bucket by days past due):
 *   A F1 1,000,000 (19: 1-30); B F0 200,000 (89: 61-90), F3 400,000 (59:
 *   31-60), F4 300,000 (current); C F5 400,000 (current)
 *   B = 2,300,000; by bucket: current 700,000, 1-30 1,000,000, 31-60
 *   400,000, 61-90 200,000.
 * As of 03-31:
 *   A F1 1,000,000 - 100,000 - 400,000 = 500,000 (50: 31-60), F2 600,000
 *   (current); B F0 150,000 (120: 91+), F3 150,000 (90: 61-90), F4
 *   300,000 (14: 1-30); C 100,000 unapplied (current, negative)
 *   E = 500,000 + 600,000 + 150,000 + 150,000 + 300,000 - 100,000
 *     = 1,600,000;  Ec = 600,000 - 100,000 = 500,000.
 * Credit sales: F2 600,000 - NC1 100,000 = 500,000 (the others were
 * issued before March).
 *   DSO      = 1,600,000 / 500,000 x 31 = 99.2
 *   best DSO =   500,000 / 500,000 x 31 = 31.0
 *   CEI      = (2,300,000 + 500,000 - 1,600,000)
 *              / (2,300,000 + 500,000 - 500,000) x 100
 *            = 1,200,000 / 2,300,000 x 100 = 52.17... = 52.2
 *              (1,200,000 is what was paid in March: P1 + P5 + P2 + P4)
 * Roll rates (what each document of a bucket on 02-28 has open on 03-31
 * if it is then in a later bucket):
 *   current: F4 300,000 (now 1-30) of F4 + F5 700,000 (F5 paid)
 *            = 42.857... = 42.9
 *   1-30:    F1 500,000 (31-60) of 1,000,000 = 50.0
 *   31-60:   F3 150,000 (61-90) of   400,000 = 37.5
 *   61-90:   F0 150,000 (91+)   of   200,000 = 75.0
 *
 * The outcomes (Santiago time; * a conversation):
 *   02-26 10:00 C PTP 100,000 by 03-02   before the period
 *   02-28 23:59 B NA                     before (03-01 02:59 UTC)
 *   03-02 10:00 A PTP* 400,000 by 03-12  kept by P1
 *   03-03 10:00 B PTP* 300,000 by 03-10  broken (P5 50,000 only)
 *   03-05 11:00 C NA
 *   03-09 12:00 A LM
 *   03-16 10:00 B PTP* 250,000 by 03-20  kept by P2
 *   03-18 15:00 C RPC*
 *   03-20 10:00 C PTP* 500,000 by 03-25  kept by P4
 *   03-23 10:00 A CB (either kind)
 *   03-27 10:00 B PLAN* 2 x 150,000 from 03-31: the first still pending on
 *               04-02 (two days of grace), the second due 04-30
 *   03-30 10:00 A PTP* 600,000 by 04-03  due after the period
 *   03-31 23:30 C RTP*                   in the period (04-01 02:30 UTC)
 *   04-01 00:30 A BZ                     after the period
 *   outcomes 11, conversations 8, promises 6 (5 PTP and the PLAN)
 *   RPC rate = 8 / 11 = 72.7;  promise rate = 6 / 8 = 75.0
 * Promises due in March: C's of 02-26 (due 03-02, nothing paid from 02-25
 * to 03-04: broken), B 03-10 broken, A 03-12 kept, B 03-20 kept, C 03-25
 * kept, B's first installment 03-31 pending (not counted):
 *   kept rate = 3 / (3 + 2) = 60.0 */
#include "kpi.h"

#include "aging.h"
#include "error.h"
#include "event.h"
#include "ledger.h"
#include "library.h"
#include "model.h"
#include "outcome.h"
#include "promise.h"
#include "queue.h"
#include "rules.h"
#include "store.h"
#include "store_fixture.h"
#include "queue_fixture.h"
#include "user.h"
#include "work.h"

#define TZ "America/Santiago"
#define A "default/11111111-1"
#define B "default/22222222-2"
#define C "default/33333333-3"

/* A time in Santiago in 2026. */
static time_t at(int month, int mday, int hour, int minute)
{
	time_t t;
	cr_assert_eq(cb_tz_mktime(TZ, day(2026, month, mday), hour * 60 + minute,
	    &t), CB_OK);
	return t;
}

static int put_portfolios(struct cb_txn *txn, void *arg)
{
	struct cb_portfolio def = { .code = "default", .name = "Default",
		.currency = "CLP", .timezone = TZ, .country = "CL" };
	struct cb_portfolio lima = { .code = "lima", .name = "Lima",
		.currency = "PEN", .timezone = "America/Lima", .country = "PE" };
	int rc = cb_portfolio_put(txn, &def);
	(void)arg;
	return rc == CB_OK ? cb_portfolio_put(txn, &lima) : rc;
}

static void add_user(struct cb_session *admin, const char *login,
    enum cb_role role)
{
	struct cb_user u = { .login = login, .name = login, .role = role,
		.created = admin->now };
	int rc = cb_user_add(admin, &u);
	cr_assert_eq(rc, CB_OK, "add %s: %s", login, cb_strerror(rc));
}

/* Users, portfolios, a pack that allows any call at any time and a
 * strategy without steps (as test_queue.c); no accounts yet. */
static void setup(void)
{
	struct cb_session admin;
	time_t t = at(2, 1, 9, 0);
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_eq(cb_user_first_admin(store, "root", "Admin", t), CB_OK);
	cr_assert_eq(cb_session_open(store, "root", NULL, &t, &admin), CB_OK);
	add_user(&admin, "ag.uno", CB_ROLE_AGENT);
	add_user(&admin, "sup.jefa", CB_ROLE_SUPERVISOR);
	rc = cb_store_write(store, put_portfolios, NULL);
	cr_assert_eq(rc, CB_OK, "portfolios: %s", cb_strerror(rc));
	quiet_rules_and_strategy(&admin);
	rtxn = NULL;
}

TestSuite(kpi, .init = setup, .fini = teardown);

/* ---- documents ---- */

/* A document as the ERP's files bring it.  kind: 'F' invoice, 'D' debit
 * note, 'N' credit note, 'P' payment (date in due). */
struct doc {
	const char *account, *id;
	char kind;
	cb_day issue, due;
	int64_t amount;
	const char *names; /* the invoice a payment or credit note names */
};

struct docs {
	const struct doc *d;
	size_t n;
	time_t now;
};

static int put_doc(struct cb_txn *txn, const struct doc *d)
{
	struct cb_account_ref r = ref(d->account);
	if (d->kind == 'P') {
		struct cb_payment p = { .portfolio = r.portfolio,
			.debtor = r.debtor, .id = d->id, .date = d->due,
			.amount = d->amount, .invoice = d->names,
			.unapplied = d->amount };
		return cb_payment_put(txn, &p);
	}
	struct cb_invoice inv = { .portfolio = r.portfolio, .debtor = r.debtor,
		.id = d->id, .type = d->kind == 'F' ? CB_DOC_INVOICE
		: d->kind == 'D' ? CB_DOC_DEBIT_NOTE : CB_DOC_CREDIT_NOTE,
		.issue_date = d->issue, .due_date = d->due, .amount = d->amount,
		.applies_to = d->names, .open = d->amount,
		.settled = CB_DAY_NONE };
	return cb_invoice_put(txn, &inv);
}

/* Writes the documents, then settles and refreshes their accounts as of
 * now, as an import does (promises are reviewed there). */
static int put_docs_txn(struct cb_txn *txn, void *arg)
{
	const struct docs *ds = arg;
	cb_day today;
	int rc = cb_tz_today(ds->now, TZ, &today);
	for (size_t i = 0; rc == CB_OK && i < ds->n; i++)
		rc = put_doc(txn, &ds->d[i]);
	for (size_t i = 0; rc == CB_OK && i < ds->n; i++) {
		struct cb_account_ref r = ref(ds->d[i].account);
		if ((rc = cb_ledger_settle(txn, r.portfolio, r.debtor, today)) ==
		    CB_OK)
			rc = cb_work_refresh(txn, r.portfolio, r.debtor, today,
			    ds->now, NULL);
	}
	return rc;
}

static void put_docs(time_t now, const struct doc *d, size_t n)
{
	struct docs ds = { d, n, now };
	cb_txn_end(&rtxn);
	int rc = cb_store_write(store, put_docs_txn, &ds);
	cr_assert_eq(rc, CB_OK, "documents: %s", cb_strerror(rc));
}

#define PUT(now, ...) do { \
	const struct doc d_[] = { __VA_ARGS__ }; \
	put_docs(now, d_, sizeof d_ / sizeof d_[0]); \
} while (0)

static int put_debtor_txn(struct cb_txn *txn, void *arg)
{
	const char *id = arg;
	char name[64];
	snprintf(name, sizeof name, "Deudor %s", id);
	struct cb_debtor d = { .id = id, .id_kind = CB_ID_RUT, .country = "CL",
		.name = name, .timezone = TZ, .segment = "parcial", .nphones = 1,
		.phones = { { "+56 9 5555 0001", CB_PHONE_OK } } };
	return cb_debtor_put(txn, &d);
}

static void add_debtor(const char *id)
{
	cb_txn_end(&rtxn);
	int rc = cb_store_write(store, put_debtor_txn, (void *)id);
	cr_assert_eq(rc, CB_OK, "debtor %s: %s", id, cb_strerror(rc));
}

/* ---- outcomes ---- */

static void log_ok(time_t now, const char *account, struct cb_log_request req)
{
	struct cb_session s = as("ag.uno", now);
	struct cb_account_ref r = ref(account);
	const char *why = NULL;
	cb_txn_end(&rtxn);
	int rc = cb_queue_log(&s, &r, &req, &why);
	cr_assert_eq(rc, CB_OK, "log %s on %s: %s (%s)", req.code, account,
	    cb_strerror(rc), why ? why : "");
}

#define LOG(now, account, ...) \
	log_ok(now, account, (struct cb_log_request){ __VA_ARGS__ })

/* The month of the file's comment, in time order. */
static void march(void)
{
	add_debtor("11111111-1");
	add_debtor("22222222-2");
	add_debtor("33333333-3");
	PUT(at(2, 20, 12, 0),
	    { A, "F1", 'F', day(2026, 1, 10), day(2026, 2, 9), 1000000, NULL },
	    { B, "F0", 'F', day(2025, 11, 1), day(2025, 12, 1), 200000, NULL },
	    { B, "F3", 'F', day(2025, 12, 1), day(2025, 12, 31), 400000, NULL },
	    { B, "F4", 'F', day(2026, 2, 15), day(2026, 3, 17), 300000, NULL },
	    { C, "F5", 'F', day(2026, 2, 1), day(2026, 3, 3), 500000, NULL },
	    { C, "P3", 'P', CB_DAY_NONE, day(2026, 2, 20), 100000, NULL });
	LOG(at(2, 26, 10, 0), C, .code = "PTP", .amount = "100000",
	    .date = "2026-03-02");
	LOG(at(2, 28, 23, 59), B, .code = "NA");
	LOG(at(3, 2, 10, 0), A, .code = "PTP", .amount = "400000",
	    .date = "2026-03-12");
	LOG(at(3, 3, 10, 0), B, .code = "PTP", .amount = "300000",
	    .date = "2026-03-10");
	PUT(at(3, 5, 9, 0),
	    { A, "F2", 'F', day(2026, 3, 5), day(2026, 4, 4), 600000, NULL },
	    { B, "P5", 'P', CB_DAY_NONE, day(2026, 3, 5), 50000, NULL });
	LOG(at(3, 5, 11, 0), C, .code = "NA");
	LOG(at(3, 9, 12, 0), A, .code = "LM");
	PUT(at(3, 10, 9, 0),
	    { A, "NC1", 'N', day(2026, 3, 10), day(2026, 3, 10), 100000, "F1" });
	PUT(at(3, 12, 9, 0),
	    { A, "P1", 'P', CB_DAY_NONE, day(2026, 3, 12), 400000, "F1" });
	LOG(at(3, 16, 10, 0), B, .code = "PTP", .amount = "250000",
	    .date = "2026-03-20");
	LOG(at(3, 18, 15, 0), C, .code = "RPC");
	PUT(at(3, 20, 9, 0),
	    { B, "P2", 'P', CB_DAY_NONE, day(2026, 3, 20), 250000, "F3" });
	LOG(at(3, 20, 10, 0), C, .code = "PTP", .amount = "500000",
	    .date = "2026-03-25");
	LOG(at(3, 23, 10, 0), A, .code = "CB", .at = "2026-03-24 10:00-03:00");
	PUT(at(3, 25, 9, 0),
	    { C, "P4", 'P', CB_DAY_NONE, day(2026, 3, 25), 500000, NULL });
	LOG(at(3, 27, 10, 0), B, .code = "PLAN", .amount = "300000",
	    .date = "2026-03-31", .installments = 2);
	LOG(at(3, 30, 10, 0), A, .code = "PTP", .amount = "600000",
	    .date = "2026-04-03");
	LOG(at(3, 31, 23, 30), C, .code = "RTP");
	LOG(at(4, 1, 0, 30), A, .code = "BZ");
	struct cb_session s = as("sup.jefa", at(4, 2, 10, 0));
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_rescore(&s, NULL, NULL), CB_OK);
}

/* ---- the report ---- */

struct rows {
	struct cb_kpi_row row[4];
	size_t n;
};

static int add_row(const struct cb_kpi_row *r, void *arg)
{
	struct rows *rows = arg;
	cr_assert_lt(rows->n, 4);
	rows->row[rows->n++] = *r;
	return CB_OK;
}

static int kpi_rc(const char *login, time_t now,
    const struct cb_kpi_options *opt, struct rows *out)
{
	struct cb_session s = as(login, now);
	memset(out, 0, sizeof *out);
	cb_txn_end(&rtxn);
	return cb_kpi(&s, opt, add_row, out);
}

/* The row of "default" for March, asked on 2026-04-02 10:00. */
static struct cb_kpi_row march_row(void)
{
	struct cb_kpi_options opt;
	struct rows rows;
	cb_kpi_defaults(&opt);
	opt.from = day(2026, 3, 1);
	opt.to = day(2026, 3, 31);
	opt.portfolio = "default";
	int rc = kpi_rc("sup.jefa", at(4, 2, 10, 0), &opt, &rows);
	cr_assert_eq(rc, CB_OK, "kpi: %s", cb_strerror(rc));
	cr_assert_eq(rows.n, 1);
	return rows.row[0];
}

Test(kpi, a_month_worked_out_by_hand)
{
	march();
	struct cb_kpi_row r = march_row();
	cr_expect_str_eq(r.portfolio, "default");
	cr_expect_str_eq(r.currency, "CLP");
	cr_expect_eq(r.from, day(2026, 3, 1));
	cr_expect_eq(r.to, day(2026, 3, 31));
	cr_expect_eq(r.days, 31);
	cr_expect_eq(r.sales, 500000, "sales %lld", (long long)r.sales);
	cr_expect_eq(r.receivables_begin, 2300000, "B %lld",
	    (long long)r.receivables_begin);
	cr_expect_eq(r.receivables_end, 1600000, "E %lld",
	    (long long)r.receivables_end);
	cr_expect_eq(r.receivables_current, 500000, "Ec %lld",
	    (long long)r.receivables_current);
	cr_expect_eq(r.dso, 992, "DSO %lld", (long long)r.dso);
	cr_expect_eq(r.best_dso, 310, "best DSO %lld", (long long)r.best_dso);
	cr_expect_eq(r.cei, 522, "CEI %lld", (long long)r.cei);
	cr_expect_eq(r.outcomes, 11, "outcomes %llu",
	    (unsigned long long)r.outcomes);
	cr_expect_eq(r.conversations, 8);
	cr_expect_eq(r.promises, 6);
	cr_expect_eq(r.rpc_rate, 727, "RPC %lld", (long long)r.rpc_rate);
	cr_expect_eq(r.promise_rate, 750);
	cr_expect_eq(r.kept, 3, "kept %llu", (unsigned long long)r.kept);
	cr_expect_eq(r.broken, 2, "broken %llu", (unsigned long long)r.broken);
	cr_expect_eq(r.kept_rate, 600);
	cr_assert_eq(r.nrolls, 4);
	static const int64_t start[] = { 700000, 1000000, 400000, 200000 };
	static const int64_t rolled[] = { 300000, 500000, 150000, 150000 };
	static const int64_t rate[] = { 429, 500, 375, 750 };
	for (int b = 0; b < 4; b++) {
		cr_expect_eq(r.roll[b].start, start[b], "roll %d start %lld", b,
		    (long long)r.roll[b].start);
		cr_expect_eq(r.roll[b].rolled, rolled[b], "roll %d rolled %lld", b,
		    (long long)r.roll[b].rolled);
		cr_expect_eq(r.roll[b].rate, rate[b], "roll %d rate %lld", b,
		    (long long)r.roll[b].rate);
	}
}

/* ---- the same figures from elsewhere ---- */

struct from_log {
	time_t start, end;
	cb_day from, to;
	uint64_t outcomes, conversations, promises, kept, broken;
};

/* Every event of the log, as the log itself tells them: outcomes by their
 * time, kept and broken promises by the due date their event carries. */
static int count_event(const struct cb_event *ev, void *arg)
{
	struct from_log *l = arg;
	if (strcmp(ev->kind, "outcome") == 0 && ev->time >= l->start &&
	    ev->time < l->end) {
		const char *code = cb_event_value(ev, "code");
		l->outcomes++;
		l->conversations += cb_outcome_find(code)->kind ==
		    CB_OUTCOME_CONVERSATION;
		l->promises += strcmp(code, "PTP") == 0 ||
		    strcmp(code, "PLAN") == 0;
	}
	bool kept = strcmp(ev->kind, "promise_kept") == 0;
	if (kept || strcmp(ev->kind, "promise_broken") == 0) {
		cb_day due;
		cr_assert_eq(cb_day_parse(cb_event_value(ev, "date"), NULL, &due,
		    NULL), CB_OK);
		if (due >= l->from && due <= l->to) {
			l->kept += kept;
			l->broken += !kept;
		}
	}
	return CB_OK;
}

struct aging_sums {
	int64_t total, current;
};

static int add_aging(const struct cb_aging_row *r, void *arg)
{
	struct aging_sums *s = arg;
	s->total += r->amount;
	if (r->bucket == 0)
		s->current += r->amount;
	return CB_OK;
}

static struct aging_sums aging_on(cb_day as_of)
{
	struct cb_aging_options opt;
	struct aging_sums s = { 0, 0 };
	struct cb_session sup = as("sup.jefa", at(4, 2, 10, 0));
	cb_aging_defaults(&opt);
	opt.as_of = as_of;
	opt.portfolio = "default";
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_aging(&sup, &opt, add_aging, &s), CB_OK);
	return s;
}

Test(kpi, the_figures_agree_with_the_event_log_and_the_aging)
{
	march();
	struct cb_kpi_row r = march_row();
	struct from_log l = { .start = at(3, 1, 0, 0), .end = at(4, 1, 0, 0),
		.from = day(2026, 3, 1), .to = day(2026, 3, 31) };
	cr_assert_eq(cb_event_each(reader(), 1, count_event, &l), CB_OK);
	cr_expect_eq(r.outcomes, l.outcomes);
	cr_expect_eq(r.conversations, l.conversations);
	cr_expect_eq(r.promises, l.promises);
	cr_expect_eq(r.kept, l.kept);
	cr_expect_eq(r.broken, l.broken);
	struct aging_sums begin = aging_on(day(2026, 2, 28));
	struct aging_sums end = aging_on(day(2026, 3, 31));
	cr_expect_eq(r.receivables_begin, begin.total);
	cr_expect_eq(r.receivables_end, end.total);
	cr_expect_eq(r.receivables_current, end.current);
	/* What came in (payments dated in March, and the credit note) is what
	 * the CEI's numerator says was collected. */
	cr_expect_eq(r.receivables_begin + r.sales - r.receivables_end,
	    400000 + 50000 + 250000 + 500000);
}

/* ---- the rest ---- */

Test(kpi, every_portfolio_in_code_order_and_empty_figures)
{
	struct cb_kpi_options opt;
	struct rows rows;
	march();
	cb_kpi_defaults(&opt);
	opt.from = day(2026, 3, 1);
	opt.to = day(2026, 3, 31);
	cr_assert_eq(kpi_rc("sup.jefa", at(4, 2, 10, 0), &opt, &rows), CB_OK);
	cr_assert_eq(rows.n, 2);
	cr_expect_str_eq(rows.row[0].portfolio, "default");
	const struct cb_kpi_row *r = &rows.row[1];
	cr_expect_str_eq(r->portfolio, "lima");
	cr_expect_str_eq(r->currency, "PEN");
	cr_expect_eq(r->sales, 0);
	cr_expect_eq(r->receivables_end, 0);
	cr_expect_eq(r->dso, CB_KPI_NONE);
	cr_expect_eq(r->best_dso, CB_KPI_NONE);
	cr_expect_eq(r->cei, CB_KPI_NONE);
	cr_expect_eq(r->rpc_rate, CB_KPI_NONE);
	cr_expect_eq(r->promise_rate, CB_KPI_NONE);
	cr_expect_eq(r->kept_rate, CB_KPI_NONE);
	for (int b = 0; b < r->nrolls; b++)
		cr_expect_eq(r->roll[b].rate, CB_KPI_NONE);
}

Test(kpi, by_default_this_month_to_today)
{
	struct cb_kpi_options opt;
	struct rows rows;
	march();
	cb_kpi_defaults(&opt);
	opt.portfolio = "default";
	/* 2026-04-02 10:00: April 1 and 2; only the BZ of 04-01 00:30. */
	cr_assert_eq(kpi_rc("sup.jefa", at(4, 2, 10, 0), &opt, &rows), CB_OK);
	cr_expect_eq(rows.row[0].from, day(2026, 4, 1));
	cr_expect_eq(rows.row[0].to, day(2026, 4, 2));
	cr_expect_eq(rows.row[0].days, 2);
	cr_expect_eq(rows.row[0].outcomes, 1);
	cr_expect_eq(rows.row[0].conversations, 0);
	/* --to alone: its month. */
	opt.to = day(2026, 2, 28);
	cr_assert_eq(kpi_rc("sup.jefa", at(4, 2, 10, 0), &opt, &rows), CB_OK);
	cr_expect_eq(rows.row[0].from, day(2026, 2, 1));
	cr_expect_eq(rows.row[0].days, 28);
	/* February's sales: F4 300,000 and F5 500,000; its outcomes the PTP
	 * of 02-26 and the NA of 02-28 23:59. */
	cr_expect_eq(rows.row[0].sales, 800000);
	cr_expect_eq(rows.row[0].outcomes, 2);
	/* --from alone, after today. */
	opt.to = CB_DAY_NONE;
	opt.from = day(2026, 4, 3);
	cr_expect_eq(kpi_rc("sup.jefa", at(4, 2, 10, 0), &opt, &rows),
	    CB_ERR_INPUT);
}

Test(kpi, supervisors_and_admins_only)
{
	struct cb_kpi_options opt;
	struct rows rows;
	cb_kpi_defaults(&opt);
	cr_expect_eq(kpi_rc("ag.uno", at(4, 2, 10, 0), &opt, &rows),
	    CB_ERR_PERM);
	cr_expect_eq(rows.n, 0);
	cr_expect_eq(kpi_rc("root", at(4, 2, 10, 0), &opt, &rows), CB_OK);
	cr_expect_eq(rows.n, 2);
	opt.portfolio = "nowhere";
	cr_expect_eq(kpi_rc("sup.jefa", at(4, 2, 10, 0), &opt, &rows),
	    CB_ERR_NOTFOUND);
}

/* Without an issue date an invoice counts as a sale on its due date, and
 * a debit note counts like an invoice. */
Test(kpi, a_document_without_issue_date_is_sold_on_its_due_date)
{
	add_debtor("11111111-1");
	PUT(at(3, 1, 9, 0),
	    { A, "F1", 'F', CB_DAY_NONE, day(2026, 3, 15), 70000, NULL },
	    { A, "F2", 'F', CB_DAY_NONE, day(2026, 4, 15), 90000, NULL },
	    { A, "D1", 'D', day(2026, 3, 2), day(2026, 4, 1), 5000, "F1" },
	    { A, "N1", 'N', CB_DAY_NONE, day(2026, 2, 27), 3000, "F1" });
	struct cb_kpi_row r = march_row();
	cr_expect_eq(r.sales, 70000 + 5000, "sales %lld", (long long)r.sales);
}

/* A debit issued in the period with an older due date takes the credits
 * first and leaves more open on a debit of the start: what rolled is at
 * most what was there. */
Test(kpi, a_roll_is_at_most_what_was_open_at_the_start)
{
	add_debtor("11111111-1");
	/* 02-28: X 1,000 - 600 = 400 open, 13 days past due (1-30). */
	PUT(at(2, 20, 9, 0),
	    { A, "X", 'F', day(2026, 1, 15), day(2026, 2, 15), 1000, NULL },
	    { A, "P", 'P', CB_DAY_NONE, day(2026, 2, 20), 600, NULL });
	/* 03-31: Y (due 01-31) comes first and takes 500 of P: X has 900
	 * open, 44 days past due (31-60); 400 of it rolled. */
	PUT(at(3, 5, 9, 0),
	    { A, "Y", 'F', day(2026, 3, 5), day(2026, 1, 31), 500, NULL });
	struct cb_kpi_row r = march_row();
	cr_expect_eq(r.roll[1].start, 400);
	cr_expect_eq(r.roll[1].rolled, 400);
	cr_expect_eq(r.roll[1].rate, 1000);
	cr_expect_eq(r.roll[0].rate, CB_KPI_NONE);
}

Test(kpi, ratios_round_half_away_from_zero)
{
	cr_expect_eq(cb_kpi_ratio(1200000, 2300000, 1000), 522);
	cr_expect_eq(cb_kpi_ratio(1, 8, 1000), 125);
	cr_expect_eq(cb_kpi_ratio(1, 16, 1000), 63);    /* 62.5 */
	cr_expect_eq(cb_kpi_ratio(-1, 16, 1000), -63);
	cr_expect_eq(cb_kpi_ratio(1, 3, 10), 3);
	cr_expect_eq(cb_kpi_ratio(2, 3, 10), 7);
	cr_expect_eq(cb_kpi_ratio(0, 5, 1000), 0);
	cr_expect_eq(cb_kpi_ratio(5, 0, 1000), CB_KPI_NONE);
	cr_expect_eq(cb_kpi_ratio(5, -1, 1000), CB_KPI_NONE);
	/* Receivables whose thousandfold would not fit in 64 bits. */
	cr_expect_eq(cb_kpi_ratio(INT64_C(9000000000000000000),
	    INT64_C(3000000000000000000), 1000), 3000);
}

/* cb_aging_bucket() (aging.c), which the roll rates use. */
Test(kpi, aging_buckets_by_days_past_due)
{
	struct cb_aging_options opt;
	cb_aging_defaults(&opt);
	cr_expect_eq(cb_aging_bucket(&opt, -5), 0);
	cr_expect_eq(cb_aging_bucket(&opt, 0), 0);
	cr_expect_eq(cb_aging_bucket(&opt, 1), 1);
	cr_expect_eq(cb_aging_bucket(&opt, 30), 1);
	cr_expect_eq(cb_aging_bucket(&opt, 31), 2);
	cr_expect_eq(cb_aging_bucket(&opt, 90), 3);
	cr_expect_eq(cb_aging_bucket(&opt, 91), 4);
	cr_assert_eq(cb_aging_parse_bounds("15,45", &opt), CB_OK);
	cr_expect_eq(cb_aging_bucket(&opt, 15), 1);
	cr_expect_eq(cb_aging_bucket(&opt, 16), 2);
	cr_expect_eq(cb_aging_bucket(&opt, 46), 3);
}
