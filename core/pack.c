/* pack.c -- a rule pack: its text format and its holiday calendar. */
#include "pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "error.h"
#include "lines.h"
#include "outcome.h"
#include "work.h"

static const char *const channel_names[CB_CHANNEL_COUNT] = {
	"call", "letter", "email", "sms"
};

static const char *const weekday_names[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

const char *cb_channel_name(enum cb_channel ch)
{
	return (unsigned)ch < CB_CHANNEL_COUNT ? channel_names[ch] : "?";
}

bool cb_pack_code_ok(const char *code)
{
	size_t n = 0;
	for (; code[n]; n++)
		if (!cb_ascii_alpha(code[n]) && !cb_ascii_digit(code[n]) &&
		    code[n] != '-' && code[n] != '_')
			return false;
	return n >= 1 && n <= CB_PACK_CODE_MAX;
}

/* ---- Parsing ---------------------------------------------------------- */

struct parse {
	struct cb_lines *l;
	struct cb_pack *p;
	bool seen_days, seen_hours;
};

static int weekday_of(const char *text, size_t n)
{
	for (int i = 0; i < 7; i++)
		if (n == 3 && strncasecmp(text, weekday_names[i], 3) == 0)
			return i;
	return -1;
}

/* "mon-sat", "mon,wed,fri", "sat-mon" (wrapping). */
static int parse_days(struct parse *ps, char *spec)
{
	unsigned days = 0;
	for (char *part = strtok(spec, ","); part; part = strtok(NULL, ",")) {
		char *dash = strchr(part, '-');
		int from = weekday_of(part, dash ? (size_t)(dash - part) : strlen(part));
		int to = dash ? weekday_of(dash + 1, strlen(dash + 1)) : from;
		if (from < 0 || to < 0)
			return cb_lines_fail(ps->l, "days: '%s' is not a day or range of "
			    "days (mon, tue, wed, thu, fri, sat, sun)", part);
		for (int d = from;; d = (d + 1) % 7) {
			days |= 1u << d;
			if (d == to)
				break;
		}
	}
	if (days == 0)
		return cb_lines_fail(ps->l, "days: no day given");
	ps->p->days = days;
	ps->seen_days = true;
	return CB_OK;
}

/* "HH:MM" as minutes after midnight; 24:00 is the end of the day. */
static bool read_clock(const char *text, int *out)
{
	int h, m;
	if (strlen(text) != 5 || text[2] != ':' || !cb_ascii_digit(text[0]) ||
	    !cb_ascii_digit(text[1]) || !cb_ascii_digit(text[3]) ||
	    !cb_ascii_digit(text[4]))
		return false;
	h = (text[0] - '0') * 10 + text[1] - '0';
	m = (text[3] - '0') * 10 + text[4] - '0';
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return false;
	*out = h * 60 + m;
	return true;
}

static int parse_hours(struct parse *ps, char *spec)
{
	char *dash = spec ? strchr(spec, '-') : NULL;
	if (dash == NULL)
		return cb_lines_fail(ps->l, "hours: expected HH:MM-HH:MM");
	*dash = '\0';
	if (!read_clock(spec, &ps->p->open_minute) ||
	    !read_clock(dash + 1, &ps->p->close_minute))
		return cb_lines_fail(ps->l, "hours: expected HH:MM-HH:MM");
	if (ps->p->open_minute >= ps->p->close_minute)
		return cb_lines_fail(ps->l, "hours: the window closes before it opens");
	ps->seen_hours = true;
	return CB_OK;
}

/* "PTP NA BZ": the codes as bits of cb_outcomes[]. */
static int parse_codes(struct parse *ps, char *rest, uint32_t *out)
{
	char *w;
	*out = 0;
	while ((w = cb_word(&rest)) != NULL) {
		const struct cb_outcome *o = cb_outcome_find(w);
		if (o == NULL)
			return cb_lines_fail(ps->l, "'%s' is not an outcome code", w);
		if (o->kind == CB_OUTCOME_STOP)
			return cb_lines_fail(ps->l, "%s stops the account; it is not a call",
			    o->code);
		*out |= 1u << (o - cb_outcomes);
	}
	return CB_OK;
}

/* "7 days" or, where hours are allowed, "12 hours": in hours. */
static bool read_span(char **rest, bool hours_ok, int max_days, int *out)
{
	int n;
	char *num = cb_word(rest), *unit = cb_word(rest);
	if (!cb_read_int(num, 0, 24 * max_days, &n) || unit == NULL)
		return false;
	if (strcmp(unit, "days") == 0 || strcmp(unit, "day") == 0)
		return n <= max_days && (*out = n * 24, true);
	if (hours_ok && (strcmp(unit, "hours") == 0 || strcmp(unit, "hour") == 0))
		return (*out = n, true);
	return false;
}

static const struct {
	const char *word;
	unsigned channels;
	bool conversations;
} limit_words[] = {
	{ "calls", 1u << CB_CHANNEL_CALL, false },
	{ "conversations", 1u << CB_CHANNEL_CALL, true },
	{ "letters", 1u << CB_CHANNEL_LETTER, false },
	{ "emails", 1u << CB_CHANNEL_EMAIL, false },
	{ "sms", 1u << CB_CHANNEL_SMS, false },
	{ "messages", 1u << CB_CHANNEL_LETTER | 1u << CB_CHANNEL_EMAIL |
	    1u << CB_CHANNEL_SMS, false },
};

/* "calls 1 per 7 days", "messages 2 per 7 days gap 2 days". */
static int parse_limit(struct parse *ps, char *rest)
{
	struct cb_limit l = { 0 };
	char *what = cb_word(&rest), *count = cb_word(&rest);
	char *per = cb_word(&rest), *gap;
	int hours;
	for (size_t i = 0; what && i < sizeof limit_words / sizeof limit_words[0]; i++)
		if (strcmp(what, limit_words[i].word) == 0) {
			l.channels = limit_words[i].channels;
			l.conversations = limit_words[i].conversations;
		}
	if (l.channels == 0)
		return cb_lines_fail(ps->l, "limit: '%s' is not calls, conversations, "
		    "letters, emails, sms or messages", what ? what : "");
	if (!cb_read_int(count, 1, CB_WORK_CONTACTS_MAX - 1, &l.count))
		return cb_lines_fail(ps->l, "limit: the count must be 1 to %d",
		    CB_WORK_CONTACTS_MAX - 1);
	if (per == NULL || strcmp(per, "per") != 0 ||
	    !read_span(&rest, false, CB_CONTACT_DAYS, &hours) || hours == 0)
		return cb_lines_fail(ps->l, "limit: expected 'N per D days' with D from "
		    "1 to %d", CB_CONTACT_DAYS);
	l.window_days = hours / 24;
	if ((gap = cb_word(&rest)) != NULL &&
	    (strcmp(gap, "gap") != 0 || !read_span(&rest, true, 30,
	    &l.gap_hours)))
		return cb_lines_fail(ps->l, "limit: expected 'gap G days' or 'gap G "
		    "hours' after the window");
	if (cb_word(&rest) != NULL)
		return cb_lines_fail(ps->l, "limit: unexpected words at the end");
	if (ps->p->nlimits == CB_PACK_LIMITS_MAX)
		return cb_lines_fail(ps->l, "limit: at most %d limits", CB_PACK_LIMITS_MAX);
	ps->p->limits[ps->p->nlimits++] = l;
	return CB_OK;
}

/* "12-25", "easter-2", "02-mon1", "2026-06-29". */
static int parse_holiday(struct parse *ps, char *rest)
{
	struct cb_holiday h = { 0 };
	char *spec = cb_word(&rest), *name = cb_rest(rest);
	size_t n = spec ? strlen(spec) : 0;
	int y, m, d;
	if (spec == NULL || *name == '\0')
		return cb_lines_fail(ps->l, "holiday: expected a day and a name");
	if (strlen(name) >= sizeof h.name)
		return cb_lines_fail(ps->l, "holiday: the name is longer than %zu bytes",
		    sizeof h.name - 1);
	if (strncmp(spec, "easter", 6) == 0 && (spec[6] == '+' || spec[6] == '-') &&
	    cb_read_int(spec + 7, 0, 100, &h.offset)) {
		h.kind = CB_HOLIDAY_EASTER;
		h.offset *= spec[6] == '-' ? -1 : 1;
	} else if (n == 10 && sscanf(spec, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
	    spec[4] == '-' && spec[7] == '-' &&
	    cb_day_from_ymd(y, m, d, &h.day) == CB_OK) {
		h.kind = CB_HOLIDAY_DATE;
	} else if (n == 5 && sscanf(spec, "%2d-%2d", &m, &d) == 2 && spec[2] == '-' &&
	    cb_day_from_ymd(2000, m, d, &h.day) == CB_OK) {
		h.kind = CB_HOLIDAY_FIXED;
		h.month = m;
		h.mday = d;
	} else if (n == 7 && spec[2] == '-' && sscanf(spec, "%2d", &m) == 1 &&
	    m >= 1 && m <= 12 && (h.weekday = weekday_of(spec + 3, 3)) >= 0 &&
	    spec[6] >= '1' && spec[6] <= '5') {
		h.kind = CB_HOLIDAY_NTH;
		h.month = m;
		h.nth = spec[6] - '0';
	} else {
		return cb_lines_fail(ps->l, "holiday: '%s' is not MM-DD, easter+N, "
		    "easter-N, MM-dddN or YYYY-MM-DD", spec);
	}
	if (ps->p->nholidays == CB_PACK_HOLIDAYS_MAX)
		return cb_lines_fail(ps->l, "holiday: at most %d holidays",
		    CB_PACK_HOLIDAYS_MAX);
	snprintf(h.name, sizeof h.name, "%s", name);
	ps->p->holidays[ps->p->nholidays++] = h;
	return CB_OK;
}

/* "7 days" after a keyword. */
static int parse_days_value(struct parse *ps, char *rest, const char *what,
    int *out)
{
	int hours;
	if (!read_span(&rest, false, 3660, &hours) || cb_word(&rest))
		return cb_lines_fail(ps->l, "%s: expected 'D days'", what);
	*out = hours / 24;
	return CB_OK;
}

static int parse_countries(struct parse *ps, char *rest)
{
	char *w, *out = ps->p->countries;
	size_t used = 0;
	while ((w = cb_word(&rest)) != NULL) {
		if (strlen(w) != 2 || !cb_ascii_alpha(w[0]) || !cb_ascii_alpha(w[1]))
			return cb_lines_fail(ps->l, "countries: '%s' is not a two-letter "
			    "country code", w);
		if (used + 4 > sizeof ps->p->countries)
			return cb_lines_fail(ps->l, "countries: too many");
		used += (size_t)sprintf(out + used, "%s%c%c", used ? " " : "",
		    cb_ascii_upper(w[0]), cb_ascii_upper(w[1]));
	}
	return CB_OK;
}

static int parse_line(struct parse *ps, char *line)
{
	char *rest = line, *key = cb_word(&rest);
	char *value = cb_rest(rest);
	struct cb_pack *p = ps->p;
	if (key == NULL)
		return CB_OK;
	if (p->code[0] == '\0' && strcmp(key, "pack") != 0)
		return cb_lines_fail(ps->l, "the file must begin with 'pack CODE'");
	if (strcmp(key, "pack") == 0) {
		if (p->code[0])
			return cb_lines_fail(ps->l, "pack: given twice");
		if (!cb_pack_code_ok(value))
			return cb_lines_fail(ps->l, "pack: the code takes letters, digits, "
			    "- and _, 1 to %d of them", CB_PACK_CODE_MAX);
		for (size_t i = 0; value[i]; i++)
			p->code[i] = cb_ascii_upper(value[i]);
		return CB_OK;
	}
	if (strcmp(key, "name") == 0) {
		if (strlen(value) >= sizeof p->name)
			return cb_lines_fail(ps->l, "name: longer than %zu bytes",
			    sizeof p->name - 1);
		snprintf(p->name, sizeof p->name, "%s", value);
		return CB_OK;
	}
	if (strcmp(key, "countries") == 0)
		return parse_countries(ps, value);
	if (strcmp(key, "days") == 0)
		return parse_days(ps, value);
	if (strcmp(key, "hours") == 0)
		return parse_hours(ps, value);
	if (strcmp(key, "holidays") == 0) {
		if (strcmp(value, "block") != 0 && strcmp(value, "ignore") != 0)
			return cb_lines_fail(ps->l, "holidays: expected 'block' or 'ignore'");
		p->holidays_block = strcmp(value, "block") == 0;
		return CB_OK;
	}
	if (strcmp(key, "attempts") == 0)
		return parse_codes(ps, value, &p->attempt_codes);
	if (strcmp(key, "conversations") == 0)
		return parse_codes(ps, value, &p->conversation_codes);
	if (strcmp(key, "limit") == 0)
		return parse_limit(ps, value);
	if (strcmp(key, "after-conversation") == 0)
		return parse_days_value(ps, value, key, &p->after_conversation_days);
	if (strcmp(key, "promise-max") == 0)
		return parse_days_value(ps, value, key, &p->promise_max_days);
	if (strcmp(key, "holiday") == 0)
		return parse_holiday(ps, value);
	return cb_lines_fail(ps->l, "unknown directive '%s' (doc/rules.md)", key);
}

/* The codes that count when a pack names none: every call outcome as an
 * attempt, the conversations as conversations. */
static void default_codes(struct cb_pack *p)
{
	for (const struct cb_outcome *o = cb_outcomes; o->code; o++) {
		uint32_t bit = 1u << (o - cb_outcomes);
		if (o->kind != CB_OUTCOME_STOP)
			p->attempt_codes |= bit;
		if (o->kind == CB_OUTCOME_CONVERSATION)
			p->conversation_codes |= bit;
	}
}

int cb_pack_parse(const char *text, size_t size, const char *name,
    struct cb_pack *out, char *why, size_t why_size)
{
	struct cb_lines l;
	struct parse ps = { &l, out, false, false };
	char *line;
	int rc;
	memset(out, 0, sizeof *out);
	out->holidays_block = true;
	default_codes(out);
	cb_lines_init(&l, text, size, name, why, why_size);
	while ((rc = cb_lines_next(&l, &line)) == CB_OK) {
		cb_lines_uncomment(line);
		if ((rc = parse_line(&ps, line)) != CB_OK)
			return rc;
	}
	if (rc != CB_ERR_NOTHING)
		return rc;
	l.line++;
	if (out->code[0] == '\0')
		return cb_lines_fail(&l, "no 'pack CODE' line");
	if (!ps.seen_days || !ps.seen_hours)
		return cb_lines_fail(&l, "the pack needs 'days' and 'hours'");
	if (out->name[0] == '\0')
		snprintf(out->name, sizeof out->name, "%s", out->code);
	return CB_OK;
}

/* ---- Calendars -------------------------------------------------------- */

/* The day of the nth weekday of a month (nth 5 may fall in the next). */
static cb_day nth_weekday(int year, int month, int weekday, int nth)
{
	cb_day first = 0;
	cb_day_from_ymd(year, month, 1, &first);
	int shift = (weekday - cb_day_weekday(first) + 7) % 7;
	return first + shift + (nth - 1) * 7;
}

const char *cb_pack_holiday(const struct cb_pack *p, cb_day day)
{
	int y, m, d;
	cb_day_to_ymd(day, &y, &m, &d);
	for (size_t i = 0; i < p->nholidays; i++) {
		const struct cb_holiday *h = &p->holidays[i];
		bool match = false;
		switch (h->kind) {
		case CB_HOLIDAY_FIXED: match = h->month == m && h->mday == d; break;
		case CB_HOLIDAY_EASTER: match = cb_easter(y) + h->offset == day; break;
		case CB_HOLIDAY_NTH:
			match = h->month == m &&
			    nth_weekday(y, m, h->weekday, h->nth) == day;
			break;
		case CB_HOLIDAY_DATE: match = h->day == day; break;
		}
		if (match)
			return h->name;
	}
	return NULL;
}

bool cb_pack_counts_call(const struct cb_pack *p, const char *code)
{
	const struct cb_outcome *o = cb_outcome_find(code);
	uint32_t bit = o ? 1u << (o - cb_outcomes) : 0;
	return (p->attempt_codes | p->conversation_codes) & bit;
}

