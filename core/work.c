/* work.c -- the work record of an account and the queue index. */
#include "i18n.h"
#include "work.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "error.h"
#include "event.h"
#include "ledger.h"
#include "library.h"
#include "money.h"
#include "promise.h"
#include "record.h"
#include "text.h"

enum {
	WK_FLAGS = 1, WK_STOP, WK_HOLDER, WK_LEASE, WK_LAST_ATTEMPT,
	WK_LAST_CONTACT, WK_ATTEMPTS, WK_PINNED, WK_ASSIGNED, WK_TIER, WK_SCORE,
	WK_CALLBACK_AT, WK_CALLBACK_AGENT, WK_CALLBACK_ANYONE, WK_PROMISE_DUE,
	WK_BROKEN_ON, WK_PLAN_WAITING, WK_PHONES, WK_GOOD_PHONES, WK_CLAIMED_AT,
	WK_CONTACT, WK_STEP_DAY, WK_STEP, WK_CYCLE, WK_DONE, WK_AGENCY,
	WK_ATTEMPT_DAY
};

/* A contact is one integer: its time, then 3 bits of channel and 5 of
 * outcome code. */
static int64_t contact_pack(const struct cb_contact *c)
{
	return (int64_t)c->at * 256 + (c->channel & 7) * 32 + (c->code & 31);
}

static void contact_unpack(int64_t v, struct cb_contact *c)
{
	c->at = (time_t)(v / 256);
	c->channel = (unsigned)(v % 256 / 32);
	c->code = (unsigned)(v % 32);
}

void cb_work_add_contact(struct cb_work *w, time_t at, unsigned channel,
    unsigned code)
{
	size_t keep = 0;
	for (size_t i = 0; i < w->ncontacts; i++)
		if (at - w->contacts[i].at < (time_t)CB_CONTACT_DAYS * 86400)
			w->contacts[keep++] = w->contacts[i];
	if (keep == CB_WORK_CONTACTS_MAX)
		memmove(w->contacts, w->contacts + 1, --keep * sizeof w->contacts[0]);
	w->contacts[keep++] = (struct cb_contact){ at, channel, code };
	w->ncontacts = keep;
}

/* The value of one minor unit of each currency in Chilean pesos, per
 * thousand, so that debts in different currencies compare in one queue. */
static const struct {
	const char *code;
	int milli_clp;
} currency_value[] = {
	{ "CLP", 1000 }, { "PEN", 2500 }, { "EUR", 10000 }, { "USD", 9500 },
	{ "MXN", 550 },
};

void cb_weights_defaults(struct cb_weights *w)
{
	*w = (struct cb_weights){
		.segment_pct = { 90, 70, 50 },
		.age_pct = { 60, 80, 100, 50 },
		.recent_pct = 30,
		.recent_hours = 24,
		.lease_minutes = 10,
		.promise_grace_days = 2,
		.callback_grace_minutes = 30,
		.plan_max_installments = 6,
		.plan_min_first_pct = 15,
	};
}

/* Every weight: its name in the meta table, where it goes, its bounds and
 * what it means (for `weights` and doc/queue.md). */
static const struct weight_def {
	const char *name;
	size_t offset;
	int min, max;
	const char *help;
} weight_defs[] = {
#define W(name, field, min, max, help) \
	{ "weight." name, offsetof(struct cb_weights, field), min, max, help }
	W("segment.cumplidor", segment_pct[0], 0, 100, "chance a good payer pays, %"),
	W("segment.parcial", segment_pct[1], 0, 100, "chance a late or partial payer pays, %"),
	W("segment.moroso", segment_pct[2], 0, 100, "chance a bad payer pays, %"),
	W("age.30", age_pct[0], 0, 100, "urgency up to 30 days past due, %"),
	W("age.90", age_pct[1], 0, 100, "urgency from 31 to 90 days past due, %"),
	W("age.180", age_pct[2], 0, 100, "urgency from 91 to 180 days past due, %"),
	W("age.more", age_pct[3], 0, 100, "urgency past 180 days, %"),
	W("recent", recent_pct, 0, 100, "score left after a recent attempt, %"),
	W("recent_hours", recent_hours, 0, 720, "how recent an attempt lowers the score, hours"),
	W("lease_minutes", lease_minutes, 1, 240, "how long a claim lasts without activity, minutes"),
	W("promise_grace_days", promise_grace_days, 0, 30, "days after its date a promise may still be kept"),
	W("callback_grace_minutes", callback_grace_minutes, 0, 1440, "minutes before anyone may make another agent's callback"),
	W("plan_max_installments", plan_max_installments, 2, 120, "installments an agent may agree without a supervisor"),
	W("plan_min_first_pct", plan_min_first_pct, 0, 100, "smallest first installment an agent may agree, % of the plan"),
#undef W
};

#define NWEIGHTS (sizeof weight_defs / sizeof weight_defs[0])

static int *weight_field(struct cb_weights *w, const struct weight_def *d)
{
	return (int *)((char *)w + d->offset);
}

/* The weights read last, and under which transaction: a re-score asks for
 * them once per account, and they can change only in weight_set_txn(). */
static struct {
	uint64_t serial;
	struct cb_weights w;
} weights_read;

int cb_weights_get(struct cb_txn *txn, struct cb_weights *w)
{
	if (weights_read.serial != 0 && weights_read.serial == cb_txn_serial(txn)) {
		*w = weights_read.w;
		return CB_OK;
	}
	cb_weights_defaults(w);
	for (size_t i = 0; i < NWEIGHTS; i++) {
		const char *name = weight_defs[i].name;
		struct cb_val v;
		int64_t value;
		int rc = cb_get(txn, CB_T_META, (struct cb_val){ name, strlen(name) }, &v);
		if (rc == CB_ERR_NOTFOUND)
			continue;
		if (rc == CB_OK)
			rc = cb_meta_get_int(txn, name, &value);
		if (rc != CB_OK)
			return rc;
		*weight_field(w, &weight_defs[i]) = (int)value;
	}
	weights_read.serial = cb_txn_serial(txn);
	weights_read.w = *w;
	return CB_OK;
}

int cb_weights_each(struct cb_txn *txn,
    int (*fn)(const char *name, int value, int fallback, const char *help,
    void *arg), void *arg)
{
	struct cb_weights w, defaults;
	int rc = cb_weights_get(txn, &w);
	cb_weights_defaults(&defaults);
	for (size_t i = 0; rc == CB_OK && i < NWEIGHTS; i++)
		rc = fn(weight_defs[i].name, *weight_field(&w, &weight_defs[i]),
		    *weight_field(&defaults, &weight_defs[i]), weight_defs[i].help,
		    arg);
	return rc;
}

struct weight_set {
	struct cb_session *s;
	const struct weight_def *d;
	int value;
};

static int weight_set_txn(struct cb_txn *txn, void *arg)
{
	struct weight_set *ws = arg;
	struct cb_event ev;
	char value[16];
	int rc = cb_meta_put_int(txn, ws->d->name, ws->value);
	weights_read.serial = 0;
	snprintf(value, sizeof value, "%d", ws->value);
	cb_event_init(&ev, "weight_set", ws->s->login, ws->s->now);
	cb_event_add(&ev, "name", ws->d->name);
	cb_event_add(&ev, "value", value);
	return rc == CB_OK ? cb_event_append(txn, &ev) : rc;
}

int cb_weight_set(struct cb_session *s, const char *name, int value,
    const char **why)
{
	struct weight_set ws = { s, NULL, value };
	char full[64];
	snprintf(full, sizeof full, "%s%s", strncmp(name, "weight.", 7) ? "weight."
	    : "", name);
	for (size_t i = 0; i < NWEIGHTS && ws.d == NULL; i++)
		if (strcmp(weight_defs[i].name, full) == 0)
			ws.d = &weight_defs[i];
	if (!cb_may(s->role, CB_DO_SUPERVISE))
		return CB_ERR_PERM;
	if (ws.d == NULL)
		return cb_bad_input(why, "no such weight (see 'cobrador weights')");
	if (value < ws.d->min || value > ws.d->max)
		return cb_bad_input(why, "out of its range (see 'cobrador weights')");
	return cb_store_write(s->store, weight_set_txn, &ws);
}

static int work_decode(struct cb_val key, struct cb_val val, struct cb_work *w)
{
	struct cb_rec_reader r;
	struct cb_rec_field f;
	int rc = cb_rec_open(&r, val.data, val.size, CB_REC_WORK);
	while (rc == CB_OK && (rc = cb_rec_next(&r, &f)) == CB_OK) {
		switch (f.field) {
		case WK_FLAGS: w->flags = (unsigned)f.i; break;
		case WK_STOP: w->stop = cb_rec_field_text(&f); break;
		case WK_HOLDER: w->holder = cb_rec_field_text(&f); break;
		case WK_LEASE: w->lease_until = (time_t)f.i; break;
		case WK_LAST_ATTEMPT: w->last_attempt = (time_t)f.i; break;
		case WK_LAST_CONTACT: w->last_contact = (time_t)f.i; break;
		case WK_ATTEMPTS: w->attempts = (uint32_t)f.i; break;
		case WK_PINNED: w->pinned = f.i != 0; break;
		case WK_ASSIGNED: w->assigned = cb_rec_field_text(&f); break;
		case WK_TIER: w->tier = (enum cb_tier)f.i; break;
		case WK_SCORE: w->score = f.i; break;
		case WK_CALLBACK_AT: w->callback_at = (time_t)f.i; break;
		case WK_CALLBACK_AGENT: w->callback_agent = cb_rec_field_text(&f); break;
		case WK_CALLBACK_ANYONE: w->callback_anyone = f.i != 0; break;
		case WK_PROMISE_DUE: w->promise_due = (cb_day)f.i; break;
		case WK_BROKEN_ON: w->broken_on = (cb_day)f.i; break;
		case WK_PLAN_WAITING: w->plan_waiting = f.i != 0; break;
		case WK_PHONES: w->phones = (int)f.i; break;
		case WK_GOOD_PHONES: w->good_phones = (int)f.i; break;
		case WK_CLAIMED_AT: w->claimed_at = (time_t)f.i; break;
		case WK_CONTACT:
			if (w->ncontacts < CB_WORK_CONTACTS_MAX && f.i >= 0)
				contact_unpack(f.i, &w->contacts[w->ncontacts++]);
			break;
		case WK_STEP_DAY: w->step_day = (cb_day)f.i; break;
		case WK_STEP: w->step = cb_rec_field_text(&f); break;
		case WK_CYCLE: w->cycle = (cb_day)f.i; break;
		case WK_DONE:
			if (w->ndone < CB_WORK_DONE_MAX)
				w->done[w->ndone++] = (int32_t)f.i;
			break;
		case WK_AGENCY: w->agency = cb_rec_field_text(&f); break;
		case WK_ATTEMPT_DAY: w->attempt_day = (cb_day)f.i; break;
		}
	}
	(void)key;
	w->stored = val;
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

void cb_work_fresh(struct cb_work *w, const char *portfolio,
    const char *debtor)
{
	memset(w, 0, sizeof *w);
	w->portfolio = portfolio;
	w->debtor = debtor;
	w->tier = CB_TIER_NONE;
	w->promise_due = w->broken_on = CB_DAY_NONE;
	w->step_day = w->cycle = w->attempt_day = CB_DAY_NONE;
	w->phones = w->good_phones = -1;
}

int cb_work_get(struct cb_txn *txn, const char *portfolio, const char *debtor,
    struct cb_work *out)
{
	struct cb_key key;
	struct cb_val k, v;
	cb_work_fresh(out, portfolio, debtor);
	cb_key_account(&key, portfolio, debtor);
	int rc = cb_get_key(txn, CB_T_WORK, cb_key_val(&key), &k, &v);
	if (rc == CB_ERR_NOTFOUND)
		return CB_OK;
	if (rc == CB_OK)
		rc = cb_key_split(k, &out->portfolio, &out->debtor);
	return rc == CB_OK ? work_decode(k, v, out) : rc;
}

/* The key of an account in the queue: its tier, its score from the
 * highest down, then the account. */
static struct cb_val queue_key(struct cb_key *k, enum cb_tier tier,
    int64_t score, const char *portfolio, const char *debtor)
{
	struct cb_key account;
	uint64_t inv = UINT64_MAX - (uint64_t)(score < 0 ? 0 : score);
	cb_key_account(&account, portfolio, debtor);
	k->buf[0] = (char)tier;
	for (int i = 0; i < 8; i++)
		k->buf[1 + i] = (char)(inv >> (56 - 8 * i));
	memcpy(k->buf + 9, account.buf, account.len);
	k->len = 9 + account.len;
	return cb_key_val(k);
}

const char *cb_work_out_reason(const struct cb_work *w,
    const struct cb_account *a, cb_day today, time_t now)
{
	if (w->flags & CB_WORK_STOP)
		return N_("stopped");
	if (w->flags & CB_WORK_DISPUTE)
		return N_("in dispute");
	if (w->flags & CB_WORK_PLACED)
		return N_("placed with an agency");
	if (w->flags & CB_WORK_REVIEW)
		return N_("waits for a write-off review");
	if (a->balance <= 0)
		return N_("nothing owed");
	if (w->phones == 0)
		return N_("no phone to call");
	if (w->good_phones == 0)
		return N_("every phone is marked bad");
	if (w->plan_waiting)
		return N_("a payment plan waits for a supervisor");
	if (w->callback_at > now)
		return N_("a callback is set for later");
	/* A callback that is due goes before a promise that is not. */
	bool callback_due = w->callback_at != 0 && w->callback_at <= now;
	if (!callback_due && w->promise_due != CB_DAY_NONE && w->promise_due > today)
		return N_("a promise is pending");
	/* A courtesy call of its strategy makes an account callable before
	 * it is due. */
	bool step_due = w->step_day != CB_DAY_NONE && w->step_day <= today;
	if (w->callback_at == 0 && w->promise_due == CB_DAY_NONE && !step_due &&
	    (a->oldest_due == CB_DAY_NONE || today - a->oldest_due < 1))
		return N_("not yet due");
	return NULL;
}

/* The score in a currency all portfolios share. */
static int64_t common_value(int64_t score, const char *currency)
{
	for (size_t i = 0; i < sizeof currency_value / sizeof currency_value[0]; i++)
		if (strcmp(currency_value[i].code, currency) == 0)
			return score / 1000 * currency_value[i].milli_clp +
			    score % 1000 * currency_value[i].milli_clp / 1000;
	return score;
}

void cb_work_score(const struct cb_work *w, const struct cb_account *a,
    const char *currency, const struct cb_weights *weights, cb_day today,
    time_t now, struct cb_score_factors *out)
{
	int dpd = a->oldest_due == CB_DAY_NONE ? 0 : today - a->oldest_due;
	int age = dpd <= 30 ? 0 : dpd <= 90 ? 1 : dpd <= 180 ? 2 : 3;
	bool recent = w->last_attempt > 0 &&
	    now - w->last_attempt < (time_t)weights->recent_hours * 3600;
	out->balance = a->balance > 0 ? a->balance : 0;
	out->dpd = dpd;
	out->segment_pct = weights->segment_pct[a->segment];
	out->age_pct = weights->age_pct[age];
	out->recent_pct = recent ? weights->recent_pct : 100;
	/* Percentages as integers: balance x each factor / 100, no overflow
	 * below 9e16 minor units. */
	int64_t s = out->balance / 100 * out->segment_pct;
	s = s / 100 * out->age_pct;
	out->score = common_value(s / 100 * out->recent_pct, currency);
}

/* The key of a callback: its time big-endian, then the account. */
static struct cb_val callback_key(struct cb_key *k, time_t at,
    const char *portfolio, const char *debtor)
{
	struct cb_key account;
	cb_key_account(&account, portfolio, debtor);
	for (int i = 0; i < 8; i++)
		k->buf[i] = (char)((uint64_t)at >> (56 - 8 * i));
	memcpy(k->buf + 8, account.buf, account.len);
	k->len = 8 + account.len;
	return cb_key_val(k);
}

int cb_callback_key_split(struct cb_val key, time_t *at, const char **portfolio,
    const char **debtor)
{
	const unsigned char *p = key.data;
	uint64_t t = 0;
	if (key.size <= 8)
		return CB_ERR_CORRUPT;
	for (int i = 0; i < 8; i++)
		t = t << 8 | p[i];
	*at = (time_t)t;
	return cb_key_split((struct cb_val){ p + 8, key.size - 8 }, portfolio,
	    debtor);
}

/* The tier of an account that is in the queue. */
static enum cb_tier tier_of(const struct cb_work *w, cb_day today, time_t now)
{
	if (w->pinned)
		return CB_TIER_PINNED;
	if (w->callback_at != 0 && w->callback_at <= now)
		return CB_TIER_CALLBACK;
	if (w->promise_due == today ||
	    (w->broken_on != CB_DAY_NONE && today - w->broken_on <= 1))
		return CB_TIER_PROMISE;
	if (w->step_day != CB_DAY_NONE && w->step_day <= today)
		return CB_TIER_STRATEGY;
	return CB_TIER_REST;
}

/* Encodes the work record. */
static void work_encode(struct cb_rec *rec, const struct cb_work *w)
{
	cb_rec_start(rec, CB_REC_WORK);
	cb_rec_int(rec, WK_FLAGS, w->flags);
	cb_rec_text(rec, WK_STOP, w->stop);
	cb_rec_text(rec, WK_HOLDER, w->holder);
	cb_rec_int(rec, WK_LEASE, (int64_t)w->lease_until);
	cb_rec_int(rec, WK_LAST_ATTEMPT, (int64_t)w->last_attempt);
	cb_rec_int(rec, WK_LAST_CONTACT, (int64_t)w->last_contact);
	cb_rec_int(rec, WK_ATTEMPTS, w->attempts);
	cb_rec_int(rec, WK_PINNED, w->pinned);
	cb_rec_text(rec, WK_ASSIGNED, w->assigned);
	cb_rec_int(rec, WK_TIER, w->tier);
	cb_rec_int(rec, WK_SCORE, w->score);
	if (w->callback_at) {
		cb_rec_int(rec, WK_CALLBACK_AT, (int64_t)w->callback_at);
		cb_rec_text(rec, WK_CALLBACK_AGENT, w->callback_agent);
		cb_rec_int(rec, WK_CALLBACK_ANYONE, w->callback_anyone);
	}
	if (w->promise_due != CB_DAY_NONE)
		cb_rec_int(rec, WK_PROMISE_DUE, w->promise_due);
	if (w->broken_on != CB_DAY_NONE)
		cb_rec_int(rec, WK_BROKEN_ON, w->broken_on);
	if (w->plan_waiting)
		cb_rec_int(rec, WK_PLAN_WAITING, 1);
	cb_rec_int(rec, WK_PHONES, w->phones);
	cb_rec_int(rec, WK_GOOD_PHONES, w->good_phones);
	if (w->holder)
		cb_rec_int(rec, WK_CLAIMED_AT, (int64_t)w->claimed_at);
	for (size_t i = 0; i < w->ncontacts; i++)
		cb_rec_int(rec, WK_CONTACT, contact_pack(&w->contacts[i]));
	if (w->step_day != CB_DAY_NONE) {
		cb_rec_int(rec, WK_STEP_DAY, w->step_day);
		cb_rec_text(rec, WK_STEP, w->step);
	}
	if (w->cycle != CB_DAY_NONE)
		cb_rec_int(rec, WK_CYCLE, w->cycle);
	for (size_t i = 0; i < w->ndone; i++)
		cb_rec_int(rec, WK_DONE, w->done[i]);
	cb_rec_text(rec, WK_AGENCY, w->agency);
	if (w->attempt_day != CB_DAY_NONE)
		cb_rec_int(rec, WK_ATTEMPT_DAY, w->attempt_day);
}

/* The call step of the account's strategy that is due: the step reached,
 * unless a call was attempted on or after its day. */
static void strategy_step(struct cb_txn *txn, const struct cb_portfolio *p,
    const struct cb_account *a, struct cb_work *w, cb_day today)
{
	const struct cb_strategy *st;
	const struct cb_strategy_step *s = NULL;
	w->step = NULL;
	w->step_day = CB_DAY_NONE;
	if (a->oldest_due == CB_DAY_NONE || a->balance <= 0 ||
	    (st = cb_strategy_for(txn, p->code)) == NULL)
		return;
	s = cb_strategy_call(st, a->segment, today - a->oldest_due, a->balance,
	    cb_currency_find(p->currency));
	if (s == NULL)
		return;
	if (w->attempt_day != CB_DAY_NONE &&
	    w->attempt_day >= a->oldest_due + s->day)
		return;
	w->step = s->name;
	w->step_day = a->oldest_due + s->day;
}

/* An entry of an index: its key (len 0: none) and its value, of size
 * bytes (the queue's have none). */
struct index_entry {
	struct cb_key key;
	char value[64];
	size_t size;
};

/* The entry of a callback: who is to make it ("" for anyone). */
static void callback_entry(struct index_entry *e, const struct cb_work *w)
{
	e->key.len = 0;
	e->value[0] = '\0';
	e->size = 0;
	if (w->callback_at == 0)
		return;
	callback_key(&e->key, w->callback_at, w->portfolio, w->debtor);
	if (!w->callback_anyone && w->callback_agent)
		snprintf(e->value, sizeof e->value, "%s", w->callback_agent);
	e->size = strlen(e->value) + 1;
}

/* Replaces entry old by entry new in table; writes nothing when they are
 * the same, as they are for most accounts each night. */
static int move_entry(struct cb_txn *txn, enum cb_table table,
    const struct index_entry *old, const struct index_entry *new)
{
	int rc = CB_OK;
	bool same_key = new->key.len == old->key.len &&
	    memcmp(old->key.buf, new->key.buf, old->key.len) == 0;
	if (same_key && old->size == new->size &&
	    memcmp(old->value, new->value, new->size) == 0)
		return CB_OK;
	if (old->key.len > 0 && !same_key) {
		rc = cb_del(txn, table, cb_key_val(&old->key));
		if (rc == CB_ERR_NOTFOUND)
			rc = CB_OK;
	}
	if (rc == CB_OK && new->key.len > 0)
		rc = cb_put(txn, table, cb_key_val(&new->key),
		    (struct cb_val){ new->value, new->size });
	return rc;
}

/* Writes w, whose record as stored is old, and moves its index keys. */
static int work_put_over(struct cb_txn *txn, struct cb_work *w,
    const struct cb_work *old, const struct cb_account *a,
    const struct cb_weights *weights, cb_day today, time_t now)
{
	/* The queue's entries have no value (size 0). */
	struct index_entry old_queue = { .size = 0 }, new_queue = { .size = 0 },
		old_cb, new_cb;
	struct cb_key account;
	struct cb_rec rec = { 0 };
	struct cb_score_factors f;
	struct cb_portfolio p;
	int rc = cb_portfolio_get(txn, w->portfolio, &p);
	if (rc != CB_OK)
		return rc;
	/* Everything is copied out before the first write. */
	if (old->tier != CB_TIER_NONE)
		queue_key(&old_queue.key, old->tier, old->score, w->portfolio,
		    w->debtor);
	callback_entry(&old_cb, old);
	struct cb_debtor d;
	if ((rc = cb_debtor_get(txn, w->debtor, &d)) != CB_OK)
		return rc;
	w->phones = (int)d.nphones;
	w->good_phones = 0;
	for (size_t i = 0; i < d.nphones; i++)
		w->good_phones += d.phones[i].status == CB_PHONE_OK;
	strategy_step(txn, &p, a, w, today);
	cb_work_score(w, a, p.currency, weights, today, now, &f);
	w->score = f.score;
	w->tier = cb_work_out_reason(w, a, today, now) ? CB_TIER_NONE
	                                               : tier_of(w, today, now);
	if (w->tier != CB_TIER_NONE)
		queue_key(&new_queue.key, w->tier, w->score, w->portfolio,
		    w->debtor);
	callback_entry(&new_cb, w);
	cb_key_account(&account, w->portfolio, w->debtor);
	work_encode(&rec, w);
	rc = cb_rec_finish(&rec);
	/* Re-scored each night, most records come out as they were. */
	if (rc == CB_OK && (rec.len != old->stored.size ||
	    memcmp(rec.buf, old->stored.data, rec.len) != 0))
		rc = cb_put(txn, CB_T_WORK, cb_key_val(&account),
		    (struct cb_val){ rec.buf, rec.len });
	cb_rec_free(&rec);
	if (rc == CB_OK)
		rc = move_entry(txn, CB_T_QUEUE, &old_queue, &new_queue);
	if (rc == CB_OK)
		rc = move_entry(txn, CB_T_CALLBACKS, &old_cb, &new_cb);
	return rc;
}

int cb_work_put(struct cb_txn *txn, struct cb_work *w,
    const struct cb_account *a, const struct cb_weights *weights,
    cb_day today, time_t now)
{
	struct cb_work old;
	int rc = cb_work_get(txn, w->portfolio, w->debtor, &old);
	return rc == CB_OK ? work_put_over(txn, w, &old, a, weights, today, now)
	                   : rc;
}

int cb_work_verify(struct cb_txn *txn, const char *portfolio,
    const char *debtor, uint64_t *queued, uint64_t *callbacks,
    const char **why)
{
	struct cb_work w;
	struct cb_key k;
	int rc = cb_work_get(txn, portfolio, debtor, &w);
	if (rc != CB_OK)
		return rc;
	if (w.tier != CB_TIER_NONE) {
		(*queued)++;
		rc = cb_get(txn, CB_T_QUEUE, queue_key(&k, w.tier, w.score,
		    portfolio, debtor), NULL);
		if (rc == CB_ERR_NOTFOUND) {
			*why = "missing from the queue index";
			return CB_ERR_CORRUPT;
		}
	}
	if (rc == CB_OK && w.callback_at) {
		(*callbacks)++;
		rc = cb_get(txn, CB_T_CALLBACKS, callback_key(&k, w.callback_at,
		    portfolio, debtor), NULL);
		if (rc == CB_ERR_NOTFOUND) {
			*why = "its callback is missing from the index of callbacks";
			return CB_ERR_CORRUPT;
		}
	}
	return rc;
}

bool cb_work_held(const struct cb_work *w, time_t now)
{
	return w->holder != NULL && w->lease_until > now;
}

int cb_work_refresh(struct cb_txn *txn, const char *portfolio,
    const char *debtor, cb_day today, time_t now, bool *lapsed)
{
	struct cb_work w;
	struct cb_account a;
	struct cb_weights weights;
	char pf[CB_PORTFOLIO_MAX + 1], id[CB_ID_MAX];
	/* The names may point into the map: keep copies across the writes. */
	cb_text_copy(pf, sizeof pf, portfolio);
	cb_text_copy(id, sizeof id, debtor);
	struct cb_promise_state ps;
	int rc = cb_weights_get(txn, &weights);
	if (rc == CB_OK)
		rc = cb_promise_review(txn, pf, id, today,
		    weights.promise_grace_days, "system", now, &ps);
	if (rc == CB_OK)
		rc = cb_account_get(txn, pf, id, &a);
	if (rc == CB_OK) {
		enum cb_segment was = a.segment;
		a.segment = cb_account_segment(&a, today);
		if (a.segment != was)
			rc = cb_account_put(txn, &a);
		a.portfolio = pf;
		a.debtor = id;
	}
	if (rc == CB_OK)
		rc = cb_work_get(txn, pf, id, &w);
	if (rc != CB_OK)
		return rc;
	w.portfolio = pf;
	w.debtor = id;
	if (lapsed)
		*lapsed = w.holder != NULL && !cb_work_held(&w, now);
	struct cb_work old = w;
	w.promise_due = ps.next_due;
	w.broken_on = ps.broken_on;
	w.plan_waiting = ps.plan_waiting;
	return work_put_over(txn, &w, &old, &a, &weights, today, now);
}
