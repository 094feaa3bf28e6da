/* user.c -- users, roles, sessions and the one table of permissions. */
#include "i18n.h"
#include "user.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "event.h"
#include "record.h"
#include "text.h"

enum { US_NAME = 1, US_ROLE, US_PORTFOLIOS, US_DISABLED, US_CREATED };

static const char *const role_names[] = { N_("agent"), N_("supervisor"), N_("admin") };

const char *cb_role_name(enum cb_role role)
{
	return role <= CB_ROLE_ADMIN ? role_names[role] : N_("agent");
}

int cb_role_parse(const char *text, enum cb_role *out)
{
	for (int r = CB_ROLE_AGENT; r <= CB_ROLE_ADMIN; r++) {
		if (strcasecmp(text, role_names[r]) == 0) {
			*out = (enum cb_role)r;
			return CB_OK;
		}
	}
	return CB_ERR_INPUT;
}

bool cb_may(enum cb_role role, enum cb_action action)
{
	switch (action) {
	case CB_DO_VIEW:
	case CB_DO_WORK: return true;
	case CB_DO_REPORT:
	case CB_DO_SUPERVISE: return role >= CB_ROLE_SUPERVISOR;
	case CB_DO_IMPORT:
	case CB_DO_USERS:
	case CB_DO_MAINTAIN:
	case CB_DO_IMPERSONATE: return role == CB_ROLE_ADMIN;
	}
	return false;
}

int cb_login_check(const char *login)
{
	size_t n = strlen(login);
	if (n == 0 || n > CB_LOGIN_MAX || login[0] == '-')
		return CB_ERR_INPUT;
	for (const char *p = login; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return CB_ERR_INPUT;
	return CB_OK;
}

static int user_decode(struct cb_val key, struct cb_val val, struct cb_user *u)
{
	struct cb_rec_reader r;
	struct cb_rec_field f;
	int rc = cb_rec_open(&r, val.data, val.size, CB_REC_USER);
	memset(u, 0, sizeof *u);
	u->login = key.data;
	while (rc == CB_OK && (rc = cb_rec_next(&r, &f)) == CB_OK) {
		switch (f.field) {
		case US_NAME: u->name = cb_rec_field_text(&f); break;
		case US_ROLE:
			if (f.i < CB_ROLE_AGENT || f.i > CB_ROLE_ADMIN)
				return CB_ERR_CORRUPT;
			u->role = (enum cb_role)f.i;
			break;
		case US_PORTFOLIOS: u->portfolios = cb_rec_field_text(&f); break;
		case US_DISABLED: u->disabled = f.i != 0; break;
		case US_CREATED: u->created = (time_t)f.i; break;
		}
	}
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

int cb_user_each(struct cb_txn *txn,
    int (*fn)(const struct cb_user *u, void *arg), void *arg)
{
	struct cb_cursor *c;
	struct cb_val k, v;
	struct cb_user u;
	int rc = cb_cursor_open(txn, CB_T_USERS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, &v); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, &v))
		if ((rc = user_decode(k, v, &u)) != CB_OK || (rc = fn(&u, arg)) != CB_OK)
			break;
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

int cb_user_get(struct cb_txn *txn, const char *login, struct cb_user *out)
{
	struct cb_val k, v;
	int rc = cb_get_key(txn, CB_T_USERS,
	    (struct cb_val){ login, strlen(login) + 1 }, &k, &v);
	return rc == CB_OK ? user_decode(k, v, out) : rc;
}

/* Writes u, and an event saying who did it. */
static int user_write(struct cb_txn *txn, const struct cb_user *u,
    const char *by, time_t now, const char *kind)
{
	struct cb_rec rec = { 0 };
	struct cb_event ev;
	cb_rec_start(&rec, CB_REC_USER);
	cb_rec_text(&rec, US_NAME, u->name);
	cb_rec_int(&rec, US_ROLE, u->role);
	cb_rec_text(&rec, US_PORTFOLIOS, u->portfolios);
	if (u->disabled)
		cb_rec_int(&rec, US_DISABLED, 1);
	cb_rec_int(&rec, US_CREATED, (int64_t)u->created);
	int rc = cb_rec_finish(&rec);
	if (rc == CB_OK)
		rc = cb_put(txn, CB_T_USERS, (struct cb_val){ u->login, strlen(u->login) + 1 },
		    (struct cb_val){ rec.buf, rec.len });
	cb_rec_free(&rec);
	cb_event_init(&ev, kind, by, now);
	cb_event_add(&ev, "login", u->login);
	cb_event_add(&ev, "role", cb_role_name(u->role));
	if (u->portfolios)
		cb_event_add(&ev, "portfolios", u->portfolios);
	return rc == CB_OK ? cb_event_append(txn, &ev) : rc;
}

struct first_admin {
	const char *login, *name;
	time_t now;
};

static int first_admin_txn(struct cb_txn *txn, void *arg)
{
	struct first_admin *a = arg;
	uint64_t n;
	int rc = cb_count(txn, CB_T_USERS, &n);
	if (rc != CB_OK)
		return rc;
	if (n > 0)
		return CB_ERR_EXISTS;
	struct cb_user u = { .login = a->login, .name = a->name,
		.role = CB_ROLE_ADMIN, .created = a->now };
	return user_write(txn, &u, a->login, a->now, "user_added");
}

int cb_user_first_admin(struct cb_store *store, const char *login,
    const char *name, time_t now)
{
	struct first_admin a = { login, name, now };
	if (cb_login_check(login) != CB_OK)
		return CB_ERR_INPUT;
	return cb_store_write(store, first_admin_txn, &a);
}

int cb_session_open(struct cb_store *store, const char *login,
    const char *as, const time_t *now, struct cb_session *out)
{
	struct cb_txn *txn;
	struct cb_user u;
	int rc = cb_store_read(store, &txn);
	if (rc != CB_OK)
		return rc;
	rc = cb_user_get(txn, login, &u);
	if (rc == CB_OK && u.disabled)
		rc = CB_ERR_PERM;
	if (rc == CB_OK && (as || now) && !cb_may(u.role, CB_DO_IMPERSONATE))
		rc = CB_ERR_PERM;
	if (rc == CB_OK && as) {
		login = as;
		rc = cb_user_get(txn, as, &u);
		if (rc == CB_ERR_NOTFOUND || (rc == CB_OK && u.disabled))
			rc = CB_ERR_INPUT;
	}
	if (rc == CB_OK) {
		memset(out, 0, sizeof *out);
		out->store = store;
		snprintf(out->login, sizeof out->login, "%s", login);
		out->role = u.role;
		out->now = now ? *now : time(NULL);
		snprintf(out->portfolios, sizeof out->portfolios, "%s",
		    u.portfolios ? u.portfolios : "");
	}
	cb_txn_end(&txn);
	return rc == CB_ERR_NOTFOUND ? CB_ERR_PERM : rc;
}

struct user_change {
	struct cb_session *s;
	const struct cb_user *u;
	const char *login;
};

static int user_add_txn(struct cb_txn *txn, void *arg)
{
	struct user_change *c = arg;
	struct cb_user old;
	int rc = cb_user_get(txn, c->u->login, &old);
	if (rc == CB_OK)
		return CB_ERR_EXISTS;
	if (rc != CB_ERR_NOTFOUND)
		return rc;
	return user_write(txn, c->u, c->s->login, c->s->now, "user_added");
}

int cb_user_add(struct cb_session *s, const struct cb_user *u)
{
	struct user_change c = { s, u, NULL };
	if (!cb_may(s->role, CB_DO_USERS))
		return CB_ERR_PERM;
	if (cb_login_check(u->login) != CB_OK ||
	    (u->name && cb_text_find_control(u->name, NULL)) ||
	    (u->portfolios && cb_text_find_control(u->portfolios, NULL)))
		return CB_ERR_INPUT;
	return cb_store_write(s->store, user_add_txn, &c);
}

/* Counts the active admins other than login. */
struct admins {
	const char *except;
	int n;
};

static int count_admin(const struct cb_user *u, void *arg)
{
	struct admins *a = arg;
	a->n += u->role == CB_ROLE_ADMIN && !u->disabled &&
	    strcmp(u->login, a->except) != 0;
	return CB_OK;
}

static int user_disable_txn(struct cb_txn *txn, void *arg)
{
	struct user_change *c = arg;
	struct cb_user u;
	struct admins others = { c->login, 0 };
	int rc = cb_user_get(txn, c->login, &u);
	if (rc != CB_OK)
		return rc;
	if (u.disabled)
		return CB_ERR_NOTHING;
	if (u.role == CB_ROLE_ADMIN &&
	    ((rc = cb_user_each(txn, count_admin, &others)) != CB_OK ||
	    others.n == 0))
		return rc != CB_OK ? rc : CB_ERR_CONFLICT;
	u.disabled = true;
	return user_write(txn, &u, c->s->login, c->s->now, "user_disabled");
}

int cb_user_disable(struct cb_session *s, const char *login)
{
	struct user_change c = { s, NULL, login };
	if (!cb_may(s->role, CB_DO_USERS))
		return CB_ERR_PERM;
	return cb_store_write(s->store, user_disable_txn, &c);
}

bool cb_user_works(const char *portfolios, const char *portfolio)
{
	size_t n = strlen(portfolio);
	if (portfolios == NULL || *portfolios == '\0')
		return true;
	for (const char *p = portfolios; (p = strstr(p, portfolio)) != NULL;
	     p += n)
		if ((p == portfolios || p[-1] == ',') &&
		    (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* The meta name of a user's setting: "setting:" login ":" name. */
static void setting_name(char *buf, size_t size, const char *login,
    const char *name)
{
	snprintf(buf, size, "setting:%s:%s", login, name);
}

int cb_user_setting_get(struct cb_session *s, const char *name,
    int64_t *value)
{
	struct cb_txn *txn;
	char key[CB_LOGIN_MAX + 64];
	int rc = cb_store_read(s->store, &txn);
	if (rc != CB_OK)
		return rc;
	setting_name(key, sizeof key, s->login, name);
	rc = cb_meta_get_int(txn, key, value);
	cb_txn_end(&txn);
	return rc;
}

struct setting_job {
	const char *key;
	int64_t value;
};

static int setting_txn(struct cb_txn *txn, void *arg)
{
	const struct setting_job *j = arg;
	return cb_meta_put_int(txn, j->key, j->value);
}

int cb_user_setting_set(struct cb_session *s, const char *name,
    int64_t value)
{
	char key[CB_LOGIN_MAX + 64];
	struct setting_job j = { key, value };
	setting_name(key, sizeof key, s->login, name);
	return cb_store_write(s->store, setting_txn, &j);
}

bool cb_session_sees(const struct cb_session *s, const char *portfolio)
{
	return cb_may(s->role, CB_DO_SUPERVISE) ||
	    cb_user_works(s->portfolios, portfolio);
}

struct denied_job {
	struct cb_session *s;
	const char *what;
};

static int denied_txn(struct cb_txn *txn, void *arg)
{
	const struct denied_job *j = arg;
	struct cb_event ev;
	cb_event_init(&ev, "denied", j->s->login, j->s->now);
	cb_event_add(&ev, "what", j->what);
	return cb_event_append(txn, &ev);
}

int cb_denied(struct cb_session *s, const char *what)
{
	struct denied_job j = { s, what };
	return cb_store_write(s->store, denied_txn, &j);
}
