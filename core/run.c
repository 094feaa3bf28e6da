/* run.c -- walking a call script for one account, and rendering its text. */
#include "script.h"

#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "error.h"

/* ---- Rendering -------------------------------------------------------- */

static const char *const months_es[12] = {
	"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"agosto", "septiembre", "octubre", "noviembre", "diciembre"
};
static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* A day as it is said in the language: "15 de marzo de 2026",
 * "March 15, 2026". */
static void day_spoken(cb_day day, const char *language, char *buf,
    size_t size)
{
	int y, m, d;
	if (day == CB_DAY_NONE) {
		snprintf(buf, size, "-");
		return;
	}
	cb_day_to_ymd(day, &y, &m, &d);
	if (strcmp(language, "es") == 0)
		snprintf(buf, size, "%d de %s de %d", d, months_es[m - 1], y);
	else
		snprintf(buf, size, "%s %d, %d", months_en[m - 1], d, y);
}

/* The value of a known variable (script.c checked the names). */
static void variable_value(const char *name, size_t len, const char *language,
    const struct cb_script_facts *f, char *buf, size_t size)
{
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
	const int64_t *money = IS("balance") ? &f->balance
	    : IS("overdue.amount") ? &f->overdue_amount
	    : IS("oldest.amount") ? &f->oldest_amount
	    : IS("promise.amount") ? &f->promise_amount : NULL;
	const cb_day *day = IS("today") ? &f->today
	    : IS("oldest.due_date") ? &f->oldest_due
	    : IS("promise.date") ? &f->promise_date : NULL;
	if (money && f->currency)
		cb_money_format_spoken(*money, f->currency, buf, size);
	else if (day)
		day_spoken(*day, language, buf, size);
	else if (IS("overdue.count"))
		snprintf(buf, size, "%d", f->overdue_count);
	else if (IS("oldest.dpd"))
		snprintf(buf, size, "%d", f->oldest_dpd);
	else
		snprintf(buf, size, "%s", IS("debtor.name") ? f->debtor_name
		    : IS("debtor.id") ? f->debtor_id
		    : IS("debtor.address") ? f->debtor_address
		    : IS("debtor.city") ? f->debtor_city
		    : IS("debtor.region") ? f->debtor_region
		    : IS("portfolio.name") ? f->portfolio_name
		    : IS("agent.name") ? f->agent_name
		    : IS("segment") ? cb_segment_name(f->segment)
		    : IS("oldest.invoice") ? f->oldest_invoice : "");
#undef IS
}

/* An answer as it is said: amounts and days rendered, words as given. */
static void answer_value(const struct cb_run *r, const char *key, size_t len,
    const char *language, char *buf, size_t size)
{
	for (size_t i = 0; r && i < r->nanswers; i++) {
		const struct cb_run_answer *a = &r->answers[i];
		if (strlen(a->key) != len || memcmp(a->key, key, len) != 0)
			continue;
		const struct cb_script_ask *q = NULL;
		for (size_t s = 0; q == NULL && s < r->sc->nsteps; s++)
			for (size_t j = 0; j < r->sc->steps[s].nasks; j++)
				if (strcmp(r->sc->steps[s].asks[j].key, a->key) == 0)
					q = &r->sc->steps[s].asks[j];
		cb_day day;
		int64_t minor;
		if (q && q->type == CB_ANSWER_AMOUNT && r->facts->currency &&
		    cb_money_parse(a->value, r->facts->currency, &minor,
		    NULL) == CB_OK)
			cb_money_format_spoken(minor, r->facts->currency, buf, size);
		else if (q && q->type == CB_ANSWER_DATE &&
		    cb_day_parse(a->value, NULL, &day, NULL) == CB_OK)
			day_spoken(day, language, buf, size);
		else
			snprintf(buf, size, "%s", a->value);
		return;
	}
	snprintf(buf, size, "\xe2\x80\xa6"); /* not answered yet */
}

size_t cb_script_render(const char *text, const char *language,
    const struct cb_script_facts *f, const struct cb_run *answers,
    char *buf, size_t size)
{
	size_t len = 0;
	char value[256];
	for (const char *p = text, *close; *p; ) {
		const char *piece = p;
		size_t n = 1;
		if (p[0] == '{' && p[1] == '{') {
			p += 2; /* "{{" writes one brace */
		} else if (p[0] == '{' && (close = strchr(p, '}')) != NULL) {
			const char *name = p + 1;
			size_t nlen = (size_t)(close - name);
			if (nlen > 7 && memcmp(name, "answer.", 7) == 0)
				answer_value(answers, name + 7, nlen - 7, language,
				    value, sizeof value);
			else
				variable_value(name, nlen, language, f, value,
				    sizeof value);
			piece = value;
			n = strlen(value);
			p = close + 1;
		} else {
			p++;
		}
		if (len + 1 < size)
			memcpy(buf + len, piece, len + n < size ? n
			    : size - 1 - len);
		len += n;
	}
	if (size > 0)
		buf[len < size ? len : size - 1] = '\0';
	return len;
}

/* ---- The runner ------------------------------------------------------- */

void cb_run_start(struct cb_run *r, const struct cb_script *sc,
    const struct cb_script_facts *facts)
{
	memset(r, 0, sizeof *r);
	r->sc = sc;
	r->facts = facts;
	r->depth = 1;
	r->path[0] = 0;
}

const struct cb_script_step *cb_run_step(const struct cb_run *r)
{
	return &r->sc->steps[r->path[r->depth - 1]];
}

size_t cb_run_text(const struct cb_run *r, char *buf, size_t size)
{
	const struct cb_script_step *st = cb_run_step(r);
	return cb_script_render(st->say ? st->say : "", r->sc->language,
	    r->facts, r, buf, size);
}

const char *cb_run_answer_of(const struct cb_run *r, const char *key)
{
	for (size_t i = 0; i < r->nanswers; i++)
		if (strcmp(r->answers[i].key, key) == 0)
			return r->answers[i].value;
	return NULL;
}

/* The word of a choice given by its word or its number, copied to out. */
static bool choice_of(const char *choices, const char *text, char *out,
    size_t size)
{
	int number = 0, i = 1;
	if (cb_ascii_digit(text[0]) && text[1] == '\0')
		number = text[0] - '0';
	for (const char *p = choices; *p; i++) {
		size_t n = strcspn(p, "|");
		if ((number == i || (strlen(text) == n &&
		    strncmp(p, text, n) == 0)) && n < size) {
			memcpy(out, p, n);
			out[n] = '\0';
			return true;
		}
		p += n + (p[n] == '|');
	}
	return false;
}

/* Reads an answer by its question's type into its stored form. */
static int answer_read(const struct cb_script_ask *q,
    const struct cb_currency *cur, const char *text, char *out, size_t size,
    const char **why)
{
	int64_t minor;
	cb_day day;
	const char *bad = NULL;
	switch (q->type) {
	case CB_ANSWER_CHOICE:
		if (!choice_of(q->choices, text, out, size))
			bad = "not one of the choices";
		return bad ? cb_bad_input(why, bad) : CB_OK;
	case CB_ANSWER_AMOUNT:
		if (cur == NULL || cb_money_parse(text, cur, &minor, why) != CB_OK ||
		    minor <= 0)
			return cb_bad_input(why, "not an amount");
		cb_money_format_plain(minor, cur, out, size);
		return CB_OK;
	case CB_ANSWER_DATE:
		if (cb_day_parse(text, NULL, &day, NULL) != CB_OK)
			return cb_bad_input(why, "not a date (YYYY-MM-DD)");
		char iso[11];
		cb_day_format(day, iso);
		snprintf(out, size, "%s", iso);
		return CB_OK;
	case CB_ANSWER_TEXT:
		if (*text == '\0' || strlen(text) >= size)
			return cb_bad_input(why, "empty or too long");
		snprintf(out, size, "%s", text);
		return CB_OK;
	}
	return CB_ERR_INTERNAL;
}

/* The question key of step st, or NULL. */
static const struct cb_script_ask *step_ask(const struct cb_script_step *st,
    const char *key)
{
	for (size_t i = 0; i < st->nasks; i++)
		if (strcmp(st->asks[i].key, key) == 0)
			return &st->asks[i];
	return NULL;
}

int cb_run_answer(struct cb_run *r, const char *key, const char *text,
    const char **why)
{
	const struct cb_script_ask *q = step_ask(cb_run_step(r), key);
	char value[CB_ANSWER_MAX];
	if (q == NULL)
		return cb_bad_input(why, "no such question at this step");
	int rc = answer_read(q, r->facts->currency, text, value, sizeof value,
	    why);
	if (rc != CB_OK)
		return rc;
	size_t i = 0;
	while (i < r->nanswers && strcmp(r->answers[i].key, key) != 0)
		i++;
	if (i == CB_RUN_ANSWERS_MAX)
		return cb_bad_input(why, "too many answers for one call");
	if (i == r->nanswers)
		snprintf(r->answers[r->nanswers++].key, CB_SCRIPT_KEY_MAX + 1,
		    "%s", key);
	snprintf(r->answers[i].value, sizeof r->answers[i].value, "%s", value);
	return CB_OK;
}

int cb_run_choose(struct cb_run *r, int number, const char **why)
{
	const struct cb_script_step *st = cb_run_step(r);
	for (size_t i = 0; i < st->nasks; i++)
		if (cb_run_answer_of(r, st->asks[i].key) == NULL)
			return cb_bad_input(why, "a question is not answered");
	for (size_t i = 0; i < st->noptions; i++) {
		if (st->options[i].number != number)
			continue;
		if (r->depth == CB_RUN_PATH_MAX)
			return cb_bad_input(why, "the path is too long");
		r->path[r->depth++] = st->options[i].target;
		return CB_OK;
	}
	return cb_bad_input(why, "no such option");
}

int cb_run_back(struct cb_run *r)
{
	if (r->depth <= 1)
		return CB_ERR_NOTHING;
	r->depth--;
	return CB_OK;
}

const struct cb_outcome *cb_run_outcome(const struct cb_run *r)
{
	return cb_run_step(r)->end;
}

size_t cb_run_path(const struct cb_run *r, char *buf, size_t size)
{
	size_t len = 0;
	for (size_t i = 0; i < r->depth; i++) {
		int n = snprintf(buf + (len < size ? len : size),
		    len < size ? size - len : 0, "%s%s", i ? ">" : "",
		    r->sc->steps[r->path[i]].id);
		len += n > 0 ? (size_t)n : 0;
	}
	return len;
}

/* ---- Replaying what a log request says -------------------------------- */

static int replay_fail(char *why, size_t size, const char *fmt,
    const char *arg)
{
	snprintf(why, size, fmt, arg);
	return CB_ERR_INPUT;
}

/* Finds the answer key=value among the answers for the current step and
 * gives it to the runner. */
static int replay_answers(struct cb_run *r, const char *const *answers,
    size_t n, bool *used, char *why, size_t why_size)
{
	const struct cb_script_step *st = cb_run_step(r);
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(answers[i], '=');
		char key[CB_SCRIPT_KEY_MAX + 1];
		size_t klen = eq ? (size_t)(eq - answers[i]) : 0;
		if (used[i] || klen == 0 || klen > CB_SCRIPT_KEY_MAX)
			continue;
		memcpy(key, answers[i], klen);
		key[klen] = '\0';
		if (step_ask(st, key) == NULL)
			continue;
		const char *bad = NULL;
		if (cb_run_answer(r, key, eq + 1, &bad) != CB_OK) {
			snprintf(why, why_size, "answer %s: %s", key, bad);
			return CB_ERR_INPUT;
		}
		used[i] = true;
	}
	return CB_OK;
}

int cb_run_replay(struct cb_run *r, const char *path,
    const char *const *answers, size_t nanswers, const char *code,
    char *why, size_t why_size)
{
	bool used[CB_SCRIPT_STEPS_MAX] = { false };
	char ids[CB_RUN_PATH_MAX * (CB_SCRIPT_ID_MAX + 1)];
	size_t depth = 0;
	if (nanswers > CB_SCRIPT_STEPS_MAX)
		return replay_fail(why, why_size, "%s", "too many answers");
	snprintf(ids, sizeof ids, "%s", path);
	for (char *save = NULL, *id = strtok_r(ids, ">, ", &save); id;
	    id = strtok_r(NULL, ">, ", &save)) {
		int at = cb_script_find_step(r->sc, id);
		if (at < 0)
			return replay_fail(why, why_size,
			    "the script has no step '%s'", id);
		if (depth++ == 0) {
			if (at != 0)
				return replay_fail(why, why_size,
				    "the path starts at '%s', not at the first step",
				    id);
		} else {
			const struct cb_script_step *st = cb_run_step(r);
			int rc = replay_answers(r, answers, nanswers, used, why,
			    why_size);
			/* As in the runner, a step's questions are answered
			 * before it is left. */
			for (size_t q = 0; rc == CB_OK && q < st->nasks; q++)
				if (cb_run_answer_of(r, st->asks[q].key) == NULL)
					return replay_fail(why, why_size, "question '%s' "
					    "was left unanswered", st->asks[q].key);
			size_t i = 0;
			while (rc == CB_OK && i < st->noptions &&
			    st->options[i].target != at)
				i++;
			if (rc != CB_OK)
				return rc;
			if (i == st->noptions)
				return replay_fail(why, why_size,
				    "step '%s' does not follow from the one before",
				    id);
			if (r->depth == CB_RUN_PATH_MAX)
				return replay_fail(why, why_size, "%s",
				    "the path is too long");
			r->path[r->depth++] = at;
		}
	}
	int rc = replay_answers(r, answers, nanswers, used, why, why_size);
	for (size_t i = 0; rc == CB_OK && i < nanswers; i++)
		if (!used[i])
			return replay_fail(why, why_size,
			    "answer '%s' is to no question on the path", answers[i]);
	const struct cb_outcome *o = cb_outcome_find(code);
	for (size_t m = 0; rc == CB_OK && o &&
	    o->kind == CB_OUTCOME_CONVERSATION && m < r->sc->nsteps; m++) {
		bool taken = false;
		for (size_t i = 0; i < r->depth; i++)
			taken |= r->path[i] == (int)m;
		if (r->sc->steps[m].mandatory && !taken)
			return replay_fail(why, why_size,
			    "mandatory step '%s' was not taken", r->sc->steps[m].id);
	}
	return rc;
}
