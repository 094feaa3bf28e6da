/* cmd-account.c -- cobrador account: everything about one account. */
#include <string.h>

#include "cli.h"
#include "error.h"
#include "event.h"
#include "format.h"
#include "model.h"
#include "money.h"
#include "promise.h"
#include "queue.h"

struct view {
	struct cb_txn *txn;
	const char *portfolio, *debtor; /* the account shown */
	const char *currency;
	cb_day today;
	struct table *t;
};

static int invoice_line(const struct cb_invoice *inv, void *arg)
{
	struct view *v = arg;
	char due[11], amount[40], open[40], dpd[16] = "";
	cb_day_format(inv->due_date, due);
	fmt_money(inv->type == CB_DOC_CREDIT_NOTE ? -inv->amount : inv->amount,
	    v->currency, amount, sizeof amount);
	fmt_money(inv->type == CB_DOC_CREDIT_NOTE ? -inv->open : inv->open,
	    v->currency, open, sizeof open);
	if (inv->open > 0 && inv->type != CB_DOC_CREDIT_NOTE &&
	    v->today > inv->due_date)
		snprintf(dpd, sizeof dpd, "%d", v->today - inv->due_date);
	const char *cells[] = { inv->id, _(cb_doc_type_name(inv->type)), due,
		amount, open, dpd };
	return table_add(v->t, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
}

static int payment_line(const struct cb_payment *pay, void *arg)
{
	struct view *v = arg;
	char date[11], amount[40], unapplied[40] = "";
	cb_day_format(pay->date, date);
	fmt_money(pay->amount, v->currency, amount, sizeof amount);
	if (pay->unapplied)
		fmt_money(pay->unapplied, v->currency, unapplied, sizeof unapplied);
	const char *cells[] = { pay->id, date, amount,
		pay->invoice ? pay->invoice : "", pay->method ? pay->method : "",
		unapplied };
	return table_add(v->t, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
}

static int promise_line(const struct cb_promise *p, void *arg)
{
	struct view *v = arg;
	char due[11], amount[40], made[17], settled[11] = "", plan[24] = "";
	cb_day_format(p->due, due);
	fmt_money(p->amount, v->currency, amount, sizeof amount);
	cb_time_format_utc(p->made, made);
	if (p->settled != CB_DAY_NONE)
		cb_day_format(p->settled, settled);
	if (p->plan)
		snprintf(plan, sizeof plan, _("plan %llu"), (unsigned long long)p->plan);
	const char *cells[] = { due, amount, _(cb_promise_status_name(p->status)),
		settled, p->agent ? p->agent : "", made, plan };
	return table_add(v->t, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
}

static int event_line(const struct cb_event *ev, void *arg)
{
	struct view *v = arg;
	char when[17], details[1024];
	cb_time_format_utc(ev->time, when);
	cb_event_details(ev, details, sizeof details);
	const char *cells[] = { when, ev->user, ev->kind, details };
	return table_add(v->t, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
}

/* Prints one section: a title and a table filled by fill(). */
static int section(struct view *v, const char *title, size_t ncols,
    const char *const *headers, const char *align, int (*fill)(struct view *))
{
	v->t = table_new(ncols, headers, align);
	if (v->t == NULL)
		return CB_ERR_NOMEM;
	int rc = fill(v);
	if (rc == CB_OK) {
		printf("\n%s\n", title);
		table_print(v->t, stdout);
	}
	table_free(&v->t);
	return rc;
}

static int fill_invoices(struct view *v)
{
	return cb_invoice_each(v->txn, v->portfolio, v->debtor, invoice_line, v);
}

static int fill_payments(struct view *v)
{
	return cb_payment_each(v->txn, v->portfolio, v->debtor, payment_line, v);
}

static int fill_promises(struct view *v)
{
	return cb_promise_each(v->txn, v->portfolio, v->debtor, promise_line, v);
}

static int fill_history(struct view *v)
{
	return cb_event_each_account(v->txn, v->portfolio, v->debtor,
	    event_line, v);
}

/* The debtor and the account's figures. */
static void print_header(const struct cb_debtor *d, const struct cb_account *a,
    const struct cb_portfolio *p, const struct cb_contact_check *calls)
{
	char buf[600], money[40], due[11];
	printf("%s  ", fmt_text(d->id, buf, sizeof buf));
	printf("%s\n", fmt_text(d->name, buf, sizeof buf));
	printf(_("Portfolio:   %s (%s)\n"), fmt_text(p->code, buf, sizeof buf),
	    p->currency);
	printf(_("Country:     %s, %s\n"), d->country, d->timezone ? d->timezone : "");
	if (d->city || d->address)
		printf(_("Address:     %s, %s\n"), d->address ? d->address : "",
		    fmt_text(d->city ? d->city : "", buf, sizeof buf));
	if (d->email)
		printf(_("E-mail:      %s\n"), fmt_text(d->email, buf, sizeof buf));
	for (size_t i = 0; i < d->nphones; i++)
		printf(_("Phone:       %s%s\n"), fmt_text(d->phones[i].number, buf,
		    sizeof buf), d->phones[i].status == CB_PHONE_BAD ? _(" (bad)") : "");
	printf(_("Segment:     %s\n"), _(cb_segment_name(a->segment)));
	printf(_("Balance:     %s %s\n"), fmt_money(a->balance, p->currency,
	    money, sizeof money), p->currency);
	if (a->oldest_due != CB_DAY_NONE) {
		cb_day_format(a->oldest_due, due);
		printf(_("Oldest due:  %s\n"), due);
	}
	/* The debtor's clock, and whether the rule pack lets us call now. */
	char clock[32];
	strftime(clock, sizeof clock, "%a %H:%M", &calls->local);
	printf(_("Local time:  %s (%s)\n"), clock, calls->zone);
	printf(_("Calls:       %s\n"), fmt_contact(calls, buf, sizeof buf));
}

static int show(struct cli *cli, const struct cb_account_ref *ref)
{
	struct view v = { 0 };
	const char *portfolio = ref->portfolio, *debtor = ref->debtor;
	struct cb_debtor d;
	struct cb_account a;
	struct cb_portfolio p;
	struct cb_contact_check calls;
	int rc = cb_queue_contact(&cli->session, ref, &calls);
	if (rc == CB_OK)
		rc = cb_store_read(cli->store, &v.txn);
	if (rc != CB_OK)
		return rc;
	if ((rc = cb_debtor_get(v.txn, debtor, &d)) == CB_OK &&
	    (rc = cb_account_get(v.txn, portfolio, debtor, &a)) == CB_OK &&
	    (rc = cb_portfolio_get(v.txn, portfolio, &p)) == CB_OK)
		rc = cb_tz_today(cli->session.now, p.timezone, &v.today);
	if (rc == CB_OK) {
		const char *ih[] = { _("document"), _("type"), _("due"), _("amount"),
			_("open"), _("days late") };
		const char *ph[] = { _("payment"), _("date"), _("amount"),
			_("invoice"), _("method"), _("unapplied") };
		const char *eh[] = { _("when (UTC)"), _("user"), _("event"),
			_("details") };
		v.portfolio = portfolio;
		v.debtor = debtor;
		v.currency = p.currency;
		print_header(&d, &a, &p, &calls);
		rc = section(&v, _("Documents"), 6, ih, "lllrrr", fill_invoices);
		if (rc == CB_OK)
			rc = section(&v, _("Payments"), 6, ph, "llrllr", fill_payments);
		const char *rh[] = { _("due"), _("amount"), _("state"), _("since"),
			_("agent"), _("made (UTC)"), _("of") };
		if (rc == CB_OK)
			rc = section(&v, _("Promises"), 7, rh, "lrllll", fill_promises);
		if (rc == CB_OK)
			rc = section(&v, _("History"), 4, eh, "llll", fill_history);
	}
	cb_txn_end(&v.txn);
	return rc;
}

static int account_run(struct cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage(&cmd_account);
	struct cb_account_ref ref;
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	if ((rc = cli_account(cli, argv[1], &ref)) == EXIT_DONE) {
		rc = show(cli, &ref);
		rc = rc == CB_OK ? EXIT_DONE : cli_fail(rc, argv[1]);
	}
	cli_close(cli);
	return rc;
}

const struct cli_command cmd_account = {
	.name = "account",
	.usage = "account ACCOUNT",
	.summary = N_("show an account: debtor, documents, payments, history"),
	.help = N_("ACCOUNT is the debtor's id as you write it (12.345.678-5, "
	    "12345678-5 and\n123456785 are the same RUT), or PORTFOLIO/ID when "
	    "the debtor has accounts\nin several portfolios.\n"),
	.run = account_run,
};
