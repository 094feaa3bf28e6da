/* cmd-queue.c -- cobrador queue: the queue as an agent would get it. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvout.h"
#include "date.h"
#include "error.h"
#include "format.h"
#include "money.h"
#include "queue.h"

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_TSV };

struct out {
	enum format format;
	bool explain;
	struct table *t;
};

static const char *tier_name(enum cb_tier tier)
{
	switch (tier) {
	case CB_TIER_PINNED: return N_("pinned");
	case CB_TIER_CALLBACK: return N_("callback");
	case CB_TIER_PROMISE: return N_("promise");
	case CB_TIER_STRATEGY: return N_("strategy");
	case CB_TIER_REST: return N_("by recovery");
	case CB_TIER_NONE: break;
	}
	return N_("out");
}

/* The columns: the factors with --explain; the next time calls are
 * allowed (UTC) for machines, people reading it in the reason. */
#define COLUMNS 11
#define COL_FACTORS 8
#define COL_NEXT 10
static bool shown(const struct out *o, size_t col)
{
	return (col != COL_FACTORS || o->explain) &&
	    (col != COL_NEXT || o->format != FORMAT_TABLE);
}

static int queue_row(const struct cb_queue_entry *e, void *arg)
{
	struct out *o = arg;
	char rank[16] = "", account[128], balance[40], dpd[16], score[32],
	    why[256] = "", factors[120] = "", until[17], next[17] = "";
	if (e->rank)
		snprintf(rank, sizeof rank, "%u", e->rank);
	snprintf(account, sizeof account, "%s/%s", e->portfolio, e->debtor);
	const struct cb_currency *cur = cb_currency_find(e->currency);
	if (o->format == FORMAT_TABLE)
		fmt_money(e->balance, e->currency, balance, sizeof balance);
	else if (cur)
		cb_money_format_plain(e->balance, cur, balance, sizeof balance);
	snprintf(dpd, sizeof dpd, "%d", e->factors.dpd);
	snprintf(score, sizeof score, "%lld", (long long)e->factors.score);
	/* Machines get the words untranslated. */
	bool people = o->format == FORMAT_TABLE;
	const char *reason = e->reason && people ? _(e->reason) : e->reason;
	if (e->contact && e->contact->block != CB_BLOCK_NONE) {
		if (people)
			fmt_contact(e->contact, why, sizeof why);
		else
			cb_contact_describe(e->contact, why, sizeof why);
		if (e->contact->next)
			cb_time_format_utc(e->contact->next, next);
	} else if (reason && e->holder) {
		cb_time_format_utc(e->lease_until, until);
		snprintf(why, sizeof why, people ? _("%s (%s until %s UTC)")
		    : "%s (%s until %s UTC)", reason, e->holder, until);
	} else if (reason) {
		snprintf(why, sizeof why, "%s", reason);
	}
	snprintf(factors, sizeof factors, "%d%% x %d%% x %d%%",
	    e->factors.segment_pct, e->factors.age_pct, e->factors.recent_pct);
	const char *cells[] = { rank, account, e->name, balance, e->currency,
		dpd, people ? _(tier_name(e->tier)) : tier_name(e->tier), score,
		factors, why, next };
	const char *row[11];
	size_t n = 0;
	for (size_t i = 0; i < 11; i++)
		if (shown(o, i))
			row[n++] = cells[i];
	if (o->format == FORMAT_TABLE)
		return table_add(o->t, row) == 0 ? CB_OK : CB_ERR_NOMEM;
	return cb_csv_write_row(stdout, o->format == FORMAT_CSV ? ',' : '\t',
	    row, n);
}

static int queue_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "agent", required_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'l' },
		{ "explain", no_argument, NULL, 'e' },
		{ "all", no_argument, NULL, 'A' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *agent = NULL;
	struct out o = { FORMAT_TABLE, false, NULL };
	bool all = false;
	long limit = 20;
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': agent = optarg; break;
		case 'l': {
			char *end;
			limit = strtol(optarg, &end, 10);
			if (*end || end == optarg)
				limit = -1;
			break;
		}
		case 'e': o.explain = true; break;
		case 'A': all = true; break;
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				o.format = FORMAT_CSV;
			else if (strcmp(optarg, "tsv") == 0)
				o.format = FORMAT_TSV;
			else if (strcmp(optarg, "table") != 0)
				return cli_usage(&cmd_queue);
			break;
		default: return cli_usage(&cmd_queue);
		}
	}
	if (optind != argc || limit < 0)
		return cli_usage(&cmd_queue);
	static const char *const names[] = { N_("rank"), N_("account"),
		N_("name"), N_("balance"), N_("currency"), N_("days_past_due"),
		N_("tier"), N_("score"), N_("factors"), N_("reason"),
		N_("next_call") };
	const char *headers[COLUMNS], *align = o.explain ? "rllrlrlrll" : "rllrlrlrl";
	size_t n = 0;
	for (size_t i = 0; i < COLUMNS; i++)
		if (shown(&o, i))
			headers[n++] = o.format == FORMAT_TABLE ? _(names[i]) : names[i];
	if (o.format == FORMAT_TABLE && (o.t = table_new(n, headers, align)) == NULL)
		return EXIT_INPUT;
	if (o.format != FORMAT_TABLE)
		cb_csv_write_row(stdout, o.format == FORMAT_CSV ? ',' : '\t', headers, n);
	int rc = cli_open(cli);
	if (rc == EXIT_DONE) {
		rc = cb_queue_list(&cli->session, agent, all, (size_t)limit,
		    queue_row, &o);
		cli_close(cli);
		if (rc == CB_OK && o.t)
			table_print(o.t, stdout);
		if (rc == CB_ERR_INPUT)
			cli_error(_("no user %s"), agent ? agent : cli->login);
		rc = rc == CB_OK ? EXIT_DONE : rc == CB_ERR_INPUT ? EXIT_INPUT
		    : cli_fail(rc, _("cannot list the queue"));
	}
	table_free(&o.t);
	return rc;
}

const struct cli_command cmd_queue = {
	.name = "queue",
	.usage = "queue [--agent LOGIN] [--limit N] [--explain] [--all] "
	    "[--format table|tsv|csv]",
	.summary = N_("the prioritized queue as an agent would get it"),
	.help = N_("  --agent LOGIN  another agent's queue (supervisors)\n"
	    "  --limit N      at most N accounts (default 20, 0: all)\n"
	    "  --explain      the factors of each score\n"
	    "  --all          also the accounts that are not callable, with why\n"
	    "  --format F     table (default), tsv or csv\n\n"
	    "doc/queue.md explains the order.\n"),
	.run = queue_run,
};
