/* cmd-resolve.c -- cobrador resolve: a dispute is over. */
#include "cli.h"
#include "queue.h"

static int resolve_run(struct cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage(&cmd_resolve);
	return cli_supervise(cli, argv[1], CB_SUPERVISE_RESOLVE, NULL);
}

const struct cli_command cmd_resolve = {
	.name = "resolve",
	.usage = "resolve ACCOUNT",
	.summary = N_("end a dispute: the account is called again (supervisors)"),
	.help = N_("Exit 3 when the account is not in dispute.\n"),
	.run = resolve_run,
};
