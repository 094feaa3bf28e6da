/* test_card.c -- tests of card.c: the card of an account as the workstation
 * shows it, read through the session API.  Every figure is worked out by
 * hand below.
 *
 * The account of most tests, default/11111111-1, as of 2026-03-02 in
 * Santiago (NOW), its documents by due date (open: what is left; dpd: days
 * past due):
 *   F0  invoice      250,000 2025-10-01  paid by P1 on 2025-10-05
 *   F1  invoice    2,000,000 2025-11-22  open 1,850,000  100 dpd  91+
 *   F8  invoice       70,000 2025-12-02  open    70,000   90 dpd  61-90
 *   F4  debit note   400,000 2025-12-20  open   400,000   72 dpd  61-90
 *   F3  invoice      300,000 2026-01-15  open   200,000   46 dpd  31-60
 *   F7  invoice       50,000 2026-01-30  open    50,000   31 dpd  31-60
 *   F2  invoice      800,000 2026-01-31  open   800,000   30 dpd  1-30
 *   NC1 credit note  150,000 2026-02-10  all taken by F1
 *   F6  invoice      100,000 2026-03-02  open   100,000    0 dpd  current
 *   F5  invoice      500,000 2026-03-10  open   500,000   -8      current
 * NC1 names no invoice: the oldest open debit, F1, takes it.  P2 pays
 * 100,000 of F3 on 2026-02-15.  The balance is 3,970,000; the buckets:
 * current 600,000, 1-30 800,000, 31-60 250,000, 61-90 470,000, 91+
 * 1,850,000 (and they add up to the balance). */
#include "card.h"

#include <string.h>

#include "error.h"
#include "event.h"
#include "ledger.h"
#include "library.h"
#include "model.h"
#include "promise.h"
#include "queue.h"
#include "rules.h"
#include "store_fixture.h"
#include "queue_fixture.h"
#include "user.h"
#include "work.h"

/* 2026-03-02 13:00 UTC: 10:00 in Santiago (UTC-3 in March). */
static const time_t NOW = 1772456400;
#define MIN 60

#define ACCOUNT "11111111-1"
#define CREDITS "22222222-2" /* owes nothing: its credits are unapplied */
#define LATER "33333333-3"   /* nothing due yet */

static int put_portfolio(struct cb_txn *txn, void *arg)
{
	struct cb_portfolio p = { .code = "default", .name = "Default",
		.currency = "CLP", .timezone = "America/Santiago",
		.country = "CL" };
	(void)arg;
	return cb_portfolio_put(txn, &p);
}

static void add_user(struct cb_session *admin, const char *login,
    enum cb_role role)
{
	struct cb_user u = { .login = login, .name = login, .role = role,
		.created = NOW };
	int rc = cb_user_add(admin, &u);
	cr_assert_eq(rc, CB_OK, "add %s: %s", login, cb_strerror(rc));
}

/* The database of test_queue.c: users, a portfolio, a pack that allows
 * every call at any time and a strategy with no steps. */
static void setup(void)
{
	struct cb_session admin;
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_eq(cb_user_first_admin(store, "root", "Admin", NOW), CB_OK);
	cr_assert_eq(cb_session_open(store, "root", NULL, &NOW, &admin), CB_OK);
	add_user(&admin, "ag.uno", CB_ROLE_AGENT);
	add_user(&admin, "ag.dos", CB_ROLE_AGENT);
	add_user(&admin, "sup.jefa", CB_ROLE_SUPERVISOR);
	rc = cb_store_write(store, put_portfolio, NULL);
	cr_assert_eq(rc, CB_OK, "portfolio: %s", cb_strerror(rc));
	quiet_rules_and_strategy(&admin);
	rtxn = NULL;
}

TestSuite(card, .init = setup, .fini = teardown);

/* An account by its portfolio and debtor. */
static struct cb_account_ref ref_of(const char *portfolio, const char *debtor)
{
	struct cb_account_ref r;
	snprintf(r.portfolio, sizeof r.portfolio, "%s", portfolio);
	snprintf(r.debtor, sizeof r.debtor, "%s", debtor);
	return r;
}

/* ---- accounts ---- */

struct doc {
	const char *id;
	enum cb_doc_type type; /* or -1: a payment */
	int y, m, d;           /* due date; a payment's date */
	int64_t amount;
	const char *names;     /* the invoice a payment names */
};

struct new_account {
	const char *debtor, *name;
	const struct doc *docs;
	size_t ndocs;
};

/* Writes one document of the debtor, its allocation not yet done. */
static int put_doc(struct cb_txn *txn, const char *debtor,
    const struct doc *x)
{
	cb_day date = day(x->y, x->m, x->d);
	if ((int)x->type == -1) {
		struct cb_payment p = { .portfolio = "default",
			.debtor = debtor, .id = x->id, .date = date,
			.amount = x->amount, .invoice = x->names,
			.method = "transfer", .unapplied = x->amount };
		return cb_payment_put(txn, &p);
	}
	struct cb_invoice inv = { .portfolio = "default", .debtor = debtor,
		.id = x->id, .type = x->type, .issue_date = CB_DAY_NONE,
		.due_date = date, .amount = x->amount, .open = x->amount,
		.settled = CB_DAY_NONE };
	return cb_invoice_put(txn, &inv);
}

static int put_account_txn(struct cb_txn *txn, void *arg)
{
	const struct new_account *n = arg;
	cb_day today = day(2026, 3, 2);
	struct cb_debtor d = { .id = n->debtor, .id_kind = CB_ID_RUT,
		.country = "CL", .name = n->name,
		.timezone = "America/Santiago",
		.email = "pagos@example.cl", .address = "Av. Siempre Viva 742",
		.city = "Santiago", .nphones = 2, .phones = {
		{ "+56 9 5555 0001", CB_PHONE_OK },
		{ "+56 2 2555 0002", CB_PHONE_BAD } } };
	int rc = cb_debtor_put(txn, &d);
	for (size_t i = 0; rc == CB_OK && i < n->ndocs; i++)
		rc = put_doc(txn, n->debtor, &n->docs[i]);
	if (rc == CB_OK)
		rc = cb_ledger_settle(txn, "default", n->debtor, today);
	return rc == CB_OK ? cb_work_refresh(txn, "default", n->debtor, today,
	    NOW, NULL) : rc;
}

/* Adds an account with its documents, settled and queued as of NOW. */
static void add_account(const char *debtor, const char *name,
    const struct doc *docs, size_t ndocs)
{
	struct new_account n = { debtor, name, docs, ndocs };
	int rc = cb_store_write(store, put_account_txn, &n);
	cr_assert_eq(rc, CB_OK, "account %s: %s", debtor, cb_strerror(rc));
}

#define PAYMENT ((enum cb_doc_type)-1)

static const struct doc standard_docs[] = {
	{ "F0", CB_DOC_INVOICE, 2025, 10, 1, 250000, NULL },
	{ "F1", CB_DOC_INVOICE, 2025, 11, 22, 2000000, NULL },
	{ "F2", CB_DOC_INVOICE, 2026, 1, 31, 800000, NULL },
	{ "F3", CB_DOC_INVOICE, 2026, 1, 15, 300000, NULL },
	{ "F4", CB_DOC_DEBIT_NOTE, 2025, 12, 20, 400000, NULL },
	{ "F5", CB_DOC_INVOICE, 2026, 3, 10, 500000, NULL },
	{ "F6", CB_DOC_INVOICE, 2026, 3, 2, 100000, NULL },
	{ "F7", CB_DOC_INVOICE, 2026, 1, 30, 50000, NULL },
	{ "F8", CB_DOC_INVOICE, 2025, 12, 2, 70000, NULL },
	{ "NC1", CB_DOC_CREDIT_NOTE, 2026, 2, 10, 150000, NULL },
	{ "P1", PAYMENT, 2025, 10, 5, 250000, "F0" },
	{ "P2", PAYMENT, 2026, 2, 15, 100000, "F3" },
};

static void standard(void)
{
	add_account(ACCOUNT, "Comercial Los Andes Ltda.", standard_docs,
	    sizeof standard_docs / sizeof *standard_docs);
}

/* The card of an account for login at now, which must load. */
static struct cb_card *card_of(const char *login, time_t now,
    const char *debtor, const char *language)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r = ref_of("default", debtor);
	struct cb_card *c = NULL;
	int rc = cb_card_load(&s, &r, language, &c);
	cr_assert_eq(rc, CB_OK, "card of %s: %s", debtor, cb_strerror(rc));
	cr_assert_not_null(c);
	return c;
}

/* The card's aging, bucket by bucket, and that it adds up to the
 * balance. */
static void expect_aging(const struct cb_card *c, int64_t current,
    int64_t b30, int64_t b60, int64_t b90, int64_t rest)
{
	const int64_t want[CB_CARD_BUCKETS] = { current, b30, b60, b90, rest };
	int64_t sum = 0;
	for (int b = 0; b < CB_CARD_BUCKETS; b++) {
		cr_expect_eq(c->aging[b], want[b], "bucket %d: %lld, want %lld",
		    b, (long long)c->aging[b], (long long)want[b]);
		sum += c->aging[b];
	}
	cr_expect_eq(sum, c->balance, "the buckets add up to %lld",
	    (long long)sum);
}

/* True when text is the card's own copy, in its pool. */
static bool in_pool(const struct cb_card *c, const char *text)
{
	return text >= c->pool.buf && text < c->pool.buf + c->pool.used;
}

/* ---- the tests ---- */

Test(card, the_debtor_and_the_portfolio)
{
	standard();
	struct cb_card *c = card_of("ag.uno", NOW, ACCOUNT, "es");
	cr_expect_str_eq(c->ref.portfolio, "default");
	cr_expect_str_eq(c->ref.debtor, ACCOUNT);
	cr_expect_str_eq(c->name, "Comercial Los Andes Ltda.");
	cr_expect_str_eq(c->country, "CL");
	cr_expect_str_eq(c->timezone, "America/Santiago");
	cr_expect_str_eq(c->email, "pagos@example.cl");
	cr_expect_str_eq(c->address, "Av. Siempre Viva 742");
	cr_expect_str_eq(c->city, "Santiago");
	cr_expect_str_eq(c->portfolio_name, "Default");
	cr_expect_str_eq(c->currency, "CLP");
	cr_assert_eq(c->nphones, 2);
	cr_expect_str_eq(c->phones[0].number, "+56 9 5555 0001");
	cr_expect_eq(c->phones[0].status, CB_PHONE_OK);
	cr_expect_str_eq(c->phones[1].number, "+56 2 2555 0002");
	cr_expect_eq(c->phones[1].status, CB_PHONE_BAD);
	cr_expect_eq(c->today, day(2026, 3, 2));
	/* The pack allows a call now, in the debtor's zone. */
	cr_expect_eq(c->calls.block, CB_BLOCK_NONE);
	cr_expect_str_eq(c->calls.pack, "ANYTIME");
	cb_card_free(&c);
	cr_expect_null(c);
}

Test(card, the_balance_and_its_aging_by_days_past_due)
{
	standard();
	struct cb_card *c = card_of("ag.uno", NOW, ACCOUNT, "es");
	cr_expect_eq(c->balance, 3970000, "%lld", (long long)c->balance);
	expect_aging(c, 600000, 800000, 250000, 470000, 1850000);
	/* Parcial: debits are open past due, none over 90 days without a
	 * payment in the last 90 (P2 was on 2026-02-15). */
	cr_expect_eq(c->segment, CB_SEG_PARCIAL);
	cb_card_free(&c);
}

Test(card, open_debits_come_first_oldest_first_then_the_rest_latest_first)
{
	static const struct {
		const char *id;
		enum cb_doc_type type;
		int y, m, d;
		int64_t amount, open;
		int days_late;
	} want[] = {
		{ "F1", CB_DOC_INVOICE, 2025, 11, 22, 2000000, 1850000, 100 },
		{ "F8", CB_DOC_INVOICE, 2025, 12, 2, 70000, 70000, 90 },
		{ "F4", CB_DOC_DEBIT_NOTE, 2025, 12, 20, 400000, 400000, 72 },
		{ "F3", CB_DOC_INVOICE, 2026, 1, 15, 300000, 200000, 46 },
		{ "F7", CB_DOC_INVOICE, 2026, 1, 30, 50000, 50000, 31 },
		{ "F2", CB_DOC_INVOICE, 2026, 1, 31, 800000, 800000, 30 },
		{ "F6", CB_DOC_INVOICE, 2026, 3, 2, 100000, 100000, 0 },
		{ "F5", CB_DOC_INVOICE, 2026, 3, 10, 500000, 500000, 0 },
		/* Settled and credit notes: the latest due first. */
		{ "NC1", CB_DOC_CREDIT_NOTE, 2026, 2, 10, -150000, 0, 0 },
		{ "F0", CB_DOC_INVOICE, 2025, 10, 1, 250000, 0, 0 },
	};
	standard();
	struct cb_card *c = card_of("ag.uno", NOW, ACCOUNT, "es");
	cr_assert_eq(c->ndocuments, sizeof want / sizeof *want, "%zu documents",
	    c->ndocuments);
	for (size_t i = 0; i < c->ndocuments; i++) {
		const struct cb_card_document *d = &c->documents[i];
		cr_expect_str_eq(d->id, want[i].id, "document %zu", i);
		cr_expect_eq(d->type, want[i].type, "%s: type", d->id);
		cr_expect_eq(d->due, day(want[i].y, want[i].m, want[i].d),
		    "%s: due", d->id);
		cr_expect_eq(d->amount, want[i].amount, "%s: amount %lld",
		    d->id, (long long)d->amount);
		cr_expect_eq(d->open, want[i].open, "%s: open %lld", d->id,
		    (long long)d->open);
		cr_expect_eq(d->days_late, want[i].days_late,
		    "%s: %d days late", d->id, d->days_late);
	}
	cb_card_free(&c);
}

Test(card, the_oldest_open_invoice_and_its_days_late)
{
	standard();
	struct cb_card *c = card_of("ag.uno", NOW, ACCOUNT, "es");
	/* F0 is older but settled: F1 is the oldest open debit. */
	cr_assert_not_null(c->oldest_invoice);
	cr_expect_str_eq(c->oldest_invoice, "F1");
	cr_expect_eq(c->oldest_days_late, 100);
	cr_expect_eq(c->oldest_due, day(2025, 11, 22));
	cb_card_free(&c);
	/* Ten days on, everything is ten days later: F6 (10) and F5 (2) in
	 * 1-30; F3 (56), F7 (41) and F2 (40) in 31-60; F4 (82) in 61-90; F8
	 * (100) joins F1 (110) in 91+.  Nothing is current any more. */
	c = card_of("ag.uno", NOW + 10 * 86400, ACCOUNT, "es");
	cr_expect_eq(c->today, day(2026, 3, 12));
	cr_expect_str_eq(c->oldest_invoice, "F1");
	cr_expect_eq(c->oldest_days_late, 110);
	expect_aging(c, 0, 600000, 1050000, 400000, 1920000);
	cr_expect_eq(c->documents[6].days_late, 10, "F6");
	cr_expect_eq(c->documents[7].days_late, 2, "F5");
	cb_card_free(&c);
}

Test(card, unapplied_credits_are_negative_and_current)
{
	/* G1 100,000 due 2026-02-01 is paid by Q1 (130,000 on 2026-02-20),
	 * which keeps 30,000 unapplied; NC2 (20,000) finds nothing open.
	 * The balance is -50,000, all of it "current". */
	static const struct doc docs[] = {
		{ "G1", CB_DOC_INVOICE, 2026, 2, 1, 100000, NULL },
		{ "NC2", CB_DOC_CREDIT_NOTE, 2026, 2, 25, 20000, NULL },
		{ "Q1", PAYMENT, 2026, 2, 20, 130000, NULL },
	};
	add_account(CREDITS, "Saldo a Favor SpA", docs, 3);
	struct cb_card *c = card_of("ag.uno", NOW, CREDITS, "es");
	cr_expect_eq(c->balance, -50000, "%lld", (long long)c->balance);
	expect_aging(c, -50000, 0, 0, 0, 0);
	/* Nothing open: the latest due first; the credit note negative. */
	cr_assert_eq(c->ndocuments, 2);
	cr_expect_str_eq(c->documents[0].id, "NC2");
	cr_expect_eq(c->documents[0].amount, -20000);
	cr_expect_eq(c->documents[0].open, -20000);
	cr_expect_eq(c->documents[0].days_late, 0);
	cr_expect_str_eq(c->documents[1].id, "G1");
	cr_expect_eq(c->documents[1].amount, 100000);
	cr_expect_eq(c->documents[1].open, 0);
	cr_expect_eq(c->documents[1].days_late, 0);
	cr_expect_null(c->oldest_invoice);
	cr_expect_eq(c->oldest_days_late, 0);
	cr_expect_eq(c->oldest_due, CB_DAY_NONE);
	cr_assert_not_null(c->out_reason);
	cr_expect_str_eq(c->out_reason, "nothing owed");
	cb_card_free(&c);
}

Test(card, documents_due_the_same_day_go_by_id)
{
	static const struct doc docs[] = {
		{ "B", CB_DOC_INVOICE, 2026, 2, 1, 1000, NULL },
		{ "A", CB_DOC_INVOICE, 2026, 2, 1, 2000, NULL },
		{ "D", CB_DOC_INVOICE, 2026, 1, 1, 500, NULL },
		{ "C", CB_DOC_INVOICE, 2026, 1, 1, 500, NULL },
		{ "P", PAYMENT, 2026, 1, 5, 1000, NULL },
	};
	/* P settles C and D (the oldest, C by id first). */
	add_account(ACCOUNT, "Pares", docs, 5);
	struct cb_card *c = card_of("ag.uno", NOW, ACCOUNT, "es");
	cr_assert_eq(c->ndocuments, 4);
	cr_expect_str_eq(c->documents[0].id, "A");
	cr_expect_str_eq(c->documents[1].id, "B");
	cr_expect_str_eq(c->documents[2].id, "C");
	cr_expect_str_eq(c->documents[3].id, "D");
	cr_expect_str_eq(c->oldest_invoice, "A");
	cr_expect_eq(c->oldest_days_late, 29);
	cr_expect_eq(c->balance, 3000);
	cr_expect_eq(c->aging[1], 3000);
	cb_card_free(&c);
}

/* ---- promises ---- */

static int put_promises(struct cb_txn *txn, void *arg)
{
	/* Made in this order (ids 1, 2, 3): a broken PTP, then two
	 * installments of plan 2. */
	struct cb_promise p[] = {
		{ .id = 1, .amount = 300000, .due = day(2026, 2, 20),
		  .made = NOW - 20 * 86400, .agent = "ag.uno",
		  .status = CB_PROMISE_BROKEN, .settled = day(2026, 2, 23) },
		{ .id = 2, .amount = 200000, .due = day(2026, 3, 10),
		  .made = NOW - 86400, .agent = "ag.dos", .plan = 2,
		  .status = CB_PROMISE_PENDING, .settled = CB_DAY_NONE },
		{ .id = 3, .amount = 250000, .due = day(2026, 4, 10),
		  .made = NOW - 86400, .agent = "ag.dos", .plan = 2,
		  .status = CB_PROMISE_PENDING, .settled = CB_DAY_NONE },
	};
	int rc = CB_OK;
	(void)arg;
	for (size_t i = 0; rc == CB_OK && i < 3; i++) {
		p[i].portfolio = "default";
		p[i].debtor = ACCOUNT;
		rc = cb_promise_put(txn, &p[i]);
	}
	return rc;
}

Test(card, promises_newest_first)
{
	standard();
	cr_assert_eq(cb_store_write(store, put_promises, NULL), CB_OK);
	struct cb_card *c = card_of("ag.uno", NOW, ACCOUNT, "es");
	cr_assert_eq(c->npromises, 3);
	cr_expect_eq(c->promises[0].due, day(2026, 4, 10));
	cr_expect_eq(c->promises[0].amount, 250000);
	cr_expect_eq(c->promises[0].status, CB_PROMISE_PENDING);
	cr_expect_str_eq(c->promises[0].agent, "ag.dos");
	cr_expect(c->promises[0].plan);
	cr_expect_eq(c->promises[1].due, day(2026, 3, 10));
	cr_expect_eq(c->promises[1].amount, 200000);
	cr_expect(c->promises[1].plan);
	cr_expect_eq(c->promises[2].due, day(2026, 2, 20));
	cr_expect_eq(c->promises[2].amount, 300000);
	cr_expect_eq(c->promises[2].status, CB_PROMISE_BROKEN);
	cr_expect_str_eq(c->promises[2].agent, "ag.uno");
	cr_expect_not(c->promises[2].plan);
	cb_card_free(&c);
}

/* ---- history ---- */

static void claim(const char *login, time_t now)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r;
	const char *why = NULL;
	int rc = cb_queue_next(&s, NULL, &r, &why);
	cr_assert_eq(rc, CB_OK, "next: %s (%s)", cb_strerror(rc),
	    why ? why : "");
	cr_assert_str_eq(r.debtor, ACCOUNT);
}

static void release(const char *login, time_t now)
{
	struct cb_session s = as(login, now);
	struct cb_account_ref r = ref_of("default", ACCOUNT);
	int rc = cb_queue_release(&s, &r);
	cr_assert_eq(rc, CB_OK, "release: %s", cb_strerror(rc));
}

Test(card, the_history_is_newest_first)
{
	standard();
	claim("ag.uno", NOW);
	release("ag.uno", NOW + 2 * MIN);
	claim("ag.dos", NOW + 3 * MIN);
	struct cb_card *c = card_of("ag.dos", NOW + 4 * MIN, ACCOUNT, "es");
	cr_assert_eq(c->nhistory, 3);
	cr_expect_str_eq(c->history[0].kind, "claim");
	cr_expect_str_eq(c->history[0].user, "ag.dos");
	cr_expect_eq(c->history[0].time, NOW + 3 * MIN);
	cr_expect_str_eq(c->history[0].details,
	    "agent=ag.dos until=\"2026-03-02 13:13\"");
	cr_expect_str_eq(c->history[1].kind, "release");
	cr_expect_str_eq(c->history[1].user, "ag.uno");
	cr_expect_eq(c->history[1].time, NOW + 2 * MIN);
	cr_expect_str_eq(c->history[1].details, "holder=ag.uno");
	cr_expect_str_eq(c->history[2].kind, "claim");
	cr_expect_eq(c->history[2].time, NOW);
	cr_expect_str_eq(c->history[2].details,
	    "agent=ag.uno until=\"2026-03-02 13:10\"");
	cb_card_free(&c);
}

Test(card, the_history_keeps_only_the_latest_events)
{
	/* 25 claims and releases: events 0-49, claim i = 2i at i minutes,
	 * its release 2i + 1 half a minute later.  The card keeps 10-49,
	 * newest first: history[k] is event 49 - k. */
	standard();
	for (int i = 0; i < 25; i++) {
		claim("ag.uno", NOW + i * MIN);
		release("ag.uno", NOW + i * MIN + 30);
	}
	struct cb_card *c = card_of("ag.uno", NOW + 30 * MIN, ACCOUNT, "es");
	cr_assert_eq(c->nhistory, CB_CARD_HISTORY);
	for (int k = 0; k < CB_CARD_HISTORY; k++) {
		int e = 49 - k, i = e / 2;
		bool released = e % 2 == 1;
		const struct cb_card_event *ev = &c->history[k];
		cr_expect_str_eq(ev->kind, released ? "release" : "claim",
		    "history %d", k);
		cr_expect_eq(ev->time, NOW + i * MIN + (released ? 30 : 0),
		    "history %d", k);
		cr_expect_str_eq(ev->user, "ag.uno");
		cr_expect_not_null(ev->details);
	}
	/* The oldest kept: the claim of 13:05, its lease to 13:15. */
	cr_expect_str_eq(c->history[CB_CARD_HISTORY - 1].details,
	    "agent=ag.uno until=\"2026-03-02 13:15\"");
	cb_card_free(&c);
}

/* Events of long details, written straight to the log. */
static int put_long_events(struct cb_txn *txn, void *arg)
{
	static char note[3000];
	int rc = CB_OK;
	(void)arg;
	memset(note, 'x', sizeof note - 1);
	for (int i = 0; rc == CB_OK && i < 45; i++) {
		struct cb_event ev;
		char n[16];
		snprintf(n, sizeof n, "%d", i);
		cb_event_init(&ev, "note", "ag.uno", NOW + i);
		ev.portfolio = "default";
		ev.debtor = ACCOUNT;
		cb_event_add(&ev, "n", n);
		cb_event_add(&ev, "note", note);
		rc = cb_event_append(txn, &ev);
	}
	return rc;
}

Test(card, long_texts_are_kept_whole_and_are_the_cards_own)
{
	/* 40 events of some 3 KB each, beyond any pool sized by guess. */
	char name[401];
	memset(name, 'N', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	add_account(ACCOUNT, name, standard_docs,
	    sizeof standard_docs / sizeof *standard_docs);
	cr_assert_eq(cb_store_write(store, put_long_events, NULL), CB_OK);
	struct cb_card *c = card_of("ag.uno", NOW + 60, ACCOUNT, "es");
	cr_expect_str_eq(c->name, name);
	cr_assert_eq(c->nhistory, CB_CARD_HISTORY);
	for (int k = 0; k < CB_CARD_HISTORY; k++) {
		const char *d = c->history[k].details;
		char want[16];
		snprintf(want, sizeof want, "n=%d ", 44 - k);
		cr_assert_not_null(d);
		cr_expect_eq(strncmp(d, want, strlen(want)), 0,
		    "history %d: %.8s", k, d);
		cr_expect_eq(strlen(d), strlen(want) + strlen("note=") + 2999,
		    "history %d: %zu bytes", k, strlen(d));
		cr_expect(in_pool(c, d));
		cr_expect(in_pool(c, c->history[k].user));
		cr_expect(in_pool(c, c->history[k].kind));
	}
	const char *texts[] = { c->name, c->country, c->timezone, c->email,
		c->address, c->city, c->portfolio_name, c->currency,
		c->phones[0].number, c->phones[1].number, c->oldest_invoice };
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		cr_expect(in_pool(c, texts[i]), "text %zu", i);
	for (size_t i = 0; i < c->ndocuments; i++)
		cr_expect(in_pool(c, c->documents[i].id), "document %zu", i);
	cb_card_free(&c);
}

/* ---- the lease ---- */

Test(card, the_holder_is_shown_while_the_lease_runs)
{
	standard();
	struct cb_card *c = card_of("ag.dos", NOW, ACCOUNT, "es");
	cr_expect_null(c->holder);
	cr_expect_eq(c->lease_until, 0);
	cr_expect_null(c->out_reason);
	cb_card_free(&c);
	claim("ag.uno", NOW);
	/* The lease: 10 minutes, to 10:10. */
	c = card_of("ag.dos", NOW + 10 * MIN - 1, ACCOUNT, "es");
	cr_assert_not_null(c->holder);
	cr_expect_str_eq(c->holder, "ag.uno");
	cr_expect(in_pool(c, c->holder));
	cr_expect_eq(c->lease_until, NOW + 10 * MIN);
	cb_card_free(&c);
	/* At its end it has lapsed, though nobody logged the lapse yet. */
	c = card_of("ag.dos", NOW + 10 * MIN, ACCOUNT, "es");
	cr_expect_null(c->holder);
	cr_expect_eq(c->lease_until, 0);
	cb_card_free(&c);
}

/* ---- the script ---- */

Test(card, the_script_follows_the_language)
{
	standard();
	/* 100 days past due: the firm scripts. */
	struct cb_card *c = card_of("ag.uno", NOW, ACCOUNT, "es");
	cr_assert_not_null(c->script);
	cr_expect_str_eq(c->script->language, "es");
	cr_expect_str_eq(c->script->id, "firm-es");
	cr_expect_eq(c->script_version, 1);
	cr_expect_eq(c->facts.balance, 3970000);
	cr_expect_eq(c->facts.oldest_dpd, 100);
	cr_expect_str_eq(c->facts.oldest_invoice, "F1");
	cr_expect_str_eq(c->facts.agent_name, "ag.uno");
	cb_card_free(&c);
	c = card_of("ag.uno", NOW, ACCOUNT, "en");
	cr_assert_not_null(c->script);
	cr_expect_str_eq(c->script->language, "en");
	cr_expect_str_eq(c->script->id, "firm-en");
	cb_card_free(&c);
}

Test(card, no_script_takes_an_account_not_yet_due)
{
	static const struct doc docs[] = {
		{ "H1", CB_DOC_INVOICE, 2026, 3, 31, 900000, NULL },
	};
	add_account(LATER, "Al Dia SA", docs, 1);
	struct cb_card *c = card_of("ag.uno", NOW, LATER, "es");
	cr_expect_null(c->script);
	cr_expect_eq(c->balance, 900000);
	cr_expect_eq(c->aging[0], 900000);
	/* Open, though not yet due: the oldest open debit all the same. */
	cr_assert_not_null(c->oldest_invoice);
	cr_expect_str_eq(c->oldest_invoice, "H1");
	cr_expect_eq(c->oldest_days_late, 0);
	cr_expect_eq(c->oldest_due, day(2026, 3, 31));
	cr_assert_not_null(c->out_reason);
	cr_expect_str_eq(c->out_reason, "not yet due");
	cb_card_free(&c);
}

/* ---- errors ---- */

Test(card, an_unknown_account_is_not_found)
{
	standard();
	struct cb_session s = as("ag.uno", NOW);
	struct cb_card *c = (struct cb_card *)&s; /* must stay as it is */
	struct cb_account_ref r = ref_of("default", "99999999-9");
	cr_expect_eq(cb_card_load(&s, &r, "es", &c), CB_ERR_NOTFOUND);
	cr_expect_eq(c, (struct cb_card *)&s);
	/* A debtor known, in a portfolio where it has no account. */
	r = ref_of("retail", ACCOUNT);
	cr_expect_eq(cb_card_load(&s, &r, "es", &c), CB_ERR_NOTFOUND);
	cr_expect_eq(c, (struct cb_card *)&s);
}

Test(card, free_takes_null)
{
	struct cb_card *c = NULL;
	cb_card_free(&c);
	cb_card_free(NULL);
	cr_expect_null(c);
}
