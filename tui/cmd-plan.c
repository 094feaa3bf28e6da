/* cmd-plan.c -- cobrador plan approve|refuse: a plan beyond an agent's
 * limits. */
#include <string.h>

#include "cli.h"
#include "queue.h"

static int plan_run(struct cli *cli, int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "approve") && strcmp(argv[1], "refuse")))
		return cli_usage(&cmd_plan);
	return cli_supervise(cli, argv[2], strcmp(argv[1], "approve") == 0
	    ? CB_SUPERVISE_APPROVE : CB_SUPERVISE_REFUSE, NULL);
}

const struct cli_command cmd_plan = {
	.name = "plan",
	.usage = "plan approve|refuse ACCOUNT",
	.summary = N_("decide on a payment plan beyond an agent's limits "
	    "(supervisors)"),
	.help = N_("A plan with more installments than allowed, or a first "
	    "installment\nbelow the minimum, waits for this.  Exit 3 when no "
	    "plan waits.\n"),
	.run = plan_run,
};
