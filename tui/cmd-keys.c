/* cmd-keys.c -- cobrador keys: the workstation's keys, screen by screen,
 * from the same tables the screens, their help and their bars use. */
#include <string.h>

#include "cli.h"
#include "screen.h"

const struct screen *const screen_all[] = {
	&screen_home, &screen_account, &screen_form, &screen_menu,
	&screen_search, &screen_confirm, &screen_board, &screen_reports,
	&screen_aging, NULL,
};

/* Text for a Markdown table cell: '|' would end it. */
static void cell(FILE *f, const char *s)
{
	for (; *s; s++)
		fputs(*s == '|' ? "\\|" : (char[]){ *s, '\0' }, f);
}

void screen_keys_print(FILE *f, bool markdown)
{
	if (markdown)
		fprintf(f, "# Keys of the workstation\n\n"
		    "Made by `cobrador keys --markdown` from the key tables of the "
		    "screens;\nthe help screen (F1) and the bottom bar show the "
		    "same.\n");
	for (const struct screen *const *sc = screen_all; *sc; sc++) {
		if (markdown)
			fprintf(f, "\n## %s (`%s`)\n\n| Key | Does |\n|---|---|\n",
			    _((*sc)->title), (*sc)->name);
		else
			fprintf(f, "%s%s\n", sc == screen_all ? "" : "\n",
			    _((*sc)->title));
		for (const struct screen_key *k = (*sc)->keys; k->key; k++) {
			if (!markdown) {
				fprintf(f, "  %-12s %s\n", k->label, _(k->help));
				continue;
			}
			fputs("| `", f);
			cell(f, k->label);
			fputs("` | ", f);
			cell(f, _(k->help));
			fputs(" |\n", f);
		}
	}
}

static int keys_run(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	bool markdown = argc == 2 && strcmp(argv[1], "--markdown") == 0;
	if (argc > 2 || (argc == 2 && !markdown))
		return cli_usage(&cmd_keys);
	screen_keys_print(stdout, markdown);
	return EXIT_DONE;
}

const struct cli_command cmd_keys = {
	.name = "keys",
	.usage = "keys [--markdown]",
	.summary = N_("list the workstation's keys, screen by screen"),
	.help = N_("  --markdown    as doc/keys.md is written\n"),
	.run = keys_run,
};
