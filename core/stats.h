/*
 * stats.h -- the supervisors' figures of the collection work: the promises
 * made in a period and what became of them, what each agent did each day,
 * and the events themselves.
 *
 * Each call is for supervisors and admins (cb_may(CB_DO_REPORT), else
 * CB_ERR_PERM), reads one snapshot (one read transaction) and gives its
 * rows to a callback; a non-zero result of the callback stops the report
 * and is returned.  Row text lives until the callback returns.  The
 * promises and agents reports gather their rows in memory and give them
 * once the transaction has ended; the activity gives each event as it
 * reads it, inside the transaction, so its callback must not wait.
 *
 * A period is two civil days, both inclusive.  The day of an event or of a
 * promise is its day in the time zone of its account's portfolio
 * (cb_tz_today()); an event about no account has its UTC day.  So a call
 * logged at 22:30 in Santiago on the 2nd (01:30 UTC on the 3rd) is of the
 * 2nd.
 *
 * The event log is read from the first event of the period, found by a
 * binary search (cb_event_first_at()), to its end: this relies on events
 * being appended in time order, which holds in production.  Events
 * stamped out of order (an admin's --now, the demo's generated history)
 * may be missed.
 */
#ifndef CB_STATS_H
#define CB_STATS_H

#include <stdint.h>
#include <time.h>

#include "date.h"
#include "event.h"
#include "model.h"
#include "user.h"

/*
 * Sets the ends of a period that are CB_DAY_NONE: *from to the first day
 * of the month of now, *to to the day of now, both in UTC.  Returns
 * CB_ERR_INPUT when *from is later than *to.
 */
int cb_stats_period(time_t now, cb_day *from, cb_day *to);

/* ---- Promises made ----------------------------------------------------- */

/* How promises are grouped. */
enum cb_stats_by {
	CB_STATS_BY_AGENT, /* the agent who took the promise */
	CB_STATS_BY_DAY,   /* the day it was made */
	CB_STATS_BY_WEEK,  /* the week (Monday to Sunday) it was made */
	CB_STATS_BY_MONTH, /* the month it was made */
};

/* "agent", "day", "week", "month"; parse returns CB_ERR_INPUT. */
const char *cb_stats_by_name(enum cb_stats_by by);
int cb_stats_by_parse(const char *text, enum cb_stats_by *out);

struct cb_stats_promises_options {
	cb_day from, to;     /* the days made (CB_DAY_NONE: cb_stats_period()) */
	const char *agent;   /* only the promises this login took; NULL: all */
	enum cb_stats_by by;
};

/* A number of promises and their amount, in the currency's minor unit. */
struct cb_stats_tally {
	uint64_t count;
	int64_t amount;
};

struct cb_stats_promises_row {
	/* The group: the agent's login; the day made ("2026-03-02"); the
	 * Monday of the week made ("2026-03-02"); or the month ("2026-03"). */
	const char *group;
	cb_day start;         /* by day, week, month: its first day */
	const char *currency; /* of the portfolio, ISO 4217 */
	/* made = kept + broken + pending + refused, each by its status now
	 * (as the last review of the account's promises found it): pending
	 * holds the installments of a plan that waits for a supervisor too;
	 * refused, those of a plan a supervisor refused. */
	struct cb_stats_tally made, kept, broken, pending, refused;
	/* kept / (kept + broken), in tenths of a percent rounded half up
	 * (500 is 50.0%); -1 when kept + broken is 0. */
	int kept_rate;
};

/*
 * The promises (each PTP, and each installment of a plan) made in the
 * period, by the stored promise records (promise.h): one row per group and
 * currency that has any, groups in order (logins by byte order, periods
 * from the earliest), then currencies by code.
 */
int cb_stats_promises(struct cb_session *s,
    const struct cb_stats_promises_options *opt,
    int (*fn)(const struct cb_stats_promises_row *row, void *arg), void *arg);

/* ---- What each agent did each day ------------------------------------- */

struct cb_stats_agents_options {
	cb_day from, to;   /* CB_DAY_NONE: cb_stats_period() */
	const char *agent; /* only this login; NULL: everyone */
};

/*
 * One agent's day on the accounts of one currency.  An agent who worked
 * accounts of two currencies on a day has two rows for it; the counts of
 * those rows add up to the agent's day.
 */
struct cb_stats_agent_day {
	const char *agent;
	cb_day day;
	const char *currency;
	/* Outcome events the agent logged: every one (attempts), those whose
	 * code is a conversation (contacts: right-party contacts), those
	 * whose code is PTP or PLAN (promises; a plan counts once) and the
	 * sum of their "amount" (promised: a plan's whole amount). */
	uint64_t attempts, contacts, promises;
	int64_t promised;
	/* The amounts of the agent's promises that the system found kept
	 * that day (promise_kept events): each promise's own amount, which is
	 * what the payments that kept it gave to it. */
	int64_t collected;
	/* Seconds from the agent's first claim or outcome of the day to the
	 * last, on accounts of any currency, at least 60; 0 when the agent
	 * claimed and logged nothing that day (a row of collected only). */
	int64_t worked;
	/* contacts per hour worked, in tenths rounded half up; -1 when
	 * worked is 0. */
	int contacts_per_hour;
};

/*
 * Every agent's days in the period, by agent (byte order), day, then
 * currency.  A claim counts for the agent it gave the account to (its
 * "agent"); an outcome for the user who logged it; a promise kept for the
 * agent who took the promise.
 */
int cb_stats_agents(struct cb_session *s,
    const struct cb_stats_agents_options *opt,
    int (*fn)(const struct cb_stats_agent_day *row, void *arg), void *arg);

/* ---- The events ------------------------------------------------------- */

struct cb_stats_activity_options {
	cb_day from, to;       /* CB_DAY_NONE: cb_stats_period() */
	const char *agent;     /* only the events of this user; NULL: all */
	/* Only the events of this account (read from its own index), or
	 * both NULL. */
	const char *portfolio, *debtor;
	/* Only these kinds, comma-separated ("claim,outcome"); NULL or "":
	 * every kind. */
	const char *kinds;
};

/* The events of the period that pass the filters, oldest first. */
int cb_stats_activity(struct cb_session *s,
    const struct cb_stats_activity_options *opt,
    int (*fn)(const struct cb_event *ev, void *arg), void *arg);

#endif
