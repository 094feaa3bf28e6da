/* cli.c -- errors, exit codes, help and the opening of the database. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "queue.h"
#include "store.h"
#include "text.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("cobrador: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_exit_code(int rc)
{
	switch (rc) {
	case CB_OK: return EXIT_DONE;
	case CB_ERR_NOTHING: return EXIT_NOTHING;
	case CB_ERR_PERM: return EXIT_DENIED;
	case CB_ERR_CONFLICT:
	case CB_ERR_BUSY: return EXIT_CONFLICT;
	}
	/* Bad input, and every failure that left the database as it was. */
	return EXIT_INPUT;
}

/* The folder of the database open, to name it when it has no room. */
static const char *open_db;

int cli_fail(int rc, const char *what)
{
	if (what)
		cli_error("%s: %s", what, _(cb_strerror(rc)));
	else
		cli_error("%s", _(cb_strerror(rc)));
	if (rc == CB_ERR_NOSPACE && open_db)
		cli_error(_("%s/data.mdb: nothing was changed; make room on its "
		    "disk, or memory for its map, then run the command again"),
		    open_db);
	return cli_exit_code(rc);
}

int cli_usage(const struct cli_command *cmd)
{
	fprintf(stderr, _("usage: cobrador %s\n"), cmd->usage);
	fprintf(stderr, _("Try 'cobrador %s --help'.\n"), cmd->name);
	return EXIT_USAGE;
}

bool cli_help_asked(const struct cli_command *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf(_("usage: cobrador %s\n\n%s\n"), cmd->usage,
			    _(cmd->summary));
			if (cmd->help && *cmd->help)
				printf("\n%s", _(cmd->help));
			if (cmd->more_help)
				cmd->more_help(stdout);
			return true;
		}
	}
	return false;
}

int cli_open(struct cli *cli)
{
	int rc = cb_store_open(cli->db, 0, &cli->store);
	open_db = cli->db;
	if (rc == CB_ERR_NOTFOUND) {
		cli_error(_("no database in %s (create one with 'cobrador init')"),
		    cli->db);
		return EXIT_INPUT;
	}
	if (rc != CB_OK) {
		cli_error(_("cannot open the database in %s: %s"), cli->db,
		    _(cb_strerror(rc)));
		return cli_exit_code(rc);
	}
	rc = cb_session_open(cli->store, cli->login, cli->as,
	    cli->has_now ? &cli->now : NULL, &cli->session);
	if (rc == CB_ERR_PERM && (cli->as || cli->has_now))
		cli_error(_("--as and --now are for admins only"));
	else if (rc == CB_ERR_PERM)
		cli_error(_("%s is not an active user of this database"), cli->login);
	else if (rc == CB_ERR_INPUT)
		cli_error(_("--as: no active user %s"), cli->as);
	else if (rc != CB_OK)
		cli_error("%s", _(cb_strerror(rc)));
	if (rc != CB_OK)
		cb_store_close(&cli->store);
	return cli_exit_code(rc);
}

int cli_account(struct cli *cli, const char *text, struct cb_account_ref *out)
{
	struct cb_txn *txn;
	int rc = cb_store_read(cli->store, &txn);
	if (rc == CB_OK) {
		rc = cb_account_find(txn, text, out->portfolio, out->debtor);
		cb_txn_end(&txn);
	}
	if (rc == CB_ERR_NOTFOUND) {
		cli_error(_("no account %s"), text);
		return EXIT_INPUT;
	}
	if (rc == CB_ERR_CONFLICT) {
		cli_error(_("%s has accounts in several portfolios: write "
		    "PORTFOLIO/%s"), text, text);
		return EXIT_INPUT;
	}
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, text);
}

const char *cli_account_name(const struct cb_account_ref *a, char *buf,
    size_t size)
{
	snprintf(buf, size, "%s/%s", a->portfolio, a->debtor);
	return buf;
}

int cli_supervise(struct cli *cli, const char *text, int what,
    const char *agent)
{
	struct cb_account_ref a;
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	if ((rc = cli_account(cli, text, &a)) == EXIT_DONE) {
		rc = cb_queue_supervise(&cli->session, &a, (enum cb_supervise)what,
		    agent);
		if (rc == CB_ERR_NOTHING)
			cli_error(_("%s: nothing to do"), text);
		else if (rc == CB_ERR_INPUT)
			cli_error(_("no user %s"), agent);
		rc = rc == CB_OK ? EXIT_DONE : rc == CB_ERR_NOTHING ||
		    rc == CB_ERR_INPUT ? cli_exit_code(rc) : cli_fail(rc, text);
	}
	cli_close(cli);
	return rc;
}

void cli_close(struct cli *cli)
{
	cb_store_close(&cli->store);
}

void cli_progress(const char *what, unsigned long long done,
    unsigned long long total)
{
	static int last = -1;
	if (!isatty(STDERR_FILENO))
		return;
	int pct = total ? (int)(done * 100 / total) : 100;
	if (pct == last && done < total)
		return;
	last = pct;
	fprintf(stderr, "\r%s: %3d%%", what, pct);
	if (done >= total) {
		fputc('\n', stderr);
		last = -1;
	}
	fflush(stderr);
}

char *cli_read_text(const char *path, size_t *size)
{
	enum { TEXT_MAX = 256 * 1024 };
	FILE *f = fopen(path, "rb");
	char *buf = malloc(TEXT_MAX + 1);
	if (f == NULL || buf == NULL) {
		cli_error("%s: %s", path, strerror(f ? ENOMEM : errno));
		if (f)
			fclose(f);
		free(buf);
		return NULL;
	}
	*size = fread(buf, 1, TEXT_MAX + 1, f);
	bool bad = ferror(f) || *size > TEXT_MAX;
	fclose(f);
	if (bad) {
		cli_error(_("%s: not readable, or larger than %d KiB"), path,
		    TEXT_MAX / 1024);
		free(buf);
		return NULL;
	}
	if (!cb_text_valid_utf8(buf, *size)) {
		cli_error(_("%s: not UTF-8 text"), path);
		free(buf);
		return NULL;
	}
	return buf;
}

void cli_log_refusal(const struct cli *cli, const char *command)
{
	struct cb_store *store;
	struct cb_session s;
	char what[96];
	if (cb_store_open(cli->db, 0, &store) != CB_OK)
		return;
	/* A refused --as or --now opens no session: the real user's is the
	 * one to log it under. */
	int rc = cb_session_open(store, cli->login, cli->as,
	    cli->has_now ? &cli->now : NULL, &s);
	snprintf(what, sizeof what, "%s", command);
	if (rc == CB_ERR_PERM && (cli->as || cli->has_now)) {
		snprintf(what, sizeof what, "%s %s", command, cli->as ? "--as" : "--now");
		rc = cb_session_open(store, cli->login, NULL, NULL, &s);
	}
	if (rc == CB_OK)
		cb_denied(&s, what);
	cb_store_close(&store);
}
