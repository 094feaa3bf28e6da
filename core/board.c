/* board.c -- the supervisors' live board: agents' presence and the queue
 * at a glance. */
#include "board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "event.h"
#include "i18n.h"
#include "money.h"
#include "outcome.h"

/* The meta record of a user's presence: "presence:" and the login ->
 * state (1 byte), since and seen (8 bytes each, big-endian). */
#define PRESENCE_SIZE 17

static struct cb_val presence_key(char *buf, size_t size, const char *login)
{
	int n = snprintf(buf, size, "presence:%s", login);
	return (struct cb_val){ buf, (size_t)n };
}

static void put_time(unsigned char *p, time_t t)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)((uint64_t)t >> (56 - 8 * i));
}

static time_t get_time(const unsigned char *p)
{
	uint64_t t = 0;
	for (int i = 0; i < 8; i++)
		t = t << 8 | p[i];
	return (time_t)t;
}

const char *cb_agent_state_name(enum cb_agent_state state)
{
	switch (state) {
	case CB_AGENT_AWAY: return N_("away");
	case CB_AGENT_IDLE: return N_("idle");
	case CB_AGENT_ACCOUNT: return N_("on account");
	case CB_AGENT_WRAP_UP: return N_("wrap-up");
	}
	return "?";
}

/* A user's presence as stored: state, since, seen; false if none. */
static bool presence_get(struct cb_txn *txn, const char *login,
    enum cb_agent_state *state, time_t *since, time_t *seen)
{
	char key[64];
	struct cb_val v;
	if (cb_get(txn, CB_T_META, presence_key(key, sizeof key, login), &v) !=
	    CB_OK || v.size != PRESENCE_SIZE)
		return false;
	const unsigned char *p = v.data;
	*state = p[0] <= CB_AGENT_WRAP_UP ? (enum cb_agent_state)p[0]
	    : CB_AGENT_AWAY;
	*since = get_time(p + 1);
	*seen = get_time(p + 9);
	return true;
}

struct presence_job {
	struct cb_session *s;
	enum cb_agent_state state;
};

static int presence_txn(struct cb_txn *txn, void *arg)
{
	struct presence_job *j = arg;
	enum cb_agent_state was;
	time_t since, seen;
	unsigned char rec[PRESENCE_SIZE];
	char key[64];
	if (!presence_get(txn, j->s->login, &was, &since, &seen) ||
	    was != j->state)
		since = j->s->now;
	rec[0] = (unsigned char)j->state;
	put_time(rec + 1, since);
	put_time(rec + 9, j->s->now);
	return cb_put(txn, CB_T_META, presence_key(key, sizeof key,
	    j->s->login), (struct cb_val){ rec, sizeof rec });
}

int cb_presence_set(struct cb_session *s, enum cb_agent_state state)
{
	struct presence_job j = { s, state };
	return cb_store_write(s->store, presence_txn, &j);
}

/* ---- The board -------------------------------------------------------- */

struct board_job {
	struct cb_session *s;
	struct cb_txn *txn;
	struct cb_board *b;
	/* Each portfolio's today, for the aging buckets: a handful of
	 * portfolios, met thousands of times. */
	size_t ndays;
	struct {
		char code[CB_PORTFOLIO_MAX + 1];
		cb_day today;
	} days[16];
};

/* Adds a user to the board: agents always, others once seen. */
static int board_user(const struct cb_user *u, void *arg)
{
	struct board_job *j = arg;
	struct cb_board *b = j->b;
	enum cb_agent_state state = CB_AGENT_AWAY;
	time_t since = 0, seen = 0;
	bool known = presence_get(j->txn, u->login, &state, &since, &seen);
	if (u->disabled || (u->role != CB_ROLE_AGENT && !known) ||
	    b->nagents == CB_BOARD_AGENTS)
		return CB_OK;
	struct cb_board_agent *a = &b->agents[b->nagents++];
	snprintf(a->login, sizeof a->login, "%s", u->login);
	snprintf(a->name, sizeof a->name, "%s", u->name ? u->name : "");
	/* Not heard from: the workstation was killed, or the link dropped. */
	if (known && state != CB_AGENT_AWAY &&
	    b->at - seen > CB_PRESENCE_STALE) {
		state = CB_AGENT_AWAY;
		since = seen;
	}
	time_t claimed = 0;
	int rc = cb_queue_holding(j->txn, u->login, b->at, &a->held,
	    &a->lease_until, &claimed);
	a->holding = rc == CB_OK;
	/* A lease running says the agent is on that account, whether the
	 * workstation said so or the account was claimed by `next`. */
	if (a->holding && state != CB_AGENT_ACCOUNT && state != CB_AGENT_WRAP_UP) {
		state = CB_AGENT_ACCOUNT;
		since = claimed;
	}
	a->state = state;
	a->since = since;
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

static struct cb_board_agent *agent_of(struct cb_board *b, const char *login)
{
	for (size_t i = 0; i < b->nagents; i++)
		if (strcmp(b->agents[i].login, login) == 0)
			return &b->agents[i];
	return NULL;
}

/* Today's outcomes of each agent on the board. */
static int count_outcome(const struct cb_event *ev, void *arg)
{
	struct board_job *j = arg;
	struct cb_board_agent *a;
	struct cb_portfolio p;
	const char *code = cb_event_value(ev, "code");
	const char *amount = cb_event_value(ev, "amount");
	int64_t minor;
	if (strcmp(ev->kind, "outcome") != 0 || code == NULL ||
	    (a = agent_of(j->b, ev->user)) == NULL)
		return CB_OK;
	a->outcomes++;
	if (strcmp(code, "PTP") != 0 && strcmp(code, "PLAN") != 0)
		return CB_OK;
	a->promises++;
	if (amount == NULL || ev->portfolio == NULL ||
	    cb_portfolio_get(j->txn, ev->portfolio, &p) != CB_OK ||
	    cb_money_parse(amount, cb_currency_find(p.currency), &minor,
	    NULL) != CB_OK)
		return CB_OK;
	if (a->currency[0] == '\0')
		snprintf(a->currency, sizeof a->currency, "%s", p.currency);
	if (strcmp(a->currency, p.currency) == 0)
		a->promised += minor;
	else
		a->more_currencies = true;
	return CB_OK;
}

/* The agents' today: the UTC day, one for everybody on the board. */
static int count_today(struct board_job *j)
{
	uint64_t first;
	time_t start = j->b->at - j->b->at % 86400;
	int rc = cb_event_first_at(j->txn, start, &first);
	return rc == CB_OK ? cb_event_each(j->txn, first, count_outcome, j) : rc;
}

static int portfolio_today(struct board_job *j, const char *code,
    cb_day *out)
{
	struct cb_portfolio p;
	for (size_t i = 0; i < j->ndays; i++)
		if (strcmp(j->days[i].code, code) == 0) {
			*out = j->days[i].today;
			return CB_OK;
		}
	int rc = cb_portfolio_get(j->txn, code, &p);
	if (rc == CB_OK)
		rc = cb_tz_today(j->b->at, p.timezone, out);
	if (rc == CB_OK && j->ndays < sizeof j->days / sizeof j->days[0]) {
		snprintf(j->days[j->ndays].code, sizeof j->days[0].code, "%s", code);
		j->days[j->ndays++].today = *out;
	}
	return rc;
}

/* The default buckets: not yet due, 1-30, 31-60, 61-90, 91+. */
static int bucket_of(int days_late)
{
	return days_late <= 0 ? 0 : days_late <= 30 ? 1 : days_late <= 60 ? 2
	    : days_late <= 90 ? 3 : 4;
}

/* One account of the queue index: held, or counted by tier and bucket. */
static int count_queued(struct board_job *j, int tier, const char *pf,
    const char *debtor)
{
	struct cb_work w;
	struct cb_account a;
	cb_day today;
	int rc = cb_work_get(j->txn, pf, debtor, &w);
	if (rc != CB_OK)
		return rc;
	if (w.holder && w.lease_until > j->b->at)
		return CB_OK; /* counted with the leases */
	if ((rc = cb_account_get(j->txn, pf, debtor, &a)) != CB_OK ||
	    (rc = portfolio_today(j, pf, &today)) != CB_OK)
		return rc;
	j->b->queued++;
	if (tier >= 0 && tier <= CB_TIER_REST)
		j->b->by_tier[tier]++;
	j->b->by_bucket[bucket_of(a.oldest_due == CB_DAY_NONE ? 0
	    : today - a.oldest_due)]++;
	return CB_OK;
}

static int count_queue(struct board_job *j)
{
	struct cb_cursor *c;
	struct cb_val k;
	int rc = cb_cursor_open(j->txn, CB_T_QUEUE, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, NULL)) {
		const char *pf, *debtor;
		if (k.size <= 9 || cb_key_split((struct cb_val){
		    (const char *)k.data + 9, k.size - 9 }, &pf, &debtor) != CB_OK) {
			rc = CB_ERR_CORRUPT;
			break;
		}
		if ((rc = count_queued(j, ((const unsigned char *)k.data)[0], pf,
		    debtor)) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* Callbacks already late, and those due within the hour. */
static int count_callbacks(struct board_job *j)
{
	struct cb_cursor *c;
	struct cb_val k;
	int rc = cb_cursor_open(j->txn, CB_T_CALLBACKS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, NULL)) {
		const char *pf, *debtor;
		time_t at;
		if (cb_callback_key_split(k, &at, &pf, &debtor) != CB_OK) {
			rc = CB_ERR_CORRUPT;
			break;
		}
		if (at > j->b->at + 3600)
			break;
		if (at <= j->b->at)
			j->b->callbacks_late++;
		else
			j->b->callbacks_hour++;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

int cb_board_load(struct cb_session *s, struct cb_board *out)
{
	struct board_job j = { .s = s, .b = out };
	memset(out, 0, sizeof *out);
	out->at = s->now;
	if (!cb_may(s->role, CB_DO_SUPERVISE))
		return CB_ERR_PERM;
	int rc = cb_store_read(s->store, &j.txn);
	if (rc != CB_OK)
		return rc;
	rc = cb_user_each(j.txn, board_user, &j);
	for (size_t i = 0; rc == CB_OK && i < out->nagents; i++)
		out->held += out->agents[i].holding;
	if (rc == CB_OK)
		rc = count_today(&j);
	if (rc == CB_OK)
		rc = count_queue(&j);
	if (rc == CB_OK)
		rc = count_callbacks(&j);
	cb_txn_end(&j.txn);
	if (rc != CB_OK)
		memset(out, 0, sizeof *out);
	return rc;
}
