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

/* The generator's state: POSIX's 48-bit generator, seeded. */
struct demo {
	unsigned short rng[3];
	const struct cb_demo_options *opt;
	cb_day today;
	uint32_t next; /* the next debtor to make */
	char text[8][128];
};

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

/* The event the import would have logged for a payment. */
static int log_payment(struct cb_txn *txn, const struct cb_payment *pay,
    const char *currency, const char *user)
{
	/* Posted in the afternoon of the day it was paid. */
	time_t when = (time_t)pay->date * 86400 + 15 * 3600;
	struct cb_event ev;
	char amount[32], date[11];
	cb_money_format_plain(pay->amount, cb_currency_find(currency), amount,
	    sizeof amount);
	cb_day_format(pay->date, date);
	cb_event_init(&ev, "payment", user, when);
	ev.portfolio = pay->portfolio;
	ev.debtor = pay->debtor;
	cb_event_add(&ev, "payment", pay->id);
	cb_event_add(&ev, "amount", amount);
	cb_event_add(&ev, "date", date);
	cb_event_add(&ev, "invoice", pay->invoice);
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
		cb_day issue = d->today - 5 - (cb_day)pick(d, 720);
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
		bool due = inv.due_date < d->today;
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
		if (pay.date > d->today)
			pay.date = d->today;
		snprintf(pay_id, sizeof pay_id, "P-%u%02d", d->next, k);
		snprintf(method, sizeof method, "%s", pick(d, 2) ? "transferencia" : "cheque");
		if ((rc = cb_payment_put(txn, &pay)) == CB_OK)
			rc = log_payment(txn, &pay, chile ? "CLP" : "PEN", d->opt->admin);
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
 * promise (kept, broken or still pending as the payments say); the
 * account's work record counts them. */
static int make_history(struct demo *d, struct cb_txn *txn,
    const char *portfolio, const char *id, int64_t balance,
    const struct cb_currency *cur)
{
	int calls = (int)pick(d, 4), rc = CB_OK;
	time_t last = 0;
	for (int c = 0; c < calls && rc == CB_OK; c++) {
		struct cb_event ev;
		time_t when = d->opt->now - (time_t)(calls - c) * 4 * 86400 -
		    (time_t)pick(d, 28800);
		bool promise = c == calls - 1 && pick(d, 3) == 0;
		char amount[32], date[11];
		cb_day made = (cb_day)(when / 86400);
		cb_day due = d->today - 6 + (cb_day)pick(d, 20);
		if (due <= made) /* a promise is for a day after it was made */
			due = made + 1 + (cb_day)pick(d, 7);
		cb_event_init(&ev, "outcome", agents[pick(d, COUNT(agents))], when);
		ev.portfolio = portfolio;
		ev.debtor = id;
		cb_event_add(&ev, "code", promise ? "PTP"
		    : attempt_codes[pick(d, COUNT(attempt_codes))]);
		if (promise) {
			cb_money_format_plain(balance / 2, cur, amount, sizeof amount);
			cb_day_format(due, date);
			cb_event_add(&ev, "amount", amount);
			cb_event_add(&ev, "date", date);
		}
		if ((rc = cb_event_append(txn, &ev)) == CB_OK && promise)
			rc = make_promise(txn, &ev, balance / 2, due);
		last = when;
	}
	if (rc != CB_OK || calls == 0)
		return rc;
	struct cb_work w;
	if ((rc = cb_work_get(txn, portfolio, id, &w)) != CB_OK)
		return rc;
	w.portfolio = portfolio;
	w.debtor = id;
	w.attempts = (uint32_t)calls;
	w.last_attempt = last;
	w.attempt_day = (cb_day)(last / 86400); /* near enough for a demo */
	struct cb_account a;
	struct cb_weights weights;
	if ((rc = cb_weights_get(txn, &weights)) == CB_OK &&
	    (rc = cb_account_get(txn, portfolio, id, &a)) == CB_OK)
		rc = cb_work_put(txn, &w, &a, &weights, d->today, d->opt->now);
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
	int rc = CB_OK;
	for (uint32_t i = d->next; i < end && rc == CB_OK; i++, d->next++) {
		struct cb_debtor deb;
		struct cb_account a;
		char id[CB_ID_MAX];
		make_debtor(d, i, &deb, id);
		bool chile = strcmp(deb.country, "CL") == 0;
		const char *portfolio = chile ? "retail-cl" : "pymes-pe";
		if ((rc = cb_debtor_put(txn, &deb)) == CB_OK &&
		    (rc = make_account(d, txn, portfolio, id, chile)) == CB_OK &&
		    (rc = cb_ledger_settle(txn, portfolio, id, d->today)) == CB_OK &&
		    (rc = cb_account_get(txn, portfolio, id, &a)) == CB_OK &&
		    a.balance > 0)
			rc = make_history(d, txn, portfolio, id, a.balance,
			    cb_currency_find(chile ? "CLP" : "PEN"));
		/* The promises are judged and the account takes its place. */
		if (rc == CB_OK)
			rc = cb_work_refresh(txn, portfolio, id, d->today, d->opt->now);
	}
	if (rc != CB_OK) {
		/* The batch may run again (a grown map): start it over. */
		memcpy(d->rng, saved, sizeof saved);
		d->next = first;
	}
	return rc;
}

/* Portfolios and users, the first transaction. */
static int demo_setup(struct cb_txn *txn, void *arg)
{
	static const struct cb_portfolio portfolios[] = {
		{ "retail-cl", "Retail Chile", "CLP", "America/Santiago", "CL" },
		{ "pymes-pe", "Pymes Perú", "PEN", "America/Lima", "PE" },
	};
	int rc = CB_OK;
	(void)arg;
	for (size_t i = 0; i < COUNT(portfolios) && rc == CB_OK; i++)
		rc = cb_portfolio_put(txn, &portfolios[i]);
	return rc;
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
	int rc = cb_session_open(store, opt->admin, NULL, &opt->now, &s);
	for (size_t i = 0; i < COUNT(users) && rc == CB_OK; i++) {
		struct cb_user u = { .login = users[i].login, .name = users[i].name,
			.role = users[i].role, .created = opt->now };
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
	int rc = cb_tz_today(opt->now, "America/Santiago", &d.today);
	if (rc == CB_OK)
		rc = demo_users(opt, store);
	if (rc == CB_OK)
		rc = cb_store_write(store, demo_setup, NULL);
	while (rc == CB_OK && d.next < opt->accounts) {
		rc = cb_store_write(store, demo_batch, &d);
		if (opt->progress)
			opt->progress(d.next, opt->accounts, opt->progress_arg);
	}
	return rc;
}
