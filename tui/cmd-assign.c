/* cmd-assign.c -- cobrador assign: give an account to one agent only. */
#include <string.h>

#include "cli.h"
#include "queue.h"

static int assign_run(struct cli *cli, int argc, char **argv)
{
	if (argc != 3)
		return cli_usage(&cmd_assign);
	const char *agent = strcmp(argv[2], "--none") == 0 ? NULL : argv[2];
	return cli_supervise(cli, argv[1], CB_SUPERVISE_ASSIGN, agent);
}

const struct cli_command cmd_assign = {
	.name = "assign",
	.usage = "assign ACCOUNT LOGIN|--none",
	.summary = N_("let only one agent get an account (supervisors)"),
	.help = N_("  --none  any agent may get it again\n"),
	.run = assign_run,
};
