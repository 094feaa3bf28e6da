/* cmd-export.c -- cobrador export accounts|invoices|payments. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "error.h"
#include "date.h"
#include "export.h"

static int export_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *encoding = NULL;
	enum cb_export_kind kind;
	uint64_t rows, bad;
	int c;
	time_t since = 0;
	cb_day day;
	const char *why;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'e') {
			encoding = optarg;
		} else if (c == 's' && cb_day_parse(optarg, NULL, &day, &why) == CB_OK) {
			since = (time_t)day * 86400;
		} else {
			if (c == 's')
				cli_error(_("--since: %s: '%s'"), _(why), optarg);
			return cli_usage(&cmd_export);
		}
	}
	if (argc - optind != 2 || cb_export_kind_parse(argv[optind], &kind))
		return cli_usage(&cmd_export);
	const char *path = argv[optind + 1];
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	if (!cb_may(cli->session.role, CB_DO_REPORT)) {
		cli_close(cli);
		return cli_fail(CB_ERR_PERM, _("export"));
	}
	/* Write beside the file and rename at the end: a failed export leaves
	 * whatever FILE held before. */
	bool to_stdout = strcmp(path, "-") == 0;
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.part", path);
	FILE *f = to_stdout ? stdout : fopen(tmp, "w");
	if (f == NULL) {
		cli_close(cli);
		cli_error(_("%s: cannot write the file"), path);
		return EXIT_INPUT;
	}
	rc = cb_export(&cli->session, kind, f, encoding, since, &rows, &bad);
	if (!to_stdout && fclose(f) != 0 && rc == CB_OK)
		rc = CB_ERR_IO;
	if (!to_stdout && rc == CB_OK && rename(tmp, path) != 0)
		rc = CB_ERR_IO;
	if (!to_stdout && rc != CB_OK)
		unlink(tmp);
	cli_close(cli);
	if (rc == CB_ERR_INPUT && bad == 0) {
		cli_error(_("--encoding: iconv does not know '%s'"), encoding);
		return EXIT_USAGE;
	}
	if (rc == CB_ERR_INPUT) {
		cli_error(_("%s: row %llu has a character %s cannot hold; "
		    "nothing was written"), path, (unsigned long long)bad, encoding);
		return EXIT_INPUT;
	}
	if (rc != CB_OK)
		return cli_fail(rc, path);
	if (!to_stdout)
		printf(ngettext("%s: %llu row\n", "%s: %llu rows\n", rows), path,
		    (unsigned long long)rows);
	return EXIT_DONE;
}

const struct cli_command cmd_export = {
	.name = "export",
	.usage = "export accounts|invoices|payments|events|placements [--since D] "
	    "[--encoding E] FILE",
	.summary = N_("write accounts, invoices, payments, events or placements "
	    "as CSV"),
	.help = N_("  --encoding E  write in this encoding (e.g. WINDOWS-1252 for "
	    "Excel);\n"
	    "                default UTF-8\n"
	    "  --since D     events: from this day on (UTC)\n\n"
	    "FILE '-' is the standard output.  Each file can be imported "
	    "again:\n"
	    "accounts as debtors, invoices as invoices, payments as payments.\n"
	    "placements: the accounts strategies placed with an agency, with\n"
	    "their balance and the agency, for the agency to import.\n"),
	.run = export_run,
};
