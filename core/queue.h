/*
 * queue.h -- claiming the next account, releasing it, logging outcomes,
 * listing the queue and re-scoring it.
 *
 * A claim gives one account to one agent with a lease; while the lease
 * runs nobody else gets that debtor, in any portfolio.  A lease that runs
 * out lapses by itself: the next claim of the account logs the lapse.
 * Logging an outcome releases the account.  Each call is one short write
 * transaction, durable when it returns.
 */
#ifndef CB_QUEUE_H
#define CB_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "idcheck.h"
#include "model.h"
#include "rules.h"
#include "user.h"
#include "work.h"

/* An account named by portfolio and debtor id, copied out. */
struct cb_account_ref {
	char portfolio[CB_PORTFOLIO_MAX + 1];
	char debtor[CB_ID_MAX];
};

/*
 * Claims the next account for agent (NULL: the session's user; another
 * agent: supervisors only).  An agent who holds an account already gets it
 * again, its lease renewed.  Returns CB_OK with the account in *out,
 * CB_ERR_NOTHING when nothing is callable (*why says why), CB_ERR_PERM.
 */
int cb_queue_next(struct cb_session *s, const char *agent,
    struct cb_account_ref *out, const char **why);

/* Gives a claimed account back: its holder, or a supervisor.  Returns
 * CB_ERR_NOTHING when nobody holds it, CB_ERR_CONFLICT when another agent
 * does and the caller may not release it. */
int cb_queue_release(struct cb_session *s, const struct cb_account_ref *a);

/* The account the session's user holds (its lease running) and until
 * when (until may be NULL); CB_ERR_NOTHING when none. */
int cb_queue_held(struct cb_session *s, struct cb_account_ref *out,
    time_t *until);

/* The same within a transaction, for any agent (the board), with when
 * the agent claimed it (claimed may be NULL too). */
int cb_queue_holding(struct cb_txn *txn, const char *agent, time_t now,
    struct cb_account_ref *out, time_t *until, time_t *claimed);

/* Extends the lease on an account the session's user holds, from now by
 * the configured lease, as the agent works on it (the workstation calls
 * it on activity; `next` renews too).  *until (may be NULL) gets the new
 * end.  Returns CB_ERR_NOTHING when the caller holds it no longer
 * (released, or the lease lapsed: a log still works while nobody else
 * has taken it), CB_ERR_CONFLICT when another agent holds it. */
int cb_queue_renew(struct cb_session *s, const struct cb_account_ref *a,
    time_t *until);

/* What a supervisor does to an account (each an event). */
enum cb_supervise {
	CB_SUPERVISE_PIN,      /* to the top of every queue */
	CB_SUPERVISE_UNPIN,
	CB_SUPERVISE_ASSIGN,   /* only this agent gets it (login; NULL: anyone) */
	CB_SUPERVISE_RESOLVE,  /* the dispute is over: back in the queue */
	CB_SUPERVISE_APPROVE,  /* the plan waiting is approved */
	CB_SUPERVISE_REFUSE,   /* the plan waiting is refused */
};

/* Does it (supervisors and admins).  Returns CB_ERR_NOTHING when there is
 * nothing to do (no dispute, no plan waiting), CB_ERR_INPUT for an unknown
 * agent. */
int cb_queue_supervise(struct cb_session *s, const struct cb_account_ref *a,
    enum cb_supervise what, const char *agent);

/* An outcome to log, as the agent gives it (text is parsed in core). */
struct cb_log_request {
	const char *code;   /* outcome.h */
	const char *amount; /* PTP, PLAN */
	const char *date;   /* PTP, PLAN: YYYY-MM-DD or DD-MM-YYYY */
	const char *at;     /* CB: an ISO 8601 time */
	bool for_anyone;    /* CB: any agent may take it */
	int installments;   /* PLAN: how many (2 or more) */
	int every_days;     /* PLAN: days between them (0: 30) */
	const char *phone;  /* the number called (WN, DC mark it bad) */
	const char *note;
	/* The call script read (script.h): "early-es" or "early-es:2", the
	 * steps taken ("identify>disclose>promise"; NULL: its first step
	 * only) and the answers given ("amount=150000"). */
	const char *script;
	const char *path;
	const char *const *answers;
	size_t nanswers;
};

/*
 * Logs an outcome on an account the caller holds, or on one nobody holds
 * (claimed, logged and released in one step), and releases it.  Returns
 * CB_OK once the outcome is on disk; CB_ERR_INPUT with *why for a bad
 * request; CB_ERR_CONFLICT when another agent holds the account;
 * CB_ERR_PERM with *why when the debtor's rule pack forbids the call
 * (cb_queue_contact() says why and until when).
 */
int cb_queue_log(struct cb_session *s, const struct cb_account_ref *a,
    const struct cb_log_request *req, const char **why);

/* What the debtor's rule pack says about calling an account now (anyone
 * who may view accounts). */
int cb_queue_contact(struct cb_session *s, const struct cb_account_ref *a,
    struct cb_contact_check *out);

/* One account of the queue as queue listings show it. */
struct cb_queue_entry {
	unsigned rank;          /* 1 for the next account; 0 when not callable */
	const char *portfolio, *debtor, *name, *currency;
	int64_t balance;
	enum cb_tier tier;
	struct cb_score_factors factors;
	const char *reason;     /* why it is not callable for the agent, or NULL */
	const struct cb_contact_check *contact; /* when its rule pack forbids a
	                                         * call now: why and until when */
	const char *holder;
	time_t lease_until;
};

/*
 * Lists the queue as agent (NULL: the session's user) would get it, best
 * first, at most limit entries (0: all).  With all, accounts that are not
 * callable follow, each with its reason.
 */
int cb_queue_list(struct cb_session *s, const char *agent, bool all,
    size_t limit, int (*fn)(const struct cb_queue_entry *e, void *arg),
    void *arg);

/*
 * Recomputes every account as of now: balances and segments, then its place
 * in the queue; logs leases that lapsed.  Runs in short transactions (see
 * cb_accounts_batched()), so that agents can claim meanwhile.  Supervisors.
 */
int cb_rescore(struct cb_session *s,
    void (*progress)(uint64_t done, uint64_t total, void *arg), void *arg);

/*
 * Calls fn for every account, in key order, in write transactions of at
 * most 500 accounts and about 2 ms of work each, so that an agent waiting
 * to claim waits little.  fn(txn,
 * NULL, arg) starts each transaction, which may run again from its start
 * when the map grows; end(txn, arg) (may be NULL) closes it before it is
 * committed; progress(done, total, parg) follows each commit.
 */
int cb_accounts_batched(struct cb_session *s,
    int (*fn)(struct cb_txn *txn, const struct cb_account_ref *a, void *arg),
    int (*end)(struct cb_txn *txn, void *arg), void *arg,
    void (*progress)(uint64_t done, uint64_t total, void *arg), void *parg);

#endif
