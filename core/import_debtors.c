/* import_debtors.c -- the debtors file: who owes, and how to reach them. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ascii.h"
#include "error.h"
#include "import_impl.h"
#include "pack.h"
#include "zone.h"

enum {
	D_ID, D_NAME, D_PHONE, D_PHONE2, D_EMAIL, D_ADDRESS, D_CITY, D_REGION,
	D_COUNTRY, D_TIMEZONE, D_SEGMENT, D_CREDIT_LIMIT, D_RULES, D_COLUMNS
};

static const struct imp_column columns[D_COLUMNS] = {
	[D_ID] = { "debtor_id", "rut ruc dni nif nie id id_deudor", true },
	[D_NAME] = { "name", "nombre razon_social", true },
	[D_PHONE] = { "phone", "telefono fono celular", false },
	[D_PHONE2] = { "phone2",
		"phone_2 telefono2 telefono_2 fono2 fono_2 celular2 celular_2",
		false },
	[D_EMAIL] = { "email", "correo correo_electronico e_mail", false },
	[D_ADDRESS] = { "address", "direccion", false },
	[D_CITY] = { "city", "comuna ciudad", false },
	[D_REGION] = { "region", "provincia", false },
	[D_COUNTRY] = { "country", "pais", false },
	[D_TIMEZONE] = { "timezone", "zona_horaria", false },
	[D_SEGMENT] = { "segment", "segmento", false },
	[D_CREDIT_LIMIT] = { "credit_limit", "limite_credito", false },
	[D_RULES] = { "rules", "reglas rule_pack", false },
};

/* A phone as people write it: digits, spaces, + - . ( ), 6 digits at
 * least. */
static int read_phone(struct import *im, int c, struct cb_debtor *d)
{
	const char *s = imp_field(im, c);
	int digits = 0;
	if (s == NULL)
		return CB_OK;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +-.()", *p))
			return imp_reject(im, c, "not a phone number: '%s'", s);
	}
	if (digits < 6 || strlen(s) > IMP_PHONE_MAX)
		return imp_reject(im, c, "not a phone number: '%s'", s);
	d->phones[d->nphones].number = s;
	d->phones[d->nphones].status = CB_PHONE_OK;
	d->nphones++;
	return CB_OK;
}

static int read_email(struct import *im, struct cb_debtor *d)
{
	const char *s = imp_field(im, D_EMAIL), *at;
	if (s == NULL)
		return CB_OK;
	at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') || !strchr(at, '.') ||
	    strpbrk(s, " ,;<>") || strlen(s) > IMP_EMAIL_MAX)
		return imp_reject(im, D_EMAIL, "not an e-mail address: '%s'", s);
	d->email = s;
	return CB_OK;
}

/* The id, checked for its country (given, or told by the id's form). */
static int read_id(struct import *im, struct cb_debtor *d, char *canon,
    char *country)
{
	const char *id, *why, *given = imp_field(im, D_COUNTRY);
	enum cb_id_kind kind;
	int rc = imp_required(im, D_ID, &id);
	if (rc != CB_OK)
		return rc;
	if (given && (strlen(given) != 2 || !isalpha((unsigned char)given[0]) ||
	    !isalpha((unsigned char)given[1])))
		return imp_reject(im, D_COUNTRY,
		    "not a two-letter country code: '%s'", given);
	if (cb_id_check(id, given, canon, &kind, country, &why) != CB_OK)
		return imp_reject(im, D_ID, "%s: '%s'", why, id);
	d->id = canon;
	d->id_kind = kind;
	d->country = country;
	return CB_OK;
}

/* Where the debtor lives: address, zone, segment and credit limit. */
static int read_place(struct import *im, struct cb_debtor *d)
{
	const char *tz = imp_field(im, D_TIMEZONE), *seg;
	enum cb_segment segment;
	int rc = CB_OK;
	d->address = imp_field(im, D_ADDRESS);
	d->city = imp_field(im, D_CITY);
	d->region = imp_field(im, D_REGION);
	if (tz && !cb_tz_exists(tz))
		return imp_reject(im, D_TIMEZONE, "unknown time zone '%s'", tz);
	d->timezone = tz ? tz : cb_zone_default(d->country, d->region, d->city);
	if (d->timezone == NULL)
		return imp_reject(im, D_TIMEZONE,
		    "no default time zone for country %s: give one", d->country);
	if ((seg = imp_field(im, D_SEGMENT)) != NULL) {
		if (cb_segment_parse(seg, &segment) != CB_OK)
			return imp_reject(im, D_SEGMENT,
			    "'%s' is not cumplidor, parcial or moroso", seg);
		d->segment = cb_segment_name(segment);
	}
	if (imp_field(im, D_CREDIT_LIMIT) != NULL) {
		const struct cb_currency *cur = cb_currency_of_country(d->country);
		if (cur == NULL)
			return imp_reject(im, D_CREDIT_LIMIT,
			    "no currency known for country %s", d->country);
		rc = imp_amount(im, D_CREDIT_LIMIT, cur, &d->credit_limit);
		d->has_credit_limit = rc == CB_OK;
	}
	return rc;
}

/* Keeps the marks of phones the debtor still has (a wrong number stays
 * wrong when the ERP sends it again). */
static void keep_phone_marks(struct cb_debtor *d, const struct cb_debtor *old)
{
	for (size_t i = 0; i < d->nphones; i++)
		for (size_t j = 0; j < old->nphones; j++)
			if (strcmp(d->phones[i].number, old->phones[j].number) == 0)
				d->phones[i].status = old->phones[j].status;
}

/* Settles the debtor's accounts again: a new segment changes them. */
static int touch_accounts(struct import *im, const char *id)
{
	struct cb_cursor *c;
	struct cb_val k;
	int rc = cb_cursor_open(im->txn, CB_T_PORTFOLIOS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL);
	     rc == CB_OK; rc = cb_cursor_next(c, &k, NULL)) {
		struct cb_account a;
		if (cb_account_get(im->txn, k.data, id, &a) == CB_OK &&
		    (rc = imp_touch(im, k.data, id)) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* Keeps what the file does not say: a column it lacks leaves the stored
 * value as it was (a file without e-mails clears nobody's e-mail). */
static void keep_absent(struct import *im, struct cb_debtor *d,
    const struct cb_debtor *old)
{
	if (im->at[D_PHONE] < 0 && im->at[D_PHONE2] < 0) {
		d->nphones = old->nphones;
		memcpy(d->phones, old->phones, sizeof d->phones);
	}
	if (im->at[D_EMAIL] < 0)
		d->email = old->email;
	if (im->at[D_ADDRESS] < 0)
		d->address = old->address;
	if (im->at[D_CITY] < 0)
		d->city = old->city;
	if (im->at[D_REGION] < 0)
		d->region = old->region;
	if (im->at[D_TIMEZONE] < 0 && old->timezone)
		d->timezone = old->timezone;
	if (im->at[D_SEGMENT] < 0)
		d->segment = old->segment;
	if (im->at[D_RULES] < 0)
		d->rules = old->rules;
	if (im->at[D_CREDIT_LIMIT] < 0) {
		d->has_credit_limit = old->has_credit_limit;
		d->credit_limit = old->credit_limit;
	}
}

/* Names the fields that differ, for the event of a changed debtor. */
static void changed_fields(const struct cb_debtor *a, const struct cb_debtor *b,
    char *out, size_t size)
{
	const char *const names[] = { "name", "email", "address", "city",
		"region", "timezone", "segment", "country", "rules" };
	const char *const x[] = { a->name, a->email, a->address, a->city,
		a->region, a->timezone, a->segment, a->country, a->rules };
	const char *const y[] = { b->name, b->email, b->address, b->city,
		b->region, b->timezone, b->segment, b->country, b->rules };
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0] && n < size; i++)
		if (strcmp(x[i] ? x[i] : "", y[i] ? y[i] : "") != 0)
			n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "," : "",
			    names[i]);
	bool phones = a->nphones != b->nphones;
	for (size_t i = 0; !phones && i < a->nphones; i++)
		phones = strcmp(a->phones[i].number, b->phones[i].number) != 0;
	if (phones && n < size)
		n += (size_t)snprintf(out + n, size - n, "%sphones", n ? "," : "");
	if ((a->has_credit_limit != b->has_credit_limit ||
	    a->credit_limit != b->credit_limit) && n < size)
		snprintf(out + n, size - n, "%scredit_limit", n ? "," : "");
}

/* Stores a debtor that is new or changed. */
static int store_debtor(struct import *im, struct cb_debtor *d)
{
	struct cb_debtor old;
	struct cb_event ev;
	char fields[160];
	int rc = cb_debtor_get(im->txn, d->id, &old);
	if (rc == CB_ERR_NOTFOUND) {
		im->r->added++;
		return cb_debtor_put(im->txn, d);
	}
	if (rc != CB_OK)
		return rc;
	keep_absent(im, d, &old);
	keep_phone_marks(d, &old);
	if (cb_debtor_same(d, &old)) {
		im->r->unchanged++;
		return CB_OK;
	}
	long line = imp_seen(im, 'd', d->id, NULL, NULL);
	if (line > 0 && line != im->rec.line)
		return imp_reject(im, D_ID,
		    "debtor %s is on line %ld too, with other data", d->id, line);
	changed_fields(&old, d, fields, sizeof fields);
	/* A new segment or new phones change the accounts' place in the
	 * queue. */
	bool resegment = strcmp(d->segment ? d->segment : "",
	    old.segment ? old.segment : "") != 0 || strstr(fields, "phones");
	im->r->updated++;
	cb_event_init(&ev, "debtor_changed", NULL, 0);
	cb_event_add(&ev, "debtor", d->id);
	cb_event_add(&ev, "fields", fields);
	rc = cb_debtor_put(im->txn, d);
	if (rc == CB_OK)
		rc = imp_event(im, &ev);
	return rc == CB_OK && resegment ? touch_accounts(im, d->id) : rc;
}

/* The debtor's own rule pack, its code in capitals as packs name it. */
static int read_rules(struct import *im, struct cb_debtor *d, char *code)
{
	const char *given = imp_field(im, D_RULES);
	if (given == NULL)
		return CB_OK;
	if (!cb_pack_code_ok(given))
		return imp_reject(im, D_RULES, "'%s' is not a rule pack code "
		    "(letters, digits, - and _, up to %d)", given, CB_PACK_CODE_MAX);
	for (size_t i = 0; i <= strlen(given); i++)
		code[i] = cb_ascii_upper(given[i]);
	d->rules = code;
	return CB_OK;
}

static int debtor_row(struct import *im)
{
	struct cb_debtor d = { 0 };
	char canon[CB_ID_MAX], country[3], rules[CB_PACK_CODE_MAX + 1];
	int rc = read_id(im, &d, canon, country);
	if (rc == CB_OK)
		imp_prefetch(im, 'd', d.id, NULL); /* for imp_seen() below */
	if (rc == CB_OK)
		rc = imp_required(im, D_NAME, &d.name);
	for (int c = D_NAME; c <= D_REGION && rc == CB_OK; c++)
		rc = imp_check_length(im, c, IMP_NAME_MAX);
	if (rc == CB_OK)
		rc = read_phone(im, D_PHONE, &d);
	if (rc == CB_OK)
		rc = read_phone(im, D_PHONE2, &d);
	if (rc == CB_OK)
		rc = read_email(im, &d);
	if (rc == CB_OK)
		rc = read_place(im, &d);
	if (rc == CB_OK)
		rc = read_rules(im, &d, rules);
	if (rc == CB_OK) {
		long line = imp_seen(im, 'd', d.id, NULL, NULL);
		rc = store_debtor(im, &d);
		if (rc == CB_OK && line == 0)
			rc = imp_mark_seen(im, 'd', d.id, NULL);
	}
	return rc;
}

const struct imp_kind imp_debtors = { columns, D_COLUMNS, debtor_row, NULL,
	0 };
