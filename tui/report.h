/*
 * report.h -- what the reports of `cobrador report KIND` share.
 *
 * Each kind lives in its own file (report-aging.c defines report_aging)
 * behind struct report_kind; cmd-report.c finds the kind and runs it.  A
 * report prints a table aligned for people, or CSV/TSV for machines (a
 * header row of fixed English names, '.' decimals, no grouping, dates
 * YYYY-MM-DD).
 */
#ifndef CB_TUI_REPORT_H
#define CB_TUI_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "date.h"

enum report_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_TSV };

/* Reads "table", "csv" or "tsv"; false for anything else. */
bool report_format_parse(const char *text, enum report_format *out);

struct report_kind {
	const char *name;    /* "aging" */
	const char *usage;   /* after "cobrador report " */
	const char *summary; /* one line */
	const char *help;    /* its options, one per line */
	/* argv[0] is the kind's name; returns an exit code. */
	int (*run)(struct cli *cli, int argc, char **argv);
};

extern const struct report_kind report_aging;
extern const struct report_kind report_promises, report_agents,
    report_activity;
extern const struct report_kind report_kpi;

/* Reads the day of --from or --to (name); false, with the error
 * printed, when it is no date. */
bool report_day(const char *name, const char *text, cb_day *out);

/* Sets the ends of a period not given (this month to today); false, with
 * the error printed, when it runs backwards. */
bool report_period(const struct cli *cli, cb_day *from, cb_day *to);

/* What a report of a period prints, once the period is settled. */
struct report_job {
	enum report_format format;
	const void *opt;    /* the kind's own options */
	int (*print)(struct cli *cli, const void *opt, enum report_format f);
};

/* Opens the database and, for one who may see reports, sets the ends of
 * the period not given and prints the report.  Returns the exit code. */
int report_for_period(struct cli *cli, cb_day *from, cb_day *to,
    const struct report_job *job);

/* The rows of a report as they are printed: a table (headers translated,
 * columns aligned by display width, align 'l' or 'r' per column) or CSV
 * or TSV (names as given) on stdout. */
struct report_out;
struct report_out *report_out_new(enum report_format format, size_t ncols,
    const char *const *names, const char *const *headers, const char *align);
/* True when cells are for people (amounts grouped, words translated). */
bool report_out_for_people(const struct report_out *o);
int report_out_row(struct report_out *o, const char *const *cells);
/* Prints what a table gathered and frees o. */
int report_out_end(struct report_out **o);

/* Writes an amount for the report: grouped for people, plain for
 * machines. */
char *report_money(const struct report_out *o, long long amount,
    const char *currency, char *buf, size_t size);

#endif
