/*
 * date.c -- civil dates, instants and time zones on top of libc.
 *
 * Calendars are libc's: timegm(3) and gmtime_r(3) turn days into dates and
 * back, strptime(3) reads caller-given formats, and zones are handled by
 * pointing TZ at the zone for the length of one conversion.  The zone
 * functions change the environment for a moment, so they are not safe to
 * call from several threads at once.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* timegm, strptime, tm_zone */
#endif

#include "date.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ascii.h"
#include "error.h"

#define SECS_PER_DAY 86400
#define DEFAULT_TZDIR "/usr/share/zoneinfo"

static const char NOT_A_DATE[] =
    "not a date (expected YYYY-MM-DD or DD-MM-YYYY)";
static const char NOT_IN_FORMAT[] = "not a date (does not match the format)";
static const char IMPOSSIBLE_DATE[] = "impossible date";
static const char NOT_A_TIME[] =
    "not a time (expected YYYY-MM-DD HH:MM, optional :SS and zone)";
static const char IMPOSSIBLE_TIME[] = "impossible time of day";
static const char BAD_OFFSET[] = "impossible zone offset";
static const char OUT_OF_RANGE[] = "time out of range";


/* True when the cursor has consumed all of its text. */
static int scan_done(const struct cb_span *s)
{
	return s->p == s->end;
}

/* Consumes c if it is next; true when it was. */
static int scan_char(struct cb_span *s, char c)
{
	if (s->p == s->end || *s->p != c)
		return 0;
	s->p++;
	return 1;
}

/* Consumes a run of digits whose length must lie in [min, max]; a longer
 * run fails rather than being split. */
static int scan_num(struct cb_span *s, int min, int max, int *val)
{
	int n = 0, v = 0;
	while (s->p != s->end && cb_ascii_digit(*s->p)) {
		if (++n > max)
			return 0;
		v = v * 10 + (*s->p++ - '0');
	}
	*val = v;
	return n >= min;
}

/* Consumes exactly n digits, whatever follows them. */
static int scan_fixed(struct cb_span *s, int n, int *val)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s->p == s->end || !cb_ascii_digit(*s->p))
			return 0;
		v = v * 10 + (*s->p++ - '0');
	}
	*val = v;
	return 1;
}

/* Consumes HH:MM or HH:MM:SS (the hour with min_hour_digits to 2 digits);
 * seconds are 0 when absent. */
static int scan_clock(
    struct cb_span *s, int min_hour_digits, int *h, int *m, int *sec)
{
	*sec = 0;
	if (!scan_num(s, min_hour_digits, 2, h) || !scan_char(s, ':') ||
	    !scan_num(s, 2, 2, m))
		return 0;
	if (scan_char(s, ':') && !scan_num(s, 2, 2, sec))
		return 0;
	return 1;
}

/* True when a clock reading names a real time of day. */
static int clock_valid(int h, int m, int sec)
{
	return h <= 23 && m <= 59 && sec <= 59;
}

/* Consumes the rest of YYYY-MM-DD once the year has been read. */
static int scan_iso_rest(struct cb_span *s, int *m, int *d)
{
	return scan_char(s, '-') && scan_num(s, 2, 2, m) && scan_char(s, '-') &&
	    scan_num(s, 2, 2, d);
}

/* Consumes the rest of D-M-YYYY once the day has been read; the second
 * separator must repeat the first. */
static int scan_dmy_rest(struct cb_span *s, int *m, int *y)
{
	char sep;
	if (s->p == s->end || strchr("-/.", *s->p) == NULL)
		return 0;
	sep = *s->p++;
	return scan_num(s, 1, 2, m) && scan_char(s, sep) &&
	    scan_num(s, 4, 4, y);
}

/* Consumes a date in either accepted order, told apart by the length of
 * the first number. */
static int scan_date(struct cb_span *s, int *y, int *m, int *d)
{
	const char *start = s->p;
	int first;
	if (!scan_num(s, 1, 4, &first))
		return 0;
	if (s->p - start == 4) {
		*y = first;
		return scan_iso_rest(s, m, d);
	}
	if (s->p - start > 2)
		return 0;
	*d = first;
	return scan_dmy_rest(s, m, y);
}

/* Consumes what may follow a date: nothing, or white space and a time of
 * day that is checked and then forgotten. */
static int scan_ignored_time(struct cb_span *s)
{
	int h, m, sec;
	if (scan_done(s))
		return 1;
	if (!cb_ascii_space(*s->p))
		return 0;
	while (s->p != s->end && cb_ascii_space(*s->p))
		s->p++;
	return scan_clock(s, 1, &h, &m, &sec) && scan_done(s) &&
	    clock_valid(h, m, sec);
}

/* Fills a struct tm with midnight UTC of a date. */
static void tm_from_ymd(struct tm *tm, int year, int month, int mday)
{
	memset(tm, 0, sizeof *tm);
	tm->tm_year = year - 1900;
	tm->tm_mon = month - 1;
	tm->tm_mday = mday;
}

int cb_day_from_ymd(int year, int month, int mday, cb_day *out)
{
	struct tm tm, back;
	time_t t;
	if (year < 1 || year > 9999 || month < 1 || month > 12 || mday < 1 ||
	    mday > 31)
		return CB_ERR_INPUT;
	tm_from_ymd(&tm, year, month, mday);
	t = timegm(&tm);
	/* timegm moves Feb 30 to March; a date that does not come back
	 * unchanged does not exist. */
	if (gmtime_r(&t, &back) == NULL || back.tm_year != year - 1900 ||
	    back.tm_mon != month - 1 || back.tm_mday != mday)
		return CB_ERR_INPUT;
	*out = (cb_day)(t / SECS_PER_DAY);
	return CB_OK;
}

void cb_day_to_ymd(cb_day day, int *year, int *month, int *mday)
{
	struct tm tm;
	time_t t = (time_t)day * SECS_PER_DAY;
	if (gmtime_r(&t, &tm) == NULL) {
		*year = *month = *mday = 0;
		return;
	}
	*year = tm.tm_year + 1900;
	*month = tm.tm_mon + 1;
	*mday = tm.tm_mday;
}

int cb_day_weekday(cb_day day)
{
	/* Day 0, 1970-01-01, was a Thursday. */
	return (day % 7 + 7 + 4) % 7;
}

/* Parses text in the default forms of cb_day_parse. */
static int parse_default(const char *text, cb_day *out, const char **why)
{
	struct cb_span s;
	int y, m, d;
	s = cb_span_trimmed(text);
	if (!scan_date(&s, &y, &m, &d) || !scan_ignored_time(&s))
		return cb_bad_input(why, NOT_A_DATE);
	if (cb_day_from_ymd(y, m, d, out) != CB_OK)
		return cb_bad_input(why, IMPOSSIBLE_DATE);
	return CB_OK;
}

/* Parses text with a strptime(3) format that must use all of it. */
static int parse_format(
    const char *text, const char *format, cb_day *out, const char **why)
{
	struct tm tm;
	const char *rest;
	memset(&tm, 0, sizeof tm);
	while (cb_ascii_space(*text))
		text++;
	rest = strptime(text, format, &tm);
	if (rest == NULL)
		return cb_bad_input(why, NOT_IN_FORMAT);
	while (cb_ascii_space(*rest))
		rest++;
	if (*rest != '\0')
		return cb_bad_input(why, NOT_IN_FORMAT);
	/* strptime takes "02/31/2025" happily; cb_day_from_ymd does not. */
	if (cb_day_from_ymd(
	        tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out) != CB_OK)
		return cb_bad_input(why, IMPOSSIBLE_DATE);
	return CB_OK;
}

int cb_day_parse(
    const char *text, const char *format, cb_day *out, const char **why)
{
	if (text == NULL)
		return cb_bad_input(why, format == NULL ? NOT_A_DATE : NOT_IN_FORMAT);
	if (format == NULL)
		return parse_default(text, out, why);
	return parse_format(text, format, out, why);
}

/* Writes v as exactly width decimal digits, zero padded, at p. */
static void put_digits(char *p, int v, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Writes YYYY-MM-DD at p without a NUL; a year that does not fit in four
 * digits comes out as 0000-00-00, which no real date is. */
static void put_date(char *p, int y, int m, int d)
{
	if (y < 0 || y > 9999)
		y = m = d = 0;
	put_digits(p, y, 4);
	p[4] = '-';
	put_digits(p + 5, m, 2);
	p[7] = '-';
	put_digits(p + 8, d, 2);
}

void cb_day_format(cb_day day, char buf[static 11])
{
	int y, m, d;
	cb_day_to_ymd(day, &y, &m, &d);
	put_date(buf, y, m, d);
	buf[10] = '\0';
}

/* Consumes an optional zone: nothing, Z, or a sign, HH and optionally MM
 * with or without a colon.  *has_zone says whether one was there and *off
 * is its offset east of UTC in seconds.  Returns CB_OK, or CB_ERR_INPUT
 * with *why set. */
static int scan_zone(struct cb_span *s, int *has_zone, long *off, const char **why)
{
	int sign, h, m = 0;
	*has_zone = 0;
	*off = 0;
	if (scan_done(s))
		return CB_OK;
	*has_zone = 1;
	if (scan_char(s, 'Z') || scan_char(s, 'z'))
		return scan_done(s) ? CB_OK : cb_bad_input(why, NOT_A_TIME);
	if (scan_char(s, '+'))
		sign = 1;
	else if (scan_char(s, '-'))
		sign = -1;
	else
		return cb_bad_input(why, NOT_A_TIME);
	if (!scan_fixed(s, 2, &h))
		return cb_bad_input(why, NOT_A_TIME);
	if (!scan_done(s)) {
		scan_char(s, ':');
		if (!scan_num(s, 2, 2, &m) || !scan_done(s))
			return cb_bad_input(why, NOT_A_TIME);
	}
	if (h > 23 || m > 59)
		return cb_bad_input(why, BAD_OFFSET);
	*off = sign * (h * 3600L + m * 60L);
	return CB_OK;
}

/* Turns a host-local date and time into an instant, letting mktime(3)
 * decide whether daylight saving was in force. */
static int local_instant(struct tm *tm, time_t *out, const char **why)
{
	time_t t;
	tm->tm_isdst = -1;
	tm->tm_wday = -1; /* mktime sets it only when it succeeds */
	t = mktime(tm);
	if (tm->tm_wday == -1)
		return cb_bad_input(why, OUT_OF_RANGE);
	*out = t;
	return CB_OK;
}

int cb_time_parse(const char *text, time_t *out, const char **why)
{
	struct cb_span s;
	struct tm tm;
	int y, mo, d, h, mi, sec, has_zone, rc;
	long off;
	cb_day day;
	if (text == NULL)
		return cb_bad_input(why, NOT_A_TIME);
	s = cb_span_trimmed(text);
	if (!scan_num(&s, 4, 4, &y) || !scan_iso_rest(&s, &mo, &d) ||
	    !(scan_char(&s, ' ') || scan_char(&s, 'T')) ||
	    !scan_clock(&s, 2, &h, &mi, &sec))
		return cb_bad_input(why, NOT_A_TIME);
	if ((rc = scan_zone(&s, &has_zone, &off, why)) != CB_OK)
		return rc;
	if (cb_day_from_ymd(y, mo, d, &day) != CB_OK)
		return cb_bad_input(why, IMPOSSIBLE_DATE);
	if (!clock_valid(h, mi, sec))
		return cb_bad_input(why, IMPOSSIBLE_TIME);
	if (has_zone) {
		*out =
		    (time_t)day * SECS_PER_DAY + h * 3600 + mi * 60 + sec - off;
		return CB_OK;
	}
	tm_from_ymd(&tm, y, mo, d);
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	return local_instant(&tm, out, why);
}

void cb_time_format_utc(time_t t, char buf[static 17])
{
	struct tm tm;
	/* Compares tm_year itself: adding 1900 to it could overflow. */
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900) {
		memcpy(buf, "0000-00-00 00:00", 17);
		return;
	}
	put_date(buf, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	buf[10] = ' ';
	put_digits(buf + 11, tm.tm_hour, 2);
	buf[13] = ':';
	put_digits(buf + 14, tm.tm_min, 2);
	buf[16] = '\0';
}

/* True when path is a regular file that begins like a compiled zone
 * ("TZif"), so that zone.tab and friends are not taken for zones. */
static int is_zone_file(const char *path)
{
	struct stat st;
	char magic[4];
	FILE *f;
	size_t n;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	n = fread(magic, 1, sizeof magic, f);
	fclose(f);
	return n == sizeof magic && memcmp(magic, "TZif", 4) == 0;
}

int cb_tz_exists(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char path[4096];
	int n;
	if (tz == NULL || *tz == '\0' || *tz == '/' || strstr(tz, "..") != NULL)
		return 0;
	if (dir == NULL || *dir == '\0')
		dir = DEFAULT_TZDIR;
	n = snprintf(path, sizeof path, "%s/%s", dir, tz);
	if (n < 0 || (size_t)n >= sizeof path)
		return 0;
	return is_zone_file(path);
}

/* Sets TZ to value, or unsets it when value is NULL, and tells libc. */
static int set_tz(const char *value)
{
	int rc = value != NULL ? setenv("TZ", value, 1) : unsetenv("TZ");
	tzset();
	return rc == 0 ? CB_OK : CB_ERR_NOMEM;
}

/* Gives tm_zone a home that outlives the zone data libc may free when TZ is
 * put back; the next call overwrites it, as with localtime(3). */
static void keep_zone_name(struct tm *tm)
{
	static char name[16];
	if (tm->tm_zone == NULL)
		return;
	snprintf(name, sizeof name, "%s", tm->tm_zone);
	tm->tm_zone = name;
}

/* Runs fn(arg) with TZ pointing at zone tz, then puts TZ back. */
static int in_zone(const char *tz, int (*fn)(void *), void *arg)
{
	const char *old = getenv("TZ");
	char *saved = NULL;
	int rc;
	if (!cb_tz_exists(tz))
		return CB_ERR_INPUT;
	if (old != NULL && (saved = strdup(old)) == NULL)
		return CB_ERR_NOMEM;
	rc = set_tz(tz);
	if (rc == CB_OK)
		rc = fn(arg);
	if (set_tz(saved) != CB_OK && rc == CB_OK)
		rc = CB_ERR_NOMEM;
	free(saved);
	return rc;
}

struct conversion {
	time_t t;
	struct tm tm;
};

static int to_local(void *arg)
{
	struct conversion *c = arg;
	if (localtime_r(&c->t, &c->tm) == NULL)
		return CB_ERR_INPUT;
	keep_zone_name(&c->tm);
	return CB_OK;
}

/* The last conversions made.  Switching TZ makes libc read the zone's file
 * again, and a re-score asks the same few zones the same time for every
 * account; a zone's rules do not change while the program runs. */
#define LOCAL_MEMO 8
static struct {
	time_t t;
	char tz[64];
	struct tm tm;
	char zone_name[16];
} local_memo[LOCAL_MEMO];
static unsigned local_memo_next;

static bool local_recall(time_t t, const char *tz, struct tm *out)
{
	for (unsigned i = 0; i < LOCAL_MEMO; i++)
		if (local_memo[i].tz[0] != '\0' && local_memo[i].t == t &&
		    strcmp(local_memo[i].tz, tz) == 0) {
			*out = local_memo[i].tm;
			out->tm_zone = local_memo[i].zone_name;
			return true;
		}
	return false;
}

static void local_remember(time_t t, const char *tz, const struct tm *tm)
{
	unsigned i = local_memo_next++ % LOCAL_MEMO;
	if (strlen(tz) >= sizeof local_memo[i].tz)
		return;
	local_memo[i].t = t;
	strcpy(local_memo[i].tz, tz);
	local_memo[i].tm = *tm;
	snprintf(local_memo[i].zone_name, sizeof local_memo[i].zone_name, "%s",
	    tm->tm_zone ? tm->tm_zone : "");
}

int cb_tz_localtime(time_t t, const char *tz, struct tm *out)
{
	struct conversion c = { .t = t };
	if (local_recall(t, tz, out))
		return CB_OK;
	int rc = in_zone(tz, to_local, &c);
	if (rc == CB_OK) {
		*out = c.tm;
		local_remember(t, tz, &c.tm);
	}
	return rc;
}

/* mktime(3) in the zone: a wall time skipped by a change of clocks is
 * read in the offset before it, which lands after the gap. */
static int from_local(void *arg)
{
	struct conversion *c = arg;
	c->tm.tm_isdst = -1;
	c->tm.tm_wday = -1;
	c->t = mktime(&c->tm);
	return c->tm.tm_wday == -1 ? CB_ERR_INPUT : CB_OK;
}

int cb_tz_mktime(const char *tz, cb_day day, int minute, time_t *out)
{
	struct conversion c;
	int y, mo, d, rc;
	cb_day_to_ymd(day, &y, &mo, &d);
	tm_from_ymd(&c.tm, y, mo, d);
	c.tm.tm_hour = minute / 60;
	c.tm.tm_min = minute % 60;
	if ((rc = in_zone(tz, from_local, &c)) == CB_OK)
		*out = c.t;
	return rc;
}

cb_day cb_easter(int year)
{
	/* The Gregorian computus (Meeus/Jones/Butcher). */
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int mday = (h + l - 7 * m + 114) % 31 + 1;
	cb_day day = 0;
	cb_day_from_ymd(year, month, mday, &day);
	return day;
}

int cb_tz_today(time_t t, const char *tz, cb_day *out)
{
	struct tm tm;
	int rc = cb_tz_localtime(t, tz, &tm);
	if (rc != CB_OK)
		return rc;
	return cb_day_from_ymd(
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}
