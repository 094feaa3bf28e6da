/*
 * strategy.h -- a collection strategy (protocolo de actuaciones): what
 * happens to an account on which day relative to its due date.
 *
 * A strategy is a text file (doc/strategies.md): for each segment, steps
 * by day ("day -5 call courtesy min 500000", "day 10 letter firm", "day 60
 * place Agencia Norte", "day 120 review"), and the templates of its letters
 * and e-mails.  The day counts from the due date of the account's oldest
 * open invoice: -5 is five days before it, 1 the day after.
 *
 * Call steps feed the queue's strategy tier (work.c); letters, e-mails,
 * placements and write-off reviews are carried out by `outbox run`
 * (outbox.h).
 */
#ifndef CB_STRATEGY_H
#define CB_STRATEGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "money.h"
#include "pack.h"
#include "script.h"

#define CB_STRATEGY_STEPS_MAX 24    /* per segment */
#define CB_STRATEGY_TEMPLATES_MAX 48

enum cb_step_kind {
	CB_STEP_CALL,   /* a call: the account rises to the strategy tier */
	CB_STEP_LETTER, /* a letter from a template, into the outbox */
	CB_STEP_EMAIL,  /* an e-mail from a template, into the outbox */
	CB_STEP_PLACE,  /* placement with an agency: out of the queue */
	CB_STEP_REVIEW, /* a write-off review: out of the queue */
};

/* "call", "letter", "email", "place", "review". */
const char *cb_step_kind_name(enum cb_step_kind kind);

struct cb_strategy_step {
	int day;            /* relative to the oldest open invoice's due date */
	enum cb_step_kind kind;
	const char *name;   /* call: its stage ("courtesy"); letter, email:
	                     * the template; place: the agency ("" if none) */
	int64_t min_units;  /* call: only when the balance is at least this
	                     * many whole units of the currency; 0: always */
	unsigned line;
};

struct cb_template {
	const char *name;
	enum cb_channel channel; /* CB_CHANNEL_LETTER or CB_CHANNEL_EMAIL */
	char language[3];
	const char *subject;     /* e-mail; NULL for a letter */
	const char *body;        /* lines joined by '\n', ending with one */
	unsigned line;
};

struct cb_strategy {
	char id[CB_SCRIPT_ID_MAX + 1];
	const char *name;
	const char *portfolios; /* "retail pymes", or NULL for any */
	char language[3];       /* of its messages; "" : by the debtor's
	                         * country (cb_language_of_country) */
	size_t nsteps[3];       /* per enum cb_segment, in day order */
	struct cb_strategy_step steps[3][CB_STRATEGY_STEPS_MAX];
	size_t ntemplates;
	struct cb_template templates[CB_STRATEGY_TEMPLATES_MAX];
	char *pool;
};

/* Parses and checks a strategy (unknown templates and variables, steps
 * out of day order...); on success *out is freed with cb_strategy_free().
 * CB_ERR_INPUT with "NAME:LINE: what" in why. */
int cb_strategy_parse(const char *text, size_t size, const char *name,
    struct cb_strategy **out, char *why, size_t why_size);
void cb_strategy_free(struct cb_strategy **st);

/* True when the strategy is for the portfolio (by name, or for any). */
bool cb_strategy_covers(const struct cb_strategy *st, const char *portfolio);

/* The call step an account has reached: the last call step of its
 * segment whose day has come (dpd >= day) and whose minimum the balance
 * meets; NULL when none has. */
const struct cb_strategy_step *cb_strategy_call(const struct cb_strategy *st,
    enum cb_segment segment, int dpd, int64_t balance,
    const struct cb_currency *cur);

/* The template name for channel in language, else in any language; NULL
 * when there is none. */
const struct cb_template *cb_strategy_template(const struct cb_strategy *st,
    const char *name, enum cb_channel channel, const char *language);

/* The language letters to a debtor of country are written in: "es" for
 * the Spanish-speaking countries, else "en". */
const char *cb_language_of_country(const char *country);

#endif
