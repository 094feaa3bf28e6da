/* certificate.c -- the certificate of collection efforts on one account. */
#include "certificate.h"

#include <stdlib.h>
#include <string.h>

#include "csvout.h"
#include "error.h"
#include "i18n.h"
#include "money.h"
#include "outcome.h"
#include "promise.h"

/* The one table of channels: an event kind it does not name is the
 * system's (promises judged, payments, claims, supervisors' actions). */
static const struct {
	const char *kind;
	enum cb_cert_channel channel;
} channels[] = {
	{ "outcome", CB_CERT_CALL },
	{ "letter", CB_CERT_LETTER },
	{ "email", CB_CERT_EMAIL },
	{ "placement", CB_CERT_PLACEMENT },
};

enum cb_cert_channel cb_cert_channel_of(const char *kind)
{
	size_t n = sizeof channels / sizeof channels[0];
	for (size_t i = 0; kind && i < n; i++)
		if (strcmp(channels[i].kind, kind) == 0)
			return channels[i].channel;
	return CB_CERT_SYSTEM;
}

const char *cb_cert_channel_name(enum cb_cert_channel channel)
{
	static const char *const names[] = { N_("call"), N_("letter"),
		N_("email"), N_("placement"), N_("system") };
	return (unsigned)channel < sizeof names / sizeof names[0]
	    ? names[channel] : N_("system");
}

/* A promise of the account: its amount, for the events that judge it. */
struct promise_amount {
	uint64_t id;
	int64_t amount;
};

/* What the walk keeps while the transaction is open. */
struct walk {
	struct cb_txn *txn;
	const struct cb_account_ref *a;
	const struct cb_currency *cur;
	struct cb_certificate *c;
	size_t cap_documents;
	size_t npromises, cap_promises;
	struct promise_amount *promises;
	int (*fn)(const struct cb_cert_row *row, void *arg);
	void *arg;
	char *details; /* grown to the longest event's details */
	size_t details_size;
	char amount[32];
};

/* Grows an array of n elements of size bytes to hold one more. */
static void *grow(void *list, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return list;
	size_t c = *cap ? *cap * 2 : 16;
	void *p = realloc(list, c * size);
	if (p != NULL)
		*cap = c;
	return p;
}

/* ---- The header: the account as it stands ------------------------------ */

/* Open debits first, oldest due first (equal days by id); then credits. */
static int by_due(const void *x, const void *y)
{
	const struct cb_cert_document *a = x, *b = y;
	bool ca = a->type == CB_DOC_CREDIT_NOTE;
	bool cb = b->type == CB_DOC_CREDIT_NOTE;
	if (ca != cb)
		return ca ? 1 : -1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int add_document(const struct cb_invoice *inv, void *arg)
{
	struct walk *w = arg;
	struct cb_certificate *c = w->c;
	bool credit = inv->type == CB_DOC_CREDIT_NOTE;
	if (inv->open <= 0)
		return CB_OK;
	struct cb_cert_document *list = grow(c->documents, c->ndocuments,
	    &w->cap_documents, sizeof *list);
	if (list == NULL)
		return CB_ERR_NOMEM;
	c->documents = list;
	struct cb_cert_document *d = &list[c->ndocuments++];
	snprintf(d->id, sizeof d->id, "%s", inv->id);
	d->type = inv->type;
	d->due = inv->due_date;
	d->amount = credit ? -inv->amount : inv->amount;
	d->open = credit ? -inv->open : inv->open;
	d->days_late = !credit && c->today > inv->due_date
	    ? c->today - inv->due_date : 0;
	return CB_OK;
}

static char *dup_text(const char *s)
{
	return strdup(s ? s : "");
}

/* The creditor, the debtor and the account's figures, copied out. */
static int read_header(struct walk *w, struct cb_session *s)
{
	struct cb_certificate *c = w->c;
	struct cb_account acc;
	struct cb_portfolio p;
	struct cb_debtor d;
	int rc = cb_account_get(w->txn, w->a->portfolio, w->a->debtor, &acc);
	if (rc == CB_OK)
		rc = cb_portfolio_get(w->txn, w->a->portfolio, &p);
	if (rc == CB_OK)
		rc = cb_debtor_get(w->txn, w->a->debtor, &d);
	if (rc == CB_OK && (w->cur = cb_currency_find(p.currency)) == NULL)
		rc = CB_ERR_CORRUPT;
	if (rc == CB_OK)
		rc = cb_tz_today(s->now, p.timezone, &c->today);
	if (rc != CB_OK)
		return rc;
	snprintf(c->portfolio, sizeof c->portfolio, "%s", p.code);
	snprintf(c->currency, sizeof c->currency, "%s", p.currency);
	snprintf(c->debtor, sizeof c->debtor, "%s", d.id);
	snprintf(c->country, sizeof c->country, "%s",
	    d.country ? d.country : "");
	snprintf(c->made_by, sizeof c->made_by, "%s", s->login);
	c->made = s->now;
	c->balance = acc.balance;
	c->oldest_due = acc.oldest_due;
	/* Not yet due is not late: days past due count from 0. */
	c->days = acc.oldest_due != CB_DAY_NONE && c->today > acc.oldest_due
	    ? c->today - acc.oldest_due : 0;
	c->portfolio_name = dup_text(p.name ? p.name : p.code);
	c->debtor_name = dup_text(d.name);
	if (c->portfolio_name == NULL || c->debtor_name == NULL)
		return CB_ERR_NOMEM;
	rc = cb_invoice_each(w->txn, w->a->portfolio, w->a->debtor,
	    add_document, w);
	if (rc == CB_OK && c->ndocuments > 1)
		qsort(c->documents, c->ndocuments, sizeof *c->documents,
		    by_due);
	return rc;
}

/* ---- Promises and payments, from their tables ------------------------- */

static int add_promise(const struct cb_promise *p, void *arg)
{
	struct walk *w = arg;
	struct cb_certificate *c = w->c;
	struct promise_amount *list = grow(w->promises, w->npromises,
	    &w->cap_promises, sizeof *list);
	if (list == NULL)
		return CB_ERR_NOMEM;
	w->promises = list;
	list[w->npromises++] = (struct promise_amount){ p->id, p->amount };
	c->promises++;
	switch (p->status) {
	case CB_PROMISE_KEPT: c->kept++; break;
	case CB_PROMISE_BROKEN: c->broken++; break;
	case CB_PROMISE_REFUSED: c->refused++; break;
	case CB_PROMISE_PENDING:
	case CB_PROMISE_WAITING: c->pending++; break;
	}
	return CB_OK;
}

static int add_payment(const struct cb_payment *pay, void *arg)
{
	struct walk *w = arg;
	w->c->payments++;
	w->c->paid += pay->amount;
	return CB_OK;
}

/* ---- The rows ---------------------------------------------------------- */

/* Reads an amount in the machine form ("-1234.50") as minor units of cur;
 * false when it is not one. */
static bool plain_minor(const char *text, const struct cb_currency *cur,
    int64_t *out)
{
	int64_t v = 0;
	int decimals = -1;
	bool negative = *text == '-', digits = false;
	for (const char *p = text + negative; *p; p++) {
		if (*p == '.' && decimals < 0 && cur->decimals > 0) {
			decimals = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*p - '0');
		digits = true;
		if (decimals >= 0 && ++decimals > cur->decimals)
			return false;
	}
	for (int d = decimals < 0 ? 0 : decimals; d < cur->decimals; d++) {
		if (v > INT64_MAX / 10)
			return false;
		v *= 10;
	}
	*out = negative ? -v : v;
	return digits;
}

/* The amount of the promise an event names, in the machine form. */
static const char *promise_amount(struct walk *w, const struct cb_event *ev)
{
	const char *id = cb_event_value(ev, "promise");
	if (id == NULL)
		return NULL;
	uint64_t n = strtoull(id, NULL, 10);
	for (size_t i = 0; i < w->npromises; i++)
		if (w->promises[i].id == n) {
			cb_money_format_plain(w->promises[i].amount, w->cur,
			    w->amount, sizeof w->amount);
			return w->amount;
		}
	return NULL;
}

/* What a row shows of an event besides its details, by its channel. */
static void row_fields(struct walk *w, const struct cb_event *ev,
    struct cb_cert_row *row)
{
	const struct cb_outcome *o = NULL;
	switch (row->channel) {
	case CB_CERT_CALL:
		row->code = cb_event_value(ev, "code");
		if (row->code && (o = cb_outcome_find(row->code)) != NULL)
			row->label = o->label;
		break;
	case CB_CERT_LETTER:
	case CB_CERT_EMAIL:
		row->code = cb_event_value(ev, "template");
		break;
	case CB_CERT_PLACEMENT:
		row->code = cb_event_value(ev, "agency");
		break;
	case CB_CERT_SYSTEM:
		break;
	}
	row->amount = cb_event_value(ev, "amount");
	if (row->amount == NULL && (strcmp(ev->kind, "promise_kept") == 0 ||
	    strcmp(ev->kind, "promise_broken") == 0))
		row->amount = promise_amount(w, ev);
	row->has_minor = row->amount && plain_minor(row->amount, w->cur,
	    &row->minor);
	row->date = cb_event_value(ev, "date");
}

/* Counts an event in the totals. */
static void count(struct cb_certificate *c, const struct cb_cert_row *row)
{
	const struct cb_outcome *o;
	c->events++;
	switch (row->channel) {
	case CB_CERT_CALL:
		o = row->code ? cb_outcome_find(row->code) : NULL;
		/* A stop code (deceased, bankruptcy, cease contact) records a
		 * fact, not an attempt, as the queue counts them. */
		c->calls += o == NULL || o->kind != CB_OUTCOME_STOP;
		c->contacts += o && o->kind == CB_OUTCOME_CONVERSATION;
		break;
	case CB_CERT_LETTER: c->letters++; break;
	case CB_CERT_EMAIL: c->emails++; break;
	case CB_CERT_PLACEMENT: c->placements++; break;
	case CB_CERT_SYSTEM: break;
	}
}

/* The event's details, written into the walk's buffer, grown to fit. */
static int details_of(struct walk *w, const struct cb_event *ev)
{
	size_t n = cb_event_details(ev, w->details, w->details_size);
	if (n < w->details_size)
		return CB_OK;
	char *p = realloc(w->details, n + 1);
	if (p == NULL)
		return CB_ERR_NOMEM;
	w->details = p;
	w->details_size = n + 1;
	cb_event_details(ev, w->details, w->details_size);
	return CB_OK;
}

static int event_row(const struct cb_event *ev, void *arg)
{
	struct walk *w = arg;
	struct cb_cert_row row = { .event = ev, .certificate = w->c,
		.channel = cb_cert_channel_of(ev->kind) };
	int rc = details_of(w, ev);
	if (rc != CB_OK)
		return rc;
	row.details = w->details;
	row_fields(w, ev, &row);
	count(w->c, &row);
	return w->fn ? w->fn(&row, w->arg) : CB_OK;
}

static int certificate_txn(struct walk *w, struct cb_session *s)
{
	int rc = read_header(w, s);
	if (rc == CB_OK)
		rc = cb_promise_each(w->txn, w->a->portfolio, w->a->debtor,
		    add_promise, w);
	if (rc == CB_OK)
		rc = cb_payment_each(w->txn, w->a->portfolio, w->a->debtor,
		    add_payment, w);
	if (rc == CB_OK)
		rc = cb_event_each_account(w->txn, w->a->portfolio,
		    w->a->debtor, event_row, w);
	return rc;
}

int cb_certificate(struct cb_session *s, const struct cb_account_ref *a,
    int (*fn)(const struct cb_cert_row *row, void *arg), void *arg,
    struct cb_certificate **out)
{
	struct walk w = { .a = a, .fn = fn, .arg = arg };
	*out = NULL;
	if (!cb_may(s->role, CB_DO_REPORT))
		return CB_ERR_PERM;
	if ((w.c = calloc(1, sizeof *w.c)) == NULL)
		return CB_ERR_NOMEM;
	w.details_size = 1024;
	int rc = (w.details = malloc(w.details_size)) ? CB_OK : CB_ERR_NOMEM;
	if (rc == CB_OK)
		rc = cb_store_read(s->store, &w.txn);
	if (rc == CB_OK) {
		rc = certificate_txn(&w, s);
		cb_txn_end(&w.txn);
	}
	free(w.details);
	free(w.promises);
	if (rc == CB_OK)
		*out = w.c;
	else
		cb_certificate_free(&w.c);
	return rc;
}

void cb_certificate_free(struct cb_certificate **c)
{
	if (*c == NULL)
		return;
	free((*c)->portfolio_name);
	free((*c)->debtor_name);
	free((*c)->documents);
	free(*c);
	*c = NULL;
}

/* ---- CSV ----------------------------------------------------------------- */

static const char *const csv_header[] = { "seq", "time", "channel", "user",
	"kind", "code", "amount", "date", "details" };

struct csv_job {
	struct cb_csv_writer *w;
	uint64_t rows, bad_seq;
};

static int csv_row(const struct cb_cert_row *row, void *arg)
{
	struct csv_job *j = arg;
	const struct cb_event *ev = row->event;
	char seq[24], when[17];
	snprintf(seq, sizeof seq, "%llu", (unsigned long long)ev->seq);
	cb_time_format_utc(ev->time, when);
	const char *f[] = { seq, when, cb_cert_channel_name(row->channel),
		ev->user, ev->kind, row->code, row->amount, row->date,
		row->details };
	int rc = cb_csv_writer_row(j->w, f, sizeof f / sizeof f[0]);
	if (rc == CB_ERR_INPUT)
		j->bad_seq = ev->seq;
	j->rows += rc == CB_OK;
	return rc;
}

int cb_certificate_csv(struct cb_session *s, const struct cb_account_ref *a,
    FILE *f, const char *encoding, uint64_t *rows, uint64_t *bad_row,
    uint64_t *bad_seq)
{
	struct csv_job j = { 0 };
	struct cb_certificate *c = NULL;
	*rows = *bad_row = *bad_seq = 0;
	if (!cb_may(s->role, CB_DO_REPORT))
		return CB_ERR_PERM;
	int rc = cb_csv_writer_open(f, encoding, ',', &j.w);
	if (rc != CB_OK)
		return rc;
	rc = cb_csv_writer_row(j.w, csv_header,
	    sizeof csv_header / sizeof csv_header[0]);
	if (rc == CB_OK)
		rc = cb_certificate(s, a, csv_row, &j, &c);
	cb_certificate_free(&c);
	cb_csv_writer_close(&j.w);
	*rows = j.rows;
	/* Bad input here is only a row the encoding cannot hold; anything
	 * else the store gave back so is a stored value that cannot be. */
	if (rc == CB_ERR_INPUT && j.bad_seq == 0)
		rc = CB_ERR_CORRUPT;
	if (rc == CB_ERR_INPUT) {
		*bad_row = j.rows + 1;
		*bad_seq = j.bad_seq;
	}
	return rc;
}
