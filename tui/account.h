/*
 * account.h -- what the account screen (screen-account.c) and its outcome
 * forms (outcome.c) share: the account open on screen, the walk of its
 * call script, and the call's timers.
 */
#ifndef CB_TUI_ACCOUNT_H
#define CB_TUI_ACCOUNT_H

#include <stdbool.h>
#include <time.h>

#include "card.h"
#include "queue.h"
#include "screen.h"
#include "script.h"

enum pane { PANE_SCRIPT, PANE_DOCUMENTS, PANE_PHONES, PANE_HISTORY, PANES };

struct account {
	struct cb_session *session; /* to give the account back when closed */
	struct cb_account_ref ref;
	bool claimed;         /* the agent holds it (from `next`) */
	bool logged;          /* an outcome is logged: it may be left */
	struct cb_card *card;
	/* The walk of the call script (card->script). */
	struct cb_run run;
	int pending_option;   /* an option waiting for its questions, or -1 */
	enum pane focus;
	int scroll[PANES];
	int phone;            /* the phone being called */
	/* The scripts the agent may switch to ('s'), for the list. */
	size_t nscripts;
	char script_ids[MENU_ITEMS_MAX][CB_SCRIPT_ID_MAX + 1];
	char script_names[MENU_ITEMS_MAX][96];
	const char *script_id_of[MENU_ITEMS_MAX], *script_name_of[MENU_ITEMS_MAX];
	/* The call timer and the lease (monotonic seconds for the timer). */
	time_t opened;
	time_t renewed;       /* when the lease was last renewed */
	time_t lease_until;
};

/* The outcome forms: p, c, o and the proposed outcome of a script's end.
 * Each logs through cb_queue_log() with the script's walk. */
int outcome_promise(struct ws *ws, struct account *a);
int outcome_callback(struct ws *ws, struct account *a);
int outcome_menu(struct ws *ws, struct account *a);
int outcome_form(struct ws *ws, struct account *a, const char *code);

/* The list of the scripts in the agent's language; the one chosen takes
 * the place of the script, from its first step. */
int account_scripts(struct ws *ws, struct account *a);

/* The answers of the current step's questions, in a form; then option
 * a->pending_option, if any, is taken. */
int account_ask(struct ws *ws, struct account *a);

/* Takes script option number (0: the step's `next`), asking its
 * questions first when they are unanswered. */
int account_choose(struct ws *ws, struct account *a, int number);

/* The language of the user's locale for scripts: "es" or "en". */
const char *account_language(void);

#endif
