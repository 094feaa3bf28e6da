/* script.c -- call scripts: the text format and its checks. */
#include "script.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "error.h"
#include "lines.h"

/* ---- Variables -------------------------------------------------------- */

enum var_kind { VAR_TEXT, VAR_MONEY, VAR_INT, VAR_DAY };

static const struct variable {
	const char *name;
	enum var_kind kind;
} variables[] = {
	{ "debtor.name", VAR_TEXT }, { "debtor.id", VAR_TEXT },
	{ "debtor.address", VAR_TEXT }, { "debtor.city", VAR_TEXT },
	{ "debtor.region", VAR_TEXT },
	{ "portfolio.name", VAR_TEXT }, { "agent.name", VAR_TEXT },
	{ "segment", VAR_TEXT }, { "today", VAR_DAY },
	{ "balance", VAR_MONEY }, { "overdue.count", VAR_INT },
	{ "overdue.amount", VAR_MONEY }, { "oldest.dpd", VAR_INT },
	{ "oldest.due_date", VAR_DAY }, { "oldest.amount", VAR_MONEY },
	{ "oldest.invoice", VAR_TEXT }, { "promise.amount", VAR_MONEY },
	{ "promise.date", VAR_DAY },
};

static const struct variable *variable_find(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof variables / sizeof variables[0]; i++)
		if (strlen(variables[i].name) == len &&
		    memcmp(variables[i].name, name, len) == 0)
			return &variables[i];
	return NULL;
}

/* ---- Parsing ---------------------------------------------------------- */

struct parse {
	struct cb_lines l;
	struct cb_script *sc;
	struct cb_pool pool;
	char *says[CB_SCRIPT_STEPS_MAX]; /* each step's text as it is read */
	unsigned *say_lines[CB_SCRIPT_STEPS_MAX]; /* and the line of each of
	                                           * its lines */
	/* Option targets by name until every step is known. */
	const char *target[CB_SCRIPT_STEPS_MAX][CB_SCRIPT_OPTIONS_MAX + 1];
	bool seen_script, seen_language;
	unsigned when_seen; /* bit per kind of `when` line given */
};

static char *pool_dup(struct parse *ps, const char *s)
{
	return cb_pool_dup(&ps->pool, s);
}

/* Adds a line to a step's text, kept apart until the whole script is
 * read (say_finish), since other lines of the step may come between. */
static int say_add(struct parse *ps, struct cb_script_step *st,
    const char *text)
{
	size_t at = (size_t)(st - ps->sc->steps), n = strlen(text), count = 0;
	size_t old = ps->says[at] ? strlen(ps->says[at]) + 1 : 0;
	for (size_t i = 0; i < old; i++)
		count += ps->says[at][i] == '\n' || ps->says[at][i] == '\0';
	unsigned *lines = realloc(ps->say_lines[at], (count + 1) * sizeof *lines);
	if (lines == NULL)
		return CB_ERR_NOMEM;
	lines[count] = ps->l.line;
	ps->say_lines[at] = lines;
	char *grown = realloc(ps->says[at], old + n + 1);
	if (grown == NULL)
		return CB_ERR_NOMEM;
	if (old)
		grown[old - 1] = '\n';
	else
		st->say_line = ps->l.line;
	memcpy(grown + old, text, n + 1);
	ps->says[at] = grown;
	return CB_OK;
}

/* Moves the steps' texts into the script's pool. */
static int say_finish(struct parse *ps)
{
	for (size_t i = 0; i < ps->sc->nsteps; i++)
		if (ps->says[i] &&
		    (ps->sc->steps[i].say = pool_dup(ps, ps->says[i])) == NULL)
			return cb_lines_fail(&ps->l, "the script is too long");
	return CB_OK;
}

bool cb_script_id_ok(const char *id)
{
	size_t n = 0;
	for (; id[n]; n++)
		if (!(id[n] >= 'a' && id[n] <= 'z') && !cb_ascii_digit(id[n]) &&
		    id[n] != '-' && id[n] != '_')
			return false;
	return n >= 1 && n <= CB_SCRIPT_ID_MAX;
}

int cb_script_find_step(const struct cb_script *sc, const char *id)
{
	for (size_t i = 0; i < sc->nsteps; i++)
		if (strcmp(sc->steps[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* The question asking key anywhere in the script, or NULL. */
static const struct cb_script_ask *ask_find(const struct cb_script *sc,
    const char *key, size_t len)
{
	for (size_t i = 0; i < sc->nsteps; i++)
		for (size_t j = 0; j < sc->steps[i].nasks; j++)
			if (strlen(sc->steps[i].asks[j].key) == len &&
			    memcmp(sc->steps[i].asks[j].key, key, len) == 0)
				return &sc->steps[i].asks[j];
	return NULL;
}

const char *cb_render_unknown(const char *text,
    bool (*answer_ok)(const char *key, size_t len, void *arg), void *arg,
    size_t *len)
{
	for (const char *p = text; (p = strchr(p, '{')) != NULL; ) {
		if (p[1] == '{') {
			p += 2;
			continue;
		}
		const char *close = strchr(p, '}');
		if (close == NULL) {
			*len = 0;
			return p;
		}
		const char *name = p + 1;
		size_t n = (size_t)(close - name);
		bool answer = n > 7 && memcmp(name, "answer.", 7) == 0;
		if (answer ? answer_ok == NULL || !answer_ok(name + 7, n - 7, arg)
		           : variable_find(name, n) == NULL) {
			*len = n;
			return name;
		}
		p = close + 1;
	}
	return NULL;
}

static bool asked(const char *key, size_t len, void *arg)
{
	return ask_find(arg, key, len) != NULL;
}

/* Checks the variables of a text: each known, or the answer to a question
 * of the script.  A text of several lines (a step's say lines) gives the
 * line of each in lines, so that the fault is reported on its own. */
static int check_variables(struct parse *ps, const char *text, unsigned line,
    const unsigned *lines)
{
	size_t len, k = 0;
	const char *bad = cb_render_unknown(text, asked, ps->sc, &len);
	if (bad == NULL)
		return CB_OK;
	for (const char *p = text; p < bad; p++)
		k += *p == '\n';
	if (lines)
		line = lines[k];
	if (len == 0)
		return cb_lines_fail_at(&ps->l, line, "'{' without '}'");
	if (len > 7 && memcmp(bad, "answer.", 7) == 0)
		return cb_lines_fail_at(&ps->l, line, "no question asks '%.*s'",
		    (int)len - 7, bad + 7);
	return cb_lines_fail_at(&ps->l, line, "unknown variable '{%.*s}'",
	    (int)len, bad);
}

static struct cb_script_step *current_step(struct parse *ps)
{
	return ps->sc->nsteps ? &ps->sc->steps[ps->sc->nsteps - 1] : NULL;
}

static int parse_when(struct parse *ps, char *rest)
{
	struct cb_script_when *w = &ps->sc->when;
	char *what = cb_word(&rest), *list = cb_rest(rest);
	if (what == NULL || *list == '\0')
		return cb_lines_fail(&ps->l,
		    "'when' needs segment, dpd, portfolio or stage and values");
	static const char *const kinds[] = { "segment", "dpd", "portfolio",
		"stage" };
	for (unsigned k = 0; k < 4; k++)
		if (strcmp(what, kinds[k]) == 0 && (ps->when_seen & 1u << k))
			return cb_lines_fail(&ps->l, "'when %s' twice: give its "
			    "values on one line", what);
		else if (strcmp(what, kinds[k]) == 0)
			ps->when_seen |= 1u << k;
	if (strcmp(what, "segment") == 0) {
		for (char *s; (s = cb_word(&list)) != NULL; ) {
			enum cb_segment seg;
			if (cb_segment_parse(s, &seg) != CB_OK)
				return cb_lines_fail(&ps->l, "unknown segment '%s'", s);
			w->segments |= 1u << seg;
		}
	} else if (strcmp(what, "dpd") == 0) {
		char *dots = strstr(list, "..");
		if (dots == NULL)
			return cb_lines_fail(&ps->l, "'when dpd' takes FROM..TO");
		*dots = '\0';
		w->dpd_from = -100000;
		w->dpd_to = 100000;
		if ((*list && !cb_read_int(list, -100000, 100000, &w->dpd_from)) ||
		    (dots[2] && !cb_read_int(dots + 2, -100000, 100000, &w->dpd_to)) ||
		    w->dpd_from > w->dpd_to)
			return cb_lines_fail(&ps->l, "'when dpd' takes FROM..TO");
		w->has_dpd = true;
	} else if (strcmp(what, "portfolio") == 0) {
		w->portfolios = pool_dup(ps, list);
	} else if (strcmp(what, "stage") == 0) {
		w->stages = pool_dup(ps, list);
	} else {
		return cb_lines_fail(&ps->l, "unknown condition '%s'", what);
	}
	w->conditions++;
	return CB_OK;
}

static int parse_ask(struct parse *ps, struct cb_script_step *st, char *rest)
{
	static const char *const types[] = { "choice", "amount", "date", "text" };
	char *key = cb_word(&rest), *type = cb_word(&rest);
	struct cb_script_ask a = { .line = ps->l.line };
	size_t t = 0;
	if (key == NULL || type == NULL)
		return cb_lines_fail(&ps->l, "'ask' takes KEY TYPE PROMPT");
	if (!cb_script_id_ok(key) || strlen(key) > CB_SCRIPT_KEY_MAX)
		return cb_lines_fail(&ps->l, "bad answer key '%s'", key);
	while (t < 4 && strcmp(type, types[t]) != 0)
		t++;
	if (t == 4)
		return cb_lines_fail(&ps->l,
		    "unknown answer type '%s' (choice, amount, date, text)", type);
	a.type = (enum cb_answer_type)t;
	if (a.type == CB_ANSWER_CHOICE) {
		char *choices = cb_word(&rest);
		if (choices == NULL || strchr(choices, '|') == NULL)
			return cb_lines_fail(&ps->l,
			    "'ask KEY choice' takes its words as a|b|c");
		a.choices = pool_dup(ps, choices);
	}
	const struct cb_script_ask *before = ask_find(ps->sc, key, strlen(key));
	if (before && before->type != a.type)
		return cb_lines_fail(&ps->l,
		    "'%s' is asked at line %u as another type", key, before->line);
	if (st->nasks == CB_SCRIPT_ASKS_MAX)
		return cb_lines_fail(&ps->l, "a step asks at most %d questions",
		    CB_SCRIPT_ASKS_MAX);
	a.key = pool_dup(ps, key);
	a.prompt = pool_dup(ps, cb_rest(rest));
	if (a.key == NULL || a.prompt == NULL || (a.type == CB_ANSWER_CHOICE &&
	    a.choices == NULL))
		return cb_lines_fail(&ps->l, "the script is too long");
	st->asks[st->nasks++] = a;
	return CB_OK;
}

/* "option N LABEL -> STEP", or "next STEP" (number 0). */
static int parse_option(struct parse *ps, struct cb_script_step *st,
    char *rest, bool next)
{
	struct cb_script_option o = { .line = ps->l.line, .target = -1 };
	char *target;
	if (next) {
		target = cb_word(&rest);
		if (target == NULL || *cb_rest(rest))
			return cb_lines_fail(&ps->l, "'next' takes one step");
	} else {
		char *number = cb_word(&rest), *arrow = strstr(rest, "->");
		if (!cb_read_int(number, 1, CB_SCRIPT_OPTIONS_MAX, &o.number) ||
		    arrow == NULL)
			return cb_lines_fail(&ps->l,
			    "'option' takes a number 1-9, a label, '->' and a step");
		*arrow = '\0';
		target = cb_rest(arrow + 2);
		if (*cb_rest(rest) == '\0' || *target == '\0' ||
		    strchr(target, ' '))
			return cb_lines_fail(&ps->l,
			    "'option' takes a number 1-9, a label, '->' and a step");
		o.label = pool_dup(ps, cb_rest(rest));
	}
	for (size_t i = 0; i < st->noptions; i++)
		if (st->options[i].number == o.number)
			return cb_lines_fail(&ps->l, o.number ? "option %d twice"
			    : "'next' twice", o.number);
	size_t at = st->noptions++;
	ps->target[ps->sc->nsteps - 1][at] = pool_dup(ps, target);
	if ((!next && o.label == NULL) ||
	    ps->target[ps->sc->nsteps - 1][at] == NULL)
		return cb_lines_fail(&ps->l, "the script is too long");
	st->options[at] = o;
	return CB_OK;
}

static int parse_step(struct parse *ps, char *rest)
{
	char *id = cb_word(&rest), *flag = cb_word(&rest);
	if (id == NULL || !cb_script_id_ok(id))
		return cb_lines_fail(&ps->l,
		    "'step' takes an id of letters, digits, '-' and '_'");
	if (flag && (strcmp(flag, "mandatory") != 0 || *cb_rest(rest)))
		return cb_lines_fail(&ps->l, "'step ID' may be followed by "
		    "'mandatory' only");
	if (cb_script_find_step(ps->sc, id) >= 0)
		return cb_lines_fail(&ps->l, "step '%s' twice", id);
	if (ps->sc->nsteps == CB_SCRIPT_STEPS_MAX)
		return cb_lines_fail(&ps->l, "at most %d steps",
		    CB_SCRIPT_STEPS_MAX);
	struct cb_script_step *st = &ps->sc->steps[ps->sc->nsteps++];
	memset(st, 0, sizeof *st);
	st->line = ps->l.line;
	st->mandatory = flag != NULL;
	st->id = pool_dup(ps, id);
	return st->id ? CB_OK : cb_lines_fail(&ps->l, "the script is too long");
}

/* The lines inside a step. */
static int parse_step_line(struct parse *ps, const char *word, char *rest)
{
	struct cb_script_step *st = current_step(ps);
	if (st == NULL)
		return cb_lines_fail(&ps->l, "'%s' before the first step", word);
	if (strcmp(word, "say") == 0)
		return say_add(ps, st, cb_rest(rest));
	if (strcmp(word, "ask") == 0)
		return parse_ask(ps, st, rest);
	if (strcmp(word, "option") == 0 || strcmp(word, "next") == 0)
		return parse_option(ps, st, rest, word[0] == 'n');
	/* end */
	char *code = cb_word(&rest);
	if (code == NULL || *cb_rest(rest) ||
	    (st->end = cb_outcome_find(code)) == NULL)
		return cb_lines_fail(&ps->l, "'end' takes an outcome code");
	return CB_OK;
}

static int parse_line(struct parse *ps, char *line)
{
	char *rest = line, *word = cb_word(&rest);
	if (word == NULL || word[0] == '#')
		return CB_OK;
	if (strcmp(word, "say") == 0 || strcmp(word, "ask") == 0 ||
	    strcmp(word, "option") == 0 || strcmp(word, "next") == 0 ||
	    strcmp(word, "end") == 0)
		return parse_step_line(ps, word, rest);
	if (strcmp(word, "step") == 0)
		return parse_step(ps, rest);
	if (ps->sc->nsteps > 0)
		return cb_lines_fail(&ps->l, "'%s' after the first step", word);
	if (strcmp(word, "script") == 0) {
		char *id = cb_rest(rest);
		if (ps->seen_script || !cb_script_id_ok(id))
			return cb_lines_fail(&ps->l, "'script' takes one id of "
			    "lower-case letters, digits, '-' and '_'");
		snprintf(ps->sc->id, sizeof ps->sc->id, "%s", id);
		ps->seen_script = true;
	} else if (strcmp(word, "name") == 0) {
		ps->sc->name = pool_dup(ps, cb_rest(rest));
	} else if (strcmp(word, "language") == 0) {
		char *lang = cb_rest(rest);
		if (strcmp(lang, "es") != 0 && strcmp(lang, "en") != 0)
			return cb_lines_fail(&ps->l, "'language' is es or en");
		memcpy(ps->sc->language, lang, 3);
		ps->seen_language = true;
	} else if (strcmp(word, "when") == 0) {
		return parse_when(ps, rest);
	} else {
		return cb_lines_fail(&ps->l, "unknown keyword '%s'", word);
	}
	return CB_OK;
}

/* ---- Checks of the whole ---------------------------------------------- */

/* Marks in seen[] the steps reachable from the first one without passing
 * through step avoid (-1: none). */
static void reach(const struct cb_script *sc, int avoid, bool *seen)
{
	int stack[CB_SCRIPT_STEPS_MAX];
	size_t n = 0;
	memset(seen, 0, sc->nsteps * sizeof *seen);
	if (avoid == 0)
		return;
	seen[0] = true;
	stack[n++] = 0;
	while (n > 0) {
		const struct cb_script_step *st = &sc->steps[stack[--n]];
		for (size_t i = 0; i < st->noptions; i++) {
			int t = st->options[i].target;
			if (t != avoid && !seen[t]) {
				seen[t] = true;
				stack[n++] = t;
			}
		}
	}
}

/* True when an end can be reached from step i. */
static bool reaches_end(const struct cb_script *sc, int from)
{
	bool seen[CB_SCRIPT_STEPS_MAX] = { false };
	int stack[CB_SCRIPT_STEPS_MAX];
	size_t n = 0;
	seen[from] = true;
	stack[n++] = from;
	while (n > 0) {
		const struct cb_script_step *st = &sc->steps[stack[--n]];
		if (st->end)
			return true;
		for (size_t i = 0; i < st->noptions; i++)
			if (!seen[st->options[i].target]) {
				seen[st->options[i].target] = true;
				stack[n++] = st->options[i].target;
			}
	}
	return false;
}

static int resolve_targets(struct parse *ps)
{
	struct cb_script *sc = ps->sc;
	for (size_t i = 0; i < sc->nsteps; i++) {
		struct cb_script_step *st = &sc->steps[i];
		for (size_t j = 0; j < st->noptions; j++) {
			st->options[j].target = cb_script_find_step(sc,
			    ps->target[i][j]);
			if (st->options[j].target < 0)
				return cb_lines_fail_at(&ps->l, st->options[j].line,
				    "unknown step '%s'", ps->target[i][j]);
		}
		if (st->end && st->noptions)
			return cb_lines_fail_at(&ps->l, st->line,
			    "step '%s' both ends and goes on", st->id);
		if (!st->end && !st->noptions)
			return cb_lines_fail_at(&ps->l, st->line,
			    "step '%s' has no way out (no option, next or end)",
			    st->id);
	}
	return CB_OK;
}

static int check_graph(struct parse *ps)
{
	const struct cb_script *sc = ps->sc;
	bool seen[CB_SCRIPT_STEPS_MAX];
	reach(sc, -1, seen);
	for (size_t i = 0; i < sc->nsteps; i++) {
		if (!seen[i])
			return cb_lines_fail_at(&ps->l, sc->steps[i].line,
			    "step '%s' cannot be reached", sc->steps[i].id);
		if (!reaches_end(sc, (int)i))
			return cb_lines_fail_at(&ps->l, sc->steps[i].line,
			    "step '%s' has no way out (no end can be reached "
			    "from it)", sc->steps[i].id);
	}
	for (size_t m = 0; m < sc->nsteps; m++) {
		if (!sc->steps[m].mandatory)
			continue;
		reach(sc, (int)m, seen);
		for (size_t i = 0; i < sc->nsteps; i++) {
			const struct cb_outcome *end = sc->steps[i].end;
			if (seen[i] && end && end->kind == CB_OUTCOME_CONVERSATION)
				return cb_lines_fail_at(&ps->l, sc->steps[m].line,
				    "mandatory step '%s' can be bypassed: step '%s' "
				    "(%s) is reached without it", sc->steps[m].id,
				    sc->steps[i].id, end->code);
		}
	}
	return CB_OK;
}

static int check_texts(struct parse *ps)
{
	const struct cb_script *sc = ps->sc;
	for (size_t i = 0; i < sc->nsteps; i++) {
		const struct cb_script_step *st = &sc->steps[i];
		int rc = st->say ? check_variables(ps, st->say, st->say_line,
		    ps->say_lines[i]) : CB_OK;
		for (size_t j = 0; rc == CB_OK && j < st->nasks; j++)
			rc = check_variables(ps, st->asks[j].prompt,
			    st->asks[j].line, NULL);
		for (size_t j = 0; rc == CB_OK && j < st->noptions; j++)
			if (st->options[j].label)
				rc = check_variables(ps, st->options[j].label,
				    st->options[j].line, NULL);
		if (rc != CB_OK)
			return rc;
	}
	return CB_OK;
}

int cb_script_parse(const char *text, size_t size, const char *name,
    struct cb_script **out, char *why, size_t why_size)
{
	struct parse *ps = calloc(1, sizeof *ps);
	struct cb_script *sc = calloc(1, sizeof *sc);
	char *line;
	int rc = CB_ERR_NOMEM;
	*out = NULL;
	if (ps == NULL || sc == NULL || cb_pool_init(&ps->pool, size) != CB_OK)
		goto done;
	sc->pool = ps->pool.buf;
	ps->sc = sc;
	cb_lines_init(&ps->l, text, size, name, why, why_size);
	while ((rc = cb_lines_next(&ps->l, &line)) == CB_OK)
		if ((rc = parse_line(ps, line)) != CB_OK)
			goto done;
	if (rc != CB_ERR_NOTHING)
		goto done;
	ps->l.line++;
	if (!ps->seen_script)
		rc = cb_lines_fail(&ps->l, "no 'script ID' line");
	else if (!ps->seen_language)
		rc = cb_lines_fail(&ps->l, "no 'language es|en' line");
	else if (sc->nsteps == 0)
		rc = cb_lines_fail(&ps->l, "no step");
	else if ((rc = say_finish(ps)) == CB_OK &&
	    (rc = resolve_targets(ps)) == CB_OK &&
	    (rc = check_graph(ps)) == CB_OK)
		rc = check_texts(ps);
	if (rc == CB_OK && sc->name == NULL)
		sc->name = sc->id;
done:
	if (rc == CB_OK)
		*out = sc;
	else
		cb_script_free(&sc);
	for (size_t i = 0; ps && i < CB_SCRIPT_STEPS_MAX; i++) {
		free(ps->says[i]);
		free(ps->say_lines[i]);
	}
	free(ps);
	return rc;
}

void cb_script_free(struct cb_script **sc)
{
	if (*sc) {
		free((*sc)->pool);
		free(*sc);
		*sc = NULL;
	}
}

/* ---- Choosing --------------------------------------------------------- */

bool cb_script_matches(const struct cb_script *sc,
    const struct cb_script_facts *f)
{
	const struct cb_script_when *w = &sc->when;
	if (w->segments && !(w->segments & 1u << f->segment))
		return false;
	if (w->has_dpd && (f->oldest_due == CB_DAY_NONE ||
	    f->oldest_dpd < w->dpd_from || f->oldest_dpd > w->dpd_to))
		return false;
	if (w->portfolios && !cb_listed(w->portfolios, f->portfolio))
		return false;
	return w->stages == NULL || cb_listed(w->stages, f->stage);
}
