/* cmd-check.c -- cobrador check: every invariant and the event chain. */
#include "check.h"
#include "cli.h"
#include "error.h"
#include "format.h"

static void print_fault(const char *text, void *arg)
{
	char buf[600];
	(void)arg;
	cli_error("%s", fmt_text(text, buf, sizeof buf));
}

static int check_run(struct cli *cli, int argc, char **argv)
{
	struct cb_check_counts n;
	(void)argv;
	if (argc != 1)
		return cli_usage(&cmd_check);
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = cb_check(&cli->session, &n, print_fault, NULL);
	cli_close(cli);
	if (rc == CB_ERR_CORRUPT) {
		cli_error(_("%llu faults found"), (unsigned long long)n.faults);
		return EXIT_INPUT;
	}
	if (rc != CB_OK)
		return cli_fail(rc, _("cannot check the database"));
	printf(_("OK: %llu events in an unbroken chain, %llu accounts, %llu "
	    "documents and %llu payments agree.\n"),
	    (unsigned long long)n.events, (unsigned long long)n.accounts,
	    (unsigned long long)n.documents, (unsigned long long)n.payments);
	return EXIT_DONE;
}

const struct cli_command cmd_check = {
	.name = "check",
	.usage = "check",
	.summary = N_("verify the database: balances, indexes, the event chain"),
	.help = N_("Exits 0 when every check passes, 2 naming each fault "
	    "otherwise.\n"),
	.run = check_run,
};
