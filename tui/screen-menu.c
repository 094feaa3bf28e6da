/* screen-menu.c -- a popup choice among named items (the outcome codes),
 * on the curses menu library. */
#include <menu.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "format.h"
#include "screen.h"

#define MENU_COLS 60

struct menu_screen {
	const char *title;
	size_t n;
	const char *const *names, *const *descriptions;
	char shown[MENU_ITEMS_MAX][128]; /* descriptions, translated and
	                                  * converted for the terminal */
	ITEM *items[MENU_ITEMS_MAX + 1];
	MENU *menu;
	WINDOW *win, *sub;  /* where it is posted, and its size */
	int lines, cols;
	int (*chosen)(struct ws *ws, void *arg, size_t i);
	void *arg;
};

int screen_menu_open(struct ws *ws, const char *title,
    const char *const *names, const char *const *descriptions, size_t n,
    int (*chosen)(struct ws *ws, void *arg, size_t i), void *arg)
{
	struct menu_screen *m = calloc(1, sizeof *m);
	if (m == NULL) {
		ws_fail(ws, CB_ERR_NOMEM, NULL);
		return SCREEN_DONE;
	}
	*m = (struct menu_screen){ .title = title, .names = names,
		.descriptions = descriptions, .chosen = chosen, .arg = arg,
		.n = n < MENU_ITEMS_MAX ? n : MENU_ITEMS_MAX };
	return ws_open(ws, &screen_menu, m);
}

static int menu_load(struct ws *ws, void *data)
{
	struct menu_screen *m = data;
	(void)ws;
	if (m->menu)
		return CB_OK;
	for (size_t i = 0; i < m->n; i++) {
		fmt_text(_(m->descriptions[i]), m->shown[i], sizeof m->shown[i]);
		if ((m->items[i] = new_item(m->names[i], m->shown[i])) == NULL)
			return CB_ERR_NOMEM;
	}
	m->menu = new_menu(m->items);
	if (m->menu == NULL)
		return CB_ERR_NOMEM;
	set_menu_mark(m->menu, "> ");
	set_menu_fore(m->menu, screen_attr(ROLE_FOCUS));
	return CB_OK;
}

static void menu_size(void *data, int *lines, int *cols)
{
	const struct menu_screen *m = data;
	*lines = (int)m->n + 5;
	*cols = MENU_COLS;
}

static void menu_draw(struct ws *ws, void *data, WINDOW *w)
{
	struct menu_screen *m = data;
	(void)ws;
	/* Posted once, and again only in a new window: posting anew forgets
	 * the letters typed so far. */
	if (m->win != w || m->lines != getmaxy(w) || m->cols != getmaxx(w)) {
		if (m->win)
			unpost_menu(m->menu);
		if (m->sub)
			delwin(m->sub);
		werase(w);
		m->win = w;
		m->lines = getmaxy(w);
		m->cols = getmaxx(w);
		m->sub = derwin(w, getmaxy(w) - 4, getmaxx(w) - 4, 2, 2);
		set_menu_win(m->menu, w);
		set_menu_sub(m->menu, m->sub);
		set_menu_format(m->menu, getmaxy(w) - 4, 1);
		if (m->sub == NULL || post_menu(m->menu) != E_OK) {
			screen_text(w, 2, 2, getmaxx(w) - 4,
			    _("The list does not fit."));
			m->win = NULL;
		}
	}
	wattron(w, A_BOLD);
	screen_text(w, 1, 2, getmaxx(w) - 4, _(m->title));
	wattroff(w, A_BOLD);
}

static int menu_move(struct ws *ws, void *data, int key)
{
	struct menu_screen *m = data;
	(void)ws;
	menu_driver(m->menu, key == KEY(KEY_UP) ? REQ_UP_ITEM : REQ_DOWN_ITEM);
	return SCREEN_REDRAW;
}

static int menu_choose(struct ws *ws, void *data, int key)
{
	struct menu_screen *m = data;
	(void)key;
	int i = m->n ? item_index(current_item(m->menu)) : -1;
	if (i < 0)
		return SCREEN_CLOSE;
	return SCREEN_CLOSE | m->chosen(ws, m->arg, (size_t)i);
}

static int menu_cancel(struct ws *ws, void *data, int key)
{
	(void)ws;
	(void)data;
	(void)key;
	return SCREEN_CLOSE;
}

/* Letters go to the item whose name starts with what was typed. */
static int menu_typed(struct ws *ws, void *data, int key)
{
	struct menu_screen *m = data;
	(void)ws;
	if (key >= ' ' && key < 127) {
		menu_driver(m->menu, key);
		return SCREEN_REDRAW;
	}
	return SCREEN_DONE;
}

static const struct screen_key menu_keys[] = {
	SCREEN_KEY_HELP("F1", KEY(KEY_F(1))),
	{ KEY(KEY_DOWN), KEY(KEY_UP), 0, "Down Up", NULL,
	  N_("Move in the list (or type a code's first letters)"), menu_move },
	{ '\n', 0, KEY(KEY_ENTER), "Enter", N_("Choose"),
	  N_("Take the item chosen"), menu_choose },
	{ 27, 0, KEY(KEY_F(10)), "Esc", N_("Cancel"),
	  N_("Close the list; nothing is done"), menu_cancel },
	SCREEN_KEY_REDRAW,
	{ 0, 0, 0, NULL, NULL, NULL, NULL },
};

static void menu_free(void *data)
{
	struct menu_screen *m = data;
	if (m->menu) {
		unpost_menu(m->menu);
		free_menu(m->menu);
	}
	if (m->sub)
		delwin(m->sub);
	for (size_t i = 0; i < m->n; i++)
		if (m->items[i])
			free_item(m->items[i]);
	free(m);
}

const struct screen screen_menu = {
	.name = "menu",
	.title = N_("Choose"),
	.keys = menu_keys,
	.popup = true,
	.own_erase = true,
	.lines = MENU_ITEMS_MAX + 5,
	.cols = MENU_COLS,
	.size = menu_size,
	.load = menu_load,
	.draw = menu_draw,
	.typed = menu_typed,
	.free = menu_free,
};
