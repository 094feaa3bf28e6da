/* cmd-release.c -- cobrador release: give a claimed account back. */
#include "cli.h"
#include "error.h"
#include "queue.h"

static int release_run(struct cli *cli, int argc, char **argv)
{
	struct cb_account_ref a;
	if (argc != 2)
		return cli_usage(&cmd_release);
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	if ((rc = cli_account(cli, argv[1], &a)) != EXIT_DONE) {
		cli_close(cli);
		return rc;
	}
	rc = cb_queue_release(&cli->session, &a);
	cli_close(cli);
	if (rc == CB_ERR_NOTHING) {
		cli_error(_("nobody holds %s"), argv[1]);
		return EXIT_NOTHING;
	}
	if (rc == CB_ERR_CONFLICT) {
		cli_error(_("another agent holds %s"), argv[1]);
		return EXIT_CONFLICT;
	}
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, argv[1]);
}

const struct cli_command cmd_release = {
	.name = "release",
	.usage = "release ACCOUNT",
	.summary = N_("give back an account you hold (supervisors: any)"),
	.help = "",
	.run = release_run,
};
