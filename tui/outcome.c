/* outcome.c -- the outcome forms of the account screen (promise, callback,
 * plan, a note with any other code), the list of codes, the script's
 * questions, and logging through cb_queue_log() with the script's walk. */
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "date.h"
#include "error.h"
#include "format.h"
#include "money.h"
#include "outcome.h"

#define NOTE_COLS 36

/* The fields each form has, by the code it logs. */
enum { F_AMOUNT, F_DATE, F_TIME, F_ANYONE, F_COUNT, F_EVERY, F_NOTE };

/* A form for code: the fields it needs, then a note. */
struct outcome_job {
	const char *code;
	int field[F_NOTE + 1]; /* index of each field in the form, or -1 */
};

static struct form_field field(const char *label, enum field_kind kind,
    int width)
{
	return (struct form_field){ .label = label, .kind = kind, .width = width };
}

/* The instant of a callback typed as a day and a time in the debtor's
 * zone (the clock the header shows), written in UTC for the log:
 * "2026-03-02 19:30Z". */
static int callback_at(const struct account *a, const char *date,
    const char *time_of_day, char out[40], const char **why)
{
	cb_day day;
	int h = 0, m = 0;
	time_t t;
	char utc[17];
	if (cb_day_parse(date, NULL, &day, why) != CB_OK)
		return CB_ERR_INPUT;
	sscanf(time_of_day, "%d:%d", &h, &m); /* checked by the form */
	if (cb_tz_mktime(a->card->calls.zone, day, h * 60 + m, &t) != CB_OK) {
		*why = N_("the debtor's time zone is unknown");
		return CB_ERR_INPUT;
	}
	cb_time_format_utc(t, utc);
	snprintf(out, 40, "%sZ", utc);
	return CB_OK;
}

/* True when a step of the path walked asks key. */
static bool asked_on_path(const struct cb_run *r, const char *key)
{
	for (size_t d = 0; d < r->depth; d++) {
		const struct cb_script_step *st = &r->sc->steps[r->path[d]];
		for (size_t q = 0; q < st->nasks; q++)
			if (strcmp(st->asks[q].key, key) == 0)
				return true;
	}
	return false;
}

/* The answers to the questions of the steps walked, "key=value" in their
 * stored form, for the log to replay: an answer given on a step the agent
 * went back from is not part of the call. */
static size_t walk_answers(const struct cb_run *r,
    char pairs[][CB_SCRIPT_KEY_MAX + CB_ANSWER_MAX + 2], const char **out)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nanswers; i++) {
		if (!asked_on_path(r, r->answers[i].key))
			continue;
		snprintf(pairs[n], sizeof pairs[n], "%s=%s", r->answers[i].key,
		    r->answers[i].value);
		out[n] = pairs[n];
		n++;
	}
	return n;
}

/* The request for the account's log: the code, the form's values, the
 * phone called, and the script's walk. */
static int log_it(struct ws *ws, struct account *a, struct form_spec *f,
    const struct outcome_job *job, const char **why)
{
	const char *answers[CB_RUN_ANSWERS_MAX];
	char pairs[CB_RUN_ANSWERS_MAX][CB_SCRIPT_KEY_MAX + CB_ANSWER_MAX + 2];
	char script[CB_SCRIPT_ID_MAX + 16], path[CB_RUN_PATH_MAX *
	    (CB_SCRIPT_ID_MAX + 1)], at[40];
	struct cb_log_request req = { .code = job->code };
#define VALUE(k) (job->field[k] >= 0 ? f->fields[job->field[k]].value : NULL)
	req.amount = VALUE(F_AMOUNT);
	req.date = VALUE(F_DATE);
	req.note = VALUE(F_NOTE) && *VALUE(F_NOTE) ? VALUE(F_NOTE) : NULL;
	if (job->field[F_TIME] >= 0) {
		int rc = callback_at(a, VALUE(F_DATE), VALUE(F_TIME), at, why);
		if (rc != CB_OK)
			return rc;
		req.at = at;
		req.date = NULL;
		req.for_anyone = yes_or_no(VALUE(F_ANYONE)) == 1;
	}
	if (job->field[F_COUNT] >= 0) {
		req.installments = (int)strtol(f->fields[job->field[F_COUNT]].value,
		    NULL, 10);
		req.every_days = (int)strtol(f->fields[job->field[F_EVERY]].value,
		    NULL, 10);
	}
#undef VALUE
	if (a->card->nphones > 0)
		req.phone = a->card->phones[a->phone].number;
	if (a->card->script) {
		snprintf(script, sizeof script, "%s:%d", a->card->script->id,
		    a->card->script_version);
		cb_run_path(&a->run, path, sizeof path);
		req.script = script;
		req.path = path;
		req.answers = answers;
		req.nanswers = walk_answers(&a->run, pairs, answers);
	}
	return cb_queue_log(ws_session(ws), &a->ref, &req, why);
}

/* After an outcome: home, or the next account as the agent prefers. */
static void logged(struct ws *ws, struct account *a, const char *code)
{
	a->logged = true;
	ws_say(ws, false, _("Logged %s on %s/%s."), code, a->ref.portfolio,
	    a->ref.debtor);
	ws_home(ws);
	if (*ws_next_after_outcome(ws))
		screen_account_next(ws);
}

static int outcome_submit(struct ws *ws, struct form_spec *f,
    const char **why, int *field_at)
{
	struct account *a = ws_below(ws, &screen_account);
	const struct outcome_job *job = (const struct outcome_job *)f->arg;
	int rc = log_it(ws, a, f, job, why);
	if (rc == CB_OK) {
		logged(ws, a, job->code);
		return CB_OK;
	}
	/* Point at the field the core's reason names. */
	*field_at = -1;
	if (*why && strstr(*why, "amount") && job->field[F_AMOUNT] >= 0)
		*field_at = job->field[F_AMOUNT];
	else if (*why && strstr(*why, "time") && job->field[F_TIME] >= 0)
		*field_at = job->field[F_TIME];
	else if (*why && strstr(*why, "date") && job->field[F_DATE] >= 0)
		*field_at = job->field[F_DATE];
	if (*why == NULL && rc != CB_ERR_INPUT)
		*why = cb_strerror(rc);
	return rc;
}

/* A start value from the script's answer to key: its stored form (an
 * amount in plain form, a day YYYY-MM-DD) reads back in any field. */
static void from_answer(const struct account *a, const char *key,
    char *out, size_t size)
{
	const char *v = a->card->script ? cb_run_answer_of(&a->run, key) : NULL;
	if (v)
		snprintf(out, size, "%s", v);
}

/* Builds and opens the form for code. */
int outcome_form(struct ws *ws, struct account *a, const char *code)
{
	const struct cb_outcome *o = cb_outcome_find(code);
	struct form_spec *f = calloc(1, sizeof *f);
	struct outcome_job *job = calloc(1, sizeof *job);
	if (o == NULL || f == NULL || job == NULL) {
		free(f);
		free(job);
		ws_fail(ws, o ? CB_ERR_NOMEM : CB_ERR_INPUT, NULL);
		return SCREEN_DONE;
	}
	job->code = o->code;
	for (int k = 0; k <= F_NOTE; k++)
		job->field[k] = -1;
#define ADD(k, label, kind, width) \
	(job->field[k] = (int)f->nfields, f->fields[f->nfields++] = \
	    field(label, kind, width))
	bool plan = strcmp(o->code, "PLAN") == 0;
	if (o->needs_amount) {
		ADD(F_AMOUNT, plan ? N_("Total amount") : N_("Amount"),
		    FIELD_AMOUNT, 16);
		from_answer(a, "amount", f->fields[job->field[F_AMOUNT]].value,
		    FORM_VALUE_MAX);
	}
	if (plan) {
		ADD(F_COUNT, N_("Installments, 2-120"), FIELD_COUNT, 4);
		f->fields[job->field[F_COUNT]].min = 2;
		f->fields[job->field[F_COUNT]].max = 120;
		from_answer(a, "installments", f->fields[job->field[F_COUNT]].value,
		    FORM_VALUE_MAX);
	}
	if (o->needs_date || o->needs_time) {
		ADD(F_DATE, plan ? N_("First payment") : N_("Date"), FIELD_DATE, 12);
		if (o->needs_time) /* a callback is most often for today */
			cb_day_format(a->card->today, f->fields[job->field[F_DATE]].value);
		from_answer(a, "date", f->fields[job->field[F_DATE]].value,
		    FORM_VALUE_MAX);
	}
	if (plan) {
		ADD(F_EVERY, N_("Days between, 1-366"), FIELD_COUNT, 4);
		f->fields[job->field[F_EVERY]].min = 1;
		f->fields[job->field[F_EVERY]].max = 366;
		snprintf(f->fields[job->field[F_EVERY]].value, FORM_VALUE_MAX, "30");
	}
	if (o->needs_time) {
		ADD(F_TIME, N_("Debtor's time HH:MM"), FIELD_TIME, 6);
		ADD(F_ANYONE, N_("Any agent (y/n)"), FIELD_YESNO, 2);
		snprintf(f->fields[job->field[F_ANYONE]].value, FORM_VALUE_MAX, "n");
	}
	ADD(F_NOTE, N_("Note"), FIELD_TEXT, NOTE_COLS);
#undef ADD
	f->title = o->label;
	f->currency = a->card->currency;
	f->submit = outcome_submit;
	f->arg = job;
	return screen_form_open(ws, f);
}

int outcome_promise(struct ws *ws, struct account *a)
{
	return outcome_form(ws, a, "PTP");
}

int outcome_callback(struct ws *ws, struct account *a)
{
	return outcome_form(ws, a, "CB");
}

/* ---- The list of codes ------------------------------------------------------ */

static const char *code_names[MENU_ITEMS_MAX];
static const char *code_labels[MENU_ITEMS_MAX];
static size_t ncodes;

static int code_chosen(struct ws *ws, void *arg, size_t i)
{
	return outcome_form(ws, arg, code_names[i]);
}

int outcome_menu(struct ws *ws, struct account *a)
{
	if (ncodes == 0)
		for (const struct cb_outcome *o = cb_outcomes;
		     o->code && ncodes < MENU_ITEMS_MAX; o++) {
			code_names[ncodes] = o->code;
			code_labels[ncodes++] = o->label;
		}
	return screen_menu_open(ws, N_("Outcome of the call"), code_names,
	    code_labels, ncodes, code_chosen, a);
}

/* ---- The script's questions --------------------------------------------- */

static int ask_submit(struct ws *ws, struct form_spec *f, const char **why,
    int *field_at)
{
	struct account *a = ws_below(ws, &screen_account);
	const struct cb_script_step *st = cb_run_step(&a->run);
	for (size_t q = 0; q < st->nasks && q < f->nfields; q++) {
		const char *key = st->asks[q].key;
		if (cb_run_answer(&a->run, key, f->fields[q].value, why) != CB_OK) {
			*field_at = (int)q;
			return CB_ERR_INPUT;
		}
	}
	if (a->pending_option >= 0 && cb_run_choose(&a->run, a->pending_option,
	    why) != CB_OK)
		ws_say(ws, true, "%s", _(*why));
	a->pending_option = -1;
	return CB_OK;
}

/* A choice's words numbered, as its answer may be typed: "1 forgot  2
 * no-funds  3 other". */
static const char *choice_hint(const struct cb_script_ask *ask, char *buf,
    size_t size)
{
	char words[FORM_VALUE_MAX];
	size_t n = 0;
	int number = 1;
	snprintf(words, sizeof words, "%s", ask->choices);
	buf[0] = '\0';
	for (char *save = NULL, *w = strtok_r(words, "|", &save); w && n < size;
	     w = strtok_r(NULL, "|", &save))
		n += (size_t)snprintf(buf + n, size - n, "%s%d %s", n ? "  " : "",
		    number++, w);
	return buf;
}

int account_ask(struct ws *ws, struct account *a)
{
	const struct cb_script_step *st = cb_run_step(&a->run);
	/* The hints outlive the form: one walk asks one step at a time. */
	static char hints[CB_SCRIPT_ASKS_MAX][FORM_VALUE_MAX];
	struct form_spec *f = calloc(1, sizeof *f);
	if (f == NULL) {
		ws_fail(ws, CB_ERR_NOMEM, NULL);
		return SCREEN_DONE;
	}
	for (size_t q = 0; q < st->nasks && q < CB_SCRIPT_ASKS_MAX &&
	    q < FORM_FIELDS_MAX; q++) {
		const struct cb_script_ask *ask = &st->asks[q];
		enum field_kind kind = ask->type == CB_ANSWER_AMOUNT ? FIELD_AMOUNT
		    : ask->type == CB_ANSWER_DATE ? FIELD_DATE : FIELD_TEXT;
		f->fields[f->nfields] = field(ask->prompt, kind,
		    ask->type == CB_ANSWER_TEXT ? 60 : 16);
		if (ask->type == CB_ANSWER_CHOICE)
			f->fields[f->nfields].hint = choice_hint(ask, hints[q],
			    sizeof hints[q]);
		from_answer(a, ask->key, f->fields[f->nfields].value,
		    FORM_VALUE_MAX);
		f->nfields++;
	}
	f->title = N_("The script asks");
	f->labels_above = true;
	f->currency = a->card->currency;
	f->submit = ask_submit;
	return screen_form_open(ws, f);
}
