/* test_idcheck.c -- national ids: valid and invalid forms, canonical forms,
 * inference of the country, and check digits computed here independently. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "idcheck.h"

/* Parameters hold arrays, not pointers, so that they survive being copied
 * into the process of each test. */
struct valid_case {
	char text[48];
	char country[4]; /* "" for inference */
	char canon[CB_ID_MAX];
	enum cb_id_kind kind;
	char country_out[3];
};

struct invalid_case {
	char text[64];
	char country[4];
	char why[80];
};

/* The RUT check character, computed with weights 9..4 from the right: the
 * sum modulo 11 is the digit itself, 10 being K. */
static char ref_rut_check(unsigned long body)
{
	static const int w[] = {9, 8, 7, 6, 5, 4};
	int sum = 0;
	for (int i = 0; body > 0; i++, body /= 10)
		sum += (int)(body % 10) * w[i % 6];
	sum %= 11;
	return sum == 10 ? 'K' : (char)('0' + sum);
}

/* The RUC check digit: (11 - sum mod 11) mod 10 maps 10 to 0 and 11 to 1. */
static char ref_ruc_check(const char *ten)
{
	static const int w[] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
	int sum = 0;
	for (int i = 0; i < 10; i++)
		sum += (ten[i] - '0') * w[i];
	return (char)('0' + (11 - sum % 11) % 10);
}

/* The letter of a DNI number. */
static char ref_dni_letter(unsigned long n)
{
	return "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23];
}

/* The CIF check digit, with the doubled digits summed from a table. */
static int ref_cif_digit(const char *seven)
{
	static const int doubled[] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
	int sum = 0;
	for (int i = 0; i < 7; i++)
		sum += i % 2 == 0 ? doubled[seven[i] - '0'] : seven[i] - '0';
	return (10 - sum % 10) % 10;
}

/* Runs cb_id_check, a country of "" standing for NULL. */
static int check(const char *text, const char *country, char *canon,
    enum cb_id_kind *kind, char *cc, const char **why)
{
	return cb_id_check(text, country[0] ? country : NULL, canon, kind, cc,
	    why);
}

/* Valid ids, shared by two tests. */
static struct valid_case valid_cases[] = {
	/* Chile, inferred from punctuation or nine digits. */
	{"12.345.678-5", "", "12345678-5", CB_ID_RUT, "CL"},
	{"12345678-5", "", "12345678-5", CB_ID_RUT, "CL"},
	{"123456785", "", "12345678-5", CB_ID_RUT, "CL"},
	{" \t12.345.678-5 \n", "", "12345678-5", CB_ID_RUT, "CL"},
	{"11.111.111-1", "", "11111111-1", CB_ID_RUT, "CL"},
	{"22.222.222-2", "", "22222222-2", CB_ID_RUT, "CL"},
	{"76.086.428-5", "", "76086428-5", CB_ID_RUT, "CL"},
	{"1.234.567-4", "", "1234567-4", CB_ID_RUT, "CL"},
	{"10.000.013-k", "", "10000013-K", CB_ID_RUT, "CL"},
	{"10000013k", "", "10000013-K", CB_ID_RUT, "CL"},
	{"10000013 K", "", "10000013-K", CB_ID_RUT, "CL"},
	{"012.345.678-5", "", "12345678-5", CB_ID_RUT, "CL"},
	{"0012345678-5", "", "12345678-5", CB_ID_RUT, "CL"},
	{"12-345-678-5", "", "12345678-5", CB_ID_RUT, "CL"},
	/* An 8-digit body with check K is also a valid DNI: idcheck.h
	 * sends a final K to Chile. */
	{"10000030K", "", "10000030-K", CB_ID_RUT, "CL"},
	/* Chile given: pure digits end in the check digit. */
	{"12345678-5", "CL", "12345678-5", CB_ID_RUT, "CL"},
	{"12345678-5", "cl", "12345678-5", CB_ID_RUT, "CL"},
	{"12345674", "CL", "1234567-4", CB_ID_RUT, "CL"},
	{"1-9", "CL", "1-9", CB_ID_RUT, "CL"},
	{"19", "CL", "1-9", CB_ID_RUT, "CL"},
	/* Peru. */
	{"20131312955", "", "20131312955", CB_ID_RUC, "PE"},
	{"20131312955", "PE", "20131312955", CB_ID_RUC, "PE"},
	{" 20-13131295-5 ", "pe", "20131312955", CB_ID_RUC, "PE"},
	{"12345678", "", "12345678", CB_ID_DNI_PE, "PE"},
	{"00012345", "PE", "00012345", CB_ID_DNI_PE, "PE"},
	/* Spain. */
	{"12345678Z", "", "12345678Z", CB_ID_DNI_ES, "ES"},
	{"12345678z", "", "12345678Z", CB_ID_DNI_ES, "ES"},
	{"12 345 678 z", "", "12345678Z", CB_ID_DNI_ES, "ES"},
	{"12.345.678-Z", "ES", "12345678Z", CB_ID_DNI_ES, "ES"},
	{"10000030K", "ES", "10000030K", CB_ID_DNI_ES, "ES"},
	{"X1234567L", "", "X1234567L", CB_ID_NIE, "ES"},
	{"x-1234567-l", "", "X1234567L", CB_ID_NIE, "ES"},
	{"Y1234567X", "es", "Y1234567X", CB_ID_NIE, "ES"},
	{"Z1234567R", "", "Z1234567R", CB_ID_NIE, "ES"},
	{"A58818501", "", "A58818501", CB_ID_CIF, "ES"},
	{"a-58.818.501", "ES", "A58818501", CB_ID_CIF, "ES"},
	{"B2345678 3", "", "B23456783", CB_ID_CIF, "ES"},
	{"P1234567D", "", "P1234567D", CB_ID_CIF, "ES"},
	{"Q0000000J", "", "Q0000000J", CB_ID_CIF, "ES"},
	{"C1234567D", "", "C1234567D", CB_ID_CIF, "ES"},
	{"C1234567 4", "", "C12345674", CB_ID_CIF, "ES"},
	/* Other countries: as given, upper case, trimmed. */
	{"  ab-123/x ", "AR", "AB-123/X", CB_ID_OTHER, "AR"},
	{"20-12345678-9", "ar", "20-12345678-9", CB_ID_OTHER, "AR"},
	{"\xc3\xb1" "and\xc3\xba", "UY", "\xc3\xb1" "AND\xc3\xba",
	    CB_ID_OTHER, "UY"},
	{"123456789012345678901234567890123456789", "US",
	    "123456789012345678901234567890123456789", CB_ID_OTHER,
	    "US"},
};

ParameterizedTestParameters(idcheck, valid)
{
	return cr_make_param_array(struct valid_case, valid_cases,
	    sizeof valid_cases / sizeof valid_cases[0]);
}

ParameterizedTest(struct valid_case *c, idcheck, valid)
{
	char canon[CB_ID_MAX], cc[3] = "??";
	enum cb_id_kind kind = (enum cb_id_kind)-1;
	const char *why = NULL;
	int rc = check(c->text, c->country, canon, &kind, cc, &why);
	cr_assert_eq(rc, CB_OK, "'%s' (%s): %s", c->text, c->country,
	    why ? why : "?");
	cr_expect_str_eq(canon, c->canon, "'%s'", c->text);
	cr_expect_eq(kind, c->kind, "'%s'", c->text);
	cr_expect_str_eq(cc, c->country_out, "'%s'", c->text);
	cr_expect_null(why);
}

ParameterizedTestParameters(idcheck, canonical_is_a_fixed_point)
{
	return cr_make_param_array(struct valid_case, valid_cases,
	    sizeof valid_cases / sizeof valid_cases[0]);
}

ParameterizedTest(struct valid_case *c, idcheck, canonical_is_a_fixed_point)
{
	char canon[CB_ID_MAX], again[CB_ID_MAX], cc[3];
	enum cb_id_kind kind, kind2;
	cr_assert_eq(check(c->text, c->country, canon, &kind, cc, NULL),
	    CB_OK);
	cr_assert_eq(cb_id_check(canon, cc, again, &kind2, NULL, NULL), CB_OK,
	    "'%s'", canon);
	cr_expect_str_eq(again, canon);
	cr_expect_eq(kind2, kind);
}

ParameterizedTestParameters(idcheck, invalid)
{
	static struct invalid_case cases[] = {
		{"", "", "empty id"},
		{" \t\n", "", "empty id"},
		{"", "CL", "empty id"},
		{"  ", "AR", "empty id"},
		/* RUT. */
		{"12.345.678-4", "", "invalid RUT check digit"},
		{"12345678-K", "", "invalid RUT check digit"},
		{"123456784", "", "invalid RUT check digit"},
		{"10000013-0", "", "invalid RUT check digit"},
		{"12345678", "CL", "invalid RUT check digit"},
		{"12.34.5678-5", "", "misplaced dot in RUT"},
		{"1234.567-4", "", "misplaced dot in RUT"},
		{".123.456-0", "", "misplaced dot in RUT"},
		{"12.345.678", "", "misplaced dot in RUT"},
		{"123456789-5", "", "RUT must have 1 to 8 digits and a check "
				    "digit"},
		{"-5", "CL", "RUT must have 1 to 8 digits and a check digit"},
		{"5", "CL", "RUT must have 1 to 8 digits and a check digit"},
		{"0-0", "", "RUT cannot be zero"},
		{"00.000.000-0", "", "RUT cannot be zero"},
		{"12345678-", "CL", "RUT must end in a check digit (0-9 or K)"},
		{"12345678-X", "CL",
		    "RUT must end in a check digit (0-9 or K)"},
		{"12a45678-5", "CL",
		    "not a RUT: only digits, dots, a hyphen and a check digit"},
		{"12 345 678-5", "CL",
		    "not a RUT: only digits, dots, a hyphen and a check digit"},
		/* Peru. */
		{"20131312956", "", "invalid RUC check digit"},
		{"20131312956", "PE", "invalid RUC check digit"},
		{"30131312955", "", "RUC must start with 10, 15, 16, 17 or 20"},
		{"1234567", "PE",
		    "RUC must have 11 digits (or a DNI 8 digits)"},
		{"123456789", "PE",
		    "RUC must have 11 digits (or a DNI 8 digits)"},
		{"--", "PE", "RUC must have 11 digits (or a DNI 8 digits)"},
		{"1234567A", "PE", "Peruvian id must be only digits"},
		/* Spain. */
		{"12345678A", "", "invalid DNI letter"},
		{"12345678Z", "CL", "RUT must end in a check digit (0-9 or K)"},
		{"1234567Z", "ES", "DNI must have 8 digits and a letter"},
		{"123456789", "ES", "DNI must have 8 digits and a letter"},
		{"X1234567A", "", "invalid NIE letter"},
		{"X12345678", "ES",
		    "NIE must be X, Y or Z, 7 digits and a letter"},
		{"Y123456L", "ES",
		    "NIE must be X, Y or Z, 7 digits and a letter"},
		{"A58818502", "", "invalid CIF check character"},
		{"A5881850A", "", "invalid CIF check character"},
		{"P1234567" "4", "", "invalid CIF check character"},
		{"P1234567E", "", "invalid CIF check character"},
		{"A123456", "ES",
		    "CIF must be a letter, 7 digits and a check character"},
		{"A1234567/", "ES",
		    "CIF must be a letter, 7 digits and a check character"},
		{"I1234567D", "ES", "not a Spanish DNI, NIE or CIF"},
		{"/", "ES", "not a Spanish DNI, NIE or CIF"},
		/* Inference fails. */
		{"ABC", "", "unrecognised id: give its country"},
		{"1234", "", "unrecognised id: give its country"},
		{"1234567890", "", "unrecognised id: give its country"},
		{"123456789012", "", "unrecognised id: give its country"},
		{"I1234567D", "", "unrecognised id: give its country"},
		{"AB123456", "", "unrecognised id: give its country"},
		{"1.234,5", "", "unrecognised id: give its country"},
		{"1234567890123456789012345678901234567890123", "",
		    "id too long"},
		/* Bad countries and other countries. */
		{"12345678-5", "CHL", "country must be two letters (ISO 3166)"},
		{"12345678-5", "C", "country must be two letters (ISO 3166)"},
		{"12345678-5", "C1", "country must be two letters (ISO 3166)"},
		{"ab 123", "AR", "id must not contain spaces or control "
				 "characters"},
		{"ab\x01" "123", "AR",
		    "id must not contain spaces or control characters"},
		{"ab\x7f" "123", "AR",
		    "id must not contain spaces or control characters"},
		{"1234567890123456789012345678901234567890", "US",
		    "id too long"},
	};
	return cr_make_param_array(struct invalid_case, cases,
	    sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct invalid_case *c, idcheck, invalid)
{
	char canon[CB_ID_MAX] = "junk", cc[3] = "??";
	enum cb_id_kind kind = (enum cb_id_kind)77;
	const char *why = NULL;
	int rc = check(c->text, c->country, canon, &kind, cc, &why);
	cr_assert_eq(rc, CB_ERR_INPUT, "'%s' (%s) accepted as %s", c->text,
	    c->country, canon);
	cr_assert_not_null(why);
	cr_expect_str_eq(why, c->why, "'%s' (%s)", c->text, c->country);
	cr_expect_str_eq(canon, "");
	/* Nothing but canon is touched on failure. */
	cr_expect_eq(kind, (enum cb_id_kind)77);
	cr_expect_str_eq(cc, "??");
	/* why may be NULL. */
	cr_expect_eq(check(c->text, c->country, canon, NULL, NULL, NULL),
	    CB_ERR_INPUT);
}

Test(idcheck, null_text_and_null_outputs)
{
	char canon[CB_ID_MAX];
	const char *why = NULL;
	cr_expect_eq(cb_id_check(NULL, NULL, canon, NULL, NULL, &why),
	    CB_ERR_INPUT);
	cr_expect_str_eq(why, "empty id");
	cr_expect_eq(cb_id_check(NULL, "AR", canon, NULL, NULL, NULL),
	    CB_ERR_INPUT);
	cr_expect_eq(cb_id_check("12.345.678-5", "", canon, NULL, NULL, NULL),
	    CB_OK);
	cr_expect_str_eq(canon, "12345678-5");
}

/* Every RUT body of a sample, in every written form, passes with its own
 * check character and fails with each of the other ten. */
Test(idcheck, rut_check_digits_against_reference)
{
	static const char checks[] = "0123456789K";
	for (unsigned long body = 1; body < 100000000; body += 999983) {
		char want = ref_rut_check(body);
		char text[32], canon[CB_ID_MAX], expect[CB_ID_MAX];
		snprintf(expect, sizeof expect, "%lu-%c", body, want);
		for (const char *c = checks; *c != '\0'; c++) {
			snprintf(text, sizeof text, "%lu%c", body, *c);
			int rc = cb_id_check(text, "CL", canon, NULL, NULL,
			    NULL);
			if (*c == want) {
				cr_assert_eq(rc, CB_OK, "%s", text);
				cr_assert_str_eq(canon, expect);
			} else {
				cr_assert_eq(rc, CB_ERR_INPUT, "%s", text);
			}
		}
		snprintf(text, sizeof text, "%lu-%c", body, want == 'K' ? 'k' :
		    want);
		cr_assert_eq(cb_id_check(text, NULL, canon, NULL, NULL, NULL),
		    CB_OK, "%s", text);
		cr_assert_str_eq(canon, expect);
	}
}

/* RUTs written with thousands dots, for bodies of every length. */
Test(idcheck, rut_with_dots)
{
	unsigned long bodies[] = {7, 76, 765, 7654, 76543, 765432, 7654321,
	    76543210};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		char digits[16], text[32], canon[CB_ID_MAX], expect[32];
		size_t n = (size_t)snprintf(digits, sizeof digits, "%lu",
		    bodies[i]), t = 0;
		for (size_t j = 0; j < n; j++) {
			if (j > 0 && (n - j) % 3 == 0)
				text[t++] = '.';
			text[t++] = digits[j];
		}
		snprintf(text + t, sizeof text - t, "-%c",
		    ref_rut_check(bodies[i]));
		snprintf(expect, sizeof expect, "%s-%c", digits,
		    ref_rut_check(bodies[i]));
		cr_assert_eq(cb_id_check(text, "CL", canon, NULL, NULL, NULL),
		    CB_OK, "%s", text);
		cr_expect_str_eq(canon, expect);
	}
}

Test(idcheck, ruc_check_digits_against_reference)
{
	static const char *const prefixes[] = {"10", "15", "16", "17", "20"};
	unsigned long n = 12345678;
	for (int i = 0; i < 500; i++) {
		char ruc[16], canon[CB_ID_MAX];
		enum cb_id_kind kind;
		n = (n * 1103515245 + 12345) % 100000000;
		snprintf(ruc, sizeof ruc, "%s%08lu", prefixes[i % 5], n);
		ruc[10] = ref_ruc_check(ruc);
		ruc[11] = '\0';
		cr_assert_eq(cb_id_check(ruc, NULL, canon, &kind, NULL, NULL),
		    CB_OK, "%s", ruc);
		cr_assert_eq(kind, CB_ID_RUC);
		cr_assert_str_eq(canon, ruc);
		ruc[10] = (char)('0' + (ruc[10] - '0' + 1 + i % 9) % 10);
		cr_assert_eq(cb_id_check(ruc, "PE", canon, NULL, NULL, NULL),
		    CB_ERR_INPUT, "%s", ruc);
	}
}

Test(idcheck, dni_and_nie_letters_against_reference)
{
	static const char letters[] = "TRWAGMYFPDXBNJZSQVHLCKE";
	for (unsigned long n = 3; n < 100000000; n += 1234567) {
		char dni[16], nie[16], canon[CB_ID_MAX];
		enum cb_id_kind kind;
		snprintf(dni, sizeof dni, "%08lu%c", n, ref_dni_letter(n));
		cr_assert_eq(cb_id_check(dni, "ES", canon, &kind, NULL, NULL),
		    CB_OK, "%s", dni);
		cr_assert_eq(kind, CB_ID_DNI_ES);
		cr_assert_str_eq(canon, dni);
		for (const char *l = letters; *l != '\0'; l++) {
			dni[8] = *l;
			int rc = cb_id_check(dni, "ES", canon, NULL, NULL,
			    NULL);
			cr_assert_eq(rc, *l == ref_dni_letter(n) ? CB_OK :
			    CB_ERR_INPUT, "%s", dni);
		}
		if (n >= 30000000)
			continue;
		/* NIE: X, Y, Z stand for a leading 0, 1, 2. */
		snprintf(nie, sizeof nie, "%c%07lu%c",
		    "XYZ"[n / 10000000], n % 10000000, ref_dni_letter(n));
		cr_assert_eq(cb_id_check(nie, NULL, canon, &kind, NULL, NULL),
		    CB_OK, "%s", nie);
		cr_assert_eq(kind, CB_ID_NIE);
		cr_assert_str_eq(canon, nie);
	}
}

/* Every CIF first letter with a sample of numbers: which check characters
 * it takes depends on the letter. */
Test(idcheck, cif_check_against_reference)
{
	static const char firsts[] = "ABCDEFGHJNPQRSUVW";
	for (const char *f = firsts; *f != '\0'; f++) {
		int letter_only = strchr("PQRSNW", *f) != NULL;
		int digit_only = strchr("ABEH", *f) != NULL;
		for (unsigned long n = 17; n < 10000000; n += 654321) {
			char cif[16], canon[CB_ID_MAX];
			enum cb_id_kind kind;
			snprintf(cif, sizeof cif, "%c%07lu", *f, n);
			int d = ref_cif_digit(cif + 1);
			cif[8] = (char)('0' + d);
			cif[9] = '\0';
			int rc = cb_id_check(cif, NULL, canon, &kind, NULL,
			    NULL);
			cr_assert_eq(rc, letter_only ? CB_ERR_INPUT : CB_OK,
			    "%s", cif);
			if (rc == CB_OK) {
				cr_assert_eq(kind, CB_ID_CIF);
				cr_assert_str_eq(canon, cif);
			}
			cif[8] = "JABCDEFGHI"[d];
			rc = cb_id_check(cif, "ES", canon, NULL, NULL, NULL);
			cr_assert_eq(rc, digit_only ? CB_ERR_INPUT : CB_OK,
			    "%s", cif);
			cif[8] = (char)('0' + (d + 1) % 10);
			cr_assert_eq(cb_id_check(cif, "ES", canon, NULL, NULL,
			    NULL), CB_ERR_INPUT, "%s", cif);
			cif[8] = "JABCDEFGHI"[(d + 1) % 10];
			cr_assert_eq(cb_id_check(cif, "ES", canon, NULL, NULL,
			    NULL), CB_ERR_INPUT, "%s", cif);
		}
	}
}

Test(idcheck, kind_names)
{
	cr_expect_str_eq(cb_id_kind_name(CB_ID_OTHER), "id");
	cr_expect_str_eq(cb_id_kind_name(CB_ID_RUT), "RUT");
	cr_expect_str_eq(cb_id_kind_name(CB_ID_RUC), "RUC");
	cr_expect_str_eq(cb_id_kind_name(CB_ID_DNI_PE), "DNI");
	cr_expect_str_eq(cb_id_kind_name(CB_ID_DNI_ES), "DNI");
	cr_expect_str_eq(cb_id_kind_name(CB_ID_NIE), "NIE");
	cr_expect_str_eq(cb_id_kind_name(CB_ID_CIF), "CIF");
	cr_expect_str_eq(cb_id_kind_name((enum cb_id_kind)99), "id");
}
