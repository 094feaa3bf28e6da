/* import_invoices.c -- the invoices file: invoices, debit and credit notes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "import_impl.h"
#include "text.h"
#include "zone.h"

enum {
	I_ID, I_DEBTOR, I_DUE, I_AMOUNT, I_ISSUE, I_PORTFOLIO, I_CURRENCY,
	I_TYPE, I_APPLIES_TO, I_COLUMNS
};

static const struct imp_column columns[I_COLUMNS] = {
	[I_ID] = { "invoice_id", "folio numero documento numero_documento", true },
	[I_DEBTOR] = { "debtor_id", "rut ruc dni nif nie id_deudor", true },
	[I_DUE] = { "due_date", "vencimiento fecha_vencimiento", true },
	[I_AMOUNT] = { "amount", "monto total", true },
	[I_ISSUE] = { "issue_date", "fecha_emision emision fecha", false },
	[I_PORTFOLIO] = { "portfolio", "cartera", false },
	[I_CURRENCY] = { "currency", "moneda", false },
	[I_TYPE] = { "type", "tipo tipo_documento", false },
	[I_APPLIES_TO] = { "applies_to", "referencia documento_referencia", false },
};

/* Names of the document types in ERP files (folded). */
static const struct {
	const char *name;
	enum cb_doc_type type;
} types[] = {
	{ "invoice", CB_DOC_INVOICE }, { "factura", CB_DOC_INVOICE },
	{ "boleta", CB_DOC_INVOICE }, { "fa", CB_DOC_INVOICE },
	{ "debit_note", CB_DOC_DEBIT_NOTE }, { "nota_debito", CB_DOC_DEBIT_NOTE },
	{ "nota_de_debito", CB_DOC_DEBIT_NOTE }, { "nd", CB_DOC_DEBIT_NOTE },
	{ "credit_note", CB_DOC_CREDIT_NOTE }, { "nota_credito", CB_DOC_CREDIT_NOTE },
	{ "nota_de_credito", CB_DOC_CREDIT_NOTE }, { "nc", CB_DOC_CREDIT_NOTE },
};

static int read_type(struct import *im, enum cb_doc_type *out)
{
	char folded[40];
	const char *s = imp_field(im, I_TYPE);
	*out = CB_DOC_INVOICE;
	if (s == NULL)
		return CB_OK;
	cb_text_fold(s, folded, sizeof folded);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		if (strcmp(folded, types[i].name) == 0) {
			*out = types[i].type;
			return CB_OK;
		}
	}
	return imp_reject(im, I_TYPE,
	    "'%s' is not invoice, debit_note or credit_note", s);
}

/* The stored portfolio code names, with its currency, in *p and *cur;
 * CB_ERR_NOTFOUND when there is none.  Rows come grouped by portfolio:
 * the portfolio of the row before is not looked up again. */
static int stored_portfolio(struct import *im, const char *code,
    struct cb_portfolio *p, const struct cb_currency **cur)
{
	if (strcmp(code, im->portfolio.code) != 0 || im->portfolio.currency == NULL) {
		int rc = cb_portfolio_get(im->txn, code, p);
		if (rc != CB_OK)
			return rc;
		if ((im->portfolio.currency = cb_currency_find(p->currency)) == NULL)
			return CB_ERR_CORRUPT;
		cb_text_copy(im->portfolio.code, sizeof im->portfolio.code, code);
	}
	/* The code in the map may move as the import writes: the copy stays. */
	*p = (struct cb_portfolio){ .code = im->portfolio.code,
		.currency = im->portfolio.currency->code };
	*cur = im->portfolio.currency;
	return CB_OK;
}

/* The portfolio of the row and its currency.  A new one takes the currency
 * of the row or of the debtor's country; it is only made (by store_invoice)
 * once the whole row is found good, so that a rejected row leaves nothing
 * behind. */
static int read_portfolio(struct import *im, struct cb_portfolio *p,
    const struct cb_currency **cur, bool *is_new)
{
	const char *country = im->debtor.country;
	const char *zone = im->debtor.timezone[0] ? im->debtor.timezone : NULL;
	const char *code, *given = imp_field(im, I_CURRENCY);
	const struct cb_currency *want = NULL;
	int rc = imp_portfolio_code(im, I_PORTFOLIO, &code);
	*is_new = false;
	if (rc != CB_OK)
		return rc;
	if (given && (want = cb_currency_find(given)) == NULL)
		return imp_reject(im, I_CURRENCY, "unknown currency '%s'", given);
	rc = stored_portfolio(im, code, p, cur);
	if (rc == CB_OK) {
		if (want && want != *cur)
			return imp_reject(im, I_CURRENCY,
			    "portfolio %s is in %s, not %s", code, p->currency, want->code);
		return CB_OK;
	}
	if (rc != CB_ERR_NOTFOUND)
		return rc;
	if (want == NULL && (want = cb_currency_of_country(country)) == NULL)
		return imp_reject(im, I_CURRENCY,
		    "new portfolio %s: give its currency", code);
	*p = (struct cb_portfolio){ .code = code, .name = code,
		.currency = want->code, .country = country,
		.timezone = cb_zone_default(country, NULL, NULL) };
	if (p->timezone == NULL)
		p->timezone = zone;
	*cur = want;
	*is_new = true;
	return CB_OK;
}

/* The amount, positive; a credit note may come negative. */
static int read_money(struct import *im, const struct cb_currency *cur,
    struct cb_invoice *inv)
{
	int rc = imp_amount(im, I_AMOUNT, cur, &inv->amount);
	if (rc != CB_OK)
		return rc;
	if (inv->amount < 0 && inv->type == CB_DOC_CREDIT_NOTE)
		inv->amount = -inv->amount;
	if (inv->amount < 0)
		return imp_reject(im, I_AMOUNT,
		    "negative amount: give the type credit_note");
	if (inv->amount == 0)
		return imp_reject(im, I_AMOUNT, "the amount is zero");
	return CB_OK;
}

/* A note may name the invoice it corrects, of the same account. */
static int read_applies_to(struct import *im, struct cb_invoice *inv)
{
	struct cb_invoice target;
	inv->applies_to = imp_field(im, I_APPLIES_TO);
	if (inv->applies_to == NULL)
		return CB_OK;
	if (inv->type == CB_DOC_INVOICE)
		return imp_reject(im, I_APPLIES_TO,
		    "only credit and debit notes apply to an invoice");
	int rc = cb_invoice_get(im->txn, inv->portfolio, inv->debtor,
	    inv->applies_to, &target);
	if (rc == CB_ERR_NOTFOUND || (rc == CB_OK && target.type != CB_DOC_INVOICE))
		return imp_reject(im, I_APPLIES_TO,
		    "no invoice %s of this debtor in portfolio %s", inv->applies_to,
		    inv->portfolio);
	return rc;
}

/* Logs what the ERP changed in an invoice it sent again. */
static int log_change(struct import *im, const struct cb_invoice *old,
    const struct cb_invoice *inv)
{
	struct cb_event ev;
	char was[32], now[32], due_was[11], due_now[11];
	const struct cb_currency *cur = NULL;
	struct cb_portfolio p;
	int rc = cb_portfolio_get(im->txn, inv->portfolio, &p);
	if (rc == CB_OK && (cur = cb_currency_find(p.currency)) == NULL)
		rc = CB_ERR_CORRUPT;
	if (rc != CB_OK)
		return rc;
	cb_money_format_plain(old->amount, cur, was, sizeof was);
	cb_money_format_plain(inv->amount, cur, now, sizeof now);
	cb_day_format(old->due_date, due_was);
	cb_day_format(inv->due_date, due_now);
	cb_event_init(&ev, "invoice_changed", NULL, 0);
	ev.portfolio = inv->portfolio;
	ev.debtor = inv->debtor;
	cb_event_add(&ev, "invoice", inv->id);
	cb_event_add(&ev, "amount_was", was);
	cb_event_add(&ev, "amount", now);
	cb_event_add(&ev, "due_date_was", due_was);
	cb_event_add(&ev, "due_date", due_now);
	return imp_event(im, &ev);
}

/* Stores the invoice: new, the same as before, or changed by the ERP; and
 * its portfolio when the row is the first to name it.  Marks it as named
 * by this line unless a line before named it. */
static int store_invoice(struct import *im, struct cb_invoice *inv,
    const struct cb_portfolio *new_portfolio)
{
	struct cb_invoice old;
	const char *owner;
	/* The ids this file adds are indexed at its end (invoices_end()):
	 * until then the debtor of each is kept with its name. */
	long line = imp_seen(im, 'i', inv->portfolio, inv->id, &owner);
	int rc = owner ? CB_OK
	    : cb_invoice_owner(im->txn, inv->portfolio, inv->id, &owner);
	if (rc == CB_OK && strcmp(owner, inv->debtor) != 0)
		return imp_reject(im, I_ID, "invoice %s belongs to debtor %s",
		    inv->id, owner);
	if (rc == CB_ERR_NOTFOUND) {
		/* A new portfolio has no invoices yet: this is where it is made. */
		if (new_portfolio &&
		    (rc = cb_portfolio_put(im->txn, new_portfolio)) != CB_OK)
			return rc;
		im->r->added++;
		inv->open = inv->amount;
		inv->settled = CB_DAY_NONE;
		rc = cb_invoice_put_record(im->txn, inv);
		if (rc == CB_OK)
			rc = imp_mark_first(im, 'i', inv->portfolio, inv->id,
			    inv->debtor);
		return rc == CB_OK ? imp_touch(im, inv->portfolio, inv->debtor) : rc;
	}
	if (rc == CB_OK)
		rc = cb_invoice_get(im->txn, inv->portfolio, inv->debtor, inv->id, &old);
	if (rc != CB_OK)
		return rc;
	if (cb_invoice_same(inv, &old)) {
		im->r->unchanged++;
		return line ? CB_OK
		            : imp_mark_first(im, 'i', inv->portfolio, inv->id, NULL);
	}
	if (line > 0)
		return imp_reject(im, I_ID,
		    "invoice %s is on line %ld too, with other data", inv->id, line);
	inv->open = old.open;
	inv->settled = old.settled;
	im->r->updated++;
	rc = log_change(im, &old, inv);
	if (rc == CB_OK)
		rc = cb_invoice_put_record(im->txn, inv); /* its id is indexed */
	if (rc == CB_OK)
		rc = imp_mark_first(im, 'i', inv->portfolio, inv->id, NULL);
	return rc == CB_OK ? imp_touch(im, inv->portfolio, inv->debtor) : rc;
}

/* The debtor of the row, in im->debtor.  A file's invoices come grouped by
 * debtor, and debtors do not change while invoices are imported, so the
 * debtor of the row before is not looked up again. */
static int row_debtor(struct import *im)
{
	const char *text = imp_field(im, I_DEBTOR);
	struct cb_debtor d;
	if (text && strcmp(text, im->debtor.text) == 0)
		return CB_OK;
	im->debtor.text[0] = '\0';
	int rc = imp_debtor(im, I_DEBTOR, im->debtor.id, &d);
	if (rc != CB_OK)
		return rc;
	cb_text_copy(im->debtor.country, sizeof im->debtor.country, d.country);
	cb_text_copy(im->debtor.timezone, sizeof im->debtor.timezone, d.timezone);
	if (strlen(text) < sizeof im->debtor.text)
		strcpy(im->debtor.text, text);
	return CB_OK;
}

static int invoice_row(struct import *im)
{
	struct cb_invoice inv = { 0 };
	struct cb_portfolio p;
	const struct cb_currency *cur = NULL;
	bool new_portfolio;
	int rc = imp_required(im, I_ID, &inv.id);
	if (rc == CB_OK)
		rc = imp_check_length(im, I_ID, CB_DOC_ID_MAX);
	if (rc == CB_OK)
		rc = row_debtor(im);
	if (rc == CB_OK)
		rc = read_portfolio(im, &p, &cur, &new_portfolio);
	if (rc != CB_OK)
		return rc;
	inv.portfolio = p.code;
	inv.debtor = im->debtor.id;
	imp_prefetch(im, 'i', inv.portfolio, inv.id); /* for store_invoice() */
	if ((rc = read_type(im, &inv.type)) == CB_OK &&
	    (rc = read_money(im, cur, &inv)) == CB_OK &&
	    (rc = imp_date(im, I_DUE, true, &inv.due_date)) == CB_OK &&
	    (rc = imp_date(im, I_ISSUE, false, &inv.issue_date)) == CB_OK &&
	    (rc = imp_check_length(im, I_APPLIES_TO, CB_DOC_ID_MAX)) == CB_OK)
		rc = read_applies_to(im, &inv);
	if (rc == CB_OK)
		rc = store_invoice(im, &inv, new_portfolio ? &p : NULL);
	return rc;
}

/* The invoices the file added, sorted.  Their names lie in the file's
 * order, all over memory: each read is a miss of the processor's caches,
 * so the walks ask for the name some places ahead of the one they are at. */
struct added {
	const struct imp_name **names;
	size_t n;
};

#define FETCH_AHEAD 8

static void added_id(size_t i, const char **portfolio, const char **id,
    const char **debtor, void *arg)
{
	const struct added *a = arg;
	if (i + FETCH_AHEAD < a->n)
		__builtin_prefetch(a->names[i + FETCH_AHEAD]);
	*portfolio = a->names[i]->bytes + 1; /* after the tag */
	*id = *portfolio + strlen(*portfolio) + 1;
	*debtor = imp_name_value(a->names[i]);
}

/* Indexes the ids of the invoices the file added, in their order: names
 * are the invoices it named, sorted, and keep only those it added. */
static int invoices_end(struct import *im, const struct imp_name **names,
    size_t n)
{
	struct added a = { names, 0 };
	for (size_t i = 0; i < n; i++) {
		if (i + FETCH_AHEAD < n)
			__builtin_prefetch(names[i + FETCH_AHEAD]);
		if (imp_name_value(names[i]))
			names[a.n++] = names[i];
	}
	return cb_invoice_ids_put_sorted(im->txn, a.n, added_id, &a);
}

const struct imp_kind imp_invoices = { columns, I_COLUMNS, invoice_row,
	invoices_end, 'i' };
