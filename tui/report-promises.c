/* report-promises.c -- cobrador report promises: the promises made in a
 * period and what became of them, by agent or by day, week or month. */
#include <getopt.h>
#include <locale.h>
#include <string.h>

#include "error.h"
#include "format.h"
#include "report.h"
#include "stats.h"

struct promises_out {
	struct report_out *o;
};

/* A rate in tenths as "50.0" (the locale's decimal point for people);
 * empty when there is none. */
static char *rate_text(const struct report_out *o, int tenths, char *buf,
    size_t size)
{
	const char *point = ".";
	if (tenths < 0) {
		buf[0] = '\0';
		return buf;
	}
	if (report_out_for_people(o) && *localeconv()->decimal_point)
		point = localeconv()->decimal_point;
	snprintf(buf, size, "%d%s%d", tenths / 10, point, tenths % 10);
	return buf;
}

static int promises_row(const struct cb_stats_promises_row *r, void *arg)
{
	struct promises_out *p = arg;
	const struct cb_stats_tally *t[] = { &r->made, &r->kept, &r->broken,
		&r->pending, &r->refused };
	char counts[5][24], amounts[5][40], rate[16];
	const char *cells[13] = { r->group, r->currency };
	for (size_t i = 0; i < 5; i++) {
		snprintf(counts[i], sizeof counts[i], "%llu",
		    (unsigned long long)t[i]->count);
		report_money(p->o, t[i]->amount, r->currency, amounts[i],
		    sizeof amounts[i]);
		cells[2 + 2 * i] = counts[i];
		cells[3 + 2 * i] = amounts[i];
	}
	cells[12] = rate_text(p->o, r->kept_rate, rate, sizeof rate);
	return report_out_row(p->o, cells);
}

static int promises_print(struct cli *cli, const void *options,
    enum report_format format)
{
	const struct cb_stats_promises_options *opt = options;
	const char *names[] = { cb_stats_by_name(opt->by), "currency", "made",
		"made_amount", "kept", "kept_amount", "broken", "broken_amount",
		"pending", "pending_amount", "refused", "refused_amount",
		"kept_rate" };
	static const char *const groups[] = { N_("agent"), N_("day"),
		N_("week"), N_("month") };
	const char *headers[] = { _(groups[opt->by]), _("currency"), _("made"),
		_("amount made"), _("kept"), _("amount kept"), _("broken"),
		_("amount broken"), _("pending"), _("amount pending"),
		_("refused"), _("amount refused"), _("kept %") };
	struct promises_out p = { report_out_new(format, 13, names, headers,
	    "llrrrrrrrrrrr") };
	if (p.o == NULL)
		return CB_ERR_NOMEM;
	int rc = cb_stats_promises(&cli->session, opt, promises_row, &p);
	int end = report_out_end(&p.o);
	return rc == CB_OK ? end : rc;
}

static int promises_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "agent", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_stats_promises_options opt = { .from = CB_DAY_NONE,
		.to = CB_DAY_NONE, .by = CB_STATS_BY_AGENT };
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
		case 'y':
			if (cb_stats_by_parse(optarg, &opt.by) == CB_OK)
				continue;
			cli_error(_("--by: agent, day, week or month"));
			return EXIT_USAGE;
		case 'f':
			if (report_format_parse(optarg, &format))
				continue;
			break;
		}
		return cli_usage(&cmd_report);
	}
	if (optind != argc)
		return cli_usage(&cmd_report);
	struct report_job job = { format, &opt, promises_print };
	return report_for_period(cli, &opt.from, &opt.to, &job);
}

const struct report_kind report_promises = {
	.name = "promises",
	.usage = "promises [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--agent LOGIN] "
	    "[--by agent|day|week|month] [--format table|csv|tsv]",
	.summary = N_("the promises made in a period and what became of them"),
	.help = N_("  --from D       the first day promises were made (default: "
	    "the first of\n"
	    "                 this month, UTC)\n"
	    "  --to D         the last day (default: today, UTC); each promise's "
	    "day is\n"
	    "                 the day in its portfolio's time zone\n"
	    "  --agent LOGIN  only the promises this agent took\n"
	    "  --by B         one row per agent (default), day, week or month, "
	    "and\n"
	    "                 currency\n"
	    "  --format F     table (default), csv or tsv\n"),
	.run = promises_run,
};
