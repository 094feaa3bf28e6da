/* cmd-log.c -- cobrador log: the outcome of a call, as the TUI logs it. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "format.h"
#include "queue.h"
#include "script.h"

/* Says why the debtor's rule pack refused the call, and until when. */
static void refused(struct cli *cli, const struct cb_account_ref *a,
    const char *name, const char *why)
{
	struct cb_contact_check c;
	char text[256];
	if (cb_queue_contact(&cli->session, a, &c) == CB_OK &&
	    c.block != CB_BLOCK_NONE)
		cli_error("%s: %s: %s", name, _(why), fmt_contact(&c, text,
		    sizeof text));
	else
		cli_error("%s: %s", name, _(why));
}

static int log_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "amount", required_argument, NULL, 'a' },
		{ "date", required_argument, NULL, 'd' },
		{ "at", required_argument, NULL, 't' },
		{ "anyone", no_argument, NULL, 'y' },
		{ "installments", required_argument, NULL, 'i' },
		{ "every", required_argument, NULL, 'e' },
		{ "phone", required_argument, NULL, 'p' },
		{ "note", required_argument, NULL, 'n' },
		{ "script", required_argument, NULL, 's' },
		{ "path", required_argument, NULL, 'w' },
		{ "answer", required_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_log_request req = { 0 };
	const char *answers[CB_SCRIPT_STEPS_MAX];
	struct cb_account_ref a;
	const char *why = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': req.amount = optarg; break;
		case 'd': req.date = optarg; break;
		case 't': req.at = optarg; break;
		case 'y': req.for_anyone = true; break;
		case 'i': req.installments = atoi(optarg); break;
		case 'e': req.every_days = atoi(optarg); break;
		case 'p': req.phone = optarg; break;
		case 'n': req.note = optarg; break;
		case 's': req.script = optarg; break;
		case 'w': req.path = optarg; break;
		case 'q':
			if (req.nanswers == CB_SCRIPT_STEPS_MAX || !strchr(optarg, '='))
				return cli_usage(&cmd_log);
			answers[req.nanswers++] = optarg;
			break;
		default: return cli_usage(&cmd_log);
		}
	}
	if (argc - optind != 2)
		return cli_usage(&cmd_log);
	req.code = argv[optind + 1];
	req.answers = answers;
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	if ((rc = cli_account(cli, argv[optind], &a)) == EXIT_DONE) {
		rc = cb_queue_log(&cli->session, &a, &req, &why);
		if (rc == CB_ERR_INPUT)
			cli_error("%s: %s", req.code, _(why));
		else if (rc == CB_ERR_CONFLICT)
			cli_error(_("another agent holds %s"), argv[optind]);
		else if (rc == CB_ERR_PERM && why)
			refused(cli, &a, argv[optind], why);
		rc = rc == CB_ERR_INPUT || rc == CB_ERR_CONFLICT ||
		    (rc == CB_ERR_PERM && why) ? cli_exit_code(rc)
		    : rc == CB_OK ? EXIT_DONE
		    : cli_fail(rc, _("the outcome was not logged"));
	}
	cli_close(cli);
	return rc;
}


const struct cli_command cmd_log = {
	.name = "log",
	.usage = "log ACCOUNT CODE [--amount A] [--date D] [--at TIME] "
	    "[--anyone] [--installments N] [--every DAYS] [--phone P] [--note T] "
	    "[--script ID[:VERSION] [--path STEPS] [--answer KEY=VALUE]...]",
	.summary = N_("log the outcome of a call (the account is released)"),
	.help = N_("  --amount A   PTP, PLAN: the amount promised\n"
	    "  --date D     PTP, PLAN: the day it is promised for\n"
	    "  --at TIME    CB: when to call back (ISO 8601, like --now)\n"
	    "  --anyone     CB: any agent may make the callback\n"
	    "  --installments N  PLAN: the amount in N installments (2 to 120)\n"
	    "  --every DAYS      PLAN: days between installments (default 30)\n"
	    "  --phone P    the number called (WN, DC mark it bad)\n"
	    "  --note T     a note\n"
	    "  --script ID[:VERSION]  the call script read (doc/scripts.md)\n"
	    "  --path STEPS the script's steps taken: identify>disclose>promise\n"
	    "  --answer KEY=VALUE     an answer to one of its questions\n\n"
	    "Codes: PTP promise to pay, PAID says it is paid, RPC right party,\n"
	    "RTP refuses to pay, DSP dispute, CB callback, PLAN payment plan,\n"
	    "LM left a message, NA no answer, BZ busy, WPC third party,\n"
	    "WN wrong number, DC disconnected, DEC deceased, BK bankruptcy,\n"
	    "CD cease contact.\n\n"
	    "On an account nobody holds (a debtor who calls in) the account is\n"
	    "claimed, logged and released at once; one another agent holds is\n"
	    "a conflict (exit 5).  A call the debtor's rule pack forbids now is\n"
	    "refused (exit 4) with the reason; a call made while you held the\n"
	    "account is judged at the time you claimed it.  Exit 0 means the\n"
	    "outcome is on disk.\n"),
	.run = log_run,
};
