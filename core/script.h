/*
 * script.h -- a call script: its text format, its checks and its runner.
 *
 * A script is a graph of steps (DESIGN.md section 8, doc/scripts.md): text
 * for the agent to say, with variables ("{debtor.name}", "{balance}"),
 * questions whose typed answers are kept with the outcome, numbered options
 * leading to other steps, and ends that propose an outcome code.  Mandatory
 * steps (identifying the person, disclosures) lie on every way to an end
 * that proposes a conversation.  `when` lines say which accounts the script
 * is for.
 *
 * Parsing checks the script whole: unknown steps and variables, steps that
 * cannot be reached or have no way out, and mandatory steps that can be
 * bypassed are errors naming the line.  The runner walks a parsed script
 * for one account; the workstation and the tests drive it the same way.
 */
#ifndef CB_SCRIPT_H
#define CB_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "idcheck.h"
#include "model.h"
#include "money.h"
#include "outcome.h"

#define CB_SCRIPT_ID_MAX 32      /* bytes of a script id */
#define CB_SCRIPT_STEPS_MAX 64
#define CB_SCRIPT_OPTIONS_MAX 9  /* numbered 1 to 9 */
#define CB_SCRIPT_ASKS_MAX 4     /* questions of one step */
#define CB_SCRIPT_KEY_MAX 24     /* bytes of an answer's key */
#define CB_RUN_PATH_MAX 64       /* steps of one walk */
#define CB_ANSWER_MAX 160        /* bytes of one answer */
#define CB_RUN_ANSWERS_MAX 64    /* answers of one walk */

enum cb_answer_type {
	CB_ANSWER_CHOICE, /* one of the words listed */
	CB_ANSWER_AMOUNT, /* in the portfolio's currency */
	CB_ANSWER_DATE,   /* a day */
	CB_ANSWER_TEXT,   /* free text */
};

struct cb_script_ask {
	const char *key;     /* "reason": the answer is stored as reason=... */
	enum cb_answer_type type;
	const char *choices; /* CHOICE: "forgot|no-funds|other" */
	const char *prompt;
	unsigned line;
};

struct cb_script_option {
	int number;        /* 1-9; 0 for the step's `next` */
	const char *label; /* NULL for `next` */
	int target;        /* index of the step it leads to */
	unsigned line;
};

struct cb_script_step {
	const char *id;
	unsigned line;
	bool mandatory;
	const char *say;   /* lines joined by '\n'; NULL: nothing to say */
	unsigned say_line; /* of its first line */
	size_t nasks, noptions;
	struct cb_script_ask asks[CB_SCRIPT_ASKS_MAX];
	struct cb_script_option options[CB_SCRIPT_OPTIONS_MAX + 1];
	const struct cb_outcome *end; /* the code an end proposes, or NULL */
};

/* Which accounts a script is for: every condition given must hold. */
struct cb_script_when {
	unsigned segments;      /* bit per enum cb_segment; 0: any */
	bool has_dpd;
	int dpd_from, dpd_to;   /* days past due, both included */
	const char *portfolios; /* "retail wholesale"; NULL: any */
	const char *stages;     /* "courtesy reminder"; NULL: any */
	int conditions;         /* how many are given (the most specific
	                         * script wins) */
};

struct cb_script {
	char id[CB_SCRIPT_ID_MAX + 1];
	const char *name;
	char language[3];       /* "es", "en" */
	struct cb_script_when when;
	size_t nsteps;
	struct cb_script_step steps[CB_SCRIPT_STEPS_MAX];
	char *pool;             /* the text the pointers above point into */
};

/* Parses and checks a script; on success *out is to be freed with
 * cb_script_free().  Returns CB_OK, CB_ERR_INPUT with "NAME:LINE: what"
 * in why, or CB_ERR_NOMEM. */
int cb_script_parse(const char *text, size_t size, const char *name,
    struct cb_script **out, char *why, size_t why_size);
void cb_script_free(struct cb_script **sc);

/* True when id is a script or strategy id: 1-32 bytes of lower-case
 * letters, digits, '-' and '_'. */
bool cb_script_id_ok(const char *id);

/* The step of a script named id, or -1. */
int cb_script_find_step(const struct cb_script *sc, const char *id);

/* The account a script is read for, as variables show it. */
struct cb_script_facts {
	char portfolio[CB_PORTFOLIO_MAX + 1];
	char debtor_id[CB_ID_MAX];
	char debtor_name[128];
	char debtor_address[128], debtor_city[64], debtor_region[64];
	char portfolio_name[64];
	char agent_name[64];
	const struct cb_currency *currency;
	enum cb_segment segment;
	char stage[CB_SCRIPT_ID_MAX + 1]; /* doc/scripts.md: "courtesy",
	                                   * "promise-broken", "collection" */
	cb_day today;
	int64_t balance, overdue_amount, oldest_amount;
	int overdue_count;
	int oldest_dpd;           /* 0 when nothing is open */
	cb_day oldest_due;        /* CB_DAY_NONE when nothing is open */
	char oldest_invoice[CB_DOC_ID_MAX + 1];
	int64_t promise_amount;   /* the latest pending or broken promise */
	cb_day promise_date;      /* CB_DAY_NONE when there is none */
};

/* True when the script's `when` lines take the account. */
bool cb_script_matches(const struct cb_script *sc,
    const struct cb_script_facts *f);

/*
 * Writes text with its variables replaced by the account's facts, in the
 * script's language (dates) and the portfolio's currency (amounts):
 * "{balance}" -> "$1.234.567" for CLP, "S/ 1,234.56" for PEN.  answers
 * gives the values of "{answer.KEY}" (NULL: none yet); a missing one is
 * written "…".  Returns the length it needed.
 */
struct cb_run;
size_t cb_script_render(const char *text, const char *language,
    const struct cb_script_facts *f, const struct cb_run *answers,
    char *buf, size_t size);

/* The first variable of text that is not known, or NULL when all are:
 * it points at the name, *len bytes long (0 for a '{' without '}').  The
 * answers ("{answer.KEY}") are known when answer_ok(KEY) says so; with
 * answer_ok NULL, none is. */
const char *cb_render_unknown(const char *text,
    bool (*answer_ok)(const char *key, size_t len, void *arg), void *arg,
    size_t *len);

/* ---- The runner ------------------------------------------------------- */

/* One walk of a script for an account.  It points into the script and
 * the facts, which must outlive it. */
struct cb_run {
	const struct cb_script *sc;
	const struct cb_script_facts *facts;
	size_t depth;                  /* steps walked; the last is current */
	int path[CB_RUN_PATH_MAX];
	size_t nanswers;
	struct cb_run_answer {
		char key[CB_SCRIPT_KEY_MAX + 1];
		char value[CB_ANSWER_MAX]; /* stored form: amounts in the
		                            * currency's plain form ("1234.50"),
		                            * days YYYY-MM-DD, a choice's word */
	} answers[CB_RUN_ANSWERS_MAX];
};

void cb_run_start(struct cb_run *r, const struct cb_script *sc,
    const struct cb_script_facts *facts);

/* The step the walk stands on. */
const struct cb_script_step *cb_run_step(const struct cb_run *r);

/* The current step's text, rendered for the account. */
size_t cb_run_text(const struct cb_run *r, char *buf, size_t size);

/* The stored answer to key, or NULL. */
const char *cb_run_answer_of(const struct cb_run *r, const char *key);

/* Answers a question of the current step, checking it by type: a choice
 * by its word or its number, an amount in the portfolio's currency, a day
 * (YYYY-MM-DD or DD-MM-YYYY).  CB_ERR_INPUT with *why when it does not
 * read. */
int cb_run_answer(struct cb_run *r, const char *key, const char *text,
    const char **why);

/* Takes option number (0: the step's `next`).  CB_ERR_INPUT with *why
 * when there is no such option or a question of the step is unanswered. */
int cb_run_choose(struct cb_run *r, int number, const char **why);

/* Goes back one step (answers stay).  CB_ERR_NOTHING at the first. */
int cb_run_back(struct cb_run *r);

/* The outcome the current step proposes (an end), or NULL. */
const struct cb_outcome *cb_run_outcome(const struct cb_run *r);

/* The path walked as step ids joined by '>' ("identify>reason>promise"). */
size_t cb_run_path(const struct cb_run *r, char *buf, size_t size);

/*
 * Replays a path given as text ("identify>reason>promise", or ','
 * separated) with answers "key=value" (as a log request brings them):
 * each step must follow from the one before, every answer must belong to a
 * question on the path and read by its type, and an outcome that is a
 * conversation must have passed every mandatory step.  On success r stands
 * at the last step.  CB_ERR_INPUT with why otherwise.
 */
int cb_run_replay(struct cb_run *r, const char *path,
    const char *const *answers, size_t nanswers, const char *code,
    char *why, size_t why_size);

#endif
