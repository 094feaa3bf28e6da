/*
 * card.h -- an account as the workstation shows it (the "ficha"): the
 * debtor, the balance and its aging, the documents, the phones, the
 * promises, the latest history, what the rule pack says about calling now
 * and the call script chosen for it.
 *
 * cb_card_load() copies all of it out of the database in one short read
 * transaction, so that nothing is held while the agent reads the screen.
 * Every text is the card's own copy (UTF-8 as stored, not yet escaped).
 */
#ifndef CB_CARD_H
#define CB_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "aging.h"
#include "lines.h"
#include "model.h"
#include "promise.h"
#include "queue.h"
#include "rules.h"
#include "script.h"
#include "work.h"

#define CB_CARD_HISTORY 40 /* the latest events kept, newest first */
#define CB_CARD_BUCKETS 5  /* current, 1-30, 31-60, 61-90, 91+ */

struct cb_card_document {
	const char *id;
	enum cb_doc_type type;
	cb_day due;
	int64_t amount;   /* credit notes negative */
	int64_t open;     /* what is still open (credit notes: unapplied, < 0) */
	int days_late;    /* 0 when not due or settled */
};

struct cb_card_promise {
	cb_day due;
	int64_t amount;
	enum cb_promise_status status;
	const char *agent;
	bool plan;        /* an installment of a plan */
};

struct cb_card_event {
	time_t time;
	const char *user, *kind;
	const char *details; /* cb_event_details() */
};

struct cb_card {
	struct cb_account_ref ref;
	/* The debtor. */
	const char *name, *country, *timezone, *email, *address, *city;
	size_t nphones;
	struct cb_phone phones[CB_PHONES_MAX];
	/* The portfolio. */
	const char *portfolio_name, *currency;
	/* The account's figures, as of the portfolio's today. */
	cb_day today;
	enum cb_segment segment;
	int64_t balance;
	cb_day oldest_due;          /* CB_DAY_NONE when nothing is open */
	const char *oldest_invoice; /* the oldest open debit, or NULL */
	int oldest_days_late;
	int64_t aging[CB_CARD_BUCKETS]; /* open amounts by the default buckets */
	/* Open documents first (oldest due first), then the settled ones. */
	size_t ndocuments;
	struct cb_card_document *documents;
	/* Promises, newest first. */
	size_t npromises;
	struct cb_card_promise *promises;
	/* The latest events, newest first (at most CB_CARD_HISTORY). */
	size_t nhistory;
	struct cb_card_event history[CB_CARD_HISTORY];
	/* Who holds it, and until when (NULL, 0: nobody). */
	const char *holder;
	time_t lease_until;
	/* Why it is out of the queue (cb_work_out_reason), or NULL. */
	const char *out_reason;
	/* The rule pack's word on a call now, in the debtor's zone. */
	struct cb_contact_check calls;
	/* The call script for the account in the session user's language
	 * (NULL when no script takes it) and what its variables show. */
	struct cb_script *script;
	int script_version;
	struct cb_script_facts facts;
	/* Owns the texts above. */
	struct cb_pool pool;
};

/*
 * Reads the card of an account for the session's user (who must be allowed
 * to view it); language ("es", "en") chooses the script.  Returns CB_OK
 * with a card to free with cb_card_free(), CB_ERR_NOTFOUND, CB_ERR_PERM,
 * CB_ERR_NOMEM.
 */
int cb_card_load(struct cb_session *s, const struct cb_account_ref *a,
    const char *language, struct cb_card **out);

void cb_card_free(struct cb_card **c);

#endif
