/* cmd-report.c -- cobrador report KIND: finds the kind and runs it; the
 * output shared by every kind (a table, CSV or TSV). */
#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "error.h"
#include "format.h"
#include "money.h"
#include "report.h"
#include "stats.h"

static const struct report_kind *const kinds[] = {
	&report_aging,
	&report_promises, &report_agents, &report_activity,
	&report_kpi,
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

bool report_format_parse(const char *text, enum report_format *out)
{
	static const char *const names[] = { "table", "csv", "tsv" };
	for (size_t i = 0; i < 3; i++)
		if (strcmp(text, names[i]) == 0) {
			*out = (enum report_format)i;
			return true;
		}
	return false;
}

bool report_day(const char *name, const char *text, cb_day *out)
{
	const char *why;
	if (cb_day_parse(text, NULL, out, &why) == CB_OK)
		return true;
	cli_error(_("%s: %s: '%s'"), name, _(why), text);
	return false;
}

bool report_period(const struct cli *cli, cb_day *from, cb_day *to)
{
	char a[11], b[11];
	if (cb_stats_period(cli->session.now, from, to) == CB_OK)
		return true;
	cb_day_format(*from, a);
	cb_day_format(*to, b);
	cli_error(_("--from %s is later than --to %s"), a, b);
	return false;
}

int report_for_period(struct cli *cli, cb_day *from, cb_day *to,
    const struct report_job *job)
{
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	bool period = true;
	if (!cb_may(cli->session.role, CB_DO_REPORT))
		rc = CB_ERR_PERM;
	else if ((period = report_period(cli, from, to)))
		rc = job->print(cli, job->opt, job->format);
	cli_close(cli);
	if (!period)
		return EXIT_USAGE;
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("cannot make the report"));
}

struct report_out {
	enum report_format format;
	size_t ncols;
	struct table *t;
};

struct report_out *report_out_new(enum report_format format, size_t ncols,
    const char *const *names, const char *const *headers, const char *align)
{
	struct report_out *o = calloc(1, sizeof *o);
	if (o == NULL)
		return NULL;
	o->format = format;
	o->ncols = ncols;
	if (format == FORMAT_TABLE) {
		if ((o->t = table_new(ncols, headers, align)) == NULL) {
			free(o);
			return NULL;
		}
	} else if (cb_csv_write_row(stdout, format == FORMAT_CSV ? ',' : '\t',
	    names, ncols) != CB_OK) {
		free(o);
		return NULL;
	}
	return o;
}

bool report_out_for_people(const struct report_out *o)
{
	return o->format == FORMAT_TABLE;
}

int report_out_row(struct report_out *o, const char *const *cells)
{
	if (o->t)
		return table_add(o->t, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
	return cb_csv_write_row(stdout, o->format == FORMAT_CSV ? ',' : '\t',
	    cells, o->ncols);
}

int report_out_end(struct report_out **o)
{
	if (*o == NULL)
		return CB_OK;
	if ((*o)->t)
		table_print((*o)->t, stdout);
	table_free(&(*o)->t);
	free(*o);
	*o = NULL;
	return fflush(stdout) == 0 ? CB_OK : CB_ERR_IO;
}

char *report_money(const struct report_out *o, long long amount,
    const char *currency, char *buf, size_t size)
{
	const struct cb_currency *cur = cb_currency_find(currency);
	if (report_out_for_people(o))
		return fmt_money(amount, currency, buf, size);
	if (cur)
		cb_money_format_plain(amount, cur, buf, size);
	else
		snprintf(buf, size, "%lld", amount);
	return buf;
}

/* `report --help`: each kind's usage, summary and options. */
static void report_more_help(FILE *f)
{
	for (size_t i = 0; i < NKINDS; i++)
		fprintf(f, "\nreport %s\n  %s\n%s", kinds[i]->usage,
		    _(kinds[i]->summary), _(kinds[i]->help));
}

static int report_run(struct cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(&cmd_report);
	for (size_t i = 0; i < NKINDS; i++)
		if (strcmp(argv[1], kinds[i]->name) == 0)
			return kinds[i]->run(cli, argc - 1, argv + 1);
	cli_error(_("no report %s"), argv[1]);
	return cli_usage(&cmd_report);
}

const struct cli_command cmd_report = {
	.name = "report",
	.usage = "report KIND [OPTIONS]",
	.summary = N_("reports: aging, promises, agents, activity, key figures"),
	.help = N_("KIND is one of the reports below; each prints a table, or "
	    "CSV or TSV with\n--format.\n"),
	.more_help = report_more_help,
	.run = report_run,
};
