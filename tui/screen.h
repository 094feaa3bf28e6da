/*
 * screen.h -- what every screen of the workstation provides.
 *
 * A screen copies what it shows out of the database in load() (a short
 * read transaction), draws it into the window it is given, and answers
 * keys.  key() returns what must happen next as a bit mask.
 */
#ifndef CB_SCREEN_H
#define CB_SCREEN_H

#include <curses.h>

#include "user.h"

enum {
	SCREEN_DONE = 0,
	SCREEN_REDRAW = 1 << 0, /* draw again */
	SCREEN_RELOAD = 1 << 1, /* load again, then draw */
	SCREEN_QUIT = 1 << 2,   /* leave the workstation */
};

/* One key of a screen: the key, its name on the bottom bar, what it does. */
struct screen_key {
	int key;
	const char *label; /* "F10", "q" */
	const char *help;  /* "Quit" */
};

struct screen {
	const char *title;
	const struct screen_key *keys; /* ends with a zero key */
	void *(*load)(struct cb_session *s, int *rc);
	void (*draw)(WINDOW *w, const void *data, const struct cb_session *s);
	int (*key)(void *data, int key);
	void (*free)(void *data);
};

extern const struct screen screen_home;

/* Colour pairs by role; with no colours they fall back to attributes. */
enum { ROLE_TITLE = 1, ROLE_KEY, ROLE_BAR, ROLE_WARNING, ROLE_MUTED, ROLE_CHART };

/* The attribute of a role, colour or monochrome. */
int screen_attr(int role);

/* Writes s (UTF-8 from the database) at y, x, escaped, converted and cut to
 * at most width columns. */
void screen_text(WINDOW *w, int y, int x, int width, const char *s);

#endif
