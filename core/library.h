/*
 * library.h -- the call scripts and strategies kept in the database.
 *
 * Each `script load` or `strategy load` stores a new version of its id;
 * old versions stay, so that an outcome's script id and version always
 * name the text the agent read.  A new database starts with the shipped
 * set (core/scripts, core/strategies) as version 1 of each.
 *
 * Accounts find their script by the scripts' `when` lines and their
 * strategy by portfolio (one naming the portfolio, else one for any).
 */
#ifndef CB_LIBRARY_H
#define CB_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "script.h"
#include "store.h"
#include "strategy.h"
#include "user.h"

enum cb_book { CB_BOOK_SCRIPT, CB_BOOK_STRATEGY };

/* Checks a script or strategy and stores it as the next version of its id
 * (supervisors); logged with the text's SHA-256.  Writes its id and
 * version.  CB_ERR_INPUT with "NAME:LINE: what" in why. */
int cb_library_load(struct cb_session *s, enum cb_book book,
    const char *text, size_t size, const char *name, char *why,
    size_t why_size, char id[CB_SCRIPT_ID_MAX + 1], int *version);

/* The text of id at version (0: the latest), and which version it is.
 * CB_ERR_NOTFOUND when there is none. */
int cb_library_text(struct cb_txn *txn, enum cb_book book, const char *id,
    int version, const char **text, size_t *size, int *version_out);

/* Calls fn for the latest version of each id, in id order. */
int cb_library_each(struct cb_txn *txn, enum cb_book book,
    int (*fn)(const char *id, int version, const char *text, size_t size,
    void *arg), void *arg);

/* Stores the shipped scripts and strategies whose ids the database lacks
 * (a new database; the migration to schema 4). */
int cb_library_install_shipped(struct cb_txn *txn);

/* Checks that every stored version parses and holds the id it is kept
 * under; calls fault(text, arg) for each that does not. */
int cb_library_verify(struct cb_txn *txn,
    void (*fault)(const char *text, void *arg), void *arg);

/* Reads and parses a stored script (version 0: the latest). */
int cb_script_get(struct cb_txn *txn, const char *id, int version,
    struct cb_script **out, int *version_out);

/* The script for an account: among the latest versions whose `when`
 * lines take it, the most specific, in language if there is one (else
 * any).  CB_ERR_NOTFOUND when no script takes it. */
int cb_script_choose(struct cb_txn *txn, const struct cb_script_facts *f,
    const char *language, struct cb_script **out, int *version_out);

/* What an account's script shows, as of now, for agent (a login). */
int cb_script_facts_read(struct cb_txn *txn, const char *portfolio,
    const char *debtor, const char *agent, time_t now,
    struct cb_script_facts *out);

/* The strategy in force for a portfolio, or NULL.  The strategies are
 * parsed once and kept until a stored one changes; the result is valid
 * until the next call. */
const struct cb_strategy *cb_strategy_for(struct cb_txn *txn,
    const char *portfolio);

#endif
