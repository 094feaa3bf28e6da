/* demo.c -- the generated demo portfolio. */
#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "event.h"
#include "idcheck.h"
#include "ledger.h"
#include "model.h"
#include "money.h"
#include "promise.h"
#include "user.h"
#include "work.h"

#define BATCH 2000 /* accounts per write transaction */

static const char *const first_names[] = { "José", "María", "Juan",
	"Ana", "Luis", "Carmen", "Jorge", "Rosa", "Carlos", "Lucía", "Andrés",
	"Sofía", "Martín", "Valentina", "Ramón", "Inés", "Héctor", "Mónica",
	"Óscar", "Begoña", "Iván", "Ximena", "Raúl", "Verónica" };
static const char *const surnames[] = { "González", "Muñoz", "Rojas",
	"Díaz", "Pérez", "Soto", "Contreras", "Silva", "Martínez", "Sepúlveda",
	"Morales", "Rodríguez", "López", "Fuentes", "Hernández", "Núñez",
	"Quispe", "Mamani", "Huamán", "Flores", "Sánchez", "Ramírez", "Castillo",
	"Vásquez", "Peña", "Aránguiz", "Ibáñez", "Carrasco", "Chávez", "Gutiérrez" };
static const char *const trades[] = { "Comercial", "Distribuidora",
	"Inversiones", "Constructora", "Ferretería", "Panadería", "Transportes",
	"Importadora", "Agrícola", "Servicios" };
static const char *const places[] = { "Los Andes", "del Pacífico",
	"San Martín", "El Roble", "La Araucanía", "Santa Lucía", "Austral",
	"Cordillera", "Valle Central", "Tres Ríos" };

struct town {
	const char *city, *region;
};
static const struct town cl_towns[] = { { "Santiago", "Metropolitana" },
	{ "Ñuñoa", "Metropolitana" }, { "Providencia", "Metropolitana" },
	{ "Maipú", "Metropolitana" }, { "Puente Alto", "Metropolitana" },
	{ "Valparaíso", "Valparaíso" }, { "Viña del Mar", "Valparaíso" },
	{ "Concepción", "Biobío" }, { "Temuco", "La Araucanía" },
	{ "Antofagasta", "Antofagasta" }, { "Punta Arenas", "Magallanes" },
	{ "Isla de Pascua", "Valparaíso" } };
static const struct town pe_towns[] = { { "Lima", "Lima" },
	{ "Miraflores", "Lima" }, { "San Isidro", "Lima" },
	{ "Arequipa", "Arequipa" }, { "Trujillo", "La Libertad" },
	{ "Cusco", "Cusco" }, { "Piura", "Piura" } };
static const char *const agents[] = { "ag.munoz", "ag.quispe", "ag.garcia",
	"ag.soto" };
static const char *const attempt_codes[] = { "NA", "BZ", "LM", "RPC", "WPC" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * An event of the generated history.  The history is gathered while the
 * accounts are made and written once they all are, in time order, as real
 * use writes the log: the reports and the agent's day find a period's
 * first event by a binary search over time.
 */
struct past_event {
	time_t when;
	uint32_t order;          /* the order made: equal times keep it */
	char debtor[CB_ID_MAX];
	bool chile;
	bool payment;            /* a payment posted, else a call's outcome */
	uint32_t number;         /* payment: its debtor's number, */
	uint8_t k;               /* and its invoice's, for their ids */
	uint8_t code;            /* outcome: attempt_codes[code], or PTP */
	uint8_t agent;           /* outcome: agents[agent] */
	int64_t amount;          /* payment; promise */
	cb_day date;             /* payment's day; promise's due day */
};

#define PTP_CODE 0xFF

/* An account called in the history: its work record counts the calls. */
struct called {
	char debtor[CB_ID_MAX];
	bool chile;
	uint32_t calls;
	time_t last;
};

/* The demo's two portfolios: an account's is portfolios[chile]. */
static const struct cb_portfolio portfolios[2] = {
	{ "pymes-pe", "Pymes Perú", "PEN", "America/Lima", "PE" },
	{ "retail-cl", "Retail Chile", "CLP", "America/Santiago", "CL" },
};

/* The generator's state: POSIX's 48-bit generator, seeded. */
struct demo {
	unsigned short rng[3];
	const struct cb_demo_options *opt;
	cb_day today[2]; /* of each portfolio, in its zone, as above */
	uint32_t next; /* the next debtor to make */
	char text[8][128];
	struct past_event *past;
	size_t npast, past_size;
	struct called *called;
	size_t ncalled, called_size;
	size_t written; /* of past, then of called, in the later passes */
};

/* Room for one more item in a growing array; NULL when memory is out. */
static void *grow(void **items, size_t *n, size_t *size, size_t one)
{
	if (*n == *size) {
		size_t more = *size ? *size * 2 : 4096;
		void *p = realloc(*items, more * one);
		if (p == NULL)
			return NULL;
		*items = p;
		*size = more;
	}
	return (char *)*items + (*n)++ * one;
}

static struct past_event *new_past(struct demo *d)
{
	struct past_event *e = grow((void **)&d->past, &d->npast,
	    &d->past_size, sizeof *e);
	if (e) {
		memset(e, 0, sizeof *e);
		e->order = (uint32_t)(d->npast - 1);
	}
	return e;
}

static long pick(struct demo *d, long n)
{
	return nrand48(d->rng) % n;
}

/* A valid id of the country for debtor number i: a RUT for Chile, a DNI
 * or RUC for Peru.  The body is i spread by a prime over the range, so no
 * two debtors share an id; the check digit is the one idcheck accepts. */
static void make_id(uint32_t i, bool chile, bool company, char *canon)
{
	static const char checks[] = "0123456789K";
	char raw[24];
	long spread = (long)((uint64_t)i * 7919 % 20000000);
	int n;
	if (!chile && !company) {
		snprintf(raw, sizeof raw, "%08ld", 10000000 + spread);
		cb_id_check(raw, "PE", canon, NULL, NULL, NULL);
		return;
	}
	if (chile)
		n = snprintf(raw, sizeof raw, "%ld-", (company ? 76000000 : 5000000) + spread);
	else
		n = snprintf(raw, sizeof raw, "20%08ld", 10000000 + spread);
	for (const char *c = checks; *c; c++) {
		raw[n] = *c;
		raw[n + 1] = '\0';
		if (cb_id_check(raw, chile ? "CL" : "PE", canon, NULL, NULL, NULL) == CB_OK)
			return;
	}
}

/* Fills debtor number i; text goes into d->text. */
static void make_debtor(struct demo *d, uint32_t i, struct cb_debtor *out,
    char *id)
{
	bool chile = i % 10 < 7, company = pick(d, 10) < 4;
	const struct town *t = chile ? &cl_towns[pick(d, COUNT(cl_towns))]
	                             : &pe_towns[pick(d, COUNT(pe_towns))];
	const char *first = first_names[pick(d, COUNT(first_names))];
	const char *s1 = surnames[pick(d, COUNT(surnames))];
	const char *s2 = surnames[pick(d, COUNT(surnames))];
	memset(out, 0, sizeof *out);
	make_id(i, chile, company, id);
	if (company)
		snprintf(d->text[0], sizeof d->text[0], "%s %s %s",
		    trades[pick(d, COUNT(trades))], places[pick(d, COUNT(places))],
		    chile ? (pick(d, 2) ? "SpA" : "Ltda.") : (pick(d, 2) ? "S.A.C." : "E.I.R.L."));
	else
		snprintf(d->text[0], sizeof d->text[0], "%s %s %s", first, s1, s2);
	if (chile)
		snprintf(d->text[1], sizeof d->text[1], "+56 9 %04ld %04ld",
		    pick(d, 10000), pick(d, 10000));
	else
		snprintf(d->text[1], sizeof d->text[1], "+51 9%02ld %03ld %03ld",
		    pick(d, 100), pick(d, 1000), pick(d, 1000));
	snprintf(d->text[2], sizeof d->text[2], "contacto%u@%s.example", i,
	    chile ? "correo-cl" : "correo-pe");
	snprintf(d->text[3], sizeof d->text[3], "%s %ld", chile ? "Av. Los Leones"
	    : "Jr. de la Unión", 100 + pick(d, 3000));
	out->id = id;
	out->country = chile ? "CL" : "PE";
	out->name = d->text[0];
	out->phones[0].number = d->text[1];
	out->nphones = 1;
	out->email = d->text[2];
	out->address = d->text[3];
	out->city = t->city;
	out->region = t->region;
	out->timezone = !chile ? "America/Lima"
	    : strcmp(t->region, "Magallanes") == 0 ? "America/Punta_Arenas"
	    : strcmp(t->city, "Isla de Pascua") == 0 ? "Pacific/Easter"
	    : "America/Santiago";
}

/* The event the import would have logged for a payment, for later. */
static int record_payment(struct demo *d, const struct cb_payment *pay,
    bool chile, int k)
{
	struct past_event *e = new_past(d);
	if (e == NULL)
		return CB_ERR_NOMEM;
	/* Posted in the afternoon of the day it was paid (today: by now). */
	e->when = (time_t)pay->date * 86400 + 15 * 3600;
	if (e->when > d->opt->now)
		e->when = d->opt->now;
	snprintf(e->debtor, sizeof e->debtor, "%s", pay->debtor);
	e->chile = chile;
	e->payment = true;
	e->number = d->next;
	e->k = (uint8_t)k;
	e->amount = pay->amount;
	e->date = pay->date;
	return CB_OK;
}

/* Writes a payment's event. */
static int log_payment(struct demo *d, struct cb_txn *txn,
    const struct past_event *e)
{
	struct cb_event ev;
	char amount[32], date[11], pay_id[40], inv_id[32];
	snprintf(pay_id, sizeof pay_id, "P-%u%02d", e->number, e->k);
	snprintf(inv_id, sizeof inv_id, "F-%u%02d", e->number, e->k);
	cb_money_format_plain(e->amount, cb_currency_find(e->chile ? "CLP"
	    : "PEN"), amount, sizeof amount);
	cb_day_format(e->date, date);
	cb_event_init(&ev, "payment", d->opt->admin, e->when);
	ev.portfolio = portfolios[e->chile].code;
	ev.debtor = e->debtor;
	cb_event_add(&ev, "payment", pay_id);
	cb_event_add(&ev, "amount", amount);
	cb_event_add(&ev, "date", date);
	cb_event_add(&ev, "invoice", inv_id);
	return cb_event_append(txn, &ev);
}

/* A credit note for part of an invoice, issued a few days after it. */
static int make_credit_note(struct demo *d, struct cb_txn *txn,
    const struct cb_invoice *inv, int64_t amount)
{
	char id[40];
	snprintf(id, sizeof id, "NC-%s", inv->id);
	struct cb_invoice note = { .portfolio = inv->portfolio,
		.debtor = inv->debtor, .id = id, .type = CB_DOC_CREDIT_NOTE,
		.issue_date = inv->issue_date + 1 + (cb_day)pick(d, 10),
		.amount = amount, .applies_to = inv->id, .open = amount,
		.settled = CB_DAY_NONE };
	note.due_date = note.issue_date;
	return cb_invoice_put(txn, &note);
}

/* Invoices, payments and history of one account.  behaviour: 0 pays on
 * time, 1 pays late or in part, 2 hardly pays. */
static int make_account(struct demo *d, struct cb_txn *txn,
    const char *portfolio, const char *id, bool chile)
{
	int behaviour = (int)pick(d, 10) < 5 ? 0 : pick(d, 10) < 6 ? 1 : 2;
	int n = 1 + (int)pick(d, 6), rc = CB_OK;
	int64_t unit = chile ? 1 : 100;
	char inv_id[32], pay_id[40], method[16];
	for (int k = 0; k < n && rc == CB_OK; k++) {
		cb_day issue = d->today[chile] - 5 - (cb_day)pick(d, 720);
		struct cb_invoice inv = { .portfolio = portfolio, .debtor = id,
			.id = inv_id, .type = CB_DOC_INVOICE, .issue_date = issue,
			.due_date = issue + 30, .settled = CB_DAY_NONE };
		inv.amount = chile ? 1000 * (50 + pick(d, 4950)) : unit * (200 + pick(d, 19800));
		inv.open = inv.amount;
		snprintf(inv_id, sizeof inv_id, "F-%u%02d", d->next, k);
		if ((rc = cb_invoice_put(txn, &inv)) != CB_OK)
			break;
		/* Now and then a credit note takes a tenth off the invoice. */
		int64_t credited = pick(d, 15) == 0 ? inv.amount / 10 / unit * unit : 0;
		if (credited > 0 && (rc = make_credit_note(d, txn, &inv, credited)) != CB_OK)
			break;
		bool due = inv.due_date < d->today[chile];
		bool pays = behaviour == 0 ? due || pick(d, 4) == 0
		          : behaviour == 1 ? due && pick(d, 3) > 0 : due && pick(d, 6) == 0;
		if (!pays)
			continue;
		struct cb_payment pay = { .portfolio = portfolio, .debtor = id,
			.id = pay_id, .invoice = inv_id, .method = method };
		pay.amount = inv.amount - credited;
		if (behaviour == 1 && pick(d, 2))
			pay.amount /= 2;
		pay.date = inv.due_date + (behaviour == 0 ? -(cb_day)pick(d, 5)
		                                          : (cb_day)pick(d, 60));
		if (pay.date > d->today[chile])
			pay.date = d->today[chile];
		snprintf(pay_id, sizeof pay_id, "P-%u%02d", d->next, k);
		snprintf(method, sizeof method, "%s", pick(d, 2) ? "transferencia" : "cheque");
		if ((rc = cb_payment_put(txn, &pay)) == CB_OK)
			rc = record_payment(d, &pay, chile, k);
	}
	return rc;
}

/* The promise a PTP of the history made, tracked like any other. */
static int make_promise(struct cb_txn *txn, const struct cb_event *ev,
    int64_t amount, cb_day due)
{
	struct cb_promise p = { .portfolio = ev->portfolio, .debtor = ev->debtor,
		.id = ev->seq << 8, .amount = amount, .due = due, .made = ev->time,
		.agent = ev->user, .status = CB_PROMISE_PENDING,
		.settled = CB_DAY_NONE };
	return cb_promise_put(txn, &p);
}

/* A few calls in the last weeks, oldest first, the last one sometimes a
 * promise (kept, broken or still pending as the payments say), for later;
 * the account's work record will count them. */
static int make_history(struct demo *d, const char *id, bool chile,
    int64_t balance)
{
	int calls = (int)pick(d, 4);
	time_t last = 0;
	for (int c = 0; c < calls; c++) {
		struct past_event *e = new_past(d);
		if (e == NULL)
			return CB_ERR_NOMEM;
		e->when = d->opt->now - (time_t)(calls - c) * 4 * 86400 -
		    (time_t)pick(d, 28800);
		bool promise = c == calls - 1 && pick(d, 3) == 0;
		cb_day made = (cb_day)(e->when / 86400);
		cb_day due = d->today[chile] - 6 + (cb_day)pick(d, 20);
		if (due <= made) /* a promise is for a day after it was made */
			due = made + 1 + (cb_day)pick(d, 7);
		snprintf(e->debtor, sizeof e->debtor, "%s", id);
		e->chile = chile;
		e->agent = (uint8_t)pick(d, COUNT(agents));
		e->code = promise ? PTP_CODE
		    : (uint8_t)pick(d, COUNT(attempt_codes));
		e->amount = balance / 2;
		e->date = due;
		last = e->when;
	}
	if (calls == 0)
		return CB_OK;
	struct called *a = grow((void **)&d->called, &d->ncalled,
	    &d->called_size, sizeof *a);
	if (a == NULL)
		return CB_ERR_NOMEM;
	snprintf(a->debtor, sizeof a->debtor, "%s", id);
	a->chile = chile;
	a->calls = (uint32_t)calls;
	a->last = last;
	return CB_OK;
}

/* Writes a call's outcome, and the promise a PTP made. */
static int log_call(struct cb_txn *txn, const struct past_event *e)
{
	struct cb_event ev;
	char amount[32], date[11];
	bool promise = e->code == PTP_CODE;
	cb_event_init(&ev, "outcome", agents[e->agent], e->when);
	ev.portfolio = portfolios[e->chile].code;
	ev.debtor = e->debtor;
	cb_event_add(&ev, "code", promise ? "PTP" : attempt_codes[e->code]);
	if (promise) {
		cb_money_format_plain(e->amount, cb_currency_find(e->chile ? "CLP"
		    : "PEN"), amount, sizeof amount);
		cb_day_format(e->date, date);
		cb_event_add(&ev, "amount", amount);
		cb_event_add(&ev, "date", date);
	}
	int rc = cb_event_append(txn, &ev);
	return rc == CB_OK && promise ? make_promise(txn, &ev, e->amount,
	    e->date) : rc;
}

/* Equal times keep the order the history was made in. */
static int past_order(const void *a, const void *b)
{
	const struct past_event *x = a, *y = b;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* One batch of the history's events, in time order. */
static int history_batch(struct cb_txn *txn, void *arg)
{
	struct demo *d = arg;
	size_t end = d->written + BATCH < d->npast ? d->written + BATCH
	                                           : d->npast;
	int rc = CB_OK;
	for (size_t i = d->written; i < end && rc == CB_OK; i++)
		rc = d->past[i].payment ? log_payment(d, txn, &d->past[i])
		    : log_call(txn, &d->past[i]);
	if (rc == CB_OK)
		d->written = end; /* else the batch runs again from its start */
	return rc;
}

/* One batch of the accounts called: their calls counted, their promises
 * judged (as of today: after every event of the history). */
static int called_batch(struct cb_txn *txn, void *arg)
{
	struct demo *d = arg;
	struct cb_weights weights;
	size_t end = d->written + BATCH < d->ncalled ? d->written + BATCH
	                                             : d->ncalled;
	int rc = cb_weights_get(txn, &weights);
	for (size_t i = d->written; i < end && rc == CB_OK; i++) {
		const struct called *c = &d->called[i];
		const char *portfolio = portfolios[c->chile].code;
		cb_day today = d->today[c->chile];
		struct cb_work w;
		struct cb_account a;
		if ((rc = cb_work_get(txn, portfolio, c->debtor, &w)) != CB_OK ||
		    (rc = cb_account_get(txn, portfolio, c->debtor, &a)) != CB_OK)
			break;
		w.portfolio = portfolio;
		w.debtor = c->debtor;
		w.attempts = c->calls;
		w.last_attempt = c->last;
		w.attempt_day = (cb_day)(c->last / 86400); /* near enough */
		if ((rc = cb_work_put(txn, &w, &a, &weights, today,
		    d->opt->now)) == CB_OK)
			rc = cb_work_refresh(txn, portfolio, c->debtor, today,
			    d->opt->now, NULL);
	}
	if (rc == CB_OK)
		d->written = end;
	return rc;
}

/* One batch of accounts, in its own transaction. */
static int demo_batch(struct cb_txn *txn, void *arg)
{
	struct demo *d = arg;
	unsigned short saved[3];
	memcpy(saved, d->rng, sizeof saved);
	uint32_t end = d->next + BATCH < d->opt->accounts ? d->next + BATCH
	                                                  : d->opt->accounts;
	uint32_t first = d->next;
	size_t npast = d->npast, ncalled = d->ncalled;
	int rc = CB_OK;
	for (uint32_t i = d->next; i < end && rc == CB_OK; i++, d->next++) {
		struct cb_debtor deb;
		struct cb_account a;
		char id[CB_ID_MAX];
		make_debtor(d, i, &deb, id);
		bool chile = strcmp(deb.country, "CL") == 0;
		const char *portfolio = portfolios[chile].code;
		if ((rc = cb_debtor_put(txn, &deb)) == CB_OK &&
		    (rc = make_account(d, txn, portfolio, id, chile)) == CB_OK &&
		    (rc = cb_ledger_settle(txn, portfolio, id, d->today[chile])) == CB_OK &&
		    (rc = cb_account_get(txn, portfolio, id, &a)) == CB_OK &&
		    a.balance > 0)
			rc = make_history(d, id, chile, a.balance);
		/* The account takes its place (again once its calls are in). */
		if (rc == CB_OK)
			rc = cb_work_refresh(txn, portfolio, id, d->today[chile],
			    d->opt->now, NULL);
	}
	if (rc != CB_OK) {
		/* The batch may run again (a grown map): start it over. */
		memcpy(d->rng, saved, sizeof saved);
		d->next = first;
		d->npast = npast;
		d->ncalled = ncalled;
	}
	return rc;
}

/* Portfolios and users, the first transaction. */
static int demo_setup(struct cb_txn *txn, void *arg)
{
	int rc = CB_OK;
	(void)arg;
	for (size_t i = 0; i < COUNT(portfolios) && rc == CB_OK; i++)
		rc = cb_portfolio_put(txn, &portfolios[i]);
	return rc;
}

time_t cb_demo_start(time_t now)
{
	return now - 760 * 86400; /* invoices go back 725 days */
}

static int demo_users(const struct cb_demo_options *opt, struct cb_store *store)
{
	static const struct { const char *login, *name; enum cb_role role; } users[] = {
		{ "sup.rojas", "Patricia Rojas", CB_ROLE_SUPERVISOR },
		{ "ag.munoz", "Felipe Muñoz", CB_ROLE_AGENT },
		{ "ag.quispe", "Rosa Quispe", CB_ROLE_AGENT },
		{ "ag.garcia", "Lucía García", CB_ROLE_AGENT },
		{ "ag.soto", "Tomás Soto", CB_ROLE_AGENT },
	};
	struct cb_session s;
	time_t start = cb_demo_start(opt->now);
	int rc = cb_session_open(store, opt->admin, NULL, &start, &s);
	for (size_t i = 0; i < COUNT(users) && rc == CB_OK; i++) {
		struct cb_user u = { .login = users[i].login, .name = users[i].name,
			.role = users[i].role, .created = start };
		rc = cb_user_add(&s, &u);
		if (rc == CB_ERR_EXISTS)
			rc = CB_OK;
	}
	return rc;
}

int cb_demo_fill(struct cb_store *store, const struct cb_demo_options *opt)
{
	struct demo d = { .opt = opt };
	d.rng[0] = (unsigned short)opt->seed;
	d.rng[1] = (unsigned short)(opt->seed >> 16);
	d.rng[2] = (unsigned short)(opt->seed >> 32) ^ 0x330e;
	/* Each portfolio's today, as the import and the re-score take it:
	 * from 03:00 to 05:00 UTC Lima is a day behind Santiago. */
	int rc = CB_OK;
	for (int i = 0; i < 2 && rc == CB_OK; i++)
		rc = cb_tz_today(opt->now, portfolios[i].timezone, &d.today[i]);
	if (rc == CB_OK)
		rc = demo_users(opt, store);
	if (rc == CB_OK)
		rc = cb_store_write(store, demo_setup, NULL);
	while (rc == CB_OK && d.next < opt->accounts) {
		rc = cb_store_write(store, demo_batch, &d);
		if (opt->progress)
			opt->progress(d.next, opt->accounts, opt->progress_arg);
	}
	if (rc == CB_OK)
		qsort(d.past, d.npast, sizeof *d.past, past_order);
	for (d.written = 0; rc == CB_OK && d.written < d.npast;)
		rc = cb_store_write(store, history_batch, &d);
	for (d.written = 0; rc == CB_OK && d.written < d.ncalled;)
		rc = cb_store_write(store, called_batch, &d);
	free(d.past);
	free(d.called);
	return rc;
}
