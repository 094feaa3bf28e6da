/* event.c -- the event log and its hash chain. */
#include "event.h"

#include <stdbool.h>
#include <string.h>

#include "error.h"
#include "model.h"
#include "record.h"

enum {
	EV_TIME = 1, EV_USER, EV_KIND, EV_PORTFOLIO, EV_DEBTOR, EV_PREV,
	EV_KEY, EV_VALUE
};

static const char HEAD[] = "chain_head"; /* meta: hash of the last event */

void cb_event_init(struct cb_event *ev, const char *kind, const char *user,
    time_t t)
{
	memset(ev, 0, sizeof *ev);
	ev->kind = kind;
	ev->user = user;
	ev->time = t;
}

int cb_event_add(struct cb_event *ev, const char *key, const char *value)
{
	if (ev->nfields == CB_EVENT_FIELDS_MAX)
		return CB_ERR_INTERNAL;
	ev->fields[ev->nfields].key = key;
	ev->fields[ev->nfields].value = value ? value : "";
	ev->nfields++;
	return CB_OK;
}

const char *cb_event_value(const struct cb_event *ev, const char *key)
{
	for (size_t i = 0; i < ev->nfields; i++)
		if (strcmp(ev->fields[i].key, key) == 0)
			return ev->fields[i].value;
	return NULL;
}

/* Writes c at buf[*n] when there is room (keeping one byte for the NUL),
 * and counts it anyway. */
static void put_char(char *buf, size_t size, size_t *n, char c)
{
	if (*n + 1 < size)
		buf[*n] = c;
	(*n)++;
}

size_t cb_event_details(const struct cb_event *ev, char *buf, size_t size)
{
	size_t n = 0;
	for (size_t i = 0; i < ev->nfields; i++) {
		const char *v = ev->fields[i].value;
		bool quote = v[0] == '\0' || strpbrk(v, " \"=") != NULL;
		if (i > 0)
			put_char(buf, size, &n, ' ');
		for (const char *k = ev->fields[i].key; *k; k++)
			put_char(buf, size, &n, *k);
		put_char(buf, size, &n, '=');
		if (quote)
			put_char(buf, size, &n, '"');
		for (; *v; v++) {
			if (*v == '"')
				put_char(buf, size, &n, '"');
			put_char(buf, size, &n, *v);
		}
		if (quote)
			put_char(buf, size, &n, '"');
	}
	if (size > 0)
		buf[n < size ? n : size - 1] = '\0';
	return n;
}

/* The key of an event: its sequence number, big-endian, so that the
 * table's order is the log's. */
static struct cb_val seq_key(unsigned char b[8], uint64_t seq)
{
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(seq >> (56 - 8 * i));
	return (struct cb_val){ b, 8 };
}

static uint64_t seq_of(const unsigned char *b)
{
	uint64_t seq = 0;
	for (int i = 0; i < 8; i++)
		seq = seq << 8 | b[i];
	return seq;
}

/* The hash of the last event, or zeros when the log is empty. */
static int chain_head(struct cb_txn *txn, unsigned char out[CB_SHA256_LEN])
{
	struct cb_val v;
	int rc = cb_get(txn, CB_T_META, (struct cb_val){ HEAD, sizeof HEAD - 1 }, &v);
	memset(out, 0, CB_SHA256_LEN);
	if (rc == CB_ERR_NOTFOUND)
		return CB_OK;
	if (rc == CB_OK && v.size != CB_SHA256_LEN)
		return CB_ERR_CORRUPT;
	if (rc == CB_OK)
		memcpy(out, v.data, CB_SHA256_LEN);
	return rc;
}

/* Encodes ev into rec. */
static void event_encode(struct cb_rec *rec, const struct cb_event *ev)
{
	cb_rec_start(rec, CB_REC_EVENT);
	cb_rec_int(rec, EV_TIME, (int64_t)ev->time);
	cb_rec_text(rec, EV_USER, ev->user);
	cb_rec_text(rec, EV_KIND, ev->kind);
	cb_rec_text(rec, EV_PORTFOLIO, ev->portfolio);
	cb_rec_text(rec, EV_DEBTOR, ev->debtor);
	cb_rec_bytes(rec, EV_PREV, ev->prev, CB_SHA256_LEN);
	for (size_t i = 0; i < ev->nfields; i++) {
		cb_rec_text(rec, EV_KEY, ev->fields[i].key);
		/* An empty value is kept as such, not dropped. */
		cb_rec_bytes(rec, EV_VALUE, ev->fields[i].value,
		    strlen(ev->fields[i].value) + 1);
	}
}

int cb_event_last(struct cb_txn *txn, uint64_t *seq)
{
	struct cb_cursor *c;
	struct cb_val k;
	int rc = cb_cursor_open(txn, CB_T_EVENTS, &c);
	*seq = 0;
	if (rc != CB_OK)
		return rc;
	rc = cb_cursor_last(c, &k, NULL);
	cb_cursor_close(&c);
	if (rc == CB_OK && k.size != 8)
		return CB_ERR_CORRUPT;
	if (rc == CB_OK)
		*seq = seq_of(k.data);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* A binary search over sequence numbers, so that a day's events are found
 * without reading the log before them.  It assumes the log is in time
 * order, which holds in production: events are stamped with the time they
 * are written.  An admin's --now may stamp them out of order; counts near
 * a period's edges may then be off. */
int cb_event_first_at(struct cb_txn *txn, time_t t, uint64_t *seq)
{
	struct cb_event ev;
	uint64_t lo = 1, hi;
	int rc = cb_event_last(txn, &hi);
	for (hi++; rc == CB_OK && lo < hi;) {
		uint64_t mid = lo + (hi - lo) / 2;
		if ((rc = cb_event_get(txn, mid, &ev)) != CB_OK)
			break;
		if (ev.time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	*seq = lo;
	return rc;
}

int cb_event_append(struct cb_txn *txn, struct cb_event *ev)
{
	unsigned char kb[8], hash[CB_SHA256_LEN];
	uint64_t last;
	int rc = cb_event_last(txn, &last);
	if (rc != CB_OK)
		return rc;
	ev->seq = last + 1;
	if ((rc = chain_head(txn, ev->prev)) != CB_OK)
		return rc;

	struct cb_rec rec = { 0 };
	event_encode(&rec, ev);
	if ((rc = cb_rec_finish(&rec)) == CB_OK)
		rc = cb_put(txn, CB_T_EVENTS, seq_key(kb, ev->seq),
		    (struct cb_val){ rec.buf, rec.len });
	if (rc == CB_OK) {
		cb_sha256(rec.buf, rec.len, hash);
		rc = cb_put(txn, CB_T_META, (struct cb_val){ HEAD, sizeof HEAD - 1 },
		    (struct cb_val){ hash, sizeof hash });
	}
	cb_rec_free(&rec);
	if (rc == CB_OK && ev->portfolio && ev->debtor) {
		struct cb_key ak;
		cb_key_account(&ak, ev->portfolio, ev->debtor);
		memcpy(ak.buf + ak.len, kb, 8);
		ak.len += 8;
		rc = cb_put(txn, CB_T_ACCOUNT_EVENTS, cb_key_val(&ak),
		    (struct cb_val){ "", 0 });
	}
	return rc;
}

/* Decodes a stored event. */
static int event_decode(struct cb_val key, struct cb_val val,
    struct cb_event *ev)
{
	struct cb_rec_reader r;
	struct cb_rec_field f;
	const char *t;
	int rc = cb_rec_open(&r, val.data, val.size, CB_REC_EVENT);
	memset(ev, 0, sizeof *ev);
	if (key.size != 8)
		return CB_ERR_CORRUPT;
	ev->seq = seq_of(key.data);
	while (rc == CB_OK && (rc = cb_rec_next(&r, &f)) == CB_OK) {
		t = cb_rec_field_text(&f);
		switch (f.field) {
		case EV_TIME: ev->time = (time_t)f.i; break;
		case EV_USER: ev->user = t; break;
		case EV_KIND: ev->kind = t; break;
		case EV_PORTFOLIO: ev->portfolio = t; break;
		case EV_DEBTOR: ev->debtor = t; break;
		case EV_PREV:
			if (f.size != CB_SHA256_LEN)
				return CB_ERR_CORRUPT;
			memcpy(ev->prev, f.data, CB_SHA256_LEN);
			break;
		case EV_KEY:
			if (ev->nfields == CB_EVENT_FIELDS_MAX || t == NULL)
				return CB_ERR_CORRUPT;
			ev->fields[ev->nfields++].key = t;
			break;
		case EV_VALUE:
			if (ev->nfields == 0 || t == NULL)
				return CB_ERR_CORRUPT;
			ev->fields[ev->nfields - 1].value = t;
			break;
		}
	}
	if (rc != CB_ERR_NOTHING)
		return rc;
	return ev->user && ev->kind ? CB_OK : CB_ERR_CORRUPT;
}

int cb_event_get(struct cb_txn *txn, uint64_t seq, struct cb_event *out)
{
	unsigned char kb[8];
	struct cb_val k = seq_key(kb, seq), v;
	int rc = cb_get(txn, CB_T_EVENTS, k, &v);
	return rc == CB_OK ? event_decode(k, v, out) : rc;
}

int cb_event_each(struct cb_txn *txn, uint64_t from,
    int (*fn)(const struct cb_event *ev, void *arg), void *arg)
{
	struct cb_cursor *c;
	struct cb_val k, v;
	struct cb_event ev;
	unsigned char kb[8];
	int rc = cb_cursor_open(txn, CB_T_EVENTS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, seq_key(kb, from), &k, &v); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, &v))
		if ((rc = event_decode(k, v, &ev)) != CB_OK ||
		    (rc = fn(&ev, arg)) != CB_OK)
			break;
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

int cb_event_each_account(struct cb_txn *txn, const char *portfolio,
    const char *debtor, int (*fn)(const struct cb_event *ev, void *arg),
    void *arg)
{
	struct cb_key ak;
	struct cb_cursor *c;
	struct cb_val k;
	struct cb_event ev;
	cb_key_account(&ak, portfolio, debtor);
	int rc = cb_cursor_open(txn, CB_T_ACCOUNT_EVENTS, &c);
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, cb_key_val(&ak), &k, NULL); rc == CB_OK &&
	     cb_has_prefix(k, ak.buf, ak.len); rc = cb_cursor_next(c, &k, NULL)) {
		if (k.size != ak.len + 8) {
			rc = CB_ERR_CORRUPT;
			break;
		}
		rc = cb_event_get(txn, seq_of((const unsigned char *)k.data + ak.len), &ev);
		if (rc == CB_OK)
			rc = fn(&ev, arg);
		if (rc != CB_OK)
			break;
	}
	cb_cursor_close(&c);
	return rc == CB_ERR_NOTHING ? CB_OK : rc;
}

/* Checks that the account index has exactly the events naming an account. */
static int verify_index(struct cb_txn *txn, uint64_t with_account,
    const char **why)
{
	uint64_t n;
	int rc = cb_count(txn, CB_T_ACCOUNT_EVENTS, &n);
	if (rc == CB_OK && n != with_account) {
		*why = "the index of events by account does not match the log";
		return CB_ERR_CORRUPT;
	}
	return rc;
}

int cb_event_verify(struct cb_txn *txn, uint64_t *count, uint64_t *bad,
    const char **why)
{
	struct cb_cursor *c;
	struct cb_val k, v;
	struct cb_event ev;
	unsigned char hash[CB_SHA256_LEN] = { 0 }, head[CB_SHA256_LEN];
	uint64_t expect = 1, with_account = 0;
	int rc = cb_cursor_open(txn, CB_T_EVENTS, &c);
	*count = *bad = 0;
	*why = NULL;
	if (rc != CB_OK)
		return rc;
	for (rc = cb_cursor_seek(c, (struct cb_val){ 0 }, &k, &v); rc == CB_OK;
	     rc = cb_cursor_next(c, &k, &v), expect++) {
		*bad = expect;
		if ((rc = event_decode(k, v, &ev)) != CB_OK) {
			*why = "an event cannot be read";
			break;
		}
		if (ev.seq != expect) {
			*why = "an event is missing from the log";
			rc = CB_ERR_CORRUPT;
			break;
		}
		if (memcmp(ev.prev, hash, sizeof hash) != 0) {
			*why = "the event before this one was changed";
			rc = CB_ERR_CORRUPT;
			break;
		}
		cb_sha256(v.data, v.size, hash);
		with_account += ev.portfolio && ev.debtor;
		(*count)++;
	}
	cb_cursor_close(&c);
	if (rc != CB_ERR_NOTHING)
		return rc == CB_ERR_CORRUPT || *why ? CB_ERR_CORRUPT : rc;
	if ((rc = chain_head(txn, head)) != CB_OK)
		return rc;
	if (memcmp(head, hash, sizeof hash) != 0) {
		*bad = *count;
		*why = "the last event was changed or removed";
		return CB_ERR_CORRUPT;
	}
	*bad = 0;
	return verify_index(txn, with_account, why);
}
