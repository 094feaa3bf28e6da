/* export.c -- accounts, invoices, payments, events and placements as CSV. */
#include "export.h"

#include <stdio.h>
#include <string.h>

#include "csvout.h"
#include "event.h"
#include "error.h"
#include "model.h"
#include "money.h"
#include "work.h"

struct export {
	struct cb_txn *txn;
	struct cb_csv_writer *w;
	uint64_t rows;
	cb_day today;
	const struct cb_currency *cur; /* of the portfolio being written */
	const char *portfolio, *currency;
	time_t since; /* events before it are left out */
};

int cb_export_kind_parse(const char *text, enum cb_export_kind *out)
{
	static const char *const names[] = { "accounts", "invoices", "payments",
		"events", "placements" };
	for (int k = 0; k < 5; k++) {
		if (strcmp(text, names[k]) == 0) {
			*out = (enum cb_export_kind)k;
			return CB_OK;
		}
	}
	return CB_ERR_INPUT;
}

static int row(struct export *e, const char *const *fields, size_t n)
{
	int rc = cb_csv_writer_row(e->w, fields, n);
	e->rows += rc == CB_OK;
	return rc;
}

static const char *const account_header[] = { "debtor_id", "name", "phone",
	"phone2", "email", "address", "city", "region", "country", "timezone",
	"segment", "credit_limit", "portfolio", "currency", "balance",
	"open_documents", "oldest_due_date", "days_past_due", "account_segment" };

static int account_row(const struct cb_account *a, void *arg)
{
	struct export *e = arg;
	struct cb_debtor d;
	char balance[32], docs[16], due[11] = "", dpd[16] = "", limit[32] = "";
	const struct cb_currency *home;
	int rc = cb_debtor_get(e->txn, a->debtor, &d);
	if (rc != CB_OK)
		return rc;
	cb_money_format_plain(a->balance, e->cur, balance, sizeof balance);
	snprintf(docs, sizeof docs, "%u", a->open_docs);
	if (a->oldest_due != CB_DAY_NONE) {
		cb_day_format(a->oldest_due, due);
		snprintf(dpd, sizeof dpd, "%d", e->today - a->oldest_due);
	}
	if (d.has_credit_limit && (home = cb_currency_of_country(d.country)))
		cb_money_format_plain(d.credit_limit, home, limit, sizeof limit);
	const char *f[] = { d.id, d.name,
		d.nphones > 0 ? d.phones[0].number : "",
		d.nphones > 1 ? d.phones[1].number : "", d.email, d.address,
		d.city, d.region, d.country, d.timezone, d.segment, limit,
		a->portfolio, e->currency, balance, docs, due, dpd,
		cb_segment_name(a->segment) };
	return row(e, f, sizeof f / sizeof f[0]);
}

static const char *const placement_header[] = { "debtor_id", "name",
	"phone", "phone2", "email", "address", "city", "region", "country",
	"portfolio", "currency", "balance", "open_documents", "oldest_due_date",
	"days_past_due", "agency" };

/* An account its strategy placed with an agency (outbox.h). */
static int placement_row(const struct cb_account *a, void *arg)
{
	struct export *e = arg;
	struct cb_debtor d;
	struct cb_work w;
	char balance[32], docs[16], due[11] = "", dpd[16] = "";
	int rc = cb_work_get(e->txn, a->portfolio, a->debtor, &w);
	if (rc != CB_OK || !(w.flags & CB_WORK_PLACED))
		return rc;
	if ((rc = cb_debtor_get(e->txn, a->debtor, &d)) != CB_OK)
		return rc;
	cb_money_format_plain(a->balance, e->cur, balance, sizeof balance);
	snprintf(docs, sizeof docs, "%u", a->open_docs);
	if (a->oldest_due != CB_DAY_NONE) {
		cb_day_format(a->oldest_due, due);
		snprintf(dpd, sizeof dpd, "%d", e->today - a->oldest_due);
	}
	const char *f[] = { d.id, d.name,
		d.nphones > 0 ? d.phones[0].number : "",
		d.nphones > 1 ? d.phones[1].number : "", d.email, d.address,
		d.city, d.region, d.country, a->portfolio, e->currency, balance,
		docs, due, dpd, w.agency };
	return row(e, f, sizeof f / sizeof f[0]);
}

static const char *const invoice_header[] = { "invoice_id", "debtor_id",
	"portfolio", "currency", "type", "issue_date", "due_date", "amount",
	"applies_to", "open" };

static int invoice_row(const struct cb_invoice *inv, void *arg)
{
	struct export *e = arg;
	char issue[11] = "", due[11], amount[32], open[32];
	if (inv->issue_date != CB_DAY_NONE)
		cb_day_format(inv->issue_date, issue);
	cb_day_format(inv->due_date, due);
	cb_money_format_plain(inv->amount, e->cur, amount, sizeof amount);
	cb_money_format_plain(inv->open, e->cur, open, sizeof open);
	const char *f[] = { inv->id, inv->debtor, inv->portfolio, e->currency,
		cb_doc_type_name(inv->type), issue, due, amount, inv->applies_to,
		open };
	return row(e, f, sizeof f / sizeof f[0]);
}

static const char *const payment_header[] = { "payment_id", "debtor_id",
	"portfolio", "date", "amount", "invoice_id", "method", "unapplied" };

static int payment_row(const struct cb_payment *pay, void *arg)
{
	struct export *e = arg;
	char date[11], amount[32], unapplied[32];
	cb_day_format(pay->date, date);
	cb_money_format_plain(pay->amount, e->cur, amount, sizeof amount);
	cb_money_format_plain(pay->unapplied, e->cur, unapplied, sizeof unapplied);
	const char *f[] = { pay->id, pay->debtor, pay->portfolio, date, amount,
		pay->invoice, pay->method, unapplied };
	return row(e, f, sizeof f / sizeof f[0]);
}

static const char *const event_header[] = { "seq", "time", "user", "kind",
	"portfolio", "debtor", "details" };

/* One event: its fields as key=value, separated by spaces. */
static int event_row(const struct cb_event *ev, void *arg)
{
	struct export *e = arg;
	char seq[24], when[17], details[4096];
	if (ev->time < e->since)
		return CB_OK;
	snprintf(seq, sizeof seq, "%llu", (unsigned long long)ev->seq);
	cb_time_format_utc(ev->time, when);
	cb_event_details(ev, details, sizeof details);
	const char *f[] = { seq, when, ev->user, ev->kind, ev->portfolio,
		ev->debtor, details };
	return row(e, f, sizeof f / sizeof f[0]);
}

struct export_walk {
	struct export *e;
	enum cb_export_kind kind;
	time_t now;
};

/* Writes one portfolio's part of the export. */
static int export_portfolio(const struct cb_portfolio *p, void *arg)
{
	struct export_walk *w = arg;
	struct export *e = w->e;
	int rc;
	e->portfolio = p->code;
	e->currency = p->currency;
	if ((e->cur = cb_currency_find(p->currency)) == NULL)
		return CB_ERR_CORRUPT;
	if ((rc = cb_tz_today(w->now, p->timezone, &e->today)) != CB_OK)
		return rc;
	switch (w->kind) {
	case CB_EXPORT_ACCOUNTS:
		return cb_account_each(e->txn, p->code, account_row, e);
	case CB_EXPORT_INVOICES:
		return cb_invoice_each(e->txn, p->code, NULL, invoice_row, e);
	case CB_EXPORT_PAYMENTS:
		return cb_payment_each(e->txn, p->code, NULL, payment_row, e);
	case CB_EXPORT_PLACEMENTS:
		return cb_account_each(e->txn, p->code, placement_row, e);
	case CB_EXPORT_EVENTS:
		break;
	}
	return CB_ERR_INTERNAL;
}

int cb_export(struct cb_session *s, enum cb_export_kind kind, FILE *f,
    const char *encoding, time_t since, uint64_t *rows, uint64_t *bad_row)
{
	static const char *const *headers[] = { account_header, invoice_header,
		payment_header, event_header, placement_header };
	static const size_t nheader[] = {
		sizeof account_header / sizeof account_header[0],
		sizeof invoice_header / sizeof invoice_header[0],
		sizeof payment_header / sizeof payment_header[0],
		sizeof event_header / sizeof event_header[0],
		sizeof placement_header / sizeof placement_header[0] };
	struct export e = { .since = since };
	struct export_walk w = { &e, kind, s->now };
	*rows = *bad_row = 0;
	if (!cb_may(s->role, CB_DO_REPORT))
		return CB_ERR_PERM;
	int rc = cb_csv_writer_open(f, encoding, ',', &e.w);
	if (rc != CB_OK)
		return rc;
	rc = cb_csv_writer_row(e.w, headers[kind], nheader[kind]);
	if (rc == CB_OK)
		rc = cb_store_read(s->store, &e.txn);
	if (rc == CB_OK) {
		rc = kind == CB_EXPORT_EVENTS ? cb_event_each(e.txn, 1, event_row, &e)
		    : cb_portfolio_each(e.txn, export_portfolio, &w);
		cb_txn_end(&e.txn);
	}
	cb_csv_writer_close(&e.w);
	*rows = e.rows;
	if (rc == CB_ERR_INPUT)
		*bad_row = e.rows + 1;
	return rc;
}
