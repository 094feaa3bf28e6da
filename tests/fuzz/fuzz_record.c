/* fuzz_record.c -- any bytes read as each kind of stored record: the
 * bytes are put under a key of every table in a write transaction that is
 * then given back, and each table's reader decodes them; whatever decodes
 * is read through, so that a pointer out of the record is caught. */
#include "fuzz.h"

#include "event.h"
#include "model.h"
#include "promise.h"
#include "work.h"

static struct cb_store *db;
static struct cb_session admin;

/* Reads a text a decoder gave, if any. */
static void touch(const char *s)
{
	if (s != NULL && strlen(s) > (1u << 30))
		abort();
}

/* Puts data under key in table. */
static int put(struct cb_txn *txn, enum cb_table table, const void *key,
    size_t key_size, struct cb_val data)
{
	return cb_put(txn, table, (struct cb_val){ key, key_size }, data);
}

static void read_portfolio_debtor(struct cb_txn *txn)
{
	struct cb_portfolio p;
	struct cb_debtor d;
	if (cb_portfolio_get(txn, "p", &p) == CB_OK) {
		touch(p.code), touch(p.name), touch(p.currency);
		touch(p.timezone), touch(p.country);
	}
	if (cb_debtor_get(txn, "d", &d) == CB_OK) {
		touch(d.id), touch(d.country), touch(d.name), touch(d.email);
		touch(d.address), touch(d.city), touch(d.region);
		touch(d.timezone), touch(d.segment), touch(d.rules);
		for (size_t i = 0; i < d.nphones; i++)
			touch(d.phones[i].number);
	}
}

static void read_documents(struct cb_txn *txn)
{
	struct cb_account a;
	struct cb_invoice inv;
	struct cb_payment pay;
	if (cb_account_get(txn, "p", "d", &a) == CB_OK)
		touch(cb_segment_name(a.segment));
	if (cb_invoice_get(txn, "p", "d", "i", &inv) == CB_OK) {
		touch(inv.applies_to);
		touch(cb_doc_type_name(inv.type));
	}
	if (cb_payment_get(txn, "p", "d", "i", &pay) == CB_OK)
		touch(pay.invoice), touch(pay.method);
}

static int one_promise(const struct cb_promise *p, void *arg)
{
	(void)arg;
	touch(p->agent);
	touch(cb_promise_status_name(p->status));
	return CB_OK;
}

static void read_people_work(struct cb_txn *txn)
{
	struct cb_event ev;
	struct cb_user u;
	struct cb_work w;
	if (cb_event_get(txn, 1, &ev) == CB_OK) {
		touch(ev.user), touch(ev.kind), touch(ev.portfolio);
		touch(ev.debtor);
		for (size_t i = 0; i < ev.nfields; i++)
			touch(ev.fields[i].key), touch(ev.fields[i].value);
	}
	if (cb_user_get(txn, "u", &u) == CB_OK) {
		touch(u.name), touch(u.portfolios);
		touch(cb_role_name(u.role));
	}
	if (cb_work_get(txn, "p", "d", &w) == CB_OK) {
		touch(w.stop), touch(w.holder), touch(w.assigned);
		touch(w.callback_agent), touch(w.step), touch(w.agency);
	}
	cb_promise_each(txn, "p", "d", one_promise, NULL);
}

/* Stores the bytes as every kind of record, reads them back, and gives
 * the transaction back (CB_ERR_NOTHING). */
static int put_and_read(struct cb_txn *txn, void *arg)
{
	const struct cb_val *data = arg;
	static const char account[] = "p\0d", document[] = "p\0d\0i";
	static const char promise[] = "p\0d\0\0\0\0\0\0\0\0\1";
	static const char event[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };
	int rc = put(txn, CB_T_PORTFOLIOS, "p", 2, *data);
	if (rc == CB_OK) rc = put(txn, CB_T_DEBTORS, "d", 2, *data);
	if (rc == CB_OK) rc = put(txn, CB_T_ACCOUNTS, account, 4, *data);
	if (rc == CB_OK) rc = put(txn, CB_T_INVOICES, document, 6, *data);
	if (rc == CB_OK) rc = put(txn, CB_T_PAYMENTS, document, 6, *data);
	if (rc == CB_OK) rc = put(txn, CB_T_EVENTS, event, 8, *data);
	if (rc == CB_OK) rc = put(txn, CB_T_USERS, "u", 2, *data);
	if (rc == CB_OK) rc = put(txn, CB_T_WORK, account, 4, *data);
	if (rc == CB_OK) rc = put(txn, CB_T_PROMISES, promise, 12, *data);
	if (rc != CB_OK)
		return rc;
	read_portfolio_debtor(txn);
	read_documents(txn);
	read_people_work(txn);
	return CB_ERR_NOTHING;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_store(&db, &admin);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_val val = { data, size };
	int rc = cb_store_write(db, put_and_read, &val);
	if (rc != CB_ERR_NOTHING)
		fuzz_die("put and read", rc);
	return 0;
}
