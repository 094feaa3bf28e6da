/* test_money.c -- currencies, parsing of amounts as ERP exports write them,
 * formatting, and round trips between the two. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "money.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"
#define EURO "\xe2\x82\xac"

/* Parameters hold arrays, not pointers, so that they survive being copied
 * into the process of each test. */
struct parse_ok {
	char text[48];
	char code[4];
	int64_t minor;
};

struct parse_bad {
	char text[48];
	char code[4];
	char why[72];
};

struct format_case {
	int64_t minor;
	char code[4];
	char point[4];
	char sep[4];
	int null_sep;
	char want[48];
};

/* The five currencies, for loops. */
static const char *const codes[] = {"CLP", "PEN", "EUR", "USD", "MXN"};

/* A currency that must exist. */
static const struct cb_currency *currency(const char *code)
{
	const struct cb_currency *cur = cb_currency_find(code);
	cr_assert_not_null(cur, "%s", code);
	return cur;
}

Test(money, currencies)
{
	const struct cb_currency *c = currency("CLP");
	cr_expect_eq(c->decimals, 0);
	cr_expect_str_eq(c->symbol, "$");
	cr_expect_eq(c->decimal_point, ',');
	cr_expect_eq(c->thousands_sep, '.');
	c = currency("PEN");
	cr_expect_eq(c->decimals, 2);
	cr_expect_str_eq(c->symbol, "S/");
	cr_expect_eq(c->decimal_point, '.');
	cr_expect_eq(c->thousands_sep, ',');
	c = currency("EUR");
	cr_expect_eq(c->decimals, 2);
	cr_expect_str_eq(c->symbol, EURO);
	cr_expect_eq(c->decimal_point, ',');
	cr_expect_eq(c->thousands_sep, '.');
	c = currency("USD");
	cr_expect_eq(c->decimals, 2);
	cr_expect_str_eq(c->symbol, "$");
	cr_expect_eq(c->decimal_point, '.');
	cr_expect_eq(c->thousands_sep, ',');
	c = currency("MXN");
	cr_expect_eq(c->decimals, 2);
	cr_expect_str_eq(c->symbol, "$");
	cr_expect_eq(c->decimal_point, '.');
	cr_expect_eq(c->thousands_sep, ',');
	cr_expect_eq(cb_currency_find("clp"), currency("CLP"));
	cr_expect_eq(cb_currency_find("eUr"), currency("EUR"));
	cr_expect_null(cb_currency_find("GBP"));
	cr_expect_null(cb_currency_find("CL"));
	cr_expect_null(cb_currency_find("CLPX"));
	cr_expect_null(cb_currency_find(""));
	cr_expect_null(cb_currency_find(NULL));
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		cr_expect_str_eq(currency(codes[i])->code, codes[i]);
}

Test(money, currency_of_country)
{
	cr_expect_eq(cb_currency_of_country("CL"), currency("CLP"));
	cr_expect_eq(cb_currency_of_country("pe"), currency("PEN"));
	cr_expect_eq(cb_currency_of_country("Es"), currency("EUR"));
	cr_expect_eq(cb_currency_of_country("US"), currency("USD"));
	cr_expect_eq(cb_currency_of_country("mx"), currency("MXN"));
	cr_expect_null(cb_currency_of_country("AR"));
	cr_expect_null(cb_currency_of_country("CLP"));
	cr_expect_null(cb_currency_of_country("C"));
	cr_expect_null(cb_currency_of_country(""));
	cr_expect_null(cb_currency_of_country(NULL));
}

ParameterizedTestParameters(money, parse_ok)
{
	static struct parse_ok cases[] = {
		/* CLP: no decimals, so three digits after one dot are
		 * thousands. */
		{"1234567", "CLP", 1234567},
		{"1.234.567", "CLP", 1234567},
		{"1,234,567", "CLP", 1234567},
		{"1.234", "CLP", 1234},
		{"1,234", "CLP", 1234},
		{"$ 1.234", "CLP", 1234},
		{"$1.234", "CLP", 1234},
		{"1.234 $", "CLP", 1234},
		{"-1.234", "CLP", -1234},
		{"$ -1.234", "CLP", -1234},
		{"-$1.234", "CLP", -1234},
		{"- $ 1.234", "CLP", -1234},
		{"(1.234)", "CLP", -1234},
		{"( $ 1.234 )", "CLP", -1234},
		{"(1.234 CLP)", "CLP", -1234},
		{"1.234 CLP", "CLP", 1234},
		{"clp 1.234", "CLP", 1234},
		{"CLP1234", "CLP", 1234},
		{"1234,00", "CLP", 1234},
		{"1.234,00", "CLP", 1234},
		{"1234,0", "CLP", 1234},
		{"1234.000", "CLP", 1234},
		{"0.000", "CLP", 0},
		{"0", "CLP", 0},
		{"-0", "CLP", 0},
		{"007", "CLP", 7},
		{"999", "CLP", 999},
		{" \t1.234\t ", "CLP", 1234},
		{NBSP "1.234" NNBSP, "CLP", 1234},
		{"\r\n1.234\r\n", "CLP", 1234},
		{"9.223.372.036.854.775.807", "CLP", INT64_MAX},
		{"-9.223.372.036.854.775.808", "CLP", INT64_MIN},
		{"-9223372036854775808", "CLP", INT64_MIN},
		{"(9223372036854775808)", "CLP", INT64_MIN},
		{"00000000000000000000000000042", "CLP", 42},
		/* EUR. */
		{"1.234,56", "EUR", 123456},
		{"1.234,56 " EURO, "EUR", 123456},
		{"1.234,56" NBSP EURO, "EUR", 123456},
		{EURO "1.234,56", "EUR", 123456},
		{"-1.234,56" EURO, "EUR", -123456},
		{EURO " -0,05", "EUR", -5},
		{NNBSP "12,5" NNBSP, "EUR", 1250},
		{"1,5", "EUR", 150},
		{"1.5", "EUR", 150},
		{"1,234.5", "EUR", 123450},
		{"1.234,5", "EUR", 123450},
		{"1.234.567", "EUR", 123456700},
		{"1.234.567,89", "EUR", 123456789},
		{"1234567", "EUR", 123456700},
		{"eur 12,34", "EUR", 1234},
		{"12,34 EUR", "EUR", 1234},
		{"1234,5600", "EUR", 123456},
		{"92.233.720.368.547.758,07", "EUR", INT64_MAX},
		{"-92.233.720.368.547.758,08", "EUR", INT64_MIN},
		/* PEN. */
		{"S/ 1,234.50", "PEN", 123450},
		{"S/. 1,234.50", "PEN", 123450},
		{"S/1234.5", "PEN", 123450},
		{"s/.1234.5", "PEN", 123450},
		{"1,234.50 S/", "PEN", 123450},
		{"-S/ 5.00", "PEN", -500},
		{"S/ -5.00", "PEN", -500},
		{"(S/ 5.00)", "PEN", -500},
		{"1234567", "PEN", 123456700},
		{"12.5000", "PEN", 1250},
		{"0.500", "PEN", 50},
		{"0,50", "PEN", 50},
		{"0.05", "PEN", 5},
		{"1234.500", "PEN", 123450},
		{"PEN 12.34", "PEN", 1234},
		{"1,234,567", "PEN", 123456700},
		{"-92233720368547758.08", "PEN", INT64_MIN},
		/* USD and MXN. */
		{"US$ 1,234.56", "USD", 123456},
		{"us$1,234.56", "USD", 123456},
		{"$1,234.56", "USD", 123456},
		{"USD -5.00", "USD", -500},
		{"5 USD", "USD", 500},
		{"$ 1,234.56", "MXN", 123456},
		{"MXN 12", "MXN", 1200},
		{"-$0.01", "MXN", -1},
	};
	return cr_make_param_array(struct parse_ok, cases,
	    sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct parse_ok *c, money, parse_ok)
{
	int64_t minor = 12345;
	const char *why = NULL;
	int rc = cb_money_parse(c->text, currency(c->code), &minor, &why);
	cr_assert_eq(rc, CB_OK, "'%s' %s: %s", c->text, c->code,
	    why ? why : "?");
	cr_expect_eq(minor, c->minor, "'%s' %s: %" PRId64, c->text, c->code,
	    minor);
	cr_expect_null(why);
}

ParameterizedTestParameters(money, parse_bad)
{
	static struct parse_bad cases[] = {
		/* Not amounts at all. */
		{"", "CLP", "not an amount"},
		{"   ", "CLP", "not an amount"},
		{NBSP, "EUR", "not an amount"},
		{"abc", "CLP", "not an amount"},
		{"12 34", "CLP", "not an amount"},
		{"1.234 5", "CLP", "not an amount"},
		{"$", "CLP", "not an amount"},
		{"-", "CLP", "not an amount"},
		{"--1", "CLP", "not an amount"},
		{"-$-1", "CLP", "not an amount"},
		{"1-", "CLP", "not an amount"},
		{"+1", "CLP", "not an amount"},
		{"1e5", "CLP", "not an amount"},
		{",5", "EUR", "not an amount"},
		{".5", "PEN", "not an amount"},
		{"1.", "PEN", "not an amount"},
		{"12,", "EUR", "not an amount"},
		{"(-1.234)", "CLP", "not an amount"},
		{"-(1.234)", "CLP", "not an amount"},
		{"(1.234", "CLP", "not an amount"},
		{"1.234)", "CLP", "not an amount"},
		{"()", "CLP", "not an amount"},
		{"$ 1.234 CLP", "CLP", "not an amount"},
		{"CLP 1.234 $", "CLP", "not an amount"},
		{"1.234 $ $", "CLP", "not an amount"},
		{"CLPX 1", "CLP", "not an amount"},
		{"1 2", "EUR", "not an amount"},
		{"1" "\xc2" "234", "CLP", "not an amount"},
		/* Ambiguous: one separator, three digits, a currency with
		 * decimals. */
		{"1.234", "PEN", "ambiguous amount: the separator may mark "
				 "thousands or decimals"},
		{"12.500", "PEN", "ambiguous amount: the separator may mark "
				  "thousands or decimals"},
		{"1,234", "EUR", "ambiguous amount: the separator may mark "
				 "thousands or decimals"},
		{"$ 1.000", "USD", "ambiguous amount: the separator may mark "
				   "thousands or decimals"},
		{"-999,999", "MXN", "ambiguous amount: the separator may mark "
				    "thousands or decimals"},
		/* Thousands that do not group by three. */
		{"1.23.456", "CLP", "misplaced thousands separator"},
		{"1.23.456", "EUR", "misplaced thousands separator"},
		{"1234.567.890", "CLP", "misplaced thousands separator"},
		{"1.234.", "CLP", "misplaced thousands separator"},
		{"0.123.456", "CLP", "misplaced thousands separator"},
		{"1..234", "CLP", "misplaced thousands separator"},
		{"1,2,3.4", "USD", "misplaced thousands separator"},
		{"12,34.5", "USD", "misplaced thousands separator"},
		{"1.2345,67", "EUR", "misplaced thousands separator"},
		{"1.234,56,78", "EUR", "more than one decimal separator"},
		{"1,234.56.78", "USD", "more than one decimal separator"},
		/* Decimals the currency does not have. */
		{"1,5", "CLP", "CLP has no decimals"},
		{"1.5", "CLP", "CLP has no decimals"},
		{"1.234,01", "CLP", "CLP has no decimals"},
		{"0.500", "CLP", "CLP has no decimals"},
		{"1234.567", "CLP", "CLP has no decimals"},
		{"1.234,567", "PEN", "too many decimals for PEN"},
		{"1,234.567", "PEN", "too many decimals for PEN"},
		{"12.5001", "PEN", "too many decimals for PEN"},
		{"0,001", "EUR", "too many decimals for EUR"},
		{"12,345.6789", "USD", "too many decimals for USD"},
		{"1.001", "MXN", "ambiguous amount: the separator may mark "
				 "thousands or decimals"},
		{"1.0001", "MXN", "too many decimals for MXN"},
		/* Marks of another currency. */
		{EURO " 12", "CLP", "the amount is marked in another currency"},
		{"USD 12", "PEN", "the amount is marked in another currency"},
		{"1.234 EUR", "CLP",
		    "the amount is marked in another currency"},
		{"US$ 5", "CLP", "the amount is marked in another currency"},
		{"$ 5", "EUR", "the amount is marked in another currency"},
		{"5 $", "PEN", "the amount is marked in another currency"},
		{"S/ 5", "EUR", "the amount is marked in another currency"},
		{"-mxn 5", "USD", "the amount is marked in another currency"},
		/* Overflow. */
		{"9.223.372.036.854.775.808", "CLP", "amount too large"},
		{"-9.223.372.036.854.775.809", "CLP", "amount too large"},
		{"(9223372036854775809)", "CLP", "amount too large"},
		{"92233720368547758.08", "PEN", "amount too large"},
		{"-92233720368547758.09", "PEN", "amount too large"},
		{"92233720368547759", "EUR", "amount too large"},
		{"99999999999999999999999", "CLP", "amount too large"},
	};
	return cr_make_param_array(struct parse_bad, cases,
	    sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct parse_bad *c, money, parse_bad)
{
	int64_t minor = 0;
	const char *why = NULL;
	int rc = cb_money_parse(c->text, currency(c->code), &minor, &why);
	cr_assert_eq(rc, CB_ERR_INPUT, "'%s' %s read as %" PRId64, c->text,
	    c->code, minor);
	cr_assert_not_null(why);
	cr_expect_str_eq(why, c->why, "'%s' %s", c->text, c->code);
	cr_expect_eq(cb_money_parse(c->text, currency(c->code), &minor, NULL),
	    CB_ERR_INPUT);
}

Test(money, parse_null_arguments)
{
	int64_t minor;
	const char *why = NULL;
	cr_expect_eq(cb_money_parse(NULL, currency("CLP"), &minor, &why),
	    CB_ERR_INPUT);
	cr_expect_str_eq(why, "not an amount");
	why = NULL;
	cr_expect_eq(cb_money_parse("1", NULL, &minor, &why), CB_ERR_INPUT);
	cr_expect_str_eq(why, "no currency given for the amount");
}

/* A currency cobrador does not list can still be parsed with its own code
 * as a mark; the error words are then generic. */
Test(money, parse_caller_currency)
{
	static const struct cb_currency gbp = {"GBP", 2, "\xc2\xa3", '.',
	    ','};
	static const struct cb_currency jpy = {"JPY", 0, "\xc2\xa5", '.',
	    ','};
	int64_t minor = 0;
	const char *why = NULL;
	cr_expect_eq(cb_money_parse("GBP 1,234.56", &gbp, &minor, &why),
	    CB_OK);
	cr_expect_eq(minor, 123456);
	cr_expect_eq(cb_money_parse("1.234", &jpy, &minor, &why), CB_OK);
	cr_expect_eq(minor, 1234);
	cr_expect_eq(cb_money_parse("1,5", &jpy, &minor, &why), CB_ERR_INPUT);
	cr_expect_str_eq(why, "this currency has no decimals");
	cr_expect_eq(cb_money_parse("1,567", &gbp, &minor, &why),
	    CB_ERR_INPUT);
	cr_expect_str_eq(why, "ambiguous amount: the separator may mark "
			      "thousands or decimals");
	cr_expect_eq(cb_money_parse("1.5678", &gbp, &minor, &why),
	    CB_ERR_INPUT);
	cr_expect_str_eq(why, "too many decimals for the currency");
	cr_expect_eq(cb_money_parse("EUR 1", &gbp, &minor, &why),
	    CB_ERR_INPUT);
	cr_expect_str_eq(why, "the amount is marked in another currency");
}

ParameterizedTestParameters(money, format)
{
	static struct format_case cases[] = {
		{1234567, "CLP", ",", ".", 0, "1.234.567"},
		{0, "CLP", ",", ".", 0, "0"},
		{-1, "CLP", ",", ".", 0, "-1"},
		{999, "CLP", ",", ".", 0, "999"},
		{1000, "CLP", ",", ".", 0, "1.000"},
		{-100000, "CLP", ",", ".", 0, "-100.000"},
		{1234567, "CLP", ",", "", 0, "1234567"},
		{1234567, "CLP", ",", "", 1, "1234567"},
		{1234567, "CLP", ",", NBSP, 0, "1" NBSP "234" NBSP "567"},
		{INT64_MIN, "CLP", ",", ".", 0, "-9.223.372.036.854.775.808"},
		{INT64_MAX, "CLP", ",", ".", 0, "9.223.372.036.854.775.807"},
		{123450, "PEN", ".", ",", 0, "1,234.50"},
		{5, "PEN", ".", ",", 0, "0.05"},
		{-5, "EUR", ",", ".", 0, "-0,05"},
		{-1200, "EUR", ",", ".", 0, "-12,00"},
		{0, "EUR", ",", ".", 0, "0,00"},
		{99999, "EUR", ",", ".", 0, "999,99"},
		{100000, "EUR", ",", ".", 0, "1.000,00"},
		{123456, "EUR", ",", NNBSP, 0, "1" NNBSP "234,56"},
		{123456, "EUR", "", ".", 0, "1.234.56"},
		{INT64_MAX, "EUR", ",", ".", 0, "92.233.720.368.547.758,07"},
		{INT64_MIN, "PEN", ".", "", 1, "-92233720368547758.08"},
		{123456789, "USD", ".", ",", 0, "1,234,567.89"},
		{-1, "MXN", ".", ",", 0, "-0.01"},
	};
	return cr_make_param_array(struct format_case, cases,
	    sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct format_case *c, money, format)
{
	char buf[64];
	memset(buf, 'x', sizeof buf);
	size_t n = cb_money_format(c->minor, currency(c->code), c->point,
	    c->null_sep ? NULL : c->sep, buf, sizeof buf);
	cr_expect_str_eq(buf, c->want);
	cr_expect_eq(n, strlen(c->want));
}

Test(money, format_plain)
{
	char buf[64];
	cr_expect_eq(cb_money_format_plain(123450, currency("PEN"), buf,
	    sizeof buf), 7);
	cr_expect_str_eq(buf, "1234.50");
	cb_money_format_plain(1234567, currency("CLP"), buf, sizeof buf);
	cr_expect_str_eq(buf, "1234567");
	cb_money_format_plain(-123456, currency("EUR"), buf, sizeof buf);
	cr_expect_str_eq(buf, "-1234.56");
	cb_money_format_plain(INT64_MIN, currency("USD"), buf, sizeof buf);
	cr_expect_str_eq(buf, "-92233720368547758.08");
	cb_money_format_plain(INT64_MIN, currency("CLP"), buf, sizeof buf);
	cr_expect_str_eq(buf, "-9223372036854775808");
	cb_money_format_plain(7, currency("MXN"), buf, sizeof buf);
	cr_expect_str_eq(buf, "0.07");
}

/* Like snprintf: the length needed comes back whatever the size, and the
 * buffer holds as much as fits, terminated. */
Test(money, format_buffer_too_small)
{
	const struct cb_currency *clp = currency("CLP");
	const struct cb_currency *eur = currency("EUR");
	char buf[16];

	cr_expect_eq(cb_money_format(1234567, clp, ",", ".", NULL, 0), 9);
	memset(buf, 'x', sizeof buf);
	cr_expect_eq(cb_money_format(1234567, clp, ",", ".", buf, 0), 9);
	cr_expect_eq(buf[0], 'x');
	cr_expect_eq(cb_money_format(1234567, clp, ",", ".", buf, 1), 9);
	cr_expect_str_eq(buf, "");
	memset(buf, 'x', sizeof buf);
	cr_expect_eq(cb_money_format(1234567, clp, ",", ".", buf, 5), 9);
	cr_expect_str_eq(buf, "1.23");
	cr_expect_eq(buf[5], 'x');
	cr_expect_eq(cb_money_format(1234567, clp, ",", ".", buf, 9), 9);
	cr_expect_str_eq(buf, "1.234.56");
	cr_expect_eq(cb_money_format(1234567, clp, ",", ".", buf, 10), 9);
	cr_expect_str_eq(buf, "1.234.567");
	cr_expect_eq(cb_money_format(-123456, eur, ",", NBSP, buf, 6), 10);
	cr_expect_str_eq(buf, "-1" NBSP "2");
	cr_expect_eq(cb_money_format(INT64_MIN, eur, ",", ".", buf, sizeof buf),
	    26);
	cr_expect_str_eq(buf, "-92.233.720.368");
	cr_expect_eq(cb_money_format_plain(123450, currency("PEN"), buf, 4),
	    7);
	cr_expect_str_eq(buf, "123");
}

/* A small deterministic generator of 64-bit values. */
static uint64_t next(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

/* 10 to the power k, for k up to 18. */
static int64_t ten_to(int k)
{
	int64_t p = 1;
	while (k-- > 0)
		p *= 10;
	return p;
}

/* Formats v the customary and the plain way and parses both back. */
static void round_trip(const struct cb_currency *cur, int64_t v)
{
	char point[2] = {cur->decimal_point, '\0'};
	char sep[2] = {cur->thousands_sep, '\0'};
	char buf[64];
	int64_t back = 0;
	const char *why = "?";

	cb_money_format(v, cur, point, sep, buf, sizeof buf);
	cr_assert_eq(cb_money_parse(buf, cur, &back, &why), CB_OK,
	    "%s '%s': %s", cur->code, buf, why);
	cr_assert_eq(back, v, "%s '%s'", cur->code, buf);
	cb_money_format_plain(v, cur, buf, sizeof buf);
	cr_assert_eq(cb_money_parse(buf, cur, &back, &why), CB_OK,
	    "%s '%s': %s", cur->code, buf, why);
	cr_assert_eq(back, v, "%s '%s'", cur->code, buf);
	/* With a symbol and the sign after it. */
	snprintf(buf, sizeof buf, "%s ", cur->symbol);
	cb_money_format(v, cur, point, sep, buf + strlen(buf),
	    sizeof buf - strlen(buf));
	cr_assert_eq(cb_money_parse(buf, cur, &back, &why), CB_OK,
	    "%s '%s': %s", cur->code, buf, why);
	cr_assert_eq(back, v, "%s '%s'", cur->code, buf);
}

Test(money, round_trip)
{
	uint64_t state = 0x9e3779b97f4a7c15u;
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		const struct cb_currency *cur = currency(codes[i]);
		round_trip(cur, INT64_MIN);
		round_trip(cur, INT64_MAX);
		round_trip(cur, INT64_MIN + 1);
		round_trip(cur, 0);
		/* Around every power of ten, 1 to 10^18. */
		for (int k = 0; k <= 18; k++) {
			int64_t p = ten_to(k);
			for (int64_t d = -1; d <= 1; d++) {
				round_trip(cur, p + d);
				round_trip(cur, -(p + d));
			}
		}
		for (int k = 0; k < 2000; k++) {
			uint64_t r = next(&state);
			/* Amounts of every size, not only huge ones. */
			int64_t v = (int64_t)(r >> (1 + r % 63));
			round_trip(cur, k % 2 ? v : -v);
		}
	}
}

/* Parsing then formatting gives back the customary form. */
Test(money, parse_then_format)
{
	static const char *const texts[][2] = {
		{"CLP", "1.234.567"},
		{"CLP", "-9.223.372.036.854.775.808"},
		{"EUR", "1.234,56"},
		{"EUR", "-0,01"},
		{"PEN", "12,345,678.90"},
		{"USD", "0.00"},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const struct cb_currency *cur = currency(texts[i][0]);
		char point[2] = {cur->decimal_point, '\0'};
		char sep[2] = {cur->thousands_sep, '\0'};
		char buf[64];
		int64_t v;
		cr_assert_eq(cb_money_parse(texts[i][1], cur, &v, NULL), CB_OK);
		cb_money_format(v, cur, point, sep, buf, sizeof buf);
		cr_expect_str_eq(buf, texts[i][1]);
	}
}
