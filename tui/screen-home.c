/* screen-home.c -- the agent's day: callbacks and promises due, what was
 * done today, how much is callable, and F2 for the next account. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "desk.h"
#include "error.h"
#include "format.h"
#include "queue.h"
#include "screen.h"

#define REASONS_SHOWN 6
#define REFRESH_SECONDS 10 /* home reads the day again, for what others did */

/* Why nothing is callable: the reasons of the accounts left out, counted. */
struct reason {
	char text[160];
	unsigned count;
};

struct home {
	struct cb_desk desk;
	bool loaded;
	int selected;        /* in callbacks, then promises */
	bool empty;          /* `next` found nothing: show why */
	size_t nreasons;
	struct reason reasons[REASONS_SHOWN];
	unsigned others;     /* accounts whose reason did not fit */
	int idle;            /* seconds since it was read */
};

void *screen_home_new(void)
{
	return calloc(1, sizeof(struct home));
}

static int home_load(struct ws *ws, void *data)
{
	struct home *h = data;
	int rc = cb_desk_load(ws_session(ws), &h->desk);
	h->idle = 0;
	h->loaded = rc == CB_OK;
	if (rc != CB_OK && rc != CB_ERR_PERM)
		ws_fail(ws, rc, NULL);
	int items = (int)(h->desk.ncallbacks + h->desk.npromises);
	if (h->selected >= items)
		h->selected = items > 0 ? items - 1 : 0;
	return CB_OK;
}

/* ---- Why nothing is callable ---------------------------------------------- */

static int count_reason(const struct cb_queue_entry *e, void *arg)
{
	struct home *h = arg;
	char text[160];
	if (e->reason == NULL)
		return CB_OK;
	if (e->contact && e->contact->block != CB_BLOCK_NONE) {
		char why[128];
		snprintf(text, sizeof text, "%s: %s", _(e->reason),
		    fmt_contact(e->contact, why, sizeof why));
	} else {
		snprintf(text, sizeof text, "%s", _(e->reason));
	}
	for (size_t i = 0; i < h->nreasons; i++)
		if (strcmp(h->reasons[i].text, text) == 0) {
			h->reasons[i].count++;
			return CB_OK;
		}
	if (h->nreasons == REASONS_SHOWN) {
		h->others++;
		return CB_OK;
	}
	snprintf(h->reasons[h->nreasons].text, sizeof h->reasons[0].text, "%s",
	    text);
	h->reasons[h->nreasons++].count = 1;
	return CB_OK;
}

/* Reads why each account is out of the agent's queue. */
static void explain_empty(struct ws *ws, struct home *h)
{
	h->empty = true;
	h->nreasons = 0;
	h->others = 0;
	int rc = cb_queue_list(ws_session(ws), NULL, true, 0, count_reason, h);
	if (rc != CB_OK)
		ws_fail(ws, rc, NULL);
}

/* ---- Drawing ---------------------------------------------------------------- */

static void draw_counts(WINDOW *w, const struct home *h, int y)
{
	const struct cb_desk_counts *c = &h->desk.today;
	char line[256], money[40];
	int n = snprintf(line, sizeof line, _("Today: accounts %u, outcomes %u, "
	    "conversations %u, promises %u"), c->claims, c->outcomes,
	    c->conversations, c->promises);
	for (size_t i = 0; i < c->ncurrencies && n > 0 && (size_t)n < sizeof line;
	     i++) {
		fmt_money(c->promised[i].amount, c->promised[i].currency, money,
		    sizeof money);
		n += snprintf(line + n, sizeof line - (size_t)n, "%s%s %s",
		    i ? ", " : " (", money, c->promised[i].currency);
	}
	if (c->ncurrencies && n > 0 && (size_t)n < sizeof line - 1)
		strcat(line, ")");
	screen_text(w, y, 2, getmaxx(w) - 4, line);
}

/* One callback or promise: when, who, how much. */
static void draw_item(WINDOW *w, int y, const struct cb_desk_item *it,
    bool callback, bool selected, time_t day_start)
{
	char when[32], money[40], account[CB_PORTFOLIO_MAX + CB_ID_MAX + 2];
	int width = getmaxx(w);
	if (callback) {
		struct tm tm;
		localtime_r(&it->at, &tm);
		/* One left from an earlier day says which. */
		fmt_strftime(when, sizeof when, it->at < day_start ? "%d-%m %H:%M"
		    : "%H:%M", &tm);
		if (it->anyone)
			snprintf(when + strlen(when), sizeof when - strlen(when), " *");
	} else {
		cb_day_format(it->due, when);
		if (it->status == CB_PROMISE_BROKEN) /* "! broken" in the title */
			strcat(when, " !");
	}
	mvwhline(w, y, 1, ' ', width - 2);
	screen_text(w, y, 2, 13, when);
	screen_text(w, y, 15, width - 63, it->name);
	snprintf(account, sizeof account, "%.*s/%.*s", CB_PORTFOLIO_MAX,
	    it->portfolio, CB_ID_MAX - 1, it->debtor);
	screen_text(w, y, width - 47, 26, account);
	fmt_money(it->amount, it->currency, money, sizeof money);
	snprintf(money + strlen(money), sizeof money - strlen(money), " %s",
	    it->currency);
	screen_text_right(w, y, width - 21, 19, money);
	screen_choice(w, y, selected);
}

/* A list of items under its title; returns the next free line. */
static int draw_list(WINDOW *w, int y, int bottom, const char *title,
    const struct cb_desk *d, bool callback, int first, int selected,
    const char *none)
{
	const struct cb_desk_item *items = callback ? d->callbacks : d->promises;
	size_t n = callback ? d->ncallbacks : d->npromises;
	screen_rule(w, y++, 1, getmaxx(w) - 2, title);
	if (n == 0 && y < bottom)
		screen_text(w, y++, 3, getmaxx(w) - 6, none);
	/* The item chosen stays in sight: the list starts later if need be. */
	int rows = bottom - y, at = selected - first;
	size_t from = at >= rows && rows > 0 ? (size_t)(at - rows + 1) : 0;
	for (size_t i = from; i < n && y < bottom; i++)
		draw_item(w, y++, &items[i], callback, first + (int)i == selected,
		    d->day_start);
	return y + 1;
}

static void draw_why_empty(WINDOW *w, const struct home *h, int y, int bottom)
{
	char line[200];
	wattron(w, screen_attr(ROLE_WARNING));
	screen_text(w, y++, 2, getmaxx(w) - 4, _("Nothing is callable now:"));
	wattroff(w, screen_attr(ROLE_WARNING));
	if (h->nreasons == 0 && y < bottom)
		screen_text(w, y++, 4, getmaxx(w) - 6, _("the queue is empty."));
	for (size_t i = 0; i < h->nreasons && y < bottom; i++) {
		snprintf(line, sizeof line, "%5u  %s", h->reasons[i].count,
		    h->reasons[i].text);
		screen_text(w, y++, 2, getmaxx(w) - 4, line);
	}
	if (h->others && y < bottom) {
		snprintf(line, sizeof line, _("%5u  for other reasons"), h->others);
		screen_text(w, y, 2, getmaxx(w) - 4, line);
	}
}

static void home_draw(struct ws *ws, void *data, WINDOW *w)
{
	const struct home *h = data;
	const struct cb_desk *d = &h->desk;
	int y = 1, bottom = getmaxy(w) - 1;
	char line[200];
	if (!h->loaded) {
		screen_text(w, y, 2, getmaxx(w) - 4, _("Your day could not be "
		    "read; F2 still takes the next account."));
		return;
	}
	if (d->callable_more)
		snprintf(line, sizeof line, _("Callable now: more than %u accounts"),
		    d->callable);
	else
		snprintf(line, sizeof line, ngettext("Callable now: %u account",
		    "Callable now: %u accounts", d->callable), d->callable);
	screen_text(w, y, 2, getmaxx(w) / 2, line);
	screen_text_right(w, y++, getmaxx(w) / 2, getmaxx(w) / 2 - 2,
	    _("F2 or n: next account"));
	draw_counts(w, h, y++);
	screen_text_right(w, y, getmaxx(w) / 2, getmaxx(w) / 2 - 2,
	    *ws_next_after_outcome(ws) ? _("a: after an outcome, the next one")
	    : _("a: after an outcome, back home"));
	if (d->holding) {
		snprintf(line, sizeof line, _("You hold %s/%s: F2 opens it again."),
		    d->held_portfolio, d->held_debtor);
		wattron(w, screen_attr(ROLE_WARNING));
		screen_text(w, y, 2, getmaxx(w) / 2 - 2, line);
		wattroff(w, screen_attr(ROLE_WARNING));
	}
	y += 2;
	if (h->empty) {
		draw_why_empty(w, h, y, bottom);
		return;
	}
	y = draw_list(w, y, bottom - 3, _("Callbacks due"), d, true, 0,
	    h->selected, _("No callback due today."));
	draw_list(w, y, bottom, _("Promises due (! broken)"), d, false,
	    (int)d->ncallbacks,
	    h->selected, _("No promise due today."));
}

/* ---- Keys ------------------------------------------------------------------- */

static int home_next(struct ws *ws, void *data, int key)
{
	struct home *h = data;
	(void)key;
	h->empty = false;
	int rc = screen_account_next(ws);
	if (rc == CB_ERR_NOTHING)
		explain_empty(ws, h);
	return SCREEN_RELOAD;
}

static int home_move(struct ws *ws, void *data, int key)
{
	struct home *h = data;
	int items = (int)(h->desk.ncallbacks + h->desk.npromises);
	(void)ws;
	if (key == KEY(KEY_UP) && h->selected > 0)
		h->selected--;
	else if (key == KEY(KEY_DOWN) && h->selected + 1 < items)
		h->selected++;
	return SCREEN_REDRAW;
}

static int home_open(struct ws *ws, void *data, int key)
{
	struct home *h = data;
	const struct cb_desk *d = &h->desk;
	struct cb_account_ref ref;
	const struct cb_desk_item *it;
	(void)key;
	if (h->selected < (int)d->ncallbacks)
		it = &d->callbacks[h->selected];
	else if (h->selected - (int)d->ncallbacks < (int)d->npromises)
		it = &d->promises[h->selected - (int)d->ncallbacks];
	else
		return SCREEN_DONE;
	snprintf(ref.portfolio, sizeof ref.portfolio, "%s", it->portfolio);
	snprintf(ref.debtor, sizeof ref.debtor, "%s", it->debtor);
	return screen_account_open(ws, &ref, false);
}

static int home_search(struct ws *ws, void *data, int key)
{
	(void)data;
	(void)key;
	return screen_search_open(ws);
}

static int home_reports(struct ws *ws, void *data, int key)
{
	(void)data;
	(void)key;
	return screen_reports_open(ws, 0);
}

static int home_board(struct ws *ws, void *data, int key)
{
	(void)data;
	(void)key;
	return screen_board_open(ws);
}

static int home_after(struct ws *ws, void *data, int key)
{
	bool *next = ws_next_after_outcome(ws);
	(void)data;
	(void)key;
	*next = !*next;
	/* Kept in the database: the choice follows the agent. */
	int rc = cb_user_setting_set(ws_session(ws), "after", *next);
	if (rc != CB_OK)
		ws_fail(ws, rc, NULL);
	else
		ws_say(ws, false, "%s", *next ? _("After an outcome: the next "
		    "account.") : _("After an outcome: back home."));
	return SCREEN_REDRAW;
}

static int home_quit(struct ws *ws, void *data, int key)
{
	(void)ws;
	(void)data;
	(void)key;
	return SCREEN_QUIT;
}

static const struct screen_key home_keys[] = {
	SCREEN_KEY_HELP("F1 ?", '?'),
	{ 'n', 0, KEY(KEY_F(2)), "F2 n", N_("Next"),
	  N_("Take the next account of the queue and open it"), home_next },
	{ '/', 0, KEY(KEY_F(3)), "F3 /", N_("Search"),
	  N_("Find an account by id, RUT, name, phone or invoice"), home_search },
	{ '\n', 0, KEY(KEY_ENTER), "Enter", N_("Open"),
	  N_("Open the callback or promise chosen"), home_open },
	{ KEY(KEY_DOWN), KEY(KEY_UP), 0, "Down Up", NULL,
	  N_("Choose a callback or a promise"), home_move },
	{ 'q', 0, KEY(KEY_F(10)), "F10 q", N_("Quit"),
	  N_("Leave cobrador"), home_quit },
	{ 'a', 0, 0, "a", N_("After"),
	  N_("After an outcome: the next account, or back home"), home_after },
	{ 'b', 0, KEY(KEY_F(4)), "F4 b", N_("Board"),
	  N_("The live board of agents and queue (supervisors)"), home_board },
	{ 'r', 0, KEY(KEY_F(5)), "F5 r", N_("Reports"),
	  N_("Reports with charts: promises, agents, key figures, activity, "
	  "aging (supervisors)"), home_reports },
	SCREEN_KEY_REDRAW,
	{ 0, 0, 0, NULL, NULL, NULL, NULL },
};

static int home_tick(struct ws *ws, void *data)
{
	struct home *h = data;
	(void)ws;
	return ++h->idle >= REFRESH_SECONDS ? SCREEN_RELOAD : SCREEN_DONE;
}

static void home_free(void *data)
{
	free(data);
}

const struct screen screen_home = {
	.name = "home",
	.title = N_("My day"),
	.keys = home_keys,
	.load = home_load,
	.draw = home_draw,
	.tick = home_tick,
	.free = home_free,
};
