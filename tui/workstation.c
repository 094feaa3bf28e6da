/* workstation.c -- the main loop: the screen stack, keys, resizes, redraws,
 * the title, message and key bars, and help. */
#include "workstation.h"

#include <panel.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "board.h"
#include "cli.h"
#include "error.h"
#include "format.h"
#include "queue.h"
#include "screen.h"

#define MIN_COLS 80
#define MIN_LINES 24
#define STACK_MAX 8
#define PRESENCE_EVERY 60 /* seconds: the board's "still here" */

/* A screen on the stack, with its window once drawn. */
struct layer {
	const struct screen *sc;
	void *data;
	WINDOW *win;
	PANEL *panel;
};

struct ws {
	struct cb_session *s;
	bool fixed_now;     /* --now: the clock stays where it was put */
	struct layer stack[STACK_MAX];
	int n;
	/* What the last key asked to change, done once it is handled. */
	int close_to;       /* the stack's new height, or -1 */
	struct layer opening;
	char message[512];
	bool warning, help, small;
	bool next_after;    /* after an outcome, the next account, not home */
	enum cb_agent_state said; /* to the board, and when */
	time_t said_at;
};

static bool use_colour;

/* Set by SIGHUP (the SSH link dropped), SIGTERM or SIGINT: the loop ends
 * as if the user quit, so that an account held goes back to the queue and
 * the terminal is restored. */
static volatile sig_atomic_t stopped;

static void stop(int sig)
{
	(void)sig;
	stopped = 1;
}

/* No SA_RESTART: a signal wakes the loop from its wait for a key. */
static void catch_stops(void)
{
	struct sigaction sa = { .sa_handler = stop };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

int screen_attr(int role)
{
	if (use_colour)
		return COLOR_PAIR(role) | (role == ROLE_TITLE ? A_BOLD : 0) |
		    (role == ROLE_BAR || role == ROLE_FOCUS ? A_REVERSE : 0);
	switch (role) {
	case ROLE_TITLE: return A_REVERSE | A_BOLD;
	case ROLE_KEY: return A_BOLD;
	case ROLE_BAR: return A_REVERSE;
	case ROLE_WARNING: return A_BOLD | A_UNDERLINE;
	case ROLE_CHART: return A_BOLD;
	case ROLE_GOOD: return A_BOLD;
	case ROLE_FOCUS: return A_REVERSE;
	}
	return A_NORMAL;
}

/* s as wide characters that fit in width columns; returns how many. */
static size_t fit(const char *s, wchar_t *wide, size_t size, int width,
    int *used)
{
	char local[2048];
	fmt_text(s, local, sizeof local);
	size_t n = mbstowcs(wide, local, size - 1);
	*used = 0;
	if (n == (size_t)-1) {
		wide[0] = L'?';
		n = 1;
	}
	size_t i = 0;
	for (; i < n; i++) {
		int cw = wcwidth(wide[i]);
		cw = cw > 0 ? cw : 0;
		if (*used + cw > width)
			break;
		*used += cw;
	}
	wide[i] = L'\0';
	return i;
}

int screen_text(WINDOW *w, int y, int x, int width, const char *s)
{
	wchar_t wide[1024];
	int used;
	if (width <= 0)
		return 0;
	size_t n = fit(s, wide, sizeof wide / sizeof wide[0], width, &used);
	mvwaddnwstr(w, y, x, wide, (int)n);
	return used;
}

void screen_choice(WINDOW *w, int y, bool chosen)
{
	if (chosen)
		wattron(w, screen_attr(ROLE_FOCUS) | A_BOLD);
	mvwaddch(w, y, 1, chosen ? '>' : ' ');
	if (chosen)
		wattroff(w, screen_attr(ROLE_FOCUS) | A_BOLD);
}

void screen_text_right(WINDOW *w, int y, int x, int width, const char *s)
{
	wchar_t wide[1024];
	int used;
	if (width <= 0)
		return;
	size_t n = fit(s, wide, sizeof wide / sizeof wide[0], width, &used);
	mvwaddnwstr(w, y, x + width - used, wide, (int)n);
}

int screen_wrap(WINDOW *w, int y, int x, int width, int lines,
    const char *s)
{
	wchar_t wide[2048];
	char local[4096];
	int used = 0;
	if (width <= 0 || lines <= 0)
		return 0;
	fmt_text(s, local, sizeof local);
	size_t n = mbstowcs(wide, local, sizeof wide / sizeof wide[0] - 1);
	if (n == (size_t)-1)
		return screen_text(w, y, x, width, "?") > 0;
	wide[n] = L'\0';
	for (size_t start = 0; start < n && used < lines; used++) {
		/* As many characters as fit, back to the last space if a word
		 * would be cut. */
		size_t end = start, space = 0;
		int cols = 0;
		while (end < n) {
			int cw = wcwidth(wide[end]);
			cw = cw > 0 ? cw : 0;
			if (cols + cw > width)
				break;
			cols += cw;
			if (wide[end] == L' ')
				space = end;
			end++;
		}
		if (end < n && space > start)
			end = space;
		mvwaddnwstr(w, y + used, x, wide + start, (int)(end - start));
		start = end;
		while (start < n && wide[start] == L' ')
			start++;
	}
	return used;
}

void screen_rule(WINDOW *w, int y, int x, int width, const char *title)
{
	wattron(w, screen_attr(ROLE_MUTED));
	mvwhline(w, y, x, ACS_HLINE, width);
	wattroff(w, screen_attr(ROLE_MUTED));
	wattron(w, A_BOLD);
	mvwaddch(w, y, x + 1, ' ');
	int used = screen_text(w, y, x + 2, width - 4, title);
	waddch(w, ' ');
	wattroff(w, A_BOLD);
	(void)used;
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
	init_pair(ROLE_MUTED, COLOR_BLUE, -1);
	init_pair(ROLE_CHART, COLOR_CYAN, -1);
	init_pair(ROLE_GOOD, COLOR_GREEN, -1);
	init_pair(ROLE_FOCUS, COLOR_CYAN, -1);
}

/* ---- What screens ask for ----------------------------------------------- */

struct cb_session *ws_session(struct ws *ws)
{
	if (!ws->fixed_now)
		ws->s->now = time(NULL);
	return ws->s;
}

int ws_open(struct ws *ws, const struct screen *sc, void *data)
{
	if (ws->opening.sc)
		ws->opening.sc->free(ws->opening.data);
	ws->opening = (struct layer){ sc, data, NULL, NULL };
	return SCREEN_DONE;
}

void ws_say(struct ws *ws, bool warning, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ws->message, sizeof ws->message, fmt, ap);
	va_end(ap);
	ws->warning = warning;
}

void ws_fail(struct ws *ws, int rc, const char *why)
{
	if (why)
		ws_say(ws, true, "%s", _(why));
	else if (rc == CB_ERR_PERM)
		ws_say(ws, true, "%s", _("You may not do that."));
	if (rc == CB_ERR_PERM) /* every refusal is an event */
		cb_denied(ws->s, ws->stack[ws->n - 1].sc->name);
	else if (rc == CB_ERR_CONFLICT)
		ws_say(ws, true, "%s", _("Another agent holds this account."));
	else
		ws_say(ws, true, "%s", _(cb_strerror(rc)));
}

void *ws_below(struct ws *ws, const struct screen *sc)
{
	for (int i = ws->n - 1; i >= 0; i--)
		if (ws->stack[i].sc == sc)
			return ws->stack[i].data;
	return NULL;
}

void ws_home(struct ws *ws)
{
	ws->close_to = 1;
}

int screen_find_account(struct ws *ws, const char *text,
    struct cb_account_ref *out, const char **why)
{
	struct cb_txn *txn;
	int rc = cb_store_read(ws_session(ws)->store, &txn);
	if (rc != CB_OK) {
		*why = cb_strerror(rc);
		return rc;
	}
	rc = cb_account_find(txn, text, out->portfolio, out->debtor);
	cb_txn_end(&txn);
	*why = rc == CB_ERR_NOTFOUND ? N_("no such account")
	    : rc == CB_ERR_CONFLICT ? N_("the debtor has accounts in several "
	    "portfolios: write PORTFOLIO/ID") : rc != CB_OK ? cb_strerror(rc)
	    : NULL;
	return rc;
}

/* What the user is doing, as the board shows it: the screen on top says. */
static enum cb_agent_state doing(const struct ws *ws)
{
	const struct screen *top = ws->stack[ws->n - 1].sc;
	bool account = false;
	for (int i = 0; i < ws->n; i++)
		account |= ws->stack[i].sc == &screen_account;
	return !account ? CB_AGENT_IDLE : top == &screen_account ?
	    CB_AGENT_ACCOUNT : CB_AGENT_WRAP_UP;
}

/* Tells core when it changes, and once a minute that the user is still
 * here. */
static void presence(struct ws *ws, enum cb_agent_state state)
{
	time_t now = time(NULL);
	if (state == ws->said && now - ws->said_at < PRESENCE_EVERY)
		return;
	ws->said = state;
	ws->said_at = now;
	cb_presence_set(ws_session(ws), state);
}

/* ---- Drawing ------------------------------------------------------------ */

/* The top line: product, screen, user and role. */
static void draw_title(struct ws *ws, const struct screen *sc)
{
	char right[96];
	attrset(screen_attr(ROLE_TITLE));
	mvhline(0, 0, ' ', COLS);
	mvaddstr(0, 1, "cobrador");
	screen_text(stdscr, 0, 11, COLS / 2, _(sc->title));
	snprintf(right, sizeof right, "%s (%s)", ws->s->login,
	    _(cb_role_name(ws->s->role)));
	screen_text_right(stdscr, 0, COLS / 2, COLS / 2 - 1, right);
	attrset(A_NORMAL);
}

/* The message line, and the bottom line: the keys of the screen on top,
 * from its table. */
static void draw_bars(struct ws *ws, const struct screen *sc)
{
	int x = 0;
	move(LINES - 2, 0);
	clrtoeol();
	attrset(ws->warning ? screen_attr(ROLE_WARNING) : (int)A_NORMAL);
	screen_text(stdscr, LINES - 2, 1, COLS - 2, ws->message);
	move(LINES - 1, 0);
	clrtoeol();
	for (const struct screen_key *k = sc->keys; k->key; k++) {
		if (k->bar == NULL)
			continue;
		const char *word = _(k->bar);
		int need = fmt_width(k->label) + fmt_width(word) + 3;
		if (x + need > COLS)
			break;
		attrset(screen_attr(ROLE_KEY));
		mvaddstr(LINES - 1, x, k->label);
		x += fmt_width(k->label) + 1;
		attrset(screen_attr(ROLE_BAR));
		x += screen_text(stdscr, LINES - 1, x, COLS - x, word);
		attrset(A_NORMAL);
		x += 2;
	}
	attrset(A_NORMAL);
}

static void draw_too_small(void)
{
	char line[160];
	erase();
	snprintf(line, sizeof line, _("The terminal is too small: cobrador "
	    "needs %dx%d."), MIN_COLS, MIN_LINES);
	screen_text(stdscr, 0, 0, COLS, line);
	screen_text(stdscr, 1, 0, COLS, _("Make it larger, or press q to "
	    "quit."));
	wnoutrefresh(stdscr);
}

/* The help screen, made from the key table of the screen on top. */
static void draw_help(const struct screen *sc)
{
	int y = 2;
	erase();
	attrset(screen_attr(ROLE_TITLE));
	mvhline(0, 0, ' ', COLS);
	screen_text(stdscr, 0, 1, COLS / 2, _("Help: keys of this screen"));
	screen_text_right(stdscr, 0, COLS / 2, COLS / 2 - 1, _(sc->title));
	attrset(A_NORMAL);
	for (const struct screen_key *k = sc->keys; k->key && y < LINES - 2; k++) {
		attrset(screen_attr(ROLE_KEY));
		mvaddstr(y, 2, k->label);
		attrset(A_NORMAL);
		screen_text(stdscr, y++, 14, COLS - 16, _(k->help));
	}
	screen_text(stdscr, LINES - 1, 0, COLS, _("Press any key to go back."));
	wnoutrefresh(stdscr);
}

/* Makes the window of a layer fit the terminal. */
static void place(struct layer *l)
{
	int lines = LINES - 3, cols = COLS, y = 1, x = 0;
	if (l->sc->popup) {
		int want_lines = l->sc->lines, want_cols = l->sc->cols;
		if (l->sc->size)
			l->sc->size(l->data, &want_lines, &want_cols);
		lines = want_lines < lines ? want_lines : lines;
		cols = want_cols < cols ? want_cols : cols;
		y = 1 + (LINES - 3 - lines) / 2;
		x = (COLS - cols) / 2;
	}
	if (l->win == NULL) {
		l->win = newwin(lines, cols, y, x);
		l->panel = new_panel(l->win);
		return;
	}
	wresize(l->win, lines, cols);
	move_panel(l->panel, y, x);
}

/* A popup's frame, drawn last: a form posted in the window clears it. */
static void draw_frame(struct layer *l)
{
	int lines = getmaxy(l->win), cols = getmaxx(l->win);
	wattron(l->win, screen_attr(ROLE_KEY));
	mvwhline(l->win, 0, 0, ACS_HLINE, cols);
	mvwhline(l->win, lines - 1, 0, ACS_HLINE, cols);
	mvwvline(l->win, 0, 0, ACS_VLINE, lines);
	mvwvline(l->win, 0, cols - 1, ACS_VLINE, lines);
	mvwaddch(l->win, 0, 0, ACS_ULCORNER);
	mvwaddch(l->win, 0, cols - 1, ACS_URCORNER);
	mvwaddch(l->win, lines - 1, 0, ACS_LLCORNER);
	mvwaddch(l->win, lines - 1, cols - 1, ACS_LRCORNER);
	wattroff(l->win, screen_attr(ROLE_KEY));
}

static void draw(struct ws *ws)
{
	struct layer *top = &ws->stack[ws->n - 1];
	int first = ws->n - 1;
	if (ws->small) {
		draw_too_small();
		doupdate();
		return;
	}
	if (ws->help) {
		draw_help(top->sc);
		doupdate();
		return;
	}
	while (first > 0 && ws->stack[first].sc->popup)
		first--;
	draw_title(ws, ws->stack[first].sc);
	draw_bars(ws, top->sc);
	wnoutrefresh(stdscr);
	for (int i = 0; i < ws->n; i++) {
		struct layer *l = &ws->stack[i];
		place(l);
		if (i < first) {
			hide_panel(l->panel);
			continue;
		}
		show_panel(l->panel);
		if (!l->sc->own_erase)
			werase(l->win);
		l->sc->draw(ws, l->data, l->win);
		if (l->sc->popup)
			draw_frame(l);
	}
	update_panels();
	int y, x;
	if (top->sc->cursor && top->sc->cursor(top->data, &y, &x)) {
		int wy, wx;
		getbegyx(top->win, wy, wx);
		curs_set(1);
		move(wy + y, wx + x);
		wnoutrefresh(stdscr);
	} else {
		curs_set(0);
	}
	doupdate();
}

/* ---- The stack ------------------------------------------------------------ */

static void layer_free(struct layer *l)
{
	l->sc->free(l->data); /* first: a form lets go of its window */
	if (l->panel)
		del_panel(l->panel);
	if (l->win)
		delwin(l->win);
	*l = (struct layer){ 0 };
}

/* Loads the screen on top; a screen that cannot load closes with its
 * error said. */
static void load_top(struct ws *ws)
{
	while (ws->n > 0) {
		struct layer *l = &ws->stack[ws->n - 1];
		int rc = l->sc->load(ws, l->data);
		if (rc == CB_OK || ws->n == 1)
			return;
		ws_fail(ws, rc, NULL);
		layer_free(l);
		ws->n--;
	}
}

/* Carries out what the last key asked: closing, then opening.  Returns
 * true when the stack changed. */
static bool restack(struct ws *ws, int todo)
{
	bool changed = false;
	if ((todo & SCREEN_CLOSE) && ws->close_to < 0)
		ws->close_to = ws->n - 1;
	if (ws->close_to >= 1) {
		while (ws->n > ws->close_to) {
			layer_free(&ws->stack[ws->n - 1]);
			ws->n--;
			changed = true;
		}
	}
	ws->close_to = -1;
	if (ws->opening.sc) {
		if (ws->n < STACK_MAX)
			ws->stack[ws->n++] = ws->opening;
		else
			ws->opening.sc->free(ws->opening.data);
		ws->opening = (struct layer){ 0 };
		changed = true;
	}
	return changed;
}

/* ---- Keys ------------------------------------------------------------------ */

/* The next key, as KEY() codes for curses keys; ERR after timeout ms. */
static int read_key(int timeout)
{
	wint_t wc;
	timeout(timeout);
	int rc = get_wch(&wc);
	if (rc == ERR)
		return ERR;
	return rc == KEY_CODE_YES ? KEY((int)wc) : (int)wc;
}

int ws_help(struct ws *ws, void *data, int key)
{
	(void)data;
	(void)key;
	ws->help = true;
	return SCREEN_REDRAW;
}

int ws_redraw(struct ws *ws, void *data, int key)
{
	(void)ws;
	(void)data;
	(void)key;
	clearok(curscr, TRUE);
	return SCREEN_REDRAW;
}

bool *ws_next_after_outcome(struct ws *ws)
{
	return &ws->next_after;
}

/* Handles one key on the screen on top. */
static int dispatch(struct ws *ws, int key)
{
	struct layer *top = &ws->stack[ws->n - 1];
	for (const struct screen_key *k = top->sc->keys; k->key; k++)
		if ((key >= k->key && key <= (k->last ? k->last : k->key)) ||
		    (k->other && key == k->other))
			return k->act(ws, top->data, key);
	return top->sc->typed ? top->sc->typed(ws, top->data, key) : SCREEN_DONE;
}

/* The loop: one doupdate() per key; nothing held while waiting. */
static void run(struct ws *ws)
{
	int todo = SCREEN_RELOAD;
	for (;;) {
		ws->small = COLS < MIN_COLS || LINES < MIN_LINES;
		if ((todo & SCREEN_RELOAD) && !ws->small)
			load_top(ws);
		if (todo & (SCREEN_REDRAW | SCREEN_RELOAD))
			draw(ws);
		struct layer *top = &ws->stack[ws->n - 1];
		presence(ws, doing(ws));
		int key = read_key(1000);
		bool had_message = ws->message[0] != '\0';
		if (stopped)
			break;
		if (key == ERR) {
			todo = ws->small || ws->help || top->sc->tick == NULL ?
			    SCREEN_DONE : top->sc->tick(ws, top->data);
			continue;
		}
		ws->message[0] = '\0';
		if (key == KEY(KEY_RESIZE)) {
			todo = SCREEN_REDRAW;
		} else if (ws->help) {
			ws->help = false;
			todo = SCREEN_REDRAW;
		} else if (ws->small) {
			todo = key == 'q' || key == KEY(KEY_F(10)) ? SCREEN_QUIT :
			    SCREEN_DONE;
		} else {
			for (int i = 0; i < ws->n; i++)
				if (ws->stack[i].sc->activity)
					ws->stack[i].sc->activity(ws, ws->stack[i].data);
			todo = dispatch(ws, key);
		}
		if (todo & SCREEN_QUIT)
			break;
		if (restack(ws, todo))
			todo |= SCREEN_RELOAD;
		if (had_message || ws->message[0])
			todo |= SCREEN_REDRAW;
	}
}

int workstation_run(struct cb_session *s, bool fixed_now)
{
	struct ws ws = { .s = s, .fixed_now = fixed_now, .close_to = -1,
		.said = CB_AGENT_AWAY };
	void *home = screen_home_new();
	if (home == NULL)
		return cli_fail(CB_ERR_NOMEM, NULL);
	fmt_messages_utf8();
	if (initscr() == NULL) {
		cli_error(_("cannot start the terminal"));
		screen_home.free(home);
		return EXIT_INPUT;
	}
	catch_stops();
	set_escdelay(25);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	colours_start();
	ws.stack[ws.n++] = (struct layer){ &screen_home, home, NULL, NULL };
	int64_t after = 0;
	if (cb_user_setting_get(s, "after", &after) == CB_OK)
		ws.next_after = after == 1;
	run(&ws);
	while (ws.n > 0)
		layer_free(&ws.stack[--ws.n]);
	cb_presence_set(ws_session(&ws), CB_AGENT_AWAY);
	if (ws.opening.sc)
		ws.opening.sc->free(ws.opening.data);
	endwin();
	return EXIT_DONE;
}
