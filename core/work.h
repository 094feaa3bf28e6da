/*
 * work.h -- the collection work on an account: its state in the queue.
 *
 * Beside its ledger (model.h, ledger.h) every account has a work record:
 * who holds it and until when (the lease), what stops it (a dispute, a
 * deceased debtor...), when it was last attempted, whether a supervisor
 * pinned it or assigned it, and its place in the queue.  The queue is an
 * index ordered by tier, then score, so the next account is found at its
 * head rather than by scanning every account; cb_work_put() keeps the
 * index in step with the record.  doc/queue.md explains the order.
 */
#ifndef CB_WORK_H
#define CB_WORK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "date.h"
#include "model.h"
#include "store.h"
#include "user.h"

#define CB_WORK_DISPUTE 0x1 /* DSP: out until a supervisor resolves it */
#define CB_WORK_STOP 0x2    /* DEC, BK, CD: out for good */
#define CB_WORK_PLACED 0x4  /* placed with an agency by its strategy */
#define CB_WORK_REVIEW 0x8  /* waits for a write-off review */

/* A contact with the debtor, kept for the limits of its rule pack
 * (rules.h): when, by which channel (enum cb_channel) and, for a call, the
 * outcome (an index of cb_outcomes[]). */
struct cb_contact {
	time_t at;
	unsigned channel, code;
};

/* The contacts kept: the latest, of the last CB_CONTACT_DAYS days. */
#define CB_WORK_CONTACTS_MAX 16
#define CB_CONTACT_DAYS 60

/* The steps of its strategy that `outbox run` carried out (or passed
 * over) for the account's current oldest due date. */
#define CB_WORK_DONE_MAX 24

/* Tiers of the queue, first served first. */
enum cb_tier {
	CB_TIER_PINNED = 0,   /* a supervisor put it on top */
	CB_TIER_CALLBACK = 1, /* a callback is due */
	CB_TIER_PROMISE = 2,  /* a promise broken yesterday or due today */
	CB_TIER_STRATEGY = 3, /* a call step of its strategy is due */
	CB_TIER_REST = 4,     /* the rest, by expected recovery */
	CB_TIER_NONE = 9,     /* not in the queue */
};

struct cb_work {
	const char *portfolio, *debtor;
	unsigned flags;       /* CB_WORK_* */
	const char *stop;     /* the code that stopped it: "DEC" */
	const char *holder;   /* the agent holding it, or NULL */
	time_t lease_until;   /* the holder's lease ends */
	time_t last_attempt;  /* 0: never */
	cb_day attempt_day;   /* its day in the portfolio's zone, or NONE */
	time_t last_contact;  /* a conversation; 0: never */
	uint32_t attempts;
	bool pinned;
	const char *assigned; /* an agent a supervisor gave it to, or NULL */
	time_t callback_at;   /* a callback asked for; 0: none */
	const char *callback_agent; /* who is to make it */
	bool callback_anyone; /* any agent may, at once */
	cb_day promise_due;   /* the first pending promise's day, or NONE */
	cb_day broken_on;     /* the last day a promise was found broken */
	bool plan_waiting;    /* a payment plan waits for a supervisor */
	int phones;           /* the debtor's phones, and those not marked */
	int good_phones;      /* bad; both -1 until cb_work_put() counts them */
	time_t claimed_at;    /* when the holder claimed it */
	size_t ncontacts;     /* the latest contacts, oldest first */
	struct cb_contact contacts[CB_WORK_CONTACTS_MAX];
	/* Its strategy (strategy.h): the call step due and since when
	 * (CB_DAY_NONE: none, or it was attempted since), set by
	 * cb_work_put(); the other steps done for the due date cycle (each
	 * day * 8 + enum cb_step_kind); the agency it was placed with. */
	cb_day step_day;
	const char *step;
	cb_day cycle;
	size_t ndone;
	int32_t done[CB_WORK_DONE_MAX];
	const char *agency;
	/* Where it stands in the queue index; set by cb_work_put(). */
	enum cb_tier tier;
	int64_t score;
	/* The record as cb_work_get() read it (size 0: there was none),
	 * until the next write; cb_work_put() writes only what changed. */
	struct cb_val stored;
};

/* The queue's weights, stored in the database (meta "weight.*"). */
struct cb_weights {
	int segment_pct[3];   /* chance of payment by segment, percent */
	int age_pct[4];       /* urgency by days past due: <=30, <=90, <=180,
	                       * more (debts past 180 days go to agencies) */
	int recent_pct;       /* the score left after an attempt in the last day */
	int recent_hours;
	int lease_minutes;
	int promise_grace_days;     /* a promise may still be kept this late */
	int callback_grace_minutes; /* then anyone may make a callback */
	int plan_max_installments;  /* more waits for a supervisor */
	int plan_min_first_pct;     /* a smaller first installment waits too */
};

/* The built-in weights (doc/queue.md). */
void cb_weights_defaults(struct cb_weights *w);
/* The weights in the database: the defaults where none is stored. */
int cb_weights_get(struct cb_txn *txn, struct cb_weights *w);

/* Calls fn for every weight: its name ("weight.lease_minutes"), its value,
 * its default and what it means. */
int cb_weights_each(struct cb_txn *txn,
    int (*fn)(const char *name, int value, int fallback, const char *help,
    void *arg), void *arg);

/* Sets a weight (supervisors), logged as an event; the queue follows at the
 * next re-score.  CB_ERR_INPUT with *why for an unknown name or a value out
 * of its range. */
int cb_weight_set(struct cb_session *s, const char *name, int value,
    const char **why);

/* Notes a contact, dropping those beyond CB_WORK_CONTACTS_MAX or older
 * than CB_CONTACT_DAYS. */
void cb_work_add_contact(struct cb_work *w, time_t at, unsigned channel,
    unsigned code);

/* A work record never written: no flags, never attempted, nothing due. */
void cb_work_fresh(struct cb_work *w, const char *portfolio,
    const char *debtor);

/* Reads the work record of an account; a missing one reads as fresh
 * (no flags, never attempted). */
int cb_work_get(struct cb_txn *txn, const char *portfolio, const char *debtor,
    struct cb_work *out);

/*
 * Writes the work record and moves the account in the queue index (to its
 * tier and score as of now, or out of it when it is not to be called) and
 * in the index of callbacks.  The structure is read before anything is
 * written.
 */
int cb_work_put(struct cb_txn *txn, struct cb_work *w,
    const struct cb_account *a, const struct cb_weights *weights,
    cb_day today, time_t now);

/* True when an agent's lease on w is running at now. */
bool cb_work_held(const struct cb_work *w, time_t now);

/* Reviews the account's promises, ages its segment to today (the rest of
 * its figures change only with its documents, which settle them) and puts
 * it in its place in the queue.  Writes only what changed.  *lapsed (may
 * be NULL) tells whether an agent's lease on it ran out by now. */
int cb_work_refresh(struct cb_txn *txn, const char *portfolio,
    const char *debtor, cb_day today, time_t now, bool *lapsed);

/* Checks that the queue and callbacks indexes hold the account where its
 * work record says; counts what it found in *queued and *callbacks (added
 * to).  Returns CB_OK, or CB_ERR_CORRUPT with *why. */
int cb_work_verify(struct cb_txn *txn, const char *portfolio,
    const char *debtor, uint64_t *queued, uint64_t *callbacks,
    const char **why);

/* Splits a key of the callbacks index: its time and its account. */
int cb_callback_key_split(struct cb_val key, time_t *at, const char **portfolio,
    const char **debtor);

/* Why an account is not in the queue, or NULL when it is: a static English
 * sentence ("nothing owed", "in dispute"...). */
const char *cb_work_out_reason(const struct cb_work *w,
    const struct cb_account *a, cb_day today, time_t now);

/* The expected recovery of an account and its factors (for queue
 * --explain).  The score is in Chilean pesos' worth, whatever the
 * portfolio's currency, so that portfolios compare in one queue. */
struct cb_score_factors {
	int64_t balance;
	int segment_pct, age_pct, recent_pct;
	int dpd;
	int64_t score;
};
void cb_work_score(const struct cb_work *w, const struct cb_account *a,
    const char *currency, const struct cb_weights *weights, cb_day today,
    time_t now, struct cb_score_factors *out);

#endif
