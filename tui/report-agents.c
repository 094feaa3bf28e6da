/* report-agents.c -- cobrador report agents: what each agent did each day
 * of a period (attempts, contacts, promises, what their promises
 * collected, contacts per hour worked). */
#include <getopt.h>
#include <locale.h>
#include <string.h>

#include "error.h"
#include "format.h"
#include "report.h"
#include "stats.h"

struct agents_out {
	struct report_out *o;
};

/* value / 10^places as text with that many decimals (the locale's
 * decimal point for people); empty when value is negative. */
static char *fixed_text(const struct report_out *o, long long value,
    int places, char *buf, size_t size)
{
	const char *point = ".";
	long long unit = places == 2 ? 100 : 10;
	if (value < 0) {
		buf[0] = '\0';
		return buf;
	}
	if (report_out_for_people(o) && *localeconv()->decimal_point)
		point = localeconv()->decimal_point;
	snprintf(buf, size, "%lld%s%0*lld", value / unit, point, places,
	    value % unit);
	return buf;
}

static int agents_row(const struct cb_stats_agent_day *r, void *arg)
{
	struct agents_out *a = arg;
	char day[11], attempts[24], contacts[24], promises[24], promised[40],
	    collected[40], hours[32], rate[32];
	cb_day_format(r->day, day);
	snprintf(attempts, sizeof attempts, "%llu",
	    (unsigned long long)r->attempts);
	snprintf(contacts, sizeof contacts, "%llu",
	    (unsigned long long)r->contacts);
	snprintf(promises, sizeof promises, "%llu",
	    (unsigned long long)r->promises);
	report_money(a->o, r->promised, r->currency, promised, sizeof promised);
	report_money(a->o, r->collected, r->currency, collected,
	    sizeof collected);
	/* Hours in hundredths, rounded half up: 6.25 is 6 h 15 min. */
	fixed_text(a->o, r->worked ? (r->worked * 200 + 3600) / 7200 : -1, 2,
	    hours, sizeof hours);
	fixed_text(a->o, r->contacts_per_hour, 1, rate, sizeof rate);
	const char *cells[] = { r->agent, day, r->currency, attempts, contacts,
		promises, promised, collected, hours, rate };
	return report_out_row(a->o, cells);
}

static int agents_print(struct cli *cli, const void *options,
    enum report_format format)
{
	const struct cb_stats_agents_options *opt = options;
	static const char *const names[] = { "agent", "day", "currency",
		"attempts", "contacts", "promises", "promised_amount",
		"collected_amount", "hours", "contacts_per_hour" };
	const char *headers[] = { _("agent"), _("day"), _("currency"),
		_("attempts"), _("contacts"), _("promises"), _("promised"),
		_("collected"), _("hours"), _("contacts/hour") };
	struct agents_out a = { report_out_new(format, 10, names, headers,
	    "lllrrrrrrr") };
	if (a.o == NULL)
		return CB_ERR_NOMEM;
	int rc = cb_stats_agents(&cli->session, opt, agents_row, &a);
	int end = report_out_end(&a.o);
	return rc == CB_OK ? end : rc;
}

static int agents_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "agent", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_stats_agents_options opt = { .from = CB_DAY_NONE,
		.to = CB_DAY_NONE };
	enum report_format format = FORMAT_TABLE;
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
		case 'f':
			if (report_format_parse(optarg, &format))
				continue;
			break;
		}
		return cli_usage(&cmd_report);
	}
	if (optind != argc)
		return cli_usage(&cmd_report);
	struct report_job job = { format, &opt, agents_print };
	return report_for_period(cli, &opt.from, &opt.to, &job);
}

const struct report_kind report_agents = {
	.name = "agents",
	.usage = "agents [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--agent LOGIN] "
	    "[--format table|csv|tsv]",
	.summary = N_("what each agent did each day: attempts, contacts, "
	    "promises, collected"),
	.help = N_("  --from D       the first day (default: the first of this "
	    "month, UTC)\n"
	    "  --to D         the last day (default: today, UTC); each event's "
	    "day is the\n"
	    "                 day in its portfolio's time zone\n"
	    "  --agent LOGIN  only this agent\n"
	    "  --format F     table (default), csv or tsv\n"),
	.run = agents_run,
};
