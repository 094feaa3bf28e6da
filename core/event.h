/*
 * event.h -- the append-only log of everything that happens.
 *
 * Every action is an event: an import, a payment posted, an invoice the
 * ERP changed, a user added, and (later) every outcome of a call.  Events
 * are never edited; a correction is a new event.  Each holds the SHA-256
 * of the event before it, so that check can prove the log whole: changing
 * or removing any event breaks the chain at the next one, and the hash of
 * the last one is kept apart in the meta table.
 */
#ifndef CB_EVENT_H
#define CB_EVENT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sha256.h"
#include "store.h"

#define CB_EVENT_FIELDS_MAX 32

struct cb_event_field {
	const char *key, *value;
};

struct cb_event {
	uint64_t seq;  /* from 1, set by cb_event_append() */
	time_t time;   /* UTC */
	const char *user;
	const char *kind; /* "import", "payment", "invoice_changed"... */
	const char *portfolio, *debtor; /* the account, or both NULL */
	size_t nfields;
	struct cb_event_field fields[CB_EVENT_FIELDS_MAX];
	unsigned char prev[CB_SHA256_LEN]; /* hash of the event before */
};

/* Starts an event of kind by user at time t, about no account. */
void cb_event_init(struct cb_event *ev, const char *kind, const char *user,
    time_t t);
/* Adds key=value to ev; values longer than the record allows are kept
 * whole.  Returns CB_ERR_INTERNAL when ev already has the most fields. */
int cb_event_add(struct cb_event *ev, const char *key, const char *value);
/* The value of key in ev, or NULL. */
const char *cb_event_value(const struct cb_event *ev, const char *key);

/* Writes the fields of ev as "key=value key=value", a value holding a
 * space, a quote or '=' in double quotes (a quote inside doubled), so that
 * the text reads back unambiguously.  Returns the length it needed. */
size_t cb_event_details(const struct cb_event *ev, char *buf, size_t size);

/* Appends ev to the log, chaining it to the last event; sets ev->seq and
 * ev->prev. */
int cb_event_append(struct cb_txn *txn, struct cb_event *ev);

/* The sequence number of the last event; 0 when the log is empty. */
int cb_event_last(struct cb_txn *txn, uint64_t *seq);

/* The first event stamped at or after t (the last + 1 when none). */
int cb_event_first_at(struct cb_txn *txn, time_t t, uint64_t *seq);

/* Reads event seq (text points into the map). */
int cb_event_get(struct cb_txn *txn, uint64_t seq, struct cb_event *out);

/* Calls fn for each event from sequence number from on, oldest first; a
 * non-zero result of fn stops the walk and is returned. */
int cb_event_each(struct cb_txn *txn, uint64_t from,
    int (*fn)(const struct cb_event *ev, void *arg), void *arg);

/* Calls fn for each event of an account, oldest first; a non-zero result
 * of fn stops the walk and is returned. */
int cb_event_each_account(struct cb_txn *txn, const char *portfolio,
    const char *debtor, int (*fn)(const struct cb_event *ev, void *arg),
    void *arg);

/*
 * Walks the whole log and checks the chain and the account index.  Returns
 * CB_OK with *count events checked, or CB_ERR_CORRUPT with *bad the
 * sequence number where it breaks and *why a static English sentence.
 */
int cb_event_verify(struct cb_txn *txn, uint64_t *count, uint64_t *bad,
    const char **why);

#endif
