/*
 * money.h -- amounts in integer minor units, per currency.
 *
 * An amount is an int64_t count of the currency's minor unit (centavos,
 * céntimos); CLP has no minor unit, so 1 means one peso.  Parsing accepts
 * what ERP exports write (1234567, 1.234.567, 1.234,56, 1,234.56,
 * $ 1.234, -1.234, S/ 1,234.50, 1.234,56 €) and refuses, rather than
 * guesses, an amount whose reading is ambiguous for its currency.
 */
#ifndef CB_MONEY_H
#define CB_MONEY_H

#include <stddef.h>
#include <stdint.h>

struct cb_currency {
	const char *code;   /* ISO 4217: "CLP" */
	int decimals;       /* digits of the minor unit: 0 for CLP */
	const char *symbol; /* as customers see it: "$", "S/", "€" */
	char decimal_point; /* the customary separators in its country */
	char thousands_sep;
};

/* Finds a currency by ISO code, ignoring case.  Returns NULL when cobrador
 * does not know it.  The result is static. */
const struct cb_currency *cb_currency_find(const char *code);

/* The currency customary for an ISO 3166 country code ("CL" -> CLP), or
 * NULL for a country cobrador has no default for. */
const struct cb_currency *cb_currency_of_country(const char *country);

/*
 * Parses text as an amount of cur into *minor.
 * Returns CB_OK, or CB_ERR_INPUT with *why set to a static English
 * sentence (for example "ambiguous amount: '1.234' may be 1234 or 1.234").
 * why may be NULL.
 */
int cb_money_parse(const char *text, const struct cb_currency *cur,
    int64_t *minor, const char **why);

/*
 * Writes minor as a number with cur's decimals, the given decimal point and
 * thousands separator (NULL or "" for none; may be multibyte, such as a
 * UTF-8 no-break space) and no symbol: "1.234.567", "1234.50", "-12,00".
 * Returns the length it needed, like snprintf; buf is always terminated
 * when size > 0.
 */
size_t cb_money_format(int64_t minor, const struct cb_currency *cur,
    const char *decimal_point, const char *thousands_sep, char *buf,
    size_t size);

/* The machine form of DESIGN.md section 4: '.' decimals, no grouping. */
size_t cb_money_format_plain(int64_t minor, const struct cb_currency *cur,
    char *buf, size_t size);

/* Writes minor as the currency's own country writes it for customers,
 * with its symbol: "$1.234.567" (CLP), "S/ 1,234.56" (PEN), "1.234,56 €",
 * "$1,234.56" (USD, MXN).  For call scripts and letters, whatever the
 * user's locale. */
size_t cb_money_format_spoken(int64_t minor, const struct cb_currency *cur,
    char *buf, size_t size);

#endif
