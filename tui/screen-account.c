/* screen-account.c -- one account: the debtor, balance and aging, the
 * documents, phones and history, the call script walked with 1-9, the
 * call timer and the lease, and the outcome keys. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "error.h"
#include "event.h"
#include "format.h"
#include "library.h"
#include "money.h"
#include "outcome.h"

#define RENEW_EVERY 60   /* seconds of activity between lease renewals */
#define SCRIPT_LINES 200 /* a step drawn whole, before it is scrolled */

static time_t monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

const char *account_language(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);
	return l && strncmp(l, "es", 2) == 0 ? "es" : "en";
}

int screen_account_open(struct ws *ws, const struct cb_account_ref *ref,
    bool claimed)
{
	struct account *a = calloc(1, sizeof *a);
	if (a == NULL) {
		ws_fail(ws, CB_ERR_NOMEM, NULL);
		return SCREEN_DONE;
	}
	a->session = ws_session(ws);
	a->ref = *ref;
	a->claimed = claimed;
	a->opened = a->renewed = monotonic();
	return ws_open(ws, &screen_account, a);
}

int screen_account_next(struct ws *ws)
{
	struct cb_account_ref ref;
	const char *why = NULL;
	int rc = cb_queue_next(ws_session(ws), NULL, &ref, &why);
	if (rc == CB_OK)
		screen_account_open(ws, &ref, true);
	else if (rc != CB_ERR_NOTHING)
		ws_fail(ws, rc, why);
	return rc;
}

/* The card is read once: the script's walk points into it. */
static int account_load(struct ws *ws, void *data)
{
	struct account *a = data;
	struct cb_session *s = ws_session(ws);
	if (a->card)
		return CB_OK;
	int rc = cb_card_load(s, &a->ref, account_language(), &a->card);
	if (rc != CB_OK)
		return rc;
	if (a->card->script)
		cb_run_start(&a->run, a->card->script, &a->card->facts);
	a->lease_until = a->claimed ? a->card->lease_until : 0;
	for (size_t i = 0; i < a->card->nphones; i++)
		if (a->card->phones[i].status != CB_PHONE_BAD) {
			a->phone = (int)i;
			break;
		}
	return CB_OK;
}

/* ---- The header ---------------------------------------------------------- */

static void draw_timers(struct ws *ws, const struct account *a, WINDOW *w,
    int y)
{
	char line[96], lease[24] = "";
	time_t call = monotonic() - a->opened, now = ws_session(ws)->now;
	if (a->logged)
		snprintf(lease, sizeof lease, "%s", _("logged"));
	else if (a->claimed && a->lease_until > now)
		snprintf(lease, sizeof lease, _("lease %02ld:%02ld"),
		    (long)(a->lease_until - now) / 60,
		    (long)(a->lease_until - now) % 60);
	else if (a->claimed)
		snprintf(lease, sizeof lease, "%s", _("lease ran out"));
	else
		snprintf(lease, sizeof lease, "%s", _("not claimed"));
	snprintf(line, sizeof line, _("call %02ld:%02ld  %s"), (long)call / 60,
	    (long)call % 60, lease);
	bool short_lease = a->claimed && !a->logged &&
	    a->lease_until - now < 120;
	if (short_lease)
		wattron(w, screen_attr(ROLE_WARNING));
	screen_text_right(w, y, getmaxx(w) - 30, 29, line);
	if (short_lease)
		wattroff(w, screen_attr(ROLE_WARNING));
}

static void draw_header(struct ws *ws, const struct account *a, WINDOW *w)
{
	const struct cb_card *c = a->card;
	char line[512], money[40], due[11], clock[40];
	int cols = getmaxx(w);
	struct tm local;
	wattron(w, A_BOLD);
	screen_text(w, 0, 1, cols / 2, c->name);
	wattroff(w, A_BOLD);
	snprintf(line, sizeof line, "%s  %s  %s", c->ref.debtor, c->ref.portfolio,
	    _(cb_segment_name(c->segment)));
	screen_text_right(w, 0, cols / 2, cols / 2 - 1, line);

	fmt_money(c->balance, c->currency, money, sizeof money);
	int n = snprintf(line, sizeof line, _("Balance %s %s"), money, c->currency);
	if (c->oldest_invoice && n > 0 && (size_t)n < sizeof line) {
		cb_day_format(c->oldest_due, due);
		snprintf(line + n, sizeof line - (size_t)n,
		    _("   oldest %s, due %s, %d days late"), c->oldest_invoice, due,
		    c->oldest_days_late);
	}
	screen_text(w, 1, 1, cols - 2, line);

	n = 0;
	static const char *const bucket[CB_CARD_BUCKETS] = { N_("current"),
		"1-30", "31-60", "61-90", "91+" };
	for (int b = 0; b < CB_CARD_BUCKETS && n >= 0 && (size_t)n < sizeof line;
	     b++) {
		fmt_money(c->aging[b], c->currency, money, sizeof money);
		n += snprintf(line + n, sizeof line - (size_t)n, "%s %s   ",
		    _(bucket[b]), money);
	}
	wattron(w, screen_attr(ROLE_MUTED));
	screen_text(w, 2, 1, cols - 2, line);
	wattroff(w, screen_attr(ROLE_MUTED));

	clock[0] = '\0';
	if (c->timezone &&
	    cb_tz_localtime(ws_session(ws)->now, c->timezone, &local) == CB_OK)
		fmt_strftime(clock, sizeof clock, "%a %H:%M", &local);
	char calls[160];
	snprintf(line, sizeof line, _("Local time %s  %s"), clock,
	    fmt_contact(&c->calls, calls, sizeof calls));
	bool blocked = c->calls.block != CB_BLOCK_NONE;
	if (blocked)
		wattron(w, screen_attr(ROLE_WARNING));
	screen_text(w, 3, 1, cols - 32, line);
	if (blocked)
		wattroff(w, screen_attr(ROLE_WARNING));
	draw_timers(ws, a, w, 3);
}

/* ---- The left column: documents, phones, history ------------------------ */

/* A section title, highlighted when its pane has the focus. */
static void pane_title(WINDOW *w, int y, int x, int width, const char *title,
    bool focus)
{
	if (focus)
		wattron(w, screen_attr(ROLE_FOCUS));
	screen_rule(w, y, x, width, title);
	if (focus)
		wattroff(w, screen_attr(ROLE_FOCUS));
}

static int draw_documents(const struct account *a, WINDOW *w, int y, int x,
    int width, int rows)
{
	const struct cb_card *c = a->card;
	char title[64], due[11], open[40], late[16];
	snprintf(title, sizeof title, _("Documents (%zu)"), c->ndocuments);
	pane_title(w, y++, x, width, title, a->focus == PANE_DOCUMENTS);
	for (int i = 0; i < rows; i++) {
		size_t d = (size_t)(a->scroll[PANE_DOCUMENTS] + i);
		if (d >= c->ndocuments)
			break;
		const struct cb_card_document *doc = &c->documents[d];
		cb_day_format(doc->due, due);
		fmt_money(doc->open, c->currency, open, sizeof open);
		snprintf(late, sizeof late, doc->days_late ? "%d" : "", doc->days_late);
		if (doc->open == 0)
			wattron(w, screen_attr(ROLE_MUTED));
		screen_text(w, y + i, x + 1, width - 31, doc->id);
		screen_text(w, y + i, x + width - 29, 10, due);
		screen_text_right(w, y + i, x + width - 18, 13, open);
		screen_text_right(w, y + i, x + width - 5, 4, late);
		if (doc->open == 0)
			wattroff(w, screen_attr(ROLE_MUTED));
	}
	return y + rows;
}

static int draw_phones(const struct account *a, WINDOW *w, int y, int x,
    int width, int rows)
{
	const struct cb_card *c = a->card;
	pane_title(w, y++, x, width, _("Phones"), a->focus == PANE_PHONES);
	if (c->nphones == 0)
		screen_text(w, y, x + 1, width - 2, _("no phone"));
	for (int i = 0; i < rows && (size_t)i < c->nphones; i++) {
		bool bad = c->phones[i].status == CB_PHONE_BAD;
		screen_text(w, y + i, x + 1, 2, i == a->phone ? ">" : " ");
		if (bad)
			wattron(w, screen_attr(ROLE_MUTED));
		screen_text(w, y + i, x + 3, width - 12, c->phones[i].number);
		if (bad)
			screen_text_right(w, y + i, x + width - 9, 8, _("bad"));
		if (bad)
			wattroff(w, screen_attr(ROLE_MUTED));
	}
	return y + rows;
}

static void draw_history(const struct account *a, WINDOW *w, int y, int x,
    int width, int rows)
{
	const struct cb_card *c = a->card;
	char when[24], line[512];
	pane_title(w, y++, x, width, _("History"), a->focus == PANE_HISTORY);
	for (int i = 0; i < rows; i++) {
		size_t e = (size_t)(a->scroll[PANE_HISTORY] + i);
		if (e >= c->nhistory)
			break;
		const struct cb_card_event *ev = &c->history[e];
		struct tm tm;
		localtime_r(&ev->time, &tm);
		fmt_strftime(when, sizeof when, "%d-%m %H:%M", &tm);
		snprintf(line, sizeof line, "%s %s %s %s", when, ev->user, ev->kind,
		    ev->details);
		screen_text(w, y + i, x + 1, width - 2, line);
	}
}

/* ---- The script pane ------------------------------------------------------ */

static int draw_step_text(const struct account *a, WINDOW *w, int y, int x,
    int width, int bottom)
{
	char text[4096];
	cb_run_text(&a->run, text, sizeof text);
	for (char *line = text, *nl; line && y < bottom; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		y += screen_wrap(w, y, x, width, bottom - y, line);
	}
	return y;
}

/* The step: its text, questions, options and proposed outcome, into w
 * from its top; returns the lines used. */
static int draw_step(const struct account *a, WINDOW *w, int width)
{
	const struct cb_script_step *st = cb_run_step(&a->run);
	char line[512];
	int y = 0, bottom = getmaxy(w);
	snprintf(line, sizeof line, "%s%s", st->id, st->mandatory ?
	    _(" (mandatory)") : "");
	wattron(w, screen_attr(ROLE_MUTED));
	screen_text(w, y++, 1, width - 2, line);
	wattroff(w, screen_attr(ROLE_MUTED));
	y = draw_step_text(a, w, y, 1, width - 2, bottom);
	for (size_t q = 0; q < st->nasks && y < bottom; q++) {
		const char *answer = cb_run_answer_of(&a->run, st->asks[q].key);
		snprintf(line, sizeof line, "? %s: %s", st->asks[q].prompt,
		    answer ? answer : "...");
		wattron(w, screen_attr(ROLE_KEY));
		y += screen_wrap(w, y, 1, width - 2, bottom - y, line);
		wattroff(w, screen_attr(ROLE_KEY));
	}
	for (size_t i = 0; i < st->noptions && y < bottom; i++) {
		const struct cb_script_option *o = &st->options[i];
		if (o->number == 0)
			snprintf(line, sizeof line, "%s", _("Enter: go on"));
		else
			snprintf(line, sizeof line, "%d %s", o->number, o->label);
		wattron(w, screen_attr(ROLE_KEY));
		screen_text(w, y, 1, 2, line);
		wattroff(w, screen_attr(ROLE_KEY));
		screen_text(w, y++, 1 + (o->number ? 2 : 0), width - 4,
		    line + (o->number ? 2 : 0));
	}
	const struct cb_outcome *end = cb_run_outcome(&a->run);
	if (end && y < bottom) {
		snprintf(line, sizeof line, _("Enter: log %s, %s"), end->code,
		    _(end->label));
		wattron(w, screen_attr(ROLE_GOOD));
		screen_text(w, y++, 1, width - 2, line);
		wattroff(w, screen_attr(ROLE_GOOD));
	}
	return y;
}

/* The script pane: the step drawn whole into a pad, and the part that
 * fits shown from the line the agent scrolled to. */
static void draw_script(struct account *a, WINDOW *w, int y, int x,
    int width, int bottom)
{
	const struct cb_card *c = a->card;
	char title[160];
	int rows = bottom - y - 1;
	if (c->script == NULL) {
		pane_title(w, y++, x, width, _("Script"), a->focus == PANE_SCRIPT);
		screen_text(w, y, x + 1, width - 2, _("No call script fits this "
		    "account."));
		return;
	}
	WINDOW *pad = newpad(SCRIPT_LINES, width);
	int used = pad ? draw_step(a, pad, width) : 0;
	int *from = &a->scroll[PANE_SCRIPT];
	if (*from > used - rows)
		*from = used > rows ? used - rows : 0;
	snprintf(title, sizeof title, "%s v%d%s", c->script->name,
	    c->script_version, *from + rows < used ? _(" (more: Down)") : "");
	pane_title(w, y, x, width, title, a->focus == PANE_SCRIPT);
	if (pad && used > 0)
		copywin(pad, w, *from, 0, y + 1, x, y + (used - *from < rows ?
		    used - *from : rows), x + width - 1, FALSE);
	if (pad)
		delwin(pad);
}

static void account_draw(struct ws *ws, void *data, WINDOW *w)
{
	struct account *a = data;
	const struct cb_card *c = a->card;
	int cols = getmaxx(w), lines = getmaxy(w);
	int left = cols / 2, avail = lines - 5 - 3;
	draw_header(ws, a, w);
	/* Documents take up to a third, phones what they need (four at
	 * most), history the rest. */
	int docs = (int)c->ndocuments < avail / 3 ? (int)c->ndocuments : avail / 3;
	int phones = c->nphones == 0 ? 1 : (int)c->nphones; /* 8 at most */
	int y = draw_documents(a, w, 5, 0, left, docs > 0 ? docs : 1);
	y = draw_phones(a, w, y, 0, left, phones);
	draw_history(a, w, y, 0, left, lines - y - 1);
	draw_script(a, w, 5, left + 1, cols - left - 1, lines);
	if (c->out_reason) {
		char line[200];
		snprintf(line, sizeof line, _("Out of the queue: %s"),
		    _(c->out_reason));
		wattron(w, screen_attr(ROLE_WARNING));
		screen_text(w, 4, 1, cols - 2, line);
		wattroff(w, screen_attr(ROLE_WARNING));
	}
}

/* ---- Activity: the lease and the timers ---------------------------------- */

/* Keeps the lease while the agent works, on any key of the account or of
 * a form over it; says so when it is lost. */
static void renew(struct ws *ws, void *data)
{
	struct account *a = data;
	time_t until;
	if (!a->claimed || a->logged || monotonic() - a->renewed < RENEW_EVERY)
		return;
	a->renewed = monotonic();
	int rc = cb_queue_renew(ws_session(ws), &a->ref, &until);
	if (rc == CB_OK) {
		a->lease_until = until;
		return;
	}
	if (rc != CB_ERR_NOTHING && rc != CB_ERR_CONFLICT) {
		ws_fail(ws, rc, NULL); /* tried again at the next key */
		a->renewed = 0;
		return;
	}
	a->claimed = false;
	ws_say(ws, true, "%s", rc == CB_ERR_CONFLICT
	    ? _("Another agent holds this account now.")
	    : _("Your lease ran out: the account is back in the queue."));
}

static int account_tick(struct ws *ws, void *data)
{
	(void)ws;
	(void)data;
	return SCREEN_REDRAW; /* the timers: curses sends what changed */
}

/* ---- Keys ---------------------------------------------------------------- */

int account_choose(struct ws *ws, struct account *a, int number)
{
	const char *why = NULL;
	const struct cb_script_step *st = cb_run_step(&a->run);
	for (size_t q = 0; q < st->nasks; q++)
		if (cb_run_answer_of(&a->run, st->asks[q].key) == NULL) {
			a->pending_option = number;
			return account_ask(ws, a);
		}
	if (cb_run_choose(&a->run, number, &why) != CB_OK)
		ws_say(ws, true, "%s", _(why));
	a->scroll[PANE_SCRIPT] = 0;
	return SCREEN_REDRAW;
}

static int act_option(struct ws *ws, void *data, int key)
{
	struct account *a = data;
	if (a->card->script == NULL) {
		ws_say(ws, true, "%s", _("No call script fits this account."));
		return SCREEN_REDRAW;
	}
	a->focus = PANE_SCRIPT;
	return account_choose(ws, a, key - '0');
}

/* Enter: the script goes on (its questions, its `next`, its outcome). */
static int act_enter(struct ws *ws, void *data, int key)
{
	struct account *a = data;
	(void)key;
	if (a->card->script == NULL)
		return SCREEN_DONE;
	const struct cb_script_step *st = cb_run_step(&a->run);
	const struct cb_outcome *end = cb_run_outcome(&a->run);
	if (end)
		return outcome_form(ws, a, end->code);
	for (size_t i = 0; i < st->noptions; i++)
		if (st->options[i].number == 0)
			return account_choose(ws, a, 0);
	if (st->nasks > 0) {
		a->pending_option = -1;
		return account_ask(ws, a);
	}
	ws_say(ws, false, "%s", _("Choose an option with its number."));
	return SCREEN_REDRAW;
}

/* Keeps a script of the agent's language for the list. */
static int list_script(const char *id, int version, const char *text,
    size_t size, void *arg)
{
	struct account *a = arg;
	struct cb_script *sc;
	char why[256];
	(void)version;
	if (a->nscripts == MENU_ITEMS_MAX ||
	    cb_script_parse(text, size, id, &sc, why, sizeof why) != CB_OK)
		return CB_OK;
	if (strcmp(sc->language, account_language()) == 0) {
		size_t i = a->nscripts++;
		snprintf(a->script_ids[i], sizeof a->script_ids[i], "%s", id);
		snprintf(a->script_names[i], sizeof a->script_names[i], "%s",
		    sc->name);
		a->script_id_of[i] = a->script_ids[i];
		a->script_name_of[i] = a->script_names[i];
	}
	cb_script_free(&sc);
	return CB_OK;
}

/* The script chosen replaces the one on screen; the walk starts over. */
static int script_chosen(struct ws *ws, void *arg, size_t i)
{
	struct account *a = arg;
	struct cb_txn *txn;
	struct cb_script *sc;
	int version;
	int rc = cb_store_read(ws_session(ws)->store, &txn);
	if (rc == CB_OK) {
		rc = cb_script_get(txn, a->script_ids[i], 0, &sc, &version);
		cb_txn_end(&txn);
	}
	if (rc != CB_OK) {
		ws_fail(ws, rc, NULL);
		return SCREEN_DONE;
	}
	cb_script_free(&a->card->script);
	a->card->script = sc;
	a->card->script_version = version;
	cb_run_start(&a->run, sc, &a->card->facts);
	a->scroll[PANE_SCRIPT] = 0;
	a->focus = PANE_SCRIPT;
	return SCREEN_REDRAW;
}

int account_scripts(struct ws *ws, struct account *a)
{
	struct cb_txn *txn;
	int rc = cb_store_read(ws_session(ws)->store, &txn);
	a->nscripts = 0;
	if (rc == CB_OK) {
		rc = cb_library_each(txn, CB_BOOK_SCRIPT, list_script, a);
		cb_txn_end(&txn);
	}
	if (rc != CB_OK) {
		ws_fail(ws, rc, NULL);
		return SCREEN_DONE;
	}
	if (a->nscripts == 0) {
		ws_say(ws, true, "%s", _("No call script in your language."));
		return SCREEN_REDRAW;
	}
	return screen_menu_open(ws, N_("Another call script"), a->script_id_of,
	    a->script_name_of, a->nscripts, script_chosen, a);
}

static int act_scripts(struct ws *ws, void *data, int key)
{
	(void)key;
	return account_scripts(ws, data);
}

static int act_back(struct ws *ws, void *data, int key)
{
	struct account *a = data;
	(void)key;
	if (a->card->script && cb_run_back(&a->run) != CB_OK)
		ws_say(ws, false, "%s", _("This is the script's first step."));
	a->scroll[PANE_SCRIPT] = 0;
	return SCREEN_REDRAW;
}

static int act_promise(struct ws *ws, void *data, int key)
{
	(void)key;
	return outcome_promise(ws, data);
}

static int act_callback(struct ws *ws, void *data, int key)
{
	(void)key;
	return outcome_callback(ws, data);
}

static int act_other(struct ws *ws, void *data, int key)
{
	(void)key;
	return outcome_menu(ws, data);
}

static int act_pane(struct ws *ws, void *data, int key)
{
	struct account *a = data;
	(void)ws;
	a->focus = (enum pane)((a->focus + (key == KEY(KEY_BTAB) ? PANES - 1 : 1))
	    % PANES);
	return SCREEN_REDRAW;
}

/* Up and Down: scroll the pane in focus; in phones, choose the one
 * called. */
static int act_move(struct ws *ws, void *data, int key)
{
	struct account *a = data;
	(void)ws;
	int step = key == KEY(KEY_UP) ? -1 : 1;
	size_t n = a->focus == PANE_DOCUMENTS ? a->card->ndocuments
	    : a->focus == PANE_HISTORY ? a->card->nhistory
	    : a->focus == PANE_PHONES ? a->card->nphones
	    : SCRIPT_LINES; /* the script: its drawing stops at the end */
	int *at = a->focus == PANE_PHONES ? &a->phone : &a->scroll[a->focus];
	if (*at + step >= 0 && (size_t)(*at + step) < n)
		*at += step;
	return SCREEN_REDRAW;
}

static int leave_unworked(struct ws *ws, void *arg)
{
	struct account *a = arg;
	int rc = cb_queue_release(ws_session(ws), &a->ref);
	if (rc != CB_OK && rc != CB_ERR_NOTHING)
		ws_fail(ws, rc, NULL);
	a->claimed = false;
	ws_home(ws);
	return SCREEN_DONE;
}

static int act_leave(struct ws *ws, void *data, int key)
{
	struct account *a = data;
	(void)key;
	if (a->claimed && !a->logged)
		return screen_confirm_open(ws, N_("Leave with no outcome? The "
		    "account goes back to the queue."),
		    leave_unworked, a);
	return SCREEN_CLOSE;
}

static const struct screen_key account_keys[] = {
	SCREEN_KEY_HELP("F1 ?", '?'),
	{ '1', '9', 0, "1-9", N_("Option"),
	  N_("Take that option of the call script"), act_option },
	{ '\n', 0, KEY(KEY_ENTER), "Enter", NULL,
	  N_("Go on in the script: answer its questions, log its outcome"),
	  act_enter },
	{ 'b', 0, KEY(KEY_BACKSPACE), "b", NULL,
	  N_("Back one step in the script"), act_back },
	{ 's', 0, 0, "s", NULL,
	  N_("Another call script (the third-party one, for instance)"),
	  act_scripts },
	{ 'p', 0, 0, "p", N_("Promise"),
	  N_("Log a promise to pay: amount and date"), act_promise },
	{ 'c', 0, 0, "c", N_("Callback"),
	  N_("Log a callback: day and time"), act_callback },
	{ 'o', 0, 0, "o", N_("Outcome"),
	  N_("Log another outcome (plan, no answer, wrong number...)"),
	  act_other },
	{ '\t', 0, KEY(KEY_BTAB), "Tab", N_("Pane"),
	  N_("Next pane: script, documents, phones, history"), act_pane },
	{ KEY(KEY_DOWN), KEY(KEY_UP), 0, "Down Up", NULL,
	  N_("Scroll the pane; in phones, choose the number called"),
	  act_move },
	{ 'q', 0, KEY(KEY_F(10)), "F10 q", N_("Back"),
	  N_("Back home (asks first when no outcome was logged)"), act_leave },
	SCREEN_KEY_REDRAW,
	{ 0, 0, 0, NULL, NULL, NULL, NULL },
};

/* An account still held when its screen goes (the workstation quit from
 * the "too small" screen) goes back to the queue. */
static void account_free(void *data)
{
	struct account *a = data;
	if (a == NULL)
		return;
	if (a->claimed && !a->logged)
		cb_queue_release(a->session, &a->ref);
	cb_card_free(&a->card);
	free(a);
}

const struct screen screen_account = {
	.name = "account",
	.title = N_("Account"),
	.keys = account_keys,
	.load = account_load,
	.draw = account_draw,
	.tick = account_tick,
	.activity = renew,
	.free = account_free,
};
