/* cmd-user.c -- cobrador user add|list|disable. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "error.h"
#include "format.h"

static int user_add(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "name", required_argument, NULL, 'n' },
		{ "portfolios", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_user u = { 0 };
	bool role = false;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'r' && cb_role_parse(optarg, &u.role) == CB_OK)
			role = true;
		else if (c == 'n')
			u.name = optarg;
		else if (c == 'p')
			u.portfolios = optarg;
		else {
			if (c == 'r')
				cli_error(_("--role: agent, supervisor or admin"));
			return cli_usage(&cmd_user);
		}
	}
	if (argc - optind != 1 || !role)
		return cli_usage(&cmd_user);
	u.login = argv[optind];
	if (cb_login_check(u.login) != CB_OK) {
		cli_error(_("'%s' is not a valid login"), u.login);
		return EXIT_INPUT;
	}
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	u.created = cli->session.now;
	rc = cb_user_add(&cli->session, &u);
	cli_close(cli);
	if (rc == CB_ERR_EXISTS) {
		cli_error(_("user %s already exists"), u.login);
		return EXIT_INPUT;
	}
	if (rc == CB_ERR_INPUT) {
		cli_error(_("--name and --portfolios may not hold control characters"));
		return EXIT_INPUT;
	}
	if (rc != CB_OK)
		return cli_fail(rc, _("cannot add the user"));
	printf(_("Added %s as %s.\n"), u.login, _(cb_role_name(u.role)));
	return EXIT_DONE;
}

static int list_row(const struct cb_user *u, void *arg)
{
	char created[17];
	cb_time_format_utc(u->created, created);
	const char *cells[] = { u->login, u->name ? u->name : "",
		_(cb_role_name(u->role)), u->portfolios ? u->portfolios : _("all"),
		u->disabled ? _("disabled") : _("active"), created };
	return table_add(arg, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
}

static int user_list(struct cli *cli)
{
	const char *headers[] = { _("login"), _("name"), _("role"),
		_("portfolios"), _("state"), _("created (UTC)") };
	struct table *t = table_new(6, headers, "llllll");
	struct cb_txn *txn;
	int rc = cli_open(cli);
	if (rc != EXIT_DONE || t == NULL) {
		table_free(&t);
		return rc != EXIT_DONE ? rc : EXIT_INPUT;
	}
	rc = cb_may(cli->session.role, CB_DO_USERS) ? cb_store_read(cli->store, &txn)
	                                            : CB_ERR_PERM;
	if (rc == CB_OK) {
		rc = cb_user_each(txn, list_row, t);
		cb_txn_end(&txn);
	}
	cli_close(cli);
	if (rc == CB_OK)
		table_print(t, stdout);
	table_free(&t);
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("cannot list users"));
}

static int user_disable(struct cli *cli, const char *login)
{
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = cb_user_disable(&cli->session, login);
	cli_close(cli);
	switch (rc) {
	case CB_OK:
		printf(_("Disabled %s.\n"), login);
		return EXIT_DONE;
	case CB_ERR_NOTFOUND:
		cli_error(_("no user %s"), login);
		return EXIT_INPUT;
	case CB_ERR_NOTHING:
		cli_error(_("%s is disabled already"), login);
		return EXIT_NOTHING;
	case CB_ERR_CONFLICT:
		cli_error(_("%s is the last active admin"), login);
		return EXIT_CONFLICT;
	}
	return cli_fail(rc, _("cannot disable the user"));
}

static int user_run(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return user_add(cli, argc - 1, argv + 1);
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return user_list(cli);
	if (argc == 3 && strcmp(argv[1], "disable") == 0)
		return user_disable(cli, argv[2]);
	return cli_usage(&cmd_user);
}

const struct cli_command cmd_user = {
	.name = "user",
	.usage = "user add LOGIN --role agent|supervisor|admin [--name N] "
	    "[--portfolios P,...] | user list | user disable LOGIN",
	.summary = N_("add, list and disable users (admins)"),
	.help = N_("  add LOGIN      a Unix login; --role is required\n"
	    "  --name N       the person's name\n"
	    "  --portfolios   the portfolios an agent works (default: all)\n"
	    "  list           every user with role and state\n"
	    "  disable LOGIN  the user can no longer open cobrador\n"),
	.run = user_run,
};
