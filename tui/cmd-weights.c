/* cmd-weights.c -- cobrador weights: how the queue is ordered. */
#include <stdlib.h>

#include "cli.h"
#include "error.h"
#include "format.h"
#include "work.h"

static int weight_row(const char *name, int value, int fallback,
    const char *help, void *arg)
{
	char v[16], d[16];
	snprintf(v, sizeof v, "%d", value);
	snprintf(d, sizeof d, "%d", fallback);
	const char *cells[] = { name + 7, v, d, _(help) };
	return table_add(arg, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
}

static int weights_list(struct cli *cli)
{
	const char *headers[] = { _("weight"), _("value"), _("default"),
		_("meaning") };
	struct table *t = table_new(4, headers, "lrrl");
	struct cb_txn *txn;
	int rc = t ? cb_store_read(cli->store, &txn) : CB_ERR_NOMEM;
	if (rc == CB_OK) {
		rc = cb_weights_each(txn, weight_row, t);
		cb_txn_end(&txn);
	}
	if (rc == CB_OK)
		table_print(t, stdout);
	table_free(&t);
	return rc;
}

static int weights_run(struct cli *cli, int argc, char **argv)
{
	const char *why = NULL;
	char *end = NULL;
	long value = 0;
	if (argc != 1 && argc != 3)
		return cli_usage(&cmd_weights);
	if (argc == 3 && ((value = strtol(argv[2], &end, 10)), *end || end == argv[2])) {
		cli_error(_("%s: not a whole number"), argv[2]);
		return EXIT_USAGE;
	}
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = argc == 1 ? weights_list(cli)
	    : cb_weight_set(&cli->session, argv[1], (int)value, &why);
	cli_close(cli);
	if (rc == CB_ERR_INPUT) {
		cli_error("%s: %s", argv[1], _(why));
		return EXIT_INPUT;
	}
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("weights"));
}

const struct cli_command cmd_weights = {
	.name = "weights",
	.usage = "weights [NAME VALUE]",
	.summary = N_("show or set the weights that order the queue"),
	.help = N_("With no arguments, every weight with its value, default and "
	    "meaning.\nWith NAME VALUE, sets one (supervisors); the queue "
	    "follows at the next\n'cobrador rescore'.  doc/queue.md explains "
	    "them.\n"),
	.run = weights_run,
};
