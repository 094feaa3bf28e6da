/* cmd-search.c -- cobrador search: the account of a debtor who calls in. */
#include <string.h>

#include "cli.h"
#include "error.h"
#include "format.h"
#include "model.h"
#include "search.h"

static int hit_row(const struct cb_search_hit *h, void *arg)
{
	char account[128], balance[40], due[11] = "";
	snprintf(account, sizeof account, "%s/%s", h->portfolio, h->debtor);
	fmt_money(h->balance, h->currency, balance, sizeof balance);
	if (h->oldest_due != CB_DAY_NONE)
		cb_day_format(h->oldest_due, due);
	const char *cells[] = { account, h->name, balance, h->currency, due,
		_(h->why) };
	return table_add(arg, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
}

static int search_run(struct cli *cli, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '\0')
		return cli_usage(&cmd_search);
	const char *headers[] = { _("account"), _("name"), _("balance"), "",
		_("oldest due"), _("found by") };
	struct table *t = table_new(6, headers, "llrlll");
	int rc = t ? cli_open(cli) : EXIT_INPUT;
	if (rc != EXIT_DONE) {
		table_free(&t);
		return rc;
	}
	rc = cb_search(&cli->session, argv[1], hit_row, t);
	cli_close(cli);
	if (rc == CB_OK)
		table_print(t, stdout);
	table_free(&t);
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("search failed"));
}

const struct cli_command cmd_search = {
	.name = "search",
	.usage = "search TEXT",
	.summary = N_("find accounts by id, RUT, name, phone or invoice number"),
	.help = N_("Every word of a name must begin a word of the debtor's name;\n"
	    "accents and case do not matter.  Phone numbers match with or\n"
	    "without the country code.\n"),
	.run = search_run,
};
