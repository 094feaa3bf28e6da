/* cmd-outbox.c -- cobrador outbox run: the letters, e-mails, placements and
 * reviews the strategies call for today (doc/strategies.md). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "error.h"
#include "outbox.h"

struct run {
	const char *sendmail;
	unsigned long handed, failed;
};

/*
 * Hands an e-mail file to "sendmail -t -i" on its standard input.  The
 * program runs with the real user's ids, not the group the program may be
 * installed with (doc/deploy.md).
 */
static bool hand_to_sendmail(const char *sendmail, const char *path)
{
	pid_t pid = fork();
	int status;
	if (pid < 0)
		return false;
	if (pid == 0) {
		int fd = open(path, O_RDONLY);
		if (fd < 0 || dup2(fd, 0) < 0 || setgid(getgid()) != 0 ||
		    setuid(getuid()) != 0)
			_exit(127);
		close(fd);
		execl(sendmail, sendmail, "-t", "-i", (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void written(const char *path, enum cb_channel channel, void *arg)
{
	struct run *r = arg;
	if (channel != CB_CHANNEL_EMAIL || r->sendmail == NULL)
		return;
	if (hand_to_sendmail(r->sendmail, path)) {
		r->handed++;
	} else {
		r->failed++;
		cli_error(_("%s: %s did not take it; the file stays in the outbox"),
		    path, r->sendmail);
	}
}

static void progress(uint64_t done, uint64_t total, void *arg)
{
	(void)arg;
	cli_progress(_("Outbox"), done, total);
}

static int outbox_run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "from", required_argument, NULL, 'f' },
		{ "sendmail", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *from = NULL;
	struct run r = { 0 };
	char default_dir[4096];
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'f': from = optarg; break;
		case 's': r.sendmail = optarg; break;
		default: return cli_usage(&cmd_outbox);
		}
	}
	if (argc - optind != 1 || strcmp(argv[optind], "run") != 0)
		return cli_usage(&cmd_outbox);
	if (from && strpbrk(from, "\r\n")) {
		cli_error(_("--from: one address on one line"));
		return EXIT_INPUT;
	}
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	if (dir == NULL) {
		snprintf(default_dir, sizeof default_dir, "%s/outbox",
		    cb_store_path(cli->store));
		dir = default_dir;
	}
	struct cb_outbox_report rep;
	rc = cb_outbox_run(&cli->session, dir, from, written, progress, &r, &rep);
	cli_close(cli);
	if (rc != CB_OK)
		return cli_fail(rc, _("the outbox run stopped"));
	printf(_("%llu letters, %llu e-mails written to %s\n"),
	    (unsigned long long)rep.letters, (unsigned long long)rep.emails, dir);
	printf(_("%llu placed with an agency, %llu set for a write-off review\n"),
	    (unsigned long long)rep.placed, (unsigned long long)rep.reviews);
	if (rep.held || rep.no_address || rep.passed)
		printf(_("%llu held by rule packs for a later run, %llu with no "
		    "address, %llu steps passed over for a later one\n"),
		    (unsigned long long)rep.held,
		    (unsigned long long)rep.no_address,
		    (unsigned long long)rep.passed);
	if (r.sendmail)
		printf(_("%lu e-mails handed to %s\n"), r.handed, r.sendmail);
	return r.failed ? EXIT_INPUT : EXIT_DONE;
}

const struct cli_command cmd_outbox = {
	.name = "outbox",
	.usage = "outbox run [--dir DIR] [--from ADDRESS] [--sendmail PROGRAM]",
	.summary = N_("write the letters and e-mails the strategies call for "
	    "today"),
	.help = N_("  --dir DIR          the outbox folder (default: the database's\n"
	    "                     folder/outbox)\n"
	    "  --from ADDRESS     the e-mails' From: header\n"
	    "  --sendmail PROGRAM hand each e-mail to 'PROGRAM -t -i' (such as\n"
	    "                     /usr/sbin/sendmail)\n\n"
	    "Carries out the steps of each account's strategy that are not calls\n"
	    "and have come: a letter (a .txt file) or an e-mail (an RFC 5322 .eml\n"
	    "file) from its template, a placement with an agency, a write-off\n"
	    "review.  Each is logged and done once; a message the debtor's rule\n"
	    "pack holds is tried again at the next run.  Meant for a nightly job\n"
	    "after 'rescore'.  Supervisors and admins.\n"),
	.run = outbox_run,
};
