/* test_certificate.c -- tests of certificate.c: the rows are exactly the
 * account's events in order with their channels, the totals agree with
 * counts made here from the events and the promise and payment tables,
 * the header holds the account as it stands, only supervisors and admins
 * may make one, and the CSV reads back into the events (in UTF-8, or
 * converted, a character the encoding cannot hold naming its row).
 *
 * The history, on default/11111111-1 (José Núñez, Av. Ñuble 100), A1
 * 300,000 due 2026-02-20 and A2 200,000 due 2026-02-25, times in UTC
 * (Santiago is UTC-3 in March):
 *   03-02 13:00  ag.uno: NA (claim, outcome, release)
 *   03-02 13:10  outbox: the letter of day 1 (Otra Cuenta gets one too)
 *   03-03 13:00  ag.uno: PTP 100,000 by 03-05
 *   03-04 23:00  payments import: P1 100,000 of 03-04 keeps it
 *   03-05 00:00  ag.uno: PTP 200,000 by 03-06
 *   03-09 05:00  re-score: broken (03-06 and two days of grace are past)
 *   03-09 13:00  ag.uno: CB for 03-10 13:00
 *   03-10 13:05  ag.uno: RPC, with a note
 * and the certificate is made on 03-10 at 15:00 by sup.jefa: 5 call
 * attempts, 3 right-party contacts (PTP, PTP, RPC), 1 letter, 2 promises
 * (1 kept, 1 broken), 1 payment of 100,000, balance 400,000 (P1 went to
 * A1, the oldest), 18 days from 02-20. */
#include "certificate.h"

#include "csv.h"
#include "error.h"
#include "event.h"
#include "import.h"
#include "library.h"
#include "model.h"
#include "outbox.h"
#include "promise.h"
#include "queue.h"
#include "rules.h"
#include "store_fixture.h"
#include "user.h"

/* 2026-03-02 13:00 UTC. */
static const time_t NOW = 1772456400;
#define MIN 60
#define HOUR 3600
#define DAY 86400
#define MADE (NOW + 8 * DAY + 2 * HOUR)

#define PF "default"
#define JOSE "11111111-1"
#define OTRA "22222222-2"
#define NOTE "habló la señora, dice \"pagará\", el lunes"

static void add_user(struct cb_session *admin, const char *login,
    enum cb_role role)
{
	struct cb_user u = { .login = login, .name = login, .role = role,
		.created = NOW };
	int rc = cb_user_add(admin, &u);
	cr_assert_eq(rc, CB_OK, "add %s: %s", login, cb_strerror(rc));
}

/* Every call allowed at any time; a strategy whose only step is a letter
 * on day 1. */
static const char anytime[] = "pack ANYTIME\ncountries CL PE ES US MX\n"
    "days mon-sun\nhours 00:00-24:00\nholidays ignore\nattempts\n"
    "conversations\n";
static const char letter_strategy[] = "strategy default\n"
    "name Tests: a letter\nlanguage es\n"
    "segment cumplidor parcial moroso\nday 1 letter firme\n\n"
    "template firme letter es\n{debtor.name}\nSaldo: {balance}.\n.\n";

static void setup(void)
{
	struct cb_session admin;
	char why[200], id[CB_SCRIPT_ID_MAX + 1];
	int version;
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_eq(cb_user_first_admin(store, "root", "Admin", NOW), CB_OK);
	cr_assert_eq(cb_session_open(store, "root", NULL, &NOW, &admin), CB_OK);
	add_user(&admin, "ag.uno", CB_ROLE_AGENT);
	add_user(&admin, "sup.jefa", CB_ROLE_SUPERVISOR);
	rc = cb_rules_load(&admin, anytime, sizeof anytime - 1, "anytime", why,
	    sizeof why);
	cr_assert_eq(rc, CB_OK, "rules: %s", why);
	rc = cb_library_load(&admin, CB_BOOK_STRATEGY, letter_strategy,
	    sizeof letter_strategy - 1, "letter", why, sizeof why, id,
	    &version);
	cr_assert_eq(rc, CB_OK, "strategy: %s", why);
	rtxn = NULL;
}

TestSuite(certificate, .init = setup, .fini = teardown);

/* ---- Building the history ---------------------------------------------- */

/* The session of login at now (made by root with --as and --now). */
static struct cb_session as(const char *login, time_t now)
{
	struct cb_session s;
	int rc = cb_session_open(store, "root", login, &now, &s);
	cr_assert_eq(rc, CB_OK, "session of %s: %s", login, cb_strerror(rc));
	return s;
}

static struct cb_account_ref ref(const char *debtor)
{
	struct cb_account_ref r;
	snprintf(r.portfolio, sizeof r.portfolio, "%s", PF);
	snprintf(r.debtor, sizeof r.debtor, "%s", debtor);
	return r;
}

static void import(enum cb_import_kind kind, const char *name,
    const char *text, time_t now)
{
	static struct cb_import_result result;
	struct cb_import_options opt = { .encoding = "UTF-8" };
	struct cb_session s = as("root", now);
	const char *path = fixture_file(dir, name, text, strlen(text));
	cb_txn_end(&rtxn);
	int rc = cb_import(&s, kind, path, &opt, &result);
	cr_assert_eq(rc, CB_OK, "import %s: %s (%s)", name, cb_strerror(rc),
	    result.nkept ? result.kept[0].message : "");
}

static void log_ok(time_t now, const char *debtor, struct cb_log_request req)
{
	struct cb_session s = as("ag.uno", now);
	struct cb_account_ref r = ref(debtor);
	const char *why = NULL;
	cb_txn_end(&rtxn);
	int rc = cb_queue_log(&s, &r, &req, &why);
	cr_assert_eq(rc, CB_OK, "log %s: %s (%s)", req.code, cb_strerror(rc),
	    why ? why : "");
}

static void history(void)
{
	import(CB_IMPORT_DEBTORS, "d.csv",
	    "debtor_id,name,segment,phone,address,city\n"
	    "11.111.111-1,José Núñez,parcial,+56 9 1111 1111,Av. Ñuble 100,"
	    "Santiago\n"
	    "22.222.222-2,Otra Cuenta,parcial,+56 9 2222 2222,Calle Dos 2,"
	    "Talca\n", NOW - HOUR);
	import(CB_IMPORT_INVOICES, "i.csv",
	    "invoice_id,debtor_id,due_date,amount\n"
	    "A1,11111111-1,2026-02-20,300000\n"
	    "A2,11111111-1,2026-02-25,200000\n"
	    "B1,22222222-2,2026-02-20,100000\n", NOW - HOUR);
	log_ok(NOW, JOSE, (struct cb_log_request){ .code = "NA" });
	log_ok(NOW, OTRA, (struct cb_log_request){ .code = "NA" });

	struct cb_session sup = as("sup.jefa", NOW + 10 * MIN);
	struct cb_outbox_report report;
	char out[300];
	snprintf(out, sizeof out, "%s/outbox", dir);
	cb_txn_end(&rtxn);
	int rc = cb_outbox_run(&sup, out, NULL, NULL, NULL, NULL, &report);
	cr_assert_eq(rc, CB_OK, "outbox: %s", cb_strerror(rc));
	cr_assert_eq(report.letters, 2);

	log_ok(NOW + DAY, JOSE, (struct cb_log_request){ .code = "PTP",
	    .amount = "100000", .date = "2026-03-05" });
	import(CB_IMPORT_PAYMENTS, "p.csv", "payment_id,debtor_id,date,amount\n"
	    "P1,11111111-1,2026-03-04,100000\n", NOW + 2 * DAY + 10 * HOUR);
	log_ok(NOW + 2 * DAY + 11 * HOUR, JOSE, (struct cb_log_request){
	    .code = "PTP", .amount = "200000", .date = "2026-03-06" });
	sup = as("sup.jefa", NOW + 6 * DAY + 16 * HOUR);
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_rescore(&sup, NULL, NULL), CB_OK);
	log_ok(NOW + 7 * DAY, JOSE, (struct cb_log_request){ .code = "CB",
	    .at = "2026-03-10 10:00-03:00" });
	log_ok(NOW + 8 * DAY + 5 * MIN, JOSE, (struct cb_log_request){
	    .code = "RPC", .note = NOTE });
}

/* ---- What the certificate gives, copied ------------------------------- */

struct row {
	uint64_t seq;
	time_t time;
	enum cb_cert_channel channel;
	char user[CB_LOGIN_MAX + 1], kind[32], code[64], label[64];
	char amount[32], date[16], details[1024];
	bool has_minor;
	int64_t minor;
};

struct rows {
	struct row r[64];
	size_t n;
};

static void copy(char *to, size_t size, const char *s)
{
	snprintf(to, size, "%s", s ? s : "");
}

static int add_row(const struct cb_cert_row *row, void *arg)
{
	struct rows *l = arg;
	cr_assert_lt(l->n, 64);
	struct row *r = &l->r[l->n++];
	r->seq = row->event->seq;
	r->time = row->event->time;
	r->channel = row->channel;
	copy(r->user, sizeof r->user, row->event->user);
	copy(r->kind, sizeof r->kind, row->event->kind);
	copy(r->code, sizeof r->code, row->code);
	copy(r->label, sizeof r->label, row->label);
	copy(r->amount, sizeof r->amount, row->amount);
	copy(r->date, sizeof r->date, row->date);
	copy(r->details, sizeof r->details, row->details);
	r->has_minor = row->has_minor;
	r->minor = row->minor;
	cr_expect_str_eq(row->certificate->currency, "CLP",
	    "the header is not filled before the rows");
	return CB_OK;
}

/* The certificate of debtor made by login at MADE, its rows in *rows. */
static int certificate_rc(const char *login, const char *debtor,
    struct rows *rows, struct cb_certificate **out)
{
	struct cb_session s = as(login, MADE);
	struct cb_account_ref r = ref(debtor);
	memset(rows, 0, sizeof *rows);
	cb_txn_end(&rtxn);
	return cb_certificate(&s, &r, add_row, rows, out);
}

static struct cb_certificate *certificate(struct rows *rows)
{
	struct cb_certificate *c = NULL;
	int rc = certificate_rc("sup.jefa", JOSE, rows, &c);
	cr_assert_eq(rc, CB_OK, "certificate: %s", cb_strerror(rc));
	cr_assert_not_null(c);
	return c;
}

/* The account's events as the log has them, read here. */
static int add_event(const struct cb_event *ev, void *arg)
{
	struct rows *l = arg;
	cr_assert_lt(l->n, 64);
	struct row *r = &l->r[l->n++];
	r->seq = ev->seq;
	r->time = ev->time;
	copy(r->user, sizeof r->user, ev->user);
	copy(r->kind, sizeof r->kind, ev->kind);
	copy(r->code, sizeof r->code, cb_event_value(ev, "code"));
	copy(r->label, sizeof r->label, cb_event_value(ev, "template"));
	copy(r->amount, sizeof r->amount, cb_event_value(ev, "amount"));
	copy(r->date, sizeof r->date, cb_event_value(ev, "date"));
	cb_event_details(ev, r->details, sizeof r->details);
	return CB_OK;
}

static struct rows *events(const char *debtor)
{
	static struct rows l;
	memset(&l, 0, sizeof l);
	cr_assert_eq(cb_event_each_account(reader(), PF, debtor, add_event, &l),
	    CB_OK);
	return &l;
}

/* The channel of a kind, as this test reads doc/cli.md. */
static enum cb_cert_channel channel_of(const char *kind)
{
	if (strcmp(kind, "outcome") == 0)
		return CB_CERT_CALL;
	if (strcmp(kind, "letter") == 0)
		return CB_CERT_LETTER;
	if (strcmp(kind, "email") == 0)
		return CB_CERT_EMAIL;
	if (strcmp(kind, "placement") == 0)
		return CB_CERT_PLACEMENT;
	return CB_CERT_SYSTEM;
}

static bool among(const char *code, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(code, *list) == 0)
			return true;
	return false;
}

/* ---- The tests --------------------------------------------------------- */

Test(certificate, the_channel_table)
{
	cr_expect_eq(cb_cert_channel_of("outcome"), CB_CERT_CALL);
	cr_expect_eq(cb_cert_channel_of("letter"), CB_CERT_LETTER);
	cr_expect_eq(cb_cert_channel_of("email"), CB_CERT_EMAIL);
	cr_expect_eq(cb_cert_channel_of("placement"), CB_CERT_PLACEMENT);
	static const char *const system[] = { "promise_kept", "promise_broken",
		"payment", "claim", "release", "lapse", "pin", "assign",
		"writeoff_review", "invoice_changed", "no_such_kind", "" };
	for (size_t i = 0; i < sizeof system / sizeof system[0]; i++)
		cr_expect_eq(cb_cert_channel_of(system[i]), CB_CERT_SYSTEM,
		    "%s", system[i]);
	cr_expect_eq(cb_cert_channel_of(NULL), CB_CERT_SYSTEM);
	cr_expect_str_eq(cb_cert_channel_name(CB_CERT_CALL), "call");
	cr_expect_str_eq(cb_cert_channel_name(CB_CERT_LETTER), "letter");
	cr_expect_str_eq(cb_cert_channel_name(CB_CERT_EMAIL), "email");
	cr_expect_str_eq(cb_cert_channel_name(CB_CERT_PLACEMENT), "placement");
	cr_expect_str_eq(cb_cert_channel_name(CB_CERT_SYSTEM), "system");
}

Test(certificate, the_rows_are_the_account_events_in_order)
{
	static struct rows got;
	history();
	struct cb_certificate *c = certificate(&got);
	struct rows *want = events(JOSE);
	cr_assert_eq(got.n, want->n, "%zu rows for %zu events", got.n, want->n);
	cr_expect_eq(c->events, want->n);
	for (size_t i = 0; i < got.n; i++) {
		struct row *g = &got.r[i], *w = &want->r[i];
		cr_expect_eq(g->seq, w->seq, "row %zu", i);
		cr_expect_eq(g->time, w->time, "row %zu", i);
		cr_expect_str_eq(g->user, w->user, "row %zu", i);
		cr_expect_str_eq(g->kind, w->kind, "row %zu", i);
		cr_expect_str_eq(g->details, w->details, "row %zu", i);
		cr_expect_eq(g->channel, channel_of(w->kind), "row %zu: %s", i,
		    w->kind);
		cr_expect_str_eq(g->date, w->date, "row %zu: %s", i, w->kind);
		if (g->channel == CB_CERT_CALL)
			cr_expect_str_eq(g->code, w->code, "row %zu", i);
		if (g->channel == CB_CERT_LETTER)
			cr_expect_str_eq(g->code, "firme");
		if (strcmp(w->kind, "promise_kept") && strcmp(w->kind,
		    "promise_broken"))
			cr_expect_str_eq(g->amount, w->amount, "row %zu: %s", i,
			    w->kind);
	}
	/* Each event once, oldest first; Otra Cuenta's are not here. */
	for (size_t i = 1; i < got.n; i++)
		cr_expect_gt(got.r[i].seq, got.r[i - 1].seq);
	struct rows *otra = events(OTRA);
	for (size_t i = 0; i < got.n; i++)
		for (size_t j = 0; j < otra->n; j++)
			cr_expect_neq(got.r[i].seq, otra->r[j].seq);
	cb_certificate_free(&c);
	cr_expect_null(c);
}

Test(certificate, what_each_kind_of_row_shows)
{
	static struct rows got;
	static const char *const kinds = "claim,outcome,release,letter,"
	    "claim,outcome,release,payment,promise_kept,claim,outcome,release,"
	    "promise_broken,claim,outcome,release,claim,outcome,release";
	char seen[1024] = "";
	history();
	struct cb_certificate *c = certificate(&got);
	for (size_t i = 0; i < got.n; i++) {
		size_t n = strlen(seen);
		snprintf(seen + n, sizeof seen - n, "%s%s", i ? "," : "",
		    got.r[i].kind);
	}
	cr_expect_str_eq(seen, kinds);
	struct row *na = &got.r[1], *letter = &got.r[3], *ptp = &got.r[5];
	struct row *paid = &got.r[7], *kept = &got.r[8], *broken = &got.r[12];
	struct row *cb = &got.r[14], *rpc = &got.r[17];
	cr_expect_str_eq(na->code, "NA");
	cr_expect_str_eq(na->label, "no answer");
	cr_expect_str_eq(na->amount, "");
	cr_expect_str_eq(letter->code, "firme");
	cr_expect_eq(letter->channel, CB_CERT_LETTER);
	cr_expect_str_eq(letter->user, "sup.jefa");
	cr_expect(strstr(letter->details, "to=\"Av. Ñuble 100\"") != NULL, "%s",
	    letter->details);
	cr_expect_str_eq(ptp->code, "PTP");
	cr_expect_str_eq(ptp->amount, "100000");
	cr_expect(ptp->has_minor);
	cr_expect_eq(ptp->minor, 100000);
	cr_expect_str_eq(ptp->date, "2026-03-05");
	cr_expect_str_eq(paid->amount, "100000");
	cr_expect_str_eq(paid->date, "2026-03-04");
	cr_expect_eq(paid->channel, CB_CERT_SYSTEM);
	/* The promises judged carry their amount from the promise table. */
	cr_expect_str_eq(kept->user, "system");
	cr_expect_str_eq(kept->amount, "100000");
	cr_expect_str_eq(kept->date, "2026-03-05");
	cr_expect_str_eq(broken->amount, "200000");
	cr_expect_eq(broken->minor, 200000);
	cr_expect_str_eq(broken->date, "2026-03-06");
	cr_expect_eq(broken->time, NOW + 6 * DAY + 16 * HOUR);
	cr_expect_str_eq(cb->code, "CB");
	cr_expect_str_eq(cb->date, "");
	cr_expect_str_eq(rpc->code, "RPC");
	cr_expect_str_eq(rpc->label, "right party, no commitment");
	cr_expect(strstr(rpc->details, "note=\"habló la señora, dice "
	    "\"\"pagará\"\", el lunes\"") != NULL, "%s", rpc->details);
	cr_expect_eq(got.r[0].channel, CB_CERT_SYSTEM); /* the claim */
	cb_certificate_free(&c);
}

struct table_counts {
	uint64_t promises, kept, broken, pending, payments;
	int64_t paid;
};

static int count_promise(const struct cb_promise *p, void *arg)
{
	struct table_counts *t = arg;
	t->promises++;
	t->kept += p->status == CB_PROMISE_KEPT;
	t->broken += p->status == CB_PROMISE_BROKEN;
	t->pending += p->status == CB_PROMISE_PENDING ||
	    p->status == CB_PROMISE_WAITING;
	return CB_OK;
}

static int count_payment(const struct cb_payment *p, void *arg)
{
	struct table_counts *t = arg;
	t->payments++;
	t->paid += p->amount;
	return CB_OK;
}

Test(certificate, the_totals_agree_with_the_events_and_tables)
{
	static struct rows got;
	static const char *const stops[] = { "DEC", "BK", "CD", NULL };
	static const char *const talks[] = { "PTP", "PAID", "RPC", "RTP", "DSP",
		"PLAN", NULL };
	uint64_t calls = 0, contacts = 0, letters = 0, emails = 0;
	struct table_counts t = { 0 };
	history();
	struct cb_certificate *c = certificate(&got);
	struct rows *ev = events(JOSE);
	for (size_t i = 0; i < ev->n; i++) {
		const struct row *r = &ev->r[i];
		bool outcome = strcmp(r->kind, "outcome") == 0;
		calls += outcome && !among(r->code, stops);
		contacts += outcome && among(r->code, talks);
		letters += strcmp(r->kind, "letter") == 0;
		emails += strcmp(r->kind, "email") == 0;
	}
	cr_assert_eq(cb_promise_each(reader(), PF, JOSE, count_promise, &t),
	    CB_OK);
	cr_assert_eq(cb_payment_each(rtxn, PF, JOSE, count_payment, &t), CB_OK);
	cr_expect_eq(c->calls, calls);
	cr_expect_eq(c->contacts, contacts);
	cr_expect_eq(c->letters, letters);
	cr_expect_eq(c->emails, emails);
	cr_expect_eq(c->placements, 0);
	cr_expect_eq(c->promises, t.promises);
	cr_expect_eq(c->kept, t.kept);
	cr_expect_eq(c->broken, t.broken);
	cr_expect_eq(c->pending, t.pending);
	cr_expect_eq(c->refused, 0);
	cr_expect_eq(c->payments, t.payments);
	cr_expect_eq(c->paid, t.paid);
	/* ... and with the history as the comment at the top tells it. */
	cr_expect_eq(c->calls, 5);
	cr_expect_eq(c->contacts, 3);
	cr_expect_eq(c->letters, 1);
	cr_expect_eq(c->emails, 0);
	cr_expect_eq(c->promises, 2);
	cr_expect_eq(c->kept, 1);
	cr_expect_eq(c->broken, 1);
	cr_expect_eq(c->pending, 0);
	cr_expect_eq(c->payments, 1);
	cr_expect_eq(c->paid, 100000);
	cr_expect_eq(c->days, day(2026, 3, 10) - day(2026, 2, 20));
	cr_expect_eq(c->days, 18);
	cb_certificate_free(&c);
}

Test(certificate, the_header_is_the_account_now)
{
	static struct rows got;
	history();
	struct cb_certificate *c = certificate(&got);
	cr_expect_str_eq(c->portfolio, PF);
	cr_expect_str_eq(c->portfolio_name, PF); /* imports name it by code */
	cr_expect_str_eq(c->currency, "CLP");
	cr_expect_str_eq(c->debtor, JOSE);
	cr_expect_str_eq(c->debtor_name, "José Núñez");
	cr_expect_str_eq(c->country, "CL");
	cr_expect_str_eq(c->made_by, "sup.jefa");
	cr_expect_eq(c->made, MADE);
	cr_expect_eq(c->today, day(2026, 3, 10));
	cr_expect_eq(c->balance, 400000);
	cr_expect_eq(c->oldest_due, day(2026, 2, 20));
	cr_assert_eq(c->ndocuments, 2);
	cr_expect_str_eq(c->documents[0].id, "A1");
	cr_expect_eq(c->documents[0].amount, 300000);
	cr_expect_eq(c->documents[0].open, 200000);
	cr_expect_eq(c->documents[0].days_late, 18);
	cr_expect_str_eq(c->documents[1].id, "A2");
	cr_expect_eq(c->documents[1].open, 200000);
	cr_expect_eq(c->documents[1].days_late, 13);
	cb_certificate_free(&c);
}

Test(certificate, for_supervisors_and_admins_only)
{
	static struct rows got;
	struct cb_certificate *c = NULL;
	history();
	cr_expect_eq(certificate_rc("ag.uno", JOSE, &got, &c), CB_ERR_PERM);
	cr_expect_null(c);
	cr_expect_eq(got.n, 0);
	cr_expect_eq(certificate_rc("root", JOSE, &got, &c), CB_OK);
	cr_expect_gt(got.n, 0);
	cb_certificate_free(&c);
	cb_certificate_free(&c); /* a second free does nothing */
}

Test(certificate, an_unknown_account)
{
	static struct rows got;
	struct cb_certificate *c = NULL;
	history();
	cr_expect_eq(certificate_rc("sup.jefa", "12345678-5", &got, &c),
	    CB_ERR_NOTFOUND);
	cr_expect_null(c);
	cr_expect_eq(got.n, 0);
}

static int stop_at_third(const struct cb_cert_row *row, void *arg)
{
	size_t *n = arg;
	(void)row;
	return ++*n == 3 ? CB_ERR_EXISTS : CB_OK;
}

Test(certificate, a_callback_stops_the_walk)
{
	struct cb_session s;
	struct cb_account_ref r = ref(JOSE);
	struct cb_certificate *c = NULL;
	size_t n = 0;
	history();
	s = as("sup.jefa", MADE);
	cr_expect_eq(cb_certificate(&s, &r, stop_at_third, &n, &c),
	    CB_ERR_EXISTS);
	cr_expect_eq(n, 3);
	cr_expect_null(c);
	/* No callback: the totals alone. */
	cr_assert_eq(cb_certificate(&s, &r, NULL, NULL, &c), CB_OK);
	cr_expect_eq(c->calls, 5);
	cb_certificate_free(&c);
}

/* ---- CSV ----------------------------------------------------------------- */

/* Writes the CSV of JOSE in encoding to a file; returns its path. */
static const char *write_csv(const char *encoding, int want, uint64_t *rows,
    uint64_t *bad_row, uint64_t *bad_seq)
{
	static char path[300];
	struct cb_session s = as("sup.jefa", MADE);
	struct cb_account_ref r = ref(JOSE);
	snprintf(path, sizeof path, "%s/cert.csv", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	cb_txn_end(&rtxn);
	int rc = cb_certificate_csv(&s, &r, f, encoding, rows, bad_row,
	    bad_seq);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(rc, want, "csv in %s: %s", encoding ? encoding : "UTF-8",
	    cb_strerror(rc));
	return path;
}

/* The whole file, in a static buffer. */
static const char *slurp(const char *path, size_t *len)
{
	static char buf[64 * 1024];
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f);
	*len = fread(buf, 1, sizeof buf - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

Test(certificate, the_csv_reads_back_into_the_events)
{
	uint64_t rows, bad_row, bad_seq;
	struct cb_csv *csv;
	struct cb_csv_record rec;
	const char *why;
	char seq[24], when[17];
	static const char *const header[] = { "seq", "time", "channel", "user",
		"kind", "code", "amount", "date", "details" };
	history();
	const char *path = write_csv(NULL, CB_OK, &rows, &bad_row, &bad_seq);
	struct rows *want = events(JOSE);
	cr_expect_eq(rows, want->n);
	cr_assert_eq(cb_csv_open(path, "UTF-8", ',', &csv, &why), CB_OK);
	cr_assert_eq(cb_csv_next(csv, &rec), CB_OK);
	cr_assert_eq(rec.nfields, 9);
	for (size_t i = 0; i < 9; i++)
		cr_expect_str_eq(rec.fields[i], header[i]);
	for (size_t i = 0; i < want->n; i++) {
		const struct row *w = &want->r[i];
		cr_assert_eq(cb_csv_next(csv, &rec), CB_OK, "row %zu", i + 1);
		cr_assert_eq(rec.nfields, 9, "row %zu", i + 1);
		snprintf(seq, sizeof seq, "%llu", (unsigned long long)w->seq);
		cb_time_format_utc(w->time, when);
		cr_expect_str_eq(rec.fields[0], seq);
		cr_expect_str_eq(rec.fields[1], when);
		cr_expect_str_eq(rec.fields[2],
		    cb_cert_channel_name(channel_of(w->kind)));
		cr_expect_str_eq(rec.fields[3], w->user);
		cr_expect_str_eq(rec.fields[4], w->kind);
		cr_expect_str_eq(rec.fields[5], strcmp(w->kind, "outcome") == 0
		    ? w->code : strcmp(w->kind, "letter") == 0 ? w->label : "");
		if (strcmp(w->kind, "promise_kept") && strcmp(w->kind,
		    "promise_broken"))
			cr_expect_str_eq(rec.fields[6], w->amount, "row %zu",
			    i + 1);
		cr_expect_str_eq(rec.fields[7], w->date);
		cr_expect_str_eq(rec.fields[8], w->details);
	}
	cr_expect_eq(cb_csv_next(csv, &rec), CB_ERR_NOTHING);
	cb_csv_close(&csv);
}

Test(certificate, the_csv_in_windows_1252)
{
	uint64_t rows, bad_row, bad_seq;
	size_t len;
	history();
	const char *text = slurp(write_csv("WINDOWS-1252", CB_OK, &rows,
	    &bad_row, &bad_seq), &len);
	static const char small[] = "se\xf1ora", capital[] = "Av. \xd1uble";
	cr_expect(memmem(text, len, small, sizeof small - 1) != NULL,
	    "ñ is not the byte 0xF1");
	cr_expect(memmem(text, len, capital, sizeof capital - 1) != NULL,
	    "Ñ is not the byte 0xD1");
	cr_expect(memmem(text, len, "\xc3", 1) == NULL, "UTF-8 is left");
	cr_expect_eq(rows, events(JOSE)->n);
}

Test(certificate, a_character_the_encoding_cannot_hold_names_its_row)
{
	uint64_t rows, bad_row, bad_seq;
	history();
	struct rows *ev = events(JOSE);
	/* The first row with a character beyond ASCII: the letter, to Av.
	 * Ñuble. */
	size_t first = 0;
	while (first < ev->n && strcmp(ev->r[first].kind, "letter") != 0)
		first++;
	cr_assert_lt(first, ev->n);
	write_csv("ASCII", CB_ERR_INPUT, &rows, &bad_row, &bad_seq);
	cr_expect_eq(bad_row, first + 1);
	cr_expect_eq(bad_seq, ev->r[first].seq);
	cr_expect_eq(rows, first);
}

Test(certificate, an_unknown_encoding)
{
	uint64_t rows, bad_row = 7, bad_seq = 7;
	history();
	write_csv("NO-SUCH-ENCODING", CB_ERR_INPUT, &rows, &bad_row, &bad_seq);
	cr_expect_eq(bad_row, 0);
	cr_expect_eq(bad_seq, 0);
	cr_expect_eq(rows, 0);
}

Test(certificate, the_csv_is_for_supervisors_and_admins)
{
	struct cb_session s;
	struct cb_account_ref r = ref(JOSE);
	uint64_t rows, bad_row, bad_seq;
	char path[300];
	history();
	s = as("ag.uno", MADE);
	snprintf(path, sizeof path, "%s/no.csv", dir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	cr_expect_eq(cb_certificate_csv(&s, &r, f, NULL, &rows, &bad_row,
	    &bad_seq), CB_ERR_PERM);
	cr_expect_eq(ftell(f), 0);
	fclose(f);
}
