/*
 * cli.h -- what the command-line commands share.
 *
 * Each command lives in its own file (cmd-import.c defines cmd_import)
 * behind struct cli_command; main.c parses the global options, finds the
 * command and runs it.  Commands talk to core only through its headers and
 * turn its result codes into the exit codes of DESIGN.md section 4.
 */
#ifndef CB_CLI_H
#define CB_CLI_H

#include <libintl.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "user.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Exit codes: the contract of DESIGN.md section 4. */
enum {
	EXIT_DONE = 0,
	EXIT_USAGE = 1,
	EXIT_INPUT = 2,
	EXIT_NOTHING = 3,
	EXIT_DENIED = 4,
	EXIT_CONFLICT = 5,
};

/* The global options and, once opened, the database and session. */
struct cli {
	const char *db;    /* --db, $COBRADOR_DB, or the installed default */
	const char *as;    /* --as LOGIN */
	bool has_now;      /* --now given */
	time_t now;
	char login[64];    /* the real user's login */
	struct cb_store *store;
	struct cb_session session;
};

struct cli_command {
	const char *name;
	const char *usage;   /* after "cobrador " */
	const char *summary; /* one line for the list of commands */
	const char *help;    /* the options, one per line */
	void (*more_help)(FILE *f); /* more of --help, made at run time */
	int (*run)(struct cli *cli, int argc, char **argv);
};

extern const struct cli_command cmd_init, cmd_demo, cmd_import, cmd_user,
    cmd_account, cmd_search, cmd_report, cmd_export, cmd_backup, cmd_check,
    cmd_queue, cmd_next, cmd_release, cmd_log, cmd_rescore, cmd_pin,
    cmd_assign, cmd_resolve, cmd_plan, cmd_weights, cmd_rules, cmd_script,
    cmd_strategy, cmd_outbox, cmd_keys, cmd_certificate;

/* Runs a supervisor's action on the account named by text, printing the
 * error; returns the exit code. */
int cli_supervise(struct cli *cli, const char *text, int what,
    const char *agent);

/* Prints "cobrador: message" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the error of a core call and returns its exit code.  what says
 * what failed ("cannot open the database"); may be NULL. */
int cli_fail(int rc, const char *what);

/* The exit code for a core result code. */
int cli_exit_code(int rc);

/* Prints the command's usage to stderr and returns EXIT_USAGE. */
int cli_usage(const struct cli_command *cmd);

/* Handles --help for a command: prints usage and help to stdout.  Returns
 * true when argv asked for it. */
bool cli_help_asked(const struct cli_command *cmd, int argc, char **argv);

/* Opens the database and the caller's session.  Prints the error and
 * returns its exit code on failure, else EXIT_DONE. */
int cli_open(struct cli *cli);

/* Finds the account the user names (ACCOUNT in DESIGN.md section 4).
 * Prints the error and returns its exit code, else EXIT_DONE. */
struct cb_account_ref;
int cli_account(struct cli *cli, const char *text, struct cb_account_ref *out);

/* Prints an account as users write it: PORTFOLIO/ID. */
const char *cli_account_name(const struct cb_account_ref *a, char *buf,
    size_t size);

/* Reads a whole text file a person wrote (a rule pack, a script, a
 * strategy): UTF-8, at most 256 KiB.  NULL, with the error printed, on
 * failure; else free() the result. */
char *cli_read_text(const char *path, size_t *size);

/* Logs that the caller was refused command (exit 4), as an event of the
 * user who asked; nothing when the caller is no user of the database. */
void cli_log_refusal(const struct cli *cli, const char *command);

/* Closes what cli_open() opened. */
void cli_close(struct cli *cli);

/* Progress on a terminal: "what: 42%" on stderr, redrawn in place; nothing
 * when stderr is not a terminal.  done == total ends the line. */
void cli_progress(const char *what, unsigned long long done,
    unsigned long long total);

#endif
