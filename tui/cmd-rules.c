/* cmd-rules.c -- cobrador rules: the compliance rule packs (doc/rules.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ascii.h"
#include "cli.h"
#include "error.h"
#include "format.h"
#include "rules.h"
#include "text.h"

/* "mon-sat" from the bits of the days, or a list ("mon,wed,fri"). */
static void days_text(unsigned days, char *out, size_t size)
{
	static const char *const names[7] = { "sun", "mon", "tue", "wed",
		"thu", "fri", "sat" };
	size_t n = 0;
	int first = 1; /* from Monday, the week as people write it */
	if ((days & 0x7f) == 0x7f) {
		snprintf(out, size, "mon-sun");
		return;
	}
	out[0] = '\0';
	for (int i = 0; i < 7 && n < size; i++) {
		int d = (first + i) % 7, end = d, len = 0;
		if (!(days & 1u << d) || (i > 0 && days & 1u << (d + 6) % 7))
			continue;
		while (len < 6 - i && days & 1u << (end + 1) % 7)
			end = (end + 1) % 7, len++;
		n += (size_t)snprintf(out + n, size - n, len ? "%s%s-%s" : "%s%s",
		    n ? "," : "", names[d], names[end]);
	}
}

static void limits_text(const struct cb_pack *p, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < p->nlimits && n < size; i++) {
		const struct cb_limit *l = &p->limits[i];
		const char *what = l->conversations ? _("conversations")
		    : l->channels == 1u << CB_CHANNEL_CALL ? _("calls")
		    : _("messages");
		n += (size_t)snprintf(out + n, size - n, _("%s%s: %d per %d days"),
		    n ? "; " : "", what, l->count, l->window_days);
	}
	if (p->after_conversation_days && n < size)
		snprintf(out + n, size - n, _("%snone %d days after a conversation"),
		    n ? "; " : "", p->after_conversation_days);
}

static int pack_row(const struct cb_pack *p, bool loaded, void *arg)
{
	char days[40], hours[32], limits[256];
	days_text(p->days, days, sizeof days);
	snprintf(hours, sizeof hours, "%02d:%02d-%02d:%02d", p->open_minute / 60,
	    p->open_minute % 60, p->close_minute / 60, p->close_minute % 60);
	limits_text(p, limits, sizeof limits);
	const char *cells[] = { p->code, p->countries, days, hours,
		p->holidays_block ? _("block") : _("ignored"), limits,
		loaded ? _("loaded") : _("shipped"), p->name };
	return table_add(arg, cells) == 0 ? CB_OK : CB_ERR_NOMEM;
}

static int rules_list(struct cli *cli)
{
	const char *headers[] = { _("pack"), _("countries"), _("days"),
		_("hours"), _("holidays"), _("limits"), _("source"), _("name") };
	struct table *t = table_new(8, headers, "llllllll");
	struct cb_txn *txn;
	int rc = t ? cb_store_read(cli->store, &txn) : CB_ERR_NOMEM;
	if (rc == CB_OK) {
		rc = cb_rules_each(txn, pack_row, t);
		cb_txn_end(&txn);
	}
	if (rc == CB_OK)
		table_print(t, stdout);
	table_free(&t);
	return rc;
}

static int holiday_line(cb_day day, const char *name, void *arg)
{
	char date[11], shown[256];
	(void)arg;
	cb_day_format(day, date);
	printf("#   holiday %s %s\n", date, fmt_text(name, shown, sizeof shown));
	return CB_OK;
}

/* The holidays of a year as comments: "# 2026-04-03 Fri Viernes Santo". */
static void year_holidays(struct cb_rules *r, const struct cb_pack *p,
    int year)
{
	static const char *const names[7] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	cb_day from = 0, to = 0;
	char date[11], shown[256];
	cb_day_from_ymd(year, 1, 1, &from);
	cb_day_from_ymd(year, 12, 31, &to);
	for (cb_day d = from; d <= to; d++) {
		const char *name = cb_pack_holiday(p, d);
		if (name == NULL)
			name = cb_rules_holiday(r, p->code, d);
		if (name == NULL)
			continue;
		cb_day_format(d, date);
		printf("#   %s %s %s\n", date, names[cb_day_weekday(d)],
		    fmt_text(name, shown, sizeof shown));
	}
}

/* The pack's text as in force, then its supervisors' holidays, then the
 * dates of this year's and next year's holidays, as comments; the whole
 * can be edited and loaded again. */
static int rules_show(struct cli *cli, const char *code)
{
	struct cb_txn *txn;
	struct cb_rules *r = NULL;
	const struct cb_pack *p;
	const char *text;
	size_t size;
	bool loaded;
	cb_day today;
	int year, month, mday;
	char upper[CB_PACK_CODE_MAX + 1];
	snprintf(upper, sizeof upper, "%s", code);
	for (char *c = upper; *c; c++)
		*c = cb_ascii_upper(*c);
	int rc = cb_store_read(cli->store, &txn);
	if (rc != CB_OK)
		return rc;
	if ((rc = cb_rules_text(txn, upper, &text, &size, &loaded)) == CB_OK &&
	    (rc = cb_rules_open(txn, &r)) == CB_OK &&
	    (p = cb_rules_pack(r, upper)) != NULL) {
		fmt_print_lines(stdout, text, size);
		printf("\n# %s\n", loaded ? _("Loaded into this database.")
		    : _("Shipped with the program."));
		printf("# %s\n", _("Holidays added by supervisors:"));
		rc = cb_rules_holiday_each(txn, upper, holiday_line, NULL);
		cb_tz_today(cli->session.now, "UTC", &today);
		cb_day_to_ymd(today, &year, &month, &mday);
		for (int y = year; y <= year + 1 && rc == CB_OK; y++) {
			printf(_("# Holidays of %d:\n"), y);
			year_holidays(r, p, y);
		}
	} else if (rc == CB_OK) {
		rc = CB_ERR_CORRUPT;
	}
	cb_rules_close(&r);
	cb_txn_end(&txn);
	if (rc == CB_ERR_NOTFOUND) {
		cli_error(_("no rule pack %s (see 'cobrador rules show')"), code);
		return CB_ERR_INPUT;
	}
	return rc;
}

static int rules_load(struct cli *cli, const char *path)
{
	char why[512];
	size_t size;
	char *text = cli_read_text(path, &size);
	if (text == NULL)
		return EXIT_INPUT;
	int rc = cb_rules_load(&cli->session, text, size, path, why, sizeof why);
	free(text);
	if (rc == CB_ERR_INPUT) {
		cli_error("%s", why);
		return EXIT_INPUT;
	}
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, _("the pack was not loaded"));
}

/* holiday PACK DATE NAME... | holiday PACK DATE --remove */
static int rules_holiday(struct cli *cli, int argc, char **argv)
{
	char name[256] = "";
	const char *why = NULL;
	cb_day day;
	bool remove = argc == 4 && strcmp(argv[3], "--remove") == 0;
	if (argc < 4)
		return cli_usage(&cmd_rules);
	if (cb_day_parse(argv[2], NULL, &day, &why) != CB_OK) {
		cli_error("%s: %s", argv[2], _(why));
		return EXIT_INPUT;
	}
	for (int i = 3; !remove && i < argc; i++)
		snprintf(name + strlen(name), sizeof name - strlen(name), "%s%s",
		    i > 3 ? " " : "", argv[i]);
	int rc = cb_rules_holiday_set(&cli->session, argv[1], day,
	    remove ? NULL : name);
	if (rc == CB_ERR_INPUT)
		cli_error(_("no rule pack %s, or the name is empty, longer than 63 "
		    "bytes or holds control characters"), argv[1]);
	else if (rc == CB_ERR_NOTHING)
		cli_error(_("%s has no holiday of its own on %s"), argv[1], argv[2]);
	else if (rc != CB_OK)
		return cli_fail(rc, _("the holiday was not changed"));
	return cli_exit_code(rc);
}

static int rules_run(struct cli *cli, int argc, char **argv)
{
	if (argc < 2 || (strcmp(argv[1], "show") == 0 && argc > 3) ||
	    (strcmp(argv[1], "load") == 0 && argc != 3))
		return cli_usage(&cmd_rules);
	bool show = strcmp(argv[1], "show") == 0;
	if (!show && strcmp(argv[1], "load") && strcmp(argv[1], "holiday"))
		return cli_usage(&cmd_rules);
	int rc = cli_open(cli);
	if (rc != EXIT_DONE)
		return rc;
	if (show && argc == 2)
		rc = (rc = rules_list(cli)) == CB_OK ? EXIT_DONE
		    : cli_fail(rc, _("cannot list the rule packs"));
	else if (show)
		rc = (rc = rules_show(cli, argv[2])) == CB_OK ? EXIT_DONE
		    : rc == CB_ERR_INPUT ? EXIT_INPUT
		    : cli_fail(rc, _("cannot show the rule pack"));
	else if (strcmp(argv[1], "load") == 0)
		rc = rules_load(cli, argv[2]);
	else
		rc = rules_holiday(cli, argc - 1, argv + 1);
	cli_close(cli);
	return rc;
}

const struct cli_command cmd_rules = {
	.name = "rules",
	.usage = "rules show [PACK] | rules load FILE | "
	    "rules holiday PACK DATE NAME... | rules holiday PACK DATE --remove",
	.summary = N_("the compliance rule packs: when and how often debtors "
	    "may be contacted"),
	.help = N_("  show          every pack in force: window, holidays, limits\n"
	    "  show PACK     the pack's text, its supervisors' holidays and the\n"
	    "                holiday dates of this year and the next\n"
	    "  load FILE     check a pack file and put it in force in place of\n"
	    "                the pack of its code (admins)\n"
	    "  holiday PACK DATE NAME...  add a holiday to a pack (supervisors)\n"
	    "  holiday PACK DATE --remove remove one added before\n\n"
	    "To edit a pack: 'cobrador rules show CL > cl.pack', edit the file,\n"
	    "'cobrador rules load cl.pack'.  doc/rules.md gives the format.\n"),
	.run = rules_run,
};
