/*
 * screen.h -- what the screens of the workstation share.
 *
 * The workstation keeps a stack of screens: home at the bottom, then an
 * account, then a form over it.  Each screen lives in its own file behind
 * struct screen: it copies what it shows out of the database in load() (a
 * short read; no transaction stays open while a key is awaited), draws it
 * into the window it is given, and answers keys.
 *
 * The keys of a screen are one table (struct screen_key): the main loop
 * looks a key up there and calls its action, the bottom bar and the help
 * screen are drawn from it, and `cobrador keys` prints it (doc/keys.md is
 * made from that).  A handler returns what must happen next as a mask.
 */
#ifndef CB_SCREEN_H
#define CB_SCREEN_H

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"
#include "user.h"

enum {
	SCREEN_DONE = 0,
	SCREEN_REDRAW = 1 << 0, /* draw again */
	SCREEN_RELOAD = 1 << 1, /* load again, then draw */
	SCREEN_CLOSE = 1 << 2,  /* take this screen off the stack */
	SCREEN_QUIT = 1 << 3,   /* leave the workstation */
};

/* Keys as the loop reads them: a character is itself; a curses key code
 * (KEY_F(2), KEY_UP) is KEY(code), apart from every character. */
#define KEY(code) (0x200000 + (code))
#define CTRL(c) ((c) & 0x1f)

struct ws;

/* One key of a screen. */
struct screen_key {
	int key, last;     /* the key, or the range key..last ('1'..'9') */
	int other;         /* another key doing the same (an F-key), or 0 */
	const char *label; /* how bar and help name it: "F2 n", "1-9" */
	const char *bar;   /* its word on the bottom bar; NULL: help only */
	const char *help;  /* what it does, for the help screen */
	int (*act)(struct ws *ws, void *data, int key);
};

struct screen {
	const char *name;  /* "home", "account": for doc/keys.md */
	const char *title;
	const struct screen_key *keys; /* ends with a zero key */
	/* A popup is drawn over the screen below it, at most this size. */
	bool popup;
	bool own_erase; /* draw() erases what it must (a posted form) */
	int lines, cols;
	void (*size)(void *data, int *lines, int *cols); /* NULL: the above */
	/* Copies what the screen shows from the database; CB_OK or an error
	 * that closes the screen with its message. */
	int (*load)(struct ws *ws, void *data);
	void (*draw)(struct ws *ws, void *data, WINDOW *w);
	/* Keys that are not in the table (text typed into a field); NULL:
	 * none.  Returns SCREEN_* like an action. */
	int (*typed)(struct ws *ws, void *data, int key);
	/* Once a second while on top; NULL: never. */
	int (*tick)(struct ws *ws, void *data);
	/* Each key pressed, on this screen or one above it (a form over an
	 * account): the agent is at work.  NULL: nothing to do. */
	void (*activity)(struct ws *ws, void *data);
	/* Where the cursor shows (a field being typed into); NULL: hidden. */
	bool (*cursor)(void *data, int *y, int *x);
	void (*free)(void *data);
};

extern const struct screen screen_home, screen_account, screen_aging,
    screen_search, screen_form, screen_menu, screen_confirm, screen_board,
    screen_reports;

/* Every screen, for `cobrador keys`. */
extern const struct screen *const screen_all[];

/* ---- What screens may ask of the workstation ---------------------------- */

/* The session, its clock brought to now (unless --now fixed it). */
struct cb_session *ws_session(struct ws *ws);

/* Puts a screen on the stack with its data (freed by its free()). */
int ws_open(struct ws *ws, const struct screen *sc, void *data);

/* A message on the line above the key bar until the next key; warning
 * shows it in the warning colour. */
void ws_say(struct ws *ws, bool warning, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Says what a core call's error means, in the user's language. */
void ws_fail(struct ws *ws, int rc, const char *why);

/* Closes every screen above home once the key is handled. */
void ws_home(struct ws *ws);

/* The agent's choice: after an outcome, the next account (true) or home. */
bool *ws_next_after_outcome(struct ws *ws);

/* Key actions every screen's table may hold. */
int ws_help(struct ws *ws, void *data, int key);
int ws_redraw(struct ws *ws, void *data, int key);

/* Help (F1, and ? where no text is typed) and redraw (Ctrl-L), for the
 * end of a screen's key table. */
#define SCREEN_KEY_HELP(label, other) \
	{ other, 0, KEY(KEY_F(1)), label, N_("Help"), \
	  N_("Show the keys of this screen"), ws_help }
#define SCREEN_KEY_REDRAW \
	{ CTRL('L'), 0, 0, "C-l", NULL, N_("Draw the screen again"), ws_redraw }

/* ---- Opening screens ------------------------------------------------------ */

struct cb_account_ref;

/* Data for the home screen. */
void *screen_home_new(void);

/* Opens an account: claimed (the agent holds it, from `next`) or only
 * looked at (from search or home). */
int screen_account_open(struct ws *ws, const struct cb_account_ref *ref,
    bool claimed);

/* Claims the next account and opens it; says why when there is none
 * (CB_ERR_NOTHING) or what failed.  Returns the core's code. */
int screen_account_next(struct ws *ws);

/* The search screen; the portfolio's aging and the live board
 * (supervisors). */
int screen_search_open(struct ws *ws);
int screen_aging_open(struct ws *ws);
int screen_board_open(struct ws *ws);

/* The reports (supervisors): view 0 promises, 1 agents, 2 key figures,
 * 3 activity. */
int screen_reports_open(struct ws *ws, int view);

/* Finds the account a user typed (a debtor id in any written form, or
 * PORTFOLIO/ID).  CB_OK, or an error with *why (untranslated). */
int screen_find_account(struct ws *ws, const char *text,
    struct cb_account_ref *out, const char **why);

/* ---- Forms ------------------------------------------------------------------ */

/* What a field holds; each kind is checked as the field is left. */
enum field_kind { FIELD_TEXT, FIELD_AMOUNT, FIELD_DATE, FIELD_TIME,
	FIELD_COUNT, FIELD_YESNO };

#define FORM_FIELDS_MAX 6
#define FORM_VALUE_MAX 512 /* bytes: FORM_CHARS_MAX of up to 4 bytes */
#define FORM_CHARS_MAX 120

struct form_field {
	const char *label;   /* untranslated: N_() */
	enum field_kind kind;
	int width;           /* columns on screen */
	const char *hint;    /* shown beside the field (a choice's words), or
	                      * NULL; UTF-8 */
	int min, max;        /* FIELD_COUNT's bounds (both 0: 1 to 999) */
	char value[FORM_VALUE_MAX]; /* UTF-8: the start value, then what was
	                             * typed, trimmed */
};

/* A form: fields, and what Enter does with them. */
struct form_spec {
	const char *title;   /* untranslated */
	const char *currency; /* of FIELD_AMOUNT */
	bool labels_above;   /* long labels (a script's questions): each on
	                      * its own line above its field */
	size_t nfields;
	struct form_field fields[FORM_FIELDS_MAX];
	/* Carries the form out: CB_OK closes it; an error keeps it open with
	 * *why said (untranslated) and the cursor on field *field (-1: the
	 * one it is on).  Its actions run against the screen below. */
	int (*submit)(struct ws *ws, struct form_spec *f, const char **why,
	    int *field);
	void *arg;           /* malloc'd or NULL: freed with the form */
};

/* A FIELD_YESNO value: 1 yes (y, yes, s, si, sí), 0 no (n, no), -1
 * neither. */
int yes_or_no(const char *text);

/* Opens a form popup over the screen on top; takes spec (malloc'd). */
int screen_form_open(struct ws *ws, struct form_spec *spec);

/* A choice among items (the outcome codes): each a name shown as it is
 * ("PTP") and a description translated on screen; typing a name's first
 * letters goes to it; chosen(ws, arg, i) runs on Enter.  The arrays must
 * outlive the popup (static tables). */
#define MENU_ITEMS_MAX 32
int screen_menu_open(struct ws *ws, const char *title,
    const char *const *names, const char *const *descriptions, size_t n,
    int (*chosen)(struct ws *ws, void *arg, size_t i), void *arg);

/* A yes/no question: yes(ws, arg) runs on y (or s, sí). */
int screen_confirm_open(struct ws *ws, const char *question,
    int (*yes)(struct ws *ws, void *arg), void *arg);

/* The screen below the one on top (a form's account), or NULL. */
void *ws_below(struct ws *ws, const struct screen *sc);

/* ---- Drawing ------------------------------------------------------------ */

/* Colour pairs by role; with no colours they fall back to attributes. */
enum { ROLE_TITLE = 1, ROLE_KEY, ROLE_BAR, ROLE_WARNING, ROLE_MUTED,
	ROLE_CHART, ROLE_GOOD, ROLE_FOCUS };

/* The attribute of a role, colour or monochrome. */
int screen_attr(int role);

/* Writes s (UTF-8 from the database) at y, x, escaped, converted and cut to
 * at most width columns; returns the columns used. */
int screen_text(WINDOW *w, int y, int x, int width, const char *s);

/* Marks the row of a list at y as the one chosen, or not: a '>' in its
 * first column.  Only that column changes when the choice moves, so that
 * moving in a list sends a few bytes, not two whole lines (a slow link). */
void screen_choice(WINDOW *w, int y, bool chosen);

/* The same, right-aligned to end at column x + width. */
void screen_text_right(WINDOW *w, int y, int x, int width, const char *s);

/* Writes s wrapped at spaces into width columns and at most lines lines;
 * returns the lines used. */
int screen_wrap(WINDOW *w, int y, int x, int width, int lines,
    const char *s);

/* A section title across width columns: "─ Documents ───". */
void screen_rule(WINDOW *w, int y, int x, int width, const char *title);

/* Prints the key tables as Markdown (doc/keys.md) or as text. */
void screen_keys_print(FILE *f, bool markdown);

#endif
