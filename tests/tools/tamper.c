/*
 * tamper.c -- changes a database behind cobrador's back, for the tests of
 * check: what a disk fault, a bug or a person with write access could do.
 *
 *   tamper DB event SEQ             changes one byte of event SEQ
 *   tamper DB drop SEQ              removes event SEQ from the log
 *   tamper DB swap SEQ              swaps events SEQ and SEQ + 1
 *   tamper DB balance PORTFOLIO ID  adds 1 to the stored balance of an account
 *   tamper DB name ID TEXT          renames a debtor to TEXT, unchecked
 *   tamper DB queue first           drops the head of the queue index
 *   tamper DB schema 1              makes it look like a database of
 *                                   schema 1: no work records, no queue
 *                                   (its promises stay, to compare)
 *   tamper DB schema 4              of schema 4: accounts without the
 *                                   marks of a debit paid late or of a
 *                                   given segment (fails if none had one)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "model.h"
#include "store.h"

struct job {
	char **argv;
};

static int tamper_event(struct cb_txn *txn, const char *seqtext)
{
	unsigned long long seq = strtoull(seqtext, NULL, 10);
	unsigned char key[8];
	struct cb_val v;
	for (int i = 0; i < 8; i++)
		key[i] = (unsigned char)(seq >> (56 - 8 * i));
	int rc = cb_get(txn, CB_T_EVENTS, (struct cb_val){ key, 8 }, &v);
	if (rc != CB_OK)
		return rc;
	unsigned char *copy = malloc(v.size);
	memcpy(copy, v.data, v.size);
	/* The last byte is inside the last field's text: change a character,
	 * keeping the record readable. */
	copy[v.size - 2] ^= 0x01;
	rc = cb_put(txn, CB_T_EVENTS, (struct cb_val){ key, 8 },
	    (struct cb_val){ copy, v.size });
	free(copy);
	return rc;
}

static struct cb_val event_key(unsigned char key[8], unsigned long long seq)
{
	for (int i = 0; i < 8; i++)
		key[i] = (unsigned char)(seq >> (56 - 8 * i));
	return (struct cb_val){ key, 8 };
}

/* Removes an event, as someone hiding a call would. */
static int tamper_drop(struct cb_txn *txn, const char *seqtext)
{
	unsigned char key[8];
	return cb_del(txn, CB_T_EVENTS, event_key(key,
	    strtoull(seqtext, NULL, 10)));
}

/* Swaps two events' records, as someone reordering the log would. */
static int tamper_swap(struct cb_txn *txn, const char *seqtext)
{
	unsigned long long seq = strtoull(seqtext, NULL, 10);
	unsigned char ka[8], kb[8];
	struct cb_val a, b;
	int rc = cb_get(txn, CB_T_EVENTS, event_key(ka, seq), &a);
	if (rc == CB_OK)
		rc = cb_get(txn, CB_T_EVENTS, event_key(kb, seq + 1), &b);
	if (rc != CB_OK)
		return rc;
	unsigned char *ca = malloc(a.size), *cbuf = malloc(b.size);
	memcpy(ca, a.data, a.size);
	memcpy(cbuf, b.data, b.size);
	rc = cb_put(txn, CB_T_EVENTS, (struct cb_val){ ka, 8 },
	    (struct cb_val){ cbuf, b.size });
	if (rc == CB_OK)
		rc = cb_put(txn, CB_T_EVENTS, (struct cb_val){ kb, 8 },
		    (struct cb_val){ ca, a.size });
	free(ca);
	free(cbuf);
	return rc;
}

static int tamper_balance(struct cb_txn *txn, const char *portfolio,
    const char *debtor)
{
	struct cb_account a;
	int rc = cb_account_get(txn, portfolio, debtor, &a);
	if (rc != CB_OK)
		return rc;
	a.portfolio = portfolio;
	a.debtor = debtor;
	a.balance += 1;
	return cb_account_put(txn, &a);
}

static int tamper_name(struct cb_txn *txn, const char *id, const char *name)
{
	struct cb_debtor d;
	int rc = cb_debtor_get(txn, id, &d);
	if (rc != CB_OK)
		return rc;
	d.id = id;
	d.name = name;
	return cb_debtor_put(txn, &d);
}

static int tamper_queue(struct cb_txn *txn)
{
	struct cb_cursor *c;
	struct cb_val k;
	unsigned char key[512];
	int rc = cb_cursor_open(txn, CB_T_QUEUE, &c);
	if (rc != CB_OK)
		return rc;
	rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, NULL);
	size_t n = rc == CB_OK && k.size <= sizeof key ? k.size : 0;
	if (n > 0)
		memcpy(key, k.data, n);
	cb_cursor_close(&c);
	return n > 0 ? cb_del(txn, CB_T_QUEUE, (struct cb_val){ key, n })
	             : CB_ERR_NOTFOUND;
}

/* The accounts that have a mark schema 5 added, copied out. */
struct marked {
	struct cb_account_key {
		char portfolio[CB_PORTFOLIO_MAX + 1], debtor[CB_ID_MAX];
	} *keys;
	size_t n, cap;
};

static int add_marked(const struct cb_account *a, void *arg)
{
	struct marked *m = arg;
	if (!a->paid_late && !a->segment_given)
		return CB_OK;
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		void *p = realloc(m->keys, cap * sizeof *m->keys);
		if (p == NULL)
			return CB_ERR_NOMEM;
		m->keys = p;
		m->cap = cap;
	}
	snprintf(m->keys[m->n].portfolio, CB_PORTFOLIO_MAX + 1, "%s", a->portfolio);
	snprintf(m->keys[m->n].debtor, CB_ID_MAX, "%s", a->debtor);
	m->n++;
	return CB_OK;
}

/* Writes every account again as schema 4 did, without the marks. */
static int strip_marks(struct cb_txn *txn, size_t *stripped)
{
	struct marked m = { 0 };
	int rc = cb_account_each(txn, NULL, add_marked, &m);
	for (size_t i = 0; i < m.n && rc == CB_OK; i++) {
		struct cb_account a;
		rc = cb_account_get(txn, m.keys[i].portfolio, m.keys[i].debtor, &a);
		a.portfolio = m.keys[i].portfolio;
		a.debtor = m.keys[i].debtor;
		a.paid_late = a.segment_given = false;
		if (rc == CB_OK)
			rc = cb_account_put(txn, &a);
	}
	*stripped = m.n;
	free(m.keys);
	return rc;
}

static int tamper_schema(struct cb_txn *txn, const char *version)
{
	static const enum cb_table added_in_2[] = { CB_T_WORK, CB_T_QUEUE,
		CB_T_CALLBACKS };
	size_t stripped = 0;
	int rc = CB_OK;
	if (strcmp(version, "1") != 0 && strcmp(version, "4") != 0)
		return CB_ERR_INPUT;
	for (size_t i = 0; i < 3 && rc == CB_OK && version[0] == '1'; i++)
		rc = cb_clear(txn, added_in_2[i]);
	if (rc == CB_OK)
		rc = strip_marks(txn, &stripped);
	if (rc == CB_OK && version[0] == '4' && stripped == 0)
		return CB_ERR_NOTHING;
	return rc == CB_OK ? cb_meta_put_int(txn, "schema", atoi(version)) : rc;
}

/* Stores text as a loaded rule pack without checking it. */
static int tamper_pack(struct cb_txn *txn, const char *code, const char *text)
{
	char key[64];
	int n = snprintf(key, sizeof key, "pack%c%s", '\0', code);
	return cb_put(txn, CB_T_RULES, (struct cb_val){ key, (size_t)n },
	    (struct cb_val){ text, strlen(text) });
}

static int run(struct cb_txn *txn, void *arg)
{
	struct job *j = arg;
	if (strcmp(j->argv[2], "pack") == 0)
		return tamper_pack(txn, j->argv[3], j->argv[4]);
	if (strcmp(j->argv[2], "schema") == 0)
		return tamper_schema(txn, j->argv[3]);
	if (strcmp(j->argv[2], "queue") == 0)
		return tamper_queue(txn);
	if (strcmp(j->argv[2], "event") == 0)
		return tamper_event(txn, j->argv[3]);
	if (strcmp(j->argv[2], "drop") == 0)
		return tamper_drop(txn, j->argv[3]);
	if (strcmp(j->argv[2], "swap") == 0)
		return tamper_swap(txn, j->argv[3]);
	if (strcmp(j->argv[2], "name") == 0)
		return tamper_name(txn, j->argv[3], j->argv[4]);
	return tamper_balance(txn, j->argv[3], j->argv[4]);
}

int main(int argc, char **argv)
{
	struct cb_store *s;
	struct job j = { argv };
	bool short_form = argc >= 3 && (strcmp(argv[2], "event") == 0 ||
	    strcmp(argv[2], "drop") == 0 || strcmp(argv[2], "swap") == 0 ||
	    strcmp(argv[2], "queue") == 0 || strcmp(argv[2], "schema") == 0);
	if (argc < 4 || argc != (short_form ? 4 : 5)) {
		fprintf(stderr, "usage: tamper DB event SEQ | drop SEQ | swap SEQ"
		    " | balance PORTFOLIO ID | name ID TEXT | pack CODE TEXT"
		    " | queue first | schema 1|4\n");
		return 1;
	}
	int rc = cb_store_open(argv[1], 0, &s);
	if (rc == CB_OK)
		rc = cb_store_write(s, run, &j);
	cb_store_close(&s);
	if (rc != CB_OK)
		fprintf(stderr, "tamper: %s\n", cb_strerror(rc));
	return rc == CB_OK ? 0 : 1;
}
