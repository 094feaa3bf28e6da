/*
 * search.h -- finding the account of a debtor who calls in.
 *
 * Text is matched against debtor ids (any written form), names (every word
 * given must begin a word of the name, accents and case ignored), phone
 * numbers (with or without the country code) and invoice numbers.
 */
#ifndef CB_SEARCH_H
#define CB_SEARCH_H

#include <stdint.h>

#include "date.h"
#include "user.h"

#define CB_SEARCH_LIMIT 100

/* One account found; text lives until fn returns. */
struct cb_search_hit {
	const char *portfolio, *debtor, *name, *currency;
	int64_t balance;
	cb_day oldest_due; /* CB_DAY_NONE when nothing is open */
	const char *why;   /* "id", "name", "phone", "invoice" */
};

/* Calls fn for each account that matches text, at most CB_SEARCH_LIMIT.
 * Returns CB_OK (even with no hit) or the first error. */
int cb_search(struct cb_session *s, const char *text,
    int (*fn)(const struct cb_search_hit *hit, void *arg), void *arg);

#endif
