/*
 * desk.h -- the agent's day, as the workstation's home screen shows it:
 * the callbacks the agent has to make today, the promises that fall due
 * (or broke) on the agent's accounts, what the agent has done today, and
 * how much of the queue the agent may call now.
 *
 * cb_desk_load() copies it all out in short read transactions (no
 * transaction outlives it).  "Today" is the agent's day in the zone of the
 * first portfolio the agent works.
 */
#ifndef CB_DESK_H
#define CB_DESK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "idcheck.h"
#include "model.h"
#include "promise.h"
#include "user.h"

#define CB_DESK_ITEMS 50     /* callbacks and promises listed, each */
/* Accounts counted as callable: enough to tell an agent there is work,
 * few enough that home opens at once (each is checked as a claim would). */
#define CB_DESK_CALLABLE 100

/* One account on the desk. */
struct cb_desk_item {
	char portfolio[CB_PORTFOLIO_MAX + 1];
	char debtor[CB_ID_MAX];
	char name[128];      /* the debtor's, cut at a character boundary */
	char currency[8];
	time_t at;           /* callbacks: when */
	bool anyone;         /* callbacks: any agent may make it */
	cb_day due;          /* promises: the day; callbacks: CB_DAY_NONE */
	int64_t amount;      /* promises: the amount; callbacks: the balance */
	enum cb_promise_status status; /* promises: pending or broken */
};

/* What the agent did today (from the event log, the agent's own events). */
struct cb_desk_counts {
	unsigned claims;        /* accounts taken */
	unsigned outcomes;      /* outcomes logged */
	unsigned conversations; /* of them, right-party contacts */
	unsigned promises;      /* PTP and PLAN */
	unsigned callbacks;     /* CB */
	/* The amounts promised, by currency (the first few currencies). */
	size_t ncurrencies;
	struct {
		char currency[8];
		int64_t amount;
	} promised[4];
};

struct cb_desk {
	time_t day_start, day_end; /* today: [start, end) */
	/* Callbacks due today for the agent (its own, and those for
	 * anyone), earliest first; overdue ones included. */
	size_t ncallbacks;
	struct cb_desk_item callbacks[CB_DESK_ITEMS];
	/* Pending promises due today or earlier and promises broken today,
	 * made by the agent, earliest first. */
	size_t npromises;
	struct cb_desk_item promises[CB_DESK_ITEMS];
	struct cb_desk_counts today;
	/* Accounts the agent may claim now, counted up to CB_DESK_CALLABLE
	 * (callable_more: there are more), and what the agent holds. */
	unsigned callable;
	bool callable_more;
	bool holding;
	char held_portfolio[CB_PORTFOLIO_MAX + 1];
	char held_debtor[CB_ID_MAX];
};

/* Reads the desk of the session's user at the session's now.  Returns
 * CB_OK, CB_ERR_PERM, or an error of the store (*out is then zeroed). */
int cb_desk_load(struct cb_session *s, struct cb_desk *out);

#endif
