/* cmd-script.c -- cobrador script and strategy: the call scripts and the
 * collection strategies kept in the database (doc/scripts.md,
 * doc/strategies.md). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "format.h"
#include "library.h"

/* "segment moroso; dpd 1..30; stage courtesy" from a script's when. */
static void when_text(const struct cb_script_when *w, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	if (w->segments) {
		n += (size_t)snprintf(out + n, size - n, "segment");
		for (int s = 0; s < 3 && n < size; s++)
			if (w->segments & 1u << s)
				n += (size_t)snprintf(out + n, size - n, " %s",
				    cb_segment_name((enum cb_segment)s));
	}
	if (w->has_dpd && n < size) {
		/* Open ends as written: "dpd ..0", "dpd 31..". */
		char from[16] = "", to[16] = "";
		if (w->dpd_from > -100000)
			snprintf(from, sizeof from, "%d", w->dpd_from);
		if (w->dpd_to < 100000)
			snprintf(to, sizeof to, "%d", w->dpd_to);
		n += (size_t)snprintf(out + n, size - n, "%sdpd %s..%s",
		    n ? "; " : "", from, to);
	}
	if (w->portfolios && n < size)
		n += (size_t)snprintf(out + n, size - n, "%sportfolio %s",
		    n ? "; " : "", w->portfolios);
	if (w->stages && n < size)
		snprintf(out + n, size - n, "%sstage %s", n ? "; " : "",
		    w->stages);
}

static int script_row(const char *id, int version, const char *text,
    size_t size, void *arg)
{
	struct cb_script *sc;
	char why[256], ver[12], when[256], steps[12];
	if (cb_script_parse(text, size, id, &sc, why, sizeof why) != CB_OK)
		return CB_ERR_CORRUPT;
	snprintf(ver, sizeof ver, "%d", version);
	snprintf(steps, sizeof steps, "%zu", sc->nsteps);
	when_text(&sc->when, when, sizeof when);
	const char *cells[] = { id, ver, sc->language, steps,
		when[0] ? when : _("(chosen by hand)"), sc->name };
	int rc = table_add(arg, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
	cb_script_free(&sc);
	return rc;
}

static int strategy_row(const char *id, int version, const char *text,
    size_t size, void *arg)
{
	struct cb_strategy *st;
	char why[256], ver[12], steps[40];
	if (cb_strategy_parse(text, size, id, &st, why, sizeof why) != CB_OK)
		return CB_ERR_CORRUPT;
	snprintf(ver, sizeof ver, "%d", version);
	snprintf(steps, sizeof steps, "%zu/%zu/%zu", st->nsteps[CB_SEG_CUMPLIDOR],
	    st->nsteps[CB_SEG_PARCIAL], st->nsteps[CB_SEG_MOROSO]);
	const char *cells[] = { id, ver, st->portfolios ? st->portfolios : "*",
		st->language[0] ? st->language : _("debtor's"), steps, st->name };
	int rc = table_add(arg, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
	cb_strategy_free(&st);
	return rc;
}

static int book_list(struct cli *cli, enum cb_book book)
{
	const char *script_headers[] = { _("script"), _("version"),
		_("language"), _("steps"), _("when"), _("name") };
	const char *strategy_headers[] = { _("strategy"), _("version"),
		_("portfolios"), _("language"), _("steps c/p/m"), _("name") };
	struct table *t = table_new(6, book == CB_BOOK_SCRIPT ? script_headers
	    : strategy_headers, "lrlrll");
	struct cb_txn *txn;
	int rc = t ? cb_store_read(cli->store, &txn) : CB_ERR_NOMEM;
	if (rc == CB_OK) {
		rc = cb_library_each(txn, book, book == CB_BOOK_SCRIPT ? script_row
		    : strategy_row, t);
		cb_txn_end(&txn);
	}
	if (rc == CB_OK)
		table_print(t, stdout);
	table_free(&t);
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("cannot list them"));
}

/* Prints a stored version, escaped for the terminal. */
static int book_show(struct cli *cli, enum cb_book book, const char *id,
    const char *version_text)
{
	struct cb_txn *txn;
	const char *text;
	size_t size;
	int version = version_text ? atoi(version_text) : 0;
	if (version_text && version <= 0)
		return cli_usage(book == CB_BOOK_SCRIPT ? &cmd_script : &cmd_strategy);
	int rc = cb_store_read(cli->store, &txn);
	if (rc != CB_OK)
		return cli_fail(rc, NULL);
	rc = cb_library_text(txn, book, id, version, &text, &size, &version);
	if (rc == CB_OK) {
		printf("# %s %s, version %d\n", book == CB_BOOK_SCRIPT ? "script"
		    : "strategy", id, version);
		fmt_print_lines(stdout, text, size);
	}
	cb_txn_end(&txn);
	if (rc == CB_ERR_NOTFOUND)
		cli_error(_("no %s %s%s%s"), book == CB_BOOK_SCRIPT ? _("script")
		    : _("strategy"), id, version_text ? _(" version ") : "",
		    version_text ? version_text : "");
	return rc == CB_ERR_NOTFOUND ? EXIT_INPUT : rc == CB_OK ? EXIT_DONE
	    : cli_fail(rc, NULL);
}

static int book_load(struct cli *cli, enum cb_book book, const char *path)
{
	char why[512], id[CB_SCRIPT_ID_MAX + 1];
	size_t size;
	int version = 0;
	char *text = cli_read_text(path, &size);
	if (text == NULL)
		return EXIT_INPUT;
	int rc = cb_library_load(&cli->session, book, text, size, path, why,
	    sizeof why, id, &version);
	free(text);
	if (rc == CB_ERR_INPUT) {
		cli_error("%s", why);
		return EXIT_INPUT;
	}
	if (rc != CB_OK)
		return cli_fail(rc, _("nothing was loaded"));
	printf(_("%s version %d\n"), id, version);
	return EXIT_DONE;
}

static int book_run(struct cli *cli, enum cb_book book, int argc,
    char **argv)
{
	const struct cli_command *cmd = book == CB_BOOK_SCRIPT ? &cmd_script
	    : &cmd_strategy;
	if (argc < 2)
		return cli_usage(cmd);
	bool list = strcmp(argv[1], "list") == 0 && argc == 2;
	bool show = strcmp(argv[1], "show") == 0 && (argc == 3 || argc == 4);
	bool load = strcmp(argv[1], "load") == 0 && argc == 3;
	if (!list && !show && !load)
		return cli_usage(cmd);
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	rc = list ? book_list(cli, book)
	    : show ? book_show(cli, book, argv[2], argc == 4 ? argv[3] : NULL)
	    : book_load(cli, book, argv[2]);
	cli_close(cli);
	return rc;
}

static int script_run(struct cli *cli, int argc, char **argv)
{
	return book_run(cli, CB_BOOK_SCRIPT, argc, argv);
}

static int strategy_run(struct cli *cli, int argc, char **argv)
{
	return book_run(cli, CB_BOOK_STRATEGY, argc, argv);
}

const struct cli_command cmd_script = {
	.name = "script",
	.usage = "script load FILE | script list | script show ID [VERSION]",
	.summary = N_("the call scripts agents follow"),
	.help = N_("  load FILE         check a script and store it as the next "
	    "version\n"
	    "                    of its id (supervisors)\n"
	    "  list              the latest version of every script and when "
	    "it is\n"
	    "                    chosen\n"
	    "  show ID [VERSION] the script's text (the latest version, or the "
	    "one\n"
	    "                    an outcome names)\n\n"
	    "doc/scripts.md gives the format.  To change a script: 'cobrador "
	    "script\nshow early-es > early-es.script', edit, 'cobrador script "
	    "load\nearly-es.script'.\n"),
	.run = script_run,
};

const struct cli_command cmd_strategy = {
	.name = "strategy",
	.usage = "strategy load FILE | strategy list | strategy show ID [VERSION]",
	.summary = N_("the collection strategies: what happens on which day"),
	.help = N_("  load FILE         check a strategy and store it as the next\n"
	    "                    version of its id (supervisors)\n"
	    "  list              the latest version of every strategy\n"
	    "  show ID [VERSION] the strategy's text, with its templates\n\n"
	    "doc/strategies.md gives the format.  Call steps take effect at the "
	    "next\n're-score'; letters, e-mails, placements and reviews at the "
	    "next\n'outbox run'.\n"),
	.run = strategy_run,
};
