/*
 * outcome.h -- the outcome codes of a call (DESIGN.md section 6).
 *
 * The codes and their meanings are fixed; their labels are translated by
 * the program.  Each code is a conversation (the right person was reached),
 * an attempt (nobody, or somebody else, was), either (a callback), or a stop
 * that takes the account out of the queue for good.
 */
#ifndef CB_OUTCOME_H
#define CB_OUTCOME_H

#include <stdbool.h>

enum cb_outcome_kind {
	CB_OUTCOME_CONVERSATION,
	CB_OUTCOME_ATTEMPT,
	CB_OUTCOME_EITHER,
	CB_OUTCOME_STOP,
};

struct cb_outcome {
	const char *code;  /* "PTP" */
	enum cb_outcome_kind kind;
	const char *label; /* English; the program translates it */
	bool needs_amount; /* PTP, PLAN: --amount */
	bool needs_date;   /* PTP, PLAN: --date */
	bool needs_time;   /* CB: --at */
	bool bad_phone;    /* WN, DC: the phone called is marked bad */
	bool dispute;      /* DSP: out of the queue until resolved */
	int follow_up;     /* PAID: business days until anyone checks it */
};

/* Finds a code, ignoring case; NULL when there is no such code. */
const struct cb_outcome *cb_outcome_find(const char *code);

/* The codes in the order of DESIGN.md, ending with a NULL code. */
extern const struct cb_outcome cb_outcomes[];

#endif
