/* promise.c -- promises to pay and their review against payments. */
#include "i18n.h"
#include "promise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "event.h"
#include "model.h"
#include "money.h"
#include "record.h"

enum { PR_AMOUNT = 1, PR_DUE, PR_MADE, PR_AGENT, PR_PLAN, PR_STATUS, PR_SETTLED };

const char *cb_promise_status_name(enum cb_promise_status s)
{
	static const char *const names[] = { N_("pending"), N_("kept"), N_("broken"),
		N_("waiting"), N_("refused") };
	return s <= CB_PROMISE_REFUSED ? names[s] : N_("pending");
}

/* The key of a promise: its account, then its id big-endian. */
static struct cb_val promise_key(struct cb_key *k, const char *portfolio,
    const char *debtor, uint64_t id)
{
	cb_key_account(k, portfolio, debtor);
	for (int i = 0; i < 8; i++)
		k->buf[k->len++] = (char)(id >> (56 - 8 * i));
	return cb_key_val(k);
}

int cb_promise_put(struct cb_txn *txn, const struct cb_promise *p)
{
	struct cb_key k;
	struct cb_rec rec = { 0 };
	cb_rec_start(&rec, CB_REC_PROMISE);
	cb_rec_int(&rec, PR_AMOUNT, p->amount);
	cb_rec_int(&rec, PR_DUE, p->due);
	cb_rec_int(&rec, PR_MADE, (int64_t)p->made);
	cb_rec_text(&rec, PR_AGENT, p->agent);
	if (p->plan)
		cb_rec_int(&rec, PR_PLAN, (int64_t)p->plan);
	cb_rec_int(&rec, PR_STATUS, p->status);
	if (p->settled != CB_DAY_NONE)
		cb_rec_int(&rec, PR_SETTLED, p->settled);
	int rc = cb_rec_finish(&rec);
	if (rc == CB_OK)
		rc = cb_put(txn, CB_T_PROMISES, promise_key(&k, p->portfolio,
		    p->debtor, p->id), (struct cb_val){ rec.buf, rec.len });
	cb_rec_free(&rec);
	return rc;
}

static int promise_decode(struct cb_val key, struct cb_val val,
    struct cb_promise *p)
{
	struct cb_rec_reader r;
	struct cb_rec_field f;
	const unsigned char *end = (const unsigned char *)key.data + key.size;
	memset(p, 0, sizeof *p);
	p->settled = CB_DAY_NONE;
	int rc = key.size > 8 ? cb_key_split((struct cb_val){ key.data,
	    key.size - 8 }, &p->portfolio, &p->debtor) : CB_ERR_CORRUPT;
	if (rc != CB_OK)
		return rc;
	for (int i = 8; i > 0; i--)
		p->id = p->id << 8 | end[-i];
	rc = cb_rec_open(&r, val.data, val.size, CB_REC_PROMISE);
	while (rc == CB_OK && (rc = cb_rec_next(&r, &f)) == CB_OK) {
		switch (f.field) {
		case PR_AMOUNT: p->amount = f.i; break;
		case PR_DUE: p->due = (cb_day)f.i; break;
		case PR_MADE: p->made = (time_t)f.i; break;
		case PR_AGENT: p->agent = cb_rec_field_text(&f); break;
		case PR_PLAN: p->plan = (uint64_t)f.i; break;
		case PR_STATUS: p->status = (enum cb_promise_status)f.i; break;
		case PR_SETTLED: p->settled = (cb_day)f.i; break;
		}
	}
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

int cb_promise_each(struct cb_txn *txn, const char *portfolio,
    const char *debtor, int (*fn)(const struct cb_promise *p, void *arg),
    void *arg)
{
	struct cb_key prefix;
	struct cb_cursor *c;
	struct cb_val k, v;
	struct cb_promise p;
	int rc = cb_cursor_open(txn, CB_T_PROMISES, &c);
	if (rc != CB_OK)
		return rc;
	cb_key_account(&prefix, portfolio, debtor);
	for (rc = cb_cursor_seek(c, cb_key_val(&prefix), &k, &v);
	     rc == CB_OK && cb_has_prefix(k, prefix.buf, prefix.len);
	     rc = cb_cursor_next(c, &k, &v))
		if ((rc = promise_decode(k, v, &p)) != CB_OK ||
		    (rc = fn(&p, arg)) != CB_OK)
			break;
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* A promise and a payment copied out of the map for the review. */
struct rpromise {
	struct cb_promise p;
	char agent[40];
	bool changed;
};

struct rpayment {
	cb_day date;
	int64_t left;
};

struct review {
	struct rpromise *promises;
	struct rpayment *payments;
	size_t np, npay, cap_p, cap_pay;
};

static int grow(void **list, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return CB_OK;
	size_t c = *cap ? *cap * 2 : 8;
	void *p = realloc(*list, c * size);
	if (p == NULL)
		return CB_ERR_NOMEM;
	*list = p;
	*cap = c;
	return CB_OK;
}

static int add_promise(const struct cb_promise *p, void *arg)
{
	struct review *r = arg;
	int rc = grow((void **)&r->promises, &r->cap_p, r->np, sizeof *r->promises);
	if (rc != CB_OK)
		return rc;
	struct rpromise *rp = &r->promises[r->np++];
	rp->p = *p;
	snprintf(rp->agent, sizeof rp->agent, "%s", p->agent ? p->agent : "");
	rp->p.agent = NULL; /* the array may move: point at rp->agent when used */
	rp->changed = false;
	return CB_OK;
}

static int add_payment(const struct cb_payment *pay, void *arg)
{
	struct review *r = arg;
	int rc = grow((void **)&r->payments, &r->cap_pay, r->npay,
	    sizeof *r->payments);
	if (rc != CB_OK)
		return rc;
	r->payments[r->npay++] = (struct rpayment){ pay->date, pay->amount };
	return CB_OK;
}

static int by_due(const void *a, const void *b)
{
	const struct rpromise *x = a, *y = b;
	if (x->p.due != y->p.due)
		return x->p.due < y->p.due ? -1 : 1;
	return x->p.id < y->p.id ? -1 : x->p.id > y->p.id;
}

static int by_pay_date(const void *a, const void *b)
{
	const struct rpayment *x = a, *y = b;
	return (x->date > y->date) - (x->date < y->date);
}

/* Takes from the payments dated in [from, to] what the promise needs;
 * returns the day the last part came, or CB_DAY_NONE if not covered. */
static cb_day cover(struct review *r, int64_t need, cb_day from, cb_day to)
{
	cb_day last = CB_DAY_NONE;
	for (size_t i = 0; i < r->npay && need > 0; i++) {
		struct rpayment *pay = &r->payments[i];
		if (pay->date < from || pay->date > to || pay->left == 0)
			continue;
		int64_t take = pay->left < need ? pay->left : need;
		pay->left -= take;
		need -= take;
		last = pay->date;
	}
	return need == 0 ? last : CB_DAY_NONE;
}

/* Decides each promise: kept, broken or still pending. */
static void judge(struct review *r, cb_day today, int grace)
{
	if (r->np > 1)
		qsort(r->promises, r->np, sizeof *r->promises, by_due);
	if (r->npay > 1)
		qsort(r->payments, r->npay, sizeof *r->payments, by_pay_date);
	for (size_t i = 0; i < r->np; i++) {
		struct rpromise *rp = &r->promises[i];
		if (rp->p.status == CB_PROMISE_BROKEN ||
		    rp->p.status == CB_PROMISE_WAITING ||
		    rp->p.status == CB_PROMISE_REFUSED)
			continue;
		/* The day it was made, less one for time zones. */
		cb_day from = (cb_day)(rp->p.made / 86400) - 1;
		cb_day kept = cover(r, rp->p.amount, from, rp->p.due + grace);
		if (rp->p.status != CB_PROMISE_PENDING)
			continue;
		if (kept != CB_DAY_NONE) {
			rp->p.status = CB_PROMISE_KEPT;
			rp->p.settled = kept;
			rp->changed = true;
		} else if (today > rp->p.due + grace) {
			rp->p.status = CB_PROMISE_BROKEN;
			rp->p.settled = today;
			rp->changed = true;
		}
	}
}

/* Stores the promises judged anew and logs each change. */
static int record_changes(struct cb_txn *txn, struct review *r,
    const char *user, time_t now)
{
	int rc = CB_OK;
	for (size_t i = 0; i < r->np && rc == CB_OK; i++) {
		struct rpromise *rp = &r->promises[i];
		struct cb_event ev;
		char id[24], due[11];
		if (!rp->changed)
			continue;
		snprintf(id, sizeof id, "%llu", (unsigned long long)rp->p.id);
		cb_day_format(rp->p.due, due);
		cb_event_init(&ev, rp->p.status == CB_PROMISE_KEPT ? "promise_kept"
		    : "promise_broken", user, now);
		ev.portfolio = rp->p.portfolio;
		ev.debtor = rp->p.debtor;
		cb_event_add(&ev, "promise", id);
		cb_event_add(&ev, "date", due);
		rp->p.agent = rp->agent;
		if ((rc = cb_promise_put(txn, &rp->p)) == CB_OK)
			rc = cb_event_append(txn, &ev);
	}
	return rc;
}

int cb_promise_review(struct cb_txn *txn, const char *portfolio,
    const char *debtor, cb_day today, int grace_days, const char *user,
    time_t now, struct cb_promise_state *out)
{
	struct review r = { 0 };
	int rc = cb_promise_each(txn, portfolio, debtor, add_promise, &r);
	out->next_due = out->broken_on = CB_DAY_NONE;
	out->plan_waiting = false;
	/* The names must outlive the writes: point them at the caller's. */
	for (size_t i = 0; i < r.np; i++) {
		r.promises[i].p.portfolio = portfolio;
		r.promises[i].p.debtor = debtor;
	}
	if (rc == CB_OK && r.np > 0)
		rc = cb_payment_each(txn, portfolio, debtor, add_payment, &r);
	if (rc == CB_OK) {
		judge(&r, today, grace_days);
		rc = record_changes(txn, &r, user, now);
	}
	for (size_t i = 0; rc == CB_OK && i < r.np; i++) {
		const struct cb_promise *p = &r.promises[i].p;
		if (p->status == CB_PROMISE_PENDING &&
		    (out->next_due == CB_DAY_NONE || p->due < out->next_due))
			out->next_due = p->due;
		out->plan_waiting |= p->status == CB_PROMISE_WAITING;
		if (p->status == CB_PROMISE_BROKEN &&
		    (out->broken_on == CB_DAY_NONE || p->settled > out->broken_on))
			out->broken_on = p->settled;
	}
	free(r.promises);
	free(r.payments);
	return rc;
}

int cb_promise_decide_plan(struct cb_txn *txn, const char *portfolio,
    const char *debtor, bool approve, uint64_t *plan)
{
	struct review r = { 0 };
	int rc = cb_promise_each(txn, portfolio, debtor, add_promise, &r);
	*plan = 0;
	for (size_t i = 0; rc == CB_OK && i < r.np; i++) {
		struct cb_promise *p = &r.promises[i].p;
		if (p->status != CB_PROMISE_WAITING)
			continue;
		p->agent = r.promises[i].agent;
		p->portfolio = portfolio;
		p->debtor = debtor;
		p->status = approve ? CB_PROMISE_PENDING : CB_PROMISE_REFUSED;
		*plan = p->plan;
		rc = cb_promise_put(txn, p);
	}
	free(r.promises);
	return rc == CB_OK && *plan == 0 ? CB_ERR_NOTHING : rc;
}
