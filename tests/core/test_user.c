/* test_user.c -- tests of user.c: logins, roles, sessions, impersonation
 * and the table of permissions. */
#include "user.h"

#include "error.h"
#include "event.h"
#include "fixture.h"
#include "store.h"

static const char *dir;
static struct cb_store *store;
static struct cb_txn *rtxn; /* the read transaction of a test, if any */
static const time_t T0 = 1767225600; /* 2026-01-01 00:00 UTC */

static void setup(void)
{
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
}

static void teardown(void)
{
	cb_txn_end(&rtxn);
	cb_store_close(&store);
	fixture_cleanup();
}

TestSuite(user, .init = setup, .fini = teardown);

/* root is the first admin; the session of root at T0. */
static struct cb_session admin(void)
{
	struct cb_session s;
	int rc = cb_user_first_admin(store, "root", "Rosa Admin", T0);
	cr_assert_eq(rc, CB_OK, "first admin: %s", cb_strerror(rc));
	rc = cb_session_open(store, "root", NULL, &T0, &s);
	cr_assert_eq(rc, CB_OK, "session: %s", cb_strerror(rc));
	return s;
}

static void add(struct cb_session *s, const char *login, enum cb_role role)
{
	struct cb_user u = { .login = login, .name = login, .role = role,
		.created = s->now };
	int rc = cb_user_add(s, &u);
	cr_assert_eq(rc, CB_OK, "add %s: %s", login, cb_strerror(rc));
}

static struct cb_session session(const char *login)
{
	struct cb_session s;
	int rc = cb_session_open(store, login, NULL, NULL, &s);
	cr_assert_eq(rc, CB_OK, "session of %s: %s", login, cb_strerror(rc));
	return s;
}

/* Reads user login into *u in a new rtxn; returns the result. */
static int get_user(const char *login, struct cb_user *u)
{
	cb_txn_end(&rtxn);
	cr_assert_eq(cb_store_read(store, &rtxn), CB_OK);
	return cb_user_get(rtxn, login, u);
}

Test(user, first_admin_opens_a_session)
{
	struct cb_session s = admin();
	struct cb_user u;
	cr_expect_str_eq(s.login, "root");
	cr_expect_eq(s.role, CB_ROLE_ADMIN);
	cr_expect_eq(s.now, T0);
	cr_expect_eq(s.store, store);
	cr_assert_eq(get_user("root", &u), CB_OK);
	cr_expect_str_eq(u.login, "root");
	cr_assert_not_null(u.name);
	cr_expect_str_eq(u.name, "Rosa Admin");
	cr_expect_eq(u.role, CB_ROLE_ADMIN);
	cr_expect_not(u.disabled);
	cr_expect_eq(u.created, T0);
	cr_expect_null(u.portfolios, "all portfolios");

	/* Its creation is an event by root at T0. */
	struct cb_event ev;
	cr_assert_eq(cb_event_get(rtxn, 1, &ev), CB_OK);
	cr_expect_str_eq(ev.kind, "user_added");
	cr_expect_str_eq(ev.user, "root");
	cr_expect_eq(ev.time, T0);
	cr_assert_not_null(cb_event_value(&ev, "login"));
	cr_expect_str_eq(cb_event_value(&ev, "login"), "root");
	cr_assert_not_null(cb_event_value(&ev, "role"));
	cr_expect_str_eq(cb_event_value(&ev, "role"), "admin");
}

Test(user, a_session_without_now_uses_the_clock)
{
	(void)admin();
	time_t before = time(NULL);
	struct cb_session s = session("root");
	time_t after = time(NULL);
	cr_expect_geq(s.now, before);
	cr_expect_leq(s.now, after);
}

Test(user, first_admin_only_once)
{
	(void)admin();
	cr_expect_eq(cb_user_first_admin(store, "other", NULL, T0), CB_ERR_EXISTS);
	struct cb_session s;
	cr_expect_eq(cb_session_open(store, "other", NULL, NULL, &s), CB_ERR_PERM);
}

Test(user, first_admin_needs_a_valid_login)
{
	cr_expect_eq(cb_user_first_admin(store, "bad login", NULL, T0),
	    CB_ERR_INPUT);
	cr_expect_eq(cb_user_first_admin(store, "", NULL, T0), CB_ERR_INPUT);
	/* Nothing was made: a good one still can be the first. */
	cr_expect_eq(cb_user_first_admin(store, "good", NULL, T0), CB_OK);
}

Test(user, an_unknown_login_is_refused)
{
	struct cb_session s;
	cr_expect_eq(cb_session_open(store, "root", NULL, NULL, &s), CB_ERR_PERM,
	    "no users at all");
	(void)admin();
	cr_expect_eq(cb_session_open(store, "nobody", NULL, NULL, &s),
	    CB_ERR_PERM);
	cr_expect_eq(cb_session_open(store, "roo", NULL, NULL, &s), CB_ERR_PERM,
	    "a prefix of a login is not it");
	cr_expect_eq(cb_session_open(store, "rootx", NULL, NULL, &s),
	    CB_ERR_PERM);
}

Test(user, agents_may_not_use_as_or_now)
{
	struct cb_session a = admin(), s;
	time_t t = T0 + 3600;
	add(&a, "ana", CB_ROLE_AGENT);
	add(&a, "sam", CB_ROLE_SUPERVISOR);
	cr_expect_eq(cb_session_open(store, "ana", "root", NULL, &s), CB_ERR_PERM);
	cr_expect_eq(cb_session_open(store, "ana", NULL, &t, &s), CB_ERR_PERM);
	cr_expect_eq(cb_session_open(store, "ana", "sam", &t, &s), CB_ERR_PERM);
	cr_expect_eq(cb_session_open(store, "sam", "ana", NULL, &s), CB_ERR_PERM);
	cr_expect_eq(cb_session_open(store, "sam", NULL, &t, &s), CB_ERR_PERM);
	/* Without them, they may open their own. */
	s = session("ana");
	cr_expect_str_eq(s.login, "ana");
	cr_expect_eq(s.role, CB_ROLE_AGENT);
	s = session("sam");
	cr_expect_eq(s.role, CB_ROLE_SUPERVISOR);
}

Test(user, admins_may_act_as_another_at_another_time)
{
	struct cb_session a = admin(), s;
	time_t t = T0 + 86400 * 10;
	add(&a, "ana", CB_ROLE_AGENT);
	int rc = cb_session_open(store, "root", "ana", &t, &s);
	cr_assert_eq(rc, CB_OK, "%s", cb_strerror(rc));
	cr_expect_str_eq(s.login, "ana");
	cr_expect_eq(s.role, CB_ROLE_AGENT, "the role of whom it acts as");
	cr_expect_eq(s.now, t);
	rc = cb_session_open(store, "root", NULL, &t, &s);
	cr_assert_eq(rc, CB_OK);
	cr_expect_str_eq(s.login, "root");
	cr_expect_eq(s.now, t);
	/* Acting as someone unknown is no session. */
	cr_expect_neq(cb_session_open(store, "root", "ghost", NULL, &s), CB_OK);
}

Test(user, acting_as_an_agent_gives_only_the_agents_rights)
{
	struct cb_session a = admin(), s;
	add(&a, "ana", CB_ROLE_AGENT);
	cr_assert_eq(cb_session_open(store, "root", "ana", NULL, &s), CB_OK);
	struct cb_user u = { .login = "eve", .role = CB_ROLE_ADMIN };
	cr_expect_eq(cb_user_add(&s, &u), CB_ERR_PERM);
}

Test(user, only_admins_add_users)
{
	struct cb_session a = admin();
	add(&a, "ana", CB_ROLE_AGENT);
	add(&a, "sam", CB_ROLE_SUPERVISOR);
	struct cb_session ana = session("ana"), sam = session("sam");
	struct cb_user u = { .login = "eve", .role = CB_ROLE_AGENT };
	cr_expect_eq(cb_user_add(&ana, &u), CB_ERR_PERM);
	cr_expect_eq(cb_user_add(&sam, &u), CB_ERR_PERM);
	struct cb_user got;
	cr_expect_eq(get_user("eve", &got), CB_ERR_NOTFOUND);
}

Test(user, added_users_read_back)
{
	struct cb_session a = admin();
	struct cb_user u = { .login = "ana.perez", .name = "Ana Pérez",
		.role = CB_ROLE_SUPERVISOR, .portfolios = "retail,pymes",
		.created = T0 + 5 };
	cr_assert_eq(cb_user_add(&a, &u), CB_OK);
	struct cb_user got;
	cr_assert_eq(get_user("ana.perez", &got), CB_OK);
	cr_expect_str_eq(got.login, "ana.perez");
	cr_expect_str_eq(got.name, "Ana Pérez");
	cr_expect_eq(got.role, CB_ROLE_SUPERVISOR);
	cr_assert_not_null(got.portfolios);
	cr_expect_str_eq(got.portfolios, "retail,pymes");
	cr_expect_not(got.disabled);
	cr_expect_eq(got.created, T0 + 5);
	/* The event says who added whom. */
	struct cb_event ev;
	cr_assert_eq(cb_event_get(rtxn, 2, &ev), CB_OK);
	cr_expect_str_eq(ev.kind, "user_added");
	cr_expect_str_eq(ev.user, "root");
	cr_expect_eq(ev.time, T0);
	cr_expect_str_eq(cb_event_value(&ev, "login"), "ana.perez");
	cr_expect_str_eq(cb_event_value(&ev, "role"), "supervisor");
}

Test(user, a_taken_login_is_refused)
{
	struct cb_session a = admin();
	add(&a, "ana", CB_ROLE_AGENT);
	struct cb_user u = { .login = "ana", .role = CB_ROLE_ADMIN };
	cr_expect_eq(cb_user_add(&a, &u), CB_ERR_EXISTS);
	u.login = "root";
	cr_expect_eq(cb_user_add(&a, &u), CB_ERR_EXISTS);
	struct cb_user got;
	cr_assert_eq(get_user("ana", &got), CB_OK);
	cr_expect_eq(got.role, CB_ROLE_AGENT, "the first one stays");
}

Test(user, bad_logins_are_not_added)
{
	struct cb_session a = admin();
	struct cb_user u = { .login = "-x", .role = CB_ROLE_AGENT };
	cr_expect_eq(cb_user_add(&a, &u), CB_ERR_INPUT);
	u.login = "a b";
	cr_expect_eq(cb_user_add(&a, &u), CB_ERR_INPUT);
}

Test(user, a_disabled_user_cannot_open_a_session)
{
	struct cb_session a = admin(), s;
	add(&a, "ana", CB_ROLE_AGENT);
	cr_assert_eq(cb_user_disable(&a, "ana"), CB_OK);
	cr_expect_eq(cb_session_open(store, "ana", NULL, NULL, &s), CB_ERR_PERM);
	struct cb_user got;
	cr_assert_eq(get_user("ana", &got), CB_OK);
	cr_expect(got.disabled);
	cr_expect_eq(got.role, CB_ROLE_AGENT, "the rest is kept");
	/* Nor can an admin act as one. */
	cr_expect_neq(cb_session_open(store, "root", "ana", NULL, &s), CB_OK);
	/* The event says so. */
	struct cb_event ev;
	cr_assert_eq(cb_event_get(rtxn, 3, &ev), CB_OK);
	cr_expect_str_eq(ev.kind, "user_disabled");
	cr_expect_str_eq(ev.user, "root");
	cr_expect_str_eq(cb_event_value(&ev, "login"), "ana");
}

Test(user, only_admins_disable_users)
{
	struct cb_session a = admin();
	add(&a, "ana", CB_ROLE_AGENT);
	add(&a, "sam", CB_ROLE_SUPERVISOR);
	struct cb_session ana = session("ana"), sam = session("sam");
	cr_expect_eq(cb_user_disable(&ana, "sam"), CB_ERR_PERM);
	cr_expect_eq(cb_user_disable(&sam, "ana"), CB_ERR_PERM);
	cr_expect_eq(cb_user_disable(&ana, "ana"), CB_ERR_PERM);
	(void)session("ana");
	(void)session("sam");
}

Test(user, disabling_an_unknown_user_is_notfound)
{
	struct cb_session a = admin();
	cr_expect_eq(cb_user_disable(&a, "ghost"), CB_ERR_NOTFOUND);
}

Test(user, the_last_active_admin_cannot_be_disabled)
{
	struct cb_session root = admin();
	cr_expect_eq(cb_user_disable(&root, "root"), CB_ERR_CONFLICT);
	(void)session("root");

	/* With a second admin, either may go, but not both. */
	add(&root, "boss", CB_ROLE_ADMIN);
	add(&root, "ana", CB_ROLE_AGENT);
	struct cb_session boss = session("boss");
	cr_expect_eq(cb_user_disable(&boss, "root"), CB_OK);
	cr_expect_eq(cb_user_disable(&boss, "boss"), CB_ERR_CONFLICT,
	    "a disabled admin does not count");
	(void)session("boss");
	/* Agents do not count either. */
	cr_expect_eq(cb_user_disable(&boss, "ana"), CB_OK);
	cr_expect_eq(cb_user_disable(&boss, "boss"), CB_ERR_CONFLICT);
}

Test(user, an_admin_may_disable_itself_when_another_remains)
{
	struct cb_session root = admin(), s;
	add(&root, "boss", CB_ROLE_ADMIN);
	cr_expect_eq(cb_user_disable(&root, "root"), CB_OK);
	cr_expect_eq(cb_session_open(store, "root", NULL, NULL, &s), CB_ERR_PERM);
	(void)session("boss");
}

Test(user, the_table_of_permissions)
{
	static const struct {
		enum cb_action action;
		bool agent, supervisor, admin;
	} table[] = {
		{ CB_DO_VIEW, true, true, true },
		{ CB_DO_REPORT, false, true, true },
		{ CB_DO_IMPORT, false, false, true },
		{ CB_DO_USERS, false, false, true },
		{ CB_DO_MAINTAIN, false, false, true },
		{ CB_DO_IMPERSONATE, false, false, true },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		cr_expect_eq(cb_may(CB_ROLE_AGENT, table[i].action), table[i].agent,
		    "agent, action %d", (int)table[i].action);
		cr_expect_eq(cb_may(CB_ROLE_SUPERVISOR, table[i].action),
		    table[i].supervisor, "supervisor, action %d",
		    (int)table[i].action);
		cr_expect_eq(cb_may(CB_ROLE_ADMIN, table[i].action), table[i].admin,
		    "admin, action %d", (int)table[i].action);
	}
}

Test(user, role_names)
{
	enum cb_role r = CB_ROLE_ADMIN;
	cr_expect_str_eq(cb_role_name(CB_ROLE_AGENT), "agent");
	cr_expect_str_eq(cb_role_name(CB_ROLE_SUPERVISOR), "supervisor");
	cr_expect_str_eq(cb_role_name(CB_ROLE_ADMIN), "admin");
	cr_expect_eq(cb_role_parse("agent", &r), CB_OK);
	cr_expect_eq(r, CB_ROLE_AGENT);
	cr_expect_eq(cb_role_parse("Supervisor", &r), CB_OK);
	cr_expect_eq(r, CB_ROLE_SUPERVISOR);
	cr_expect_eq(cb_role_parse("ADMIN", &r), CB_OK);
	cr_expect_eq(r, CB_ROLE_ADMIN);
	cr_expect_eq(cb_role_parse("root", &r), CB_ERR_INPUT);
	cr_expect_eq(cb_role_parse("", &r), CB_ERR_INPUT);
}

Test(user, login_check)
{
	static const char *const good[] = { "a", "root", "ana.perez", "j_doe",
		"x-1", "A1", "0", "abcdefghijklmnopqrstuvwxyz012345", "a-", "._" };
	static const char *const bad[] = { "", "-a", "a b", "a/b", "a;b",
		"ñandu", "a\tb", "a\nb", "abcdefghijklmnopqrstuvwxyz0123456",
		"a@b", "$USER", "a:b", "' or 1=1" };
	cr_assert_eq(strlen(good[7]), CB_LOGIN_MAX);
	cr_assert_eq(strlen(bad[8]), CB_LOGIN_MAX + 1);
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		cr_expect_eq(cb_login_check(good[i]), CB_OK, "'%s'", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(cb_login_check(bad[i]), CB_ERR_INPUT, "'%s'", bad[i]);
}

struct listing {
	char logins[8][CB_LOGIN_MAX + 1];
	int n;
};

static int list_user(const struct cb_user *u, void *arg)
{
	struct listing *l = arg;
	cr_assert_lt(l->n, 8);
	snprintf(l->logins[l->n++], sizeof l->logins[0], "%s", u->login);
	return CB_OK;
}

Test(user, users_are_listed_in_login_order)
{
	struct cb_session a = admin();
	add(&a, "zoe", CB_ROLE_AGENT);
	add(&a, "ana", CB_ROLE_AGENT);
	add(&a, "mia", CB_ROLE_SUPERVISOR);
	struct listing l = { .n = 0 };
	struct cb_user u;
	cr_assert_eq(get_user("ana", &u), CB_OK);
	cr_assert_eq(cb_user_each(rtxn, list_user, &l), CB_OK);
	cr_assert_eq(l.n, 4);
	cr_expect_str_eq(l.logins[0], "ana");
	cr_expect_str_eq(l.logins[1], "mia");
	cr_expect_str_eq(l.logins[2], "root");
	cr_expect_str_eq(l.logins[3], "zoe");
}

Test(user, settings_are_each_users_own_and_kept)
{
	struct cb_session root = admin();
	add(&root, "ag.uno", CB_ROLE_AGENT);
	add(&root, "ag.dos", CB_ROLE_AGENT);
	struct cb_session uno = session("ag.uno"), dos = session("ag.dos");
	int64_t v = -1;
	cb_txn_end(&rtxn);
	/* Never set: 0. */
	cr_assert_eq(cb_user_setting_get(&uno, "after", &v), CB_OK);
	cr_expect_eq(v, 0);
	cr_assert_eq(cb_user_setting_set(&uno, "after", 1), CB_OK);
	cr_assert_eq(cb_user_setting_get(&uno, "after", &v), CB_OK);
	cr_expect_eq(v, 1);
	/* Another user's is apart. */
	cr_assert_eq(cb_user_setting_get(&dos, "after", &v), CB_OK);
	cr_expect_eq(v, 0);
	/* A new session of the same user finds it. */
	struct cb_session again = session("ag.uno");
	cr_assert_eq(cb_user_setting_get(&again, "after", &v), CB_OK);
	cr_expect_eq(v, 1);
	cr_assert_eq(cb_user_setting_set(&again, "after", 0), CB_OK);
	cr_assert_eq(cb_user_setting_get(&uno, "after", &v), CB_OK);
	cr_expect_eq(v, 0);
}

Test(user, an_agent_sees_its_portfolios_a_supervisor_all)
{
	struct cb_session root = admin();
	struct cb_user u = { .login = "ag.cl", .name = "ag.cl",
		.role = CB_ROLE_AGENT, .portfolios = "retail-cl,cobranza",
		.created = root.now };
	cr_assert_eq(cb_user_add(&root, &u), CB_OK);
	add(&root, "ag.todo", CB_ROLE_AGENT);
	add(&root, "sup.uno", CB_ROLE_SUPERVISOR);
	cb_txn_end(&rtxn);
	struct cb_session cl = session("ag.cl"), all = session("ag.todo"),
	    sup = session("sup.uno");
	cr_expect(cb_session_sees(&cl, "retail-cl"));
	cr_expect(cb_session_sees(&cl, "cobranza"));
	cr_expect_not(cb_session_sees(&cl, "pymes-pe"));
	cr_expect_not(cb_session_sees(&cl, "retail")); /* whole names only */
	cr_expect(cb_session_sees(&all, "pymes-pe"));

	cr_expect(cb_session_sees(&sup, "pymes-pe"));
}
