/* test_date.c -- days, parsing, instants and zones of date.c, checked
 * against calendars counted here and instants known from the tz database. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "error.h"
#include "fixture.h"

/* The Gregorian rule, written out again so the tests do not trust libc. */
static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in a month by the rule above. */
static int month_days(int y, int m)
{
	static const int n[12] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Makes a day that the test knows is valid. */
static cb_day day_of(int y, int m, int d)
{
	cb_day day = 0;
	cr_assert_eq(
	    cb_day_from_ymd(y, m, d, &day), CB_OK, "%04d-%02d-%02d", y, m, d);
	return day;
}

/* True when every conversion of y-m-d agrees with day and wday. */
static int day_agrees(int y, int m, int d, cb_day day, int wday)
{
	cb_day got = 0, parsed = 0, dmy_parsed = 0;
	int gy, gm, gd;
	char buf[11], iso[32], dmy[32];
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
	snprintf(dmy, sizeof dmy, "%d/%d/%04d", d, m, y);
	cb_day_to_ymd(day, &gy, &gm, &gd);
	cb_day_format(day, buf);
	return cb_day_from_ymd(y, m, d, &got) == CB_OK && got == day &&
	    gy == y && gm == m && gd == d && strcmp(buf, iso) == 0 &&
	    cb_day_weekday(day) == wday &&
	    cb_day_parse(iso, NULL, &parsed, NULL) == CB_OK && parsed == day &&
	    cb_day_parse(dmy, NULL, &dmy_parsed, NULL) == CB_OK &&
	    dmy_parsed == day;
}

/* Walks one day at a time from 1900-01-01 (day -25567, a Monday) to
 * 2100-12-31 and checks every conversion against the count. */
Test(date, every_day_1900_to_2100)
{
	cb_day day = -(70 * 365 + 17);
	int wday = 1;
	for (int y = 1900; y <= 2100; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= month_days(y, m); d++) {
				if (!day_agrees(y, m, d, day, wday))
					cr_assert_fail(
					    "wrong at %04d-%02d-%02d", y, m, d);
				day++;
				wday = (wday + 1) % 7;
			}
	cr_assert_eq(day, day_of(2101, 1, 1));
}

Test(date, known_days)
{
	cr_expect_eq(day_of(1970, 1, 1), 0);
	cr_expect_eq(day_of(1969, 12, 31), -1);
	cr_expect_eq(day_of(1900, 1, 1), -25567);
	cr_expect_eq(day_of(1, 1, 1), -719162);
	cr_expect_eq(day_of(9999, 12, 31), 2932896);
	cr_expect_eq(day_of(2026, 3, 2), 1772438400 / 86400);
}

Test(date, far_days_round_trip)
{
	static const int ymd[][3] = {{1, 1, 1}, {1, 12, 31}, {4, 2, 29},
	    {1600, 2, 29}, {1752, 9, 3}, {1899, 12, 31}, {2400, 2, 29},
	    {9999, 12, 31}};
	for (size_t i = 0; i < sizeof ymd / sizeof ymd[0]; i++) {
		int y, m, d;
		cb_day_to_ymd(
		    day_of(ymd[i][0], ymd[i][1], ymd[i][2]), &y, &m, &d);
		cr_expect(y == ymd[i][0] && m == ymd[i][1] && d == ymd[i][2],
		    "%d-%d-%d came back as %d-%d-%d", ymd[i][0], ymd[i][1],
		    ymd[i][2], y, m, d);
	}
}

Test(date, format_pads_small_years)
{
	char buf[11];
	cb_day_format(day_of(1, 1, 1), buf);
	cr_expect_str_eq(buf, "0001-01-01");
	cb_day_format(day_of(987, 6, 5), buf);
	cr_expect_str_eq(buf, "0987-06-05");
}

Test(date, from_ymd_refuses_impossible)
{
	static const int ymd[][3] = {{2025, 2, 29}, {1900, 2, 29},
	    {2100, 2, 29}, {2025, 2, 30}, {2025, 2, 31}, {2025, 4, 31},
	    {2025, 6, 31}, {2025, 9, 31}, {2025, 11, 31}, {2025, 0, 1},
	    {2025, 13, 1}, {2025, 1, 0}, {2025, 1, 32}, {2025, -1, 1},
	    {0, 1, 1}, {-5, 1, 1}, {10000, 1, 1}};
	for (size_t i = 0; i < sizeof ymd / sizeof ymd[0]; i++) {
		cb_day day = 12345;
		cr_expect_eq(
		    cb_day_from_ymd(ymd[i][0], ymd[i][1], ymd[i][2], &day),
		    CB_ERR_INPUT, "%d-%d-%d", ymd[i][0], ymd[i][1], ymd[i][2]);
		cr_expect_eq(day, 12345, "output touched on failure");
	}
}

Test(date, leap_days_accepted)
{
	cb_day day;
	cr_expect_eq(cb_day_from_ymd(2024, 2, 29, &day), CB_OK);
	cr_expect_eq(cb_day_from_ymd(2000, 2, 29, &day), CB_OK);
	cr_expect_eq(cb_day_from_ymd(1600, 2, 29, &day), CB_OK);
}

Test(date, weekday)
{
	cr_expect_eq(cb_day_weekday(0), 4);
	cr_expect_eq(cb_day_weekday(-1), 3);
	cr_expect_eq(cb_day_weekday(-4), 0);
	cr_expect_eq(cb_day_weekday(-7), 4);
	cr_expect_eq(cb_day_weekday(day_of(2026, 3, 29)), 0);
	cr_expect_eq(cb_day_weekday(day_of(2026, 3, 2)), 1);
	cr_expect_eq(cb_day_weekday(day_of(1, 1, 1)), 1);
	cr_expect_eq(cb_day_weekday(INT32_MIN), ((INT32_MIN % 7) + 11) % 7);
	cr_expect_eq(cb_day_weekday(INT32_MAX), ((INT32_MAX % 7) + 4) % 7);
}

/* Criterion runs each case in a new process where pointers of this one
 * mean nothing, so the cases hold their text by value. */
struct parse_case {
	char text[48];
	char want[48]; /* YYYY-MM-DD, or the start of why */
};

ParameterizedTestParameters(date, parse_accepts)
{
	static struct parse_case cases[] = {
	    {"2025-12-31", "2025-12-31"},
	    {"  2025-12-31  ", "2025-12-31"},
	    {"\t2025-01-05\n", "2025-01-05"},
	    {"31-12-2025", "2025-12-31"},
	    {"31/12/2025", "2025-12-31"},
	    {"31.12.2025", "2025-12-31"},
	    {"5-1-2025", "2025-01-05"},
	    {"5/1/2025", "2025-01-05"},
	    {"05.01.2025", "2025-01-05"},
	    {"5/01/2025", "2025-01-05"},
	    {"05/1/2025", "2025-01-05"},
	    {"29-02-2024", "2024-02-29"},
	    {"29/02/2000", "2000-02-29"},
	    {"31-12-2025 00:00:00", "2025-12-31"},
	    {"31-12-2025 23:59", "2025-12-31"},
	    {"31/12/2025 0:00", "2025-12-31"},
	    {"2025-12-31 13:45:10", "2025-12-31"},
	    {"2025-12-31\t13:45", "2025-12-31"},
	    {"2025-12-31   08:05  ", "2025-12-31"},
	    {"0001-01-01", "0001-01-01"},
	    {"31-12-9999", "9999-12-31"},
	};
	return cr_make_param_array(
	    struct parse_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct parse_case *c, date, parse_accepts)
{
	cb_day day;
	const char *why = NULL;
	char buf[11];
	cr_assert_eq(cb_day_parse(c->text, NULL, &day, &why), CB_OK,
	    "\"%s\": %s", c->text, why ? why : "");
	cb_day_format(day, buf);
	cr_expect_str_eq(buf, c->want, "\"%s\"", c->text);
}

ParameterizedTestParameters(date, parse_refuses)
{
	static struct parse_case cases[] = {
	    {"", "not a date"},
	    {"   ", "not a date"},
	    {"hello", "not a date"},
	    {"31-12-25", "not a date"},
	    {"31/12/25", "not a date"},
	    {"25-12-31", "not a date"},
	    {"2025/12/31", "not a date"},
	    {"2025.12.31", "not a date"},
	    {"2025-1-5", "not a date"},
	    {"2025-12-031", "not a date"},
	    {"20251231", "not a date"},
	    {"12025-12-31", "not a date"},
	    {"31-12/2025", "not a date"},
	    {"31/12.2025", "not a date"},
	    {"31_12_2025", "not a date"},
	    {"031-12-2025", "not a date"},
	    {"31-123-2025", "not a date"},
	    {"31-12-20250", "not a date"},
	    {"-31-12-2025", "not a date"},
	    {"+2025-12-31", "not a date"},
	    {"31-12-2025x", "not a date"},
	    {"31-12-2025 x", "not a date"},
	    {"31-12-2025 00", "not a date"},
	    {"31-12-2025 00:0", "not a date"},
	    {"31-12-2025 00:00:", "not a date"},
	    {"31-12-2025 00:00:0", "not a date"},
	    {"31-12-2025 24:00", "not a date"},
	    {"31-12-2025 12:60", "not a date"},
	    {"31-12-2025 12:00:61", "not a date"},
	    {"31-12-2025 000:00", "not a date"},
	    {"31-12-2025 00:00 PM", "not a date"},
	    {"31-12-2025T00:00", "not a date"},
	    {"31-12-202500:00", "not a date"},
	    {"2025-12-31 00:00Z", "not a date"},
	    {"2025-12-31 2025-12-31", "not a date"},
	    {"31 12 2025", "not a date"},
	    {"\xef\xbc\x93\xef\xbc\x91-12-2025", "not a date"},
	    {"31-02-2025", "impossible date"},
	    {"29-02-2025", "impossible date"},
	    {"2025-02-29", "impossible date"},
	    {"29.02.1900", "impossible date"},
	    {"31/04/2025", "impossible date"},
	    {"31-06-2025 10:00", "impossible date"},
	    {"00-01-2025", "impossible date"},
	    {"01-00-2025", "impossible date"},
	    {"01-13-2025", "impossible date"},
	    {"32-01-2025", "impossible date"},
	    {"2025-13-01", "impossible date"},
	    {"0000-01-01", "impossible date"},
	    {"01-01-0000", "impossible date"},
	};
	return cr_make_param_array(
	    struct parse_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct parse_case *c, date, parse_refuses)
{
	cb_day day = 777;
	const char *why = NULL;
	cr_assert_eq(cb_day_parse(c->text, NULL, &day, &why), CB_ERR_INPUT,
	    "\"%s\" accepted", c->text);
	cr_assert_not_null(why);
	cr_expect(strncmp(why, c->want, strlen(c->want)) == 0, "\"%s\": %s",
	    c->text, why);
	cr_expect_eq(day, 777);
	/* And the same without asking why. */
	cr_expect_eq(cb_day_parse(c->text, NULL, &day, NULL), CB_ERR_INPUT);
}

Test(date, parse_messages_are_exact)
{
	cb_day day;
	const char *why = NULL;
	cb_day_parse("31-12-25", NULL, &day, &why);
	cr_expect_str_eq(why, "not a date (expected YYYY-MM-DD or DD-MM-YYYY)");
	cb_day_parse("31-02-2025", NULL, &day, &why);
	cr_expect_str_eq(why, "impossible date");
}

Test(date, parse_null_text)
{
	cb_day day;
	const char *why = NULL;
	cr_expect_eq(cb_day_parse(NULL, NULL, &day, &why), CB_ERR_INPUT);
	cr_expect_not_null(why);
	cr_expect_eq(cb_day_parse(NULL, "%Y", &day, NULL), CB_ERR_INPUT);
}

struct format_case {
	char text[48];
	char format[32];
	char want[48]; /* YYYY-MM-DD, or the start of why */
};

ParameterizedTestParameters(date, parse_with_format)
{
	static struct format_case cases[] = {
	    {"12/31/2025", "%m/%d/%Y", "2025-12-31"},
	    {"1/5/2025", "%m/%d/%Y", "2025-01-05"},
	    {"  1/5/2025  ", "%m/%d/%Y", "2025-01-05"},
	    {"02/29/2024", "%m/%d/%Y", "2024-02-29"},
	    {"20251231", "%Y%m%d", "2025-12-31"},
	    {"05 Mar 2026", "%d %b %Y", "2026-03-05"},
	    {"2026-03-05T10:00", "%Y-%m-%dT%H:%M", "2026-03-05"},
	    {"02/31/2025", "%m/%d/%Y", "impossible date"},
	    {"02/29/2025", "%m/%d/%Y", "impossible date"},
	    {"04/31/2025", "%m/%d/%Y", "impossible date"},
	    {"31/12/2025", "%m/%d/%Y", "not a date"},
	    {"12/31/2025x", "%m/%d/%Y", "not a date"},
	    {"12/31/2025 10:00", "%m/%d/%Y", "not a date"},
	    {"12/31", "%m/%d/%Y", "not a date"},
	    {"", "%m/%d/%Y", "not a date"},
	    {"2025", "%Y", "impossible date"},
	};
	return cr_make_param_array(
	    struct format_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct format_case *c, date, parse_with_format)
{
	cb_day day = 777;
	const char *why = NULL;
	char buf[11];
	int rc = cb_day_parse(c->text, c->format, &day, &why);
	if (strncmp(c->want, "not", 3) == 0 ||
	    strncmp(c->want, "impossible", 10) == 0) {
		cr_assert_eq(rc, CB_ERR_INPUT, "\"%s\" accepted", c->text);
		cr_assert_not_null(why);
		cr_expect(strncmp(why, c->want, strlen(c->want)) == 0,
		    "\"%s\": %s", c->text, why);
		cr_expect_eq(day, 777);
		return;
	}
	cr_assert_eq(rc, CB_OK, "\"%s\": %s", c->text, why ? why : "");
	cb_day_format(day, buf);
	cr_expect_str_eq(buf, c->want, "\"%s\"", c->text);
}

struct instant_case {
	char text[48];
	long long want; /* seconds since the epoch when why is empty */
	char why[32];
};

ParameterizedTestParameters(date, time_parse)
{
	static struct instant_case cases[] = {
	    {"2026-03-02 08:00Z", 1772438400, ""},
	    {"2026-03-02T08:00Z", 1772438400, ""},
	    {"2026-03-02 08:00:00Z", 1772438400, ""},
	    {"2026-03-02T08:00:00z", 1772438400, ""},
	    {"  2026-03-02 08:00Z  ", 1772438400, ""},
	    {"2026-03-02 08:00+00:00", 1772438400, ""},
	    {"2026-03-02 08:00-00:00", 1772438400, ""},
	    {"2026-03-02 05:00-03:00", 1772438400, ""},
	    {"2026-03-02 05:00-0300", 1772438400, ""},
	    {"2026-03-02 05:00-03", 1772438400, ""},
	    {"2026-03-02 09:00+01:00", 1772438400, ""},
	    {"2026-03-02 09:00+0100", 1772438400, ""},
	    {"2026-03-02 09:00+01", 1772438400, ""},
	    {"2026-03-02 13:30+05:30", 1772438400, ""},
	    {"2026-03-02T02:30:00-05:30", 1772438400, ""},
	    {"2026-03-01 23:00-09", 1772438400, ""},
	    {"1969-12-31 23:59:59Z", -1, ""},
	    {"1900-01-01 00:00Z", -2208988800LL, ""},
	    {"2024-02-29 23:59Z", 1709251140, ""},
	    {"2026-03-29T00:59:59Z", 1774745999, ""},
	    {"2026-03-02", 0, "not a time"},
	    {"2026-03-02 08", 0, "not a time"},
	    {"2026-03-02 8:00Z", 0, "not a time"},
	    {"2026-03-02  08:00Z", 0, "not a time"},
	    {"2026-03-02t08:00Z", 0, "not a time"},
	    {"02-03-2026 08:00Z", 0, "not a time"},
	    {"2026-03-02 08:00:0Z", 0, "not a time"},
	    {"2026-03-02 08:00 Z", 0, "not a time"},
	    {"2026-03-02 08:00ZZ", 0, "not a time"},
	    {"2026-03-02 08:00+3", 0, "not a time"},
	    {"2026-03-02 08:00+03:", 0, "not a time"},
	    {"2026-03-02 08:00+03:0", 0, "not a time"},
	    {"2026-03-02 08:00+030", 0, "not a time"},
	    {"2026-03-02 08:00+03:000", 0, "not a time"},
	    {"2026-03-02 08:00UTC", 0, "not a time"},
	    {"2026-03-02 08:00.5Z", 0, "not a time"},
	    {"", 0, "not a time"},
	    {"2026-02-29 08:00Z", 0, "impossible date"},
	    {"2026-04-31 08:00Z", 0, "impossible date"},
	    {"0000-01-01 08:00Z", 0, "impossible date"},
	    {"2026-03-02 24:00Z", 0, "impossible time"},
	    {"2026-03-02 23:60Z", 0, "impossible time"},
	    {"2026-03-02 23:59:60Z", 0, "impossible time"},
	    {"2026-03-02 08:00+24:00", 0, "impossible zone"},
	    {"2026-03-02 08:00-03:60", 0, "impossible zone"},
	};
	return cr_make_param_array(
	    struct instant_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct instant_case *c, date, time_parse)
{
	time_t t = 777;
	const char *why = NULL;
	int rc = cb_time_parse(c->text, &t, &why);
	if (c->why[0] != '\0') {
		cr_assert_eq(rc, CB_ERR_INPUT, "\"%s\" accepted", c->text);
		cr_assert_not_null(why);
		cr_expect(strncmp(why, c->why, strlen(c->why)) == 0,
		    "\"%s\": %s", c->text, why);
		cr_expect_eq(t, 777);
		return;
	}
	cr_assert_eq(rc, CB_OK, "\"%s\": %s", c->text, why ? why : "");
	cr_expect_eq(
	    (long long)t, c->want, "\"%s\": %lld", c->text, (long long)t);
}

/* Parses a zone-less time with the host zone set to tz. */
static time_t parse_in_host_zone(const char *tz, const char *text)
{
	time_t t = 0;
	const char *why = NULL;
	cr_assert_eq(setenv("TZ", tz, 1), 0);
	tzset();
	cr_assert_eq(cb_time_parse(text, &t, &why), CB_OK, "%s: %s", text,
	    why ? why : "");
	return t;
}

Test(date, time_parse_without_zone_is_host_local)
{
	cr_expect_eq(parse_in_host_zone("UTC", "2026-03-02 08:00"), 1772438400);
	/* March 2 is summer in Santiago: -03. */
	cr_expect_eq(parse_in_host_zone("America/Santiago", "2026-03-02 05:00"),
	    1772438400);
	cr_expect_eq(parse_in_host_zone("America/Lima", "2026-03-02T03:00:00"),
	    1772438400);
	cr_expect_eq(parse_in_host_zone("Europe/Madrid", "2026-03-02 09:00"),
	    1772438400);
	/* Madrid in summer time, the hour after the change: CEST, +02. */
	cr_expect_eq(parse_in_host_zone("Europe/Madrid", "2026-03-29 03:00"),
	    1774746000);
	/* Santiago at the end of summer: 23:59:59 -03 and 23:00 -04. */
	cr_expect_eq(
	    parse_in_host_zone("America/Santiago", "2026-04-04 23:59:59"),
	    1775357999);
	cr_expect_eq(parse_in_host_zone("America/Santiago", "2026-04-05 00:00"),
	    1775358000 + 3600);
}

Test(date, time_parse_why_may_be_null)
{
	time_t t;
	cr_expect_eq(cb_time_parse("nope", &t, NULL), CB_ERR_INPUT);
	cr_expect_eq(
	    cb_time_parse("2026-03-02 08:00+99", &t, NULL), CB_ERR_INPUT);
	cr_expect_eq(cb_time_parse(NULL, &t, NULL), CB_ERR_INPUT);
}

Test(date, time_format_utc)
{
	char buf[17];
	cb_time_format_utc(1772438400, buf);
	cr_expect_str_eq(buf, "2026-03-02 08:00");
	cb_time_format_utc(1774745999, buf);
	cr_expect_str_eq(buf, "2026-03-29 00:59");
	cb_time_format_utc(0, buf);
	cr_expect_str_eq(buf, "1970-01-01 00:00");
	cb_time_format_utc(-1, buf);
	cr_expect_str_eq(buf, "1969-12-31 23:59");
	cb_time_format_utc(-2208988800LL, buf);
	cr_expect_str_eq(buf, "1900-01-01 00:00");
}

Test(date, time_round_trip)
{
	static const char *texts[] = {"2026-03-02 08:00", "1969-12-31 23:59",
	    "2000-02-29 12:34", "0001-01-01 00:00", "9999-12-31 23:59"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char in[32], out[17];
		time_t t;
		snprintf(in, sizeof in, "%sZ", texts[i]);
		cr_assert_eq(cb_time_parse(in, &t, NULL), CB_OK, "%s", in);
		cb_time_format_utc(t, out);
		cr_expect_str_eq(out, texts[i]);
	}
}

Test(date, tz_exists)
{
	cr_expect(cb_tz_exists("America/Santiago"));
	cr_expect(cb_tz_exists("America/Lima"));
	cr_expect(cb_tz_exists("Europe/Madrid"));
	cr_expect(cb_tz_exists("Pacific/Easter"));
	cr_expect(cb_tz_exists("UTC"));
	cr_expect_not(cb_tz_exists("Mars/Olympus"));
	cr_expect_not(cb_tz_exists("../etc/passwd"));
	cr_expect_not(cb_tz_exists("America/../Europe/Madrid"));
	cr_expect_not(cb_tz_exists("/usr/share/zoneinfo/UTC"));
	cr_expect_not(cb_tz_exists("/etc/passwd"));
	cr_expect_not(cb_tz_exists(""));
	cr_expect_not(cb_tz_exists(NULL));
	cr_expect_not(cb_tz_exists("America"));
	cr_expect_not(cb_tz_exists("Europe/Madrid/"));
	cr_expect_not(cb_tz_exists("europe/madrid"));
	cr_expect_not(cb_tz_exists("CLT+3"));
	cr_expect_not(cb_tz_exists("zone.tab"));
}

/* Copies the system's UTC zone file into dir/name. */
static void copy_utc_zone(const char *dir, const char *name)
{
	char data[8192];
	FILE *f = fopen("/usr/share/zoneinfo/UTC", "rb");
	size_t n;
	cr_assert_not_null(f);
	n = fread(data, 1, sizeof data, f);
	fclose(f);
	cr_assert_gt(n, 4);
	fixture_file(dir, name, data, n);
}

Test(date, tz_exists_follows_tzdir, .fini = fixture_cleanup)
{
	const char *dir = fixture_dir();
	struct tm tm;
	copy_utc_zone(dir, "Home");
	fixture_file(dir, "NotAZone", "hello\n", 6);
	cr_assert_eq(setenv("TZDIR", dir, 1), 0);
	cr_expect(cb_tz_exists("Home"));
	cr_expect_not(cb_tz_exists("NotAZone"));
	cr_expect_not(cb_tz_exists("Europe/Madrid"));
	cr_expect_eq(cb_tz_localtime(0, "Home", &tm), CB_OK);
	cr_expect_eq(tm.tm_gmtoff, 0);
	cr_expect_eq(cb_tz_localtime(0, "Europe/Madrid", &tm), CB_ERR_INPUT);
	cr_assert_eq(setenv("TZDIR", "", 1), 0);
	cr_expect(cb_tz_exists("Europe/Madrid"));
}

/* Broken-down time of t in tz, which must succeed. */
static struct tm local_in(const char *tz, time_t t)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	cr_assert_eq(cb_tz_localtime(t, tz, &tm), CB_OK, "%s", tz);
	return tm;
}

/* Checks the wall clock and offset of t in tz. */
static void expect_local(
    const char *tz, time_t t, const char *want, long gmtoff, int isdst)
{
	struct tm tm = local_in(tz, t);
	char buf[80];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	cr_expect_str_eq(buf, want, "%s at %lld", tz, (long long)t);
	cr_expect_eq(tm.tm_gmtoff, gmtoff, "%s at %lld: %ld", tz, (long long)t,
	    (long)tm.tm_gmtoff);
	cr_expect_eq(tm.tm_isdst, isdst, "%s at %lld", tz, (long long)t);
}

/* Seconds since the epoch of a UTC wall-clock time. */
static time_t utc(int y, int m, int d, int h, int mi, int s)
{
	return (time_t)day_of(y, m, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* The last Sunday of a month, counted back from its last day. */
static cb_day last_sunday(int y, int m)
{
	cb_day day = day_of(y, m, month_days(y, m));
	return day - cb_day_weekday(day);
}

Test(date, madrid_change_days_2026)
{
	expect_local(
	    "Europe/Madrid", 1774745999, "2026-03-29 01:59:59", 3600, 0);
	expect_local(
	    "Europe/Madrid", 1774746000, "2026-03-29 03:00:00", 7200, 1);
	expect_local(
	    "Europe/Madrid", 1792889999, "2026-10-25 02:59:59", 7200, 1);
	expect_local(
	    "Europe/Madrid", 1792890000, "2026-10-25 02:00:00", 3600, 0);
}

/* The EU rule: summer time from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October. */
Test(date, madrid_follows_eu_rule)
{
	for (int y = 1997; y <= 2037; y++) {
		time_t on = (time_t)last_sunday(y, 3) * 86400 + 3600;
		time_t off = (time_t)last_sunday(y, 10) * 86400 + 3600;
		cr_expect_eq(
		    local_in("Europe/Madrid", on - 1).tm_gmtoff, 3600, "%d", y);
		cr_expect_eq(
		    local_in("Europe/Madrid", on).tm_gmtoff, 7200, "%d", y);
		cr_expect_eq(local_in("Europe/Madrid", off - 1).tm_gmtoff, 7200,
		    "%d", y);
		cr_expect_eq(
		    local_in("Europe/Madrid", off).tm_gmtoff, 3600, "%d", y);
	}
}

/* Chile in 2026: summer time (-03) ends at 24:00 on Saturday April 4 and
 * starts again at 24:00 on Saturday September 5, local -04. */
Test(date, santiago_change_days_2026)
{
	expect_local("America/Santiago", utc(2026, 4, 5, 2, 59, 59),
	    "2026-04-04 23:59:59", -10800, 1);
	expect_local("America/Santiago", utc(2026, 4, 5, 3, 0, 0),
	    "2026-04-04 23:00:00", -14400, 0);
	expect_local("America/Santiago", utc(2026, 9, 6, 3, 59, 59),
	    "2026-09-05 23:59:59", -14400, 0);
	expect_local("America/Santiago", utc(2026, 9, 6, 4, 0, 0),
	    "2026-09-06 01:00:00", -10800, 1);
}

/* Easter Island changes at the same instants, two hours behind Santiago. */
Test(date, easter_change_days_2026)
{
	expect_local("Pacific/Easter", utc(2026, 4, 5, 2, 59, 59),
	    "2026-04-04 21:59:59", -18000, 1);
	expect_local("Pacific/Easter", utc(2026, 4, 5, 3, 0, 0),
	    "2026-04-04 21:00:00", -21600, 0);
	expect_local("Pacific/Easter", utc(2026, 9, 6, 3, 59, 59),
	    "2026-09-05 21:59:59", -21600, 0);
	expect_local("Pacific/Easter", utc(2026, 9, 6, 4, 0, 0),
	    "2026-09-05 23:00:00", -18000, 1);
}

Test(date, lima_has_no_summer_time)
{
	for (int m = 1; m <= 12; m++) {
		char want[32];
		snprintf(want, sizeof want, "2026-%02d-15 07:00:00", m);
		expect_local("America/Lima", utc(2026, m, 15, 12, 0, 0), want,
		    -18000, 0);
	}
}

Test(date, zone_name_outlives_the_switch)
{
	struct tm tm = local_in("Europe/Madrid", 1774746000);
	cr_assert_not_null(tm.tm_zone);
	cr_expect_str_eq(tm.tm_zone, "CEST");
	tm = local_in("America/Santiago", utc(2026, 4, 5, 3, 0, 0));
	cr_expect_str_eq(tm.tm_zone, "-04");
}

Test(date, today_in_zone)
{
	cb_day day;
	/* Santiago on the night summer time ends: still Saturday. */
	cr_assert_eq(
	    cb_tz_today(utc(2026, 4, 5, 3, 0, 0), "America/Santiago", &day),
	    CB_OK);
	cr_expect_eq(day, day_of(2026, 4, 4));
	/* The first hour of September 6 is skipped: 01:00 is already the 6th.
	 */
	cr_assert_eq(
	    cb_tz_today(utc(2026, 9, 6, 4, 0, 0), "America/Santiago", &day),
	    CB_OK);
	cr_expect_eq(day, day_of(2026, 9, 6));
	cr_assert_eq(
	    cb_tz_today(utc(2026, 9, 6, 3, 59, 59), "America/Santiago", &day),
	    CB_OK);
	cr_expect_eq(day, day_of(2026, 9, 5));
	/* Lima's midnight is 05:00 UTC. */
	cr_assert_eq(
	    cb_tz_today(utc(2026, 1, 1, 4, 59, 59), "America/Lima", &day),
	    CB_OK);
	cr_expect_eq(day, day_of(2025, 12, 31));
	cr_assert_eq(
	    cb_tz_today(utc(2026, 1, 1, 5, 0, 0), "America/Lima", &day), CB_OK);
	cr_expect_eq(day, day_of(2026, 1, 1));
	/* Madrid is already in the next day at 23:30 UTC. */
	cr_assert_eq(
	    cb_tz_today(utc(2026, 6, 30, 23, 30, 0), "Europe/Madrid", &day),
	    CB_OK);
	cr_expect_eq(day, day_of(2026, 7, 1));
}

Test(date, unknown_zones_refused)
{
	static const char *bad[] = {
	    "Mars/Olympus", "../etc/passwd", "", "/etc/localtime", "Nowhere"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct tm tm;
		cb_day day = 777;
		cr_expect_eq(cb_tz_localtime(0, bad[i], &tm), CB_ERR_INPUT,
		    "\"%s\"", bad[i]);
		cr_expect_eq(cb_tz_today(0, bad[i], &day), CB_ERR_INPUT,
		    "\"%s\"", bad[i]);
		cr_expect_eq(day, 777);
	}
	cr_expect_eq(cb_tz_localtime(0, NULL, &(struct tm){0}), CB_ERR_INPUT);
}

/* The hour at the epoch in whatever zone the process has now. */
static int host_hour_at_epoch(void)
{
	struct tm tm;
	time_t t = 0;
	tzset();
	cr_assert_not_null(localtime_r(&t, &tm));
	return tm.tm_hour;
}

Test(date, tz_restored_when_set)
{
	const char *now;
	cr_assert_eq(setenv("TZ", "Asia/Tokyo", 1), 0);
	tzset();
	local_in("America/Santiago", 0);
	now = getenv("TZ");
	cr_assert_not_null(now);
	cr_expect_str_eq(now, "Asia/Tokyo");
	cr_expect_eq(host_hour_at_epoch(), 9);
	/* Also when the zone is refused. */
	cr_expect_eq(
	    cb_tz_localtime(0, "Mars/Olympus", &(struct tm){0}), CB_ERR_INPUT);
	cr_expect_str_eq(getenv("TZ"), "Asia/Tokyo");
}

Test(date, tz_restored_when_unset)
{
	cr_assert_eq(unsetenv("TZ"), 0);
	tzset();
	int before = host_hour_at_epoch();
	local_in("Asia/Tokyo", 0);
	cr_expect_null(getenv("TZ"));
	cr_expect_eq(host_hour_at_epoch(), before);
}

Test(date, tz_restored_when_empty)
{
	cr_assert_eq(setenv("TZ", "", 1), 0);
	tzset();
	local_in("Asia/Tokyo", 0);
	cr_assert_not_null(getenv("TZ"));
	cr_expect_str_eq(getenv("TZ"), "");
	cr_expect_eq(host_hour_at_epoch(), 0);
}

Test(date, host_zone_used_after_switch)
{
	time_t t;
	cr_assert_eq(setenv("TZ", "Asia/Tokyo", 1), 0);
	tzset();
	local_in("America/Lima", 0);
	cr_assert_eq(cb_time_parse("1970-01-01 09:00", &t, NULL), CB_OK);
	cr_expect_eq(t, 0);
}

/* The instant of minute past midnight on day in tz, which must succeed. */
static time_t wall_in(const char *tz, cb_day day, int minute)
{
	time_t t = 0;
	cr_assert_eq(cb_tz_mktime(tz, day, minute, &t), CB_OK, "%s", tz);
	return t;
}

/* 08:00 at -03 (summer) is 11:00 UTC; at -04 (winter) 12:00 UTC.  The
 * changes of 2026 fall at 24:00 on Saturdays 04-04 and 09-05. */
Test(date, tz_mktime_santiago_summer_and_winter)
{
	const char *z = "America/Santiago";
	cr_expect_eq(wall_in(z, day_of(2026, 1, 15), 480),
	    utc(2026, 1, 15, 11, 0, 0));
	cr_expect_eq(wall_in(z, day_of(2026, 7, 15), 480),
	    utc(2026, 7, 15, 12, 0, 0));
	cr_expect_eq(wall_in(z, day_of(2026, 4, 4), 480),
	    utc(2026, 4, 4, 11, 0, 0));
	cr_expect_eq(wall_in(z, day_of(2026, 4, 5), 480),
	    utc(2026, 4, 5, 12, 0, 0));
	cr_expect_eq(wall_in(z, day_of(2026, 9, 5), 480),
	    utc(2026, 9, 5, 12, 0, 0));
	cr_expect_eq(wall_in(z, day_of(2026, 9, 6), 480),
	    utc(2026, 9, 6, 11, 0, 0));
}

/* Madrid is +01 (CET) until 01:00 UTC on 03-29 and after 01:00 UTC on
 * 10-25, +02 (CEST) between. */
Test(date, tz_mktime_madrid_either_side_of_its_changes)
{
	const char *z = "Europe/Madrid";
	cr_expect_eq(wall_in(z, day_of(2026, 3, 28), 480),
	    utc(2026, 3, 28, 7, 0, 0));
	cr_expect_eq(wall_in(z, day_of(2026, 3, 29), 480),
	    utc(2026, 3, 29, 6, 0, 0));
	cr_expect_eq(wall_in(z, day_of(2026, 3, 29), 1 * 60 + 59),
	    utc(2026, 3, 29, 0, 59, 0));
	cr_expect_eq(wall_in(z, day_of(2026, 3, 29), 3 * 60),
	    utc(2026, 3, 29, 1, 0, 0));
	cr_expect_eq(wall_in(z, day_of(2026, 10, 24), 480),
	    utc(2026, 10, 24, 6, 0, 0));
	cr_expect_eq(wall_in(z, day_of(2026, 10, 25), 480),
	    utc(2026, 10, 25, 7, 0, 0));
}

/* A time the clocks skip reads as the same length after the change:
 * 02:30 in Madrid on 03-29 is 30 minutes after 02:00 CET (01:00 UTC);
 * 00:30 in Santiago on 09-06 is 30 minutes after 00:00 -04 (04:00 UTC);
 * 02:30 in New York on 03-08 is 30 minutes after 02:00 EST (07:00 UTC). */
Test(date, tz_mktime_in_a_gap_reads_after_the_change)
{
	cr_expect_eq(wall_in("Europe/Madrid", day_of(2026, 3, 29), 150),
	    utc(2026, 3, 29, 1, 30, 0));
	cr_expect_eq(wall_in("America/Santiago", day_of(2026, 9, 6), 30),
	    utc(2026, 9, 6, 4, 30, 0));
	cr_expect_eq(wall_in("America/New_York", day_of(2026, 3, 8), 150),
	    utc(2026, 3, 8, 7, 30, 0));
}

/* Minute 1440 is the next midnight (a window closing at 24:00); Lima is
 * -05 all year. */
Test(date, tz_mktime_minute_1440_is_the_next_midnight)
{
	cr_expect_eq(wall_in("America/Lima", day_of(2026, 1, 1), 0),
	    utc(2026, 1, 1, 5, 0, 0));
	cr_expect_eq(wall_in("America/Lima", day_of(2026, 1, 1), 1440),
	    utc(2026, 1, 2, 5, 0, 0));
	cr_expect_eq(wall_in("America/Lima", day_of(2026, 12, 31), 1440),
	    utc(2027, 1, 1, 5, 0, 0));
}

Test(date, tz_mktime_refuses_unknown_zones)
{
	time_t t;
	cr_expect_eq(cb_tz_mktime("Mars/Olympus", day_of(2026, 1, 1), 0, &t),
	    CB_ERR_INPUT);
	cr_expect_eq(cb_tz_mktime("", day_of(2026, 1, 1), 0, &t),
	    CB_ERR_INPUT);
}

/* Easter Sundays of the published tables. */
Test(date, easter_known_years)
{
	static const int known[][3] = {
	    {1818, 3, 22}, {1943, 4, 25}, {2000, 4, 23}, {2008, 3, 23},
	    {2019, 4, 21}, {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},
	    {2027, 3, 28}, {2038, 4, 25}, {2285, 3, 22}};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		cr_expect_eq(cb_easter(known[i][0]),
		    day_of(known[i][0], known[i][1], known[i][2]), "%d",
		    known[i][0]);
}

/* Gregorian Easter is always a Sunday from March 22 to April 25. */
Test(date, easter_is_a_sunday_from_march_22_to_april_25)
{
	for (int y = 1583; y <= 2500; y++) {
		cb_day e = cb_easter(y);
		cr_expect_eq(cb_day_weekday(e), 0, "%d", y);
		cr_expect_geq(e, day_of(y, 3, 22), "%d", y);
		cr_expect_leq(e, day_of(y, 4, 25), "%d", y);
	}
}

/* Local times are kept for the instants asked last (a re-score asks the
 * same few zones the same instant for every account): asked again, in
 * turn, and after more instants than are kept, each is still its own. */
Test(date, local_times_asked_again_and_in_turn_stay_right)
{
	time_t t = utc(2026, 3, 2, 13, 0, 0);
	for (int round = 0; round < 3; round++) {
		expect_local("America/Santiago", t, "2026-03-02 10:00:00", -3 * 3600, 1);
		expect_local("America/Lima", t, "2026-03-02 08:00:00", -5 * 3600, 0);
		expect_local("Europe/Madrid", t, "2026-03-02 14:00:00", 3600, 0);
		expect_local("America/Santiago", t + 3600, "2026-03-02 11:00:00",
		    -3 * 3600, 1);
	}
	for (int h = 0; h < 10; h++) {
		char want[32];
		snprintf(want, sizeof want, "2026-03-02 %02d:00:00", 14 + h);
		expect_local("Europe/Madrid", t + h * 3600, want, 3600, 0);
	}
	expect_local("America/Lima", t, "2026-03-02 08:00:00", -5 * 3600, 0);
	struct tm tm = local_in("America/Santiago", t);
	cr_expect_str_eq(tm.tm_zone, "-03");
	tm = local_in("Europe/Madrid", t);
	cr_expect_str_eq(tm.tm_zone, "CET");
}
