/* main.c -- cobrador: global options, then a command or the workstation. */
#include <getopt.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "error.h"
#include "workstation.h"

#include "paths.h" /* CB_DEFAULT_DB, CB_LOCALEDIR: made from PREFIX */

static const struct cli_command *const commands[] = {
	&cmd_init, &cmd_demo, &cmd_import, &cmd_account, &cmd_search,
	&cmd_queue, &cmd_next, &cmd_release, &cmd_log, &cmd_rescore,
	&cmd_pin, &cmd_assign, &cmd_resolve, &cmd_plan, &cmd_weights, &cmd_rules,
	&cmd_script, &cmd_strategy, &cmd_outbox,
	&cmd_report, &cmd_certificate, &cmd_user, &cmd_export, &cmd_backup,
	&cmd_check,
	&cmd_keys,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f, _("usage: cobrador [--db DIR] [--as LOGIN] [--now TIME] "
	    "[COMMAND [ARGS]]\n\n"));
	fprintf(f, _("With no command on a terminal, opens the workstation.\n\n"));
	fprintf(f, _("Commands:\n"));
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-11s %s\n", commands[i]->name,
		    _(commands[i]->summary));
	fprintf(f, _("\nOptions:\n"
	    "  --db DIR      the database (default $COBRADOR_DB, else %s)\n"
	    "  --as LOGIN    act as another user (admins only)\n"
	    "  --now TIME    fix the clock, ISO 8601 (admins only)\n"
	    "  --help        this help; 'cobrador COMMAND --help' for one\n"),
	    CB_DEFAULT_DB);
	fprintf(f, _("\nExit codes: 0 done, 1 usage, 2 bad input (nothing "
	    "changed), 3 nothing to do,\n4 not permitted, 5 conflict.\n"));
}

/* Installed setgid to the group that owns the data (doc/deploy.md), the
 * program runs with rights its user does not have: it then trusts nothing
 * of the user's environment that could send it elsewhere. */
static bool privileged(void)
{
	return getegid() != getgid() || geteuid() != getuid();
}

/* True when value may stay: no path, which could point the C library or
 * curses at a file of the user's (a locale, a terminfo, a zone). */
static bool plain(const char *value)
{
	return strchr(value, '/') == NULL && strstr(value, "..") == NULL &&
	    value[0] != ':';
}

/* Keeps only what the program needs of the environment, and only plain
 * values: the terminal, the language, the time zone, NO_COLOR.  The rest
 * (LOCPATH, NLSPATH, GCONV_PATH, TERMINFO, TMPDIR, $COBRADOR_DB...) goes. */
static void clean_environment(void)
{
	static const char *const kept[] = { "TERM", "LANG", "LANGUAGE", "LC_ALL",
		"LC_CTYPE", "LC_MESSAGES", "LC_COLLATE", "LC_NUMERIC", "LC_TIME",
		"LC_MONETARY", "TZ", "NO_COLOR", "COLUMNS", "LINES" };
	char *saved[sizeof kept / sizeof kept[0]] = { NULL };
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		const char *v = getenv(kept[i]);
		if (v && plain(v))
			saved[i] = strdup(v);
	}
	clearenv();
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		if (saved[i])
			setenv(kept[i], saved[i], 1);
		free(saved[i]);
	}
	setenv("PATH", "/usr/bin:/bin", 1);
}

/* The login of the real user: the identity cobrador trusts. */
static int real_login(struct cli *cli)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw == NULL) {
		cli_error(_("cannot tell who you are (uid %ld has no account)"),
		    (long)getuid());
		return EXIT_DENIED;
	}
	snprintf(cli->login, sizeof cli->login, "%s", pw->pw_name);
	return EXIT_DONE;
}

/* Reads the global options; returns the index of the command or -1 on a
 * usage error (printed). */
static int global_options(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "as", required_argument, NULL, 'a' },
		{ "now", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *why;
	int c;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': cli->db = optarg; break;
		case 'a': cli->as = optarg; break;
		case 'n':
			if (cb_time_parse(optarg, &cli->now, &why) != CB_OK) {
				cli_error(_("--now: %s: '%s'"), _(why), optarg);
				return -1;
			}
			cli->has_now = true;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_DONE);
		default:
			usage(stderr);
			return -1;
		}
	}
	return optind;
}

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

/* Where the message catalogs are: beside the program when it runs from its
 * build folder, else where `make install` put them. */
static void find_catalogs(void)
{
	char exe[4096], dir[4200];
	struct stat st;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	const char *slash;
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			snprintf(dir, sizeof dir, "%.*s/locale", (int)(slash - exe),
			    exe);
		if (slash && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
			bindtextdomain("cobrador", dir);
			return;
		}
	}
	bindtextdomain("cobrador", CB_LOCALEDIR);
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	bool setgid_run = privileged();
	if (setgid_run)
		clean_environment();
	/* A file-size limit (ulimit -f) would kill us mid-commit without a
	 * word; ignored, the write fails and the user is told the disk is
	 * full, with the database as it was. */
	signal(SIGXFSZ, SIG_IGN);
	setlocale(LC_ALL, "");
	find_catalogs();
	textdomain("cobrador");

	int first = global_options(&cli, argc, argv);
	if (first < 0)
		return EXIT_USAGE;
	int rc = real_login(&cli);
	if (rc != EXIT_DONE)
		return rc;
	/* Installed for a team, the database is the team's, nowhere else. */
	if (setgid_run && cli.db) {
		cli.db = CB_DEFAULT_DB;
		cli_error(_("--db is not for the installed program: it works on "
		    "%s"), CB_DEFAULT_DB);
		cli_log_refusal(&cli, "--db");
		return EXIT_DENIED;
	}
	if (cli.db == NULL && !setgid_run)
		cli.db = getenv("COBRADOR_DB");
	if (cli.db == NULL || *cli.db == '\0')
		cli.db = CB_DEFAULT_DB;

	if (first == argc) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			usage(stderr);
			return EXIT_USAGE;
		}
		if ((rc = cli_open(&cli)) != EXIT_DONE) {
			if (rc == EXIT_DENIED)
				cli_log_refusal(&cli, "workstation");
			return rc;
		}
		rc = workstation_run(&cli.session, cli.has_now);
		cli_close(&cli);
		return rc;
	}
	const struct cli_command *cmd = find_command(argv[first]);
	if (cmd == NULL) {
		cli_error(_("unknown command '%s'"), argv[first]);
		usage(stderr);
		return EXIT_USAGE;
	}
	argc -= first;
	argv += first;
	if (cli_help_asked(cmd, argc, argv))
		return EXIT_DONE;
	optind = 0; /* each command parses its own options */
	rc = cmd->run(&cli, argc, argv);
	if (rc == EXIT_DENIED)
		cli_log_refusal(&cli, cmd->name);
	return rc;
}
