/* test_ledger.c -- tests of ledger.c: allocation of credits to debits,
 * balances, segments, and the check that stored figures follow from the
 * documents.  Every expected figure is worked out by hand in comments. */
#include "ledger.h"

#include "error.h"
#include "fixture.h"
#include "model.h"
#include "store.h"

static const char *dir;
static struct cb_store *store;
static struct cb_txn *rtxn; /* the read transaction of a test, if any */

static void setup(void)
{
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	rtxn = NULL;
}

static void teardown(void)
{
	cb_txn_end(&rtxn);
	cb_store_close(&store);
	fixture_cleanup();
}

TestSuite(ledger, .init = setup, .fini = teardown);

#define PF "default"
#define DEBTOR "12345678-5"
#define NONE CB_DAY_NONE

static cb_day day(int y, int m, int d)
{
	cb_day out;
	cr_assert_eq(cb_day_from_ymd(y, m, d, &out), CB_OK);
	return out;
}

/* The documents of one account, and the day it is settled on. */
struct doc {
	const char *id;
	int type; /* enum cb_doc_type, or -1 for a payment */
	cb_day issue, due_or_date;
	int64_t amount;
	const char *target; /* applies_to, or the invoice a payment names */
};

#define PAY -1

struct scenario {
	const char *debtor;
	const char *segment; /* the debtor's, from the import; or NULL */
	struct doc docs[12];
	size_t ndocs;
	cb_day today;
};

static int put_scenario(struct cb_txn *txn, void *arg)
{
	const struct scenario *s = arg;
	struct cb_portfolio p = { .code = PF, .name = "Default",
		.currency = "CLP", .timezone = "America/Santiago", .country = "CL" };
	struct cb_debtor d = { .id = s->debtor, .id_kind = CB_ID_RUT,
		.country = "CL", .name = "Comercial Test Ltda.",
		.timezone = "America/Santiago", .segment = s->segment };
	int rc = cb_portfolio_put(txn, &p);
	if (rc == CB_OK)
		rc = cb_debtor_put(txn, &d);
	for (size_t i = 0; i < s->ndocs && rc == CB_OK; i++) {
		const struct doc *x = &s->docs[i];
		if (x->type == PAY) {
			struct cb_payment pay = { .portfolio = PF, .debtor = s->debtor,
				.id = x->id, .date = x->due_or_date, .amount = x->amount,
				.invoice = x->target, .method = "transfer" };
			rc = cb_payment_put(txn, &pay);
		} else {
			struct cb_invoice inv = { .portfolio = PF, .debtor = s->debtor,
				.id = x->id, .type = (enum cb_doc_type)x->type,
				.issue_date = x->issue, .due_date = x->due_or_date,
				.amount = x->amount, .applies_to = x->target,
				.open = x->amount, .settled = NONE };
			rc = cb_invoice_put(txn, &inv);
		}
	}
	if (rc == CB_OK)
		rc = cb_ledger_settle(txn, PF, s->debtor, s->today);
	return rc;
}

/* Stores the scenario, settles it and opens rtxn to read the results. */
static void settle(struct scenario *s)
{
	if (s->debtor == NULL)
		s->debtor = DEBTOR;
	int rc = cb_store_write(store, put_scenario, s);
	cr_assert_eq(rc, CB_OK, "settle: %s", cb_strerror(rc));
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
}

static struct cb_account account(const char *debtor)
{
	struct cb_account a;
	int rc = cb_account_get(rtxn, PF, debtor ? debtor : DEBTOR, &a);
	cr_assert_eq(rc, CB_OK, "account: %s", cb_strerror(rc));
	return a;
}

static struct cb_invoice invoice(const char *id)
{
	struct cb_invoice inv;
	int rc = cb_invoice_get(rtxn, PF, DEBTOR, id, &inv);
	cr_assert_eq(rc, CB_OK, "invoice %s: %s", id, cb_strerror(rc));
	return inv;
}

static struct cb_payment payment(const char *id)
{
	struct cb_payment pay;
	int rc = cb_payment_get(rtxn, PF, DEBTOR, id, &pay);
	cr_assert_eq(rc, CB_OK, "payment %s: %s", id, cb_strerror(rc));
	return pay;
}

static void expect_open(const char *id, int64_t open, cb_day settled)
{
	struct cb_invoice inv = invoice(id);
	cr_expect_eq(inv.open, open, "%s open %lld, want %lld", id,
	    (long long)inv.open, (long long)open);
	cr_expect_eq(inv.settled, settled, "%s settled %d, want %d", id,
	    (int)inv.settled, (int)settled);
}

static void expect_account(int64_t balance, uint32_t open_docs,
    cb_day oldest_due, cb_day last_payment, enum cb_segment segment)
{
	struct cb_account a = account(NULL);
	cr_expect_eq(a.balance, balance, "balance %lld, want %lld",
	    (long long)a.balance, (long long)balance);
	cr_expect_eq(a.open_docs, open_docs, "open_docs %u, want %u",
	    a.open_docs, open_docs);
	cr_expect_eq(a.oldest_due, oldest_due, "oldest_due %d, want %d",
	    (int)a.oldest_due, (int)oldest_due);
	cr_expect_eq(a.last_payment, last_payment, "last_payment %d, want %d",
	    (int)a.last_payment, (int)last_payment);
	cr_expect_eq(a.segment, segment, "segment %s, want %s",
	    cb_segment_name(a.segment), cb_segment_name(segment));
}

static void expect_verified(void)
{
	const char *why = NULL, *doc = NULL;
	int rc = cb_ledger_verify(rtxn, PF, DEBTOR, &why, &doc);
	cr_expect_eq(rc, CB_OK, "verify: %s (%s)", why ? why : cb_strerror(rc),
	    doc ? doc : "");
}

Test(ledger, a_named_invoice_is_paid_first_then_the_oldest)
{
	/* Ids out of due-date order, so that id order would give another
	 * answer.  P1 (2500) names F1: F1 takes 2000 and is settled on
	 * 03-01; the 500 left go to the oldest open by due date, F9 (due
	 * 01-10): 1000 - 500 = 500.  F5 is untouched. */
	struct scenario s = { .docs = {
		{ "F9", CB_DOC_INVOICE, NONE, day(2025, 1, 10), 1000, NULL },
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 2, 10), 2000, NULL },
		{ "F5", CB_DOC_INVOICE, NONE, day(2025, 3, 10), 500, NULL },
		{ "P1", PAY, NONE, day(2025, 3, 1), 2500, "F1" },
	}, .ndocs = 4, .today = day(2025, 3, 5) };
	settle(&s);
	expect_open("F1", 0, day(2025, 3, 1));
	expect_open("F9", 500, NONE);
	expect_open("F5", 500, NONE);
	cr_expect_eq(payment("P1").unapplied, 0);
	/* 500 + 500 open in two debits; F9 open past due: parcial. */
	expect_account(1000, 2, day(2025, 1, 10), day(2025, 3, 1),
	    CB_SEG_PARCIAL);
	expect_verified();
}

Test(ledger, an_unnamed_payment_goes_oldest_first)
{
	/* F2 is due first (02-01) though its id sorts last; P1 (1500)
	 * settles F2 (1000) and leaves 500 on F1: 1000 - 500 = 500. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 3, 1), 1000, NULL },
		{ "F2", CB_DOC_INVOICE, NONE, day(2025, 2, 1), 1000, NULL },
		{ "P1", PAY, NONE, day(2025, 1, 20), 1500, NULL },
	}, .ndocs = 3, .today = day(2025, 1, 25) };
	settle(&s);
	expect_open("F2", 0, day(2025, 1, 20));
	expect_open("F1", 500, NONE);
	cr_expect_eq(payment("P1").unapplied, 0);
	/* Paid before due, nothing past due as of 01-25: cumplidor. */
	expect_account(500, 1, day(2025, 3, 1), day(2025, 1, 20),
	    CB_SEG_CUMPLIDOR);
	expect_verified();
}

Test(ledger, payments_apply_in_date_order)
{
	/* PB (01-05, 700) comes before PA (01-25, 700) whatever their ids:
	 * PB settles nothing alone: F1 1000 - 700 = 300; PA pays F1's 300
	 * (settled 01-25) and 400 of F2: 800 - 400 = 400. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 1, 31), 1000, NULL },
		{ "F2", CB_DOC_INVOICE, NONE, day(2025, 2, 28), 800, NULL },
		{ "PA", PAY, NONE, day(2025, 1, 25), 700, NULL },
		{ "PB", PAY, NONE, day(2025, 1, 5), 700, NULL },
	}, .ndocs = 4, .today = day(2025, 2, 1) };
	settle(&s);
	expect_open("F1", 0, day(2025, 1, 25));
	expect_open("F2", 400, NONE);
	expect_account(400, 1, day(2025, 2, 28), day(2025, 1, 25),
	    CB_SEG_CUMPLIDOR);
	expect_verified();
}

Test(ledger, a_credit_note_reduces_the_invoice_it_applies_to)
{
	/* NC1 (300) applies to F2, not to the older F1: F2 1000 - 300 =
	 * 700, F1 stays 1000.  The note is fully applied. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 1, 10), 1000, NULL },
		{ "F2", CB_DOC_INVOICE, NONE, day(2025, 2, 10), 1000, NULL },
		{ "NC1", CB_DOC_CREDIT_NOTE, day(2025, 1, 15), day(2025, 1, 15),
		  300, "F2" },
	}, .ndocs = 3, .today = day(2025, 1, 5) };
	settle(&s);
	expect_open("F1", 1000, NONE);
	expect_open("F2", 700, NONE);
	cr_expect_eq(invoice("NC1").open, 0, "nothing of the note unapplied");
	/* No payment; nothing due yet as of 01-05. */
	expect_account(1700, 2, day(2025, 1, 10), NONE, CB_SEG_CUMPLIDOR);
	expect_verified();
}

Test(ledger, a_credit_note_is_dated_by_its_issue_day)
{
	/* NC1 was issued 01-05 (its "due" date, 03-30, means nothing for a
	 * credit): it comes before P1 (02-01).  NC1 400 -> F1: 600; P1 600
	 * -> F1: 0, settled on P1's day, 02-01.  Dated 03-30 it would come
	 * last and F1 would be settled on 03-30. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 1, 10), 1000, NULL },
		{ "NC1", CB_DOC_CREDIT_NOTE, day(2025, 1, 5), day(2025, 3, 30),
		  400, NULL },
		{ "P1", PAY, NONE, day(2025, 2, 1), 600, NULL },
	}, .ndocs = 3, .today = day(2025, 4, 1) };
	settle(&s);
	expect_open("F1", 0, day(2025, 2, 1));
	cr_expect_eq(invoice("NC1").open, 0);
	cr_expect_eq(payment("P1").unapplied, 0);
	expect_account(0, 0, NONE, day(2025, 2, 1), CB_SEG_PARCIAL);
	expect_verified();
}

Test(ledger, a_credit_note_has_no_settled_day)
{
	/* "settled" is the day a debit was paid off; a credit note, fully
	 * applied or not, is no debit and keeps CB_DAY_NONE. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 1, 10), 1000, NULL },
		{ "NC1", CB_DOC_CREDIT_NOTE, day(2025, 1, 5), day(2025, 1, 5),
		  300, "F1" },
		{ "NC2", CB_DOC_CREDIT_NOTE, day(2025, 1, 6), day(2025, 1, 6),
		  900, NULL },
	}, .ndocs = 3, .today = day(2025, 1, 7) };
	/* NC1: F1 1000 - 300 = 700; NC2: F1 0 (settled 01-06), 200 left. */
	settle(&s);
	expect_open("F1", 0, day(2025, 1, 6));
	expect_open("NC1", 0, NONE);
	expect_open("NC2", 200, NONE);
	expect_account(-200, 1, NONE, NONE, CB_SEG_CUMPLIDOR);
}

Test(ledger, a_credit_note_larger_than_its_invoice_goes_on_to_the_oldest)
{
	/* NC1 (1500) applies to F2 (1000): F2 settled on the note's issue
	 * day 02-01; 500 go to F1: 800 - 500 = 300. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 1, 10), 800, NULL },
		{ "F2", CB_DOC_INVOICE, NONE, day(2025, 2, 10), 1000, NULL },
		{ "NC1", CB_DOC_CREDIT_NOTE, day(2025, 2, 1), day(2025, 2, 1),
		  1500, "F2" },
	}, .ndocs = 3, .today = day(2025, 2, 2) };
	settle(&s);
	expect_open("F2", 0, day(2025, 2, 1));
	expect_open("F1", 300, NONE);
	cr_expect_eq(invoice("NC1").open, 0);
	/* F1 open past due as of 02-02: parcial; a note is no payment. */
	expect_account(300, 1, day(2025, 1, 10), NONE, CB_SEG_PARCIAL);
	expect_verified();
}

Test(ledger, an_overpayment_stays_unapplied)
{
	/* P1 (1500) settles F1 (1000) on 01-05, before it is due; 500 stay
	 * unapplied: balance -500, and the payment is an open document. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 1, 10), 1000, NULL },
		{ "P1", PAY, NONE, day(2025, 1, 5), 1500, "F1" },
	}, .ndocs = 2, .today = day(2025, 2, 1) };
	settle(&s);
	expect_open("F1", 0, day(2025, 1, 5));
	cr_expect_eq(payment("P1").unapplied, 500);
	expect_account(-500, 1, NONE, day(2025, 1, 5), CB_SEG_CUMPLIDOR);
	expect_verified();
}

Test(ledger, balance_is_open_debits_less_unapplied_credits)
{
	/* Debits by due: F1 1000 (01-10), ND1 debit note 200 (01-20).
	 * Credits by date: NC1 100 (issued 01-25, names none), P1 300
	 * (02-01, names F1), P2 1000 (02-02, names none).
	 *   NC1 -> F1: 900.  P1 -> F1: 600.
	 *   P2 -> F1: 0 (settled 02-02), 400 left -> ND1: 0 (02-02),
	 *   200 left unapplied.
	 * Balance 0 + 0 - 200 = -200; one open document (P2). */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, day(2025, 1, 1), day(2025, 1, 10), 1000,
		  NULL },
		{ "ND1", CB_DOC_DEBIT_NOTE, day(2025, 1, 12), day(2025, 1, 20), 200,
		  "F1" },
		{ "NC1", CB_DOC_CREDIT_NOTE, day(2025, 1, 25), day(2025, 1, 25), 100,
		  NULL },
		{ "P1", PAY, NONE, day(2025, 2, 1), 300, "F1" },
		{ "P2", PAY, NONE, day(2025, 2, 2), 1000, NULL },
	}, .ndocs = 5, .today = day(2025, 2, 3) };
	settle(&s);
	expect_open("F1", 0, day(2025, 2, 2));
	expect_open("ND1", 0, day(2025, 2, 2));
	cr_expect_eq(invoice("NC1").open, 0);
	cr_expect_eq(payment("P1").unapplied, 0);
	cr_expect_eq(payment("P2").unapplied, 200);
	/* Both debits were settled after their due dates: parcial. */
	expect_account(-200, 1, NONE, day(2025, 2, 2), CB_SEG_PARCIAL);
	expect_verified();
}

Test(ledger, an_unapplied_credit_note_lowers_the_balance)
{
	/* NC1 (500) with nothing to apply to stays open whole. */
	struct scenario s = { .docs = {
		{ "NC1", CB_DOC_CREDIT_NOTE, day(2025, 1, 5), day(2025, 1, 5), 500,
		  NULL },
	}, .ndocs = 1, .today = day(2025, 1, 6) };
	settle(&s);
	cr_expect_eq(invoice("NC1").open, 500);
	expect_account(-500, 1, NONE, NONE, CB_SEG_CUMPLIDOR);
	expect_verified();
}

Test(ledger, an_account_without_documents_is_zero)
{
	struct scenario s = { .ndocs = 0, .today = day(2025, 1, 6) };
	settle(&s);
	expect_account(0, 0, NONE, NONE, CB_SEG_CUMPLIDOR);
	expect_verified();
}

Test(ledger, open_docs_and_oldest_due_follow_the_open_debits)
{
	/* F-old (01-05) is paid in full by P1, so the oldest open is
	 * F-mid (02-05), not F-old; F-new (03-05) is open too. */
	struct scenario s = { .docs = {
		{ "F-new", CB_DOC_INVOICE, NONE, day(2025, 3, 5), 100, NULL },
		{ "F-mid", CB_DOC_INVOICE, NONE, day(2025, 2, 5), 200, NULL },
		{ "F-old", CB_DOC_INVOICE, NONE, day(2025, 1, 5), 300, NULL },
		{ "P1", PAY, NONE, day(2025, 1, 2), 300, NULL },
	}, .ndocs = 4, .today = day(2025, 1, 3) };
	settle(&s);
	expect_open("F-old", 0, day(2025, 1, 2));
	expect_open("F-mid", 200, NONE);
	expect_open("F-new", 100, NONE);
	expect_account(300, 2, day(2025, 2, 5), day(2025, 1, 2),
	    CB_SEG_CUMPLIDOR);
	expect_verified();
}

Test(ledger, settling_again_changes_nothing)
{
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 1, 10), 1000, NULL },
		{ "F2", CB_DOC_INVOICE, NONE, day(2025, 2, 10), 500, NULL },
		{ "P1", PAY, NONE, day(2025, 1, 8), 1200, NULL },
	}, .ndocs = 3, .today = day(2025, 1, 9) };
	/* F1 settled 01-08; F2 500 - 200 = 300. */
	settle(&s);
	expect_open("F1", 0, day(2025, 1, 8));
	expect_open("F2", 300, NONE);
	settle(&s);
	expect_open("F1", 0, day(2025, 1, 8));
	expect_open("F2", 300, NONE);
	cr_expect_eq(payment("P1").unapplied, 0);
	expect_account(300, 1, day(2025, 2, 10), day(2025, 1, 8),
	    CB_SEG_CUMPLIDOR);
	expect_verified();
}

static int add_payment(struct cb_txn *txn, void *arg)
{
	const struct doc *x = arg;
	struct cb_payment pay = { .portfolio = PF, .debtor = DEBTOR, .id = x->id,
		.date = x->due_or_date, .amount = x->amount, .invoice = x->target };
	int rc = cb_payment_put(txn, &pay);
	return rc == CB_OK ? cb_ledger_settle(txn, PF, DEBTOR, x->issue) : rc;
}

Test(ledger, a_new_payment_reallocates_the_whole_account)
{
	/* First P2 (01-20, 1000, names F2) settles F2.  Then P1 arrives,
	 * dated earlier (01-05, 1000, names none): in date order P1 now
	 * goes first, to the oldest open, F1 (01-10): settled 01-05; P2
	 * still settles F2 on 01-20. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 1, 10), 1000, NULL },
		{ "F2", CB_DOC_INVOICE, NONE, day(2025, 2, 10), 1000, NULL },
		{ "P2", PAY, NONE, day(2025, 1, 20), 1000, "F2" },
	}, .ndocs = 3, .today = day(2025, 1, 21) };
	settle(&s);
	expect_open("F1", 1000, NONE);
	expect_open("F2", 0, day(2025, 1, 20));
	/* F1 open 11 days past due: parcial. */
	expect_account(1000, 1, day(2025, 1, 10), day(2025, 1, 20),
	    CB_SEG_PARCIAL);
	struct doc p1 = { "P1", PAY, day(2025, 1, 21), day(2025, 1, 5), 1000,
		NULL };
	cr_assert_eq(cb_store_write(store, add_payment, &p1), CB_OK);
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	expect_open("F1", 0, day(2025, 1, 5));
	expect_open("F2", 0, day(2025, 1, 20));
	expect_account(0, 0, NONE, day(2025, 1, 20), CB_SEG_CUMPLIDOR);
	expect_verified();
}

/* Segments: as of 2025-06-01, from the history of payments. */

Test(ledger, paid_in_full_and_on_time_is_cumplidor)
{
	/* F1 paid on its due date (due today counts as on time), F2 paid
	 * before; F3 is open but not yet due. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 3, 31), 1000, NULL },
		{ "F2", CB_DOC_INVOICE, NONE, day(2025, 4, 30), 1000, NULL },
		{ "F3", CB_DOC_INVOICE, NONE, day(2025, 6, 30), 1000, NULL },
		{ "P1", PAY, NONE, day(2025, 3, 31), 1000, "F1" },
		{ "P2", PAY, NONE, day(2025, 4, 20), 1000, "F2" },
	}, .ndocs = 5, .today = day(2025, 6, 1) };
	settle(&s);
	expect_account(1000, 1, day(2025, 6, 30), day(2025, 4, 20),
	    CB_SEG_CUMPLIDOR);
}

Test(ledger, due_today_is_current)
{
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 6, 1), 1000, NULL },
	}, .ndocs = 1, .today = day(2025, 6, 1) };
	settle(&s);
	expect_account(1000, 1, day(2025, 6, 1), NONE, CB_SEG_CUMPLIDOR);
}

Test(ledger, paid_late_is_parcial)
{
	/* Everything paid, but F1 (due 03-31) only on 04-10. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 3, 31), 1000, NULL },
		{ "P1", PAY, NONE, day(2025, 4, 10), 1000, NULL },
	}, .ndocs = 2, .today = day(2025, 6, 1) };
	settle(&s);
	expect_open("F1", 0, day(2025, 4, 10));
	expect_account(0, 0, NONE, day(2025, 4, 10), CB_SEG_PARCIAL);
}

Test(ledger, open_past_due_is_parcial)
{
	/* F1 due 05-22: 10 days past due, not yet 90. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 5, 22), 1000, NULL },
	}, .ndocs = 1, .today = day(2025, 6, 1) };
	settle(&s);
	expect_account(1000, 1, day(2025, 5, 22), NONE, CB_SEG_PARCIAL);
}

Test(ledger, over_90_days_past_due_without_payment_is_moroso)
{
	/* F1 due 2025-03-02: 91 days before 06-01 (29 + 30 + 31 + 1). */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 3, 2), 1000, NULL },
	}, .ndocs = 1, .today = day(2025, 6, 1) };
	cr_assert_eq(day(2025, 6, 1) - day(2025, 3, 2), 91);
	settle(&s);
	expect_account(1000, 1, day(2025, 3, 2), NONE, CB_SEG_MOROSO);
}

Test(ledger, exactly_90_days_past_due_is_not_yet_moroso)
{
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 3, 3), 1000, NULL },
	}, .ndocs = 1, .today = day(2025, 6, 1) };
	cr_assert_eq(day(2025, 6, 1) - day(2025, 3, 3), 90);
	settle(&s);
	expect_account(1000, 1, day(2025, 3, 3), NONE, CB_SEG_PARCIAL);
}

Test(ledger, a_recent_partial_payment_is_parcial_not_moroso)
{
	/* F1 due 2024-12-01, 182 days past due, but 100 paid on 05-10 (22
	 * days ago): parcial. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2024, 12, 1), 1000, NULL },
		{ "P1", PAY, NONE, day(2025, 5, 10), 100, NULL },
	}, .ndocs = 2, .today = day(2025, 6, 1) };
	settle(&s);
	expect_open("F1", 900, NONE);
	expect_account(900, 1, day(2024, 12, 1), day(2025, 5, 10),
	    CB_SEG_PARCIAL);
}

Test(ledger, an_old_partial_payment_is_moroso)
{
	/* The same, but the 100 were paid on 2025-01-15: 137 days ago. */
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2024, 12, 1), 1000, NULL },
		{ "P1", PAY, NONE, day(2025, 1, 15), 100, NULL },
	}, .ndocs = 2, .today = day(2025, 6, 1) };
	settle(&s);
	expect_open("F1", 900, NONE);
	expect_account(900, 1, day(2024, 12, 1), day(2025, 1, 15),
	    CB_SEG_MOROSO);
}

Test(ledger, the_debtors_segment_overrides_history)
{
	/* History says moroso (as above); the import says cumplidor. */
	struct scenario s = { .segment = "cumplidor", .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2024, 12, 1), 1000, NULL },
	}, .ndocs = 1, .today = day(2025, 6, 1) };
	settle(&s);
	expect_account(1000, 1, day(2024, 12, 1), NONE, CB_SEG_CUMPLIDOR);
	expect_verified();
}

Test(ledger, the_debtors_segment_overrides_a_good_history)
{
	struct scenario s = { .segment = "moroso", .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 3, 31), 1000, NULL },
		{ "P1", PAY, NONE, day(2025, 3, 1), 1000, NULL },
	}, .ndocs = 2, .today = day(2025, 6, 1) };
	settle(&s);
	expect_account(0, 0, NONE, day(2025, 3, 1), CB_SEG_MOROSO);
}

/* The nightly re-score ages the segment from the account's record alone
 * (cb_account_segment()); on every day it must be what settling all the
 * documents again on that day gives. */
static void expect_segment_ages_as_settled(struct scenario *s, int days)
{
	cb_day first = s->today;
	settle(s);
	struct cb_account kept = account(NULL);
	for (int i = 0; i <= days; i++) {
		s->today = first + i;
		settle(s);
		enum cb_segment want = account(NULL).segment;
		cr_expect_eq(cb_account_segment(&kept, s->today), want,
		    "day %d: %s, settled %s", i,
		    cb_segment_name(cb_account_segment(&kept, s->today)),
		    cb_segment_name(want));
	}
}

Test(ledger, the_segment_ages_as_settling_again_would)
{
	/* Not yet due, then past due, then over 90 days without payment. */
	struct scenario open = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 6, 10), 1000, NULL },
		{ "F2", CB_DOC_INVOICE, NONE, day(2025, 7, 10), 1000, NULL },
	}, .ndocs = 2, .today = day(2025, 6, 1) };
	expect_segment_ages_as_settled(&open, 120);
}

Test(ledger, a_debit_paid_late_keeps_the_segment_parcial_as_it_ages)
{
	struct scenario s = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 3, 31), 1000, NULL },
		{ "P1", PAY, NONE, day(2025, 4, 10), 1000, NULL },
		{ "F2", CB_DOC_INVOICE, NONE, day(2025, 6, 30), 1000, NULL },
		{ "P2", PAY, NONE, day(2025, 5, 1), 200, NULL },
	}, .ndocs = 4, .today = day(2025, 5, 2) };
	expect_segment_ages_as_settled(&s, 200);
	cr_expect(account(NULL).paid_late);
}

Test(ledger, a_given_segment_stays_as_it_ages)
{
	struct scenario s = { .segment = "cumplidor", .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 3, 31), 1000, NULL },
	}, .ndocs = 1, .today = day(2025, 3, 1) };
	expect_segment_ages_as_settled(&s, 150);
	cr_expect_eq(account(NULL).segment, CB_SEG_CUMPLIDOR);
}

Test(ledger, accounts_of_other_debtors_are_apart)
{
	/* A payment of another debtor does not touch this account. */
	struct scenario other = { .debtor = "11111111-1", .docs = {
		{ "G1", CB_DOC_INVOICE, NONE, day(2025, 1, 10), 700, NULL },
		{ "Q1", PAY, NONE, day(2025, 1, 5), 5000, NULL },
	}, .ndocs = 2, .today = day(2025, 1, 6) };
	struct scenario mine = { .docs = {
		{ "F1", CB_DOC_INVOICE, NONE, day(2025, 1, 10), 1000, NULL },
	}, .ndocs = 1, .today = day(2025, 1, 6) };
	settle(&other);
	settle(&mine);
	expect_open("F1", 1000, NONE);
	expect_account(1000, 1, day(2025, 1, 10), NONE, CB_SEG_CUMPLIDOR);
	struct cb_account a = account("11111111-1");
	cr_expect_eq(a.balance, -4300); /* 700 - 5000 */
	cr_expect_eq(a.open_docs, 1);
}

/* Tampering: rewrite a stored figure the way a bad write would. */
struct tamper {
	const char *invoice; /* set its open amount, or NULL */
	const char *payment; /* set its unapplied amount, or NULL */
	int64_t value;
	bool balance;        /* add value to the account's balance */
	bool oldest_due;     /* move the account's oldest due date */
	bool paid_late;      /* turn the account's paid-late mark over */
};

static int tamper(struct cb_txn *txn, void *arg)
{
	const struct tamper *t = arg;
	int rc = CB_OK;
	if (t->invoice) {
		struct cb_invoice inv;
		char pf[64], db[64], id[64], to[64];
		if ((rc = cb_invoice_get(txn, PF, DEBTOR, t->invoice, &inv)) != CB_OK)
			return rc;
		/* Copy out of the map before writing. */
		snprintf(pf, sizeof pf, "%s", inv.portfolio);
		snprintf(db, sizeof db, "%s", inv.debtor);
		snprintf(id, sizeof id, "%s", inv.id);
		snprintf(to, sizeof to, "%s", inv.applies_to ? inv.applies_to : "");
		inv.portfolio = pf;
		inv.debtor = db;
		inv.id = id;
		inv.applies_to = to[0] ? to : NULL;
		inv.open = t->value;
		rc = cb_invoice_put(txn, &inv);
	}
	if (rc == CB_OK && t->payment) {
		struct cb_payment pay;
		char id[64], inv_id[64], method[64];
		if ((rc = cb_payment_get(txn, PF, DEBTOR, t->payment, &pay)) != CB_OK)
			return rc;
		snprintf(id, sizeof id, "%s", pay.id);
		snprintf(inv_id, sizeof inv_id, "%s", pay.invoice ? pay.invoice : "");
		snprintf(method, sizeof method, "%s", pay.method ? pay.method : "");
		pay.portfolio = PF;
		pay.debtor = DEBTOR;
		pay.id = id;
		pay.invoice = inv_id[0] ? inv_id : NULL;
		pay.method = method[0] ? method : NULL;
		pay.unapplied = t->value;
		rc = cb_payment_put(txn, &pay);
	}
	if (rc == CB_OK && (t->balance || t->oldest_due || t->paid_late)) {
		struct cb_account a;
		if ((rc = cb_account_get(txn, PF, DEBTOR, &a)) != CB_OK)
			return rc;
		a.portfolio = PF;
		a.debtor = DEBTOR;
		if (t->balance)
			a.balance += t->value;
		if (t->oldest_due)
			a.oldest_due += (cb_day)t->value;
		a.paid_late ^= t->paid_late;
		rc = cb_account_put(txn, &a);
	}
	return rc;
}

static struct scenario tamper_base = { .docs = {
	{ "F1", CB_DOC_INVOICE, NONE, 20100, 1000, NULL },
	{ "F2", CB_DOC_INVOICE, NONE, 20130, 1000, NULL },
	{ "P1", PAY, NONE, 20105, 1500, "F1" },
}, .ndocs = 3, .today = 20110 };

static void expect_corrupt(const struct tamper *t, const char *want_doc)
{
	const char *why = NULL, *doc = NULL;
	settle(&tamper_base);
	expect_verified();
	cr_assert_eq(cb_store_write(store, tamper, (void *)t), CB_OK);
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	int rc = cb_ledger_verify(rtxn, PF, DEBTOR, &why, &doc);
	cr_expect_eq(rc, CB_ERR_CORRUPT, "verify: %s", cb_strerror(rc));
	cr_expect_not_null(why);
	if (want_doc) {
		cr_assert_not_null(doc);
		cr_expect_str_eq(doc, want_doc);
	}
}

Test(ledger, verify_finds_a_changed_open_amount)
{
	/* F2 should be open 500 (P1: 1000 to F1, 500 to F2). */
	struct tamper t = { .invoice = "F2", .value = 400 };
	expect_corrupt(&t, "F2");
}

Test(ledger, verify_finds_a_settled_invoice_made_open)
{
	struct tamper t = { .invoice = "F1", .value = 1 };
	expect_corrupt(&t, "F1");
}

Test(ledger, verify_finds_a_changed_unapplied_amount)
{
	struct tamper t = { .payment = "P1", .value = 100 };
	expect_corrupt(&t, "P1");
}

Test(ledger, verify_finds_a_changed_balance)
{
	struct tamper t = { .balance = true, .value = 1 };
	expect_corrupt(&t, NULL);
}

Test(ledger, verify_finds_a_changed_oldest_due_date)
{
	struct tamper t = { .oldest_due = true, .value = -3 };
	expect_corrupt(&t, NULL);
}

Test(ledger, verify_finds_a_changed_paid_late_mark)
{
	/* F1, due 20100, was paid by P1 on 20105. */
	struct tamper t = { .paid_late = true };
	expect_corrupt(&t, NULL);
}

Test(ledger, verify_of_an_account_never_settled_fails)
{
	const char *why = NULL, *doc = NULL;
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	cr_expect_neq(cb_ledger_verify(rtxn, PF, "99999999-9", &why, &doc),
	    CB_OK);
}
