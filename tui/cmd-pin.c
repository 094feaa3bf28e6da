/* cmd-pin.c -- cobrador pin: put an account at the top of every queue. */
#include <string.h>

#include "cli.h"
#include "queue.h"

static int pin_run(struct cli *cli, int argc, char **argv)
{
	bool off = argc == 3 && strcmp(argv[2], "--off") == 0;
	if (argc != 2 && !off)
		return cli_usage(&cmd_pin);
	return cli_supervise(cli, argv[1],
	    off ? CB_SUPERVISE_UNPIN : CB_SUPERVISE_PIN, NULL);
}

const struct cli_command cmd_pin = {
	.name = "pin",
	.usage = "pin ACCOUNT [--off]",
	.summary = N_("put an account at the top of every queue (supervisors)"),
	.help = N_("  --off  take the pin away\n"),
	.run = pin_run,
};
