/* cmd-init.c -- cobrador init: an empty database, the caller its admin. */
#include "cli.h"
#include "error.h"
#include "store.h"

static int init_run(struct cli *cli, int argc, char **argv)
{
	struct cb_store *store;
	(void)argv;
	if (argc != 1)
		return cli_usage(&cmd_init);
	int rc = cb_store_open(cli->db, CB_OPEN_CREATE, &store);
	if (rc == CB_ERR_EXISTS) {
		cli_error(_("%s already holds a database: init changes nothing"),
		    cli->db);
		return EXIT_INPUT;
	}
	if (rc != CB_OK)
		return cli_fail(rc, cli->db);
	rc = cb_user_first_admin(store, cli->login, NULL,
	    cli->has_now ? cli->now : time(NULL));
	cb_store_close(&store);
	if (rc != CB_OK)
		return cli_fail(rc, _("cannot make the first admin"));
	printf(_("Created an empty database in %s; %s is its admin.\n"), cli->db,
	    cli->login);
	return EXIT_DONE;
}

const struct cli_command cmd_init = {
	.name = "init",
	.usage = "init",
	.summary = N_("create an empty database; you become its admin"),
	.help = N_("Creates the database in the folder of --db (or $COBRADOR_DB).\n"
	    "An existing database is never touched.\n"),
	.run = init_run,
};
