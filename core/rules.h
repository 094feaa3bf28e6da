/*
 * rules.h -- compliance rule packs in force: when, and how often, a debtor
 * may be contacted (DESIGN.md section 7, doc/rules.md).
 *
 * A pack (pack.h) is data.  The program ships the CL, PE, ES, US and MX
 * packs (core/packs); a pack
 * loaded with `rules load` replaces the shipped one of the same code, and
 * supervisors add holidays of their own.  Each debtor falls under one pack
 * (its own rules column, else the pack of its country, else that of its
 * portfolio's country) and is judged in its own time zone.
 *
 * The contact window (days, hours, holidays) bounds calls and SMS; the
 * limits count the contacts kept in the account's work record over rolling
 * windows.  A check says whether contact is allowed at a moment and, when
 * it is not, why and when it next is.
 */
#ifndef CB_RULES_H
#define CB_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "date.h"
#include "model.h"
#include "pack.h"
#include "store.h"
#include "user.h"
#include "work.h"

/* Why contact is not allowed. */
enum cb_block {
	CB_BLOCK_NONE = 0,
	CB_BLOCK_NO_PACK,      /* no pack for the debtor (pack: the code asked) */
	CB_BLOCK_DAY,          /* not a day of the window */
	CB_BLOCK_HOLIDAY,      /* a holiday (holiday: its name) */
	CB_BLOCK_EARLY,        /* before the window opens */
	CB_BLOCK_LATE,         /* after it closed */
	CB_BLOCK_LIMIT,        /* used of limit in window_days */
	CB_BLOCK_GAP,          /* too soon after the last contact */
	CB_BLOCK_CONVERSATION, /* within days after a conversation */
};

/* What a pack says about contacting an account at one moment. */
struct cb_contact_check {
	enum cb_block block;
	char pack[CB_PACK_CODE_MAX + 1];
	char zone[64];
	time_t at;              /* the moment checked */
	struct tm local;        /* the moment, in the debtor's zone */
	char holiday[64];       /* CB_BLOCK_HOLIDAY */
	enum cb_channel channel;
	bool conversations;     /* CB_BLOCK_LIMIT: of conversations */
	int used, limit, window_days; /* CB_BLOCK_LIMIT; window_days also for
	                               * CB_BLOCK_CONVERSATION */
	time_t next;            /* when contact is next allowed; 0: not
	                         * within a year (or no pack) */
	struct tm next_local;   /* next, in the debtor's zone */
};

/* The packs in force, read from a transaction and kept for the checks of
 * one moment (a walk of the queue), with what was worked out already. */
struct cb_rules;

int cb_rules_open(struct cb_txn *txn, struct cb_rules **out);
void cb_rules_close(struct cb_rules **r);

/* The pack in force for a code (loaded, else shipped); NULL if none. */
const struct cb_pack *cb_rules_pack(struct cb_rules *r, const char *code);

/* The pack and zone a debtor of a portfolio falls under (the pack may be
 * NULL when there is none for its country; *code then says which was
 * looked for). */
void cb_rules_debtor(struct cb_rules *r, const struct cb_debtor *d,
    const struct cb_portfolio *p, const struct cb_pack **pack,
    const char **code, const char **zone);

/* The supervisors' holiday on day for a pack, or NULL (points into a
 * buffer of r, valid until the next call). */
const char *cb_rules_holiday(struct cb_rules *r, const char *pack, cb_day day);

/*
 * Checks whether an account may be contacted by channel at the moment at:
 * the window of its debtor's pack in the debtor's zone, then the limits
 * over the contacts in w.  Fills *out (block CB_BLOCK_NONE: allowed).
 */
int cb_rules_check(struct cb_rules *r, const struct cb_debtor *d,
    const struct cb_portfolio *p, const struct cb_work *w,
    enum cb_channel channel, time_t at, struct cb_contact_check *out);

/* Writes the check in English for logs and machine formats: "Sunday
 * (CL)", "1/1 calls in 7 days (CL); next Mon 2026-03-09 08:00". */
void cb_contact_describe(const struct cb_contact_check *c, char *buf,
    size_t size);

/* Stores a pack read from a file in place of the one of its code
 * (admins); logged.  CB_ERR_INPUT with why as cb_pack_parse(). */
int cb_rules_load(struct cb_session *s, const char *text, size_t size,
    const char *name, char *why, size_t why_size);

/* Adds (name not NULL) or removes a supervisors' holiday of a pack;
 * logged.  CB_ERR_INPUT for an unknown pack, CB_ERR_NOTHING when there is
 * no such holiday to remove. */
int cb_rules_holiday_set(struct cb_session *s, const char *pack, cb_day day,
    const char *name);

/* Calls fn for each supervisors' holiday of a pack in date order. */
int cb_rules_holiday_each(struct cb_txn *txn, const char *pack,
    int (*fn)(cb_day day, const char *name, void *arg), void *arg);

/* The text of the pack in force for code and whether it was loaded (else
 * shipped); CB_ERR_NOTFOUND when there is none.  The text points into the
 * transaction or the program. */
int cb_rules_text(struct cb_txn *txn, const char *code, const char **text,
    size_t *size, bool *loaded);

/* Checks that every stored pack parses and every supervisors' holiday is
 * well formed; calls fault(text, arg) for each that does not. */
int cb_rules_verify(struct cb_txn *txn,
    void (*fault)(const char *text, void *arg), void *arg);

/* Calls fn for each pack in force, in code order. */
int cb_rules_each(struct cb_txn *txn,
    int (*fn)(const struct cb_pack *p, bool loaded, void *arg), void *arg);

#endif
