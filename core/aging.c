/* aging.c -- the aging report over the stored allocation. */
#include "aging.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ledger.h"
#include "model.h"

void cb_aging_defaults(struct cb_aging_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->as_of = CB_DAY_NONE;
	opt->bounds[0] = 30;
	opt->bounds[1] = 60;
	opt->bounds[2] = 90;
	opt->nbounds = 3;
}

int cb_aging_parse_bounds(const char *text, struct cb_aging_options *opt)
{
	int n = 0;
	const char *p = text;
	while (*p) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 1 || v > 100000 || n == CB_AGING_BOUNDS_MAX ||
		    (n > 0 && v <= opt->bounds[n - 1]) || (*end && *end != ','))
			return CB_ERR_INPUT;
		opt->bounds[n++] = (int)v;
		p = *end ? end + 1 : end;
		if (*end && !*p)
			return CB_ERR_INPUT;
	}
	if (n == 0)
		return CB_ERR_INPUT;
	opt->nbounds = n;
	return CB_OK;
}

void cb_aging_bucket_name(const struct cb_aging_options *opt, int bucket,
    char *buf, size_t size)
{
	if (bucket == 0)
		snprintf(buf, size, "current");
	else if (bucket <= opt->nbounds)
		snprintf(buf, size, "%d-%d",
		    bucket == 1 ? 1 : opt->bounds[bucket - 2] + 1,
		    opt->bounds[bucket - 1]);
	else
		snprintf(buf, size, "%d+", opt->bounds[opt->nbounds - 1] + 1);
}

int cb_aging_bucket(const struct cb_aging_options *opt, int days_late)
{
	if (days_late <= 0)
		return 0;
	for (int i = 0; i < opt->nbounds; i++)
		if (days_late <= opt->bounds[i])
			return i + 1;
	return opt->nbounds + 1;
}

/* The bucket of a debit due on due, as of today. */
static int bucket_of(const struct cb_aging_options *opt, cb_day due,
    cb_day today)
{
	return cb_aging_bucket(opt, today - due);
}

struct sums {
	uint64_t documents[CB_AGING_BOUNDS_MAX + 2];
	int64_t amount[CB_AGING_BOUNDS_MAX + 2];
};

/* Adds the open documents of one account to s. */
static int add_account(struct cb_txn *txn, const struct cb_aging_options *opt,
    struct cb_val account, cb_day today, struct sums *s)
{
	for (int t = 0; t < 2; t++) {
		struct cb_cursor *c;
		struct cb_val k, v;
		int rc = cb_cursor_open(txn, t ? CB_T_PAYMENTS : CB_T_INVOICES, &c);
		if (rc != CB_OK)
			return rc;
		for (rc = cb_cursor_seek(c, account, &k, &v);
		     rc == CB_OK && cb_has_prefix(k, account.data, account.size);
		     rc = cb_cursor_next(c, &k, &v)) {
			struct cb_invoice inv;
			struct cb_payment pay;
			if (t == 0 && (rc = cb_invoice_decode(k, v, &inv)) == CB_OK &&
			    inv.open > 0) {
				int b = inv.type == CB_DOC_CREDIT_NOTE ? 0
				    : bucket_of(opt, inv.due_date, today);
				s->documents[b]++;
				s->amount[b] += inv.type == CB_DOC_CREDIT_NOTE
				    ? -inv.open : inv.open;
			} else if (t == 1 && (rc = cb_payment_decode(k, v, &pay)) == CB_OK &&
			    pay.unapplied > 0) {
				s->documents[0]++;
				s->amount[0] -= pay.unapplied;
			}
			if (rc != CB_OK)
				break;
		}
		cb_cursor_close(&c);
		if (rc != CB_ERR_NOTHING && rc != CB_OK)
			return rc;
	}
	return CB_OK;
}

struct as_of {
	const struct cb_aging_options *opt;
	struct sums *s;
};

static int add_open(const struct cb_ledger_open *o, void *arg)
{
	struct as_of *a = arg;
	int b = o->credit ? 0 : bucket_of(a->opt, o->due, a->opt->as_of);
	a->s->documents[b]++;
	a->s->amount[b] += o->credit ? -o->open : o->open;
	return CB_OK;
}

/* Adds the documents of one account that were open on the as-of day: the
 * account as it stood then, not as it stands now. */
static int add_account_as_of(struct cb_txn *txn,
    const struct cb_aging_options *opt, const struct cb_account *a,
    struct sums *s)
{
	struct as_of ctx = { opt, s };
	return cb_ledger_open_on(txn, a->portfolio, a->debtor, opt->as_of,
	    add_open, &ctx);
}

/* True when s has anything in it. */
static bool sums_empty(const struct sums *s)
{
	for (int b = 0; b < CB_AGING_BOUNDS_MAX + 2; b++)
		if (s->documents[b])
			return false;
	return true;
}

/* Gives fn a row for every bucket of s. */
static int emit(const struct cb_aging_options *opt, struct cb_aging_row *row,
    const struct sums *s, int (*fn)(const struct cb_aging_row *, void *),
    void *arg)
{
	for (int b = 0; b <= opt->nbounds + 1; b++) {
		row->bucket = b;
		row->documents = s->documents[b];
		row->amount = s->amount[b];
		int rc = fn(row, arg);
		if (rc != CB_OK)
			return rc;
	}
	return CB_OK;
}

/* The rows of one portfolio. */
static int aging_portfolio(struct cb_txn *txn,
    const struct cb_aging_options *opt, const struct cb_portfolio *p,
    cb_day today, int (*fn)(const struct cb_aging_row *, void *), void *arg)
{
	struct cb_cursor *c;
	struct cb_val k, v, prefix = { p->code, strlen(p->code) + 1 };
	struct sums total, segment[3];
	memset(&total, 0, sizeof total);
	memset(segment, 0, sizeof segment);
	struct cb_aging_row row = { .portfolio = p->code, .currency = p->currency };
	int rc = cb_cursor_open(txn, CB_T_ACCOUNTS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, prefix, &k, &v);
	     rc == CB_OK && cb_has_prefix(k, prefix.data, prefix.size);
	     rc = cb_cursor_next(c, &k, &v)) {
		struct cb_account a;
		struct sums one = { 0 };
		if ((rc = cb_account_decode(k, v, &a)) != CB_OK)
			break;
		struct sums *s = opt->by_debtor ? &one : opt->by_segment ?
		    &segment[a.segment <= CB_SEG_MOROSO ? a.segment : 0] : &total;
		if (opt->as_of != CB_DAY_NONE)
			rc = add_account_as_of(txn, opt, &a, s);
		else if (a.open_docs > 0)
			rc = add_account(txn, opt, k, today, s);
		if (rc != CB_OK)
			break;
		if (opt->by_debtor && !sums_empty(&one)) {
			struct cb_debtor d;
			if ((rc = cb_debtor_get(txn, a.debtor, &d)) != CB_OK)
				break;
			row.debtor = d.id;
			row.name = d.name;
			if ((rc = emit(opt, &row, &one, fn, arg)) != CB_OK)
				break;
		}
	}
	cb_cursor_close(&c);
	if (rc != CB_ERR_NOTHING && rc != CB_OK)
		return rc;
	if (opt->by_debtor)
		return CB_OK;
	if (!opt->by_segment)
		return emit(opt, &row, &total, fn, arg);
	rc = CB_OK;
	for (int g = CB_SEG_CUMPLIDOR; rc == CB_OK && g <= CB_SEG_MOROSO; g++) {
		row.segment = cb_segment_name((enum cb_segment)g);
		rc = emit(opt, &row, &segment[g], fn, arg);
	}
	return rc;
}

struct aging_walk {
	struct cb_txn *txn;
	const struct cb_aging_options *opt;
	time_t now;
	int (*fn)(const struct cb_aging_row *, void *);
	void *arg;
	bool found;
};

static int aging_each(const struct cb_portfolio *p, void *arg)
{
	struct aging_walk *w = arg;
	cb_day today = w->opt->as_of;
	int rc = CB_OK;
	if (w->opt->portfolio && strcmp(w->opt->portfolio, p->code) != 0)
		return CB_OK;
	w->found = true;
	if (today == CB_DAY_NONE)
		rc = cb_tz_today(w->now, p->timezone, &today);
	if (rc == CB_OK)
		rc = aging_portfolio(w->txn, w->opt, p, today, w->fn, w->arg);
	return rc;
}

int cb_aging(struct cb_session *s, const struct cb_aging_options *opt,
    int (*fn)(const struct cb_aging_row *row, void *arg), void *arg)
{
	struct aging_walk w = { NULL, opt, s->now, fn, arg, false };
	if (!cb_may(s->role, CB_DO_REPORT))
		return CB_ERR_PERM;
	int rc = cb_store_read(s->store, &w.txn);
	if (rc != CB_OK)
		return rc;
	rc = cb_portfolio_each(w.txn, aging_each, &w);
	cb_txn_end(&w.txn);
	if (rc == CB_OK && opt->portfolio && !w.found)
		rc = CB_ERR_NOTFOUND;
	return rc;
}
