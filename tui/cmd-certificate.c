/* cmd-certificate.c -- cobrador certificate: every collection effort on an
 * account, for a write-off, as text to print or as CSV. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "certificate.h"
#include "cli.h"
#include "error.h"
#include "format.h"

/* What the text form gathers while core walks the events. */
struct text_job {
	struct table *t;
	char currency[8];
};

/* English words for the system's events; a kind not listed shows as it is
 * stored. */
static const struct {
	const char *kind, *words;
} system_words[] = {
	{ "claim", N_("account claimed") },
	{ "release", N_("account released") },
	{ "lapse", N_("claim lapsed") },
	{ "pin", N_("pinned to the top of the queue") },
	{ "unpin", N_("unpinned") },
	{ "assign", N_("assigned to an agent") },
	{ "dispute_resolved", N_("dispute resolved") },
	{ "plan_approved", N_("payment plan approved") },
	{ "plan_refused", N_("payment plan refused") },
	{ "writeoff_review", N_("set for a write-off review") },
	{ "invoice_changed", N_("invoice changed by the ERP") },
};

static const char *system_event(const char *kind)
{
	size_t n = sizeof system_words / sizeof system_words[0];
	for (size_t i = 0; i < n; i++)
		if (strcmp(system_words[i].kind, kind) == 0)
			return _(system_words[i].words);
	return kind;
}

/* The row's amount as people read it, with the currency; "" when none. */
static const char *money_of(const struct cb_cert_row *row, char *buf,
    size_t size)
{
	char n[40];
	const char *currency = row->certificate->currency;
	if (row->amount == NULL)
		snprintf(buf, size, "%s", "");
	else if (row->has_minor)
		snprintf(buf, size, "%s %s", fmt_money(row->minor, currency, n,
		    sizeof n), currency);
	else
		snprintf(buf, size, "%s %s", row->amount, currency);
	return buf;
}

/* An outcome: its code and label, what was promised, when to call back. */
static void what_outcome(const struct cb_cert_row *row, char *buf,
    size_t size)
{
	char money[64];
	const char *at = cb_event_value(row->event, "at");
	int n = snprintf(buf, size, "%s %s", row->code ? row->code : "?",
	    row->label ? _(row->label) : "");
	if (row->amount && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, ", %s",
		    money_of(row, money, sizeof money));
	if (row->date && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, _(", by %s"),
		    row->date);
	if (at && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, _(", at %s UTC"), at);
}

/* What happened, in the user's language: the "what" column. */
static void what_happened(const struct cb_cert_row *row, char *buf,
    size_t size)
{
	char money[64];
	const char *kind = row->event->kind, *code = row->code ? row->code : "";
	const char *date = row->date ? row->date : "";
	money_of(row, money, sizeof money);
	switch (row->channel) {
	case CB_CERT_CALL: what_outcome(row, buf, size); return;
	case CB_CERT_LETTER: snprintf(buf, size, _("letter: %s"), code); return;
	case CB_CERT_EMAIL: snprintf(buf, size, _("e-mail: %s"), code); return;
	case CB_CERT_PLACEMENT:
		snprintf(buf, size, _("placed with %s"), code);
		return;
	case CB_CERT_SYSTEM: break;
	}
	if (strcmp(kind, "promise_kept") == 0)
		snprintf(buf, size, _("promise of %s for %s kept"), money,
		    date);
	else if (strcmp(kind, "promise_broken") == 0)
		snprintf(buf, size, _("promise of %s for %s broken"), money,
		    date);
	else if (strcmp(kind, "payment") == 0)
		snprintf(buf, size, _("payment of %s received, dated %s"),
		    money, date);
	else
		snprintf(buf, size, "%s", system_event(kind));
}

static int text_row(const struct cb_cert_row *row, void *arg)
{
	struct text_job *j = arg;
	char seq[24], when[17], what[600];
	snprintf(seq, sizeof seq, "%llu", (unsigned long long)row->event->seq);
	cb_time_format_utc(row->event->time, when);
	what_happened(row, what, sizeof what);
	const char *channel = _(cb_cert_channel_name(row->channel));
	const char *cells[] = { seq, when, channel, row->event->user, what,
		row->details };
	return table_add(j->t, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
}

/* The creditor, the debtor, the account now and its open documents. */
static int print_header(FILE *f, const struct cb_certificate *c)
{
	char buf[600], money[40], when[17], due[11];
	cb_time_format_utc(c->made, when);
	fprintf(f, "%s\n\n", _("CERTIFICATE OF COLLECTION EFFORTS"));
	fprintf(f, _("Creditor:          %s (%s)\n"),
	    fmt_text(c->portfolio_name, buf, sizeof buf), c->portfolio);
	fprintf(f, _("Debtor:            %s  "), c->debtor);
	fprintf(f, "%s\n", fmt_text(c->debtor_name, buf, sizeof buf));
	fprintf(f, _("Country:           %s\n"), c->country);
	fprintf(f, _("Date:              %s UTC\n"), when);
	fprintf(f, _("Made by:           %s\n"), c->made_by);
	fprintf(f, _("Balance:           %s %s\n"), fmt_money(c->balance,
	    c->currency, money, sizeof money), c->currency);
	if (c->oldest_due != CB_DAY_NONE) {
		cb_day_format(c->oldest_due, due);
		fprintf(f, _("Oldest due date:   %s\n"), due);
	}
	const char *h[] = { _("document"), _("type"), _("due"), _("amount"),
		_("open"), _("days late") };
	struct table *t = table_new(6, h, "lllrrr");
	if (t == NULL)
		return CB_ERR_NOMEM;
	for (size_t i = 0; i < c->ndocuments; i++) {
		const struct cb_cert_document *d = &c->documents[i];
		char amount[40], open[40], late[16];
		cb_day_format(d->due, due);
		fmt_money(d->amount, c->currency, amount, sizeof amount);
		fmt_money(d->open, c->currency, open, sizeof open);
		snprintf(late, sizeof late, "%d", d->days_late);
		const char *type = _(cb_doc_type_name(d->type));
		const char *cells[] = { d->id, type, due, amount, open, late };
		if (table_add(t, cells) != 0) {
			table_free(&t);
			return CB_ERR_NOMEM;
		}
	}
	fprintf(f, "\n%s\n", _("Documents still open"));
	table_print(t, f);
	table_free(&t);
	return CB_OK;
}

static void print_totals(FILE *f, const struct cb_certificate *c)
{
	char money[40];
	fprintf(f, "\n%s\n", _("Totals"));
	fprintf(f, _("Events listed:         %llu\n"),
	    (unsigned long long)c->events);
	fprintf(f, _("Call attempts:         %llu\n"),
	    (unsigned long long)c->calls);
	fprintf(f, _("Right-party contacts:  %llu\n"),
	    (unsigned long long)c->contacts);
	fprintf(f, _("Letters:               %llu\n"),
	    (unsigned long long)c->letters);
	fprintf(f, _("E-mails:               %llu\n"),
	    (unsigned long long)c->emails);
	fprintf(f, _("Placements:            %llu\n"),
	    (unsigned long long)c->placements);
	fprintf(f, _("Promises made:         %llu (kept %llu, broken %llu, "
	    "pending %llu, refused %llu)\n"), (unsigned long long)c->promises,
	    (unsigned long long)c->kept, (unsigned long long)c->broken,
	    (unsigned long long)c->pending, (unsigned long long)c->refused);
	fprintf(f, _("Payments received:     %llu, total %s %s\n"),
	    (unsigned long long)c->payments, fmt_money(c->paid, c->currency,
	    money, sizeof money), c->currency);
	fprintf(f, _("Days past due:         %d (from the oldest due date to "
	    "this certificate's date)\n"), c->days);
}

/* The certificate as text for printing: header, events, totals. */
static int write_text(struct cli *cli, const struct cb_account_ref *ref,
    FILE *f, uint64_t *rows)
{
	struct text_job j = { 0 };
	struct cb_certificate *c = NULL;
	const char *h[] = { "#", _("when (UTC)"), _("channel"), _("agent"),
		_("what happened"), _("details") };
	if ((j.t = table_new(6, h, "rlllll")) == NULL)
		return CB_ERR_NOMEM;
	int rc = cb_certificate(&cli->session, ref, text_row, &j, &c);
	if (rc == CB_OK)
		rc = print_header(f, c);
	if (rc == CB_OK) {
		fprintf(f, "\n%s\n", _("Collection efforts, in the order "
		    "they were recorded"));
		table_print(j.t, f);
		print_totals(f, c);
		*rows = c->events;
	}
	table_free(&j.t);
	cb_certificate_free(&c);
	return rc;
}

struct options {
	bool csv;
	const char *encoding;
	const char *account, *path;
};

/* Reads the options; false on a usage error (printed). */
static bool read_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'f' && (strcmp(optarg, "text") == 0 ||
		    strcmp(optarg, "csv") == 0))
			o->csv = strcmp(optarg, "csv") == 0;
		else if (c == 'e')
			o->encoding = optarg;
		else
			return false;
	}
	if (argc - optind < 1 || argc - optind > 2)
		return false;
	o->account = argv[optind];
	o->path = argc - optind == 2 ? argv[optind + 1] : "-";
	if (o->encoding && !o->csv) {
		cli_error(_("--encoding is for --format csv; the text follows "
		    "the locale"));
		return false;
	}
	return true;
}

/* Reports what went wrong writing; returns the exit code. */
static int write_failed(int rc, const struct options *o, uint64_t bad,
    uint64_t seq)
{
	if (rc == CB_ERR_INPUT && bad == 0) {
		cli_error(_("--encoding: iconv does not know '%s'"),
		    o->encoding);
		return EXIT_USAGE;
	}
	if (rc == CB_ERR_INPUT) {
		cli_error(_("%s: row %llu (event %llu) has a character %s "
		    "cannot hold"), o->path, (unsigned long long)bad,
		    (unsigned long long)seq, o->encoding);
		return EXIT_INPUT;
	}
	return cli_fail(rc, o->path);
}

/* Writes the certificate to OUTPUT: beside the file, renamed at the end,
 * so that a failure leaves whatever the file held before. */
static int write_out(struct cli *cli, const struct cb_account_ref *ref,
    const struct options *o)
{
	uint64_t rows = 0, bad = 0, seq = 0;
	bool to_stdout = strcmp(o->path, "-") == 0;
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.part", o->path);
	FILE *f = to_stdout ? stdout : fopen(tmp, "w");
	if (f == NULL) {
		cli_error(_("%s: cannot write the file"), o->path);
		return EXIT_INPUT;
	}
	int rc = o->csv ? cb_certificate_csv(&cli->session, ref, f, o->encoding,
	    &rows, &bad, &seq) : write_text(cli, ref, f, &rows);
	if (to_stdout && fflush(f) != 0 && rc == CB_OK)
		rc = CB_ERR_IO;
	if (!to_stdout && fclose(f) != 0 && rc == CB_OK)
		rc = CB_ERR_IO;
	if (!to_stdout && rc == CB_OK && rename(tmp, o->path) != 0)
		rc = CB_ERR_IO;
	if (!to_stdout && rc != CB_OK)
		unlink(tmp);
	if (rc != CB_OK)
		return write_failed(rc, o, bad, seq);
	if (!to_stdout)
		printf(ngettext("%s: %llu event\n", "%s: %llu events\n", rows),
		    o->path, (unsigned long long)rows);
	return EXIT_DONE;
}

static int certificate_run(struct cli *cli, int argc, char **argv)
{
	struct options o = { 0 };
	struct cb_account_ref ref;
	if (!read_options(argc, argv, &o))
		return cli_usage(&cmd_certificate);
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	if (!cb_may(cli->session.role, CB_DO_REPORT))
		rc = cli_fail(CB_ERR_PERM, _("certificate"));
	else if ((rc = cli_account(cli, o.account, &ref)) == EXIT_DONE)
		rc = write_out(cli, &ref, &o);
	cli_close(cli);
	return rc;
}

const struct cli_command cmd_certificate = {
	.name = "certificate",
	.usage = "certificate ACCOUNT [--format text|csv] [--encoding E] "
	    "[OUTPUT]",
	.summary = N_("every collection effort on an account, for a write-off"),
	.help = N_("  --format text  for printing (the default): the creditor, "
	    "the debtor, the\n"
	    "                 balance and the documents still open; every "
	    "event of the\n"
	    "                 account in order; the totals (calls, contacts, "
	    "letters,\n"
	    "                 e-mails, promises, payments, days past due)\n"
	    "  --format csv   the events only, one row each: seq,time,channel,"
	    "user,kind,\n"
	    "                 code,amount,date,details (times in UTC)\n"
	    "  --encoding E   csv: write in this encoding (e.g. WINDOWS-1252 "
	    "for Excel);\n"
	    "                 default UTF-8\n\n"
	    "ACCOUNT as for 'cobrador account'.  OUTPUT '-' or none is the "
	    "standard output.\n"
	    "Channels: call (outcomes), letter, email, placement, system "
	    "(everything else:\n"
	    "promises kept or broken, payments, claims, releases...).  "
	    "Supervisors and admins.\n"),
	.run = certificate_run,
};
