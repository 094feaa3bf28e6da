/* cmd-backup.c -- cobrador backup: a consistent copy while agents work. */
#include "cli.h"
#include "error.h"
#include "store.h"

static int backup_run(struct cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage(&cmd_backup);
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = cb_may(cli->session.role, CB_DO_MAINTAIN)
	    ? cb_store_copy(cli->store, argv[1]) : CB_ERR_PERM;
	cli_close(cli);
	if (rc == CB_ERR_EXISTS) {
		cli_error(_("%s already holds a database: nothing was written"),
		    argv[1]);
		return EXIT_INPUT;
	}
	if (rc != CB_OK)
		return cli_fail(rc, argv[1]);
	printf(_("Backed up to %s.\n"), argv[1]);
	return EXIT_DONE;
}

const struct cli_command cmd_backup = {
	.name = "backup",
	.usage = "backup DEST",
	.summary = N_("copy the database, compacted, while others work (admins)"),
	.help = N_("DEST is a folder that is new or holds no database.  The copy "
	    "is one\nconsistent moment of the database, whatever is being "
	    "written meanwhile.\n"),
	.run = backup_run,
};
