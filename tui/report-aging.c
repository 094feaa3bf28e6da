/* report-aging.c -- cobrador report aging: receivables by days past due,
 * per portfolio or per debtor, today or as of a past day. */
#include <getopt.h>
#include <string.h>

#include "aging.h"
#include "error.h"
#include "format.h"
#include "report.h"

struct aging_out {
	const struct cb_aging_options *opt;
	struct report_out *o;
};

static int aging_row(const struct cb_aging_row *r, void *arg)
{
	struct aging_out *a = arg;
	char bucket[24], docs[24], amount[40];
	bool people = report_out_for_people(a->o);
	cb_aging_bucket_name(a->opt, r->bucket, bucket, sizeof bucket);
	if (people && r->bucket == 0)
		snprintf(bucket, sizeof bucket, "%s", _("current"));
	snprintf(docs, sizeof docs, "%llu", (unsigned long long)r->documents);
	report_money(a->o, r->amount, r->currency, amount, sizeof amount);
	const char *cells[] = { r->debtor, r->name, r->portfolio, r->currency,
		bucket, docs, amount };
	const char *segment[] = { r->portfolio, r->currency, r->segment, bucket,
		docs, amount };
	if (a->opt->by_segment)
		return report_out_row(a->o, segment);
	return report_out_row(a->o, a->opt->by_debtor ? cells : cells + 2);
}

static int aging_print(struct cli *cli, struct cb_aging_options *opt,
    enum report_format format)
{
	static const char *const names[] = { "debtor_id", "name", "portfolio",
		"currency", "bucket", "documents", "amount" };
	const char *headers[] = { _("debtor"), _("name"), _("portfolio"),
		_("currency"), _("bucket"), _("documents"), _("amount") };
	static const char *const segment_names[] = { "portfolio", "currency",
		"segment", "bucket", "documents", "amount" };
	const char *segment_headers[] = { _("portfolio"), _("currency"),
		_("segment"), _("bucket"), _("documents"), _("amount") };
	size_t skip = opt->by_debtor ? 0 : 2;
	struct aging_out a = { opt, opt->by_segment ?
	    report_out_new(format, 6, segment_names, segment_headers, "llllrr") :
	    report_out_new(format, 7 - skip, names + skip, headers + skip,
	    "lllllrr" + skip) };
	if (a.o == NULL)
		return CB_ERR_NOMEM;
	int rc = cb_aging(&cli->session, opt, aging_row, &a);
	int end = report_out_end(&a.o);
	return rc == CB_OK ? end : rc;
}

static int aging_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "portfolio", required_argument, NULL, 'p' },
		{ "buckets", required_argument, NULL, 'b' },
		{ "by", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_aging_options opt;
	enum report_format format = FORMAT_TABLE;
	const char *why;
	int c;
	cb_aging_defaults(&opt);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (cb_day_parse(optarg, NULL, &opt.as_of, &why) == CB_OK)
				continue;
			cli_error(_("--as-of: %s: '%s'"), _(why), optarg);
			return EXIT_USAGE;
		case 'p': opt.portfolio = optarg; continue;
		case 'b':
			if (cb_aging_parse_bounds(optarg, &opt) == CB_OK)
				continue;
			cli_error(_("--buckets: ascending days, such as 30,60,90"));
			return EXIT_USAGE;
		case 'y':
			if (strcmp(optarg, "debtor") == 0 ||
			    strcmp(optarg, "segment") == 0 ||
			    strcmp(optarg, "portfolio") == 0) {
				opt.by_debtor = optarg[0] == 'd';
				opt.by_segment = optarg[0] == 's';
				continue;
			}
			cli_error(_("--by: portfolio, segment or debtor"));
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
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = aging_print(cli, &opt, format);
	cli_close(cli);
	if (rc == CB_ERR_NOTFOUND) {
		cli_error(_("no portfolio %s"), opt.portfolio);
		return EXIT_INPUT;
	}
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("cannot make the report"));
}

const struct report_kind report_aging = {
	.name = "aging",
	.usage = "aging [--as-of YYYY-MM-DD] [--portfolio P] "
	    "[--buckets 30,60,90] [--by portfolio|segment|debtor] "
	    "[--format table|csv|tsv]",
	.summary = N_("the aging of receivables"),
	.help = N_("  --as-of D      the date days past due are counted to "
	    "(default: today\n"
	    "                 in each portfolio's time zone)\n"
	    "  --portfolio P  one portfolio only\n"
	    "  --buckets B    the bounds of the buckets (default 30,60,90: "
	    "current,\n"
	    "                 1-30, 31-60, 61-90, 91+)\n"
	    "  --by segment   one row per segment (as each account's is now) and "
	    "bucket\n"
	    "  --by debtor    one row per debtor and bucket\n"
	    "  --format F     table (default), csv or tsv\n"),
	.run = aging_run,
};
