/*
 * kpi.h -- the key figures of collection over a period, per portfolio.
 *
 * For each portfolio (in code order, or the one asked for) and a period of
 * whole days [from, to] in the portfolio's time zone, the report gives the
 * receivables' figures (DSO, best possible DSO, the collection
 * effectiveness index, roll rates between aging buckets) and the calls'
 * (right-party-contact rate, promise rate, promise-kept rate), with the
 * amounts and counts they come from.  doc/reports.md writes every formula
 * out; in short:
 *
 *   credit sales S  = invoices and debit notes issued in the period, less
 *                     the credit notes issued in it (a document without an
 *                     issue date counts on its due date)
 *   receivables     = the balance as the aging as of a day has it: open
 *                     debits less unapplied credits; B as of from - 1,
 *                     E as of to, Ec the "current" bucket of E
 *   DSO             = E / S x days;  best DSO = Ec / S x days  (S > 0)
 *   CEI             = (B + S - E) / (B + S - Ec) x 100  (denominator > 0)
 *   RPC rate        = conversations / outcomes x 100
 *   promise rate    = promises (PTP, PLAN) / conversations x 100
 *   kept rate       = kept / (kept + broken) x 100, over the promises due
 *                     in the period
 *   roll rate of b  = of each debit open in bucket b as of from - 1, what
 *                     is open of it as of to if it is then in a later
 *                     bucket (at most what it was), over the first sum
 *
 * Outcomes count when logged in the period; promises by their statuses
 * as stored when the report runs.  Every figure of the report is read in
 * one read transaction; the receivables of a past day are those of
 * cb_ledger_open_on(), as `report aging --as-of` has them.
 */
#ifndef CB_KPI_H
#define CB_KPI_H

#include <stdbool.h>
#include <stdint.h>

#include "aging.h"
#include "date.h"
#include "model.h"
#include "user.h"

/* A figure that cannot be worked out (its denominator is zero or less). */
#define CB_KPI_NONE INT64_MIN

/* The rolls: one per bucket but the last. */
#define CB_KPI_ROLLS_MAX (CB_AGING_BOUNDS_MAX + 1)

struct cb_kpi_options {
	/* The first and last day of the period, both included.  CB_DAY_NONE:
	 * to is each portfolio's today, from the first day of to's month. */
	cb_day from, to;
	const char *portfolio;         /* only this one, or NULL */
	struct cb_aging_options aging; /* its buckets only: bounds, nbounds */
};

/* Sets the defaults: this month to today, every portfolio, the aging's
 * buckets (30, 60, 90). */
void cb_kpi_defaults(struct cb_kpi_options *opt);

struct cb_kpi_roll {
	int64_t start;  /* open in the bucket as of from - 1 */
	int64_t rolled; /* of it, open in a later bucket as of to */
	int64_t rate;   /* rolled / start, percent x 10; CB_KPI_NONE */
};

/* One portfolio's figures.  Amounts are in the currency's minor unit;
 * rates are percent x 10 and days x 10 (54.8% is 548), rounded half away
 * from zero, or CB_KPI_NONE. */
struct cb_kpi_row {
	char portfolio[CB_PORTFOLIO_MAX + 1];
	char currency[8];
	cb_day from, to;
	int days; /* to - from + 1 */

	int64_t sales;               /* S */
	int64_t receivables_begin;   /* B: as of from - 1 */
	int64_t receivables_end;     /* E: as of to */
	int64_t receivables_current; /* Ec: E's current bucket */
	int64_t dso, best_dso;       /* days x 10 */
	int64_t cei;                 /* percent x 10 */

	uint64_t outcomes;      /* outcome events logged in the period */
	uint64_t conversations; /* of them, codes of kind conversation */
	uint64_t promises;      /* of them, PTP and PLAN */
	uint64_t kept, broken;  /* promises due in the period */
	int64_t rpc_rate, promise_rate, kept_rate; /* percent x 10 */

	int nrolls; /* nbounds + 1 */
	struct cb_kpi_roll roll[CB_KPI_ROLLS_MAX];
};

/*
 * Works out the figures of every portfolio (or opt->portfolio) in one read
 * transaction, then calls fn with each row, in code order, after the
 * transaction has ended; a non-zero result of fn stops and is returned.
 * Supervisors and admins (CB_DO_REPORT), else CB_ERR_PERM.  Returns
 * CB_ERR_NOTFOUND when opt->portfolio does not exist, CB_ERR_INPUT when a
 * portfolio's period would end before it begins (from after to).
 */
int cb_kpi(struct cb_session *s, const struct cb_kpi_options *opt,
    int (*fn)(const struct cb_kpi_row *row, void *arg), void *arg);

/* value / den x scale, rounded half away from zero; CB_KPI_NONE when den
 * is zero or less.  The report's one rounding, for those who check it. */
int64_t cb_kpi_ratio(int64_t value, int64_t den, int64_t scale);

#endif
