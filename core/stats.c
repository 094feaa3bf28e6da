/* stats.c -- the supervisors' figures: promises made, agents' days, and
 * the events themselves, each read in one snapshot. */
#include "stats.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "money.h"
#include "outcome.h"
#include "promise.h"
#include "store.h"

#define DAY_SECONDS 86400
/* A civil day in any zone lies within 14 hours of its UTC day (zones run
 * from UTC-12 to UTC+14): the instants of a period are sought that much
 * wider, and each event then judged by its own zone. */
#define ZONE_MARGIN (14 * 3600)

/* The UTC day of t. */
static cb_day utc_day(time_t t)
{
	time_t d = t / DAY_SECONDS;
	return (cb_day)(t % DAY_SECONDS < 0 ? d - 1 : d);
}

int cb_stats_period(time_t now, cb_day *from, cb_day *to)
{
	cb_day today = utc_day(now);
	int y, m, d;
	if (*to == CB_DAY_NONE)
		*to = today;
	if (*from == CB_DAY_NONE) {
		cb_day_to_ymd(today, &y, &m, &d);
		int rc = cb_day_from_ymd(y, m, 1, from);
		if (rc != CB_OK)
			return rc;
	}
	return *from > *to ? CB_ERR_INPUT : CB_OK;
}

const char *cb_stats_by_name(enum cb_stats_by by)
{
	static const char *const names[] = { "agent", "day", "week", "month" };
	return by <= CB_STATS_BY_MONTH ? names[by] : names[0];
}

int cb_stats_by_parse(const char *text, enum cb_stats_by *out)
{
	for (int i = CB_STATS_BY_AGENT; i <= CB_STATS_BY_MONTH; i++)
		if (strcmp(text, cb_stats_by_name((enum cb_stats_by)i)) == 0) {
			*out = (enum cb_stats_by)i;
			return CB_OK;
		}
	return CB_ERR_INPUT;
}

/* ---- The days of portfolios ------------------------------------------- */

/* A portfolio's currency and zone, and the last of its days looked up:
 * reports meet a handful of portfolios, each for thousands of events in
 * time order, and converting an instant to a zone is slow (it sets TZ). */
struct zone {
	char code[CB_PORTFOLIO_MAX + 1];
	char currency[8];
	char tz[64];
	cb_day day;
	time_t start, end; /* day's instants, [start, end); empty: none yet */
};

struct zones {
	struct zone *z;
	size_t n, cap;
};

/* The portfolio code's zone, read once from the store. */
static int zone_of(struct cb_txn *txn, struct zones *zs, const char *code,
    struct zone **out)
{
	struct cb_portfolio p;
	for (size_t i = 0; i < zs->n; i++)
		if (strcmp(zs->z[i].code, code) == 0) {
			*out = &zs->z[i];
			return CB_OK;
		}
	int rc = cb_portfolio_get(txn, code, &p);
	if (rc != CB_OK)
		return rc == CB_ERR_NOTFOUND ? CB_ERR_CORRUPT : rc;
	if (zs->n == zs->cap) {
		size_t cap = zs->cap ? zs->cap * 2 : 8;
		struct zone *z = realloc(zs->z, cap * sizeof *z);
		if (z == NULL)
			return CB_ERR_NOMEM;
		zs->z = z;
		zs->cap = cap;
	}
	struct zone *z = &zs->z[zs->n++];
	memset(z, 0, sizeof *z);
	snprintf(z->code, sizeof z->code, "%s", code);
	snprintf(z->currency, sizeof z->currency, "%s", p.currency);
	snprintf(z->tz, sizeof z->tz, "%s", p.timezone);
	*out = z;
	return CB_OK;
}

/* The day of instant t in the zone of portfolio (NULL: about no account,
 * the UTC day; *z is then NULL). */
static int day_of(struct cb_txn *txn, struct zones *zs, const char *portfolio,
    time_t t, cb_day *day, struct zone **z)
{
	*z = NULL;
	if (portfolio == NULL) {
		*day = utc_day(t);
		return CB_OK;
	}
	int rc = zone_of(txn, zs, portfolio, z);
	if (rc != CB_OK)
		return rc;
	struct zone *zn = *z;
	if (t >= zn->start && t < zn->end) {
		*day = zn->day;
		return CB_OK;
	}
	if ((rc = cb_tz_today(t, zn->tz, day)) != CB_OK)
		return rc;
	/* Keep the day's bounds for the events that follow; a day whose
	 * bounds do not hold t (a zone's odd rule) is simply not kept. */
	zn->day = *day;
	if (cb_tz_mktime(zn->tz, *day, 0, &zn->start) != CB_OK ||
	    cb_tz_mktime(zn->tz, *day + 1, 0, &zn->end) != CB_OK ||
	    t < zn->start || t >= zn->end)
		zn->start = zn->end = 0;
	return CB_OK;
}

/* ---- Sorted rows ------------------------------------------------------ */

/* The rows a report gathers, kept sorted by key so that each event finds
 * its row by a binary search and the rows come out in order. */
struct bins {
	char *items;
	size_t n, cap, size;
	int (*cmp)(const void *a, const void *b);
};

/* The row equal to key by b->cmp, inserted as a copy of key when absent. */
static int bin_find(struct bins *b, const void *key, void **out)
{
	size_t lo = 0, hi = b->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = b->cmp(b->items + mid * b->size, key);
		if (c == 0) {
			*out = b->items + mid * b->size;
			return CB_OK;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		char *p = realloc(b->items, cap * b->size);
		if (p == NULL)
			return CB_ERR_NOMEM;
		b->items = p;
		b->cap = cap;
	}
	char *at = b->items + lo * b->size;
	memmove(at + b->size, at, (b->n - lo) * b->size);
	memcpy(at, key, b->size);
	b->n++;
	*out = at;
	return CB_OK;
}

static void bins_free(struct bins *b)
{
	free(b->items);
	b->items = NULL;
	b->n = b->cap = 0;
}

/* part x scale / whole in tenths, rounded half up: a percentage (scale
 * 100) or a rate per hour of seconds (scale 3600); -1 when whole is 0. */
static int tenths(uint64_t part, uint64_t whole, uint64_t scale)
{
	if (whole == 0)
		return -1;
	return (int)((part * scale * 20 + whole) / (2 * whole));
}

/* The account's promises, or all of them: a cursor finds the next account
 * that has promises, cb_promise_each() reads them, and the cursor jumps
 * past them (promise.c decodes promises only an account at a time). */
static int each_promise(struct cb_txn *txn,
    int (*fn)(const struct cb_promise *p, void *arg), void *arg)
{
	struct cb_cursor *c;
	struct cb_val k;
	struct cb_key next = { .len = 0 };
	int rc = cb_cursor_open(txn, CB_T_PROMISES, &c);
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
		/* Past every id of this account: its key, 0xff x 8, one more
		 * byte. */
		cb_key_account(&next, pf, db);
		if (next.len + 9 > sizeof next.buf) {
			rc = CB_ERR_CORRUPT;
			break;
		}
		memset(next.buf + next.len, 0xff, 8);
		next.buf[next.len + 8] = '\0';
		next.len += 9;
		if ((rc = cb_promise_each(txn, pf, db, fn, arg)) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* ---- Promises made ---------------------------------------------------- */

struct pbin {
	char agent[CB_LOGIN_MAX + 1]; /* by agent; "" by period */
	cb_day start;                 /* by period; 0 by agent */
	char currency[8];
	struct cb_stats_tally made, kept, broken, pending, refused;
};

static int pbin_cmp(const void *a, const void *b)
{
	const struct pbin *x = a, *y = b;
	int c = strcmp(x->agent, y->agent);
	if (c == 0)
		c = (x->start > y->start) - (x->start < y->start);
	return c ? c : strcmp(x->currency, y->currency);
}

struct promises_job {
	struct cb_txn *txn;
	const struct cb_stats_promises_options *opt;
	cb_day from, to;
	struct zones zones;
	struct bins bins;
};

/* The first day of the group of day. */
static cb_day group_start(enum cb_stats_by by, cb_day day)
{
	int y, m, d;
	switch (by) {
	case CB_STATS_BY_WEEK:
		return day - (cb_day_weekday(day) + 6) % 7; /* its Monday */
	case CB_STATS_BY_MONTH:
		cb_day_to_ymd(day, &y, &m, &d);
		return day - (d - 1);
	default:
		return day;
	}
}

static void tally(struct cb_stats_tally *t, int64_t amount)
{
	t->count++;
	t->amount += amount;
}

/* Counts a promise made in the period. */
static int count_promise(const struct cb_promise *p, void *arg)
{
	struct promises_job *j = arg;
	const char *agent = p->agent ? p->agent : "";
	struct zone *z;
	struct pbin key, *b;
	cb_day day;
	if (j->opt->agent && strcmp(agent, j->opt->agent) != 0)
		return CB_OK;
	/* Far outside the period: no need to ask its zone. */
	if (p->made < (time_t)j->from * DAY_SECONDS - ZONE_MARGIN ||
	    p->made >= (time_t)(j->to + 1) * DAY_SECONDS + ZONE_MARGIN)
		return CB_OK;
	int rc = day_of(j->txn, &j->zones, p->portfolio, p->made, &day, &z);
	if (rc != CB_OK)
		return rc;
	if (day < j->from || day > j->to)
		return CB_OK;
	memset(&key, 0, sizeof key);
	if (j->opt->by == CB_STATS_BY_AGENT)
		snprintf(key.agent, sizeof key.agent, "%s", agent);
	else
		key.start = group_start(j->opt->by, day);
	snprintf(key.currency, sizeof key.currency, "%s", z->currency);
	void *found = NULL;
	if ((rc = bin_find(&j->bins, &key, &found)) != CB_OK)
		return rc;
	b = found;
	tally(&b->made, p->amount);
	switch (p->status) {
	case CB_PROMISE_KEPT: tally(&b->kept, p->amount); break;
	case CB_PROMISE_BROKEN: tally(&b->broken, p->amount); break;
	case CB_PROMISE_REFUSED: tally(&b->refused, p->amount); break;
	default: tally(&b->pending, p->amount); break;
	}
	return CB_OK;
}

/* Gives fn a row for each group gathered. */
static int promises_emit(const struct promises_job *j,
    int (*fn)(const struct cb_stats_promises_row *, void *), void *arg)
{
	int rc = CB_OK;
	for (size_t i = 0; i < j->bins.n && rc == CB_OK; i++) {
		const struct pbin *b = (const struct pbin *)(j->bins.items +
		    i * j->bins.size);
		char group[16];
		struct cb_stats_promises_row row = { .group = b->agent,
			.start = CB_DAY_NONE, .currency = b->currency,
			.made = b->made, .kept = b->kept, .broken = b->broken,
			.pending = b->pending, .refused = b->refused };
		if (j->opt->by != CB_STATS_BY_AGENT) {
			cb_day_format(b->start, group);
			if (j->opt->by == CB_STATS_BY_MONTH)
				group[7] = '\0';
			row.group = group;
			row.start = b->start;
		}
		row.kept_rate = tenths(b->kept.count,
		    b->kept.count + b->broken.count, 100);
		rc = fn(&row, arg);
	}
	return rc;
}

int cb_stats_promises(struct cb_session *s,
    const struct cb_stats_promises_options *opt,
    int (*fn)(const struct cb_stats_promises_row *row, void *arg), void *arg)
{
	struct promises_job j = { .opt = opt, .from = opt->from, .to = opt->to,
		.bins = { .size = sizeof(struct pbin), .cmp = pbin_cmp } };
	if (!cb_may(s->role, CB_DO_REPORT))
		return CB_ERR_PERM;
	int rc = cb_stats_period(s->now, &j.from, &j.to);
	if (rc == CB_OK)
		rc = cb_store_read(s->store, &j.txn);
	if (rc != CB_OK)
		return rc;
	rc = each_promise(j.txn, count_promise, &j);
	cb_txn_end(&j.txn);
	if (rc == CB_OK)
		rc = promises_emit(&j, fn, arg);
	bins_free(&j.bins);
	free(j.zones.z);
	return rc;
}

/* ---- The agents' days ------------------------------------------------- */

struct abin {
	char agent[CB_LOGIN_MAX + 1];
	cb_day day;
	char currency[8];
	uint64_t attempts, contacts, promises;
	int64_t promised, collected;
	time_t first, last; /* the first and last claim or outcome */
	bool worked;        /* there was one */
};

static int abin_cmp(const void *a, const void *b)
{
	const struct abin *x = a, *y = b;
	int c = strcmp(x->agent, y->agent);
	if (c == 0)
		c = (x->day > y->day) - (x->day < y->day);
	return c ? c : strcmp(x->currency, y->currency);
}

/* Walks the events that may fall in a period, [lo, hi): from the first
 * stamped at or after lo, found by a binary search because events are
 * appended in time order, to the end of the log.  The walk does not stop
 * at hi: an event stamped out of order later in the log (an admin's
 * --now) would end it early and hide the rest of the period. */
struct walk {
	struct cb_txn *txn;
	cb_day from, to;
	time_t lo, hi;
	struct zones zones;
	int (*fn)(struct walk *w, const struct cb_event *ev, cb_day day,
	    struct zone *z);
	void *arg;
};

static void walk_init(struct walk *w, cb_day from, cb_day to)
{
	w->from = from;
	w->to = to;
	w->lo = (time_t)from * DAY_SECONDS - ZONE_MARGIN;
	w->hi = (time_t)(to + 1) * DAY_SECONDS + ZONE_MARGIN;
}

/* Gives w->fn an event of the period with its day and zone. */
static int walk_event(const struct cb_event *ev, void *arg)
{
	struct walk *w = arg;
	struct zone *z;
	cb_day day;
	if (ev->time < w->lo || ev->time >= w->hi)
		return CB_OK;
	int rc = day_of(w->txn, &w->zones, ev->portfolio, ev->time, &day, &z);
	if (rc != CB_OK)
		return rc;
	if (day < w->from || day > w->to)
		return CB_OK;
	return w->fn(w, ev, day, z);
}

static int walk_log(struct walk *w)
{
	uint64_t first;
	int rc = cb_event_first_at(w->txn, w->lo, &first);
	return rc == CB_OK ? cb_event_each(w->txn, first, walk_event, w) : rc;
}

struct agents_job {
	const struct cb_stats_agents_options *opt;
	struct bins bins;
};

/* The row of agent's day in the currency of z. */
static int agent_row(struct agents_job *j, const char *agent, cb_day day,
    const struct zone *z, struct abin **out)
{
	struct abin key;
	memset(&key, 0, sizeof key);
	snprintf(key.agent, sizeof key.agent, "%s", agent);
	key.day = day;
	snprintf(key.currency, sizeof key.currency, "%s", z->currency);
	void *found = NULL;
	int rc = bin_find(&j->bins, &key, &found);
	*out = found;
	return rc;
}

static void worked_at(struct abin *b, time_t t)
{
	if (!b->worked || t < b->first)
		b->first = t;
	if (!b->worked || t > b->last)
		b->last = t;
	b->worked = true;
}

/* Counts an outcome for the agent who logged it. */
static int agent_outcome(struct agents_job *j, const struct cb_event *ev,
    cb_day day, const struct zone *z)
{
	const char *code = cb_event_value(ev, "code");
	const struct cb_outcome *o = code ? cb_outcome_find(code) : NULL;
	struct abin *b;
	int rc = agent_row(j, ev->user, day, z, &b);
	if (rc != CB_OK)
		return rc;
	worked_at(b, ev->time);
	b->attempts++;
	if (o == NULL)
		return CB_OK;
	b->contacts += o->kind == CB_OUTCOME_CONVERSATION;
	if (strcmp(o->code, "PTP") != 0 && strcmp(o->code, "PLAN") != 0)
		return CB_OK;
	const struct cb_currency *cur = cb_currency_find(z->currency);
	const char *amount = cb_event_value(ev, "amount");
	int64_t minor;
	/* Core wrote it in the currency's plain form: it always reads. */
	if (cur == NULL || amount == NULL ||
	    cb_money_parse(amount, cur, &minor, NULL) != CB_OK)
		return CB_ERR_CORRUPT;
	b->promises++;
	b->promised += minor;
	return CB_OK;
}

/* The promise an event names (copied: the agent outlives the read). */
struct found_promise {
	uint64_t id;
	bool found;
	char agent[CB_LOGIN_MAX + 1];
	int64_t amount;
};

static int match_promise(const struct cb_promise *p, void *arg)
{
	struct found_promise *f = arg;
	if (p->id != f->id)
		return CB_OK;
	f->found = true;
	snprintf(f->agent, sizeof f->agent, "%s", p->agent ? p->agent : "");
	f->amount = p->amount;
	return CB_ERR_NOTHING; /* enough: cb_promise_each() ends with CB_OK */
}

/* Counts a promise kept for the agent who took it: its amount is what
 * the payments that kept it gave to it. */
static int agent_kept(struct walk *w, struct agents_job *j,
    const struct cb_event *ev, cb_day day, const struct zone *z)
{
	const char *id = cb_event_value(ev, "promise");
	struct found_promise f = { 0 };
	struct abin *b;
	char *end;
	if (id == NULL || *id == '\0')
		return CB_ERR_CORRUPT;
	f.id = strtoull(id, &end, 10);
	if (*end != '\0')
		return CB_ERR_CORRUPT;
	int rc = cb_promise_each(w->txn, ev->portfolio, ev->debtor,
	    match_promise, &f);
	if (rc != CB_OK)
		return rc;
	if (!f.found)
		return CB_ERR_CORRUPT;
	if (j->opt->agent && strcmp(f.agent, j->opt->agent) != 0)
		return CB_OK;
	if ((rc = agent_row(j, f.agent, day, z, &b)) == CB_OK)
		b->collected += f.amount;
	return rc;
}

static int agents_event(struct walk *w, const struct cb_event *ev,
    cb_day day, struct zone *z)
{
	struct agents_job *j = w->arg;
	const char *agent = ev->user;
	struct abin *b;
	int rc;
	if (z == NULL)
		return CB_OK; /* about no account: none of an agent's work */
	if (strcmp(ev->kind, "promise_kept") == 0)
		return agent_kept(w, j, ev, day, z);
	bool claim = strcmp(ev->kind, "claim") == 0;
	if (!claim && strcmp(ev->kind, "outcome") != 0)
		return CB_OK;
	/* A supervisor's `next --agent` claims for the agent. */
	const char *given = claim ? cb_event_value(ev, "agent") : NULL;
	if (given && *given)
		agent = given;
	if (j->opt->agent && strcmp(agent, j->opt->agent) != 0)
		return CB_OK;
	if (!claim)
		return agent_outcome(j, ev, day, z);
	if ((rc = agent_row(j, agent, day, z, &b)) == CB_OK)
		worked_at(b, ev->time);
	return rc;
}

/* The seconds an agent worked on a day, from the rows [i, end) of that
 * agent and day, whatever their currency: the first claim or outcome to
 * the last, at least a minute; 0 when there was none. */
static int64_t worked_on(const struct abin *rows, size_t i, size_t end)
{
	time_t first = 0, last = 0;
	bool any = false;
	for (; i < end; i++) {
		if (!rows[i].worked)
			continue;
		if (!any || rows[i].first < first)
			first = rows[i].first;
		if (!any || rows[i].last > last)
			last = rows[i].last;
		any = true;
	}
	if (!any)
		return 0;
	return last - first < 60 ? 60 : (int64_t)(last - first);
}

static int agents_emit(const struct agents_job *j,
    int (*fn)(const struct cb_stats_agent_day *, void *), void *arg)
{
	const struct abin *rows = (const struct abin *)j->bins.items;
	size_t n = j->bins.n, end = 0;
	int64_t worked = 0;
	int rc = CB_OK;
	for (size_t i = 0; i < n && rc == CB_OK; i++) {
		const struct abin *b = &rows[i];
		/* The rows of one agent's day follow one another. */
		if (i == end) {
			while (end < n && strcmp(rows[end].agent, b->agent) == 0 &&
			    rows[end].day == b->day)
				end++;
			worked = worked_on(rows, i, end);
		}
		struct cb_stats_agent_day row = { .agent = b->agent,
			.day = b->day, .currency = b->currency,
			.attempts = b->attempts, .contacts = b->contacts,
			.promises = b->promises, .promised = b->promised,
			.collected = b->collected, .worked = worked,
			.contacts_per_hour = tenths(b->contacts, (uint64_t)worked,
			    3600) };
		rc = fn(&row, arg);
	}
	return rc;
}

int cb_stats_agents(struct cb_session *s,
    const struct cb_stats_agents_options *opt,
    int (*fn)(const struct cb_stats_agent_day *row, void *arg), void *arg)
{
	struct agents_job j = { .opt = opt,
		.bins = { .size = sizeof(struct abin), .cmp = abin_cmp } };
	struct walk w = { .fn = NULL };
	cb_day from = opt->from, to = opt->to;
	if (!cb_may(s->role, CB_DO_REPORT))
		return CB_ERR_PERM;
	int rc = cb_stats_period(s->now, &from, &to);
	if (rc == CB_OK)
		rc = cb_store_read(s->store, &w.txn);
	if (rc != CB_OK)
		return rc;
	walk_init(&w, from, to);
	w.fn = agents_event;
	w.arg = &j;
	rc = walk_log(&w);
	cb_txn_end(&w.txn);
	if (rc == CB_OK)
		rc = agents_emit(&j, fn, arg);
	bins_free(&j.bins);
	free(w.zones.z);
	return rc;
}

/* ---- The events ------------------------------------------------------- */

/* True when kind is an item of the comma-separated list (spaces around
 * items ignored); an empty list holds every kind. */
static bool kind_listed(const char *list, const char *kind)
{
	size_t n = strlen(kind);
	bool empty = true;
	for (const char *p = list ? list : ""; *p;) {
		size_t len = strcspn(p, ",");
		const char *item = p, *end = p + len;
		while (item < end && *item == ' ')
			item++;
		while (end > item && end[-1] == ' ')
			end--;
		if (end > item) {
			empty = false;
			if ((size_t)(end - item) == n &&
			    memcmp(item, kind, n) == 0)
				return true;
		}
		p += len + (p[len] == ',');
	}
	return empty;
}

struct activity_job {
	const struct cb_stats_activity_options *opt;
	int (*fn)(const struct cb_event *ev, void *arg);
	void *arg;
	int rc; /* what fn returned, when it stopped the walk */
};

static int activity_event(struct walk *w, const struct cb_event *ev,
    cb_day day, struct zone *z)
{
	struct activity_job *j = w->arg;
	(void)day;
	(void)z;
	if ((j->opt->agent && strcmp(ev->user, j->opt->agent) != 0) ||
	    !kind_listed(j->opt->kinds, ev->kind))
		return CB_OK;
	/* fn's CB_ERR_NOTHING would end the walk as a success: keep it. */
	return (j->rc = j->fn(ev, j->arg));
}

/* The events of one account, from its own index, in the period. */
static int account_event(const struct cb_event *ev, void *arg)
{
	struct walk *w = arg;
	struct zone *z;
	cb_day day;
	int rc = day_of(w->txn, &w->zones, ev->portfolio, ev->time, &day, &z);
	if (rc != CB_OK || day < w->from || day > w->to)
		return rc;
	return w->fn(w, ev, day, z);
}

int cb_stats_activity(struct cb_session *s,
    const struct cb_stats_activity_options *opt,
    int (*fn)(const struct cb_event *ev, void *arg), void *arg)
{
	struct activity_job j = { .opt = opt, .fn = fn, .arg = arg };
	struct walk w = { .fn = NULL };
	cb_day from = opt->from, to = opt->to;
	if (!cb_may(s->role, CB_DO_REPORT))
		return CB_ERR_PERM;
	if ((opt->portfolio == NULL) != (opt->debtor == NULL))
		return CB_ERR_INPUT;
	int rc = cb_stats_period(s->now, &from, &to);
	if (rc == CB_OK)
		rc = cb_store_read(s->store, &w.txn);
	if (rc != CB_OK)
		return rc;
	walk_init(&w, from, to);
	w.fn = activity_event;
	w.arg = &j;
	if (opt->portfolio)
		rc = cb_event_each_account(w.txn, opt->portfolio, opt->debtor,
		    account_event, &w);
	else
		rc = walk_log(&w);
	cb_txn_end(&w.txn);
	free(w.zones.z);
	return rc == CB_OK && j.rc != CB_OK ? j.rc : rc;
}
