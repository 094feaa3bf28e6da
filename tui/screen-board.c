/* screen-board.c -- the supervisors' live board: every agent's state and
 * account, today's outcomes, the queue by tier and by days late; from it a
 * lease is released, an account pinned or assigned, a dispute resolved, a
 * plan approved or refused.  It reads itself again every few seconds. */
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "error.h"
#include "format.h"
#include "screen.h"

#define REFRESH_SECONDS 3

struct board_screen {
	struct cb_board board;
	int selected;
	int idle;           /* seconds since it was read */
};

int screen_board_open(struct ws *ws)
{
	if (!cb_may(ws_session(ws)->role, CB_DO_SUPERVISE)) {
		ws_fail(ws, CB_ERR_PERM, NULL);
		return SCREEN_DONE;
	}
	struct board_screen *b = calloc(1, sizeof *b);
	if (b == NULL) {
		ws_fail(ws, CB_ERR_NOMEM, NULL);
		return SCREEN_DONE;
	}
	return ws_open(ws, &screen_board, b);
}

static int board_load(struct ws *ws, void *data)
{
	struct board_screen *b = data;
	int rc = cb_board_load(ws_session(ws), &b->board);
	b->idle = 0;
	if (b->selected >= (int)b->board.nagents)
		b->selected = b->board.nagents ? (int)b->board.nagents - 1 : 0;
	return rc;
}

/* ---- Drawing ---------------------------------------------------------------- */

static void draw_agent(WINDOW *w, int y, const struct cb_board *board,
    const struct cb_board_agent *a, bool selected)
{
	char line[160], money[40];
	int width = getmaxx(w);
	long mins = a->since ? (long)(board->at - a->since) / 60 : 0;
	mvwhline(w, y, 1, ' ', width - 2);
	screen_text(w, y, 2, 12, a->login);
	screen_text(w, y, 15, width - 81, a->name); /* on wide terminals */
	if (a->state == CB_AGENT_AWAY)
		wattron(w, screen_attr(ROLE_MUTED));
	screen_text(w, y, width - 64, 11, _(cb_agent_state_name(a->state)));
	if (a->state == CB_AGENT_AWAY)
		wattroff(w, screen_attr(ROLE_MUTED));
	if (a->since) {
		snprintf(line, sizeof line, "%ld:%02ld", mins / 60, mins % 60);
		screen_text_right(w, y, width - 53, 6, line);
	}
	if (a->holding) {
		snprintf(line, sizeof line, "%s/%s", a->held.portfolio,
		    a->held.debtor);
		screen_text(w, y, width - 45, 22, line);
	}
	snprintf(line, sizeof line, "%u", a->outcomes);
	screen_text_right(w, y, width - 23, 5, line);
	if (a->promises) {
		fmt_money(a->promised, a->currency, money, sizeof money);
		snprintf(line, sizeof line, "%u %s%s", a->promises, money,
		    a->more_currencies ? "+" : "");
		screen_text_right(w, y, width - 17, 16, line);
	}
	screen_choice(w, y, selected);
}

/* A bar per bucket, the largest across the space left. */
static int draw_buckets(WINDOW *w, int y, int bottom, const struct cb_board *b)
{
	static const char *const names[CB_BOARD_BUCKETS] = { N_("current"),
		"1-30", "31-60", "61-90", "91+" };
	uint64_t max = 1;
	int width = getmaxx(w) - 24;
	char n[24];
	for (int i = 0; i < CB_BOARD_BUCKETS; i++)
		if (b->by_bucket[i] > max)
			max = b->by_bucket[i];
	for (int i = 0; i < CB_BOARD_BUCKETS && y < bottom; i++, y++) {
		screen_text(w, y, 3, 8, _(names[i]));
		snprintf(n, sizeof n, "%llu", (unsigned long long)b->by_bucket[i]);
		screen_text_right(w, y, 11, 8, n);
		int len = (int)(b->by_bucket[i] * (uint64_t)width / max);
		wattron(w, screen_attr(ROLE_CHART));
		mvwhline(w, y, 21, ACS_CKBOARD, len);
		wattroff(w, screen_attr(ROLE_CHART));
	}
	return y;
}

static void draw_queue(WINDOW *w, int y, int bottom, const struct cb_board *b)
{
	char line[256];
	screen_rule(w, y++, 1, getmaxx(w) - 2, _("Queue"));
	snprintf(line, sizeof line, _("In the queue %llu, held by agents %llu; "
	    "callbacks late %llu, due within the hour %llu"),
	    (unsigned long long)b->queued, (unsigned long long)b->held,
	    (unsigned long long)b->callbacks_late,
	    (unsigned long long)b->callbacks_hour);
	screen_text(w, y++, 2, getmaxx(w) - 4, line);
	snprintf(line, sizeof line, _("By tier: pinned %llu, callbacks %llu, "
	    "promises %llu, strategy %llu, the rest %llu"),
	    (unsigned long long)b->by_tier[CB_TIER_PINNED],
	    (unsigned long long)b->by_tier[CB_TIER_CALLBACK],
	    (unsigned long long)b->by_tier[CB_TIER_PROMISE],
	    (unsigned long long)b->by_tier[CB_TIER_STRATEGY],
	    (unsigned long long)b->by_tier[CB_TIER_REST]);
	screen_text(w, y++, 2, getmaxx(w) - 4, line);
	draw_buckets(w, y, bottom, b);
}

static void board_draw(struct ws *ws, void *data, WINDOW *w)
{
	const struct board_screen *b = data;
	const struct cb_board *board = &b->board;
	int width = getmaxx(w), y = 0, bottom = getmaxy(w);
	int rows = bottom - 9 - 1;
	(void)ws;
	wattron(w, A_BOLD);
	screen_text(w, y, 2, 12, _("agent"));
	screen_text(w, y, width - 64, 11, _("state"));
	screen_text_right(w, y, width - 53, 6, _("for"));
	screen_text(w, y, width - 45, 22, _("account"));
	screen_text_right(w, y, width - 23, 5, _("today"));
	screen_text_right(w, y, width - 17, 16, _("promised"));
	wattroff(w, A_BOLD);
	y++;
	/* The selected agent stays on screen. */
	int first = b->selected >= rows ? b->selected - rows + 1 : 0;
	for (int i = first; i < (int)board->nagents && y < 1 + rows; i++)
		draw_agent(w, y++, board, &board->agents[i], i == b->selected);
	if (board->nagents == 0)
		screen_text(w, y++, 2, width - 4, _("No agents yet."));
	draw_queue(w, bottom - 9, bottom, board);
}

static int board_tick(struct ws *ws, void *data)
{
	struct board_screen *b = data;
	(void)ws;
	return ++b->idle >= REFRESH_SECONDS ? SCREEN_RELOAD : SCREEN_DONE;
}

/* ---- Actions ---------------------------------------------------------------- */

static const struct cb_board_agent *chosen(const struct board_screen *b)
{
	return b->selected < (int)b->board.nagents ?
	    &b->board.agents[b->selected] : NULL;
}

static int release_chosen(struct ws *ws, void *arg)
{
	struct cb_account_ref *ref = arg;
	int rc = cb_queue_release(ws_session(ws), ref);
	if (rc == CB_OK)
		ws_say(ws, false, _("Released %s/%s."), ref->portfolio, ref->debtor);
	else
		ws_fail(ws, rc, NULL);
	return SCREEN_RELOAD;
}

static int board_release(struct ws *ws, void *data, int key)
{
	struct board_screen *b = data;
	const struct cb_board_agent *a = chosen(b);
	static struct cb_account_ref ref; /* outlives the question */
	(void)key;
	if (a == NULL || !a->holding) {
		ws_say(ws, true, "%s", _("That agent holds no account."));
		return SCREEN_REDRAW;
	}
	ref = a->held;
	return screen_confirm_open(ws, N_("Release the account that agent "
	    "holds? It goes back to the queue."), release_chosen, &ref);
}

/* The supervisor's action a form asks an account for. */
struct board_action {
	enum cb_supervise what;
};

static int action_submit(struct ws *ws, struct form_spec *f, const char **why,
    int *field)
{
	const struct board_action *act = f->arg;
	struct cb_account_ref ref;
	const char *agent = f->nfields > 1 && f->fields[1].value[0] ?
	    f->fields[1].value : NULL;
	int rc = screen_find_account(ws, f->fields[0].value, &ref, why);
	*field = 0;
	if (rc != CB_OK)
		return rc;
	rc = cb_queue_supervise(ws_session(ws), &ref, act->what, agent);
	if (rc == CB_ERR_NOTHING)
		*why = N_("nothing to do on that account");
	else if (rc == CB_ERR_INPUT) {
		*why = N_("no such agent");
		*field = 1;
	} else if (rc != CB_OK)
		*why = cb_strerror(rc);
	if (rc == CB_OK)
		ws_say(ws, false, _("Done on %s/%s."), ref.portfolio, ref.debtor);
	return rc;
}

/* Opens the form for an action: the account, and an agent to assign. */
static int board_action(struct ws *ws, struct board_screen *b,
    enum cb_supervise what, const char *title)
{
	struct form_spec *f = calloc(1, sizeof *f);
	struct board_action *act = malloc(sizeof *act);
	if (f == NULL || act == NULL) {
		free(f);
		free(act);
		ws_fail(ws, CB_ERR_NOMEM, NULL);
		return SCREEN_DONE;
	}
	act->what = what;
	f->title = title;
	f->fields[f->nfields++] = (struct form_field){ .label = N_("Account"),
		.kind = FIELD_TEXT, .width = 30 };
	if (what == CB_SUPERVISE_ASSIGN) {
		const struct cb_board_agent *a = chosen(b);
		f->fields[f->nfields] = (struct form_field){ .label = N_("Agent"),
			.kind = FIELD_TEXT, .width = 20 };
		if (a)
			snprintf(f->fields[f->nfields].value, FORM_VALUE_MAX, "%s",
			    a->login);
		f->nfields++;
	}
	f->submit = action_submit;
	f->arg = act;
	return screen_form_open(ws, f);
}

static int board_pin(struct ws *ws, void *data, int key)
{
	(void)key;
	return board_action(ws, data, CB_SUPERVISE_PIN,
	    N_("Pin an account to the top of every queue"));
}

static int board_assign(struct ws *ws, void *data, int key)
{
	(void)key;
	return board_action(ws, data, CB_SUPERVISE_ASSIGN,
	    N_("Assign an account to an agent"));
}

static int board_resolve(struct ws *ws, void *data, int key)
{
	(void)key;
	return board_action(ws, data, CB_SUPERVISE_RESOLVE,
	    N_("Resolve a dispute: the account goes back to the queue"));
}

static int board_approve(struct ws *ws, void *data, int key)
{
	(void)key;
	return board_action(ws, data, CB_SUPERVISE_APPROVE,
	    N_("Approve the payment plan waiting"));
}

static int board_refuse(struct ws *ws, void *data, int key)
{
	(void)key;
	return board_action(ws, data, CB_SUPERVISE_REFUSE,
	    N_("Refuse the payment plan waiting"));
}

static int board_move(struct ws *ws, void *data, int key)
{
	struct board_screen *b = data;
	(void)ws;
	if (key == KEY(KEY_UP) && b->selected > 0)
		b->selected--;
	else if (key == KEY(KEY_DOWN) && b->selected + 1 < (int)b->board.nagents)
		b->selected++;
	return SCREEN_REDRAW;
}

static int board_back(struct ws *ws, void *data, int key)
{
	(void)ws;
	(void)data;
	(void)key;
	return SCREEN_CLOSE;
}

static const struct screen_key board_keys[] = {
	SCREEN_KEY_HELP("F1 ?", '?'),
	{ KEY(KEY_DOWN), KEY(KEY_UP), 0, "Down Up", NULL,
	  N_("Choose an agent"), board_move },
	{ 'r', 0, 0, "r", N_("Release"),
	  N_("Release the account the agent chosen holds"), board_release },
	{ 'p', 0, 0, "p", N_("Pin"),
	  N_("Pin an account to the top of every queue"), board_pin },
	{ 'a', 0, 0, "a", N_("Assign"),
	  N_("Assign an account to an agent (the one chosen, to start)"),
	  board_assign },
	{ 'd', 0, 0, "d", N_("Dispute"),
	  N_("Resolve an account's dispute"), board_resolve },
	{ 'y', 0, 0, "y", NULL, N_("Approve an account's plan waiting"),
	  board_approve },
	{ 'x', 0, 0, "x", NULL, N_("Refuse an account's plan waiting"),
	  board_refuse },
	{ 'q', 0, KEY(KEY_F(10)), "F10 q", N_("Back"), N_("Back home"),
	  board_back },
	SCREEN_KEY_REDRAW,
	{ 0, 0, 0, NULL, NULL, NULL, NULL },
};

static void board_free(void *data)
{
	free(data);
}

const struct screen screen_board = {
	.name = "board",
	.title = N_("Live board"),
	.keys = board_keys,
	.load = board_load,
	.draw = board_draw,
	.tick = board_tick,
	.free = board_free,
};
