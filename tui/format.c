/* format.c -- escaping, conversion to the locale, money and tables. */
#include "format.h"

#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "cli.h"
#include "lines.h"
#include "money.h"
#include "rules.h"
#include "text.h"

/* Set by the workstation: messages come in UTF-8 and are converted, with
 * the data, at the terminal's edge. */
static bool messages_utf8;

void fmt_messages_utf8(void)
{
	bind_textdomain_codeset("cobrador", "UTF-8");
	messages_utf8 = true;
}

/* Converts in (size bytes at most) from one charset to another, '?' for
 * what the target cannot hold; out is always terminated. */
static void convert(const char *from, const char *to, const char *in,
    char *out, size_t size)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1) {
		snprintf(out, size, "%s", in);
		return;
	}
	char *i = (char *)in, *o = out;
	size_t left = strlen(in), room = size - 1;
	while (left > 0 && room > 0) {
		if (iconv(cd, &i, &left, &o, &room) == (size_t)-1) {
			if (room == 0)
				break;
			*o++ = '?';
			room--;
			/* Skip one character (UTF-8 continuation bytes too). */
			do {
				i++;
				left--;
			} while (left > 0 && ((unsigned char)*i & 0xC0) == 0x80);
		}
	}
	*o = '\0';
	iconv_close(cd);
}

/* Drops a UTF-8 character cut at the end of s by a full buffer. */
static void utf8_trim(char *s)
{
	size_t n = strlen(s), start = n;
	while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0)
		return;
	unsigned char lead = (unsigned char)s[start - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (n - (start - 1) < need)
		s[start - 1] = '\0';
}

static bool locale_is_utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);
	return strcasecmp(codeset, "UTF-8") == 0 || strcasecmp(codeset, "utf8") == 0;
}

size_t fmt_strftime(char *out, size_t size, const char *format,
    const struct tm *tm)
{
	char local[128];
	if (strftime(local, sizeof local, format, tm) == 0)
		local[0] = '\0';
	if (messages_utf8 && !locale_is_utf8())
		convert(nl_langinfo(CODESET), "UTF-8", local, out, size);
	else
		snprintf(out, size, "%s", local);
	return strlen(out);
}

char *fmt_to_utf8(const char *s, char *out, size_t size)
{
	if (locale_is_utf8())
		snprintf(out, size, "%s", s);
	else
		convert(nl_langinfo(CODESET), "UTF-8", s, out, size);
	utf8_trim(out);
	return out;
}

char *fmt_text(const char *s, char *out, size_t size)
{
	char escaped[2048], target[64];
	if (s == NULL)
		s = "";
	/* Text that is not UTF-8 was made in the locale's charset (a
	 * translated word, a date's name): shown as it is, its control bytes
	 * (C0, DEL, C1) as '?'.  Data is always UTF-8. */
	if (!locale_is_utf8() && !cb_text_valid_utf8(s, strlen(s))) {
		size_t i = 0;
		for (; s[i] && i + 1 < size; i++) {
			unsigned char b = (unsigned char)s[i];
			out[i] = b < 0x20 || (b >= 0x7F && b < 0xA0) ? '?' : s[i];
		}
		out[i] = '\0';
		return out;
	}
	cb_text_escape(s, escaped, sizeof escaped);
	if (locale_is_utf8()) {
		snprintf(out, size, "%s", escaped);
		utf8_trim(out);
		return out;
	}
	/* Another charset: convert, with '?' for what it cannot show. */
	snprintf(target, sizeof target, "%s//TRANSLIT", nl_langinfo(CODESET));
	convert("UTF-8", target, escaped, out, size);
	return out;
}

int fmt_width(const char *s)
{
	mbstate_t st = { 0 };
	wchar_t wc;
	int width = 0;
	size_t n;
	while (*s && (n = mbrtowc(&wc, s, MB_CUR_MAX, &st)) != 0) {
		if (n == (size_t)-1 || n == (size_t)-2) {
			width++;
			s++;
			memset(&st, 0, sizeof st);
			continue;
		}
		int w = wcwidth(wc);
		width += w > 0 ? w : 0;
		s += n;
	}
	return width;
}

char *fmt_money(int64_t amount, const char *currency, char *out, size_t size)
{
	const struct cb_currency *cur = cb_currency_find(currency);
	const struct lconv *lc = localeconv();
	char dp[2] = { '.', 0 }, ts[2] = { 0, 0 };
	if (cur == NULL) {
		snprintf(out, size, "%lld", (long long)amount);
		return out;
	}
	dp[0] = cur->decimal_point;
	ts[0] = cur->thousands_sep;
	const char *point = *lc->mon_decimal_point ? lc->mon_decimal_point : dp;
	const char *sep = *lc->mon_decimal_point ? lc->mon_thousands_sep : ts;
	cb_money_format(amount, cur, point, sep, out, size);
	return out;
}

struct table {
	size_t ncols, nrows, cap;
	char **cells; /* nrows * ncols, converted */
	int *width;
	char align[64]; /* one letter per column */
};

struct table *table_new(size_t ncols, const char *const *headers,
    const char *align)
{
	struct table *t = calloc(1, sizeof *t);
	if (t == NULL || (t->width = calloc(ncols, sizeof *t->width)) == NULL) {
		free(t);
		return NULL;
	}
	t->ncols = ncols;
	snprintf(t->align, sizeof t->align, "%s", align);
	if (table_add(t, headers) != 0)
		table_free(&t);
	return t;
}

int table_add(struct table *t, const char *const *cells)
{
	char buf[1024];
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		char **p = realloc(t->cells, cap * t->ncols * sizeof *p);
		if (p == NULL)
			return -1;
		t->cells = p;
		t->cap = cap;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		char *s = strdup(fmt_text(cells[c], buf, sizeof buf));
		if (s == NULL)
			return -1;
		t->cells[t->nrows * t->ncols + c] = s;
		int w = fmt_width(s);
		if (w > t->width[c])
			t->width[c] = w;
	}
	t->nrows++;
	return 0;
}

void table_print(struct table *t, FILE *f)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			int pad = t->width[c] - fmt_width(s);
			bool last = c + 1 == t->ncols;
			if (c < sizeof t->align && t->align[c] == 'r')
				fprintf(f, "%*s%s", pad, "", s);
			else
				fprintf(f, "%s%*s", s, last ? 0 : pad, "");
			if (!last)
				fputs("  ", f);
		}
		fputc('\n', f);
	}
}

void table_free(struct table **t)
{
	if (*t == NULL)
		return;
	for (size_t i = 0; i < (*t)->nrows * (*t)->ncols; i++)
		free((*t)->cells[i]);
	free((*t)->cells);
	free((*t)->width);
	free(*t);
	*t = NULL;
}

/* The part that says why, before "; next ...". */
static int contact_why(const struct cb_contact_check *c, char *out,
    size_t size)
{
	char day[64];
	switch (c->block) {
	case CB_BLOCK_NONE:
		return snprintf(out, size, _("calls allowed now (%s)"), c->pack);
	case CB_BLOCK_NO_PACK:
		return snprintf(out, size, _("no rule pack %s"), c->pack);
	case CB_BLOCK_DAY:
		fmt_strftime(day, sizeof day, "%A", &c->local);
		return snprintf(out, size, "%s (%s)", day, c->pack);
	case CB_BLOCK_HOLIDAY:
		return snprintf(out, size, _("holiday: %s (%s)"), c->holiday, c->pack);
	case CB_BLOCK_EARLY:
		return snprintf(out, size, _("before hours (%s)"), c->pack);
	case CB_BLOCK_LATE:
		return snprintf(out, size, _("after hours (%s)"), c->pack);
	case CB_BLOCK_LIMIT:
		return snprintf(out, size, c->conversations
		    ? _("%d/%d conversations in %d days (%s)")
		    : c->channel == CB_CHANNEL_CALL ? _("%d/%d calls in %d days (%s)")
		    : _("%d/%d messages in %d days (%s)"),
		    c->used, c->limit, c->window_days, c->pack);
	case CB_BLOCK_GAP:
		return snprintf(out, size, _("too soon after the last contact (%s)"),
		    c->pack);
	case CB_BLOCK_CONVERSATION:
		return snprintf(out, size, _("within %d days after a conversation "
		    "(%s)"), c->window_days, c->pack);
	}
	return snprintf(out, size, "?");
}

char *fmt_contact(const struct cb_contact_check *c, char *out, size_t size)
{
	char when[64];
	int n = contact_why(c, out, size);
	if (n < 0 || (size_t)n >= size || c->block == CB_BLOCK_NONE ||
	    c->block == CB_BLOCK_NO_PACK)
		return out;
	if (c->next == 0) {
		snprintf(out + n, size - (size_t)n, "%s", _("; not within a year"));
		return out;
	}
	/* Within the week the weekday says enough; later, the date too. */
	fmt_strftime(when, sizeof when, c->next - c->at < 6 * 86400 ? "%a %H:%M"
	    : "%a %d-%m-%Y %H:%M", &c->next_local);
	snprintf(out + n, size - (size_t)n, _("; next %s"), when);
	return out;
}

void fmt_print_lines(FILE *f, const char *text, size_t size)
{
	char line[CB_LINE_MAX + 1], shown[4 * CB_LINE_MAX + 1];
	while (size > 0) {
		const char *nl = memchr(text, '\n', size);
		size_t len = nl ? (size_t)(nl - text) : size;
		snprintf(line, sizeof line, "%.*s", (int)len, text);
		fprintf(f, "%s\n", fmt_text(line, shown, sizeof shown));
		text += len + (nl != NULL);
		size -= len + (nl != NULL);
	}
}
