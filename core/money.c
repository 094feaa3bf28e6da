/*
 * money.c -- amounts in integer minor units, per currency.
 *
 * Parsing works on the bytes of the text with integer arithmetic only: the
 * text is trimmed, an optional sign, parentheses and currency mark are
 * taken off, and the run of digits, dots and commas left is split into
 * whole units and decimals by the rules of separators below.  A reading
 * that could be both thousands and decimals is refused.
 */
#include "money.h"

#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "error.h"

static const char NOT_AN_AMOUNT[] = "not an amount";
static const char NO_CURRENCY[] = "no currency given for the amount";
static const char OTHER_CURRENCY[] =
    "the amount is marked in another currency";
static const char AMBIGUOUS[] =
    "ambiguous amount: the separator may mark thousands or decimals";
static const char BAD_THOUSANDS[] = "misplaced thousands separator";
static const char BAD_DECIMAL[] = "more than one decimal separator";
static const char NO_DECIMALS[] = "this currency has no decimals";
static const char TOO_MANY_DECIMALS[] = "too many decimals for the currency";
static const char TOO_LARGE[] = "amount too large";

/* A currency with the words for its decimal errors, which must be static. */
struct currency_info {
	struct cb_currency cur;
	const char *too_many_decimals;
};

static const struct currency_info currencies[] = {
	{{"CLP", 0, "$", ',', '.'}, "CLP has no decimals"},
	{{"PEN", 2, "S/", '.', ','}, "too many decimals for PEN"},
	{{"EUR", 2, "\xe2\x82\xac", ',', '.'}, "too many decimals for EUR"},
	{{"USD", 2, "$", '.', ','}, "too many decimals for USD"},
	{{"MXN", 2, "$", '.', ','}, "too many decimals for MXN"},
};

#define N_CURRENCIES (sizeof currencies / sizeof currencies[0])

/* A mark that may stand before or after an amount, and the currency it
 * names; NULL for "$", which any currency written with "$" accepts. */
struct mark {
	const char *text;
	const char *code;
};

/* Longer marks first, so that "S/." is not read as "S/" and a dot. */
static const struct mark marks[] = {
	{"US$", "USD"},
	{"S/.", "PEN"},
	{"S/", "PEN"},
	{"\xe2\x82\xac", "EUR"},
	{"$", NULL},
};

#define N_MARKS (sizeof marks / sizeof marks[0])

/* The digits that fit in a uint64_t, and room for zeros of padding. */
#define DIGITS_MAX 64

/* The text being parsed: [p, end). */
struct span {
	const char *p;
	const char *end;
};

/* The number of an amount split by its separators: whole units with their
 * thousands separators (0 when none), and the decimal digits. */
struct number {
	struct span whole;
	char thousands;
	struct span decimals;
};

/* True when a and b are equal ignoring the case of ASCII letters. */
static int same_code(const char *a, const char *b)
{
	while (*a != '\0' && cb_ascii_upper(*a) == cb_ascii_upper(*b)) {
		a++;
		b++;
	}
	return cb_ascii_upper(*a) == cb_ascii_upper(*b);
}

/* True when the n bytes at p equal prefix, ignoring ASCII case. */
static int starts_with(const char *p, size_t n, const char *prefix)
{
	size_t len = strlen(prefix);
	if (len > n)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (cb_ascii_upper(p[i]) != cb_ascii_upper(prefix[i]))
			return 0;
	return 1;
}

/* The length of the space at s->p: ASCII white space or a UTF-8 no-break
 * space (U+00A0, U+202F); 0 when there is none. */
static size_t space_at(const struct span *s)
{
	size_t n = (size_t)(s->end - s->p);
	char c = n > 0 ? s->p[0] : '\0';
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	if (!(c & 0x80)) /* the other spaces begin with a byte above ASCII */
		return 0;
	if (starts_with(s->p, n, "\xc2\xa0"))
		return 2;
	if (starts_with(s->p, n, "\xe2\x80\xaf"))
		return 3;
	return 0;
}

/* The length of the space ending at s->end, as space_at. */
static size_t space_before_end(const struct span *s)
{
	size_t n = (size_t)(s->end - s->p);
	if (n >= 1 && (s->end[-1] == ' ' ||
	    (s->end[-1] >= '\t' && s->end[-1] <= '\r')))
		return 1;
	if (n >= 2 && memcmp(s->end - 2, "\xc2\xa0", 2) == 0)
		return 2;
	if (n >= 3 && memcmp(s->end - 3, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

/* Skips the spaces at the start of a span. */
static void skip_spaces(struct span *s)
{
	size_t n;
	while ((n = space_at(s)) > 0)
		s->p += n;
}

/* Drops the spaces at both ends of a span. */
static void trim(struct span *s)
{
	size_t n;
	skip_spaces(s);
	while ((n = space_before_end(s)) > 0)
		s->end -= n;
}

/* Consumes c if it is next; true when it was. */
static int take_char(struct span *s, char c)
{
	if (s->p == s->end || *s->p != c)
		return 0;
	s->p++;
	return 1;
}

/* True when a mark suits the currency: its own code, or a symbol of it. */
static int mark_fits(const struct mark *m, const struct cb_currency *cur)
{
	if (m->code == NULL)
		return cur->symbol != NULL && strcmp(cur->symbol, "$") == 0;
	return same_code(m->code, cur->code);
}

/* Consumes a currency mark if one is next: a symbol, or the ISO code of a
 * known currency or of cur.  Returns 1 when one was taken, 0 when there
 * was none, and -1 when it names another currency. */
static int take_mark(struct span *s, const struct cb_currency *cur)
{
	size_t n = (size_t)(s->end - s->p);
	/* No mark begins with a digit, and most amounts do. */
	if (n == 0 || cb_ascii_digit(*s->p))
		return 0;
	for (size_t i = 0; i < N_MARKS; i++) {
		if (starts_with(s->p, n, marks[i].text)) {
			s->p += strlen(marks[i].text);
			return mark_fits(&marks[i], cur) ? 1 : -1;
		}
	}
	if (n < 3 || !cb_ascii_alpha(s->p[0]) || !cb_ascii_alpha(s->p[1]) ||
	    !cb_ascii_alpha(s->p[2]))
		return 0;
	for (size_t i = 0; i < N_CURRENCIES; i++) {
		if (starts_with(s->p, n, currencies[i].cur.code)) {
			s->p += 3;
			if (!same_code(currencies[i].cur.code, cur->code))
				return -1;
			return 1;
		}
	}
	if (cur->code != NULL && strlen(cur->code) == 3 &&
	    starts_with(s->p, n, cur->code)) {
		s->p += 3;
		return 1;
	}
	return 0;
}

/* Consumes a run of digits, dots and commas into num; true when it starts
 * with a digit. */
static int take_number(struct span *s, struct span *num)
{
	num->p = s->p;
	while (s->p < s->end &&
	    (cb_ascii_digit(*s->p) || *s->p == '.' || *s->p == ','))
		s->p++;
	num->end = s->p;
	return num->p < num->end && cb_ascii_digit(*num->p);
}

/* Splits the text of an amount into its sign and the run of its number:
 * [-] [mark] [-] number [mark], each part optionally spaced, or the same
 * in parentheses for a negative amount. */
static int split_sign(struct span *s, const struct cb_currency *cur,
    int *negative, struct span *num, const char **why)
{
	int paren = 0, minus = 0, mark = 0, r;

	trim(s);
	if (s->end - s->p >= 2 && *s->p == '(' && s->end[-1] == ')') {
		paren = 1;
		s->p++;
		s->end--;
		trim(s);
	}
	minus = take_char(s, '-');
	skip_spaces(s);
	if ((r = take_mark(s, cur)) < 0)
		return cb_bad_input(why, OTHER_CURRENCY);
	mark = r;
	skip_spaces(s);
	if (!minus && mark)
		minus = take_char(s, '-');
	skip_spaces(s);
	if (!take_number(s, num))
		return cb_bad_input(why, NOT_AN_AMOUNT);
	skip_spaces(s);
	if (!mark && take_mark(s, cur) < 0)
		return cb_bad_input(why, OTHER_CURRENCY);
	skip_spaces(s);
	if (s->p != s->end || (paren && minus))
		return cb_bad_input(why, NOT_AN_AMOUNT);
	*negative = paren || minus;
	return CB_OK;
}

/* The number of times c occurs in a span. */
static size_t count(const struct span *s, char c)
{
	size_t n = 0;
	for (const char *p = s->p; p < s->end; p++)
		n += *p == c;
	return n;
}

/* The last of the separators '.' and ',' in a span, or NULL. */
static const char *last_separator(const struct span *s)
{
	for (const char *p = s->end; p > s->p; p--)
		if (p[-1] == '.' || p[-1] == ',')
			return p - 1;
	return NULL;
}

/* True when the thousands separators sep of whole group its digits: a first
 * group of 1 to 3 digits not starting with 0, then groups of exactly 3. */
static int grouping_valid(const struct span *whole, char sep)
{
	const char *p = whole->p, *group = whole->p;
	if (count(whole, sep) == 0)
		return 1;
	if (*p == '0')
		return 0;
	for (; p <= whole->end; p++) {
		if (p < whole->end && *p != sep)
			continue;
		size_t len = (size_t)(p - group);
		if (len == 0 || len > 3 || (group != whole->p && len != 3))
			return 0;
		group = p + 1;
	}
	return 1;
}

/* True when whole, the digits before a lone separator, cannot be the first
 * group of a number with thousands: more than 3 digits, or a leading 0. */
static int cannot_be_thousands(const struct span *whole)
{
	return whole->end - whole->p > 3 || *whole->p == '0';
}

/* Tells the decimal point from the thousands separator in the run of an
 * amount of cur and splits it, by the rules of money.h's callers: a last
 * separator that is unique and follows the other kind is the decimal
 * point; a kind that repeats groups thousands; a lone one followed by 3
 * digits is thousands for a currency without decimals and ambiguous for
 * the others. */
static int split_number(const struct span *run, const struct cb_currency *cur,
    struct number *num, const char **why)
{
	const char *sep = last_separator(run);
	char other;

	num->whole = *run;
	num->thousands = 0;
	num->decimals.p = num->decimals.end = run->end;
	if (sep == NULL)
		return CB_OK;
	other = *sep == '.' ? ',' : '.';
	if (count(run, *sep) > 1) {
		if (count(run, other) > 0)
			return cb_bad_input(why, BAD_DECIMAL);
		num->thousands = *sep;
	} else {
		struct span whole = {run->p, sep};
		size_t after = (size_t)(run->end - sep - 1);
		int lone = count(run, other) == 0;
		if (after == 0)
			return cb_bad_input(why, NOT_AN_AMOUNT);
		if (lone && after == 3 && !cannot_be_thousands(&whole)) {
			if (cur->decimals > 0)
				return cb_bad_input(why, AMBIGUOUS);
			num->thousands = *sep;
		} else {
			num->whole.end = sep;
			num->thousands = lone ? 0 : other;
			num->decimals.p = sep + 1;
		}
	}
	if (num->thousands != 0 && !grouping_valid(&num->whole, num->thousands))
		return cb_bad_input(why, BAD_THOUSANDS);
	return CB_OK;
}

/* The words for decimals that cur does not have. */
static const char *too_many_decimals(const struct cb_currency *cur)
{
	for (size_t i = 0; i < N_CURRENCIES; i++)
		if (same_code(currencies[i].cur.code, cur->code))
			return currencies[i].too_many_decimals;
	return cur->decimals == 0 ? NO_DECIMALS : TOO_MANY_DECIMALS;
}

/* Multiplies *v by 10 and adds digit d; false on overflow past limit. */
static int push_digit(uint64_t *v, int d, uint64_t limit)
{
	if (*v > (limit - (uint64_t)d) / 10)
		return 0;
	*v = *v * 10 + (uint64_t)d;
	return 1;
}

/* Turns a split number into minor units of cur, no more than limit:
 * decimals beyond the currency's must be zeros, missing ones are zeros. */
static int to_minor(const struct number *num, const struct cb_currency *cur,
    uint64_t limit, uint64_t *out, const char **why)
{
	uint64_t v = 0;
	const char *p;
	int i;

	for (p = num->whole.p; p < num->whole.end; p++)
		if (*p != num->thousands && !push_digit(&v, *p - '0', limit))
			return cb_bad_input(why, TOO_LARGE);
	p = num->decimals.p;
	for (i = 0; i < cur->decimals; i++) {
		int d = p < num->decimals.end ? *p++ - '0' : 0;
		if (!push_digit(&v, d, limit))
			return cb_bad_input(why, TOO_LARGE);
	}
	for (; p < num->decimals.end; p++)
		if (*p != '0')
			return cb_bad_input(why, too_many_decimals(cur));
	*out = v;
	return CB_OK;
}

const struct cb_currency *cb_currency_find(const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < N_CURRENCIES; i++)
		if (same_code(currencies[i].cur.code, code))
			return &currencies[i].cur;
	return NULL;
}

const struct cb_currency *cb_currency_of_country(const char *country)
{
	static const char *const map[][2] = {
		{"CL", "CLP"},
		{"PE", "PEN"},
		{"ES", "EUR"},
		{"US", "USD"},
		{"MX", "MXN"},
	};
	if (country == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (same_code(map[i][0], country))
			return cb_currency_find(map[i][1]);
	return NULL;
}

int cb_money_parse(const char *text, const struct cb_currency *cur,
    int64_t *minor, const char **why)
{
	struct span s, run;
	struct number num;
	int negative, rc;
	uint64_t v, limit;

	if (cur == NULL || cur->code == NULL || cur->decimals < 0 ||
	    cur->decimals > 18)
		return cb_bad_input(why, NO_CURRENCY);
	if (text == NULL)
		return cb_bad_input(why, NOT_AN_AMOUNT);
	s.p = text;
	s.end = text + strlen(text);
	if ((rc = split_sign(&s, cur, &negative, &run, why)) != CB_OK)
		return rc;
	if ((rc = split_number(&run, cur, &num, why)) != CB_OK)
		return rc;
	limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if ((rc = to_minor(&num, cur, limit, &v, why)) != CB_OK)
		return rc;
	if (!negative)
		*minor = (int64_t)v;
	else if (v == (uint64_t)INT64_MAX + 1)
		*minor = INT64_MIN;
	else
		*minor = -(int64_t)v;
	return CB_OK;
}

/* An output buffer that counts what it was asked to hold, like snprintf. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

/* Appends n bytes of text, keeping room for the terminating NUL. */
static void put(struct out *o, const char *text, size_t n)
{
	for (size_t i = 0; i < n; i++, o->len++)
		if (o->len + 1 < o->size)
			o->buf[o->len] = text[i];
}

/* Writes the decimal digits of v to digits, at least min of them (with
 * leading zeros), and returns how many. */
static size_t to_digits(uint64_t v, size_t min, char *digits)
{
	char rev[DIGITS_MAX];
	size_t n = 0;
	do {
		rev[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 || n < min);
	for (size_t i = 0; i < n; i++)
		digits[i] = rev[n - 1 - i];
	return n;
}

size_t cb_money_format(int64_t minor, const struct cb_currency *cur,
    const char *decimal_point, const char *thousands_sep, char *buf,
    size_t size)
{
	struct out o = {buf, size, 0};
	char digits[DIGITS_MAX];
	int decimals = cur != NULL ? cur->decimals : 0;
	uint64_t v = (uint64_t)minor;
	size_t n, whole, sep_len;

	if (minor < 0)
		v = 0 - v; /* modulo 2^64, so INT64_MIN too */
	if (decimals < 0)
		decimals = 0;
	if (decimals > DIGITS_MAX - 2)
		decimals = DIGITS_MAX - 2;
	if (decimal_point == NULL || decimal_point[0] == '\0')
		decimal_point = ".";
	sep_len = thousands_sep != NULL ? strlen(thousands_sep) : 0;
	n = to_digits(v, (size_t)decimals + 1, digits);
	whole = n - (size_t)decimals;
	if (minor < 0)
		put(&o, "-", 1);
	for (size_t i = 0; i < whole; i++) {
		if (i > 0 && (whole - i) % 3 == 0)
			put(&o, thousands_sep, sep_len);
		put(&o, digits + i, 1);
	}
	if (decimals > 0) {
		put(&o, decimal_point, strlen(decimal_point));
		put(&o, digits + whole, (size_t)decimals);
	}
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

size_t cb_money_format_plain(int64_t minor, const struct cb_currency *cur,
    char *buf, size_t size)
{
	return cb_money_format(minor, cur, ".", NULL, buf, size);
}

size_t cb_money_format_spoken(int64_t minor, const struct cb_currency *cur,
    char *buf, size_t size)
{
	char number[64], dp[2] = { cur->decimal_point, 0 },
	    ts[2] = { cur->thousands_sep, 0 };
	cb_money_format(minor, cur, dp, ts, number, sizeof number);
	const char *sign = minor < 0 ? "-" : "";
	const char *digits = number + (minor < 0);
	/* "$1.234" and "US$" hug the number; "S/ 1,234.56" has a space;
	 * the euro follows it: "1.234,56 €". */
	if (strcmp(cur->code, "EUR") == 0)
		return (size_t)snprintf(buf, size, "%s%s %s", sign, digits,
		    cur->symbol);
	return (size_t)snprintf(buf, size, "%s%s%s%s", sign, cur->symbol,
	    strcmp(cur->symbol, "$") == 0 ? "" : " ", digits);
}
