/* cmd-demo.c -- cobrador demo: a database with a generated portfolio. */
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"
#include "demo.h"
#include "error.h"
#include "store.h"

static void demo_progress(uint64_t done, uint64_t total, void *arg)
{
	(void)arg;
	cli_progress(_("Generating accounts"), done, total);
}

/* Reads a whole number from min to max, or fails. */
static bool read_count(const char *text, unsigned long long min,
    unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v = strtoull(text, &end, 10);
	if (*text == '-' || end == text || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static int demo_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "accounts", required_argument, NULL, 'a' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long accounts = 2000, seed = 1;
	struct cb_store *store;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'a' && read_count(optarg, 1, 2000000, &accounts))
			continue;
		if (c == 's' && read_count(optarg, 0, UINT64_MAX, &seed))
			continue;
		if (c == 'a' || c == 's')
			cli_error(_("--%s: not a valid number: '%s'"),
			    c == 'a' ? "accounts" : "seed", optarg);
		return cli_usage(&cmd_demo);
	}
	if (optind != argc)
		return cli_usage(&cmd_demo);
	time_t now = cli->has_now ? cli->now : time(NULL);
	int rc = cb_store_open(cli->db, CB_OPEN_CREATE, &store);
	if (rc == CB_ERR_EXISTS) {
		cli_error(_("%s already holds a database: demo changes nothing"),
		    cli->db);
		return EXIT_INPUT;
	}
	if (rc != CB_OK)
		return cli_fail(rc, cli->db);
	struct cb_demo_options opt = { .accounts = (uint32_t)accounts,
		.seed = seed, .now = now, .admin = cli->login,
		.progress = demo_progress };
	rc = cb_user_first_admin(store, cli->login, NULL, cb_demo_start(now));
	if (rc == CB_OK)
		rc = cb_demo_fill(store, &opt);
	cb_store_close(&store);
	if (rc != CB_OK)
		return cli_fail(rc, _("cannot make the demo"));
	printf(_("Created a demo database in %s: %llu accounts; you (%s) are "
	    "its admin,\nsup.rojas a supervisor, ag.munoz, ag.quispe, ag.garcia "
	    "and ag.soto agents.\n"), cli->db, accounts, cli->login);
	return EXIT_DONE;
}

const struct cli_command cmd_demo = {
	.name = "demo",
	.usage = "demo [--accounts N] [--seed S]",
	.summary = N_("create a database with a generated demo portfolio"),
	.help = N_("  --accounts N  debtors to generate (default 2000)\n"
	    "  --seed S      the same seed and day give the same portfolio\n"
	    "                (default 1)\n"),
	.run = demo_run,
};
