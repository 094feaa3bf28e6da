/* kpi.c -- the key figures of collection over a period (kpi.h). */
#include "kpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "event.h"
#include "ledger.h"
#include "outcome.h"
#include "promise.h"

void cb_kpi_defaults(struct cb_kpi_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->from = opt->to = CB_DAY_NONE;
	cb_aging_defaults(&opt->aging);
}

int64_t cb_kpi_ratio(int64_t value, int64_t den, int64_t scale)
{
	if (den <= 0 || scale <= 0)
		return CB_KPI_NONE;
	uint64_t n = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
	uint64_t d = (uint64_t)den, sc = (uint64_t)scale;
	/* The whole part and the remainder apart, so that only the remainder
	 * times the scale (less than den x scale) has to fit, not value x
	 * scale: a portfolio's receivables times 1000 may not. */
	uint64_t out = n / d * sc + (2 * (n % d) * sc + d) / (2 * d);
	return value < 0 ? -(int64_t)out : (int64_t)out;
}

/* A debit open at the start of the period, in a bucket that can roll: the
 * roll rates follow each such document to the end. */
struct start_doc {
	char id[CB_DOC_ID_MAX + 1];
	int bucket;
	int64_t open;
};

/* The work on one portfolio; docs is one account's at a time. */
struct kpi_job {
	struct cb_txn *txn;
	const struct cb_aging_options *aging;
	struct cb_kpi_row *row;
	cb_day before;     /* from - 1: the beginning receivables' day */
	time_t start, end; /* the period as instants: [start, end) */
	struct start_doc *docs;
	size_t ndocs, cap;
};

/* Credit sales: debits issued in the period less credit notes issued in
 * it.  The ERP may give no issue date: the due date stands for it, as the
 * ledger dates such a credit note. */
static int add_sale(const struct cb_invoice *inv, void *arg)
{
	struct kpi_job *j = arg;
	cb_day on = inv->issue_date != CB_DAY_NONE ? inv->issue_date
	                                           : inv->due_date;
	if (on >= j->row->from && on <= j->row->to)
		j->row->sales += inv->type == CB_DOC_CREDIT_NOTE ? -inv->amount
		                                                 : inv->amount;
	return CB_OK;
}

static int keep_start_doc(struct kpi_job *j, const char *id, int bucket,
    int64_t open)
{
	if (j->ndocs == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 16;
		struct start_doc *p = realloc(j->docs, cap * sizeof *p);
		if (p == NULL)
			return CB_ERR_NOMEM;
		j->docs = p;
		j->cap = cap;
	}
	struct start_doc *d = &j->docs[j->ndocs++];
	snprintf(d->id, sizeof d->id, "%s", id);
	d->bucket = bucket;
	d->open = open;
	return CB_OK;
}

/* A document open the day before the period: the beginning receivables,
 * and the base of the roll rates. */
static int at_start(const struct cb_ledger_open *o, void *arg)
{
	struct kpi_job *j = arg;
	j->row->receivables_begin += o->credit ? -o->open : o->open;
	if (o->credit)
		return CB_OK;
	int b = cb_aging_bucket(j->aging, j->before - o->due);
	if (b >= j->row->nrolls) /* the last bucket rolls nowhere */
		return CB_OK;
	j->row->roll[b].start += o->open;
	return keep_start_doc(j, o->id, b, o->open);
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct start_doc *)a)->id,
	    ((const struct start_doc *)b)->id);
}

/* The account's document id as it was at the start, or NULL. */
static const struct start_doc *start_doc_of(const struct kpi_job *j,
    const char *id)
{
	struct start_doc key;
	snprintf(key.id, sizeof key.id, "%s", id);
	return j->ndocs ? bsearch(&key, j->docs, j->ndocs, sizeof *j->docs,
	    by_id) : NULL;
}

/* A document open on the last day: the ending receivables, its current
 * part as the aging has it (unapplied credits in "current"), and the part
 * of a start debit that rolled to a later bucket. */
static int at_end(const struct cb_ledger_open *o, void *arg)
{
	struct kpi_job *j = arg;
	struct cb_kpi_row *r = j->row;
	if (o->credit) {
		r->receivables_end -= o->open;
		r->receivables_current -= o->open;
		return CB_OK;
	}
	int b = cb_aging_bucket(j->aging, r->to - o->due);
	r->receivables_end += o->open;
	if (b == 0)
		r->receivables_current += o->open;
	const struct start_doc *d = start_doc_of(j, o->id);
	/* At most what was open at the start: a debit issued later with an
	 * older due date can take credits from it and leave more open, and
	 * what rolled is a part of what was there. */
	if (d && b > d->bucket)
		r->roll[d->bucket].rolled += o->open < d->open ? o->open : d->open;
	return CB_OK;
}

static int add_promise(const struct cb_promise *p, void *arg)
{
	struct kpi_job *j = arg;
	if (p->due < j->row->from || p->due > j->row->to)
		return CB_OK;
	j->row->kept += p->status == CB_PROMISE_KEPT;
	j->row->broken += p->status == CB_PROMISE_BROKEN;
	return CB_OK;
}

static int add_event(const struct cb_event *ev, void *arg)
{
	struct kpi_job *j = arg;
	if (strcmp(ev->kind, "outcome") != 0 || ev->time < j->start ||
	    ev->time >= j->end)
		return CB_OK;
	const char *code = cb_event_value(ev, "code");
	const struct cb_outcome *o = code ? cb_outcome_find(code) : NULL;
	j->row->outcomes++;
	if (o && o->kind == CB_OUTCOME_CONVERSATION)
		j->row->conversations++;
	if (o && (strcmp(o->code, "PTP") == 0 || strcmp(o->code, "PLAN") == 0))
		j->row->promises++;
	return CB_OK;
}

/* Everything one account adds to its portfolio's row. */
static int kpi_account(const struct cb_account *a, void *arg)
{
	struct kpi_job *j = arg;
	const char *pf = a->portfolio, *debtor = a->debtor;
	j->ndocs = 0;
	int rc = cb_invoice_each(j->txn, pf, debtor, add_sale, j);
	if (rc == CB_OK)
		rc = cb_ledger_open_on(j->txn, pf, debtor, j->before, at_start, j);
	if (rc == CB_OK && j->ndocs > 1)
		qsort(j->docs, j->ndocs, sizeof *j->docs, by_id);
	if (rc == CB_OK)
		rc = cb_ledger_open_on(j->txn, pf, debtor, j->row->to, at_end, j);
	if (rc == CB_OK)
		rc = cb_promise_each(j->txn, pf, debtor, add_promise, j);
	if (rc == CB_OK)
		rc = cb_event_each_account(j->txn, pf, debtor, add_event, j);
	return rc;
}

/* The rates, from the sums. */
static void kpi_rates(struct cb_kpi_row *r)
{
	int64_t begin_and_sales = r->receivables_begin + r->sales;
	r->dso = cb_kpi_ratio(r->receivables_end * r->days, r->sales, 10);
	r->best_dso = cb_kpi_ratio(r->receivables_current * r->days, r->sales,
	    10);
	r->cei = cb_kpi_ratio(begin_and_sales - r->receivables_end,
	    begin_and_sales - r->receivables_current, 1000);
	r->rpc_rate = cb_kpi_ratio((int64_t)r->conversations,
	    (int64_t)r->outcomes, 1000);
	r->promise_rate = cb_kpi_ratio((int64_t)r->promises,
	    (int64_t)r->conversations, 1000);
	r->kept_rate = cb_kpi_ratio((int64_t)r->kept,
	    (int64_t)(r->kept + r->broken), 1000);
	for (int b = 0; b < r->nrolls; b++)
		r->roll[b].rate = cb_kpi_ratio(r->roll[b].rolled, r->roll[b].start,
		    1000);
}

struct kpi_walk {
	struct cb_txn *txn;
	const struct cb_kpi_options *opt;
	time_t now;
	struct cb_kpi_row *rows;
	size_t nrows, cap;
	struct start_doc *docs; /* kept from one portfolio to the next */
	size_t cap_docs;
	bool found;
};

static struct cb_kpi_row *new_row(struct kpi_walk *w)
{
	if (w->nrows == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4;
		struct cb_kpi_row *p = realloc(w->rows, cap * sizeof *p);
		if (p == NULL)
			return NULL;
		w->rows = p;
		w->cap = cap;
	}
	struct cb_kpi_row *r = &w->rows[w->nrows++];
	memset(r, 0, sizeof *r);
	return r;
}

/* The period of a portfolio: the days asked for, or this month to today
 * in its time zone; CB_ERR_INPUT when it would end before it begins. */
static int kpi_period(const struct kpi_walk *w, const struct cb_portfolio *p,
    struct cb_kpi_row *r)
{
	int y, m, d;
	int rc = CB_OK;
	r->to = w->opt->to;
	if (r->to == CB_DAY_NONE && (rc = cb_tz_today(w->now, p->timezone,
	    &r->to)) != CB_OK)
		return rc;
	r->from = w->opt->from;
	if (r->from == CB_DAY_NONE) {
		cb_day_to_ymd(r->to, &y, &m, &d);
		if ((rc = cb_day_from_ymd(y, m, 1, &r->from)) != CB_OK)
			return rc;
	}
	if (r->from > r->to)
		return CB_ERR_INPUT;
	r->days = r->to - r->from + 1;
	return CB_OK;
}

static int kpi_portfolio(const struct cb_portfolio *p, void *arg)
{
	struct kpi_walk *w = arg;
	if (w->opt->portfolio && strcmp(w->opt->portfolio, p->code) != 0)
		return CB_OK;
	w->found = true;
	struct cb_kpi_row *r = new_row(w);
	if (r == NULL)
		return CB_ERR_NOMEM;
	snprintf(r->portfolio, sizeof r->portfolio, "%s", p->code);
	snprintf(r->currency, sizeof r->currency, "%s", p->currency);
	r->nrolls = w->opt->aging.nbounds + 1;
	struct kpi_job j = { .txn = w->txn, .aging = &w->opt->aging, .row = r,
		.docs = w->docs, .cap = w->cap_docs };
	int rc = kpi_period(w, p, r);
	if (rc == CB_OK)
		rc = cb_tz_mktime(p->timezone, r->from, 0, &j.start);
	if (rc == CB_OK)
		rc = cb_tz_mktime(p->timezone, r->to + 1, 0, &j.end);
	j.before = r->from - 1;
	if (rc == CB_OK)
		rc = cb_account_each(w->txn, p->code, kpi_account, &j);
	w->docs = j.docs;
	w->cap_docs = j.cap;
	if (rc == CB_OK)
		kpi_rates(r);
	return rc;
}

int cb_kpi(struct cb_session *s, const struct cb_kpi_options *opt,
    int (*fn)(const struct cb_kpi_row *row, void *arg), void *arg)
{
	struct kpi_walk w = { .opt = opt, .now = s->now };
	if (!cb_may(s->role, CB_DO_REPORT))
		return CB_ERR_PERM;
	int rc = cb_store_read(s->store, &w.txn);
	if (rc != CB_OK)
		return rc;
	rc = cb_portfolio_each(w.txn, kpi_portfolio, &w);
	cb_txn_end(&w.txn);
	if (rc == CB_OK && opt->portfolio && !w.found)
		rc = CB_ERR_NOTFOUND;
	/* The rows hold copies: they are given once the snapshot is closed. */
	for (size_t i = 0; rc == CB_OK && i < w.nrows; i++)
		rc = fn(&w.rows[i], arg);
	free(w.rows);
	free(w.docs);
	return rc;
}
