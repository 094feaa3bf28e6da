/*
 * demo.h -- a realistic generated portfolio to try cobrador on.
 *
 * Chilean and Peruvian debtors with valid ids, Spanish names with accents,
 * people and companies, phones and e-mails; invoices over the two years
 * before today in every aging bucket, payments (full, partial, late), credit
 * notes, a history of calls and promises; and users: the caller as admin,
 * a supervisor and four agents.  The same seed and the same day give the
 * same portfolio.
 */
#ifndef CB_DEMO_H
#define CB_DEMO_H

#include <stdint.h>
#include <time.h>

#include "store.h"

struct cb_demo_options {
	uint32_t accounts; /* debtors to make, each with one account */
	uint64_t seed;
	time_t now;        /* "today" for the invoices' dates */
	const char *admin; /* the caller's login */
	void (*progress)(uint64_t done, uint64_t total, void *arg);
	void *progress_arg;
};

/* When the demo's story begins: its users are made then, before the two
 * years of invoices, payments and calls, so that the log runs in time
 * order up to now. */
time_t cb_demo_start(time_t now);

/* Fills a new, empty database (with its first admin already made, at
 * cb_demo_start()). */
int cb_demo_fill(struct cb_store *store, const struct cb_demo_options *opt);

#endif
