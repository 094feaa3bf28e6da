/* card.c -- an account as the workstation shows it, copied out at once. */
#include "card.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "event.h"
#include "library.h"

/*
 * The card is read in two steps inside one read transaction.  First every
 * text is pointed where the store keeps it (in the map, alive until the
 * transaction ends); then the texts are measured, a pool of that size is
 * made and each is copied into it.  Sized so, the pool cannot run out
 * however long the names, the documents or the history; only malloc can
 * fail.  The events of the history are kept by sequence number meanwhile,
 * because their details are written from the event, not read.
 */

/* What the loader keeps until the texts are copied. */
struct loading {
	struct cb_txn *txn;
	struct cb_session *s;
	struct cb_card *card;
	size_t cap_documents, cap_promises;
	/* The account's latest events: a ring of sequence numbers, the
	 * newest at (nseen - 1) % CB_CARD_HISTORY. */
	uint64_t seq[CB_CARD_HISTORY];
	size_t nseen;
	size_t details_size; /* the bytes their details take */
	struct cb_aging_options aging;
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

/* ---- The account's figures and its documents -------------------------- */

/* True for a debit (invoice, debit note) with something still owed. */
static bool open_debit(const struct cb_card_document *d)
{
	return d->type != CB_DOC_CREDIT_NOTE && d->open > 0;
}

/* Open debits first, oldest due first; then the rest, latest due first;
 * equal days by id, as the store lists them. */
static int by_place(const void *a, const void *b)
{
	const struct cb_card_document *x = a, *y = b;
	bool ox = open_debit(x), oy = open_debit(y);
	if (ox != oy)
		return ox ? -1 : 1;
	if (x->due != y->due)
		return (x->due < y->due) == ox ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The bucket of a debit days_late past due, as aging.c counts it; with
 * more bounds than the card has room for, the last bucket takes the rest. */
static int bucket_of(const struct cb_aging_options *opt, int days_late)
{
	int b = opt->nbounds + 1;
	if (days_late <= 0)
		return 0;
	for (int i = 0; i < opt->nbounds; i++)
		if (days_late <= opt->bounds[i]) {
			b = i + 1;
			break;
		}
	return b < CB_CARD_BUCKETS ? b : CB_CARD_BUCKETS - 1;
}

static int add_document(const struct cb_invoice *inv, void *arg)
{
	struct loading *l = arg;
	struct cb_card *c = l->card;
	struct cb_card_document *list = grow(c->documents, c->ndocuments,
	    &l->cap_documents, sizeof *list);
	if (list == NULL)
		return CB_ERR_NOMEM;
	c->documents = list;
	bool credit = inv->type == CB_DOC_CREDIT_NOTE;
	struct cb_card_document *d = &list[c->ndocuments++];
	d->id = inv->id;
	d->type = inv->type;
	d->due = inv->due_date;
	d->amount = credit ? -inv->amount : inv->amount;
	d->open = credit ? -inv->open : inv->open;
	d->days_late = 0;
	if (inv->open > 0 && !credit && c->today > inv->due_date)
		d->days_late = c->today - inv->due_date;
	/* Unapplied credits count as current, so that the buckets add up to
	 * the balance (aging.h). */
	if (inv->open > 0) {
		int b = credit ? 0 : bucket_of(&l->aging, d->days_late);
		c->aging[b] += d->open;
	}
	return CB_OK;
}

/* A payment is not a document of the card; only what it left unapplied
 * counts, as a credit, in the aging. */
static int add_payment(const struct cb_payment *pay, void *arg)
{
	struct loading *l = arg;
	l->card->aging[0] -= pay->unapplied;
	return CB_OK;
}

/* The documents in the card's order, the oldest open debit and the
 * aging. */
static int read_documents(struct loading *l)
{
	struct cb_card *c = l->card;
	const char *pf = c->ref.portfolio, *debtor = c->ref.debtor;
	int rc = cb_invoice_each(l->txn, pf, debtor, add_document, l);
	if (rc == CB_OK)
		rc = cb_payment_each(l->txn, pf, debtor, add_payment, l);
	if (rc == CB_OK && c->ndocuments > 0)
		qsort(c->documents, c->ndocuments, sizeof *c->documents,
		    by_place);
	return rc;
}

/* ---- Promises, history, work and script -------------------------------- */

static int add_promise(const struct cb_promise *p, void *arg)
{
	struct loading *l = arg;
	struct cb_card *c = l->card;
	struct cb_card_promise *list = grow(c->promises, c->npromises,
	    &l->cap_promises, sizeof *list);
	if (list == NULL)
		return CB_ERR_NOMEM;
	c->promises = list;
	list[c->npromises++] = (struct cb_card_promise){ .due = p->due,
		.amount = p->amount, .status = p->status, .agent = p->agent,
		.plan = p->plan != 0 };
	return CB_OK;
}

/* The promises come oldest first; the card shows the newest first. */
static int read_promises(struct loading *l)
{
	struct cb_card *c = l->card;
	int rc = cb_promise_each(l->txn, c->ref.portfolio, c->ref.debtor,
	    add_promise, l);
	for (size_t i = 0; rc == CB_OK && i < c->npromises / 2; i++) {
		size_t j = c->npromises - 1 - i;
		struct cb_card_promise t = c->promises[i];
		c->promises[i] = c->promises[j];
		c->promises[j] = t;
	}
	return rc;
}

/* Keeps the sequence number of an event, over the oldest kept. */
static int see_event(const struct cb_event *ev, void *arg)
{
	struct loading *l = arg;
	l->seq[l->nseen++ % CB_CARD_HISTORY] = ev->seq;
	return CB_OK;
}

/* Reads the i-th latest event of those seen (0: the newest). */
static int latest_event(const struct loading *l, size_t i,
    struct cb_event *ev)
{
	size_t at = (l->nseen - 1 - i) % CB_CARD_HISTORY;
	return cb_event_get(l->txn, l->seq[at], ev);
}

/* The latest events, newest first; their details are written with the
 * other texts, once the pool is made. */
static int read_history(struct loading *l)
{
	struct cb_card *c = l->card;
	int rc = cb_event_each_account(l->txn, c->ref.portfolio, c->ref.debtor,
	    see_event, l);
	c->nhistory = l->nseen < CB_CARD_HISTORY ? l->nseen : CB_CARD_HISTORY;
	for (size_t i = 0; rc == CB_OK && i < c->nhistory; i++) {
		struct cb_event ev;
		if ((rc = latest_event(l, i, &ev)) != CB_OK)
			break;
		c->history[i] = (struct cb_card_event){ .time = ev.time,
			.user = ev.user, .kind = ev.kind };
		l->details_size += cb_event_details(&ev, NULL, 0) + 1;
	}
	return rc;
}

/* Who holds the account (only while the lease runs) and why it is out of
 * the queue. */
static int read_work(struct loading *l, const struct cb_account *a)
{
	struct cb_card *c = l->card;
	struct cb_work w;
	int rc = cb_work_get(l->txn, c->ref.portfolio, c->ref.debtor, &w);
	if (rc != CB_OK)
		return rc;
	if (w.holder && w.lease_until > l->s->now) {
		c->holder = w.holder;
		c->lease_until = w.lease_until;
	}
	c->out_reason = cb_work_out_reason(&w, a, c->today, l->s->now);
	return CB_OK;
}

/* The script in language (NULL: any); none taking the account is no
 * error. */
static int read_script(struct loading *l, const char *language)
{
	struct cb_card *c = l->card;
	int rc = cb_script_facts_read(l->txn, c->ref.portfolio, c->ref.debtor,
	    l->s->login, l->s->now, &c->facts);
	if (rc == CB_OK)
		rc = cb_script_choose(l->txn, &c->facts,
		    language ? language : "", &c->script, &c->script_version);
	if (rc == CB_ERR_NOTFOUND) {
		c->script = NULL;
		c->script_version = 0;
		rc = CB_OK;
	}
	return rc;
}

/* ---- Copying the texts ------------------------------------------------- */

/* Calls fn on each text of the card that still points into the map (the
 * history's details aside, and oldest_invoice, which is set after). */
static int each_text(struct cb_card *c, int (*fn)(const char **t, void *arg),
    void *arg)
{
	const char **fixed[] = { &c->name, &c->country, &c->timezone, &c->email,
		&c->address, &c->city, &c->portfolio_name, &c->currency,
		&c->holder };
	int rc = CB_OK;
	for (size_t i = 0; rc == CB_OK && i < sizeof fixed / sizeof *fixed; i++)
		rc = fn(fixed[i], arg);
	for (size_t i = 0; rc == CB_OK && i < c->nphones; i++)
		rc = fn(&c->phones[i].number, arg);
	for (size_t i = 0; rc == CB_OK && i < c->ndocuments; i++)
		rc = fn(&c->documents[i].id, arg);
	for (size_t i = 0; rc == CB_OK && i < c->npromises; i++)
		rc = fn(&c->promises[i].agent, arg);
	for (size_t i = 0; rc == CB_OK && i < c->nhistory; i++) {
		rc = fn(&c->history[i].user, arg);
		if (rc == CB_OK)
			rc = fn(&c->history[i].kind, arg);
	}
	return rc;
}

static int measure(const char **t, void *arg)
{
	size_t *size = arg;
	if (*t)
		*size += strlen(*t) + 1;
	return CB_OK;
}

static int copy(const char **t, void *arg)
{
	struct cb_pool *p = arg;
	if (*t && (*t = cb_pool_dup(p, *t)) == NULL)
		return CB_ERR_NOMEM;
	return CB_OK;
}

/* The details of the history's event i, into the pool. */
static int copy_details(struct loading *l, size_t i, char **buf, size_t *cap)
{
	struct cb_card *c = l->card;
	struct cb_event ev;
	int rc = latest_event(l, i, &ev);
	if (rc != CB_OK)
		return rc;
	size_t n = cb_event_details(&ev, NULL, 0) + 1;
	if (n > *cap) {
		char *b = realloc(*buf, n);
		if (b == NULL)
			return CB_ERR_NOMEM;
		*buf = b;
		*cap = n;
	}
	cb_event_details(&ev, *buf, n);
	c->history[i].details = cb_pool_add(&c->pool, *buf, n);
	return c->history[i].details ? CB_OK : CB_ERR_NOMEM;
}

/* Measures the texts, makes the pool and copies them into it. */
static int copy_texts(struct loading *l)
{
	struct cb_card *c = l->card;
	size_t size = l->details_size, cap = 0;
	char *buf = NULL;
	int rc = each_text(c, measure, &size);
	if (rc == CB_OK)
		rc = cb_pool_init(&c->pool, size);
	if (rc == CB_OK)
		rc = each_text(c, copy, &c->pool);
	for (size_t i = 0; rc == CB_OK && i < c->nhistory; i++)
		rc = copy_details(l, i, &buf, &cap);
	free(buf);
	return rc;
}

/* ---- The card ---------------------------------------------------------- */

/* The debtor, the account and the portfolio. */
static int read_account(struct loading *l, struct cb_account *a)
{
	struct cb_card *c = l->card;
	struct cb_debtor d;
	struct cb_portfolio p;
	int rc = cb_debtor_get(l->txn, c->ref.debtor, &d);
	if (rc == CB_OK)
		rc = cb_account_get(l->txn, c->ref.portfolio, c->ref.debtor, a);
	if (rc == CB_OK)
		rc = cb_portfolio_get(l->txn, c->ref.portfolio, &p);
	if (rc == CB_OK)
		rc = cb_tz_today(l->s->now, p.timezone, &c->today);
	if (rc != CB_OK)
		return rc;
	c->name = d.name;
	c->country = d.country;
	c->timezone = d.timezone;
	c->email = d.email;
	c->address = d.address;
	c->city = d.city;
	c->nphones = d.nphones;
	memcpy(c->phones, d.phones, d.nphones * sizeof *d.phones);
	c->portfolio_name = p.name ? p.name : p.code;
	c->currency = p.currency;
	c->segment = a->segment;
	c->balance = a->balance;
	c->oldest_due = a->oldest_due;
	return CB_OK;
}

/* Everything of the card, read under one transaction. */
static int card_read(struct loading *l, const char *language)
{
	struct cb_card *c = l->card;
	struct cb_account a;
	int rc = read_account(l, &a);
	if (rc == CB_OK)
		rc = read_documents(l);
	if (rc == CB_OK)
		rc = read_promises(l);
	if (rc == CB_OK)
		rc = read_history(l);
	if (rc == CB_OK)
		rc = read_work(l, &a);
	if (rc == CB_OK)
		rc = read_script(l, language);
	if (rc == CB_OK)
		rc = copy_texts(l);
	/* Sorted, the oldest open debit is the first document. */
	if (rc == CB_OK && c->ndocuments > 0 && open_debit(&c->documents[0])) {
		c->oldest_invoice = c->documents[0].id;
		c->oldest_days_late = c->documents[0].days_late;
	}
	return rc;
}

int cb_card_load(struct cb_session *s, const struct cb_account_ref *a,
    const char *language, struct cb_card **out)
{
	struct loading l = { .s = s };
	if (!cb_may(s->role, CB_DO_VIEW) || !cb_session_sees(s, a->portfolio))
		return CB_ERR_PERM;
	if ((l.card = calloc(1, sizeof *l.card)) == NULL)
		return CB_ERR_NOMEM;
	l.card->ref = *a;
	cb_aging_defaults(&l.aging);
	int rc = cb_queue_contact(s, a, &l.card->calls);
	if (rc == CB_OK)
		rc = cb_store_read(s->store, &l.txn);
	if (rc == CB_OK) {
		rc = card_read(&l, language);
		cb_txn_end(&l.txn);
	}
	if (rc != CB_OK) {
		cb_card_free(&l.card);
		return rc;
	}
	*out = l.card;
	return CB_OK;
}

void cb_card_free(struct cb_card **c)
{
	if (c == NULL || *c == NULL)
		return;
	cb_script_free(&(*c)->script);
	free((*c)->documents);
	free((*c)->promises);
	free((*c)->pool.buf);
	free(*c);
	*c = NULL;
}
