/* screen-confirm.c -- a yes/no question before something that cannot be
 * taken back (leaving an account with no outcome). */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "screen.h"

struct confirm {
	const char *question; /* untranslated */
	int (*yes)(struct ws *ws, void *arg);
	void *arg;
};

int screen_confirm_open(struct ws *ws, const char *question,
    int (*yes)(struct ws *ws, void *arg), void *arg)
{
	struct confirm *c = malloc(sizeof *c);
	if (c == NULL) {
		ws_fail(ws, CB_ERR_NOMEM, NULL);
		return SCREEN_DONE;
	}
	*c = (struct confirm){ question, yes, arg };
	return ws_open(ws, &screen_confirm, c);
}

static int confirm_load(struct ws *ws, void *data)
{
	(void)ws;
	(void)data;
	return CB_OK;
}

static void confirm_draw(struct ws *ws, void *data, WINDOW *w)
{
	const struct confirm *c = data;
	(void)ws;
	wattron(w, A_BOLD);
	screen_text(w, 2, 2, getmaxx(w) - 4, _(c->question));
	wattroff(w, A_BOLD);
	screen_text(w, 4, 2, getmaxx(w) - 4, _("y: yes   n or Esc: no"));
}

static int confirm_yes(struct ws *ws, void *data, int key)
{
	const struct confirm *c = data;
	(void)key;
	return SCREEN_CLOSE | c->yes(ws, c->arg);
}

static int confirm_no(struct ws *ws, void *data, int key)
{
	(void)ws;
	(void)data;
	(void)key;
	return SCREEN_CLOSE;
}

static const struct screen_key confirm_keys[] = {
	SCREEN_KEY_HELP("F1", KEY(KEY_F(1))),
	{ 'y', 0, 's', "y s", N_("Yes"), N_("Yes (s also works)"), confirm_yes },
	{ 'Y', 0, 'S', "Y S", NULL, N_("Yes, in capitals too"), confirm_yes },
	{ 'n', 0, 27, "n Esc", N_("No"), N_("No: stay where you were"),
	  confirm_no },
	SCREEN_KEY_REDRAW,
	{ 0, 0, 0, NULL, NULL, NULL, NULL },
};

static void confirm_free(void *data)
{
	free(data);
}

const struct screen screen_confirm = {
	.name = "confirm",
	.title = N_("Confirm"),
	.keys = confirm_keys,
	.popup = true,
	.lines = 7,
	.cols = 66,
	.load = confirm_load,
	.draw = confirm_draw,
	.free = confirm_free,
};
