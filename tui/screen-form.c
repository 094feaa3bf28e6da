/* screen-form.c -- a popup form over the screen below (promise, callback,
 * plan, note, a script's questions), on the curses form library.  Each
 * field is checked as it is left; Enter checks them all and hands them to
 * the form's submit(); a wrong field keeps everything typed. */
#include <form.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "date.h"
#include "error.h"
#include "format.h"
#include "money.h"
#include "screen.h"

#define FORM_COLS 66
#define WIDE_COLS 76  /* a form whose labels go above its fields */
#define LABEL_COLS 24

/* Where field i and its label go: labels beside the fields, two lines a
 * field; or above them, three lines a field. */
static int field_row(const struct form_spec *spec, int i)
{
	return spec->labels_above ? 4 + 3 * i : 3 + 2 * i;
}

static int field_col(const struct form_spec *spec)
{
	return spec->labels_above ? 2 : 2 + LABEL_COLS;
}

struct form_screen {
	struct form_spec *spec;
	FORM *form;
	FIELD *fields[FORM_FIELDS_MAX + 1];
	WINDOW *win;        /* where the form is posted, and its size */
	int lines, cols;
	char error[256];    /* what the last check said, translated */
};

int screen_form_open(struct ws *ws, struct form_spec *spec)
{
	struct form_screen *fs = calloc(1, sizeof *fs);
	if (fs == NULL) {
		free(spec);
		ws_fail(ws, CB_ERR_NOMEM, NULL);
		return SCREEN_DONE;
	}
	fs->spec = spec;
	return ws_open(ws, &screen_form, fs);
}

int yes_or_no(const char *text)
{
	static const char *const yes[] = { "y", "yes", "s", "si", "sí", "SÍ",
		"Sí" };
	static const char *const no[] = { "n", "no" };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcasecmp(text, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcasecmp(text, no[i]) == 0)
			return 0;
	return -1;
}

/* Why text does not fit the field, or NULL. */
static const char *field_check(const struct form_spec *spec,
    const struct form_field *f)
{
	const char *why = NULL;
	int64_t minor;
	cb_day day;
	int h, m, n, used = 0;
	if (f->value[0] == '\0')
		return f->kind == FIELD_TEXT || f->kind == FIELD_YESNO ? NULL
		    : N_("this field is needed");
	switch (f->kind) {
	case FIELD_TEXT:
		return NULL;
	case FIELD_AMOUNT:
		if (cb_money_parse(f->value, cb_currency_find(spec->currency),
		    &minor, &why) != CB_OK)
			return why;
		return minor > 0 ? NULL : N_("the amount must be more than zero");
	case FIELD_DATE:
		return cb_day_parse(f->value, NULL, &day, &why) == CB_OK ? NULL : why;
	case FIELD_TIME:
		if (sscanf(f->value, "%d:%d%n", &h, &m, &used) != 2 ||
		    f->value[used] != '\0' || h < 0 || h > 23 || m < 0 || m > 59)
			return N_("a time is written HH:MM, 00:00 to 23:59");
		return NULL;
	case FIELD_COUNT:
		if (sscanf(f->value, "%d%n", &n, &used) != 1 ||
		    f->value[used] != '\0' || n < (f->max ? f->min : 1) ||
		    n > (f->max ? f->max : 999))
			return f->max ? N_("a whole number out of bounds")
			    : N_("a whole number from 1 to 999");
		return NULL;
	case FIELD_YESNO:
		return yes_or_no(f->value) >= 0 ? NULL : N_("y or n");
	}
	return NULL;
}

/* Copies what field i holds (in the locale's charset, padded) into the
 * spec, in UTF-8 and trimmed. */
static void field_read(struct form_screen *fs, int i)
{
	char *text = field_buffer(fs->fields[i], 0);
	char *value = fs->spec->fields[i].value;
	fmt_to_utf8(text ? text : "", value, FORM_VALUE_MAX);
	size_t n = strlen(value);
	while (n > 0 && value[n - 1] == ' ')
		value[--n] = '\0';
	char *start = value + strspn(value, " ");
	memmove(value, start, strlen(start) + 1);
}

/* Checks the field the cursor is on; false (with the error kept) if it
 * does not fit. */
static bool check_current(struct form_screen *fs)
{
	int i = field_index(current_field(fs->form));
	form_driver_w(fs->form, KEY_CODE_YES, REQ_VALIDATION);
	field_read(fs, i);
	const char *why = field_check(fs->spec, &fs->spec->fields[i]);
	if (why) {
		snprintf(fs->error, sizeof fs->error, "%s: %s",
		    _(fs->spec->fields[i].label), _(why));
		return false;
	}
	fs->error[0] = '\0';
	return true;
}

static int form_build(struct form_screen *fs)
{
	struct form_spec *spec = fs->spec;
	char local[4 * FORM_VALUE_MAX];
	for (size_t i = 0; i < spec->nfields; i++) {
		FIELD *f = new_field(1, spec->fields[i].width,
		    field_row(spec, (int)i), field_col(spec), 0, 0);
		if (f == NULL)
			return CB_ERR_NOMEM;
		fs->fields[i] = f;
		field_opts_off(f, O_AUTOSKIP | O_STATIC);
		set_max_field(f, FORM_CHARS_MAX);
		set_field_back(f, A_UNDERLINE);
		set_field_buffer(f, 0, fmt_text(spec->fields[i].value, local,
		    sizeof local));
	}
	fs->form = new_form(fs->fields);
	return fs->form ? CB_OK : CB_ERR_NOMEM;
}

static int form_load(struct ws *ws, void *data)
{
	struct form_screen *fs = data;
	(void)ws;
	return fs->form ? CB_OK : form_build(fs);
}

static void form_draw(struct ws *ws, void *data, WINDOW *w)
{
	struct form_screen *fs = data;
	struct form_spec *spec = fs->spec;
	(void)ws;
	/* Posted once, and again only in a new window: what is typed lives
	 * in the window until the form syncs it. */
	if (fs->win != w || fs->lines != getmaxy(w) || fs->cols != getmaxx(w)) {
		if (fs->win) {
			form_driver_w(fs->form, KEY_CODE_YES, REQ_VALIDATION);
			unpost_form(fs->form);
		}
		werase(w);
		fs->win = w;
		fs->lines = getmaxy(w);
		fs->cols = getmaxx(w);
		set_form_win(fs->form, w);
		set_form_sub(fs->form, w);
		if (post_form(fs->form) != E_OK) {
			screen_text(w, 1, 2, getmaxx(w) - 4,
			    _("The form does not fit."));
			fs->win = NULL;
			return;
		}
	}
	wmove(w, getmaxy(w) - 3, 1);
	wclrtoeol(w);
	wattron(w, A_BOLD);
	screen_text(w, 1, 2, getmaxx(w) - 4, _(spec->title));
	wattroff(w, A_BOLD);
	for (size_t i = 0; i < spec->nfields; i++) {
		const struct form_field *f = &spec->fields[i];
		int y = field_row(spec, (int)i), x = field_col(spec) + f->width + 2;
		if (spec->labels_above)
			screen_text(w, y - 1, 2, getmaxx(w) - 4, _(f->label));
		else
			screen_text(w, y, 2, LABEL_COLS - 1, _(f->label));
		if (f->hint) {
			wattron(w, screen_attr(ROLE_MUTED));
			screen_text(w, y, x, getmaxx(w) - x - 2, f->hint);
			wattroff(w, screen_attr(ROLE_MUTED));
		}
	}
	if (fs->error[0]) {
		wattron(w, screen_attr(ROLE_WARNING));
		screen_text(w, getmaxy(w) - 3, 2, getmaxx(w) - 4, fs->error);
		wattroff(w, screen_attr(ROLE_WARNING));
	}
	wattron(w, screen_attr(ROLE_MUTED));
	screen_text(w, getmaxy(w) - 2, 2, getmaxx(w) - 4,
	    _("Tab: next field   Enter: done   Esc: cancel"));
	wattroff(w, screen_attr(ROLE_MUTED));
}

static void form_size(void *data, int *lines, int *cols)
{
	const struct form_screen *fs = data;
	*lines = 7 + (fs->spec->labels_above ? 3 : 2) * (int)fs->spec->nfields;
	*cols = fs->spec->labels_above ? WIDE_COLS : FORM_COLS;
}

static bool form_cursor(void *data, int *y, int *x)
{
	struct form_screen *fs = data;
	if (fs->win == NULL)
		return false;
	pos_form_cursor(fs->form);
	getyx(fs->win, *y, *x);
	return true;
}

/* ---- Keys -------------------------------------------------------------------- */

static int form_next(struct ws *ws, void *data, int key)
{
	struct form_screen *fs = data;
	(void)ws;
	if (!check_current(fs))
		return SCREEN_REDRAW;
	form_driver_w(fs->form, KEY_CODE_YES, key == KEY(KEY_BTAB) ||
	    key == KEY(KEY_UP) ? REQ_PREV_FIELD : REQ_NEXT_FIELD);
	form_driver_w(fs->form, KEY_CODE_YES, REQ_END_LINE);
	return SCREEN_REDRAW;
}

static int form_done(struct ws *ws, void *data, int key)
{
	struct form_screen *fs = data;
	struct form_spec *spec = fs->spec;
	const char *why = NULL;
	int field = -1;
	(void)key;
	form_driver_w(fs->form, KEY_CODE_YES, REQ_VALIDATION);
	for (size_t i = 0; i < spec->nfields; i++) {
		field_read(fs, (int)i);
		if (why == NULL && (why = field_check(spec, &spec->fields[i])))
			field = (int)i;
	}
	if (why == NULL && spec->submit(ws, spec, &why, &field) == CB_OK)
		return SCREEN_CLOSE;
	if (field >= 0) {
		snprintf(fs->error, sizeof fs->error, "%s: %s",
		    _(spec->fields[field].label), _(why));
		set_current_field(fs->form, fs->fields[field]);
	} else {
		snprintf(fs->error, sizeof fs->error, "%s",
		    why ? _(why) : _("It could not be done."));
	}
	return SCREEN_REDRAW;
}

static int form_cancel(struct ws *ws, void *data, int key)
{
	(void)ws;
	(void)data;
	(void)key;
	return SCREEN_CLOSE;
}

/* Editing keys and the characters typed into the field. */
static int form_typed(struct ws *ws, void *data, int key)
{
	struct form_screen *fs = data;
	int req = 0;
	(void)ws;
	switch (key) {
	case KEY(KEY_BACKSPACE): case 127: case CTRL('H'): req = REQ_DEL_PREV; break;
	case KEY(KEY_DC): req = REQ_DEL_CHAR; break;
	case KEY(KEY_LEFT): req = REQ_PREV_CHAR; break;
	case KEY(KEY_RIGHT): req = REQ_NEXT_CHAR; break;
	case KEY(KEY_HOME): case CTRL('A'): req = REQ_BEG_LINE; break;
	case KEY(KEY_END): case CTRL('E'): req = REQ_END_LINE; break;
	case CTRL('U'): req = REQ_CLR_FIELD; break;
	}
	if (req)
		form_driver_w(fs->form, KEY_CODE_YES, req);
	else if (key < KEY(0) && iswprint((wint_t)key))
		form_driver_w(fs->form, OK, (wchar_t)key);
	else
		return SCREEN_DONE;
	return SCREEN_REDRAW;
}

static const struct screen_key form_keys[] = {
	SCREEN_KEY_HELP("F1", KEY(KEY_F(1))),
	{ '\t', 0, KEY(KEY_DOWN), "Tab", N_("Next field"),
	  N_("Check this field and go to the next"), form_next },
	{ KEY(KEY_BTAB), 0, KEY(KEY_UP), "S-Tab", NULL,
	  N_("Check this field and go back to the one before"), form_next },
	{ '\n', 0, KEY(KEY_ENTER), "Enter", N_("Done"),
	  N_("Check every field and carry the form out"), form_done },
	{ 27, 0, KEY(KEY_F(10)), "Esc", N_("Cancel"),
	  N_("Close the form; nothing is logged"), form_cancel },
	{ KEY(KEY_LEFT), 0, 0, "Left Right", NULL,
	  N_("Move in the field (Home, End, Backspace, Delete and C-u too)"),
	  form_typed },
	SCREEN_KEY_REDRAW,
	{ 0, 0, 0, NULL, NULL, NULL, NULL },
};

static void form_free(void *data)
{
	struct form_screen *fs = data;
	if (fs->form) {
		unpost_form(fs->form);
		free_form(fs->form);
	}
	for (size_t i = 0; i < fs->spec->nfields; i++)
		if (fs->fields[i])
			free_field(fs->fields[i]);
	free(fs->spec->arg);
	free(fs->spec);
	free(fs);
}

const struct screen screen_form = {
	.name = "form",
	.title = N_("Form"),
	.keys = form_keys,
	.popup = true,
	.own_erase = true,
	.lines = 7 + 2 * FORM_FIELDS_MAX,
	.cols = FORM_COLS,
	.load = form_load,
	.draw = form_draw,
	.typed = form_typed,
	.size = form_size,
	.cursor = form_cursor,
	.free = form_free,
};
