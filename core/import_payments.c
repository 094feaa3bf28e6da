/* import_payments.c -- the payments file: money received from debtors. */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "import_impl.h"

enum {
	P_ID, P_DEBTOR, P_DATE, P_AMOUNT, P_INVOICE, P_METHOD, P_PORTFOLIO,
	P_COLUMNS
};

static const struct imp_column columns[P_COLUMNS] = {
	[P_ID] = { "payment_id", "id_pago comprobante numero_pago", true },
	[P_DEBTOR] = { "debtor_id", "rut ruc dni nif nie id_deudor", true },
	[P_DATE] = { "date", "fecha fecha_pago", true },
	[P_AMOUNT] = { "amount", "monto", true },
	[P_INVOICE] = { "invoice_id", "folio factura documento", false },
	[P_METHOD] = { "method", "medio medio_pago forma_pago", false },
	[P_PORTFOLIO] = { "portfolio", "cartera", false },
};

/* Finds the portfolio of a payment: the named invoice's, the column's, or
 * the debtor's only account's. */
static int find_portfolio(struct import *im, const char *debtor,
    const char *invoice, char code[CB_PORTFOLIO_MAX + 1])
{
	const char *given = imp_field(im, P_PORTFOLIO), *owner;
	struct cb_cursor *c;
	struct cb_val k;
	struct cb_account a;
	int found = 0;
	int rc = cb_cursor_open(im->txn, CB_T_PORTFOLIOS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL);
	     rc == CB_OK; rc = cb_cursor_next(c, &k, NULL)) {
		if (given && strcmp(given, k.data) != 0)
			continue;
		if (invoice ? cb_invoice_owner(im->txn, k.data, invoice, &owner) == CB_OK &&
		    strcmp(owner, debtor) == 0
		            : cb_account_get(im->txn, k.data, debtor, &a) == CB_OK) {
			if (found++ == 0)
				snprintf(code, CB_PORTFOLIO_MAX + 1, "%s", (const char *)k.data);
		}
	}
	cb_cursor_close(&c);
	if (rc != CB_ERR_NOTHING)
		return rc;
	if (found == 0 && invoice)
		return imp_reject(im, P_INVOICE, "no invoice %s of debtor %s%s%s",
		    invoice, debtor, given ? " in portfolio " : "", given ? given : "");
	if (found == 0)
		return imp_reject(im, given ? P_PORTFOLIO : P_DEBTOR,
		    "debtor %s has no account%s%s to pay", debtor,
		    given ? " in portfolio " : "", given ? given : "");
	if (found > 1)
		return imp_reject(im, invoice ? P_INVOICE : P_PORTFOLIO,
		    "debtor %s has accounts in several portfolios: give the portfolio",
		    debtor);
	return CB_OK;
}

/* Skips a payment loaded before.  The same id with other data is an error,
 * whether met earlier in this file or in an earlier import: a receipt
 * number used twice must not lose a payment quietly. */
static int already_loaded(struct import *im, const struct cb_payment *pay)
{
	struct cb_payment old;
	long line = imp_seen(im, 'p', pay->id, NULL, NULL);
	int rc = cb_payment_get(im->txn, pay->portfolio, pay->debtor, pay->id, &old);
	if (rc != CB_OK && rc != CB_ERR_NOTFOUND)
		return rc;
	if (rc == CB_OK && old.amount == pay->amount && old.date == pay->date) {
		im->r->skipped++;
		return CB_OK;
	}
	if (line > 0)
		return imp_reject(im, P_ID,
		    "payment %s is on line %ld too, with other data", pay->id, line);
	return imp_reject(im, P_ID,
	    "payment %s was loaded before with another debtor, amount or date",
	    pay->id);
}

/* Posts a new payment and logs it. */
static int post(struct import *im, const struct cb_payment *pay,
    const struct cb_currency *cur)
{
	struct cb_event ev;
	char amount[32], date[11];
	int rc = cb_payment_put(im->txn, pay);
	if (rc == CB_OK)
		rc = imp_touch(im, pay->portfolio, pay->debtor);
	cb_money_format_plain(pay->amount, cur, amount, sizeof amount);
	cb_day_format(pay->date, date);
	cb_event_init(&ev, "payment", NULL, 0);
	ev.portfolio = pay->portfolio;
	ev.debtor = pay->debtor;
	cb_event_add(&ev, "payment", pay->id);
	cb_event_add(&ev, "amount", amount);
	cb_event_add(&ev, "date", date);
	if (pay->invoice)
		cb_event_add(&ev, "invoice", pay->invoice);
	if (rc == CB_OK)
		rc = imp_event(im, &ev);
	im->r->added += rc == CB_OK;
	return rc;
}

static int payment_row(struct import *im)
{
	struct cb_payment pay = { 0 };
	struct cb_portfolio p;
	struct cb_val account;
	const struct cb_currency *cur = NULL;
	char debtor[CB_ID_MAX], code[CB_PORTFOLIO_MAX + 1];
	int rc = imp_required(im, P_ID, &pay.id);
	if (rc == CB_OK)
		rc = imp_check_length(im, P_ID, CB_DOC_ID_MAX);
	if (rc == CB_OK)
		rc = imp_check_length(im, P_METHOD, CB_DOC_ID_MAX);
	if (rc == CB_OK)
		rc = imp_debtor(im, P_DEBTOR, debtor, NULL);
	pay.invoice = imp_field(im, P_INVOICE);
	pay.method = imp_field(im, P_METHOD);
	if (rc == CB_OK)
		rc = find_portfolio(im, debtor, pay.invoice, code);
	if (rc == CB_OK && (rc = cb_portfolio_get(im->txn, code, &p)) == CB_OK &&
	    (cur = cb_currency_find(p.currency)) == NULL)
		rc = CB_ERR_CORRUPT;
	if (rc == CB_OK)
		rc = imp_date(im, P_DATE, true, &pay.date);
	if (rc == CB_OK)
		rc = imp_amount(im, P_AMOUNT, cur, &pay.amount);
	if (rc == CB_OK && pay.amount <= 0)
		rc = imp_reject(im, P_AMOUNT, "a payment must be more than zero");
	if (rc != CB_OK)
		return rc;
	pay.portfolio = code;
	pay.debtor = debtor;
	rc = cb_payment_find(im->txn, pay.id, &account);
	if (rc == CB_OK)
		return already_loaded(im, &pay);
	if (rc != CB_ERR_NOTFOUND)
		return rc;
	rc = post(im, &pay, cur);
	return rc == CB_OK ? imp_mark_seen(im, 'p', pay.id, NULL) : rc;
}

const struct imp_kind imp_payments = { columns, P_COLUMNS, payment_row,
	NULL, 0 };
