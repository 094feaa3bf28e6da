/*
 * format.h -- data made fit for the user's terminal and locale.
 *
 * Everything from the database is UTF-8 and untrusted: before it is
 * printed it is escaped (no control character reaches the terminal) and
 * converted to the locale's character set.  Amounts follow the locale's
 * separators, or the currency's customary ones where the locale has none.
 */
#ifndef CB_FORMAT_H
#define CB_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The workstation's choice: messages (gettext) in UTF-8, converted with
 * the data at the terminal's edge by fmt_text(). */
void fmt_messages_utf8(void);

/* strftime() in the charset messages come in (day and month names). */
struct tm;
size_t fmt_strftime(char *out, size_t size, const char *format,
    const struct tm *tm);

/* Writes s, typed in the locale's charset, to out in UTF-8; returns out. */
char *fmt_to_utf8(const char *s, char *out, size_t size);

/* Writes s escaped and in the locale's charset to out; returns out. */
char *fmt_text(const char *s, char *out, size_t size);

/* Prints a stored text (a rule pack, a script) a line at a time, each
 * escaped and converted like fmt_text(). */
void fmt_print_lines(FILE *f, const char *text, size_t size);

/* The number of terminal columns s (in the locale's charset) takes. */
int fmt_width(const char *s);

/* Writes amount in currency as the locale writes money: "1.234.567". */
char *fmt_money(int64_t amount, const char *currency, char *out, size_t size);

/* Writes in the user's language what a rule pack says about calling now:
 * "domingo (CL); próxima lun 08:00" (times in the debtor's zone). */
struct cb_contact_check;
char *fmt_contact(const struct cb_contact_check *c, char *out, size_t size);

/* A table printed with columns aligned by display width. */
struct table;
struct table *table_new(size_t ncols, const char *const *headers,
    const char *align); /* align: 'l' or 'r' per column */
/* Adds a row of ncols UTF-8 cells (escaped and converted here). */
int table_add(struct table *t, const char *const *cells);
void table_print(struct table *t, FILE *f);
void table_free(struct table **t);

#endif
