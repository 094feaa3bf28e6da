/* report-activity.c -- cobrador report activity: the events of a period,
 * oldest first, filtered by user, account and kind. */
#include <getopt.h>
#include <string.h>

#include "error.h"
#include "event.h"
#include "format.h"
#include "queue.h"
#include "report.h"
#include "stats.h"

struct activity_out {
	struct report_out *o;
};

static int activity_row(const struct cb_event *ev, void *arg)
{
	struct activity_out *a = arg;
	char seq[24], when[17], account[CB_PORTFOLIO_MAX + CB_ID_MAX + 2] = "";
	char details[4096];
	snprintf(seq, sizeof seq, "%llu", (unsigned long long)ev->seq);
	cb_time_format_utc(ev->time, when);
	if (ev->portfolio && ev->debtor)
		snprintf(account, sizeof account, "%s/%s", ev->portfolio,
		    ev->debtor);
	cb_event_details(ev, details, sizeof details);
	const char *cells[] = { seq, when, ev->user, ev->kind, account, details };
	return report_out_row(a->o, cells);
}

static int activity_print(struct cli *cli,
    const struct cb_stats_activity_options *opt, enum report_format format)
{
	static const char *const names[] = { "seq", "time", "user", "kind",
		"account", "details" };
	const char *headers[] = { _("seq"), _("time (UTC)"), _("user"),
		_("kind"), _("account"), _("details") };
	struct activity_out a = { report_out_new(format, 6, names, headers,
	    "rlllll") };
	if (a.o == NULL)
		return CB_ERR_NOMEM;
	int rc = cb_stats_activity(&cli->session, opt, activity_row, &a);
	int end = report_out_end(&a.o);
	return rc == CB_OK ? end : rc;
}

/* The report once the database is open: who may, the account named, the
 * period.  Returns an exit code. */
static int activity_report(struct cli *cli,
    struct cb_stats_activity_options *opt, const char *account,
    enum report_format format)
{
	struct cb_account_ref ref;
	int rc;
	/* Not permitted comes before whether the account exists. */
	if (!cb_may(cli->session.role, CB_DO_REPORT))
		return cli_fail(CB_ERR_PERM, _("cannot make the report"));
	if (account) {
		if ((rc = cli_account(cli, account, &ref)) != EXIT_DONE)
			return rc;
		opt->portfolio = ref.portfolio;
		opt->debtor = ref.debtor;
	}
	if (!report_period(cli, &opt->from, &opt->to))
		return EXIT_USAGE;
	rc = activity_print(cli, opt, format);
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("cannot make the report"));
}

static int activity_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "agent", required_argument, NULL, 'a' },
		{ "account", required_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_stats_activity_options opt = { .from = CB_DAY_NONE,
		.to = CB_DAY_NONE };
	enum report_format format = FORMAT_TABLE;
	const char *account = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'F':
		case 'T':
			if (report_day(c == 'F' ? "--from" : "--to", optarg,
			    c == 'F' ? &opt.from : &opt.to))
				continue;
			return EXIT_USAGE;
		case 'a': opt.agent = optarg; continue;
		case 'c': account = optarg; continue;
		case 'k': opt.kinds = optarg; continue;
		case 'f':
			if (report_format_parse(optarg, &format))
				continue;
			break;
		}
		return cli_usage(&cmd_report);
	}
	if (optind != argc)
		return cli_usage(&cmd_report);
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = activity_report(cli, &opt, account, format);
	cli_close(cli);
	return rc;
}

const struct report_kind report_activity = {
	.name = "activity",
	.usage = "activity [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--agent LOGIN] "
	    "[--account ACCOUNT] [--kind K[,K...]] [--format table|csv|tsv]",
	.summary = N_("the events of a period, oldest first"),
	.help = N_("  --from D       the first day (default: the first of this "
	    "month, UTC)\n"
	    "  --to D         the last day (default: today, UTC); each event's "
	    "day is the\n"
	    "                 day in its portfolio's time zone, UTC for events "
	    "about no\n"
	    "                 account\n"
	    "  --agent LOGIN  only the events this user wrote\n"
	    "  --account A    only the events of this account\n"
	    "  --kind K,...   only these kinds of event (claim, outcome, "
	    "payment...)\n"
	    "  --format F     table (default), csv or tsv\n"),
	.run = activity_run,
};
