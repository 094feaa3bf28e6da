/* cmd-report.c -- cobrador report aging (more reports come later). */
#include <getopt.h>
#include <string.h>

#include "aging.h"
#include "cli.h"
#include "csvout.h"
#include "error.h"
#include "format.h"
#include "money.h"

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_TSV };

struct out {
	enum format format;
	const struct cb_aging_options *opt;
	struct table *t;
};

static int aging_row(const struct cb_aging_row *r, void *arg)
{
	struct out *o = arg;
	char bucket[24], docs[24], amount[40];
	const struct cb_currency *cur = cb_currency_find(r->currency);
	cb_aging_bucket_name(o->opt, r->bucket, bucket, sizeof bucket);
	if (o->format == FORMAT_TABLE && r->bucket == 0)
		snprintf(bucket, sizeof bucket, "%s", _("current"));
	snprintf(docs, sizeof docs, "%llu", (unsigned long long)r->documents);
	if (o->format == FORMAT_TABLE)
		fmt_money(r->amount, r->currency, amount, sizeof amount);
	else if (cur)
		cb_money_format_plain(r->amount, cur, amount, sizeof amount);
	const char *cells[] = { r->debtor, r->name, r->portfolio, r->currency,
		bucket, docs, amount };
	const char *const *row = o->opt->by_debtor ? cells : cells + 2;
	size_t n = o->opt->by_debtor ? 7 : 5;
	if (o->format == FORMAT_TABLE)
		return table_add(o->t, row) == 0 ? CB_OK : CB_ERR_NOMEM;
	return cb_csv_write_row(stdout, o->format == FORMAT_CSV ? ',' : '\t',
	    row, n);
}

static int report_aging(struct cli *cli, struct cb_aging_options *opt,
    enum format format)
{
	static const char *const names[] = { "debtor_id", "name", "portfolio",
		"currency", "bucket", "documents", "amount" };
	const char *headers[] = { _("debtor"), _("name"), _("portfolio"),
		_("currency"), _("bucket"), _("documents"), _("amount") };
	struct out o = { format, opt, NULL };
	size_t skip = opt->by_debtor ? 0 : 2;
	if (format == FORMAT_TABLE) {
		o.t = table_new(7 - skip, headers + skip, "lllllrr" + skip);
		if (o.t == NULL)
			return CB_ERR_NOMEM;
	} else {
		cb_csv_write_row(stdout, format == FORMAT_CSV ? ',' : '\t',
		    names + skip, 7 - skip);
	}
	int rc = cb_aging(&cli->session, opt, aging_row, &o);
	if (rc == CB_OK && o.t)
		table_print(o.t, stdout);
	table_free(&o.t);
	return rc;
}

static int report_run(struct cli *cli, int argc, char **argv)
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
	enum format format = FORMAT_TABLE;
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
			if (strcmp(optarg, "debtor") == 0 || strcmp(optarg, "portfolio") == 0) {
				opt.by_debtor = optarg[0] == 'd';
				continue;
			}
			cli_error(_("--by: portfolio or debtor"));
			return EXIT_USAGE;
		case 'f':
			if (strcmp(optarg, "table") == 0)
				format = FORMAT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				format = FORMAT_CSV;
			else if (strcmp(optarg, "tsv") == 0)
				format = FORMAT_TSV;
			else
				return cli_usage(&cmd_report);
			continue;
		}
		return cli_usage(&cmd_report);
	}
	if (argc - optind != 1 || strcmp(argv[optind], "aging") != 0)
		return cli_usage(&cmd_report);
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = report_aging(cli, &opt, format);
	cli_close(cli);
	if (rc == CB_ERR_NOTFOUND) {
		cli_error(_("no portfolio %s"), opt.portfolio);
		return EXIT_INPUT;
	}
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("cannot make the report"));
}

const struct cli_command cmd_report = {
	.name = "report",
	.usage = "report aging [--as-of YYYY-MM-DD] [--portfolio P] "
	    "[--buckets 30,60,90] [--by portfolio|debtor] [--format table|csv|tsv]",
	.summary = N_("reports: the aging of receivables"),
	.help = N_("  --as-of D      the date days past due are counted to "
	    "(default: today\n"
	    "                 in each portfolio's time zone)\n"
	    "  --portfolio P  one portfolio only\n"
	    "  --buckets B    the bounds of the buckets (default 30,60,90: "
	    "current,\n"
	    "                 1-30, 31-60, 61-90, 91+)\n"
	    "  --by debtor    one row per debtor and bucket\n"
	    "  --format F     table (default), csv or tsv\n"),
	.run = report_run,
};
