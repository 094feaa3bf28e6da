/* report-kpi.c -- cobrador report kpi: the key figures of collection over
 * a period, one row per portfolio (doc/reports.md writes out each). */
#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "kpi.h"
#include "report.h"

/* The columns before the rolls; people get fewer of them. */
static const char *const machine_names[] = { "portfolio", "currency", "from",
	"to", "days", "credit_sales", "receivables_begin", "receivables_end",
	"receivables_current", "dso", "best_dso", "cei", "outcomes",
	"conversations", "promises", "rpc_rate", "promise_rate", "kept",
	"broken", "kept_rate" };
#define NMACHINE (sizeof machine_names / sizeof machine_names[0])
#define NPEOPLE 11
#define NCOLS_MAX (NMACHINE + CB_KPI_ROLLS_MAX)

/* The rows core gives, kept until they are printed. */
struct kpi_rows {
	struct cb_kpi_row *row;
	size_t n, cap;
};

/* A figure in tenths (54.8), with the locale's decimal point for people;
 * "" when it cannot be worked out. */
static char *tenths(const struct report_out *o, int64_t v, char *buf,
    size_t size)
{
	const char *point = ".";
	if (v == CB_KPI_NONE) {
		buf[0] = '\0';
		return buf;
	}
	if (report_out_for_people(o) && *localeconv()->decimal_point)
		point = localeconv()->decimal_point;
	unsigned long long a = v < 0 ? 0 - (unsigned long long)v
	                             : (unsigned long long)v;
	snprintf(buf, size, "%s%llu%s%llu", v < 0 ? "-" : "", a / 10, point,
	    a % 10);
	return buf;
}

/* A row's cells as they are made, each with room for its text. */
struct cells {
	const char *cell[NCOLS_MAX];
	char buf[NCOLS_MAX][40];
	size_t n;
	const struct report_out *o;
	const char *currency;
};

static void put_text(struct cells *c, const char *text)
{
	c->cell[c->n++] = text;
}

static void put_day(struct cells *c, cb_day day)
{
	cb_day_format(day, c->buf[c->n]);
	put_text(c, c->buf[c->n]);
}

static void put_money(struct cells *c, int64_t amount)
{
	put_text(c, report_money(c->o, amount, c->currency, c->buf[c->n], 40));
}

static void put_tenths(struct cells *c, int64_t v)
{
	put_text(c, tenths(c->o, v, c->buf[c->n], 40));
}

static void put_count(struct cells *c, uint64_t n)
{
	snprintf(c->buf[c->n], 40, "%llu", (unsigned long long)n);
	put_text(c, c->buf[c->n]);
}

/* The cells of a row for machines: every column of machine_names, then
 * the rolls. */
static void machine_cells(struct cells *c, const struct cb_kpi_row *r)
{
	put_text(c, r->portfolio);
	put_text(c, r->currency);
	put_day(c, r->from);
	put_day(c, r->to);
	put_count(c, (uint64_t)r->days);
	put_money(c, r->sales);
	put_money(c, r->receivables_begin);
	put_money(c, r->receivables_end);
	put_money(c, r->receivables_current);
	put_tenths(c, r->dso);
	put_tenths(c, r->best_dso);
	put_tenths(c, r->cei);
	put_count(c, r->outcomes);
	put_count(c, r->conversations);
	put_count(c, r->promises);
	put_tenths(c, r->rpc_rate);
	put_tenths(c, r->promise_rate);
	put_count(c, r->kept);
	put_count(c, r->broken);
	put_tenths(c, r->kept_rate);
	for (int k = 0; k < r->nrolls; k++)
		put_tenths(c, r->roll[k].rate);
}

/* The cells of a row for people: the period in one column, and of the
 * amounts the rates come from only sales and receivables, so that the
 * table stays as narrow as it can. */
static void people_cells(struct cells *c, const struct cb_kpi_row *r)
{
	char from[11], to[11];
	put_text(c, r->portfolio);
	put_text(c, r->currency);
	cb_day_format(r->from, from);
	cb_day_format(r->to, to);
	snprintf(c->buf[c->n], 40, "%s/%s", from, to);
	put_text(c, c->buf[c->n]);
	put_money(c, r->sales);
	put_money(c, r->receivables_end);
	put_tenths(c, r->dso);
	put_tenths(c, r->best_dso);
	put_tenths(c, r->cei);
	put_tenths(c, r->rpc_rate);
	put_tenths(c, r->promise_rate);
	put_tenths(c, r->kept_rate);
	for (int k = 0; k < r->nrolls; k++)
		put_tenths(c, r->roll[k].rate);
}

static int keep_row(const struct cb_kpi_row *r, void *arg)
{
	struct kpi_rows *rows = arg;
	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 4;
		struct cb_kpi_row *p = realloc(rows->row, cap * sizeof *p);
		if (p == NULL)
			return CB_ERR_NOMEM;
		rows->row = p;
		rows->cap = cap;
	}
	rows->row[rows->n++] = *r;
	return CB_OK;
}

static int print_row(struct report_out *o, const struct cb_kpi_row *r)
{
	struct cells c = { .o = o, .currency = r->currency };
	if (report_out_for_people(o))
		people_cells(&c, r);
	else
		machine_cells(&c, r);
	return report_out_row(o, c.cell);
}

/* The names and headers of the roll columns: "roll_1_30" and "roll 1-30
 * %", from the aging's names of the buckets. */
static void roll_names(const struct cb_aging_options *aging,
    char (*names)[32], char (*headers)[64])
{
	for (int b = 0; b <= aging->nbounds; b++) {
		char bucket[24];
		cb_aging_bucket_name(aging, b, bucket, sizeof bucket);
		snprintf(names[b], 32, "roll_%s", bucket);
		for (char *p = names[b]; *p; p++)
			if (*p == '-')
				*p = '_';
		snprintf(headers[b], 64, _("roll %s %%"), b ? bucket : _("current"));
	}
}

static int kpi_print(const struct cb_kpi_options *opt,
    enum report_format format, const struct kpi_rows *rows)
{
	const char *people[NPEOPLE] = { _("portfolio"), _("currency"),
		_("period"), _("credit sales"), _("receivables"), _("DSO"),
		_("best DSO"), _("CEI %"), _("RPC %"), _("promises %"),
		_("kept %") };
	char roll[CB_KPI_ROLLS_MAX][32], roll_header[CB_KPI_ROLLS_MAX][64];
	const char *names[NCOLS_MAX], *headers[NCOLS_MAX];
	char align[NCOLS_MAX + 1];
	size_t nrolls = (size_t)opt->aging.nbounds + 1;
	size_t nbase = format == FORMAT_TABLE ? NPEOPLE : NMACHINE;
	roll_names(&opt->aging, roll, roll_header);
	/* Names for machines, headers for people: only one set is used. */
	for (size_t i = 0; i < nbase + nrolls; i++) {
		bool base = i < nbase;
		names[i] = base ? machine_names[i] : roll[i - nbase];
		headers[i] = base ? people[i < NPEOPLE ? i : 0]
		                  : roll_header[i - nbase];
		align[i] = i < 3 ? 'l' : 'r';
	}
	align[nbase + nrolls] = '\0';
	struct report_out *o = report_out_new(format, nbase + nrolls, names,
	    headers, align);
	if (o == NULL)
		return CB_ERR_NOMEM;
	int rc = CB_OK;
	for (size_t i = 0; rc == CB_OK && i < rows->n; i++)
		rc = print_row(o, &rows->row[i]);
	int end = report_out_end(&o);
	return rc == CB_OK ? end : rc;
}

/* The report, or the error alone: nothing is printed before core has
 * answered, so that a refusal leaves no header behind. */
static int kpi_report(struct cli *cli, const struct cb_kpi_options *opt,
    enum report_format format)
{
	struct kpi_rows rows = { NULL, 0, 0 };
	int rc = cb_kpi(&cli->session, opt, keep_row, &rows);
	if (rc == CB_OK)
		rc = kpi_print(opt, format, &rows);
	free(rows.row);
	return rc;
}

static int kpi_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 's' },
		{ "to", required_argument, NULL, 'e' },
		{ "portfolio", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_kpi_options opt;
	enum report_format format = FORMAT_TABLE;
	int c;
	cb_kpi_defaults(&opt);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (report_day("--from", optarg, &opt.from))
				continue;
			return EXIT_USAGE;
		case 'e':
			if (report_day("--to", optarg, &opt.to))
				continue;
			return EXIT_USAGE;
		case 'p': opt.portfolio = optarg; continue;
		case 'f':
			if (report_format_parse(optarg, &format))
				continue;
			break;
		}
		return cli_usage(&cmd_report);
	}
	if (optind != argc)
		return cli_usage(&cmd_report);
	if (opt.from != CB_DAY_NONE && opt.to != CB_DAY_NONE && opt.from > opt.to) {
		cli_error(_("--from is after --to"));
		return EXIT_USAGE;
	}
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = kpi_report(cli, &opt, format);
	cli_close(cli);
	if (rc == CB_ERR_NOTFOUND) {
		cli_error(_("no portfolio %s"), opt.portfolio);
		return EXIT_INPUT;
	}
	if (rc == CB_ERR_INPUT && opt.from != CB_DAY_NONE &&
	    opt.to == CB_DAY_NONE) {
		/* --to is each portfolio's today: --from is later. */
		cli_error(_("--from is after --to"));
		return EXIT_USAGE;
	}
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("cannot make the report"));
}

const struct report_kind report_kpi = {
	.name = "kpi",
	.usage = "kpi [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--portfolio P] "
	    "[--format table|csv|tsv]",
	.summary = N_("key figures over a period: DSO, CEI, contact, promise "
	    "and roll rates"),
	.help = N_("  --from D       the first day of the period (default: the "
	    "first day of the\n"
	    "                 month of --to)\n"
	    "  --to D         the last day of the period (default: today in "
	    "each\n"
	    "                 portfolio's time zone)\n"
	    "  --portfolio P  one portfolio only\n"
	    "  --format F     table (default), csv or tsv\n"),
	.run = kpi_run,
};
