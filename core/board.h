/*
 * board.h -- the supervisors' live board: every agent's state (away, idle,
 * on an account and which, in wrap-up), for how long, what each did today,
 * and the queue: accounts in it by tier and by aging bucket, leases
 * running, callbacks due within the hour.
 *
 * The workstation tells core what its user is doing (cb_presence_set) as
 * it changes and once a minute while it runs; an agent not heard from for
 * CB_PRESENCE_STALE seconds is away.  cb_board_load() copies the board out
 * in one short read transaction.
 */
#ifndef CB_BOARD_H
#define CB_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "queue.h"
#include "user.h"
#include "work.h"

#define CB_PRESENCE_STALE 180 /* seconds without news: away */
#define CB_BOARD_AGENTS 64    /* agents on the board, by login */
#define CB_BOARD_BUCKETS 5    /* current, 1-30, 31-60, 61-90, 91+ */

enum cb_agent_state {
	CB_AGENT_AWAY,    /* not in the workstation (or not heard from) */
	CB_AGENT_IDLE,    /* in the workstation, on no account */
	CB_AGENT_ACCOUNT, /* on an account */
	CB_AGENT_WRAP_UP, /* logging an outcome: a form over the account */
};

/* "away", "idle", "on account", "wrap-up" (English; translate to show). */
const char *cb_agent_state_name(enum cb_agent_state state);

/* Records what the session's user is doing now.  The same state again
 * keeps its start and only says the user is still there. */
int cb_presence_set(struct cb_session *s, enum cb_agent_state state);

struct cb_board_agent {
	char login[CB_LOGIN_MAX + 1];
	char name[64];
	enum cb_agent_state state;
	time_t since;              /* in that state since; 0: never seen */
	bool holding;              /* an account's lease runs for the agent */
	struct cb_account_ref held;
	time_t lease_until;
	unsigned outcomes;         /* logged today (the agent's day in UTC) */
	unsigned promises;         /* PTP and PLAN among them */
	char currency[8];          /* promised today, in the first currency */
	int64_t promised;          /* promised in it */
	bool more_currencies;      /* promises in other currencies too */
};

struct cb_board {
	time_t at;                 /* the session's now */
	size_t nagents;
	struct cb_board_agent agents[CB_BOARD_AGENTS];
	/* The accounts in the queue and held by nobody. */
	uint64_t queued;
	uint64_t by_tier[CB_TIER_REST + 1];
	uint64_t by_bucket[CB_BOARD_BUCKETS];
	uint64_t held;             /* accounts under a running lease */
	uint64_t callbacks_late;   /* callbacks whose time has passed */
	uint64_t callbacks_hour;   /* callbacks due within the next hour */
};

/* Reads the board (supervisors and admins: CB_ERR_PERM otherwise).  The
 * agents are the active users whose role is agent, and every other user
 * seen in the workstation. */
int cb_board_load(struct cb_session *s, struct cb_board *out);

#endif
