/* queue.c -- claims, leases, outcomes, the queue listing and re-scoring. */
#include "i18n.h"
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "event.h"
#include "ledger.h"
#include "library.h"
#include "money.h"
#include "outcome.h"
#include "promise.h"
#include "rules.h"
#include "text.h"
#include "ascii.h"

#define RESCORE_BATCH 500 /* accounts per write transaction, at most */
#define RESCORE_MS 2       /* and no longer than this (then the commit) */

/* The meta key of what an agent holds: "hold:" and the login. */
static struct cb_val hold_key(char *buf, size_t size, const char *agent)
{
	int n = snprintf(buf, size, "hold:%s", agent);
	return (struct cb_val){ buf, (size_t)n };
}

/* Appends an event about an account by the session's user. */
static int account_event(struct cb_txn *txn, struct cb_session *s,
    const char *kind, const char *portfolio, const char *debtor,
    struct cb_event *ev)
{
	ev->kind = kind;
	ev->user = s->login;
	ev->time = s->now;
	ev->portfolio = portfolio;
	ev->debtor = debtor;
	return cb_event_append(txn, ev);
}

/* The portfolio's today for an account. */
static int account_today(struct cb_txn *txn, const char *portfolio,
    cb_day *today, time_t now)
{
	struct cb_portfolio p;
	int rc = cb_portfolio_get(txn, portfolio, &p);
	return rc == CB_OK ? cb_tz_today(now, p.timezone, today) : rc;
}

/* Writes w back (moving it in the queue) with the account's figures. */
static int work_store(struct cb_txn *txn, struct cb_work *w, time_t now)
{
	struct cb_account a;
	struct cb_weights weights;
	cb_day today;
	int rc = cb_weights_get(txn, &weights);
	if (rc == CB_OK)
		rc = cb_account_get(txn, w->portfolio, w->debtor, &a);
	if (rc == CB_OK)
		rc = account_today(txn, w->portfolio, &today, now);
	return rc == CB_OK ? cb_work_put(txn, w, &a, &weights, today, now) : rc;
}

/* True when another agent holds the debtor in any portfolio. */
static int debtor_held_by_other(struct cb_txn *txn, const char *debtor,
    const char *agent, time_t now, bool *out)
{
	struct cb_cursor *c;
	struct cb_val k;
	int rc = cb_cursor_open(txn, CB_T_PORTFOLIOS, &c);
	*out = false;
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL);
	     rc == CB_OK && !*out; rc = cb_cursor_next(c, &k, NULL)) {
		struct cb_work w;
		if ((rc = cb_work_get(txn, k.data, debtor, &w)) != CB_OK)
			break;
		*out = cb_work_held(&w, now) && strcmp(w.holder, agent) != 0;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING || rc == CB_OK ? CB_OK : rc;
}

/* Gives the account to agent: logs the lapse of an old lease and the
 * claim; with note, notes it as what the agent works on (what `next`
 * renews), which a call-in logged at once does not replace. */
static int take(struct cb_txn *txn, struct cb_session *s, const char *agent,
    const struct cb_account_ref *ref, int lease_minutes, bool note)
{
	struct cb_work w;
	struct cb_event ev;
	char key[64], until[17];
	int rc = cb_work_get(txn, ref->portfolio, ref->debtor, &w);
	if (rc != CB_OK)
		return rc;
	w.portfolio = ref->portfolio;
	w.debtor = ref->debtor;
	if (w.holder && !cb_work_held(&w, s->now)) {
		cb_event_init(&ev, NULL, NULL, 0);
		cb_event_add(&ev, "holder", w.holder);
		if ((rc = account_event(txn, s, "lapse", ref->portfolio,
		    ref->debtor, &ev)) != CB_OK)
			return rc;
	}
	w.holder = agent;
	w.claimed_at = s->now;
	w.lease_until = s->now + (time_t)lease_minutes * 60;
	cb_time_format_utc(w.lease_until, until);
	cb_event_init(&ev, NULL, NULL, 0);
	cb_event_add(&ev, "agent", agent);
	cb_event_add(&ev, "until", until);
	struct cb_key account;
	cb_key_account(&account, ref->portfolio, ref->debtor);
	if ((rc = work_store(txn, &w, s->now)) == CB_OK && note)
		rc = cb_put(txn, CB_T_META, hold_key(key, sizeof key, agent),
		    cb_key_val(&account));
	return rc == CB_OK ? account_event(txn, s, "claim", ref->portfolio,
	    ref->debtor, &ev) : rc;
}

/* The rule pack's word on calling an account at the moment at. */
static int pack_check(struct cb_txn *txn, struct cb_rules *rules,
    const struct cb_work *w, time_t at, struct cb_contact_check *out)
{
	struct cb_debtor d;
	struct cb_portfolio p;
	int rc = cb_debtor_get(txn, w->debtor, &d);
	if (rc == CB_OK)
		rc = cb_portfolio_get(txn, w->portfolio, &p);
	return rc == CB_OK ? cb_rules_check(rules, &d, &p, w, CB_CHANNEL_CALL, at,
	    out) : rc;
}

/* Who asks for accounts, and when: what eligibility depends on besides
 * the account itself. */
struct asker {
	struct cb_txn *txn;
	const char *agent;
	const char *portfolios;
	time_t now;
	struct cb_rules *rules;
	struct cb_contact_check contact; /* the pack's word on the last account */
	/* Each portfolio's today, worked out once: a walk visits thousands of
	 * accounts of a handful of portfolios. */
	size_t ndays;
	struct {
		char portfolio[CB_PORTFOLIO_MAX + 1];
		cb_day today;
	} days[8];
};

/* The portfolio's today for the asker's moment. */
static int asker_today(struct asker *who, const char *portfolio, cb_day *out)
{
	for (size_t i = 0; i < who->ndays; i++)
		if (strcmp(who->days[i].portfolio, portfolio) == 0) {
			*out = who->days[i].today;
			return CB_OK;
		}
	int rc = account_today(who->txn, portfolio, out, who->now);
	if (rc == CB_OK && who->ndays < sizeof who->days / sizeof who->days[0]) {
		snprintf(who->days[who->ndays].portfolio,
		    sizeof who->days[0].portfolio, "%s", portfolio);
		who->days[who->ndays++].today = *out;
	}
	return rc;
}

struct claim {
	struct cb_session *s;
	const char *agent;
	struct cb_account_ref *out;
	const char *why;
	char portfolios[512]; /* the agent's, or "" for all */
	struct asker who;
};

/* The account agent holds, its lease running, with its work record in
 * *w; CB_ERR_NOTFOUND if none. */
static int holding(struct cb_txn *txn, const char *agent, time_t now,
    struct cb_account_ref *out, struct cb_work *w)
{
	char key[64];
	struct cb_val v;
	const char *pf, *db;
	int rc = cb_get(txn, CB_T_META, hold_key(key, sizeof key, agent), &v);
	if (rc != CB_OK)
		return rc;
	if ((rc = cb_key_split(v, &pf, &db)) != CB_OK ||
	    (rc = cb_work_get(txn, pf, db, w)) != CB_OK)
		return rc;
	if (!cb_work_held(w, now) || strcmp(w->holder, agent) != 0)
		return CB_ERR_NOTFOUND;
	snprintf(out->portfolio, sizeof out->portfolio, "%s", pf);
	snprintf(out->debtor, sizeof out->debtor, "%s", db);
	w->portfolio = out->portfolio;
	w->debtor = out->debtor;
	return CB_OK;
}

/* The account the agent holds already, renewed; CB_ERR_NOTFOUND if none. */
static int renew(struct cb_txn *txn, struct claim *c, int lease_minutes)
{
	struct cb_work w;
	int rc = holding(txn, c->agent, c->s->now, c->out, &w);
	if (rc != CB_OK)
		return rc;
	w.lease_until = c->s->now + (time_t)lease_minutes * 60;
	return work_store(txn, &w, c->s->now);
}

/* The accounts in the order claims take them: pinned ones, callbacks due
 * (the agent's own first, then anyone's, and others' once their grace is
 * over), then the rest of the queue by tier and score.  visit() returns
 * CB_OK to go on; anything else stops the walk and is returned. */
struct order {
	struct cb_txn *txn;
	const char *agent;
	time_t now;
	int grace_minutes;
	int (*visit)(struct order *o, const char *portfolio, const char *debtor);
	void *arg;
};

/* The queue index: the pinned accounts, or the tiers after callbacks. */
static int walk_index(struct order *o, bool pinned)
{
	struct cb_cursor *c;
	struct cb_val k;
	int rc = cb_cursor_open(o->txn, CB_T_QUEUE, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, NULL)) {
		const char *pf, *db;
		int tier = k.size > 9 ? ((const unsigned char *)k.data)[0] : -1;
		if (tier < 0 || cb_key_split((struct cb_val){ (const char *)k.data + 9,
		    k.size - 9 }, &pf, &db) != CB_OK) {
			rc = CB_ERR_CORRUPT;
			break;
		}
		if (pinned && tier != CB_TIER_PINNED)
			break;
		if (!pinned && (tier == CB_TIER_PINNED || tier == CB_TIER_CALLBACK))
			continue;
		if ((rc = o->visit(o, pf, db)) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* The callbacks due: the agent's own, or the others it may make. */
static int walk_callbacks(struct order *o, bool own)
{
	struct cb_cursor *c;
	struct cb_val k, v;
	int rc = cb_cursor_open(o->txn, CB_T_CALLBACKS, &c);
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
		if (at > o->now)
			break;
		bool mine = strcmp(agent, o->agent) == 0;
		bool open = agent[0] == '\0' ||
		    o->now - at >= (time_t)o->grace_minutes * 60;
		struct cb_work w;
		if (own ? !mine : (mine || !open))
			continue;
		if ((rc = cb_work_get(o->txn, pf, db, &w)) != CB_OK)
			break;
		if (w.pinned) /* given already, with the pinned */
			continue;
		if ((rc = o->visit(o, pf, db)) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

static int walk_queue(struct order *o)
{
	int rc = walk_index(o, true);
	if (rc == CB_OK)
		rc = walk_callbacks(o, true);
	if (rc == CB_OK)
		rc = walk_callbacks(o, false);
	return rc == CB_OK ? walk_index(o, false) : rc;
}

/*
 * Why an account would not go to the agent now, or NULL when it would: the
 * one place where eligibility is decided.  The account's own state (what
 * keeps it out of the queue, work.h) comes first, then what depends on the
 * agent and the moment: portfolios, leases, assignments, and last the
 * debtor's rule pack (whose word is left in who->contact).
 */
static const char *not_for_agent(struct asker *who, const char *portfolio,
    const char *debtor)
{
	struct cb_work w;
	struct cb_account a;
	cb_day today;
	const char *reason;
	bool other = false;
	time_t now = who->now;
	who->contact.block = CB_BLOCK_NONE;
	if (!cb_user_works(who->portfolios, portfolio))
		return N_("not in the agent's portfolios");
	if (cb_work_get(who->txn, portfolio, debtor, &w) != CB_OK ||
	    cb_account_get(who->txn, portfolio, debtor, &a) != CB_OK ||
	    asker_today(who, portfolio, &today) != CB_OK)
		return "cannot be read";
	if ((reason = cb_work_out_reason(&w, &a, today, now)) != NULL)
		return reason;
	if (cb_work_held(&w, now) && strcmp(w.holder, who->agent) != 0)
		return N_("held by another agent");
	if (w.assigned && strcmp(w.assigned, who->agent) != 0)
		return N_("assigned to another agent");
	if (debtor_held_by_other(who->txn, debtor, who->agent, now, &other) ==
	    CB_OK && other)
		return N_("the debtor is held by another agent in another portfolio");
	if (pack_check(who->txn, who->rules, &w, now, &who->contact) != CB_OK)
		return "cannot be read";
	if (who->contact.block != CB_BLOCK_NONE)
		return N_("its rule pack forbids a call now");
	return NULL;
}

/* Claim's visit: the first account that may go to the agent. */
static int claim_visit(struct order *o, const char *portfolio,
    const char *debtor)
{
	struct claim *c = o->arg;
	if (not_for_agent(&c->who, portfolio, debtor))
		return CB_OK;
	snprintf(c->out->portfolio, sizeof c->out->portfolio, "%s", portfolio);
	snprintf(c->out->debtor, sizeof c->out->debtor, "%s", debtor);
	return CB_ERR_EXISTS;
}

static int claim_txn(struct cb_txn *txn, void *arg)
{
	struct claim *c = arg;
	struct cb_weights weights;
	struct cb_user u;
	int rc = cb_weights_get(txn, &weights);
	if (rc == CB_OK && (rc = cb_user_get(txn, c->agent, &u)) == CB_ERR_NOTFOUND)
		return CB_ERR_INPUT;
	if (rc != CB_OK)
		return rc;
	if (u.disabled)
		return CB_ERR_INPUT;
	snprintf(c->portfolios, sizeof c->portfolios, "%s",
	    u.portfolios ? u.portfolios : "");
	if ((rc = renew(txn, c, weights.lease_minutes)) != CB_ERR_NOTFOUND)
		return rc;
	struct order o = { txn, c->agent, c->s->now,
		weights.callback_grace_minutes, claim_visit, c };
	c->who = (struct asker){ .txn = txn, .agent = c->agent,
		.portfolios = c->portfolios, .now = c->s->now };
	if ((rc = cb_rules_open(txn, &c->who.rules)) != CB_OK)
		return rc;
	rc = walk_queue(&o);
	cb_rules_close(&c->who.rules);
	if (rc == CB_OK) {
		c->why = N_("no account is callable now: the queue is empty, or "
		    "every account in it is held by another agent or not to be "
		    "called now under its rule pack (see 'cobrador queue --all')");
		return CB_ERR_NOTHING;
	}
	return rc == CB_ERR_EXISTS ? take(txn, c->s, c->agent, c->out,
	    weights.lease_minutes, true) : rc;
}

int cb_queue_next(struct cb_session *s, const char *agent,
    struct cb_account_ref *out, const char **why)
{
	struct claim c = { .s = s, .agent = agent ? agent : s->login, .out = out };
	if (!cb_may(s->role, CB_DO_WORK) || (strcmp(c.agent, s->login) != 0 &&
	    !cb_may(s->role, CB_DO_SUPERVISE)))
		return CB_ERR_PERM;
	int rc = cb_store_write(s->store, claim_txn, &c);
	if (why)
		*why = rc == CB_ERR_INPUT ? N_("no such active agent") : c.why;
	return rc;
}

struct release {
	struct cb_session *s;
	const struct cb_account_ref *a;
};

/* Ends the holder's claim; the event says who released it. */
static int end_claim(struct cb_txn *txn, struct cb_session *s,
    struct cb_work *w, const char *kind)
{
	struct cb_event ev;
	char key[64], holder[CB_LOGIN_MAX + 1];
	snprintf(holder, sizeof holder, "%s", w->holder);
	w->holder = NULL;
	w->lease_until = 0;
	struct cb_key account;
	struct cb_val held_key, v;
	cb_key_account(&account, w->portfolio, w->debtor);
	held_key = hold_key(key, sizeof key, holder);
	int rc = work_store(txn, w, s->now);
	/* The note of what the holder works on goes only if it is this one. */
	if (rc == CB_OK && cb_get(txn, CB_T_META, held_key, &v) == CB_OK &&
	    v.size == account.len && memcmp(v.data, account.buf, v.size) == 0)
		rc = cb_del(txn, CB_T_META, held_key);
	cb_event_init(&ev, NULL, NULL, 0);
	cb_event_add(&ev, "holder", holder);
	return rc == CB_OK ? account_event(txn, s, kind, w->portfolio, w->debtor,
	    &ev) : rc;
}

static int release_txn(struct cb_txn *txn, void *arg)
{
	struct release *r = arg;
	struct cb_work w;
	int rc = cb_work_get(txn, r->a->portfolio, r->a->debtor, &w);
	if (rc != CB_OK)
		return rc;
	w.portfolio = r->a->portfolio;
	w.debtor = r->a->debtor;
	if (!cb_work_held(&w, r->s->now))
		return CB_ERR_NOTHING;
	if (strcmp(w.holder, r->s->login) != 0 &&
	    !cb_may(r->s->role, CB_DO_SUPERVISE))
		return CB_ERR_CONFLICT;
	return end_claim(txn, r->s, &w, "release");
}

int cb_queue_release(struct cb_session *s, const struct cb_account_ref *a)
{
	struct release r = { s, a };
	if (!cb_may(s->role, CB_DO_WORK))
		return CB_ERR_PERM;
	return cb_store_write(s->store, release_txn, &r);
}

int cb_queue_holding(struct cb_txn *txn, const char *agent, time_t now,
    struct cb_account_ref *out, time_t *until, time_t *claimed)
{
	struct cb_work w;
	int rc = holding(txn, agent, now, out, &w);
	if (rc == CB_OK && until)
		*until = w.lease_until;
	if (rc == CB_OK && claimed)
		*claimed = w.claimed_at;
	return rc == CB_ERR_NOTFOUND ? CB_ERR_NOTHING : rc;
}

int cb_queue_held(struct cb_session *s, struct cb_account_ref *out,
    time_t *until)
{
	struct cb_txn *txn;
	int rc = cb_store_read(s->store, &txn);
	if (rc != CB_OK)
		return rc;
	rc = cb_queue_holding(txn, s->login, s->now, out, until, NULL);
	cb_txn_end(&txn);
	return rc;
}

struct renewal {
	struct cb_session *s;
	const struct cb_account_ref *a;
	time_t until;
};

/* A renewal writes no event: the claim says who holds the account, and an
 * event per keystroke would bury the history. */
static int renew_txn(struct cb_txn *txn, void *arg)
{
	struct renewal *r = arg;
	struct cb_weights weights;
	struct cb_work w;
	int rc = cb_work_get(txn, r->a->portfolio, r->a->debtor, &w);
	if (rc == CB_OK)
		rc = cb_weights_get(txn, &weights);
	if (rc != CB_OK)
		return rc;
	if (!cb_work_held(&w, r->s->now))
		return CB_ERR_NOTHING;
	if (strcmp(w.holder, r->s->login) != 0)
		return CB_ERR_CONFLICT;
	w.portfolio = r->a->portfolio;
	w.debtor = r->a->debtor;
	w.lease_until = r->until = r->s->now + (time_t)weights.lease_minutes * 60;
	return work_store(txn, &w, r->s->now);
}

int cb_queue_renew(struct cb_session *s, const struct cb_account_ref *a,
    time_t *until)
{
	struct renewal r = { s, a, 0 };
	if (!cb_may(s->role, CB_DO_WORK))
		return CB_ERR_PERM;
	int rc = cb_store_write(s->store, renew_txn, &r);
	if (rc == CB_OK && until)
		*until = r.until;
	return rc;
}

struct log_job {
	struct cb_session *s;
	const struct cb_account_ref *a;
	const struct cb_log_request *req;
	const struct cb_outcome *o;
	const char *why;
	int64_t amount; /* as parsed from the request */
	cb_day date;
	time_t at;
	bool plan;      /* PLAN: installments of amount from date */
	int installments, every;
	bool waiting;   /* beyond the agent's limits */
	cb_day today;   /* in the portfolio's zone */
	char count[8], every_text[8]; /* the plan's shape, for its event */
	const struct cb_pack *pack; /* the debtor's rule pack, if any */
	struct cb_pack pack_copy;
	/* The script the agent read, replayed (log_script). */
	struct cb_script *script;
	struct cb_script_facts facts;
	struct cb_run run;
	char script_version[12], path[CB_RUN_PATH_MAX * (CB_SCRIPT_ID_MAX + 1)];
	char answer_keys[CB_RUN_ANSWERS_MAX][CB_SCRIPT_KEY_MAX + 8];
};

/* Why a script's walk did not fit the outcome: outlives cb_queue_log(),
 * which returns it (the program is single-threaded). */
static char script_why[256];

/* Checks the script the agent read against the outcome (the path it
 * allows, the answers by type, the mandatory steps) and adds the script,
 * its version, the path and the answers to the outcome's event. */
static int log_script(struct cb_txn *txn, struct log_job *j,
    struct cb_event *ev)
{
	const struct cb_log_request *r = j->req;
	char id[CB_SCRIPT_ID_MAX + 1];
	int version = 0;
	if (r->script == NULL) {
		if (r->path || r->nanswers) {
			j->why = "--path and --answer need --script";
			return CB_ERR_INPUT;
		}
		return CB_OK;
	}
	const char *colon = strchr(r->script, ':');
	size_t n = colon ? (size_t)(colon - r->script) : strlen(r->script);
	snprintf(id, sizeof id, "%.*s", (int)n, r->script);
	if (colon && (version = atoi(colon + 1)) <= 0) {
		j->why = "a script is named ID or ID:VERSION";
		return CB_ERR_INPUT;
	}
	cb_script_free(&j->script); /* a second run of the transaction */
	int rc = cb_script_get(txn, id, version, &j->script, &version);
	if (rc == CB_ERR_NOTFOUND) {
		j->why = "no such script (see 'cobrador script list')";
		return CB_ERR_INPUT;
	}
	if (rc == CB_OK)
		rc = cb_script_facts_read(txn, j->a->portfolio, j->a->debtor,
		    j->s->login, j->s->now, &j->facts);
	if (rc != CB_OK)
		return rc;
	cb_run_start(&j->run, j->script, &j->facts);
	if (cb_run_replay(&j->run, r->path ? r->path : j->script->steps[0].id,
	    r->answers, r->nanswers, j->o->code, script_why,
	    sizeof script_why) != CB_OK) {
		j->why = script_why;
		return CB_ERR_INPUT;
	}
	snprintf(j->script_version, sizeof j->script_version, "%d", version);
	cb_run_path(&j->run, j->path, sizeof j->path);
	rc = cb_event_add(ev, "script", j->script->id);
	if (rc == CB_OK)
		rc = cb_event_add(ev, "script_version", j->script_version);
	if (rc == CB_OK)
		rc = cb_event_add(ev, "path", j->path);
	for (size_t i = 0; rc == CB_OK && i < j->run.nanswers; i++) {
		snprintf(j->answer_keys[i], sizeof j->answer_keys[i], "answer.%s",
		    j->run.answers[i].key);
		rc = cb_event_add(ev, j->answer_keys[i], j->run.answers[i].value);
	}
	if (rc != CB_OK)
		j->why = N_("too many answers for one outcome");
	return rc == CB_OK ? CB_OK : CB_ERR_INPUT;
}

/* A payment plan's shape, and whether it is beyond an agent's limits. */
static int plan_details(struct cb_txn *txn, struct log_job *j,
    struct cb_event *ev)
{
	struct cb_weights w;
	int rc = cb_weights_get(txn, &w);
	if (rc != CB_OK)
		return rc;
	j->installments = j->req->installments;
	j->every = j->req->every_days ? j->req->every_days : 30;
	if (j->installments < 2 || j->installments > 120)
		return cb_bad_input(&j->why,
		    N_("a plan has 2 to 120 installments"));
	if (j->every < 1 || j->every > 366)
		return cb_bad_input(&j->why,
		    N_("installments are 1 to 366 days apart"));
	if (j->amount < j->installments)
		return cb_bad_input(&j->why,
		    N_("the amount is too small for so many installments"));
	int64_t first = j->amount / j->installments;
	j->waiting = j->installments > w.plan_max_installments ||
	    first * 100 < j->amount * w.plan_min_first_pct;
	snprintf(j->count, sizeof j->count, "%d", j->installments);
	snprintf(j->every_text, sizeof j->every_text, "%d", j->every);
	cb_event_add(ev, "installments", j->count);
	cb_event_add(ev, "every", j->every_text);
	cb_event_add(ev, "approval", j->waiting ? "waiting" : "within limits");
	return CB_OK;
}

/* The promises of a PTP, or the installments of a PLAN (the last one takes
 * what the division leaves), under the number of the outcome's event. */
static int make_promises(struct cb_txn *txn, const struct log_job *j,
    uint64_t seq)
{
	int n = j->plan ? j->installments : 1;
	int rc = CB_OK;
	for (int i = 0; i < n && rc == CB_OK; i++) {
		struct cb_promise p = { .portfolio = j->a->portfolio,
			.debtor = j->a->debtor, .id = seq << 8 | (uint64_t)i,
			.amount = j->amount / n, .due = j->date + i * j->every,
			.made = j->s->now, .agent = j->s->login,
			.plan = j->plan ? seq : 0, .settled = CB_DAY_NONE,
			.status = j->waiting ? CB_PROMISE_WAITING : CB_PROMISE_PENDING };
		if (i == n - 1)
			p.amount += j->amount % n;
		rc = cb_promise_put(txn, &p);
	}
	return rc;
}

/* Marks the phone called (or, when none is named, the first good one)
 * bad: WN and DC. */
static int mark_phone_bad(struct cb_txn *txn, const char *debtor,
    const char *phone)
{
	struct cb_debtor d;
	int rc = cb_debtor_get(txn, debtor, &d);
	if (rc != CB_OK)
		return rc;
	for (size_t i = 0; i < d.nphones; i++) {
		if (phone ? strcmp(d.phones[i].number, phone) != 0
		          : d.phones[i].status == CB_PHONE_BAD)
			continue;
		d.phones[i].status = CB_PHONE_BAD;
		return cb_debtor_put(txn, &d);
	}
	return phone ? CB_ERR_INPUT : CB_OK;
}

/* Checks what the code needs (amount, date, time) and adds it to ev. */
static int log_details(struct cb_txn *txn, struct log_job *j,
    struct cb_event *ev, char *amount, char *date, char *at)
{
	const struct cb_log_request *r = j->req;
	struct cb_portfolio p;
	const struct cb_currency *cur;
	int64_t minor;
	cb_day day, today;
	time_t when;
	int rc = cb_portfolio_get(txn, j->a->portfolio, &p);
	if (rc != CB_OK || (cur = cb_currency_find(p.currency)) == NULL)
		return rc != CB_OK ? rc : CB_ERR_CORRUPT;
	if ((rc = cb_tz_today(j->s->now, p.timezone, &today)) != CB_OK)
		return rc;
	j->today = today;
	if (j->o->needs_amount) {
		if (r->amount == NULL)
			return cb_bad_input(&j->why, N_("the amount is needed"));
		if (cb_money_parse(r->amount, cur, &minor, &j->why) != CB_OK)
			return CB_ERR_INPUT;
		if (minor <= 0)
			return cb_bad_input(&j->why, N_("the amount must be more than zero"));
		j->amount = minor;
		cb_money_format_plain(minor, cur, amount, 32);
		cb_event_add(ev, "amount", amount);
	}
	if (j->o->needs_date) {
		if (r->date == NULL)
			return cb_bad_input(&j->why, N_("the date is needed"));
		if (cb_day_parse(r->date, NULL, &day, &j->why) != CB_OK)
			return CB_ERR_INPUT;
		if (day < today)
			return cb_bad_input(&j->why, N_("the date is in the past"));
		if (j->pack && j->pack->promise_max_days &&
		    day > today + j->pack->promise_max_days)
			return cb_bad_input(&j->why, N_("the date is later than the "
			    "debtor's rule pack allows (see 'cobrador rules show')"));
		j->date = day;
		cb_day_format(day, date);
		cb_event_add(ev, "date", date);
	}
	if (j->o->needs_time) {
		if (r->at == NULL)
			return cb_bad_input(&j->why, N_("the callback time is needed"));
		if (cb_time_parse(r->at, &when, &j->why) != CB_OK)
			return CB_ERR_INPUT;
		if (when <= j->s->now)
			return cb_bad_input(&j->why, N_("the callback time is past"));
		j->at = when;
		cb_time_format_utc(when, at);
		cb_event_add(ev, "at", at);
		cb_event_add(ev, "for", r->for_anyone ? "anyone" : j->s->login);
	}
	if (j->plan)
		return plan_details(txn, j, ev);
	return CB_OK;
}

/* The day n business days (Monday to Friday) after day. */
static cb_day business_day(cb_day day, int n)
{
	while (n > 0) {
		int wd = cb_day_weekday(++day);
		n -= wd != 0 && wd != 6;
	}
	return day;
}

/* What an outcome does to the account's work record: a callback asked
 * for replaces any other, and any other outcome ends it. */
static void log_effect(struct cb_work *w, const struct log_job *j)
{
	const struct cb_outcome *o = j->o;
	time_t now = j->s->now;
	w->callback_at = o->needs_time ? j->at : 0;
	w->callback_agent = o->needs_time ? j->s->login : NULL;
	w->callback_anyone = o->needs_time && j->req->for_anyone;
	/* "Paid, they say": anyone checks the payment came, days later. */
	if (o->follow_up) {
		w->callback_at = now + (time_t)(business_day(j->today,
		    o->follow_up) - j->today) * 86400;
		w->callback_agent = j->s->login;
		w->callback_anyone = true;
	}
	if (o->needs_amount && j->waiting)
		w->plan_waiting = true;
	else if (o->needs_amount && (w->promise_due == CB_DAY_NONE ||
	    j->date < w->promise_due))
		w->promise_due = j->date;
	if (o->kind != CB_OUTCOME_STOP) {
		w->attempts++;
		w->last_attempt = now;
		w->attempt_day = j->today;
		cb_work_add_contact(w, now, CB_CHANNEL_CALL,
		    (unsigned)(o - cb_outcomes));
	}
	if (o->kind == CB_OUTCOME_CONVERSATION)
		w->last_contact = now;
	if (o->dispute)
		w->flags |= CB_WORK_DISPUTE;
	if (o->kind == CB_OUTCOME_STOP) {
		w->flags |= CB_WORK_STOP;
		w->stop = o->code;
	}
}

/*
 * Whether the debtor's rule pack allows the call being logged: a call
 * made while the caller held the account is judged when it began (the
 * claim, or one lease's length ago, whichever is later), any other at once.
 * Notes the pack for the promise's longest date.
 */
static int log_allowed(struct cb_txn *txn, struct log_job *j,
    const struct cb_work *w)
{
	struct cb_rules *rules;
	struct cb_contact_check check;
	struct cb_debtor d;
	struct cb_portfolio p;
	struct cb_weights weights;
	const char *code, *zone;
	time_t at = j->s->now;
	int rc = cb_weights_get(txn, &weights);
	if (rc == CB_OK && cb_work_held(w, at)) {
		time_t lease_ago = at - (time_t)weights.lease_minutes * 60;
		at = w->claimed_at > lease_ago ? w->claimed_at : lease_ago;
	}
	if (rc != CB_OK || (rc = cb_debtor_get(txn, w->debtor, &d)) != CB_OK ||
	    (rc = cb_portfolio_get(txn, w->portfolio, &p)) != CB_OK ||
	    (rc = cb_rules_open(txn, &rules)) != CB_OK)
		return rc;
	cb_rules_debtor(rules, &d, &p, &j->pack, &code, &zone);
	if (j->pack) {
		/* The pack lives as long as rules: copy it out. */
		j->pack_copy = *j->pack;
		j->pack = &j->pack_copy;
	}
	if (j->pack == NULL || cb_pack_counts_call(j->pack, j->o->code))
		rc = cb_rules_check(rules, &d, &p, w, CB_CHANNEL_CALL, at, &check);
	else
		check.block = CB_BLOCK_NONE;
	cb_rules_close(&rules);
	if (rc == CB_OK && check.block != CB_BLOCK_NONE &&
	    j->o->kind != CB_OUTCOME_STOP) {
		j->why = N_("its rule pack forbids this call now");
		return CB_ERR_PERM;
	}
	return rc;
}

/* Whether the debtor's rule pack allows the callback asked for: a call at
 * that time, counting the one being logged. */
static int callback_allowed(struct cb_txn *txn, struct log_job *j,
    const struct cb_work *w)
{
	struct cb_rules *rules;
	struct cb_contact_check check;
	struct cb_work after = *w;
	int rc = cb_rules_open(txn, &rules);
	if (rc != CB_OK)
		return rc;
	cb_work_add_contact(&after, j->s->now, CB_CHANNEL_CALL,
	    (unsigned)(j->o - cb_outcomes));
	rc = pack_check(txn, rules, &after, j->at, &check);
	cb_rules_close(&rules);
	if (rc == CB_OK && check.block != CB_BLOCK_NONE)
		return cb_bad_input(&j->why, N_("the debtor's rule pack forbids "
		    "a call at that time"));
	return rc;
}

static int log_txn(struct cb_txn *txn, void *arg)
{
	struct log_job *j = arg;
	struct cb_work w;
	struct cb_event ev;
	char amount[32], date[11], at[17];
	int rc = cb_work_get(txn, j->a->portfolio, j->a->debtor, &w);
	if (rc != CB_OK)
		return rc;
	w.portfolio = j->a->portfolio;
	w.debtor = j->a->debtor;
	bool other = cb_work_held(&w, j->s->now) &&
	    strcmp(w.holder, j->s->login) != 0;
	if (!other && (rc = debtor_held_by_other(txn, j->a->debtor, j->s->login,
	    j->s->now, &other)) != CB_OK)
		return rc;
	if (other)
		return CB_ERR_CONFLICT;
	if ((rc = log_allowed(txn, j, &w)) != CB_OK)
		return rc;
	cb_event_init(&ev, NULL, NULL, 0);
	cb_event_add(&ev, "code", j->o->code);
	if ((rc = log_details(txn, j, &ev, amount, date, at)) != CB_OK ||
	    (rc = log_script(txn, j, &ev)) != CB_OK)
		return rc;
	if (j->o->needs_time && (rc = callback_allowed(txn, j, &w)) != CB_OK)
		return rc;
	if (j->req->phone)
		cb_event_add(&ev, "phone", j->req->phone);
	if (j->req->note)
		cb_event_add(&ev, "note", j->req->note);
	/* A debtor who calls in: claimed, logged and released at once. */
	if (!cb_work_held(&w, j->s->now)) {
		struct cb_weights weights;
		if ((rc = cb_weights_get(txn, &weights)) != CB_OK ||
		    (rc = take(txn, j->s, j->s->login, j->a,
		    weights.lease_minutes, false)) != CB_OK)
			return rc;
	}
	if (j->o->bad_phone &&
	    (rc = mark_phone_bad(txn, j->a->debtor, j->req->phone)) != CB_OK) {
		if (rc == CB_ERR_INPUT)
			j->why = N_("the debtor has no such phone");
		return rc;
	}
	if ((rc = account_event(txn, j->s, "outcome", j->a->portfolio,
	    j->a->debtor, &ev)) != CB_OK)
		return rc;
	/* A promise to pay is tracked from now on, under its event's number. */
	if (j->o->needs_amount && (rc = make_promises(txn, j, ev.seq)) != CB_OK)
		return rc;
	/* Read again: the writes above may have moved the record's page. */
	if ((rc = cb_work_get(txn, j->a->portfolio, j->a->debtor, &w)) != CB_OK)
		return rc;
	w.portfolio = j->a->portfolio;
	w.debtor = j->a->debtor;
	log_effect(&w, j);
	return end_claim(txn, j->s, &w, "release");
}

int cb_queue_log(struct cb_session *s, const struct cb_account_ref *a,
    const struct cb_log_request *req, const char **why)
{
	struct log_job j = { .s = s, .a = a, .req = req,
		.o = cb_outcome_find(req->code) };
	j.plan = j.o && strcmp(j.o->code, "PLAN") == 0;
	if (!cb_may(s->role, CB_DO_WORK) || !cb_session_sees(s, a->portfolio))
		return CB_ERR_PERM;
	if (j.o == NULL) {
		*why = "unknown outcome code (see 'cobrador log --help')";
		return CB_ERR_INPUT;
	}
	if ((req->note && cb_text_find_control(req->note, NULL)) ||
	    (req->phone && cb_text_find_control(req->phone, NULL))) {
		*why = N_("control characters are not allowed");
		return CB_ERR_INPUT;
	}
	/* What goes into the chained log must read back: whole UTF-8. */
	if ((req->note && !cb_text_valid_utf8(req->note, strlen(req->note))) ||
	    (req->phone && !cb_text_valid_utf8(req->phone, strlen(req->phone)))) {
		*why = N_("the text is not valid UTF-8");
		return CB_ERR_INPUT;
	}
	int rc = cb_store_write(s->store, log_txn, &j);
	cb_script_free(&j.script);
	*why = j.why;
	return rc;
}

struct contact_job {
	struct cb_session *s;
	const struct cb_account_ref *a;
	struct cb_contact_check *out;
};

static int contact_read(struct cb_txn *txn, struct contact_job *j)
{
	struct cb_work w;
	struct cb_rules *rules;
	int rc = cb_work_get(txn, j->a->portfolio, j->a->debtor, &w);
	if (rc == CB_OK && (rc = cb_rules_open(txn, &rules)) == CB_OK) {
		rc = pack_check(txn, rules, &w, j->s->now, j->out);
		cb_rules_close(&rules);
	}
	return rc;
}

int cb_queue_contact(struct cb_session *s, const struct cb_account_ref *a,
    struct cb_contact_check *out)
{
	struct contact_job j = { s, a, out };
	struct cb_txn *txn;
	if (!cb_may(s->role, CB_DO_VIEW) || !cb_session_sees(s, a->portfolio))
		return CB_ERR_PERM;
	int rc = cb_store_read(s->store, &txn);
	if (rc == CB_OK) {
		rc = contact_read(txn, &j);
		cb_txn_end(&txn);
	}
	return rc;
}

struct listing {
	struct cb_session *s;
	struct cb_txn *txn;
	const char *agent;
	char portfolios[512];
	bool all;
	size_t limit, given;
	unsigned rank;
	struct cb_weights weights;
	struct asker who;
	int (*fn)(const struct cb_queue_entry *, void *);
	void *arg;
};

/* Fills an entry for an account and gives it to the caller. */
static int list_entry(struct listing *l, const char *portfolio,
    const char *debtor, const char *reason,
    const struct cb_contact_check *contact)
{
	struct cb_queue_entry e = { .portfolio = portfolio, .debtor = debtor,
		.contact = contact };
	struct cb_account a;
	struct cb_work w;
	struct cb_debtor d;
	struct cb_portfolio p;
	cb_day today;
	int rc = cb_account_get(l->txn, portfolio, debtor, &a);
	if (rc == CB_OK)
		rc = cb_work_get(l->txn, portfolio, debtor, &w);
	if (rc == CB_OK)
		rc = cb_debtor_get(l->txn, debtor, &d);
	if (rc == CB_OK)
		rc = cb_portfolio_get(l->txn, portfolio, &p);
	if (rc == CB_OK)
		rc = cb_tz_today(l->s->now, p.timezone, &today);
	if (rc != CB_OK)
		return rc;
	cb_work_score(&w, &a, p.currency, &l->weights, today, l->s->now,
	    &e.factors);
	e.name = d.name;
	e.currency = p.currency;
	e.balance = a.balance;
	e.tier = w.tier;
	e.reason = reason;
	e.holder = cb_work_held(&w, l->s->now) ? w.holder : NULL;
	e.lease_until = w.lease_until;
	e.rank = e.reason ? 0 : ++l->rank;
	l->given++;
	return l->fn(&e, l->arg);
}

/* Listing's visit: every account in the order, with why it would not go
 * to the agent (only callable ones unless --all). */
static int list_visit(struct order *o, const char *portfolio,
    const char *debtor)
{
	struct listing *l = o->arg;
	const char *reason;
	if (l->limit && l->given >= l->limit)
		return CB_ERR_EXISTS;
	if (!cb_user_works(l->portfolios, portfolio))
		return CB_OK;
	reason = not_for_agent(&l->who, portfolio, debtor);
	if (reason && !l->all)
		return CB_OK;
	return list_entry(l, portfolio, debtor, reason, &l->who.contact);
}

static int list_queued(struct listing *l)
{
	struct order o = { l->txn, l->agent, l->s->now,
		l->weights.callback_grace_minutes, list_visit, l };
	int rc = walk_queue(&o);
	return rc == CB_ERR_EXISTS ? CB_OK : rc;
}

/* The accounts that are out of the queue, for --all, with why; those the
 * order gave already (callbacks due) are not repeated. */
static int list_out(const struct cb_account *a, void *arg)
{
	struct listing *l = arg;
	struct cb_work w;
	struct cb_portfolio p;
	cb_day today;
	const char *reason;
	int rc = cb_work_get(l->txn, a->portfolio, a->debtor, &w);
	if (rc != CB_OK || !cb_user_works(l->portfolios, a->portfolio))
		return rc;
	bool due = w.callback_at != 0 && w.callback_at <= l->s->now;
	bool others = due && !w.callback_anyone && w.callback_agent &&
	    strcmp(w.callback_agent, l->agent) != 0 &&
	    l->s->now - w.callback_at < (time_t)l->weights.callback_grace_minutes * 60;
	if ((due && !others) || (w.tier != CB_TIER_NONE && !others))
		return CB_OK;
	if (l->limit && l->given >= l->limit)
		return CB_ERR_NOTHING;
	if ((rc = cb_portfolio_get(l->txn, a->portfolio, &p)) != CB_OK ||
	    (rc = cb_tz_today(l->s->now, p.timezone, &today)) != CB_OK)
		return rc;
	reason = others ? N_("a callback for another agent")
	                : cb_work_out_reason(&w, a, today, l->s->now);
	return list_entry(l, a->portfolio, a->debtor, reason ? reason : "out",
	    NULL);
}

int cb_queue_list(struct cb_session *s, const char *agent, bool all,
    size_t limit, int (*fn)(const struct cb_queue_entry *e, void *arg),
    void *arg)
{
	struct listing l = { .s = s, .agent = agent ? agent : s->login,
		.all = all, .limit = limit, .fn = fn, .arg = arg };
	struct cb_user u;
	if (!cb_may(s->role, CB_DO_WORK) || (strcmp(l.agent, s->login) != 0 &&
	    !cb_may(s->role, CB_DO_SUPERVISE)))
		return CB_ERR_PERM;
	int rc = cb_store_read(s->store, &l.txn);
	if (rc != CB_OK)
		return rc;
	rc = cb_user_get(l.txn, l.agent, &u);
	if (rc == CB_OK) {
		snprintf(l.portfolios, sizeof l.portfolios, "%s",
		    u.portfolios ? u.portfolios : "");
		rc = cb_weights_get(l.txn, &l.weights);
	}
	l.who = (struct asker){ .txn = l.txn, .agent = l.agent,
		.portfolios = l.portfolios, .now = s->now };
	if (rc == CB_OK)
		rc = cb_rules_open(l.txn, &l.who.rules);
	if (rc == CB_OK)
		rc = list_queued(&l);
	if (rc == CB_OK && all)
		rc = cb_account_each(l.txn, NULL, list_out, &l);
	cb_rules_close(&l.who.rules);
	cb_txn_end(&l.txn);
	if (rc == CB_ERR_NOTHING)
		rc = CB_OK;
	return rc == CB_ERR_NOTFOUND ? CB_ERR_INPUT : rc;
}

/* The re-score's day in the portfolio of the account before. */
struct rescore {
	struct cb_session *s;
	char portfolio[CB_PORTFOLIO_MAX + 1];
	cb_day today;
};

/* Lets a run-out lease lapse and puts the account back in its place in
 * the queue as of today.  Its documents are not read again: every change
 * of them settled the account's figures. */
static int rescore_account(struct cb_txn *txn, const struct cb_account_ref *a,
    void *arg)
{
	struct rescore *r = arg;
	struct cb_session *s = r->s;
	struct cb_work w;
	int rc = CB_OK;
	if (a == NULL) { /* a transaction starts: read the zones again */
		r->portfolio[0] = '\0';
		return CB_OK;
	}
	if (strcmp(a->portfolio, r->portfolio) != 0) {
		rc = account_today(txn, a->portfolio, &r->today, s->now);
		if (rc == CB_OK)
			memcpy(r->portfolio, a->portfolio, sizeof r->portfolio);
	}
	bool lapsed = false;
	if (rc == CB_OK)
		rc = cb_work_refresh(txn, a->portfolio, a->debtor, r->today,
		    s->now, &lapsed);
	if (rc != CB_OK || !lapsed)
		return rc;
	/* A lease that ran out is ended, and the account filed again. */
	if ((rc = cb_work_get(txn, a->portfolio, a->debtor, &w)) != CB_OK)
		return rc;
	w.portfolio = a->portfolio;
	w.debtor = a->debtor;
	return end_claim(txn, s, &w, "lapse");
}

int cb_rescore(struct cb_session *s,
    void (*progress)(uint64_t done, uint64_t total, void *arg), void *arg)
{
	if (!cb_may(s->role, CB_DO_SUPERVISE))
		return CB_ERR_PERM;
	struct rescore r = { .s = s };
	/* A re-score undone by a crash of the machine is done again by the
	 * next; so its commits need not sync their meta page each.  (Not
	 * the outbox's: what it hands on after a commit must stay done.) */
	int rc = cb_store_lazy_meta(s->store, true);
	if (rc == CB_OK)
		rc = cb_accounts_batched(s, rescore_account, NULL, &r, progress,
		    arg);
	int synced = cb_store_lazy_meta(s->store, false);
	return rc == CB_OK ? synced : rc;
}

/* ---- Every account, a batch at a time --------------------------------- */

struct batches {
	struct cb_session *s;
	int (*fn)(struct cb_txn *txn, const struct cb_account_ref *a, void *arg);
	int (*end)(struct cb_txn *txn, void *arg);
	void *arg;
	struct cb_account_ref batch[RESCORE_BATCH];
	int n;     /* accounts copied into batch */
	int first; /* the first of them not done yet */
	int taken; /* of them, done by the last transaction */
	uint64_t done;
};

static double elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1e3 +
	    (now.tv_nsec - since->tv_nsec) / 1e6;
}

/* Does the accounts of the batch not done yet until RESCORE_MS have
 * passed, so that an agent waiting to claim never waits long; the next
 * transaction goes on from the first account not taken. */
static int batch_txn(struct cb_txn *txn, void *arg)
{
	struct batches *b = arg;
	struct timespec start;
	int rc = b->fn(txn, NULL, b->arg);
	clock_gettime(CLOCK_MONOTONIC, &start);
	b->taken = 0;
	while (rc == CB_OK && b->first + b->taken < b->n &&
	    (b->taken == 0 || elapsed_ms(&start) < RESCORE_MS))
		rc = b->fn(txn, &b->batch[b->first + b->taken++], b->arg);
	return rc == CB_OK && b->end ? b->end(txn, b->arg) : rc;
}

/* Copies the next batch of account names, after the last one copied. */
static int next_batch(struct cb_session *s, struct batches *b)
{
	struct cb_txn *txn;
	struct cb_cursor *c;
	struct cb_val k;
	struct cb_key from;
	int rc = cb_store_read(s->store, &txn);
	if (rc != CB_OK)
		return rc;
	from.len = 0;
	if (b->n > 0) {
		cb_key_account(&from, b->batch[b->n - 1].portfolio,
		    b->batch[b->n - 1].debtor);
		from.buf[from.len++] = '\0'; /* just after the last one */
	}
	b->n = b->first = 0;
	if ((rc = cb_cursor_open(txn, CB_T_ACCOUNTS, &c)) == CB_OK) {
		for (rc = cb_cursor_seek(c, cb_key_val(&from), &k, NULL);
		     rc == CB_OK && b->n < RESCORE_BATCH;
		     rc = cb_cursor_next(c, &k, NULL)) {
			const char *pf, *db;
			if ((rc = cb_key_split(k, &pf, &db)) != CB_OK)
				break;
			cb_text_copy(b->batch[b->n].portfolio, CB_PORTFOLIO_MAX + 1, pf);
			cb_text_copy(b->batch[b->n].debtor, CB_ID_MAX, db);
			b->n++;
		}
		cb_cursor_close(&c);
	}
	cb_txn_end(&txn);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

int cb_accounts_batched(struct cb_session *s,
    int (*fn)(struct cb_txn *txn, const struct cb_account_ref *a, void *arg),
    int (*end)(struct cb_txn *txn, void *arg), void *arg,
    void (*progress)(uint64_t done, uint64_t total, void *arg), void *parg)
{
	struct batches *b = calloc(1, sizeof *b);
	struct cb_txn *txn;
	uint64_t total = 0;
	if (b == NULL)
		return CB_ERR_NOMEM;
	b->s = s;
	b->fn = fn;
	b->end = end;
	b->arg = arg;
	int rc = cb_store_read(s->store, &txn);
	if (rc == CB_OK) {
		rc = cb_count(txn, CB_T_ACCOUNTS, &total);
		cb_txn_end(&txn);
	}
	while (rc == CB_OK) {
		if (b->first == b->n &&
		    ((rc = next_batch(s, b)) != CB_OK || b->n == 0))
			break;
		if ((rc = cb_store_write(s->store, batch_txn, b)) != CB_OK)
			break;
		b->first += b->taken;
		b->done += (uint64_t)b->taken;
		if (progress)
			progress(b->done, total, parg);
	}
	free(b);
	return rc;
}

struct supervise {
	struct cb_session *s;
	const struct cb_account_ref *a;
	enum cb_supervise what;
	const char *agent;
};

/* Changes the work record as the supervisor asks; names the event. */
static int supervise_work(struct cb_txn *txn, struct supervise *sv,
    struct cb_work *w, const char **kind, uint64_t *plan)
{
	struct cb_user u;
	int rc = CB_OK;
	switch (sv->what) {
	case CB_SUPERVISE_PIN: w->pinned = true; *kind = "pin"; break;
	case CB_SUPERVISE_UNPIN: w->pinned = false; *kind = "unpin"; break;
	case CB_SUPERVISE_ASSIGN:
		if (sv->agent && (cb_user_get(txn, sv->agent, &u) != CB_OK ||
		    u.disabled))
			return CB_ERR_INPUT;
		w->assigned = sv->agent;
		*kind = "assign";
		break;
	case CB_SUPERVISE_RESOLVE:
		if (!(w->flags & CB_WORK_DISPUTE))
			return CB_ERR_NOTHING;
		w->flags &= ~(unsigned)CB_WORK_DISPUTE;
		*kind = "dispute_resolved";
		break;
	case CB_SUPERVISE_APPROVE:
	case CB_SUPERVISE_REFUSE:
		rc = cb_promise_decide_plan(txn, sv->a->portfolio, sv->a->debtor,
		    sv->what == CB_SUPERVISE_APPROVE, plan);
		*kind = sv->what == CB_SUPERVISE_APPROVE ? "plan_approved"
		                                         : "plan_refused";
		break;
	}
	return rc;
}

static int supervise_txn(struct cb_txn *txn, void *arg)
{
	struct supervise *sv = arg;
	struct cb_work w;
	struct cb_event ev;
	const char *kind = NULL;
	uint64_t plan = 0;
	char id[24];
	cb_day today;
	int rc = cb_work_get(txn, sv->a->portfolio, sv->a->debtor, &w);
	if (rc == CB_OK)
		rc = supervise_work(txn, sv, &w, &kind, &plan);
	if (rc != CB_OK)
		return rc;
	w.portfolio = sv->a->portfolio;
	w.debtor = sv->a->debtor;
	/* A plan decided changes promises: the account is reviewed whole. */
	rc = plan ? account_today(txn, sv->a->portfolio, &today, sv->s->now)
	          : work_store(txn, &w, sv->s->now);
	if (rc == CB_OK && plan)
		rc = cb_work_refresh(txn, sv->a->portfolio, sv->a->debtor, today,
		    sv->s->now, NULL);
	cb_event_init(&ev, NULL, NULL, 0);
	if (sv->what == CB_SUPERVISE_ASSIGN)
		cb_event_add(&ev, "agent", sv->agent ? sv->agent : "");
	snprintf(id, sizeof id, "%llu", (unsigned long long)plan);
	if (plan)
		cb_event_add(&ev, "plan", id);
	return rc == CB_OK ? account_event(txn, sv->s, kind, sv->a->portfolio,
	    sv->a->debtor, &ev) : rc;
}

int cb_queue_supervise(struct cb_session *s, const struct cb_account_ref *a,
    enum cb_supervise what, const char *agent)
{
	struct supervise sv = { s, a, what, agent };
	if (!cb_may(s->role, CB_DO_SUPERVISE))
		return CB_ERR_PERM;
	return cb_store_write(s->store, supervise_txn, &sv);
}
