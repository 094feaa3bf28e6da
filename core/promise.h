/*
 * promise.h -- promises to pay, kept or broken by the payments that come.
 *
 * A promise (PTP, or each installment of a plan) is an amount by a day.  It
 * is kept when the payments dated from the day it was made to its day, plus
 * the configured grace, add up to its amount; earlier promises of the
 * account take the payments first.  It is broken when that day has passed
 * without them.  Both are events logged by the system.
 */
#ifndef CB_PROMISE_H
#define CB_PROMISE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "date.h"
#include "store.h"

enum cb_promise_status {
	CB_PROMISE_PENDING = 0,
	CB_PROMISE_KEPT = 1,
	CB_PROMISE_BROKEN = 2,
	CB_PROMISE_WAITING = 3, /* an installment of a plan not yet approved */
	CB_PROMISE_REFUSED = 4, /* an installment of a plan a supervisor refused */
};

struct cb_promise {
	const char *portfolio, *debtor;
	uint64_t id;       /* the sequence number of the event that made it */
	int64_t amount;
	cb_day due;
	time_t made;
	const char *agent;
	uint64_t plan;     /* the plan it is an installment of, or 0 */
	enum cb_promise_status status;
	cb_day settled;    /* kept: the day of the payment that completed it;
	                    * broken: the day it was found broken */
};

/* "pending", "kept", "broken", "waiting". */
const char *cb_promise_status_name(enum cb_promise_status s);

int cb_promise_put(struct cb_txn *txn, const struct cb_promise *p);

/* Calls fn for each promise of an account, oldest first. */
int cb_promise_each(struct cb_txn *txn, const char *portfolio,
    const char *debtor, int (*fn)(const struct cb_promise *p, void *arg),
    void *arg);

/* What the queue needs to know of an account's promises. */
struct cb_promise_state {
	cb_day next_due;  /* the first pending promise's day, or CB_DAY_NONE */
	cb_day broken_on; /* the last day a promise was found broken, or NONE */
	bool plan_waiting; /* a plan waits for a supervisor's approval */
};

/* Approves (to pending) or refuses the installments of the account's plan
 * that wait for a supervisor; returns the plan's id in *plan, or
 * CB_ERR_NOTHING when no plan waits. */
int cb_promise_decide_plan(struct cb_txn *txn, const char *portfolio,
    const char *debtor, bool approve, uint64_t *plan);

/*
 * Marks the account's pending promises kept or broken as of today, logging
 * each change as an event by user at now, and tells what remains.
 * grace_days: how long after its day a promise may still be kept.
 */
int cb_promise_review(struct cb_txn *txn, const char *portfolio,
    const char *debtor, cb_day today, int grace_days, const char *user,
    time_t now, struct cb_promise_state *out);

#endif
