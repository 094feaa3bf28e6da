/* test_import.c -- tests of the imports of debtors, invoices and payments:
 * headers by name and alias, one transaction per file, idempotence,
 * rejects files and dry runs. */
#include "import.h"

#include "error.h"
#include "event.h"
#include "store_fixture.h"
#include "model.h"
#include "store.h"
#include "user.h"

static struct cb_session admin;
/* 2025-03-01 15:00 UTC: noon of 2025-03-01 in Santiago. */
static const time_t NOW = 1740841200;

static void setup(void)
{
	dir = fixture_dir();
	int rc = cb_store_open(dir, CB_OPEN_CREATE, &store);
	cr_assert_eq(rc, CB_OK, "create: %s", cb_strerror(rc));
	cr_assert_eq(cb_user_first_admin(store, "root", "Admin", NOW), CB_OK);
	cr_assert_eq(cb_session_open(store, "root", NULL, &NOW, &admin), CB_OK);
	rtxn = NULL;
}

TestSuite(import, .init = setup, .fini = teardown);

/* Imports text as kind; returns the result code. */
static int run(enum cb_import_kind kind, const char *name, const char *text,
    const struct cb_import_options *opt, struct cb_import_result *r)
{
	static const struct cb_import_options none = { 0 };
	const char *path = fixture_file(dir, name, text, strlen(text));
	memset(r, 0x55, sizeof *r); /* the import must set every count */
	cb_txn_end(&rtxn);
	return cb_import(&admin, kind, path, opt ? opt : &none, r);
}

/* Imports text, which must load. */
static void load(enum cb_import_kind kind, const char *name, const char *text,
    struct cb_import_result *r)
{
	int rc = run(kind, name, text, NULL, r);
	cr_assert_eq(rc, CB_OK, "%s: %s; first problem: line %ld %s: %s", name,
	    cb_strerror(rc), r->nkept ? r->kept[0].line : 0,
	    r->nkept ? r->kept[0].column : "",
	    r->nkept ? r->kept[0].message : "");
}

static void expect_counts(const struct cb_import_result *r, uint64_t rows,
    uint64_t added, uint64_t updated, uint64_t unchanged, uint64_t skipped,
    uint64_t rejected)
{
	cr_expect_eq(r->rows, rows, "rows %llu", (unsigned long long)r->rows);
	cr_expect_eq(r->added, added, "added %llu", (unsigned long long)r->added);
	cr_expect_eq(r->updated, updated, "updated %llu",
	    (unsigned long long)r->updated);
	cr_expect_eq(r->unchanged, unchanged, "unchanged %llu",
	    (unsigned long long)r->unchanged);
	cr_expect_eq(r->skipped, skipped, "skipped %llu",
	    (unsigned long long)r->skipped);
	cr_expect_eq(r->rejected, rejected, "rejected %llu",
	    (unsigned long long)r->rejected);
}

/* Spanish headers with accents, ';' and a UTF-8 file. */
static const char DEBTORS[] =
    "RUT;Razón Social;Teléfono;Comuna;Región;Correo\n"
    "12.345.678-5;Comercial Ñandú Ltda.;+56 9 1234 5678;Ñuñoa;"
    "Metropolitana;pagos@nandu.cl\n"
    "11.111.111-1;José Muñoz;(61) 234 5678;Punta Arenas;Magallanes;\n";

static const char INVOICES[] =
    "Folio;RUT;Fecha Emisión;Vencimiento;Monto\n"
    "F-100;12.345.678-5;01-01-2025;31-01-2025;1.234.567\n"
    "F-101;123456785;01-02-2025;28-02-2025;500.000\n"
    "F-200;11.111.111-1;15-01-2025;14-02-2025;300.000\n";

static const char PAYMENTS[] =
    "Comprobante;RUT;Fecha;Monto;Folio;Medio\n"
    "P-1;12.345.678-5;15-02-2025;234.567;F-100;transferencia\n"
    "P-2;12.345.678-5;20-02-2025;100.000;;cheque\n"
    "P-3;11.111.111-1;10-02-2025;300.000;;\n";

static void load_debtors(void)
{
	struct cb_import_result r;
	load(CB_IMPORT_DEBTORS, "deudores.csv", DEBTORS, &r);
	expect_counts(&r, 2, 2, 0, 0, 0, 0);
}

static void load_invoices(void)
{
	struct cb_import_result r;
	load(CB_IMPORT_INVOICES, "facturas.csv", INVOICES, &r);
	expect_counts(&r, 3, 3, 0, 0, 0, 0);
}

static void load_payments(void)
{
	struct cb_import_result r;
	load(CB_IMPORT_PAYMENTS, "pagos.csv", PAYMENTS, &r);
	expect_counts(&r, 3, 3, 0, 0, 0, 0);
}

static struct cb_account account(const char *debtor)
{
	struct cb_account a;
	int rc = cb_account_get(reader(), "default", debtor, &a);
	cr_assert_eq(rc, CB_OK, "account %s: %s", debtor, cb_strerror(rc));
	return a;
}

Test(import, debtors_with_spanish_headers)
{
	struct cb_import_result r;
	struct cb_debtor d;
	load(CB_IMPORT_DEBTORS, "deudores.csv", DEBTORS, &r);
	expect_counts(&r, 2, 2, 0, 0, 0, 0);
	cr_expect_eq(r.problems, 0);
	cr_expect_eq(r.nkept, 0);
	cr_expect_eq(r.delimiter, ';');
	cr_expect_str_eq(r.encoding, "UTF-8");
	cr_expect_eq(count(CB_T_DEBTORS), 2);

	cr_assert_eq(cb_debtor_get(reader(), "12345678-5", &d), CB_OK);
	cr_expect_str_eq(d.id, "12345678-5");
	cr_expect_eq(d.id_kind, CB_ID_RUT);
	cr_expect_str_eq(d.country, "CL");
	cr_expect_str_eq(d.name, "Comercial Ñandú Ltda.");
	cr_assert_eq(d.nphones, 1);
	cr_expect_str_eq(d.phones[0].number, "+56 9 1234 5678");
	cr_expect_eq(d.phones[0].status, CB_PHONE_OK);
	cr_assert_not_null(d.city);
	cr_expect_str_eq(d.city, "Ñuñoa");
	cr_assert_not_null(d.email);
	cr_expect_str_eq(d.email, "pagos@nandu.cl");
	cr_assert_not_null(d.timezone);
	cr_expect_str_eq(d.timezone, "America/Santiago");
	cr_expect_null(d.segment);

	cr_assert_eq(cb_debtor_get(reader(), "11111111-1", &d), CB_OK);
	cr_expect_str_eq(d.name, "José Muñoz");
	cr_assert_not_null(d.region);
	cr_expect_str_eq(d.region, "Magallanes");
	cr_expect_str_eq(d.timezone, "America/Punta_Arenas");
	cr_expect_null(d.email);

	/* The import is an event of the importing user. */
	uint64_t n = count(CB_T_EVENTS);
	struct cb_event ev;
	cr_assert_eq(cb_event_get(reader(), n, &ev), CB_OK);
	cr_expect_str_eq(ev.kind, "import");
	cr_expect_str_eq(ev.user, "root");
	cr_expect_eq(ev.time, NOW);
	cr_assert_not_null(cb_event_value(&ev, "file"));
	cr_expect_str_eq(cb_event_value(&ev, "file"), "deudores.csv");
	cr_assert_not_null(cb_event_value(&ev, "added"));
	cr_expect_str_eq(cb_event_value(&ev, "added"), "2");
}

Test(import, debtors_in_windows_1252)
{
	static const char text[] =
	    "RUT;Raz\xf3n Social;Tel\xe9" "fono\n"
	    "12.345.678-5;Jos\xe9 Mu\xf1oz;+56 9 1234 5678\n";
	struct cb_import_result r;
	struct cb_debtor d;
	load(CB_IMPORT_DEBTORS, "d1252.csv", text, &r);
	expect_counts(&r, 1, 1, 0, 0, 0, 0);
	cr_expect_str_eq(r.encoding, "WINDOWS-1252");
	cr_expect(r.encoding_guessed);
	cr_assert_eq(cb_debtor_get(reader(), "12345678-5", &d), CB_OK);
	cr_expect_str_eq(d.name, "José Muñoz");
}

Test(import, invoices_reference_debtors)
{
	struct cb_import_result r;
	struct cb_invoice inv;
	struct cb_portfolio p;
	load_debtors();
	load(CB_IMPORT_INVOICES, "facturas.csv", INVOICES, &r);
	expect_counts(&r, 3, 3, 0, 0, 0, 0);
	cr_expect_eq(count(CB_T_INVOICES), 3);

	/* The portfolio is made on first sight, in the debtor's currency. */
	cr_assert_eq(cb_portfolio_get(reader(), "default", &p), CB_OK);
	cr_expect_str_eq(p.currency, "CLP");
	cr_expect_str_eq(p.timezone, "America/Santiago");

	/* An id written without separators finds the same debtor. */
	cr_assert_eq(cb_invoice_get(reader(), "default", "12345678-5", "F-101",
	    &inv), CB_OK);
	cr_expect_eq(inv.amount, 500000);
	cr_expect_eq(inv.open, 500000);
	cr_expect_eq(inv.due_date, day(2025, 2, 28));
	cr_expect_eq(inv.issue_date, day(2025, 2, 1));
	cr_expect_eq(inv.type, CB_DOC_INVOICE);
	cr_assert_eq(cb_invoice_get(reader(), "default", "12345678-5", "F-100",
	    &inv), CB_OK);
	cr_expect_eq(inv.amount, 1234567);
	cr_expect_eq(inv.due_date, day(2025, 1, 31));

	/* Accounts are settled as of the portfolio's today, 2025-03-01:
	 * 1234567 + 500000 open, F-100 past due. */
	struct cb_account a = account("12345678-5");
	cr_expect_eq(a.balance, 1734567);
	cr_expect_eq(a.open_docs, 2);
	cr_expect_eq(a.oldest_due, day(2025, 1, 31));
	cr_expect_eq(a.segment, CB_SEG_PARCIAL);
	a = account("11111111-1");
	cr_expect_eq(a.balance, 300000);
	cr_expect_eq(a.open_docs, 1);
}

Test(import, payments_are_applied)
{
	struct cb_payment pay;
	load_debtors();
	load_invoices();
	load_payments();
	cr_expect_eq(count(CB_T_PAYMENTS), 3);
	/* P-1 names F-100: 1234567 - 234567 = 1000000; P-2 names none and
	 * goes to the oldest, F-100 again: 900000.  F-101 stays 500000. */
	struct cb_invoice inv;
	cr_assert_eq(cb_invoice_get(reader(), "default", "12345678-5", "F-100",
	    &inv), CB_OK);
	cr_expect_eq(inv.open, 900000);
	cr_assert_eq(cb_invoice_get(reader(), "default", "12345678-5", "F-101",
	    &inv), CB_OK);
	cr_expect_eq(inv.open, 500000);
	struct cb_account a = account("12345678-5");
	cr_expect_eq(a.balance, 1400000);
	cr_expect_eq(a.last_payment, day(2025, 2, 20));
	cr_assert_eq(cb_payment_get(reader(), "default", "12345678-5", "P-1",
	    &pay), CB_OK);
	cr_expect_eq(pay.amount, 234567);
	cr_expect_eq(pay.date, day(2025, 2, 15));
	cr_assert_not_null(pay.invoice);
	cr_expect_str_eq(pay.invoice, "F-100");
	cr_assert_not_null(pay.method);
	cr_expect_str_eq(pay.method, "transferencia");
	/* P-3 pays F-200 whole, before its due date. */
	a = account("11111111-1");
	cr_expect_eq(a.balance, 0);
	cr_expect_eq(a.open_docs, 0);
	cr_expect_eq(a.segment, CB_SEG_CUMPLIDOR);
}

struct kinds {
	char list[16][24];
	char values[16][64];
	size_t n;
	const char *key; /* the field to keep in values */
};

static int kind_of(const struct cb_event *ev, void *arg)
{
	struct kinds *k = arg;
	cr_assert_lt(k->n, 16);
	snprintf(k->list[k->n], sizeof k->list[0], "%s", ev->kind);
	const char *v = k->key ? cb_event_value(ev, k->key) : NULL;
	snprintf(k->values[k->n], sizeof k->values[0], "%s", v ? v : "");
	k->n++;
	return CB_OK;
}

Test(import, payments_are_events_of_their_account)
{
	struct kinds k = { .n = 0, .key = "payment" };
	load_debtors();
	load_invoices();
	load_payments();
	cr_assert_eq(cb_event_each_account(reader(), "default", "12345678-5",
	    kind_of, &k), CB_OK);
	cr_assert_eq(k.n, 2);
	cr_expect_str_eq(k.list[0], "payment");
	cr_expect_str_eq(k.values[0], "P-1");
	cr_expect_str_eq(k.list[1], "payment");
	cr_expect_str_eq(k.values[1], "P-2");
}

Test(import, a_bad_row_loads_nothing)
{
	static const char text[] =
	    "RUT;Nombre;Teléfono\n"
	    "22.222.222-2;Nueva Persona;+56 9 1111 1111\n"
	    "12.345.678-6;Mal Dígito;\n"
	    "7.654.321-6;;\n"
	    "9.876.543-3;Mal Fono;abc\n";
	struct cb_import_result r;
	load_debtors();
	uint64_t events = count(CB_T_EVENTS);
	int rc = run(CB_IMPORT_DEBTORS, "malo.csv", text, NULL, &r);
	cr_assert_eq(rc, CB_ERR_INPUT, "%s", cb_strerror(rc));
	cr_expect_eq(r.problems, 3);
	cr_assert_eq(r.nkept, 3);
	cr_expect_eq(r.kept[0].line, 3);
	cr_expect_str_eq(r.kept[0].column, "debtor_id");
	cr_expect_neq(r.kept[0].message[0], '\0');
	cr_expect_eq(r.kept[1].line, 4);
	cr_expect_str_eq(r.kept[1].column, "name");
	cr_expect_eq(r.kept[2].line, 5);
	cr_expect_str_eq(r.kept[2].column, "phone");
	/* Nothing stored: not even the good row, nor an event. */
	cr_expect_eq(count(CB_T_DEBTORS), 2);
	struct cb_debtor d;
	cr_expect_eq(cb_debtor_get(reader(), "22222222-2", &d), CB_ERR_NOTFOUND);
	cr_expect_eq(count(CB_T_EVENTS), events);
}

Test(import, a_bad_invoice_row_loads_nothing)
{
	static const char text[] =
	    "Folio;RUT;Vencimiento;Monto\n"
	    "F-1;12.345.678-5;31-01-2025;1.000\n"
	    "F-2;99.999.999-9;31-01-2025;2.000\n"
	    "F-3;12.345.678-5;31-02-2025;3.000\n"
	    "F-4;12.345.678-5;31-01-2025;12,5\n";
	struct cb_import_result r;
	load_debtors();
	int rc = run(CB_IMPORT_INVOICES, "malas.csv", text, NULL, &r);
	cr_assert_eq(rc, CB_ERR_INPUT, "%s", cb_strerror(rc));
	cr_expect_eq(r.problems, 3);
	cr_assert_eq(r.nkept, 3);
	cr_expect_eq(r.kept[0].line, 3);
	cr_expect_str_eq(r.kept[0].column, "debtor_id");
	cr_expect_eq(r.kept[1].line, 4);
	cr_expect_str_eq(r.kept[1].column, "due_date");
	cr_expect_eq(r.kept[2].line, 5);
	cr_expect_str_eq(r.kept[2].column, "amount");
	cr_expect_eq(count(CB_T_INVOICES), 0);
	cr_expect_eq(count(CB_T_PORTFOLIOS), 0, "not even the new portfolio");
	cr_expect_eq(count(CB_T_ACCOUNTS), 0);
}

/* Rows come grouped by portfolio too, and the portfolio of the row before
 * is not looked up again: rows that go back and forth between two each
 * still read their amounts in their own portfolio's currency, and one that
 * gives another currency than its portfolio's is rejected. */
Test(import, each_invoice_row_finds_its_own_portfolio)
{
	static const char good[] =
	    "Folio;RUT;Vencimiento;Monto;Cartera;Moneda\n"
	    "F-1;12.345.678-5;31-01-2025;1.000;retail;CLP\n"
	    "F-2;12.345.678-5;31-01-2025;2.000;retail;\n"
	    "F-3;12.345.678-5;31-01-2025;350.25;export;PEN\n"
	    "F-4;12.345.678-5;31-01-2025;4.000;retail;clp\n"
	    "F-5;12.345.678-5;31-01-2025;6.50;export;\n";
	static const char bad[] =
	    "Folio;RUT;Vencimiento;Monto;Cartera;Moneda\n"
	    "F-6;12.345.678-5;31-01-2025;7.000;retail;\n"
	    "F-7;12.345.678-5;31-01-2025;8.00;export;CLP\n";
	static const struct { const char *portfolio, *id; int64_t amount; }
	    want[] = { { "retail", "F-1", 1000 }, { "retail", "F-2", 2000 },
		{ "export", "F-3", 35025 }, { "retail", "F-4", 4000 },
		{ "export", "F-5", 650 } };
	struct cb_import_result r;
	struct cb_invoice inv;
	struct cb_portfolio p;
	load_debtors();
	load(CB_IMPORT_INVOICES, "dos.csv", good, &r);
	expect_counts(&r, 5, 5, 0, 0, 0, 0);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		cr_assert_eq(cb_invoice_get(reader(), want[i].portfolio,
		    "12345678-5", want[i].id, &inv), CB_OK, "%s", want[i].id);
		cr_expect_eq(inv.amount, want[i].amount, "%s", want[i].id);
	}
	cr_assert_eq(cb_portfolio_get(reader(), "export", &p), CB_OK);
	cr_expect_str_eq(p.currency, "PEN");

	int rc = run(CB_IMPORT_INVOICES, "mala.csv", bad, NULL, &r);
	cr_assert_eq(rc, CB_ERR_INPUT, "%s", cb_strerror(rc));
	cr_assert_eq(r.nkept, 1);
	cr_expect_eq(r.kept[0].line, 3);
	cr_expect_str_eq(r.kept[0].column, "currency");
	cr_expect(strstr(r.kept[0].message, "is in PEN, not CLP") != NULL, "%s",
	    r.kept[0].message);
	cr_expect_eq(count(CB_T_INVOICES), 5);
}

/* Rows come grouped by debtor, and the debtor of the row before is not
 * looked up again: rows that go back and forth, write one id in two ways
 * or name an unknown debtor twice still each find their own. */
Test(import, each_invoice_row_finds_its_own_debtor)
{
	static const char good[] =
	    "Folio;RUT;Vencimiento;Monto\n"
	    "F-1;12.345.678-5;31-01-2025;1.000\n"
	    "F-2;12.345.678-5;31-01-2025;2.000\n"
	    "F-3;11.111.111-1;31-01-2025;3.000\n"
	    "F-4;123456785;31-01-2025;4.000\n"
	    "F-5;11.111.111-1;31-01-2025;5.000\n";
	static const char bad[] =
	    "Folio;RUT;Vencimiento;Monto\n"
	    "F-6;12.345.678-5;31-01-2025;1.000\n"
	    "F-7;22.222.222-2;31-01-2025;2.000\n"
	    "F-8;22.222.222-2;31-01-2025;3.000\n";
	struct cb_import_result r;
	struct cb_invoice inv;
	load_debtors();
	load(CB_IMPORT_INVOICES, "ida_y_vuelta.csv", good, &r);
	expect_counts(&r, 5, 5, 0, 0, 0, 0);
	cr_expect_eq(account("12345678-5").balance, 7000);
	cr_expect_eq(account("11111111-1").balance, 8000);
	cr_expect_eq(cb_invoice_get(reader(), "default", "12345678-5", "F-4",
	    &inv), CB_OK);
	cr_expect_eq(cb_invoice_get(reader(), "default", "11111111-1", "F-5",
	    &inv), CB_OK);

	int rc = run(CB_IMPORT_INVOICES, "desconocido.csv", bad, NULL, &r);
	cr_assert_eq(rc, CB_ERR_INPUT, "%s", cb_strerror(rc));
	cr_assert_eq(r.nkept, 2);
	cr_expect_eq(r.kept[0].line, 3);
	cr_expect_eq(r.kept[1].line, 4);
	cr_expect_str_eq(r.kept[1].column, "debtor_id");
	cr_expect_eq(count(CB_T_INVOICES), 5);
}

Test(import, a_date_read_again_gives_its_own_day)
{
	/* Dates come back row after row (imp_date() keeps those read, by a
	 * hash of their text); each must still give its own day, and a bad
	 * one stays bad.  09-01-2025 and 01-02-2025 hash to the same place. */
	static const char good[] =
	    "Folio;RUT;Fecha Emisión;Vencimiento;Monto\n"
	    "F-1;12.345.678-5;01-01-2025;09-01-2025;1.000\n"
	    "F-2;12.345.678-5;09-01-2025;01-02-2025;2.000\n"
	    "F-3;11.111.111-1;01-01-2025;09-01-2025;3.000\n"
	    "F-4;11.111.111-1;01-02-2025;09-01-2025;4.000\n";
	static const char bad[] =
	    "Folio;RUT;Vencimiento;Monto\n"
	    "F-5;12.345.678-5;01-02-2025;1.000\n"
	    "F-6;12.345.678-5;30-02-2025;1.000\n";
	static const struct {
		const char *debtor, *id;
		int issue[3], due[3];
	} want[] = {
		{ "12345678-5", "F-1", { 2025, 1, 1 }, { 2025, 1, 9 } },
		{ "12345678-5", "F-2", { 2025, 1, 9 }, { 2025, 2, 1 } },
		{ "11111111-1", "F-3", { 2025, 1, 1 }, { 2025, 1, 9 } },
		{ "11111111-1", "F-4", { 2025, 2, 1 }, { 2025, 1, 9 } },
	};
	struct cb_import_result r;
	struct cb_invoice inv;
	load_debtors();
	load(CB_IMPORT_INVOICES, "fechas.csv", good, &r);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		cr_assert_eq(cb_invoice_get(reader(), "default", want[i].debtor,
		    want[i].id, &inv), CB_OK, "%s", want[i].id);
		cr_expect_eq(inv.issue_date, day(want[i].issue[0], want[i].issue[1],
		    want[i].issue[2]), "%s", want[i].id);
		cr_expect_eq(inv.due_date, day(want[i].due[0], want[i].due[1],
		    want[i].due[2]), "%s", want[i].id);
	}
	int rc = run(CB_IMPORT_INVOICES, "febrero.csv", bad, NULL, &r);
	cr_assert_eq(rc, CB_ERR_INPUT, "%s", cb_strerror(rc));
	cr_assert_eq(r.nkept, 1);
	cr_expect_eq(r.kept[0].line, 3);
	cr_expect_str_eq(r.kept[0].column, "due_date");
}

Test(import, a_missing_required_column_is_a_problem_of_the_file)
{
	static const char text[] = "RUT;Teléfono\n12.345.678-5;+56 9 1111 1111\n";
	struct cb_import_result r;
	int rc = run(CB_IMPORT_DEBTORS, "sin_nombre.csv", text, NULL, &r);
	cr_assert_eq(rc, CB_ERR_INPUT);
	cr_assert_geq(r.nkept, 1);
	cr_expect_str_eq(r.kept[0].column, "name");
	cr_expect_eq(r.kept[0].line, 1);
	cr_expect_eq(count(CB_T_DEBTORS), 0);
}

Test(import, control_characters_are_bad_input)
{
	static const char text[] =
	    "RUT;Nombre\n12.345.678-5;Evil \x1b[31mName\n";
	struct cb_import_result r;
	int rc = run(CB_IMPORT_DEBTORS, "esc.csv", text, NULL, &r);
	cr_assert_eq(rc, CB_ERR_INPUT);
	cr_assert_eq(r.nkept, 1);
	cr_expect_eq(r.kept[0].line, 2);
	cr_expect_str_eq(r.kept[0].column, "name");
	cr_expect_eq(count(CB_T_DEBTORS), 0);
}

Test(import, the_same_files_twice_change_nothing)
{
	struct cb_import_result r;
	load_debtors();
	load_invoices();
	load_payments();
	uint64_t debtors = count(CB_T_DEBTORS), invoices = count(CB_T_INVOICES),
	    payments = count(CB_T_PAYMENTS), accounts = count(CB_T_ACCOUNTS);
	struct cb_account before = account("12345678-5");

	load(CB_IMPORT_DEBTORS, "deudores.csv", DEBTORS, &r);
	expect_counts(&r, 2, 0, 0, 2, 0, 0);
	load(CB_IMPORT_INVOICES, "facturas.csv", INVOICES, &r);
	expect_counts(&r, 3, 0, 0, 3, 0, 0);
	load(CB_IMPORT_PAYMENTS, "pagos.csv", PAYMENTS, &r);
	expect_counts(&r, 3, 0, 0, 0, 3, 0);

	cr_expect_eq(count(CB_T_DEBTORS), debtors);
	cr_expect_eq(count(CB_T_INVOICES), invoices);
	cr_expect_eq(count(CB_T_PAYMENTS), payments);
	cr_expect_eq(count(CB_T_ACCOUNTS), accounts);
	struct cb_account after = account("12345678-5");
	cr_expect_eq(after.balance, before.balance);
	cr_expect_eq(after.open_docs, before.open_docs);
	/* No event about the account but the two payments of the first. */
	struct kinds k = { .n = 0 };
	cr_assert_eq(cb_event_each_account(reader(), "default", "12345678-5",
	    kind_of, &k), CB_OK);
	cr_expect_eq(k.n, 2);
}

Test(import, a_resent_invoice_with_a_new_amount_is_updated)
{
	static const char resent[] =
	    "Folio;RUT;Fecha Emisión;Vencimiento;Monto\n"
	    "F-100;12.345.678-5;01-01-2025;31-01-2025;1.234.567\n"
	    "F-101;12.345.678-5;01-02-2025;28-02-2025;600.000\n";
	struct cb_import_result r;
	struct cb_invoice inv;
	load_debtors();
	load_invoices();
	load(CB_IMPORT_INVOICES, "facturas2.csv", resent, &r);
	expect_counts(&r, 2, 0, 1, 1, 0, 0);
	cr_expect_eq(count(CB_T_INVOICES), 3);
	cr_assert_eq(cb_invoice_get(reader(), "default", "12345678-5", "F-101",
	    &inv), CB_OK);
	cr_expect_eq(inv.amount, 600000);
	cr_expect_eq(inv.open, 600000, "settled again");
	cr_expect_eq(account("12345678-5").balance, 1234567 + 600000);

	struct kinds k = { .n = 0, .key = "invoice" };
	cr_assert_eq(cb_event_each_account(reader(), "default", "12345678-5",
	    kind_of, &k), CB_OK);
	cr_assert_eq(k.n, 1);
	cr_expect_str_eq(k.list[0], "invoice_changed");
	cr_expect_str_eq(k.values[0], "F-101");
	/* And its old and new amounts. */
	struct cb_event ev;
	bool found = false;
	for (uint64_t seq = count(CB_T_EVENTS); seq > 0 && !found; seq--) {
		cr_assert_eq(cb_event_get(reader(), seq, &ev), CB_OK);
		if (strcmp(ev.kind, "invoice_changed") != 0)
			continue;
		found = true;
		cr_expect_str_eq(cb_event_value(&ev, "amount_was"), "500000");
		cr_expect_str_eq(cb_event_value(&ev, "amount"), "600000");
		cr_expect_str_eq(ev.user, "root");
		cr_expect_str_eq(ev.portfolio, "default");
		cr_expect_str_eq(ev.debtor, "12345678-5");
	}
	cr_expect(found);
}

Test(import, a_resent_invoice_with_a_new_due_date_is_updated)
{
	static const char resent[] =
	    "Folio;RUT;Fecha Emisión;Vencimiento;Monto\n"
	    "F-200;11.111.111-1;15-01-2025;31-03-2025;300.000\n";
	struct cb_import_result r;
	struct cb_invoice inv;
	load_debtors();
	load_invoices();
	load(CB_IMPORT_INVOICES, "facturas3.csv", resent, &r);
	expect_counts(&r, 1, 0, 1, 0, 0, 0);
	cr_assert_eq(cb_invoice_get(reader(), "default", "11111111-1", "F-200",
	    &inv), CB_OK);
	cr_expect_eq(inv.due_date, day(2025, 3, 31));
	/* No longer past due as of 03-01. */
	struct cb_account a = account("11111111-1");
	cr_expect_eq(a.oldest_due, day(2025, 3, 31));
	cr_expect_eq(a.segment, CB_SEG_CUMPLIDOR);
}

Test(import, payments_already_loaded_are_skipped)
{
	static const char more[] =
	    "Comprobante;RUT;Fecha;Monto;Folio\n"
	    "P-1;12.345.678-5;15-02-2025;234.567;F-100\n"
	    "P-4;12.345.678-5;25-02-2025;50.000;F-101\n";
	struct cb_import_result r;
	load_debtors();
	load_invoices();
	load_payments();
	load(CB_IMPORT_PAYMENTS, "pagos2.csv", more, &r);
	expect_counts(&r, 2, 1, 0, 0, 1, 0);
	cr_expect_eq(count(CB_T_PAYMENTS), 4);
	/* 1400000 - 50000: P-1 was not applied twice. */
	cr_expect_eq(account("12345678-5").balance, 1350000);
}

Test(import, a_credit_note_in_the_invoices_file)
{
	static const char notes[] =
	    "Folio;RUT;Vencimiento;Monto;Tipo;Referencia;Fecha Emisión\n"
	    "NC-1;12.345.678-5;10-02-2025;-100.000;nota_credito;F-101;"
	    "10-02-2025\n";
	struct cb_import_result r;
	struct cb_invoice inv;
	load_debtors();
	load_invoices();
	load(CB_IMPORT_INVOICES, "notas.csv", notes, &r);
	expect_counts(&r, 1, 1, 0, 0, 0, 0);
	cr_assert_eq(cb_invoice_get(reader(), "default", "12345678-5", "NC-1",
	    &inv), CB_OK);
	cr_expect_eq(inv.type, CB_DOC_CREDIT_NOTE);
	cr_expect_eq(inv.amount, 100000, "kept positive");
	cr_assert_not_null(inv.applies_to);
	cr_expect_str_eq(inv.applies_to, "F-101");
	cr_assert_eq(cb_invoice_get(reader(), "default", "12345678-5", "F-101",
	    &inv), CB_OK);
	cr_expect_eq(inv.open, 400000);
	cr_assert_eq(cb_invoice_get(reader(), "default", "12345678-5", "F-100",
	    &inv), CB_OK);
	cr_expect_eq(inv.open, 1234567, "the older invoice is untouched");
	cr_expect_eq(account("12345678-5").balance, 1634567);
}

Test(import, a_segment_in_the_debtors_file_sets_the_accounts)
{
	static const char moroso[] =
	    "RUT;Razón Social;Segmento\n"
	    "12.345.678-5;Comercial Ñandú Ltda.;Moroso\n";
	static const char good[] =
	    "RUT;Razón Social;Segmento\n"
	    "12.345.678-5;Comercial Ñandú Ltda.;good\n";
	struct cb_import_result r;
	struct cb_debtor d;
	load_debtors();
	load_invoices();
	cr_assert_eq(account("12345678-5").segment, CB_SEG_PARCIAL);
	load(CB_IMPORT_DEBTORS, "segmento.csv", moroso, &r);
	expect_counts(&r, 1, 0, 1, 0, 0, 0);
	cr_assert_eq(cb_debtor_get(reader(), "12345678-5", &d), CB_OK);
	cr_assert_not_null(d.segment);
	cr_expect_str_eq(d.segment, "moroso");
	cr_expect_eq(account("12345678-5").segment, CB_SEG_MOROSO);
	/* The change is an event about the debtor. */
	struct cb_event ev;
	bool found = false;
	for (uint64_t seq = count(CB_T_EVENTS); seq > 0 && !found; seq--) {
		cr_assert_eq(cb_event_get(reader(), seq, &ev), CB_OK);
		if (strcmp(ev.kind, "debtor_changed") == 0) {
			found = true;
			cr_expect_str_eq(cb_event_value(&ev, "debtor"), "12345678-5");
		}
	}
	cr_expect(found);
	load(CB_IMPORT_DEBTORS, "segmento2.csv", good, &r);
	expect_counts(&r, 1, 0, 1, 0, 0, 0);
	cr_expect_eq(account("12345678-5").segment, CB_SEG_CUMPLIDOR);
	/* The other debtor's account is its own still. */
	cr_expect_eq(account("11111111-1").segment, CB_SEG_PARCIAL);
}

Test(import, one_debtor_twice_with_other_data_is_a_problem)
{
	static const char text[] =
	    "RUT;Nombre\n"
	    "12.345.678-5;Ana\n"
	    "12345678-5;Ana Maria\n";
	struct cb_import_result r;
	int rc = run(CB_IMPORT_DEBTORS, "dos.csv", text, NULL, &r);
	cr_assert_eq(rc, CB_ERR_INPUT);
	cr_assert_eq(r.nkept, 1);
	cr_expect_eq(r.kept[0].line, 3);
	cr_expect_str_eq(r.kept[0].column, "debtor_id");
	cr_expect_eq(count(CB_T_DEBTORS), 0);
}

/* The owner of invoice id in the default portfolio, or "" when none. */
static const char *owner_of(const char *id)
{
	static char out[CB_ID_MAX];
	const char *owner;
	out[0] = '\0';
	if (cb_invoice_owner(reader(), "default", id, &owner) == CB_OK)
		snprintf(out, sizeof out, "%s", owner);
	return out;
}

Test(import, the_ids_a_file_adds_are_indexed)
{
	load_debtors();
	load_invoices();
	cr_expect_str_eq(owner_of("F-100"), "12345678-5");
	cr_expect_str_eq(owner_of("F-101"), "12345678-5");
	cr_expect_str_eq(owner_of("F-200"), "11111111-1");
	cr_expect_eq(count(CB_T_INVOICE_IDS), 3);
	/* Added to in a later file, in between and past the last. */
	struct cb_import_result r;
	load(CB_IMPORT_INVOICES, "mas.csv",
	    "Folio;RUT;Vencimiento;Monto\n"
	    "F-1000;11.111.111-1;31-03-2025;1.000\n"
	    "F-300;11.111.111-1;31-03-2025;2.000\n", &r);
	expect_counts(&r, 2, 2, 0, 0, 0, 0);
	cr_expect_str_eq(owner_of("F-1000"), "11111111-1");
	cr_expect_str_eq(owner_of("F-300"), "11111111-1");
	cr_expect_eq(count(CB_T_INVOICE_IDS), 5);
}

Test(import, an_invoice_twice_in_one_file)
{
	struct cb_import_result r;
	load_debtors();
	/* The same data twice is one invoice; other data names the first
	 * line; another debtor's is refused, as when imported before. */
	int rc = run(CB_IMPORT_INVOICES, "dos.csv",
	    "Folio;RUT;Vencimiento;Monto\n"
	    "F-1;12.345.678-5;31-01-2025;1.000\n"
	    "F-1;12345678-5;31-01-2025;1.000\n"
	    "F-1;12.345.678-5;31-01-2025;2.000\n"
	    "F-1;11.111.111-1;31-01-2025;1.000\n", NULL, &r);
	cr_assert_eq(rc, CB_ERR_INPUT);
	expect_counts(&r, 4, 1, 0, 1, 0, 2);
	cr_assert_eq(r.nkept, 2);
	cr_expect_eq(r.kept[0].line, 4);
	cr_expect_str_eq(r.kept[0].column, "invoice_id");
	cr_expect(strstr(r.kept[0].message, "line 2") != NULL, "%s",
	    r.kept[0].message);
	cr_expect_eq(r.kept[1].line, 5);
	cr_expect(strstr(r.kept[1].message, "belongs to debtor 12345678-5"),
	    "%s", r.kept[1].message);
	cr_expect_eq(count(CB_T_INVOICES), 0);
	cr_expect_eq(count(CB_T_INVOICE_IDS), 0);
}

Test(import, a_word_twice_in_a_name_is_one_search_key)
{
	/* The import writes the search words sorted at its end: a word given
	 * twice would be the same key twice, which LMDB's append refuses. */
	static const char text[] =
	    "RUT;Nombre;Telefono\n"
	    "12.345.678-5;Peña Peña Soto;+56 9 1234 5678\n"
	    "11.111.111-1;Ana Soto;+56 9 8765 4321\n";
	struct cb_import_result r;
	load(CB_IMPORT_DEBTORS, "twice.csv", text, &r);
	/* peña, soto, the id, the phone and its last nine digits; ana, soto,
	 * the id, the phone and its last nine digits. */
	cr_expect_eq(count(CB_T_SEARCH), 10);
}

/* The debtors of the deferred words test: 12 with three words of their
 * own, and the first ones again with a name changed in one word.  With
 * *defer, the search words are kept and written at the commit. */
static int put_debtors(struct cb_txn *txn, void *arg)
{
	const bool *defer = arg;
	int rc = *defer ? cb_txn_defer(txn, CB_T_SEARCH) : CB_OK;
	for (int i = 0; i < 16 && rc == CB_OK; i++) {
		char id[16], name[64];
		snprintf(id, sizeof id, "%d-K", 10000000 + i % 12);
		snprintf(name, sizeof name, "Nombre%02d %s%02d", 11 - i % 12,
		    i < 12 ? "Apellido" : "Otro", i % 12);
		struct cb_debtor d = { .id = id, .id_kind = CB_ID_OTHER,
			.country = "CL", .name = name };
		rc = cb_debtor_put(txn, &d);
	}
	return rc;
}

static int clear_search(struct cb_txn *txn, void *arg)
{
	(void)arg;
	return cb_clear(txn, CB_T_SEARCH);
}

/* Every key of the search table, in order, one after another. */
static char *search_dump(void)
{
	struct cb_txn *txn;
	struct cb_cursor *c;
	struct cb_val k;
	size_t n = 0;
	char *out = calloc(1, 8192);
	cr_assert_eq(cb_store_read(store, &txn), CB_OK);
	cr_assert_eq(cb_cursor_open(txn, CB_T_SEARCH, &c), CB_OK);
	for (int rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL);
	     rc == CB_OK; rc = cb_cursor_next(c, &k, NULL)) {
		cr_assert_lt(n + k.size + 1, 8192);
		/* Word and debtor as "word/debtor/". */
		const char *key = k.data;
		for (size_t i = 0; i < k.size; i++)
			out[n++] = key[i] ? key[i] : '/';
		out[n++] = '|';
	}
	cb_cursor_close(&c);
	cb_txn_end(&txn);
	return out;
}

Test(import, search_words_written_at_the_commit_are_those_put_one_by_one)
{
	bool defer = false;
	cr_assert_eq(cb_store_write(store, put_debtors, &defer), CB_OK);
	char *one_by_one = search_dump();
	/* Four of the twelve lost a word and got another. */
	cr_assert_eq(count(CB_T_SEARCH), 36);
	cr_assert(strstr(one_by_one, "|otro00/10000000-K/|") &&
	    !strstr(one_by_one, "|apellido00/"), "%s", one_by_one);
	cr_assert_eq(cb_store_write(store, clear_search, NULL), CB_OK);
	cr_assert_eq(count(CB_T_SEARCH), 0);
	defer = true;
	cr_assert_eq(cb_store_write(store, put_debtors, &defer), CB_OK);
	char *deferred = search_dump();
	cr_expect_str_eq(deferred, one_by_one);
	free(one_by_one);
	free(deferred);
}

/* Reads the whole of f from its start. */
static char *slurp(FILE *f)
{
	static char buf[4096];
	cr_assert_eq(fflush(f), 0);
	rewind(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	return buf;
}

Test(import, rejects_file_takes_the_bad_rows)
{
	static const char text[] =
	    "RUT;Nombre;Teléfono\n"
	    "22.222.222-2;Nueva Persona;+56 9 1111 1111\n"
	    "12.345.678-6;Mal Dígito;\n"
	    "7.654.321-6;Otra Persona;\n";
	struct cb_import_result r;
	FILE *rej = tmpfile();
	cr_assert_not_null(rej);
	struct cb_import_options opt = { .rejects = rej };
	int rc = run(CB_IMPORT_DEBTORS, "con_malos.csv", text, &opt, &r);
	cr_assert_eq(rc, CB_OK, "%s", cb_strerror(rc));
	expect_counts(&r, 3, 2, 0, 0, 0, 1);
	cr_expect_eq(r.problems, 1);
	cr_assert_eq(r.nkept, 1);
	cr_expect_eq(r.kept[0].line, 3);
	cr_expect_str_eq(r.kept[0].column, "debtor_id");
	cr_expect_eq(count(CB_T_DEBTORS), 2);
	struct cb_debtor d;
	cr_expect_eq(cb_debtor_get(reader(), "22222222-2", &d), CB_OK);
	cr_expect_eq(cb_debtor_get(reader(), "7654321-6", &d), CB_OK);

	char *out = slurp(rej);
	char *nl = strchr(out, '\n');
	cr_assert_not_null(nl, "%s", out);
	*nl = '\0';
	cr_expect_str_eq(out, "RUT;Nombre;Teléfono;reason");
	char *row = nl + 1;
	cr_expect_eq(strncmp(row, "12.345.678-6;Mal Dígito;;", 26), 0, "%s", row);
	cr_expect_not_null(strstr(row, "line 3"), "%s", row);
	cr_expect_not_null(strstr(row, "debtor_id"), "%s", row);
	nl = strchr(row, '\n');
	cr_assert_not_null(nl);
	cr_expect_str_eq(nl + 1, "", "one bad row only");
	fclose(rej);
}

Test(import, a_rejected_row_leaves_nothing_behind)
{
	/* With a rejects file the good rows load, and a bad row changes
	 * nothing: line 3 names a new portfolio but its amount is bad, so
	 * that portfolio must not be made. */
	static const char text[] =
	    "Folio;RUT;Vencimiento;Monto;Cartera\n"
	    "F-1;12.345.678-5;31-01-2025;1.000;\n"
	    "F-2;12.345.678-5;31-01-2025;cero;nueva\n";
	struct cb_import_result r;
	struct cb_portfolio p;
	FILE *rej = tmpfile();
	cr_assert_not_null(rej);
	struct cb_import_options opt = { .rejects = rej };
	load_debtors();
	int rc = run(CB_IMPORT_INVOICES, "cartera.csv", text, &opt, &r);
	cr_assert_eq(rc, CB_OK, "%s", cb_strerror(rc));
	expect_counts(&r, 2, 1, 0, 0, 0, 1);
	cr_expect_eq(count(CB_T_INVOICES), 1);
	cr_expect_eq(cb_portfolio_get(reader(), "nueva", &p), CB_ERR_NOTFOUND,
	    "the rejected row made portfolio 'nueva'");
	cr_expect_eq(count(CB_T_PORTFOLIOS), 1);
	fclose(rej);
}

Test(import, rejects_file_with_only_good_rows_has_the_header)
{
	struct cb_import_result r;
	FILE *rej = tmpfile();
	cr_assert_not_null(rej);
	struct cb_import_options opt = { .rejects = rej };
	int rc = run(CB_IMPORT_DEBTORS, "deudores.csv", DEBTORS, &opt, &r);
	cr_assert_eq(rc, CB_OK);
	expect_counts(&r, 2, 2, 0, 0, 0, 0);
	cr_expect_str_eq(slurp(rej),
	    "RUT;Razón Social;Teléfono;Comuna;Región;Correo;reason\n");
	fclose(rej);
}

Test(import, dry_run_changes_nothing)
{
	struct cb_import_result r;
	struct cb_import_options opt = { .dry_run = true };
	uint64_t events = count(CB_T_EVENTS);
	int rc = run(CB_IMPORT_DEBTORS, "deudores.csv", DEBTORS, &opt, &r);
	cr_assert_eq(rc, CB_OK, "%s", cb_strerror(rc));
	expect_counts(&r, 2, 2, 0, 0, 0, 0);
	cr_expect_eq(count(CB_T_DEBTORS), 0);
	cr_expect_eq(count(CB_T_SEARCH), 0);
	cr_expect_eq(count(CB_T_EVENTS), events);

	/* Of invoices too, with the debtors loaded. */
	load_debtors();
	events = count(CB_T_EVENTS);
	rc = run(CB_IMPORT_INVOICES, "facturas.csv", INVOICES, &opt, &r);
	cr_assert_eq(rc, CB_OK, "%s", cb_strerror(rc));
	expect_counts(&r, 3, 3, 0, 0, 0, 0);
	cr_expect_eq(count(CB_T_INVOICES), 0);
	cr_expect_eq(count(CB_T_PORTFOLIOS), 0);
	cr_expect_eq(count(CB_T_ACCOUNTS), 0);
	cr_expect_eq(count(CB_T_EVENTS), events);
}

Test(import, dry_run_reports_bad_rows)
{
	static const char text[] = "RUT;Nombre\n12.345.678-6;Mal\n";
	struct cb_import_result r;
	struct cb_import_options opt = { .dry_run = true };
	int rc = run(CB_IMPORT_DEBTORS, "malo.csv", text, &opt, &r);
	cr_expect_eq(rc, CB_ERR_INPUT);
	cr_expect_eq(r.problems, 1);
}

Test(import, only_admins_import)
{
	struct cb_user u = { .login = "ana", .role = CB_ROLE_SUPERVISOR };
	struct cb_session s;
	struct cb_import_result r;
	struct cb_import_options opt = { 0 };
	cr_assert_eq(cb_user_add(&admin, &u), CB_OK);
	cr_assert_eq(cb_session_open(store, "ana", NULL, NULL, &s), CB_OK);
	const char *path = fixture_file(dir, "d.csv", DEBTORS, strlen(DEBTORS));
	cr_expect_eq(cb_import(&s, CB_IMPORT_DEBTORS, path, &opt, &r),
	    CB_ERR_PERM);
	cr_expect_eq(count(CB_T_DEBTORS), 0);
}

Test(import, a_missing_file_is_io)
{
	struct cb_import_result r;
	struct cb_import_options opt = { 0 };
	char path[400];
	snprintf(path, sizeof path, "%s/no-such.csv", dir);
	cr_expect_eq(cb_import(&admin, CB_IMPORT_DEBTORS, path, &opt, &r),
	    CB_ERR_IO);
}

Test(import, kind_names)
{
	enum cb_import_kind k;
	cr_expect_str_eq(cb_import_kind_name(CB_IMPORT_DEBTORS), "debtors");
	cr_expect_str_eq(cb_import_kind_name(CB_IMPORT_INVOICES), "invoices");
	cr_expect_str_eq(cb_import_kind_name(CB_IMPORT_PAYMENTS), "payments");
	cr_expect_eq(cb_import_kind_parse("payments", &k), CB_OK);
	cr_expect_eq(k, CB_IMPORT_PAYMENTS);
	cr_expect_eq(cb_import_kind_parse("invoices", &k), CB_OK);
	cr_expect_eq(k, CB_IMPORT_INVOICES);
	cr_expect_eq(cb_import_kind_parse("facturas", &k), CB_ERR_INPUT);
}
