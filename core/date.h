/*
 * date.h -- civil dates, instants and time zones.
 *
 * A civil date (a due date, an as-of date) is a cb_day: days since
 * 1970-01-01, so that subtracting two gives days past due.  An instant is
 * a time_t in UTC.  Time zones are IANA names read from the system's
 * time-zone database ("America/Santiago"); converting an instant to a zone
 * follows its daylight-saving rules on the day they change.
 */
#ifndef CB_DATE_H
#define CB_DATE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef int32_t cb_day;

/* Makes a day from year, month (1-12) and day (1-31).  Returns CB_OK, or
 * CB_ERR_INPUT for an impossible date such as 2025-02-29. */
int cb_day_from_ymd(int year, int month, int mday, cb_day *out);

/* Splits a day into year, month (1-12) and day of month. */
void cb_day_to_ymd(cb_day day, int *year, int *month, int *mday);

/* Day of week, 0 = Sunday. */
int cb_day_weekday(cb_day day);

/*
 * Parses a date.  With format NULL it accepts YYYY-MM-DD and day-first
 * DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY (one or two digits for day and month),
 * optionally followed by a time of day that is ignored ("31-12-2025
 * 00:00:00").  With a format it uses strptime(3) with that format (for
 * month-first files: "%m/%d/%Y").  Returns CB_OK or CB_ERR_INPUT with *why
 * (may be NULL) set: "impossible date", "not a date".
 */
int cb_day_parse(const char *text, const char *format, cb_day *out,
    const char **why);

/* Writes YYYY-MM-DD (11 bytes with the NUL). */
void cb_day_format(cb_day day, char buf[static 11]);

/*
 * Parses an ISO 8601 instant: "2026-03-02 08:00", "2026-03-02T08:00",
 * optional seconds, then "Z", "+HH:MM", "-HH:MM", "-HHMM" or "-HH".
 * Without a zone the time is the host's local time.  Returns CB_OK or
 * CB_ERR_INPUT with *why set.
 */
int cb_time_parse(const char *text, time_t *out, const char **why);

/* Writes "YYYY-MM-DD HH:MM" in UTC (17 bytes with the NUL). */
void cb_time_format_utc(time_t t, char buf[static 17]);

/* True when tz names a zone in the system's time-zone database. */
int cb_tz_exists(const char *tz);

/* Broken-down local time of t in zone tz.  Returns CB_OK, or
 * CB_ERR_INPUT for an unknown zone. */
int cb_tz_localtime(time_t t, const char *tz, struct tm *out);

/* The instant of a wall-clock time (minute after local midnight) on day in
 * zone tz; a time the clocks skip reads as the same length after the
 * change.  CB_ERR_INPUT for an unknown zone. */
int cb_tz_mktime(const char *tz, cb_day day, int minute, time_t *out);

/* Easter Sunday of a year of the Gregorian calendar. */
cb_day cb_easter(int year);

/* The civil date at instant t in zone tz (the "today" of a portfolio). */
int cb_tz_today(time_t t, const char *tz, cb_day *out);

#endif
