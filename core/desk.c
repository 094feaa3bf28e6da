/* desk.c -- the agent's day: callbacks, promises, what was done, the queue. */
#include "desk.h"

#include <stdio.h>
#include <string.h>

#include "error.h"
#include "event.h"
#include "money.h"
#include "outcome.h"
#include "queue.h"
#include "store.h"
#include "work.h"

#define DAY_SECONDS 86400

/* What the desk needs of a portfolio, looked up once per load. */
struct pf_info {
	char code[CB_PORTFOLIO_MAX + 1];
	char currency[8];
	cb_day today;
};

struct desk_job {
	struct cb_session *s;
	struct cb_txn *txn;
	struct cb_desk *out;
	char portfolios[512]; /* the agent's, or "" for all */
	/* The portfolios met so far: a desk meets a handful, thousands of
	 * times.  Past the last slot the scratch one is looked up each time. */
	size_t npf;
	struct pf_info pf[16];
	struct pf_info scratch;
};

/* Copies src to dst (size bytes), cut so that no UTF-8 character is split:
 * a name cut in the middle of "ñ" would show as garbage. */
static void copy_utf8(char *dst, size_t size, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= size) {
		n = size - 1;
		/* src[n] is the first byte left out: when it continues a
		 * character, that character goes too. */
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	if (n > 0)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The portfolio's currency and today, from the cache or the store. */
static int portfolio(struct desk_job *j, const char *code,
    const struct pf_info **out)
{
	struct cb_portfolio p;
	struct pf_info *pf;
	for (size_t i = 0; i < j->npf; i++)
		if (strcmp(j->pf[i].code, code) == 0) {
			*out = &j->pf[i];
			return CB_OK;
		}
	int rc = cb_portfolio_get(j->txn, code, &p);
	if (rc != CB_OK)
		return rc;
	pf = j->npf < sizeof j->pf / sizeof j->pf[0] ? &j->pf[j->npf++]
	                                             : &j->scratch;
	snprintf(pf->code, sizeof pf->code, "%s", code);
	snprintf(pf->currency, sizeof pf->currency, "%s", p.currency);
	if ((rc = cb_tz_today(j->s->now, p.timezone, &pf->today)) != CB_OK) {
		if (pf != &j->scratch)
			j->npf--;
		return rc;
	}
	*out = pf;
	return CB_OK;
}

/* ---- Today ------------------------------------------------------------ */

static int first_code(const struct cb_portfolio *p, void *arg)
{
	snprintf(arg, CB_PORTFOLIO_MAX + 1, "%s", p->code);
	return CB_ERR_NOTHING; /* enough: cb_portfolio_each() returns CB_OK */
}

/* The first portfolio the agent works that exists: the first of its list,
 * or the first of all by code; "" when there is none. */
static int first_portfolio(struct desk_job *j, char *code)
{
	struct cb_portfolio p;
	const char *item = j->portfolios;
	code[0] = '\0';
	if (*item == '\0')
		return cb_portfolio_each(j->txn, first_code, code);
	while (*item) {
		size_t n = strcspn(item, ",");
		if (n > 0 && n <= CB_PORTFOLIO_MAX) {
			memcpy(code, item, n);
			code[n] = '\0';
			int rc = cb_portfolio_get(j->txn, code, &p);
			if (rc != CB_ERR_NOTFOUND)
				return rc;
		}
		code[0] = '\0';
		item += n + (item[n] == ',');
	}
	return CB_OK;
}

/* Today in the zone of the agent's first portfolio; the UTC day when the
 * agent has none. */
static int find_today(struct desk_job *j)
{
	struct cb_portfolio p;
	struct cb_desk *d = j->out;
	char code[CB_PORTFOLIO_MAX + 1];
	cb_day day;
	int rc = first_portfolio(j, code);
	if (rc != CB_OK)
		return rc;
	if (code[0] == '\0') {
		time_t now = j->s->now;
		time_t into = (now % DAY_SECONDS + DAY_SECONDS) % DAY_SECONDS;
		d->day_start = now - into;
		d->day_end = d->day_start + DAY_SECONDS;
		return CB_OK;
	}
	if ((rc = cb_portfolio_get(j->txn, code, &p)) == CB_OK &&
	    (rc = cb_tz_today(j->s->now, p.timezone, &day)) == CB_OK &&
	    (rc = cb_tz_mktime(p.timezone, day, 0, &d->day_start)) == CB_OK)
		rc = cb_tz_mktime(p.timezone, day + 1, 0, &d->day_end);
	return rc;
}

/* ---- The accounts listed ---------------------------------------------- */

/* An item for an account: the debtor's name and the portfolio's currency
 * (the caller fills what depends on the list). */
static int item_of(struct desk_job *j, struct cb_desk_item *it,
    const char *portfolio_code, const char *debtor)
{
	struct cb_debtor d;
	const struct pf_info *pf;
	int rc = portfolio(j, portfolio_code, &pf);
	if (rc == CB_OK)
		rc = cb_debtor_get(j->txn, debtor, &d);
	if (rc != CB_OK)
		return rc;
	memset(it, 0, sizeof *it);
	snprintf(it->portfolio, sizeof it->portfolio, "%s", portfolio_code);
	snprintf(it->debtor, sizeof it->debtor, "%s", debtor);
	copy_utf8(it->name, sizeof it->name, d.name);
	snprintf(it->currency, sizeof it->currency, "%s", pf->currency);
	it->due = CB_DAY_NONE;
	return CB_OK;
}

/* Adds a callback for the agent, at the end: the index is in time order. */
static int add_callback(struct desk_job *j, time_t at, bool anyone,
    const char *portfolio_code, const char *debtor)
{
	struct cb_desk *d = j->out;
	struct cb_desk_item *it = &d->callbacks[d->ncallbacks];
	struct cb_account a;
	int rc = cb_account_get(j->txn, portfolio_code, debtor, &a);
	if (rc == CB_OK)
		rc = item_of(j, it, portfolio_code, debtor);
	if (rc != CB_OK)
		return rc;
	it->at = at;
	it->anyone = anyone;
	it->amount = a.balance;
	d->ncallbacks++;
	return CB_OK;
}

/* The callbacks due before the end of today, the agent's own and those
 * for anyone, in the agent's portfolios: the index from its start (the
 * overdue ones are its first), as the queue walks it. */
static int load_callbacks(struct desk_job *j)
{
	struct cb_cursor *c;
	struct cb_val k, v;
	int rc = cb_cursor_open(j->txn, CB_T_CALLBACKS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, &v); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, &v)) {
		const char *pf, *db, *agent = v.data;
		time_t at;
		if (cb_callback_key_split(k, &at, &pf, &db) != CB_OK ||
		    v.size == 0 || agent[v.size - 1] != '\0') {
			rc = CB_ERR_CORRUPT;
			break;
		}
		if (at >= j->out->day_end ||
		    j->out->ncallbacks == CB_DESK_ITEMS)
			break;
		bool anyone = agent[0] == '\0';
		if ((!anyone && strcmp(agent, j->s->login) != 0) ||
		    !cb_user_works(j->portfolios, pf))
			continue;
		if ((rc = add_callback(j, at, anyone, pf, db)) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* Puts a promise in its place, earliest due first (after those due the
 * same day); past CB_DESK_ITEMS the latest falls off. */
static void insert_promise(struct cb_desk *d, const struct cb_desk_item *it)
{
	size_t at = d->npromises;
	while (at > 0 && d->promises[at - 1].due > it->due)
		at--;
	if (at == CB_DESK_ITEMS)
		return;
	size_t keep = d->npromises < CB_DESK_ITEMS ? d->npromises
	                                           : CB_DESK_ITEMS - 1;
	memmove(&d->promises[at + 1], &d->promises[at],
	    (keep - at) * sizeof d->promises[0]);
	d->promises[at] = *it;
	if (d->npromises < CB_DESK_ITEMS)
		d->npromises++;
}

/* Keeps the agent's promises that fall due (today or before, in the
 * portfolio's own today) and those found broken today. */
static int keep_promise(const struct cb_promise *p, void *arg)
{
	struct desk_job *j = arg;
	const struct pf_info *pf;
	struct cb_desk_item it;
	if (p->agent == NULL || strcmp(p->agent, j->s->login) != 0)
		return CB_OK;
	int rc = portfolio(j, p->portfolio, &pf);
	if (rc != CB_OK)
		return rc;
	bool due = p->status == CB_PROMISE_PENDING && p->due <= pf->today;
	bool broken = p->status == CB_PROMISE_BROKEN && p->settled == pf->today;
	if (!due && !broken)
		return CB_OK;
	if ((rc = item_of(j, &it, p->portfolio, p->debtor)) != CB_OK)
		return rc;
	it.due = p->due;
	it.amount = p->amount;
	it.status = p->status;
	insert_promise(j->out, &it);
	return CB_OK;
}

/*
 * The promises to list.  promise.c decodes promises only for one account
 * at a time (cb_promise_each), so the table is walked account by account:
 * the cursor finds the next account that has promises, cb_promise_each()
 * reads them, and the cursor jumps past them.  The cost is one seek per
 * account with promises plus one read per promise, whoever made them: no
 * index by agent exists.  Accounts of portfolios the agent does not work
 * are jumped over unread.
 */
static int load_promises(struct desk_job *j)
{
	struct cb_cursor *c;
	struct cb_val k;
	struct cb_key next = { .len = 0 };
	int rc = cb_cursor_open(j->txn, CB_T_PROMISES, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, cb_key_val(&next), &k, NULL); rc == CB_OK;
	     rc = cb_cursor_seek(c, cb_key_val(&next), &k, NULL)) {
		const char *pf, *db;
		if (k.size <= 8 || cb_key_split((struct cb_val){ k.data,
		    k.size - 8 }, &pf, &db) != CB_OK) {
			rc = CB_ERR_CORRUPT;
			break;
		}
		/* Past every id of this account: its key, then 0xff x 8, then
		 * one more byte. */
		cb_key_account(&next, pf, db);
		if (next.len + 9 > sizeof next.buf) {
			rc = CB_ERR_CORRUPT;
			break;
		}
		memset(next.buf + next.len, 0xff, 8);
		next.buf[next.len + 8] = '\0';
		next.len += 9;
		if (!cb_user_works(j->portfolios, pf))
			continue;
		if ((rc = cb_promise_each(j->txn, pf, db, keep_promise,
		    j)) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* ---- What the agent did today ----------------------------------------- */

/* Adds a promise's amount, as its outcome wrote it (the currency's plain
 * form: '.' for decimals, no grouping), to the total of its currency. */
static void add_promised(struct desk_job *j, const struct cb_event *ev)
{
	struct cb_desk_counts *t = &j->out->today;
	const struct pf_info *pf;
	const struct cb_currency *cur;
	int64_t minor;
	size_t i;
	/* A figure on a screen is not worth failing the desk for. */
	if (ev->portfolio == NULL ||
	    portfolio(j, ev->portfolio, &pf) != CB_OK ||
	    (cur = cb_currency_find(pf->currency)) == NULL ||
	    cb_money_parse(cb_event_value(ev, "amount"), cur, &minor,
	    NULL) != CB_OK)
		return;
	for (i = 0; i < t->ncurrencies; i++)
		if (strcmp(t->promised[i].currency, pf->currency) == 0)
			break;
	if (i == sizeof t->promised / sizeof t->promised[0])
		return;
	if (i == t->ncurrencies) {
		snprintf(t->promised[i].currency,
		    sizeof t->promised[i].currency, "%s", pf->currency);
		t->ncurrencies++;
	}
	t->promised[i].amount += minor;
}

/* Counts an event of the agent's today. */
static int count_event(const struct cb_event *ev, void *arg)
{
	struct desk_job *j = arg;
	struct cb_desk_counts *t = &j->out->today;
	const struct cb_outcome *o;
	const char *code;
	if (ev->time < j->out->day_start || ev->time >= j->out->day_end ||
	    strcmp(ev->user, j->s->login) != 0)
		return CB_OK;
	if (strcmp(ev->kind, "claim") == 0)
		t->claims++;
	if (strcmp(ev->kind, "outcome") != 0)
		return CB_OK;
	t->outcomes++;
	if ((code = cb_event_value(ev, "code")) == NULL ||
	    (o = cb_outcome_find(code)) == NULL)
		return CB_OK;
	t->conversations += o->kind == CB_OUTCOME_CONVERSATION;
	t->callbacks += strcmp(o->code, "CB") == 0;
	if (strcmp(o->code, "PTP") == 0 || strcmp(o->code, "PLAN") == 0) {
		t->promises++;
		add_promised(j, ev);
	}
	return CB_OK;
}

/* The agent's events of today: from the first of the day to the end of
 * the log (events stamped later than today, under --now, are skipped). */
static int load_counts(struct desk_job *j)
{
	uint64_t from;
	int rc = cb_event_first_at(j->txn, j->out->day_start, &from);
	return rc == CB_OK ? cb_event_each(j->txn, from, count_event, j) : rc;
}

/* ---- The queue -------------------------------------------------------- */

static int count_callable(const struct cb_queue_entry *e, void *arg)
{
	unsigned *n = arg;
	(void)e;
	(*n)++;
	return CB_OK;
}

/* How much the agent may call, and what it holds (each in its own read
 * transaction, opened by queue.c). */
static int load_queue(struct cb_session *s, struct cb_desk *d)
{
	struct cb_account_ref ref;
	unsigned n = 0;
	int rc = cb_queue_list(s, NULL, false, CB_DESK_CALLABLE + 1,
	    count_callable, &n);
	if (rc != CB_OK)
		return rc;
	d->callable = n < CB_DESK_CALLABLE ? n : CB_DESK_CALLABLE;
	d->callable_more = n > CB_DESK_CALLABLE;
	rc = cb_queue_held(s, &ref, NULL);
	if (rc == CB_ERR_NOTHING)
		return CB_OK;
	if (rc != CB_OK)
		return rc;
	d->holding = true;
	snprintf(d->held_portfolio, sizeof d->held_portfolio, "%s",
	    ref.portfolio);
	snprintf(d->held_debtor, sizeof d->held_debtor, "%s", ref.debtor);
	return CB_OK;
}

/* Everything read from the log and the indexes, in one snapshot. */
static int load_day(struct desk_job *j)
{
	struct cb_user u;
	int rc = cb_user_get(j->txn, j->s->login, &u);
	if (rc != CB_OK)
		return rc;
	snprintf(j->portfolios, sizeof j->portfolios, "%s",
	    u.portfolios ? u.portfolios : "");
	if ((rc = find_today(j)) == CB_OK &&
	    (rc = load_callbacks(j)) == CB_OK &&
	    (rc = load_promises(j)) == CB_OK)
		rc = load_counts(j);
	return rc;
}

int cb_desk_load(struct cb_session *s, struct cb_desk *out)
{
	struct desk_job j = { .s = s, .out = out };
	memset(out, 0, sizeof *out);
	if (!cb_may(s->role, CB_DO_WORK))
		return CB_ERR_PERM;
	int rc = cb_store_read(s->store, &j.txn);
	if (rc != CB_OK)
		return rc;
	rc = load_day(&j);
	cb_txn_end(&j.txn);
	if (rc == CB_OK)
		rc = load_queue(s, out);
	if (rc != CB_OK)
		memset(out, 0, sizeof *out);
	return rc;
}
