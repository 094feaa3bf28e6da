/* test_stats.c -- tests of stats.c: the promises report, the agents' days
 * and the activity, over one scenario acted through the session API at
 * fixed times, in time order (the log is searched by time).  Every
 * expected figure is worked out by hand below from what the scenario does.
 *
 * Two portfolios: "default" in pesos (CLP) kept in Santiago (UTC-3 in
 * March), "lima" in soles (PEN, 2 decimals) kept in Lima (UTC-5).  The
 * accounts (one invoice each, past due since February):
 *   A default/11111111-1  B default/22222222-2  C default/33333333-3
 *   D default/44444444-4  E default/55555555-5
 *   F lima/66666666-6     G lima/77777777-7
 *
 * The scenario (times UTC; Santiago is 3 hours behind, Lima 5):
 *   02-28 15:00  ag.a  PTP E 40,000 for 03-02        (broken 03-06)
 *   03-02 12:00  ag.a  NA G                          (07:00 in Lima)
 *         13:00  ag.a  PTP A 100,000 for 03-04       (kept 03-04)
 *         13:01  ag.a  PTP B 50,000 for 03-03        (broken 03-06)
 *         13:02  ag.a  PTP C 30,000 for 03-20        (pending)
 *         13:03  ag.a  PLAN F S/ 1,000.00 in 2 from 03-10 (2 pending)
 *         14:00  ag.a  RPC D
 *         15:30  ag.a  BZ E
 *   03-03 11:59  sup.jefa pins D
 *         12:00  ag.b  next: claims D
 *         12:05  ag.b  NA D
 *         12:20  ag.b  PTP D 20,000 for 03-10        (pending)
 *   03-04 23:00  root  imports a payment of A: 100,000 dated 03-04, which
 *                      keeps A's promise (20:00 of 03-04 in Santiago)
 *   03-05 12:49  sup.jefa pins G
 *         12:50  sup.jefa claims the next account for ag.b: G
 *         12:58  ag.b  RPC G
 *   03-06 05:00  sup.jefa re-scores: B's and E's promises are broken
 *   04-01 02:30  ag.b  PTP E 10,000 for 04-05        (pending; 23:30 of
 *                      03-31 in Santiago: a promise of March)
 *         02:40  root  adds the user ag.c (about no account: UTC, April)
 */
#include "stats.h"

#include <stdarg.h>

#include "error.h"
#include "event.h"
#include "import.h"
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

#define MIN 60
#define HOUR 3600
#define DAY 86400

#define A "default/11111111-1"
#define B "default/22222222-2"
#define C "default/33333333-3"
#define D "default/44444444-4"
#define E "default/55555555-5"
#define F "lima/66666666-6"
#define G "lima/77777777-7"

/* An instant written as ISO 8601 ("2026-03-02 13:00Z"). */
static time_t at(const char *iso)
{
	time_t t;
	const char *why = NULL;
	cr_assert_eq(cb_time_parse(iso, &t, &why), CB_OK, "%s: %s", iso,
	    why ? why : "");
	return t;
}

/* Users, rules and accounts are made before anything a test does. */
#define SETUP at("2026-02-10 12:00Z")

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

static void add_user(const char *login, enum cb_role role, time_t now)
{
	struct cb_session admin = as("root", now);
	struct cb_user u = { .login = login, .name = login, .role = role,
		.created = now };
	int rc = cb_user_add(&admin, &u);
	cr_assert_eq(rc, CB_OK, "add %s: %s", login, cb_strerror(rc));
}

/* One account with one invoice due 2026-02-01, settled and queued. */
static int put_account_txn(struct cb_txn *txn, void *arg)
{
	struct cb_account_ref r = ref(arg);
	char name[64];
	cb_day today = day(2026, 2, 10);
	snprintf(name, sizeof name, "Deudor %s", r.debtor);
	struct cb_debtor d = { .id = r.debtor, .id_kind = CB_ID_RUT,
		.country = "CL", .name = name, .timezone = "America/Santiago",
		.segment = "parcial", .nphones = 1,
		.phones = { { "+56 9 5555 0001", CB_PHONE_OK } } };
	struct cb_invoice inv = { .portfolio = r.portfolio, .debtor = r.debtor,
		.id = "F1", .type = CB_DOC_INVOICE, .issue_date = CB_DAY_NONE,
		.due_date = day(2026, 2, 1), .amount = 5000000, .open = 5000000,
		.settled = CB_DAY_NONE };
	int rc = cb_debtor_put(txn, &d);
	if (rc == CB_OK)
		rc = cb_invoice_put(txn, &inv);
	if (rc == CB_OK)
		rc = cb_ledger_settle(txn, r.portfolio, r.debtor, today);
	return rc == CB_OK ? cb_work_refresh(txn, r.portfolio, r.debtor, today,
	    SETUP, NULL) : rc;
}

/* The users, portfolios and accounts; a pack that allows every call at
 * any time and a strategy without steps (as in test_queue.c), so that
 * only what a test does moves the accounts. */
static void setup(void)
{
	static const char *const accounts[] = { A, B, C, D, E, F, G };
	time_t t = SETUP;
	dir = fixture_dir();
	rtxn = NULL;
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_eq(cb_user_first_admin(store, "root", "Admin", t), CB_OK);
	add_user("ag.a", CB_ROLE_AGENT, t);
	add_user("ag.b", CB_ROLE_AGENT, t);
	add_user("sup.jefa", CB_ROLE_SUPERVISOR, t);
	rc = cb_store_write(store, put_portfolios, NULL);
	cr_assert_eq(rc, CB_OK, "portfolios: %s", cb_strerror(rc));
	struct cb_session admin = as("root", t);
	quiet_rules_and_strategy(&admin);
	for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
		rc = cb_store_write(store, put_account_txn, (void *)accounts[i]);
		cr_assert_eq(rc, CB_OK, "account %s: %s", accounts[i],
		    cb_strerror(rc));
	}
}

TestSuite(stats, .init = setup, .fini = teardown);

/* ---- what people do ---- */

static void log_ok(const char *login, const char *when, const char *account,
    struct cb_log_request req)
{
	struct cb_session s = as(login, at(when));
	struct cb_account_ref r = ref(account);
	const char *why = NULL;
	int rc = cb_queue_log(&s, &r, &req, &why);
	cr_assert_eq(rc, CB_OK, "log %s on %s: %s (%s)", req.code, account,
	    cb_strerror(rc), why ? why : "");
}

static void code(const char *login, const char *when, const char *account,
    const char *c)
{
	log_ok(login, when, account, (struct cb_log_request){ .code = c });
}

static void promise(const char *login, const char *when,
    const char *account, const char *amount, const char *date)
{
	log_ok(login, when, account, (struct cb_log_request){ .code = "PTP",
	    .amount = amount, .date = date });
}

static void plan(const char *login, const char *when, const char *account,
    const char *amount, const char *date, int installments)
{
	log_ok(login, when, account, (struct cb_log_request){ .code = "PLAN",
	    .amount = amount, .date = date, .installments = installments });
}

static void supervise(const char *when, const char *account,
    enum cb_supervise what)
{
	struct cb_session s = as("sup.jefa", at(when));
	struct cb_account_ref r = ref(account);
	int rc = cb_queue_supervise(&s, &r, what, NULL);
	cr_assert_eq(rc, CB_OK, "supervise %s: %s", account, cb_strerror(rc));
}

/* What login claims (or a supervisor claims for agent) must be want. */
static void next_is(const char *login, const char *agent, const char *when,
    const char *want)
{
	struct cb_session s = as(login, at(when));
	struct cb_account_ref r;
	const char *why = NULL;
	char got[80];
	int rc = cb_queue_next(&s, agent, &r, &why);
	cr_assert_eq(rc, CB_OK, "next: %s (%s)", cb_strerror(rc),
	    why ? why : "");
	snprintf(got, sizeof got, "%s/%s", r.portfolio, r.debtor);
	cr_assert_str_eq(got, want);
}

static void import_payment(const char *when, const char *line)
{
	static struct cb_import_result result;
	static const struct cb_import_options none = { 0 };
	char text[200];
	struct cb_session admin = as("root", at(when));
	int n = snprintf(text, sizeof text,
	    "payment_id,debtor_id,date,amount\n%s\n", line);
	const char *path = fixture_file(dir, "payments.csv", text, (size_t)n);
	int rc = cb_import(&admin, CB_IMPORT_PAYMENTS, path, &none, &result);
	cr_assert_eq(rc, CB_OK, "import: %s", cb_strerror(rc));
}

static void rescore(const char *when)
{
	struct cb_session s = as("sup.jefa", at(when));
	int rc = cb_rescore(&s, NULL, NULL);
	cr_assert_eq(rc, CB_OK, "rescore: %s", cb_strerror(rc));
}

/* The scenario of the comment at the top. */
static void scenario(void)
{
	promise("ag.a", "2026-02-28 15:00Z", E, "40000", "2026-03-02");
	code("ag.a", "2026-03-02 12:00Z", G, "NA");
	promise("ag.a", "2026-03-02 13:00Z", A, "100000", "2026-03-04");
	promise("ag.a", "2026-03-02 13:01Z", B, "50000", "2026-03-03");
	promise("ag.a", "2026-03-02 13:02Z", C, "30000", "2026-03-20");
	plan("ag.a", "2026-03-02 13:03Z", F, "1000.00", "2026-03-10", 2);
	code("ag.a", "2026-03-02 14:00Z", D, "RPC");
	code("ag.a", "2026-03-02 15:30Z", E, "BZ");
	supervise("2026-03-03 11:59Z", D, CB_SUPERVISE_PIN);
	next_is("ag.b", NULL, "2026-03-03 12:00Z", D);
	code("ag.b", "2026-03-03 12:05Z", D, "NA");
	promise("ag.b", "2026-03-03 12:20Z", D, "20000", "2026-03-10");
	import_payment("2026-03-04 23:00Z", "P1,11111111-1,2026-03-04,100000");
	supervise("2026-03-05 12:49Z", G, CB_SUPERVISE_PIN);
	next_is("sup.jefa", "ag.b", "2026-03-05 12:50Z", G);
	code("ag.b", "2026-03-05 12:58Z", G, "RPC");
	rescore("2026-03-06 05:00Z");
	promise("ag.b", "2026-04-01 02:30Z", E, "10000", "2026-04-05");
	add_user("ag.c", CB_ROLE_AGENT, at("2026-04-01 02:40Z"));
}

/* ---- the reports as text ---- */

static char out[16384];

static void append(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void append(const char *fmt, ...)
{
	size_t n = strlen(out);
	va_list ap;
	if (n > 0)
		n += (size_t)snprintf(out + n, sizeof out - n, "; ");
	va_start(ap, fmt);
	vsnprintf(out + n, sizeof out - n, fmt, ap);
	va_end(ap);
}

/* A row: "group currency made/amount kept/amount broken/amount
 * pending/amount refused/amount rate". */
static int promises_row(const struct cb_stats_promises_row *r, void *arg)
{
	(void)arg;
	append("%s %s %llu/%lld %llu/%lld %llu/%lld %llu/%lld %llu/%lld %d",
	    r->group, r->currency,
	    (unsigned long long)r->made.count, (long long)r->made.amount,
	    (unsigned long long)r->kept.count, (long long)r->kept.amount,
	    (unsigned long long)r->broken.count, (long long)r->broken.amount,
	    (unsigned long long)r->pending.count, (long long)r->pending.amount,
	    (unsigned long long)r->refused.count, (long long)r->refused.amount,
	    r->kept_rate);
	return CB_OK;
}

static const char *promises_as(const char *login, time_t now,
    const char *from, const char *to, const char *agent, enum cb_stats_by by)
{
	struct cb_session s = as(login, now);
	struct cb_stats_promises_options opt = { .from = CB_DAY_NONE,
		.to = CB_DAY_NONE, .agent = agent, .by = by };
	if (from)
		cr_assert_eq(cb_day_parse(from, NULL, &opt.from, NULL), CB_OK);
	if (to)
		cr_assert_eq(cb_day_parse(to, NULL, &opt.to, NULL), CB_OK);
	out[0] = '\0';
	int rc = cb_stats_promises(&s, &opt, promises_row, NULL);
	cr_assert_eq(rc, CB_OK, "promises: %s", cb_strerror(rc));
	return out;
}

/* The promises report by the supervisor on 2026-04-02. */
static const char *promises(const char *from, const char *to,
    const char *agent, enum cb_stats_by by)
{
	return promises_as("sup.jefa", at("2026-04-02 12:00Z"), from, to, agent,
	    by);
}

/* A row: "agent day currency attempts contacts promises promised
 * collected worked rate". */
static int agents_row(const struct cb_stats_agent_day *r, void *arg)
{
	char d[11];
	(void)arg;
	cb_day_format(r->day, d);
	append("%s %s %s %llu %llu %llu %lld %lld %lld %d", r->agent, d,
	    r->currency, (unsigned long long)r->attempts,
	    (unsigned long long)r->contacts, (unsigned long long)r->promises,
	    (long long)r->promised, (long long)r->collected,
	    (long long)r->worked, r->contacts_per_hour);
	return CB_OK;
}

static const char *agents(const char *from, const char *to,
    const char *agent)
{
	struct cb_session s = as("sup.jefa", at("2026-04-02 12:00Z"));
	struct cb_stats_agents_options opt = { .from = CB_DAY_NONE,
		.to = CB_DAY_NONE, .agent = agent };
	cr_assert_eq(cb_day_parse(from, NULL, &opt.from, NULL), CB_OK);
	cr_assert_eq(cb_day_parse(to, NULL, &opt.to, NULL), CB_OK);
	out[0] = '\0';
	int rc = cb_stats_agents(&s, &opt, agents_row, NULL);
	cr_assert_eq(rc, CB_OK, "agents: %s", cb_strerror(rc));
	return out;
}

/* An event: "user kind account [code]", the account "-" when none. */
static int activity_row(const struct cb_event *ev, void *arg)
{
	uint64_t *last = arg;
	const char *c = cb_event_value(ev, "code");
	cr_expect_gt(ev->seq, *last, "oldest first");
	*last = ev->seq;
	append("%s %s %s%s%s%s", ev->user, ev->kind,
	    ev->portfolio ? ev->portfolio : "-", ev->portfolio ? "/" : "",
	    ev->debtor ? ev->debtor : "", c ? " " : "");
	if (c)
		strncat(out, c, sizeof out - strlen(out) - 1);
	return CB_OK;
}

static const char *activity(const char *from, const char *to,
    const char *agent, const char *account, const char *kinds)
{
	struct cb_session s = as("sup.jefa", at("2026-04-02 12:00Z"));
	struct cb_stats_activity_options opt = { .from = CB_DAY_NONE,
		.to = CB_DAY_NONE, .agent = agent, .kinds = kinds };
	struct cb_account_ref r;
	uint64_t last = 0;
	cr_assert_eq(cb_day_parse(from, NULL, &opt.from, NULL), CB_OK);
	cr_assert_eq(cb_day_parse(to, NULL, &opt.to, NULL), CB_OK);
	if (account) {
		r = ref(account);
		opt.portfolio = r.portfolio;
		opt.debtor = r.debtor;
	}
	out[0] = '\0';
	int rc = cb_stats_activity(&s, &opt, activity_row, &last);
	cr_assert_eq(rc, CB_OK, "activity: %s", cb_strerror(rc));
	return out;
}

/* ---- the period ---- */

Test(stats, the_period_is_this_month_to_today_in_utc)
{
	cb_day from = CB_DAY_NONE, to = CB_DAY_NONE;
	/* 2026-03-02 01:00 UTC (still 03-01 in Santiago). */
	cr_assert_eq(cb_stats_period(at("2026-03-02 01:00Z"), &from, &to),
	    CB_OK);
	cr_expect_eq(from, day(2026, 3, 1));
	cr_expect_eq(to, day(2026, 3, 2));
	/* 22:00 of 02-28 in Santiago is 03-01 in UTC: March already. */
	from = to = CB_DAY_NONE;
	cr_assert_eq(cb_stats_period(at("2026-02-28 22:00-03:00"), &from, &to),
	    CB_OK);
	cr_expect_eq(from, day(2026, 3, 1));
	cr_expect_eq(to, day(2026, 3, 1));
	/* Given ends are kept; only a period backwards is refused. */
	from = day(2025, 12, 1);
	to = CB_DAY_NONE;
	cr_assert_eq(cb_stats_period(at("2026-03-02 01:00Z"), &from, &to),
	    CB_OK);
	cr_expect_eq(from, day(2025, 12, 1));
	from = day(2026, 3, 3);
	to = day(2026, 3, 2);
	cr_expect_eq(cb_stats_period(0, &from, &to), CB_ERR_INPUT);
	from = to = day(2026, 3, 2);
	cr_expect_eq(cb_stats_period(0, &from, &to), CB_OK);
}

Test(stats, by_names_read_back)
{
	enum cb_stats_by by;
	for (int i = CB_STATS_BY_AGENT; i <= CB_STATS_BY_MONTH; i++) {
		cr_assert_eq(cb_stats_by_parse(cb_stats_by_name(
		    (enum cb_stats_by)i), &by), CB_OK);
		cr_expect_eq((int)by, i);
	}
	cr_expect_eq(cb_stats_by_parse("year", &by), CB_ERR_INPUT);
}

Test(stats, reports_are_for_supervisors_and_admins)
{
	struct cb_session s = as("ag.a", SETUP);
	struct cb_stats_promises_options p = { CB_DAY_NONE, CB_DAY_NONE,
		NULL, CB_STATS_BY_AGENT };
	struct cb_stats_agents_options a = { CB_DAY_NONE, CB_DAY_NONE, NULL };
	struct cb_stats_activity_options e = { .from = CB_DAY_NONE,
		.to = CB_DAY_NONE };
	cr_expect_eq(cb_stats_promises(&s, &p, promises_row, NULL),
	    CB_ERR_PERM);
	cr_expect_eq(cb_stats_agents(&s, &a, agents_row, NULL), CB_ERR_PERM);
	cr_expect_eq(cb_stats_activity(&s, &e, activity_row, NULL),
	    CB_ERR_PERM);
	s = as("root", SETUP);
	out[0] = '\0';
	cr_expect_eq(cb_stats_agents(&s, &a, agents_row, NULL), CB_OK);
	cr_expect_str_eq(out, "");
}

/* ---- promises ---- */

/*
 * The promises made in March, by agent.  ag.a in pesos: A 100,000 kept,
 * B 50,000 broken, C 30,000 pending (E's of February is not of March):
 * made 3 for 180,000, kept_rate 1 / (1 + 1) = 50.0%.  ag.a in soles: the
 * plan's two installments of S/ 500.00 (50,000 céntimos), pending: no
 * rate.  ag.b in pesos: D 20,000 and E 10,000 (23:30 of 03-31 in
 * Santiago, though 04-01 in UTC), pending.
 */
Test(stats, promises_by_agent_and_currency)
{
	scenario();
	cr_expect_str_eq(promises("2026-03-01", "2026-03-31", NULL,
	    CB_STATS_BY_AGENT),
	    "ag.a CLP 3/180000 1/100000 1/50000 1/30000 0/0 500; "
	    "ag.a PEN 2/100000 0/0 0/0 2/100000 0/0 -1; "
	    "ag.b CLP 2/30000 0/0 0/0 2/30000 0/0 -1");
	/* From February, E's broken 40,000 joins ag.a's: 1 / 3 = 33.3%. */
	cr_expect_str_eq(promises("2026-02-01", "2026-03-31", "ag.a",
	    CB_STATS_BY_AGENT),
	    "ag.a CLP 4/220000 1/100000 2/90000 1/30000 0/0 333; "
	    "ag.a PEN 2/100000 0/0 0/0 2/100000 0/0 -1");
	cr_expect_str_eq(promises("2026-03-01", "2026-03-31", "ag.b",
	    CB_STATS_BY_AGENT), "ag.b CLP 2/30000 0/0 0/0 2/30000 0/0 -1");
	cr_expect_str_eq(promises("2026-03-01", "2026-03-31", "nobody",
	    CB_STATS_BY_AGENT), "");
}

Test(stats, promises_by_day_week_and_month)
{
	scenario();
	cr_expect_str_eq(promises("2026-03-01", "2026-03-31", NULL,
	    CB_STATS_BY_DAY),
	    "2026-03-02 CLP 3/180000 1/100000 1/50000 1/30000 0/0 500; "
	    "2026-03-02 PEN 2/100000 0/0 0/0 2/100000 0/0 -1; "
	    "2026-03-03 CLP 1/20000 0/0 0/0 1/20000 0/0 -1; "
	    "2026-03-31 CLP 1/10000 0/0 0/0 1/10000 0/0 -1");
	/* 03-02 is a Monday; 03-31, a Tuesday, is of the week of 03-30. */
	cr_expect_str_eq(promises("2026-03-01", "2026-03-31", NULL,
	    CB_STATS_BY_WEEK),
	    "2026-03-02 CLP 4/200000 1/100000 1/50000 2/50000 0/0 500; "
	    "2026-03-02 PEN 2/100000 0/0 0/0 2/100000 0/0 -1; "
	    "2026-03-30 CLP 1/10000 0/0 0/0 1/10000 0/0 -1");
	cr_expect_str_eq(promises("2026-02-01", "2026-03-31", NULL,
	    CB_STATS_BY_MONTH),
	    "2026-02 CLP 1/40000 0/0 1/40000 0/0 0/0 0; "
	    "2026-03 CLP 5/210000 1/100000 1/50000 3/60000 0/0 500; "
	    "2026-03 PEN 2/100000 0/0 0/0 2/100000 0/0 -1");
}

Test(stats, a_promise_is_of_its_portfolios_day)
{
	scenario();
	/* E's of 23:30 on 03-31 in Santiago is not of April. */
	cr_expect_str_eq(promises("2026-04-01", "2026-04-30", NULL,
	    CB_STATS_BY_AGENT), "");
	cr_expect_str_eq(promises("2026-03-31", "2026-03-31", NULL,
	    CB_STATS_BY_AGENT), "ag.b CLP 1/10000 0/0 0/0 1/10000 0/0 -1");
	/* The default period of 2026-04-01 01:00 UTC is April 1 alone. */
	cr_expect_str_eq(promises_as("sup.jefa", at("2026-04-01 01:00Z"), NULL,
	    NULL, NULL, CB_STATS_BY_AGENT), "");
	/* From 03-31 to that day (UTC) holds it. */
	cr_expect_str_eq(promises_as("sup.jefa", at("2026-04-01 03:00Z"),
	    "2026-03-31", NULL, NULL, CB_STATS_BY_AGENT),
	    "ag.b CLP 1/10000 0/0 0/0 1/10000 0/0 -1");
}

/*
 * A plan beyond an agent's limits (7 installments, more than 6) waits for
 * a supervisor: its installments count as pending; refused, as refused.
 * G: S/ 70.00 in 7, refused; F: S/ 80.00 in 8, still waiting; A: a PTP.
 */
Test(stats, waiting_installments_are_pending_refused_apart)
{
	plan("ag.a", "2026-03-02 13:00Z", G, "70.00", "2026-03-10", 7);
	plan("ag.a", "2026-03-02 13:01Z", F, "80.00", "2026-03-10", 8);
	promise("ag.a", "2026-03-02 13:02Z", A, "5000", "2026-03-10");
	supervise("2026-03-02 14:00Z", G, CB_SUPERVISE_REFUSE);
	cr_expect_str_eq(promises("2026-03-01", "2026-03-31", NULL,
	    CB_STATS_BY_AGENT),
	    "ag.a CLP 1/5000 0/0 0/0 1/5000 0/0 -1; "
	    "ag.a PEN 15/15000 0/0 0/0 8/8000 7/7000 -1");
}

/* ---- agents ---- */

/*
 * What each agent did in March, by day in the accounts' zones:
 *   ag.a 03-02: from 12:00 (NA on G) to 15:30 (BZ on E): 3.5 hours,
 *     12,600 seconds.  In pesos: PTP A, B, C, RPC D, BZ E: 5 attempts, 4
 *     contacts, 3 promises of 180,000; 4 / 3.5 = 1.14 contacts an hour,
 *     11 tenths.  In soles: NA G, PLAN F: 2 attempts, 1 contact, 1
 *     promise of S/ 1,000.00 (the plan whole); 1 / 3.5 = 0.29: 3 tenths.
 *   ag.a 03-04: A's promise kept by the payment imported at 20:00 in
 *     Santiago: 100,000 collected, no work that day (no rate).
 *   ag.b 03-03: the claim at 12:00 to the PTP at 12:20: 1,200 seconds; NA
 *     and PTP D: 2 attempts, 1 contact, 1 promise of 20,000; 1 contact in
 *     a third of an hour: 3.0, 30 tenths.
 *   ag.b 03-05: the supervisor's claim for ag.b at 12:50 (the claim's
 *     agent) to the RPC on G at 12:58: 480 seconds, in soles; 1 contact in
 *     8 minutes: 7.5 an hour.
 *   ag.b 03-31: the PTP on E at 23:30 in Santiago alone (claim, outcome
 *     and release at once): at least one minute, 60 seconds; 1 contact:
 *     60.0 an hour.
 * The supervisor's pins and re-score, root's import: no agent's work.
 */
Test(stats, agents_days_by_currency)
{
	scenario();
	cr_expect_str_eq(agents("2026-03-01", "2026-03-31", NULL),
	    "ag.a 2026-03-02 CLP 5 4 3 180000 0 12600 11; "
	    "ag.a 2026-03-02 PEN 2 1 1 100000 0 12600 3; "
	    "ag.a 2026-03-04 CLP 0 0 0 0 100000 0 -1; "
	    "ag.b 2026-03-03 CLP 2 1 1 20000 0 1200 30; "
	    "ag.b 2026-03-05 PEN 1 1 0 0 0 480 75; "
	    "ag.b 2026-03-31 CLP 1 1 1 10000 0 60 600");
}

Test(stats, agents_filtered_by_agent_and_period)
{
	scenario();
	cr_expect_str_eq(agents("2026-03-03", "2026-03-05", "ag.a"),
	    "ag.a 2026-03-04 CLP 0 0 0 0 100000 0 -1");
	cr_expect_str_eq(agents("2026-03-01", "2026-03-30", "ag.b"),
	    "ag.b 2026-03-03 CLP 2 1 1 20000 0 1200 30; "
	    "ag.b 2026-03-05 PEN 1 1 0 0 0 480 75");
	/* February: E's promise of 02-28, alone that day. */
	cr_expect_str_eq(agents("2026-02-01", "2026-02-28", NULL),
	    "ag.a 2026-02-28 CLP 1 1 1 40000 0 60 600");
	/* April holds nothing of theirs: 04-01 02:30 UTC is 03-31 there. */
	cr_expect_str_eq(agents("2026-04-01", "2026-04-30", NULL), "");
}

/* ---- activity ---- */

Test(stats, activity_of_one_account_from_its_index)
{
	scenario();
	cr_expect_str_eq(activity("2026-03-01", "2026-03-31", NULL, A, NULL),
	    "ag.a claim default/11111111-1; "
	    "ag.a outcome default/11111111-1 PTP; "
	    "ag.a release default/11111111-1; "
	    "root payment default/11111111-1; "
	    "system promise_kept default/11111111-1");
	/* E: February's promise, March's call, the promise broken, and the
	 * promise of 03-31; with the period, only that of 03-31. */
	cr_expect_str_eq(activity("2026-03-31", "2026-04-30", NULL, E, NULL),
	    "ag.b claim default/55555555-5; "
	    "ag.b outcome default/55555555-5 PTP; "
	    "ag.b release default/55555555-5");
	cr_expect_str_eq(activity("2026-02-01", "2026-04-30", "ag.a", E,
	    "outcome"),
	    "ag.a outcome default/55555555-5 PTP; "
	    "ag.a outcome default/55555555-5 BZ");
}

Test(stats, activity_by_agent_and_kind)
{
	scenario();
	cr_expect_str_eq(activity("2026-03-01", "2026-03-31", "ag.b", NULL,
	    "outcome"),
	    "ag.b outcome default/44444444-4 NA; "
	    "ag.b outcome default/44444444-4 PTP; "
	    "ag.b outcome lima/77777777-7 RPC; "
	    "ag.b outcome default/55555555-5 PTP");
	cr_expect_str_eq(activity("2026-03-01", "2026-03-31", NULL, NULL,
	    " promise_kept, promise_broken "),
	    "system promise_kept default/11111111-1; "
	    "system promise_broken default/22222222-2; "
	    "system promise_broken default/55555555-5");
	cr_expect_str_eq(activity("2026-03-01", "2026-03-31", "sup.jefa", NULL,
	    "pin,claim"),
	    "sup.jefa pin default/44444444-4; "
	    "sup.jefa pin lima/77777777-7; "
	    "sup.jefa claim lima/77777777-7");
	cr_expect_str_eq(activity("2026-03-01", "2026-03-31", NULL, NULL,
	    "nothing"), "");
}

Test(stats, activity_days_are_the_portfolios_or_utc)
{
	scenario();
	/* 03-31 in Santiago: the PTP on E at 02:30 UTC of 04-01; the user
	 * added at 02:40 UTC, about no account, is of 04-01. */
	cr_expect_str_eq(activity("2026-03-31", "2026-03-31", NULL, NULL, NULL),
	    "ag.b claim default/55555555-5; "
	    "ag.b outcome default/55555555-5 PTP; "
	    "ag.b release default/55555555-5");
	cr_expect_str_eq(activity("2026-04-01", "2026-04-01", NULL, NULL, NULL),
	    "root user_added -");
	/* 03-04: the import at 23:00 UTC is of 03-04 in UTC too; the payment
	 * and the promise kept, of 03-04 in Santiago. */
	cr_expect_str_eq(activity("2026-03-04", "2026-03-04", NULL, NULL, NULL),
	    "root payment default/11111111-1; "
	    "system promise_kept default/11111111-1; "
	    "root import -");
	/* 03-02 in Lima begins at 05:00 UTC: ag.a's NA on G at 12:00 is of
	 * it, and nothing of 03-01. */
	cr_expect_str_eq(activity("2026-03-01", "2026-03-01", NULL, NULL, NULL),
	    "");
}
