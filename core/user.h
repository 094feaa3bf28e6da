/*
 * user.h -- users, roles and the session a command runs in.
 *
 * A user is a Unix login with a role stored in the database.  The session
 * says who acts (the real user, or another for an admin's --as) and when
 * (the clock, or an admin's --now); every core call that changes anything
 * takes it, so that events carry the right user and time.  What each role
 * may do is decided in cb_may() and nowhere else.
 */
#ifndef CB_USER_H
#define CB_USER_H

#include <stdbool.h>
#include <time.h>

#include "store.h"

#define CB_LOGIN_MAX 32 /* bytes of a login, without NUL */

enum cb_role { CB_ROLE_AGENT, CB_ROLE_SUPERVISOR, CB_ROLE_ADMIN };

/* "agent", "supervisor", "admin". */
const char *cb_role_name(enum cb_role role);
int cb_role_parse(const char *text, enum cb_role *out);

struct cb_user {
	const char *login;
	const char *name;       /* the person's name; NULL when not given */
	enum cb_role role;
	const char *portfolios; /* "retail,pymes"; NULL: all of them */
	bool disabled;
	time_t created;
};

/* Checks a login: 1-32 bytes of letters, digits, '.', '_' and '-',
 * not starting with '-'.  Returns CB_OK or CB_ERR_INPUT. */
int cb_login_check(const char *login);

int cb_user_get(struct cb_txn *txn, const char *login, struct cb_user *out);
/* True when portfolio is in a user's comma-separated list of portfolios
 * ("retail-cl,pymes-pe"; NULL or "": every portfolio). */
bool cb_user_works(const char *portfolios, const char *portfolio);

/* Calls fn for each user in login order; a non-zero result stops. */
int cb_user_each(struct cb_txn *txn,
    int (*fn)(const struct cb_user *u, void *arg), void *arg);

struct cb_session {
	struct cb_store *store;
	char login[CB_LOGIN_MAX + 1];
	enum cb_role role;
	time_t now;
	char portfolios[256]; /* the user's ("retail,pymes"); "": all */
};

/* True when the session's user may see the accounts of portfolio: every
 * one for supervisors and admins, the agent's own for agents. */
bool cb_session_sees(const struct cb_session *s, const char *portfolio);

/* Logs that the session's user was refused what ("pin", "report"): every
 * refusal is an event, for the audit.  Returns the store's result. */
int cb_denied(struct cb_session *s, const char *what);

enum cb_action {
	CB_DO_VIEW,        /* accounts, search, own figures */
	CB_DO_WORK,        /* claim accounts, log outcomes */
	CB_DO_SUPERVISE,   /* others' claims and queues, pins, assignments */
	CB_DO_REPORT,      /* portfolio reports and exports */
	CB_DO_IMPORT,      /* ERP files */
	CB_DO_USERS,       /* add, disable users */
	CB_DO_MAINTAIN,    /* backup, check */
	CB_DO_IMPERSONATE, /* --as and --now */
};

/* A user's own setting of the workstation ("after" = 1: after an outcome,
 * the next account), kept in the database so that it follows the user:
 * 0 when never set.  Any user may set their own. */
int cb_user_setting_get(struct cb_session *s, const char *name,
    int64_t *value);
int cb_user_setting_set(struct cb_session *s, const char *name,
    int64_t value);

/* True when role may do action. */
bool cb_may(enum cb_role role, enum cb_action action);

/*
 * Opens the session of the real user login on store.  as (or NULL) names
 * another user to act as, and now (or NULL) fixes the clock: both only for
 * an admin (else CB_ERR_PERM).  An unknown or disabled user is CB_ERR_PERM.
 */
int cb_session_open(struct cb_store *store, const char *login,
    const char *as, const time_t *now, struct cb_session *out);

/*
 * Creates the first admin of a new database: the user running init or
 * demo.  Fails with CB_ERR_EXISTS when the database has users already.
 */
int cb_user_first_admin(struct cb_store *store, const char *login,
    const char *name, time_t now);

/* Adds a user on behalf of the session (admins only): CB_ERR_EXISTS when
 * the login is taken, CB_ERR_INPUT for a bad login or a control character
 * in the name or portfolios. */
int cb_user_add(struct cb_session *s, const struct cb_user *u);

/* Disables a user; an admin cannot disable the last active admin. */
int cb_user_disable(struct cb_session *s, const char *login);

#endif
