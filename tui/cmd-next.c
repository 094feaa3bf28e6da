/* cmd-next.c -- cobrador next: claim the next account to call. */
#include <getopt.h>

#include "cli.h"
#include "error.h"
#include "queue.h"

static int next_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "agent", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *agent = NULL, *why = NULL;
	struct cb_account_ref a;
	char name[128];
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c != 'a')
			return cli_usage(&cmd_next);
		agent = optarg;
	}
	if (optind != argc)
		return cli_usage(&cmd_next);
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = cb_queue_next(&cli->session, agent, &a, &why);
	cli_close(cli);
	if (rc == CB_ERR_NOTHING || rc == CB_ERR_INPUT) {
		cli_error("%s", _(why));
		return rc == CB_ERR_NOTHING ? EXIT_NOTHING : EXIT_INPUT;
	}
	if (rc != CB_OK)
		return cli_fail(rc, _("cannot claim an account"));
	printf("%s\n", cli_account_name(&a, name, sizeof name));
	return EXIT_DONE;
}

const struct cli_command cmd_next = {
	.name = "next",
	.usage = "next [--agent LOGIN]",
	.summary = N_("claim the next account to call (prints it)"),
	.help = N_("  --agent LOGIN  claim for another agent (supervisors)\n\n"
	    "The account is yours for the lease (10 minutes unless configured),\n"
	    "renewed by 'next' again; logging an outcome or 'release' gives it\n"
	    "back.  Exit 3 when nothing is callable, with why.\n"),
	.run = next_run,
};
