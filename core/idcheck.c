/*
 * idcheck.c -- national ids of debtors: check and canonical form.
 *
 * Every id is first trimmed; Chilean RUTs are then read as written (so that
 * their dots can be checked), the other ids of Peru and Spain after dropping
 * spaces, dots and hyphens.  Ids of other countries are kept as given, upper
 * case, and must hold no white space or control characters inside.
 */
#include "idcheck.h"

#include <string.h>

#include "ascii.h"
#include "error.h"

static const char EMPTY_ID[] = "empty id";
static const char ID_TOO_LONG[] = "id too long";
static const char BAD_COUNTRY[] = "country must be two letters (ISO 3166)";
static const char UNRECOGNISED[] = "unrecognised id: give its country";
static const char BAD_OTHER[] =
    "id must not contain spaces or control characters";
static const char NOT_A_RUT[] =
    "not a RUT: only digits, dots, a hyphen and a check digit";
static const char RUT_NO_CHECK[] = "RUT must end in a check digit (0-9 or K)";
static const char RUT_LENGTH[] =
    "RUT must have 1 to 8 digits and a check digit";
static const char RUT_DOTS[] = "misplaced dot in RUT";
static const char RUT_ZERO[] = "RUT cannot be zero";
static const char RUT_CHECK[] = "invalid RUT check digit";
static const char PE_DIGITS[] = "Peruvian id must be only digits";
static const char PE_LENGTH[] =
    "RUC must have 11 digits (or a DNI 8 digits)";
static const char RUC_PREFIX[] = "RUC must start with 10, 15, 16, 17 or 20";
static const char RUC_CHECK[] = "invalid RUC check digit";
static const char ES_UNKNOWN[] = "not a Spanish DNI, NIE or CIF";
static const char DNI_FORM[] = "DNI must have 8 digits and a letter";
static const char DNI_LETTER[] = "invalid DNI letter";
static const char NIE_FORM[] = "NIE must be X, Y or Z, 7 digits and a letter";
static const char NIE_LETTER[] = "invalid NIE letter";
static const char CIF_FORM[] =
    "CIF must be a letter, 7 digits and a check character";
static const char CIF_CHECK[] = "invalid CIF check character";

/* The letters of Spanish DNIs and NIEs, indexed by the number modulo 23. */
static const char DNI_LETTERS[] = "TRWAGMYFPDXBNJZSQVHLCKE";
/* The letters that may begin a CIF. */
static const char CIF_FIRST[] = "ABCDEFGHJNPQRSUVW";
/* The check letters of a CIF, indexed by its check digit. */
static const char CIF_LETTERS[] = "JABCDEFGHI";


/* What a successful check found. */
struct found {
	enum cb_id_kind kind;
	char country[3];
};

/* True when [p, end) holds only ASCII digits (and at least one). */
static int all_digits(const char *p, const char *end)
{
	if (p == end)
		return 0;
	for (; p < end; p++)
		if (!cb_ascii_digit(*p))
			return 0;
	return 1;
}

/* True when the span contains byte c. */
static int has(const struct cb_span *s, char c)
{
	for (const char *p = s->p; p < s->end; p++)
		if (*p == c)
			return 1;
	return 0;
}

/* Copies the span to out upper case without spaces, dots and hyphens;
 * fails when it does not fit in CB_ID_MAX bytes. */
static int compact(const struct cb_span *s, char *out)
{
	size_t n = 0;
	for (const char *p = s->p; p < s->end; p++) {
		if (*p == ' ' || *p == '.' || *p == '-')
			continue;
		if (n + 1 >= CB_ID_MAX)
			return 0;
		out[n++] = cb_ascii_upper(*p);
	}
	out[n] = '\0';
	return 1;
}

/* Writes the country of an id, already upper case, to f. */
static void set_country(struct found *f, const char *code)
{
	f->country[0] = code[0];
	f->country[1] = code[1];
	f->country[2] = '\0';
}

/* The RUT check character of a body of digits: module 11 with weights 2 to
 * 7 from the right, 11 giving '0' and 10 giving 'K'. */
static char rut_check_char(const char *body, size_t len)
{
	int sum = 0, weight = 2;
	for (size_t i = len; i-- > 0;) {
		sum += (body[i] - '0') * weight;
		weight = weight == 7 ? 2 : weight + 1;
	}
	int r = 11 - sum % 11;
	if (r == 11)
		return '0';
	if (r == 10)
		return 'K';
	return (char)('0' + r);
}

/* True when the dots of a RUT body [p, end) group its digits by thousands
 * (or when it has none): 1 to 3 digits, then groups of exactly 3. */
static int rut_dots_valid(const char *p, const char *end)
{
	int group = 0, dots = 0;
	for (; p < end; p++) {
		if (*p != '.') {
			group++;
			continue;
		}
		if (group < 1 || group > 3 || (dots > 0 && group != 3))
			return 0;
		dots++;
		group = 0;
	}
	return dots == 0 || group == 3;
}

/* True when the span reads as a RUT: digits and dots, an optional hyphen
 * just before the last character, which is a digit or K. */
static int rut_shaped(const struct cb_span *s)
{
	const char *last = s->end - 1, *body_end = last;
	if (s->end - s->p < 2)
		return 0;
	if (!cb_ascii_digit(*last) && cb_ascii_upper(*last) != 'K')
		return 0;
	if (body_end[-1] == '-')
		body_end--;
	for (const char *p = s->p; p < body_end; p++)
		if (!cb_ascii_digit(*p) && *p != '.')
			return 0;
	return body_end > s->p;
}

/* Checks a RUT written as 12.345.678-5, 12345678-5 or 123456785 and writes
 * it as 12345678-5, without leading zeros. */
static int check_rut(const struct cb_span *s, char *canon, struct found *f,
    const char **why)
{
	const char *last = s->end - 1, *body_end = last;
	char digits[CB_ID_MAX];
	size_t n = 0;

	if (s->end - s->p < 2)
		return cb_bad_input(why, RUT_LENGTH);
	if (!cb_ascii_digit(*last) && cb_ascii_upper(*last) != 'K')
		return cb_bad_input(why, RUT_NO_CHECK);
	if (body_end[-1] == '-')
		body_end--;
	for (const char *p = s->p; p < body_end; p++) {
		if (*p == '.')
			continue;
		if (!cb_ascii_digit(*p))
			return cb_bad_input(why, NOT_A_RUT);
		if (n == 0 && *p == '0')
			continue; /* leading zeros of padded exports */
		if (n == 8)
			return cb_bad_input(why, RUT_LENGTH);
		digits[n++] = *p;
	}
	if (!rut_dots_valid(s->p, body_end))
		return cb_bad_input(why, RUT_DOTS);
	if (n == 0)
		return cb_bad_input(why, body_end == s->p ? RUT_LENGTH : RUT_ZERO);
	if (rut_check_char(digits, n) != cb_ascii_upper(*last))
		return cb_bad_input(why, RUT_CHECK);
	memcpy(canon, digits, n);
	canon[n] = '-';
	canon[n + 1] = cb_ascii_upper(*last);
	canon[n + 2] = '\0';
	f->kind = CB_ID_RUT;
	set_country(f, "CL");
	return CB_OK;
}

/* The check digit of the first 10 digits of a RUC. */
static char ruc_check_char(const char *id)
{
	static const int weights[10] = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
	int sum = 0;
	for (int i = 0; i < 10; i++)
		sum += (id[i] - '0') * weights[i];
	int r = 11 - sum % 11;
	if (r == 10)
		r = 0;
	else if (r == 11)
		r = 1;
	return (char)('0' + r);
}

/* True when a RUC begins with a prefix SUNAT issues. */
static int ruc_prefix_valid(const char *id)
{
	static const char *const prefixes[] = {"10", "15", "16", "17", "20"};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncmp(id, prefixes[i], 2) == 0)
			return 1;
	return 0;
}

/* Checks a compacted Peruvian id: a RUC of 11 digits or a DNI of 8. */
static int check_pe(const char *id, char *canon, struct found *f,
    const char **why)
{
	size_t len = strlen(id);
	if (!all_digits(id, id + len))
		return cb_bad_input(why, len == 0 ? PE_LENGTH : PE_DIGITS);
	if (len == 11) {
		if (!ruc_prefix_valid(id))
			return cb_bad_input(why, RUC_PREFIX);
		if (ruc_check_char(id) != id[10])
			return cb_bad_input(why, RUC_CHECK);
		f->kind = CB_ID_RUC;
	} else if (len == 8) {
		f->kind = CB_ID_DNI_PE;
	} else {
		return cb_bad_input(why, PE_LENGTH);
	}
	memcpy(canon, id, len + 1);
	set_country(f, "PE");
	return CB_OK;
}

/* The DNI or NIE letter of a number of up to 8 digits. */
static char dni_letter(const char *digits, size_t len)
{
	unsigned long n = 0;
	for (size_t i = 0; i < len; i++)
		n = n * 10 + (unsigned long)(digits[i] - '0');
	return DNI_LETTERS[n % 23];
}

/* Checks a compacted Spanish DNI: 8 digits and their letter. */
static int check_dni_es(const char *id, struct found *f, const char **why)
{
	if (strlen(id) != 9 || !all_digits(id, id + 8) || !cb_ascii_alpha(id[8]))
		return cb_bad_input(why, DNI_FORM);
	if (dni_letter(id, 8) != id[8])
		return cb_bad_input(why, DNI_LETTER);
	f->kind = CB_ID_DNI_ES;
	return CB_OK;
}

/* Checks a compacted NIE: X, Y or Z (read as 0, 1, 2), 7 digits and the
 * letter of that 8-digit number. */
static int check_nie(const char *id, struct found *f, const char **why)
{
	char digits[8];
	if (strlen(id) != 9 || !all_digits(id + 1, id + 8) || !cb_ascii_alpha(id[8]))
		return cb_bad_input(why, NIE_FORM);
	digits[0] = (char)('0' + (id[0] - 'X'));
	memcpy(digits + 1, id + 1, 7);
	if (dni_letter(digits, 8) != id[8])
		return cb_bad_input(why, NIE_LETTER);
	f->kind = CB_ID_NIE;
	return CB_OK;
}

/* The check digit of the 7 digits of a CIF: digits in odd places doubled
 * (and their two digits added), all summed, 10 minus the last digit. */
static int cif_check_digit(const char *digits)
{
	int sum = 0;
	for (int i = 0; i < 7; i++) {
		int d = digits[i] - '0';
		if (i % 2 == 0) {
			d *= 2;
			d = d / 10 + d % 10;
		}
		sum += d;
	}
	return (10 - sum % 10) % 10;
}

/* Checks a compacted CIF: its first letter says whether the check character
 * must be a digit, a letter of JABCDEFGHI, or may be either. */
static int check_cif(const char *id, struct found *f, const char **why)
{
	if (strlen(id) != 9 || !all_digits(id + 1, id + 8))
		return cb_bad_input(why, CIF_FORM);
	int d = cif_check_digit(id + 1);
	int want_letter = strchr("PQRSNW", id[0]) != NULL;
	int want_digit = strchr("ABEH", id[0]) != NULL;
	int digit_ok = id[8] == '0' + d;
	int letter_ok = id[8] == CIF_LETTERS[d];
	if (!cb_ascii_digit(id[8]) && !cb_ascii_alpha(id[8]))
		return cb_bad_input(why, CIF_FORM);
	if ((digit_ok && !want_letter) || (letter_ok && !want_digit)) {
		f->kind = CB_ID_CIF;
		return CB_OK;
	}
	return cb_bad_input(why, CIF_CHECK);
}

/* Checks a compacted Spanish id, telling DNI, NIE and CIF by their first
 * character. */
static int check_es(const char *id, char *canon, struct found *f,
    const char **why)
{
	int rc;
	if (cb_ascii_digit(id[0]))
		rc = check_dni_es(id, f, why);
	else if (id[0] == 'X' || id[0] == 'Y' || id[0] == 'Z')
		rc = check_nie(id, f, why);
	else if (id[0] != '\0' && strchr(CIF_FIRST, id[0]) != NULL)
		rc = check_cif(id, f, why);
	else
		rc = cb_bad_input(why, ES_UNKNOWN);
	if (rc != CB_OK)
		return rc;
	memcpy(canon, id, strlen(id) + 1);
	set_country(f, "ES");
	return CB_OK;
}

/* Accepts the id of a country cobrador cannot check: upper case, with no
 * white space or control characters inside. */
static int check_other(const struct cb_span *s, const char *country,
    char *canon, struct found *f, const char **why)
{
	size_t n = (size_t)(s->end - s->p);
	if (n >= CB_ID_MAX)
		return cb_bad_input(why, ID_TOO_LONG);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s->p[i];
		if (c <= ' ' || c == 0x7f)
			return cb_bad_input(why, BAD_OTHER);
		canon[i] = cb_ascii_upper(s->p[i]);
	}
	canon[n] = '\0';
	f->kind = CB_ID_OTHER;
	set_country(f, country);
	return CB_OK;
}

/* True when [p, end) is digits ending in K: a RUT written without a hyphen
 * whose check character is K. */
static int digits_then_k(const char *p, const char *end)
{
	return end - p >= 2 && end[-1] == 'K' && all_digits(p, end - 1);
}

/* True when a compacted id of len bytes looks Spanish: 8 digits and a
 * letter, or a letter of a NIE or CIF, 7 digits and a check character. */
static int es_shaped(const char *id, size_t len)
{
	if (len != 9 || !all_digits(id + 1, id + 8))
		return 0;
	if (cb_ascii_digit(id[0]))
		return cb_ascii_alpha(id[8]);
	return strchr("XYZ", id[0]) != NULL || strchr(CIF_FIRST, id[0]) != NULL;
}

/* Checks an id of unknown country by its form, in the order of idcheck.h:
 * a RUT's punctuation or final K, then the number of digits, then the
 * Spanish letters.  A text with hyphens or dots that is not RUT-shaped is
 * read again without them. */
static int check_inferred(const struct cb_span *s, char *canon, struct found *f,
    const char **why)
{
	char id[CB_ID_MAX];
	if ((has(s, '-') || has(s, '.') || cb_ascii_upper(s->end[-1]) == 'K') &&
	    rut_shaped(s))
		return check_rut(s, canon, f, why);
	if (!compact(s, id))
		return cb_bad_input(why, ID_TOO_LONG);
	size_t len = strlen(id);
	struct cb_span c = {id, id + len};
	if (digits_then_k(c.p, c.end))
		return check_rut(&c, canon, f, why);
	if (all_digits(c.p, c.end)) {
		if (len == 11 || len == 8)
			return check_pe(id, canon, f, why);
		if (len == 9)
			return check_rut(&c, canon, f, why);
		return cb_bad_input(why, UNRECOGNISED);
	}
	if (es_shaped(id, len))
		return check_es(id, canon, f, why);
	return cb_bad_input(why, UNRECOGNISED);
}

/* Checks an id under the rules of the given country, already upper case. */
static int check_country(const struct cb_span *s, const char *country,
    char *canon, struct found *f, const char **why)
{
	char id[CB_ID_MAX];
	if (strcmp(country, "CL") == 0)
		return check_rut(s, canon, f, why);
	if (strcmp(country, "PE") != 0 && strcmp(country, "ES") != 0)
		return check_other(s, country, canon, f, why);
	if (!compact(s, id))
		return cb_bad_input(why, ID_TOO_LONG);
	if (country[0] == 'P')
		return check_pe(id, canon, f, why);
	return check_es(id, canon, f, why);
}

int cb_id_check(const char *text, const char *country, char *canon,
    enum cb_id_kind *kind, char *country_out, const char **why)
{
	struct cb_span s;
	struct found f;
	char code[3] = "";
	int rc;

	canon[0] = '\0';
	if (country != NULL && country[0] != '\0') {
		if (!cb_ascii_alpha(country[0]) || !cb_ascii_alpha(country[1]) ||
		    country[2] != '\0')
			return cb_bad_input(why, BAD_COUNTRY);
		code[0] = cb_ascii_upper(country[0]);
		code[1] = cb_ascii_upper(country[1]);
	}
	if (text == NULL)
		return cb_bad_input(why, EMPTY_ID);
	s = cb_span_trimmed(text);
	if (s.p == s.end)
		return cb_bad_input(why, EMPTY_ID);
	if (code[0] != '\0')
		rc = check_country(&s, code, canon, &f, why);
	else
		rc = check_inferred(&s, canon, &f, why);
	if (rc != CB_OK) {
		canon[0] = '\0';
		return rc;
	}
	if (kind != NULL)
		*kind = f.kind;
	if (country_out != NULL)
		memcpy(country_out, f.country, sizeof f.country);
	return CB_OK;
}

const char *cb_id_kind_name(enum cb_id_kind kind)
{
	switch (kind) {
	case CB_ID_RUT: return "RUT";
	case CB_ID_RUC: return "RUC";
	case CB_ID_DNI_PE:
	case CB_ID_DNI_ES: return "DNI";
	case CB_ID_NIE: return "NIE";
	case CB_ID_CIF: return "CIF";
	case CB_ID_OTHER: break;
	}
	return "id";
}
