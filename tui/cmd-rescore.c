/* cmd-rescore.c -- cobrador rescore: the nightly re-score of every account. */
#include "cli.h"
#include "error.h"
#include "queue.h"

static void rescore_progress(uint64_t done, uint64_t total, void *arg)
{
	(void)arg;
	cli_progress(_("Re-scoring accounts"), done, total);
}

static int rescore_run(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return cli_usage(&cmd_rescore);
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = cb_rescore(&cli->session, rescore_progress, NULL);
	cli_close(cli);
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("re-score stopped"));
}

const struct cli_command cmd_rescore = {
	.name = "rescore",
	.usage = "rescore",
	.summary = N_("recompute every account's place in the queue (nightly)"),
	.help = N_("Settles every account as of today (days past due, segments),\n"
	    "lets run-out leases lapse, and puts each account back in its place\n"
	    "in the queue, a few hundred accounts per transaction so that agents\n"
	    "can work meanwhile.  Supervisors and admins.\n"),
	.run = rescore_run,
};
