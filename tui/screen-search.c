/* screen-search.c -- find an account by id, RUT, name, phone or invoice
 * and open it. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "error.h"
#include "format.h"
#include "queue.h"
#include "search.h"
#include "screen.h"

#define QUERY_MAX 64

struct hit {
	struct cb_account_ref ref;
	char name[128], currency[8], why[16];
	int64_t balance;
};

struct search {
	wchar_t query[QUERY_MAX + 1];
	size_t len;
	bool searched;      /* the hits are for the query as it stands */
	size_t nhits;
	struct hit hits[CB_SEARCH_LIMIT];
	int selected;
};

int screen_search_open(struct ws *ws)
{
	struct search *s = calloc(1, sizeof *s);
	if (s == NULL) {
		ws_fail(ws, CB_ERR_NOMEM, NULL);
		return SCREEN_DONE;
	}
	return ws_open(ws, &screen_search, s);
}

static int search_load(struct ws *ws, void *data)
{
	(void)ws;
	(void)data;
	return CB_OK;
}

static int keep_hit(const struct cb_search_hit *h, void *arg)
{
	struct search *s = arg;
	if (s->nhits == CB_SEARCH_LIMIT)
		return CB_OK;
	struct hit *out = &s->hits[s->nhits++];
	snprintf(out->ref.portfolio, sizeof out->ref.portfolio, "%s", h->portfolio);
	snprintf(out->ref.debtor, sizeof out->ref.debtor, "%s", h->debtor);
	snprintf(out->name, sizeof out->name, "%s", h->name ? h->name : "");
	snprintf(out->currency, sizeof out->currency, "%s", h->currency);
	snprintf(out->why, sizeof out->why, "%s", h->why ? h->why : "");
	out->balance = h->balance;
	return CB_OK;
}

static void search_draw(struct ws *ws, void *data, WINDOW *w)
{
	const struct search *s = data;
	char line[256], money[40];
	int width = getmaxx(w);
	(void)ws;
	screen_text(w, 1, 2, width - 4, _("Id, RUT, name, phone or invoice:"));
	wattron(w, A_UNDERLINE);
	mvwhline(w, 2, 2, ' ', QUERY_MAX);
	mvwaddnwstr(w, 2, 2, s->query, (int)s->len);
	wattroff(w, A_UNDERLINE);
	if (!s->searched)
		return;
	snprintf(line, sizeof line, ngettext("%zu account found",
	    "%zu accounts found", s->nhits), s->nhits);
	screen_rule(w, 4, 1, width - 2, line);
	for (size_t i = 0; i < s->nhits && 5 + (int)i < getmaxy(w); i++) {
		const struct hit *h = &s->hits[i];
		int y = 5 + (int)i;
		mvwhline(w, y, 1, ' ', width - 2);
		/* The name takes what the other columns leave: 22 columns at
		 * 80, more on a wider terminal. */
		screen_text(w, y, 2, width - 58, h->name);
		snprintf(line, sizeof line, "%s/%s", h->ref.portfolio, h->ref.debtor);
		screen_text(w, y, width - 55, 26, line);
		fmt_money(h->balance, h->currency, money, sizeof money);
		snprintf(line, sizeof line, "%s %s", money, h->currency);
		screen_text_right(w, y, width - 28, 17, line);
		screen_text(w, y, width - 10, 9, _(h->why));
		screen_choice(w, y, (int)i == s->selected);
	}
}

static bool search_cursor(void *data, int *y, int *x)
{
	const struct search *s = data;
	*y = 2;
	*x = 2 + wcswidth(s->query, s->len);
	return true;
}

static int search_run(struct ws *ws, struct search *s)
{
	char local[4 * QUERY_MAX + 1], text[4 * QUERY_MAX + 1];
	if (wcstombs(local, s->query, sizeof local) == (size_t)-1)
		return SCREEN_DONE;
	fmt_to_utf8(local, text, sizeof text);
	s->nhits = 0;
	s->selected = 0;
	int rc = cb_search(ws_session(ws), text, keep_hit, s);
	if (rc != CB_OK)
		ws_fail(ws, rc, NULL);
	s->searched = rc == CB_OK;
	return SCREEN_REDRAW;
}

/* Enter: search for what was typed; once found, open the hit chosen. */
static int search_enter(struct ws *ws, void *data, int key)
{
	struct search *s = data;
	(void)key;
	if (!s->searched)
		return search_run(ws, s);
	if (s->nhits == 0)
		return SCREEN_DONE;
	return screen_account_open(ws, &s->hits[s->selected].ref, false);
}

static int search_move(struct ws *ws, void *data, int key)
{
	struct search *s = data;
	(void)ws;
	if (key == KEY(KEY_UP) && s->selected > 0)
		s->selected--;
	else if (key == KEY(KEY_DOWN) && (size_t)s->selected + 1 < s->nhits)
		s->selected++;
	return SCREEN_REDRAW;
}

static int search_back(struct ws *ws, void *data, int key)
{
	(void)ws;
	(void)data;
	(void)key;
	return SCREEN_CLOSE;
}

static int search_typed(struct ws *ws, void *data, int key)
{
	struct search *s = data;
	(void)ws;
	if (key == KEY(KEY_BACKSPACE) || key == 127 || key == CTRL('H')) {
		if (s->len > 0)
			s->query[--s->len] = L'\0';
	} else if (key == CTRL('U')) {
		s->len = 0;
		s->query[0] = L'\0';
	} else if (key < KEY(0) && iswprint((wint_t)key) && s->len < QUERY_MAX) {
		s->query[s->len++] = (wchar_t)key;
		s->query[s->len] = L'\0';
	} else {
		return SCREEN_DONE;
	}
	s->searched = false;
	return SCREEN_REDRAW;
}

static const struct screen_key search_keys[] = {
	SCREEN_KEY_HELP("F1", KEY(KEY_F(1))),
	{ '\n', 0, KEY(KEY_ENTER), "Enter", N_("Search/Open"),
	  N_("Search for what was typed; then open the account chosen"),
	  search_enter },
	{ KEY(KEY_DOWN), KEY(KEY_UP), 0, "Down Up", NULL,
	  N_("Choose an account found"), search_move },
	{ 27, 0, KEY(KEY_F(10)), "Esc F10", N_("Back"), N_("Back home"),
	  search_back },
	SCREEN_KEY_REDRAW,
	{ 0, 0, 0, NULL, NULL, NULL, NULL },
};

static void search_free(void *data)
{
	free(data);
}

const struct screen screen_search = {
	.name = "search",
	.title = N_("Search"),
	.keys = search_keys,
	.load = search_load,
	.draw = search_draw,
	.typed = search_typed,
	.cursor = search_cursor,
	.free = search_free,
};
