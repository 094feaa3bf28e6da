/*
 * aging.h -- the aging of receivables: what is owed, by days past due.
 *
 * Open documents fall into buckets by days past due (DPD = as-of date -
 * due date, in the portfolio's time zone): "current" (not yet due, or due
 * today), then one bucket per bound ("1-30", "31-60", "61-90") and the
 * rest ("91+").  Unapplied credits (a payment or credit note that no open
 * invoice took) count in "current" as negative amounts, so that the
 * buckets add up to the balance.
 */
#ifndef CB_AGING_H
#define CB_AGING_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "user.h"

#define CB_AGING_BOUNDS_MAX 8

struct cb_aging_options {
	/* CB_DAY_NONE: each portfolio's today, from the stored allocation.
	 * A day: the receivables as they stood that day, from the documents
	 * dated by then (slower: every account is allocated again). */
	cb_day as_of;
	int bounds[CB_AGING_BOUNDS_MAX]; /* ascending: 30, 60, 90 */
	int nbounds;
	bool by_debtor;        /* one row per debtor and bucket */
	bool by_segment;       /* one row per segment (its account's now) and
	                        * bucket in each portfolio */
	const char *portfolio; /* only this one, or NULL */
};

/* Sets the default buckets (30, 60, 90), all portfolios, today. */
void cb_aging_defaults(struct cb_aging_options *opt);

/* Reads "30,60,90": ascending whole numbers of days, at most
 * CB_AGING_BOUNDS_MAX.  Returns CB_OK or CB_ERR_INPUT. */
int cb_aging_parse_bounds(const char *text, struct cb_aging_options *opt);

/* Writes the name of bucket b (0 = "current") to buf. */
void cb_aging_bucket_name(const struct cb_aging_options *opt, int bucket,
    char *buf, size_t size);

/* The bucket (0 = "current" .. nbounds + 1) of a debit days_late days past
 * due (as-of day - due date; 0 or less: not yet due), so that other
 * reports (kpi.h) bucket documents exactly as the aging does. */
int cb_aging_bucket(const struct cb_aging_options *opt, int days_late);

struct cb_aging_row {
	const char *portfolio, *currency;
	const char *debtor, *name; /* by debtor only */
	const char *segment;       /* by segment only: "cumplidor"... */
	int bucket;                /* 0 .. nbounds + 1 */
	uint64_t documents;        /* open documents */
	int64_t amount;            /* in the currency's minor unit */
};

/*
 * Calls fn for every row of the report: per portfolio (in code order) every
 * bucket, even when empty; by segment, every bucket of each segment in
 * each portfolio (cumplidor, parcial, moroso), even when empty; by debtor,
 * every bucket of each account that has open documents.  The row's text lives until fn returns.  A non-zero
 * result of fn stops the report and is returned.
 */
int cb_aging(struct cb_session *s, const struct cb_aging_options *opt,
    int (*fn)(const struct cb_aging_row *row, void *arg), void *arg);

#endif
