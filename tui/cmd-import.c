/* cmd-import.c -- cobrador import: the ERP's debtors, invoices, payments. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "format.h"
#include "import.h"

static void import_progress(uint64_t done, uint64_t total, void *arg)
{
	cli_progress(arg, done, total);
}

/* Reads --delimiter: one of , ; tab. */
static int read_delimiter(const char *text, char *out)
{
	if (strcmp(text, "tab") == 0 || strcmp(text, "\\t") == 0 ||
	    strcmp(text, "\t") == 0)
		*out = '\t';
	else if (strcmp(text, ",") == 0 || strcmp(text, ";") == 0)
		*out = text[0];
	else
		return -1;
	return 0;
}

/* Prints the problems as FILE:LINE: column: problem. */
static void print_problems(const char *path, const struct cb_import_result *r)
{
	char column[128], message[512];
	for (size_t i = 0; i < r->nkept; i++) {
		const struct cb_import_problem *p = &r->kept[i];
		fmt_text(p->column, column, sizeof column);
		fmt_text(p->message, message, sizeof message);
		if (p->line > 0)
			fprintf(stderr, "cobrador: %s:%ld: %s%s%s\n", path, p->line,
			    column, *column ? ": " : "", message);
		else
			fprintf(stderr, "cobrador: %s: %s\n", path, message);
	}
	if (r->problems > r->nkept)
		fprintf(stderr, _("cobrador: %s: and %llu more bad rows\n"), path,
		    (unsigned long long)(r->problems - r->nkept));
}

static void print_summary(const char *path, const struct cb_import_result *r,
    const struct cb_import_options *opt)
{
	if (r->encoding_guessed && strcmp(r->encoding, "UTF-8") != 0)
		printf(_("%s: not UTF-8; read as %s\n"), path, r->encoding);
	printf(ngettext("%s: %llu row: %llu added, %llu updated, %llu unchanged, "
	    "%llu skipped, %llu rejected\n", "%s: %llu rows: %llu added, "
	    "%llu updated, %llu unchanged, "
	    "%llu skipped, %llu rejected\n", r->rows), path,
	    (unsigned long long)r->rows, (unsigned long long)r->added,
	    (unsigned long long)r->updated, (unsigned long long)r->unchanged,
	    (unsigned long long)r->skipped, (unsigned long long)r->rejected);
	if (opt->dry_run)
		printf(_("Dry run: nothing was changed.\n"));
}

static int import_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "date-format", required_argument, NULL, 'f' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "rejects", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct cb_import_options opt = { 0 };
	struct cb_import_result result;
	enum cb_import_kind kind;
	const char *rejects = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': opt.encoding = optarg; break;
		case 'f': opt.date_format = optarg; break;
		case 'n': opt.dry_run = true; break;
		case 'r': rejects = optarg; break;
		case 'd':
			if (read_delimiter(optarg, &opt.delimiter) == 0)
				break;
			cli_error(_("--delimiter: give ',', ';' or 'tab'"));
			return EXIT_USAGE;
		default: return cli_usage(&cmd_import);
		}
	}
	if (argc - optind != 2 || cb_import_kind_parse(argv[optind], &kind))
		return cli_usage(&cmd_import);
	const char *path = argv[optind + 1];
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	if (rejects && (opt.rejects = fopen(rejects, "w")) == NULL) {
		cli_error(_("%s: cannot write the rejects file"), rejects);
		cli_close(cli);
		return EXIT_INPUT;
	}
	opt.progress = import_progress;
	opt.progress_arg = (void *)path;
	rc = cb_import(&cli->session, kind, path, &opt, &result);
	if (opt.rejects && fclose(opt.rejects) != 0 && rc == CB_OK)
		rc = CB_ERR_IO;
	cli_close(cli);
	if (rc == CB_ERR_INPUT) {
		print_problems(path, &result);
		cli_error(_("%s: nothing was imported"), path);
		return EXIT_INPUT;
	}
	if (rc == CB_ERR_IO && result.rows == 0) {
		cli_error(_("%s: cannot read the file"), path);
		return EXIT_INPUT;
	}
	if (rc != CB_OK)
		return cli_fail(rc, path);
	print_problems(path, &result);
	print_summary(path, &result, &opt);
	return EXIT_DONE;
}

const struct cli_command cmd_import = {
	.name = "import",
	.usage = "import debtors|invoices|payments FILE [--encoding E] "
	    "[--delimiter C] [--date-format F] [--dry-run] [--rejects FILE]",
	.summary = N_("load the ERP's debtors, invoices or payments (CSV)"),
	.help = N_("  --encoding E     the file's encoding, any iconv name "
	    "(default: UTF-8 when\n"
	    "                   the file is valid UTF-8, else WINDOWS-1252)\n"
	    "  --delimiter C    ',', ';' or 'tab' (default: found in the header)\n"
	    "  --date-format F  a strptime format for month-first dates, "
	    "e.g. %m/%d/%Y\n"
	    "  --dry-run        check every row, change nothing\n"
	    "  --rejects FILE   load the good rows; write the bad ones to FILE "
	    "with the reason\n\n"
	    "Without --rejects a file with any bad row changes nothing (exit 2).\n"
	    "The columns are in doc/formats.md.\n"),
	.run = import_run,
};
