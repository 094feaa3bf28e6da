/* strategy.c -- collection strategies: the text format and its steps. */
#include "strategy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "lines.h"

static const char *const kind_names[] = {
	"call", "letter", "email", "place", "review"
};

const char *cb_step_kind_name(enum cb_step_kind kind)
{
	return (unsigned)kind < 5 ? kind_names[kind] : "?";
}

const char *cb_language_of_country(const char *country)
{
	static const char spanish[] =
	    " AR BO CL CO CR CU DO EC ES GT HN MX NI PA PE PR PY SV UY VE ";
	char pad[5];
	if (country == NULL || strlen(country) != 2)
		return "en";
	snprintf(pad, sizeof pad, " %s ", country);
	return strstr(spanish, pad) ? "es" : "en";
}

/* ---- Parsing ---------------------------------------------------------- */

struct parse {
	struct cb_lines l;
	struct cb_strategy *st;
	struct cb_pool pool;
	unsigned segments;          /* the segments the steps go to now */
	unsigned segments_seen;
	struct cb_template *tpl;    /* the template being read, or NULL */
	size_t body_start;          /* where its body starts in the pool */
	bool seen_id;
};

static char *pool_dup(struct parse *ps, const char *s)
{
	return cb_pool_dup(&ps->pool, s);
}

static int too_long(struct parse *ps)
{
	return cb_lines_fail(&ps->l, "the strategy is too long");
}

/* "segment cumplidor parcial": where the following steps go. */
static int parse_segment(struct parse *ps, char *rest)
{
	ps->segments = 0;
	for (char *w; (w = cb_word(&rest)) != NULL; ) {
		enum cb_segment seg;
		if (cb_segment_parse(w, &seg) != CB_OK)
			return cb_lines_fail(&ps->l, "unknown segment '%s'", w);
		if (ps->segments_seen & 1u << seg)
			return cb_lines_fail(&ps->l, "segment '%s' has steps "
			    "already", cb_segment_name(seg));
		ps->segments |= 1u << seg;
	}
	if (ps->segments == 0)
		return cb_lines_fail(&ps->l, "'segment' takes one or more of "
		    "cumplidor, parcial, moroso");
	ps->segments_seen |= ps->segments;
	return CB_OK;
}

/* The action of a step: "call NAME [min N]", "letter T", "email T",
 * "place [AGENCY]", "review". */
static int parse_action(struct parse *ps, struct cb_strategy_step *s,
    char *rest)
{
	char *kind = cb_word(&rest), *name;
	size_t k = 0;
	while (kind && k < 5 && strcmp(kind, kind_names[k]) != 0)
		k++;
	if (kind == NULL || k == 5)
		return cb_lines_fail(&ps->l, "a step is call, letter, email, "
		    "place or review");
	s->kind = (enum cb_step_kind)k;
	if (s->kind == CB_STEP_PLACE) {
		s->name = pool_dup(ps, cb_rest(rest));
		return s->name ? CB_OK : too_long(ps);
	}
	if (s->kind == CB_STEP_REVIEW) {
		s->name = "";
		return *cb_rest(rest) ? cb_lines_fail(&ps->l, "'review' takes "
		    "nothing more") : CB_OK;
	}
	if ((name = cb_word(&rest)) == NULL || !cb_script_id_ok(name))
		return cb_lines_fail(&ps->l, "'%s' takes a name of lower-case "
		    "letters, digits, '-' and '_'", kind);
	char *min = cb_word(&rest);
	if (min) {
		int units;
		if (s->kind != CB_STEP_CALL || strcmp(min, "min") != 0 ||
		    !cb_read_int(cb_word(&rest), 0, 2000000000, &units) ||
		    *cb_rest(rest))
			return cb_lines_fail(&ps->l, s->kind == CB_STEP_CALL
			    ? "'call NAME' may be followed by 'min' and whole units"
			    : "'%s' takes one template name", kind);
		s->min_units = units;
	}
	s->name = pool_dup(ps, name);
	return s->name ? CB_OK : too_long(ps);
}

static int parse_day(struct parse *ps, char *rest)
{
	struct cb_strategy_step s = { .line = ps->l.line };
	if (ps->segments == 0)
		return cb_lines_fail(&ps->l, "'day' before any 'segment'");
	if (!cb_read_int(cb_word(&rest), -60, 1000, &s.day))
		return cb_lines_fail(&ps->l, "'day' takes a number of days "
		    "from the due date, -60 to 1000");
	int rc = parse_action(ps, &s, rest);
	for (int seg = 0; rc == CB_OK && seg < 3; seg++) {
		if (!(ps->segments & 1u << seg))
			continue;
		size_t *n = &ps->st->nsteps[seg];
		if (*n == CB_STRATEGY_STEPS_MAX)
			return cb_lines_fail(&ps->l, "at most %d steps per "
			    "segment", CB_STRATEGY_STEPS_MAX);
		if (*n && ps->st->steps[seg][*n - 1].day > s.day)
			return cb_lines_fail(&ps->l, "steps go in day order");
		ps->st->steps[seg][(*n)++] = s;
	}
	return rc;
}

/* "template NAME letter|email LANG" starts a template. */
static int parse_template(struct parse *ps, char *rest)
{
	char *name = cb_word(&rest), *channel = cb_word(&rest),
	    *lang = cb_word(&rest);
	struct cb_template *t = &ps->st->templates[ps->st->ntemplates];
	if (ps->st->ntemplates == CB_STRATEGY_TEMPLATES_MAX)
		return cb_lines_fail(&ps->l, "at most %d templates",
		    CB_STRATEGY_TEMPLATES_MAX);
	if (name == NULL || !cb_script_id_ok(name) || channel == NULL ||
	    (strcmp(channel, "letter") != 0 && strcmp(channel, "email") != 0) ||
	    lang == NULL || (strcmp(lang, "es") != 0 && strcmp(lang, "en") != 0) ||
	    *cb_rest(rest))
		return cb_lines_fail(&ps->l,
		    "'template' takes NAME, letter or email, and es or en");
	memset(t, 0, sizeof *t);
	t->channel = channel[0] == 'l' ? CB_CHANNEL_LETTER : CB_CHANNEL_EMAIL;
	memcpy(t->language, lang, 3);
	t->line = ps->l.line;
	if (cb_strategy_template(ps->st, name, t->channel, lang) &&
	    strcmp(cb_strategy_template(ps->st, name, t->channel,
	    lang)->language, lang) == 0)
		return cb_lines_fail(&ps->l, "template '%s' %s %s twice", name,
		    channel, lang);
	if ((t->name = pool_dup(ps, name)) == NULL)
		return too_long(ps);
	ps->st->ntemplates++;
	ps->tpl = t;
	ps->body_start = ps->pool.used;
	return CB_OK;
}

/* A line of a template: the subject of an e-mail first, then its body
 * verbatim up to a line holding only '.'. */
static int template_line(struct parse *ps, const char *line)
{
	struct cb_template *t = ps->tpl;
	if (t->channel == CB_CHANNEL_EMAIL && t->subject == NULL) {
		if (strncmp(line, "subject ", 8) != 0 || *(line + 8) == '\0')
			return cb_lines_fail(&ps->l, "an e-mail template starts "
			    "with 'subject TEXT'");
		t->subject = pool_dup(ps, line + 8);
		ps->body_start = ps->pool.used;
		return t->subject ? CB_OK : too_long(ps);
	}
	/* The body's lines follow one another in the pool, each ending in
	 * '\n'; the line '.' ends the body with a NUL. */
	if (strcmp(line, ".") == 0) {
		if (cb_pool_add(&ps->pool, "", 1) == NULL)
			return too_long(ps);
		t->body = ps->pool.buf + ps->body_start;
		ps->tpl = NULL;
	} else if (cb_pool_add(&ps->pool, line, strlen(line)) == NULL ||
	    cb_pool_add(&ps->pool, "\n", 1) == NULL) {
		return too_long(ps);
	}
	return CB_OK;
}

static int parse_line(struct parse *ps, char *line)
{
	if (ps->tpl)
		return template_line(ps, line);
	cb_lines_uncomment(line);
	char *rest = line, *word = cb_word(&rest);
	if (word == NULL)
		return CB_OK;
	if (strcmp(word, "day") == 0)
		return parse_day(ps, rest);
	if (strcmp(word, "segment") == 0)
		return parse_segment(ps, rest);
	if (strcmp(word, "template") == 0)
		return parse_template(ps, rest);
	if (strcmp(word, "strategy") == 0) {
		char *id = cb_rest(rest);
		if (ps->seen_id || !cb_script_id_ok(id))
			return cb_lines_fail(&ps->l, "'strategy' takes one id of "
			    "lower-case letters, digits, '-' and '_'");
		snprintf(ps->st->id, sizeof ps->st->id, "%s", id);
		ps->seen_id = true;
	} else if (strcmp(word, "name") == 0) {
		if ((ps->st->name = pool_dup(ps, cb_rest(rest))) == NULL)
			return too_long(ps);
	} else if (strcmp(word, "portfolios") == 0) {
		char *list = cb_rest(rest);
		if (*list == '\0')
			return cb_lines_fail(&ps->l, "'portfolios' takes codes or *");
		ps->st->portfolios = strcmp(list, "*") == 0 ? NULL
		    : pool_dup(ps, list);
	} else if (strcmp(word, "language") == 0) {
		char *lang = cb_rest(rest);
		if (strcmp(lang, "es") != 0 && strcmp(lang, "en") != 0)
			return cb_lines_fail(&ps->l, "'language' is es or en");
		memcpy(ps->st->language, lang, 3);
	} else {
		return cb_lines_fail(&ps->l, "unknown keyword '%s'", word);
	}
	return CB_OK;
}

/* The template of a step in language, exactly; NULL if none. */
static const struct cb_template *template_in(const struct cb_strategy *st,
    const struct cb_strategy_step *s, const char *language)
{
	const struct cb_template *t = cb_strategy_template(st, s->name,
	    s->kind == CB_STEP_LETTER ? CB_CHANNEL_LETTER : CB_CHANNEL_EMAIL,
	    language);
	return t && strcmp(t->language, language) == 0 ? t : NULL;
}

/* Every letter and e-mail step has its template in the strategy's
 * language, or in both when messages go in the debtor's language. */
static int check_steps(struct parse *ps)
{
	const struct cb_strategy *st = ps->st;
	for (int seg = 0; seg < 3; seg++)
		for (size_t i = 0; i < st->nsteps[seg]; i++) {
			const struct cb_strategy_step *s = &st->steps[seg][i];
			if (s->kind != CB_STEP_LETTER && s->kind != CB_STEP_EMAIL)
				continue;
			const char *missing = st->language[0]
			    ? (template_in(st, s, st->language) ? NULL : st->language)
			    : !template_in(st, s, "es") ? "es"
			    : !template_in(st, s, "en") ? "en" : NULL;
			if (missing)
				return cb_lines_fail_at(&ps->l, s->line,
				    "no %s template '%s' in %s%s",
				    cb_step_kind_name(s->kind), s->name, missing,
				    st->language[0] ? "" : " (with no 'language' line, "
				    "messages go in the debtor's language: es or en)");
		}
	return CB_OK;
}

/* Templates use the variables of an account only: no agent writes them,
 * nobody answers them. */
static int check_templates(struct parse *ps)
{
	const struct cb_strategy *st = ps->st;
	for (size_t i = 0; i < st->ntemplates; i++) {
		const struct cb_template *t = &st->templates[i];
		size_t len;
		const char *bad = t->subject ? cb_render_unknown(t->subject,
		    NULL, NULL, &len) : NULL;
		if (bad == NULL)
			bad = cb_render_unknown(t->body, NULL, NULL, &len);
		if (bad == NULL && (strstr(t->body, "{agent.name}") ||
		    (t->subject && strstr(t->subject, "{agent.name}")))) {
			bad = "agent.name";
			len = strlen(bad);
		}
		if (bad)
			return cb_lines_fail_at(&ps->l, t->line, len
			    ? "template '%s': unknown variable '{%.*s}'"
			    : "template '%s': '{' without '}'%.*s", t->name,
			    (int)len, bad);
	}
	return CB_OK;
}

int cb_strategy_parse(const char *text, size_t size, const char *name,
    struct cb_strategy **out, char *why, size_t why_size)
{
	struct parse *ps = calloc(1, sizeof *ps);
	struct cb_strategy *st = calloc(1, sizeof *st);
	char *line;
	int rc = CB_ERR_NOMEM;
	*out = NULL;
	if (ps == NULL || st == NULL || cb_pool_init(&ps->pool, size) != CB_OK)
		goto done;
	st->pool = ps->pool.buf;
	ps->st = st;
	cb_lines_init(&ps->l, text, size, name, why, why_size);
	while ((rc = cb_lines_next(&ps->l, &line)) == CB_OK)
		if ((rc = parse_line(ps, line)) != CB_OK)
			goto done;
	if (rc != CB_ERR_NOTHING)
		goto done;
	ps->l.line++;
	if (ps->tpl)
		rc = cb_lines_fail_at(&ps->l, ps->tpl->line, "template '%s' has "
		    "no line '.' to end it", ps->tpl->name);
	else if (!ps->seen_id)
		rc = cb_lines_fail(&ps->l, "no 'strategy ID' line");
	else if ((rc = check_steps(ps)) == CB_OK)
		rc = check_templates(ps);
	if (rc == CB_OK && st->name == NULL)
		st->name = st->id;
done:
	if (rc == CB_OK)
		*out = st;
	else
		cb_strategy_free(&st);
	free(ps);
	return rc;
}

void cb_strategy_free(struct cb_strategy **st)
{
	if (*st) {
		free((*st)->pool);
		free(*st);
		*st = NULL;
	}
}

/* ---- Using it --------------------------------------------------------- */

bool cb_strategy_covers(const struct cb_strategy *st, const char *portfolio)
{
	return st->portfolios == NULL || cb_listed(st->portfolios, portfolio);
}

const struct cb_strategy_step *cb_strategy_call(const struct cb_strategy *st,
    enum cb_segment segment, int dpd, int64_t balance,
    const struct cb_currency *cur)
{
	const struct cb_strategy_step *found = NULL;
	int64_t unit = 1;
	for (int i = 0; cur && i < cur->decimals; i++)
		unit *= 10;
	if ((unsigned)segment > 2)
		return NULL;
	for (size_t i = 0; i < st->nsteps[segment]; i++) {
		const struct cb_strategy_step *s = &st->steps[segment][i];
		if (s->day > dpd)
			break;
		if (s->kind == CB_STEP_CALL && balance >= s->min_units * unit)
			found = s;
	}
	return found;
}

const struct cb_template *cb_strategy_template(const struct cb_strategy *st,
    const char *name, enum cb_channel channel, const char *language)
{
	const struct cb_template *any = NULL;
	for (size_t i = 0; i < st->ntemplates; i++) {
		const struct cb_template *t = &st->templates[i];
		if (t->channel != channel || strcmp(t->name, name) != 0)
			continue;
		if (strcmp(t->language, language) == 0)
			return t;
		if (any == NULL)
			any = t;
	}
	return any;
}
