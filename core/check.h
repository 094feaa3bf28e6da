/*
 * check.h -- proving the database whole.
 *
 * check verifies that the event chain is unbroken, that every account's
 * stored figures follow from its documents, and that every index matches
 * the records it points to.  It reads one snapshot and changes nothing.
 */
#ifndef CB_CHECK_H
#define CB_CHECK_H

#include <stdint.h>

#include "user.h"

struct cb_check_counts {
	uint64_t events, accounts, documents, payments, faults;
};

/*
 * Runs every check; calls fault(text, arg) for each fault found (text is an
 * English sentence naming the record).  Returns CB_OK when none was found,
 * CB_ERR_CORRUPT when some were, or another error when the check could not
 * run.  Admins only.
 */
int cb_check(struct cb_session *s, struct cb_check_counts *counts,
    void (*fault)(const char *text, void *arg), void *arg);

#endif
