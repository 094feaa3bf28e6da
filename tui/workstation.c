/* workstation.c -- the main loop: keys, resizes, redraws, help. */
#include "workstation.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli.h"
#include "error.h"
#include "format.h"
#include "screen.h"

#define MIN_COLS 80
#define MIN_LINES 24
#define CTRL_L 12

static bool use_colour;

int screen_attr(int role)
{
	if (use_colour)
		return COLOR_PAIR(role) | (role == ROLE_TITLE ? A_BOLD : 0) |
		    (role == ROLE_BAR ? A_REVERSE : 0);
	switch (role) {
	case ROLE_TITLE: return A_REVERSE | A_BOLD;
	case ROLE_KEY: return A_BOLD;
	case ROLE_BAR: return A_REVERSE;
	case ROLE_WARNING: return A_BOLD | A_UNDERLINE;
	case ROLE_CHART: return A_BOLD;
	}
	return A_NORMAL;
}

void screen_text(WINDOW *w, int y, int x, int width, const char *s)
{
	char local[1024];
	wchar_t wide[512];
	fmt_text(s, local, sizeof local);
	size_t n = mbstowcs(wide, local, sizeof wide / sizeof wide[0] - 1);
	if (n == (size_t)-1) {
		mvwaddnstr(w, y, x, "?", width);
		return;
	}
	wide[n] = L'\0';
	int used = 0;
	size_t i = 0;
	for (; i < n; i++) {
		int cw = wcwidth(wide[i]);
		if (used + (cw > 0 ? cw : 0) > width)
			break;
		used += cw > 0 ? cw : 0;
	}
	mvwaddnwstr(w, y, x, wide, (int)i);
}

static void colours_start(void)
{
	const char *no = getenv("NO_COLOR");
	use_colour = has_colors() && (no == NULL || *no == '\0');
	if (!use_colour)
		return;
	start_color();
	use_default_colors();
	init_pair(ROLE_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(ROLE_KEY, COLOR_YELLOW, -1);
	init_pair(ROLE_BAR, COLOR_CYAN, -1);
	init_pair(ROLE_WARNING, COLOR_RED, -1);
	init_pair(ROLE_MUTED, COLOR_WHITE, -1);
	init_pair(ROLE_CHART, COLOR_CYAN, -1);
}

/* The top line: product, screen, user and role. */
static void draw_title(const struct screen *sc, const struct cb_session *s)
{
	char right[96];
	attrset(screen_attr(ROLE_TITLE));
	mvhline(0, 0, ' ', COLS);
	mvaddstr(0, 1, "cobrador");
	mvaddstr(0, 11, _(sc->title));
	snprintf(right, sizeof right, "%s (%s)", s->login, _(cb_role_name(s->role)));
	screen_text(stdscr, 0, COLS - 1 - fmt_width(right), fmt_width(right), right);
	attrset(A_NORMAL);
}

/* The bottom line: the screen's keys, from its table. */
static void draw_keys(const struct screen *sc)
{
	int x = 0;
	move(LINES - 1, 0);
	clrtoeol();
	for (const struct screen_key *k = sc->keys; k->key; k++) {
		const char *help = _(k->help);
		if (x + fmt_width(k->label) + fmt_width(help) + 2 > COLS)
			break;
		attrset(screen_attr(ROLE_KEY));
		mvaddstr(LINES - 1, x, k->label);
		x += fmt_width(k->label);
		attrset(screen_attr(ROLE_BAR));
		screen_text(stdscr, LINES - 1, x, COLS - x, help);
		x += fmt_width(help) + 1;
	}
	attrset(A_NORMAL);
}

static void draw_too_small(void)
{
	erase();
	mvprintw(0, 0, _("The terminal is too small: cobrador needs %dx%d."),
	    MIN_COLS, MIN_LINES);
	mvprintw(1, 0, _("Make it larger, or press q to quit."));
}

/* The help screen, made from the screen's key table. */
static void draw_help(const struct screen *sc)
{
	int y = 2;
	erase();
	attrset(screen_attr(ROLE_TITLE));
	mvhline(0, 0, ' ', COLS);
	mvaddstr(0, 1, _("Help: keys of this screen"));
	attrset(A_NORMAL);
	for (const struct screen_key *k = sc->keys; k->key && y < LINES - 2; k++) {
		attrset(screen_attr(ROLE_KEY));
		mvaddstr(y, 2, k->label);
		attrset(A_NORMAL);
		screen_text(stdscr, y++, 12, COLS - 14, _(k->help));
	}
	mvaddstr(LINES - 1, 0, _("Press any key to go back."));
}

static void draw(const struct screen *sc, const void *data,
    const struct cb_session *s, WINDOW *body)
{
	erase();
	draw_title(sc, s);
	wnoutrefresh(stdscr);
	werase(body);
	sc->draw(body, data, s);
	wnoutrefresh(body);
	draw_keys(sc);
	wnoutrefresh(stdscr);
}

/* Runs one screen until it asks to quit. */
static int run_screen(const struct screen *sc, struct cb_session *s)
{
	int rc = CB_OK, key, todo = SCREEN_RELOAD;
	bool help = false;
	void *data = NULL;
	WINDOW *body = NULL;
	while (!(todo & SCREEN_QUIT)) {
		bool small = COLS < MIN_COLS || LINES < MIN_LINES;
		if ((todo & SCREEN_RELOAD) && !small) {
			if (data)
				sc->free(data);
			if ((data = sc->load(s, &rc)) == NULL)
				break;
		}
		if (todo & (SCREEN_REDRAW | SCREEN_RELOAD)) {
			if (body)
				delwin(body);
			body = small ? NULL : newwin(LINES - 2, COLS, 1, 0);
			if (small)
				draw_too_small();
			else if (help)
				draw_help(sc);
			else
				draw(sc, data, s, body);
			if (small || help)
				wnoutrefresh(stdscr);
			doupdate();
		}
		key = getch();
		if (key == KEY_RESIZE || key == CTRL_L) {
			if (key == CTRL_L)
				clearok(curscr, TRUE);
			todo = SCREEN_REDRAW;
		} else if (help) {
			help = false;
			todo = SCREEN_REDRAW;
		} else if (key == '?' || key == KEY_F(1)) {
			help = true;
			todo = SCREEN_REDRAW;
		} else if (small) {
			todo = key == 'q' || key == KEY_F(10) ? SCREEN_QUIT : SCREEN_DONE;
		} else {
			todo = sc->key(data, key);
		}
	}
	if (body)
		delwin(body);
	if (data)
		sc->free(data);
	return rc;
}

int workstation_run(struct cb_session *s)
{
	if (initscr() == NULL) {
		cli_error(_("cannot start the terminal"));
		return EXIT_INPUT;
	}
	set_escdelay(25);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	colours_start();
	int rc = run_screen(&screen_home, s);
	endwin();
	return rc == CB_OK ? EXIT_DONE : cli_fail(rc, NULL);
}
