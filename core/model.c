/* model.c -- records of portfolios, debtors, accounts and documents. */
#include "i18n.h"
#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "record.h"
#include "text.h"

/* Field numbers of each record type: fixed forever once released. */
enum { PF_NAME = 1, PF_CURRENCY, PF_TIMEZONE, PF_COUNTRY };
enum {
	DB_KIND = 1, DB_COUNTRY, DB_NAME, DB_EMAIL, DB_ADDRESS, DB_CITY,
	DB_REGION, DB_TIMEZONE, DB_SEGMENT, DB_CREDIT_LIMIT, DB_PHONE, DB_RULES
};
enum { PH_NUMBER = 1, PH_STATUS };
enum { AC_BALANCE = 1, AC_OPEN_DOCS, AC_OLDEST_DUE, AC_LAST_PAYMENT, AC_SEGMENT,
	AC_PAID_LATE, AC_SEGMENT_GIVEN };
enum {
	IN_TYPE = 1, IN_ISSUE, IN_DUE, IN_AMOUNT, IN_APPLIES_TO, IN_OPEN,
	IN_SETTLED
};
enum { PA_DATE = 1, PA_AMOUNT, PA_INVOICE, PA_METHOD, PA_UNAPPLIED };

/* Appends s and its NUL to k, keeping within CB_KEY_MAX. */
static void key_add(struct cb_key *k, const char *s)
{
	size_t n = strlen(s) + 1;
	if (k->len + n > sizeof k->buf)
		n = sizeof k->buf - k->len;
	memcpy(k->buf + k->len, s, n);
	k->len += n;
}

void cb_key_account(struct cb_key *k, const char *portfolio,
    const char *debtor)
{
	k->len = 0;
	key_add(k, portfolio);
	key_add(k, debtor);
}

void cb_key_document(struct cb_key *k, const char *portfolio,
    const char *debtor, const char *doc)
{
	cb_key_account(k, portfolio, debtor);
	key_add(k, doc);
}

/* Returns the NUL-terminated part of key starting at *pos and moves past. */
static const char *key_part(struct cb_val key, size_t *pos)
{
	const char *s = (const char *)key.data + *pos;
	const char *nul = memchr(s, '\0', key.size - *pos);
	if (*pos >= key.size || nul == NULL)
		return NULL;
	*pos += (size_t)(nul - s) + 1;
	return s;
}

int cb_key_split(struct cb_val key, const char **portfolio,
    const char **debtor)
{
	size_t pos = 0;
	*portfolio = key_part(key, &pos);
	*debtor = *portfolio ? key_part(key, &pos) : NULL;
	return *debtor ? CB_OK : CB_ERR_CORRUPT;
}

/* The key of a text: the text with its NUL. */
static struct cb_val text_key(const char *s)
{
	return (struct cb_val){ s, strlen(s) + 1 };
}

/* Stores a finished record under key in table. */
static int put_rec(struct cb_txn *txn, enum cb_table table, struct cb_val key,
    struct cb_rec *rec)
{
	int rc = cb_rec_finish(rec);
	if (rc == CB_OK)
		rc = cb_put(txn, table, key, (struct cb_val){ rec->buf, rec->len });
	cb_rec_free(rec);
	return rc;
}

/* Reads the text of field f, or fails as corrupt. */
#define TEXT_OR_CORRUPT(dst, f)                                              \
	do {                                                                 \
		if (((dst) = cb_rec_field_text(f)) == NULL)                  \
			return CB_ERR_CORRUPT;                               \
	} while (0)

static int portfolio_decode(struct cb_val key, struct cb_val val,
    struct cb_portfolio *p)
{
	struct cb_rec_reader r;
	struct cb_rec_field f;
	int rc = cb_rec_open(&r, val.data, val.size, CB_REC_PORTFOLIO);
	memset(p, 0, sizeof *p);
	p->code = key.data;
	while (rc == CB_OK && (rc = cb_rec_next(&r, &f)) == CB_OK) {
		switch (f.field) {
		case PF_NAME: TEXT_OR_CORRUPT(p->name, &f); break;
		case PF_CURRENCY: TEXT_OR_CORRUPT(p->currency, &f); break;
		case PF_TIMEZONE: TEXT_OR_CORRUPT(p->timezone, &f); break;
		case PF_COUNTRY: TEXT_OR_CORRUPT(p->country, &f); break;
		}
	}
	if (rc != CB_ERR_NOTHING)
		return rc;
	if (p->name == NULL)
		p->name = p->code;
	return p->currency && p->timezone ? CB_OK : CB_ERR_CORRUPT;
}

int cb_portfolio_get(struct cb_txn *txn, const char *code,
    struct cb_portfolio *out)
{
	struct cb_val k, v;
	int rc = cb_get_key(txn, CB_T_PORTFOLIOS, text_key(code), &k, &v);
	return rc == CB_OK ? portfolio_decode(k, v, out) : rc;
}

int cb_portfolio_put(struct cb_txn *txn, const struct cb_portfolio *p)
{
	struct cb_rec rec = { 0 };
	cb_rec_start(&rec, CB_REC_PORTFOLIO);
	if (p->name && strcmp(p->name, p->code) != 0)
		cb_rec_text(&rec, PF_NAME, p->name);
	cb_rec_text(&rec, PF_CURRENCY, p->currency);
	cb_rec_text(&rec, PF_TIMEZONE, p->timezone);
	cb_rec_text(&rec, PF_COUNTRY, p->country);
	return put_rec(txn, CB_T_PORTFOLIOS, text_key(p->code), &rec);
}

int cb_portfolio_each(struct cb_txn *txn,
    int (*fn)(const struct cb_portfolio *p, void *arg), void *arg)
{
	struct cb_cursor *c;
	struct cb_val k, v;
	struct cb_portfolio p;
	int rc = cb_cursor_open(txn, CB_T_PORTFOLIOS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, &v); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, &v)) {
		if ((rc = portfolio_decode(k, v, &p)) != CB_OK ||
		    (rc = fn(&p, arg)) != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

static int phone_decode(const struct cb_rec_field *outer, struct cb_phone *ph)
{
	struct cb_rec_reader r;
	struct cb_rec_field f;
	int rc = cb_rec_open(&r, outer->data, outer->size, CB_REC_PHONE);
	memset(ph, 0, sizeof *ph);
	while (rc == CB_OK && (rc = cb_rec_next(&r, &f)) == CB_OK) {
		if (f.field == PH_NUMBER)
			TEXT_OR_CORRUPT(ph->number, &f);
		else if (f.field == PH_STATUS)
			ph->status = f.i == CB_PHONE_BAD ? CB_PHONE_BAD : CB_PHONE_OK;
	}
	return rc == CB_ERR_NOTHING && ph->number ? CB_OK : CB_ERR_CORRUPT;
}

/* Reads one field of a debtor record into d. */
static int debtor_field(const struct cb_rec_field *f, struct cb_debtor *d)
{
	switch (f->field) {
	case DB_KIND: d->id_kind = (int)f->i; break;
	case DB_COUNTRY: TEXT_OR_CORRUPT(d->country, f); break;
	case DB_NAME: TEXT_OR_CORRUPT(d->name, f); break;
	case DB_EMAIL: TEXT_OR_CORRUPT(d->email, f); break;
	case DB_ADDRESS: TEXT_OR_CORRUPT(d->address, f); break;
	case DB_CITY: TEXT_OR_CORRUPT(d->city, f); break;
	case DB_REGION: TEXT_OR_CORRUPT(d->region, f); break;
	case DB_TIMEZONE: TEXT_OR_CORRUPT(d->timezone, f); break;
	case DB_SEGMENT: TEXT_OR_CORRUPT(d->segment, f); break;
	case DB_RULES: TEXT_OR_CORRUPT(d->rules, f); break;
	case DB_CREDIT_LIMIT:
		d->has_credit_limit = true;
		d->credit_limit = f->i;
		break;
	case DB_PHONE:
		if (d->nphones == CB_PHONES_MAX)
			return CB_ERR_CORRUPT;
		return phone_decode(f, &d->phones[d->nphones++]);
	}
	return CB_OK;
}

static int debtor_decode(struct cb_val key, struct cb_val val,
    struct cb_debtor *d)
{
	struct cb_rec_reader r;
	struct cb_rec_field f;
	int rc = cb_rec_open(&r, val.data, val.size, CB_REC_DEBTOR);
	memset(d, 0, sizeof *d);
	d->id = key.data;
	while (rc == CB_OK && (rc = cb_rec_next(&r, &f)) == CB_OK)
		rc = debtor_field(&f, d);
	if (rc != CB_ERR_NOTHING)
		return rc;
	return d->name && d->country ? CB_OK : CB_ERR_CORRUPT;
}

int cb_debtor_get(struct cb_txn *txn, const char *id, struct cb_debtor *out)
{
	struct cb_val k, v;
	int rc = cb_get_key(txn, CB_T_DEBTORS, text_key(id), &k, &v);
	return rc == CB_OK ? debtor_decode(k, v, out) : rc;
}

/* The words search finds a debtor by, copied out of wherever the debtor
 * lies, since writing may move the map's pages. */
#define WORDS_MAX 48
#define WORD_MAX 64

struct words {
	char w[WORDS_MAX][WORD_MAX];
	int n;
	char id[CB_ID_MAX];
};

static void words_add(struct words *ws, const char *w, size_t len)
{
	if (ws->n < WORDS_MAX && len > 0 && len < WORD_MAX) {
		memcpy(ws->w[ws->n], w, len);
		ws->w[ws->n++][len] = '\0';
	}
}

/* Fills ws with the words of d's name, its id and its phone numbers. */
static void debtor_words(const struct cb_debtor *d, struct words *ws)
{
	char buf[512], digits[64];
	ws->n = 0;
	cb_text_copy(ws->id, sizeof ws->id, d->id);
	cb_text_fold(d->name, buf, sizeof buf);
	for (char *w = strtok(buf, "_.,;:()\"'/&"); w; w = strtok(NULL, "_.,;:()\"'/&"))
		words_add(ws, w, strlen(w));
	cb_text_fold(d->id, buf, sizeof buf);
	words_add(ws, buf, strlen(buf));
	for (size_t i = 0; i < d->nphones; i++) {
		size_t n = 0;
		for (const char *p = d->phones[i].number; *p && n < sizeof digits - 1; p++)
			if (isdigit((unsigned char)*p))
				digits[n++] = *p;
		words_add(ws, digits, n);
		/* The number as dialled at home, without the country code. */
		if (n > 9)
			words_add(ws, digits + n - 9, 9);
	}
}

/* The search key: word \0 debtor \0. */
static struct cb_val search_key(struct cb_key *k, const char *word,
    const char *id)
{
	k->len = 0;
	key_add(k, word);
	key_add(k, id);
	return cb_key_val(k);
}

/* Adds (or with del, removes) the words in the search index. */
static int index_words(struct cb_txn *txn, const struct words *ws, bool del)
{
	struct cb_key k;
	int rc = CB_OK;
	for (int i = 0; i < ws->n && rc == CB_OK; i++) {
		struct cb_val key = search_key(&k, ws->w[i], ws->id);
		rc = del ? cb_del(txn, CB_T_SEARCH, key)
		         : cb_put(txn, CB_T_SEARCH, key, (struct cb_val){ "", 0 });
		if (rc == CB_ERR_NOTFOUND)
			rc = CB_OK;
	}
	return rc;
}

/* Encodes a debtor's record. */
static void debtor_encode(struct cb_rec *rec, const struct cb_debtor *d)
{
	cb_rec_start(rec, CB_REC_DEBTOR);
	cb_rec_int(rec, DB_KIND, d->id_kind);
	cb_rec_text(rec, DB_COUNTRY, d->country);
	cb_rec_text(rec, DB_NAME, d->name);
	cb_rec_text(rec, DB_EMAIL, d->email);
	cb_rec_text(rec, DB_ADDRESS, d->address);
	cb_rec_text(rec, DB_CITY, d->city);
	cb_rec_text(rec, DB_REGION, d->region);
	cb_rec_text(rec, DB_TIMEZONE, d->timezone);
	cb_rec_text(rec, DB_SEGMENT, d->segment);
	cb_rec_text(rec, DB_RULES, d->rules);
	if (d->has_credit_limit)
		cb_rec_int(rec, DB_CREDIT_LIMIT, d->credit_limit);
	for (size_t i = 0; i < d->nphones; i++) {
		struct cb_rec ph = { 0 };
		cb_rec_start(&ph, CB_REC_PHONE);
		cb_rec_text(&ph, PH_NUMBER, d->phones[i].number);
		if (d->phones[i].status != CB_PHONE_OK)
			cb_rec_int(&ph, PH_STATUS, d->phones[i].status);
		if (cb_rec_finish(&ph) != CB_OK)
			rec->failed = 1;
		cb_rec_bytes(rec, DB_PHONE, ph.buf, ph.len);
		cb_rec_free(&ph);
	}
}

int cb_debtor_put(struct cb_txn *txn, const struct cb_debtor *d)
{
	struct cb_debtor old;
	struct cb_rec rec = { 0 };
	struct words was = { .n = 0 }, now;
	char id[CB_ID_MAX];
	/* Everything is copied out before the first write. */
	cb_text_copy(id, sizeof id, d->id);
	debtor_encode(&rec, d);
	debtor_words(d, &now);
	int rc = cb_debtor_get(txn, id, &old);
	if (rc == CB_OK)
		debtor_words(&old, &was);
	else if (rc == CB_ERR_NOTFOUND)
		rc = CB_OK;
	if (rc == CB_OK)
		rc = index_words(txn, &was, true);
	if (rc == CB_OK)
		rc = put_rec(txn, CB_T_DEBTORS, text_key(id), &rec);
	cb_rec_free(&rec);
	return rc == CB_OK ? index_words(txn, &now, false) : rc;
}

/* True when two optional texts are equal (NULL equals ""). */
static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

bool cb_debtor_same(const struct cb_debtor *a, const struct cb_debtor *b)
{
	if (!same_text(a->id, b->id) || a->id_kind != b->id_kind ||
	    !same_text(a->country, b->country) || !same_text(a->name, b->name) ||
	    !same_text(a->email, b->email) ||
	    !same_text(a->address, b->address) ||
	    !same_text(a->city, b->city) || !same_text(a->region, b->region) ||
	    !same_text(a->timezone, b->timezone) ||
	    !same_text(a->segment, b->segment) ||
	    !same_text(a->rules, b->rules) ||
	    a->has_credit_limit != b->has_credit_limit ||
	    (a->has_credit_limit && a->credit_limit != b->credit_limit) ||
	    a->nphones != b->nphones)
		return false;
	for (size_t i = 0; i < a->nphones; i++)
		if (!same_text(a->phones[i].number, b->phones[i].number))
			return false;
	return true;
}

const char *cb_doc_type_name(enum cb_doc_type type)
{
	switch (type) {
	case CB_DOC_INVOICE: return N_("invoice");
	case CB_DOC_DEBIT_NOTE: return N_("debit_note");
	case CB_DOC_CREDIT_NOTE: return N_("credit_note");
	}
	return "invoice";
}

int cb_invoice_decode(struct cb_val key, struct cb_val val,
    struct cb_invoice *inv)
{
	struct cb_rec_reader r;
	struct cb_rec_field f;
	size_t pos = 0;
	memset(inv, 0, sizeof *inv);
	inv->portfolio = key_part(key, &pos);
	inv->debtor = inv->portfolio ? key_part(key, &pos) : NULL;
	inv->id = inv->debtor ? key_part(key, &pos) : NULL;
	inv->issue_date = inv->settled = CB_DAY_NONE;
	int rc = cb_rec_open(&r, val.data, val.size, CB_REC_INVOICE);
	if (inv->id == NULL)
		return CB_ERR_CORRUPT;
	while (rc == CB_OK && (rc = cb_rec_next(&r, &f)) == CB_OK) {
		switch (f.field) {
		case IN_TYPE: inv->type = (enum cb_doc_type)f.i; break;
		case IN_ISSUE: inv->issue_date = (cb_day)f.i; break;
		case IN_DUE: inv->due_date = (cb_day)f.i; break;
		case IN_AMOUNT: inv->amount = f.i; break;
		case IN_APPLIES_TO: TEXT_OR_CORRUPT(inv->applies_to, &f); break;
		case IN_OPEN: inv->open = f.i; break;
		case IN_SETTLED: inv->settled = (cb_day)f.i; break;
		}
	}
	if (inv->type > CB_DOC_CREDIT_NOTE)
		return CB_ERR_CORRUPT;
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

int cb_invoice_get(struct cb_txn *txn, const char *portfolio,
    const char *debtor, const char *id, struct cb_invoice *out)
{
	struct cb_key key;
	struct cb_val k, v;
	cb_key_document(&key, portfolio, debtor, id);
	int rc = cb_get_key(txn, CB_T_INVOICES, cb_key_val(&key), &k, &v);
	return rc == CB_OK ? cb_invoice_decode(k, v, out) : rc;
}

int cb_invoice_owner(struct cb_txn *txn, const char *portfolio,
    const char *id, const char **debtor)
{
	struct cb_key key;
	struct cb_val v;
	cb_key_account(&key, portfolio, id);
	int rc = cb_get(txn, CB_T_INVOICE_IDS, cb_key_val(&key), &v);
	if (rc == CB_OK) {
		*debtor = v.data;
		if (v.size == 0 || ((const char *)v.data)[v.size - 1] != '\0')
			rc = CB_ERR_CORRUPT;
	}
	return rc;
}

int cb_invoice_put(struct cb_txn *txn, const struct cb_invoice *inv)
{
	struct cb_key id_key;
	char debtor[CB_ID_MAX];
	/* Everything is copied out before the first write. */
	cb_key_account(&id_key, inv->portfolio, inv->id);
	snprintf(debtor, sizeof debtor, "%s", inv->debtor);
	int rc = cb_invoice_put_record(txn, inv);
	if (rc != CB_OK)
		return rc;
	return cb_put(txn, CB_T_INVOICE_IDS, cb_key_val(&id_key),
	    text_key(debtor));
}

int cb_invoice_put_record(struct cb_txn *txn, const struct cb_invoice *inv)
{
	struct cb_key key;
	struct cb_rec rec = { 0 };
	cb_rec_start(&rec, CB_REC_INVOICE);
	cb_rec_int(&rec, IN_TYPE, inv->type);
	if (inv->issue_date != CB_DAY_NONE)
		cb_rec_int(&rec, IN_ISSUE, inv->issue_date);
	cb_rec_int(&rec, IN_DUE, inv->due_date);
	cb_rec_int(&rec, IN_AMOUNT, inv->amount);
	cb_rec_text(&rec, IN_APPLIES_TO, inv->applies_to);
	cb_rec_int(&rec, IN_OPEN, inv->open);
	if (inv->settled != CB_DAY_NONE)
		cb_rec_int(&rec, IN_SETTLED, inv->settled);
	cb_key_document(&key, inv->portfolio, inv->debtor, inv->id);
	return put_rec(txn, CB_T_INVOICES, cb_key_val(&key), &rec);
}

/* What cb_invoice_ids_put_sorted() hands to cb_put_sorted(). */
struct id_items {
	void (*item)(size_t i, const char **portfolio, const char **id,
	    const char **debtor, void *arg);
	void *arg;
	struct cb_key key;
};

static struct cb_val id_item(size_t i, struct cb_val *val, void *arg)
{
	struct id_items *ids = arg;
	const char *portfolio, *id, *debtor;
	ids->item(i, &portfolio, &id, &debtor, ids->arg);
	cb_key_account(&ids->key, portfolio, id);
	*val = text_key(debtor);
	return cb_key_val(&ids->key);
}

int cb_invoice_ids_put_sorted(struct cb_txn *txn, size_t n,
    void (*item)(size_t i, const char **portfolio, const char **id,
        const char **debtor, void *arg), void *arg)
{
	struct id_items ids = { item, arg, { .len = 0 } };
	return cb_put_sorted(txn, CB_T_INVOICE_IDS, n, id_item, &ids);
}

bool cb_invoice_same(const struct cb_invoice *a, const struct cb_invoice *b)
{
	return a->type == b->type && a->issue_date == b->issue_date &&
	    a->due_date == b->due_date && a->amount == b->amount &&
	    same_text(a->applies_to, b->applies_to) &&
	    same_text(a->debtor, b->debtor);
}

int cb_payment_decode(struct cb_val key, struct cb_val val,
    struct cb_payment *pay)
{
	struct cb_rec_reader r;
	struct cb_rec_field f;
	size_t pos = 0;
	memset(pay, 0, sizeof *pay);
	pay->portfolio = key_part(key, &pos);
	pay->debtor = pay->portfolio ? key_part(key, &pos) : NULL;
	pay->id = pay->debtor ? key_part(key, &pos) : NULL;
	int rc = cb_rec_open(&r, val.data, val.size, CB_REC_PAYMENT);
	if (pay->id == NULL)
		return CB_ERR_CORRUPT;
	while (rc == CB_OK && (rc = cb_rec_next(&r, &f)) == CB_OK) {
		switch (f.field) {
		case PA_DATE: pay->date = (cb_day)f.i; break;
		case PA_AMOUNT: pay->amount = f.i; break;
		case PA_INVOICE: TEXT_OR_CORRUPT(pay->invoice, &f); break;
		case PA_METHOD: TEXT_OR_CORRUPT(pay->method, &f); break;
		case PA_UNAPPLIED: pay->unapplied = f.i; break;
		}
	}
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

int cb_payment_get(struct cb_txn *txn, const char *portfolio,
    const char *debtor, const char *id, struct cb_payment *out)
{
	struct cb_key key;
	struct cb_val k, v;
	cb_key_document(&key, portfolio, debtor, id);
	int rc = cb_get_key(txn, CB_T_PAYMENTS, cb_key_val(&key), &k, &v);
	return rc == CB_OK ? cb_payment_decode(k, v, out) : rc;
}

int cb_payment_find(struct cb_txn *txn, const char *id, struct cb_val *account)
{
	return cb_get(txn, CB_T_PAYMENT_IDS, text_key(id), account);
}

int cb_payment_put(struct cb_txn *txn, const struct cb_payment *pay)
{
	struct cb_key key, account;
	struct cb_rec rec = { 0 };
	char id[CB_DOC_ID_MAX + 1];
	/* Everything is copied out before the first write. */
	cb_rec_start(&rec, CB_REC_PAYMENT);
	cb_rec_int(&rec, PA_DATE, pay->date);
	cb_rec_int(&rec, PA_AMOUNT, pay->amount);
	cb_rec_text(&rec, PA_INVOICE, pay->invoice);
	cb_rec_text(&rec, PA_METHOD, pay->method);
	if (pay->unapplied != 0)
		cb_rec_int(&rec, PA_UNAPPLIED, pay->unapplied);
	cb_key_document(&key, pay->portfolio, pay->debtor, pay->id);
	cb_key_account(&account, pay->portfolio, pay->debtor);
	snprintf(id, sizeof id, "%s", pay->id);
	int rc = put_rec(txn, CB_T_PAYMENTS, cb_key_val(&key), &rec);
	if (rc != CB_OK)
		return rc;
	return cb_put(txn, CB_T_PAYMENT_IDS, text_key(id), cb_key_val(&account));
}

static const char *const segment_names[] = { "cumplidor", "parcial", "moroso" };

const char *cb_segment_name(enum cb_segment seg)
{
	return seg <= CB_SEG_MOROSO ? segment_names[seg] : "parcial";
}

int cb_segment_parse(const char *text, enum cb_segment *out)
{
	static const char *const english[] = { "good", "partial", "bad" };
	char folded[32];
	cb_text_fold(text, folded, sizeof folded);
	for (int s = CB_SEG_CUMPLIDOR; s <= CB_SEG_MOROSO; s++) {
		if (strcmp(folded, segment_names[s]) == 0 ||
		    strcmp(folded, english[s]) == 0) {
			*out = (enum cb_segment)s;
			return CB_OK;
		}
	}
	return CB_ERR_INPUT;
}

int cb_account_decode(struct cb_val key, struct cb_val val,
    struct cb_account *a)
{
	struct cb_rec_reader r;
	struct cb_rec_field f;
	memset(a, 0, sizeof *a);
	a->oldest_due = a->last_payment = CB_DAY_NONE;
	int rc = cb_key_split(key, &a->portfolio, &a->debtor);
	if (rc == CB_OK)
		rc = cb_rec_open(&r, val.data, val.size, CB_REC_ACCOUNT);
	while (rc == CB_OK && (rc = cb_rec_next(&r, &f)) == CB_OK) {
		switch (f.field) {
		case AC_BALANCE: a->balance = f.i; break;
		case AC_OPEN_DOCS: a->open_docs = (uint32_t)f.i; break;
		case AC_OLDEST_DUE: a->oldest_due = (cb_day)f.i; break;
		case AC_LAST_PAYMENT: a->last_payment = (cb_day)f.i; break;
		case AC_SEGMENT:
			if (f.i < CB_SEG_CUMPLIDOR || f.i > CB_SEG_MOROSO)
				return CB_ERR_CORRUPT;
			a->segment = (enum cb_segment)f.i;
			break;
		case AC_PAID_LATE: a->paid_late = f.i != 0; break;
		case AC_SEGMENT_GIVEN: a->segment_given = f.i != 0; break;
		}
	}
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

int cb_account_get(struct cb_txn *txn, const char *portfolio,
    const char *debtor, struct cb_account *out)
{
	struct cb_key key;
	struct cb_val k, v;
	cb_key_account(&key, portfolio, debtor);
	int rc = cb_get_key(txn, CB_T_ACCOUNTS, cb_key_val(&key), &k, &v);
	return rc == CB_OK ? cb_account_decode(k, v, out) : rc;
}

int cb_account_put(struct cb_txn *txn, const struct cb_account *a)
{
	struct cb_key key;
	struct cb_rec rec = { 0 };
	cb_rec_start(&rec, CB_REC_ACCOUNT);
	cb_rec_int(&rec, AC_BALANCE, a->balance);
	cb_rec_int(&rec, AC_OPEN_DOCS, a->open_docs);
	if (a->oldest_due != CB_DAY_NONE)
		cb_rec_int(&rec, AC_OLDEST_DUE, a->oldest_due);
	if (a->last_payment != CB_DAY_NONE)
		cb_rec_int(&rec, AC_LAST_PAYMENT, a->last_payment);
	cb_rec_int(&rec, AC_SEGMENT, a->segment);
	if (a->paid_late)
		cb_rec_int(&rec, AC_PAID_LATE, 1);
	if (a->segment_given)
		cb_rec_int(&rec, AC_SEGMENT_GIVEN, 1);
	cb_key_account(&key, a->portfolio, a->debtor);
	/* Settled again each night, most accounts come out as they were. */
	int rc = cb_rec_finish(&rec);
	if (rc == CB_OK)
		rc = cb_put_changed(txn, CB_T_ACCOUNTS, cb_key_val(&key),
		    (struct cb_val){ rec.buf, rec.len });
	cb_rec_free(&rec);
	return rc;
}

int cb_debtor_find(struct cb_txn *txn, const char *text, char *canon,
    struct cb_debtor *out, const char **why)
{
	static const char *const countries[] = { NULL, "CL", "PE", "ES" };
	struct cb_debtor d;
	const char *w;
	if (out == NULL)
		out = &d;
	int rc;
	if (why)
		*why = NULL;
	for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++) {
		if (cb_id_check(text, countries[i], canon, NULL, NULL, &w) != CB_OK) {
			/* Only the reading the id's own form implies says why. */
			if (why && i == 0)
				*why = w;
			continue;
		}
		if ((rc = cb_debtor_get(txn, canon, out)) != CB_ERR_NOTFOUND)
			return rc;
	}
	/* Ids of other countries are stored as given, in upper case. */
	size_t n = 0;
	for (const char *p = text; *p && n < CB_ID_MAX - 1; p++)
		if (*p != ' ')
			canon[n++] = (char)toupper((unsigned char)*p);
	canon[n] = '\0';
	return cb_debtor_get(txn, canon, out);
}

/* Walks the records of table whose key starts with an account's key. */
static int each_of_account(struct cb_txn *txn, enum cb_table table,
    const char *portfolio, const char *debtor,
    int (*fn)(struct cb_val k, struct cb_val v, void *arg), void *arg)
{
	struct cb_key prefix;
	struct cb_cursor *c;
	struct cb_val k, v;
	int rc = cb_cursor_open(txn, table, &c);
	if (rc != CB_OK)
		return rc;
	if (debtor)
		cb_key_account(&prefix, portfolio, debtor);
	else {
		prefix.len = 0;
		if (portfolio)
			key_add(&prefix, portfolio);
	}
	for (rc = cb_cursor_seek(c, cb_key_val(&prefix), &k, &v);
	     rc == CB_OK && cb_has_prefix(k, prefix.buf, prefix.len);
	     rc = cb_cursor_next(c, &k, &v))
		if ((rc = fn(k, v, arg)) != CB_OK)
			break;
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

struct each {
	void *fn;
	void *arg;
};

static int invoice_step(struct cb_val k, struct cb_val v, void *arg)
{
	struct each *e = arg;
	struct cb_invoice inv;
	int rc = cb_invoice_decode(k, v, &inv);
	return rc == CB_OK
	    ? ((int (*)(const struct cb_invoice *, void *))e->fn)(&inv, e->arg)
	    : rc;
}

int cb_invoice_each(struct cb_txn *txn, const char *portfolio,
    const char *debtor, int (*fn)(const struct cb_invoice *inv, void *arg),
    void *arg)
{
	struct each e = { (void *)fn, arg };
	return each_of_account(txn, CB_T_INVOICES, portfolio, debtor,
	    invoice_step, &e);
}

static int payment_step(struct cb_val k, struct cb_val v, void *arg)
{
	struct each *e = arg;
	struct cb_payment pay;
	int rc = cb_payment_decode(k, v, &pay);
	return rc == CB_OK
	    ? ((int (*)(const struct cb_payment *, void *))e->fn)(&pay, e->arg)
	    : rc;
}

int cb_payment_each(struct cb_txn *txn, const char *portfolio,
    const char *debtor, int (*fn)(const struct cb_payment *pay, void *arg),
    void *arg)
{
	struct each e = { (void *)fn, arg };
	return each_of_account(txn, CB_T_PAYMENTS, portfolio, debtor,
	    payment_step, &e);
}

static int account_step(struct cb_val k, struct cb_val v, void *arg)
{
	struct each *e = arg;
	struct cb_account a;
	int rc = cb_account_decode(k, v, &a);
	return rc == CB_OK
	    ? ((int (*)(const struct cb_account *, void *))e->fn)(&a, e->arg)
	    : rc;
}

int cb_account_each(struct cb_txn *txn, const char *portfolio,
    int (*fn)(const struct cb_account *a, void *arg), void *arg)
{
	struct each e = { (void *)fn, arg };
	return each_of_account(txn, CB_T_ACCOUNTS, portfolio, NULL,
	    account_step, &e);
}

int cb_account_find(struct cb_txn *txn, const char *text, char *portfolio,
    char *debtor)
{
	const char *slash = strchr(text, '/');
	struct cb_cursor *c;
	struct cb_val k;
	struct cb_account a;
	int found = 0, rc;
	if (slash) {
		char code[CB_PORTFOLIO_MAX + 1];
		size_t n = (size_t)(slash - text);
		if (n > CB_PORTFOLIO_MAX)
			return CB_ERR_NOTFOUND;
		memcpy(code, text, n);
		code[n] = '\0';
		if ((rc = cb_debtor_find(txn, slash + 1, debtor, NULL, NULL)) != CB_OK ||
		    (rc = cb_account_get(txn, code, debtor, &a)) != CB_OK)
			return rc;
		snprintf(portfolio, CB_PORTFOLIO_MAX + 1, "%s", code);
		return CB_OK;
	}
	if ((rc = cb_debtor_find(txn, text, debtor, NULL, NULL)) != CB_OK)
		return rc;
	if ((rc = cb_cursor_open(txn, CB_T_PORTFOLIOS, &c)) != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, NULL)) {
		if (cb_account_get(txn, k.data, debtor, &a) == CB_OK &&
		    found++ == 0)
			snprintf(portfolio, CB_PORTFOLIO_MAX + 1, "%s",
			    (const char *)k.data);
	}
	cb_cursor_close(&c);
	if (rc != CB_ERR_NOTHING)
		return rc;
	return found == 0 ? CB_ERR_NOTFOUND : found > 1 ? CB_ERR_CONFLICT : CB_OK;
}
